//! Entity scoring with the `ofac` algorithm: the best name pair, then the qualifiers, each in a table row.

use ce2_screen::ofac::{entity_score, Gender, Profile, Qualifier, Schema};

fn person(names: &[&str]) -> Profile {
    Profile {
        schema: Schema::Person,
        names: names.iter().map(|n| n.to_string()).collect(),
        ..Profile::default()
    }
}

fn company(names: &[&str], ids: &[&str]) -> Profile {
    Profile {
        schema: Schema::Company,
        names: names.iter().map(|n| n.to_string()).collect(),
        identifiers: ids.iter().map(|n| n.to_string()).collect(),
        ..Profile::default()
    }
}

fn dated(mut p: Profile, dates: &[&str]) -> Profile {
    p.birth_dates = dates.iter().map(|n| n.to_string()).collect();
    p
}

fn from(mut p: Profile, countries: &[&str]) -> Profile {
    p.countries = countries.iter().map(|n| n.to_string()).collect();
    p
}

fn gendered(mut p: Profile, g: Gender) -> Profile {
    p.gender = Some(g);
    p
}

/// A table row: query, candidate, expected score, expected qualifiers with their adjustments.
type Row = (Profile, Profile, f64, Vec<(Qualifier, f64)>);

#[test]
fn qualifiers_table() {
    let kim = || person(&["KIM JONG UN"]);
    let listed = || person(&["KIM, Jong Un"]);
    let table: Vec<Row> = vec![
        (kim(), listed(), 1.0, vec![]),
        (
            from(kim(), &["kp"]),
            from(listed(), &["KP", "cn"]),
            1.0,
            vec![],
        ),
        (
            from(kim(), &["kp"]),
            from(listed(), &["cn"]),
            0.9,
            vec![(Qualifier::CountryMismatch, -0.1)],
        ),
        // Missing on one side is no disagreement.
        (from(kim(), &["kp"]), listed(), 1.0, vec![]),
        (
            dated(kim(), &["1984"]),
            dated(listed(), &["1984-01-08"]),
            1.0,
            vec![],
        ),
        (
            dated(kim(), &["1983"]),
            dated(listed(), &["1984-01-08", "1982"]),
            0.9,
            vec![(Qualifier::DobYearDisjoint, -0.1)],
        ),
        (
            dated(kim(), &["1984-01-09"]),
            dated(listed(), &["1984-01-08"]),
            0.85,
            vec![(Qualifier::DobDayDisjoint, -0.15)],
        ),
        (
            dated(kim(), &["1984-08-01"]),
            dated(listed(), &["1984-01-08"]),
            0.925,
            vec![(Qualifier::DobDayDisjoint, -0.075)],
        ),
        (
            dated(kim(), &["1983-01-09"]),
            dated(listed(), &["1984-01-08"]),
            0.75,
            vec![
                (Qualifier::DobYearDisjoint, -0.1),
                (Qualifier::DobDayDisjoint, -0.15),
            ],
        ),
        (
            gendered(kim(), Gender::Female),
            gendered(listed(), Gender::Male),
            0.9,
            vec![(Qualifier::GenderMismatch, -0.1)],
        ),
        (
            gendered(kim(), Gender::Male),
            gendered(listed(), Gender::Male),
            1.0,
            vec![],
        ),
        (
            gendered(from(dated(kim(), &["1950-02-03"]), &["us"]), Gender::Female),
            gendered(
                from(dated(listed(), &["1984-01-08"]), &["kp"]),
                Gender::Male,
            ),
            0.55,
            vec![
                (Qualifier::CountryMismatch, -0.1),
                (Qualifier::DobYearDisjoint, -0.1),
                (Qualifier::DobDayDisjoint, -0.15),
                (Qualifier::GenderMismatch, -0.1),
            ],
        ),
        // Organisation identifiers.
        (
            company(
                &["KOREA MINING DEVELOPMENT TRADING CORPORATION"],
                &["123-456"],
            ),
            company(
                &["KOREA MINING DEVELOPMENT TRADING CORPORATION"],
                &["123456"],
            ),
            1.0,
            vec![],
        ),
        (
            company(
                &["KOREA MINING DEVELOPMENT TRADING CORPORATION"],
                &["123456"],
            ),
            company(
                &["KOREA MINING DEVELOPMENT TRADING CORPORATION"],
                &["987654"],
            ),
            0.9,
            vec![(Qualifier::OrgIdDisjoint, -0.1)],
        ),
        (
            // One digit apart out of ten: 90% alike, so only a tenth of the penalty.
            company(
                &["KOREA MINING DEVELOPMENT TRADING CORPORATION"],
                &["1234567890"],
            ),
            company(
                &["KOREA MINING DEVELOPMENT TRADING CORPORATION"],
                &["1234567891"],
            ),
            0.99,
            vec![(Qualifier::OrgIdDisjoint, -0.01)],
        ),
        (
            // Persons' identifiers are not compared.
            Profile {
                identifiers: vec!["123".into()],
                ..kim()
            },
            Profile {
                identifiers: vec!["456".into()],
                ..listed()
            },
            1.0,
            vec![],
        ),
    ];
    let mut failures = Vec::new();
    for (i, (q, c, score, expected)) in table.iter().enumerate() {
        let s = entity_score(q, c);
        let got: Vec<(Qualifier, f64)> = s
            .qualifiers
            .iter()
            .map(|h| (h.qualifier, h.adjustment))
            .collect();
        let same = got.len() == expected.len()
            && got
                .iter()
                .zip(expected)
                .all(|(a, b)| a.0 == b.0 && (a.1 - b.1).abs() < 1e-9);
        if (s.score - score).abs() > 1e-9 || !same {
            failures.push(format!(
                "row {i}: got {:.3} {got:?}, expected {score:.3} {expected:?}: {}",
                s.score, s.detail
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn best_name_pair_over_aliases() {
    let query = person(&["Kim Chong-un", "KIM JONG UN"]);
    let listed = person(&["KIM JONG IL", "KIM, Jong Un", "KIM CHONG UN"]);
    let s = entity_score(&query, &listed);
    assert_eq!(s.score, 1.0);
    // The first pair reaching the best score is reported.
    assert_eq!(s.query_name.as_deref(), Some("Kim Chong-un"));
    assert_eq!(s.candidate_name.as_deref(), Some("KIM CHONG UN"));
    assert!(s.detail.contains("no qualifier applied"), "{}", s.detail);
}

#[test]
fn qualifiers_need_a_name_match() {
    let query = dated(person(&["VLADIMIR PUTIN"]), &["1952-10-07"]);
    let listed = dated(person(&["GEORGE BUSH"]), &["1946-07-06"]);
    let s = entity_score(&query, &listed);
    assert_eq!(s.score, 0.0);
    assert!(s.qualifiers.is_empty());
    assert!(s.detail.contains("qualifiers not applied"), "{}", s.detail);
}

#[test]
fn qualifiers_add_up_and_stop_at_zero() {
    let query = |name: &str| {
        gendered(
            from(dated(person(&[name]), &["1950-02-03"]), &["us"]),
            Gender::Female,
        )
    };
    let listed = gendered(
        from(
            dated(person(&["HASWANI, George"]), &["1946-09-26"]),
            &["sy"],
        ),
        Gender::Male,
    );
    // Name 0.50, then -0.45 of qualifiers.
    let s = entity_score(&query("GEORGE BUSH"), &listed);
    assert!((s.score - 0.05).abs() < 1e-9, "{}", s.detail);
    assert_eq!(s.qualifiers.len(), 4);
    // A weaker name goes to zero, not below: one part in four found, whole strings far apart.
    let far = Profile {
        names: vec!["KKKKKKKKKKKKKKKKKKKKKKKKKKKKKK, George".into()],
        ..listed.clone()
    };
    let s = entity_score(&query("GEORGE QQQQQQ ZZZZZZ XXXXXX"), &far);
    let name = s.name.as_ref().expect("a name score").score;
    assert!(name > 0.0 && name < 0.45, "{}", s.detail);
    assert_eq!(s.score, 0.0);
}

#[test]
fn a_person_never_matches_a_vessel() {
    let query = person(&["JI SONG 6"]);
    let vessel = Profile {
        schema: Schema::Vessel,
        names: vec!["JI SONG 6".into()],
        ..Profile::default()
    };
    let s = entity_score(&query, &vessel);
    assert_eq!(s.score, 0.0);
    assert!(s.name.is_none());
    assert!(s.detail.contains("cannot be"), "{}", s.detail);

    // A schema left unknown matches anything.
    let unknown = Profile {
        names: vec!["JI SONG 6".into()],
        ..Profile::default()
    };
    assert_eq!(entity_score(&unknown, &vessel).score, 1.0);
}

#[test]
fn explanation_names_each_qualifier() {
    let query = from(dated(person(&["KIM JONG UN"]), &["1983"]), &["cn"]);
    let listed = from(dated(person(&["KIM, Jong Man"]), &["1984-01-08"]), &["kp"]);
    let s = entity_score(&query, &listed);
    assert!((s.score - 0.8).abs() < 1e-9);
    assert!(
        s.detail.contains("country_mismatch -0.100 (cn vs kp)"),
        "{}",
        s.detail
    );
    assert!(
        s.detail
            .contains("dob_year_disjoint -0.100 (born 1983 vs 1984)"),
        "{}",
        s.detail
    );
    let name = s.name.expect("a name score");
    assert_eq!(name.percent(), 100);
}
