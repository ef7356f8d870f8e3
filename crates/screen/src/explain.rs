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
            out.push_str(f.name);
            out.push(' ');
            push_fixed(out, f.value, 2, true);
            out.push_str(": ");
            out.push_str(&f.detail);
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
    // Printable ASCII but quotes and backslashes stands for itself: most names are that, and
    // go in whole.
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(text);
        out.push('"');
        return;
    }
    // Otherwise runs of characters that stand for themselves go in whole, between the
    // escaped ones.
    let mut run = 0;
    for (at, c) in text.char_indices() {
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
            continue;
        }
        out.push_str(&text[run..at]);
        run = at + c.len_utf8();
        if c.is_ascii() {
            out.extend(c.escape_debug());
        } else {
            // Beyond ASCII, an escaped character is always written by its code point.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// Appends `value` with `decimals` digits after the point, exactly as `{:.N}` writes it, or
/// `{:+.N}` with `plus`: the exact binary value rounded half to even, a minus sign whenever
/// the sign bit is set. Scores and their adjustments (finite, small, two or three decimals)
/// are written directly; anything else is left to the standard library.
pub fn push_fixed(out: &mut String, value: f64, decimals: usize, plus: bool) {
    const POW10: [u64; 4] = [1, 10, 100, 1000];
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if let (Some(&scale), false) = (POW10.get(decimals), biased == 0x7ff) {
        // value = ±mantissa × 2^exponent
        let (mantissa, exponent) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1 << 52), biased - 1075)
        };
        let shift = -exponent;
        if mantissa == 0 || (1..128).contains(&shift) {
            let scaled = u128::from(mantissa) * u128::from(scale);
            let rounded = if mantissa == 0 {
                0
            } else {
                let whole = scaled >> shift;
                let rest = scaled & ((1u128 << shift) - 1);
                let half = 1u128 << (shift - 1);
                if rest > half || (rest == half && whole & 1 == 1) {
                    whole + 1
                } else {
                    whole
                }
            };
            if bits >> 63 == 1 {
                out.push('-');
            } else if plus {
                out.push('+');
            }
            let (whole, fraction) = match u64::try_from(rounded) {
                Ok(r) => (u128::from(r / scale), u128::from(r % scale)),
                Err(_) => (rounded / u128::from(scale), rounded % u128::from(scale)),
            };
            push_digits(out, whole, 1);
            if decimals > 0 {
                out.push('.');
                push_digits(out, fraction, decimals);
            }
            return;
        }
    }
    let _ = if plus {
        write!(out, "{value:+.decimals$}")
    } else {
        write!(out, "{value:.decimals$}")
    };
}

/// Appends the decimal digits of `n`, zero-padded to at least `width`.
fn push_digits(out: &mut String, n: u128, width: usize) {
    // Scores are small: their digits are worked out in 64 bits, which is cheaper (at most 20
    // digits, so the buffer holds them and any width up to 20).
    if let (Ok(mut n), true) = (u64::try_from(n), width <= 20) {
        let mut digits = [b'0'; 20];
        let mut at = digits.len();
        while n > 0 || digits.len() - at < width {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        for &d in &digits[at..] {
            out.push(char::from(d));
        }
        return;
    }
    push_digits_wide(out, n, width);
}

/// [`push_digits`] in 128 bits.
fn push_digits_wide(out: &mut String, mut n: u128, width: usize) {
    let mut digits = [b'0'; 40];
    let mut at = digits.len();
    while n > 0 || digits.len() - at < width {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::{push_debug, push_fixed};

    #[test]
    fn push_fixed_writes_what_format_writes() {
        let check = |v: f64| {
            for decimals in 0..=4 {
                for plus in [false, true] {
                    let mut out = String::new();
                    push_fixed(&mut out, v, decimals, plus);
                    let expected = if plus {
                        format!("{v:+.decimals$}")
                    } else {
                        format!("{v:.decimals$}")
                    };
                    assert_eq!(out, expected, "{v:e} {decimals} {plus}");
                }
            }
        };
        // Every kind of double: a simple generator over all bit patterns.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..40_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            check(f64::from_bits(x));
            // Scores and adjustments: small values, and the same bits scaled into 0..2.
            check(f64::from_bits(x) % 2.0);
        }
        // Decimal ties and their neighbours, and exact binary ties.
        for k in 0..=2_000i64 {
            for scale in [10.0, 100.0, 1000.0, 10_000.0] {
                let v = (k as f64 + 0.5) / scale;
                let (up, down) = (
                    f64::from_bits(v.to_bits() + 1),
                    f64::from_bits(v.to_bits().saturating_sub(1)),
                );
                for w in [v, -v, up, down, k as f64 / scale] {
                    check(w);
                }
            }
        }
        for n in 1..=60 {
            for k in 0..64u64 {
                check(k as f64 / (1u64 << n) as f64);
                check(-(k as f64) / (1u64 << n) as f64);
            }
        }
        for v in [
            0.0,
            -0.0,
            1.0,
            0.7,
            0.65,
            0.97,
            -0.15,
            -0.2,
            -0.25,
            -0.4,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            check(v);
        }
    }

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
            "김정은 \u{200B}x\"y\u{7f}z حسین\n",
        ] {
            assert_eq!(debug(s), format!("{s:?}"));
        }
    }
}
