//! The decoder against libais's test data (`nmea/libais/` in the shared data).
//!
//! `typeexamples.json` is libais's scaled decode (degrees, knots; `f32` values) of one odd
//! message of each type; `tagblock.json` adds the tag block. Fields are compared where libais
//! and gpsd mean the same thing by the same key; what cannot be, and why, is listed in
//! [`NOT_COMPARABLE`].

use std::collections::BTreeMap;

use ce2_ais::{decode_all, Gpsd, Message, RejectKind};
use serde_json::Value;

fn libais(name: &str) -> Option<std::path::PathBuf> {
    ce2_testdata::shared_file(&format!("maritime/nmea/libais/{name}"))
}

/// Keys libais writes under a gpsd name with another meaning or unit.
const NOT_COMPARABLE: &[(&str, &str)] = &[
    (
        "turn",
        "libais writes null or its own rate formula; gpsd's scaled turn is (ROT/4.733)² or a word",
    ),
    ("imo", "libais writes the IMO number as a string"),
    (
        "timestamp",
        "libais writes a timestamp for types 4/11 only when valid, gpsd always",
    ),
    (
        "speed",
        "types 9 and 27: libais knots vs gpsd raw knots; type 1-3/18 compared below",
    ),
    (
        "course",
        "type 27: libais degrees as float, gpsd integer degrees; types 1-3/18 compared below",
    ),
    ("text", "libais keeps trailing '@' padding in some texts"),
    ("retransmit", "type 6: libais inverts the retransmit bit"),
    (
        "dest_mmsi",
        "types 25/26: libais reads it when gpsd's length rules give no addressed part",
    ),
    (
        "ne_lon",
        "type 22/23 corners: libais divides by 600 with another rounding",
    ),
    ("ne_lat", "as ne_lon"),
    ("sw_lon", "as ne_lon"),
    ("sw_lat", "as ne_lon"),
];

/// libais keys that are legends, or fields gpsd does not write.
fn libais_only(key: &str) -> bool {
    key.ends_with("_text")
        || key.starts_with("spare")
        || key.starts_with("tagblock")
        || matches!(key, "device" | "class" | "scaled")
}

/// libais's six-bit text table differs from ITU-R M.1371 (and gpsd) for two codes: 31 is
/// `-` there (`_` in ITU) and 39 is `` ` `` (`'` in ITU). Its trailing `@` and spaces are cut
/// here as gpsd does.
fn libais_text(s: &str) -> String {
    s.trim_end_matches(['@', ' '])
        .replace('-', "_")
        .replace('`', "'")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-4 * a.abs().max(1.0)
}

#[test]
fn typeexamples() {
    let (Some(nmea), Some(json)) = (libais("typeexamples.nmea"), libais("typeexamples.json"))
    else {
        return;
    };
    let (decoded, stats) = decode_all(&std::fs::read(&nmea).unwrap());
    let expected: Vec<Value> = std::fs::read_to_string(&json)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(expected.len(), 26);
    // libais decodes three of these test messages whose positions are outside ±180°/±90°;
    // they are rejected here as impossible_position.
    assert_eq!(stats.messages, 23);
    assert_eq!(stats.rejected(RejectKind::ImpossiblePosition), 3);
    assert_eq!(stats.rejected_total(), 3);

    let mut compared = 0usize;
    let mut mismatches = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for d in &decoded {
        // Line n of the .nmea is line n of the .json.
        let exp = &expected[d.meta.line as usize - 1];
        let ours = serde_json::to_value(Gpsd::scaled(&d.message)).unwrap();
        let t = d.message.msg_type();
        assert_eq!(exp["type"], t, "line {}", d.meta.line);
        assert_eq!(exp["mmsi"], d.message.mmsi(), "line {}", d.meta.line);
        for (key, want) in exp.as_object().unwrap() {
            if libais_only(key) {
                continue;
            }
            let positional = matches!(t, 1..=3 | 18 | 19);
            if NOT_COMPARABLE.iter().any(|(k, _)| k == key)
                && !(positional && matches!(key.as_str(), "speed" | "course"))
            {
                *skipped.entry(format!("type {t} {key}")).or_default() += 1;
                continue;
            }
            let Some(got) = ours.get(key) else {
                *skipped
                    .entry(format!("type {t} {key} (no gpsd field)"))
                    .or_default() += 1;
                continue;
            };
            let same = match (got, want) {
                (Value::Number(a), Value::Number(b)) => {
                    close(a.as_f64().unwrap(), b.as_f64().unwrap())
                }
                (Value::Bool(a), Value::Number(b)) => u64::from(*a) == b.as_u64().unwrap_or(9),
                (Value::Number(a), Value::Bool(b)) => a.as_u64() == Some(u64::from(*b)),
                (Value::String(a), Value::String(b)) => a == &libais_text(b),
                (Value::String(a), Value::Number(b)) if a == "nan" => b.as_f64().unwrap() >= 102.25,
                (a, b) => a == b,
            };
            compared += 1;
            if !same {
                mismatches.push(format!(
                    "line {} type {t} {key}: ours {got}, libais {want}",
                    d.meta.line
                ));
            }
        }
    }
    eprintln!("typeexamples: {compared} fields compared; not compared: {skipped:?}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {mismatches:#?}",
        mismatches.len()
    );
    assert!(compared > 150, "{compared}");
}

#[test]
fn tagblock() {
    let (Some(nmea), Some(json)) = (libais("tagblock.nmea"), libais("tagblock.json")) else {
        return;
    };
    let (decoded, stats) = decode_all(&std::fs::read(&nmea).unwrap());
    let expected: Vec<Value> = std::fs::read_to_string(&json)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!((decoded.len(), expected.len()), (4, 4));
    assert_eq!(stats.multipart, 1);
    assert_eq!(stats.rejected_total(), 0);
    // libais writes the messages in the order they complete, as the decoder does.
    for (d, exp) in decoded.iter().zip(&expected) {
        assert_eq!(exp["mmsi"], d.message.mmsi());
        assert_eq!(exp["type"], d.message.msg_type());
        assert_eq!(exp["tagblock_station"], d.meta.station.unwrap().as_str());
        // "2014-12-10T00:41:53.000000Z"
        let ts = exp["tagblock_timestamp"].as_str().unwrap();
        assert_eq!(unix_of(ts) * 1000, d.meta.received_ms.unwrap(), "{ts}");
        if let Some(g) = exp.get("tagblock_group") {
            let (n, size, id) = d.meta.group.unwrap();
            assert_eq!(
                (
                    g["sentence"].as_u64(),
                    g["groupsize"].as_u64(),
                    g["id"].as_u64()
                ),
                (Some(n.into()), Some(size.into()), Some(id.into()))
            );
        }
        let ours = serde_json::to_value(Gpsd::scaled(&d.message)).unwrap();
        for key in [
            "status", "heading", "second", "callsign", "shipname", "to_bow", "to_stern", "dte",
        ] {
            if let Some(want) = exp.get(key) {
                assert_eq!(&ours[key], want, "{key}");
            }
        }
        for key in ["lon", "lat", "speed", "course"] {
            if let Some(want) = exp.get(key) {
                assert!(
                    close(ours[key].as_f64().unwrap(), want.as_f64().unwrap()),
                    "{key}: {} vs {want}",
                    ours[key]
                );
            }
        }
    }
}

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SS…Z` (days from civil, proleptic Gregorian).
fn unix_of(ts: &str) -> i64 {
    let n = |a: usize, b: usize| ts[a..b].parse::<i64>().unwrap();
    let (y, m, d) = (n(0, 4), n(5, 7), n(8, 10));
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + n(11, 13) * 3600 + n(14, 16) * 60 + n(17, 19)
}

#[test]
fn uscg_trailers_and_invalid_types() {
    let Some(path) = libais("test.aivdm") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let (decoded, stats) = decode_all(&bytes);
    assert_eq!(stats.sentences, 263);
    assert_eq!(stats.messages, 217);
    assert_eq!(stats.multipart, 2);
    // Types 28 and up (the file's last section) are rejected as invalid types, and so are two
    // type 0 messages among the odd ones.
    assert_eq!(stats.rejected(RejectKind::InvalidType), 17);
    let text = String::from_utf8_lossy(&bytes);
    let invalid_lines: Vec<u64> = stats
        .problems
        .iter()
        .filter(|p| p.kind == RejectKind::InvalidType)
        .map(|p| p.line)
        .collect();
    for line in &invalid_lines {
        let l = text.lines().nth(*line as usize - 1).unwrap();
        let payload = l.split(',').nth(5).unwrap();
        let t = ce2_ais::bits::dearmor(payload.as_bytes()[0]).unwrap();
        assert!(t == 0 || t >= 28, "line {line}: type {t}");
    }
    assert_eq!(stats.rejected(RejectKind::BadPayloadLength), 24);
    assert_eq!(stats.rejected(RejectKind::InvalidContent), 3);
    assert_eq!(
        stats.messages + stats.rejected_total() - stats.rejected(RejectKind::NotAis),
        261
    );
    // Every message has its station and receive time from the trailer.
    for d in &decoded {
        let st = d.meta.station.expect("station");
        assert!(
            st.as_str().starts_with('r') || st.as_str().starts_with('b'),
            "{st}"
        );
        let t = d.meta.received_ms.expect("time");
        assert!((1_272_000_000_000..1_400_000_000_000).contains(&t), "{t}");
    }
    // `!AIVDM,1,1,,A,15B4FT5000JRP>PE6E68Nbkl0PS5,0*70,b003669794,1272412827`
    let first = &decoded[0];
    assert_eq!(first.meta.station.unwrap().as_str(), "b003669794");
    assert_eq!(first.meta.received_ms, Some(1_272_412_827_000));
    assert!(matches!(first.message, Message::Position(_)));
}
