//! Helpers shared by the screening tests.
#![allow(dead_code)]

use std::path::PathBuf;

// Not every test file reaches the shared data.
#[allow(unused_imports)]
pub use ce2_testdata::shared_file;

/// Rows of a small CSV file as fields, header first. Handles quoted fields with commas and
/// doubled quotes, which is all the matching fixtures use; no field spans lines.
pub fn read_csv(path: &PathBuf) -> Vec<Vec<String>> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(split_csv_line)
        .collect()
}

fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}
