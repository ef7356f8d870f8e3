//! The table from Latin spellings to syllable keys, derived from Hangul.
//!
//! Every one of the 11,172 Hangul syllables is spelled in every way the lists write it:
//!
//! * exactly as McCune–Reischauer, the Revised Romanization and the DPRK system write it
//!   (word-initial and word-internal forms), after the crate's own normalisation, which drops
//!   MR's breves and apostrophes as the lists do (`ch'ŏl` → `chol`); these are rank 0;
//! * by combining, per jamo, the forms those systems use with the common South Korean, diaspora
//!   and French-style spellings seen in the lists (`eo`/`u` for ㅓ as in Cheol and Chul, `oo`
//!   and `ou` for ㅜ, `ee` for ㅣ, `oi` for ㅚ as in Choi, `rh` and `l` for ㄹ as in Rhee and
//!   Lee, `dj` and `tch` as in Djang Tcheul, a lengthening `h` as in Ahn, Oh and Kahng, `ar`
//!   before k as in Park); these are rank 1.
//!
//! Each spelling maps to the class of the syllable it spells ([`SyllableKey`]). Because the
//! classes absorb what the systems disagree on, almost every spelling has one key; where two
//! syllables of different classes share a spelling, the rank-0 one wins, and the table keeps a
//! list of such conflicts for the tests to report.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::jamo::*;
use super::romanize::{romanize_syllable, Romanization, SYSTEMS};

/// Longest spelling the table keeps, in bytes. Spellings are packed into a `u64`.
pub(crate) const MAX_SPELLING: usize = 8;

/// A multiply-rotate hasher for the packed spellings: the keys are already well spread, and
/// the parser looks up every substring of a token, so SipHash would dominate the time.
#[derive(Default, Clone, Copy)]
pub(crate) struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type PackedMap = HashMap<u64, Entry, BuildHasherDefault<PackedHasher>>;

/// Packs an ASCII spelling of at most [`MAX_SPELLING`] bytes into a `u64` (zero-padded; no
/// letter is zero, so the packing is one-to-one).
pub(crate) fn pack(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > MAX_SPELLING {
        return None;
    }
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        v |= u64::from(b) << (8 * i);
    }
    Some(v)
}

/// What a spelling stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: SyllableKey,
    /// 0 when one of the official systems spells a syllable of this class so, 1 otherwise.
    pub rank: u8,
    /// The syllable (one of those) that the spelling was first derived from.
    pub example: char,
}

/// Two syllables of different classes that share a spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The spelling.
    pub spelling: String,
    /// The syllable whose class the table keeps for it.
    pub kept: char,
    /// A syllable of another class that is spelled the same way.
    pub other: char,
}

/// The derived table and what its derivation found.
pub(crate) struct Table {
    /// Spellings usable anywhere in a word.
    pub anywhere: PackedMap,
    /// Spellings usable only at the end of a word (`oh`, `noh`; `y` and `ie` for ㅣ).
    pub at_end: PackedMap,
    /// The same spellings as a trie, for the parser.
    pub trie: Trie,
    pub conflicts: Vec<Conflict>,
    pub spellings: usize,
}

/// The spellings as a trie of letters, for the parser: it extends a spelling letter by letter
/// and stops where no spelling goes on, one small table step per letter rather than a hash
/// probe into a large map. Nodes are numbered breadth first, so the short prefixes every word
/// starts with sit together.
#[derive(Default)]
pub(crate) struct Trie {
    /// For each node, the node each letter leads to (0 for none: the root is no one's child).
    next: Vec<[u16; 26]>,
    /// For each node, [`SPELLS`] and [`EXTENDS`].
    flags: Vec<u8>,
    /// The syllables each node spells, anywhere in a word and at its end.
    keys: Vec<(Option<SyllableKey>, Option<SyllableKey>)>,
}

/// The node spells a syllable, anywhere or at the end of a word.
const SPELLS: u8 = 1;
/// A longer spelling starts with the node's.
const EXTENDS: u8 = 2;

impl Trie {
    /// The empty prefix.
    pub const ROOT: usize = 0;

    /// The prefix `node` followed by `letter`, if a spelling starts so: its index, whether
    /// it spells a syllable (see [`Trie::spells`]) and whether a longer spelling starts with
    /// it.
    #[inline]
    pub fn child(&self, node: usize, letter: u8) -> Option<(usize, bool, bool)> {
        let slot = usize::from(letter.wrapping_sub(b'a'));
        let child = usize::from(*self.next.get(node)?.get(slot)?);
        if child == 0 {
            return None;
        }
        let flags = *self.flags.get(child)?;
        Some((child, flags & SPELLS != 0, flags & EXTENDS != 0))
    }

    /// What `node` spells: the syllable anywhere in a word, and the one at its end.
    #[inline]
    pub fn spells(&self, node: usize) -> (Option<SyllableKey>, Option<SyllableKey>) {
        self.keys.get(node).copied().unwrap_or((None, None))
    }

    /// How many nodes the trie has.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// The trie of the spellings of both maps. Spellings are small ASCII letters, as the words
    /// the parser reads are; any other would never match and is left out.
    fn new(anywhere: &PackedMap, at_end: &PackedMap) -> Trie {
        // A plain trie first: children by letter, keys where a spelling ends.
        struct Plain {
            children: [u32; 26],
            anywhere: Option<SyllableKey>,
            at_end: Option<SyllableKey>,
        }
        let fresh = || Plain {
            children: [0; 26],
            anywhere: None,
            at_end: None,
        };
        let mut plain = vec![fresh()];
        for (map, end) in [(anywhere, false), (at_end, true)] {
            'spelling: for (&packed, entry) in map {
                let bytes = packed.to_le_bytes();
                let letters = bytes.iter().take_while(|&&b| b != 0);
                if letters.clone().any(|b| !b.is_ascii_lowercase()) {
                    continue 'spelling;
                }
                let mut node = 0usize;
                for &b in letters {
                    let slot = usize::from(b - b'a');
                    if plain[node].children[slot] == 0 {
                        plain.push(fresh());
                        plain[node].children[slot] = (plain.len() - 1) as u32;
                    }
                    node = plain[node].children[slot] as usize;
                }
                if end {
                    plain[node].at_end = Some(entry.key);
                } else {
                    plain[node].anywhere = Some(entry.key);
                }
            }
        }
        // Number the nodes breadth first.
        let mut order = Vec::with_capacity(plain.len());
        let mut number = vec![0u16; plain.len()];
        order.push(0usize);
        let mut at = 0;
        while at < order.len() {
            let p = order[at];
            at += 1;
            for &child in &plain[p].children {
                if child != 0 {
                    number[child as usize] = u16::try_from(order.len()).unwrap_or(0);
                    order.push(child as usize);
                }
            }
        }
        let mut trie = Trie {
            next: Vec::with_capacity(order.len()),
            flags: Vec::with_capacity(order.len()),
            keys: Vec::with_capacity(order.len()),
        };
        for &p in &order {
            let node = &plain[p];
            trie.next
                .push(node.children.map(|child| number[child as usize]));
            let spells = node.anywhere.is_some() || node.at_end.is_some();
            let extends = node.children.iter().any(|&c| c != 0);
            trie.flags
                .push(if spells { SPELLS } else { 0 } | if extends { EXTENDS } else { 0 });
            trie.keys.push((node.anywhere, node.at_end));
        }
        trie
    }
}

fn onset_forms(initial: u8) -> &'static [&'static str] {
    match initial {
        I_G => &["k", "g"],
        I_GG => &["kk", "k", "g", "gg"],
        I_N => &["n"],
        I_D => &["t", "d"],
        I_DD => &["tt", "t", "d", "dd"],
        I_R => &["r", "l", "rh"],
        I_M => &["m"],
        I_B => &["p", "b"],
        I_BB => &["pp", "p", "b", "bb"],
        I_S => &["s", "sh"],
        I_SS => &["ss", "s", "sh"],
        I_NULL => &[""],
        I_J => &["ch", "j", "dj", "z"],
        I_JJ => &["tch", "jj", "ch", "j"],
        I_CH => &["ch", "chh", "tch"],
        I_K => &["k", "kh"],
        I_T => &["t", "th"],
        I_P => &["p", "ph"],
        _ => &["h"],
    }
}

fn vowel_forms(vowel: u8) -> &'static [&'static str] {
    match vowel {
        V_A => &["a", "aa"],
        V_AE => &["ae", "ai"],
        V_YA => &["ya"],
        V_YAE => &["yae", "ye"],
        V_EO => &["o", "eo", "u", "eu"],
        V_E => &["e"],
        V_YEO => &["yo", "yeo", "yu", "you"],
        V_YE => &["ye"],
        V_O => &["o"],
        V_WA => &["wa"],
        V_WAE => &["wae"],
        V_OE => &["oe", "oi", "oy"],
        V_YO => &["yo"],
        V_U => &["u", "oo", "ou"],
        V_WO => &["wo", "weo"],
        V_WE => &["we"],
        V_WI => &["wi"],
        V_YU => &["yu", "yoo", "you"],
        V_EU => &["u", "eu"],
        V_UI => &["ui", "eui", "i"],
        _ => &["i", "ee"],
    }
}

/// Vowel forms that only a syllable without an initial consonant takes (`Woo` for 우, `Yi` for
/// 이).
fn bare_vowel_forms(vowel: u8) -> &'static [&'static str] {
    match vowel {
        V_U => &["woo", "wu"],
        V_I => &["yi"],
        _ => &[],
    }
}

/// Vowel forms used only at the end of a word: `y` for ㅣ/ㅢ after a consonant (French-style
/// `Hy`), `ie` for ㅣ (`Rhie`, `Ie`).
fn final_vowel_forms(vowel: u8, has_initial: bool) -> &'static [&'static str] {
    match (vowel, has_initial) {
        (V_I, true) => &["ie", "y"],
        (V_I, false) => &["ie"],
        (V_UI, true) => &["y"],
        _ => &[],
    }
}

fn coda_forms(c: Coda) -> &'static [&'static str] {
    match c {
        Coda::None => &[""],
        Coda::K => &["k", "ck"],
        Coda::N => &["n", "nn"],
        Coda::T => &["t"],
        Coda::L => &["l"],
        Coda::M => &["m"],
        Coda::P => &["p", "b"],
        Coda::Ng => &["ng"],
    }
}

/// One derived spelling of one syllable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spelling {
    /// The spelling, lowercase ASCII.
    pub text: String,
    /// Whether an official system (DPRK, MR, RR) writes the syllable this way.
    pub official: bool,
    /// Whether the spelling is used only at the end of a word.
    pub at_end_only: bool,
}

/// Every spelling of a syllable, official forms first. Used to build the table, and public so
/// that the derivation can be inspected (`spellings('김')` gives `kim`, `gim`, …).
pub fn spellings(c: char) -> Vec<Spelling> {
    let Some(j) = Jamo::of(c) else {
        return Vec::new();
    };
    let mut out: Vec<Spelling> = Vec::with_capacity(48);
    for_each_spelling(j, &mut |text, official, at_end_only| {
        if let Some(existing) = out.iter_mut().find(|s| s.text == text) {
            existing.official |= official;
            existing.at_end_only &= at_end_only;
            return;
        }
        out.push(Spelling {
            text: text.to_string(),
            official,
            at_end_only,
        });
    });
    out
}

/// Calls `emit(spelling, official, at_end_only)` for every spelling of a syllable, official
/// forms first. A spelling may come more than once.
fn for_each_spelling(j: Jamo, emit: &mut dyn FnMut(&str, bool, bool)) {
    let mut emit_checked = |text: &str, official: bool, at_end_only: bool| {
        if !text.is_empty() && text.len() <= MAX_SPELLING {
            emit(text, official, at_end_only);
        }
    };

    // The official systems, at the start of a word and inside one (after a voiced sound).
    for system in SYSTEMS {
        for previous in [None, Some(F_NG)] {
            if system == Romanization::Revised && previous.is_some() {
                continue;
            }
            let raw = romanize_syllable(system, j, previous);
            if raw.bytes().all(|b| b.is_ascii_lowercase()) {
                // Already in normal form (most syllables, in every system).
                emit_checked(&raw, true, false);
            } else {
                emit_checked(&folded_romanization(&raw), true, false);
            }
        }
    }

    // Combinations of the forms each jamo takes in the lists.
    let coda_class = coda_of(j.coda);
    let has_initial = j.initial != I_NULL;
    let codas = coda_forms(coda_class);
    let bare: &[&str] = if has_initial {
        &[]
    } else {
        bare_vowel_forms(j.vowel)
    };
    let mut buf = String::with_capacity(16);
    for onset in onset_forms(j.initial) {
        for v in vowel_forms(j.vowel).iter().chain(bare.iter()) {
            for f in codas {
                buf.clear();
                buf.push_str(onset);
                buf.push_str(v);
                buf.push_str(f);
                emit_checked(&buf, false, false);
                // A lengthening h after the vowel: Ahn, Hahn, Kahng; Oh, Noh, Suh at the end
                // of a word only, so that "Sohee" still reads so+hee.
                match coda_class {
                    Coda::None => {
                        buf.push('h');
                        emit_checked(&buf, false, true);
                    }
                    Coda::N | Coda::Ng | Coda::M => {
                        buf.clear();
                        buf.push_str(onset);
                        buf.push_str(v);
                        buf.push('h');
                        buf.push_str(f);
                        emit_checked(&buf, false, false);
                    }
                    _ => {}
                }
            }
            // ㅎ before a w-vowel is also written wh: Whang for 황.
            if j.initial == I_H {
                if let Some(rest) = v.strip_prefix('w') {
                    for f in codas {
                        buf.clear();
                        buf.push_str("wh");
                        buf.push_str(rest);
                        buf.push_str(f);
                        emit_checked(&buf, false, false);
                    }
                }
            }
            // Park for 박: an r after a before k.
            if j.vowel == V_A && coda_class == Coda::K {
                buf.clear();
                buf.push_str(onset);
                buf.push_str("ark");
                emit_checked(&buf, false, false);
            }
        }
        if coda_class == Coda::None {
            for v in final_vowel_forms(j.vowel, has_initial) {
                buf.clear();
                buf.push_str(onset);
                buf.push_str(v);
                emit_checked(&buf, false, true);
            }
        }
    }
}

/// A romanised syllable in the crate's normal form, without spaces: as
/// `normalize(raw).replace(' ', "")`, which for the letters the systems write (small ASCII
/// letters, MR's `ŏ` and `ŭ`, the aspiration apostrophe) is dropping the apostrophes and the
/// breves.
fn folded_romanization(raw: &str) -> String {
    if raw
        .chars()
        .all(|c| c.is_ascii_lowercase() || matches!(c, '\'' | 'ŏ' | 'ŭ'))
    {
        raw.chars()
            .filter(|&c| c != '\'')
            .map(|c| match c {
                'ŏ' => 'o',
                'ŭ' => 'u',
                c => c,
            })
            .collect()
    } else {
        crate::normalize::normalize(raw).replace(' ', "")
    }
}

fn build() -> Table {
    let mut table = Table {
        // Sized for the spellings the derivation finds (about 16,000 and 1,000), so that the
        // maps are not rehashed as they fill.
        anywhere: PackedMap::with_capacity_and_hasher(20_000, Default::default()),
        at_end: PackedMap::with_capacity_and_hasher(2_000, Default::default()),
        trie: Trie::default(),
        conflicts: Vec::new(),
        spellings: 0,
    };
    for i in 0..SYLLABLE_COUNT {
        let Some(j) = Jamo::nth(i) else { continue };
        let Some(c) = j.to_char() else { continue };
        let key = SyllableKey::of_jamo(j);
        for_each_spelling(j, &mut |text, official, at_end_only| {
            let Some(packed) = pack(text.as_bytes()) else {
                return;
            };
            let entry = Entry {
                key,
                rank: if official { 0 } else { 1 },
                example: c,
            };
            let map = if at_end_only {
                &mut table.at_end
            } else {
                &mut table.anywhere
            };
            match map.get_mut(&packed) {
                None => {
                    map.insert(packed, entry);
                    table.spellings += 1;
                }
                Some(existing) if existing.key == key => {
                    existing.rank = existing.rank.min(entry.rank);
                }
                Some(existing) => {
                    let (kept, other) = if entry.rank < existing.rank {
                        let replaced = existing.example;
                        *existing = entry;
                        (c, replaced)
                    } else {
                        (existing.example, c)
                    };
                    if !table
                        .conflicts
                        .iter()
                        .any(|x| x.spelling == text && x.kept == kept)
                    {
                        table.conflicts.push(Conflict {
                            spelling: text.to_string(),
                            kept,
                            other,
                        });
                    }
                }
            }
        });
    }
    table.trie = Trie::new(&table.anywhere, &table.at_end);
    table
}

/// The table, derived on first use (a few tens of milliseconds, once per process).
pub(crate) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// What the derivation of the spelling table found: how many distinct spellings it holds and
/// which spellings two syllables of different classes share.
#[derive(Clone, Debug)]
pub struct DerivationReport {
    /// Syllables spelled (all 11,172).
    pub syllables: u32,
    /// Distinct spellings in the table.
    pub spellings: usize,
    /// Spellings shared by syllables of different classes, with the class kept.
    pub conflicts: Vec<Conflict>,
}

/// Describes the derived spelling table (for tests and reports).
pub fn derivation_report() -> DerivationReport {
    let t = table();
    DerivationReport {
        syllables: SYLLABLE_COUNT,
        spellings: t.spellings,
        conflicts: t.conflicts.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanisations_fold_as_normalising_them_does() {
        for i in 0..SYLLABLE_COUNT {
            let Some(j) = Jamo::nth(i) else { continue };
            for system in SYSTEMS {
                for previous in [None, Some(F_NG)] {
                    let raw = romanize_syllable(system, j, previous);
                    assert_eq!(
                        folded_romanization(&raw),
                        crate::normalize::normalize(&raw).replace(' ', ""),
                        "{raw}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_trie_nodes_are_numbered_in_sixteen_bits() {
        let t = super::table();
        assert!(t.trie.len() > 1000 && t.trie.len() <= usize::from(u16::MAX));
    }
}
