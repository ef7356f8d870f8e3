//! FollowTheMoney JSON lines and delta files: round trips, provenance and bad input.

mod common;

use ce2_lists::ftm::{read_delta, read_entities, write_entities, DeltaOp};
use ce2_lists::InputFile;
use serde_json::Value;

/// Every line read and written again is the same JSON, with its keys in the same order.
fn assert_round_trip(name: &str, data: &[u8], dataset: &str) -> usize {
    let out = read_entities(&InputFile::new(name, data), dataset).expect("readable");
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let mut written = Vec::new();
    write_entities(&out.entities, &mut written).unwrap();
    let originals: Vec<Value> = std::str::from_utf8(data)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let again: Vec<Value> = std::str::from_utf8(&written)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(originals.len(), again.len());
    for (a, b) in originals.iter().zip(&again) {
        // Compact serialisation compares key order too.
        assert_eq!(
            serde_json::to_string(a).unwrap(),
            serde_json::to_string(b).unwrap()
        );
    }
    originals.len()
}

#[test]
fn fixture_round_trips_and_keeps_provenance() {
    let data = std::fs::read(common::fixture("ftm/sample.ftm.json")).unwrap();
    assert_eq!(assert_round_trip("sample.ftm.json", &data, "sample"), 3);
    let out = read_entities(&InputFile::new("sample.ftm.json", &data), "sample").unwrap();
    let person = &out.entities[1];
    assert_eq!(person.get("name"), ["PAK Chol Su", "박철수"]);
    let (_, prov) = person.values("name").next().unwrap();
    assert_eq!(
        (prov.dataset.as_str(), prov.record.as_str()),
        ("sample", "kp-person-1")
    );
}

#[test]
fn shared_ftm_files_round_trip_unchanged() {
    for (rel, lines) in [
        ("sanctions/ftm/zala_entities.ftm.json", 91),
        ("sanctions/ftm/eu_fsf_sample_entities.ftm.json", 7),
    ] {
        let Some(path) = common::shared_file(rel) else {
            continue;
        };
        let data = std::fs::read(&path).unwrap();
        assert_eq!(assert_round_trip(rel, &data, "shared"), lines, "{rel}");
    }
}

#[test]
fn shared_delta_files_read_in_order() {
    let Some(path) =
        common::shared_file("sanctions/ftm/delta_example/20240527194702-wnk_entities.delta.json")
    else {
        return;
    };
    let data = std::fs::read(&path).unwrap();
    let out = read_delta(&InputFile::new("delta", &data), "sanctions").unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let lines = data
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    assert_eq!(out.ops.len(), lines);
    assert!(out.ops.iter().any(|op| matches!(op, DeltaOp::Add(_))));
    let Some(path) =
        common::shared_file("sanctions/ftm/delta_example/20240528074703-npf_entities.delta.json")
    else {
        return;
    };
    let data = std::fs::read(&path).unwrap();
    let out = read_delta(&InputFile::new("delta", &data), "sanctions").unwrap();
    assert_eq!(out.ops, [DeltaOp::Del("NK-500Poltergeist".to_string())]);
}

#[test]
fn bad_ftm_input_is_named() {
    let cases: [(&[u8], &str); 5] = [
        (b"", "empty_file"),
        (b"{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {}}\n{\"id\": \"b\", \"sch", "malformed"),
        (b"{\"op\": \"ADD\", \"entity\": {\"id\": \"a\", \"schema\": \"Person\", \"properties\": {}}}", "wrong_format"),
        (b"{\"id\": \"a\", \"schema\": \"Person\"}\n\xff\n", "bad_encoding"),
        (b"<?xml version=\"1.0\"?><x/>", "malformed"),
    ];
    for (data, code) in cases {
        let err = read_entities(&InputFile::new("in.json", data), "d").unwrap_err();
        assert_eq!(err.code(), code, "{err}");
    }
    let err = read_entities(
        &InputFile::new(
            "in.json",
            b"{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {}}\n{\"id\": \"b\", \"sch",
        ),
        "d",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "in.json:2 (byte 50): not a JSON object: EOF while parsing a string at line 1 column 16"
    );
}

#[test]
fn record_level_problems_are_listed_not_dropped() {
    let data = b"{\"id\": \"a\", \"schema\": \"Spaceship\", \"properties\": {}}\n{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {\"warpFactor\": [\"9\"], \"name\": [\"B\"]}}\n";
    let out = read_entities(&InputFile::new("in.json", data), "d").unwrap();
    assert_eq!(out.records, 2);
    assert_eq!(out.entities.len(), 1);
    // The unknown property is kept (nothing lost) and reported.
    assert_eq!(out.entities[0].get("warpFactor"), ["9"]);
    let codes: Vec<(&str, Option<u64>)> = out
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.line))
        .collect();
    assert_eq!(
        codes,
        [("bad_record", Some(1)), ("unknown_property", Some(2))]
    );
}
