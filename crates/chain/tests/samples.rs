//! The real samples in the shared data folder (`crypto/`): ethereum-etl and bitcoin-etl
//! exports, the Bybit transaction network with the FBI's list, OFAC's digital-currency
//! addresses, GraphSense TagPacks and the labelled CSVs. Each test skips, after a notice, when
//! its files are absent (see `ce2-testdata`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use ce2_chain::address;
use ce2_chain::btc::BtcReader;
use ce2_chain::edges::read_edge_list;
use ce2_chain::eth::{EthFile, EthReader};
use ce2_chain::graph::FEES;
use ce2_chain::labels::{self, Category, LabelSet};
use ce2_chain::path::shortest_path;
use ce2_chain::tokens::TokenTable;
use ce2_chain::trace::{trace, Model, Seed, TraceSpec};
use ce2_model::problem::Problem;

fn crypto(rel: &str) -> Option<PathBuf> {
    ce2_testdata::shared_file(&format!("crypto/{rel}"))
}

fn read(path: &PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn codes(problems: &[Problem]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for p in problems {
        *m.entry(p.code.clone()).or_default() += 1;
    }
    m
}

#[test]
fn ethereum_etl_stream_blocks() {
    let dir = "ethereum_etl_samples/test_stream/blocks_17173049_17173050";
    let (Some(txs), Some(tts)) = (
        crypto(&format!("{dir}/expected_transactions.json")),
        crypto(&format!("{dir}/expected_token_transfers.json")),
    ) else {
        return;
    };
    let mut r = EthReader::new("ETH");
    r.add(EthFile::Transactions, "transactions", &read(&txs));
    r.add(EthFile::TokenTransfers, "token_transfers", &read(&tts));
    let (g, problems) = r.finish();
    // 298 transactions: 298 fees, 127 value transfers (9 failed ones move none), 291 token
    // transfers.
    assert_eq!(g.transfer_count(), 298 + 127 + 291);
    let eth = g.asset_id("ETH").unwrap();
    let (mut fees, mut value) = (0u128, 0u128);
    for r in 0..g.transfer_count() {
        if g.asset(r) != eth {
            continue;
        }
        if g.dst(r) == FEES {
            fees += g.value(r);
        } else {
            value += g.value(r);
        }
    }
    assert_eq!(fees, 2_362_878_739_684_767_282);
    assert_eq!(value, 82_246_255_043_361_813_012);
    // 76 tokens, 7 of them in the built-in table: 69 reported as unknown.
    let c = codes(&problems);
    assert_eq!(c.get("unknown_token"), Some(&69), "{problems:?}");
    assert_eq!(g.assets().len(), 1 + 76);
    assert_eq!(
        g.assets()[g.asset_id("USDT").unwrap() as usize].decimals,
        Some(6)
    );
    // Times are the blocks' and ranks follow chain order.
    assert_eq!(g.time(0), 1_683_029_999);
    assert!((1..g.transfer_count()).all(|r| g.time(r - 1) <= g.time(r)));
    // Reading the same file twice reports every transaction as a duplicate, and reads each once.
    let mut r = EthReader::new("ETH");
    r.add(EthFile::Transactions, "a", &read(&txs));
    r.add(EthFile::Transactions, "b", &read(&txs));
    let (g2, problems) = r.finish();
    assert_eq!(g2.transfer_count(), 298 + 127);
    assert_eq!(codes(&problems).get("duplicate"), Some(&298));
}

#[test]
fn ethereum_etl_csv_exports() {
    let base = "ethereum_etl_samples";
    let (Some(txs), Some(receipts), Some(tts), Some(traces)) = (
        crypto(&format!("{base}/test_export_blocks_job/block_with_logs/expected_transactions.csv")),
        crypto(&format!("{base}/test_export_receipts_job/receipts_with_logs/expected_receipts.csv")),
        crypto(&format!(
            "{base}/test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv"
        )),
        crypto(&format!("{base}/test_export_traces_job/block_with_error/expected_traces.csv")),
    ) else {
        return;
    };
    let mut r = EthReader::new("ETH");
    r.add(EthFile::Transactions, "transactions.csv", &read(&txs));
    r.add(EthFile::Receipts, "receipts.csv", &read(&receipts));
    r.add(EthFile::TokenTransfers, "token_transfers.csv", &read(&tts));
    let (g, problems) = r.finish();
    // 4 transactions with receipts: 4 fees of 21,000+ gas at 50 gwei; 2 carry ETH; 2 token
    // transfers of an unknown token.
    let fees: Vec<u128> = (0..g.transfer_count())
        .filter(|&r| g.dst(r) == FEES)
        .map(|r| g.value(r))
        .collect();
    assert_eq!(fees.len(), 4, "{problems:?}");
    assert!(fees.contains(&(21_000 * 50_000_000_000)));
    let token = g
        .asset_id("0xf4eced2f682ce333f96f2d8966c613ded8fc95dd")
        .unwrap();
    assert_eq!(g.assets()[token as usize].decimals, None);
    assert_eq!(
        (0..g.transfer_count())
            .filter(|&r| g.asset(r) == token)
            .count(),
        2
    );
    // Parity traces: the failed call ("Out of gas") moves nothing; the block reward comes from
    // the mint.
    let mut r = EthReader::new("ETH");
    r.add(EthFile::Traces, "traces.csv", &read(&traces));
    let (g, _) = r.finish();
    assert_eq!(g.transfer_count(), 2);
    let reward = (0..2)
        .find(|&r| g.src(r) == ce2_chain::graph::MINT)
        .unwrap();
    assert_eq!(g.value(reward), 5_000_000_000_000_000_000);
}

#[test]
fn ethereum_etl_bad_rows_are_reported_with_lines() {
    let csv = "hash,block_number,transaction_index,from_address,to_address,value,gas_price,block_timestamp\n\
        0x01,1,0,0x1111111111111111111111111111111111111111,0x2222222222222222222222222222222222222222,100,1,10\n\
        0x02,1,1,0x1111111111111111111111111111111111111111,0x2222222222222222222222222222222222222222,-5,1,10\n\
        0x03,1,2,0x1111111111111111111111111111111111111111,0x2222222222222222222222222222222222222222,1.5e3,1,10\n\
        0x04,1,3,0x1111111111111111111111111111111111111111,0x2222222222222222222222222222222222222222,999999999999999999999999999999999999999999,1,10\n\
        0x05,1\n\
        0x01,1,0,0x1111111111111111111111111111111111111111,0x3333333333333333333333333333333333333333,7,1,10\n";
    let mut r = EthReader::new("ETH");
    r.add(EthFile::Transactions, "t.csv", csv.as_bytes());
    let (g, problems) = r.finish();
    let mut lines: Vec<(String, Option<u64>)> = problems
        .iter()
        .filter(|p| p.code != "no_receipt")
        .map(|p| (p.code.clone(), p.line))
        .collect();
    lines.sort_by_key(|x| x.1);
    assert_eq!(
        lines,
        [
            ("bad_value".to_string(), Some(3)),
            ("bad_value".to_string(), Some(4)),
            ("bad_value".to_string(), Some(5)),
            ("bad_record".to_string(), Some(6)),
            ("conflicting_duplicate".to_string(), Some(7)),
        ]
    );
    assert_eq!(g.transfer_count(), 1);
    assert_eq!(g.value(0), 100);
}

#[test]
fn bitcoin_etl_blocks() {
    let base = "bitcoin_etl_samples/test_export_blocks_job";
    let Some(stream) = crypto(&format!(
        "{base}/bitcoin/stream_50001_50002/expected_transactions.json"
    )) else {
        return;
    };
    let mut r = BtcReader::new("BTC");
    r.add("stream", &read(&stream));
    let (g, problems) = r.finish();
    // 4 transactions: 2 coinbases (mint → tx → address), 2 spending 3 inputs whose outputs are
    // not in the data but whose values are stated, into 2 outputs; no fees.
    assert_eq!(g.transfer_count(), 2 * 2 + 3 + 2, "{problems:?}");
    assert!(problems.is_empty(), "{problems:?}");
    let tx = g
        .tx_by_hash("7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a")
        .unwrap();
    let range = g.tx_range(tx);
    assert_eq!(range.len(), 3);
    let out = range.clone().find(|&r| g.is_tx_node(g.src(r))).unwrap();
    assert_eq!(g.value(out), 10_000_000_000);
    assert_eq!(g.name(g.dst(out)), "1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ");
    // Both spends pay the same address: it received 150 BTC over the two blocks.
    let h = g.node("1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ").unwrap();
    let got: u128 = g.incoming(h).iter().map(|&r| g.value(r)).sum();
    assert_eq!(got, 15_000_000_000);

    // The same blocks exported without input values, read together with the stream: the
    // duplicates are reported and read once.
    let Some(plain) = crypto(&format!(
        "{base}/bitcoin/block_with_transactions/expected_transactions.json"
    )) else {
        return;
    };
    let mut r = BtcReader::new("BTC");
    r.add("stream", &read(&stream));
    r.add("plain", &read(&plain));
    let (g2, problems) = r.finish();
    assert_eq!(codes(&problems).get("duplicate"), Some(&4));
    assert_eq!(g2.transfer_count(), g.transfer_count());
    // Alone, that export has inputs of value 0 whose outputs are absent: left out, reported.
    let mut r = BtcReader::new("BTC");
    r.add("plain", &read(&plain));
    let (_, problems) = r.finish();
    assert_eq!(codes(&problems).get("missing_input"), Some(&1));

    // Zcash with shielded outputs, Dogecoin with large values, the BCH duplicate-txid block.
    for (chain, dir, txs) in [
        ("ZEC", "zcash/block_with_shielded_addresses", 4),
        ("ZEC", "zcash/block_with_value_balance", 10),
        ("DOGE", "dogecoin/block_with_float_precision_loss", 6),
        ("BCH", "bitcoin_cash/block_with_duplicate_txid", 1),
    ] {
        let Some(p) = crypto(&format!("{base}/{dir}/expected_transactions.json")) else {
            return;
        };
        let mut r = BtcReader::new(chain);
        r.add(dir, &read(&p));
        let (g, problems) = r.finish();
        let tx_nodes = (0..g.node_count()).filter(|&n| g.is_tx_node(n)).count();
        assert_eq!(tx_nodes, txs, "{dir}: {problems:?}");
        assert!(
            problems.iter().all(|p| p.code == "missing_input"),
            "{dir}: {problems:?}"
        );
        if chain == "DOGE" {
            // 8484129938700000 koinu: exact, no float went through it.
            assert!((0..g.transfer_count()).any(|r| g.value(r) == 8_484_129_938_700_000));
        }
        if dir.contains("shielded") {
            assert!(g.node("shielded").is_some());
        }
    }
}

fn bybit_labels() -> Option<(LabelSet, Vec<String>)> {
    let fbi = crypto("bybit/fbi_psa250226_eth_addresses.txt")?;
    let labelled = crypto("bybit/bybit_addresses_labelled.csv")?;
    let mut set = LabelSet::new();
    let (l, p) = labels::read_address_list(
        &read(&fbi),
        Category::Stolen,
        "Bybit theft (DPRK TraderTraitor)",
        "FBI PSA I-022625-PSA",
        Some("2025-02-26"),
    );
    assert!(p.is_empty(), "{p:?}");
    let fbi_addrs: Vec<String> = l.iter().map(|x| x.address.clone()).collect();
    set.extend(l);
    let (l, p) = labels::read_labelled_csv(&read(&labelled), "bybit_addresses_labelled.csv");
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(l.len(), 213);
    set.extend(l);
    Some((set, fbi_addrs))
}

#[test]
fn bybit_network_reaches_the_fbi_addresses() {
    let (Some(edges), Some((set, fbi))) = (
        crypto("bybit/tna_we-stronger/transaction_network_edges.csv"),
        bybit_labels(),
    ) else {
        return;
    };
    assert_eq!(fbi.len(), 51);
    // Every FBI address is EIP-55-valid.
    let raw = read(&crypto("bybit/fbi_psa250226_eth_addresses.txt").unwrap());
    for line in String::from_utf8_lossy(&raw)
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let a = address::parse(line).unwrap();
        assert_eq!(a.checksum, address::Checksum::Valid, "{line}");
    }
    let (g, problems) = read_edge_list(&read(&edges), "edges", "raw");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(g.transfer_count(), 14_416);
    assert_eq!(g.node_count(), 11_340 + 2);
    let theft: Vec<u32> = set
        .labels()
        .iter()
        .filter(|l| l.name == "theft")
        .filter_map(|l| g.node(&l.address))
        .collect();
    assert_eq!(theft.len(), 3);
    let fbi_nodes: HashSet<u32> = fbi.iter().filter_map(|a| g.node(a)).collect();
    assert_eq!(fbi_nodes.len(), 51);
    // Reachability within two hops from the three theft receivers: all 51 (two are theft
    // receivers themselves, 40 one hop away, 9 two hops).
    let mut by_hops: BTreeMap<usize, usize> = BTreeMap::new();
    for &f in &fbi_nodes {
        let best = theft
            .iter()
            .filter_map(|&t| shortest_path(&g, t, f, 2, false, 100_000).map(|p| p.len()))
            .min();
        *by_hops.entry(best.unwrap_or(99)).or_default() += 1;
    }
    assert_eq!(by_hops, BTreeMap::from([(0, 2), (1, 40), (2, 9)]));
    // A poison trace from the theft receivers over the network. Its edges have no time (the
    // file's order stands for it), so only paths in file order count: fewer are reached.
    let index = set.for_graph(&g);
    let mut spec = TraceSpec::new(
        Model::Poison,
        theft.iter().map(|&t| Seed::Address(t)).collect(),
    );
    spec.asset = Some(0);
    spec.max_hops = 2;
    let r = trace(&g, &index, &spec).unwrap();
    let reached = fbi_nodes.iter().filter(|&&f| r.node(f).is_some()).count();
    println!("poison trace in file order reaches {reached} of 51 FBI-listed addresses");
    assert_eq!(reached, 51);
}

#[test]
fn ofac_labels() {
    let Some(p) = crypto("ofac/sdn_digital_currency_addresses_2025-11-19.csv") else {
        return;
    };
    let (labels, problems) = labels::read_ofac_csv(&read(&p), "2025-11-19");
    assert_eq!(labels.len(), 761);
    let dprk = labels
        .iter()
        .filter(|l| l.detail.as_deref().is_some_and(|d| d.contains("DPRK")))
        .count();
    assert_eq!(dprk, 115);
    // Every XBT address passes Base58Check or bech32/bech32m; problems are only for forms this
    // crate does not check (Monero, Solana, XRP…).
    let xbt: Vec<_> = labels
        .iter()
        .filter(|l| l.chain.as_deref() == Some("XBT"))
        .collect();
    // 519 XBT rows (the per-asset text file of the same issue has 517 lines).
    assert_eq!(xbt.len(), 519);
    assert!(xbt.iter().all(|l| address::parse(&l.address).is_ok()));
    assert!(
        problems.iter().all(|p| p.code == "unchecked_address"),
        "{problems:?}"
    );
    let mut set = LabelSet::new();
    set.extend(labels);
    let lazarus = set.get("0x098B716B8Aaf21512996dC57EB0615e2383E2f96");
    assert_eq!(lazarus.len(), 1);
    assert_eq!(lazarus[0].name, "Lazarus Group");
    assert_eq!(lazarus[0].category, Category::Sanctioned);
    assert!(lazarus[0].source.contains("2025-11-19"));
}

#[test]
fn tagpacks_and_labelled_csvs() {
    let (Some(lazarus), Some(actors), Some(ronin)) = (
        crypto("graphsense_tagpacks/packs/lazarus.yaml"),
        crypto("graphsense_tagpacks/actors/graphsense.actorpack.yaml"),
        crypto("ronin/ronin_addresses_labelled.csv"),
    ) else {
        return;
    };
    let (actor_cats, problems) = labels::read_actorpack(&read(&actors));
    assert!(problems.is_empty());
    assert!(actor_cats["thorchain"].contains(&"defi_dex".to_string()));
    let (l, problems) = labels::read_tagpack(&read(&lazarus), "lazarus.yaml", &actor_cats);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(l.len(), 21);
    assert!(l.iter().all(|x| x.category == Category::Sanctioned));
    // Every pack in the folder loads; count tags and categories.
    let dir = lazarus.parent().unwrap();
    let mut total = 0;
    let mut cats: HashMap<Category, usize> = HashMap::new();
    let mut bad = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("yaml") {
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let (l, problems) = labels::read_tagpack(&read(&p), &name, &actor_cats);
        bad += problems.iter().filter(|p| p.code != "bad_checksum").count();
        total += l.len();
        for x in l {
            *cats.entry(x.category).or_default() += 1;
        }
    }
    assert_eq!(bad, 0);
    assert!(total > 40_000, "{total}");
    assert!(cats[&Category::Exchange] > 500 && cats[&Category::Mixer] > 40);
    let (l, problems) = labels::read_labelled_csv(&read(&ronin), "ronin_addresses_labelled.csv");
    assert_eq!(l.len(), 74, "{problems:?}");
    // The decimals the Bybit study recorded: four known tokens with 0 decimals, which the
    // built-in table corrects (and reports).
    if let Some(dec) = crypto("bybit/tna_we-stronger/decimals_processed.csv") {
        let mut t = TokenTable::builtin();
        let problems = t.read_csv(&read(&dec));
        assert_eq!(
            codes(&problems).get("decimals_conflict"),
            Some(&4),
            "{problems:?}"
        );
        assert_eq!(
            t.get("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48")
                .unwrap()
                .decimals,
            6
        );
    }
}
