//! The evidence exports of the scenario events: JSON round-trips, CSV has one row per event,
//! the GeoJSON has a valid structure and the KML is well-formed XML with one Placemark and
//! TimeSpan per event.

use ce2_maritime::areas::WatchAreas;
use ce2_maritime::events::{analyse, Config, Event, EventKind};
use ce2_maritime::export::{from_json, to_csv, to_geojson, to_json, to_kml};
use ce2_maritime::scenario;
use quick_xml::events::Event as Xml;
use quick_xml::Reader;
use serde_json::Value;

fn events() -> Vec<Event> {
    let mut positions = Vec::new();
    let mut statics = Vec::new();
    for s in scenario::all() {
        positions.extend(s.positions);
        statics.extend(s.statics);
    }
    let areas = WatchAreas::default_areas();
    analyse(positions, &statics, &areas, &Config::default()).events
}

#[test]
fn json_round_trips() {
    let ev = events();
    assert!(ev.len() >= 9);
    let text = to_json(&ev);
    let back = from_json(&text).unwrap();
    assert_eq!(back.len(), ev.len());
    for (a, b) in back.iter().zip(&ev) {
        assert_eq!(
            (a.kind, &a.id, a.start, a.end),
            (b.kind, &b.id, b.start, b.end)
        );
        // serde_json's default float parser may differ in the last bit.
        assert_eq!(a.positions.len(), b.positions.len());
        for (p, q) in a.positions.iter().zip(&b.positions) {
            assert!((p.mmsi, p.time, p.sog, p.status) == (q.mmsi, q.time, q.sog, q.status));
            assert!((p.lat - q.lat).abs() < 1e-12 && (p.lon - q.lon).abs() < 1e-12);
        }
        assert_eq!(a.params, b.params);
    }
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v[0]["start"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn csv_has_a_row_per_event() {
    let ev = events();
    let text = to_csv(&ev);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(rdr.headers().unwrap().len(), 13);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), ev.len());
    for (r, e) in rows.iter().zip(&ev) {
        assert_eq!(&r[0], e.id);
        assert_eq!(&r[1], e.kind.as_str());
        let params: Value = serde_json::from_str(&r[11]).unwrap();
        assert!(params.is_object());
    }
}

fn check_position(c: &Value) {
    let c = c.as_array().expect("position array");
    assert_eq!(c.len(), 2);
    let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
    assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
}

#[test]
fn geojson_structure() {
    let ev = events();
    let v: Value = serde_json::from_str(&to_geojson(&ev)).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), ev.len());
    for (f, e) in features.iter().zip(&ev) {
        assert_eq!(f["type"], "Feature");
        let props = f["properties"].as_object().unwrap();
        for key in [
            "id",
            "kind",
            "start",
            "end",
            "vessels",
            "params",
            "positions",
        ] {
            assert!(props.contains_key(key), "{key}");
        }
        assert_eq!(
            props["positions"].as_array().unwrap().len(),
            e.positions.len()
        );
        let g = &f["geometry"];
        match g["type"].as_str() {
            Some("Point") => check_position(&g["coordinates"]),
            Some("LineString") => {
                let c = g["coordinates"].as_array().unwrap();
                assert!(c.len() >= 2);
                c.iter().for_each(check_position);
            }
            Some("MultiLineString") => {
                for line in g["coordinates"].as_array().unwrap() {
                    let c = line.as_array().unwrap();
                    assert!(c.len() >= 2);
                    c.iter().for_each(check_position);
                }
            }
            other => panic!("geometry {other:?} for {}", e.id),
        }
        if e.kind == EventKind::Encounter {
            assert_eq!(g["type"], "MultiLineString", "one line per vessel");
            assert_eq!(g["coordinates"].as_array().unwrap().len(), 2);
        }
    }
}

#[test]
fn kml_is_well_formed() {
    let ev = events();
    let kml = to_kml(&ev, "ce2 scenarios <test> & more");
    let mut reader = Reader::from_str(&kml);
    let mut stack: Vec<String> = Vec::new();
    let (mut placemarks, mut spans, mut lines) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Xml::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                match name.as_str() {
                    "Placemark" => placemarks += 1,
                    "TimeSpan" => spans += 1,
                    "LineString" => lines += 1,
                    _ => {}
                }
                stack.push(name);
            }
            Xml::End(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()));
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty());
    assert_eq!(placemarks, ev.len());
    assert_eq!(spans, ev.len());
    assert!(lines >= ev.iter().filter(|e| e.kind == EventKind::Encounter).count() * 2);
    assert!(kml.contains("&lt;test&gt; &amp; more"));
}
