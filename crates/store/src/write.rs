//! Writing versions and subjects, always inside one transaction.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ce2_model::{DeltaOp, Entity, Problem, Severity};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::read;
use crate::types::{Counts, DatasetInfo, Ingested, NewVersion, SubjectMember, VersionKind};

/// The store inside one write transaction, handed to the closure of [`crate::Store::write`].
///
/// Everything done through it becomes visible together when the closure returns `Ok`, and
/// nothing of it when the closure returns an error or panics. It reads what it has written, so
/// a caller can ingest a list, read the current entities of all lists (the new one included),
/// compute the subjects, and write them, all in one transaction:
///
/// ```
/// # use ce2_model::{Entity, Provenance};
/// # use ce2_store::{NewVersion, Store};
/// # let mut store = Store::open_in_memory().unwrap();
/// # let vessel = Entity::new("Vessel", "un-kpe-020", Provenance::new("un_sc", "KPe.020", None)).unwrap();
/// let new = NewVersion::for_bytes("un_sc", "consolidated.xml", "un-xml", b"...");
/// store.write(|w| {
///     w.ingest(&new, &[vessel], &[])?;
///     let mut pairs = Vec::new();
///     for dataset in w.datasets()? {
///         if let Some(current) = dataset.current {
///             for entity in w.entities(current.id)? {
///                 let entity = entity?;
///                 // A real clustering compares names and identifiers across lists.
///                 pairs.push((format!("subject-{}", entity.id), entity.id));
///             }
///         }
///     }
///     w.set_subjects(&pairs)
/// }).unwrap();
/// assert_eq!(store.subject_of("un-kpe-020").unwrap().as_deref(), Some("subject-un-kpe-020"));
/// ```
pub struct Writer<'t> {
    pub(crate) conn: &'t Connection,
}

const LINK_INSERT: &str = "INSERT INTO links (version_id, entity_id, property, target) \
     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";

/// A body ready to store: its canonical JSON and the SHA-256 of that JSON.
struct Body {
    json: String,
    hash: [u8; 32],
}

fn body(entity: &Entity) -> Body {
    // `to_ftm` keeps the entity's own order of keys and values, and serde_json keeps that
    // order (`preserve_order`), so the same entity always gives the same bytes.
    let json = entity.to_ftm().to_string();
    let hash = Sha256::digest(json.as_bytes()).into();
    Body { json, hash }
}

fn record_of(entity: &Entity) -> &str {
    entity.sources.first().map_or("", |s| s.record.as_str())
}

fn check_meta(new: &NewVersion) -> Result<()> {
    if new.dataset.trim().is_empty() {
        return Err(Error::Invalid("a version needs a dataset name".into()));
    }
    if new.sha256.len() != 64 || !new.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Invalid(format!(
            "{:?} is not a hex SHA-256 (64 hex digits)",
            new.sha256
        )));
    }
    Ok(())
}

impl Writer<'_> {
    /// Write a whole list file as a new version of its dataset and make it current.
    ///
    /// If the dataset's current version has the same SHA-256, nothing is written and the
    /// current version is returned with `created: false`. Entities that share an id are
    /// merged (values keep their own provenance until stored; the first record's id is kept)
    /// and a `duplicate_entity` warning is added to the version's problems; two records with
    /// the same id and unrelated schemata cannot be merged, so the later one is set aside with
    /// a `duplicate_entity_conflict` error. The version's problems are `problems` followed by
    /// those.
    ///
    /// Each entity is stored under the record id of its first provenance. When it is read back,
    /// every value gets the provenance of this version (its dataset and `published`) and that
    /// record, so entities should be handed in as the reader of this dataset made them.
    pub fn ingest(
        &mut self,
        new: &NewVersion,
        entities: &[Entity],
        problems: &[Problem],
    ) -> Result<Ingested> {
        check_meta(new)?;
        let current = read::current_version(self.conn, &new.dataset)?;
        if let Some(current) = current.filter(|c| c.sha256.eq_ignore_ascii_case(&new.sha256)) {
            return Ok(Ingested {
                version: current,
                created: false,
            });
        }
        let (unique, mut own) = dedupe(entities);
        let version_id = self.begin_version(new, VersionKind::Full)?;
        {
            let mut put_body = self.conn.prepare_cached(
                "INSERT INTO bodies (hash, json) VALUES (?1, ?2) ON CONFLICT (hash) DO NOTHING",
            )?;
            let mut put_entity = self.conn.prepare_cached(
                "INSERT INTO entities (version_id, entity_id, schema, record_id, body_hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut put_link = self.conn.prepare_cached(LINK_INSERT)?;
            for entity in &unique {
                let b = body(entity);
                put_body.execute(params![&b.hash[..], b.json])?;
                put_entity.execute(params![
                    version_id,
                    entity.id,
                    entity.schema().name,
                    record_of(entity),
                    &b.hash[..]
                ])?;
                for (prop, target) in entity.references() {
                    put_link.execute(params![version_id, entity.id, prop, target])?;
                }
            }
        }
        let mut all: Vec<Problem> = problems.to_vec();
        all.append(&mut own);
        self.finish_version(version_id, new, &all)
    }

    /// Make a new version of a dataset by applying FtM delta operations, in order, to its
    /// current version. `new` describes the delta file (its SHA-256 is the delta's: the same
    /// delta applied twice is a no-op the second time).
    ///
    /// An ADD of an id that exists replaces it and a MOD of an id that does not exist adds it,
    /// each with a warning; a DEL of an id that does not exist is a warning. The dataset must
    /// have a current version ([`Error::NotFound`] otherwise). The new version's problems are
    /// `problems` and those warnings; the parent's stay with the parent.
    pub fn apply_delta(
        &mut self,
        new: &NewVersion,
        ops: &[DeltaOp],
        problems: &[Problem],
    ) -> Result<Ingested> {
        check_meta(new)?;
        let current = read::current_version(self.conn, &new.dataset)?.ok_or_else(|| {
            Error::NotFound(format!(
                "a current version of dataset {:?} to apply a delta to",
                new.dataset
            ))
        })?;
        if current.sha256.eq_ignore_ascii_case(&new.sha256) {
            return Ok(Ingested {
                version: current,
                created: false,
            });
        }
        let version_id = self.begin_version(new, VersionKind::Delta)?;
        self.conn.execute(
            "INSERT INTO entities (version_id, entity_id, schema, record_id, body_hash) \
             SELECT ?1, entity_id, schema, record_id, body_hash FROM entities WHERE version_id = ?2",
            params![version_id, current.id],
        )?;
        self.conn.execute(
            "INSERT INTO links (version_id, entity_id, property, target) \
             SELECT ?1, entity_id, property, target FROM links WHERE version_id = ?2",
            params![version_id, current.id],
        )?;
        let mut own = Vec::new();
        {
            let mut exists = self.conn.prepare_cached(
                "SELECT 1 FROM entities WHERE version_id = ?1 AND entity_id = ?2",
            )?;
            let mut put_body = self.conn.prepare_cached(
                "INSERT INTO bodies (hash, json) VALUES (?1, ?2) ON CONFLICT (hash) DO NOTHING",
            )?;
            let mut put_entity = self.conn.prepare_cached(
                "INSERT INTO entities (version_id, entity_id, schema, record_id, body_hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (version_id, entity_id) DO UPDATE SET \
                 schema = excluded.schema, record_id = excluded.record_id, \
                 body_hash = excluded.body_hash",
            )?;
            let mut delete = self
                .conn
                .prepare_cached("DELETE FROM entities WHERE version_id = ?1 AND entity_id = ?2")?;
            let mut put_link = self.conn.prepare_cached(LINK_INSERT)?;
            let mut drop_links = self
                .conn
                .prepare_cached("DELETE FROM links WHERE version_id = ?1 AND entity_id = ?2")?;
            for (n, op) in ops.iter().enumerate() {
                let at = format!("delta operation {}", n + 1);
                match op {
                    DeltaOp::Add(entity) | DeltaOp::Mod(entity) => {
                        let record = Some(record_of(entity).to_string());
                        let is_add = matches!(op, DeltaOp::Add(_));
                        let found = exists
                            .query_row(params![version_id, entity.id], |_| Ok(()))
                            .optional()?
                            .is_some();
                        if is_add && found {
                            own.push(
                                Problem::warning(
                                    "delta_add_existing",
                                    format!(
                                        "{at}: ADD of {}, which exists; it was replaced",
                                        entity.id
                                    ),
                                )
                                .with_record(record),
                            );
                        } else if !is_add && !found {
                            own.push(
                                Problem::warning(
                                    "delta_mod_missing",
                                    format!(
                                        "{at}: MOD of {}, which does not exist; it was added",
                                        entity.id
                                    ),
                                )
                                .with_record(record),
                            );
                        }
                        let b = body(entity);
                        put_body.execute(params![&b.hash[..], b.json])?;
                        put_entity.execute(params![
                            version_id,
                            entity.id,
                            entity.schema().name,
                            record_of(entity),
                            &b.hash[..]
                        ])?;
                        drop_links.execute(params![version_id, entity.id])?;
                        for (prop, target) in entity.references() {
                            put_link.execute(params![version_id, entity.id, prop, target])?;
                        }
                    }
                    DeltaOp::Del(id) => {
                        drop_links.execute(params![version_id, id])?;
                        if delete.execute(params![version_id, id])? == 0 {
                            own.push(
                                Problem::warning(
                                    "delta_del_missing",
                                    format!("{at}: DEL of {id}, which does not exist"),
                                )
                                .with_record(Some(id.clone())),
                            );
                        }
                    }
                }
            }
        }
        let mut all: Vec<Problem> = problems.to_vec();
        all.append(&mut own);
        self.finish_version(version_id, new, &all)
    }

    /// Replace the whole subject mapping: each pair puts an entity into a subject (one
    /// real-world party across lists). Every entity must be current in at least one dataset
    /// (it is recorded for each dataset that holds it) and may be in one subject only;
    /// otherwise nothing is written and [`Error::Invalid`] says which. Entities in no pair
    /// belong to no subject. Returns the number of rows written.
    pub fn set_subjects<S: AsRef<str>, E: AsRef<str>>(
        &mut self,
        pairs: &[(S, E)],
    ) -> Result<usize> {
        let mut seen: HashMap<&str, &str> = HashMap::with_capacity(pairs.len());
        for (subject, entity) in pairs {
            let (subject, entity) = (subject.as_ref(), entity.as_ref());
            if subject.is_empty() {
                return Err(Error::Invalid(format!(
                    "entity {entity} is given an empty subject id"
                )));
            }
            if let Some(other) = seen.insert(entity, subject) {
                if other != subject {
                    return Err(Error::Invalid(format!(
                        "entity {entity} is given two subjects, {other} and {subject}"
                    )));
                }
            }
        }
        self.conn.execute("DELETE FROM subjects", [])?;
        let mut put = self.conn.prepare_cached(
            "INSERT INTO subjects (subject_id, entity_id, dataset) \
             SELECT ?1, e.entity_id, d.name FROM datasets d \
             JOIN entities e ON e.version_id = d.current_version AND e.entity_id = ?2",
        )?;
        let mut rows = 0;
        let mut done: HashSet<&str> = HashSet::with_capacity(pairs.len());
        for (subject, entity) in pairs {
            let (subject, entity) = (subject.as_ref(), entity.as_ref());
            if !done.insert(entity) {
                continue;
            }
            let n = put.execute(params![subject, entity])?;
            if n == 0 {
                return Err(Error::Invalid(format!(
                    "subject {subject} names entity {entity}, which no dataset currently holds"
                )));
            }
            rows += n;
        }
        Ok(rows)
    }

    /// Every dataset with its current version, as this transaction sees them.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        read::datasets(self.conn)
    }

    /// The entities of a version, as in [`crate::Store::entities`].
    pub fn entities(&self, version_id: i64) -> Result<read::EntityIter<'_>> {
        read::EntityIter::new(self.conn, version_id)
    }

    /// The entities of a version whose schema is one of `schemas`, in id order.
    pub fn entities_of(&self, version_id: i64, schemas: &[&str]) -> Result<read::EntityIter<'_>> {
        Ok(read::EntityIter::new(self.conn, version_id)?.of_schemas(schemas))
    }

    /// An entity from the current versions, as in [`crate::Store::entity`].
    pub fn entity(&self, id: &str) -> Result<Option<Entity>> {
        read::entity(self.conn, id)
    }

    /// The subject mapping of one subject, as this transaction sees it.
    pub fn members(&self, subject_id: &str) -> Result<Vec<SubjectMember>> {
        read::members(self.conn, subject_id)
    }

    /// Create the dataset if new (or update its title and publisher), and insert the version
    /// row with zero counts, to be completed by [`Writer::finish_version`].
    fn begin_version(&self, new: &NewVersion, kind: VersionKind) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO datasets (name, title, publisher) VALUES (?1, ?2, ?3) \
             ON CONFLICT (name) DO UPDATE SET title = excluded.title, publisher = excluded.publisher",
            params![new.dataset, new.title, new.publisher],
        )?;
        self.conn.execute(
            "INSERT INTO versions (dataset, kind, parent, published, ingested_at, source, sha256, \
             size, format, etag, last_modified, entity_count, problem_count, counts) \
             VALUES (?1, ?2, (SELECT current_version FROM datasets WHERE name = ?1), ?3, \
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?4, ?5, ?6, ?7, ?8, ?9, 0, 0, '{}')",
            params![
                new.dataset,
                kind.as_str(),
                new.published,
                new.source,
                new.sha256.to_ascii_lowercase(),
                new.size,
                new.format,
                new.etag,
                new.last_modified
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Store the problems, compute the counts from the rows written, and make the version
    /// current.
    fn finish_version(
        &self,
        version_id: i64,
        new: &NewVersion,
        problems: &[Problem],
    ) -> Result<Ingested> {
        {
            let mut put = self.conn.prepare_cached(
                "INSERT INTO problems (version_id, seq, severity, code, message, record, line, \
                 byte_offset) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (seq, p) in problems.iter().enumerate() {
                let severity = match p.severity {
                    Severity::Warning => "warning",
                    Severity::Error => "error",
                };
                put.execute(params![
                    version_id, seq, severity, p.code, p.message, p.record, p.line, p.offset
                ])?;
            }
        }
        let mut counts = Counts::default();
        {
            let mut by_schema = self.conn.prepare_cached(
                "SELECT schema, count(*) FROM entities WHERE version_id = ?1 GROUP BY schema",
            )?;
            for row in by_schema.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (schema, n): (String, u64) = row?;
                counts.schema.insert(schema, n);
            }
            let mut by_program = self.conn.prepare_cached(
                "SELECT j.value, count(*) FROM entities e JOIN bodies b ON b.hash = e.body_hash, \
                 json_each(b.json, '$.properties.program') j \
                 WHERE e.version_id = ?1 AND e.schema = 'Sanction' GROUP BY j.value",
            )?;
            for row in by_program.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (program, n): (String, u64) = row?;
                counts.program.insert(program, n);
            }
        }
        let entity_count: u64 = counts.schema.values().sum();
        self.conn.execute(
            "UPDATE versions SET entity_count = ?2, problem_count = ?3, counts = ?4 WHERE id = ?1",
            params![
                version_id,
                entity_count,
                problems.len() as u64,
                counts.to_json().to_string()
            ],
        )?;
        self.conn.execute(
            "UPDATE datasets SET current_version = ?2 WHERE name = ?1",
            params![new.dataset, version_id],
        )?;
        Ok(Ingested {
            version: read::version(self.conn, version_id)?,
            created: true,
        })
    }
}

/// The entities with one per id, in first-seen order, and the problems merging found.
/// Entities that are alone with their id are borrowed, not copied.
fn dedupe(entities: &[Entity]) -> (Vec<Cow<'_, Entity>>, Vec<Problem>) {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(entities.len());
    let mut out: Vec<Cow<'_, Entity>> = Vec::with_capacity(entities.len());
    // Index of a merged entity in `out` → how many records it was made of.
    let mut merged: HashMap<usize, usize> = HashMap::new();
    let mut problems = Vec::new();
    for entity in entities {
        match index.get(entity.id.as_str()) {
            None => {
                index.insert(&entity.id, out.len());
                out.push(Cow::Borrowed(entity));
            }
            Some(&i) => {
                let first = out[i].to_mut();
                let record = record_of(first).to_string();
                match first.merge(entity) {
                    Ok(()) => *merged.entry(i).or_insert(1) += 1,
                    Err(e) => problems.push(
                        Problem::error(
                            "duplicate_entity_conflict",
                            format!(
                                "entity {} appears again (record {}) and cannot be merged: {e}; \
                                 the later record was set aside",
                                entity.id,
                                record_of(entity)
                            ),
                        )
                        .with_record(Some(record)),
                    ),
                }
            }
        }
    }
    let mut merged: Vec<(usize, usize)> = merged.into_iter().collect();
    merged.sort_unstable();
    for (i, times) in merged {
        let e = &out[i];
        let mut records: Vec<&str> = e.sources.iter().map(|s| s.record.as_str()).collect();
        records.dedup();
        problems.push(
            Problem::warning(
                "duplicate_entity",
                format!(
                    "entity {} appears {times} times (records {}); the records were merged",
                    e.id,
                    records.join(", ")
                ),
            )
            .with_record(Some(record_of(e).to_string())),
        );
    }
    (out, problems)
}
