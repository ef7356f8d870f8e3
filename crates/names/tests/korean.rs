//! The Korean layer: syllable keys, the derived spelling table, the romanisation parser and
//! Korean names, on tables of spellings that must and must not share a key.

mod common;

use ce2_names::korean::{
    derivation_report, is_family_name, korean_key, korean_name, romanize, spellings,
    split_hangul_name, Coda, Jamo, Nucleus, Onset, Romanization, SyllableKey, SYLLABLE_COUNT,
};
use ce2_names::{tokenize, NameKind};

fn key(s: &str) -> Option<String> {
    korean_key(s).map(|k| k.flat().to_string())
}

#[test]
fn jamo_arithmetic_round_trips_every_syllable() {
    for i in 0..SYLLABLE_COUNT {
        let c = char::from_u32(0xAC00 + i).unwrap();
        let j = Jamo::of(c).unwrap();
        assert_eq!(j.to_char(), Some(c));
    }
    assert_eq!(Jamo::of('a'), None);
    assert_eq!(Jamo::of('\u{D7A4}'), None);
    let kim = Jamo::of('김').unwrap();
    assert_eq!((kim.initial, kim.vowel, kim.coda), (0, 20, 16));
}

#[test]
fn syllable_classes() {
    let cases: &[(char, Onset, Nucleus, Coda)] = &[
        ('김', Onset::K, Nucleus::I, Coda::M),
        ('정', Onset::C, Nucleus::O, Coda::Ng),
        ('청', Onset::C, Nucleus::O, Coda::Ng),
        ('쩡', Onset::C, Nucleus::O, Coda::Ng),
        ('은', Onset::None, Nucleus::O, Coda::N),
        ('리', Onset::None, Nucleus::I, Coda::None),
        ('이', Onset::None, Nucleus::I, Coda::None),
        ('류', Onset::None, Nucleus::Yo, Coda::None),
        ('로', Onset::N, Nucleus::O, Coda::None),
        ('노', Onset::N, Nucleus::O, Coda::None),
        ('니', Onset::N, Nucleus::I, Coda::None),
        ('최', Onset::C, Nucleus::We, Coda::None),
        ('혁', Onset::H, Nucleus::Yo, Coda::K),
        ('광', Onset::K, Nucleus::Wa, Coda::Ng),
        ('원', Onset::None, Nucleus::Wo, Coda::N),
        ('읽', Onset::None, Nucleus::I, Coda::K),
        ('없', Onset::None, Nucleus::O, Coda::P),
        ('옷', Onset::None, Nucleus::O, Coda::T),
    ];
    for &(c, onset, nucleus, coda) in cases {
        assert_eq!(
            SyllableKey::of_char(c),
            Some(SyllableKey {
                onset,
                nucleus,
                coda
            }),
            "{c}"
        );
    }
}

#[test]
fn romanisation_systems() {
    let cases: &[(&str, Romanization, &str)] = &[
        ("김정은", Romanization::Dprk, "kimjongun"),
        ("김정은", Romanization::McCuneReischauer, "kimjŏngŭn"),
        ("김정은", Romanization::Revised, "gimjeongeun"),
        ("최룡해", Romanization::Dprk, "choeryonghae"),
        ("최룡해", Romanization::McCuneReischauer, "ch'oeryonghae"),
        ("최룡해", Romanization::Revised, "choeryonghae"),
        ("평양", Romanization::Dprk, "phyongyang"),
        ("평양", Romanization::McCuneReischauer, "p'yŏngyang"),
        ("평양", Romanization::Revised, "pyeongyang"),
        ("박재경", Romanization::Dprk, "pakjaegyong"),
        ("박재경", Romanization::McCuneReischauer, "pakchaegyŏng"),
        ("신의주", Romanization::McCuneReischauer, "shinŭiju"),
        ("조선", Romanization::Revised, "joseon"),
        ("Kim 김", Romanization::Dprk, "Kim kim"),
    ];
    for &(hangul, system, expected) in cases {
        assert_eq!(romanize(hangul, system), expected, "{hangul} {system:?}");
    }
}

#[test]
fn the_table_is_derived_from_every_syllable_without_conflicts() {
    let report = derivation_report();
    assert_eq!(report.syllables, 11_172);
    println!(
        "derived {} spellings from {} syllables; {} conflicts",
        report.spellings,
        report.syllables,
        report.conflicts.len()
    );
    for c in &report.conflicts {
        println!("  conflict: {c:?}");
    }
    assert!(report.spellings > 10_000);
    assert!(report.conflicts.is_empty());
    // Every official spelling of every syllable reads back as that syllable's class.
    for i in (0..SYLLABLE_COUNT).step_by(7) {
        let c = char::from_u32(0xAC00 + i).unwrap();
        let expected = SyllableKey::of_char(c).unwrap().flat();
        for s in spellings(c).iter().filter(|s| s.official) {
            assert_eq!(key(&s.text), Some(expected.clone()), "{c} {}", s.text);
        }
    }
    let kim: Vec<String> = spellings('김').into_iter().map(|s| s.text).collect();
    for expected in ["kim", "gim"] {
        assert!(kim.contains(&expected.to_string()), "{kim:?}");
    }
}

/// Spellings that must share a key: the equivalence families of the lists.
#[test]
fn romanisations_of_one_syllable_share_a_key() {
    let families: &[&[&str]] = &[
        &["Kim", "Gim", "김", "KIM", "Keem"],
        &[
            "Ri", "Li", "Lee", "Yi", "I", "Rhee", "Rhie", "Ie", "리", "이",
        ],
        &["Pak", "Park", "Bak", "Back", "박"],
        &["Choe", "Choi", "Ch'oe", "CH’OE", "Choy", "최"],
        &[
            "Jong", "Chong", "Jeong", "Chung", "Cho'ng", "Chŏng", "Joung", "정", "청",
        ],
        &[
            "Chol", "Cheol", "Chul", "Ch'ol", "CH'O'L", "Ch'ŏl", "Tcheul", "철",
        ],
        &["Yong", "Young", "Yeong", "Yo'ng", "Ryong", "영", "용", "룡"],
        &["Hyok", "Hyeok", "Hyuk", "Hyo'k", "혁"],
        &["Kwang", "Gwang", "광"],
        &["Son", "Sun", "Seon", "Sohn", "So'n", "선", "손"],
        &["Un", "Eun", "Woon", "U'n", "Ŭn", "은", "운"],
        &["Ryu", "Yu", "Yoo", "Ryoo", "류", "유"],
        &["Rim", "Lim", "Im", "림", "임"],
        &["Ro", "No", "Noh", "Roh", "로", "노"],
        &["Ryom", "Yom", "Yeom", "Lyeom", "렴", "염"],
        &["Kyong", "Kyung", "Gyeong", "Kyo'ng", "경"],
        &["Song", "Seong", "Sung", "So'ng", "성"],
        &["Choson", "Chosun", "Joson", "Joseon", "Chosŏn", "조선"],
        &["Ahn", "An", "안"],
        &["Oh", "O", "오"],
        &["Kang", "Gang", "Kahng", "강"],
        &["Hwang", "Whang", "황"],
        &["Shin", "Sin", "신"],
        &["Kwon", "Gwon", "Kweon", "권"],
        &["Bong", "Pong", "봉"],
        &["Thaek", "Taek", "T'aek", "택"],
        &["Phyong", "Pyong", "P'yong", "Byong", "평", "병"],
        &["Hui", "Hee", "Heui", "Hy", "희"],
        &["Woo", "U", "Wu", "우"],
    ];
    let mut failures = Vec::new();
    for family in families {
        let keys: Vec<(String, Option<String>)> =
            family.iter().map(|s| (s.to_string(), key(s))).collect();
        let first = &keys[0].1;
        if first.is_none() {
            failures.push(format!("{} has no key", keys[0].0));
        }
        for (s, k) in &keys[1..] {
            if k != first {
                failures.push(format!("{s}: {k:?} vs {}: {first:?}", keys[0].0));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Syllables that the lists tell apart must keep different keys.
#[test]
fn different_syllables_keep_different_keys() {
    let pairs: &[(&str, &str)] = &[
        ("Kim", "Kang"),
        ("Kim", "Kum"),
        ("Chol", "Chun"),
        ("Chol", "Chon"),
        ("Jong", "Jin"),
        ("Jong", "Jang"),
        ("Yong", "Yang"),
        ("Yong", "Yon"),
        ("Song", "Sok"),
        ("Hyok", "Hyon"),
        ("Il", "In"),
        ("Nam", "Man"),
        ("Pak", "Paek"),
        ("Ri", "Ra"),
        ("Ri", "Ni"),
        ("Choe", "Cho"),
        ("Kwang", "Kang"),
        ("Won", "On"),
        ("Ho", "Hwa"),
        ("Su", "Sam"),
        ("Kyu", "Ku"),
    ];
    for (a, b) in pairs {
        assert!(key(a).is_some() && key(b).is_some(), "{a} {b}");
        assert_ne!(key(a), key(b), "{a} ~ {b}");
    }
}

#[test]
fn given_names_joined_hyphenated_or_spaced_give_one_key() {
    let groups: &[&[&str]] = &[
        &[
            "Jong Un",
            "Jong-un",
            "Jongun",
            "Jŏng-ŭn",
            "Jeongeun",
            "Chong-un",
            "정은",
        ],
        &[
            "Yong Chol",
            "Yong-Chol",
            "Yongchol",
            "Young-Cheol",
            "Young-Chul",
            "영철",
        ],
        &["Ryong Hae", "Ryong-hae", "Ryonghae", "Yonghae", "룡해"],
        &["Chun Il", "Chun-il", "Chunil", "춘일"],
        &["Ji Min", "Jimin", "Ji-min", "지민"],
        &["Hyon U", "Hyonu", "Hyeon-woo", "현우"],
        &["Kwang Il", "Kwangil", "Gwang-il", "광일"],
        &["Su Nam", "Sunam", "수남"],
        &[
            "Pyong Yang",
            "Pyongyang",
            "P'yŏngyang",
            "Phyongyang",
            "평양",
        ],
    ];
    let mut failures = Vec::new();
    for group in groups {
        let first = key(group[0]);
        assert!(first.is_some(), "{}", group[0]);
        for s in &group[1..] {
            if key(s) != first {
                failures.push(format!("{s}: {:?} vs {}: {first:?}", key(s), group[0]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn words_that_are_not_korean_have_no_key() {
    for word in [
        "Green",
        "Associated",
        "Vladimir",
        "David",
        "Tsang",
        "Leonard",
        "Smith",
        "Trading",
        "Frank",
        "Xavier",
        "Robert",
        "Christopher",
        "Mohammed",
        "xyz",
        "",
    ] {
        assert_eq!(key(word), None, "{word}");
    }
    // Short words of other languages can read as Korean: the key does not decide alone.
    assert!(key("Maria").is_some() && key("Watson").is_some());
    // Too long to be a name word: refused rather than parsed.
    assert_eq!(key(&"ka".repeat(40)), None);
}

#[test]
fn family_names() {
    for yes in [
        "Kim", "Gim", "김", "Ri", "Lee", "Yi", "Rhee", "리", "Pak", "Park", "Choe", "Choi", "Jang",
        "Chang", "Ryom", "Namgung", "남궁",
    ] {
        assert!(is_family_name(yes), "{yes}");
    }
    for no in ["Chol", "Hyok", "Sik", "Smith", "Green", "정은"] {
        assert!(!is_family_name(no), "{no}");
    }
    assert_eq!(split_hangul_name("김정은"), Some(("김", "정은")));
    assert_eq!(split_hangul_name("남궁민수"), Some(("남궁", "민수")));
    assert_eq!(split_hangul_name("리학철"), Some(("리", "학철")));
    assert_eq!(split_hangul_name("김"), None);
    assert_eq!(split_hangul_name("Kim"), None);
    // 정 (Jong) is a family name too; 철 (Chol) is not.
    let t = tokenize("Kim Yong Chol", NameKind::Person);
    assert!(t[0].is_korean_family_name());
    assert!(!t[2].is_korean_family_name());
}

#[test]
fn korean_names_match_across_scripts_systems_and_orders() {
    let same: &[&[&str]] = &[
        &[
            "KIM Jong Un",
            "Kim Jong-un",
            "Kim Jongun",
            "Kim Chŏng-ŭn",
            "Gim Jeong-eun",
            "김정은",
            "KIM, Jong Un",
        ],
        &[
            "KIM Yong Chol",
            "Kim Young-Cheol",
            "KIM Young-Chul",
            "Kim Yo'ng-ch'o'l",
            "김영철",
        ],
        &[
            "CHOE Ryong Hae",
            "CH'OE, Ryong-hae",
            "Choi Ryong-hae",
            "최룡해",
        ],
        &["RI Yong Ju", "LI Yong-ju", "Lee Yong Ju", "리용주"],
        &[
            "PAK Jae-gyong",
            "PAK Chae-Kyong",
            "Park Jae-kyung",
            "박재경",
        ],
        &["RYOM Yong", "Yom Yong", "Yeom Yeong", "렴영"],
        &["HAN JANG SU", "Chang-Su Han", "Han Jang-su"],
        &["DJANG Tcheul Hy", "JANG Cheul-hy", "JANG Chol-hy", "장철희"],
        &["KIM Su Gwang", "KIM Sou-Kwang", "KIM Soukwang", "김수광"],
    ];
    let name = |s: &str| korean_name(&tokenize(s, NameKind::Person));
    let mut failures = Vec::new();
    for group in same {
        let first = name(group[0]);
        assert!(first.is_some(), "{}", group[0]);
        for s in &group[1..] {
            if name(s) != first {
                failures.push(format!("{s}: {:?} vs {}: {first:?}", name(s), group[0]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Different persons of one family stay apart.
    let different: &[(&str, &str)] = &[
        ("KIM Yong Chol", "KIM Song Chol"),
        ("KIM Yong Chol", "KIM Yong Nam"),
        ("KIM Jong Un", "KIM Jong Il"),
        ("KIM Jong Un", "KIM Jong Nam"),
        ("RI Su Yong", "RI Yong Mu"),
        ("PAK Chun Il", "PAK Mun Il"),
        ("KIM Sok Chol", "KIM Sok Jin"),
    ];
    for (a, b) in different {
        assert_ne!(name(a), name(b), "{a} ~ {b}");
    }
    assert_eq!(name("Vladimir Putin"), None);
    assert_eq!(name(""), None);
}

/// The romanisations that the `name-variants` package gives for common Korean surnames and
/// given-name syllables (South Korean usage): how many share the Hangul's key.
#[test]
fn variant_package_romanisations_share_the_hangul_key() {
    let mut total = 0;
    let mut equal = 0;
    let mut failures = Vec::new();
    for file in [
        "sanctions/matching/name_variants_pkg/korean_surname_variants.csv",
        "sanctions/matching/name_variants_pkg/korean_given_name_variants.csv",
    ] {
        let Some(path) = common::shared_file(file) else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for row in reader.records().filter_map(Result::ok) {
            let (Some(hangul), Some(romanisations)) = (row.get(0), row.get(1)) else {
                continue;
            };
            let expected = key(hangul);
            for r in romanisations.split('|').filter(|r| !r.is_empty()) {
                total += 1;
                if key(r) == expected {
                    equal += 1;
                } else {
                    failures.push(format!("{hangul} {r}: {:?} vs {expected:?}", key(r)));
                }
            }
        }
    }
    let rate = equal as f64 / total.max(1) as f64;
    println!("name-variants romanisations with the Hangul's key: {equal}/{total} = {rate:.3}");
    for f in &failures {
        println!("  {f}");
    }
    assert!(total > 300);
    assert!(rate >= 0.9, "{rate:.3}");
}
