//! Short forms of given names: Ted for Theodore and Edward, Sasha for Aleksandr, Bibi for
//! Binyamin. People are listed under their full names and known, written about and paid
//! under the short ones.
//!
//! The table holds the forms in common use in English, Russian and Hebrew, in their usual
//! Latin spellings (Russian in the spellings the sanctions lists use: Aleksandr, Alexander).
//! A short form that is also a full name in its own right (Ben, Alex) still counts: a
//! screening hit on it is one an analyst must see.

use std::sync::LazyLock;

use crate::fnv::FnvMap;

/// Short form → the full names it stands for.
const TABLE: &[(&str, &[&str])] = &[
    // English.
    ("abe", &["abraham", "abram"]),
    (
        "alex",
        &[
            "alexander",
            "aleksandr",
            "alexandra",
            "alexis",
            "aleksey",
            "alexei",
        ],
    ),
    ("andy", &["andrew", "andreas", "andrey", "andrei"]),
    ("drew", &["andrew"]),
    ("tony", &["anthony", "antonio", "antony", "anton"]),
    ("art", &["arthur"]),
    ("barb", &["barbara"]),
    ("ben", &["benjamin", "binyamin", "benedict", "bernard"]),
    ("benji", &["benjamin"]),
    ("benny", &["benjamin", "binyamin"]),
    ("bernie", &["bernard"]),
    ("bert", &["albert", "herbert", "robert", "hubert"]),
    ("bill", &["william"]),
    ("billy", &["william"]),
    ("will", &["william"]),
    ("willy", &["william", "wilhelm"]),
    ("bob", &["robert"]),
    ("bobby", &["robert"]),
    ("rob", &["robert"]),
    ("robbie", &["robert"]),
    ("cathy", &["catherine", "cathleen"]),
    ("kathy", &["katherine", "kathleen", "kathryn"]),
    ("kate", &["katherine", "catherine", "kathleen"]),
    ("katie", &["katherine", "catherine", "kathleen"]),
    ("charlie", &["charles"]),
    ("chuck", &["charles"]),
    (
        "chris",
        &["christopher", "christian", "christine", "christina"],
    ),
    ("dan", &["daniel"]),
    ("danny", &["daniel"]),
    ("dave", &["david"]),
    ("davy", &["david"]),
    ("debbie", &["deborah"]),
    ("dick", &["richard"]),
    ("rick", &["richard", "frederick", "eric"]),
    ("rich", &["richard"]),
    ("richie", &["richard"]),
    ("don", &["donald"]),
    ("doug", &["douglas"]),
    ("ed", &["edward", "edmund", "edwin"]),
    ("eddie", &["edward", "edmund", "edwin"]),
    ("ned", &["edward", "edmund"]),
    ("ted", &["theodore", "edward"]),
    ("teddy", &["theodore", "edward"]),
    ("fred", &["frederick", "friedrich", "alfred"]),
    ("freddie", &["frederick", "alfred"]),
    ("gene", &["eugene"]),
    ("greg", &["gregory"]),
    ("hank", &["henry"]),
    ("harry", &["henry", "harold"]),
    ("jack", &["john", "jacob"]),
    ("johnny", &["john", "jonathan"]),
    ("jim", &["james"]),
    ("jimmy", &["james"]),
    ("jamie", &["james"]),
    ("joe", &["joseph"]),
    ("joey", &["joseph"]),
    ("jon", &["jonathan"]),
    ("josh", &["joshua"]),
    ("ken", &["kenneth"]),
    ("kenny", &["kenneth"]),
    ("larry", &["lawrence", "laurence"]),
    ("liz", &["elizabeth"]),
    ("beth", &["elizabeth"]),
    ("betty", &["elizabeth"]),
    ("lisa", &["elizabeth"]),
    ("maggie", &["margaret"]),
    ("meg", &["margaret"]),
    ("peggy", &["margaret"]),
    ("matt", &["matthew"]),
    ("mike", &["michael"]),
    ("mick", &["michael"]),
    ("mickey", &["michael"]),
    ("nate", &["nathan", "nathaniel"]),
    ("nick", &["nicholas", "nikolai", "nikolay"]),
    ("pat", &["patrick", "patricia"]),
    ("pete", &["peter"]),
    ("phil", &["philip", "phillip"]),
    ("ray", &["raymond"]),
    ("ron", &["ronald"]),
    ("ronnie", &["ronald"]),
    ("sam", &["samuel", "samantha"]),
    ("sammy", &["samuel"]),
    ("steve", &["stephen", "steven"]),
    ("sue", &["susan"]),
    ("susie", &["susan"]),
    ("tom", &["thomas"]),
    ("tommy", &["thomas"]),
    ("tim", &["timothy"]),
    ("vince", &["vincent"]),
    ("walt", &["walter"]),
    ("zach", &["zachary"]),
    // Russian.
    (
        "sasha",
        &["aleksandr", "alexander", "aleksandra", "alexandra"],
    ),
    ("shura", &["aleksandr", "alexander"]),
    ("volodya", &["vladimir"]),
    ("vova", &["vladimir"]),
    ("kolya", &["nikolai", "nikolay"]),
    ("misha", &["mikhail"]),
    ("dima", &["dmitry", "dmitri", "dmitriy"]),
    ("seryozha", &["sergey", "sergei"]),
    ("serezha", &["sergey", "sergei"]),
    (
        "zhenya",
        &["yevgeny", "yevgeniy", "evgeny", "evgeniy", "yevgenia"],
    ),
    ("kostya", &["konstantin"]),
    ("alyosha", &["aleksey", "alexei", "aleksei"]),
    ("lyosha", &["aleksey", "alexei", "aleksei"]),
    ("pasha", &["pavel"]),
    ("petya", &["pyotr", "petr"]),
    ("vanya", &["ivan"]),
    ("yura", &["yuri", "yuriy", "yury"]),
    (
        "slava",
        &["vyacheslav", "stanislav", "yaroslav", "svyatoslav"],
    ),
    ("tolya", &["anatoly", "anatoliy"]),
    ("borya", &["boris"]),
    ("grisha", &["grigory", "grigoriy"]),
    ("fedya", &["fyodor", "fedor"]),
    ("lyonya", &["leonid"]),
    ("vitya", &["viktor"]),
    ("natasha", &["natalya", "natalia"]),
    ("masha", &["maria", "mariya"]),
    ("tanya", &["tatyana", "tatiana"]),
    ("olya", &["olga"]),
    ("lena", &["yelena", "elena"]),
    ("katya", &["yekaterina", "ekaterina"]),
    ("anya", &["anna"]),
    ("sveta", &["svetlana"]),
    ("lyuda", &["lyudmila", "ludmila"]),
    ("ira", &["irina"]),
    ("nadya", &["nadezhda"]),
    // Hebrew.
    ("bibi", &["benjamin", "binyamin"]),
    ("avi", &["avraham", "abraham", "avigdor"]),
    ("moshe", &["moses"]),
    ("yossi", &["yosef", "joseph"]),
];

static INDEX: LazyLock<FnvMap<&'static str, &'static [&'static str]>> = LazyLock::new(|| {
    let mut m: FnvMap<&'static str, &'static [&'static str]> = FnvMap::default();
    for (short, full) in TABLE {
        m.entry(short).or_insert(full);
    }
    m
});

/// Whether a Latin given name (lower case) is a short form the table knows (`ted`, `sasha`).
pub fn is_short(word: &str) -> bool {
    (2..=8).contains(&word.len()) && INDEX.contains_key(word)
}

/// Whether one of two Latin given names (lower case, unaccented) is a short form of the
/// other: `ted` and `theodore`, `sasha` and `aleksandr`.
pub fn is_short_form(a: &str, b: &str) -> bool {
    let of = |short: &str, full: &str| INDEX.get(short).is_some_and(|fs| fs.contains(&full));
    a != b && (of(a, b) || of(b, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_either_way_round() {
        for (a, b) in [
            ("ted", "theodore"),
            ("theodore", "ted"),
            ("ben", "benjamin"),
            ("bibi", "binyamin"),
            ("sasha", "aleksandr"),
            ("volodya", "vladimir"),
        ] {
            assert!(is_short_form(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("ted", "edmund"),
            ("ted", "ted"),
            ("sasha", "vladimir"),
            ("kim", "kimberly"),
        ] {
            assert!(!is_short_form(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn every_short_form_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (short, full) in TABLE {
            assert!(seen.insert(*short), "{short} listed twice");
            assert!(!full.is_empty());
            assert!(short.bytes().all(|b| b.is_ascii_lowercase()));
            assert!(full
                .iter()
                .all(|f| f.bytes().all(|b| b.is_ascii_lowercase())));
        }
    }
}
