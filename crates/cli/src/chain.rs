//! `ce2 chain …`: transfers ingested into a graph, labels as claims with their sources, traces,
//! exposure and paths. The graph and the labels live in a folder (`--chain`, `CE2_CHAIN`):
//! `graph.bin` (the transfer graph's bytes) and `labels.jsonl` (one claim per line).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use ce2_chain::backward::{self, BackwardSpec};
use ce2_chain::btc::BtcReader;
use ce2_chain::eth::{EthFile, EthReader};
use ce2_chain::graph::TransferGraph;
use ce2_chain::labels::{self, Category, Label, LabelSet};
use ce2_chain::trace::{self, Model, Seed, TraceSpec};
use ce2_chain::{edges, output as chain_out, path};
use ce2_model::Problem;
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use crate::commands::{exit, fail, Failure};
use crate::output;

type Result<T, E = Failure> = std::result::Result<T, E>;

/// Where the graph and labels are kept.
#[derive(Debug, clap::Args)]
pub struct ChainArgs {
    /// The folder holding the graph and labels (default: ce2/chain in the user's data folder).
    #[arg(long, global = true, env = "CE2_CHAIN", value_name = "DIR")]
    chain: Option<PathBuf>,
    #[command(subcommand)]
    command: ChainCmd,
}

/// A transfer file format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InFormat {
    /// ethereum-etl exports (transactions, receipts, token_transfers, traces, tokens), CSV or
    /// JSON; each file's kind is told by its name.
    Eth,
    /// bitcoin-etl transactions (JSON lines with inputs and outputs).
    Btc,
    /// An edge list: source,target,value[,asset][,time].
    Edges,
}

/// A label file format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LabelFormat {
    /// OFAC SDN digital-currency addresses (sdn_uid, sdn_name, programs, asset, address…).
    Ofac,
    /// One address per line, all with the category and name given.
    List,
    /// A GraphSense TagPack (YAML).
    Tagpack,
    /// A CSV with address, category (or role), name, source, note columns.
    Csv,
}

/// A flows output format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FlowFormat {
    /// One row per reached address and asset.
    Csv,
    /// The whole report.
    Json,
    /// GraphML, for Gephi.
    Graphml,
}

/// The chain commands.
// One command is parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ChainCmd {
    /// Read transfer files into the graph (replacing the graph kept before).
    Ingest {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Their format.
        #[arg(long, value_enum, default_value = "eth")]
        format: InFormat,
        /// The chain's native asset (ETH, BTC, DOGE…).
        #[arg(long, default_value = "ETH")]
        native: String,
    },
    /// Add labels: claims about addresses, each kept with its source.
    Label {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Their format.
        #[arg(long, value_enum)]
        format: LabelFormat,
        /// For `list`: the category (sanctioned, stolen, exchange, bridge, mixer, swap, otc,
        /// service…).
        #[arg(long)]
        category: Option<String>,
        /// For `list`: the name every address gets.
        #[arg(long)]
        name: Option<String>,
        /// The source, as it should be cited (default: the file name).
        #[arg(long)]
        source: Option<String>,
        /// For `ofac` and `list`: the date of the list issue.
        #[arg(long)]
        date: Option<String>,
    },
    /// The labels of an address, every claim with its source.
    Labels {
        /// The address.
        address: String,
    },
    /// Follow funds forward from seed addresses or transactions.
    Trace {
        /// Seed addresses.
        #[arg(long = "from")]
        from: Vec<String>,
        /// Seed transactions (hashes).
        #[arg(long = "tx")]
        tx: Vec<String>,
        /// The model.
        #[arg(long, default_value = "haircut")]
        model: String,
        /// The seed asset (default: the native asset for address seeds).
        #[arg(long)]
        asset: Option<String>,
        /// At most this many hops.
        #[arg(long, default_value_t = 10)]
        hops: u32,
        /// Only from this time (unix seconds or RFC 3339).
        #[arg(long)]
        since: Option<String>,
        /// Only before this time.
        #[arg(long)]
        until: Option<String>,
        /// Do not follow amounts below this (base units).
        #[arg(long = "min-value", default_value_t = 0)]
        min_value: u128,
        /// Follow funds into unlabelled contracts too.
        #[arg(long = "follow-contracts")]
        follow_contracts: bool,
        /// The output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: FlowFormat,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Also add the trace (its full JSON report) to the evidence ledger, linked to the seed
        /// wallets and to every labelled endpoint it reached.
        #[arg(long = "to-ledger")]
        to_ledger: bool,
        /// The ledger folder for `--to-ledger` (default: CE2_LEDGER, else ce2/ledger in the
        /// user's data folder).
        #[arg(long, env = "CE2_LEDGER", value_name = "DIR")]
        ledger: Option<PathBuf>,
        /// Who adds it to the ledger (default: the login name).
        #[arg(long, env = "CE2_ACTOR")]
        actor: Option<String>,
    },
    /// Exposure of an address to sanctioned or stolen funds: the share of what it received
    /// that came from them, directly or within the hops.
    Exposure {
        /// The address.
        address: String,
        /// The model.
        #[arg(long, default_value = "haircut")]
        model: String,
        /// At most this many hops back.
        #[arg(long, default_value_t = 3)]
        hops: u32,
    },
    /// The shortest path of transfers from one address to another.
    Path {
        /// From.
        from: String,
        /// To.
        to: String,
        /// At most this many hops.
        #[arg(long, default_value_t = 6)]
        hops: u32,
        /// Only paths whose transfers follow one another in time.
        #[arg(long = "in-time-order")]
        in_time_order: bool,
    },
}

fn default_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("ce2").join("chain"))
        .ok_or_else(|| {
            fail(
                exit::STORE,
                anyhow!("no user data folder; name a folder with --chain or CE2_CHAIN"),
            )
        })
}

fn report_problems(problems: &[Problem]) {
    for p in problems.iter().take(20) {
        eprintln!("{p}");
    }
    if problems.len() > 20 {
        eprintln!("… {} problems in all", problems.len());
    }
}

/// The graph and labels kept in a folder.
pub struct Kept {
    /// The graph.
    pub graph: TransferGraph,
    /// The labels.
    pub labels: LabelSet,
}

/// Load the labels kept in `dir`.
pub fn load_labels(dir: &Path) -> Result<LabelSet> {
    let mut set = LabelSet::new();
    let path = dir.join("labels.jsonl");
    if let Ok(text) = fs::read_to_string(&path) {
        let mut labels = Vec::new();
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let l: Label = serde_json::from_str(line).map_err(|e| {
                fail(
                    exit::STORE,
                    anyhow!("{}:{}: not a label: {e}", path.display(), i + 1),
                )
            })?;
            labels.push(l);
        }
        set.extend(labels);
    }
    Ok(set)
}

/// Load the graph and labels kept in `dir`, if a graph was ingested there.
pub fn load(dir: &Path) -> Result<Option<Kept>> {
    let path = dir.join("graph.bin");
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(fail(
                exit::STORE,
                anyhow!("cannot read {}: {e}", path.display()),
            ))
        }
    };
    let graph = TransferGraph::from_bytes(&bytes)
        .map_err(|e| fail(exit::STORE, anyhow!("{}: {e}", path.display())))?;
    Ok(Some(Kept {
        graph,
        labels: load_labels(dir)?,
    }))
}

fn need(dir: &Path) -> Result<Kept> {
    load(dir)?.ok_or_else(|| {
        fail(
            exit::NOT_FOUND,
            anyhow!(
                "no transfer graph in {}; read transfers first with `ce2 chain ingest`",
                dir.display()
            ),
        )
    })
}

fn parse_time(text: &str) -> Result<i64> {
    if let Ok(n) = text.trim().parse::<i64>() {
        return Ok(n);
    }
    text.trim()
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|_| {
            fail(
                2,
                anyhow!("{text:?} is not a time (unix seconds or RFC 3339)"),
            )
        })
}

fn parse_model(text: &str) -> Result<Model> {
    Model::parse(text).ok_or_else(|| {
        fail(
            2,
            anyhow!("no model {text:?}: poison, haircut, fifo or lifo"),
        )
    })
}

fn node_of(g: &TransferGraph, address: &str) -> Result<ce2_chain::graph::NodeId> {
    let key = ce2_chain::address::key(address);
    g.node(&key)
        .or_else(|| g.node(address.trim()))
        .ok_or_else(|| {
            fail(
                exit::NOT_FOUND,
                anyhow!("{address} sends or receives nothing in the graph"),
            )
        })
}

/// Run `ce2 chain …`.
pub fn run(args: ChainArgs, json: bool) -> Result<()> {
    let dir = match &args.chain {
        Some(d) => d.clone(),
        None => default_dir()?,
    };
    match args.command {
        ChainCmd::Ingest {
            files,
            format,
            native,
        } => {
            let (graph, problems) = match format {
                InFormat::Eth => {
                    let mut r = EthReader::new(&native);
                    for f in &files {
                        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                        let kind = EthFile::from_name(name).ok_or_else(|| {
                            fail(
                                exit::INPUT,
                                anyhow!("{}: cannot tell which ethereum-etl export this is from its name (transactions, receipts, token_transfers, traces, tokens, blocks)", f.display()),
                            )
                        })?;
                        r.add(
                            kind,
                            &f.display().to_string(),
                            &crate::input::read_bytes(f)?,
                        );
                    }
                    r.finish()
                }
                InFormat::Btc => {
                    let mut r = BtcReader::new(&native);
                    for f in &files {
                        r.add(&f.display().to_string(), &crate::input::read_bytes(f)?);
                    }
                    r.finish()
                }
                InFormat::Edges => {
                    if files.len() != 1 {
                        return Err(fail(2, anyhow!("an edge list is one file")));
                    }
                    edges::read_edge_list(
                        &crate::input::read_bytes(&files[0])?,
                        &files[0].display().to_string(),
                        &native,
                    )
                }
            };
            report_problems(&problems);
            fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            output::write_text(Some(&dir.join("graph.bin")), &graph.to_bytes())?;
            let summary = json!({
                "addresses": graph.node_count(),
                "transfers": graph.transfer_count(),
                "problems": problems.len(),
                "folder": dir,
            });
            if json {
                output::json(&summary).map_err(anyhow::Error::from)?;
            } else {
                println!(
                    "{} transfers between {} addresses kept in {}; {} problems",
                    graph.transfer_count(),
                    graph.node_count(),
                    dir.display(),
                    problems.len()
                );
            }
            Ok(())
        }
        ChainCmd::Label {
            files,
            format,
            category,
            name,
            source,
            date,
        } => {
            let mut all = Vec::new();
            let mut problems = Vec::new();
            let mut actors = std::collections::HashMap::new();
            for f in &files {
                let bytes = crate::input::read_bytes(f)?;
                let src = source.clone().unwrap_or_else(|| {
                    f.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                });
                let (labels, p) = match format {
                    LabelFormat::Ofac => {
                        labels::read_ofac_csv(&bytes, date.as_deref().unwrap_or(""))
                    }
                    LabelFormat::List => {
                        let cat = category.as_deref().and_then(Category::parse).ok_or_else(|| {
                            fail(2, anyhow!("--format list needs --category (sanctioned, stolen, exchange, bridge, mixer, swap, otc, service…)"))
                        })?;
                        labels::read_address_list(
                            &bytes,
                            cat,
                            name.as_deref().unwrap_or(&src),
                            &src,
                            date.as_deref(),
                        )
                    }
                    LabelFormat::Tagpack => {
                        if src.contains("actor") {
                            let (a, p) = labels::read_actorpack(&bytes);
                            actors.extend(a);
                            (Vec::new(), p)
                        } else {
                            labels::read_tagpack(&bytes, &src, &actors)
                        }
                    }
                    LabelFormat::Csv => labels::read_labelled_csv(&bytes, &src),
                };
                all.extend(labels);
                problems.extend(p);
            }
            report_problems(&problems);
            fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            // Keep what was there and add the new claims; the same claim twice is kept once.
            let mut set = load_labels(&dir)?;
            let before = set.len();
            set.extend(all);
            let mut text = String::new();
            for l in set.labels() {
                text.push_str(&serde_json::to_string(l).map_err(anyhow::Error::from)?);
                text.push('\n');
            }
            output::write_text(Some(&dir.join("labels.jsonl")), text.as_bytes())?;
            let added = set.len() - before;
            if json {
                output::json(
                    &json!({"added": added, "labels": set.len(), "problems": problems.len()}),
                )
                .map_err(anyhow::Error::from)?;
            } else {
                println!(
                    "{added} labels added ({} in all); {} problems",
                    set.len(),
                    problems.len()
                );
            }
            Ok(())
        }
        ChainCmd::Labels { address } => {
            let set = load_labels(&dir)?;
            let key = ce2_chain::address::key(&address);
            let found = set.get(&key);
            if json {
                output::json(
                    &json!({"address": key, "labels": found, "conflicting": set.conflicting(&key)}),
                )
                .map_err(anyhow::Error::from)?;
            } else if found.is_empty() {
                println!("{key}: no label");
            } else {
                for l in &found {
                    println!(
                        "{key}  {}  {}  [{}{}]{}",
                        l.category.name(),
                        l.name,
                        l.source,
                        l.line.map(|n| format!(":{n}")).unwrap_or_default(),
                        l.detail
                            .as_deref()
                            .map(|d| format!("  {d}"))
                            .unwrap_or_default()
                    );
                }
                if set.conflicting(&key) {
                    println!("note: the sources disagree about what this address is");
                }
            }
            Ok(())
        }
        ChainCmd::Trace {
            from,
            tx,
            model,
            asset,
            hops,
            since,
            until,
            min_value,
            follow_contracts,
            format,
            output,
            to_ledger,
            ledger,
            actor,
        } => {
            let kept = need(&dir)?;
            let g = &kept.graph;
            let mut seeds = Vec::new();
            for a in &from {
                seeds.push(Seed::Address(node_of(g, a)?));
            }
            for h in &tx {
                let id = g.tx_by_hash(h).ok_or_else(|| {
                    fail(exit::NOT_FOUND, anyhow!("no transaction {h} in the graph"))
                })?;
                seeds.push(Seed::Tx(id));
            }
            if seeds.is_empty() {
                return Err(fail(
                    2,
                    anyhow!("give seeds with --from ADDRESS or --tx HASH"),
                ));
            }
            let mut spec = TraceSpec::new(parse_model(&model)?, seeds);
            spec.max_hops = hops;
            spec.min_value = min_value;
            spec.follow_contracts = follow_contracts;
            spec.start = since.as_deref().map(parse_time).transpose()?;
            spec.end = until.as_deref().map(parse_time).transpose()?;
            spec.record_flows = format == FlowFormat::Graphml;
            spec.asset = match asset.as_deref() {
                Some(a) => {
                    Some(g.asset_id(a).ok_or_else(|| {
                        fail(exit::NOT_FOUND, anyhow!("no asset {a} in the graph"))
                    })?)
                }
                // Address seeds send in one asset: the graph's only one, else its native one.
                None if !from.is_empty() => {
                    let symbols: Vec<&str> = g.assets().iter().map(|a| a.symbol.as_str()).collect();
                    let native = ["ETH", "BTC"].iter().find_map(|n| g.asset_id(n));
                    match (symbols.len(), native) {
                        (1, _) => g.asset_id(symbols[0]),
                        (_, Some(n)) => Some(n),
                        _ => {
                            return Err(fail(
                                2,
                                anyhow!(
                                    "name the asset to trace with --asset ({})",
                                    symbols.join(", ")
                                ),
                            ))
                        }
                    }
                }
                None => None,
            };
            let index = kept.labels.for_graph(g);
            let report =
                trace::trace(g, &index, &spec).map_err(|e| fail(exit::INPUT, anyhow!("{e}")))?;
            let text = match format {
                FlowFormat::Csv => chain_out::flows_csv(g, &kept.labels, &index, &report),
                FlowFormat::Json => {
                    let mut t = chain_out::trace_json(g, &kept.labels, &index, &report).to_string();
                    t.push('\n');
                    t
                }
                FlowFormat::Graphml => chain_out::trace_graphml(g, &kept.labels, &index, &report),
            };
            output::write_text(output.as_deref(), text.as_bytes())?;
            if to_ledger {
                let json_report = chain_out::trace_json(g, &kept.labels, &index, &report);
                let mut links: Vec<(String, String)> = Vec::new();
                let reached = report.nodes.len();
                for a in &from {
                    links.push((
                        format!("wallet:{a}"),
                        format!("seed of a {model} trace over {hops} hops that reached {reached} addresses"),
                    ));
                }
                for n in report.nodes.iter() {
                    let addr = g.name(n.node).to_string();
                    let found = kept.labels.get(&addr);
                    if let Some(l) = found.first() {
                        links.push((
                            format!("wallet:{addr}"),
                            format!(
                                "received traced funds ({} model, {} hops from the seed): {}",
                                model,
                                n.hops,
                                l.short()
                            ),
                        ));
                    }
                }
                let ids = crate::evidence::add_generated(
                    ledger.as_deref(),
                    actor.as_deref(),
                    vec![crate::evidence::Generated {
                        name: "trace.json".into(),
                        media_type: "application/json",
                        bytes: json_report.to_string().into_bytes(),
                        description: format!(
                            "{model} trace from {} seed(s), {reached} addresses reached",
                            from.len() + tx.len()
                        ),
                        origin: format!("transfer graph in {}", dir.display()),
                        method: "crypto trace",
                        links,
                    }],
                )?;
                let item = &ids[0];
                eprintln!("the trace is in the evidence ledger as {item}");
            }
            let t = &report.totals;
            eprintln!(
                "{} model: {} addresses reached; totals reconcile: {}; {} transfers not followed{}",
                model,
                report.nodes.len(),
                t.reconciles,
                report.unfollowed.len(),
                if report.unfollowed.is_empty() {
                    String::new()
                } else {
                    let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
                    for u in &report.unfollowed {
                        *by.entry(u.reason.name()).or_insert(0) += 1;
                    }
                    format!(
                        " ({})",
                        by.iter()
                            .map(|(k, n)| format!("{k} {n}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            );
            Ok(())
        }
        ChainCmd::Exposure {
            address,
            model,
            hops,
        } => {
            let kept = need(&dir)?;
            let value = exposure_json(&kept, &address, &model, hops)?;
            if json {
                output::json(&value).map_err(anyhow::Error::from)?;
            } else {
                output::write_text(None, exposure_text(&value).as_bytes())?;
            }
            Ok(())
        }
        ChainCmd::Path {
            from,
            to,
            hops,
            in_time_order,
        } => {
            let kept = need(&dir)?;
            let g = &kept.graph;
            let (a, b) = (node_of(g, &from)?, node_of(g, &to)?);
            match path::shortest_path(g, a, b, hops, in_time_order, 5_000_000) {
                None => Err(fail(
                    exit::NOT_FOUND,
                    anyhow!("no path from {from} to {to} within {hops} hops"),
                )),
                Some(ranks) => {
                    let steps: Vec<serde_json::Value> = ranks
                        .iter()
                        .map(|&r| {
                            json!({
                                "from": g.name(g.src(r)),
                                "to": g.name(g.dst(r)),
                                "asset": g.asset_symbol(g.asset(r)),
                                "value": g.value(r).to_string(),
                                "time": g.time(r),
                                "tx": g.tx_hash(g.tx_of(r)),
                            })
                        })
                        .collect();
                    if json {
                        output::json(&json!({"from": from, "to": to, "hops": ranks.len(), "transfers": steps}))
                            .map_err(anyhow::Error::from)?;
                    } else {
                        println!("{} hops from {from} to {to}:", ranks.len());
                        for s in &steps {
                            println!("  {s}");
                        }
                    }
                    Ok(())
                }
            }
        }
    }
}

/// For `ce2 screen`: the exposure of each wallet screened, from the transfer graph kept by
/// `ce2 chain` (CE2_CHAIN or the default folder), beside its listing hits.
pub fn screen_exposure(wallets: &[String], json: bool) -> Result<()> {
    if wallets.is_empty() {
        return Ok(());
    }
    let dir = match std::env::var_os("CE2_CHAIN") {
        Some(d) => PathBuf::from(d),
        // No folder to look in: the listings alone are screened.
        None => match default_dir() {
            Ok(d) => d,
            Err(_) => return Ok(()),
        },
    };
    let Some(kept) = load(&dir)? else {
        if !json {
            output::write_text(
                None,
                b"exposure: no transfer graph is kept (`ce2 chain ingest`, then `ce2 chain label`), so only listings were screened\n",
            )?;
        }
        return Ok(());
    };
    for w in wallets {
        match exposure_json(&kept, w, "haircut", 3) {
            Ok(v) => {
                if json {
                    output::json(&json!({"exposure": v})).map_err(anyhow::Error::from)?;
                } else {
                    output::write_text(None, exposure_text(&v).as_bytes())?;
                }
            }
            Err(_) if !json => output::write_text(
                None,
                format!(
                    "exposure: {w} sends or receives nothing in the transfer graph kept in {}\n",
                    dir.display()
                )
                .as_bytes(),
            )?,
            Err(_) => output::json(&json!({"exposure": {"address": w, "in_graph": false}}))
                .map_err(anyhow::Error::from)?,
        }
    }
    Ok(())
}

/// The exposure of an address as JSON (also used by `ce2 screen`).
pub fn exposure_json(
    kept: &Kept,
    address: &str,
    model: &str,
    hops: u32,
) -> Result<serde_json::Value> {
    let g = &kept.graph;
    let node = node_of(g, address)?;
    let mut spec = BackwardSpec::new(parse_model(model)?);
    spec.max_hops = hops;
    let index = kept.labels.for_graph(g);
    let started = std::time::Instant::now();
    let report = backward::exposure(g, &index, node, &spec);
    let elapsed = started.elapsed();
    let assets: Vec<serde_json::Value> = report
        .assets
        .iter()
        .map(|a| {
            json!({
                "asset": g.asset_symbol(a.asset),
                "received": a.received.to_string(),
                "direct": a.direct.to_string(),
                "indirect": a.indirect.to_string(),
                "unknown": a.unknown.to_string(),
                "share": a.share(6),
            })
        })
        .collect();
    let origins: Vec<serde_json::Value> = report
        .origins
        .iter()
        .filter(|o| o.amount > 0)
        .take(50)
        .map(|o| {
            let addr = g.name(o.node).to_string();
            json!({
                "address": addr,
                "asset": g.asset_symbol(o.asset),
                "amount": o.amount.to_string(),
                "hops": o.hops,
                "labels": kept.labels.get(&addr).iter().map(|l| l.short()).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({
        "address": ce2_chain::address::key(address),
        "model": model,
        "hops": hops,
        "labels": kept.labels.get(&ce2_chain::address::key(address)).iter().map(|l| l.short()).collect::<Vec<_>>(),
        "assets": assets,
        "origins": origins,
        "complete": !report.truncated,
        "ms": elapsed.as_secs_f64() * 1000.0,
    }))
}

/// An exposure for a person.
pub fn exposure_text(v: &serde_json::Value) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "exposure of {} ({} model, {} hops back){}",
        v["address"].as_str().unwrap_or(""),
        v["model"].as_str().unwrap_or(""),
        v["hops"],
        if v["complete"].as_bool() == Some(false) {
            " — search budget reached, figures are lower bounds"
        } else {
            ""
        }
    );
    for l in v["labels"].as_array().into_iter().flatten() {
        let _ = writeln!(out, "  label: {}", l.as_str().unwrap_or(""));
    }
    for a in v["assets"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {}: {} of received value from sanctioned or stolen funds (direct {}, indirect {}, of {} received)",
            a["asset"].as_str().unwrap_or(""),
            a["share"].as_str().unwrap_or(""),
            a["direct"].as_str().unwrap_or(""),
            a["indirect"].as_str().unwrap_or(""),
            a["received"].as_str().unwrap_or("")
        );
    }
    for o in v["origins"].as_array().into_iter().flatten().take(10) {
        let _ = writeln!(
            out,
            "    from {} ({} hops): {} {}  {}",
            o["address"].as_str().unwrap_or(""),
            o["hops"],
            o["amount"].as_str().unwrap_or(""),
            o["asset"].as_str().unwrap_or(""),
            o["labels"]
                .as_array()
                .map(|l| l
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join("; "))
                .unwrap_or_default()
        );
    }
    out
}
