//! OpenSanctions' transcription of the EU Official Journal sanctions annexes (CSV).
//!
//! OpenSanctions transcribes the annexes of the EU's sanctions regulations from EUR-Lex into one
//! CSV per framework act (`datasets/eu/journal_sanctions/data/`, format described in its
//! `FORMAT.md`): comma-separated, UTF-8, a fixed header (`celex,recordId,programKey,annex,
//! measure,startDate,reason,schema,name,alias,…,notes`), one row per designated party in one
//! legal context. Cells keep the printed wording; every entity column but `name` may hold
//! several values separated by `;`, a value containing `;` being quoted inside the cell.
//!
//! Each row gives one party, one Sanction, and Address and Passport entities for its addresses
//! and passport numbers. A party listed in two annexes (a ship under both an asset freeze and
//! transport restrictions) gives two parties: joining them is the matcher's job, not the
//! reader's.
//!
//! Choices that go beyond the transcription, each because a screener needs it:
//! - `LegalEntity` rows become Organization: every such row in the annexes is an organisation
//!   (company, bank, ministry, army unit), and the FSF reader reads the same parties as
//!   Organization, so both EU sources give one schema for one party;
//! - a name printed with its original script (`KIM Kwang Yon 김광연`) is split into the Latin
//!   `name` and the original as an `alias`; trailing parenthesised names of organisations and
//!   ships (`Chol Ryong (Ryong Gun Bong)`, `… (GBAE)`) become aliases of the name before them;
//! - aliases are split on `;`; a `,` splits them only when every piece is a name of two or more
//!   words (`Jang Pom Su, Jang Hyon U`), never inside a surname-first name (`Ri, Chae-Il`,
//!   `Chang, Myong Ho`); `f.k.a.:` marks a previous name;
//! - date cells (`19.2.1968; 1965 or 1966`, `a) 1964 b) 28.8.1962`, `1967-1969.`) give every
//!   date they name;
//! - IMO numbers must be seven digits (a warning otherwise, e.g. "Does not exist"); a number
//!   failing the ship check digit is kept with a warning.

use std::collections::{HashMap, HashSet};

use ce2_model::{ids, Entity, Problem, Provenance};

use crate::eu_fsf::{extract_emails, imo_check_digit_ok, imo_digits, Sink, AUTHORITY};
use crate::{text, Format, InputFile, ListMeta, ReadError, ReadOutput};

/// The dataset name.
pub const DATASET: &str = "eu_journal";
/// Who publishes the annexes transcribed.
pub const PUBLISHER: &str = "Council of the European Union (Official Journal)";

const TITLE: &str = "EU sanctions annexes from the Official Journal (OpenSanctions transcription)";
const ID_PREFIX: &str = "eu-journal";

/// The columns of a consolidated file after `celex`, in order. Amendment files start with
/// `amendedCelex,amendmentCelex` instead of `celex`.
const COLUMNS: [&str; 44] = [
    "recordId",
    "programKey",
    "annex",
    "measure",
    "startDate",
    "reason",
    "schema",
    "name",
    "alias",
    "weakAlias",
    "previousName",
    "country",
    "nationality",
    "jurisdiction",
    "birthDate",
    "birthPlace",
    "position",
    "passportNumber",
    "gender",
    "appearance",
    "ethnicity",
    "fatherName",
    "motherName",
    "incorporationDate",
    "legalForm",
    "sector",
    "registrationNumber",
    "taxNumber",
    "idNumber",
    "innCode",
    "ogrnCode",
    "kppCode",
    "okpoCode",
    "leiCode",
    "swiftBic",
    "ticker",
    "imoNumber",
    "mmsi",
    "flag",
    "address",
    "phone",
    "email",
    "website",
    "notes",
];

/// Columns copied to the party property of the same name, value by value.
const PLAIN_COLUMNS: [&str; 19] = [
    "birthPlace",
    "position",
    "appearance",
    "ethnicity",
    "fatherName",
    "motherName",
    "legalForm",
    "sector",
    "registrationNumber",
    "taxNumber",
    "idNumber",
    "innCode",
    "ogrnCode",
    "kppCode",
    "okpoCode",
    "leiCode",
    "swiftBic",
    "ticker",
    "mmsi",
];

/// Read one transcription CSV (a consolidated file, or an amendment file whose header starts
/// `amendedCelex,amendmentCelex`).
///
/// A file of another kind is [`ReadError::WrongFormat`]; a row whose field count differs from
/// the header's is [`ReadError::Malformed`] naming the line and the row's annex and record id.
pub fn read(file: &InputFile) -> Result<ReadOutput, ReadError> {
    text::require_content(file)?;
    let body = text::utf8(file)?;
    let first = body.trim_start().split(['\n', '\r']).next().unwrap_or("");
    if !(first.starts_with("celex,") || first.starts_with("amendedCelex,")) {
        return Err(ReadError::wrong_format(file, Format::EuJournalCsv));
    }
    let bom = (file.data.len() - body.len()) as u64;
    let malformed = |line: u64, offset: u64, record: Option<String>, message: String| {
        ReadError::malformed(file, line, offset + bom, record, message)
    };
    let csv_error = |e: csv::Error| ReadError::broken_csv(file, bom, &e);

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut rows = reader.records();
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(csv_error(e)),
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
    for required in ["schema", "name"] {
        if !columns.contains_key(required) {
            return Err(malformed(
                1,
                0,
                None,
                format!("the header has no {required} column"),
            ));
        }
    }
    let mut problems = Vec::new();
    let known: HashSet<&str> = COLUMNS
        .iter()
        .copied()
        .chain(["celex", "amendedCelex", "amendmentCelex"])
        .collect();
    for h in header.iter() {
        if !known.contains(h.trim()) {
            problems.push(
                Problem::warning(
                    "unknown_column",
                    format!("column {h:?} is not part of the format and is not read"),
                )
                .at_line(1),
            );
        }
    }

    let mut entities = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    // Every row's content, with its line, to report exact repeats.
    let mut seen_rows: HashMap<String, u64> = HashMap::new();
    let mut records = 0usize;
    for row in rows {
        let row = row.map_err(csv_error)?;
        let (line, offset) = row.position().map_or((0, 0), |p| (p.line(), p.byte()));
        let col = |name: &str| -> &str {
            columns
                .get(name)
                .and_then(|i| row.get(*i))
                .map(str::trim)
                .unwrap_or("")
        };
        if row.len() != header.len() {
            let record = format!("{}/{}", col("annex"), col("recordId"));
            return Err(malformed(
                line,
                offset,
                Some(record),
                format!(
                    "the row has {} fields where the header has {}",
                    row.len(),
                    header.len()
                ),
            ));
        }
        records += 1;
        let content = row.iter().collect::<Vec<_>>().join("\u{1f}");
        if let Some(first) = seen_rows.get(&content) {
            problems.push(
                Problem::warning(
                    "duplicate_record",
                    format!("the row repeats line {first} exactly; it is read again"),
                )
                .with_record(Some(format!("{}/{}", col("annex"), col("recordId"))))
                .at_line(line),
            );
        } else {
            seen_rows.insert(content, line);
        }
        entities.extend(map_row(&col, line, &mut used_ids, &mut problems));
    }

    Ok(ReadOutput {
        meta: ListMeta {
            dataset: DATASET.to_string(),
            title: TITLE.to_string(),
            publisher: PUBLISHER.to_string(),
            // The transcription states no date; the consolidated version it follows is named
            // only in OpenSanctions' dataset metadata.
            published: None,
            format: Format::EuJournalCsv,
        },
        entities,
        problems,
        records,
    })
}

/// Map one row: the party, its Sanction, then its Address and Passport entities.
fn map_row<'r>(
    col: &impl Fn(&str) -> &'r str,
    line: u64,
    used_ids: &mut HashSet<String>,
    problems: &mut Vec<Problem>,
) -> Vec<Entity> {
    let celex = match col("celex") {
        "" => col("amendedCelex"),
        c => c,
    };
    let annex = col("annex");
    let record_id = col("recordId");
    let imo = imo_digits(col("imoNumber"));

    // The record as a person finds it in the annex, and a stable id for the party.
    let (record, key): (String, Vec<String>) = if !record_id.is_empty() {
        (format!("{annex}/{record_id}"), vec![record_id.to_string()])
    } else if let Some(imo) = &imo {
        (
            format!("{annex}/IMO {imo}"),
            vec!["imo".into(), imo.clone()],
        )
    } else {
        let h = ids::short_hash(&format!("{}|{}", col("schema"), col("name")));
        (format!("{annex}/line {line}"), vec![h])
    };
    let mut sink = Sink::new(problems, &record, line);
    let mut parts: Vec<&str> = vec![celex, annex];
    parts.extend(key.iter().map(String::as_str));
    let mut id = ids::make_id(ID_PREFIX, &parts);
    if used_ids.contains(&id) {
        // The same annex entry in another legal context (another measure or schema).
        let context = format!("{}|{}|{}", col("measure"), col("schema"), col("name"));
        let alt = ids::make_id(&id, &[&ids::short_hash(&context)]);
        // A third row with the same context is an exact repeat (reported by the caller):
        // the line keeps its id apart.
        id = if used_ids.contains(&alt) {
            ids::make_id(&alt, &[&line.to_string()])
        } else {
            alt
        };
    }
    used_ids.insert(id.clone());

    let source = Provenance::new(DATASET, &record, None);
    let raw_schema = col("schema");
    let schema = match raw_schema {
        "Person" => "Person",
        "LegalEntity" | "Organization" => "Organization",
        "Company" => "Company",
        "Vessel" => "Vessel",
        "Airplane" => "Airplane",
        "Asset" => "Asset",
        other => {
            sink.warn(
                "unknown_schema",
                format!(
                    "{id}: schema {other:?} is not one the format allows; read as a legal entity"
                ),
            );
            "LegalEntity"
        }
    };
    let mut party = match Entity::new(schema, id.clone(), source.clone()) {
        Ok(e) => e,
        Err(e) => {
            sink.push(Problem::error("bad_record", format!("{id}: {e}")));
            return Vec::new();
        }
    };
    let is_person = schema == "Person";
    sink.add(&mut party, "topics", "sanction");

    // Names.
    let printed = col("name");
    let (name, name_aliases) = split_printed_name(printed, is_person);
    if name.is_empty() {
        sink.push(Problem::error(
            "missing_name",
            format!("{id}: the row has no name"),
        ));
    }
    sink.add(&mut party, "name", &name);
    for a in name_aliases {
        sink.add(&mut party, "alias", &a);
    }
    for (column, prop) in [
        ("alias", "alias"),
        ("weakAlias", "weakAlias"),
        ("previousName", "previousName"),
    ] {
        for (p, v) in alias_values(col(column), prop) {
            sink.add(&mut party, p, &v);
        }
    }

    // Countries, each to the most specific property the schema has.
    for (column, prop) in [
        ("country", "country"),
        ("nationality", "nationality"),
        ("jurisdiction", "jurisdiction"),
        ("flag", "flag"),
    ] {
        let prop = if party.schema().property(prop).is_some() {
            prop
        } else {
            "country"
        };
        for v in split_cell(col(column)) {
            sink.add(&mut party, prop, trim_stop(&v));
        }
    }

    // Dates.
    for (column, prop) in [
        ("birthDate", "birthDate"),
        ("incorporationDate", "incorporationDate"),
    ] {
        for cell in split_cell(col(column)) {
            for d in split_dates(&cell) {
                sink.add(&mut party, prop, &d);
            }
        }
    }

    for v in split_cell(col("gender")) {
        sink.add(&mut party, "gender", trim_stop(&v));
    }
    for column in PLAIN_COLUMNS {
        for v in split_cell(col(column)) {
            sink.add(&mut party, column, &v);
        }
    }
    for v in split_loose(col("phone")) {
        for phone in v.split(" and ") {
            let phone = trim_stop(phone);
            sink.add(
                &mut party,
                "phone",
                phone.strip_prefix("and ").unwrap_or(phone),
            );
        }
    }
    for v in split_loose(col("email")) {
        let emails = extract_emails(&v);
        if emails.is_empty() {
            sink.add(&mut party, "email", &v);
        }
        for e in emails {
            sink.add(&mut party, "email", &e);
        }
    }
    for v in split_cell(col("website")) {
        sink.add(&mut party, "website", &v);
    }
    for v in split_cell(col("notes")) {
        sink.add(&mut party, "notes", &v);
    }

    // IMO number.
    let raw_imo = col("imoNumber");
    match &imo {
        Some(d) => {
            if !imo_check_digit_ok(d) && schema == "Vessel" {
                sink.warn(
                    "imo_check_digit",
                    format!("{id}: IMO number {d} fails the ship check digit; kept as printed"),
                );
            }
            sink.add(&mut party, "imoNumber", d);
        }
        None if !raw_imo.is_empty() => sink.warn(
            "invalid_value",
            format!("{id}: imoNumber {raw_imo:?} is not a seven-digit IMO number"),
        ),
        None => {}
    }

    let mut derived = Vec::new();

    // Passports.
    for cell in split_loose(col("passportNumber")) {
        for (number, note) in split_passports(&cell) {
            if !number.chars().any(|c| c.is_ascii_digit()) {
                sink.warn(
                    "invalid_value",
                    format!("{id}: passport number {cell:?} has no digits"),
                );
                continue;
            }
            sink.add(&mut party, "passportNumber", &number);
            let pid = ids::make_id(&id, &["passport", &ids::short_hash(&number)]);
            match Entity::new("Passport", pid.clone(), source.clone()) {
                Ok(mut p) => {
                    sink.add(&mut p, "holder", &id);
                    sink.add(&mut p, "number", &number);
                    sink.add(&mut p, "summary", &note);
                    derived.push(p);
                }
                Err(e) => sink.push(Problem::error("bad_record", format!("{pid}: {e}"))),
            }
        }
    }

    // Addresses.
    for full in split_addresses(col("address")) {
        let aid = ids::make_id(&id, &["addr", &ids::short_hash(&full)]);
        match Entity::new("Address", aid.clone(), source.clone()) {
            Ok(mut a) => {
                sink.add(&mut a, "full", &full);
                if let Some(country) = address_country(&full) {
                    sink.add(&mut a, "country", country);
                }
                sink.add(&mut party, "addressEntity", &aid);
                derived.push(a);
            }
            Err(e) => sink.push(Problem::error("bad_record", format!("{aid}: {e}"))),
        }
    }

    // The listing.
    let mut out = Vec::with_capacity(2 + derived.len());
    let sid = format!("{id}-sanction");
    match Entity::new("Sanction", sid.clone(), source) {
        Ok(mut s) => {
            sink.add(&mut s, "entity", &id);
            sink.add(&mut s, "authority", AUTHORITY);
            sink.add(&mut s, "authorityId", record_id);
            sink.add(&mut s, "program", col("programKey"));
            sink.add(&mut s, "programId", col("programKey"));
            sink.add(&mut s, "provisions", col("measure"));
            if !annex.is_empty() {
                sink.add(&mut s, "provisions", &format!("Annex {annex}"));
            }
            sink.add(&mut s, "reason", col("reason"));
            sink.add(&mut s, "listingDate", col("startDate"));
            if !celex.is_empty() {
                sink.add(
                    &mut s,
                    "sourceUrl",
                    &format!("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"),
                );
            }
            if !col("amendmentCelex").is_empty() {
                sink.add(
                    &mut s,
                    "sourceUrl",
                    &format!(
                        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{}",
                        col("amendmentCelex")
                    ),
                );
            }
            out.push(party);
            out.push(s);
        }
        Err(e) => {
            sink.push(Problem::error("bad_record", format!("{sid}: {e}")));
            out.push(party);
        }
    }
    out.extend(derived);
    out
}

/// The values of a multi-valued cell: separated by `;`, a value containing `;` or `"` being
/// quoted with its quotes doubled (`"Foo; Bar"; Baz` is two values). Values are trimmed; empty
/// ones are dropped. An unclosed quote runs to the end of the cell.
fn split_cell(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = cell.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        value.push('"');
                    } else {
                        break;
                    }
                } else {
                    value.push(c);
                }
            }
            // Anything between the closing quote and the separator belongs to the value.
            for c in chars.by_ref() {
                if c == ';' {
                    break;
                }
                value.push(c);
            }
        } else {
            for c in chars.by_ref() {
                if c == ';' {
                    break;
                }
                value.push(c);
            }
        }
        let v = value.trim();
        if !v.is_empty() {
            out.push(v.to_string());
        }
        if chars.peek().is_none() {
            break;
        }
    }
    out
}

/// The values of a cell of identifiers, addresses or phone numbers, split on every `;` outside
/// parentheses, quotes removed. The transcription quotes some of these cells as one value
/// although they list several (`"563210059 (expired 2018); 654410104 (expired 2019)"`), while
/// a `;` inside parentheses belongs to a note (`108120258 (issued …; expiration date …)`).
fn split_loose(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut value = String::new();
    for c in cell.chars().chain(std::iter::once(';')) {
        match c {
            '"' => continue,
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            ';' if depth == 0 => {
                let v = value.trim();
                if !v.is_empty() {
                    out.push(v.to_string());
                }
                value.clear();
                continue;
            }
            _ => {}
        }
        value.push(c);
    }
    out
}

/// A value without trailing full stops and spaces (`DPRK.` and `male.` in the annexes).
fn trim_stop(v: &str) -> &str {
    v.trim().trim_end_matches('.').trim_end()
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// Whether a word is written in a script other than Latin (Hangul, Han, Cyrillic…).
fn is_other_script(word: &str) -> bool {
    word.chars()
        .any(|c| c.is_alphabetic() && !is_latin_letter(c))
        && !word.chars().any(is_latin_letter)
}

/// Split a printed name into the name and the aliases printed with it: an original-script
/// form after or before the Latin one, a labelled `(Aliases: A, B)`, and, for organisations
/// and ships, trailing parenthesised names.
fn split_printed_name(printed: &str, person: bool) -> (String, Vec<String>) {
    let mut name = printed.trim().to_string();
    // Groups are found from the end; each keeps its own order.
    let mut groups: Vec<Vec<String>> = Vec::new();

    // Trailing parenthesised groups: labelled alias lists always; unlabelled names only for
    // organisations and ships, whose printed names put former or other names there.
    while name.ends_with(')') {
        let Some(open) = matching_open(&name) else {
            break;
        };
        let inner = name[open + 1..name.len() - 1].trim().to_string();
        let lower = inner.to_lowercase();
        let label = ["aliases:", "alias:", "a.k.a.:", "a.k.a.", "aka:", "aka "]
            .iter()
            .find(|l| lower.starts_with(*l));
        let head = name[..open].trim();
        if head.is_empty() {
            break;
        }
        if let Some(l) = label {
            let list = inner[l.len()..].trim();
            groups.push(
                list.split([',', ';'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
        } else if !person {
            groups.push(vec![inner]);
        } else {
            break;
        }
        name = head.to_string();
    }
    let mut aliases: Vec<String> = groups.into_iter().rev().flatten().collect();

    // An original-script form printed beside the Latin one.
    let words: Vec<&str> = name.split_whitespace().collect();
    let other: Vec<bool> = words.iter().map(|w| is_other_script(w)).collect();
    let n_other = other.iter().filter(|o| **o).count();
    if n_other > 0 && n_other < words.len() {
        let contiguous_tail = other.iter().skip_while(|o| !**o).all(|o| *o);
        let contiguous_head = other.iter().skip_while(|o| **o).all(|o| !*o);
        if contiguous_tail || contiguous_head {
            let latin: Vec<&str> = words
                .iter()
                .zip(&other)
                .filter(|(_, o)| !**o)
                .map(|(w, _)| *w)
                .collect();
            let original: Vec<&str> = words
                .iter()
                .zip(&other)
                .filter(|(_, o)| **o)
                .map(|(w, _)| *w)
                .collect();
            aliases.insert(0, original.join(" "));
            name = latin.join(" ");
        }
    }
    (name, aliases)
}

/// The byte index of the `(` that opens the `)` ending `s`.
fn matching_open(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The names of an alias cell, each with the property it belongs to: `prop` unless a printed
/// label says otherwise (`f.k.a.:` → previousName, `low quality a.k.a.` → weakAlias).
fn alias_values(cell: &str, prop: &'static str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for value in split_cell(cell) {
        let mut v = value.trim();
        if let Some(rest) = v.strip_prefix("and ") {
            // The last item of a prose list ("…; Unsan; and Millim Technology Company").
            v = rest.trim();
        }
        let lower = v.to_lowercase();
        let mut target = prop;
        for (label, to) in [
            ("low quality a.k.a.:", "weakAlias"),
            ("low quality a.k.a.", "weakAlias"),
            ("good quality a.k.a.:", "alias"),
            ("good quality a.k.a.", "alias"),
            ("f.k.a.:", "previousName"),
            ("f.k.a.", "previousName"),
            ("formerly known as", "previousName"),
            ("formerly", "previousName"),
            ("a.k.a.:", "alias"),
            ("a.k.a.", "alias"),
        ] {
            if lower.starts_with(label) {
                v = v[label.len()..].trim();
                target = to;
                break;
            }
        }
        let v = strip_enclosing(v);
        for piece in split_name_list(v) {
            out.push((target, piece));
        }
    }
    out
}

/// A value without the quotes or parentheses that enclose all of it (`‘KOMID’`, `(金铁三)`).
fn strip_enclosing(v: &str) -> &str {
    let pairs = [('‘', '’'), ('“', '”'), ('"', '"'), ('\'', '\''), ('(', ')')];
    let mut v = v.trim();
    loop {
        let mut changed = false;
        for (open, close) in pairs {
            if let Some(inner) = v.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
                // Only when the pair encloses everything, not "(a) … (b)".
                if !inner.contains(open) && !inner.contains(close) {
                    v = inner.trim();
                    changed = true;
                }
            }
        }
        if !changed {
            return v;
        }
    }
}

/// Split a value on `,` only when every piece is a name of two or more words: `Jang Pom Su,
/// Jang Hyon U` is two names; `Ri, Chae-Il` and `Chang, Myong Ho` (surname, given name) and
/// `Foo Trading Co., Ltd` stay whole.
fn split_name_list(v: &str) -> Vec<String> {
    let pieces: Vec<&str> = v.split(',').map(str::trim).collect();
    if pieces.len() > 1 && pieces.iter().all(|p| p.split_whitespace().count() >= 2) {
        pieces.into_iter().map(str::to_string).collect()
    } else if v.is_empty() {
        Vec::new()
    } else {
        vec![v.to_string()]
    }
}

/// Split a printed enumeration `a) … b) … c) …` into its items; anything else is one item.
fn split_enumeration(v: &str) -> Vec<String> {
    let v = v.trim();
    if !v.starts_with("a)") {
        return vec![v.to_string()];
    }
    let mut items = Vec::new();
    let mut rest = &v[2..];
    for letter in 'b'..='z' {
        let marker = format!(" {letter})");
        match rest.find(&marker) {
            Some(pos) => {
                items.push(rest[..pos].to_string());
                rest = &rest[pos + marker.len()..];
            }
            None => break,
        }
    }
    items.push(rest.to_string());
    items
        .into_iter()
        .map(|s| s.trim().trim_end_matches([',', ';']).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The dates a date value names, ready for cleaning: enumerations (`a) 1964 b) 28.8.1962`)
/// and alternatives (`1965 or 1966`, `15.4.1957, 22.2.1958`, `7.8.1965 / 20.2.1972`) are
/// split, and a year range (`1967-1969`) gives each year of it.
fn split_dates(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in split_enumeration(value) {
        for part in item
            .split(',')
            .flat_map(|p| p.split(" or "))
            .flat_map(|p| p.split(" / "))
        {
            let p = trim_stop(part);
            if p.is_empty() {
                continue;
            }
            if let Some((a, b)) = p.split_once('-') {
                let (a, b) = (a.trim(), b.trim());
                let year = |s: &str| {
                    (s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit()))
                        .then(|| s.parse::<u32>().ok())
                        .flatten()
                };
                if let (Some(from), Some(to)) = (year(a), year(b)) {
                    if from <= to && to - from <= 10 {
                        out.extend((from..=to).map(|y| y.to_string()));
                        continue;
                    }
                }
            }
            out.push(p.to_string());
        }
    }
    out
}

/// The passports of one passport value, as (number, note): `PS 472330208 (expires 4.7.2017)`
/// gives the number `PS 472330208` and the note `expires 4.7.2017`; `563410081 / 472410022`
/// gives two numbers. The number ends at the first `(` or `,` or lower-case word.
fn split_passports(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in value.split(" / ") {
        let item = item.trim();
        let mut cut = item.len();
        if let Some(p) = item.find(['(', ',']) {
            cut = p;
        }
        let mut pos = 0;
        for word in item.split(' ') {
            if pos >= cut {
                break;
            }
            if word.chars().next().is_some_and(|c| c.is_lowercase()) {
                cut = cut.min(pos);
                break;
            }
            pos += word.len() + 1;
        }
        let number = trim_stop(&item[..cut]).trim_end_matches(['-', ',']).trim();
        let note = item[cut..].trim().trim_start_matches(',').trim();
        let note = strip_enclosing(trim_stop(note));
        if !number.is_empty() {
            out.push((number.to_string(), note.to_string()));
        }
    }
    out
}

/// The addresses of an address cell. The transcription sometimes splits one address at a `;`
/// printed inside it (`LM-873, RM B, 14/F,; Wah Hen Commercial Centre, …`): a piece ending with
/// `,` or followed by one starting in lower case is joined with the next. Printed
/// enumerations (`a) …, b) …`) are split into their items.
fn split_addresses(cell: &str) -> Vec<String> {
    let mut joined: Vec<String> = Vec::new();
    let mut glue = false;
    for piece in split_loose(cell) {
        let piece = strip_label(&piece, "alternate address:").to_string();
        let starts_lower = piece.chars().next().is_some_and(char::is_lowercase);
        match joined.last_mut() {
            Some(last) if glue || starts_lower => {
                last.push(' ');
                last.push_str(&piece);
            }
            _ => joined.push(piece.clone()),
        }
        glue = piece.ends_with(',');
    }
    joined
        .iter()
        .flat_map(|a| split_enumeration(a))
        .map(|a| a.trim().trim_end_matches([',', '.']).trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// A value without a leading label (compared ignoring case).
fn strip_label<'v>(value: &'v str, label: &str) -> &'v str {
    match value.get(..label.len()) {
        Some(head) if head.eq_ignore_ascii_case(label) => value[label.len()..].trim(),
        _ => value,
    }
}

/// The country an address ends with (`…, Pyongyang, DPRK`), if the country table knows it. The
/// last two parts are tried first, so that `…, Hong Kong, China` is Hong Kong, not China.
fn address_country(full: &str) -> Option<&'static str> {
    let parts: Vec<&str> = full.split(',').map(str::trim).collect();
    let n = parts.len();
    if n >= 2 {
        let two = format!("{}, {}", parts[n - 2], trim_stop(parts[n - 1]));
        if let Some(code) = ce2_model::countries::country_code(&two) {
            return Some(code);
        }
    }
    ce2_model::countries::country_code(trim_stop(parts.last()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_split_on_semicolons_outside_quotes() {
        assert_eq!(split_cell("Foo; Bar"), ["Foo", "Bar"]);
        assert_eq!(split_cell(r#""Foo; Bar"; Baz"#), ["Foo; Bar", "Baz"]);
        assert_eq!(split_cell(r#""say ""hi""; x""#), [r#"say "hi"; x"#]);
        assert_eq!(split_cell(" ; "), Vec::<String>::new());
        assert_eq!(split_cell(r#""unclosed; quote"#), ["unclosed; quote"]);
    }

    #[test]
    fn commas_split_aliases_only_between_whole_names() {
        let names = |cell: &str| -> Vec<String> {
            alias_values(cell, "alias")
                .into_iter()
                .map(|(_, v)| v)
                .collect()
        };
        assert_eq!(
            names("Jang Pom Su, Jang Hyon U"),
            ["Jang Pom Su", "Jang Hyon U"]
        );
        assert_eq!(names("Ri, Chae-Il"), ["Ri, Chae-Il"]);
        assert_eq!(
            names("Ra Kyung-Su; Chang, Myong Ho"),
            ["Ra Kyung-Su", "Chang, Myong Ho"]
        );
        assert_eq!(
            names("김영남; KIM Yong-Nam, KIM Young-Nam"),
            ["김영남", "KIM Yong-Nam", "KIM Young-Nam"]
        );
        assert_eq!(
            names("‘KOMID’; (金铁三); and Millim Technology Company"),
            ["KOMID", "金铁三", "Millim Technology Company"]
        );
        assert_eq!(
            alias_values(
                "f.k.a.: National Aerospace Development Administration",
                "alias"
            ),
            [(
                "previousName",
                "National Aerospace Development Administration".to_string()
            )]
        );
    }

    #[test]
    fn printed_names_give_name_and_aliases() {
        assert_eq!(
            split_printed_name("KIM Kwang Yon 김광연", true),
            ("KIM Kwang Yon".to_string(), vec!["김광연".to_string()])
        );
        assert_eq!(
            split_printed_name("Chong Bong (Greenlight) (Blue Nouvelle)", false),
            (
                "Chong Bong".to_string(),
                vec!["Greenlight".to_string(), "Blue Nouvelle".to_string()]
            )
        );
        assert_eq!(
            split_printed_name(
                "Korea General Corporation for External Construction (Aliases: KOGEN, GENCO)",
                false
            ),
            (
                "Korea General Corporation for External Construction".to_string(),
                vec!["KOGEN".to_string(), "GENCO".to_string()]
            )
        );
        assert_eq!(
            split_printed_name("Leader (Hong Kong) International", false),
            ("Leader (Hong Kong) International".to_string(), vec![])
        );
        assert_eq!(
            split_printed_name("Oleg Nikolaevich KOZHEMYAKO", true),
            ("Oleg Nikolaevich KOZHEMYAKO".to_string(), vec![])
        );
    }

    #[test]
    fn date_values_give_every_date() {
        assert_eq!(split_dates("a) 1964 b) 28.8.1962"), ["1964", "28.8.1962"]);
        assert_eq!(split_dates("1965 or 1966"), ["1965", "1966"]);
        assert_eq!(
            split_dates("15.4.1957, 22.2.1958"),
            ["15.4.1957", "22.2.1958"]
        );
        assert_eq!(
            split_dates("7.8.1965 / 20.2.1972"),
            ["7.8.1965", "20.2.1972"]
        );
        assert_eq!(split_dates("1967-1969."), ["1967", "1968", "1969"]);
        assert_eq!(split_dates("1954 or 1955."), ["1954", "1955"]);
        assert_eq!(split_dates("22.1.2013"), ["22.1.2013"]);
    }

    #[test]
    fn passport_values_give_number_and_note() {
        let p = |v: &str| split_passports(v);
        assert_eq!(
            p("PS 472330208 (expires 4.7.2017)"),
            [("PS 472330208".to_string(), "expires 4.7.2017".to_string())]
        );
        assert_eq!(
            p("381120660 expires 25.3.2016."),
            [("381120660".to_string(), "expires 25.3.2016".to_string())]
        );
        assert_eq!(
            p("745420176, expires on 19.10.2020"),
            [("745420176".to_string(), "expires on 19.10.2020".to_string())]
        );
        assert_eq!(
            p("563410081 / 472410022"),
            [
                ("563410081".to_string(), String::new()),
                ("472410022".to_string(), String::new())
            ]
        );
        assert_eq!(
            p("D0004492 (Cambodian diplomatic passport, currently invalid)"),
            [(
                "D0004492".to_string(),
                "Cambodian diplomatic passport, currently invalid".to_string()
            )]
        );
        assert_eq!(p("836210029."), [("836210029".to_string(), String::new())]);
        assert_eq!(
            p("836420186, issued 28.10.2016 (expires 28.10.2021)"),
            [(
                "836420186".to_string(),
                "issued 28.10.2016 (expires 28.10.2021)".to_string()
            )]
        );
    }

    #[test]
    fn addresses_split_where_the_transcription_did_not_mean_to() {
        assert_eq!(
            split_addresses("LM-873, RM B, 14/F,; Wah Hen Commercial Centre, Hong Kong, China."),
            ["LM-873, RM B, 14/F, Wah Hen Commercial Centre, Hong Kong, China"]
        );
        assert_eq!(
            split_addresses(
                "a) Chilgol, Pyongyang, DPRK, b) Mangyongdae District, Pyongyang, DPRK"
            ),
            [
                "Chilgol, Pyongyang, DPRK",
                "Mangyongdae District, Pyongyang, DPRK"
            ]
        );
        assert_eq!(
            split_addresses("Pyongyang, DPRK; Sanaee St., Kish Island, Iran."),
            ["Pyongyang, DPRK", "Sanaee St., Kish Island, Iran"]
        );
        assert_eq!(
            address_country("Central District, Pyongyang, DPRK."),
            Some("kp")
        );
    }
}
