//! `ce2 ais`, `ce2 vessels`, `ce2 vessel` end to end: a listed tanker meets another ship in
//! Korea Bay, the encounter is detected from a positions CSV, recorded, and shown beside the
//! tanker's listings; the scripted scenarios give their events through the command line; bad
//! NMEA is counted and never costs a good neighbour.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn ce2(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ce2"))
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("ce2 runs")
}

fn ok(store: &Path, args: &[&str]) -> Output {
    let o = ce2(store, args);
    assert!(
        o.status.success(),
        "ce2 {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Positions in the MarineCadastre layout: two tankers converge on a point in Korea Bay, drift
/// alongside for five hours, and part. SAM HAE 7 is on the sample lists (IMO 9354521).
fn korea_bay_csv() -> String {
    let mut csv = String::from(
        "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass\n",
    );
    let ships = [
        (
            445_120_000u32,
            "SAM HAE 7",
            "IMO9354521",
            (38.10, 123.80),
            0.0,
        ),
        (
            352_001_234u32,
            "OCEAN GRACE",
            "IMO9538892",
            (38.80, 124.70),
            0.0014,
        ),
    ];
    let meet = (38.45, 124.20);
    for (mmsi, name, imo, start, offset) in ships {
        // 3 h approach, 5 h alongside, 3 h away; a report every 10 minutes.
        for step in 0..=66 {
            let minutes = step * 10;
            let (lat, lon, sog) = if minutes < 180 {
                let f = minutes as f64 / 180.0;
                (
                    start.0 + (meet.0 - start.0) * f,
                    start.1 + (meet.1 + offset - start.1) * f,
                    10.0,
                )
            } else if minutes <= 480 {
                let drift = (minutes - 180) as f64 * 0.000_01;
                (meet.0 + drift, meet.1 + offset, 0.4)
            } else {
                let f = (minutes - 480) as f64 / 180.0;
                (
                    meet.0 + (start.0 - meet.0) * f,
                    meet.1 + offset + (start.1 - meet.1) * f,
                    10.0,
                )
            };
            let h = 6 + minutes / 60;
            let m = minutes % 60;
            let draft = if minutes > 480 && mmsi == 445_120_000 {
                8.9
            } else {
                4.2
            };
            writeln!(
                csv,
                "{mmsi},2024-03-0{}T{:02}:{:02}:00,{lat:.5},{lon:.5},{sog},45.0,45,{name},{imo},HMYN7,80,0,100,16,{draft},80,A",
                1 + h / 24,
                h % 24,
                m
            )
            .unwrap();
        }
    }
    csv
}

#[test]
fn an_encounter_of_a_listed_tanker_is_detected_recorded_and_shown_with_its_listings() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    ok(&store, &["demo"]); // the sample lists, SAM HAE 7 among them
    let csv = dir.path().join("korea-bay.csv");
    fs::write(&csv, korea_bay_csv()).unwrap();
    let geojson = dir.path().join("events.geojson");
    let csv_s = csv.display().to_string();
    let geo_s = geojson.display().to_string();
    let o = ok(
        &store,
        &[
            "ais", "events", &csv_s, "--format", "geojson", "-o", &geo_s, "--save",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("encounter 1"), "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&geojson).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    assert!(
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["properties"]["kind"] == "encounter"),
        "{v}"
    );

    // The same file again: recorded once.
    let o = ok(
        &store,
        &["ais", "events", &csv_s, "-o", "/dev/null", "--save"],
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("already saved"));

    let o = ok(&store, &["--json", "vessel", "9354521"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let listings = v["listings"].as_array().unwrap();
    assert!(listings.len() >= 2, "listed on several lists: {v}");
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "encounter"));
    assert!(v["identities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "SAM HAE 7" && s["mmsi"] == 445_120_000));

    // By MMSI too, and in the list of watched vessels with its latest event.
    let o = ok(&store, &["vessel", "445120000"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("SAM HAE 7") && text.contains("encounter"),
        "{text}"
    );
    let o = ok(&store, &["--json", "vessels"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sam = v["listed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["imo"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(9_354_521))
        })
        .expect("SAM HAE 7 is watched");
    assert!(!sam["events"].as_array().unwrap().is_empty());
    // The other tanker is on no list but is shown as seen in an event.
    assert!(v["unlisted_with_events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["mmsi"] == 352_001_234));

    let o = ce2(&store, &["vessel", "1234567"]);
    assert_eq!(o.status.code(), Some(6));

    // The encounter as evidence: an item with its positions, linked to both ships.
    let ledger = dir.path().join("ledger");
    let l = ledger.display().to_string();
    let o = Command::new(env!("CARGO_BIN_EXE_ce2"))
        .args(["evidence", "--ledger", &l, "init"])
        .output()
        .unwrap();
    assert!(o.status.success());
    ok(
        &store,
        &[
            "ais",
            "events",
            &csv_s,
            "-o",
            "/dev/null",
            "--to-ledger",
            "--ledger",
            &l,
            "--actor",
            "analyst-1",
        ],
    );
    let o = Command::new(env!("CARGO_BIN_EXE_ce2"))
        .args([
            "evidence",
            "--ledger",
            &l,
            "--json",
            "show",
            "--entity",
            "imo:9354521",
        ])
        .output()
        .unwrap();
    let item: serde_json::Value = serde_json::from_slice(
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    assert!(
        item["description"]
            .as_str()
            .unwrap()
            .starts_with("AIS shows encounter"),
        "{item}"
    );
    assert_eq!(item["file"]["media_type"], "application/geo+json");
    let o = Command::new(env!("CARGO_BIN_EXE_ce2"))
        .args(["evidence", "--ledger", &l, "verify"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn the_scripted_scenarios_give_their_events_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let sc = dir.path().join("scenarios");
    ok(&store, &["ais", "scenario", &sc.display().to_string()]);
    for name in [
        "sts_korea_bay",
        "dark_rajin_vostochny",
        "shared_mmsi",
        "name_and_flag_change",
        "coastal_trader",
    ] {
        let nmea = sc.join(format!("{name}.nmea"));
        let expected: serde_json::Value =
            serde_json::from_slice(&fs::read(sc.join(format!("{name}.expected.json"))).unwrap())
                .unwrap();
        let o = ok(&store, &["ais", "events", &nmea.display().to_string()]);
        let events: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut got: Vec<String> = events
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect();
        let mut want: Vec<String> = expected
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
        // KML for Google Earth, well-formed.
        let kml = dir.path().join(format!("{name}.kml"));
        ok(
            &store,
            &[
                "ais",
                "events",
                &nmea.display().to_string(),
                "--format",
                "kml",
                "-o",
                &kml.display().to_string(),
            ],
        );
        let text = fs::read_to_string(&kml).unwrap();
        assert!(text.starts_with("<?xml") && text.contains("<kml"), "{name}");
    }
}

#[test]
fn bad_nmea_is_counted_and_never_costs_a_good_neighbour() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let good = "!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78";
    let input = format!(
        "garbage line\n{good}\n!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*00\n{}\n!AIVDM,2,2,7,A,00000000000,2*23\n{good}\n",
        "x".repeat(10_000)
    );
    let path = dir.path().join("bad.nmea");
    fs::write(&path, input).unwrap();
    let o = ok(&store, &["ais", "decode", &path.display().to_string()]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "both good messages are decoded");
    assert!(lines.iter().all(|m| m["mmsi"] == 224_651_000));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad_checksum 1"), "{err}");
    assert!(err.contains("orphan_fragment 1"), "{err}");
    assert!(err.contains(":3:"), "a problem names its line: {err}");

    // A CSV no reader understands: refused with what to do.
    let bad_csv = dir.path().join("bad.csv");
    fs::write(&bad_csv, "a,b,c\n1,2,3\n").unwrap();
    let o = ce2(&store, &["ais", "events", &bad_csv.display().to_string()]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("--columns"));
}
