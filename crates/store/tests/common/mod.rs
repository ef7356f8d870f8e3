//! Helpers shared by the store tests.
#![allow(dead_code)]

pub mod synthetic;

use std::path::PathBuf;

use ce2_model::{Entity, Provenance};
use ce2_store::NewVersion;
use serde_json::Value;

// Not every test file reaches the shared data.
#[allow(unused_imports)]
pub use ce2_testdata::shared_file;

/// A fixture written by this project, under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Read a fixture of `{"record": …, "entity": {FtM entity}}` lines as one version of a
/// dataset: the facts of the file (its SHA-256 is that of the fixture's bytes) and its
/// entities, each value with the record as provenance.
pub fn load(rel: &str, dataset: &str, published: &str) -> (NewVersion, Vec<Entity>) {
    let data = std::fs::read(fixture(rel)).unwrap();
    let mut new = NewVersion::for_bytes(dataset, rel, "ftm", &data);
    new.title = format!("{dataset} (fixture)");
    new.publisher = "ce2 tests".into();
    new.published = Some(published.into());
    let entities = std::str::from_utf8(&data)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let record = v["record"].as_str().unwrap();
            let prov = Provenance::new(dataset, record, Some(published));
            let (entity, problems) = Entity::from_ftm(&v["entity"], prov).unwrap();
            assert!(problems.is_empty(), "{problems:?}");
            entity
        })
        .collect();
    (new, entities)
}

/// Facts for a synthetic version: a made-up source whose SHA-256 is that of `tag`.
pub fn synthetic_version(dataset: &str, tag: &str) -> NewVersion {
    let mut new =
        NewVersion::for_bytes(dataset, &format!("synthetic:{tag}"), "ftm", tag.as_bytes());
    new.published = Some("2026-01-01".into());
    new
}
