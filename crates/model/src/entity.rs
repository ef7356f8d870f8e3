//! Entities: `{id, schema, properties: {name: [values]}}`, with the provenance of every value.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::problem::Problem;
use crate::schema::{model, Schema};

/// Where a value comes from: the dataset, the record inside the publisher's file, and the date
/// the publisher gave that file, where known.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct Provenance {
    /// The dataset name (`un_sc`, `us_ofac_sdn`, `eu_fsf`, `gb_fcdo`).
    pub dataset: String,
    /// The id of the record in the publisher's file (`KPi.033`, OFAC `ent_num` `12345`).
    pub record: String,
    /// The publication date of the list file (ISO date), where the file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

impl Provenance {
    /// A provenance for one record of one dataset.
    pub fn new(dataset: &str, record: &str, published: Option<&str>) -> Provenance {
        Provenance {
            dataset: dataset.to_string(),
            record: record.to_string(),
            published: published.map(str::to_string),
        }
    }
}

/// One value of a property and the index of its provenance in the entity's `sources`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Value {
    /// The value as text.
    pub text: String,
    /// Index into [`Entity::sources`].
    pub source: u32,
}

/// An entity of the model.
///
/// Properties keep the order in which they were first added and values keep theirs, so that
/// FtM JSON read and written again is unchanged. Values are deduplicated per source: the same
/// text from two lists is kept twice, once for each list that states it.
#[derive(Debug, Clone)]
pub struct Entity {
    /// The entity id (`un-kpi-033`, `NK-…`).
    pub id: String,
    schema: &'static Schema,
    properties: IndexMap<String, Vec<Value>>,
    /// The provenances the values point at.
    pub sources: Vec<Provenance>,
    /// Top-level fields of FtM exports other than id, schema and properties (caption,
    /// referents, datasets, first_seen, last_seen, last_change, target, …), kept verbatim.
    pub extra: Map<String, Json>,
    key_order: Vec<String>,
}

impl PartialEq for Entity {
    fn eq(&self, other: &Entity) -> bool {
        self.id == other.id
            && self.schema.name == other.schema.name
            && self.properties == other.properties
            && self.sources == other.sources
            && self.extra == other.extra
    }
}

/// Why a value could not be added to an entity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntityError {
    /// The schema is not in the model.
    #[error("unknown schema {0:?}")]
    UnknownSchema(String),
    /// The schema is abstract.
    #[error("schema {0} is abstract and cannot be instantiated")]
    AbstractSchema(String),
    /// The property does not belong to the schema.
    #[error("{schema} has no property {property:?}")]
    UnknownProperty {
        /// The schema.
        schema: String,
        /// The property asked for.
        property: String,
    },
    /// The value failed its type's cleaning.
    #[error("{property}: {reason}")]
    InvalidValue {
        /// The property.
        property: String,
        /// Why the value was refused.
        reason: String,
    },
    /// Malformed FtM JSON.
    #[error("{0}")]
    Json(String),
}

impl Entity {
    /// A new entity of a schema with one provenance (index 0) for the values added with
    /// [`Entity::add`].
    pub fn new(
        schema: &str,
        id: impl Into<String>,
        source: Provenance,
    ) -> Result<Entity, EntityError> {
        let schema = model()
            .get(schema)
            .ok_or_else(|| EntityError::UnknownSchema(schema.to_string()))?;
        if schema.is_abstract {
            return Err(EntityError::AbstractSchema(schema.name.clone()));
        }
        Ok(Entity {
            id: id.into(),
            schema,
            properties: IndexMap::new(),
            sources: vec![source],
            extra: Map::new(),
            key_order: Vec::new(),
        })
    }

    /// The schema.
    pub fn schema(&self) -> &'static Schema {
        self.schema
    }

    /// Change the schema, for example to the more specific one when two records of one subject
    /// are merged. Properties the new schema lacks are refused.
    pub fn set_schema(&mut self, name: &str) -> Result<(), EntityError> {
        let schema = model()
            .get(name)
            .ok_or_else(|| EntityError::UnknownSchema(name.to_string()))?;
        if let Some(p) = self
            .properties
            .keys()
            .find(|p| schema.property(p).is_none())
        {
            return Err(EntityError::UnknownProperty {
                schema: name.to_string(),
                property: p.clone(),
            });
        }
        self.schema = schema;
        Ok(())
    }

    /// Clean a value by its property's type and add it with provenance 0. Returns whether it
    /// was added (false for a duplicate).
    pub fn add(&mut self, prop: &str, raw: &str) -> Result<bool, EntityError> {
        self.add_from(prop, raw, 0)
    }

    /// Clean and add a value with a given provenance index.
    pub fn add_from(&mut self, prop: &str, raw: &str, source: u32) -> Result<bool, EntityError> {
        let property = self
            .schema
            .property(prop)
            .ok_or_else(|| EntityError::UnknownProperty {
                schema: self.schema.name.clone(),
                property: prop.to_string(),
            })?;
        let mut text = property
            .kind
            .clean(raw)
            .map_err(|reason| EntityError::InvalidValue {
                property: prop.to_string(),
                reason,
            })?;
        if let Some(max) = property.max_length {
            if text.chars().count() > max {
                text = text.chars().take(max).collect();
            }
        }
        Ok(self.push_raw(prop, text, source))
    }

    /// Add a value and, if it fails its type's cleaning, record a problem instead. For readers:
    /// the value is never lost silently.
    pub fn add_or_report(&mut self, prop: &str, raw: &str, problems: &mut Vec<Problem>) {
        if raw.trim().is_empty() {
            return;
        }
        if let Err(e) = self.add(prop, raw) {
            let record = self.sources.first().map(|s| s.record.clone());
            problems.push(
                Problem::warning("invalid_value", format!("{}: {e} (value {raw:?})", self.id))
                    .with_record(record),
            );
        }
    }

    /// Add a value without cleaning (used when reading FtM JSON, which is already clean, so
    /// that it round-trips byte for byte).
    pub fn push_raw(&mut self, prop: &str, text: String, source: u32) -> bool {
        let values = self.properties.entry(prop.to_string()).or_default();
        if values.iter().any(|v| v.text == text && v.source == source) {
            return false;
        }
        values.push(Value { text, source });
        true
    }

    /// The distinct texts of a property, in order.
    pub fn get(&self, prop: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        if let Some(values) = self.properties.get(prop) {
            for v in values {
                if !out.contains(&v.text.as_str()) {
                    out.push(&v.text);
                }
            }
        }
        out
    }

    /// The first text of a property.
    pub fn first(&self, prop: &str) -> Option<&str> {
        self.properties
            .get(prop)
            .and_then(|v| v.first())
            .map(|v| v.text.as_str())
    }

    /// The values of a property with their provenance.
    pub fn values(&self, prop: &str) -> impl Iterator<Item = (&str, &Provenance)> {
        self.properties
            .get(prop)
            .into_iter()
            .flatten()
            .map(|v| (v.text.as_str(), &self.sources[v.source as usize]))
    }

    /// Every property with its values.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &[Value])> {
        self.properties
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Whether the entity has a value for a property.
    pub fn has(&self, prop: &str) -> bool {
        self.properties.get(prop).is_some_and(|v| !v.is_empty())
    }

    /// The caption: the first value of the schema's caption properties.
    pub fn caption(&self) -> String {
        for prop in &self.schema.caption {
            if let Some(v) = self.first(prop) {
                return v.to_string();
            }
        }
        self.id.clone()
    }

    /// The ids of the entities this one points at, with the property that points.
    pub fn references(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for (prop, values) in &self.properties {
            if let Some(p) = self.schema.property(prop) {
                if p.kind == crate::PropType::Entity {
                    for v in values {
                        out.push((prop.as_str(), v.text.as_str()));
                    }
                }
            }
        }
        out
    }

    /// The entity's own required properties that are missing.
    pub fn missing_required(&self) -> Vec<&str> {
        self.schema
            .required
            .iter()
            .filter(|p| !self.has(p))
            .map(String::as_str)
            .collect()
    }

    /// Fold another record of the same subject into this one. Values keep their own provenance;
    /// the schema becomes the more specific of the two. Fails if the schemata are unrelated.
    pub fn merge(&mut self, other: &Entity) -> Result<(), EntityError> {
        let common = model()
            .common_schema(&self.schema.name, &other.schema.name)
            .ok_or_else(|| {
                EntityError::Json(format!(
                    "cannot merge {} ({}) with {} ({})",
                    self.id, self.schema.name, other.id, other.schema.name
                ))
            })?;
        self.schema = common;
        let mut remap = Vec::with_capacity(other.sources.len());
        for s in &other.sources {
            let idx = match self.sources.iter().position(|x| x == s) {
                Some(i) => i,
                None => {
                    self.sources.push(s.clone());
                    self.sources.len() - 1
                }
            };
            remap.push(idx as u32);
        }
        for (prop, values) in &other.properties {
            for v in values {
                self.push_raw(prop, v.text.clone(), remap[v.source as usize]);
            }
        }
        Ok(())
    }

    /// The entity as FtM JSON: `{"id", "schema", "properties", …extra}`. Top-level fields keep
    /// the order they had in the source file (OpenSanctions' order otherwise: id, caption,
    /// schema, properties, the rest); each value is listed once.
    pub fn to_ftm(&self) -> Json {
        let mut props = Map::new();
        for (prop, values) in &self.properties {
            let mut seen: Vec<&str> = Vec::new();
            for v in values {
                if !seen.contains(&v.text.as_str()) {
                    seen.push(&v.text);
                }
            }
            props.insert(
                prop.clone(),
                Json::Array(
                    seen.into_iter()
                        .map(|s| Json::String(s.to_string()))
                        .collect(),
                ),
            );
        }
        let mut fields: Vec<(String, Json)> = Vec::with_capacity(self.extra.len() + 3);
        fields.push(("id".into(), Json::String(self.id.clone())));
        fields.push(("schema".into(), Json::String(self.schema.name.clone())));
        fields.push(("properties".into(), Json::Object(props)));
        for (k, v) in &self.extra {
            fields.push((k.clone(), v.clone()));
        }
        let rank = |k: &str| -> usize {
            match self.key_order.iter().position(|x| x == k) {
                Some(i) => i,
                None => self.key_order.len() + ftm_key_rank(k) as usize,
            }
        };
        fields.sort_by_key(|(k, _)| rank(k));
        Json::Object(fields.into_iter().collect())
    }

    /// Read one FtM JSON object. Every value gets `source` as provenance. Values that are not
    /// strings (nested entities in API responses) are replaced by the nested entity's id and
    /// reported; unknown properties are reported and kept out.
    pub fn from_ftm(
        json: &Json,
        source: Provenance,
    ) -> Result<(Entity, Vec<Problem>), EntityError> {
        let obj = json
            .as_object()
            .ok_or_else(|| EntityError::Json("an entity must be a JSON object".into()))?;
        let id = obj
            .get("id")
            .and_then(Json::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| EntityError::Json("entity has no \"id\" string".into()))?;
        let schema = obj
            .get("schema")
            .and_then(Json::as_str)
            .ok_or_else(|| EntityError::Json(format!("entity {id} has no \"schema\" string")))?;
        let mut entity = Entity::new(schema, id, source)?;
        let mut problems = Vec::new();
        if let Some(props) = obj.get("properties") {
            let props = props.as_object().ok_or_else(|| {
                EntityError::Json(format!("entity {id}: \"properties\" must be an object"))
            })?;
            for (prop, values) in props {
                if entity.schema.property(prop).is_none() {
                    // Kept, so that nothing is lost and the entity writes back unchanged, but
                    // reported: ce2 does not know how to compare or clean these values.
                    problems.push(
                        Problem::warning(
                            "unknown_property",
                            format!("entity {id}: {schema} has no property {prop:?} in the ce2 model; its values are kept as text"),
                        )
                        .with_record(Some(id.to_string())),
                    );
                }
                let values = values.as_array().ok_or_else(|| {
                    EntityError::Json(format!("entity {id}: property {prop} must be a list"))
                })?;
                // An empty list is kept so that the entity writes back unchanged.
                entity.properties.entry(prop.clone()).or_default();
                for v in values {
                    match v {
                        Json::String(s) => {
                            entity.push_raw(prop, s.clone(), 0);
                        }
                        Json::Object(o) => match o.get("id").and_then(Json::as_str) {
                            Some(nested) => {
                                entity.push_raw(prop, nested.to_string(), 0);
                            }
                            None => problems.push(Problem::warning(
                                "invalid_value",
                                format!("entity {id}: {prop} holds an object without id"),
                            )),
                        },
                        other => {
                            entity.push_raw(prop, other.to_string(), 0);
                            problems.push(Problem::warning(
                                "invalid_value",
                                format!("entity {id}: {prop} value {other} is not a string; kept as text"),
                            ));
                        }
                    }
                }
            }
        }
        for (k, v) in obj {
            if k != "id" && k != "schema" && k != "properties" {
                entity.extra.insert(k.clone(), v.clone());
            }
        }
        entity.key_order = obj.keys().cloned().collect();
        Ok((entity, problems))
    }
}

/// The key order of FtM exports: id, caption, schema, properties, then the rest. Used to write
/// entities the way OpenSanctions does.
pub fn ftm_key_rank(key: &str) -> u8 {
    match key {
        "id" => 0,
        "caption" => 1,
        "schema" => 2,
        "properties" => 3,
        _ => 4,
    }
}
