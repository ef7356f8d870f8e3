//! Hebrew to Latin: the consonants as the simplified romanisation of modern Hebrew names
//! writes them, and the vowels that the letters `ו` `י` `ה` show.
//!
//! Vowel points are removed by normalisation (and are absent from most writing), so what can
//! be read is:
//!
//! * consonants: `ח` → `kh`, `צ` → `ts`, `ש` → `sh`, `ב` `כ` `פ` hard (`b k p`) at the start of
//!   a word and soft (`v kh f`) elsewhere, as they mostly are; `א` and `ע` written as nothing;
//! * `ו`: `v` at the start of a word, doubled, or next to a vowel; otherwise the vowel `o`
//!   (its more frequent value in names; it is `u` in some);
//! * `י`: `y` at the start of a word, doubled, or before a vowel; otherwise `i`;
//! * `ה` at the end of a word after a consonant: the vowel `a` (the usual ending; `משה` is
//!   read `msha`, not `moshe`).
//!
//! Other short vowels are not written and are not supplied: the reading is a consonant frame
//! (`דוד` → `dod`, the letters of David), to be compared through [`crate::skeleton`].

/// Whether `c` is a Hebrew letter (after normalisation).
pub(crate) fn is_hebrew(c: char) -> bool {
    matches!(c as u32, 0x05D0..=0x05EA | 0x05F0..=0x05F2)
}

/// Appends the Latin reading of one Hebrew word (a run of Hebrew letters).
pub(crate) fn push_word(word: &[char], out: &mut String) {
    let n = word.len();
    // Whether the last thing written was a vowel.
    let mut after_vowel = false;
    let mut i = 0;
    while i < n {
        let c = word[i];
        let first = i == 0;
        let last = i + 1 == n;
        let next = word.get(i + 1).copied();
        let (s, vowel): (&str, bool) = match c {
            'א' | 'ע' => ("", false),
            'ב' => (if first { "b" } else { "v" }, false),
            'ג' => ("g", false),
            'ד' => ("d", false),
            'ה' => {
                if last && !first && !after_vowel {
                    ("a", true)
                } else {
                    ("h", false)
                }
            }
            'ו' => {
                if next == Some('ו') {
                    i += 1;
                    ("v", false)
                } else if first || after_vowel {
                    ("v", false)
                } else {
                    ("o", true)
                }
            }
            'ז' => ("z", false),
            'ח' => ("kh", false),
            'ט' => ("t", false),
            'י' => {
                if next == Some('י') {
                    i += 1;
                    ("y", false)
                } else if first || matches!(next, Some('ו' | 'א' | 'ע')) {
                    ("y", false)
                } else {
                    ("i", true)
                }
            }
            'כ' | 'ך' => (if first { "k" } else { "kh" }, false),
            'ל' => ("l", false),
            'מ' | 'ם' => ("m", false),
            'נ' | 'ן' => ("n", false),
            'ס' => ("s", false),
            'פ' | 'ף' => (if first { "p" } else { "f" }, false),
            'צ' | 'ץ' => ("ts", false),
            'ק' => ("k", false),
            'ר' => ("r", false),
            'ש' => ("sh", false),
            'ת' => ("t", false),
            'װ' => ("v", false),
            'ױ' => ("oy", true),
            'ײ' => ("ey", true),
            _ => ("", false),
        };
        out.push_str(s);
        if !s.is_empty() {
            after_vowel = vowel;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    fn read(s: &str) -> String {
        crate::translit::read_word(super::push_word, s)
    }

    #[test]
    fn letters_and_matres() {
        for (hebrew, latin) in [
            ("משה", "msha"),
            ("דוד", "dod"),
            ("יוסף", "yosf"),
            ("אברהם", "vrhm"),
            ("בנימין", "bnimin"),
            ("שלום", "shlom"),
            ("רבקה", "rvka"),
            ("חיים", "khym"),
            ("ה", "h"),
        ] {
            assert_eq!(read(hebrew), latin, "{hebrew}");
        }
    }
}
