//! Vessel identity numbers: MMSI structure and its MID (flag), IMO check digits.
//!
//! The MID table ([`mid_country`]) is written for this crate from the ITU allocations
//! (ITU-R M.585); a test compares it with the independent tables in the shared data folder.

use serde::{Deserialize, Serialize};

use crate::mid_table::MIDS;

/// The country (flag administration or territory) that a MID is allocated to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MidCountry {
    /// The Maritime Identification Digits, 201–775.
    pub mid: u16,
    /// ISO 3166-1 alpha-2 code (for the French southern territories `TF`, for Ascension `SH`).
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 code.
    pub alpha3: &'static str,
    /// English name as ITU lists it, shortened.
    pub name: &'static str,
}

/// The allocation of a MID, or `None` when the MID is not allocated.
pub fn mid_country(mid: u16) -> Option<MidCountry> {
    MIDS.binary_search_by_key(&mid, |r| r.0).ok().map(|i| {
        let (mid, alpha2, alpha3, name) = MIDS[i];
        MidCountry {
            mid,
            alpha2,
            alpha3,
            name,
        }
    })
}

/// Every allocated MID, in ascending order.
pub fn all_mids() -> impl Iterator<Item = MidCountry> {
    MIDS.iter().map(|&(mid, alpha2, alpha3, name)| MidCountry {
        mid,
        alpha2,
        alpha3,
        name,
    })
}

/// The ISO alpha-2 code for a flag given as alpha-2, alpha-3 or an English country name as the
/// MID table spells it (case-insensitive); `None` when unknown.
pub fn flag_alpha2(flag: &str) -> Option<&'static str> {
    let f = flag.trim();
    if f.is_empty() {
        return None;
    }
    MIDS.iter()
        .find(|r| {
            r.1.eq_ignore_ascii_case(f)
                || r.2.eq_ignore_ascii_case(f)
                || r.3.eq_ignore_ascii_case(f)
        })
        .map(|r| r.1)
}

/// What kind of station an MMSI names (ITU-R M.585 formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MmsiKind {
    /// `MIDXXXXXX`: a ship station.
    Ship,
    /// `0MIDXXXXX`: a group of ships.
    Group,
    /// `00MIDXXXX`: a coast station.
    Coast,
    /// `111MIDXXX`: a search-and-rescue aircraft.
    SarAircraft,
    /// `99MIDXXXX`: an aid to navigation.
    AidToNavigation,
    /// `98MIDXXXX`: an auxiliary craft of a parent ship.
    AuxiliaryCraft,
    /// `970…`, `972…`, `974…`: AIS-SART, man-overboard and EPIRB-AIS devices.
    Device,
    /// `8MIDXXXXX`: a diver's radio.
    Diver,
    /// Anything else (fewer than 9 digits, or a MID that is not allocated).
    Irregular,
}

/// The structure of an MMSI: its kind and, where it has one, its MID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MmsiInfo {
    /// The kind of station.
    pub kind: MmsiKind,
    /// The MID, when the format carries one and it is allocated.
    pub mid: Option<u16>,
}

/// Classifies an MMSI by its format.
pub fn mmsi_info(mmsi: u32) -> MmsiInfo {
    let allocated = |m: u32| -> Option<u16> {
        let m = u16::try_from(m).ok()?;
        mid_country(m).map(|_| m)
    };
    let (kind, mid) = if !(1_000_000..1_000_000_000).contains(&mmsi) {
        (MmsiKind::Irregular, None)
    } else if (970_000_000..980_000_000).contains(&mmsi) {
        (MmsiKind::Device, None)
    } else if (990_000_000..1_000_000_000).contains(&mmsi) {
        (MmsiKind::AidToNavigation, allocated(mmsi / 10_000 % 1000))
    } else if (980_000_000..990_000_000).contains(&mmsi) {
        (MmsiKind::AuxiliaryCraft, allocated(mmsi / 10_000 % 1000))
    } else if (111_000_000..112_000_000).contains(&mmsi) {
        (MmsiKind::SarAircraft, allocated(mmsi / 1000 % 1000))
    } else if (800_000_000..900_000_000).contains(&mmsi) {
        (MmsiKind::Diver, allocated(mmsi / 100_000 % 1000))
    } else if mmsi >= 200_000_000 {
        (MmsiKind::Ship, allocated(mmsi / 1_000_000))
    } else if mmsi >= 10_000_000 {
        (MmsiKind::Group, allocated(mmsi / 100_000))
    } else {
        (MmsiKind::Coast, allocated(mmsi / 10_000))
    };
    match (kind, mid) {
        (MmsiKind::Device, _) => MmsiInfo { kind, mid: None },
        (_, None) => MmsiInfo {
            kind: MmsiKind::Irregular,
            mid: None,
        },
        _ => MmsiInfo { kind, mid },
    }
}

/// The flag country implied by a ship MMSI's MID.
pub fn mmsi_country(mmsi: u32) -> Option<MidCountry> {
    mmsi_info(mmsi).mid.and_then(mid_country)
}

/// Whether a ship MMSI is a default or placeholder value: its six digits after the MID are all
/// zeros (416000000) or all the same digit (e.g. 123456789 is not, 412111111 is), or it is
/// one of the widely reused fillers such as 111111111 or 123456789.
pub fn is_placeholder_mmsi(mmsi: u32) -> bool {
    const FILLERS: [u32; 4] = [0, 111_111_111, 123_456_789, 999_999_999];
    if FILLERS.contains(&mmsi) {
        return true;
    }
    if !(200_000_000..800_000_000).contains(&mmsi) {
        return false;
    }
    let tail = mmsi % 1_000_000;
    tail == 0 || tail.is_multiple_of(111_111)
}

/// Whether a ship IMO number (7 digits) has a valid check digit: the first six digits weighted
/// 7, 6, 5, 4, 3, 2, the last digit of the sum equals the seventh digit.
pub fn imo_is_valid(imo: u32) -> bool {
    if !(1_000_000..=9_999_999).contains(&imo) {
        return false;
    }
    let digits: Vec<u32> = (0..7).rev().map(|i| imo / 10u32.pow(i) % 10).collect();
    let sum: u32 = digits[..6]
        .iter()
        .zip([7, 6, 5, 4, 3, 2])
        .map(|(d, w)| d * w)
        .sum();
    sum % 10 == digits[6]
}

/// Whether a company or registered-owner IMO number has a valid check digit: weights
/// 8, 6, 4, 2, 9, 7 and check digit `(11 − sum mod 11) mod 10`.
pub fn company_imo_is_valid(imo: u32) -> bool {
    if !(1_000_000..=9_999_999).contains(&imo) {
        return false;
    }
    let digits: Vec<u32> = (0..7).rev().map(|i| imo / 10u32.pow(i) % 10).collect();
    let sum: u32 = digits[..6]
        .iter()
        .zip([8, 6, 4, 2, 9, 7])
        .map(|(d, w)| d * w)
        .sum();
    (11 - sum % 11) % 10 == digits[6]
}

/// Parses an IMO number as written in tables: `9307839`, `IMO9307839`, `IMO 9307839`.
/// Returns `None` for empty, zero or non-numeric values (the check digit is not checked here).
pub fn parse_imo(s: &str) -> Option<u32> {
    let t = s.trim().trim_matches('"');
    let t = t
        .strip_prefix("IMO")
        .or_else(|| t.strip_prefix("imo"))
        .unwrap_or(t)
        .trim_start_matches([' ', ':']);
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) || t.len() > 10 {
        return None;
    }
    t.parse().ok().filter(|&v| v != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_check_digits_from_the_domain_notes() {
        for ok in [
            9074729, 9538892, 9743033, 9735323, 8649840, 8018912, 7625811, 7605811,
        ] {
            assert!(imo_is_valid(ok), "{ok}");
        }
        for bad in [8814881, 8314881, 9074728, 123, 12_345_678] {
            assert!(!imo_is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn mmsi_formats() {
        assert_eq!(mmsi_info(445_123_000).mid, Some(445));
        assert_eq!(mmsi_country(445_123_000).unwrap().alpha3, "PRK");
        assert_eq!(mmsi_country(273_000_001).unwrap().alpha2, "RU");
        assert_eq!(mmsi_info(3_669_702).kind, MmsiKind::Coast);
        assert_eq!(mmsi_info(992_351_000).kind, MmsiKind::AidToNavigation);
        assert_eq!(mmsi_info(970_012_345).kind, MmsiKind::Device);
        assert_eq!(mmsi_info(111_232_506).kind, MmsiKind::SarAircraft);
        assert_eq!(mmsi_info(2332).kind, MmsiKind::Irregular);
        // US ships that drop the leading 3 send 8 digits: not a ship format.
        assert_ne!(mmsi_info(66_912_345).kind, MmsiKind::Ship);
        assert!(is_placeholder_mmsi(416_000_000));
        assert!(!is_placeholder_mmsi(416_004_378));
    }

    #[test]
    fn flags_and_imo_text() {
        assert_eq!(flag_alpha2("PRK"), Some("KP"));
        assert_eq!(flag_alpha2("sierra leone"), Some("SL"));
        assert_eq!(flag_alpha2("Atlantis"), None);
        assert_eq!(parse_imo("IMO9307839"), Some(9_307_839));
        assert_eq!(parse_imo("IMO 7937317"), Some(7_937_317));
        assert!(company_imo_is_valid(1_790_183));
        assert!(!company_imo_is_valid(1_790_184));
        assert_eq!(parse_imo("0"), None);
        assert_eq!(parse_imo(""), None);
    }
}
