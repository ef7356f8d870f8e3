//! The Chinese layer: the syllable table, the pairs of writings in `tests/data/chinese_names.tsv`
//! (pinyin, Wade–Giles, Han), and the Chinese keys of tokens.

use ce2_names::chinese::{
    ambiguous_wade_giles, chinese_key, pinyin_syllables, same_reading, syllables, ChineseKey,
    System,
};
use ce2_names::{tokenize, NameKind, Script, TokenKind};

const PAIRS: &str = include_str!("data/chinese_names.tsv");

#[test]
fn pairs_of_writings() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in PAIRS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [expect, a, b] = cols[..] else {
            panic!(
                "line {}: three tab-separated columns expected: {line:?}",
                n + 1
            );
        };
        let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
        let got = same_reading(&wa, &wb);
        let wanted = match expect {
            "same" => true,
            "differ" => false,
            other => panic!("line {}: `same` or `differ`, not {other:?}", n + 1),
        };
        count += 1;
        if got != wanted {
            let key = |s: &str| chinese_key(s).map(|k| k.to_string());
            failures.push(format!(
                "line {}: {a} / {b}: expected {expect}; keys {:?} / {:?}",
                n + 1,
                key(a),
                key(b)
            ));
        }
    }
    assert!(count > 100, "only {count} pairs read");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_syllable_table() {
    let all = pinyin_syllables();
    assert_eq!(all.len(), 413);
    for s in ["a", "zhuang", "lü", "nüe", "er", "yo", "den", "rua"] {
        assert!(all.contains(&s), "{s}");
    }
    // No interjections: they would let single consonants parse.
    for s in ["m", "n", "ng", "hm", "hng"] {
        assert!(!all.contains(&s), "{s}");
        assert!(chinese_key(s).is_none(), "{s}");
    }
    // The Wade–Giles spellings that stand for more than one key once their apostrophes and
    // umlauts are gone, beyond what the key merges.
    let ambiguous: Vec<(&str, Vec<&str>)> = ambiguous_wade_giles()
        .into_iter()
        .map(|(s, r)| (s, r.to_vec()))
        .collect();
    assert_eq!(
        ambiguous,
        [
            ("o", vec!["e", "o"]),
            ("yu", vec!["you", "yu"]),
            ("mo", vec!["me", "mo"]),
            ("lo", vec!["lo", "luo"]),
        ]
    );
}

#[test]
fn words_cut_into_syllables() {
    let cases: &[(&str, &[&str], System)] = &[
        ("Jinping", &["jin", "ping"], System::Pinyin),
        ("Chin-p'ing", &["chin", "ping"], System::WadeGiles),
        ("Zhongnanhai", &["zhong", "nan", "hai"], System::Pinyin),
        ("Hsiao", &["hsiao"], System::WadeGiles),
        ("Xian", &["xian"], System::Pinyin),
        // Without the apostrophe, pinyin's rule: no syllable but the first starts with a vowel.
        ("Changan", &["chan", "gan"], System::Pinyin),
        ("Tzu", &["tzu"], System::WadeGiles),
    ];
    for (word, expected, system) in cases {
        let cut = syllables(word).unwrap_or_else(|| panic!("{word}: no syllables"));
        let spellings: Vec<&str> = cut.iter().map(|s| s.spelling()).collect();
        assert_eq!(spellings, *expected, "{word}");
        assert_eq!(cut[0].system(), *system, "{word}");
    }
    let hsu = &syllables("Hsü").unwrap()[0];
    assert_eq!(hsu.readings(), ["xu"]);
    let chu = &syllables("Chu").unwrap()[0];
    assert_eq!(chu.system(), System::Pinyin);
    assert_eq!(chu.readings(), ["chu"]);
    for word in [
        "Stevedoring",
        "International",
        "Green",
        "Kim",
        "Park",
        "",
        "-",
    ] {
        assert!(syllables(word).is_none(), "{word}");
    }
}

/// Words of other languages that read as Mandarin syllables: the key cannot tell, and says so
/// in its documentation; the scorer decides when to trust it.
#[test]
fn other_words_that_read_as_syllables() {
    for word in [
        "man", "sun", "long", "pen", "gun", "hang", "change", "Maria", "Ocean",
    ] {
        assert!(chinese_key(word).is_some(), "{word}");
    }
    for word in ["Green", "Trading", "Bank", "Korea", "Smith", "Olaf", "Kim"] {
        assert!(chinese_key(word).is_none(), "{word}");
    }
}

#[test]
fn ambiguous_spellings_keep_every_reading() {
    let readings = |s: &str| -> Vec<String> {
        chinese_key(s)
            .map(|k| k.readings().map(str::to_string).collect())
            .unwrap_or_default()
    };
    // Pinyin ju, Wade–Giles ju (pinyin ru).
    assert_eq!(readings("Ju"), ["ju", "ru"]);
    // Wade–Giles yu: pinyin you, and yü without its umlaut.
    assert_eq!(readings("Yu"), ["you", "yu"]);
    // Pinyin ye+nan, Wade–Giles yen+an (Yan'an).
    assert_eq!(readings("Yenan"), ["yanan", "yenan"]);
    assert_eq!(chinese_key("Hsi Chin-p'ing").map(|k| k.len()), Some(3));
}

#[test]
fn words_run_together() {
    let key = |s: &str| chinese_key(s).unwrap_or_else(|| panic!("{s}: no key"));
    for (joined, first, second) in [
        ("Jinping", "Chin", "p'ing"),
        ("Chinping", "Jin", "ping"),
        ("近平", "Chin", "ping"),
        ("Zedong", "Tse", "tung"),
        ("Xian", "Hsi", "an"),
        ("Yuping", "Yu", "Ping"),
    ] {
        let (j, a, b) = (key(joined), key(first), key(second));
        assert!(j.reads_as_joined(&a, &b), "{joined} ~ {first} {second}");
        let concat = ChineseKey::concat([&a, &b]).unwrap();
        assert!(concat.shares_reading(&j), "{joined} ~ {first} {second}");
    }
    for (joined, first, second) in [("Jinping", "Ping", "Chin"), ("Jinping", "Chin", "pin")] {
        let (j, a, b) = (key(joined), key(first), key(second));
        assert!(!j.reads_as_joined(&a, &b), "{joined} ~ {first} {second}");
    }
}

#[test]
fn tokens_carry_the_key() {
    let t = tokenize("Hsi Chin-p'ing", NameKind::Person);
    let keys: Vec<String> = t
        .iter()
        .map(|t| {
            t.chinese
                .as_ref()
                .map(|k| k.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(keys, ["xi", "jin", "bing"]);

    let han = tokenize("习近平", NameKind::Person);
    assert_eq!(han.len(), 2);
    assert_eq!(han[1].script, Script::Han);
    assert_eq!(
        han[1].chinese.as_ref().map(|k| k.to_string()).as_deref(),
        Some("jinbing")
    );

    // Symbols, legal forms, organisation types and initials carry none.
    let body = tokenize("Zhongguo Dandong Trading Co., Ltd.", NameKind::Organization);
    for t in &body {
        assert_eq!(t.chinese.is_some(), t.kind == TokenKind::Word, "{}", t.norm);
    }
    let initial = tokenize("Xi J.", NameKind::Person);
    assert_eq!(initial[1].kind, TokenKind::Initial);
    assert!(initial[1].chinese.is_none());
    let korea = tokenize("Choson Songri", NameKind::Organization);
    assert!(korea[0].symbol.is_some() && korea[0].chinese.is_none());
    // Other scripts carry none: Hangul has its own key.
    assert!(tokenize("김정은", NameKind::Person)
        .iter()
        .all(|t| t.chinese.is_none()));
}
