//! What changed between two versions: entities added, removed and changed, and for a changed
//! entity the values added and removed per property.

use ce2_model::model;
use rusqlite::{params, Connection};
use serde_json::{Map, Value as Json};

use crate::error::{Error, Result};
use crate::read;

/// An entity named in a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRef {
    /// The entity id.
    pub id: String,
    /// Its schema.
    pub schema: String,
    /// Its caption (first name, or the id), for people reading the diff.
    pub caption: String,
}

/// The values of one property that one version has and the other has not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyChange {
    /// The property.
    pub property: String,
    /// Values in the new version only, in its order.
    pub added: Vec<String>,
    /// Values in the old version only, in its order.
    pub removed: Vec<String>,
}

/// An entity present in both versions with a different body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityChange {
    /// The entity as the new version has it.
    pub entity: EntityRef,
    /// The schema in the old version, when it was another one.
    pub old_schema: Option<String>,
    /// The properties whose values differ, by property name.
    pub properties: Vec<PropertyChange>,
    /// Other top-level FtM fields that differ (`caption`, `last_change`, `referents`…), by
    /// name.
    pub fields: Vec<String>,
}

impl EntityChange {
    /// Whether only the order of values changed: the bodies differ but no value, schema or
    /// field does.
    pub fn order_only(&self) -> bool {
        self.old_schema.is_none() && self.properties.is_empty() && self.fields.is_empty()
    }
}

/// The difference between two versions, each list sorted by entity id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The old version.
    pub old: i64,
    /// The new version.
    pub new: i64,
    /// Entities only in the new version.
    pub added: Vec<EntityRef>,
    /// Entities only in the old version.
    pub removed: Vec<EntityRef>,
    /// Entities in both with different bodies.
    pub changed: Vec<EntityChange>,
}

impl Diff {
    /// Whether the two versions hold the same entities with the same bodies.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn parse(json: &str, id: &str, version: i64) -> Result<Map<String, Json>> {
    match serde_json::from_str(json) {
        Ok(Json::Object(map)) => Ok(map),
        _ => Err(Error::Corrupt(format!(
            "the body of {id} in version {version} is not a JSON object"
        ))),
    }
}

fn str_of<'a>(body: &'a Map<String, Json>, key: &str) -> &'a str {
    body.get(key).and_then(Json::as_str).unwrap_or("")
}

fn values_of<'a>(body: &'a Map<String, Json>, prop: &str) -> Vec<&'a str> {
    body.get("properties")
        .and_then(|p| p.get(prop))
        .and_then(Json::as_array)
        .map(|vs| vs.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default()
}

/// The caption an FtM export gives (OpenSanctions picks the best name), or else the first
/// value of the schema's caption properties, as `Entity::caption` does.
fn entity_ref(id: String, schema: String, body: &Map<String, Json>) -> EntityRef {
    let caption = body
        .get("caption")
        .and_then(Json::as_str)
        .map(str::to_string)
        .or_else(|| {
            model().get(&schema).and_then(|s| {
                s.caption
                    .iter()
                    .find_map(|p| values_of(body, p).first().map(|v| v.to_string()))
            })
        })
        .unwrap_or_else(|| id.clone());
    EntityRef {
        id,
        schema,
        caption,
    }
}

/// The entities of one version that the other lacks, with their bodies.
fn only_in(conn: &Connection, this: i64, other: i64) -> Result<Vec<EntityRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.entity_id, e.schema, b.json FROM entities e \
         JOIN bodies b ON b.hash = e.body_hash \
         WHERE e.version_id = ?1 AND NOT EXISTS \
         (SELECT 1 FROM entities o WHERE o.version_id = ?2 AND o.entity_id = e.entity_id) \
         ORDER BY e.entity_id",
    )?;
    let rows = stmt
        .query_map(params![this, other], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, schema, json)| {
            let body = parse(&json, &id, this)?;
            Ok(entity_ref(id, schema, &body))
        })
        .collect()
}

/// Compare two bodies of one entity.
fn compare(id: String, old: &Map<String, Json>, new: &Map<String, Json>) -> EntityChange {
    let (old_schema, new_schema) = (str_of(old, "schema"), str_of(new, "schema"));
    let names_of = |b: &'_ Map<String, Json>| -> Vec<String> {
        b.get("properties")
            .and_then(Json::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut names = names_of(old);
    names.extend(names_of(new));
    names.sort();
    names.dedup();
    let mut properties = Vec::new();
    for name in names {
        let (was, is) = (values_of(old, &name), values_of(new, &name));
        let added: Vec<String> = is
            .iter()
            .filter(|v| !was.contains(v))
            .map(|v| v.to_string())
            .collect();
        let removed: Vec<String> = was
            .iter()
            .filter(|v| !is.contains(v))
            .map(|v| v.to_string())
            .collect();
        if !added.is_empty() || !removed.is_empty() {
            properties.push(PropertyChange {
                property: name,
                added,
                removed,
            });
        }
    }
    let mut fields: Vec<String> = old
        .keys()
        .chain(new.keys())
        .filter(|k| !matches!(k.as_str(), "id" | "schema" | "properties"))
        .filter(|k| old.get(k.as_str()) != new.get(k.as_str()))
        .cloned()
        .collect();
    fields.sort();
    fields.dedup();
    EntityChange {
        old_schema: (old_schema != new_schema).then(|| old_schema.to_string()),
        entity: entity_ref(id, new_schema.to_string(), new),
        properties,
        fields,
    }
}

/// The difference between two versions (of one dataset, usually, but any two will do).
///
/// Added and removed entities are found by their ids and changed ones by comparing body
/// hashes, all in SQL over the `(version_id, entity_id)` primary key; only the bodies of
/// entities that differ are read and compared value by value.
pub(crate) fn diff(conn: &Connection, old: i64, new: i64) -> Result<Diff> {
    read::version(conn, old)?;
    read::version(conn, new)?;
    let added = only_in(conn, new, old)?;
    let removed = only_in(conn, old, new)?;
    let mut stmt = conn.prepare_cached(
        "SELECT n.entity_id, ob.json, nb.json FROM entities n \
         JOIN entities o ON o.version_id = ?1 AND o.entity_id = n.entity_id \
         JOIN bodies ob ON ob.hash = o.body_hash \
         JOIN bodies nb ON nb.hash = n.body_hash \
         WHERE n.version_id = ?2 AND o.body_hash <> n.body_hash \
         ORDER BY n.entity_id",
    )?;
    let rows = stmt
        .query_map(params![old, new], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut changed = Vec::with_capacity(rows.len());
    for (id, old_json, new_json) in rows {
        let was = parse(&old_json, &id, old)?;
        let is = parse(&new_json, &id, new)?;
        changed.push(compare(id, &was, &is));
    }
    Ok(Diff {
        old,
        new,
        added,
        removed,
        changed,
    })
}
