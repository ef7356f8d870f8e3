//! The Unicode properties that normalisation and script detection ask of every character,
//! answered from a table for the first code points (Latin, Greek, Cyrillic, Armenian, Hebrew,
//! Arabic, the Indic scripts, Thai, Georgian, …) and from the standard library beyond.
//!
//! The standard library answers from compressed tables with a search per call, which is most
//! of the cost of normalising a name in a non-Latin script. The table here is filled from those
//! same functions as characters are first met, so its answers are theirs; a test checks every
//! code point, the Hangul and Han blocks answered without the table included.

use std::sync::atomic::{AtomicU8, Ordering};

use unicode_normalization::char::is_combining_mark as combining_mark;

/// Code points below this are answered from the table.
const END: usize = 0x3000;

const ALPHABETIC: u8 = 1;
const ALPHANUMERIC: u8 = 1 << 1;
const COMBINING: u8 = 1 << 2;
const UPPERCASE: u8 = 1 << 3;
const WHITESPACE: u8 = 1 << 4;
/// `to_lowercase` gives the character itself and nothing else.
const OWN_LOWERCASE: u8 = 1 << 5;
/// The entry has been filled.
const KNOWN: u8 = 1 << 7;

/// The properties of each code point below [`END`], filled as characters are first met (a
/// name touches few of them, so nothing is computed ahead).
static TABLE: [AtomicU8; END] = [const { AtomicU8::new(0) }; END];

fn slow(c: char) -> u8 {
    let mut bits = 0;
    if c.is_alphabetic() {
        bits |= ALPHABETIC;
    }
    if c.is_alphanumeric() {
        bits |= ALPHANUMERIC;
    }
    if combining_mark(c) {
        bits |= COMBINING;
    }
    if c.is_uppercase() {
        bits |= UPPERCASE;
    }
    if c.is_whitespace() {
        bits |= WHITESPACE;
    }
    let mut lower = c.to_lowercase();
    if lower.next() == Some(c) && lower.next().is_none() {
        bits |= OWN_LOWERCASE;
    }
    bits
}

/// The properties of `c` from the table, or of the two large blocks of letters names are
/// written in beyond it (Hangul syllables and the common Han characters); `None` for any other
/// character.
#[inline]
fn props(c: char) -> Option<u8> {
    match c as u32 {
        u @ 0..0x3000 => {
            let slot = &TABLE[u as usize];
            let mut bits = slot.load(Ordering::Relaxed);
            if bits & KNOWN == 0 {
                bits = slow(c) | KNOWN;
                slot.store(bits, Ordering::Relaxed);
            }
            Some(bits)
        }
        0xAC00..=0xD7A3 | 0x4E00..=0x9FFF => Some(ALPHABETIC | ALPHANUMERIC | OWN_LOWERCASE),
        _ => None,
    }
}

/// [`char::is_alphabetic`].
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    props(c).map_or_else(|| c.is_alphabetic(), |p| p & ALPHABETIC != 0)
}

/// [`char::is_alphanumeric`].
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    props(c).map_or_else(|| c.is_alphanumeric(), |p| p & ALPHANUMERIC != 0)
}

/// `unicode_normalization::char::is_combining_mark`.
#[inline]
pub(crate) fn is_combining_mark(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    props(c).map_or_else(|| combining_mark(c), |p| p & COMBINING != 0)
}

/// [`char::is_uppercase`].
#[inline]
pub(crate) fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    props(c).map_or_else(|| c.is_uppercase(), |p| p & UPPERCASE != 0)
}

/// [`char::is_whitespace`].
#[inline]
pub(crate) fn is_whitespace(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\u{b}';
    }
    props(c).map_or_else(|| c.is_whitespace(), |p| p & WHITESPACE != 0)
}

/// Whether [`char::to_lowercase`] gives the character itself and nothing else.
#[inline]
pub(crate) fn is_own_lowercase(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_uppercase();
    }
    props(c).map_or_else(|| slow(c) & OWN_LOWERCASE != 0, |p| p & OWN_LOWERCASE != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code point, table or not, answers as the standard library does.
    #[test]
    fn same_answers_as_the_standard_library() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else {
                continue;
            };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{u:#x}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{u:#x}");
            assert_eq!(is_combining_mark(c), combining_mark(c), "{u:#x}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{u:#x}");
            assert_eq!(is_whitespace(c), c.is_whitespace(), "{u:#x}");
            let mut lower = c.to_lowercase();
            let own = lower.next() == Some(c) && lower.next().is_none();
            assert_eq!(is_own_lowercase(c), own, "{u:#x}");
        }
    }
}
