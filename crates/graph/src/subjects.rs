//! One subject across lists.
//!
//! Records on different lists are joined when they share a **strong identifier**:
//!
//! | key | taken from | joins |
//! |---|---|---|
//! | UN reference (`KPi.033`) | `unscId` of a Sanction, pointing at its party | any parties |
//! | IMO number | `imoNumber` of a vessel (or of a company: the IMO company number) | vessels with vessels, organisations with organisations |
//! | passport number | `passportNumber` of a person (and Passport entities) | persons |
//! | wallet address | `publicKey` of a CryptoWallet, with its currency | wallets |
//!
//! Names alone never join records: two different KIMs share names all the time. Two records are
//! never joined when their schemata are unrelated (a person is never a vessel), and one subject
//! never holds two records of the same dataset: when identifiers would join two records of one
//! list, the join is refused and reported, because it means either the list names two parties
//! with one identifier or an identifier was mistyped, and a person must look.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ce2_model::{ids, model, Entity, Problem};

/// The kinds of identifier that join records, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyKind {
    /// A UN Security Council reference number.
    UnReference,
    /// An IMO ship or company number.
    Imo,
    /// A passport number.
    Passport,
    /// A crypto wallet address.
    Wallet,
}

impl KeyKind {
    /// A short name, used in subject ids and explanations.
    pub fn name(self) -> &'static str {
        match self {
            KeyKind::UnReference => "unsc",
            KeyKind::Imo => "imo",
            KeyKind::Passport => "passport",
            KeyKind::Wallet => "wallet",
        }
    }
}

/// A normalised identifier that joins records.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// What kind of identifier.
    pub kind: KeyKind,
    /// Its normalised value (`KPI.033`, `9138111`, `381310014`, `XBT:1abc…`).
    pub value: String,
}

/// One real-world subject and the list records that describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// A stable id derived from the strongest key (`subj-unsc-kpi-033`, `subj-imo-9138111`).
    pub id: String,
    /// The records, as (dataset, entity id), sorted.
    pub members: Vec<(String, String)>,
    /// The identifiers that joined them.
    pub keys: Vec<Key>,
}

/// The schemata whose entities can carry a join key (parties, sanctions, passports, wallets),
/// every one named: a store can read just these.
pub fn key_schemata() -> Vec<&'static str> {
    model()
        .schemata()
        .filter(|s| !s.is_abstract)
        .filter(|s| {
            [
                "LegalEntity",
                "Vessel",
                "Airplane",
                "Sanction",
                "Passport",
                "CryptoWallet",
            ]
            .iter()
            .any(|a| s.is_a(a))
        })
        .map(|s| s.name.as_str())
        .collect()
}

/// Normalise an identifier for comparison: letters and digits only, upper case.
pub fn normalize_identifier(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The seven digits of an IMO number written as `IMO 9138111`, `9138111` or `IMO9138111`.
pub fn normalize_imo(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 7).then_some(digits)
}

/// A UN reference such as `KPi.033` in one form: upper case, dot kept, number as written.
pub fn normalize_un_reference(raw: &str) -> Option<String> {
    let s: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let (prefix, number) = s.split_once('.')?;
    if prefix.len() < 3 || !number.chars().all(|c| c.is_ascii_digit()) || number.is_empty() {
        return None;
    }
    Some(format!("{}.{number}", prefix.to_uppercase()))
}

fn party_class(entity: &Entity) -> Option<&'static str> {
    let s = entity.schema();
    if s.is_a("Person") {
        Some("person")
    } else if s.is_a("Vessel") {
        Some("vessel")
    } else if s.is_a("Airplane") {
        Some("airplane")
    } else if s.is_a("CryptoWallet") {
        Some("wallet")
    } else if s.is_a("LegalEntity") {
        Some("legal")
    } else {
        None
    }
}

/// The join keys each party entity carries, by entity index.
fn keys_of(entities: &[Entity]) -> Vec<BTreeSet<Key>> {
    let index: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut keys: Vec<BTreeSet<Key>> = vec![BTreeSet::new(); entities.len()];
    for (i, e) in entities.iter().enumerate() {
        let schema = e.schema();
        if schema.is_a("Sanction") {
            for unsc in e.get("unscId") {
                if let Some(value) = normalize_un_reference(unsc) {
                    for target in e.get("entity") {
                        if let Some(&t) = index.get(target) {
                            keys[t].insert(Key {
                                kind: KeyKind::UnReference,
                                value: value.clone(),
                            });
                        }
                    }
                }
            }
            continue;
        }
        if schema.is_a("Passport") {
            for number in e.get("number") {
                let value = normalize_identifier(number);
                if value.len() >= 5 {
                    for holder in e.get("holder") {
                        if let Some(&h) = index.get(holder) {
                            keys[h].insert(Key {
                                kind: KeyKind::Passport,
                                value: value.clone(),
                            });
                        }
                    }
                }
            }
            continue;
        }
        match party_class(e) {
            Some("person") => {
                for number in e.get("passportNumber") {
                    let value = normalize_identifier(number);
                    if value.len() >= 5 {
                        keys[i].insert(Key {
                            kind: KeyKind::Passport,
                            value,
                        });
                    }
                }
            }
            Some(class @ ("vessel" | "legal")) => {
                for imo in e.get("imoNumber") {
                    if let Some(digits) = normalize_imo(imo) {
                        // Ship and company IMO numbers are separate series: keep them apart.
                        keys[i].insert(Key {
                            kind: KeyKind::Imo,
                            value: format!("{class}:{digits}"),
                        });
                    }
                }
            }
            Some("wallet") => {
                let currency = e.first("currencySymbol").unwrap_or("").to_uppercase();
                for address in e.get("publicKey") {
                    // EVM addresses are case-insensitive (EIP-55 case is only a checksum);
                    // Bitcoin-family addresses are case-sensitive, except bech32 (all one case).
                    let lower = address.to_lowercase();
                    let value = if lower.starts_with("0x") || lower.starts_with("bc1") {
                        lower
                    } else {
                        address.to_string()
                    };
                    keys[i].insert(Key {
                        kind: KeyKind::Wallet,
                        value: format!("{currency}:{value}"),
                    });
                }
            }
            _ => {}
        }
    }
    keys
}

struct Clusters {
    parent: Vec<usize>,
    datasets: Vec<BTreeSet<String>>,
    schema: Vec<String>,
}

impl Clusters {
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
}

/// Group records of different lists into subjects. Each entity's dataset is its first
/// provenance's.
///
/// Returns the subjects with more than one record (a record alone is its own subject) and the
/// joins that were refused, as problems.
pub fn resolve(entities: &[Entity]) -> (Vec<Subject>, Vec<Problem>) {
    let keys = keys_of(entities);
    let mut problems = Vec::new();
    let mut clusters = Clusters {
        parent: (0..entities.len()).collect(),
        datasets: entities
            .iter()
            .map(|e| {
                e.sources
                    .first()
                    .map(|s| s.dataset.clone())
                    .into_iter()
                    .collect()
            })
            .collect(),
        schema: entities.iter().map(|e| e.schema().name.clone()).collect(),
    };
    // Entities by key, in a deterministic order (strongest keys first).
    let mut by_key: BTreeMap<&Key, Vec<usize>> = BTreeMap::new();
    for (i, ks) in keys.iter().enumerate() {
        for k in ks {
            by_key.entry(k).or_default().push(i);
        }
    }
    for (key, members) in &by_key {
        for pair in members.windows(2) {
            let (a, b) = (clusters.find(pair[0]), clusters.find(pair[1]));
            if a == b {
                continue;
            }
            let Some(common) = model().common_schema(&clusters.schema[a], &clusters.schema[b])
            else {
                problems.push(Problem::warning(
                    "subject_schema_conflict",
                    format!(
                        "{} {} is shared by {} ({}) and {} ({}), which cannot be one subject",
                        key.kind.name(),
                        key.value,
                        entities[pair[0]].id,
                        clusters.schema[a],
                        entities[pair[1]].id,
                        clusters.schema[b]
                    ),
                ));
                continue;
            };
            let common = common.name.clone();
            if let Some(d) = clusters.datasets[a]
                .intersection(&clusters.datasets[b])
                .next()
            {
                problems.push(Problem::warning(
                    "subject_same_list",
                    format!(
                        "{} {} would join {} and {}, but both are on {d}: left apart for review",
                        key.kind.name(),
                        key.value,
                        entities[pair[0]].id,
                        entities[pair[1]].id
                    ),
                ));
                continue;
            }
            let moved = std::mem::take(&mut clusters.datasets[b]);
            clusters.datasets[a].extend(moved);
            clusters.schema[a] = common;
            clusters.parent[b] = a;
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..entities.len() {
        let root = clusters.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut subjects: Vec<Subject> = groups
        .into_values()
        .filter(|m| m.len() > 1)
        .map(|members| {
            let all: BTreeSet<Key> = members
                .iter()
                .flat_map(|&i| keys[i].iter().cloned())
                .collect();
            // The strongest key shared by at least two members names the subject.
            let naming = all
                .iter()
                .find(|k| members.iter().filter(|&&i| keys[i].contains(*k)).count() > 1)
                .or_else(|| all.iter().next());
            let id = match naming {
                Some(k) => ids::make_id("subj", &[k.kind.name(), &k.value]),
                None => ids::make_id("subj", &[&entities[members[0]].id]),
            };
            let mut m: Vec<(String, String)> = members
                .iter()
                .map(|&i| {
                    (
                        entities[i]
                            .sources
                            .first()
                            .map(|s| s.dataset.clone())
                            .unwrap_or_default(),
                        entities[i].id.clone(),
                    )
                })
                .collect();
            m.sort();
            Subject {
                id,
                members: m,
                keys: all.into_iter().collect(),
            }
        })
        .collect();
    subjects.sort_by(|a, b| a.id.cmp(&b.id));
    (subjects, problems)
}
