//! Pairs of names that the names layer reads alike, scored by the default algorithm: Chinese
//! names in pinyin, Wade–Giles and Han characters, Armenian and Georgian script, numbers in
//! words, possessives. One table row each: the pair, whether it must match, and what the
//! explanation must say.

use ce2_screen::{Algorithm, Ce2V1, Kind, Prepared, Record};

fn record(kind: Kind, name: &str) -> Record {
    let schema = match kind {
        Kind::Person => "Person",
        Kind::Vessel => "Vessel",
        _ => "Organization",
    };
    Record {
        id: String::new(),
        schema: schema.into(),
        kind,
        caption: name.into(),
        names: vec![name.into()],
        weak_names: vec![],
        birth_dates: vec![],
        countries: vec![],
        genders: vec![],
        ids: vec![],
        datasets: vec![],
    }
}

use Kind::{Organization as O, Person as P};

/// (kind, query, listed name, must match, a phrase the explanation must hold when it does).
const TABLE: &[(Kind, &str, &str, bool, &str)] = &[
    // Wade–Giles, with and without apostrophes, against pinyin; words joined or split.
    (
        P,
        "Hsi Chin-p'ing",
        "Xi Jinping",
        true,
        "same Chinese syllables",
    ),
    (P, "Hsi Chin-ping", "XI Jinping", true, "joined"),
    (P, "Mao Tse-tung", "Mao Zedong", true, "joined"),
    (
        P,
        "Teng Hsiao-p'ing",
        "Deng Xiaoping",
        true,
        "same Chinese syllables",
    ),
    (
        P,
        "Chou En-lai",
        "Zhou Enlai",
        true,
        "same Chinese syllables",
    ),
    (
        P,
        "Chiang Chieh-shih",
        "Jiang Jieshi",
        true,
        "same Chinese syllables",
    ),
    (
        P,
        "Chiang Ching-kuo",
        "JIANG Jingguo",
        true,
        "same Chinese syllables",
    ),
    (P, "Yüan Shih-k'ai", "Yuan Shikai", true, "joined"),
    // Han characters against Wade–Giles.
    (P, "习近平", "Hsi Chin-ping", true, "same Chinese syllables"),
    (P, "毛泽东", "Mao Tse-tung", true, "zedong≈tse tung joined"),
    (
        O,
        "Tan-tung Hung-hsiang Industrial Development Co., Ltd.",
        "Dandong Hongxiang Industrial Development Co Ltd",
        true,
        "joined",
    ),
    // Other syllables are other names.
    (P, "Chen Kai-shek", "Chiang Kai-shek", false, ""),
    (P, "Si Jinping", "Hsi Chin-ping", false, ""),
    (P, "Shih Chin-ping", "Xi Jinping", false, ""),
    (P, "Hsi Chin-peng", "Xi Jinping", false, ""),
    // Armenian and Georgian.
    (P, "Բարակ Օբամա", "Barack Obama", true, "obama≈obama equal"),
    (P, "ბარაკ ობამა", "Barack Obama", true, "obama≈obama equal"),
    (P, "Սերժ Սարգսյան", "Serzh Sargsyan", true, "equal"),
    (P, "მიხეილ სააკაშვილი", "Mikheil Saakashvili", true, "equal"),
    // Numbers in words are numbers in the names of bodies.
    (
        O,
        "Brigade Forty-Four",
        "Brigade 44",
        true,
        "brigade≈brigade",
    ),
    (
        O,
        "Brigade Fourty Four",
        "Brigade 44",
        true,
        "brigade≈brigade",
    ),
    (
        O,
        "Three Percenters",
        "3 Percenters",
        true,
        "percenters≈percenters",
    ),
    (
        O,
        "Twenty-First Century Trading",
        "21st Century Trading",
        true,
        "century≈century",
    ),
    // Another number: read from the words, compared, and the name left on the threshold for
    // review.
    (
        O,
        "Brigade Forty-Four",
        "Brigade 45",
        true,
        "NUM:44 / NUM:45",
    ),
    // A possessive is not part of the word.
    (
        O,
        "Deutsche Bank's AG",
        "Deutsche Bank AG",
        true,
        "deutsche≈deutsche",
    ),
    (P, "Patrick O'Brien", "Patrick OBrien", true, "equal"),
];

#[test]
fn pairs() {
    let mut failures = Vec::new();
    for (kind, query, listed, must_match, phrase) in TABLE {
        let s = Ce2V1.score(
            &Prepared::new(record(*kind, query)),
            &Prepared::new(record(*kind, listed)),
        );
        let matched = s.score >= Ce2V1.threshold();
        let explained = s.features.iter().any(|f| f.detail.contains(phrase));
        if matched != *must_match || (*must_match && !explained) {
            failures.push(format!("{query} ~ {listed}: {}", s.summary()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
