//! A repeatable throughput measurement: a synthetic fleet through tracks and every detector.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;

use crate::areas::WatchAreas;
use crate::events::{detect, Config, EventKind};
use crate::scenario::synthetic_fleet;
use crate::tracks::build_tracks;

/// What one benchmark run measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Positions processed.
    pub positions: usize,
    /// Ships in the fleet.
    pub vessels: usize,
    /// Days covered.
    pub days: f64,
    /// Threads used (rayon).
    pub threads: usize,
    /// Seconds to generate the fleet (not part of the throughput).
    pub generate_s: f64,
    /// Seconds to sort and segment the tracks.
    pub tracks_s: f64,
    /// Seconds to detect every kind of event.
    pub events_s: f64,
    /// Positions per second over tracks and events.
    pub positions_per_s: f64,
    /// Segments built.
    pub segments: usize,
    /// Events found, by kind.
    pub events: BTreeMap<String, usize>,
    /// Encounters scripted into the fleet.
    pub scripted_encounters: usize,
    /// Encounters found between scripted partners.
    pub scripted_encounters_found: usize,
}

/// Generates a fleet of about `positions` positions (one ship per 2,000 positions, at least
/// 10, over 30 days, in the Sea of Japan) and times tracks
/// plus events with the default configuration and watch areas.
pub fn bench(positions: usize) -> BenchReport {
    let vessels = (positions / 2_000).max(10);
    let days = 30.0;
    let t = Instant::now();
    let (pos, statics, pairs) = synthetic_fleet(vessels, days, positions, 2024);
    let generate_s = t.elapsed().as_secs_f64();
    let n = pos.len();
    let areas = WatchAreas::default_areas();
    let cfg = Config::default();
    let t = Instant::now();
    let tracks = build_tracks(pos, &cfg.segment);
    let tracks_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let events = detect(&tracks, &statics, &areas, &cfg);
    let events_s = t.elapsed().as_secs_f64();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    for e in &events {
        *by_kind.entry(e.kind.as_str().to_string()).or_default() += 1;
    }
    let scripted_found = events
        .iter()
        .filter(|e| e.kind == EventKind::Encounter)
        .filter(|e| {
            let m = e.mmsis();
            let v = |x: u32| (x - 412_100_000) as usize;
            m.len() == 2 && v(m[0]) < 2 * pairs && v(m[0]) / 2 == v(m[1]) / 2
        })
        .count();
    BenchReport {
        positions: n,
        vessels,
        days,
        threads: rayon::current_num_threads(),
        generate_s,
        tracks_s,
        events_s,
        positions_per_s: n as f64 / (tracks_s + events_s),
        segments: tracks.segments.len(),
        events: by_kind,
        scripted_encounters: pairs,
        scripted_encounters_found: scripted_found,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn small_bench_finds_its_scripted_encounters() {
        let r = super::bench(200_000);
        assert_eq!(r.vessels, 100);
        assert_eq!(r.scripted_encounters, 2);
        assert!(r.positions >= 190_000, "{r:?}");
        assert!(r.scripted_encounters_found >= 1, "{r:?}");
    }
}
