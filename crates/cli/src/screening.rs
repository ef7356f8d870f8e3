//! `ce2 screen` and `ce2 score-pairs`: screening against the current lists, one name or a CSV
//! of them, and scoring labelled pairs.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::anyhow;
use ce2_screen::{Algorithm, Hit, Index, Prepared, Query, Record};
use ce2_store::Store;
use serde_json::json;

use crate::commands::{exit, fail, Failure};
use crate::output;

type Result<T, E = Failure> = std::result::Result<T, E>;

/// Build the index over the current entities of every loaded list.
pub fn load_index(store: &Store) -> Result<Index> {
    let mut records = Vec::new();
    for d in store.datasets()? {
        let Some(current) = d.current else { continue };
        for e in store.entities(current.id)? {
            if let Some(r) = Record::from_entity(&e?) {
                records.push(r);
            }
        }
    }
    Ok(Index::new(records))
}

/// Whether a hit stays dismissed: the last decision on it says false positive and the listing
/// has not changed since.
fn dismissed(decisions: &[ce2_store::Decision]) -> bool {
    decisions
        .last()
        .is_some_and(|d| d.verdict == ce2_store::Verdict::FalsePositive && d.listing_unchanged)
}

fn hit_json(h: &Hit<'_>) -> serde_json::Value {
    json!({
        "id": h.record.id,
        "caption": h.record.caption,
        "schema": h.record.schema,
        "datasets": h.record.datasets,
        "score": (h.scored.score * 1000.0).round() / 1000.0,
        "match": h.matched,
        "explanations": h.scored.features,
    })
}

/// The columns of a CSV to screen: the name, and optionally the schema and the screened
/// party's own id (whose earlier decisions are applied).
#[derive(Clone, Copy)]
pub struct Columns<'a> {
    /// The column holding the name.
    pub name: &'a str,
    /// The column holding the schema.
    pub schema: Option<&'a str>,
    /// The column holding the screened party's id.
    pub subject: Option<&'a str>,
}

/// How to screen: the algorithm, from what score a candidate is shown, how many at most.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    /// The algorithm.
    pub algorithm: &'a dyn Algorithm,
    /// Show candidates from this score up.
    pub threshold: f64,
    /// At most this many hits per query.
    pub limit: usize,
}

/// Screen one query and print the hits with their explanations and earlier decisions.
pub fn screen_one(
    store: &Store,
    index: &Index,
    ask: &Query,
    settings: Settings<'_>,
    subject: Option<&str>,
    json: bool,
) -> Result<()> {
    let Settings {
        algorithm,
        threshold,
        limit,
    } = settings;
    let query = Record::from_query(ask).map_err(|e| fail(exit::OTHER, anyhow!(e)))?;
    let started = Instant::now();
    let hits = index.screen(&query, algorithm, threshold, limit);
    let took = started.elapsed();
    let mut out = std::io::stdout().lock();
    if json {
        let mut results = Vec::new();
        for h in &hits {
            let mut j = hit_json(h);
            if let Some(s) = subject {
                let decisions = store.decisions(s, &h.record.id)?;
                j["dismissed"] = json!(dismissed(&decisions));
                j["decisions"] = json!(decisions.iter().map(|d| json!({"id": d.id, "verdict": d.verdict.as_str(), "reason": d.reason, "actor": d.actor, "decided_at": d.decided_at, "version": d.version_id, "in_force": d.listing_unchanged})).collect::<Vec<_>>());
            }
            results.push(j);
        }
        output::json(&json!({
            "query": {"schema": query.schema, "names": query.names, "birth_dates": query.birth_dates, "countries": query.countries},
            "algorithm": algorithm.name(),
            "threshold": algorithm.threshold(),
            "results": results,
        }))?;
        return Ok(());
    }
    writeln!(
        out,
        "{} hits for {:?} ({}, algorithm {}, match at {:.2}; {} records searched in {:.2} ms)",
        hits.len(),
        if query.names.is_empty() {
            query
                .ids
                .iter()
                .map(|(k, v)| format!("{} {v}", k.name()))
                .collect::<Vec<_>>()
                .join(" / ")
        } else {
            query.names.join(" / ")
        },
        query.schema,
        algorithm.name(),
        algorithm.threshold(),
        index.len(),
        took.as_secs_f64() * 1000.0
    )?;
    for h in &hits {
        let decisions = match subject {
            Some(s) => store.decisions(s, &h.record.id)?,
            None => Vec::new(),
        };
        writeln!(
            out,
            "{:.2} {} {} [{}] {} ({})",
            h.scored.score,
            if dismissed(&decisions) {
                "DISMISSED"
            } else if h.matched {
                "MATCH"
            } else {
                "     "
            },
            h.record.caption,
            h.record.schema,
            h.record.id,
            h.record.datasets.join(", ")
        )?;
        for f in &h.scored.features {
            writeln!(out, "       {} {:+.2}: {}", f.name, f.value, f.detail)?;
        }
        // A wallet or a document matters through whom it belongs to.
        if let Some(e) = store.entity(&h.record.id)? {
            for holder in e.get("holder").into_iter().chain(e.get("owner")) {
                if let Some(p) = store.entity(holder)? {
                    writeln!(
                        out,
                        "       held by {} [{}] {}",
                        p.caption(),
                        p.schema().name,
                        p.id
                    )?;
                }
            }
        }
        {
            for d in &decisions {
                writeln!(
                    out,
                    "       decision #{}: {} by {} at {}: {}{}",
                    d.id,
                    d.verdict.as_str(),
                    d.actor,
                    d.decided_at,
                    d.reason,
                    if d.listing_unchanged {
                        ""
                    } else {
                        " [the listing changed since: look again]"
                    }
                )?;
            }
        }
    }
    Ok(())
}

fn header_index(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
}

/// Screen every row of a CSV; write one row per hit (or per row without a hit when
/// `all_rows`) with the row's own columns first. Bad rows are reported with their line and the
/// rest is screened.
pub fn screen_csv(
    store: &Store,
    index: &Index,
    input: &Path,
    output_path: Option<&Path>,
    columns: Columns<'_>,
    default_schema: &str,
    settings: Settings<'_>,
) -> Result<()> {
    let Columns {
        name: name_column,
        schema: schema_column,
        subject: subject_column,
    } = columns;
    let Settings {
        algorithm,
        threshold,
        limit,
    } = settings;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(input)
        .map_err(|e| fail(exit::INPUT, anyhow!("{}: {e}", input.display())))?;
    let headers = reader
        .headers()
        .map_err(|e| fail(exit::INPUT, anyhow!("{}: {e}", input.display())))?
        .clone();
    let name_at = header_index(&headers, name_column).ok_or_else(|| {
        fail(
            exit::INPUT,
            anyhow!(
                "{}: no column {name_column:?} (columns: {})",
                input.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let schema_at =
        match schema_column {
            Some(c) => Some(header_index(&headers, c).ok_or_else(|| {
                fail(exit::INPUT, anyhow!("{}: no column {c:?}", input.display()))
            })?),
            None => header_index(&headers, "schema"),
        };
    let subject_at =
        match subject_column {
            Some(c) => Some(header_index(&headers, c).ok_or_else(|| {
                fail(exit::INPUT, anyhow!("{}: no column {c:?}", input.display()))
            })?),
            None => None,
        };
    let birth_at =
        header_index(&headers, "birth_date").or_else(|| header_index(&headers, "birthDate"));
    let country_at =
        header_index(&headers, "country").or_else(|| header_index(&headers, "nationality"));
    let sink = crate::output::Sink::create(output_path)?;
    let mut writer = csv::Writer::from_writer(sink);
    let mut out_header: Vec<String> = headers.iter().map(str::to_string).collect();
    out_header.extend(
        [
            "hit_id",
            "hit_caption",
            "hit_schema",
            "hit_datasets",
            "score",
            "match",
            "explanation",
            "dismissed",
            "decision",
        ]
        .map(String::from),
    );
    writer
        .write_record(&out_header)
        .map_err(anyhow::Error::from)?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos} rows screened, {per_sec} {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let started = Instant::now();
    let (mut rows, mut bad, mut with_hits) = (0u64, 0u64, 0u64);
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                bad += 1;
                let line = e.position().map_or(0, |p| p.line());
                eprintln!("ce2: {}:{line}: {e}; row skipped", input.display());
                continue;
            }
        };
        rows += 1;
        bar.inc(1);
        let line = record.position().map_or(0, |p| p.line());
        let ask = Query {
            schema: schema_at
                .and_then(|i| record.get(i))
                .filter(|s| !s.is_empty())
                .unwrap_or(default_schema)
                .to_string(),
            names: vec![record.get(name_at).unwrap_or("").to_string()],
            birth_dates: birth_at
                .and_then(|i| record.get(i))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .into_iter()
                .collect(),
            countries: country_at
                .and_then(|i| record.get(i))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .into_iter()
                .collect(),
            ids: vec![],
        };
        let query = match Record::from_query(&ask) {
            Ok(q) => q,
            Err(e) => {
                bad += 1;
                eprintln!("ce2: {}:{line}: {e}; row skipped", input.display());
                continue;
            }
        };
        let hits = index.screen(&query, algorithm, threshold, limit);
        if !hits.is_empty() {
            with_hits += 1;
        }
        for h in hits {
            // The party's earlier decisions on this listing, when the file says who it is.
            let decisions = match subject_at
                .and_then(|i| record.get(i))
                .filter(|s| !s.is_empty())
            {
                Some(s) => store.decisions(s, &h.record.id)?,
                None => Vec::new(),
            };
            let last = decisions.last().map_or(String::new(), |d| {
                format!(
                    "#{} {} by {} at {}: {}{}",
                    d.id,
                    d.verdict.as_str(),
                    d.actor,
                    d.decided_at,
                    d.reason,
                    if d.listing_unchanged {
                        ""
                    } else {
                        " [the listing changed since]"
                    }
                )
            });
            let mut row: Vec<String> = record.iter().map(str::to_string).collect();
            row.extend([
                h.record.id.clone(),
                h.record.caption.clone(),
                h.record.schema.clone(),
                h.record.datasets.join(";"),
                format!("{:.3}", h.scored.score),
                h.matched.to_string(),
                h.scored.summary(),
                dismissed(&decisions).to_string(),
                last,
            ]);
            writer.write_record(&row).map_err(anyhow::Error::from)?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::Error::from(e.into_error()))?
        .finish()?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "screened {rows} rows in {secs:.2} s ({:.0} rows/s): {with_hits} with hits, {bad} rows skipped",
        rows as f64 / secs.max(1e-9)
    );
    Ok(())
}

/// Score the pairs of a CSV with columns `schema,name1,name2` (other columns kept): write each
/// row back with `score`, `match` and, when `explain`, `explanation`.
pub fn score_pairs(
    input: &Path,
    output_path: Option<&Path>,
    algorithm: &dyn Algorithm,
    explain: bool,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .from_path(input)
        .map_err(|e| fail(exit::INPUT, anyhow!("{}: {e}", input.display())))?;
    let headers = reader
        .headers()
        .map_err(|e| fail(exit::INPUT, anyhow!("{}: {e}", input.display())))?
        .clone();
    let col = |n: &str| {
        header_index(&headers, n).ok_or_else(|| {
            fail(
                exit::INPUT,
                anyhow!("{}: needs a column {n:?}", input.display()),
            )
        })
    };
    let (schema_at, a_at, b_at) = (col("schema")?, col("name1")?, col("name2")?);
    let sink = crate::output::Sink::create(output_path)?;
    let mut writer = csv::Writer::from_writer(sink);
    let mut h: Vec<String> = headers.iter().map(str::to_string).collect();
    h.extend(["score".to_string(), "match".to_string()]);
    if explain {
        h.push("explanation".to_string());
    }
    writer.write_record(&h).map_err(anyhow::Error::from)?;
    let started = Instant::now();
    let (mut n, mut bad) = (0u64, 0u64);
    // One record and the text of the new columns, reused from row to row.
    let mut record = csv::StringRecord::new();
    let (mut score, mut summary) = (String::new(), String::new());
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                bad += 1;
                eprintln!(
                    "ce2: {}:{}: {e}; row skipped",
                    input.display(),
                    e.position().map_or(0, |p| p.line())
                );
                continue;
            }
        }
        let schema = record.get(schema_at).unwrap_or("");
        let pair = |name: &str| {
            Record::from_query(&Query {
                schema: schema.to_string(),
                names: vec![name.to_string()],
                ..Query::default()
            })
        };
        let (a, b) = match (
            pair(record.get(a_at).unwrap_or("")),
            pair(record.get(b_at).unwrap_or("")),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                bad += 1;
                eprintln!(
                    "ce2: {}:{}: {e}; row skipped",
                    input.display(),
                    record.position().map_or(0, |p| p.line())
                );
                continue;
            }
        };
        let (a, b) = (Prepared::new(a), Prepared::new(b));
        let value = if explain {
            let scored = algorithm.score(&a, &b);
            summary.clear();
            scored.write_summary(&mut summary);
            scored.score
        } else {
            algorithm.score_value(&a, &b)
        };
        score.clear();
        ce2_screen::explain::push_fixed(&mut score, value, 3, false);
        let matched = if value >= algorithm.threshold() {
            "true"
        } else {
            "false"
        };
        let added = [score.as_str(), matched, summary.as_str()];
        let added = if explain { &added[..] } else { &added[..2] };
        writer
            .write_record(record.iter().chain(added.iter().copied()))
            .map_err(anyhow::Error::from)?;
        n += 1;
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::Error::from(e.into_error()))?
        .finish()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "scored {n} pairs in {secs:.2} s ({:.0} pairs/s), {bad} rows skipped",
        n as f64 / secs.max(1e-9)
    );
    Ok(())
}
