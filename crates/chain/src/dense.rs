//! Sweeps over the whole graph in chain order with the state of every node in one table: for
//! traces whose taint spreads over much of a large account graph (many seeds, no depth
//! limit), where following each tainted node's timeline would touch most of the graph at
//! random anyway.
//!
//! Each node has one 64-byte cell (one cache line): balance, taint held, taint received, hops
//! and flags, predecessor, FIFO/LIFO queue. The table lives in memory backed by huge pages
//! where the system allows ([`HugeTable`]), and the sweep prefetches the cells of the
//! transfers [`AHEAD`] ranks ahead, so that the random accesses overlap; FIFO/LIFO queues
//! ([`crate::runs`]) are prefetched in a second stage, once the cells that point to them have
//! arrived. Nothing else is touched at random: a tainted node's spend beyond its balance (a
//! missing input) is appended to a list and added up per node at the end. The graph's
//! adjacency is not needed, and not built.
//!
//! The sweep is bound by how many cache misses the processor keeps in flight: about 80% of
//! its time is spent waiting at the prefetches. Two misses per transfer (sender and receiver)
//! is the floor for a random graph; every further random access costs about as much again.
//!
//! The results are those of the event engine in [`crate::trace`] (the tests run both on the
//! same graphs): every node's balance is followed from rank 0, clean receipts and spends
//! included, exactly as a pool that the event engine reaches catches up its timeline. Taint
//! never changes asset here (graphs with swap labels go to the event engine), so the amount
//! and the origin of every piece of taint are the same number.

use std::collections::BTreeMap;

use crate::amount::mul_div_floor;
use crate::fast::{prefetch, HugeTable, IntMap};
use crate::graph::{AssetId, NodeFlags, NodeId, Rank, TransferGraph, FEES};
use crate::labels::{CategorySet, NodeLabels};
use crate::runs::{Queues, Run};
use crate::trace::{
    AssetAmount, EdgeFlow, Endpoint, MissingInput, Model, NodeFlow, Reason, Seed, Stats, Totals,
    TraceReport, TraceSpec, Unfollowed,
};

/// How many transfers ahead the sweep prefetches node cells.
pub(crate) const AHEAD: usize = 24;
/// How many transfers ahead the pooled sweep prefetches the queues the cells point to, once
/// the cells have arrived.
const AHEAD2: usize = 6;

/// The state of one node: 64 bytes.
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Cell {
    /// Balance in the trace's asset (pooled models).
    pub(crate) balance: u128,
    /// Taint held (pooled models); after the sweep, what the report counts as held.
    pub(crate) taint: u128,
    /// Taint received in the trace's asset.
    pub(crate) recv: u128,
    /// Bits 0–27: fewest hops from a seed, plus one (0: not reached); bits 28–31: [`SOURCE`]
    /// and the end point (see [`endpoint_bits`]).
    hops_flags: u32,
    /// The predecessor transfer's rank, plus one; 0: none.
    pub(crate) pred: u32,
    /// FIFO/LIFO: the node's queue in the sweep's [`Queues`], plus one; 0: none (no taint held).
    pub(crate) queue: u32,
    /// Pooled models: 1 if the node spent more than it held while tainted (its shortfalls
    /// are listed in the sweep); 2 once they are added up in `balance`, when it ends.
    pub(crate) short: u32,
}

const HOPS_BITS: u32 = 28;
const HOPS_MASK: u32 = (1 << HOPS_BITS) - 1;
/// The most hops a cell records; a node reached further is recorded at this many hops.
pub(crate) const MAX_CELL_HOPS: u32 = HOPS_MASK - 1;

/// A seed address.
const SOURCE: u32 = 1 << HOPS_BITS;

fn endpoint_bits(e: Endpoint) -> u32 {
    (match e {
        Endpoint::Stopped => 1,
        Endpoint::Swap => 2,
        Endpoint::Contract => 3,
        Endpoint::Seed => 4,
    }) << (HOPS_BITS + 1)
}

impl Cell {
    /// Set the end point unless one is set.
    pub(crate) fn mark(&mut self, e: Endpoint) {
        if self.hops_flags >> (HOPS_BITS + 1) == 0 {
            self.hops_flags |= endpoint_bits(e);
        }
    }

    /// The end point, if one is set.
    pub(crate) fn endpoint(&self) -> Option<Endpoint> {
        match self.hops_flags >> (HOPS_BITS + 1) {
            1 => Some(Endpoint::Stopped),
            2 => Some(Endpoint::Swap),
            3 => Some(Endpoint::Contract),
            4 => Some(Endpoint::Seed),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn is_source(&self) -> bool {
        self.hops_flags & SOURCE != 0
    }

    pub(crate) fn set_source(&mut self) {
        self.hops_flags |= SOURCE;
    }

    /// Hops from a seed (`None`: not reached).
    #[inline]
    pub(crate) fn hops(&self) -> Option<u32> {
        (self.hops_flags & HOPS_MASK).checked_sub(1)
    }

    /// Whether the report lists the node on what its cell holds: a seed address, or a node
    /// that received taint in the trace's asset (poison also lists receipts in other assets,
    /// see [`DenseFlows::reported`]).
    #[inline]
    pub(crate) fn reported(&self) -> bool {
        self.is_source() || self.recv > 0
    }

    /// Whether taint reached the node (or it is a seed address).
    #[inline]
    pub(crate) fn reached(&self) -> bool {
        self.hops_flags & HOPS_MASK != 0
    }

    /// Record taint arriving `hops` hops from a seed along `r` (`u32::MAX`: no transfer).
    #[inline]
    pub(crate) fn reach(&mut self, hops: u32, r: Rank) {
        let h = hops.min(MAX_CELL_HOPS) + 1;
        let old = self.hops_flags & HOPS_MASK;
        if old == 0 || h < old {
            self.hops_flags = (self.hops_flags & !HOPS_MASK) | h;
            self.pred = r.wrapping_add(1);
        }
    }
}

/// The nodes a dense sweep reached, read from its table of cells when the report is used.
pub(crate) struct DenseFlows {
    pub(crate) cells: HugeTable<Cell>,
    pub(crate) asset: AssetId,
    /// Poison: received amounts in other assets.
    pub(crate) other: BTreeMap<NodeId, Vec<AssetAmount>>,
    /// Whether the report's origin is the sum over every asset (poison) or the taint received
    /// in the trace's asset (pooled models).
    pub(crate) poison: bool,
    /// Categories of the labelled nodes.
    pub(crate) cats: IntMap<NodeId, CategorySet>,
    /// How many nodes are reported.
    pub(crate) count: usize,
}

impl Clone for DenseFlows {
    fn clone(&self) -> DenseFlows {
        let mut cells = HugeTable::zeroed(self.cells.len());
        cells.copy_from_slice(&self.cells);
        DenseFlows {
            cells,
            asset: self.asset,
            other: self.other.clone(),
            poison: self.poison,
            cats: self.cats.clone(),
            count: self.count,
        }
    }
}

impl DenseFlows {
    /// The report of a sweep; `count` is the number of reported nodes, if the sweep counted
    /// them (see [`DenseFlows::reported`]).
    pub(crate) fn new(
        cells: HugeTable<Cell>,
        asset: AssetId,
        other: BTreeMap<NodeId, Vec<AssetAmount>>,
        poison: bool,
        labels: &NodeLabels,
        count: Option<usize>,
    ) -> DenseFlows {
        let mut d = DenseFlows {
            cells,
            asset,
            other,
            poison,
            cats: labels.nodes().collect(),
            count: 0,
        };
        d.count = count.unwrap_or_else(|| {
            (0..d.cells.len() as NodeId)
                .filter(|&n| d.reported(n))
                .count()
        });
        d
    }

    /// Whether a node is reported: [`Cell::reported`], or, under poison, a node that received
    /// taint in another asset.
    fn reported(&self, node: NodeId) -> bool {
        let Some(c) = self.cells.get(node as usize) else {
            return false;
        };
        c.reported()
            || (self.poison
                && self
                    .other
                    .get(&node)
                    .is_some_and(|v| v.iter().any(|a| a.amount > 0)))
    }

    /// The flow of one node, if it is reported (see [`DenseFlows::reported`]).
    pub(crate) fn flow(&self, node: NodeId) -> Option<NodeFlow> {
        if !self.reported(node) {
            return None;
        }
        let c = &self.cells[node as usize];
        let mut received = Vec::new();
        if c.recv > 0 {
            received.push(AssetAmount {
                asset: self.asset,
                amount: c.recv,
            });
        }
        if self.poison {
            if let Some(more) = self.other.get(&node) {
                received.extend(more.iter().filter(|a| a.amount > 0).cloned());
                received.sort_by_key(|a| a.asset);
            }
        }
        let origin = if self.poison {
            received
                .iter()
                .fold(0u128, |acc, a| acc.saturating_add(a.amount))
        } else {
            c.recv
        };
        Some(NodeFlow {
            node,
            hops: c.hops().unwrap_or(0),
            pred: c.pred.checked_sub(1),
            received,
            origin,
            held: if self.poison { 0 } else { c.taint },
            endpoint: c.endpoint(),
            categories: self.cats.get(&node).copied().unwrap_or(CategorySet::EMPTY),
        })
    }
}

/// A spend beyond a tainted node's balance: 20 bytes.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
struct Shortfall {
    node: NodeId,
    amount: [u32; 4],
}

impl Shortfall {
    fn new(node: NodeId, amount: u128) -> Shortfall {
        Shortfall {
            node,
            amount: [
                amount as u32,
                (amount >> 32) as u32,
                (amount >> 64) as u32,
                (amount >> 96) as u32,
            ],
        }
    }

    fn amount(&self) -> u128 {
        self.amount
            .iter()
            .rev()
            .fold(0u128, |acc, &w| (acc << 32) | u128::from(w))
    }
}

/// Sort shortfalls by node and add up each node's.
fn gather(list: &mut Vec<Shortfall>) {
    list.sort_unstable_by_key(|s| s.node);
    let mut out = 0;
    for i in 0..list.len() {
        if out > 0 && list[out - 1].node == list[i].node {
            let sum = list[out - 1].amount().saturating_add(list[i].amount());
            list[out - 1] = Shortfall::new(list[i].node, sum);
        } else {
            list[out] = list[i];
            out += 1;
        }
    }
    list.truncate(out);
}

fn tainted_sum(runs: &[Run]) -> u128 {
    runs.iter()
        .filter(|p| p.tainted)
        .fold(0u128, |a, p| a.saturating_add(p.len))
}

/// Mark the seed addresses in `cells` (hops 0, end point "seed") and gather the seed
/// transfers (in the trace's asset, before the end of the window; a transaction's value moves,
/// not its gas): the seed ranks, the first rank the sweep must visit, and the seed addresses.
pub(crate) fn seed_cells(
    g: &TransferGraph,
    seeds: &[Seed],
    cells: &mut [Cell],
    asset: AssetId,
    start_rank: Rank,
    end_rank: Rank,
) -> (IntMap<Rank, ()>, Rank, Vec<NodeId>) {
    let mut ranks: IntMap<Rank, ()> = IntMap::default();
    let mut first = end_rank;
    let mut sources = Vec::new();
    for seed in seeds {
        match *seed {
            Seed::Address(node) => {
                let c = &mut cells[node as usize];
                c.set_source();
                c.mark(Endpoint::Seed);
                c.reach(0, u32::MAX);
                sources.push(node);
                first = first.min(start_rank);
            }
            Seed::Transfer(r) => {
                if g.asset(r) == asset && r < end_rank {
                    ranks.insert(r, ());
                    first = first.min(r);
                }
            }
            Seed::Tx(t) => {
                for r in g.tx_range(t) {
                    let d = g.dst(r);
                    if d != FEES && !g.is_tx_node(d) && g.asset(r) == asset && r < end_rank {
                        ranks.insert(r, ());
                        first = first.min(r);
                    }
                }
            }
        }
    }
    (ranks, first, sources)
}

/// Haircut, FIFO or LIFO over an account graph without swaps, as one sweep.
pub(crate) fn pooled(
    g: &TransferGraph,
    labels: &NodeLabels,
    spec: &TraceSpec,
    asset: AssetId,
    start_rank: Rank,
    end_rank: Rank,
) -> TraceReport {
    let limit = (g.node_count() as usize).max(1 << 20);
    pooled_with(g, labels, spec, (asset, start_rank, end_rank), limit)
}

/// [`pooled`], gathering the list of shortfalls whenever it reaches `shortfall_limit`.
fn pooled_with(
    g: &TransferGraph,
    labels: &NodeLabels,
    spec: &TraceSpec,
    (asset, start_rank, end_rank): (AssetId, Rank, Rank),
    shortfall_limit: usize,
) -> TraceReport {
    let mut table = HugeTable::zeroed(g.node_count() as usize);
    let mut s = Pooled {
        cells: &mut table,
        g,
        labels,
        spec,
        asset,
        start_rank,
        haircut: spec.model == Model::Haircut,
        lifo: spec.model == Model::Lifo,
        queues: Queues::default(),
        scratch: Vec::new(),
        totals: Totals::zero(),
        unf: BTreeMap::new(),
        unfollowed: Vec::new(),
        flows: Vec::new(),
        shortfalls: Vec::new(),
        shortfall_limit,
        edges: 0,
        no_labels: labels.is_empty(),
        check_contracts: !spec.follow_contracts && !g.flags.is_empty(),
    };
    let (seed_ranks, first, _) = seed_cells(g, &spec.seeds, s.cells, asset, start_rank, end_rank);
    // Balances before the first seed: clean receipts and spends.
    s.balances(0, first);
    s.sweep(first, end_rank, &seed_ranks);
    let mut report = s.finish(end_rank);
    let count = report.stats.nodes as usize;
    let flows = DenseFlows::new(table, asset, BTreeMap::new(), false, labels, Some(count));
    report.nodes = crate::trace::NodeFlows::dense(flows);
    report
}

struct Pooled<'a> {
    cells: &'a mut [Cell],
    g: &'a TransferGraph,
    labels: &'a NodeLabels,
    spec: &'a TraceSpec,
    asset: AssetId,
    start_rank: Rank,
    haircut: bool,
    lifo: bool,
    queues: Queues,
    /// The runs a FIFO/LIFO spend takes, reused from spend to spend.
    scratch: Vec<Run>,
    totals: Totals,
    unf: BTreeMap<Reason, u128>,
    unfollowed: Vec<Unfollowed>,
    flows: Vec<EdgeFlow>,
    /// What tainted nodes spent beyond their balance, in the order spent: appending costs no
    /// random access to memory, where adding to a per-node total would cost one. Gathered
    /// into totals when the list grows past `shortfall_limit`, and at the end.
    shortfalls: Vec<Shortfall>,
    shortfall_limit: usize,
    edges: u64,
    no_labels: bool,
    check_contracts: bool,
}

impl Pooled<'_> {
    /// Balances over `from..to`, where nothing is tainted yet.
    fn balances(&mut self, from: Rank, to: Rank) {
        let recs = &self.g.recs;
        let cells = &mut *self.cells;
        for r in from..to {
            let i = r as usize;
            if let Some(a) = recs.get(i + AHEAD) {
                prefetch(&cells[a.src() as usize]);
                prefetch(&cells[a.dst() as usize]);
            }
            let rec = recs[i];
            if self.g.asset(r) != self.asset {
                continue;
            }
            let v = self.g.value(r);
            let src = &mut cells[rec.src() as usize];
            if !src.is_source() {
                src.balance = src.balance.saturating_sub(v);
            }
            let dst = &mut cells[rec.dst() as usize];
            if !dst.is_source() {
                dst.balance = dst.balance.saturating_add(v);
            }
        }
        self.edges += u64::from(to.saturating_sub(from));
    }

    fn sweep(&mut self, from: Rank, to: Rank, seeds: &IntMap<Rank, ()>) {
        for r in from..to {
            let i = r as usize;
            if let Some(a) = self.g.recs.get(i + AHEAD) {
                prefetch(&self.cells[a.src() as usize]);
                prefetch(&self.cells[a.dst() as usize]);
            }
            // By now the cells asked for earlier have arrived: what they point to follows.
            if let Some(a) = self.g.recs.get(i + AHEAD2).filter(|_| !self.haircut) {
                let c = &self.cells[a.src() as usize];
                if c.queue != 0 {
                    self.queues.prefetch(c.queue - 1);
                }
                let c = &self.cells[a.dst() as usize];
                if c.queue != 0 {
                    self.queues.prefetch(c.queue - 1);
                }
            }
            if !seeds.is_empty() && seeds.contains_key(&r) {
                self.run_seed(r);
                continue;
            }
            if self.g.asset(r) != self.asset {
                continue;
            }
            let rec = self.g.recs[i];
            let (s, d) = (rec.src(), rec.dst());
            let v = self.g.value(r);
            let mut delivered = false;
            if self.cells[s as usize].is_source() {
                if r >= self.start_rank {
                    self.totals.seed = self.totals.seed.saturating_add(v);
                    self.scratch.clear();
                    self.scratch.push(Run {
                        len: v,
                        tainted: true,
                    });
                    delivered = self.route(0, r, v);
                }
            } else if let Some(amt) = self.spend(s, v) {
                let hops = self.cells[s as usize].hops().unwrap_or(0);
                delivered = self.route(hops, r, amt);
            }
            if !delivered && d != FEES && !self.cells[d as usize].is_source() {
                self.credit_clean(d, v);
            }
        }
        self.edges += u64::from(to.saturating_sub(from));
    }

    /// The node's queue, opened if it has none.
    fn queue_of(&mut self, node: NodeId) -> u32 {
        let c = &mut self.cells[node as usize];
        if c.queue == 0 {
            c.queue = self.queues.open() + 1;
        }
        c.queue - 1
    }

    fn drop_queue(&mut self, node: NodeId) {
        let c = &mut self.cells[node as usize];
        if c.queue != 0 {
            self.queues.close(c.queue - 1);
            c.queue = 0;
        }
    }

    fn credit_clean(&mut self, node: NodeId, v: u128) {
        let c = &mut self.cells[node as usize];
        c.balance = c.balance.saturating_add(v);
        if c.queue != 0 {
            self.queues.push(
                c.queue - 1,
                Run {
                    len: v,
                    tainted: false,
                },
            );
        }
    }

    /// A pool spends `v`: the tainted part, if the pool holds taint (with the runs
    /// taken in `scratch` for FIFO/LIFO).
    fn spend(&mut self, node: NodeId, v: u128) -> Option<u128> {
        let c = &mut self.cells[node as usize];
        let tainted_before = c.taint > 0;
        let mut shortfall = 0;
        let out = if self.haircut {
            if c.balance < v {
                shortfall = v - c.balance;
            }
            let b = c.balance.max(v);
            if c.taint == 0 {
                c.balance = b - v;
                None
            } else {
                let amt = mul_div_floor(c.taint, v, b).unwrap_or(c.taint);
                c.taint -= amt;
                c.balance = b - v;
                Some(amt)
            }
        } else if c.queue == 0 {
            shortfall = v.saturating_sub(c.balance);
            c.balance = c.balance.saturating_sub(v);
            None
        } else {
            self.scratch.clear();
            let short = self
                .queues
                .consume(c.queue - 1, v, self.lifo, &mut self.scratch);
            shortfall = short;
            c.balance = c.balance.saturating_sub(v - short);
            let amt = tainted_sum(&self.scratch);
            c.taint -= amt.min(c.taint);
            let empty = c.taint == 0;
            if empty {
                self.drop_queue(node);
            }
            (amt > 0).then_some(amt)
        };
        if shortfall > 0 && tainted_before {
            self.cells[node as usize].short = 1;
            self.shortfalls.push(Shortfall::new(node, shortfall));
            if self.shortfalls.len() >= self.shortfall_limit {
                gather(&mut self.shortfalls);
                self.shortfall_limit = self.shortfall_limit.max(self.shortfalls.len() * 2);
            }
        }
        out
    }

    /// A seed transfer: its sender (unless a seed address) spends it clean, its receiver holds
    /// its whole value as taint.
    fn run_seed(&mut self, r: Rank) {
        let v = self.g.value(r);
        self.totals.seed = self.totals.seed.saturating_add(v);
        let s = self.g.src(r);
        if !self.cells[s as usize].is_source() {
            let c = &mut self.cells[s as usize];
            if c.queue != 0 {
                self.scratch.clear();
                self.queues
                    .consume(c.queue - 1, v, self.lifo, &mut self.scratch);
                let amt = tainted_sum(&self.scratch);
                c.taint -= amt.min(c.taint);
                if c.taint == 0 {
                    self.drop_queue(s);
                }
            } else if c.balance > 0 && c.taint > 0 {
                let amt = mul_div_floor(c.taint, v.min(c.balance), c.balance).unwrap_or(0);
                c.taint -= amt;
            }
            let c = &mut self.cells[s as usize];
            c.balance = c.balance.saturating_sub(v);
        }
        self.scratch.clear();
        self.scratch.push(Run {
            len: v,
            tainted: true,
        });
        self.deliver(self.g.dst(r), r, v, 0);
    }

    fn note(&mut self, reason: Reason, node: NodeId, rank: Option<Rank>, amt: u128) {
        let e = self.unf.entry(reason).or_default();
        *e = e.saturating_add(amt);
        if self.unfollowed.len() < self.spec.max_listed {
            self.unfollowed.push(Unfollowed {
                reason,
                node,
                rank,
                amount: amt,
                asset: rank.map_or(self.asset, |r| self.g.asset(r)),
                origin: amt,
            });
        }
    }

    fn reach_endpoint(&mut self, node: NodeId, r: Rank, amt: u128, hops: u32, end: Endpoint) {
        let c = &mut self.cells[node as usize];
        c.reach(hops, r);
        c.mark(end);
        c.recv = c.recv.saturating_add(amt);
    }

    /// Send `amt` of taint along `r` from a node `src_hops` hops from a seed; whether it was
    /// delivered to the receiver's pool.
    fn route(&mut self, src_hops: u32, r: Rank, amt: u128) -> bool {
        let d = self.g.dst(r);
        if self.spec.record_flows {
            self.flows.push(EdgeFlow {
                rank: r,
                amount: amt,
                origin: amt,
            });
        }
        if d == FEES {
            self.totals.fees = self.totals.fees.saturating_add(amt);
            return false;
        }
        let hops = src_hops.saturating_add(1);
        if hops > self.spec.max_hops {
            self.note(Reason::Depth, d, Some(r), amt);
            return false;
        }
        if amt < self.spec.min_value {
            self.note(Reason::MinValue, d, Some(r), amt);
            return false;
        }
        if self.cells[d as usize].is_source() {
            self.note(Reason::ReturnedToSeed, d, Some(r), amt);
            return false;
        }
        let cats = if self.no_labels {
            CategorySet::EMPTY
        } else {
            self.labels.categories(d)
        };
        if cats.intersects(self.spec.stop) {
            self.totals.stopped = self.totals.stopped.saturating_add(amt);
            self.reach_endpoint(d, r, amt, hops, Endpoint::Stopped);
            return false;
        }
        if self.check_contracts && cats.is_empty() && self.g.flags(d).has(NodeFlags::CONTRACT) {
            self.reach_endpoint(d, r, amt, hops, Endpoint::Contract);
            self.note(Reason::UnlabelledContract, d, Some(r), amt);
            return false;
        }
        self.deliver(d, r, amt, hops);
        true
    }

    /// Taint `amt` arrives at `node` along `r` (the runs in `scratch` for FIFO/LIFO), with the
    /// transfer's whole value.
    fn deliver(&mut self, node: NodeId, r: Rank, amt: u128, hops: u32) {
        let v = self.g.value(r);
        let haircut = self.haircut;
        let before = {
            let c = &mut self.cells[node as usize];
            c.reach(hops, r);
            c.recv = c.recv.saturating_add(amt);
            let before = c.balance;
            c.balance = c.balance.saturating_add(v);
            c.taint = c.taint.saturating_add(amt);
            before
        };
        if haircut {
            return;
        }
        let fresh = self.cells[node as usize].queue == 0;
        let q = self.queue_of(node);
        if fresh && before > 0 {
            self.queues.push(
                q,
                Run {
                    len: before,
                    tainted: false,
                },
            );
        }
        for &p in &self.scratch {
            self.queues.push(q, p);
        }
        if self.cells[node as usize].taint == 0 {
            self.drop_queue(node);
        }
    }

    fn finish(mut self, end_rank: Rank) -> TraceReport {
        let g = self.g;
        let n = g.transfer_count();
        // Taint held at the end of the window by a node that spends later is unfollowed.
        let mut later = Vec::new();
        if end_rank < n {
            later = vec![0u64; (g.node_count() as usize).div_ceil(64)];
            for r in end_rank..n {
                let s = g.src(r) as usize;
                later[s / 64] |= 1 << (s % 64);
            }
        }
        // Each node's shortfalls, added up in its cell: the balance is not needed any more
        // (`short` goes from 1 to 2 at a node's first).
        let list = std::mem::take(&mut self.shortfalls);
        for (i, s) in list.iter().enumerate() {
            if let Some(a) = list.get(i + AHEAD) {
                prefetch(&self.cells[a.node as usize]);
            }
            let c = &mut self.cells[s.node as usize];
            if c.short == 1 {
                c.short = 2;
                c.balance = s.amount();
            } else {
                c.balance = c.balance.saturating_add(s.amount());
            }
        }
        drop(list);
        let mut held = 0u128;
        let mut missing = Vec::new();
        let mut reached = 0u64;
        for node in 0..g.node_count() {
            let c = self.cells[node as usize];
            if c.short != 0 {
                missing.push(MissingInput {
                    node,
                    asset: self.asset,
                    amount: c.balance,
                });
            }
            if c.reported() {
                reached += 1;
            }
            if c.taint == 0 {
                continue;
            }
            if c.is_source() {
                self.cells[node as usize].taint = 0;
                continue;
            }
            let i = node as usize;
            if later.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0) {
                self.note(Reason::TimeWindow, node, None, c.taint);
                self.cells[node as usize].taint = 0;
            } else {
                held = held.saturating_add(c.taint);
            }
        }
        self.queues = Queues::default();
        let mut totals = self.totals;
        totals.held = held;
        totals.close(&self.unf);
        self.flows.sort_by_key(|f| f.rank);
        TraceReport {
            model: self.spec.model,
            asset: self.asset,
            totals,
            nodes: crate::trace::NodeFlows::list(Vec::new()),
            flows: self.flows,
            unfollowed: self.unfollowed,
            missing_inputs: missing,
            stats: Stats {
                edges: self.edges,
                nodes: reached,
                micros: 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{random_graph, Rng};

    #[test]
    fn shortfalls_add_up_the_same_whether_gathered_during_the_sweep_or_at_its_end() {
        for v in [0u128, 1, 1 << 40, u128::MAX - 3] {
            assert_eq!(Shortfall::new(7, v).amount(), v);
        }
        let mut list = vec![
            Shortfall::new(5, 2),
            Shortfall::new(1, u128::MAX - 1),
            Shortfall::new(5, 3),
            Shortfall::new(1, 9),
        ];
        gather(&mut list);
        let got: Vec<(NodeId, u128)> = list.iter().map(|s| (s.node, s.amount())).collect();
        assert_eq!(got, [(1, u128::MAX), (5, 5)]);

        // Random senders spend more than they hold: many shortfalls.
        let g = random_graph(20_000, 400, 3);
        let mut rng = Rng::new(8);
        let seeds: Vec<Seed> = (0..20)
            .map(|_| Seed::Address(2 + rng.below(398) as u32))
            .collect();
        for model in [Model::Haircut, Model::Fifo, Model::Lifo] {
            let mut spec = TraceSpec::new(model, seeds.clone());
            spec.max_hops = u32::MAX;
            let labels = NodeLabels::default();
            let window = (0, 0, g.transfer_count());
            let whole = pooled_with(&g, &labels, &spec, window, 1 << 20);
            let often = pooled_with(&g, &labels, &spec, window, 7);
            assert!(whole.missing_inputs.len() > 50, "{model:?}");
            assert_eq!(whole.missing_inputs, often.missing_inputs, "{model:?}");
            assert_eq!(whole.totals, often.totals, "{model:?}");
            assert!(whole
                .missing_inputs
                .windows(2)
                .all(|w| w[0].node < w[1].node));
        }
    }
}
