//! Helpers shared by the tests: the shared real data and readers of the DPRK persons in it.
#![allow(dead_code)]

use quick_xml::events::Event;
use quick_xml::Reader;

// Not every test file reaches the shared data.
#[allow(unused_imports)]
pub use ce2_testdata::shared_file;

pub const UN_XML: &str = "sanctions/un/un_consolidated_2026-02-27.xml";
pub const OFAC_SDN: &str = "sanctions/ofac/2024-05-03/sdn.csv";
pub const OFAC_ALT: &str = "sanctions/ofac/2025-12-24/alt.csv";
pub const EU_CSV: &str = "sanctions/eu/eu_reg_2017_1509_dprk_annexes_consolidated_2025-12-17.csv";

/// One listed person: the list, its id there, the primary name and the aliases.
#[derive(Clone, Debug)]
pub struct Listed {
    pub source: &'static str,
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// The DPRK individuals of the UN consolidated list (`KPi.*`): the name parts joined, and the
/// alias names.
pub fn un_dprk_persons(xml: &str) -> Vec<Listed> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut parts: Vec<String> = Vec::new();
    let mut aliases: Vec<String> = Vec::new();
    let mut reference = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "INDIVIDUAL" {
                    parts.clear();
                    aliases.clear();
                    reference.clear();
                }
                path.push(name);
                text.clear();
            }
            Ok(Event::Text(t)) => {
                if let Ok(s) = t.xml_content() {
                    text.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    match r.as_ref() {
                        b"amp" => text.push('&'),
                        b"apos" => text.push('\''),
                        b"quot" => text.push('"'),
                        b"lt" => text.push('<'),
                        b"gt" => text.push('>'),
                        _ => {}
                    }
                }
            }
            Ok(Event::End(_)) => {
                let Some(name) = path.pop() else { break };
                let value = std::mem::take(&mut text).trim().to_string();
                let in_individual = path.last().is_some_and(|p| p == "INDIVIDUAL");
                match name.as_str() {
                    "FIRST_NAME" | "SECOND_NAME" | "THIRD_NAME" | "FOURTH_NAME"
                        if in_individual && !value.is_empty() =>
                    {
                        parts.push(value)
                    }
                    "REFERENCE_NUMBER" if in_individual => reference = value,
                    "ALIAS_NAME" if !value.is_empty() => aliases.push(value),
                    "INDIVIDUAL" if reference.starts_with("KPi") => out.push(Listed {
                        source: "UN",
                        id: reference.clone(),
                        name: parts.join(" "),
                        aliases: aliases.clone(),
                    }),
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn latin1(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(|f| f.trim().to_string()).collect())
        .collect()
}

/// The individuals of OFAC's SDN list under a DPRK programme (any `] [`-separated tag starting
/// `DPRK`), with their aliases from `alt.csv`.
pub fn ofac_dprk_persons(sdn: &[u8], alt: &[u8]) -> Vec<Listed> {
    let mut out: Vec<Listed> = Vec::new();
    for row in csv_rows(&latin1(sdn)) {
        if row.len() < 4 || row[2] != "individual" {
            continue;
        }
        if !row[3].split("] [").any(|p| p.trim().starts_with("DPRK")) {
            continue;
        }
        out.push(Listed {
            source: "OFAC",
            id: row[0].clone(),
            name: row[1].clone(),
            aliases: Vec::new(),
        });
    }
    for row in csv_rows(&latin1(alt)) {
        if row.len() < 4 {
            continue;
        }
        if let Some(p) = out.iter_mut().find(|p| p.id == row[0]) {
            p.aliases.push(row[3].clone());
        }
    }
    out
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Splits the EU file's alias field: `;` separates names, and so does `,` except where it
/// stands after a single word, as in `Chang, Myong Ho` (surname, given name).
fn split_eu_aliases(field: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in field.split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let pieces: Vec<&str> = part.split(',').map(str::trim).collect();
        if pieces.len() == 2 && !pieces[0].contains(' ') {
            out.push(part.to_string());
        } else {
            out.extend(
                pieces
                    .iter()
                    .filter(|p| !p.is_empty())
                    .map(|p| p.to_string()),
            );
        }
    }
    out.into_iter()
        .map(|a| a.trim_matches(|c| c == '(' || c == ')').trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// The persons of the EU's DPRK annexes. A name field that holds the Hangul after the Latin
/// (`KIM Kwang Yon 김광연`) gives the Latin as the name and the Hangul as an alias.
pub fn eu_dprk_persons(csv_text: &str) -> Vec<Listed> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().cloned().unwrap_or_default();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(schema), Some(id), Some(name), Some(alias)) =
        (col("schema"), col("recordId"), col("name"), col("alias"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in reader.records().filter_map(Result::ok) {
        if row.get(schema) != Some("Person") {
            continue;
        }
        let mut primary = row.get(name).unwrap_or("").trim().to_string();
        let mut aliases = split_eu_aliases(row.get(alias).unwrap_or(""));
        if has_hangul(&primary) {
            let latin: Vec<&str> = primary.split(' ').filter(|w| !has_hangul(w)).collect();
            let hangul: Vec<&str> = primary.split(' ').filter(|w| has_hangul(w)).collect();
            aliases.insert(0, hangul.join(" "));
            primary = latin.join(" ");
        }
        out.push(Listed {
            source: "EU",
            id: row.get(id).unwrap_or("").to_string(),
            name: primary,
            aliases,
        });
    }
    out
}
