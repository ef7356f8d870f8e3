//! Bad input: empty names, 10,000-character names, control and zero-width characters,
//! combining marks, mixed scripts, random code points. Nothing may panic, and what comes out
//! must still be sensible.

use std::time::Instant;

use ce2_names::korean::{korean_key, korean_name};
use ce2_names::phonetic::{metaphone, soundex};
use ce2_names::similarity::{damerau_levenshtein_bounded, jaro_winkler, levenshtein_bounded};
use ce2_names::{latinize, normalize, script, tokenize, NameKind};

const KINDS: [NameKind; 4] = [
    NameKind::Person,
    NameKind::Organization,
    NameKind::Vessel,
    NameKind::Other,
];

/// Runs everything on one input and checks the invariants of the outputs.
fn exercise(input: &str) {
    let n = normalize(input);
    assert_eq!(n.trim(), n, "{input:?}: untrimmed {n:?}");
    assert!(!n.contains("  "), "{input:?}: double space in {n:?}");
    assert!(
        !n.chars().any(|c| c.is_control()
            || matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x206F | 0xFEFF | 0x00AD)),
        "{input:?}: invisible character left in {n:?}"
    );
    assert!(
        !n.chars().any(|c| c.is_uppercase()),
        "{input:?}: upper case left in {n:?}"
    );
    assert_eq!(normalize(&n), n, "{input:?}: not idempotent");
    let l = latinize(input);
    assert!(!l.contains("  "), "{input:?}: double space in {l:?}");
    let _ = script(input);
    for kind in KINDS {
        for t in tokenize(input, kind) {
            assert!(!t.norm.is_empty(), "{input:?}: empty token");
            assert!(!t.norm.starts_with(' ') && !t.norm.ends_with(' '));
            let _ = t.key();
            if let Some(k) = &t.korean {
                assert!(!k.flat().is_empty());
            }
        }
        let _ = korean_name(&tokenize(input, kind));
    }
    let _ = korean_key(input);
    let _ = soundex(input);
    let _ = metaphone(input);
    let _ = jaro_winkler(input, "kim jong un");
    let _ = levenshtein_bounded(input, "kim jong un", 3);
    let _ = damerau_levenshtein_bounded(input, "kim jong un", 3);
}

#[test]
fn empty_and_blank() {
    for input in [
        "",
        " ",
        "\t\n\r",
        "\u{200B}",
        "-",
        "...",
        "'",
        "’’’",
        "&",
        "( )",
        "\u{0301}",
    ] {
        exercise(input);
        assert!(tokenize(input, NameKind::Person).len() <= 1, "{input:?}");
    }
    assert_eq!(normalize(""), "");
    assert!(tokenize("", NameKind::Organization).is_empty());
    assert_eq!(korean_key(""), None);
}

#[test]
fn control_and_invisible_characters() {
    let mut all_controls = String::new();
    for u in (0u32..0x20).chain(0x7F..0xA0) {
        all_controls.push(char::from_u32(u).unwrap());
    }
    exercise(&all_controls);
    exercise(&format!("KIM{all_controls}JONG"));
    // Invisible characters do not let a listed name slip through.
    let hidden = "K\u{200B}I\u{200C}M J\u{2060}ONG U\u{FEFF}N\u{00AD}";
    exercise(hidden);
    assert_eq!(
        korean_name(&tokenize(hidden, NameKind::Person)),
        korean_name(&tokenize("Kim Jong Un", NameKind::Person))
    );
    let bidi = "\u{202E}KIM\u{202C} \u{2066}JONG\u{2069} UN";
    assert_eq!(normalize(bidi), "kim jong un");
}

#[test]
fn homoglyphs_do_not_hide_a_name() {
    for disguised in [
        "KIМ JОNG UN",
        "ΚΙΜ JΟΝG UΝ",
        "Кim Jоng Un",
        "ＫＩＭ ＪＯＮＧ ＵＮ",
        "𝐊𝐈𝐌 𝐉𝐎𝐍𝐆 𝐔𝐍",
    ] {
        exercise(disguised);
        assert_eq!(normalize(disguised), "kim jong un", "{disguised:?}");
    }
}

#[test]
fn combining_marks_and_mixed_scripts() {
    let inputs = [
        "a\u{0301}\u{0301}\u{0301}\u{0301}b",
        &"\u{0301}".repeat(1000),
        "김\u{0301}정은",
        "Kim김Jong정Un은",
        "金正恩Kim",
        "Ким Jong 김 金 محمد משה",
        "🙂 KIM 🙂 JONG 🙂",
        "\u{FFFF}\u{10FFFF}\u{E000}\u{FFFD}",
        "ㄱㅣㅁ ㅈㅓㅇ",
        "\u{1100}\u{1161}\u{11A8}\u{1100}",
        "Z̸̡̢̛̗̘̙̜̝̞̟̠̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡algo",
        "Cho 'n ' ' 'n' ng '",
        "S.A.S.A.S.A.",
        ".-.-.-",
        "Korea&&&&Trading",
    ];
    for input in inputs {
        exercise(input);
    }
    assert_eq!(normalize("a\u{0301}\u{0301}b"), "ab");
    assert_eq!(normalize(&"\u{0301}".repeat(1000)), "");
}

#[test]
fn very_long_names() {
    let long_inputs = [
        "KIM ".repeat(2500),
        "k".repeat(10_000),
        "김".repeat(10_000),
        "金".repeat(10_000),
        "Ж".repeat(10_000),
        "Kim-Jong-Un ".repeat(900),
        "a\u{200B}".repeat(5000),
        "'".repeat(10_000),
        "ch'o'l ".repeat(1500),
    ];
    for input in &long_inputs {
        let start = Instant::now();
        exercise(input);
        let elapsed = start.elapsed();
        assert!(
            elapsed.as_secs_f64() < 5.0,
            "{} chars took {elapsed:?}",
            input.chars().count()
        );
    }
    // A 10,000-letter word is not parsed as Korean (the parser refuses long words).
    assert_eq!(korean_key(&"ka".repeat(5000)), None);
    assert_eq!(tokenize(&"KIM ".repeat(2500), NameKind::Person).len(), 2500);
}

/// Random code points from every plane, in random mixes with separators.
#[test]
fn random_code_points() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let ranges: [(u32, u32); 10] = [
        (0x20, 0x7F),
        (0x80, 0x250),
        (0x300, 0x370),
        (0x370, 0x530),
        (0x600, 0x700),
        (0x1100, 0x1200),
        (0x2000, 0x2070),
        (0x3000, 0x3200),
        (0xAC00, 0xD7A4),
        (0x4E00, 0xA000),
    ];
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..len {
            let r = if next() % 20 == 0 {
                (0u32, 0x11_0000u32)
            } else {
                ranges[(next() % ranges.len() as u64) as usize]
            };
            let u = r.0 + (next() % u64::from(r.1 - r.0)) as u32;
            if let Some(c) = char::from_u32(u) {
                s.push(c);
            }
        }
        exercise(&s);
    }
}
