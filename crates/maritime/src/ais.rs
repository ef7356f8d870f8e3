//! Decoded AIS (from `ce2-ais`) turned into the positions and static reports tracks and events
//! are built from, and the identities each MMSI broadcast over time.

use std::collections::BTreeMap;

use ce2_ais::message::StaticDataPart;
use ce2_ais::{Decoded, Decoder, Message, Stats};
use serde::Serialize;

use crate::identity::mmsi_country;
use crate::tracks::Tracks;
use crate::{Position, StaticReport};

/// What AIS messages gave.
#[derive(Debug, Clone, Default)]
pub struct FromAis {
    /// Positions (types 1–3, 18, 19, 27), each at its receive time.
    pub positions: Vec<Position>,
    /// Static reports (types 5, 19, 24 A and B).
    pub statics: Vec<StaticReport>,
    /// Position or static messages without a receive time (no tag block `c:`, no USCG
    /// trailer): they cannot be placed on a track.
    pub untimed: u64,
}

fn text(t: &str) -> Option<String> {
    let t = t.trim().trim_end_matches('@').trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl FromAis {
    /// Take one decoded message.
    pub fn take(&mut self, decoded: &Decoded) {
        let message = &decoded.message;
        let Some(ms) = decoded.meta.received_ms else {
            if message.position().is_some() || matches!(message, Message::StaticVoyage(_)) {
                self.untimed += 1;
            }
            return;
        };
        let time = ms.div_euclid(1000);
        let mmsi = message.mmsi();
        let mut position = |lon: Option<f64>,
                            lat: Option<f64>,
                            sog: Option<f64>,
                            cog: Option<f64>,
                            heading: Option<u16>,
                            status: Option<u8>| {
            if let (Some(lon), Some(lat)) = (lon, lat) {
                self.positions.push(Position {
                    mmsi,
                    time,
                    lat,
                    lon,
                    sog: sog.map(|v| v as f32),
                    cog: cog.map(|v| v as f32),
                    heading,
                    status,
                });
            }
        };
        let blank = StaticReport {
            mmsi,
            time,
            imo: None,
            name: None,
            callsign: None,
            ship_type: None,
            draught: None,
            destination: None,
            flag: None,
        };
        match message {
            Message::Position(m) => position(
                m.lon_deg(),
                m.lat_deg(),
                m.speed_knots(),
                m.course_deg(),
                m.heading_deg(),
                Some(m.status),
            ),
            Message::ClassBPosition(m) => position(
                m.lon_deg(),
                m.lat_deg(),
                m.speed_knots(),
                m.course_deg(),
                m.heading_deg(),
                None,
            ),
            Message::ClassBExtended(m) => {
                position(
                    m.lon_deg(),
                    m.lat_deg(),
                    m.speed_knots(),
                    m.course_deg(),
                    m.heading_deg(),
                    None,
                );
                self.statics.push(StaticReport {
                    name: text(m.shipname.as_str()),
                    ship_type: (m.shiptype != 0).then_some(m.shiptype),
                    ..blank
                });
            }
            Message::LongRange(m) => position(
                m.lon_deg(),
                m.lat_deg(),
                m.speed_knots(),
                m.course_deg(),
                None,
                Some(m.status),
            ),
            Message::StaticVoyage(m) => self.statics.push(StaticReport {
                imo: (m.imo != 0).then_some(m.imo),
                name: text(m.shipname.as_str()),
                callsign: text(m.callsign.as_str()),
                ship_type: (m.shiptype != 0).then_some(m.shiptype),
                draught: m.draught_m().map(|d| d as f32),
                destination: text(m.destination.as_str()),
                ..blank
            }),
            Message::StaticData(m) => match &m.part {
                StaticDataPart::A { shipname } => self.statics.push(StaticReport {
                    name: text(shipname.as_str()),
                    ..blank
                }),
                StaticDataPart::B {
                    shiptype, callsign, ..
                } => self.statics.push(StaticReport {
                    callsign: text(callsign.as_str()),
                    ship_type: (*shiptype != 0).then_some(*shiptype),
                    ..blank
                }),
            },
            _ => {}
        }
    }
}

/// Decode NMEA bytes and keep what tracks need, with the decoder's counts.
pub fn from_nmea(bytes: &[u8]) -> (FromAis, Stats) {
    let mut out = FromAis::default();
    let mut decoder = Decoder::new();
    decoder.feed(bytes, |d| out.take(d));
    decoder.finish();
    (out, decoder.take_stats())
}

/// One identity an MMSI broadcast, with when it was first and last heard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BroadcastIdentity {
    /// The MMSI.
    pub mmsi: u32,
    /// The IMO number broadcast, if any.
    pub imo: Option<u32>,
    /// The name broadcast.
    pub name: Option<String>,
    /// The call sign broadcast.
    pub callsign: Option<String>,
    /// The flag the MMSI's MID implies (ISO alpha-2).
    pub flag: Option<String>,
    /// The AIS ship type.
    pub ship_type: Option<u8>,
    /// First heard (unix seconds).
    pub first_seen: i64,
    /// Last heard (unix seconds).
    pub last_seen: i64,
    /// Reports heard with this identity.
    pub reports: u64,
}

/// An identity as broadcast: MMSI, IMO, name, call sign.
type IdentityKey = (u32, Option<u32>, Option<String>, Option<String>);

/// The identities each MMSI broadcast, in order of MMSI and identity. Static fields arrive in
/// pieces (type 24 A and B), so the last known value of each is carried forward; a vessel heard
/// only by position still has an identity: its MMSI, heard from its first to its last position.
pub fn identities(statics: &[StaticReport], tracks: &Tracks) -> Vec<BroadcastIdentity> {
    let mut by_key: BTreeMap<IdentityKey, BroadcastIdentity> = BTreeMap::new();
    let flag = |mmsi: u32| mmsi_country(mmsi).map(|c| c.alpha2.to_string());
    let mut last: BTreeMap<u32, StaticReport> = BTreeMap::new();
    let mut sorted: Vec<&StaticReport> = statics.iter().collect();
    sorted.sort_by_key(|s| (s.mmsi, s.time));
    for s in sorted {
        let merged = last.entry(s.mmsi).or_insert_with(|| s.clone());
        if s.imo.is_some() {
            merged.imo = s.imo;
        }
        if s.name.is_some() {
            merged.name = s.name.clone();
        }
        if s.callsign.is_some() {
            merged.callsign = s.callsign.clone();
        }
        if s.ship_type.is_some() {
            merged.ship_type = s.ship_type;
        }
        let key = (
            s.mmsi,
            merged.imo,
            merged.name.clone(),
            merged.callsign.clone(),
        );
        let e = by_key.entry(key).or_insert_with(|| BroadcastIdentity {
            mmsi: s.mmsi,
            imo: merged.imo,
            name: merged.name.clone(),
            callsign: merged.callsign.clone(),
            flag: flag(s.mmsi),
            ship_type: merged.ship_type,
            first_seen: s.time,
            last_seen: s.time,
            reports: 0,
        });
        e.first_seen = e.first_seen.min(s.time);
        e.last_seen = e.last_seen.max(s.time);
        e.reports += 1;
    }
    for t in &tracks.mmsis {
        let ps = &tracks.positions[t.positions.clone()];
        let (Some(first), Some(last_p)) = (ps.first(), ps.last()) else {
            continue;
        };
        if !last.contains_key(&t.mmsi) {
            by_key.insert(
                (t.mmsi, None, None, None),
                BroadcastIdentity {
                    mmsi: t.mmsi,
                    imo: None,
                    name: None,
                    callsign: None,
                    flag: flag(t.mmsi),
                    ship_type: None,
                    first_seen: first.time,
                    last_seen: last_p.time,
                    reports: ps.len() as u64,
                },
            );
        }
    }
    by_key.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracks::{build_tracks, SegmentConfig};

    #[test]
    fn timed_messages_become_positions_and_identities_are_pieced_together() {
        // Type 1 with a receive time, the same without one, and a type 24 A then B.
        let feed = "\\c:1418172113*52\\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78\n\
                    !AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78\n";
        let (got, stats) = from_nmea(feed.as_bytes());
        assert_eq!(stats.messages, 2);
        assert_eq!(got.positions.len(), 1);
        assert_eq!(got.untimed, 1);
        let p = got.positions[0];
        assert_eq!((p.mmsi, p.time), (224_651_000, 1_418_172_113));

        let report = |time, name: Option<&str>, callsign: Option<&str>| StaticReport {
            mmsi: 445_000_001,
            time,
            imo: None,
            name: name.map(str::to_string),
            callsign: callsign.map(str::to_string),
            ship_type: None,
            draught: None,
            destination: None,
            flag: None,
        };
        let statics = [
            report(10, Some("CHON MA"), None),
            report(11, None, Some("HMAB")),
            report(20, Some("CHON MA SAN"), None),
        ];
        let tracks = build_tracks(got.positions.clone(), &SegmentConfig::default());
        let ids = identities(&statics, &tracks);
        let of_445: Vec<_> = ids.iter().filter(|i| i.mmsi == 445_000_001).collect();
        assert_eq!(of_445.len(), 3, "{ids:?}");
        assert_eq!(of_445[1].callsign.as_deref(), Some("HMAB"));
        assert_eq!(
            of_445[1].name.as_deref(),
            Some("CHON MA"),
            "the name carried forward"
        );
        assert_eq!(of_445[0].flag.as_deref(), Some("KP"));
        let heard_only = ids.iter().find(|i| i.mmsi == 224_651_000).unwrap();
        assert_eq!((heard_only.reports, heard_only.name.clone()), (1, None));
    }
}
