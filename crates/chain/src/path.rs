//! Paths between two addresses.

use std::collections::VecDeque;

use crate::fast::IntMap;
use crate::graph::{NodeId, Rank, TransferGraph, FEES};

/// The fewest-hop path of transfers from `from` to `to`, at most `max_hops` long. With
/// `in_time_order`, each transfer on the path comes after the previous one (value could have
/// moved along it); otherwise any transfer counts. `None` when there is no such path.
/// Transaction nodes of UTXO graphs do not count as hops. `budget` bounds the nodes visited.
///
/// In time order the search keeps, for each address, the first way it was reached (breadth
/// first), not the earliest arrival: it can miss a path that needs an earlier arrival at an
/// address already reached later. A path it returns is always valid.
pub fn shortest_path(
    graph: &TransferGraph,
    from: NodeId,
    to: NodeId,
    max_hops: u32,
    in_time_order: bool,
    budget: usize,
) -> Option<Vec<Rank>> {
    if from == to {
        return Some(Vec::new());
    }
    // For each reached node: (hops, the transfer that reached it, the earliest arrival rank).
    let mut seen: IntMap<NodeId, (u32, Rank, Rank)> = IntMap::default();
    seen.insert(from, (0, u32::MAX, 0));
    let mut queue = VecDeque::from([from]);
    while let Some(u) = queue.pop_front() {
        if seen.len() > budget {
            return None;
        }
        let (h, _, arrival) = seen[&u];
        let outs = graph.outgoing(u);
        let first = if in_time_order && u != from {
            outs.partition_point(|&r| r <= arrival)
        } else {
            0
        };
        for &r in &outs[first..] {
            let v = graph.dst(r);
            if v == FEES {
                continue;
            }
            let hv = if graph.is_tx_node(v) { h } else { h + 1 };
            if hv > max_hops {
                continue;
            }
            if seen.contains_key(&v) {
                continue;
            }
            seen.insert(v, (hv, r, r));
            if v == to {
                let mut path = vec![r];
                let mut cur = u;
                while cur != from {
                    let (_, pr, _) = seen[&cur];
                    path.push(pr);
                    cur = graph.src(pr);
                }
                path.reverse();
                return Some(path);
            }
            if graph.is_tx_node(v) {
                queue.push_front(v);
            } else {
                queue.push_back(v);
            }
        }
    }
    None
}
