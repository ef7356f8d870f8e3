//! Names and records prepared once for comparison: tokenised, with their Korean reading.

use std::sync::OnceLock;

use ce2_names::korean::{korean_name, KoreanName};
use ce2_names::{tokenize, NameKind, Token, TokenKind};

use crate::record::{Kind, Record};

/// A name taken apart for comparison.
#[derive(Debug, Clone)]
pub struct PreparedName {
    /// The name as listed or asked.
    pub text: String,
    /// Its tokens.
    pub tokens: Vec<Token>,
    /// Its reading as a Korean personal name, when every word is Korean.
    pub korean: Option<KoreanName>,
    /// The other reading, family name last, when the last word is also a family name
    /// (`Yong Chol KIM`: Yong is a family name too).
    pub korean_alt: Option<KoreanName>,
    /// The consonant skeleton of each name word of a script that writes few vowels (Arabic,
    /// Hebrew), in the order of [`PreparedName::words`]; empty for the other words, and no
    /// entries at all when the name has no such word. That is how such words are compared with
    /// Latin ones.
    pub skeletons: Vec<String>,
    /// The Latin forms of the name words run together, to see names spaced differently.
    pub joined: String,
    /// The Latin forms of every word but numbers run together, particles and legal forms
    /// included, to see `van der Bilt` in `Vanderbilt` and `Siemens AG` in `SiemensAG`.
    pub spaced: String,
    /// The English stem of each name word of a body or vessel (`industri` for Industries,
    /// Industry and Industrial), in the order of [`PreparedName::words`]; empty for persons'
    /// names and for words of other scripts or under four letters.
    pub stems: Vec<String>,
    /// Whether the name is a chain of descent joined by `bin`, `ibn` or `ben`, where the order
    /// of the names is who is whose son.
    pub patronymic: bool,
    /// Whether it is a person's name.
    pub person: bool,
    /// For a person's name, whether each name word is a short form of a given name (Ted,
    /// Sasha), in the order of [`PreparedName::words`]; empty when none is, and for the names
    /// of other parties.
    pub short_forms: Vec<bool>,
    /// For a person's name written in two to five Han characters, the characters run
    /// together (`山田太郎`): a name that may be read in Japanese (see
    /// [`ce2_names::han::japanese_reading`]).
    pub han: Option<String>,
    /// [`PreparedName::han_korean`], worked out when first asked: few comparisons need it.
    han_korean: OnceLock<Vec<(String, KoreanName)>>,
}

/// How a record's kind reads names.
pub fn name_kind(kind: Kind) -> NameKind {
    match kind {
        Kind::Person => NameKind::Person,
        Kind::Organization => NameKind::Organization,
        Kind::Vessel | Kind::Airplane => NameKind::Vessel,
        Kind::Wallet | Kind::Legal | Kind::Any => NameKind::Other,
    }
}

impl PreparedName {
    /// Prepare a name of a party of some kind. A name of an unknown legal entity is read as a
    /// person's when it reads as a Korean personal name.
    pub fn new(text: &str, kind: Kind) -> PreparedName {
        // Screening input can be anything; a name longer than any listed one is cut so that
        // the cost of a query stays bounded.
        let text = match text.char_indices().nth(500) {
            Some((cut, _)) => text[..cut].to_string(),
            None => text.to_string(),
        };
        let mut tokens = tokenize(&text, name_kind(kind));
        let mut korean = match kind {
            Kind::Person => korean_name(&tokens),
            _ => None,
        };
        if matches!(kind, Kind::Legal | Kind::Any) {
            let as_person = tokenize(&text, NameKind::Person);
            if let Some(k) = korean_name(&as_person) {
                if k.family.is_some() {
                    tokens = as_person;
                    korean = Some(k);
                }
            }
        }
        if korean.is_some() && !looks_korean(&tokens) {
            korean = None;
        }
        let korean_alt = korean.as_ref().and_then(|_| family_last(&tokens));
        // Only the words that need them: the other side's skeleton is made when it is compared.
        let mut skeletons = Vec::new();
        let mut joined = String::with_capacity(tokens.iter().map(|t| t.latin.len()).sum());
        let few_vowel_words = tokens
            .iter()
            .any(|t| t.is_name_word() && few_vowels(t.script));
        for t in tokens.iter().filter(|t| t.is_name_word()) {
            if few_vowel_words {
                skeletons.push(if few_vowels(t.script) {
                    ce2_names::skeleton(&t.latin)
                } else {
                    String::new()
                });
            }
            joined.push_str(&t.latin);
        }
        let mut spaced = String::with_capacity(joined.len() + 16);
        for t in tokens.iter().filter(|t| t.kind != TokenKind::Number) {
            spaced.extend(t.latin.chars().filter(|c| *c != ' '));
        }
        let stems = if kind == Kind::Person {
            Vec::new()
        } else {
            tokens
                .iter()
                .filter(|t| t.is_name_word())
                .map(stem)
                .collect()
        };
        let short = |t: &Token| ce2_names::hypocorisms::is_short(&t.latin);
        let short_forms =
            if kind == Kind::Person && tokens.iter().any(|t| t.is_name_word() && short(t)) {
                tokens
                    .iter()
                    .filter(|t| t.is_name_word())
                    .map(short)
                    .collect()
            } else {
                Vec::new()
            };
        // `bin` between two names; at either end it links nothing.
        let patronymic = kind == Kind::Person
            && tokens.len() > 2
            && tokens[1..tokens.len() - 1].iter().any(|t| {
                t.kind == TokenKind::Stop && matches!(t.latin.as_str(), "bin" | "ibn" | "ben")
            });
        let han = if kind == Kind::Person {
            han_name(&tokens)
        } else {
            None
        };
        PreparedName {
            han,
            han_korean: OnceLock::new(),
            text,
            tokens,
            korean,
            korean_alt,
            skeletons,
            joined,
            spaced,
            stems,
            patronymic,
            person: kind == Kind::Person,
            short_forms,
        }
    }

    /// The readings of a name of two to four Han characters as a Korean personal name,
    /// through the Sino-Korean reading of each character (金正恩: 김정은, 금정은), each with its
    /// Hangul; only the readings that start with a Korean family name. Empty for other names.
    pub fn han_korean(&self) -> &[(String, KoreanName)] {
        self.han_korean
            .get_or_init(|| self.han.as_deref().map(korean_readings).unwrap_or_default())
    }

    /// The tokens that carry identity: name words and initials.
    pub fn words(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| t.is_name_word())
    }

    /// The symbol tokens: organisation types, Korea, numbers.
    pub fn symbols(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| {
            matches!(t.kind, TokenKind::OrgType | TokenKind::Number)
                || (t.kind == TokenKind::Word && t.symbol.is_some())
        })
    }
}

/// A name of two to five Han characters, its words (a family and a given name, as the
/// tokenizer splits them) run together; `None` for any other name.
fn han_name(tokens: &[Token]) -> Option<String> {
    if tokens.is_empty()
        || !tokens
            .iter()
            .all(|t| t.kind == TokenKind::Word && t.script == ce2_names::Script::Han)
    {
        return None;
    }
    let han: String = tokens.iter().map(|t| t.norm.as_str()).collect();
    (2..=5).contains(&han.chars().count()).then_some(han)
}

/// The Korean readings of a Han name that read as a Korean personal name with a family name.
fn korean_readings(han: &str) -> Vec<(String, KoreanName)> {
    let mut out: Vec<(String, KoreanName)> = Vec::new();
    for hangul in ce2_names::han::korean_readings(han) {
        let Some(name) = korean_name(&tokenize(&hangul, NameKind::Person)) else {
            continue;
        };
        if name.family.is_some() && !out.iter().any(|(_, n)| *n == name) {
            out.push((hangul, name));
        }
    }
    out
}

/// The English stem of a Latin word of four letters or more, else nothing.
fn stem(t: &Token) -> String {
    use std::sync::LazyLock;
    static ENGLISH: LazyLock<rust_stemmers::Stemmer> =
        LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    if t.script != ce2_names::Script::Latin
        || t.latin.len() < 4
        || !t.latin.bytes().all(|b| b.is_ascii_lowercase())
    {
        return String::new();
    }
    ENGLISH.stem(&t.latin).into_owned()
}

/// Whether a script writes few of its vowels, so that its words are compared by consonants.
pub fn few_vowels(script: ce2_names::Script) -> bool {
    matches!(
        script,
        ce2_names::Script::Arabic | ce2_names::Script::Hebrew
    )
}

/// The reading with the last word as the family name, if it is one.
fn family_last(tokens: &[Token]) -> Option<KoreanName> {
    let words: Vec<&Token> = tokens.iter().filter(|t| t.is_name_word()).collect();
    let (last, rest) = words.split_last()?;
    if rest.is_empty() || !last.is_korean_family_name() {
        return None;
    }
    let given: String = rest
        .iter()
        .map(|t| t.korean.as_ref().map(|k| k.flat().to_string()))
        .collect::<Option<Vec<_>>>()?
        .concat();
    Some(KoreanName {
        family: Some(last.korean.as_ref()?.flat().to_string()),
        given,
    })
}

/// Whether a name that parses as Korean syllables is likely a Korean personal name: written in
/// Hangul, or a known one-syllable family name with given-name words of one or two syllables.
/// Many short Western names parse as syllables too (Hannibal, Maria, Son); they are compared
/// as ordinary words.
fn looks_korean(tokens: &[Token]) -> bool {
    let words: Vec<&Token> = tokens.iter().filter(|t| t.is_name_word()).collect();
    if words.iter().any(|t| t.script == ce2_names::Script::Hangul) {
        return true;
    }
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    let syllables = |t: &Token| t.korean.as_ref().map_or(0, |k| k.len());
    let family_at = |t: &Token| t.is_korean_family_name() && syllables(t) == 1;
    let (first, last) = (words[0], words[words.len() - 1]);
    let family_first = family_at(first);
    let family_last = !family_first && family_at(last);
    if !family_first && !family_last {
        return false;
    }
    let given: Vec<&&Token> = if family_first {
        words[1..].iter().collect()
    } else {
        words[..words.len() - 1].iter().collect()
    };
    given.iter().all(|t| (1..=2).contains(&syllables(t)))
}

/// A record with its names prepared.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The record.
    pub record: Record,
    /// Its strong names.
    pub names: Vec<PreparedName>,
    /// Its weak aliases.
    pub weak_names: Vec<PreparedName>,
}

impl Prepared {
    /// Prepare a record.
    pub fn new(record: Record) -> Prepared {
        let prepare = |names: &[String]| -> Vec<PreparedName> {
            let mut out: Vec<PreparedName> = names
                .iter()
                .map(|n| PreparedName::new(n, record.kind))
                .collect();
            // The names of bodies in Hangul are translations of their English names, not
            // spellings: their English renderings are compared too.
            if !matches!(record.kind, Kind::Person | Kind::Wallet) {
                for n in names {
                    if !n.chars().any(ce2_names::korean::is_syllable) {
                        continue;
                    }
                    for rendering in ce2_names::korean::translate_body_name(n) {
                        let mut p = PreparedName::new(&rendering, record.kind);
                        p.text = format!("{n} (read as {rendering})");
                        out.push(p);
                    }
                }
            }
            out
        };
        let names = prepare(&record.names);
        let weak_names = prepare(&record.weak_names);
        Prepared {
            record,
            names,
            weak_names,
        }
    }
}
