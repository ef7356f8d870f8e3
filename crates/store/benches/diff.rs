//! Timings of the store on synthetic lists the size of the OFAC SDN list as the readers give
//! it (about 18,000 entities): ingest, no-op re-ingest, reading a version, diff, delta.
//!
//! Run with `cargo bench -p ce2-store` (release build). Prints one line per measurement; the
//! target is a diff between two 18k-entity versions in well under a second.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use ce2_model::DeltaOp;
use ce2_store::{NewVersion, Store};

fn meta(dataset: &str, tag: &str) -> NewVersion {
    let mut new =
        NewVersion::for_bytes(dataset, &format!("synthetic:{tag}"), "ftm", tag.as_bytes());
    new.published = Some("2026-01-01".into());
    new
}

/// Run `f` `runs` times and report the fastest and the median run.
fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "{label:<58} min {:>9.1} ms   median {:>9.1} ms   ({runs} runs)",
        times[0].as_secs_f64() * 1e3,
        times[runs / 2].as_secs_f64() * 1e3
    );
    match last {
        Some(v) => v,
        None => unreachable!("runs is at least one"),
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(dir.path().join("bench.db")).expect("a new store");

    // Ingest 20k entities into an empty dataset, on disk with synchronous=FULL.
    let twenty = synthetic::version("bench_ingest", "2026-01-01", 0..6667, |_| 0);
    let mut n = 0;
    time(
        &format!("ingest {} entities (new dataset)", twenty.len()),
        3,
        || {
            n += 1;
            store
                .ingest(&meta(&format!("bench_ingest_{n}"), "20k"), &twenty, &[])
                .expect("ingest")
        },
    );

    // Two publications of an 18k-entity list: 1% of records changed, 0.5% removed, 0.5% new.
    let v1_entities = synthetic::version("ofac_sdn", "2026-01-01", 0..6000, |_| 0);
    let v2_entities = synthetic::version("ofac_sdn", "2026-01-08", 30..6030, |n| {
        u32::from(n % 100 == 7)
    });
    let v1 = time(
        &format!("ingest v1, {} entities", v1_entities.len()),
        1,
        || {
            store
                .ingest(&meta("ofac_sdn", "v1"), &v1_entities, &[])
                .expect("v1")
        },
    )
    .version;
    let v2 = time(
        &format!("ingest v2, {} entities, 98% unchanged", v2_entities.len()),
        1,
        || {
            store
                .ingest(&meta("ofac_sdn", "v2"), &v2_entities, &[])
                .expect("v2")
        },
    )
    .version;
    time("re-ingest of the same bytes (no-op)", 5, || {
        store
            .ingest(&meta("ofac_sdn", "v2"), &v2_entities, &[])
            .expect("no-op")
    });
    let diff = time("diff v1 -> v2 (18k vs 18k)", 7, || {
        store.diff(v1.id, v2.id).expect("diff")
    });
    println!(
        "    {} added, {} removed, {} changed",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );

    // Every record changed: the worst case, where every changed body is read and compared.
    let all_changed = synthetic::version("ofac_sdn", "2026-01-15", 0..6000, |_| 1);
    let v3 = store
        .ingest(&meta("ofac_sdn", "v3"), &all_changed, &[])
        .expect("v3")
        .version;
    let diff = time("diff v1 -> v3 (every party and address changed)", 3, || {
        store.diff(v1.id, v3.id).expect("diff")
    });
    println!("    {} changed", diff.changed.len());

    time("read all entities of v2", 3, || {
        store
            .entities(v2.id)
            .expect("version")
            .collect::<Result<Vec<_>, _>>()
            .expect("entities")
            .len()
    });

    // The same change as v1 -> v2, as a delta on v3's successor.
    let ops: Vec<DeltaOp> = (0..60)
        .flat_map(|n| synthetic::record("ofac_sdn", "2026-01-22", 6100 + n, 0))
        .map(DeltaOp::Add)
        .chain(
            (0..60)
                .flat_map(|n| synthetic::record("ofac_sdn", "2026-01-22", n * 100 + 7, 2))
                .map(DeltaOp::Mod),
        )
        .collect();
    time(
        &format!("apply a delta of {} operations to 18k", ops.len()),
        1,
        || {
            store
                .apply_delta(&meta("ofac_sdn", "delta"), &ops, &[])
                .expect("delta")
        },
    );
}
