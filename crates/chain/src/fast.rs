//! Small fast maps and the rank scheduler used by tracing.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::{Index, IndexMut};

/// A multiply-shift hasher for integer keys (node ids, ranks). Not for untrusted keys chosen to
/// collide; ids here are assigned by this crate.
#[derive(Default, Clone, Copy)]
pub struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (u64::from(i) ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 ^= self.0 >> 29;
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (i ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 ^= self.0 >> 29;
    }
}

/// A hash map keyed by integers.
pub type IntMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;

/// Node id → slot: a hash map while few nodes are touched, a dense array once many are.
pub(crate) enum SlotMap {
    Sparse(IntMap<u32, u32>),
    Dense(Vec<u32>),
}

impl SlotMap {
    pub(crate) fn new() -> SlotMap {
        SlotMap::Sparse(IntMap::default())
    }

    #[inline]
    pub(crate) fn get(&self, node: u32) -> Option<u32> {
        match self {
            SlotMap::Sparse(m) => m.get(&node).copied(),
            SlotMap::Dense(v) => match v[node as usize] {
                u32::MAX => None,
                s => Some(s),
            },
        }
    }

    /// Insert; switches to dense above `node_count / 256` entries.
    pub(crate) fn insert(&mut self, node: u32, slot: u32, node_count: u32) {
        match self {
            SlotMap::Sparse(m) => {
                m.insert(node, slot);
                if m.len() as u64 * 256 > u64::from(node_count) && m.len() > 1024 {
                    let mut v = vec![u32::MAX; node_count as usize];
                    for (&k, &s) in m.iter() {
                        v[k as usize] = s;
                    }
                    *self = SlotMap::Dense(v);
                }
            }
            SlotMap::Dense(v) => v[node as usize] = slot,
        }
    }
}

/// A monotone priority queue of ranks: pops in increasing order, never a rank below the last
/// popped one. A binary heap while small; a two-level bitmap over all ranks once large (then
/// push and pop are a few word operations and the scan is sequential).
pub(crate) struct Scheduler {
    heap: BinaryHeap<Reverse<u32>>,
    words: Vec<u64>,
    summary: Vec<u64>,
    dense: bool,
    cursor: u32,
    len: usize,
    limit: u32,
}

impl Scheduler {
    /// A scheduler for ranks below `limit`.
    pub(crate) fn new(limit: u32) -> Scheduler {
        Scheduler {
            heap: BinaryHeap::new(),
            words: Vec::new(),
            summary: Vec::new(),
            dense: false,
            cursor: 0,
            len: 0,
            limit,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, r: u32) {
        if r >= self.limit {
            return;
        }
        if self.dense {
            let w = (r / 64) as usize;
            let bit = 1u64 << (r % 64);
            if self.words[w] & bit == 0 {
                self.words[w] |= bit;
                self.summary[w / 64] |= 1u64 << (w % 64);
                self.len += 1;
            }
            return;
        }
        self.heap.push(Reverse(r));
        self.len += 1;
        if self.heap.len() > 4096 {
            self.go_dense();
        }
    }

    fn go_dense(&mut self) {
        let nwords = (self.limit as usize).div_ceil(64);
        self.words = vec![0; nwords];
        self.summary = vec![0; nwords.div_ceil(64)];
        self.dense = true;
        self.len = 0;
        let heap = std::mem::take(&mut self.heap);
        for Reverse(r) in heap {
            self.push(r);
        }
    }

    pub(crate) fn pop(&mut self) -> Option<u32> {
        if !self.dense {
            let Reverse(r) = self.heap.pop()?;
            self.len -= 1;
            while self.heap.peek() == Some(&Reverse(r)) {
                self.heap.pop();
                self.len -= 1;
            }
            self.cursor = r;
            return Some(r);
        }
        if self.len == 0 {
            return None;
        }
        let mut w = (self.cursor / 64) as usize;
        loop {
            if w >= self.words.len() {
                return None;
            }
            if self.words[w] != 0 {
                let bit = self.words[w].trailing_zeros();
                self.words[w] &= self.words[w] - 1;
                if self.words[w] == 0 {
                    self.summary[w / 64] &= !(1u64 << (w % 64));
                }
                self.len -= 1;
                let r = (w as u32) * 64 + bit;
                self.cursor = r;
                return Some(r);
            }
            // Skip empty words through the summary.
            let mut s = w / 64;
            let mask = if w % 64 == 63 {
                0
            } else {
                !0u64 << (w % 64 + 1)
            };
            let mut bits = self.summary[s] & mask;
            while bits == 0 {
                s += 1;
                if s >= self.summary.len() {
                    return None;
                }
                bits = self.summary[s];
            }
            w = s * 64 + bits.trailing_zeros() as usize;
        }
    }
}

/// A vector in fixed chunks: growing never copies or doubles, so a large one costs what it
/// holds.
pub(crate) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

const CHUNK: usize = 1 << 14;

impl<T> Chunked<T> {
    pub(crate) fn new() -> Chunked<T> {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, v: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let last = self.chunks.len() - 1;
        self.chunks[last].push(v);
        self.len += 1;
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;
    #[inline]
    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> IndexMut<usize> for Chunked<T> {
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

/// Ask the processor to bring the cache line holding `*p` closer, without waiting for it: a
/// sweep over chain order knows which nodes' state it will touch a few transfers ahead, and
/// fetching them early lets many memory accesses overlap instead of each stalling in turn.
/// Nothing is read or written; on other architectures this does nothing.
#[inline(always)]
#[allow(unsafe_code)]
pub(crate) fn prefetch<T>(p: &T) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    // SAFETY: `_mm_prefetch` is an `unsafe` function only because it is declared with
    // `#[target_feature(enable = "sse")]`; the `cfg` above compiles this call only where SSE is
    // enabled for the whole program (it is part of the x86_64 baseline), so the feature the
    // function needs is present. PREFETCHT0 is a hint: it never faults, never reads into a
    // register and never writes, whatever the address; here the address comes from a live
    // reference besides.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
            (p as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = p;
}

/// A fixed-size table of plain values, zeroed at the start, kept in an anonymous memory map
/// that the kernel is asked to back with huge pages (where transparent huge pages are enabled
/// in `madvise` mode, as on most distributions, nothing else gets them). Per-node state of a
/// sweep over a large graph is accessed at random; with 4 KiB pages nearly every access also
/// misses the address translation cache, with 2 MiB pages almost none does. Where no map can
/// be made, the table is an ordinary vector.
pub(crate) enum HugeTable<T: bytemuck::Pod> {
    Map(memmap2::MmapMut, std::marker::PhantomData<T>),
    Heap(Vec<T>),
}

impl<T: bytemuck::Pod> HugeTable<T> {
    /// `len` zeroed values.
    pub(crate) fn zeroed(len: usize) -> HugeTable<T> {
        let bytes = len * std::mem::size_of::<T>();
        if bytes >= 4 << 20 {
            if let Ok(m) = memmap2::MmapMut::map_anon(bytes) {
                // A hint: refused (no transparent huge pages), the map works the same.
                #[cfg(target_os = "linux")]
                let _ = m.advise(memmap2::Advice::HugePage);
                return HugeTable::Map(m, std::marker::PhantomData);
            }
        }
        HugeTable::Heap(vec![T::zeroed(); len])
    }
}

impl<T: bytemuck::Pod> std::ops::Deref for HugeTable<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            HugeTable::Map(m, _) => bytemuck::cast_slice(&m[..]),
            HugeTable::Heap(v) => v,
        }
    }
}

impl<T: bytemuck::Pod> std::ops::DerefMut for HugeTable<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            HugeTable::Map(m, _) => bytemuck::cast_slice_mut(&mut m[..]),
            HugeTable::Heap(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduler_pops_in_order_in_both_modes() {
        let mut s = Scheduler::new(1_000_000);
        for r in [5u32, 3, 9, 3, 700_000] {
            s.push(r);
        }
        assert_eq!(s.pop(), Some(3));
        assert_eq!(s.pop(), Some(5));
        s.go_dense();
        s.push(6);
        s.push(200_000);
        let got: Vec<u32> = std::iter::from_fn(|| s.pop()).collect();
        assert_eq!(got, [6, 9, 200_000, 700_000]);
        let mut s = Scheduler::new(10_000_000);
        for r in (0..200_000u32).rev() {
            s.push(r * 37 % 9_999_991);
        }
        assert!(s.dense);
        let mut last = None;
        let mut n = 0;
        while let Some(r) = s.pop() {
            assert!(last < Some(r));
            last = Some(r);
            n += 1;
        }
        assert_eq!(n, 200_000);
    }
}
