//! The `ofac` algorithm: the scores of OFAC's Sanctions List Search (SLS), reproduced.
//!
//! Some users must show that their screening agrees with OFAC's public search tool. OFAC
//! describes its score only in FAQ 249: candidates are first found "based on the first letter of
//! input search terms and by checking for matches at least 50% or more similar based on edit
//! distance"; then Jaro-Winkler compares the entire name string, and separately each name part
//! against the name parts on the list (with Jaro-Winkler and Soundex), giving a composite score;
//! the higher of the two is the score. This module fills in what the FAQ leaves out, measured
//! against 170 scores captured from the live tool (`matching/nomenklatura/ofac_sls_parity_scores.csv`
//! in the shared data; see the domain notes, screening §4.2 and §7).
//!
//! # The algorithm
//!
//! Both names are upper-cased. Then:
//!
//! 1. **Pre-filter.** The names are split into parts at spaces, commas, hyphens and other
//!    punctuation; apostrophes and full stops are deleted inside a part (`O'BRIEN` → `OBRIEN`,
//!    `J.P.` → `JP`). Unless some query part and some candidate part start with the same letter
//!    and are at least 50% similar by Levenshtein distance (distance ≤ half the longer part),
//!    SLS does not list the candidate at all: the score is 0 ([`Method::Filtered`]). This is why
//!    `ALQAEDA` does not find `AL QAEDA`, while `AL-QAEDA` does.
//! 2. **Whole string.** Spaces, commas, full stops and apostrophes are removed, hyphens kept
//!    (`BASHIR-UD-DIN`, `ESCOBARHENAOPABLO`), and the two strings are compared with Jaro-Winkler
//!    (standard matching window; prefix bonus always applied, p = 0.1, prefix up to **five**
//!    characters). There is no first-letter gate on this technique: `GEORGE BUSH` against
//!    `JAMIL GEORGES, Fahd` scores 77 through it. The score is rounded half-to-even to a whole
//!    percent (.NET's `Math.Round`: 62.5 → 62, 65.5 → 66, both seen in the parity data).
//! 3. **Per name part.** Query parts of one or two characters are dropped unless that leaves
//!    nothing (`KIM JONG UN` is compared as `KIM JONG`, which is why OFAC gives 100 to five
//!    different KIMs). Each remaining query part takes its best Jaro-Winkler score (prefix up to
//!    four) among the candidate parts that pass the pre-filter test with it (same first letter,
//!    ≥ 50% edit similarity) and score at least 0.5; a part with no such partner scores 0. The
//!    composite is the mean, rounded **up** to a whole percent. When query and candidate are each
//!    a single part, the two techniques compare the same thing and SLS shows the whole-string
//!    figure.
//! 4. The score is the higher of the two percentages, divided by 100.
//!
//! # Where this departs from earlier reconstructions
//!
//! OpenSanctions' nomenklatura (`ofac`) gates the whole-string technique on equal first letters
//! and keeps spaces in it, caps the prefix at four, and has no pre-filter or rounding; it reaches
//! ±5 points on about 96% of its positive rows. Each change above was kept only because it
//! reproduces rows that the simpler form gets wrong, for instance:
//!
//! * whole string without spaces, prefix up to five: the 26 scored `GEORGE BUSH` rows, from 86
//!   (`GEORGIOU, Georgios`) down to 50 (`HASWANI, George`), all come out to the point;
//! * first-letter and edit-distance test per name part: `GEORGE BUSH` / `OBEID, Boutros Georges`
//!   is 57, not 80 (`BUSH` and `BOUTROS` are too far apart by edit distance to pair), and
//!   `OSAMA BIN LADEN` / `USAMA BIN LADEN NETWORK` is 84, not 96 (`OSAMA` and `USAMA` differ in
//!   their first letter);
//! * composite rounded up: `KIM IL SUNG` / `KIM, Song` is 93 from a mean of 92.5, `PUTIN` /
//!   `PUNTI, Pere` is 90 from 89.3.
//!
//! Soundex, which FAQ 249 names, does not enter the score: as a second way for two parts to pair
//! it changes no parity row, and a bonus or blend large enough to lift `ESCOBAR`~`ESSABAR` and
//! `HUSSEIN`~`HUSSAINI` (codes agree) to OFAC's figures lifts `PUTIN`~`PUTINA` and other pairs
//! whose codes agree past theirs. Each part pair's explanation says whether the Soundex codes
//! agree, as a reading aid.
//!
//! # Parity
//!
//! On the 170 parity rows, 164 (96.5%) are within 2 points of OFAC and 162 exactly equal; rows
//! where SLS listed nothing must score below 80 here (SLS's slider stood at 80 when they were
//! captured). The six misses are listed in `tests/ofac_parity.rs`; three are `PABLO ESCOBAR`
//! rows whose listed name cannot produce the score from the name alone (SLS presumably matched
//! another alias of the entry).
//!
//! # Entities
//!
//! [`entity_score`] takes the best name score over every query name × candidate name and then
//! applies the qualifiers of nomenklatura's `ofac` matcher (country −0.1, birth year −0.1, birth
//! day −0.15, gender −0.1, organisation identifiers −0.1), as OFAC users do by hand (FAQ 5) even
//! though SLS itself scores names only (FAQ 251). A person never matches a vessel: schemata that
//! cannot describe the same thing score 0, as SLS's type filter would.

use std::fmt::Write as _;

/// The score at or above which a candidate is treated as a potential match.
///
/// OFAC publishes no threshold: SLS's slider starts at 100 (exact matches only, FAQ 247), and
/// "around 80–85" is a third party's account of common practice (domain notes §7, marked
/// secondary). We take the upper end of that range: it is the lower bound of Watchman's
/// "manual review" band (0.85–0.94, domain notes §6), and on nomenklatura's 826 labelled name
/// pairs this scorer keeps a recall of 0.89 there, against 0.91 at 0.80 with 11% more false
/// alerts (`tests/ofac_threshold.rs` prints the figures). Lower it for more recall; SLS users
/// who must mirror a slider setting should use that setting divided by 100.
pub const DEFAULT_THRESHOLD: f64 = 0.85;

/// Longest name looked at, in characters; the rest is ignored. The longest name on the OFAC
/// lists has about 200 characters, and Jaro-Winkler costs grow with the square of the length.
const MAX_NAME_CHARS: usize = 1_000;
/// Winkler's prefix scale.
const PREFIX_SCALE: f64 = 0.1;
/// Longest common prefix rewarded when whole strings are compared.
const WHOLE_PREFIX_MAX: usize = 5;
/// Longest common prefix rewarded when name parts are compared.
const PART_PREFIX_MAX: usize = 4;
/// A name-part pair scoring less than this counts as no match.
const PART_FLOOR: f64 = 0.5;
/// Query name parts this short (in characters) are dropped before the per-part comparison.
const SHORT_PART_MAX: usize = 2;

/// Which of OFAC's two techniques produced the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Jaro-Winkler on the whole names (spaces and punctuation removed).
    WholeString,
    /// The mean of the best Jaro-Winkler score of each query name part.
    PerToken,
    /// No query part shares its first letter with, and is at least 50% similar by edit distance
    /// to, a candidate part: SLS would not list the candidate. The score is 0.
    Filtered,
}

/// How one query name part fared in the per-part comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenMatch {
    /// The query name part, normalised.
    pub query: String,
    /// The candidate name part it was paired with, if any passed the first-letter and
    /// edit-distance test and scored at least 0.5.
    pub candidate: Option<String>,
    /// Jaro-Winkler similarity of the pair (0 when unpaired).
    pub jaro_winkler: f64,
    /// Whether the two parts have the same Soundex code. Shown for the reader; it does not
    /// change the score.
    pub soundex_agrees: bool,
}

/// The OFAC score of one query name against one candidate name, with its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct NameScore {
    /// The score in 0..=1: the whole percent SLS would show, divided by 100.
    pub score: f64,
    /// The technique that gave the score.
    pub method: Method,
    /// Unrounded Jaro-Winkler similarity of the whole strings (0 when filtered).
    pub whole_string: f64,
    /// Unrounded mean of the per-part scores; `None` when the technique did not apply (the
    /// pair was filtered, or each name is a single part).
    pub per_token: Option<f64>,
    /// The per-part comparison, one entry per query part kept, in query order.
    pub tokens: Vec<TokenMatch>,
    /// Query parts dropped for being one or two characters long.
    pub dropped: Vec<String>,
    /// A one-line account of the above.
    pub detail: String,
}

impl NameScore {
    /// The score as the whole percent SLS shows.
    pub fn percent(&self) -> u8 {
        // The score is a whole percent divided by 100, so this only undoes the division.
        (self.score * 100.0).round().clamp(0.0, 100.0) as u8
    }
}

/// Score `candidate` against `query` the way OFAC's Sanctions List Search does.
///
/// The comparison is not symmetric: the query is what the user typed (its short parts are
/// dropped, its parts are each looked for among the candidate's), the candidate is the listed
/// name.
///
/// ```
/// use ce2_screen::ofac::{name_score, Method};
///
/// // `UN` is dropped; KIM and JONG are found: 100, as OFAC shows.
/// let s = name_score("KIM JONG UN", "KIM, Jong Man");
/// assert_eq!(s.percent(), 100);
/// assert_eq!(s.method, Method::PerToken);
/// ```
pub fn name_score(query: &str, candidate: &str) -> NameScore {
    let q = Prepared::new(query);
    let c = Prepared::new(candidate);
    let r = compare(&q, &c);
    explain(&q, &c, &r)
}

/// What the scorer knows about a party on one side of a comparison. Plain data: a later layer
/// fills it from FollowTheMoney entities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// The kind of party.
    pub schema: Schema,
    /// Every name and alias, as written.
    pub names: Vec<String>,
    /// Birth dates as ISO 8601 prefixes: `1984`, `1984-01` or `1984-01-08`; anything else is
    /// ignored.
    pub birth_dates: Vec<String>,
    /// Countries (nationality, citizenship, jurisdiction) as codes, compared ignoring case,
    /// e.g. `kp`.
    pub countries: Vec<String>,
    /// The person's gender, if known.
    pub gender: Option<Gender>,
    /// Registration, tax and similar identifiers of an organisation; compared only when both
    /// sides are organisations.
    pub identifiers: Vec<String>,
}

/// The query side of [`entity_score`]: what the user screens.
pub type Query = Profile;
/// The candidate side of [`entity_score`]: a listed party.
pub type Candidate = Profile;

/// The kind of party, after the FollowTheMoney schemata.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Schema {
    /// Not known; compatible with everything.
    #[default]
    Unknown,
    /// A person or an organisation, not known which (FtM `LegalEntity`).
    LegalEntity,
    /// A natural person.
    Person,
    /// An organisation of any kind (FtM `Organization`).
    Organization,
    /// A company (FtM `Company`, an organisation).
    Company,
    /// A public body (FtM `PublicBody`, an organisation).
    PublicBody,
    /// A ship.
    Vessel,
    /// An aircraft.
    Airplane,
}

impl Schema {
    fn is_organization(self) -> bool {
        matches!(
            self,
            Schema::Organization | Schema::Company | Schema::PublicBody
        )
    }

    /// Whether a party of this kind and one of `other` can be the same party.
    pub fn compatible(self, other: Schema) -> bool {
        use Schema::*;
        let family = |s: Schema| match s {
            Unknown => 0,
            LegalEntity => 1,
            Person => 2,
            Organization | Company | PublicBody => 3,
            Vessel => 4,
            Airplane => 5,
        };
        let (a, b) = (family(self), family(other));
        a == b || a == 0 || b == 0 || (a == 1 && b <= 3) || (b == 1 && a <= 3)
    }
}

/// A person's gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Other.
    Other,
}

/// A qualifier: a property on which the two parties disagree, lowering the name score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// Both have countries and none is shared: −0.1.
    CountryMismatch,
    /// Both have birth years and none is shared: −0.1.
    DobYearDisjoint,
    /// Both have full birth dates and none is shared: −0.15 (half that when one matches with
    /// day and month swapped).
    DobDayDisjoint,
    /// Both have a gender and they differ: −0.1.
    GenderMismatch,
    /// Two organisations with identifiers, none shared: up to −0.1, less when two are nearly
    /// equal.
    OrgIdDisjoint,
}

impl Qualifier {
    /// The full adjustment this qualifier makes when it applies.
    pub fn weight(self) -> f64 {
        match self {
            Qualifier::CountryMismatch => -0.1,
            Qualifier::DobYearDisjoint => -0.1,
            Qualifier::DobDayDisjoint => -0.15,
            Qualifier::GenderMismatch => -0.1,
            Qualifier::OrgIdDisjoint => -0.1,
        }
    }

    /// A short name for explanations.
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::CountryMismatch => "country_mismatch",
            Qualifier::DobYearDisjoint => "dob_year_disjoint",
            Qualifier::DobDayDisjoint => "dob_day_disjoint",
            Qualifier::GenderMismatch => "gender_mismatch",
            Qualifier::OrgIdDisjoint => "orgid_disjoint",
        }
    }
}

/// A qualifier that moved the score.
#[derive(Debug, Clone, PartialEq)]
pub struct QualifierHit {
    /// Which qualifier.
    pub qualifier: Qualifier,
    /// The change it made to the score (negative).
    pub adjustment: f64,
    /// What disagreed.
    pub detail: String,
}

/// The OFAC score of a candidate party against a query party, with its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityScore {
    /// The score in 0..=1: the best name score plus the qualifiers' adjustments, clamped.
    pub score: f64,
    /// The best name pair's score and explanation (`None` when a side has no name).
    pub name: Option<NameScore>,
    /// The query name of the best pair.
    pub query_name: Option<String>,
    /// The candidate name of the best pair.
    pub candidate_name: Option<String>,
    /// The qualifiers that moved the score, in the order they were applied.
    pub qualifiers: Vec<QualifierHit>,
    /// A one-line account of the above.
    pub detail: String,
}

/// Score a candidate party against a query party: the best OFAC name score over every query
/// name and candidate name, lowered by the qualifiers that apply.
///
/// When no name pair scores above 0, or the schemata cannot describe the same party, the score
/// is 0 and the qualifiers are not looked at.
///
/// ```
/// use ce2_screen::ofac::{entity_score, Profile, Qualifier, Schema};
///
/// let query = Profile {
///     schema: Schema::Person,
///     names: vec!["KIM JONG UN".into()],
///     birth_dates: vec!["1984-01-08".into()],
///     ..Profile::default()
/// };
/// let listed = Profile {
///     schema: Schema::Person,
///     names: vec!["KIM, Jong Man".into(), "KIM CHONG MAN".into()],
///     birth_dates: vec!["1956".into()],
///     ..Profile::default()
/// };
/// let s = entity_score(&query, &listed);
/// assert_eq!(s.candidate_name.as_deref(), Some("KIM, Jong Man"));
/// assert_eq!(s.qualifiers[0].qualifier, Qualifier::DobYearDisjoint);
/// assert!((s.score - 0.9).abs() < 1e-9);
/// ```
pub fn entity_score(query: &Query, candidate: &Candidate) -> EntityScore {
    let mut out = EntityScore {
        score: 0.0,
        name: None,
        query_name: None,
        candidate_name: None,
        qualifiers: Vec::new(),
        detail: String::new(),
    };
    if !query.schema.compatible(candidate.schema) {
        out.detail = format!(
            "0: a {:?} cannot be a {:?}; names not compared",
            query.schema, candidate.schema
        );
        return out;
    }
    let qs: Vec<Prepared> = query.names.iter().map(|n| Prepared::new(n)).collect();
    let cs: Vec<Prepared> = candidate.names.iter().map(|n| Prepared::new(n)).collect();
    let mut best: Option<(usize, usize, Raw)> = None;
    for (i, q) in qs.iter().enumerate() {
        for (j, c) in cs.iter().enumerate() {
            let r = compare(q, c);
            if best.as_ref().is_none_or(|b| r.percent > b.2.percent) {
                best = Some((i, j, r));
            }
        }
    }
    let Some((i, j, raw)) = best else {
        out.detail = "0: no name to compare on one side".to_string();
        return out;
    };
    let name = explain(&qs[i], &cs[j], &raw);
    out.query_name = Some(query.names[i].clone());
    out.candidate_name = Some(candidate.names[j].clone());
    let name_score = name.score;
    out.name = Some(name);
    if name_score <= 0.0 {
        out.detail = format!(
            "0: no name pair passes OFAC's first-letter and edit-distance test (best pair {:?} / {:?}); qualifiers not applied",
            query.names[i], candidate.names[j]
        );
        return out;
    }

    out.qualifiers = qualifiers(query, candidate);
    let total = name_score + out.qualifiers.iter().map(|h| h.adjustment).sum::<f64>();
    out.score = total.clamp(0.0, 1.0);
    let mut detail = format!(
        "{:.2}: name {:.2} ({:?} / {:?}, {})",
        out.score,
        name_score,
        query.names[i],
        candidate.names[j],
        method_label(raw.method)
    );
    for h in &out.qualifiers {
        let _ = write!(
            detail,
            "; {} {:+.3} ({})",
            h.qualifier.name(),
            h.adjustment,
            h.detail
        );
    }
    if out.qualifiers.is_empty() {
        detail.push_str("; no qualifier applied");
    }
    out.detail = detail;
    out
}

// ---------------------------------------------------------------------------------------------
// Name comparison.

/// A name normalised once for both techniques.
struct Prepared {
    /// Upper case, spaces and punctuation removed except hyphens.
    whole: Vec<char>,
    /// Upper-case name parts.
    parts: Vec<Vec<char>>,
}

impl Prepared {
    fn new(name: &str) -> Prepared {
        let mut whole = Vec::new();
        let mut parts: Vec<Vec<char>> = Vec::new();
        let mut current: Vec<char> = Vec::new();
        for raw in name.chars().take(MAX_NAME_CHARS) {
            match class(raw) {
                CharClass::Letter => {
                    for up in raw.to_uppercase() {
                        whole.push(up);
                        current.push(up);
                    }
                }
                CharClass::Hyphen => {
                    whole.push('-');
                    if !current.is_empty() {
                        parts.push(std::mem::take(&mut current));
                    }
                }
                CharClass::Joiner => {}
                CharClass::Separator => {
                    if !current.is_empty() {
                        parts.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if !current.is_empty() {
            parts.push(current);
        }
        Prepared { whole, parts }
    }
}

enum CharClass {
    /// Kept: letters and digits of any script.
    Letter,
    /// Kept in the whole string, splits name parts.
    Hyphen,
    /// Deleted without splitting: apostrophes, full stops, invisible characters.
    Joiner,
    /// Deleted, splits name parts: spaces, commas, other punctuation.
    Separator,
}

fn class(c: char) -> CharClass {
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
            CharClass::Hyphen
        }
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{00B4}' | '.' => {
            CharClass::Joiner
        }
        // Zero-width characters, soft hyphen, byte-order mark, and control characters are
        // invisible: they must neither split a name nor stay in it.
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => CharClass::Joiner,
        c if c.is_control() => CharClass::Joiner,
        c if c.is_alphanumeric() => CharClass::Letter,
        // Accents typed as separate combining marks belong to the letter before them.
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}' => CharClass::Letter,
        _ => CharClass::Separator,
    }
}

/// The numbers behind one name comparison.
struct Raw {
    method: Method,
    percent: u8,
    whole: f64,
    whole_percent: u8,
    per_token: Option<(f64, u8)>,
    /// For each kept query part: its index and the index of its partner and the JW score.
    pairs: Vec<(usize, Option<usize>, f64)>,
    dropped: Vec<usize>,
}

fn compare(q: &Prepared, c: &Prepared) -> Raw {
    let mut raw = Raw {
        method: Method::Filtered,
        percent: 0,
        whole: 0.0,
        whole_percent: 0,
        per_token: None,
        pairs: Vec::new(),
        dropped: Vec::new(),
    };
    let retrieved = q
        .parts
        .iter()
        .any(|a| c.parts.iter().any(|b| may_pair(a, b)));
    if !retrieved {
        return raw;
    }

    raw.whole = jaro_winkler(&q.whole, &c.whole, WHOLE_PREFIX_MAX);
    raw.whole_percent = whole_percent(raw.whole);
    raw.method = Method::WholeString;
    raw.percent = raw.whole_percent;
    if q.parts.len() == 1 && c.parts.len() == 1 {
        return raw;
    }

    let keep_all = q.parts.iter().all(|p| p.len() <= SHORT_PART_MAX);
    let mut sum = 0.0;
    for (i, part) in q.parts.iter().enumerate() {
        if !keep_all && part.len() <= SHORT_PART_MAX {
            raw.dropped.push(i);
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for (j, other) in c.parts.iter().enumerate() {
            if !may_pair(part, other) {
                continue;
            }
            let s = jaro_winkler(part, other, PART_PREFIX_MAX);
            if s >= PART_FLOOR && best.is_none_or(|(_, b)| s > b) {
                best = Some((j, s));
            }
        }
        let s = best.map_or(0.0, |(_, s)| s);
        sum += s;
        raw.pairs.push((i, best.map(|(j, _)| j), s));
    }
    let mean = sum / raw.pairs.len() as f64;
    // SLS rounds this composite up: a mean of 92.5 shows as 93, 89.3 as 90.
    let percent = (mean * 100.0).ceil().clamp(0.0, 100.0) as u8;
    raw.per_token = Some((mean, percent));
    if percent > raw.percent {
        raw.percent = percent;
        raw.method = Method::PerToken;
    }
    raw
}

/// Whole-string similarity as SLS shows it: a whole percent, ties rounded to even.
fn whole_percent(jw: f64) -> u8 {
    (jw * 100.0).round_ties_even().clamp(0.0, 100.0) as u8
}

/// OFAC's pre-filter test for two name parts: same first letter and at least 50% similar by
/// Levenshtein distance over the longer part.
fn may_pair(a: &[char], b: &[char]) -> bool {
    match (a.first(), b.first()) {
        (Some(x), Some(y)) if x == y => {}
        _ => return false,
    }
    let longest = a.len().max(b.len());
    // similarity = 1 - d / longest >= 0.5  <=>  2d <= longest
    let budget = longest / 2;
    a.len().abs_diff(b.len()) <= budget && levenshtein_within(a, b, budget)
}

fn method_label(m: Method) -> &'static str {
    match m {
        Method::WholeString => "whole string",
        Method::PerToken => "per name part",
        Method::Filtered => "filtered",
    }
}

fn explain(q: &Prepared, c: &Prepared, raw: &Raw) -> NameScore {
    let text = |v: &[char]| v.iter().collect::<String>();
    let tokens: Vec<TokenMatch> = raw
        .pairs
        .iter()
        .map(|&(i, j, s)| TokenMatch {
            query: text(&q.parts[i]),
            candidate: j.map(|j| text(&c.parts[j])),
            jaro_winkler: s,
            soundex_agrees: j.is_some_and(|j| soundex(&q.parts[i]) == soundex(&c.parts[j])),
        })
        .collect();
    let dropped: Vec<String> = raw.dropped.iter().map(|&i| text(&q.parts[i])).collect();

    let mut detail = String::new();
    if raw.method == Method::Filtered {
        detail.push_str(
            "0: no query name part shares its first letter with, and is at least 50% similar by \
             edit distance to, a candidate name part; SLS would not list this candidate",
        );
    } else {
        let _ = write!(
            detail,
            "{} by {}; whole string {} / {}: JW {:.3} -> {}",
            raw.percent,
            method_label(raw.method),
            text(&q.whole),
            text(&c.whole),
            raw.whole,
            raw.whole_percent
        );
        match raw.per_token {
            None => detail.push_str("; one name part each side, so per part = whole string"),
            Some((mean, percent)) => {
                detail.push_str("; per part: ");
                for (k, t) in tokens.iter().enumerate() {
                    if k > 0 {
                        detail.push_str(", ");
                    }
                    match &t.candidate {
                        Some(other) => {
                            let _ = write!(
                                detail,
                                "{}~{} {:.3}{}",
                                t.query,
                                other,
                                t.jaro_winkler,
                                if t.soundex_agrees { " (soundex =)" } else { "" }
                            );
                        }
                        None => {
                            let _ = write!(detail, "{}~none 0", t.query);
                        }
                    }
                }
                if !dropped.is_empty() {
                    let _ = write!(detail, " (dropped as too short: {})", dropped.join(" "));
                }
                let _ = write!(detail, "; mean {mean:.3} -> {percent}");
            }
        }
    }
    NameScore {
        score: f64::from(raw.percent) / 100.0,
        method: raw.method,
        whole_string: raw.whole,
        per_token: raw.per_token.map(|(m, _)| m),
        tokens,
        dropped,
        detail,
    }
}

// ---------------------------------------------------------------------------------------------
// String metrics.

/// Jaro similarity with the standard matching window (half the longer string, less one).
fn jaro(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_taken = Flags::new(b.len());
    let mut a_taken = Flags::new(a.len());
    let mut matches = 0usize;
    for (i, &ch) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        if let Some(j) = (lo..hi).find(|&j| !b_taken.get(j) && b[j] == ch) {
            b_taken.set(j);
            a_taken.set(i);
            matches += 1;
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut half_transpositions = 0usize;
    let mut k = 0usize;
    for (i, &ch) in a.iter().enumerate() {
        if !a_taken.get(i) {
            continue;
        }
        while !b_taken.get(k) {
            k += 1;
        }
        if ch != b[k] {
            half_transpositions += 1;
        }
        k += 1;
    }
    let m = matches as f64;
    let t = half_transpositions as f64 / 2.0;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// Jaro-Winkler as SimMetrics computes it: the prefix bonus is always applied, with no 0.7
/// threshold on the Jaro score.
fn jaro_winkler(a: &[char], b: &[char], prefix_max: usize) -> f64 {
    let j = jaro(a, b);
    let prefix = a
        .iter()
        .zip(b)
        .take(prefix_max)
        .take_while(|(x, y)| x == y)
        .count();
    j + prefix as f64 * PREFIX_SCALE * (1.0 - j)
}

/// Whether the Levenshtein distance of `a` and `b` is at most `budget`.
fn levenshtein_within(a: &[char], b: &[char], budget: usize) -> bool {
    let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > budget {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= budget
}

/// American Soundex of a name part; letters outside A–Z are skipped, and a part without any
/// gives `0000`.
fn soundex(part: &[char]) -> [u8; 4] {
    fn code(c: char) -> u8 {
        match c {
            'B' | 'F' | 'P' | 'V' => b'1',
            'C' | 'G' | 'J' | 'K' | 'Q' | 'S' | 'X' | 'Z' => b'2',
            'D' | 'T' => b'3',
            'L' => b'4',
            'M' | 'N' => b'5',
            'R' => b'6',
            _ => 0,
        }
    }
    let mut out = [b'0'; 4];
    let mut letters = part.iter().copied().filter(char::is_ascii_uppercase);
    let Some(first) = letters.next() else {
        return out;
    };
    out[0] = first as u8;
    let mut n = 1;
    let mut last = code(first);
    for c in letters {
        if n == 4 {
            break;
        }
        let d = code(c);
        if d != 0 && d != last {
            out[n] = d;
            n += 1;
        }
        // H and W do not separate letters with the same code; vowels do.
        if c != 'H' && c != 'W' {
            last = d;
        }
    }
    out
}

/// A set of positions, on the stack for ordinary names.
enum Flags {
    Small(u128),
    Large(Vec<bool>),
}

impl Flags {
    fn new(len: usize) -> Flags {
        if len <= 128 {
            Flags::Small(0)
        } else {
            Flags::Large(vec![false; len])
        }
    }

    fn get(&self, i: usize) -> bool {
        match self {
            Flags::Small(bits) => (bits >> i) & 1 == 1,
            Flags::Large(v) => v[i],
        }
    }

    fn set(&mut self, i: usize) {
        match self {
            Flags::Small(bits) => *bits |= 1u128 << i,
            Flags::Large(v) => v[i] = true,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Qualifiers.

fn qualifiers(query: &Profile, candidate: &Profile) -> Vec<QualifierHit> {
    let mut hits = Vec::new();
    let hit = |q: Qualifier, share: f64, detail: String| QualifierHit {
        qualifier: q,
        adjustment: q.weight() * share,
        detail,
    };

    let qc = countries(&query.countries);
    let cc = countries(&candidate.countries);
    if !qc.is_empty() && !cc.is_empty() && !qc.iter().any(|c| cc.contains(c)) {
        hits.push(hit(
            Qualifier::CountryMismatch,
            1.0,
            format!("{} vs {}", qc.join(","), cc.join(",")),
        ));
    }

    let qy = years(&query.birth_dates);
    let cy = years(&candidate.birth_dates);
    if !qy.is_empty() && !cy.is_empty() && !qy.iter().any(|y| cy.contains(y)) {
        hits.push(hit(
            Qualifier::DobYearDisjoint,
            1.0,
            format!("born {} vs {}", qy.join(","), cy.join(",")),
        ));
    }

    let qd = days(&query.birth_dates);
    let cd = days(&candidate.birth_dates);
    if !qd.is_empty() && !cd.is_empty() && !qd.iter().any(|d| cd.contains(d)) {
        let flipped = qd
            .iter()
            .filter_map(|d| flip_day_month(d))
            .any(|f| cd.contains(&f));
        let (share, how) = if flipped {
            (0.5, "; equal with day and month swapped")
        } else {
            (1.0, "")
        };
        hits.push(hit(
            Qualifier::DobDayDisjoint,
            share,
            format!("born {} vs {}{how}", qd.join(","), cd.join(",")),
        ));
    }

    if let (Some(a), Some(b)) = (query.gender, candidate.gender) {
        if a != b {
            hits.push(hit(
                Qualifier::GenderMismatch,
                1.0,
                format!("{a:?} vs {b:?}"),
            ));
        }
    }

    if query.schema.is_organization() && candidate.schema.is_organization() {
        let qi = identifiers(&query.identifiers);
        let ci = identifiers(&candidate.identifiers);
        if !qi.is_empty() && !ci.is_empty() && !qi.iter().any(|i| ci.contains(i)) {
            let closest = qi
                .iter()
                .flat_map(|a| ci.iter().map(move |b| identifier_similarity(a, b)))
                .fold(0.0, f64::max);
            let share = 1.0 - closest;
            if share > 0.0 {
                hits.push(hit(
                    Qualifier::OrgIdDisjoint,
                    share,
                    format!("identifiers {} vs {}", qi.join(","), ci.join(",")),
                ));
            }
        }
    }
    hits
}

fn countries(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = values
        .iter()
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The ISO date `value` if it starts with `len` characters of the form YYYY-MM-DD.
fn date_prefix(value: &str, len: usize) -> Option<String> {
    let v = value.trim();
    let head = v.get(..len)?;
    let ok = head.char_indices().all(|(i, c)| match i {
        4 | 7 => c == '-',
        _ => c.is_ascii_digit(),
    });
    ok.then(|| head.to_string())
}

fn years(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = values.iter().filter_map(|v| date_prefix(v, 4)).collect();
    out.sort();
    out.dedup();
    out
}

fn days(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = values.iter().filter_map(|v| date_prefix(v, 10)).collect();
    out.sort();
    out.dedup();
    out
}

/// `1984-01-08` → `1984-08-01`: day and month are often swapped between sources.
fn flip_day_month(day: &str) -> Option<String> {
    Some(format!(
        "{}-{}-{}",
        day.get(..4)?,
        day.get(8..10)?,
        day.get(5..7)?
    ))
}

fn identifiers(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = values
        .iter()
        .map(|v| {
            v.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect::<String>()
        })
        .filter(|v| !v.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Similarity of two identifiers by edit distance, counted only above 0.7: `12345678` and
/// `12345679` are probably one number mistyped, not two registrations.
fn identifier_similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().take(MAX_NAME_CHARS).collect();
    let b: Vec<char> = b.chars().take(MAX_NAME_CHARS).collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 0.0;
    }
    let d = levenshtein(&a, &b);
    let ratio = 1.0 - d as f64 / longest as f64;
    if ratio > 0.7 {
        ratio
    } else {
        0.0
    }
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn jaro_winkler_textbook_values() {
        // Winkler's and Wikipedia's worked examples (prefix up to four).
        let table = [
            ("MARTHA", "MARHTA", 0.944, 0.961),
            ("DWAYNE", "DUANE", 0.822, 0.840),
            ("DIXON", "DICKSONX", 0.767, 0.813),
            ("ABC", "ABC", 1.0, 1.0),
            ("ABC", "XYZ", 0.0, 0.0),
            ("", "ABC", 0.0, 0.0),
        ];
        for (a, b, j, jw) in table {
            let (a, b) = (chars(a), chars(b));
            assert!((jaro(&a, &b) - j).abs() < 0.001, "jaro {a:?} {b:?}");
            assert!(
                (jaro_winkler(&a, &b, 4) - jw).abs() < 0.001,
                "jw {a:?} {b:?}"
            );
        }
    }

    #[test]
    fn prefix_bonus_without_threshold() {
        // Pure Jaro of these is below 0.7; SimMetrics still adds the prefix bonus.
        let (a, b) = (
            chars("VLADIMIRPUTIN"),
            chars("VLADIMIROVKAADVANCEDWEAPONSANDRESEARCHCOMPLEX"),
        );
        let j = jaro(&a, &b);
        assert!(j < 0.7);
        let expected = j + 5.0 * 0.1 * (1.0 - j);
        assert!((jaro_winkler(&a, &b, 5) - expected).abs() < 1e-12);
    }

    #[test]
    fn levenshtein_budget() {
        let table = [
            ("PUTIN", "PUNTI", 2),
            ("KITTEN", "SITTING", 3),
            ("", "ABC", 3),
            ("SAME", "SAME", 0),
        ];
        for (a, b, d) in table {
            let (a, b) = (chars(a), chars(b));
            assert_eq!(levenshtein(&a, &b), d);
            assert!(levenshtein_within(&a, &b, d));
            if d > 0 {
                assert!(!levenshtein_within(&a, &b, d - 1));
            }
        }
    }

    #[test]
    fn soundex_codes() {
        let table = [
            ("ROBERT", "R163"),
            ("RUPERT", "R163"),
            ("ASHCRAFT", "A261"),
            ("TYMCZAK", "T522"),
            ("PFISTER", "P236"),
            ("HUSSEIN", "H250"),
            ("LEE", "L000"),
            ("김", "0000"),
        ];
        for (name, code) in table {
            assert_eq!(&soundex(&chars(name)), code.as_bytes(), "{name}");
        }
    }

    #[test]
    fn normalisation() {
        let p = Prepared::new("O'Brien, J.P.  al-Husayni\u{200B}x");
        assert_eq!(p.whole.iter().collect::<String>(), "OBRIENJPAL-HUSAYNIX");
        let parts: Vec<String> = p.parts.iter().map(|p| p.iter().collect()).collect();
        assert_eq!(parts, ["OBRIEN", "JP", "AL", "HUSAYNIX"]);
    }

    #[test]
    fn schema_compatibility() {
        use Schema::*;
        assert!(Person.compatible(LegalEntity));
        assert!(Company.compatible(Organization));
        assert!(Unknown.compatible(Vessel));
        assert!(!Person.compatible(Vessel));
        assert!(!Person.compatible(Company));
        assert!(!LegalEntity.compatible(Airplane));
        assert!(!Vessel.compatible(Airplane));
    }

    #[test]
    fn dates() {
        assert_eq!(date_prefix("1984-01-08", 10).as_deref(), Some("1984-01-08"));
        assert_eq!(date_prefix("1984-01", 10), None);
        assert_eq!(date_prefix("1984-01", 4).as_deref(), Some("1984"));
        assert_eq!(date_prefix("c. 1984", 4), None);
        assert_eq!(date_prefix("19é4", 4), None);
        assert_eq!(flip_day_month("1984-01-08").as_deref(), Some("1984-08-01"));
    }
}
