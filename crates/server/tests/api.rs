//! The service in process: routes answered with the right status, body and error code, roles
//! enforced, every screening request and decision in the audit log.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use ce2_model::{Entity, Provenance};
use ce2_server::{AppState, Config};
use ce2_store::{NewVersion, Role, Store};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

fn entity(dataset: &str, schema: &str, id: &str, props: &[(&str, &str)]) -> Entity {
    let mut e = Entity::new(schema, id, Provenance::new(dataset, id, Some("2026-10-01"))).unwrap();
    for (p, v) in props {
        e.add(p, v).unwrap();
    }
    e
}

/// A store with two small lists in two versions, and the keys of each role.
struct Fixture {
    _dir: tempfile::TempDir,
    state: Arc<AppState>,
    keys: Vec<(Role, String)>,
}

fn version(dataset: &str, tag: &str) -> NewVersion {
    let mut v = NewVersion::for_bytes(dataset, tag, "ftm", tag.as_bytes());
    v.title = format!("{dataset} test list");
    v.publisher = "ce2 tests".into();
    v.published = Some("2026-10-01".into());
    v
}

fn fixture(with_keys: bool, loopback: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let mut store = Store::open(&path).unwrap();
    let pak = entity(
        "un_sc",
        "Person",
        "un-pak",
        &[
            ("name", "PAK Chol Su"),
            ("alias", "박철수"),
            ("birthDate", "1968-03-14"),
            ("nationality", "kp"),
            ("passportNumber", "836410077"),
        ],
    );
    let haeyang = entity(
        "un_sc",
        "Organization",
        "un-haeyang",
        &[("name", "KOREA HAEYANG TRADING CORPORATION")],
    );
    let sanction = entity(
        "un_sc",
        "Sanction",
        "un-pak-sanction",
        &[("entity", "un-pak"), ("program", "DPRK")],
    );
    store
        .ingest(
            &version("un_sc", "v1"),
            &[pak.clone(), haeyang.clone()],
            &[],
        )
        .unwrap();
    let renamed = entity(
        "un_sc",
        "Person",
        "un-pak",
        &[
            ("name", "PAK Chol Su"),
            ("alias", "박철수"),
            ("alias", "Pak Cheol-su"),
            ("birthDate", "1968-03-14"),
            ("nationality", "kp"),
            ("passportNumber", "836410077"),
        ],
    );
    store
        .ingest(&version("un_sc", "v2"), &[renamed, haeyang, sanction], &[])
        .unwrap();
    let ship = entity(
        "us_ofac_sdn",
        "Vessel",
        "ofac-samhae",
        &[("name", "SAM HAE 7"), ("imoNumber", "9354521")],
    );
    store
        .ingest(&version("us_ofac_sdn", "o1"), &[ship], &[])
        .unwrap();
    let mut keys = Vec::new();
    if with_keys {
        for role in [Role::Viewer, Role::Analyst, Role::Admin] {
            let (secret, prefix) = ce2_server::auth::new_key().unwrap();
            store
                .create_key(
                    &ce2_server::auth::hash_key(&secret),
                    &prefix,
                    role,
                    role.as_str(),
                )
                .unwrap();
            keys.push((role, secret));
        }
    }
    drop(store);
    let mut config = Config::new(path);
    config.loopback = loopback;
    config.rate_limit = 0;
    let state = AppState::new(config).unwrap();
    assert!(state.reload().unwrap());
    Fixture {
        _dir: dir,
        state,
        keys,
    }
}

impl Fixture {
    fn key(&self, role: Role) -> &str {
        &self.keys.iter().find(|(r, _)| *r == role).unwrap().1
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(k) = key {
            req = req.header("authorization", format!("ApiKey {k}"));
        }
        let body = match body {
            Some(b) => {
                req = req.header("content-type", "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        self.raw(req.body(body).unwrap()).await
    }

    async fn raw(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = ce2_server::router(self.state.clone())
            .oneshot(req)
            .await
            .unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| json!(String::from_utf8_lossy(&bytes)));
        (status, value)
    }
}

fn match_body(name: &str) -> Value {
    json!({"queries": {"q1": {"schema": "Person", "properties": {"name": [name], "birthDate": ["1968"]}}}})
}

#[tokio::test]
async fn match_answers_in_yentes_shape_and_is_audited() {
    let f = fixture(true, true);
    let viewer = f.key(Role::Viewer).to_string();
    let (status, body) = f
        .call(
            "POST",
            "/match/default",
            Some(&viewer),
            Some(match_body("Pak Cheol-su")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let r = &body["responses"]["q1"];
    assert_eq!(r["status"], 200);
    assert_eq!(r["total"]["value"], 1);
    assert_eq!(r["query"]["schema"], "Person");
    let hit = &r["results"][0];
    for field in [
        "id",
        "caption",
        "schema",
        "properties",
        "datasets",
        "score",
        "match",
        "explanations",
        "first_seen",
        "last_seen",
    ] {
        assert!(!hit[field].is_null(), "{field} missing in {hit}");
    }
    assert_eq!(hit["id"], "un-pak");
    assert_eq!(hit["match"], true);
    assert!(hit["explanations"]["name_match"]["detail"]
        .as_str()
        .unwrap()
        .contains("Korean name"));
    assert_eq!(hit["datasets"], json!(["un_sc"]));
    // The request is in the audit log, with the caller and the list versions.
    let entries = f.state.pool.get().unwrap().audit(0, 10).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "match");
    assert!(entries[0].actor.starts_with("key:1:"));
    assert!(entries[0].request.contains("Pak Cheol-su"));
    assert!(entries[0].response.contains("un-pak"));
    assert!(entries[0].versions.contains("un_sc"));
}

/// Requests answered together share the audit log's syncs, and each is still in the log before
/// its answer is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_matches_are_each_logged_before_they_are_answered() {
    let f = fixture(false, true);
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let state = f.state.clone();
            tokio::spawn(async move {
                let name = format!("Pak Chol Su {i}");
                let req = Request::builder()
                    .method("POST")
                    .uri("/match/default")
                    .header("content-type", "application/json")
                    .body(Body::from(match_body(&name).to_string()))
                    .unwrap();
                let res = ce2_server::router(state.clone())
                    .oneshot(req)
                    .await
                    .unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                let logged = state.pool.get().unwrap().audit(0, 1000).unwrap();
                assert!(
                    logged
                        .iter()
                        .any(|e| e.request.contains(&format!("\"{name}\""))),
                    "{name} was answered before it was logged"
                );
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let logged = f.state.pool.get().unwrap().audit(0, 1000).unwrap();
    assert_eq!(logged.len(), 40);
}

#[tokio::test]
async fn match_filters_and_parameters() {
    let f = fixture(false, true);
    // Another dataset's scope finds nothing; an excluded id is left out; a vessel by IMO.
    let (_, body) = f
        .call(
            "POST",
            "/match/us_ofac_sdn",
            None,
            Some(match_body("Pak Chol Su")),
        )
        .await;
    assert_eq!(body["responses"]["q1"]["results"], json!([]));
    let (_, body) = f
        .call(
            "POST",
            "/match/default?exclude_entity_ids=un-pak",
            None,
            Some(match_body("Pak Chol Su")),
        )
        .await;
    assert_eq!(body["responses"]["q1"]["results"], json!([]));
    let ship = json!({"queries": {"s": {"schema": "Vessel", "properties": {"name": ["UNKNOWN"], "imoNumber": ["IMO 9354521"]}}}});
    let (status, body) = f.call("POST", "/match/default", None, Some(ship)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["responses"]["s"]["results"][0]["id"], "ofac-samhae");
    assert_eq!(
        body["responses"]["s"]["results"][0]["explanations"]["identifier_match"]["score"],
        1.0
    );
    // A person's passport number is an identifier, read as the lists' are.
    let by_passport = json!({"queries": {"p": {"schema": "Person", "properties": {"name": ["Someone Else"], "passportNumber": ["836 410 077"]}}}});
    let (_, body) = f
        .call("POST", "/match/default", None, Some(by_passport))
        .await;
    assert_eq!(
        body["responses"]["p"]["results"][0]["id"], "un-pak",
        "{body}"
    );
    assert_eq!(
        body["responses"]["p"]["results"][0]["explanations"]["identifier_match"]["score"],
        1.0
    );
    // An abstract schema asks about anything: the person is found as a Thing.
    let anything =
        json!({"queries": {"t": {"schema": "Thing", "properties": {"name": ["Pak Chol Su"]}}}});
    let (s, body) = f.call("POST", "/match/default", None, Some(anything)).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(
        body["responses"]["t"]["results"][0]["id"], "un-pak",
        "{body}"
    );
    // A value that is none of its type is refused by name.
    let bad_date = json!({"queries": {"d": {"schema": "Person", "properties": {"name": ["x"], "birthDate": ["soon"]}}}});
    let (s, b) = f.call("POST", "/match/default", None, Some(bad_date)).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (422, Some("invalid_query")),
        "{b}"
    );
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("birthDate"),
        "{b}"
    );
    // A lower cutoff shows candidates below the threshold, marked as no match.
    let (_, body) = f
        .call(
            "POST",
            "/match/default?cutoff=0.3&algorithm=ofac",
            None,
            Some(match_body("Pak Chol Su")),
        )
        .await;
    assert!(!body["responses"]["q1"]["results"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn bad_requests_get_a_code() {
    let f = fixture(false, true);
    let cases: Vec<(&str, &str, Option<Value>, u16, &str)> = vec![
        (
            "POST",
            "/match/default",
            Some(json!({"queries": {"a": {"schema": "Starship", "properties": {}}}})),
            422,
            "invalid_query",
        ),
        (
            "POST",
            "/match/default",
            Some(json!({"queries": {"a": {"properties": {"name": ["x"]}}}})),
            422,
            "invalid_query",
        ),
        (
            "POST",
            "/match/default",
            Some(
                json!({"queries": {"a": {"schema": "Person", "properties": {"warpDrive": ["x"]}}}}),
            ),
            422,
            "invalid_query",
        ),
        (
            "POST",
            "/match/default",
            Some(json!({"queries": {}, "config": {"nm_number_mismatch": 0.4}})),
            400,
            "bad_request",
        ),
        (
            "POST",
            "/match/default?algorithm=magic",
            Some(match_body("x")),
            400,
            "unknown_algorithm",
        ),
        (
            "POST",
            "/match/nowhere",
            Some(match_body("x")),
            404,
            "unknown_dataset",
        ),
        (
            "POST",
            "/match/default?limit=many",
            Some(match_body("x")),
            400,
            "bad_request",
        ),
        (
            "GET",
            "/entities/nobody",
            None,
            None.map_or(404, |x: u16| x),
            "not_found",
        ),
        ("GET", "/no/such/route", None, 404, "not_found"),
        (
            "POST",
            "/decisions",
            Some(
                json!({"subject": "c1", "entity_id": "un-pak", "verdict": "match", "reason": "same passport"}),
            ),
            403,
            "forbidden",
        ),
        ("GET", "/audit", None, 403, "forbidden"),
    ];
    for (method, uri, body, status, code) in cases {
        let (s, b) = f.call(method, uri, None, body).await;
        assert_eq!(
            (s.as_u16(), b["error"]["code"].as_str()),
            (status, Some(code)),
            "{method} {uri}: {b}"
        );
    }
    // Malformed JSON.
    let req = Request::post("/match/default")
        .header("content-type", "application/json")
        .body(Body::from("{bad"))
        .unwrap();
    let (s, b) = f.raw(req).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    // Too many queries in one request.
    let many: serde_json::Map<String, Value> = (0..101)
        .map(|i| {
            (
                format!("q{i}"),
                json!({"schema": "Person", "properties": {"name": ["x"]}}),
            )
        })
        .collect();
    let (s, b) = f
        .call(
            "POST",
            "/match/default",
            None,
            Some(json!({"queries": many})),
        )
        .await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (400, Some("too_many_queries"))
    );
    // A body over the limit.
    let big = "x".repeat(3 * 1024 * 1024);
    let req = Request::post("/match/default")
        .header("content-type", "application/json")
        .body(Body::from(big))
        .unwrap();
    let (s, b) = f.raw(req).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (413, Some("payload_too_large")),
        "{b}"
    );
    // Nothing of this reached the audit log: only answered screening is logged.
    assert!(f.state.pool.get().unwrap().audit(0, 10).unwrap().is_empty());
}

#[tokio::test]
async fn keys_and_roles() {
    let f = fixture(true, true);
    // With keys in the store, no key is no entry, even on loopback.
    let (s, b) = f.call("GET", "/catalog", None, None).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let (s, b) = f.call("GET", "/catalog", Some("ce2_not_a_key"), None).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    let viewer = f.key(Role::Viewer).to_string();
    let analyst = f.key(Role::Analyst).to_string();
    let admin = f.key(Role::Admin).to_string();
    let decision = json!({"subject": "c1", "entity_id": "un-pak", "verdict": "false_positive", "reason": "born 1970, other passport"});
    let (s, _) = f
        .call("POST", "/decisions", Some(&viewer), Some(decision.clone()))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, b) = f
        .call("POST", "/decisions", Some(&analyst), Some(decision))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["verdict"], "false_positive");
    assert_eq!(b["in_force"], true);
    assert!(b["actor"].as_str().unwrap().contains("analyst"));
    let (s, b) = f
        .call(
            "GET",
            "/decisions?subject=c1&entity_id=un-pak",
            Some(&viewer),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["decisions"].as_array().unwrap().len(), 1);
    // A decision without a reason is refused, and nothing is written.
    let (s, b) = f
        .call(
            "POST",
            "/decisions",
            Some(&analyst),
            Some(
                json!({"subject": "c1", "entity_id": "un-pak", "verdict": "match", "reason": " "}),
            ),
        )
        .await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (422, Some("invalid_query"))
    );
    // The audit log: admins only, with the decision in it.
    let (s, _) = f.call("GET", "/audit", Some(&analyst), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, b) = f.call("GET", "/audit", Some(&admin), None).await;
    assert_eq!(s, StatusCode::OK);
    // One line of JSON lines: one entry.
    assert_eq!(b["action"], "decide", "{b}");
    assert_eq!(b["request"]["reason"], "born 1970, other passport");
    // A revoked key stops working within the key cache's seconds.
    let id = f
        .state
        .pool
        .get()
        .unwrap()
        .keys()
        .unwrap()
        .into_iter()
        .find(|k| k.role == Role::Viewer)
        .unwrap()
        .id;
    f.state.pool.get().unwrap().revoke_key(id).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (s, b) = f.call("GET", "/catalog", Some(&viewer), None).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (401, Some("key_revoked"))
    );
}

#[tokio::test]
async fn anonymous_only_on_loopback_without_keys() {
    let f = fixture(false, true);
    let (s, _) = f.call("GET", "/catalog", None, None).await;
    assert_eq!(s, StatusCode::OK);
    let f = fixture(false, false);
    let (s, b) = f.call("GET", "/catalog", None, None).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
}

#[tokio::test]
async fn rate_limits_per_key() {
    let dir = fixture(false, true);
    let mut config = dir.state.config.clone();
    config.rate_limit = 2;
    let state = AppState::new(config).unwrap();
    state.reload().unwrap();
    let mut codes = Vec::new();
    for _ in 0..6 {
        let res = ce2_server::router(state.clone())
            .oneshot(Request::get("/algorithms").body(Body::empty()).unwrap())
            .await
            .unwrap();
        // /algorithms takes no caller; /catalog does.
        assert_eq!(res.status(), StatusCode::OK);
        let res = ce2_server::router(state.clone())
            .oneshot(Request::get("/catalog").body(Body::empty()).unwrap())
            .await
            .unwrap();
        codes.push(res.status().as_u16());
    }
    assert_eq!(&codes[..4], &[200, 200, 200, 200]);
    assert!(codes.contains(&429), "{codes:?}");
}

#[tokio::test]
async fn entities_catalog_search_versions_diff() {
    let f = fixture(false, true);
    let (s, e) = f
        .call("GET", "/entities/un-pak?sources=true", None, None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e["caption"], "PAK Chol Su");
    // The sanction pointing at him is nested under its reverse name.
    let nested = e["properties"].as_object().unwrap();
    assert!(
        nested
            .values()
            .flat_map(|v| v.as_array().unwrap())
            .any(|v| v["id"] == "un-pak-sanction"),
        "{e}"
    );
    assert_eq!(e["sources"]["passportNumber"][0]["dataset"], "un_sc");
    let (_, c) = f.call("GET", "/catalog", None, None).await;
    assert_eq!(c["datasets"].as_array().unwrap().len(), 2);
    let (_, r) = f.call("GET", "/search/default?q=haeyang", None, None).await;
    assert_eq!(r["results"][0]["id"], "un-haeyang", "{r}");
    assert!(
        r["facets"]["datasets"]["values"][0]["count"]
            .as_u64()
            .unwrap()
            >= 1
    );
    let (_, v) = f.call("GET", "/datasets/un_sc/versions", None, None).await;
    assert_eq!(v["versions"].as_array().unwrap().len(), 2);
    let (_, d) = f.call("GET", "/datasets/un_sc/diff", None, None).await;
    assert_eq!(d["added"][0]["id"], "un-pak-sanction", "{d}");
    assert_eq!(d["changed"][0]["id"], "un-pak");
    let (s, _) = f
        .call("GET", "/datasets/nothing/versions", None, None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, a) = f.call("GET", "/algorithms", None, None).await;
    assert_eq!(a["default"], "ce2-v1");
    let (_, o) = f.call("GET", "/openapi.json", None, None).await;
    for path in [
        "/match/{dataset}",
        "/search/{dataset}",
        "/entities/{id}",
        "/decisions",
        "/screen/batch",
        "/audit",
    ] {
        assert!(
            o["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    let (s, _) = f.call("GET", "/readyz", None, None).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn batch_screening_streams_and_reports_bad_rows() {
    let f = fixture(true, true);
    let analyst = f.key(Role::Analyst).to_string();
    let csv = "id,name,schema\n1,Pak Cheol-su,Person\n2,Nobody At All,Person\n3,Someone,Starship\n";
    let req = Request::post("/screen/batch?format=jsonl")
        .header("authorization", format!("ApiKey {analyst}"))
        .header("content-type", "text/csv")
        .body(Body::from(csv))
        .unwrap();
    let res = ce2_server::router(f.state.clone())
        .oneshot(req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["id"], "un-pak");
    assert_eq!(lines[0]["line"], 2);
    assert_eq!(lines[1]["hits"], json!([]));
    assert_eq!(lines[2]["line"], 4);
    assert!(lines[2]["error"].as_str().unwrap().contains("Starship"));
    let log = f.state.pool.get().unwrap().audit(0, 10).unwrap();
    assert_eq!(log.last().unwrap().action, "batch");
    assert!(log.last().unwrap().response.contains("\"bad_rows\":1"));
    // A CSV without the name column is refused before anything is screened.
    let req = Request::post("/screen/batch")
        .header("authorization", format!("ApiKey {analyst}"))
        .body(Body::from("who\nx\n"))
        .unwrap();
    let (s, b) = f.raw(req).await;
    assert_eq!(
        (s.as_u16(), b["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
}

#[test]
fn every_error_code_is_documented_once() {
    let mut seen = std::collections::HashSet::new();
    for (code, status) in ce2_server::error::CODES {
        assert!(seen.insert(code), "{code} twice");
        assert!((400..600).contains(status));
    }
    let docs = include_str!("../src/error.rs");
    for (code, _) in ce2_server::error::CODES {
        assert!(
            docs.contains(&format!("| `{code}` |")),
            "{code} is not in the table"
        );
    }
}
