//! The UN consolidated list reader, on a hand-written fixture and on the real list of
//! 27 February 2026.

mod common;

use ce2_lists::{un, Entity, InputFile, ReadError, ReadOutput, Severity};

const REAL: &str = "sanctions/un/un_consolidated_2026-02-27.xml";

fn fixture_bytes() -> Vec<u8> {
    std::fs::read(common::fixture("un/consolidated_small.xml")).expect("fixture")
}

fn read_fixture() -> ReadOutput {
    un::read(&InputFile::new("consolidated_small.xml", &fixture_bytes())).expect("fixture reads")
}

fn entity<'a>(out: &'a ReadOutput, id: &str) -> &'a Entity {
    out.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

/// The one entity of a schema whose id starts with a prefix.
fn derived<'a>(out: &'a ReadOutput, schema: &str, prefix: &str) -> Vec<&'a Entity> {
    out.entities
        .iter()
        .filter(|e| e.schema().name == schema && e.id.starts_with(prefix))
        .collect()
}

#[test]
fn fixture_meta_records_and_order() {
    let out = read_fixture();
    assert_eq!(out.meta.dataset, "un_sc");
    assert_eq!(out.meta.publisher, "United Nations Security Council");
    assert_eq!(out.meta.published.as_deref(), Some("2026-03-02T00:00:07"));
    assert_eq!(out.records, 3);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let ids: Vec<&str> = out.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "un-kpi-901",
            "un-kpi-901-sanction",
            "un-kpi-901-addr-c462a87bc827",
            "un-kpi-901-passport-1596872ed69e",
            "un-iqi-901",
            "un-iqi-901-sanction",
            "un-iqi-901-id-f61d0a26b3c5",
            "un-kpe-901",
            "un-kpe-901-sanction",
            "un-kpe-901-addr-1b2f9a89e2fa",
        ]
    );
    // Every value carries the record and the list's date.
    let (_, prov) = entity(&out, "un-kpe-901").values("name").next().unwrap();
    assert_eq!(prov.dataset, "un_sc");
    assert_eq!(prov.record, "KPe.901");
    assert_eq!(prov.published.as_deref(), Some("2026-03-02"));
}

#[test]
fn fixture_dprk_individual() {
    let out = read_fixture();
    let p = entity(&out, "un-kpi-901");
    assert_eq!(p.schema().name, "Person");
    assert_eq!(p.get("name"), ["RYANG CHOL MIN", "량철민"]);
    // DPRK names are written family name first.
    assert_eq!(p.get("lastName"), ["RYANG"]);
    assert_eq!(p.get("firstName"), ["CHOL MIN"]);
    assert_eq!(p.get("alias"), ["Ryang Ch’o’l-min"]);
    assert_eq!(p.get("weakAlias"), ["Chol Min"]);
    assert_eq!(
        p.get("position"),
        ["Deputy director of Korea Songhwa Shipping and Trading Company"]
    );
    assert_eq!(p.get("nationality"), ["kp"]);
    assert_eq!(p.get("gender"), ["male"]);
    assert_eq!(p.get("birthDate"), ["1969-04-12"]);
    assert_eq!(
        p.get("birthPlace"),
        ["Sinuiju, Democratic People's Republic of Korea"]
    );
    assert_eq!(p.get("birthCountry"), ["kp"]);
    assert_eq!(p.get("topics"), ["sanction"]);
    assert_eq!(p.get("passportNumber"), ["836410077"]);
    // The comment's line break is layout, not content.
    assert_eq!(
        p.get("notes"),
        ["Ryang Chol Min is a representative of Korea Songhwa Shipping and Trading Company (KPe.901) abroad."]
    );

    let s = entity(&out, "un-kpi-901-sanction");
    assert_eq!(s.get("entity"), ["un-kpi-901"]);
    assert_eq!(s.get("authority"), ["United Nations Security Council"]);
    assert_eq!(s.get("program"), ["DPRK"]);
    assert_eq!(s.get("unscId"), ["KPi.901"]);
    assert_eq!(s.get("authorityId"), ["KPi.901"]);
    assert_eq!(s.get("recordId"), ["9900001"]);
    assert_eq!(s.get("listingDate"), ["2017-08-05"]);
    assert_eq!(s.get("modifiedAt"), ["2018-03-01", "2023-06-29"]);

    let addr = derived(&out, "Address", "un-kpi-901-");
    assert_eq!(addr.len(), 1);
    assert_eq!(
        addr[0].get("full"),
        ["Jonsung-dong, Moranbong District, Pyongyang, Democratic People's Republic of Korea"]
    );
    assert_eq!(addr[0].get("city"), ["Pyongyang"]);
    assert_eq!(addr[0].get("country"), ["kp"]);
    assert_eq!(p.get("addressEntity"), [addr[0].id.as_str()]);

    // The same passport listed in English and French is one Passport entity.
    let pass = derived(&out, "Passport", "un-kpi-901-");
    assert_eq!(pass.len(), 1);
    assert_eq!(pass[0].get("holder"), ["un-kpi-901"]);
    assert_eq!(pass[0].get("number"), ["836410077"]);
    assert_eq!(pass[0].get("type"), ["Passport", "Numéro de passeport"]);
    assert_eq!(pass[0].get("country"), ["kp"]);
    assert_eq!(pass[0].get("startDate"), ["2016-03-04"]);
    assert_eq!(pass[0].get("endDate"), ["2021-03-03"]);
    assert_eq!(pass[0].get("description"), ["Expires 3 Mar. 2021"]);
}

#[test]
fn fixture_individual_of_another_regime() {
    let out = read_fixture();
    let p = entity(&out, "un-iqi-901");
    assert_eq!(
        p.get("name"),
        ["AHMAD YUSUF HASSAN AL-TAMIMI", "أحمد يوسف حسن التميمي"]
    );
    assert_eq!(p.get("firstName"), ["AHMAD"]);
    assert_eq!(p.get("secondName"), ["YUSUF"]);
    assert!(p.get("lastName").is_empty());
    assert_eq!(p.get("title"), ["Dr."]);
    assert_eq!(
        p.get("position"),
        [
            "Director of procurement",
            "Adviser to the Ministry of Industry"
        ]
    );
    assert_eq!(p.get("nationality"), ["iq", "jo"]);
    assert_eq!(p.get("alias"), ["Abu Yusuf al-Tamimi"]);
    // The alias's own date of birth, an approximate year, both ends of a range and a month
    // written only in the note.
    assert_eq!(
        p.get("birthDate"),
        ["1957-11-02", "1958", "1960", "1962", "1957-11"]
    );
    assert_eq!(
        p.get("birthPlace"),
        [
            "Tikrit, Iraq",
            "al-Awja, Tikrit, Salah al-Din Province, Iraq (near the river)"
        ]
    );
    assert_eq!(p.get("birthCountry"), ["iq"]);
    // An address that is only a country gives the country, and its note.
    assert_eq!(p.get("country"), ["jo"]);
    assert!(p.get("addressEntity").is_empty());
    assert_eq!(
        p.get("notes"),
        [
            "Alias Abu Yusuf al-Tamimi: used on a passport issued in Amman",
            "Former head of the engineering company's procurement office in Baghdad.",
            "Date of birth: approximately 1958",
            "Date of birth: between 1960 and 1962 (Approximately)",
            "Address: Jordan (as of early 2019)",
            "Document without a number: Ration card no., reported lost in 2009",
        ]
    );
    assert_eq!(p.get("idNumber"), ["00417836"]);
    assert!(p.get("passportNumber").is_empty());

    // A listing date with a time zone keeps its day.
    let s = entity(&out, "un-iqi-901-sanction");
    assert_eq!(s.get("listingDate"), ["2015-04-07"]);
    assert_eq!(s.get("program"), ["Iraq"]);
    assert!(s.get("modifiedAt").is_empty());

    let ids = derived(&out, "Identification", "un-iqi-901-");
    assert_eq!(ids.len(), 1);
    let id = ids[0];
    assert_eq!(id.get("holder"), ["un-iqi-901"]);
    assert_eq!(id.get("number"), ["00417836"]);
    assert_eq!(id.get("type"), ["national identity card"]);
    assert_eq!(id.get("country"), ["iq"]);
    assert_eq!(id.get("startDate"), ["2004-05-19"]);
    assert_eq!(id.get("endDate"), ["2014-05-18"]);
    assert_eq!(id.get("summary"), ["Issued in Baghdad"]);
}

#[test]
fn fixture_entity() {
    let out = read_fixture();
    let o = entity(&out, "un-kpe-901");
    assert_eq!(o.schema().name, "Organization");
    assert_eq!(
        o.get("name"),
        [
            "KOREA SONGHWA SHIPPING & TRADING COMPANY",
            "조선송화해운무역회사"
        ]
    );
    assert_eq!(o.get("alias"), ["Songhwa Shipping"]);
    assert_eq!(o.get("previousName"), ["Chosun Songhwa Haeun Hoesa"]);
    assert_eq!(o.get("imoNumber"), ["5912345"]);
    assert_eq!(o.get("country"), ["kp"]);
    assert_eq!(
        o.get("notes")[0],
        "Alias Chosun Songhwa Haeun Hoesa: name used until 2012"
    );
    let addr = derived(&out, "Address", "un-kpe-901-");
    assert_eq!(addr.len(), 1);
    assert_eq!(
        addr[0].get("street"),
        ["Tonghung-dong, Central District, PO Box 250"]
    );
    assert_eq!(addr[0].get("state"), ["Pyongyang Directly Governed City"]);
    assert_eq!(addr[0].get("postalCode"), ["999093"]);
    assert_eq!(addr[0].get("remarks"), ["head office"]);
    assert_eq!(
        o.get("address"),
        ["Tonghung-dong, Central District, PO Box 250, Pyongyang, Pyongyang Directly Governed City, 999093, Democratic People's Republic of Korea"]
    );
}

#[test]
fn truncated_file_names_offset_line_and_record() {
    let data = fixture_bytes();
    let text = std::str::from_utf8(&data).unwrap();
    // Cut inside the second individual, after its first name.
    let cut = text.find("<SECOND_NAME>YUSUF").unwrap();
    let err = un::read(&InputFile::new("cut.xml", &data[..cut])).unwrap_err();
    let ReadError::Malformed { file, at, message } = &err else {
        panic!("expected malformed, got {err:?}");
    };
    assert_eq!(file, "cut.xml");
    assert_eq!(at.offset, Some(cut as u64));
    let line = text[..cut].matches('\n').count() as u64 + 1;
    assert_eq!(at.line, Some(line));
    assert_eq!(at.record.as_deref(), Some("9900002"));
    let record_line = text[..text.find("<DATAID>9900002").unwrap()]
        .matches('\n')
        .count() as u64;
    assert_eq!(
        message,
        &format!(
            "the file ends inside <INDIVIDUAL> (it looks truncated), inside the INDIVIDUAL record that starts at line {record_line}"
        )
    );

    // Cut inside a tag: the offset is where that tag starts.
    let tag = text.find("<REFERENCE_NUMBER>KPe.901").unwrap();
    let err = un::read(&InputFile::new("cut.xml", &data[..tag + 8])).unwrap_err();
    let ReadError::Malformed { at, .. } = &err else {
        panic!("expected malformed, got {err:?}");
    };
    assert_eq!(at.offset, Some(tag as u64));
    assert_eq!(at.record.as_deref(), Some("9900003"));
}

#[test]
fn empty_file_is_refused() {
    let err = un::read(&InputFile::new("empty.xml", b" \n")).unwrap_err();
    assert_eq!(
        err,
        ReadError::Empty {
            file: "empty.xml".into()
        }
    );
}

#[test]
fn other_lists_are_refused() {
    let eu = br#"<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-03-01T10:00:00" globalFileId="1">
  <sanctionEntity logicalId="1" designationDate="2017-08-05"/>
</export>"#;
    let err = un::read(&InputFile::new("eu.xml", eu)).unwrap_err();
    assert_eq!(
        err,
        ReadError::WrongFormat {
            file: "eu.xml".into(),
            expected: "a UN Security Council consolidated list (XML)".into(),
            found: "an EU Financial Sanctions Files XML export".into(),
        }
    );
    // An OFAC CSV in Windows-1252 is named for what it is, not as an encoding error.
    let ofac = b"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- \r\n173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",\"Caf\xe9\"\r\n";
    let err = un::read(&InputFile::new("sdn.csv", ofac)).unwrap_err();
    let ReadError::WrongFormat { found, .. } = &err else {
        panic!("expected wrong format, got {err:?}");
    };
    assert_eq!(found, "an OFAC-style CSV");
    // The real files, where the shared data is present.
    if let Some(path) = common::shared_file("sanctions/ofac/2024-05-03/sdn.csv") {
        let data = std::fs::read(path).unwrap();
        let err = un::read(&InputFile::new("sdn.csv", &data)).unwrap_err();
        assert_eq!(err.code(), "wrong_format");
    }
}

#[test]
fn invalid_utf8_names_its_line() {
    let mut data = fixture_bytes();
    let text = std::str::from_utf8(&data).unwrap();
    let at = text.find("량철민").unwrap();
    let line = text[..at].matches('\n').count() as u64 + 1;
    data[at] = 0xFF;
    let err = un::read(&InputFile::new("bad.xml", &data)).unwrap_err();
    let ReadError::Encoding {
        at: loc, encoding, ..
    } = &err
    else {
        panic!("expected an encoding error, got {err:?}");
    };
    assert_eq!(encoding, "UTF-8");
    assert_eq!(loc.line, Some(line));
    assert_eq!(loc.offset, Some(at as u64));
}

#[test]
fn a_record_without_reference_uses_its_dataid_and_unknown_fields_are_reported() {
    let xml = r#"<CONSOLIDATED_LIST dateGenerated="2026-03-02T00:00:07Z"><INDIVIDUALS>
<INDIVIDUAL>
  <DATAID>9900009</DATAID>
  <FIRST_NAME>KIM</FIRST_NAME>
  <SECOND_NAME>HYON U</SECOND_NAME>
  <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
  <SUBMITTED_BY>someone</SUBMITTED_BY>
  <INDIVIDUAL_ALIAS><QUALITY>Middling</QUALITY><ALIAS_NAME>Kim Hyon-u</ALIAS_NAME></INDIVIDUAL_ALIAS>
</INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>"#;
    let out = un::read(&InputFile::new("x.xml", xml.as_bytes())).unwrap();
    let p = entity(&out, "un-9900009");
    assert_eq!(p.get("name"), ["KIM HYON U"]);
    // An alias of unknown quality is still an alias.
    assert_eq!(p.get("alias"), ["Kim Hyon-u"]);
    let s = entity(&out, "un-9900009-sanction");
    assert!(s.get("unscId").is_empty());
    assert_eq!(s.get("recordId"), ["9900009"]);
    let found: Vec<(&str, Severity, Option<&str>, Option<u64>)> = out
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.severity, p.record.as_deref(), p.line))
        .collect();
    assert_eq!(
        found,
        [
            ("unknown_field", Severity::Warning, None, Some(2)),
            (
                "missing_reference",
                Severity::Warning,
                Some("9900009"),
                Some(2)
            ),
            ("unknown_alias_quality", Severity::Warning, None, Some(2)),
        ]
    );
    assert!(out.problems[0]
        .message
        .starts_with("<SUBMITTED_BY> in INDIVIDUAL with DATAID 9900009"));
}

fn read_real() -> Option<ReadOutput> {
    let path = common::shared_file(REAL)?;
    let data = std::fs::read(path).unwrap();
    let started = std::time::Instant::now();
    let out = un::read(&InputFile::new(REAL, &data)).expect("the real list reads");
    eprintln!(
        "read {} records, {} entities in {:?}",
        out.records,
        out.entities.len(),
        started.elapsed()
    );
    Some(out)
}

fn count(out: &ReadOutput, schema: &str) -> usize {
    out.entities
        .iter()
        .filter(|e| e.schema().name == schema)
        .count()
}

#[test]
fn real_list_counts() {
    let Some(out) = read_real() else { return };
    assert_eq!(out.meta.published.as_deref(), Some("2026-02-27T00:00:09"));
    assert_eq!(out.records, 1003);
    assert_eq!(count(&out, "Person"), 730);
    assert_eq!(count(&out, "Organization"), 273);
    assert_eq!(count(&out, "Sanction"), 1003);
    assert_eq!(count(&out, "Passport"), 309);
    assert_eq!(count(&out, "Identification"), 139);
    assert_eq!(count(&out, "Address"), 503);
    // Every value of the real list is read and cleaned.
    assert!(
        out.problems.is_empty(),
        "{:#?}",
        &out.problems[..out.problems.len().min(10)]
    );
    // Ids are unique.
    let mut ids: Vec<&str> = out.entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), out.entities.len());
}

#[test]
fn real_list_dprk_regime() {
    let Some(out) = read_real() else { return };
    let dprk: Vec<&Entity> = out
        .entities
        .iter()
        .filter(|e| e.schema().name == "Sanction" && e.get("program") == ["DPRK"])
        .collect();
    assert_eq!(dprk.len(), 155);
    let mut persons = 0;
    let mut organisations = 0;
    for s in &dprk {
        let party = entity(&out, s.get("entity")[0]);
        match party.schema().name.as_str() {
            "Person" => persons += 1,
            "Organization" => organisations += 1,
            other => panic!("unexpected party schema {other}"),
        }
    }
    assert_eq!((persons, organisations), (80, 75));
    for n in 1..=80 {
        assert_eq!(
            entity(&out, &format!("un-kpi-{n:03}")).schema().name,
            "Person"
        );
    }
    for n in 1..=75 {
        assert_eq!(
            entity(&out, &format!("un-kpe-{n:03}")).schema().name,
            "Organization"
        );
    }
    assert!(!out
        .entities
        .iter()
        .any(|e| e.id == "un-kpi-081" || e.id == "un-kpe-076"));
}

#[test]
fn real_list_ri_won_ho() {
    let Some(out) = read_real() else { return };
    let p = entity(&out, "un-kpi-033");
    assert_eq!(p.get("name"), ["RI WON HO"]);
    assert_eq!(p.get("lastName"), ["RI"]);
    assert_eq!(p.get("firstName"), ["WON HO"]);
    assert_eq!(p.get("passportNumber"), ["381310014"]);
    assert_eq!(p.get("birthDate"), ["1964-07-17"]);
    assert_eq!(p.get("nationality"), ["kp"]);
    assert_eq!(
        p.get("position"),
        ["DPRK Ministry of State Security Official"]
    );
    let pass = derived(&out, "Passport", "un-kpi-033-");
    assert_eq!(pass.len(), 1);
    assert_eq!(pass[0].get("number"), ["381310014"]);
    assert_eq!(pass[0].get("holder"), ["un-kpi-033"]);
    let s = entity(&out, "un-kpi-033-sanction");
    assert_eq!(s.get("unscId"), ["KPi.033"]);
    assert_eq!(s.get("listingDate"), ["2016-11-30"]);
}

#[test]
fn real_list_ocean_maritime_management() {
    let Some(out) = read_real() else { return };
    let o = entity(&out, "un-kpe-020");
    assert_eq!(
        o.get("name"),
        ["OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)"]
    );
    assert_eq!(o.get("imoNumber"), ["1790183"]);
    assert_eq!(
        o.get("alias"),
        [
            "East Sea Shipping Company",
            "Korea Mirae Shipping Co. Ltd",
            "Haeyang Crew Management Company"
        ]
    );
    let addr = derived(&out, "Address", "un-kpe-020-");
    let full: Vec<&str> = addr.iter().map(|a| a.get("full")[0]).collect();
    assert_eq!(
        full,
        [
            "Donghung Dong, Central District, PO Box 120, Pyongyang, Democratic People's Republic of Korea",
            "Dongheung-dong Changgwang Street, Chung-Ku, PO Box 125, Pyongyang, Democratic People's Republic of Korea",
        ]
    );
    assert!(addr
        .iter()
        .all(|a| a.get("city") == ["Pyongyang"] && a.get("country") == ["kp"]));
    assert_eq!(
        entity(&out, "un-kpe-020-sanction").get("modifiedAt"),
        ["2022-07-26"]
    );
}

#[test]
fn real_list_aliases_by_quality() {
    let Some(out) = read_real() else { return };
    let kim = entity(&out, "un-kpi-024");
    assert_eq!(
        kim.get("alias"),
        [
            "Kim Yong-Chol",
            "Kim Young-Chol",
            "Kim Young-Cheol",
            "Young-Chul"
        ]
    );
    // The UN marks this spelling as low quality.
    let choe = entity(&out, "un-kpi-064");
    assert_eq!(choe.get("weakAlias"), ["Choe Sok Min"]);
    assert!(choe.get("alias").is_empty());
    // Former names are the entities' f.k.a. aliases (13 entities carry one).
    let with_previous = out
        .entities
        .iter()
        .filter(|e| e.has("previousName"))
        .count();
    assert_eq!(with_previous, 13);
    // Company IMO numbers are read from the comments of every DPRK entity that cites one.
    let imo: usize = out
        .entities
        .iter()
        .filter(|e| e.id.starts_with("un-kpe-") && e.has("imoNumber"))
        .count();
    assert_eq!(imo, 16);
    assert_eq!(entity(&out, "un-kpe-066").get("imoNumber"), ["5434358"]);
}
