//! Scores and their explanations: which feature gave the score, which qualifiers moved it and
//! by how much.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

use serde::Serialize;

/// One thing that made or moved a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// A stable name (`name_match`, `identifier_match`, `birth_date_mismatch`,
    /// `country_mismatch`, `gender_mismatch`, `weak_alias_match`, `org_type_mismatch`…).
    pub name: &'static str,
    /// For the main feature, the score it gave; for a qualifier, how much it moved the score
    /// (negative lowers it).
    pub value: f64,
    /// What was compared with what, for a person.
    pub detail: String,
}

/// A candidate's score and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// The score, 0..1.
    pub score: f64,
    /// The main feature first, then the qualifiers in the order applied.
    pub features: Vec<Feature>,
}

impl Scored {
    /// A score of zero with one reason.
    pub fn zero(name: &'static str, detail: impl Into<String>) -> Scored {
        Scored {
            score: 0.0,
            features: vec![Feature {
                name,
                value: 0.0,
                detail: detail.into(),
            }],
        }
    }

    /// The explanation as one line.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        self.write_summary(&mut out);
        out
    }

    /// Appends [`Scored::summary`] to `out`.
    pub fn write_summary(&self, out: &mut String) {
        for (i, f) in self.features.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            let _ = write!(out, "{} {:+.2}: {}", f.name, f.value, f.detail);
        }
    }
}

/// Appends `text` as `{:?}` writes it: quoted, with quotes, backslashes, controls, combining
/// marks and unprintable characters escaped. Whether a character of the first blocks (Latin
/// with diacritics, Cyrillic, Arabic, Indic, Thai…) stands for itself is asked of
/// [`char::escape_debug`] once and remembered, rather than searched for on every character.
pub(crate) fn push_debug(out: &mut String, text: &str) {
    /// Below this, the answer is remembered.
    const END: usize = 0x3000;
    const UNKNOWN: u8 = 0;
    const PLAIN: u8 = 1;
    const ESCAPED: u8 = 2;
    static SEEN: [AtomicU8; END] = [const { AtomicU8::new(UNKNOWN) }; END];
    // `{:?}` on a string leaves single quotes alone; otherwise it escapes as `escape_debug`
    // does.
    let plain = |c: char| c == '\'' || c.escape_debug().len() == 1;
    out.push('"');
    for c in text.chars() {
        let is_plain = match SEEN.get(c as usize) {
            Some(slot) => match slot.load(Ordering::Relaxed) {
                PLAIN => true,
                ESCAPED => false,
                _ => {
                    let p = plain(c);
                    slot.store(if p { PLAIN } else { ESCAPED }, Ordering::Relaxed);
                    p
                }
            },
            // Hangul syllables and the common Han characters print as themselves.
            None => matches!(u32::from(c), 0xAC00..=0xD7A3 | 0x4E00..=0x9FFF) || plain(c),
        };
        if is_plain {
            out.push(c);
        } else if c.is_ascii() {
            out.extend(c.escape_debug());
        } else {
            // Beyond ASCII, an escaped character is always written by its code point.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::push_debug;

    #[test]
    fn push_debug_writes_what_debug_writes() {
        let debug = |s: &str| {
            let mut out = String::new();
            push_debug(&mut out, s);
            out
        };
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = c.to_string();
            assert_eq!(debug(&s), format!("{s:?}"), "{u:#x}");
        }
        for s in [
            "",
            "KIM Jong Un",
            "O'Brien \"the\" \\ 1\t2\n",
            "रजनीकांत इला अहलूवालिया",
            "บุญนพ นักรบ",
            "حسین موسوی",
            "e\u{301}\u{200B}\u{FEFF}",
        ] {
            assert_eq!(debug(s), format!("{s:?}"));
        }
    }
}
