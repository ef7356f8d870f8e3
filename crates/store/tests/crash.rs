//! Crash safety: a process killed with SIGKILL in the middle of an ingest leaves the store at
//! the previous version, sound, and ready for the next ingest.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ce2_store::Store;

/// Set, to the store's path, in the child process this test starts.
const CHILD_ENV: &str = "CE2_STORE_KILL_CHILD";

/// Records of the big ingest the child is killed in: 70,000 records are 210,000 entities.
const BIG: usize = 70_000;

/// The child's part of [`kill_9_during_an_ingest_leaves_the_previous_version`]. Does nothing
/// unless started by it: opens the store, says so on stdout, and ingests a large version.
#[test]
fn child_process_of_the_kill_test() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(&path).unwrap();
    let entities =
        common::synthetic::version("ofac_sdn", "2026-02-01", 0..BIG, |n| u32::from(n % 50 == 0));
    println!("ingesting {} entities", entities.len());
    let done = store
        .ingest(
            &common::synthetic_version("ofac_sdn", "big"),
            &entities,
            &[],
        )
        .unwrap();
    println!("done: version {}", done.version.id);
}

fn wal_size(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn kill_9_during_an_ingest_leaves_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ce2.db");
    let previous = {
        let mut store = Store::open(&db).unwrap();
        let entities = common::synthetic::version("ofac_sdn", "2026-01-01", 0..1000, |_| 0);
        store
            .ingest(
                &common::synthetic_version("ofac_sdn", "small"),
                &entities,
                &[],
            )
            .unwrap()
            .version
    };
    assert_eq!(previous.entity_count, 3000);

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_process_of_the_kill_test",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the child ended before ingesting"
        );
        if line.contains("ingesting ") {
            break;
        }
    }
    // Wait until the transaction has spilled a few megabytes of uncommitted pages into the
    // log: the child is then well inside the ingest, whose whole size is far larger.
    let start = Instant::now();
    let mut wal = 0;
    while wal < 4 << 20 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the ingest never got going"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the child ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(5));
        wal = wal_size(&db);
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "{status:?}");
    }
    assert!(!status.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    assert!(
        !rest.contains("done"),
        "the ingest finished before the kill: {rest}"
    );
    eprintln!("killed with {wal} bytes of log written");

    // Everything is as before the child started.
    let mut store = Store::open(&db).unwrap();
    store.check().unwrap();
    let current = store.current_version("ofac_sdn").unwrap().unwrap();
    assert_eq!(current, previous);
    assert_eq!(
        store.versions("ofac_sdn").unwrap(),
        std::slice::from_ref(&previous)
    );
    assert_eq!(store.entities(current.id).unwrap().count(), 3000);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        assert_eq!(count("SELECT count(*) FROM entities"), 3000);
        assert_eq!(count("SELECT count(*) FROM bodies"), 3000);
        assert_eq!(count("SELECT count(*) FROM versions"), 1);
    }

    // And the next ingest works.
    let entities = common::synthetic::version("ofac_sdn", "2026-02-01", 0..1200, |_| 1);
    let next = store
        .ingest(
            &common::synthetic_version("ofac_sdn", "after"),
            &entities,
            &[],
        )
        .unwrap();
    assert!(next.created);
    assert_eq!(next.version.parent, Some(previous.id));
    assert_eq!(next.version.entity_count, 3600);
    store.check().unwrap();
}
