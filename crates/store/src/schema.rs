//! The tables and the forward migrations that create them.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};

/// The newest store schema version this build knows and creates.
pub const SCHEMA_VERSION: u32 = 4;

/// `PRAGMA application_id` of a ce2 store ("ce2s"), so that a ce2 store can be told from any
/// other SQLite database before a single table is touched.
pub(crate) const APPLICATION_ID: i32 = 0x6365_3273;

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`. Migrations only ever go forward and are
/// never edited once released: a change is a new migration.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4];

const V1: &str = r#"
CREATE TABLE datasets (
    name            TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    publisher       TEXT NOT NULL,
    current_version INTEGER REFERENCES versions(id)
);

CREATE TABLE versions (
    id            INTEGER PRIMARY KEY,
    dataset       TEXT NOT NULL REFERENCES datasets(name),
    kind          TEXT NOT NULL CHECK (kind IN ('full', 'delta')),
    parent        INTEGER REFERENCES versions(id),
    published     TEXT,
    ingested_at   TEXT NOT NULL,
    source        TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    format        TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    entity_count  INTEGER NOT NULL,
    problem_count INTEGER NOT NULL,
    counts        TEXT NOT NULL
);
CREATE INDEX versions_by_dataset ON versions (dataset, id);

CREATE TABLE bodies (
    hash BLOB PRIMARY KEY,
    json TEXT NOT NULL
);

CREATE TABLE entities (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    entity_id  TEXT NOT NULL,
    schema     TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    body_hash  BLOB NOT NULL REFERENCES bodies(hash),
    PRIMARY KEY (version_id, entity_id)
) WITHOUT ROWID;

-- Entity-typed property values (a Sanction's `entity`, a Passport's `holder`), so that the
-- entities pointing at a party are found without reading bodies.
CREATE TABLE links (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    entity_id  TEXT NOT NULL,
    property   TEXT NOT NULL,
    target     TEXT NOT NULL,
    PRIMARY KEY (version_id, entity_id, property, target)
) WITHOUT ROWID;
CREATE INDEX links_by_target ON links (target, version_id);

CREATE TABLE problems (
    version_id  INTEGER NOT NULL REFERENCES versions(id),
    seq         INTEGER NOT NULL,
    severity    TEXT NOT NULL CHECK (severity IN ('warning', 'error')),
    code        TEXT NOT NULL,
    message     TEXT NOT NULL,
    record      TEXT,
    line        INTEGER,
    byte_offset INTEGER,
    PRIMARY KEY (version_id, seq)
);

CREATE TABLE subjects (
    subject_id TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    dataset    TEXT NOT NULL REFERENCES datasets(name),
    PRIMARY KEY (entity_id, dataset)
) WITHOUT ROWID;
CREATE INDEX subjects_by_subject ON subjects (subject_id);
"#;

/// Set the connection's pragmas. See the crate docs for why `synchronous=FULL`.
/// Screening decisions: an analyst's verdict on one hit, append-only.
///
/// A decision names the screened party by a key the caller chooses (a customer id, or ce2's key
/// of the query), the listed entity, and the listing as it stood: the version and the SHA-256 of
/// the entity's body then. A later screening compares that hash with the listing's current body:
/// a dismissed hit stays dismissed until the listing itself changes. Rows are never updated or
/// deleted (the triggers refuse it); a new decision on the same pair supersedes the old one.
const V2: &str = r#"
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    subject_key TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    dataset     TEXT NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES versions(id),
    body_hash   BLOB NOT NULL REFERENCES bodies(hash),
    verdict     TEXT NOT NULL CHECK (verdict IN ('match', 'false_positive', 'unsure')),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    actor       TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    decided_at  TEXT NOT NULL,
    query       TEXT NOT NULL,
    score       REAL,
    algorithm   TEXT
);
CREATE INDEX decisions_by_pair ON decisions (subject_key, entity_id, id);
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
"#;

/// Migration 3: API keys (stored hashed; only the revocation may change) and the append-only
/// audit log of the service.
const V3: &str = r#"
CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    prefix     TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TRIGGER api_keys_revoke_only BEFORE UPDATE ON api_keys
WHEN NEW.id IS NOT OLD.id OR NEW.hash IS NOT OLD.hash OR NEW.prefix IS NOT OLD.prefix
  OR NEW.role IS NOT OLD.role OR NEW.label IS NOT OLD.label
  OR NEW.created_at IS NOT OLD.created_at OR OLD.revoked_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a key can only be revoked, once'); END;
CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys
BEGIN SELECT RAISE(ABORT, 'keys are revoked, never deleted'); END;
CREATE TABLE audit (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    request  TEXT NOT NULL,
    response TEXT NOT NULL,
    versions TEXT NOT NULL
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// Migration 4: what AIS showed of vessels — imported files, the identities broadcast, the
/// events detected — written whole per file and never updated.
const V4: &str = r#"
CREATE TABLE ais_imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    counts      TEXT NOT NULL
);
CREATE TABLE ais_sightings (
    import_id  INTEGER NOT NULL REFERENCES ais_imports(id),
    mmsi       INTEGER NOT NULL,
    imo        INTEGER,
    name       TEXT,
    callsign   TEXT,
    flag       TEXT,
    ship_type  INTEGER,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    reports    INTEGER NOT NULL
);
CREATE INDEX ais_sightings_by_mmsi ON ais_sightings (mmsi);
CREATE INDEX ais_sightings_by_imo ON ais_sightings (imo) WHERE imo IS NOT NULL;
CREATE TABLE ais_events (
    id        INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES ais_imports(id),
    kind      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    lat       REAL,
    lon       REAL,
    area      TEXT,
    json      TEXT NOT NULL
);
CREATE TABLE ais_event_vessels (
    event_id INTEGER NOT NULL REFERENCES ais_events(id),
    mmsi     INTEGER NOT NULL,
    imo      INTEGER,
    PRIMARY KEY (event_id, mmsi)
) WITHOUT ROWID;
CREATE INDEX ais_event_vessels_by_mmsi ON ais_event_vessels (mmsi);
CREATE INDEX ais_event_vessels_by_imo ON ais_event_vessels (imo) WHERE imo IS NOT NULL;
CREATE TRIGGER ais_imports_no_update BEFORE UPDATE ON ais_imports
BEGIN SELECT RAISE(ABORT, 'AIS imports are never rewritten'); END;
CREATE TRIGGER ais_events_no_update BEFORE UPDATE ON ais_events
BEGIN SELECT RAISE(ABORT, 'AIS events are never rewritten'); END;
"#;

pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Reading the journal mode is the first statement that touches the file, so a file that is
    // not a database fails here with SQLITE_NOTADB.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        return Err(Error::Invalid(format!(
            "the store needs WAL journal mode, but SQLite kept {mode:?}"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Keep the log from staying at the size of the largest ingest once it is checkpointed.
    conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Check that the file is a ce2 store (or a new empty file, which becomes one) and bring its
/// schema up to [`SCHEMA_VERSION`]. `label` names the file in errors.
pub(crate) fn migrate(conn: &mut Connection, label: &str) -> Result<u32> {
    // The check and the migrations run under the write lock, so that two processes opening a
    // new file at once cannot both create the tables.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let app: i32 = tx.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let objects: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app != APPLICATION_ID && (app != 0 || objects > 0) {
        return Err(Error::NotAStore {
            path: label.to_string(),
        });
    }
    let found: u32 = if objects == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.execute_batch(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        )?;
        0
    } else {
        tx.query_row("SELECT max(version) FROM schema_version", [], |r| {
            r.get::<_, Option<u32>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or(0)
    };
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew {
            path: label.to_string(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) \
             VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            [i as u32 + 1],
        )?;
    }
    tx.commit()?;
    Ok(SCHEMA_VERSION)
}
