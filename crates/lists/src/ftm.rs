//! FollowTheMoney JSON lines: `entities.ftm.json` exports and delta files.
//!
//! Entities are read as they are, without cleaning, so that a file read and written again is
//! unchanged. The dataset is taken from the caller (a file has no name for itself); each entity's
//! own `datasets` field, when present, is kept verbatim among its extra fields.

use ce2_model::{Entity, Problem, Provenance};
use serde_json::Value as Json;

use crate::{text, Format, InputFile, ListMeta, ReadError, ReadOutput};

pub use ce2_model::DeltaOp;

/// What a delta file holds: operations in order, and the problems found.
#[derive(Debug, Clone)]
pub struct DeltaOutput {
    /// Facts about the file.
    pub meta: ListMeta,
    /// The operations, in file order.
    pub ops: Vec<DeltaOp>,
    /// What was wrong with individual lines.
    pub problems: Vec<Problem>,
}

fn malformed(file: &InputFile, line: u64, offset: usize, message: String) -> ReadError {
    ReadError::malformed(file, line, offset as u64, None, message)
}

/// Iterate over the non-empty lines of a UTF-8 text with their 1-based number and byte offset.
fn lines(body: &str) -> impl Iterator<Item = (u64, usize, &str)> {
    let mut offset = 0usize;
    body.split('\n').enumerate().filter_map(move |(i, line)| {
        let start = offset;
        offset += line.len() + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            None
        } else {
            Some((i as u64 + 1, start, line))
        }
    })
}

fn meta(dataset: &str, format: Format) -> ListMeta {
    ListMeta {
        dataset: dataset.to_string(),
        title: format!("FollowTheMoney data ({dataset})"),
        publisher: "FollowTheMoney export".to_string(),
        published: None,
        format,
    }
}

/// Read an `entities.ftm.json` file (one entity per line) as dataset `dataset`.
///
/// A line that is not JSON is a file-level error: JSON lines files are machine-written, and a
/// broken line means a truncated or corrupted file. An entity with an unknown schema or without
/// an id is a record-level problem: it is listed, and the rest of the file is read.
pub fn read_entities(file: &InputFile, dataset: &str) -> Result<ReadOutput, ReadError> {
    text::require_content(file)?;
    let body = text::utf8(file)?;
    let mut out = ReadOutput {
        meta: meta(dataset, Format::Ftm),
        entities: Vec::new(),
        problems: Vec::new(),
        records: 0,
    };
    for (line, offset, raw) in lines(body) {
        let json: Json = serde_json::from_str(raw)
            .map_err(|e| malformed(file, line, offset, format!("not a JSON object: {e}")))?;
        if json.get("op").is_some() && json.get("entity").is_some() {
            return Err(ReadError::WrongFormat {
                file: file.name.to_string(),
                expected: Format::Ftm.description().to_string(),
                found: Format::FtmDelta.description().to_string(),
            });
        }
        out.records += 1;
        let record = json
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string();
        match Entity::from_ftm(&json, Provenance::new(dataset, &record, None)) {
            Ok((entity, problems)) => {
                out.problems
                    .extend(problems.into_iter().map(|p| p.at_line(line)));
                out.entities.push(entity);
            }
            Err(e) => out.problems.push(
                Problem::error("bad_record", e.to_string())
                    .with_record(Some(record).filter(|r| !r.is_empty()))
                    .at_line(line),
            ),
        }
    }
    Ok(out)
}

/// Read an `entities.delta.json` file: lines of `{"op": "ADD"|"MOD"|"DEL", "entity": {…}}`.
pub fn read_delta(file: &InputFile, dataset: &str) -> Result<DeltaOutput, ReadError> {
    text::require_content(file)?;
    let body = text::utf8(file)?;
    let mut out = DeltaOutput {
        meta: meta(dataset, Format::FtmDelta),
        ops: Vec::new(),
        problems: Vec::new(),
    };
    for (line, offset, raw) in lines(body) {
        let json: Json = serde_json::from_str(raw)
            .map_err(|e| malformed(file, line, offset, format!("not a JSON object: {e}")))?;
        let op = match json.get("op").and_then(Json::as_str) {
            Some(op @ ("ADD" | "MOD" | "DEL")) => op,
            Some(other) => {
                out.problems.push(
                    Problem::error("bad_record", format!("unknown delta op {other:?}"))
                        .at_line(line),
                );
                continue;
            }
            None if json.get("schema").is_some() => {
                return Err(ReadError::WrongFormat {
                    file: file.name.to_string(),
                    expected: Format::FtmDelta.description().to_string(),
                    found: Format::Ftm.description().to_string(),
                })
            }
            None => {
                return Err(malformed(
                    file,
                    line,
                    offset,
                    "a delta line needs \"op\"".into(),
                ))
            }
        };
        let Some(entity) = json.get("entity") else {
            return Err(malformed(
                file,
                line,
                offset,
                "a delta line needs \"entity\"".into(),
            ));
        };
        let record = entity
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string();
        if op == "DEL" {
            // A deletion names the entity only.
            if record.is_empty() {
                out.problems.push(
                    Problem::error("bad_record", "a DEL line without an entity id").at_line(line),
                );
            } else {
                out.ops.push(DeltaOp::Del(record));
            }
            continue;
        }
        match Entity::from_ftm(entity, Provenance::new(dataset, &record, None)) {
            Ok((entity, problems)) => {
                out.problems
                    .extend(problems.into_iter().map(|p| p.at_line(line)));
                out.ops.push(if op == "ADD" {
                    DeltaOp::Add(entity)
                } else {
                    DeltaOp::Mod(entity)
                });
            }
            Err(e) => out.problems.push(
                Problem::error("bad_record", e.to_string())
                    .with_record(Some(record).filter(|r| !r.is_empty()))
                    .at_line(line),
            ),
        }
    }
    Ok(out)
}

/// Write entities as FtM JSON lines.
pub fn write_entities<'a>(
    entities: impl IntoIterator<Item = &'a Entity>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for entity in entities {
        serde_json::to_writer(&mut *out, &entity.to_ftm())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
