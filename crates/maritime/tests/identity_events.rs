//! Identity anomalies on small hand-made inputs.

use ce2_maritime::areas::WatchAreas;
use ce2_maritime::events::{analyse, Config, Event, EventKind};
use ce2_maritime::{Position, StaticReport};

fn pos(mmsi: u32, time: i64, lat: f64, lon: f64) -> Position {
    Position {
        mmsi,
        time,
        lat,
        lon,
        sog: Some(10.0),
        cog: Some(0.0),
        heading: None,
        status: Some(0),
    }
}

fn st(mmsi: u32, time: i64, imo: Option<u32>, name: &str, flag: Option<&str>) -> StaticReport {
    StaticReport {
        mmsi,
        time,
        imo,
        name: Some(name.into()),
        callsign: None,
        ship_type: Some(70),
        draught: Some(7.0),
        destination: None,
        flag: flag.map(str::to_string),
    }
}

fn run(positions: Vec<Position>, statics: Vec<StaticReport>) -> Vec<Event> {
    analyse(
        positions,
        &statics,
        &WatchAreas::default_areas(),
        &Config::default(),
    )
    .events
}

fn kinds(ev: &[Event]) -> Vec<(EventKind, Vec<u32>)> {
    ev.iter().map(|e| (e.kind, e.mmsis())).collect()
}

#[test]
fn bad_check_digit_and_flag_against_mid() {
    // The A LI case: a Fijian MMSI with IMO 8814881 (check digit wrong), and a registry flag
    // of North Korea for a Panamanian MMSI.
    let statics = vec![
        st(520_123_456, 0, Some(8_814_881), "A LI", None),
        st(352_000_111, 0, Some(9_538_892), "X", Some("PRK")),
    ];
    let positions = vec![
        pos(520_123_456, 0, 33.0, 125.0),
        pos(352_000_111, 0, 33.5, 125.0),
    ];
    let ev = run(positions, statics);
    let k = kinds(&ev);
    assert!(
        k.contains(&(EventKind::ImoCheckDigit, vec![520_123_456])),
        "{k:?}"
    );
    assert!(
        k.contains(&(EventKind::SuspiciousMmsi, vec![520_123_456])),
        "{k:?}"
    );
    assert!(
        k.contains(&(EventKind::MidFlagMismatch, vec![352_000_111])),
        "{k:?}"
    );
    let m = ev
        .iter()
        .find(|e| e.kind == EventKind::MidFlagMismatch)
        .unwrap();
    assert_eq!(m.params["flag_given"], "KP");
    assert_eq!(m.params["mid_flag"], "PA");
    assert_eq!(ev.len(), 3, "{k:?}");
}

#[test]
fn name_changes_and_shared_imo() {
    let h = 3600;
    let statics = vec![
        st(273_000_001, 0, Some(9_743_033), "MARIA", None),
        st(273_000_001, 2 * h, Some(9_743_033), "MAIA", None),
        st(273_000_001, 4 * h, Some(9_743_033), "MARIA", None),
        // The same IMO broadcast by another MMSI at the same time, far away.
        st(511_000_222, h, Some(9_743_033), "MARIA", None),
        st(511_000_222, 5 * h, Some(9_743_033), "MARIA", None),
    ];
    let ev = run(Vec::new(), statics);
    let k = kinds(&ev);
    let name = ev
        .iter()
        .find(|e| e.kind == EventKind::IdentityChange)
        .unwrap_or_else(|| panic!("{k:?}"));
    assert_eq!(name.params["field"], "name");
    assert_eq!(name.params["changes"], 2);
    assert_eq!(name.params["values"], "MARIA | MAIA");
    assert!(
        k.contains(&(EventKind::ImoSharedByMmsis, vec![273_000_001, 511_000_222])),
        "{k:?}"
    );
    assert_eq!(ev.len(), 2, "{k:?}");
}

#[test]
fn placeholder_mmsi() {
    let ev = run(vec![pos(416_000_000, 0, 22.5, 120.2)], Vec::new());
    assert_eq!(
        kinds(&ev),
        vec![(EventKind::SuspiciousMmsi, vec![416_000_000])]
    );
}
