//! The compact transfer graph.
//!
//! Addresses are interned to `u32` node ids. Transfers are stored as 20-byte records
//! ([`Rec`]) indexed by their **rank**, their position in chain order (block, transaction, then
//! the order of value moves inside the transaction): sender and receiver (`u32`), asset
//! (`u16`) and the value's low 80 bits (values of 2^80 base units or more, about 1.2 million
//! ETH in wei, go to a side table, so every value is an exact `u128`). One record is one cache
//! line fetch when a trace reads a transfer. Adjacency is CSR both ways: for each node, the
//! ranks of its outgoing transfers and of its incoming transfers, each list sorted by rank,
//! i.e. in time order, which is the node's balance timeline. The adjacency is built on first
//! use ([`TransferGraph::outgoing`], [`TransferGraph::incoming`]): a sweep over the whole
//! graph in chain order never needs it, and does not pay its 8 bytes per transfer. Times are kept per block (a
//! rank → time step table), transactions as the first rank of each (so the transfers of one
//! transaction are a contiguous range of ranks).
//!
//! Per transfer this is 20 bytes of record plus, once built, 4 + 4 bytes of adjacency: 28
//! bytes, plus 8 bytes per node of offsets, 1 byte per node of flags, and per transaction 4 bytes of range
//! (and 32 of hash where hashes are kept). UTXO graphs add a 4-byte spend link per transfer.
//!
//! **UTXO chains** are stored in the same shape: every transaction is a node of its own (flag
//! [`NodeFlags::TX`]); an input is a transfer from the spending address to the transaction
//! node, linked ([`TransferGraph::link`]) to the output it spends; an output is a transfer from
//! the transaction node to the receiving address, linked to the input that later spends it; the
//! fee is a transfer from the transaction node to [`FEES`]. Inputs come before outputs and the
//! fee last in rank order, so a balance policy applied at the transaction node is exactly the
//! UTXO policy (inputs in order, outputs in order, remainder to the miner).
//!
//! **Account chains**: one transfer per value move (transaction value, internal call, token
//! transfer) plus one for the gas the sender paid (gas used × effective gas price) to [`FEES`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

/// A node: an address, a UTXO transaction, or one of the pseudo-nodes [`FEES`] and [`MINT`].
pub type NodeId = u32;
/// An asset (the chain's native coin or a token).
pub type AssetId = u16;
/// A transfer's rank: its position in chain order.
pub type Rank = u32;

/// The pseudo-node that receives fees (gas, UTXO fees): value sent here leaves the graph.
pub const FEES: NodeId = 0;
/// The pseudo-node that new coins come from (coinbase outputs, block rewards).
pub const MINT: NodeId = 1;
/// "No transfer" in link columns.
pub const NONE: u32 = u32::MAX;

/// Which ledger model the graph follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ledger {
    /// Account balances (Ethereum, EVM chains, Tron).
    Account,
    /// Unspent transaction outputs (Bitcoin and its family).
    Utxo,
}

/// Flags of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeFlags(pub u8);

impl NodeFlags {
    /// A UTXO transaction node.
    pub const TX: u8 = 1;
    /// A contract (seen created, or a token contract).
    pub const CONTRACT: u8 = 2;
    /// A pseudo-node ([`FEES`], [`MINT`]).
    pub const PSEUDO: u8 = 4;

    /// Whether a flag is set.
    pub fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// An asset of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asset {
    /// The symbol shown (`ETH`, `USDT`, or the contract address when unknown).
    pub symbol: String,
    /// Decimals, when known.
    pub decimals: Option<u8>,
    /// The token contract, for tokens.
    pub contract: Option<String>,
}

/// One transfer as stored: sender, receiver, asset and value in 20 bytes (the value's low 80
/// bits inline; values of 2^80 base units or more in a side table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rec {
    src: u32,
    dst: u32,
    lo: u32,
    mid: u32,
    hi: u16,
    asset: u16,
}

impl Rec {
    const BIG: (u32, u32, u16) = (u32::MAX, u32::MAX, u16::MAX);

    /// A record; the flag says the value is too large to be inline and must go to the side
    /// table.
    pub fn new(src: NodeId, dst: NodeId, asset: AssetId, value: u128) -> (Rec, bool) {
        let inline = value < (1u128 << 80) - 1;
        let (lo, mid, hi) = if inline {
            (value as u32, (value >> 32) as u32, (value >> 64) as u16)
        } else {
            Rec::BIG
        };
        (
            Rec {
                src,
                dst,
                lo,
                mid,
                hi,
                asset,
            },
            !inline,
        )
    }

    /// The sender.
    #[inline]
    pub fn src(&self) -> NodeId {
        self.src
    }

    /// The receiver.
    #[inline]
    pub fn dst(&self) -> NodeId {
        self.dst
    }

    #[inline]
    fn inline_value(&self) -> Option<u128> {
        if (self.lo, self.mid, self.hi) == Rec::BIG {
            return None;
        }
        Some(u128::from(self.lo) | u128::from(self.mid) << 32 | u128::from(self.hi) << 64)
    }
}

/// Each node's outgoing and incoming transfers (CSR: offsets per node, ranks grouped by node,
/// each group in rank order).
#[derive(Debug, Clone)]
pub struct Adjacency {
    out_off: Vec<u32>,
    out_idx: Vec<Rank>,
    in_off: Vec<u32>,
    in_idx: Vec<Rank>,
}

/// The transfer graph. See the module documentation for the layout.
#[derive(Debug, Clone)]
pub struct TransferGraph {
    pub(crate) ledger: Ledger,
    pub(crate) node_count: u32,
    pub(crate) names: Vec<Box<str>>,
    pub(crate) index: HashMap<Box<str>, NodeId>,
    pub(crate) flags: Vec<u8>,
    pub(crate) recs: Vec<Rec>,
    pub(crate) big: Vec<(Rank, u128)>,
    /// Built on first use.
    adjacency: OnceLock<Adjacency>,
    pub(crate) link: Vec<u32>,
    pub(crate) tx_start: Vec<Rank>,
    pub(crate) tx_hash: Vec<[u8; 32]>,
    pub(crate) time_rank: Vec<Rank>,
    pub(crate) time_val: Vec<i64>,
    pub(crate) assets: Vec<Asset>,
}

impl TransferGraph {
    /// Build a graph from columns already in chain order (index = rank). `time` lists
    /// `(first rank, time)` steps in increasing rank order; `tx_start` the first rank of each
    /// transaction (empty: every transfer is its own transaction). Values of 2^64 or more are
    /// given in `big` as `(rank, value)` sorted by rank, with `u64::MAX` in `value`.
    ///
    /// This is the constructor for generated graphs (benchmarks, tests); readers use
    /// [`GraphBuilder`].
    #[allow(clippy::too_many_arguments)]
    pub fn from_columns(
        ledger: Ledger,
        node_count: u32,
        src: Vec<NodeId>,
        dst: Vec<NodeId>,
        value: Vec<u64>,
        big: Vec<(Rank, u128)>,
        asset: Vec<AssetId>,
        time: Vec<(Rank, i64)>,
        tx_start: Vec<Rank>,
        assets: Vec<Asset>,
    ) -> TransferGraph {
        let n = src.len();
        assert!(dst.len() == n && value.len() == n && asset.len() == n);
        let recs = (0..n)
            .map(|i| {
                let v = if value[i] == u64::MAX {
                    big.binary_search_by_key(&(i as u32), |&(k, _)| k)
                        .map_or(u128::from(u64::MAX), |j| big[j].1)
                } else {
                    u128::from(value[i])
                };
                Rec::new(src[i], dst[i], asset[i], v).0
            })
            .collect();
        let big = big
            .into_iter()
            .filter(|&(_, v)| v >= (1u128 << 80) - 1)
            .collect();
        TransferGraph::from_records(ledger, node_count, recs, big, time, tx_start, assets)
    }

    /// Build a graph from records already in chain order (index = rank), with the values of
    /// the records whose [`Rec::new`] flag was set in `big` as `(rank, value)` sorted by rank.
    /// See [`TransferGraph::from_columns`] for `time` and `tx_start`.
    pub fn from_records(
        ledger: Ledger,
        node_count: u32,
        recs: Vec<Rec>,
        big: Vec<(Rank, u128)>,
        time: Vec<(Rank, i64)>,
        tx_start: Vec<Rank>,
        assets: Vec<Asset>,
    ) -> TransferGraph {
        assert!(
            recs.len() < NONE as usize,
            "a graph holds fewer than 2^32 - 1 transfers"
        );
        let (time_rank, time_val) = time.into_iter().unzip();
        TransferGraph {
            ledger,
            node_count,
            names: Vec::new(),
            index: HashMap::new(),
            flags: Vec::new(),
            recs,
            big,
            adjacency: OnceLock::new(),
            link: Vec::new(),
            tx_start,
            tx_hash: Vec::new(),
            time_rank,
            time_val,
            assets,
        }
    }

    /// The ledger model.
    pub fn ledger(&self) -> Ledger {
        self.ledger
    }

    /// Number of nodes (pseudo-nodes and transaction nodes included).
    pub fn node_count(&self) -> u32 {
        self.node_count
    }

    /// Number of transfers.
    pub fn transfer_count(&self) -> u32 {
        self.recs.len() as u32
    }

    /// The name of a node: the normalised address, `tx:<hash>` for a UTXO transaction node,
    /// `<fees>` / `<mint>` for the pseudo-nodes, `n<id>` in generated graphs.
    pub fn name(&self, node: NodeId) -> Cow<'_, str> {
        match self.names.get(node as usize) {
            Some(n) => Cow::Borrowed(n),
            None if node == FEES => Cow::Borrowed("<fees>"),
            None if node == MINT => Cow::Borrowed("<mint>"),
            None => Cow::Owned(format!("n{node}")),
        }
    }

    /// The node of an address (any spelling that normalises to the same key), or of a name
    /// given by [`TransferGraph::name`].
    pub fn node(&self, address: &str) -> Option<NodeId> {
        if let Some(&n) = self.index.get(address) {
            return Some(n);
        }
        if let Some(&n) = self.index.get(crate::address::key(address).as_str()) {
            return Some(n);
        }
        if self.names.is_empty() {
            let id = address.strip_prefix('n')?.parse::<u32>().ok()?;
            return (id < self.node_count).then_some(id);
        }
        None
    }

    /// The flags of a node.
    pub fn flags(&self, node: NodeId) -> NodeFlags {
        NodeFlags(self.flags.get(node as usize).copied().unwrap_or(0))
    }

    /// Whether a node is a UTXO transaction node.
    pub fn is_tx_node(&self, node: NodeId) -> bool {
        self.flags(node).has(NodeFlags::TX)
    }

    /// The adjacency, built now if it was not yet (a counting sort over the transfers: 10 s
    /// for 100 million on one core of the benchmark machine).
    pub fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| {
            let n = self.recs.len();
            let (out_off, out_idx) = csr(self.node_count, self.recs.iter().map(|r| r.src), n);
            let (in_off, in_idx) = csr(self.node_count, self.recs.iter().map(|r| r.dst), n);
            Adjacency {
                out_off,
                out_idx,
                in_off,
                in_idx,
            }
        })
    }

    /// Whether the adjacency has been built.
    pub fn has_adjacency(&self) -> bool {
        self.adjacency.get().is_some()
    }

    /// The ranks of a node's outgoing transfers, in time order.
    pub fn outgoing(&self, node: NodeId) -> &[Rank] {
        let a = self.adjacency();
        let n = node as usize;
        match (a.out_off.get(n), a.out_off.get(n + 1)) {
            (Some(&x), Some(&y)) => &a.out_idx[x as usize..y as usize],
            _ => &[],
        }
    }

    /// The ranks of a node's incoming transfers, in time order.
    pub fn incoming(&self, node: NodeId) -> &[Rank] {
        let a = self.adjacency();
        let n = node as usize;
        match (a.in_off.get(n), a.in_off.get(n + 1)) {
            (Some(&x), Some(&y)) => &a.in_idx[x as usize..y as usize],
            _ => &[],
        }
    }

    /// Sender of a transfer.
    #[inline]
    pub fn src(&self, r: Rank) -> NodeId {
        self.recs[r as usize].src
    }

    /// Receiver of a transfer.
    #[inline]
    pub fn dst(&self, r: Rank) -> NodeId {
        self.recs[r as usize].dst
    }

    /// Asset of a transfer.
    #[inline]
    pub fn asset(&self, r: Rank) -> AssetId {
        self.recs[r as usize].asset
    }

    /// Value of a transfer in base units of its asset.
    #[inline]
    pub fn value(&self, r: Rank) -> u128 {
        if let Some(v) = self.recs[r as usize].inline_value() {
            return v;
        }
        match self.big.binary_search_by_key(&r, |&(k, _)| k) {
            Ok(i) => self.big[i].1,
            Err(_) => (1u128 << 80) - 1,
        }
    }

    /// Time of a transfer (seconds since the epoch; 0 when the data had none).
    pub fn time(&self, r: Rank) -> i64 {
        match self.time_rank.partition_point(|&x| x <= r) {
            0 => 0,
            i => self.time_val[i - 1],
        }
    }

    /// The first rank at or after time `t` (the transfer count when none).
    pub fn rank_at(&self, t: i64) -> Rank {
        let i = self.time_val.partition_point(|&x| x < t);
        match self.time_rank.get(i) {
            Some(&r) => r,
            None => self.transfer_count(),
        }
    }

    /// The transaction a transfer belongs to (its index in chain order).
    pub fn tx_of(&self, r: Rank) -> u32 {
        if self.tx_start.is_empty() {
            return r;
        }
        (self.tx_start.partition_point(|&x| x <= r) as u32).saturating_sub(1)
    }

    /// The ranks of a transaction's transfers.
    pub fn tx_range(&self, tx: u32) -> Range<Rank> {
        if self.tx_start.is_empty() {
            return tx..tx + 1;
        }
        let start = self.tx_start.get(tx as usize).copied().unwrap_or(0);
        let end = self
            .tx_start
            .get(tx as usize + 1)
            .copied()
            .unwrap_or(self.transfer_count());
        start..end
    }

    /// The hash of a transaction, lower-case hex with `0x` on account chains, when known.
    pub fn tx_hash(&self, tx: u32) -> Option<String> {
        let h = self.tx_hash.get(tx as usize)?;
        if h.iter().all(|&b| b == 0) {
            return None;
        }
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        Some(match self.ledger {
            Ledger::Account => format!("0x{hex}"),
            Ledger::Utxo => hex,
        })
    }

    /// The transaction of a hash (either spelling), when hashes were kept.
    pub fn tx_by_hash(&self, hash: &str) -> Option<u32> {
        let h = parse_hash(hash)?;
        self.tx_hash.iter().position(|x| *x == h).map(|i| i as u32)
    }

    /// UTXO: for an input, the output it spends; for an output, the input that spends it.
    pub fn link(&self, r: Rank) -> Option<Rank> {
        match self.link.get(r as usize) {
            Some(&l) if l != NONE => Some(l),
            _ => None,
        }
    }

    /// The assets.
    pub fn assets(&self) -> &[Asset] {
        &self.assets
    }

    /// An asset by symbol (case-insensitive) or token contract address.
    pub fn asset_id(&self, name: &str) -> Option<AssetId> {
        let lower = name.to_ascii_lowercase();
        self.assets
            .iter()
            .position(|a| {
                a.symbol.eq_ignore_ascii_case(name) || a.contract.as_deref() == Some(lower.as_str())
            })
            .map(|i| i as AssetId)
    }

    /// The symbol of an asset.
    pub fn asset_symbol(&self, asset: AssetId) -> &str {
        self.assets
            .get(asset as usize)
            .map_or("?", |a| a.symbol.as_str())
    }

    /// Bytes held by the transfer columns, the adjacency (if built) and the per-node and
    /// per-transaction tables (not the address strings and their index).
    pub fn memory_bytes(&self) -> usize {
        fn cap<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        let adjacency = self.adjacency.get().map_or(0, |a| {
            cap(&a.out_off) + cap(&a.out_idx) + cap(&a.in_off) + cap(&a.in_idx)
        });
        cap(&self.recs)
            + cap(&self.big)
            + adjacency
            + cap(&self.link)
            + cap(&self.tx_start)
            + cap(&self.tx_hash)
            + cap(&self.time_rank)
            + cap(&self.time_val)
            + cap(&self.flags)
    }
}

/// Why stored graph bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// Not a stored graph, or another version of the format.
    #[error("not a ce2 transfer graph (bad magic or version)")]
    BadMagic,
    /// The bytes end early or hold impossible values.
    #[error("corrupt transfer graph: {0}")]
    Corrupt(String),
}

const MAGIC: &[u8; 12] = b"ce2-chain-g1";

struct Reader<'b> {
    b: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], GraphError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| GraphError::Corrupt(format!("ends at byte {}", self.b.len())))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, GraphError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, GraphError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().unwrap_or_default(),
        ))
    }
    fn u32(&mut self) -> Result<u32, GraphError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
    fn u64(&mut self) -> Result<u64, GraphError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().unwrap_or_default(),
        ))
    }
    fn len(&mut self, unit: usize) -> Result<usize, GraphError> {
        let n = self.u64()? as usize;
        if n.saturating_mul(unit) > self.b.len() - self.at {
            return Err(GraphError::Corrupt(format!(
                "a length of {n} exceeds the data"
            )));
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String, GraphError> {
        let n = self.len(1)?;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| GraphError::Corrupt("a name is not UTF-8".to_string()))
    }
    fn u32s(&mut self) -> Result<Vec<u32>, GraphError> {
        let n = self.len(4)?;
        (0..n).map(|_| self.u32()).collect()
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_u32s(out: &mut Vec<u8>, v: &[u32]) {
    out.extend_from_slice(&(v.len() as u64).to_le_bytes());
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

impl TransferGraph {
    /// The graph as bytes (little-endian; the adjacency is not stored: it is built when first needed), so that a
    /// graph ingested once can be stored by the caller and traced many times.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.recs.len() * 21 + self.names.len() * 48 + 64);
        out.extend_from_slice(MAGIC);
        out.push(match self.ledger {
            Ledger::Account => 0,
            Ledger::Utxo => 1,
        });
        out.extend_from_slice(&self.node_count.to_le_bytes());
        out.extend_from_slice(&(self.names.len() as u64).to_le_bytes());
        for n in &self.names {
            put_str(&mut out, n);
        }
        out.extend_from_slice(&(self.flags.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.flags);
        out.extend_from_slice(&(self.recs.len() as u64).to_le_bytes());
        for r in &self.recs {
            for x in [r.src, r.dst, r.lo, r.mid] {
                out.extend_from_slice(&x.to_le_bytes());
            }
            out.extend_from_slice(&r.hi.to_le_bytes());
            out.extend_from_slice(&r.asset.to_le_bytes());
        }
        out.extend_from_slice(&(self.big.len() as u64).to_le_bytes());
        for (r, v) in &self.big {
            out.extend_from_slice(&r.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        put_u32s(&mut out, &self.link);
        put_u32s(&mut out, &self.tx_start);
        out.extend_from_slice(&(self.tx_hash.len() as u64).to_le_bytes());
        for h in &self.tx_hash {
            out.extend_from_slice(h);
        }
        put_u32s(&mut out, &self.time_rank);
        out.extend_from_slice(&(self.time_val.len() as u64).to_le_bytes());
        for t in &self.time_val {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend_from_slice(&(self.assets.len() as u64).to_le_bytes());
        for a in &self.assets {
            put_str(&mut out, &a.symbol);
            out.push(a.decimals.map_or(255, |d| d));
            put_str(&mut out, a.contract.as_deref().unwrap_or(""));
        }
        out
    }

    /// A graph from [`TransferGraph::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<TransferGraph, GraphError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(GraphError::BadMagic);
        }
        let mut r = Reader {
            b: bytes,
            at: MAGIC.len(),
        };
        let ledger = match r.u8()? {
            0 => Ledger::Account,
            1 => Ledger::Utxo,
            x => return Err(GraphError::Corrupt(format!("ledger {x}"))),
        };
        let node_count = r.u32()?;
        let n_names = r.len(8)?;
        let names: Vec<Box<str>> = (0..n_names)
            .map(|_| r.str().map(String::into_boxed_str))
            .collect::<Result<_, _>>()?;
        let n_flags = r.len(1)?;
        let flags = r.take(n_flags)?.to_vec();
        let n = r.len(20)?;
        let mut recs = Vec::with_capacity(n);
        for _ in 0..n {
            let (src, dst, lo, mid) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
            let (hi, asset) = (r.u16()?, r.u16()?);
            if src >= node_count || dst >= node_count {
                return Err(GraphError::Corrupt(format!(
                    "a transfer names node {src} or {dst} of {node_count}"
                )));
            }
            recs.push(Rec {
                src,
                dst,
                lo,
                mid,
                hi,
                asset,
            });
        }
        let n_big = r.len(20)?;
        let mut big = Vec::with_capacity(n_big);
        for _ in 0..n_big {
            let rank = r.u32()?;
            let v = u128::from_le_bytes(r.take(16)?.try_into().unwrap_or_default());
            big.push((rank, v));
        }
        let link = r.u32s()?;
        let tx_start = r.u32s()?;
        let n_hash = r.len(32)?;
        let mut tx_hash = Vec::with_capacity(n_hash);
        for _ in 0..n_hash {
            tx_hash.push(r.take(32)?.try_into().unwrap_or([0; 32]));
        }
        let time_rank = r.u32s()?;
        let n_time = r.len(8)?;
        let time_val: Vec<i64> = (0..n_time)
            .map(|_| r.u64().map(|x| x as i64))
            .collect::<Result<_, _>>()?;
        if time_val.len() != time_rank.len() {
            return Err(GraphError::Corrupt("time table".to_string()));
        }
        let n_assets = r.len(17)?;
        let mut assets = Vec::with_capacity(n_assets);
        for _ in 0..n_assets {
            let symbol = r.str()?;
            let d = r.u8()?;
            let contract = r.str()?;
            assets.push(Asset {
                symbol,
                decimals: (d != 255).then_some(d),
                contract: (!contract.is_empty()).then_some(contract),
            });
        }
        let time = time_rank.into_iter().zip(time_val).collect();
        let mut g =
            TransferGraph::from_records(ledger, node_count, recs, big, time, tx_start, assets);
        g.index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as NodeId))
            .collect();
        g.names = names;
        g.flags = flags;
        g.link = link;
        g.tx_hash = tx_hash;
        Ok(g)
    }
}

/// CSR over `keys` (one per rank): offsets per node and the ranks grouped by node, each group in
/// rank order (a stable counting sort).
fn csr(
    node_count: u32,
    keys: impl Iterator<Item = NodeId> + Clone,
    n: usize,
) -> (Vec<u32>, Vec<Rank>) {
    let mut off = vec![0u32; node_count as usize + 1];
    for k in keys.clone() {
        off[k as usize + 1] += 1;
    }
    for i in 0..node_count as usize {
        off[i + 1] += off[i];
    }
    let mut fill = off[..node_count as usize].to_vec();
    let mut idx = vec![0u32; n];
    for (r, k) in keys.enumerate() {
        let slot = &mut fill[k as usize];
        idx[*slot as usize] = r as u32;
        *slot += 1;
    }
    (off, idx)
}

/// A 32-byte hash from hex (with or without `0x`).
pub(crate) fn parse_hash(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    let s = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
        let hex = std::str::from_utf8(chunk).ok()?;
        out[i] = u8::from_str_radix(hex, 16).ok()?;
    }
    Some(out)
}

/// One transfer handed to a [`GraphBuilder`].
#[derive(Debug, Clone)]
pub struct Row {
    /// Chain-order key: (block, position of the transaction in the block, order inside the
    /// transaction). Rows are ranked by it; ties keep the order of arrival.
    pub key: (u64, u64, u64),
    /// The builder's transaction index (from [`GraphBuilder::tx`]).
    pub tx: u32,
    /// Sender.
    pub src: NodeId,
    /// Receiver.
    pub dst: NodeId,
    /// Asset.
    pub asset: AssetId,
    /// Value in base units.
    pub value: u128,
    /// UTXO: the index (in arrival order of rows) of the row this one is linked to.
    pub link: u32,
}

/// Collects nodes, assets, transactions and transfers in any order; [`GraphBuilder::finish`]
/// ranks them in chain order and builds the adjacency.
#[derive(Debug)]
pub struct GraphBuilder {
    ledger: Ledger,
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, NodeId>,
    flags: Vec<u8>,
    rows: Vec<Row>,
    txs: Vec<([u8; 32], Option<i64>)>,
    assets: Vec<Asset>,
    asset_index: HashMap<String, AssetId>,
}

impl GraphBuilder {
    /// An empty builder with the pseudo-nodes [`FEES`] and [`MINT`].
    pub fn new(ledger: Ledger) -> GraphBuilder {
        let mut b = GraphBuilder {
            ledger,
            names: Vec::new(),
            index: HashMap::new(),
            flags: Vec::new(),
            rows: Vec::new(),
            txs: Vec::new(),
            assets: Vec::new(),
            asset_index: HashMap::new(),
        };
        let fees = b.node("<fees>");
        let mint = b.node("<mint>");
        debug_assert!(fees == FEES && mint == MINT);
        b.flags[FEES as usize] = NodeFlags::PSEUDO;
        b.flags[MINT as usize] = NodeFlags::PSEUDO;
        b
    }

    /// The node of a name (interned as given: callers normalise addresses first).
    pub fn node(&mut self, name: &str) -> NodeId {
        if let Some(&n) = self.index.get(name) {
            return n;
        }
        let id = self.names.len() as NodeId;
        let boxed: Box<str> = name.into();
        self.names.push(boxed.clone());
        self.index.insert(boxed, id);
        self.flags.push(0);
        id
    }

    /// The node of a name, if already interned.
    pub fn node_id(&self, name: &str) -> Option<NodeId> {
        self.index.get(name).copied()
    }

    /// Set a flag on a node.
    pub fn flag(&mut self, node: NodeId, flag: u8) {
        if let Some(f) = self.flags.get_mut(node as usize) {
            *f |= flag;
        }
    }

    /// The asset with this key (a contract address, or a native coin's symbol), created with
    /// `symbol` and `decimals` when new; known decimals fill unknown ones.
    pub fn asset(
        &mut self,
        key: &str,
        symbol: &str,
        decimals: Option<u8>,
        contract: Option<&str>,
    ) -> AssetId {
        if let Some(&id) = self.asset_index.get(key) {
            let a = &mut self.assets[id as usize];
            if a.decimals.is_none() {
                a.decimals = decimals;
            }
            return id;
        }
        let id = self.assets.len() as AssetId;
        self.assets.push(Asset {
            symbol: symbol.to_string(),
            decimals,
            contract: contract.map(str::to_string),
        });
        self.asset_index.insert(key.to_string(), id);
        id
    }

    /// The asset with this key, if already created.
    pub fn asset_by_key(&self, key: &str) -> Option<AssetId> {
        self.asset_index.get(key).copied()
    }

    /// Number of assets so far.
    pub fn asset_count(&self) -> usize {
        self.assets.len()
    }

    /// Register a transaction (hash, time) and get its builder index.
    pub fn tx(&mut self, hash: [u8; 32], time: Option<i64>) -> u32 {
        self.txs.push((hash, time));
        (self.txs.len() - 1) as u32
    }

    /// Add a transfer; returns its row index (for links).
    pub fn push(&mut self, row: Row) -> u32 {
        self.rows.push(row);
        (self.rows.len() - 1) as u32
    }

    /// Set the link of a row already pushed.
    pub fn set_link(&mut self, row: u32, link: u32) {
        if let Some(r) = self.rows.get_mut(row as usize) {
            r.link = link;
        }
    }

    /// The key, transaction and link of a row already pushed.
    pub fn row(&self, row: u32) -> Option<&Row> {
        self.rows.get(row as usize)
    }

    /// Number of rows so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was pushed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rank the rows in chain order and build the graph.
    pub fn finish(self) -> TransferGraph {
        let GraphBuilder {
            ledger,
            names,
            index,
            flags,
            rows,
            txs,
            assets,
            ..
        } = self;
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        order.sort_by_key(|&i| (rows[i as usize].key, rows[i as usize].tx, i));
        let mut rank_of = vec![0u32; rows.len()];
        for (rank, &i) in order.iter().enumerate() {
            rank_of[i as usize] = rank as u32;
        }
        let n = rows.len();
        let mut recs = Vec::with_capacity(n);
        let mut big = Vec::new();
        let mut link = Vec::new();
        let mut tx_start = Vec::new();
        let mut tx_hash = Vec::new();
        let mut time = Vec::new();
        let mut last_tx = u32::MAX;
        let mut last_time = i64::MIN;
        if ledger == Ledger::Utxo {
            link = vec![NONE; n];
        }
        for (rank, &i) in order.iter().enumerate() {
            let row = &rows[i as usize];
            let (rec, is_big) = Rec::new(row.src, row.dst, row.asset, row.value);
            recs.push(rec);
            if is_big {
                big.push((rank as u32, row.value));
            }
            if ledger == Ledger::Utxo && row.link != NONE {
                link[rank] = rank_of[row.link as usize];
            }
            if row.tx != last_tx {
                last_tx = row.tx;
                tx_start.push(rank as u32);
                let (hash, t) = txs.get(row.tx as usize).copied().unwrap_or(([0; 32], None));
                tx_hash.push(hash);
                if let Some(t) = t {
                    // Times are kept monotone: a block stamped earlier than its predecessor
                    // keeps the predecessor's time.
                    if t > last_time {
                        time.push((rank as u32, t));
                        last_time = t;
                    }
                }
            }
        }
        let node_count = names.len() as u32;
        let mut g =
            TransferGraph::from_records(ledger, node_count, recs, big, time, tx_start, assets);
        g.names = names;
        g.index = index;
        g.flags = flags;
        g.link = link;
        g.tx_hash = tx_hash;
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_ranks_in_chain_order() {
        let mut b = GraphBuilder::new(Ledger::Account);
        let eth = b.asset("ETH", "ETH", Some(18), None);
        let a = b.node("a");
        let c = b.node("c");
        let t2 = b.tx([2; 32], Some(200));
        let t1 = b.tx([1; 32], Some(100));
        let big = (1u128 << 100) + 5;
        b.push(Row {
            key: (2, 0, 0),
            tx: t2,
            src: c,
            dst: a,
            asset: eth,
            value: big,
            link: NONE,
        });
        b.push(Row {
            key: (1, 0, 0),
            tx: t1,
            src: a,
            dst: c,
            asset: eth,
            value: 7,
            link: NONE,
        });
        let g = b.finish();
        assert_eq!(g.transfer_count(), 2);
        assert_eq!((g.src(0), g.dst(0), g.value(0)), (a, c, 7));
        assert_eq!(g.value(1), big);
        assert_eq!(g.outgoing(a), &[0]);
        assert_eq!(g.incoming(a), &[1]);
        assert_eq!((g.time(0), g.time(1)), (100, 200));
        assert_eq!(g.rank_at(150), 1);
        assert_eq!(g.tx_of(1), 1);
        assert_eq!(g.tx_range(1), 1..2);
        assert_eq!(g.name(FEES), "<fees>");
        assert_eq!(g.node("c"), Some(c));
        assert_eq!(g.tx_hash(0).unwrap(), format!("0x{}", "01".repeat(32)));
    }
}
