//! Japanese kana (hiragana and katakana) to Latin in the Hepburn system as Japanese passports
//! write names: `し` → `shi`, `つ` → `tsu`, `じ` → `ji`, small `ゃ ゅ ょ` joining the
//! syllable before (`きょう` → `kyo`), `っ` doubling the next consonant (`まっちゃ` →
//! `matcha`), small vowels in katakana loans (`ティ` → `ti`, `ファ` → `fa`, `ウィ` → `wi`),
//! and long vowels not written (`おう`, `おお` → `o`, `うう` → `u`, `ー` dropped).
//!
//! Kanji are not kana: their Japanese readings need a dictionary and are not covered (they
//! are read as Han characters, in pinyin).

/// Whether `c` is a kana letter or sign that this module reads.
pub(crate) fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x309D..=0x309E | 0x30A1..=0x30FA | 0x30FC..=0x30FE)
}

/// The katakana syllables U+30A1 ァ to U+30FA ヺ, in order. Small kana are marked by a leading
/// `_` and handled by [`push_word`].
const KATAKANA: [&str; 90] = [
    "_a", "a", "_i", "i", "_u", "u", "_e", "e", "_o", "o", // ァ-オ
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", // カ-ゴ
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", // サ-ゾ
    "ta", "da", "chi", "ji", "_tsu", "tsu", "zu", "te", "de", "to", "do", // タ-ド
    "na", "ni", "nu", "ne", "no", // ナ-ノ
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo",
    "po", // ハ-ポ
    "ma", "mi", "mu", "me", "mo", // マ-モ
    "_ya", "ya", "_yu", "yu", "_yo", "yo", // ャ-ヨ
    "ra", "ri", "ru", "re", "ro", // ラ-ロ
    "_wa", "wa", "i", "e", "o", "n", // ヮ-ン
    "vu", "ka", "ke", "va", "vi", "ve", "vo", // ヴ-ヺ
];

fn syllable(c: char) -> &'static str {
    let mut u = c as u32;
    // Hiragana are the katakana 0x60 lower.
    if (0x3041..=0x3096).contains(&u) {
        u += 0x60;
    }
    match u {
        0x30A1..=0x30FA => KATAKANA[(u - 0x30A1) as usize],
        _ => "",
    }
}

/// Appends the Latin reading of one run of kana.
pub(crate) fn push_word(word: &[char], out: &mut String) {
    let mut syllables: Vec<String> = Vec::with_capacity(word.len());
    let mut double_next = false;
    for &c in word {
        let s = syllable(c);
        if s.is_empty() {
            // The long-vowel mark and the iteration marks: not written.
            continue;
        }
        if s == "_tsu" {
            double_next = true;
            continue;
        }
        let mut piece = if let Some(small) = s.strip_prefix('_') {
            match syllables.last_mut() {
                Some(prev) if small.starts_with('y') && prev.len() > 1 && prev.ends_with('i') => {
                    // きゃ → kya, しゃ → sha, ちゃ → cha, じゃ → ja.
                    prev.pop();
                    let v = &small[1..];
                    if prev.ends_with("sh") || prev.ends_with("ch") || prev.ends_with('j') {
                        prev.push_str(v);
                    } else {
                        prev.push_str(small);
                    }
                    continue;
                }
                Some(prev) if small.len() == 1 => {
                    // Small vowels: ファ → fa, ティ → ti, ウィ → wi, シェ → she.
                    if prev == "u" {
                        *prev = format!("w{small}");
                    } else if prev.ends_with(|ch: char| "aeiou".contains(ch)) && prev.len() > 1 {
                        prev.pop();
                        prev.push_str(small);
                    } else {
                        prev.push_str(small);
                    }
                    continue;
                }
                _ => small.to_string(),
            }
        } else {
            s.to_string()
        };
        if double_next {
            double_next = false;
            if piece.starts_with("ch") {
                piece.insert(0, 't');
            } else if let Some(f) = piece.chars().next().filter(|f| !"aeioun".contains(*f)) {
                piece.insert(0, f);
            }
        }
        // Long vowels: おう, おお → o; うう → u.
        if let Some(prev) = syllables.last() {
            let long = (piece == "u" && (prev.ends_with('o') || prev.ends_with('u')))
                || (piece == "o" && prev.ends_with('o'));
            if long {
                continue;
            }
        }
        syllables.push(piece);
    }
    for s in &syllables {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    fn read(s: &str) -> String {
        crate::translit::read_word(super::push_word, s)
    }

    #[test]
    fn hepburn() {
        for (kana, latin) in [
            ("やまだ", "yamada"),
            ("たろう", "taro"),
            ("タロウ", "taro"),
            ("きょうこ", "kyoko"),
            ("しんいち", "shinichi"),
            ("まっちゃ", "matcha"),
            ("ロッテ", "rotte"),
            ("おおの", "ono"),
            ("ゆうこ", "yuko"),
            ("じゅんいちろう", "junichiro"),
            ("ティ", "ti"),
            ("ファ", "fa"),
            ("ヴィ", "vi"),
            ("ウィ", "wi"),
            ("コーヒー", "kohi"),
            ("ジョン", "jon"),
            ("ー", ""),
            ("っ", ""),
            ("ゃ", "ya"),
        ] {
            assert_eq!(read(kana), latin, "{kana}");
        }
    }
}
