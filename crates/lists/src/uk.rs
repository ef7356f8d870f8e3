//! The UK Sanctions List (FCDO), CSV.
//!
//! The file (`https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv`) starts with a line
//! `Report Date: dd-Mon-yyyy`, then a header, then one row per name of each designation: a
//! person with an alias and a spelling variation takes three rows that repeat the rest of the
//! designation. Rows are grouped by `Unique ID` (wherever they are in the file) into one party.
//!
//! How the columns land in the model:
//!
//! | UK column | ce2 |
//! |---|---|
//! | Designation Type | Individual → Person, Entity → Organization, Ship → Vessel; id `make_id("uk", [Unique ID])` (`uk-dpr0001`) |
//! | Name 1 … Name 6, by Name type | `name` (Primary name), `alias` (Primary name variation, Alias), `weakAlias` (an alias of low or weak strength); for persons `firstName` (Name 1), `secondName` (Name 2), `middleName` (Names 3–5), `lastName` (Name 6, the surname) |
//! | Name non-latin script | the same property as the row's Latin name (`name` for the primary name) |
//! | Title, Position, Gender, Nationality(/ies), D.O.B, Town / Country of birth | `title`, `position`, `gender`, `nationality`, `birthDate` (`dd/mm/yyyy`, `00` for an unknown day or month), `birthPlace`, `birthCountry` |
//! | Address Line 1–6, Postal Code, Country | Address entities (`addressEntity`), `address`, `country` |
//! | Phone number, Website, Email address | `phone`, `website`, `email` |
//! | Passport / National Identifier number (+ additional information) | Passport / Identification entities, `passportNumber` / `idNumber` |
//! | Type of entity, Business registration number (s) | `legalForm`, `registrationNumber` |
//! | Subsidiaries, Parent company, Other Information | `notes` |
//! | IMO number, Current believed flag, Previous flags, Type, Tonnage, Year Built | `imoNumber` (the seven digits), `flag`, `pastFlags`, `type`, `tonnage`, `buildDate` |
//! | Current / Previous owner/operator (s), Length of ship, HIN | `notes` (the file names owners without any identifier, so no entity can be made of them) |
//! | Unique ID, UN Reference Number, OFSI Group ID, Regime Name, Designation source, Sanctions Imposed, UK Statement of Reasons, Date Designated, Last Updated | the Sanction's `authorityId`, `unscId`, `recordId`, `program`, `summary`, `provisions`, `reason`, `listingDate`, `modifiedAt` |
//!
//! The non-latin script type and language columns describe the script name and are not kept.
//! Header names are matched ignoring case, spaces and punctuation, so `Nationality(/ies)`,
//! `nationality (ies)` and `NATIONALITY/IES` are the same column; a column this reader does not
//! know is reported once as an `unknown_column` warning. Cells that hold several values separate
//! them with `|` (as `Sanctions Imposed` does) or number them `(1) … (2) …`; both are split.
//!
//! A missing `Report Date` line is a warning, not an error: the rows are intact and only the
//! list's date is unknown, and refusing the whole list for that would hide every designation.

use std::collections::HashMap;

use ce2_model::ids::{make_id, short_hash};
use ce2_model::types::clean_date;
use ce2_model::{Entity, Problem, Provenance};

use crate::{text, Format, InputFile, ListMeta, Location, ReadError, ReadOutput};

/// The dataset name of the UK list.
pub const DATASET: &str = "gb_fcdo";
/// The publisher, also used as the Sanction's `authority`.
pub const PUBLISHER: &str = "Foreign, Commonwealth & Development Office";
const TITLE: &str = "UK Sanctions List";

/// The columns of the UK file that are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    LastUpdated,
    UniqueId,
    GroupId,
    UnReference,
    Name(u8),
    NameType,
    AliasStrength,
    Title,
    NonLatinName,
    NonLatinType,
    NonLatinLanguage,
    Regime,
    DesignationType,
    DesignationSource,
    SanctionsImposed,
    OtherInformation,
    StatementOfReasons,
    AddressLine(u8),
    PostalCode,
    AddressCountry,
    Phone,
    Website,
    Email,
    DateDesignated,
    BirthDate,
    Nationality,
    NationalId,
    NationalIdInfo,
    Passport,
    PassportInfo,
    Position,
    Gender,
    TownOfBirth,
    CountryOfBirth,
    EntityType,
    Subsidiaries,
    ParentCompany,
    RegistrationNumber,
    Imo,
    CurrentOwner,
    PreviousOwner,
    Flag,
    PreviousFlags,
    ShipType,
    Tonnage,
    Length,
    YearBuilt,
    Hin,
}

/// Header names, normalised (lowercase letters and digits only), for each column. The first
/// is the current FCDO spelling; the others are variations seen in older files and tools.
const HEADERS: &[(Col, &[&str])] = &[
    (Col::LastUpdated, &["lastupdated"]),
    (Col::UniqueId, &["uniqueid"]),
    (Col::GroupId, &["ofsigroupid", "groupid"]),
    (Col::UnReference, &["unreferencenumber", "unreference"]),
    (Col::Name(1), &["name1"]),
    (Col::Name(2), &["name2"]),
    (Col::Name(3), &["name3"]),
    (Col::Name(4), &["name4"]),
    (Col::Name(5), &["name5"]),
    (Col::Name(6), &["name6"]),
    (Col::NameType, &["nametype", "aliastype"]),
    (Col::AliasStrength, &["aliasstrength", "aliasquality"]),
    (Col::Title, &["title"]),
    (
        Col::NonLatinName,
        &["namenonlatinscript", "nonlatinscriptname"],
    ),
    (Col::NonLatinType, &["nonlatinscripttype"]),
    (Col::NonLatinLanguage, &["nonlatinscriptlanguage"]),
    (Col::Regime, &["regimename", "regime"]),
    (
        Col::DesignationType,
        &[
            "designationtype",
            "designationtypeindividualentityship",
            "individualentityship",
            "grouptype",
        ],
    ),
    (Col::DesignationSource, &["designationsource"]),
    (Col::SanctionsImposed, &["sanctionsimposed"]),
    (Col::OtherInformation, &["otherinformation"]),
    (
        Col::StatementOfReasons,
        &["ukstatementofreasons", "statementofreasons"],
    ),
    (Col::AddressLine(1), &["addressline1", "address1"]),
    (Col::AddressLine(2), &["addressline2", "address2"]),
    (Col::AddressLine(3), &["addressline3", "address3"]),
    (Col::AddressLine(4), &["addressline4", "address4"]),
    (Col::AddressLine(5), &["addressline5", "address5"]),
    (Col::AddressLine(6), &["addressline6", "address6"]),
    (
        Col::PostalCode,
        &["addresspostalcode", "postalcode", "postcode"],
    ),
    (Col::AddressCountry, &["addresscountry", "country"]),
    (Col::Phone, &["phonenumber", "phonenumbers", "phone"]),
    (Col::Website, &["website", "websites"]),
    (Col::Email, &["emailaddress", "emailaddresses", "email"]),
    (Col::DateDesignated, &["datedesignated"]),
    (Col::BirthDate, &["dob", "dateofbirth"]),
    (
        Col::Nationality,
        &["nationalityies", "nationality", "nationalities"],
    ),
    (
        Col::NationalId,
        &["nationalidentifiernumber", "nationalidentificationnumber"],
    ),
    (
        Col::NationalIdInfo,
        &[
            "nationalidentifieradditionalinformation",
            "nationalidentificationadditionalinformation",
        ],
    ),
    (Col::Passport, &["passportnumber"]),
    (Col::PassportInfo, &["passportadditionalinformation"]),
    (Col::Position, &["position"]),
    (Col::Gender, &["gender"]),
    (Col::TownOfBirth, &["townofbirth"]),
    (Col::CountryOfBirth, &["countryofbirth"]),
    (Col::EntityType, &["typeofentity"]),
    (Col::Subsidiaries, &["subsidiaries"]),
    (Col::ParentCompany, &["parentcompany"]),
    (
        Col::RegistrationNumber,
        &["businessregistrationnumbers", "businessregistrationnumber"],
    ),
    (Col::Imo, &["imonumber", "imo"]),
    (
        Col::CurrentOwner,
        &["currentowneroperators", "currentowneroperator"],
    ),
    (
        Col::PreviousOwner,
        &["previousowneroperators", "previousowneroperator"],
    ),
    (Col::Flag, &["currentbelievedflagofship", "flagofship"]),
    (Col::PreviousFlags, &["previousflags"]),
    (Col::ShipType, &["typeofship"]),
    (Col::Tonnage, &["tonnageofship"]),
    (Col::Length, &["lengthofship"]),
    (Col::YearBuilt, &["yearbuilt"]),
    (
        Col::Hin,
        &[
            "hullidentificationnumberhin",
            "hullidentificationnumber",
            "hin",
        ],
    ),
];

/// A header name reduced to lowercase ASCII letters and digits.
fn normalise_header(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn column_of(name: &str) -> Option<Col> {
    let key = normalise_header(name);
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(col, _)| *col)
}

/// Read a UK Sanctions List CSV.
///
/// Fails with [`ReadError::Empty`] for an empty file, [`ReadError::WrongFormat`] when the file
/// starts neither with `Report Date:` nor with a UK header, [`ReadError::Encoding`] for bytes
/// that are not UTF-8 and [`ReadError::Malformed`] for a header without `Unique ID` or
/// `Name 6`, a row whose column count differs from the header's, or broken CSV quoting. The
/// malformed-row error names the line and the row's Unique ID.
pub fn read(file: &InputFile) -> Result<ReadOutput, ReadError> {
    text::require_content(file)?;
    let raw = text::strip_bom(file.data);
    let first_end = raw.iter().position(|b| *b == b'\n').unwrap_or(raw.len());
    let first = String::from_utf8_lossy(&raw[..first_end]);
    let first = first.trim().trim_start_matches('"');
    let has_report_date = first.to_lowercase().starts_with("report date");
    if !has_report_date && !looks_like_header(first) {
        return Err(ReadError::wrong_format(file, Format::UkCsv));
    }
    let body = text::utf8(file)?;
    let bom = file.data.len() - body.len();
    let mut problems: Vec<Problem> = Vec::new();
    let (published, table_start) = if has_report_date {
        let line = body.split('\n').next().unwrap_or("");
        // The line may be written as a CSV row, quoted or padded with empty cells.
        let value = line
            .split_once(':')
            .map_or("", |(_, v)| v)
            .trim()
            .trim_end_matches([',', '\r'])
            .trim_matches('"')
            .trim();
        let published = match clean_date(value) {
            Ok(d) => Some(d),
            Err(reason) => {
                problems.push(
                    Problem::warning(
                        "invalid_value",
                        format!("Report Date {value:?} is not a date ({reason}); the list's date is unknown"),
                    )
                    .at_line(1),
                );
                None
            }
        };
        let start = body.find('\n').map_or(body.len(), |i| i + 1);
        (published, start)
    } else {
        problems.push(
            Problem::warning(
                "missing_report_date",
                "the file does not start with a \"Report Date:\" line; the list's date is unknown",
            )
            .at_line(1),
        );
        (None, 0)
    };
    let table = Table {
        file,
        body,
        bom,
        start: table_start,
        newlines: body
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect(),
    };
    let output = table.read(published, problems)?;
    Ok(output)
}

/// Whether a first line is a UK header (a file whose Report Date line was cut off).
fn looks_like_header(line: &str) -> bool {
    let cells: Vec<String> = line.split(',').map(normalise_header).collect();
    cells.iter().any(|c| c == "uniqueid") && cells.iter().any(|c| c == "name6")
}

/// The CSV part of the file: the header and the rows.
struct Table<'a> {
    file: &'a InputFile<'a>,
    body: &'a str,
    bom: usize,
    /// Byte offset of the header within `body`.
    start: usize,
    /// Offsets of the line feeds in `body`, to turn offsets into lines.
    newlines: Vec<usize>,
}

/// One data row with where it is.
struct Row {
    line: u64,
    cells: csv::StringRecord,
}

impl<'a> Table<'a> {
    fn malformed(
        &self,
        line: u64,
        offset: u64,
        record: Option<String>,
        message: String,
    ) -> ReadError {
        ReadError::Malformed {
            file: self.file.name.to_string(),
            at: Location {
                line: Some(line),
                offset: Some(offset),
                record,
            },
            message,
        }
    }

    /// The line and file offset where the record at a CSV position starts. The csv crate
    /// places a record after a CRLF line end at its line feed; the record itself starts after.
    fn locate(&self, pos: &csv::Position) -> (u64, u64) {
        let mut at = self.start + pos.byte() as usize;
        let bytes = self.body.as_bytes();
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        let line = self.newlines.partition_point(|&n| n < at) as u64 + 1;
        (line, (at + self.bom) as u64)
    }

    fn read(
        &self,
        published: Option<String>,
        mut problems: Vec<Problem>,
    ) -> Result<ReadOutput, ReadError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&self.body.as_bytes()[self.start..]);
        let mut records = reader.records();

        let header = match records.next() {
            Some(Ok(h)) => h,
            Some(Err(e)) => return Err(self.csv_error(&e)),
            None => {
                return Err(self.malformed(
                    self.newlines.partition_point(|&n| n < self.start) as u64 + 1,
                    (self.start + self.bom) as u64,
                    None,
                    "the file has no header row".into(),
                ))
            }
        };
        let (header_line, header_offset) = header.position().map_or((1, 0), |p| self.locate(p));
        let mut columns: HashMap<Col, usize> = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            match column_of(name) {
                Some(col) if !columns.contains_key(&col) => {
                    columns.insert(col, i);
                }
                Some(_) => problems.push(
                    Problem::warning(
                        "unknown_column",
                        format!(
                            "column {} ({name:?}) repeats an earlier column and is not read",
                            i + 1
                        ),
                    )
                    .at_line(header_line),
                ),
                None if name.trim().is_empty() => {}
                None => problems.push(
                    Problem::warning(
                        "unknown_column",
                        format!(
                            "column {} ({name:?}) is not a known UK list column and is not read",
                            i + 1
                        ),
                    )
                    .at_line(header_line),
                ),
            }
        }
        for (col, label) in [(Col::UniqueId, "Unique ID"), (Col::Name(6), "Name 6")] {
            if !columns.contains_key(&col) {
                return Err(self.malformed(
                    header_line,
                    header_offset,
                    None,
                    format!("the header has no {label} column"),
                ));
            }
        }
        let width = header.len();
        let cols = Columns { index: columns };

        // Group the rows by Unique ID, in the order the designations first appear.
        let mut order: Vec<(String, Vec<Row>)> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for result in records {
            let cells = result.map_err(|e| self.csv_error(&e))?;
            let (line, offset) = cells.position().map_or((0, 0), |p| self.locate(p));
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let uid = cols.get(&cells, Col::UniqueId).map(str::to_string);
            if cells.len() != width {
                return Err(self.malformed(
                    line,
                    offset,
                    uid,
                    format!(
                        "the row has {} columns where the header has {width}",
                        cells.len()
                    ),
                ));
            }
            let Some(uid) = uid else {
                problems.push(
                    Problem::error(
                        "bad_record",
                        "a row without a Unique ID cannot be joined to a designation and is not read",
                    )
                    .at_line(line)
                    .at_offset(offset),
                );
                continue;
            };
            let row = Row { line, cells };
            match by_id.get(&uid) {
                Some(&i) => order[i].1.push(row),
                None => {
                    by_id.insert(uid.clone(), order.len());
                    order.push((uid, vec![row]));
                }
            }
        }

        let date = published
            .as_deref()
            .map(|d| d.chars().take(10).collect::<String>());
        let mut entities = Vec::new();
        for (uid, rows) in &order {
            entities.extend(map_designation(
                uid,
                rows,
                &cols,
                date.as_deref(),
                &mut problems,
            ));
        }
        Ok(ReadOutput {
            meta: ListMeta {
                dataset: DATASET.to_string(),
                title: TITLE.to_string(),
                publisher: PUBLISHER.to_string(),
                published,
                format: Format::UkCsv,
            },
            entities,
            problems,
            records: order.len(),
        })
    }

    fn csv_error(&self, e: &csv::Error) -> ReadError {
        let (line, offset) = e.position().map_or((0, 0), |p| self.locate(p));
        self.malformed(line, offset, None, format!("broken CSV: {e}"))
    }
}

/// Where each known column is.
struct Columns {
    index: HashMap<Col, usize>,
}

impl Columns {
    /// The trimmed, non-blank value of a column in a row.
    fn get<'r>(&self, row: &'r csv::StringRecord, col: Col) -> Option<&'r str> {
        let i = *self.index.get(&col)?;
        row.get(i).map(str::trim).filter(|v| !v.is_empty())
    }
}

/// Split a cell that holds several values: `A|B`, or `(1) A (2) B`.
fn split_values(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in cell.split('|') {
        for piece in split_numbered(part) {
            let piece = piece.trim();
            if !piece.is_empty() && !out.iter().any(|o| o == piece) {
                out.push(piece.to_string());
            }
        }
    }
    out
}

/// Split `(1) A (2) B` at its markers; text without a leading `(1)` is one value.
fn split_numbered(text: &str) -> Vec<&str> {
    if !text.trim_start().starts_with("(1)") {
        return vec![text];
    }
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 0 && bytes.get(i + 1 + digits) == Some(&b')') {
                pieces.push(&text[start..i]);
                i += digits + 2;
                start = i;
                continue;
            }
        }
        i += 1;
    }
    pieces.push(&text[start..]);
    pieces
}

/// A UK date (`dd/mm/yyyy`) where `00` stands for an unknown day or month, as the prefix date
/// FtM uses: `00/00/1975` is `1975`, `00/05/1975` is `1975-05`. Other forms are left to the
/// date cleaning.
fn uk_date(raw: &str) -> String {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split('/').map(str::trim).collect();
    if let [d, m, y] = parts.as_slice() {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits(d) && digits(m) && y.len() == 4 && digits(y) {
            let zero = |s: &str| s.bytes().all(|b| b == b'0');
            return match (zero(d), zero(m)) {
                (_, true) => y.to_string(),
                (true, false) => format!("{y}-{m:0>2}"),
                (false, false) => raw.to_string(),
            };
        }
    }
    raw.to_string()
}

/// The seven digits of an IMO number written `IMO9826902`, `IMO 9826902` or `9826902`.
fn imo_digits(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let rest: String = raw
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect();
    (digits.len() == 7 && (rest.is_empty() || rest.eq_ignore_ascii_case("imo"))).then_some(digits)
}

/// Add `e` to `derived`, or fold it into the entity already there with the same id (the same
/// address repeated on every name row of a designation).
fn push_derived(derived: &mut Vec<Entity>, e: Entity) {
    match derived.iter_mut().find(|d| d.id == e.id) {
        Some(existing) => {
            // Same id means same schema and provenance here, so merging cannot fail.
            let _ = existing.merge(&e);
        }
        None => derived.push(e),
    }
}

/// The entities of one designation: the party, its sanction, addresses and documents.
fn map_designation(
    uid: &str,
    rows: &[Row],
    cols: &Columns,
    published: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Vec<Entity> {
    let first_problem = problems.len();
    let first_line = rows.first().map_or(0, |r| r.line);
    let types: Vec<String> = {
        let mut t: Vec<String> = Vec::new();
        for r in rows {
            if let Some(v) = cols.get(&r.cells, Col::DesignationType) {
                let v = v.to_lowercase();
                if !t.contains(&v) {
                    t.push(v);
                }
            }
        }
        t
    };
    let schema = match types.first().map(String::as_str) {
        Some("individual") => "Person",
        Some("entity") => "Organization",
        Some("ship") => "Vessel",
        other => {
            problems.push(
                Problem::warning(
                    "unknown_designation_type",
                    format!(
                        "designation type {:?} is not Individual, Entity or Ship; read as a legal entity",
                        other.unwrap_or("")
                    ),
                )
                .with_record(Some(uid.to_string())),
            );
            "LegalEntity"
        }
    };
    if types.len() > 1 {
        problems.push(
            Problem::warning(
                "conflicting_values",
                format!(
                    "the rows of {uid} give several designation types ({}); the first is used",
                    types.join(", ")
                ),
            )
            .with_record(Some(uid.to_string())),
        );
    }
    let id = make_id("uk", &[uid]);
    let source = Provenance::new(DATASET, uid, published);
    let (Ok(mut party), Ok(mut sanction)) = (
        Entity::new(schema, &id, source.clone()),
        Entity::new(
            "Sanction",
            make_id("uk", &[uid, "sanction"]),
            source.clone(),
        ),
    ) else {
        // Both schemata are part of the shipped model; this only guards against a broken build.
        problems.push(
            Problem::error(
                "bad_record",
                format!("the model lacks the {schema} or Sanction schema"),
            )
            .with_record(Some(uid.to_string())),
        );
        return Vec::new();
    };
    party.add_or_report("topics", "sanction", problems);
    sanction.add_or_report("entity", &id, problems);
    sanction.add_or_report("authority", PUBLISHER, problems);
    sanction.add_or_report("authorityId", uid, problems);

    let mut derived: Vec<Entity> = Vec::new();
    for row in rows {
        let before = problems.len();
        map_row(
            row,
            cols,
            &mut party,
            &mut sanction,
            &mut derived,
            &source,
            problems,
        );
        for p in &mut problems[before..] {
            if p.line.is_none() {
                p.line = Some(row.line);
            }
        }
    }

    if !party.has("name") {
        // Every row of this designation is an alias: the first one stands in as the name, so
        // that the party can still be screened and shown.
        let stand_in = party
            .first("alias")
            .or_else(|| party.first("weakAlias"))
            .map(str::to_string);
        match stand_in {
            Some(alias) => {
                problems.push(
                    Problem::warning(
                        "missing_name",
                        format!("{uid} has no primary name row; its first alias {alias:?} is used as its name"),
                    )
                    .with_record(Some(uid.to_string())),
                );
                party.add_or_report("name", &alias, problems);
            }
            None => problems.push(
                Problem::error(
                    "missing_name",
                    format!("{uid} has no name; it is kept without one"),
                )
                .with_record(Some(uid.to_string())),
            ),
        }
    }
    for p in &mut problems[first_problem..] {
        if p.line.is_none() {
            p.line = Some(first_line);
        }
    }
    let mut out = Vec::with_capacity(2 + derived.len());
    out.push(party);
    out.push(sanction);
    out.extend(derived);
    out
}

/// One row: its name, and the designation's details it repeats (values already added from an
/// earlier row are not added twice).
fn map_row(
    row: &Row,
    cols: &Columns,
    party: &mut Entity,
    sanction: &mut Entity,
    derived: &mut Vec<Entity>,
    source: &Provenance,
    problems: &mut Vec<Problem>,
) {
    let r = &row.cells;
    let get = |col: Col| cols.get(r, col);
    let many = |col: Col| get(col).map(split_values).unwrap_or_default();
    let person = party.schema().name == "Person";
    let uid = source.record.as_str();

    // The name of this row.
    let given: Vec<&str> = (1..=5).filter_map(|i| get(Col::Name(i))).collect();
    let surname = get(Col::Name(6));
    let full = given
        .iter()
        .copied()
        .chain(surname)
        .collect::<Vec<_>>()
        .join(" ");
    let name_type = get(Col::NameType).map(|t| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    });
    let weak = get(Col::AliasStrength).is_some_and(|s| {
        let s = s.to_lowercase();
        s.contains("low") || s.contains("weak")
    });
    let prop = match name_type.as_deref() {
        Some("primary name") => "name",
        Some("primary name variation") => "alias",
        Some("alias") | Some("aka") | None => {
            if weak {
                "weakAlias"
            } else {
                "alias"
            }
        }
        Some("fka") | Some("formerly known as") => "previousName",
        Some(other) => {
            problems.push(
                Problem::warning(
                    "unknown_name_type",
                    format!("name type {other:?} is not known; {full:?} is read as an alias"),
                )
                .with_record(Some(uid.to_string())),
            );
            "alias"
        }
    };
    party.add_or_report(prop, &full, problems);
    if let Some(original) = get(Col::NonLatinName) {
        party.add_or_report(prop, original, problems);
    }
    if person && prop == "name" {
        if let Some(first) = get(Col::Name(1)) {
            party.add_or_report("firstName", first, problems);
        }
        if let Some(second) = get(Col::Name(2)) {
            party.add_or_report("secondName", second, problems);
        }
        let middle: Vec<&str> = (3..=5).filter_map(|i| get(Col::Name(i))).collect();
        party.add_or_report("middleName", &middle.join(" "), problems);
        if let Some(last) = surname {
            party.add_or_report("lastName", last, problems);
        }
    }
    if let Some(t) = get(Col::Title) {
        party.add_or_report("title", t, problems);
    }

    // The sanction.
    if let Some(v) = get(Col::UnReference) {
        sanction.add_or_report("unscId", v, problems);
    }
    if let Some(v) = get(Col::GroupId) {
        sanction.add_or_report("recordId", v, problems);
    }
    if let Some(v) = get(Col::Regime) {
        sanction.add_or_report("program", v, problems);
    }
    if let Some(v) = get(Col::DesignationSource) {
        sanction.add_or_report("summary", &format!("Designation source: {v}"), problems);
    }
    for v in many(Col::SanctionsImposed) {
        sanction.add_or_report("provisions", &v, problems);
    }
    if let Some(v) = get(Col::StatementOfReasons) {
        sanction.add_or_report("reason", v, problems);
    }
    if let Some(v) = get(Col::DateDesignated) {
        sanction.add_or_report("listingDate", &uk_date(v), problems);
    }
    if let Some(v) = get(Col::LastUpdated) {
        sanction.add_or_report("modifiedAt", &uk_date(v), problems);
    }

    // The party's details.
    if let Some(v) = get(Col::OtherInformation) {
        party.add_or_report("notes", v, problems);
    }
    for v in many(Col::Phone) {
        party.add_or_report("phone", &v, problems);
    }
    for v in many(Col::Website) {
        party.add_or_report("website", &v, problems);
    }
    for v in many(Col::Email) {
        party.add_or_report("email", &v, problems);
    }
    for v in many(Col::BirthDate) {
        party.add_or_report("birthDate", &uk_date(&v), problems);
    }
    for v in many(Col::Nationality) {
        party.add_or_report("nationality", &v, problems);
    }
    for v in many(Col::Position) {
        party.add_or_report("position", &v, problems);
    }
    if let Some(v) = get(Col::Gender) {
        party.add_or_report("gender", v, problems);
    }
    let town = get(Col::TownOfBirth);
    let country_of_birth = get(Col::CountryOfBirth);
    let place: Vec<&str> = [town, country_of_birth].into_iter().flatten().collect();
    party.add_or_report("birthPlace", &place.join(", "), problems);
    if let Some(c) = country_of_birth {
        party.add_or_report("birthCountry", c, problems);
    }
    if let Some(v) = get(Col::EntityType) {
        party.add_or_report("legalForm", v, problems);
    }
    for v in many(Col::RegistrationNumber) {
        party.add_or_report("registrationNumber", &v, problems);
    }
    for v in many(Col::Subsidiaries) {
        party.add_or_report("notes", &format!("Subsidiary: {v}"), problems);
    }
    for v in many(Col::ParentCompany) {
        party.add_or_report("notes", &format!("Parent company: {v}"), problems);
    }

    // The ship (an IMO number may also be a company's).
    if let Some(v) = get(Col::Imo) {
        match imo_digits(v) {
            Some(d) => party.add_or_report("imoNumber", &d, problems),
            None => {
                problems.push(
                    Problem::warning(
                        "invalid_value",
                        format!("IMO number {v:?} is not seven digits; kept in the notes"),
                    )
                    .with_record(Some(uid.to_string())),
                );
                party.add_or_report("notes", &format!("IMO number as listed: {v}"), problems);
            }
        }
    }
    if let Some(v) = get(Col::Flag) {
        party.add_or_report("flag", v, problems);
    }
    for v in get(Col::PreviousFlags)
        .map(|f| {
            f.split([';', '|'])
                .flat_map(split_numbered)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    {
        party.add_or_report("pastFlags", v, problems);
    }
    if let Some(v) = get(Col::ShipType) {
        party.add_or_report("type", v, problems);
    }
    if let Some(v) = get(Col::Tonnage) {
        party.add_or_report("tonnage", v, problems);
    }
    if let Some(v) = get(Col::YearBuilt) {
        party.add_or_report("buildDate", v, problems);
    }
    for v in many(Col::CurrentOwner) {
        party.add_or_report("notes", &format!("Current owner/operator: {v}"), problems);
    }
    for v in many(Col::PreviousOwner) {
        party.add_or_report("notes", &format!("Previous owner/operator: {v}"), problems);
    }
    if let Some(v) = get(Col::Length) {
        party.add_or_report("notes", &format!("Length: {v}"), problems);
    }
    if let Some(v) = get(Col::Hin) {
        party.add_or_report(
            "notes",
            &format!("Hull identification number: {v}"),
            problems,
        );
    }

    // The address of this row.
    let lines: Vec<&str> = (1..=6).filter_map(|i| get(Col::AddressLine(i))).collect();
    let postal = get(Col::PostalCode);
    let country = get(Col::AddressCountry);
    if let Some(c) = country {
        party.add_or_report("country", c, problems);
    }
    if !lines.is_empty() || postal.is_some() {
        let full: Vec<&str> = lines.iter().copied().chain(postal).chain(country).collect();
        let full = full.join(", ");
        let id = make_id("uk", &[uid, "addr", &short_hash(&full)]);
        if let Ok(mut address) = Entity::new("Address", &id, source.clone()) {
            address.add_or_report("full", &full, problems);
            if let Some(l) = lines.first() {
                address.add_or_report("street", l, problems);
            }
            if let Some(l) = lines.get(1) {
                address.add_or_report("street2", l, problems);
            }
            if let Some(p) = postal {
                address.add_or_report("postalCode", p, problems);
            }
            if let Some(c) = country {
                address.add_or_report("country", c, problems);
            }
            party.add_or_report("addressEntity", &id, problems);
            party.add_or_report("address", &full, problems);
            push_derived(derived, address);
        }
    }

    // Documents.
    for (number_col, info_col, schema, word, prop) in [
        (
            Col::Passport,
            Col::PassportInfo,
            "Passport",
            "passport",
            "passportNumber",
        ),
        (
            Col::NationalId,
            Col::NationalIdInfo,
            "Identification",
            "id",
            "idNumber",
        ),
    ] {
        let numbers = many(number_col);
        let infos = many(info_col);
        for (i, number) in numbers.iter().enumerate() {
            party.add_or_report(prop, number, problems);
            let id = make_id("uk", &[uid, word, &short_hash(number)]);
            let Ok(mut doc) = Entity::new(schema, &id, source.clone()) else {
                continue;
            };
            doc.add_or_report("holder", &party.id, problems);
            doc.add_or_report("number", number, problems);
            // Additional information pairs with its number when both list as many values;
            // otherwise all of it is kept with every number.
            if infos.len() == numbers.len() {
                doc.add_or_report("description", &infos[i], problems);
            } else if let Some(info) = get(info_col) {
                doc.add_or_report("description", info, problems);
            }
            push_derived(derived, doc);
        }
        if numbers.is_empty() {
            if let Some(info) = get(info_col) {
                party.add_or_report("notes", &format!("{schema}: {info}"), problems);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_match_loosely() {
        assert_eq!(column_of("Nationality(/ies)"), Some(Col::Nationality));
        assert_eq!(column_of(" nationality (ies) "), Some(Col::Nationality));
        assert_eq!(column_of("D.O.B"), Some(Col::BirthDate));
        assert_eq!(column_of("UNIQUE ID"), Some(Col::UniqueId));
        assert_eq!(
            column_of("Individual, Entity, Ship"),
            Some(Col::DesignationType)
        );
        assert_eq!(
            column_of("Business registration number (s)"),
            Some(Col::RegistrationNumber)
        );
        assert_eq!(
            column_of("Hull identification number (HIN)"),
            Some(Col::Hin)
        );
        assert_eq!(column_of("Favourite colour"), None);
    }

    #[test]
    fn partial_dates_of_birth() {
        assert_eq!(uk_date("12/04/1969"), "12/04/1969");
        assert_eq!(uk_date("00/05/1972"), "1972-05");
        assert_eq!(uk_date("00/00/1975"), "1975");
        assert_eq!(uk_date("1975"), "1975");
        assert_eq!(clean_date(&uk_date("12/04/1969")).unwrap(), "1969-04-12");
    }

    #[test]
    fn cells_with_several_values() {
        assert_eq!(
            split_values("Asset freeze|Travel Ban"),
            ["Asset freeze", "Travel Ban"]
        );
        assert_eq!(
            split_values("(1) +850 2 381 4410 (2) +850 2 381 4416"),
            ["+850 2 381 4410", "+850 2 381 4416"]
        );
        assert_eq!(split_values("Korea (North)"), ["Korea (North)"]);
        assert_eq!(split_values("a|a| "), ["a"]);
    }

    #[test]
    fn imo_numbers_as_written() {
        assert_eq!(imo_digits("IMO9826902").as_deref(), Some("9826902"));
        assert_eq!(imo_digits("IMO 9826902").as_deref(), Some("9826902"));
        assert_eq!(imo_digits("9826902").as_deref(), Some("9826902"));
        assert_eq!(imo_digits("982690"), None);
        assert_eq!(imo_digits("MMSI 9826902"), None);
    }
}
