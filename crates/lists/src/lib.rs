//! Readers for the official sanctions lists and FollowTheMoney data.
//!
//! Each reader turns the bytes of one publisher's file into [`ReadOutput`]: entities of the
//! model plus a list of [`Problem`]s. A reader never panics and never drops a record silently:
//! a record it cannot read becomes a problem that names it; a file it cannot read at all (empty,
//! truncated, of another list type, not in its encoding) is a [`ReadError`] that names the file
//! and the line or byte offset. Readers do no IO: the caller hands them bytes.
//!
//! Conventions every reader follows, so that lists can be compared and joined:
//! - the listed party is a Person, Organization, Company, LegalEntity, Vessel or Airplane with
//!   `topics: sanction`; identifiers go to their FtM properties (`imoNumber` as the seven digits,
//!   `passportNumber`, `idNumber`, `mmsi`, `callSign`, `flag`);
//! - each listing is a Sanction entity (`entity` → the party) with `authority`, `program`,
//!   `authorityId` (the list's own id for the record), `unscId` (the UN reference, on every list
//!   that cites it), `listingDate`, `reason`, `provisions`;
//! - addresses are Address entities linked by `addressEntity`; passports are Passport entities
//!   (`holder`); crypto addresses are CryptoWallet entities (`holder`); relations are Ownership,
//!   Directorship, Representation (agent of) or UnknownLink entities;
//! - every value's provenance is the dataset, the publisher's record id and the list's
//!   publication date where the file gives one.

use std::fmt;

pub use ce2_model::{Entity, Problem, Provenance, Severity};

pub mod eu_fsf;
pub mod eu_journal;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod ftm;
pub mod ofac_advanced;
pub mod ofac_csv;
pub mod text;
pub mod uk;
pub mod un;

/// One input file: its name (for messages) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    /// The path or name shown in messages.
    pub name: &'a str,
    /// The whole content.
    pub data: &'a [u8],
}

impl<'a> InputFile<'a> {
    /// A named input.
    pub fn new(name: &'a str, data: &'a [u8]) -> InputFile<'a> {
        InputFile { name, data }
    }
}

/// The list formats ce2 reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// UN Security Council consolidated list XML.
    UnXml,
    /// OFAC SDN legacy CSV set (sdn.csv with add.csv, alt.csv, sdn_comments.csv).
    OfacCsv,
    /// OFAC SDN_ADVANCED.XML.
    OfacAdvancedXml,
    /// EU Financial Sanctions Files XML (xmlFullSanctionsList_1_1).
    EuFsfXml,
    /// EU Financial Sanctions Files CSV (csvFullSanctionsList_1_1).
    EuFsfCsv,
    /// OpenSanctions' transcription of EU Official Journal annexes (CSV).
    EuJournalCsv,
    /// UK Sanctions List CSV (FCDO).
    UkCsv,
    /// FollowTheMoney entities, one JSON object per line.
    Ftm,
    /// FollowTheMoney delta lines (`{"op": "ADD"|"MOD"|"DEL", "entity": …}`).
    FtmDelta,
}

impl Format {
    /// Every format, in the order detection tries them.
    pub const ALL: [Format; 9] = [
        Format::UnXml,
        Format::OfacAdvancedXml,
        Format::EuFsfXml,
        Format::UkCsv,
        Format::EuFsfCsv,
        Format::EuJournalCsv,
        Format::FtmDelta,
        Format::Ftm,
        Format::OfacCsv,
    ];

    /// The short name used on the command line (`un-xml`, `ofac-csv`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::UnXml => "un-xml",
            Format::OfacCsv => "ofac-csv",
            Format::OfacAdvancedXml => "ofac-advanced-xml",
            Format::EuFsfXml => "eu-fsf-xml",
            Format::EuFsfCsv => "eu-fsf-csv",
            Format::EuJournalCsv => "eu-journal-csv",
            Format::UkCsv => "uk-csv",
            Format::Ftm => "ftm",
            Format::FtmDelta => "ftm-delta",
        }
    }

    /// A format by its short name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What the format is, for a person.
    pub fn description(self) -> &'static str {
        match self {
            Format::UnXml => "a UN Security Council consolidated list (XML)",
            Format::OfacCsv => {
                "an OFAC SDN CSV file set (sdn.csv, add.csv, alt.csv, sdn_comments.csv)"
            }
            Format::OfacAdvancedXml => "an OFAC SDN_ADVANCED.XML file",
            Format::EuFsfXml => "an EU Financial Sanctions Files XML export",
            Format::EuFsfCsv => "an EU Financial Sanctions Files CSV export",
            Format::EuJournalCsv => "an EU Official Journal annex transcription (CSV)",
            Format::UkCsv => "a UK Sanctions List CSV (FCDO)",
            Format::Ftm => "FollowTheMoney entities (JSON lines)",
            Format::FtmDelta => "FollowTheMoney delta lines (JSON)",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Facts about one list file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMeta {
    /// The dataset this file is a version of (`un_sc`, `us_ofac_sdn`, `eu_fsf`, …).
    pub dataset: String,
    /// A title for people.
    pub title: String,
    /// Who publishes it.
    pub publisher: String,
    /// The publication date or timestamp the file states, where it states one.
    pub published: Option<String>,
    /// The format read.
    pub format: Format,
}

/// What a reader makes of a file.
#[derive(Debug, Clone)]
pub struct ReadOutput {
    /// Facts about the file.
    pub meta: ListMeta,
    /// The entities read.
    pub entities: Vec<Entity>,
    /// What was wrong with individual records or values.
    pub problems: Vec<Problem>,
    /// How many records of the publisher's file were read (a record may give several
    /// entities: the party, its sanction, addresses, passports, wallets).
    pub records: usize,
}

/// Where in a file something went wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The 1-based line.
    pub line: Option<u64>,
    /// The byte offset.
    pub offset: Option<u64>,
    /// The record id.
    pub record: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(offset) = self.offset {
            write!(f, " (byte {offset})")?;
        }
        if let Some(record) = &self.record {
            write!(f, " record {record}")?;
        }
        Ok(())
    }
}

/// A file that cannot be read at all. Nothing of it is loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file has no content.
    #[error("{file}: the file is empty")]
    Empty {
        /// The file.
        file: String,
    },
    /// The file is of another kind than the one asked for.
    #[error("{file}: this is not {expected}; it looks like {found}")]
    WrongFormat {
        /// The file.
        file: String,
        /// What was asked for.
        expected: String,
        /// What the file seems to be.
        found: String,
    },
    /// Bytes that are not valid in the file's encoding.
    #[error("{file}{at}: bytes that are not valid {encoding}")]
    Encoding {
        /// The file.
        file: String,
        /// Where.
        at: Location,
        /// The encoding expected.
        encoding: String,
    },
    /// The structure is broken (truncated XML, a CSV row with a wrong column count…).
    #[error("{file}{at}: {message}")]
    Malformed {
        /// The file.
        file: String,
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// A file the format needs is missing (sdn.csv of an OFAC set).
    #[error("{file}: {message}")]
    Missing {
        /// The file or folder.
        file: String,
        /// What is missing.
        message: String,
    },
}

impl ReadError {
    /// The error for a file that is not of the format asked for, saying what it looks like.
    pub fn wrong_format(file: &InputFile, expected: Format) -> ReadError {
        ReadError::WrongFormat {
            file: file.name.to_string(),
            expected: expected.description().to_string(),
            found: text::sniff(file.data),
        }
    }

    /// The error for broken structure at a line and byte offset, inside a record if known.
    pub fn malformed(
        file: &InputFile,
        line: u64,
        offset: u64,
        record: Option<String>,
        message: String,
    ) -> ReadError {
        ReadError::Malformed {
            file: file.name.to_string(),
            at: Location {
                line: Some(line),
                offset: Some(offset),
                record,
            },
            message,
        }
    }

    /// The error for a CSV the csv crate cannot read (a broken quote, a row of another length),
    /// at its position; `shift` is what the text had before the bytes the crate read (a BOM).
    pub fn broken_csv(file: &InputFile, shift: u64, e: &csv::Error) -> ReadError {
        let pos = e.position();
        ReadError::Malformed {
            file: file.name.to_string(),
            at: Location {
                line: pos.map(|p| p.line()),
                offset: pos.map(|p| p.byte() + shift),
                record: None,
            },
            message: format!("broken CSV: {e}"),
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Empty { .. } => "empty_file",
            ReadError::WrongFormat { .. } => "wrong_format",
            ReadError::Encoding { .. } => "bad_encoding",
            ReadError::Malformed { .. } => "malformed",
            ReadError::Missing { .. } => "missing_file",
        }
    }
}

/// The part an OFAC legacy CSV file plays in its set, told by its column count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfacPart {
    /// sdn.csv (12 columns).
    Sdn,
    /// add.csv (6 columns).
    Addresses,
    /// alt.csv (5 columns).
    Aliases,
    /// sdn_comments.csv (2 columns).
    Comments,
}

/// The part of an OFAC CSV set a file is, if it is one: its first record has a numeric
/// `ent_num` and the column count of one of the four files.
pub fn ofac_part(data: &[u8]) -> Option<OfacPart> {
    let body = text::strip_bom(data);
    let head = &body[..body.len().min(64 * 1024)];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(head);
    let record = reader.byte_records().next()?.ok()?;
    let first = record.get(0)?;
    if first.is_empty() || !first.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match record.len() {
        12 => Some(OfacPart::Sdn),
        6 => Some(OfacPart::Addresses),
        5 => Some(OfacPart::Aliases),
        2 => Some(OfacPart::Comments),
        _ => None,
    }
}

/// Tell a file's format from its first bytes. `None` when it is none of the formats ce2 reads.
pub fn detect(data: &[u8]) -> Option<Format> {
    let body = text::strip_bom(data);
    let head = String::from_utf8_lossy(&body[..body.len().min(8192)]);
    let h = head.trim_start();
    if h.starts_with('<') {
        return if h.contains("<CONSOLIDATED_LIST") {
            Some(Format::UnXml)
        } else if h.contains("ADVANCED_XML") || h.contains("<Sanctions") {
            Some(Format::OfacAdvancedXml)
        } else if h.contains("fsd/export") {
            Some(Format::EuFsfXml)
        } else {
            None
        };
    }
    if h.starts_with("Report Date:") {
        return Some(Format::UkCsv);
    }
    if h.starts_with("fileGenerationDate") {
        return Some(Format::EuFsfCsv);
    }
    if h.starts_with("celex,") {
        return Some(Format::EuJournalCsv);
    }
    if h.starts_with('{') {
        let first = h.lines().next().unwrap_or("");
        return if first.contains("\"op\"") && first.contains("\"entity\"") {
            Some(Format::FtmDelta)
        } else {
            Some(Format::Ftm)
        };
    }
    ofac_part(data).map(|_| Format::OfacCsv)
}

#[cfg(test)]
mod detect_tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        let cases: &[(&[u8], Option<Format>)] = &[
            (b"<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"x\">", Some(Format::UnXml)),
            (b"<?xml version=\"1.0\"?><Sanctions xmlns=\"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML\">", Some(Format::OfacAdvancedXml)),
            (b"<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\" generationDate=\"x\">", Some(Format::EuFsfXml)),
            (b"\xEF\xBB\xBFReport Date: 01-Nov-2026\nLast Updated,Unique ID", Some(Format::UkCsv)),
            (b"fileGenerationDate;Entity_LogicalId", Some(Format::EuFsfCsv)),
            (b"celex,recordId,programKey", Some(Format::EuJournalCsv)),
            (b"{\"op\":\"ADD\",\"entity\":{}}", Some(Format::FtmDelta)),
            (b"{\"id\": \"x\", \"schema\": \"Person\"}", Some(Format::Ftm)),
            (b"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n", Some(Format::OfacCsv)),
            (b"25,\"ADDRESS\"\n", Some(Format::OfacCsv)),
            (b"<html><body>Not found</body></html>", None),
            (b"name,age\nx,1\n", None),
        ];
        for (data, expected) in cases {
            assert_eq!(
                detect(data),
                *expected,
                "{:?}",
                String::from_utf8_lossy(data)
            );
        }
        assert_eq!(
            ofac_part(b"36,2,\"aka\",\"NAME\",-0- \n"),
            Some(OfacPart::Aliases)
        );
        assert_eq!(
            ofac_part(b"36,25,\"Street\",\"Havana\",\"Cuba\",-0- \n"),
            Some(OfacPart::Addresses)
        );
    }
}
