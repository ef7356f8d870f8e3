//! Screening decisions: recorded against a list version, append-only, and in force only while
//! the listing is unchanged.

use ce2_model::{Entity, Provenance};
use ce2_store::{NewDecision, NewVersion, Store, Verdict};

fn person(id: &str, name: &str, birth: &str) -> Entity {
    let mut e = Entity::new("Person", id, Provenance::new("us_ofac_sdn", id, None)).unwrap();
    e.add("name", name).unwrap();
    e.add("birthDate", birth).unwrap();
    e
}

fn version(store: &mut Store, tag: &str, entities: &[Entity]) -> i64 {
    let new = NewVersion::for_bytes("us_ofac_sdn", tag, "ofac-csv", tag.as_bytes());
    store.ingest(&new, entities, &[]).unwrap().version.id
}

fn dismiss(entity: &str) -> NewDecision {
    NewDecision {
        subject_key: "CUST-0042".into(),
        entity_id: entity.into(),
        verdict: Verdict::FalsePositive,
        reason: "Customer born 1990 in Seoul; listed person born 1968.".into(),
        actor: "analyst.kim".into(),
        query: r#"{"schema":"Person","properties":{"name":["Pak Chol Su"]}}"#.into(),
        score: Some(0.81),
        algorithm: Some("ce2-v1".into()),
    }
}

#[test]
fn a_dismissed_hit_stays_dismissed_until_the_listing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let mut store = Store::open(&path).unwrap();
    let v1 = version(
        &mut store,
        "v1",
        &[
            person("ofac-1", "PAK, Chol Su", "1968-03-14"),
            person("ofac-2", "KIM, Il", "1970"),
        ],
    );
    let d = store.decide(&dismiss("ofac-1")).unwrap();
    assert_eq!(
        (d.dataset.as_str(), d.version_id, d.verdict),
        ("us_ofac_sdn", v1, Verdict::FalsePositive)
    );
    assert_eq!(d.actor, "analyst.kim");
    assert!(d.decided_at.ends_with('Z'));
    assert!(d.listing_unchanged);

    // A new publication that leaves the listing as it was: the decision still holds.
    version(
        &mut store,
        "v2",
        &[person("ofac-1", "PAK, Chol Su", "1968-03-14")],
    );
    let h = store.decisions("CUST-0042", "ofac-1").unwrap();
    assert_eq!(h.len(), 1);
    assert!(h[0].listing_unchanged);

    // The listing changes (a new birth date): the decision no longer applies.
    version(
        &mut store,
        "v3",
        &[person("ofac-1", "PAK, Chol Su", "1969")],
    );
    assert!(!store.decisions("CUST-0042", "ofac-1").unwrap()[0].listing_unchanged);

    // A new decision against the changed listing is in force again; the history keeps both.
    let mut again = dismiss("ofac-1");
    again.reason = "Re-checked after the listing changed: still a different person.".into();
    store.decide(&again).unwrap();
    let h = store.decisions("CUST-0042", "ofac-1").unwrap();
    assert_eq!(
        h.iter().map(|d| d.listing_unchanged).collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(store.all_decisions().unwrap().len(), 2);

    // The listing leaves the list: nothing is in force.
    version(&mut store, "v4", &[person("ofac-2", "KIM, Il", "1970")]);
    assert!(store
        .decisions("CUST-0042", "ofac-1")
        .unwrap()
        .iter()
        .all(|d| !d.listing_unchanged));

    // Decisions survive reopening, and cannot be changed or removed behind the store's back.
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.all_decisions().unwrap().len(), 2);
    drop(store);
    let raw = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE decisions SET verdict = 'match'",
        "DELETE FROM decisions",
    ] {
        let err = raw.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn decisions_need_a_reason_an_actor_and_a_listed_entity() {
    let mut store = Store::open_in_memory().unwrap();
    version(
        &mut store,
        "v1",
        &[person("ofac-1", "PAK, Chol Su", "1968")],
    );
    let mut no_reason = dismiss("ofac-1");
    no_reason.reason = "  ".into();
    assert_eq!(
        store.decide(&no_reason).unwrap_err().code(),
        "invalid_input"
    );
    let mut no_actor = dismiss("ofac-1");
    no_actor.actor = String::new();
    assert_eq!(store.decide(&no_actor).unwrap_err().code(), "invalid_input");
    assert_eq!(
        store.decide(&dismiss("ofac-404")).unwrap_err().code(),
        "not_found"
    );
    assert!(store.all_decisions().unwrap().is_empty());
}
