//! Screening: candidate index, scorers and explanations.
//!
//! Each scoring algorithm lives in its own module and is named as users select it. For now there
//! is one:
//!
//! * [`ofac`] reproduces the scores of OFAC's Sanctions List Search, for users who must show
//!   parity with OFAC's own tool.
//!
//! Everything here is pure: no IO, and no panic on any input.

pub mod ofac;
