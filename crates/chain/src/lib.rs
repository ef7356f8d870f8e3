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
//! The graph is held in memory: 26 bytes per transfer of columns and adjacency plus 9 bytes per
//! node (see [`graph`]), with transfer ids in `u32`, so one graph holds up to 4.29 billion
//! transfers. A trace touches only the timelines of the addresses the funds reach, in chain
//! order; investigations are local (10^3–10^6 transfers), and a whole-graph trace runs at the
//! rates measured by `cargo bench -p ce2-chain` (see BENCHMARKS in the report of this crate's
//! benchmark). A whole chain does not fit one machine this way: Ethereum's address graph had
//! about 0.4 billion edges in 2021 and fits (≈ 11 GB), Bitcoin's 5.8 billion address-graph
//! edges (more as transfers) do not fit a 24 GB machine.
//!
//! What is built is the single-machine engine. For a whole chain, the plan (not built) is to
//! keep the transfers as Parquet files partitioned by block range, with the columns of this
//! graph (`src`, `dst`, `asset`, `value`, `rank`), and to run the same per-address,
//! chain-ordered policy as a distributed job: on Apache Spark (as GraphSense does with
//! Cassandra) or on DataFusion/Ballista, partitioning by address so that each address's
//! timeline is processed by one worker, and exchanging the tainted transfers between workers
//! in rank-ordered rounds (a transfer crosses partitions when its receiver lives elsewhere).
//! Exposure queries would read a precomputed per-address taint table rather than search
//! backward. None of this distributed part exists in this crate.

pub mod address;
pub mod amount;
pub mod backward;
pub mod btc;
pub mod edges;
pub mod eth;
pub(crate) mod fast;
pub mod graph;
pub mod labels;
pub mod output;
pub mod path;
pub mod records;
pub mod synth;
pub mod tokens;
pub mod trace;
