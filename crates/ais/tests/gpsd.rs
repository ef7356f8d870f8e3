//! The decoder against gpsd's regression logs and their expected outputs (`nmea/gpsd/` in the
//! shared data), field for field.
//!
//! The `.log.chk` files are gpsd daemon output, all unscaled (`"scaled":false`), so they are
//! compared with [`Gpsd::raw`]. `sample.aivdm.chk` is `gpsdecode`'s `|`-separated dump, also
//! unscaled, compared column by column.
//!
//! What gpsd writes that is not compared, and why:
//! * the `*_text` legends (`status_text`, `shiptype_text`, `epfd_text`, `aid_type_text`,
//!   `stationtype_text`, `racon_text`, `light_text`, `hazard_text`, `loaded_text`, …): gpsd's
//!   descriptive tables, not decoded data; this crate writes the codes only.
//! * type 8 DAC 1 FID 11 and FID 31 (IMO236/IMO289 meteorological and hydrological data): gpsd
//!   decodes their 40 fields; here their content stays in `data` (bit count and hex), so their
//!   fields other than the header, `dac` and `fid` are listed as not compared.
//! * gpsd writes type 24 only for part B, joined with the name of the last part A of the same
//!   MMSI (it keeps eight); the test joins the parts the same way with [`Type24Pairing`].
//! * the daemon writes some AIS reports a second time (after a GPS fix, say); such repeats are
//!   recognised as equal to a report already compared and counted.

use std::collections::{BTreeMap, BTreeSet};

use ce2_ais::{decode_all, Decoded, Gpsd, Message, Type24Pairing};
use serde_json::Value;

fn gpsd_file(name: &str) -> Option<std::path::PathBuf> {
    ce2_testdata::shared_file(&format!("maritime/nmea/gpsd/{name}"))
}

/// Keys gpsd writes that are legends, not data.
fn is_legend(key: &str) -> bool {
    key.ends_with("_text")
}

/// Types whose structured application data gpsd decodes and this crate keeps as `data`.
fn undecoded_app(chk: &Value) -> bool {
    chk["type"] == 8 && chk["dac"] == 1 && (chk["fid"] == 11 || chk["fid"] == 31)
}

#[derive(Default, Debug)]
struct Report {
    compared: usize,
    fields_compared: usize,
    repeats: usize,
    mismatches: Vec<String>,
    not_compared: BTreeMap<String, usize>,
    unmatched: Vec<String>,
    ours_not_in_chk: BTreeMap<String, usize>,
}

/// Our JSON for a message, with type 24 part B joined to its part A as gpsd does (`None` for
/// what gpsd does not write).
fn our_json(d: &Decoded, type24: &mut Type24Pairing) -> Option<Value> {
    if let Message::StaticData(s) = &d.message {
        let name = type24.name_for(&d.message)?;
        assert_eq!(s.partno(), 1);
        return Some(
            serde_json::to_value(Gpsd::raw(&d.message).with_shipname(name.as_str())).unwrap(),
        );
    }
    Some(serde_json::to_value(Gpsd::raw(&d.message)).unwrap())
}

fn compare_daemon_log(name: &str) -> Option<Report> {
    let log = gpsd_file(name)?;
    let chk = gpsd_file(&format!("{name}.chk"))?;
    let (decoded, _stats) = decode_all(&std::fs::read(&log).unwrap());
    let mut type24 = Type24Pairing::new();
    let ours: Vec<(Value, &Decoded)> = decoded
        .iter()
        .filter_map(|d| our_json(d, &mut type24).map(|v| (v, d)))
        .collect();
    let expected: Vec<Value> = std::fs::read_to_string(&chk)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(r#"{"class":"AIS""#))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    let mut r = Report::default();
    let mut cursor = 0usize;
    let mut seen: Vec<&Value> = Vec::new();
    for exp in &expected {
        let agrees = |v: &Value| {
            exp.as_object()
                .unwrap()
                .iter()
                .all(|(k, want)| v.get(k).is_none_or(|g| g == want))
        };
        let exact = ours[cursor..].iter().position(|(v, _)| agrees(v));
        let loose = || {
            ours[cursor..]
                .iter()
                .position(|(v, _)| v["type"] == exp["type"] && v["mmsi"] == exp["mmsi"])
        };
        let k = match exact {
            Some(k) => k,
            None if seen.contains(&exp) => {
                r.repeats += 1;
                continue;
            }
            None => match loose() {
                Some(k) => k,
                None => {
                    r.unmatched.push(exp.to_string());
                    continue;
                }
            },
        };
        for (v, _) in &ours[cursor..cursor + k] {
            *r.ours_not_in_chk
                .entry(format!("type {}", v["type"]))
                .or_default() += 1;
        }
        let (our, d) = &ours[cursor + k];
        cursor += k + 1;
        seen.push(exp);
        r.compared += 1;
        for (key, want) in exp.as_object().unwrap() {
            match our.get(key) {
                Some(got) => {
                    r.fields_compared += 1;
                    if got != want {
                        r.mismatches.push(format!(
                            "{name} line {}: type {} mmsi {} {key}: ours {got}, gpsd {want}",
                            d.meta.line, exp["type"], exp["mmsi"]
                        ));
                    }
                }
                None => {
                    let why = if is_legend(key) {
                        "legend"
                    } else if undecoded_app(exp) {
                        "type 8 dac 1 fid 11/31 field"
                    } else {
                        "MISSING"
                    };
                    *r.not_compared
                        .entry(format!("{why}: type {} {key}", exp["type"]))
                        .or_default() += 1;
                }
            }
        }
    }
    for (v, _) in &ours[cursor..] {
        *r.ours_not_in_chk
            .entry(format!("type {}", v["type"]))
            .or_default() += 1;
    }
    Some(r)
}

fn check(name: &str, compared: usize, repeats: usize) {
    let Some(r) = compare_daemon_log(name) else {
        return;
    };
    eprintln!(
        "{name}: {} reports compared ({} fields), {} daemon repeats, not in .chk: {:?}",
        r.compared, r.fields_compared, r.repeats, r.ours_not_in_chk
    );
    for (k, n) in &r.not_compared {
        eprintln!("  not compared ({n}×) {k}");
    }
    let first = |v: &[String]| v.iter().take(8).cloned().collect::<Vec<_>>();
    assert!(
        r.unmatched.is_empty(),
        "{name}: {} gpsd reports we did not produce: {:#?}",
        r.unmatched.len(),
        first(&r.unmatched)
    );
    assert!(
        r.mismatches.is_empty(),
        "{name}: {} mismatches: {:#?}",
        r.mismatches.len(),
        first(&r.mismatches)
    );
    let missing: Vec<_> = r
        .not_compared
        .keys()
        .filter(|k| k.starts_with("MISSING"))
        .collect();
    assert!(
        missing.is_empty(),
        "{name}: fields we do not write: {missing:?}"
    );
    assert_eq!((r.compared, r.repeats), (compared, repeats), "{name}");
}

#[test]
fn ais_nmea_log() {
    check("ais-nmea.log", 166, 108);
}

#[test]
fn ais_nmea_type6_fid55_log() {
    check("ais-nmea-type6-fid55.log", 1265, 0);
}

#[test]
fn ais_18_27_log() {
    check("ais-18-27.log", 138, 0);
}

#[test]
fn ais_raw_messages_log() {
    check("ais-raw-messages.log", 108, 0);
}

#[test]
fn ais_unpack_sixbit_log() {
    check("ais_unpack_sixbit.log", 12, 0);
}

// ---------------------------------------------------------------------------------------------
// sample.aivdm against gpsdecode's `|`-separated dump.

/// The columns of gpsdecode's dump for a message, as this crate renders them; `None` for a
/// column not compared (a legend, or application data gpsd decodes and we keep as data).
fn columns(d: &Decoded, type24: &mut Type24Pairing) -> Option<Vec<Option<String>>> {
    let v = our_json(d, type24)?;
    let s = |k: &str| -> Option<String> {
        Some(match &v[k] {
            Value::Bool(b) => u8::from(*b).to_string(),
            Value::String(t) => t.clone(),
            other => other.to_string(),
        })
    };
    let hex = |k: &str| -> Option<String> { Some(format!("0x{:x}", v[k].as_u64().unwrap_or(0))) };
    let mut c = vec![
        s("type"),
        s("repeat"),
        Some(format!("{:09}", v["mmsi"].as_u64().unwrap())),
    ];
    let t = v["type"].as_u64().unwrap();
    let keys = |c: &mut Vec<Option<String>>, ks: &[&str]| {
        for k in ks {
            c.push(s(k));
        }
    };
    match t {
        1..=3 => {
            keys(
                &mut c,
                &[
                    "status", "turn", "speed", "accuracy", "lon", "lat", "course", "heading",
                    "second",
                ],
            );
            c.push(hex("maneuver"));
            c.push(s("raim"));
            c.push(hex("radio"));
        }
        4 | 11 => {
            keys(
                &mut c,
                &["timestamp", "accuracy", "lon", "lat", "epfd", "raim"],
            );
            c.push(hex("radio"));
        }
        5 => keys(
            &mut c,
            &[
                "imo",
                "ais_version",
                "callsign",
                "shipname",
                "shiptype",
                "to_bow",
                "to_stern",
                "to_port",
                "to_starboard",
                "epfd",
                "eta",
                "draught",
                "destination",
                "dte",
            ],
        ),
        6 => {
            keys(&mut c, &["seqno", "dest_mmsi", "retransmit", "dac", "fid"]);
            if v.get("data").is_some() {
                c.push(s("data"));
            } else {
                keys(
                    &mut c,
                    &[
                        "ana_int", "ana_ext1", "ana_ext2", "racon", "light", "alarm", "stat_ext",
                        "off_pos",
                    ],
                );
            }
        }
        7 | 13 => keys(&mut c, &["mmsi1", "mmsi2", "mmsi3", "mmsi4"]),
        8 => {
            keys(&mut c, &["dac", "fid"]);
            if v["dac"] == 1 && (v["fid"] == 11 || v["fid"] == 31) {
                c.extend(std::iter::repeat_n(None, 34));
            } else {
                c.push(s("data"));
            }
        }
        9 => {
            keys(
                &mut c,
                &["alt", "speed", "accuracy", "lon", "lat", "course", "second"],
            );
            c.push(hex("regional"));
            keys(&mut c, &["dte", "raim"]);
            c.push(hex("radio"));
        }
        10 => keys(&mut c, &["dest_mmsi"]),
        12 => keys(&mut c, &["seqno", "dest_mmsi", "retransmit", "text"]),
        14 => keys(&mut c, &["text"]),
        15 => keys(
            &mut c,
            &[
                "mmsi1",
                "type1_1",
                "offset1_1",
                "type1_2",
                "offset1_2",
                "mmsi2",
                "type2_1",
                "offset2_1",
            ],
        ),
        16 => keys(
            &mut c,
            &[
                "mmsi1",
                "offset1",
                "increment1",
                "mmsi2",
                "offset2",
                "increment2",
            ],
        ),
        17 => keys(&mut c, &["lon", "lat", "data"]),
        18 => {
            keys(
                &mut c,
                &[
                    "reserved", "speed", "accuracy", "lon", "lat", "course", "heading", "second",
                ],
            );
            c.push(hex("regional"));
            keys(&mut c, &["cs", "display", "dsc", "band", "msg22", "raim"]);
            c.push(hex("radio"));
        }
        19 => {
            keys(
                &mut c,
                &[
                    "reserved", "speed", "accuracy", "lon", "lat", "course", "heading", "second",
                ],
            );
            c.push(hex("regional"));
            keys(
                &mut c,
                &[
                    "shipname",
                    "shiptype",
                    "to_bow",
                    "to_stern",
                    "to_port",
                    "to_starboard",
                    "epfd",
                    "raim",
                    "dte",
                    "assigned",
                ],
            );
        }
        20 => {
            for i in 1..=4 {
                for k in ["offset", "number", "timeout", "increment"] {
                    c.push(s(&format!("{k}{i}")));
                }
            }
        }
        21 => {
            keys(
                &mut c,
                &[
                    "aid_type",
                    "name",
                    "accuracy",
                    "lon",
                    "lat",
                    "to_bow",
                    "to_stern",
                    "to_port",
                    "to_starboard",
                    "epfd",
                    "second",
                    "regional",
                ],
            );
            c.push(hex("off_position"));
            keys(&mut c, &["raim", "virtual_aid"]);
        }
        22 => {
            keys(&mut c, &["channel_a", "channel_b", "txrx", "power"]);
            if v["addressed"] == true {
                keys(&mut c, &["dest1", "dest2"]);
            } else {
                keys(&mut c, &["ne_lon", "ne_lat", "sw_lon", "sw_lat"]);
            }
            keys(&mut c, &["addressed", "band_a", "band_b", "zonesize"]);
        }
        23 => {
            keys(
                &mut c,
                &[
                    "ne_lon",
                    "ne_lat",
                    "sw_lon",
                    "sw_lat",
                    "stationtype",
                    "shiptype",
                ],
            );
            // gpsd reads txrx as 4 bits (144-147), overlapping the interval; ITU-R M.1371 has 2.
            c.push(None);
            keys(&mut c, &["interval", "quiet"]);
        }
        24 => keys(
            &mut c,
            &[
                "shipname",
                "shiptype",
                "vendorid",
                "model",
                "serial",
                "callsign",
                "to_bow",
                "to_stern",
                "to_port",
                "to_starboard",
            ],
        ),
        25 => {
            keys(&mut c, &["addressed", "structured"]);
            c.push(Some(
                v.get("dest_mmsi").map_or("0".into(), |x| x.to_string()),
            ));
            c.push(Some(v.get("app_id").map_or("0".into(), |x| x.to_string())));
            c.push(s("data"));
        }
        26 => {
            keys(&mut c, &["addressed", "structured"]);
            c.push(Some(
                v.get("dest_mmsi").map_or("0".into(), |x| x.to_string()),
            ));
            c.push(Some(v.get("app_id").map_or("0".into(), |x| x.to_string())));
            // gpsd does not mask the radio bits that share the data's last byte, and writes the
            // radio status as 0: only the whole bytes of the data are compared.
            let data = s("data").unwrap();
            let (bits, hexs) = data.split_once(':').unwrap();
            let whole = bits.parse::<usize>().unwrap() / 8;
            c.push(Some(format!("{bits}:{}", &hexs[..2 * whole])));
        }
        27 => keys(
            &mut c,
            &[
                "status", "accuracy", "lon", "lat", "speed", "course", "raim", "gnss",
            ],
        ),
        _ => unreachable!(),
    }
    Some(c)
}

#[test]
fn sample_aivdm() {
    let (Some(log), Some(chk)) = (gpsd_file("sample.aivdm"), gpsd_file("sample.aivdm.chk")) else {
        return;
    };
    let (decoded, stats) = decode_all(&std::fs::read(&log).unwrap());
    let mut type24 = Type24Pairing::new();
    let ours: Vec<(Vec<Option<String>>, &Decoded)> = decoded
        .iter()
        .filter_map(|d| columns(d, &mut type24).map(|c| (c, d)))
        .collect();
    let expected: Vec<Vec<String>> = std::fs::read_to_string(&chk)
        .unwrap()
        .lines()
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect();
    let mut cursor = 0usize;
    let mut mismatches = Vec::new();
    let mut unmatched = Vec::new();
    let mut compared = 0usize;
    let mut columns_compared = 0usize;
    let mut not_compared: BTreeSet<String> = BTreeSet::new();
    for exp in &expected {
        let key = (&exp[0], &exp[2]);
        let same =
            |c: &Vec<Option<String>>| (c[0].as_ref(), c[2].as_ref()) == (Some(key.0), Some(key.1));
        let agrees = |c: &Vec<Option<String>>| {
            c.len() == exp.len()
                && c.iter().zip(exp).all(|(g, w)| {
                    g.as_ref()
                        .is_none_or(|g| g == w || w.contains(":x") || w.starts_with(g.as_str()))
                })
        };
        let found = ours[cursor..]
            .iter()
            .position(|(c, _)| same(c) && agrees(c))
            .or_else(|| ours[cursor..].iter().position(|(c, _)| same(c)));
        let Some(k) = found else {
            unmatched.push(exp.join("|"));
            continue;
        };
        let (cols, d) = &ours[cursor + k];
        cursor += k + 1;
        compared += 1;
        if cols.len() != exp.len() {
            mismatches.push(format!(
                "line {}: {} columns, gpsd {}: {}",
                d.meta.line,
                cols.len(),
                exp.len(),
                exp.join("|")
            ));
            continue;
        }
        for (i, (got, want)) in cols.iter().zip(exp).enumerate() {
            match got {
                None => {
                    let why = match exp[0].as_str() {
                        "8" => "DAC 1 FID 11/31 field gpsd decodes, kept as data here",
                        "23" => "txrx: gpsd reads 4 bits overlapping the interval",
                        _ => "?",
                    };
                    not_compared.insert(format!("type {} column {i}: {why}", exp[0]));
                }
                // gpsdecode writes `x` for the hex of data it decodes into fields it does not dump.
                Some(_) if want.contains(":x") => {
                    not_compared.insert(format!(
                        "type {} column {i}: data gpsd decodes but does not dump ({want})",
                        exp[0]
                    ));
                }
                Some(g) if g == want => columns_compared += 1,
                Some(g) if exp[0] == "26" && i == 7 && want.starts_with(g.as_str()) => {
                    not_compared.insert(
                        "type 26 column 7: the last partial byte of data and the radio status"
                            .into(),
                    );
                    columns_compared += 1;
                }
                Some(g) => mismatches.push(format!(
                    "line {}: type {} column {i}: ours {g:?}, gpsd {want:?}",
                    d.meta.line, exp[0]
                )),
            }
        }
    }
    eprintln!(
        "sample.aivdm: {} messages decoded ({:?} rejected), {compared} of {} gpsd rows compared, {columns_compared} columns",
        stats.messages,
        stats.rejections().collect::<Vec<_>>(),
        expected.len()
    );
    for n in &not_compared {
        eprintln!("  not compared: {n}");
    }
    // gpsd writes positions outside ±180°/±90°; this crate rejects them as impossible_position.
    let impossible = |row: &str| {
        let c: Vec<&str> = row.split('|').collect();
        let (lon, lat): (i64, i64) = match c[0] {
            "1" | "2" | "3" => (c[7].parse().unwrap(), c[8].parse().unwrap()),
            "4" | "11" => (c[5].parse().unwrap(), c[6].parse().unwrap()),
            _ => return false,
        };
        (lon.abs() > 108_000_000 && lon != 108_600_000)
            || (lat.abs() > 54_000_000 && lat != 54_600_000)
    };
    let (rejected, unmatched): (Vec<_>, Vec<_>) =
        unmatched.into_iter().partition(|r| impossible(r));
    eprintln!("  rejected as impossible_position, written by gpsd: {rejected:?}");
    assert!(
        unmatched.is_empty(),
        "gpsd rows we did not produce: {unmatched:#?}"
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {mismatches:#?}",
        mismatches.len()
    );
    assert_eq!(rejected.len(), 1);
    assert_eq!(stats.rejected(ce2_ais::RejectKind::ImpossiblePosition), 1);
    assert_eq!(compared, expected.len() - 1);
}
