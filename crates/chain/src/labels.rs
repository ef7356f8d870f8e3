//! Labels: claims about addresses, each kept with its source.
//!
//! A label is never ground truth: public lists contain errors (an exploiter labelled as the
//! mixer it used, a mixer labelled as another mixer). An address can carry several labels, even
//! conflicting ones, and each is kept with where it came from and its date. Categories decide
//! where tracing stops ([`Category::stops_trace`]) and what exposure counts as tainted
//! ([`Category::is_taint_source`]).
//!
//! Readers (bytes in, labels and problems out):
//! * [`read_ofac_csv`]: the derived OFAC SDN digital-currency address CSV
//!   (`sdn_uid,profile_id,sdn_name,party_subtype,programs,entity_entry_date,asset,address`);
//! * [`read_address_list`]: one address per line with a fixed category and source (the FBI PSA
//!   list of the Bybit theft);
//! * [`read_tagpack`]: a GraphSense TagPack (YAML: header fields inherited by each tag);
//! * [`read_labelled_csv`]: the labelled Bybit/Ronin CSVs (`chain,address,role,note,…,source`)
//!   and the user's own CSV (`address,category,label[,source][,date][,chain]`).

use std::collections::HashMap;

use ce2_model::problem::Problem;
use serde::{Deserialize, Serialize};

use crate::address;
use crate::graph::{NodeId, TransferGraph};

/// What a label says an address is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// On a sanctions list.
    Sanctioned,
    /// Holds stolen funds (theft receivers, laundering addresses).
    Stolen,
    /// Other illicit use (attacker infrastructure, scams, ransomware, phishing).
    Illicit,
    /// A centralised exchange.
    Exchange,
    /// A bridge or cross-chain swapper.
    Bridge,
    /// A mixer (Tornado Cash, Wasabi coordinators, Blender…).
    Mixer,
    /// A swap contract or DEX: a conversion, not a destination.
    Swap,
    /// An OTC desk or cash-out broker.
    Otc,
    /// Another custodial or pooled service (lending pools, gambling, payment processors…).
    Service,
    /// A victim of a theft.
    Victim,
    /// Anything else (a named user, a miner, an organisation).
    Other,
}

impl Category {
    /// All categories.
    pub const ALL: [Category; 11] = [
        Category::Sanctioned,
        Category::Stolen,
        Category::Illicit,
        Category::Exchange,
        Category::Bridge,
        Category::Mixer,
        Category::Swap,
        Category::Otc,
        Category::Service,
        Category::Victim,
        Category::Other,
    ];

    /// The category's name as written in CSVs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::Sanctioned => "sanctioned",
            Category::Stolen => "stolen",
            Category::Illicit => "illicit",
            Category::Exchange => "exchange",
            Category::Bridge => "bridge",
            Category::Mixer => "mixer",
            Category::Swap => "swap",
            Category::Otc => "otc",
            Category::Service => "service",
            Category::Victim => "victim",
            Category::Other => "other",
        }
    }

    /// A category from a name used by this crate, GraphSense (category, abuse and actor
    /// categories of the INTERPOL taxonomy) or a labelled CSV's role.
    pub fn parse(raw: &str) -> Option<Category> {
        let s = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Some(match s.as_str() {
            "sanctioned" | "sanction" | "sanctions" | "ofac" => Category::Sanctioned,
            "stolen" | "theft" | "laundering" | "hack" | "hacker" | "exploit" | "exploiter" => {
                Category::Stolen
            }
            "illicit" | "attacker" | "attacker_contract" | "attacker_test" | "scam"
            | "phishing" | "ransomware" | "ponzi_scheme" | "pyramid_scheme"
            | "investment_fraud" | "sextortion" | "extremism" | "terrorism" | "hacking"
            | "social_engineering" | "dark_web" | "black_list" | "blacklist" => Category::Illicit,
            "exchange" | "cex" | "exchange_deposit" => Category::Exchange,
            "bridge" | "defi_bridge" | "cross_chain" => Category::Bridge,
            "mixer" | "mixing_service" | "coinjoin" | "mixing" => Category::Mixer,
            "swap" | "dex" | "defi_dex" | "swap_contract" | "aggregator" => Category::Swap,
            "otc" | "cashout_broker" | "broker" | "p2p" => Category::Otc,
            "service" | "defi" | "defi_lending" | "defi_derivative" | "market" | "gambling"
            | "wallet_service" | "payment_processor" | "mining_service" | "faucet" | "index" => {
                Category::Service
            }
            "victim" | "victim_signer" => Category::Victim,
            "other" | "user" | "organization" | "miner" | "collectible" => Category::Other,
            _ => return None,
        })
    }

    /// Whether tracing stops at an address of this category by default: funds that reach a
    /// service are reported there, not followed through its pooled wallets.
    pub fn stops_trace(self) -> bool {
        matches!(
            self,
            Category::Exchange
                | Category::Bridge
                | Category::Mixer
                | Category::Otc
                | Category::Service
        )
    }

    /// Whether exposure counts value coming from an address of this category as tainted by
    /// default.
    pub fn is_taint_source(self) -> bool {
        matches!(self, Category::Sanctioned | Category::Stolen)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of categories (a bit set; serialised as the list of its categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct CategorySet(pub u16);

impl Serialize for CategorySet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl CategorySet {
    /// The empty set.
    pub const EMPTY: CategorySet = CategorySet(0);

    /// A set of the given categories.
    pub fn of(cats: &[Category]) -> CategorySet {
        CategorySet(cats.iter().fold(0, |acc, c| acc | c.bit()))
    }

    /// The categories where tracing stops by default.
    pub fn default_stops() -> CategorySet {
        CategorySet::of(
            &Category::ALL
                .into_iter()
                .filter(|c| c.stops_trace())
                .collect::<Vec<_>>(),
        )
    }

    /// The categories exposure counts as tainted by default.
    pub fn default_sources() -> CategorySet {
        CategorySet::of(&[Category::Sanctioned, Category::Stolen])
    }

    /// Whether a category is in the set.
    pub fn contains(self, c: Category) -> bool {
        self.0 & c.bit() != 0
    }

    /// Whether the sets share a category.
    pub fn intersects(self, other: CategorySet) -> bool {
        self.0 & other.0 != 0
    }

    /// Add a category.
    pub fn insert(&mut self, c: Category) {
        self.0 |= c.bit();
    }

    /// Whether empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories in the set.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

/// One claim about one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The address as normalised by [`address::key`].
    pub address: String,
    /// The chain or currency the source gives (`ETH`, `XBT`, `BTC`, `USDT`…), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
    /// What the claim says the address is.
    pub category: Category,
    /// The name given (SDN name, service, actor, role).
    pub name: String,
    /// Where the claim comes from (list and issue).
    pub source: String,
    /// Detail: programs, note, abuse, actor, confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The date of the claim or of the list issue, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The 1-based line in the source file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl Label {
    /// A short form for reports: `category:name [source]`.
    pub fn short(&self) -> String {
        format!("{}:{} [{}]", self.category.name(), self.name, self.source)
    }
}

/// Labels by address. Loading the same claim twice (same address, category, name and source)
/// keeps one.
#[derive(Debug, Clone, Default)]
pub struct LabelSet {
    labels: Vec<Label>,
    by_address: HashMap<String, Vec<u32>>,
}

impl LabelSet {
    /// An empty set.
    pub fn new() -> LabelSet {
        LabelSet::default()
    }

    /// Add labels (each address normalised again, duplicates dropped).
    pub fn extend(&mut self, labels: impl IntoIterator<Item = Label>) {
        for mut l in labels {
            l.address = address::key(&l.address);
            let ids = self.by_address.entry(l.address.clone()).or_default();
            if ids.iter().any(|&i| {
                let o = &self.labels[i as usize];
                o.category == l.category && o.name == l.name && o.source == l.source
            }) {
                continue;
            }
            ids.push(self.labels.len() as u32);
            self.labels.push(l);
        }
    }

    /// All labels.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The labels of an address (any spelling).
    pub fn get(&self, address: &str) -> Vec<&Label> {
        self.by_address
            .get(&address::key(address))
            .map(|ids| ids.iter().map(|&i| &self.labels[i as usize]).collect())
            .unwrap_or_default()
    }

    /// The categories claimed for an address.
    pub fn categories(&self, address: &str) -> CategorySet {
        let mut set = CategorySet::EMPTY;
        for l in self.get(address) {
            set.insert(l.category);
        }
        set
    }

    /// Whether two or more sources claim categories that cannot both be true of one address
    /// (a service and a theft or sanctions label, say).
    pub fn conflicting(&self, address: &str) -> bool {
        let c = self.categories(address);
        let bad = CategorySet::of(&[Category::Sanctioned, Category::Stolen, Category::Illicit]);
        let service = CategorySet::of(&[
            Category::Exchange,
            Category::Bridge,
            Category::Mixer,
            Category::Swap,
            Category::Service,
            Category::Victim,
        ]);
        c.intersects(bad) && c.intersects(service)
    }

    /// The label index of a graph: for each node that carries labels, its categories and
    /// label ids.
    pub fn for_graph(&self, graph: &TransferGraph) -> NodeLabels {
        let mut out = NodeLabels::default();
        for (addr, ids) in &self.by_address {
            if let Some(node) = graph.node(addr) {
                let mut set = CategorySet::EMPTY;
                for &i in ids {
                    set.insert(self.labels[i as usize].category);
                }
                out.cats.insert(node, set);
                out.ids.insert(node, ids.clone());
            }
        }
        out
    }

    /// A label by id (from [`NodeLabels::ids`]).
    pub fn by_id(&self, id: u32) -> Option<&Label> {
        self.labels.get(id as usize)
    }
}

/// Labels attached to the nodes of one graph.
#[derive(Debug, Clone, Default)]
pub struct NodeLabels {
    cats: HashMap<NodeId, CategorySet>,
    ids: HashMap<NodeId, Vec<u32>>,
}

impl NodeLabels {
    /// Categories of a node.
    #[inline]
    pub fn categories(&self, node: NodeId) -> CategorySet {
        if self.cats.is_empty() {
            return CategorySet::EMPTY;
        }
        self.cats.get(&node).copied().unwrap_or_default()
    }

    /// Label ids of a node (see [`LabelSet::by_id`]).
    pub fn ids(&self, node: NodeId) -> &[u32] {
        self.ids.get(&node).map_or(&[], Vec::as_slice)
    }

    /// Set a node's categories directly (tests, synthetic graphs).
    pub fn set(&mut self, node: NodeId, cats: CategorySet) {
        self.cats.insert(node, cats);
    }

    /// The labelled nodes.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, CategorySet)> + '_ {
        self.cats.iter().map(|(&n, &c)| (n, c))
    }

    /// Whether no node is labelled.
    pub fn is_empty(&self) -> bool {
        self.cats.is_empty()
    }
}

fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes)
}

fn header_index(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
}

fn check_address(raw: &str, line: u64, problems: &mut Vec<Problem>) -> Option<String> {
    match address::parse(raw) {
        Ok(a) => Some(a.normalized),
        Err(address::AddressError::BadChecksum(_)) => {
            problems.push(
                Problem::warning(
                    "bad_checksum",
                    format!("address {raw:?} has a bad checksum; kept as written"),
                )
                .at_line(line),
            );
            Some(address::key(raw))
        }
        Err(e) if raw.trim().len() >= 20 => {
            problems.push(
                Problem::warning("unchecked_address", format!("{e}; kept without validation"))
                    .at_line(line),
            );
            Some(address::key(raw))
        }
        Err(e) => {
            problems.push(Problem::error("invalid_address", e.to_string()).at_line(line));
            None
        }
    }
}

/// Read the derived OFAC SDN digital-currency address CSV. Each row is a
/// [`Category::Sanctioned`] claim named after the SDN entry, with its programs and entry date;
/// `issue` (e.g. `2025-11-19`) names the list issue in the source.
pub fn read_ofac_csv(bytes: &[u8], issue: &str) -> (Vec<Label>, Vec<Problem>) {
    let mut labels = Vec::new();
    let mut problems = Vec::new();
    let mut rdr = csv_reader(bytes);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(Problem::error("bad_header", e.to_string()).at_line(1));
            return (labels, problems);
        }
    };
    let col = |names: &[&str]| header_index(&headers, names);
    let (Some(c_addr), Some(c_name)) = (col(&["address"]), col(&["sdn_name"])) else {
        problems.push(Problem::error(
            "bad_header",
            "the OFAC CSV needs `address` and `sdn_name` columns",
        ));
        return (labels, problems);
    };
    let c_uid = col(&["sdn_uid"]);
    let c_prog = col(&["programs"]);
    let c_asset = col(&["asset"]);
    let c_date = col(&["entity_entry_date"]);
    for (i, rec) in rdr.records().enumerate() {
        let line = i as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::error("bad_record", e.to_string()).at_line(line));
                continue;
            }
        };
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
        let raw = get(Some(c_addr));
        let Some(addr) = check_address(&raw, line, &mut problems) else {
            continue;
        };
        let programs = get(c_prog);
        let uid = get(c_uid);
        labels.push(Label {
            address: addr,
            chain: Some(get(c_asset)).filter(|s| !s.is_empty()),
            category: Category::Sanctioned,
            name: get(Some(c_name)),
            source: format!("OFAC SDN {issue}"),
            detail: Some(format!("programs {programs}; sdn_uid {uid}")),
            date: Some(get(c_date)).filter(|s| !s.is_empty()),
            line: Some(line),
        });
    }
    (labels, problems)
}

/// Read a list of addresses, one per line (`#` comments and blank lines skipped), all with the
/// same category, name and source.
pub fn read_address_list(
    bytes: &[u8],
    category: Category,
    name: &str,
    source: &str,
    date: Option<&str>,
) -> (Vec<Label>, Vec<Problem>) {
    let mut labels = Vec::new();
    let mut problems = Vec::new();
    let text = String::from_utf8_lossy(bytes);
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let Some(addr) = check_address(raw, line, &mut problems) else {
            continue;
        };
        labels.push(Label {
            address: addr,
            chain: None,
            category,
            name: name.to_string(),
            source: source.to_string(),
            detail: None,
            date: date.map(str::to_string),
            line: Some(line),
        });
    }
    (labels, problems)
}

/// Read a labelled CSV. Columns are found by name: `address` (required); the category from
/// `category` or `role`; the name from `label`, `name` or `role`; `note`, `source`, `date`,
/// `chain` when present. Rows whose category is unknown are kept as [`Category::Other`] with a
/// warning. `default_source` is used where the row names none.
pub fn read_labelled_csv(bytes: &[u8], default_source: &str) -> (Vec<Label>, Vec<Problem>) {
    let mut labels = Vec::new();
    let mut problems = Vec::new();
    let mut rdr = csv_reader(bytes);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(Problem::error("bad_header", e.to_string()).at_line(1));
            return (labels, problems);
        }
    };
    let col = |names: &[&str]| header_index(&headers, names);
    let Some(c_addr) = col(&["address"]) else {
        problems.push(Problem::error("bad_header", "no `address` column"));
        return (labels, problems);
    };
    let c_cat = col(&["category"]);
    let c_role = col(&["role"]);
    let c_name = col(&["label", "name"]);
    let c_note = col(&["note", "notes", "description"]);
    let c_source = col(&["source"]);
    let c_date = col(&["date", "lastmod"]);
    let c_chain = col(&["chain", "currency", "asset"]);
    for (i, rec) in rdr.records().enumerate() {
        let line = i as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::error("bad_record", e.to_string()).at_line(line));
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(raw) = get(Some(c_addr)) else {
            problems
                .push(Problem::error("missing_address", "row without an address").at_line(line));
            continue;
        };
        let Some(addr) = check_address(&raw, line, &mut problems) else {
            continue;
        };
        let cat_text = get(c_cat).or_else(|| get(c_role)).unwrap_or_default();
        let category = match Category::parse(&cat_text) {
            Some(c) => c,
            None => {
                problems.push(
                    Problem::warning(
                        "unknown_category",
                        format!("category {cat_text:?} unknown; kept as `other`"),
                    )
                    .at_line(line),
                );
                Category::Other
            }
        };
        labels.push(Label {
            address: addr,
            chain: get(c_chain),
            category,
            name: get(c_name)
                .or_else(|| get(c_role))
                .unwrap_or_else(|| cat_text.clone()),
            source: get(c_source).unwrap_or_else(|| default_source.to_string()),
            detail: get(c_note),
            date: get(c_date),
            line: Some(line),
        });
    }
    (labels, problems)
}

/// The category of a GraphSense tag: `abuse` first (sanction, service_hack… say more about
/// the funds than the service category), then `category`, then the actor's categories.
fn tagpack_category(
    abuse: Option<&str>,
    category: Option<&str>,
    actor_cats: &[String],
) -> Option<Category> {
    if let Some(a) = abuse {
        match a.trim() {
            "sanction" => return Some(Category::Sanctioned),
            "service_hack" => return Some(Category::Stolen),
            other => {
                if let Some(c) = Category::parse(other) {
                    return Some(c);
                }
            }
        }
    }
    if let Some(c) = category.and_then(Category::parse) {
        return Some(c);
    }
    // Actor categories: the most specific one wins.
    let parsed: Vec<Category> = actor_cats
        .iter()
        .filter_map(|c| Category::parse(c))
        .collect();
    for want in [
        Category::Sanctioned,
        Category::Mixer,
        Category::Bridge,
        Category::Swap,
        Category::Exchange,
        Category::Otc,
        Category::Service,
        Category::Illicit,
    ] {
        if parsed.contains(&want) {
            return Some(want);
        }
    }
    parsed.first().copied()
}

/// Actor categories from a GraphSense ActorPack (`actors: [{id, categories}]`), to categorise
/// tags that name an actor but no category.
pub fn read_actorpack(bytes: &[u8]) -> (HashMap<String, Vec<String>>, Vec<Problem>) {
    let mut out = HashMap::new();
    let mut problems = Vec::new();
    let doc: serde_yaml_ng::Value = match serde_yaml_ng::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            problems.push(Problem::error("bad_yaml", e.to_string()));
            return (out, problems);
        }
    };
    if let Some(actors) = doc.get("actors").and_then(|a| a.as_sequence()) {
        for a in actors {
            let Some(id) = a.get("id").and_then(yaml_str) else {
                continue;
            };
            let cats = a
                .get("categories")
                .and_then(|c| c.as_sequence())
                .map(|s| s.iter().filter_map(yaml_str).collect())
                .unwrap_or_default();
            out.insert(id, cats);
        }
    }
    (out, problems)
}

fn yaml_str(v: &serde_yaml_ng::Value) -> Option<String> {
    match v {
        serde_yaml_ng::Value::String(s) => Some(s.trim().to_string()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        serde_yaml_ng::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Read a GraphSense TagPack. Header fields (`label`, `category`, `abuse`, `actor`, `source`,
/// `confidence`, `lastmod`, `currency`) apply to every tag unless the tag sets its own. Tags
/// whose category cannot be told (no category, abuse or categorised actor) are kept as
/// [`Category::Other`]. `actors` (from [`read_actorpack`]) may be empty. `pack` names the file
/// in the label's source.
pub fn read_tagpack(
    bytes: &[u8],
    pack: &str,
    actors: &HashMap<String, Vec<String>>,
) -> (Vec<Label>, Vec<Problem>) {
    let mut labels = Vec::new();
    let mut problems = Vec::new();
    let doc: serde_yaml_ng::Value = match serde_yaml_ng::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let mut p = Problem::error("bad_yaml", format!("{pack}: {e}"));
            if let Some(loc) = e.location() {
                p = p.at_line(loc.line() as u64);
            }
            problems.push(p);
            return (labels, problems);
        }
    };
    let header = |k: &str| doc.get(k).and_then(yaml_str);
    let Some(tags) = doc.get("tags").and_then(|t| t.as_sequence()) else {
        problems.push(Problem::error(
            "bad_tagpack",
            format!("{pack}: no `tags` list"),
        ));
        return (labels, problems);
    };
    let title = header("title").unwrap_or_else(|| pack.to_string());
    for (i, tag) in tags.iter().enumerate() {
        let field = |k: &str| tag.get(k).and_then(yaml_str).or_else(|| header(k));
        let Some(raw) = tag.get("address").and_then(yaml_str) else {
            problems.push(
                Problem::error(
                    "missing_address",
                    format!("{pack}: tag {} has no address", i + 1),
                )
                .with_record(Some(format!("{pack}#{}", i + 1))),
            );
            continue;
        };
        let addr = match address::parse(&raw) {
            Ok(a) => a.normalized,
            Err(address::AddressError::BadChecksum(_)) => {
                problems.push(
                    Problem::warning(
                        "bad_checksum",
                        format!("{pack}: address {raw:?} has a bad checksum; kept as written"),
                    )
                    .with_record(Some(format!("{pack}#{}", i + 1))),
                );
                address::key(&raw)
            }
            // Other chains (EOS, XRP, Solana…) are kept without validation.
            Err(_) => address::key(&raw),
        };
        let actor = field("actor");
        let actor_cats = actor
            .as_ref()
            .and_then(|a| actors.get(a))
            .cloned()
            .unwrap_or_default();
        let category = tagpack_category(
            field("abuse").as_deref(),
            field("category").as_deref(),
            &actor_cats,
        )
        .unwrap_or(Category::Other);
        let mut detail = Vec::new();
        for k in [
            "category",
            "abuse",
            "actor",
            "confidence",
            "is_cluster_definer",
        ] {
            if let Some(v) = field(k) {
                detail.push(format!("{k} {v}"));
            }
        }
        labels.push(Label {
            address: addr,
            chain: field("currency"),
            category,
            name: field("label").unwrap_or_else(|| title.clone()),
            source: format!(
                "GraphSense TagPack {pack}{}",
                field("source")
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ),
            detail: Some(detail.join("; ")).filter(|d| !d.is_empty()),
            date: field("lastmod"),
            line: None,
        });
    }
    (labels, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_parse_from_every_vocabulary() {
        for (raw, want) in [
            ("mixing_service", Category::Mixer),
            ("defi_dex", Category::Swap),
            ("defi_bridge", Category::Bridge),
            ("cashout_broker", Category::Otc),
            ("theft", Category::Stolen),
            ("laundering", Category::Stolen),
            ("attacker_contract", Category::Illicit),
            ("Exchange", Category::Exchange),
            ("defi_lending", Category::Service),
        ] {
            assert_eq!(Category::parse(raw), Some(want), "{raw}");
        }
        assert_eq!(Category::parse("nonsense"), None);
        let stops = CategorySet::default_stops();
        assert!(stops.contains(Category::Exchange) && !stops.contains(Category::Swap));
        assert!(!stops.contains(Category::Sanctioned));
    }

    #[test]
    fn conflicting_claims_are_all_kept() {
        let yaml = br#"
title: test
source: https://example.org
category: exchange
tags:
- address: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'
  currency: ETH
  label: wrongly an exchange
- address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96'
  abuse: sanction
  label: Lazarus
- address: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa
"#;
        let (labels, problems) = read_tagpack(yaml, "test.yaml", &HashMap::new());
        assert!(problems.is_empty(), "{problems:?}");
        let mut set = LabelSet::new();
        set.extend(labels);
        let got = set.get("0x098B716B8Aaf21512996dC57EB0615e2383E2f96");
        assert_eq!(got.len(), 2);
        assert!(set.conflicting("0x098b716b8aaf21512996dc57eb0615e2383e2f96"));
        assert_eq!(
            set.get("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")[0].category,
            Category::Exchange
        );
    }

    #[test]
    fn user_csv_with_problems() {
        let csv = "address,category,label,source\n\
                   0x098B716B8Aaf21512996dC57EB0615e2383E2f96,sanctioned,Lazarus,me\n\
                   0x098B716B8Aaf21512996dC57EB0615e2383E2f97,exchange,typo,me\n\
                   xyz,mixer,short,me\n\
                   1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa,weird,genesis,\n";
        let (labels, problems) = read_labelled_csv(csv.as_bytes(), "user");
        assert_eq!(labels.len(), 3);
        let codes: Vec<(&str, Option<u64>)> =
            problems.iter().map(|p| (p.code.as_str(), p.line)).collect();
        assert_eq!(
            codes,
            [
                ("bad_checksum", Some(3)),
                ("invalid_address", Some(4)),
                ("unknown_category", Some(5))
            ]
        );
        assert_eq!(labels[2].source, "user");
        assert_eq!(labels[2].category, Category::Other);
    }
}
