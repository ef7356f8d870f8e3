//! Synthetic graphs for benchmarks and tests: random senders and receivers in chain order, one
//! asset, values of 1 to 10^12 base units, 16 transfers a second.

use crate::graph::{Asset, Ledger, Rec, TransferGraph};

/// A small deterministic random number generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

/// A random account graph of `transfers` transfers over `nodes` nodes (ids from 2, after the
/// pseudo-nodes). Columns are generated directly in chain order, so building it needs no sort
/// and no more memory than the graph itself.
pub fn random_graph(transfers: u32, nodes: u32, seed: u64) -> TransferGraph {
    let mut rng = Rng::new(seed);
    let n = transfers as usize;
    let nodes = nodes.max(3);
    let mut recs = Vec::with_capacity(n);
    for _ in 0..n {
        let src = 2 + rng.below(u64::from(nodes - 2)) as u32;
        let dst = 2 + rng.below(u64::from(nodes - 2)) as u32;
        let value = 1 + rng.below(1_000_000_000_000);
        recs.push(Rec::new(src, dst, 0, u128::from(value)).0);
    }
    let time = (0..transfers)
        .step_by(256)
        .map(|r| (r, i64::from(r / 16)))
        .collect();
    TransferGraph::from_records(
        Ledger::Account,
        nodes,
        recs,
        Vec::new(),
        time,
        Vec::new(),
        vec![Asset {
            symbol: "ETH".to_string(),
            decimals: Some(18),
            contract: None,
        }],
    )
}
