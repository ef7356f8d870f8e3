//! Screening: a candidate index over the loaded lists, named scoring algorithms, and an
//! explanation for every hit.
//!
//! Each scoring algorithm lives in its own module and is named as users select it:
//!
//! * `ce2-v1` ([`Ce2V1`], the default) compares names across scripts and romanisations with the
//!   Korean layer of `ce2-names`, identifiers exactly, and lowers matches that a birth date,
//!   nationality or gender contradicts;
//! * [`ofac`] reproduces the scores of OFAC's Sanctions List Search, for users who must show
//!   parity with OFAC's own tool.
//!
//! [`identifiers`] normalises what screening matches exactly (IMO, MMSI, documents, wallet
//! addresses per chain, e-mail, phone, domain); [`record`] takes from an entity the facts that
//! screening compares.
//!
//! Everything here is pure: no IO, and no panic on any input.

pub mod algorithm;
pub mod explain;
pub mod identifiers;
pub mod index;
pub mod ofac;
pub mod prepared;
pub mod record;

pub use algorithm::{algorithm, algorithms, Algorithm, Ce2V1, Ofac};
pub use explain::{Feature, Scored};
pub use index::{Hit, Index};
pub use prepared::{Prepared, PreparedName};
pub use record::{Kind, Query, Record};
