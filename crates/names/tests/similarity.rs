//! Similarity primitives and phonetic keys: known values, and agreement with `strsim` on
//! generated strings.

use ce2_names::phonetic::{metaphone, soundex};
use ce2_names::similarity::{
    damerau_levenshtein, damerau_levenshtein_bounded, jaro, jaro_winkler, jaro_winkler_simmetrics,
    levenshtein, levenshtein_bounded, levenshtein_similarity, JaroWinkler,
};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn known_values() {
    let jw: &[(&str, &str, f64)] = &[
        ("martha", "marhta", 0.961_111_111),
        ("dwayne", "duane", 0.84),
        ("dixon", "dicksonx", 0.813_333_333),
        ("kim jong un", "kim jong un", 1.0),
        ("", "", 1.0),
        ("abc", "", 0.0),
        ("abc", "xyz", 0.0),
    ];
    for &(a, b, expected) in jw {
        assert!(
            (jaro_winkler(a, b) - expected).abs() < 1e-6,
            "{a} {b}: {}",
            jaro_winkler(a, b)
        );
    }
    // The SimMetrics style adds the prefix bonus below 0.7 too.
    let (a, b) = ("kimxxxxx", "kimyyyyy");
    assert!(jaro(a, b) < 0.7);
    assert!(close(jaro_winkler(a, b), jaro(a, b)));
    assert!(jaro_winkler_simmetrics(a, b) > jaro(a, b));
    assert!(close(
        JaroWinkler::ALWAYS_PREFIX.similarity(a, b),
        jaro_winkler_simmetrics(a, b)
    ));

    let lev: &[(&str, &str, usize)] = &[
        ("kitten", "sitting", 3),
        ("", "", 0),
        ("", "abc", 3),
        ("chol", "cheol", 1),
        ("kim jong un", "kim jong il", 2),
        ("김정은", "김정일", 1),
    ];
    for &(a, b, d) in lev {
        assert_eq!(levenshtein(a, b), d, "{a} {b}");
        assert_eq!(levenshtein_bounded(a, b, d), Some(d), "{a} {b}");
        if d > 0 {
            assert_eq!(levenshtein_bounded(a, b, d - 1), None, "{a} {b}");
        }
    }
    assert_eq!(damerau_levenshtein("jnog", "jong"), 1);
    assert_eq!(levenshtein("jnog", "jong"), 2);
    assert_eq!(damerau_levenshtein_bounded("ca", "abc", 2), None);
    assert!(close(levenshtein_similarity("chol", "chul"), 0.75));
    assert!(close(levenshtein_similarity("", ""), 1.0));
}

/// A small deterministic generator, so that failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn word(&mut self, alphabet: &[char], max_len: u64) -> String {
        let len = self.next() % (max_len + 1);
        (0..len)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn agrees_with_strsim() {
    let alphabets: [&[char]; 3] = [
        &['a', 'b', 'c'],
        &['k', 'i', 'm', 'j', 'o', 'n', 'g', 'u', 'c', 'h', 'l'],
        &['김', '정', '은', 'a', 'é', 'ж'],
    ];
    let mut rng = Lcg(7);
    for alphabet in alphabets {
        for round in 0..4000 {
            // Mostly short words, some past the 64-character stack buffers.
            let max = if round % 50 == 0 { 90 } else { 12 };
            let a = rng.word(alphabet, max);
            let b = rng.word(alphabet, max);
            assert_eq!(
                levenshtein(&a, &b),
                strsim::levenshtein(&a, &b),
                "{a:?} {b:?}"
            );
            assert_eq!(
                damerau_levenshtein(&a, &b),
                strsim::osa_distance(&a, &b),
                "{a:?} {b:?}"
            );
            let d = strsim::levenshtein(&a, &b);
            let budget = (rng.next() % 6) as usize;
            let expected = (d <= budget).then_some(d);
            assert_eq!(
                levenshtein_bounded(&a, &b, budget),
                expected,
                "{a:?} {b:?} {budget}"
            );
            let o = strsim::osa_distance(&a, &b);
            assert_eq!(
                damerau_levenshtein_bounded(&a, &b, budget),
                (o <= budget).then_some(o),
                "{a:?} {b:?} {budget}"
            );
            assert!(
                (jaro(&a, &b) - strsim::jaro(&a, &b)).abs() < 1e-9,
                "jaro {a:?} {b:?}"
            );
            assert!(
                (jaro_winkler(&a, &b) - strsim::jaro_winkler(&a, &b)).abs() < 1e-9,
                "jaro-winkler {a:?} {b:?}: {} vs {}",
                jaro_winkler(&a, &b),
                strsim::jaro_winkler(&a, &b)
            );
        }
    }
}

#[test]
fn phonetic_keys() {
    let soundex_cases: &[(&str, &str)] = &[
        ("Robert", "R163"),
        ("Rupert", "R163"),
        ("Rubin", "R150"),
        ("Ashcraft", "A261"),
        ("Ashcroft", "A261"),
        ("Tymczak", "T522"),
        ("Pfister", "P236"),
        ("Honeyman", "H555"),
        ("Kim", "K500"),
        ("", ""),
        ("123", ""),
    ];
    for (word, expected) in soundex_cases {
        assert_eq!(soundex(word), *expected, "{word}");
    }
    let metaphone_cases: &[(&str, &str)] = &[
        ("Thompson", "0MPSN"),
        ("Thomas", "0MS"),
        ("Knight", "NT"),
        ("Wright", "RT"),
        ("Philips", "FLPS"),
        ("Xavier", "SFR"),
        ("Chong", "XNK"),
        ("Jong", "JNK"),
        ("Kim", "KM"),
        ("Schmidt", "SKMTT"),
        ("Ghana", "KN"),
        ("Science", "SNS"),
        ("Dumb", "TM"),
        ("", ""),
    ];
    for (word, expected) in metaphone_cases {
        assert_eq!(metaphone(word), *expected, "{word}");
    }
}
