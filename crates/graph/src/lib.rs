//! Networks of entities.
//!
//! For now: [`subjects`], which recognises the same real-world party on several lists (the same
//! UN reference, IMO number, passport number or wallet address) so that a user sees one
//! KIM Yong Chol with every list that names him, and can still open each list's own record.
//!
//! This crate does no IO: it takes entities and returns values and problems.

pub mod subjects;
