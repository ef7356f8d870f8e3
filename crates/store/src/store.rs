//! The store: one SQLite file, opened, checked and migrated.

use std::path::{Path, PathBuf};

use ce2_model::{Entity, Problem};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::diff::{self, Diff};
use crate::error::{Error, Result};
use crate::read::{self, EntityIter};
use crate::schema;
use crate::types::{DatasetInfo, Ingested, NewVersion, SubjectMember, VersionInfo};
use crate::write::Writer;
use ce2_model::DeltaOp;

/// The versioned store of list entities. See the crate documentation for its tables and
/// invariants.
///
/// Reads take `&self`; writes take `&mut self` and each is one transaction. Several processes
/// may open the same file: readers never wait (WAL), and a writer waits up to ten seconds for
/// another writer's lock before failing with [`Error::Busy`].
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open the store at `path`, creating it if the file does not exist (its folder must),
    /// and bring its schema up to date.
    ///
    /// A file that is not a SQLite database gives [`Error::Corrupt`], another application's
    /// database [`Error::NotAStore`], a store written by a newer ce2 [`Error::TooNew`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::Open {
            path: label.clone(),
            message: e.to_string(),
        })?;
        Store::init(conn, Some(path.to_path_buf()), &label)
    }

    /// A store in memory, gone when dropped; for tests and one-off comparisons.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, None, ":memory:")
    }

    fn init(mut conn: Connection, path: Option<PathBuf>, label: &str) -> Result<Store> {
        let named = |e: Error| match e {
            Error::Corrupt(m) => Error::Corrupt(format!("{label}: {m}")),
            other => other,
        };
        schema::configure(&conn).map_err(named)?;
        schema::migrate(&mut conn, label).map_err(named)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Store { conn, path })
    }

    /// How long a write waits for another process's write lock before failing with
    /// [`Error::Busy`] (ten seconds unless set).
    pub fn set_busy_timeout(&mut self, timeout: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    /// The file, unless the store is in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Run SQLite's full integrity check and the store's own: every entity row has its body,
    /// every dataset's current version is one of its own. [`Error::Corrupt`] lists what is
    /// wrong.
    pub fn check(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let report = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if report != ["ok"] {
            return Err(Error::Corrupt(report.join("; ")));
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let dangling = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} points at a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if !dangling.is_empty() {
            return Err(Error::Corrupt(dangling.join("; ")));
        }
        let foreign: Vec<String> = self
            .conn
            .prepare(
                "SELECT d.name FROM datasets d JOIN versions v ON v.id = d.current_version \
                 WHERE v.dataset <> d.name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if !foreign.is_empty() {
            return Err(Error::Corrupt(format!(
                "the current version of {} belongs to another dataset",
                foreign.join(", ")
            )));
        }
        Ok(())
    }

    /// Run `f` in one write transaction: everything it writes becomes visible together when
    /// it returns `Ok`, and nothing when it returns an error or panics.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&mut Writer { conn: &tx })?;
        tx.commit()?;
        Ok(out)
    }

    /// Write a whole list file as a new version of its dataset, in one transaction; see
    /// [`Writer::ingest`].
    pub fn ingest(
        &mut self,
        new: &NewVersion,
        entities: &[Entity],
        problems: &[Problem],
    ) -> Result<Ingested> {
        self.write(|w| w.ingest(new, entities, problems))
    }

    /// Make a new version by applying delta operations to the current one, in one
    /// transaction; see [`Writer::apply_delta`].
    pub fn apply_delta(
        &mut self,
        new: &NewVersion,
        ops: &[DeltaOp],
        problems: &[Problem],
    ) -> Result<Ingested> {
        self.write(|w| w.apply_delta(new, ops, problems))
    }

    /// Replace the subject mapping, in one transaction; see [`Writer::set_subjects`]. To
    /// write it with the ingest it was computed for, use [`Store::write`].
    pub fn set_subjects<S: AsRef<str>, E: AsRef<str>>(
        &mut self,
        pairs: &[(S, E)],
    ) -> Result<usize> {
        self.write(|w| w.set_subjects(pairs))
    }

    /// Every dataset with its current version (and so its counts by schema and program), by
    /// name.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        read::datasets(&self.conn)
    }

    /// Every version of a dataset, oldest first (empty for an unknown dataset).
    pub fn versions(&self, dataset: &str) -> Result<Vec<VersionInfo>> {
        read::versions(&self.conn, dataset)
    }

    /// One version by id.
    pub fn version(&self, id: i64) -> Result<VersionInfo> {
        read::version(&self.conn, id)
    }

    /// The current version of a dataset.
    pub fn current_version(&self, dataset: &str) -> Result<Option<VersionInfo>> {
        read::current_version(&self.conn, dataset)
    }

    /// An entity as the current versions hold it; merged, with each value's provenance, if
    /// several datasets hold the id.
    pub fn entity(&self, id: &str) -> Result<Option<Entity>> {
        read::entity(&self.conn, id)
    }

    /// An entity as one version holds it, with that version's provenance.
    pub fn entity_at(&self, version_id: i64, id: &str) -> Result<Option<Entity>> {
        read::entity_at(&self.conn, version_id, id)
    }

    /// The entities of a version in id order, read a page at a time.
    pub fn entities(&self, version_id: i64) -> Result<EntityIter<'_>> {
        EntityIter::new(&self.conn, version_id)
    }

    /// The entities of a version whose schema is one of `schemas`, in id order.
    pub fn entities_of(&self, version_id: i64, schemas: &[&str]) -> Result<EntityIter<'_>> {
        Ok(EntityIter::new(&self.conn, version_id)?.of_schemas(schemas))
    }

    /// The problems recorded for a version, in the order they were given.
    pub fn problems(&self, version_id: i64) -> Result<Vec<Problem>> {
        read::problems(&self.conn, version_id)
    }

    /// The current entities that have `value` among the values of `prop`.
    pub fn find_by_property(&self, prop: &str, value: &str) -> Result<Vec<Entity>> {
        read::find_by_property(&self.conn, prop, value)
    }

    /// Record what an AIS file showed: the identities broadcast and the events detected, in
    /// one transaction. The same bytes again change nothing.
    pub fn record_ais(
        &mut self,
        import: &crate::NewAisImport,
        sightings: &[crate::Sighting],
        events: &[crate::VesselEvent],
    ) -> Result<crate::AisImported> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let done = crate::vessels::record(&tx, import, sightings, events)?;
        tx.commit()?;
        Ok(done)
    }

    /// The identities broadcast under these MMSIs or with these IMO numbers, oldest first.
    pub fn sightings(&self, mmsis: &[u32], imos: &[u32]) -> Result<Vec<crate::Sighting>> {
        crate::vessels::sightings(&self.conn, mmsis, imos)
    }

    /// The recorded events of vessels with these MMSIs or IMO numbers, newest first.
    pub fn vessel_events(
        &self,
        mmsis: &[u32],
        imos: &[u32],
        limit: usize,
    ) -> Result<Vec<crate::StoredVesselEvent>> {
        crate::vessels::events(&self.conn, mmsis, imos, limit)
    }

    /// Every vessel in a recorded event, the most recently active first.
    pub fn vessels_with_events(&self) -> Result<Vec<crate::SeenVessel>> {
        crate::vessels::vessels_with_events(&self.conn)
    }

    /// The current entities that point at `id` through an entity-typed property: its
    /// sanctions, passports, wallets, ownerships and other links.
    pub fn referencing(&self, id: &str) -> Result<Vec<Entity>> {
        read::referencing(&self.conn, id)
    }

    /// Record an analyst's decision on a hit, against the current version of the list that
    /// holds the entity. Decisions are append-only: a later one on the same pair supersedes it.
    pub fn decide(&mut self, new: &crate::NewDecision) -> Result<crate::Decision> {
        crate::decisions::record(&self.conn, new)
    }

    /// Every decision on a screened party and a listed entity, oldest first. The last one is
    /// in force if its `listing_unchanged` holds; otherwise the listing changed since and the
    /// hit must be looked at again.
    pub fn decisions(&self, subject_key: &str, entity_id: &str) -> Result<Vec<crate::Decision>> {
        crate::decisions::history(&self.conn, subject_key, entity_id)
    }

    /// Every decision ever recorded, oldest first: the audit trail.
    pub fn all_decisions(&self) -> Result<Vec<crate::Decision>> {
        crate::decisions::all(&self.conn)
    }

    /// When each entity of a dataset was first and last in one of its versions (the
    /// `ingested_at` of those versions), by entity id.
    pub fn seen(
        &self,
        dataset: &str,
    ) -> Result<std::collections::HashMap<String, (String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.entity_id, MIN(v.ingested_at), MAX(v.ingested_at) FROM entities e \
             JOIN versions v ON v.id = e.version_id WHERE v.dataset = ?1 GROUP BY e.entity_id",
        )?;
        let rows = stmt
            .query_map([dataset], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Store a new API key by the SHA-256 (hex) of its secret; `prefix` is the start of the
    /// key, kept to tell keys apart.
    pub fn create_key(
        &mut self,
        hash: &str,
        prefix: &str,
        role: crate::Role,
        label: &str,
    ) -> Result<crate::ApiKey> {
        crate::access::create_key(&self.conn, hash, prefix, role, label)
    }

    /// Every key, revoked ones included, oldest first.
    pub fn keys(&self) -> Result<Vec<crate::ApiKey>> {
        crate::access::keys(&self.conn)
    }

    /// The key whose secret hashes to `hash`, revoked or not.
    pub fn key_by_hash(&self, hash: &str) -> Result<Option<crate::ApiKey>> {
        crate::access::key_by_hash(&self.conn, hash)
    }

    /// Revoke a key (once; a revoked key stays in the store, for the audit log's sake).
    pub fn revoke_key(&mut self, id: i64) -> Result<crate::ApiKey> {
        crate::access::revoke_key(&self.conn, id)
    }

    /// Whether any key was ever created.
    pub fn has_keys(&self) -> Result<bool> {
        crate::access::has_keys(&self.conn)
    }

    /// Append entries to the audit log, in one transaction.
    pub fn append_audit(&mut self, entries: &[crate::NewAuditEntry]) -> Result<()> {
        let tx = self.conn.transaction()?;
        crate::access::append_audit(&tx, entries)?;
        tx.commit()?;
        Ok(())
    }

    /// Audit entries after id `after`, oldest first, at most `limit`.
    pub fn audit(&self, after: i64, limit: usize) -> Result<Vec<crate::AuditEntry>> {
        crate::access::audit(&self.conn, after, limit)
    }

    /// What changed from version `old` to version `new`.
    pub fn diff(&self, old: i64, new: i64) -> Result<Diff> {
        diff::diff(&self.conn, old, new)
    }

    /// The subject an entity belongs to, as last set.
    pub fn subject_of(&self, entity_id: &str) -> Result<Option<String>> {
        read::subject_of(&self.conn, entity_id)
    }

    /// The entities of a subject, by dataset and id.
    pub fn members(&self, subject_id: &str) -> Result<Vec<SubjectMember>> {
        read::members(&self.conn, subject_id)
    }
}
