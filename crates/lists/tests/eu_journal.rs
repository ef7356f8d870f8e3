//! Tests of the reader of OpenSanctions' EU Official Journal annex transcription, on the real
//! Regulation 2017/1509 (DPRK) annexes and on a hand-written fixture.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use ce2_lists::{eu_journal, Entity, Format, InputFile, ReadError, ReadOutput, Severity};

const REAL: &str = "sanctions/eu/eu_reg_2017_1509_dprk_annexes_consolidated_2025-12-17.csv";

fn read_real() -> Option<ReadOutput> {
    let path = common::shared_file(REAL)?;
    let data = std::fs::read(&path).expect("the shared file is readable");
    let t = Instant::now();
    let out = eu_journal::read(&InputFile::new(REAL, &data)).expect("the real file reads");
    eprintln!(
        "eu_journal::read: {} rows, {} entities, {} bytes in {:?}",
        out.records,
        out.entities.len(),
        data.len(),
        t.elapsed()
    );
    Some(out)
}

fn read_fixture() -> ReadOutput {
    let data = std::fs::read(common::fixture("eu/journal_prk.csv")).expect("fixture");
    eu_journal::read(&InputFile::new("journal_prk.csv", &data)).expect("the fixture reads")
}

fn entity<'a>(out: &'a ReadOutput, id: &str) -> &'a Entity {
    out.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

fn of_schema<'a>(out: &'a ReadOutput, schema: &'a str) -> impl Iterator<Item = &'a Entity> + 'a {
    out.entities
        .iter()
        .filter(move |e| e.schema().name == schema)
}

#[test]
fn real_annexes_give_one_party_and_one_sanction_per_row() {
    let Some(out) = read_real() else { return };
    assert_eq!(out.records, 326);
    assert_eq!(out.meta.dataset, "eu_journal");
    assert_eq!(
        out.meta.publisher,
        "Council of the European Union (Official Journal)"
    );
    assert_eq!(out.meta.format, Format::EuJournalCsv);
    assert_eq!(out.meta.published, None);
    assert_eq!(of_schema(&out, "Person").count(), 157);
    // The 94 LegalEntity rows, read as organisations.
    assert_eq!(of_schema(&out, "Organization").count(), 94);
    assert_eq!(of_schema(&out, "LegalEntity").count(), 0);
    assert_eq!(of_schema(&out, "Vessel").count(), 75);
    assert_eq!(of_schema(&out, "Sanction").count(), 326);
    assert_eq!(of_schema(&out, "Passport").count(), 82);
    assert_eq!(of_schema(&out, "Address").count(), 135);
    let ids: HashSet<&str> = out.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), out.entities.len(), "entity ids are unique");
    // Every reference points at an entity of the file.
    for e in &out.entities {
        for (prop, target) in e.references() {
            assert!(ids.contains(target), "{} {prop} → {target}", e.id);
        }
    }
}

#[test]
fn real_vessels_carry_their_imo_numbers() {
    let Some(out) = read_real() else { return };
    let vessels: Vec<&Entity> = of_schema(&out, "Vessel").collect();
    let with_imo: Vec<&&Entity> = vessels.iter().filter(|v| v.has("imoNumber")).collect();
    // 74 of the 75 ship rows print a seven-digit IMO number; the 75th prints "Does not exist".
    assert_eq!(with_imo.len(), 74);
    for v in &with_imo {
        let imo = v.get("imoNumber");
        assert_eq!(imo.len(), 1, "{}", v.id);
        assert!(
            imo[0].len() == 7 && imo[0].bytes().all(|b| b.is_ascii_digit()),
            "{} {:?}",
            v.id,
            imo
        );
    }
    let distinct: HashSet<&str> = with_imo.iter().map(|v| v.get("imoNumber")[0]).collect();
    // Ships listed under both an asset freeze (XIV.A) and transport restrictions (XIV.B).
    assert_eq!(distinct.len(), 60);
    let without = vessels
        .iter()
        .find(|v| !v.has("imoNumber"))
        .expect("one ship without IMO");
    assert_eq!(without.id, "eu-journal-32017r1509-xiv-b-33");
    assert_eq!(without.get("name"), ["MIN NING DE YOU 078"]);
    let p = out
        .problems
        .iter()
        .find(|p| p.record.as_deref() == Some("XIV.B/33"))
        .expect("the missing IMO is reported");
    assert_eq!(p.code, "invalid_value");
    assert_eq!(p.line, Some(225));
    assert!(p.message.contains("\"Does not exist\""), "{}", p.message);

    // Ships without a record id in Annex XIII.B take their id from the IMO number.
    let chol_ryong = entity(&out, "eu-journal-32017r1509-xiii-b-imo-8606173");
    assert_eq!(chol_ryong.get("name"), ["Chol Ryong"]);
    assert_eq!(chol_ryong.get("alias"), ["Ryong Gun Bong"]);
    let (_, source) = chol_ryong.values("name").next().expect("a name");
    assert_eq!(source.record, "XIII.B/IMO 8606173");
}

#[test]
fn real_hangul_originals_stay_names() {
    let Some(out) = read_real() else { return };
    let kim = entity(&out, "eu-journal-32017r1509-xv-a-7");
    assert_eq!(kim.get("name"), ["KIM Yong Chol"]);
    assert_eq!(
        kim.get("alias"),
        [
            "김영철",
            "KIM Yong-Chol",
            "KIM Young-Chol",
            "KIM Young-Cheol",
            "KIM Young-Chul"
        ]
    );
    assert_eq!(kim.get("birthDate"), ["1946"]);
    let (_, source) = kim.values("name").next().expect("a name");
    assert_eq!(source.dataset, "eu_journal");
    assert_eq!(source.record, "XV.A/7");
    // A name printed with its Hangul form gives the Latin name and the Hangul alias.
    let kim_kwang_yon = entity(&out, "eu-journal-32017r1509-xv-a-32");
    assert_eq!(kim_kwang_yon.get("name"), ["KIM Kwang Yon"]);
    assert_eq!(kim_kwang_yon.get("alias"), ["김광연"]);
    let with_hangul = out
        .entities
        .iter()
        .filter(|e| {
            e.get("alias")
                .iter()
                .any(|a| a.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
        })
        .count();
    assert_eq!(with_hangul, 77);
}

#[test]
fn real_aliases_split_on_commas_only_between_whole_names() {
    let Some(out) = read_real() else { return };
    let jang = entity(&out, "eu-journal-32017r1509-xiii-a-16");
    assert_eq!(jang.get("alias"), ["Jang Pom Su", "Jang Hyon U"]);
    assert_eq!(jang.get("birthDate"), ["1957-04-15", "1958-02-22"]);
    let ri = entity(&out, "eu-journal-32017r1509-xiii-a-51");
    assert_eq!(ri.get("alias"), ["Ri, Chae-Il"]);
    let ra = entity(&out, "eu-journal-32017r1509-xiii-a-8");
    assert!(ra.get("alias").contains(&"Chang, Myong Ho"));
    let djang = entity(&out, "eu-journal-32017r1509-xv-c-4");
    assert_eq!(djang.get("alias").len(), 8);
    assert_eq!(djang.get("alias")[0], "장철희");
    // A labelled alias list in the printed name, and a former name.
    let kogen = entity(&out, "eu-journal-32017r1509-xvi-b-6");
    assert_eq!(
        kogen.get("name"),
        ["Korea General Corporation for External Construction"]
    );
    assert_eq!(kogen.get("alias"), ["KOGEN", "GENCO", "조선대외건설총회사"]);
    let nata = entity(&out, "eu-journal-32017r1509-xiii-b-29");
    assert_eq!(
        nata.get("previousName"),
        ["National Aerospace Development Administration", "NADA"]
    );
}

#[test]
fn real_annex_and_measure_counts() {
    let Some(out) = read_real() else { return };
    let mut annexes: BTreeMap<String, usize> = BTreeMap::new();
    let mut measures: BTreeMap<String, usize> = BTreeMap::new();
    for s in of_schema(&out, "Sanction") {
        assert_eq!(s.get("authority"), ["Council of the European Union"]);
        assert_eq!(s.get("program"), ["EU-PRK"]);
        let provisions = s.get("provisions");
        assert_eq!(provisions.len(), 2, "{}", s.id);
        *measures.entry(provisions[0].to_string()).or_insert(0) += 1;
        *annexes.entry(provisions[1].to_string()).or_insert(0) += 1;
    }
    let expected: BTreeMap<String, usize> = [
        ("Annex XIII.A", 80),
        ("Annex XIII.B", 97),
        ("Annex XIV.A", 15),
        ("Annex XIV.B", 36),
        ("Annex XV.A", 37),
        ("Annex XV.B", 7),
        ("Annex XV.C", 7),
        ("Annex XV.D", 1),
        ("Annex XV.F", 2),
        ("Annex XVI.A", 33),
        ("Annex XVI.B", 11),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(annexes, expected);
    assert_eq!(measures.get("Asset freeze"), Some(&290));
    assert_eq!(measures.get("Transportation restrictions"), Some(&36));
    let kim = entity(&out, "eu-journal-32017r1509-xv-a-7-sanction");
    assert_eq!(kim.get("authorityId"), ["7"]);
    assert_eq!(kim.get("listingDate"), ["2011-12-19"]);
    assert_eq!(
        kim.get("sourceUrl"),
        ["https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32017R1509"]
    );
    // The one row without a start date gives no listing date, and no problem.
    let ri = entity(&out, "eu-journal-32017r1509-xiii-a-53-sanction");
    assert!(!ri.has("listingDate"));
}

#[test]
fn real_file_problems_are_the_known_defect() {
    let Some(out) = read_real() else { return };
    // The transcription's only value the model refuses: a ship whose IMO number "Does not
    // exist". (The nationality written as the adjective "Russian" is in the country table.)
    let found: Vec<(&str, Option<&str>, Option<u64>)> = out
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.record.as_deref(), p.line))
        .collect();
    assert_eq!(found, [("invalid_value", Some("XIV.B/33"), Some(225)),]);
    assert!(out.problems.iter().all(|p| p.severity == Severity::Warning));
}

#[test]
fn fixture_people() {
    let out = read_fixture();
    assert_eq!(out.records, 7);
    let ri = entity(&out, "eu-journal-32017r1509-xiii-a-12");
    assert_eq!(ri.schema().name, "Person");
    assert_eq!(ri.get("name"), ["Ri Chol Min"]);
    assert_eq!(
        ri.get("alias"),
        ["Ri, Chol-Min", "Ri Chol-min", "Ri Chul Min"]
    );
    // "DPRK." and "male." as printed.
    assert_eq!(ri.get("nationality"), ["kp"]);
    assert_eq!(ri.get("gender"), ["male"]);
    assert_eq!(ri.get("birthDate"), ["1960", "1961-04-03"]);
    assert_eq!(ri.get("passportNumber"), ["PS 472330561", "381420118"]);
    let passports: Vec<&Entity> = of_schema(&out, "Passport")
        .filter(|p| p.get("holder") == [ri.id.as_str()])
        .collect();
    assert_eq!(passports.len(), 2);
    assert_eq!(passports[0].get("number"), ["PS 472330561"]);
    assert_eq!(passports[0].get("summary"), ["expires 4.7.2027"]);
    assert!(!passports[1].has("summary"));

    let pak = entity(&out, "eu-journal-32017r1509-xv-a-3");
    assert_eq!(pak.get("alias"), ["박철수", "PAK Chol-su"]);
    assert_eq!(pak.get("birthPlace"), ["Pyongyang, DPRK"]);

    let kim = entity(&out, "eu-journal-32017r1509-xv-a-34");
    assert_eq!(kim.get("name"), ["KIM Song Hui"]);
    assert_eq!(kim.get("alias"), ["김성희"]);
    assert_eq!(kim.get("gender"), ["female"]);
    assert_eq!(kim.get("birthDate"), ["1983", "1984"]);
    assert_eq!(
        kim.get("position"),
        [
            "Representative of Korea Sobaek Trading Corporation",
            "Trade counsellor"
        ]
    );
}

#[test]
fn fixture_organisations_and_ships() {
    let out = read_fixture();
    let o = entity(&out, "eu-journal-32017r1509-xiii-b-5");
    assert_eq!(o.schema().name, "Organization");
    assert_eq!(o.get("name"), ["Korea Sobaek Trading Corporation"]);
    assert_eq!(o.get("alias"), ["KSTC", "Sobaek Trading"]);
    assert_eq!(o.get("previousName"), ["Sobaek General Trading Company"]);
    assert_eq!(o.get("swiftBic"), ["SOBKKPPY"]);
    assert_eq!(o.get("phone"), ["+850-2-18111-8231", "+850-2-381-4522"]);
    assert_eq!(
        o.get("email"),
        ["sobaek@star-co.net.kp", "info@sobaek-trading.com"]
    );
    let addresses: Vec<&Entity> = o
        .get("addressEntity")
        .iter()
        .map(|id| entity(&out, id))
        .collect();
    assert_eq!(addresses.len(), 2);
    assert_eq!(
        addresses[0].get("full"),
        ["Kumsong 2-dong, Mangyongdae District, Pyongyang, DPRK"]
    );
    assert_eq!(addresses[0].get("country"), ["kp"]);
    assert_eq!(addresses[1].get("country"), ["hk"]);

    let s = entity(&out, "eu-journal-32017r1509-xiii-b-5-sanction");
    assert_eq!(s.get("entity"), [o.id.as_str()]);
    assert_eq!(s.get("authorityId"), ["5"]);
    assert_eq!(s.get("program"), ["EU-PRK"]);
    assert_eq!(s.get("programId"), ["EU-PRK"]);
    assert_eq!(s.get("provisions"), ["Asset freeze", "Annex XIII.B"]);
    assert_eq!(s.get("listingDate"), ["2017-06-02"]);
    assert_eq!(
        s.get("reason"),
        ["Trading company that procures dual-use goods for the Second Academy of Natural Sciences."]
    );

    let shipping = entity(&out, "eu-journal-32017r1509-xvi-b-4");
    assert_eq!(
        shipping.get("name"),
        ["Korea Paektu Ocean Shipping Company"]
    );
    assert_eq!(
        shipping.get("alias"),
        ["PAEKTU OCEAN", "KPOS", "조선백두해운회사"]
    );
    assert_eq!(shipping.get("registrationNumber"), ["5913840"]);

    // A ship without a record id: its id and provenance come from its IMO number.
    let ship = entity(&out, "eu-journal-32017r1509-xiii-b-imo-8712403");
    assert_eq!(ship.schema().name, "Vessel");
    assert_eq!(ship.get("name"), ["Ryong Song 3"]);
    assert_eq!(ship.get("alias"), ["Golden Star"]);
    assert_eq!(ship.get("imoNumber"), ["8712403"]);
    let ship_sanction = entity(&out, "eu-journal-32017r1509-xiii-b-imo-8712403-sanction");
    assert!(!ship_sanction.has("authorityId"));

    let sam_hae = entity(&out, "eu-journal-32017r1509-xiv-b-2");
    assert!(!sam_hae.has("imoNumber"));
    assert_eq!(sam_hae.get("mmsi"), ["445536000"]);
    assert_eq!(
        entity(&out, "eu-journal-32017r1509-xiv-b-2-sanction").get("provisions"),
        ["Transportation restrictions", "Annex XIV.B"]
    );
    assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
    assert_eq!(out.problems[0].record.as_deref(), Some("XIV.B/2"));
    assert_eq!(out.problems[0].line, Some(8));
}

#[test]
fn wrong_column_count_names_line_and_record() {
    let text =
        String::from_utf8(std::fs::read(common::fixture("eu/journal_prk.csv")).expect("fixture"))
            .expect("UTF-8");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(lines[4].starts_with("32017R1509,3,EU-PRK,XV.A,"));
    // Drop the row's last (empty) field.
    assert_eq!(lines[4].pop(), Some(','));
    let data = lines.join("\n");
    let err =
        eu_journal::read(&InputFile::new("short.csv", data.as_bytes())).expect_err("short row");
    match &err {
        ReadError::Malformed { file, at, message } => {
            assert_eq!(file, "short.csv");
            assert_eq!(at.line, Some(5));
            assert_eq!(at.record.as_deref(), Some("XV.A/3"));
            assert_eq!(message, "the row has 44 fields where the header has 45");
        }
        other => panic!("expected malformed, got {other:?}"),
    }
    assert!(err.to_string().starts_with("short.csv:5 (byte "), "{err}");
    assert!(err.to_string().contains("record XV.A/3"), "{err}");
}

#[test]
fn empty_other_and_undecodable_files_are_refused() {
    for data in [&b""[..], b"\n\n", b"\xEF\xBB\xBF"] {
        assert_eq!(
            eu_journal::read(&InputFile::new("e.csv", data)).map(|_| ()),
            Err(ReadError::Empty {
                file: "e.csv".into()
            })
        );
    }
    let fsf_csv = std::fs::read(common::fixture("eu/fsf_prk.csv")).expect("fixture");
    let fsf_xml = std::fs::read(common::fixture("eu/fsf_prk.xml")).expect("fixture");
    let ofac =
        b"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
    let cases: [(&[u8], &str); 3] = [
        (&fsf_csv, "an EU Financial Sanctions Files CSV"),
        (&fsf_xml, "an EU Financial Sanctions Files XML export"),
        (ofac, "an OFAC-style CSV"),
    ];
    for (data, found_expected) in cases {
        match eu_journal::read(&InputFile::new("f", data)) {
            Err(ReadError::WrongFormat {
                expected, found, ..
            }) => {
                assert_eq!(expected, "an EU Official Journal annex transcription (CSV)");
                assert_eq!(found, found_expected);
            }
            other => panic!("expected wrong format, got {other:?}"),
        }
    }
    let mut bad = std::fs::read(common::fixture("eu/journal_prk.csv")).expect("fixture");
    let at = bad.len() - 5;
    bad[at] = 0xC3;
    let err = eu_journal::read(&InputFile::new("bad.csv", &bad)).expect_err("invalid UTF-8");
    assert_eq!(err.code(), "bad_encoding");
    assert!(err.to_string().starts_with("bad.csv:8 (byte "), "{err}");
}

#[test]
fn repeated_annex_entries_keep_distinct_ids() {
    let text =
        String::from_utf8(std::fs::read(common::fixture("eu/journal_prk.csv")).expect("fixture"))
            .expect("UTF-8");
    let row = text.lines().nth(1).expect("a first row").to_string();
    assert!(row.starts_with("32017R1509,12,EU-PRK,XIII.A,Asset freeze,"));
    // The same entry under another measure (a legitimate second row), then an exact copy (a
    // defect of the transcription, read again and reported).
    let other_measure = row.replace(",Asset freeze,", ",Transportation restrictions,");
    let data = format!("{text}{other_measure}\n{row}\n");
    let out = eu_journal::read(&InputFile::new("dup.csv", data.as_bytes())).expect("reads");
    assert_eq!(out.records, 9);
    let parties: Vec<&str> = of_schema(&out, "Person")
        .filter(|p| p.get("name") == ["Ri Chol Min"])
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(parties.len(), 3);
    let distinct: HashSet<&str> = parties.iter().copied().collect();
    assert_eq!(distinct.len(), 3, "{parties:?}");
    assert_eq!(parties[0], "eu-journal-32017r1509-xiii-a-12");
    let duplicates: Vec<_> = out
        .problems
        .iter()
        .filter(|p| p.code == "duplicate_record")
        .collect();
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0].line, Some(10));
    assert_eq!(duplicates[0].record.as_deref(), Some("XIII.A/12"));
    assert_eq!(
        duplicates[0].message,
        "the row repeats line 2 exactly; it is read again"
    );
}
