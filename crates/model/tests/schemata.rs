//! The shipped schemata: FtM names, types and inheritance, checked with data.

use ce2_model::schema::SCHEMATA_YAML;
use ce2_model::{model, Entity, Model, PropType, Provenance};

#[test]
fn shipped_model_loads() {
    Model::from_yaml(SCHEMATA_YAML).expect("embedded schemata are valid");
}

#[test]
fn every_schema_the_lists_need_exists() {
    for name in [
        "Thing",
        "LegalEntity",
        "Person",
        "Organization",
        "Company",
        "PublicBody",
        "Vessel",
        "Airplane",
        "CryptoWallet",
        "Address",
        "Identification",
        "Passport",
        "Sanction",
        "Ownership",
        "Directorship",
        "Membership",
        "Family",
        "Associate",
        "UnknownLink",
        "Representation",
        "Employment",
    ] {
        assert!(model().get(name).is_some(), "{name}");
    }
}

#[test]
fn inheritance_follows_ftm() {
    let cases: &[(&str, &[&str])] = &[
        ("Person", &["LegalEntity", "Thing"]),
        (
            "Company",
            &["Organization", "LegalEntity", "Asset", "Value", "Thing"],
        ),
        ("Vessel", &["Vehicle", "Asset", "Thing", "Value"]),
        ("Airplane", &["Vehicle", "Asset", "Thing"]),
        ("CryptoWallet", &["Value", "Thing"]),
        ("Passport", &["Identification", "Interval"]),
        ("Ownership", &["Interest", "Interval"]),
        ("Sanction", &["Interval"]),
    ];
    for (schema, ancestors) in cases {
        let s = model().get(schema).unwrap();
        for a in *ancestors {
            assert!(s.is_a(a), "{schema} is a {a}");
        }
    }
    assert!(!model().get("Person").unwrap().is_a("Organization"));
    assert!(!model().get("Vessel").unwrap().is_a("LegalEntity"));
}

#[test]
fn properties_have_ftm_names_and_types() {
    let cases = [
        ("Person", "name", PropType::Name, "Thing"),
        ("Person", "birthDate", PropType::Date, "Person"),
        ("Person", "nationality", PropType::Country, "Person"),
        ("Person", "passportNumber", PropType::Identifier, "Person"),
        ("Person", "email", PropType::Email, "LegalEntity"),
        ("Company", "imoNumber", PropType::Identifier, "Organization"),
        ("Vessel", "imoNumber", PropType::Identifier, "Vessel"),
        ("Vessel", "mmsi", PropType::Identifier, "Vessel"),
        ("Vessel", "flag", PropType::Country, "Vessel"),
        ("Vessel", "owner", PropType::Entity, "Vehicle"),
        (
            "CryptoWallet",
            "publicKey",
            PropType::Identifier,
            "CryptoWallet",
        ),
        ("CryptoWallet", "holder", PropType::Entity, "CryptoWallet"),
        ("Sanction", "entity", PropType::Entity, "Sanction"),
        ("Sanction", "unscId", PropType::Identifier, "Sanction"),
        ("Sanction", "listingDate", PropType::Date, "Sanction"),
        ("Ownership", "startDate", PropType::Date, "Interval"),
        ("Address", "full", PropType::Address, "Address"),
    ];
    for (schema, prop, kind, declared_in) in cases {
        let p = model()
            .get(schema)
            .unwrap()
            .property(prop)
            .unwrap_or_else(|| panic!("{schema}.{prop}"));
        assert_eq!(
            (p.kind, p.schema.as_str()),
            (kind, declared_in),
            "{schema}.{prop}"
        );
    }
    let holder = model()
        .get("CryptoWallet")
        .unwrap()
        .property("holder")
        .unwrap();
    assert_eq!(holder.range.as_deref(), Some("LegalEntity"));
    assert_eq!(holder.reverse.as_deref(), Some("cryptoWallets"));
    assert_eq!(
        model()
            .get("Sanction")
            .unwrap()
            .property("unscId")
            .unwrap()
            .max_length,
        Some(16)
    );
}

#[test]
fn matchable_and_edges() {
    let m = model();
    for (schema, matchable) in [
        ("Person", true),
        ("Vessel", true),
        ("CryptoWallet", true),
        ("Sanction", false),
        ("Ownership", false),
        ("Address", true),
    ] {
        assert_eq!(m.get(schema).unwrap().matchable, matchable, "{schema}");
    }
    let edge = m.get("Ownership").unwrap().edge.clone().unwrap();
    assert_eq!(
        (edge.source.as_str(), edge.target.as_str(), edge.directed),
        ("owner", "asset", true)
    );
    assert!(!m.get("Family").unwrap().edge.clone().unwrap().directed);
    assert!(m.get("Thing").unwrap().is_abstract);
}

#[test]
fn common_schema_of_two_records() {
    let m = model();
    let cases = [
        ("Person", "LegalEntity", Some("Person")),
        ("LegalEntity", "Company", Some("Company")),
        ("Organization", "Company", Some("Company")),
        ("Person", "Vessel", None),
        ("Person", "Organization", None),
        ("Vessel", "Vessel", Some("Vessel")),
    ];
    for (a, b, expected) in cases {
        assert_eq!(
            m.common_schema(a, b).map(|s| s.name.as_str()),
            expected,
            "{a} + {b}"
        );
    }
}

#[test]
fn bad_declarations_are_refused() {
    let cases = [
        ("A:\n  label: A\n  extends: [B]\n", "not declared"),
        ("A:\n  label: A\n  extends: [A]\n", "cycle"),
        (
            "A:\n  label: A\n  properties:\n    x: {label: X, type: colour}\n",
            "unknown type",
        ),
        (
            "A:\n  label: A\n  properties:\n    x: {label: X, type: entity}\n",
            "no range",
        ),
        ("A:\n  label: A\n  required: [y]\n", "unknown property"),
        ("A:\n  label: [\n", "YAML"),
    ];
    for (yaml, message) in cases {
        let err = Model::from_yaml(yaml).unwrap_err().to_string();
        assert!(err.contains(message), "{err:?} should mention {message:?}");
    }
}

#[test]
fn merging_two_records_keeps_each_values_source() {
    let mut un = Entity::new(
        "LegalEntity",
        "s1",
        Provenance::new("un_sc", "KPi.900", Some("2026-02-27")),
    )
    .unwrap();
    un.add("name", "PAK Chol Su").unwrap();
    let mut eu = Entity::new("Person", "s1", Provenance::new("eu_fsf", "EU.1.2", None)).unwrap();
    eu.add("name", "PAK Chol Su").unwrap();
    eu.add("name", "박철수").unwrap();
    un.merge(&eu).unwrap();
    assert_eq!(un.schema().name, "Person");
    let names: Vec<(&str, &str)> = un
        .values("name")
        .map(|(v, p)| (v, p.dataset.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("PAK Chol Su", "un_sc"),
            ("PAK Chol Su", "eu_fsf"),
            ("박철수", "eu_fsf")
        ]
    );
    assert_eq!(un.get("name"), ["PAK Chol Su", "박철수"]);
    let vessel = Entity::new("Vessel", "v", Provenance::new("x", "1", None)).unwrap();
    assert!(un.merge(&vessel).is_err());
}

#[test]
fn values_are_cleaned_by_type_and_refusals_name_the_property() {
    let mut v = Entity::new("Vessel", "v1", Provenance::new("d", "r", None)).unwrap();
    assert!(v.add("flag", "Korea, North").unwrap());
    assert!(
        !v.add("flag", "kp").unwrap(),
        "duplicate from the same source"
    );
    assert_eq!(v.get("flag"), ["kp"]);
    let err = v.add("birthDate", "1960").unwrap_err().to_string();
    assert_eq!(err, "Vessel has no property \"birthDate\"");
    let err = v.add("buildDate", "31.02.1990").unwrap_err().to_string();
    assert_eq!(err, "buildDate: no such date 1990-02-31");
    assert!(Entity::new("Thing", "t", Provenance::new("d", "r", None)).is_err());
}
