//! The Chinese layer: one key for the pinyin, Wade–Giles and Han writings of a Chinese name.
//!
//! A Chinese name reaches a list in Han characters (习近平), in Hanyu Pinyin (Xi Jinping) and,
//! in older records and for parties from Taiwan, in Wade–Giles (Hsi Chin-p'ing), which is
//! mostly printed without its apostrophes and umlauts (Hsi Chin-ping). This module reads a
//! Latin word as a sequence of Mandarin syllables and gives it a key that the other writings of
//! the same syllables share:
//!
//! * the syllable table (`data/pinyin_wade_giles.tsv`) lists the 413 syllables of pinyin and
//!   the Wade–Giles form of each. A written syllable, stripped of the apostrophes, `ê`, `ŭ` and
//!   `ü` as the crate's normalisation strips them, stands for one or more pinyin syllables
//!   (`chin` for jin and qin, `yu` for you and yu);
//! * each pinyin syllable has a coarse key that merges exactly what Wade–Giles cannot tell
//!   apart once its apostrophes and umlauts are dropped: the initials b/p, d/t, g/k, j/q/zh/ch
//!   and z/c, and ü with u (pinyin names write ü as u too). `ping` and `bing` are both `bing`,
//!   `zhou` and `chou` both `jou`; `xi` (Wade–Giles `hsi`) stays apart from `si` and `shi`;
//! * a Latin word is cut into syllables twice, once with pinyin spellings and once with
//!   Wade–Giles ones, each time into as few syllables as possible. Its key is the set of its
//!   readings: the coarse keys of the syllables run together, for each cut that succeeds and
//!   each pinyin syllable an ambiguous Wade–Giles spelling stands for (`ju` is pinyin ju and
//!   Wade–Giles ru; `yu` is Wade–Giles you and yü);
//! * a Han word's key is that of the pinyin of its characters (the most common reading of
//!   each, from the `pinyin` crate).
//!
//! Two keys agree when they share a reading ([`ChineseKey::shares_reading`]). A reading is
//! letters run together, so where a joined word is cut does not matter: `Jinping`, `Chin-ping`
//! and `近平` all read `jinbing`, and the keys of adjacent words can be run together
//! ([`ChineseKey::concat`]).
//!
//! ```
//! use ce2_names::chinese::same_reading;
//! assert!(same_reading(&["Xi", "Jinping"], &["Hsi", "Chin-p'ing"]));
//! assert!(same_reading(&["Mao", "Zedong"], &["Mao", "Tse-tung"]));
//! assert!(same_reading(&["Deng", "Xiaoping"], &["Teng", "Hsiao-ping"]));
//! assert!(same_reading(&["习近平"], &["Hsi", "Chinping"]));
//! assert!(!same_reading(&["Chiang", "Kai-shek"], &["Chen", "Kai-shek"]));
//! ```
//!
//! What the key does not know:
//!
//! * Many words of other languages are also sequences of pinyin or Wade–Giles syllables: man,
//!   sun, long, pen, gun, hang, Maria (ma+ri+a), change (chan+ge), Ocean (o+ce+an), and most
//!   romanised Korean syllables (Kang, Song, Chong). A word reads in one system, so words that
//!   mix them (Korea: Wade–Giles ko, pinyin re) do not. A key says that a word *can* be read as
//!   these syllables, not that it is Chinese; when to rely on it is the scorer's decision.
//! * Tones are not written in names, so syllables that differ only by tone are one.
//! * Postal spellings (Peking, Canton, Amoy), Cantonese and Hokkien names (Wong, Chan for 陳,
//!   Tan), Yale, Tongyong and Gwoyeu Romatzyh are other systems, or no system, and are not read.
//! * A Han character is read by its most common Mandarin reading; heteronyms in names (曾 as
//!   Zeng, 单 as Shan) can be misread, and Japanese kanji and Korean hanja get Mandarin keys.
//! * An apostrophe that separated pinyin syllables (Xi'an) is gone after normalisation; `xian`
//!   is one syllable or two, and both have the same letters, so the key does not care.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::translit::han_pinyin;

/// The syllable table: pinyin syllable, tab, Wade–Giles form(s).
const TABLE: &str = include_str!("../data/pinyin_wade_giles.tsv");

/// Longest written syllable, in bytes (`zhuang`, `chiang`, `hsiung`).
const MAX_SYLLABLE: usize = 6;

/// Longest word, in bytes, that the parser tries to cut into syllables. Longer words are not
/// Chinese names; refusing them keeps the parser's cost bounded.
pub const MAX_PARSED_WORD: usize = 32;

/// Most readings a key keeps. Each ambiguous Wade–Giles syllable doubles the readings of a
/// word; a name needs a handful at most, and a long phrase of ambiguous syllables keeps the
/// first ones (in order of the readings' letters).
const MAX_READINGS: usize = 8;

/// A romanisation of Mandarin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum System {
    /// Hanyu Pinyin, the PRC's system and the international standard.
    Pinyin,
    /// Wade–Giles, the older English system still used for many Taiwanese names.
    WadeGiles,
}

/// How a written syllable is spelled and what it stands for.
struct Spelling {
    /// The spelling as normalised text reads it (`chin`, `hsueh`).
    text: String,
    /// Pinyin syllables that pinyin spells so (`lu`: lu and lü).
    pinyin: Vec<&'static str>,
    /// Pinyin syllables that Wade–Giles spells so (`chin`: jin and qin).
    wade_giles: Vec<&'static str>,
    /// The coarse key of the pinyin reading (one for all of `pinyin`).
    pinyin_key: Option<u16>,
    /// The distinct coarse keys of the Wade–Giles readings.
    wade_giles_keys: Vec<u16>,
    /// The key of a word that is this spelling alone, worked out once when the table is
    /// built: a word of one syllable (Li, Wang, Kang, O) then costs one walk down the trie.
    alone: Option<ChineseKey>,
}

impl Spelling {
    fn reads_in(&self, system: System) -> bool {
        match system {
            System::Pinyin => self.pinyin_key.is_some(),
            System::WadeGiles => !self.wade_giles_keys.is_empty(),
        }
    }
}

/// No spelling.
const NONE: u16 = u16::MAX;

/// A node of the spelling trie: for each letter, where its child is among the node's children
/// (which are contiguous, from `first`; `u8::MAX` when no spelling continues with that letter),
/// the spelling that ends here and the systems that spell so (bit 0 pinyin, bit 1 Wade–Giles).
/// 32 bytes a node, 600 nodes: the trie fits in the fastest cache.
#[derive(Clone, Copy)]
struct Node {
    children: [u8; 26],
    first: u16,
    spelling: u16,
    systems: u8,
}

impl Node {
    /// The index of the child after `letter` (0 for `a`).
    fn child(&self, letter: u8) -> Option<usize> {
        match self.children.get(usize::from(letter)) {
            Some(&k) if k != u8::MAX => Some(usize::from(self.first) + usize::from(k)),
            _ => None,
        }
    }
}

/// The table, built on first use from [`TABLE`].
struct Table {
    /// Every pinyin syllable, in the order of the table.
    syllables: Vec<&'static str>,
    /// Coarse keys (`bing`, `jou`), indexed by `u16`.
    keys: Vec<String>,
    spellings: Vec<Spelling>,
    /// The spellings as a compact trie of lowercase letters, root first: one walk from a
    /// position of a word finds every spelling that starts there, which is what the parser
    /// asks at each position, and the whole trie stays in the fastest cache.
    trie: Vec<Node>,
}

impl Table {
    /// The spelling of `text` exactly.
    fn find(&self, text: &[u8]) -> Option<u16> {
        let mut node = 0usize;
        for &b in text {
            node = self.trie[node].child(b.wrapping_sub(b'a'))?;
        }
        let s = self.trie[node].spelling;
        (s != NONE).then_some(s)
    }
}

/// Builds the compact trie of the spellings: a trie with a slot per letter first, then its
/// nodes renumbered breadth first so that the children of each node are contiguous.
fn compile_trie(spellings: &[Spelling]) -> Vec<Node> {
    let mut wide: Vec<([u16; 26], u16)> = vec![([NONE; 26], NONE)];
    for (i, s) in spellings.iter().enumerate() {
        let mut node = 0usize;
        for &b in s.text.as_bytes() {
            let letter = usize::from(b - b'a');
            node = match wide[node].0[letter] {
                NONE => {
                    wide.push(([NONE; 26], NONE));
                    let n = wide.len() - 1;
                    wide[node].0[letter] = n as u16;
                    n
                }
                next => usize::from(next),
            };
        }
        wide[node].1 = i as u16;
    }
    // Breadth first: `order[new] = old`.
    let mut order = vec![0usize];
    let mut nodes = Vec::with_capacity(wide.len());
    let mut done = 0;
    while done < order.len() {
        let (children, spelling) = wide[order[done]];
        let mut node = Node {
            children: [u8::MAX; 26],
            first: order.len() as u16,
            spelling,
            systems: 0,
        };
        if let Some(s) = spellings.get(usize::from(spelling)) {
            node.systems =
                u8::from(s.reads_in(System::Pinyin)) | u8::from(s.reads_in(System::WadeGiles)) << 1;
        }
        let mut k = 0;
        for (letter, &child) in children.iter().enumerate() {
            if child != NONE {
                node.children[letter] = k;
                k += 1;
                order.push(usize::from(child));
            }
        }
        nodes.push(node);
        done += 1;
    }
    nodes
}

/// The initial of a pinyin syllable and the rest.
fn split_initial(pinyin: &str) -> (&str, &str) {
    for two in ["zh", "ch", "sh"] {
        if let Some(rest) = pinyin.strip_prefix(two) {
            return (two, rest);
        }
    }
    match pinyin.chars().next() {
        Some(c) if !matches!(c, 'a' | 'e' | 'o') => pinyin.split_at(c.len_utf8()),
        _ => ("", pinyin),
    }
}

/// The coarse key of a pinyin syllable: the initial's class (b/p, d/t, g/k, j/q/zh/ch and z/c
/// each one letter) and the final with ü written u.
fn coarse(pinyin: &str) -> String {
    let (initial, fin) = split_initial(pinyin);
    let class = match initial {
        "b" | "p" => "b",
        "d" | "t" => "d",
        "g" | "k" => "g",
        "j" | "q" | "zh" | "ch" => "j",
        "z" | "c" => "z",
        other => other,
    };
    let mut key = String::with_capacity(class.len() + fin.len());
    key.push_str(class);
    key.extend(fin.chars().map(|c| if c == 'ü' { 'u' } else { c }));
    key
}

/// A spelling as the crate's normalisation leaves it: no apostrophes, `ê` `ŭ` `ü` as plain
/// vowels.
fn strip(written: &str) -> String {
    written
        .chars()
        .filter(|c| *c != '\'')
        .map(|c| match c {
            'ê' => 'e',
            'ŭ' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

fn build() -> Table {
    let mut table = Table {
        syllables: Vec::new(),
        keys: Vec::new(),
        spellings: Vec::new(),
        trie: Vec::new(),
    };
    let mut key_index: HashMap<String, u16> = HashMap::new();
    let mut spelling_index: HashMap<String, u16> = HashMap::new();
    let mut add = |table: &mut Table, text: String, pinyin: &'static str, system: System| {
        let key = coarse(pinyin);
        let k = match key_index.get(&key) {
            Some(&k) => k,
            None => {
                let k = table.keys.len() as u16;
                table.keys.push(key.clone());
                key_index.insert(key, k);
                k
            }
        };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_lowercase()) {
            return;
        }
        let idx = match spelling_index.get(&text) {
            Some(&i) => usize::from(i),
            None => {
                spelling_index.insert(text.clone(), table.spellings.len() as u16);
                table.spellings.push(Spelling {
                    text,
                    pinyin: Vec::new(),
                    wade_giles: Vec::new(),
                    pinyin_key: None,
                    wade_giles_keys: Vec::new(),
                    alone: None,
                });
                table.spellings.len() - 1
            }
        };
        let s = &mut table.spellings[idx];
        match system {
            System::Pinyin => {
                s.pinyin.push(pinyin);
                s.pinyin_key = Some(k);
            }
            System::WadeGiles => {
                if !s.wade_giles.contains(&pinyin) {
                    s.wade_giles.push(pinyin);
                }
                if !s.wade_giles_keys.contains(&k) {
                    s.wade_giles_keys.push(k);
                }
            }
        }
    };
    for line in TABLE.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((pinyin, wade_giles)) = line.split_once('\t') else {
            continue;
        };
        table.syllables.push(pinyin);
        add(&mut table, strip(pinyin), pinyin, System::Pinyin);
        // PRC passports write ü after l and n as yu (吕 LYU, 女 NYU).
        if let Some(rest) = pinyin
            .strip_prefix("lü")
            .or_else(|| pinyin.strip_prefix("nü"))
        {
            add(
                &mut table,
                format!("{}yu{rest}", &pinyin[..1]),
                pinyin,
                System::Pinyin,
            );
        }
        for form in wade_giles.split(',') {
            add(&mut table, strip(form.trim()), pinyin, System::WadeGiles);
        }
    }
    table.trie = compile_trie(&table.spellings);
    let alone: Vec<Option<ChineseKey>> = table
        .spellings
        .iter()
        .map(|s| parse_latin(&table, s.text.as_bytes()))
        .collect();
    for (s, key) in table.spellings.iter_mut().zip(alone) {
        s.alone = key;
    }
    table
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// One written syllable of a Latin word, as a system reads it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Syllable {
    spelling: u16,
    system: System,
}

impl Syllable {
    fn entry(&self) -> &'static Spelling {
        &table().spellings[usize::from(self.spelling)]
    }

    /// The syllable as written, after normalisation (`chin`, `hsueh`).
    pub fn spelling(&self) -> &'static str {
        &self.entry().text
    }

    /// The system the syllable was read in.
    pub fn system(&self) -> System {
        self.system
    }

    /// The pinyin syllables it stands for (`chin` in Wade–Giles: jin and qin).
    pub fn readings(&self) -> &'static [&'static str] {
        match self.system {
            System::Pinyin => &self.entry().pinyin,
            System::WadeGiles => &self.entry().wade_giles,
        }
    }

    /// The coarse keys of its readings (`chin`: `jin`, one key for both readings).
    pub fn keys(&self) -> Vec<&'static str> {
        let t = table();
        let e = self.entry();
        match self.system {
            System::Pinyin => e
                .pinyin_key
                .iter()
                .map(|&k| t.keys[usize::from(k)].as_str())
                .collect(),
            System::WadeGiles => e
                .wade_giles_keys
                .iter()
                .map(|&k| t.keys[usize::from(k)].as_str())
                .collect(),
        }
    }
}

impl fmt::Debug for Syllable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({:?}: {})",
            self.spelling(),
            self.system,
            self.readings().join("/")
        )
    }
}

/// The Chinese key of a word: the readings it can have as Mandarin syllables, each the coarse
/// keys of its syllables run together (`Chin-ping` → `jinbing`). Compare keys with
/// [`ChineseKey::shares_reading`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChineseKey {
    /// Number of syllables (of the shorter cut, when pinyin and Wade–Giles cut differently).
    syllables: u8,
    /// Whether the key has more than one reading: two keys of one reading each agree only
    /// when their texts are equal, which is all most comparisons need to look at.
    several: bool,
    /// The readings, sorted and separated by `|`.
    flat: Flat,
}

/// Longest text kept in a key without an allocation of its own: the readings of most words.
const INLINE: usize = 22;

/// The text of a key: in place when it is short, as most are (a key is made for most Latin
/// words of every name tokenised), else on the heap. A text has one form, so the derived
/// equality is equality of texts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Flat {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Flat {
    fn new(text: &str) -> Flat {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Flat::Inline {
                len: text.len() as u8,
                bytes,
            }
        } else {
            Flat::Heap(text.into())
        }
    }

    /// The text's bytes, for comparisons (no UTF-8 check to pay).
    fn bytes(&self) -> &[u8] {
        match self {
            Flat::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Flat::Heap(s) => s.as_bytes(),
        }
    }

    /// The readings' bytes.
    fn readings(&self) -> impl Iterator<Item = &[u8]> {
        self.bytes().split(|&b| b == b'|')
    }

    fn as_str(&self) -> &str {
        match self {
            // Only whole `&str`s are copied in, so the bytes are UTF-8.
            Flat::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Flat::Heap(s) => s,
        }
    }
}

/// Readings being written, on the stack: enough for two readings of the longest word parsed.
struct Letters {
    bytes: [u8; 4 * MAX_PARSED_WORD + 8],
    len: usize,
}

impl Letters {
    fn new() -> Letters {
        Letters {
            bytes: [0; 4 * MAX_PARSED_WORD + 8],
            len: 0,
        }
    }

    /// Appends ASCII text; `None` when it does not fit.
    fn push(&mut self, text: &str) -> Option<()> {
        let end = self.len + text.len();
        self.bytes
            .get_mut(self.len..end)?
            .copy_from_slice(text.as_bytes());
        self.len = end;
        Some(())
    }

    fn get(&self, range: std::ops::Range<usize>) -> &str {
        self.bytes
            .get(range)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

impl ChineseKey {
    fn from_readings(syllables: usize, mut readings: Vec<String>) -> Option<ChineseKey> {
        readings.sort_unstable();
        readings.dedup();
        readings.truncate(MAX_READINGS);
        if readings.is_empty() || syllables == 0 {
            return None;
        }
        Some(ChineseKey {
            syllables: u8::try_from(syllables).unwrap_or(u8::MAX),
            several: readings.len() > 1,
            flat: Flat::new(&readings.join("|")),
        })
    }

    /// The readings (`jinbing`; `ju` and `ru` for `ju`).
    pub fn readings(&self) -> impl Iterator<Item = &str> {
        self.flat.as_str().split('|')
    }

    /// Number of syllables.
    pub fn len(&self) -> usize {
        usize::from(self.syllables)
    }

    /// Whether the key has no syllables (never true for a key this module returns).
    pub fn is_empty(&self) -> bool {
        self.syllables == 0
    }

    /// Whether the two words can be read as the same syllables.
    pub fn shares_reading(&self, other: &ChineseKey) -> bool {
        if self.flat == other.flat {
            return true;
        }
        (self.several || other.several)
            && self
                .flat
                .readings()
                .any(|a| other.flat.readings().any(|b| a == b))
    }

    /// Whether this word reads as the two words `first` and `second` run together
    /// (`Jinping` as `Chin` + `ping`): [`ChineseKey::concat`] and
    /// [`ChineseKey::shares_reading`] without building the joined key, for scorers that ask
    /// it of many pairs of words.
    pub fn reads_as_joined(&self, first: &ChineseKey, second: &ChineseKey) -> bool {
        if !(self.several || first.several || second.several) {
            let (r, a, b) = (self.flat.bytes(), first.flat.bytes(), second.flat.bytes());
            return r.len() == a.len() + b.len() && r.starts_with(a) && r.ends_with(b);
        }
        self.flat.readings().any(|r| {
            first.flat.readings().any(|a| {
                r.strip_prefix(a)
                    .is_some_and(|rest| second.flat.readings().any(|b| rest == b))
            })
        })
    }

    /// The key of several words run together (`Chin` + `ping` = `Chinping`).
    pub fn concat<'a>(keys: impl IntoIterator<Item = &'a ChineseKey>) -> Option<ChineseKey> {
        let mut readings = vec![String::new()];
        let mut syllables = 0;
        for k in keys {
            syllables += k.len();
            let mut next = Vec::with_capacity(readings.len());
            for r in &readings {
                for s in k.readings() {
                    if next.len() < MAX_READINGS * 2 {
                        next.push(format!("{r}{s}"));
                    }
                }
            }
            readings = next;
        }
        ChineseKey::from_readings(syllables, readings)
    }
}

impl fmt::Display for ChineseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.flat.as_str())
    }
}

/// The best ways found to reach each position of a word, per system (0 pinyin, 1 Wade–Giles):
/// the syllables so far plus one (0: not reached), how many of them after the first start with
/// a vowel, and the length and spelling of the last. Plain zeroed arrays: setting them up is one
/// fill, which matters as every Latin word of every name comes here.
struct Steps {
    count: [[u8; MAX_PARSED_WORD + 1]; 2],
    vowel_starts: [[u8; MAX_PARSED_WORD + 1]; 2],
    len: [[u8; MAX_PARSED_WORD + 1]; 2],
    spelling: [[u16; MAX_PARSED_WORD + 1]; 2],
}

/// A cut of a word into syllables: the spellings, in order.
#[derive(Clone, Copy)]
struct Cut {
    spellings: [u16; MAX_PARSED_WORD],
    len: usize,
}

impl Cut {
    fn spellings(&self) -> &[u16] {
        &self.spellings[..self.len]
    }
}

/// Cuts a lowercase ASCII word into syllables, once per system: for each, the spellings of a
/// cut into the fewest syllables, and among those the one whose syllables after the first
/// start with a consonant most often (pinyin marks a syllable starting with a vowel with an
/// apostrophe, so `changan` is chan+gan). `None` for a system that cannot cut the word.
fn cut(t: &Table, word: &[u8]) -> [Option<Cut>; 2] {
    let n = word.len();
    if n == 0 || n > MAX_PARSED_WORD || !word.iter().all(u8::is_ascii_lowercase) {
        return [None, None];
    }
    // Most words of other languages fail at once: no syllable starts them (Kim, Hyok, Un).
    let mut node = &t.trie[0];
    let mut starts = false;
    for &b in &word[..MAX_SYLLABLE.min(n)] {
        let Some(next) = node.child(b - b'a') else {
            break;
        };
        node = &t.trie[next];
        if node.systems != 0 {
            starts = true;
            break;
        }
    }
    if !starts {
        return [None, None];
    }
    let mut best = Steps {
        count: [[0; MAX_PARSED_WORD + 1]; 2],
        vowel_starts: [[0; MAX_PARSED_WORD + 1]; 2],
        len: [[0; MAX_PARSED_WORD + 1]; 2],
        spelling: [[0; MAX_PARSED_WORD + 1]; 2],
    };
    best.count[0][0] = 1;
    best.count[1][0] = 1;
    // The furthest position any cut has reached: past it, no cut can go on.
    let mut frontier = 0;
    for i in 0..n {
        if i > frontier {
            return [None, None];
        }
        // Bit 0: pinyin reached `i`; bit 1: Wade–Giles did.
        let reached = u8::from(best.count[0][i] > 0) | u8::from(best.count[1][i] > 0) << 1;
        if reached == 0 {
            continue;
        }
        let vowel = u8::from(i > 0 && matches!(word[i], b'a' | b'e' | b'i' | b'o' | b'u'));
        // Every spelling that starts at `i`, by one walk down the trie.
        let mut node = &t.trie[0];
        for len in 1..=MAX_SYLLABLE.min(n - i) {
            let Some(next) = node.child(word[i + len - 1] - b'a') else {
                break;
            };
            node = &t.trie[next];
            let systems = node.systems & reached;
            if systems == 0 {
                continue;
            }
            for sys in 0..2 {
                if systems & (1 << sys) == 0 {
                    continue;
                }
                let count = best.count[sys][i].saturating_add(1);
                let vowels = best.vowel_starts[sys][i].saturating_add(vowel);
                let j = i + len;
                let old = best.count[sys][j];
                if old == 0 || (count, vowels) < (old, best.vowel_starts[sys][j]) {
                    best.count[sys][j] = count;
                    best.vowel_starts[sys][j] = vowels;
                    best.len[sys][j] = len as u8;
                    best.spelling[sys][j] = node.spelling;
                    frontier = frontier.max(j);
                }
            }
        }
    }
    let mut out = [None, None];
    for (sys, o) in out.iter_mut().enumerate() {
        let Some(count) = usize::from(best.count[sys][n]).checked_sub(1) else {
            continue;
        };
        if count == 0 || count > MAX_PARSED_WORD {
            continue;
        }
        let mut cut = Cut {
            spellings: [0; MAX_PARSED_WORD],
            len: count,
        };
        let mut i = n;
        for k in (0..count).rev() {
            cut.spellings[k] = best.spelling[sys][i];
            i -= usize::from(best.len[sys][i]);
        }
        *o = Some(cut);
    }
    out
}

/// The key of a normalised Latin word (lowercase ASCII); `None` when it cannot be read as
/// pinyin or Wade–Giles syllables.
///
/// Tokenising asks this of every Latin word, so the usual case (each cut with one reading)
/// writes on the stack and allocates nothing.
pub(crate) fn key_of_latin(word: &[u8]) -> Option<ChineseKey> {
    let t = table();
    if let Some(s) = t.find(word) {
        return t.spellings[usize::from(s)].alone.clone();
    }
    parse_latin(t, word)
}

/// [`key_of_latin`] by cutting the word, with the table given (it is also how the table works
/// out the keys of its own spellings).
fn parse_latin(t: &Table, word: &[u8]) -> Option<ChineseKey> {
    let [pinyin, wade_giles] = cut(t, word);
    let key_str = |k: u16| t.keys[usize::from(k)].as_str();
    let syllables = match (&pinyin, &wade_giles) {
        (None, None) => return None,
        (Some(p), Some(g)) => p.len.min(g.len),
        (Some(p), None) => p.len,
        (None, Some(g)) => g.len,
    };
    let mut letters = Letters::new();
    if let Some(cut) = &pinyin {
        for &s in cut.spellings() {
            letters.push(key_str(t.spellings[usize::from(s)].pinyin_key?))?;
        }
    }
    let pinyin_end = letters.len;
    if let Some(cut) = &wade_giles {
        let ambiguous = cut
            .spellings()
            .iter()
            .any(|&s| t.spellings[usize::from(s)].wade_giles_keys.len() > 1);
        if ambiguous {
            return ambiguous_key(t, syllables, letters.get(0..pinyin_end), cut);
        }
        if pinyin_end > 0 {
            letters.push("|")?;
        }
        for &s in cut.spellings() {
            letters.push(key_str(t.spellings[usize::from(s)].wade_giles_keys[0]))?;
        }
    }
    let flat = if pinyin.is_some() && wade_giles.is_some() {
        let (first, second) = (
            letters.get(0..pinyin_end),
            letters.get(pinyin_end + 1..letters.len),
        );
        if first == second {
            Flat::new(first)
        } else if first > second {
            Flat::new(&format!("{second}|{first}"))
        } else {
            Flat::new(letters.get(0..letters.len))
        }
    } else {
        Flat::new(letters.get(0..letters.len))
    };
    Some(ChineseKey {
        syllables: u8::try_from(syllables).unwrap_or(u8::MAX),
        several: flat.as_str().contains('|'),
        flat,
    })
}

/// The key of a word whose Wade–Giles cut has ambiguous syllables (`yu`: you and yu): every
/// combination of their keys, with the pinyin reading when there is one.
fn ambiguous_key(t: &Table, syllables: usize, pinyin: &str, cut: &Cut) -> Option<ChineseKey> {
    let mut readings: Vec<String> = Vec::new();
    if !pinyin.is_empty() {
        readings.push(pinyin.to_string());
    }
    let mut partial = vec![String::new()];
    for &s in cut.spellings() {
        let keys = &t.spellings[usize::from(s)].wade_giles_keys;
        let mut next = Vec::with_capacity(partial.len() * keys.len());
        for p in &partial {
            for &k in keys {
                if next.len() < MAX_READINGS * 2 {
                    next.push(format!("{p}{}", t.keys[usize::from(k)]));
                }
            }
        }
        partial = next;
    }
    readings.extend(partial);
    ChineseKey::from_readings(syllables, readings)
}

/// The key of a word of Han characters: the pinyin of each character. `None` when a character
/// has no reading, or only an interjection's (`嗯`, read n).
pub(crate) fn key_of_han(word: &str) -> Option<ChineseKey> {
    let t = table();
    let mut flat = String::with_capacity(word.len() * 2);
    let mut syllables = 0;
    let mut buf = [0u8; 8];
    for c in word.chars() {
        let pinyin = han_pinyin(c)?;
        let mut n = 0;
        for l in pinyin.chars() {
            let l = if l == 'ü' { 'u' } else { l };
            if !l.is_ascii_lowercase() || n == buf.len() {
                return None;
            }
            buf[n] = l as u8;
            n += 1;
        }
        let s = t.find(&buf[..n])?;
        let k = t.spellings[usize::from(s)].pinyin_key?;
        flat.push_str(&t.keys[usize::from(k)]);
        syllables += 1;
    }
    if syllables == 0 {
        return None;
    }
    Some(ChineseKey {
        syllables: u8::try_from(syllables).unwrap_or(u8::MAX),
        several: false,
        flat: Flat::new(&flat),
    })
}

fn is_han(c: char) -> bool {
    crate::script::char_script(c) == crate::script::Script::Han
}

/// The key of one normalised word: Han characters or lowercase ASCII letters.
fn key_of_word(word: &str) -> Option<ChineseKey> {
    if !word.is_empty() && word.chars().all(is_han) {
        key_of_han(word)
    } else {
        key_of_latin(word.as_bytes())
    }
}

/// The Chinese key of a word or name, in Han characters, pinyin or Wade–Giles; `None` when
/// some word of it cannot be read as Mandarin syllables.
///
/// The text is normalised first (case, apostrophes, umlauts, hyphens), and its words are run
/// together: `Chin-p'ing`, `CHINPING` and `近平` have one key.
///
/// ```
/// use ce2_names::chinese::chinese_key;
/// let key = |s| chinese_key(s).map(|k| k.to_string());
/// assert_eq!(key("Tse-tung"), key("Zedong"));
/// assert_eq!(key("Chou"), key("Zhou"));
/// assert_eq!(key("Hsü"), key("Xu"));
/// assert_eq!(key("Green"), None);
/// ```
pub fn chinese_key(text: &str) -> Option<ChineseKey> {
    if text.bytes().all(|b| b.is_ascii_lowercase()) {
        return key_of_latin(text.as_bytes());
    }
    let normalized = crate::normalize::normalize(text);
    let mut keys = Vec::new();
    for w in normalized.split(' ').filter(|w| !w.is_empty()) {
        keys.push(key_of_word(w)?);
    }
    if keys.len() == 1 {
        return keys.pop();
    }
    ChineseKey::concat(keys.iter())
}

/// A Latin word cut into syllables: pinyin when pinyin can cut it into no more syllables than
/// Wade–Giles can, else Wade–Giles. The word is normalised first; words that normalisation
/// separates (at a hyphen or space) are cut one by one. `None` when some word cannot be cut.
///
/// ```
/// use ce2_names::chinese::{syllables, System};
/// let cut = syllables("Chin-p'ing").unwrap();
/// assert_eq!(cut.iter().map(|s| s.spelling()).collect::<Vec<_>>(), ["chin", "ping"]);
/// assert_eq!(cut[0].system(), System::WadeGiles);
/// assert_eq!(cut[0].readings(), ["jin", "qin"]);
/// let cut = syllables("Jinping").unwrap();
/// assert_eq!(cut.iter().map(|s| s.spelling()).collect::<Vec<_>>(), ["jin", "ping"]);
/// assert!(syllables("Stevedoring").is_none());
/// ```
pub fn syllables(word: &str) -> Option<Vec<Syllable>> {
    let normalized = crate::normalize::normalize(word);
    let mut out = Vec::new();
    for w in normalized.split(' ').filter(|w| !w.is_empty()) {
        let [pinyin, wade_giles] = cut(table(), w.as_bytes());
        let (cut, system) = match (pinyin, wade_giles) {
            (Some(p), Some(g)) if g.len < p.len => (g, System::WadeGiles),
            (Some(p), _) => (p, System::Pinyin),
            (None, Some(g)) => (g, System::WadeGiles),
            (None, None) => return None,
        };
        out.extend(
            cut.spellings()
                .iter()
                .map(|&spelling| Syllable { spelling, system }),
        );
    }
    (!out.is_empty()).then_some(out)
}

/// Whether two sequences of words can be read as the same Mandarin syllables, whatever their
/// spacing and hyphens: `["Xi", "Jinping"]` and `["Hsi", "Chin-ping"]` can.
pub fn same_reading(a: &[&str], b: &[&str]) -> bool {
    match (chinese_key(&a.join(" ")), chinese_key(&b.join(" "))) {
        (Some(x), Some(y)) => x.shares_reading(&y),
        _ => false,
    }
}

/// The pinyin syllables of the table, in its order (`a`, `ai`, …, `lü`, …).
pub fn pinyin_syllables() -> &'static [&'static str] {
    &table().syllables
}

/// The Wade–Giles spellings, after normalisation, that stand for more than one coarse key:
/// the syllables that dropped apostrophes and umlauts make ambiguous beyond what the key
/// merges (`yu`: you and yü), each with its pinyin readings.
pub fn ambiguous_wade_giles() -> Vec<(&'static str, &'static [&'static str])> {
    table()
        .spellings
        .iter()
        .filter(|s| s.wade_giles_keys.len() > 1)
        .map(|s| (s.text.as_str(), s.wade_giles.as_slice()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_keys_merge_the_aspirated_pairs() {
        for (a, b) in [
            ("bing", "ping"),
            ("dong", "tong"),
            ("gang", "kang"),
            ("jin", "qin"),
            ("zhou", "chou"),
            ("ju", "zhu"),
            ("ze", "ce"),
            ("lü", "lu"),
        ] {
            assert_eq!(coarse(a), coarse(b), "{a} {b}");
        }
        for (a, b) in [
            ("xi", "si"),
            ("xi", "shi"),
            ("si", "shi"),
            ("zi", "ji"),
            ("ri", "ji"),
        ] {
            assert_ne!(coarse(a), coarse(b), "{a} {b}");
        }
    }

    #[test]
    fn every_han_reading_is_in_the_table() {
        // The `pinyin` crate's readings that are not syllables of standard Mandarin: the
        // interjections and a few dialect or single-character readings.
        let outside = [
            "m", "n", "ng", "hm", "hng", "ê", "biang", "bong", "din", "fiao", "len", "nia", "wong",
        ];
        let t = table();
        let mut missing = std::collections::BTreeSet::new();
        for u in 0x4E00..=0x9FFF_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let Some(p) = han_pinyin(c) else { continue };
            if p.is_empty() || outside.contains(&p) {
                continue;
            }
            if !t.syllables.contains(&p) {
                missing.insert(p);
            }
        }
        assert!(
            missing.is_empty(),
            "readings missing from the table: {missing:?}"
        );
    }
}
