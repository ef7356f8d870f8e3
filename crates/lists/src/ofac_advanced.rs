//! The OFAC SDN list in its "advanced" XML form (SDN_ADVANCED.XML).
//!
//! The file is one `<Sanctions>` document in the namespace
//! `https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML`.
//! Its sections come in the order the schema fixes:
//!
//! - `DateOfIssue`, the publication date;
//! - `ReferenceValueSets`: the vocabularies (alias types, party sub-types, feature types,
//!   document types, countries, programmes, legal bases, relation types…) whose ids every other
//!   section uses;
//! - `Locations`: addresses by id, referred to from the parties' `Location` and country features;
//! - `IDRegDocuments`: identity documents, each tied to a party's identity by `IdentityID`;
//! - `DistinctParties`: one `DistinctParty` per listed person, organisation, vessel or aircraft,
//!   with its names (`Identity/Alias/DocumentedName`) and its features (birth date, nationality,
//!   flag, call sign, wallet addresses, addresses…);
//! - `ProfileRelationships`: links between parties (owned or controlled by, acting for…);
//! - `SanctionsEntries`: the listings: list, programme codes, dates, legal bases, measures.
//!
//! The reader streams the document: each record (a location, a document, a party, a
//! relationship, an entry) is read into a small tree of its own and turned into entities, so
//! memory grows with the entities made, never with a tree of the whole 120 MB file. Because the
//! sections that are referred to come before the sections that refer to them, one pass is
//! enough; relationships and sanctions entries are kept until the end so that every party they
//! name is known by then.
//!
//! Ids follow the OFAC CSV reader, so that both formats of the same list give the same
//! entities: the party is `ofac-<FixedRef>` (FixedRef is the CSV's `ent_num`), its SDN listing
//! `ofac-<FixedRef>-sanction`, its addresses `ofac-<FixedRef>-addr-<Location ID>` (the CSV's
//! `add_num`), its passports `ofac-<FixedRef>-passport-<short_hash("number|country")>` and a
//! wallet `ofac-wallet-<short_hash("ASSET:address")>`. Only this format says what kind of link
//! joins two parties, so its links have ids of their own: `ofac-rel-<ProfileRelationship ID>`.
//!
//! What goes where:
//!
//! - names: the primary alias gives `name` in every script it is written in (`Kim Sang Man`
//!   and `김 상만`), the name parts joined in the file's order; an a.k.a. or n.k.a. gives
//!   `alias`, an f.k.a. `previousName`, and a low-quality alias `weakAlias`. A person's primary
//!   name parts also give `lastName`, `firstName`, `middleName`, `fatherName`, `motherName`;
//! - features go to the FtM property of the same meaning; those that qualify the listing
//!   ("Secondary sanctions risk:", directive information…) go to the Sanction's `provisions`;
//!   any other, or one the party's schema lacks, is kept in `notes` as "type: value";
//! - identity documents go to the party's identifier properties (IMO numbers as their seven
//!   digits, MMSI, passport, tax and registration numbers); a person's documents are also
//!   Passport or Identification entities;
//! - relationships become the FtM link their type means, tried in the file's direction and
//!   then reversed (OFAC writes some either way); a link whose ends fit neither way is an
//!   UnknownLink with the relation type as its `role`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ce2_model::ids::{make_id, short_hash};
use ce2_model::{model, Entity, Problem, Provenance};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::{ofac_csv, text, Format, InputFile, ListMeta, Location, ReadError, ReadOutput};

/// The dataset: the same as the OFAC CSV set's, since this is another format of the same list.
pub const DATASET: &str = ofac_csv::DATASET;

/// Who publishes the list.
pub const PUBLISHER: &str = ofac_csv::PUBLISHER;

/// The authority named on every Sanction, as the CSV reader names it.
pub const AUTHORITY: &str = ofac_csv::AUTHORITY;

/// The title shown for the list.
pub const TITLE: &str = "OFAC Specially Designated Nationals (SDN) List";

/// The wallet id shared with the OFAC CSV reader: the asset and the address, hashed.
///
/// `wallet_id("ETH", "0xabc…")` is `ofac-wallet-<12 hex digits>`.
pub fn wallet_id(asset: &str, address: &str) -> String {
    make_id("ofac-wallet", &[&short_hash(&format!("{asset}:{address}"))])
}

/// Read an SDN_ADVANCED.XML file.
///
/// Every `DistinctParty` gives a party entity (Person, Organization, Vessel, Airplane; an
/// organisation that another party owns becomes a Company, so that it can be the asset of an
/// Ownership), with its Address, Passport, Identification and CryptoWallet entities; every
/// `SanctionsEntry` gives a Sanction; every `ProfileRelationship` gives an Ownership,
/// Directorship, Representation, Associate, Family or UnknownLink. `records` counts the
/// `DistinctParty` records.
pub fn read(file: &InputFile) -> Result<ReadOutput, ReadError> {
    text::require_content(file)?;
    check_root(file)?;
    let xml = text::utf8(file)?;
    // Offsets the XML reader reports are relative to the text, which starts after any BOM.
    let base = file.data.len() - xml.len();
    let mut parse = Parse::new(file, xml, base);
    parse.run()?;
    Ok(parse.finish())
}

/// Refuse a file whose root element is not `<Sanctions>` before decoding it: another list's
/// file, possibly in another encoding, is a wrong format and not an encoding error.
fn check_root(file: &InputFile) -> Result<(), ReadError> {
    let wrong = || ReadError::wrong_format(file, Format::OfacAdvancedXml);
    let mut reader = Reader::from_reader(text::strip_bom(file.data));
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                return if e.local_name().as_ref() == b"Sanctions" {
                    Ok(())
                } else {
                    Err(wrong())
                };
            }
            Ok(Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_)) => {}
            Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            _ => return Err(wrong()),
        }
    }
}

/// One element of a record: its local name, attributes, text and where its children are.
/// Names, attribute values and text are borrowed from the document wherever no entity
/// reference has to be resolved.
#[derive(Debug, Default)]
struct Element<'a> {
    name: Cow<'a, str>,
    /// The range of the element's attributes in [`Tree::attrs`].
    attrs: (u32, u32),
    text: Cow<'a, str>,
    /// Indexes in [`Tree::elements`]; 0 is "none", since the root is nobody's child.
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    /// The byte offset of the element's start tag in the text.
    offset: usize,
}

/// One record (a party, a location, a relationship…) as a tree of elements kept in two flat
/// lists. The tree of the party being read is cleared and refilled for the next party, so that
/// reading 18,000 parties reuses one allocation instead of making millions.
#[derive(Debug, Default)]
struct Tree<'a> {
    elements: Vec<Element<'a>>,
    attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Tree<'a> {
    fn clear(&mut self) {
        self.elements.clear();
        self.attrs.clear();
    }

    /// Add an element from its start tag, as the last child of `parent` (or as the root).
    fn open(
        &mut self,
        xml: &'a str,
        e: &BytesStart,
        offset: usize,
        parent: Option<usize>,
    ) -> Result<usize, quick_xml::Error> {
        let first = self.attrs.len() as u32;
        for attr in e.attributes() {
            let attr = attr?;
            let key = text_of(xml, attr.key.local_name().as_ref());
            let value = if attr.value.contains(&b'&') {
                Cow::Owned(attr.unescape_value()?.into_owned())
            } else {
                text_of(xml, &attr.value)
            };
            self.attrs.push((key, value));
        }
        let index = self.elements.len();
        self.elements.push(Element {
            name: text_of(xml, e.local_name().as_ref()),
            attrs: (first, self.attrs.len() as u32),
            offset,
            ..Element::default()
        });
        if let Some(parent) = parent {
            let last = self.elements[parent].last_child as usize;
            if last == 0 {
                self.elements[parent].first_child = index as u32;
            } else {
                self.elements[last].next_sibling = index as u32;
            }
            self.elements[parent].last_child = index as u32;
        }
        Ok(index)
    }

    /// Append text to an element's text, borrowing it when it is the first piece.
    fn push_text(&mut self, index: usize, text: Cow<'a, str>) {
        let element = &mut self.elements[index];
        if element.text.is_empty() {
            element.text = text;
        } else {
            element.text.to_mut().push_str(&text);
        }
    }

    fn root(&self) -> Option<Node<'_, 'a>> {
        (!self.elements.is_empty()).then_some(Node {
            tree: self,
            index: 0,
        })
    }
}

/// An element of a [`Tree`], to read it with.
#[derive(Debug, Clone, Copy)]
struct Node<'t, 'a> {
    tree: &'t Tree<'a>,
    index: usize,
}

impl<'t, 'a> std::ops::Deref for Node<'t, 'a> {
    type Target = Element<'a>;

    fn deref(&self) -> &Element<'a> {
        &self.tree.elements[self.index]
    }
}

impl<'t, 'a> Node<'t, 'a> {
    fn element(&self) -> &'t Element<'a> {
        &self.tree.elements[self.index]
    }

    fn attr(&self, key: &str) -> Option<&'t str> {
        let (first, end) = self.element().attrs;
        self.tree.attrs[first as usize..end as usize]
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
            .filter(|v| !v.is_empty())
    }

    fn children(&self) -> impl Iterator<Item = Node<'t, 'a>> + 't {
        let tree = self.tree;
        let mut next = self.element().first_child as usize;
        std::iter::from_fn(move || {
            if next == 0 {
                return None;
            }
            let node = Node { tree, index: next };
            next = tree.elements[next].next_sibling as usize;
            Some(node)
        })
    }

    fn child(&self, name: &str) -> Option<Node<'t, 'a>> {
        self.children().find(|c| c.element().name == name)
    }

    fn all<'n>(&self, name: &'n str) -> impl Iterator<Item = Node<'t, 'a>> + 'n
    where
        't: 'n,
    {
        self.children().filter(move |c| c.element().name == name)
    }

    /// The trimmed text of the element.
    fn value(&self) -> &'t str {
        self.element().text.trim()
    }

    /// The trimmed text of the first child of that name, or "".
    fn child_value(&self, name: &str) -> &'t str {
        self.child(name).map(|c| c.value()).unwrap_or("")
    }
}

/// `bytes` as text borrowed from the document, when they are a view of it (as everything the
/// XML reader hands out from a slice is); `None` otherwise.
fn borrowed<'a>(xml: &'a str, bytes: &[u8]) -> Option<&'a str> {
    let start = (bytes.as_ptr() as usize).checked_sub(xml.as_ptr() as usize)?;
    let text = xml.get(start..start.checked_add(bytes.len())?)?;
    (text.as_ptr() == bytes.as_ptr()).then_some(text)
}

fn text_of<'a>(xml: &'a str, bytes: &[u8]) -> Cow<'a, str> {
    match borrowed(xml, bytes) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// The text a general reference stands for: a character reference or one of XML's five
/// predefined entities. Any other entity is kept as written, since the document declares none.
fn resolve_reference(name: &str) -> String {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        if let Some(c) = code.and_then(char::from_u32) {
            return c.to_string();
        }
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(name) {
        return s.to_string();
    }
    format!("&{name};")
}

/// A `Location`: the parts of an address and its country.
#[derive(Debug, Default)]
struct Place {
    /// The country as a value for a `country` property (an ISO code where the file gives one).
    country: Option<String>,
    /// The country's name, for the one-line address.
    country_name: Option<String>,
    /// (part type, value) in the file's order.
    parts: Vec<(String, String)>,
}

impl Place {
    fn part(&self, kind: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.as_str())
    }

    /// The address on one line, in the order OFAC prints addresses: street lines, city,
    /// state, postal code, region, country.
    fn full(&self) -> String {
        const ORDER: [&str; 7] = [
            "ADDRESS1",
            "ADDRESS2",
            "ADDRESS3",
            "CITY",
            "STATE/PROVINCE",
            "POSTAL CODE",
            "REGION",
        ];
        let mut out: Vec<&str> = ORDER.iter().filter_map(|k| self.part(k)).collect();
        // Parts of a type outside the known ones are kept too, before the country.
        for (kind, value) in &self.parts {
            if !ORDER.contains(&kind.as_str()) {
                out.push(value);
            }
        }
        if let Some(country) = &self.country_name {
            out.push(country);
        }
        out.join(", ")
    }
}

/// An `IDRegDocument`.
#[derive(Debug)]
struct Document {
    id: String,
    kind: String,
    number: String,
    country: Option<String>,
    /// The issuing country as OFAC names it ("Korea, North"), for the document's id.
    country_name: String,
    issued: Vec<String>,
    expires: Vec<String>,
    authority: String,
    comment: String,
    validity: Option<String>,
    offset: usize,
}

/// The section of the document being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Locations,
    Documents,
    Parties,
    Relationships,
    Entries,
    /// A section this reader has no use for (`SanctionsEntryLinks`, empty in practice).
    Other,
}

/// Feature types whose values qualify the listing rather than describe the party: they go to
/// the `provisions` of the party's Sanction.
const SANCTION_FEATURES: [&str; 14] = [
    "Secondary sanctions risk:",
    "Additional Sanctions Information -",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    "Executive Order 13846 information:",
    "CAATSA Section 235 Information:",
    "IFCA Determination -",
    "Executive Order 13662 Directive Determination -",
    "Executive Order 14024 Directive Information -",
    "Executive Order 14024 Directive Information",
    "PEESA Information:",
    "Listing Date (EO 14024 Directive 2):",
    "Effective Date (EO 14024 Directive 2):",
    "Listing Date (EO 14024 Directive 3):",
    "Effective Date (EO 14024 Directive 3):",
];

/// Identity document types that are tax numbers.
const TAX_DOCUMENTS: [&str; 14] = [
    "Tax ID No.",
    "R.F.C.",
    "RFC",
    "NIT #",
    "RUC #",
    "C.U.I.T.",
    "Italian Fiscal Code",
    "Fiscal Code",
    "US FEIN",
    "Romanian Tax Registration",
    "Paraguayan tax identification number",
    "N.I.F.",
    "RTN",
    "Numero Unico de Identificacao Tributaria (NUIT)",
];

/// Identity document types that are company or trade registrations.
const REGISTRATION_DOCUMENTS: [&str; 25] = [
    "Business Registration Document #",
    "Registration ID",
    "Registration Number",
    "Business Registration Number",
    "Business Number",
    "Company Number",
    "UK Company Number",
    "Commercial Registry Number",
    "Certificate of Incorporation Number",
    "C.R. No.",
    "Romanian C.R.",
    "Chamber of Commerce Number",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "Public Registration Number",
    "Enterprise Number",
    "Trade License No.",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.",
    "Registration Certificate Number (Dubai)",
    "Government Gazette Number",
    "Economic Register Number (CBLS)",
    "Central Registration System Number",
];

/// The state of one read: what the sections read so far have given.
struct Parse<'a> {
    file: &'a InputFile<'a>,
    xml: &'a str,
    /// Bytes before the text (a BOM), added to offsets so that they are offsets in the file.
    base: usize,
    lines: text::LineCounter<'a>,
    published: Option<String>,
    /// Reference values by (element name, ID): `("FeatureType", "8")` is "Birthdate".
    /// The `ReferenceValueSets` section.
    ref_tree: Tree<'a>,
    refs: HashMap<String, HashMap<String, usize>>,
    places: HashMap<String, Place>,
    /// Documents by the IdentityID they belong to.
    documents: HashMap<String, Vec<Document>>,
    entities: Vec<Entity>,
    problems: Vec<Problem>,
    records: usize,
    /// Party entity index by FixedRef.
    parties: HashMap<String, usize>,
    /// Wallet entity index by id, so that a wallet two parties hold is one entity.
    wallets: HashMap<String, usize>,
    /// The listing-related feature values of each party, for its Sanction.
    provisions: HashMap<String, Vec<String>>,
    relationships: Vec<Tree<'a>>,
    entries: Vec<Tree<'a>>,
}

impl<'a> Parse<'a> {
    fn new(file: &'a InputFile<'a>, xml: &'a str, base: usize) -> Parse<'a> {
        Parse {
            file,
            xml,
            base,
            lines: text::LineCounter::new(file.data),
            published: None,
            ref_tree: Tree::default(),
            refs: HashMap::new(),
            places: HashMap::new(),
            documents: HashMap::new(),
            entities: Vec::new(),
            problems: Vec::new(),
            records: 0,
            parties: HashMap::new(),
            wallets: HashMap::new(),
            provisions: HashMap::new(),
            relationships: Vec::new(),
            entries: Vec::new(),
        }
    }

    // ----- reading the document -----

    fn malformed(&mut self, offset: usize, record: Option<String>, message: String) -> ReadError {
        let offset = offset + self.base;
        ReadError::Malformed {
            file: self.file.name.to_string(),
            at: Location {
                line: Some(self.lines.line_at(offset)),
                offset: Some(offset as u64),
                record,
            },
            message,
        }
    }

    /// Walk the document: sections at depth 1, records at depth 2, each record read whole.
    fn run(&mut self) -> Result<(), ReadError> {
        let mut reader = Reader::from_str(self.xml);
        let mut depth = 0usize;
        let mut section = Section::Other;
        let mut tree = Tree::default();
        loop {
            let offset = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let at = reader.error_position() as usize;
                    return Err(self.malformed(at, None, format!("broken XML: {e}")));
                }
            };
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    if depth == 0 {
                        // The root, <Sanctions>, checked before.
                        if empty {
                            break;
                        }
                        depth = 1;
                        continue;
                    }
                    let name = e.local_name();
                    if depth == 1 {
                        if let Some(s) = section_of(&String::from_utf8_lossy(name.as_ref())) {
                            section = s;
                            if !empty {
                                depth = 2;
                            }
                            continue;
                        }
                    }
                    tree.clear();
                    tree.open(self.xml, &e, offset, None).map_err(|err| {
                        self.malformed(offset, None, format!("broken XML: {err}"))
                    })?;
                    if !empty {
                        self.read_tree(&mut reader, &mut tree)?;
                    }
                    if depth == 1 {
                        self.top_level(&mut tree);
                    } else {
                        self.record(section, &mut tree);
                    }
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                Event::Eof => {
                    if depth > 0 {
                        let end = self.xml.len();
                        return Err(self.malformed(
                            end,
                            None,
                            "the document ends before </Sanctions>: the file is truncated"
                                .to_string(),
                        ));
                    }
                    break;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Read the rest of the tree's root element, whose start tag was just read: its
    /// children and text.
    fn read_tree(
        &mut self,
        reader: &mut Reader<&'a [u8]>,
        tree: &mut Tree<'a>,
    ) -> Result<(), ReadError> {
        let record = tree.root().map(|root| {
            let id = root.attr("FixedRef").or_else(|| root.attr("ID"));
            format!("{} {}", root.name, id.unwrap_or(""))
                .trim()
                .to_string()
        });
        let mut stack = vec![0usize];
        let broken = |e: quick_xml::Error| format!("broken XML: {e}");
        while let Some(&top) = stack.last() {
            let offset = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let at = reader.error_position() as usize;
                    return Err(self.malformed(at, record, broken(e)));
                }
            };
            match event {
                Event::Start(e) => match tree.open(self.xml, &e, offset, Some(top)) {
                    Ok(index) => stack.push(index),
                    Err(e) => return Err(self.malformed(offset, record, broken(e))),
                },
                Event::Empty(e) => {
                    if let Err(e) = tree.open(self.xml, &e, offset, Some(top)) {
                        return Err(self.malformed(offset, record, broken(e)));
                    }
                }
                Event::Text(t) => {
                    // The whole text was checked as UTF-8 before parsing.
                    let s = text_of(self.xml, &t);
                    // Indentation between elements is skipped; text that follows a resolved
                    // reference ("J &amp; E") keeps its spaces.
                    if !tree.elements[top].text.is_empty() || !s.trim().is_empty() {
                        tree.push_text(top, s);
                    }
                }
                Event::CData(t) => {
                    let s = t
                        .decode()
                        .map_err(|e| self.malformed(offset, record.clone(), broken(e.into())))?;
                    tree.push_text(top, s);
                }
                Event::GeneralRef(r) => {
                    let name = r
                        .decode()
                        .map_err(|e| self.malformed(offset, record.clone(), broken(e.into())))?;
                    tree.push_text(top, Cow::Owned(resolve_reference(&name)));
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Eof => {
                    let end = self.xml.len();
                    let open = tree.elements[top].name.to_string();
                    return Err(self.malformed(
                        end,
                        record,
                        format!("the document ends inside <{open}>: the file is truncated"),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn top_level(&mut self, tree: &mut Tree<'a>) {
        if tree
            .root()
            .is_some_and(|root| root.name == "ReferenceValueSets")
        {
            self.reference_values(std::mem::take(tree));
            return;
        }
        let Some(node) = tree.root() else {
            return;
        };
        match node.name.as_ref() {
            "DateOfIssue" => {
                let date = format!(
                    "{}-{}-{}",
                    node.child_value("Year"),
                    node.child_value("Month"),
                    node.child_value("Day")
                );
                match ce2_model::types::clean_date(&date) {
                    Ok(d) => self.published = Some(d),
                    Err(e) => {
                        let p = Problem::warning(
                            "invalid_value",
                            format!(
                                "DateOfIssue is not a date ({e}); the list has no publication date"
                            ),
                        );
                        self.report(p, node.offset);
                    }
                }
            }
            other => {
                let p = Problem::warning(
                    "unknown_section",
                    format!("<{other}> is not a section of SDN_ADVANCED.XML this reader knows; it is skipped"),
                );
                self.report(p, node.offset);
            }
        }
    }

    /// Index the vocabularies by (element name, ID): `("FeatureType", "8")` is "Birthdate".
    fn reference_values(&mut self, tree: Tree<'a>) {
        let mut refs: HashMap<String, HashMap<String, usize>> = HashMap::new();
        if let Some(root) = tree.root() {
            for set in root.children() {
                for value in set.children() {
                    if let Some(id) = value.attr("ID") {
                        refs.entry(value.name.to_string())
                            .or_default()
                            .insert(id.to_string(), value.index);
                    }
                }
            }
        }
        self.refs = refs;
        self.ref_tree = tree;
    }

    fn record(&mut self, section: Section, tree: &mut Tree<'a>) {
        let Some(node) = tree.root() else {
            return;
        };
        match section {
            Section::Locations => self.location(node),
            Section::Documents => self.document(node),
            Section::Parties => self.party(node),
            // Kept until every party is known.
            Section::Relationships => self.relationships.push(std::mem::take(tree)),
            Section::Entries => self.entries.push(std::mem::take(tree)),
            Section::Other => {}
        }
    }

    // ----- helpers -----

    /// Attach the line and offset of `offset` (in the text) to a problem and keep it.
    fn report(&mut self, problem: Problem, offset: usize) {
        let offset = offset + self.base;
        let line = self.lines.line_at(offset);
        self.problems
            .push(problem.at_line(line).at_offset(offset as u64));
    }

    fn reference(&self, kind: &str, id: &str) -> Option<Node<'_, 'a>> {
        let index = *self.refs.get(kind)?.get(id)?;
        Some(Node {
            tree: &self.ref_tree,
            index,
        })
    }

    /// The text of a reference value (`FeatureType` 8 → "Birthdate").
    fn ref_text(&self, kind: &str, id: Option<&str>) -> Option<&str> {
        id.and_then(|id| self.reference(kind, id))
            .map(|n| n.value())
            .filter(|v| !v.is_empty())
    }

    /// A country id as a value for a `country` property, and its name.
    fn country(&self, id: &str) -> (Option<String>, Option<String>) {
        match self.reference("Country", id) {
            Some(c) => {
                let name = c.value();
                let value = match c.attr("ISO2") {
                    Some(iso) => Some(iso.to_lowercase()),
                    None if name.eq_ignore_ascii_case("undetermined") || name.is_empty() => None,
                    None => Some(name.trim_start_matches("Region: ").to_string()),
                };
                let name = Some(name.to_string()).filter(|n| value.is_some() && !n.is_empty());
                (value, name)
            }
            None => (None, None),
        }
    }

    // ----- Locations and IDRegDocuments -----

    fn location(&mut self, node: Node<'_, 'a>) {
        let Some(id) = node.attr("ID").map(str::to_string) else {
            let p = Problem::warning("bad_record", "a Location without an ID is skipped");
            self.report(p, node.offset);
            return;
        };
        let mut place = Place::default();
        let country_id = node
            .child("LocationCountry")
            .and_then(|c| c.attr("CountryID"))
            .or_else(|| {
                // Some locations name only an area code, whose country is given by its id.
                node.child("LocationAreaCode")
                    .and_then(|a| a.attr("AreaCodeID"))
                    .and_then(|a| self.reference("AreaCode", a))
                    .and_then(|a| a.attr("CountryID"))
            });
        if let Some(cid) = country_id {
            (place.country, place.country_name) = self.country(cid);
        }
        for part in node.all("LocationPart") {
            let kind = self
                .ref_text("LocPartType", part.attr("LocPartTypeID"))
                .unwrap_or("Unknown")
                .to_string();
            // A part may give several values; the primary one is the address as written.
            let value = part
                .all("LocationPartValue")
                .find(|v| v.attr("Primary") == Some("true"))
                .or_else(|| part.child("LocationPartValue"))
                .map(|v| v.child_value("Value"))
                .unwrap_or("");
            if !value.is_empty() {
                place.parts.push((kind, value.to_string()));
            }
        }
        self.places.insert(id, place);
    }

    fn document(&mut self, node: Node<'_, 'a>) {
        let (Some(id), Some(identity)) = (node.attr("ID"), node.attr("IdentityID")) else {
            let p = Problem::error(
                "bad_record",
                "an IDRegDocument without an ID or IdentityID cannot be tied to a party; it is skipped",
            );
            self.report(p, node.offset);
            return;
        };
        let mut issued = Vec::new();
        let mut expires = Vec::new();
        for date in node.all("DocumentDate") {
            let kind = self.ref_text("IDRegDocDateType", date.attr("IDRegDocDateTypeID"));
            let values = date
                .child("DatePeriod")
                .map(period_dates)
                .unwrap_or_default();
            match kind {
                Some("Expiration Date") => expires.extend(values),
                _ => issued.extend(values),
            }
        }
        let (country, country_name) = node
            .attr("IssuedBy-CountryID")
            .map(|c| self.country(c))
            .unwrap_or_default();
        let doc = Document {
            id: id.to_string(),
            kind: self
                .ref_text("IDRegDocType", node.attr("IDRegDocTypeID"))
                .unwrap_or("Identification")
                .to_string(),
            number: node.child_value("IDRegistrationNo").to_string(),
            country,
            country_name: country_name.unwrap_or_default(),
            issued,
            expires,
            authority: node.child_value("IssuingAuthority").to_string(),
            comment: node.child_value("Comment").to_string(),
            validity: self
                .ref_text("Validity", node.attr("ValidityID"))
                .map(str::to_string),
            offset: node.offset,
        };
        self.documents
            .entry(identity.to_string())
            .or_default()
            .push(doc);
    }

    // ----- DistinctParties -----

    fn party(&mut self, node: Node<'_, 'a>) {
        self.records += 1;
        let Some(fixed) = node.attr("FixedRef").map(str::to_string) else {
            let p = Problem::error(
                "bad_record",
                "a DistinctParty without a FixedRef has no id; it is skipped",
            );
            self.report(p, node.offset);
            return;
        };
        let record = Some(fixed.clone());
        let mut profiles = node.all("Profile");
        let Some(profile) = profiles.next() else {
            let p = Problem::error(
                "bad_record",
                "the DistinctParty has no Profile; it is skipped",
            )
            .with_record(record);
            self.report(p, node.offset);
            return;
        };
        if profiles.next().is_some() {
            let p = Problem::warning(
                "bad_record",
                "the DistinctParty has several Profiles; only the first is read",
            )
            .with_record(record.clone());
            self.report(p, node.offset);
        }

        let sub_type = profile.attr("PartySubTypeID");
        let schema = match self.party_schema(sub_type) {
            Some(schema) => schema,
            None => {
                let p = Problem::warning(
                    "unknown_value",
                    format!(
                        "unknown PartySubTypeID {:?}; the party is read as a LegalEntity",
                        sub_type.unwrap_or("")
                    ),
                )
                .with_record(record.clone());
                self.report(p, profile.offset);
                "LegalEntity"
            }
        };
        let source = Provenance::new(DATASET, &fixed, self.published.as_deref());
        let party_id = make_id("ofac", &[&fixed]);
        let Ok(mut party) = Entity::new(schema, party_id.clone(), source.clone()) else {
            // The schemata above are all in the model; this is only reachable if the model
            // file were changed to drop one.
            let p = Problem::error("bad_record", format!("the model has no schema {schema}"))
                .with_record(record);
            self.report(p, node.offset);
            return;
        };
        let mut problems = Vec::new();
        party.add_or_report("topics", "sanction", &mut problems);
        for comment in [node.child_value("Comment"), profile.child_value("Comment")] {
            party.add_or_report("notes", comment, &mut problems);
        }

        let mut derived: Vec<Entity> = Vec::new();
        let mut identities = Vec::new();
        for identity in profile.all("Identity") {
            if let Some(id) = identity.attr("ID") {
                identities.push(id.to_string());
            }
            self.names(&mut party, identity, &mut problems);
        }
        if !party.has("name") {
            let p = Problem::error(
                "missing_name",
                format!("{party_id} has no primary name in the file"),
            )
            .with_record(record.clone());
            self.report(p, node.offset);
        }
        for feature in profile.all("Feature") {
            self.feature(&mut party, feature, &source, &mut derived, &mut problems);
        }
        for identity in &identities {
            if let Some(docs) = self.documents.remove(identity) {
                for doc in docs {
                    self.apply_document(&mut party, &doc, &source, &mut derived, &mut problems);
                }
            }
        }

        for p in problems {
            let p = if p.record.is_none() {
                p.with_record(record.clone())
            } else {
                p
            };
            self.report(p, node.offset);
        }
        self.parties.insert(fixed, self.entities.len());
        self.entities.push(party);
        for entity in derived {
            if entity.schema().name == "CryptoWallet" {
                self.wallets.insert(entity.id.clone(), self.entities.len());
            }
            self.entities.push(entity);
        }
    }

    /// The schema for a party sub-type: the sub-type names transport (Vessel, Aircraft), and
    /// for the others ("Unknown") its party type says Individual or Entity.
    fn party_schema(&self, sub_type: Option<&str>) -> Option<&'static str> {
        let sub = self.reference("PartySubType", sub_type?)?;
        match sub.value() {
            "Vessel" => return Some("Vessel"),
            "Aircraft" => return Some("Airplane"),
            _ => {}
        }
        match self.ref_text("PartyType", sub.attr("PartyTypeID"))? {
            "Individual" => Some("Person"),
            "Entity" => Some("Organization"),
            _ => None,
        }
    }

    /// Names: the primary alias gives `name` in every script it is written in; a.k.a. gives
    /// `alias`, f.k.a. `previousName`, n.k.a. `alias`; a low-quality alias is a `weakAlias`.
    /// For people, the parts of the primary names also give first, middle and last names.
    fn names(&self, party: &mut Entity, identity: Node<'_, 'a>, problems: &mut Vec<Problem>) {
        let mut part_types: HashMap<&str, &str> = HashMap::new();
        if let Some(groups) = identity.child("NamePartGroups") {
            for master in groups.all("MasterNamePartGroup") {
                for group in master.all("NamePartGroup") {
                    if let (Some(id), Some(kind)) = (
                        group.attr("ID"),
                        self.ref_text("NamePartType", group.attr("NamePartTypeID")),
                    ) {
                        part_types.insert(id, kind);
                    }
                }
            }
        }
        let is_person = party.schema().name == "Person";
        for alias in identity.all("Alias") {
            let primary = alias.attr("Primary") == Some("true");
            let kind = self.ref_text("AliasType", alias.attr("AliasTypeID"));
            let prop = if primary {
                "name"
            } else if alias.attr("LowQuality") == Some("true") {
                "weakAlias"
            } else {
                match kind {
                    Some("F.K.A.") => "previousName",
                    Some("Name") => "name",
                    _ => "alias",
                }
            };
            for documented in alias.all("DocumentedName") {
                let mut words = Vec::new();
                for part in documented.all("DocumentedNamePart") {
                    for value in part.all("NamePartValue") {
                        let text = value.value();
                        if text.is_empty() {
                            continue;
                        }
                        words.push(text);
                        if primary && is_person {
                            let part_prop = value
                                .attr("NamePartGroupID")
                                .and_then(|g| part_types.get(g))
                                .and_then(|kind| match *kind {
                                    "Last Name" => Some("lastName"),
                                    "First Name" => Some("firstName"),
                                    "Middle Name" => Some("middleName"),
                                    "Patronymic" => Some("fatherName"),
                                    "Matronymic" => Some("motherName"),
                                    _ => None,
                                });
                            if let Some(part_prop) = part_prop {
                                party.add_or_report(part_prop, text, problems);
                            }
                        }
                    }
                }
                party.add_or_report(prop, &words.join(" "), problems);
            }
        }
    }

    /// The values of a feature: text, a looked-up reference, dates or a location.
    fn feature_values(&self, feature: Node<'_, 'a>) -> (Vec<String>, Vec<String>) {
        let mut values = Vec::new();
        let mut locations = Vec::new();
        for version in feature.all("FeatureVersion") {
            if let Some(detail) = version.child("VersionDetail") {
                if let Some(text) =
                    self.ref_text("DetailReference", detail.attr("DetailReferenceID"))
                {
                    values.push(text.to_string());
                } else if !detail.value().is_empty() {
                    values.push(detail.value().to_string());
                }
            }
            if let Some(period) = version.child("DatePeriod") {
                values.extend(period_dates(period));
            }
            for location in version.all("VersionLocation") {
                if let Some(id) = location.attr("LocationID") {
                    locations.push(id.to_string());
                }
            }
        }
        (values, locations)
    }

    fn feature(
        &mut self,
        party: &mut Entity,
        feature: Node<'_, 'a>,
        source: &Provenance,
        derived: &mut Vec<Entity>,
        problems: &mut Vec<Problem>,
    ) {
        let Some(kind) = self
            .ref_text("FeatureType", feature.attr("FeatureTypeID"))
            .map(str::to_string)
        else {
            let p = Problem::warning(
                "unknown_value",
                format!(
                    "unknown FeatureTypeID {:?}; its values are kept in notes",
                    feature.attr("FeatureTypeID").unwrap_or("")
                ),
            );
            problems.push(p);
            let (values, _) = self.feature_values(feature);
            for v in values {
                party.add_or_report("notes", &format!("Feature: {v}"), problems);
            }
            return;
        };
        let (values, locations) = self.feature_values(feature);
        let schema = party.schema().name.clone();
        let is_person = schema == "Person";

        if kind == "Location" {
            for id in &locations {
                self.address(party, id, source, derived, problems);
            }
            return;
        }
        if let Some(asset) = kind.strip_prefix("Digital Currency Address - ") {
            for address in &values {
                self.wallet(party, asset.trim(), address.trim(), source, derived);
            }
            return;
        }
        if SANCTION_FEATURES.contains(&kind.as_str()) {
            let fixed = source.record.clone();
            let notes = self.provisions.entry(fixed).or_default();
            for v in &values {
                notes.push(format!("{kind} {v}"));
            }
            return;
        }
        if matches!(kind.as_str(), "Vessel Owner" | "Aircraft Operator") {
            let prop = if kind == "Vessel Owner" {
                "owner"
            } else {
                "operator"
            };
            for name in &values {
                self.named_party(party, prop, name, source, derived, problems);
            }
            return;
        }

        // Countries come from the locations a feature points at.
        let mut countries: Vec<String> = Vec::new();
        for id in &locations {
            match self.places.get(id) {
                // Nationalities point at shared locations that name the country as text.
                Some(place) => match &place.country {
                    Some(country) => countries.push(country.clone()),
                    None => countries.extend(
                        place
                            .parts
                            .iter()
                            .map(|(_, v)| v.trim_start_matches("Region: ").to_string()),
                    ),
                },
                None => problems.push(Problem::warning(
                    "missing_reference",
                    format!("{kind}: Location {id} is not in the file"),
                )),
            }
        }
        let prop = match kind.as_str() {
            "Birthdate" if is_person => Some("birthDate"),
            "Place of Birth" if is_person => Some("birthPlace"),
            "Gender" if is_person => Some("gender"),
            "Title" if is_person => Some("position"),
            "Nationality Country" if is_person => Some("nationality"),
            "Citizenship Country" if is_person => Some("citizenship"),
            "Nationality Country" | "Citizenship Country" => Some("country"),
            "Nationality of Registration" | "Registration Country" => Some("jurisdiction"),
            "Vessel Call Sign" | "Other Vessel Call Sign" => Some("callSign"),
            "VESSEL TYPE" | "Other Vessel Type" => Some("type"),
            "Vessel Flag" | "Other Vessel Flag" => Some("flag"),
            "Former Vessel Flag" => Some("pastFlags"),
            "Vessel Tonnage" => Some("tonnage"),
            "Vessel Gross Registered Tonnage" => Some("grossRegisteredTonnage"),
            "Vessel Year of Build" | "Aircraft Manufacture Date" => Some("buildDate"),
            "Aircraft Model" => Some("model"),
            "Aircraft Manufacturer's Serial Number (MSN)"
            | "Aircraft Construction Number (also called L/N or S/N or F/N)" => {
                Some("serialNumber")
            }
            "Aircraft Tail Number" | "Previous Aircraft Tail Number" => Some("registrationNumber"),
            "SWIFT/BIC" => Some("swiftBic"),
            "Website" => Some("website"),
            "Email Address" => Some("email"),
            "Phone Number" => Some("phone"),
            "D-U-N-S Number" => Some("dunsCode"),
            "BIK (RU)" => Some("bikCode"),
            "ISIN" => Some("isinCode"),
            "Equity Ticker" | "MICEX Code" => Some("ticker"),
            "Organization Established Date" => Some("incorporationDate"),
            "Organization Type:" => Some("legalForm"),
            "Target Type" => Some("classification"),
            _ => None,
        };
        let values = if countries.is_empty() {
            values
        } else {
            countries
        };
        match prop.filter(|p| party.schema().property(p).is_some()) {
            Some(prop) => {
                for v in &values {
                    party.add_or_report(prop, v, problems);
                }
            }
            // A feature this reader has no property for, or one the schema lacks (a birth date
            // on an organisation), is kept as a note rather than lost.
            None => {
                for v in &values {
                    let label = kind.trim_end_matches([':', '-', ' ']);
                    party.add_or_report("notes", &format!("{label}: {v}"), problems);
                }
            }
        }
    }

    fn address(
        &mut self,
        party: &mut Entity,
        location: &str,
        source: &Provenance,
        derived: &mut Vec<Entity>,
        problems: &mut Vec<Problem>,
    ) {
        let Some(place) = self.places.get(location) else {
            problems.push(Problem::warning(
                "missing_reference",
                format!("address: Location {location} is not in the file"),
            ));
            return;
        };
        if let Some(country) = &place.country {
            party.add_or_report("country", country, problems);
        }
        // A location that names only a country is the party's country, not an address.
        if place.parts.is_empty() {
            return;
        }
        let id = make_id("ofac", &[&source.record, "addr", location]);
        let Ok(mut address) = Entity::new("Address", id.clone(), source.clone()) else {
            return;
        };
        address.add_or_report("full", &place.full(), problems);
        let street2: Vec<&str> = ["ADDRESS2", "ADDRESS3"]
            .iter()
            .filter_map(|k| place.part(k))
            .collect();
        for (prop, value) in [
            ("street", place.part("ADDRESS1").unwrap_or("")),
            ("street2", &street2.join(", ")),
            ("city", place.part("CITY").unwrap_or("")),
            ("state", place.part("STATE/PROVINCE").unwrap_or("")),
            ("postalCode", place.part("POSTAL CODE").unwrap_or("")),
            ("region", place.part("REGION").unwrap_or("")),
            ("country", place.country.as_deref().unwrap_or("")),
        ] {
            address.add_or_report(prop, value, problems);
        }
        party.add_or_report("addressEntity", &id, problems);
        derived.push(address);
    }

    fn wallet(
        &mut self,
        party: &Entity,
        asset: &str,
        address: &str,
        source: &Provenance,
        derived: &mut Vec<Entity>,
    ) {
        if address.is_empty() {
            return;
        }
        let id = wallet_id(asset, address);
        let existing = match self.wallets.get(&id) {
            Some(&i) => self.entities.get_mut(i),
            None => derived.iter_mut().find(|e| e.id == id),
        };
        if let Some(wallet) = existing {
            // One address held by two parties: one wallet with two holders, each value with
            // the provenance of the record that states it.
            let index = match wallet.sources.iter().position(|s| s == source) {
                Some(i) => i,
                None => {
                    wallet.sources.push(source.clone());
                    wallet.sources.len() - 1
                }
            };
            let _ = wallet.add_from("holder", &party.id, index as u32);
            return;
        }
        let Ok(mut wallet) = Entity::new("CryptoWallet", id, source.clone()) else {
            return;
        };
        let mut problems = Vec::new();
        wallet.add_or_report("publicKey", address, &mut problems);
        wallet.add_or_report("currencySymbol", asset, &mut problems);
        wallet.add_or_report("holder", &party.id, &mut problems);
        wallet.add_or_report("topics", "sanction", &mut problems);
        derived.push(wallet);
    }

    /// A vessel's owner or an aircraft's operator given only by name: a LegalEntity of that
    /// name, pointed at by the vehicle's `owner` or `operator`.
    fn named_party(
        &self,
        party: &mut Entity,
        prop: &str,
        name: &str,
        source: &Provenance,
        derived: &mut Vec<Entity>,
        problems: &mut Vec<Problem>,
    ) {
        if party.schema().property(prop).is_none() {
            party.add_or_report("notes", &format!("{prop}: {name}"), problems);
            return;
        }
        let id = make_id("ofac", &[&source.record, prop, &short_hash(name)]);
        let Ok(mut other) = Entity::new("LegalEntity", id.clone(), source.clone()) else {
            return;
        };
        other.add_or_report("name", name, problems);
        party.add_or_report(prop, &id, problems);
        if !derived.iter().any(|e| e.id == id) {
            derived.push(other);
        }
    }

    fn apply_document(
        &self,
        party: &mut Entity,
        doc: &Document,
        source: &Provenance,
        derived: &mut Vec<Entity>,
        problems: &mut Vec<Problem>,
    ) {
        if doc.number.is_empty() {
            problems.push(Problem::warning(
                "invalid_value",
                format!("{} IDRegDocument {} has no number", party.id, doc.id),
            ));
            return;
        }
        let kind = doc.kind.as_str();
        let schema = party.schema().name.clone();
        let passport = kind.contains("Passport");
        let prop = match kind {
            "Vessel Registration Identification" => {
                // "IMO 9187629": the seven digits are the IMO number; other registrations
                // ("RS 150443") are registration numbers.
                let digits = doc.number.trim_start_matches("IMO").trim();
                if digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit()) {
                    if party.schema().property("imoNumber").is_some() {
                        party.add_or_report("imoNumber", digits, problems);
                        return;
                    }
                    "idNumber"
                } else {
                    "registrationNumber"
                }
            }
            "MMSI" => "mmsi",
            "Aircraft Serial Identification" => "serialNumber",
            "SSN" => "socialSecurityNumber",
            "V.A.T. Number" => "vatCode",
            "Global Intermediary Identification Number" => "giiNumber",
            "Russian State Individual Business Registration Number Pattern (OGRNIP)" => "ogrnCode",
            _ if passport => "passportNumber",
            _ if TAX_DOCUMENTS.contains(&kind) => "taxNumber",
            _ if REGISTRATION_DOCUMENTS.contains(&kind) => "registrationNumber",
            _ => "idNumber",
        };
        match [prop, "idNumber", "registrationNumber"]
            .into_iter()
            .find(|p| party.schema().property(p).is_some())
        {
            Some(p) => party.add_or_report(p, &doc.number, problems),
            None => party.add_or_report("notes", &format!("{kind}: {}", doc.number), problems),
        }
        // A person's documents are entities of their own, with issuer and dates.
        if schema != "Person" {
            return;
        }
        let (doc_schema, part) = if passport {
            ("Passport", "passport")
        } else {
            ("Identification", "id")
        };
        // The CSV reader names a passport by its number and the issuing country as OFAC writes
        // it ("Passport 123 (Korea, North)"), so both formats give the same id.
        let hash = short_hash(&format!("{}|{}", doc.number, doc.country_name));
        let id = make_id("ofac", &[&source.record, part, &hash]);
        let Ok(mut entity) = Entity::new(doc_schema, id, source.clone()) else {
            return;
        };
        entity.add_or_report("holder", &party.id, problems);
        entity.add_or_report("number", &doc.number, problems);
        entity.add_or_report("type", kind, problems);
        if let Some(country) = &doc.country {
            entity.add_or_report("country", country, problems);
        }
        for d in &doc.issued {
            entity.add_or_report("startDate", d, problems);
        }
        for d in &doc.expires {
            entity.add_or_report("endDate", d, problems);
        }
        entity.add_or_report("authority", &doc.authority, problems);
        entity.add_or_report("description", &doc.comment, problems);
        if let Some(validity) = doc.validity.as_deref().filter(|v| *v != "Valid") {
            entity.add_or_report("summary", &format!("Validity: {validity}"), problems);
        }
        derived.push(entity);
    }

    // ----- after the last record -----

    fn finish(mut self) -> ReadOutput {
        for tree in std::mem::take(&mut self.relationships) {
            if let Some(node) = tree.root() {
                self.relationship(node);
            }
        }
        let mut listed = HashSet::new();
        let mut ids = HashSet::new();
        for tree in std::mem::take(&mut self.entries) {
            if let Some(p) = tree.root().and_then(|node| self.sanction(node, &mut ids)) {
                listed.insert(p);
            }
        }
        let mut unlisted: Vec<(&String, &usize)> = self
            .parties
            .iter()
            .filter(|(p, _)| !listed.contains(*p))
            .collect();
        unlisted.sort_by_key(|(_, i)| **i);
        let unlisted: Vec<String> = unlisted.into_iter().map(|(p, _)| p.clone()).collect();
        for p in unlisted {
            self.problems.push(
                Problem::warning(
                    "no_listing",
                    format!("DistinctParty {p} has no SanctionsEntry"),
                )
                .with_record(Some(p)),
            );
        }
        let mut orphans: Vec<Document> = std::mem::take(&mut self.documents)
            .into_values()
            .flatten()
            .collect();
        orphans.sort_by_key(|d| d.offset);
        for doc in orphans {
            let p = Problem::warning(
                "missing_reference",
                format!(
                    "IDRegDocument {} ({} {}) belongs to an identity no party has; it is skipped",
                    doc.id, doc.kind, doc.number
                ),
            );
            self.report(p, doc.offset);
        }
        ReadOutput {
            meta: ListMeta {
                dataset: DATASET.to_string(),
                title: TITLE.to_string(),
                publisher: PUBLISHER.to_string(),
                published: self.published,
                format: Format::OfacAdvancedXml,
            },
            entities: self.entities,
            problems: self.problems,
            records: self.records,
        }
    }

    /// Whether a party of schema `party` can stand at a link's end `prop`. An Organization can
    /// be an Ownership's asset: it becomes a Company, the FtM schema for an organisation that
    /// is owned.
    fn fits(link: &str, prop: &str, party: &str) -> bool {
        let range = model()
            .get(link)
            .and_then(|s| s.property(prop))
            .and_then(|p| p.range.clone())
            .unwrap_or_else(|| "Thing".to_string());
        let is_a = model().get(party).is_some_and(|s| s.is_a(&range));
        is_a || (range == "Asset" && party == "Organization")
    }

    fn relationship(&mut self, node: Node<'_, 'a>) {
        let id = node.attr("ID").unwrap_or("");
        let (Some(from), Some(to)) = (node.attr("From-ProfileID"), node.attr("To-ProfileID"))
        else {
            let p = Problem::error(
                "bad_record",
                format!(
                    "ProfileRelationship {id} lacks From-ProfileID or To-ProfileID; it is skipped"
                ),
            );
            self.report(p, node.offset);
            return;
        };
        let record = Some(from.to_string());
        let (Some(&fi), Some(&ti)) = (self.parties.get(from), self.parties.get(to)) else {
            let p = Problem::error(
                "missing_reference",
                format!("ProfileRelationship {id} links {from} and {to}, which are not both parties of the file; it is skipped"),
            )
            .with_record(record);
            self.report(p, node.offset);
            return;
        };
        let relation = self
            .ref_text("RelationType", node.attr("RelationTypeID"))
            .unwrap_or("Linked to")
            .to_string();
        // The FtM link for each relation, from the `From` party's side.
        let (link, from_prop, to_prop) = match relation.as_str() {
            "Owned or Controlled By" => ("Ownership", "asset", "owner"),
            "Owns, controls, or operates" => ("Ownership", "owner", "asset"),
            "Leader or official of" | "Principal Executive Officer" => {
                ("Directorship", "director", "organization")
            }
            "Acting for or on behalf of" => ("Representation", "agent", "client"),
            "Associate Of" => ("Associate", "person", "associate"),
            "Family member of" => ("Family", "person", "relative"),
            _ => ("UnknownLink", "subject", "object"),
        };
        let from_schema = self.entities[fi].schema().name.clone();
        let to_schema = self.entities[ti].schema().name.clone();
        // OFAC writes some links the other way round (a person "owned or controlled by" the
        // company it owns), so a link that does not fit its ends is tried reversed, and one
        // that fits neither way is kept as an UnknownLink.
        let (link, ends) = if Self::fits(link, from_prop, &from_schema)
            && Self::fits(link, to_prop, &to_schema)
        {
            (link, [(from_prop, fi), (to_prop, ti)])
        } else if Self::fits(link, from_prop, &to_schema) && Self::fits(link, to_prop, &from_schema)
        {
            (link, [(from_prop, ti), (to_prop, fi)])
        } else {
            ("UnknownLink", [("subject", fi), ("object", ti)])
        };
        let source = Provenance::new(DATASET, from, self.published.as_deref());
        let Ok(mut entity) = Entity::new(link, make_id("ofac-rel", &[id]), source) else {
            return;
        };
        let mut problems = Vec::new();
        for (prop, index) in ends {
            if prop == "asset" && self.entities[index].schema().name == "Organization" {
                let _ = self.entities[index].set_schema("Company");
            }
            let party_id = self.entities[index].id.clone();
            entity.add_or_report(prop, &party_id, &mut problems);
        }
        let label = if entity.schema().property("role").is_some() {
            "role"
        } else {
            "relationship"
        };
        entity.add_or_report(label, &relation, &mut problems);
        if let Some(quality) = self
            .ref_text("RelationQuality", node.attr("RelationQualityID"))
            .filter(|q| *q != "Unknown")
        {
            entity.add_or_report(
                "description",
                &format!("Relation quality: {quality}"),
                &mut problems,
            );
        }
        if node.attr("Former") == Some("true") {
            entity.add_or_report("description", "Former relationship", &mut problems);
        }
        entity.add_or_report("description", node.child_value("Comment"), &mut problems);
        for p in problems {
            let p = p.with_record(Some(from.to_string()));
            self.report(p, node.offset);
        }
        self.entities.push(entity);
    }

    /// A Sanction for a `SanctionsEntry`; returns the profile it lists.
    fn sanction(&mut self, node: Node<'_, 'a>, ids: &mut HashSet<String>) -> Option<String> {
        let entry = node.attr("ID").unwrap_or("");
        let Some(profile) = node.attr("ProfileID") else {
            let p = Problem::error(
                "bad_record",
                format!("SanctionsEntry {entry} has no ProfileID; it is skipped"),
            );
            self.report(p, node.offset);
            return None;
        };
        let record = Some(profile.to_string());
        if !self.parties.contains_key(profile) {
            let p = Problem::warning(
                "missing_reference",
                format!("SanctionsEntry {entry} lists profile {profile}, which is not a party of the file"),
            )
            .with_record(record.clone());
            self.report(p, node.offset);
        }
        let list = self
            .ref_text("List", node.attr("ListID"))
            .unwrap_or("")
            .to_string();
        // The SDN listing is the party's Sanction; listings on OFAC's other lists, which the
        // same file can carry, are Sanctions of their own named by the entry id.
        let mut id = make_id("ofac", &[profile, "sanction"]);
        if list != "SDN List" || ids.contains(&id) {
            id = make_id("ofac", &[profile, "sanction", entry]);
        }
        let main = id == make_id("ofac", &[profile, "sanction"]);
        ids.insert(id.clone());
        let source = Provenance::new(DATASET, profile, self.published.as_deref());
        let mut sanction = Entity::new("Sanction", id, source).ok()?;
        let mut problems = Vec::new();
        sanction.add_or_report("entity", &make_id("ofac", &[profile]), &mut problems);
        sanction.add_or_report("authority", AUTHORITY, &mut problems);
        sanction.add_or_report("authorityId", profile, &mut problems);
        sanction.add_or_report("recordId", entry, &mut problems);
        if !list.is_empty() {
            sanction.add_or_report("summary", &format!("List: {list}"), &mut problems);
        }
        for event in node.all("EntryEvent") {
            if let Some(date) = event.child("Date") {
                let raw = format!(
                    "{}-{:0>2}-{:0>2}",
                    date.child_value("Year"),
                    date.child_value("Month"),
                    date.child_value("Day")
                );
                sanction.add_or_report("listingDate", &raw, &mut problems);
            }
            if let Some(basis) = event
                .attr("LegalBasisID")
                .and_then(|b| self.reference("LegalBasis", b))
            {
                let text = basis.attr("LegalBasisShortRef").unwrap_or(basis.value());
                if text != "Unknown" {
                    sanction.add_or_report(
                        "summary",
                        &format!("Legal basis: {text}"),
                        &mut problems,
                    );
                }
            }
        }
        for measure in node.all("SanctionsMeasure") {
            match self.ref_text("SanctionsType", measure.attr("SanctionsTypeID")) {
                Some("Program") => {
                    sanction.add_or_report("program", measure.child_value("Comment"), &mut problems)
                }
                Some(kind) => sanction.add_or_report("provisions", kind, &mut problems),
                None => problems.push(Problem::warning(
                    "unknown_value",
                    format!(
                        "SanctionsEntry {entry}: unknown SanctionsTypeID {:?}",
                        measure.attr("SanctionsTypeID").unwrap_or("")
                    ),
                )),
            }
        }
        if main {
            for text in self.provisions.remove(profile).unwrap_or_default() {
                sanction.add_or_report("provisions", &text, &mut problems);
            }
        }
        for p in problems {
            self.report(p.with_record(record.clone()), node.offset);
        }
        self.entities.push(sanction);
        Some(profile.to_string())
    }
}

fn section_of(name: &str) -> Option<Section> {
    Some(match name {
        "Locations" => Section::Locations,
        "IDRegDocuments" => Section::Documents,
        "DistinctParties" => Section::Parties,
        "ProfileRelationships" => Section::Relationships,
        "SanctionsEntries" => Section::Entries,
        "SanctionsEntryLinks" => Section::Other,
        _ => return None,
    })
}

/// (year, month, day) of a `From` or `To` element; month and day may be absent.
type Ymd = (u32, Option<u32>, Option<u32>);

fn ymd_of(node: Option<Node<'_, '_>>) -> Option<Ymd> {
    let node = node?;
    let year = node.child_value("Year").parse().ok()?;
    let month = node.child_value("Month").parse().ok();
    let day = node.child_value("Day").parse().ok();
    Some((year, month, day))
}

fn format_ymd((y, m, d): Ymd) -> String {
    match (m, d) {
        (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    }
}

fn last_day(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The dates a `DatePeriod` stands for, in FtM's prefix form. OFAC writes a whole month or
/// year as a period from its first to its last day, and "circa 1955 to 1957" as a period over
/// the whole years: those give `1997-07`, `1955`, `1956`, `1957`. Any other period gives its
/// first and last day.
fn period_dates(period: Node<'_, '_>) -> Vec<String> {
    let start = period.child("Start");
    let end = period.child("End");
    let from = ymd_of(start.and_then(|s| s.child("From")));
    let to = ymd_of(end.and_then(|e| e.child("To")))
        .or_else(|| ymd_of(start.and_then(|s| s.child("To"))));
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(d), None) | (None, Some(d)) => return vec![format_ymd(d)],
        (None, None) => return Vec::new(),
    };
    if from == to {
        return vec![format_ymd(from)];
    }
    match (from, to) {
        ((fy, Some(1), Some(1)), (ty, Some(12), Some(31))) if ty >= fy && ty - fy <= 10 => {
            (fy..=ty).map(|y| format!("{y:04}")).collect()
        }
        ((fy, Some(fm), Some(1)), (ty, Some(tm), Some(td)))
            if fy == ty && fm == tm && td == last_day(ty, tm) =>
        {
            vec![format!("{fy:04}-{fm:02}")]
        }
        _ => vec![format_ymd(from), format_ymd(to)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let mut tree = Tree::default();
        let mut stack: Vec<usize> = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => {
                    let index = tree.open(xml, &e, 0, stack.last().copied()).unwrap();
                    stack.push(index);
                }
                Ok(Event::Text(t)) => {
                    if let Some(&top) = stack.last() {
                        tree.push_text(top, t.decode().unwrap());
                    }
                }
                Ok(Event::End(_)) => {
                    stack.pop();
                    if stack.is_empty() {
                        return period_dates(tree.root().unwrap());
                    }
                }
                Ok(Event::Eof) => panic!("unbalanced test XML"),
                Ok(_) => {}
                Err(e) => panic!("{e}"),
            }
        }
    }

    fn span(from: (u32, u32, u32), to: (u32, u32, u32)) -> String {
        let d = |(y, m, dd): (u32, u32, u32)| {
            format!("<Year>{y}</Year><Month>{m}</Month><Day>{dd}</Day>")
        };
        format!(
            "<DatePeriod><Start><From>{}</From><To>{}</To></Start><End><From>{}</From><To>{}</To></End></DatePeriod>",
            d(from),
            d(from),
            d(to),
            d(to)
        )
    }

    #[test]
    fn periods_become_the_dates_they_stand_for() {
        assert_eq!(period(&span((1965, 4, 25), (1965, 4, 25))), ["1965-04-25"]);
        assert_eq!(period(&span((1951, 1, 1), (1951, 12, 31))), ["1951"]);
        assert_eq!(
            period(&span((1955, 1, 1), (1957, 12, 31))),
            ["1955", "1956", "1957"]
        );
        assert_eq!(period(&span((1997, 7, 1), (1997, 7, 31))), ["1997-07"]);
        assert_eq!(period(&span((2000, 2, 1), (2000, 2, 29))), ["2000-02"]);
        assert_eq!(
            period(&span((1990, 3, 5), (1990, 9, 1))),
            ["1990-03-05", "1990-09-01"]
        );
        assert_eq!(
            period("<DatePeriod><Start><From><Year>2019</Year><Month>9</Month><Day>19</Day></From></Start></DatePeriod>"),
            ["2019-09-19"]
        );
        assert!(period("<DatePeriod></DatePeriod>").is_empty());
    }

    #[test]
    fn references_resolve_to_their_characters() {
        assert_eq!(resolve_reference("amp"), "&");
        assert_eq!(resolve_reference("#x48"), "H");
        assert_eq!(resolve_reference("#44608"), "김");
        assert_eq!(resolve_reference("nbsp"), "&nbsp;");
    }

    #[test]
    fn wallet_ids_follow_the_shared_convention() {
        let id = wallet_id("ETH", "0x97b1043abd9e6fc31681635166d430a458d14f9c");
        assert_eq!(
            id,
            make_id(
                "ofac-wallet",
                &[&short_hash(
                    "ETH:0x97b1043abd9e6fc31681635166d430a458d14f9c"
                )]
            )
        );
        assert!(id.starts_with("ofac-wallet-") && id.len() == "ofac-wallet-".len() + 12);
    }
}
