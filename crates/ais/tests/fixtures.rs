//! Hand-made feeds for the sentence layer (interleaving, lost and reused fragments, bad
//! checksums, garbage), the encoder round trip, and inputs that must never panic.

use ce2_ais::bits::BitBuf;
use ce2_ais::encode::{self, Options};
use ce2_ais::message::*;
use ce2_ais::{decode_all, decode_payload, Decoded, Gpsd, Message, RejectKind, Stats, Text};

/// `!AIVDM,…*hh` with the right checksum.
fn sentence(
    talker: &str,
    count: u8,
    number: u8,
    seq: &str,
    channel: &str,
    payload: &str,
    fill: u8,
) -> String {
    let body = format!("{talker}VDM,{count},{number},{seq},{channel},{payload},{fill}");
    let sum = body.bytes().fold(0u8, |a, c| a ^ c);
    format!("!{body}*{sum:02X}")
}

/// The two fragments of a real type 5 (MMSI 369190000, "MT.MITCHELL").
const T5_A: &str = "55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53";
const T5_B: &str = "1@0000000000000";
/// A type 5 of another ship, split in three for the tests (its payload is the concatenation).
const T5_OTHER: [&str; 3] = [
    "53aDpaT000010;CKKB0h4Q8TpLDr22222",
    "2222216<P:656rd07Tai0CKk5hDQ1C`888",
    "8880",
];
/// Single-sentence position reports.
const POS_1: &str = "15RTgt0PAso;90TKcjM8h6g208CQ";
const POS_2: &str = "13nUgBWP01PkHvDU7<kC4wvJ2>`<";

fn run(lines: &[String]) -> (Vec<Decoded>, Stats) {
    decode_all(lines.join("\n").as_bytes())
}

fn names(decoded: &[Decoded]) -> Vec<String> {
    decoded
        .iter()
        .map(|d| match &d.message {
            Message::StaticVoyage(v) => v.shipname.to_string(),
            m => format!("type {} {}", m.msg_type(), m.mmsi()),
        })
        .collect()
}

fn kinds(s: &Stats) -> Vec<(&'static str, u64)> {
    s.rejections().map(|(k, n)| (k.as_str(), n)).collect()
}

#[test]
fn interleaved_channels() {
    let other = T5_OTHER.concat();
    let (first, second) = other.split_at(40);
    let lines = [
        sentence("AI", 2, 1, "3", "A", T5_A, 0),
        sentence("AI", 2, 1, "3", "B", first, 0),
        sentence("AI", 1, 1, "", "A", POS_1, 0),
        sentence("AI", 2, 2, "3", "B", second, 2),
        sentence("AI", 2, 2, "3", "A", T5_B, 2),
    ];
    let (decoded, s) = run(&lines);
    assert_eq!(
        names(&decoded),
        ["type 1 371798000", "LAHRINGEN", "MT.MITCHELL"]
    );
    assert_eq!(kinds(&s), []);
    assert_eq!(s.multipart, 2);
    // Each message carries the line and channel of its first sentence.
    assert_eq!(
        (decoded[1].meta.line, decoded[1].meta.channel),
        (2, Some(b'B'))
    );
    assert_eq!(
        (decoded[2].meta.line, decoded[2].meta.channel),
        (1, Some(b'A'))
    );
    assert_eq!(decoded[2].meta.fragments, 2);
}

#[test]
fn lost_middle_fragment() {
    let lines = [
        sentence("AI", 3, 1, "5", "A", T5_OTHER[0], 0),
        // Fragment 2 is lost.
        sentence("AI", 3, 3, "5", "A", T5_OTHER[2], 2),
        sentence("AI", 1, 1, "", "B", POS_2, 0),
    ];
    let (decoded, s) = run(&lines);
    assert_eq!(names(&decoded), ["type 1 258568010"]);
    assert_eq!(kinds(&s), [("orphan_fragment", 1), ("stale_fragment", 1)]);
    let problems: Vec<(u64, RejectKind)> = s.problems.iter().map(|p| (p.line, p.kind)).collect();
    assert_eq!(
        problems,
        [
            (1, RejectKind::StaleFragment),
            (2, RejectKind::OrphanFragment)
        ]
    );
    // All three fragments in order make the message.
    let lines: Vec<String> = (0..3)
        .map(|k| {
            sentence(
                "AI",
                3,
                k as u8 + 1,
                "5",
                "A",
                T5_OTHER[k],
                if k == 2 { 2 } else { 0 },
            )
        })
        .collect();
    let (decoded, s) = run(&lines);
    assert_eq!(names(&decoded), ["LAHRINGEN"]);
    assert_eq!(s.multipart, 1);
}

#[test]
fn reused_sequence_id() {
    let lines = [
        // Message X starts with sequence id 7 and never finishes ...
        sentence("AI", 2, 1, "7", "A", T5_A, 0),
        // ... and the id is used again for message Y.
        sentence("AI", 3, 1, "7", "A", T5_OTHER[0], 0),
        sentence("AI", 2, 1, "7", "A", T5_A, 0),
        sentence("AI", 2, 2, "7", "A", T5_B, 2),
        sentence("AI", 3, 2, "7", "A", T5_OTHER[1], 0),
        sentence("AI", 3, 3, "7", "A", T5_OTHER[2], 2),
    ];
    let (decoded, s) = run(&lines);
    // The 2-fragment and 3-fragment groups have different keys; the second first fragment of
    // the 2-fragment key drops the first one.
    assert_eq!(names(&decoded), ["MT.MITCHELL", "LAHRINGEN"]);
    assert_eq!(kinds(&s), [("stale_fragment", 1)]);
    assert_eq!(s.problems[0].line, 1);
    assert_eq!(decoded[0].meta.line, 3);
}

#[test]
fn bad_checksum_between_good_fragments() {
    let mut bad = sentence("AI", 1, 1, "", "B", POS_2, 0);
    bad.replace_range(bad.len() - 2.., "00");
    let lines = [
        sentence("AI", 2, 1, "1", "A", T5_A, 0),
        bad.clone(),
        sentence("AI", 2, 2, "1", "A", T5_B, 2),
        // A fragment whose checksum fails is lost, and its group with it.
        sentence("AI", 2, 1, "2", "A", T5_A, 0),
        {
            let mut b = sentence("AI", 2, 2, "2", "A", T5_B, 2);
            b.replace_range(b.len() - 2.., "00");
            b
        },
        sentence("AI", 1, 1, "", "A", POS_1, 0),
    ];
    let (decoded, s) = run(&lines);
    assert_eq!(names(&decoded), ["MT.MITCHELL", "type 1 371798000"]);
    assert_eq!(kinds(&s), [("bad_checksum", 2), ("stale_fragment", 1)]);
    let lines_of: Vec<(u64, &str)> = s
        .problems
        .iter()
        .map(|p| (p.line, p.kind.as_str()))
        .collect();
    assert_eq!(
        lines_of,
        [
            (2, "bad_checksum"),
            (5, "bad_checksum"),
            (4, "stale_fragment")
        ]
    );
}

#[test]
fn garbage_lines() {
    let garbage: String = (0..10_000)
        .map(|i| (b'!' + (i * 7 % 90) as u8) as char)
        .collect();
    let long_payload: String = "1".repeat(10_000);
    let lines = [
        sentence("AI", 1, 1, "", "A", POS_1, 0),
        garbage,
        format!("!AIVDM,1,1,,A,{long_payload},0*00"),
        sentence("AI", 1, 1, "", "A", &long_payload, 0),
        "\u{0}\u{1}\\\\\\!!!***,,,".to_string(),
        "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47".to_string(),
        format!(
            "# a comment quoting {}",
            sentence("AI", 1, 1, "", "A", POS_1, 0)
        ),
        String::new(),
        sentence("AI", 1, 1, "", "B", POS_2, 0),
    ];
    let (decoded, s) = run(&lines);
    assert_eq!(names(&decoded), ["type 1 371798000", "type 1 258568010"]);
    assert_eq!(decoded[1].meta.line, 9);
    assert_eq!(s.lines, 9);
    // The garbage line holds two `!` units (each counted), the long payload with a good
    // checksum is too long for any message, `\\\\!!!` is a tag block never closed.
    assert_eq!(
        kinds(&s),
        [
            ("bad_checksum", 1),
            ("bad_sentence", 1),
            ("bad_tag_block", 1),
            ("not_ais", 4)
        ]
    );
}

#[test]
fn empty_payload_and_fill_bits() {
    let lines = [
        sentence("AI", 1, 1, "", "A", "", 0),
        // Fill bits outside 0-5.
        sentence("AI", 1, 1, "", "A", POS_1, 6),
        // A type 18 whose fill bits leave 166 bits: too short for the type.
        sentence("AI", 1, 1, "", "B", "B52K>;h00Fc>jpUlNV@ikwpUoP06", 2),
        // An empty last fragment is allowed.
        sentence("AI", 2, 1, "4", "A", &format!("{T5_A}{T5_B}"), 0),
        sentence("AI", 2, 2, "4", "A", "", 2),
        sentence("AI", 1, 1, "", "B", "B52K>;h00Fc>jpUlNV@ikwpUoP06", 0),
    ];
    let (decoded, s) = run(&lines);
    assert_eq!(names(&decoded), ["MT.MITCHELL", "type 18 338087471"]);
    assert_eq!(kinds(&s), [("bad_sentence", 2), ("bad_payload_length", 1)]);
    let details: Vec<&str> = s.problems.iter().map(|p| p.detail.as_str()).collect();
    assert_eq!(
        details,
        [
            "empty payload",
            "fill bits not 0-5",
            "type 18 with 166 bits (allowed 168..=18446744073709551615)"
        ]
    );
}

#[test]
fn payload_rejections() {
    assert_eq!(
        decode_payload("", 0).unwrap_err().kind(),
        RejectKind::BadPayloadLength
    );
    // Type 0 and types 28-63.
    assert_eq!(
        decode_payload("0000000000000000000000000000", 0)
            .unwrap_err()
            .kind(),
        RejectKind::InvalidType
    );
    assert_eq!(
        decode_payload("L000000000000000000000000000", 0)
            .unwrap_err()
            .kind(),
        RejectKind::InvalidType
    );
    assert_eq!(
        decode_payload("w000000000000000000000000000", 0)
            .unwrap_err()
            .kind(),
        RejectKind::InvalidType
    );
    // A type 1 cut to 120 bits.
    assert_eq!(
        decode_payload(&POS_1[..20], 0).unwrap_err().kind(),
        RejectKind::BadPayloadLength
    );
    // A character outside the alphabet.
    assert_eq!(
        decode_payload("15RTgt0PAso;90TKcjM8h6g208C!", 0)
            .unwrap_err()
            .kind(),
        RejectKind::BadSentence
    );
    // A position of 200° east.
    let mut p = PositionReport {
        msg_type: 1,
        mmsi: 1,
        lon: 200 * 600_000,
        lat: 0,
        ..Default::default()
    };
    let line = &encode::position(&p)[0];
    let (_, s) = decode_all(line.as_bytes());
    assert_eq!(kinds(&s), [("impossible_position", 1)]);
    // Not available (181°, 91°) is fine.
    p.lon = LON_NOT_AVAILABLE;
    p.lat = LAT_NOT_AVAILABLE;
    let (d, _) = decode_all(encode::position(&p)[0].as_bytes());
    assert_eq!(d[0].message.position(), None);
}

#[test]
fn never_panics() {
    // Every type at every length from 0 to 1,200 bits, with pseudo-random content.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut payload = Vec::new();
    for t in 0..64u8 {
        for chars in 0..=200usize {
            payload.clear();
            payload.push(ce2_ais::bits::armor(t));
            for _ in 1..chars.max(1) {
                payload.push(ce2_ais::bits::armor((next() % 64) as u8));
            }
            for fill in 0..=5 {
                let s = std::str::from_utf8(&payload).unwrap();
                if let Ok(m) = decode_payload(s, fill) {
                    let _ = serde_json::to_string(&Gpsd::raw(&m)).unwrap();
                    let _ = serde_json::to_string(&Gpsd::scaled(&m)).unwrap();
                }
            }
        }
    }
    // Random lines made of the characters that matter to the parser.
    let alphabet = b"!\\$*,0123456789ABVDMOabcgs:-\r\t 15RTgt;";
    let mut text = Vec::new();
    for _ in 0..20_000 {
        let n = (next() % 90) as usize;
        for _ in 0..n {
            text.push(alphabet[(next() % alphabet.len() as u64) as usize]);
        }
        text.push(b'\n');
    }
    let (_, s) = decode_all(&text);
    assert_eq!(s.lines, 20_000);
    let mut b = BitBuf::new();
    assert!(b.load(&[b"\xff"], 0).is_err());
}

#[test]
fn gpsd_json_forms() {
    let m = decode_payload(POS_1, 0).unwrap();
    let raw = serde_json::to_string(&Gpsd::raw(&m)).unwrap();
    assert_eq!(
        raw,
        r#"{"class":"AIS","type":1,"repeat":0,"mmsi":371798000,"scaled":false,"status":0,"turn":-127,"speed":123,"accuracy":true,"lon":-74037230,"lat":29028980,"course":2240,"heading":215,"second":33,"maneuver":0,"raim":false,"radio":34017}"#
    );
    let scaled = serde_json::to_string(&Gpsd::scaled(&m)).unwrap();
    assert_eq!(
        scaled,
        r#"{"class":"AIS","type":1,"repeat":0,"mmsi":371798000,"scaled":true,"status":0,"turn":"fastleft","speed":12.3,"accuracy":true,"lon":-123.3954,"lat":48.3816,"course":224.0,"heading":215,"second":33,"maneuver":0,"raim":false,"radio":34017}"#
    );
    let line =
        "\\s:rORBCOMM104,c:1418172113*23\\".to_string() + &sentence("AB", 1, 1, "", "B", POS_1, 0);
    let (d, _) = decode_all(line.as_bytes());
    let with_meta = serde_json::to_value(Gpsd::of(&d[0])).unwrap();
    assert_eq!(with_meta["received"], 1_418_172_113.0);
    assert_eq!(with_meta["station"], "rORBCOMM104");
    assert_eq!(with_meta["talker"], "AB");
    assert_eq!(with_meta["channel"], "B");
    assert_eq!(with_meta["line"], 1);
}

fn round_trip(m: Message, o: &Options) -> Decoded {
    let lines = encode::message(&m, o).unwrap();
    let (decoded, s) = decode_all(lines.join("\n").as_bytes());
    assert_eq!(kinds(&s), [], "{lines:?}");
    assert_eq!(decoded.len(), 1, "{lines:?}");
    assert_eq!(decoded[0].message, m, "{lines:?}");
    decoded[0]
}

#[test]
fn encoder_round_trip() {
    let o = Options {
        time_ms: Some(1_700_000_000_000),
        station: Some("ce2-sim".into()),
        seq: 3,
        ..Default::default()
    };
    let pos = PositionReport {
        msg_type: 3,
        repeat: 1,
        mmsi: 445_123_456,
        status: 7,
        turn: -12,
        speed: 87,
        accuracy: true,
        lon: (130.3 * 600_000.0) as i32,
        lat: (42.233 * 600_000.0) as i32,
        course: 1234,
        heading: 123,
        second: 59,
        maneuver: 1,
        raim: true,
        radio: 0x7_1234,
    };
    let d = round_trip(Message::Position(pos), &o);
    assert_eq!(d.meta.received_ms, Some(1_700_000_000_000));
    assert_eq!(d.meta.station.unwrap().as_str(), "ce2-sim");

    let voyage = StaticVoyageData {
        repeat: 0,
        mmsi: 273_456_789,
        ais_version: 2,
        imo: 9_538_892,
        callsign: Text::from_str_lossy("UBCD7"),
        shipname: Text::from_str_lossy("LADY R"),
        shiptype: 70,
        to_bow: 120,
        to_stern: 30,
        to_port: 10,
        to_starboard: 12,
        epfd: 1,
        month: 2,
        day: 12,
        hour: 6,
        minute: 30,
        draught: 84,
        destination: Text::from_str_lossy("VOSTOCHNY"),
        dte: 0,
    };
    let d = round_trip(Message::StaticVoyage(voyage), &o);
    assert_eq!(d.meta.fragments, 2);
    let lines = encode::static_voyage_with(&voyage, &o);
    assert!(lines[0].starts_with("\\g:1-2-1,s:ce2-sim,c:1700000000*"));
    assert!(lines[1].starts_with("\\g:2-2-1*"));
    assert!(lines
        .iter()
        .all(|l| l.rsplit('\\').next().unwrap().len() <= 82));

    let b = ClassBPosition {
        repeat: 0,
        mmsi: 412_000_111,
        reserved: 0,
        speed: 1023,
        accuracy: false,
        lon: LON_NOT_AVAILABLE,
        lat: LAT_NOT_AVAILABLE,
        course: 3600,
        heading: 511,
        second: 60,
        regional: 0,
        cs: true,
        display: false,
        dsc: true,
        band: true,
        msg22: true,
        assigned: false,
        raim: false,
        radio: 917_510,
    };
    round_trip(Message::ClassBPosition(b), &Options::default());

    let a = StaticDataReport {
        repeat: 0,
        mmsi: 412_000_111,
        part: StaticDataPart::A {
            shipname: Text::from_str_lossy("MAIA-1"),
        },
    };
    round_trip(Message::StaticData(a), &Options::default());
    let part_b = StaticDataReport {
        repeat: 0,
        mmsi: 982_731_234,
        part: StaticDataPart::B {
            shiptype: 37,
            vendorid: Text::from_str_lossy("SRTELE1"),
            model: 0,
            serial: 0,
            callsign: Text::from_str_lossy("PF8234"),
            extent: StaticDataExtent::Mothership(273_456_789),
        },
    };
    // The 7-character vendor id fills the model and serial bits; read back, they are its
    // characters' bits.
    let lines = encode::static_data(&part_b);
    let (d, _) = decode_all(lines[0].as_bytes());
    let Message::StaticData(StaticDataReport {
        part:
            StaticDataPart::B {
                vendorid,
                callsign,
                extent,
                ..
            },
        ..
    }) = d[0].message
    else {
        panic!()
    };
    assert_eq!(
        (vendorid.as_str(), callsign.as_str(), extent),
        (
            "SRTELE1",
            "PF8234",
            StaticDataExtent::Mothership(273_456_789)
        )
    );

    // Real sentences go through decode → encode unchanged.
    for (payload, fill) in [(POS_1, 0), (POS_2, 0), ("B52K>;h00Fc>jpUlNV@ikwpUoP06", 0)] {
        let m = decode_payload(payload, fill).unwrap();
        let line = &encode::message(
            &m,
            &Options {
                channel: 'B',
                ..Default::default()
            },
        )
        .unwrap()[0];
        assert_eq!(line, &sentence("AI", 1, 1, "", "B", payload, fill));
    }
    assert!(encode::message(
        &decode_payload("K3KLehP0rPTJ10Qr", 0).unwrap(),
        &Options::default()
    )
    .is_err());
}
