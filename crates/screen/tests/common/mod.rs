//! Helpers shared by the screening tests.
#![allow(dead_code)]

use std::path::PathBuf;

// Not every test file reaches the shared data.
#[allow(unused_imports)]
pub use ce2_testdata::shared_file;

/// Rows of a CSV file as fields, header first.
pub fn read_csv(path: &PathBuf) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}
