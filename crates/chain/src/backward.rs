//! Backward tracing and exposure.
//!
//! Backward, the question is where the value an address received came from. Each transfer
//! into the address is split over the transfers that funded it at its sender, under the chosen
//! model, and so on back, hop by hop:
//!
//! * **haircut**: a spend is funded by every earlier receipt still in the pool, in proportion
//!   to what is left of each (the pool's composition is kept exactly, with floor rounding; the
//!   rounding remainder stays in the pool);
//! * **FIFO / LIFO**: a spend is funded by the receipts it takes from the front / top of the
//!   queue;
//! * **poison**: a transfer is tainted, in full, if any earlier receipt of its sender within the
//!   hop limit was (computed by a memoised search, without splitting amounts).
//!
//! Spends beyond what a pool was seen to receive are funded by "unknown" funds. Part of a
//! transfer is split proportionally over the transfer's own funding (exact for the whole
//! transfer; for a part of it, proportional rather than interval-exact for FIFO/LIFO).
//! Funding is computed per asset: swaps are not followed backward.
//!
//! Limits: poison treats a UTXO address as a pool (any tainted output taints its later
//! spends), where the forward trace follows outputs one by one; swaps and bridges are not
//! followed backward.
//!
//! [`exposure`] is the backward trace whose end points are the addresses labelled as taint
//! sources (sanctioned, stolen): the share of an address's received value that comes from them,
//! directly (the sender is one) or indirectly (through up to `max_hops − 1` intermediaries).

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use serde::Serialize;

use crate::amount::mul_div_floor;
use crate::fast::IntMap;
use crate::graph::{AssetId, NodeId, Rank, TransferGraph, FEES, MINT};
use crate::labels::{CategorySet, NodeLabels};
use crate::trace::{u128_str, Model};

/// What to trace backward.
#[derive(Debug, Clone)]
pub struct BackwardSpec {
    /// The model.
    pub model: Model,
    /// Senders more than this many hops back are not followed.
    pub max_hops: u32,
    /// Only the target's receipts at or after this time.
    pub start: Option<i64>,
    /// Only the target's receipts before this time.
    pub end: Option<i64>,
    /// Categories that end the search as taint sources (exposure).
    pub sources: CategorySet,
    /// Categories not followed further back (services pool everyone's funds).
    pub stop: CategorySet,
    /// Give up after this many work items (the report says so).
    pub budget: usize,
}

impl BackwardSpec {
    /// Defaults: 3 hops, sanctioned and stolen as sources, stopping at services.
    pub fn new(model: Model) -> BackwardSpec {
        BackwardSpec {
            model,
            max_hops: 3,
            start: None,
            end: None,
            sources: CategorySet::default_sources(),
            stop: CategorySet::default_stops(),
            budget: 2_000_000,
        }
    }
}

/// Where part of the target's receipts came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The sending node.
    pub node: NodeId,
    /// Fewest hops back from the target.
    pub hops: u32,
    /// The asset.
    pub asset: AssetId,
    /// Amount of the target's receipts that passed through (or came from) this node.
    #[serde(with = "u128_str")]
    pub amount: u128,
    /// Whether the node is a taint source (the search ended there).
    pub source: bool,
}

/// Exposure of an address in one asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetExposure {
    /// The asset.
    pub asset: AssetId,
    /// Total received in the window.
    #[serde(with = "u128_str")]
    pub received: u128,
    /// Received straight from taint sources.
    #[serde(with = "u128_str")]
    pub direct: u128,
    /// Received from taint sources through intermediaries.
    #[serde(with = "u128_str")]
    pub indirect: u128,
    /// Not attributed: funds of unknown origin (pools spending more than they were seen to
    /// receive, coins newly minted) and rounding.
    #[serde(with = "u128_str")]
    pub unknown: u128,
}

impl AssetExposure {
    /// `(direct + indirect) / received` as a decimal with `digits` digits (truncated).
    pub fn share(&self, digits: u32) -> String {
        crate::amount::format_ratio(self.direct + self.indirect, self.received, digits)
    }
}

/// The result of a backward trace.
#[derive(Debug, Clone, Serialize)]
pub struct BackwardReport {
    /// The target.
    pub target: NodeId,
    /// The model.
    pub model: Model,
    /// Per asset: received, from sources directly and indirectly, unknown.
    pub assets: Vec<AssetExposure>,
    /// Every node the target's funds passed through, per asset, in (node, asset) order.
    pub origins: Vec<Origin>,
    /// Amount that reached the hop limit without meeting a source or a stop.
    pub beyond_hops: BTreeMap<AssetId, crate::trace::U128>,
    /// Whether the work budget ran out (amounts are then lower bounds).
    pub truncated: bool,
    /// Work items and wall time (µs).
    pub work: u64,
    /// Wall time in microseconds.
    pub micros: u64,
}

impl BackwardReport {
    /// The exposure of one asset.
    pub fn asset(&self, asset: AssetId) -> Option<&AssetExposure> {
        self.assets.iter().find(|a| a.asset == asset)
    }
}

/// The exposure of `target` to the taint sources of `spec` (see the module documentation).
pub fn exposure(
    graph: &TransferGraph,
    labels: &NodeLabels,
    target: NodeId,
    spec: &BackwardSpec,
) -> BackwardReport {
    backward(graph, labels, target, spec)
}

/// Trace the receipts of `target` backward.
pub fn backward(
    graph: &TransferGraph,
    labels: &NodeLabels,
    target: NodeId,
    spec: &BackwardSpec,
) -> BackwardReport {
    let started = Instant::now();
    let mut b = Back {
        g: graph,
        labels,
        spec,
        funding: IntMap::default(),
        origins: BTreeMap::new(),
        assets: BTreeMap::new(),
        beyond: BTreeMap::new(),
        work: 0,
        truncated: false,
        poison_memo: IntMap::default(),
    };
    let ins = graph.incoming(target);
    let lo = spec
        .start
        .map_or(0, |t| ins.partition_point(|&r| r < graph.rank_at(t)));
    let hi = spec.end.map_or(ins.len(), |t| {
        ins.partition_point(|&r| r < graph.rank_at(t))
    });
    if spec.model == Model::Poison {
        b.poison(&ins[lo..hi]);
    } else {
        b.split(&ins[lo..hi]);
    }
    let mut report = BackwardReport {
        target,
        model: spec.model,
        assets: b.assets.into_values().collect(),
        origins: b
            .origins
            .into_iter()
            .map(|((node, asset), (hops, amount, source))| Origin {
                node,
                hops,
                asset,
                amount,
                source,
            })
            .collect(),
        beyond_hops: b
            .beyond
            .into_iter()
            .map(|(k, v)| (k, crate::trace::U128(v)))
            .collect(),
        truncated: b.truncated,
        work: b.work,
        micros: 0,
    };
    report.micros = started.elapsed().as_micros() as u64;
    report
}

type Funding = Vec<(Option<Rank>, u128)>;

struct Back<'a> {
    g: &'a TransferGraph,
    labels: &'a NodeLabels,
    spec: &'a BackwardSpec,
    funding: IntMap<Rank, Funding>,
    origins: BTreeMap<(NodeId, AssetId), (u32, u128, bool)>,
    assets: BTreeMap<AssetId, AssetExposure>,
    beyond: BTreeMap<AssetId, u128>,
    work: u64,
    truncated: bool,
    poison_memo: IntMap<(NodeId, u32), Rank>,
}

impl<'a> Back<'a> {
    fn asset_entry(&mut self, asset: AssetId) -> &mut AssetExposure {
        self.assets.entry(asset).or_insert(AssetExposure {
            asset,
            received: 0,
            direct: 0,
            indirect: 0,
            unknown: 0,
        })
    }

    fn note_origin(&mut self, node: NodeId, asset: AssetId, hops: u32, amount: u128, source: bool) {
        let e = self
            .origins
            .entry((node, asset))
            .or_insert((hops, 0, source));
        e.0 = e.0.min(hops);
        e.1 = e.1.saturating_add(amount);
        e.2 |= source;
    }

    /// Haircut, FIFO, LIFO: split amounts over funding, breadth first.
    fn split(&mut self, receipts: &[Rank]) {
        let mut queue: VecDeque<(Rank, u128, u32)> = VecDeque::new();
        for &k in receipts {
            let v = self.g.value(k);
            let a = self.g.asset(k);
            self.asset_entry(a).received += v;
            queue.push_back((k, v, 1));
        }
        while let Some((k, amount, hops)) = queue.pop_front() {
            if amount == 0 {
                continue;
            }
            self.work += 1;
            if self.work as usize > self.spec.budget {
                self.truncated = true;
                break;
            }
            let s = self.g.src(k);
            let a = self.g.asset(k);
            let tx_node = self.g.is_tx_node(s);
            let cats = self.labels.categories(s);
            let is_source = cats.intersects(self.spec.sources);
            if !tx_node {
                self.note_origin(s, a, hops, amount, is_source);
            }
            if is_source {
                let e = self.asset_entry(a);
                if hops == 1 {
                    e.direct += amount;
                } else {
                    e.indirect += amount;
                }
                continue;
            }
            if s == MINT || s == FEES {
                self.asset_entry(a).unknown += amount;
                continue;
            }
            if cats.intersects(self.spec.stop) {
                continue;
            }
            let next_hops = if tx_node { hops } else { hops + 1 };
            if !tx_node && hops >= self.spec.max_hops {
                *self.beyond.entry(a).or_default() += amount;
                continue;
            }
            let funding = self.funding_of(s, k);
            let v = self.g.value(k);
            let mut given = 0u128;
            for &(j, amt) in funding.iter() {
                let part = if amount == v {
                    amt
                } else {
                    mul_div_floor(amt, amount, v).unwrap_or(0)
                };
                given += part;
                match j {
                    Some(j) => queue.push_back((j, part, next_hops)),
                    None => self.asset_entry(a).unknown += part,
                }
            }
            // Rounding remainder of a partial split.
            if amount > given {
                self.asset_entry(a).unknown += amount - given;
            }
        }
    }

    /// The receipts that funded transfer `r` out of `node` under the model.
    fn funding_of(&mut self, node: NodeId, r: Rank) -> Funding {
        if let Some(f) = self.funding.get(&r) {
            return f.clone();
        }
        let g = self.g;
        let v = g.value(r);
        // UTXO addresses: an input is funded by the output it spends.
        if g.ledger() == crate::graph::Ledger::Utxo && !g.is_tx_node(node) {
            return match g.link(r) {
                Some(o) => vec![(Some(o), v)],
                None => vec![(None, v)],
            };
        }
        let a = g.asset(r);
        // Simulate the pool in asset `a` up to and including r, recording the funding of every
        // spend on the way (they are cached).
        let ins = g.incoming(node);
        let outs = g.outgoing(node);
        let (mut i, mut o) = (0usize, 0usize);
        let mut pool: VecDeque<(Rank, u128)> = VecDeque::new();
        let mut balance: u128 = 0;
        let lifo = self.spec.model == Model::Lifo;
        let haircut = self.spec.model == Model::Haircut;
        loop {
            let ni = ins.get(i).copied().filter(|&x| x < r);
            let no = outs.get(o).copied().filter(|&x| x <= r);
            let take_in = match (ni, no) {
                (Some(x), Some(y)) => x < y,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            self.work += 1;
            if take_in {
                let x = ni.unwrap_or_default();
                i += 1;
                if g.asset(x) != a {
                    continue;
                }
                let xv = g.value(x);
                balance = balance.saturating_add(xv);
                pool.push_back((x, xv));
            } else {
                let y = no.unwrap_or_default();
                o += 1;
                if g.asset(y) != a {
                    continue;
                }
                let yv = g.value(y);
                let mut f: Funding = Vec::new();
                if haircut {
                    let b = balance.max(yv);
                    let mut taken = 0u128;
                    for (src, amt) in pool.iter_mut() {
                        let part = mul_div_floor(*amt, yv, b).unwrap_or(0);
                        if part > 0 {
                            *amt -= part;
                            taken += part;
                            f.push((Some(*src), part));
                        }
                    }
                    pool.retain(|p| p.1 > 0);
                    if yv > taken {
                        // Shortfall and rounding: the rounding part stays in the pool, so it
                        // is attributed to unknown funds here and the pool keeps the rest.
                        f.push((None, yv - taken));
                    }
                    balance = b - yv;
                } else {
                    let mut need = yv;
                    while need > 0 {
                        let p = if lifo {
                            pool.back_mut()
                        } else {
                            pool.front_mut()
                        };
                        let Some(p) = p else { break };
                        let take = p.1.min(need);
                        f.push((Some(p.0), take));
                        p.1 -= take;
                        need -= take;
                        if p.1 == 0 {
                            if lifo {
                                pool.pop_back();
                            } else {
                                pool.pop_front();
                            }
                        }
                    }
                    if need > 0 {
                        f.push((None, need));
                    }
                    balance = balance.saturating_sub(yv);
                }
                self.funding.insert(y, f);
            }
        }
        self.funding
            .get(&r)
            .cloned()
            .unwrap_or_else(|| vec![(None, v)])
    }

    /// Poison: a receipt of the target is tainted in full if its sender is a source, or if an
    /// earlier receipt of the sender was tainted within the remaining hops.
    fn poison(&mut self, receipts: &[Rank]) {
        let max = self.spec.max_hops;
        for &k in receipts {
            let v = self.g.value(k);
            let a = self.g.asset(k);
            self.asset_entry(a).received += v;
            let s = self.g.src(k);
            let cats = self.labels.categories(s);
            self.note_origin(s, a, 1, v, cats.intersects(self.spec.sources));
            if cats.intersects(self.spec.sources) {
                self.asset_entry(a).direct += v;
            } else if max > 1
                && !cats.intersects(self.spec.stop)
                && self.earliest_tainted(s, max - 1) < k
            {
                self.asset_entry(a).indirect += v;
            }
            if self.truncated {
                break;
            }
        }
    }

    /// The earliest receipt of `node` that is tainted within `budget` more hops (u32::MAX if
    /// none).
    fn earliest_tainted(&mut self, node: NodeId, budget: u32) -> Rank {
        if let Some(&r) = self.poison_memo.get(&(node, budget)) {
            return r;
        }
        // Provisional entry: cycles see "not tainted" at this depth.
        self.poison_memo.insert((node, budget), u32::MAX);
        let mut best = u32::MAX;
        let ins = self.g.incoming(node);
        for &j in ins {
            if j >= best {
                break;
            }
            self.work += 1;
            if self.work as usize > self.spec.budget {
                self.truncated = true;
                break;
            }
            let s = self.g.src(j);
            let cats = self.labels.categories(s);
            if cats.intersects(self.spec.sources) {
                best = best.min(j);
                break;
            }
            if cats.intersects(self.spec.stop) {
                continue;
            }
            let tx_node = self.g.is_tx_node(s);
            let next = if tx_node { budget } else { budget - 1 };
            if next == 0 && !tx_node {
                continue;
            }
            if budget > 0 && self.earliest_tainted(s, next.max(1)) < j {
                best = best.min(j);
                break;
            }
        }
        self.poison_memo.insert((node, budget), best);
        best
    }
}
