//! Small graphs whose taint under each model was worked out by hand, and reconciliation on a
//! random graph.

use ce2_chain::backward::{backward, exposure, BackwardSpec};
use ce2_chain::btc::BtcReader;
use ce2_chain::graph::{GraphBuilder, Ledger, NodeId, Row, TransferGraph, FEES, NONE};
use ce2_chain::labels::{Category, CategorySet, LabelSet, NodeLabels};
use ce2_chain::output;
use ce2_chain::path::shortest_path;
use ce2_chain::synth;
use ce2_chain::trace::{trace, Model, Reason, Seed, Strategy, TraceReport, TraceSpec};

/// An account graph: each edge `(from, to, value, time, asset, sub)` in its own transaction
/// unless `tx` groups it (edges with the same tx id share a transaction; `sub` orders inside).
struct G {
    b: GraphBuilder,
    txs: Vec<u32>,
}

impl G {
    fn new() -> G {
        let mut b = GraphBuilder::new(Ledger::Account);
        b.asset("ETH", "ETH", Some(18), None);
        b.asset("USDC", "USDC", Some(6), Some("0xusdc"));
        G { b, txs: Vec::new() }
    }

    #[allow(clippy::too_many_arguments)]
    fn edge(
        &mut self,
        from: &str,
        to: &str,
        value: u128,
        time: u64,
        asset: &str,
        tx: usize,
        sub: u64,
    ) {
        while self.txs.len() <= tx {
            let n = self.txs.len();
            let mut h = [0u8; 32];
            h[..8].copy_from_slice(&(n as u64 + 1).to_be_bytes());
            self.txs.push(self.b.tx(h, Some(time as i64)));
        }
        let src = self.b.node(from);
        let dst = if to == "<fees>" {
            FEES
        } else {
            self.b.node(to)
        };
        let asset = self.b.asset_by_key(asset).unwrap();
        self.b.push(Row {
            key: (time, tx as u64, sub),
            tx: self.txs[tx],
            src,
            dst,
            asset,
            value,
            link: NONE,
        });
    }

    fn finish(self) -> TransferGraph {
        self.b.finish()
    }
}

fn node(g: &TransferGraph, name: &str) -> NodeId {
    g.node(name).unwrap_or_else(|| panic!("no node {name}"))
}

fn origin(r: &TraceReport, g: &TransferGraph, name: &str) -> u128 {
    r.node(node(g, name)).map_or(0, |n| n.origin)
}

fn held(r: &TraceReport, g: &TransferGraph, name: &str) -> u128 {
    r.node(node(g, name)).map_or(0, |n| n.held)
}

/// X→A 100 (the seed), C→A 300, A pays 4 gas, A→B 200, B→A 50 (a cycle), A→D everything.
fn split_merge_cycle() -> TransferGraph {
    let mut g = G::new();
    g.edge("x", "a", 100, 0, "ETH", 0, 0);
    g.edge("c", "a", 300, 1, "ETH", 1, 0);
    g.edge("a", "<fees>", 4, 3, "ETH", 2, 0);
    g.edge("a", "b", 200, 3, "ETH", 2, 1);
    g.edge("b", "a", 50, 4, "ETH", 3, 0);
    g.edge("a", "d", 246, 5, "ETH", 4, 0);
    g.finish()
}

/// Run a trace with events only and with a sweep only: both must give the same result.
fn run(g: &TransferGraph, labels: &NodeLabels, spec: TraceSpec) -> TraceReport {
    let mut events = spec.clone();
    events.strategy = Strategy::Events;
    let mut sweep = spec.clone();
    sweep.strategy = Strategy::Sweep;
    let a = trace(g, labels, &events).expect("trace runs");
    let b = trace(g, labels, &sweep).expect("trace runs");
    assert_eq!(
        a.totals, b.totals,
        "{:?}: events and sweep disagree",
        spec.model
    );
    assert_eq!(
        a.nodes, b.nodes,
        "{:?}: events and sweep disagree",
        spec.model
    );
    assert!(
        a.missing_inputs == b.missing_inputs,
        "{:?}: missing inputs differ",
        spec.model
    );
    let r = trace(g, labels, &spec).expect("trace runs");
    assert_eq!(
        a.totals, r.totals,
        "{:?}: events and auto disagree",
        spec.model
    );
    assert_eq!(
        a.nodes, r.nodes,
        "{:?}: events and auto disagree",
        spec.model
    );
    assert_eq!(
        a.flows, r.flows,
        "{:?}: events and auto disagree",
        spec.model
    );
    assert_eq!(a.unfollowed.len(), r.unfollowed.len(), "{:?}", spec.model);
    if spec.model.conserves() {
        let t = &r.totals;
        assert!(
            t.reconciles,
            "{:?}: held {} + stopped {} + fees {} + unfollowed {} != seed {}",
            spec.model,
            t.held,
            t.stopped,
            t.fees,
            t.unfollowed_total(),
            t.seed
        );
    }
    r
}

#[test]
fn account_split_merge_fee_cycle_under_each_model() {
    let g = split_merge_cycle();
    let none = NodeLabels::default();
    // (model, fees, held by b, reached d, held by a, received by b)
    let expected = [
        (Model::Haircut, 1, 38, 61, 0, 50),
        (Model::Fifo, 4, 46, 50, 0, 96),
        (Model::Lifo, 0, 0, 100, 0, 0),
    ];
    for (model, fees, b_held, d, a_held, b_recv) in expected {
        let r = run(&g, &none, TraceSpec::new(model, vec![Seed::Transfer(0)]));
        assert_eq!(r.totals.seed, 100, "{model:?}");
        assert_eq!(r.totals.fees, fees, "{model:?} fees");
        assert_eq!(held(&r, &g, "b"), b_held, "{model:?} b held");
        assert_eq!(origin(&r, &g, "b"), b_recv, "{model:?} b received");
        assert_eq!(origin(&r, &g, "d"), d, "{model:?} d");
        assert_eq!(held(&r, &g, "a"), a_held, "{model:?} a held");
        assert_eq!(r.totals.held, 100 - fees, "{model:?} held");
    }
    // Poison: every later spend of a poisoned pool counts in full.
    let r = run(
        &g,
        &none,
        TraceSpec::new(Model::Poison, vec![Seed::Transfer(0)]),
    );
    assert_eq!(r.totals.fees, 4);
    assert_eq!(origin(&r, &g, "b"), 200);
    assert_eq!(origin(&r, &g, "d"), 246);
    // A received the seed and 50 back from b.
    assert_eq!(origin(&r, &g, "a"), 150);
    // Hops and predecessor edges.
    let r = run(
        &g,
        &none,
        TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)]),
    );
    let a = r.node(node(&g, "a")).unwrap();
    assert_eq!((a.hops, a.pred), (0, Some(0)));
    let d = node(&g, "d");
    assert_eq!(r.node(d).unwrap().hops, 1);
    let path = r.path_to(&g, d);
    assert_eq!(
        path.iter()
            .map(|&p| (g.name(g.src(p)).into_owned(), g.name(g.dst(p)).into_owned()))
            .collect::<Vec<_>>(),
        [
            ("x".to_string(), "a".to_string()),
            ("a".to_string(), "d".to_string())
        ]
    );
}

#[test]
fn stops_depth_min_value_and_window() {
    let g = split_merge_cycle();
    // d is an exchange: what reaches it stops there.
    let mut labels = NodeLabels::default();
    labels.set(node(&g, "d"), CategorySet::of(&[Category::Exchange]));
    let r = run(
        &g,
        &labels,
        TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)]),
    );
    assert_eq!(
        (r.totals.stopped, r.totals.held, r.totals.fees),
        (61, 38, 1)
    );
    assert_eq!(
        r.node(node(&g, "d")).unwrap().endpoint,
        Some(ce2_chain::trace::Endpoint::Stopped)
    );

    // No hops: everything leaving a (but the fee) is not followed. a keeps 49 of its 99 after
    // sending b 50, receives 50 clean back and sends all 246 to d: floor(49 × 246 / 246).
    let mut spec = TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)]);
    spec.max_hops = 0;
    let r = run(&g, &NodeLabels::default(), spec);
    assert_eq!(
        r.totals.unfollowed.get(&Reason::Depth).map(|v| v.0),
        Some(99)
    );
    assert_eq!(r.totals.fees, 1);

    // A minimum of 55: neither the 50 to b nor, later, the 49 to d is followed.
    let mut spec = TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)]);
    spec.min_value = 55;
    let r = run(&g, &NodeLabels::default(), spec);
    assert_eq!(
        r.totals.unfollowed.get(&Reason::MinValue).map(|v| v.0),
        Some(99)
    );
    assert_eq!(origin(&r, &g, "d"), 0);
    // A minimum of 50: the 50 to b is followed, b's 12 back to a is not.
    let mut spec = TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)]);
    spec.min_value = 50;
    let r = run(&g, &NodeLabels::default(), spec);
    assert_eq!(
        r.totals.unfollowed.get(&Reason::MinValue).map(|v| v.0),
        Some(12 + 49)
    );
    assert_eq!(held(&r, &g, "b"), 38);

    // A window that ends before b sends back: a and b still hold taint and spend later.
    let mut spec = TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)]);
    spec.end = Some(4);
    let r = run(&g, &NodeLabels::default(), spec);
    assert_eq!(
        r.totals.unfollowed.get(&Reason::TimeWindow).map(|v| v.0),
        Some(99)
    );
    assert_eq!(r.totals.held, 0);
}

#[test]
fn address_seed_and_missing_inputs() {
    // a sends 150 having been seen to receive 100: 50 of unknown origin.
    let mut g = G::new();
    g.edge("x", "a", 100, 0, "ETH", 0, 0);
    g.edge("a", "b", 150, 1, "ETH", 1, 0);
    g.edge("b", "c", 30, 2, "ETH", 2, 0);
    let g = g.finish();
    for model in [Model::Haircut, Model::Fifo, Model::Lifo] {
        let r = run(
            &g,
            &NodeLabels::default(),
            TraceSpec::new(model, vec![Seed::Transfer(0)]),
        );
        assert_eq!(origin(&r, &g, "b"), 100, "{model:?}");
        assert_eq!(r.missing_inputs.len(), 1, "{model:?}");
        assert_eq!(r.missing_inputs[0].amount, 50);
        // b: 100 tainted + 50 unknown; sends 30.
        let c = origin(&r, &g, "c");
        match model {
            Model::Haircut => assert_eq!(c, 20),
            Model::Fifo | Model::Lifo => assert_eq!(c, if model == Model::Fifo { 30 } else { 0 }),
            Model::Poison => {}
        }
    }
    // An address seed: everything a sends from the window's start is seed.
    let mut spec = TraceSpec::new(Model::Haircut, vec![Seed::Address(node(&g, "a"))]);
    spec.asset = Some(0);
    let r = run(&g, &NodeLabels::default(), spec);
    assert_eq!(r.totals.seed, 150);
    assert_eq!(origin(&r, &g, "c"), 30);
    assert_eq!(held(&r, &g, "b"), 120);
}

/// u sends the seed's 1000 ETH to a swap in one transaction and gets 2,000,000 USDC back; then
/// sends 500,000 USDC to v. `output_first` puts the swap's output before its input inside the
/// transaction (as Uniswap v3 does).
fn swap_graph(output_first: bool) -> TransferGraph {
    let mut g = G::new();
    g.edge("x", "u", 1000, 0, "ETH", 0, 0);
    let (sub_in, sub_out) = if output_first { (1, 0) } else { (0, 1) };
    g.edge("u", "swap", 1000, 1, "ETH", 1, sub_in);
    g.edge("swap", "u", 2_000_000, 1, "USDC", 1, sub_out);
    g.edge("u", "v", 500_000, 2, "USDC", 2, 0);
    g.finish()
}

#[test]
fn swaps_convert_value_into_the_other_asset() {
    for output_first in [false, true] {
        let g = swap_graph(output_first);
        let mut labels = NodeLabels::default();
        labels.set(node(&g, "swap"), CategorySet::of(&[Category::Swap]));
        for model in [Model::Haircut, Model::Fifo, Model::Lifo] {
            let r = run(&g, &labels, TraceSpec::new(model, vec![Seed::Transfer(0)]));
            let v = r.node(node(&g, "v")).unwrap();
            assert_eq!(v.received[0].asset, 1, "{model:?} {output_first}");
            assert_eq!(v.received[0].amount, 500_000, "{model:?} {output_first}");
            // A quarter of the USDC: a quarter of the seed.
            assert_eq!(v.origin, 250, "{model:?} {output_first}");
            assert_eq!(held(&r, &g, "u"), 750, "{model:?} {output_first}");
            assert_eq!(
                r.node(node(&g, "swap")).unwrap().endpoint,
                Some(ce2_chain::trace::Endpoint::Swap)
            );
        }
    }
}

/// Coinbase a 50 (tx1) and a 20 (tx1b); tx2 spends a's 50 to b 30, c 15, fee 5; tx3 spends b's
/// 30 and an input of d (10, its output not in the data) to e 25, f 12, fee 3; tx4 spends a's
/// other output (20) to g.
fn utxo_json() -> String {
    let tx = |hash: &str, block: u64, index: u64, coinbase: bool, inputs: &str, outputs: &str| {
        format!(
            r#"{{"hash": "{hash}", "block_number": {block}, "block_timestamp": {}, "index": {index}, "is_coinbase": {coinbase}, "inputs": [{inputs}], "outputs": [{outputs}]}}"#,
            1_000 + block
        )
    };
    let out = |i: u64, a: &str, v: u64| {
        format!(r#"{{"index": {i}, "type": "pubkeyhash", "addresses": ["{a}"], "value": {v}}}"#)
    };
    let inp = |i: u64, h: &str, o: u64, a: &str, v: u64| {
        format!(
            r#"{{"index": {i}, "spent_transaction_hash": "{h}", "spent_output_index": {o}, "addresses": ["{a}"], "value": {v}}}"#
        )
    };
    let h = |c: char| c.to_string().repeat(64);
    [
        tx(&h('1'), 1, 0, true, "", &out(0, "a", 50)),
        tx(&h('2'), 1, 1, true, "", &out(0, "a", 20)),
        tx(
            &h('3'),
            2,
            0,
            false,
            &inp(0, &h('1'), 0, "a", 50),
            &format!("{},{}", out(0, "b", 30), out(1, "c", 15)),
        ),
        tx(
            &h('4'),
            3,
            0,
            false,
            &format!(
                "{},{}",
                inp(0, &h('3'), 0, "b", 30),
                inp(1, &h('9'), 0, "d", 10)
            ),
            &format!("{},{}", out(0, "e", 25), out(1, "f", 12)),
        ),
        tx(
            &h('5'),
            4,
            0,
            false,
            &inp(0, &h('2'), 0, "a", 20),
            &out(0, "g", 20),
        ),
    ]
    .join("\n")
}

#[test]
fn utxo_per_output_under_each_model() {
    let mut rd = BtcReader::new("BTC");
    rd.add("utxo.json", utxo_json().as_bytes());
    let (g, problems) = rd.finish();
    assert!(problems.is_empty(), "{problems:?}");
    let seed = Seed::Tx(g.tx_by_hash(&"1".repeat(64)).unwrap());
    // (model, e, f, fees)
    let expected = [
        (Model::Haircut, 18, 9, 8),
        (Model::Fifo, 25, 5, 5),
        (Model::Lifo, 15, 12, 8),
        (Model::Poison, 25, 12, 8),
    ];
    for (model, e, f, fees) in expected {
        let r = run(
            &g,
            &NodeLabels::default(),
            TraceSpec::new(model, vec![seed]),
        );
        assert_eq!(r.totals.seed, 50, "{model:?}");
        assert_eq!(origin(&r, &g, "e"), e, "{model:?} e");
        assert_eq!(origin(&r, &g, "f"), f, "{model:?} f");
        assert_eq!(origin(&r, &g, "c"), 15, "{model:?} c");
        assert_eq!(r.totals.fees, fees, "{model:?} fees");
        // a's other output is clean: per output, not pooled.
        assert_eq!(origin(&r, &g, "g"), 0, "{model:?} g");
        let e_node = r.node(node(&g, "e")).unwrap();
        assert_eq!(e_node.hops, 2, "{model:?}");
    }
}

#[test]
fn utxo_exposure_follows_spent_outputs() {
    let mut rd = BtcReader::new("BTC");
    rd.add("utxo.json", utxo_json().as_bytes());
    let (g, _) = rd.finish();
    let mut labels = NodeLabels::default();
    labels.set(node(&g, "a"), CategorySet::of(&[Category::Sanctioned]));
    // e received 25 from tx4, whose inputs were b's 30 (from a, through tx3) and d's 10
    // (unknown origin): haircut gives floor(30 × 25 / 40) = 18 from a, two hops back, and 6
    // from d, 1 unit of rounding.
    let r = exposure(
        &g,
        &labels,
        node(&g, "e"),
        &BackwardSpec::new(Model::Haircut),
    );
    let e = r.asset(0).unwrap();
    assert_eq!((e.received, e.direct, e.indirect), (25, 0, 18));
    // g received a's other output (20) in a transaction a paid: directly (transaction nodes
    // are not hops).
    let r = exposure(&g, &labels, node(&g, "g"), &BackwardSpec::new(Model::Fifo));
    let e = r.asset(0).unwrap();
    assert_eq!((e.received, e.direct, e.indirect), (20, 20, 0));
    let a = r.origins.iter().find(|o| o.node == node(&g, "a")).unwrap();
    assert_eq!((a.hops, a.source), (1, true));
}

#[test]
fn exposure_under_each_model() {
    // s (sanctioned) → m 60; c → m 40; m → t 50; s → t 10.
    let mut g = G::new();
    g.edge("s", "m", 60, 1, "ETH", 0, 0);
    g.edge("c", "m", 40, 2, "ETH", 1, 0);
    g.edge("m", "t", 50, 3, "ETH", 2, 0);
    g.edge("s", "t", 10, 4, "ETH", 3, 0);
    let g = g.finish();
    let mut set = LabelSet::new();
    set.extend([ce2_chain::labels::Label {
        address: "s".into(),
        chain: None,
        category: Category::Sanctioned,
        name: "S".into(),
        source: "test".into(),
        detail: None,
        date: None,
        line: None,
    }]);
    let labels = set.for_graph(&g);
    let t = node(&g, "t");
    for (model, indirect) in [
        (Model::Haircut, 30),
        (Model::Fifo, 50),
        (Model::Lifo, 10),
        (Model::Poison, 50),
    ] {
        let r = exposure(&g, &labels, t, &BackwardSpec::new(model));
        let e = r.asset(0).unwrap();
        assert_eq!(
            (e.received, e.direct, e.indirect),
            (60, 10, indirect),
            "{model:?}"
        );
    }
    let mut spec = BackwardSpec::new(Model::Haircut);
    spec.max_hops = 1;
    let r = exposure(&g, &labels, t, &spec);
    let e = r.asset(0).unwrap();
    assert_eq!((e.direct, e.indirect), (10, 0));
    assert_eq!(r.beyond_hops.get(&0).map(|v| v.0), Some(50));
    assert_eq!(e.share(4), "0.1666");
    // A backward trace reports the origins with hops.
    let r = backward(&g, &labels, t, &BackwardSpec::new(Model::Fifo));
    let m = r.origins.iter().find(|o| o.node == node(&g, "m")).unwrap();
    assert_eq!((m.hops, m.amount), (1, 50));
    let csv = output::backward_csv(&g, &set, &labels, &r);
    assert!(csv.contains("s,ETH,60,"), "{csv}");
}

#[test]
fn paths_and_outputs() {
    let g = split_merge_cycle();
    let (x, d) = (node(&g, "x"), node(&g, "d"));
    let p = shortest_path(&g, x, d, 5, true, 1000).unwrap();
    assert_eq!(p.len(), 2);
    assert!(shortest_path(&g, d, x, 5, false, 1000).is_none());
    let labels = LabelSet::new();
    let index = labels.for_graph(&g);
    let r = run(
        &g,
        &index,
        TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)]),
    );
    let csv = output::flows_csv(&g, &labels, &index, &r);
    assert!(csv.starts_with("address,asset,amount,amount_decimal,share,hops,labels"));
    assert!(
        csv.contains("\nd,ETH,61,0.000000000000000061,0.610000000000,1,"),
        "{csv}"
    );
    let json = output::trace_json(&g, &labels, &index, &r);
    assert_eq!(json["totals"]["seed"], "100");
    assert_eq!(json["totals"]["reconciles"], true);
    let graphml = output::trace_graphml(&g, &labels, &index, &r);
    assert!(graphml.contains("<graphml") && graphml.contains("edgedefault=\"directed\""));
    assert_eq!(graphml.matches("<edge ").count(), r.flows.len());
}

#[test]
fn random_graphs_reconcile_under_every_limit() {
    let g = synth::random_graph(200_000, 20_000, 7);
    let none = NodeLabels::default();
    for model in [Model::Haircut, Model::Fifo, Model::Lifo] {
        for (hops, min, end) in [
            (64, 0, None),
            (3, 0, None),
            (64, 1_000_000, None),
            (64, 0, Some(6_000)),
        ] {
            let mut spec = TraceSpec::new(model, vec![Seed::Address(2), Seed::Address(3)]);
            spec.asset = Some(0);
            spec.max_hops = hops;
            spec.min_value = min;
            spec.end = end;
            spec.record_flows = false;
            let r = run(&g, &none, spec);
            assert!(r.totals.seed > 0);
            assert!(r.nodes.len() > 2, "{model:?} reached {}", r.nodes.len());
        }
    }
    // Transfer seeds.
    for model in Model::ALL {
        let spec = TraceSpec::new(model, vec![Seed::Transfer(10), Seed::Transfer(5000)]);
        run(&g, &none, spec);
    }
}

/// A random account graph with what the plain random graph lacks: two assets, gas to the fee
/// pseudo-node, self-transfers, large values, an exchange (where tracing stops) and unlabelled
/// contracts, in transactions of one to three transfers.
fn varied_graph(seed: u64) -> (TransferGraph, NodeLabels) {
    let mut rng = synth::Rng::new(seed);
    let mut b = GraphBuilder::new(Ledger::Account);
    let eth = b.asset("ETH", "ETH", Some(18), None);
    let usdc = b.asset("USDC", "USDC", Some(6), Some("0xusdc"));
    let names: Vec<String> = (0..60).map(|i| format!("a{i}")).collect();
    let ids: Vec<NodeId> = names.iter().map(|n| b.node(n)).collect();
    for &c in &ids[50..55] {
        b.flag(c, ce2_chain::graph::NodeFlags::CONTRACT);
    }
    for t in 0..1500u64 {
        let mut h = [0u8; 32];
        h[..8].copy_from_slice(&(t + 1).to_be_bytes());
        let tx = b.tx(h, Some(t as i64 * 12));
        let from = ids[rng.below(ids.len() as u64) as usize];
        for sub in 0..1 + rng.below(3) {
            let to = match rng.below(20) {
                0 => from,
                _ => ids[rng.below(ids.len() as u64) as usize],
            };
            let asset = if rng.below(5) == 0 { usdc } else { eth };
            let value = match rng.below(10) {
                0 => 0,
                1 => u128::from(rng.next_u64()) << 40,
                _ => 1 + u128::from(rng.below(10_000)),
            };
            b.push(Row {
                key: (t, 0, sub),
                tx,
                src: from,
                dst: to,
                asset,
                value,
                link: NONE,
            });
        }
        b.push(Row {
            key: (t, 0, 99),
            tx,
            src: from,
            dst: FEES,
            asset: eth,
            value: 1 + u128::from(rng.below(20)),
            link: NONE,
        });
    }
    let g = b.finish();
    let mut labels = NodeLabels::default();
    labels.set(ids[55], CategorySet::of(&[Category::Exchange]));
    labels.set(ids[56], CategorySet::of(&[Category::Mixer]));
    (g, labels)
}

#[test]
fn sweeps_agree_with_events_on_varied_graphs() {
    for seed in 1..=6u64 {
        let (g, labels) = varied_graph(seed);
        let n = g.transfer_count();
        for model in Model::ALL {
            let seed_sets = [
                vec![Seed::Address(g.node("a1").unwrap())],
                vec![
                    Seed::Address(g.node("a2").unwrap()),
                    Seed::Address(g.node("a3").unwrap()),
                    Seed::Transfer(n / 3),
                ],
                vec![Seed::Transfer(5), Seed::Tx(40), Seed::Transfer(n / 2)],
            ];
            for seeds in seed_sets {
                for (hops, min, start, end) in [
                    (64, 0, None, None),
                    (2, 0, None, None),
                    (64, 500, None, None),
                    (64, 0, Some(3_000), Some(12_000)),
                ] {
                    let mut spec = TraceSpec::new(model, seeds.clone());
                    spec.asset = Some(0);
                    spec.max_hops = hops;
                    spec.min_value = min;
                    spec.start = start;
                    spec.end = end;
                    let r = run(&g, &labels, spec.clone());
                    // The sweep also keeps every tainted transfer, in the same order.
                    let mut sweep = spec.clone();
                    sweep.strategy = Strategy::Sweep;
                    let mut events = spec;
                    events.strategy = Strategy::Events;
                    let a = trace(&g, &labels, &events).unwrap();
                    let b = trace(&g, &labels, &sweep).unwrap();
                    assert_eq!(a.flows, b.flows, "{model:?} seed {seed}: flows differ");
                    assert_eq!(
                        a.totals.unfollowed, b.totals.unfollowed,
                        "{model:?} seed {seed}"
                    );
                    assert!(
                        r.totals.seed > 0 || seeds.iter().all(|s| matches!(s, Seed::Address(_)))
                    );
                }
            }
        }
    }
}

/// A seed transfer from an address to itself: its sending side is a clean debit at that
/// rank, never a spend of the taint it brings. x receives 100 clean, sends itself 60 (the
/// seed), then 80 to y: under haircut x holds 60 of taint in 100, y gets 48, x keeps 12.
#[test]
fn a_seed_sent_to_itself_is_not_spent_again() {
    let mut g = G::new();
    g.edge("w", "x", 100, 0, "ETH", 0, 0);
    g.edge("x", "x", 60, 1, "ETH", 1, 0);
    g.edge("x", "y", 80, 2, "ETH", 2, 0);
    let g = g.finish();
    let r = run(
        &g,
        &NodeLabels::default(),
        TraceSpec::new(Model::Haircut, vec![Seed::Transfer(1)]),
    );
    assert_eq!((origin(&r, &g, "y"), held(&r, &g, "x")), (48, 12));
    // FIFO: the 60 arrive after the 40 left of the first 100; the 80 take those 40 clean
    // and 40 of the seed.
    let r = run(
        &g,
        &NodeLabels::default(),
        TraceSpec::new(Model::Fifo, vec![Seed::Transfer(1)]),
    );
    assert_eq!((origin(&r, &g, "y"), held(&r, &g, "x")), (40, 20));
}
