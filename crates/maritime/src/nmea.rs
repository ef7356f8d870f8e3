//! A small AIVDM encoder for message types 1/2/3 (Class A position) and 5 (static and voyage
//! data), with NMEA 4.10 tag blocks carrying the receive time (`\c:<unix>*hh\`), so that
//! synthetic scenarios can be replayed through any AIS decoder.
//!
//! Bit layouts follow ITU-R M.1371 as documented in Eric Raymond's "AIVDM/AIVDO protocol
//! decoding": 6-bit payload armouring, two's-complement signed fields, 6-bit text with `@`
//! padding.

use serde::{Deserialize, Serialize};

use crate::{Position, StaticReport};

/// Appends big-endian bit fields.
#[derive(Debug, Default, Clone)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the low `n` bits of `v`, most significant first (two's complement for negative
    /// values).
    pub fn push(&mut self, v: i64, n: u32) {
        for k in (0..n).rev() {
            self.bits.push((v >> k) & 1 == 1);
        }
    }

    /// Appends `chars` characters of 6-bit AIS text, padded with `pad` (normally `@`).
    pub fn push_text(&mut self, s: &str, chars: usize, pad: char) {
        let mut it = s.chars().map(|c| c.to_ascii_uppercase());
        for _ in 0..chars {
            let c = it.next().unwrap_or(pad);
            let v = match c as u32 {
                64..=95 => c as u32 - 64,
                32..=63 => c as u32,
                _ => '?' as u32,
            };
            self.push(i64::from(v), 6);
        }
    }

    /// Number of bits written.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The armoured payload and its fill-bit count.
    pub fn armour(&self) -> (String, u8) {
        let fill = (6 - self.bits.len() % 6) % 6;
        let mut out = String::with_capacity(self.bits.len() / 6 + 1);
        for chunk in self.bits.chunks(6) {
            let mut v = 0u8;
            for k in 0..6 {
                v = (v << 1) | u8::from(chunk.get(k).copied().unwrap_or(false));
            }
            out.push(char::from(if v < 40 { v + 48 } else { v + 56 }));
        }
        (out, fill as u8)
    }
}

/// The raw fields of a type 1, 2 or 3 message (units as on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Type1 {
    /// 1, 2 or 3.
    pub msg_type: u8,
    /// Repeat indicator 0–3.
    pub repeat: u8,
    /// MMSI.
    pub mmsi: u32,
    /// Navigational status 0–15.
    pub status: u8,
    /// Rate of turn, raw (−128 = not available).
    pub rot: i8,
    /// Speed over ground in 0.1 kn (1023 = not available).
    pub sog: u16,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10,000 minute (181° = not available).
    pub lon: i32,
    /// Latitude in 1/10,000 minute (91° = not available).
    pub lat: i32,
    /// Course over ground in 0.1° (3600 = not available).
    pub cog: u16,
    /// True heading (511 = not available).
    pub heading: u16,
    /// UTC second of the report (60 = not available).
    pub second: u8,
    /// Manoeuvre indicator.
    pub maneuver: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (19 bits).
    pub radio: u32,
}

impl Type1 {
    /// The message for a decoded position.
    pub fn from_position(p: &Position) -> Self {
        Type1 {
            msg_type: 1,
            repeat: 0,
            mmsi: p.mmsi,
            status: p.status.unwrap_or(15),
            rot: -128,
            sog: p
                .sog
                .map_or(1023, |s| ((f64::from(s) * 10.0).round() as u16).min(1022)),
            accuracy: false,
            lon: (p.lon * 600_000.0).round() as i32,
            lat: (p.lat * 600_000.0).round() as i32,
            cog: p
                .cog
                .map_or(3600, |c| ((f64::from(c) * 10.0).round() as u16).min(3599)),
            heading: p.heading.unwrap_or(511),
            second: p.time.rem_euclid(60) as u8,
            maneuver: 0,
            raim: false,
            radio: 0,
        }
    }

    /// The 168-bit payload.
    pub fn bits(&self) -> BitWriter {
        let mut w = BitWriter::new();
        w.push(i64::from(self.msg_type), 6);
        w.push(i64::from(self.repeat), 2);
        w.push(i64::from(self.mmsi), 30);
        w.push(i64::from(self.status), 4);
        w.push(i64::from(self.rot), 8);
        w.push(i64::from(self.sog), 10);
        w.push(i64::from(self.accuracy), 1);
        w.push(i64::from(self.lon), 28);
        w.push(i64::from(self.lat), 27);
        w.push(i64::from(self.cog), 12);
        w.push(i64::from(self.heading), 9);
        w.push(i64::from(self.second), 6);
        w.push(i64::from(self.maneuver), 2);
        w.push(0, 3);
        w.push(i64::from(self.raim), 1);
        w.push(i64::from(self.radio), 19);
        w
    }
}

/// The raw fields of a type 5 message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Type5 {
    /// Repeat indicator.
    pub repeat: u8,
    /// MMSI.
    pub mmsi: u32,
    /// AIS version 0–3.
    pub ais_version: u8,
    /// IMO number (0 = not available).
    pub imo: u32,
    /// Call sign, up to 7 characters.
    pub callsign: String,
    /// Name, up to 20 characters.
    pub name: String,
    /// Ship and cargo type.
    pub ship_type: u8,
    /// Dimension to bow, metres.
    pub to_bow: u16,
    /// Dimension to stern, metres.
    pub to_stern: u16,
    /// Dimension to port, metres.
    pub to_port: u8,
    /// Dimension to starboard, metres.
    pub to_starboard: u8,
    /// Position fix type.
    pub epfd: u8,
    /// ETA month (0 = not available).
    pub eta_month: u8,
    /// ETA day (0 = not available).
    pub eta_day: u8,
    /// ETA hour (24 = not available).
    pub eta_hour: u8,
    /// ETA minute (60 = not available).
    pub eta_minute: u8,
    /// Draught in 0.1 m.
    pub draught: u8,
    /// Destination, up to 20 characters.
    pub destination: String,
    /// Data terminal flag (0 = ready).
    pub dte: bool,
}

impl Type5 {
    /// The message for a static report (dimensions and ETA not available).
    pub fn from_static(s: &StaticReport) -> Self {
        Type5 {
            repeat: 0,
            mmsi: s.mmsi,
            ais_version: 0,
            imo: s.imo.unwrap_or(0),
            callsign: s.callsign.clone().unwrap_or_default(),
            name: s.name.clone().unwrap_or_default(),
            ship_type: s.ship_type.unwrap_or(0),
            to_bow: 0,
            to_stern: 0,
            to_port: 0,
            to_starboard: 0,
            epfd: 1,
            eta_month: 0,
            eta_day: 0,
            eta_hour: 24,
            eta_minute: 60,
            draught: s
                .draught
                .map_or(0, |d| (f64::from(d) * 10.0).round().clamp(0.0, 255.0) as u8),
            destination: s.destination.clone().unwrap_or_default(),
            dte: false,
        }
    }

    /// The 424-bit payload, text padded with `pad` (`@` by the standard; some transmitters use
    /// spaces).
    pub fn bits(&self, pad: char) -> BitWriter {
        self.bits_padded([pad; 3])
    }

    /// The 424-bit payload with its own padding for the call sign, the name and the
    /// destination (transmitters mix them).
    pub fn bits_padded(&self, pads: [char; 3]) -> BitWriter {
        let mut w = BitWriter::new();
        w.push(5, 6);
        w.push(i64::from(self.repeat), 2);
        w.push(i64::from(self.mmsi), 30);
        w.push(i64::from(self.ais_version), 2);
        w.push(i64::from(self.imo), 30);
        w.push_text(&self.callsign, 7, pads[0]);
        w.push_text(&self.name, 20, pads[1]);
        w.push(i64::from(self.ship_type), 8);
        w.push(i64::from(self.to_bow), 9);
        w.push(i64::from(self.to_stern), 9);
        w.push(i64::from(self.to_port), 6);
        w.push(i64::from(self.to_starboard), 6);
        w.push(i64::from(self.epfd), 4);
        w.push(i64::from(self.eta_month), 4);
        w.push(i64::from(self.eta_day), 5);
        w.push(i64::from(self.eta_hour), 5);
        w.push(i64::from(self.eta_minute), 6);
        w.push(i64::from(self.draught), 8);
        w.push_text(&self.destination, 20, pads[2]);
        w.push(i64::from(self.dte), 1);
        w.push(0, 1);
        w
    }
}

/// XOR checksum of the characters between the delimiters, as two upper-case hex digits.
pub fn checksum(body: &str) -> String {
    format!("{:02X}", body.bytes().fold(0u8, |a, b| a ^ b))
}

/// `!AIVDM` sentences for a payload: one sentence when it fits in 60 characters, else
/// fragments of 60, sharing sequence id `seq`. Returns the sentences without tag blocks.
pub fn sentences(payload: &str, fill: u8, channel: char, seq: u8) -> Vec<String> {
    let chunks: Vec<&str> = payload
        .as_bytes()
        .chunks(60)
        .map(|c| std::str::from_utf8(c).expect("ASCII payload"))
        .collect();
    let n = chunks.len();
    chunks
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let f = if k + 1 == n { fill } else { 0 };
            let seq = if n > 1 {
                seq.to_string()
            } else {
                String::new()
            };
            let body = format!("AIVDM,{n},{},{seq},{channel},{c},{f}", k + 1);
            format!("!{body}*{}", checksum(&body))
        })
        .collect()
}

/// A tag block `\key:value,…*hh\`.
pub fn tag_block(fields: &str) -> String {
    format!("\\{fields}*{}\\", checksum(fields))
}

/// NMEA text for positions (type 1) and static reports (type 5), in time order, each sentence
/// preceded by a tag block with its receive time (`c:` unix seconds); the two sentences of a
/// type 5 are grouped with `g:` as NMEA 4.10 specifies.
pub fn to_nmea(positions: &[Position], statics: &[StaticReport]) -> String {
    enum Item<'a> {
        P(&'a Position),
        S(&'a StaticReport),
    }
    let mut items: Vec<(i64, Item)> = positions
        .iter()
        .map(|p| (p.time, Item::P(p)))
        .chain(statics.iter().map(|s| (s.time, Item::S(s))))
        .collect();
    items.sort_by_key(|(t, _)| *t);
    let mut out = String::new();
    let mut group = 0u32;
    for (k, (t, item)) in items.iter().enumerate() {
        let channel = if k % 2 == 0 { 'A' } else { 'B' };
        match item {
            Item::P(p) => {
                let (payload, fill) = Type1::from_position(p).bits().armour();
                for s in sentences(&payload, fill, channel, 0) {
                    out.push_str(&tag_block(&format!("c:{t}")));
                    out.push_str(&s);
                    out.push('\n');
                }
            }
            Item::S(s) => {
                let (payload, fill) = Type5::from_static(s).bits('@').armour();
                group = group % 9999 + 1;
                let seq = (group % 10) as u8;
                let parts = sentences(&payload, fill, channel, seq);
                let n = parts.len();
                for (i, s) in parts.iter().enumerate() {
                    let tb = if i == 0 {
                        format!("g:{}-{n}-{group},c:{t}", i + 1)
                    } else {
                        format!("g:{}-{n}-{group}", i + 1)
                    };
                    out.push_str(&tag_block(&tb));
                    out.push_str(s);
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_sentence_of_the_domain_notes() {
        // !AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C (gpsd's AIVDM.adoc example).
        let m = Type1 {
            msg_type: 1,
            repeat: 0,
            mmsi: 477_553_000,
            status: 5,
            rot: 0,
            sog: 0,
            accuracy: false,
            lon: -73_407_500,
            lat: 28_549_700,
            cog: 510,
            heading: 181,
            second: 15,
            maneuver: 0,
            raim: false,
            radio: 149_208,
        };
        let bits = m.bits();
        assert_eq!(bits.len(), 168);
        let (payload, fill) = bits.armour();
        assert_eq!(payload, "177KQJ5000G?tO`K>RA1wUbN0TKH");
        assert_eq!(fill, 0);
        assert_eq!(
            sentences(&payload, fill, 'B', 0),
            vec!["!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C".to_string()]
        );
    }

    #[test]
    fn type5_is_two_sentences() {
        let s = StaticReport {
            mmsi: 445_123_000,
            time: 0,
            imo: Some(9_538_892),
            name: Some("KUM SAN".into()),
            callsign: Some("HMXY".into()),
            ship_type: Some(80),
            draught: Some(4.2),
            destination: Some("NAMPO".into()),
            flag: None,
        };
        let bits = Type5::from_static(&s).bits('@');
        assert_eq!(bits.len(), 424);
        let (payload, fill) = bits.armour();
        assert_eq!((payload.len(), fill), (71, 2));
        let text = to_nmea(&[], &[s]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("\\g:1-2-1,c:0*"), "{}", lines[0]);
        assert!(lines[1].contains("!AIVDM,2,2,1,A,"), "{}", lines[1]);
    }
}
