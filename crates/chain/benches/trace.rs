//! Benchmarks: forward traces over a large random graph (transfers examined per second, peak
//! memory per transfer) and exposure queries on a 10-million-transfer graph (milliseconds per
//! address).
//!
//! `cargo bench -p ce2-chain` runs 20 million transfers by default;
//! `CE2_BENCH_TRANSFERS=100000000 cargo bench -p ce2-chain` runs the full size, and
//! `CE2_BENCH_RUNS=5` runs each forward trace five times and gives the median. The size is
//! lowered when the machine's available memory is short, and the output says so. Each forward
//! trace runs in a process of its own (the benchmark starts itself again), so that its peak
//! memory (VmHWM) is its own: the graph, the trace's state and its report.

use std::process::Command;
use std::time::Instant;

use ce2_chain::backward::{exposure, BackwardSpec};
use ce2_chain::labels::{Category, CategorySet, NodeLabels};
use ce2_chain::synth::{random_graph, Rng};

/// Peak resident memory of this process (VmHWM) in bytes, where the system reports it.
fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| kb * 1024)
}
use ce2_chain::trace::{trace, Model, Seed, TraceSpec};

/// Anonymous memory of this process backed by transparent huge pages, in bytes.
fn huge_page_bytes() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/smaps_rollup").ok()?;
    s.lines()
        .find(|l| l.starts_with("AnonHugePages:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| kb * 1024)
}

fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("MemAvailable:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| kb * 1024)
}

fn mb(b: u64) -> f64 {
    b as f64 / 1e6
}

fn env_u32(k: &str, default: u32) -> u32 {
    std::env::var(k)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The forward traces: (model, seeds, description). Poison from one address and from 1% of
/// the addresses; the pooled models from one address and from 1% of the addresses (each
/// sends its whole output as seed), so that taint reaches a large part of the graph.
fn rows() -> Vec<(Model, bool, &'static str)> {
    vec![
        (Model::Poison, false, "1 seed address"),
        (Model::Poison, true, "1% of addresses as seeds"),
        (Model::Haircut, false, "1 seed address"),
        (Model::Haircut, true, "1% of addresses as seeds"),
        (Model::Fifo, true, "1% of addresses as seeds"),
        (Model::Lifo, true, "1% of addresses as seeds"),
    ]
}

fn run_row(i: usize, n: u32, nodes: u32) {
    let t = Instant::now();
    let g = random_graph(n, nodes, 42);
    let build = t.elapsed();
    if i == 0 {
        let bytes = g.memory_bytes() as u64;
        let hwm = peak_memory_bytes().unwrap_or(0);
        println!(
            "build {:.2} s; graph (no adjacency) {:.1} MB = {:.2} bytes/transfer; VmHWM after the build {:.1} MB = {:.2} bytes/transfer",
            build.as_secs_f64(),
            mb(bytes),
            bytes as f64 / f64::from(n),
            mb(hwm),
            hwm as f64 / f64::from(n)
        );
    }
    let (model, many, what) = rows()[i];
    let seeds: Vec<Seed> = if many {
        let mut rng = Rng::new(5);
        (0..nodes / 100)
            .map(|_| Seed::Address(2 + rng.below(u64::from(nodes - 2)) as u32))
            .collect()
    } else {
        vec![Seed::Address(2)]
    };
    if !many {
        // A local trace follows timelines: the adjacency is built first (as reading a stored
        // graph for an investigation would), and timed apart.
        let t = Instant::now();
        g.adjacency();
        println!("adjacency built in {:.2} s", t.elapsed().as_secs_f64());
    }
    let mut spec = TraceSpec::new(model, seeds);
    spec.asset = Some(0);
    spec.max_hops = u32::MAX;
    spec.record_flows = false;
    spec.max_listed = 1000;
    let t = Instant::now();
    let r = trace(&g, &NodeLabels::default(), &spec).expect("trace");
    let secs = t.elapsed().as_secs_f64();
    let hwm = peak_memory_bytes().unwrap_or(0);
    let huge = huge_page_bytes().unwrap_or(0);
    if i == 0 {
        let bytes = g.memory_bytes() as u64;
        println!(
            "graph with the adjacency a local trace builds: {:.1} MB = {:.2} bytes/transfer",
            mb(bytes),
            bytes as f64 / f64::from(n)
        );
    }
    println!(
        "{:>8} ({what}): {:.2} s, {} transfers examined = {:.1} M/s (1 core), {} nodes reached, reconciles {}, adjacency {}, VmHWM {:.1} MB = {:.2} bytes/transfer, {:.0} MB in huge pages",
        model.name(),
        secs,
        r.stats.edges,
        r.stats.edges as f64 / secs / 1e6,
        r.nodes.len(),
        r.totals.reconciles,
        if g.has_adjacency() { "built" } else { "not built" },
        mb(hwm),
        hwm as f64 / f64::from(n),
        mb(huge)
    );
    println!("{RATE} {}", r.stats.edges as f64 / secs / 1e6);
}

/// How a row's process reports its rate to the benchmark that started it.
const RATE: &str = "@rate";

fn main() {
    let wanted = env_u32("CE2_BENCH_TRANSFERS", 20_000_000);
    let degree = env_u32("CE2_BENCH_DEGREE", 10);
    let mut n = wanted;
    if let Some(avail) = available_memory() {
        // Budget 64 bytes per transfer (graph, trace state and report) within 80% of what is
        // free.
        let fits = (avail as f64 * 0.8 / 64.0) as u64;
        if u64::from(n) > fits {
            n = fits as u32;
            println!(
                "note: {} MB available; running {n} transfers instead of {wanted}",
                avail / 1_000_000
            );
        }
    }
    let nodes = (n / degree).max(3);
    if let Ok(row) = std::env::var("CE2_BENCH_ROW") {
        run_row(row.parse().unwrap_or(0), n, nodes);
        return;
    }
    println!(
        "== forward trace: {n} transfers, {nodes} nodes (random sender and receiver, chain order), each trace in its own process"
    );
    let exe = std::env::current_exe().expect("the benchmark's own path");
    let runs = env_u32("CE2_BENCH_RUNS", 1).max(1);
    for i in 0..rows().len() {
        let mut rates = Vec::new();
        // Whole-graph traces are repeated; local ones (milliseconds) are not.
        let (_, many, _) = rows()[i];
        for _ in 0..if many { runs } else { 1 } {
            let out = Command::new(&exe)
                .args(std::env::args().skip(1))
                .env("CE2_BENCH_ROW", i.to_string())
                .env("CE2_BENCH_TRANSFERS", n.to_string())
                .output()
                .expect("run a row");
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                match line.strip_prefix(RATE) {
                    Some(r) => rates.extend(r.trim().parse::<f64>().ok()),
                    None => println!("{line}"),
                }
            }
        }
        if rates.len() > 1 {
            rates.sort_by(|a, b| a.total_cmp(b));
            let (model, _, what) = rows()[i];
            println!(
                "{:>8} ({what}): median {:.1} M/s over {} runs, {:.1} to {:.1}",
                model.name(),
                rates[rates.len() / 2],
                rates.len(),
                rates[0],
                rates[rates.len() - 1]
            );
        }
    }

    let n = 10_000_000u32.min(n.max(1_000_000));
    let nodes = n / degree;
    println!("== exposure: {n} transfers, {nodes} nodes, 1% of nodes sanctioned");
    let g = random_graph(n, nodes, 7);
    // Exposure walks timelines backward: the adjacency is built once, before timing.
    g.adjacency();
    let mut rng = Rng::new(99);
    let mut labels = NodeLabels::default();
    for _ in 0..nodes / 100 {
        labels.set(
            2 + rng.below(u64::from(nodes - 2)) as u32,
            CategorySet::of(&[Category::Sanctioned]),
        );
    }
    for (model, hops) in [
        (Model::Haircut, 3),
        (Model::Fifo, 3),
        (Model::Lifo, 3),
        (Model::Poison, 3),
        (Model::Haircut, 6),
        (Model::Poison, 6),
    ] {
        let mut spec = BackwardSpec::new(model);
        spec.max_hops = hops;
        let mut times = Vec::new();
        let mut exposed = 0;
        let mut work = 0u64;
        for _ in 0..1000 {
            let target = 2 + rng.below(u64::from(nodes - 2)) as u32;
            let t = Instant::now();
            let r = exposure(&g, &labels, target, &spec);
            times.push(t.elapsed().as_secs_f64() * 1e3);
            work += r.work;
            if r.assets.iter().any(|a| a.direct + a.indirect > 0) {
                exposed += 1;
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "{:>8} {hops} hops: mean {:.3} ms, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over 1000 addresses ({} exposed, {:.0} work items each)",
            model.name(),
            mean,
            times[500],
            times[990],
            times[999],
            exposed,
            work as f64 / 1000.0
        );
    }
}
