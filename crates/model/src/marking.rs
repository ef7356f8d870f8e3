//! Handling markings and grades carried by intelligence and evidence: the Traffic Light Protocol
//! (TLP 2.0, FIRST) and the Admiralty code of source reliability and information credibility
//! (NATO STANAG 2511 / AJP-2.1).
//!
//! ```
//! use ce2_model::marking::{Admiralty, Tlp};
//!
//! let tlp: Tlp = "TLP:AMBER+STRICT".parse().unwrap();
//! assert_eq!(tlp, Tlp::AmberStrict);
//! assert_eq!(tlp.stix_id(), "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
//! assert_eq!("white".parse::<Tlp>().unwrap(), Tlp::Clear); // TLP 1.0 WHITE is 2.0 CLEAR
//! assert!(Tlp::Red.stricter_than(Tlp::AmberStrict));
//!
//! let grade: Admiralty = "B2".parse().unwrap();
//! assert_eq!(grade.reliability.meaning(), "usually reliable");
//! assert_eq!(grade.credibility.meaning(), "probably true");
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A Traffic Light Protocol 2.0 marking, from the least to the most restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tlp {
    /// TLP:CLEAR: may be shared without limit (TLP 1.0 WHITE).
    #[serde(rename = "TLP:CLEAR")]
    Clear,
    /// TLP:GREEN: the recipient's community.
    #[serde(rename = "TLP:GREEN")]
    Green,
    /// TLP:AMBER: the recipient's organisation and its clients on a need-to-know basis.
    #[serde(rename = "TLP:AMBER")]
    Amber,
    /// TLP:AMBER+STRICT: the recipient's organisation only.
    #[serde(rename = "TLP:AMBER+STRICT")]
    AmberStrict,
    /// TLP:RED: the named recipients only; never leaves the node that holds it.
    #[serde(rename = "TLP:RED")]
    Red,
}

impl Tlp {
    /// Every marking, from the least to the most restricted.
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The marking as written: `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// The id of the STIX 2.1 marking-definition that OASIS publishes for this TLP 2.0 marking.
    pub fn stix_id(self) -> &'static str {
        match self {
            Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
        }
    }

    /// Whether this marking restricts more than `other`.
    pub fn stricter_than(self, other: Tlp) -> bool {
        self > other
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A text that is not a TLP marking or not an Admiralty grade.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MarkingError(String);

impl FromStr for Tlp {
    type Err = MarkingError;

    /// Reads `TLP:AMBER+STRICT`, `amber+strict`, `amber-strict`, `AMBER_STRICT`; TLP 1.0's
    /// WHITE reads as CLEAR.
    fn from_str(s: &str) -> Result<Tlp, MarkingError> {
        let t = s.trim();
        let t = t
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("tlp:"))
            .map_or(t, |_| &t[4..]);
        let key: String = t
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '-' | '_' => '+',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        match key.as_str() {
            "clear" | "white" => Ok(Tlp::Clear),
            "green" => Ok(Tlp::Green),
            "amber" => Ok(Tlp::Amber),
            "amber+strict" => Ok(Tlp::AmberStrict),
            "red" => Ok(Tlp::Red),
            _ => Err(MarkingError(format!(
                "{s:?} is not a TLP marking (CLEAR, GREEN, AMBER, AMBER+STRICT or RED)"
            ))),
        }
    }
}

/// The reliability of a source, A to F, judged apart from what it said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

impl Reliability {
    /// What the letter means.
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }

    /// The letter.
    pub fn letter(self) -> char {
        match self {
            Reliability::A => 'A',
            Reliability::B => 'B',
            Reliability::C => 'C',
            Reliability::D => 'D',
            Reliability::E => 'E',
            Reliability::F => 'F',
        }
    }

    fn from_letter(c: char) -> Option<Reliability> {
        Some(match c.to_ascii_uppercase() {
            'A' => Reliability::A,
            'B' => Reliability::B,
            'C' => Reliability::C,
            'D' => Reliability::D,
            'E' => Reliability::E,
            'F' => Reliability::F,
            _ => return None,
        })
    }
}

/// The credibility of a piece of information, 1 to 6, judged apart from its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Credibility {
    /// The credibility `n`, 1 (confirmed by other sources) to 6 (truth cannot be judged).
    pub fn new(n: u8) -> Option<Credibility> {
        (1..=6).contains(&n).then_some(Credibility(n))
    }

    /// The number.
    pub fn get(self) -> u8 {
        self.0
    }

    /// What the number means.
    pub fn meaning(self) -> &'static str {
        match self.0 {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

impl TryFrom<u8> for Credibility {
    type Error = MarkingError;
    fn try_from(n: u8) -> Result<Credibility, MarkingError> {
        Credibility::new(n)
            .ok_or_else(|| MarkingError(format!("credibility {n} is not between 1 and 6")))
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}

/// An Admiralty grade: a source's reliability and the information's credibility, written
/// together (`B2`) but judged independently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Admiralty {
    /// The source's reliability.
    pub reliability: Reliability,
    /// The information's credibility.
    pub credibility: Credibility,
}

impl Admiralty {
    /// A sentence for a person: `B2 (source usually reliable; information probably true)`.
    pub fn describe(self) -> String {
        format!(
            "{self} (source {}; information {})",
            self.reliability.meaning(),
            self.credibility.meaning()
        )
    }
}

impl fmt::Display for Admiralty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.reliability.letter(), self.credibility.0)
    }
}

impl FromStr for Admiralty {
    type Err = MarkingError;

    /// Reads `B2`, `b2`, `B-2`, `B 2`.
    fn from_str(s: &str) -> Result<Admiralty, MarkingError> {
        let chars: Vec<char> = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '/')
            .collect();
        let bad = || {
            MarkingError(format!(
                "{s:?} is not an Admiralty grade: a letter A-F (source reliability) and a \
                 digit 1-6 (information credibility), as in B2"
            ))
        };
        match chars.as_slice() {
            [r, c] => Ok(Admiralty {
                reliability: Reliability::from_letter(*r).ok_or_else(bad)?,
                credibility: c
                    .to_digit(10)
                    .and_then(|d| Credibility::new(d as u8))
                    .ok_or_else(bad)?,
            }),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlp_2_0_stix_ids_are_the_oasis_ones() {
        // Wrong ids circulate in public repositories; these are the published ones.
        let want = [
            (Tlp::Clear, "94868c89-83c2-464b-929b-a1a8aa3c8487"),
            (Tlp::Green, "bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
            (Tlp::Amber, "55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
            (Tlp::AmberStrict, "939a9414-2ddd-4d32-a0cd-375ea402b003"),
            (Tlp::Red, "e828b379-4e03-4974-9ac4-e53a884c97c1"),
        ];
        for (tlp, uuid) in want {
            assert_eq!(tlp.stix_id(), format!("marking-definition--{uuid}"));
        }
    }

    #[test]
    fn tlp_reads_its_spellings_and_refuses_others() {
        let cases = [
            ("TLP:CLEAR", Some(Tlp::Clear)),
            ("tlp:white", Some(Tlp::Clear)),
            ("GREEN", Some(Tlp::Green)),
            ("Amber", Some(Tlp::Amber)),
            ("amber+strict", Some(Tlp::AmberStrict)),
            ("AMBER_STRICT", Some(Tlp::AmberStrict)),
            ("TLP:AMBER-STRICT", Some(Tlp::AmberStrict)),
            ("TLP:RED", Some(Tlp::Red)),
            ("", None),
            ("TLP:", None),
            ("purple", None),
            ("amberstrict", None),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<Tlp>().ok(), want, "{text:?}");
        }
        for tlp in Tlp::ALL {
            assert_eq!(tlp.label().parse::<Tlp>().unwrap(), tlp);
            let json = serde_json::to_string(&tlp).unwrap();
            assert_eq!(json, format!("\"{}\"", tlp.label()));
            assert_eq!(serde_json::from_str::<Tlp>(&json).unwrap(), tlp);
        }
        assert!(Tlp::Red.stricter_than(Tlp::Amber));
        assert!(!Tlp::Green.stricter_than(Tlp::Green));
    }

    #[test]
    fn admiralty_grades_read_both_axes_independently() {
        let cases = [
            ("A1", Some("A1")),
            ("b2", Some("B2")),
            ("F-6", Some("F6")),
            ("C 3", Some("C3")),
            ("G1", None),
            ("A0", None),
            ("A7", None),
            ("2B", None),
            ("AB", None),
            ("A12", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = text.parse::<Admiralty>().ok().map(|g| g.to_string());
            assert_eq!(got.as_deref(), want, "{text:?}");
        }
        let g: Admiralty = "E1".parse().unwrap();
        assert_eq!(
            g.describe(),
            "E1 (source unreliable; information confirmed by other sources)"
        );
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(json, r#"{"reliability":"E","credibility":1}"#);
        assert!(
            serde_json::from_str::<Admiralty>(r#"{"reliability":"A","credibility":9}"#).is_err()
        );
    }
}
