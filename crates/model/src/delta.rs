//! Changes to a dataset, as FtM delta files state them.

use crate::Entity;

/// One operation of an FtM delta (`{"op": "ADD"|"MOD"|"DEL", "entity": …}`).
#[derive(Debug, Clone, PartialEq)]
pub enum DeltaOp {
    /// A new entity.
    Add(Entity),
    /// A changed entity: the whole new entity replaces the old one.
    Mod(Entity),
    /// A removed entity, by id: a deletion names nothing else.
    Del(String),
}

impl DeltaOp {
    /// The id of the entity the operation concerns.
    pub fn id(&self) -> &str {
        match self {
            DeltaOp::Add(e) | DeltaOp::Mod(e) => &e.id,
            DeltaOp::Del(id) => id,
        }
    }

    /// The operation's name in delta files (`ADD`, `MOD`, `DEL`).
    pub fn name(&self) -> &'static str {
        match self {
            DeltaOp::Add(_) => "ADD",
            DeltaOp::Mod(_) => "MOD",
            DeltaOp::Del(_) => "DEL",
        }
    }
}
