//! The UK Sanctions List reader, on a hand-written fixture in the FCDO's CSV layout (no real
//! UK file is in the shared data).

mod common;

use ce2_lists::{uk, Entity, InputFile, ReadError, ReadOutput, Severity};

fn fixture_text() -> String {
    std::fs::read_to_string(common::fixture("uk/uk_sanctions_small.csv")).expect("fixture")
}

fn read_text(text: &str) -> Result<ReadOutput, ReadError> {
    uk::read(&InputFile::new("uk.csv", text.as_bytes()))
}

fn entity<'a>(out: &'a ReadOutput, id: &str) -> &'a Entity {
    out.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

/// The header of the fixture (the FCDO's 58 columns).
fn header() -> Vec<String> {
    fixture_text()
        .lines()
        .nth(1)
        .expect("header line")
        .split(',')
        .map(str::to_string)
        .collect()
}

/// A CSV row with the given values in the named columns and empty cells elsewhere.
fn row(values: &[(&str, &str)]) -> String {
    header()
        .iter()
        .map(|h| {
            let v = values.iter().find(|(k, _)| k == h).map_or("", |(_, v)| *v);
            if v.contains([',', '"']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn fixture_meta_records_and_order() {
    let out = read_text(&fixture_text()).unwrap();
    assert_eq!(out.meta.dataset, "gb_fcdo");
    assert_eq!(
        out.meta.publisher,
        "Foreign, Commonwealth & Development Office"
    );
    assert_eq!(out.meta.published.as_deref(), Some("2026-03-02"));
    // Eight name rows make four designations.
    assert_eq!(out.records, 4);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let ids: Vec<&str> = out.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "uk-dpr0901",
            "uk-dpr0901-sanction",
            "uk-dpr0901-addr-877838949701",
            "uk-dpr0901-passport-1596872ed69e",
            "uk-dpr0902",
            "uk-dpr0902-sanction",
            "uk-dpr0902-id-fcb7a507388a",
            "uk-dpr0903",
            "uk-dpr0903-sanction",
            "uk-dpr0903-addr-1961aabbe592",
            "uk-dpr0904",
            "uk-dpr0904-sanction",
        ]
    );
    let (_, prov) = entity(&out, "uk-dpr0904")
        .values("imoNumber")
        .next()
        .unwrap();
    assert_eq!(prov.dataset, "gb_fcdo");
    assert_eq!(prov.record, "DPR0904");
    assert_eq!(prov.published.as_deref(), Some("2026-03-02"));
}

#[test]
fn fixture_dprk_person_with_two_name_rows_and_hangul() {
    let out = read_text(&fixture_text()).unwrap();
    let p = entity(&out, "uk-dpr0901");
    assert_eq!(p.schema().name, "Person");
    assert_eq!(p.get("name"), ["Chol Min RYANG", "량철민"]);
    assert_eq!(p.get("alias"), ["Chol-min RYANG"]);
    assert_eq!(p.get("firstName"), ["Chol"]);
    assert_eq!(p.get("secondName"), ["Min"]);
    assert_eq!(p.get("lastName"), ["RYANG"]);
    assert_eq!(p.get("birthDate"), ["1969-04-12"]);
    assert_eq!(p.get("nationality"), ["kp"]);
    assert_eq!(p.get("gender"), ["male"]);
    assert_eq!(p.get("birthPlace"), ["Sinuiju, North Korea"]);
    assert_eq!(p.get("birthCountry"), ["kp"]);
    assert_eq!(
        p.get("position"),
        ["Deputy director, Korea Songhwa Shipping and Trading Company"]
    );
    assert_eq!(p.get("passportNumber"), ["836410077"]);
    assert_eq!(
        p.get("notes"),
        ["Believed to be based in Dalian, China, as of 2022."]
    );
    // The address repeated on both name rows is one Address entity.
    assert_eq!(p.get("addressEntity"), ["uk-dpr0901-addr-877838949701"]);
    let a = entity(&out, "uk-dpr0901-addr-877838949701");
    assert_eq!(
        a.get("full"),
        ["Jonsung-dong, Moranbong District, Pyongyang, North Korea"]
    );
    assert_eq!(a.get("street"), ["Jonsung-dong"]);
    assert_eq!(a.get("street2"), ["Moranbong District"]);
    assert_eq!(a.get("country"), ["kp"]);

    let pass = entity(&out, "uk-dpr0901-passport-1596872ed69e");
    assert_eq!(pass.get("holder"), ["uk-dpr0901"]);
    assert_eq!(pass.get("number"), ["836410077"]);
    assert_eq!(
        pass.get("description"),
        ["Diplomatic passport. Expires 03/03/2021"]
    );

    let s = entity(&out, "uk-dpr0901-sanction");
    assert_eq!(s.get("entity"), ["uk-dpr0901"]);
    assert_eq!(
        s.get("authority"),
        ["Foreign, Commonwealth & Development Office"]
    );
    assert_eq!(s.get("authorityId"), ["DPR0901"]);
    assert_eq!(s.get("unscId"), ["KPi.901"]);
    assert_eq!(s.get("recordId"), ["99101"]);
    assert_eq!(
        s.get("program"),
        ["The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"]
    );
    assert_eq!(s.get("provisions"), ["Asset freeze", "Travel Ban"]);
    assert_eq!(s.get("summary"), ["Designation source: UN"]);
    assert_eq!(s.get("listingDate"), ["2017-08-05"]);
    assert_eq!(s.get("modifiedAt"), ["2023-06-29"]);
}

#[test]
fn fixture_weak_alias_partial_birth_date_and_national_id() {
    let out = read_text(&fixture_text()).unwrap();
    let p = entity(&out, "uk-dpr0902");
    assert_eq!(p.get("name"), ["Yong Sik JO"]);
    assert_eq!(p.get("weakAlias"), ["Yong-sik JO"]);
    assert!(p.get("alias").is_empty());
    assert_eq!(p.get("title"), ["Mr"]);
    // 00/05/1972: the day is unknown.
    assert_eq!(p.get("birthDate"), ["1972-05"]);
    assert_eq!(p.get("idNumber"), ["745310222"]);
    let id = entity(&out, "uk-dpr0902-id-fcb7a507388a");
    assert_eq!(id.schema().name, "Identification");
    assert_eq!(id.get("number"), ["745310222"]);
    assert_eq!(id.get("description"), ["DPRK citizen card"]);
    let s = entity(&out, "uk-dpr0902-sanction");
    assert!(s.get("unscId").is_empty());
    assert_eq!(
        s.get("reason"),
        ["JO Yong Sik is a DPRK national who has arranged payments for the DPRK's weapons programmes through front companies."]
    );
    assert_eq!(s.get("summary"), ["Designation source: UK"]);
}

#[test]
fn fixture_entity() {
    let out = read_text(&fixture_text()).unwrap();
    let o = entity(&out, "uk-dpr0903");
    assert_eq!(o.schema().name, "Organization");
    assert_eq!(
        o.get("name"),
        [
            "KOREA SONGHWA SHIPPING AND TRADING COMPANY",
            "조선송화해운무역회사"
        ]
    );
    // A primary name variation is another spelling of the name.
    assert_eq!(o.get("alias"), ["KOREA SONGHWA SHIPPING & TRADING CO."]);
    assert_eq!(o.get("phone"), ["+850 2 381 4410", "+850 2 381 4416"]);
    assert_eq!(o.get("website"), ["www.songhwa-shipping.example"]);
    assert_eq!(o.get("email"), ["info@songhwa-shipping.example"]);
    assert_eq!(o.get("legalForm"), ["Shipping company"]);
    assert_eq!(o.get("registrationNumber"), ["KP-2008-01177"]);
    assert_eq!(o.get("imoNumber"), ["5912345"]);
    assert_eq!(o.get("country"), ["kp"]);
    assert_eq!(
        o.get("notes"),
        [
            "Manages DPRK-flagged tankers.",
            "Subsidiary: Songhwa Crew Management Company",
            "Parent company: Ministry of Land and Marine Transport",
        ]
    );
    assert_eq!(
        entity(&out, "uk-dpr0903-sanction").get("unscId"),
        ["KPe.901"]
    );
}

#[test]
fn fixture_ship() {
    let out = read_text(&fixture_text()).unwrap();
    let v = entity(&out, "uk-dpr0904");
    assert_eq!(v.schema().name, "Vessel");
    assert_eq!(v.get("name"), ["SONGHWA 7"]);
    assert_eq!(v.get("alias"), ["HAE SONG 2"]);
    assert_eq!(v.get("imoNumber"), ["8610942"]);
    assert_eq!(v.get("flag"), ["kp"]);
    assert_eq!(v.get("pastFlags"), ["sl", "tg"]);
    assert_eq!(v.get("type"), ["Oil tanker"]);
    assert_eq!(v.get("tonnage"), ["2134"]);
    assert_eq!(v.get("buildDate"), ["1990"]);
    assert_eq!(
        v.get("notes"),
        [
            "Current owner/operator: Korea Songhwa Shipping and Trading Company",
            "Previous owner/operator: Tanhung Marine Ltd",
            "Length: 89 m",
        ]
    );
    let s = entity(&out, "uk-dpr0904-sanction");
    assert_eq!(
        s.get("provisions"),
        [
            "Ship specification",
            "Port entry ban",
            "Ship deregistration"
        ]
    );
}

#[test]
fn a_row_with_a_wrong_column_count_is_malformed() {
    let text = fixture_text();
    let start = text.find("14/02/2024,DPR0902").unwrap();
    let end = start + text[start..].find("\r\n").unwrap();
    // Drop the last (empty) cell of the row.
    let broken = format!("{}{}", &text[..end - 1], &text[end..]);
    let err = read_text(&broken).unwrap_err();
    let ReadError::Malformed { file, at, message } = &err else {
        panic!("expected malformed, got {err:?}");
    };
    assert_eq!(file, "uk.csv");
    assert_eq!(at.line, Some(5));
    assert_eq!(at.offset, Some(start as u64));
    assert_eq!(at.record.as_deref(), Some("DPR0902"));
    assert_eq!(message, "the row has 57 columns where the header has 58");
    assert_eq!(
        err.to_string(),
        format!("uk.csv:5 (byte {start}) record DPR0902: the row has 57 columns where the header has 58")
    );
}

#[test]
fn a_missing_report_date_is_a_warning() {
    let text = fixture_text();
    let without = &text[text.find('\n').unwrap() + 1..];
    let out = read_text(without).unwrap();
    assert_eq!(out.meta.published, None);
    assert_eq!(out.records, 4);
    assert_eq!(out.entities.len(), 12);
    assert_eq!(out.problems.len(), 1);
    let p = &out.problems[0];
    assert_eq!(
        (p.code.as_str(), p.severity, p.line),
        ("missing_report_date", Severity::Warning, Some(1))
    );
    // Values carry no list date then.
    let (_, prov) = entity(&out, "uk-dpr0901").values("name").next().unwrap();
    assert_eq!(prov.published, None);
}

#[test]
fn header_variations_are_tolerated() {
    let text = fixture_text();
    let original = read_text(&text).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_string).collect();
    // Other case and spacing, the older name of the designation type column, and a column
    // this reader does not know.
    lines[1] = lines[1]
        .replace("Designation Type", "\"Individual, Entity, Ship\"")
        .replace("Nationality(/ies)", "nationality (ies)")
        .replace("Unique ID", "UNIQUE  ID")
        .replace("D.O.B", "DOB")
        .to_lowercase()
        + ",Remarks";
    for line in lines.iter_mut().skip(2).filter(|l| !l.is_empty()) {
        line.push(',');
    }
    let varied = read_text(&lines.join("\r\n")).unwrap();
    let json = |out: &ReadOutput| -> Vec<String> {
        out.entities
            .iter()
            .map(|e| e.to_ftm().to_string())
            .collect()
    };
    assert_eq!(json(&varied), json(&original));
    assert_eq!(varied.problems.len(), 1);
    assert_eq!(varied.problems[0].code, "unknown_column");
    assert_eq!(varied.problems[0].line, Some(2));
    assert!(varied.problems[0].message.contains("\"Remarks\""));
}

#[test]
fn awkward_rows_are_reported_not_dropped() {
    let header = header().join(",");
    let rows = [
        // The two rows of DPR0950 are not next to each other; neither is a primary name.
        row(&[
            ("Unique ID", "DPR0950"),
            ("Name 6", "MIRIM TRADING"),
            ("Name type", "Alias"),
            ("Designation Type", "Entity"),
        ]),
        row(&[
            ("Name 6", "NO ID TRADING"),
            ("Name type", "Primary Name"),
            ("Designation Type", "Entity"),
        ]),
        row(&[
            ("Unique ID", "DPR0951"),
            ("Name 6", "PAK"),
            ("Name 1", "Su Il"),
            ("Name type", "Primary Name"),
            ("Designation Type", "Individual"),
            ("D.O.B", "00/00/1975"),
            ("IMO number", "IMO1234567"),
        ]),
        row(&[
            ("Unique ID", "DPR0950"),
            ("Name 6", "MIRIM TRADING CO"),
            ("Name type", "Alias"),
            ("Designation Type", "Entity"),
            ("IMO number", "IMO 12345"),
        ]),
    ];
    let text = format!("Report Date: 02-Mar-2026\n{header}\n{}\n", rows.join("\n"));
    let out = read_text(&text).unwrap();
    assert_eq!(out.records, 2);
    let o = entity(&out, "uk-dpr0950");
    // The first alias stands in as the name.
    assert_eq!(o.get("name"), ["MIRIM TRADING"]);
    assert_eq!(o.get("alias"), ["MIRIM TRADING", "MIRIM TRADING CO"]);
    assert!(o.get("imoNumber").is_empty());
    assert_eq!(o.get("notes"), ["IMO number as listed: IMO 12345"]);
    let p = entity(&out, "uk-dpr0951");
    assert_eq!(p.get("birthDate"), ["1975"]);
    assert!(p.get("imoNumber").is_empty());
    let found: Vec<(&str, Severity, Option<&str>, Option<u64>)> = out
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.severity, p.record.as_deref(), p.line))
        .collect();
    assert_eq!(
        found,
        [
            // The row without a Unique ID.
            ("bad_record", Severity::Error, None, Some(4)),
            // An IMO number that is not seven digits is kept in the notes.
            ("invalid_value", Severity::Warning, Some("DPR0950"), Some(6)),
            ("missing_name", Severity::Warning, Some("DPR0950"), Some(3)),
            // A person has no IMO number.
            ("invalid_value", Severity::Warning, Some("DPR0951"), Some(5)),
        ]
    );
}

#[test]
fn empty_file_is_refused() {
    let err = read_text("\n\n").unwrap_err();
    assert_eq!(
        err,
        ReadError::Empty {
            file: "uk.csv".into()
        }
    );
}

#[test]
fn other_lists_are_refused() {
    let un = std::fs::read(common::fixture("un/consolidated_small.xml")).unwrap();
    let err = uk::read(&InputFile::new("un.xml", &un)).unwrap_err();
    assert_eq!(
        err,
        ReadError::WrongFormat {
            file: "un.xml".into(),
            expected: "a UK Sanctions List CSV (FCDO)".into(),
            found: "a UN consolidated list (XML)".into(),
        }
    );
    let ofac = b"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- \r\n";
    let err = uk::read(&InputFile::new("sdn.csv", ofac)).unwrap_err();
    let ReadError::WrongFormat { found, .. } = &err else {
        panic!("expected wrong format, got {err:?}");
    };
    assert_eq!(found, "an OFAC-style CSV");
}

#[test]
fn invalid_utf8_names_its_line() {
    let mut data = fixture_text().into_bytes();
    let text = String::from_utf8(data.clone()).unwrap();
    let at = text.find("조선").unwrap();
    let line = text[..at].matches('\n').count() as u64 + 1;
    data[at] = 0xFF;
    let err = uk::read(&InputFile::new("bad.csv", &data)).unwrap_err();
    let ReadError::Encoding { at: loc, .. } = &err else {
        panic!("expected an encoding error, got {err:?}");
    };
    assert_eq!(loc.line, Some(line));
    assert_eq!(loc.offset, Some(at as u64));
}

#[test]
fn a_header_without_unique_id_is_malformed() {
    let err = read_text(
        "Report Date: 02-Mar-2026\r\nName 6,Name type,Regime Name\r\nKIM,Primary Name,x\r\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "uk.csv:2 (byte 26): the header has no Unique ID column"
    );
}
