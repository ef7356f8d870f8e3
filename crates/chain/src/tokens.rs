//! Token decimals: a table of the major tokens, and readers for what the data says.
//!
//! Tokens are identified by contract address, never by symbol: spam and impersonation tokens
//! reuse the symbols of real ones ("stETH", "USDT"). Where the data disagrees with the table,
//! the table wins and the disagreement is reported.

use std::collections::HashMap;

use ce2_model::problem::Problem;

/// A token: contract (lower case), symbol, decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Contract address, lower case.
    pub contract: String,
    /// Symbol.
    pub symbol: String,
    /// Decimals.
    pub decimals: u8,
}

/// Native coins: symbol and decimals.
pub const NATIVE: &[(&str, u8)] = &[
    ("ETH", 18),
    ("BTC", 8),
    ("LTC", 8),
    ("BCH", 8),
    ("DOGE", 8),
    ("ZEC", 8),
    ("DASH", 8),
    ("TRX", 6),
    ("BNB", 18),
    ("MATIC", 18),
    ("ARB", 18),
];

/// Major Ethereum mainnet tokens (contract, symbol, decimals).
pub const MAJOR_ERC20: &[(&str, &str, u8)] = &[
    ("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", "WETH", 18),
    ("0xdac17f958d2ee523a2206206994597c13d831ec7", "USDT", 6),
    ("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC", 6),
    ("0x6b175474e89094c44da98b954eedeac495271d0f", "DAI", 18),
    ("0x2260fac5e5542a773aa44fbcfedf7c193bc2c599", "WBTC", 8),
    ("0xae7ab96520de3a18e5e111b5eaab095312d7fe84", "stETH", 18),
    ("0x7f39c581f595b53c5cb19bd0b3f8da6c935e2ca0", "wstETH", 18),
    ("0xd5f7838f5c461feff7fe49ea5ebaf7728bb0adfa", "mETH", 18),
    ("0xe6829d9a7ee3040e1276fa75293bde931859e8fa", "cmETH", 18),
    ("0x514910771af9ca656af840dff83e8264ecf986ca", "LINK", 18),
    ("0x1f9840a85d5af5bf1d1762f925bdaddc4201f984", "UNI", 18),
];

/// The decimals table: built-in entries plus what readers add.
#[derive(Debug, Clone)]
pub struct TokenTable {
    by_contract: HashMap<String, Token>,
}

impl Default for TokenTable {
    fn default() -> Self {
        TokenTable::builtin()
    }
}

impl TokenTable {
    /// The built-in table of major tokens.
    pub fn builtin() -> TokenTable {
        let by_contract = MAJOR_ERC20
            .iter()
            .map(|&(c, s, d)| {
                (
                    c.to_string(),
                    Token {
                        contract: c.to_string(),
                        symbol: s.to_string(),
                        decimals: d,
                    },
                )
            })
            .collect();
        TokenTable { by_contract }
    }

    /// A token by contract (any case).
    pub fn get(&self, contract: &str) -> Option<&Token> {
        self.by_contract.get(&contract.trim().to_ascii_lowercase())
    }

    /// Add a token the data describes. A token already known with other decimals keeps the
    /// known ones; the conflict is returned as a warning.
    pub fn add(&mut self, token: Token) -> Option<Problem> {
        let key = token.contract.trim().to_ascii_lowercase();
        if let Some(known) = self.by_contract.get(&key) {
            if known.decimals != token.decimals {
                return Some(Problem::warning(
                    "decimals_conflict",
                    format!(
                        "token {key} ({}) is said to have {} decimals; keeping the known {}",
                        token.symbol, token.decimals, known.decimals
                    ),
                ));
            }
            return None;
        }
        self.by_contract.insert(
            key.clone(),
            Token {
                contract: key,
                ..token
            },
        );
        None
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.by_contract.len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.by_contract.is_empty()
    }

    /// Read a token CSV: ethereum-etl `tokens` (`address,symbol,name,decimals,…`) or a
    /// `contractAddress,tokenSymbol,decimals` table. Returns the problems (bad rows, conflicts).
    pub fn read_csv(&mut self, bytes: &[u8]) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let headers = match rdr.headers() {
            Ok(h) => h.clone(),
            Err(e) => return vec![Problem::error("bad_header", e.to_string()).at_line(1)],
        };
        let col = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
        };
        let (Some(c_addr), Some(c_dec)) =
            (col(&["address", "contractAddress"]), col(&["decimals"]))
        else {
            return vec![Problem::error(
                "bad_header",
                "a token table needs an address and a decimals column",
            )];
        };
        let c_sym = col(&["symbol", "tokenSymbol"]);
        for (i, rec) in rdr.records().enumerate() {
            let line = i as u64 + 2;
            let Ok(rec) = rec else {
                problems.push(Problem::error("bad_record", "unreadable row").at_line(line));
                continue;
            };
            let addr = rec.get(c_addr).unwrap_or("");
            let Ok(decimals) = rec.get(c_dec).unwrap_or("").parse::<u8>() else {
                problems.push(
                    Problem::warning(
                        "bad_decimals",
                        format!("token {addr}: decimals {:?} unreadable", rec.get(c_dec)),
                    )
                    .at_line(line),
                );
                continue;
            };
            let symbol = c_sym.and_then(|c| rec.get(c)).unwrap_or("").to_string();
            if let Some(p) = self.add(Token {
                contract: addr.to_string(),
                symbol,
                decimals,
            }) {
                problems.push(p.at_line(line));
            }
        }
        problems
    }
}
