//! Event detection on tracks: encounters, loitering, AIS gaps, port visits and identity
//! anomalies, each with the parameters that fired it and the positions that support it.
//!
//! Every threshold lives in [`Config`], whose documentation names the published source of its
//! default (Global Fishing Watch, Skylight, or the project's domain notes when the value is our
//! own suggestion).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::areas::WatchAreas;
use crate::fxhash::FxMap;
use crate::geo::{haversine_m, mean_position, NM};
use crate::identity::{
    flag_alpha2, imo_is_valid, is_placeholder_mmsi, mmsi_country, mmsi_info, MmsiKind,
};
use crate::time::format_rfc3339;
use crate::tracks::{build_tracks, SegmentConfig, Tracks};
use crate::{Position, StaticReport};

/// Thresholds of every detector, with their sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The segmenter's parameters (gpsdio-segment defaults; see [`SegmentConfig`]).
    pub segment: SegmentConfig,

    /// Encounter: the two vessels are at most this far apart, metres. GFW encounters product:
    /// 500 m (`--max_encounter_dist_km 0.5`). Skylight's "Standard Rendezvous" uses 250 m.
    pub encounter_max_distance_m: f64,
    /// Encounter: minimum duration, hours. GFW: 2 h (`--min_encounter_time_minutes 120`);
    /// Skylight: 30 min.
    pub encounter_min_hours: f64,
    /// Encounter: the median implied speed of both vessels must be below this, knots. GFW
    /// product table `product_events_encounter`: 2 kn.
    pub encounter_max_median_speed_kn: f64,
    /// Encounter: the mean position must be at least this far from any port or anchorage,
    /// metres. GFW: 10 km (after Miller et al. 2018).
    pub encounter_min_port_distance_m: f64,
    /// Encounter: tracks are resampled to this grid, minutes. GFW `RESAMPLE_INCREMENT_MINUTES`:
    /// 10.
    pub encounter_resample_minutes: i64,
    /// Encounter: no interpolation across silences longer than this, hours. GFW
    /// `MAX_GAP_HOURS`: 1.
    pub encounter_max_interpolation_hours: f64,
    /// Encounter: runs of the same pair less than this apart are merged, hours. GFW
    /// `min_hours_between_encounters`: 4.
    pub encounter_merge_hours: f64,

    /// Loitering: an hour is slow when its implied speed is below this, knots. GFW loitering
    /// `--slow-threshold`: 2.
    pub loitering_max_speed_kn: f64,
    /// Loitering: minimum duration, hours. GFW: 2 h.
    pub loitering_min_hours: f64,
    /// Loitering: minimum duration for cargo ships and tankers (AIS types 70–89), hours. Pew /
    /// RFMO transshipment reports: carriers at < 2 kn for ≥ 4 h (domain notes' suggested
    /// default).
    pub loitering_min_hours_carrier: f64,
    /// Loitering: the mean position must be at least this far from shore, nautical miles. GFW
    /// product filter `avg_distance_from_shore_nm >= 20`. Applied only when the watch areas
    /// include land; otherwise the encounter port-distance rule is applied instead.
    pub loitering_min_shore_nm: f64,
    /// Loitering: silences longer than this between two positions break the hourly speed
    /// (the hours in between count as unknown), hours. Our choice, equal to the naive gap.
    pub loitering_max_pair_hours: f64,

    /// Gap: a silence of at least this long is an AIS gap, hours. GFW naive gap and Skylight
    /// "Potential Dark Activity": 6 h.
    pub gap_min_hours: f64,
    /// Gap: "likely intentional disabling" needs at least this long, hours. Welch et al. 2022
    /// (`ais_disabling/config.py` `min_gap_hours`): 12.
    pub disabling_min_hours: f64,
    /// Gap: … and the gap must start at least this far from shore, nautical miles. Welch et al.
    /// 2022 `min_distance_from_shore_m`: 50 (nautical miles). Needs land areas.
    pub disabling_min_shore_nm: f64,
    /// Gap: … and at least this many positions in the window before it. Welch et al. 2022
    /// `min_positions_before`: 14 (satellite positions in 12 h; we count all positions, as
    /// receiver types are not known here).
    pub disabling_min_positions_before: usize,
    /// Gap: the window for that count, hours. Welch et al. 2022 / `pipe-gaps`
    /// `n_hours_before`: 12.
    pub disabling_window_hours: f64,

    /// Port visit: the visit ends when the vessel is this far outside the area, metres. GFW
    /// port events: entry within 3 km of an anchorage, exit beyond 4 km, so 1 km of hysteresis.
    pub port_exit_margin_m: f64,
    /// Port visit: a stop begins below this speed, knots. GFW `PORT_STOP`: 0.2.
    pub port_stop_speed_kn: f64,
    /// Port visit: a silence in port longer than this is a port gap, hours. GFW `PORT_GAP`: 4.
    pub port_gap_hours: f64,
    /// Port visit: minimum confidence reported (1 entry/exit only; 2 stop/gap only; 3 one of
    /// entry/exit plus stop/gap; 4 entry, exit and stop/gap). GFW's API uses ≥ 2.
    pub port_min_confidence: u8,

    /// Draught change across an encounter: minimum change, metres. Our estimate (AIS draught is
    /// in 0.1 m and crews round); the FT/RUSI Mercury case shows the signal.
    pub draught_min_change_m: f64,
    /// Draught change: static reports up to this long before the encounter and after it are
    /// compared, hours. Our choice.
    pub draught_window_hours: f64,
    /// One IMO under two MMSIs counts as simultaneous when their use overlaps by more than
    /// this, hours (less is a change of MMSI). Our choice.
    pub imo_overlap_tolerance_hours: f64,
    /// MIDs of registries closed to international cargo ships, flagged on sight. Domain notes
    /// §2.4: Fiji 520 (Fiji reported 91 vessels fraudulently claiming its flag in 2017),
    /// Cambodia 514/515 (registry closed in 2016).
    pub closed_registry_mids: Vec<u16>,
    /// Flag MMSIs that are placeholders (MID + zeros such as 416000000), irregular (not a ship
    /// format, or an unallocated MID), or of a closed registry.
    pub flag_suspicious_mmsi: bool,
    /// How far to search for land or ports when measuring distances, metres.
    pub max_search_m: f64,
    /// At most this many supporting positions are kept per event (evenly sampled).
    pub max_evidence_positions: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            segment: SegmentConfig::default(),
            encounter_max_distance_m: 500.0,
            encounter_min_hours: 2.0,
            encounter_max_median_speed_kn: 2.0,
            encounter_min_port_distance_m: 10_000.0,
            encounter_resample_minutes: 10,
            encounter_max_interpolation_hours: 1.0,
            encounter_merge_hours: 4.0,
            loitering_max_speed_kn: 2.0,
            loitering_min_hours: 2.0,
            loitering_min_hours_carrier: 4.0,
            loitering_min_shore_nm: 20.0,
            loitering_max_pair_hours: 6.0,
            gap_min_hours: 6.0,
            disabling_min_hours: 12.0,
            disabling_min_shore_nm: 50.0,
            disabling_min_positions_before: 14,
            disabling_window_hours: 12.0,
            port_exit_margin_m: 1_000.0,
            port_stop_speed_kn: 0.2,
            port_gap_hours: 4.0,
            port_min_confidence: 2,
            draught_min_change_m: 0.5,
            draught_window_hours: 48.0,
            imo_overlap_tolerance_hours: 1.0,
            closed_registry_mids: vec![520, 514, 515],
            flag_suspicious_mmsi: true,
            max_search_m: 500_000.0,
            max_evidence_positions: 2_000,
        }
    }
}

impl Config {
    /// Skylight's "Standard Rendezvous": within 250 m for more than 30 minutes; other values
    /// as the default.
    pub fn rendezvous_preset() -> Self {
        Config {
            encounter_max_distance_m: 250.0,
            encounter_min_hours: 0.5,
            ..Config::default()
        }
    }
}

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Two vessels close together and slow, away from ports: a possible ship-to-ship transfer.
    Encounter,
    /// One vessel slow offshore: a possible transfer with a partner not broadcasting.
    Loitering,
    /// A silence in a vessel's AIS; `likely_disabling` says whether it meets the rules for
    /// likely intentional disabling.
    AisGap,
    /// A visit to a port or anchorage watch area.
    PortVisit,
    /// An IMO number whose check digit is wrong.
    ImoCheckDigit,
    /// The flag given for a vessel contradicts the MID of its MMSI.
    MidFlagMismatch,
    /// A change of name, IMO number or flag under one MMSI, or of MMSI (and with it the flag)
    /// under one IMO number.
    IdentityChange,
    /// One IMO number broadcast by several MMSIs at the same time.
    ImoSharedByMmsis,
    /// One MMSI in two places at once: the segmenter found overlapping tracks.
    MmsiSharedByShips,
    /// A vessel's reported draught changed across an encounter: cargo moved.
    DraughtChange,
    /// A placeholder, irregular or closed-registry MMSI.
    SuspiciousMmsi,
}

impl EventKind {
    /// The snake_case name used in ids and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Encounter => "encounter",
            EventKind::Loitering => "loitering",
            EventKind::AisGap => "ais_gap",
            EventKind::PortVisit => "port_visit",
            EventKind::ImoCheckDigit => "imo_check_digit",
            EventKind::MidFlagMismatch => "mid_flag_mismatch",
            EventKind::IdentityChange => "identity_change",
            EventKind::ImoSharedByMmsis => "imo_shared_by_mmsis",
            EventKind::MmsiSharedByShips => "mmsi_shared_by_ships",
            EventKind::DraughtChange => "draught_change",
            EventKind::SuspiciousMmsi => "suspicious_mmsi",
        }
    }
}

/// A vessel taking part in an event, with the identity it broadcast around the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VesselRef {
    /// MMSI.
    pub mmsi: u32,
    /// IMO number, when broadcast.
    pub imo: Option<u32>,
    /// Name, when broadcast.
    pub name: Option<String>,
    /// Flag implied by the MMSI's MID (ISO alpha-2).
    pub mid_flag: Option<String>,
    /// AIS ship type, when broadcast.
    pub ship_type: Option<u8>,
}

/// Times in events serialise as RFC 3339 strings.
mod rfc3339 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::time::format_rfc3339(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let s = String::deserialize(d)?;
        crate::time::parse_time(&s, crate::time::TimeFormat::Rfc3339)
            .ok_or_else(|| serde::de::Error::custom(format!("bad time {s:?}")))
    }
}

/// One detected event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// A stable id: kind, MMSIs and start time.
    pub id: String,
    /// What happened.
    pub kind: EventKind,
    /// The vessels involved.
    pub vessels: Vec<VesselRef>,
    /// Start (unix seconds; RFC 3339 in JSON).
    #[serde(with = "rfc3339")]
    pub start: i64,
    /// End (unix seconds; RFC 3339 in JSON).
    #[serde(with = "rfc3339")]
    pub end: i64,
    /// Representative latitude (mean position for encounters and loitering, the last position
    /// before a gap, the position nearest an identity change).
    pub lat: f64,
    /// Representative longitude.
    pub lon: f64,
    /// The watch area at that position (port or anchorage first, then STS area, EEZ, other).
    pub area: Option<String>,
    /// The values that fired the event (durations, distances, speeds, identities).
    pub params: BTreeMap<String, Value>,
    /// The positions that support it, in time order (evenly sampled when many).
    pub positions: Vec<Position>,
    /// The static reports that support it.
    pub statics: Vec<StaticReport>,
}

impl Event {
    /// The event's duration in hours.
    pub fn hours(&self) -> f64 {
        (self.end - self.start) as f64 / 3600.0
    }

    /// The MMSIs involved.
    pub fn mmsis(&self) -> Vec<u32> {
        self.vessels.iter().map(|v| v.mmsi).collect()
    }
}

/// The result of an analysis: the tracks and the events found on them.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Positions grouped per MMSI and segmented.
    pub tracks: Tracks,
    /// Events, by start time.
    pub events: Vec<Event>,
}

/// Builds tracks from positions and detects every kind of event.
pub fn analyse(
    positions: Vec<Position>,
    statics: &[StaticReport],
    areas: &WatchAreas,
    cfg: &Config,
) -> Analysis {
    let tracks = build_tracks(positions, &cfg.segment);
    let events = detect(&tracks, statics, areas, cfg);
    Analysis { tracks, events }
}

/// Static reports indexed by MMSI, in time order.
pub(crate) struct StaticIndex<'a> {
    by_mmsi: FxMap<u32, Vec<&'a StaticReport>>,
}

impl<'a> StaticIndex<'a> {
    pub(crate) fn new(statics: &'a [StaticReport]) -> Self {
        let mut by_mmsi: FxMap<u32, Vec<&StaticReport>> = FxMap::default();
        for s in statics {
            by_mmsi.entry(s.mmsi).or_default().push(s);
        }
        for v in by_mmsi.values_mut() {
            v.sort_by_key(|s| s.time);
        }
        StaticIndex { by_mmsi }
    }

    pub(crate) fn of(&self, mmsi: u32) -> &[&'a StaticReport] {
        self.by_mmsi.get(&mmsi).map_or(&[], Vec::as_slice)
    }

    /// The identity an MMSI broadcast around time `t`: each field from the latest report at
    /// or before `t` that has it, else from the earliest after.
    pub(crate) fn vessel(&self, mmsi: u32, t: i64) -> VesselRef {
        let reps = self.of(mmsi);
        let split = reps.partition_point(|s| s.time <= t);
        let pick = |f: &dyn Fn(&StaticReport) -> bool| -> Option<&StaticReport> {
            reps[..split]
                .iter()
                .rev()
                .chain(reps[split..].iter())
                .find(|s| f(s))
                .copied()
        };
        VesselRef {
            mmsi,
            imo: pick(&|s| s.imo.is_some()).and_then(|s| s.imo),
            name: pick(&|s| s.name.is_some()).and_then(|s| s.name.clone()),
            mid_flag: mmsi_country(mmsi).map(|c| c.alpha2.to_string()),
            ship_type: pick(&|s| s.ship_type.is_some()).and_then(|s| s.ship_type),
        }
    }
}

/// Keeps at most `max` items, evenly spaced, always the first and the last.
pub(crate) fn sample<T: Clone>(items: &[T], max: usize) -> Vec<T> {
    if items.len() <= max || max < 2 {
        return items
            .iter()
            .take(max.max(items.len().min(max)))
            .cloned()
            .collect();
    }
    let step = (items.len() - 1) as f64 / (max - 1) as f64;
    (0..max)
        .map(|k| items[((k as f64 * step).round() as usize).min(items.len() - 1)].clone())
        .collect()
}

pub(crate) fn num(v: f64, decimals: i32) -> Value {
    let f = 10f64.powi(decimals);
    Value::from((v * f).round() / f)
}

pub(crate) fn area_name(areas: &WatchAreas, lat: f64, lon: f64) -> Option<String> {
    areas.locate(lat, lon).map(|i| areas.get(i).name.clone())
}

pub(crate) fn make_id(kind: EventKind, mmsis: &[u32], start: i64) -> String {
    let m: Vec<String> = mmsis.iter().map(u32::to_string).collect();
    let t: String = format_rfc3339(start)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{}-{}-{}", kind.as_str(), m.join("-"), t)
}

/// Detects every kind of event on tracks already built.
pub fn detect(
    tracks: &Tracks,
    statics: &[StaticReport],
    areas: &WatchAreas,
    cfg: &Config,
) -> Vec<Event> {
    let index = StaticIndex::new(statics);
    let ctx = Ctx {
        tracks,
        index: &index,
        areas,
        cfg,
    };
    let per_segment: Vec<Vec<Event>> = (0..tracks.segments.len())
        .into_par_iter()
        .map(|s| {
            let mut out = ctx.port_visits(s);
            out.extend(ctx.loitering(s));
            out.extend(ctx.gaps_within(s));
            out
        })
        .collect();
    let mut events: Vec<Event> = per_segment.into_iter().flatten().collect();
    events.extend(ctx.gaps_across_segments());
    let encounters = crate::encounters::detect_encounters(&ctx);
    events.extend(ctx.draught_changes(&encounters));
    events.extend(encounters);
    events.extend(ctx.identity_events(statics));
    events.extend(ctx.shared_mmsi_events());
    events.sort_by(|a, b| {
        (a.start, a.kind, a.mmsis(), a.end).cmp(&(b.start, b.kind, b.mmsis(), b.end))
    });
    // Ids are unique: a repeated one gets a suffix.
    let mut seen: FxMap<String, usize> = FxMap::default();
    for e in &mut events {
        let n = seen.entry(e.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            e.id = format!("{}-{}", e.id, n);
        }
    }
    events
}

/// What the detectors share.
pub(crate) struct Ctx<'a> {
    pub(crate) tracks: &'a Tracks,
    pub(crate) index: &'a StaticIndex<'a>,
    pub(crate) areas: &'a WatchAreas,
    pub(crate) cfg: &'a Config,
}

/// Implied speed in knots between two positions (0 when simultaneous).
pub(crate) fn implied_kn(a: &Position, b: &Position) -> f64 {
    let dt = (b.time - a.time).abs() as f64;
    if dt <= 0.0 {
        return 0.0;
    }
    haversine_m(a.lat, a.lon, b.lat, b.lon) / NM / (dt / 3600.0)
}

impl Ctx<'_> {
    fn seg_positions(&self, s: usize) -> Vec<&Position> {
        self.tracks.segment_positions(s).collect()
    }

    pub(crate) fn evidence(&self, ps: &[&Position]) -> Vec<Position> {
        let v: Vec<Position> = ps.iter().map(|p| **p).collect();
        sample(&v, self.cfg.max_evidence_positions)
    }

    /// Distance from shore in nautical miles: `Some(d)`; `Some(max)` when no land lies within
    /// the search radius although land areas exist; `None` when there is no land at all.
    pub(crate) fn shore_nm(&self, lat: f64, lon: f64) -> Option<f64> {
        if !self.areas.has_land() {
            return None;
        }
        Some(
            self.areas
                .distance_to_shore_m(lat, lon, self.cfg.max_search_m)
                .unwrap_or(self.cfg.max_search_m)
                / NM,
        )
    }

    /// Distance in metres to the nearest port or anchorage and its name, if one lies within
    /// five times the encounter port distance (beyond that the distance is not needed).
    pub(crate) fn port_m(&self, lat: f64, lon: f64) -> Option<(f64, String)> {
        self.areas
            .distance_to_port_m(
                lat,
                lon,
                self.cfg.encounter_min_port_distance_m.max(1.0) * 5.0,
            )
            .map(|(i, d)| (d, self.areas.get(i).name.clone()))
    }

    // -----------------------------------------------------------------------------------------
    // Port visits

    fn port_visits(&self, s: usize) -> Vec<Event> {
        let ps = self.seg_positions(s);
        let mut out = Vec::new();
        let mut i = 0;
        while i < ps.len() {
            let Some(area) = self.areas.port_at(ps[i].lat, ps[i].lon) else {
                i += 1;
                continue;
            };
            let first = i;
            let entry_seen = i > 0;
            let mut stop_seen = false;
            let mut gap_seen = false;
            let mut last_in = i;
            let mut exit_seen = false;
            let mut j = i;
            while j < ps.len() {
                let p = ps[j];
                let a = self.areas.get(area);
                let inside = a.contains(p.lat, p.lon);
                if !inside && a.distance_m(p.lat, p.lon) > self.cfg.port_exit_margin_m {
                    exit_seen = true;
                    break;
                }
                if inside {
                    last_in = j;
                }
                let speed = p
                    .sog
                    .map(f64::from)
                    .or_else(|| (j > first).then(|| implied_kn(ps[j - 1], p)));
                if speed.is_some_and(|v| v < self.cfg.port_stop_speed_kn) {
                    stop_seen = true;
                }
                if j > first && (p.time - ps[j - 1].time) as f64 / 3600.0 > self.cfg.port_gap_hours
                {
                    gap_seen = true;
                }
                j += 1;
            }
            let ends = usize::from(entry_seen) + usize::from(exit_seen);
            let dwell = stop_seen || gap_seen;
            let confidence: u8 = match (ends, dwell) {
                (2, true) => 4,
                (1, true) => 3,
                (0, true) => 2,
                (_, false) if ends > 0 => 1,
                _ => 0,
            };
            if confidence >= self.cfg.port_min_confidence.max(1) {
                let a = self.areas.get(area);
                let visit = &ps[first..=last_in.max(first)];
                let mmsi = ps[first].mmsi;
                let (start, end) = (ps[first].time, ps[last_in].time);
                let mut params = BTreeMap::new();
                params.insert("confidence".into(), Value::from(confidence));
                params.insert("entry_seen".into(), Value::from(entry_seen));
                params.insert("exit_seen".into(), Value::from(exit_seen));
                params.insert("stop_seen".into(), Value::from(stop_seen));
                params.insert("gap_seen".into(), Value::from(gap_seen));
                params.insert("hours".into(), num((end - start) as f64 / 3600.0, 2));
                params.insert(
                    "area_kind".into(),
                    serde_json::to_value(a.kind).unwrap_or_default(),
                );
                let (lat, lon) =
                    mean_position(visit.iter().map(|p| (p.lat, p.lon))).unwrap_or((0.0, 0.0));
                out.push(Event {
                    id: make_id(EventKind::PortVisit, &[mmsi], start),
                    kind: EventKind::PortVisit,
                    vessels: vec![self.index.vessel(mmsi, start)],
                    start,
                    end,
                    lat,
                    lon,
                    area: Some(a.name.clone()),
                    params,
                    positions: self.evidence(visit),
                    statics: Vec::new(),
                });
            }
            i = j.max(i + 1);
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // Loitering

    fn loitering(&self, s: usize) -> Vec<Event> {
        let ps = self.seg_positions(s);
        if ps.len() < 2 {
            return Vec::new();
        }
        // Distance (nm) and time (h) per clock hour, pairs spread over the hours they span.
        let h_first = ps[0].time.div_euclid(3600);
        let h_last = ps[ps.len() - 1].time.div_euclid(3600);
        let mut hours = vec![(0.0f64, 0.0f64); (h_last - h_first + 1) as usize];
        for w in ps.windows(2) {
            let (a, b) = (w[0], w[1]);
            let dt = (b.time - a.time) as f64;
            if dt <= 0.0 || dt / 3600.0 > self.cfg.loitering_max_pair_hours {
                continue;
            }
            let d = haversine_m(a.lat, a.lon, b.lat, b.lon) / NM;
            let mut t = a.time;
            while t < b.time {
                let h = t.div_euclid(3600);
                let next = ((h + 1) * 3600).min(b.time);
                let e = &mut hours[(h - h_first) as usize];
                e.0 += d * (next - t) as f64 / dt;
                e.1 += (next - t) as f64 / 3600.0;
                t = next;
            }
        }
        let slow = |&(d, t): &(f64, f64)| t > 0.0 && d / t < self.cfg.loitering_max_speed_kn;
        let mut runs: Vec<(i64, i64, f64, f64)> = Vec::new(); // first hour, last hour, nm, h
        for (k, v) in hours.iter().enumerate() {
            if !slow(v) {
                continue;
            }
            let h = h_first + k as i64;
            match runs.last_mut() {
                Some(r) if r.1 + 1 == h => {
                    r.1 = h;
                    r.2 += v.0;
                    r.3 += v.1;
                }
                _ => runs.push((h, h, v.0, v.1)),
            }
        }
        let mmsi = ps[0].mmsi;
        let mut out = Vec::new();
        for (h0, h1, nm, hrs) in runs {
            let in_run: Vec<&Position> = ps
                .iter()
                .copied()
                .filter(|p| p.time >= h0 * 3600 && p.time <= (h1 + 1) * 3600)
                .collect();
            let (Some(first), Some(last)) = (in_run.first(), in_run.last()) else {
                continue;
            };
            let (start, end) = (first.time, last.time);
            let vessel = self.index.vessel(mmsi, start);
            let carrier = vessel.ship_type.is_some_and(|t| (70..90).contains(&t));
            let min_h = if carrier {
                self.cfg.loitering_min_hours_carrier
            } else {
                self.cfg.loitering_min_hours
            };
            let dur = (end - start) as f64 / 3600.0;
            if dur < min_h {
                continue;
            }
            let (lat, lon) =
                mean_position(in_run.iter().map(|p| (p.lat, p.lon))).unwrap_or((0.0, 0.0));
            if self.areas.port_at(lat, lon).is_some() {
                continue;
            }
            let shore = self.shore_nm(lat, lon);
            let port = self.port_m(lat, lon);
            let offshore = match shore {
                Some(nm) => nm >= self.cfg.loitering_min_shore_nm,
                None => port
                    .as_ref()
                    .is_none_or(|(d, _)| *d >= self.cfg.encounter_min_port_distance_m),
            };
            if !offshore {
                continue;
            }
            let mut params = BTreeMap::new();
            params.insert("hours".into(), num(dur, 2));
            params.insert("avg_speed_kn".into(), num(nm / hrs.max(1e-9), 3));
            params.insert("min_hours_applied".into(), num(min_h, 2));
            params.insert(
                "shore_distance_nm".into(),
                shore.map_or(Value::Null, |v| num(v, 1)),
            );
            params.insert(
                "port_distance_km".into(),
                port.map_or(Value::Null, |(d, _)| num(d / 1000.0, 1)),
            );
            out.push(Event {
                id: make_id(EventKind::Loitering, &[mmsi], start),
                kind: EventKind::Loitering,
                vessels: vec![vessel],
                start,
                end,
                lat,
                lon,
                area: area_name(self.areas, lat, lon),
                params,
                positions: self.evidence(&in_run),
                statics: Vec::new(),
            });
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // Gaps

    /// A gap event between `off` (last position before the silence) and `on`; `before` are
    /// the positions of the same vessel before `off` (in time order, `off` included).
    fn gap_event(
        &self,
        before: &[&Position],
        off: &Position,
        on: &Position,
        across: bool,
    ) -> Option<Event> {
        let hours = (on.time - off.time) as f64 / 3600.0;
        if hours < self.cfg.gap_min_hours {
            return None;
        }
        let window = (self.cfg.disabling_window_hours * 3600.0) as i64;
        let n_before = before
            .iter()
            .rev()
            .take_while(|p| p.time >= off.time - window)
            .count();
        let shore = self.shore_nm(off.lat, off.lon);
        let likely = hours >= self.cfg.disabling_min_hours
            && shore.is_some_and(|s| s >= self.cfg.disabling_min_shore_nm)
            && n_before >= self.cfg.disabling_min_positions_before;
        let dist_km = haversine_m(off.lat, off.lon, on.lat, on.lon) / 1000.0;
        let mut params = BTreeMap::new();
        params.insert("hours".into(), num(hours, 2));
        params.insert("distance_km".into(), num(dist_km, 2));
        params.insert("implied_speed_kn".into(), num(implied_kn(off, on), 2));
        params.insert(
            "off_shore_distance_nm".into(),
            shore.map_or(Value::Null, |v| num(v, 1)),
        );
        params.insert(
            "on_shore_distance_nm".into(),
            self.shore_nm(on.lat, on.lon)
                .map_or(Value::Null, |v| num(v, 1)),
        );
        params.insert("positions_before".into(), Value::from(n_before));
        params.insert("likely_disabling".into(), Value::from(likely));
        params.insert("across_segments".into(), Value::from(across));
        params.insert(
            "off_area".into(),
            area_name(self.areas, off.lat, off.lon).map_or(Value::Null, Value::from),
        );
        params.insert(
            "on_area".into(),
            area_name(self.areas, on.lat, on.lon).map_or(Value::Null, Value::from),
        );
        let tail = before.len().saturating_sub(5);
        let mut ev: Vec<&Position> = before[tail..].to_vec();
        ev.push(on);
        Some(Event {
            id: make_id(EventKind::AisGap, &[off.mmsi], off.time),
            kind: EventKind::AisGap,
            vessels: vec![self.index.vessel(off.mmsi, off.time)],
            start: off.time,
            end: on.time,
            lat: off.lat,
            lon: off.lon,
            area: area_name(self.areas, off.lat, off.lon),
            params,
            positions: self.evidence(&ev),
            statics: Vec::new(),
        })
    }

    fn gaps_within(&self, s: usize) -> Vec<Event> {
        let ps = self.seg_positions(s);
        let mut out = Vec::new();
        for k in 1..ps.len() {
            if let Some(e) = self.gap_event(&ps[..k], ps[k - 1], ps[k], false) {
                out.push(e);
            }
        }
        out
    }

    /// Gaps longer than the segmenter's `max_hours` end one segment and start another: join
    /// each segment to the latest earlier segment of the same MMSI that had ended before it
    /// started and from which it is reachable at the segmenter's maximum speed, and report the
    /// silence between them.
    fn gaps_across_segments(&self) -> Vec<Event> {
        let t = self.tracks;
        let mut out = Vec::new();
        for m in &t.mmsis {
            let segs: Vec<usize> = m
                .segments
                .clone()
                .filter(|&s| t.segments[s].points.len() >= 2)
                .collect();
            let mut has_next = vec![false; segs.len()];
            for (bi, &b) in segs.iter().enumerate() {
                let sb = &t.segments[b];
                let first = &t.positions[sb.points[0] as usize];
                let mut best: Option<(i64, usize)> = None;
                for (ai, &a) in segs.iter().enumerate().take(bi) {
                    let sa = &t.segments[a];
                    if has_next[ai] || sa.end >= sb.start {
                        continue;
                    }
                    let last = &t.positions[*sa.points.last().expect("non-empty") as usize];
                    let reach_nm = self.cfg.segment.max_speed_kn
                        * ((sb.start - sa.end) as f64 / 3600.0 + self.cfg.segment.buffer_hours);
                    let d_nm = haversine_m(last.lat, last.lon, first.lat, first.lon) / NM;
                    if d_nm <= reach_nm && best.is_none_or(|(e, _)| sa.end > e) {
                        best = Some((sa.end, ai));
                    }
                }
                let Some((_, ai)) = best else { continue };
                // Only silences the segmenter split on: shorter ones are inside segments.
                let sa = &t.segments[segs[ai]];
                if ((sb.start - sa.end) as f64 / 3600.0) <= self.cfg.segment.max_hours {
                    continue;
                }
                has_next[ai] = true;
                let before: Vec<&Position> = t.segment_positions(segs[ai]).collect();
                let off = *before.last().expect("non-empty");
                if let Some(e) = self.gap_event(&before, off, first, true) {
                    out.push(e);
                }
            }
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // Draught changes across encounters

    fn draught_changes(&self, encounters: &[Event]) -> Vec<Event> {
        let w = (self.cfg.draught_window_hours * 3600.0) as i64;
        let mut out = Vec::new();
        for enc in encounters {
            for (k, v) in enc.vessels.iter().enumerate() {
                let reps = self.index.of(v.mmsi);
                let before = reps.iter().rev().find(|s| {
                    s.time <= enc.start && s.time >= enc.start - w && s.draught.is_some()
                });
                let Some(b) = before else { continue };
                let db = f64::from(b.draught.unwrap_or(0.0));
                // The first later report whose draught differs enough.
                let after = reps.iter().find(|s| {
                    s.time > enc.start
                        && s.time <= enc.end + w
                        && s.draught.is_some_and(|d| {
                            (f64::from(d) - db).abs() >= self.cfg.draught_min_change_m
                        })
                });
                let Some(a) = after else { continue };
                let da = f64::from(a.draught.unwrap_or(0.0));
                let change = da - db;
                let other = &enc.vessels[1 - k.min(1)];
                let mut params = BTreeMap::new();
                params.insert("draught_before_m".into(), num(db, 1));
                params.insert("draught_after_m".into(), num(da, 1));
                params.insert("change_m".into(), num(change, 1));
                params.insert(
                    "direction".into(),
                    Value::from(if change > 0.0 { "loaded" } else { "unloaded" }),
                );
                params.insert("encounter_id".into(), Value::from(enc.id.clone()));
                params.insert("partner_mmsi".into(), Value::from(other.mmsi));
                params.insert(
                    "before_report_time".into(),
                    Value::from(format_rfc3339(b.time)),
                );
                params.insert(
                    "after_report_time".into(),
                    Value::from(format_rfc3339(a.time)),
                );
                let mine: Vec<&Position> =
                    enc.positions.iter().filter(|p| p.mmsi == v.mmsi).collect();
                out.push(Event {
                    id: make_id(EventKind::DraughtChange, &[v.mmsi], enc.start),
                    kind: EventKind::DraughtChange,
                    vessels: vec![v.clone()],
                    start: enc.start,
                    end: a.time.max(enc.end),
                    lat: enc.lat,
                    lon: enc.lon,
                    area: enc.area.clone(),
                    params,
                    positions: self.evidence(&mine),
                    statics: vec![(*b).clone(), (*a).clone()],
                });
            }
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // Identity

    /// The position of an MMSI nearest in time to `t`, if it has positions.
    fn position_near(&self, mmsi: u32, t: i64) -> Option<&Position> {
        let tr = self.tracks.track(mmsi)?;
        let ps = &self.tracks.positions[tr.positions.clone()];
        let i = ps.partition_point(|p| p.time < t);
        [i.checked_sub(1), (i < ps.len()).then_some(i)]
            .into_iter()
            .flatten()
            .min_by_key(|&k| (ps[k].time - t).abs())
            .map(|k| &ps[k])
    }

    fn identity_event(
        &self,
        kind: EventKind,
        mmsis: &[u32],
        start: i64,
        end: i64,
        params: BTreeMap<String, Value>,
        statics: Vec<StaticReport>,
    ) -> Event {
        let at = mmsis
            .iter()
            .find_map(|&m| self.position_near(m, start))
            .copied();
        let (lat, lon) = at.map_or((f64::NAN, f64::NAN), |p| (p.lat, p.lon));
        Event {
            id: make_id(kind, mmsis, start),
            kind,
            vessels: mmsis.iter().map(|&m| self.index.vessel(m, start)).collect(),
            start,
            end,
            lat,
            lon,
            area: at.and_then(|p| area_name(self.areas, p.lat, p.lon)),
            params,
            positions: at.into_iter().collect(),
            statics: sample(&statics, 50),
        }
    }

    fn identity_events(&self, statics: &[StaticReport]) -> Vec<Event> {
        let mut out = Vec::new();
        let mut mmsis: BTreeSet<u32> = statics.iter().map(|s| s.mmsi).collect();
        mmsis.extend(self.tracks.mmsis.iter().map(|m| m.mmsi));
        for &mmsi in &mmsis {
            let reps = self.index.of(mmsi);
            let (first, last) = self.seen(mmsi);
            // Suspicious MMSI.
            if self.cfg.flag_suspicious_mmsi {
                let info = mmsi_info(mmsi);
                let reason = if is_placeholder_mmsi(mmsi) {
                    Some("placeholder (MID followed by a repeated digit)")
                } else if info.kind == MmsiKind::Irregular {
                    Some("irregular (not an ITU format, or an unallocated MID)")
                } else if info.kind == MmsiKind::Ship
                    && info
                        .mid
                        .is_some_and(|m| self.cfg.closed_registry_mids.contains(&m))
                {
                    Some("MID of a registry closed to international cargo ships")
                } else {
                    None
                };
                if let Some(r) = reason {
                    let mut p = BTreeMap::new();
                    p.insert("reason".into(), Value::from(r));
                    p.insert(
                        "mmsi_kind".into(),
                        serde_json::to_value(info.kind).unwrap_or_default(),
                    );
                    if let Some(c) = mmsi_country(mmsi) {
                        p.insert("mid_country".into(), Value::from(c.name));
                    }
                    out.push(self.identity_event(
                        EventKind::SuspiciousMmsi,
                        &[mmsi],
                        first,
                        last,
                        p,
                        Vec::new(),
                    ));
                }
            }
            // IMO check digits.
            let mut bad_imos: BTreeMap<u32, Vec<StaticReport>> = BTreeMap::new();
            for s in reps {
                if let Some(imo) = s.imo.filter(|&i| !imo_is_valid(i)) {
                    bad_imos.entry(imo).or_default().push((*s).clone());
                }
            }
            for (imo, rs) in bad_imos {
                let mut p = BTreeMap::new();
                p.insert("imo".into(), Value::from(imo));
                p.insert("reports".into(), Value::from(rs.len()));
                let (s, e) = (rs[0].time, rs[rs.len() - 1].time);
                out.push(self.identity_event(EventKind::ImoCheckDigit, &[mmsi], s, e, p, rs));
            }
            // Flag given versus MID.
            let mid = mmsi_country(mmsi);
            let mut mismatches: BTreeMap<String, Vec<StaticReport>> = BTreeMap::new();
            for s in reps {
                let Some(flag) = &s.flag else { continue };
                let Some(a2) = flag_alpha2(flag) else {
                    continue;
                };
                if mid.is_some_and(|c| c.alpha2 != a2) || mid.is_none() {
                    mismatches
                        .entry(a2.to_string())
                        .or_default()
                        .push((*s).clone());
                }
            }
            for (a2, rs) in mismatches {
                let mut p = BTreeMap::new();
                p.insert("flag_given".into(), Value::from(a2));
                p.insert(
                    "mid_flag".into(),
                    mid.map_or(Value::Null, |c| Value::from(c.alpha2)),
                );
                p.insert(
                    "mid".into(),
                    mmsi_info(mmsi).mid.map_or(Value::Null, Value::from),
                );
                let (s, e) = (rs[0].time, rs[rs.len() - 1].time);
                out.push(self.identity_event(EventKind::MidFlagMismatch, &[mmsi], s, e, p, rs));
            }
            // Changes of name, IMO and flag under this MMSI.
            type Getter = fn(&StaticReport) -> Option<String>;
            let fields: [(&str, Getter); 3] = [
                ("name", |s| s.name.clone()),
                ("imo", |s| s.imo.map(|i| i.to_string())),
                ("flag", |s| {
                    s.flag.as_deref().and_then(flag_alpha2).map(str::to_string)
                }),
            ];
            for (field, get) in fields {
                let mut current: Option<String> = None;
                let mut values: Vec<String> = Vec::new();
                let mut changes: Vec<(i64, usize)> = Vec::new();
                for (k, s) in reps.iter().enumerate() {
                    let Some(v) = get(s) else { continue };
                    if current.as_ref().is_some_and(|c| *c != v) {
                        changes.push((s.time, k));
                    }
                    if !values.contains(&v) {
                        values.push(v.clone());
                    }
                    current = Some(v);
                }
                if changes.is_empty() {
                    continue;
                }
                let mut p = BTreeMap::new();
                p.insert("subject".into(), Value::from("mmsi"));
                p.insert("field".into(), Value::from(field));
                p.insert("values".into(), Value::from(values.join(" | ")));
                p.insert("changes".into(), Value::from(changes.len()));
                let mut ev = Vec::new();
                for &(_, k) in &changes {
                    ev.push((*reps[k - 1.min(k)]).clone());
                    ev.push((*reps[k]).clone());
                }
                let (s, e) = (changes[0].0, changes[changes.len() - 1].0);
                out.push(self.identity_event(EventKind::IdentityChange, &[mmsi], s, e, p, ev));
            }
        }
        out.extend(self.imo_events(statics));
        out
    }

    /// First and last time an MMSI was seen (positions or static reports).
    fn seen(&self, mmsi: u32) -> (i64, i64) {
        let mut lo = i64::MAX;
        let mut hi = i64::MIN;
        if let Some(tr) = self.tracks.track(mmsi) {
            let ps = &self.tracks.positions[tr.positions.clone()];
            if let (Some(a), Some(b)) = (ps.first(), ps.last()) {
                lo = lo.min(a.time);
                hi = hi.max(b.time);
            }
        }
        for s in self.index.of(mmsi) {
            lo = lo.min(s.time);
            hi = hi.max(s.time);
        }
        (lo, hi)
    }

    /// Per IMO: several MMSIs at once, or a change of MMSI (with its flag and name).
    fn imo_events(&self, statics: &[StaticReport]) -> Vec<Event> {
        // IMO -> MMSI -> (first, last) time of reports with that IMO.
        let mut by_imo: BTreeMap<u32, BTreeMap<u32, (i64, i64)>> = BTreeMap::new();
        for s in statics {
            if let Some(imo) = s.imo {
                let e = by_imo
                    .entry(imo)
                    .or_default()
                    .entry(s.mmsi)
                    .or_insert((s.time, s.time));
                e.0 = e.0.min(s.time);
                e.1 = e.1.max(s.time);
            }
        }
        let tol = (self.cfg.imo_overlap_tolerance_hours * 3600.0) as i64;
        let mut out = Vec::new();
        for (imo, users) in by_imo {
            if users.len() < 2 {
                continue;
            }
            let mut spans: Vec<(u32, i64, i64)> =
                users.into_iter().map(|(m, (a, b))| (m, a, b)).collect();
            spans.sort_by_key(|s| (s.1, s.0));
            let overlapping = spans.iter().enumerate().any(|(i, a)| {
                spans[i + 1..]
                    .iter()
                    .any(|b| b.1 < a.2 - tol && a.1 < b.2 - tol)
            });
            let mmsis: Vec<u32> = spans.iter().map(|s| s.0).collect();
            let flags: Vec<String> = mmsis
                .iter()
                .map(|&m| mmsi_country(m).map_or("?".to_string(), |c| c.alpha2.to_string()))
                .collect();
            let names: Vec<String> = spans
                .iter()
                .map(|s| {
                    self.index
                        .vessel(s.0, s.2)
                        .name
                        .unwrap_or_else(|| "?".into())
                })
                .collect();
            let evidence: Vec<StaticReport> = mmsis
                .iter()
                .flat_map(|&m| {
                    self.index
                        .of(m)
                        .iter()
                        .filter(|s| s.imo == Some(imo))
                        .map(|s| (*s).clone())
                })
                .collect();
            let mut p = BTreeMap::new();
            p.insert("imo".into(), Value::from(imo));
            p.insert("imo_valid".into(), Value::from(imo_is_valid(imo)));
            p.insert(
                "mmsis".into(),
                Value::from(
                    mmsis
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
            );
            p.insert("mid_flags".into(), Value::from(flags.join(" | ")));
            p.insert("names".into(), Value::from(names.join(" | ")));
            let start = spans[0].1;
            let end = spans.iter().map(|s| s.2).max().unwrap_or(start);
            if overlapping {
                out.push(self.identity_event(
                    EventKind::ImoSharedByMmsis,
                    &mmsis,
                    start,
                    end,
                    p,
                    evidence,
                ));
            } else {
                let mut changed = vec!["mmsi"];
                if flags.windows(2).any(|w| w[0] != w[1]) {
                    changed.push("flag");
                }
                if names.windows(2).any(|w| w[0] != w[1]) {
                    changed.push("name");
                }
                p.insert("subject".into(), Value::from("imo"));
                p.insert("field".into(), Value::from(changed.join(", ")));
                p.insert("changes".into(), Value::from(spans.len() - 1));
                // The change happens when the second MMSI first appears.
                let at = spans[1].1;
                let last_old = spans[0].2;
                let mut e = self.identity_event(
                    EventKind::IdentityChange,
                    &mmsis,
                    last_old,
                    at,
                    p,
                    evidence,
                );
                if let Some(pos) = self.position_near(spans[1].0, at) {
                    e.lat = pos.lat;
                    e.lon = pos.lon;
                    e.area = area_name(self.areas, pos.lat, pos.lon);
                    e.positions.push(*pos);
                }
                out.push(e);
            }
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // One MMSI in two places at once

    fn shared_mmsi_events(&self) -> Vec<Event> {
        let t = self.tracks;
        let mut out = Vec::new();
        for m in &t.mmsis {
            let real: Vec<usize> = m
                .segments
                .clone()
                .filter(|&s| t.segments[s].points.len() >= self.cfg.segment.min_real_points)
                .collect();
            // Pairs of real segments overlapping in time; keep the widest separation.
            let mut best: Option<(f64, usize, usize, i64)> = None;
            let mut involved: BTreeSet<usize> = BTreeSet::new();
            for (i, &a) in real.iter().enumerate() {
                for &b in &real[i + 1..] {
                    let (sa, sb) = (&t.segments[a], &t.segments[b]);
                    let (lo, hi) = (sa.start.max(sb.start), sa.end.min(sb.end));
                    if lo >= hi {
                        continue;
                    }
                    involved.insert(a);
                    involved.insert(b);
                    let mid = lo + (hi - lo) / 2;
                    let near = |s: usize| {
                        let pts = &t.segments[s].points;
                        let k = pts.partition_point(|&p| t.positions[p as usize].time < mid);
                        let k = k.min(pts.len() - 1);
                        &t.positions[pts[k] as usize]
                    };
                    let (pa, pb) = (near(a), near(b));
                    let d = haversine_m(pa.lat, pa.lon, pb.lat, pb.lon);
                    if best.is_none_or(|(bd, ..)| d > bd) {
                        best = Some((d, a, b, mid));
                    }
                }
            }
            let Some((d, a, b, mid)) = best else { continue };
            let start = involved
                .iter()
                .map(|&s| t.segments[s].start)
                .min()
                .unwrap_or(mid);
            let end = involved
                .iter()
                .map(|&s| t.segments[s].end)
                .max()
                .unwrap_or(mid);
            let near = |s: usize| {
                let pts = &t.segments[s].points;
                let k = pts
                    .partition_point(|&p| t.positions[p as usize].time < mid)
                    .min(pts.len() - 1);
                t.positions[pts[k] as usize]
            };
            let (pa, pb) = (near(a), near(b));
            let mut p = BTreeMap::new();
            p.insert("segments".into(), Value::from(involved.len()));
            p.insert(
                "segment_ids".into(),
                Value::from(
                    involved
                        .iter()
                        .map(|&s| t.segments[s].id())
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
            );
            p.insert("separation_km".into(), num(d / 1000.0, 1));
            p.insert("implied_speed_kn".into(), num(implied_kn(&pa, &pb), 1));
            p.insert("at".into(), Value::from(format_rfc3339(mid)));
            let per = (self.cfg.max_evidence_positions / involved.len().max(1)).max(2);
            let mut ev: Vec<Position> = involved
                .iter()
                .flat_map(|&s| {
                    let v: Vec<Position> = t.segment_positions(s).copied().collect();
                    sample(&v, per)
                })
                .collect();
            ev.sort_by_key(|p| p.time);
            out.push(Event {
                id: make_id(EventKind::MmsiSharedByShips, &[m.mmsi], start),
                kind: EventKind::MmsiSharedByShips,
                vessels: vec![self.index.vessel(m.mmsi, mid)],
                start,
                end,
                lat: pa.lat,
                lon: pa.lon,
                area: area_name(self.areas, pa.lat, pa.lon),
                params: p,
                positions: ev,
                statics: Vec::new(),
            });
        }
        out
    }
}
