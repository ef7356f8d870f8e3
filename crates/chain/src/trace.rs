//! Forward taint tracing.
//!
//! The seed funds are followed through the graph in chain order under one of four models
//! ([`Model`]): poison, haircut, FIFO and LIFO. Account addresses and UTXO transaction nodes
//! are pools with a balance timeline (every incoming and outgoing transfer in rank order, gas
//! included); the model decides which part of the pool each outgoing transfer carries. UTXO
//! addresses are not pools: an input carries exactly the taint of the output it spends.
//!
//! **How it runs.** Events are processed in increasing rank, in one of two ways that give the
//! same result ([`Strategy`]):
//!
//! * *events*: a node that holds taint has its next outgoing transfer scheduled (a heap, or a
//!   bitmap over ranks once large); when that rank comes up, the node catches up its timeline
//!   (clean receipts and spends before it, read from its lists), the model computes the tainted
//!   part of the transfer, and it is routed: to the fee sink, to a service where tracing stops,
//!   through a swap (converted at the swap's rate), or delivered to the receiver, which catches
//!   up to that rank and adds it to its pool. Cheap for local traces: only the timelines of
//!   the addresses reached are read.
//! * *sweep*: every remaining transfer is read in chain order and the states of the nodes
//!   reached are kept current as the sweep passes their transfers (a node reached for the first
//!   time catches up once from its lists). Cheap when taint spreads over much of the graph;
//!   poison over an account graph then needs 24 bytes of state per node.
//!
//! By default a trace starts with events and turns to a sweep when the frontier is large.
//!
//! **Exactness.** Amounts are integers. A share of a pool is `floor(tainted × sent / balance)`
//! (haircut) or a split piece `floor(origin × part / piece)` (FIFO, LIFO): the remainder stays
//! in the pool, so nothing is created or lost. The seed's own units ("origin") are carried
//! beside the amount in the current asset, so conversions through swaps keep the totals: for
//! haircut, FIFO and LIFO, `held + stopped + fees + unfollowed = seed` exactly
//! ([`Totals::reconciles`]). Poison does not conserve value (every later spend of a poisoned
//! pool counts in full), so its totals do not add up by design.
//!
//! **Unknown funds.** A pool that spends more than it was seen to receive (its history starts
//! before the data, or inputs are missing) is topped up with clean funds of unknown origin; the
//! shortfalls of pools that held taint at the time are reported in
//! [`TraceReport::missing_inputs`].

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use serde::{Deserialize, Serialize, Serializer};
use thiserror::Error;

use crate::amount::mul_div_floor;
use crate::fast::{Chunked, IntMap, Scheduler, SlotMap};
use crate::graph::{AssetId, Ledger, NodeFlags, NodeId, Rank, TransferGraph, FEES};
use crate::labels::{Category, CategorySet, NodeLabels};

/// A taint model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Any tainted receipt taints every later spend in full.
    Poison,
    /// Every spend carries the pool's tainted fraction.
    Haircut,
    /// First in, first out: receipts queue, spends take from the front.
    Fifo,
    /// Last in, first out: receipts stack, spends take from the top.
    Lifo,
}

impl Model {
    /// All models.
    pub const ALL: [Model; 4] = [Model::Poison, Model::Haircut, Model::Fifo, Model::Lifo];

    /// A model by name (`poison`, `haircut`, `fifo`, `lifo`).
    pub fn parse(s: &str) -> Option<Model> {
        match s.trim().to_ascii_lowercase().as_str() {
            "poison" => Some(Model::Poison),
            "haircut" | "proportional" => Some(Model::Haircut),
            "fifo" => Some(Model::Fifo),
            "lifo" => Some(Model::Lifo),
            _ => None,
        }
    }

    /// The model's name.
    pub fn name(self) -> &'static str {
        match self {
            Model::Poison => "poison",
            Model::Haircut => "haircut",
            Model::Fifo => "fifo",
            Model::Lifo => "lifo",
        }
    }

    /// Whether the model conserves value (all but poison).
    pub fn conserves(self) -> bool {
        self != Model::Poison
    }
}

/// Where the seed funds are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Seed {
    /// Everything this address sends in the trace's asset from the start of the window on.
    Address(NodeId),
    /// The value of one transfer, held by its receiver.
    Transfer(Rank),
    /// The value moves of one transaction (UTXO: its outputs; account: its transfers, not the
    /// gas), each held by its receiver.
    Tx(u32),
}

/// What to trace and how far.
#[derive(Debug, Clone)]
pub struct TraceSpec {
    /// The model.
    pub model: Model,
    /// The seeds.
    pub seeds: Vec<Seed>,
    /// The seed asset. Required for address seeds; for transfer seeds it defaults to the asset
    /// of the first one.
    pub asset: Option<AssetId>,
    /// Addresses more than this many hops from a seed receive nothing: what would go further is
    /// reported as unfollowed (depth). Transaction nodes of UTXO graphs do not count as hops.
    pub max_hops: u32,
    /// Start of the window (seconds), inclusive.
    pub start: Option<i64>,
    /// End of the window (seconds), exclusive: taint still held then by an address that spends
    /// later is reported as unfollowed (time window).
    pub end: Option<i64>,
    /// Tainted amounts below this (base units of the transfer's asset) are not followed.
    pub min_value: u128,
    /// Categories where tracing stops.
    pub stop: CategorySet,
    /// Follow funds into contracts that carry no label (off by default: reported as
    /// unfollowed).
    pub follow_contracts: bool,
    /// Keep every tainted transfer in [`TraceReport::flows`] (for GraphML and paths).
    pub record_flows: bool,
    /// At most this many entries in [`TraceReport::unfollowed`] (totals stay exact).
    pub max_listed: usize,
    /// How to run (the results are the same).
    pub strategy: Strategy,
}

/// How a trace runs. Both give the same results; they differ in speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// Events while the frontier is small, then a sweep.
    #[default]
    Auto,
    /// Only events: each tainted node's next spend is scheduled; cheap for local traces.
    Events,
    /// Only a sweep over every transfer from the first seed on, in chain order; cheap when
    /// taint spreads over much of the graph.
    Sweep,
}

impl TraceSpec {
    /// A spec with defaults: 64 hops, no window, no minimum, stopping at services, recording
    /// flows.
    pub fn new(model: Model, seeds: Vec<Seed>) -> TraceSpec {
        TraceSpec {
            model,
            seeds,
            asset: None,
            max_hops: 64,
            start: None,
            end: None,
            min_value: 0,
            stop: CategorySet::default_stops(),
            follow_contracts: false,
            record_flows: true,
            max_listed: 100_000,
            strategy: Strategy::Auto,
        }
    }
}

/// Why taint was not followed further.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// It would go beyond the hop limit.
    Depth,
    /// The tainted amount was below the minimum.
    MinValue,
    /// It was still held at the end of the window by an address that spends later.
    TimeWindow,
    /// It entered a contract that carries no label.
    UnlabelledContract,
    /// It entered a swap whose other side could not be found in the same transaction.
    SwapUnmatched,
    /// It flowed back into a seed address (whose spends are already counted as seed).
    ReturnedToSeed,
}

impl Reason {
    /// The reason's name.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Depth => "depth",
            Reason::MinValue => "min_value",
            Reason::TimeWindow => "time_window",
            Reason::UnlabelledContract => "unlabelled_contract",
            Reason::SwapUnmatched => "swap_unmatched",
            Reason::ReturnedToSeed => "returned_to_seed",
        }
    }
}

/// Why a node is an end point of the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// A labelled service where tracing stops.
    Stopped,
    /// A swap: funds were converted and continued.
    Swap,
    /// An unlabelled contract (not followed).
    Contract,
    /// A seed address.
    Seed,
}

/// An amount of one asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetAmount {
    /// The asset.
    pub asset: AssetId,
    /// Base units.
    #[serde(with = "u128_str")]
    pub amount: u128,
}

/// What reached one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeFlow {
    /// The node.
    pub node: NodeId,
    /// Fewest hops from a seed.
    pub hops: u32,
    /// The transfer that first brought taint at that hop count (the predecessor edge).
    pub pred: Option<Rank>,
    /// Tainted amounts received, per asset, in base units.
    pub received: Vec<AssetAmount>,
    /// The same in the seed asset's units ("origin"): the share of the seed is this over the
    /// seed total.
    #[serde(with = "u128_str")]
    pub origin: u128,
    /// Origin units still held at the end.
    #[serde(with = "u128_str")]
    pub held: u128,
    /// Why this node ends the trace, if it does.
    pub endpoint: Option<Endpoint>,
    /// Label categories of the node.
    pub categories: CategorySet,
}

/// One tainted transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EdgeFlow {
    /// The transfer.
    pub rank: Rank,
    /// Tainted amount in the transfer's asset.
    #[serde(with = "u128_str")]
    pub amount: u128,
    /// The same in origin units.
    #[serde(with = "u128_str")]
    pub origin: u128,
}

/// Taint that was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Unfollowed {
    /// Why.
    pub reason: Reason,
    /// The node that held it or that it went to.
    pub node: NodeId,
    /// The transfer, if one.
    pub rank: Option<Rank>,
    /// Amount in the asset.
    #[serde(with = "u128_str")]
    pub amount: u128,
    /// The asset.
    pub asset: AssetId,
    /// Origin units.
    #[serde(with = "u128_str")]
    pub origin: u128,
}

/// A pool that spent more than it was seen to receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MissingInput {
    /// The node.
    pub node: NodeId,
    /// The asset.
    pub asset: AssetId,
    /// The shortfall in base units (summed over the trace).
    #[serde(with = "u128_str")]
    pub amount: u128,
}

/// The totals of a trace, in origin units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// The seed.
    #[serde(with = "u128_str")]
    pub seed: u128,
    /// Held by addresses at the end.
    #[serde(with = "u128_str")]
    pub held: u128,
    /// Reached services where tracing stops.
    #[serde(with = "u128_str")]
    pub stopped: u128,
    /// Paid as fees.
    #[serde(with = "u128_str")]
    pub fees: u128,
    /// Not followed, by reason.
    pub unfollowed: BTreeMap<Reason, U128>,
    /// Whether held + stopped + fees + unfollowed = seed (always expected for conserving
    /// models; poison does not conserve).
    pub reconciles: bool,
}

/// A `u128` that serialises as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Serialize)]
pub struct U128(#[serde(with = "u128_str")] pub u128);

impl Totals {
    /// All zero.
    pub(crate) fn zero() -> Totals {
        Totals {
            seed: 0,
            held: 0,
            stopped: 0,
            fees: 0,
            unfollowed: BTreeMap::new(),
            reconciles: false,
        }
    }

    /// Set the unfollowed buckets and check that everything is accounted for.
    pub(crate) fn close(&mut self, unf: &BTreeMap<Reason, u128>) {
        self.unfollowed = unf.iter().map(|(&k, &v)| (k, U128(v))).collect();
        let sum = self
            .held
            .checked_add(self.stopped)
            .and_then(|x| x.checked_add(self.fees))
            .and_then(|x| x.checked_add(self.unfollowed_total()));
        self.reconciles = sum == Some(self.seed);
    }

    /// Sum of the unfollowed buckets.
    pub fn unfollowed_total(&self) -> u128 {
        self.unfollowed.values().map(|v| v.0).sum()
    }
}

/// Counters of the work done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    /// Transfers examined: timeline entries (incoming and outgoing) read with events, plus
    /// every transfer of the range read by a sweep.
    pub edges: u64,
    /// Nodes touched.
    pub nodes: u64,
    /// Wall time in microseconds.
    pub micros: u64,
}

/// The result of a trace.
#[derive(Debug, Clone, Serialize)]
pub struct TraceReport {
    /// The model.
    pub model: Model,
    /// The seed asset.
    pub asset: AssetId,
    /// The totals.
    pub totals: Totals,
    /// Every node that received taint, and every seed address, in node order.
    pub nodes: NodeFlows,
    /// Every tainted transfer, in rank order (when recorded).
    pub flows: Vec<EdgeFlow>,
    /// What was not followed (at most [`TraceSpec::max_listed`] entries).
    pub unfollowed: Vec<Unfollowed>,
    /// Pools that spent more than they were seen to receive.
    pub missing_inputs: Vec<MissingInput>,
    /// Work done.
    pub stats: Stats,
}

/// The nodes a trace reached, in node order: a list, or (after a sweep over much of a large
/// graph) the sweep's own table of per-node state, read as the report is used, so that a
/// report over millions of nodes costs no more memory than the trace did.
#[derive(Clone)]
pub struct NodeFlows(Flows);

#[derive(Clone)]
enum Flows {
    List(Vec<NodeFlow>),
    Dense(Box<crate::dense::DenseFlows>),
}

impl NodeFlows {
    /// From flows sorted by node.
    pub fn list(mut nodes: Vec<NodeFlow>) -> NodeFlows {
        nodes.sort_by_key(|n| n.node);
        NodeFlows(Flows::List(nodes))
    }

    pub(crate) fn dense(d: crate::dense::DenseFlows) -> NodeFlows {
        NodeFlows(Flows::Dense(Box::new(d)))
    }

    /// How many nodes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Flows::List(v) => v.len(),
            Flows::Dense(d) => d.count,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The flows in node order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = NodeFlow> + '_> {
        match &self.0 {
            Flows::List(v) => Box::new(v.iter().cloned()),
            Flows::Dense(d) => Box::new((0..d.cells.len() as NodeId).filter_map(|n| d.flow(n))),
        }
    }

    /// The flow of one node.
    pub fn get(&self, node: NodeId) -> Option<NodeFlow> {
        match &self.0 {
            Flows::List(v) => v
                .binary_search_by_key(&node, |n| n.node)
                .ok()
                .map(|i| v[i].clone()),
            Flows::Dense(d) => d.flow(node),
        }
    }
}

impl PartialEq for NodeFlows {
    fn eq(&self, other: &NodeFlows) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for NodeFlows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for NodeFlows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl TraceReport {
    /// The flow of one node, if it received taint or is a seed address.
    pub fn node(&self, node: NodeId) -> Option<NodeFlow> {
        self.nodes.get(node)
    }

    /// The path of predecessor edges from a seed to `node` (ranks in order), following
    /// [`NodeFlow::pred`].
    pub fn path_to(&self, graph: &TransferGraph, node: NodeId) -> Vec<Rank> {
        let mut path = Vec::new();
        let mut cur = node;
        let mut guard = 0;
        while let Some(r) = self.node(cur).and_then(|n| n.pred) {
            path.push(r);
            cur = graph.src(r);
            guard += 1;
            if guard > 10_000 {
                break;
            }
        }
        path.reverse();
        path
    }
}

/// Why a trace could not run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TraceError {
    /// No seed given.
    #[error("no seed")]
    NoSeed,
    /// Address seeds need the asset to follow.
    #[error("address seeds need an asset")]
    NoAsset,
    /// A seed names a node, transfer or transaction the graph does not have.
    #[error("seed {0} is not in the graph")]
    UnknownSeed(String),
    /// Seed transfers in more than one asset: trace each asset on its own.
    #[error("seed transfers are in more than one asset ({0} and {1}); trace each on its own")]
    MixedAssets(String, String),
}

/// Serialise `u128` as decimal strings (JSON numbers lose precision above 2^53 in many
/// readers).
pub mod u128_str {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialise.
    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    /// Deserialise.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// The engine.

const CLEAN: u128 = u128::MAX;

/// A sweep is chosen once `frontier × SWEEP_FACTOR` exceeds the ranks left: visiting one event
/// costs a few random memory accesses (hundreds of nanoseconds on a virtual machine), reading
/// one transfer in order a few nanoseconds.
const SWEEP_FACTOR: u64 = 2_000;

/// A run of value in a FIFO/LIFO pool: clean (`origin == CLEAN`) or tainted with its origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    len: u128,
    origin: u128,
}

impl Piece {
    fn clean(len: u128) -> Piece {
        Piece { len, origin: CLEAN }
    }
    fn is_clean(&self) -> bool {
        self.origin == CLEAN
    }
}

#[derive(Debug, Default)]
struct Holding {
    asset: AssetId,
    balance: u128,
    t_amt: u128,
    t_org: u128,
    recv_amt: u128,
    // Boxed: most holdings never need a queue, and the box keeps them small.
    #[allow(clippy::box_collection)]
    queue: Option<Box<VecDeque<Piece>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pool,
    UtxoAddress,
}

#[derive(Debug)]
struct NodeState {
    node: NodeId,
    kind: Kind,
    in_cur: u32,
    out_cur: u32,
    hops: u32,
    pred: Rank,
    scheduled: bool,
    source: bool,
    endpoint: Option<Endpoint>,
    recv_org: u128,
    first_used: bool,
    first: Holding,
    // Boxed: most nodes hold one asset, and the box keeps their state small.
    #[allow(clippy::box_collection)]
    more: Option<Box<Vec<Holding>>>,
}

impl NodeState {
    fn holdings(&self) -> impl Iterator<Item = &Holding> {
        self.first_used
            .then_some(&self.first)
            .into_iter()
            .chain(self.more.iter().flat_map(|m| m.iter()))
    }
}

struct Payload {
    amt: u128,
    org: u128,
    pieces: Option<Vec<Piece>>,
}

struct Engine<'a> {
    g: &'a TransferGraph,
    labels: &'a NodeLabels,
    spec: &'a TraceSpec,
    asset: AssetId,
    start_rank: Rank,
    end_rank: Rank,
    slots: SlotMap,
    states: Chunked<NodeState>,
    sched: Scheduler,
    seed_ranks: IntMap<Rank, ()>,
    utxo: IntMap<Rank, Payload>,
    totals: Totals,
    unf: BTreeMap<Reason, u128>,
    flows: Vec<EdgeFlow>,
    unfollowed: Vec<Unfollowed>,
    missing: IntMap<(NodeId, AssetId), u128>,
    edges: u64,
    /// In sweep mode, the rank being swept.
    sweep_at: Option<Rank>,
    /// Sweep mode: nodes whose state the sweep keeps current (a bit per node).
    live: Vec<u64>,
    /// Sweep mode: deliveries due at a later rank (swap outputs): rank → (node, payload, hops).
    pending: IntMap<Rank, (NodeId, Payload, u32)>,
    /// The last on-time credit: (node, rank).
    last_credit: (NodeId, Rank),
    /// Whether poison may continue as a dense sweep (account graph, no swaps).
    dense_ok: bool,
    /// The report of a poison run finished by the dense sweep.
    dense_report: Option<TraceReport>,
}

/// Trace the seed funds forward. `labels` decides stops and swaps (see
/// [`crate::labels::LabelSet::for_graph`]).
pub fn trace(
    graph: &TransferGraph,
    labels: &NodeLabels,
    spec: &TraceSpec,
) -> Result<TraceReport, TraceError> {
    let started = Instant::now();
    if spec.seeds.is_empty() {
        return Err(TraceError::NoSeed);
    }
    let n = graph.transfer_count();
    let mut asset = spec.asset;
    for s in &spec.seeds {
        let ranks: Vec<Rank> = match *s {
            Seed::Address(node) => {
                if node >= graph.node_count() {
                    return Err(TraceError::UnknownSeed(format!("node {node}")));
                }
                continue;
            }
            Seed::Transfer(r) => {
                if r >= n {
                    return Err(TraceError::UnknownSeed(format!("transfer {r}")));
                }
                vec![r]
            }
            Seed::Tx(t) => graph.tx_range(t).collect(),
        };
        for r in ranks {
            let a = graph.asset(r);
            match asset {
                None => asset = Some(a),
                Some(b) if b != a && spec.asset.is_none() => {
                    return Err(TraceError::MixedAssets(
                        graph.asset_symbol(b).to_string(),
                        graph.asset_symbol(a).to_string(),
                    ))
                }
                _ => {}
            }
        }
    }
    let asset = asset.ok_or(TraceError::NoAsset)?;
    let start_rank = spec.start.map_or(0, |t| graph.rank_at(t));
    let end_rank = spec.end.map_or(n, |t| graph.rank_at(t));
    let dense_ok = graph.ledger() == Ledger::Account
        && !labels.nodes().any(|(_, c)| c.contains(Category::Swap));
    // Over many seeds (or when asked to): one sweep with a cell per node, from the start,
    // instead of events that would soon turn to a sweep anyway.
    let many =
        spec.seeds.len() as u64 * SWEEP_FACTOR > u64::from(end_rank.saturating_sub(start_rank));
    if dense_ok && (spec.strategy == Strategy::Sweep || (spec.strategy == Strategy::Auto && many)) {
        let mut report = if spec.model == Model::Poison {
            poison_dense(graph, labels, spec, asset, start_rank, end_rank, None)
        } else {
            crate::dense::pooled(graph, labels, spec, asset, start_rank, end_rank)
        };
        report.stats.micros = started.elapsed().as_micros() as u64;
        return Ok(report);
    }
    let mut e = Engine {
        g: graph,
        labels,
        spec,
        asset,
        start_rank,
        end_rank,
        slots: SlotMap::new(),
        states: Chunked::new(),
        sched: Scheduler::new(end_rank),
        seed_ranks: IntMap::default(),
        utxo: IntMap::default(),
        totals: Totals::zero(),
        unf: BTreeMap::new(),
        flows: Vec::new(),
        unfollowed: Vec::new(),
        missing: IntMap::default(),
        edges: 0,
        sweep_at: None,
        live: Vec::new(),
        pending: IntMap::default(),
        last_credit: (u32::MAX, u32::MAX),
        dense_ok,
        dense_report: None,
    };
    if spec.model == Model::Poison {
        e.poison_run(&spec.seeds);
    } else {
        e.seed(&spec.seeds)?;
        e.run();
    }
    let mut report = match e.dense_report.take() {
        Some(r) => r,
        None => e.finish(),
    };
    report.stats.micros = started.elapsed().as_micros() as u64;
    Ok(report)
}

/// What an event run hands to the dense poison sweep.
struct DenseInit {
    from: Rank,
    nodes: Vec<DenseNode>,
    seeded: IntMap<Rank, bool>,
    totals: Totals,
    unf: BTreeMap<Reason, u128>,
    unfollowed: Vec<Unfollowed>,
    flows: Vec<EdgeFlow>,
    edges: u64,
}

struct DenseNode {
    node: NodeId,
    hops: u32,
    pred: Rank,
    received: Vec<(AssetId, u128)>,
    poisoned: bool,
    source: bool,
    endpoint: Option<Endpoint>,
}

/// Poison over an account graph as one sweep in chain order, with a 64-byte cell per node in
/// one table ([`crate::dense`]) and a bit per node for "poisoned": for traces that spread over
/// much of a large graph. Same results as the event engine.
fn poison_dense(
    g: &TransferGraph,
    labels: &NodeLabels,
    spec: &TraceSpec,
    asset: AssetId,
    start_rank: Rank,
    end_rank: Rank,
    init: Option<DenseInit>,
) -> TraceReport {
    use crate::dense::{Cell, AHEAD};
    use crate::fast::{prefetch, HugeTable};
    let nodes = g.node_count() as usize;
    let words = nodes.div_ceil(64);
    let mut cells: HugeTable<Cell> = HugeTable::zeroed(nodes);
    let mut poisoned = vec![0u64; words];
    // Seed addresses, as bits: read for every transfer, so kept out of the cells.
    let mut source = vec![0u64; words];
    let bit = |v: &Vec<u64>, n: NodeId| v[n as usize / 64] & (1u64 << (n % 64)) != 0;
    let set = |v: &mut Vec<u64>, n: NodeId| v[n as usize / 64] |= 1u64 << (n % 64);
    // Receipts in assets other than the trace's.
    let mut other: IntMap<(NodeId, AssetId), u128> = IntMap::default();
    let mut seed_transfers: IntMap<Rank, ()> = IntMap::default();
    let mut first = end_rank;
    let mut totals = Totals::zero();
    let mut unf: BTreeMap<Reason, u128> = BTreeMap::new();
    let mut unfollowed = Vec::new();
    let mut flows = Vec::new();
    let mut edges = 0u64;
    let seeds: &[Seed] = if init.is_some() { &[] } else { &spec.seeds };
    if let Some(init) = init {
        // Continue an event run: its nodes, totals and pending seeds.
        first = init.from;
        for n in init.nodes {
            let c = &mut cells[n.node as usize];
            if n.hops != u32::MAX {
                c.reach(n.hops, n.pred);
            }
            for (a, v) in n.received {
                if a == asset {
                    c.recv = c.recv.saturating_add(v);
                } else {
                    other.insert((n.node, a), v);
                }
            }
            if n.source {
                c.set_source();
                set(&mut source, n.node);
            } else if n.poisoned {
                set(&mut poisoned, n.node);
            }
            if let Some(e) = n.endpoint {
                c.mark(e);
            }
        }
        for (r, is_transfer) in init.seeded {
            if is_transfer {
                seed_transfers.insert(r, ());
            }
        }
        totals = init.totals;
        unf = init.unf;
        unfollowed = init.unfollowed;
        flows = init.flows;
        edges = init.edges;
    }
    let (seeded, from, sources) =
        crate::dense::seed_cells(g, seeds, &mut cells, asset, start_rank, end_rank);
    seed_transfers.extend(seeded);
    first = first.min(from);
    for node in sources {
        set(&mut source, node);
    }
    let no_labels = labels.is_empty();
    let check_contracts = !spec.follow_contracts && !g.flags.is_empty();
    let receive = |cells: &mut HugeTable<Cell>,
                   other: &mut IntMap<(NodeId, AssetId), u128>,
                   node: NodeId,
                   r: Rank,
                   v: u128,
                   hops: u32| {
        let a = g.asset(r);
        let c = &mut cells[node as usize];
        c.reach(hops, r);
        if a == asset {
            c.recv = c.recv.saturating_add(v);
        } else {
            let e = other.entry((node, a)).or_default();
            *e = e.saturating_add(v);
        }
    };
    let mut note =
        |unf: &mut BTreeMap<Reason, u128>, reason: Reason, node: NodeId, r: Rank, v: u128| {
            *unf.entry(reason).or_default() += v;
            if unfollowed.len() < spec.max_listed {
                unfollowed.push(Unfollowed {
                    reason,
                    node,
                    rank: Some(r),
                    amount: v,
                    asset: g.asset(r),
                    origin: v,
                });
            }
        };
    let recs = &g.recs;
    for r in first..end_rank {
        if let Some(a) = recs.get(r as usize + AHEAD) {
            if bit(&poisoned, a.src()) {
                prefetch(&cells[a.src() as usize]);
                prefetch(&cells[a.dst() as usize]);
            } else if bit(&source, a.src()) {
                prefetch(&cells[a.dst() as usize]);
            }
        }
        let rec = recs[r as usize];
        let (src, d) = (rec.src(), rec.dst());
        edges += 1;
        let seeded = !seed_transfers.is_empty() && seed_transfers.contains_key(&r);
        let emission = !seeded && bit(&source, src) && r >= start_rank && g.asset(r) == asset;
        if !seeded && !emission && !bit(&poisoned, src) {
            continue;
        }
        let v = g.value(r);
        if seeded {
            totals.seed += v;
            receive(&mut cells, &mut other, d, r, v, 0);
            if !bit(&source, d) {
                set(&mut poisoned, d);
            }
            continue;
        }
        let src_hops = if emission {
            totals.seed += v;
            0
        } else {
            cells[src as usize].hops().unwrap_or(0)
        };
        if spec.record_flows {
            flows.push(EdgeFlow {
                rank: r,
                amount: v,
                origin: v,
            });
        }
        if d == FEES {
            totals.fees += v;
            continue;
        }
        let hops = src_hops.saturating_add(1);
        if hops > spec.max_hops {
            note(&mut unf, Reason::Depth, d, r, v);
            continue;
        }
        if v < spec.min_value {
            note(&mut unf, Reason::MinValue, d, r, v);
            continue;
        }
        if bit(&source, d) {
            note(&mut unf, Reason::ReturnedToSeed, d, r, v);
            continue;
        }
        let cats = if no_labels {
            CategorySet::EMPTY
        } else {
            labels.categories(d)
        };
        if cats.intersects(spec.stop) {
            totals.stopped += v;
            receive(&mut cells, &mut other, d, r, v, hops);
            cells[d as usize].mark(Endpoint::Stopped);
            continue;
        }
        if check_contracts && cats.is_empty() && g.flags(d).has(NodeFlags::CONTRACT) {
            receive(&mut cells, &mut other, d, r, v, hops);
            cells[d as usize].mark(Endpoint::Contract);
            note(&mut unf, Reason::UnlabelledContract, d, r, v);
            continue;
        }
        receive(&mut cells, &mut other, d, r, v, hops);
        set(&mut poisoned, d);
    }
    drop(poisoned);
    drop(source);
    // The report, read from the cells.
    let mut others: BTreeMap<NodeId, Vec<AssetAmount>> = BTreeMap::new();
    for (&(node, a), &amount) in &other {
        others
            .entry(node)
            .or_default()
            .push(AssetAmount { asset: a, amount });
    }
    let touched = cells.iter().filter(|c| c.reached()).count() as u64;
    flows.sort_by_key(|f| f.rank);
    totals.close(&unf);
    TraceReport {
        model: Model::Poison,
        asset,
        totals,
        nodes: NodeFlows::dense(crate::dense::DenseFlows::new(
            cells, asset, others, true, labels, None,
        )),
        flows,
        unfollowed,
        missing_inputs: Vec::new(),
        stats: Stats {
            edges,
            nodes: touched,
            micros: 0,
        },
    }
}

impl<'a> Engine<'a> {
    fn seed(&mut self, seeds: &[Seed]) -> Result<(), TraceError> {
        for s in seeds {
            match *s {
                Seed::Address(node) => {
                    let slot = self.state(node);
                    let st = &mut self.states[slot];
                    st.source = true;
                    st.hops = 0;
                    st.endpoint = Some(Endpoint::Seed);
                    let outs = self.g.outgoing(node);
                    let first = outs.partition_point(|&r| r < self.start_rank);
                    st.out_cur = first as u32;
                    if st.kind == Kind::UtxoAddress {
                        for &r in &outs[first..] {
                            if r >= self.end_rank {
                                break;
                            }
                            if self.g.asset(r) == self.asset {
                                self.sched.push(r);
                            }
                        }
                    } else {
                        // Catch up to the window's start, then schedule.
                        self.catch_up(slot, self.start_rank);
                        self.reschedule(slot);
                    }
                }
                Seed::Transfer(r) => self.seed_transfer(r),
                Seed::Tx(t) => {
                    for r in self.g.tx_range(t) {
                        let d = self.g.dst(r);
                        if d != FEES && !self.g.is_tx_node(d) && self.g.asset(r) == self.asset {
                            self.seed_transfer(r);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Poison as a temporal search: a node is poisoned from its first tainted receipt, after
    /// which every spend of it is tainted in full (a UTXO address: only the spends of its
    /// tainted outputs). Events are the tainted transfers themselves, in rank order.
    fn poison_run(&mut self, seeds: &[Seed]) {
        // Rank → whether it is a seed transfer (true) or a seed address's spend (false).
        let mut seeded: IntMap<Rank, bool> = IntMap::default();
        for s in seeds {
            match *s {
                Seed::Address(node) => {
                    let slot = self.state(node);
                    let st = &mut self.states[slot];
                    st.source = true;
                    st.scheduled = true;
                    st.hops = 0;
                    st.endpoint = Some(Endpoint::Seed);
                    for &r in self.g.outgoing(node) {
                        if r >= self.start_rank
                            && r < self.end_rank
                            && self.g.asset(r) == self.asset
                        {
                            seeded.entry(r).or_insert(false);
                            self.sched.push(r);
                        }
                    }
                }
                Seed::Transfer(r) => {
                    if self.g.asset(r) == self.asset && r < self.end_rank {
                        seeded.insert(r, true);
                        self.sched.push(r);
                    }
                }
                Seed::Tx(t) => {
                    for r in self.g.tx_range(t) {
                        let d = self.g.dst(r);
                        if d != FEES
                            && !self.g.is_tx_node(d)
                            && self.g.asset(r) == self.asset
                            && r < self.end_rank
                        {
                            seeded.insert(r, true);
                            self.sched.push(r);
                        }
                    }
                }
            }
        }
        while let Some(r) = self.sched.pop() {
            if r >= self.end_rank {
                break;
            }
            if self.should_sweep(r) {
                self.sched.push(r);
                // The dense sweep costs 24 bytes per node of the graph: worth it when the
                // frontier is a sizable part of the graph.
                let big = self.sched.len() as u64 * 64 >= u64::from(self.g.node_count());
                if self.dense_ok && (big || self.spec.strategy == Strategy::Sweep) {
                    self.poison_hand_over(r, seeded);
                } else {
                    self.poison_sweep(r, &mut seeded);
                }
                return;
            }
            self.poison_event(r, &mut seeded);
        }
    }

    /// Continue a poison run as a dense sweep from rank `from`.
    fn poison_hand_over(&mut self, from: Rank, seeded: IntMap<Rank, bool>) {
        let nodes = self
            .states
            .iter()
            .map(|st| DenseNode {
                node: st.node,
                hops: st.hops,
                pred: st.pred,
                received: st
                    .holdings()
                    .filter(|h| h.recv_amt > 0)
                    .map(|h| (h.asset, h.recv_amt))
                    .collect(),
                poisoned: st.scheduled && !st.source,
                source: st.source,
                endpoint: st.endpoint,
            })
            .collect();
        let init = DenseInit {
            from,
            nodes,
            seeded,
            totals: self.totals.clone(),
            unf: std::mem::take(&mut self.unf),
            unfollowed: std::mem::take(&mut self.unfollowed),
            flows: std::mem::take(&mut self.flows),
            edges: self.edges,
        };
        self.dense_report = Some(poison_dense(
            self.g,
            self.labels,
            self.spec,
            self.asset,
            self.start_rank,
            self.end_rank,
            Some(init),
        ));
    }

    fn poison_event(&mut self, r: Rank, seeded: &mut IntMap<Rank, bool>) {
        {
            self.edges += 1;
            let v = self.g.value(r);
            let p = Payload {
                amt: v,
                org: v,
                pieces: None,
            };
            match seeded.remove(&r) {
                Some(true) => {
                    self.totals.seed += v;
                    self.deliver(self.g.dst(r), r, p, 0);
                }
                Some(false) => {
                    self.totals.seed += v;
                    self.route(0, true, r, p, 0);
                }
                None => {
                    let src = self.g.src(r);
                    let Some(slot) = self.slots.get(src) else {
                        return;
                    };
                    let slot = slot as usize;
                    if self.states[slot].kind == Kind::UtxoAddress {
                        // Only the spends of tainted outputs.
                        let tainted = self
                            .g
                            .link(r)
                            .is_some_and(|o| self.utxo.remove(&o).is_some());
                        if !tainted {
                            return;
                        }
                    }
                    let hops = self.states[slot].hops;
                    self.route(hops, true, r, p, 0);
                }
            }
        }
    }

    /// Poison over every remaining transfer in chain order: a transfer is tainted when it is a
    /// seed, when its sender is poisoned, or when it spends a tainted UTXO output.
    fn poison_sweep(&mut self, from: Rank, seeded: &mut IntMap<Rank, bool>) {
        self.live = vec![0u64; (self.g.node_count() as usize).div_ceil(64)];
        for slot in 0..self.states.len() {
            let st = &self.states[slot];
            if st.kind == Kind::UtxoAddress || (st.scheduled && !st.source) {
                let node = st.node;
                self.set_live(node);
            }
        }
        self.sweep_at = Some(from);
        let recs = &self.g.recs;
        for r in from..self.end_rank {
            self.sweep_at = Some(r);
            if !seeded.is_empty() && seeded.contains_key(&r) {
                self.poison_event(r, seeded);
                continue;
            }
            if self.is_live(recs[r as usize].src()) {
                self.poison_event(r, seeded);
            }
        }
        self.edges = u64::from(self.end_rank - from).max(self.edges);
        self.sweep_at = None;
    }

    fn poison_deliver(&mut self, slot: usize, r: Rank, p: Payload) {
        let a = self.g.asset(r);
        self.holding(slot, a).recv_amt += p.amt;
        let st = &mut self.states[slot];
        let node = st.node;
        if st.kind == Kind::UtxoAddress {
            self.utxo.insert(r, p);
            if self.sweep_at.is_some() {
                self.set_live(node);
            } else if let Some(i) = self.g.link(r) {
                self.sched.push(i);
            }
            return;
        }
        if st.scheduled {
            return;
        }
        st.scheduled = true;
        if self.sweep_at.is_some() {
            self.set_live(node);
            return;
        }
        let outs = self.g.outgoing(st.node);
        let first = outs.partition_point(|&x| x <= r);
        for &x in &outs[first..] {
            if x >= self.end_rank {
                break;
            }
            self.sched.push(x);
        }
    }

    fn seed_transfer(&mut self, r: Rank) {
        if self.g.asset(r) != self.asset || r >= self.end_rank {
            return;
        }
        self.seed_ranks.insert(r, ());
        self.sched.push(r);
    }

    fn state(&mut self, node: NodeId) -> usize {
        if let Some(s) = self.slots.get(node) {
            return s as usize;
        }
        let slot = self.states.len() as u32;
        self.slots.insert(node, slot, self.g.node_count());
        let kind = if self.g.ledger() == Ledger::Utxo
            && !self.g.is_tx_node(node)
            && !self.g.flags(node).has(NodeFlags::PSEUDO)
        {
            Kind::UtxoAddress
        } else {
            Kind::Pool
        };
        self.states.push(NodeState {
            node,
            kind,
            in_cur: 0,
            out_cur: 0,
            hops: u32::MAX,
            pred: u32::MAX,
            scheduled: false,
            source: false,
            endpoint: None,
            recv_org: 0,
            first_used: false,
            first: Holding::default(),
            more: None,
        });
        slot as usize
    }

    fn holding(&mut self, slot: usize, asset: AssetId) -> &mut Holding {
        let st = &mut self.states[slot];
        if !st.first_used {
            st.first_used = true;
            st.first.asset = asset;
            return &mut st.first;
        }
        if st.first.asset == asset {
            return &mut st.first;
        }
        let more = st.more.get_or_insert_with(Default::default);
        let i = match more.iter().position(|h| h.asset == asset) {
            Some(i) => i,
            None => {
                more.push(Holding {
                    asset,
                    ..Holding::default()
                });
                more.len() - 1
            }
        };
        &mut more[i]
    }

    /// Whether to leave the event heap for a sweep: when the frontier is so large that
    /// visiting its events one by one (random memory accesses) costs more than reading every
    /// remaining transfer in order.
    fn should_sweep(&self, r: Rank) -> bool {
        match self.spec.strategy {
            Strategy::Events => false,
            Strategy::Sweep => true,
            Strategy::Auto => {
                let remaining = u64::from(self.end_rank.saturating_sub(r));
                self.sched.len() as u64 * SWEEP_FACTOR > remaining
            }
        }
    }

    fn run(&mut self) {
        while let Some(r) = self.sched.pop() {
            if r >= self.end_rank {
                break;
            }
            if self.should_sweep(r) {
                self.sched.push(r);
                self.sweep(r);
                return;
            }
            if self.seed_ranks.remove(&r).is_some() {
                self.run_seed(r);
                continue;
            }
            let s = self.g.src(r);
            let Some(slot) = self.slots.get(s) else {
                continue;
            };
            let slot = slot as usize;
            if self.states[slot].kind == Kind::UtxoAddress {
                self.edges += 1;
                let payload = if self.states[slot].source {
                    let v = self.g.value(r);
                    self.totals.seed += v;
                    Some(Payload {
                        amt: v,
                        org: v,
                        pieces: None,
                    })
                } else {
                    self.g.link(r).and_then(|o| self.utxo.remove(&o))
                };
                if let Some(p) = payload {
                    let hops = self.states[slot].hops;
                    self.route(hops, false, r, p, 0);
                }
                continue;
            }
            self.states[slot].scheduled = false;
            self.catch_up(slot, r);
            let outs = self.g.outgoing(s);
            let cur = self.states[slot].out_cur as usize;
            if outs.get(cur) == Some(&r) {
                self.states[slot].out_cur += 1;
                self.spend(slot, r);
            }
            self.reschedule(slot);
        }
    }

    #[inline]
    fn is_live(&self, node: NodeId) -> bool {
        self.live
            .get(node as usize / 64)
            .is_some_and(|w| w & (1u64 << (node % 64)) != 0)
    }

    fn set_live(&mut self, node: NodeId) {
        if self.live.is_empty() {
            return;
        }
        self.live[node as usize / 64] |= 1u64 << (node % 64);
    }

    /// Process every remaining transfer in chain order. The states of live nodes (every node
    /// touched so far, brought up to `from` first) are kept current by the sweep itself; a node
    /// reached for the first time catches up its history once, from its lists.
    fn sweep(&mut self, from: Rank) {
        self.live = vec![0u64; (self.g.node_count() as usize).div_ceil(64)];
        for slot in 0..self.states.len() {
            if self.states[slot].kind == Kind::Pool {
                self.catch_up(slot, from);
            }
            let node = self.states[slot].node;
            self.set_live(node);
        }
        let recs = &self.g.recs;
        let mut r = from;
        while r < self.end_rank {
            self.sweep_at = Some(r);
            if !self.pending.is_empty() {
                if let Some((node, p, hops)) = self.pending.remove(&r) {
                    self.deliver(node, r, p, hops);
                }
            }
            if !self.seed_ranks.is_empty() && self.seed_ranks.remove(&r).is_some() {
                self.run_seed(r);
                r += 1;
                continue;
            }
            let rec = recs[r as usize];
            let (src, dst) = (rec.src(), rec.dst());
            let s_live = self.is_live(src);
            let d_live = self.is_live(dst);
            if !s_live && !d_live {
                r += 1;
                continue;
            }
            if s_live {
                if let Some(slot) = self.slots.get(src) {
                    let slot = slot as usize;
                    if self.states[slot].kind == Kind::UtxoAddress {
                        self.edges += 1;
                        let payload = if self.states[slot].source {
                            (self.g.asset(r) == self.asset && r >= self.start_rank).then(|| {
                                let v = self.g.value(r);
                                self.totals.seed += v;
                                Payload {
                                    amt: v,
                                    org: v,
                                    pieces: None,
                                }
                            })
                        } else {
                            self.g.link(r).and_then(|o| self.utxo.remove(&o))
                        };
                        if let Some(p) = payload {
                            let hops = self.states[slot].hops;
                            self.route(hops, false, r, p, 0);
                        }
                    } else {
                        self.spend(slot, r);
                    }
                }
            }
            if d_live && self.last_credit != (dst, r) {
                if let Some(slot) = self.slots.get(dst) {
                    let slot = slot as usize;
                    if self.states[slot].kind == Kind::Pool && !self.states[slot].source {
                        self.edges += 1;
                        let v = self.g.value(r);
                        let h = self.holding(slot, self.g.asset(r));
                        credit_clean(h, v);
                    }
                }
            }
            r += 1;
        }
        self.sweep_at = None;
    }

    fn run_seed(&mut self, r: Rank) {
        let v = self.g.value(r);
        self.totals.seed += v;
        // The sender, if it is being traced, spends r as a clean debit. A sender that is not
        // traced yet catches r up as a clean spend when first reached, unless that happens
        // at r itself (a seed sent to itself): then it is traced from here.
        let s = self.g.src(r);
        if s == self.g.dst(r) && self.sweep_at.is_none() {
            self.state(s);
        }
        if let Some(slot) = self.slots.get(s) {
            let slot = slot as usize;
            if self.sweep_at.is_some() {
                if self.is_live(s)
                    && self.states[slot].kind == Kind::Pool
                    && !self.states[slot].source
                {
                    let lifo = self.spec.model == Model::Lifo;
                    let h = self.holding(slot, self.g.asset(r));
                    debit_clean(h, v, lifo);
                }
            } else if self.states[slot].kind == Kind::Pool {
                self.catch_up(slot, r);
                let outs = self.g.outgoing(s);
                if outs.get(self.states[slot].out_cur as usize) == Some(&r) {
                    self.states[slot].out_cur += 1;
                    let lifo = self.spec.model == Model::Lifo;
                    let h = self.holding(slot, self.g.asset(r));
                    debit_clean(h, v, lifo);
                }
                self.states[slot].scheduled = false;
                self.reschedule(slot);
            }
        }
        let pieces = matches!(self.spec.model, Model::Fifo | Model::Lifo)
            .then(|| vec![Piece { len: v, origin: v }]);
        self.deliver(
            self.g.dst(r),
            r,
            Payload {
                amt: v,
                org: v,
                pieces,
            },
            0,
        );
    }

    /// Process a pool's timeline below rank `r`: receipts are clean (tainted ones were applied
    /// when delivered), spends go through the model.
    fn catch_up(&mut self, slot: usize, r: Rank) {
        let node = self.states[slot].node;
        if self.states[slot].source || self.states[slot].kind == Kind::UtxoAddress {
            return;
        }
        let ins = self.g.incoming(node);
        let outs = self.g.outgoing(node);
        loop {
            let st = &self.states[slot];
            let ni = ins.get(st.in_cur as usize).copied().filter(|&x| x < r);
            let no = outs.get(st.out_cur as usize).copied().filter(|&x| x < r);
            match (ni, no) {
                (Some(i), o) if o.is_none_or(|o| i < o) => {
                    self.states[slot].in_cur += 1;
                    self.edges += 1;
                    let v = self.g.value(i);
                    let h = self.holding(slot, self.g.asset(i));
                    credit_clean(h, v);
                }
                (_, Some(o)) => {
                    self.states[slot].out_cur += 1;
                    self.spend(slot, o);
                }
                _ => break,
            }
        }
    }

    /// A pool spends transfer `r`: the model decides the tainted part, which is routed.
    fn spend(&mut self, slot: usize, r: Rank) {
        self.edges += 1;
        let a = self.g.asset(r);
        let v = self.g.value(r);
        if self.states[slot].source {
            if a == self.asset && r >= self.start_rank {
                self.totals.seed += v;
                let pieces = matches!(self.spec.model, Model::Fifo | Model::Lifo)
                    .then(|| vec![Piece { len: v, origin: v }]);
                let hops = self.states[slot].hops;
                self.route(
                    hops,
                    true,
                    r,
                    Payload {
                        amt: v,
                        org: v,
                        pieces,
                    },
                    0,
                );
            }
            return;
        }
        let node = self.states[slot].node;
        let model = self.spec.model;
        let h = self.holding(slot, a);
        let mut shortfall = 0;
        let tainted_before = h.t_amt > 0 || h.t_org > 0;
        let payload = match model {
            Model::Haircut => {
                if h.balance < v {
                    shortfall = v - h.balance;
                }
                let b = h.balance.max(v);
                if h.t_amt == 0 && h.t_org == 0 {
                    h.balance = b - v;
                    None
                } else {
                    let amt = mul_div_floor(h.t_amt, v, b).unwrap_or(h.t_amt);
                    let org = mul_div_floor(h.t_org, v, b).unwrap_or(h.t_org);
                    h.t_amt -= amt;
                    h.t_org -= org;
                    h.balance = b - v;
                    Some(Payload {
                        amt,
                        org,
                        pieces: None,
                    })
                }
            }
            Model::Poison => {
                if h.balance < v {
                    shortfall = v - h.balance;
                }
                h.balance = h.balance.saturating_sub(v);
                (h.t_amt > 0).then_some(Payload {
                    amt: v,
                    org: v,
                    pieces: None,
                })
            }
            Model::Fifo | Model::Lifo => match h.queue.as_mut() {
                None => {
                    shortfall = v.saturating_sub(h.balance);
                    h.balance = h.balance.saturating_sub(v);
                    None
                }
                Some(q) => {
                    let (pieces, short) = consume(q, v, model == Model::Lifo);
                    shortfall = short;
                    h.balance = h.balance.saturating_sub(v - short);
                    let mut amt = 0u128;
                    let mut org = 0u128;
                    for p in &pieces {
                        if !p.is_clean() {
                            amt += p.len;
                            org += p.origin;
                        }
                    }
                    h.t_amt -= amt.min(h.t_amt);
                    h.t_org -= org.min(h.t_org);
                    if h.t_amt == 0 && h.t_org == 0 {
                        h.queue = None;
                    }
                    (amt > 0 || org > 0).then_some(Payload {
                        amt,
                        org,
                        pieces: Some(pieces),
                    })
                }
            },
        };
        // Shortfalls are reported where they change a tainted pool's split.
        if shortfall > 0 && tainted_before {
            *self.missing.entry((node, a)).or_default() += shortfall;
        }
        if let Some(p) = payload {
            let hops = self.states[slot].hops;
            self.route(hops, true, r, p, 0);
        }
    }

    fn note_unfollowed(&mut self, reason: Reason, node: NodeId, rank: Option<Rank>, p: &Payload) {
        *self.unf.entry(reason).or_default() += p.org;
        if self.unfollowed.len() < self.spec.max_listed {
            self.unfollowed.push(Unfollowed {
                reason,
                node,
                rank,
                amount: p.amt,
                asset: rank.map_or(self.asset, |r| self.g.asset(r)),
                origin: p.org,
            });
        }
    }

    /// Record taint arriving at an end point (a stop, a swap, a contract).
    fn reach_endpoint(&mut self, node: NodeId, r: Rank, p: &Payload, hops: u32, end: Endpoint) {
        let slot = self.state(node);
        let a = self.g.asset(r);
        let st = &mut self.states[slot];
        if hops < st.hops {
            st.hops = hops;
            st.pred = r;
        }
        if st.endpoint.is_none() {
            st.endpoint = Some(end);
        }
        st.recv_org += p.org;
        self.holding(slot, a).recv_amt += p.amt;
    }

    /// Send tainted value moving along transfer `r` from a node `src_hops` hops from a seed.
    fn route(&mut self, src_hops: u32, counts_hop: bool, r: Rank, p: Payload, depth: u32) {
        let d = self.g.dst(r);
        if self.spec.record_flows {
            self.flows.push(EdgeFlow {
                rank: r,
                amount: p.amt,
                origin: p.org,
            });
        }
        if d == FEES {
            self.totals.fees += p.org;
            return;
        }
        let tx_node = self.g.is_tx_node(d);
        let hops = if tx_node || !counts_hop {
            src_hops
        } else {
            src_hops.saturating_add(1)
        };
        if hops > self.spec.max_hops {
            self.note_unfollowed(Reason::Depth, d, Some(r), &p);
            return;
        }
        if p.amt < self.spec.min_value {
            self.note_unfollowed(Reason::MinValue, d, Some(r), &p);
            return;
        }
        if let Some(slot) = self.slots.get(d) {
            if self.states[slot as usize].source {
                self.note_unfollowed(Reason::ReturnedToSeed, d, Some(r), &p);
                return;
            }
        }
        let cats = self.labels.categories(d);
        if cats.intersects(self.spec.stop) {
            self.totals.stopped += p.org;
            self.reach_endpoint(d, r, &p, hops, Endpoint::Stopped);
            return;
        }
        if cats.contains(Category::Swap) && depth < 4 {
            self.convert(d, r, p, hops, depth);
            return;
        }
        if !self.spec.follow_contracts
            && cats.is_empty()
            && self.g.flags(d).has(NodeFlags::CONTRACT)
        {
            self.reach_endpoint(d, r, &p, hops, Endpoint::Contract);
            self.note_unfollowed(Reason::UnlabelledContract, d, Some(r), &p);
            return;
        }
        self.deliver(d, r, p, hops);
    }

    /// Taint entering a swap continues along the swap's outputs in another asset in the same
    /// transaction, at the swap's rate.
    fn convert(&mut self, swap: NodeId, r: Rank, p: Payload, hops: u32, depth: u32) {
        let g = self.g;
        let a = g.asset(r);
        let range = g.tx_range(g.tx_of(r));
        let in_range = |list: &[Rank]| {
            let lo = list.partition_point(|&x| x < range.start);
            let hi = list.partition_point(|&x| x < range.end);
            list[lo..hi].to_vec()
        };
        let ins: u128 = in_range(g.incoming(swap))
            .into_iter()
            .filter(|&x| g.asset(x) == a)
            .map(|x| g.value(x))
            .fold(0u128, |acc, v| acc.saturating_add(v));
        let outs_all: Vec<Rank> = in_range(g.outgoing(swap))
            .into_iter()
            .filter(|&x| g.asset(x) != a)
            .collect();
        let Some(&first) = outs_all.first() else {
            self.reach_endpoint(swap, r, &p, hops, Endpoint::Swap);
            self.note_unfollowed(Reason::SwapUnmatched, swap, Some(r), &p);
            return;
        };
        let b = g.asset(first);
        let outs: Vec<Rank> = outs_all.into_iter().filter(|&x| g.asset(x) == b).collect();
        let total_out: u128 = outs
            .iter()
            .map(|&x| g.value(x))
            .fold(0u128, |acc, v| acc.saturating_add(v));
        if ins == 0 || total_out == 0 {
            self.reach_endpoint(swap, r, &p, hops, Endpoint::Swap);
            self.note_unfollowed(Reason::SwapUnmatched, swap, Some(r), &p);
            return;
        }
        self.reach_endpoint(swap, r, &p, hops, Endpoint::Swap);
        let mut parts: Vec<(Rank, u128, u128)> = outs
            .iter()
            .map(|&x| {
                let v = g.value(x);
                (
                    x,
                    mul_div_floor(v, p.amt.min(ins), ins).unwrap_or(v),
                    mul_div_floor(p.org, v, total_out).unwrap_or(0),
                )
            })
            .collect();
        let given: u128 = parts.iter().map(|x| x.2).sum();
        parts[0].2 += p.org - given.min(p.org);
        for (x, amt, org) in parts {
            if amt == 0 && org == 0 {
                continue;
            }
            let v = g.value(x);
            let pieces = matches!(self.spec.model, Model::Fifo | Model::Lifo).then(|| {
                let mut v2 = vec![Piece {
                    len: amt,
                    origin: org,
                }];
                if v > amt {
                    v2.push(Piece::clean(v - amt));
                }
                v2
            });
            self.route(hops, true, x, Payload { amt, org, pieces }, depth + 1);
        }
    }

    /// Taint arrives at `node` through transfer `r`.
    fn deliver(&mut self, node: NodeId, r: Rank, p: Payload, hops: u32) {
        if let Some(cur) = self.sweep_at {
            if r > cur {
                self.pending.insert(r, (node, p, hops));
                return;
            }
        }
        let slot = self.state(node);
        let a = self.g.asset(r);
        let v = self.g.value(r);
        {
            let st = &mut self.states[slot];
            if hops < st.hops {
                st.hops = hops;
                st.pred = r;
            }
            st.recv_org += p.org;
        }
        if self.spec.model == Model::Poison {
            self.poison_deliver(slot, r, p);
            return;
        }
        if self.states[slot].kind == Kind::UtxoAddress {
            self.holding(slot, a).recv_amt += p.amt;
            self.utxo.insert(r, p);
            if self.sweep_at.is_some() {
                self.set_live(node);
            } else if let Some(i) = self.g.link(r) {
                self.sched.push(i);
            }
            return;
        }
        let on_time = match self.sweep_at {
            Some(cur) => {
                if !self.is_live(node) {
                    // First reached: its history up to now, from its lists.
                    self.catch_up(slot, r.min(cur));
                    let ins = self.g.incoming(node);
                    if ins.get(self.states[slot].in_cur as usize) == Some(&r) && r == cur {
                        self.states[slot].in_cur += 1;
                    } else if r < cur {
                        self.catch_up(slot, cur);
                    }
                    self.set_live(node);
                }
                r == cur
            }
            None => {
                self.catch_up(slot, r);
                let ins = self.g.incoming(node);
                let on_time = ins.get(self.states[slot].in_cur as usize) == Some(&r);
                if on_time {
                    self.states[slot].in_cur += 1;
                }
                on_time
            }
        };
        if on_time {
            self.edges += 1;
            self.last_credit = (node, r);
        }
        let model = self.spec.model;
        let h = self.holding(slot, a);
        h.recv_amt += p.amt;
        if on_time {
            h.balance = h.balance.saturating_add(v);
        }
        match model {
            Model::Haircut | Model::Poison => {
                h.t_amt = h.t_amt.saturating_add(p.amt);
                h.t_org += p.org;
                if model == Model::Haircut && !on_time {
                    h.t_amt = h.t_amt.min(h.balance);
                }
            }
            Model::Fifo | Model::Lifo => {
                let q = h.queue.get_or_insert_with(|| {
                    let mut q = VecDeque::new();
                    if h.balance > 0 {
                        q.push_back(Piece::clean(h.balance - if on_time { v } else { 0 }));
                    }
                    Box::new(q)
                });
                q.retain(|p| p.len > 0);
                let pieces = p.pieces.unwrap_or_else(|| {
                    let mut x = vec![Piece {
                        len: p.amt,
                        origin: p.org,
                    }];
                    if v > p.amt {
                        x.push(Piece::clean(v - p.amt));
                    }
                    x
                });
                if !on_time {
                    // The value was already credited as clean: turn that much clean value at
                    // the top of the pool into the tainted pieces.
                    let mut need = p.amt;
                    while need > 0 {
                        let Some(back) = q.back_mut() else { break };
                        if !back.is_clean() {
                            break;
                        }
                        let take = back.len.min(need);
                        back.len -= take;
                        need -= take;
                        if back.len == 0 {
                            q.pop_back();
                        }
                    }
                    for piece in pieces.into_iter().filter(|x| !x.is_clean()) {
                        q.push_back(piece);
                    }
                } else {
                    for piece in pieces {
                        push_piece(q, piece);
                    }
                }
                h.t_amt = h.t_amt.saturating_add(p.amt);
                h.t_org += p.org;
            }
        }
        self.reschedule(slot);
    }

    fn reschedule(&mut self, slot: usize) {
        if self.sweep_at.is_some() {
            return;
        }
        let st = &self.states[slot];
        if st.scheduled || st.kind == Kind::UtxoAddress {
            return;
        }
        if !st.source && !st.holdings().any(|h| h.t_amt > 0 || h.t_org > 0) {
            return;
        }
        let outs = self.g.outgoing(st.node);
        let mut cur = st.out_cur as usize;
        if st.source {
            while cur < outs.len() && self.g.asset(outs[cur]) != self.asset {
                cur += 1;
            }
        }
        if st.source {
            self.states[slot].out_cur = cur as u32;
        }
        if let Some(&r) = outs.get(cur) {
            if r < self.end_rank {
                self.states[slot].scheduled = true;
                self.sched.push(r);
            }
        }
    }

    fn finish(mut self) -> TraceReport {
        // What is still held: at the end of the window by an address that spends later, it is
        // unfollowed (time window); otherwise held.
        let mut leftovers: Vec<(Reason, NodeId, Option<Rank>, Payload)> = Vec::new();
        let mut utxo_held: IntMap<NodeId, u128> = IntMap::default();
        let utxo = std::mem::take(&mut self.utxo);
        for (o, p) in utxo {
            let node = self.g.dst(o);
            if self.g.link(o).is_some() {
                leftovers.push((Reason::TimeWindow, node, Some(o), p));
            } else {
                *utxo_held.entry(node).or_default() += p.org;
            }
        }
        let mut held_total: u128 = 0;
        let mut nodes: Vec<NodeFlow> = Vec::with_capacity(self.states.len());
        for st in self.states.iter() {
            let mut held = utxo_held.remove(&st.node).unwrap_or(0);
            if !st.source && st.kind == Kind::Pool {
                let spends_later = self
                    .g
                    .outgoing(st.node)
                    .last()
                    .is_some_and(|&r| r >= self.end_rank);
                for h in st.holdings() {
                    if h.t_org == 0 && h.t_amt == 0 {
                        continue;
                    }
                    if spends_later {
                        leftovers.push((
                            Reason::TimeWindow,
                            st.node,
                            None,
                            Payload {
                                amt: h.t_amt,
                                org: h.t_org,
                                pieces: None,
                            },
                        ));
                    } else {
                        held += h.t_org;
                    }
                }
            }
            held_total += held;
            if !(st.recv_org > 0 || st.holdings().any(|h| h.recv_amt > 0) || st.source) {
                continue;
            }
            let mut received: Vec<AssetAmount> = st
                .holdings()
                .filter(|h| h.recv_amt > 0)
                .map(|h| AssetAmount {
                    asset: h.asset,
                    amount: h.recv_amt,
                })
                .collect();
            received.sort_by_key(|a| a.asset);
            nodes.push(NodeFlow {
                node: st.node,
                hops: if st.hops == u32::MAX { 0 } else { st.hops },
                pred: (st.pred != u32::MAX).then_some(st.pred),
                received,
                origin: st.recv_org,
                held,
                endpoint: st.endpoint,
                categories: self.labels.categories(st.node),
            });
        }
        held_total += utxo_held.values().sum::<u128>();
        let held = held_total;
        self.states = Chunked::new();
        for (reason, node, rank, p) in leftovers {
            self.note_unfollowed(reason, node, rank, &p);
        }
        nodes.sort_by_key(|n| n.node);
        self.flows.sort_by_key(|f| f.rank);
        let mut missing: Vec<MissingInput> = self
            .missing
            .iter()
            .map(|(&(node, asset), &amount)| MissingInput {
                node,
                asset,
                amount,
            })
            .collect();
        missing.sort_by_key(|m| (m.node, m.asset));
        let mut totals = self.totals;
        totals.held = held;
        totals.close(&self.unf);
        TraceReport {
            model: self.spec.model,
            asset: self.asset,
            totals,
            nodes: NodeFlows::list(nodes),
            flows: self.flows,
            unfollowed: self.unfollowed,
            missing_inputs: missing,
            stats: Stats {
                edges: self.edges,
                nodes: self.states.len() as u64,
                micros: 0,
            },
        }
    }
}

fn credit_clean(h: &mut Holding, v: u128) {
    h.balance = h.balance.saturating_add(v);
    if let Some(q) = h.queue.as_mut() {
        push_piece(q, Piece::clean(v));
    }
}

fn debit_clean(h: &mut Holding, v: u128, lifo: bool) {
    match h.queue.as_mut() {
        Some(q) => {
            let (pieces, _) = consume(q, v, lifo);
            for p in pieces.iter().filter(|p| !p.is_clean()) {
                h.t_amt -= p.len.min(h.t_amt);
                h.t_org -= p.origin.min(h.t_org);
            }
        }
        None => {
            if h.balance > 0 && h.t_amt > 0 {
                let amt = mul_div_floor(h.t_amt, v.min(h.balance), h.balance).unwrap_or(0);
                let org = mul_div_floor(h.t_org, v.min(h.balance), h.balance).unwrap_or(0);
                h.t_amt -= amt;
                h.t_org -= org;
            }
        }
    }
    h.balance = h.balance.saturating_sub(v);
}

fn push_piece(q: &mut VecDeque<Piece>, p: Piece) {
    if p.len == 0 {
        return;
    }
    if p.is_clean() {
        if let Some(back) = q.back_mut() {
            if back.is_clean() {
                back.len = back.len.saturating_add(p.len);
                return;
            }
        }
    }
    q.push_back(p);
}

/// Take `v` from the front (FIFO) or the top (LIFO) of a pool, splitting the last piece. The
/// pieces come out in the order taken; a shortfall is returned (and added as a clean piece).
fn consume(q: &mut VecDeque<Piece>, v: u128, lifo: bool) -> (Vec<Piece>, u128) {
    let mut out = Vec::new();
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
            let origin = if p.is_clean() {
                CLEAN
            } else {
                let o = mul_div_floor(p.origin, need, p.len).unwrap_or(0);
                p.origin -= o;
                o
            };
            p.len -= need;
            out.push(Piece { len: need, origin });
            need = 0;
        }
    }
    if need > 0 {
        out.push(Piece::clean(need));
    }
    (out, need)
}
