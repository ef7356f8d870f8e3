//! ethereum-etl files (CSV or JSON lines) into an account-model transfer graph.
//!
//! Feed the files with [`EthReader::add`], then [`EthReader::finish`]:
//!
//! * `transactions`: the transaction's value from sender to receiver (to the created contract
//!   for a creation), unless the receipt says it failed (status 0: a failed transaction moves
//!   no value); and the fee, gas used × effective gas price (or gas price before EIP-1559),
//!   from the sender to [`crate::graph::FEES`], failed or not. Receipt fields come from the
//!   `receipts` file or from the `receipt_*` fields of streamed transactions;
//! * `traces`: internal value moves (calls with value, creations, self-destructs) and block
//!   rewards (from [`crate::graph::MINT`]); failed traces are skipped, and so is the top-level
//!   call of a transaction already read from `transactions` (it is the same value);
//! * `token_transfers`: one transfer per log, the token identified by its contract; decimals
//!   from the built-in table ([`crate::tokens`]), from `tokens` files, or unknown (reported);
//! * `blocks`: timestamps for blocks that no other record dates.
//!
//! Duplicates (the same transaction hash, the same log of a transaction, the same trace) are
//! reported and read once; values that are negative, fractional or over 128 bits are reported
//! and their records skipped.

use std::collections::{BTreeMap, HashMap, HashSet};

use ce2_model::problem::Problem;

use crate::address;
use crate::amount::parse_units;
use crate::graph::{GraphBuilder, Ledger, NodeFlags, Row, TransferGraph, FEES, MINT, NONE};
use crate::records::{self, Record};
use crate::tokens::{Token, TokenTable};

/// Which ethereum-etl export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EthFile {
    /// `transactions` (with or without `receipt_*` fields).
    Transactions,
    /// `receipts`.
    Receipts,
    /// `token_transfers`.
    TokenTransfers,
    /// `traces`.
    Traces,
    /// `tokens` (address, symbol, decimals).
    Tokens,
    /// `blocks` (number, timestamp).
    Blocks,
}

impl EthFile {
    /// Tell the kind from a file name (`transactions.csv`, `expected_token_transfers.json`…).
    pub fn from_name(name: &str) -> Option<EthFile> {
        let n = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
        if n.contains("token_transfers") {
            Some(EthFile::TokenTransfers)
        } else if n.contains("transactions") {
            Some(EthFile::Transactions)
        } else if n.contains("receipts") {
            Some(EthFile::Receipts)
        } else if n.contains("traces") {
            Some(EthFile::Traces)
        } else if n.contains("tokens") {
            Some(EthFile::Tokens)
        } else if n.contains("blocks") {
            Some(EthFile::Blocks)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Tx {
    block: u64,
    index: Option<u64>,
    time: Option<i64>,
    from: String,
    to: Option<String>,
    value: u128,
    gas_price: Option<u128>,
    gas_used: Option<u128>,
    effective_price: Option<u128>,
    status: Option<u8>,
    contract: Option<String>,
    line: u64,
    file: String,
}

#[derive(Debug, Clone)]
struct Move {
    block: u64,
    tx_hash: Option<String>,
    tx_index: Option<u64>,
    from: Option<String>,
    to: String,
    asset: Option<String>,
    value: u128,
    order: u64,
    time: Option<i64>,
    top_level: bool,
}

/// Reads ethereum-etl exports into a transfer graph.
#[derive(Debug)]
pub struct EthReader {
    native: String,
    tokens: TokenTable,
    txs: HashMap<String, Tx>,
    receipts: HashMap<String, Record>,
    moves: Vec<Move>,
    seen_logs: HashSet<(String, u64)>,
    seen_traces: HashSet<String>,
    block_time: BTreeMap<u64, i64>,
    contracts: HashSet<String>,
    problems: Vec<Problem>,
}

impl Default for EthReader {
    fn default() -> Self {
        EthReader::new("ETH")
    }
}

fn units(rec: &Record, k: &str, file: &str, problems: &mut Vec<Problem>) -> Option<u128> {
    let raw = rec.get(k)?;
    match parse_units(raw) {
        Ok(v) => Some(v),
        Err(e) => {
            problems
                .push(Problem::error("bad_value", format!("{file}: {k}: {e}")).at_line(rec.line));
            None
        }
    }
}

fn num(rec: &Record, k: &str) -> Option<u64> {
    rec.get(k).and_then(|s| s.trim().parse().ok())
}

fn addr(raw: &str) -> String {
    address::key(raw)
}

impl EthReader {
    /// A reader for a chain whose native coin is `native` (18 decimals).
    pub fn new(native: &str) -> EthReader {
        EthReader {
            native: native.to_string(),
            tokens: TokenTable::builtin(),
            txs: HashMap::new(),
            receipts: HashMap::new(),
            moves: Vec::new(),
            seen_logs: HashSet::new(),
            seen_traces: HashSet::new(),
            block_time: BTreeMap::new(),
            contracts: HashSet::new(),
            problems: Vec::new(),
        }
    }

    /// The token table in use (add tokens before reading transfers for their decimals).
    pub fn tokens_mut(&mut self) -> &mut TokenTable {
        &mut self.tokens
    }

    /// Read one file. `name` is used in problems.
    pub fn add(&mut self, kind: EthFile, name: &str, bytes: &[u8]) {
        if kind == EthFile::Tokens && !bytes.trim_ascii_start().starts_with(b"{") {
            let ps = self.tokens.read_csv(bytes);
            self.problems.extend(ps);
            return;
        }
        let (recs, problems) = records::read(bytes, name);
        self.problems.extend(problems);
        for rec in recs {
            match kind {
                EthFile::Transactions => self.add_tx(&rec, name),
                EthFile::Receipts => self.add_receipt(rec, name),
                EthFile::TokenTransfers => self.add_token_transfer(&rec, name),
                EthFile::Traces => self.add_trace(&rec, name),
                EthFile::Tokens => {
                    let (Some(a), Some(d)) = (rec.get("address"), num(&rec, "decimals")) else {
                        continue;
                    };
                    let Ok(decimals) = u8::try_from(d) else {
                        continue;
                    };
                    if let Some(p) = self.tokens.add(Token {
                        contract: a.to_string(),
                        symbol: rec.get("symbol").unwrap_or("").to_string(),
                        decimals,
                    }) {
                        self.problems.push(p.at_line(rec.line));
                    }
                }
                EthFile::Blocks => {
                    if let (Some(n), Some(t)) = (num(&rec, "number"), rec.get("timestamp")) {
                        if let Ok(t) = t.parse::<i64>() {
                            self.block_time.insert(n, t);
                        }
                    }
                }
            }
        }
    }

    fn time_of(&mut self, rec: &Record, block: u64) -> Option<i64> {
        let t = rec
            .get("block_timestamp")
            .and_then(|s| s.parse::<i64>().ok());
        if let Some(t) = t {
            self.block_time.entry(block).or_insert(t);
        }
        t
    }

    fn add_tx(&mut self, rec: &Record, file: &str) {
        let (Some(hash), Some(from), Some(block)) = (
            rec.get("hash"),
            rec.get("from_address"),
            num(rec, "block_number"),
        ) else {
            self.problems.push(
                Problem::error(
                    "bad_record",
                    format!("{file}: a transaction needs hash, from_address and block_number"),
                )
                .at_line(rec.line),
            );
            return;
        };
        let Some(value) = units(rec, "value", file, &mut self.problems) else {
            if rec.get("value").is_some() {
                return;
            }
            self.problems.push(
                Problem::error("bad_record", format!("{file}: transaction without a value"))
                    .at_line(rec.line),
            );
            return;
        };
        let gas_price = units(rec, "gas_price", file, &mut self.problems);
        let time = self.time_of(rec, block);
        let tx = Tx {
            block,
            index: num(rec, "transaction_index"),
            time,
            from: addr(from),
            to: rec.get("to_address").map(addr),
            value,
            gas_price,
            gas_used: units(rec, "receipt_gas_used", file, &mut self.problems),
            effective_price: units(rec, "receipt_effective_gas_price", file, &mut self.problems),
            status: num(rec, "receipt_status").map(|s| s as u8),
            contract: rec.get("receipt_contract_address").map(addr),
            line: rec.line,
            file: file.to_string(),
        };
        let key = hash.to_ascii_lowercase();
        if let Some(old) = self.txs.get(&key) {
            let same = old.from == tx.from && old.to == tx.to && old.value == tx.value;
            self.problems.push(if same {
                Problem::warning(
                    "duplicate",
                    format!("{file}: transaction {key} already read (line {} of {}); read once", old.line, old.file),
                )
                .at_line(rec.line)
            } else {
                Problem::error(
                    "conflicting_duplicate",
                    format!("{file}: transaction {key} read before with other values (line {} of {}); the first is kept", old.line, old.file),
                )
                .at_line(rec.line)
            });
            return;
        }
        self.txs.insert(key, tx);
    }

    fn add_receipt(&mut self, rec: Record, file: &str) {
        let Some(hash) = rec.get("transaction_hash").map(str::to_ascii_lowercase) else {
            self.problems.push(
                Problem::error(
                    "bad_record",
                    format!("{file}: receipt without transaction_hash"),
                )
                .at_line(rec.line),
            );
            return;
        };
        if self.receipts.contains_key(&hash) {
            self.problems.push(
                Problem::warning(
                    "duplicate",
                    format!("{file}: receipt of {hash} already read"),
                )
                .at_line(rec.line),
            );
            return;
        }
        self.receipts.insert(hash, rec);
    }

    fn add_token_transfer(&mut self, rec: &Record, file: &str) {
        let (Some(token), Some(from), Some(to), Some(hash), Some(log), Some(block)) = (
            rec.get("token_address"),
            rec.get("from_address"),
            rec.get("to_address"),
            rec.get("transaction_hash"),
            num(rec, "log_index"),
            num(rec, "block_number"),
        ) else {
            self.problems.push(
                Problem::error(
                    "bad_record",
                    format!("{file}: a token transfer needs token_address, from_address, to_address, value, transaction_hash, log_index, block_number"),
                )
                .at_line(rec.line),
            );
            return;
        };
        let Some(value) = units(rec, "value", file, &mut self.problems) else {
            return;
        };
        let hash = hash.to_ascii_lowercase();
        if !self.seen_logs.insert((hash.clone(), log)) {
            self.problems.push(
                Problem::warning(
                    "duplicate",
                    format!("{file}: log {log} of {hash} already read; read once"),
                )
                .at_line(rec.line),
            );
            return;
        }
        let time = self.time_of(rec, block);
        self.moves.push(Move {
            block,
            tx_hash: Some(hash),
            tx_index: num(rec, "transaction_index"),
            from: Some(addr(from)),
            to: addr(to),
            asset: Some(token.to_ascii_lowercase()),
            value,
            order: 1_000_000 + log,
            time,
            top_level: false,
        });
    }

    fn add_trace(&mut self, rec: &Record, file: &str) {
        let Some(block) = num(rec, "block_number") else {
            self.problems.push(
                Problem::error("bad_record", format!("{file}: trace without block_number"))
                    .at_line(rec.line),
            );
            return;
        };
        let time = self.time_of(rec, block);
        let failed = rec.get("error").is_some() || rec.get("status") == Some("0");
        let kind = rec.get("trace_type").unwrap_or("call");
        let call_type = rec.get("call_type").unwrap_or("call");
        if failed || matches!(call_type, "delegatecall" | "staticcall") {
            return;
        }
        let trace_address = rec.get("trace_address").unwrap_or("").to_string();
        let id = rec.get("trace_id").map(str::to_string).unwrap_or_else(|| {
            format!(
                "{}_{}_{}_{}",
                kind,
                rec.get("transaction_hash")
                    .map(str::to_string)
                    .unwrap_or_else(|| format!(
                        "{block}:{}",
                        rec.get("transaction_index").unwrap_or("")
                    )),
                trace_address,
                rec.line
            )
        });
        if !self.seen_traces.insert(id.clone()) {
            self.problems.push(
                Problem::warning(
                    "duplicate",
                    format!("{file}: trace {id} already read; read once"),
                )
                .at_line(rec.line),
            );
            return;
        }
        let Some(value) = units(rec, "value", file, &mut self.problems) else {
            return;
        };
        if value == 0 {
            if kind == "create" {
                if let Some(to) = rec.get("to_address") {
                    self.contracts.insert(addr(to));
                }
            }
            return;
        }
        let Some(to) = rec.get("to_address") else {
            return;
        };
        if kind == "create" {
            self.contracts.insert(addr(to));
        }
        let order = 2 + rec
            .get("trace_index")
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(rec.line)
            .min(999_997);
        self.moves.push(Move {
            block,
            tx_hash: rec.get("transaction_hash").map(str::to_ascii_lowercase),
            tx_index: num(rec, "transaction_index"),
            from: if kind == "reward" {
                None
            } else {
                rec.get("from_address").map(addr)
            },
            to: addr(to),
            asset: None,
            value,
            order,
            time,
            top_level: trace_address.is_empty() && kind == "call",
        });
    }

    /// Build the graph. Returns the graph and every problem found.
    pub fn finish(mut self) -> (TransferGraph, Vec<Problem>) {
        let mut b = GraphBuilder::new(Ledger::Account);
        let native = b.asset(&self.native, &self.native, Some(18), None);
        // Receipts into transactions.
        let receipts = std::mem::take(&mut self.receipts);
        for (hash, rec) in receipts {
            let Some(tx) = self.txs.get_mut(&hash) else {
                continue;
            };
            let mut ps = Vec::new();
            if tx.gas_used.is_none() {
                tx.gas_used = units(&rec, "gas_used", "receipts", &mut ps);
            }
            if tx.effective_price.is_none() {
                tx.effective_price = units(&rec, "effective_gas_price", "receipts", &mut ps);
            }
            if tx.status.is_none() {
                tx.status = num(&rec, "status").map(|s| s as u8);
            }
            if tx.contract.is_none() {
                tx.contract = rec.get("contract_address").map(addr);
            }
            self.problems.extend(ps);
        }
        let block_time = self.block_time.clone();
        let time_of = |block: u64, t: Option<i64>| t.or_else(|| block_time.get(&block).copied());
        // Transactions in a stable order.
        let mut hashes: Vec<&String> = self.txs.keys().collect();
        hashes.sort_by_key(|h| {
            let t = &self.txs[*h];
            (t.block, t.index.unwrap_or(u64::MAX), (*h).clone())
        });
        let mut tx_ids: HashMap<String, (u32, u64, u64)> = HashMap::new();
        let mut no_receipt = 0u64;
        for h in hashes {
            let t = &self.txs[h];
            let pos = t.index.unwrap_or(1 << 40);
            let id = b.tx(
                crate::graph::parse_hash(h).unwrap_or([0; 32]),
                time_of(t.block, t.time),
            );
            tx_ids.insert(h.clone(), (id, t.block, pos));
            let from = b.node(&t.from);
            let key = |sub: u64| (t.block, pos, sub);
            match (t.gas_used, t.effective_price.or(t.gas_price)) {
                (Some(used), Some(price)) => match used.checked_mul(price) {
                    Some(fee) if fee > 0 => {
                        b.push(Row {
                            key: key(0),
                            tx: id,
                            src: from,
                            dst: FEES,
                            asset: native,
                            value: fee,
                            link: NONE,
                        });
                    }
                    Some(_) => {}
                    None => self.problems.push(
                        Problem::error("overflow", format!("fee of {h} overflows 128 bits"))
                            .at_line(t.line),
                    ),
                },
                _ => no_receipt += 1,
            }
            if t.status == Some(0) || t.value == 0 {
                continue;
            }
            let to = match (&t.to, &t.contract) {
                (Some(to), _) => to.clone(),
                (None, Some(c)) => c.clone(),
                (None, None) => {
                    self.problems.push(
                        Problem::warning(
                            "no_receiver",
                            format!("{}: contract creation {h} without the created address; its value is not in the graph", t.file),
                        )
                        .at_line(t.line),
                    );
                    continue;
                }
            };
            let dst = b.node(&to);
            b.push(Row {
                key: key(1),
                tx: id,
                src: from,
                dst,
                asset: native,
                value: t.value,
                link: NONE,
            });
        }
        if no_receipt > 0 && !self.txs.is_empty() {
            self.problems.push(Problem::warning(
                "no_receipt",
                format!("{no_receipt} transactions have no receipt (gas used, status): their fees are not debited and failed ones cannot be told"),
            ));
        }
        for t in self.txs.values() {
            if let Some(c) = &t.contract {
                self.contracts.insert(c.clone());
            }
        }
        // Moves: traces and token transfers.
        let mut unknown_tokens: BTreeMap<String, u64> = BTreeMap::new();
        // Transactions known only from moves: ordered by their first log / trace.
        let mut first_order: HashMap<String, u64> = HashMap::new();
        for m in &self.moves {
            if let Some(h) = &m.tx_hash {
                if !tx_ids.contains_key(h) {
                    let e = first_order.entry(h.clone()).or_insert(u64::MAX);
                    *e = (*e).min(m.order);
                }
            }
        }
        let mut reward_tx: HashMap<u64, u32> = HashMap::new();
        let moves = std::mem::take(&mut self.moves);
        for m in moves {
            if m.top_level && m.tx_hash.as_ref().is_some_and(|h| tx_ids.contains_key(h)) {
                continue;
            }
            let (tx, pos) = match &m.tx_hash {
                Some(h) => match tx_ids.get(h) {
                    Some(&(id, _, pos)) => (id, pos),
                    None => {
                        let pos = m
                            .tx_index
                            .unwrap_or((1 << 41) + first_order.get(h).copied().unwrap_or(0));
                        let id = b.tx(
                            crate::graph::parse_hash(h).unwrap_or([0; 32]),
                            time_of(m.block, m.time),
                        );
                        tx_ids.insert(h.clone(), (id, m.block, pos));
                        (id, pos)
                    }
                },
                None => {
                    // Block rewards: one pseudo-transaction per block, after its transactions.
                    let id = *reward_tx
                        .entry(m.block)
                        .or_insert_with(|| b.tx([0; 32], time_of(m.block, m.time)));
                    (id, 1 << 42)
                }
            };
            let asset = match &m.asset {
                None => native,
                Some(contract) => match b.asset_by_key(contract) {
                    Some(a) => a,
                    None => {
                        let (symbol, decimals) = match self.tokens.get(contract) {
                            Some(t) => (t.symbol.clone(), Some(t.decimals)),
                            None => (contract.clone(), None),
                        };
                        b.asset(contract, &symbol, decimals, Some(contract))
                    }
                },
            };
            if let Some(contract) = &m.asset {
                if self.tokens.get(contract).is_none() {
                    *unknown_tokens.entry(contract.clone()).or_default() += 1;
                }
            }
            let src = match &m.from {
                Some(f) => b.node(f),
                None => MINT,
            };
            let dst = b.node(&m.to);
            b.push(Row {
                key: (m.block, pos, m.order),
                tx,
                src,
                dst,
                asset,
                value: m.value,
                link: NONE,
            });
        }
        for (token, n) in unknown_tokens {
            self.problems.push(Problem::warning(
                "unknown_token",
                format!("token {token} ({n} transfers) is not in the decimals table: amounts stay in base units; it may be a spam token"),
            ));
        }
        for c in &self.contracts {
            if let Some(n) = b.node_id(c) {
                b.flag(n, NodeFlags::CONTRACT);
            }
        }
        (b.finish(), self.problems)
    }
}
