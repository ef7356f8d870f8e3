//! ce2's own endpoints: batch screening of a CSV (streamed back as CSV or JSON lines),
//! decisions, datasets with their versions and diffs, and the audit log.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ce2_screen::{Algorithm, Record};
use ce2_store::{NewAuditEntry, NewDecision, Role, Verdict};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio_stream::wrappers::ReceiverStream;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// How batch screening reads its CSV and writes its answer.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct BatchParams {
    /// `csv` (default) or `jsonl`.
    pub format: Option<String>,
    /// The column holding the name (default `name`).
    pub name_column: Option<String>,
    /// The column holding the schema (default: every row is `Person` unless `schema` is set).
    pub schema_column: Option<String>,
    /// The schema of every row when there is no schema column (default `LegalEntity`: any).
    pub schema: Option<String>,
    /// Show hits from this score (default: the algorithm's threshold).
    pub threshold: Option<f64>,
    /// `best`, `ce2-v1` or `ofac`.
    pub algorithm: Option<String>,
    /// Hits per row (default 3).
    pub limit: Option<usize>,
}

/// Screen every row of a CSV; the answer streams back as the rows are screened, one line per
/// hit (and one per row without a hit), the row's own columns first. A bad row is answered
/// with its line number and the error, and the rest is screened.
#[utoipa::path(
    post,
    path = "/screen/batch",
    tag = "ce2",
    params(BatchParams),
    request_body(content = String, content_type = "text/csv", description = "a CSV with a header row"),
    responses(
        (status = 200, description = "CSV or JSON lines, streamed", content_type = "text/csv"),
        (status = 403, description = "forbidden: batch screening needs the analyst role", body = crate::error::ErrorBody),
    )
)]
pub async fn batch(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(params): Query<BatchParams>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    caller.require(Role::Analyst)?;
    let jsonl = match params.format.as_deref() {
        None | Some("csv") => false,
        Some("jsonl") => true,
        Some(f) => {
            return Err(ApiError::bad_request(format!(
                "format must be csv or jsonl, not {f:?}"
            )))
        }
    };
    let algorithm: &'static dyn Algorithm =
        ce2_screen::algorithm(params.algorithm.as_deref().unwrap_or("best")).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "unknown_algorithm",
                "no such algorithm",
            )
        })?;
    let threshold = params.threshold.unwrap_or(algorithm.threshold());
    let limit = params.limit.unwrap_or(3).clamp(1, 50);
    let snapshot = state.snapshot()?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::Cursor::new(body));
    let headers = reader
        .headers()
        .map_err(|e| ApiError::bad_request(format!("the CSV has no readable header row: {e}")))?
        .clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let name_col = params.name_column.clone().unwrap_or_else(|| "name".into());
    let name_at = find(&name_col)
        .ok_or_else(|| ApiError::bad_request(format!("the CSV has no {name_col:?} column")))?;
    let schema_at = match &params.schema_column {
        Some(c) => Some(
            find(c).ok_or_else(|| ApiError::bad_request(format!("the CSV has no {c:?} column")))?,
        ),
        None => find("schema"),
    };
    let default_schema = params
        .schema
        .clone()
        .unwrap_or_else(|| "LegalEntity".into());
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<String, std::io::Error>>(64);
    let audit = state.audit.clone();
    let actor = caller.actor.clone();
    let versions = snapshot.versions_json();
    tokio::task::spawn_blocking(move || {
        let mut head = String::new();
        if !jsonl {
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut cols: Vec<&str> = headers.iter().collect();
            cols.extend([
                "line",
                "score",
                "match",
                "listed_id",
                "listed_name",
                "listed_schema",
                "datasets",
                "explanation",
                "error",
            ]);
            let _ = w.write_record(&cols);
            head = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
        }
        if tx.blocking_send(Ok(head)).is_err() {
            return;
        }
        let (mut rows, mut hits_total, mut bad) = (0u64, 0u64, 0u64);
        for row in reader.records() {
            let line = match &row {
                Ok(r) => r.position().map_or(0, |p| p.line()),
                Err(e) => e.position().map_or(0, |p| p.line()),
            };
            rows += 1;
            let mut out = String::new();
            let emit = |out: &mut String, cells: &[String], extra: &[String], j: Value| {
                if jsonl {
                    out.push_str(&j.to_string());
                    out.push('\n');
                } else {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    let mut all: Vec<&str> = cells.iter().map(String::as_str).collect();
                    all.extend(extra.iter().map(String::as_str));
                    let _ = w.write_record(&all);
                    out.push_str(
                        &String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default(),
                    );
                }
            };
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    bad += 1;
                    let msg = format!("line {line}: {e}");
                    emit(
                        &mut out,
                        &vec![String::new(); headers.len()],
                        &error_columns(line, &msg),
                        json!({"line": line, "error": msg}),
                    );
                    if tx.blocking_send(Ok(out)).is_err() {
                        return;
                    }
                    continue;
                }
            };
            let cells: Vec<String> = (0..headers.len())
                .map(|i| row.get(i).unwrap_or("").to_string())
                .collect();
            let name = row.get(name_at).unwrap_or("").to_string();
            let schema = schema_at
                .and_then(|i| row.get(i))
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(&default_schema)
                .to_string();
            let query = Record::from_query(&ce2_screen::Query {
                schema: schema.clone(),
                names: vec![name.clone()],
                ..ce2_screen::Query::default()
            });
            match query {
                Err(e) => {
                    bad += 1;
                    let msg = format!("line {line}: {e}");
                    emit(
                        &mut out,
                        &cells,
                        &error_columns(line, &msg),
                        json!({"line": line, "row": cells, "error": msg}),
                    );
                }
                Ok(record) => {
                    let hits = snapshot.index.screen(&record, algorithm, threshold, limit);
                    if hits.is_empty() {
                        emit(
                            &mut out,
                            &cells,
                            &no_hit_columns(line),
                            json!({"line": line, "row": cells, "hits": []}),
                        );
                    }
                    for h in &hits {
                        hits_total += 1;
                        let explanation = h.scored.summary();
                        let score = format!("{:.3}", h.scored.score);
                        emit(
                            &mut out,
                            &cells,
                            &[
                                line.to_string(),
                                score.clone(),
                                h.matched.to_string(),
                                h.record.id.clone(),
                                h.record.caption.clone(),
                                h.record.schema.clone(),
                                h.record.datasets.join(";"),
                                explanation.clone(),
                                String::new(),
                            ],
                            json!({"line": line, "row": cells, "score": h.scored.score, "match": h.matched, "id": h.record.id, "caption": h.record.caption, "schema": h.record.schema, "datasets": h.record.datasets, "explanation": explanation}),
                        );
                    }
                }
            }
            if tx.blocking_send(Ok(out)).is_err() {
                return;
            }
        }
        // The batch is logged before the stream ends: a client that saw the end of the answer
        // knows it is on record.
        let entry = NewAuditEntry {
            actor,
            action: "batch".into(),
            request: json!({"rows": rows, "algorithm": algorithm.name(), "threshold": threshold})
                .to_string(),
            response: json!({"hits": hits_total, "bad_rows": bad}).to_string(),
            versions,
        };
        let logged = tokio::runtime::Handle::current().block_on(audit.record(entry));
        if let Err(e) = logged {
            let _ = tx.blocking_send(Err(std::io::Error::other(e.message)));
        }
    });
    let content_type = if jsonl {
        "application/x-ndjson"
    } else {
        "text/csv; charset=utf-8"
    };
    Ok((
        [(header::CONTENT_TYPE, content_type)],
        Body::from_stream(ReceiverStream::new(rx)),
    )
        .into_response())
}

/// The added columns of a row that could not be screened: its line and the error.
fn error_columns(line: u64, message: &str) -> [String; 9] {
    let mut c: [String; 9] = Default::default();
    c[0] = line.to_string();
    c[8] = message.to_string();
    c
}

/// The added columns of a row screened without a hit.
fn no_hit_columns(line: u64) -> [String; 9] {
    let mut c: [String; 9] = Default::default();
    c[0] = line.to_string();
    c[2] = "false".into();
    c
}

/// A decision on a hit.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// The screened party: a customer or counterparty id of the caller's.
    pub subject: String,
    /// The listed entity the hit is on.
    pub entity_id: String,
    /// `match`, `false_positive` or `unsure`.
    pub verdict: String,
    /// Why, in the analyst's words.
    pub reason: String,
    /// The query as screened, for the record.
    #[schema(value_type = Object)]
    #[serde(default)]
    pub query: Value,
    /// The score of the hit.
    pub score: Option<f64>,
    /// The algorithm that scored it.
    pub algorithm: Option<String>,
}

fn decision_json(d: &ce2_store::Decision) -> Value {
    json!({
        "id": d.id, "subject": d.subject_key, "entity_id": d.entity_id, "dataset": d.dataset,
        "version": d.version_id, "verdict": d.verdict.as_str(), "reason": d.reason,
        "actor": d.actor, "decided_at": d.decided_at, "score": d.score,
        "algorithm": d.algorithm, "in_force": d.listing_unchanged,
    })
}

/// Record a decision: who decided what about which hit, against the current version of the
/// list. A dismissed hit stays dismissed until the listing changes.
#[utoipa::path(
    post, path = "/decisions", tag = "ce2", request_body = DecisionRequest,
    responses(
        (status = 201, description = "the decision as stored", body = Object),
        (status = 403, description = "forbidden: decisions need the analyst role", body = crate::error::ErrorBody),
        (status = 422, description = "invalid_query: no reason, an unknown verdict or entity", body = crate::error::ErrorBody),
    )
)]
pub async fn decide(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require(Role::Analyst)?;
    let req: DecisionRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not a decision: {e}")))?;
    let verdict = Verdict::parse(&req.verdict).ok_or_else(|| {
        ApiError::invalid_query(format!(
            "verdict must be match, false_positive or unsure, not {:?}",
            req.verdict
        ))
    })?;
    if req.subject.trim().is_empty() {
        return Err(ApiError::invalid_query(
            "a decision needs the screened party (subject)",
        ));
    }
    let snapshot = state.snapshot()?;
    let new = NewDecision {
        subject_key: req.subject.trim().to_string(),
        entity_id: req.entity_id.clone(),
        verdict,
        reason: req.reason.clone(),
        actor: caller.actor.clone(),
        query: req.query.to_string(),
        score: req.score,
        algorithm: req.algorithm.clone(),
    };
    let state2 = state.clone();
    let stored = tokio::task::spawn_blocking(move || -> Result<ce2_store::Decision, ApiError> {
        let mut conn = state2.pool.get()?;
        Ok(conn.decide(&new)?)
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "store_error",
            e.to_string(),
        )
    })??;
    let j = decision_json(&stored);
    state
        .audit
        .record(NewAuditEntry {
            actor: caller.actor,
            action: "decide".into(),
            request: json!({"subject": req.subject, "entity_id": req.entity_id, "verdict": req.verdict, "reason": req.reason}).to_string(),
            response: j.to_string(),
            versions: snapshot.versions_json(),
        })
        .await?;
    Ok((StatusCode::CREATED, Json(j)))
}

/// Which decisions to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DecisionFilter {
    /// The screened party.
    pub subject: Option<String>,
    /// The listed entity.
    pub entity_id: Option<String>,
}

/// Decisions, oldest first: on one pair, or every one.
#[utoipa::path(get, path = "/decisions", tag = "ce2", params(DecisionFilter), responses((status = 200, body = Object)))]
pub async fn decisions(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Query(f): Query<DecisionFilter>,
) -> Result<Json<Value>, ApiError> {
    let conn = state.pool.get()?;
    let list = match (&f.subject, &f.entity_id) {
        (Some(s), Some(e)) => conn.decisions(s, e)?,
        _ => conn
            .all_decisions()?
            .into_iter()
            .filter(|d| f.subject.as_ref().is_none_or(|s| &d.subject_key == s))
            .filter(|d| f.entity_id.as_ref().is_none_or(|e| &d.entity_id == e))
            .collect(),
    };
    Ok(Json(
        json!({"decisions": list.iter().map(decision_json).collect::<Vec<_>>()}),
    ))
}

fn version_json(v: &ce2_store::VersionInfo) -> Value {
    json!({
        "id": v.id, "dataset": v.dataset, "published": v.published, "ingested_at": v.ingested_at,
        "source": v.source, "sha256": v.sha256, "size": v.size, "format": v.format,
        "entity_count": v.entity_count, "problem_count": v.problem_count, "parent": v.parent,
    })
}

/// The datasets and their current versions.
#[utoipa::path(get, path = "/datasets", tag = "ce2", responses((status = 200, body = Object)))]
pub async fn datasets(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
) -> Result<Json<Value>, ApiError> {
    let conn = state.pool.get()?;
    let list: Vec<Value> = conn
        .datasets()?
        .iter()
        .map(|d| json!({"name": d.name, "title": d.title, "publisher": d.publisher, "current": d.current.as_ref().map(version_json)}))
        .collect();
    Ok(Json(json!({"datasets": list})))
}

/// Every version of a dataset, newest first.
#[utoipa::path(get, path = "/datasets/{name}/versions", tag = "ce2", params(("name" = String, Path)), responses((status = 200, body = Object), (status = 404, body = crate::error::ErrorBody)))]
pub async fn versions(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let conn = state.pool.get()?;
    let mut list = conn.versions(&name)?;
    if list.is_empty() {
        return Err(ApiError::not_found(format!("dataset {name:?}")));
    }
    list.reverse();
    Ok(Json(
        json!({"dataset": name, "versions": list.iter().map(version_json).collect::<Vec<_>>()}),
    ))
}

/// Which versions to compare.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DiffParams {
    /// The older version id (default: the one before `to`).
    pub from: Option<i64>,
    /// The newer version id (default: the current one).
    pub to: Option<i64>,
}

/// What changed in a dataset between two versions: entities added, removed and changed, with
/// the properties that changed.
#[utoipa::path(get, path = "/datasets/{name}/diff", tag = "ce2", params(("name" = String, Path), DiffParams), responses((status = 200, body = Object), (status = 404, body = crate::error::ErrorBody)))]
pub async fn diff(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Path(name): Path<String>,
    Query(p): Query<DiffParams>,
) -> Result<Json<Value>, ApiError> {
    let state2 = state.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let conn = state2.pool.get()?;
        let versions = conn.versions(&name)?;
        if versions.is_empty() {
            return Err(ApiError::not_found(format!("dataset {name:?}")));
        }
        let to = p.to.unwrap_or(versions[versions.len() - 1].id);
        let pos = versions
            .iter()
            .position(|v| v.id == to)
            .ok_or_else(|| ApiError::not_found(format!("version {to} of {name:?}")))?;
        let from = match p.from {
            Some(f) => f,
            None if pos > 0 => versions[pos - 1].id,
            None => return Ok(json!({"dataset": name, "from": null, "to": to, "added": [], "removed": [], "changed": [], "note": "the first version: nothing to compare with"})),
        };
        let d = conn.diff(from, to)?;
        let refs = |r: &[ce2_store::EntityRef]| r.iter().map(|e| json!({"id": e.id, "schema": e.schema, "caption": e.caption})).collect::<Vec<_>>();
        let changed: Vec<Value> = d
            .changed
            .iter()
            .map(|c| json!({
                "id": c.entity.id, "schema": c.entity.schema, "caption": c.entity.caption,
                "properties": c.properties.iter().map(|p| json!({"property": p.property, "added": p.added, "removed": p.removed})).collect::<Vec<_>>(),
            }))
            .collect();
        Ok(json!({"dataset": name, "from": from, "to": to, "added": refs(&d.added), "removed": refs(&d.removed), "changed": changed}))
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "store_error", e.to_string()))??;
    Ok(Json(out))
}

/// Where to start reading the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    /// Entries after this id (default 0: from the start).
    pub after: Option<i64>,
    /// At most this many (default 1000, at most 100,000).
    pub limit: Option<usize>,
}

/// The audit log as JSON lines, oldest first: who asked what, when, what was answered and
/// against which list versions. Admins only.
#[utoipa::path(get, path = "/audit", tag = "ce2", params(AuditParams), responses((status = 200, description = "JSON lines", content_type = "application/x-ndjson"), (status = 403, body = crate::error::ErrorBody)))]
pub async fn audit(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(p): Query<AuditParams>,
) -> Result<Response, ApiError> {
    caller.require(Role::Admin)?;
    let conn = state.pool.get()?;
    let entries = conn.audit(
        p.after.unwrap_or(0),
        p.limit.unwrap_or(1000).clamp(1, 100_000),
    )?;
    let mut out = String::new();
    for e in &entries {
        let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or_else(|_| json!(s));
        out.push_str(&json!({"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "request": parse(&e.request), "response": parse(&e.response), "versions": parse(&e.versions)}).to_string());
        out.push('\n');
    }
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response())
}
