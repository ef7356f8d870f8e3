//! Scoring algorithms, named and selectable as in yente.
//!
//! * `ce2-v1` (the default, [`Ce2V1`]): names compared token by token across scripts and
//!   romanisations (the Korean layer of `ce2-names`), organisation types and numbers as
//!   symbols, identifiers exactly, and qualifiers (birth date, nationality, gender) that lower a
//!   match they contradict.
//! * `ofac` ([`Ofac`]): OFAC Sanctions List Search parity (see [`crate::ofac`]).

use std::fmt::Write as _;

use ce2_names::hypocorisms::is_short_form;
use ce2_names::korean::KoreanName;
use ce2_names::similarity::{damerau_levenshtein_bounded, jaro_winkler};
use ce2_names::{skeleton, LegalForm, OrgType, Script, Symbol, Token, TokenKind};

use crate::explain::{Feature, Scored};
use crate::identifiers::IdKind;
use crate::prepared::{few_vowels, Prepared, PreparedName};

/// A scoring algorithm.
pub trait Algorithm: Send + Sync {
    /// The name users select it by.
    fn name(&self) -> &'static str;
    /// A sentence on what it is for.
    fn description(&self) -> &'static str;
    /// The score at and above which a candidate is a match.
    fn threshold(&self) -> f64;
    /// Score a candidate against a query.
    fn score(&self, query: &Prepared, candidate: &Prepared) -> Scored;
    /// The score alone, without the explanation (the same number as [`Algorithm::score`]'s);
    /// an algorithm may answer it faster.
    fn score_value(&self, query: &Prepared, candidate: &Prepared) -> f64 {
        self.score(query, candidate).score
    }
}

/// The algorithms ce2 offers, the default first.
pub fn algorithms() -> [&'static dyn Algorithm; 2] {
    [&Ce2V1, &Ofac]
}

/// An algorithm by name (`best` and `default` name the default).
pub fn algorithm(name: &str) -> Option<&'static dyn Algorithm> {
    match name {
        "best" | "default" => Some(&Ce2V1),
        _ => algorithms().into_iter().find(|a| a.name() == name),
    }
}

/// ce2's default algorithm.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ce2V1;

/// Weights of unmatched words in a name score: a word the query has and the candidate lacks
/// counts more against the match than the reverse, because listings carry more name parts
/// (patronymics, second given names) than people type.
const EXTRA_QUERY_WEIGHT: f64 = 0.5;
const EXTRA_CANDIDATE_WEIGHT: f64 = 0.25;
/// The weight of each extra query word when the whole listed name is in the query.
const EXTRA_QUERY_CONTAINED_WEIGHT: f64 = 0.35;
/// Weight of each word left over when both names have one: a word that replaces another
/// (AL-DULAIMI for AL-TIKRITI, Sweden for Finland) says "another party" more than a shared
/// word says "the same".
const CONTRADICTION_WEIGHT: f64 = 1.5;

/// How two tokens compare, and how. `korean` says both names read as Korean personal names,
/// where the Korean key decides; elsewhere a word that happens to parse as Korean syllables
/// (Maria, Son) is compared as any other word.
fn token_similarity(
    (q, q_skeleton): (&Token, &str),
    (c, c_skeleton): (&Token, &str),
    korean: bool,
) -> (f64, &'static str) {
    if let (Some(a), Some(b)) = (q.symbol, c.symbol) {
        return if a == b {
            (1.0, "same symbol")
        } else {
            (0.0, "")
        };
    }
    if q.symbol.is_some() != c.symbol.is_some() {
        return (0.0, "");
    }
    // Two words in the same non-Latin script are compared as written: 김종은 is not 김정은,
    // though both romanise alike, and 习近朋 is not 习近平.
    if q.script == c.script
        && matches!(
            q.script,
            Script::Hangul | Script::Han | Script::Arabic | Script::Hebrew
        )
    {
        return if q.norm == c.norm {
            (1.0, "equal")
        } else {
            (0.0, "")
        };
    }
    // Arabic and Hebrew write few vowels: across scripts, their words are compared by their
    // consonants (محمد, Mohamed and Muhammad are all m-h-m-d).
    if q.script != c.script && (few_vowels(q.script) || few_vowels(c.script)) {
        fn made<'a>(t: &Token, precomputed: &'a str) -> std::borrow::Cow<'a, str> {
            if precomputed.is_empty() {
                std::borrow::Cow::Owned(skeleton(&t.latin))
            } else {
                std::borrow::Cow::Borrowed(precomputed)
            }
        }
        let (a, b) = (made(q, q_skeleton), made(c, c_skeleton));
        if !a.is_empty() && a == b {
            return (0.9, "same consonants");
        }
        // ו and و are a consonant (v, w) or a vowel (o, u) as the word goes (דוד, David;
        // داود, Dawud): compared without them when the rest is two consonants or more.
        let without = |s: &str| {
            s.chars()
                .filter(|c| !matches!(c, 'v' | 'w'))
                .collect::<Vec<_>>()
        };
        let (a, b) = (without(&a), without(&b));
        if a.len() >= 2 && a == b {
            return (0.85, "same consonants but v or w");
        }
    }
    if q.latin == c.latin || (!q.norm.is_empty() && q.norm == c.norm) {
        return (1.0, "equal");
    }
    if is_article(q) && is_article(c) {
        return (1.0, "the article");
    }
    if q.kind == TokenKind::Initial || c.kind == TokenKind::Initial {
        let (i, w) = if q.kind == TokenKind::Initial {
            (q, c)
        } else {
            (c, q)
        };
        return if w.latin.starts_with(&i.latin) {
            (0.8, "initial")
        } else {
            (0.0, "")
        };
    }
    // Mandarin syllables in pinyin, Wade–Giles or Han characters (Xi, Hsi, 习; Zedong,
    // Tse-tung): one word. Not between two Korean names, where the Korean key decides.
    if !korean && (q.script != c.script || q.script == Script::Latin) {
        if let (Some(a), Some(b)) = (&q.chinese, &c.chinese) {
            if a.shares_reading(b) {
                return (0.9, "same Chinese syllables");
            }
        }
    }
    let mut korean_close = None;
    if !korean {
        // Outside Korean personal names (the bodies and ships of the DPRK lists), two words of
        // two or more syllables that spell the same Korean syllables are one word
        // (Ryonbong, Ryonpong); single syllables are too short to tell.
        if let (Some(a), Some(b)) = (&q.korean, &c.korean) {
            if a.len() >= 2 && b.len() >= 2 {
                if a.flat() == b.flat() {
                    return (0.9, "same Korean syllables");
                }
                let (a, b) = (a.spoken(), b.spoken());
                if a.flat() == b.flat() {
                    return (0.9, "same Korean syllables as said");
                }
                if one_syllable_apart(a.syllables(), b.syllables()) {
                    korean_close = Some((0.8, "Korean syllables one vowel or final apart"));
                }
            }
        }
    }
    if korean {
        if let (Some(a), Some(b)) = (&q.korean, &c.korean) {
            // Korean syllables that differ are different names, however close their
            // spellings (Song and Yong are one letter apart): no typo credit between them.
            return if a.flat() == b.flat() {
                (0.97, "same Korean syllables")
            } else {
                (0.0, "")
            };
        }
    }
    let mut f = fuzzy(&q.latin, &c.latin, &q.phonetic, &c.phonetic);
    // A Greek name in the nominative (Αλέξανδρος, Πέτρος, Γεώργιος) against its Latin form,
    // which drops the ending (Alexander, Peter, George).
    if f.0 < 0.75 && (q.script == Script::Greek) != (c.script == Script::Greek) {
        let (greek, other) = if q.script == Script::Greek {
            (q, c)
        } else {
            (c, q)
        };
        if let Some(stem) = ["os", "as", "is", "es"]
            .iter()
            .find_map(|e| greek.latin.strip_suffix(e))
            .filter(|s| s.len() >= 3)
        {
            let (s, _) = fuzzy(stem, &other.latin, "", "");
            if s >= 0.75 {
                f = (s.min(0.9), "the Greek ending left out");
            }
        }
    }
    match korean_close {
        Some(k) if k.0 > f.0 => k,
        _ => f,
    }
}

/// Whether two words of Korean syllables, as said, differ in one syllable's vowel or final
/// only, every initial the same: the spellings of one body's name in the lists (Heungjin,
/// Hunjin, Henjin; Cholsan, Cholson). A changed initial makes another name (Kwangsong,
/// Kangbong; Yongjin, Pyongjin).
fn one_syllable_apart(
    a: &[ce2_names::korean::SyllableKey],
    b: &[ce2_names::korean::SyllableKey],
) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| x.onset == y.onset)
        && a.iter().zip(b).filter(|(x, y)| x != y).count() == 1
}

/// The length of a word in characters (its bytes when it is ASCII, as most are).
fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Whether words run together spell `whole`, letter for letter, without building the join.
fn spells(parts: &[&Token], whole: &str) -> bool {
    if parts.iter().map(|p| p.latin.len()).sum::<usize>() != whole.len() {
        return false;
    }
    let mut rest = whole;
    for p in parts {
        match rest.strip_prefix(p.latin.as_str()) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether two words are the same once each run of one letter is written once, without
/// building either.
fn same_but_doubled(a: &str, b: &str) -> bool {
    fn runs(s: &str) -> impl Iterator<Item = char> + '_ {
        let mut last = None;
        s.chars().filter(move |c| {
            let new = last != Some(*c);
            last = Some(*c);
            new
        })
    }
    runs(a).eq(runs(b))
}

/// The letters of a word in order of the alphabet: the same for a word and its anagrams.
pub(crate) fn sorted_letters(word: &str) -> String {
    let mut letters: Vec<char> = word.chars().collect();
    letters.sort_unstable();
    letters.into_iter().collect()
}

/// Spelling variants of Latin words: a typo budget that grows with the word (none below four
/// letters, one up to seven, two above), then sound for words of four letters or more that
/// begin alike.
fn fuzzy(a: &str, b: &str, phonetic_a: &str, phonetic_b: &str) -> (f64, &'static str) {
    if !a.is_empty()
        && a.len() != b.len()
        && a.len().abs_diff(b.len()) <= 3
        && a.as_bytes()[0] == b.as_bytes().first().copied().unwrap_or(0)
        && same_but_doubled(a, b)
    {
        return (0.9, "a letter doubled");
    }
    let (len_a, len_b) = (char_len(a), char_len(b));
    let short = len_a.min(len_b);
    if short < 3 {
        return (0.0, "");
    }
    if short == 3
        && a.len() == b.len()
        && sorted_letters(a) == sorted_letters(b)
        && damerau_levenshtein_bounded(a, b, 1).is_some()
    {
        return (0.85, "two letters swapped");
    }
    let budget = match short {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    let length_gap = len_a.abs_diff(len_b);
    if let Some(d) = (length_gap <= budget)
        .then(|| damerau_levenshtein_bounded(a, b, budget))
        .flatten()
    {
        if d > 0 {
            let jw = jaro_winkler(a, b);
            return ((0.75 + 0.2 * jw).min(0.94), "spelling variant");
        }
        return (1.0, "equal");
    }
    // x and ks are one sound, written one way in Latin and the other transliterated from
    // Cyrillic or Greek (Alexander, Aleksandr).
    if a.bytes().any(|c| c == b'x') != b.bytes().any(|c| c == b'x') {
        let (a, b) = (a.replace('x', "ks"), b.replace('x', "ks"));
        if damerau_levenshtein_bounded(&a, &b, budget).is_some() {
            return (0.9, "x for ks");
        }
    }
    let same_start = a.chars().next() == b.chars().next();
    if short >= 4 && same_start && !phonetic_a.is_empty() && phonetic_a == phonetic_b {
        return (0.65, "sounds alike");
    }
    // Letters struck in place of others, the length kept (Tim for Tom, Starkey for Starmer):
    // a slip of the keyboard more often than another name that merely looks alike.
    if a.len() == b.len() && a.is_ascii() && b.is_ascii() {
        let replaced = a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count();
        if replaced <= if short <= 4 { 1 } else { 2 } {
            return (0.6, "letters replaced");
        }
    }
    // Longer words that share most letters in order (Merkur, Merkel): a weak credit, enough
    // to carry a name whose other words agree, never enough alone.
    let long = len_a.max(len_b);
    if short >= 5 && same_start && short * 4 >= long * 3 {
        let jw = jaro_winkler(a, b);
        if jw >= 0.85 {
            return (0.35, "similar");
        }
    }
    (0.0, "")
}

fn weight(t: &Token) -> f64 {
    match t.kind {
        TokenKind::Initial => 0.5,
        _ if t.symbol == Some(Symbol::Korea) => 0.6,
        _ if is_article(t) => 0.3,
        _ => 1.0,
    }
}

/// The Arabic article written as a word of its own (al-Assad, el-Sisi): written or left out,
/// joined or hyphenated, `al` or `el`, as transliterators please.
fn is_article(t: &Token) -> bool {
    t.script == Script::Latin && matches!(t.latin.as_str(), "al" | "el")
}

/// The weight of a word left unmatched: "Korea" before the name of a DPRK body is often
/// dropped (Korea Daesong Bank, Taesong Bank) and costs little when it is.
fn extra_weight(t: &Token) -> f64 {
    if t.symbol == Some(Symbol::Korea) || is_article(t) {
        0.15
    } else {
        weight(t)
    }
}

/// Compare the words of two names: best one-to-one pairing, joined words tried against two
/// adjacent words (`Jongun` ~ `Jong Un`), unmatched words weighed against the match.
fn compare_words(q: &PreparedName, c: &PreparedName, explain: bool) -> (f64, String) {
    let korean = q.korean.is_some() && c.korean.is_some();
    let person = q.person && c.person;
    let qw: Vec<&Token> = q.words().collect();
    let cw: Vec<&Token> = c.words().collect();
    if qw.is_empty() || cw.is_empty() {
        return (0.0, "no name words".into());
    }
    // Every pair with its similarity.
    let mut pairs: Vec<(f64, usize, usize, &'static str)> = Vec::with_capacity(qw.len() * cw.len());
    for (i, a) in qw.iter().enumerate() {
        for (j, b) in cw.iter().enumerate() {
            let qs = q.skeletons.get(i).map_or("", String::as_str);
            let cs = c.skeletons.get(j).map_or("", String::as_str);
            let (mut s, mut how) = token_similarity((a, qs), (b, cs), korean);
            if s < 0.9 {
                if let Some(better) = word_knowledge(q, c, (i, a), (j, b), person) {
                    if better.0 > s {
                        (s, how) = better;
                    }
                }
            }
            if s > 0.0 {
                pairs.push((s, i, j, how));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut q_used = vec![false; qw.len()];
    let mut c_used = vec![false; cw.len()];
    let mut matched = 0.0;
    let mut matched_weight = 0.0;
    let mut detail = Detail(if explain {
        // A piece of some 20 bytes per word.
        String::with_capacity(24 * (qw.len() + cw.len()))
    } else {
        String::new()
    });
    let mut assigned: Vec<(usize, usize)> = Vec::with_capacity(qw.len().min(cw.len()));
    for (s, i, j, how) in pairs {
        if q_used[i] || c_used[j] {
            continue;
        }
        q_used[i] = true;
        c_used[j] = true;
        assigned.push((i, j));
        let w = (weight(qw[i]) + weight(cw[j])) / 2.0;
        matched += s * w;
        matched_weight += w;
        if explain {
            detail.matched(qw[i].surface_word(), cw[j].surface_word(), how, s);
        }
    }
    // Joined words: an unmatched word equal to two adjacent unmatched words run together.
    let mut credit = Credit {
        matched,
        weight: matched_weight,
        detail,
        explain,
    };
    join_pass(&qw, &cw, &mut q_used, &mut c_used, &mut credit, false);
    join_pass(&cw, &qw, &mut c_used, &mut q_used, &mut credit, true);
    // Abbreviations: a word that spells the initials of adjacent words of the other name
    // (PLA, People's Liberation Army; JC, Jean-Claude; KPA, Korean People's Army).
    acronym_pass(
        &qw,
        &cw,
        &mut q_used,
        &mut c_used,
        &mut credit,
        false,
        person,
    );
    acronym_pass(
        &cw,
        &qw,
        &mut c_used,
        &mut q_used,
        &mut credit,
        true,
        person,
    );
    let Credit {
        matched,
        weight: matched_weight,
        mut detail,
        ..
    } = credit;
    let extra_q: f64 = qw
        .iter()
        .zip(&q_used)
        .filter(|(_, u)| !**u)
        .map(|(t, _)| extra_weight(t))
        .sum();
    let extra_c: f64 = cw
        .iter()
        .zip(&c_used)
        .filter(|(_, u)| !**u)
        .map(|(t, _)| extra_weight(t))
        .sum();
    if explain {
        for (t, u) in qw.iter().zip(&q_used) {
            if !u {
                detail
                    .item()
                    .extend([t.surface_word(), " unmatched in the query"]);
            }
        }
        for (t, u) in cw.iter().zip(&c_used) {
            if !u {
                detail
                    .item()
                    .extend([t.surface_word(), " unmatched in the listing"]);
            }
        }
    }
    // Words left over on one side are an omission (a listing names more parts than people
    // type); words left over on both sides are a contradiction (France and Germany, Song and
    // Yong) and count in full.
    // Korea and the Arabic article left over are a qualifier dropped, not a word replaced.
    let strong = |words: &[&Token], used: &[bool]| {
        words
            .iter()
            .zip(used)
            .filter(|(t, u)| !**u && t.symbol != Some(Symbol::Korea) && !is_article(t))
            .count()
    };
    let (strong_q, strong_c) = (strong(&qw, &q_used), strong(&cw, &c_used));
    let (wq, wc) = if strong_q > 0 && strong_c > 0 {
        (CONTRADICTION_WEIGHT, CONTRADICTION_WEIGHT)
    } else if extra_c == 0.0 && (assigned.len() >= 2 || (!person && strong_q <= 1)) {
        // Every word of the listed name is in the query, two or more of them: the listed
        // name is contained in a longer one (Anjem Choudary in Anjem Iftikhar Choudary
        // Mahmood). A body's name may be one word, with a place or a description added
        // (Agrosoyuz, Commercial Bank Agrosoyuz; Xianghe Trade, Dandong Xianghe Trading).
        (EXTRA_QUERY_CONTAINED_WEIGHT, EXTRA_CANDIDATE_WEIGHT)
    } else {
        (EXTRA_QUERY_WEIGHT, EXTRA_CANDIDATE_WEIGHT)
    };
    let denominator = matched_weight + wq * extra_q + wc * extra_c;
    let mut score = if denominator > 0.0 {
        matched / denominator
    } else {
        0.0
    };
    // In a chain of descent (Muhammad bin Salman), the same names in another order are
    // another person (Salman bin Muhammad): the father's name is not the son's.
    if q.patronymic && c.patronymic {
        assigned.sort_unstable();
        if assigned.windows(2).any(|w| w[1].1 < w[0].1) {
            score *= PATRONYMIC_REORDERED;
            if explain {
                let _ = write!(
                    detail.item(),
                    "names in another order of descent ×{PATRONYMIC_REORDERED}"
                );
            }
        }
    }
    (score, detail.0)
}

/// What is known of two words beyond their letters: one stem (Industries, Industrial; Banking,
/// Bank) or a stem extended (Machine, Machinery) in the names of bodies, a word written short
/// (Int'l, International), a short form of a given name (Ted, Theodore), a Chinese syllable
/// with n for ng (Yung, Yun; Wang, Wan).
fn word_knowledge(
    q: &PreparedName,
    c: &PreparedName,
    (i, a): (usize, &Token),
    (j, b): (usize, &Token),
    person: bool,
) -> Option<(f64, &'static str)> {
    if person {
        let flagged = |n: &PreparedName, k: usize| n.short_forms.get(k).copied().unwrap_or(false);
        if (flagged(q, i) || flagged(c, j)) && is_short_form(&a.latin, &b.latin) {
            return Some((0.85, "short form of the given name"));
        }
        if q.korean.is_none() && c.korean.is_none() && nasal_final(&a.latin, &b.latin) {
            return Some((0.75, "n for ng"));
        }
        return None;
    }
    let (qs, cs) = (q.stems.get(i)?, c.stems.get(j)?);
    if !qs.is_empty() && qs == cs {
        return Some((0.9, "same stem"));
    }
    if stem_extends(qs, cs) {
        return Some((0.85, "one stem extends the other"));
    }
    if expand(&a.latin) == expand(&b.latin) {
        return Some((0.9, "abbreviated"));
    }
    None
}

/// One stem of five letters or more begins the other, which adds at most four (machin,
/// machineri).
fn stem_extends(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 5 && long.len() <= short.len() + 4 && long.starts_with(short)
}

/// Short words that differ by a final g after n: the nasal finals of Chinese syllables, which
/// the lists' aliases write one way and the other (Tsang Yung Yuan, Tsang Yun Yuan).
fn nasal_final(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.len() <= 5
        && short.len() >= 2
        && long.len() == short.len() + 1
        && long.ends_with("ng")
        && long.starts_with(short)
}

/// Words the names of bodies write short, in full.
fn expand(word: &str) -> &str {
    match word {
        "intl" | "int" | "internat" => "international",
        "natl" => "national",
        "mfg" => "manufacturing",
        "dept" => "department",
        "assn" | "assoc" => "association",
        "bros" => "brothers",
        "tech" => "technology",
        "eng" | "engg" => "engineering",
        "ind" | "inds" => "industries",
        "dev" | "devt" => "development",
        "mgmt" => "management",
        "svcs" | "svc" => "services",
        "univ" => "university",
        "inst" => "institute",
        "acad" => "academy",
        "sci" => "science",
        "govt" => "government",
        "min" => "ministry",
        "mar" => "maritime",
        "mach" => "machinery",
        "elec" => "electronics",
        "sec" => "security",
        "st" => "saint",
        "mt" => "mount",
        _ => word,
    }
}

/// The factor on a name whose numbers differ: a name otherwise the same lands on the match
/// threshold.
const NUMBERS_DIFFER: f64 = 0.7;

/// The factor on a patronymic name whose names come in another order.
const PATRONYMIC_REORDERED: f64 = 0.6;

/// What the words matched so far add up to, and how, for the passes after the one-to-one
/// pairing (joined words, abbreviations).
struct Credit {
    /// The sum of the matched words' similarities, weighed.
    matched: f64,
    /// The sum of their weights.
    weight: f64,
    /// The explanation, one piece per match.
    detail: Detail,
    /// Whether the explanation is wanted.
    explain: bool,
}

impl Credit {
    /// Credit `words` words of the longer side at `each`; `describe` gives the word of one
    /// side, the words of the other and how they matched, written query first.
    fn add(
        &mut self,
        words: usize,
        each: f64,
        reversed: bool,
        describe: impl FnOnce() -> (String, String, &'static str),
    ) {
        self.matched += words as f64 * each;
        self.weight += words as f64;
        if self.explain {
            let (a, b, how) = describe();
            if reversed {
                self.detail.matched(&b, &a, how, each);
            } else {
                self.detail.matched(&a, &b, how, each);
            }
        }
    }
}

/// An explanation being written: its pieces, separated by commas.
#[derive(Default)]
struct Detail(String);

impl Detail {
    /// The text to write the next piece to, after the separator.
    fn item(&mut self) -> &mut String {
        if !self.0.is_empty() {
            self.0.push_str(", ");
        }
        &mut self.0
    }

    /// A piece saying that `a` of the query matched `b` of the listing, how and how well
    /// (`kim≈kim equal 1.00`).
    fn matched(&mut self, a: &str, b: &str, how: &str, score: f64) {
        let out = self.item();
        out.extend([a, "≈", b, " ", how, " "]);
        crate::explain::push_fixed(out, score, 2, false);
    }
}

/// The credit of each word an abbreviation stands for.
const ACRONYM: f64 = 0.85;

fn acronym_pass(
    short: &[&Token],
    long: &[&Token],
    s_used: &mut [bool],
    l_used: &mut [bool],
    credit: &mut Credit,
    reversed: bool,
    person: bool,
) {
    for (i, t) in short.iter().enumerate() {
        let n = t.latin.len();
        if s_used[i]
            || t.kind != TokenKind::Word
            || t.symbol.is_some()
            || !(2..=6).contains(&n)
            || !t.latin.bytes().all(|b| b.is_ascii_lowercase())
        {
            continue;
        }
        // A person's initials stand for some of the names (JC for Jean-Claude, beside
        // Juncker), never all of them: N.N. is no one in particular.
        if person && n >= long.len() {
            continue;
        }
        for j in 0..long.len().saturating_sub(n - 1) {
            let span = &long[j..j + n];
            let fits = span.iter().enumerate().all(|(k, w)| {
                !l_used[j + k]
                    && w.kind != TokenKind::Initial
                    && w.latin.len() > 1
                    && w.latin.as_bytes()[0] == t.latin.as_bytes()[k]
            });
            if !fits {
                continue;
            }
            s_used[i] = true;
            for u in &mut l_used[j..j + n] {
                *u = true;
            }
            credit.add(n, ACRONYM, reversed, || {
                let words: Vec<&str> = span.iter().map(|w| w.latin.as_str()).collect();
                (t.latin.clone(), words.join(" "), "abbreviation")
            });
            break;
        }
    }
}

fn join_pass(
    single: &[&Token],
    double: &[&Token],
    s_used: &mut [bool],
    d_used: &mut [bool],
    credit: &mut Credit,
    reversed: bool,
) {
    for (i, t) in single.iter().enumerate() {
        if s_used[i] || t.kind != TokenKind::Word {
            continue;
        }
        // The consonants of the single word, made when first needed.
        let mut t_skeleton: Option<String> = None;
        for j in 0..double.len().saturating_sub(1) {
            // Two or three adjacent words run together (Chong Chon Gang ~ Chongchongang), letter
            // for letter: a typo across a join (Kimsong ~ Kim Yong) is another name as often as
            // not.
            let span =
                if j + 2 < double.len() && !d_used[j + 2] && spells(&double[j..j + 3], &t.latin) {
                    3
                } else {
                    2
                };
            if d_used[j] || d_used[j + 1] {
                continue;
            }
            let letters = spells(&double[j..j + span], &t.latin);
            let korean_joined = match (&double[j].korean, &double[j + 1].korean, &t.korean) {
                (Some(a), Some(b), Some(k)) => {
                    let (a, b, k) = (a.flat(), b.flat(), k.flat());
                    k.len() == a.len() + b.len() && k.starts_with(a) && k.ends_with(b)
                }
                _ => false,
            };
            let chinese_joined = match (&double[j].chinese, &double[j + 1].chinese, &t.chinese) {
                (Some(a), Some(b), Some(k)) => k.reads_as_joined(a, b),
                _ => false,
            };
            // A name in a script of few vowels written in two words (عبد الله) and in one
            // (Abdullah), by their consonants.
            let consonants_joined = !letters
                && (few_vowels(t.script)
                    || double[j..j + span].iter().any(|d| few_vowels(d.script)))
                && t.script != double[j].script
                && {
                    let words = &double[j..j + span];
                    let mut joined =
                        String::with_capacity(words.iter().map(|t| t.latin.len()).sum());
                    for t in words {
                        joined.push_str(&t.latin);
                    }
                    let k = skeleton(&joined);
                    let mine = t_skeleton.get_or_insert_with(|| skeleton(&t.latin));
                    !k.is_empty() && k == *mine
                };
            if letters || korean_joined || chinese_joined || consonants_joined {
                s_used[i] = true;
                for u in d_used.iter_mut().skip(j).take(span) {
                    *u = true;
                }
                credit.add(span, 0.97, reversed, || {
                    (
                        t.surface_word().to_string(),
                        format!(
                            "{} {}",
                            double[j].surface_word(),
                            double[j + 1].surface_word()
                        ),
                        "joined",
                    )
                });
                break;
            }
        }
    }
}

/// Organisation types and numbers: words that tell bodies and ships apart. A difference lowers
/// the name score; an agreement does not raise it (the name words carry identity).
fn compare_symbols(q: &PreparedName, c: &PreparedName) -> Option<(f64, String)> {
    let of = |n: &PreparedName, kind: fn(&Symbol) -> bool| -> Vec<Symbol> {
        n.tokens
            .iter()
            .filter_map(|t| t.symbol)
            .filter(kind)
            .collect()
    };
    let types = |n: &PreparedName| of(n, |s| matches!(s, Symbol::OrgType(_)));
    let numbers = |n: &PreparedName| of(n, |s| matches!(s, Symbol::Number(_)));
    let legal = |n: &PreparedName| of(n, |s| matches!(s, Symbol::LegalForm(_)));
    let (qn, cn) = (numbers(q), numbers(c));
    if !qn.is_empty() && !cn.is_empty() && !qn.iter().any(|n| cn.contains(n)) {
        // Sister ships and numbered funds share a name and differ by a number: at best a
        // name to review (an IMO number or a registration tells them apart), never a strong
        // match.
        return Some((
            NUMBERS_DIFFER,
            format!(
                "numbers differ: {} / {}",
                fmt_symbols(&qn),
                fmt_symbols(&cn)
            ),
        ));
    }
    if qn.is_empty() != cn.is_empty() {
        let (n, side) = if qn.is_empty() {
            (&cn, "the listing")
        } else {
            (&qn, "the query")
        };
        return Some((
            0.85,
            format!("only {side} has the number {}", fmt_symbols(n)),
        ));
    }
    let (qt, ct) = (types(q), types(c));
    if !qt.is_empty() && !ct.is_empty() && !qt.iter().any(|t| ct.contains(t)) {
        // What a body does (trading, banking, shipping, insurance) tells bodies apart; how it
        // is organised (a group, a general corporation, a holding, a joint venture) is
        // translated one way and another in the lists' own aliases.
        let structural = |ts: &[Symbol]| {
            ts.iter().all(|t| {
                matches!(
                    t,
                    Symbol::OrgType(
                        OrgType::General
                            | OrgType::Group
                            | OrgType::Holding
                            | OrgType::JointVenture
                    )
                )
            })
        };
        let factor = if structural(&qt) && structural(&ct) {
            0.9
        } else {
            0.65
        };
        return Some((
            factor,
            format!(
                "organisation types differ: {} / {}",
                fmt_symbols(&qt),
                fmt_symbols(&ct)
            ),
        ));
    }
    let (ql, cl) = (legal(q), legal(c));
    if !ql.is_empty() && !cl.is_empty() && !ql.iter().any(|t| cl.contains(t)) {
        // Company, Limited, LLC and Inc. are how one body is registered or translated in one
        // country and another (Cholsan General Trading Corporation, Cholson LLC); AG and GmbH,
        // S.A. and S.A.R.L. are different legal persons of one law.
        let generic = |ls: &[Symbol]| {
            ls.iter().any(|l| {
                matches!(
                    l,
                    Symbol::LegalForm(
                        LegalForm::Company | LegalForm::Limited | LegalForm::Llc | LegalForm::Inc
                    )
                )
            })
        };
        let factor = if generic(&ql) && generic(&cl) {
            0.9
        } else {
            0.65
        };
        return Some((
            factor,
            format!(
                "legal forms differ: {} / {}",
                fmt_symbols(&ql),
                fmt_symbols(&cl)
            ),
        ));
    }
    None
}

fn fmt_symbols(s: &[Symbol]) -> String {
    s.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

trait SurfaceWord {
    fn surface_word(&self) -> &str;
}

impl SurfaceWord for Token {
    fn surface_word(&self) -> &str {
        if self.latin.is_empty() {
            &self.norm
        } else {
            &self.latin
        }
    }
}

/// Names whose words differ only in where the spaces fall, particles and legal forms included
/// (`vanderbilt corp` and `van der bilt corp`, `SiemensAG` and `Siemens AG`), or, for longer
/// names that are not Korean, also by a letter (`FridrichBuchenberg`, `Friedrich Buchenberg`).
fn spaced_differently(q: &PreparedName, c: &PreparedName, explain: bool) -> Option<(f64, String)> {
    let (sq, sc) = (&q.spaced, &c.spaced);
    let len = char_len(sq).min(char_len(sc));
    let word_count = |n: &PreparedName| {
        n.tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Number)
            .count()
    };
    if len < 6 || word_count(q) == word_count(c) {
        return None;
    }
    let numbers = |n: &PreparedName| -> Vec<Symbol> {
        n.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .filter_map(|t| t.symbol)
            .collect()
    };
    if numbers(q) != numbers(c) {
        return None;
    }
    let (score, how) = if sq == sc {
        (0.97, "the same letters, spaced differently")
    } else if len >= 12 && q.korean.is_none() && c.korean.is_none() {
        let budget = if len >= 16 { 2 } else { 1 };
        damerau_levenshtein_bounded(sq, sc, budget)?;
        (0.9, "nearly the same letters, spaced differently")
    } else {
        return None;
    };
    let detail = if explain {
        format!("{how}: {sq} / {sc}")
    } else {
        String::new()
    };
    Some((score, detail))
}

/// The names of bodies and ships written wholly in Korean syllables, spaced any way, that are
/// said alike (Am Nok Gang, Ap Rok Gang: 압록강).
fn korean_as_said(q: &PreparedName, c: &PreparedName, explain: bool) -> Option<(f64, String)> {
    if q.person || c.person {
        return None;
    }
    let said = |n: &PreparedName| -> Option<ce2_names::korean::KoreanKey> {
        let keys: Vec<&ce2_names::korean::KoreanKey> = n
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Number)
            .map(|t| t.korean.as_ref())
            .collect::<Option<_>>()?;
        Some(ce2_names::korean::KoreanKey::concat(keys).spoken())
    };
    let (a, b) = (said(q)?, said(c)?);
    let numbers = |n: &PreparedName| -> Vec<Symbol> {
        n.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .filter_map(|t| t.symbol)
            .collect()
    };
    if a.len() < 3 || a.flat() != b.flat() || numbers(q) != numbers(c) {
        return None;
    }
    let detail = if explain {
        format!("the same Korean syllables, as said: {}", a.flat())
    } else {
        String::new()
    };
    Some((0.95, detail))
}

/// Compare two names: the Korean reading when both read as Korean personal names, else word by
/// word; then organisation types and numbers.
pub fn compare_names(q: &PreparedName, c: &PreparedName) -> (f64, String) {
    compare_names_with(q, c, true)
}

/// [`compare_names`], with the explanation built only when asked for (scoring every candidate
/// needs the number; only the best pair needs the words).
fn compare_names_with(q: &PreparedName, c: &PreparedName, explain: bool) -> (f64, String) {
    let plain = compare_names_plain(q, c, explain);
    if q.han.is_none() && c.han.is_none() {
        return plain;
    }
    match han_reading(q, c, explain) {
        Some(read) if read.0 > plain.0 => read,
        _ => plain,
    }
}

/// The most a name read through the readings of its Han characters scores: which reading a
/// character takes in a name is a guess.
const HAN_READING: f64 = 0.9;

/// The least score of two Korean names whose given names are the same and whose family
/// names agree or one is missing (see [`compare_korean`]).
const KOREAN_READING_FITS: f64 = 0.85;

/// A personal name in Han characters against a name in another script, read through the
/// characters' Korean readings (金正恩 as 김정은, then as any Korean name: Kim Jong Un) or
/// their Japanese ones (山田太郎 as Yamada Taro).
fn han_reading(q: &PreparedName, c: &PreparedName, explain: bool) -> Option<(f64, String)> {
    let han_first = match (&q.han, &c.han) {
        (Some(_), None) => true,
        (None, Some(_)) => false,
        _ => return None,
    };
    let (h, other) = if han_first { (q, c) } else { (c, q) };
    let han = h.han.as_deref()?;
    let mut best: Option<(f64, String)> = None;
    let readings = if other.korean.is_some() {
        h.han_korean()
    } else {
        &[]
    };
    for (hangul, reading) in readings {
        for o in other.korean.iter().chain(&other.korean_alt) {
            let (s, detail) = if han_first {
                compare_korean(reading, o, explain)
            } else {
                compare_korean(o, reading, explain)
            };
            // Only a reading that fits counts: the given name the same, and the family name
            // too where both have one. A reading is not evidence against a name.
            if s < KOREAN_READING_FITS {
                continue;
            }
            let s = s.min(HAN_READING);
            if best.as_ref().is_none_or(|b| s > b.0) {
                let detail = if explain {
                    format!("{han} read in Korean as {hangul}: {detail}")
                } else {
                    String::new()
                };
                best = Some((s, detail));
            }
        }
    }
    // A name of at most five words (as many as it has characters), all Latin.
    let mut words = [""; 5];
    let mut n = 0;
    for t in other.words() {
        if t.kind != TokenKind::Word || t.script != Script::Latin || n == words.len() {
            n = 0;
            break;
        }
        words[n] = t.latin.as_str();
        n += 1;
    }
    if n > 0 && best.as_ref().is_none_or(|b| HAN_READING > b.0) {
        if let Some(pieces) = ce2_names::han::japanese_reading(han, &words[..n]) {
            let detail = if explain {
                format!("{han} read in Japanese as {}", pieces.join("-"))
            } else {
                String::new()
            };
            best = Some((HAN_READING, detail));
        }
    }
    best
}

/// Two names compared as written and romanised, without the readings of Han characters.
fn compare_names_plain(q: &PreparedName, c: &PreparedName, explain: bool) -> (f64, String) {
    // The same letters in the same order, spaced or hyphenated differently (Myongc-hin and
    // Myong-chin, Vanderbilt and Van der Bilt): one name.
    let (jq, jc) = (&q.joined, &c.joined);
    let differently_spaced = q
        .words()
        .map(|t| t.latin.as_str())
        .ne(c.words().map(|t| t.latin.as_str()));
    if char_len(jq) >= 6 && jq == jc && differently_spaced {
        let detail = if explain {
            format!("the same letters, spaced differently: {jq}")
        } else {
            String::new()
        };
        return (0.97, detail);
    }
    if let Some(r) = spaced_differently(q, c, explain) {
        return r;
    }
    if let Some(r) = korean_as_said(q, c, explain) {
        return r;
    }
    if let (Some(_), Some(_)) = (&q.korean, &c.korean) {
        let both_hangul = q
            .tokens
            .iter()
            .chain(&c.tokens)
            .all(|t| t.script == Script::Hangul);
        if !both_hangul {
            // Every reading of one against every reading of the other; the best wins.
            let mut best: Option<(f64, String)> = None;
            for a in q.korean.iter().chain(&q.korean_alt) {
                for b in c.korean.iter().chain(&c.korean_alt) {
                    let r = compare_korean(a, b, explain);
                    if best.as_ref().is_none_or(|x| r.0 > x.0) {
                        best = Some(r);
                    }
                }
            }
            if let Some(r) = best {
                return r;
            }
        }
    }
    let (mut score, mut detail) = compare_words(q, c, explain);
    if let Some((factor, why)) = compare_symbols(q, c) {
        score *= factor;
        detail = format!("{detail}; {why} ×{factor}");
    }
    (score, detail)
}

/// The score of Korean names whose given names are one sound apart.
const ONE_SOUND_APART: f64 = 0.72;

/// Whether two given-name keys are one sound apart in the ways the lists' own variants are:
/// the final sound changed, added or dropped (Chol/Chun, Gil/Gi), or a glide added or dropped
/// (Kwon/Kon, Pong/Pyong). Any other change, above all of a syllable's first sound (Song/Yong),
/// makes another name.
fn one_sound_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() || b.is_empty() || a == b {
        return false;
    }
    if a.len() == b.len() {
        let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return diffs == [a.len() - 1];
    }
    let (long, short) = if a.len() > b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() != short.len() + 1 {
        return false;
    }
    (0..long.len()).any(|i| {
        let mut removed = long.clone();
        let c = removed.remove(i);
        removed == *short && (i == long.len() - 1 || c == 'w' || c == 'y')
    })
}

/// Two Korean personal names: a family name and a given name, each one unit. Yong Chol and Chol
/// are different given names, not one name with a part missing.
fn compare_korean(a: &KoreanName, b: &KoreanName, explain: bool) -> (f64, String) {
    let family = match (&a.family, &b.family) {
        (Some(f), Some(g)) => Some(f == g),
        _ => None,
    };
    // A letter typed twice (Hwaan for Hwan) is the same given name.
    let given = !a.given.is_empty() && (a.given == b.given || same_but_doubled(&a.given, &b.given));
    // Given names one sound apart (Chol/Chun, Gil/Gi): the lists' own variants often are,
    // and so are different people's names; close enough to look at, not to match.
    let one_sound_apart = !given && one_sound_apart(&a.given, &b.given);
    let score = match (family, given) {
        (Some(true), true) => 1.0,
        (None, true) => 0.85,
        (Some(false), true) => 0.5,
        (Some(true), false) if one_sound_apart => ONE_SOUND_APART,
        (Some(true), false) => 0.4,
        _ => 0.0,
    };
    if !explain {
        return (score, String::new());
    }
    let detail = match (family, given) {
        (Some(true), true) => format!(
            "Korean name: family {}, given {} in both",
            a.family.as_deref().unwrap_or(""),
            a.given
        ),
        (None, true) => format!(
            "Korean given name {} in both; one has no family name",
            a.given
        ),
        (Some(false), true) => {
            format!("Korean given name {} in both, family names differ", a.given)
        }
        (Some(true), false) if one_sound_apart => format!(
            "same Korean family name, given names one sound apart: {} / {}",
            a.given, b.given
        ),
        (Some(true), false) => format!(
            "same Korean family name, given names differ: {} / {}",
            a.given, b.given
        ),
        _ => format!("Korean names differ: {} / {}", a.joined(), b.joined()),
    };
    (score, detail)
}

/// The best name pair of two records, with the weak-alias cap.
fn best_names(query: &Prepared, candidate: &Prepared, threshold: f64) -> Option<Feature> {
    let mut best: Option<(f64, &PreparedName, &PreparedName, bool)> = None;
    // One name on each side (most screening of one name against one listing's only name):
    // scored and explained in one pass.
    if let ([q], [c], []) = (
        query.names.as_slice(),
        candidate.names.as_slice(),
        candidate.weak_names.as_slice(),
    ) {
        let (score, detail) = compare_names_with(q, c, true);
        return Some(name_feature(score, q, c, false, &detail));
    }
    for q in &query.names {
        for (weak, cs) in [(false, &candidate.names), (true, &candidate.weak_names)] {
            for c in cs.iter() {
                let (mut s, _) = compare_names_with(q, c, false);
                if weak {
                    // A weak alias alone never makes a match.
                    s = s.min(threshold - 0.05) * 0.95;
                }
                if best.as_ref().is_none_or(|b| s > b.0) {
                    best = Some((s, q, c, weak));
                }
            }
        }
    }
    best.map(|(score, q, c, weak)| {
        let (_, detail) = compare_names_with(q, c, true);
        name_feature(score, q, c, weak, &detail)
    })
}

/// The score of [`best_names`] without its explanation.
fn best_names_score(query: &Prepared, candidate: &Prepared, threshold: f64) -> Option<f64> {
    let mut best: Option<f64> = None;
    for q in &query.names {
        for (weak, cs) in [(false, &candidate.names), (true, &candidate.weak_names)] {
            for c in cs.iter() {
                let (mut s, _) = compare_names_with(q, c, false);
                if weak {
                    s = s.min(threshold - 0.05) * 0.95;
                }
                if best.is_none_or(|b| s > b) {
                    best = Some(s);
                }
            }
        }
    }
    best
}

/// The name feature of the best pair, quoting both names.
fn name_feature(
    score: f64,
    q: &PreparedName,
    c: &PreparedName,
    weak: bool,
    detail: &str,
) -> Feature {
    // The names, two pairs of quotes, ` ~ ` and `: `, and room for a few escapes.
    let mut d = String::with_capacity(q.text.len() + c.text.len() + detail.len() + 24);
    crate::explain::push_debug(&mut d, &q.text);
    d.push_str(" ~ ");
    crate::explain::push_debug(&mut d, &c.text);
    d.push_str(": ");
    d.push_str(detail);
    Feature {
        name: if weak {
            "weak_alias_match"
        } else {
            "name_match"
        },
        value: score,
        detail: d,
    }
}

/// Birth dates: the most compatible pair decides. Compatible when one is a prefix of the other
/// (1968 and 1968-03-14); a year apart or a different day lowers the score.
fn birth_qualifier(query: &Prepared, candidate: &Prepared) -> Option<Feature> {
    let (qs, cs) = (&query.record.birth_dates, &candidate.record.birth_dates);
    if qs.is_empty() || cs.is_empty() {
        return None;
    }
    let mut best = f64::NEG_INFINITY;
    let mut detail = String::new();
    for a in qs {
        for b in cs {
            let (penalty, why) = if a.starts_with(b.as_str()) || b.starts_with(a.as_str()) {
                (0.0, "agree")
            } else if a.get(..4) == b.get(..4) {
                (-0.1, "same year, different day")
            } else {
                let ya: i32 = a.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                let yb: i32 = b.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                if (ya - yb).abs() <= 1 {
                    (-0.1, "a year apart")
                } else {
                    (-0.25, "years differ")
                }
            };
            if penalty > best {
                best = penalty;
                detail = format!("{a} / {b}: {why}");
            }
        }
    }
    (best < 0.0).then_some(Feature {
        name: "birth_date_mismatch",
        value: best,
        detail,
    })
}

/// A qualifier for a fact both sides state and on which they share no value (nationalities,
/// genders): it lowers the score by `value`.
/// What moves a name match's score: the birth date, a contradicting country or gender, a
/// contradicting ship identifier.
fn qualifiers(query: &Prepared, candidate: &Prepared) -> [Option<Feature>; 4] {
    [
        birth_qualifier(query, candidate),
        disjoint(
            "country_mismatch",
            -0.15,
            &query.record.countries,
            &candidate.record.countries,
        ),
        disjoint(
            "gender_mismatch",
            -0.2,
            &query.record.genders,
            &candidate.record.genders,
        ),
        identifier_contradiction(query, candidate),
    ]
}

fn disjoint(name: &'static str, value: f64, qs: &[String], cs: &[String]) -> Option<Feature> {
    if qs.is_empty() || cs.is_empty() || qs.iter().any(|v| cs.contains(v)) {
        return None;
    }
    Some(Feature {
        name,
        value,
        detail: format!("{} / {}", qs.join(","), cs.join(",")),
    })
}

/// An exact identifier hit, strongest kind first.
fn identifier_hit(query: &Prepared, candidate: &Prepared) -> Option<Feature> {
    for (kind, value) in &query.record.ids {
        if candidate
            .record
            .ids
            .iter()
            .any(|(k, v)| k == kind && v == value)
        {
            return Some(Feature {
                name: "identifier_match",
                value: 1.0,
                detail: format!("{} {value} is exactly the listed one", kind.name()),
            });
        }
    }
    None
}

/// Identifiers of one kind on both sides that all differ: a vessel with another IMO number is
/// another vessel.
fn identifier_contradiction(query: &Prepared, candidate: &Prepared) -> Option<Feature> {
    for kind in [IdKind::Imo, IdKind::Mmsi] {
        let q: Vec<&String> = query
            .record
            .ids
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, v)| v)
            .collect();
        let c: Vec<&String> = candidate
            .record
            .ids
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, v)| v)
            .collect();
        if !q.is_empty() && !c.is_empty() && !q.iter().any(|v| c.contains(v)) {
            return Some(Feature {
                name: "identifier_mismatch",
                // Below the threshold but not out of sight: a ship that shares a listed ship's
                // name under another IMO number may be borrowing an identity.
                value: -0.4,
                detail: format!("{} {} / {}", kind.name(), q[0], c[0]),
            });
        }
    }
    None
}

impl Algorithm for Ce2V1 {
    fn name(&self) -> &'static str {
        "ce2-v1"
    }

    fn description(&self) -> &'static str {
        "ce2's default: names across scripts and romanisations with the Korean layer, identifiers exactly, birth date, nationality and gender as qualifiers"
    }

    fn threshold(&self) -> f64 {
        0.7
    }

    fn score(&self, query: &Prepared, candidate: &Prepared) -> Scored {
        if !query.record.kind.compatible(candidate.record.kind) {
            return Scored::zero(
                "schema_mismatch",
                format!(
                    "a {} is never a {}",
                    query.record.schema, candidate.record.schema
                ),
            );
        }
        if let Some(hit) = identifier_hit(query, candidate) {
            return Scored {
                score: 1.0,
                features: vec![hit],
            };
        }
        let Some(main) = best_names(query, candidate, self.threshold()) else {
            return Scored::zero("name_match", "no names to compare");
        };
        if main.value <= 0.0 {
            return Scored {
                score: 0.0,
                features: vec![main],
            };
        }
        let mut score = main.value;
        let mut features = vec![main];
        let qualifiers = qualifiers(query, candidate);
        for q in qualifiers.into_iter().flatten() {
            score += q.value;
            features.push(q);
        }
        Scored {
            score: score.clamp(0.0, 1.0),
            features,
        }
    }

    fn score_value(&self, query: &Prepared, candidate: &Prepared) -> f64 {
        // What `score` does, with no explanation written for the names.
        if !query.record.kind.compatible(candidate.record.kind) {
            return 0.0;
        }
        if identifier_hit(query, candidate).is_some() {
            return 1.0;
        }
        let Some(main) = best_names_score(query, candidate, self.threshold()) else {
            return 0.0;
        };
        if main <= 0.0 {
            return 0.0;
        }
        let mut score = main;
        let qualifiers = qualifiers(query, candidate);
        for q in qualifiers.into_iter().flatten() {
            score += q.value;
        }
        score.clamp(0.0, 1.0)
    }
}

/// OFAC Sanctions List Search parity.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ofac;

impl Algorithm for Ofac {
    fn name(&self) -> &'static str {
        "ofac"
    }

    fn description(&self) -> &'static str {
        "reproduces the scores of OFAC's Sanctions List Search (Jaro-Winkler on whole names and name parts), for parity with OFAC's own tool"
    }

    fn threshold(&self) -> f64 {
        crate::ofac::DEFAULT_THRESHOLD
    }

    fn score(&self, query: &Prepared, candidate: &Prepared) -> Scored {
        let e = crate::ofac::entity_score(&ofac_profile(query), &ofac_profile(candidate));
        let mut features = vec![Feature {
            name: "name_match",
            value: e.name.as_ref().map_or(0.0, |n| n.score),
            detail: format!(
                "{:?} ~ {:?}: {}",
                e.query_name.as_deref().unwrap_or(""),
                e.candidate_name.as_deref().unwrap_or(""),
                e.name.as_ref().map_or("", |n| n.detail.as_str())
            ),
        }];
        for q in &e.qualifiers {
            features.push(Feature {
                name: q.qualifier.name(),
                value: q.adjustment,
                detail: q.detail.clone(),
            });
        }
        Scored {
            score: e.score,
            features,
        }
    }
}

fn ofac_profile(p: &Prepared) -> crate::ofac::Profile {
    use crate::ofac::{Gender, Schema};
    let r = &p.record;
    let schema = match r.schema.as_str() {
        "Person" => Schema::Person,
        "Organization" => Schema::Organization,
        "Company" => Schema::Company,
        "PublicBody" => Schema::PublicBody,
        "Vessel" => Schema::Vessel,
        "Airplane" => Schema::Airplane,
        "LegalEntity" => Schema::LegalEntity,
        _ => Schema::Unknown,
    };
    crate::ofac::Profile {
        schema,
        names: r.names.iter().chain(&r.weak_names).cloned().collect(),
        birth_dates: r.birth_dates.clone(),
        countries: r.countries.clone(),
        gender: r.genders.first().and_then(|g| match g.as_str() {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            "other" => Some(Gender::Other),
            _ => None,
        }),
        identifiers: r.ids.iter().map(|(_, v)| v.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Kind, Record};

    fn person(names: &[&str]) -> Prepared {
        Prepared::new(Record {
            id: String::new(),
            schema: "Person".into(),
            kind: Kind::Person,
            caption: names[0].into(),
            names: names.iter().map(|s| s.to_string()).collect(),
            weak_names: vec![],
            birth_dates: vec![],
            countries: vec![],
            genders: vec![],
            ids: vec![],
            datasets: vec![],
        })
    }

    #[test]
    fn given_names_one_sound_apart() {
        let cases = [
            ("col", "con", true),
            ("kil", "ki", true),
            ("kwonu", "konu", true),
            ("pogyol", "pyogyol", true),
            ("sogcol", "yogcol", false),
            ("sokcin", "sokcol", false),
            ("myogsik", "myogkok", false),
            ("yogcol", "yogcol", false),
        ];
        for (a, b, expected) in cases {
            assert_eq!(one_sound_apart(a, b), expected, "{a} / {b}");
        }
    }

    #[test]
    fn the_score_alone_is_the_score_explained() {
        let names = [
            "KIM Yong Chol",
            "Kim Young-Cheol",
            "김영철",
            "Yong Chol KIM",
            "Muhammad bin Salman",
            "Salman bin Muhammad",
            "محمد علي",
            "Mohamed Ali",
            "Xi Jinping",
            "习近平",
            "Hsi Chin-p'ing",
            "WHEELER, Patricia Lucas",
            "Patricia Lucas Wheeler",
            "Ted Smith",
            "Theodore Smyth",
        ];
        for a in names {
            for b in names {
                let (q, c) = (person(&[a]), person(&[b, a]));
                assert_eq!(
                    Ce2V1.score_value(&q, &c),
                    Ce2V1.score(&q, &c).score,
                    "{a} / {b}"
                );
                let (q, c) = (person(&[a]), person(&[b]));
                assert_eq!(
                    Ce2V1.score_value(&q, &c),
                    Ce2V1.score(&q, &c).score,
                    "{a} / {b}"
                );
            }
        }
    }

    #[test]
    fn romanisations_and_scripts_of_one_korean_name_match() {
        let listed = person(&["KIM Yong Chol"]);
        for q in [
            "Kim Young-Cheol",
            "KIM Yong-Chol",
            "김영철",
            "Kim Yŏng-ch'ŏl",
            "Yong Chol KIM",
            "Kim Yongchol",
        ] {
            let s = Ce2V1.score(&person(&[q]), &listed);
            assert!(s.score >= 0.9, "{q}: {}", s.summary());
        }
        for q in ["KIM Song Chol", "KIM Yong Su", "PAK Yong Chol"] {
            let s = Ce2V1.score(&person(&[q]), &listed);
            assert!(s.score < 0.7, "{q}: {}", s.summary());
        }
    }
}
