//! Positions and static reports from CSV: the US MarineCadastre layout and any CSV through a
//! [`ColumnMap`]. Readers take bytes and return what they could read plus a list of
//! [`Problem`]s with line numbers; bad rows never stop the read.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::identity::parse_imo;
use crate::time::{parse_time, TimeFormat};
use crate::{Position, StaticReport};

/// Something wrong with one line of input (or with the whole input when `line` is 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line number in the input (the header is line 1); 0 for the input as a whole.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// What a reader got from its input.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReadOutput {
    /// Good positions, in input order.
    pub positions: Vec<Position>,
    /// Static reports: one each time an MMSI's static fields (IMO, name, call sign, ship type,
    /// draught, destination, flag) change from its previous row in this input.
    pub statics: Vec<StaticReport>,
    /// Rows that were skipped or fields that were dropped, with line numbers.
    pub problems: Vec<Problem>,
}

/// Which columns of a CSV hold which fields. Names are matched case-insensitively after
/// trimming; optional fields left `None` are not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMap {
    /// MMSI column (required).
    pub mmsi: String,
    /// Time column (required).
    pub time: String,
    /// How the time column is written.
    pub time_format: TimeFormat,
    /// Latitude in degrees (required for a position).
    pub lat: String,
    /// Longitude in degrees (required for a position).
    pub lon: String,
    /// Speed over ground, knots.
    pub sog: Option<String>,
    /// Course over ground, degrees.
    pub cog: Option<String>,
    /// True heading, degrees (511 = not available).
    pub heading: Option<String>,
    /// Navigational status code 0–15.
    pub status: Option<String>,
    /// IMO number (`9307839` or `IMO9307839`).
    pub imo: Option<String>,
    /// Vessel name.
    pub name: Option<String>,
    /// Call sign.
    pub callsign: Option<String>,
    /// AIS ship-and-cargo type code.
    pub ship_type: Option<String>,
    /// Draught, metres.
    pub draught: Option<String>,
    /// Reported destination.
    pub destination: Option<String>,
    /// Flag (ISO alpha-2/alpha-3 or country name), when the table carries one.
    pub flag: Option<String>,
    /// Field delimiter (default `,`).
    pub delimiter: u8,
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

impl ColumnMap {
    /// The US MarineCadastre (NOAA/BOEM) layout: `MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,
    /// VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass`.
    pub fn marine_cadastre() -> Self {
        ColumnMap {
            mmsi: "MMSI".into(),
            time: "BaseDateTime".into(),
            time_format: TimeFormat::Auto,
            lat: "LAT".into(),
            lon: "LON".into(),
            sog: some("SOG"),
            cog: some("COG"),
            heading: some("Heading"),
            status: some("Status"),
            imo: some("IMO"),
            name: some("VesselName"),
            callsign: some("CallSign"),
            ship_type: some("VesselType"),
            draught: some("Draft"),
            destination: None,
            flag: None,
            delimiter: b',',
        }
    }

    /// The flat Spire/ORBCOMM-like export (139 columns, `Time` as `YYYYMMDD_HHMMSS`).
    pub fn spire_like() -> Self {
        ColumnMap {
            mmsi: "MMSI".into(),
            time: "Time".into(),
            time_format: TimeFormat::Compact,
            lat: "Latitude".into(),
            lon: "Longitude".into(),
            sog: some("SOG"),
            cog: some("COG"),
            heading: some("Heading"),
            status: some("Navigational_status"),
            imo: some("IMO"),
            name: some("Vessel_Name"),
            callsign: some("Call_sign"),
            ship_type: some("Ship_Type"),
            draught: some("Draught"),
            destination: some("Destination"),
            flag: None,
            delimiter: b',',
        }
    }

    /// The Danish Maritime Authority daily CSV (`# Timestamp` as `DD/MM/YYYY HH:MM:SS`).
    pub fn danish_maritime_authority() -> Self {
        ColumnMap {
            mmsi: "MMSI".into(),
            time: "# Timestamp".into(),
            time_format: TimeFormat::DayMonthYear,
            lat: "Latitude".into(),
            lon: "Longitude".into(),
            sog: some("SOG"),
            cog: some("COG"),
            heading: some("Heading"),
            status: None,
            imo: some("IMO"),
            name: some("Name"),
            callsign: some("Callsign"),
            ship_type: None,
            draught: some("Draught"),
            destination: some("Destination"),
            flag: None,
            delimiter: b',',
        }
    }
}

/// Reads a MarineCadastre CSV.
pub fn read_marine_cadastre(bytes: &[u8]) -> ReadOutput {
    read_csv(bytes, &ColumnMap::marine_cadastre())
}

struct Cols {
    mmsi: usize,
    time: usize,
    lat: usize,
    lon: usize,
    sog: Option<usize>,
    cog: Option<usize>,
    heading: Option<usize>,
    status: Option<usize>,
    imo: Option<usize>,
    name: Option<usize>,
    callsign: Option<usize>,
    ship_type: Option<usize>,
    draught: Option<usize>,
    destination: Option<usize>,
    flag: Option<usize>,
}

fn clean(s: &str) -> &str {
    s.trim().trim_matches('"').trim()
}

fn opt_f64(s: Option<&str>) -> Option<f64> {
    let s = clean(s?);
    if s.is_empty() || s.eq_ignore_ascii_case("none") || s.eq_ignore_ascii_case("nan") {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn opt_text(s: Option<&str>) -> Option<String> {
    let s = clean(s?);
    let s = s.split('@').next().unwrap_or("").trim();
    if s.is_empty() || s.eq_ignore_ascii_case("none") {
        None
    } else {
        Some(s.to_string())
    }
}

/// Reads any CSV whose header row names the columns in `map`.
pub fn read_csv(bytes: &[u8], map: &ColumnMap) -> ReadOutput {
    let mut out = ReadOutput::default();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(map.delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| clean(s).to_ascii_lowercase()).collect(),
        Err(e) => {
            out.problems.push(Problem {
                line: 1,
                message: format!("cannot read the header row: {e}"),
            });
            return out;
        }
    };
    let find = |name: &str| {
        let n = name.trim().to_ascii_lowercase();
        headers.iter().position(|h| *h == n)
    };
    let mut missing = Vec::new();
    let mut need = |name: &str| {
        let i = find(name);
        if i.is_none() {
            missing.push(name.to_string());
        }
        i.unwrap_or(0)
    };
    let (mmsi, time, lat, lon) = (
        need(&map.mmsi),
        need(&map.time),
        need(&map.lat),
        need(&map.lon),
    );
    if !missing.is_empty() {
        out.problems.push(Problem {
            line: 1,
            message: format!("required columns missing: {}", missing.join(", ")),
        });
        return out;
    }
    let opt = |c: &Option<String>| c.as_deref().and_then(find);
    let cols = Cols {
        mmsi,
        time,
        lat,
        lon,
        sog: opt(&map.sog),
        cog: opt(&map.cog),
        heading: opt(&map.heading),
        status: opt(&map.status),
        imo: opt(&map.imo),
        name: opt(&map.name),
        callsign: opt(&map.callsign),
        ship_type: opt(&map.ship_type),
        draught: opt(&map.draught),
        destination: opt(&map.destination),
        flag: opt(&map.flag),
    };
    let mut last_static: HashMap<u32, StaticReport> = HashMap::new();
    let mut record = csv::StringRecord::new();
    // Line numbers are counted from byte offsets: the csv crate's own line count can be one
    // short when records start with a quote.
    let mut lines = LineCounter::new(bytes);
    loop {
        let before = rdr.position().byte();
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(before, csv::Position::byte);
                out.problems.push(Problem {
                    line: lines.line_at(at),
                    message: format!("unreadable row: {e}"),
                });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = lines.line_at(record.position().map_or(before, csv::Position::byte));
        read_row(&record, &cols, map, line, &mut out, &mut last_static);
    }
    out
}

/// 1-based line numbers of byte offsets, counted incrementally (offsets only grow).
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `offset` that is not a line break.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut at = (offset as usize).min(self.bytes.len());
        while at < self.bytes.len() && matches!(self.bytes[at], b'\n' | b'\r') {
            at += 1;
        }
        if at >= self.pos {
            self.line += self.bytes[self.pos..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = at;
        }
        self.line
    }
}

fn read_row(
    rec: &csv::StringRecord,
    c: &Cols,
    map: &ColumnMap,
    line: u64,
    out: &mut ReadOutput,
    last_static: &mut HashMap<u32, StaticReport>,
) {
    let get = |i: Option<usize>| i.and_then(|i| rec.get(i));
    let problem =
        |out: &mut ReadOutput, message: String| out.problems.push(Problem { line, message });
    if rec.iter().all(|f| f.trim().is_empty()) {
        return;
    }
    let mmsi_text = clean(rec.get(c.mmsi).unwrap_or(""));
    let mmsi = match mmsi_text
        .strip_suffix(".0")
        .unwrap_or(mmsi_text)
        .parse::<u32>()
    {
        Ok(m) if m > 0 && m < 1_000_000_000 => m,
        _ if mmsi_text.is_empty() => return problem(out, "missing MMSI".into()),
        _ => return problem(out, format!("bad MMSI {mmsi_text:?}")),
    };
    let time_text = clean(rec.get(c.time).unwrap_or(""));
    let Some(time) = parse_time(time_text, map.time_format) else {
        return problem(out, format!("bad time {time_text:?}"));
    };
    let imo_text = get(c.imo).map(clean).unwrap_or("");
    let imo = parse_imo(imo_text);
    // Empty, "none" and all-zero values (`0`, `IMO0000000`) mean "not available".
    let imo_absent = imo_text.eq_ignore_ascii_case("none")
        || imo_text
            .trim_start_matches(['I', 'M', 'O', 'i', 'm', 'o', ' ', ':'])
            .bytes()
            .all(|b| b == b'0' || b == b'.');
    if imo.is_none() && !imo_absent {
        problem(out, format!("bad IMO {imo_text:?} dropped"));
    }
    let st = StaticReport {
        mmsi,
        time,
        imo,
        name: opt_text(get(c.name)),
        callsign: opt_text(get(c.callsign)),
        ship_type: opt_f64(get(c.ship_type))
            .filter(|v| (1.0..=255.0).contains(v) && v.fract() == 0.0)
            .map(|v| v as u8),
        draught: opt_f64(get(c.draught))
            .filter(|v| *v > 0.0 && *v < 30.0)
            .map(|v| v as f32),
        destination: opt_text(get(c.destination)),
        flag: opt_text(get(c.flag)),
    };
    let has_static = st.imo.is_some()
        || st.name.is_some()
        || st.callsign.is_some()
        || st.ship_type.is_some()
        || st.draught.is_some()
        || st.destination.is_some()
        || st.flag.is_some();
    if has_static {
        let changed = last_static
            .get(&mmsi)
            .is_none_or(|prev| !prev.same_identity(&st));
        if changed {
            last_static.insert(mmsi, st.clone());
            out.statics.push(st);
        }
    }
    let lat_text = get(Some(c.lat)).map(clean).unwrap_or("");
    let lon_text = get(Some(c.lon)).map(clean).unwrap_or("");
    if lat_text.is_empty() && lon_text.is_empty() {
        if !has_static {
            problem(out, "no position and no static data".into());
        }
        return;
    }
    let (Some(lat), Some(lon)) = (opt_f64(Some(lat_text)), opt_f64(Some(lon_text))) else {
        return problem(out, format!("bad coordinates {lat_text:?}, {lon_text:?}"));
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return problem(out, format!("impossible coordinates {lat}, {lon}"));
    }
    let sog = opt_f64(get(c.sog))
        .filter(|v| (0.0..102.25).contains(v))
        .map(|v| v as f32);
    let cog = opt_f64(get(c.cog))
        .filter(|v| (0.0..360.0).contains(v))
        .map(|v| v as f32);
    let heading = opt_f64(get(c.heading))
        .filter(|v| (0.0..360.0).contains(v))
        .map(|v| v as u16);
    let status = opt_f64(get(c.status))
        .filter(|v| (0.0..=15.0).contains(v) && v.fract() == 0.0)
        .map(|v| v as u8);
    out.positions.push(Position {
        mmsi,
        time,
        lat,
        lon,
        sog,
        cog,
        heading,
        status,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_rows() {
        let csv = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass\n\
636021061,2023-01-11T00:00:00,26.09241,-80.04806,8.8,272.7,270.0,MSC NAISHA III,IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A\n\
636021061,2023-01-11T00:01:00,91.0,-80.04806,8.8,272.7,511,MSC NAISHA III,IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A\n\
,2023-01-11T00:01:00,26.1,-80.0,,,,,,,,,,,,,A\n\
636021061,yesterday,26.1,-80.0,,,,,,,,,,,,,A\n\
636021061,2023-01-11T00:02:00,26.09,-80.05,102.3,360,511,MSC NAISHA III,IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A\n";
        let out = read_marine_cadastre(csv.as_bytes());
        assert_eq!(out.positions.len(), 2);
        assert_eq!(out.statics.len(), 1);
        assert_eq!(out.statics[0].imo, Some(9_307_839));
        assert_eq!(out.statics[0].draught, Some(8.0));
        let lines: Vec<u64> = out.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5], "{:?}", out.problems);
        let p = &out.positions[1];
        assert_eq!((p.sog, p.cog, p.heading), (None, None, None));
    }

    #[test]
    fn missing_columns_are_one_problem() {
        let out = read_csv(b"a,b\n1,2\n", &ColumnMap::marine_cadastre());
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].line, 1);
    }
}
