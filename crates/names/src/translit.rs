//! Transliteration to Latin keys: Cyrillic, Greek, Hangul and Han.
//!
//! The output is a comparison key, not a publication form: lower case ASCII where the script
//! is covered, words separated by single spaces.
//!
//! * Cyrillic: the BGN/PCGN-like spellings that the lists use for Russian names (`й` → `y`,
//!   `ю` → `yu`, `я` → `ya`, `х` → `kh`, `ц` → `ts`, `щ` → `shch`, hard and soft signs
//!   dropped), plus the Ukrainian letters (`є` → `ye`, `ї` → `yi`, `ґ` → `g`, and `г` → `h` in a
//!   word that has a Ukrainian-only letter) and the Serbian and Macedonian ones.
//! * Greek: ELOT 743-like (`θ` → `th`, `χ` → `ch`, `ψ` → `ps`, `ου` → `ou`, `αυ` → `av`).
//! * Hangul: the DPRK system as the lists write it (`김정은` → `kimjongun`; see
//!   [`crate::korean::romanize`]).
//! * Han: toneless Mandarin pinyin from the `pinyin` crate's table (the most common reading of
//!   each character); a word of two or three characters is read as a Chinese personal name,
//!   family name apart (`习近平` → `xi jinping`).
//!
//! Other scripts (Arabic, Hebrew, kana, Thai, …) are passed through as they are: the keys of
//! those names are left to the screening layer.

use pinyin::ToPinyin;

use crate::korean::{romanize, Romanization};
use crate::normalize::normalize;

fn cyrillic(c: char, ukrainian: bool) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => {
            if ukrainian {
                "h"
            } else {
                "g"
            }
        }
        'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' => {
            if ukrainian {
                "y"
            } else {
                "i"
            }
        }
        'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ў' => "w",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        'ђ' => "dj",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dz",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' => "dz",
        'қ' => "q",
        'ғ' => "gh",
        'ң' => "ng",
        'ү' | 'ұ' => "u",
        'ө' => "o",
        'һ' => "h",
        'ә' => "a",
        _ => return None,
    })
}

fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' => "i",
        'θ' => "th",
        'ι' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' => "o",
        _ => return None,
    })
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn is_hangul_syllable(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// Pinyin of one Han character, without tones; `None` when the table has no reading.
pub(crate) fn han_pinyin(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.plain())
}

/// Appends the pinyin of a run of Han characters, syllables joined; with `split_name`, a run of
/// two or three characters is read as a personal name, the family name as its own word.
fn push_han(run: &[char], split_name: bool, out: &mut String) {
    let as_name = split_name && (2..=3).contains(&run.len());
    for (i, &c) in run.iter().enumerate() {
        if as_name && i == 1 {
            out.push(' ');
        }
        match han_pinyin(c) {
            Some(p) => {
                for l in p.chars() {
                    // Pinyin ü (lü, nü) is written u in names.
                    out.push(if l == 'ü' { 'u' } else { l });
                }
            }
            None => out.push(c),
        }
    }
}

/// Transliterates one normalised word (no spaces). With `split_han_names`, a word of two or
/// three Han characters is read as a Chinese personal name and its family name is written as
/// a word of its own (the result then holds a space).
pub(crate) fn latinize_word(word: &str, split_han_names: bool, out: &mut String) {
    if word.is_ascii() {
        out.push_str(word);
        return;
    }
    let ukrainian = word.chars().any(|c| matches!(c, 'є' | 'ї' | 'ґ' | 'і'));
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_hangul_syllable(c) {
            let start = i;
            while i < chars.len() && is_hangul_syllable(chars[i]) {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            out.push_str(&romanize(&run, Romanization::Dprk));
            continue;
        }
        if is_han(c) {
            let start = i;
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            push_han(&chars[start..i], split_han_names, out);
            continue;
        }
        if let Some(s) = cyrillic(c, ukrainian) {
            out.push_str(s);
            i += 1;
            continue;
        }
        // Greek digraphs first.
        let next = chars.get(i + 1).copied();
        let digraph = match (c, next) {
            ('ο', Some('υ')) => Some("ou"),
            ('α', Some('υ')) => Some("av"),
            ('ε', Some('υ')) => Some("ev"),
            ('γ', Some('γ')) => Some("ng"),
            _ => None,
        };
        if let Some(d) = digraph {
            out.push_str(d);
            i += 2;
            continue;
        }
        if let Some(s) = greek(c) {
            out.push_str(s);
        } else {
            out.push(c);
        }
        i += 1;
    }
}

/// Normalises a name and transliterates it to Latin letters (see the module documentation).
///
/// ```
/// use ce2_names::latinize;
/// assert_eq!(latinize("Владимир Путин"), "vladimir putin");
/// assert_eq!(latinize("김정은"), "kimjongun");
/// assert_eq!(latinize("金正恩"), "jin zhengen");
/// assert_eq!(latinize("Νικόλαος"), "nikolaos");
/// assert_eq!(latinize("Kim Chŏng-ŭn"), "kim chong un");
/// ```
pub fn latinize(text: &str) -> String {
    let normalized = normalize(text);
    let mut out = String::with_capacity(normalized.len() * 2);
    let mut word_out = String::new();
    for word in normalized.split(' ') {
        word_out.clear();
        latinize_word(word, true, &mut word_out);
        // A word can transliterate to nothing (a lone hard sign).
        if word_out.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word_out);
    }
    out
}
