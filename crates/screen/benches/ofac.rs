//! Throughput of the `ofac` scorer on realistic name pairs: DPRK persons, companies and vessels
//! as the lists write them, against the spellings users type.
//!
//! Run with `cargo bench -p ce2-screen` (release build). Prints pairs per second on one core for
//! `name_score` and `entity_score`; the target for the crate is at least 100,000 pairs/s.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ce2_screen::ofac::{entity_score, name_score, Gender, Profile, Schema};

/// Listed names, in the lists' own forms (surname first, commas, hyphens, apostrophes).
const LISTED: &[&str] = &[
    "KIM, Jong Un",
    "KIM, Yo Jong",
    "CHOE, Ryong Hae",
    "RI, Pyong Chol",
    "PAK, Jong Chon",
    "KIM, Su Gil",
    "O, Kuk-Ryol",
    "RI, U'n-so'ng",
    "CH'OE, So'ng-nam",
    "JANG, Song Thaek",
    "KOREA MINING DEVELOPMENT TRADING CORPORATION",
    "KOREA KWANGSON BANKING CORP.",
    "FOREIGN TRADE BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
    "LAZARUS GROUP",
    "CHEIL CREDIT BANK",
    "NAMCHONGANG TRADING CORPORATION",
    "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED",
    "KOREA RYONBONG GENERAL CORPORATION",
    "CHON MYONG",
    "JI SONG 6",
    "YU JONG",
    "NAM SAN 8",
    "HAPJANGGANG 6",
    "SINBAD",
    "TORNADO CASH",
    "PUTIN, Vladimir Vladimirovich",
    "BIN LADIN, Usama bin Muhammad bin Awad",
    "AL-BAGHDADI, Abu Bakr al-Husayni",
    "MAHMOOD, Sultan Bashir-Ud-Din",
    "ESCOBAR HENAO, Pablo",
];

/// What users type: other romanisations, word orders, typos, unrelated names.
const TYPED: &[&str] = &[
    "Kim Jong-un",
    "KIM JONG UN",
    "Choe Ryonghae",
    "Ri Pyong-chol",
    "Lee Byung Chul",
    "Pak Jong-chon",
    "Korea Mining Development Corp",
    "Kwangson Banking",
    "Foreign Trade Bank of DPRK",
    "Lazarus",
    "Ocean Maritime Management",
    "Chon Myong 1",
    "Jisong 6",
    "Vladimir Putin",
    "Osama bin Laden",
    "John Smith",
    "Maria Garcia Lopez",
    "Acme Shipping Ltd",
    "Abu Bakr al-Baghdadi",
    "Pablo Escobar",
];

fn measure(label: &str, pairs_per_round: usize, mut round: impl FnMut() -> f64) {
    // Warm up, then run rounds for about a second.
    let mut sink = 0.0;
    for _ in 0..3 {
        sink += round();
    }
    let start = Instant::now();
    let mut rounds = 0usize;
    while start.elapsed() < Duration::from_secs(1) {
        sink += round();
        rounds += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let pairs = (rounds * pairs_per_round) as f64;
    println!(
        "{label:<44} {:>12.0} pairs/s   {:>7.2} µs/pair   ({} pairs)",
        pairs / elapsed,
        elapsed / pairs * 1e6,
        rounds * pairs_per_round
    );
    black_box(sink);
}

fn main() {
    let pairs = LISTED.len() * TYPED.len();
    measure("name_score, typed × listed", pairs, || {
        let mut total = 0.0;
        for q in TYPED {
            for c in LISTED {
                total += black_box(name_score(black_box(q), black_box(c))).score;
            }
        }
        total
    });

    // Entities with three names each and the qualifiers filled in: every call compares nine
    // name pairs, and is counted here as one pair of parties.
    let parties: Vec<Profile> = LISTED
        .chunks(3)
        .map(|names| Profile {
            schema: Schema::Person,
            names: names.iter().map(|n| n.to_string()).collect(),
            birth_dates: vec!["1984-01-08".into(), "1983".into()],
            countries: vec!["kp".into()],
            gender: Some(Gender::Male),
            identifiers: Vec::new(),
        })
        .collect();
    let queries: Vec<Profile> = TYPED
        .chunks(3)
        .map(|names| Profile {
            schema: Schema::Person,
            names: names.iter().map(|n| n.to_string()).collect(),
            birth_dates: vec!["1984-08-01".into()],
            countries: vec!["cn".into()],
            gender: Some(Gender::Female),
            identifiers: Vec::new(),
        })
        .collect();
    let entity_pairs = parties.len() * queries.len();
    measure(
        "entity_score, 3 × 3 names, qualifiers",
        entity_pairs,
        || {
            let mut total = 0.0;
            for q in &queries {
                for c in &parties {
                    total += black_box(entity_score(black_box(q), black_box(c))).score;
                }
            }
            total
        },
    );
}
