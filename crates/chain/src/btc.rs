//! bitcoin-etl transactions (JSON lines) into a UTXO transfer graph.
//!
//! Each transaction becomes a node `tx:<hash>`; each input a transfer from the spending
//! address to it, linked to the output it spends; each output a transfer from it to the
//! receiving address (`multisig:a,b` for several addresses, `shielded` for a Zcash shielded
//! pool, `nonstandard:<hash>:<index>` for outputs with no address); the fee (inputs − outputs) a
//! transfer to [`crate::graph::FEES`]; a coinbase's outputs come from [`crate::graph::MINT`].
//!
//! An input's value is the value of the output it spends when that output is in the data;
//! otherwise the value the file states; when neither is known (bitcoin-etl leaves 0 or null
//! when it could not look the output up) the input is left out and reported, and the
//! transaction's fee is unknown. Negative fees, values that are not whole numbers, duplicate
//! transaction hashes and spends that come before the output they spend (a cycle) are reported.

use std::collections::HashMap;

use ce2_model::problem::Problem;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::address;
use crate::amount::parse_units;
use crate::graph::{GraphBuilder, Ledger, NodeFlags, Row, TransferGraph, FEES, MINT, NONE};
use crate::records;

#[derive(Deserialize)]
struct RawTx<'a> {
    hash: Option<String>,
    block_number: Option<u64>,
    block_timestamp: Option<i64>,
    index: Option<u64>,
    is_coinbase: Option<bool>,
    #[serde(borrow, default)]
    inputs: Vec<RawIo<'a>>,
    #[serde(borrow, default)]
    outputs: Vec<RawIo<'a>>,
}

#[derive(Deserialize)]
struct RawIo<'a> {
    index: Option<u64>,
    spent_transaction_hash: Option<String>,
    spent_output_index: Option<u64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    addresses: Option<Vec<String>>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
}

struct Io {
    index: u64,
    spent: Option<(String, u64)>,
    holder: String,
    value: Option<u128>,
}

struct Tx {
    hash: String,
    block: u64,
    pos: u64,
    time: Option<i64>,
    coinbase: bool,
    inputs: Vec<Io>,
    outputs: Vec<Io>,
    line: u64,
}

/// Reads bitcoin-etl `transactions` JSON (lines or an array) of one chain.
#[derive(Debug, Default)]
pub struct BtcReader {
    native: String,
    raw: Vec<(String, Vec<u8>)>,
}

fn holder(io: &RawIo, tx_hash: &str, out_index: u64) -> String {
    let addrs: Vec<String> = io
        .addresses
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|a| address::key(a))
        .collect();
    match addrs.len() {
        0 if io.kind.as_deref() == Some("shielded") => "shielded".to_string(),
        0 => format!("nonstandard:{tx_hash}:{out_index}"),
        1 => addrs[0].clone(),
        _ => format!("multisig:{}", addrs.join(",")),
    }
}

impl BtcReader {
    /// A reader for a chain whose coin is `native` (8 decimals): `BTC`, `LTC`, `DOGE`…
    pub fn new(native: &str) -> BtcReader {
        BtcReader {
            native: native.to_string(),
            raw: Vec::new(),
        }
    }

    /// Add one file of transactions.
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.raw.push((name.to_string(), bytes.to_vec()));
    }

    /// Build the graph.
    pub fn finish(self) -> (TransferGraph, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut txs: Vec<Tx> = Vec::new();
        let mut by_hash: HashMap<String, usize> = HashMap::new();
        for (name, bytes) in &self.raw {
            let (objs, ps) = records::json_objects(bytes, name);
            problems.extend(ps);
            for (file_order, (line, obj)) in objs.into_iter().enumerate() {
                let raw: RawTx = match serde_json::from_str(obj.get()) {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push(
                            Problem::error("bad_record", format!("{name}: {e}")).at_line(line),
                        );
                        continue;
                    }
                };
                let (Some(hash), Some(block)) = (raw.hash.clone(), raw.block_number) else {
                    problems.push(
                        Problem::error(
                            "bad_record",
                            format!("{name}: a transaction needs hash and block_number"),
                        )
                        .at_line(line),
                    );
                    continue;
                };
                let hash = hash.to_ascii_lowercase();
                if let Some(&prev) = by_hash.get(&hash) {
                    problems.push(
                        Problem::warning(
                            "duplicate",
                            format!(
                                "{name}: transaction {hash} already read (block {}); this copy (block {block}) is skipped",
                                txs[prev].block
                            ),
                        )
                        .at_line(line),
                    );
                    continue;
                }
                let mut bad = false;
                let mut value = |v: Option<&RawValue>, what: &str| -> Option<u128> {
                    let text = v.map(|r| r.get().trim().to_string())?;
                    if text == "null" {
                        return None;
                    }
                    match parse_units(&text) {
                        Ok(x) => Some(x),
                        Err(e) => {
                            problems.push(
                                Problem::error("bad_value", format!("{name}: {hash} {what}: {e}"))
                                    .at_line(line),
                            );
                            bad = true;
                            None
                        }
                    }
                };
                let inputs: Vec<Io> =
                    raw.inputs
                        .iter()
                        .enumerate()
                        .map(|(i, io)| Io {
                            index: io.index.unwrap_or(i as u64),
                            spent: io.spent_transaction_hash.clone().map(|h| {
                                (h.to_ascii_lowercase(), io.spent_output_index.unwrap_or(0))
                            }),
                            holder: holder(io, &hash, i as u64),
                            value: value(io.value, "input value"),
                        })
                        .collect();
                let outputs: Vec<Io> = raw
                    .outputs
                    .iter()
                    .enumerate()
                    .map(|(i, io)| {
                        let idx = io.index.unwrap_or(i as u64);
                        Io {
                            index: idx,
                            spent: None,
                            holder: holder(io, &hash, idx),
                            value: value(io.value, "output value"),
                        }
                    })
                    .collect();
                if bad {
                    continue;
                }
                by_hash.insert(hash.clone(), txs.len());
                txs.push(Tx {
                    hash,
                    block,
                    pos: raw.index.unwrap_or(file_order as u64),
                    time: raw.block_timestamp,
                    coinbase: raw.is_coinbase.unwrap_or(raw.inputs.is_empty()),
                    inputs,
                    outputs,
                    line,
                });
            }
        }
        txs.sort_by_key(|t| (t.block, t.pos));
        let mut b = GraphBuilder::new(Ledger::Utxo);
        let coin = b.asset(&self.native, &self.native, Some(8), None);
        // Outputs first, so that inputs can find them.
        // (hash, output index) → (row, value, chain position of its transaction).
        type OutRow = (u32, u128, (u64, u64));
        let mut out_rows: HashMap<(String, u64), OutRow> = HashMap::new();
        let mut tx_ids = Vec::with_capacity(txs.len());
        for t in &txs {
            let id = b.tx(crate::graph::parse_hash(&t.hash).unwrap_or([0; 32]), t.time);
            tx_ids.push(id);
            let node = b.node(&format!("tx:{}", t.hash));
            b.flag(node, NodeFlags::TX);
            for (j, o) in t.outputs.iter().enumerate() {
                let Some(v) = o.value else {
                    problems.push(
                        Problem::error(
                            "bad_value",
                            format!("{} output {} has no value; left out", t.hash, o.index),
                        )
                        .at_line(t.line),
                    );
                    continue;
                };
                if v == 0 {
                    continue;
                }
                let dst = b.node(&o.holder);
                let row = b.push(Row {
                    key: (t.block, t.pos, 1_000_000 + j as u64),
                    tx: id,
                    src: node,
                    dst,
                    asset: coin,
                    value: v,
                    link: NONE,
                });
                out_rows.insert((t.hash.clone(), o.index), (row, v, (t.block, t.pos)));
            }
        }
        let mut missing = 0u64;
        for (t, &id) in txs.iter().zip(&tx_ids) {
            let node = b.node(&format!("tx:{}", t.hash));
            let out_total: u128 = t
                .outputs
                .iter()
                .filter_map(|o| o.value)
                .fold(0u128, |a, v| a.saturating_add(v));
            if t.coinbase {
                if out_total > 0 {
                    b.push(Row {
                        key: (t.block, t.pos, 0),
                        tx: id,
                        src: MINT,
                        dst: node,
                        asset: coin,
                        value: out_total,
                        link: NONE,
                    });
                }
                continue;
            }
            let mut in_total: Option<u128> = Some(0);
            for (i, inp) in t.inputs.iter().enumerate() {
                let spent = inp.spent.as_ref().and_then(|s| out_rows.get(s).copied());
                let (value, link) = match spent {
                    Some((row, v, key)) => {
                        if key >= (t.block, t.pos) {
                            problems.push(
                                Problem::error(
                                    "cycle",
                                    format!(
                                        "{} input {} spends an output of a transaction that does not come before it; the link is dropped",
                                        t.hash, inp.index
                                    ),
                                )
                                .at_line(t.line),
                            );
                            (None, NONE)
                        } else {
                            if let Some(stated) = inp.value.filter(|&x| x != 0 && x != v) {
                                problems.push(
                                    Problem::warning(
                                        "input_value_mismatch",
                                        format!(
                                            "{} input {} states {stated} but spends an output of {v}; the output's value is used",
                                            t.hash, inp.index
                                        ),
                                    )
                                    .at_line(t.line),
                                );
                            }
                            (Some(v), row)
                        }
                    }
                    None => (inp.value.filter(|&x| x > 0), NONE),
                };
                let Some(value) = value else {
                    missing += 1;
                    in_total = None;
                    continue;
                };
                in_total = in_total.map(|x| x.saturating_add(value));
                let src = b.node(&inp.holder);
                let row = b.push(Row {
                    key: (t.block, t.pos, i as u64),
                    tx: id,
                    src,
                    dst: node,
                    asset: coin,
                    value,
                    link,
                });
                if link != NONE {
                    b.set_link(link, row);
                }
            }
            match in_total {
                Some(inp) if inp > out_total => {
                    b.push(Row {
                        key: (t.block, t.pos, 2_000_000),
                        tx: id,
                        src: node,
                        dst: FEES,
                        asset: coin,
                        value: inp - out_total,
                        link: NONE,
                    });
                }
                Some(inp) if inp == out_total => {}
                Some(inp) => problems.push(
                    Problem::error(
                        "negative_fee",
                        format!(
                            "{}: inputs {inp} are less than outputs {out_total}; no fee recorded",
                            t.hash
                        ),
                    )
                    .at_line(t.line),
                ),
                None => {}
            }
        }
        if missing > 0 {
            problems.push(Problem::warning(
                "missing_input",
                format!("{missing} inputs spend outputs that are not in the data and state no value: left out, their transactions' fees unknown"),
            ));
        }
        (b.finish(), problems)
    }
}
