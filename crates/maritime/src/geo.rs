//! Small geodesy helpers on a spherical Earth (R = 6,371 km, as Global Fishing Watch's
//! encounter pipeline uses).

/// Mean Earth radius in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;
/// One nautical mile in metres.
pub const NM: f64 = 1852.0;
/// Metres per second in one knot.
pub const KNOT_MS: f64 = NM / 3600.0;

/// Great-circle distance in metres between two points (haversine).
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// The point reached from (`lat`, `lon`) after `dist_m` metres on initial bearing `bearing_deg`
/// (degrees clockwise from north). Longitude is wrapped to [-180, 180).
pub fn destination(lat: f64, lon: f64, bearing_deg: f64, dist_m: f64) -> (f64, f64) {
    let d = dist_m / EARTH_RADIUS_M;
    let b = bearing_deg.to_radians();
    let p1 = lat.to_radians();
    let l1 = lon.to_radians();
    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
    let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
    (p2.to_degrees(), wrap_lon(l2.to_degrees()))
}

/// Initial bearing in degrees [0, 360) from the first point to the second.
pub fn bearing_deg(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    (y.atan2(x).to_degrees() + 360.0) % 360.0
}

/// Longitude wrapped to [-180, 180).
pub fn wrap_lon(lon: f64) -> f64 {
    let w = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if w.is_nan() {
        lon
    } else {
        w
    }
}

/// Linear interpolation between two points in latitude and (wrapped) longitude; `f` in [0, 1].
pub fn lerp(lat1: f64, lon1: f64, lat2: f64, lon2: f64, f: f64) -> (f64, f64) {
    let mut dl = lon2 - lon1;
    if dl > 180.0 {
        dl -= 360.0;
    } else if dl < -180.0 {
        dl += 360.0;
    }
    (lat1 + (lat2 - lat1) * f, wrap_lon(lon1 + dl * f))
}

/// The mean of points, longitude averaged on the circle (as GFW does for encounter positions).
pub fn mean_position(points: impl IntoIterator<Item = (f64, f64)>) -> Option<(f64, f64)> {
    let (mut n, mut lat, mut s, mut c) = (0usize, 0.0, 0.0, 0.0);
    for (la, lo) in points {
        n += 1;
        lat += la;
        s += lo.to_radians().sin();
        c += lo.to_radians().cos();
    }
    if n == 0 {
        return None;
    }
    Some((lat / n as f64, s.atan2(c).to_degrees()))
}

/// Local planar projection in metres around a reference point (equirectangular), good to a few
/// tenths of a percent over a few hundred kilometres away from the poles.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Local {
    lat0: f64,
    lon0: f64,
    kx: f64,
    ky: f64,
}

impl Local {
    pub(crate) fn new(lat0: f64, lon0: f64) -> Self {
        let ky = EARTH_RADIUS_M.to_radians();
        Local {
            lat0,
            lon0,
            kx: ky * lat0.to_radians().cos().max(1e-6),
            ky,
        }
    }

    pub(crate) fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        let mut dl = lon - self.lon0;
        if dl > 180.0 {
            dl -= 360.0;
        } else if dl < -180.0 {
            dl += 360.0;
        }
        (dl * self.kx, (lat - self.lat0) * self.ky)
    }
}

/// Distance in metres from the origin to the segment a–b in the plane.
pub(crate) fn point_segment_dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(a.0 * dx + a.1 * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (a.0 + t * dx, a.1 + t * dy);
    (px * px + py * py).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_one_degree_of_latitude() {
        let d = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111_194.9).abs() < 1.0, "{d}");
    }

    #[test]
    fn destination_round_trip() {
        let (la, lo) = destination(38.5, 124.3, 57.0, 12_345.0);
        assert!((haversine_m(38.5, 124.3, la, lo) - 12_345.0).abs() < 0.01);
        assert!((bearing_deg(38.5, 124.3, la, lo) - 57.0).abs() < 0.01);
    }

    #[test]
    fn mean_longitude_across_the_antimeridian() {
        let (_, lon) = mean_position([(0.0, 179.0), (0.0, -179.0)]).unwrap();
        assert!((lon.abs() - 180.0).abs() < 1e-9, "{lon}");
    }
}
