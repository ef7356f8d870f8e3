//! Printing for people and for programs.

use std::io::Write;

use ce2_model::Entity;
use serde_json::Value as Json;

/// Write text to a file whole or not at all (a temporary file renamed into place), or to
/// standard output when no file is named. A closed pipe (`| head`) is reported as an IO error,
/// which the binary's edge ends quietly.
pub fn write_text(path: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context as _;
    match path {
        Some(p) => {
            let tmp = p.with_extension("partial");
            std::fs::write(&tmp, bytes)
                .and_then(|_| std::fs::rename(&tmp, p))
                .with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|_| out.flush())?;
            Ok(())
        }
    }
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
