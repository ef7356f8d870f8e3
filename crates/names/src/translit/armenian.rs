//! Armenian to Latin: the letters as ISO 9985 sets them out and the BGN/PCGN and Armenian
//! passport spellings write them, in plain ASCII (aspiration marks and carons dropped, as the
//! lists drop them): `թ տ` → `t`, `ք կ` → `k`, `փ պ` → `p`, `չ ճ` → `ch`, `ց ծ` → `ts`,
//! `ժ` → `zh`, `խ` → `kh`, `ղ` → `gh`, `ձ` → `dz`, `ջ` → `j`, `ը` → `y`.
//!
//! Read in context:
//!
//! * `ու` is the vowel `u`; `ւ` elsewhere is `v` (the ligature `և`, which normalisation splits
//!   into `եւ`, is `ev`: Երևան → `yerevan`);
//! * `ե` at the start of a word is `ye` (Երևան), elsewhere `e`;
//! * `ո` at the start of a word is `vo` (Ոսկան → `voskan`), elsewhere `o`.

/// Whether `c` is an Armenian letter (after normalisation: small letters).
pub(crate) fn is_armenian(c: char) -> bool {
    matches!(c as u32, 0x0531..=0x0556 | 0x0561..=0x0587)
}

fn letter(c: char) -> &'static str {
    match c {
        'ա' => "a",
        'բ' => "b",
        'գ' => "g",
        'դ' => "d",
        'ե' | 'է' => "e",
        'զ' => "z",
        'ը' => "y",
        'թ' | 'տ' => "t",
        'ժ' => "zh",
        'ի' => "i",
        'լ' => "l",
        'խ' => "kh",
        'ծ' | 'ց' => "ts",
        'կ' | 'ք' => "k",
        'հ' => "h",
        'ձ' => "dz",
        'ղ' => "gh",
        'ճ' | 'չ' => "ch",
        'մ' => "m",
        'յ' => "y",
        'ն' => "n",
        'շ' => "sh",
        'ո' | 'օ' => "o",
        'պ' | 'փ' => "p",
        'ջ' => "j",
        'ռ' | 'ր' => "r",
        'ս' => "s",
        'վ' | 'ւ' => "v",
        'ֆ' => "f",
        'և' => "ev",
        _ => "",
    }
}

/// Appends the Latin reading of one Armenian word (a run of Armenian letters).
pub(crate) fn push_word(word: &[char], out: &mut String) {
    let mut i = 0;
    while i < word.len() {
        // Capitals, in case the word was not normalised.
        let c = word[i].to_lowercase().next().unwrap_or(word[i]);
        let next = word
            .get(i + 1)
            .map(|n| n.to_lowercase().next().unwrap_or(*n));
        let first = i == 0;
        match c {
            'ո' if next == Some('ւ') => {
                out.push('u');
                i += 2;
                continue;
            }
            'ո' if first => out.push_str("vo"),
            'ե' if first => out.push_str("ye"),
            'և' if first => out.push_str("yev"),
            _ => out.push_str(letter(c)),
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
    fn letters_and_context() {
        for (armenian, latin) in [
            ("բարակ", "barak"),
            ("օբամա", "obama"),
            ("երեւան", "yerevan"),
            ("երևան", "yerevan"),
            ("ոսկան", "voskan"),
            ("ուրարտու", "urartu"),
            ("ծառուկյան", "tsarukyan"),
            ("փաշինյան", "pashinyan"),
            ("Քոչարյան", "kocharyan"),
        ] {
            assert_eq!(read(armenian), latin, "{armenian}");
        }
    }
}
