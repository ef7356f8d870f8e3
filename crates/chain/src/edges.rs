//! Plain edge lists (`source,target,weight[,asset][,time]`) into an account-model graph: for
//! aggregated networks such as the Bybit transaction-network study, whose edges carry a summed
//! value and no time. Edges without a time are ranked in file order, which then stands for
//! time: traces over such a graph follow the file's order, not the chain's.

use ce2_model::problem::Problem;

use crate::address;
use crate::amount::parse_units;
use crate::graph::{GraphBuilder, Ledger, Row, TransferGraph, NONE};
use crate::records;

/// Read an edge list. Columns by name: `source`/`from`/`src`, `target`/`to`/`dst`, the value
/// from the first of `value`, `weight`, `weight_raw_units`, `amount`; optional `asset` and
/// `time` (seconds). `default_asset` names the asset of rows without one (decimals unknown).
pub fn read_edge_list(
    bytes: &[u8],
    name: &str,
    default_asset: &str,
) -> (TransferGraph, Vec<Problem>) {
    let (recs, mut problems) = records::read(bytes, name);
    let mut b = GraphBuilder::new(Ledger::Account);
    let first = |r: &records::Record, ks: &[&str]| -> Option<String> {
        ks.iter().find_map(|k| r.get(k)).map(str::to_string)
    };
    for (i, rec) in recs.iter().enumerate() {
        let (Some(s), Some(t)) = (
            first(rec, &["source", "from", "src", "from_address"]),
            first(rec, &["target", "to", "dst", "to_address"]),
        ) else {
            problems.push(
                Problem::error(
                    "bad_record",
                    format!("{name}: an edge needs a source and a target"),
                )
                .at_line(rec.line),
            );
            continue;
        };
        let raw =
            first(rec, &["value", "weight", "weight_raw_units", "amount"]).unwrap_or_default();
        let value = match parse_units(&raw) {
            Ok(v) => v,
            Err(e) => {
                problems
                    .push(Problem::error("bad_value", format!("{name}: {e}")).at_line(rec.line));
                continue;
            }
        };
        let asset_name = first(rec, &["asset", "token", "token_address"])
            .unwrap_or_else(|| default_asset.to_string());
        let asset = b.asset(&asset_name, &asset_name, None, None);
        let time = first(rec, &["time", "timestamp", "block_timestamp"])
            .and_then(|x| x.parse::<i64>().ok());
        let src = b.node(&address::key(&s));
        let dst = b.node(&address::key(&t));
        let tx = b.tx([0; 32], time);
        b.push(Row {
            key: (time.map_or(0, |t| t.max(0) as u64), i as u64, 0),
            tx,
            src,
            dst,
            asset,
            value,
            link: NONE,
        });
    }
    (b.finish(), problems)
}
