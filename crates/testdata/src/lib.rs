//! For tests only: the one place that knows where the shared real data lives.
//!
//! The data is `../shared/data/` beside the repository, or the folder named by
//! `CE2_SHARED_DATA`. It is never copied into the repository; a test that needs a file asks for
//! it here and skips, after printing a notice, when the file is absent.

use std::path::PathBuf;

/// The folder of the shared real data.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("CE2_SHARED_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// A file of the shared real data, or `None` after printing a notice when it is absent, so that
/// the test can skip.
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    let path = shared_dir().join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("notice: {} is absent; skipping this test", path.display());
        None
    }
}
