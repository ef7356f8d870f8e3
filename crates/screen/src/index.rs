//! The candidate index: every name, alias and identifier of the loaded lists, so that a query
//! looks at a few dozen candidates rather than at every listing.
//!
//! Names are indexed by their tokens' comparison keys (the Korean key, else Metaphone, else the
//! Latin form), their Latin forms, the first four letters of longer words (typos late in a
//! word), their letters in alphabetical order (letters swapped), and for Korean personal names the given name's key run together (`Jong Un`,
//! `Jong-un`, `Jongun` and 정은 give one key). A query collects the postings of its own keys,
//! weighs each key by its rarity (inverse document frequency), and keeps the best-weighed
//! candidates; identifiers are looked up exactly. The cost of a query grows with the number of
//! its keys and the length of their postings, not with the size of the lists.

use std::collections::HashMap;

use crate::algorithm::Algorithm;
use crate::explain::Scored;
use crate::identifiers::IdKind;
use crate::prepared::{Prepared, PreparedName};
use crate::record::Record;

/// How many candidates are scored per query at most.
pub const MAX_CANDIDATES: usize = 20;

/// How many postings a query visits at most once it has some candidates.
pub const POSTINGS_BUDGET: usize = 4_000;

/// The candidate index over prepared records.
#[derive(Debug, Default)]
pub struct Index {
    records: Vec<Prepared>,
    names: HashMap<String, Vec<u32>>,
    ids: HashMap<(IdKind, String), Vec<u32>>,
}

/// One screening result.
#[derive(Debug, Clone)]
pub struct Hit<'i> {
    /// The listed record.
    pub record: &'i Record,
    /// Its score and why.
    pub scored: Scored,
    /// Whether the score reaches the threshold.
    pub matched: bool,
}

fn name_keys(name: &PreparedName, out: &mut Vec<String>) {
    for t in name.words() {
        let key = t.key();
        if !key.is_empty() {
            out.push(format!("k:{key}"));
        }
        if !t.latin.is_empty() {
            out.push(format!("l:{}", t.latin));
            if t.latin.chars().count() >= 5 {
                out.push(format!("p:{}", t.latin.chars().take(4).collect::<String>()));
            }
            // The letters in alphabetical order: two letters swapped anywhere (Afiz, Faiz;
            // Awlijan, Walijan).
            if t.latin.chars().count() >= 4 {
                out.push(format!("a:{}", crate::algorithm::sorted_letters(&t.latin)));
            }
        }
    }
    let han_korean = name.han_korean().iter().map(|(_, k)| k);
    for k in name.korean.iter().chain(han_korean) {
        if !k.given.is_empty() {
            out.push(format!("g:{}", k.given));
        }
    }
    // Adjacent words run together, so that a query written joined finds them.
    let words: Vec<&str> = name.words().map(|t| t.latin.as_str()).collect();
    for pair in words.windows(2) {
        out.push(format!("l:{}{}", pair[0], pair[1]));
    }
}

fn keys_of(p: &Prepared) -> Vec<String> {
    let mut keys = Vec::new();
    for n in p.names.iter().chain(&p.weak_names) {
        name_keys(n, &mut keys);
    }
    keys.sort();
    keys.dedup();
    keys
}

impl Index {
    /// Build the index over records.
    pub fn new(records: impl IntoIterator<Item = Record>) -> Index {
        let mut index = Index::default();
        for record in records {
            let id = index.records.len() as u32;
            let prepared = Prepared::new(record);
            for key in keys_of(&prepared) {
                index.names.entry(key).or_default().push(id);
            }
            for (kind, value) in &prepared.record.ids {
                index
                    .ids
                    .entry((*kind, value.clone()))
                    .or_default()
                    .push(id);
            }
            index.records.push(prepared);
        }
        index
    }

    /// How many records are indexed.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The indexed records.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.records.iter().map(|p| &p.record)
    }

    /// The candidates for a query, best-weighed first: exact identifier hits, then records that
    /// share the rarest name keys.
    pub fn candidates(&self, query: &Prepared, max: usize) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for (kind, value) in &query.record.ids {
            if let Some(ids) = self.ids.get(&(*kind, value.clone())) {
                for id in ids {
                    if !out.contains(id) {
                        out.push(*id);
                    }
                }
            }
        }
        let n = self.records.len().max(1) as f64;
        let mut weights: HashMap<u32, f64> = HashMap::new();
        // Rare keys first: they say most about a candidate. Common keys (a frequent given name,
        // the first letters of Mohammed) are visited only while the budget lasts, which bounds
        // the cost of a query whatever the size of the lists.
        let mut lists: Vec<&Vec<u32>> = keys_of(query)
            .iter()
            .filter_map(|k| self.names.get(k))
            .collect();
        lists.sort_by_key(|p| p.len());
        let mut visited = 0usize;
        for postings in lists {
            if visited > POSTINGS_BUDGET && !weights.is_empty() {
                break;
            }
            visited += postings.len();
            let idf = (n / postings.len() as f64).ln() + 0.1;
            for id in postings {
                *weights.entry(*id).or_default() += idf;
            }
        }
        let mut ranked: Vec<(u32, f64)> = weights.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Candidates that share only a small part of the best one's evidence (one common
        // given name where the best shares every rare word) are not worth scoring.
        let floor = ranked.first().map_or(0.0, |(_, w)| w * 0.35);
        for (id, w) in ranked {
            if out.len() >= max || w < floor {
                break;
            }
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Screen a query: score its candidates with an algorithm and return those at or above
    /// `threshold`, best first, at most `limit`.
    pub fn screen(
        &self,
        query: &Record,
        algorithm: &dyn Algorithm,
        threshold: f64,
        limit: usize,
    ) -> Vec<Hit<'_>> {
        let query = Prepared::new(query.clone());
        let mut hits: Vec<Hit<'_>> = self
            .candidates(&query, MAX_CANDIDATES.max(limit))
            .into_iter()
            .map(|id| {
                let candidate = &self.records[id as usize];
                let scored = algorithm.score(&query, candidate);
                Hit {
                    record: &candidate.record,
                    matched: scored.score >= algorithm.threshold(),
                    scored,
                }
            })
            .filter(|h| h.scored.score >= threshold && h.scored.score > 0.0)
            .collect();
        hits.sort_by(|a, b| {
            b.scored
                .score
                .total_cmp(&a.scored.score)
                .then_with(|| a.record.id.cmp(&b.record.id))
        });
        hits.truncate(limit);
        hits
    }
}
