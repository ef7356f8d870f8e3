//! The sample lists, compiled into the binary so that `ce2 demo` works offline anywhere.

use std::path::{Path, PathBuf};

/// The sample files as (path inside the sample folder, bytes). They are written out under the
/// publishers' own file names; in the repository they carry `.sample` so that no one takes them
/// for copies of the real lists.
pub const FILES: &[(&str, &[u8])] = &[
    ("README.md", include_bytes!("../sample/README.md")),
    (
        "un_consolidated.xml",
        include_bytes!("../sample/un_sample.xml"),
    ),
    ("eu_fsf.xml", include_bytes!("../sample/eu_fsf.xml")),
    (
        "uk_sanctions_list.csv",
        include_bytes!("../sample/uk_sanctions_list.csv"),
    ),
    (
        "ofac-2026-10-01/sdn.csv",
        include_bytes!("../sample/ofac-2026-10-01/sdn.sample.csv"),
    ),
    (
        "ofac-2026-10-01/add.csv",
        include_bytes!("../sample/ofac-2026-10-01/add.sample.csv"),
    ),
    (
        "ofac-2026-10-01/alt.csv",
        include_bytes!("../sample/ofac-2026-10-01/alt.sample.csv"),
    ),
    (
        "ofac-2026-10-01/sdn_comments.csv",
        include_bytes!("../sample/ofac-2026-10-01/sdn_comments.sample.csv"),
    ),
    (
        "ofac-2026-11-02/sdn.csv",
        include_bytes!("../sample/ofac-2026-11-02/sdn.sample.csv"),
    ),
    (
        "ofac-2026-11-02/add.csv",
        include_bytes!("../sample/ofac-2026-11-02/add.sample.csv"),
    ),
    (
        "ofac-2026-11-02/alt.csv",
        include_bytes!("../sample/ofac-2026-11-02/alt.sample.csv"),
    ),
    (
        "ofac-2026-11-02/sdn_comments.csv",
        include_bytes!("../sample/ofac-2026-11-02/sdn_comments.sample.csv"),
    ),
];

/// Write the sample files under `dir`, creating it. Returns the paths written.
pub fn write(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, data) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, data)?;
        written.push(path);
    }
    Ok(written)
}
