//! The store with hand-written list versions and real FtM data: what goes in comes back out,
//! with its provenance, from any version; diffs, deltas, problems, subjects and bad files.

mod common;

use std::collections::BTreeMap;

use ce2_model::{DeltaOp, Entity, Problem, Provenance, Severity};
use ce2_store::{
    sha256_hex, EntityRef, NewVersion, PropertyChange, Store, SubjectMember, VersionKind,
};
use serde_json::Value;

const UN_V1: &str = "un_sc_2026-02-27.jsonl";
const UN_V2: &str = "un_sc_2026-03-15.jsonl";
const OFAC: &str = "ofac_sdn_2024-05-03.jsonl";

fn un_v1() -> (NewVersion, Vec<Entity>) {
    common::load(UN_V1, "un_sc", "2026-02-27")
}

fn un_v2() -> (NewVersion, Vec<Entity>) {
    common::load(UN_V2, "un_sc", "2026-03-15")
}

fn ofac() -> (NewVersion, Vec<Entity>) {
    common::load(OFAC, "ofac_sdn", "2024-05-03")
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn by_id<'a>(entities: &'a [Entity], id: &str) -> &'a Entity {
    entities.iter().find(|e| e.id == id).unwrap()
}

fn eref(id: &str, schema: &str, caption: &str) -> EntityRef {
    EntityRef {
        id: id.into(),
        schema: schema.into(),
        caption: caption.into(),
    }
}

fn change(property: &str, added: &[&str], removed: &[&str]) -> PropertyChange {
    PropertyChange {
        property: property.into(),
        added: added.iter().map(|s| s.to_string()).collect(),
        removed: removed.iter().map(|s| s.to_string()).collect(),
    }
}

/// A store in a fresh file, kept alive with its folder.
fn file_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("ce2.db")).unwrap();
    (dir, store)
}

#[test]
fn ingest_reads_back_equal_entities_with_provenance() {
    let (dir, mut store) = file_store();
    let (new, entities) = un_v1();
    let done = store.ingest(&new, &entities, &[]).unwrap();
    assert!(done.created);
    let v = done.version;
    assert_eq!(v.dataset, "un_sc");
    assert_eq!(v.kind, VersionKind::Full);
    assert_eq!(v.parent, None);
    assert_eq!(v.published.as_deref(), Some("2026-02-27"));
    assert_eq!(v.source, UN_V1);
    let bytes = std::fs::read(common::fixture(UN_V1)).unwrap();
    assert_eq!(v.sha256, sha256_hex(&bytes));
    assert_eq!(v.size, bytes.len() as u64);
    assert_eq!(v.format, "ftm");
    assert_eq!((v.entity_count, v.problem_count), (8, 0));
    assert_eq!(
        v.counts.schema,
        counts(&[
            ("Address", 1),
            ("Organization", 2),
            ("Passport", 1),
            ("Person", 1),
            ("Sanction", 3)
        ])
    );
    assert_eq!(v.counts.program, counts(&[("DPRK", 3), ("DPRK-NK", 1)]));
    assert!(v.ingested_at.starts_with("20") && v.ingested_at.ends_with('Z'));

    // Every entity comes back equal, values and provenance alike, from the version and as
    // current; and again after the file is closed and opened.
    for e in &entities {
        assert_eq!(store.entity_at(v.id, &e.id).unwrap().as_ref(), Some(e));
        assert_eq!(store.entity(&e.id).unwrap().as_ref(), Some(e));
    }
    let person = store.entity("un-kpi-033").unwrap().unwrap();
    let (name, prov) = person.values("name").next().unwrap();
    assert_eq!(name, "RI WON HO");
    assert_eq!(
        prov,
        &Provenance::new("un_sc", "KPi.033", Some("2026-02-27"))
    );
    assert_eq!(store.entity("un-kpe-999").unwrap(), None);

    drop(store);
    let store = Store::open(dir.path().join("ce2.db")).unwrap();
    let read: Vec<Entity> = store
        .entities(v.id)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = entities.clone();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(read, expected);
    let datasets = store.datasets().unwrap();
    assert_eq!(datasets.len(), 1);
    assert_eq!(datasets[0].name, "un_sc");
    assert_eq!(datasets[0].title, "un_sc (fixture)");
    assert_eq!(datasets[0].publisher, "ce2 tests");
    assert_eq!(datasets[0].current.as_ref(), Some(&v));
    store.check().unwrap();
}

#[test]
fn a_second_version_keeps_the_first_readable_and_shares_unchanged_bodies() {
    let (dir, mut store) = file_store();
    let (new1, v1_entities) = un_v1();
    let (new2, v2_entities) = un_v2();
    let v1 = store.ingest(&new1, &v1_entities, &[]).unwrap().version;
    let v2 = store.ingest(&new2, &v2_entities, &[]).unwrap().version;
    assert_eq!(v2.parent, Some(v1.id));
    let ids: Vec<i64> = store
        .versions("un_sc")
        .unwrap()
        .iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(ids, [v1.id, v2.id]);
    assert_eq!(store.current_version("un_sc").unwrap().unwrap().id, v2.id);

    // The removed entity is gone from the current list but still in the old version.
    assert_eq!(store.entity("un-kpe-021").unwrap(), None);
    assert_eq!(
        store.entity_at(v1.id, "un-kpe-021").unwrap().as_ref(),
        Some(by_id(&v1_entities, "un-kpe-021"))
    );
    // The changed person reads as each version has it.
    let old = store.entity_at(v1.id, "un-kpi-033").unwrap().unwrap();
    assert_eq!(
        old.get("position"),
        ["Director, Ministry of State Security Post"]
    );
    assert!(old.get("alias").is_empty());
    let new = store.entity("un-kpi-033").unwrap().unwrap();
    assert_eq!(new.get("position"), ["Officer, Ministry of State Security"]);
    assert_eq!(new.get("alias"), ["RI WON-HO"]);
    // An unchanged entity shares its body, but each version gives it its own publication date.
    let passport_v1 = store
        .entity_at(v1.id, "un-kpi-033-passport-1")
        .unwrap()
        .unwrap();
    let passport_v2 = store
        .entity_at(v2.id, "un-kpi-033-passport-1")
        .unwrap()
        .unwrap();
    assert_eq!(
        passport_v1.sources[0].published.as_deref(),
        Some("2026-02-27")
    );
    assert_eq!(
        passport_v2.sources[0].published.as_deref(),
        Some("2026-03-15")
    );
    assert_eq!(passport_v1.to_ftm(), passport_v2.to_ftm());

    // 8 entities in each version, 4 of them unchanged: 16 rows but only 12 bodies.
    drop(store);
    let db = rusqlite::Connection::open(dir.path().join("ce2.db")).unwrap();
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM entities"), 16);
    assert_eq!(count("SELECT count(*) FROM bodies"), 12);
}

#[test]
fn the_same_bytes_again_are_a_no_op_that_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    let (new1, v1_entities) = un_v1();
    let (new2, v2_entities) = un_v2();
    let first = store.ingest(&new1, &v1_entities, &[]).unwrap();
    let again = store.ingest(&new1, &v1_entities, &[]).unwrap();
    assert!(first.created);
    assert!(!again.created);
    assert_eq!(again.version, first.version);
    assert_eq!(store.versions("un_sc").unwrap().len(), 1);

    // A list that goes back to an earlier publication is a new event, so a new version; its
    // entities have the bodies of the first, so nothing differs between the two.
    store.ingest(&new2, &v2_entities, &[]).unwrap();
    let back = store.ingest(&new1, &v1_entities, &[]).unwrap();
    assert!(back.created);
    assert_eq!(store.versions("un_sc").unwrap().len(), 3);
    assert!(store
        .diff(first.version.id, back.version.id)
        .unwrap()
        .is_empty());
}

#[test]
fn diff_lists_entities_and_property_values_exactly() {
    let mut store = Store::open_in_memory().unwrap();
    let (new1, v1_entities) = un_v1();
    let (new2, v2_entities) = un_v2();
    let v1 = store.ingest(&new1, &v1_entities, &[]).unwrap().version.id;
    let v2 = store.ingest(&new2, &v2_entities, &[]).unwrap().version.id;

    let diff = store.diff(v1, v2).unwrap();
    assert_eq!((diff.old, diff.new), (v1, v2));
    assert_eq!(
        diff.added,
        [
            eref(
                "un-kpe-076",
                "Organization",
                "KOREA SOBAEKSU TRADING COMPANY"
            ),
            eref("un-kpe-076-sanction", "Sanction", "DPRK"),
        ]
    );
    assert_eq!(
        diff.removed,
        [
            eref(
                "un-kpe-021",
                "Organization",
                "KOREA MINING DEVELOPMENT TRADING CORPORATION"
            ),
            eref("un-kpe-021-sanction", "Sanction", "DPRK"),
        ]
    );
    assert_eq!(diff.changed.len(), 2);
    let omm = &diff.changed[0];
    assert_eq!(
        omm.entity,
        eref(
            "un-kpe-020",
            "Company",
            "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED"
        )
    );
    assert_eq!(omm.old_schema.as_deref(), Some("Organization"));
    assert!(omm.properties.is_empty() && omm.fields.is_empty());
    let ri = &diff.changed[1];
    assert_eq!(ri.entity, eref("un-kpi-033", "Person", "RI WON HO"));
    assert_eq!(ri.old_schema, None);
    assert_eq!(
        ri.properties,
        [
            change("alias", &["RI WON-HO"], &[]),
            change(
                "position",
                &["Officer, Ministry of State Security"],
                &["Director, Ministry of State Security Post"]
            ),
        ]
    );

    // Backwards, additions and removals swap.
    let back = store.diff(v2, v1).unwrap();
    assert_eq!(back.added, diff.removed);
    assert_eq!(back.removed, diff.added);
    assert_eq!(back.changed[0].old_schema.as_deref(), Some("Company"));
    assert_eq!(
        back.changed[1].properties,
        [
            change("alias", &[], &["RI WON-HO"]),
            change(
                "position",
                &["Director, Ministry of State Security Post"],
                &["Officer, Ministry of State Security"]
            ),
        ]
    );
    assert!(store.diff(v1, v1).unwrap().is_empty());
    assert_eq!(store.diff(v1, 999).unwrap_err().code(), "not_found");
}

#[test]
fn delta_operations_make_a_new_version_from_the_current_one() {
    let mut store = Store::open_in_memory().unwrap();
    let (new1, v1_entities) = un_v1();
    let (new2, v2_entities) = un_v2();
    let v1 = store.ingest(&new1, &v1_entities, &[]).unwrap().version;
    let ops = vec![
        DeltaOp::Add(by_id(&v2_entities, "un-kpe-076").clone()),
        DeltaOp::Mod(by_id(&v2_entities, "un-kpi-033").clone()),
        DeltaOp::Del("un-kpe-021".into()),
        DeltaOp::Del("un-kpe-021-sanction".into()),
        DeltaOp::Add(by_id(&v2_entities, "un-kpe-020").clone()),
        DeltaOp::Mod(by_id(&v2_entities, "un-kpe-076-sanction").clone()),
        DeltaOp::Del("un-kpe-999".into()),
    ];
    let mut meta = NewVersion::for_bytes("un_sc", "un_sc.delta.json", "ftm-delta", b"delta 1");
    meta.published = Some("2026-03-15".into());
    let done = store.apply_delta(&meta, &ops, &[]).unwrap();
    assert!(done.created);
    let d = done.version;
    assert_eq!(d.kind, VersionKind::Delta);
    assert_eq!(d.parent, Some(v1.id));
    assert_eq!(d.entity_count, 8);
    assert_eq!(store.current_version("un_sc").unwrap().unwrap().id, d.id);

    // The delta's result is exactly the second publication, body for body.
    let full = store
        .ingest(
            &NewVersion {
                dataset: "un_sc_full".into(),
                ..new2.clone()
            },
            &v2_entities,
            &[],
        )
        .unwrap()
        .version;
    assert!(store.diff(d.id, full.id).unwrap().is_empty());
    assert_eq!(d.counts, full.counts);
    // The base version is untouched.
    assert_eq!(store.entities(v1.id).unwrap().count(), 8);
    assert!(store.entity_at(v1.id, "un-kpe-021").unwrap().is_some());

    let problems = store.problems(d.id).unwrap();
    let summary: Vec<(&str, Option<&str>)> = problems
        .iter()
        .map(|p| (p.code.as_str(), p.record.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            ("delta_add_existing", Some("KPe.020")),
            ("delta_mod_missing", Some("KPe.076")),
            ("delta_del_missing", Some("un-kpe-999")),
        ]
    );
    assert!(problems[2]
        .message
        .starts_with("delta operation 7: DEL of un-kpe-999"));
    assert!(problems.iter().all(|p| p.severity == Severity::Warning));

    // The same delta file twice changes nothing the second time.
    let again = store.apply_delta(&meta, &ops, &[]).unwrap();
    assert!(!again.created);
    assert_eq!(again.version.id, d.id);
    // A delta needs a version to apply to.
    let orphan = NewVersion::for_bytes("eu_fsf", "eu.delta.json", "ftm-delta", b"x");
    assert_eq!(
        store.apply_delta(&orphan, &ops, &[]).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn problems_are_stored_and_listed_in_order() {
    let mut store = Store::open_in_memory().unwrap();
    let (new, entities) = un_v1();
    let given = vec![
        Problem::warning(
            "invalid_value",
            "un-kpi-033: birthDate: not a date: \"1964-07-32\"",
        )
        .with_record(Some("KPi.033".into()))
        .at_line(1204),
        Problem::error("bad_record", "INDIVIDUAL without REFERENCE_NUMBER")
            .at_line(88_120)
            .at_offset(2_030_001),
    ];
    let v = store.ingest(&new, &entities, &given).unwrap().version;
    assert_eq!(v.problem_count, 2);
    assert_eq!(store.problems(v.id).unwrap(), given);
    assert_eq!(store.problems(12345).unwrap_err().code(), "not_found");
}

#[test]
fn duplicate_ids_in_one_version_are_merged_and_reported() {
    let mut store = Store::open_in_memory().unwrap();
    let first = {
        let mut e = Entity::new(
            "Person",
            "ofac-9647",
            Provenance::new("ofac_sdn", "9647", None),
        )
        .unwrap();
        e.add("name", "KIM Yong Chol").unwrap();
        e
    };
    let second = {
        let mut e = Entity::new(
            "Person",
            "ofac-9647",
            Provenance::new("ofac_sdn", "9647b", None),
        )
        .unwrap();
        e.add("name", "KIM Yong Chol").unwrap();
        e.add("alias", "KIM Yong-chol").unwrap();
        e
    };
    let clash = {
        let mut e = Entity::new(
            "Vessel",
            "ofac-9647",
            Provenance::new("ofac_sdn", "9648", None),
        )
        .unwrap();
        e.add("name", "CHON MA SAN").unwrap();
        e
    };
    let other = Entity::new(
        "Address",
        "ofac-9647-addr-1",
        Provenance::new("ofac_sdn", "9647", None),
    )
    .map(|mut a| {
        a.add("full", "Pyongyang").unwrap();
        a
    })
    .unwrap();
    let new = common::synthetic_version("ofac_sdn", "duplicates");
    let given = [Problem::warning("invalid_value", "from the reader")];
    let v = store
        .ingest(&new, &[first, other, second, clash], &given)
        .unwrap()
        .version;
    assert_eq!(v.entity_count, 2);
    assert_eq!(v.counts.schema, counts(&[("Address", 1), ("Person", 1)]));
    let kim = store.entity("ofac-9647").unwrap().unwrap();
    assert_eq!(kim.get("name"), ["KIM Yong Chol"]);
    assert_eq!(kim.get("alias"), ["KIM Yong-chol"]);
    assert_eq!(kim.sources[0].record, "9647");
    let problems = store.problems(v.id).unwrap();
    let summary: Vec<(Severity, &str, Option<&str>)> = problems
        .iter()
        .map(|p| (p.severity, p.code.as_str(), p.record.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (Severity::Warning, "invalid_value", None),
            (Severity::Error, "duplicate_entity_conflict", Some("9647")),
            (Severity::Warning, "duplicate_entity", Some("9647")),
        ]
    );
    assert_eq!(
        problems[2].message,
        "entity ofac-9647 appears 2 times (records 9647, 9647b); the records were merged"
    );
    assert_eq!(v.problem_count, 3);
}

/// Cluster the current entities of all lists the simple way a test can check: parties whose
/// sanctions cite the same UN reference are one subject, named after the reference.
fn cluster_by_unsc_id(w: &ce2_store::Writer<'_>) -> ce2_store::Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for dataset in w.datasets()? {
        let Some(current) = dataset.current else {
            continue;
        };
        for entity in w.entities(current.id)? {
            let entity = entity?;
            if let (Some(unsc), Some(party)) = (entity.first("unscId"), entity.first("entity")) {
                pairs.push((unsc.to_string(), party.to_string()));
            }
        }
    }
    Ok(pairs)
}

#[test]
fn subjects_are_written_with_the_ingest_they_were_computed_from() {
    let mut store = Store::open_in_memory().unwrap();
    let (un_new, un_entities) = un_v1();
    let (ofac_new, ofac_entities) = ofac();
    store.ingest(&un_new, &un_entities, &[]).unwrap();
    let rows = store
        .write(|w| {
            w.ingest(&ofac_new, &ofac_entities, &[])?;
            let pairs = cluster_by_unsc_id(w)?;
            w.set_subjects(&pairs)
        })
        .unwrap();
    // KPi.033 and KPe.020 are on both lists; KPe.021 on the UN list only.
    assert_eq!(rows, 5);
    let member = |dataset: &str, id: &str| SubjectMember {
        dataset: dataset.into(),
        entity_id: id.into(),
    };
    assert_eq!(
        store.members("KPi.033").unwrap(),
        [
            member("ofac_sdn", "ofac-22150"),
            member("un_sc", "un-kpi-033")
        ]
    );
    assert_eq!(
        store.members("KPe.020").unwrap(),
        [
            member("ofac_sdn", "ofac-15036"),
            member("un_sc", "un-kpe-020")
        ]
    );
    assert_eq!(
        store.subject_of("ofac-22150").unwrap().as_deref(),
        Some("KPi.033")
    );
    assert_eq!(
        store.subject_of("un-kpe-021").unwrap().as_deref(),
        Some("KPe.021")
    );
    assert_eq!(store.subject_of("ofac-35096").unwrap(), None);

    // A clustering that names an entity no list holds fails, and the ingest it came with is
    // undone with it.
    let before = store.current_version("un_sc").unwrap().unwrap();
    let (un2_new, un2_entities) = un_v2();
    let err = store
        .write(|w| {
            w.ingest(&un2_new, &un2_entities, &[])?;
            let mut pairs = cluster_by_unsc_id(w)?;
            pairs.push(("KPi.999".into(), "un-kpi-999".into()));
            w.set_subjects(&pairs)
        })
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains("un-kpi-999"), "{err}");
    assert_eq!(store.current_version("un_sc").unwrap().unwrap(), before);
    assert_eq!(store.versions("un_sc").unwrap().len(), 1);
    assert_eq!(
        store.subject_of("un-kpe-021").unwrap().as_deref(),
        Some("KPe.021")
    );

    // One entity in two subjects is refused.
    let err = store
        .set_subjects(&[("A", "un-kpi-033"), ("B", "un-kpi-033")])
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(store.members("KPi.033").unwrap().len(), 2);
}

#[test]
fn find_by_property_and_entities_held_by_two_lists() {
    let mut store = Store::open_in_memory().unwrap();
    let (un_new, un_entities) = un_v1();
    let (ofac_new, ofac_entities) = ofac();
    store.ingest(&un_new, &un_entities, &[]).unwrap();
    store.ingest(&ofac_new, &ofac_entities, &[]).unwrap();
    let found: Vec<String> = store
        .find_by_property("unscId", "KPe.020")
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.sources[0].dataset, e.id))
        .collect();
    assert_eq!(
        found,
        ["ofac_sdn ofac-15036-sanction", "un_sc un-kpe-020-sanction"]
    );
    let wallets = store.find_by_property("holder", "ofac-35096").unwrap();
    assert_eq!(wallets.len(), 1);
    assert_eq!(
        wallets[0].get("publicKey"),
        ["TXkB8p2uGKo5SpDyHZuYoDgRoCVUUFiJ3b"]
    );
    assert!(store.find_by_property("name", "NOBODY").unwrap().is_empty());
    assert_eq!(
        store.find_by_property("no.such", "x").unwrap_err().code(),
        "invalid_input"
    );

    // FtM data from two sources can share an id: the entity is merged, and each value says
    // which list states it.
    let shared = |dataset: &str, alias: &str| {
        let mut e = Entity::new(
            "Person",
            "NK-2Kx9",
            Provenance::new(dataset, "NK-2Kx9", None),
        )
        .unwrap();
        e.add("name", "PAK Chol Su").unwrap();
        e.add("alias", alias).unwrap();
        e
    };
    for (dataset, alias) in [("os_eu", "PAK Chol-su"), ("os_gb", "Pak Cholsu")] {
        store
            .ingest(
                &common::synthetic_version(dataset, dataset),
                &[shared(dataset, alias)],
                &[],
            )
            .unwrap();
    }
    let merged = store.entity("NK-2Kx9").unwrap().unwrap();
    let aliases: Vec<(&str, &str)> = merged
        .values("alias")
        .map(|(v, p)| (v, p.dataset.as_str()))
        .collect();
    assert_eq!(aliases, [("PAK Chol-su", "os_eu"), ("Pak Cholsu", "os_gb")]);
    assert_eq!(merged.values("name").count(), 2);
}

#[test]
fn entities_are_read_page_by_page_in_id_order() {
    let mut store = Store::open_in_memory().unwrap();
    let entities = common::synthetic::version("ofac_sdn", "2026-01-01", 0..900, |_| 0);
    let v = store
        .ingest(
            &common::synthetic_version("ofac_sdn", "900"),
            &entities,
            &[],
        )
        .unwrap()
        .version;
    assert_eq!(v.entity_count, 2700);
    assert_eq!(
        v.counts.schema,
        counts(&[
            ("Address", 900),
            ("Company", 270),
            ("Person", 540),
            ("Sanction", 900),
            ("Vessel", 90)
        ])
    );
    assert_eq!(
        v.counts.program,
        counts(&[
            ("DPRK", 225),
            ("DPRK2", 225),
            ("DPRK3", 225),
            ("DPRK4", 225)
        ])
    );
    let read: Vec<Entity> = store
        .entities(v.id)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read.len(), 2700);
    assert!(read.windows(2).all(|w| w[0].id < w[1].id));
    let mut expected = entities;
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(read, expected);
    assert_eq!(
        store.entities(4242).err().map(|e| e.code()),
        Some("not_found")
    );
}

#[test]
fn a_real_ftm_export_round_trips_through_the_store() {
    let Some(path) = common::shared_file("sanctions/ftm/zala_entities.ftm.json") else {
        return;
    };
    let data = std::fs::read(&path).unwrap();
    let lines: Vec<Value> = std::str::from_utf8(&data)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let entities: Vec<Entity> = lines
        .iter()
        .map(|v| {
            let id = v["id"].as_str().unwrap();
            Entity::from_ftm(v, Provenance::new("zala", id, Some("2026-06-03")))
                .unwrap()
                .0
        })
        .collect();
    let mut store = Store::open_in_memory().unwrap();
    let mut new = NewVersion::for_bytes("zala", &path.display().to_string(), "ftm", &data);
    new.published = Some("2026-06-03".into());
    let v = store.ingest(&new, &entities, &[]).unwrap().version;
    assert_eq!(v.entity_count, 91);
    assert_eq!(
        v.counts.schema,
        counts(&[
            ("Address", 11),
            ("Company", 11),
            ("Directorship", 3),
            ("Family", 4),
            ("Ownership", 14),
            ("Passport", 1),
            ("Person", 6),
            ("Sanction", 41)
        ])
    );
    // Each entity written back is the line it was read from, key order and all.
    for line in &lines {
        let id = line["id"].as_str().unwrap();
        let back = store.entity_at(v.id, id).unwrap().unwrap();
        assert_eq!(back.to_ftm().to_string(), line.to_string(), "{id}");
        assert_eq!(
            back.sources,
            [Provenance::new("zala", id, Some("2026-06-03"))]
        );
    }
}

#[test]
fn real_opensanctions_delta_files_apply_to_a_real_export() {
    let (Some(base), Some(add), Some(del)) = (
        common::shared_file("sanctions/ftm/eu_fsf_sample_entities.ftm.json"),
        common::shared_file("sanctions/ftm/delta_example/20240527194702-wnk_entities.delta.json"),
        common::shared_file("sanctions/ftm/delta_example/20240528074703-npf_entities.delta.json"),
    ) else {
        return;
    };
    let read_lines = |path: &std::path::Path| -> (Vec<u8>, Vec<Value>) {
        let data = std::fs::read(path).unwrap();
        let lines = std::str::from_utf8(&data)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (data, lines)
    };
    let entity = |v: &Value| {
        let id = v["id"].as_str().unwrap();
        Entity::from_ftm(v, Provenance::new("sanctions", id, None))
            .unwrap()
            .0
    };
    let mut store = Store::open_in_memory().unwrap();
    let (data, lines) = read_lines(&base);
    let base_entities: Vec<Entity> = lines.iter().map(entity).collect();
    let v0 = store
        .ingest(
            &NewVersion::for_bytes("sanctions", "entities.ftm.json", "ftm", &data),
            &base_entities,
            &[],
        )
        .unwrap()
        .version;
    assert_eq!(v0.entity_count, 7);

    let mut version = v0.id;
    let mut added_ids = Vec::new();
    for path in [&add, &del] {
        let (data, lines) = read_lines(path);
        let ops: Vec<DeltaOp> = lines
            .iter()
            .map(|l| {
                let body = l["entity"].clone();
                let id = body["id"].as_str().unwrap().to_string();
                match l["op"].as_str().unwrap() {
                    "ADD" => {
                        added_ids.push(id);
                        DeltaOp::Add(entity(&body))
                    }
                    "MOD" => DeltaOp::Mod(entity(&body)),
                    // A DEL line carries only the id.
                    _ => DeltaOp::Del(id),
                }
            })
            .collect();
        let meta =
            NewVersion::for_bytes("sanctions", &path.display().to_string(), "ftm-delta", &data);
        let v = store.apply_delta(&meta, &ops, &[]).unwrap().version;
        assert_eq!(v.parent, Some(version));
        version = v.id;
    }
    let head = store.version(version).unwrap();
    // Two people added by the first delta; the second deletes an id the export never had.
    assert_eq!(head.entity_count, 9);
    assert_eq!(
        added_ids,
        ["NK-2T3S8Hu29ktYnKSTgQp2wL", "NK-2sJaJRaPJcWUfMbHjTtWcL"]
    );
    let diff = store.diff(v0.id, head.id).unwrap();
    let ids: Vec<&str> = diff.added.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, added_ids);
    assert_eq!(diff.added[0].caption, "AL-QAIDA IN IRAQ");
    assert!(diff.removed.is_empty() && diff.changed.is_empty());
    let problems = store.problems(head.id).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "delta_del_missing");
    assert_eq!(problems[0].record.as_deref(), Some("NK-500Poltergeist"));
}

#[test]
fn open_refuses_what_is_not_a_store_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();

    let text = dir.path().join("sdn.csv");
    std::fs::write(
        &text,
        "36,\"AEROCARIBBEAN AIRLINES\",-0-,\"CUBA\",-0-,-0-\n".repeat(200),
    )
    .unwrap();
    let err = Store::open(&text).unwrap_err();
    assert_eq!(err.code(), "corrupt");
    assert!(err.to_string().contains("sdn.csv"), "{err}");

    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');")
        .unwrap();
    let err = Store::open(&other).unwrap_err();
    assert_eq!(err.code(), "not_a_store");
    assert!(err.to_string().contains("other.sqlite"), "{err}");

    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer).unwrap());
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute("INSERT INTO schema_version VALUES (99, '2030-01-01')", [])
        .unwrap();
    let err = Store::open(&newer).unwrap_err();
    assert_eq!(err.code(), "too_new");
    assert!(err.to_string().contains("version 99"), "{err}");

    let err = Store::open(dir.path().join("no/such/folder/ce2.db")).unwrap_err();
    assert_eq!(err.code(), "cannot_open");

    // A store whose pages were overwritten on disk: opening, reading or checking it reports
    // the damage as such; nothing panics.
    let damaged = dir.path().join("damaged.db");
    {
        let mut store = Store::open(&damaged).unwrap();
        let entities = common::synthetic::version("ofac_sdn", "2026-01-01", 0..300, |_| 0);
        store
            .ingest(
                &common::synthetic_version("ofac_sdn", "300"),
                &entities,
                &[],
            )
            .unwrap();
    }
    // Closing the last connection checkpoints the log into the file.
    let mut bytes = std::fs::read(&damaged).unwrap();
    assert!(bytes.len() > 64 * 1024, "{}", bytes.len());
    for b in &mut bytes[16 * 1024..48 * 1024] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let outcome = Store::open(&damaged).and_then(|store| {
        store.check()?;
        let v = store.current_version("ofac_sdn")?.unwrap();
        store.entities(v.id)?.collect::<Result<Vec<_>, _>>()
    });
    assert_eq!(outcome.unwrap_err().code(), "corrupt");
}

#[test]
fn a_writer_that_waits_too_long_is_told_the_store_is_busy_and_readers_never_wait() {
    let (dir, mut store) = file_store();
    let path = dir.path().join("ce2.db");
    let (locked_tx, locked) = std::sync::mpsc::channel();
    let (release, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let mut other = Store::open(&path).unwrap();
        let (new, entities) = un_v1();
        other
            .write(|w| {
                w.ingest(&new, &entities, &[])?;
                locked_tx.send(()).unwrap();
                release_rx.recv().unwrap();
                Ok(())
            })
            .unwrap();
    });
    locked.recv().unwrap();
    store
        .set_busy_timeout(std::time::Duration::from_millis(100))
        .unwrap();
    let (ofac_new, ofac_entities) = ofac();
    let err = store.ingest(&ofac_new, &ofac_entities, &[]).unwrap_err();
    assert_eq!(err.code(), "busy", "{err}");
    // A reader does not wait, and sees nothing of the unfinished write.
    assert!(store.datasets().unwrap().is_empty());
    release.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(store.datasets().unwrap()[0].name, "un_sc");
    assert!(
        store
            .ingest(&ofac_new, &ofac_entities, &[])
            .unwrap()
            .created
    );
}

#[test]
fn entities_pointing_at_a_party_are_found_through_links() {
    let mut store = Store::open_in_memory().unwrap();
    let (un_new, un_entities) = un_v1();
    store.ingest(&un_new, &un_entities, &[]).unwrap();
    let ids = |store: &Store, target: &str| -> Vec<String> {
        store
            .referencing(target)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect()
    };
    // Every entity with an entity-typed value pointing at the party, and nothing else.
    let expected: Vec<String> = un_entities
        .iter()
        .filter(|e| e.references().iter().any(|(_, t)| *t == "un-kpi-033"))
        .map(|e| e.id.clone())
        .collect();
    assert!(!expected.is_empty());
    let mut got = ids(&store, "un-kpi-033");
    got.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want);
    assert!(ids(&store, "nobody").is_empty());
    // A delta that deletes the sanction removes its link from the new current version.
    let sanction = expected
        .iter()
        .find(|id| id.ends_with("-sanction"))
        .unwrap()
        .clone();
    let meta = NewVersion::for_bytes("un_sc", "d.json", "ftm-delta", b"delete the sanction");
    store
        .apply_delta(&meta, &[DeltaOp::Del(sanction.clone())], &[])
        .unwrap();
    assert!(!ids(&store, "un-kpi-033").contains(&sanction));
}

#[test]
fn entities_of_some_schemata_only() {
    let mut store = Store::open_in_memory().unwrap();
    let (un_new, un_entities) = un_v1();
    let v = store.ingest(&un_new, &un_entities, &[]).unwrap().version;
    let got: Vec<String> = store
        .entities_of(v.id, &["Sanction", "Passport"])
        .unwrap()
        .map(|e| e.unwrap().id)
        .collect();
    let mut want: Vec<String> = un_entities
        .iter()
        .filter(|e| ["Sanction", "Passport"].contains(&e.schema().name.as_str()))
        .map(|e| e.id.clone())
        .collect();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert_eq!(store.entities_of(v.id, &[]).unwrap().count(), 0);
}

#[test]
fn ais_imports_are_recorded_whole_once_and_read_back_by_mmsi_or_imo() {
    use ce2_store::{NewAisImport, Sighting, VesselEvent};
    let mut store = Store::open_in_memory().unwrap();
    let import = NewAisImport {
        source: "korea-bay.nmea".into(),
        sha256: "ab".repeat(32),
        counts: serde_json::json!({"messages": 4}),
    };
    let sighting = |mmsi, imo, name: &str, first, last| Sighting {
        mmsi,
        imo,
        name: Some(name.into()),
        callsign: None,
        flag: Some("KP".into()),
        ship_type: Some(80),
        first_seen: first,
        last_seen: last,
        reports: 10,
    };
    let sightings = vec![
        sighting(445_123_000, Some(9_353_979), "CHON MA SAN", 100, 200),
        sighting(445_123_000, Some(9_353_979), "CHONMASAN", 300, 400),
        sighting(667_001_234, None, "NEW REGENT", 100, 400),
    ];
    let event = |kind: &str, start, vessels: Vec<(u32, Option<u32>)>| VesselEvent {
        kind: kind.into(),
        start,
        end: start + 7200,
        vessels,
        lat: Some(39.1),
        lon: Some(124.2),
        area: Some("Korea Bay STS".into()),
        json: format!("{{\"kind\":\"{kind}\"}}"),
    };
    let events = vec![
        event(
            "encounter",
            150,
            vec![(445_123_000, Some(9_353_979)), (667_001_234, None)],
        ),
        event("gap", 500, vec![(445_123_000, Some(9_353_979))]),
    ];
    let first = store.record_ais(&import, &sightings, &events).unwrap();
    assert!(first.created);
    let again = store.record_ais(&import, &sightings, &events).unwrap();
    assert!(!again.created, "the same bytes change nothing");
    assert_eq!(again.id, first.id);

    let by_imo = store.sightings(&[], &[9_353_979]).unwrap();
    assert_eq!(
        by_imo.len(),
        2,
        "two names under one IMO: its identity history"
    );
    assert_eq!(by_imo[0].name.as_deref(), Some("CHON MA SAN"));
    let by_mmsi = store.vessel_events(&[667_001_234], &[], 10).unwrap();
    assert_eq!(by_mmsi.len(), 1);
    assert_eq!(by_mmsi[0].event.kind, "encounter");
    assert_eq!(by_mmsi[0].event.vessels.len(), 2);
    let newest_first = store.vessel_events(&[], &[9_353_979], 10).unwrap();
    assert_eq!(
        newest_first
            .iter()
            .map(|e| e.event.kind.as_str())
            .collect::<Vec<_>>(),
        ["gap", "encounter"]
    );
    let vessels = store.vessels_with_events().unwrap();
    assert_eq!(
        vessels[0],
        ce2_store::SeenVessel {
            mmsi: 445_123_000,
            imo: Some(9_353_979),
            events: 2,
            last: 500
        }
    );
    assert_eq!(vessels.len(), 2);
}
