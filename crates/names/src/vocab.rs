//! Words that are not name words: legal forms, organisation types, the name of Korea, stop
//! words, numbers. Each class is a [`Symbol`], so that `Ltd` and `Limited`, `Trading` and
//! `Muyok`, `Korea` and `Choson` compare equal as symbols rather than as letters.

use std::fmt;

/// A legal form: the words that state what kind of legal person an organisation is. Screening
/// may ignore them (a listed `… Trading Co., Ltd` is the same body as `… Trading`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalForm {
    /// Company, Co., Corporation, Corp., Hoesa (회사), 公司, 会社. The lists use Company and
    /// Corporation for the same body (`Korea Daesong Trading Company` a.k.a.
    /// `Korea Daesong Trading Corporation`), so they are one form.
    Company,
    /// Limited, Ltd, Ltda, 有限.
    Limited,
    /// LLC, OOO (Russian limited liability company), limited liability company.
    Llc,
    /// Inc., Incorporated.
    Inc,
    /// JSC, OJSC, CJSC, PJSC, OAO, ZAO, PAO, joint stock company.
    Jsc,
    /// PLC.
    Plc,
    /// GmbH.
    Gmbh,
    /// S.A. (only as the last word or before other legal forms).
    Sa,
    /// AG (likewise).
    Ag,
    /// B.V. (likewise).
    Bv,
    /// N.V. (likewise).
    Nv,
    /// Pte (Singapore private company).
    Pte,
    /// Pvt (private).
    Pvt,
    /// LLP.
    Llp,
    /// L.P., limited partnership (funds: Blackstone Capital Partners VII L.P.).
    Lp,
    /// SARL.
    Sarl,
    /// SRL.
    Srl,
    /// S.p.A. (only at the end).
    Spa,
    /// Free-zone forms: FZE, FZCO, FZC, FZ-LLC.
    Fz,
    /// Bhd, Sdn (Malaysian; only at the end).
    Bhd,
    /// K.K. (only at the end).
    Kk,
}

impl LegalForm {
    /// A short stable code (`LTD`, `CO`, …).
    pub fn code(self) -> &'static str {
        match self {
            LegalForm::Company => "CO",
            LegalForm::Limited => "LTD",
            LegalForm::Llc => "LLC",
            LegalForm::Inc => "INC",
            LegalForm::Jsc => "JSC",
            LegalForm::Plc => "PLC",
            LegalForm::Gmbh => "GMBH",
            LegalForm::Sa => "SA",
            LegalForm::Ag => "AG",
            LegalForm::Bv => "BV",
            LegalForm::Nv => "NV",
            LegalForm::Pte => "PTE",
            LegalForm::Pvt => "PVT",
            LegalForm::Llp => "LLP",
            LegalForm::Lp => "LP",
            LegalForm::Sarl => "SARL",
            LegalForm::Srl => "SRL",
            LegalForm::Spa => "SPA",
            LegalForm::Fz => "FZ",
            LegalForm::Bhd => "BHD",
            LegalForm::Kk => "KK",
        }
    }
}

/// An organisation type: words that say what an organisation does. Unlike legal forms they
/// tell bodies apart (`Korea Daesong Bank` is not `Korea Daesong Trading Company`), so
/// screening compares them as symbols rather than ignoring them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgType {
    /// Trading, Trade, Muyok (무역, 贸易), export and import.
    Trading,
    /// Bank, Banking, Unhaeng (은행, 银行).
    Bank,
    /// Shipping, SHPG, Haeun (해운, 航运, 海运).
    Shipping,
    /// Joint venture, joint operation, JV, J/V, Hapyong (합영, 合营).
    JointVenture,
    /// General, as in General Corporation (총회사: 총 + 회사).
    General,
    /// Group (集团).
    Group,
    /// Holding, Holdings.
    Holding,
    /// Insurance (보험, 保险).
    Insurance,
}

impl OrgType {
    /// A short stable code (`TRADING`, `BANK`, …).
    pub fn code(self) -> &'static str {
        match self {
            OrgType::Trading => "TRADING",
            OrgType::Bank => "BANK",
            OrgType::Shipping => "SHIPPING",
            OrgType::JointVenture => "JV",
            OrgType::General => "GENERAL",
            OrgType::Group => "GROUP",
            OrgType::Holding => "HOLDING",
            OrgType::Insurance => "INSURANCE",
        }
    }
}

/// What a non-name word stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    /// A legal form.
    LegalForm(LegalForm),
    /// An organisation type.
    OrgType(OrgType),
    /// Korea in the names of bodies: Korea, Korean, DPRK, Choson, Chosun, Joson, Joseon, 조선,
    /// 朝鲜, 朝鮮 (`Korea Daesong Bank` a.k.a. `Choson Taesong Unhaeng`).
    Korea,
    /// The value of a number or ordinal (`39`, `2nd`, `Second`, `Forty-Four`).
    Number(u64),
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Symbol::LegalForm(l) => write!(f, "LF:{}", l.code()),
            Symbol::OrgType(o) => write!(f, "ORG:{}", o.code()),
            Symbol::Korea => f.write_str("KOREA"),
            Symbol::Number(n) => write!(f, "NUM:{n}"),
        }
    }
}

/// A legal form word, and whether it counts only at the end of a name (two-letter forms that
/// are ordinary words elsewhere).
pub(crate) fn legal_form(word: &str) -> Option<(LegalForm, bool)> {
    use LegalForm::*;
    Some(match word {
        "co" | "company" | "companies" | "corp" | "corporation" | "hoesa" | "hoisa"
        | "compagnie" | "compania" | "companhia" | "cia" | "cie" | "회사" | "公司" | "会社"
        | "會社" => (Company, false),
        "ltd" | "limited" | "ltda" | "lmtd" | "有限" => (Limited, false),
        "llc" | "ooo" => (Llc, false),
        "inc" | "incorporated" => (Inc, false),
        "jsc" | "ojsc" | "cjsc" | "pjsc" | "oao" | "zao" | "pao" => (Jsc, false),
        "plc" => (Plc, false),
        "gmbh" => (Gmbh, false),
        "aktiengesellschaft" => (Ag, false),
        "pte" => (Pte, false),
        "pvt" => (Pvt, false),
        "llp" => (Llp, false),
        "lp" => (Lp, true),
        "sarl" => (Sarl, false),
        "srl" => (Srl, false),
        "fze" | "fzco" | "fzc" | "fzllc" => (Fz, false),
        "bhd" => (Bhd, false),
        "sa" => (Sa, true),
        "ag" => (Ag, true),
        "bv" => (Bv, true),
        "nv" => (Nv, true),
        "spa" => (Spa, true),
        "sdn" => (Bhd, true),
        "kk" => (Kk, true),
        _ => return None,
    })
}

/// An organisation type word.
pub(crate) fn org_type(word: &str) -> Option<OrgType> {
    use OrgType::*;
    Some(match word {
        "trading" | "trade" | "traders" | "muyok" | "mooyok" | "muyeok" | "무역" | "贸易"
        | "貿易" => Trading,
        "bank" | "banking" | "unhaeng" | "eunhaeng" | "은행" | "银行" | "銀行" => Bank,
        "shipping" | "shpg" | "haeun" | "해운" | "航运" | "航運" | "海运" | "海運" => {
            Shipping
        }
        "jv" | "hapyong" | "habyong" | "합영" | "합작" | "合营" | "合營" => JointVenture,
        "general" | "총" | "總" | "总" => General,
        "group" | "그룹" | "集团" | "集團" => Group,
        "holding" | "holdings" => Holding,
        "insurance" | "보험" | "保险" | "保險" => Insurance,
        _ => return None,
    })
}

/// Words for Korea in the names of bodies.
pub(crate) fn is_korea(word: &str) -> bool {
    matches!(
        word,
        "korea"
            | "korean"
            | "dprk"
            | "choson"
            | "chosun"
            | "joson"
            | "joseon"
            | "chosen"
            | "조선"
            | "朝鲜"
            | "朝鮮"
    )
}

/// Multi-word phrases, longest first: (words, what they are).
pub(crate) enum PhraseKind {
    Legal(LegalForm),
    Org(OrgType),
    Stop,
}

pub(crate) const PHRASES: &[(&[&str], PhraseKind)] = &[
    (
        &["export", "and", "import"],
        PhraseKind::Org(OrgType::Trading),
    ),
    (
        &["import", "and", "export"],
        PhraseKind::Org(OrgType::Trading),
    ),
    (
        &["limited", "liability", "company"],
        PhraseKind::Legal(LegalForm::Llc),
    ),
    (
        &["joint", "stock", "company"],
        PhraseKind::Legal(LegalForm::Jsc),
    ),
    (
        &["gesellschaft", "mit", "beschrankter", "haftung"],
        PhraseKind::Legal(LegalForm::Gmbh),
    ),
    (
        &["societatea", "cu", "raspundere", "limitata"],
        PhraseKind::Legal(LegalForm::Srl),
    ),
    (
        &["public", "limited", "company"],
        PhraseKind::Legal(LegalForm::Plc),
    ),
    (&["societe", "anonyme"], PhraseKind::Legal(LegalForm::Sa)),
    (&["sociedad", "anonima"], PhraseKind::Legal(LegalForm::Sa)),
    // Polish spółka z ograniczoną odpowiedzialnością, written sp. z o.o.: a limited liability
    // company.
    (&["sp", "z", "oo"], PhraseKind::Legal(LegalForm::Llc)),
    (&["sp", "z", "o", "o"], PhraseKind::Legal(LegalForm::Llc)),
    (
        &["joint", "venture"],
        PhraseKind::Org(OrgType::JointVenture),
    ),
    (
        &["joint", "operation"],
        PhraseKind::Org(OrgType::JointVenture),
    ),
    (&["j", "v"], PhraseKind::Org(OrgType::JointVenture)),
    (&["import", "export"], PhraseKind::Org(OrgType::Trading)),
    (&["export", "import"], PhraseKind::Org(OrgType::Trading)),
    (&["imp", "exp"], PhraseKind::Org(OrgType::Trading)),
    (&["exp", "imp"], PhraseKind::Org(OrgType::Trading)),
    (&["s", "a"], PhraseKind::Legal(LegalForm::Sa)),
    (&["m", "v"], PhraseKind::Stop),
];

/// Whether a word is the first word of one of the [`PHRASES`].
pub(crate) fn starts_phrase(word: &str) -> bool {
    matches!(
        word,
        "export"
            | "import"
            | "limited"
            | "joint"
            | "gesellschaft"
            | "societatea"
            | "public"
            | "societe"
            | "sociedad"
            | "sp"
            | "j"
            | "imp"
            | "exp"
            | "s"
            | "m"
    )
}

/// Stop words of organisation and vessel names.
pub(crate) fn is_org_stop(word: &str) -> bool {
    matches!(
        word,
        "of" | "the"
            | "and"
            | "for"
            | "in"
            | "at"
            | "on"
            | "a"
            | "de"
            | "la"
            | "le"
            | "les"
            | "du"
            | "des"
            | "del"
            | "der"
            | "die"
            | "das"
            | "und"
            | "y"
            | "et"
            | "mv"
    )
}

/// Particles and titles in personal names.
pub(crate) fn is_person_stop(word: &str) -> bool {
    matches!(
        word,
        "van"
            | "von"
            | "de"
            | "del"
            | "della"
            | "der"
            | "den"
            | "da"
            | "das"
            | "dos"
            | "du"
            | "la"
            | "le"
            | "bin"
            | "ibn"
            | "binti"
            | "bint"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "prof"
    )
}

/// The value of a Roman numeral of i, v and x in its canonical form (`iv`, `viii`, `xii`, up
/// to 39), as funds and trusts number themselves (Partners VII, Fund IV). `xi` is left out: it
/// is far more often the pinyin syllable (Xi'an, Xi Jinping) than eleven.
pub(crate) fn roman(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 6 || word == "xi" {
        return None;
    }
    let value = |c: u8| match c {
        b'i' => Some(1),
        b'v' => Some(5),
        b'x' => Some(10),
        _ => None,
    };
    let digits: Vec<u64> = word.bytes().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    let total = u64::try_from(total).ok().filter(|t| (1..40).contains(t))?;
    // Only the canonical spelling (iv, not iiii; ix, not viiii).
    let mut canonical = "x".repeat((total / 10) as usize);
    canonical.push_str(
        ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][(total % 10) as usize],
    );
    (canonical == word).then_some(total)
}

/// The value of an ordinal word or numeral (`first`, `2nd`, `3rd`, `10th`).
pub(crate) fn ordinal(word: &str) -> Option<u64> {
    let named = match word {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        _ => 0,
    };
    if named > 0 {
        return Some(named);
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(digits) = word.strip_suffix(suffix) {
            if !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit())
            {
                return digits.parse().ok();
            }
        }
    }
    None
}

/// What an English number word contributes to a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumberWord {
    /// Zero to nine.
    Unit(u64),
    /// Ten to nineteen.
    Teen(u64),
    /// Twenty, thirty, … ninety.
    Tens(u64),
    Hundred,
    Thousand,
}

/// An English number word, cardinal or ordinal, and whether it is an ordinal. `Fourty` is the
/// common misspelling of forty, and lists copy it.
fn number_word(word: &str) -> Option<(NumberWord, bool)> {
    use NumberWord::*;
    Some(match word {
        "zero" => (Unit(0), false),
        "one" => (Unit(1), false),
        "two" => (Unit(2), false),
        "three" => (Unit(3), false),
        "four" => (Unit(4), false),
        "five" => (Unit(5), false),
        "six" => (Unit(6), false),
        "seven" => (Unit(7), false),
        "eight" => (Unit(8), false),
        "nine" => (Unit(9), false),
        "first" => (Unit(1), true),
        "second" => (Unit(2), true),
        "third" => (Unit(3), true),
        "fourth" => (Unit(4), true),
        "fifth" => (Unit(5), true),
        "sixth" => (Unit(6), true),
        "seventh" => (Unit(7), true),
        "eighth" => (Unit(8), true),
        "ninth" => (Unit(9), true),
        "ten" => (Teen(10), false),
        "eleven" => (Teen(11), false),
        "twelve" => (Teen(12), false),
        "thirteen" => (Teen(13), false),
        "fourteen" => (Teen(14), false),
        "fifteen" => (Teen(15), false),
        "sixteen" => (Teen(16), false),
        "seventeen" => (Teen(17), false),
        "eighteen" => (Teen(18), false),
        "nineteen" => (Teen(19), false),
        "tenth" => (Teen(10), true),
        "eleventh" => (Teen(11), true),
        "twelfth" => (Teen(12), true),
        "thirteenth" => (Teen(13), true),
        "fourteenth" => (Teen(14), true),
        "fifteenth" => (Teen(15), true),
        "sixteenth" => (Teen(16), true),
        "seventeenth" => (Teen(17), true),
        "eighteenth" => (Teen(18), true),
        "nineteenth" => (Teen(19), true),
        "twenty" => (Tens(20), false),
        "thirty" => (Tens(30), false),
        "forty" | "fourty" => (Tens(40), false),
        "fifty" => (Tens(50), false),
        "sixty" => (Tens(60), false),
        "seventy" => (Tens(70), false),
        "eighty" => (Tens(80), false),
        "ninety" => (Tens(90), false),
        "twentieth" => (Tens(20), true),
        "thirtieth" => (Tens(30), true),
        "fortieth" | "fourtieth" => (Tens(40), true),
        "fiftieth" => (Tens(50), true),
        "sixtieth" => (Tens(60), true),
        "seventieth" => (Tens(70), true),
        "eightieth" => (Tens(80), true),
        "ninetieth" => (Tens(90), true),
        "hundred" => (Hundred, false),
        "hundredth" => (Hundred, true),
        "thousand" => (Thousand, false),
        "thousandth" => (Thousand, true),
        _ => return None,
    })
}

/// Whether a word is an English number word (`four`, `forty`, `first`, `hundred`).
pub(crate) fn is_number_word(word: &str) -> bool {
    number_word(word).is_some()
}

/// An English number written in words at the start of `words` (`forty four`, `twenty first`,
/// `three`, `one hundred and twelve`, `nineteen hundred`): its value and how many words it
/// takes. Only the ways English composes numbers are read: a unit after a ten (`forty four`,
/// `forty 4`; not `four forty`), `hundred` after a unit or a teen, `thousand` once, `and` after
/// `hundred` or `thousand` when a number follows, an ordinal only as the last word.
pub(crate) fn number_phrase(words: &[&str]) -> Option<(u64, usize)> {
    use NumberWord::*;
    let mut total = 0u64;
    let mut current = 0u64;
    let mut last: Option<NumberWord> = None;
    let mut after_and = false;
    let mut best = None;
    for (i, &w) in words.iter().enumerate() {
        if w == "and" && !after_and && matches!(last, Some(Hundred | Thousand)) {
            after_and = true;
            continue;
        }
        // A digit after a ten, as in `Forty 4`, is its unit.
        let digit = match w.as_bytes() {
            [d @ b'1'..=b'9'] if matches!(last, Some(Tens(_))) => {
                Some((Unit(u64::from(d - b'0')), false))
            }
            _ => None,
        };
        let Some((word, ordinal)) = digit.or_else(|| number_word(w)) else {
            break;
        };
        let fits = match (word, last) {
            (Unit(0), None) => true,
            (Unit(0), _) => false,
            (Unit(_), None | Some(Tens(_) | Hundred | Thousand)) => true,
            (Teen(_) | Tens(_), None | Some(Hundred | Thousand)) => true,
            (Hundred, Some(Unit(_) | Teen(_))) => !after_and && (1..100).contains(&current),
            (Thousand, Some(_)) => total == 0 && current > 0,
            _ => false,
        };
        if !fits {
            break;
        }
        match word {
            Unit(v) | Teen(v) | Tens(v) => current += v,
            Hundred => current *= 100,
            Thousand => {
                total = current * 1000;
                current = 0;
            }
        }
        after_and = false;
        last = Some(word);
        best = Some((total + current, i + 1));
        if ordinal {
            break;
        }
    }
    best
}

/// Hangul words of organisation names that are split off a longer word, longest first.
pub(crate) const HANGUL_ORG_SUFFIXES: &[&[&str]] = &[
    &["총", "회사"],
    &["회사"],
    &["무역"],
    &["은행"],
    &["해운"],
    &["합영"],
    &["합작"],
    &["그룹"],
    &["보험"],
];

/// Han words of organisation names that are split off a longer word.
pub(crate) const HAN_ORG_SUFFIXES: &[&[&str]] = &[
    &["有限", "公司"],
    &["公司"],
    &["会社"],
    &["會社"],
    &["集团"],
    &["集團"],
    &["贸易"],
    &["貿易"],
    &["银行"],
    &["銀行"],
    &["航运"],
    &["航運"],
    &["海运"],
    &["海運"],
    &["合营"],
    &["合營"],
    &["保险"],
];

/// Korea at the start of a Hangul or Han organisation word (조선무역 → 조선 + 무역).
pub(crate) const KOREA_PREFIXES: &[&str] = &["조선", "朝鲜", "朝鮮"];

/// Two-character Chinese family names.
pub(crate) const HAN_COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "南宫", "南宮",
    "鲜于", "鮮于", "独孤", "獨孤", "司空", "令狐", "慕容", "夏侯", "尉迟", "尉遲", "公孙", "公孫",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_in_canonical_form_only() {
        for (word, value) in [
            ("ii", Some(2)),
            ("iv", Some(4)),
            ("vii", Some(7)),
            ("viii", Some(8)),
            ("ix", Some(9)),
            ("xii", Some(12)),
            ("xx", Some(20)),
            ("xxxix", Some(39)),
        ] {
            assert_eq!(roman(word), value, "{word}");
        }
        for word in ["xi", "iiii", "vv", "ic", "xl", "mix", "", "v1"] {
            assert_eq!(roman(word), None, "{word}");
        }
    }

    #[test]
    fn the_phrase_starters_are_the_first_words_of_the_phrases() {
        for (words, _) in PHRASES {
            assert!(starts_phrase(words[0]), "{words:?}");
        }
        for word in [
            "export",
            "import",
            "limited",
            "joint",
            "gesellschaft",
            "societatea",
            "public",
            "societe",
            "sociedad",
            "sp",
            "j",
            "imp",
            "exp",
            "s",
            "m",
        ] {
            assert!(PHRASES.iter().any(|(w, _)| w[0] == word), "{word}");
        }
    }
}
