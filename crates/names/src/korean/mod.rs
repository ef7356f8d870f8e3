//! The Korean layer: one key for all the spellings of a Korean name.
//!
//! A Korean name reaches a sanctions list in Hangul (김영철), in the DPRK's own romanisation
//! (KIM Yong Chol), in McCune–Reischauer with or without its breves and apostrophes
//! (Kim Yŏng-ch'ŏl, Kim Yo'ng-ch'o'l), in the South Korean Revised Romanization
//! (Gim Yeong-cheol) and in diaspora spellings (Kim Young-Chul). This module gives all of them
//! the same key:
//!
//! * a Hangul syllable is taken apart into jamo by Unicode arithmetic ([`Jamo`]) and each jamo
//!   is mapped to a class that the systems and the lists blur ([`SyllableKey`]);
//! * a Latin word is cut into syllables by a table of spellings derived from all 11,172 Hangul
//!   syllables through the systems and the common variants (see [`spellings`] and
//!   [`derivation_report`]), and each piece is mapped to the class of the syllables it spells;
//! * the key of a word is the letters of its syllable classes ([`KoreanKey::flat`]); initial and
//!   final consonants share letters, so `Jongun`, `Jong-un` and `Jong Un` give `cogon` whichever
//!   way a joined word is cut.
//!
//! ```
//! use ce2_names::korean::korean_key;
//! let key = |s| korean_key(s).map(|k| k.flat().to_string());
//! assert_eq!(key("김정은"), key("kimjongun"));
//! assert_eq!(key("Chŏng-ŭn"), key("jeongeun"));
//! assert_eq!(key("Ri"), key("Lee"));
//! assert_eq!(key("Choe"), key("Choi"));
//! assert_eq!(key("Hyok"), key("Hyuk"));
//! assert_eq!(key("Green"), None);
//! ```
//!
//! A word that cannot be cut into Korean syllables has no key; most non-Korean words are such,
//! but short ones (Son, Man, Maria) do parse, so a caller should use the keys where the name as
//! a whole looks Korean ([`korean_name`]).

mod glossary;
mod jamo;
mod romanize;
mod table;

use std::fmt;
use std::sync::{Arc, OnceLock};

pub use glossary::translate_body_name;
pub use jamo::{
    is_syllable, Coda, Jamo, Nucleus, Onset, SyllableKey, FIRST_SYLLABLE, SYLLABLE_COUNT,
};
pub use romanize::{romanize, romanize_syllable, Romanization, SYSTEMS};
pub use table::{derivation_report, spellings, Conflict, DerivationReport, Spelling};

use crate::fnv::FnvSet;
use crate::tokens::{Token, TokenKind};

/// Longest word, in bytes, that the romanisation parser tries to cut into syllables. Longer
/// words are not Korean names; refusing them keeps the parser's cost bounded.
pub const MAX_PARSED_WORD: usize = 48;

/// The Korean key of one word: its syllable classes, and their letters.
///
/// A key is shared, not copied: cloning it (as every token of a remembered word does) costs a
/// reference count, and what is asked of it again and again ([`KoreanKey::spoken`], whether it
/// is a family name) is worked out once.
#[derive(Clone)]
pub struct KoreanKey {
    inner: Arc<KeyInner>,
}

struct KeyInner {
    syllables: Vec<SyllableKey>,
    flat: String,
    /// [`KoreanKey::spoken`], once asked.
    spoken: OnceLock<KoreanKey>,
    /// [`is_family_key`], once asked.
    family: OnceLock<bool>,
}

impl KoreanKey {
    fn from_syllables(syllables: Vec<SyllableKey>) -> KoreanKey {
        let mut flat = String::with_capacity(syllables.len() * 3);
        for s in &syllables {
            s.write_flat(&mut flat);
        }
        KoreanKey {
            inner: Arc::new(KeyInner {
                syllables,
                flat,
                spoken: OnceLock::new(),
                family: OnceLock::new(),
            }),
        }
    }

    /// The syllable classes, in order. How a joined Latin word was cut is a guess (`Jimin`
    /// becomes jim+in); compare [`KoreanKey::flat`] rather than the syllables.
    pub fn syllables(&self) -> &[SyllableKey] {
        &self.inner.syllables
    }

    /// The key's letters: the comparison form. Equal for every romanisation of the same
    /// Hangul, and independent of where a joined word is cut.
    pub fn flat(&self) -> &str {
        &self.inner.flat
    }

    /// Number of syllables.
    pub fn len(&self) -> usize {
        self.inner.syllables.len()
    }

    /// Whether the key has no syllables (never true for a key this module returns).
    pub fn is_empty(&self) -> bool {
        self.inner.syllables.is_empty()
    }

    /// The key as the syllables are said in a row, which is how the lists' romanisations
    /// often write them: a final before ㄴ or ㅁ is nasalised (압록 Ap-rok is said and written
    /// Amnok; 백마 Paek-ma, Paengma), and a final doubled by the next initial is written once
    /// (Amnokkang, Amrogang). Spellings of one name that differ only by these sound changes get
    /// one key.
    pub fn spoken(&self) -> KoreanKey {
        self.inner.spoken.get_or_init(|| self.spoken_anew()).clone()
    }

    fn spoken_anew(&self) -> KoreanKey {
        let mut syllables = self.inner.syllables.clone();
        for i in 1..syllables.len() {
            let next = syllables[i].onset;
            let prev = &mut syllables[i - 1];
            prev.coda = match (prev.coda, next) {
                (Coda::P, Onset::N | Onset::M) => Coda::M,
                (Coda::K, Onset::N | Onset::M) => Coda::Ng,
                (Coda::T, Onset::N | Onset::M) => Coda::N,
                (Coda::K, Onset::K)
                | (Coda::P, Onset::P)
                | (Coda::T, Onset::T | Onset::S | Onset::C) => Coda::None,
                (c, _) => c,
            };
        }
        KoreanKey::from_syllables(syllables)
    }

    /// The keys of several words run together, as one word (`Jong` + `Un` = `Jongun`).
    pub fn concat<'a>(keys: impl IntoIterator<Item = &'a KoreanKey>) -> KoreanKey {
        let mut syllables = Vec::new();
        for k in keys {
            syllables.extend_from_slice(&k.inner.syllables);
        }
        KoreanKey::from_syllables(syllables)
    }
}

impl fmt::Debug for KoreanKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KoreanKey")
            .field("syllables", &self.inner.syllables)
            .field("flat", &self.inner.flat)
            .finish()
    }
}

impl PartialEq for KoreanKey {
    fn eq(&self, other: &Self) -> bool {
        self.inner.flat == other.inner.flat
    }
}

impl Eq for KoreanKey {}

impl std::hash::Hash for KoreanKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.flat.hash(state);
    }
}

impl fmt::Display for KoreanKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.flat)
    }
}

/// The key of a word written wholly in precomposed Hangul syllables.
pub(crate) fn key_of_hangul(word: &str) -> Option<KoreanKey> {
    let mut syllables = Vec::with_capacity(word.len() / 3);
    for c in word.chars() {
        syllables.push(SyllableKey::of_char(c)?);
    }
    if syllables.is_empty() {
        return None;
    }
    Some(KoreanKey::from_syllables(syllables))
}

/// Cuts a lowercase ASCII word into romanised Korean syllables.
///
/// Among the ways to cut the word into spellings of the table, it takes the one with the
/// fewest syllables and, between equals, the longest first syllable (`jongun` is jong+un, not
/// jon+gun: MR writes ㄴ+ㄱ as `n'g` precisely to tell them apart). Spellings marked as ending a
/// word (`oh`, `noh`) are tried only at its end.
pub(crate) fn parse_ascii(word: &[u8]) -> Option<KoreanKey> {
    let n = word.len();
    if n == 0 || n > MAX_PARSED_WORD || !word.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let trie = &table::table().trie;
    // Forward: the positions a cut into spellings can reach from the start, and at each the
    // lengths of the spellings that start there (bit `len - 1`), found by extending one letter
    // at a time until no spelling goes on. Most words that are not Korean stop after a
    // syllable or two.
    const _: () = assert!(table::MAX_SPELLING <= 8);
    let mut lengths = [0u8; MAX_PARSED_WORD];
    let mut reachable = [false; MAX_PARSED_WORD + 1];
    reachable[0] = true;
    let mut furthest = 0;
    for i in 0..n {
        if i > furthest {
            return None;
        }
        if !reachable[i] {
            continue;
        }
        let mut node = table::Trie::ROOT;
        for len in 1..=table::MAX_SPELLING.min(n - i) {
            let Some((next, spells, extends)) = trie.child(node, word[i + len - 1]) else {
                break;
            };
            node = next;
            if spells {
                let (anywhere, at_end) = trie.spells(node);
                if anywhere.is_some() || (i + len == n && at_end.is_some()) {
                    lengths[i] |= 1 << (len - 1);
                    reachable[i + len] = true;
                    furthest = furthest.max(i + len);
                }
            }
            if !extends {
                break;
            }
        }
    }
    if !reachable[n] {
        return None;
    }
    // Backward: count[i] is the fewest syllables that spell word[i..] and first_len[i] the
    // length of the first; between cuts of equal count, the longest first syllable wins.
    const NONE: u8 = u8::MAX;
    let mut count = [NONE; MAX_PARSED_WORD + 1];
    let mut first_len = [0u8; MAX_PARSED_WORD + 1];
    count[n] = 0;
    for i in (0..n).rev() {
        let mut left = lengths[i];
        while left != 0 {
            let len = 8 - left.leading_zeros() as usize;
            left &= !(1 << (len - 1));
            let rest = count[i + len];
            if rest != NONE && rest + 1 < count[i] {
                count[i] = rest + 1;
                first_len[i] = len as u8;
            }
        }
    }
    if count[0] == NONE {
        return None;
    }
    // The syllable of each spelling of the cut.
    let mut syllables = Vec::with_capacity(usize::from(count[0]));
    let mut i = 0;
    while i < n {
        let len = usize::from(first_len[i]);
        let mut node = table::Trie::ROOT;
        for &letter in word.get(i..i + len)? {
            node = trie.child(node, letter)?.0;
        }
        let (anywhere, at_end) = trie.spells(node);
        syllables.push(anywhere.or(if i + len == n { at_end } else { None })?);
        i += len;
    }
    Some(KoreanKey::from_syllables(syllables))
}

/// Parses a lowercase ASCII word; when that fails and the word starts with an `l` before a
/// consonant, reads the `l` as a capital `I` misread or mistyped (`O, ln-chun` for `O In Chun`
/// in one list): no romanised Korean syllable starts so.
fn parse_latin(word: &[u8]) -> Option<KoreanKey> {
    parse_ascii(word).or_else(|| match word {
        [b'l', second, ..] if !matches!(second, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w') => {
            let mut fixed = word.to_vec();
            fixed[0] = b'i';
            parse_ascii(&fixed)
        }
        _ => None,
    })
}

/// The Korean key of one word, in Hangul or in any romanisation; `None` when the word is
/// neither Hangul nor a sequence of romanised Korean syllables.
///
/// The word is normalised first (case, breves, apostrophes, hyphens), so `Ch'ŏl-su` and
/// `CHOLSU` give the same key; a phrase of several words gives the key of the words run
/// together.
pub fn korean_key(word: &str) -> Option<KoreanKey> {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return parse_latin(word.as_bytes());
    }
    if !word.is_empty() && word.chars().all(is_syllable) {
        return key_of_hangul(word);
    }
    let normalized = crate::normalize::normalize(word);
    let mut keys = Vec::new();
    for w in normalized.split(' ') {
        if w.is_empty() {
            continue;
        }
        let key = if w.chars().all(is_syllable) {
            key_of_hangul(w)
        } else {
            parse_latin(w.as_bytes())
        }?;
        keys.push(key);
    }
    if keys.is_empty() {
        return None;
    }
    Some(KoreanKey::concat(keys.iter()))
}

/// Korean family names, in Hangul: the common ones, the DPRK forms that keep an initial ㄹ
/// (리, 림, 렴, 류, 량, 로) and the two-syllable ones. Their romanisations come from the same
/// derivation as everything else.
const FAMILY_NAMES: &[&str] = &[
    "김", "이", "리", "박", "최", "정", "강", "조", "윤", "장", "임", "림", "한", "오", "서", "신",
    "권", "황", "안", "송", "류", "유", "전", "홍", "고", "문", "양", "량", "손", "배", "백", "허",
    "남", "심", "노", "로", "하", "곽", "성", "차", "주", "우", "구", "민", "진", "나", "라", "지",
    "엄", "변", "채", "원", "방", "천", "공", "현", "함", "염", "렴", "여", "려", "추", "도", "소",
    "석", "선", "설", "마", "길", "연", "위", "표", "명", "기", "반", "왕", "금", "옥", "육", "륙",
    "인", "맹", "제", "모", "탁", "국", "어", "은", "편", "용", "룡", "예", "경", "봉", "사", "부",
    "가", "복", "태", "목", "형", "피", "두", "감", "음", "빈", "동", "온", "호", "범", "좌", "팽",
    "승", "간", "상", "갈", "단", "견", "당", "화", "창", "계", "쇠", "평", "포", "남궁", "황보",
    "제갈", "사공", "선우", "서문", "독고", "동방",
];

fn family_keys() -> &'static FnvSet<String> {
    static KEYS: OnceLock<FnvSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        FAMILY_NAMES
            .iter()
            .filter_map(|h| key_of_hangul(h))
            .map(|k| k.flat().to_string())
            .collect()
    })
}

/// Whether the key is that of a Korean family name.
pub fn is_family_key(key: &KoreanKey) -> bool {
    *key.inner
        .family
        .get_or_init(|| family_keys().contains(key.flat()))
}

/// Whether a word (Hangul or romanised) is a known Korean family name: Kim, Gim, 김, Ri, Lee,
/// Yi, Rhee, Pak, Park, Choe, Choi, …. The keys blur, so short words of other languages can
/// answer yes (`An`, `O`, `Ma`); use it on names that look Korean.
pub fn is_family_name(word: &str) -> bool {
    korean_key(word).is_some_and(|k| is_family_key(&k))
}

/// The Korean reading of a personal name: its family name and its given name, each as key
/// letters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KoreanName {
    /// Key of the family name; `None` when the name has a single part that is not a known
    /// family name (an alias such as `Young-Chul`).
    pub family: Option<String>,
    /// Key of the given name, its syllables run together (`Jong Un` → `cogon`); empty when the
    /// name is a family name alone.
    pub given: String,
}

impl KoreanName {
    /// Family and given keys in one string, `family|given`, for indexing.
    pub fn joined(&self) -> String {
        format!("{}|{}", self.family.as_deref().unwrap_or(""), self.given)
    }
}

/// Reads tokens of a personal name as a Korean name; `None` unless every word token has a
/// Korean key.
///
/// Tokens joined by hyphens form one part (`Jong-un`, `Chang-Su`). The family name is the
/// first part when that is a single known family name, else the last part when that is one
/// (`Chang-Su Han`), else the first part. The remaining parts, in order, are the given name.
///
/// ```
/// use ce2_names::{korean::korean_name, tokenize, NameKind};
/// let name = |s| korean_name(&tokenize(s, NameKind::Person));
/// assert_eq!(name("KIM Jong Un"), name("김정은"));
/// assert_eq!(name("Kim Chŏng-ŭn"), name("Gim Jeong-eun"));
/// assert_eq!(name("HAN JANG SU"), name("Chang-Su Han"));
/// assert_ne!(name("KIM Yong Chol"), name("KIM Song Chol"));
/// ```
pub fn korean_name(tokens: &[Token]) -> Option<KoreanName> {
    // Most names have a word that is no Korean syllables: nothing to build for them.
    let words = || {
        tokens
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Initial))
    };
    if words().any(|t| t.korean.is_none()) {
        return None;
    }
    // Parts: runs of word tokens joined by hyphens.
    let mut parts: Vec<Vec<&KoreanKey>> = Vec::new();
    for t in tokens {
        match t.kind {
            TokenKind::Word | TokenKind::Initial => {}
            _ => continue,
        }
        let key = t.korean.as_ref()?;
        match parts.last_mut() {
            Some(last) if t.attached => last.push(key),
            _ => parts.push(vec![key]),
        }
    }
    let is_family = |part: &Vec<&KoreanKey>| part.len() == 1 && is_family_key(part[0]);
    let given_of = |parts: &[Vec<&KoreanKey>]| {
        KoreanKey::concat(parts.iter().flat_map(|p| p.iter().copied()))
            .flat()
            .to_string()
    };
    match parts.len() {
        0 => None,
        1 if is_family(&parts[0]) => Some(KoreanName {
            family: Some(parts[0][0].flat().to_string()),
            given: String::new(),
        }),
        1 => Some(KoreanName {
            family: None,
            given: given_of(&parts),
        }),
        n => {
            let last_is_family = !is_family(&parts[0]) && is_family(&parts[n - 1]);
            let (family, given) = if last_is_family {
                (&parts[n - 1], given_of(&parts[..n - 1]))
            } else {
                (&parts[0], given_of(&parts[1..]))
            };
            Some(KoreanName {
                family: Some(KoreanKey::concat(family.iter().copied()).flat().to_string()),
                given,
            })
        }
    }
}

/// Splits a personal name written in Hangul as one word (김정은) into family name and given
/// name, at a known family name of one or two syllables. `None` when the word is not Hangul,
/// is shorter than two syllables, or does not start with a known family name.
pub fn split_hangul_name(word: &str) -> Option<(&str, &str)> {
    let count = word.chars().count();
    if !(2..=6).contains(&count) || !word.chars().all(is_syllable) {
        return None;
    }
    // Two-syllable family names first (남궁, 선우), when a given name is left after them.
    if count >= 3 {
        let cut = word.char_indices().nth(2).map(|(i, _)| i)?;
        let (head, tail) = word.split_at(cut);
        if FAMILY_NAMES.contains(&head) {
            return Some((head, tail));
        }
    }
    let cut = word.char_indices().nth(1).map(|(i, _)| i)?;
    let (head, tail) = word.split_at(cut);
    if FAMILY_NAMES.contains(&head) {
        Some((head, tail))
    } else {
        None
    }
}
