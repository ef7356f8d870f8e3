//! Times as unix seconds (UTC): parsing the formats AIS tables use, and RFC 3339 output.

use serde::{Deserialize, Serialize};

/// How a time column is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    /// Guess per value among the formats below (unix seconds when the value is all digits and
    /// not 14 long).
    #[default]
    Auto,
    /// RFC 3339 / ISO 8601: `2023-01-11T00:00:00Z`, `…+09:00`, fractional seconds allowed; no
    /// zone means UTC.
    Rfc3339,
    /// `YYYY-MM-DD HH:MM:SS` (UTC), fractional seconds allowed.
    SpaceSeparated,
    /// `YYYY-MM-DDTHH:MM:SS` (UTC), the MarineCadastre form.
    TSeparated,
    /// `YYYYMMDD_HHMMSS` (UTC), as in Spire/ORBCOMM-like exports.
    Compact,
    /// Unix seconds, integer or decimal.
    UnixSeconds,
    /// `DD/MM/YYYY HH:MM:SS` (UTC), the Danish Maritime Authority form.
    DayMonthYear,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Unix seconds of a UTC date and time; `None` when a field is out of range.
pub fn unix_from_parts(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60
    {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// `2024-02-12T08:30:00Z` for unix seconds.
pub fn format_rfc3339(t: i64) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `HH:MM:SS[.fff]` and returns (h, m, s, rest after the seconds and fraction).
fn hms(s: &str) -> Option<(u32, u32, u32, &str)> {
    let b = s.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (h, m, sec) = (num(&s[0..2])?, num(&s[3..5])?, num(&s[6..8])?);
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    Some((h, m, sec, rest))
}

/// `YYYY-MM-DD` at the start of `s`.
fn ymd_dash(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((i64::from(num(&s[0..4])?), num(&s[5..7])?, num(&s[8..10])?))
}

/// A zone suffix: empty or `Z` (UTC), or `±HH:MM` / `±HHMM`; returns the offset in seconds.
fn zone(s: &str) -> Option<i64> {
    match s {
        "" | "Z" | "z" => Some(0),
        _ => {
            let sign = match s.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let body = s[1..].replace(':', "");
            if body.len() != 4 {
                return None;
            }
            let (h, m) = (num(&body[0..2])?, num(&body[2..4])?);
            Some(sign * i64::from(h * 3600 + m * 60))
        }
    }
}

fn parse_iso(s: &str, sep: Option<u8>) -> Option<i64> {
    let (y, mo, d) = ymd_dash(s)?;
    let sep_found = *s.as_bytes().get(10)?;
    match sep {
        Some(want) if sep_found != want => return None,
        None if !matches!(sep_found, b'T' | b't' | b' ') => return None,
        _ => {}
    }
    let (h, mi, sec, rest) = hms(&s[11..])?;
    let off = zone(rest)?;
    Some(unix_from_parts(y, mo, d, h, mi, sec)? - off)
}

/// Parses a time in the given format; `None` when it does not parse or is out of range.
pub fn parse_time(s: &str, fmt: TimeFormat) -> Option<i64> {
    let s = s.trim().trim_matches('"');
    match fmt {
        TimeFormat::Rfc3339 => parse_iso(s, None),
        TimeFormat::SpaceSeparated => parse_iso(s, Some(b' ')),
        TimeFormat::TSeparated => parse_iso(s, Some(b'T')),
        TimeFormat::Compact => {
            let b = s.as_bytes();
            if b.len() != 15 || b[8] != b'_' {
                return None;
            }
            unix_from_parts(
                i64::from(num(&s[0..4])?),
                num(&s[4..6])?,
                num(&s[6..8])?,
                num(&s[9..11])?,
                num(&s[11..13])?,
                num(&s[13..15])?,
            )
        }
        TimeFormat::UnixSeconds => {
            let v: f64 = s.parse().ok()?;
            (v.is_finite() && v.abs() < 1e11).then(|| v.floor() as i64)
        }
        TimeFormat::DayMonthYear => {
            let b = s.as_bytes();
            if b.len() < 19 || b[2] != b'/' || b[5] != b'/' || b[10] != b' ' {
                return None;
            }
            let (h, mi, sec, rest) = hms(&s[11..])?;
            if !rest.is_empty() {
                return None;
            }
            unix_from_parts(
                i64::from(num(&s[6..10])?),
                num(&s[3..5])?,
                num(&s[0..2])?,
                h,
                mi,
                sec,
            )
        }
        TimeFormat::Auto => {
            let b = s.as_bytes();
            if b.len() == 15 && b.get(8) == Some(&b'_') {
                parse_time(s, TimeFormat::Compact)
            } else if b.get(2) == Some(&b'/') {
                parse_time(s, TimeFormat::DayMonthYear)
            } else if b.get(4) == Some(&b'-') {
                parse_iso(s, None)
            } else {
                parse_time(s, TimeFormat::UnixSeconds)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = 1_673_395_200; // 2023-01-11T00:00:00Z
        assert_eq!(parse_time("2023-01-11T00:00:00", TimeFormat::Auto), Some(t));
        assert_eq!(
            parse_time("2023-01-11T00:00:00Z", TimeFormat::Rfc3339),
            Some(t)
        );
        assert_eq!(
            parse_time("2023-01-11T09:00:00+09:00", TimeFormat::Rfc3339),
            Some(t)
        );
        assert_eq!(
            parse_time("2023-01-11 00:00:00", TimeFormat::SpaceSeparated),
            Some(t)
        );
        assert_eq!(
            parse_time("2023-01-11 00:00:00.000000", TimeFormat::Auto),
            Some(t)
        );
        assert_eq!(
            parse_time("2023-01-11T00:00:00.000000Z", TimeFormat::Auto),
            Some(t)
        );
        assert_eq!(parse_time("20230111_000000", TimeFormat::Compact), Some(t));
        assert_eq!(parse_time("1673395200", TimeFormat::Auto), Some(t));
        assert_eq!(
            parse_time("11/01/2023 00:00:00", TimeFormat::DayMonthYear),
            Some(t)
        );
        assert_eq!(parse_time("2023-02-30T00:00:00", TimeFormat::Auto), None);
        assert_eq!(parse_time("2023-01-11T25:00:00", TimeFormat::Auto), None);
        assert_eq!(parse_time("yesterday", TimeFormat::Auto), None);
        assert_eq!(
            parse_time("2023-01-11 00:00:00", TimeFormat::TSeparated),
            None
        );
        assert_eq!(format_rfc3339(t), "2023-01-11T00:00:00Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn civil_round_trip() {
        for z in [-800_000, -1, 0, 59, 60, 11_016, 19_400, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
