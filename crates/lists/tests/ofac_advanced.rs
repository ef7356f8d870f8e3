//! The SDN_ADVANCED.XML reader, on a hand-written fixture and on the real file of 2025-11-19.
//!
//! The real file is 121 MB unpacked and is kept compressed in the shared data; no bzip2 crate
//! is a dependency, so the real-file tests read an unpacked copy named by the environment
//! variable `CE2_OFAC_ADVANCED_XML` (`bzip2 -dkc …/crypto/ofac/sdn_advanced.xml.bz2 > x.xml`)
//! and skip, with a notice, when it is not set.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use ce2_lists::ofac_advanced::{read, wallet_id};
use ce2_lists::{text, Entity, InputFile, ReadError, ReadOutput, Severity};

fn fixture_bytes() -> Vec<u8> {
    let path = common::fixture("ofac_advanced/two_parties.xml");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_bytes(name: &str, data: &[u8]) -> Result<ReadOutput, ReadError> {
    read(&InputFile::new(name, data))
}

fn by_id<'a>(out: &'a ReadOutput, id: &str) -> &'a Entity {
    out.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

fn schema_counts(entities: &[Entity]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for e in entities {
        *counts.entry(e.schema().name.clone()).or_insert(0) += 1;
    }
    counts
}

// ----- the fixture -----

#[test]
fn fixture_gives_the_expected_entities() {
    let out = read_bytes("two_parties.xml", &fixture_bytes()).unwrap();
    assert_eq!(out.meta.dataset, "us_ofac_sdn");
    assert_eq!(
        out.meta.publisher,
        "Office of Foreign Assets Control (US Treasury)"
    );
    assert_eq!(out.meta.published.as_deref(), Some("2026-10-07"));
    assert_eq!(out.records, 2);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let wallet = wallet_id("ETH", "0x5f3a9c1e7b2d4086a1c3e5f7092b4d6e8f0a1c3e");
    let owner = ce2_model::ids::make_id(
        "ofac",
        &[
            "90002",
            "owner",
            &ce2_model::ids::short_hash("HAE SONG SHIPPING & TRADING CO"),
        ],
    );
    // Named as the CSV reader names "Passport 836420186 (Korea, North)".
    let passport = ce2_model::ids::make_id(
        "ofac",
        &[
            "90001",
            "passport",
            &ce2_model::ids::short_hash("836420186|Korea, North"),
        ],
    );
    let ids: Vec<&str> = out.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ofac-90001",
            "ofac-90001-addr-700001",
            wallet.as_str(),
            passport.as_str(),
            "ofac-90002",
            owner.as_str(),
            "ofac-rel-9001",
            "ofac-90001-sanction",
            "ofac-90002-sanction",
        ]
    );
    for e in &out.entities {
        assert!(
            e.missing_required().is_empty(),
            "{} lacks {:?}",
            e.id,
            e.missing_required()
        );
    }
}

#[test]
fn fixture_person_has_both_name_forms_birth_date_passport_and_wallet() {
    let out = read_bytes("two_parties.xml", &fixture_bytes()).unwrap();
    let person = by_id(&out, "ofac-90001");
    assert_eq!(person.schema().name, "Person");
    assert_eq!(person.get("name"), ["Ri Chol Su", "리 철수"]);
    assert_eq!(person.get("lastName"), ["Ri", "리"]);
    assert_eq!(person.get("firstName"), ["Chol Su", "철수"]);
    assert_eq!(person.get("alias"), ["Ri Chol-su"]);
    assert_eq!(person.get("weakAlias"), ["Comrade Ri"]);
    assert_eq!(person.get("birthDate"), ["1971-03-14"]);
    assert_eq!(person.get("gender"), ["male"]);
    assert_eq!(person.get("nationality"), ["kp"]);
    assert_eq!(person.get("country"), ["kp"]);
    assert_eq!(person.get("passportNumber"), ["836420186"]);
    assert_eq!(person.get("topics"), ["sanction"]);
    assert_eq!(person.get("addressEntity"), ["ofac-90001-addr-700001"]);
    let (_, source) = person.values("name").next().unwrap();
    assert_eq!(source.dataset, "us_ofac_sdn");
    assert_eq!(source.record, "90001");
    assert_eq!(source.published.as_deref(), Some("2026-10-07"));

    let address = by_id(&out, "ofac-90001-addr-700001");
    assert_eq!(
        address.get("full"),
        ["Potonggang District, Pyongyang, Korea, North"]
    );
    assert_eq!(address.get("street"), ["Potonggang District"]);
    assert_eq!(address.get("city"), ["Pyongyang"]);
    assert_eq!(address.get("country"), ["kp"]);

    let passport = out
        .entities
        .iter()
        .find(|e| e.schema().name == "Passport")
        .unwrap();
    assert_eq!(passport.schema().name, "Passport");
    assert_eq!(passport.get("holder"), ["ofac-90001"]);
    assert_eq!(passport.get("number"), ["836420186"]);
    assert_eq!(passport.get("country"), ["kp"]);
    assert_eq!(passport.get("endDate"), ["2027-06-30"]);

    let wallet = by_id(
        &out,
        &wallet_id("ETH", "0x5f3a9c1e7b2d4086a1c3e5f7092b4d6e8f0a1c3e"),
    );
    assert_eq!(wallet.schema().name, "CryptoWallet");
    assert_eq!(
        wallet.get("publicKey"),
        ["0x5f3a9c1e7b2d4086a1c3e5f7092b4d6e8f0a1c3e"]
    );
    assert_eq!(wallet.get("currencySymbol"), ["ETH"]);
    assert_eq!(wallet.get("holder"), ["ofac-90001"]);
}

#[test]
fn fixture_vessel_has_imo_flag_and_owner() {
    let out = read_bytes("two_parties.xml", &fixture_bytes()).unwrap();
    let vessel = by_id(&out, "ofac-90002");
    assert_eq!(vessel.schema().name, "Vessel");
    assert_eq!(vessel.get("name"), ["HAE SONG 3"]);
    assert_eq!(vessel.get("previousName"), ["PHYONG HWA"]);
    assert_eq!(vessel.get("imoNumber"), ["8916293"]);
    assert_eq!(vessel.get("mmsi"), ["445111000"]);
    assert_eq!(vessel.get("flag"), ["kp"]);
    assert_eq!(vessel.get("callSign"), ["HMYC3"]);
    assert_eq!(vessel.get("type"), ["Tanker"]);

    // The owner the vessel record names as text, with its entity reference resolved.
    let owner_id = vessel.first("owner").unwrap();
    let owner = by_id(&out, owner_id);
    assert_eq!(owner.schema().name, "LegalEntity");
    assert_eq!(owner.get("name"), ["HAE SONG SHIPPING & TRADING CO"]);

    // "Owned or Controlled By" from the vessel to the person: the person owns the vessel.
    let ownership = by_id(&out, "ofac-rel-9001");
    assert_eq!(ownership.schema().name, "Ownership");
    assert_eq!(ownership.get("owner"), ["ofac-90001"]);
    assert_eq!(ownership.get("asset"), ["ofac-90002"]);
    assert_eq!(ownership.get("role"), ["Owned or Controlled By"]);
}

#[test]
fn fixture_sanctions_carry_programs_dates_and_provisions() {
    let out = read_bytes("two_parties.xml", &fixture_bytes()).unwrap();
    let person = by_id(&out, "ofac-90001-sanction");
    assert_eq!(person.schema().name, "Sanction");
    assert_eq!(person.get("entity"), ["ofac-90001"]);
    assert_eq!(
        person.get("authority"),
        ["Office of Foreign Assets Control"]
    );
    assert_eq!(person.get("authorityId"), ["90001"]);
    assert_eq!(person.get("program"), ["DPRK3", "DPRK4"]);
    assert_eq!(person.get("listingDate"), ["2017-06-01"]);
    assert_eq!(
        person.get("provisions"),
        [
            "Block",
            "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210"
        ]
    );
    assert_eq!(
        person.get("summary"),
        [
            "List: SDN List",
            "Legal basis: Executive Order 13722 (North Korea)"
        ]
    );
    let vessel = by_id(&out, "ofac-90002-sanction");
    assert_eq!(vessel.get("program"), ["DPRK3"]);
    assert_eq!(vessel.get("listingDate"), ["2018-02-23"]);
    // Legal basis "Unknown" says nothing and is left out.
    assert_eq!(vessel.get("summary"), ["List: SDN List"]);
}

#[test]
fn broken_records_become_problems_that_name_them() {
    let fixture = String::from_utf8(fixture_bytes()).unwrap();
    let broken = fixture
        // A relationship to a profile that is not in the file.
        .replace("To-ProfileID=\"90001\"", "To-ProfileID=\"99999\"")
        // A feature type the reference values do not define.
        .replace("FeatureTypeID=\"1\">", "FeatureTypeID=\"777\">")
        // A birth date that does not exist.
        .replace(
            "<Month>3</Month><Day>14</Day>",
            "<Month>2</Month><Day>30</Day>",
        );
    let out = read_bytes("broken.xml", broken.as_bytes()).unwrap();
    assert_eq!(out.records, 2);
    let codes: Vec<(Severity, &str, Option<&str>)> = out
        .problems
        .iter()
        .map(|p| (p.severity, p.code.as_str(), p.record.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            (Severity::Warning, "invalid_value", Some("90001")),
            (Severity::Warning, "unknown_value", Some("90002")),
            (Severity::Error, "missing_reference", Some("90002")),
        ]
    );
    let line_of = |needle: &str| text::line_of(broken.as_bytes(), broken.find(needle).unwrap());
    assert_eq!(
        out.problems[0].line,
        Some(line_of("<DistinctParty FixedRef=\"90001\">"))
    );
    assert!(out.problems[0].message.contains("1971-02-30"));
    assert_eq!(
        out.problems[2].line,
        Some(line_of("<ProfileRelationship ID=\"9001\""))
    );
    // The records themselves are still read: the person keeps its other values, the vessel
    // keeps the unknown feature as a note, and the broken link is the only thing missing.
    let person = by_id(&out, "ofac-90001");
    assert!(person.get("birthDate").is_empty());
    assert_eq!(person.get("passportNumber"), ["836420186"]);
    let vessel = by_id(&out, "ofac-90002");
    assert_eq!(vessel.get("notes"), ["Feature: HMYC3"]);
    assert!(vessel.get("callSign").is_empty());
    assert!(out.entities.iter().all(|e| e.id != "ofac-rel-9001"));
}

#[test]
fn truncated_xml_is_an_error_naming_the_record_and_offset() {
    let data = fixture_bytes();
    // Cut in the middle of the person's wallet address: the text ends inside the record.
    let cut = String::from_utf8_lossy(&data).find("0x5f3a9c").unwrap();
    let truncated = &data[..cut + 8];
    let err = read_bytes("cut.xml", truncated).unwrap_err();
    match &err {
        ReadError::Malformed { file, at, message } => {
            assert_eq!(file, "cut.xml");
            assert_eq!(at.offset, Some(truncated.len() as u64));
            assert_eq!(at.line, Some(text::line_of(truncated, truncated.len())));
            assert_eq!(at.record.as_deref(), Some("DistinctParty 90001"));
            assert!(message.contains("truncated"), "{message}");
        }
        other => panic!("expected a malformed-file error, got {other:?}"),
    }
    assert_eq!(err.code(), "malformed");

    // Cut inside a tag, the XML itself is broken; the error still says where.
    let cut = String::from_utf8_lossy(&data)
        .find("<SanctionsEntry ")
        .unwrap();
    let err = read_bytes("cut.xml", &data[..cut + 10]).unwrap_err();
    match err {
        ReadError::Malformed { at, .. } => {
            assert_eq!(at.offset, Some(cut as u64));
            assert_eq!(at.line, Some(text::line_of(&data, cut)));
        }
        other => panic!("expected a malformed-file error, got {other:?}"),
    }
}

#[test]
fn every_truncation_is_an_error_and_none_panics() {
    let data = fixture_bytes();
    let text = String::from_utf8_lossy(&data);
    let root = text.find("<Sanctions ").unwrap();
    let root_end = root + text[root..].find('>').unwrap() + 1;
    let end = text.find("</Sanctions>").unwrap() + "</Sanctions>".len();
    for cut in (0..end).step_by(7) {
        // Cuts that split a multi-byte character are encoding errors; skip them.
        if !text.is_char_boundary(cut) {
            continue;
        }
        let err = read_bytes("cut.xml", &data[..cut])
            .err()
            .unwrap_or_else(|| panic!("a file cut at byte {cut} was read as whole"));
        let expected = if cut >= root_end {
            "malformed"
        } else if text[..cut].trim().is_empty() {
            "empty_file"
        } else {
            "wrong_format"
        };
        assert_eq!(err.code(), expected, "cut at byte {cut}: {err}");
    }
    assert!(read_bytes("whole.xml", &data[..end]).is_ok());
}

#[test]
fn another_lists_file_is_the_wrong_format() {
    let un = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\"><INDIVIDUALS/></CONSOLIDATED_LIST>\n";
    let csv = b"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n\x1a";
    for (data, found) in [
        (&un[..], "a UN consolidated list (XML)"),
        (&csv[..], "an OFAC-style CSV"),
    ] {
        match read_bytes("other", data).unwrap_err() {
            ReadError::WrongFormat {
                file,
                expected,
                found: f,
            } => {
                assert_eq!(file, "other");
                assert_eq!(expected, "an OFAC SDN_ADVANCED.XML file");
                assert_eq!(f, found);
            }
            other => panic!("expected a wrong-format error, got {other:?}"),
        }
    }
}

#[test]
fn empty_and_undecodable_files_are_refused() {
    for data in [&b""[..], b"\n  \n", b"\xEF\xBB\xBF"] {
        let err = read_bytes("empty.xml", data).unwrap_err();
        assert_eq!(
            err,
            ReadError::Empty {
                file: "empty.xml".into()
            }
        );
    }
    let mut data = fixture_bytes();
    let at = String::from_utf8_lossy(&data).find("HMYC3").unwrap();
    data[at] = 0xff;
    let err = read_bytes("latin.xml", &data).unwrap_err();
    assert_eq!(err.code(), "bad_encoding");
    assert_eq!(
        err.to_string(),
        format!(
            "latin.xml:{} (byte {at}): bytes that are not valid UTF-8",
            text::line_of(&data, at)
        )
    );
}

// ----- the real file -----

/// The real file, read once for all the tests of this binary.
fn real() -> Option<&'static ReadOutput> {
    static OUT: OnceLock<Option<ReadOutput>> = OnceLock::new();
    OUT.get_or_init(|| {
        let Some(path) = std::env::var_os("CE2_OFAC_ADVANCED_XML") else {
            eprintln!(
                "notice: CE2_OFAC_ADVANCED_XML is not set (unpack crypto/ofac/sdn_advanced.xml.bz2 and name it there); skipping this test"
            );
            return None;
        };
        let data = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy()));
        let name = path.to_string_lossy().into_owned();
        let started = std::time::Instant::now();
        let out = read(&InputFile::new(&name, &data)).unwrap();
        eprintln!(
            "read {name} ({} bytes) in {:?}",
            data.len(),
            started.elapsed()
        );
        Some(out)
    })
    .as_ref()
}

fn parties(out: &ReadOutput) -> impl Iterator<Item = &Entity> {
    out.entities
        .iter()
        .filter(|e| e.has("topics") && !e.schema().name.starts_with("Crypto"))
}

#[test]
fn real_file_parties_by_type() {
    let Some(out) = real() else { return };
    assert_eq!(out.meta.published.as_deref(), Some("2025-11-19"));
    assert_eq!(out.records, 18_367);
    let counts = schema_counts(&out.entities);
    let expected: BTreeMap<String, usize> = [
        ("Person", 7_303),
        // 9,359 entities: those another party owns or controls are Companies.
        ("Organization", 6_490),
        ("Company", 2_869),
        ("Vessel", 1_370),
        ("Airplane", 335),
        ("Sanction", 18_543),
        ("Address", 17_265),
        ("Passport", 2_531),
        ("Identification", 3_594),
        ("CryptoWallet", 758),
        // Vessel owners and aircraft operators named only as text.
        ("LegalEntity", 176),
        ("Ownership", 3_773),
        ("Directorship", 411),
        ("Representation", 1_348),
        ("Family", 113),
        ("Associate", 4),
        ("UnknownLink", 2_545),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(counts, expected);
    assert_eq!(parties(out).count(), 18_367);
    // Every relationship of the file is a link entity (8,194 in all).
    let links: usize = [
        "Ownership",
        "Directorship",
        "Representation",
        "Family",
        "Associate",
        "UnknownLink",
    ]
    .iter()
    .map(|s| counts[*s])
    .sum();
    assert_eq!(links, 8_194);
    // Nothing is wrong with a record; what is left are country values the country table
    // does not know ("Netherlands Antilles", "None Identified", "Region: Northern Mali").
    assert!(out.problems.iter().all(|p| p.severity == Severity::Warning
        && p.code == "invalid_value"
        && p.message.contains("unknown country")));
}

#[test]
fn real_file_dprk_program_parties() {
    let Some(out) = real() else { return };
    let mut dprk: HashMap<&str, ()> = HashMap::new();
    for s in out
        .entities
        .iter()
        .filter(|e| e.schema().name == "Sanction")
    {
        if s.get("program").iter().any(|p| p.starts_with("DPRK")) {
            dprk.insert(s.first("entity").unwrap(), ());
        }
    }
    let mut by_schema: BTreeMap<String, usize> = BTreeMap::new();
    for id in dprk.keys() {
        *by_schema
            .entry(by_id(out, id).schema().name.clone())
            .or_insert(0) += 1;
    }
    assert_eq!(dprk.len(), 538);
    assert_eq!(by_schema["Person"], 193);
    assert_eq!(by_schema["Vessel"], 105);
    assert_eq!(by_schema["Airplane"], 16);
    assert_eq!(by_schema["Organization"] + by_schema["Company"], 224);
}

#[test]
fn real_file_has_every_dprk_wallet_with_its_holder() {
    let Some(out) = real() else { return };
    let Some(path) = common::shared_file("sanctions/ofac/dprk_digital_currency_addresses.csv")
    else {
        return;
    };
    let mut rows = csv::Reader::from_path(&path).unwrap();
    let wallets: HashMap<&str, &Entity> = out
        .entities
        .iter()
        .filter(|e| e.schema().name == "CryptoWallet")
        .map(|e| (e.id.as_str(), e))
        .collect();
    let (mut found, mut delisted) = (0, 0);
    for row in rows.records() {
        let row = row.unwrap();
        let (ent_num, currency, address) = (&row[0], &row[3], &row[4]);
        let holder = format!("ofac-{ent_num}");
        if ent_num == "39796" {
            // Tornado Cash was removed from the SDN list in March 2025, after the CSV's
            // sources: neither the party nor its wallets are in the November 2025 file.
            assert!(out.entities.iter().all(|e| e.id != holder));
            assert!(!wallets.contains_key(wallet_id(currency, address).as_str()));
            delisted += 1;
            continue;
        }
        let wallet = wallets
            .get(wallet_id(currency, address).as_str())
            .unwrap_or_else(|| panic!("no wallet {currency} {address}"));
        assert_eq!(wallet.get("publicKey"), [address]);
        assert_eq!(wallet.get("currencySymbol"), [currency]);
        assert!(wallet.get("holder").contains(&holder.as_str()), "{address}");
        found += 1;
    }
    assert_eq!((found, delisted), (104, 12));
}

#[test]
fn real_file_kim_sang_man_has_both_name_forms() {
    let Some(out) = real() else { return };
    let kim = by_id(out, "ofac-43377");
    assert_eq!(kim.schema().name, "Person");
    assert_eq!(kim.get("name"), ["Kim Sang Man", "김 상만"]);
    assert_eq!(kim.get("alias"), ["Kim Sangman"]);
    assert_eq!(kim.get("birthDate"), ["1965-04-25"]);
    assert_eq!(kim.get("nationality"), ["kp"]);
    let held: Vec<&str> = out
        .entities
        .iter()
        .filter(|e| e.schema().name == "CryptoWallet" && e.get("holder").contains(&"ofac-43377"))
        .map(|e| e.first("publicKey").unwrap())
        .collect();
    assert_eq!(held.len(), 6);
    assert!(held.contains(&"0x97b1043abd9e6fc31681635166d430a458d14f9c"));
    let sanction = by_id(out, "ofac-43377-sanction");
    assert_eq!(sanction.get("program"), ["DPRK4"]);
    assert_eq!(sanction.get("listingDate"), ["2023-05-23"]);
}

/// FixedRef is the legacy CSV's `ent_num`: of the 14,965 rows of the May 2024 sdn.csv, the
/// 14,260 still listed in November 2025 are parties `ofac-<ent_num>`, and all but 28 of them
/// (vessels renamed, companies that changed names since) carry the same name.
#[test]
fn real_file_fixed_ref_is_the_csv_ent_num() {
    let Some(out) = real() else { return };
    let Some(path) = common::shared_file("sanctions/ofac/2024-05-03/sdn.csv") else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    let csv_text = text::utf8_or_cp1252(&bytes);
    let names: HashMap<&str, &str> = parties(out)
        .filter_map(|e| Some((e.id.as_str(), e.first("name")?)))
        .collect();
    let words = |s: &str| {
        let upper: String = s
            .to_uppercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        let mut w: Vec<String> = upper.split_whitespace().map(str::to_string).collect();
        w.sort();
        w
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let (mut rows, mut present, mut same) = (0, 0, 0);
    for row in reader.records() {
        let row = row.unwrap();
        if row.len() < 12 {
            continue;
        }
        rows += 1;
        if let Some(name) = names.get(format!("ofac-{}", &row[0]).as_str()) {
            present += 1;
            if words(name) == words(&row[1]) {
                same += 1;
            }
        }
    }
    assert_eq!((rows, present, same), (14_965, 14_260, 14_232));
}

/// The CSV reader and this one name the same things alike: for the DPRK entries of the May
/// 2024 sdn.csv (with the December 2025 companion files), the parties, their wallets, passports
/// and addresses have the same ids in the November 2025 SDN_ADVANCED.XML.
#[test]
fn real_file_ids_agree_with_the_csv_reader() {
    let Some(out) = real() else { return };
    let files = [
        "sanctions/ofac/2024-05-03/sdn.csv",
        "sanctions/ofac/2025-12-24/add.csv",
        "sanctions/ofac/2025-12-24/alt.csv",
        "sanctions/ofac/2025-12-24/sdn_comments.csv",
    ];
    let mut data = Vec::new();
    for rel in files {
        let Some(path) = common::shared_file(rel) else {
            return;
        };
        data.push(std::fs::read(path).unwrap());
    }
    let mut set = ce2_lists::ofac_csv::OfacCsvSet::new(InputFile::new("sdn.csv", &data[0]));
    set.add = Some(InputFile::new("add.csv", &data[1]));
    set.alt = Some(InputFile::new("alt.csv", &data[2]));
    set.comments = Some(InputFile::new("sdn_comments.csv", &data[3]));
    let csv = ce2_lists::ofac_csv::read(&set).unwrap();

    let xml: HashMap<&str, &Entity> = out.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let dprk: Vec<&str> = csv
        .entities
        .iter()
        .filter(|e| e.schema().name == "Sanction")
        .filter(|s| s.get("program").iter().any(|p| p.starts_with("DPRK")))
        .filter_map(|s| s.first("entity"))
        .collect();
    let still_listed: Vec<&str> = dprk
        .iter()
        .copied()
        .filter(|id| xml.contains_key(id))
        .collect();
    let mut same_schema = 0;
    for id in &still_listed {
        let a = &by_id(&csv, id).schema().name;
        let b = &xml[id].schema().name;
        if a == b || (a == "Organization" && b == "Company") {
            same_schema += 1;
        }
    }
    // For each kind of derived entity of those parties: how many the CSV reader makes, and
    // how many of them this reader makes under the same id.
    let mut address_of: HashMap<&str, &str> = HashMap::new();
    for e in &csv.entities {
        for address in e.get("addressEntity") {
            address_of.insert(address, e.id.as_str());
        }
    }
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in &csv.entities {
        let (kind, holder) = match e.schema().name.as_str() {
            "CryptoWallet" => ("wallet", e.first("holder")),
            "Passport" => ("passport", e.first("holder")),
            "Address" => ("address", address_of.get(e.id.as_str()).copied()),
            _ => continue,
        };
        if !holder.is_some_and(|h| still_listed.contains(&h)) {
            continue;
        }
        let entry = counts.entry(kind).or_insert((0, 0));
        entry.0 += 1;
        if xml.contains_key(e.id.as_str()) {
            entry.1 += 1;
        }
    }
    // Three DPRK entries of 2024 have been delisted since; the rest are the same parties.
    assert_eq!(
        (dprk.len(), still_listed.len(), same_schema),
        (484, 481, 481)
    );
    assert_eq!(counts["wallet"], (104, 104));
    assert_eq!(counts["passport"], (83, 83));
    assert_eq!(counts["address"], (339, 339));
}
