//! Tokens: the words of a name, each with its normalised and Latin forms, what kind of word it
//! is, and its comparison keys.

use crate::chinese::{self, ChineseKey};
use crate::korean::{self, KoreanKey};
use crate::normalize::{pieces, Piece};
use crate::phonetic::metaphone;
use crate::script::{char_script, script, Script};
use crate::translit::latinize_word;
use crate::vocab::{self, LegalForm, OrgType, PhraseKind, Symbol};

/// What a name names; it decides which words are read as legal forms, organisation types and
/// the name of Korea.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A person: particles and titles are stop words, single letters are initials, a Hangul
    /// name written as one word is split into family and given name.
    Person,
    /// A company, agency or other body: legal forms, organisation types, Korea/Choson, stop
    /// words and numbers (in digits or English words) are recognised.
    Organization,
    /// A vessel: stop words (`M/V`) and numbers (in digits or English words) are recognised.
    Vessel,
    /// Anything else (read like an organisation).
    Other,
}

/// What kind of word a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A name word.
    Word,
    /// A legal form (`Ltd`, `LLC`, `Co.`, `Corporation`, `Hoesa`); see [`Token::symbol`].
    LegalForm,
    /// An organisation type (`Trading`, `Bank`, `Joint Venture`, `Muyok`); see
    /// [`Token::symbol`].
    OrgType,
    /// A number or ordinal (`39`, `2nd`, `Second`), or an English number in words in the name
    /// of a body or ship (`Forty-Four`, one token).
    Number,
    /// A stop word (`of`, `the`, `and`) or a particle or title in a personal name (`van`,
    /// `bin`, `Mr`).
    Stop,
    /// A single letter: an initial.
    Initial,
}

/// One word of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The text of the input it came from, as written. Words split out of one written word
    /// (`김정은` → `김`, `정은`; `朝鲜贸易会社`) share that word as their surface.
    pub surface: String,
    /// The normalised form, in its own script (`chol`, `김`, `ким`).
    pub norm: String,
    /// The Latin form (`chol`, `kim`, `kim`); a phrase token (`joint venture`) holds spaces.
    pub latin: String,
    /// What kind of word it is.
    pub kind: TokenKind,
    /// The symbol of a legal form, organisation type, Korea or number.
    pub symbol: Option<Symbol>,
    /// The script of the normalised form.
    pub script: Script,
    /// Whether a hyphen joined it to the previous token (`Jong-un`).
    pub attached: bool,
    /// Metaphone of the Latin form (see [`crate::phonetic::metaphone`]).
    pub phonetic: String,
    /// The Korean key, when the word is Hangul or a sequence of romanised Korean syllables.
    pub korean: Option<KoreanKey>,
    /// The Chinese key, when the word is a name word in Han characters or a sequence of pinyin
    /// or Wade–Giles syllables (see [`crate::chinese`]). Many words of other languages parse
    /// too (Man, Sun, Long): it says the word can be read so, not that it is Chinese.
    pub chinese: Option<ChineseKey>,
}

impl Token {
    /// The comparison key: the symbol for legal forms, organisation types, Korea and numbers;
    /// otherwise the Korean key when there is one, else the Metaphone key, else the Latin form.
    pub fn key(&self) -> String {
        if let Some(s) = self.symbol {
            return s.to_string();
        }
        if let Some(k) = &self.korean {
            return k.flat().to_string();
        }
        if !self.phonetic.is_empty() {
            return self.phonetic.clone();
        }
        self.latin.clone()
    }

    /// The Korean key of this token (shorthand for `self.korean.as_ref()`).
    pub fn korean_key(&self) -> Option<&KoreanKey> {
        self.korean.as_ref()
    }

    /// Whether this token is a known Korean family name (see
    /// [`crate::korean::is_family_name`]).
    pub fn is_korean_family_name(&self) -> bool {
        self.korean.as_ref().is_some_and(korean::is_family_key)
    }

    /// Whether the token is a name word (or an initial), the words that carry identity.
    pub fn is_name_word(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Initial)
    }
}

/// A word before classification.
struct Raw {
    norm: String,
    start: usize,
    end: usize,
    attached: bool,
    /// Set when a split of a Hangul or Han word already knows what this part is.
    preset: Option<(TokenKind, Option<Symbol>)>,
}

fn all_hangul(s: &str) -> bool {
    !s.is_empty() && s.chars().all(korean::is_syllable)
}

fn all_han(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| char_script(c) == Script::Han)
}

fn split_at_char(s: &str, n: usize) -> Option<(&str, &str)> {
    let cut = s.char_indices().nth(n).map(|(i, _)| i)?;
    Some(s.split_at(cut))
}

/// Splits a Hangul or Han organisation word into Korea, name and type words
/// (`조선백호무역회사` → `조선` `백호` `무역` `회사`).
fn split_org_word(p: Piece, out: &mut Vec<Raw>) {
    let text = p.text.as_str();
    let suffixes = if all_hangul(text) {
        vocab::HANGUL_ORG_SUFFIXES
    } else if all_han(text) {
        vocab::HAN_ORG_SUFFIXES
    } else {
        out.push(whole(p));
        return;
    };
    let mut rest = text;
    let mut head: Vec<&str> = Vec::new();
    for prefix in vocab::KOREA_PREFIXES {
        if let Some(r) = rest.strip_prefix(prefix) {
            if !r.is_empty() {
                head.push(prefix);
                rest = r;
            }
            break;
        }
    }
    let mut tail: Vec<&str> = Vec::new();
    'strip: loop {
        for parts in suffixes {
            let joined: String = parts.concat();
            if rest.len() > joined.len() || (!head.is_empty() || !tail.is_empty()) && rest == joined
            {
                if let Some(r) = rest.strip_suffix(joined.as_str()) {
                    for part in parts.iter().rev() {
                        tail.push(part);
                    }
                    rest = r;
                    if rest.is_empty() {
                        break 'strip;
                    }
                    continue 'strip;
                }
            }
        }
        break;
    }
    let mut first = true;
    let mut push = |s: &str, out: &mut Vec<Raw>| {
        out.push(raw(&p, s, p.attached && first, None));
        first = false;
    };
    for h in &head {
        push(h, out);
    }
    if !rest.is_empty() {
        push(rest, out);
    }
    for t in tail.iter().rev() {
        push(t, out);
    }
}

/// Splits a personal name written in Hangul or Han as one word into family and given name.
fn split_person_word(p: Piece, out: &mut Vec<Raw>) {
    let text = p.text.as_str();
    if text.is_ascii() {
        // Neither Hangul nor Han.
        out.push(whole(p));
        return;
    }
    if let Some((family, given)) = korean::split_hangul_name(text) {
        out.push(raw(&p, family, p.attached, None));
        out.push(raw(&p, given, false, None));
        return;
    }
    let count = text.chars().count();
    if all_han(text) && (2..=4).contains(&count) {
        let family_len = match split_at_char(text, 2) {
            Some((two, _)) if count >= 3 && vocab::HAN_COMPOUND_SURNAMES.contains(&two) => 2,
            _ => 1,
        };
        if let Some((family, given)) = split_at_char(text, family_len) {
            out.push(raw(&p, family, p.attached, None));
            out.push(raw(&p, given, false, None));
            return;
        }
    }
    out.push(whole(p));
}

/// A piece as one word, its text moved rather than copied.
fn whole(p: Piece) -> Raw {
    Raw {
        norm: p.text,
        start: p.start,
        end: p.end,
        attached: p.attached,
        preset: None,
    }
}

fn raw(p: &Piece, text: &str, attached: bool, preset: Option<(TokenKind, Option<Symbol>)>) -> Raw {
    Raw {
        norm: text.to_string(),
        start: p.start,
        end: p.end,
        attached,
        preset,
    }
}

/// Splits a name into tokens and classifies them.
///
/// ```
/// use ce2_names::{tokenize, NameKind, TokenKind, Symbol};
/// use ce2_names::vocab::{LegalForm, OrgType};
/// let t = tokenize("Korea Daesong Trading Co., Ltd.", NameKind::Organization);
/// let kinds: Vec<_> = t.iter().map(|t| t.kind).collect();
/// assert_eq!(kinds, [TokenKind::Word, TokenKind::Word, TokenKind::OrgType,
///                    TokenKind::LegalForm, TokenKind::LegalForm]);
/// assert_eq!(t[0].symbol, Some(Symbol::Korea));
/// assert_eq!(t[2].symbol, Some(Symbol::OrgType(OrgType::Trading)));
/// assert_eq!(t[4].symbol, Some(Symbol::LegalForm(LegalForm::Limited)));
///
/// let p = tokenize("Kim Jong-un", NameKind::Person);
/// assert_eq!(p[2].norm, "un");
/// assert!(p[2].attached);
/// assert_eq!(p[1].korean.as_ref().unwrap().flat(), "cog");
/// ```
pub fn tokenize(name: &str, kind: NameKind) -> Vec<Token> {
    let pieces = pieces(name);
    let mut raws: Vec<Raw> = Vec::with_capacity(pieces.len() + 2);
    for p in pieces {
        match kind {
            NameKind::Person => split_person_word(p, &mut raws),
            NameKind::Organization | NameKind::Other => split_org_word(p, &mut raws),
            NameKind::Vessel => raws.push(whole(p)),
        }
    }

    // Multi-word phrases (joint venture, export and import, j/v, m/v), except in the names of
    // persons.
    let merged = if kind == NameKind::Person {
        raws
    } else {
        merge_phrases(raws, kind)
    };

    // Numbers in words (`Forty-Four`, `Three`, `Twenty-First`) are one number in the names of
    // bodies and ships, as digits are (`Brigade 44`); a name of number words alone keeps them
    // as its words. Never in the names of persons.
    let mut merged = if kind == NameKind::Person {
        merged
    } else {
        merge_number_words(merged)
    };
    // Classify each word (a word's class depends on the words, not on their classes), keeping
    // the class in `preset`.
    let n = merged.len();
    for idx in 0..n {
        if merged[idx].preset.is_none() {
            let class = classify(&merged[idx].norm, kind, idx, &merged);
            merged[idx].preset = Some(class);
        }
    }
    // Legal forms that count only at the end: from the end backwards, while every word after
    // is a legal form.
    if matches!(kind, NameKind::Organization | NameKind::Other) {
        for r in merged.iter_mut().skip(1).rev() {
            if r.preset.is_some_and(|(k, _)| k == TokenKind::LegalForm) {
                continue;
            }
            match vocab::legal_form(&r.norm) {
                Some((form, true)) => {
                    r.preset = Some((TokenKind::LegalForm, Some(Symbol::LegalForm(form))));
                }
                _ => break,
            }
        }
    }

    merged
        .into_iter()
        .map(|r| {
            let (token_kind, symbol) = r.preset.unwrap_or((TokenKind::Word, None));
            build_token(name, r, token_kind, symbol)
        })
        .collect()
}

/// Merges the words of multi-word phrases into one (`joint venture`, `s a`).
fn merge_phrases(mut raws: Vec<Raw>, kind: NameKind) -> Vec<Raw> {
    let mut merged: Vec<Raw> = Vec::with_capacity(raws.len());
    let mut i = 0;
    'outer: while i < raws.len() {
        // Only a word that starts a phrase is looked up in the list of phrases.
        let phrases = if vocab::starts_phrase(&raws[i].norm) {
            vocab::PHRASES
        } else {
            &[]
        };
        for (words, what) in phrases {
            let n = words.len();
            if i + n > raws.len() {
                continue;
            }
            if !raws[i..i + n]
                .iter()
                .zip(words.iter())
                .all(|(r, w)| r.norm == *w)
            {
                continue;
            }
            let preset = match what {
                PhraseKind::Legal(l) => (TokenKind::LegalForm, Some(Symbol::LegalForm(*l))),
                PhraseKind::Org(o) => (TokenKind::OrgType, Some(Symbol::OrgType(*o))),
                PhraseKind::Stop => {
                    if kind != NameKind::Vessel && i != 0 {
                        continue;
                    }
                    (TokenKind::Stop, None)
                }
            };
            let norm = raws[i..i + n]
                .iter()
                .map(|r| r.norm.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            merged.push(Raw {
                norm,
                start: raws[i].start,
                end: raws[i + n - 1].end,
                attached: raws[i].attached,
                preset: Some(preset),
            });
            i += n;
            continue 'outer;
        }
        merged.push(std::mem::replace(
            &mut raws[i],
            Raw {
                norm: String::new(),
                start: 0,
                end: 0,
                attached: false,
                preset: None,
            },
        ));
        i += 1;
    }
    merged
}

/// Replaces each run of English number words with one number token: its words as one phrase
/// (`forty four`), its value as the symbol.
fn merge_number_words(raws: Vec<Raw>) -> Vec<Raw> {
    if !raws.iter().any(|r| vocab::is_number_word(&r.norm)) {
        return raws;
    }
    let words: Vec<&str> = raws.iter().map(|r| r.norm.as_str()).collect();
    let mut runs: Vec<(usize, usize, u64)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if raws[i].preset.is_none() {
            if let Some((value, len)) = vocab::number_phrase(&words[i..]) {
                runs.push((i, len, value));
                i += len;
                continue;
            }
        }
        i += 1;
    }
    let covered: usize = runs.iter().map(|(_, len, _)| len).sum();
    if runs.is_empty() || covered == raws.len() {
        return raws;
    }
    let mut out = Vec::with_capacity(raws.len());
    let mut runs = runs.into_iter().peekable();
    let mut raws = raws.into_iter().enumerate();
    while let Some((idx, r)) = raws.next() {
        match runs.peek() {
            Some(&(start, len, value)) if start == idx => {
                runs.next();
                let mut end = r.end;
                let mut norm = r.norm;
                for _ in 1..len {
                    if let Some((_, next)) = raws.next() {
                        end = next.end;
                        norm.push(' ');
                        norm.push_str(&next.norm);
                    }
                }
                out.push(Raw {
                    norm,
                    start: r.start,
                    end,
                    attached: r.attached,
                    preset: Some((TokenKind::Number, Some(Symbol::Number(value)))),
                });
            }
            _ => out.push(r),
        }
    }
    out
}

fn classify(norm: &str, kind: NameKind, idx: usize, all: &[Raw]) -> (TokenKind, Option<Symbol>) {
    if !norm.is_empty() && norm.bytes().all(|b| b.is_ascii_digit()) {
        let value = if norm.len() <= 18 {
            norm.parse().ok()
        } else {
            None
        };
        return (TokenKind::Number, value.map(Symbol::Number));
    }
    if let Some(v) = vocab::ordinal(norm) {
        return (TokenKind::Number, Some(Symbol::Number(v)));
    }
    let mut letters = norm.chars();
    let single_letter = matches!(
        (letters.next(), letters.next()),
        (Some(c), None) if c.is_alphabetic()
    );
    match kind {
        NameKind::Person => {
            if vocab::is_person_stop(norm) && all.len() > 1 {
                (TokenKind::Stop, None)
            } else if single_letter && script(norm) == Script::Latin {
                (TokenKind::Initial, None)
            } else {
                (TokenKind::Word, None)
            }
        }
        NameKind::Organization | NameKind::Other | NameKind::Vessel => {
            let org = kind != NameKind::Vessel;
            if org {
                if let Some((form, false)) = vocab::legal_form(norm) {
                    return (TokenKind::LegalForm, Some(Symbol::LegalForm(form)));
                }
                if let Some(t) = vocab::org_type(norm) {
                    // `General` names a type only before another organisation word.
                    if t != OrgType::General || idx + 1 < all.len() {
                        return (TokenKind::OrgType, Some(Symbol::OrgType(t)));
                    }
                }
            }
            if vocab::is_korea(norm) {
                return (TokenKind::Word, Some(Symbol::Korea));
            }
            // `No` before a number (`Office No. 39`, `Chon Ma San No 2`).
            if norm == "no"
                && all.get(idx + 1).is_some_and(|r| {
                    r.norm.bytes().all(|b| b.is_ascii_digit())
                        || matches!(r.preset, Some((TokenKind::Number, _)))
                })
            {
                return (TokenKind::Stop, None);
            }
            if vocab::is_org_stop(norm) && all.len() > 1 {
                return (TokenKind::Stop, None);
            }
            // A Roman numeral after the name and before nothing but legal forms (Blackstone
            // Capital Partners VII L.P.).
            if idx > 0
                && all[idx + 1..]
                    .iter()
                    .all(|r| vocab::legal_form(&r.norm).is_some())
            {
                if let Some(v) = vocab::roman(norm) {
                    return (TokenKind::Number, Some(Symbol::Number(v)));
                }
            }
            if single_letter && script(norm) == Script::Latin {
                return (TokenKind::Initial, None);
            }
            (TokenKind::Word, None)
        }
    }
}

fn build_token(name: &str, r: Raw, kind: TokenKind, symbol: Option<Symbol>) -> Token {
    let surface = name.get(r.start..r.end).unwrap_or("").to_string();
    // What the word's own letters give; the kind and symbol decide which of it is kept.
    let keys = word_keys::with(&r.norm, derive);
    let korean = match kind {
        TokenKind::Word | TokenKind::Initial => keys.korean,
        _ => None,
    };
    // Name words only: a symbol (Korea, a number) is compared as the symbol.
    let chinese = match (kind, symbol, keys.script) {
        (TokenKind::Word, None, Script::Latin | Script::Han) => keys.chinese,
        _ => None,
    };
    Token {
        surface,
        script: keys.script,
        norm: r.norm,
        latin: keys.latin,
        kind,
        symbol,
        attached: r.attached,
        phonetic: keys.phonetic,
        korean,
        chinese,
    }
}

/// What a normalised word gives whatever its kind: its Latin form, script, Metaphone key and,
/// were it a name word, its Korean and Chinese keys.
#[derive(Clone)]
struct WordKeys {
    latin: String,
    script: Script,
    phonetic: String,
    korean: Option<KoreanKey>,
    chinese: Option<ChineseKey>,
}

fn derive(norm: &str) -> WordKeys {
    // An ASCII word (or phrase) is its own Latin form.
    let latin = if norm.is_ascii() {
        norm.to_string()
    } else {
        let mut latin = String::with_capacity(norm.len() * 2);
        for (i, w) in norm.split(' ').enumerate() {
            if i > 0 {
                latin.push(' ');
            }
            latin_word(w, &mut latin);
        }
        latin
    };
    let korean = korean_of(norm, &latin);
    let script = if norm.is_ascii() {
        // ASCII letters are Latin; digits and signs have no script.
        if norm.bytes().any(|b| b.is_ascii_alphabetic()) {
            Script::Latin
        } else {
            Script::None
        }
    } else {
        script(norm)
    };
    let chinese = match script {
        Script::Latin => chinese::key_of_latin(norm.as_bytes()),
        Script::Han => chinese::key_of_han(norm),
        _ => None,
    };
    let phonetic = if latin.is_ascii() {
        metaphone(&latin)
    } else {
        String::new()
    };
    WordKeys {
        latin,
        script,
        phonetic,
        korean,
        chinese,
    }
}

/// The keys of the words seen lately, per thread: the words of names repeat far more than the
/// names do (a list of 100,000 distinct names has some 20,000 distinct words), and a word's
/// keys (its transliteration, its Korean and Chinese parses, its Metaphone) cost more than
/// looking them up. The memo holds at most [`word_keys::CAPACITY`] words and starts afresh
/// when full, so its memory stays bounded (a few MB a thread).
mod word_keys {
    use std::cell::RefCell;

    use super::WordKeys;
    use crate::fnv::FnvMap;

    /// Most words remembered per thread.
    pub(super) const CAPACITY: usize = 1 << 16;

    /// Words longer than this are worked out each time (they are rare, and unbounded).
    const LONGEST: usize = 64;

    type Memo = FnvMap<Box<str>, WordKeys>;

    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    }

    /// The keys of `norm`, worked out by `derive` unless remembered.
    pub(super) fn with(norm: &str, derive: fn(&str) -> WordKeys) -> WordKeys {
        if norm.len() > LONGEST {
            return derive(norm);
        }
        MEMO.with(|memo| {
            if let Ok(memo) = memo.try_borrow() {
                if let Some(keys) = memo.get(norm) {
                    return keys.clone();
                }
            }
            let keys = derive(norm);
            if let Ok(mut memo) = memo.try_borrow_mut() {
                if memo.len() >= CAPACITY {
                    memo.clear();
                }
                memo.insert(norm.into(), keys.clone());
            }
            keys
        })
    }
}

fn latin_word(w: &str, out: &mut String) {
    // Tokens are single words: a Han personal name was already split into family and given
    // name by the tokenizer, so its parts are not split again.
    latinize_word(w, false, out);
}

/// Korean key of a normalised word: from the jamo for Hangul, from the romanisation otherwise
/// (Cyrillic through its Latin form); none for Han, whose Korean reading is not the pinyin.
fn korean_of(norm: &str, latin: &str) -> Option<KoreanKey> {
    // An ASCII word is neither Hangul nor Han.
    if !norm.is_ascii() {
        if all_hangul(norm) {
            return korean::korean_key(norm);
        }
        if all_han(norm) {
            return None;
        }
    }
    if latin.bytes().all(|b| b.is_ascii_lowercase()) {
        return korean::korean_key(latin);
    }
    None
}

/// The legal form of a word, if it is one anywhere in a name (for callers that classify words
/// themselves).
pub fn legal_form_of(word: &str) -> Option<LegalForm> {
    vocab::legal_form(word).map(|(f, _)| f)
}

/// The organisation type of a word, if it is one.
pub fn org_type_of(word: &str) -> Option<OrgType> {
    vocab::org_type(word)
}
