//! Sweeps over the whole graph in chain order with the state of every node in one table: for
//! traces whose taint spreads over much of a large account graph (many seeds, no depth
//! limit), where following each tainted node's timeline would touch most of the graph at
//! random anyway.
//!
//! Each node has one 64-byte cell (one cache line): balance, taint held, taint received, hops,
//! predecessor, FIFO/LIFO queue and flags. The table lives in memory backed by huge pages
//! where the system allows ([`HugeTable`]), and the sweep prefetches the cells of the
//! transfers a few ranks ahead, so that the random accesses overlap. The graph's adjacency is
//! not needed, and not built.
//!
//! The results are those of the event engine in [`crate::trace`] (the tests run both on the
//! same graphs): every node's balance is followed from rank 0, clean receipts and spends
//! included, exactly as a pool that the event engine reaches catches up its timeline. Taint
//! never changes asset here (graphs with swap labels go to the event engine), so the amount
//! and the origin of every piece of taint are the same number.

use std::collections::{BTreeMap, VecDeque};

use crate::amount::mul_div_floor;
use crate::fast::{prefetch, HugeTable, IntMap};
use crate::graph::{AssetId, NodeFlags, NodeId, Rank, TransferGraph, FEES};
use crate::labels::{CategorySet, NodeLabels};
use crate::trace::{
    AssetAmount, EdgeFlow, Endpoint, MissingInput, Model, NodeFlow, Reason, Seed, Stats, Totals,
    TraceReport, TraceSpec, Unfollowed,
};

/// How many transfers ahead the sweep prefetches node cells.
pub(crate) const AHEAD: usize = 16;

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
    /// Fewest hops from a seed, plus one; 0: not reached.
    pub(crate) hops: u32,
    /// The predecessor transfer's rank, plus one; 0: none.
    pub(crate) pred: u32,
    /// FIFO/LIFO: the queue's index in the slab, plus one; 0: none.
    pub(crate) queue: u32,
    /// [`SOURCE`] and the end point (bits 1–3, see [`endpoint_bits`]).
    pub(crate) flags: u32,
}

/// A seed address.
pub(crate) const SOURCE: u32 = 1;

pub(crate) fn endpoint_bits(e: Endpoint) -> u32 {
    (match e {
        Endpoint::Stopped => 1,
        Endpoint::Swap => 2,
        Endpoint::Contract => 3,
        Endpoint::Seed => 4,
    }) << 1
}

fn endpoint_of(flags: u32) -> Option<Endpoint> {
    match (flags >> 1) & 7 {
        1 => Some(Endpoint::Stopped),
        2 => Some(Endpoint::Swap),
        3 => Some(Endpoint::Contract),
        4 => Some(Endpoint::Seed),
        _ => None,
    }
}

impl Cell {
    /// Set the end point unless one is set.
    pub(crate) fn mark(&mut self, e: Endpoint) {
        if (self.flags >> 1) & 7 == 0 {
            self.flags |= endpoint_bits(e);
        }
    }

    pub(crate) fn is_source(&self) -> bool {
        self.flags & SOURCE != 0
    }

    /// Hops from a seed (`None`: not reached).
    #[inline]
    pub(crate) fn hops(&self) -> Option<u32> {
        self.hops.checked_sub(1)
    }

    /// Record taint arriving `hops` hops from a seed along `r`.
    #[inline]
    pub(crate) fn reach(&mut self, hops: u32, r: Rank) {
        let h = hops.min(u32::MAX - 1) + 1;
        if self.hops == 0 || h < self.hops {
            self.hops = h;
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
    pub(crate) fn new(
        cells: HugeTable<Cell>,
        asset: AssetId,
        other: BTreeMap<NodeId, Vec<AssetAmount>>,
        poison: bool,
        labels: &NodeLabels,
    ) -> DenseFlows {
        let mut d = DenseFlows {
            cells,
            asset,
            other,
            poison,
            cats: labels.nodes().collect(),
            count: 0,
        };
        d.count = (0..d.cells.len() as NodeId)
            .filter(|&n| d.flow(n).is_some())
            .count();
        d
    }

    /// The flow of one node, if it is reported: a seed address, or a node that received
    /// taint.
    pub(crate) fn flow(&self, node: NodeId) -> Option<NodeFlow> {
        let c = self.cells.get(node as usize)?;
        let source = c.is_source();
        if !source && c.recv == 0 && (!self.poison || !self.other.contains_key(&node)) {
            return None;
        }
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
        if origin == 0 && !source {
            return None;
        }
        Some(NodeFlow {
            node,
            hops: c.hops().unwrap_or(0),
            pred: c.pred.checked_sub(1),
            received,
            origin,
            held: if self.poison { 0 } else { c.taint },
            endpoint: endpoint_of(c.flags),
            categories: self.cats.get(&node).copied().unwrap_or(CategorySet::EMPTY),
        })
    }
}

/// A run of value in a FIFO/LIFO queue. Adjacent runs of the same kind are merged: taint has
/// one origin per unit here, so merged runs split exactly as separate ones would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    len: u128,
    tainted: bool,
}

fn push_run(q: &mut VecDeque<Run>, p: Run) {
    if p.len == 0 {
        return;
    }
    if let Some(back) = q.back_mut() {
        if back.tainted == p.tainted {
            back.len = back.len.saturating_add(p.len);
            return;
        }
    }
    q.push_back(p);
}

/// Take `v` from the front (FIFO) or the top (LIFO) into `out`, in the order taken; what the
/// queue lacks comes out as a clean run and is returned as the shortfall.
fn consume(q: &mut VecDeque<Run>, v: u128, lifo: bool, out: &mut Vec<Run>) -> u128 {
    let mut need = v;
    while need > 0 {
        let p = if lifo { q.back_mut() } else { q.front_mut() };
        let Some(p) = p else { break };
        if p.len <= need {
            need -= p.len;
            out.push(*p);
            if lifo {
                q.pop_back();
            } else {
                q.pop_front();
            }
        } else {
            p.len -= need;
            out.push(Run {
                len: need,
                tainted: p.tainted,
            });
            need = 0;
        }
    }
    if need > 0 {
        out.push(Run {
            len: need,
            tainted: false,
        });
    }
    need
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
                c.flags |= SOURCE;
                c.mark(Endpoint::Seed);
                c.reach(0, u32::MAX);
                c.pred = 0;
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
    let mut s = Pooled {
        g,
        labels,
        spec,
        asset,
        start_rank,
        haircut: spec.model == Model::Haircut,
        lifo: spec.model == Model::Lifo,
        cells: HugeTable::zeroed(g.node_count() as usize),
        queues: Vec::new(),
        free: Vec::new(),
        scratch: Vec::new(),
        totals: Totals::zero(),
        unf: BTreeMap::new(),
        unfollowed: Vec::new(),
        flows: Vec::new(),
        missing: IntMap::default(),
        edges: 0,
        no_labels: labels.is_empty(),
        check_contracts: !spec.follow_contracts && !g.flags.is_empty(),
    };
    let (seed_ranks, first, _) =
        seed_cells(g, &spec.seeds, &mut s.cells, asset, start_rank, end_rank);
    // Balances before the first seed: clean receipts and spends.
    s.balances(0, first);
    s.sweep(first, end_rank, &seed_ranks);
    s.finish(end_rank)
}

struct Pooled<'a> {
    g: &'a TransferGraph,
    labels: &'a NodeLabels,
    spec: &'a TraceSpec,
    asset: AssetId,
    start_rank: Rank,
    haircut: bool,
    lifo: bool,
    cells: HugeTable<Cell>,
    queues: Vec<VecDeque<Run>>,
    free: Vec<u32>,
    /// The runs a FIFO/LIFO spend takes, reused from spend to spend.
    scratch: Vec<Run>,
    totals: Totals,
    unf: BTreeMap<Reason, u128>,
    unfollowed: Vec<Unfollowed>,
    flows: Vec<EdgeFlow>,
    missing: IntMap<NodeId, u128>,
    edges: u64,
    no_labels: bool,
    check_contracts: bool,
}

impl Pooled<'_> {
    /// Balances over `from..to`, where nothing is tainted yet.
    fn balances(&mut self, from: Rank, to: Rank) {
        let recs = &self.g.recs;
        let cells = &mut self.cells;
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

    fn queue_of(&mut self, node: NodeId) -> usize {
        let c = &mut self.cells[node as usize];
        if c.queue == 0 {
            let idx = match self.free.pop() {
                Some(i) => i,
                None => {
                    self.queues.push(VecDeque::new());
                    self.queues.len() as u32 - 1
                }
            };
            c.queue = idx + 1;
        }
        c.queue as usize - 1
    }

    fn drop_queue(&mut self, node: NodeId) {
        let c = &mut self.cells[node as usize];
        if c.queue != 0 {
            let idx = c.queue - 1;
            c.queue = 0;
            let q = &mut self.queues[idx as usize];
            q.clear();
            if q.capacity() > 64 {
                q.shrink_to(8);
            }
            self.free.push(idx);
        }
    }

    fn credit_clean(&mut self, node: NodeId, v: u128) {
        let c = &mut self.cells[node as usize];
        c.balance = c.balance.saturating_add(v);
        if c.queue != 0 {
            let q = &mut self.queues[c.queue as usize - 1];
            push_run(
                q,
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
            let q = &mut self.queues[c.queue as usize - 1];
            self.scratch.clear();
            let short = consume(q, v, self.lifo, &mut self.scratch);
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
            let m = self.missing.entry(node).or_default();
            *m = m.saturating_add(shortfall);
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
                let q = &mut self.queues[c.queue as usize - 1];
                self.scratch.clear();
                consume(q, v, self.lifo, &mut self.scratch);
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
        let qi = self.queue_of(node);
        let q = &mut self.queues[qi];
        if fresh && before > 0 {
            q.push_back(Run {
                len: before,
                tainted: false,
            });
        }
        for &p in &self.scratch {
            push_run(q, p);
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
        let mut held = 0u128;
        for node in 0..g.node_count() {
            let c = self.cells[node as usize];
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
        self.queues = Vec::new();
        let mut totals = self.totals;
        totals.held = held;
        totals.close(&self.unf);
        let mut missing: Vec<MissingInput> = self
            .missing
            .iter()
            .map(|(&node, &amount)| MissingInput {
                node,
                asset: self.asset,
                amount,
            })
            .collect();
        missing.sort_by_key(|m| m.node);
        self.flows.sort_by_key(|f| f.rank);
        let flows = DenseFlows::new(self.cells, self.asset, BTreeMap::new(), false, self.labels);
        let reached = flows.count as u64;
        TraceReport {
            model: self.spec.model,
            asset: self.asset,
            totals,
            nodes: crate::trace::NodeFlows::dense(flows),
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
