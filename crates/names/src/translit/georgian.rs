//! Georgian to Latin: the national system of 2002 (which the passports and BGN/PCGN follow),
//! in plain ASCII: the ejectives lose their apostrophes (`კ` → `k` as `ქ`, `პ` → `p` as `ფ`,
//! `ტ` → `t` as `თ`, `წ` → `ts` as `ც`, `ჭ` → `ch` as `ჩ`, `ყ` → `q`), `ღ` → `gh`, `ხ` →
//! `kh`, `ჟ` → `zh`, `შ` → `sh`, `ძ` → `dz`, `ჯ` → `j`. Georgian writes every vowel and has no
//! letter read by context, so each letter is read alone.
//!
//! Mkhedruli, the script of modern Georgian, is read; its capitals (Mtavruli) are lowercased
//! to it by normalisation. The ecclesiastical scripts (Asomtavruli, Nuskhuri) are not read.

/// Whether `c` is a Mkhedruli letter (or a Mtavruli capital).
pub(crate) fn is_georgian(c: char) -> bool {
    matches!(c as u32, 0x10D0..=0x10FA | 0x10FC..=0x10FF | 0x1C90..=0x1CBA | 0x1CBD..=0x1CBF)
}

fn letter(c: char) -> &'static str {
    match c {
        'ა' => "a",
        'ბ' => "b",
        'გ' => "g",
        'დ' => "d",
        'ე' | 'ჱ' => "e",
        'ვ' => "v",
        'ზ' => "z",
        'თ' | 'ტ' => "t",
        'ი' => "i",
        'კ' | 'ქ' => "k",
        'ლ' => "l",
        'მ' => "m",
        'ნ' => "n",
        'ო' | 'ჵ' => "o",
        'პ' | 'ფ' => "p",
        'ჟ' => "zh",
        'რ' => "r",
        'ს' => "s",
        'უ' => "u",
        'ღ' => "gh",
        'ყ' | 'ჴ' => "q",
        'შ' => "sh",
        'ჩ' | 'ჭ' => "ch",
        'ც' | 'წ' => "ts",
        'ძ' => "dz",
        'ხ' => "kh",
        'ჯ' => "j",
        'ჰ' => "h",
        'ჲ' | 'ჷ' => "y",
        'ჳ' => "w",
        'ჶ' => "f",
        _ => "",
    }
}

/// Appends the Latin reading of one Georgian word (a run of Georgian letters).
pub(crate) fn push_word(word: &[char], out: &mut String) {
    for &c in word {
        // Mtavruli capitals, in case the word was not normalised.
        let c = c.to_lowercase().next().unwrap_or(c);
        out.push_str(letter(c));
    }
}

#[cfg(test)]
mod tests {
    fn read(s: &str) -> String {
        crate::translit::read_word(super::push_word, s)
    }

    #[test]
    fn letters() {
        for (georgian, latin) in [
            ("ბარაკ", "barak"),
            ("ობამა", "obama"),
            ("მიხეილ", "mikheil"),
            ("სააკაშვილი", "saakashvili"),
            ("შევარდნაძე", "shevardnadze"),
            ("ბიძინა", "bidzina"),
            ("თბილისი", "tbilisi"),
            ("ჭიათურა", "chiatura"),
            ("ყვარელი", "qvareli"),
            ("ᲑᲐᲠᲐᲙ", "barak"),
        ] {
            assert_eq!(read(georgian), latin, "{georgian}");
        }
    }
}
