//! Throughput of the decoder on one NMEA file, repeated in memory until a run lasts at least a
//! second: `cargo bench -p ce2-ais --bench ais_decode -- [FILE] [MIN_SECONDS] [json]`. Prints
//! one line of `key=value` pairs. Without FILE, reads the USCG sample from the shared data.
//! With `json`, each message is also written as gpsd JSON (unscaled, with its metadata) into a
//! reused buffer, as `ce2 ais decode` would write JSON lines.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let path = match args.first() {
        Some(p) => std::path::PathBuf::from(p),
        None => match ce2_testdata::shared_file(
            "maritime/nmea/uscg-nais-maritimeviz/ais_2016_07_28_aa.nmea",
        ) {
            Some(p) => p,
            None => return,
        },
    };
    let min_secs: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let json = args.get(2).is_some_and(|a| a == "json");
    let mut out: Vec<u8> = Vec::with_capacity(1 << 20);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));

    // One pass to learn the counts.
    let mut d = ce2_ais::Decoder::new();
    let mut sink = 0u64;
    d.feed(&bytes, |m| {
        sink = sink.wrapping_add(u64::from(m.message.mmsi()))
    });
    d.finish();
    let stats = d.take_stats();

    // Timed passes: a fresh decoder each pass, as a new file would get.
    let mut passes = 0u64;
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let mut messages = 0u64;
    loop {
        let mut d = ce2_ais::Decoder::new();
        d.feed(&bytes, |m| {
            messages += 1;
            sink = sink.wrapping_add(u64::from(m.message.mmsi()));
            if json {
                out.clear();
                serde_json::to_writer(&mut out, &ce2_ais::Gpsd::of(m)).unwrap();
                out.push(b'\n');
                sink = sink.wrapping_add(out.len() as u64);
            }
        });
        d.finish();
        passes += 1;
        if start.elapsed().as_secs_f64() >= min_secs {
            break;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    let sentences = stats.sentences * passes;
    println!(
        "decoder=ce2-ais{} file={} passes={} seconds={:.3} sentences_per_pass={} messages_per_pass={} rejected_per_pass={} sentences_per_s={:.0} messages_per_s={:.0} lines_per_s={:.0} cpu_seconds={:.2} sentences_per_cpu_s={:.0} checksum={}",
        if json { "+json" } else { "" },
        path.file_name().and_then(|s| s.to_str()).unwrap_or("?"),
        passes,
        secs,
        stats.sentences,
        messages / passes,
        stats.rejected_total() - stats.rejected(ce2_ais::RejectKind::NotAis),
        sentences as f64 / secs,
        messages as f64 / secs,
        (stats.lines * passes) as f64 / secs,
        cpu.unwrap_or(f64::NAN),
        cpu.map_or(f64::NAN, |c| sentences as f64 / c),
        sink % 1000,
    );
}

/// User + system CPU time of this process, from `/proc/self/stat` (Linux; 10 ms ticks), so
/// that a run on a shared machine can be told from one that had the core to itself.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = after.split(' ').collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
