//! The evidence ledger: a tamper-evident record of arms transfers and abuses that designations
//! and courts can rely on.
//!
//! - **Items** are files of any kind stored by SHA-256 ([`blob`]), streamed so that a large
//!   video never sits in memory, with the capture metadata the Berkeley Protocol asks for,
//!   an Admiralty grade, a TLP 2.0 marking and links to the entities they concern with the
//!   claims they support ([`event`]).
//! - **The log** is append-only: every event (added, linked, graded, marked, redacted,
//!   custody, person registered, exported) is a leaf of an RFC 9162 Merkle tree, chained to
//!   the one before, with Ed25519-signed checkpoints in the C2SP format that partners can
//!   cosign, and inclusion and consistency proofs ([`ledger`]).
//! - **Verification** finds any change to a stored file, a row, the order of events or a
//!   truncation, and names the item and the event ([`verify`]).
//! - **Dossiers** are self-contained folders and zips that a recipient verifies offline
//!   ([`dossier`]).
//! - **Protected persons**: witnesses' and sources' identities are sealed apart from what
//!   they said and replaced by pseudonyms everywhere else ([`seal`]).
//!
//! ```
//! use ce2_ledger::{event::Capture, Ledger, NewItem};
//! use ce2_model::Tlp;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut ledger = Ledger::init(dir.path(), Some("example.org/evidence"), None).unwrap();
//! let new = NewItem {
//!     name: "rajin-2023-10-12.jpg".into(),
//!     media_type: Some("image/jpeg".into()),
//!     capture: Capture {
//!         collector: "analyst-1".into(),
//!         collected_at: "2023-10-13T08:00:00Z".into(),
//!         origin: "https://example.org/imagery/rajin".into(),
//!         method: "download".into(),
//!         ..Capture::default()
//!     },
//!     source: None,
//!     description: Some("Containers on the quay at Rajin".into()),
//!     tlp: Tlp::Amber,
//!     grade: Some("B2".parse().unwrap()),
//! };
//! let (item, _) = ledger.add("analyst-1", &mut &b"jpeg bytes"[..], new).unwrap();
//! ledger
//!     .link("analyst-1", &item.id, "imo:9353979", "loaded containers at Rajin on 2023-10-12")
//!     .unwrap();
//! let signed = ledger.checkpoint().unwrap();
//! assert_eq!(signed.size, 3); // added, graded, linked
//! assert!(ledger.verify(&Default::default()).unwrap().ok());
//! ```

pub mod blob;
pub mod dossier;
pub mod error;
pub mod event;
mod html;
pub mod ledger;
pub mod seal;
pub mod verify;

pub use blob::Digest256;
pub use error::{Error, Result};
pub use ledger::{Ledger, NewItem, Signed};
