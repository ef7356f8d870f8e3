//! Thai to Latin after the Royal Thai General System (RTGS), as far as rules without a
//! dictionary can take it.
//!
//! A word is read syllable by syllable: a leading vowel (`เ แ โ ใ ไ`), an initial consonant
//! or cluster (`ปร` → `pr`; a silent `ห` or `อ` before a sonorant), the vowel signs around it,
//! and a final consonant with its final value (`ด` → `t`, `บ` → `p`, `ร` `ล` `ญ` → `n`,
//! `ย` → `i`, `ว` → `o`). A consonant with no vowel before another consonant takes the
//! inherent vowel: `o` in a closed syllable (`สม` → `som`), `a` in an open one (`สบาย` →
//! `sabai`). Tone marks are not written; a consonant under the silencing mark `์` is dropped,
//! and so is the consonant before it when that one has no vowel (`จันทร์` → `chan`), as is a
//! lone trailing consonant after a closed syllable (`ชินวัตร` → `chinwat`).
//!
//! What rules cannot know: syllables whose inherent vowel is not written in loanwords
//! (RTGS `Chinnawat` has one more), and irregular spellings.

/// Whether `c` is a Thai letter, vowel sign or mark that this module reads.
pub(crate) fn is_thai(c: char) -> bool {
    matches!(c as u32, 0x0E01..=0x0E4E)
}

fn is_consonant(c: char) -> bool {
    matches!(c as u32, 0x0E01..=0x0E2E) && c != 'ฤ' && c != 'ฦ'
}

fn is_leading(c: char) -> bool {
    matches!(c, 'เ' | 'แ' | 'โ' | 'ใ' | 'ไ')
}

/// Vowel signs written after (above, below) the initial consonant.
fn is_following(c: char) -> bool {
    matches!(
        c,
        'ะ' | 'ั' | 'า' | 'ำ' | 'ิ' | 'ี' | 'ึ' | 'ื' | 'ุ' | 'ู' | '็' | 'ๅ'
    )
}

fn initial(c: char) -> &'static str {
    match c {
        'ก' => "k",
        'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => "kh",
        'ง' => "ng",
        'จ' | 'ฉ' | 'ช' | 'ฌ' => "ch",
        'ซ' | 'ศ' | 'ษ' | 'ส' => "s",
        'ญ' | 'ย' => "y",
        'ฎ' | 'ด' => "d",
        'ฏ' | 'ต' => "t",
        'ฐ' | 'ฑ' | 'ฒ' | 'ถ' | 'ท' | 'ธ' => "th",
        'ณ' | 'น' => "n",
        'บ' => "b",
        'ป' => "p",
        'ผ' | 'พ' | 'ภ' => "ph",
        'ฝ' | 'ฟ' => "f",
        'ม' => "m",
        'ร' => "r",
        'ล' | 'ฬ' => "l",
        'ว' => "w",
        'ห' | 'ฮ' => "h",
        _ => "",
    }
}

fn final_value(c: char) -> &'static str {
    match c {
        'ก' | 'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => "k",
        'ง' => "ng",
        'จ' | 'ฉ' | 'ช' | 'ซ' | 'ฌ' | 'ฎ' | 'ฏ' | 'ฐ' | 'ฑ' | 'ฒ' | 'ด' | 'ต' | 'ถ' | 'ท' | 'ธ'
        | 'ศ' | 'ษ' | 'ส' => "t",
        'ญ' | 'ณ' | 'น' | 'ร' | 'ล' | 'ฬ' => "n",
        'บ' | 'ป' | 'พ' | 'ฟ' | 'ภ' | 'ผ' | 'ฝ' => "p",
        'ม' => "m",
        'ย' => "i",
        'ว' => "o",
        _ => "",
    }
}

/// The letters of a word without tone marks and silent letters.
fn sounded(word: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(word.len());
    for &c in word {
        match c {
            // Tone marks, nikhahit, yamakkan, repetition and abbreviation signs.
            '่' | '้' | '๊' | '๋' | 'ํ' | '๎' | 'ๆ' | 'ฯ' => {}
            '์' => {
                // The letter under the mark is silent; so is a bare consonant before it
                // (`ทร์`).
                if out.last().is_some_and(|&l| is_consonant(l)) {
                    out.pop();
                    let n = out.len();
                    if n >= 2 && is_consonant(out[n - 1]) && is_consonant(out[n - 2]) {
                        out.pop();
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Appends the Latin reading of one Thai word (a run of Thai characters).
pub(crate) fn push_word(word: &[char], out: &mut String) {
    let w = sounded(word);
    let n = w.len();
    let at = |k: usize| w.get(k).copied();
    let follows_vowel = |k: usize| at(k).is_some_and(is_following);
    let mut syllables = 0;
    let mut closed = false;
    let mut i = 0;
    while i < n {
        let lead = if is_leading(w[i]) {
            i += 1;
            Some(w[i - 1])
        } else {
            None
        };
        let Some(c1) = at(i).filter(|&c| is_consonant(c)) else {
            // A vowel sign or letter with no consonant to carry it.
            match at(i) {
                Some('ฤ') => out.push_str("rue"),
                Some('ฦ') => out.push_str("lue"),
                _ => {}
            }
            if let Some(l) = lead {
                out.push_str(lead_alone(l));
            }
            i += 1;
            continue;
        };
        // A lone consonant at the end of a word after a closed syllable is silent.
        if lead.is_none() && i + 1 == n && syllables > 0 && closed {
            break;
        }
        i += 1;
        // The initial: a silent ห or อ before a sonorant, or a cluster.
        let mut onset = String::from(initial(c1));
        if let Some(c2) = at(i) {
            let vowel_next = lead.is_some() || follows_vowel(i + 1);
            let silent_lead = (c1 == 'ห'
                && matches!(c2, 'ง' | 'ญ' | 'น' | 'ม' | 'ย' | 'ร' | 'ล' | 'ว'))
                || (c1 == 'อ' && c2 == 'ย');
            let cluster = matches!(c1, 'ก' | 'ข' | 'ค' | 'ต' | 'ป' | 'ผ' | 'พ')
                && matches!(c2, 'ร' | 'ล' | 'ว')
                && !(c1 == 'ต' && c2 != 'ร');
            let s_cluster = matches!(c1, 'ท' | 'ซ' | 'ศ' | 'ส') && c2 == 'ร';
            if vowel_next && silent_lead {
                onset = initial(c2).to_string();
                i += 1;
            } else if vowel_next && cluster {
                onset.push_str(initial(c2));
                i += 1;
            } else if vowel_next && s_cluster {
                onset = "s".to_string();
                i += 1;
            }
        }
        out.push_str(&onset);
        // The vowel; `open` when no final consonant can follow.
        let (vowel, open): (&str, bool) = match lead {
            Some('เ') => match (at(i), at(i + 1)) {
                (Some('ี'), Some('ย')) => {
                    i += 2;
                    ("ia", false)
                }
                (Some('ื'), Some('อ')) => {
                    i += 2;
                    ("uea", false)
                }
                (Some('า'), Some('ะ')) => {
                    i += 2;
                    ("o", true)
                }
                (Some('า'), _) => {
                    i += 1;
                    ("ao", true)
                }
                (Some('ิ'), _) => {
                    i += 1;
                    ("oe", false)
                }
                (Some('อ'), _) if !follows_vowel(i + 1) => {
                    i += 1;
                    ("oe", false)
                }
                (Some('ะ'), _) => {
                    i += 1;
                    ("e", true)
                }
                (Some('็'), _) => {
                    i += 1;
                    ("e", false)
                }
                _ => ("e", false),
            },
            Some('แ') => match at(i) {
                Some('ะ') => {
                    i += 1;
                    ("ae", true)
                }
                Some('็') => {
                    i += 1;
                    ("ae", false)
                }
                _ => ("ae", false),
            },
            Some('โ') => match at(i) {
                Some('ะ') => {
                    i += 1;
                    ("o", true)
                }
                _ => ("o", false),
            },
            Some(_) => {
                // ใ ไ: `ai`; a `ย` after it is silent (`ไทย` → `thai`).
                if at(i) == Some('ย') && !follows_vowel(i + 1) {
                    i += 1;
                }
                ("ai", true)
            }
            None => match at(i) {
                Some('ั') => {
                    i += 1;
                    if at(i) == Some('ว') {
                        i += 1;
                        ("ua", false)
                    } else {
                        ("a", false)
                    }
                }
                Some('ะ') => {
                    i += 1;
                    ("a", true)
                }
                Some('า') => {
                    i += 1;
                    ("a", false)
                }
                Some('ำ') => {
                    i += 1;
                    ("am", true)
                }
                Some('ิ' | 'ี') => {
                    i += 1;
                    ("i", false)
                }
                Some('ึ') => {
                    i += 1;
                    ("ue", false)
                }
                Some('ื') => {
                    i += 1;
                    if at(i) == Some('อ') {
                        i += 1;
                    }
                    ("ue", false)
                }
                Some('ุ' | 'ู') => {
                    i += 1;
                    ("u", false)
                }
                Some('็' | 'ๅ') => {
                    i += 1;
                    ("", false)
                }
                Some('อ') if !follows_vowel(i + 1) => {
                    i += 1;
                    ("o", false)
                }
                Some('ว')
                    if at(i + 1).is_some_and(is_consonant)
                        && !follows_vowel(i + 2)
                        && at(i + 1) != Some('ว') =>
                {
                    i += 1;
                    ("ua", false)
                }
                Some(x) if is_consonant(x) => {
                    // The inherent vowel: `a` when the next consonant opens a syllable of its
                    // own, `o` when it closes this one.
                    if follows_vowel(i + 1) || at(i + 1).is_some_and(is_leading) {
                        ("a", true)
                    } else {
                        ("o", false)
                    }
                }
                _ => ("o", true),
            },
        };
        out.push_str(vowel);
        closed = false;
        if !open {
            if let Some(x) = at(i).filter(|&x| is_consonant(x)) {
                let starts_syllable = follows_vowel(i + 1) || (x == 'อ' && i + 1 < n);
                if !starts_syllable {
                    let f = final_value(x);
                    // `ii` (`-ีย` read as a final) is written once.
                    if !(f == "i" && vowel.ends_with('i')) {
                        out.push_str(f);
                    }
                    closed = true;
                    i += 1;
                }
            }
        }
        syllables += 1;
    }
}

fn lead_alone(l: char) -> &'static str {
    match l {
        'เ' => "e",
        'แ' => "ae",
        'โ' => "o",
        _ => "ai",
    }
}

#[cfg(test)]
mod tests {
    fn read(s: &str) -> String {
        crate::translit::read_word(super::push_word, s)
    }

    #[test]
    fn rtgs_like() {
        for (thai, latin) in [
            ("สมชาย", "somchai"),
            ("ประยุทธ์", "prayut"),
            ("จันทร์โอชา", "chanocha"),
            ("ทักษิณ", "thaksin"),
            ("ชินวัตร", "chinwat"),
            ("สบาย", "sabai"),
            ("ไทย", "thai"),
            ("กรุงเทพ", "krungthep"),
            ("เชียงใหม่", "chiangmai"),
            ("ยิ่งลักษณ์", "yinglak"),
            ("สวน", "suan"),
            ("เ", "e"),
            ("์", ""),
        ] {
            assert_eq!(read(thai), latin, "{thai}");
        }
    }
}
