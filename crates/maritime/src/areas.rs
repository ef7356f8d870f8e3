//! Watch areas: named ports, anchorages, ship-to-ship transfer boxes, EEZs and land, read from
//! GeoJSON (polygons, multipolygons, and points with a radius), with a coarse grid index for
//! fast point-in-area and distance queries.
//!
//! A default set for North-East Asia is embedded ([`DEFAULT_AREAS_GEOJSON`], built from the
//! project's maritime domain notes, §7); users export it, edit it and load their own with
//! [`WatchAreas::from_geojson`]. Features whose `estimate` property is true are our own
//! estimates, not published values.
//!
//! Polygons must not cross the antimeridian. Distances to polygons are computed in a local
//! planar projection around the query point, accurate to well under 1 % within a few hundred
//! kilometres.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::fxhash::FxMap;
use crate::geo::{haversine_m, point_segment_dist, Local};
use crate::read::Problem;

/// The default watch areas as GeoJSON text (a FeatureCollection).
pub const DEFAULT_AREAS_GEOJSON: &str = include_str!("../data/default_areas.geojson");

/// What an area is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    /// A port: entering it starts a port visit.
    Port,
    /// An anchorage: like a port for visits and for the distance rule of encounters.
    Anchorage,
    /// A known or suspected ship-to-ship transfer area (context for events).
    StsArea,
    /// An exclusive economic zone or claimed maritime zone (context for events).
    Eez,
    /// Land: distances to it are distances from shore.
    Land,
    /// Anything else.
    Other,
}

impl AreaKind {
    /// The kind named by a GeoJSON `kind` property (unknown names give `Other`).
    pub fn parse(s: &str) -> AreaKind {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "port" => AreaKind::Port,
            "anchorage" => AreaKind::Anchorage,
            "sts_area" | "sts" => AreaKind::StsArea,
            "eez" => AreaKind::Eez,
            "land" | "coast" | "shore" => AreaKind::Land,
            _ => AreaKind::Other,
        }
    }

    /// Whether vessels visit it (port or anchorage).
    pub fn is_port_like(self) -> bool {
        matches!(self, AreaKind::Port | AreaKind::Anchorage)
    }
}

/// The geometry of an area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Shape {
    /// Polygons, each a list of rings (the first the outer boundary, the rest holes), each ring
    /// a list of (lat, lon).
    Polygons(Vec<Vec<Vec<(f64, f64)>>>),
    /// A circle around a point.
    Circle {
        /// Centre latitude.
        lat: f64,
        /// Centre longitude.
        lon: f64,
        /// Radius in metres.
        radius_m: f64,
    },
}

/// One named area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchArea {
    /// Name (the `name` property).
    pub name: String,
    /// Kind (the `kind` property).
    pub kind: AreaKind,
    /// Geometry.
    pub shape: Shape,
    /// Whether the area is our estimate rather than a published value (`estimate` property).
    pub estimate: bool,
    /// All GeoJSON properties as read, kept for export.
    pub properties: Map<String, Value>,
}

impl WatchArea {
    /// Whether the point is inside (for circles: within the radius).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        match &self.shape {
            Shape::Circle {
                lat: clat,
                lon: clon,
                radius_m,
            } => haversine_m(lat, lon, *clat, *clon) <= *radius_m,
            Shape::Polygons(polys) => polys.iter().any(|rings| {
                rings
                    .first()
                    .is_some_and(|outer| ring_contains(outer, lat, lon))
                    && !rings[1..].iter().any(|hole| ring_contains(hole, lat, lon))
            }),
        }
    }

    /// Distance in metres from the point to the area (0 inside).
    pub fn distance_m(&self, lat: f64, lon: f64) -> f64 {
        match &self.shape {
            Shape::Circle {
                lat: clat,
                lon: clon,
                radius_m,
            } => (haversine_m(lat, lon, *clat, *clon) - radius_m).max(0.0),
            Shape::Polygons(polys) => {
                if self.contains(lat, lon) {
                    return 0.0;
                }
                let local = Local::new(lat, lon);
                polys
                    .iter()
                    .flatten()
                    .flat_map(|ring| ring.windows(2))
                    .map(|w| point_segment_dist(local.xy(w[0].0, w[0].1), local.xy(w[1].0, w[1].1)))
                    .fold(f64::INFINITY, f64::min)
            }
        }
    }

    /// (south, west, north, east) in degrees.
    fn bbox(&self) -> (f64, f64, f64, f64) {
        match &self.shape {
            Shape::Circle { lat, lon, radius_m } => {
                let dlat = radius_m / 111_000.0;
                let dlon = dlat / lat.to_radians().cos().max(0.01);
                (lat - dlat, lon - dlon, lat + dlat, lon + dlon)
            }
            Shape::Polygons(polys) => {
                let mut b = (
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                );
                for &(la, lo) in polys.iter().flatten().flatten() {
                    b = (b.0.min(la), b.1.min(lo), b.2.max(la), b.3.max(lo));
                }
                b
            }
        }
    }
}

/// Even-odd ray casting; the ring is a list of (lat, lon), closed or not.
fn ring_contains(ring: &[(f64, f64)], lat: f64, lon: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (yi, xi) = ring[i];
        let (yj, xj) = ring[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Why a GeoJSON document could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum AreaError {
    /// Not JSON.
    #[error("watch areas: not JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but not a GeoJSON FeatureCollection or Feature.
    #[error("watch areas: expected a GeoJSON FeatureCollection or Feature")]
    NotGeoJson,
}

/// Edge length of the index cells, degrees.
const CELL_DEG: f64 = 0.25;

/// A polygon edge in the index: (area, one end (lat, lon), other end).
type Edge = (u32, (f64, f64), (f64, f64));

#[derive(Debug, Clone, Default)]
struct Cell {
    /// Areas whose bounding box overlaps the cell.
    areas: Vec<u32>,
    /// Polygon edges crossing the cell's bounding box: (area, (lat, lon), (lat, lon)).
    edges: Vec<Edge>,
}

/// A set of watch areas with a grid index.
#[derive(Debug, Clone, Default)]
pub struct WatchAreas {
    areas: Vec<WatchArea>,
    cells: FxMap<(i32, i32), Cell>,
    /// Areas too large for the grid (bounding box over 2,500 cells), checked one by one.
    large: Vec<u32>,
}

fn cell_of(lat: f64, lon: f64) -> (i32, i32) {
    (
        (lat / CELL_DEG).floor() as i32,
        (lon / CELL_DEG).floor() as i32,
    )
}

impl WatchAreas {
    /// A set from areas already built.
    pub fn new(areas: Vec<WatchArea>) -> Self {
        let mut w = WatchAreas {
            areas,
            ..Default::default()
        };
        for (i, a) in w.areas.iter().enumerate() {
            let i = i as u32;
            let (s, west, n, e) = a.bbox();
            let (c0, c1) = (cell_of(s, west), cell_of(n, e));
            let count = i64::from(c1.0 - c0.0 + 1) * i64::from(c1.1 - c0.1 + 1);
            if count > 2_500 && a.kind != AreaKind::Land {
                w.large.push(i);
            } else {
                for y in c0.0..=c1.0 {
                    for x in c0.1..=c1.1 {
                        w.cells.entry((y, x)).or_default().areas.push(i);
                    }
                }
            }
            if let Shape::Polygons(polys) = &a.shape {
                for ring in polys.iter().flatten() {
                    for e in ring.windows(2) {
                        let (p, q) = (e[0], e[1]);
                        let (c0, c1) = (
                            cell_of(p.0.min(q.0), p.1.min(q.1)),
                            cell_of(p.0.max(q.0), p.1.max(q.1)),
                        );
                        for y in c0.0..=c1.0 {
                            for x in c0.1..=c1.1 {
                                w.cells.entry((y, x)).or_default().edges.push((i, p, q));
                            }
                        }
                    }
                }
            }
        }
        w
    }

    /// The embedded default areas (North-East Asia; see [`DEFAULT_AREAS_GEOJSON`]).
    pub fn default_areas() -> Self {
        let (areas, problems) =
            WatchAreas::from_geojson(DEFAULT_AREAS_GEOJSON.as_bytes()).expect("embedded GeoJSON");
        debug_assert!(problems.is_empty(), "{problems:?}");
        areas
    }

    /// Reads a GeoJSON FeatureCollection (or a single Feature). Features that cannot be used
    /// (no name, unsupported geometry, a point without `radius_m`) are skipped and reported as
    /// problems with `line` = the feature's 1-based position in the collection.
    pub fn from_geojson(bytes: &[u8]) -> Result<(Self, Vec<Problem>), AreaError> {
        let doc: Value = serde_json::from_slice(bytes)?;
        let features: Vec<&Value> = match doc.get("type").and_then(Value::as_str) {
            Some("FeatureCollection") => doc
                .get("features")
                .and_then(Value::as_array)
                .ok_or(AreaError::NotGeoJson)?
                .iter()
                .collect(),
            Some("Feature") => vec![&doc],
            _ => return Err(AreaError::NotGeoJson),
        };
        let mut areas = Vec::new();
        let mut problems = Vec::new();
        for (k, f) in features.iter().enumerate() {
            match feature_area(f) {
                Ok(a) => areas.push(a),
                Err(message) => problems.push(Problem {
                    line: k as u64 + 1,
                    message,
                }),
            }
        }
        Ok((WatchAreas::new(areas), problems))
    }

    /// The areas as a GeoJSON FeatureCollection (circles as Points with `radius_m`).
    pub fn to_geojson(&self) -> String {
        let features: Vec<Value> = self
            .areas
            .iter()
            .map(|a| {
                let mut props = a.properties.clone();
                props.insert("name".into(), Value::from(a.name.clone()));
                props.insert("kind".into(), serde_json::to_value(a.kind).expect("kind"));
                props.insert("estimate".into(), Value::from(a.estimate));
                let geometry = match &a.shape {
                    Shape::Circle { lat, lon, radius_m } => {
                        props.insert("radius_m".into(), Value::from(*radius_m));
                        serde_json::json!({"type": "Point", "coordinates": [lon, lat]})
                    }
                    Shape::Polygons(polys) => {
                        let coords: Vec<Vec<Vec<[f64; 2]>>> = polys
                            .iter()
                            .map(|rings| {
                                rings
                                    .iter()
                                    .map(|r| r.iter().map(|&(la, lo)| [lo, la]).collect())
                                    .collect()
                            })
                            .collect();
                        if coords.len() == 1 {
                            serde_json::json!({"type": "Polygon", "coordinates": coords[0]})
                        } else {
                            serde_json::json!({"type": "MultiPolygon", "coordinates": coords})
                        }
                    }
                };
                serde_json::json!({"type": "Feature", "properties": props, "geometry": geometry})
            })
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "type": "FeatureCollection",
            "features": features,
        }))
        .expect("serialisable")
    }

    /// All areas.
    pub fn areas(&self) -> &[WatchArea] {
        &self.areas
    }

    /// The area with this index.
    pub fn get(&self, i: usize) -> &WatchArea {
        &self.areas[i]
    }

    /// Indexes of the areas containing the point.
    pub fn containing(&self, lat: f64, lon: f64) -> Vec<usize> {
        let mut out = Vec::new();
        self.for_each_containing(lat, lon, |i| out.push(i));
        out
    }

    fn for_each_containing(&self, lat: f64, lon: f64, f: impl FnMut(usize)) {
        self.for_each_containing_where(lat, lon, |_| true, f);
    }

    /// Calls `f` for each area accepted by `keep` (checked first, cheaply) that contains the
    /// point.
    fn for_each_containing_where(
        &self,
        lat: f64,
        lon: f64,
        keep: impl Fn(&WatchArea) -> bool,
        mut f: impl FnMut(usize),
    ) {
        let cell = self.cells.get(&cell_of(lat, lon));
        let candidates = cell.map_or(&[][..], |c| c.areas.as_slice());
        for &i in candidates.iter().chain(&self.large) {
            let a = &self.areas[i as usize];
            if keep(a) && a.contains(lat, lon) {
                f(i as usize);
            }
        }
    }

    /// The first area of one of `kinds` containing the point, preferring ports and
    /// anchorages, then STS areas, then the rest (land last).
    pub fn locate(&self, lat: f64, lon: f64) -> Option<usize> {
        let mut best: Option<(u8, usize)> = None;
        self.for_each_containing(lat, lon, |i| {
            let rank = match self.areas[i].kind {
                AreaKind::Port | AreaKind::Anchorage => 0,
                AreaKind::StsArea => 1,
                AreaKind::Eez | AreaKind::Other => 2,
                AreaKind::Land => 3,
            };
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, i));
            }
        });
        best.map(|(_, i)| i)
    }

    /// The port or anchorage containing the point, if any.
    pub fn port_at(&self, lat: f64, lon: f64) -> Option<usize> {
        let mut found = None;
        self.for_each_containing_where(
            lat,
            lon,
            |a| a.kind.is_port_like(),
            |i| {
                found.get_or_insert(i);
            },
        );
        found
    }

    /// The nearest area accepted by `filter` within `max_m` metres: (index, distance in
    /// metres, 0 inside). Searches the grid ring by ring and stops as soon as no farther cell
    /// can hold anything closer.
    pub fn nearest(
        &self,
        lat: f64,
        lon: f64,
        max_m: f64,
        filter: impl Fn(&WatchArea) -> bool,
    ) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        let consider = |i: usize, d: f64, best: &mut Option<(usize, f64)>| {
            if d <= max_m && best.is_none_or(|(_, b)| d < b) {
                *best = Some((i, d));
            }
        };
        for &i in &self.large {
            let a = &self.areas[i as usize];
            if filter(a) {
                consider(i as usize, a.distance_m(lat, lon), &mut best);
            }
        }
        let local = Local::new(lat, lon);
        let (cy, cx) = cell_of(lat, lon);
        let cell_h = CELL_DEG * 111_195.0;
        let mut k: i32 = 0;
        loop {
            for y in cy - k..=cy + k {
                for x in cx - k..=cx + k {
                    if (y - cy).abs() != k && (x - cx).abs() != k {
                        continue;
                    }
                    let Some(cell) = self.cells.get(&(y, x)) else {
                        continue;
                    };
                    for &i in &cell.areas {
                        let a = &self.areas[i as usize];
                        if !filter(a) {
                            continue;
                        }
                        match a.shape {
                            Shape::Circle { .. } => {
                                consider(i as usize, a.distance_m(lat, lon), &mut best)
                            }
                            Shape::Polygons(_) if a.contains(lat, lon) => {
                                consider(i as usize, 0.0, &mut best)
                            }
                            Shape::Polygons(_) => {}
                        }
                    }
                    for &(i, p, q) in &cell.edges {
                        if filter(&self.areas[i as usize]) {
                            let d = point_segment_dist(local.xy(p.0, p.1), local.xy(q.0, q.1));
                            consider(i as usize, d, &mut best);
                        }
                    }
                }
            }
            // Every cell outside ring k is at least this far away.
            let far_lat = (lat.abs() + f64::from(k + 1) * CELL_DEG).min(89.0);
            let reach = f64::from(k) * cell_h * far_lat.to_radians().cos();
            if best.is_some_and(|(_, d)| d <= reach) || reach > max_m || k > 4_000 {
                return best;
            }
            k += 1;
        }
    }

    /// Distance from shore in metres: to the nearest `land` area (0 on land), or `None` when
    /// no land lies within `max_m` (then the point is at least that far offshore, or outside
    /// the region the land areas cover).
    pub fn distance_to_shore_m(&self, lat: f64, lon: f64, max_m: f64) -> Option<f64> {
        self.nearest(lat, lon, max_m, |a| a.kind == AreaKind::Land)
            .map(|(_, d)| d)
    }

    /// Distance to the nearest port or anchorage within `max_m`: (index, metres).
    pub fn distance_to_port_m(&self, lat: f64, lon: f64, max_m: f64) -> Option<(usize, f64)> {
        self.nearest(lat, lon, max_m, |a| a.kind.is_port_like())
    }

    /// Whether any area is land (so distances from shore mean something).
    pub fn has_land(&self) -> bool {
        self.areas.iter().any(|a| a.kind == AreaKind::Land)
    }
}

fn coords_ring(v: &Value) -> Option<Vec<(f64, f64)>> {
    v.as_array()?
        .iter()
        .map(|p| {
            let p = p.as_array()?;
            let (lon, lat) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
            ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
        })
        .collect()
}

fn coords_polygon(v: &Value) -> Option<Vec<Vec<(f64, f64)>>> {
    let rings: Vec<Vec<(f64, f64)>> = v
        .as_array()?
        .iter()
        .map(coords_ring)
        .collect::<Option<_>>()?;
    let mut rings = rings;
    for r in &mut rings {
        if r.len() < 3 {
            return None;
        }
        if r.first() != r.last() {
            r.push(r[0]);
        }
    }
    (!rings.is_empty()).then_some(rings)
}

fn feature_area(f: &Value) -> Result<WatchArea, String> {
    let props = f
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let name = props
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("feature without a name property")?
        .to_string();
    let kind = AreaKind::parse(props.get("kind").and_then(Value::as_str).unwrap_or("other"));
    let estimate = props
        .get("estimate")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let geom = f.get("geometry").ok_or(format!("{name}: no geometry"))?;
    let coords = geom
        .get("coordinates")
        .ok_or(format!("{name}: no coordinates"))?;
    let shape = match geom.get("type").and_then(Value::as_str) {
        Some("Point") => {
            let p = coords_ring(&Value::Array(vec![coords.clone()]))
                .and_then(|v| v.first().copied())
                .ok_or(format!("{name}: bad point"))?;
            let radius_m = props
                .get("radius_m")
                .and_then(Value::as_f64)
                .filter(|r| *r > 0.0)
                .ok_or(format!(
                    "{name}: a point needs a positive radius_m property"
                ))?;
            Shape::Circle {
                lat: p.0,
                lon: p.1,
                radius_m,
            }
        }
        Some("Polygon") => Shape::Polygons(vec![
            coords_polygon(coords).ok_or(format!("{name}: bad polygon"))?
        ]),
        Some("MultiPolygon") => Shape::Polygons(
            coords
                .as_array()
                .ok_or(format!("{name}: bad multipolygon"))?
                .iter()
                .map(coords_polygon)
                .collect::<Option<_>>()
                .ok_or(format!("{name}: bad multipolygon"))?,
        ),
        other => return Err(format!("{name}: unsupported geometry {other:?}")),
    };
    Ok(WatchArea {
        name,
        kind,
        shape,
        estimate,
        properties: props,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_and_answer() {
        let w = WatchAreas::default_areas();
        assert!(w.areas().len() >= 30);
        let rajin = w.port_at(42.235, 130.30).map(|i| w.get(i).name.as_str());
        assert_eq!(rajin, Some("Najin (Rajin)"));
        let vost = w.port_at(42.76, 133.0).map(|i| w.get(i).name.as_str());
        assert_eq!(vost, Some("Vostochny"));
        // Korea Bay, far from ports: in the STS box, offshore.
        let i = w.locate(38.45, 124.2).unwrap();
        assert_eq!(w.get(i).kind, AreaKind::StsArea);
        let shore = w.distance_to_shore_m(38.45, 124.2, 500_000.0).unwrap();
        assert!((40_000.0..80_000.0).contains(&shore), "{shore}");
        // Pyongyang is on land.
        assert_eq!(w.distance_to_shore_m(39.03, 125.75, 500_000.0), Some(0.0));
        // Mid-Pacific: no land within 500 km.
        assert_eq!(w.distance_to_shore_m(20.0, -150.0, 500_000.0), None);
        let (p, d) = w.distance_to_port_m(42.30, 130.35, 50_000.0).unwrap();
        assert!(w.get(p).name.starts_with("Najin") || w.get(p).name.starts_with("Sonbong"));
        assert!(d < 10_000.0);
    }

    #[test]
    fn nearest_agrees_with_brute_force() {
        let w = WatchAreas::default_areas();
        let mut s = 12345u64;
        for _ in 0..300 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let lat = 33.0 + (s >> 33) as f64 / (1u64 << 31) as f64 * 12.0;
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let lon = 118.0 + (s >> 33) as f64 / (1u64 << 31) as f64 * 16.0;
            let fast = w.distance_to_shore_m(lat, lon, 2_000_000.0).unwrap();
            let slow = w
                .areas()
                .iter()
                .filter(|a| a.kind == AreaKind::Land)
                .map(|a| a.distance_m(lat, lon))
                .fold(f64::INFINITY, f64::min);
            assert!((fast - slow).abs() < 1e-6, "{lat},{lon}: {fast} vs {slow}");
        }
    }

    #[test]
    fn round_trip_and_problems() {
        let w = WatchAreas::default_areas();
        let text = w.to_geojson();
        let (again, problems) = WatchAreas::from_geojson(text.as_bytes()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(again.areas().len(), w.areas().len());
        for (a, b) in again.areas().iter().zip(w.areas()) {
            assert!(
                a.name == b.name && a.kind == b.kind && a.shape == b.shape,
                "{}",
                a.name
            );
        }
        let bad = br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"kind":"port"},"geometry":{"type":"Point","coordinates":[1,2]}},
            {"type":"Feature","properties":{"name":"x","kind":"port"},"geometry":{"type":"Point","coordinates":[1,2]}},
            {"type":"Feature","properties":{"name":"y","kind":"anchorage","radius_m":500},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#;
        let (w, problems) = WatchAreas::from_geojson(bad).unwrap();
        assert_eq!(w.areas().len(), 1);
        assert_eq!(
            problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(WatchAreas::from_geojson(b"[1]").is_err());
    }
}
