//! The romanisation systems, syllable by syllable.
//!
//! These are the rules that the spelling table is derived from: every Hangul syllable is put
//! through McCune–Reischauer, the Revised Romanization and the DPRK's own system, and the
//! outputs (after the crate's normalisation, which drops MR's breves and apostrophes as the
//! lists do) become spellings of that syllable. [`romanize`] exposes the same rules for whole
//! words.
//!
//! Sound changes across syllable boundaries (nasalisation, liaison) are left out: the lists
//! write names syllable by syllable (Kim Jong Un, not Kim Jŏngŭn), and the one change that does
//! matter there, the voicing of plain stops inside a word, is applied.

use super::jamo::*;

/// A Korean romanisation system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Romanization {
    /// The DPRK's official system (1992) as the UN, OFAC and EU lists write it: MR-like vowels
    /// without breves (ŏ → o, ŭ → u), `j` for ㅈ, `kh th ph` for the aspirates
    /// (`Phyongyang`, `Thaek`), plain stops voiced inside a word. 김정은 → `kimjongun`.
    Dprk,
    /// McCune–Reischauer with its breves and apostrophes: 김정은 → `kimjŏngŭn`, 최룡해 →
    /// `ch'oeryonghae`.
    McCuneReischauer,
    /// The South Korean Revised Romanization (2000): 김정은 → `gimjeongeun`.
    Revised,
}

/// All three systems, for derivations that take every one.
pub const SYSTEMS: [Romanization; 3] = [
    Romanization::Dprk,
    Romanization::McCuneReischauer,
    Romanization::Revised,
];

/// Whether a syllable ending in `coda` leaves the next plain stop voiced in MR and DPRK style
/// (after a vowel, n, l, m or ng; not after k, t, p).
fn voices_next(coda: Option<u8>) -> bool {
    match coda {
        None => false,
        Some(c) => !matches!(coda_of(c), Coda::K | Coda::T | Coda::P),
    }
}

/// The initial consonant of one syllable. `voiced` is true inside a word after a voiced sound.
pub(crate) fn initial(system: Romanization, j: Jamo, voiced: bool) -> &'static str {
    use Romanization::*;
    match (j.initial, system) {
        (I_G, Revised) => "g",
        (I_G, _) => {
            if voiced {
                "g"
            } else {
                "k"
            }
        }
        (I_GG, _) => "kk",
        (I_N, _) => "n",
        (I_D, Revised) => "d",
        (I_D, _) => {
            if voiced {
                "d"
            } else {
                "t"
            }
        }
        (I_DD, _) => "tt",
        (I_R, _) => "r",
        (I_M, _) => "m",
        (I_B, Revised) => "b",
        (I_B, _) => {
            if voiced {
                "b"
            } else {
                "p"
            }
        }
        (I_BB, _) => "pp",
        (I_S, McCuneReischauer) if matches!(j.vowel, V_I | V_WI) => "sh",
        (I_S, _) => "s",
        (I_SS, _) => "ss",
        (I_NULL, _) => "",
        (I_J, McCuneReischauer) => {
            if voiced {
                "j"
            } else {
                "ch"
            }
        }
        (I_J, _) => "j",
        (I_JJ, McCuneReischauer) => "tch",
        (I_JJ, _) => "jj",
        (I_CH, McCuneReischauer) => "ch'",
        (I_CH, _) => "ch",
        (I_K, McCuneReischauer) => "k'",
        (I_K, Dprk) => "kh",
        (I_K, Revised) => "k",
        (I_T, McCuneReischauer) => "t'",
        (I_T, Dprk) => "th",
        (I_T, Revised) => "t",
        (I_P, McCuneReischauer) => "p'",
        (I_P, Dprk) => "ph",
        (I_P, Revised) => "p",
        _ => "h",
    }
}

/// The vowel of one syllable.
pub(crate) fn vowel(system: Romanization, v: u8) -> &'static str {
    use Romanization::*;
    match (v, system) {
        (V_A, _) => "a",
        (V_AE, _) => "ae",
        (V_YA, _) => "ya",
        (V_YAE, _) => "yae",
        (V_EO, McCuneReischauer) => "ŏ",
        (V_EO, Dprk) => "o",
        (V_EO, Revised) => "eo",
        (V_E, _) => "e",
        (V_YEO, McCuneReischauer) => "yŏ",
        (V_YEO, Dprk) => "yo",
        (V_YEO, Revised) => "yeo",
        (V_YE, _) => "ye",
        (V_O, _) => "o",
        (V_WA, _) => "wa",
        (V_WAE, _) => "wae",
        (V_OE, _) => "oe",
        (V_YO, _) => "yo",
        (V_U, _) => "u",
        (V_WO, McCuneReischauer) => "wŏ",
        (V_WO, _) => "wo",
        (V_WE, _) => "we",
        (V_WI, _) => "wi",
        (V_YU, _) => "yu",
        (V_EU, McCuneReischauer) => "ŭ",
        (V_EU, Dprk) => "u",
        (V_EU, Revised) => "eu",
        (V_UI, McCuneReischauer) => "ŭi",
        (V_UI, _) => "ui",
        _ => "i",
    }
}

/// The final consonant of one syllable, by its sound class (all three systems agree).
pub(crate) fn coda(c: u8) -> &'static str {
    match coda_of(c) {
        Coda::None => "",
        Coda::K => "k",
        Coda::N => "n",
        Coda::T => "t",
        Coda::L => "l",
        Coda::M => "m",
        Coda::P => "p",
        Coda::Ng => "ng",
    }
}

/// Romanises one syllable. `previous_coda` is the final of the syllable before it in the
/// same word (`None` at the start of a word), which decides the voicing of plain stops.
pub fn romanize_syllable(system: Romanization, j: Jamo, previous_coda: Option<u8>) -> String {
    let mut s = String::with_capacity(6);
    s.push_str(initial(system, j, voices_next(previous_coda)));
    s.push_str(vowel(system, j.vowel));
    s.push_str(coda(j.coda));
    s
}

/// Romanises Hangul text in one system. Syllables of a word are joined; everything that is not
/// a precomposed Hangul syllable is copied as it is.
///
/// ```
/// use ce2_names::korean::{romanize, Romanization};
/// assert_eq!(romanize("김정은", Romanization::Dprk), "kimjongun");
/// assert_eq!(romanize("김정은", Romanization::Revised), "gimjeongeun");
/// assert_eq!(romanize("최룡해", Romanization::McCuneReischauer), "ch'oeryonghae");
/// ```
pub fn romanize(text: &str, system: Romanization) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut previous: Option<u8> = None;
    for c in text.chars() {
        match Jamo::of(c) {
            Some(j) => {
                out.push_str(&romanize_syllable(system, j, previous));
                previous = Some(j.coda);
            }
            None => {
                out.push(c);
                previous = None;
            }
        }
    }
    out
}
