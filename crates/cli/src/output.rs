//! Printing for people and for programs.

use std::io::Write;

use ce2_model::Entity;
use serde_json::Value as Json;

/// Where a command's output goes: standard output, or a file that appears whole or not at all.
///
/// A regular file is written as `.<name>.partial` beside it and renamed into place by
/// [`Sink::finish`]; dropped unfinished (an error on the way), the partial file is removed and
/// whatever was there before is left as it was. A destination that is not a regular file — a
/// device such as `/dev/null`, a FIFO, a terminal — is written directly, never replaced.
pub struct Sink {
    out: std::io::BufWriter<Box<dyn Write>>,
    /// `(partial, destination)` while a file is being written.
    rename: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl Sink {
    /// Standard output when `path` is `None`, else the file.
    pub fn create(path: Option<&std::path::Path>) -> anyhow::Result<Sink> {
        use anyhow::Context as _;
        let Some(p) = path else {
            return Ok(Sink {
                out: std::io::BufWriter::with_capacity(1 << 16, Box::new(std::io::stdout())),
                rename: None,
            });
        };
        let special = std::fs::metadata(p).is_ok_and(|m| !m.is_file());
        if special {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .with_context(|| format!("cannot write {}", p.display()))?;
            return Ok(Sink {
                out: std::io::BufWriter::with_capacity(1 << 16, Box::new(f)),
                rename: None,
            });
        }
        let name = p
            .file_name()
            .with_context(|| format!("cannot write {}: not a file name", p.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(".partial");
        let tmp = p.with_file_name(tmp_name);
        let f =
            std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", p.display()))?;
        Ok(Sink {
            out: std::io::BufWriter::with_capacity(1 << 16, Box::new(f)),
            rename: Some((tmp, p.to_path_buf())),
        })
    }

    /// Flush everything and, for a file, move it into place.
    pub fn finish(mut self) -> anyhow::Result<()> {
        use anyhow::Context as _;
        let dest = self.rename.as_ref().map(|(_, d)| d.display().to_string());
        let what = || {
            format!(
                "cannot write {}",
                dest.as_deref().unwrap_or("standard output")
            )
        };
        self.out.flush().with_context(what)?;
        if let Some((tmp, dest)) = self.rename.take() {
            if let Err(e) = std::fs::rename(&tmp, &dest) {
                let _ = std::fs::remove_file(&tmp);
                return Err(anyhow::Error::from(e).context(what()));
            }
        }
        Ok(())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.rename.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Write text to a file whole or not at all, or to standard output when no file is named (see
/// [`Sink`]). A closed pipe (`| head`) is reported as an IO error, which the binary's edge ends
/// quietly.
pub fn write_text(path: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    let mut sink = Sink::create(path)?;
    sink.write_all(bytes)?;
    sink.finish()
}

/// Print a JSON value on one line to standard output.
pub fn json(value: &Json) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")
}

/// An entity as JSON with the provenance of every value:
/// `{"id", "schema", "caption", "properties": {prop: [{"value", "dataset", "record", "published"}]}}`.
pub fn entity_json(entity: &Entity) -> Json {
    let mut props = serde_json::Map::new();
    for (prop, _) in entity.properties() {
        let values: Vec<Json> = entity
            .values(prop)
            .map(|(v, p)| {
                serde_json::json!({
                    "value": v,
                    "dataset": p.dataset,
                    "record": p.record,
                    "published": p.published,
                })
            })
            .collect();
        props.insert(prop.to_string(), Json::Array(values));
    }
    serde_json::json!({
        "id": entity.id,
        "schema": entity.schema().name,
        "caption": entity.caption(),
        "properties": props,
    })
}

/// An entity for people: its caption and schema, then each property with its values and, after
/// each value, the lists that state it.
pub fn entity_text(entity: &Entity, indent: &str) -> String {
    let mut s = format!(
        "{indent}{} [{}] {}\n",
        entity.caption(),
        entity.schema().name,
        entity.id
    );
    for (prop, _) in entity.properties() {
        // Links to other entities are shown with those entities, not as ids here.
        if entity
            .schema()
            .property(prop)
            .is_some_and(|p| p.kind == ce2_model::PropType::Entity)
        {
            continue;
        }
        let label = entity
            .schema()
            .property(prop)
            .map_or(prop, |p| p.label.as_str());
        let mut seen: Vec<(&str, Vec<String>)> = Vec::new();
        for (v, p) in entity.values(prop) {
            let src = match &p.published {
                Some(d) => format!("{} {} ({d})", p.dataset, p.record),
                None => format!("{} {}", p.dataset, p.record),
            };
            match seen.iter_mut().find(|(x, _)| *x == v) {
                Some((_, srcs)) => {
                    if !srcs.contains(&src) {
                        srcs.push(src)
                    }
                }
                None => seen.push((v, vec![src])),
            }
        }
        for (v, srcs) in seen {
            s.push_str(&format!("{indent}  {label}: {v}   ← {}\n", srcs.join("; ")));
        }
    }
    s
}
