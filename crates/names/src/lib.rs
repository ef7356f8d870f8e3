//! Names for screening: the layer below matching that turns a name, in any script and any
//! romanisation, into comparable parts.
//!
//! * [`normalize`]: Unicode compatibility forms, case, diacritics, MR breves and apostrophes,
//!   separators, invisible characters and homoglyphs, so that a listed name cannot slip past by
//!   any of them.
//! * [`script`]: which writing system a name or word is in.
//! * [`latinize`]: Cyrillic, Greek, Hangul, Han, Arabic, Hebrew, Thai, kana, Armenian and
//!   Georgian to Latin keys;
//!   [`skeleton`]: the consonant key that compares names in scripts without written vowels
//!   (Arabic, Hebrew) with their Latin spellings.
//! * [`tokenize`]: the words of a name as [`Token`]s: name words, legal forms, organisation
//!   types, numbers (`44`, `Forty-Four`), stop words and initials, with
//!   Korea/Choson/Chosun/조선/朝鲜 as one symbol in the names of bodies.
//! * [`korean`]: one key for all the spellings of a Korean name (Kim Jong Un, Kim Chŏng-ŭn,
//!   Gim Jeong-eun, 김정은), derived from Hangul through the romanisation systems.
//! * [`chinese`]: one key for the pinyin, Wade–Giles and Han writings of the same Mandarin
//!   syllables (Xi Jinping, Hsi Chin-p'ing, 习近平).
//! * [`han`]: the Korean and Japanese readings of the Han characters of names (金正恩 read as
//!   김정은; 山田太郎 as Yamada Tarō).
//! * [`hypocorisms`]: short forms of given names (Ted, Theodore; Sasha, Aleksandr).
//! * [`similarity`] and [`phonetic`]: Jaro–Winkler, Levenshtein and OSA distances with
//!   budgets, Soundex and Metaphone.
//!
//! ```
//! use ce2_names::{korean::korean_name, tokenize, NameKind};
//! let listed = korean_name(&tokenize("KIM Yong Chol", NameKind::Person));
//! for alias in ["Kim Young-Cheol", "KIM Yong-Chol", "김영철", "Kim Yŏng-ch'ŏl"] {
//!     assert_eq!(korean_name(&tokenize(alias, NameKind::Person)), listed, "{alias}");
//! }
//! ```
//!
//! The crate is pure: it does no IO, and no input makes it panic.

mod chars;
pub mod chinese;
mod fnv;
pub mod han;
pub mod hypocorisms;
pub mod korean;
mod normalize;
pub mod phonetic;
mod script;
pub mod similarity;
mod tokens;
mod translit;
pub mod vocab;

pub use normalize::normalize;
pub use script::{char_script, script, word_scripts, Script};
pub use tokens::{legal_form_of, org_type_of, tokenize, NameKind, Token, TokenKind};
pub use translit::{latinize, skeleton};
pub use vocab::{LegalForm, OrgType, Symbol};
