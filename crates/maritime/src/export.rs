//! Evidence exports of events: JSON (serde), CSV (one row per event), GeoJSON (a
//! FeatureCollection: per event a Point, a LineString, or one LineString per vessel, with the
//! supporting positions in the properties) and KML for Google Earth (Placemarks with a
//! TimeSpan, the event position and LineStrings of the supporting positions).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::events::Event;
use crate::time::format_rfc3339;
use crate::Position;

/// Events as pretty-printed JSON (an array; times in RFC 3339).
pub fn to_json(events: &[Event]) -> String {
    serde_json::to_string_pretty(events).expect("events serialise")
}

/// Events from JSON written by [`to_json`].
pub fn from_json(text: &str) -> Result<Vec<Event>, serde_json::Error> {
    serde_json::from_str(text)
}

fn join<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Events as CSV: `id,kind,start,end,hours,lat,lon,area,mmsis,imos,names,params,positions`,
/// where `params` is a JSON object and `positions` the number of supporting positions.
pub fn to_csv(events: &[Event]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "kind",
        "start",
        "end",
        "hours",
        "lat",
        "lon",
        "area",
        "mmsis",
        "imos",
        "names",
        "params",
        "positions",
    ])
    .expect("in memory");
    for e in events {
        let coord = |v: f64| {
            if v.is_finite() {
                format!("{v:.6}")
            } else {
                String::new()
            }
        };
        w.write_record([
            e.id.clone(),
            e.kind.as_str().to_string(),
            format_rfc3339(e.start),
            format_rfc3339(e.end),
            format!("{:.2}", e.hours()),
            coord(e.lat),
            coord(e.lon),
            e.area.clone().unwrap_or_default(),
            join(e.vessels.iter().map(|v| v.mmsi)),
            join(
                e.vessels
                    .iter()
                    .map(|v| v.imo.map_or(String::new(), |i| i.to_string())),
            ),
            join(e.vessels.iter().map(|v| v.name.clone().unwrap_or_default())),
            serde_json::to_string(&e.params).expect("params"),
            e.positions.len().to_string(),
        ])
        .expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

/// The supporting positions grouped per MMSI, in time order.
fn per_vessel(e: &Event) -> BTreeMap<u32, Vec<&Position>> {
    let mut m: BTreeMap<u32, Vec<&Position>> = BTreeMap::new();
    for p in &e.positions {
        m.entry(p.mmsi).or_default().push(p);
    }
    for v in m.values_mut() {
        v.sort_by_key(|p| p.time);
    }
    m
}

fn geometry(e: &Event) -> Value {
    let lines: Vec<Vec<[f64; 2]>> = per_vessel(e)
        .into_values()
        .map(|ps| ps.iter().map(|p| [p.lon, p.lat]).collect::<Vec<_>>())
        .filter(|l| l.len() >= 2)
        .collect();
    match lines.len() {
        0 if e.lat.is_finite() && e.lon.is_finite() => {
            json!({"type": "Point", "coordinates": [e.lon, e.lat]})
        }
        0 => Value::Null,
        1 => json!({"type": "LineString", "coordinates": lines[0]}),
        _ => json!({"type": "MultiLineString", "coordinates": lines}),
    }
}

/// Events as a GeoJSON FeatureCollection.
pub fn to_geojson(events: &[Event]) -> String {
    let features: Vec<Value> = events
        .iter()
        .map(|e| {
            let positions: Vec<Value> = e
                .positions
                .iter()
                .map(|p| {
                    json!({
                        "mmsi": p.mmsi, "time": format_rfc3339(p.time), "lat": p.lat,
                        "lon": p.lon, "sog": p.sog, "cog": p.cog, "status": p.status,
                    })
                })
                .collect();
            json!({
                "type": "Feature",
                "id": e.id,
                "geometry": geometry(e),
                "properties": {
                    "id": e.id,
                    "kind": e.kind.as_str(),
                    "start": format_rfc3339(e.start),
                    "end": format_rfc3339(e.end),
                    "hours": (e.hours() * 100.0).round() / 100.0,
                    "lat": if e.lat.is_finite() { json!(e.lat) } else { Value::Null },
                    "lon": if e.lon.is_finite() { json!(e.lon) } else { Value::Null },
                    "area": e.area,
                    "vessels": e.vessels,
                    "params": e.params,
                    "positions": positions,
                    "statics": e.statics,
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({"type": "FeatureCollection", "features": features}))
        .expect("serialisable")
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn kml_color(kind: &str) -> &'static str {
    // aabbggrr
    match kind {
        "encounter" => "ff0000ff",
        "loitering" => "ff00a5ff",
        "ais_gap" => "ff808080",
        "port_visit" => "ff00ff00",
        "draught_change" => "ffff00ff",
        _ => "ffffff00",
    }
}

/// Events as KML 2.2 for Google Earth: one Placemark per event with a TimeSpan, the event
/// position as a Point and the supporting positions as LineStrings (one per vessel), styled
/// by kind, with the parameters in the description and in ExtendedData.
pub fn to_kml(events: &[Event], title: &str) -> String {
    let mut k = String::new();
    k.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    k.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    k.push_str(&format!("<name>{}</name>\n", xml_escape(title)));
    let kinds = [
        "encounter",
        "loitering",
        "ais_gap",
        "port_visit",
        "draught_change",
        "identity",
    ];
    for kind in kinds {
        k.push_str(&format!(
            "<Style id=\"{kind}\"><LineStyle><color>{c}</color><width>3</width></LineStyle>\
             <IconStyle><color>{c}</color></IconStyle></Style>\n",
            c = kml_color(kind)
        ));
    }
    for e in events {
        let kind = e.kind.as_str();
        let style = if kinds.contains(&kind) {
            kind
        } else {
            "identity"
        };
        let names: Vec<String> = e
            .vessels
            .iter()
            .map(|v| match &v.name {
                Some(n) => format!("{n} ({})", v.mmsi),
                None => v.mmsi.to_string(),
            })
            .collect();
        let mut desc = format!(
            "{kind}: {}\n{} to {}\n",
            names.join(", "),
            format_rfc3339(e.start),
            format_rfc3339(e.end)
        );
        if let Some(a) = &e.area {
            desc.push_str(&format!("area: {a}\n"));
        }
        for (key, v) in &e.params {
            desc.push_str(&format!("{key}: {v}\n"));
        }
        k.push_str("<Placemark>\n");
        k.push_str(&format!(
            "<name>{}</name>\n",
            xml_escape(&format!("{kind} {}", names.join(" / ")))
        ));
        k.push_str(&format!(
            "<description>{}</description>\n",
            xml_escape(&desc)
        ));
        k.push_str(&format!(
            "<TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>\n",
            format_rfc3339(e.start),
            format_rfc3339(e.end)
        ));
        k.push_str(&format!("<styleUrl>#{style}</styleUrl>\n"));
        k.push_str("<ExtendedData>\n");
        k.push_str(&format!(
            "<Data name=\"id\"><value>{}</value></Data>\n",
            xml_escape(&e.id)
        ));
        for (key, v) in &e.params {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            k.push_str(&format!(
                "<Data name=\"{}\"><value>{}</value></Data>\n",
                xml_escape(key),
                xml_escape(&text)
            ));
        }
        k.push_str("</ExtendedData>\n<MultiGeometry>\n");
        if e.lat.is_finite() && e.lon.is_finite() {
            k.push_str(&format!(
                "<Point><coordinates>{:.6},{:.6}</coordinates></Point>\n",
                e.lon, e.lat
            ));
        }
        for ps in per_vessel(e).into_values().filter(|ps| ps.len() >= 2) {
            let coords: Vec<String> = ps
                .iter()
                .map(|p| format!("{:.6},{:.6}", p.lon, p.lat))
                .collect();
            k.push_str(&format!(
                "<LineString><tessellate>1</tessellate><coordinates>{}</coordinates></LineString>\n",
                coords.join(" ")
            ));
        }
        k.push_str("</MultiGeometry>\n</Placemark>\n");
    }
    k.push_str("</Document>\n</kml>\n");
    k
}
