//! Helpers shared by the reader tests.
#![allow(dead_code)]

use std::path::PathBuf;

// Not every test file reaches the shared data.
#[allow(unused_imports)]
pub use ce2_testdata::shared_file;

/// A fixture written by this project, under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}
