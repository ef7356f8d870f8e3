//! Transliteration to Latin keys: Cyrillic, Greek, Hangul, Han, Arabic, Hebrew, Thai, kana,
//! Armenian and Georgian.
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
//!   family name apart (`习近平` → `xi jinping`). Japanese kanji and Korean hanja are read the
//!   same way: their Japanese and Sino-Korean readings need dictionaries that are not here.
//! * Arabic script: a simplified UNGEGN/ALA-LC romanisation with the unwritten short vowels
//!   supplied by syllable rules (`أحمد حسن` → `ahmad hasan`; see `translit/arabic.rs`).
//! * Hebrew: the consonants, and the vowels that `ו` `י` `ה` show (`יוסף` → `yosf`; see
//!   `translit/hebrew.rs`).
//! * Thai: RTGS-like, syllable by syllable (`สมชาย` → `somchai`; see `translit/thai.rs`).
//! * Kana: passport Hepburn (`やまだ たろう` → `yamada taro`; see `translit/kana.rs`).
//! * Armenian: ISO 9985 and BGN/PCGN in plain ASCII, `ու` → `u` and the word-initial `ye` and
//!   `vo` (`Բարակ Օբամա` → `barak obama`, `Երևան` → `yerevan`; see `translit/armenian.rs`).
//! * Georgian: the national system of 2002 in plain ASCII (`ბარაკ ობამა` → `barak obama`,
//!   `სააკაშვილი` → `saakashvili`; see `translit/georgian.rs`).
//!
//! Other scripts (Devanagari, Khmer, Ethiopic, …) are passed through as they are.
//!
//! Scripts that do not write all their vowels (Arabic, Hebrew) cannot give the spelling a list
//! uses (`محمد` is `mahmad`, listed as `Mohamed` or `Muhammad`): [`skeleton`] is the key that
//! compares such names with their Latin forms, by their consonants.

mod arabic;
mod armenian;
mod georgian;
mod hebrew;
mod kana;
mod thai;

/// A word read by one script's `push_word`, for that script's tests.
#[cfg(test)]
pub(crate) fn read_word(push_word: fn(&[char], &mut String), word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    push_word(&chars, &mut out);
    out
}

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

/// A test for the characters of a script read in runs, and the reader of such a run.
type RunReader = (fn(char) -> bool, fn(&[char], &mut String));

/// The reader of the script of `c`, for the scripts whose letters are read in context.
fn script_reader(c: char) -> Option<RunReader> {
    if arabic::is_arabic(c) {
        Some((arabic::is_arabic, arabic::push_word))
    } else if hebrew::is_hebrew(c) {
        Some((hebrew::is_hebrew, hebrew::push_word))
    } else if thai::is_thai(c) {
        Some((thai::is_thai, thai::push_word))
    } else if kana::is_kana(c) {
        Some((kana::is_kana, kana::push_word))
    } else if armenian::is_armenian(c) {
        Some((armenian::is_armenian, armenian::push_word))
    } else if georgian::is_georgian(c) {
        Some((georgian::is_georgian, georgian::push_word))
    } else {
        None
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
        if let Some((is_script, push)) = script_reader(c) {
            let start = i;
            while i < chars.len() && is_script(chars[i]) {
                i += 1;
            }
            push(&chars[start..i], out);
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
/// assert_eq!(latinize("Բարակ Օբամա"), "barak obama");
/// assert_eq!(latinize("ბარაკ ობამა"), "barak obama");
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

/// The consonant skeleton of a name: its Latin form ([`latinize`]) with the vowels and the
/// letters that are vowels or consonants by position taken out, so that a name written in a
/// script without short vowels (Arabic, Hebrew) compares with its Latin spellings, and Latin
/// spellings with each other, by what they agree on.
///
/// Word by word, on the Latin form:
///
/// * `x` is `ks`, `q` is `k`, `ck` is `k`, `ph` is `f`;
/// * `a e i o u` are dropped, and so are `w` and `y` except at the start of a word (the
///   letters `و ي ו י` are vowels or consonants by position);
/// * an `h` at the end of a word after a vowel is dropped (`Abdullah`, `Sarah`: the `ه ה` that
///   ends a word);
/// * a letter written twice in a row is written once (`Hassan`, `Muhammad`).
///
/// Words are separated by single spaces, and a word with no consonant left is dropped; as the
/// division into words differs between spellings (`Abdullah`, `عبد الله`), compare skeletons
/// with the spaces removed when the words do not line up.
///
/// The key is coarse by design: many different names share a skeleton (`Ali`, `Eli` and
/// `Al` are all `l`), so it is for telling that two writings may be one name, not for deciding
/// that they are.
///
/// ```
/// use ce2_names::skeleton;
/// assert_eq!(skeleton("محمد علي"), "mhmd l");
/// assert_eq!(skeleton("Mohamed Ali"), "mhmd l");
/// assert_eq!(skeleton("Muhammad Ali"), "mhmd l");
/// assert_eq!(skeleton("Khaled Mahmoud"), skeleton("خالد محمود"));
/// assert_eq!(skeleton("Aleksandr"), skeleton("Alexander"));
/// assert_eq!(skeleton("משה"), skeleton("Moshe"));
/// ```
pub fn skeleton(text: &str) -> String {
    // A word of small ASCII letters and digits is its own Latin form (a token's, most often).
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        let mut out = String::with_capacity(text.len());
        skeleton_word(text, &mut out);
        return out;
    }
    let latin = latinize(text);
    let mut out = String::with_capacity(latin.len());
    for word in latin.split(' ') {
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let body = out.len();
        skeleton_word(word, &mut out);
        if out.len() == body {
            out.truncate(start);
        }
    }
    out
}

fn skeleton_word(word: &str, out: &mut String) {
    // Most words are ASCII: read as they are, with no copy of their letters.
    if word.is_ascii() {
        skeleton_letters(word.as_bytes(), |b| char::from(*b), out);
    } else {
        let letters: Vec<char> = word.chars().collect();
        skeleton_letters(&letters, |c| *c, out);
    }
}

fn skeleton_letters<T>(letters: &[T], char_of: impl Fn(&T) -> char, out: &mut String) {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    // The last consonant written, while no vowel has come between: doubled letters once.
    let mut last: Option<char> = None;
    let push = |c: char, last: &mut Option<char>, out: &mut String| {
        if *last != Some(c) {
            out.push(c);
            *last = Some(c);
        }
    };
    let mut i = 0;
    while i < letters.len() {
        let c = char_of(&letters[i]);
        let next = letters.get(i + 1).map(&char_of);
        match c {
            _ if is_vowel(c) => last = None,
            'w' | 'y' if i > 0 => {}
            'x' => {
                push('k', &mut last, out);
                push('s', &mut last, out);
            }
            'q' => push('k', &mut last, out),
            'c' if next == Some('k') => {
                push('k', &mut last, out);
                i += 1;
            }
            'p' if next == Some('h') => {
                push('f', &mut last, out);
                i += 1;
            }
            'h' if next.is_none() && i > 0 && is_vowel(char_of(&letters[i - 1])) => {}
            _ => push(c, &mut last, out),
        }
        i += 1;
    }
}
