//! Positions and static reports written back as AIVDM, with NMEA 4.10 tag blocks carrying the
//! receive time (`\c:<unix>*hh\`), so that synthetic scenarios can be replayed through any AIS
//! decoder. The bits and sentences are `ce2-ais`'s encoder's; this module only maps the
//! decoded values back to raw fields.

use ce2_ais::encode::{self, Options};
use ce2_ais::message::{PositionReport, StaticVoyageData};
use ce2_ais::Text;

use crate::{Position, StaticReport};

/// The type 1 message of a position (speeds, courses and positions rounded to the resolution
/// AIS carries; missing values written as "not available").
pub fn position_report(p: &Position) -> PositionReport {
    PositionReport {
        msg_type: 1,
        repeat: 0,
        mmsi: p.mmsi,
        status: p.status.unwrap_or(15),
        turn: -128,
        speed: p
            .sog
            .map_or(1023, |s| ((f64::from(s) * 10.0).round() as u16).min(1022)),
        accuracy: false,
        lon: (p.lon * 600_000.0).round() as i32,
        lat: (p.lat * 600_000.0).round() as i32,
        course: p
            .cog
            .map_or(3600, |c| ((f64::from(c) * 10.0).round() as u16).min(3599)),
        heading: p.heading.unwrap_or(511),
        second: p.time.rem_euclid(60) as u8,
        maneuver: 0,
        raim: false,
        radio: 0,
    }
}

/// The type 5 message of a static report (no ETA, dimensions unknown, GPS fix).
pub fn static_voyage(s: &StaticReport) -> StaticVoyageData {
    StaticVoyageData {
        repeat: 0,
        mmsi: s.mmsi,
        ais_version: 0,
        imo: s.imo.unwrap_or(0),
        callsign: Text::from_str_lossy(s.callsign.as_deref().unwrap_or("")),
        shipname: Text::from_str_lossy(s.name.as_deref().unwrap_or("")),
        shiptype: s.ship_type.unwrap_or(0),
        to_bow: 0,
        to_stern: 0,
        to_port: 0,
        to_starboard: 0,
        epfd: 1,
        month: 0,
        day: 0,
        hour: 24,
        minute: 60,
        draught: s
            .draught
            .map_or(0, |d| (f64::from(d) * 10.0).round().clamp(0.0, 255.0) as u8),
        destination: Text::from_str_lossy(s.destination.as_deref().unwrap_or("")),
        dte: 0,
    }
}

/// NMEA text for positions (type 1) and static reports (type 5), in time order, each message's
/// first sentence preceded by a tag block with its receive time (`c:` unix seconds); the two
/// sentences of a type 5 are grouped with `g:` as NMEA 4.10 specifies.
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
        let mut o = Options {
            channel: if k % 2 == 0 { 'A' } else { 'B' },
            time_ms: Some(t * 1000),
            ..Options::default()
        };
        let sentences = match item {
            Item::P(p) => encode::position_with(&position_report(p), &o),
            Item::S(s) => {
                group = group % 9999 + 1;
                o.seq = (group % 10) as u8;
                o.group_id = group;
                encode::static_voyage_with(&static_voyage(s), &o)
            }
        };
        for s in sentences {
            out.push_str(&s);
            out.push('\n');
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
        let p = Position {
            mmsi: 477_553_000,
            time: 15,
            lat: 28_549_700.0 / 600_000.0,
            lon: -73_407_500.0 / 600_000.0,
            sog: Some(0.0),
            cog: Some(51.0),
            heading: Some(181),
            status: Some(5),
        };
        let mut m = position_report(&p);
        m.turn = 0;
        m.radio = 149_208;
        let o = Options {
            channel: 'B',
            ..Options::default()
        };
        assert_eq!(
            encode::position_with(&m, &o),
            vec!["!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C".to_string()]
        );
    }

    #[test]
    fn type5_is_two_sentences_grouped_with_the_time_on_the_first() {
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
        let text = to_nmea(&[], std::slice::from_ref(&s));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("\\g:1-2-1,c:0*"), "{}", lines[0]);
        assert!(lines[1].starts_with("\\g:2-2-1*"), "{}", lines[1]);
        assert!(lines[1].contains("!AIVDM,2,2,1,A,"), "{}", lines[1]);
        let (decoded, stats) = ce2_ais::decode_all(text.as_bytes());
        assert_eq!(stats.messages, 1);
        let ce2_ais::Message::StaticVoyage(m) = &decoded[0].message else {
            panic!("{:?}", decoded[0].message);
        };
        assert_eq!((m.mmsi, m.imo, m.draught), (445_123_000, 9_538_892, 42));
        assert_eq!(m.shipname.as_str(), "KUM SAN");
        assert_eq!(decoded[0].meta.received_ms, Some(0));
    }
}
