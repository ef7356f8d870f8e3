//! Synthetic list versions shaped like the OFAC SDN list as the readers give it: for each
//! record a party (person, company or vessel), its Sanction and an Address. Used by the tests
//! and by `benches/diff.rs`.

use ce2_model::{Entity, Provenance};

const SURNAMES: [&str; 8] = ["KIM", "RI", "PAK", "CHOE", "JONG", "KANG", "HAN", "O"];
const SYLLABLES: [&str; 12] = [
    "Chol", "Song", "Il", "Myong", "Hyok", "Yong", "Su", "Nam", "Ho", "Jin", "Hun", "Gwang",
];
const WORDS: [&str; 10] = [
    "MINING",
    "SHIPPING",
    "TRADING",
    "RYONBONG",
    "TANCHON",
    "KORYO",
    "HAEGUMGANG",
    "SINGWANG",
    "POTONGGANG",
    "CHONGCHONGANG",
];

/// The entities of record `n` (three per record). `variant` other than 0 changes the record
/// the way a new publication does: an alias more and a changed address.
pub fn record(dataset: &str, published: &str, n: usize, variant: u32) -> Vec<Entity> {
    let num = n.to_string();
    let prov = Provenance::new(dataset, &num, Some(published));
    let id = format!("ofac-{n}");
    let addr_id = format!("ofac-{n}-addr-1");
    let mut party = match n % 10 {
        0..=5 => {
            let mut p = Entity::new("Person", id.as_str(), prov.clone()).unwrap();
            let name = format!(
                "{} {} {}",
                SURNAMES[n % 8],
                SYLLABLES[(n / 8) % 12],
                SYLLABLES[(n / 96) % 12].to_lowercase()
            );
            p.add("name", &name).unwrap();
            p.add(
                "birthDate",
                &format!("{}-{:02}-{:02}", 1950 + n % 40, 1 + n % 12, 1 + n % 28),
            )
            .unwrap();
            p.add("nationality", "kp").unwrap();
            p.add("passportNumber", &format!("{:09}", 100_000_000 + n * 7))
                .unwrap();
            p
        }
        6..=8 => {
            let mut c = Entity::new("Company", id.as_str(), prov.clone()).unwrap();
            let name = format!(
                "KOREA {} {} CORPORATION {n}",
                WORDS[n % 10],
                WORDS[(n / 10) % 10]
            );
            c.add("name", &name).unwrap();
            c.add("country", "kp").unwrap();
            c.add("registrationNumber", &format!("KP-{n:07}")).unwrap();
            c
        }
        _ => {
            let mut v = Entity::new("Vessel", id.as_str(), prov.clone()).unwrap();
            v.add("name", &format!("{} {}", WORDS[n % 10], n % 97))
                .unwrap();
            v.add("imoNumber", &format!("{}", 8_000_000 + n)).unwrap();
            v.add("flag", "kp").unwrap();
            v.add("callSign", &format!("HM{:04}", n % 10_000)).unwrap();
            v
        }
    };
    party.add("topics", "sanction").unwrap();
    party.add("addressEntity", &addr_id).unwrap();
    if variant != 0 {
        party
            .add("alias", &format!("ALIAS {n} V{variant}"))
            .unwrap();
    }
    let mut sanction = Entity::new("Sanction", format!("ofac-{n}-sanction"), prov.clone()).unwrap();
    sanction.add("entity", &id).unwrap();
    sanction
        .add("authority", "Office of Foreign Assets Control")
        .unwrap();
    sanction
        .add("program", ["DPRK", "DPRK2", "DPRK3", "DPRK4"][n % 4])
        .unwrap();
    sanction.add("authorityId", &num).unwrap();
    sanction
        .add(
            "listingDate",
            &format!("{}-{:02}-15", 2006 + n % 18, 1 + n % 12),
        )
        .unwrap();
    let mut address = Entity::new("Address", addr_id.as_str(), prov).unwrap();
    let street = if variant == 0 {
        "Sungri Street"
    } else {
        "Haebangsan Street"
    };
    address
        .add(
            "full",
            &format!("{} {street}, Central District, Pyongyang", 1 + n % 300),
        )
        .unwrap();
    address.add("city", "Pyongyang").unwrap();
    address.add("country", "kp").unwrap();
    vec![party, sanction, address]
}

/// A whole version: the records in `records`, with `variant(n)` deciding how each reads.
pub fn version(
    dataset: &str,
    published: &str,
    records: impl IntoIterator<Item = usize>,
    variant: impl Fn(usize) -> u32,
) -> Vec<Entity> {
    records
        .into_iter()
        .flat_map(|n| record(dataset, published, n, variant(n)))
        .collect()
}
