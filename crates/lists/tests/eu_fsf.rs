//! Tests of the EU Financial Sanctions Files readers (XML and CSV exports).
//!
//! No real FSF file is in the shared data, so the tests read hand-written fixtures in the
//! export's structure (`fixtures/eu/fsf_prk.xml` and the same content as `fsf_prk.csv`), and a
//! larger file generated from the fixture for timing.

mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use ce2_lists::{eu_fsf, Entity, Format, InputFile, ReadError, ReadOutput, Severity};

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(common::fixture(name)).expect("fixture is readable")
}

fn read_xml_fixture() -> ReadOutput {
    let data = fixture_bytes("eu/fsf_prk.xml");
    eu_fsf::read_xml(&InputFile::new("fsf_prk.xml", &data)).expect("the XML fixture reads")
}

fn read_csv_fixture() -> ReadOutput {
    let data = fixture_bytes("eu/fsf_prk.csv");
    eu_fsf::read_csv(&InputFile::new("fsf_prk.csv", &data)).expect("the CSV fixture reads")
}

fn entity<'a>(out: &'a ReadOutput, id: &str) -> &'a Entity {
    out.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

fn schema_counts(out: &ReadOutput) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for e in &out.entities {
        *counts.entry(e.schema().name.clone()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn xml_fixture_gives_every_record_and_its_derived_entities() {
    let out = read_xml_fixture();
    assert_eq!(out.records, 6);
    assert_eq!(out.meta.dataset, "eu_fsf");
    assert_eq!(
        out.meta.publisher,
        "Council of the European Union (Financial Sanctions Files)"
    );
    assert_eq!(out.meta.published.as_deref(), Some("2025-12-18"));
    assert_eq!(out.meta.format, Format::EuFsfXml);
    let expected: BTreeMap<String, usize> = [
        ("Address", 2),
        ("Identification", 1),
        ("Organization", 3),
        ("Passport", 1),
        ("Person", 2),
        ("Sanction", 6),
        ("Vessel", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(schema_counts(&out), expected);
    // Every party carries the sanction topic and has exactly one Sanction pointing at it.
    for party in out
        .entities
        .iter()
        .filter(|e| e.schema().is_a("LegalEntity") || e.schema().name == "Vessel")
    {
        assert_eq!(party.get("topics"), ["sanction"], "{}", party.id);
        let sanctions = out
            .entities
            .iter()
            .filter(|e| e.schema().name == "Sanction" && e.get("entity") == [party.id.as_str()])
            .count();
        assert_eq!(sanctions, 1, "{}", party.id);
    }
}

#[test]
fn person_names_documents_and_listing() {
    let out = read_xml_fixture();
    let p = entity(&out, "eu-fsf-139721");
    assert_eq!(p.schema().name, "Person");
    assert_eq!(p.get("name"), ["PAK Chol Su"]);
    // The Korean form is a strong name in another language: an alias, kept in Hangul.
    assert_eq!(p.get("alias"), ["박철수"]);
    // strong="false" (with its "Low quality alias" remark) is a weak alias.
    assert_eq!(p.get("weakAlias"), ["Pak Chol-su"]);
    assert_eq!(p.get("firstName"), ["Chol Su"]);
    assert_eq!(p.get("lastName"), ["PAK"]);
    assert_eq!(p.get("gender"), ["male"]);
    assert_eq!(
        p.get("position"),
        ["Deputy Director of the Foreign Exchange Department"]
    );
    assert_eq!(p.get("nationality"), ["kp"]);
    assert_eq!(p.get("birthDate"), ["1971-04-09"]);
    assert_eq!(p.get("birthPlace"), ["Pyongyang"]);
    assert_eq!(p.get("birthCountry"), ["kp"]);
    assert_eq!(p.get("passportNumber"), ["836410118"]);
    assert_eq!(
        p.get("notes"),
        ["Official of Korea Kwangson Banking Corporation; facilitates payments for designated entities."]
    );
    let (_, source) = p.values("name").next().expect("a name");
    assert_eq!(source.dataset, "eu_fsf");
    assert_eq!(source.record, "139721");
    assert_eq!(source.published.as_deref(), Some("2025-12-18"));

    let passport = entity(&out, "eu-fsf-139721-id-139727");
    assert_eq!(passport.schema().name, "Passport");
    assert_eq!(passport.get("holder"), ["eu-fsf-139721"]);
    assert_eq!(passport.get("number"), ["836410118"]);
    assert_eq!(passport.get("type"), ["National passport"]);
    assert_eq!(passport.get("country"), ["kp"]);
    assert_eq!(passport.get("authority"), ["DPRK"]);
    assert_eq!(passport.get("endDate"), ["2026-03-11"]);
    assert_eq!(passport.get("summary"), ["diplomatic document"]);
    assert_eq!(passport.get("description"), ["Diplomatic passport"]);

    let s = entity(&out, "eu-fsf-139721-sanction");
    assert_eq!(s.get("entity"), ["eu-fsf-139721"]);
    assert_eq!(s.get("authority"), ["Council of the European Union"]);
    assert_eq!(s.get("authorityId"), ["EU.8412.37"]);
    assert_eq!(s.get("unscId"), ["KPi.091"]);
    assert_eq!(s.get("listingDate"), ["2017-08-05"]);
    assert_eq!(s.get("program"), ["PRK"]);
    assert_eq!(s.get("programId"), ["EU-PRK"]);
    assert_eq!(s.get("summary"), ["2025/2511 (OJ L 2025/2511)"]);
    // The cited act is an amendment: it dates the latest change of the entry.
    assert_eq!(s.get("modifiedAt"), ["2025-12-17"]);
    // `&amp;` in the element text is decoded.
    assert_eq!(
        s.get("sourceUrl"),
        ["https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_202502511&qid=1766050000000"]
    );

    // A year-only birth date, an unknown ("00") citizenship and a national ID card.
    let ri = entity(&out, "eu-fsf-139770");
    assert_eq!(ri.get("gender"), ["female"]);
    assert_eq!(ri.get("birthDate"), ["1983"]);
    assert!(!ri.has("nationality"));
    assert_eq!(ri.get("idNumber"), ["745120033"]);
    let card = entity(&out, "eu-fsf-139770-id-139774");
    assert_eq!(card.schema().name, "Identification");
    assert_eq!(card.get("type"), ["National identification card"]);
}

#[test]
fn enterprise_addresses_contacts_and_identifiers() {
    let out = read_xml_fixture();
    let o = entity(&out, "eu-fsf-139730");
    assert_eq!(o.schema().name, "Organization");
    assert_eq!(o.get("name"), ["Korea Sobaek Trading Corporation"]);
    assert_eq!(o.get("alias"), ["Sobaek Trading", "조선소백무역회사"]);
    assert_eq!(o.get("swiftBic"), ["SOBKKPPY"]);
    assert_eq!(o.get("registrationNumber"), ["5390087"]);
    assert_eq!(o.get("phone"), ["+850 2 381 4522"]);
    assert_eq!(o.get("email"), ["sobaek@star-co.net.kp"]);
    assert_eq!(o.get("country"), ["kp", "hk"]);
    assert_eq!(
        o.get("addressEntity"),
        ["eu-fsf-139730-addr-139734", "eu-fsf-139730-addr-139735"]
    );
    let a = entity(&out, "eu-fsf-139730-addr-139734");
    assert_eq!(
        a.get("full"),
        ["Kumsong 2-dong, Mangyongdae District, Pyongyang, North Korea"]
    );
    assert_eq!(a.get("city"), ["Pyongyang"]);
    assert_eq!(a.get("country"), ["kp"]);
    let hk = entity(&out, "eu-fsf-139730-addr-139735");
    assert_eq!(
        hk.get("full"),
        ["Room 1203, Harbour View Tower, 17 Jordan Road, Kowloon, Hong Kong"]
    );
    assert_eq!(hk.get("region"), ["Hong Kong"]);
    assert_eq!(hk.get("remarks"), ["Branch office"]);
    let s = entity(&out, "eu-fsf-139730-sanction");
    assert_eq!(s.get("listingDate"), ["2016-03-02"]);
    assert!(
        !s.has("modifiedAt"),
        "the cited act is the regulation itself"
    );
}

#[test]
fn ships_are_told_from_shipping_companies() {
    let out = read_xml_fixture();
    // A valid ship IMO number and nothing else: a ship.
    let v = entity(&out, "eu-fsf-139740");
    assert_eq!(v.schema().name, "Vessel");
    assert_eq!(v.get("name"), ["RYONG SONG 3"]);
    assert_eq!(v.get("alias"), ["GOLDEN STAR"]);
    assert_eq!(v.get("imoNumber"), ["8712403"]);
    // An IMO company number on a name with "Shipping Co": a company. Its only address names a
    // country, so it gives no Address entity.
    let c = entity(&out, "eu-fsf-139750");
    assert_eq!(c.schema().name, "Organization");
    assert_eq!(c.get("imoNumber"), ["5913840"]);
    assert_eq!(c.get("country"), ["kp"]);
    assert!(!c.has("addressEntity"));
    // No trait either way, but the number fails the ship check digit: an organisation, and a
    // warning so that a person can decide.
    let unsure = entity(&out, "eu-fsf-139760");
    assert_eq!(unsure.schema().name, "Organization");
    assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
    let p = &out.problems[0];
    assert_eq!(p.code, "imo_check_digit");
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.record.as_deref(), Some("139760"));
    assert_eq!(p.line, Some(77));
}

#[test]
fn csv_export_gives_the_same_entities_as_the_xml_export() {
    let xml = read_xml_fixture();
    let csv = read_csv_fixture();
    assert_eq!(csv.meta.format, Format::EuFsfCsv);
    assert_eq!(csv.meta.published, xml.meta.published);
    assert_eq!(csv.records, xml.records);
    assert_eq!(csv.entities.len(), xml.entities.len());
    for (c, x) in csv.entities.iter().zip(&xml.entities) {
        assert_eq!(c.to_ftm(), x.to_ftm());
        assert_eq!(c.sources, x.sources, "{}", c.id);
    }
    // The same problems, about the same records (lines differ between the files).
    let summary = |o: &ReadOutput| -> Vec<(String, Option<String>)> {
        o.problems
            .iter()
            .map(|p| (p.code.clone(), p.record.clone()))
            .collect()
    };
    assert_eq!(summary(&csv), summary(&xml));
    assert_eq!(csv.problems[0].line, Some(11));
}

#[test]
fn truncated_xml_names_the_record_being_read() {
    let data = fixture_bytes("eu/fsf_prk.xml");
    let text = String::from_utf8(data).expect("UTF-8 fixture");
    // Cut inside the second sanctionEntity, after its first nameAlias.
    let cut = text
        .find(
            "<nameAlias firstName=\"\" middleName=\"\" lastName=\"\" wholeName=\"Sobaek Trading\"",
        )
        .expect("marker");
    let truncated = &text.as_bytes()[..cut];
    let err = eu_fsf::read_xml(&InputFile::new("cut.xml", truncated)).expect_err("truncated");
    match &err {
        ReadError::Malformed { file, at, message } => {
            assert_eq!(file, "cut.xml");
            assert_eq!(at.record.as_deref(), Some("139730"));
            assert_eq!(at.line, Some(40));
            assert!(message.contains("truncated"), "{message}");
        }
        other => panic!("expected malformed, got {other:?}"),
    }
}

#[test]
fn broken_xml_names_line_and_record() {
    let text = String::from_utf8(fixture_bytes("eu/fsf_prk.xml")).expect("UTF-8 fixture");
    let broken = text.replacen("</nameAlias>", "</nameAliass>", 1);
    let err =
        eu_fsf::read_xml(&InputFile::new("broken.xml", broken.as_bytes())).expect_err("broken");
    assert_eq!(err.code(), "malformed");
    match &err {
        ReadError::Malformed { at, .. } => {
            assert_eq!(at.line, Some(13));
            assert_eq!(at.record.as_deref(), Some("139721"));
        }
        other => panic!("expected malformed, got {other:?}"),
    }
}

#[test]
fn other_files_are_refused_as_wrong_format() {
    let un = br#"<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS/></CONSOLIDATED_LIST>"#;
    let no_namespace =
        br#"<export generationDate="2025-12-18"><sanctionEntity logicalId="1"/></export>"#;
    let csv = fixture_bytes("eu/fsf_prk.csv");
    let journal = fixture_bytes("eu/journal_prk.csv");
    let cases: [(&[u8], &str); 3] = [
        (un, "a UN consolidated list (XML)"),
        (no_namespace, "some other XML document"),
        (&csv, "an EU Financial Sanctions Files CSV"),
    ];
    for (data, found_expected) in cases {
        match eu_fsf::read_xml(&InputFile::new("f", data)) {
            Err(ReadError::WrongFormat {
                expected, found, ..
            }) => {
                assert_eq!(expected, "an EU Financial Sanctions Files XML export");
                assert_eq!(found, found_expected);
            }
            other => panic!("expected wrong format, got {other:?}"),
        }
    }
    let xml = fixture_bytes("eu/fsf_prk.xml");
    let cases: [(&[u8], &str); 2] = [
        (&xml, "an EU Financial Sanctions Files XML export"),
        (&journal, "an EU Official Journal transcription (CSV)"),
    ];
    for (data, found_expected) in cases {
        match eu_fsf::read_csv(&InputFile::new("f", data)) {
            Err(ReadError::WrongFormat {
                expected, found, ..
            }) => {
                assert_eq!(expected, "an EU Financial Sanctions Files CSV export");
                assert_eq!(found, found_expected);
            }
            other => panic!("expected wrong format, got {other:?}"),
        }
    }
}

#[test]
fn empty_and_undecodable_files_are_refused() {
    for data in [&b""[..], b"\xEF\xBB\xBF \n"] {
        assert_eq!(
            eu_fsf::read_xml(&InputFile::new("e.xml", data)).map(|_| ()),
            Err(ReadError::Empty {
                file: "e.xml".into()
            })
        );
        assert_eq!(
            eu_fsf::read_csv(&InputFile::new("e.csv", data)).map(|_| ()),
            Err(ReadError::Empty {
                file: "e.csv".into()
            })
        );
    }
    let mut bad = fixture_bytes("eu/fsf_prk.csv");
    let at = bad.len() - 10;
    bad[at] = 0xff;
    let err = eu_fsf::read_csv(&InputFile::new("bad.csv", &bad)).expect_err("invalid UTF-8");
    assert_eq!(err.code(), "bad_encoding");
    assert!(err.to_string().starts_with("bad.csv:12 (byte "), "{err}");
}

#[test]
fn csv_row_with_a_wrong_field_count_is_malformed() {
    let text = String::from_utf8(fixture_bytes("eu/fsf_prk.csv")).expect("UTF-8 fixture");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Line 5 is the first row of record 139730; drop its last field.
    assert!(lines[4].starts_with("18/12/2025;139730;"));
    let cut = lines[4].rfind(';').expect("a separator");
    lines[4].truncate(cut);
    let data = lines.join("\n");
    let err =
        eu_fsf::read_csv(&InputFile::new("short.csv", data.as_bytes())).expect_err("short row");
    match &err {
        ReadError::Malformed { at, message, .. } => {
            assert_eq!(at.line, Some(5));
            assert_eq!(at.record.as_deref(), Some("139730"));
            assert_eq!(message, "the row has 117 fields where the header has 118");
        }
        other => panic!("expected malformed, got {other:?}"),
    }
    assert!(err.to_string().starts_with("short.csv:5 (byte "), "{err}");
}

#[test]
fn csv_row_without_entity_id_is_reported_not_dropped_silently() {
    let text = String::from_utf8(fixture_bytes("eu/fsf_prk.csv")).expect("UTF-8 fixture");
    let data = text.replacen("18/12/2025;139760;", "18/12/2025;;", 1);
    let out = eu_fsf::read_csv(&InputFile::new("f.csv", data.as_bytes())).expect("reads");
    assert_eq!(out.records, 5);
    let p = out
        .problems
        .iter()
        .find(|p| p.code == "bad_record")
        .expect("a problem for the row");
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.line, Some(11));
}

/// A file of `n` copies of the fixture's entities with fresh logical ids, in the export's
/// structure, for timing.
fn large_xml(n: usize) -> String {
    let text = String::from_utf8(fixture_bytes("eu/fsf_prk.xml")).expect("UTF-8 fixture");
    let start = text.find("<sanctionEntity").expect("an entity");
    let end = text.rfind("</export>").expect("the root end");
    let body = &text[start..end];
    let mut out = String::with_capacity(body.len() * n + start + 16);
    out.push_str(&text[..start]);
    for i in 0..n {
        out.push_str(&body.replace("logicalId=\"1397", &format!("logicalId=\"{i}-1397")));
    }
    out.push_str("</export>\n");
    out
}

/// The CSV fixture's rows repeated `n` times with fresh entity ids, for timing.
fn large_csv(n: usize) -> String {
    let text = String::from_utf8(fixture_bytes("eu/fsf_prk.csv")).expect("UTF-8 fixture");
    let (header, rows) = text.split_once('\n').expect("a header line");
    let mut out = String::with_capacity(rows.len() * n + header.len() + 1);
    out.push_str(header);
    out.push('\n');
    for i in 0..n {
        out.push_str(&rows.replace("18/12/2025;1397", &format!("18/12/2025;{i}-1397")));
    }
    out
}

#[test]
fn large_export_timing() {
    let copies = 1000;
    let xml = large_xml(copies);
    let t = Instant::now();
    let out = eu_fsf::read_xml(&InputFile::new("large.xml", xml.as_bytes())).expect("reads");
    let elapsed = t.elapsed();
    assert_eq!(out.records, 6 * copies);
    assert_eq!(out.entities.len(), 16 * copies);
    eprintln!(
        "eu_fsf::read_xml: {} records, {:.1} MB in {:?}",
        out.records,
        xml.len() as f64 / 1e6,
        elapsed
    );
    let csv = large_csv(copies);
    let t = Instant::now();
    let from_csv = eu_fsf::read_csv(&InputFile::new("large.csv", csv.as_bytes())).expect("reads");
    let elapsed = t.elapsed();
    assert_eq!(from_csv.records, 6 * copies);
    assert_eq!(from_csv.entities.len(), out.entities.len());
    eprintln!(
        "eu_fsf::read_csv: {} records, {:.1} MB in {:?}",
        from_csv.records,
        csv.len() as f64 / 1e6,
        elapsed
    );
}

#[test]
fn cli_sample_reads_as_the_demo_expects() {
    // The demo's sample list (crates/cli/sample): its ship must be a Vessel with its IMO number
    // and its person must keep passport and UN reference, for the demo joins them across lists.
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/sample/eu_fsf.xml");
    let data = std::fs::read(&path).expect("the CLI sample is in the repository");
    let out = eu_fsf::read_xml(&InputFile::new("eu_fsf.xml", &data)).expect("the sample reads");
    assert_eq!(out.records, 4);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.meta.published.as_deref(), Some("2026-10-15"));
    let ship = entity(&out, "eu-fsf-990971");
    assert_eq!(ship.schema().name, "Vessel");
    assert_eq!(ship.get("imoNumber"), ["9354521"]);
    let pak = entity(&out, "eu-fsf-990901");
    assert_eq!(pak.get("passportNumber"), ["836410077"]);
    assert_eq!(pak.get("weakAlias"), ["Pyotr PAK"]);
    assert_eq!(
        entity(&out, "eu-fsf-990901-sanction").get("unscId"),
        ["KPi.901"]
    );
    let company = entity(&out, "eu-fsf-990951");
    assert_eq!(company.schema().name, "Organization");
    assert_eq!(company.get("phone"), ["+850 2 18111 8765"]);
}
