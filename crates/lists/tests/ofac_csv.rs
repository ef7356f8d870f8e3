//! The OFAC SDN CSV reader, on a hand-written set of six entries and on the real files.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use ce2_lists::ofac_csv::{read, OfacCsvSet};
use ce2_lists::{text, Entity, InputFile, ReadError, ReadOutput, Severity};

/// The four files of a set, as bytes.
struct SetFiles {
    sdn: Vec<u8>,
    add: Option<Vec<u8>>,
    alt: Option<Vec<u8>>,
    comments: Option<Vec<u8>>,
}

impl SetFiles {
    fn read(&self) -> Result<ReadOutput, ReadError> {
        read(&OfacCsvSet {
            sdn: InputFile::new("sdn.csv", &self.sdn),
            add: self.add.as_deref().map(|d| InputFile::new("add.csv", d)),
            alt: self.alt.as_deref().map(|d| InputFile::new("alt.csv", d)),
            comments: self
                .comments
                .as_deref()
                .map(|d| InputFile::new("sdn_comments.csv", d)),
        })
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::fixture(&format!("ofac_csv/{name}"))).expect("fixture")
}

fn mini_set() -> SetFiles {
    SetFiles {
        sdn: fixture("sdn.fixture.csv"),
        add: Some(fixture("add.csv")),
        alt: Some(fixture("alt.csv")),
        comments: Some(fixture("sdn_comments.csv")),
    }
}

fn shared(rel: &str) -> Option<Vec<u8>> {
    common::shared_file(&format!("sanctions/ofac/{rel}")).map(|p| std::fs::read(p).expect("read"))
}

fn by_id<'a>(out: &'a ReadOutput, id: &str) -> &'a Entity {
    out.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

fn of_schema<'a>(out: &'a ReadOutput, schema: &str) -> Vec<&'a Entity> {
    out.entities
        .iter()
        .filter(|e| e.schema().name == schema)
        .collect()
}

fn schema_counts(out: &ReadOutput) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for e in &out.entities {
        *counts.entry(e.schema().name.clone()).or_default() += 1;
    }
    counts
}

fn problem_counts(out: &ReadOutput) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for p in &out.problems {
        *counts.entry(p.code.clone()).or_default() += 1;
    }
    counts
}

// --- The hand-written set -------------------------------------------------------------------

#[test]
fn mini_set_reads_every_entry_and_reports_what_does_not_join() {
    let out = mini_set().read().unwrap();
    assert_eq!(out.records, 6);
    assert_eq!(out.meta.dataset, "us_ofac_sdn");
    assert_eq!(
        out.meta.publisher,
        "Office of Foreign Assets Control (US Treasury)"
    );
    assert_eq!(out.meta.published, None);
    let expected: BTreeMap<String, usize> = [
        ("Address", 2),
        ("Airplane", 1),
        ("CryptoWallet", 3),
        ("Organization", 3),
        ("Ownership", 1),
        ("Passport", 2),
        ("Person", 1),
        ("Sanction", 6),
        ("UnknownLink", 4),
        ("Vessel", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(schema_counts(&out), expected);

    // Exactly two problems: the address of an entry that is not in sdn.csv, and a
    // "Linked To" naming a party that is not on the list.
    assert_eq!(out.problems.len(), 2, "{:#?}", out.problems);
    let orphan = &out.problems[0];
    assert_eq!(orphan.code, "orphan_record");
    assert_eq!(orphan.severity, Severity::Warning);
    assert_eq!(orphan.record.as_deref(), Some("95099"));
    assert_eq!(orphan.line, Some(5));
    assert!(
        orphan.message.starts_with("add.csv: "),
        "{}",
        orphan.message
    );
    let link = &out.problems[1];
    assert_eq!(link.code, "unresolved_link");
    assert_eq!(link.record.as_deref(), Some("95006"));
    assert_eq!(link.line, Some(6));
    assert!(link
        .message
        .contains("\"Linked To: GRUPO INEXISTENTE S.A\""));
    assert_eq!(
        by_id(&out, "ofac-95006").get("notes"),
        ["Linked To: GRUPO INEXISTENTE S.A"]
    );

    // Every value carries the entry it comes from and no publication date.
    let (_, prov) = by_id(&out, "ofac-95003").values("name").next().unwrap();
    assert_eq!(
        (prov.dataset.as_str(), prov.record.as_str(), &prov.published),
        ("us_ofac_sdn", "95003", &None)
    );
}

#[test]
fn dprk_vessel_with_imo_in_a_file_ending_in_ctrl_z() {
    let files = mini_set();
    assert_eq!(
        files.sdn.last(),
        Some(&0x1a),
        "the fixture keeps OFAC's trailer"
    );
    let out = files.read().unwrap();
    let ship = by_id(&out, "ofac-95002");
    assert_eq!(ship.schema().name, "Vessel");
    assert_eq!(ship.get("name"), ["PAEKTU STAR"]);
    assert_eq!(ship.get("imoNumber"), ["9000003"]);
    assert_eq!(ship.get("mmsi"), ["445123456"]);
    assert_eq!(ship.get("callSign"), ["HMXY9"]);
    assert_eq!(ship.get("type"), ["Crude Oil Tanker"]);
    assert_eq!(ship.get("tonnage"), ["2998"]);
    assert_eq!(ship.get("grossRegisteredTonnage"), ["1604"]);
    assert_eq!(ship.get("flag"), ["kp"]);
    assert_eq!(ship.get("pastFlags"), ["sl"]);
    assert_eq!(ship.get("previousName"), ["PAEKTU PIONEER"]);
    assert_eq!(ship.get("topics"), ["sanction"]);
    assert!(!ship.has("notes"), "{:?}", ship.get("notes"));

    let sanction = by_id(&out, "ofac-95002-sanction");
    assert_eq!(sanction.get("entity"), ["ofac-95002"]);
    assert_eq!(
        sanction.get("authority"),
        ["Office of Foreign Assets Control"]
    );
    assert_eq!(sanction.get("authorityId"), ["95002"]);
    assert_eq!(sanction.get("program"), ["DPRK4"]);
    assert_eq!(
        sanction.get("provisions"),
        ["Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210"]
    );

    // Vess_owner names an entry of the file: an Ownership; "Linked To" the same company: one
    // UnknownLink.
    let owns = by_id(&out, "ofac-95002-owner-95001");
    assert_eq!(owns.schema().name, "Ownership");
    assert_eq!(owns.get("owner"), ["ofac-95001"]);
    assert_eq!(owns.get("asset"), ["ofac-95002"]);
    let link = by_id(&out, "ofac-link-95001-95002");
    assert_eq!(link.get("subject"), ["ofac-95002"]);
    assert_eq!(link.get("object"), ["ofac-95001"]);
}

#[test]
fn person_with_passports_birth_date_and_aliases() {
    let out = mini_set().read().unwrap();
    let p = by_id(&out, "ofac-95003");
    assert_eq!(p.schema().name, "Person");
    assert_eq!(p.get("name"), ["RYANG, Myong Dok"]);
    assert_eq!(p.get("lastName"), ["RYANG"]);
    assert_eq!(p.get("firstName"), ["Myong Dok"]);
    assert_eq!(p.get("birthDate"), ["1971-03-14"]);
    assert_eq!(p.get("birthPlace"), ["Pyongyang, Korea, North"]);
    assert_eq!(p.get("nationality"), ["kp"]);
    assert_eq!(p.get("gender"), ["male"]);
    assert_eq!(
        p.get("position"),
        ["Representative of Koryo Sample Shipping"]
    );
    assert_eq!(p.get("passportNumber"), ["836410077", "PD472300111"]);
    assert_eq!(p.get("alias"), ["RYANG, Myong-dok"]);
    assert_eq!(p.get("weakAlias"), ["RYANG M.D."]);
    // add.csv gives only a country for this entry: a country, no Address entity.
    assert_eq!(p.get("country"), ["kp"]);
    assert!(!p.has("addressEntity"));
    // The Title repeated in the remarks is not a note; the free sentence is.
    assert_eq!(
        p.get("notes"),
        ["Known for arranging port calls in third countries"]
    );

    let passports = of_schema(&out, "Passport");
    assert_eq!(passports.len(), 2);
    let first = passports
        .iter()
        .find(|d| d.get("number") == ["836410077"])
        .expect("passport 836410077");
    assert!(first.id.starts_with("ofac-95003-passport-"), "{}", first.id);
    assert_eq!(first.get("holder"), ["ofac-95003"]);
    assert_eq!(first.get("country"), ["kp"]);
    assert_eq!(first.get("type"), ["Passport"]);
    assert_eq!(first.get("startDate"), ["2016-02-02"]);
    assert_eq!(first.get("endDate"), ["2021-02-02"]);
    let second = passports
        .iter()
        .find(|d| d.get("number") == ["PD472300111"])
        .expect("passport PD472300111");
    assert_eq!(second.get("country"), ["kp"]);
    assert!(!second.has("startDate"));
}

#[test]
fn wallets_split_across_sdn_and_comments() {
    let out = mini_set().read().unwrap();
    let mut wallets: Vec<(String, String, Vec<String>)> = of_schema(&out, "CryptoWallet")
        .iter()
        .map(|w| {
            assert!(w.id.starts_with("ofac-wallet-"), "{}", w.id);
            (
                w.get("currencySymbol").join(""),
                w.get("publicKey").join(""),
                w.get("holder").iter().map(|h| h.to_string()).collect(),
            )
        })
        .collect();
    wallets.sort();
    let holder = vec!["ofac-95004".to_string()];
    assert_eq!(
        wallets,
        [
            (
                "ETH".to_string(),
                "0x52908400098527886E0F7030069857D2E4169EE7".to_string(),
                holder.clone()
            ),
            (
                "XBT".to_string(),
                "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy".to_string(),
                holder.clone()
            ),
            (
                "XBT".to_string(),
                "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh".to_string(),
                holder
            ),
        ]
    );

    let unit = by_id(&out, "ofac-95004");
    assert_eq!(unit.get("alias").len(), 10);
    assert_eq!(
        unit.get("email"),
        ["contact@unit90.example", "recruit@unit90.example"]
    );
    assert_eq!(unit.get("incorporationDate"), ["2017"]);
    assert_eq!(unit.get("classification"), ["Government Entity"]);
    // "Gender" means nothing for an organization: the remark is kept as text.
    assert_eq!(
        unit.get("notes"),
        ["Operates through front companies registered in third countries; Gender Male"]
    );
    let sanction = by_id(&out, "ofac-95004-sanction");
    assert_eq!(sanction.get("program"), ["DPRK3", "CYBER2"]);
    assert_eq!(sanction.get("provisions").len(), 2);
}

#[test]
fn without_the_overflow_the_cut_remark_is_kept_as_text() {
    let files = SetFiles {
        sdn: fixture("sdn.fixture.csv"),
        add: None,
        alt: None,
        comments: None,
    };
    let out = files.read().unwrap();
    // Only the address before the cut; half an ETH address is not a wallet.
    let wallets = of_schema(&out, "CryptoWallet");
    assert_eq!(wallets.len(), 1);
    assert_eq!(
        wallets[0].get("publicKey"),
        ["bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"]
    );
    let notes = by_id(&out, "ofac-95004").get("notes").join("");
    assert!(
        notes.ends_with("; Digital Currency Address - ETH 0x52908400098527"),
        "{notes}"
    );
    assert_eq!(
        problem_counts(&out),
        [
            ("truncated_remarks".to_string(), 1),
            ("unresolved_link".to_string(), 1)
        ]
        .into_iter()
        .collect()
    );
    let cut = out
        .problems
        .iter()
        .find(|p| p.code == "truncated_remarks")
        .unwrap();
    assert_eq!((cut.record.as_deref(), cut.line), (Some("95004"), Some(4)));
}

#[test]
fn latin1_names_and_references_by_name() {
    let out = mini_set().read().unwrap();
    let airline = by_id(&out, "ofac-95006");
    assert_eq!(airline.get("name"), ["COMPAÑÍA AÉREA ÉCLAIR S.A."]);
    assert_eq!(airline.get("alias"), ["ÉCLAIR AIR"]);
    assert_eq!(airline.get("registrationNumber"), ["155612345"]);
    assert_eq!(airline.get("email"), ["info@eclair-air.example"]);
    assert_eq!(airline.get("country"), ["pa"]);
    assert_eq!(airline.get("addressEntity"), ["ofac-95006-addr-71004"]);
    let address = by_id(&out, "ofac-95006-addr-71004");
    assert_eq!(
        address.get("full"),
        ["Calle Méndez 12, Edificio Éclair, Panama City, Panama"]
    );
    assert_eq!(address.get("street"), ["Calle Méndez 12, Edificio Éclair"]);
    assert_eq!(address.get("country"), ["pa"]);

    // The aircraft's operator is named in the remarks with its accents.
    let plane = by_id(&out, "ofac-95005");
    assert_eq!(plane.schema().name, "Airplane");
    assert_eq!(plane.get("model"), ["Il-62M"]);
    assert_eq!(plane.get("serialNumber"), ["3749201"]);
    assert_eq!(plane.get("buildDate"), ["1988"]);
    assert_eq!(plane.get("registrationNumber"), ["P-997"]);
    let operator = by_id(&out, "ofac-95005-operator-95006");
    assert_eq!(operator.get("subject"), ["ofac-95005"]);
    assert_eq!(operator.get("object"), ["ofac-95006"]);
    assert_eq!(operator.get("role"), ["Aircraft operator"]);
}

#[test]
fn organization_with_un_reference_imo_and_aliases() {
    let out = mini_set().read().unwrap();
    let company = by_id(&out, "ofac-95001");
    assert_eq!(company.schema().name, "Organization");
    assert_eq!(company.get("imoNumber"), ["5550123"]);
    assert_eq!(company.get("incorporationDate"), ["1998"]);
    assert_eq!(company.get("alias"), ["KSS CO", "KORYO SAMPLE SHIPPING"]);
    assert_eq!(company.get("previousName"), ["SAMPLE OCEAN TRANSPORT CO"]);
    assert_eq!(company.get("addressEntity"), ["ofac-95001-addr-71001"]);
    assert_eq!(
        by_id(&out, "ofac-95001-addr-71001").get("full"),
        ["Sochon-dong, Sosong-guyok, Pyongyang, Korea, North"]
    );
    let sanction = by_id(&out, "ofac-95001-sanction");
    assert_eq!(sanction.get("unscId"), ["KPe.998"]);
    assert_eq!(sanction.get("program"), ["DPRK3"]);
    // Three entries are "Linked To" this company: three links, each stated once.
    let links: Vec<&Entity> = of_schema(&out, "UnknownLink")
        .into_iter()
        .filter(|l| l.get("object") == ["ofac-95001"])
        .collect();
    assert_eq!(links.len(), 3);
}

// --- Bad input ------------------------------------------------------------------------------

const GOOD_ROWS: &[u8] =
    b"95001,\"SAMPLE ONE\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
95002,\"SAMPLE TWO\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";

#[test]
fn a_row_with_the_wrong_column_count_is_malformed() {
    let mut data = GOOD_ROWS.to_vec();
    data.extend_from_slice(
        b"95003,\"SAMPLE THREE\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a",
    );
    let err = read(&OfacCsvSet::new(InputFile::new("sdn.csv", &data))).unwrap_err();
    assert_eq!(err.code(), "malformed");
    assert_eq!(
        err.to_string(),
        "sdn.csv:3 record 95003: a row of 11 columns where sdn.csv has 12"
    );

    // The same in a companion file names that file.
    let alt = b"95001,1,\"aka\",\"ONE\",-0- \r\n95002,2,\"aka\",\"TWO\"\r\n";
    let err = read(&OfacCsvSet {
        alt: Some(InputFile::new("alt.csv", alt)),
        ..OfacCsvSet::new(InputFile::new("sdn.csv", GOOD_ROWS))
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "alt.csv:2 record 95002: a row of 4 columns where alt.csv has 5"
    );
}

#[test]
fn latin1_bytes_are_read_not_refused() {
    // 0xE9 is not valid UTF-8; in Windows-1252 it is "é".
    let data = b"95001,\"SOCI\xc9T\xc9 G\xc9N\xc9RALE D'\xc9CHANGES\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"POB Bogot\xe1, Colombia.\"\r\n";
    let out = read(&OfacCsvSet::new(InputFile::new("sdn.csv", data))).unwrap();
    let party = by_id(&out, "ofac-95001");
    assert_eq!(party.get("name"), ["SOCIÉTÉ GÉNÉRALE D'ÉCHANGES"]);
    // An organization has no birth place: the remark stays as text, accents intact.
    assert_eq!(party.get("notes"), ["POB Bogotá, Colombia"]);
    assert!(out.problems.is_empty());
}

#[test]
fn empty_files_are_refused() {
    for data in [&b""[..], b"\r\n", b"\r\n\x1a"] {
        let err = read(&OfacCsvSet::new(InputFile::new("sdn.csv", data))).unwrap_err();
        assert_eq!(err.to_string(), "sdn.csv: the file is empty");
    }
    let err = read(&OfacCsvSet {
        comments: Some(InputFile::new("sdn_comments.csv", b"\x1a")),
        ..OfacCsvSet::new(InputFile::new("sdn.csv", GOOD_ROWS))
    })
    .unwrap_err();
    assert_eq!(
        err,
        ReadError::Empty {
            file: "sdn_comments.csv".to_string()
        }
    );
}

#[test]
fn another_list_is_the_wrong_format() {
    let xml = fixture("un_list_head.xml");
    let err = read(&OfacCsvSet::new(InputFile::new("sdn.csv", &xml))).unwrap_err();
    assert_eq!(
        err,
        ReadError::WrongFormat {
            file: "sdn.csv".to_string(),
            expected: "an OFAC sdn.csv file".to_string(),
            found: text::sniff(&xml),
        }
    );
    assert_eq!(
        err.to_string(),
        "sdn.csv: this is not an OFAC sdn.csv file; it looks like a UN consolidated list (XML)"
    );

    // add.csv handed over as sdn.csv, and sdn.csv as alt.csv.
    let add = fixture("add.csv");
    let err = read(&OfacCsvSet::new(InputFile::new("sdn.csv", &add))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sdn.csv: this is not an OFAC sdn.csv file; it looks like an OFAC add.csv file (6 columns)"
    );
    let err = read(&OfacCsvSet {
        alt: Some(InputFile::new("alt.csv", GOOD_ROWS)),
        ..OfacCsvSet::new(InputFile::new("sdn.csv", GOOD_ROWS))
    })
    .unwrap_err();
    assert_eq!(err.code(), "wrong_format");

    // A short file with a byte-order mark does not trip the format check.
    let err = read(&OfacCsvSet::new(InputFile::new(
        "sdn.csv",
        b"\xEF\xBB\xBF<x/>",
    )))
    .unwrap_err();
    assert_eq!(err.code(), "wrong_format");
}

#[test]
fn companion_rows_of_unknown_entries_are_reported() {
    let add = b"95001,1,\"Street 1\",\"Pyongyang\",\"Korea, North\",-0- \r\n77777,2,\"Street 2\",\"Nampo\",\"Korea, North\",-0- \r\n";
    let alt = b"88888,3,\"aka\",\"NOBODY\",-0- \r\n";
    let out = read(&OfacCsvSet {
        add: Some(InputFile::new("add.csv", add)),
        alt: Some(InputFile::new("alt.csv", alt)),
        ..OfacCsvSet::new(InputFile::new("sdn.csv", GOOD_ROWS))
    })
    .unwrap();
    let orphans: Vec<(Option<&str>, Option<u64>, bool)> = out
        .problems
        .iter()
        .map(|p| {
            assert_eq!(p.code, "orphan_record");
            (
                p.record.as_deref(),
                p.line,
                p.message.starts_with("alt.csv"),
            )
        })
        .collect();
    assert_eq!(
        orphans,
        [
            (Some("88888"), Some(1), true),
            (Some("77777"), Some(2), false)
        ]
    );
    assert_eq!(of_schema(&out, "Address").len(), 1);
}

// --- The real files -------------------------------------------------------------------------

fn dprk_parties(out: &ReadOutput) -> Vec<&Entity> {
    let dprk: Vec<&str> = of_schema(out, "Sanction")
        .into_iter()
        .filter(|s| s.get("program").iter().any(|p| p.starts_with("DPRK")))
        .filter_map(|s| s.first("entity"))
        .collect();
    out.entities
        .iter()
        .filter(|e| dprk.contains(&e.id.as_str()))
        .collect()
}

#[test]
fn real_2024_sdn() {
    let Some(sdn) = shared("2024-05-03/sdn.csv") else {
        return;
    };
    let out = read(&OfacCsvSet::new(InputFile::new("sdn.csv", &sdn))).unwrap();
    assert_eq!(out.records, 14_965);
    assert_eq!(of_schema(&out, "Sanction").len(), 14_965);

    let dprk = dprk_parties(&out);
    assert_eq!(dprk.len(), 484);
    let count = |schema: &str| dprk.iter().filter(|e| e.schema().name == schema).count();
    assert_eq!(count("Vessel"), 105);
    assert_eq!(count("Person"), 164);
    assert_eq!(count("Airplane"), 16);
    assert_eq!(count("Organization"), 199);

    let ship = by_id(&out, "ofac-17069");
    assert_eq!(ship.get("name"), ["CHONG CHON GANG"]);
    assert_eq!(ship.get("imoNumber"), ["7937317"]);
    assert_eq!(ship.get("flag"), ["kp"]);
    assert_eq!(ship.get("type"), ["General Cargo"]);
    assert_eq!(
        by_id(&out, "ofac-17069-sanction").get("provisions").len(),
        2
    );

    let person = by_id(&out, "ofac-17616");
    assert_eq!(person.get("name"), ["RYU, Jin"]);
    assert_eq!(person.get("birthDate"), ["1965-08-07"]);
    assert_eq!(person.get("passportNumber"), ["563410081"]);
    assert_eq!(person.get("position"), ["KOMID official in Syria"]);
    assert!(!person.has("notes"));

    // "Aircraft Operator Air Koryo" names the entry AIR KORYO.
    let plane = by_id(&out, "ofac-20540");
    assert_eq!(plane.get("model"), ["AN24-RV"]);
    let operator = of_schema(&out, "UnknownLink")
        .into_iter()
        .find(|l| l.get("subject") == ["ofac-20540"] && l.get("role") == ["Aircraft operator"])
        .expect("operator link");
    let airline = by_id(&out, operator.first("object").unwrap());
    assert_eq!(airline.get("name"), ["AIR KORYO"]);

    // What stays unread: remarks no key covers, in the notes, beside the owners of five
    // vessels that are not entries of the list.
    let notes: Vec<&str> = out
        .entities
        .iter()
        .flat_map(|e| e.get("notes"))
        .flat_map(|n| n.split("; "))
        .collect();
    let owners = notes
        .iter()
        .filter(|n| n.starts_with("Vessel owner: "))
        .count();
    assert_eq!(owners, 5);
    assert_eq!(notes.len() - owners, 959);
    // Every value refused is a country value that names no country the table knows: "None
    // Identified" (twice) and the like. (The list's "Palestinian", "Eritrean" and "North
    // Macedonia, The Republic of" are in the country table.)
    assert!(out
        .problems
        .iter()
        .filter(|p| p.code == "invalid_value")
        .all(|p| p.message.contains("unknown country")));
    assert_eq!(
        problem_counts(&out),
        [
            ("invalid_value".to_string(), 6),
            ("truncated_remarks".to_string(), 18),
            ("unresolved_link".to_string(), 10),
        ]
        .into_iter()
        .collect()
    );
}

#[test]
fn real_dprk_wallets_with_their_overflow() {
    let (Some(sdn), Some(comments), Some(expected)) = (
        shared("2024-05-03/sdn.csv"),
        shared("2025-12-24/sdn_comments.csv"),
        shared("dprk_digital_currency_addresses.csv"),
    ) else {
        return;
    };
    let out = SetFiles {
        sdn,
        add: None,
        alt: None,
        comments: Some(comments),
    }
    .read()
    .unwrap();
    let wallets: HashMap<(&str, &str), &Entity> = of_schema(&out, "CryptoWallet")
        .into_iter()
        .map(|w| {
            (
                (
                    w.first("currencySymbol").unwrap_or(""),
                    w.first("publicKey").unwrap_or(""),
                ),
                w,
            )
        })
        .collect();
    let mut reader = csv::Reader::from_reader(expected.as_slice());
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let (ent, currency, address) = (&row[0], &row[3], &row[4]);
        let wallet = wallets
            .get(&(currency, address))
            .unwrap_or_else(|| panic!("no wallet {currency} {address} of {ent}"));
        assert!(
            wallet
                .get("holder")
                .contains(&format!("ofac-{ent}").as_str()),
            "{currency} {address}: holders {:?}",
            wallet.get("holder")
        );
        rows += 1;
    }
    assert_eq!(rows, 116);
    // CHEIL CREDIT BANK's 43 addresses: its 2024 remarks are short, the 2025 overflow belongs
    // to a later version of the entry, and the reader says so.
    let holds = |ent: &str| {
        wallets
            .values()
            .filter(|w| w.get("holder").contains(&ent))
            .count()
    };
    assert_eq!(holds("ofac-22985"), 43);
    assert!(out
        .problems
        .iter()
        .any(|p| p.code == "overflow_mismatch" && p.record.as_deref() == Some("22985")));
}

#[test]
fn real_2021_set_joins_cleanly() {
    let dir = "2021-07-07_bench";
    let (Some(sdn), Some(add), Some(alt), Some(comments)) = (
        shared(&format!("{dir}/sdn.csv")),
        shared(&format!("{dir}/add.csv")),
        shared(&format!("{dir}/alt.csv")),
        shared(&format!("{dir}/sdn_comments.csv")),
    ) else {
        return;
    };
    let alt_rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(
            text::utf8_or_cp1252(&alt)
                .trim_end_matches(['\u{1a}', '\r', '\n'])
                .as_bytes(),
        )
        .into_records()
        .map(|r| r.unwrap())
        .collect::<Vec<_>>();
    let out = SetFiles {
        sdn,
        add: Some(add),
        alt: Some(alt),
        comments: Some(comments),
    }
    .read()
    .unwrap();
    assert_eq!(out.records, 8_976);
    assert_eq!(dprk_parties(&out).len(), 414);

    let counts = problem_counts(&out);
    assert_eq!(counts.get("orphan_record"), None, "{counts:?}");
    assert_eq!(counts.get("overflow_mismatch"), None, "{counts:?}");
    assert_eq!(counts.get("truncated_remarks"), None, "{counts:?}");

    // Every alias row is on its party, under the property its type gives.
    let parties: HashMap<&str, &Entity> = out.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    assert_eq!(alt_rows.len(), 11_910);
    for row in &alt_rows {
        let party = parties[format!("ofac-{}", row[0].trim()).as_str()];
        let prop = if row[2].trim() == "fka" {
            "previousName"
        } else {
            "alias"
        };
        let name = row[3].split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            party.get(prop).contains(&name.as_str()),
            "{} {prop} {name}",
            party.id
        );
    }
    // Addresses: 9,585 rows with a street or city become Address entities, each attached.
    let addresses = of_schema(&out, "Address");
    assert_eq!(addresses.len(), 9_585);
    let attached: usize = out
        .entities
        .iter()
        .map(|e| e.get("addressEntity").len())
        .sum();
    assert_eq!(attached, 9_585);
    // Entry 12300's remarks are cut inside "Linked To: PROMO RAI|Z S.A.S."; joined with the
    // overflow, the name finds entry 12396.
    let link = by_id(&out, "ofac-link-12300-12396");
    assert_eq!(link.get("subject"), ["ofac-12300"]);
    assert_eq!(by_id(&out, "ofac-12396").get("name"), ["PROMO RAIZ S.A.S."]);
}

/// Read times on the real files; run with `cargo test --release -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_real_sets() {
    let dir = "2021-07-07_bench";
    let (Some(s21), Some(a21), Some(l21), Some(c21)) = (
        shared(&format!("{dir}/sdn.csv")),
        shared(&format!("{dir}/add.csv")),
        shared(&format!("{dir}/alt.csv")),
        shared(&format!("{dir}/sdn_comments.csv")),
    ) else {
        return;
    };
    let (Some(s24), Some(a25), Some(l25), Some(c25)) = (
        shared("2024-05-03/sdn.csv"),
        shared("2025-12-24/add.csv"),
        shared("2025-12-24/alt.csv"),
        shared("2025-12-24/sdn_comments.csv"),
    ) else {
        return;
    };
    for (label, set) in [
        (
            "2021 set",
            SetFiles {
                sdn: s21,
                add: Some(a21),
                alt: Some(l21),
                comments: Some(c21),
            },
        ),
        (
            "2024 sdn + 2025 companions",
            SetFiles {
                sdn: s24,
                add: Some(a25),
                alt: Some(l25),
                comments: Some(c25),
            },
        ),
    ] {
        let mut best = f64::MAX;
        let mut entities = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let out = set.read().unwrap();
            best = best.min(start.elapsed().as_secs_f64());
            entities = out.entities.len();
        }
        eprintln!(
            "{label}: {entities} entities, best of 5 {:.0} ms",
            best * 1000.0
        );
    }
}
