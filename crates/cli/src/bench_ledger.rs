//! `ce2 bench ledger`: the evidence ledger's speed, on a ledger written in a temporary folder.
//!
//! 1. Adding a large file (default 1 GiB of pseudo-random bytes, written first and not timed):
//!    MB/s and the process's peak memory before and after.
//! 2. Appending events (default 1,000,000): one item added per ten events, the others links and
//!    grades on recent items; 1,000 events per transaction, and then 10,000 events one
//!    transaction each.
//! 3. Inclusion proofs: 10,000 random events of the full log, each proof made from the stored
//!    tree and verified against the signed root.
//! 4. Full verification of the log (events, tree, checkpoints, items), then of the files.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, Context};
use ce2_ledger::event::{Body, Capture, FileRef};
use ce2_ledger::verify::VerifyOptions;
use ce2_ledger::{Ledger, NewItem};
use ce2_model::Tlp;

use crate::commands::Failure;

type Result<T, E = Failure> = std::result::Result<T, E>;

/// A memory figure of this process from /proc (kB), where the system has it.
pub(crate) fn proc_status(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Run the benchmark.
pub fn run(dir: Option<&Path>, events: u64, file_mb: u64) -> Result<()> {
    let tmp = match dir {
        Some(d) => tempfile::Builder::new()
            .prefix("ce2-bench-ledger")
            .tempdir_in(d),
        None => tempfile::Builder::new()
            .prefix("ce2-bench-ledger")
            .tempdir(),
    }
    .context("cannot make a temporary folder")?;
    let ledger_dir = tmp.path().join("ledger");
    let mut ledger =
        Ledger::init(&ledger_dir, Some("bench.ce2/ledger"), None).map_err(|e| anyhow!("{e}"))?;
    println!("ledger in {}", ledger_dir.display());

    // 1. A large file.
    if file_mb > 0 {
        let src = tmp.path().join("large.bin");
        {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(&src).context("cannot write the test file")?,
            );
            let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
            let mut chunk = vec![0u8; 1 << 20];
            for _ in 0..file_mb {
                for w in chunk.chunks_exact_mut(8) {
                    w.copy_from_slice(&rng.next().to_le_bytes());
                }
                f.write_all(&chunk).context("cannot write the test file")?;
            }
            f.flush().context("cannot write the test file")?;
        }
        let hwm_before = proc_status("VmHWM:");
        let started = Instant::now();
        let mut reader = std::fs::File::open(&src).context("cannot read the test file")?;
        let (item, _) = ledger
            .add(
                "bench",
                &mut reader,
                NewItem {
                    name: "large.bin".into(),
                    media_type: None,
                    capture: Capture {
                        collector: "bench".into(),
                        collected_at: "2026-01-01T00:00:00Z".into(),
                        origin: "generated".into(),
                        method: "generated".into(),
                        ..Capture::default()
                    },
                    source: None,
                    description: None,
                    tlp: Tlp::Green,
                    grade: None,
                },
            )
            .map_err(|e| anyhow!("{e}"))?;
        let secs = started.elapsed().as_secs_f64();
        let hwm_after = proc_status("VmHWM:");
        let mb = item.file.size as f64 / 1e6;
        println!(
            "add a {} MiB file: {:.2} s, {:.0} MB/s; peak memory {} kB before, {} kB after (target >= 300 MB/s, memory flat)",
            file_mb,
            secs,
            mb / secs,
            hwm_before.map_or("?".into(), |v| v.to_string()),
            hwm_after.map_or("?".into(), |v| v.to_string()),
        );
        let _ = std::fs::remove_file(&src);
    }

    // 2. Appending.
    let small = ledger
        .blobs()
        .put(&mut &b"a small exhibit"[..], None)
        .map_err(|e| anyhow!("{e}"))?;
    let file = FileRef {
        hash: small.digest,
        size: small.size,
        name: "exhibit.txt".into(),
        media_type: None,
    };
    let capture = Capture {
        collector: "bench".into(),
        collected_at: "2026-01-01T00:00:00Z".into(),
        origin: "https://example.org/capture".into(),
        method: "web capture".into(),
        tool: Some("ce2 bench".into()),
        hash_at_capture: None,
    };
    let grade = "B2".parse().expect("a grade");
    let mut next_item = ledger.items().map_err(|e| anyhow!("{e}"))?.len() as u64 + 1;
    let mut body_for = |i: u64| -> Body {
        if i.is_multiple_of(10) {
            let id = format!("EV-{next_item:07}");
            next_item += 1;
            Body::Added {
                item: id,
                file: file.clone(),
                capture: capture.clone(),
                source: None,
                description: Some(format!("exhibit {i}")),
                tlp: Tlp::Amber,
            }
        } else {
            let item = format!("EV-{:07}", next_item - 1);
            if i % 10 == 5 {
                Body::Graded {
                    item,
                    grade,
                    note: None,
                }
            } else {
                Body::Linked {
                    item,
                    entity: format!("imo:{}", 9_000_000 + i % 100_000),
                    claim: format!("called at Rajin, voyage {i}"),
                }
            }
        }
    };
    let base = ledger.size();
    let batch = 1_000u64;
    let started = Instant::now();
    let mut i = 0u64;
    while i < events {
        let n = batch.min(events - i);
        let bodies: Vec<Body> = (i..i + n).map(&mut body_for).collect();
        ledger.append("bench", bodies).map_err(|e| anyhow!("{e}"))?;
        i += n;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "append {events} events, {batch} per transaction: {secs:.2} s, {:.0} events/s (target >= 20,000)",
        events as f64 / secs
    );
    let single = 10_000u64.min(events.max(10));
    let started = Instant::now();
    for j in 0..single {
        ledger
            .append("bench", vec![body_for(events + j)])
            .map_err(|e| anyhow!("{e}"))?;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "append {single} events, one transaction each (synchronous=FULL): {secs:.2} s, {:.0} events/s",
        single as f64 / secs
    );
    let signed = ledger.checkpoint().map_err(|e| anyhow!("{e}"))?;
    let size = signed.size;
    debug_assert!(size > base);

    // 3. Inclusion proofs.
    let root = ledger.root_at(size).map_err(|e| anyhow!("{e}"))?;
    let mut rng = XorShift(42);
    let mut make = Vec::with_capacity(10_000);
    let mut check = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let seq = rng.next() % size;
        let t = Instant::now();
        let proof = ledger
            .inclusion_proof(seq, size)
            .map_err(|e| anyhow!("{e}"))?;
        let leaf = ledger.leaf_hash(seq).map_err(|e| anyhow!("{e}"))?;
        make.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        ce2_tlog::merkle::verify_inclusion(seq, size, &leaf, &proof, &root)
            .map_err(|e| anyhow!("event {seq}: {e}"))?;
        check.push(t.elapsed().as_secs_f64() * 1e6);
    }
    // The first proofs find the upper tree levels still on disk; later ones in memory.
    let mut first: Vec<f64> = make[..100].to_vec();
    first.sort_by(f64::total_cmp);
    make.sort_by(f64::total_cmp);
    check.sort_by(f64::total_cmp);
    println!(
        "inclusion proof in a log of {size}: made from the store in {:.1} µs median, {:.1} µs p99 ({:.1} µs median over the first 100, before the upper levels are cached); verified in {:.1} µs median (target < 100 µs)",
        percentile(&make, 0.5),
        percentile(&make, 0.99),
        percentile(&first, 0.5),
        percentile(&check, 0.5)
    );

    // 4. Verification.
    drop(ledger);
    let ledger = Ledger::open(&ledger_dir, None).map_err(|e| anyhow!("{e}"))?;
    let started = Instant::now();
    let report = ledger
        .verify(&VerifyOptions::default())
        .map_err(|e| anyhow!("{e}"))?;
    let secs = started.elapsed().as_secs_f64();
    if !report.ok() {
        return Err(anyhow!(
            "the benchmark's ledger does not verify: {:?}",
            report.findings
        )
        .into());
    }
    println!(
        "verify the log of {} events ({} checkpoints, {} items): {secs:.2} s (target < 10 s); peak memory {} kB",
        report.events,
        report.checkpoints,
        report.items,
        proc_status("VmHWM:").map_or("?".into(), |v| v.to_string())
    );
    let started = Instant::now();
    let report = ledger
        .verify(&VerifyOptions {
            files: true,
            external: Vec::new(),
        })
        .map_err(|e| anyhow!("{e}"))?;
    println!(
        "verify the log and its files ({} files, {} bytes): {:.2} s",
        report.files,
        report.bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
