//! Messages → NMEA sentences, for types 1/2/3, 5, 18 and 24 (parts A and B): what a scenario
//! generator needs to make feeds that the decoder (or any AIS decoder) reads back.
//!
//! ```
//! use ce2_ais::encode;
//! use ce2_ais::message::PositionReport;
//! let p = PositionReport {
//!     msg_type: 1, mmsi: 445_123_456, speed: 87, lon: (129.85 * 600_000.0) as i32,
//!     lat: (42.25 * 600_000.0) as i32, course: 1234, heading: 123, second: 30, turn: -128,
//!     ..Default::default()
//! };
//! let lines = encode::position_with(&p, &encode::Options { time_ms: Some(1_700_000_000_000), ..Default::default() });
//! assert_eq!(lines.len(), 1);
//! assert!(lines[0].starts_with("\\c:1700000000*"));
//! let (back, _) = ce2_ais::decode_all(lines[0].as_bytes());
//! assert_eq!(back[0].message, ce2_ais::Message::Position(p));
//! ```

use crate::bits::BitWriter;
use crate::message::*;

/// How the sentences are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Talker id (default `AI`).
    pub talker: [u8; 2],
    /// Write `VDO` (own ship) instead of `VDM`.
    pub own_ship: bool,
    /// Radio channel (default `A`).
    pub channel: char,
    /// Sequence id for messages of more than one sentence (0–9).
    pub seq: u8,
    /// Receive time for a tag block `c:` (milliseconds since the epoch; written in seconds when
    /// a whole second, else in milliseconds).
    pub time_ms: Option<i64>,
    /// Station for a tag block `s:`.
    pub station: Option<String>,
    /// Group id for the tag block `g:` of messages of more than one sentence (written only when
    /// a tag block is written).
    pub group_id: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            talker: *b"AI",
            own_ship: false,
            channel: 'A',
            seq: 0,
            time_ms: None,
            station: None,
            group_id: 1,
        }
    }
}

/// Payload characters per sentence, keeping sentences within 82 characters.
const CHARS_PER_SENTENCE: usize = 60;

fn checksum(s: &str) -> u8 {
    s.bytes().fold(0, |a, c| a ^ c)
}

/// Wraps an armoured payload into sentences.
fn sentences(w: &BitWriter, o: &Options) -> Vec<String> {
    let (payload, fill) = w.armored();
    let chunks: Vec<&str> = if payload.is_empty() {
        vec![""]
    } else {
        payload
            .as_bytes()
            .chunks(CHARS_PER_SENTENCE)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect()
    };
    let count = chunks.len();
    let talker = String::from_utf8_lossy(&o.talker).into_owned();
    let kind = if o.own_ship { "VDO" } else { "VDM" };
    let with_tag = o.time_ms.is_some() || o.station.is_some();
    let mut out = Vec::with_capacity(count);
    for (k, chunk) in chunks.iter().enumerate() {
        let number = k + 1;
        let seq = if count > 1 {
            (o.seq % 10).to_string()
        } else {
            String::new()
        };
        let f = if number == count { fill } else { 0 };
        let body = format!(
            "{talker}{kind},{count},{number},{seq},{},{chunk},{f}",
            o.channel
        );
        let sentence = format!("!{body}*{:02X}", checksum(&body));
        if with_tag {
            let mut fields = Vec::new();
            if count > 1 {
                fields.push(format!("g:{number}-{count}-{}", o.group_id));
            }
            if number == 1 {
                if let Some(st) = &o.station {
                    fields.push(format!("s:{st}"));
                }
                if let Some(ms) = o.time_ms {
                    if ms % 1000 == 0 {
                        fields.push(format!("c:{}", ms / 1000));
                    } else {
                        fields.push(format!("c:{ms}"));
                    }
                }
            }
            let tag = fields.join(",");
            out.push(format!("\\{tag}*{:02X}\\{sentence}", checksum(&tag)));
        } else {
            out.push(sentence);
        }
    }
    out
}

fn header(w: &mut BitWriter, t: u8, repeat: u8, mmsi: u32) {
    w.put(u64::from(t), 6);
    w.put(u64::from(repeat), 2);
    w.put(u64::from(mmsi), 30);
}

/// Type 1, 2 or 3 (from `msg_type`; anything else is written as 1), default options.
pub fn position(m: &PositionReport) -> Vec<String> {
    position_with(m, &Options::default())
}

/// Type 1, 2 or 3 with the given options.
pub fn position_with(m: &PositionReport, o: &Options) -> Vec<String> {
    let t = if (1..=3).contains(&m.msg_type) {
        m.msg_type
    } else {
        1
    };
    let mut w = BitWriter::new();
    header(&mut w, t, m.repeat, m.mmsi);
    w.put(u64::from(m.status), 4);
    w.put_signed(i64::from(m.turn), 8);
    w.put(u64::from(m.speed), 10);
    w.flag(m.accuracy);
    w.put_signed(i64::from(m.lon), 28);
    w.put_signed(i64::from(m.lat), 27);
    w.put(u64::from(m.course), 12);
    w.put(u64::from(m.heading), 9);
    w.put(u64::from(m.second), 6);
    w.put(u64::from(m.maneuver), 2);
    w.put(0, 3);
    w.flag(m.raim);
    w.put(u64::from(m.radio), 19);
    sentences(&w, o)
}

/// Type 5 (two sentences), default options.
pub fn static_voyage(m: &StaticVoyageData) -> Vec<String> {
    static_voyage_with(m, &Options::default())
}

/// Type 5 with the given options.
pub fn static_voyage_with(m: &StaticVoyageData, o: &Options) -> Vec<String> {
    let mut w = BitWriter::new();
    header(&mut w, 5, m.repeat, m.mmsi);
    w.put(u64::from(m.ais_version), 2);
    w.put(u64::from(m.imo), 30);
    w.text(m.callsign.as_str(), 7);
    w.text(m.shipname.as_str(), 20);
    w.put(u64::from(m.shiptype), 8);
    w.put(u64::from(m.to_bow), 9);
    w.put(u64::from(m.to_stern), 9);
    w.put(u64::from(m.to_port), 6);
    w.put(u64::from(m.to_starboard), 6);
    w.put(u64::from(m.epfd), 4);
    w.put(u64::from(m.month), 4);
    w.put(u64::from(m.day), 5);
    w.put(u64::from(m.hour), 5);
    w.put(u64::from(m.minute), 6);
    w.put(u64::from(m.draught), 8);
    w.text(m.destination.as_str(), 20);
    w.put(u64::from(m.dte), 1);
    w.put(0, 1);
    sentences(&w, o)
}

/// Type 18, default options.
pub fn class_b_position(m: &ClassBPosition) -> Vec<String> {
    class_b_position_with(m, &Options::default())
}

/// Type 18 with the given options.
pub fn class_b_position_with(m: &ClassBPosition, o: &Options) -> Vec<String> {
    let mut w = BitWriter::new();
    header(&mut w, 18, m.repeat, m.mmsi);
    w.put(u64::from(m.reserved), 8);
    w.put(u64::from(m.speed), 10);
    w.flag(m.accuracy);
    w.put_signed(i64::from(m.lon), 28);
    w.put_signed(i64::from(m.lat), 27);
    w.put(u64::from(m.course), 12);
    w.put(u64::from(m.heading), 9);
    w.put(u64::from(m.second), 6);
    w.put(u64::from(m.regional), 2);
    for f in [m.cs, m.display, m.dsc, m.band, m.msg22, m.assigned, m.raim] {
        w.flag(f);
    }
    w.put(u64::from(m.radio), 20);
    sentences(&w, o)
}

/// Type 24, part A or B, default options.
pub fn static_data(m: &StaticDataReport) -> Vec<String> {
    static_data_with(m, &Options::default())
}

/// Type 24, part A (160 bits, as most transponders send it) or B (168 bits), with the given
/// options. A vendor id of at most 3 characters is written with the model and serial number
/// (ITU-R M.1371-4); a longer one fills the 7 characters of the older layout instead.
pub fn static_data_with(m: &StaticDataReport, o: &Options) -> Vec<String> {
    let mut w = BitWriter::new();
    header(&mut w, 24, m.repeat, m.mmsi);
    match &m.part {
        StaticDataPart::A { shipname } => {
            w.put(0, 2);
            w.text(shipname.as_str(), 20);
        }
        StaticDataPart::B {
            shiptype,
            vendorid,
            model,
            serial,
            callsign,
            extent,
        } => {
            w.put(1, 2);
            w.put(u64::from(*shiptype), 8);
            if vendorid.len() > 3 {
                // A vendor id of the older, 7-character form: its last characters take the bits
                // of the model and serial number (as the decoder reads them back).
                w.text(vendorid.as_str(), 7);
            } else {
                w.text(vendorid.as_str(), 3);
                w.put(u64::from(*model), 4);
                w.put(u64::from(*serial), 20);
            }
            w.text(callsign.as_str(), 7);
            match *extent {
                StaticDataExtent::Dimensions {
                    to_bow,
                    to_stern,
                    to_port,
                    to_starboard,
                } => {
                    w.put(u64::from(to_bow), 9);
                    w.put(u64::from(to_stern), 9);
                    w.put(u64::from(to_port), 6);
                    w.put(u64::from(to_starboard), 6);
                }
                StaticDataExtent::Mothership(mm) => w.put(u64::from(mm), 30),
            }
            w.put(0, 6);
        }
    }
    sentences(&w, o)
}

/// Why a message cannot be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("encoding type {0} is not supported (only 1, 2, 3, 5, 18 and 24)")]
pub struct UnsupportedType(pub u8);

/// Any message of the supported types.
pub fn message(m: &Message, o: &Options) -> Result<Vec<String>, UnsupportedType> {
    match m {
        Message::Position(p) => Ok(position_with(p, o)),
        Message::StaticVoyage(v) => Ok(static_voyage_with(v, o)),
        Message::ClassBPosition(b) => Ok(class_b_position_with(b, o)),
        Message::StaticData(s) => Ok(static_data_with(s, o)),
        other => Err(UnsupportedType(other.msg_type())),
    }
}
