//! The RFC 9162 (RFC 6962) Merkle tree over SHA-256.
//!
//! * Hashes: a leaf is `SHA-256(0x00 || data)`, a node `SHA-256(0x01 || left || right)`, the empty
//!   tree `SHA-256("")`. The Merkle Tree Hash (MTH) of n > 1 leaves splits them at k, the largest
//!   power of two strictly less than n.
//! * Storage: every tree is made of *perfect* subtrees, the node at `(level, index)` covering the
//!   leaves `[index << level, (index + 1) << level)`. Those nodes never change once complete, so a
//!   store keeps them ([`NodeSource`]) and everything else (roots at any size, proofs) is computed
//!   from them. [`Frontier`] is the appender's state; [`MemoryTree`] keeps every node in memory.
//! * Proofs: [`inclusion_proof`] / [`verify_inclusion`] (RFC 9162 §2.1.3),
//!   [`consistency_proof`] / [`verify_consistency`] (§2.1.4), and the subtree proofs of
//!   draft-ietf-plants-merkle-tree-certs ([`verify_subtree_inclusion`],
//!   [`verify_subtree_consistency`]). The verifiers follow the edge-case rules of
//!   transparency-dev/merkle: a consistency proof from size 0 is an error, even 0 → 0; equal
//!   sizes need an empty proof and equal roots.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::{hex, Hash};

/// The length of every hash in the tree (SHA-256).
pub const HASH_LEN: usize = 32;

/// The hash of a leaf: `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// The hash of an interior node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    hash_children(left, right)
}

/// [`node_hash`] over children of any length: `SHA-256(0x01 || left || right)`. The verifiers use
/// it on the hashes a proof carries; it also reproduces the RFC 6962 hasher vectors, whose
/// children are not 32 bytes.
pub fn hash_children(left: &[u8], right: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree: `SHA-256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Access to stored perfect-subtree hashes: the hash of the perfect subtree of height `level`
/// covering leaves `[index << level, (index + 1) << level)`. Level 0 = leaf hashes.
pub trait NodeSource {
    /// Why a node could not be read (absent, or the store failed).
    type Error;

    /// The hash of the perfect subtree at `(level, index)`.
    fn node(&self, level: u8, index: u64) -> Result<Hash, Self::Error>;
}

impl<S: NodeSource + ?Sized> NodeSource for &S {
    type Error = S::Error;

    fn node(&self, level: u8, index: u64) -> Result<Hash, Self::Error> {
        (**self).node(level, index)
    }
}

/// The perfect subtrees that cover `[0, size)`, left to right, as `(level, index)`: one for each
/// bit set in `size`, the highest first. These are the nodes a [`Frontier`] keeps.
pub fn peaks(size: u64) -> Vec<(u8, u64)> {
    (0..64u8)
        .rev()
        .filter(|&level| (size >> level) & 1 == 1)
        .map(|level| (level, (size >> level) ^ 1))
        .collect()
}

/// The largest power of two strictly less than `n` (`n >= 2`).
fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// `x >> n`, 0 when `n >= 64`.
fn shr(x: u64, n: u32) -> u64 {
    x.checked_shr(n).unwrap_or(0)
}

/// The number of bits needed to write `x` (0 for 0).
fn bit_len(x: u64) -> u32 {
    64 - x.leading_zeros()
}

/// MTH of the `n >= 1` leaves `[start, start + n)`, where `start` is a multiple of a power of two
/// at least `n` (so the range is made of aligned perfect subtrees, largest first).
fn range_hash<S: NodeSource>(src: &S, start: u64, n: u64) -> Result<Hash, S::Error> {
    debug_assert!(n >= 1);
    let mut parts = Vec::with_capacity(n.count_ones() as usize);
    let mut pos = start;
    for level in (0..64u8).rev() {
        if (n >> level) & 1 == 1 {
            parts.push(src.node(level, pos >> level)?);
            pos += 1 << level;
        }
    }
    Ok(fold_right(&parts).expect("n >= 1 gives at least one part"))
}

/// Folds subtree roots, left to right, into the MTH of their concatenation: the rightmost two are
/// hashed first. `None` for no roots.
fn fold_right(parts: &[Hash]) -> Option<Hash> {
    let (last, rest) = parts.split_last()?;
    Some(
        rest.iter()
            .rev()
            .fold(*last, |acc, left| node_hash(left, &acc)),
    )
}

/// The MTH of the first `size` leaves of the tree whose perfect nodes `src` holds.
pub fn root_at<S: NodeSource>(src: &S, size: u64) -> Result<Hash, S::Error> {
    if size == 0 {
        return Ok(empty_root());
    }
    range_hash(src, 0, size)
}

/// A node that a [`MemoryTree`] does not hold (the tree is too small).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no node at level {level}, index {index}: the tree has {size} leaves")]
pub struct MissingNode {
    /// The level asked for.
    pub level: u8,
    /// The index asked for.
    pub index: u64,
    /// The number of leaves in the tree.
    pub size: u64,
}

/// An in-memory tree: every complete perfect node, level by level. For tests, tools and small
/// logs; a persistent log keeps the same nodes in its store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryTree {
    /// `levels[l][i]` is the node at level `l`, index `i`; `levels[0]` holds the leaf hashes.
    levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// A tree of these leaf hashes, in order.
    pub fn from_leaves(leaves: impl IntoIterator<Item = Hash>) -> Self {
        let mut tree = Self::new();
        for leaf in leaves {
            tree.push(leaf);
        }
        tree
    }

    /// Appends a leaf hash (see [`leaf_hash`]) and every perfect node it completes.
    pub fn push(&mut self, leaf: Hash) {
        let mut hash = leaf;
        let mut level = 0;
        loop {
            if self.levels.len() == level {
                self.levels.push(Vec::new());
            }
            let row = &mut self.levels[level];
            row.push(hash);
            if row.len() % 2 == 1 {
                return;
            }
            hash = node_hash(&row[row.len() - 2], &row[row.len() - 1]);
            level += 1;
        }
    }

    /// The number of leaves.
    pub fn len(&self) -> u64 {
        self.levels.first().map_or(0, |leaves| leaves.len() as u64)
    }

    /// Whether the tree has no leaves.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The root of the whole tree.
    pub fn root(&self) -> Hash {
        root_at(self, self.len()).expect("a tree holds the nodes of its own root")
    }

    /// The appender's state for the whole tree.
    pub fn frontier(&self) -> Frontier {
        Frontier::from_source(self, self.len()).expect("a tree holds its own peaks")
    }
}

impl NodeSource for MemoryTree {
    type Error = MissingNode;

    fn node(&self, level: u8, index: u64) -> Result<Hash, MissingNode> {
        let missing = MissingNode {
            level,
            index,
            size: self.len(),
        };
        let row = self.levels.get(usize::from(level)).ok_or(missing)?;
        let i = usize::try_from(index).map_err(|_| missing)?;
        row.get(i).copied().ok_or(missing)
    }
}

/// Why [`Frontier::from_peaks`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontierError {
    /// The number of peaks is not the number of bits set in the size.
    #[error("a tree of {size} leaves has {want} peaks (one per bit set in the size), but {got} were given")]
    PeakCount {
        /// The tree size given.
        size: u64,
        /// The number of peaks given.
        got: usize,
        /// The number of peaks that size has.
        want: usize,
    },
}

/// The appender's state: size and the roots of the perfect subtrees covering `[0, size)` (at
/// most 64), left to right. Enough to append and to compute the root, in O(log n) memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    peaks: Vec<Hash>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// A frontier from its size and its peaks, left to right (largest subtree first); the number
    /// of peaks must be the number of bits set in `size`. The hashes themselves cannot be checked.
    pub fn from_peaks(size: u64, peaks: Vec<Hash>) -> Result<Self, FrontierError> {
        let want = size.count_ones() as usize;
        if peaks.len() != want {
            return Err(FrontierError::PeakCount {
                size,
                got: peaks.len(),
                want,
            });
        }
        Ok(Self { size, peaks })
    }

    /// The frontier of the first `size` leaves, read from stored nodes (see [`peaks`]).
    pub fn from_source<S: NodeSource>(src: &S, size: u64) -> Result<Self, S::Error> {
        let peaks = peaks(size)
            .into_iter()
            .map(|(level, index)| src.node(level, index))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { size, peaks })
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The roots of the perfect subtrees covering `[0, size)`, left to right.
    pub fn peaks(&self) -> &[Hash] {
        &self.peaks
    }

    /// Append a leaf hash; calls `on_node(level, index, &hash)` for the leaf (level 0) and for
    /// every perfect node completed by this append, lowest first, so a store can persist them.
    ///
    /// # Panics
    ///
    /// When the tree already has 2^64 − 1 leaves.
    pub fn push(&mut self, leaf: Hash, mut on_node: impl FnMut(u8, u64, &Hash)) {
        assert!(self.size < u64::MAX, "the tree is full (2^64 - 1 leaves)");
        let mut hash = leaf;
        let mut level = 0u8;
        let mut index = self.size;
        on_node(level, index, &hash);
        // Each trailing one bit of the old size is a peak of the same height to merge with.
        while (self.size >> level) & 1 == 1 {
            let left = self.peaks.pop().expect("one peak per bit set in the size");
            hash = node_hash(&left, &hash);
            level += 1;
            index >>= 1;
            on_node(level, index, &hash);
        }
        self.peaks.push(hash);
        self.size += 1;
    }

    /// The MTH of `[0, size)`.
    pub fn root(&self) -> Hash {
        fold_right(&self.peaks).unwrap_or_else(empty_root)
    }
}

/// Why a proof could not be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError<E> {
    /// The node source failed (for a [`MemoryTree`]: the tree is smaller than asked).
    #[error("reading a tree node: {0}")]
    Source(E),
    /// The leaf is not in the tree.
    #[error("leaf index {index} is not in a tree of {size} leaves")]
    IndexOutOfRange {
        /// The leaf index asked for.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// The leaf is not in the subtree.
    #[error("leaf index {index} is outside the subtree [{start}, {end})")]
    IndexOutsideSubtree {
        /// The leaf index asked for.
        index: u64,
        /// First leaf of the subtree.
        start: u64,
        /// One past the last leaf of the subtree.
        end: u64,
    },
    /// The second tree is smaller than the first.
    #[error("size2 ({size2}) is smaller than size1 ({size1})")]
    SizeOrder {
        /// The first (older) size.
        size1: u64,
        /// The second (newer) size.
        size2: u64,
    },
    /// RFC 9162 defines no consistency proof from the empty tree.
    #[error(
        "a consistency proof from the empty tree (size1 = 0) proves nothing and is not defined"
    )]
    EmptyFirstTree,
    /// The range is not a subtree.
    #[error("[{start}, {end}) is not a subtree: {reason}")]
    InvalidSubtree {
        /// First leaf.
        start: u64,
        /// One past the last leaf.
        end: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// The subtree ends beyond the tree.
    #[error("the subtree [{start}, {end}) ends beyond the tree of {size} leaves")]
    SubtreeBeyondTree {
        /// First leaf.
        start: u64,
        /// One past the last leaf.
        end: u64,
        /// The tree size.
        size: u64,
    },
}

/// The inclusion path (RFC 9162 §2.1.3.1 PATH) of leaf `m` in the subtree of `n` leaves starting
/// at leaf `base`, bottom first.
fn path<S: NodeSource>(src: &S, base: u64, m: u64, n: u64) -> Result<Vec<Hash>, S::Error> {
    let (mut base, mut m, mut n) = (base, m, n);
    let mut top_down = Vec::new();
    while n > 1 {
        let k = split_point(n);
        if m < k {
            top_down.push(range_hash(src, base + k, n - k)?);
            n = k;
        } else {
            top_down.push(range_hash(src, base, k)?);
            base += k;
            m -= k;
            n -= k;
        }
    }
    top_down.reverse();
    Ok(top_down)
}

/// The inclusion proof of leaf `index` in the tree of the first `size` leaves (RFC 9162
/// §2.1.3.1), bottom first.
pub fn inclusion_proof<S: NodeSource>(
    src: &S,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, ProofError<S::Error>> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    path(src, 0, index, size).map_err(ProofError::Source)
}

/// The consistency proof between the trees of `size1` and `size2` leaves (RFC 9162 §2.1.4.1).
/// Empty when the sizes are equal.
pub fn consistency_proof<S: NodeSource>(
    src: &S,
    size1: u64,
    size2: u64,
) -> Result<Vec<Hash>, ProofError<S::Error>> {
    if size2 < size1 {
        return Err(ProofError::SizeOrder { size1, size2 });
    }
    if size1 == 0 {
        return Err(ProofError::EmptyFirstTree);
    }
    subtree_subproof(src, 0, size1, size2).map_err(ProofError::Source)
}

/// Whether `[start, end)` is a subtree in the sense of draft-ietf-plants-merkle-tree-certs (and
/// transparency-dev/merkle): `start <= end`, and `start` is 0, or equal to `end`, or a multiple
/// of the smallest power of two at least `end - start`. `Err` says why not.
pub fn check_subtree(start: u64, end: u64) -> Result<(), String> {
    if start > end {
        return Err(format!("start {start} is after end {end}"));
    }
    if start == 0 || start == end {
        return Ok(());
    }
    let len = end - start;
    if len > 1 << 63 {
        return Err(format!(
            "a subtree of {len} leaves (more than 2^63) must start at 0"
        ));
    }
    let ceil = len.next_power_of_two();
    if start & (ceil - 1) != 0 {
        return Err(format!(
            "start {start} is not a multiple of {ceil}, the power of two at or above its {len} leaves"
        ));
    }
    Ok(())
}

/// The inclusion proof of leaf `index` in the subtree `[start, end)` (draft-ietf-plants-merkle-
/// tree-certs): the inclusion proof of `index - start` in a tree of `end - start` leaves, built
/// from the subtree's own nodes.
pub fn subtree_inclusion_proof<S: NodeSource>(
    src: &S,
    index: u64,
    start: u64,
    end: u64,
) -> Result<Vec<Hash>, ProofError<S::Error>> {
    check_subtree(start, end).map_err(|reason| ProofError::InvalidSubtree {
        start,
        end,
        reason,
    })?;
    if index < start || index >= end {
        return Err(ProofError::IndexOutsideSubtree { index, start, end });
    }
    path(src, start, index - start, end - start).map_err(ProofError::Source)
}

/// The subtree consistency proof (draft-ietf-plants-merkle-tree-certs) that the subtree
/// `[start, end)` is part of the tree of `size` leaves. With `start = 0` this is the RFC 9162
/// consistency proof from `end` to `size`. Empty for an empty subtree.
pub fn subtree_consistency_proof<S: NodeSource>(
    src: &S,
    start: u64,
    end: u64,
    size: u64,
) -> Result<Vec<Hash>, ProofError<S::Error>> {
    check_subtree(start, end).map_err(|reason| ProofError::InvalidSubtree {
        start,
        end,
        reason,
    })?;
    if end > size {
        return Err(ProofError::SubtreeBeyondTree { start, end, size });
    }
    if start == end {
        return Ok(Vec::new());
    }
    subtree_subproof(src, start, end, size).map_err(ProofError::Source)
}

/// SUBTREE_SUBPROOF of the draft (RFC 9162 SUBPROOF when `start = 0`), for a non-empty valid
/// subtree `[start, end)` of the tree of `size` leaves; bottom first.
fn subtree_subproof<S: NodeSource>(
    src: &S,
    start: u64,
    end: u64,
    size: u64,
) -> Result<Vec<Hash>, S::Error> {
    // The current node covers [base, base + n); start and end are relative to base.
    let (mut base, mut n, mut start, mut end) = (0u64, size, start, end);
    // Whether the verifier knows the hash of the subtree [start, end) of the current node.
    let mut known = true;
    let mut top_down = Vec::new();
    loop {
        if start == 0 && end == n {
            if !known {
                top_down.push(range_hash(src, base, n)?);
            }
            break;
        }
        let k = split_point(n);
        if end <= k {
            // In the left child; the right child is the sibling.
            top_down.push(range_hash(src, base + k, n - k)?);
            n = k;
        } else {
            // In the right child, or straddling (then start = 0 and the part of the subtree in
            // the right child is not a node the verifier knows).
            top_down.push(range_hash(src, base, k)?);
            if start < k {
                known = false;
                start = 0;
            } else {
                start -= k;
            }
            end -= k;
            base += k;
            n -= k;
        }
    }
    top_down.reverse();
    Ok(top_down)
}

/// Why a proof does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The leaf index is not below the tree size.
    #[error("leaf index {index} is not in a tree of {size} leaves")]
    IndexOutOfRange {
        /// The leaf index.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// The leaf index is not in the subtree.
    #[error("leaf index {index} is outside the subtree [{start}, {end})")]
    IndexOutsideSubtree {
        /// The leaf index.
        index: u64,
        /// First leaf of the subtree.
        start: u64,
        /// One past the last leaf of the subtree.
        end: u64,
    },
    /// The leaf hash is not a SHA-256 hash.
    #[error("the leaf hash is {0} bytes, a SHA-256 hash is 32")]
    LeafHashLength(usize),
    /// A root or subtree hash to start from is not a SHA-256 hash.
    #[error("{which} is {len} bytes, a SHA-256 hash is 32")]
    RootLength {
        /// Which hash: "root1" or "subtree root".
        which: &'static str,
        /// Its length.
        len: usize,
    },
    /// A hash in the proof is not a SHA-256 hash.
    #[error("proof hash {position} is {len} bytes, a SHA-256 hash is 32")]
    ProofHashLength {
        /// Its position in the proof, from 0.
        position: usize,
        /// Its length.
        len: usize,
    },
    /// The proof has the wrong number of hashes.
    #[error("proof has {got} hashes, {what} needs {want}")]
    ProofLength {
        /// The number of hashes in the proof.
        got: usize,
        /// The number needed.
        want: usize,
        /// What the proof is for, e.g. "a proof for leaf 5 in a tree of 8".
        what: String,
    },
    /// The second tree is smaller than the first.
    #[error("size2 ({size2}) is smaller than size1 ({size1})")]
    SizeOrder {
        /// The first (older) size.
        size1: u64,
        /// The second (newer) size.
        size2: u64,
    },
    /// A consistency proof from the empty tree.
    #[error("a consistency proof from the empty tree (size1 = 0) proves nothing")]
    EmptyFirstTree,
    /// The range is not a subtree.
    #[error("[{start}, {end}) is not a subtree: {reason}")]
    InvalidSubtree {
        /// First leaf.
        start: u64,
        /// One past the last leaf.
        end: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// The subtree ends beyond the tree.
    #[error("the subtree [{start}, {end}) ends beyond the tree of {size} leaves")]
    SubtreeBeyondTree {
        /// First leaf.
        start: u64,
        /// One past the last leaf.
        end: u64,
        /// The tree size.
        size: u64,
    },
    /// The hash computed from the proof is not the one given.
    #[error("{which} mismatch: computed {}, expected {}", hex(.computed), hex(.expected))]
    RootMismatch {
        /// Which hash: "root", "root1", "root2", "subtree root", "tree root".
        which: &'static str,
        /// The hash computed from the proof.
        computed: Vec<u8>,
        /// The hash given.
        expected: Vec<u8>,
    },
}

fn check_match(which: &'static str, computed: &[u8], expected: &[u8]) -> Result<(), VerifyError> {
    if computed == expected {
        Ok(())
    } else {
        Err(VerifyError::RootMismatch {
            which,
            computed: computed.to_vec(),
            expected: expected.to_vec(),
        })
    }
}

fn check_proof_shape(
    proof: &[impl AsRef<[u8]>],
    want: usize,
    what: impl FnOnce() -> String,
) -> Result<(), VerifyError> {
    if proof.len() != want {
        return Err(VerifyError::ProofLength {
            got: proof.len(),
            want,
            what: what(),
        });
    }
    for (position, hash) in proof.iter().enumerate() {
        let len = hash.as_ref().len();
        if len != HASH_LEN {
            return Err(VerifyError::ProofHashLength { position, len });
        }
    }
    Ok(())
}

/// The number of hashes in the inclusion proof of leaf `index` in a tree of `size > index` leaves:
/// the levels below the point where the paths to `index` and `size - 1` part, plus one for each
/// left sibling above it.
pub fn inclusion_proof_len(index: u64, size: u64) -> usize {
    debug_assert!(index < size);
    let inner = bit_len(index ^ (size - 1));
    let border = shr(index, inner).count_ones();
    (inner + border) as usize
}

/// The root computed from an inclusion proof (RFC 9162 §2.1.3.2), its length already checked.
fn root_from_inclusion(index: u64, size: u64, leaf: &[u8], proof: &[impl AsRef<[u8]>]) -> Hash {
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r: Hash = leaf.try_into().expect("leaf hash length checked");
    for p in proof {
        let p = p.as_ref();
        if fnode & 1 == 1 || fnode == snode {
            r = hash_children(p, &r);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = hash_children(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    debug_assert_eq!(snode, 0, "proof length checked");
    r
}

/// Verifies that `leaf_hash` is leaf `index` of the tree of `size` leaves whose root is `root`
/// (RFC 9162 §2.1.3.2). Requires `index < size` and a 32-byte leaf hash.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf_hash: &[u8],
    proof: &[impl AsRef<[u8]>],
    root: &[u8],
) -> Result<(), VerifyError> {
    if index >= size {
        return Err(VerifyError::IndexOutOfRange { index, size });
    }
    if leaf_hash.len() != HASH_LEN {
        return Err(VerifyError::LeafHashLength(leaf_hash.len()));
    }
    check_proof_shape(proof, inclusion_proof_len(index, size), || {
        format!("a proof for leaf {index} in a tree of {size}")
    })?;
    let computed = root_from_inclusion(index, size, leaf_hash, proof);
    check_match("root", &computed, root)
}

/// Verifies that `leaf_hash` is leaf `index` of the subtree `[start, end)` whose hash is `root`
/// (draft-ietf-plants-merkle-tree-certs): the inclusion of `index - start` in a tree of
/// `end - start` leaves.
pub fn verify_subtree_inclusion(
    index: u64,
    start: u64,
    end: u64,
    leaf_hash: &[u8],
    proof: &[impl AsRef<[u8]>],
    root: &[u8],
) -> Result<(), VerifyError> {
    check_subtree(start, end).map_err(|reason| VerifyError::InvalidSubtree {
        start,
        end,
        reason,
    })?;
    if index < start || index >= end {
        return Err(VerifyError::IndexOutsideSubtree { index, start, end });
    }
    let (i, n) = (index - start, end - start);
    if leaf_hash.len() != HASH_LEN {
        return Err(VerifyError::LeafHashLength(leaf_hash.len()));
    }
    check_proof_shape(proof, inclusion_proof_len(i, n), || {
        format!("a proof for leaf {index} in the subtree [{start}, {end})")
    })?;
    let computed = root_from_inclusion(i, n, leaf_hash, proof);
    check_match("subtree root", &computed, root)
}

/// Verifies that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves
/// with root `root1` (RFC 9162 §2.1.4.2). `size1 = 0` is an error (even 0 → 0); equal sizes need
/// an empty proof and equal roots.
pub fn verify_consistency(
    size1: u64,
    size2: u64,
    proof: &[impl AsRef<[u8]>],
    root1: &[u8],
    root2: &[u8],
) -> Result<(), VerifyError> {
    if size2 < size1 {
        return Err(VerifyError::SizeOrder { size1, size2 });
    }
    if size1 == 0 {
        return Err(VerifyError::EmptyFirstTree);
    }
    if size1 == size2 {
        check_proof_shape(proof, 0, || {
            format!("a consistency proof between equal sizes ({size1})")
        })?;
        return check_match("root2", root1, root2);
    }
    if root1.len() != HASH_LEN {
        return Err(VerifyError::RootLength {
            which: "root1",
            len: root1.len(),
        });
    }
    let walk = ConsistencyWalk::new(0, size1, size2);
    check_proof_shape(proof, walk.proof_len(), || {
        format!("a consistency proof from {size1} to {size2}")
    })?;
    let (computed1, computed2) = walk.run(proof, root1);
    check_match("root1", &computed1, root1)?;
    check_match("root2", &computed2, root2)
}

/// Verifies that the subtree `[start, end)` with hash `subtree_root` is part of the tree of
/// `size` leaves with root `root` (draft-ietf-plants-merkle-tree-certs, subtree consistency).
/// An empty subtree needs an empty proof and the empty-tree hash; `[0, size)` needs an empty
/// proof and equal hashes.
pub fn verify_subtree_consistency(
    start: u64,
    end: u64,
    size: u64,
    proof: &[impl AsRef<[u8]>],
    subtree_root: &[u8],
    root: &[u8],
) -> Result<(), VerifyError> {
    check_subtree(start, end).map_err(|reason| VerifyError::InvalidSubtree {
        start,
        end,
        reason,
    })?;
    if end > size {
        return Err(VerifyError::SubtreeBeyondTree { start, end, size });
    }
    if start == end {
        check_proof_shape(proof, 0, || format!("the empty subtree [{start}, {end})"))?;
        return check_match("subtree root", &empty_root(), subtree_root);
    }
    if start == 0 && end == size {
        check_proof_shape(proof, 0, || format!("the whole tree [0, {size})"))?;
        return check_match("tree root", subtree_root, root);
    }
    if subtree_root.len() != HASH_LEN {
        return Err(VerifyError::RootLength {
            which: "subtree root",
            len: subtree_root.len(),
        });
    }
    let walk = ConsistencyWalk::new(start, end, size);
    check_proof_shape(proof, walk.proof_len(), || {
        format!("a proof for the subtree [{start}, {end}) in a tree of {size}")
    })?;
    let (computed1, computed2) = walk.run(proof, subtree_root);
    check_match("subtree root", &computed1, subtree_root)?;
    check_match("tree root", &computed2, root)
}

/// The cursors of the subtree consistency verification (the draft's generalisation of RFC 9162
/// §2.1.4.2): `first` and `last` are the subtree's first and last leaf, `tree_last` the tree's
/// last leaf, each shifted right once per level climbed.
#[derive(Debug, Clone, Copy)]
struct ConsistencyWalk {
    first: u64,
    last: u64,
    tree_last: u64,
    /// Whether the walk starts from the first proof hash (the largest perfect subtree flush with
    /// the subtree's right edge) rather than from the subtree hash itself.
    seed_from_proof: bool,
}

impl ConsistencyWalk {
    /// Requires a valid, non-empty subtree `[start, end)` with `end <= size`, other than
    /// `[0, size)`.
    fn new(start: u64, end: u64, size: u64) -> Self {
        let mut w = Self {
            first: start,
            last: end - 1,
            tree_last: size - 1,
            seed_from_proof: false,
        };
        if w.last == w.tree_last {
            // Flush with the tree's right edge: climb to the subtree's own node.
            while w.first != w.last {
                w.climb();
            }
        } else {
            // Climb while the last leaf's node is a right child inside the subtree: the
            // largest perfect subtree that ends the subtree.
            while w.first != w.last && w.last & 1 == 1 {
                w.climb();
            }
        }
        w.seed_from_proof = w.first != w.last;
        w
    }

    fn climb(&mut self) {
        self.first >>= 1;
        self.last >>= 1;
        self.tree_last >>= 1;
    }

    /// Whether the proof hash at this level is a left sibling (else a right sibling).
    fn left_sibling(&self) -> bool {
        self.last & 1 == 1 || self.last == self.tree_last
    }

    /// After a left sibling on the tree's ragged right edge, skip the levels where the node has
    /// no sibling at all.
    fn skip_lone_levels(&mut self) {
        while self.last & 1 == 0 && self.last != 0 {
            self.climb();
        }
    }

    /// The number of hashes the proof must have.
    fn proof_len(self) -> usize {
        let mut w = self;
        let mut n = usize::from(w.seed_from_proof);
        while w.tree_last != 0 {
            n += 1;
            if w.left_sibling() {
                w.skip_lone_levels();
            }
            w.climb();
        }
        n
    }

    /// Runs the proof (of [`Self::proof_len`] 32-byte hashes) from a 32-byte subtree hash; returns the subtree hash and the
    /// tree root it gives.
    fn run(self, proof: &[impl AsRef<[u8]>], subtree_root: &[u8]) -> (Hash, Hash) {
        let mut w = self;
        let (seed, rest) = if w.seed_from_proof {
            (proof[0].as_ref(), &proof[1..])
        } else {
            (subtree_root, proof)
        };
        let seed: Hash = seed.try_into().expect("hash lengths checked");
        let (mut sub, mut tree) = (seed, seed);
        for c in rest {
            let c = c.as_ref();
            if w.left_sibling() {
                if w.first < w.last {
                    // Still inside the subtree: the sibling is part of it.
                    sub = hash_children(c, &sub);
                }
                tree = hash_children(c, &tree);
                w.skip_lone_levels();
            } else {
                tree = hash_children(&tree, c);
            }
            w.climb();
        }
        debug_assert_eq!(w.tree_last, 0, "proof length checked");
        (sub, tree)
    }
}

impl fmt::Display for MemoryTree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Merkle tree of {} leaves, root {}",
            self.len(),
            hex(&self.root())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// MTH straight from the RFC's recursive definition.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split_point(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    #[test]
    fn roots_match_the_recursive_definition() {
        let all = leaves(70);
        let tree = MemoryTree::from_leaves(all.iter().copied());
        let mut frontier = Frontier::new();
        for n in 0..=70u64 {
            let want = mth(&all[..n as usize]);
            assert_eq!(root_at(&tree, n).unwrap(), want, "root_at {n}");
            assert_eq!(frontier.root(), want, "frontier {n}");
            assert_eq!(Frontier::from_source(&tree, n).unwrap(), frontier);
            if n < 70 {
                frontier.push(all[n as usize], |_, _, _| {});
            }
        }
    }

    #[test]
    fn frontier_reports_every_completed_node() {
        let tree = MemoryTree::from_leaves(leaves(16));
        let mut frontier = Frontier::new();
        let mut seen = Vec::new();
        for leaf in leaves(16) {
            frontier.push(leaf, |level, index, hash| seen.push((level, index, *hash)));
        }
        // 16 leaves + 8 + 4 + 2 + 1 nodes.
        assert_eq!(seen.len(), 31);
        for (level, index, hash) in seen {
            assert_eq!(tree.node(level, index).unwrap(), hash);
        }
    }

    #[test]
    fn from_peaks_checks_the_count() {
        assert_eq!(
            Frontier::from_peaks(5, vec![[0; 32]]).unwrap_err(),
            FrontierError::PeakCount {
                size: 5,
                got: 1,
                want: 2
            }
        );
        assert_eq!(Frontier::from_peaks(5, vec![[0; 32]; 2]).unwrap().size(), 5);
        let err = Frontier::from_peaks(0, vec![[1; 32]]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a tree of 0 leaves has 0 peaks (one per bit set in the size), but 1 were given"
        );
        assert!(Frontier::from_peaks(u64::MAX, vec![[0; 32]; 63]).is_err());
        assert!(Frontier::from_peaks(u64::MAX, vec![[0; 32]; 64]).is_ok());
        let tree = MemoryTree::from_leaves(leaves(13));
        let rebuilt = Frontier::from_peaks(13, tree.frontier().peaks().to_vec()).unwrap();
        assert_eq!(rebuilt.root(), tree.root());
    }

    #[test]
    fn peaks_cover_the_tree() {
        assert_eq!(peaks(0), vec![]);
        assert_eq!(peaks(1), vec![(0, 0)]);
        assert_eq!(peaks(6), vec![(2, 0), (1, 2)]);
        assert_eq!(peaks(7), vec![(2, 0), (1, 2), (0, 6)]);
        assert_eq!(peaks(u64::MAX).len(), 64);
        assert_eq!(peaks(u64::MAX)[0], (63, 0));
    }

    #[test]
    fn missing_nodes_are_errors() {
        let tree = MemoryTree::from_leaves(leaves(3));
        assert_eq!(
            root_at(&tree, 4).unwrap_err().to_string(),
            "no node at level 2, index 0: the tree has 3 leaves"
        );
        assert!(matches!(
            inclusion_proof(&tree, 3, 3),
            Err(ProofError::IndexOutOfRange { index: 3, size: 3 })
        ));
        assert!(matches!(
            consistency_proof(&tree, 2, 5),
            Err(ProofError::Source(_))
        ));
        assert_eq!(
            consistency_proof(&tree, 3, 2).unwrap_err().to_string(),
            "size2 (2) is smaller than size1 (3)"
        );
    }

    #[test]
    fn subtree_proofs_round_trip() {
        let all = leaves(40);
        let tree = MemoryTree::from_leaves(all.iter().copied());
        let mut checked = 0;
        for size in 1..=40u64 {
            let root = root_at(&tree, size).unwrap();
            for start in 0..size {
                for end in start + 1..=size {
                    if check_subtree(start, end).is_err() {
                        continue;
                    }
                    let sub = mth(&all[start as usize..end as usize]);
                    let proof = subtree_consistency_proof(&tree, start, end, size).unwrap();
                    verify_subtree_consistency(start, end, size, &proof, &sub, &root)
                        .unwrap_or_else(|e| panic!("[{start}, {end}) in {size}: {e}"));
                    // A wrong subtree hash or root fails.
                    assert!(
                        verify_subtree_consistency(start, end, size, &proof, &root, &sub).is_err()
                            || sub == root
                    );
                    if size == 40 {
                        for index in start..end {
                            let p = subtree_inclusion_proof(&tree, index, start, end).unwrap();
                            verify_subtree_inclusion(
                                index,
                                start,
                                end,
                                &all[index as usize],
                                &p,
                                &sub,
                            )
                            .unwrap();
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// SUBTREE_SUBPROOF(start, end, D_n, b) straight from the draft's recursive definition, over
    /// the leaf hashes themselves.
    fn subproof_by_definition(start: usize, end: usize, d: &[Hash], known: bool) -> Vec<Hash> {
        let n = d.len();
        if start == 0 && end == n {
            return if known { vec![] } else { vec![mth(d)] };
        }
        let k = split_point(n as u64) as usize;
        let (mut proof, sibling) = if end <= k {
            (
                subproof_by_definition(start, end, &d[..k], known),
                mth(&d[k..]),
            )
        } else if k <= start {
            (
                subproof_by_definition(start - k, end - k, &d[k..], known),
                mth(&d[..k]),
            )
        } else {
            (
                subproof_by_definition(0, end - k, &d[k..], false),
                mth(&d[..k]),
            )
        };
        proof.push(sibling);
        proof
    }

    #[test]
    fn subtree_consistency_follows_the_draft() {
        let all = leaves(33);
        let tree = MemoryTree::from_leaves(all.iter().copied());
        let mut interior = 0;
        for size in 1..=33u64 {
            let d = &all[..size as usize];
            let root = mth(d);
            for start in 1..size {
                for end in start + 1..=size {
                    if check_subtree(start, end).is_err() {
                        continue;
                    }
                    let (s, e) = (start as usize, end as usize);
                    let want = subproof_by_definition(s, e, d, true);
                    let proof = subtree_consistency_proof(&tree, start, end, size).unwrap();
                    assert_eq!(proof, want, "[{start}, {end}) in {size}");
                    let sub = mth(&d[s..e]);
                    verify_subtree_consistency(start, end, size, &proof, &sub, &root).unwrap();
                    // Any one corrupted hash, a missing or an extra one, is refused.
                    for i in 0..proof.len() {
                        let mut bad = proof.clone();
                        bad[i][i % 32] ^= 0x10;
                        assert!(
                            verify_subtree_consistency(start, end, size, &bad, &sub, &root)
                                .is_err(),
                            "[{start}, {end}) in {size}, hash {i} corrupted"
                        );
                    }
                    if let Some((_, shorter)) = proof.split_last() {
                        assert!(
                            verify_subtree_consistency(start, end, size, shorter, &sub, &root)
                                .is_err()
                        );
                    }
                    let mut longer = proof.clone();
                    longer.push(root);
                    assert!(
                        verify_subtree_consistency(start, end, size, &longer, &sub, &root).is_err()
                    );
                    if !(end - start).is_power_of_two() && end < size {
                        interior += 1;
                    }
                }
            }
        }
        // Non-perfect subtrees away from the tree's right edge: the subtree hash is rebuilt from
        // the proof and checked.
        assert!(interior > 50, "{interior}");
    }

    #[test]
    fn error_messages_say_what_is_wrong() {
        let tree = MemoryTree::from_leaves(leaves(8));
        let root = tree.root();
        let proof = inclusion_proof(&tree, 5, 8).unwrap();
        assert_eq!(
            verify_inclusion(5, 8, &leaves(8)[5], &proof[..2], &root)
                .unwrap_err()
                .to_string(),
            "proof has 2 hashes, a proof for leaf 5 in a tree of 8 needs 3"
        );
        let err = verify_inclusion(5, 8, &leaves(8)[4], &proof, &root).unwrap_err();
        assert!(
            err.to_string().starts_with("root mismatch: computed "),
            "{err}"
        );
        assert!(err
            .to_string()
            .ends_with(&format!("expected {}", hex(&root))));
        assert_eq!(
            verify_consistency(6, 5, &proof, &root, &root)
                .unwrap_err()
                .to_string(),
            "size2 (5) is smaller than size1 (6)"
        );
        assert_eq!(
            verify_subtree_consistency(2, 5, 8, &proof, &root, &root)
                .unwrap_err()
                .to_string(),
            "[2, 5) is not a subtree: start 2 is not a multiple of 4, the power of two at or above its 3 leaves"
        );
        let proof = consistency_proof(&tree, 2, 5).unwrap();
        assert_eq!(
            verify_consistency(2, 5, &proof, &[1, 2, 3], &root)
                .unwrap_err()
                .to_string(),
            "root1 is 3 bytes, a SHA-256 hash is 32"
        );
        assert!(verify_consistency(
            2,
            5,
            &proof,
            &root_at(&tree, 2).unwrap(),
            &root_at(&tree, 5).unwrap()
        )
        .is_ok());
        let bad = [[0u8; 32].to_vec(), vec![1, 2, 3], [0u8; 32].to_vec()];
        assert_eq!(
            verify_inclusion(5, 8, &leaves(8)[5], &bad, &root)
                .unwrap_err()
                .to_string(),
            "proof hash 1 is 3 bytes, a SHA-256 hash is 32"
        );
    }
}
