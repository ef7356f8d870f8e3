//! Tamper-evident log primitives for ce2's evidence ledger.
//!
//! * [`merkle`]: the RFC 9162 (RFC 6962) Merkle tree over SHA-256: leaf and node hashes, an
//!   in-memory tree, the appender's [`merkle::Frontier`], roots, inclusion and consistency proofs
//!   (generation from stored nodes and verification), and the subtree proofs of the Merkle Tree
//!   Certificates draft (draft-ietf-plants-merkle-tree-certs).
//! * [`note`]: C2SP signed notes with Ed25519 keys: `sign`, `cosign` (partners add their
//!   signatures) and `open`, which follows the semantics of Go's `golang.org/x/mod/sumdb/note`.
//! * [`checkpoint`]: C2SP tlog checkpoints (`origin`, tree size, root hash, extension lines)
//!   carried in signed notes.
//!
//! ```
//! use ce2_tlog::{checkpoint, merkle, note};
//!
//! // A log of three records.
//! let mut tree = merkle::MemoryTree::new();
//! for record in [&b"first"[..], b"second", b"third"] {
//!     tree.push(merkle::leaf_hash(record));
//! }
//! let root = tree.root();
//!
//! // The second record is in the tree.
//! let proof = merkle::inclusion_proof(&tree, 1, 3).unwrap();
//! merkle::verify_inclusion(1, 3, &merkle::leaf_hash(b"second"), &proof, &root).unwrap();
//!
//! // The log signs a checkpoint; a reader who knows the log's key opens it.
//! let log = note::Signer::from_seed("example.org/evidence", [7; 32]).unwrap();
//! let cp = checkpoint::Checkpoint::new("example.org/evidence", 3, root);
//! let signed = checkpoint::sign(&cp, &log, &[]).unwrap();
//! let (opened, _) =
//!     checkpoint::open(signed.as_bytes(), "example.org/evidence", &log.verifier(), &[]).unwrap();
//! assert_eq!(opened.size, 3);
//! assert_eq!(opened.root, root);
//! ```
//!
//! The crate does no IO and draws no randomness: keys are made from a seed the caller supplies.

pub mod checkpoint;
pub mod merkle;
pub mod note;

/// A SHA-256 hash: a leaf hash, a node hash or a tree root.
pub type Hash = [u8; 32];

/// Lowercase hex of `bytes`, for error messages.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}
