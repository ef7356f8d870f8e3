//! The ledger: a folder holding one SQLite file (the log, the tree, checkpoints, the state of
//! items, sealed identities), the stored files, and the keys.
//!
//! ```text
//! <ledger>/ledger.sqlite     events (leaf bytes), tree nodes, signed checkpoints, items, persons
//! <ledger>/blobs/sha256/…    the files, by content, read-only
//! <ledger>/keys/log.key      the log's Ed25519 signing key (C2SP note key)
//! <ledger>/keys/identity.key the key sealing protected identities, unless kept elsewhere
//! ```
//!
//! Every write is one transaction: its events, the tree nodes they complete and the items they
//! change commit together or not at all, so a process killed mid-append leaves the ledger as it
//! was after its last complete event, and the next append continues from there.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ce2_model::{Admiralty, Tlp};
use ce2_tlog::checkpoint::{self, Checkpoint};
use ce2_tlog::merkle::{self, Frontier, NodeSource};
use ce2_tlog::note::{Signer, Verifier};
use ce2_tlog::Hash;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::blob::{random_bytes, Blobs, Digest256};
use crate::error::{Error, Result};
use crate::event::{Body, Capture, Event, FileRef, Item, State, FORMAT, NO_PREV};
use crate::seal::{self, Identity, IdentityKey};

/// `PRAGMA application_id` of a ledger database ("ce2l").
const APPLICATION_ID: i32 = 0x6365_326c;
/// The schema version this build creates.
pub const SCHEMA_VERSION: u32 = 1;

const SCHEMA: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- The log: each event's exact leaf bytes, by position.
CREATE TABLE events (
    seq  INTEGER PRIMARY KEY,
    leaf BLOB NOT NULL
);
-- Every complete (perfect) subtree's hash: id = level << 56 | index. Level 0 holds leaf hashes.
CREATE TABLE nodes (
    id   INTEGER PRIMARY KEY,
    hash BLOB NOT NULL
);
CREATE TABLE checkpoints (
    size    INTEGER PRIMARY KEY,
    note    TEXT NOT NULL
);
-- The state the log adds up to, kept so that reading an item does not replay the log.
-- `verify` rebuilds it from the log and reports any difference.
CREATE TABLE items (
    id    TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
CREATE TABLE item_links (
    entity TEXT NOT NULL,
    item   TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (entity, item, seq)
) WITHOUT ROWID;
-- Protected persons: the sealed identity, apart from everything they said.
CREATE TABLE persons (
    pseudonym TEXT PRIMARY KEY,
    role      TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    sealed    BLOB NOT NULL
);
"#;

fn node_id(level: u8, index: u64) -> i64 {
    ((level as i64) << 56) | index as i64
}

/// The current time, UTC, to the millisecond.
pub fn now() -> String {
    let ts = jiff::Timestamp::now();
    ts.round(jiff::Unit::Millisecond).unwrap_or(ts).to_string()
}

/// Check a time given by a person: RFC 3339 with an offset (turned into UTC), or a date alone.
pub fn utc_time(text: &str) -> Result<String> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Ok(ts.to_string());
    }
    if let Ok(d) = t.parse::<jiff::civil::Date>() {
        if t.len() == 10 {
            return Ok(d.to_string());
        }
    }
    Err(Error::Invalid(format!(
        "{text:?} is not a time: give RFC 3339 with its offset (2023-10-12T06:30:00Z, \
         2023-10-12T15:30:00+09:00) or a date (2023-10-12)"
    )))
}

/// What a new item is.
#[derive(Debug, Clone)]
pub struct NewItem {
    /// The file's name.
    pub name: String,
    /// Its media type, where known.
    pub media_type: Option<String>,
    /// How it was collected.
    pub capture: Capture,
    /// The protected person it came from.
    pub source: Option<String>,
    /// What it is.
    pub description: Option<String>,
    /// Its marking.
    pub tlp: Tlp,
    /// A grade given at once.
    pub grade: Option<Admiralty>,
}

/// A signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signed {
    /// The tree size it commits to.
    pub size: u64,
    /// The signed note.
    pub note: String,
}

/// A protected person as shown: the identity only to a node that holds the identity key and
/// asked for it.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// The pseudonym.
    pub pseudonym: String,
    /// `witness` or `source`.
    pub role: String,
    /// The event that registered them.
    pub registered: u64,
    /// Who they are, when revealed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
}

/// The ledger.
pub struct Ledger {
    dir: PathBuf,
    conn: Connection,
    blobs: Blobs,
    signer: Signer,
    origin: String,
    identity: Option<IdentityKey>,
    frontier: Frontier,
    cache: NodeCache,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("dir", &self.dir)
            .field("origin", &self.origin)
            .field("size", &self.frontier.size())
            .finish()
    }
}

/// Tree nodes covering at least this many leaves (`1 << CACHED_LEVEL`) are kept in memory once
/// read: a perfect subtree's hash never changes once written, and the upper levels are on every
/// proof's path.
const CACHED_LEVEL: u8 = 4;
/// At most this many cached nodes (32 MB); past it the cache starts again.
const CACHE_LIMIT: usize = 1 << 20;

type NodeCache = std::cell::RefCell<std::collections::HashMap<i64, Hash>>;

struct Nodes<'a>(&'a Connection, Option<&'a NodeCache>);

impl NodeSource for Nodes<'_> {
    type Error = Error;
    fn node(&self, level: u8, index: u64) -> Result<Hash> {
        let id = node_id(level, index);
        let cache = self.1.filter(|_| level >= CACHED_LEVEL);
        if let Some(hash) = cache.and_then(|c| c.borrow().get(&id).copied()) {
            return Ok(hash);
        }
        let mut stmt = self
            .0
            .prepare_cached("SELECT hash FROM nodes WHERE id = ?1")?;
        let hash: Option<Vec<u8>> = stmt.query_row([id], |r| r.get(0)).optional()?;
        let hash = hash.ok_or_else(|| {
            Error::Damaged(format!(
                "the tree node at level {level}, index {index} is missing"
            ))
        })?;
        let hash: Hash = hash.try_into().map_err(|_| {
            Error::Damaged(format!(
                "the tree node at level {level}, index {index} is not 32 bytes"
            ))
        })?;
        if let Some(c) = cache {
            let mut c = c.borrow_mut();
            if c.len() >= CACHE_LIMIT {
                c.clear();
            }
            c.insert(id, hash);
        }
        Ok(hash)
    }
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| Error::io(path, e))?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

fn pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let _: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

impl Ledger {
    /// The database file in a ledger folder.
    pub fn db_path(dir: &Path) -> PathBuf {
        dir.join("ledger.sqlite")
    }

    /// Create a ledger in `dir` (created if needed, and empty of any ledger). `origin` names the
    /// log in its checkpoints (default: `ce2/ledger/<random>`). The identity key is written to
    /// `identity_key` if given (keep it apart from the ledger to keep clearance apart), else to
    /// `keys/identity.key`.
    pub fn init(dir: &Path, origin: Option<&str>, identity_key: Option<&Path>) -> Result<Ledger> {
        if Ledger::db_path(dir).exists() {
            return Err(Error::Invalid(format!(
                "{} already holds a ledger",
                dir.display()
            )));
        }
        let origin = match origin {
            Some(o) => {
                let o = o.trim();
                if o.is_empty() || o.contains('\n') || o.contains('+') || o.contains(' ') {
                    return Err(Error::Invalid(format!(
                        "{o:?} cannot name a log: one line, no spaces and no '+' (e.g. example.org/evidence)"
                    )));
                }
                o.to_string()
            }
            None => format!("ce2/ledger/{}", hex::encode(random_bytes::<6>()?)),
        };
        let keys = dir.join("keys");
        fs::create_dir_all(&keys).map_err(|e| Error::io(&keys, e))?;
        let signer = Signer::from_seed(&origin, random_bytes::<32>()?)
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let ikey = IdentityKey::generate()?;
        let ikey_path = identity_key
            .map(Path::to_path_buf)
            .unwrap_or_else(|| keys.join("identity.key"));
        write_private(&keys.join("log.key"), &format!("{}\n", signer.skey()))?;
        write_private(&ikey_path, &format!("{}\n", ikey.to_hex()))?;
        fs::write(
            keys.join("log.vkey"),
            format!("{}\n", signer.verifier().vkey()),
        )
        .map_err(|e| Error::io(&keys, e))?;

        let path = Ledger::db_path(dir);
        let mut conn = Connection::open(&path)?;
        pragmas(&conn)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(SCHEMA)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('origin', ?1), ('created', ?2), ('vkey', ?3)",
            params![origin, now(), signer.verifier().vkey()],
        )?;
        tx.commit()?;
        drop(conn);
        Ledger::open(dir, Some(&ikey_path))
    }

    /// Open the ledger in `dir`. The identity key is read from `identity_key`, else from
    /// `keys/identity.key`; without it the ledger works in full but cannot reveal identities.
    pub fn open(dir: &Path, identity_key: Option<&Path>) -> Result<Ledger> {
        let path = Ledger::db_path(dir);
        if !path.exists() {
            return Err(Error::NotALedger {
                path: dir.display().to_string(),
                why: "it holds no ledger.sqlite (create one with `ce2 evidence init`)".into(),
            });
        }
        let conn = Connection::open(&path)?;
        pragmas(&conn)?;
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app != APPLICATION_ID {
            return Err(Error::NotALedger {
                path: path.display().to_string(),
                why: "its database is another application's".into(),
            });
        }
        let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let origin: String =
            conn.query_row("SELECT value FROM meta WHERE key='origin'", [], |r| {
                r.get(0)
            })?;
        let key_path = dir.join("keys").join("log.key");
        let skey = fs::read_to_string(&key_path).map_err(|e| Error::io(&key_path, e))?;
        let signer = Signer::new(skey.trim())
            .map_err(|e| Error::Invalid(format!("{}: {e}", key_path.display())))?;
        let vkey: String =
            conn.query_row("SELECT value FROM meta WHERE key='vkey'", [], |r| r.get(0))?;
        if signer.verifier().vkey() != vkey {
            return Err(Error::Damaged(format!(
                "{} is not the key this log was created with ({vkey})",
                key_path.display()
            )));
        }
        let ikey_path = identity_key
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dir.join("keys").join("identity.key"));
        let identity = match fs::read_to_string(&ikey_path) {
            Ok(text) => Some(IdentityKey::from_hex(&text).map_err(|_| {
                Error::Invalid(format!("{} is not an identity key", ikey_path.display()))
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&ikey_path, e)),
        };
        let blobs = Blobs::open(&dir.join("blobs"))?;
        let frontier = load_frontier(&conn)?;
        Ok(Ledger {
            dir: dir.to_path_buf(),
            conn,
            blobs,
            signer,
            origin,
            identity,
            frontier,
            cache: NodeCache::default(),
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The log's name in its checkpoints.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The log's public key (a C2SP note verifier key), for partners to verify checkpoints.
    pub fn vkey(&self) -> String {
        self.signer.verifier().vkey()
    }

    /// The log's verifier.
    pub fn verifier(&self) -> Verifier {
        self.signer.verifier()
    }

    /// The number of events.
    pub fn size(&self) -> u64 {
        self.frontier.size()
    }

    /// The stored files.
    pub fn blobs(&self) -> &Blobs {
        &self.blobs
    }

    /// Whether this node holds the identity key.
    pub fn has_clearance(&self) -> bool {
        self.identity.is_some()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn identity_key(&self) -> Option<&IdentityKey> {
        self.identity.as_ref()
    }

    // ---------------------------------------------------------------- writing

    /// Run one write transaction with the appender's state. If it fails, nothing was written
    /// and the state is read again from the file (another process may have appended).
    fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &mut Frontier) -> Result<T>,
    ) -> Result<T> {
        let before = self.frontier.clone();
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx, &mut self.frontier)?;
            tx.commit()?;
            Ok(value)
        })();
        if result.is_err() {
            self.frontier = load_frontier(&self.conn).unwrap_or(before);
        }
        result
    }

    /// Append events in one transaction, checked against the ledger's state; returns their
    /// positions. Items named by `added` events must be new ids.
    pub fn append(&mut self, actor: &str, bodies: Vec<Body>) -> Result<Vec<u64>> {
        self.write(|tx, frontier| append_tx(tx, frontier, actor, bodies))
    }

    /// The next item id.
    fn next_item_id(conn: &Connection) -> Result<String> {
        let n: i64 = conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0))?;
        Ok(format!("EV-{:04}", n + 1))
    }

    /// Add a file: stored by content (streamed; memory stays flat), then logged with its
    /// capture metadata. Returns the item and the event's position.
    pub fn add(&mut self, actor: &str, reader: &mut dyn Read, new: NewItem) -> Result<(Item, u64)> {
        check_text("file name", &new.name)?;
        check_text("collector", &new.capture.collector)?;
        check_text("origin", &new.capture.origin)?;
        check_text("method", &new.capture.method)?;
        let mut capture = new.capture.clone();
        capture.collected_at = utc_time(&capture.collected_at)?;
        if let Some(p) = &new.source {
            self.person_role(p)?;
        }
        let stored = self.blobs.put(reader, capture.hash_at_capture.as_ref())?;
        let file = FileRef {
            hash: stored.digest,
            size: stored.size,
            name: new.name.clone(),
            media_type: new.media_type.clone(),
        };
        let (id, seq) = self.write(|tx, frontier| {
            let id = Ledger::next_item_id(tx)?;
            let mut bodies = vec![Body::Added {
                item: id.clone(),
                file,
                capture,
                source: new.source.clone(),
                description: new.description.clone(),
                tlp: new.tlp,
            }];
            if let Some(grade) = new.grade {
                bodies.push(Body::Graded {
                    item: id.clone(),
                    grade,
                    note: None,
                });
            }
            let seqs = append_tx(tx, frontier, actor, bodies)?;
            Ok((id, seqs[0]))
        })?;
        Ok((self.item(&id)?, seq))
    }

    /// Link an item to an entity with the claim it supports.
    pub fn link(&mut self, actor: &str, item: &str, entity: &str, claim: &str) -> Result<u64> {
        check_text("entity", entity)?;
        check_text("claim", claim)?;
        Ok(self.append(
            actor,
            vec![Body::Linked {
                item: item.into(),
                entity: entity.trim().into(),
                claim: claim.trim().into(),
            }],
        )?[0])
    }

    /// Grade an item.
    pub fn grade(
        &mut self,
        actor: &str,
        item: &str,
        grade: Admiralty,
        note: Option<&str>,
    ) -> Result<u64> {
        Ok(self.append(
            actor,
            vec![Body::Graded {
                item: item.into(),
                grade,
                note: note.map(str::to_string),
            }],
        )?[0])
    }

    /// Change an item's marking.
    pub fn mark(&mut self, actor: &str, item: &str, tlp: Tlp, reason: &str) -> Result<u64> {
        check_text("reason", reason)?;
        Ok(self.append(
            actor,
            vec![Body::Marked {
                item: item.into(),
                tlp,
                reason: reason.into(),
            }],
        )?[0])
    }

    /// Attach a redacted working copy to an item; the evidentiary copy stays as it was.
    pub fn redact(
        &mut self,
        actor: &str,
        item: &str,
        reader: &mut dyn Read,
        name: &str,
        reason: &str,
    ) -> Result<u64> {
        check_text("reason", reason)?;
        check_text("file name", name)?;
        self.item(item)?;
        let stored = self.blobs.put(reader, None)?;
        Ok(self.append(
            actor,
            vec![Body::Redacted {
                item: item.into(),
                file: FileRef {
                    hash: stored.digest,
                    size: stored.size,
                    name: name.into(),
                    media_type: None,
                },
                reason: reason.into(),
            }],
        )?[0])
    }

    /// Hand an item over from its present holder to `to`.
    pub fn custody(&mut self, actor: &str, item: &str, to: &str, reason: &str) -> Result<u64> {
        check_text("new holder", to)?;
        check_text("reason", reason)?;
        let from = self.item(item)?.custodian;
        Ok(self.append(
            actor,
            vec![Body::Custody {
                item: item.into(),
                from,
                to: to.trim().into(),
                reason: reason.into(),
            }],
        )?[0])
    }

    /// Register a protected person: their identity sealed, a pseudonym returned.
    pub fn register_person(
        &mut self,
        actor: &str,
        role: &str,
        identity: &Identity,
    ) -> Result<String> {
        check_text("name", &identity.name)?;
        let key = self.identity.as_ref().ok_or_else(|| {
            Error::NoClearance("registering a person needs the identity key".into())
        })?;
        let pseudonym = seal::pseudonym(role)?;
        let (sealed, commitment) = seal::seal(key, &pseudonym, identity)?;
        self.write(|tx, frontier| {
            let seqs = append_tx(
                tx,
                frontier,
                actor,
                vec![Body::PersonRegistered {
                    pseudonym: pseudonym.clone(),
                    role: role.into(),
                    commitment,
                }],
            )?;
            tx.execute(
                "INSERT INTO persons (pseudonym, role, seq, sealed) VALUES (?1, ?2, ?3, ?4)",
                params![pseudonym, role, seqs[0] as i64, sealed],
            )?;
            Ok(())
        })?;
        Ok(pseudonym)
    }

    /// Sign a checkpoint of the log as it is now (or return the one already signed at this
    /// size).
    pub fn checkpoint(&mut self) -> Result<Signed> {
        let size = self.frontier.size();
        if let Some(note) = self.checkpoint_at(size)? {
            return Ok(Signed { size, note });
        }
        let cp = Checkpoint {
            origin: self.origin.clone(),
            size,
            root: self.frontier.root().to_vec(),
            extensions: Vec::new(),
        };
        let note =
            checkpoint::sign(&cp, &self.signer, &[]).map_err(|e| Error::Proof(e.to_string()))?;
        self.conn.execute(
            "INSERT OR IGNORE INTO checkpoints (size, note) VALUES (?1, ?2)",
            params![size as i64, note],
        )?;
        Ok(Signed { size, note })
    }

    // ---------------------------------------------------------------- reading

    /// The checkpoint signed at `size`, if any.
    pub fn checkpoint_at(&self, size: u64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT note FROM checkpoints WHERE size = ?1",
                [size as i64],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The newest signed checkpoint.
    pub fn latest_checkpoint(&self) -> Result<Option<Signed>> {
        Ok(self
            .conn
            .query_row(
                "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1",
                [],
                |r| {
                    Ok(Signed {
                        size: r.get::<_, i64>(0)? as u64,
                        note: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every signed checkpoint, oldest first.
    pub fn checkpoints(&self) -> Result<Vec<Signed>> {
        let mut stmt = self
            .conn
            .prepare("SELECT size, note FROM checkpoints ORDER BY size")?;
        let rows = stmt.query_map([], |r| {
            Ok(Signed {
                size: r.get::<_, i64>(0)? as u64,
                note: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One item as its events leave it.
    pub fn item(&self, id: &str) -> Result<Item> {
        load_item(&self.conn, id)?.ok_or_else(|| Error::NotFound(format!("item {id}")))
    }

    /// Every item, by id.
    pub fn items(&self) -> Result<Vec<Item>> {
        let mut stmt = self.conn.prepare("SELECT state FROM items ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| {
            let text = r?;
            serde_json::from_str(&text)
                .map_err(|e| Error::Damaged(format!("an item's stored state is unreadable: {e}")))
        })
        .collect()
    }

    /// The items linked to an entity.
    pub fn items_for_entity(&self, entity: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT item FROM item_links WHERE entity = ?1 ORDER BY item")?;
        let rows = stmt.query_map([entity.trim()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The leaf bytes of event `seq`.
    pub fn event_bytes(&self, seq: u64) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT leaf FROM events WHERE seq = ?1",
                [seq as i64],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("event {seq}")))
    }

    /// Events `from..to` (to exclusive), as (position, leaf bytes).
    pub fn events(&self, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, leaf FROM events WHERE seq >= ?1 AND seq < ?2 ORDER BY seq")?;
        let rows = stmt.query_map([from as i64, to.min(i64::MAX as u64) as i64], |r| {
            Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A protected person. The identity is opened only when `reveal` is asked and this node
    /// holds the identity key.
    pub fn person(&self, pseudonym: &str, reveal: bool) -> Result<Person> {
        let (role, registered, commitment) = self.person_role(pseudonym)?;
        let identity = if reveal {
            let key = self.identity.as_ref().ok_or_else(|| {
                Error::NoClearance(format!(
                    "revealing {pseudonym} needs the identity key, which this node does not hold"
                ))
            })?;
            let sealed: Vec<u8> = self
                .conn
                .query_row(
                    "SELECT sealed FROM persons WHERE pseudonym = ?1",
                    [pseudonym],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    Error::Damaged(format!("the sealed identity of {pseudonym} is missing"))
                })?;
            Some(seal::open(key, pseudonym, &sealed, &commitment)?.0)
        } else {
            None
        };
        Ok(Person {
            pseudonym: pseudonym.into(),
            role,
            registered,
            identity,
        })
    }

    /// A registered person's role, registering event and commitment, read from the log.
    fn person_role(&self, pseudonym: &str) -> Result<(String, u64, Digest256)> {
        let seq: Option<i64> = self
            .conn
            .query_row(
                "SELECT seq FROM persons WHERE pseudonym = ?1",
                [pseudonym],
                |r| r.get(0),
            )
            .optional()?;
        let seq = seq.ok_or_else(|| Error::NotFound(format!("protected person {pseudonym}")))?;
        // The registering event: the log, not the persons table, is the authority.
        let event = Event::from_bytes(&self.event_bytes(seq as u64)?)?;
        match event.body {
            Body::PersonRegistered {
                pseudonym: p,
                role,
                commitment,
            } if p == pseudonym => Ok((role, event.seq, commitment)),
            _ => Err(Error::Damaged(format!(
                "{pseudonym}'s registering event {seq} in the log does not register it"
            ))),
        }
    }

    // ---------------------------------------------------------------- proofs

    /// The root of the tree of the first `size` events.
    pub fn root_at(&self, size: u64) -> Result<Hash> {
        if size > self.size() {
            return Err(Error::Invalid(format!(
                "the log holds {} events, not {size}",
                self.size()
            )));
        }
        if size == self.size() {
            return Ok(self.frontier.root());
        }
        merkle::root_at(&Nodes(&self.conn, Some(&self.cache)), size)
    }

    /// An inclusion proof of event `seq` in the tree of `size` events.
    pub fn inclusion_proof(&self, seq: u64, size: u64) -> Result<Vec<Hash>> {
        if seq >= size || size > self.size() {
            return Err(Error::Invalid(format!(
                "no proof of event {seq} in a tree of {size}: the log holds {} events",
                self.size()
            )));
        }
        merkle::inclusion_proof(&Nodes(&self.conn, Some(&self.cache)), seq, size)
            .map_err(proof_error)
    }

    /// A consistency proof from the tree of `size1` events to the tree of `size2`.
    pub fn consistency_proof(&self, size1: u64, size2: u64) -> Result<Vec<Hash>> {
        if size1 == 0 || size1 > size2 || size2 > self.size() {
            return Err(Error::Invalid(format!(
                "no consistency proof from {size1} to {size2}: sizes must satisfy 0 < size1 <= size2 <= {}",
                self.size()
            )));
        }
        merkle::consistency_proof(&Nodes(&self.conn, Some(&self.cache)), size1, size2)
            .map_err(proof_error)
    }

    /// The leaf hash of event `seq`, as stored in the tree.
    pub fn leaf_hash(&self, seq: u64) -> Result<Hash> {
        Nodes(&self.conn, Some(&self.cache)).node(0, seq)
    }
}

fn proof_error<E: std::fmt::Display>(e: merkle::ProofError<E>) -> Error {
    Error::Proof(e.to_string())
}

fn check_text(what: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::Invalid(format!("the {what} is empty")));
    }
    if text.len() > 100_000 {
        return Err(Error::Invalid(format!(
            "the {what} is {} bytes long; the limit is 100,000",
            text.len()
        )));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Error::Invalid(format!(
            "the {what} holds control characters"
        )));
    }
    Ok(())
}

fn load_item(conn: &Connection, id: &str) -> Result<Option<Item>> {
    let text: Option<String> = conn
        .query_row("SELECT state FROM items WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|e| Error::Damaged(format!("item {id}'s stored state is unreadable: {e}")))
    })
    .transpose()
}

/// Read the appender's state: the size and the roots of the perfect subtrees covering it.
pub(crate) fn load_frontier(conn: &Connection) -> Result<Frontier> {
    let size: Option<i64> = conn.query_row("SELECT max(seq) FROM events", [], |r| r.get(0))?;
    let size = size.map_or(0, |s| s as u64 + 1);
    let mut peaks = Vec::new();
    let mut start = 0u64;
    for level in (0..64u8).rev() {
        if size & (1u64 << level) != 0 {
            let index = start >> level;
            peaks.push(Nodes(conn, None).node(level, index)?);
            start += 1u64 << level;
        }
    }
    Frontier::from_peaks(size, peaks).map_err(|e| Error::Damaged(e.to_string()))
}

/// Append events inside a transaction: each is checked against the state, written with its
/// leaf hash and the tree nodes it completes, and the items it changes are updated.
pub(crate) fn append_tx(
    tx: &Transaction<'_>,
    frontier: &mut Frontier,
    actor: &str,
    bodies: Vec<Body>,
) -> Result<Vec<u64>> {
    check_text("actor", actor)?;
    // Another process may have appended since this one last looked.
    let stored_size: Option<i64> = tx.query_row("SELECT max(seq) FROM events", [], |r| r.get(0))?;
    let stored_size = stored_size.map_or(0, |s| s as u64 + 1);
    if stored_size != frontier.size() {
        *frontier = load_frontier(tx)?;
    }
    // The part of the state these events touch.
    let mut state = State::default();
    for body in &bodies {
        for id in body.items() {
            if !state.items.contains_key(id) {
                if let Some(item) = load_item(tx, id)? {
                    state.items.insert(id.to_string(), item);
                }
            }
        }
        if let Body::Added {
            source: Some(p), ..
        } = body
        {
            let role: Option<String> = tx
                .query_row("SELECT role FROM persons WHERE pseudonym = ?1", [p], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(role) = role {
                state
                    .persons
                    .insert(p.clone(), (role, 0, Digest256([0; 32])));
            }
        }
        if let Body::PersonRegistered { pseudonym, .. } = body {
            let n: i64 = tx.query_row(
                "SELECT count(*) FROM persons WHERE pseudonym = ?1",
                [pseudonym],
                |r| r.get(0),
            )?;
            if n > 0 {
                return Err(Error::Invalid(format!(
                    "pseudonym {pseudonym} is already registered"
                )));
            }
        }
    }
    let at = now();
    let mut prev = if frontier.size() == 0 {
        NO_PREV.to_string()
    } else {
        hex::encode(Nodes(tx, None).node(0, frontier.size() - 1)?)
    };
    let mut insert_event = tx.prepare_cached("INSERT INTO events (seq, leaf) VALUES (?1, ?2)")?;
    let mut insert_node =
        tx.prepare_cached("INSERT OR REPLACE INTO nodes (id, hash) VALUES (?1, ?2)")?;
    let mut insert_link = tx.prepare_cached(
        "INSERT OR IGNORE INTO item_links (entity, item, seq) VALUES (?1, ?2, ?3)",
    )?;
    let mut touched: Vec<String> = Vec::new();
    let mut seqs = Vec::with_capacity(bodies.len());
    for body in bodies {
        let seq = frontier.size();
        let event = Event {
            v: FORMAT,
            seq,
            prev: std::mem::take(&mut prev),
            at: at.clone(),
            actor: actor.trim().to_string(),
            body,
        };
        state.apply(&event)?;
        let leaf = event.to_bytes();
        let leaf_hash = merkle::leaf_hash(&leaf);
        insert_event.execute(params![seq as i64, leaf])?;
        let mut failed = None;
        frontier.push(leaf_hash, |level, index, hash| {
            if failed.is_none() {
                if let Err(e) = insert_node.execute(params![node_id(level, index), &hash[..]]) {
                    failed = Some(e);
                }
            }
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
        if let Body::Linked { item, entity, .. } = &event.body {
            insert_link.execute(params![entity, item, seq as i64])?;
        }
        for id in event.body.items() {
            if !touched.iter().any(|t| t == id) {
                touched.push(id.to_string());
            }
        }
        prev = hex::encode(leaf_hash);
        seqs.push(seq);
    }
    let mut upsert =
        tx.prepare_cached("INSERT OR REPLACE INTO items (id, state) VALUES (?1, ?2)")?;
    for id in touched {
        let item = &state.items[&id];
        upsert.execute(params![
            id,
            serde_json::to_string(item).expect("an item serialises")
        ])?;
    }
    Ok(seqs)
}
