//! The Korean and Japanese readings of Han characters, for personal names written in hanja or
//! kanji: 金正恩 is Kim Jong Un read in Korean, 山田太郎 is Yamada Tarō read in Japanese.
//!
//! The readings are Unihan's (`readings.tsv`, made by `tools/gen_han_readings.py`): the
//! Sino-Korean reading of each character of KS X 1001 and of the Korean name hanja (`kHangul`:
//! 金 김 and 금), and the on and kun readings of the jōyō and jinmeiyō kanji (`kJapaneseOn`,
//! `kJapaneseKun`: 田 den, ten, ta, kari).
//!
//! * [`korean_readings`] writes a name of two to four characters in Hangul, once per
//!   combination of its characters' readings; the Korean layer ([`crate::korean`]) reads the
//!   Hangul from there.
//! * [`japanese_reading`] tells whether Latin words spell, in Hepburn, one reading of each
//!   character of a name in turn, the words starting and ending where characters do (Yamada
//!   Taro: yama, da, ta, ro). A character after the first may take the voiced sound that
//!   compounds give it (田 ta as da in Yamada: rendaku, k→g, s→z, sh→j, t→d, ch→j, ts→z,
//!   h→b or p); a long vowel may be written `ou`, `oo`, `oh` or with one vowel (郎 rou as ro,
//!   roo, roh, rou: a macron is gone after normalisation); `n` before b, m or p may be
//!   written m (Homma); a kun reading with its inflection may stand without it (正 tadashii
//!   as tada, 高 takai as taka).
//!
//! Neither knows the readings that only names use (nanori) nor which reading a given name
//! takes: a reading that fits says the Latin name *can* be that Han name, not that it is.
//!
//! ```
//! use ce2_names::han::{japanese_reading, korean_readings};
//! assert!(korean_readings("金正恩").contains(&"김정은".to_string()));
//! assert!(japanese_reading("山田太郎", &["yamada", "taro"]).is_some());
//! assert!(japanese_reading("田中花子", &["hanako", "tanaka"]).is_some());
//! assert!(japanese_reading("田中花子", &["yamada", "hanako"]).is_none());
//! ```

use std::sync::OnceLock;

use crate::fnv::FnvMap;

/// The readings, character by character.
const TABLE: &str = include_str!("readings.tsv");

/// Most Hangul writings [`korean_readings`] gives for one name.
pub const MAX_KOREAN_READINGS: usize = 16;

/// Longest Latin name, in bytes, that [`japanese_reading`] reads.
const MAX_LATIN: usize = 64;

/// The readings of one character.
#[derive(Default)]
struct Readings {
    /// Sino-Korean readings, in Hangul.
    hangul: Vec<&'static str>,
    /// Japanese readings: the on readings, the kun readings and the stems of inflected kun
    /// readings, each once.
    japanese: Vec<String>,
    /// How the Japanese readings may be written as the first character of a name and after
    /// it (see [`spellings`]), sorted; worked out when the character is first read.
    written: OnceLock<[Vec<String>; 2]>,
}

impl Readings {
    fn written(&self, first: bool) -> &[String] {
        let [at_first, after] = self.written.get_or_init(|| {
            [true, false].map(|first| {
                let mut forms = Vec::new();
                for reading in &self.japanese {
                    spellings(reading, first, &mut forms);
                }
                forms.sort();
                forms.dedup();
                forms
            })
        });
        if first {
            at_first
        } else {
            after
        }
    }
}

fn table() -> &'static FnvMap<char, Readings> {
    static TABLE_MAP: OnceLock<FnvMap<char, Readings>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        let mut map = FnvMap::default();
        for line in TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut columns = line.split('\t');
            let (Some(han), Some(hangul), Some(on), Some(kun)) = (
                columns.next().and_then(|c| c.chars().next()),
                columns.next(),
                columns.next(),
                columns.next(),
            ) else {
                continue;
            };
            let mut japanese: Vec<String> = Vec::new();
            let mut add = |r: &str| {
                if !r.is_empty() && !japanese.iter().any(|j| j == r) {
                    japanese.push(r.to_string());
                }
            };
            for r in on.split(' ') {
                add(r);
            }
            for r in kun.split(' ') {
                add(r);
                if let Some(stem) = kun_stem(r) {
                    add(stem);
                }
            }
            map.insert(
                han,
                Readings {
                    hangul: hangul.split(' ').filter(|h| !h.is_empty()).collect(),
                    japanese,
                    written: OnceLock::new(),
                },
            );
        }
        map
    })
}

/// A kun reading without its inflection, when it has one: a verb's last syllable (masaru,
/// masa), an adjective's `i` or `shii` (takai, taka; tadashii, tada). The stem keeps two
/// letters or more and ends in a vowel.
fn kun_stem(reading: &str) -> Option<&str> {
    let stem = match reading.strip_suffix("shii") {
        Some(s) => s,
        None => ["tsu", "ku", "gu", "su", "nu", "bu", "mu", "ru", "u", "i"]
            .iter()
            .find_map(|e| reading.strip_suffix(e))?,
    };
    let vowel_end = stem
        .bytes()
        .last()
        .is_some_and(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u'));
    (stem.len() >= 2 && vowel_end).then_some(stem)
}

/// The name written in Hangul through the Sino-Korean reading of each character, one string
/// per combination of readings (at most [`MAX_KOREAN_READINGS`], the first readings of the
/// first characters first); empty unless the name is two to four Han characters that all have
/// one.
///
/// ```
/// use ce2_names::han::korean_readings;
/// assert_eq!(korean_readings("金正恩"), ["금정은", "김정은"]);
/// assert!(korean_readings("金").is_empty());
/// assert!(korean_readings("Kim").is_empty());
/// ```
pub fn korean_readings(han: &str) -> Vec<String> {
    let chars: Vec<char> = han.chars().collect();
    if !(2..=4).contains(&chars.len()) {
        return Vec::new();
    }
    let t = table();
    let mut per_char: Vec<&[&str]> = Vec::with_capacity(chars.len());
    for c in &chars {
        match t.get(c) {
            Some(r) if !r.hangul.is_empty() => per_char.push(&r.hangul),
            _ => return Vec::new(),
        }
    }
    let mut out = vec![String::new()];
    for readings in per_char {
        let mut next = Vec::with_capacity(out.len() * readings.len());
        for prefix in &out {
            for r in readings {
                if next.len() < MAX_KOREAN_READINGS {
                    next.push(format!("{prefix}{r}"));
                }
            }
        }
        out = next;
    }
    out
}

/// The ways a reading may be written at a place in a name: as it is, voiced after the first
/// character (rendaku), with its long vowel written otherwise.
fn spellings(reading: &str, first: bool, out: &mut Vec<String>) {
    let mut forms = vec![reading.to_string()];
    if !first {
        for (plain, voiced) in [
            ("sh", &["j"][..]),
            ("ch", &["j"]),
            ("ts", &["z"]),
            ("k", &["g"]),
            ("s", &["z"]),
            ("t", &["d"]),
            ("h", &["b", "p"]),
            ("f", &["b", "p"]),
        ] {
            if let Some(rest) = reading.strip_prefix(plain) {
                for v in voiced {
                    forms.push(format!("{v}{rest}"));
                }
                break;
            }
        }
    }
    for f in forms {
        // A long vowel at the end: rou as ro, roo, roh; chuu as chu; oo as o, oh; ii as i.
        let long = [
            ("ou", &["o", "oo", "oh"][..]),
            ("oo", &["o", "oh"]),
            ("uu", &["u"]),
            ("ii", &["i"]),
        ];
        for (written, others) in long {
            if let Some(stem) = f.strip_suffix(written) {
                for o in others {
                    let alt = format!("{stem}{o}");
                    if !alt.is_empty() {
                        out.push(alt);
                    }
                }
                break;
            }
        }
        out.push(f);
    }
}

/// Whether Latin words (normalised: small ASCII letters) spell, in Hepburn, one Japanese
/// reading of each character of `han` in turn, and the spelling if so (the pieces, one per
/// character: `yama`, `da`, `ta`, `ro`). The words are read in their order or, for a name
/// written family name last, with the last word first; a word starts and ends where a
/// character does. The name is two to five Han characters that all have Japanese readings.
pub fn japanese_reading(han: &str, words: &[&str]) -> Option<Vec<String>> {
    let letters: usize = words.iter().map(|w| w.len()).sum();
    if words.is_empty()
        || letters > MAX_LATIN
        || !words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return None;
    }
    let t = table();
    let mut written: [&[String]; MAX_CHARS] = [&[]; MAX_CHARS];
    let mut n = 0;
    for c in han.chars() {
        let r = t.get(&c).filter(|r| !r.japanese.is_empty())?;
        *written.get_mut(n)? = r.written(n == 0);
        n += 1;
    }
    if n < 2 || words.len() > n {
        return None;
    }
    let options = &written[..n];
    // The words in their order, then with the last first; most Latin names are no reading
    // and fail at the first character.
    let starts = |first: &str| options[0].iter().any(|f| first.starts_with(f.as_str()));
    if starts(words[0]) {
        if let Some(pieces) = fit(options, words.iter().copied()) {
            return Some(pieces);
        }
    }
    let last = words.len() - 1;
    if last > 0 && starts(words[last]) {
        let last_first = std::iter::once(words[last]).chain(words[..last].iter().copied());
        return fit(options, last_first);
    }
    None
}

/// Most characters [`japanese_reading`] reads.
const MAX_CHARS: usize = 5;

/// One reading of each character in turn that spells the words run together, no reading
/// across a space: a search over (character, letter) positions.
fn fit<'a>(options: &[&[String]], words: impl Iterator<Item = &'a str>) -> Option<Vec<String>> {
    let mut latin = [0u8; MAX_LATIN];
    let mut boundary = [false; MAX_LATIN + 1];
    let mut len = 0;
    for w in words {
        boundary[len] = true;
        latin
            .get_mut(len..len + w.len())?
            .copy_from_slice(w.as_bytes());
        len += w.len();
    }
    boundary[len] = true;
    let latin = &latin[..len];
    let n = options.len();
    if n > MAX_CHARS {
        return None;
    }
    // reached[i][p]: the first i characters spell latin[..p], the last of them from position
    // from[i][p].
    const UNREACHED: u8 = u8::MAX;
    let mut from = [[UNREACHED; MAX_LATIN + 1]; MAX_CHARS + 1];
    from[0][0] = 0;
    for i in 0..n {
        for p in 0..len {
            if from[i][p] == UNREACHED {
                continue;
            }
            for form in options[i] {
                let f = form.as_bytes();
                let end = p + f.len();
                if end > len || boundary[p + 1..end].iter().any(|b| *b) {
                    continue;
                }
                let spelled = &latin[p..end];
                // `n` before b, m or p written m (Homma, Namba).
                let nasal = f.last() == Some(&b'n')
                    && spelled[..f.len() - 1] == f[..f.len() - 1]
                    && spelled[f.len() - 1] == b'm'
                    && latin
                        .get(end)
                        .is_some_and(|b| matches!(b, b'b' | b'm' | b'p'));
                if (spelled == f || nasal) && from[i + 1][end] == UNREACHED {
                    from[i + 1][end] = p as u8;
                }
            }
        }
    }
    if from[n][len] == UNREACHED {
        return None;
    }
    let mut pieces = Vec::with_capacity(n);
    let mut p = len;
    for i in (1..=n).rev() {
        let prev = usize::from(from[i][p]);
        pieces.push(String::from_utf8_lossy(&latin[prev..p]).into_owned());
        p = prev;
    }
    pieces.reverse();
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_of_common_name_characters() {
        let t = table();
        assert_eq!(t[&'金'].hangul, ["금", "김"]);
        assert!(t[&'田'].japanese.iter().any(|r| r == "ta"));
        assert!(t[&'正'].japanese.iter().any(|r| r == "tada"));
        assert!(t.len() > 8000, "{}", t.len());
    }

    #[test]
    fn kun_stems() {
        assert_eq!(kun_stem("masaru"), Some("masa"));
        assert_eq!(kun_stem("tadashii"), Some("tada"));
        assert_eq!(kun_stem("takai"), Some("taka"));
        assert_eq!(kun_stem("yama"), None);
        assert_eq!(kun_stem("mu"), None);
    }

    #[test]
    fn japanese_names_in_latin() {
        let fits = |han: &str, latin: &str| {
            let words: Vec<&str> = latin.split(' ').collect();
            japanese_reading(han, &words).map(|p| p.join("-"))
        };
        assert_eq!(
            fits("山田太郎", "yamada taro").as_deref(),
            Some("yama-da-ta-ro")
        );
        assert_eq!(
            fits("山田太郎", "taro yamada").as_deref(),
            Some("yama-da-ta-ro")
        );
        assert_eq!(
            fits("山田太郎", "yamada tarou").as_deref(),
            Some("yama-da-ta-rou")
        );
        assert_eq!(
            fits("山田太郎", "yamadataro").as_deref(),
            Some("yama-da-ta-ro")
        );
        assert_eq!(
            fits("田中花子", "tanaka hanako").as_deref(),
            Some("ta-naka-hana-ko")
        );
        assert_eq!(fits("高橋", "takahashi").as_deref(), Some("taka-hashi"));
        // A space inside a character's reading, letters left over, another name.
        assert_eq!(fits("山田太郎", "yam adataro"), None);
        assert_eq!(fits("山田太郎", "yamada tarox"), None);
        assert_eq!(fits("山田太郎", "tanaka taro"), None);
        assert_eq!(fits("田中花子", "tanaka hanae"), None);
        // Two characters are a name; one is not.
        assert_eq!(fits("山田", "yamada").as_deref(), Some("yama-da"));
        assert_eq!(fits("山", "yama"), None);
    }
}
