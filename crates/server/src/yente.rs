//! The endpoints of yente's API, in yente's shapes, so that its clients work unchanged:
//! `/match/{dataset}`, `/search/{dataset}`, `/entities/{id}`, `/catalog`, `/algorithms`,
//! `/healthz`, `/readyz`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use ce2_model::{model, Entity, Provenance};
use ce2_screen::{Algorithm, Hit};
use ce2_store::{NewAuditEntry, Role};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::{AppState, Snapshot};

/// Most queries in one `/match` request (yente's `YENTE_MAX_BATCH`).
pub const MAX_QUERIES: usize = 100;
/// Most results per query.
pub const MAX_LIMIT: usize = 500;
/// Most entity ids in `exclude_entity_ids`.
pub const MAX_EXCLUDED: usize = 50;

/// A `/match` request: example entities by the caller's keys.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRequest {
    /// The example entities, by a key of the caller's choosing.
    #[schema(value_type = Object)]
    pub queries: IndexMap<String, Value>,
    /// Per-feature weights (accepted for compatibility; ce2's algorithms have fixed weights).
    #[schema(value_type = Object)]
    #[serde(default)]
    pub weights: Map<String, Value>,
    /// Algorithm settings; ce2's algorithms have none, so any key is refused as yente refuses
    /// unknown ones.
    #[schema(value_type = Object)]
    #[serde(default)]
    pub config: Map<String, Value>,
}

/// The filters of `/match` and `/search`, read from repeated query parameters.
#[derive(Debug, Default)]
struct Params {
    limit: Option<usize>,
    offset: usize,
    threshold: Option<f64>,
    cutoff: Option<f64>,
    algorithm: Option<String>,
    include_dataset: Vec<String>,
    exclude_dataset: Vec<String>,
    exclude_schema: Vec<String>,
    exclude_entity_ids: Vec<String>,
    schema: Option<String>,
    q: Option<String>,
    nested: bool,
}

fn parse_params(pairs: &[(String, String)]) -> Result<Params, ApiError> {
    let mut p = Params::default();
    let number = |k: &str, v: &str| {
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| ApiError::bad_request(format!("{k} must be a number, not {v:?}")))
    };
    let count = |k: &str, v: &str| {
        v.parse::<usize>()
            .map_err(|_| ApiError::bad_request(format!("{k} must be a whole number, not {v:?}")))
    };
    for (k, v) in pairs {
        match k.as_str() {
            "limit" => p.limit = Some(count(k, v)?),
            "offset" => p.offset = count(k, v)?,
            "threshold" => p.threshold = Some(number(k, v)?),
            "cutoff" => p.cutoff = Some(number(k, v)?),
            "algorithm" => p.algorithm = Some(v.clone()),
            "include_dataset" | "datasets" => p.include_dataset.push(v.clone()),
            "exclude_dataset" => p.exclude_dataset.push(v.clone()),
            "exclude_schema" => p.exclude_schema.push(v.clone()),
            "exclude_entity_ids" => p.exclude_entity_ids.push(v.clone()),
            "schema" => p.schema = Some(v.clone()),
            "q" => p.q = Some(v.clone()),
            "nested" => p.nested = v == "true" || v == "1",
            // yente's other filters, accepted and not applied by ce2: they narrow what ce2 does
            // not hold (topics of other datasets, changes since a date).
            "changed_since" | "topics" | "countries" | "facets" | "fuzzy" | "simple" | "filter"
            | "filter_op" | "sort" | "target" => {}
            _ => return Err(ApiError::bad_request(format!("unknown parameter {k:?}"))),
        }
    }
    if p.exclude_entity_ids.len() > MAX_EXCLUDED {
        return Err(ApiError::bad_request(format!(
            "at most {MAX_EXCLUDED} exclude_entity_ids"
        )));
    }
    Ok(p)
}

fn algorithm_of(p: &Params) -> Result<&'static dyn Algorithm, ApiError> {
    let name = p.algorithm.as_deref().unwrap_or("best");
    ce2_screen::algorithm(name).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "unknown_algorithm",
            format!("no algorithm {name:?}; GET /algorithms lists them"),
        )
    })
}

/// The datasets a scope names: `default` (every list), or one dataset.
fn scope(snapshot: &Snapshot, dataset: &str) -> Result<Option<String>, ApiError> {
    if matches!(dataset, "default" | "sanctions" | "all") {
        return Ok(None);
    }
    if snapshot.versions.contains_key(dataset) {
        return Ok(Some(dataset.to_string()));
    }
    Err(ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_dataset",
        format!("no dataset {dataset:?}; GET /catalog lists them"),
    ))
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// An example entity as the record screening compares, read as a listed entity is read
/// ([`ce2_screen::Record::from_entity`]): every value cleaned by its property's type, so that
/// an unknown property or a value that is not one (a date that is none, an unknown country)
/// is refused by name. Also the example's properties as cleaned, for the echo.
fn example_record(key: &str, example: &Value) -> Result<(ce2_screen::Record, Value), ApiError> {
    let obj = example
        .as_object()
        .ok_or_else(|| ApiError::bad_request(format!("query {key:?} is not an object")))?;
    let schema = obj
        .get("schema")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid_query(format!("query {key:?} has no schema")))?;
    let invalid =
        |e: ce2_model::EntityError| ApiError::invalid_query(format!("query {key:?}: {e}"));
    let asked = model().get(schema).ok_or_else(|| {
        ApiError::invalid_query(format!("query {key:?}: unknown schema {schema:?}"))
    })?;
    let kind = ce2_screen::Kind::of(asked).ok_or_else(|| {
        ApiError::invalid_query(format!("query {key:?}: a {schema} is not screened"))
    })?;
    // An example may be of an abstract schema (`Thing`: anything); its values are cleaned as
    // those of a legal entity, the most general screened schema that can be made.
    let made = if asked.is_abstract {
        "LegalEntity"
    } else {
        schema
    };
    let mut entity =
        Entity::new(made, key, Provenance::new("query", key, None)).map_err(invalid)?;
    match obj.get("properties") {
        None | Some(Value::Null) => {}
        Some(Value::Object(props)) => {
            for (prop, value) in props {
                if asked.property(prop).is_none() {
                    return Err(ApiError::invalid_query(format!(
                        "query {key:?}: {schema} has no property {prop:?}"
                    )));
                }
                for v in strings(value) {
                    entity.add(prop, &v).map_err(invalid)?;
                }
            }
        }
        Some(_) => {
            return Err(ApiError::bad_request(format!(
                "query {key:?}: properties must be an object"
            )))
        }
    }
    let mut record = ce2_screen::Record::from_entity(&entity).ok_or_else(|| {
        ApiError::invalid_query(format!("query {key:?}: a {schema} is not screened"))
    })?;
    if record.names.is_empty() && record.ids.is_empty() {
        return Err(ApiError::invalid_query(format!(
            "query {key:?}: give a name or an identifier"
        )));
    }
    record.id.clear();
    record.datasets.clear();
    record.kind = kind;
    record.schema = asked.name.clone();
    let echo = json!({"id": Value::Null, "schema": record.schema, "properties": entity.to_ftm()["properties"]});
    Ok((record, echo))
}

fn explanations(h: &Hit<'_>) -> Value {
    let mut out = Map::new();
    for f in &h.scored.features {
        out.insert(
            f.name.to_string(),
            json!({"score": (f.value * 1000.0).round() / 1000.0, "detail": f.detail}),
        );
    }
    Value::Object(out)
}

/// A listed entity as yente shows it: FtM fields, its datasets and when it was seen.
fn entity_json(snapshot: &Snapshot, e: &Entity) -> Value {
    let mut j = e.to_ftm();
    let datasets = snapshot
        .datasets_of
        .get(&e.id)
        .map_or(&[][..], Vec::as_slice);
    let (first, last) = snapshot
        .seen
        .get(&e.id)
        .map_or(("", ""), |(f, l)| (f.as_str(), l.as_str()));
    if let Value::Object(m) = &mut j {
        m.insert("caption".into(), json!(e.caption()));
        m.insert("datasets".into(), json!(datasets));
        m.insert("referents".into(), json!([]));
        m.insert("target".into(), json!(true));
        m.insert("first_seen".into(), json!(first));
        m.insert("last_seen".into(), json!(last));
        m.insert("last_change".into(), json!(last));
    }
    j
}

fn kept(p: &Params, scope: &Option<String>, h: &Hit<'_>) -> bool {
    let ds = &h.record.datasets;
    scope.as_ref().is_none_or(|s| ds.contains(s))
        && (p.include_dataset.is_empty() || ds.iter().any(|d| p.include_dataset.contains(d)))
        && !ds.iter().any(|d| p.exclude_dataset.contains(d))
        && !p.exclude_schema.contains(&h.record.schema)
        && !p.exclude_entity_ids.contains(&h.record.id)
}

/// Screen example entities against the lists (yente's query-by-example).
#[utoipa::path(
    post,
    path = "/match/{dataset}",
    tag = "yente",
    params(
        ("dataset" = String, Path, description = "`default` for every list, or a dataset name"),
        ("limit" = Option<usize>, Query, description = "results per query (default 5, at most 500)"),
        ("threshold" = Option<f64>, Query, description = "score from which a result is a match (default: the algorithm's)"),
        ("cutoff" = Option<f64>, Query, description = "lowest score returned (default: the threshold)"),
        ("algorithm" = Option<String>, Query, description = "`best`, `ce2-v1` or `ofac`"),
        ("include_dataset" = Option<Vec<String>>, Query, description = "only results in these datasets"),
        ("exclude_dataset" = Option<Vec<String>>, Query, description = "no results in these datasets"),
        ("exclude_schema" = Option<Vec<String>>, Query, description = "no results of these schemata"),
        ("exclude_entity_ids" = Option<Vec<String>>, Query, description = "no results with these ids (at most 50): hits already decided"),
    ),
    request_body = MatchRequest,
    responses(
        (status = 200, description = "results per query, yente's EntityMatchResponse", body = Object),
        (status = 400, description = "bad_request, too_many_queries, unknown_algorithm", body = crate::error::ErrorBody),
        (status = 422, description = "invalid_query", body = crate::error::ErrorBody),
    )
)]
pub async fn match_entities(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(dataset): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let p = parse_params(&pairs)?;
    let request: MatchRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not a match request: {e}")))?;
    if let Some(k) = request.config.keys().next() {
        return Err(ApiError::bad_request(format!("unknown config key {k:?}")));
    }
    if request.queries.len() > MAX_QUERIES {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "too_many_queries",
            format!(
                "{} queries in one request; at most {MAX_QUERIES}",
                request.queries.len()
            ),
        ));
    }
    let algorithm = algorithm_of(&p)?;
    let limit = p.limit.unwrap_or(5).clamp(1, MAX_LIMIT);
    let threshold = p.threshold.unwrap_or(algorithm.threshold());
    let cutoff = p.cutoff.map_or(threshold, |c| c.min(threshold));
    let snapshot = state.snapshot()?;
    let scope = scope(&snapshot, &dataset)?;
    let mut parsed = Vec::with_capacity(request.queries.len());
    for (key, example) in &request.queries {
        let (record, echo) = example_record(key, example)?;
        parsed.push((key.clone(), record, echo));
    }
    // The entry will follow: the audit writer may wait for it to share a sync with others.
    let coming = state.audit.coming();
    let settings = MatchSettings {
        algorithm,
        limit,
        threshold,
        cutoff,
    };
    let internal = |e: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "store_error", e);
    let turn = state
        .screening
        .acquire()
        .await
        .map_err(|e| internal(e.to_string()))?;
    let snap = snapshot.clone();
    let (out, summary, parsed) = tokio::task::spawn_blocking(move || {
        let (out, summary) = screen_queries(&snap, &parsed, &p, &scope, &settings);
        (out, summary, parsed)
    })
    .await
    .map_err(|e| internal(e.to_string()))?;
    drop(turn);
    let echoes: Map<String, Value> = parsed.into_iter().map(|(k, _, e)| (k, e)).collect();
    coming
        .record(NewAuditEntry {
            actor: caller.actor.clone(),
            action: "match".into(),
            request: json!({
                "dataset": dataset,
                "algorithm": algorithm.name(),
                "threshold": threshold,
                "queries": echoes,
            })
            .to_string(),
            response: Value::Object(summary).to_string(),
            versions: snapshot.versions_json(),
        })
        .await?;
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&out.len().to_string()) {
        headers.insert("x-batch-size", v);
    }
    Ok((headers, Json(json!({"limit": limit, "responses": out}))))
}

/// How `/match` scores and cuts its results.
struct MatchSettings {
    algorithm: &'static dyn Algorithm,
    limit: usize,
    threshold: f64,
    cutoff: f64,
}

/// Screen parsed queries: yente's responses by query key, and the summary the audit log keeps
/// (id, score and match of every result).
fn screen_queries(
    snapshot: &Snapshot,
    parsed: &[(String, ce2_screen::Record, Value)],
    p: &Params,
    scope: &Option<String>,
    settings: &MatchSettings,
) -> (Map<String, Value>, Map<String, Value>) {
    let MatchSettings {
        algorithm,
        limit,
        threshold,
        cutoff,
    } = *settings;
    let mut out = Map::new();
    let mut summary = Map::new();
    for (key, record, echo) in parsed {
        // More candidates than asked for, so that filters still leave `limit`.
        let hits = snapshot
            .index
            .screen(record, algorithm, 0.0, (limit * 4).max(20));
        let mut results = Vec::new();
        let mut matched = 0;
        for h in hits.iter().filter(|h| kept(p, scope, h)) {
            if h.scored.score < cutoff || results.len() >= limit {
                continue;
            }
            let is_match = h.scored.score >= threshold;
            matched += usize::from(is_match);
            let mut j = snapshot
                .entities
                .get(&h.record.id)
                .map(|e| entity_json(snapshot, e))
                .unwrap_or_else(
                    || json!({"id": h.record.id, "schema": h.record.schema, "properties": {}}),
                );
            if let Value::Object(m) = &mut j {
                m.insert(
                    "score".into(),
                    json!((h.scored.score * 1000.0).round() / 1000.0),
                );
                m.insert("match".into(), json!(is_match));
                m.insert("explanations".into(), explanations(h));
            }
            results.push(j);
        }
        summary.insert(
            key.clone(),
            json!(results
                .iter()
                .map(|r| json!({"id": r["id"], "score": r["score"], "match": r["match"]}))
                .collect::<Vec<_>>()),
        );
        out.insert(
            key.clone(),
            json!({
                "status": 200,
                "total": {"value": matched, "relation": "eq"},
                "query": echo,
                "results": results,
            }),
        );
    }
    (out, summary)
}

/// Search the lists by text, with facets (yente's `/search`).
#[utoipa::path(
    get,
    path = "/search/{dataset}",
    tag = "yente",
    params(
        ("dataset" = String, Path, description = "`default` or a dataset name"),
        ("q" = String, Query, description = "the text: a name, an identifier"),
        ("schema" = Option<String>, Query, description = "only this schema (and its descendants)"),
        ("limit" = Option<usize>, Query, description = "default 10, at most 500"),
        ("offset" = Option<usize>, Query, description = "results to skip"),
    ),
    responses((status = 200, description = "yente's SearchResponse", body = Object))
)]
pub async fn search(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Path(dataset): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let p = parse_params(&pairs)?;
    let snapshot = state.snapshot()?;
    let scope = scope(&snapshot, &dataset)?;
    let limit = p.limit.unwrap_or(10).clamp(1, MAX_LIMIT);
    let text = p.q.clone().unwrap_or_default();
    let schema = p.schema.clone().unwrap_or_else(|| "Thing".into());
    if model().get(&schema).is_none() {
        return Err(ApiError::invalid_query(format!(
            "unknown schema {schema:?}"
        )));
    }
    let mut results = Vec::new();
    let mut facets: BTreeMap<&str, HashMap<String, usize>> = BTreeMap::new();
    let mut total = 0;
    if !text.trim().is_empty() {
        let mut q = ce2_screen::Query {
            schema: schema.clone(),
            ..ce2_screen::Query::default()
        };
        // The text as a name, and as an identifier too when it reads as one (an IMO number,
        // a wallet).
        q.names.push(text.clone());
        if !text.contains(' ') && ce2_screen::identifiers::classify(&text).is_some() {
            q.ids.push(text.clone());
        }
        let record = ce2_screen::Record::from_query(&q).map_err(ApiError::invalid_query)?;
        let algorithm = ce2_screen::algorithm("best")
            .ok_or_else(|| ApiError::bad_request("no default algorithm"))?;
        let hits = snapshot
            .index
            .screen(&record, algorithm, 0.5, (p.offset + limit).max(50));
        let hits: Vec<&Hit<'_>> = hits.iter().filter(|h| kept(&p, &scope, h)).collect();
        total = hits.len();
        for h in &hits {
            for d in &h.record.datasets {
                *facets
                    .entry("datasets")
                    .or_default()
                    .entry(d.clone())
                    .or_default() += 1;
            }
            for c in &h.record.countries {
                *facets
                    .entry("countries")
                    .or_default()
                    .entry(c.clone())
                    .or_default() += 1;
            }
            *facets
                .entry("schema")
                .or_default()
                .entry(h.record.schema.clone())
                .or_default() += 1;
        }
        for h in hits.iter().skip(p.offset).take(limit) {
            if let Some(e) = snapshot.entities.get(&h.record.id) {
                let mut j = entity_json(&snapshot, e);
                j["score"] = json!((h.scored.score * 1000.0).round() / 1000.0);
                results.push(j);
            }
        }
    }
    let facets: Map<String, Value> = facets
        .into_iter()
        .map(|(name, counts)| {
            let mut values: Vec<(String, usize)> = counts.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            (
                name.to_string(),
                json!({"label": name, "values": values.into_iter().map(|(n, c)| json!({"name": n, "label": n, "count": c})).collect::<Vec<_>>()}),
            )
        })
        .collect();
    Ok(Json(json!({
        "limit": limit,
        "offset": p.offset,
        "total": {"value": total, "relation": "eq"},
        "results": results,
        "facets": facets,
    })))
}

/// One entity with the entities around it (yente's `/entities/{id}`); `sources=true` adds, for
/// every value, the list, record and publication it comes from.
#[utoipa::path(
    get,
    path = "/entities/{id}",
    tag = "yente",
    params(
        ("id" = String, Path, description = "the entity id"),
        ("nested" = Option<bool>, Query, description = "embed the entities it points at and that point at it (default true)"),
    ),
    responses(
        (status = 200, description = "an FtM entity", body = Object),
        (status = 404, description = "not_found", body = crate::error::ErrorBody),
    )
)]
pub async fn entity(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Path(id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let nested = !pairs
        .iter()
        .any(|(k, v)| k == "nested" && (v == "false" || v == "0"));
    let sources = pairs
        .iter()
        .any(|(k, v)| k == "sources" && (v == "true" || v == "1"));
    let snapshot = state.snapshot()?;
    let e = snapshot
        .entities
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("entity {id:?} is not in the current lists")))?;
    let mut j = entity_json(&snapshot, e);
    if sources {
        j["sources"] = sources_json(e);
    }
    if nested {
        let conn = state.pool.get()?;
        let mut props = j["properties"].as_object().cloned().unwrap_or_default();
        // What it points at: the values of its entity-typed properties, embedded.
        for (prop, values) in e.properties() {
            let is_entity = e.schema().property(prop).is_some_and(|p| p.range.is_some());
            if !is_entity {
                continue;
            }
            let embedded: Vec<Value> = values
                .iter()
                .map(|v| match snapshot.entities.get(v.text.as_str()) {
                    Some(o) => entity_json(&snapshot, o),
                    None => json!(v.text),
                })
                .collect();
            props.insert(prop.to_string(), json!(embedded));
        }
        // What points at it (sanctions, passports, wallets, ownership), under the reverse name.
        for other in conn.referencing(&id)? {
            let Some(current) = snapshot.entities.get(&other.id) else {
                continue;
            };
            for (prop, values) in current.properties() {
                if !values.iter().any(|v| v.text == id) {
                    continue;
                }
                let reverse = current
                    .schema()
                    .property(prop)
                    .and_then(|p| p.reverse.clone())
                    .unwrap_or_else(|| format!("{}:{prop}", current.schema().name));
                let mut oj = entity_json(&snapshot, current);
                if sources {
                    oj["sources"] = sources_json(current);
                }
                if let Some(list) = props
                    .entry(reverse)
                    .or_insert_with(|| json!([]))
                    .as_array_mut()
                {
                    list.push(oj);
                }
            }
        }
        j["properties"] = Value::Object(props);
    }
    Ok(Json(j))
}

fn sources_json(e: &Entity) -> Value {
    let mut out = Map::new();
    for (prop, _) in e.properties() {
        let values: Vec<Value> = e
            .values(prop)
            .map(|(v, src)| json!({"value": v, "dataset": src.dataset, "record": src.record, "published": src.published}))
            .collect();
        out.insert(prop.to_string(), json!(values));
    }
    Value::Object(out)
}

/// The datasets held and their current versions (yente's `/catalog`).
#[utoipa::path(get, path = "/catalog", tag = "yente", responses((status = 200, body = Object)))]
pub async fn catalog(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
) -> Result<Json<Value>, ApiError> {
    let snapshot = state.snapshot()?;
    let datasets: Vec<Value> = snapshot
        .datasets
        .iter()
        .map(|d| {
            json!({
                "name": d.name,
                "title": d.title,
                "publisher": {"name": d.publisher},
                "version": d.current.as_ref().map(|v| v.id.to_string()),
                "updated_at": d.current.as_ref().map(|v| v.ingested_at.clone()),
                "published": d.current.as_ref().and_then(|v| v.published.clone()),
                "entity_count": d.current.as_ref().map_or(0, |v| v.entity_count),
                "sha256": d.current.as_ref().map(|v| v.sha256.clone()),
                "load": true,
            })
        })
        .collect();
    Ok(Json(
        json!({"datasets": datasets, "current": snapshot.versions.keys().collect::<Vec<_>>(), "outdated": [], "index_stale": false}),
    ))
}

/// The scoring algorithms (yente's `/algorithms`).
#[utoipa::path(get, path = "/algorithms", tag = "yente", responses((status = 200, body = Object)))]
pub async fn algorithms() -> Json<Value> {
    let all: Vec<Value> = ce2_screen::algorithms()
        .iter()
        .map(|a| json!({"name": a.name(), "description": a.description(), "threshold": a.threshold(), "features": {}}))
        .collect();
    let default = ce2_screen::algorithm("default").map_or("ce2-v1", |a| a.name());
    Json(json!({"algorithms": all, "default": default, "best": default}))
}

/// Whether the process is up.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, body = Object)))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Whether the lists are loaded and requests can be answered.
#[utoipa::path(get, path = "/readyz", tag = "system", responses((status = 200, body = Object), (status = 503, body = crate::error::ErrorBody)))]
pub async fn readyz(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.snapshot()?;
    Ok(Json(
        json!({"status": "ok", "versions": snapshot.versions, "entities": snapshot.entities.len()}),
    ))
}

/// Callers with at least this role may screen (everyone who may call at all).
pub const SCREEN_ROLE: Role = Role::Viewer;
