//! The UN Security Council Consolidated List (XML, all regimes).
//!
//! The file (`https://scsanctions.un.org/resources/xml/en/consolidated.xml`) has a root
//! `<CONSOLIDATED_LIST dateGenerated=…>` holding `<INDIVIDUALS><INDIVIDUAL>` and
//! `<ENTITIES><ENTITY>` records. The reader streams it with quick-xml: each record is gathered
//! into a flat list of its fields and groups (aliases, addresses, dates and places of birth,
//! documents), turned into entities, and dropped before the next one starts, so memory stays
//! flat whatever the size of the list.
//!
//! How the fields land in the model:
//!
//! | UN field | ce2 |
//! |---|---|
//! | INDIVIDUAL / ENTITY | Person / Organization, id `make_id("un", [REFERENCE_NUMBER])` (`un-kpi-033`) |
//! | FIRST_NAME … FOURTH_NAME | `name` (joined); `lastName` + `firstName` for DPRK persons (family name first), else `firstName` + `secondName` |
//! | NAME_ORIGINAL_SCRIPT | `name` (the same name in another script) |
//! | *_ALIAS | `alias` (QUALITY `Good`, `a.k.a.`), `weakAlias` (`Low`), `previousName` (`f.k.a.`); the alias's own date and place of birth go to `birthDate` / `birthPlace`, its NOTE to `notes` |
//! | TITLE, DESIGNATION, NATIONALITY, GENDER | `title`, `position`, `nationality`, `gender` |
//! | INDIVIDUAL_DATE_OF_BIRTH | `birthDate` (DATE, YEAR, both FROM_YEAR and TO_YEAR); the kind of date and NOTE go to `notes` |
//! | INDIVIDUAL_PLACE_OF_BIRTH | `birthPlace`, `birthCountry` |
//! | *_ADDRESS | Address entities (`addressEntity`), `address`, `country`; an address that is only a country gives `country` |
//! | INDIVIDUAL_DOCUMENT | Passport entity + `passportNumber`, or Identification entity + `idNumber` |
//! | COMMENTS1 | `notes`; an IMO number in it gives `imoNumber` on an Organization |
//! | UN_LIST_TYPE, REFERENCE_NUMBER, LISTED_ON, LAST_DAY_UPDATED, DATAID | the Sanction's `program`, `unscId` + `authorityId`, `listingDate`, `modifiedAt`, `recordId` |
//!
//! LIST_TYPE (always "UN List"), VERSIONNUM, SORT_KEY and SORT_KEY_LAST_MOD carry nothing about
//! the listed party and are not kept. Any other element is reported once per file as an
//! `unknown_field` warning, so that a change of the publisher's schema does not go unnoticed.
//!
//! ENTITY records become Organization rather than LegalEntity: every UN entity is a
//! body of people (companies, banks, ministries, armed groups), and Organization is the schema
//! that can carry the IMO company numbers the DPRK entries cite.

use std::collections::HashSet;

use ce2_model::ids::{make_id, short_hash};
use ce2_model::types::clean_date;
use ce2_model::{Entity, Problem, Provenance};
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::{text, Format, InputFile, ListMeta, Location, ReadError, ReadOutput};

/// The dataset name of the UN list.
pub const DATASET: &str = "un_sc";
/// The publisher, also used as the Sanction's `authority`.
pub const PUBLISHER: &str = "United Nations Security Council";
const TITLE: &str = "UN Security Council Consolidated List";
const ROOT: &[u8] = b"CONSOLIDATED_LIST";

/// Fields of a record that are read.
const KNOWN_FIELDS: &[&str] = &[
    "DATAID",
    "VERSIONNUM",
    "FIRST_NAME",
    "SECOND_NAME",
    "THIRD_NAME",
    "FOURTH_NAME",
    "UN_LIST_TYPE",
    "REFERENCE_NUMBER",
    "LISTED_ON",
    "GENDER",
    "COMMENTS1",
    "NAME_ORIGINAL_SCRIPT",
    "SORT_KEY",
    "SORT_KEY_LAST_MOD",
    "TITLE",
    "DESIGNATION",
    "NATIONALITY",
    "LIST_TYPE",
    "LAST_DAY_UPDATED",
];

/// Repeated groups of a record that are read.
const KNOWN_GROUPS: &[&str] = &[
    "TITLE",
    "DESIGNATION",
    "NATIONALITY",
    "LIST_TYPE",
    "LAST_DAY_UPDATED",
    "INDIVIDUAL_ALIAS",
    "ENTITY_ALIAS",
    "INDIVIDUAL_ADDRESS",
    "ENTITY_ADDRESS",
    "INDIVIDUAL_DATE_OF_BIRTH",
    "INDIVIDUAL_PLACE_OF_BIRTH",
    "INDIVIDUAL_DOCUMENT",
];

/// Fields inside the groups that are read.
const KNOWN_GROUP_FIELDS: &[&str] = &[
    "VALUE",
    "QUALITY",
    "ALIAS_NAME",
    "DATE_OF_BIRTH",
    "CITY_OF_BIRTH",
    "COUNTRY_OF_BIRTH",
    "NOTE",
    "STREET",
    "CITY",
    "STATE_PROVINCE",
    "ZIP_CODE",
    "COUNTRY",
    "TYPE_OF_DATE",
    "DATE",
    "YEAR",
    "FROM_YEAR",
    "TO_YEAR",
    "TYPE_OF_DOCUMENT",
    "TYPE_OF_DOCUMENT2",
    "NUMBER",
    "ISSUING_COUNTRY",
    "DATE_OF_ISSUE",
    "CITY_OF_ISSUE",
    "COUNTRY_OF_ISSUE",
];

/// Read a UN Security Council consolidated list.
///
/// Fails with [`ReadError::Empty`] for an empty file, [`ReadError::WrongFormat`] when the root
/// element is not `CONSOLIDATED_LIST`, [`ReadError::Encoding`] for bytes that are not UTF-8 and
/// [`ReadError::Malformed`] for broken or truncated XML (naming the byte offset, the line and
/// the last record that started). Everything else wrong with a record is a [`Problem`].
pub fn read(file: &InputFile) -> Result<ReadOutput, ReadError> {
    text::require_content(file)?;
    // The format is checked on the raw bytes first, so that another list in another encoding
    // (an OFAC CSV in Windows-1252) is named as such rather than as an encoding error.
    let root = root_element(file.data);
    if root.map(local_name) != Some(ROOT) {
        return Err(ReadError::wrong_format(file, Format::UnXml));
    }
    let body = text::utf8(file)?;
    let bom = file.data.len() - body.len();
    Parser::new(file, body, bom).run()
}

/// The tag of the first element of an XML document, or `None` if the bytes do not start like
/// XML (after a BOM, whitespace, the declaration, comments and a doctype).
fn root_element(data: &[u8]) -> Option<&[u8]> {
    let mut rest = text::strip_bom(data);
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        if !rest.starts_with(b"<") {
            return None;
        }
        let skip = if rest.starts_with(b"<?") {
            find(rest, b"?>")? + 2
        } else if rest.starts_with(b"<!--") {
            find(rest, b"-->")? + 3
        } else if rest.starts_with(b"<!") {
            find(rest, b">")? + 1
        } else {
            let end = rest[1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .map_or(rest.len(), |p| p + 1);
            return Some(&rest[1..end]);
        };
        rest = &rest[skip..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The name without a namespace prefix.
fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Which kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Individual,
    Entity,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::Individual => "INDIVIDUAL",
            Kind::Entity => "ENTITY",
        }
    }
}

/// A repeated group of a record (`INDIVIDUAL_ALIAS`, `NATIONALITY`…) with its fields in order.
#[derive(Debug, Default)]
struct Group {
    tag: String,
    fields: Vec<(String, String)>,
}

impl Group {
    /// The first non-blank value of a field, trimmed.
    fn field(&self, tag: &str) -> Option<&str> {
        first_value(&self.fields, tag)
    }
}

fn first_value<'a>(fields: &'a [(String, String)], tag: &str) -> Option<&'a str> {
    fields
        .iter()
        .filter(|(t, _)| t == tag)
        .map(|(_, v)| v.trim())
        .find(|v| !v.is_empty())
}

/// One INDIVIDUAL or ENTITY as read from the file, before it is mapped.
#[derive(Debug)]
struct Record {
    kind: Kind,
    /// The line of the opening tag.
    line: u64,
    fields: Vec<(String, String)>,
    groups: Vec<Group>,
}

impl Record {
    fn field(&self, tag: &str) -> Option<&str> {
        first_value(&self.fields, tag)
    }

    fn groups<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Group> + 'a {
        self.groups.iter().filter(move |g| g.tag == tag)
    }

    /// The non-blank values of a list field such as `<NATIONALITY><VALUE>…</VALUE></NATIONALITY>`
    /// (a value written directly inside the element is accepted too).
    fn values<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let direct = self.fields.iter().filter(move |(t, _)| t == tag);
        let nested = self
            .groups(tag)
            .flat_map(|g| g.fields.iter().filter(|(t, _)| t == "VALUE"));
        direct
            .chain(nested)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// How the record is named in messages: its reference, its DATAID, or its line.
    fn label(&self) -> String {
        match (self.field("REFERENCE_NUMBER"), self.field("DATAID")) {
            (Some(r), _) => format!("{} {r}", self.kind.tag()),
            (None, Some(d)) => format!("{} with DATAID {d}", self.kind.tag()),
            (None, None) => format!("{} starting at line {}", self.kind.tag(), self.line),
        }
    }
}

/// One open element.
struct Frame {
    name: String,
    has_child: bool,
}

/// The streaming state of one read.
struct Parser<'a> {
    file: &'a InputFile<'a>,
    body: &'a str,
    /// Length of the byte-order mark before `body`, to report offsets in the file's terms.
    bom: usize,
    lines: text::LineCounter<'a>,
    published: Option<String>,
    meta_published: Option<String>,
    entities: Vec<Entity>,
    problems: Vec<Problem>,
    records: usize,
    unknown: HashSet<String>,
}

impl<'a> Parser<'a> {
    fn new(file: &'a InputFile<'a>, body: &'a str, bom: usize) -> Parser<'a> {
        Parser {
            file,
            body,
            bom,
            lines: text::LineCounter::new(body.as_bytes()),
            published: None,
            meta_published: None,
            entities: Vec::new(),
            problems: Vec::new(),
            records: 0,
            unknown: HashSet::new(),
        }
    }

    fn malformed(&self, offset: usize, record: Option<&Record>, message: String) -> ReadError {
        let message = match record {
            Some(r) => format!(
                "{message}, inside the {} record that starts at line {}",
                r.kind.tag(),
                r.line
            ),
            None => message,
        };
        ReadError::Malformed {
            file: self.file.name.to_string(),
            at: Location {
                line: Some(text::line_of(self.body.as_bytes(), offset)),
                offset: Some((offset + self.bom) as u64),
                record: record.and_then(|r| {
                    r.field("REFERENCE_NUMBER")
                        .or_else(|| r.field("DATAID"))
                        .map(str::to_string)
                }),
            },
            message,
        }
    }

    fn run(mut self) -> Result<ReadOutput, ReadError> {
        let mut reader = Reader::from_str(self.body);
        let mut stack: Vec<Frame> = Vec::new();
        let mut text_buf = String::new();
        let mut record: Option<Record> = None;
        let mut group: Option<Group> = None;
        loop {
            let before = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let at = reader.error_position() as usize;
                    return Err(self.malformed(at, record.as_ref(), format!("broken XML: {e}")));
                }
            };
            match event {
                Event::Start(e) => {
                    if let Some(parent) = stack.last_mut() {
                        parent.has_child = true;
                    }
                    let qname = e.name();
                    let name = String::from_utf8_lossy(local_name(qname.as_ref())).into_owned();
                    let depth = stack.len() + 1;
                    text_buf.clear();
                    match depth {
                        1 => self.read_root(&e),
                        2 if name != "INDIVIDUALS" && name != "ENTITIES" => {
                            self.unknown_element(&name, before)
                        }
                        3 => match record_kind(&name) {
                            Some(kind) => {
                                let line = self.lines.line_at(before);
                                record = Some(Record {
                                    kind,
                                    line,
                                    fields: Vec::new(),
                                    groups: Vec::new(),
                                });
                            }
                            None => self.unknown_element(&name, before),
                        },
                        4 if record.is_some() => {
                            group = Some(Group {
                                tag: name.clone(),
                                fields: Vec::new(),
                            });
                        }
                        _ => {}
                    }
                    stack.push(Frame {
                        name,
                        has_child: false,
                    });
                }
                Event::Empty(e) => {
                    if let Some(parent) = stack.last_mut() {
                        parent.has_child = true;
                    }
                    let depth = stack.len() + 1;
                    if depth == 1 {
                        self.read_root(&e);
                    } else if depth == 3 {
                        let qname = e.name();
                        let name = String::from_utf8_lossy(local_name(qname.as_ref()));
                        if let Some(kind) = record_kind(&name) {
                            // An empty record is still a record of the file: it is counted and
                            // reported rather than skipped.
                            self.records += 1;
                            let line = self.lines.line_at(before);
                            self.problems.push(
                                Problem::error(
                                    "bad_record",
                                    format!(
                                        "an empty <{}/> element has nothing to read",
                                        kind.tag()
                                    ),
                                )
                                .at_line(line)
                                .at_offset((before + self.bom) as u64),
                            );
                        }
                    }
                    // Other empty elements (`<QUALITY/>`, `<INDIVIDUAL_DOCUMENT/>`) carry no value.
                }
                Event::Text(t) => match t.xml_content() {
                    Ok(s) => text_buf.push_str(&s),
                    Err(e) => {
                        return Err(self.malformed(
                            before,
                            record.as_ref(),
                            format!("bad text: {e}"),
                        ))
                    }
                },
                Event::CData(c) => match c.decode() {
                    Ok(s) => text_buf.push_str(&s),
                    Err(e) => {
                        return Err(self.malformed(
                            before,
                            record.as_ref(),
                            format!("bad CDATA: {e}"),
                        ))
                    }
                },
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => text_buf.push(c),
                        Ok(None) => match resolve_xml_entity(&name) {
                            Some(s) => text_buf.push_str(s),
                            None => {
                                // An entity the XML standard does not define and the file does
                                // not declare: kept as written, and reported.
                                text_buf.push_str(&format!("&{name};"));
                                self.problems.push(
                                    Problem::warning(
                                        "unknown_entity",
                                        format!("the XML entity &{name}; is not defined; kept as written"),
                                    )
                                    .at_line(text::line_of(self.body.as_bytes(), before))
                                    .at_offset((before + self.bom) as u64),
                                );
                            }
                        },
                        Err(e) => {
                            return Err(self.malformed(
                                before,
                                record.as_ref(),
                                format!("bad character reference &{name};: {e}"),
                            ))
                        }
                    }
                }
                Event::End(_) => {
                    let Some(frame) = stack.pop() else {
                        return Err(self.malformed(
                            before,
                            None,
                            "a closing tag without an opening one".into(),
                        ));
                    };
                    let depth = stack.len() + 1;
                    let value = std::mem::take(&mut text_buf);
                    match (depth, record.as_mut()) {
                        (3, Some(_)) => {
                            if let Some(done) = record.take() {
                                self.records += 1;
                                self.map_record(&done);
                            }
                        }
                        (4, Some(rec)) => {
                            if let Some(g) = group.take() {
                                if frame.has_child {
                                    rec.groups.push(g);
                                } else {
                                    rec.fields.push((frame.name, value));
                                }
                            }
                        }
                        (d, Some(_)) if d >= 5 && !frame.has_child => {
                            if let Some(g) = group.as_mut() {
                                g.fields.push((frame.name, value));
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => {
                    if let Some(open) = stack.last() {
                        let message =
                            format!("the file ends inside <{}> (it looks truncated)", open.name);
                        return Err(self.malformed(self.body.len(), record.as_ref(), message));
                    }
                    break;
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
        if self.published.is_none() {
            self.problems.push(Problem::warning(
                "missing_published",
                "the root element has no usable dateGenerated attribute; the list's date is unknown",
            ));
        }
        Ok(ReadOutput {
            meta: ListMeta {
                dataset: DATASET.to_string(),
                title: TITLE.to_string(),
                publisher: PUBLISHER.to_string(),
                published: self.meta_published,
                format: Format::UnXml,
            },
            entities: self.entities,
            problems: self.problems,
            records: self.records,
        })
    }

    /// Take the list's date from the root's `dateGenerated` (`2026-02-27T00:00:09.554Z`): the
    /// timestamp for the list, its date for the provenance of every value.
    fn read_root(&mut self, e: &BytesStart) {
        for attr in e.attributes().flatten() {
            if local_name(attr.key.as_ref()) != b"dateGenerated" {
                continue;
            }
            let raw = attr
                .unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_default();
            match clean_date(&raw) {
                Ok(stamp) => {
                    self.published = Some(stamp.chars().take(10).collect());
                    self.meta_published = Some(stamp);
                }
                Err(reason) => self.problems.push(Problem::warning(
                    "invalid_value",
                    format!("dateGenerated {raw:?} is not a date: {reason}"),
                )),
            }
        }
    }

    /// Turn one record into its party, its sanction and the entities derived from it.
    fn map_record(&mut self, rec: &Record) {
        let first_problem = self.problems.len();
        self.report_unknown(rec);
        let mapped = map(rec, self.published.as_deref(), &mut self.problems);
        self.entities.extend(mapped);
        for p in &mut self.problems[first_problem..] {
            if p.line.is_none() {
                p.line = Some(rec.line);
            }
        }
    }

    /// Report an element outside the records that this reader does not know, once per file.
    fn unknown_element(&mut self, name: &str, offset: usize) {
        if self.unknown.insert(name.to_string()) {
            let line = self.lines.line_at(offset);
            self.problems.push(
                Problem::warning(
                    "unknown_field",
                    format!("<{name}> is not part of the UN list format; its content is not read"),
                )
                .at_line(line)
                .at_offset((offset + self.bom) as u64),
            );
        }
    }

    /// Report elements of a record this reader does not know, once per file for each.
    fn report_unknown(&mut self, rec: &Record) {
        let mut unknown: Vec<String> = Vec::new();
        for (tag, _) in &rec.fields {
            if !KNOWN_FIELDS.contains(&tag.as_str()) && !KNOWN_GROUPS.contains(&tag.as_str()) {
                unknown.push(tag.clone());
            }
        }
        for g in &rec.groups {
            if !KNOWN_GROUPS.contains(&g.tag.as_str()) {
                unknown.push(g.tag.clone());
                continue;
            }
            for (tag, _) in &g.fields {
                if !KNOWN_GROUP_FIELDS.contains(&tag.as_str()) {
                    unknown.push(format!("{}/{tag}", g.tag));
                }
            }
        }
        for tag in unknown {
            if self.unknown.insert(tag.clone()) {
                self.problems.push(
                    Problem::warning(
                        "unknown_field",
                        format!(
                            "<{tag}> in {} is not read by ce2 (first seen here; not reported again)",
                            rec.label()
                        ),
                    )
                    .with_record(rec.field("REFERENCE_NUMBER").map(str::to_string)),
                );
            }
        }
    }
}

fn record_kind(name: &str) -> Option<Kind> {
    match name {
        "INDIVIDUAL" => Some(Kind::Individual),
        "ENTITY" => Some(Kind::Entity),
        _ => None,
    }
}

/// Join the non-blank parts with `sep`, skipping a part equal to the one before it.
fn join(parts: &[Option<&str>], sep: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts.iter().flatten() {
        let p = p.trim();
        if !p.is_empty() && out.last() != Some(&p) {
            out.push(p);
        }
    }
    out.join(sep)
}

/// Collapse runs of whitespace (the file wraps some values over several lines).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Add `e` to `derived`, or fold it into the entity already there with the same id (the same
/// address or document listed twice in one record).
fn push_derived(derived: &mut Vec<Entity>, e: Entity) {
    match derived.iter_mut().find(|d| d.id == e.id) {
        Some(existing) => {
            // Same id means same schema and provenance here, so merging cannot fail.
            let _ = existing.merge(&e);
        }
        None => derived.push(e),
    }
}

/// The entities of one record: the party first, then its sanction, addresses and documents.
fn map(rec: &Record, published: Option<&str>, problems: &mut Vec<Problem>) -> Vec<Entity> {
    let reference = rec.field("REFERENCE_NUMBER");
    let dataid = rec.field("DATAID");
    let record_id = match (reference, dataid) {
        (Some(r), _) => r.to_string(),
        (None, Some(d)) => {
            problems.push(
                Problem::warning(
                    "missing_reference",
                    format!(
                        "{} has no REFERENCE_NUMBER; its id is made from its DATAID",
                        rec.label()
                    ),
                )
                .with_record(Some(d.to_string())),
            );
            d.to_string()
        }
        (None, None) => {
            let content: String = rec.fields.iter().map(|(_, v)| v.as_str()).collect();
            let id = short_hash(&content);
            problems.push(
                Problem::error(
                    "missing_reference",
                    format!(
                        "{} has neither REFERENCE_NUMBER nor DATAID; its id is made from its content ({id})",
                        rec.label()
                    ),
                )
                .with_record(Some(id.clone())),
            );
            id
        }
    };
    let id = make_id("un", &[&record_id]);
    let source = Provenance::new(DATASET, &record_id, published);
    let schema = match rec.kind {
        Kind::Individual => "Person",
        Kind::Entity => "Organization",
    };
    let (Ok(mut party), Ok(mut sanction)) = (
        Entity::new(schema, &id, source.clone()),
        Entity::new(
            "Sanction",
            make_id("un", &[&record_id, "sanction"]),
            source.clone(),
        ),
    ) else {
        // Both schemata are part of the shipped model; this only guards against a broken build.
        problems.push(Problem::error(
            "bad_record",
            format!(
                "{}: the model lacks the {schema} or Sanction schema",
                rec.label()
            ),
        ));
        return Vec::new();
    };
    let person = rec.kind == Kind::Individual;
    let program = rec.field("UN_LIST_TYPE");
    party.add_or_report("topics", "sanction", problems);

    // Names. The UN writes DPRK names family name first ("RI" / "WON HO"); elsewhere
    // FIRST_NAME is a given name. THIRD and FOURTH_NAME are often a father's or grandfather's
    // name, which has no reliable FtM part, so they only go into the full name.
    let parts: Vec<&str> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|t| rec.field(t))
        .collect();
    party.add_or_report("name", &parts.join(" "), problems);
    if person && parts.len() >= 2 {
        if program == Some("DPRK") {
            party.add_or_report("lastName", parts[0], problems);
            party.add_or_report("firstName", &parts[1..].join(" "), problems);
        } else {
            party.add_or_report("firstName", parts[0], problems);
            party.add_or_report("secondName", parts[1], problems);
        }
    }
    for original in rec
        .fields
        .iter()
        .filter(|(t, _)| t == "NAME_ORIGINAL_SCRIPT")
    {
        party.add_or_report("name", &original.1, problems);
    }
    if !party.has("name") {
        problems.push(
            Problem::error(
                "missing_name",
                format!("{} has no name; it is kept without one", rec.label()),
            )
            .with_record(Some(record_id.clone())),
        );
    }

    let alias_tag = match rec.kind {
        Kind::Individual => "INDIVIDUAL_ALIAS",
        Kind::Entity => "ENTITY_ALIAS",
    };
    for g in rec.groups(alias_tag) {
        map_alias(&mut party, g, rec, problems);
    }
    for v in rec.values("TITLE") {
        party.add_or_report("title", v, problems);
    }
    for v in rec.values("DESIGNATION") {
        party.add_or_report("position", v, problems);
    }
    for v in rec.values("NATIONALITY") {
        party.add_or_report("nationality", v, problems);
    }
    if let Some(g) = rec.field("GENDER") {
        party.add_or_report("gender", g, problems);
    }
    if let Some(comment) = rec.field("COMMENTS1") {
        // The UN wraps comments at arbitrary points; the line breaks carry no meaning.
        let comment = collapse(comment);
        party.add_or_report("notes", &comment, problems);
        if !person {
            for imo in imo_numbers(&comment) {
                party.add_or_report("imoNumber", &imo, problems);
            }
        }
    }
    for g in rec.groups("INDIVIDUAL_DATE_OF_BIRTH") {
        map_birth_date(&mut party, g, problems);
    }
    for g in rec.groups("INDIVIDUAL_PLACE_OF_BIRTH") {
        let note = g.field("NOTE").map(|n| format!("({n})"));
        let place = join(
            &[
                g.field("STREET"),
                g.field("CITY"),
                g.field("STATE_PROVINCE"),
                g.field("COUNTRY"),
            ],
            ", ",
        );
        party.add_or_report(
            "birthPlace",
            &join(&[Some(place.as_str()), note.as_deref()], " "),
            problems,
        );
        if let Some(country) = g.field("COUNTRY") {
            party.add_or_report("birthCountry", country, problems);
        }
    }

    let mut derived: Vec<Entity> = Vec::new();
    let address_tag = match rec.kind {
        Kind::Individual => "INDIVIDUAL_ADDRESS",
        Kind::Entity => "ENTITY_ADDRESS",
    };
    for g in rec.groups(address_tag) {
        if let Some(address) = map_address(&mut party, g, &record_id, &source, problems) {
            push_derived(&mut derived, address);
        }
    }
    for g in rec.groups("INDIVIDUAL_DOCUMENT") {
        if let Some(doc) = map_document(&mut party, g, &record_id, &source, problems) {
            push_derived(&mut derived, doc);
        }
    }

    sanction.add_or_report("entity", &id, problems);
    sanction.add_or_report("authority", PUBLISHER, problems);
    if let Some(p) = program {
        sanction.add_or_report("program", p, problems);
    }
    if let Some(r) = reference {
        sanction.add_or_report("unscId", r, problems);
        sanction.add_or_report("authorityId", r, problems);
    }
    if let Some(d) = dataid {
        sanction.add_or_report("recordId", d, problems);
    }
    if let Some(d) = rec.field("LISTED_ON") {
        sanction.add_or_report("listingDate", xs_date(d), problems);
    }
    for d in rec.values("LAST_DAY_UPDATED") {
        sanction.add_or_report("modifiedAt", xs_date(d), problems);
    }

    let mut out = Vec::with_capacity(2 + derived.len());
    out.push(party);
    out.push(sanction);
    out.extend(derived);
    out
}

/// One alias: its name by quality, and what the UN attaches to it.
fn map_alias(party: &mut Entity, g: &Group, rec: &Record, problems: &mut Vec<Problem>) {
    let name = g.field("ALIAS_NAME");
    if let Some(name) = name {
        let quality = g.field("QUALITY").unwrap_or("");
        // QUALITY is `Good`/`Low` for individuals and `a.k.a.`/`f.k.a.` for entities. A
        // low-quality alias is one the UN itself doubts; an f.k.a. is a former name.
        let prop = match quality.to_lowercase().as_str() {
            "" | "good" | "a.k.a." | "aka" => "alias",
            "low" => "weakAlias",
            "f.k.a." | "fka" => "previousName",
            other => {
                problems.push(
                    Problem::warning(
                        "unknown_alias_quality",
                        format!(
                            "{}: alias quality {other:?} is not known; {name:?} is read as an alias",
                            rec.label()
                        ),
                    )
                    .with_record(rec.field("REFERENCE_NUMBER").map(str::to_string)),
                );
                "alias"
            }
        };
        party.add_or_report(prop, name, problems);
    }
    let label = name.unwrap_or("without a name");
    if let Some(note) = g.field("NOTE") {
        party.add_or_report("notes", &format!("Alias {label}: {note}"), problems);
    }
    // Some aliases carry the date and place of birth used with them; they are the person's
    // too, as far as screening is concerned.
    if let Some(d) = g.field("DATE_OF_BIRTH") {
        party.add_or_report("birthDate", xs_date(d), problems);
    }
    let place = join(
        &[g.field("CITY_OF_BIRTH"), g.field("COUNTRY_OF_BIRTH")],
        ", ",
    );
    party.add_or_report("birthPlace", &place, problems);
    if let Some(country) = g.field("COUNTRY_OF_BIRTH") {
        party.add_or_report("birthCountry", country, problems);
    }
}

/// One date of birth: EXACT or APPROXIMATELY a DATE or YEAR, or BETWEEN two years. Both ends
/// of a range are birth dates; how exact the date is goes to the notes.
fn map_birth_date(party: &mut Entity, g: &Group, problems: &mut Vec<Problem>) {
    let kind = g.field("TYPE_OF_DATE").unwrap_or("").to_uppercase();
    let date = g.field("DATE").or_else(|| g.field("YEAR"));
    let (from, to) = (g.field("FROM_YEAR"), g.field("TO_YEAR"));
    for d in [g.field("DATE"), g.field("YEAR"), from, to]
        .into_iter()
        .flatten()
    {
        party.add_or_report("birthDate", xs_date(d), problems);
    }
    let mut described = match (kind.as_str(), date, from, to) {
        ("APPROXIMATELY", Some(d), _, _) => Some(format!("approximately {d}")),
        ("BETWEEN", _, Some(f), Some(t)) => Some(format!("between {f} and {t}")),
        ("EXACT" | "APPROXIMATELY" | "BETWEEN" | "", _, _, _) => None,
        (other, _, _, _) => {
            let record = party.sources.first().map(|s| s.record.clone());
            problems.push(
                Problem::warning(
                    "unknown_date_type",
                    format!("{}: TYPE_OF_DATE {other:?} is not known", party.id),
                )
                .with_record(record),
            );
            Some(format!("{} ({other})", join(&[date, from, to], ", ")))
        }
    };
    if let Some(note) = g.field("NOTE") {
        let has_date = date.is_some() || from.is_some() || to.is_some();
        // A date written only in the note ("Nov. 1973") is still a birth date.
        let as_date = if has_date {
            None
        } else {
            clean_date(note.trim_end_matches('.')).ok()
        };
        match as_date {
            Some(d) => party.add_or_report("birthDate", &d, problems),
            None => {
                let base = described.take().or_else(|| date.map(str::to_string));
                described = Some(match base {
                    Some(b) => format!("{b} ({note})"),
                    None => note.to_string(),
                });
            }
        }
    }
    if let Some(d) = described {
        party.add_or_report("notes", &format!("Date of birth: {d}"), problems);
    }
}

/// One address. An address that is only a country adds the country (and its note) to the
/// party rather than an Address entity that would hold nothing but the country name.
fn map_address(
    party: &mut Entity,
    g: &Group,
    record_id: &str,
    source: &Provenance,
    problems: &mut Vec<Problem>,
) -> Option<Entity> {
    let country = g.field("COUNTRY");
    let note = g.field("NOTE");
    if let Some(c) = country {
        party.add_or_report("country", c, problems);
    }
    let local = [
        g.field("STREET"),
        g.field("CITY"),
        g.field("STATE_PROVINCE"),
        g.field("ZIP_CODE"),
    ];
    if local.iter().all(Option::is_none) {
        if let Some(n) = note {
            let place = country.unwrap_or("unknown");
            party.add_or_report("notes", &format!("Address: {place} ({n})"), problems);
        }
        return None;
    }
    let full = join(&[local[0], local[1], local[2], local[3], country], ", ");
    let id = make_id("un", &[record_id, "addr", &short_hash(&full)]);
    let mut address = Entity::new("Address", &id, source.clone()).ok()?;
    address.add_or_report("full", &full, problems);
    if let Some(s) = local[0] {
        address.add_or_report("street", s, problems);
    }
    if let Some(c) = local[1] {
        address.add_or_report("city", c, problems);
    }
    if let Some(s) = local[2] {
        address.add_or_report("state", s, problems);
    }
    if let Some(z) = local[3] {
        address.add_or_report("postalCode", z, problems);
    }
    if let Some(c) = country {
        address.add_or_report("country", c, problems);
    }
    if let Some(n) = note {
        address.add_or_report("remarks", n, problems);
    }
    party.add_or_report("addressEntity", &id, problems);
    party.add_or_report("address", &full, problems);
    Some(address)
}

/// One identity document: a Passport entity (and `passportNumber`) when either document type
/// says passport in any of the list's languages, else an Identification (and `idNumber`). A
/// document without a number cannot be an entity; what is known of it goes to the notes.
fn map_document(
    party: &mut Entity,
    g: &Group,
    record_id: &str,
    source: &Provenance,
    problems: &mut Vec<Problem>,
) -> Option<Entity> {
    let type1 = g.field("TYPE_OF_DOCUMENT").map(collapse);
    let type2 = g
        .field("TYPE_OF_DOCUMENT2")
        .map(|t| collapse(t).trim_end_matches(':').trim().to_string());
    let label = type2.clone().or_else(|| type1.clone());
    let is_passport = [&type1, &type2].into_iter().flatten().any(|t| {
        let t = t.to_lowercase();
        t.contains("passport") || t.contains("passeport") || t.contains("pasaporte")
    });
    let countries: Vec<&str> = [g.field("ISSUING_COUNTRY"), g.field("COUNTRY_OF_ISSUE")]
        .into_iter()
        .flatten()
        .collect();
    let (issued, city, note) = (
        g.field("DATE_OF_ISSUE"),
        g.field("CITY_OF_ISSUE"),
        g.field("NOTE"),
    );
    // A number is sometimes followed by a remark: "381110042 (Expired 25 Jan. 2016)".
    let (number, remark) = match g.field("NUMBER") {
        Some(n) => match n.split_once('(') {
            Some((num, rest)) if !num.trim().is_empty() => (
                Some(num.trim()),
                Some(rest.trim().trim_end_matches(')').trim()),
            ),
            _ => (Some(n), None),
        },
        None => (None, None),
    };
    let Some(number) = number else {
        let details = join(
            &[
                label.as_deref(),
                countries.first().copied(),
                issued.map(|d| format!("issued {d}")).as_deref(),
                city.map(|c| format!("in {c}")).as_deref(),
                note,
            ],
            ", ",
        );
        if !details.is_empty() {
            party.add_or_report(
                "notes",
                &format!("Document without a number: {details}"),
                problems,
            );
        }
        return None;
    };
    let (schema, word, prop) = if is_passport {
        ("Passport", "passport", "passportNumber")
    } else {
        ("Identification", "id", "idNumber")
    };
    party.add_or_report(prop, number, problems);
    let id = make_id("un", &[record_id, word, &short_hash(number)]);
    let mut doc = Entity::new(schema, &id, source.clone()).ok()?;
    doc.add_or_report("holder", &party.id, problems);
    doc.add_or_report("number", number, problems);
    if let Some(l) = &label {
        doc.add_or_report("type", l, problems);
    }
    for c in &countries {
        doc.add_or_report("country", c, problems);
    }
    if let Some(d) = issued {
        doc.add_or_report("startDate", xs_date(d), problems);
    }
    if let Some(c) = city {
        doc.add_or_report("summary", &format!("Issued in {c}"), problems);
    }
    for text in [note, remark].into_iter().flatten() {
        doc.add_or_report("description", text, problems);
        if let Some(end) = expiry_date(text) {
            doc.add_or_report("endDate", &end, problems);
        }
    }
    Some(doc)
}

/// A date without the time zone that XML Schema dates may carry (`2015-07-01-04:00`,
/// `2015-07-01Z`): a day in the list is the same day wherever it was written.
fn xs_date(raw: &str) -> &str {
    let raw = raw.trim();
    let b = raw.as_bytes();
    let is_day = b.len() > 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if is_day && matches!(b[10], b'+' | b'-' | b'Z') {
        &raw[..10]
    } else {
        raw
    }
}

/// The expiry date in a document note ("Expires 26 Sep. 2017", "Date of expiration: 3 May
/// 2024", "expires on October 19, 2020"): the longest tail of the note that is a date.
fn expiry_date(note: &str) -> Option<String> {
    if !note.to_lowercase().contains("expir") {
        return None;
    }
    let words: Vec<&str> = note.split_whitespace().collect();
    (0..words.len()).find_map(|i| {
        let tail = words[i..].join(" ");
        clean_date(tail.trim_end_matches(['.', ')', ';', ','])).ok()
    })
}

/// IMO numbers cited in free text: seven digits shortly after the word "IMO", as in
/// "IMO Number: 1790183", "International Maritime Organization (IMO) Number: 1790183." or
/// "Company Number IMO 5434358".
fn imo_numbers(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("IMO") {
        let start = from + pos;
        let end = start + 3;
        from = end;
        let word_start = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let word_end = end == bytes.len() || !bytes[end].is_ascii_alphabetic();
        if !(word_start && word_end) {
            continue;
        }
        let window = &bytes[end..(end + 24).min(bytes.len())];
        let Some(first_digit) = window.iter().position(u8::is_ascii_digit) else {
            continue;
        };
        let digits: String = bytes[end + first_digit..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .map(|b| *b as char)
            .collect();
        if digits.len() == 7 && !out.contains(&digits) {
            out.push(digits);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_numbers_in_the_lists_wordings() {
        assert_eq!(
            imo_numbers(
                "… these resolutions. International Maritime Organization (IMO) Number: 1790183."
            ),
            ["1790183"]
        );
        assert_eq!(imo_numbers("IMO number: 5676084"), ["5676084"]);
        assert_eq!(imo_numbers("Company Number IMO 5434358."), ["5434358"]);
        assert_eq!(imo_numbers("IMO9826902"), ["9826902"]);
        // Not a seven-digit number, or not the word IMO.
        assert!(imo_numbers("IMO number: 12345").is_empty());
        assert!(imo_numbers("PRIMORSK 1234567").is_empty());
        assert!(imo_numbers("no number here").is_empty());
    }

    #[test]
    fn dates_lose_their_time_zone() {
        assert_eq!(xs_date("2015-07-01-04:00"), "2015-07-01");
        assert_eq!(xs_date("2015-07-01+02:00"), "2015-07-01");
        assert_eq!(xs_date("2015-07-01Z"), "2015-07-01");
        assert_eq!(xs_date(" 2016-11-30 "), "2016-11-30");
        assert_eq!(xs_date("1964"), "1964");
        assert_eq!(
            xs_date("2026-02-27T00:00:09.554Z"),
            "2026-02-27T00:00:09.554Z"
        );
    }

    #[test]
    fn expiry_dates_in_document_notes() {
        let cases = [
            ("Expires 26 Sep. 2017", Some("2017-09-26")),
            ("Date of expiration: 3 May 2024", Some("2024-05-03")),
            ("expires on October 19, 2020", Some("2020-10-19")),
            ("Expiration date: 2023-06-04. ", Some("2023-06-04")),
            ("Expired 25 Jan. 2016)", Some("2016-01-25")),
            ("in the name of Muhammad Muhammad Abdullah Al-Ahdal", None),
            ("expired", None),
        ];
        for (note, expected) in cases {
            assert_eq!(expiry_date(note).as_deref(), expected, "{note:?}");
        }
    }

    #[test]
    fn root_element_skips_the_prolog() {
        let xml = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- list -->\n<CONSOLIDATED_LIST dateGenerated=\"x\">";
        assert_eq!(root_element(xml), Some(&b"CONSOLIDATED_LIST"[..]));
        assert_eq!(
            root_element(b"<ns:export xmlns:ns=\"y\"/>").map(local_name),
            Some(&b"export"[..])
        );
        assert_eq!(root_element(b"12345,\"NAME\""), None);
    }
}
