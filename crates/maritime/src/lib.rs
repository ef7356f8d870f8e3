//! Maritime analysis for sanctions enforcement, on decoded AIS positions.
//!
//! The crate is pure: no file or network IO. Readers take bytes and return values plus a list
//! of problems; callers decide where data comes from (decoding raw NMEA is another crate's
//! job; this one starts from [`Position`]s and [`StaticReport`]s).
//!
//! * [`read`]: positions and static reports from CSV — the US MarineCadastre layout, the
//!   Spire/ORBCOMM-like flat export, the Danish Maritime Authority layout, or any CSV through a
//!   [`read::ColumnMap`]; bad rows become [`read::Problem`]s with line numbers.
//! * [`tracks`]: positions per MMSI in time order, split into segments where one MMSI is used
//!   by several ships at once (after Global Fishing Watch's gpsdio-segment).
//! * [`areas`]: watch areas (ports, anchorages, STS boxes, EEZs, land) from GeoJSON with a grid
//!   index; an embedded North-East Asia default ([`areas::DEFAULT_AREAS_GEOJSON`]).
//! * [`events`]: encounters, loitering, AIS gaps (with the "likely disabling" rules), port
//!   visits, identity anomalies (IMO check digit, MID against flag, changes of name / IMO /
//!   flag / MMSI, one IMO under several MMSIs, one MMSI in two places, placeholder MMSIs) and
//!   draught changes across encounters; every threshold in [`events::Config`] with its source.
//! * [`export`]: events as JSON, CSV, GeoJSON and KML, each with its supporting positions.
//! * [`ais`]: decoded AIS (`ce2-ais`) turned into positions and static reports, and the
//!   identities each MMSI broadcast.
//! * [`scenario`]: scripted voyages with known truth, and [`nmea`] to write them as AIVDM.
//! * [`identity`]: MMSI formats and the MID → country table, IMO check digits.
//! * [`bench`]: a synthetic fleet timed through tracks and events.
//!
//! ```
//! use ce2_maritime::areas::WatchAreas;
//! use ce2_maritime::events::{analyse, Config, EventKind};
//! use ce2_maritime::{export, scenario};
//!
//! // Two tankers drift alongside each other in Korea Bay; one loads cargo.
//! let s = scenario::sts_korea_bay();
//! let areas = WatchAreas::default_areas();
//! let analysis = analyse(s.positions.clone(), &s.statics, &areas, &Config::default());
//! let kinds: Vec<EventKind> = analysis.events.iter().map(|e| e.kind).collect();
//! assert!(kinds.contains(&EventKind::Encounter));
//! assert!(kinds.contains(&EventKind::DraughtChange));
//!
//! // Evidence for Google Earth and GIS tools.
//! let kml = export::to_kml(&analysis.events, "Korea Bay STS");
//! assert!(kml.contains("<TimeSpan>"));
//! let geojson = export::to_geojson(&analysis.events);
//! assert!(geojson.contains("FeatureCollection"));
//! ```
//!
//! # Scale
//!
//! Everything runs in memory, in parallel per MMSI (segmentation, gaps, loitering, port
//! visits) and per 10-minute time slot (the encounter pair search, over a grid of cells as
//! wide as the encounter distance, so the search is linear in the number of resampled points
//! rather than quadratic in ships). Measured with `cargo bench -p ce2-maritime --bench events`
//! on the project's 2-core machine: a synthetic fleet of 5,000 ships over 30 days, 10 million
//! positions, goes through tracks and every detector in about 4.5 s when the machine is quiet
//! (about 2.2 million positions per second; 11–14 s while other builds shared the two cores),
//! with a peak resident memory of about 1.9 GB — each position costs 56 bytes and each
//! resampled encounter point 24 bytes, and the resampled grid holds about twice as many points
//! as there are positions at one report per 20 minutes.
//!
//! That is about four hours of the world's traffic: Global Fishing Watch handles more than 60
//! million positions a day from more than 300,000 ships, some 22 billion a year. A year of
//! global AIS does not fit this design: at the same cost it needs over a terabyte of memory
//! and, on two cores, three to seven hours of computation even if memory allowed. What would
//! carry it there — not built here — is what GFW does: keep positions in columnar storage
//! partitioned by day (Parquet files, DuckDB, or BigQuery tables partitioned by date and
//! clustered by MMSI), segment each day per MMSI while carrying each MMSI's open segments over
//! to the next day (GFW's `pipe-segment` keeps segment state between daily runs), run the
//! per-vessel detectors per MMSI partition, and run encounters per day and spatial cell (GFW
//! buckets by S2 cell on a 10-minute grid, sharded by day) with a halo of neighbouring cells,
//! on a distributed engine (GFW uses Apache Beam on Dataflow with up to 200 workers). This
//! crate's detectors are written so that each works on one MMSI's positions or one time slot
//! at a time and could be driven that way, but the partitioning, the state carried between
//! days and the columnar readers do not exist yet.

pub mod ais;
pub mod areas;
pub mod bench;
mod encounters;
pub mod events;
pub mod export;
mod fxhash;
pub mod geo;
pub mod identity;
mod mid_table;
pub mod nmea;
pub mod read;
pub mod scenario;
pub mod time;
pub mod tracks;

use serde::{Deserialize, Serialize};

/// One decoded AIS position report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// The MMSI broadcast.
    pub mmsi: u32,
    /// Time of the report, unix seconds UTC.
    pub time: i64,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Speed over ground, knots.
    pub sog: Option<f32>,
    /// Course over ground, degrees.
    pub cog: Option<f32>,
    /// True heading, degrees.
    pub heading: Option<u16>,
    /// Navigational status (0 under way using engine, 1 at anchor, 5 moored, …).
    pub status: Option<u8>,
}

/// One decoded AIS static and voyage report (type 5, 19 or 24), or the static columns of a
/// table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaticReport {
    /// The MMSI broadcast.
    pub mmsi: u32,
    /// Time of the report, unix seconds UTC.
    pub time: i64,
    /// IMO number as broadcast (check digit not checked).
    pub imo: Option<u32>,
    /// Vessel name.
    pub name: Option<String>,
    /// Call sign.
    pub callsign: Option<String>,
    /// AIS ship-and-cargo type (70–79 cargo, 80–89 tanker, …).
    pub ship_type: Option<u8>,
    /// Draught, metres.
    pub draught: Option<f32>,
    /// Reported destination.
    pub destination: Option<String>,
    /// Flag as given by a table or registry (ISO alpha-2/alpha-3 or a country name); AIS itself
    /// carries no flag, only the MID of the MMSI.
    #[serde(default)]
    pub flag: Option<String>,
}

impl StaticReport {
    /// Whether two reports carry the same static fields (MMSI and time aside).
    pub fn same_identity(&self, other: &StaticReport) -> bool {
        self.imo == other.imo
            && self.name == other.name
            && self.callsign == other.callsign
            && self.ship_type == other.ship_type
            && self.draught == other.draught
            && self.destination == other.destination
            && self.flag == other.flag
    }
}
