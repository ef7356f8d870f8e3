//! Trace results as CSV, JSON and GraphML (for Gephi).
//!
//! Amounts are written as exact integers of base units, with a decimal form beside them when
//! the asset's decimals are known; shares are truncated decimals of the seed.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::amount::{format_ratio, format_units};
use crate::backward::BackwardReport;
use crate::graph::{NodeId, TransferGraph};
use crate::labels::{LabelSet, NodeLabels};
use crate::trace::TraceReport;

fn labels_of(labels: &LabelSet, index: &NodeLabels, node: NodeId) -> String {
    index
        .ids(node)
        .iter()
        .filter_map(|&i| labels.by_id(i))
        .map(|l| l.short())
        .collect::<Vec<_>>()
        .join("; ")
}

fn decimal(graph: &TransferGraph, asset: u16, amount: u128) -> String {
    match graph.assets().get(asset as usize).and_then(|a| a.decimals) {
        Some(d) => format_units(amount, d),
        None => String::new(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The flows of a trace as CSV:
/// `address,asset,amount,amount_decimal,share,hops,labels,held_share,endpoint,pred_tx`, one row
/// per node and asset received, in node order.
pub fn flows_csv(
    graph: &TransferGraph,
    labels: &LabelSet,
    index: &NodeLabels,
    report: &TraceReport,
) -> String {
    let mut out = String::from(
        "address,asset,amount,amount_decimal,share,hops,labels,held_share,endpoint,pred_tx\n",
    );
    let seed = report.totals.seed;
    for n in report.nodes.iter() {
        let address = graph.name(n.node);
        let lab = labels_of(labels, index, n.node);
        let endpoint = n
            .endpoint
            .map(|e| format!("{e:?}").to_ascii_lowercase())
            .unwrap_or_default();
        let pred = n
            .pred
            .and_then(|r| graph.tx_hash(graph.tx_of(r)))
            .unwrap_or_default();
        let rows: Vec<(u16, u128)> = if n.received.is_empty() {
            vec![(report.asset, 0)]
        } else {
            n.received.iter().map(|a| (a.asset, a.amount)).collect()
        };
        for (asset, amount) in rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{}",
                csv_field(&address),
                csv_field(graph.asset_symbol(asset)),
                amount,
                decimal(graph, asset, amount),
                format_ratio(n.origin, seed, 12),
                n.hops,
                csv_field(&lab),
                format_ratio(n.held, seed, 12),
                endpoint,
                pred
            );
        }
    }
    out
}

/// A trace as JSON: the report with addresses, asset symbols, label texts and transaction
/// hashes filled in.
pub fn trace_json(
    graph: &TransferGraph,
    labels: &LabelSet,
    index: &NodeLabels,
    report: &TraceReport,
) -> serde_json::Value {
    use serde_json::json;
    let seed = report.totals.seed;
    let nodes: Vec<serde_json::Value> = report
        .nodes
        .iter()
        .map(|n| {
            json!({
                "address": graph.name(n.node),
                "hops": n.hops,
                "received": n.received.iter().map(|a| json!({
                    "asset": graph.asset_symbol(a.asset),
                    "amount": a.amount.to_string(),
                    "amount_decimal": decimal(graph, a.asset, a.amount),
                })).collect::<Vec<_>>(),
                "origin": n.origin.to_string(),
                "share": format_ratio(n.origin, seed, 12),
                "held": n.held.to_string(),
                "endpoint": n.endpoint,
                "categories": n.categories,
                "labels": index.ids(n.node).iter().filter_map(|&i| labels.by_id(i)).collect::<Vec<_>>(),
                "pred": n.pred.map(|r| edge_json(graph, r)),
            })
        })
        .collect();
    json!({
        "model": report.model,
        "asset": graph.asset_symbol(report.asset),
        "totals": report.totals,
        "nodes": nodes,
        "flows": report.flows.iter().map(|f| {
            let mut e = edge_json(graph, f.rank);
            e["tainted"] = json!(f.amount.to_string());
            e["origin"] = json!(f.origin.to_string());
            e
        }).collect::<Vec<_>>(),
        "unfollowed": report.unfollowed.iter().map(|u| json!({
            "reason": u.reason,
            "address": graph.name(u.node),
            "transfer": u.rank.map(|r| edge_json(graph, r)),
            "amount": u.amount.to_string(),
            "asset": graph.asset_symbol(u.asset),
            "origin": u.origin.to_string(),
        })).collect::<Vec<_>>(),
        "missing_inputs": report.missing_inputs.iter().map(|m| json!({
            "address": graph.name(m.node),
            "asset": graph.asset_symbol(m.asset),
            "amount": m.amount.to_string(),
        })).collect::<Vec<_>>(),
        "stats": report.stats,
    })
}

fn edge_json(graph: &TransferGraph, r: u32) -> serde_json::Value {
    serde_json::json!({
        "rank": r,
        "from": graph.name(graph.src(r)),
        "to": graph.name(graph.dst(r)),
        "asset": graph.asset_symbol(graph.asset(r)),
        "value": graph.value(r).to_string(),
        "time": graph.time(r),
        "tx": graph.tx_hash(graph.tx_of(r)),
    })
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A trace as GraphML: the nodes that received taint (with address, hops, share, labels,
/// endpoint) and the tainted transfers (with asset, tainted amount, value, time, transaction).
/// Needs a trace run with `record_flows`.
pub fn trace_graphml(
    graph: &TransferGraph,
    labels: &LabelSet,
    index: &NodeLabels,
    report: &TraceReport,
) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n");
    for (id, target, name, ty) in [
        ("address", "node", "address", "string"),
        ("hops", "node", "hops", "int"),
        ("share", "node", "share", "double"),
        ("origin", "node", "origin", "string"),
        ("labels", "node", "labels", "string"),
        ("endpoint", "node", "endpoint", "string"),
        ("asset", "edge", "asset", "string"),
        ("tainted", "edge", "tainted", "string"),
        ("value", "edge", "value", "string"),
        ("time", "edge", "time", "long"),
        ("tx", "edge", "tx", "string"),
    ] {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"trace\" edgedefault=\"directed\">\n");
    let seed = report.totals.seed;
    let mut written = BTreeSet::new();
    for n in report.nodes.iter() {
        written.insert(n.node);
        let _ = writeln!(
            out,
            "    <node id=\"n{}\"><data key=\"address\">{}</data><data key=\"hops\">{}</data><data key=\"share\">{}</data><data key=\"origin\">{}</data><data key=\"labels\">{}</data><data key=\"endpoint\">{}</data></node>",
            n.node,
            xml(&graph.name(n.node)),
            n.hops,
            format_ratio(n.origin, seed, 12),
            n.origin,
            xml(&labels_of(labels, index, n.node)),
            n.endpoint.map(|e| format!("{e:?}").to_ascii_lowercase()).unwrap_or_default()
        );
    }
    for f in &report.flows {
        for node in [graph.src(f.rank), graph.dst(f.rank)] {
            if written.insert(node) {
                let _ = writeln!(
                    out,
                    "    <node id=\"n{node}\"><data key=\"address\">{}</data></node>",
                    xml(&graph.name(node))
                );
            }
        }
    }
    for f in &report.flows {
        let r = f.rank;
        let _ = writeln!(
            out,
            "    <edge id=\"e{r}\" source=\"n{}\" target=\"n{}\"><data key=\"asset\">{}</data><data key=\"tainted\">{}</data><data key=\"value\">{}</data><data key=\"time\">{}</data><data key=\"tx\">{}</data></edge>",
            graph.src(r),
            graph.dst(r),
            xml(graph.asset_symbol(graph.asset(r))),
            f.amount,
            graph.value(r),
            graph.time(r),
            graph.tx_hash(graph.tx_of(r)).unwrap_or_default()
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// A backward trace or exposure as CSV: `address,asset,amount,hops,source,labels`.
pub fn backward_csv(
    graph: &TransferGraph,
    labels: &LabelSet,
    index: &NodeLabels,
    report: &BackwardReport,
) -> String {
    let mut out = String::from("address,asset,amount,amount_decimal,hops,source,labels\n");
    for o in &report.origins {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            csv_field(&graph.name(o.node)),
            csv_field(graph.asset_symbol(o.asset)),
            o.amount,
            decimal(graph, o.asset, o.amount),
            o.hops,
            o.source,
            csv_field(&labels_of(labels, index, o.node))
        );
    }
    out
}
