//! Throughput of tracks + events on a synthetic fleet.
//!
//! `cargo bench -p ce2-maritime --bench events [-- POSITIONS]` (default 10,000,000). Prints
//! the report as JSON with the peak resident memory (VmHWM) of the process.

fn vm_hwm_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let positions = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse::<usize>().ok())
        .unwrap_or(10_000_000);
    let report = ce2_maritime::bench::bench(positions);
    let mut v = serde_json::to_value(&report).expect("report");
    v["peak_rss_mb"] = serde_json::json!(vm_hwm_mb());
    println!("{}", serde_json::to_string_pretty(&v).expect("json"));
    println!(
        "{} positions, {} vessels: tracks {:.2} s + events {:.2} s = {:.0} positions/s on {} threads; peak RSS {:.0} MB",
        report.positions,
        report.vessels,
        report.tracks_s,
        report.events_s,
        report.positions_per_s,
        report.threads,
        vm_hwm_mb().unwrap_or(f64::NAN)
    );
}
