//! String similarity primitives for scoring: Jaro, Jaro–Winkler (standard and SimMetrics
//! style), Levenshtein and optimal-string-alignment (Damerau–Levenshtein) distances, with
//! budgets.
//!
//! They are written here rather than taken from a crate because screening needs variants the
//! crates do not offer (Jaro–Winkler with the prefix bonus always applied, as OFAC's tool
//! does; distances that give up past a budget) and needs them without allocation: words of up
//! to 64 characters are compared with stack buffers and bit masks. The tests check them
//! against `strsim` on generated strings.
//!
//! All functions compare Unicode scalar values (chars), so feed them normalised text.

const STACK: usize = 64;

/// Chars kept on the stack by [`Chars`]; longer strings go to the heap (words are short, and a
/// smaller buffer is quicker to set up).
const CHARS_INLINE: usize = 32;

/// Rows of at most this many cells take the small stack buffer in [`bounded`].
const SMALL_ROW: usize = 16;

/// The chars of a string, on the stack when it is short.
struct Chars {
    stack: [char; CHARS_INLINE],
    heap: Vec<char>,
    len: usize,
}

impl Chars {
    fn new(s: &str) -> Chars {
        let mut c = Chars {
            stack: ['\0'; CHARS_INLINE],
            heap: Vec::new(),
            len: 0,
        };
        for ch in s.chars() {
            if c.len < CHARS_INLINE {
                c.stack[c.len] = ch;
            } else {
                if c.heap.is_empty() {
                    c.heap.extend_from_slice(&c.stack);
                }
                c.heap.push(ch);
            }
            c.len += 1;
        }
        c
    }

    fn as_slice(&self) -> &[char] {
        if self.len <= CHARS_INLINE {
            &self.stack[..self.len]
        } else {
            &self.heap
        }
    }
}

/// Jaro similarity in 0..=1 (1 for equal strings, 0 when nothing matches; two empty strings
/// are equal).
///
/// ```
/// use ce2_names::similarity::jaro;
/// assert!((jaro("MARTHA", "MARHTA") - 0.9444).abs() < 1e-4);
/// assert_eq!(jaro("", ""), 1.0);
/// assert_eq!(jaro("abc", ""), 0.0);
/// ```
pub fn jaro(a: &str, b: &str) -> f64 {
    let a = Chars::new(a);
    let b = Chars::new(b);
    jaro_chars(a.as_slice(), b.as_slice())
}

fn jaro_chars<T: Copy + PartialEq>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    if a.len() <= STACK && b.len() <= STACK {
        let (mut a_flags, mut b_flags) = (0u64, 0u64);
        let mut matches = 0usize;
        for (i, &ca) in a.iter().enumerate() {
            let lo = i.saturating_sub(window);
            let hi = (i + window + 1).min(b.len());
            for (j, &cb) in b.iter().enumerate().take(hi).skip(lo) {
                if b_flags & (1 << j) == 0 && cb == ca {
                    a_flags |= 1 << i;
                    b_flags |= 1 << j;
                    matches += 1;
                    break;
                }
            }
        }
        if matches == 0 {
            return 0.0;
        }
        let mut transpositions = 0usize;
        let mut j = 0usize;
        for (i, &ca) in a.iter().enumerate() {
            if a_flags & (1 << i) == 0 {
                continue;
            }
            while b_flags & (1 << j) == 0 {
                j += 1;
            }
            if ca != b[j] {
                transpositions += 1;
            }
            j += 1;
        }
        return jaro_formula(matches, transpositions, a.len(), b.len());
    }
    let mut a_flags = vec![false; a.len()];
    let mut b_flags = vec![false; b.len()];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for (j, &cb) in b.iter().enumerate().take(hi).skip(lo) {
            if !b_flags[j] && cb == ca {
                a_flags[i] = true;
                b_flags[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if !a_flags[i] {
            continue;
        }
        while !b_flags[j] {
            j += 1;
        }
        if ca != b[j] {
            transpositions += 1;
        }
        j += 1;
    }
    jaro_formula(matches, transpositions, a.len(), b.len())
}

fn jaro_formula(matches: usize, transpositions: usize, la: usize, lb: usize) -> f64 {
    let m = matches as f64;
    let t = (transpositions / 2) as f64;
    (m / la as f64 + m / lb as f64 + (m - t) / m) / 3.0
}

/// Settings of Jaro–Winkler.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JaroWinkler {
    /// The prefix bonus is added only when the Jaro similarity exceeds this (Winkler's 0.7;
    /// 0 to always add it).
    pub boost_threshold: f64,
    /// Weight of each common prefix character (0.1).
    pub prefix_scale: f64,
    /// Longest prefix that counts (4).
    pub max_prefix: usize,
}

impl JaroWinkler {
    /// Winkler's settings, as most libraries use them: threshold 0.7, scale 0.1, prefix 4.
    pub const STANDARD: JaroWinkler = JaroWinkler {
        boost_threshold: 0.7,
        prefix_scale: 0.1,
        max_prefix: 4,
    };

    /// The prefix bonus always applied (scale 0.1, prefix 4), as in SimMetrics-derived tools
    /// and in the reverse-engineered behaviour of OFAC's Sanctions List Search.
    pub const ALWAYS_PREFIX: JaroWinkler = JaroWinkler {
        boost_threshold: 0.0,
        prefix_scale: 0.1,
        max_prefix: 4,
    };

    /// Similarity of two strings with these settings.
    pub fn similarity(&self, a: &str, b: &str) -> f64 {
        // ASCII strings are compared byte by byte: the same letters, without decoding.
        if a.is_ascii() && b.is_ascii() {
            return self.of_slices(a.as_bytes(), b.as_bytes());
        }
        let a = Chars::new(a);
        let b = Chars::new(b);
        self.of_slices(a.as_slice(), b.as_slice())
    }

    fn of_slices<T: Copy + PartialEq>(&self, a: &[T], b: &[T]) -> f64 {
        let j = jaro_chars(a, b);
        if self.boost_threshold > 0.0 && j <= self.boost_threshold {
            return j;
        }
        let prefix = a
            .iter()
            .zip(b.iter())
            .take(self.max_prefix)
            .take_while(|(x, y)| x == y)
            .count();
        (j + prefix as f64 * self.prefix_scale * (1.0 - j)).min(1.0)
    }
}

/// Jaro–Winkler with Winkler's settings (boost above 0.7, prefix up to 4, scale 0.1).
///
/// ```
/// use ce2_names::similarity::jaro_winkler;
/// assert!((jaro_winkler("MARTHA", "MARHTA") - 0.9611).abs() < 1e-4);
/// assert!((jaro_winkler("DIXON", "DICKSONX") - 0.8133).abs() < 1e-4);
/// ```
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    JaroWinkler::STANDARD.similarity(a, b)
}

/// Jaro–Winkler with the prefix bonus always applied (see [`JaroWinkler::ALWAYS_PREFIX`]).
pub fn jaro_winkler_simmetrics(a: &str, b: &str) -> f64 {
    JaroWinkler::ALWAYS_PREFIX.similarity(a, b)
}

/// Levenshtein distance: insertions, deletions and substitutions, one each.
///
/// ```
/// use ce2_names::similarity::levenshtein;
/// assert_eq!(levenshtein("kitten", "sitting"), 3);
/// assert_eq!(levenshtein("", "abc"), 3);
/// ```
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a = Chars::new(a);
    let b = Chars::new(b);
    bounded(a.as_slice(), b.as_slice(), usize::MAX, false).unwrap_or(usize::MAX)
}

/// Levenshtein distance if it is at most `max`, else `None`. Only a band of `2·max + 1`
/// diagonals is computed, and the computation stops as soon as every cell of a row exceeds
/// the budget, so a long mismatching pair costs little.
///
/// ```
/// use ce2_names::similarity::levenshtein_bounded;
/// assert_eq!(levenshtein_bounded("kitten", "sitting", 3), Some(3));
/// assert_eq!(levenshtein_bounded("kitten", "sitting", 2), None);
/// ```
pub fn levenshtein_bounded(a: &str, b: &str, max: usize) -> Option<usize> {
    let a = Chars::new(a);
    let b = Chars::new(b);
    bounded(a.as_slice(), b.as_slice(), max, false)
}

/// Optimal-string-alignment distance (the restricted Damerau–Levenshtein): Levenshtein plus
/// the transposition of two adjacent characters as one edit (`Kim Jnog` ~ `Kim Jong`). No
/// substring is edited twice.
///
/// ```
/// use ce2_names::similarity::damerau_levenshtein;
/// assert_eq!(damerau_levenshtein("jnog", "jong"), 1);
/// assert_eq!(damerau_levenshtein("ca", "abc"), 3);
/// ```
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    let a = Chars::new(a);
    let b = Chars::new(b);
    bounded(a.as_slice(), b.as_slice(), usize::MAX, true).unwrap_or(usize::MAX)
}

/// Optimal-string-alignment distance if it is at most `max`, else `None` (see
/// [`levenshtein_bounded`] for the budget).
pub fn damerau_levenshtein_bounded(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        if letters_apart(a.as_bytes(), b.as_bytes()) > max {
            return None;
        }
        return bounded(a.as_bytes(), b.as_bytes(), max, true);
    }
    let a = Chars::new(a);
    let b = Chars::new(b);
    bounded(a.as_slice(), b.as_slice(), max, true)
}

/// Similarity from the Levenshtein distance: `1 − distance / longer length` (1 for two empty
/// strings).
pub fn levenshtein_similarity(a: &str, b: &str) -> f64 {
    let a = Chars::new(a);
    let b = Chars::new(b);
    let (a, b) = (a.as_slice(), b.as_slice());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let d = bounded(a, b, usize::MAX, false).unwrap_or(longest);
    1.0 - d as f64 / longest as f64
}

/// A lower bound of the edit distance of two ASCII strings, with transpositions, found by
/// counting letters: the letters of one that the other lacks, or the reverse, whichever are
/// more. An insertion, a deletion or a substitution changes each count by at most one, and a
/// transposition changes none. Most pairs of different words are further apart than any
/// budget, which this tells without the table.
fn letters_apart(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i16; 128];
    for &x in a {
        counts[usize::from(x & 0x7f)] += 1;
    }
    for &y in b {
        counts[usize::from(y & 0x7f)] -= 1;
    }
    // Each letter's surplus, drained one occurrence at a time, so that only the letters of the
    // two strings are visited.
    let (mut only_a, mut only_b) = (0, 0);
    for &x in a {
        let c = &mut counts[usize::from(x & 0x7f)];
        if *c > 0 {
            *c -= 1;
            only_a += 1;
        }
    }
    for &y in b {
        let c = &mut counts[usize::from(y & 0x7f)];
        if *c < 0 {
            *c += 1;
            only_b += 1;
        }
    }
    only_a.max(only_b)
}

/// Banded Wagner–Fischer over three rows (two previous rows for transpositions).
fn bounded<T: Copy + PartialEq>(
    a: &[T],
    b: &[T],
    max: usize,
    transpositions: bool,
) -> Option<usize> {
    // Strip the common prefix and suffix: they cost nothing and shrink the table.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    // Make `a` the longer one.
    let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
    if a.len() - b.len() > max {
        return None;
    }
    if b.is_empty() {
        return Some(a.len());
    }
    let m = b.len();
    let width = m + 1;
    const BIG: usize = usize::MAX / 4;
    let mut small = [0usize; 3 * SMALL_ROW];
    let mut stack: [usize; 3 * (STACK + 1)];
    let mut heap: Vec<usize>;
    let buf: &mut [usize] = if width <= SMALL_ROW {
        &mut small[..3 * width]
    } else if m <= STACK {
        stack = [0usize; 3 * (STACK + 1)];
        &mut stack[..3 * width]
    } else {
        heap = vec![0usize; 3 * width];
        &mut heap
    };
    // Rotating rows: two rows back, the previous row, the current row.
    let (mut r2, mut r1, mut r0) = (0usize, width, 2 * width);
    for j in 0..=m {
        buf[r1 + j] = if j <= max { j } else { BIG };
    }
    for i in 1..=a.len() {
        let lo = if i > max { i - max } else { 1 };
        let hi = i.saturating_add(max).min(m);
        buf[r0] = if i <= max { i } else { BIG };
        let mut row_min = buf[r0];
        for j in 1..=m {
            let v = if j < lo || j > hi {
                BIG
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (buf[r1 + j] + 1)
                    .min(buf[r0 + j - 1] + 1)
                    .min(buf[r1 + j - 1] + cost);
                if transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                {
                    v = v.min(buf[r2 + j - 2] + 1);
                }
                v.min(BIG)
            };
            buf[r0 + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        (r2, r1, r0) = (r1, r0, r2);
    }
    let last = buf[r1 + m];
    (last <= max).then_some(last)
}
