//! What the service holds: the lists as of one moment (a [`Snapshot`], swapped whole when a
//! list is updated, so that a request always sees one consistent set of versions), a pool of
//! read connections to the store, the audit writer, the key cache and the rate limiter.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use ce2_model::Entity;
use ce2_screen::{Index, Record};
use ce2_store::{ApiKey, DatasetInfo, NewAuditEntry, Store};
use tokio::sync::oneshot;

use crate::error::ApiError;

/// The lists as of one moment.
pub struct Snapshot {
    /// The screening index over every current entity that is screened.
    pub index: Index,
    /// Every current entity, by id.
    pub entities: HashMap<String, Entity>,
    /// Which datasets each entity is in.
    pub datasets_of: HashMap<String, Vec<String>>,
    /// When each entity was first and last seen in its dataset's versions.
    pub seen: HashMap<String, (String, String)>,
    /// The datasets and their current versions.
    pub datasets: Vec<DatasetInfo>,
    /// Dataset → current version id: what every answer is made against.
    pub versions: BTreeMap<String, i64>,
}

impl Snapshot {
    /// Read the current versions of every dataset from the store.
    pub fn load(store: &Store) -> Result<Snapshot, ce2_store::Error> {
        let datasets = store.datasets()?;
        let mut entities = HashMap::new();
        let mut datasets_of: HashMap<String, Vec<String>> = HashMap::new();
        let mut records = Vec::new();
        let mut seen = HashMap::new();
        let mut versions = BTreeMap::new();
        for d in &datasets {
            let Some(current) = &d.current else { continue };
            versions.insert(d.name.clone(), current.id);
            for e in store.entities(current.id)? {
                let e = e?;
                if let Some(r) = Record::from_entity(&e) {
                    records.push(r);
                }
                datasets_of
                    .entry(e.id.clone())
                    .or_default()
                    .push(d.name.clone());
                entities.insert(e.id.clone(), e);
            }
            for (id, s) in store.seen(&d.name)? {
                seen.entry(id).or_insert(s);
            }
        }
        Ok(Snapshot {
            index: Index::new(records),
            entities,
            datasets_of,
            seen,
            datasets,
            versions,
        })
    }

    /// The versions as JSON, for the audit log.
    pub fn versions_json(&self) -> String {
        serde_json::to_string(&self.versions).unwrap_or_else(|_| "{}".into())
    }
}

/// A small pool of read connections to the store (WAL lets them read while one writes).
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

/// A connection taken from the pool; it goes back when dropped.
pub struct Conn<'p> {
    pool: &'p Pool,
    store: Option<Store>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
            .as_ref()
            .expect("a pooled connection is present until dropped")
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .expect("a pooled connection is present until dropped")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let (Some(s), Ok(mut idle)) = (self.store.take(), self.pool.idle.lock()) {
            if idle.len() < 16 {
                idle.push(s);
            }
        }
    }
}

impl Pool {
    /// A pool over the store at `path`.
    pub fn new(path: &Path) -> Pool {
        Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A connection, reused or newly opened.
    pub fn get(&self) -> Result<Conn<'_>, ApiError> {
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let store = match reused {
            Some(s) => s,
            None => Store::open(&self.path)?,
        };
        Ok(Conn {
            pool: self,
            store: Some(store),
        })
    }
}

/// One audit entry on its way to the log, with whom to tell once it is written.
type AuditJob = (NewAuditEntry, Option<oneshot::Sender<Result<(), String>>>);

/// The most entries written in one transaction.
const MAX_BATCH: usize = 1024;

/// How long the writer waits, at most, for the entries of requests that are being answered
/// before it commits the ones it has (see [`Audit`]).
const GATHER: Duration = Duration::from_micros(500);

/// The audit writer: one thread that appends entries in batches, one transaction each (group
/// commit, every transaction synced to disk), and answers each request once its entry is on
/// disk.
///
/// Under load most of the cost of an entry is the sync of its transaction, so the writer
/// gathers: when an entry arrives while other requests are being answered (they announced
/// themselves with [`Audit::coming`]), it waits for theirs too, up to [`GATHER`] after the
/// first, and writes them all with one sync. A request alone is written at once.
#[derive(Clone)]
pub struct Audit {
    tx: mpsc::Sender<AuditJob>,
    /// Requests whose entries are on their way.
    coming: Arc<AtomicUsize>,
}

/// A request whose audit entry is on its way: while it is held, the writer waits a moment for
/// the entry before committing (see [`Audit`]).
pub struct Coming<'a> {
    audit: &'a Audit,
}

impl Drop for Coming<'_> {
    fn drop(&mut self) {
        self.audit.coming.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Coming<'_> {
    /// Append the entry and wait until it is written. The request stops being counted as
    /// coming first, so that a request alone never makes the writer wait.
    pub async fn record(self, entry: NewAuditEntry) -> Result<(), ApiError> {
        let audit = self.audit;
        drop(self);
        audit.record(entry).await
    }
}

impl Audit {
    /// Start the writer on the store at `path`.
    pub fn start(path: &Path) -> Result<Audit, ce2_store::Error> {
        let mut store = Store::open(path)?;
        let (tx, rx) = mpsc::channel::<AuditJob>();
        let coming = Arc::new(AtomicUsize::new(0));
        let others = coming.clone();
        std::thread::Builder::new()
            .name("ce2-audit".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let batch = gather(&rx, first, &others);
                    let (entries, waiting): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
                    let result = store.append_audit(&entries).map_err(|e| e.to_string());
                    for done in waiting.into_iter().flatten() {
                        let _ = done.send(result.clone());
                    }
                }
            })
            .map_err(|e| {
                ce2_store::Error::Invalid(format!("cannot start the audit writer: {e}"))
            })?;
        Ok(Audit { tx, coming })
    }

    /// Announce an entry that will follow (see [`Audit`]); the guard's
    /// [`record`](Coming::record) sends it.
    pub fn coming(&self) -> Coming<'_> {
        self.coming.fetch_add(1, Ordering::SeqCst);
        Coming { audit: self }
    }

    /// Append an entry and wait until it is written.
    pub async fn record(&self, entry: NewAuditEntry) -> Result<(), ApiError> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send((entry, Some(done)))
            .map_err(|_| audit_failed("the writer stopped".into()))?;
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(audit_failed(why)),
            Err(_) => Err(audit_failed("the writer stopped".into())),
        }
    }
}

/// The next batch: `first`, every entry already sent, and those of requests still being
/// answered that arrive within [`GATHER`] of the first.
fn gather(rx: &mpsc::Receiver<AuditJob>, first: AuditJob, coming: &AtomicUsize) -> Vec<AuditJob> {
    let until = Instant::now() + GATHER;
    let mut batch = vec![first];
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => batch.push(job),
            Err(mpsc::TryRecvError::Disconnected) => break,
            Err(mpsc::TryRecvError::Empty) => {
                let now = Instant::now();
                if coming.load(Ordering::SeqCst) == 0 || now >= until {
                    break;
                }
                match rx.recv_timeout(until - now) {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
        }
    }
    batch
}

fn audit_failed(why: String) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "audit_failed",
        format!("the audit log could not be written: {why}"),
    )
}

/// Settings of the service.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store file.
    pub store: PathBuf,
    /// Whether the service listens on loopback only (anonymous read-only use is then allowed
    /// while the store has no keys).
    pub loopback: bool,
    /// Requests per second per key (0: no limit).
    pub rate_limit: u32,
    /// The longest a request may take.
    pub timeout: Duration,
    /// The largest JSON body.
    pub max_body: usize,
    /// The largest CSV body for batch screening.
    pub max_batch_body: usize,
    /// How often the store is checked for new list versions.
    pub reload_every: Duration,
    /// How long a client may take to send a request's headers before it is cut off.
    pub header_timeout: Duration,
}

impl Config {
    /// Defaults for a store at `store`.
    pub fn new(store: PathBuf) -> Config {
        Config {
            store,
            loopback: true,
            rate_limit: 100,
            timeout: Duration::from_secs(30),
            max_body: 2 * 1024 * 1024,
            max_batch_body: 64 * 1024 * 1024,
            reload_every: Duration::from_secs(2),
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// A token bucket per caller.
#[derive(Default)]
pub struct Limiter {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl Limiter {
    /// Take one token for `who` at `rate` per second (burst of twice the rate); the seconds to
    /// wait when none is left.
    pub fn take(&self, who: &str, rate: u32) -> Result<(), u64> {
        if rate == 0 {
            return Ok(());
        }
        let rate = f64::from(rate);
        let burst = rate * 2.0;
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        let (tokens, last) = buckets.entry(who.to_string()).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// Everything a handler may use.
pub struct AppState {
    /// Settings.
    pub config: Config,
    /// Read connections.
    pub pool: Pool,
    /// The audit writer.
    pub audit: Audit,
    /// The current snapshot, swapped whole on reload.
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    /// Keys by hash, with when they were read (a revocation takes effect within seconds).
    keys: Mutex<HashMap<String, (Option<ApiKey>, Instant)>>,
    /// Whether the store has any key (anonymous use ends with the first key).
    has_keys: AtomicBool,
    /// The rate limiter.
    pub limiter: Limiter,
    /// Turns to screen: requests screened at once are bounded by the cores (see
    /// [`screening_turns`]); the others wait in order.
    pub screening: tokio::sync::Semaphore,
}

/// How many requests are screened at once: twice the cores. Screening is CPU work; with one
/// thread per request in flight, the operating system shares the cores among all of them, so
/// that each takes longer and the unlucky ones far longer. Twice the cores keeps them busy
/// while a request moves between threads.
pub fn screening_turns() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

/// How long a key read from the store is trusted.
const KEY_CACHE: Duration = Duration::from_secs(2);

impl AppState {
    /// The state over a store, with no snapshot yet.
    pub fn new(config: Config) -> Result<Arc<AppState>, ce2_store::Error> {
        let store = Store::open(&config.store)?;
        let has_keys = store.has_keys()?;
        drop(store);
        Ok(Arc::new(AppState {
            pool: Pool::new(&config.store),
            audit: Audit::start(&config.store)?,
            config,
            snapshot: RwLock::new(None),
            keys: Mutex::new(HashMap::new()),
            has_keys: AtomicBool::new(has_keys),
            limiter: Limiter::default(),
            screening: tokio::sync::Semaphore::new(screening_turns()),
        }))
    }

    /// The current snapshot, or `not_ready` while the lists load.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        self.snapshot
            .read()
            .ok()
            .and_then(|s| s.clone())
            .ok_or_else(|| {
                ApiError::new(
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    "not_ready",
                    "the lists are still loading",
                )
            })
    }

    /// Whether a snapshot is loaded.
    pub fn ready(&self) -> bool {
        self.snapshot.read().map(|s| s.is_some()).unwrap_or(false)
    }

    /// Load the lists and swap them in if their versions changed (or none were loaded);
    /// whether a new snapshot was swapped in. Requests in flight keep the snapshot they began
    /// with.
    pub fn reload(&self) -> Result<bool, ce2_store::Error> {
        let store = Store::open(&self.config.store)?;
        self.has_keys.store(store.has_keys()?, Ordering::Relaxed);
        let current: BTreeMap<String, i64> = store
            .datasets()?
            .into_iter()
            .filter_map(|d| Some((d.name, d.current?.id)))
            .collect();
        if let Ok(Some(s)) = self.snapshot.read().as_deref() {
            if s.versions == current {
                return Ok(false);
            }
        }
        let fresh = Arc::new(Snapshot::load(&store)?);
        if let Ok(mut slot) = self.snapshot.write() {
            *slot = Some(fresh);
        }
        Ok(true)
    }

    /// Whether anonymous read-only use is allowed: on loopback, while the store has no key.
    pub fn anonymous_allowed(&self) -> bool {
        self.config.loopback && !self.has_keys.load(Ordering::Relaxed)
    }

    /// The key whose secret is `secret`, if any (revoked keys included).
    pub fn key(&self, secret: &str) -> Result<Option<ApiKey>, ApiError> {
        let hash = crate::auth::hash_key(secret);
        if let Ok(cache) = self.keys.lock() {
            if let Some((k, at)) = cache.get(&hash) {
                if at.elapsed() < KEY_CACHE {
                    return Ok(k.clone());
                }
            }
        }
        let found = self.pool.get()?.key_by_hash(&hash)?;
        if let Ok(mut cache) = self.keys.lock() {
            if cache.len() > 10_000 {
                cache.clear();
            }
            cache.insert(hash, (found.clone(), Instant::now()));
        }
        Ok(found)
    }
}
