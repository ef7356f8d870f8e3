//! The EU Financial Sanctions Files (FSF): the Commission's consolidated list of persons, groups
//! and entities subject to EU financial sanctions, in its XML export (`xmlFullSanctionsList_1_1`)
//! and its CSV export (`csvFullSanctionsList_1_1`).
//!
//! Both exports carry the same records: one `sanctionEntity` (XML) or one group of rows sharing
//! an `Entity_LogicalId` (CSV) per listed party, with its regulation, names, citizenships, birth
//! dates, identity documents and addresses. Each reader first turns its syntax into the same
//! [`Record`] shape and then hands it to one mapping, so that the two exports of one list give
//! the same entities.
//!
//! Mapping, in short:
//! - `subjectType` `person` gives a Person; `enterprise` gives an Organization, or a Vessel when
//!   the record looks like a ship (the rule and its reasons are at `VesselTraits`);
//! - the first strong name (preferring one without a language or in English) is `name`, other
//!   strong names are `alias`, weak ones (`strong="false"`, or a "low quality" remark) are
//!   `weakAlias`;
//! - the listing becomes a Sanction with `authorityId` = `euReferenceNumber`, `unscId` =
//!   `unitedNationId`, `listingDate` = `designationDate`, `program` = the regulation's
//!   programme (`PRK`) and `programId` = `EU-` and the programme (`EU-PRK`, the key the
//!   journal transcription uses), `summary` = the regulation's number and title, `sourceUrl` =
//!   its publication URL, and `modifiedAt` = its publication date when it is an amendment;
//! - addresses become Address entities, passports Passport entities and other identity
//!   documents Identification entities; IMO numbers, SWIFT/BIC codes, registration and tax
//!   numbers go to the party's own properties.

use std::collections::HashMap;

use ce2_model::{countries, ids, Entity, Problem, Provenance};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use crate::{text, Format, InputFile, ListMeta, ReadError, ReadOutput};

/// The dataset name of both FSF exports.
pub const DATASET: &str = "eu_fsf";
/// Who publishes the FSF.
pub const PUBLISHER: &str = "Council of the European Union (Financial Sanctions Files)";
/// The XML namespace of every element of the XML export.
pub const NAMESPACE: &str = "http://eu.europa.ec/fpi/fsd/export";
/// The authority named on the Sanction entities of both EU readers.
pub const AUTHORITY: &str = "Council of the European Union";

const TITLE: &str =
    "EU consolidated list of persons, groups and entities subject to financial sanctions";
const ID_PREFIX: &str = "eu-fsf";

// ---------------------------------------------------------------------------------------------
// The record shape both exports are read into.
// ---------------------------------------------------------------------------------------------

/// One listed party as the FSF describes it, before mapping. Text fields hold the publisher's
/// values verbatim (an absent value is empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Record {
    /// `logicalId` / `Entity_LogicalId`: the record id.
    pub(crate) logical_id: String,
    /// The line where the record starts, for problems.
    pub(crate) line: u64,
    /// `euReferenceNumber` (`EU.27.28`).
    pub(crate) eu_reference: String,
    /// `unitedNationId`: the UN reference, where the listing implements a UN one.
    pub(crate) un_id: String,
    /// `designationDate`.
    pub(crate) designation_date: String,
    /// `designationDetails`.
    pub(crate) designation_details: String,
    /// The record's `remark`s.
    pub(crate) remarks: Vec<String>,
    /// `subjectType/@code`: `person` or `enterprise`.
    pub(crate) subject_type: String,
    /// `subjectType/@classificationCode`: `P` or `E`.
    pub(crate) classification: String,
    /// The regulations the listing cites.
    pub(crate) regulations: Vec<Regulation>,
    /// The names.
    pub(crate) names: Vec<NameAlias>,
    /// The citizenships.
    pub(crate) citizenships: Vec<Citizenship>,
    /// The birth dates and places.
    pub(crate) births: Vec<Birth>,
    /// The identity documents and other identifiers.
    pub(crate) identifications: Vec<Identification>,
    /// The addresses.
    pub(crate) addresses: Vec<Address>,
}

/// The regulation a listing cites.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Regulation {
    /// `regulationType` (`regulation`, `amendment`…).
    pub(crate) kind: String,
    /// `publicationDate`.
    pub(crate) publication_date: String,
    /// `numberTitle` (`2017/1509 (OJ L224)`).
    pub(crate) number_title: String,
    /// `programme` (`PRK`).
    pub(crate) programme: String,
    /// `publicationUrl`.
    pub(crate) url: String,
}

/// One name of a party.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct NameAlias {
    /// `logicalId`.
    pub(crate) logical_id: String,
    /// `firstName`.
    pub(crate) first: String,
    /// `middleName`.
    pub(crate) middle: String,
    /// `lastName`.
    pub(crate) last: String,
    /// `wholeName`.
    pub(crate) whole: String,
    /// `function`.
    pub(crate) function: String,
    /// `title`.
    pub(crate) title: String,
    /// `gender` (`M`, `F`).
    pub(crate) gender: String,
    /// `nameLanguage` (`EN`, `KO`, or empty).
    pub(crate) language: String,
    /// `strong`; the CSV export does not state it.
    pub(crate) strong: Option<bool>,
    /// The name's `remark`s.
    pub(crate) remarks: Vec<String>,
}

/// A country as the FSF gives it: an ISO code (`00` when unknown) and a description.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Country {
    /// `countryIso2Code`.
    pub(crate) iso2: String,
    /// `countryDescription`.
    pub(crate) description: String,
}

/// A citizenship.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Citizenship {
    /// `logicalId`.
    pub(crate) logical_id: String,
    /// The country.
    pub(crate) country: Country,
    /// The `remark`s.
    pub(crate) remarks: Vec<String>,
}

/// A birth date with its place.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Birth {
    /// `logicalId`.
    pub(crate) logical_id: String,
    /// `birthdate`: the full date, where known.
    pub(crate) date: String,
    /// `dayOfMonth`.
    pub(crate) day: String,
    /// `monthOfYear`.
    pub(crate) month: String,
    /// `year`.
    pub(crate) year: String,
    /// `yearRangeFrom`.
    pub(crate) year_from: String,
    /// `yearRangeTo`.
    pub(crate) year_to: String,
    /// `city`.
    pub(crate) city: String,
    /// `place`.
    pub(crate) place: String,
    /// `region`.
    pub(crate) region: String,
    /// The country.
    pub(crate) country: Country,
    /// The `remark`s.
    pub(crate) remarks: Vec<String>,
}

/// An identity document or identifier.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Identification {
    /// `logicalId`.
    pub(crate) logical_id: String,
    /// `identificationTypeCode` (`passport`, `id`, `imo`, `swiftbic`, `regnumber`…).
    pub(crate) type_code: String,
    /// `identificationTypeDescription` (`National passport`).
    pub(crate) type_description: String,
    /// `number`.
    pub(crate) number: String,
    /// `latinNumber`: the number in Latin script, where it is written otherwise.
    pub(crate) latin_number: String,
    /// `issuedBy`.
    pub(crate) issued_by: String,
    /// `issueDate`.
    pub(crate) issue_date: String,
    /// `validFrom`.
    pub(crate) valid_from: String,
    /// `validTo`.
    pub(crate) valid_to: String,
    /// `nameOnDocument`.
    pub(crate) name_on_document: String,
    /// The flags `diplomatic`, `knownExpired`, `knownFalse`, `reportedLost`, `revokedByIssuer`
    /// that are `true`, as words for people.
    pub(crate) flags: Vec<String>,
    /// The country.
    pub(crate) country: Country,
    /// The `remark`s.
    pub(crate) remarks: Vec<String>,
}

/// An address with its contact details.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Address {
    /// `logicalId`.
    pub(crate) logical_id: String,
    /// `street`.
    pub(crate) street: String,
    /// `poBox`.
    pub(crate) po_box: String,
    /// `zipCode`.
    pub(crate) zip: String,
    /// `city`.
    pub(crate) city: String,
    /// `region`.
    pub(crate) region: String,
    /// `place`.
    pub(crate) place: String,
    /// The country.
    pub(crate) country: Country,
    /// The contact details as (key, value): `PHONE`, `FAX`, `EMAIL`, `WEB`.
    pub(crate) contacts: Vec<(String, String)>,
    /// The `remark`s.
    pub(crate) remarks: Vec<String>,
}

impl NameAlias {
    /// The whole name, or the parts joined when the whole name is not given.
    fn full(&self) -> String {
        if !self.whole.trim().is_empty() {
            return self.whole.trim().to_string();
        }
        let parts: Vec<&str> = [&self.first, &self.middle, &self.last]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        parts.join(" ")
    }

    /// Weak aliases: `strong="false"`, or a remark calling the name "low quality" (the only
    /// sign of weakness the CSV export carries, as it has no strong column).
    fn is_weak(&self) -> bool {
        self.strong == Some(false) || self.remarks.iter().any(|r| quality_remark(r) == Some(true))
    }
}

/// Whether a name remark speaks of the alias quality: `Some(true)` for a low-quality (weak)
/// alias, `Some(false)` for a good or high-quality one, `None` for any other remark.
fn quality_remark(remark: &str) -> Option<bool> {
    let r = remark.to_lowercase();
    if r.contains("low quality") || r.contains("lo quality") {
        Some(true)
    } else if r.contains("good quality") || r.contains("high quality") {
        Some(false)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers for the EU readers.
// ---------------------------------------------------------------------------------------------

/// Collects problems about one record, with its id and line, and adds values to entities,
/// turning a value that fails cleaning into a warning that names the entity and the value.
pub(crate) struct Sink<'p> {
    problems: &'p mut Vec<Problem>,
    record: String,
    line: u64,
}

impl<'p> Sink<'p> {
    pub(crate) fn new(problems: &'p mut Vec<Problem>, record: &str, line: u64) -> Sink<'p> {
        Sink {
            problems,
            record: record.to_string(),
            line,
        }
    }

    pub(crate) fn push(&mut self, problem: Problem) {
        self.problems.push(
            problem
                .with_record(Some(self.record.clone()))
                .at_line(self.line),
        );
    }

    pub(crate) fn warn(&mut self, code: &str, message: String) {
        self.push(Problem::warning(code, message));
    }

    /// Clean and add a value; an empty value is skipped, a refused one becomes a warning.
    pub(crate) fn add(&mut self, entity: &mut Entity, prop: &str, raw: &str) {
        if raw.trim().is_empty() {
            return;
        }
        if let Err(e) = entity.add(prop, raw) {
            self.warn(
                "invalid_value",
                format!("{}: {e} (value {raw:?})", entity.id),
            );
        }
    }
}

/// The seven digits of an IMO ship or company number written as `9138111`, `IMO 9138111` or
/// `IMO: 9138111`; `None` for anything else.
pub(crate) fn imo_digits(raw: &str) -> Option<String> {
    let t = raw.trim();
    let t = t
        .strip_prefix("IMO")
        .or_else(|| t.strip_prefix("imo"))
        .unwrap_or(t)
        .trim_start_matches([':', ' ', '.']);
    let t = t.trim().trim_end_matches('.');
    (t.len() == 7 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.to_string())
}

/// Whether seven digits pass the check digit of IMO ship numbers: the first six digits
/// weighted 7 down to 2, summed, modulo 10, give the seventh. IMO company numbers (the
/// registered-owner numbers of shipping companies) follow no such rule, so a number that fails
/// it is most likely a company's.
pub(crate) fn imo_check_digit_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 7 {
        return false;
    }
    let sum: u32 = d[..6].iter().zip((2..=7).rev()).map(|(x, w)| x * w).sum();
    sum % 10 == d[6]
}

/// The e-mail addresses in a free-text value such as `a@x.kp and b@y.kp.` or `a@x.kp; b@y.kp`.
pub(crate) fn extract_emails(raw: &str) -> Vec<String> {
    raw.split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .map(|w| w.trim_matches(|c: char| matches!(c, '"' | '\'' | '(' | ')' | '<' | '>')))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.contains('@'))
        .map(str::to_string)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// XML export.
// ---------------------------------------------------------------------------------------------

/// Read the FSF XML export (`xmlFullSanctionsList_1_1`): root `<export>` in the
/// [`NAMESPACE`], one `<sanctionEntity>` per listed party.
///
/// The file must be UTF-8. A file whose root is not `export` in that namespace is
/// [`ReadError::WrongFormat`]; broken or truncated XML is [`ReadError::Malformed`] naming the
/// line, the byte offset and the record being read.
pub fn read_xml(file: &InputFile) -> Result<ReadOutput, ReadError> {
    text::require_content(file)?;
    let body = text::utf8(file)?;
    let bom = file.data.len() - body.len();
    let mut lines = text::LineCounter::new(body.as_bytes());
    let malformed = |at_offset: u64, line: u64, record: Option<String>, message: String| {
        ReadError::malformed(file, line, at_offset + bom as u64, record, message)
    };

    let mut reader = NsReader::from_str(body);
    let mut root_seen = false;
    let mut root_closed = false;
    let mut published: Option<String> = None;
    let mut problems: Vec<Problem> = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut records = 0usize;
    // The element tree of the sanctionEntity being read, outermost first.
    let mut stack: Vec<Node> = Vec::new();
    let mut depth = 0usize;

    loop {
        let start_offset = reader.buffer_position();
        let event = reader.read_resolved_event();
        let (ns, event) = match event {
            Ok(v) => v,
            Err(e) => {
                let at = reader.error_position() as usize;
                let record = stack.first().map(|n| n.attr("logicalId").to_string());
                return Err(malformed(
                    at as u64,
                    lines.line_at(at),
                    record.filter(|r| !r.is_empty()),
                    format!("broken XML: {e}"),
                ));
            }
        };
        let ns_bound =
            matches!(ns, ResolveResult::Bound(Namespace(n)) if n == NAMESPACE.as_bytes());
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let name = local_name(e);
                if !root_seen {
                    root_seen = true;
                    if name != "export" || !ns_bound {
                        return Err(ReadError::wrong_format(file, Format::EuFsfXml));
                    }
                    let node = Node::from_start(e, &reader, start_offset).map_err(|m| {
                        malformed(start_offset, lines.line_at(start_offset as usize), None, m)
                    })?;
                    let date = node.attr("generationDate");
                    if !date.is_empty() {
                        match ce2_model::types::clean_date(date) {
                            // The generation timestamp's date is the list's publication date.
                            Ok(d) => published = Some(d.chars().take(10).collect()),
                            Err(reason) => problems.push(Problem::warning(
                                "invalid_value",
                                format!("export generationDate: {reason}"),
                            )),
                        }
                    }
                    if is_empty {
                        root_closed = true;
                    } else {
                        depth = 1;
                    }
                    continue;
                }
                if root_closed {
                    let line = lines.line_at(start_offset as usize);
                    return Err(malformed(
                        start_offset,
                        line,
                        None,
                        "content after the closing </export>".into(),
                    ));
                }
                let node = Node::from_start(e, &reader, start_offset).map_err(|m| {
                    let record = stack.first().map(|n| n.attr("logicalId").to_string());
                    malformed(
                        start_offset,
                        lines.line_at(start_offset as usize),
                        record,
                        m,
                    )
                })?;
                if stack.is_empty() && (depth != 1 || name != "sanctionEntity") {
                    // Something other than a sanctionEntity directly under the root: say so,
                    // and read past it.
                    if depth == 1 {
                        problems.push(
                            Problem::warning(
                                "unknown_element",
                                format!("<{name}> under <export> is not read"),
                            )
                            .at_line(lines.line_at(start_offset as usize)),
                        );
                    }
                    if !is_empty {
                        depth += 1;
                    }
                    continue;
                }
                if is_empty {
                    if stack.is_empty() {
                        // An empty <sanctionEntity/>.
                        records += 1;
                        let line = lines.line_at(node.offset as usize);
                        finish_entity(
                            node,
                            line,
                            published.as_deref(),
                            &mut entities,
                            &mut problems,
                        );
                    } else if let Some(parent) = stack.last_mut() {
                        parent.children.push(node);
                    }
                } else {
                    depth += 1;
                    stack.push(node);
                }
            }
            Event::End(_) => {
                if depth == 0 {
                    continue;
                }
                depth -= 1;
                if depth == 0 {
                    root_closed = true;
                    continue;
                }
                if let Some(node) = stack.pop() {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(node);
                    } else {
                        records += 1;
                        let line = lines.line_at(node.offset as usize);
                        finish_entity(
                            node,
                            line,
                            published.as_deref(),
                            &mut entities,
                            &mut problems,
                        );
                    }
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    match t.xml_content() {
                        Ok(s) => top.text.push_str(&s),
                        Err(e) => {
                            let line = lines.line_at(start_offset as usize);
                            return Err(malformed(
                                start_offset,
                                line,
                                None,
                                format!("bad text: {e}"),
                            ));
                        }
                    }
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => r
                            .decode()
                            .ok()
                            .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name))
                            .map(str::to_string),
                        Err(_) => None,
                    };
                    match resolved {
                        Some(s) => top.text.push_str(&s),
                        None => {
                            let line = lines.line_at(start_offset as usize);
                            let record = stack.first().map(|n| n.attr("logicalId").to_string());
                            return Err(malformed(
                                start_offset,
                                line,
                                record,
                                format!(
                                    "unknown entity reference &{};",
                                    String::from_utf8_lossy(&r)
                                ),
                            ));
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }

    if !root_seen {
        return Err(ReadError::wrong_format(file, Format::EuFsfXml));
    }
    if !root_closed {
        let end = body.len();
        let record = stack
            .first()
            .map(|n| n.attr("logicalId").to_string())
            .filter(|r| !r.is_empty());
        let inside = stack.last().map(|n| n.name.as_str()).unwrap_or("export");
        return Err(malformed(
            end as u64,
            lines.line_at(end),
            record,
            format!("the file ends inside <{inside}>: it is truncated"),
        ));
    }

    Ok(ReadOutput {
        meta: meta(Format::EuFsfXml, published),
        entities,
        problems,
        records,
    })
}

fn meta(format: Format, published: Option<String>) -> ListMeta {
    ListMeta {
        dataset: DATASET.to_string(),
        title: TITLE.to_string(),
        publisher: PUBLISHER.to_string(),
        published,
        format,
    }
}

/// A parsed XML element: name, attributes, text and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
    offset: u64,
}

impl Node {
    fn from_start(e: &BytesStart, reader: &NsReader<&[u8]>, offset: u64) -> Result<Node, String> {
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| format!("broken attribute: {err}"))?;
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).to_string();
            let value = a
                .decode_and_unescape_value(reader.decoder())
                .map_err(|err| format!("attribute {key}: {err}"))?;
            attrs.push((key, value.to_string()));
        }
        Ok(Node {
            name: local_name(e),
            attrs,
            text: String::new(),
            children: Vec::new(),
            offset,
        })
    }

    fn attr(&self, key: &str) -> &str {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    /// The first non-empty attribute among `keys`.
    fn attr_any(&self, keys: &[&str]) -> &str {
        keys.iter()
            .map(|k| self.attr(k))
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }

    fn children<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Node> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn remarks(&self) -> Vec<String> {
        self.children("remark")
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn country(&self) -> Country {
        Country {
            iso2: self.attr("countryIso2Code").to_string(),
            description: self.attr("countryDescription").to_string(),
        }
    }
}

fn local_name(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_string()
}

/// Turn a complete `<sanctionEntity>` tree into a record and map it.
fn finish_entity(
    node: Node,
    line: u64,
    published: Option<&str>,
    entities: &mut Vec<Entity>,
    problems: &mut Vec<Problem>,
) {
    let record = record_from_xml(&node, line, problems);
    entities.extend(map_record(&record, published, problems));
}

fn record_from_xml(node: &Node, line: u64, problems: &mut Vec<Problem>) -> Record {
    let mut rec = Record {
        logical_id: node.attr("logicalId").to_string(),
        line,
        eu_reference: node.attr("euReferenceNumber").to_string(),
        un_id: node.attr("unitedNationId").to_string(),
        designation_date: node.attr("designationDate").to_string(),
        designation_details: node.attr("designationDetails").to_string(),
        ..Record::default()
    };
    for child in &node.children {
        match child.name.as_str() {
            "remark" => {
                let t = child.text.trim();
                if !t.is_empty() {
                    rec.remarks.push(t.to_string());
                }
            }
            "regulation" => {
                let url = child
                    .children("publicationUrl")
                    .map(|c| c.text.trim().to_string())
                    .find(|t| !t.is_empty())
                    .unwrap_or_else(|| child.attr("publicationUrl").to_string());
                rec.regulations.push(Regulation {
                    kind: child.attr("regulationType").to_string(),
                    publication_date: child.attr("publicationDate").to_string(),
                    number_title: child.attr("numberTitle").to_string(),
                    programme: child.attr("programme").to_string(),
                    url,
                });
            }
            "subjectType" => {
                rec.subject_type = child.attr("code").to_string();
                rec.classification = child.attr("classificationCode").to_string();
            }
            "nameAlias" => rec.names.push(NameAlias {
                logical_id: child.attr("logicalId").to_string(),
                first: child.attr("firstName").to_string(),
                middle: child.attr("middleName").to_string(),
                last: child.attr("lastName").to_string(),
                whole: child.attr("wholeName").to_string(),
                function: child.attr("function").to_string(),
                title: child.attr("title").to_string(),
                gender: child.attr("gender").to_string(),
                language: child.attr("nameLanguage").to_string(),
                strong: match child.attr("strong").to_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                },
                remarks: child.remarks(),
            }),
            "citizenship" => rec.citizenships.push(Citizenship {
                logical_id: child.attr("logicalId").to_string(),
                country: child.country(),
                remarks: child.remarks(),
            }),
            "birthdate" => rec.births.push(Birth {
                logical_id: child.attr("logicalId").to_string(),
                date: child.attr("birthdate").to_string(),
                day: child.attr_any(&["dayOfMonth", "day"]).to_string(),
                month: child.attr_any(&["monthOfYear", "month"]).to_string(),
                year: child.attr("year").to_string(),
                year_from: child.attr("yearRangeFrom").to_string(),
                year_to: child.attr("yearRangeTo").to_string(),
                city: child.attr("city").to_string(),
                place: child.attr("place").to_string(),
                region: child.attr("region").to_string(),
                country: child.country(),
                remarks: child.remarks(),
            }),
            "identification" => rec.identifications.push(Identification {
                logical_id: child.attr("logicalId").to_string(),
                type_code: child.attr("identificationTypeCode").to_string(),
                type_description: child.attr("identificationTypeDescription").to_string(),
                number: child.attr("number").to_string(),
                latin_number: child.attr("latinNumber").to_string(),
                issued_by: child.attr("issuedBy").to_string(),
                issue_date: child.attr_any(&["issueDate", "issuedDate"]).to_string(),
                valid_from: child.attr("validFrom").to_string(),
                valid_to: child.attr("validTo").to_string(),
                name_on_document: child.attr("nameOnDocument").to_string(),
                flags: document_flags(|k| child.attr(k)),
                country: child.country(),
                remarks: child.remarks(),
            }),
            "address" => {
                let mut contacts = Vec::new();
                for c in child.children("contactInfo") {
                    contacts.extend(split_contact_info(&format!(
                        "{}{}",
                        c.attr("key"),
                        c.attr("value")
                    )));
                }
                rec.addresses.push(Address {
                    logical_id: child.attr("logicalId").to_string(),
                    street: child.attr("street").to_string(),
                    po_box: child.attr("poBox").to_string(),
                    zip: child.attr("zipCode").to_string(),
                    city: child.attr("city").to_string(),
                    region: child.attr("region").to_string(),
                    place: child.attr("place").to_string(),
                    country: child.country(),
                    contacts,
                    remarks: child.remarks(),
                });
            }
            other => problems.push(
                Problem::warning(
                    "unknown_element",
                    format!("<{other}> in a sanctionEntity is not read"),
                )
                .with_record(Some(rec.logical_id.clone()))
                .at_line(line),
            ),
        }
    }
    rec
}

/// The identity-document flags that are set, as words. `get` returns an attribute or column
/// value by its XML attribute name.
fn document_flags<'a>(get: impl Fn(&str) -> &'a str) -> Vec<String> {
    [
        ("diplomatic", "diplomatic document"),
        ("knownExpired", "known to be expired"),
        ("knownFalse", "known to be false"),
        ("reportedLost", "reported lost"),
        ("revokedByIssuer", "revoked by the issuer"),
    ]
    .into_iter()
    .filter(|(k, _)| get(k).eq_ignore_ascii_case("true"))
    .map(|(_, w)| w.to_string())
    .collect()
}

/// Contact details as the FSF writes them: a key (`PHONE`, `FAX`, `EMAIL`, `WEB`) followed by
/// its value, several of them sometimes run together in one string
/// (`EMAILa@b.ruPHONE+7 351 775WEBhttps://b.ru/`). A string that does not start with a key
/// gives one pair with an empty key, which the mapping reports.
fn split_contact_info(raw: &str) -> Vec<(String, String)> {
    const KEYS: [&str; 4] = ["PHONE", "FAX", "EMAIL", "WEB"];
    let s = raw.trim();
    if s.is_empty() {
        return Vec::new();
    }
    let mut starts: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if let Some(k) = KEYS.iter().find(|k| s[i..].starts_with(*k)) {
            starts.push((i, k));
            i += k.len();
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if starts.first().map(|(p, _)| *p) != Some(0) {
        return vec![(String::new(), s.to_string())];
    }
    let mut out = Vec::new();
    for (n, (pos, key)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(s.len(), |(p, _)| *p);
        let value = s[pos + key.len()..end].trim();
        if !value.is_empty() {
            out.push((key.to_string(), value.to_string()));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// CSV export.
// ---------------------------------------------------------------------------------------------

/// Read the FSF CSV export (`csvFullSanctionsList_1_1`): `;`-separated, a header naming the
/// columns (`fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;…`), and one row per
/// facet of a party (a name, an address, a birth date, a document, a citizenship), the rows of
/// one party sharing its `Entity_LogicalId`. Rows are grouped into the same records the XML
/// reader builds, and mapped the same way.
///
/// Columns are found by their header name, so added or reordered columns do not break the
/// reader. A row whose field count differs from the header's is [`ReadError::Malformed`] naming
/// the line and the `Entity_LogicalId`.
pub fn read_csv(file: &InputFile) -> Result<ReadOutput, ReadError> {
    text::require_content(file)?;
    let body = text::utf8(file)?;
    let first = body.trim_start().split(['\n', '\r']).next().unwrap_or("");
    let first_field = first
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"');
    if first_field != "fileGenerationDate" {
        return Err(ReadError::wrong_format(file, Format::EuFsfCsv));
    }
    let bom = (file.data.len() - body.len()) as u64;
    let malformed = |line: u64, offset: u64, record: Option<String>, message: String| {
        ReadError::malformed(file, line, offset + bom, record, message)
    };

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut rows = reader.records();
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(ReadError::broken_csv(file, bom, &e)),
        None => {
            return Err(ReadError::Empty {
                file: file.name.to_string(),
            })
        }
    };
    let columns: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_string(), i))
        .collect();
    if !columns.contains_key("Entity_LogicalId") {
        return Err(malformed(
            1,
            0,
            None,
            "the header has no Entity_LogicalId column".into(),
        ));
    }

    let mut problems: Vec<Problem> = Vec::new();
    let mut published: Option<String> = None;
    let mut records: Vec<Record> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();

    for row in rows {
        let row = row.map_err(|e| ReadError::broken_csv(file, bom, &e))?;
        let (line, offset) = row.position().map_or((0, 0), |p| (p.line(), p.byte()));
        let col = |name: &str| -> &str {
            columns
                .get(name)
                .and_then(|i| row.get(*i))
                .map(str::trim)
                .unwrap_or("")
        };
        if row.len() != header.len() {
            let id = col("Entity_LogicalId");
            return Err(malformed(
                line,
                offset,
                (!id.is_empty()).then(|| id.to_string()),
                format!(
                    "the row has {} fields where the header has {}",
                    row.len(),
                    header.len()
                ),
            ));
        }
        if published.is_none() {
            let date = col("fileGenerationDate");
            if !date.is_empty() {
                match ce2_model::types::clean_date(date) {
                    Ok(d) => published = Some(d.chars().take(10).collect()),
                    Err(reason) => problems.push(
                        Problem::warning("invalid_value", format!("fileGenerationDate: {reason}"))
                            .at_line(line),
                    ),
                }
            }
        }
        let id = col("Entity_LogicalId");
        if id.is_empty() {
            problems.push(
                Problem::error(
                    "bad_record",
                    "a row without Entity_LogicalId cannot be attached to a party; it is not read",
                )
                .at_line(line),
            );
            continue;
        }
        let pos = *index.entry(id.to_string()).or_insert_with(|| {
            records.push(Record {
                logical_id: id.to_string(),
                line,
                ..Record::default()
            });
            records.len() - 1
        });
        if let Some(rec) = records.get_mut(pos) {
            add_csv_row(rec, &col);
        }
    }

    let mut entities = Vec::new();
    for rec in &records {
        entities.extend(map_record(rec, published.as_deref(), &mut problems));
    }
    Ok(ReadOutput {
        meta: meta(Format::EuFsfCsv, published),
        entities,
        problems,
        records: records.len(),
    })
}

/// Set the first non-empty value of an entity-level field.
fn set_once(field: &mut String, value: &str) {
    if field.is_empty() && !value.is_empty() {
        *field = value.to_string();
    }
}

/// Append a facet unless the record has it already: facets with a logical id are the same when
/// their ids are; others when they are equal.
fn push_facet<T: PartialEq>(list: &mut Vec<T>, item: T, id: impl Fn(&T) -> &str) {
    let dup = list.iter().any(|x| {
        let (a, b) = (id(x), id(&item));
        if !a.is_empty() || !b.is_empty() {
            a == b
        } else {
            *x == item
        }
    });
    if !dup {
        list.push(item);
    }
}

fn add_csv_row<'r>(rec: &mut Record, col: &impl Fn(&str) -> &'r str) {
    set_once(&mut rec.eu_reference, col("Entity_EU_ReferenceNumber"));
    set_once(&mut rec.un_id, col("Entity_UnitedNationId"));
    set_once(&mut rec.designation_date, col("Entity_DesignationDate"));
    set_once(
        &mut rec.designation_details,
        col("Entity_DesignationDetails"),
    );
    set_once(
        &mut rec.subject_type,
        col("Entity_SubjectType_ClassificationCode"),
    );
    set_once(&mut rec.classification, col("Entity_SubjectType"));
    let remark = col("Entity_Remark");
    if !remark.is_empty() && !rec.remarks.iter().any(|r| r == remark) {
        rec.remarks.push(remark.to_string());
    }
    let one = |name: &str| -> Vec<String> {
        let v = col(name);
        if v.is_empty() {
            Vec::new()
        } else {
            vec![v.to_string()]
        }
    };
    let country = |prefix: &str| Country {
        iso2: col(&format!("{prefix}_CountryIso2Code")).to_string(),
        description: col(&format!("{prefix}_CountryDescription")).to_string(),
    };

    let regulation = Regulation {
        kind: col("Entity_Regulation_Type").to_string(),
        publication_date: col("Entity_Regulation_PublicationDate").to_string(),
        number_title: col("Entity_Regulation_NumberTitle").to_string(),
        programme: col("Entity_Regulation_Programme").to_string(),
        url: col("Entity_Regulation_PublicationUrl").to_string(),
    };
    if regulation != Regulation::default() {
        push_facet(&mut rec.regulations, regulation, |_| "");
    }

    let name = NameAlias {
        logical_id: col("NameAlias_LogicalId").to_string(),
        first: col("NameAlias_FirstName").to_string(),
        middle: col("NameAlias_MiddleName").to_string(),
        last: col("NameAlias_LastName").to_string(),
        whole: col("NameAlias_WholeName").to_string(),
        function: col("NameAlias_Function").to_string(),
        title: col("NameAlias_Title").to_string(),
        gender: col("NameAlias_Gender").to_string(),
        language: col("NameAlias_NameLanguage").to_string(),
        strong: None,
        remarks: one("NameAlias_Remark"),
    };
    if !name.full().is_empty() || !name.logical_id.is_empty() {
        push_facet(&mut rec.names, name, |n| &n.logical_id);
    }

    let address = Address {
        logical_id: col("Address_LogicalId").to_string(),
        street: col("Address_Street").to_string(),
        po_box: col("Address_PoBox").to_string(),
        zip: col("Address_ZipCode").to_string(),
        city: col("Address_City").to_string(),
        region: col("Address_Region").to_string(),
        place: col("Address_Place").to_string(),
        country: country("Address"),
        contacts: split_contact_info(col("Address_ContactInfo")),
        remarks: one("Address_Remark"),
    };
    if address != Address::default() {
        push_facet(&mut rec.addresses, address, |a| &a.logical_id);
    }

    let birth = Birth {
        logical_id: col("BirthDate_LogicalId").to_string(),
        date: col("BirthDate_BirthDate").to_string(),
        day: col("BirthDate_Day").to_string(),
        month: col("BirthDate_Month").to_string(),
        year: col("BirthDate_Year").to_string(),
        year_from: col("BirthDate_YearRangeFrom").to_string(),
        year_to: col("BirthDate_YearRangeTo").to_string(),
        city: col("BirthDate_City").to_string(),
        place: col("BirthDate_Place").to_string(),
        region: col("BirthDate_Region").to_string(),
        country: country("BirthDate"),
        remarks: one("BirthDate_Remark"),
    };
    if birth != Birth::default() {
        push_facet(&mut rec.births, birth, |b| &b.logical_id);
    }

    let flags = document_flags(|k| {
        let column = match k {
            "diplomatic" => "Identification_Diplomatic",
            "knownExpired" => "Identification_KnownExpired",
            "knownFalse" => "Identification_KnownFalse",
            "reportedLost" => "Identification_ReportedLost",
            _ => "Identification_RevokedByIssuer",
        };
        col(column)
    });
    let identification = Identification {
        logical_id: col("Identification_LogicalId").to_string(),
        type_code: col("Identification_TypeCode").to_string(),
        type_description: col("Identification_TypeDescription").to_string(),
        number: col("Identification_Number").to_string(),
        latin_number: col("Identification_LatinNumber").to_string(),
        issued_by: col("Identification_IssuedBy").to_string(),
        issue_date: col("Identification_IssuedDate").to_string(),
        valid_from: col("Identification_ValidFrom").to_string(),
        valid_to: col("Identification_ValidTo").to_string(),
        name_on_document: col("Identification_NameOnDocument").to_string(),
        flags,
        country: country("Identification"),
        remarks: one("Identification_Remark"),
    };
    if !identification.number.is_empty()
        || !identification.latin_number.is_empty()
        || !identification.logical_id.is_empty()
    {
        push_facet(&mut rec.identifications, identification, |i| &i.logical_id);
    }

    let citizenship = Citizenship {
        logical_id: col("Citizenship_LogicalId").to_string(),
        country: country("Citizenship"),
        remarks: one("Citizenship_Remark"),
    };
    if citizenship != Citizenship::default() {
        push_facet(&mut rec.citizenships, citizenship, |c| &c.logical_id);
    }
}

// ---------------------------------------------------------------------------------------------
// Mapping a record to entities (shared by both exports).
// ---------------------------------------------------------------------------------------------

/// Words of organisation names and legal forms. An enterprise record whose names contain one of
/// them is an organisation, not a ship, even when it carries an IMO number (shipping companies
/// carry their IMO company number).
const ORGANISATION_WORDS: &[&str] = &[
    "academy",
    "agency",
    "association",
    "bank",
    "bhd",
    "bureau",
    "center",
    "centre",
    "co",
    "committee",
    "company",
    "corp",
    "corporation",
    "department",
    "enterprise",
    "enterprises",
    "fund",
    "gmbh",
    "group",
    "holding",
    "holdings",
    "inc",
    "incorporated",
    "institute",
    "jsc",
    "jv",
    "limited",
    "llc",
    "llp",
    "ltd",
    "ministry",
    "office",
    "ooo",
    "pjsc",
    "plc",
    "pte",
    "shipping",
    "trading",
    "university",
];

/// What tells a ship from an organisation among `enterprise` records.
///
/// The FSF has no subject type for ships: listed vessels are `enterprise`s identified by an
/// `imo` number. But shipping companies are `enterprise`s with an `imo` identification too (the
/// IMO company number). The rule, chosen to keep companies out of the Vessel schema:
/// - at least one `imo` identification, and every one of them a valid ship number (seven
///   digits passing the IMO check digit, which company numbers do not follow);
/// - no trait of a person: no birth date, citizenship, first, middle or last name, gender,
///   title or function;
/// - no trait of an organisation: no address or contact details, no identifier other than the
///   IMO number, no name containing a legal form or organisation word ("Co", "Ltd",
///   "Shipping", "Trading", "Bank"…).
///
/// A record with IMO numbers and no trait either way, whose number fails the check digit, is
/// read as an Organization with a warning, so that a person can look at it.
struct VesselTraits {
    imo: bool,
    valid_ship_numbers: bool,
    person: bool,
    organisation: bool,
}

impl VesselTraits {
    fn of(rec: &Record) -> VesselTraits {
        let imos: Vec<&Identification> = rec
            .identifications
            .iter()
            .filter(|i| i.type_code.eq_ignore_ascii_case("imo"))
            .collect();
        let valid_ship_numbers = imos.iter().all(|i| {
            imo_digits(&i.number)
                .or_else(|| imo_digits(&i.latin_number))
                .is_some_and(|d| imo_check_digit_ok(&d))
        });
        let person = !rec.births.is_empty()
            || !rec.citizenships.is_empty()
            || rec.names.iter().any(|n| {
                [
                    &n.first,
                    &n.middle,
                    &n.last,
                    &n.gender,
                    &n.title,
                    &n.function,
                ]
                .iter()
                .any(|v| !v.trim().is_empty())
            });
        let organisation = !rec.addresses.is_empty()
            || imos.len() != rec.identifications.len()
            || rec.names.iter().any(|n| {
                n.full()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()))
            });
        VesselTraits {
            imo: !imos.is_empty(),
            valid_ship_numbers,
            person,
            organisation,
        }
    }
}

fn schema_of(rec: &Record, sink: &mut Sink) -> &'static str {
    let code = rec.subject_type.trim().to_lowercase();
    let class = rec.classification.trim().to_lowercase();
    let person = code == "person" || (code.is_empty() && class == "p");
    let enterprise = code == "enterprise" || (code.is_empty() && class == "e");
    if person {
        "Person"
    } else if enterprise {
        let v = VesselTraits::of(rec);
        if v.imo && !v.person && !v.organisation {
            if v.valid_ship_numbers {
                return "Vessel";
            }
            sink.warn(
                "imo_check_digit",
                format!(
                    "{}: the IMO number fails the ship check digit, so the record is read as an \
                     organisation with an IMO company number",
                    ids::make_id(ID_PREFIX, &[&rec.logical_id])
                ),
            );
        }
        "Organization"
    } else {
        sink.warn(
            "unknown_subject_type",
            format!(
                "subject type {:?} is neither person nor enterprise; read as a legal entity",
                rec.subject_type
            ),
        );
        "LegalEntity"
    }
}

/// The index of the name to use as `name`: the first strong one without a language or in
/// English, else the first strong one, else the first one.
fn primary_name(names: &[NameAlias]) -> Option<usize> {
    let usable = |n: &&NameAlias| !n.full().is_empty();
    let english = |n: &NameAlias| n.language.is_empty() || n.language.eq_ignore_ascii_case("en");
    names
        .iter()
        .position(|n| usable(&n) && !n.is_weak() && english(n))
        .or_else(|| names.iter().position(|n| usable(&n) && !n.is_weak()))
        .or_else(|| names.iter().position(|n| usable(&n)))
}

/// The country value to clean: the ISO code, unless it is the FSF's `00` (unknown), else the
/// description, unless it is `UNKNOWN`.
fn country_value(c: &Country) -> Option<&str> {
    let iso = c.iso2.trim();
    if !iso.is_empty() && iso != "00" {
        return Some(iso);
    }
    let d = c.description.trim();
    (!d.is_empty() && !d.eq_ignore_ascii_case("unknown")).then_some(d)
}

/// A country's name for an address line: the country table's name for the code (the FSF
/// writes descriptions in capitals), else the description.
fn country_label(c: &Country) -> Option<String> {
    let code = country_value(c).and_then(countries::country_code)?;
    countries::country_name(code)
        .map(str::to_string)
        .or_else(|| Some(c.description.trim().to_string()))
}

/// The dates a birth facet gives: the full date, else year, month and day joined, else the
/// bounds of a year range.
fn birth_dates(b: &Birth) -> Vec<String> {
    if !b.date.trim().is_empty() {
        return vec![b.date.trim().to_string()];
    }
    let year = b.year.trim();
    if !year.is_empty() {
        let pad = |s: &str| match s.trim().parse::<u32>() {
            Ok(n) if n > 0 => Some(format!("{n:02}")),
            _ => None,
        };
        return vec![match (pad(&b.month), pad(&b.day)) {
            (Some(m), Some(d)) => format!("{year}-{m}-{d}"),
            (Some(m), None) => format!("{year}-{m}"),
            _ => year.to_string(),
        }];
    }
    [&b.year_from, &b.year_to]
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The non-empty parts joined by `, `, a part equal to the one before it left out (`Hong Kong,
/// Hong Kong` for a region and country of the same name).
fn join_nonempty(parts: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !out.last().is_some_and(|l| l.eq_ignore_ascii_case(p)) {
            out.push(p);
        }
    }
    out.join(", ")
}

/// Map one record to its entities: the party first, then its Sanction, Address, Passport and
/// Identification entities.
pub(crate) fn map_record(
    rec: &Record,
    published: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Vec<Entity> {
    let mut sink = Sink::new(problems, &rec.logical_id, rec.line);
    let source = Provenance::new(DATASET, &rec.logical_id, published);
    let id = ids::make_id(ID_PREFIX, &[&rec.logical_id]);
    let schema = schema_of(rec, &mut sink);
    let mut party = match Entity::new(schema, id.clone(), source.clone()) {
        Ok(e) => e,
        Err(e) => {
            sink.push(Problem::error("bad_record", format!("{id}: {e}")));
            return Vec::new();
        }
    };
    let is_person = schema == "Person";
    let mut derived: Vec<Entity> = Vec::new();
    sink.add(&mut party, "topics", "sanction");

    // Names.
    let primary = primary_name(&rec.names);
    match primary {
        None => sink.push(Problem::error(
            "missing_name",
            format!("{id}: the record has no name"),
        )),
        Some(i) if rec.names.get(i).is_some_and(NameAlias::is_weak) => sink.warn(
            "no_strong_name",
            format!("{id}: the record has only weak names; the first is used as the name"),
        ),
        Some(_) => {}
    }
    for (i, n) in rec.names.iter().enumerate() {
        let full = n.full();
        let prop = if Some(i) == primary {
            "name"
        } else if n.is_weak() {
            "weakAlias"
        } else {
            "alias"
        };
        sink.add(&mut party, prop, &full);
        if is_person {
            sink.add(&mut party, "firstName", &n.first);
            sink.add(&mut party, "middleName", &n.middle);
            sink.add(&mut party, "lastName", &n.last);
            sink.add(&mut party, "title", &n.title);
            sink.add(&mut party, "gender", &n.gender);
            sink.add(&mut party, "position", &n.function);
        } else {
            sink.add(&mut party, "notes", &n.function);
        }
        for r in &n.remarks {
            if quality_remark(r).is_none() {
                sink.add(&mut party, "notes", r);
            }
        }
    }
    for r in &rec.remarks {
        sink.add(&mut party, "notes", r);
    }

    // Citizenships.
    for c in &rec.citizenships {
        if let Some(v) = country_value(&c.country) {
            sink.add(
                &mut party,
                if is_person { "nationality" } else { "country" },
                v,
            );
        }
        for r in &c.remarks {
            sink.add(&mut party, "notes", r);
        }
    }

    // Births.
    for b in &rec.births {
        for d in birth_dates(b) {
            sink.add(&mut party, "birthDate", &d);
        }
        sink.add(
            &mut party,
            "birthPlace",
            &join_nonempty(&[&b.place, &b.city, &b.region]),
        );
        if let Some(v) = country_value(&b.country) {
            sink.add(&mut party, "birthCountry", v);
        }
        for r in &b.remarks {
            sink.add(&mut party, "notes", r);
        }
    }

    // Identity documents and identifiers.
    for (n, doc) in rec.identifications.iter().enumerate() {
        map_identification(&mut party, doc, n, &source, &mut derived, &mut sink);
    }

    // Addresses.
    for (n, a) in rec.addresses.iter().enumerate() {
        for (key, value) in &a.contacts {
            match key.as_str() {
                "PHONE" | "FAX" => {
                    for v in value.split(';') {
                        sink.add(&mut party, "phone", v);
                    }
                }
                "EMAIL" => {
                    let emails = extract_emails(value);
                    if emails.is_empty() {
                        sink.add(&mut party, "email", value);
                    }
                    for e in emails {
                        sink.add(&mut party, "email", &e);
                    }
                }
                "WEB" => {
                    for v in value.split([';', ',', ' ']) {
                        sink.add(&mut party, "website", v);
                    }
                }
                _ => sink.warn(
                    "unknown_contact_info",
                    format!("{id}: contact details {value:?} have no known key (PHONE, FAX, EMAIL, WEB)"),
                ),
            }
        }
        let country = country_label(&a.country);
        let full = join_nonempty(&[
            &a.street,
            &a.po_box,
            &a.place,
            &join_nonempty(&[&a.zip, &a.city]).replace(", ", " "),
            &a.region,
            country.as_deref().unwrap_or(""),
        ]);
        let only_country =
            join_nonempty(&[&a.street, &a.po_box, &a.place, &a.zip, &a.city, &a.region]).is_empty();
        if let Some(v) = country_value(&a.country) {
            sink.add(&mut party, "country", v);
        }
        if only_country {
            // An address that names only a country says where the party is, nothing more.
            for r in &a.remarks {
                sink.add(&mut party, "notes", r);
            }
            continue;
        }
        let key = if a.logical_id.is_empty() {
            ids::short_hash(&format!("{n}:{full}"))
        } else {
            a.logical_id.clone()
        };
        let addr_id = ids::make_id(&id, &["addr", &key]);
        match Entity::new("Address", addr_id.clone(), source.clone()) {
            Ok(mut addr) => {
                sink.add(&mut addr, "full", &full);
                sink.add(&mut addr, "street", &a.street);
                sink.add(&mut addr, "postOfficeBox", &a.po_box);
                sink.add(&mut addr, "postalCode", &a.zip);
                sink.add(&mut addr, "city", &join_nonempty(&[&a.city, &a.place]));
                sink.add(&mut addr, "region", &a.region);
                if let Some(v) = country_value(&a.country) {
                    sink.add(&mut addr, "country", v);
                }
                for r in &a.remarks {
                    sink.add(&mut addr, "remarks", r);
                }
                sink.add(&mut party, "addressEntity", &addr_id);
                derived.push(addr);
            }
            Err(e) => sink.push(Problem::error("bad_record", format!("{addr_id}: {e}"))),
        }
    }

    // The listing.
    let sanction_id = format!("{id}-sanction");
    let mut out = Vec::with_capacity(2 + derived.len());
    match Entity::new("Sanction", sanction_id.clone(), source.clone()) {
        Ok(mut s) => {
            sink.add(&mut s, "entity", &id);
            sink.add(&mut s, "authority", AUTHORITY);
            sink.add(&mut s, "authorityId", &rec.eu_reference);
            sink.add(&mut s, "unscId", &rec.un_id);
            sink.add(&mut s, "description", &rec.designation_details);
            if !rec.designation_date.is_empty() {
                sink.add(&mut s, "listingDate", &rec.designation_date);
            } else if let Some(r) = rec.regulations.first() {
                // Without a designation date, the publication of the cited act is the best
                // date the file gives for the listing.
                sink.add(&mut s, "listingDate", &r.publication_date);
            }
            for r in &rec.regulations {
                sink.add(&mut s, "program", &r.programme);
                if !r.programme.is_empty() {
                    sink.add(&mut s, "programId", &format!("EU-{}", r.programme.trim()));
                }
                sink.add(&mut s, "summary", &r.number_title);
                if r.kind.eq_ignore_ascii_case("amendment") {
                    // The act cited last amended the entry: it dates the latest change, not
                    // the listing.
                    sink.add(&mut s, "modifiedAt", &r.publication_date);
                }
                sink.add(&mut s, "sourceUrl", &r.url);
            }
            out.push(party);
            out.push(s);
        }
        Err(e) => {
            sink.push(Problem::error("bad_record", format!("{sanction_id}: {e}")));
            out.push(party);
        }
    }
    out.extend(derived);
    out
}

fn map_identification(
    party: &mut Entity,
    doc: &Identification,
    n: usize,
    source: &Provenance,
    derived: &mut Vec<Entity>,
    sink: &mut Sink,
) {
    let code = doc.type_code.trim().to_lowercase();
    let number = if doc.number.trim().is_empty() {
        doc.latin_number.trim()
    } else {
        doc.number.trim()
    };
    if number.is_empty() {
        sink.warn(
            "missing_value",
            format!("{}: a {code:?} identification without a number", party.id),
        );
        return;
    }
    let latin = doc.latin_number.trim();
    match code.as_str() {
        "imo" => match imo_digits(number) {
            Some(d) => sink.add(party, "imoNumber", &d),
            None => sink.warn(
                "invalid_value",
                format!("{}: IMO number {number:?} is not seven digits", party.id),
            ),
        },
        "swiftbic" => sink.add(party, "swiftBic", number),
        "regnumber" => sink.add(party, "registrationNumber", number),
        "fiscalcode" => sink.add(party, "taxNumber", number),
        _ => {
            let passport = code == "passport";
            if !passport && !KNOWN_DOCUMENTS.contains(&code.as_str()) {
                sink.warn(
                    "unknown_identification_type",
                    format!(
                        "{}: identification type {code:?} is read as an identity document",
                        party.id
                    ),
                );
            }
            sink.add(
                party,
                if passport {
                    "passportNumber"
                } else {
                    "idNumber"
                },
                number,
            );
            if !latin.is_empty() && latin != number {
                sink.add(
                    party,
                    if passport {
                        "passportNumber"
                    } else {
                        "idNumber"
                    },
                    latin,
                );
            }
            if !party.schema().is_a("LegalEntity") {
                // Identity documents have a LegalEntity holder; the number is kept on the
                // party (or reported above when its schema cannot hold it).
                return;
            }
            let key = if doc.logical_id.is_empty() {
                ids::short_hash(&format!("{n}:{code}:{number}"))
            } else {
                doc.logical_id.clone()
            };
            let doc_id = ids::make_id(&party.id, &["id", &key]);
            let schema = if passport {
                "Passport"
            } else {
                "Identification"
            };
            match Entity::new(schema, doc_id.clone(), source.clone()) {
                Ok(mut e) => {
                    sink.add(&mut e, "holder", &party.id);
                    sink.add(&mut e, "number", number);
                    if !latin.is_empty() && latin != number {
                        sink.add(&mut e, "number", latin);
                    }
                    let kind = if doc.type_description.is_empty() {
                        &doc.type_code
                    } else {
                        &doc.type_description
                    };
                    sink.add(&mut e, "type", kind);
                    if let Some(v) = country_value(&doc.country) {
                        sink.add(&mut e, "country", v);
                    }
                    sink.add(&mut e, "authority", &doc.issued_by);
                    if doc.issue_date.is_empty() {
                        sink.add(&mut e, "startDate", &doc.valid_from);
                    } else {
                        sink.add(&mut e, "startDate", &doc.issue_date);
                    }
                    sink.add(&mut e, "endDate", &doc.valid_to);
                    for f in &doc.flags {
                        sink.add(&mut e, "summary", f);
                    }
                    if !doc.name_on_document.is_empty() {
                        sink.add(
                            &mut e,
                            "summary",
                            &format!("name on the document: {}", doc.name_on_document),
                        );
                    }
                    for r in &doc.remarks {
                        sink.add(&mut e, "description", r);
                    }
                    derived.push(e);
                }
                Err(e) => sink.push(Problem::error("bad_record", format!("{doc_id}: {e}"))),
            }
        }
    }
}

/// The FSF's identity-document type codes other than passports.
const KNOWN_DOCUMENTS: &[&str] = &[
    "id",
    "other",
    "tradelic",
    "ssn",
    "birthcert",
    "nationcert",
    "travelcardid",
    "electionid",
    "residentperm",
    "drivinglicence",
    "nrn",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_numbers_and_their_check_digit() {
        assert_eq!(imo_digits("IMO 9138111").as_deref(), Some("9138111"));
        assert_eq!(imo_digits("IMO: 8606173").as_deref(), Some("8606173"));
        assert_eq!(imo_digits("Does not exist"), None);
        assert_eq!(imo_digits("860617"), None);
        // Ship numbers from the EU annexes pass; IMO company numbers of DPRK shipping
        // companies (registration numbers in the same annexes) fail.
        for ship in ["8606173", "9562233", "7937317", "8712362"] {
            assert!(imo_check_digit_ok(ship), "{ship}");
        }
        for company in ["5342883", "5571322", "5434358"] {
            assert!(!imo_check_digit_ok(company), "{company}");
        }
    }

    #[test]
    fn contact_details_run_together_are_split_by_key() {
        assert_eq!(
            split_contact_info("EMAILinfo@kp.kpPHONE+850 2 381 4410WEBhttp://x.kp/"),
            vec![
                ("EMAIL".to_string(), "info@kp.kp".to_string()),
                ("PHONE".to_string(), "+850 2 381 4410".to_string()),
                ("WEB".to_string(), "http://x.kp/".to_string()),
            ]
        );
        assert_eq!(
            split_contact_info("TELEX 1234"),
            vec![(String::new(), "TELEX 1234".to_string())]
        );
        assert!(split_contact_info("  ").is_empty());
    }

    #[test]
    fn emails_are_picked_out_of_prose() {
        assert_eq!(
            extract_emails("pac@silibank.com and kndic@co.chesin.com."),
            ["pac@silibank.com", "kndic@co.chesin.com"]
        );
        assert_eq!(
            extract_emails("ryonha@silibank.com; sjc117@hotmail.com; and millim@silibank.com"),
            [
                "ryonha@silibank.com",
                "sjc117@hotmail.com",
                "millim@silibank.com"
            ]
        );
    }

    #[test]
    fn birth_dates_from_parts() {
        let b = Birth {
            year: "1961".into(),
            month: "3".into(),
            day: "".into(),
            ..Birth::default()
        };
        assert_eq!(birth_dates(&b), ["1961-03"]);
        let r = Birth {
            year_from: "1955".into(),
            year_to: "1956".into(),
            ..Birth::default()
        };
        assert_eq!(birth_dates(&r), ["1955", "1956"]);
    }
}
