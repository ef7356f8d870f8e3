//! Screening: a candidate index over the loaded lists, named scoring algorithms, and an
//! explanation for every hit.
//!
//! Each scoring algorithm lives in its own module and is named as users select it:
//!
//! * [`ofac`] reproduces the scores of OFAC's Sanctions List Search, for users who must show
//!   parity with OFAC's own tool.
//!
//! [`identifiers`] normalises what screening matches exactly (IMO, MMSI, documents, wallet
//! addresses per chain, e-mail, phone, domain); [`record`] takes from an entity the facts that
//! screening compares.
//!
//! Everything here is pure: no IO, and no panic on any input.

pub mod identifiers;
pub mod ofac;
pub mod record;
