//! Which writing system a name, or a word of it, is in.

/// A writing system, as far as screening cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (with or without diacritics).
    Latin,
    /// Korean Hangul, syllables or jamo.
    Hangul,
    /// Han characters (Chinese, Japanese kanji, Korean hanja).
    Han,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Arabic (and Persian, Urdu letters).
    Arabic,
    /// Hebrew (and Yiddish).
    Hebrew,
    /// Thai.
    Thai,
    /// Japanese kana: hiragana and katakana (kanji are [`Script::Han`]).
    Kana,
    /// Armenian.
    Armenian,
    /// Georgian (Mkhedruli and its Mtavruli capitals, and the ecclesiastical Asomtavruli and
    /// Nuskhuri).
    Georgian,
    /// Letters of any other script (Devanagari, Khmer, Ethiopic, …).
    Other,
    /// Letters of more than one script.
    Mixed,
    /// No letters at all: empty, digits, punctuation.
    None,
}

/// The script of one character; `Script::None` for what is not a letter (digits, marks,
/// punctuation, spaces).
pub fn char_script(c: char) -> Script {
    let u = c as u32;
    match u {
        0x0041..=0x005A | 0x0061..=0x007A => Script::Latin,
        _ if u < 0x00C0 => Script::None,
        0x00C0..=0x024F
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F
        | 0xFF21..=0xFF3A
        | 0xFF41..=0xFF5A
        | 0x0250..=0x02AF
            if crate::chars::is_alphabetic(c) =>
        {
            Script::Latin
        }
        0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xD7B0..=0xD7FF => {
            Script::Hangul
        }
        0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F
        | 0x3005
        | 0x3007 => Script::Han,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F
            if crate::chars::is_alphabetic(c) =>
        {
            Script::Cyrillic
        }
        0x0370..=0x03FF | 0x1F00..=0x1FFF if crate::chars::is_alphabetic(c) => Script::Greek,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF
            if crate::chars::is_alphabetic(c) =>
        {
            Script::Arabic
        }
        0x0590..=0x05FF | 0xFB1D..=0xFB4F if crate::chars::is_alphabetic(c) => Script::Hebrew,
        0x0E00..=0x0E7F if crate::chars::is_alphabetic(c) => Script::Thai,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F if crate::chars::is_alphabetic(c) => {
            Script::Kana
        }
        0x0530..=0x058F | 0xFB13..=0xFB17 if crate::chars::is_alphabetic(c) => Script::Armenian,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F if crate::chars::is_alphabetic(c) => {
            Script::Georgian
        }
        _ if crate::chars::is_alphabetic(c) => Script::Other,
        _ => Script::None,
    }
}

/// The script of a text: the one script all its letters are in, `Mixed` when they are in
/// several, `None` when it has no letters.
///
/// ```
/// use ce2_names::{script, Script};
/// assert_eq!(script("KIM Jong Un"), Script::Latin);
/// assert_eq!(script("김정은"), Script::Hangul);
/// assert_eq!(script("金正恩"), Script::Han);
/// assert_eq!(script("Ким Чен Ын"), Script::Cyrillic);
/// assert_eq!(script("משה"), Script::Hebrew);
/// assert_eq!(script("สมชาย"), Script::Thai);
/// assert_eq!(script("やまだ タロウ"), Script::Kana);
/// assert_eq!(script("Բարակ Օբամա"), Script::Armenian);
/// assert_eq!(script("ბარაკ ობამა"), Script::Georgian);
/// assert_eq!(script("Kim 김정은"), Script::Mixed);
/// assert_eq!(script("KIМ"), Script::Mixed); // Cyrillic М
/// assert_eq!(script("1718"), Script::None);
/// ```
pub fn script(text: &str) -> Script {
    let mut found = Script::None;
    for c in text.chars() {
        let s = char_script(c);
        if s == Script::None {
            continue;
        }
        if found == Script::None {
            found = s;
        } else if found != s {
            return Script::Mixed;
        }
    }
    found
}

/// The script of each whitespace-separated word of a text, in order.
///
/// ```
/// use ce2_names::{word_scripts, Script};
/// assert_eq!(word_scripts("Kim 김정은"), vec![("Kim", Script::Latin), ("김정은", Script::Hangul)]);
/// ```
pub fn word_scripts(text: &str) -> Vec<(&str, Script)> {
    text.split_whitespace().map(|w| (w, script(w))).collect()
}
