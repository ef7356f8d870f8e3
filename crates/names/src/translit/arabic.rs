//! Arabic script (Arabic, Persian, Urdu letters) to Latin: a simplified UNGEGN/ALA-LC
//! romanisation of the consonants, with the vowels that unvocalised writing leaves out
//! supplied by rule.
//!
//! Names are written without their short vowels (and the vowel points, when present, are
//! removed by normalisation, as are the hamza signs on alif). What can be read is:
//!
//! * consonants: `ث` → `th`, `خ` → `kh`, `ذ` → `dh`, `ش` → `sh`, `غ` → `gh`, emphatics as their
//!   plain letters (`ص` → `s`, `ط` → `t`), `ق` → `q`; `ع` and `ء` are written as nothing;
//! * the long vowels: `ا` → `a`; `و` and `ي` are `u` and `i` between consonants and `w` and `y`
//!   at the start of a word or next to a vowel; `ى` → `a`; `ة` → `a` at the end of a word;
//! * the article: `ال` at the start of a longer word is `al`, the rest read as a word.
//!
//! Short vowels are supplied from the shape of Arabic syllables: no syllable starts with two
//! consonants and none has three in a row, so an `a`, the most frequent short vowel, goes after
//! the first of two consonants at the start of a word and after the second of three
//! (`أحمد` → `ahmad`, `محمود` → `mahmud`); and a word of three consonants with no written
//! vowel is read in the pattern of most such names, CaCaC (`حسن` → `hasan`, `فهد` → `fahad`;
//! `عبد` → `abad`, though, where the usual reading is `abd`). This cannot know
//! doubled consonants or other vowels (`محمد` is `mahmad`, not `muhammad`): comparisons across
//! spellings should use [`crate::skeleton`], which drops the vowels on both sides.

/// One letter read: a consonant (its Latin, possibly empty for `ع` and `ء`), a vowel, or a
/// letter that is a vowel or a consonant by position.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Consonant(&'static str),
    Vowel(&'static str),
    /// `و` (`u`/`w`) or `ي` (`i`/`y`).
    Weak(&'static str, &'static str),
    /// `ة`: `a` at the end of a word, `t` inside.
    TaMarbuta,
}

/// Whether `c` is a letter of the Arabic script this module reads (after normalisation).
pub(crate) fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x0671..=0x06D3 | 0x0750..=0x077F | 0x08A0..=0x08C9)
}

fn unit(c: char) -> Option<Unit> {
    use Unit::*;
    Some(match c {
        'ا' | 'ٱ' | 'آ' | 'أ' | 'إ' => Vowel("a"),
        'ى' => Vowel("a"),
        'ب' => Consonant("b"),
        'ت' | 'ط' | 'ٹ' => Consonant("t"),
        'ث' => Consonant("th"),
        'ج' => Consonant("j"),
        'ح' | 'ه' | 'ھ' | 'ہ' => Consonant("h"),
        'خ' => Consonant("kh"),
        'د' | 'ض' | 'ڈ' => Consonant("d"),
        'ذ' => Consonant("dh"),
        'ر' | 'ڑ' => Consonant("r"),
        'ز' | 'ظ' => Consonant("z"),
        'س' | 'ص' => Consonant("s"),
        'ش' => Consonant("sh"),
        'ع' | 'ء' | 'ؤ' | 'ئ' => Consonant(""),
        'غ' => Consonant("gh"),
        'ف' => Consonant("f"),
        'ڤ' => Consonant("v"),
        'ق' => Consonant("q"),
        'ك' | 'ک' => Consonant("k"),
        'گ' | 'ڨ' => Consonant("g"),
        'ل' => Consonant("l"),
        'م' => Consonant("m"),
        'ن' | 'ں' => Consonant("n"),
        'پ' => Consonant("p"),
        'چ' => Consonant("ch"),
        'ژ' => Consonant("zh"),
        'و' => Weak("u", "w"),
        'ي' | 'ی' | 'ې' => Weak("i", "y"),
        'ے' | 'ۓ' => Vowel("e"),
        'ة' | 'ۀ' => TaMarbuta,
        _ => return None,
    })
}

/// Appends the Latin reading of one Arabic-script word (a run of Arabic letters).
pub(crate) fn push_word(word: &[char], out: &mut String) {
    let units: Vec<Unit> = word.iter().filter_map(|&c| unit(c)).collect();
    if units.is_empty() {
        return;
    }
    // The article, when something is left after it to be a word.
    let article = units.len() > 3
        && word.first() == Some(&'ا')
        && word.get(1) == Some(&'ل')
        && matches!(units[0], Unit::Vowel(_))
        && units[1] == Unit::Consonant("l");
    if article {
        out.push_str("al");
        push_units(&units[2..], out);
    } else {
        push_units(&units, out);
    }
}

/// What each unit is in its place: consonant or vowel.
fn resolve(units: &[Unit]) -> Vec<(bool, &'static str)> {
    let mut read: Vec<(bool, &'static str)> = Vec::with_capacity(units.len());
    for (i, u) in units.iter().enumerate() {
        let last = i + 1 == units.len();
        let r = match *u {
            Unit::Consonant(s) => (true, s),
            Unit::Vowel(s) => (false, s),
            Unit::TaMarbuta => {
                if last {
                    (false, "a")
                } else {
                    (true, "t")
                }
            }
            Unit::Weak(vowel, consonant) => {
                let after_vowel = read.last().is_some_and(|(c, _)| !c);
                let before_vowel = matches!(units.get(i + 1), Some(Unit::Vowel(_)));
                if i == 0 || after_vowel || before_vowel {
                    (true, consonant)
                } else {
                    (false, vowel)
                }
            }
        };
        read.push(r);
    }
    read
}

fn push_units(units: &[Unit], out: &mut String) {
    let read = resolve(units);
    // Consonants in a row since the last vowel, and whether that vowel was supplied.
    let mut run = 0;
    let mut supplied = false;
    for (i, &(consonant, s)) in read.iter().enumerate() {
        if consonant {
            let last = i + 1 == read.len();
            // No syllable starts with two consonants, no three stand in a row, and a supplied
            // vowel is not followed by two consonants ending the word.
            if (i == 1 && run == 1) || run == 2 || (last && run == 1 && supplied) {
                out.push('a');
                run = 0;
                supplied = true;
            }
            run += 1;
        } else {
            run = 0;
            supplied = false;
        }
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    fn read(s: &str) -> String {
        crate::translit::read_word(super::push_word, s)
    }

    #[test]
    fn vowels_by_rule() {
        for (arabic, latin) in [
            ("احمد", "ahmad"),
            ("حسن", "hasan"),
            ("عبد", "abad"),
            ("فهد", "fahad"),
            ("الله", "allah"),
            ("عبدالله", "abdallah"),
            ("خالد", "khald"),
            ("محمود", "mahmud"),
            ("علي", "ali"),
            ("يوسف", "yusf"),
            ("فاطمة", "fatma"),
            ("مروان", "marwan"),
            ("الرحمن", "alrahman"),
            ("ء", ""),
        ] {
            assert_eq!(read(arabic), latin, "{arabic}");
        }
    }
}
