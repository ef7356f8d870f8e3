//! The name rules of the default algorithm, one row each: a query, a listed name, whether
//! they match at the default threshold, and the words the explanation must give.

use ce2_screen::{Algorithm, Ce2V1, Prepared, Query, Record};

fn prepared(schema: &str, name: &str) -> Prepared {
    Prepared::new(
        Record::from_query(&Query {
            schema: schema.into(),
            names: vec![name.into()],
            ..Query::default()
        })
        .expect("a valid query"),
    )
}

/// (schema, query, listed, match, explanation contains)
const CASES: &[(&str, &str, &str, bool, &str)] = &[
    // Abbreviations stand for adjacent words of the other name.
    (
        "Organization",
        "PLA",
        "People's Liberation Army",
        true,
        "abbreviation",
    ),
    (
        "Organization",
        "U.S. Department of State",
        "United States Department of State",
        true,
        "abbreviation",
    ),
    (
        "Organization",
        "Strategic Rocket Force of the Korean People's Army",
        "Strategic Rocket Force Command of KPA",
        true,
        "abbreviation",
    ),
    (
        "Person",
        "JC Juncker",
        "Jean-Claude Juncker",
        true,
        "abbreviation",
    ),
    // A name in Han characters read through the Sino-Korean reading of each character
    // (金 김, 正 정, 恩 은), then as any Korean name; only a reading that fits matches.
    (
        "Person",
        "金正恩",
        "Kim Jong Un",
        true,
        "read in Korean as 김정은",
    ),
    (
        "Person",
        "KIM Jong-un",
        "金正恩",
        true,
        "read in Korean as 김정은",
    ),
    ("Person", "金正恩", "Kim Jong Chol", false, ""),
    ("Person", "金正日", "Kim Jong Un", false, ""),
    ("Person", "朴正恩", "Kim Jong Un", false, ""),
    // A name in kanji read through the Japanese readings of its characters, in Hepburn, the
    // voiced sound of compounds (田 ta as da) and a long vowel written short (郎 rou as ro);
    // every character read, every letter spelled.
    (
        "Person",
        "山田太郎",
        "Yamada Taro",
        true,
        "read in Japanese as yama-da-ta-ro",
    ),
    (
        "Person",
        "Tanaka Hanako",
        "田中花子",
        true,
        "read in Japanese as ta-naka-hana-ko",
    ),
    (
        "Person",
        "Taro Yamada",
        "山田太郎",
        true,
        "read in Japanese",
    ),
    ("Person", "山田太郎", "Tanaka Taro", false, ""),
    ("Person", "田中花子", "Tanaka Hanae", false, ""),
    ("Person", "山田太郎", "Yamada Taro Ichiro", false, ""),
    ("Person", "山田太郎", "Kim Jong Un", false, ""),
    // A person's initials never stand for the whole name.
    ("Person", "N.N.", "Nursultan Nazarbayev", false, ""),
    // Spaces, particles and legal forms run together.
    (
        "Company",
        "vanderbilt corp",
        "van der bilt corp",
        true,
        "spaced differently",
    ),
    (
        "Company",
        "SiemensAG",
        "Siemens AG",
        true,
        "spaced differently",
    ),
    (
        "Person",
        "FridrichBuchenberg",
        "Friedrich Buchenberg",
        true,
        "nearly the same letters",
    ),
    // Korean names run together are the Korean layer's, letter for letter.
    ("Person", "KIM Yongchol", "Kim Yong Chol", true, ""),
    // Words of one stem, and words written short, in the names of bodies.
    (
        "Organization",
        "DAEWON INDUSTRIES",
        "DAEWON INDUSTRY COMPANY",
        true,
        "same stem",
    ),
    (
        "Organization",
        "DANDONG ZHICHENG METALLIC MATERIAL CO., LTD.",
        "DANDONG ZHICHENG METAL MATERIALS CO., LTD",
        true,
        "same stem",
    ),
    (
        "Company",
        "First Bank Int'l",
        "First International Bank",
        true,
        "abbreviated",
    ),
    // How a body is organised is translated freely; what it does is not.
    (
        "Organization",
        "KOREA ZINC INDUSTRIAL GROUP",
        "KOREA ZINC INDUSTRY GENERAL CORPORATION",
        true,
        "organisation types differ",
    ),
    (
        "Organization",
        "KOREA HAEYANG BANK",
        "KOREA HAEYANG TRADING CORPORATION",
        false,
        "organisation types differ",
    ),
    // In a chain of descent the order of the names is who is whose son.
    (
        "Person",
        "SALMAN BIN MUHAMMAD AL-RAWI",
        "MUHAMMAD BIN SALMAN AL-RAWI",
        false,
        "order of descent",
    ),
    (
        "Person",
        "bin Salman Mohammed",
        "Mohammed bin Salman",
        true,
        "",
    ),
    // The Arabic article: al or el, written or not.
    (
        "Person",
        "Bachar el-Assad",
        "Bashar al-Assad",
        true,
        "the article",
    ),
    // A slip of the keyboard keeps the length of the word.
    ("Person", "Tom Cook", "Tim Cook", true, "letters replaced"),
    (
        "Person",
        "Keir Starkey",
        "Keir Starmer",
        true,
        "letters replaced",
    ),
    ("Person", "Pedro Sancho", "Pedro Sanchez", false, ""),
    // A listed name contained whole in a longer one.
    (
        "Person",
        "ANJEM IFTIKHAR CHOUDARY MAHMOOD",
        "ANJEM CHOUDARY",
        true,
        "",
    ),
    (
        "Person",
        "SHAMSUDDIN MOHAMMED HAQQANI",
        "SHAMSUDDIN",
        false,
        "",
    ),
    // Short forms of given names.
    ("Person", "Ted Doe", "Theodore Doe", true, "short form"),
    (
        "Person",
        "Sasha Petrov",
        "Aleksandr Petrov",
        true,
        "short form",
    ),
    ("Person", "Ted Doe", "Edmund Doe", false, ""),
    // Korean syllables as said, and a body's name one vowel or final apart.
    ("Vessel", "AM NOK GANG", "AP ROK GANG", true, "as said"),
    (
        "Organization",
        "AMROGGANG DEVELOPMENT BANKING CORPORATION",
        "Amnokkang Development Bank",
        true,
        "as said",
    ),
    (
        "Organization",
        "KOREA HEUNGJIN TRADING COMPANY",
        "Korea Henjin Trading Co.",
        true,
        "one vowel or final apart",
    ),
    // Bodies' names in Hangul are translations, read through the glossary.
    (
        "Organization",
        "Korean People's Army",
        "조선인민군",
        true,
        "read as",
    ),
    (
        "Organization",
        "Ministry of Rocket Industry",
        "로케트공업부",
        true,
        "read as",
    ),
    (
        "Organization",
        "Korea Daesong Trading Company",
        "대성무역회사",
        true,
        "",
    ),
    (
        "Organization",
        "Ministry of Rocket Industry",
        "대성무역회사",
        false,
        "",
    ),
    // Transliteration: x for ks, n for ng in Chinese syllables, consonants across scripts.
    (
        "Person",
        "Александр Петров",
        "Alexander Petrov",
        true,
        "x for ks",
    ),
    (
        "Person",
        "TSANG Yung Yuan",
        "TSANG Yun Yuan",
        true,
        "n for ng",
    ),
    ("Person", "דוד", "David", true, "same consonants"),
    ("Person", "Αλέξανδρος", "Alexander", true, "Greek ending"),
    ("Person", "عبد الله", "Abdullah", true, "joined"),
    // Bodies: a stem extended, one word within a longer name, generic legal forms.
    (
        "Organization",
        "KOREA RYONHA MACHINERY JOINT VENTURE CORPORATION",
        "Ryonha Machine Tool",
        true,
        "extends",
    ),
    (
        "Organization",
        "COMMERCIAL BANK AGROSOYUZ",
        "AGROSOYUZ",
        true,
        "",
    ),
    (
        "Organization",
        "KOREA CHOLSAN GENERAL TRADING CORPORATION",
        "CHOLSON LLC",
        true,
        "legal forms differ",
    ),
    (
        "Company",
        "Deutsche Bank AG",
        "Deutsche Bank GmbH",
        false,
        "legal forms differ",
    ),
    // Letters doubled and swapped.
    ("Person", "MUN KYONG HWAAN", "MUN KYONG HWAN", true, ""),
    ("Person", "KIM SKO CHOL", "KIM SOK CHOL", true, "swapped"),
    ("Person", "HAN YYU-RO", "HAN YU-RO", true, "doubled"),
    // Numbered funds and sister ships: another number is a name to review, on the threshold.
    (
        "Company",
        "Carlyle Partners VII L.P.",
        "Carlyle Partners VIII L.P.",
        true,
        "NUM:7 / NUM:8",
    ),
    (
        "Vessel",
        "Zu Zag Bong 6",
        "Zu Zag Bong 5",
        true,
        "numbers differ",
    ),
    // Korean given names stay one unit: a different given name is another person.
    ("Person", "KIM Song Chol", "KIM Yong Chol", false, ""),
];

#[test]
fn name_rules() {
    let mut failures = Vec::new();
    for (schema, q, listed, expected, says) in CASES {
        let s = Ce2V1.score(&prepared(schema, q), &prepared(schema, listed));
        let matched = s.score >= Ce2V1.threshold();
        let summary = s.summary();
        if matched != *expected || !summary.contains(says) {
            failures.push(format!(
                "{q} ~ {listed}: expected match={expected} with {says:?}, got {summary}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The index finds a listed name behind letters swapped anywhere, a doubled letter, a Hangul
/// translation or the Korean reading of Han characters, so that the scorer ever sees the pair.
#[test]
fn the_index_finds_swapped_letters_and_translations() {
    let listed = |id: &str, schema: &str, name: &str| {
        let mut r = Record::from_query(&Query {
            schema: schema.into(),
            names: vec![name.into()],
            ..Query::default()
        })
        .unwrap();
        r.id = id.into();
        r
    };
    let index = ce2_screen::Index::new([
        listed("faiz", "Person", "FAIZ"),
        listed("walijan", "Person", "WALIJAN"),
        listed("kpa", "Organization", "조선인민군"),
        listed("other", "Person", "John Smith"),
        listed("kju", "Person", "金正恩"),
    ]);
    for (schema, q, expected) in [
        ("Person", "AFIZ", "faiz"),
        ("Person", "AWLIJAN", "walijan"),
        ("Organization", "Korean People's Army", "kpa"),
        ("Person", "Kim Jong Un", "kju"),
    ] {
        let query = Record::from_query(&Query {
            schema: schema.into(),
            names: vec![q.into()],
            ..Query::default()
        })
        .unwrap();
        let hits = index.screen(&query, &Ce2V1, Ce2V1.threshold(), 3);
        assert!(
            hits.first()
                .is_some_and(|h| h.record.id == expected && h.matched),
            "{q}: {:?}",
            hits.iter()
                .map(|h| (&h.record.id, h.scored.score))
                .collect::<Vec<_>>()
        );
    }
}
