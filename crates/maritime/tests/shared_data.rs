//! The crate against the real files in the shared data folder (`maritime/`): the AISdb
//! position tables, the MID tables and gpsd's annotated AIVDM sample. Each test skips, after a
//! notice, when its file is absent (see `ce2-testdata`).

use std::collections::HashMap;

use ce2_ais::encode;
use ce2_ais::message::{PositionReport, StaticVoyageData};
use ce2_ais::Text;
use ce2_maritime::identity::{all_mids, mid_country};

/// The payload field of a sentence.
fn payload(sentence: &str) -> String {
    sentence.split(',').nth(5).unwrap().to_string()
}
use ce2_maritime::read::{read_csv, read_marine_cadastre, ColumnMap};

fn shared(rel: &str) -> Option<Vec<u8>> {
    let path = ce2_testdata::shared_file(&format!("maritime/{rel}"))?;
    Some(std::fs::read(path).unwrap())
}

#[test]
fn marine_cadastre_csv() {
    let Some(bytes) = shared("positions/aisdb/test_data_noaa_20230101.csv") else {
        return;
    };
    let out = read_marine_cadastre(&bytes);
    assert!(
        out.problems.is_empty(),
        "{:?}",
        &out.problems[..out.problems.len().min(5)]
    );
    assert_eq!(out.positions.len(), 1000);
    // 1,000 distinct MMSIs, one row each: one static report per row with static data (two
    // rows have none: no name, IMO, call sign, type or draught).
    assert_eq!(out.statics.len(), 998);
    let imos = out.statics.iter().filter(|s| s.imo.is_some()).count();
    // 442 rows give an IMO column value; 22 of them are IMO0000000 (not available).
    assert_eq!(imos, 420);
    let naisha = out.statics.iter().find(|s| s.mmsi == 636_021_061).unwrap();
    assert_eq!(naisha.imo, Some(9_307_839));
    assert_eq!(naisha.name.as_deref(), Some("MSC NAISHA III"));
    let p = out
        .positions
        .iter()
        .find(|p| p.mmsi == 636_021_061)
        .unwrap();
    assert_eq!(p.time, 1_673_395_200);
    assert!((p.lat - 26.09241).abs() < 1e-9 && (p.lon + 80.04806).abs() < 1e-9);
    assert_eq!(
        (p.sog, p.cog, p.heading),
        (Some(8.8), Some(272.7), Some(270))
    );
}

#[test]
fn spire_like_csv_with_a_column_map() {
    let Some(bytes) = shared("positions/aisdb/test_data_20210701.csv") else {
        return;
    };
    let out = read_csv(&bytes, &ColumnMap::spire_like());
    // 2,498 rows: 2,394 with a position in range, one of which has MMSI 0; 11 rows at lat 91
    // / lon 181 ("not available"); 93 rows without a position, 64 of which carry static data
    // (types 5, 24, …).
    // One row has MMSI 0.
    let other: Vec<_> = out
        .problems
        .iter()
        .filter(|p| !p.message.starts_with("impossible") && !p.message.starts_with("no position"))
        .collect();
    assert_eq!(other.len(), 1, "{other:?}");
    assert_eq!(other[0].message, "bad MMSI \"0\"");
    assert_eq!(out.positions.len(), 2393);
    let impossible = out
        .problems
        .iter()
        .filter(|p| p.message.starts_with("impossible coordinates"))
        .count();
    assert_eq!(impossible, 11);
    let empty = out
        .problems
        .iter()
        .filter(|p| p.message.starts_with("no position"))
        .count();
    assert_eq!(empty, 29);
    assert_eq!(out.problems.len(), 41, "{:?}", out.problems);
    // Line numbers point into the file (header = line 1).
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for p in &out.problems {
        let line = lines[p.line as usize - 1];
        if p.message.starts_with("impossible") {
            assert!(line.contains("\"91.0\""), "line {}: {line}", p.line);
        }
    }
    assert!(!out.statics.is_empty());
}

#[test]
fn mid_table_agrees_with_the_shared_tables() {
    let Some(bytes) = shared("identity/mmsi-country-lookup_mids.json") else {
        return;
    };
    let theirs: HashMap<String, Vec<String>> = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(theirs.len(), 292);
    // Known, deliberate differences: 306 is allocated to the Netherlands' Caribbean parts
    // (Bonaire, Curaçao, Sint Maarten) together; the npm table names Sint Maarten only, we
    // name Curaçao. 608 (Ascension): the npm table uses the reserved code AC, we use SH.
    let allowed = [306u16, 608];
    let mut disagreements = Vec::new();
    for (mid, v) in &theirs {
        let mid: u16 = mid.parse().unwrap();
        match mid_country(mid) {
            None => disagreements.push(format!("{mid} missing")),
            Some(c)
                if (c.alpha2, c.alpha3) != (v[0].as_str(), v[1].as_str())
                    && !allowed.contains(&mid) =>
            {
                disagreements.push(format!(
                    "{mid}: ours {} {}, theirs {v:?}",
                    c.alpha2, c.alpha3
                ));
            }
            _ => {}
        }
    }
    let ours: Vec<u16> = all_mids().map(|c| c.mid).collect();
    for m in &ours {
        if !theirs.contains_key(&m.to_string()) {
            disagreements.push(format!("{m} not in theirs"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:?}");
    assert_eq!(ours.len(), 292);

    // The older libais table (2015): every MID it has, we have, under a compatible name.
    let Some(bytes) = shared("identity/libais_mid.csv") else {
        return;
    };
    let mut rdr = csv::Reader::from_reader(&bytes[..]);
    let mut n = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let mid: u16 = rec[0].trim().parse().unwrap();
        assert!(mid_country(mid).is_some(), "libais MID {mid} missing");
        n += 1;
    }
    assert_eq!(n, 289);
    assert_eq!(mid_country(445).unwrap().alpha3, "PRK");
}

/// gpsd's `sample.aivdm` with its `.chk` decode: the encoder the scenarios use (`ce2-ais`'s)
/// rebuilds the payload of every type 1/2/3 message, and of the numeric head of every type 5,
/// from the decoded fields.
#[test]
fn encoder_rebuilds_gpsd_sample_payloads() {
    let (Some(log), Some(chk)) = (
        shared("nmea/gpsd/sample.aivdm"),
        shared("nmea/gpsd/sample.aivdm.chk"),
    ) else {
        return;
    };
    let log = String::from_utf8(log).unwrap();
    let chk = String::from_utf8(chk).unwrap();
    // Messages: payloads of the sentences joined by fragment groups.
    // Fragments are joined per (sequence id, channel): groups may interleave.
    let mut messages: Vec<String> = Vec::new();
    let mut partial: HashMap<(String, String), String> = HashMap::new();
    for line in log.lines().filter(|l| l.starts_with('!')) {
        let f: Vec<&str> = line.split(',').collect();
        let (count, index): (u32, u32) = (f[1].parse().unwrap(), f[2].parse().unwrap());
        let key = (f[3].to_string(), f[4].to_string());
        if index == 1 {
            partial.insert(key.clone(), String::new());
        }
        if let Some(p) = partial.get_mut(&key) {
            p.push_str(f[5]);
            if index == count {
                messages.push(partial.remove(&key).unwrap());
            }
        }
    }
    // gpsd skips a few messages, so pair each decoded line with the payloads of the same
    // type and MMSI.
    let unarmour = |p: &str, from: usize, n: usize| -> u64 {
        let bits: Vec<u8> = p
            .bytes()
            .flat_map(|c| {
                let v = c - 48;
                let v = if v > 40 { v - 8 } else { v };
                (0..6).rev().map(move |k| (v >> k) & 1)
            })
            .collect();
        bits[from..from + n]
            .iter()
            .fold(0, |a, &b| (a << 1) | u64::from(b))
    };
    let mut by_key: HashMap<(u64, u64), Vec<&String>> = HashMap::new();
    for m in &messages {
        if m.len() >= 7 {
            by_key
                .entry((unarmour(m, 0, 6), unarmour(m, 8, 30)))
                .or_default()
                .push(m);
        }
    }
    let (mut t1, mut t5, mut exact) = (0, 0, 0);
    for d in chk.lines() {
        let f: Vec<&str> = d.split('|').collect();
        let hex = |s: &str| u32::from_str_radix(s.trim_start_matches("0x"), 16).unwrap();
        match f[0] {
            "1" | "2" | "3" => {
                let m = PositionReport {
                    msg_type: f[0].parse().unwrap(),
                    repeat: f[1].parse().unwrap(),
                    mmsi: f[2].parse().unwrap(),
                    status: f[3].parse().unwrap(),
                    turn: f[4].parse().unwrap(),
                    speed: f[5].parse().unwrap(),
                    accuracy: f[6] == "1",
                    lon: f[7].parse().unwrap(),
                    lat: f[8].parse().unwrap(),
                    course: f[9].parse().unwrap(),
                    heading: f[10].parse().unwrap(),
                    second: f[11].parse().unwrap(),
                    maneuver: hex(f[12]) as u8,
                    raim: f[13] == "1",
                    radio: hex(f[14]),
                };
                let ours = payload(&encode::position(&m)[0]);
                let candidates = &by_key[&(u64::from(m.msg_type), u64::from(m.mmsi))];
                if candidates.contains(&&ours) {
                    exact += 1;
                } else {
                    // gpsd's radio value does not always round-trip (one message here): the
                    // fields up to the manoeuvre indicator (bit 145) must still agree.
                    let head = |p: &str| {
                        unarmour(p, 0, 60) == unarmour(&ours, 0, 60)
                            && unarmour(p, 60, 60) == unarmour(&ours, 60, 60)
                            && unarmour(p, 120, 25) == unarmour(&ours, 120, 25)
                    };
                    assert!(
                        candidates.iter().any(|p| head(p)),
                        "{d}: {ours} vs {candidates:?}"
                    );
                }
                t1 += 1;
            }
            "5" => {
                // 5|repeat|mmsi|imo|ais_version|callsign|name|type|bow|stern|port|starboard|
                // epfd|MM-DDTHH:MMZ|draught|destination|dte
                let eta = f[13];
                let m = StaticVoyageData {
                    repeat: f[1].parse().unwrap(),
                    mmsi: f[2].parse().unwrap(),
                    imo: f[3].parse().unwrap(),
                    ais_version: f[4].parse().unwrap(),
                    callsign: Text::from_str_lossy(f[5]),
                    shipname: Text::from_str_lossy(f[6]),
                    shiptype: f[7].parse().unwrap(),
                    to_bow: f[8].parse().unwrap(),
                    to_stern: f[9].parse().unwrap(),
                    to_port: f[10].parse().unwrap(),
                    to_starboard: f[11].parse().unwrap(),
                    epfd: f[12].parse().unwrap(),
                    month: eta[0..2].parse().unwrap(),
                    day: eta[3..5].parse().unwrap(),
                    hour: eta[6..8].parse().unwrap(),
                    minute: eta[9..11].parse().unwrap(),
                    draught: f[14].parse().unwrap(),
                    destination: Text::from_str_lossy(f[15]),
                    dte: f[16].parse().unwrap(),
                };
                // Transmitters pad text with '@' or with spaces: the numeric fields before the
                // call sign (bits 0-69) are compared bit for bit, the rest decoded back.
                let ours = payload(&encode::static_voyage(&m)[0]);
                assert!(
                    by_key[&(5, u64::from(m.mmsi))]
                        .iter()
                        .any(|p| unarmour(p, 0, 60) == unarmour(&ours, 0, 60)
                            && unarmour(p, 60, 10) == unarmour(&ours, 60, 10)),
                    "{d}: {ours}"
                );
                let text: String = encode::static_voyage(&m).join("\n");
                let (back, _) = ce2_ais::decode_all(text.as_bytes());
                let ce2_ais::Message::StaticVoyage(b) = &back[0].message else {
                    panic!("{d}");
                };
                assert_eq!(
                    (
                        b.imo,
                        b.shipname.as_str(),
                        b.draught,
                        b.destination.as_str()
                    ),
                    (
                        m.imo,
                        f[6].trim_end_matches(['@', ' ']),
                        m.draught,
                        f[15].trim_end_matches(['@', ' '])
                    ),
                    "{d}"
                );
                t5 += 1;
            }
            _ => {}
        }
    }
    eprintln!(
        "gpsd sample.aivdm: {t1} type 1-3 payloads rebuilt ({exact} bit for bit), {t5} type 5"
    );
    assert!(t1 >= 4 && t5 >= 2, "{t1} {t5}");
    assert!(exact + 1 >= t1, "{exact} of {t1}");
}

/// The default watch areas' ports against the World Port Index list that GFW ships: each
/// named port lies within its area or within 10 km of it (Vostochny's area is the GFW
/// anchorage box, a few km from the WPI point; Vladivostok's is centred on the anchorages).
#[test]
fn default_ports_agree_with_the_world_port_index() {
    use ce2_maritime::areas::WatchAreas;
    let Some(bytes) = shared("geography/gfw_WPI_ports.csv") else {
        return;
    };
    let mut wpi: HashMap<String, (f64, f64)> = HashMap::new();
    let mut rdr = csv::Reader::from_reader(&bytes[..]);
    for rec in rdr.records() {
        let rec = rec.unwrap();
        wpi.insert(
            rec[1].to_string(),
            (rec[3].parse().unwrap(), rec[4].parse().unwrap()),
        );
    }
    let pairs = [
        ("Nampo", "NAMPO"),
        ("Kyomip'o", "KYOMIP'O"),
        ("Haeju", "HAEJU HANG"),
        ("Najin (Rajin)", "NAJIN"),
        ("Sonbong (Senbong)", "SENBONG"),
        ("Chongjin", "CH'ONGJIN"),
        ("Kimch'aek", "KIMCH'AEK"),
        ("Hungnam", "HUNGNAM"),
        ("Wonsan", "WONSAN"),
        ("Ch'aho", "CH'AHO"),
        ("Vostochny", "VOSTOCHNYY"),
        ("Nakhodka", "NAKHODKA"),
        ("Vladivostok", "VLADIVOSTOK"),
        ("Zhoushan", "ZHOUSHAN"),
        ("Ningbo", "NINGBO"),
        ("Longkou", "LONGKOU GANG"),
        ("Dalian", "DALIAN"),
        ("Dandong", "DANDONG"),
        ("Tangshan (Jingtang)", "TANGSHAN (JINGTANG)"),
        ("Lianyungang", "LIANYUNGANG"),
    ];
    let areas = WatchAreas::default_areas();
    for (ours, theirs) in pairs {
        let a = areas
            .areas()
            .iter()
            .find(|a| a.name == ours)
            .unwrap_or_else(|| panic!("{ours} missing"));
        let (lat, lon) = wpi[theirs];
        let d = a.distance_m(lat, lon);
        assert!(
            d <= 10_000.0,
            "{ours}: WPI point {lat},{lon} is {d:.0} m away"
        );
    }
}
