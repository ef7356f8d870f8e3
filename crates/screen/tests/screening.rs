//! Screening end to end on small hand-made lists: the index finds the candidates, the default
//! algorithm scores and explains them.

use ce2_model::{Entity, Provenance};
use ce2_screen::{algorithm, Index, Record};

fn entity(schema: &str, id: &str, props: &[(&str, &str)]) -> Entity {
    let mut e = Entity::new(schema, id, Provenance::new("sample", id, None)).unwrap();
    for (p, v) in props {
        e.add(p, v).unwrap();
    }
    e
}

fn index() -> Index {
    let entities = [
        entity(
            "Person",
            "p-pak",
            &[
                ("name", "PAK Chol Su"),
                ("alias", "Pak Chol-su"),
                ("birthDate", "1968-03-14"),
                ("nationality", "kp"),
                ("passportNumber", "836410077"),
            ],
        ),
        entity(
            "Person",
            "p-kim-ys",
            &[
                ("name", "KIM Yong Su"),
                ("birthDate", "1975"),
                ("nationality", "kp"),
            ],
        ),
        entity(
            "Person",
            "p-kim-si",
            &[("name", "KIM Song Il"), ("birthDate", "1980-11-02")],
        ),
        entity(
            "Organization",
            "o-haeyang",
            &[
                ("name", "KOREA HAEYANG TRADING CORPORATION"),
                ("alias", "Choson Haeyang Muyok Hoesa"),
            ],
        ),
        entity(
            "Organization",
            "o-haeyang-bank",
            &[("name", "KOREA HAEYANG BANK")],
        ),
        entity(
            "Vessel",
            "v-samhae",
            &[
                ("name", "SAM HAE 7"),
                ("imoNumber", "9354521"),
                ("flag", "kp"),
            ],
        ),
        entity("Vessel", "v-pak", &[("name", "PAK CHOL SU")]),
        entity(
            "CryptoWallet",
            "w-1",
            &[
                ("publicKey", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"),
                ("currencySymbol", "ETH"),
            ],
        ),
    ];
    Index::new(entities.iter().filter_map(Record::from_entity))
}

fn query(schema: &str, props: &[(&str, &str)]) -> Record {
    Record::from_entity(&entity(schema, "", props)).unwrap()
}

fn ids(index: &Index, q: &Record) -> Vec<(String, bool)> {
    let algo = algorithm("ce2-v1").unwrap();
    index
        .screen(q, algo, 0.3, 10)
        .into_iter()
        .map(|h| (h.record.id.clone(), h.matched))
        .collect()
}

#[test]
fn spellings_and_scripts_find_the_listed_person_and_only_them() {
    let index = index();
    for name in [
        "Pak Cheol-su",
        "박철수",
        "Park Chul Soo",
        "Chol Su PAK",
        "PAK Chol-Su",
    ] {
        let hits = ids(&index, &query("Person", &[("name", name)]));
        assert_eq!(
            hits.first(),
            Some(&("p-pak".to_string(), true)),
            "{name}: {hits:?}"
        );
        // A person never matches a vessel, whatever its name.
        assert!(
            !hits.iter().any(|(id, _)| id == "v-pak"),
            "{name}: {hits:?}"
        );
        // The other KIMs and PAKs are not matches.
        assert!(
            hits.iter().filter(|(_, m)| *m).count() == 1,
            "{name}: {hits:?}"
        );
    }
}

#[test]
fn a_contradicting_birth_date_or_nationality_lowers_the_score_and_says_so() {
    let index = index();
    let algo = algorithm("ce2-v1").unwrap();
    let plain = index.screen(&query("Person", &[("name", "Pak Chol Su")]), algo, 0.0, 1);
    let born_later = index.screen(
        &query(
            "Person",
            &[
                ("name", "Pak Chol Su"),
                ("birthDate", "1990-01-01"),
                ("nationality", "kr"),
            ],
        ),
        algo,
        0.0,
        1,
    );
    assert_eq!(plain[0].record.id, "p-pak");
    assert!(
        born_later[0].scored.score < plain[0].scored.score - 0.3,
        "{:?}",
        born_later[0].scored
    );
    let names: Vec<&str> = born_later[0]
        .scored
        .features
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(
        names,
        ["name_match", "birth_date_mismatch", "country_mismatch"]
    );
    assert!(!born_later[0].matched);
}

#[test]
fn identifiers_hit_exactly_and_say_so() {
    let index = index();
    let algo = algorithm("ce2-v1").unwrap();
    for (schema, props, expected) in [
        (
            "Vessel",
            vec![("name", "UNKNOWN TANKER"), ("imoNumber", "IMO 9354521")],
            "v-samhae",
        ),
        (
            "Person",
            vec![("name", "Someone Else"), ("passportNumber", "836 410 077")],
            "p-pak",
        ),
        (
            "CryptoWallet",
            vec![("publicKey", "0x098b716b8aaf21512996dc57eb0615e2383e2f96")],
            "w-1",
        ),
    ] {
        let hits = index.screen(&query(schema, &props), algo, 0.0, 3);
        assert_eq!(hits[0].record.id, expected);
        assert_eq!(hits[0].scored.score, 1.0);
        assert_eq!(hits[0].scored.features[0].name, "identifier_match");
    }
    // A ship with another IMO number is another ship, whatever its name.
    let hits = index.screen(
        &query("Vessel", &[("name", "SAM HAE 7"), ("imoNumber", "8915433")]),
        algo,
        0.0,
        3,
    );
    assert!(!hits[0].matched, "{:?}", hits[0].scored);
    // A number in a ship's name tells sister ships apart: the same name with another number
    // is at most a name to review, on the threshold and saying why, never a strong match.
    let hits = index.screen(&query("Vessel", &[("name", "SAM HAE 8")]), algo, 0.0, 3);
    let top = &hits[0];
    assert!(top.scored.score <= 0.7 + 1e-9, "{:?}", top.scored);
    assert!(
        top.scored.summary().contains("numbers differ"),
        "{:?}",
        top.scored
    );
}

#[test]
fn korea_and_choson_are_one_word_but_a_bank_is_not_a_trading_company() {
    let index = index();
    let hits = ids(
        &index,
        &query(
            "Organization",
            &[("name", "Chosun Haeyang Trading Co., Ltd.")],
        ),
    );
    assert_eq!(hits[0], ("o-haeyang".to_string(), true), "{hits:?}");
    assert!(
        hits.iter().all(|(id, m)| id != "o-haeyang-bank" || !m),
        "{hits:?}"
    );
}

#[test]
fn nasty_input_does_not_panic() {
    let index = index();
    let long = "KIM ".repeat(2500);
    for name in [
        "",
        " ",
        "\u{200b}\u{0007}",
        &long,
        "Pаk Chol Su",
        "ПАК Чол Су",
        "🙂🙂",
    ] {
        let _ = ids(
            &index,
            &query(
                "Person",
                &[("name", if name.trim().is_empty() { "x" } else { name })],
            ),
        );
    }
    // Homoglyphs are folded: a Cyrillic а inside a Latin name still finds the listing.
    let hits = ids(&index, &query("Person", &[("name", "Pаk Chol Su")]));
    assert_eq!(hits.first().map(|h| h.0.as_str()), Some("p-pak"));
}

#[test]
fn the_same_letters_spaced_differently_are_one_name() {
    let index = Index::new(
        [
            entity("Person", "p-chang", &[("name", "CHANG MYONG-CHIN")]),
            entity(
                "Organization",
                "o-vdb",
                &[("name", "Van Derbilt Holdings Corp")],
            ),
        ]
        .iter()
        .filter_map(Record::from_entity),
    );
    let hits = ids(&index, &query("Person", &[("name", "CHANG MYONGC-HIN")]));
    assert_eq!(
        hits.first(),
        Some(&("p-chang".to_string(), true)),
        "{hits:?}"
    );
    // Letters that differ are not spacing: KIM SONG CHOL is not KIM YONG CHOL.
    let index = Index::new(
        [entity("Person", "p-kim", &[("name", "KIM YONG CHOL")])]
            .iter()
            .filter_map(Record::from_entity),
    );
    let hits = ids(&index, &query("Person", &[("name", "KIMSONG CHOL")]));
    assert!(hits.iter().all(|(_, m)| !m), "{hits:?}");
}
