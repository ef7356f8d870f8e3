//! The OFAC SDN list in its legacy CSV form: `sdn.csv` with the companions `add.csv`,
//! `alt.csv` and `sdn_comments.csv`.
//!
//! The files have no header row and no date. They are Windows-1252 text, `-0-` (usually with a
//! trailing space) stands for an empty field, and each file ends with a DOS end-of-file byte
//! (0x1A) on its own line. Columns:
//!
//! | File | Columns |
//! |---|---|
//! | `sdn.csv` | ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks |
//! | `add.csv` | ent_num, add_num, address, city/state/postal code, country, add_remarks |
//! | `alt.csv` | ent_num, alt_num, alt_type (aka, fka, nka), alt_name, alt_remarks |
//! | `sdn_comments.csv` | ent_num, the part of Remarks beyond its first 1,000 characters |
//!
//! How a row becomes entities:
//!
//! - `individual` becomes a Person, `vessel` a Vessel, `aircraft` an Airplane and `-0-` an
//!   Organization. OFAC does not say which entries are companies, and guessing from suffixes
//!   such as "LTD." would be wrong for ministries, banks and armed groups alike; Organization is
//!   the common ancestor, and merging with a list that does say Company narrows it.
//! - A person's name is kept as listed (`KIM, Jong Un`), since that is the form OFAC publishes
//!   and officers look up; `lastName` and `firstName` (and `nameSuffix` for a trailing "Jr.")
//!   carry the parts so that a matcher can build the given-name-first form. That form is not
//!   added as an alias: an alias is a name the publisher lists, and provenance would then claim
//!   OFAC wrote something it did not.
//! - The Remarks field holds semi-structured facts separated by `;`. Known keys (DOB, POB,
//!   nationality, passports, identifiers, IMO and MMSI numbers, contact details, digital
//!   currency addresses, "Linked To:", secondary-sanctions statements, a.k.a. names…) go to their
//!   properties or entities; every segment that is not understood is kept, verbatim, in the
//!   party's `notes`.
//! - Each entry gets one Sanction with one `program` value per program tag.
//!
//! Ids derive from `ent_num`: `ofac-12345` for the party, `ofac-12345-sanction`,
//! `ofac-12345-addr-<add_num>`, `ofac-12345-passport-<hash>`, `ofac-wallet-<hash>` (a wallet
//! listed for two parties is one entity with two holders) and `ofac-link-<a>-<b>` for links.

use std::collections::{HashMap, HashSet};

use ce2_model::ids::{make_id, short_hash};
use ce2_model::types::clean_date;

use crate::{
    text, Entity, Format, InputFile, ListMeta, Location, Problem, Provenance, ReadError, ReadOutput,
};

/// The dataset name of the SDN list.
pub const DATASET: &str = "us_ofac_sdn";

/// Who publishes the list.
pub const PUBLISHER: &str = "Office of Foreign Assets Control (US Treasury)";

/// The authority named on every Sanction entity.
pub const AUTHORITY: &str = "Office of Foreign Assets Control";

/// OFAC cuts the Remarks field after this many characters and continues it in
/// `sdn_comments.csv`.
const REMARKS_LIMIT: usize = 1000;

/// The four files of the legacy set; only sdn.csv is required.
#[derive(Debug, Clone, Copy)]
pub struct OfacCsvSet<'a> {
    /// `sdn.csv`: one row per listed party.
    pub sdn: InputFile<'a>,
    /// `add.csv`: the parties' addresses.
    pub add: Option<InputFile<'a>>,
    /// `alt.csv`: the parties' other names.
    pub alt: Option<InputFile<'a>>,
    /// `sdn_comments.csv`: the overflow of Remarks longer than 1,000 characters.
    pub comments: Option<InputFile<'a>>,
}

impl<'a> OfacCsvSet<'a> {
    /// A set of `sdn.csv` alone.
    pub fn new(sdn: InputFile<'a>) -> OfacCsvSet<'a> {
        OfacCsvSet {
            sdn,
            add: None,
            alt: None,
            comments: None,
        }
    }
}

/// Read an OFAC SDN CSV set into entities.
///
/// File-level failures (an empty file, a row with the wrong number of columns, a file of
/// another kind) are errors; everything wrong with a single entry or value is a problem, and
/// rows of the companion files whose `ent_num` is not in `sdn.csv` are reported, not dropped.
pub fn read(set: &OfacCsvSet) -> Result<ReadOutput, ReadError> {
    let sdn = read_rows(&set.sdn, Kind::Sdn)?;
    let add = match &set.add {
        Some(f) => Some((f.name, read_rows(f, Kind::Add)?)),
        None => None,
    };
    let alt = match &set.alt {
        Some(f) => Some((f.name, read_rows(f, Kind::Alt)?)),
        None => None,
    };
    let comments = match &set.comments {
        Some(f) => Some((f.name, read_rows(f, Kind::Comments)?)),
        None => None,
    };

    let mut b = Builder::new(set.sdn.name);
    b.index(&sdn, alt.as_ref().map(|(_, rows)| rows.as_slice()));

    let overflow = b.group_overflow(comments.as_ref());
    let alts = b.group(alt.as_ref());
    let adds = b.group(add.as_ref());
    let alt_file = alt.as_ref().map_or("alt.csv", |(n, _)| *n);
    let add_file = add.as_ref().map_or("add.csv", |(n, _)| *n);

    let mut records = 0;
    for row in &sdn {
        let ent = row.ent();
        if b.skipped.contains(&row.line) {
            continue;
        }
        records += 1;
        let companions = Companions {
            overflow: overflow.get(ent).map(String::as_str),
            alts: alts.get(ent).map_or(&[], Vec::as_slice),
            alt_file,
            adds: adds.get(ent).map_or(&[], Vec::as_slice),
            add_file,
        };
        b.entry(row, &companions);
    }

    let Builder {
        mut entities,
        problems,
        wallets,
        links,
        ..
    } = b;
    entities.extend(wallets);
    entities.extend(links);
    Ok(ReadOutput {
        meta: ListMeta {
            dataset: DATASET.to_string(),
            title: "OFAC Specially Designated Nationals (SDN) List".to_string(),
            publisher: PUBLISHER.to_string(),
            published: None,
            format: Format::OfacCsv,
        },
        entities,
        problems,
        records,
    })
}

/// The kinds of file in the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sdn,
    Add,
    Alt,
    Comments,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Sdn, Kind::Add, Kind::Alt, Kind::Comments];

    fn columns(self) -> usize {
        match self {
            Kind::Sdn => 12,
            Kind::Add => 6,
            Kind::Alt => 5,
            Kind::Comments => 2,
        }
    }

    fn file(self) -> &'static str {
        match self {
            Kind::Sdn => "sdn.csv",
            Kind::Add => "add.csv",
            Kind::Alt => "alt.csv",
            Kind::Comments => "sdn_comments.csv",
        }
    }
}

/// One CSV row and the line it starts on.
#[derive(Debug)]
struct Row {
    line: u64,
    fields: Vec<String>,
}

impl Row {
    /// A field, or `None` when it is empty or `-0-`.
    fn get(&self, i: usize) -> Option<&str> {
        self.fields.get(i).and_then(|f| value(f))
    }

    /// The `ent_num`.
    fn ent(&self) -> &str {
        self.fields.first().map_or("", |f| f.trim())
    }
}

/// A field's value: `None` for an empty field or OFAC's null marker `-0-`.
fn value(raw: &str) -> Option<&str> {
    let v = raw.trim();
    if v.is_empty() || v == "-0-" {
        None
    } else {
        Some(v)
    }
}

/// Decode a file and split it into rows, checking that it is the kind of file asked for and
/// that every row has that kind's number of columns.
fn read_rows(file: &InputFile, kind: Kind) -> Result<Vec<Row>, ReadError> {
    text::require_content(file)?;
    let decoded = text::utf8_or_cp1252(file.data);
    // The files end with a DOS end-of-file byte (Ctrl-Z) on its own line.
    let body = decoded.trim_end_matches(|c: char| c == '\u{1a}' || c.is_whitespace());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    // The csv crate counts lines late after a CRLF, so lines are counted here from the byte
    // offset of each record (which, after a CRLF, points at its LF).
    let bytes = body.as_bytes();
    let (mut counted, mut newlines) = (0usize, 0u64);
    let mut line_at = |byte: u64| -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted {
            newlines += bytes[counted..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted = start;
        }
        newlines + 1
    };
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ReadError::Malformed {
                    file: file.name.to_string(),
                    at: Location {
                        line: e.position().map(|p| line_at(p.byte())),
                        ..Location::default()
                    },
                    message: format!("unreadable CSV: {e}"),
                })
            }
        }
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if rows.is_empty() {
            check_first_row(file, kind, &record)?;
        }
        if record.len() != kind.columns() {
            return Err(ReadError::Malformed {
                file: file.name.to_string(),
                at: Location {
                    line: Some(line),
                    offset: None,
                    record: record.get(0).map(|e| e.trim().to_string()),
                },
                message: format!(
                    "a row of {} columns where {} has {}",
                    record.len(),
                    kind.file(),
                    kind.columns()
                ),
            });
        }
        rows.push(Row {
            line,
            fields: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

/// The first row tells whether the file is an OFAC CSV of the kind asked for: its first field
/// is a numeric `ent_num` and it has that kind's columns.
fn check_first_row(
    file: &InputFile,
    kind: Kind,
    record: &csv::StringRecord,
) -> Result<(), ReadError> {
    let first = record.get(0).unwrap_or("").trim();
    let expected = format!("an OFAC {} file", kind.file());
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ReadError::WrongFormat {
            file: file.name.to_string(),
            expected,
            found: sniff(file.data),
        });
    }
    if record.len() != kind.columns() {
        if let Some(other) = Kind::ALL.iter().find(|k| k.columns() == record.len()) {
            return Err(ReadError::WrongFormat {
                file: file.name.to_string(),
                expected,
                found: format!("an OFAC {} file ({} columns)", other.file(), record.len()),
            });
        }
    }
    Ok(())
}

/// What a file looks like. `text::sniff` slices the BOM-stripped bytes by the length of the
/// unstripped ones, so it is handed bytes that no longer start with a BOM.
fn sniff(mut data: &[u8]) -> String {
    while let Some(rest) = data.strip_prefix(b"\xEF\xBB\xBF") {
        data = rest;
    }
    text::sniff(data)
}

/// The program tags of the Program field: `DPRK3] [CYBER2` gives `DPRK3` and `CYBER2`.
fn split_programs(raw: &str) -> Vec<String> {
    raw.split("] [")
        .map(|p| p.trim().trim_matches(['[', ']']).trim())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// The schema of an SDN_Type value; `None` for a type OFAC does not use.
fn schema_of(sdn_type: Option<&str>) -> Option<&'static str> {
    match sdn_type.map(str::to_ascii_lowercase).as_deref() {
        None => Some("Organization"),
        Some("individual") => Some("Person"),
        Some("vessel") => Some("Vessel"),
        Some("aircraft") => Some("Airplane"),
        Some(_) => None,
    }
}

/// A name as compared when one entry refers to another by name ("Linked To: …", a vessel's
/// owner): upper case, single spaces, no trailing full stop (the last remark of an entry ends
/// with one, and names such as "CO., LTD." have their own).
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word.to_uppercase());
    }
    key.trim_end_matches('.').trim_end().to_string()
}

/// The rows of a companion file that belong to one entry, and the files' names.
struct Companions<'r> {
    overflow: Option<&'r str>,
    alts: &'r [&'r Row],
    alt_file: &'r str,
    adds: &'r [&'r Row],
    add_file: &'r str,
}

/// What is known of an entry before its row is read, so that entries can refer to each other.
struct Head {
    schema: &'static str,
    programs: Vec<String>,
}

/// The entry being read.
struct Entry {
    ent: String,
    line: u64,
    source: Provenance,
    party: Entity,
    sanction: Entity,
    title: Option<String>,
    notes: Vec<String>,
    derived: Vec<Entity>,
}

/// The reading state of one set.
struct Builder<'f> {
    sdn_file: &'f str,
    entities: Vec<Entity>,
    problems: Vec<Problem>,
    /// Wallets, by id, in the order first seen.
    wallets: Vec<Entity>,
    wallet_index: HashMap<String, usize>,
    /// UnknownLink and Ownership entities.
    links: Vec<Entity>,
    link_ids: HashSet<String>,
    /// The entries of sdn.csv by ent_num.
    heads: HashMap<String, Head>,
    /// Entries by primary name and by alias, for references by name.
    by_name: HashMap<String, Vec<String>>,
    by_alias: HashMap<String, Vec<String>>,
    /// Lines of sdn.csv rows that are not read (a repeated ent_num).
    skipped: HashSet<u64>,
}

impl<'f> Builder<'f> {
    fn new(sdn_file: &'f str) -> Builder<'f> {
        Builder {
            sdn_file,
            entities: Vec::new(),
            problems: Vec::new(),
            wallets: Vec::new(),
            wallet_index: HashMap::new(),
            links: Vec::new(),
            link_ids: HashSet::new(),
            heads: HashMap::new(),
            by_name: HashMap::new(),
            by_alias: HashMap::new(),
            skipped: HashSet::new(),
        }
    }

    /// First pass over sdn.csv (and alt.csv): every entry's schema, programs and names, so that
    /// "Linked To" and owners can be resolved while the entries are read.
    fn index(&mut self, sdn: &[Row], alt: Option<&[Row]>) {
        for row in sdn {
            let ent = row.ent();
            if ent.is_empty() {
                self.problems.push(
                    Problem::error(
                        "bad_record",
                        format!("{}: a row without ent_num is not read", self.sdn_file),
                    )
                    .at_line(row.line),
                );
                self.skipped.insert(row.line);
                continue;
            }
            if self.heads.contains_key(ent) {
                self.problems.push(
                    Problem::error(
                        "duplicate_record",
                        format!(
                            "{}: ent_num {ent} appears again; only its first row is read",
                            self.sdn_file
                        ),
                    )
                    .with_record(Some(ent.to_string()))
                    .at_line(row.line),
                );
                self.skipped.insert(row.line);
                continue;
            }
            let head = Head {
                schema: schema_of(row.get(2)).unwrap_or("Organization"),
                programs: row.get(3).map(split_programs).unwrap_or_default(),
            };
            self.heads.insert(ent.to_string(), head);
            if let Some(name) = row.get(1) {
                self.by_name
                    .entry(name_key(name))
                    .or_default()
                    .push(ent.to_string());
            }
        }
        for row in alt.unwrap_or(&[]) {
            if let Some(name) = row.get(3) {
                let list = self.by_alias.entry(name_key(name)).or_default();
                if !list.iter().any(|e| e == row.ent()) {
                    list.push(row.ent().to_string());
                }
            }
        }
    }

    /// The overflow remarks by ent_num (rows of one entry are joined in file order).
    fn group_overflow(&mut self, comments: Option<&(&str, Vec<Row>)>) -> HashMap<String, String> {
        let mut out: HashMap<String, String> = HashMap::new();
        let Some((file, rows)) = comments else {
            return out;
        };
        for row in rows {
            if !self.is_known(file, row) {
                continue;
            }
            // The overflow continues the remarks mid-word, so its leading spaces are kept.
            let raw = row.fields.get(1).map_or("", String::as_str);
            if value(raw).is_some() {
                out.entry(row.ent().to_string())
                    .or_default()
                    .push_str(raw.trim_end());
            }
        }
        out
    }

    /// The rows of a companion file by ent_num.
    fn group<'r>(
        &mut self,
        file: Option<&'r (&'r str, Vec<Row>)>,
    ) -> HashMap<String, Vec<&'r Row>> {
        let mut out: HashMap<String, Vec<&Row>> = HashMap::new();
        let Some((name, rows)) = file else {
            return out;
        };
        for row in rows {
            if self.is_known(name, row) {
                out.entry(row.ent().to_string()).or_default().push(row);
            }
        }
        out
    }

    /// Whether a companion row belongs to an entry of sdn.csv; a warning names it otherwise.
    fn is_known(&mut self, file: &str, row: &Row) -> bool {
        if self.heads.contains_key(row.ent()) {
            return true;
        }
        self.problems.push(
            Problem::warning(
                "orphan_record",
                format!(
                    "{file}: ent_num {} is not in {}; the row is not attached to any entry",
                    row.ent(),
                    self.sdn_file
                ),
            )
            .with_record(Some(row.ent().to_string()))
            .at_line(row.line),
        );
        false
    }

    /// Add a value, reporting it (with the file and line) when it fails cleaning.
    fn add(&mut self, entity: &mut Entity, prop: &str, raw: &str, file: &str, line: u64) {
        let before = self.problems.len();
        entity.add_or_report(prop, raw, &mut self.problems);
        for p in &mut self.problems[before..] {
            p.line = Some(line);
            p.message = format!("{file}: {}", p.message);
        }
    }

    /// A new entity of one of the schemata this reader uses.
    fn new_entity(&mut self, schema: &str, id: String, source: &Provenance) -> Option<Entity> {
        match Entity::new(schema, id, source.clone()) {
            Ok(e) => Some(e),
            Err(e) => {
                self.problems.push(
                    Problem::error("bad_record", format!("{}: {e}", self.sdn_file))
                        .with_record(Some(source.record.clone())),
                );
                None
            }
        }
    }

    /// Read one row of sdn.csv with its companion rows.
    fn entry(&mut self, row: &Row, more: &Companions) {
        let ent = row.ent().to_string();
        let line = row.line;
        let file = self.sdn_file;
        let source = Provenance::new(DATASET, &ent, None);
        let schema = match schema_of(row.get(2)) {
            Some(s) => s,
            None => {
                self.problems.push(
                    Problem::warning(
                        "unknown_type",
                        format!(
                            "{file}: SDN_Type {:?} is not individual, vessel or aircraft; read as an organization",
                            row.get(2).unwrap_or_default()
                        ),
                    )
                    .with_record(Some(ent.clone()))
                    .at_line(line),
                );
                "Organization"
            }
        };
        let id = make_id("ofac", &[&ent]);
        let Some(party) = self.new_entity(schema, id.clone(), &source) else {
            return;
        };
        let Some(sanction) =
            self.new_entity("Sanction", make_id("ofac", &[&ent, "sanction"]), &source)
        else {
            return;
        };
        let mut cx = Entry {
            ent: ent.clone(),
            line,
            source,
            party,
            sanction,
            title: row.get(4).map(str::to_string),
            notes: Vec::new(),
            derived: Vec::new(),
        };

        match row.get(1) {
            Some(name) => self.name(&mut cx, name),
            None => self.problems.push(
                Problem::error("missing_name", format!("{file}: the entry has no SDN_Name"))
                    .with_record(Some(ent.clone()))
                    .at_line(line),
            ),
        }
        self.add(&mut cx.party, "topics", "sanction", file, line);

        // The sanction.
        self.add(&mut cx.sanction, "entity", &id, file, line);
        self.add(&mut cx.sanction, "authority", AUTHORITY, file, line);
        self.add(&mut cx.sanction, "authorityId", &ent, file, line);
        let programs = row.get(3).map(split_programs).unwrap_or_default();
        if programs.is_empty() {
            self.problems.push(
                Problem::warning(
                    "missing_program",
                    format!("{file}: the entry has no program"),
                )
                .with_record(Some(ent.clone()))
                .at_line(line),
            );
        }
        for program in &programs {
            self.add(&mut cx.sanction, "program", program, file, line);
        }

        // Title, and the vessel columns.
        if let Some(title) = row.get(4) {
            self.field(&mut cx, "position", "Title", title);
        }
        for (col, prop, label) in [
            (5, "callSign", "Call sign"),
            (6, "type", "Vessel type"),
            (7, "tonnage", "Tonnage"),
            (8, "grossRegisteredTonnage", "Gross registered tonnage"),
            (9, "flag", "Vessel flag"),
        ] {
            if let Some(v) = row.get(col) {
                self.field(&mut cx, prop, label, v);
            }
        }
        if let Some(owner) = row.get(10) {
            if !self.refer(&mut cx, Ref::Owner, owner) {
                cx.notes.push(format!("Vessel owner: {owner}"));
            }
        }

        // Remarks, with their overflow.
        // The raw field, not `get`: a space at the cut before the overflow is part of the text.
        let field = row
            .fields
            .get(11)
            .map(String::as_str)
            .filter(|f| value(f).is_some());
        let (remarks, truncated) = self.remarks(&cx, field, more.overflow);
        let segments: Vec<&str> = remarks
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for (i, segment) in segments.iter().enumerate() {
            // A remark cut short would give a wrong value (half a wallet address): it is kept
            // as text.
            let cut = truncated && i + 1 == segments.len();
            if cut || !self.segment(&mut cx, segment) {
                cx.notes.push(segment.to_string());
            }
        }

        for alt in more.alts {
            self.alias(&mut cx, alt, more.alt_file);
        }
        for add in more.adds {
            self.address(&mut cx, add, more.add_file);
        }

        if !cx.notes.is_empty() {
            let notes = cx.notes.join("; ");
            self.add(&mut cx.party, "notes", &notes, file, line);
        }
        self.entities.push(cx.party);
        self.entities.push(cx.sanction);
        self.entities.append(&mut cx.derived);
    }

    /// The name, and for a person its parts: "SURNAME, Given[, Suffix]".
    fn name(&mut self, cx: &mut Entry, name: &str) {
        let (file, line) = (self.sdn_file, cx.line);
        self.add(&mut cx.party, "name", name, file, line);
        if cx.party.schema().name != "Person" {
            return;
        }
        let mut parts = name.split(',').map(str::trim);
        if let (Some(last), Some(first)) = (parts.next(), parts.next()) {
            self.add(&mut cx.party, "lastName", last, file, line);
            self.add(&mut cx.party, "firstName", first, file, line);
            let suffix: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
            if !suffix.is_empty() {
                self.add(&mut cx.party, "nameSuffix", &suffix.join(", "), file, line);
            }
        }
    }

    /// A column value for a property of the party, or a note when its schema lacks the
    /// property (a call sign on an organization).
    fn field(&mut self, cx: &mut Entry, prop: &str, label: &str, v: &str) {
        if cx.party.schema().property(prop).is_some() {
            let (file, line) = (self.sdn_file, cx.line);
            self.add(&mut cx.party, prop, v, file, line);
        } else {
            cx.notes.push(format!("{label}: {v}"));
        }
    }

    /// The whole Remarks text: sdn.csv's field and its overflow, without the full stop that
    /// ends the last remark; and whether it is cut short (its overflow is missing).
    fn remarks(
        &mut self,
        cx: &Entry,
        field: Option<&str>,
        overflow: Option<&str>,
    ) -> (String, bool) {
        let mut truncated = false;
        let head = field.unwrap_or("");
        let length = head.chars().count();
        let mut text = match overflow {
            // The overflow continues the field mid-word.
            Some(rest) if length >= REMARKS_LIMIT => format!("{head}{rest}"),
            Some(rest) => {
                self.problems.push(
                    Problem::warning(
                        "overflow_mismatch",
                        format!(
                            "{}: Remarks are {length} characters, short of the {REMARKS_LIMIT} at which OFAC cuts them, yet the comments file continues them; the overflow is read as further remarks (it may come from another version of the list)",
                            self.sdn_file
                        ),
                    )
                    .with_record(Some(cx.ent.clone()))
                    .at_line(cx.line),
                );
                if head.is_empty() {
                    rest.to_string()
                } else {
                    format!("{}; {rest}", head.trim_end_matches('.'))
                }
            }
            None => {
                if length >= REMARKS_LIMIT {
                    self.problems.push(
                        Problem::warning(
                            "truncated_remarks",
                            format!(
                                "{}: Remarks are cut at {REMARKS_LIMIT} characters and no overflow was given (sdn_comments.csv); the last remark is kept as text",
                                self.sdn_file
                            ),
                        )
                        .with_record(Some(cx.ent.clone()))
                        .at_line(cx.line),
                    );
                    truncated = true;
                }
                head.to_string()
            }
        };
        let trimmed = text.trim_end();
        if let Some(stripped) = trimmed.strip_suffix('.') {
            text = stripped.to_string();
        }
        (text, truncated)
    }

    /// Read one remark. Returns false when it is not understood (it then goes to `notes`).
    fn segment(&mut self, cx: &mut Entry, segment: &str) -> bool {
        let body = strip_alt(segment);
        if let Some((key, rest)) = match_key(body) {
            return self.apply(cx, key, rest, body);
        }
        if cx
            .title
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(body))
        {
            // Remarks repeat the Title column, already read as the position.
            return true;
        }
        if let Some(reference) = un_reference(body) {
            let (file, line) = (self.sdn_file, cx.line);
            self.add(&mut cx.sanction, "unscId", reference, file, line);
            return true;
        }
        false
    }

    /// Apply a remark whose key is known.
    fn apply(&mut self, cx: &mut Entry, key: Key, rest: &str, body: &str) -> bool {
        let (file, line) = (self.sdn_file, cx.line);
        let has = |cx: &Entry, prop: &str| cx.party.schema().property(prop).is_some();
        match key {
            Key::Id(prop) => {
                let number = IdParts::of(rest).number;
                if !has(cx, prop) || number.is_empty() {
                    return false;
                }
                self.add(&mut cx.party, prop, number, file, line);
            }
            Key::Text(prop) => {
                if !has(cx, prop) || rest.is_empty() {
                    return false;
                }
                self.add(&mut cx.party, prop, rest, file, line);
            }
            Key::Date(prop) => {
                if !has(cx, prop) || rest.is_empty() {
                    return false;
                }
                for date in date_values(rest) {
                    self.add(&mut cx.party, prop, &date, file, line);
                }
            }
            Key::Imo => {
                let digits = rest
                    .strip_prefix("IMO")
                    .unwrap_or(rest)
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                if !has(cx, "imoNumber") || digits.is_empty() {
                    return false;
                }
                self.add(&mut cx.party, "imoNumber", digits, file, line);
            }
            Key::RegistrationCountry => {
                let prop = if has(cx, "flag") { "flag" } else { "country" };
                if rest.is_empty() {
                    return false;
                }
                self.add(&mut cx.party, prop, rest, file, line);
            }
            Key::Passport(kind) => return self.passport(cx, kind, rest),
            Key::Wallet => {
                let mut words = rest.split_whitespace();
                let (Some(symbol), Some(address), None) =
                    (words.next(), words.next(), words.next())
                else {
                    return false;
                };
                self.wallet(cx, symbol, address);
            }
            Key::LinkedTo => {
                if rest.is_empty() {
                    return false;
                }
                return self.refer(cx, Ref::Linked, rest);
            }
            Key::Operator => {
                if rest.is_empty() {
                    return false;
                }
                return self.refer(cx, Ref::Operator, rest);
            }
            Key::Provision => self.add(&mut cx.sanction, "provisions", body, file, line),
            Key::ProgramUrl => {
                if rest.is_empty() {
                    return false;
                }
                self.add(&mut cx.sanction, "programUrl", rest, file, line);
            }
            Key::Alias(prop) => {
                let name = rest.trim().trim_matches(['\'', '"']).trim();
                if name.is_empty() {
                    return false;
                }
                self.add(&mut cx.party, prop, name, file, line);
            }
        }
        true
    }

    /// A passport remark: a Passport entity, and `passportNumber` on a person.
    fn passport(&mut self, cx: &mut Entry, kind: &str, rest: &str) -> bool {
        let parts = IdParts::of(rest);
        if parts.number.is_empty() || !cx.party.schema().is_a("LegalEntity") {
            return false;
        }
        let (file, line) = (self.sdn_file, cx.line);
        let hash = short_hash(&format!("{}|{}", parts.number, parts.country.unwrap_or("")));
        let id = make_id("ofac", &[&cx.ent, "passport", &hash]);
        if cx.derived.iter().any(|e| e.id == id) {
            return true;
        }
        let source = cx.source.clone();
        let Some(mut doc) = self.new_entity("Passport", id, &source) else {
            return false;
        };
        self.add(&mut doc, "holder", &cx.party.id, file, line);
        self.add(&mut doc, "number", parts.number, file, line);
        self.add(&mut doc, "type", kind, file, line);
        if let Some(country) = parts.country {
            self.add(&mut doc, "country", country, file, line);
        }
        for (prop, word, text) in [
            ("startDate", "issued", parts.issued),
            ("endDate", "expires", parts.expires),
        ] {
            let Some(text) = text else { continue };
            let dates = date_values(text);
            if dates.iter().all(|d| clean_date(d).is_ok()) {
                for date in dates {
                    self.add(&mut doc, prop, &date, file, line);
                }
            } else {
                // "issued in Ulm, Germany", "issued under the name …": a statement, not a date.
                self.add(
                    &mut doc,
                    "description",
                    &format!("{word} {text}"),
                    file,
                    line,
                );
            }
        }
        if cx.party.schema().property("passportNumber").is_some() {
            self.add(&mut cx.party, "passportNumber", parts.number, file, line);
        }
        cx.derived.push(doc);
        true
    }

    /// A digital currency address: a CryptoWallet held by the party. An address listed for two
    /// parties is one wallet with two holders, each with its own provenance.
    fn wallet(&mut self, cx: &Entry, symbol: &str, address: &str) {
        let (file, line) = (self.sdn_file, cx.line);
        let id = make_id(
            "ofac",
            &["wallet", &short_hash(&format!("{symbol}:{address}"))],
        );
        if let Some(&i) = self.wallet_index.get(&id) {
            let wallet = &mut self.wallets[i];
            let source = match wallet.sources.iter().position(|s| *s == cx.source) {
                Some(i) => i,
                None => {
                    wallet.sources.push(cx.source.clone());
                    wallet.sources.len() - 1
                }
            };
            if let Err(e) = wallet.add_from("holder", &cx.party.id, source as u32) {
                self.problems.push(
                    Problem::warning("invalid_value", format!("{file}: {id}: {e}"))
                        .with_record(Some(cx.ent.clone()))
                        .at_line(line),
                );
            }
            return;
        }
        let Some(mut wallet) = self.new_entity("CryptoWallet", id.clone(), &cx.source) else {
            return;
        };
        self.add(&mut wallet, "publicKey", address, file, line);
        self.add(&mut wallet, "currencySymbol", symbol, file, line);
        self.add(&mut wallet, "holder", &cx.party.id, file, line);
        self.wallet_index.insert(id, self.wallets.len());
        self.wallets.push(wallet);
    }

    /// A reference by name to another entry: "Linked To:", a vessel's owner, an aircraft's
    /// operator. Returns false when the name is not an entry of the file (the text then goes to
    /// the notes; for "Linked To" a warning says so).
    fn refer(&mut self, cx: &mut Entry, kind: Ref, name: &str) -> bool {
        let target = match self.resolve(&cx.ent, name) {
            Ok(target) => target,
            Err(candidates) => {
                if kind == Ref::Linked {
                    let message = if candidates.is_empty() {
                        format!(
                            "{}: \"Linked To: {name}\" names no entry of the file; kept in the notes",
                            self.sdn_file
                        )
                    } else {
                        format!(
                            "{}: \"Linked To: {name}\" may be any of the entries {}; kept in the notes",
                            self.sdn_file,
                            candidates.join(", ")
                        )
                    };
                    self.problems.push(
                        Problem::warning("unresolved_link", message)
                            .with_record(Some(cx.ent.clone()))
                            .at_line(cx.line),
                    );
                }
                return false;
            }
        };
        let (file, line) = (self.sdn_file, cx.line);
        let here = cx.party.id.clone();
        let there = make_id("ofac", &[&target]);
        let target_is_party = self
            .heads
            .get(&target)
            .is_some_and(|h| matches!(h.schema, "Person" | "Organization"));
        let (schema, id, props) = match kind {
            Ref::Owner if target_is_party => (
                "Ownership",
                make_id("ofac", &[&cx.ent, "owner", &target]),
                [("owner", there), ("asset", here)],
            ),
            Ref::Owner | Ref::Operator => (
                "UnknownLink",
                make_id("ofac", &[&cx.ent, kind.role(), &target]),
                [("subject", here), ("object", there)],
            ),
            Ref::Linked => {
                // One link for a pair, whichever of the two entries names the other.
                let (a, b) = if cx.ent <= target {
                    (cx.ent.as_str(), target.as_str())
                } else {
                    (target.as_str(), cx.ent.as_str())
                };
                (
                    "UnknownLink",
                    make_id("ofac", &["link", a, b]),
                    [("subject", here), ("object", there)],
                )
            }
        };
        if !self.link_ids.insert(id.clone()) {
            return true;
        }
        let source = cx.source.clone();
        let Some(mut link) = self.new_entity(schema, id, &source) else {
            return false;
        };
        for (prop, v) in &props {
            self.add(&mut link, prop, v, file, line);
        }
        if schema == "UnknownLink" {
            self.add(&mut link, "role", kind.role_label(), file, line);
        }
        self.links.push(link);
        true
    }

    /// The ent_num an entry's name points at: by primary name, else by alias; among several,
    /// the one sharing a program with the referring entry. `Err` holds the candidates when there
    /// is not exactly one.
    fn resolve(&self, from: &str, name: &str) -> Result<String, Vec<String>> {
        let key = name_key(name);
        let others = |list: Option<&Vec<String>>| -> Vec<String> {
            list.map(|l| l.iter().filter(|e| *e != from).cloned().collect())
                .unwrap_or_default()
        };
        let mut candidates = others(self.by_name.get(&key));
        if candidates.is_empty() {
            candidates = others(self.by_alias.get(&key));
        }
        if candidates.len() > 1 {
            let mine = self
                .heads
                .get(from)
                .map(|h| h.programs.as_slice())
                .unwrap_or(&[]);
            let sharing: Vec<String> = candidates
                .iter()
                .filter(|c| {
                    self.heads
                        .get(*c)
                        .is_some_and(|h| h.programs.iter().any(|p| mine.contains(p)))
                })
                .cloned()
                .collect();
            if sharing.len() == 1 {
                return Ok(sharing.into_iter().next().unwrap_or_default());
            }
        }
        match candidates.len() {
            1 => Ok(candidates.into_iter().next().unwrap_or_default()),
            _ => Err(candidates),
        }
    }

    /// A row of alt.csv: aka and nka are aliases, fka a previous name; "weak" in the remarks
    /// makes a weak alias.
    fn alias(&mut self, cx: &mut Entry, row: &Row, file: &str) {
        let Some(name) = row.get(3) else {
            self.problems.push(
                Problem::warning("missing_name", format!("{file}: alias row without a name"))
                    .with_record(Some(cx.ent.clone()))
                    .at_line(row.line),
            );
            return;
        };
        let remarks = row.get(4);
        let mut prop = match row.get(2).map(str::to_ascii_lowercase).as_deref() {
            Some("aka") | Some("nka") => "alias",
            Some("fka") => "previousName",
            other => {
                self.problems.push(
                    Problem::warning(
                        "unknown_alias_type",
                        format!(
                            "{file}: alias type {:?} is not aka, fka or nka; {name:?} read as an alias",
                            other.unwrap_or_default()
                        ),
                    )
                    .with_record(Some(cx.ent.clone()))
                    .at_line(row.line),
                );
                "alias"
            }
        };
        match remarks {
            Some(r) if r.to_ascii_lowercase().contains("weak") => prop = "weakAlias",
            Some(r) => cx.notes.push(format!("{name}: {r}")),
            None => {}
        }
        self.add(&mut cx.party, prop, name, file, row.line);
    }

    /// A row of add.csv: an Address entity linked by `addressEntity`, and the party's country.
    /// A row that gives only a country sets the country; a row with nothing at all is OFAC's
    /// way of saying "no address" and yields nothing.
    fn address(&mut self, cx: &mut Entry, row: &Row, file: &str) {
        let (street, city, country, remarks) = (row.get(2), row.get(3), row.get(4), row.get(5));
        if street.is_none() && city.is_none() {
            if let Some(country) = country {
                self.add(&mut cx.party, "country", country, file, row.line);
            }
            if let Some(remarks) = remarks {
                cx.notes.push(format!("Address: {remarks}"));
            }
            return;
        }
        let full: Vec<&str> = [street, city, country].into_iter().flatten().collect();
        let full = full.join(", ");
        let add_num = row.get(1).map_or_else(|| short_hash(&full), str::to_string);
        let id = make_id("ofac", &[&cx.ent, "addr", &add_num]);
        let source = cx.source.clone();
        let Some(mut address) = self.new_entity("Address", id.clone(), &source) else {
            return;
        };
        self.add(&mut address, "full", &full, file, row.line);
        if let Some(street) = street {
            self.add(&mut address, "street", street, file, row.line);
        }
        if let Some(country) = country {
            self.add(&mut address, "country", country, file, row.line);
        }
        if let Some(remarks) = remarks {
            self.add(&mut address, "remarks", remarks, file, row.line);
        }
        // The country was cleaned (or reported) once, on the address.
        if let Some(code) = address.first("country").map(str::to_string) {
            self.add(&mut cx.party, "country", &code, file, row.line);
        }
        self.add(&mut cx.party, "addressEntity", &id, file, row.line);
        cx.derived.push(address);
    }
}

/// The kinds of reference by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ref {
    Linked,
    Owner,
    Operator,
}

impl Ref {
    fn role(self) -> &'static str {
        match self {
            Ref::Linked => "link",
            Ref::Owner => "owner",
            Ref::Operator => "operator",
        }
    }

    fn role_label(self) -> &'static str {
        match self {
            Ref::Linked => "Linked To",
            Ref::Owner => "Vessel owner",
            Ref::Operator => "Aircraft operator",
        }
    }
}

/// What a remark key means.
#[derive(Debug, Clone, Copy)]
enum Key {
    /// An identifier of the party: the value up to its country in brackets or its dates.
    Id(&'static str),
    /// The rest of the remark, as it stands, for a property of the party.
    Text(&'static str),
    /// A date, or a range "X to Y", for a property of the party.
    Date(&'static str),
    /// An IMO number, with or without the word "IMO".
    Imo,
    /// The country a vessel (flag) or organization is registered in.
    RegistrationCountry,
    /// A passport of the given type.
    Passport(&'static str),
    /// "Digital Currency Address - SYMBOL address".
    Wallet,
    /// "Linked To: NAME".
    LinkedTo,
    /// "Aircraft Operator NAME".
    Operator,
    /// A statement of what the sanction entails; the whole remark goes to `provisions`.
    Provision,
    /// The page where OFAC explains directives.
    ProgramUrl,
    /// A quoted other name.
    Alias(&'static str),
}

/// The remark keys read, matched case-insensitively at the start of a remark (after an "alt."
/// prefix); the longest matching key wins, so "Identification Number IMO" beats
/// "Identification Number".
const KEYS: &[(&str, Key)] = &[
    // Sanction scope.
    ("Secondary sanctions risk", Key::Provision),
    (
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions",
        Key::Provision,
    ),
    ("Additional Sanctions Information -", Key::Provision),
    ("CAATSA Section", Key::Provision),
    ("Executive Order", Key::Provision),
    ("IFCA Determination -", Key::Provision),
    ("Listing Date (EO", Key::Provision),
    ("Effective Date (EO", Key::Provision),
    (
        "For more information on directives, please visit the following link",
        Key::ProgramUrl,
    ),
    // Names and relations.
    ("a.k.a.", Key::Alias("alias")),
    ("n.k.a.", Key::Alias("alias")),
    ("f.k.a.", Key::Alias("previousName")),
    ("Linked To", Key::LinkedTo),
    // People.
    ("DOB", Key::Date("birthDate")),
    ("POB", Key::Text("birthPlace")),
    ("nationality", Key::Text("nationality")),
    ("citizen", Key::Text("citizenship")),
    ("Gender", Key::Text("gender")),
    ("Position", Key::Text("position")),
    ("Passport", Key::Passport("Passport")),
    ("Diplomatic Passport", Key::Passport("Diplomatic passport")),
    ("Passport Booklet", Key::Passport("Passport booklet")),
    ("SSN", Key::Id("socialSecurityNumber")),
    ("National ID No.", Key::Id("idNumber")),
    ("Cedula No.", Key::Id("idNumber")),
    ("D.N.I.", Key::Id("idNumber")),
    ("Identification Number", Key::Id("idNumber")),
    ("Personal ID Card", Key::Id("idNumber")),
    ("C.U.I.", Key::Id("idNumber")),
    ("C.U.R.P.", Key::Id("idNumber")),
    ("National Foreign ID Number", Key::Id("idNumber")),
    ("Turkish Identification Number", Key::Id("idNumber")),
    ("Kenyan ID No.", Key::Id("idNumber")),
    ("Citizen's Card Number", Key::Id("idNumber")),
    ("Tazkira National ID Card", Key::Id("idNumber")),
    ("Numero de Identidad", Key::Id("idNumber")),
    ("Birth Certificate Number", Key::Id("idNumber")),
    ("Residency Number", Key::Id("idNumber")),
    ("Electoral Registry No.", Key::Id("idNumber")),
    ("Credencial electoral", Key::Id("idNumber")),
    ("I.F.E.", Key::Id("idNumber")),
    ("Travel Document Number", Key::Id("idNumber")),
    ("Driver's License No.", Key::Id("idNumber")),
    ("Cartilla de Servicio Militar Nacional", Key::Id("idNumber")),
    ("SRE Permit No.", Key::Id("idNumber")),
    ("VisaNumberID", Key::Id("idNumber")),
    ("Immigration No.", Key::Id("idNumber")),
    ("ethnicity", Key::Text("ethnicity")),
    // Tax and registration numbers.
    ("Tax ID No.", Key::Id("taxNumber")),
    ("NIT #", Key::Id("taxNumber")),
    ("RUC #", Key::Id("taxNumber")),
    ("RIF #", Key::Id("taxNumber")),
    ("R.F.C.", Key::Id("taxNumber")),
    ("C.U.I.T.", Key::Id("taxNumber")),
    ("US FEIN", Key::Id("taxNumber")),
    ("RTN", Key::Id("taxNumber")),
    ("C.I.F.", Key::Id("taxNumber")),
    ("Italian Fiscal Code", Key::Id("taxNumber")),
    ("Paraguayan tax identification number", Key::Id("taxNumber")),
    ("V.A.T. Number", Key::Id("vatCode")),
    ("Legal Entity Number", Key::Id("leiCode")),
    ("D-U-N-S Number", Key::Id("dunsCode")),
    ("SWIFT/BIC", Key::Id("swiftBic")),
    ("Registration Number", Key::Id("registrationNumber")),
    ("Registration ID", Key::Id("registrationNumber")),
    (
        "Business Registration Number",
        Key::Id("registrationNumber"),
    ),
    (
        "Business Registration Document #",
        Key::Id("registrationNumber"),
    ),
    ("Business Number", Key::Id("registrationNumber")),
    ("Company Number", Key::Id("registrationNumber")),
    ("UK Company Number", Key::Id("registrationNumber")),
    ("Commercial Registry Number", Key::Id("registrationNumber")),
    ("Government Gazette Number", Key::Id("registrationNumber")),
    ("Folio Mercantil No.", Key::Id("registrationNumber")),
    ("Matricula Mercantil No", Key::Id("registrationNumber")),
    ("Trade License No.", Key::Id("registrationNumber")),
    ("Chamber of Commerce Number", Key::Id("registrationNumber")),
    (
        "Istanbul Chamber of Comm. No.",
        Key::Id("registrationNumber"),
    ),
    (
        "Dubai Chamber of Commerce Membership No.",
        Key::Id("registrationNumber"),
    ),
    ("C.R. No.", Key::Id("registrationNumber")),
    ("Public Registration Number", Key::Id("registrationNumber")),
    (
        "Central Registration System Number",
        Key::Id("registrationNumber"),
    ),
    (
        "Economic Register Number (CBLS)",
        Key::Id("registrationNumber"),
    ),
    ("Registered Charity No.", Key::Id("registrationNumber")),
    (
        "Unified Social Credit Code (USCC)",
        Key::Id("registrationNumber"),
    ),
    (
        "United Social Credit Code Certificate (USCCC)",
        Key::Id("registrationNumber"),
    ),
    ("Enterprise Number", Key::Id("registrationNumber")),
    (
        "Certificate of Incorporation Number",
        Key::Id("registrationNumber"),
    ),
    ("Organization Code", Key::Id("registrationNumber")),
    ("License", Key::Id("registrationNumber")),
    ("Permit Number", Key::Id("registrationNumber")),
    ("Branch Unit Number", Key::Id("registrationNumber")),
    ("LE Number", Key::Id("registrationNumber")),
    ("File Number", Key::Id("registrationNumber")),
    // Organizations.
    (
        "Organization Established Date",
        Key::Date("incorporationDate"),
    ),
    ("Organization Type", Key::Text("sector")),
    ("Target Type", Key::Text("classification")),
    // Contact details.
    ("Email Address", Key::Id("email")),
    ("Website", Key::Text("website")),
    ("Phone Number", Key::Text("phone")),
    ("Telephone", Key::Text("phone")),
    ("Telephone No.", Key::Text("phone")),
    ("Phone", Key::Text("phone")),
    // Vessels.
    ("Vessel Registration Identification", Key::Imo),
    ("Identification Number IMO", Key::Imo),
    ("Company Number IMO", Key::Imo),
    ("MMSI", Key::Id("mmsi")),
    ("Vessel Year of Build", Key::Date("buildDate")),
    ("Former Vessel Flag", Key::Text("pastFlags")),
    ("Other Vessel Flag", Key::Text("flag")),
    ("Other Vessel Type", Key::Text("type")),
    ("Other Vessel Call Sign", Key::Id("callSign")),
    ("Nationality of Registration", Key::RegistrationCountry),
    // Aircraft.
    (
        "Aircraft Manufacturer's Serial Number (MSN)",
        Key::Id("serialNumber"),
    ),
    ("Aircraft Serial Identification", Key::Id("serialNumber")),
    // The key itself says the construction number is also called the serial number (S/N).
    (
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        Key::Id("serialNumber"),
    ),
    ("Aircraft Model", Key::Text("model")),
    ("Aircraft Manufacture Date", Key::Date("buildDate")),
    ("Aircraft Tail Number", Key::Id("registrationNumber")),
    (
        "Previous Aircraft Tail Number",
        Key::Id("registrationNumber"),
    ),
    ("Aircraft Operator", Key::Operator),
    // Digital currency.
    ("Digital Currency Address -", Key::Wallet),
];

/// A remark without its "alt." prefix (an alternative value of the same kind).
fn strip_alt(segment: &str) -> &str {
    let s = segment.trim();
    match s.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("alt. ") => s[5..].trim_start(),
        _ => s,
    }
}

/// The longest key a remark starts with, and the rest of the remark after it.
fn match_key(body: &str) -> Option<(Key, &str)> {
    let mut best: Option<(usize, Key)> = None;
    for (prefix, key) in KEYS {
        let n = prefix.len();
        if best.is_some_and(|(len, _)| len >= n) {
            continue;
        }
        let Some(head) = body.get(..n) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(prefix) {
            continue;
        }
        // The key must end at a word boundary: "License" is not "Licensed".
        let ends_word = !prefix.ends_with(|c: char| c.is_ascii_alphanumeric());
        let next = body[n..].chars().next();
        if ends_word || next.is_none_or(|c| c == ' ' || c == ':') {
            best = Some((n, *key));
        }
    }
    best.map(|(n, key)| (key, body[n..].trim_start_matches([' ', ':', '#']).trim()))
}

/// A UN Security Council reference (`KPi.033`, `QDe.001`) in a remark.
fn un_reference(body: &str) -> Option<&str> {
    body.split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '(' | ')'))
        .find(|w| {
            let b = w.as_bytes();
            b.len() == 7
                && b[0].is_ascii_uppercase()
                && b[1].is_ascii_uppercase()
                && matches!(b[2], b'i' | b'e')
                && b[3] == b'.'
                && b[4..].iter().all(u8::is_ascii_digit)
        })
}

/// The parts of an identifier remark: `A755350 (Saudi Arabia) issued 08 Sep 2006 expires
/// 17 Jul 2011`.
#[derive(Debug, PartialEq, Eq)]
struct IdParts<'s> {
    number: &'s str,
    country: Option<&'s str>,
    issued: Option<&'s str>,
    expires: Option<&'s str>,
}

impl<'s> IdParts<'s> {
    fn of(rest: &'s str) -> IdParts<'s> {
        // ASCII lower-casing keeps byte offsets, so positions found in `lower` hold in `rest`.
        let lower = rest.to_ascii_lowercase();
        let issued_at = lower
            .find(" issued ")
            .or_else(|| lower.strip_prefix("issued ").map(|_| 0));
        let expires_at = lower
            .find(" expires ")
            .or_else(|| lower.strip_prefix("expires ").map(|_| 0));
        let end = [issued_at, expires_at]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rest.len());
        let tail = |at: Option<usize>, word: &str, other: Option<usize>| {
            at.map(|i| {
                let start = rest[i..].find(word).map_or(i, |j| i + j + word.len());
                let stop = other.filter(|o| *o > i).unwrap_or(rest.len());
                rest[start.min(stop)..stop].trim()
            })
            .filter(|v| !v.is_empty())
        };
        let issued = tail(issued_at, "issued ", expires_at);
        let expires = tail(expires_at, "expires ", issued_at);
        let head = rest[..end].trim();
        let (number, country) = match head.find(" (") {
            Some(i) => {
                let country = head
                    .rfind('(')
                    .filter(|_| head.ends_with(')'))
                    .map(|j| head[j + 1..head.len() - 1].trim())
                    .filter(|c| !c.is_empty());
                (head[..i].trim(), country)
            }
            None => (head, None),
        };
        IdParts {
            number,
            country,
            issued,
            expires,
        }
    }
}

/// The values of a date remark: one date, or both ends of "X to Y"; a range over one whole
/// calendar year ("01 Jan 1960 to 31 Dec 1960") is that year.
fn date_values(raw: &str) -> Vec<String> {
    let lower = raw.to_ascii_lowercase();
    // "circa 1979-1982": a range of years.
    let years = lower.strip_prefix("circa ").unwrap_or(&lower);
    if let Some((a, b)) = years.split_once('-') {
        let year = |y: &str| y.len() == 4 && y.bytes().all(|c| c.is_ascii_digit());
        if year(a) && year(b) {
            return vec![a.to_string(), b.to_string()];
        }
    }
    if let Some(i) = lower.find(" to ") {
        let (a, b) = (raw[..i].trim(), raw[i + 4..].trim());
        if let (Ok(x), Ok(y)) = (clean_date(a), clean_date(b)) {
            if x.len() == 10
                && y.len() == 10
                && x[..4] == y[..4]
                && x.ends_with("-01-01")
                && y.ends_with("-12-31")
            {
                return vec![x[..4].to_string()];
            }
        }
        return vec![a.to_string(), b.to_string()];
    }
    vec![raw.to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_tags_lose_their_brackets() {
        assert_eq!(split_programs("DPRK3] [CYBER2"), ["DPRK3", "CYBER2"]);
        assert_eq!(split_programs("[SDGT] [IRGC]"), ["SDGT", "IRGC"]);
        assert_eq!(split_programs("DPRK"), ["DPRK"]);
    }

    #[test]
    fn null_marker_is_empty() {
        assert_eq!(value("-0- "), None);
        assert_eq!(value("-0-"), None);
        assert_eq!(value("  "), None);
        assert_eq!(value(" CUBA "), Some("CUBA"));
    }

    #[test]
    fn identifier_parts() {
        assert_eq!(
            IdParts::of("A755350 (Saudi Arabia) issued 08 Sep 2006 expires 17 Jul 2011"),
            IdParts {
                number: "A755350",
                country: Some("Saudi Arabia"),
                issued: Some("08 Sep 2006"),
                expires: Some("17 Jul 2011"),
            }
        );
        let p = IdParts::of("HRA 738077 (Stuttgart) (Germany)");
        assert_eq!((p.number, p.country), ("HRA 738077", Some("Germany")));
        let p = IdParts::of("D489833(9) (Hong Kong)");
        assert_eq!((p.number, p.country), ("D489833(9)", Some("Hong Kong")));
        let p = IdParts::of("KE007776 expires Aug 2009");
        assert_eq!(
            (p.number, p.country, p.expires),
            ("KE007776", None, Some("Aug 2009"))
        );
    }

    #[test]
    fn keys_match_longest_first_and_at_word_ends() {
        assert!(matches!(
            match_key("Identification Number IMO 5342883"),
            Some((Key::Imo, "5342883"))
        ));
        assert!(matches!(
            match_key("Identification Number 2.194.575 (Paraguay)"),
            Some((Key::Id("idNumber"), "2.194.575 (Paraguay)"))
        ));
        assert!(matches!(
            match_key("Linked To: LAZARUS GROUP"),
            Some((Key::LinkedTo, "LAZARUS GROUP"))
        ));
        assert!(matches!(
            match_key("NIT # 800018928-0"),
            Some((Key::Id("taxNumber"), "800018928-0"))
        ));
        assert!(match_key("Licensed trader").is_none());
        assert!(match_key("Minister of Finance").is_none());
    }

    #[test]
    fn date_ranges() {
        assert_eq!(date_values("01 Jan 1960 to 31 Dec 1960"), ["1960"]);
        assert_eq!(date_values("1958 to 1960"), ["1958", "1960"]);
        assert_eq!(date_values("10 Dec 1948"), ["10 Dec 1948"]);
        assert_eq!(date_values("circa 1979-1982"), ["1979", "1982"]);
        assert_eq!(date_values("1979-08"), ["1979-08"]);
    }

    #[test]
    fn names_compare_without_case_spacing_or_final_stop() {
        assert_eq!(name_key("Lazarus  Group."), "LAZARUS GROUP");
        assert_eq!(name_key("ABC CO., LTD."), name_key("ABC CO., LTD"));
    }

    #[test]
    fn un_references() {
        assert_eq!(un_reference("UN Ref KPi.033"), Some("KPi.033"));
        assert_eq!(un_reference("Listed by the UN (KPe.020)"), Some("KPe.020"));
        assert_eq!(un_reference("Passport 12345"), None);
    }

    #[test]
    fn sniff_survives_a_short_file_with_a_bom() {
        assert_eq!(sniff(b"\xEF\xBB\xBF<x/>"), "some other XML document");
    }
}
