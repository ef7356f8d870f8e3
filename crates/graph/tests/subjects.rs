//! One subject across lists, checked on small hand-made records.

use ce2_graph::subjects::{key_schemata, normalize_imo, normalize_un_reference, resolve};
use ce2_model::{Entity, Provenance};

fn party(dataset: &str, schema: &str, id: &str, props: &[(&str, &str)]) -> Entity {
    let mut e = Entity::new(schema, id, Provenance::new(dataset, id, None)).unwrap();
    for (p, v) in props {
        e.add(p, v).unwrap();
    }
    e
}

#[test]
fn identifiers_normalise() {
    assert_eq!(normalize_imo("IMO 9138111").as_deref(), Some("9138111"));
    assert_eq!(normalize_imo("IMO9138111").as_deref(), Some("9138111"));
    assert_eq!(normalize_imo("913811"), None);
    assert_eq!(
        normalize_un_reference(" KPi.033 ").as_deref(),
        Some("KPI.033")
    );
    assert_eq!(
        normalize_un_reference("KPI.033").as_deref(),
        Some("KPI.033")
    );
    assert_eq!(normalize_un_reference("none"), None);
}

#[test]
fn one_person_on_four_lists() {
    let entities = vec![
        party("un_sc", "Person", "un-kpi-900", &[("name", "PAK CHOL SU")]),
        party(
            "un_sc",
            "Sanction",
            "un-kpi-900-sanction",
            &[("entity", "un-kpi-900"), ("unscId", "KPi.900")],
        ),
        party(
            "eu_fsf",
            "Person",
            "eu-1",
            &[("name", "PAK Chol-su"), ("passportNumber", "745310010")],
        ),
        party(
            "eu_fsf",
            "Sanction",
            "eu-1-sanction",
            &[("entity", "eu-1"), ("unscId", "KPi.900")],
        ),
        party(
            "us_ofac_sdn",
            "Person",
            "ofac-1",
            &[("name", "PAK, Chol Su"), ("passportNumber", "745 310 010")],
        ),
        party("gb_fcdo", "Person", "gb-1", &[("name", "PAK Chol Su")]),
        party(
            "gb_fcdo",
            "Sanction",
            "gb-1-sanction",
            &[("entity", "gb-1"), ("unscId", "KPI.900")],
        ),
        // Another PAK on the OFAC list: same name, no shared identifier, stays apart.
        party(
            "us_ofac_sdn",
            "Person",
            "ofac-2",
            &[("name", "PAK Chol Su"), ("passportNumber", "111111111")],
        ),
    ];
    let (subjects, problems) = resolve(&entities);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(subjects.len(), 1);
    let s = &subjects[0];
    assert_eq!(s.id, "subj-unsc-kpi-900");
    let members: Vec<&str> = s.members.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(members, ["eu-1", "gb-1", "un-kpi-900", "ofac-1"]);
}

#[test]
fn vessels_join_on_imo_and_never_with_people() {
    let entities = vec![
        party(
            "un_sc",
            "Vessel",
            "un-v",
            &[("name", "CHON MA SAN"), ("imoNumber", "8660313")],
        ),
        party(
            "eu_journal",
            "Vessel",
            "eu-v",
            &[("name", "CHONMASAN"), ("imoNumber", "IMO 8660313")],
        ),
        party(
            "us_ofac_sdn",
            "Vessel",
            "ofac-v",
            &[("name", "CHON MA SAN"), ("imoNumber", "8660313")],
        ),
        // An organisation with the same digits as its IMO company number is another series.
        party(
            "us_ofac_sdn",
            "Organization",
            "ofac-o",
            &[("name", "X SHIPPING"), ("imoNumber", "8660313")],
        ),
    ];
    let (subjects, problems) = resolve(&entities);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(subjects.len(), 1);
    assert_eq!(subjects[0].id, "subj-imo-vessel-8660313");
    assert_eq!(subjects[0].members.len(), 3);
}

#[test]
fn refused_joins_are_reported() {
    let entities = vec![
        // Two records of one list sharing a passport number: left apart, reported.
        party(
            "us_ofac_sdn",
            "Person",
            "ofac-a",
            &[("name", "KIM A"), ("passportNumber", "654321000")],
        ),
        party(
            "us_ofac_sdn",
            "Person",
            "ofac-b",
            &[("name", "KIM B"), ("passportNumber", "654321000")],
        ),
        // A person and a company cited with one UN reference: left apart, reported.
        party("un_sc", "Person", "un-p", &[("name", "RI X")]),
        party(
            "un_sc",
            "Sanction",
            "un-p-s",
            &[("entity", "un-p"), ("unscId", "KPe.999")],
        ),
        party(
            "eu_fsf",
            "Organization",
            "eu-o",
            &[("name", "RI X TRADING")],
        ),
        party(
            "eu_fsf",
            "Sanction",
            "eu-o-s",
            &[("entity", "eu-o"), ("unscId", "KPe.999")],
        ),
    ];
    let (subjects, problems) = resolve(&entities);
    assert!(subjects.is_empty(), "{subjects:?}");
    let codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["subject_schema_conflict", "subject_same_list"]);
}

#[test]
fn wallets_join_on_address_case_insensitively_for_evm() {
    let entities = vec![
        party(
            "us_ofac_sdn",
            "CryptoWallet",
            "w1",
            &[
                ("publicKey", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"),
                ("currencySymbol", "ETH"),
            ],
        ),
        party(
            "fbi",
            "CryptoWallet",
            "w2",
            &[
                ("publicKey", "0x098b716b8aaf21512996dc57eb0615e2383e2f96"),
                ("currencySymbol", "ETH"),
            ],
        ),
    ];
    let (subjects, _) = resolve(&entities);
    assert_eq!(subjects.len(), 1);
}

#[test]
fn the_schemata_that_can_carry_a_key() {
    let mut s = key_schemata();
    s.sort();
    assert_eq!(
        s,
        [
            "Airplane",
            "Company",
            "CryptoWallet",
            "LegalEntity",
            "Organization",
            "Passport",
            "Person",
            "PublicBody",
            "Sanction",
            "Vessel"
        ]
    );
}
