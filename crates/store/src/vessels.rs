//! What AIS showed of vessels: the identities they broadcast and the events detected in their
//! tracks, kept per imported file so that a vessel's listing can be shown beside its behaviour.
//!
//! An import is one AIS file (NMEA or positions CSV) and is written whole in one transaction;
//! the same bytes imported twice change nothing. Rows are never updated.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Result;

/// An AIS file to record.
#[derive(Debug, Clone)]
pub struct NewAisImport {
    /// Where it came from (a path).
    pub source: String,
    /// The SHA-256 of its bytes (hex).
    pub sha256: String,
    /// What was counted while reading it (JSON).
    pub counts: serde_json::Value,
}

/// One identity a vessel broadcast, with when it was first and last heard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sighting {
    /// The MMSI.
    pub mmsi: u32,
    /// The IMO number broadcast, if any.
    pub imo: Option<u32>,
    /// The name broadcast.
    pub name: Option<String>,
    /// The call sign broadcast.
    pub callsign: Option<String>,
    /// The flag its MMSI implies (ISO 3166 alpha-2).
    pub flag: Option<String>,
    /// The AIS ship type.
    pub ship_type: Option<u8>,
    /// First heard (unix seconds).
    pub first_seen: i64,
    /// Last heard (unix seconds).
    pub last_seen: i64,
    /// Reports heard with this identity.
    pub reports: u64,
}

/// One detected event, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VesselEvent {
    /// The kind: `encounter`, `loitering`, `gap`, `port_visit`, an identity anomaly…
    pub kind: String,
    /// Start (unix seconds).
    pub start: i64,
    /// End (unix seconds).
    pub end: i64,
    /// The vessels, by MMSI, with their IMO where known.
    pub vessels: Vec<(u32, Option<u32>)>,
    /// Where (the event's representative point).
    pub lat: Option<f64>,
    /// Where.
    pub lon: Option<f64>,
    /// The watch area it happened in.
    pub area: Option<String>,
    /// The event in full, as the detector wrote it (JSON).
    pub json: String,
}

/// A recorded event with its row id and import.
#[derive(Debug, Clone, Serialize)]
pub struct StoredVesselEvent {
    /// The row id.
    pub id: i64,
    /// The import it came from.
    pub import_id: i64,
    /// The event.
    #[serde(flatten)]
    pub event: VesselEvent,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct AisImported {
    /// The import's id.
    pub id: i64,
    /// False when the same bytes had been imported before (nothing was written).
    pub created: bool,
}

pub(crate) fn record(
    conn: &Connection,
    import: &NewAisImport,
    sightings: &[Sighting],
    events: &[VesselEvent],
) -> Result<AisImported> {
    let existing: Option<i64> = conn
        .query_row(
            "SELECT id FROM ais_imports WHERE sha256 = ?1",
            [&import.sha256],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(AisImported { id, created: false });
    }
    conn.execute(
        "INSERT INTO ais_imports (source, sha256, imported_at, counts) \
         VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)",
        params![import.source, import.sha256, import.counts.to_string()],
    )?;
    let id = conn.last_insert_rowid();
    let mut s = conn.prepare_cached(
        "INSERT INTO ais_sightings (import_id, mmsi, imo, name, callsign, flag, ship_type, \
         first_seen, last_seen, reports) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for x in sightings {
        s.execute(params![
            id,
            x.mmsi,
            x.imo,
            x.name,
            x.callsign,
            x.flag,
            x.ship_type,
            x.first_seen,
            x.last_seen,
            x.reports as i64
        ])?;
    }
    let mut e = conn.prepare_cached(
        "INSERT INTO ais_events (import_id, kind, start, end, lat, lon, area, json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut v = conn.prepare_cached(
        "INSERT OR IGNORE INTO ais_event_vessels (event_id, mmsi, imo) VALUES (?1, ?2, ?3)",
    )?;
    for x in events {
        e.execute(params![
            id, x.kind, x.start, x.end, x.lat, x.lon, x.area, x.json
        ])?;
        let event_id = conn.last_insert_rowid();
        for (mmsi, imo) in &x.vessels {
            v.execute(params![event_id, mmsi, imo])?;
        }
    }
    Ok(AisImported { id, created: true })
}

pub(crate) fn sightings(conn: &Connection, mmsis: &[u32], imos: &[u32]) -> Result<Vec<Sighting>> {
    let mut out: Vec<Sighting> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT mmsi, imo, name, callsign, flag, ship_type, min(first_seen), max(last_seen), \
         sum(reports) FROM ais_sightings WHERE mmsi = ?1 OR imo = ?2 \
         GROUP BY mmsi, imo, name, callsign, flag, ship_type ORDER BY min(first_seen)",
    )?;
    let mut keys: Vec<(Option<u32>, Option<u32>)> =
        mmsis.iter().map(|m| (Some(*m), None)).collect();
    keys.extend(imos.iter().map(|i| (None, Some(*i))));
    for (mmsi, imo) in keys {
        let rows = stmt.query_map(params![mmsi, imo], |r| {
            Ok(Sighting {
                mmsi: r.get(0)?,
                imo: r.get(1)?,
                name: r.get(2)?,
                callsign: r.get(3)?,
                flag: r.get(4)?,
                ship_type: r.get(5)?,
                first_seen: r.get(6)?,
                last_seen: r.get(7)?,
                reports: r.get::<_, i64>(8)? as u64,
            })
        })?;
        for row in rows {
            let row = row?;
            if !out.contains(&row) {
                out.push(row);
            }
        }
    }
    out.sort_by_key(|s| (s.first_seen, s.mmsi));
    Ok(out)
}

pub(crate) fn events(
    conn: &Connection,
    mmsis: &[u32],
    imos: &[u32],
    limit: usize,
) -> Result<Vec<StoredVesselEvent>> {
    let mut ids: Vec<i64> = Vec::new();
    let mut by = conn.prepare_cached(
        "SELECT DISTINCT event_id FROM ais_event_vessels WHERE mmsi = ?1 OR imo = ?2",
    )?;
    let mut keys: Vec<(Option<u32>, Option<u32>)> =
        mmsis.iter().map(|m| (Some(*m), None)).collect();
    keys.extend(imos.iter().map(|i| (None, Some(*i))));
    for (mmsi, imo) in keys {
        for id in by.query_map(params![mmsi, imo], |r| r.get::<_, i64>(0))? {
            ids.push(id?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut one = conn.prepare_cached(
        "SELECT id, import_id, kind, start, end, lat, lon, area, json FROM ais_events WHERE id = ?1",
    )?;
    let mut vessels = conn.prepare_cached(
        "SELECT mmsi, imo FROM ais_event_vessels WHERE event_id = ?1 ORDER BY mmsi",
    )?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut ev = one.query_row([id], |r| {
            Ok(StoredVesselEvent {
                id: r.get(0)?,
                import_id: r.get(1)?,
                event: VesselEvent {
                    kind: r.get(2)?,
                    start: r.get(3)?,
                    end: r.get(4)?,
                    vessels: Vec::new(),
                    lat: r.get(5)?,
                    lon: r.get(6)?,
                    area: r.get(7)?,
                    json: r.get(8)?,
                },
            })
        })?;
        ev.event.vessels = vessels
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        out.push(ev);
    }
    out.sort_by(|a, b| b.event.start.cmp(&a.event.start).then(b.id.cmp(&a.id)));
    out.truncate(limit);
    Ok(out)
}

/// A vessel seen in recorded events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeenVessel {
    /// The MMSI.
    pub mmsi: u32,
    /// The IMO number recorded with it, where known.
    pub imo: Option<u32>,
    /// How many events name it.
    pub events: u64,
    /// The start of the newest (unix seconds).
    pub last: i64,
}

/// Every vessel that AIS showed in a recorded event, the most recently active first.
pub(crate) fn vessels_with_events(conn: &Connection) -> Result<Vec<SeenVessel>> {
    let mut stmt = conn.prepare(
        "SELECT v.mmsi, max(v.imo), count(*), max(e.start) FROM ais_event_vessels v \
         JOIN ais_events e ON e.id = v.event_id GROUP BY v.mmsi ORDER BY max(e.start) DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SeenVessel {
            mmsi: r.get(0)?,
            imo: r.get(1)?,
            events: r.get::<_, i64>(2)? as u64,
            last: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
