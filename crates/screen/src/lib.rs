//! Screening: a candidate index over the loaded lists, named scoring algorithms, and an
//! explanation for every hit.
//!
//! This crate does no IO.

pub mod identifiers;
pub mod record;
