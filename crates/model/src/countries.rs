//! Countries: normalising country values to FtM's `country` type.
//!
//! The table lives in `data/countries.tsv`, embedded at build time and parsed once on first
//! use. Each row gives a code (a lowercase ISO 3166-1 alpha-2 code, or one of FtM's few extra
//! codes such as `xk` Kosovo or `suhh` Soviet Union), an English short name, and the other
//! spellings official sanctions lists use, among them the ISO alpha-3 code.
//!
//! Lookups are case-insensitive, trim and collapse whitespace, read typographic apostrophes
//! (`’`) as `'`, and ignore a leading "the ".

use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded country table.
const DATA: &str = include_str!("../data/countries.tsv");

/// The parsed country table.
struct Table<'a> {
    /// Normalised code, name or alias to code.
    lookup: HashMap<String, &'a str>,
    /// Code to English short name.
    names: HashMap<&'a str, &'a str>,
}

/// The table parsed from the embedded file, built on first use.
fn table() -> &'static Table<'static> {
    static TABLE: OnceLock<Table<'static>> = OnceLock::new();
    // The shipped file is checked by the `shipped_table_parses` test, so this cannot fail at
    // run time on any input.
    TABLE.get_or_init(|| {
        parse(DATA).unwrap_or_else(|err| panic!("data/countries.tsv is malformed: {err}"))
    })
}

/// The lowercase FtM country code for a code or a name.
///
/// `text` may be a code in any case (alpha-2, alpha-3 or one of FtM's extra codes), or an
/// English name or alias as official sanctions lists spell it ("Korea, North", "Iran (Islamic
/// Republic of)", "Burma", "Türkiye"). Matching is case-insensitive, trims and collapses
/// whitespace and ignores a leading "the ". Returns `None` for text the table does not know.
pub fn country_code(text: &str) -> Option<&'static str> {
    let key = normalise(text);
    if key.is_empty() {
        return None;
    }
    table().lookup.get(key.as_str()).copied()
}

/// The English short name for one of the table's country codes, in any case.
///
/// Only the codes [`country_code`] returns are accepted (so `"kp"`, not `"prk"`); `None`
/// for anything else.
pub fn country_name(code: &str) -> Option<&'static str> {
    table().names.get(normalise(code).as_str()).copied()
}

/// Whether `code` is one of the table's country codes, in any case.
///
/// True for the codes [`country_code`] returns (ISO alpha-2 codes and FtM's extra codes);
/// false for alpha-3 codes, names and aliases.
pub fn is_country_code(code: &str) -> bool {
    table().names.contains_key(normalise(code).as_str())
}

/// The lookup key for `text`: lowercase, whitespace trimmed and collapsed, typographic
/// apostrophes made plain, a leading "the " removed.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars() {
            match ch {
                '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => out.push('\''),
                _ => out.extend(ch.to_lowercase()),
            }
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

/// Parse the table, refusing malformed rows, repeated codes and keys naming two codes.
fn parse(text: &str) -> Result<Table<'_>, String> {
    let mut lookup: HashMap<String, &str> = HashMap::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let code = fields.next().unwrap_or_default();
        let name = fields.next().unwrap_or_default();
        let aliases = fields.next().unwrap_or_default();
        if fields.next().is_some() {
            return Err(format!(
                "line {line_no}: more than three tab-separated fields"
            ));
        }
        if code.is_empty()
            || !code.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            || code.starts_with('-')
            || code.ends_with('-')
        {
            return Err(format!("line {line_no}: bad code {code:?}"));
        }
        if name.is_empty() || name.trim() != name {
            return Err(format!("line {line_no}: bad name {name:?} for {code}"));
        }
        if names.insert(code, name).is_some() {
            return Err(format!("line {line_no}: code {code} appears twice"));
        }
        let alias_list: Vec<&str> = if aliases.is_empty() {
            Vec::new()
        } else {
            aliases.split('|').collect()
        };
        for alias in &alias_list {
            if alias.is_empty() || alias.trim() != *alias || alias.to_lowercase() != *alias {
                return Err(format!("line {line_no}: bad alias {alias:?} for {code}"));
            }
        }
        for key in [code, name].into_iter().chain(alias_list) {
            let key = normalise(key);
            if key.is_empty() {
                return Err(format!("line {line_no}: empty key for {code}"));
            }
            match lookup.insert(key.clone(), code) {
                Some(other) if other != code => {
                    return Err(format!(
                        "line {line_no}: {key:?} names both {other} and {code}"
                    ));
                }
                _ => {}
            }
        }
    }
    if names.is_empty() {
        return Err("no countries".to_string());
    }
    Ok(Table { lookup, names })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The rows of the shipped file, split without the parser's checks.
    fn rows() -> Vec<(usize, Vec<&'static str>)> {
        DATA.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
            .map(|(index, line)| (index + 1, line.split('\t').collect()))
            .collect()
    }

    #[test]
    fn shipped_table_parses() {
        if let Err(err) = parse(DATA) {
            panic!("data/countries.tsv: {err}");
        }
    }

    #[test]
    fn every_line_has_code_name_and_aliases() {
        for (line_no, fields) in rows() {
            assert_eq!(fields.len(), 3, "line {line_no}: {fields:?}");
            let (code, name, aliases) = (fields[0], fields[1], fields[2]);
            assert!(
                !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "line {line_no}: code {code:?}"
            );
            assert!(!name.trim().is_empty(), "line {line_no}: empty name");
            for alias in aliases.split('|') {
                assert!(
                    !alias.trim().is_empty(),
                    "line {line_no}: empty alias in {aliases:?}"
                );
                assert_eq!(
                    alias,
                    alias.to_lowercase(),
                    "line {line_no}: alias not lowercase"
                );
            }
        }
    }

    #[test]
    fn codes_are_unique_and_cover_iso() {
        let mut codes = HashSet::new();
        let mut alpha3 = HashSet::new();
        for (line_no, fields) in rows() {
            assert!(
                codes.insert(fields[0]),
                "line {line_no}: code {} twice",
                fields[0]
            );
            if fields[0].len() == 2 {
                // ISO rows list their alpha-3 code first.
                let first = fields[2].split('|').next().unwrap_or_default();
                assert!(
                    first.len() == 3 && first.chars().all(|c| c.is_ascii_lowercase()),
                    "line {line_no}: first alias {first:?} is not an alpha-3 code"
                );
                assert!(
                    alpha3.insert(first),
                    "line {line_no}: alpha-3 {first} twice"
                );
            }
        }
        // ISO 3166-1 assigns 249 alpha-2 codes; FtM adds a few of its own.
        let alpha2 = codes.iter().filter(|c| c.len() == 2).count();
        assert!(alpha2 >= 249, "only {alpha2} two-letter codes");
        for extra in ["xk", "suhh", "cshh", "yucs"] {
            assert!(codes.contains(extra), "missing FtM code {extra}");
        }
    }

    #[test]
    fn no_alias_names_two_codes() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (line_no, fields) in rows() {
            let code = fields[0];
            let keys = [code, fields[1]].into_iter().chain(fields[2].split('|'));
            for key in keys {
                let key = normalise(key);
                let other = seen.insert(key.clone(), code).unwrap_or(code);
                assert_eq!(
                    other, code,
                    "line {line_no}: {key:?} names {other} and {code}"
                );
            }
        }
    }

    #[test]
    fn every_name_and_alias_resolves_to_its_code() {
        for (_, fields) in rows() {
            let code = fields[0];
            assert_eq!(country_code(code), Some(code));
            assert_eq!(country_code(&code.to_uppercase()), Some(code));
            assert_eq!(country_code(fields[1]), Some(code), "name {:?}", fields[1]);
            assert_eq!(country_code(&fields[1].to_uppercase()), Some(code));
            for alias in fields[2].split('|') {
                assert_eq!(country_code(alias), Some(code), "alias {alias:?}");
            }
            assert_eq!(country_name(code), Some(fields[1]));
            assert!(is_country_code(code));
        }
    }

    #[test]
    fn country_code_examples() {
        let cases: &[(&str, Option<&str>)] = &[
            // North Korea, as the UN, OFAC, EU and UK lists spell it.
            ("Democratic People's Republic of Korea", Some("kp")),
            ("Korea, North", Some("kp")),
            ("KOREA, NORTH", Some("kp")),
            ("North Korea", Some("kp")),
            ("korea,   north", Some("kp")),
            ("Korea, Democratic People's Republic of", Some("kp")),
            ("Korea (Democratic People's Republic of)", Some("kp")),
            ("Korea, Dem. People's Rep.", Some("kp")),
            ("Democratic People\u{2019}s Republic of Korea", Some("kp")),
            ("DPRK", Some("kp")),
            ("D.P.R.K.", Some("kp")),
            ("the Democratic People's Republic of Korea", Some("kp")),
            ("PRK", Some("kp")),
            ("KP", Some("kp")),
            // South Korea.
            ("Korea, South", Some("kr")),
            ("Republic of Korea", Some("kr")),
            ("Korea, Republic of", Some("kr")),
            ("South Korea", Some("kr")),
            ("KOR", Some("kr")),
            ("kr", Some("kr")),
            // Russia.
            ("Russia", Some("ru")),
            ("Russian Federation", Some("ru")),
            ("the Russian Federation", Some("ru")),
            ("RUS", Some("ru")),
            // China, and what is not mainland China.
            ("China", Some("cn")),
            ("People's Republic of China", Some("cn")),
            ("CHN", Some("cn")),
            ("China, Hong Kong Special Administrative Region", Some("hk")),
            ("Taiwan, Province of China", Some("tw")),
            // Syria.
            ("Syria", Some("sy")),
            ("Syrian Arab Republic", Some("sy")),
            ("SYR", Some("sy")),
            // Iran.
            ("Iran", Some("ir")),
            ("Iran (Islamic Republic of)", Some("ir")),
            ("Iran, Islamic Republic of", Some("ir")),
            ("IRN", Some("ir")),
            // Burma / Myanmar.
            ("Burma", Some("mm")),
            ("Myanmar", Some("mm")),
            ("Myanmar (Burma)", Some("mm")),
            ("MMR", Some("mm")),
            // Other UN, OFAC, EU and UK spellings.
            ("Democratic Republic of the Congo", Some("cd")),
            ("Congo, Democratic Republic of the", Some("cd")),
            ("Congo", Some("cg")),
            ("Congo, Republic of the", Some("cg")),
            (
                "United Kingdom of Great Britain and Northern Ireland",
                Some("gb"),
            ),
            ("UK", Some("gb")),
            ("Viet Nam", Some("vn")),
            ("Vietnam", Some("vn")),
            ("Lao People's Democratic Republic", Some("la")),
            ("Türkiye", Some("tr")),
            ("TÜRKIYE", Some("tr")),
            ("Turkey", Some("tr")),
            ("Côte d'Ivoire", Some("ci")),
            ("Côte d\u{2019}Ivoire", Some("ci")),
            ("Ivory Coast", Some("ci")),
            ("The Gambia", Some("gm")),
            ("Gambia, The", Some("gm")),
            ("United States of America", Some("us")),
            ("USA", Some("us")),
            ("Netherlands (Kingdom of the)", Some("nl")),
            ("State of Palestine", Some("ps")),
            ("West Bank", Some("ps")),
            ("Kosovo", Some("xk")),
            ("USSR", Some("suhh")),
            ("SU", Some("suhh")),
            ("Czechoslovakia", Some("cshh")),
            ("Yugoslavia", Some("yucs")),
            // Whitespace around and inside.
            ("  south\tafrica \n", Some("za")),
            // Unknown input.
            ("Atlantis", None),
            ("Korea", None),
            ("", None),
            ("   ", None),
            ("the", None),
            ("xx", None),
            ("XXX", None),
        ];
        for (input, expected) in cases {
            assert_eq!(country_code(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn country_name_and_is_country_code() {
        let names: &[(&str, Option<&str>)] = &[
            ("kp", Some("North Korea")),
            ("KR", Some("South Korea")),
            (" ru ", Some("Russia")),
            ("xk", Some("Kosovo")),
            ("prk", None),
            ("North Korea", None),
            ("", None),
        ];
        for (code, expected) in names {
            assert_eq!(country_name(code), *expected, "code {code:?}");
            assert_eq!(is_country_code(code), expected.is_some(), "code {code:?}");
        }
    }

    #[test]
    fn parse_refuses_malformed_tables() {
        let bad = [
            "kp\tNorth Korea\tprk\nkp\tNorth Korea again\tdprk\n",
            "kp\tNorth Korea\tprk|korea\nkr\tSouth Korea\tkor|korea\n",
            "kp\tNorth Korea\tprk\nkr\tSouth Korea\tkp\n",
            "KP\tNorth Korea\tprk\n",
            "kp\t\tprk\n",
            "kp\n",
            "kp\tNorth Korea\tprk||dprk\n",
            "kp\tNorth Korea\tPRK\n",
            "kp\tNorth Korea\tprk\textra\n",
            "# only a comment\n",
        ];
        for text in bad {
            assert!(parse(text).is_err(), "accepted {text:?}");
        }
        let good = parse("# comment\n\nkp\tNorth Korea\tprk|dprk\nkr\tSouth Korea\n");
        assert!(good.is_ok());
    }
}
