//! `ce2 ais …`, `ce2 vessels`, `ce2 vessel`: AIS decoded, tracks and events detected, ships tied
//! to their listings.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use ce2_ais::{Decoder, Gpsd};
use ce2_maritime::areas::WatchAreas;
use ce2_maritime::events::{self, Config, Event};
use ce2_maritime::read::{self, ColumnMap};
use ce2_maritime::{export, identity, scenario};
use ce2_model::Entity;
use ce2_store::{NewAisImport, Sighting, Store, VesselEvent};
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use crate::commands::{exit, fail, Failure};
use crate::output;

type Result<T, E = Failure> = std::result::Result<T, E>;

/// The AIS commands.
#[derive(Debug, Subcommand)]
pub enum AisCmd {
    /// Decode NMEA 0183 AIVDM/AIVDO files into JSON lines (gpsd's field names); a summary of
    /// what was counted and rejected goes to standard error.
    Decode {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Raw field values as gpsd `-u` writes them, instead of degrees and knots.
        #[arg(long)]
        unscaled: bool,
    },
    /// Build tracks from AIS (NMEA with receive times, or a positions CSV) and detect events:
    /// encounters, loitering, AIS gaps, port visits, identity anomalies.
    Events {
        /// The files (NMEA or CSV, told apart by their content).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The output format.
        #[arg(long, value_enum, default_value = "json")]
        format: EventFormat,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Watch areas (GeoJSON; default: the embedded ports and STS areas, see `ce2 ais areas`).
        #[arg(long)]
        areas: Option<PathBuf>,
        /// A CSV's columns, when not MarineCadastre's: `mmsi=MMSI,time=ts,lat=y,lon=x,sog=…,
        /// cog=…,heading=…,imo=…,name=…,callsign=…,draught=…,flag=…`.
        #[arg(long)]
        columns: Option<String>,
        /// Record the identities broadcast and the events in the store, for `ce2 vessels` and
        /// `ce2 vessel`.
        #[arg(long)]
        save: bool,
        /// Add each event to the evidence ledger as an item (its GeoJSON, with the positions
        /// that support it), linked to the vessels' MMSI and IMO with the claim it supports.
        #[arg(long = "to-ledger")]
        to_ledger: bool,
        /// The ledger folder for `--to-ledger` (default: CE2_LEDGER, else ce2/ledger in the
        /// user's data folder).
        #[arg(long, env = "CE2_LEDGER", value_name = "DIR")]
        ledger: Option<PathBuf>,
        /// Who adds them to the ledger (default: the login name).
        #[arg(long, env = "CE2_ACTOR")]
        actor: Option<String>,
    },
    /// Write the default watch areas (GeoJSON) to edit and pass back with `--areas`.
    Areas {
        /// The file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Write the scripted voyages (NMEA with receive times) and the events each must give.
    Scenario {
        /// The folder.
        dir: PathBuf,
    },
}

/// An events output format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EventFormat {
    /// JSON, one array.
    Json,
    /// CSV, one row per event.
    Csv,
    /// GeoJSON FeatureCollection.
    Geojson,
    /// KML for Google Earth.
    Kml,
}

/// Whether a file's first meaningful line is NMEA (a sentence or a tag block).
fn looks_like_nmea(bytes: &[u8]) -> bool {
    bytes
        .split(|b| *b == b'\n')
        .map(|l| l.trim_ascii())
        .find(|l| !l.is_empty() && !l.starts_with(b"#"))
        .is_some_and(|l| {
            l.starts_with(b"!")
                || l.starts_with(b"\\")
                || l.starts_with(b"$")
                || l.windows(4).any(|w| w == b"VDM," || w == b"VDO,")
        })
}

fn parse_columns(spec: &str) -> Result<ColumnMap> {
    let mut map = ColumnMap::marine_cadastre();
    for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
        let (k, v) = part.split_once('=').ok_or_else(|| {
            fail(
                2,
                anyhow!("--columns takes field=column pairs, not {part:?}"),
            )
        })?;
        let v = v.trim().to_string();
        match k.trim() {
            "mmsi" => map.mmsi = v,
            "time" => {
                map.time = v;
                map.time_format = ce2_maritime::time::TimeFormat::Auto;
            }
            "lat" => map.lat = v,
            "lon" => map.lon = v,
            "sog" => map.sog = Some(v),
            "cog" => map.cog = Some(v),
            "heading" => map.heading = Some(v),
            "status" => map.status = Some(v),
            "imo" => map.imo = Some(v),
            "name" => map.name = Some(v),
            "callsign" => map.callsign = Some(v),
            "ship_type" => map.ship_type = Some(v),
            "draught" => map.draught = Some(v),
            "destination" => map.destination = Some(v),
            "flag" => map.flag = Some(v),
            other => {
                return Err(fail(
                    2,
                    anyhow!("--columns: no field {other:?} (mmsi, time, lat, lon, sog, cog, heading, status, imo, name, callsign, ship_type, draught, destination, flag)"),
                ))
            }
        }
    }
    Ok(map)
}

/// Run `ce2 ais …`.
pub fn run(store_path: &Option<PathBuf>, cmd: AisCmd, json: bool) -> Result<()> {
    match cmd {
        AisCmd::Decode {
            files,
            output,
            unscaled,
        } => decode(&files, output.as_deref(), unscaled),
        AisCmd::Areas { output } => Ok(output::write_text(
            output.as_deref(),
            ce2_maritime::areas::DEFAULT_AREAS_GEOJSON.as_bytes(),
        )?),
        AisCmd::Scenario { dir } => {
            fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let mut written = Vec::new();
            for s in scenario::all() {
                let nmea = dir.join(format!("{}.nmea", s.name));
                output::write_text(Some(&nmea), s.nmea().as_bytes())?;
                let truth = dir.join(format!("{}.expected.json", s.name));
                output::write_text(
                    Some(&truth),
                    &serde_json::to_vec_pretty(&s.expected).map_err(anyhow::Error::from)?,
                )?;
                written.push(json!({"scenario": s.name, "nmea": nmea, "expected": truth, "description": s.description}));
            }
            if json {
                output::json(&json!({"written": written})).map_err(anyhow::Error::from)?;
            } else {
                for w in &written {
                    println!(
                        "{}  {}",
                        w["nmea"].as_str().unwrap_or(""),
                        w["description"].as_str().unwrap_or("")
                    );
                }
            }
            Ok(())
        }
        AisCmd::Events {
            files,
            format,
            output,
            areas,
            columns,
            save,
            to_ledger,
            ledger,
            actor,
        } => {
            let areas = match &areas {
                Some(p) => {
                    let bytes = crate::input::read_bytes(p)?;
                    let (areas, problems) = WatchAreas::from_geojson(&bytes)
                        .map_err(|e| fail(exit::INPUT, anyhow!("{}: {e}", p.display())))?;
                    for pr in &problems {
                        eprintln!("{}: {pr:?}", p.display());
                    }
                    areas
                }
                None => WatchAreas::default_areas(),
            };
            let map = columns.as_deref().map(parse_columns).transpose()?;
            let mut positions = Vec::new();
            let mut statics = Vec::new();
            let mut counts = BTreeMap::new();
            let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
            for file in &files {
                let bytes = crate::input::read_bytes(file)?;
                sha2::Digest::update(&mut hasher, &bytes);
                if looks_like_nmea(&bytes) {
                    let (from, stats) = ce2_maritime::ais::from_nmea(&bytes);
                    eprintln!(
                        "{}: {} messages, {} positions, {} static reports; {} without a receive time; rejected {}",
                        file.display(),
                        stats.messages,
                        from.positions.len(),
                        from.statics.len(),
                        from.untimed,
                        stats.rejected_total()
                    );
                    *counts.entry("messages").or_insert(0u64) += stats.messages;
                    *counts.entry("untimed").or_insert(0) += from.untimed;
                    positions.extend(from.positions);
                    statics.extend(from.statics);
                } else {
                    let out = match &map {
                        Some(m) => read::read_csv(&bytes, m),
                        None => read::read_marine_cadastre(&bytes),
                    };
                    for p in out.problems.iter().take(10) {
                        eprintln!("{}:{}: {}", file.display(), p.line, p.message);
                    }
                    if out.problems.len() > 10 {
                        eprintln!(
                            "{}: … {} problems in all",
                            file.display(),
                            out.problems.len()
                        );
                    }
                    if out.positions.is_empty() && !out.problems.is_empty() {
                        return Err(fail(
                            exit::INPUT,
                            anyhow!(
                                "{}: no position could be read ({}); name the columns with --columns",
                                file.display(),
                                out.problems[0].message
                            ),
                        ));
                    }
                    *counts.entry("rows_refused").or_insert(0u64) += out.problems.len() as u64;
                    positions.extend(out.positions);
                    statics.extend(out.statics);
                }
            }
            *counts.entry("positions").or_insert(0u64) += positions.len() as u64;
            *counts.entry("static_reports").or_insert(0u64) += statics.len() as u64;
            let analysis = events::analyse(positions, &statics, &areas, &Config::default());
            let evs = &analysis.events;
            *counts.entry("events").or_insert(0u64) += evs.len() as u64;
            let text = match format {
                EventFormat::Json => export::to_json(evs),
                EventFormat::Csv => export::to_csv(evs),
                EventFormat::Geojson => export::to_geojson(evs),
                EventFormat::Kml => export::to_kml(evs, "ce2 AIS events"),
            };
            output::write_text(output.as_deref(), text.as_bytes())?;
            let mut by_kind: BTreeMap<&str, u64> = BTreeMap::new();
            for e in evs {
                *by_kind.entry(e.kind.as_str()).or_insert(0) += 1;
            }
            eprintln!(
                "{} events: {}",
                evs.len(),
                by_kind
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if to_ledger {
                let origin = files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" ");
                let records = evs.iter().map(|e| event_record(e, &origin)).collect();
                let added =
                    crate::evidence::add_generated(ledger.as_deref(), actor.as_deref(), records)?;
                eprintln!(
                    "{} events added to the evidence ledger: {}",
                    added.len(),
                    added.join(", ")
                );
            }
            if save {
                let mut store = crate::commands::open_store_pub(store_path)?;
                let sightings: Vec<Sighting> =
                    ce2_maritime::ais::identities(&statics, &analysis.tracks)
                        .into_iter()
                        .map(|i| Sighting {
                            mmsi: i.mmsi,
                            imo: i.imo,
                            name: i.name,
                            callsign: i.callsign,
                            flag: i.flag,
                            ship_type: i.ship_type,
                            first_seen: i.first_seen,
                            last_seen: i.last_seen,
                            reports: i.reports,
                        })
                        .collect();
                let stored: Vec<VesselEvent> = evs.iter().map(stored_event).collect();
                let digest = hex::encode(sha2::Digest::finalize(hasher));
                let done = store.record_ais(
                    &NewAisImport {
                        source: files
                            .iter()
                            .map(|f| f.display().to_string())
                            .collect::<Vec<_>>()
                            .join(" "),
                        sha256: digest,
                        counts: json!(counts),
                    },
                    &sightings,
                    &stored,
                )?;
                eprintln!(
                    "{} (import {}): {} identities and {} events recorded",
                    if done.created {
                        "saved"
                    } else {
                        "already saved"
                    },
                    done.id,
                    sightings.len(),
                    stored.len()
                );
            }
            Ok(())
        }
    }
}

fn decode(files: &[PathBuf], output: Option<&Path>, unscaled: bool) -> Result<()> {
    let started = std::time::Instant::now();
    let mut out = crate::output::Sink::create(output)?;
    let mut total_messages = 0u64;
    let mut total_sentences = 0u64;
    let mut write_error: Option<std::io::Error> = None;
    for file in files {
        let bytes = crate::input::read_bytes(file)?;
        let mut dec = Decoder::new();
        dec.feed(&bytes, |d| {
            if write_error.is_some() {
                return;
            }
            let value = if unscaled {
                serde_json::to_writer(&mut out, &Gpsd::raw(&d.message))
            } else {
                serde_json::to_writer(&mut out, &Gpsd::scaled(&d.message))
            };
            if let Err(e) = value
                .map_err(std::io::Error::from)
                .and_then(|_| out.write_all(b"\n"))
            {
                write_error = Some(e);
            }
        });
        dec.finish();
        let stats = dec.take_stats();
        total_messages += stats.messages;
        total_sentences += stats.sentences;
        let rejected: Vec<String> = stats
            .rejections()
            .map(|(k, n)| format!("{} {n}", k.as_str()))
            .collect();
        eprintln!(
            "{}: {} lines, {} sentences, {} messages ({} multipart); rejected: {}",
            file.display(),
            stats.lines,
            stats.sentences,
            stats.messages,
            stats.multipart,
            if rejected.is_empty() {
                "none".to_string()
            } else {
                rejected.join(", ")
            }
        );
        for p in stats.problems.iter().take(5) {
            eprintln!(
                "  {}:{}: {} {}",
                file.display(),
                p.line,
                p.kind.as_str(),
                p.detail
            );
        }
    }
    if let Some(e) = write_error {
        return Err(anyhow::Error::from(e).into());
    }
    out.finish()?;
    eprintln!(
        "{total_sentences} sentences, {total_messages} messages in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// An event as an evidence item: its GeoJSON (with the positions that support it), linked to
/// every vessel's MMSI and IMO with the claim in words.
fn event_record(e: &Event, origin: &str) -> crate::evidence::Generated {
    let vessels: Vec<String> = e
        .vessels
        .iter()
        .map(|v| match (&v.name, v.imo) {
            (Some(n), Some(i)) => format!("{n} (MMSI {}, IMO {i})", v.mmsi),
            (Some(n), None) => format!("{n} (MMSI {})", v.mmsi),
            (None, Some(i)) => format!("MMSI {} (IMO {i})", v.mmsi),
            (None, None) => format!("MMSI {}", v.mmsi),
        })
        .collect();
    let claim = format!(
        "AIS shows {} from {} to {} ({:.1} h) at {:.4}, {:.4}{}: {}",
        e.kind.as_str().replace('_', " "),
        utc(e.start),
        utc(e.end),
        e.hours(),
        e.lat,
        e.lon,
        e.area
            .as_deref()
            .map(|a| format!(" in {a}"))
            .unwrap_or_default(),
        vessels.join(" and ")
    );
    let mut links = Vec::new();
    for v in &e.vessels {
        links.push((format!("mmsi:{}", v.mmsi), claim.clone()));
        if let Some(imo) = v.imo {
            links.push((format!("imo:{imo}"), claim.clone()));
        }
    }
    crate::evidence::Generated {
        name: format!("{}.geojson", e.id.replace(['/', ' ', ':'], "-")),
        media_type: "application/geo+json",
        bytes: export::to_geojson(std::slice::from_ref(e)).into_bytes(),
        description: claim,
        origin: origin.to_string(),
        method: "AIS event detection",
        links,
    }
}

fn stored_event(e: &Event) -> VesselEvent {
    VesselEvent {
        kind: e.kind.as_str().to_string(),
        start: e.start,
        end: e.end,
        vessels: e.vessels.iter().map(|v| (v.mmsi, v.imo)).collect(),
        lat: Some(e.lat),
        lon: Some(e.lon),
        area: e.area.clone(),
        json: serde_json::to_string(e).expect("an event serialises"),
    }
}

fn utc(t: i64) -> String {
    jiff::Timestamp::from_second(t)
        .map(|ts| ts.strftime("%Y-%m-%d %H:%MZ").to_string())
        .unwrap_or_else(|_| t.to_string())
}

/// The listed vessels (Vessel entities of the current list versions), keyed by IMO and MMSI.
fn listed_vessels(store: &Store) -> Result<Vec<Entity>> {
    let mut out = Vec::new();
    for d in store.datasets()? {
        if let Some(v) = d.current {
            for e in store.entities_of(v.id, &["Vessel"])? {
                out.push(e?);
            }
        }
    }
    Ok(out)
}

fn digits(v: &str) -> Option<u32> {
    let d: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
    d.parse().ok()
}

/// `ce2 vessels`: the watched vessels (listed ones and those seen in recorded events) with
/// their latest events.
pub fn vessels(store_path: &Option<PathBuf>, limit: usize, json: bool) -> Result<()> {
    let store = crate::commands::open_store_pub(store_path)?;
    let listed = listed_vessels(&store)?;
    let seen = store.vessels_with_events()?;
    let mut rows = Vec::new();
    for e in &listed {
        let imos: Vec<u32> = e
            .get("imoNumber")
            .iter()
            .filter_map(|v| digits(v))
            .collect();
        let mmsis: Vec<u32> = e.get("mmsi").iter().filter_map(|v| digits(v)).collect();
        let events = store.vessel_events(&mmsis, &imos, 3)?;
        rows.push(json!({
            "entity": e.id,
            "name": e.caption(),
            "dataset": e.values("name").next().map(|(_, p)| p.dataset.clone()),
            "imo": imos,
            "mmsi": mmsis,
            "flag": e.get("flag"),
            "events": events.iter().map(|x| json!({"kind": x.event.kind, "start": utc(x.event.start), "area": x.event.area})).collect::<Vec<_>>(),
        }));
    }
    // Vessels seen in events but on no list.
    let listed_mmsi: Vec<u32> = rows
        .iter()
        .flat_map(|r| r["mmsi"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_u64().map(|n| n as u32))
        .collect();
    let listed_imo: Vec<u32> = rows
        .iter()
        .flat_map(|r| r["imo"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_u64().map(|n| n as u32))
        .collect();
    let mut unlisted = Vec::new();
    for s in &seen {
        if listed_mmsi.contains(&s.mmsi) || s.imo.is_some_and(|i| listed_imo.contains(&i)) {
            continue;
        }
        let events = store.vessel_events(&[s.mmsi], &[], 3)?;
        unlisted.push(json!({
            "mmsi": s.mmsi, "imo": s.imo, "events_total": s.events,
            "flag": identity::mmsi_country(s.mmsi).map(|c| c.alpha2),
            "events": events.iter().map(|x| json!({"kind": x.event.kind, "start": utc(x.event.start), "area": x.event.area})).collect::<Vec<_>>(),
        }));
    }
    // Listed vessels with recent events first.
    rows.sort_by_key(|r| std::cmp::Reverse(r["events"].as_array().map_or(0, |a| a.len())));
    if json {
        output::json(&json!({"listed": rows, "unlisted_with_events": unlisted}))
            .map_err(anyhow::Error::from)?;
        return Ok(());
    }
    println!(
        "{} listed vessels; {} more seen in recorded events",
        rows.len(),
        unlisted.len()
    );
    for r in rows.iter().take(limit) {
        let ev = r["events"].as_array().cloned().unwrap_or_default();
        println!(
            "  {}  IMO {}  {}{}",
            r["name"].as_str().unwrap_or(""),
            r["imo"]
                .as_array()
                .and_then(|a| a.first())
                .map_or("-".into(), |v| v.to_string()),
            r["entity"].as_str().unwrap_or(""),
            if ev.is_empty() {
                String::new()
            } else {
                format!(
                    "  — {}",
                    ev.iter()
                        .map(|e| format!(
                            "{} {}",
                            e["kind"].as_str().unwrap_or(""),
                            e["start"].as_str().unwrap_or("")
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        );
    }
    for u in unlisted.iter().take(limit) {
        println!(
            "  (not listed) MMSI {}  IMO {}  {}  {} events",
            u["mmsi"],
            u["imo"],
            u["flag"].as_str().unwrap_or("?"),
            u["events_total"]
        );
    }
    Ok(())
}

/// `ce2 vessel ID`: one ship — its listings (and through them owners and operators), the
/// identities AIS showed under its IMO or MMSI, and its events.
pub fn vessel(store_path: &Option<PathBuf>, id: &str, json: bool) -> Result<()> {
    let store = crate::commands::open_store_pub(store_path)?;
    let n = digits(id).ok_or_else(|| {
        fail(
            2,
            anyhow!("give an IMO number (7 digits) or an MMSI (9 digits), not {id:?}"),
        )
    })?;
    let is_imo = n < 10_000_000;
    if is_imo && !identity::imo_is_valid(n) {
        eprintln!("note: {n} fails the IMO check digit");
    }
    let mut listings: Vec<Entity> = Vec::new();
    let keys: Vec<(&str, String)> = if is_imo {
        vec![
            ("imoNumber", n.to_string()),
            ("imoNumber", format!("IMO {n}")),
            ("imoNumber", format!("IMO{n}")),
        ]
    } else {
        vec![("mmsi", n.to_string())]
    };
    for (prop, value) in &keys {
        for e in store.find_by_property(prop, value)? {
            if !listings.iter().any(|l| l.id == e.id) {
                listings.push(e);
            }
        }
    }
    let (mut imos, mut mmsis) = if is_imo {
        (vec![n], vec![])
    } else {
        (vec![], vec![n])
    };
    for e in &listings {
        imos.extend(e.get("imoNumber").iter().filter_map(|v| digits(v)));
        mmsis.extend(e.get("mmsi").iter().filter_map(|v| digits(v)));
    }
    let sightings = store.sightings(&mmsis, &imos)?;
    // MMSIs that broadcast this IMO, and IMOs broadcast under this MMSI.
    for s in &sightings {
        if !mmsis.contains(&s.mmsi) {
            mmsis.push(s.mmsi);
        }
        if let Some(i) = s.imo {
            if !imos.contains(&i) {
                imos.push(i);
            }
        }
    }
    imos.sort_unstable();
    imos.dedup();
    let events = store.vessel_events(&mmsis, &imos, 200)?;
    let mut related = Vec::new();
    for e in &listings {
        for r in store.referencing(&e.id)? {
            related.push((e.id.clone(), r));
        }
    }
    if listings.is_empty() && sightings.is_empty() && events.is_empty() {
        return Err(fail(
            exit::NOT_FOUND,
            anyhow!("no listing, AIS identity or event for {id}"),
        ));
    }
    if json {
        output::json(&json!({
            "query": id,
            "listings": listings.iter().map(output::entity_json).collect::<Vec<_>>(),
            "related": related.iter().map(|(of, r)| json!({"of": of, "entity": output::entity_json(r)})).collect::<Vec<_>>(),
            "identities": sightings,
            "events": events,
        }))
        .map_err(anyhow::Error::from)?;
        return Ok(());
    }
    println!("{} {n}", if is_imo { "IMO" } else { "MMSI" });
    if listings.is_empty() {
        println!("\nnot on any loaded list");
    } else {
        println!("\nlistings:");
        for e in &listings {
            print!("{}", output::entity_text(e, "  "));
        }
        for (of, r) in &related {
            println!("  {} → {} [{}] {}", of, r.caption(), r.schema().name, r.id);
        }
    }
    if !sightings.is_empty() {
        println!("\nidentities broadcast:");
        for s in &sightings {
            println!(
                "  {} – {}  MMSI {} ({})  IMO {}  {}  {}  ({} reports)",
                utc(s.first_seen),
                utc(s.last_seen),
                s.mmsi,
                s.flag.as_deref().unwrap_or("?"),
                s.imo.map_or("-".into(), |i| i.to_string()),
                s.name.as_deref().unwrap_or("(no name)"),
                s.callsign.as_deref().unwrap_or(""),
                s.reports
            );
        }
    }
    if !events.is_empty() {
        println!("\nevents:");
        for e in &events {
            let ev = &e.event;
            println!(
                "  {}  {:<18} {:>6.1} h  {:.3},{:.3}  {}  MMSI {}",
                utc(ev.start),
                ev.kind,
                (ev.end - ev.start) as f64 / 3600.0,
                ev.lat.unwrap_or(0.0),
                ev.lon.unwrap_or(0.0),
                ev.area.as_deref().unwrap_or(""),
                ev.vessels
                    .iter()
                    .map(|v| v.0.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    Ok(())
}
