//! The ce2 entity model.
//!
//! Entities follow FollowTheMoney (FtM): `{id, schema, properties: {name: [values]}}`, with the
//! schemata declared as data in `schema/schemata.yaml`. Every value carries its provenance (the
//! dataset, the record in the publisher's file, the list's publication date).
//!
//! ```
//! use ce2_model::{Entity, Provenance};
//!
//! let source = Provenance::new("un_sc", "KPi.033", Some("2026-02-27"));
//! let mut person = Entity::new("Person", "un-kpi-033", source).unwrap();
//! person.add("name", "RI WON HO").unwrap();
//! person.add("nationality", "Democratic People's Republic of Korea").unwrap();
//! person.add("birthDate", "17 Jul 1964").unwrap();
//! assert_eq!(person.get("nationality"), ["kp"]);
//! assert_eq!(person.get("birthDate"), ["1964-07-17"]);
//! let (_, prov) = person.values("name").next().unwrap();
//! assert_eq!(prov.record, "KPi.033");
//! ```
//!
//! This crate does no IO.

pub mod countries;
pub mod delta;
pub mod entity;
pub mod ids;
pub mod marking;
pub mod problem;
pub mod schema;
pub mod types;

pub use delta::DeltaOp;
pub use entity::{Entity, EntityError, Provenance, Value};
pub use marking::{Admiralty, Tlp};
pub use problem::{Problem, Severity};
pub use schema::{model, Edge, Model, Property, Schema, SchemaError};
pub use types::PropType;
