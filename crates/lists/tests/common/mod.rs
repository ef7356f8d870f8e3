//! Helpers shared by the reader tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// A file of the shared real data (`../shared/data/` beside the repository, or the folder named
/// by `CE2_SHARED_DATA`). Returns `None`, after printing a notice, when it is absent, so that the
/// test can skip.
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    let base = match std::env::var_os("CE2_SHARED_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    let path = base.join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("notice: {} is absent; skipping this test", path.display());
        None
    }
}

/// A fixture written by this project, under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}
