//! The values the store takes and gives: new versions, version and dataset facts, counts.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

/// The lowercase hex SHA-256 of some bytes, as stored in `versions.sha256`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Facts about a list file that is about to become a version of its dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    /// The dataset (`un_sc`, `us_ofac_sdn`, `eu_fsf`, `gb_fcdo`).
    pub dataset: String,
    /// A title for people; updates the dataset's title.
    pub title: String,
    /// Who publishes the list; updates the dataset's publisher.
    pub publisher: String,
    /// The publication date the file states, where it states one. Becomes the `published`
    /// of every value's provenance when the version's entities are read.
    pub published: Option<String>,
    /// Where the bytes came from: a path or a URL.
    pub source: String,
    /// Lowercase hex SHA-256 of the source bytes ([`sha256_hex`]).
    pub sha256: String,
    /// Size of the source bytes.
    pub size: u64,
    /// The format read (`un-xml`, `ofac-csv`, `ftm`, `ftm-delta`, …).
    pub format: String,
    /// The HTTP `ETag` the file was served with, if it was downloaded.
    pub etag: Option<String>,
    /// The HTTP `Last-Modified` the file was served with, if it was downloaded.
    pub last_modified: Option<String>,
}

impl NewVersion {
    /// Facts for a file's bytes: their SHA-256 and size are computed here; title and publisher
    /// default to the dataset name and an empty string.
    pub fn for_bytes(dataset: &str, source: &str, format: &str, data: &[u8]) -> NewVersion {
        NewVersion {
            dataset: dataset.to_string(),
            title: dataset.to_string(),
            publisher: String::new(),
            published: None,
            source: source.to_string(),
            sha256: sha256_hex(data),
            size: data.len() as u64,
            format: format.to_string(),
            etag: None,
            last_modified: None,
        }
    }
}

/// Whether a version was ingested from a whole list or made by applying a delta to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionKind {
    /// A whole list file.
    Full,
    /// FtM delta operations applied to the version that was current.
    Delta,
}

impl VersionKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            VersionKind::Full => "full",
            VersionKind::Delta => "delta",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<VersionKind> {
        match s {
            "full" => Some(VersionKind::Full),
            "delta" => Some(VersionKind::Delta),
            _ => None,
        }
    }
}

/// How many entities of each schema a version holds, and how many Sanction entities name each
/// program.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entities by schema name.
    pub schema: BTreeMap<String, u64>,
    /// Sanction entities by `program` value (a sanction with two programs counts for both).
    pub program: BTreeMap<String, u64>,
}

impl Counts {
    /// The JSON stored in `versions.counts`: `{"schema": {…}, "program": {…}}`.
    pub fn to_json(&self) -> Json {
        let map = |m: &BTreeMap<String, u64>| -> Json {
            Json::Object(m.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
        };
        json!({ "schema": map(&self.schema), "program": map(&self.program) })
    }

    /// Read counts stored by [`Counts::to_json`]; anything else gives `None`.
    pub fn from_json(json: &Json) -> Option<Counts> {
        let map = |m: Option<&Map<String, Json>>| -> Option<BTreeMap<String, u64>> {
            m?.iter()
                .map(|(k, v)| v.as_u64().map(|n| (k.clone(), n)))
                .collect()
        };
        Some(Counts {
            schema: map(json.get("schema")?.as_object())?,
            program: map(json.get("program")?.as_object())?,
        })
    }
}

/// One stored version of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    /// The version id, increasing across all datasets.
    pub id: i64,
    /// The dataset.
    pub dataset: String,
    /// Whole list or delta.
    pub kind: VersionKind,
    /// The version that was current when this one was written.
    pub parent: Option<i64>,
    /// The publication date the file states.
    pub published: Option<String>,
    /// When it was written, UTC (`2026-02-27T08:15:02.123Z`).
    pub ingested_at: String,
    /// Path or URL of the source bytes.
    pub source: String,
    /// Lowercase hex SHA-256 of the source bytes.
    pub sha256: String,
    /// Size of the source bytes.
    pub size: u64,
    /// The format read.
    pub format: String,
    /// HTTP `ETag`, if downloaded.
    pub etag: Option<String>,
    /// HTTP `Last-Modified`, if downloaded.
    pub last_modified: Option<String>,
    /// Entities in the version.
    pub entity_count: u64,
    /// Problems recorded for the version.
    pub problem_count: u64,
    /// Entities by schema and sanctions by program.
    pub counts: Counts,
}

/// What an ingest or a delta did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// The version now current: the new one, or the existing one when nothing was written.
    pub version: VersionInfo,
    /// False when the source bytes had the same SHA-256 as the current version, so nothing
    /// was written.
    pub created: bool,
}

/// A dataset and its current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetInfo {
    /// The dataset name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its publisher.
    pub publisher: String,
    /// The current version, with its counts by schema and program.
    pub current: Option<VersionInfo>,
}

/// One entity of a cross-list subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubjectMember {
    /// The dataset whose current version held the entity when the subjects were set.
    pub dataset: String,
    /// The entity id.
    pub entity_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_trip_through_json() {
        let mut counts = Counts::default();
        counts.schema.insert("Person".into(), 80);
        counts.schema.insert("Sanction".into(), 155);
        counts.program.insert("DPRK3".into(), 12);
        let json = counts.to_json();
        assert_eq!(
            json.to_string(),
            r#"{"schema":{"Person":80,"Sanction":155},"program":{"DPRK3":12}}"#
        );
        assert_eq!(Counts::from_json(&json), Some(counts));
        assert_eq!(Counts::from_json(&json!({"schema": {"Person": -1}})), None);
    }

    #[test]
    fn sha256_of_known_bytes() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
