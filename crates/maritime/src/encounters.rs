//! Encounters, following Global Fishing Watch's `pipe-encounters`: tracks resampled to a
//! 10-minute grid (interpolating only across silences of at most an hour); close pairs found
//! per time slot in a spatial grid whose cells are as wide as the encounter distance, so each
//! point is compared only with the points of its own and the 8 neighbouring cells; runs of
//! consecutive close slots per pair; runs of at least the minimum duration merged when less
//! than 4 h apart; then the median-speed, port-distance and shore filters.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::Value;

use crate::events::{area_name, implied_kn, make_id, num, Ctx, Event, EventKind};
use crate::geo::{haversine_m, lerp, mean_position};
use crate::Position;

/// One resampled point: grid key (slot, row, column), segment, position.
#[derive(Clone, Copy)]
struct Sample {
    key: u64,
    seg: u32,
    lat: f32,
    lon: f32,
}

const ROW_BITS: u32 = 17;
const COL_BITS: u32 = 18;

/// A close pair at one slot.
#[derive(Clone, Copy)]
struct Close {
    a: u32,
    b: u32,
    slot: u32,
    dist: f32,
    lat: f32,
    lon: f32,
}

struct Grid {
    cell_deg: f64,
}

/// The longitude scale of the last row asked for, so that consecutive points in the same
/// row (the usual case) need no cosine.
#[derive(Clone, Copy)]
struct RowScale {
    row: i64,
    k: f64,
}

impl Grid {
    fn row(&self, lat: f64) -> i64 {
        (lat / self.cell_deg).floor() as i64
    }
    fn scale(&self, row: i64, cache: &mut RowScale) -> f64 {
        if cache.row != row {
            let lat = (row as f64 + 0.5) * self.cell_deg;
            *cache = RowScale {
                row,
                k: lat.to_radians().cos().max(0.01) / self.cell_deg,
            };
        }
        cache.k
    }
    fn col(&self, row: i64, lon: f64, cache: &mut RowScale) -> i64 {
        (lon * self.scale(row, cache)).floor() as i64
    }
    fn key(&self, slot: u32, row: i64, col: i64) -> u64 {
        let r = (row + (1 << (ROW_BITS - 1))) as u64 & ((1 << ROW_BITS) - 1);
        let c = (col + (1 << (COL_BITS - 1))) as u64 & ((1 << COL_BITS) - 1);
        (u64::from(slot) << (ROW_BITS + COL_BITS)) | (r << COL_BITS) | c
    }
}

fn slot_of(key: u64) -> u32 {
    (key >> (ROW_BITS + COL_BITS)) as u32
}

pub(crate) fn detect_encounters(ctx: &Ctx) -> Vec<Event> {
    let cfg = ctx.cfg;
    let t = ctx.tracks;
    let step = cfg.encounter_resample_minutes.max(1) * 60;
    let max_gap = (cfg.encounter_max_interpolation_hours * 3600.0) as i64;
    let max_d = cfg.encounter_max_distance_m;
    // Cells a little wider than the encounter distance, in degrees of latitude.
    let grid = Grid {
        cell_deg: (max_d * 1.05 / 111_195.0).max(1e-5),
    };

    // 1. Resample every segment of two or more positions.
    let samples: Vec<Sample> = (0..t.segments.len())
        .into_par_iter()
        .flat_map_iter(|s| {
            let pts = &t.segments[s].points;
            let mut out = Vec::new();
            if pts.len() < 2 {
                return out;
            }
            let mut cache = RowScale {
                row: i64::MIN,
                k: 0.0,
            };
            let p = |k: usize| &t.positions[pts[k] as usize];
            let mut k = 0;
            let mut slot_t = p(0).time.div_euclid(step) * step;
            if slot_t < p(0).time {
                slot_t += step;
            }
            let end = p(pts.len() - 1).time;
            while slot_t <= end {
                while k + 1 < pts.len() && p(k + 1).time < slot_t {
                    k += 1;
                }
                // p(k).time < slot_t <= p(k+1).time, or slot_t == p(0).time.
                let (a, b) = if p(k).time >= slot_t {
                    (p(k), p(k))
                } else if k + 1 < pts.len() {
                    (p(k), p(k + 1))
                } else {
                    break;
                };
                let dt = b.time - a.time;
                if dt <= max_gap {
                    let f = if dt > 0 {
                        (slot_t - a.time) as f64 / dt as f64
                    } else {
                        0.0
                    };
                    let (lat, lon) = lerp(a.lat, a.lon, b.lat, b.lon, f);
                    let row = grid.row(lat);
                    let slot = (slot_t / step) as u32;
                    out.push(Sample {
                        key: grid.key(slot, row, grid.col(row, lon, &mut cache)),
                        seg: s as u32,
                        lat: lat as f32,
                        lon: lon as f32,
                    });
                } else {
                    // Jump to the slot after the silence.
                    let next = b.time.div_euclid(step) * step;
                    slot_t = next.max(slot_t);
                }
                slot_t += step;
            }
            out
        })
        .collect();
    // Group by slot with a counting sort, then sort each slot by cell in parallel.
    let (samples, bounds) = group_by_slot(samples);

    // 2. Close pairs per slot.
    let mut close: Vec<Close> = bounds
        .par_iter()
        .flat_map_iter(|r| {
            let group = &samples[r.clone()];
            let mut out = Vec::new();
            let slot = slot_of(group[0].key);
            let (mut here, mut below_scale) = (
                RowScale {
                    row: i64::MIN,
                    k: 0.0,
                },
                RowScale {
                    row: i64::MIN,
                    k: 0.0,
                },
            );
            // Each pair once: partners in the same row at the same or the next column come
            // later in the sorted group; partners in the next row are looked up.
            for (i, s) in group.iter().enumerate() {
                let (lat, lon) = (f64::from(s.lat), f64::from(s.lon));
                let row = grid.row(lat);
                let col = grid.col(row, lon, &mut here);
                let same_hi = grid.key(slot, row, col + 1);
                let next = grid.col(row + 1, lon, &mut below_scale);
                let (lo, hi) = (
                    grid.key(slot, row + 1, next - 1),
                    grid.key(slot, row + 1, next + 1),
                );
                let from = group.partition_point(|x| x.key < lo);
                let same = group[i + 1..].iter().take_while(|x| x.key <= same_hi);
                // Same row, previous column: those come earlier; they find us as their next
                // column. Next row: columns next-1..next+1.
                let below = group[from..].iter().take_while(|x| x.key <= hi);
                for o in same.chain(below) {
                    let (a, b) = if s.seg < o.seg { (s, o) } else { (o, s) };
                    if a.seg == b.seg
                        || t.segments[a.seg as usize].mmsi == t.segments[b.seg as usize].mmsi
                    {
                        continue;
                    }
                    let d = haversine_m(lat, lon, f64::from(o.lat), f64::from(o.lon));
                    if d <= max_d {
                        let (mlat, mlon) = lerp(lat, lon, f64::from(o.lat), f64::from(o.lon), 0.5);
                        out.push(Close {
                            a: a.seg,
                            b: b.seg,
                            slot,
                            dist: d as f32,
                            lat: mlat as f32,
                            lon: mlon as f32,
                        });
                    }
                }
            }
            out
        })
        .collect();
    drop(samples);
    close.par_sort_unstable_by_key(|c| (c.a, c.b, c.slot));

    // 3. Runs of consecutive slots per pair, at least the minimum duration.
    let min_len = (cfg.encounter_min_hours * 3600.0 / step as f64).ceil() as u32;
    let mut runs: Vec<&[Close]> = Vec::new();
    let mut i = 0;
    while i < close.len() {
        let mut j = i + 1;
        while j < close.len()
            && close[j].a == close[i].a
            && close[j].b == close[i].b
            && close[j].slot == close[j - 1].slot + 1
        {
            j += 1;
        }
        if close[j - 1].slot - close[i].slot >= min_len {
            runs.push(&close[i..j]);
        }
        i = j;
    }
    // 4. Merge runs of the same pair less than the merge time apart.
    let merge_slots = (cfg.encounter_merge_hours * 3600.0 / step as f64) as u32;
    let mut merged: Vec<Vec<&Close>> = Vec::new();
    for r in runs {
        if let Some(m) = merged.last_mut() {
            let last = m[m.len() - 1];
            if last.a == r[0].a && last.b == r[0].b && r[0].slot - last.slot < merge_slots {
                m.extend(r.iter());
                continue;
            }
        }
        merged.push(r.iter().collect());
    }

    // 5. Filters and events.
    merged
        .par_iter()
        .filter_map(|m| encounter_event(ctx, m, step))
        .collect()
}

/// Groups samples by slot (counting sort on the slot), each slot sorted by grid key; returns
/// the grouped samples and the range of each non-empty slot.
fn group_by_slot(samples: Vec<Sample>) -> (Vec<Sample>, Vec<std::ops::Range<usize>>) {
    if samples.is_empty() {
        return (samples, Vec::new());
    }
    let (lo, hi) = samples.iter().fold((u32::MAX, 0), |(lo, hi), s| {
        let k = slot_of(s.key);
        (lo.min(k), hi.max(k))
    });
    let n_slots = (hi - lo) as usize + 1;
    let mut start = vec![0usize; n_slots + 1];
    for s in &samples {
        start[(slot_of(s.key) - lo) as usize + 1] += 1;
    }
    for k in 0..n_slots {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut out = vec![
        Sample {
            key: 0,
            seg: 0,
            lat: 0.0,
            lon: 0.0
        };
        samples.len()
    ];
    for s in samples {
        let k = (slot_of(s.key) - lo) as usize;
        out[fill[k]] = s;
        fill[k] += 1;
    }
    let bounds: Vec<std::ops::Range<usize>> = (0..n_slots)
        .map(|k| start[k]..start[k + 1])
        .filter(|r| !r.is_empty())
        .collect();
    // Sort each slot by key in parallel: split the vector at the slot boundaries.
    let mut rest: &mut [Sample] = &mut out;
    let mut chunks = Vec::with_capacity(bounds.len());
    let mut at = 0;
    for r in &bounds {
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(r.start - at);
        let (chunk, tail) = tail.split_at_mut(r.len());
        chunks.push(chunk);
        rest = tail;
        at = r.end;
    }
    chunks
        .into_par_iter()
        .for_each(|c| c.sort_unstable_by_key(|s| (s.key, s.seg)));
    (out, bounds)
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn encounter_event(ctx: &Ctx, m: &[&Close], step: i64) -> Option<Event> {
    let cfg = ctx.cfg;
    let t = ctx.tracks;
    let (sa, sb) = (m[0].a as usize, m[0].b as usize);
    let start = i64::from(m[0].slot) * step;
    let end = i64::from(m[m.len() - 1].slot) * step;
    let hours = (end - start) as f64 / 3600.0;
    if hours < cfg.encounter_min_hours {
        return None;
    }
    let in_window = |s: usize| -> Vec<&Position> {
        t.segment_positions(s)
            .filter(|p| p.time >= start && p.time <= end)
            .collect()
    };
    let (pa, pb) = (in_window(sa), in_window(sb));
    // Median implied speed between consecutive positions of both vessels during the encounter.
    let mut speeds: Vec<f64> = pa
        .windows(2)
        .chain(pb.windows(2))
        .filter(|w| w[1].time > w[0].time)
        .map(|w| implied_kn(w[0], w[1]))
        .collect();
    let median_speed = median(&mut speeds);
    // NaN (no speeds at all) fails too.
    if median_speed.is_nan() || median_speed >= cfg.encounter_max_median_speed_kn {
        return None;
    }
    let (lat, lon) = mean_position(m.iter().map(|c| (f64::from(c.lat), f64::from(c.lon))))?;
    let port = ctx.port_m(lat, lon);
    if port
        .as_ref()
        .is_some_and(|(d, _)| *d < cfg.encounter_min_port_distance_m)
    {
        return None;
    }
    let shore = ctx.shore_nm(lat, lon);
    if shore.is_some_and(|s| s <= 0.0) {
        return None;
    }
    let mut dists: Vec<f64> = m.iter().map(|c| f64::from(c.dist)).collect();
    let min_d = dists.iter().copied().fold(f64::INFINITY, f64::min);
    let median_d = median(&mut dists);
    let (ma, mb) = (t.segments[sa].mmsi, t.segments[sb].mmsi);
    let (first, second) = if ma <= mb { (sa, sb) } else { (sb, sa) };
    let mmsis = [t.segments[first].mmsi, t.segments[second].mmsi];
    let mut params = BTreeMap::new();
    params.insert("hours".into(), num(hours, 2));
    params.insert("median_distance_m".into(), num(median_d, 0));
    params.insert("min_distance_m".into(), num(min_d, 0));
    params.insert("median_speed_kn".into(), num(median_speed, 2));
    // Null when no port or anchorage lies within 5 × the minimum port distance.
    params.insert(
        "port_distance_km".into(),
        port.as_ref()
            .map_or(Value::Null, |(d, _)| num(d / 1000.0, 1)),
    );
    params.insert(
        "nearest_port".into(),
        port.map_or(Value::Null, |(_, n)| Value::from(n)),
    );
    params.insert(
        "shore_distance_nm".into(),
        shore.map_or(Value::Null, |v| num(v, 1)),
    );
    params.insert("slots".into(), Value::from(m.len()));
    params.insert(
        "segments".into(),
        Value::from(format!(
            "{} | {}",
            t.segments[first].id(),
            t.segments[second].id()
        )),
    );
    let mut ev: Vec<&Position> = pa.into_iter().chain(pb).collect();
    ev.sort_by_key(|p| (p.time, p.mmsi));
    Some(Event {
        id: make_id(EventKind::Encounter, &mmsis, start),
        kind: EventKind::Encounter,
        vessels: mmsis.iter().map(|&x| ctx.index.vessel(x, start)).collect(),
        start,
        end,
        lat,
        lon,
        area: area_name(ctx.areas, lat, lon),
        params,
        positions: ctx.evidence(&ev),
        statics: Vec::new(),
    })
}
