//! Reading versions, entities, problems and subjects back. Shared by [`crate::Store`] and
//! [`crate::Writer`], which reads inside its transaction.

use std::vec;

use ce2_model::{model, Entity, Problem, Provenance, Severity};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::types::{Counts, DatasetInfo, SubjectMember, VersionInfo, VersionKind};

/// The columns of `versions` in the order [`version_from_row`] reads them.
pub(crate) const VERSION_COLUMNS: &str = "v.id, v.dataset, v.kind, v.parent, v.published, \
     v.ingested_at, v.source, v.sha256, v.size, v.format, v.etag, v.last_modified, \
     v.entity_count, v.problem_count, v.counts";

/// A version row, with its JSON counts still as text (parsed by [`finish_version`], which can
/// report a damaged value as such rather than as a SQLite error).
pub(crate) struct VersionRow {
    info: VersionInfo,
    kind: String,
    counts: String,
}

pub(crate) fn version_from_row(row: &Row<'_>) -> rusqlite::Result<VersionRow> {
    Ok(VersionRow {
        info: VersionInfo {
            id: row.get(0)?,
            dataset: row.get(1)?,
            kind: VersionKind::Full,
            parent: row.get(3)?,
            published: row.get(4)?,
            ingested_at: row.get(5)?,
            source: row.get(6)?,
            sha256: row.get(7)?,
            size: row.get(8)?,
            format: row.get(9)?,
            etag: row.get(10)?,
            last_modified: row.get(11)?,
            entity_count: row.get(12)?,
            problem_count: row.get(13)?,
            counts: Counts::default(),
        },
        kind: row.get(2)?,
        counts: row.get(14)?,
    })
}

pub(crate) fn finish_version(row: VersionRow) -> Result<VersionInfo> {
    let mut info = row.info;
    let id = info.id;
    info.kind = VersionKind::parse(&row.kind)
        .ok_or_else(|| Error::Corrupt(format!("version {id} has unknown kind {:?}", row.kind)))?;
    info.counts = serde_json::from_str(&row.counts)
        .ok()
        .and_then(|j| Counts::from_json(&j))
        .ok_or_else(|| Error::Corrupt(format!("version {id} has unreadable counts")))?;
    Ok(info)
}

/// One version by id.
pub(crate) fn version(conn: &Connection, id: i64) -> Result<VersionInfo> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM versions v WHERE v.id = ?1"
        ))?
        .query_row([id], version_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("version {id}")))?;
    finish_version(row)
}

/// Every version of a dataset, oldest first.
pub(crate) fn versions(conn: &Connection, dataset: &str) -> Result<Vec<VersionInfo>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM versions v WHERE v.dataset = ?1 ORDER BY v.id"
    ))?;
    let rows = stmt
        .query_map([dataset], version_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(finish_version).collect()
}

/// The current version of a dataset, if the dataset exists and has one.
pub(crate) fn current_version(conn: &Connection, dataset: &str) -> Result<Option<VersionInfo>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM datasets d JOIN versions v ON v.id = d.current_version \
             WHERE d.name = ?1"
        ))?
        .query_row([dataset], version_from_row)
        .optional()?;
    row.map(finish_version).transpose()
}

/// Every dataset with its current version, by name.
pub(crate) fn datasets(conn: &Connection) -> Result<Vec<DatasetInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, title, publisher, current_version FROM datasets ORDER BY name",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(name, title, publisher, current)| {
            Ok(DatasetInfo {
                name,
                title,
                publisher,
                current: current.map(|id| version(conn, id)).transpose()?,
            })
        })
        .collect()
}

/// Rebuild an entity from its stored body, giving every value the provenance of the version
/// and record it was stored under.
///
/// `Entity::from_ftm` may report problems (a property the model no longer knows); they were
/// reported when the entity was first read from its list and are stored with that version, so
/// they are not repeated here.
pub(crate) fn rebuild(json: &str, record: &str, version: &VersionInfo) -> Result<Entity> {
    let value: Json = serde_json::from_str(json).map_err(|e| {
        Error::Corrupt(format!(
            "a body of version {} is not JSON ({e}) near {:?}",
            version.id,
            json.chars().take(60).collect::<String>()
        ))
    })?;
    let prov = Provenance::new(&version.dataset, record, version.published.as_deref());
    let (entity, _) = Entity::from_ftm(&value, prov).map_err(|e| {
        Error::Corrupt(format!(
            "a body of version {} is not an entity: {e}",
            version.id
        ))
    })?;
    Ok(entity)
}

/// One entity of one version.
pub(crate) fn entity_at(conn: &Connection, version_id: i64, id: &str) -> Result<Option<Entity>> {
    let info = version(conn, version_id)?;
    let row = conn
        .prepare_cached(
            "SELECT e.record_id, b.json FROM entities e JOIN bodies b ON b.hash = e.body_hash \
             WHERE e.version_id = ?1 AND e.entity_id = ?2",
        )?
        .query_row(params![version_id, id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    row.map(|(record, json)| rebuild(&json, &record, &info))
        .transpose()
}

/// An entity as the current versions of all datasets hold it. If several datasets hold the
/// same id (FtM data that shares OpenSanctions ids), their records are merged and each value
/// keeps the provenance of the dataset that states it.
pub(crate) fn entity(conn: &Connection, id: &str) -> Result<Option<Entity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.current_version FROM datasets d \
         JOIN entities e ON e.version_id = d.current_version AND e.entity_id = ?1 \
         ORDER BY d.name",
    )?;
    let versions = stmt
        .query_map([id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut merged: Option<Entity> = None;
    for v in versions {
        let Some(found) = entity_at(conn, v, id)? else {
            continue;
        };
        match &mut merged {
            None => merged = Some(found),
            Some(m) => m.merge(&found).map_err(|e| {
                Error::Invalid(format!(
                    "entity {id} is held by several datasets with unrelated schemata: {e}"
                ))
            })?,
        }
    }
    Ok(merged)
}

/// The problems recorded for a version, in the order they were found.
pub(crate) fn problems(conn: &Connection, version_id: i64) -> Result<Vec<Problem>> {
    version(conn, version_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT severity, code, message, record, line, byte_offset FROM problems \
         WHERE version_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([version_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Problem {
                    severity: Severity::Warning,
                    code: r.get(1)?,
                    message: r.get(2)?,
                    record: r.get(3)?,
                    line: r.get(4)?,
                    offset: r.get(5)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(severity, mut p)| {
            p.severity = match severity.as_str() {
                "warning" => Severity::Warning,
                "error" => Severity::Error,
                other => {
                    return Err(Error::Corrupt(format!(
                        "a problem of version {version_id} has severity {other:?}"
                    )))
                }
            };
            Ok(p)
        })
        .collect()
}

/// The current entities of all datasets that have `value` among the values of `prop`
/// (`imoNumber` = `9138111`, `holder` = `ofac-12345`), by dataset and id. This scans the
/// bodies of the current versions: fine for a lookup, not for a loop.
pub(crate) fn find_by_property(conn: &Connection, prop: &str, value: &str) -> Result<Vec<Entity>> {
    // The property is put into a JSON path, so it must be a real property name.
    if !model().schemata().any(|s| s.property(prop).is_some()) {
        return Err(Error::Invalid(format!(
            "no schema of the model has a property {prop:?}"
        )));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT e.version_id, e.record_id, b.json FROM datasets d \
         JOIN entities e ON e.version_id = d.current_version \
         JOIN bodies b ON b.hash = e.body_hash \
         WHERE EXISTS (SELECT 1 FROM json_each(b.json, ?1) j WHERE j.value = ?2) \
         ORDER BY d.name, e.entity_id",
    )?;
    let rows = stmt
        .query_map(params![format!("$.properties.{prop}"), value], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rebuild_rows(conn, rows)
}

/// Rebuild entities from `(version_id, record_id, body)` rows, reading each version's facts once
/// per run of rows of that version.
fn rebuild_rows(conn: &Connection, rows: Vec<(i64, String, String)>) -> Result<Vec<Entity>> {
    let mut out = Vec::with_capacity(rows.len());
    let mut info: Option<VersionInfo> = None;
    for (v, record, json) in rows {
        if info.as_ref().is_none_or(|i| i.id != v) {
            info = Some(version(conn, v)?);
        }
        if let Some(info) = &info {
            out.push(rebuild(&json, &record, info)?);
        }
    }
    Ok(out)
}

/// The current entities that point at `target` through an entity-typed property.
pub(crate) fn referencing(conn: &Connection, target: &str) -> Result<Vec<Entity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT e.version_id, e.record_id, b.json, d.name, e.entity_id FROM links l \
         JOIN datasets d ON d.current_version = l.version_id \
         JOIN entities e ON e.version_id = l.version_id AND e.entity_id = l.entity_id \
         JOIN bodies b ON b.hash = e.body_hash \
         WHERE l.target = ?1 ORDER BY d.name, e.entity_id",
    )?;
    let rows = stmt
        .query_map(params![target], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rebuild_rows(conn, rows)
}

/// The subject an entity belongs to.
pub(crate) fn subject_of(conn: &Connection, entity_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT subject_id FROM subjects WHERE entity_id = ?1 ORDER BY dataset LIMIT 1",
        )?
        .query_row([entity_id], |r| r.get(0))
        .optional()?)
}

/// The entities of a subject, by dataset and id.
pub(crate) fn members(conn: &Connection, subject_id: &str) -> Result<Vec<SubjectMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT dataset, entity_id FROM subjects WHERE subject_id = ?1 ORDER BY dataset, entity_id",
    )?;
    let rows = stmt
        .query_map([subject_id], |r| {
            Ok(SubjectMember {
                dataset: r.get(0)?,
                entity_id: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many entities [`EntityIter`] reads per query.
const PAGE: i64 = 1000;

/// The entities of one version in id order, read a page at a time.
///
/// A version never changes once written, so each page is a separate short query keyed on the
/// last id read: no transaction or statement stays open between pages, and a writer is never
/// held up by a slow consumer. An error (a damaged body) is yielded once and ends the
/// iteration.
pub struct EntityIter<'c> {
    conn: &'c Connection,
    version: VersionInfo,
    after: String,
    page: vec::IntoIter<Result<Entity>>,
    done: bool,
    /// Only these schemata, as a JSON array for `json_each`; `None` for all.
    schemas: Option<String>,
}

impl<'c> EntityIter<'c> {
    pub(crate) fn new(conn: &'c Connection, version_id: i64) -> Result<EntityIter<'c>> {
        Ok(EntityIter {
            conn,
            version: version(conn, version_id)?,
            after: String::new(),
            page: Vec::new().into_iter(),
            done: false,
            schemas: None,
        })
    }

    /// Only entities whose schema is one of `schemas` (exactly these names: the caller lists
    /// descendants it wants too). The filter runs in SQL, so skipped bodies are never parsed.
    pub(crate) fn of_schemas(mut self, schemas: &[&str]) -> EntityIter<'c> {
        self.schemas = Some(serde_json::Value::from(schemas.to_vec()).to_string());
        self
    }

    /// The version being read.
    pub fn version(&self) -> &VersionInfo {
        &self.version
    }

    fn fill(&mut self) -> Result<Vec<Result<Entity>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.entity_id, e.record_id, b.json FROM entities e \
             JOIN bodies b ON b.hash = e.body_hash \
             WHERE e.version_id = ?1 AND e.entity_id > ?2 \
             AND (?4 IS NULL OR e.schema IN (SELECT value FROM json_each(?4))) \
             ORDER BY e.entity_id LIMIT ?3",
        )?;
        let rows = stmt
            .query_map(
                params![self.version.id, self.after, PAGE, self.schemas],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if (rows.len() as i64) < PAGE {
            self.done = true;
        }
        if let Some((last, _, _)) = rows.last() {
            self.after = last.clone();
        }
        Ok(rows
            .into_iter()
            .map(|(_, record, json)| rebuild(&json, &record, &self.version))
            .collect())
    }
}

impl Iterator for EntityIter<'_> {
    type Item = Result<Entity>;

    fn next(&mut self) -> Option<Result<Entity>> {
        loop {
            if let Some(item) = self.page.next() {
                if item.is_err() {
                    self.done = true;
                    self.page = Vec::new().into_iter();
                }
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.fill() {
                Ok(page) => self.page = page.into_iter(),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
