//! Hangul syllables taken apart into jamo by Unicode arithmetic, and the equivalence classes
//! that the romanisation systems and the lists blur.
//!
//! A precomposed syllable is `0xAC00 + (initial × 21 + vowel) × 28 + final`, with 19 initials,
//! 21 vowels and 28 finals (the first "final" being none). The constants below name the indexes
//! so that the romanisation tables read as Korean rather than as numbers.

/// The first precomposed Hangul syllable, 가.
pub const FIRST_SYLLABLE: u32 = 0xAC00;
/// How many precomposed Hangul syllables Unicode has (가 to 힣).
pub const SYLLABLE_COUNT: u32 = 11_172;
const VOWEL_COUNT: u32 = 21;
const FINAL_COUNT: u32 = 28;

// Initial consonants, in Unicode order.
pub(crate) const I_G: u8 = 0; // ㄱ
pub(crate) const I_GG: u8 = 1; // ㄲ
pub(crate) const I_N: u8 = 2; // ㄴ
pub(crate) const I_D: u8 = 3; // ㄷ
pub(crate) const I_DD: u8 = 4; // ㄸ
pub(crate) const I_R: u8 = 5; // ㄹ
pub(crate) const I_M: u8 = 6; // ㅁ
pub(crate) const I_B: u8 = 7; // ㅂ
pub(crate) const I_BB: u8 = 8; // ㅃ
pub(crate) const I_S: u8 = 9; // ㅅ
pub(crate) const I_SS: u8 = 10; // ㅆ
pub(crate) const I_NULL: u8 = 11; // ㅇ
pub(crate) const I_J: u8 = 12; // ㅈ
pub(crate) const I_JJ: u8 = 13; // ㅉ
pub(crate) const I_CH: u8 = 14; // ㅊ
pub(crate) const I_K: u8 = 15; // ㅋ
pub(crate) const I_T: u8 = 16; // ㅌ
pub(crate) const I_P: u8 = 17; // ㅍ
pub(crate) const I_H: u8 = 18; // ㅎ

// Vowels, in Unicode order.
pub(crate) const V_A: u8 = 0; // ㅏ
pub(crate) const V_AE: u8 = 1; // ㅐ
pub(crate) const V_YA: u8 = 2; // ㅑ
pub(crate) const V_YAE: u8 = 3; // ㅒ
pub(crate) const V_EO: u8 = 4; // ㅓ
pub(crate) const V_E: u8 = 5; // ㅔ
pub(crate) const V_YEO: u8 = 6; // ㅕ
pub(crate) const V_YE: u8 = 7; // ㅖ
pub(crate) const V_O: u8 = 8; // ㅗ
pub(crate) const V_WA: u8 = 9; // ㅘ
pub(crate) const V_WAE: u8 = 10; // ㅙ
pub(crate) const V_OE: u8 = 11; // ㅚ
pub(crate) const V_YO: u8 = 12; // ㅛ
pub(crate) const V_U: u8 = 13; // ㅜ
pub(crate) const V_WO: u8 = 14; // ㅝ
pub(crate) const V_WE: u8 = 15; // ㅞ
pub(crate) const V_WI: u8 = 16; // ㅟ
pub(crate) const V_YU: u8 = 17; // ㅠ
pub(crate) const V_EU: u8 = 18; // ㅡ
pub(crate) const V_UI: u8 = 19; // ㅢ
pub(crate) const V_I: u8 = 20; // ㅣ

// The final ㅇ (finals are otherwise handled by class, see `coda_of`).
pub(crate) const F_NG: u8 = 21;

/// One Hangul syllable as its three jamo indexes (Unicode order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Jamo {
    /// Initial consonant, 0..19 (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ).
    pub initial: u8,
    /// Vowel, 0..21 (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ).
    pub vowel: u8,
    /// Final consonant, 0..28, 0 meaning none.
    pub coda: u8,
}

impl Jamo {
    /// Takes a precomposed Hangul syllable apart; `None` for any other character.
    pub fn of(c: char) -> Option<Jamo> {
        let index = (c as u32).checked_sub(FIRST_SYLLABLE)?;
        if index >= SYLLABLE_COUNT {
            return None;
        }
        Some(Jamo {
            initial: (index / (VOWEL_COUNT * FINAL_COUNT)) as u8,
            vowel: ((index % (VOWEL_COUNT * FINAL_COUNT)) / FINAL_COUNT) as u8,
            coda: (index % FINAL_COUNT) as u8,
        })
    }

    /// Puts the syllable back together; `None` when an index is out of range.
    pub fn to_char(self) -> Option<char> {
        if self.initial >= 19
            || u32::from(self.vowel) >= VOWEL_COUNT
            || u32::from(self.coda) >= FINAL_COUNT
        {
            return None;
        }
        let index = (u32::from(self.initial) * VOWEL_COUNT + u32::from(self.vowel)) * FINAL_COUNT
            + u32::from(self.coda);
        char::from_u32(FIRST_SYLLABLE + index)
    }

    /// The syllable with index `i` (0 = 가 … 11,171 = 힣).
    pub fn nth(i: u32) -> Option<Jamo> {
        char::from_u32(FIRST_SYLLABLE + i).and_then(Jamo::of)
    }
}

/// Whether `c` is a precomposed Hangul syllable.
pub fn is_syllable(c: char) -> bool {
    (FIRST_SYLLABLE..FIRST_SYLLABLE + SYLLABLE_COUNT).contains(&(c as u32))
}

/// Class of a syllable's initial consonant.
///
/// Plain, aspirated and tense stops fall together (ㄱㅋㄲ, ㄷㅌㄸ, ㅂㅍㅃ, ㅈㅊㅉ, ㅅㅆ) because
/// the DPRK style voices what McCune–Reischauer writes voiceless (Chong/Jong, Pong/Bong) and the
/// lists drop MR's aspiration apostrophes. ㄴ and ㄹ fall together because South Korean
/// orthography writes a word-initial ㄹ as ㄴ (로/노: Ro/No/Noh); before i and y both ㄹ and
/// ㅇ are `None` (리/이: Ri/Li/Lee/Yi/I).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Onset {
    /// No sounded consonant: ㅇ, and ㄹ before i/y.
    None,
    /// ㄱ ㅋ ㄲ.
    K,
    /// ㄷ ㅌ ㄸ.
    T,
    /// ㅂ ㅍ ㅃ.
    P,
    /// ㅈ ㅊ ㅉ.
    C,
    /// ㅅ ㅆ.
    S,
    /// ㅎ.
    H,
    /// ㅁ.
    M,
    /// ㄴ, and ㄹ before vowels other than i/y.
    N,
}

/// Class of a syllable's vowel.
///
/// ㅓ ㅗ ㅜ ㅡ are one class: once MR's breves are dropped ŏ is written o and ŭ is written u,
/// and South Korean and diaspora spellings write ㅓ as u (Sun, Chul) and ㅡ as eu or u, so the
/// lists show every pairing of the four. ㅕ ㅛ ㅠ are one class for the same reason (Hyok,
/// Hyeok, Hyuk; Kyong, Kyung).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nucleus {
    /// ㅏ.
    A,
    /// ㅐ ㅔ.
    E,
    /// ㅑ.
    Ya,
    /// ㅒ ㅖ.
    Ye,
    /// ㅓ ㅗ ㅜ ㅡ.
    O,
    /// ㅕ ㅛ ㅠ.
    Yo,
    /// ㅘ.
    Wa,
    /// ㅙ ㅚ ㅞ (wae, oe/oi, we).
    We,
    /// ㅝ.
    Wo,
    /// ㅟ.
    Wi,
    /// ㅣ ㅢ.
    I,
}

impl Nucleus {
    /// Whether the vowel starts with an i or y sound, before which ㄹ is dropped in South
    /// Korean orthography.
    pub fn is_front_high(self) -> bool {
        matches!(self, Nucleus::I | Nucleus::Ya | Nucleus::Ye | Nucleus::Yo)
    }
}

/// Class of a syllable's final consonant: the seven sounds a Korean syllable can end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Coda {
    /// No final.
    None,
    /// ㄱ ㄲ ㅋ ㄳ ㄺ.
    K,
    /// ㄴ ㄵ ㄶ.
    N,
    /// ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ.
    T,
    /// ㄹ ㄼ ㄽ ㄾ ㅀ.
    L,
    /// ㅁ ㄻ.
    M,
    /// ㅂ ㅍ ㅄ ㄿ.
    P,
    /// ㅇ.
    Ng,
}

/// The class of one syllable: what its romanisations have in common.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SyllableKey {
    /// Initial consonant class.
    pub onset: Onset,
    /// Vowel class.
    pub nucleus: Nucleus,
    /// Final consonant class.
    pub coda: Coda,
}

pub(crate) fn nucleus_of(vowel: u8) -> Nucleus {
    match vowel {
        V_A => Nucleus::A,
        V_AE | V_E => Nucleus::E,
        V_YA => Nucleus::Ya,
        V_YAE | V_YE => Nucleus::Ye,
        V_EO | V_O | V_U | V_EU => Nucleus::O,
        V_YEO | V_YO | V_YU => Nucleus::Yo,
        V_WA => Nucleus::Wa,
        V_WAE | V_OE | V_WE => Nucleus::We,
        V_WO => Nucleus::Wo,
        V_WI => Nucleus::Wi,
        _ => Nucleus::I,
    }
}

pub(crate) fn onset_of(initial: u8, nucleus: Nucleus) -> Onset {
    match initial {
        I_G | I_GG | I_K => Onset::K,
        I_D | I_DD | I_T => Onset::T,
        I_B | I_BB | I_P => Onset::P,
        I_J | I_JJ | I_CH => Onset::C,
        I_S | I_SS => Onset::S,
        I_H => Onset::H,
        I_M => Onset::M,
        I_N => Onset::N,
        I_R if nucleus.is_front_high() => Onset::None,
        I_R => Onset::N,
        _ => Onset::None,
    }
}

pub(crate) fn coda_of(coda: u8) -> Coda {
    match coda {
        0 => Coda::None,
        1 | 2 | 3 | 9 | 24 => Coda::K,
        4..=6 => Coda::N,
        7 | 19 | 20 | 22 | 23 | 25 | 27 => Coda::T,
        8 | 11 | 12 | 13 | 15 => Coda::L,
        10 | 16 => Coda::M,
        14 | 17 | 18 | 26 => Coda::P,
        _ => Coda::Ng,
    }
}

impl SyllableKey {
    /// The class of a syllable given as jamo.
    pub fn of_jamo(j: Jamo) -> SyllableKey {
        let nucleus = nucleus_of(j.vowel);
        SyllableKey {
            onset: onset_of(j.initial, nucleus),
            nucleus,
            coda: coda_of(j.coda),
        }
    }

    /// The class of a precomposed Hangul syllable; `None` for any other character.
    pub fn of_char(c: char) -> Option<SyllableKey> {
        Jamo::of(c).map(SyllableKey::of_jamo)
    }

    /// Appends the key's letters: onset (k t p c s h m n, nothing for none), vowel (a e ya ye o
    /// yo wa we wo wi i), final (k n t l m p, g for ng). Initial and final consonants share
    /// letters, so a joined name gives the same letters wherever its syllables are cut
    /// (`Jimin` read as jim+in or ji+min gives `cimin` both ways).
    pub fn write_flat(&self, out: &mut String) {
        out.push_str(match self.onset {
            Onset::None => "",
            Onset::K => "k",
            Onset::T => "t",
            Onset::P => "p",
            Onset::C => "c",
            Onset::S => "s",
            Onset::H => "h",
            Onset::M => "m",
            Onset::N => "n",
        });
        out.push_str(match self.nucleus {
            Nucleus::A => "a",
            Nucleus::E => "e",
            Nucleus::Ya => "ya",
            Nucleus::Ye => "ye",
            Nucleus::O => "o",
            Nucleus::Yo => "yo",
            Nucleus::Wa => "wa",
            Nucleus::We => "we",
            Nucleus::Wo => "wo",
            Nucleus::Wi => "wi",
            Nucleus::I => "i",
        });
        out.push_str(match self.coda {
            Coda::None => "",
            Coda::K => "k",
            Coda::N => "n",
            Coda::T => "t",
            Coda::L => "l",
            Coda::M => "m",
            Coda::P => "p",
            Coda::Ng => "g",
        });
    }

    /// The key's letters as a new string (see [`SyllableKey::write_flat`]).
    pub fn flat(&self) -> String {
        let mut s = String::with_capacity(4);
        self.write_flat(&mut s);
        s
    }
}
