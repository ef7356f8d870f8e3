//! Maritime analysis for sanctions enforcement, on decoded AIS positions.
//!
//! (Crate documentation is completed below.)

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
