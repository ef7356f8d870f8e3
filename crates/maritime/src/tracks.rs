//! Tracks per MMSI, split into segments where one MMSI is used by several ships at once.
//!
//! The segmenter follows the idea of Global Fishing Watch's `gpsdio-segment` (SkyTruth,
//! Apache-2.0): positions are taken in time order; each joins the open segment it can reach at a
//! plausible speed (the best-scoring one when several can), otherwise it starts a new segment.
//! The plausible speed grows at short distances so that GPS noise between close fixes does not
//! split a track: `max_speed × (1 + multiplier / (1 + distance_nm)^exponent)`, with
//! gpsdio-segment's defaults (30 kn, 15, 1.3). A segment not extended for `max_hours` is closed.
//! This is a re-implementation from the published description, not a port; see the crate
//! tests for how close it comes to gpsdio-segment's expected output.

use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::geo::{destination, haversine_m, NM};
use crate::time::format_rfc3339;
use crate::Position;

/// Parameters of the segmenter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentConfig {
    /// Longest silence, in hours, after which a segment is closed and a new one starts.
    /// gpsdio-segment's CLI default `max_hours` is 24; we keep it.
    pub max_hours: f64,
    /// Highest plausible speed over long distances, knots (gpsdio-segment `max_speed` 30).
    pub max_speed_kn: f64,
    /// How much more speed is allowed at short distances (gpsdio-segment
    /// `max_speed_multiplier` 15).
    pub max_speed_multiplier: f64,
    /// How fast that allowance falls with distance (gpsdio-segment `max_speed_exponent` 1.3).
    pub max_speed_exponent: f64,
    /// A segment may also move at its last reported speed times this (gpsdio-segment
    /// `reported_speed_multiplier` 1.1); helps fast craft above `max_speed_kn`.
    pub reported_speed_multiplier: f64,
    /// Hours added to every time difference when judging reachability, against clock jitter
    /// between receivers (gpsdio-segment merge `buffer_hours` is 0.5; we use 5 minutes for
    /// joining single points).
    pub buffer_hours: f64,
    /// How many of a segment's last positions a new position is compared with
    /// (gpsdio-segment `lookback` 3); fitting after an earlier one discards the later ones
    /// as noise.
    pub lookback: usize,
    /// Segments with fewer points than this are treated as noise when deciding that an MMSI
    /// is used by several ships at once.
    pub min_real_points: usize,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            max_hours: 24.0,
            max_speed_kn: 30.0,
            max_speed_multiplier: 15.0,
            max_speed_exponent: 1.3,
            reported_speed_multiplier: 1.1,
            buffer_hours: 5.0 / 60.0,
            lookback: 3,
            min_real_points: 10,
        }
    }
}

/// One segment: the positions of one MMSI that the segmenter judges to come from one ship.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// The MMSI broadcast.
    pub mmsi: u32,
    /// Indexes into [`Tracks::positions`], in time order.
    pub points: Vec<u32>,
    /// Time of the first position (unix seconds).
    pub start: i64,
    /// Time of the last position (unix seconds).
    pub end: i64,
}

impl Segment {
    /// A readable id in gpsdio-segment's style: `MMSI-<first time>`.
    pub fn id(&self) -> String {
        format!("{}-{}", self.mmsi, format_rfc3339(self.start))
    }
}

/// All positions of one MMSI and its segments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MmsiTrack {
    /// The MMSI.
    pub mmsi: u32,
    /// Range of [`Tracks::positions`] holding this MMSI's positions, in time order.
    pub positions: Range<usize>,
    /// Range of [`Tracks::segments`] holding this MMSI's segments, by start time.
    pub segments: Range<usize>,
}

/// Positions grouped per MMSI, sorted by time and split into segments.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tracks {
    /// Every position, sorted by (MMSI, time).
    pub positions: Vec<Position>,
    /// The segment of each position (index into `segments`).
    pub segment_of: Vec<u32>,
    /// Every segment, grouped by MMSI.
    pub segments: Vec<Segment>,
    /// One entry per MMSI, ascending.
    pub mmsis: Vec<MmsiTrack>,
}

impl Tracks {
    /// The positions of a segment.
    pub fn segment_positions(&self, seg: usize) -> impl Iterator<Item = &Position> + '_ {
        self.segments[seg]
            .points
            .iter()
            .map(move |&i| &self.positions[i as usize])
    }

    /// The track of an MMSI, if it has positions.
    pub fn track(&self, mmsi: u32) -> Option<&MmsiTrack> {
        self.mmsis
            .binary_search_by_key(&mmsi, |t| t.mmsi)
            .ok()
            .map(|i| &self.mmsis[i])
    }
}

/// Sorts positions per MMSI and time and splits each MMSI into segments (in parallel per MMSI).
pub fn build_tracks(mut positions: Vec<Position>, cfg: &SegmentConfig) -> Tracks {
    positions.par_sort_unstable_by(|a, b| {
        (a.mmsi, a.time)
            .cmp(&(b.mmsi, b.time))
            .then(a.lat.total_cmp(&b.lat))
            .then(a.lon.total_cmp(&b.lon))
    });
    let mut ranges = Vec::new();
    let mut start = 0;
    for i in 1..=positions.len() {
        if i == positions.len() || positions[i].mmsi != positions[start].mmsi {
            ranges.push(start..i);
            start = i;
        }
    }
    let per_mmsi: Vec<(Vec<Segment>, Vec<u32>)> = ranges
        .par_iter()
        .map(|r| segment_one(&positions, r.clone(), cfg))
        .collect();
    let mut segment_of = vec![0u32; positions.len()];
    let mut segments = Vec::new();
    let mut mmsis = Vec::with_capacity(ranges.len());
    for (r, (segs, local)) in ranges.into_iter().zip(per_mmsi) {
        let base = segments.len() as u32;
        for (k, l) in local.into_iter().enumerate() {
            segment_of[r.start + k] = base + l;
        }
        let n = segs.len();
        mmsis.push(MmsiTrack {
            mmsi: positions[r.start].mmsi,
            positions: r,
            segments: segments.len()..segments.len() + n,
        });
        segments.extend(segs);
    }
    Tracks {
        positions,
        segment_of,
        segments,
        mmsis,
    }
}

struct Open {
    seg: u32,
    closed: bool,
}

/// Segments one MMSI's time-ordered positions `range`; returns its segments and the local
/// segment number of each position.
///
/// A position is compared with the last `lookback` positions of each open segment. When it fits
/// best after an earlier one, the later ones are judged to be noise (a bad fix or a wrong
/// time stamp) and moved out into segments of their own, as gpsdio-segment does with its
/// `lookback` and `discard_previous`.
fn segment_one(
    pos: &[Position],
    range: Range<usize>,
    cfg: &SegmentConfig,
) -> (Vec<Segment>, Vec<u32>) {
    let base = range.start;
    let mut segs: Vec<Segment> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut local = vec![0u32; range.len()];
    for i in range.clone() {
        let p = &pos[i];
        // (metric, open index, how many trailing points to discard)
        let mut best: Option<(f64, usize, usize)> = None;
        let live = open.iter().filter(|o| !o.closed).count();
        for (k, o) in open.iter_mut().enumerate() {
            if o.closed {
                continue;
            }
            let seg = &segs[o.seg as usize];
            let last = *seg.points.last().expect("segments are never empty") as usize;
            if (p.time - pos[last].time) as f64 / 3600.0 > cfg.max_hours {
                o.closed = true;
                continue;
            }
            let n = seg.points.len();
            // The common case, one open segment: reachability alone decides.
            if live == 1 {
                let q = &pos[last];
                if reachable(q, p, (p.time - q.time) as f64 / 3600.0, cfg).is_some() {
                    best = Some((0.0, k, 0));
                    break;
                }
            }
            // Prefer long segments a little: noise segments should not steal points.
            let weight = 1.0 + 0.1 * (n as f64).ln_1p();
            for back in 0..cfg.lookback.min(n) {
                let q = &pos[seg.points[n - 1 - back] as usize];
                let dt_h = (p.time - q.time) as f64 / 3600.0;
                if let Some(metric) = match_metric(q, p, dt_h, cfg) {
                    // Discarding points costs: only do it when nothing fits after the last.
                    let metric = metric / weight + back as f64;
                    if best.is_none_or(|(m, _, _)| metric < m) {
                        best = Some((metric, k, back));
                    }
                    break;
                }
            }
        }
        match best {
            Some((_, k, discard)) => {
                let seg_no = open[k].seg;
                for _ in 0..discard {
                    let j = segs[seg_no as usize].points.pop().expect("discarded point") as usize;
                    let noise = segs.len() as u32;
                    segs.push(Segment {
                        mmsi: p.mmsi,
                        points: vec![j as u32],
                        start: pos[j].time,
                        end: pos[j].time,
                    });
                    local[j - base] = noise;
                }
                let s = &mut segs[seg_no as usize];
                s.points.push(i as u32);
                s.end = p.time;
                local[i - base] = seg_no;
            }
            None => {
                let seg = segs.len() as u32;
                segs.push(Segment {
                    mmsi: p.mmsi,
                    points: vec![i as u32],
                    start: p.time,
                    end: p.time,
                });
                open.push(Open { seg, closed: false });
                local[i - base] = seg;
            }
        }
        open.retain(|o| !o.closed);
    }
    // Number segments by start time, as readers expect.
    let mut order: Vec<usize> = (0..segs.len()).collect();
    order.sort_by_key(|&s| (segs[s].start, segs[s].points[0]));
    let mut renum = vec![0u32; segs.len()];
    for (new, &old) in order.iter().enumerate() {
        renum[old] = new as u32;
    }
    for l in &mut local {
        *l = renum[*l as usize];
    }
    let mut slots: Vec<Option<Segment>> = segs.into_iter().map(Some).collect();
    let segs = order
        .iter()
        .map(|&old| slots[old].take().expect("each segment once"))
        .collect();
    (segs, local)
}

/// The plausible speed (knots) between two fixes `dist_nm` apart.
pub fn plausible_speed_kn(dist_nm: f64, cfg: &SegmentConfig) -> f64 {
    cfg.max_speed_kn
        * (1.0 + cfg.max_speed_multiplier / (1.0 + dist_nm).powf(cfg.max_speed_exponent))
}

/// `Some((distance in nm, buffered hours))` when `p` can be reached from `q` at a plausible
/// speed.
fn reachable(q: &Position, p: &Position, dt_h: f64, cfg: &SegmentConfig) -> Option<(f64, f64)> {
    let d_nm = haversine_m(q.lat, q.lon, p.lat, p.lon) / NM;
    let mut allowed = plausible_speed_kn(d_nm, cfg);
    if let Some(s) = q.sog {
        allowed = allowed.max(f64::from(s) * cfg.reported_speed_multiplier);
    }
    let hours = dt_h.max(0.0) + cfg.buffer_hours;
    (d_nm <= allowed * hours).then_some((d_nm, hours))
}

/// How well `p` continues from `q` (lower is better), or `None` when it cannot be the same ship.
///
/// The metric is the miss distance between `p` and where the ship should be by now (dead
/// reckoned from `q`'s reported speed and course when it has them; the smaller of that and the
/// plain distance), divided by how far the ship could go at `max_speed_kn`.
fn match_metric(q: &Position, p: &Position, dt_h: f64, cfg: &SegmentConfig) -> Option<f64> {
    let (d_nm, hours) = reachable(q, p, dt_h, cfg)?;
    // Where the ship should be by its last course and speed, when it reported them.
    let miss_nm = match (q.sog, q.cog) {
        (Some(s), Some(c)) if s > 0.0 => {
            let (la, lo) = destination(
                q.lat,
                q.lon,
                f64::from(c),
                f64::from(s) * dt_h.max(0.0) * NM,
            );
            (haversine_m(la, lo, p.lat, p.lon) / NM).min(d_nm)
        }
        _ => d_nm,
    };
    Some(miss_nm / (cfg.max_speed_kn * hours))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(mmsi: u32, time: i64, lat: f64, lon: f64) -> Position {
        Position {
            mmsi,
            time,
            lat,
            lon,
            sog: None,
            cog: None,
            heading: None,
            status: None,
        }
    }

    #[test]
    fn two_ships_one_mmsi() {
        let mut v = Vec::new();
        for k in 0..50 {
            let t = k * 600;
            v.push(pos(1, t, 38.0 + k as f64 * 0.01, 124.0));
            v.push(pos(1, t + 60, 30.0 - k as f64 * 0.01, 122.0));
            v.push(pos(2, t, 10.0, 10.0));
        }
        let tr = build_tracks(v, &SegmentConfig::default());
        assert_eq!(tr.mmsis.len(), 2);
        assert_eq!(tr.track(1).unwrap().segments.len(), 2);
        assert_eq!(tr.track(2).unwrap().segments.len(), 1);
        for s in &tr.segments {
            assert_eq!(s.points.len(), 50);
        }
        assert_eq!(tr.segments[0].id(), "1-1970-01-01T00:00:00Z");
    }

    #[test]
    fn a_long_silence_starts_a_new_segment() {
        let v = vec![pos(1, 0, 0.0, 0.0), pos(1, 25 * 3600, 0.0, 0.0)];
        let tr = build_tracks(v, &SegmentConfig::default());
        assert_eq!(tr.segments.len(), 2);
    }
}
