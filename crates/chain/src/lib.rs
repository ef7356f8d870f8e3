//! Crypto tracing for sanctions enforcement: where did funds go, where did they come from, and
//! how exposed is an address to sanctioned or stolen funds.
//!
//! * [`eth`] and [`btc`] read ethereum-etl and bitcoin-etl exports (bytes in; a
//!   [`graph::TransferGraph`] and [`ce2_model::problem::Problem`]s out), [`edges`] plain edge
//!   lists; [`tokens`] knows the decimals of the major tokens.
//! * [`address`] validates and normalises addresses (EIP-55, Base58Check, bech32/bech32m, TRON).
//! * [`labels`] reads labels as claims with a source (OFAC, the FBI's Bybit list, GraphSense
//!   TagPacks, labelled CSVs, the user's own CSV); their categories decide where tracing stops.
//! * [`trace`] follows seed funds forward under poison, haircut, FIFO or LIFO; [`backward`]
//!   attributes an address's receipts to their origins and computes [`backward::exposure`];
//!   [`path`] finds the shortest path between two addresses.
//! * [`output`] writes flows as CSV, JSON and GraphML.
//!
//! The crate does no network IO and no file IO: callers read files and hand over bytes.
//!
//! ```
//! use ce2_chain::graph::{GraphBuilder, Ledger, Row, NONE};
//! use ce2_chain::labels::NodeLabels;
//! use ce2_chain::trace::{trace, Model, Seed, TraceSpec};
//!
//! // A thief receives 10 and sends 4 on to b: under haircut, b got 4 of the 10.
//! let mut g = GraphBuilder::new(Ledger::Account);
//! let eth = g.asset("ETH", "ETH", Some(18), None);
//! let (victim, thief, b) = (g.node("victim"), g.node("thief"), g.node("b"));
//! for (i, (src, dst, value)) in [(victim, thief, 10u128), (thief, b, 4)].into_iter().enumerate() {
//!     let tx = g.tx([i as u8 + 1; 32], Some(i as i64));
//!     g.push(Row { key: (i as u64, 0, 0), tx, src, dst, asset: eth, value, link: NONE });
//! }
//! let g = g.finish();
//! let report = trace(&g, &NodeLabels::default(), &TraceSpec::new(Model::Haircut, vec![Seed::Transfer(0)])).unwrap();
//! assert_eq!(report.node(b).unwrap().origin, 4);
//! assert_eq!(report.node(thief).unwrap().held, 6);
//! assert!(report.totals.reconciles);
//! ```
//!
//! # Scale
//!
//! The graph is held in memory: a 20-byte record per transfer, plus 4 + 4 bytes of adjacency
//! once a query needs it, and 9 bytes per node (see [`graph`]); ids are `u32`, so one graph
//! holds up to 4.29 billion transfers. [`graph::TransferGraph::to_bytes`] stores it for later
//! traces.
//!
//! A trace from a few seeds follows the timelines of the addresses the funds reach (events,
//! with the adjacency); a trace from many seeds, or one whose frontier grows large, sweeps the
//! transfers in chain order instead ([`trace::Strategy`]); on account graphs without swaps the
//! sweep keeps one 64-byte cell per node in a table backed by huge pages, prefetches the cells a
//! few transfers ahead (and FIFO/LIFO queues in a second stage), and needs no adjacency.
//! Figures from `CE2_BENCH_RUNS=5 CE2_BENCH_TRANSFERS=100000000 cargo bench -p ce2-chain --bench
//! trace` (random graph, 100 million transfers over 10 million addresses, one core of the
//! project's 2-core virtual machine; medians of five runs):
//!
//! * graph: 2.00 GB = 20.05 bytes per transfer (build 1.2 s); with the adjacency (built in
//!   about 10 s on the first local query) 28.85 bytes per transfer;
//! * local traces (one seed address; thousands of addresses reached): about 10 ms;
//! * whole-graph sweeps (1% of the addresses as seeds, 3.7–9.96 million addresses reached):
//!   poison 29.9 million transfers per second, haircut 24.7 million, FIFO 22.5 million, LIFO
//!   22.3 million; peak memory 26.5–29.4 bytes per transfer, the report included (it reads the
//!   cells). The sweep waits on memory: two random cache lines per transfer, sender and
//!   receiver, are most of its time;
//! * exposure of one address on 10 million transfers, 3 hops back: 0.05–0.18 ms on average and
//!   at most 0.4 ms over 1,000 addresses, for every model; 6 hops: 1.1 ms on average for
//!   haircut (at most 4.3 ms), 32 ms for poison (at most 86 ms).
//!
//! Investigations are local (10^3–10^6 transfers), and these rates make them interactive. A
//! whole chain does not fit one machine this way: Ethereum's address graph had about 0.4
//! billion edges in 2021 (about 12 GB here), Bitcoin's 5.8 billion address-graph edges (more
//! as transfers, with transaction nodes) would need some 170 GB.
//!
//! What is built is the single-machine engine. For a whole chain, the plan (not built) is to
//! keep the transfers as Parquet files partitioned by block range, with the columns of this
//! graph (`rank`, `src`, `dst`, `asset`, `value`), and to run the same per-address,
//! chain-ordered policy as a distributed job on Apache Spark (as GraphSense does, with
//! Cassandra) or on DataFusion/Ballista: partition the addresses across workers so that each
//! address's timeline is processed by one worker, sweep the block ranges in order, and exchange
//! the tainted transfers whose receiver lives on another worker at the end of each range.
//! Exposure queries would then read a precomputed per-address taint table rather than search
//! backward. None of this distributed part exists in this crate.

pub mod address;
pub mod amount;
pub mod backward;
pub mod btc;
pub(crate) mod dense;
pub mod edges;
pub mod eth;
pub(crate) mod fast;
pub mod graph;
pub mod labels;
pub mod output;
pub mod path;
pub mod records;
pub(crate) mod runs;
pub mod synth;
pub mod tokens;
pub mod trace;
