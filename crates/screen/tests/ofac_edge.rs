//! Bad and unusual input for the `ofac` scorer: empty, tiny, huge, non-Latin, invisible characters — no panic, scores in 0..=1.

use std::time::{Duration, Instant};

use ce2_screen::ofac::{entity_score, name_score, Method, Profile, Schema};

fn long_names() -> Vec<String> {
    vec![
        "A".repeat(10_000),
        "KIM JONG UN ".repeat(834),
        "김정은".repeat(3_334),
        "-".repeat(10_000),
        " ".repeat(10_000),
        (0..10_000)
            .map(|i| char::from(b'A' + (i % 26) as u8))
            .collect(),
        "PUTIN".repeat(2_000),
    ]
}

fn odd_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "",
        " ",
        "   \t\n ",
        ",",
        "-",
        "'",
        ".",
        "...---,,,",
        "Z",
        "z",
        "A",
        "ß",
        "ﬁ",
        "İ",
        "KIM JONG UN",
        "KIM, Jong Un",
        "김정은",
        "김 정은",
        "金正恩",
        "Ким Чен Ын",
        "Владимир Путин",
        "محمد بن سلمان",
        "מוחמד",
        "कुमार",
        "กิม จองอึน",
        "KIM 정은",
        "Kim\u{200B}Jong\u{200D}Un",
        "\u{FEFF}KIM JONG UN",
        "KIM\u{0000}JONG\u{0007}UN\u{007F}",
        "Jose\u{0301} Mari\u{0301}a",
        "\u{0301}\u{0301}",
        "🙂 KIM 🙂",
        "🙂",
        "\u{FFFD}\u{FFFD}",
        "O'BRIEN – O’NEIL — Ch'oe",
        "12345",
        "JI SONG 6",
        "a-b-c-d-e-f-g-h",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.extend(long_names());
    names
}

fn check(query: &str, candidate: &str) {
    let s = name_score(query, candidate);
    assert!(
        s.score.is_finite() && (0.0..=1.0).contains(&s.score),
        "score {} for {:?} / {:?}",
        s.score,
        short(query),
        short(candidate)
    );
    assert!(s.whole_string.is_finite() && (0.0..=1.0 + 1e-12).contains(&s.whole_string));
    if let Some(t) = s.per_token {
        assert!(t.is_finite() && (0.0..=1.0 + 1e-12).contains(&t));
    }
    assert!(s.percent() <= 100);
    assert_eq!(
        s.method == Method::Filtered,
        s.score == 0.0 && s.tokens.is_empty()
    );
}

fn short(s: &str) -> String {
    s.chars().take(20).collect()
}

#[test]
fn every_odd_pair_scores_without_panic() {
    let names = odd_names();
    let start = Instant::now();
    for q in &names {
        for c in &names {
            check(q, c);
        }
    }
    // Names are cut at 1,000 characters, so even the 10,000-character pairs stay quick.
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn empty_and_blank_names_score_zero() {
    for (q, c) in [
        ("", ""),
        ("", "KIM JONG UN"),
        ("KIM JONG UN", ""),
        ("   ", "   "),
        ("...", "KIM"),
        ("\u{200B}", "\u{200B}"),
    ] {
        let s = name_score(q, c);
        assert_eq!(s.score, 0.0, "{q:?} / {c:?}");
        assert_eq!(s.method, Method::Filtered);
    }
}

#[test]
fn one_character_names() {
    assert_eq!(name_score("Z", "Z").percent(), 100);
    assert_eq!(name_score("z", "Z").percent(), 100);
    assert_eq!(name_score("A", "B").percent(), 0);
    // A single letter against a longer part with the same first letter: 50% similar needs
    // a part of at most two letters.
    assert_eq!(name_score("Z", "ZO").method, Method::WholeString);
    assert_eq!(name_score("Z", "ZOLLNER").method, Method::Filtered);
}

#[test]
fn same_script_names_compare() {
    assert_eq!(name_score("김정은", "김정은").percent(), 100);
    assert_eq!(
        name_score("Владимир Путин", "Путин Владимир").percent(),
        100
    );
    assert_eq!(name_score("金正恩", "金正恩").percent(), 100);
    assert_eq!(name_score("محمد بن سلمان", "محمد بن سلمان").percent(), 100);
    // Across scripts OFAC's method finds nothing: no transliteration here.
    assert_eq!(name_score("김정은", "KIM JONG UN").method, Method::Filtered);
    assert_eq!(name_score("金正恩", "KIM JONG UN").method, Method::Filtered);
}

#[test]
fn invisible_characters_do_not_split_or_hide_names() {
    let plain = name_score("KIMJONG UN", "KIMJONG UN");
    let hidden = name_score("KIM\u{200B}JONG UN", "KIMJONG UN");
    assert_eq!(plain.percent(), 100);
    assert_eq!(hidden.percent(), 100);
    assert_eq!(
        name_score("\u{FEFF}KIM JONG UN", "KIM, Jong Un").percent(),
        100
    );
    assert_eq!(
        name_score("KIM\u{0007} JONG UN", "KIM, Jong Un").percent(),
        100
    );
}

#[test]
fn long_names_are_cut_not_refused() {
    let long = "KIM JONG UN ".repeat(834);
    let s = name_score(&long, "KIM, Jong Un");
    // Every part of the query is found; the whole string is far longer than the listed name.
    assert_eq!(s.method, Method::PerToken);
    assert_eq!(s.percent(), 100);
}

#[test]
fn entity_edge_cases() {
    let empty = Profile::default();
    let named = Profile {
        names: vec!["KIM JONG UN".into()],
        ..Profile::default()
    };
    for (q, c) in [(&empty, &empty), (&empty, &named), (&named, &empty)] {
        let s = entity_score(q, c);
        assert_eq!(s.score, 0.0);
        assert!(s.name.is_none());
    }
    let odd = Profile {
        schema: Schema::Person,
        names: odd_names(),
        birth_dates: vec![
            "".into(),
            "19".into(),
            "1984-1-8".into(),
            "１９８４".into(),
            "9999-99-99".into(),
            "1984-01-08T00:00".into(),
        ],
        countries: vec!["".into(), " KP ".into(), "ÿ".into()],
        gender: None,
        identifiers: vec!["".into(), "—".into(), "x".repeat(5_000)],
    };
    let s = entity_score(&odd, &odd);
    assert!(s.score.is_finite() && (0.0..=1.0).contains(&s.score));
    let org = Profile {
        schema: Schema::Company,
        ..odd.clone()
    };
    let s = entity_score(&org, &org);
    assert!(s.score.is_finite() && (0.0..=1.0).contains(&s.score));
}
