//! Phonetic keys of Latin words: Soundex and a Metaphone.
//!
//! Both read ASCII letters only and skip everything else, so feed them normalised, latinised
//! text ([`crate::latinize`]). Korean romanisations are better served by
//! [`crate::korean::korean_key`], which knows that `Chong` and `Jong` are one syllable.

/// American Soundex: the first letter, then three digits for the consonant classes that
/// follow (`Robert` → `R163`, `Ashcraft` → `A261`). Empty when the word has no ASCII letter.
///
/// ```
/// use ce2_names::phonetic::soundex;
/// assert_eq!(soundex("Robert"), "R163");
/// assert_eq!(soundex("Rupert"), "R163");
/// assert_eq!(soundex("Ashcraft"), "A261");
/// assert_eq!(soundex("Tymczak"), "T522");
/// assert_eq!(soundex("Pfister"), "P236");
/// assert_eq!(soundex(""), "");
/// ```
pub fn soundex(word: &str) -> String {
    fn code(b: u8) -> u8 {
        match b {
            b'B' | b'F' | b'P' | b'V' => b'1',
            b'C' | b'G' | b'J' | b'K' | b'Q' | b'S' | b'X' | b'Z' => b'2',
            b'D' | b'T' => b'3',
            b'L' => b'4',
            b'M' | b'N' => b'5',
            b'R' => b'6',
            b'H' | b'W' => b'-', // transparent: does not separate equal codes
            _ => b'0',           // vowels separate equal codes
        }
    }
    let mut letters = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_uppercase());
    let Some(first) = letters.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(4);
    out.push(char::from(first));
    let mut last = code(first);
    for b in letters {
        let c = code(b);
        match c {
            b'-' => continue,
            b'0' => last = b'0',
            _ => {
                if c != last {
                    out.push(char::from(c));
                    if out.len() == 4 {
                        break;
                    }
                }
                last = c;
            }
        }
    }
    while out.len() < 4 {
        out.push('0');
    }
    out
}

/// Metaphone (Lawrence Philips' original rules, without the later Double Metaphone
/// refinements): a key of the consonant sounds of an English-spelled word, vowels kept only at
/// the start. `0` stands for "th", `X` for "sh" and "ch". Empty when the word has no ASCII
/// letter.
///
/// ```
/// use ce2_names::phonetic::metaphone;
/// assert_eq!(metaphone("Smith"), "SM0");
/// assert_eq!(metaphone("Schmidt"), "SKMTT");
/// assert_eq!(metaphone("Knight"), "NT");
/// assert_eq!(metaphone("Philips"), "FLPS");
/// assert_eq!(metaphone("Xavier"), "SFR");
/// ```
pub fn metaphone(word: &str) -> String {
    // The letters, upper case, between zero bytes: a neighbour outside the word reads as 0.
    const PAD: usize = 2;
    let mut w = [0u8; PAD + 64 + 4];
    let mut n = 0;
    for b in word.bytes().filter(u8::is_ascii_alphabetic).take(64) {
        w[PAD + n] = b.to_ascii_uppercase();
        n += 1;
    }
    let mut out = String::with_capacity(n);
    if n == 0 {
        return out;
    }
    // The rules look at most one letter back and three ahead.
    let at = |i: isize| -> u8 { w.get((i + PAD as isize) as usize).copied().unwrap_or(0) };
    let is_vowel = |b: u8| matches!(b, b'A' | b'E' | b'I' | b'O' | b'U');
    let is_front = |b: u8| matches!(b, b'E' | b'I' | b'Y');

    // Initial letter groups.
    let mut i: isize = 0;
    match (at(0), at(1)) {
        (b'A', b'E') | (b'G', b'N') | (b'K', b'N') | (b'P', b'N') | (b'W', b'R') => i = 1,
        (b'X', _) => {
            out.push('S');
            i = 1;
        }
        (b'W', b'H') => {
            out.push('W');
            i = 2;
        }
        _ => {}
    }

    while (i as usize) < n {
        let c = at(i);
        let prev = at(i - 1);
        let next = at(i + 1);
        // Doubled letters count once, except C.
        if c == prev && c != b'C' && i > 0 {
            i += 1;
            continue;
        }
        match c {
            b'A' | b'E' | b'I' | b'O' | b'U' => {
                if i == 0 {
                    out.push(char::from(c));
                }
            }
            b'B' => {
                // Silent in a final MB (dumb).
                if !(prev == b'M' && i as usize == n - 1) {
                    out.push('B');
                }
            }
            b'C' => {
                if prev == b'S' && is_front(next) {
                    // SCE, SCI, SCY: silent.
                } else if next == b'I' && at(i + 2) == b'A' {
                    out.push('X');
                } else if next == b'H' {
                    out.push(if prev == b'S' { 'K' } else { 'X' });
                    i += 1;
                } else if is_front(next) {
                    out.push('S');
                } else {
                    out.push('K');
                }
            }
            b'D' => {
                if next == b'G' && is_front(at(i + 2)) {
                    out.push('J');
                    i += 1;
                } else {
                    out.push('T');
                }
            }
            b'G' => {
                let silent_gh = next == b'H' && !(i as usize + 2 >= n || is_vowel(at(i + 2)));
                let silent_gn = next == b'N'
                    && (i as usize + 2 == n || (at(i + 2) == b'E' && at(i + 3) == b'D'));
                if silent_gh || silent_gn {
                    // silent
                } else if is_front(next) && prev != b'G' {
                    out.push('J');
                } else {
                    out.push('K');
                }
            }
            b'H' => {
                if is_vowel(next) && !matches!(prev, b'C' | b'S' | b'P' | b'T' | b'G') {
                    out.push('H');
                }
            }
            b'K' => {
                if prev != b'C' {
                    out.push('K');
                }
            }
            b'P' => {
                if next == b'H' {
                    out.push('F');
                    i += 1;
                } else {
                    out.push('P');
                }
            }
            b'Q' => out.push('K'),
            b'S' => {
                if next == b'H' {
                    out.push('X');
                    i += 1;
                } else if next == b'I' && matches!(at(i + 2), b'O' | b'A') {
                    out.push('X');
                } else {
                    out.push('S');
                }
            }
            b'T' => {
                if next == b'I' && matches!(at(i + 2), b'O' | b'A') {
                    out.push('X');
                } else if next == b'H' {
                    out.push('0');
                    i += 1;
                } else if !(next == b'C' && at(i + 2) == b'H') {
                    out.push('T');
                }
            }
            b'V' => out.push('F'),
            b'W' | b'Y' => {
                if is_vowel(next) {
                    out.push(char::from(c));
                }
            }
            b'X' => out.push_str("KS"),
            b'Z' => out.push('S'),
            other => out.push(char::from(other)),
        }
        i += 1;
    }
    out
}
