//! The ledger end to end: a case file built as a documenter would, then every kind of tampering
//! a verifier must catch, each named by the item and event it touches.

use std::fs;
use std::path::Path;

use ce2_ledger::event::{Capture, Event};
use ce2_ledger::seal::Identity;
use ce2_ledger::verify::VerifyOptions;
use ce2_ledger::{Error, Ledger, NewItem};
use ce2_model::Tlp;
use rusqlite::{params, Connection};

fn capture(collector: &str) -> Capture {
    Capture {
        collector: collector.into(),
        collected_at: "2023-10-13T17:30:00+09:00".into(),
        origin: "https://example.org/imagery/rajin-2023-10-12".into(),
        method: "download".into(),
        tool: Some("wget 1.21".into()),
        hash_at_capture: None,
    }
}

fn new_item(name: &str, tlp: Tlp, source: Option<String>) -> NewItem {
    NewItem {
        name: name.into(),
        media_type: None,
        capture: capture("analyst-1"),
        source,
        description: Some(format!("exhibit {name}")),
        tlp,
        grade: None,
    }
}

/// A small case file: a witness, three items (one TLP:RED), links, grades, a redaction and a
/// custody hand-over. Returns the ledger and the pseudonym.
fn case(dir: &Path) -> (Ledger, String) {
    let mut l = Ledger::init(dir, Some("example.org/evidence"), None).unwrap();
    let w = l
        .register_person(
            "documenter",
            "witness",
            &Identity {
                name: "Ri Chol Ho".into(),
                contact: Some("via partner NGO".into()),
                notes: None,
            },
        )
        .unwrap();
    let (a, _) = l
        .add(
            "analyst-1",
            &mut &b"satellite image bytes"[..],
            new_item("rajin.jpg", Tlp::Amber, None),
        )
        .unwrap();
    let (b, _) = l
        .add(
            "documenter",
            &mut &b"testimony transcript"[..],
            new_item("testimony.txt", Tlp::AmberStrict, Some(w.clone())),
        )
        .unwrap();
    let (c, _) = l
        .add(
            "analyst-1",
            &mut &b"informant's report"[..],
            new_item("informant.pdf", Tlp::Red, None),
        )
        .unwrap();
    l.link(
        "analyst-1",
        &a.id,
        "imo:9353979",
        "loaded containers at Rajin on 2023-10-12",
    )
    .unwrap();
    l.grade(
        "analyst-1",
        &a.id,
        "B2".parse().unwrap(),
        Some("imagery confirmed by AIS"),
    )
    .unwrap();
    l.grade("documenter", &b.id, "C3".parse().unwrap(), None)
        .unwrap();
    l.redact(
        "documenter",
        &b.id,
        &mut &b"testimony transcript [names removed]"[..],
        "testimony-redacted.txt",
        "names of relatives removed",
    )
    .unwrap();
    l.custody(
        "analyst-1",
        &a.id,
        "prosecutor's office",
        "handed over on encrypted drive",
    )
    .unwrap();
    l.link("analyst-1", &c.id, "imo:9353979", "crew list")
        .unwrap();
    l.checkpoint().unwrap();
    (l, w)
}

#[test]
fn a_case_file_is_recorded_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (l, w) = case(dir.path());
    assert_eq!(l.size(), 10);
    let a = l.item("EV-0001").unwrap();
    assert_eq!(
        a.capture.collected_at, "2023-10-13T08:30:00Z",
        "times are kept in UTC"
    );
    assert_eq!(a.grade.unwrap().to_string(), "B2");
    assert_eq!(a.custodian, "prosecutor's office");
    assert_eq!(a.links[0].entity, "imo:9353979");
    let b = l.item("EV-0002").unwrap();
    assert_eq!(b.source.as_deref(), Some(w.as_str()));
    assert_eq!(b.redactions.len(), 1);
    assert_eq!(b.tlp, Tlp::AmberStrict);
    assert_eq!(
        l.items_for_entity("imo:9353979").unwrap(),
        vec!["EV-0001", "EV-0003"]
    );
    let report = l.verify(&VerifyOptions {
        files: true,
        external: Vec::new(),
    });
    let report = report.unwrap();
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.events, 10);
    assert_eq!(report.items, 3);
    assert_eq!(report.files, 4);

    // Witness identity: never in the log, revealed only with the key.
    for seq in 0..l.size() {
        let leaf = String::from_utf8(l.event_bytes(seq).unwrap()).unwrap();
        assert!(
            !leaf.contains("Ri Chol Ho") && !leaf.contains("partner NGO"),
            "{leaf}"
        );
    }
    let raw = fs::read(Ledger::db_path(dir.path())).unwrap();
    assert!(
        !raw.windows(10).any(|w| w == b"Ri Chol Ho"),
        "the identity is sealed at rest"
    );
    assert!(l.person(&w, false).unwrap().identity.is_none());
    assert_eq!(
        l.person(&w, true).unwrap().identity.unwrap().name,
        "Ri Chol Ho"
    );
    drop(l);
    let elsewhere = tempfile::tempdir().unwrap();
    let l = Ledger::open(dir.path(), Some(&elsewhere.path().join("no.key"))).unwrap();
    assert!(!l.has_clearance());
    assert!(matches!(l.person(&w, true), Err(Error::NoClearance(_))));
}

#[test]
fn bad_writes_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, _) = case(dir.path());
    let before = l.size();
    let cases: Vec<(&str, Result<u64, Error>)> = vec![
        ("unknown item", l.link("a", "EV-9999", "imo:1", "claim")),
        ("empty claim", l.link("a", "EV-0001", "imo:1", "  ")),
        (
            "control characters",
            l.link("a", "EV-0001", "imo:1", "x\u{0}y"),
        ),
        ("custody from the wrong holder", {
            // EV-0001 is held by the prosecutor's office; append a hand-over from someone else.
            l.append(
                "a",
                vec![ce2_ledger::event::Body::Custody {
                    item: "EV-0001".into(),
                    from: "analyst-1".into(),
                    to: "x".into(),
                    reason: "r".into(),
                }],
            )
            .map(|v| v[0])
        }),
        (
            "unknown source",
            l.add(
                "a",
                &mut &b"x"[..],
                new_item("x", Tlp::Green, Some("W-NOPE0000".into())),
            )
            .map(|(_, s)| s),
        ),
        ("bad time", {
            let mut n = new_item("x", Tlp::Green, None);
            n.capture.collected_at = "yesterday".into();
            l.add("a", &mut &b"x"[..], n).map(|(_, s)| s)
        }),
        ("capture hash differs", {
            let mut n = new_item("x", Tlp::Green, None);
            n.capture.hash_at_capture = Some(ce2_ledger::Digest256([9; 32]));
            l.add("a", &mut &b"x"[..], n).map(|(_, s)| s)
        }),
    ];
    for (what, result) in cases {
        assert!(result.is_err(), "{what}: accepted");
    }
    assert_eq!(l.size(), before, "nothing was appended");
    assert!(l.verify(&VerifyOptions::default()).unwrap().ok());
    // And the log goes on from where it was.
    let seq = l
        .link("a", "EV-0001", "imo:9353979", "second claim")
        .unwrap();
    assert_eq!(seq, before);
}

/// One way of tampering, and the finding a verification must make.
struct Tamper {
    what: &'static str,
    code: &'static str,
    event: Option<u64>,
    item: Option<&'static str>,
    act: fn(&Path, &Connection),
}

fn blob_path(dir: &Path, conn: &Connection, item: &str) -> std::path::PathBuf {
    let state: String = conn
        .query_row("SELECT state FROM items WHERE id = ?1", [item], |r| {
            r.get(0)
        })
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    let hash = v["file"]["hash"]
        .as_str()
        .unwrap()
        .trim_start_matches("sha256:");
    dir.join("blobs/sha256").join(&hash[..2]).join(hash)
}

fn writable(path: &Path) {
    let mut p = fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    p.set_readonly(false);
    fs::set_permissions(path, p).unwrap();
}

fn edit_event(conn: &Connection, seq: i64, from: &str, to: &str) {
    let leaf: Vec<u8> = conn
        .query_row("SELECT leaf FROM events WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .unwrap();
    let text = String::from_utf8(leaf).unwrap();
    assert!(text.contains(from), "{text}");
    conn.execute(
        "UPDATE events SET leaf = ?1 WHERE seq = ?2",
        params![text.replace(from, to).into_bytes(), seq],
    )
    .unwrap();
}

fn tampers() -> Vec<Tamper> {
    vec![
        Tamper {
            what: "a stored file's bytes changed",
            code: "file_corrupted",
            event: Some(1),
            item: Some("EV-0001"),
            act: |dir, conn| {
                let p = blob_path(dir, conn, "EV-0001");
                writable(&p);
                fs::write(&p, b"doctored image").unwrap();
            },
        },
        Tamper {
            what: "a stored file removed",
            code: "file_missing",
            event: Some(3),
            item: Some("EV-0003"),
            act: |dir, conn| fs::remove_file(blob_path(dir, conn, "EV-0003")).unwrap(),
        },
        Tamper {
            what: "an event's row edited",
            code: "event_changed",
            event: Some(4),
            item: None,
            act: |_, conn| edit_event(conn, 4, "Rajin", "Nampo"),
        },
        Tamper {
            what: "an event's row edited and its stored leaf hash recomputed",
            code: "chain_broken",
            event: Some(4),
            item: None,
            act: |_, conn| {
                edit_event(conn, 4, "Rajin", "Nampo");
                let leaf: Vec<u8> = conn
                    .query_row("SELECT leaf FROM events WHERE seq = 4", [], |r| r.get(0))
                    .unwrap();
                conn.execute(
                    "UPDATE nodes SET hash = ?1 WHERE id = 4",
                    [ce2_tlog::merkle::leaf_hash(&leaf).to_vec()],
                )
                .unwrap();
            },
        },
        Tamper {
            what: "two events swapped",
            code: "event_moved",
            event: Some(5),
            item: None,
            act: |_, conn| {
                let a: Vec<u8> = conn
                    .query_row("SELECT leaf FROM events WHERE seq = 5", [], |r| r.get(0))
                    .unwrap();
                let b: Vec<u8> = conn
                    .query_row("SELECT leaf FROM events WHERE seq = 6", [], |r| r.get(0))
                    .unwrap();
                conn.execute("UPDATE events SET leaf = ?1 WHERE seq = 5", [b])
                    .unwrap();
                conn.execute("UPDATE events SET leaf = ?1 WHERE seq = 6", [a])
                    .unwrap();
            },
        },
        Tamper {
            what: "the last events removed",
            code: "truncated",
            event: Some(9),
            item: None,
            act: |_, conn| {
                conn.execute("DELETE FROM events WHERE seq >= 9", [])
                    .unwrap();
            },
        },
        Tamper {
            what: "an event removed from the middle",
            code: "event_missing",
            event: Some(7),
            item: None,
            act: |_, conn| {
                conn.execute("DELETE FROM events WHERE seq = 7", [])
                    .unwrap();
            },
        },
        Tamper {
            what: "an item's stored state edited",
            code: "state_changed",
            event: None,
            item: Some("EV-0003"),
            act: |_, conn| {
                conn.execute(
                    "UPDATE items SET state = replace(state, 'TLP:RED', 'TLP:CLEAR') WHERE id = 'EV-0003'",
                    [],
                )
                .unwrap();
            },
        },
        Tamper {
            what: "a sealed identity substituted",
            code: "person_unsealable",
            event: Some(0),
            item: None,
            act: |_, conn| {
                conn.execute("UPDATE persons SET sealed = zeroblob(80)", [])
                    .unwrap();
            },
        },
        Tamper {
            what: "a sealed identity removed",
            code: "person_missing",
            event: Some(0),
            item: None,
            act: |_, conn| {
                conn.execute("DELETE FROM persons", []).unwrap();
            },
        },
        Tamper {
            what: "a checkpoint forged",
            code: "checkpoint_signature",
            event: None,
            item: None,
            act: |_, conn| {
                conn.execute(
                    "UPDATE checkpoints SET note = replace(note, char(10) || '10' || char(10), char(10) || '12' || char(10))",
                    [],
                )
                .unwrap();
            },
        },
    ]
}

#[test]
fn every_kind_of_tampering_is_found_and_named() {
    for t in tampers() {
        let dir = tempfile::tempdir().unwrap();
        let (l, _) = case(dir.path());
        drop(l);
        let conn = Connection::open(Ledger::db_path(dir.path())).unwrap();
        (t.act)(dir.path(), &conn);
        drop(conn);
        let l = Ledger::open(dir.path(), None);
        let l = match l {
            Ok(l) => l,
            Err(e) => panic!("{}: the ledger no longer opens: {e}", t.what),
        };
        let report = l
            .verify(&VerifyOptions {
                files: true,
                external: Vec::new(),
            })
            .unwrap();
        let hit = report.findings.iter().find(|f| f.code == t.code);
        let Some(hit) = hit else {
            panic!("{}: no {} finding in {:?}", t.what, t.code, report.findings);
        };
        assert_eq!(hit.event, t.event, "{}: {hit:?}", t.what);
        assert_eq!(hit.item.as_deref(), t.item, "{}: {hit:?}", t.what);
    }
}

#[test]
fn a_truncation_that_removed_the_checkpoints_too_is_caught_by_a_checkpoint_kept_outside() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, _) = case(dir.path());
    let kept = l.checkpoint().unwrap().note; // a partner holds this
    drop(l);
    let conn = Connection::open(Ledger::db_path(dir.path())).unwrap();
    conn.execute_batch(
        "DELETE FROM events WHERE seq >= 8; DELETE FROM nodes WHERE (id >> 56) = 0 AND (id & 255) >= 8; \
         DELETE FROM checkpoints;",
    )
    .unwrap();
    drop(conn);
    l = Ledger::open(dir.path(), None).unwrap();
    let alone = l.verify(&VerifyOptions::default()).unwrap();
    let with = l
        .verify(&VerifyOptions {
            files: false,
            external: vec![kept],
        })
        .unwrap();
    assert!(
        with.findings
            .iter()
            .any(|f| f.code == "truncated" && f.event == Some(8)),
        "{:?}",
        with.findings
    );
    assert!(with.findings.len() > alone.findings.len());
}

#[test]
fn proofs_from_the_ledger_verify_against_its_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let (mut l, _) = case(dir.path());
    let first = l.checkpoint().unwrap();
    for i in 0..37 {
        l.link("a", "EV-0001", &format!("imo:{i}"), "seen").unwrap();
    }
    let second = l.checkpoint().unwrap();
    let v = l.verifier();
    let (cp1, _) = ce2_tlog::checkpoint::open(first.note.as_bytes(), l.origin(), &v, &[]).unwrap();
    let (cp2, _) = ce2_tlog::checkpoint::open(second.note.as_bytes(), l.origin(), &v, &[]).unwrap();
    for seq in 0..cp2.size {
        let leaf = ce2_tlog::merkle::leaf_hash(&l.event_bytes(seq).unwrap());
        assert_eq!(leaf, l.leaf_hash(seq).unwrap());
        let proof = l.inclusion_proof(seq, cp2.size).unwrap();
        ce2_tlog::merkle::verify_inclusion(seq, cp2.size, &leaf, &proof, &cp2.root).unwrap();
        if seq < cp1.size {
            let proof = l.inclusion_proof(seq, cp1.size).unwrap();
            ce2_tlog::merkle::verify_inclusion(seq, cp1.size, &leaf, &proof, &cp1.root).unwrap();
        }
    }
    let proof = l.consistency_proof(cp1.size, cp2.size).unwrap();
    ce2_tlog::merkle::verify_consistency(cp1.size, cp2.size, &proof, &cp1.root, &cp2.root).unwrap();
    // Every event in the log reads back as written.
    let events = l.events(0, l.size()).unwrap();
    assert_eq!(events.len() as u64, l.size());
    for (seq, bytes) in events {
        assert_eq!(Event::from_bytes(&bytes).unwrap().seq, seq);
    }
    assert!(l.inclusion_proof(5, l.size() + 1).is_err());
    assert!(l.consistency_proof(0, 3).is_err());
}

#[test]
fn opening_something_else_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let err = Ledger::open(dir.path(), None).unwrap_err();
    assert_eq!(err.code(), "not_a_ledger");
    let conn = Connection::open(Ledger::db_path(dir.path())).unwrap();
    conn.execute_batch("CREATE TABLE t (x)").unwrap();
    drop(conn);
    let err = Ledger::open(dir.path(), None).unwrap_err();
    assert_eq!(err.code(), "not_a_ledger", "{err}");
    let other = tempfile::tempdir().unwrap();
    Ledger::init(other.path(), None, None).unwrap();
    assert!(
        Ledger::init(other.path(), None, None).is_err(),
        "init twice"
    );
    assert!(Ledger::init(dir.path(), Some("has space"), None).is_err());
}
