//! Schemata declared as data.
//!
//! `schema/schemata.yaml` is parsed once into a [`Model`]; each [`Schema`] carries its own
//! properties and, resolved at load time, every property it inherits. Nothing in ce2 declares
//! a schema in code: a reader asks the model for `"Vessel"` and gets the schema FtM defines.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::types::PropType;

/// The schemata shipped with ce2.
pub const SCHEMATA_YAML: &str = include_str!("../schema/schemata.yaml");

/// An error in a schema declaration (only possible when a model is loaded from a user's file).
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The YAML could not be parsed.
    #[error("schema file is not valid YAML: {0}")]
    Yaml(#[from] serde_yaml_ng::Error),
    /// A declaration refers to something that does not exist or contradicts another.
    #[error("schema {schema}: {message}")]
    Invalid {
        /// The schema at fault.
        schema: String,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    label: String,
    #[serde(default)]
    plural: Option<String>,
    #[serde(default, rename = "abstract")]
    is_abstract: bool,
    #[serde(default)]
    matchable: Option<bool>,
    #[serde(default)]
    extends: Vec<String>,
    #[serde(default)]
    caption: Vec<String>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(default)]
    edge: Option<Edge>,
    #[serde(default)]
    properties: IndexMap<String, RawProperty>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProperty {
    label: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    range: Option<String>,
    #[serde(default)]
    reverse: Option<String>,
    #[serde(default, rename = "maxLength")]
    max_length: Option<usize>,
    #[serde(default)]
    hidden: bool,
}

/// The two ends of an interstitial schema (a link with attributes, such as Ownership).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// The property holding the source entity's id.
    pub source: String,
    /// The property holding the target entity's id.
    pub target: String,
    /// A verb phrase for the link ("owns", "directs").
    pub label: String,
    /// Whether the link has a direction.
    #[serde(default = "yes")]
    pub directed: bool,
    /// Whether the link is shown as a stub.
    #[serde(default)]
    pub stub: bool,
}

fn yes() -> bool {
    true
}

/// One property of a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The property name, as in FtM (`imoNumber`).
    pub name: String,
    /// A human label.
    pub label: String,
    /// The schema that declares the property.
    pub schema: String,
    /// The value type.
    pub kind: PropType,
    /// For entity-typed properties, the schema of the entity pointed at.
    pub range: Option<String>,
    /// For entity-typed properties, the name of the link as seen from the other end.
    pub reverse: Option<String>,
    /// The longest value allowed, in characters.
    pub max_length: Option<usize>,
    /// Hidden from people (index helpers).
    pub hidden: bool,
}

/// One schema with its inherited properties resolved.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The schema name (`Vessel`).
    pub name: String,
    /// A human label.
    pub label: String,
    /// The plural label.
    pub plural: String,
    /// Abstract schemata cannot be instantiated.
    pub is_abstract: bool,
    /// Whether entities of this schema are screened.
    pub matchable: bool,
    /// Direct parents.
    pub extends: Vec<String>,
    /// This schema and all its ancestors, nearest first.
    pub ancestors: Vec<String>,
    /// Properties tried in turn for a caption.
    pub caption: Vec<String>,
    /// Properties an entity must have.
    pub required: Vec<String>,
    /// The edge, for interstitial schemata.
    pub edge: Option<Edge>,
    /// Every property, own and inherited, by name.
    pub properties: IndexMap<String, Property>,
}

impl Schema {
    /// Whether this schema is `other` or descends from it.
    pub fn is_a(&self, other: &str) -> bool {
        self.ancestors.iter().any(|a| a == other)
    }

    /// A property by name, own or inherited.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.get(name)
    }
}

/// All schemata of a model.
#[derive(Debug)]
pub struct Model {
    schemata: BTreeMap<String, Schema>,
}

impl Model {
    /// Parse and resolve a model from YAML in the FtM-like format of `schema/schemata.yaml`.
    pub fn from_yaml(text: &str) -> Result<Model, SchemaError> {
        let raw: IndexMap<String, RawSchema> = serde_yaml_ng::from_str(text)?;
        let mut schemata = BTreeMap::new();
        for name in raw.keys() {
            let schema = resolve(name, &raw, &mut Vec::new())?;
            schemata.insert(name.clone(), schema);
        }
        let model = Model { schemata };
        model.check()?;
        Ok(model)
    }

    fn check(&self) -> Result<(), SchemaError> {
        for schema in self.schemata.values() {
            let invalid = |message: String| SchemaError::Invalid {
                schema: schema.name.clone(),
                message,
            };
            for prop in schema.properties.values() {
                if prop.kind == PropType::Entity {
                    let range = prop.range.as_deref().ok_or_else(|| {
                        invalid(format!("entity property {} has no range", prop.name))
                    })?;
                    if !self.schemata.contains_key(range) {
                        return Err(invalid(format!(
                            "property {} points at unknown schema {range}",
                            prop.name
                        )));
                    }
                }
            }
            for name in schema.required.iter().chain(&schema.caption) {
                if !schema.properties.contains_key(name) {
                    return Err(invalid(format!("names unknown property {name}")));
                }
            }
            if let Some(edge) = &schema.edge {
                for end in [&edge.source, &edge.target] {
                    if schema.property(end).map(|p| p.kind) != Some(PropType::Entity) {
                        return Err(invalid(format!("edge end {end} is not an entity property")));
                    }
                }
            }
        }
        Ok(())
    }

    /// A schema by name.
    pub fn get(&self, name: &str) -> Option<&Schema> {
        self.schemata.get(name)
    }

    /// Every schema, by name.
    pub fn schemata(&self) -> impl Iterator<Item = &Schema> {
        self.schemata.values()
    }

    /// The most specific schema that both `a` and `b` are, if one is a descendant of the other
    /// (Person and LegalEntity give Person; Company and Organization give Company). Two
    /// unrelated schemata (Person and Vessel) have none: they cannot be one subject.
    pub fn common_schema<'m>(&'m self, a: &str, b: &str) -> Option<&'m Schema> {
        let sa = self.get(a)?;
        let sb = self.get(b)?;
        if sa.is_a(b) {
            Some(sa)
        } else if sb.is_a(a) {
            Some(sb)
        } else {
            None
        }
    }
}

fn resolve(
    name: &str,
    raw: &IndexMap<String, RawSchema>,
    stack: &mut Vec<String>,
) -> Result<Schema, SchemaError> {
    let invalid = |message: String| SchemaError::Invalid {
        schema: name.to_string(),
        message,
    };
    if stack.iter().any(|s| s == name) {
        return Err(invalid(format!(
            "inheritance cycle through {}",
            stack.join(" → ")
        )));
    }
    let decl = raw
        .get(name)
        .ok_or_else(|| invalid("is not declared".to_string()))?;
    stack.push(name.to_string());
    let mut ancestors = vec![name.to_string()];
    let mut properties: IndexMap<String, Property> = IndexMap::new();
    let mut matchable = decl.matchable;
    let mut caption = decl.caption.clone();
    let mut required = decl.required.clone();
    let mut edge = decl.edge.clone();
    for parent in &decl.extends {
        let p = resolve(parent, raw, stack)?;
        for a in p.ancestors {
            if !ancestors.contains(&a) {
                ancestors.push(a);
            }
        }
        for (k, v) in p.properties {
            properties.entry(k).or_insert(v);
        }
        matchable = matchable.or(Some(p.matchable));
        if caption.is_empty() {
            caption = p.caption;
        }
        if required.is_empty() {
            required = p.required;
        }
        if edge.is_none() {
            edge = p.edge;
        }
    }
    stack.pop();
    for (pname, rp) in &decl.properties {
        let kind = match rp.kind.as_deref() {
            None => PropType::String,
            Some(t) => PropType::from_name(t)
                .ok_or_else(|| invalid(format!("property {pname} has unknown type {t}")))?,
        };
        // A property redeclared in a child overrides the inherited one, as in FtM.
        properties.insert(
            pname.clone(),
            Property {
                name: pname.clone(),
                label: rp.label.clone(),
                schema: name.to_string(),
                kind,
                range: rp.range.clone(),
                reverse: rp.reverse.clone(),
                max_length: rp.max_length,
                hidden: rp.hidden,
            },
        );
    }
    Ok(Schema {
        name: name.to_string(),
        label: decl.label.clone(),
        plural: decl
            .plural
            .clone()
            .unwrap_or_else(|| format!("{}s", decl.label)),
        is_abstract: decl.is_abstract,
        matchable: matchable.unwrap_or(false),
        extends: decl.extends.clone(),
        ancestors,
        caption,
        required,
        edge,
        properties,
    })
}

/// The model shipped with ce2, parsed once.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        // The embedded file is checked by the `shipped_model_loads` test, so this cannot fail
        // in a released binary.
        Model::from_yaml(SCHEMATA_YAML).expect("the embedded schemata are valid")
    })
}
