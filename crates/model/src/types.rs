//! Property types and the cleaning of raw values into their canonical form.
//!
//! FtM values are strings; their type says how to compare and clean them. Cleaning never
//! panics: it returns the canonical form or a reason the value was not accepted, which readers
//! turn into a problem naming the record.

use crate::countries;

/// The type of a property's values, as in FtM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PropType {
    /// A name of a person, organisation or object.
    Name,
    /// A short string.
    String,
    /// Long free text.
    Text,
    /// A date or partial date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, optionally with a time.
    Date,
    /// A country or territory as a lowercase ISO 3166-1 alpha-2 code.
    Country,
    /// An identifier (registration, passport, IMO, wallet address).
    Identifier,
    /// A reference to another entity by id.
    Entity,
    /// An e-mail address.
    Email,
    /// A telephone number.
    Phone,
    /// A URL.
    Url,
    /// A postal address as one line.
    Address,
    /// A number.
    Number,
    /// A language code.
    Language,
    /// A topic tag (`sanction`, `poi`, …).
    Topic,
    /// `male`, `female` or `other`.
    Gender,
    /// Embedded JSON.
    Json,
    /// A MIME type.
    Mimetype,
    /// A content checksum.
    Checksum,
    /// An IP address.
    Ip,
    /// HTML text.
    Html,
}

impl PropType {
    /// The type for its FtM name (`identifier`).
    pub fn from_name(name: &str) -> Option<PropType> {
        Some(match name {
            "name" => PropType::Name,
            "string" => PropType::String,
            "text" => PropType::Text,
            "date" => PropType::Date,
            "country" => PropType::Country,
            "identifier" => PropType::Identifier,
            "entity" => PropType::Entity,
            "email" => PropType::Email,
            "phone" => PropType::Phone,
            "url" => PropType::Url,
            "address" => PropType::Address,
            "number" => PropType::Number,
            "language" => PropType::Language,
            "topic" => PropType::Topic,
            "gender" => PropType::Gender,
            "json" => PropType::Json,
            "mimetype" => PropType::Mimetype,
            "checksum" => PropType::Checksum,
            "ip" => PropType::Ip,
            "html" => PropType::Html,
            _ => return None,
        })
    }

    /// The FtM name of the type.
    pub fn name(self) -> &'static str {
        match self {
            PropType::Name => "name",
            PropType::String => "string",
            PropType::Text => "text",
            PropType::Date => "date",
            PropType::Country => "country",
            PropType::Identifier => "identifier",
            PropType::Entity => "entity",
            PropType::Email => "email",
            PropType::Phone => "phone",
            PropType::Url => "url",
            PropType::Address => "address",
            PropType::Number => "number",
            PropType::Language => "language",
            PropType::Topic => "topic",
            PropType::Gender => "gender",
            PropType::Json => "json",
            PropType::Mimetype => "mimetype",
            PropType::Checksum => "checksum",
            PropType::Ip => "ip",
            PropType::Html => "html",
        }
    }

    /// Clean a raw value into its canonical form for this type.
    ///
    /// Whitespace is trimmed and collapsed for every type but text; an empty value is refused.
    pub fn clean(self, raw: &str) -> Result<String, String> {
        let collapsed = collapse_whitespace(raw);
        if collapsed.is_empty() {
            return Err("empty value".to_string());
        }
        match self {
            PropType::Text | PropType::Html | PropType::Json => Ok(raw.trim().to_string()),
            PropType::Date => clean_date(&collapsed),
            PropType::Country => countries::country_code(&collapsed)
                .map(str::to_string)
                .ok_or_else(|| format!("unknown country {collapsed:?}")),
            PropType::Gender => match collapsed.to_lowercase().as_str() {
                "m" | "male" | "man" | "masculine" => Ok("male".to_string()),
                "f" | "female" | "woman" | "feminine" => Ok("female".to_string()),
                "other" | "diverse" | "x" => Ok("other".to_string()),
                other => Err(format!("unknown gender {other:?}")),
            },
            PropType::Email => {
                let e = collapsed.trim_start_matches("mailto:").to_string();
                match e.split_once('@') {
                    Some((user, host)) if !user.is_empty() && host.contains('.') => {
                        Ok(format!("{user}@{}", host.to_lowercase()))
                    }
                    _ => Err(format!("not an e-mail address: {e:?}")),
                }
            }
            PropType::Number => {
                let n: String = collapsed.chars().filter(|c| *c != ',').collect();
                n.parse::<f64>()
                    .map(|_| n.clone())
                    .map_err(|_| format!("not a number: {collapsed:?}"))
            }
            _ => Ok(collapsed),
        }
    }
}

/// Trim and collapse every run of whitespace into one space.
pub fn collapse_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn valid_ymd(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => return false,
    };
    (1000..=2999).contains(&y) && d >= 1 && d <= days
}

fn ymd(y: u32, m: u32, d: u32) -> Result<String, String> {
    if valid_ymd(y, m, d) {
        Ok(format!("{y:04}-{m:02}-{d:02}"))
    } else {
        Err(format!("no such date {y:04}-{m:02}-{d:02}"))
    }
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Clean a date written in any of the forms the official lists use into FtM's ISO prefix form.
///
/// Accepted: `2016-11-30`, `2016-11`, `1964`, `2016-11-30T10:00:00` (kept to the second),
/// `30.11.2016` and `22.1.2013` (EU), `30/11/2016` (UK, day first), `30 Nov 2016`,
/// `30-Nov-2016` and `Nov 2016` (OFAC, UK), `circa 1964` / `c. 1964`. Ambiguous or impossible
/// dates are refused.
pub fn clean_date(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let lower = s.to_lowercase();
    let s = lower
        .strip_prefix("circa ")
        .or_else(|| lower.strip_prefix("ca. "))
        .or_else(|| lower.strip_prefix("c. "))
        .or_else(|| lower.strip_prefix("approximately "))
        .unwrap_or(&lower)
        .trim();
    // ISO forms, with an optional time part.
    let (date_part, time_part) = match s.split_once(['t', ' ']) {
        Some((d, t)) if d.len() == 10 && d.as_bytes().get(4) == Some(&b'-') => (d, Some(t)),
        _ => (s, None),
    };
    let iso: Vec<&str> = date_part.split('-').collect();
    if iso.len() <= 3 && iso[0].len() == 4 && iso.iter().all(|p| num(p).is_some()) {
        let y = num(iso[0]).unwrap_or(0);
        return match iso.len() {
            1 if (1000..=2999).contains(&y) => Ok(format!("{y:04}")),
            2 => {
                let m = num(iso[1]).unwrap_or(0);
                if (1..=12).contains(&m) && (1000..=2999).contains(&y) {
                    Ok(format!("{y:04}-{m:02}"))
                } else {
                    Err(format!("no such month {raw:?}"))
                }
            }
            3 => {
                let d = ymd(y, num(iso[1]).unwrap_or(0), num(iso[2]).unwrap_or(0))?;
                match time_part.map(|t| t.trim_end_matches('z')) {
                    Some(t) if t.len() >= 8 && t.as_bytes()[2] == b':' => {
                        Ok(format!("{d}T{}", &t[..8]))
                    }
                    _ => Ok(d),
                }
            }
            _ => Err(format!("not a date: {raw:?}")),
        };
    }
    // Day-first numeric forms: 30.11.2016, 22.1.2013, 30/11/2016.
    let parts: Vec<&str> = s.split(['.', '/']).map(str::trim).collect();
    if parts.len() == 3 && parts.iter().all(|p| num(p).is_some()) && parts[2].len() == 4 {
        return ymd(
            num(parts[2]).unwrap_or(0),
            num(parts[1]).unwrap_or(0),
            num(parts[0]).unwrap_or(0),
        );
    }
    if parts.len() == 2 && parts.iter().all(|p| num(p).is_some()) && parts[1].len() == 4 {
        let (m, y) = (num(parts[0]).unwrap_or(0), num(parts[1]).unwrap_or(0));
        if (1..=12).contains(&m) && (1000..=2999).contains(&y) {
            return Ok(format!("{y:04}-{m:02}"));
        }
    }
    // Month-name forms: 30 Nov 2016, 30-Nov-2016, Nov 2016, November 30, 2016.
    let words: Vec<&str> = s.split([' ', '-', ',']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [d, m, y] if num(d).is_some() && num(y).is_some() => {
            if let Some(m) = month_number(m) {
                return ymd(num(y).unwrap_or(0), m, num(d).unwrap_or(0));
            }
        }
        [m, d, y] if num(d).is_some() && num(y).is_some() => {
            if let Some(m) = month_number(m) {
                return ymd(num(y).unwrap_or(0), m, num(d).unwrap_or(0));
            }
        }
        [m, y] if num(y).is_some() && y.len() == 4 => {
            if let Some(m) = month_number(m) {
                return Ok(format!("{}-{m:02}", y));
            }
        }
        _ => {}
    }
    Err(format!("not a date: {raw:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_lists_forms() {
        let cases = [
            ("2016-11-30", Ok("2016-11-30")),
            ("1964", Ok("1964")),
            ("1964-07", Ok("1964-07")),
            ("2026-02-27T00:00:09.554Z", Ok("2026-02-27T00:00:09")),
            ("22.1.2013", Ok("2013-01-22")),
            ("30/11/2016", Ok("2016-11-30")),
            ("30 Nov 2016", Ok("2016-11-30")),
            ("30-Nov-2016", Ok("2016-11-30")),
            ("Nov 2016", Ok("2016-11")),
            ("circa 1964", Ok("1964")),
            ("November 30, 2016", Ok("2016-11-30")),
            ("2016-02-30", Err(())),
            ("31.13.2016", Err(())),
            ("yesterday", Err(())),
            ("", Err(())),
        ];
        for (input, expected) in cases {
            let got = clean_date(input).map_err(|_| ());
            let got = got.as_ref().map(String::as_str).map_err(|_| ());
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn cleaning_by_type() {
        let cases = [
            (PropType::Name, "  KIM   Yong  Chol ", Ok("KIM Yong Chol")),
            (PropType::Country, "Korea, North", Ok("kp")),
            (
                PropType::Country,
                "Democratic People's Republic of Korea",
                Ok("kp"),
            ),
            (PropType::Country, "Atlantis", Err(())),
            (PropType::Gender, "Male", Ok("male")),
            (PropType::Email, "Info@Example.COM", Ok("Info@example.com")),
            (PropType::Email, "no-at-sign", Err(())),
            (PropType::Number, "1,234.5", Ok("1234.5")),
            (PropType::Identifier, " 9138111 ", Ok("9138111")),
            (PropType::Name, "   ", Err(())),
        ];
        for (kind, input, expected) in cases {
            let got = kind.clean(input).map_err(|_| ());
            let got = got.as_ref().map(String::as_str).map_err(|_| ());
            assert_eq!(got, expected, "{kind:?} {input:?}");
        }
    }
}
