//! Records of CSV and JSON-lines files as text fields, with their line numbers.
//!
//! JSON numbers are taken as written (through `serde_json`'s raw values), never through a
//! float, so 401346000000000000000000 stays exact.

use std::collections::HashMap;

use ce2_model::problem::Problem;
use serde_json::value::RawValue;

/// One record: field name → text (JSON `null` and empty CSV cells are absent).
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 1-based line of the record.
    pub line: u64,
    /// The fields.
    pub fields: HashMap<String, String>,
}

impl Record {
    /// A field, if present and not empty.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.fields
            .get(k)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// Read CSV (with a header) or JSON (one object per line, or one array of objects): told by
/// the first non-blank character.
pub fn read(bytes: &[u8], file: &str) -> (Vec<Record>, Vec<Problem>) {
    let text = String::from_utf8_lossy(bytes);
    let first = text.trim_start().chars().next();
    match first {
        None => (Vec::new(), Vec::new()),
        Some('{') => read_json_lines(&text, file),
        Some('[') => read_json_array(&text, file),
        Some(_) => read_csv(bytes, file),
    }
}

fn raw_to_text(raw: &RawValue) -> Option<String> {
    let s = raw.get().trim();
    match s.chars().next()? {
        'n' if s == "null" => None,
        '"' => serde_json::from_str::<String>(s).ok(),
        '[' => {
            // Arrays of scalars (trace_address, addresses) as comma-separated text.
            let items: Vec<Box<RawValue>> = serde_json::from_str(s).ok()?;
            Some(
                items
                    .iter()
                    .filter_map(|v| raw_to_text(v))
                    .collect::<Vec<_>>()
                    .join(","),
            )
        }
        _ => Some(s.to_string()),
    }
}

fn record_from_json(obj: &str, line: u64, file: &str) -> Result<Record, Problem> {
    let map: HashMap<String, Box<RawValue>> = serde_json::from_str(obj)
        .map_err(|e| Problem::error("bad_record", format!("{file}: {e}")).at_line(line))?;
    let fields = map
        .into_iter()
        .filter_map(|(k, v)| raw_to_text(&v).map(|t| (k, t)))
        .collect();
    Ok(Record { line, fields })
}

/// The raw JSON objects of a JSON-lines or JSON-array text with their lines, for readers that
/// need nested values.
pub fn json_objects(bytes: &[u8], file: &str) -> (Vec<(u64, Box<RawValue>)>, Vec<Problem>) {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    if text.trim_start().starts_with('[') {
        match serde_json::from_str::<Vec<Box<RawValue>>>(&text) {
            Ok(items) => out.extend(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (i as u64 + 1, v)),
            ),
            Err(e) => problems
                .push(Problem::error("bad_file", format!("{file}: {e}")).at_line(e.line() as u64)),
        }
        return (out, problems);
    }
    for (i, l) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if l.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Box<RawValue>>(l) {
            Ok(v) => out.push((line, v)),
            Err(e) => {
                problems.push(Problem::error("bad_record", format!("{file}: {e}")).at_line(line))
            }
        }
    }
    (out, problems)
}

fn read_json_lines(text: &str, file: &str) -> (Vec<Record>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        match record_from_json(l, i as u64 + 1, file) {
            Ok(r) => out.push(r),
            Err(p) => problems.push(p),
        }
    }
    (out, problems)
}

fn read_json_array(text: &str, file: &str) -> (Vec<Record>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    match serde_json::from_str::<Vec<Box<RawValue>>>(text) {
        Ok(items) => {
            for (i, item) in items.iter().enumerate() {
                match record_from_json(item.get(), i as u64 + 1, file) {
                    Ok(r) => out.push(r),
                    Err(p) => problems.push(p),
                }
            }
        }
        Err(e) => problems
            .push(Problem::error("bad_file", format!("{file}: {e}")).at_line(e.line() as u64)),
    }
    (out, problems)
}

fn read_csv(bytes: &[u8], file: &str) -> (Vec<Record>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(Problem::error("bad_header", format!("{file}: {e}")).at_line(1));
            return (out, problems);
        }
    };
    for rec in rdr.records() {
        match rec {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line());
                if rec.len() != headers.len() {
                    problems.push(
                        Problem::error(
                            "bad_record",
                            format!(
                                "{file}: {} fields where the header has {}",
                                rec.len(),
                                headers.len()
                            ),
                        )
                        .at_line(line),
                    );
                    continue;
                }
                let fields = headers
                    .iter()
                    .zip(rec.iter())
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                out.push(Record { line, fields });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem::error("bad_record", format!("{file}: {e}")).at_line(line));
            }
        }
    }
    (out, problems)
}
