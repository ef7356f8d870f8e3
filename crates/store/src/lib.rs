//! The embedded versioned store: every version of every sanctions list in one SQLite file.
//!
//! A compliance officer must be able to say what a list said on the day a payment was screened,
//! and what changed between two publications. So nothing is ever overwritten: each ingest of a
//! list file becomes a new *version* of its *dataset*, and the dataset's `current_version`
//! pointer moves to it in the same transaction that wrote it.
//!
//! ```
//! use ce2_model::{Entity, Provenance};
//! use ce2_store::{NewVersion, Store};
//!
//! let mut store = Store::open_in_memory().unwrap();
//! let bytes = b"<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\"/>";
//! let mut new = NewVersion::for_bytes("un_sc", "consolidated.xml", "un-xml", bytes);
//! new.published = Some("2026-02-27".into());
//! let prov = Provenance::new("un_sc", "KPi.033", Some("2026-02-27"));
//! let mut person = Entity::new("Person", "un-kpi-033", prov).unwrap();
//! person.add("name", "RI WON HO").unwrap();
//! let first = store.ingest(&new, &[person.clone()], &[]).unwrap();
//! assert!(first.created);
//! assert_eq!(store.entity("un-kpi-033").unwrap(), Some(person));
//! // The same bytes again change nothing, and say so.
//! let again = store.ingest(&new, &[], &[]).unwrap();
//! assert!(!again.created);
//! assert_eq!(again.version.id, first.version.id);
//! ```
//!
//! # Tables (schema version 1)
//!
//! | table | one row per | columns |
//! |---|---|---|
//! | `schema_version` | applied migration | `version`, `applied_at` |
//! | `datasets` | dataset (`un_sc`, `us_ofac_sdn`, …) | `name`, `title`, `publisher`, `current_version` |
//! | `versions` | ingested file or applied delta | `id`, `dataset`, `kind` (`full`/`delta`), `parent` (the version that was current before), `published`, `ingested_at`, `source` (path or URL), `sha256` and `size` of the source bytes, `format`, `etag`, `last_modified`, `entity_count`, `problem_count`, `counts` (JSON: entities by schema, Sanction entities by program) |
//! | `bodies` | distinct entity content | `hash` (SHA-256, 32 bytes), `json` |
//! | `entities` | entity in a version | `version_id`, `entity_id`, `schema`, `record_id`, `body_hash` |
//! | `links` | entity-typed value in a version (a Sanction's `entity`, a Passport's `holder`) | `version_id`, `entity_id`, `property`, `target`; indexed by `target`, so [`Store::referencing`] finds what points at a party without reading bodies |
//! | `decisions` | analyst's verdict on one hit (schema version 2) | `subject_key`, `entity_id`, `dataset`, `version_id`, `body_hash` of the listing when decided, `verdict`, `reason`, `actor`, `decided_at`, `query`, `score`, `algorithm`; append-only (triggers refuse UPDATE and DELETE) |
//! | `problems` | problem found in a version | `version_id`, `seq`, `severity`, `code`, `message`, `record`, `line`, `byte_offset` |
//! | `subjects` | entity assigned to a cross-list subject | `subject_id`, `entity_id`, `dataset` |
//! | `ais_imports`, `ais_sightings`, `ais_events`, `ais_event_vessels` | AIS file recorded; identity a vessel broadcast, first and last heard; event detected in the tracks; vessel in an event (schema version 4) | see `vessels.rs`; written whole per file, never updated |
//!
//! An entity body is its FtM JSON (`{"id", "schema", "properties", …}`) serialised compactly with
//! its keys and values in the entity's own order, and `hash` is the SHA-256 of those bytes. The
//! provenance is *not* part of the body: it is the version's dataset and publication date plus
//! the row's `record_id`, and is put back on every value when an entity is read. So an entity
//! that did not change between two publications has the same hash in both, costs one small
//! `entities` row in the new version rather than a copy of its body, and a diff finds the
//! changed entities by comparing hashes without reading a single body.
//!
//! # Invariants
//!
//! - A version is written whole, in one transaction that also moves its dataset's
//!   `current_version`: a reader (or a process that survives a crash) sees either the
//!   complete new version as current or the previous one, never part of it.
//! - A version is never changed or deleted once written, so its rows can be read page by page
//!   without holding a transaction open ([`Store::entities`]).
//! - `entity_count`, `problem_count` and `counts` equal what the version's rows say.
//! - Within a version an entity id appears once: duplicates handed to [`Store::ingest`] are
//!   merged and a problem says so.
//! - Ingesting bytes whose SHA-256 is the current version's is a no-op ([`Ingested::created`]
//!   is false).
//! - Every `subjects` row names an entity that was current in its dataset when the mapping
//!   was written. The mapping is replaced whole by [`Writer::set_subjects`]; a later ingest
//!   that does not set it leaves it as it was, so it may name entities that have since left
//!   their list until the next clustering.
//!
//! # Durability
//!
//! The file is in WAL mode with `synchronous=FULL`. WAL alone already makes a killed process
//! (`kill -9`, a panic, an out-of-memory kill) harmless: uncommitted frames at the end of the
//! log are ignored when the store is opened again. `FULL` additionally syncs the log at every
//! commit, so that a commit that returned survives a power cut or an OS crash too. Our
//! transactions are few and large (one per list file), so the cost is one fsync per ingest,
//! which is nothing beside the ingest itself; and the screening decisions and audit trail that
//! will be kept here later must not silently disappear after a power cut.
//!
//! # Migrations
//!
//! `schema_version` lists the migrations applied; [`Store::open`] applies the missing ones in
//! order, all in one transaction under the write lock, and refuses a file written by a newer ce2
//! ([`Error::TooNew`]). Version 1 holds the tables above; screening decisions and their audit
//! trail came as migration 2 (the `decisions` table) without touching these tables.

mod access;
mod decisions;
mod diff;
mod error;
mod read;
mod schema;
mod store;
mod types;
mod vessels;
mod write;

pub use access::{ApiKey, AuditEntry, NewAuditEntry, Role};
pub use decisions::{Decision, NewDecision, Verdict};
pub use diff::{Diff, EntityChange, EntityRef, PropertyChange};
pub use error::{Error, Result};
pub use read::EntityIter;
pub use schema::SCHEMA_VERSION;
pub use store::Store;
pub use types::{
    sha256_hex, Counts, DatasetInfo, Ingested, NewVersion, SubjectMember, VersionInfo, VersionKind,
};
pub use vessels::{
    AisImported, NewAisImport, SeenVessel, Sighting, StoredVesselEvent, VesselEvent,
};
pub use write::Writer;
