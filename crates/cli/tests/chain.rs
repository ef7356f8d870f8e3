//! `ce2 chain` end to end: transfers read, labels added with their sources, a trace whose
//! amounts are worked out by hand, exposure, a path, `ce2 screen` reporting a wallet's listing
//! and exposure together; and, when the shared data is present, the Bybit network traced from
//! the theft receivers to the FBI-listed addresses.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn ce2(chain: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ce2"))
        .env("CE2_CHAIN", chain)
        .args(args)
        .output()
        .expect("ce2 runs")
}

fn ok(chain: &Path, args: &[&str]) -> String {
    let o = ce2(chain, args);
    assert!(
        o.status.success(),
        "ce2 {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

const THIEF: &str = "0x1111111111111111111111111111111111111111";
const A: &str = "0x2222222222222222222222222222222222222222";
const B: &str = "0x3333333333333333333333333333333333333333";
const EXCHANGE: &str = "0x4444444444444444444444444444444444444444";
const C: &str = "0x5555555555555555555555555555555555555555";
const CLEAN: &str = "0x6666666666666666666666666666666666666666";
const VICTIM: &str = "0x7777777777777777777777777777777777777777";

/// The victim loses 100 to the thief, who splits it 60/40; 60 goes to an exchange, 40 on to C,
/// which also receives 60 of clean money.
fn edges() -> String {
    format!(
        "source,target,value,asset,time\n\
         {VICTIM},{THIEF},100,ETH,1\n\
         {THIEF},{A},60,ETH,2\n\
         {THIEF},{B},40,ETH,3\n\
         {A},{EXCHANGE},60,ETH,4\n\
         {B},{C},40,ETH,5\n\
         {CLEAN},{C},60,ETH,6\n"
    )
}

fn setup(dir: &Path) -> std::path::PathBuf {
    let chain = dir.join("chain");
    let e = dir.join("edges.csv");
    fs::write(&e, edges()).unwrap();
    let out = ok(
        &chain,
        &[
            "chain",
            "ingest",
            &e.display().to_string(),
            "--format",
            "edges",
        ],
    );
    assert!(out.contains("6 transfers"), "{out}");
    let stolen = dir.join("stolen.txt");
    fs::write(&stolen, format!("{THIEF}\n")).unwrap();
    ok(
        &chain,
        &[
            "chain",
            "label",
            &stolen.display().to_string(),
            "--format",
            "list",
            "--category",
            "stolen",
            "--name",
            "heist",
            "--source",
            "case file 7",
        ],
    );
    let services = dir.join("services.csv");
    fs::write(
        &services,
        format!("address,category,name,source\n{EXCHANGE},exchange,Some Exchange,analyst\n"),
    )
    .unwrap();
    ok(
        &chain,
        &[
            "chain",
            "label",
            &services.display().to_string(),
            "--format",
            "csv",
        ],
    );
    chain
}

#[test]
fn a_trace_gives_the_amounts_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let chain = setup(dir.path());
    let csv = ok(
        &chain,
        &["chain", "trace", "--from", THIEF, "--model", "haircut"],
    );
    let mut rows = csv.lines();
    let header = rows.next().unwrap();
    assert!(header.starts_with("address,asset,amount"), "{header}");
    let amount = |addr: &str| -> String {
        csv.lines()
            .find(|l| l.to_ascii_lowercase().starts_with(addr))
            .unwrap_or_else(|| panic!("{addr} not reached:\n{csv}"))
            .split(',')
            .nth(2)
            .unwrap()
            .to_string()
    };
    assert_eq!(amount(A), "60");
    assert_eq!(amount(B), "40");
    assert_eq!(amount(EXCHANGE), "60");
    assert_eq!(amount(C), "40");
    assert!(!csv.contains(CLEAN), "clean money is not traced");
    let exchange_row = csv.lines().find(|l| l.starts_with(EXCHANGE)).unwrap();
    assert!(exchange_row.contains("exchange"), "{exchange_row}");

    // Exposure: C received 100, 40 of it from the thief two hops back.
    let v: serde_json::Value = serde_json::from_str(&ok(
        &chain,
        &["--json", "chain", "exposure", C, "--model", "haircut"],
    ))
    .unwrap();
    let eth = &v["assets"][0];
    assert_eq!(eth["received"], "100");
    assert_eq!(eth["indirect"], "40");
    assert_eq!(eth["share"], "0.400000");

    // The path from the thief to C, transfer by transfer.
    let v: serde_json::Value =
        serde_json::from_str(&ok(&chain, &["--json", "chain", "path", THIEF, C])).unwrap();
    assert_eq!(v["hops"], 2);

    // Labels are claims with their sources.
    let out = ok(&chain, &["chain", "labels", THIEF]);
    assert!(
        out.contains("stolen") && out.contains("case file 7"),
        "{out}"
    );

    // GraphML for Gephi.
    let g = dir.path().join("flows.graphml");
    ok(
        &chain,
        &[
            "chain",
            "trace",
            "--from",
            THIEF,
            "--format",
            "graphml",
            "-o",
            &g.display().to_string(),
        ],
    );
    assert!(fs::read_to_string(&g).unwrap().contains("<graphml"));

    // The trace as evidence, linked to the seed and to the labelled endpoint.
    let ledger = dir.path().join("ledger");
    let l = ledger.display().to_string();
    ok(&chain, &["evidence", "--ledger", &l, "init"]);
    let o = ce2(
        &chain,
        &[
            "chain",
            "trace",
            "--from",
            THIEF,
            "--to-ledger",
            "--ledger",
            &l,
            "--actor",
            "analyst-1",
            "-o",
            "/dev/null",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let shown = ok(
        &chain,
        &[
            "evidence",
            "--ledger",
            &l,
            "show",
            "--entity",
            &format!("wallet:{EXCHANGE}"),
        ],
    );
    assert!(shown.contains("EV-0001"), "{shown}");
    let shown = ok(&chain, &["evidence", "--ledger", &l, "show", "EV-0001"]);
    assert!(
        shown.contains("received traced funds") && shown.contains("exchange"),
        "{shown}"
    );
}

#[test]
fn screening_a_wallet_reports_listings_and_exposure_together() {
    let dir = tempfile::tempdir().unwrap();
    let chain = setup(dir.path());
    let store = dir.path().join("store.sqlite");
    ok(&chain, &["--store", &store.display().to_string(), "demo"]);
    let out = ok(
        &chain,
        &["--store", &store.display().to_string(), "screen", "--id", C],
    );
    assert!(out.contains("exposure of"), "{out}");
    assert!(out.contains("0.400000"), "{out}");
}

#[test]
fn bad_transfer_rows_are_reported_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let chain = dir.path().join("chain");
    let e = dir.path().join("edges.csv");
    fs::write(
        &e,
        format!("source,target,value\n{A},{B},10\n{A},{B},-5\n{A},{B},not-a-number\n{B},{C},3\n"),
    )
    .unwrap();
    let o = ce2(
        &chain,
        &[
            "chain",
            "ingest",
            &e.display().to_string(),
            "--format",
            "edges",
        ],
    );
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 3") && err.contains("line 4"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("2 transfers"));
    let o = ce2(&chain, &["chain", "trace", "--from", "0xdeadbeef"]);
    assert_eq!(o.status.code(), Some(6));
}

#[test]
fn the_bybit_receivers_reach_the_fbi_listed_addresses() {
    let Some(data) = ce2_testdata::shared_file("crypto/bybit") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let chain = dir.path().join("chain");
    let edges = data.join("tna_we-stronger/transaction_network_edges.csv");
    ok(
        &chain,
        &[
            "chain",
            "ingest",
            &edges.display().to_string(),
            "--format",
            "edges",
        ],
    );
    let labelled = fs::read_to_string(data.join("bybit_addresses_labelled.csv")).unwrap();
    let receivers: Vec<&str> = labelled
        .lines()
        .filter(|l| l.split(',').nth(2) == Some("theft"))
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(receivers.len(), 3);
    let mut args = vec!["chain", "trace", "--model", "poison", "--hops", "2"];
    for r in &receivers {
        args.push("--from");
        args.push(r);
    }
    let csv = ok(&chain, &args).to_ascii_lowercase();
    let fbi = fs::read_to_string(data.join("fbi_psa250226_eth_addresses.txt")).unwrap();
    let listed: Vec<String> = fbi
        .lines()
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| l.starts_with("0x"))
        .collect();
    assert_eq!(listed.len(), 51);
    let reached = listed
        .iter()
        .filter(|a| {
            csv.lines().any(|l| l.starts_with(a.as_str()))
                || receivers.iter().any(|r| r.eq_ignore_ascii_case(a))
        })
        .count();
    assert_eq!(reached, 51, "FBI-listed addresses reached within 2 hops");
}
