//! `ce2 bench screening`: the quality and speed of screening, measured on the labelled sets in
//! `../shared/data/sanctions/matching/` and on the DPRK listings' own aliases.
//!
//! Every figure is computed here from the data at hand; nothing is copied from elsewhere. The
//! published logic-v2 scores (`name_bench_logicv2_frozen_scores.csv`) are read and scored the
//! same way, so that the two stand side by side on the same pairs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use ce2_lists::{eu_journal, ofac_csv, un, InputFile};
use ce2_model::{Entity, Schema};
use ce2_names::{script, Script};
use ce2_screen::{Algorithm, Index, Kind, Prepared, Record};

/// Counts of a binary classification.
#[derive(Debug, Default, Clone, Copy)]
struct Confusion {
    tp: u64,
    fp: u64,
    tn: u64,
    fn_: u64,
}

impl Confusion {
    fn add(&mut self, truth: bool, predicted: bool) {
        match (truth, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn line(&self) -> String {
        format!(
            "P {:.3}  R {:.3}  F1 {:.3}  (TP {} FP {} TN {} FN {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.tn,
            self.fn_
        )
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn record(schema: &str, names: &[&str]) -> Record {
    let s: &Schema = ce2_model::model()
        .get(schema)
        .or_else(|| ce2_model::model().get("LegalEntity"))
        .expect("LegalEntity is in the model");
    Record {
        id: String::new(),
        schema: s.name.clone(),
        kind: Kind::of(s).unwrap_or(Kind::Legal),
        caption: names.first().map(|n| n.to_string()).unwrap_or_default(),
        names: names.iter().map(|n| n.to_string()).collect(),
        weak_names: vec![],
        birth_dates: vec![],
        countries: vec![],
        genders: vec![],
        ids: vec![],
        datasets: vec![],
    }
}

fn pair_score(algo: &dyn Algorithm, schema: &str, a: &str, b: &str) -> f64 {
    algo.score(
        &Prepared::new(record(schema, &[a])),
        &Prepared::new(record(schema, &[b])),
    )
    .score
}

fn shared(data: &Path, rel: &str) -> Option<PathBuf> {
    let p = data.join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!("  (skipped: {} is absent)", p.display());
        None
    }
}

/// The real lists the benchmark reads, each read once.
struct Lists {
    /// The UN consolidated list.
    un: Option<Vec<Entity>>,
    /// The OFAC sdn.csv of 2024 with the alt.csv of 2025.
    ofac: Option<Vec<Entity>>,
    /// The EU DPRK annexes.
    eu: Option<Vec<Entity>>,
}

impl Lists {
    fn load(data: &Path) -> Result<Lists> {
        let un = match shared(data, "sanctions/un/un_consolidated_2026-02-27.xml") {
            Some(p) => {
                let bytes = load(&p)?;
                let name = p.display().to_string();
                Some(
                    un::read(&InputFile::new(&name, &bytes))
                        .map_err(|e| anyhow!("{e}"))?
                        .entities,
                )
            }
            None => None,
        };
        let ofac = match (
            shared(data, "sanctions/ofac/2024-05-03/sdn.csv"),
            shared(data, "sanctions/ofac/2025-12-24/alt.csv"),
        ) {
            (Some(sdn), Some(alt)) => {
                let (sdn_b, alt_b) = (load(&sdn)?, load(&alt)?);
                let set = ofac_csv::OfacCsvSet {
                    sdn: InputFile::new("sdn.csv", &sdn_b),
                    add: None,
                    alt: Some(InputFile::new("alt.csv", &alt_b)),
                    comments: None,
                };
                Some(ofac_csv::read(&set).map_err(|e| anyhow!("{e}"))?.entities)
            }
            _ => None,
        };
        let eu = match shared(
            data,
            "sanctions/eu/eu_reg_2017_1509_dprk_annexes_consolidated_2025-12-17.csv",
        ) {
            Some(p) => {
                let bytes = load(&p)?;
                Some(
                    eu_journal::read(&InputFile::new("eu.csv", &bytes))
                        .map_err(|e| anyhow!("{e}"))?
                        .entities,
                )
            }
            None => None,
        };
        Ok(Lists { un, ofac, eu })
    }
}

/// Run the screening benchmark and print its report.
pub fn screening(data: &Path, algo: &dyn Algorithm, pairs_out: Option<&Path>) -> Result<()> {
    println!(
        "screening benchmark, algorithm {} (match at {:.2}), data {}",
        algo.name(),
        algo.threshold(),
        data.display()
    );
    name_bench(data, algo)?;
    let lists = Lists::load(data)?;
    dprk_variants(&lists, algo, pairs_out)?;
    cross_script(data, algo)?;
    candgen(data, &lists, algo)?;
    speed(data, &lists, algo)?;
    Ok(())
}

fn name_bench(data: &Path, algo: &dyn Algorithm) -> Result<()> {
    println!("\n1. nomenklatura name_bench (labelled name pairs)");
    let Some(path) = shared(data, "sanctions/matching/nomenklatura/name_bench_cases.csv") else {
        return Ok(());
    };
    let mut reader = csv::Reader::from_path(&path)?;
    let mut all = Confusion::default();
    let mut by_group: BTreeMap<String, Confusion> = BTreeMap::new();
    let mut by_schema: BTreeMap<String, Confusion> = BTreeMap::new();
    let mut scores: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    let started = Instant::now();
    let mut n = 0u64;
    for row in reader.records() {
        let row = row?;
        let (group, schema, a, b, truth) = (&row[0], &row[1], &row[2], &row[3], &row[4] == "true");
        let s = pair_score(algo, schema, a, b);
        n += 1;
        let predicted = s >= algo.threshold();
        all.add(truth, predicted);
        by_group
            .entry(group.to_string())
            .or_default()
            .add(truth, predicted);
        by_schema
            .entry(schema.to_string())
            .or_default()
            .add(truth, predicted);
        scores.insert((schema.to_string(), a.to_string(), b.to_string()), s);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "  all {n} pairs: {}   ({:.0} pairs/s, one thread)",
        all.line(),
        n as f64 / secs
    );
    for (g, c) in &by_group {
        println!("    group {g:<16} {}", c.line());
    }
    for (g, c) in &by_schema {
        println!("    schema {g:<15} {}", c.line());
    }
    // Side by side with the published logic-v2 scores on the same pairs.
    if let Some(frozen) = shared(
        data,
        "sanctions/matching/nomenklatura/name_bench_logicv2_frozen_scores.csv",
    ) {
        let mut reader = csv::Reader::from_path(&frozen)?;
        let (mut ours, mut theirs) = (Confusion::default(), Confusion::default());
        for row in reader.records() {
            let row = row?;
            let truth = &row[5] == "true";
            let theirs_score: f64 = row[9].parse().unwrap_or(0.0);
            theirs.add(truth, theirs_score >= 0.7);
            let key = (row[2].to_string(), row[3].to_string(), row[4].to_string());
            let s = scores
                .get(&key)
                .copied()
                .unwrap_or_else(|| pair_score(algo, &row[2], &row[3], &row[4]));
            ours.add(truth, s >= algo.threshold());
        }
        println!(
            "  on the {} pairs logic-v2 was frozen on:",
            ours.tp + ours.fp + ours.tn + ours.fn_
        );
        println!("    {:<10} {}", algo.name(), ours.line());
        println!(
            "    {:<10} {}   (published scores, threshold 0.70)",
            "logic-v2",
            theirs.line()
        );
    }
    Ok(())
}

fn load(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Persons with their primary name and aliases, and organisations, from the DPRK listings.
struct Listing {
    id: String,
    kind: Kind,
    name: String,
    aliases: Vec<String>,
}

fn listings_of(entities: &[Entity], dprk: impl Fn(&Entity) -> bool) -> Vec<Listing> {
    entities
        .iter()
        .filter(|e| dprk(e))
        .filter_map(|e| {
            let kind = Kind::of(e.schema())?;
            let name = e.first("name")?.to_string();
            let mut aliases: Vec<String> = e
                .get("name")
                .into_iter()
                .skip(1)
                .chain(e.get("alias"))
                .chain(e.get("previousName"))
                .map(str::to_string)
                .collect();
            aliases.retain(|a| *a != name);
            aliases.dedup();
            Some(Listing {
                id: e.id.clone(),
                kind,
                name,
                aliases,
            })
        })
        .collect()
}

fn sanctioned_programs(entities: &[Entity]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entities.iter().filter(|e| e.schema().name == "Sanction") {
        for target in e.get("entity") {
            out.entry(target.to_string())
                .or_default()
                .extend(e.get("program").into_iter().map(str::to_string));
        }
    }
    out
}

fn is_hangul(s: &str) -> bool {
    matches!(script(s), Script::Hangul)
}

/// The pair sets, kept for writing out: (file name, rows of schema, name1, name2, is_match).
type PairSets = BTreeMap<&'static str, Vec<[String; 4]>>;

fn write_pairs(dir: &Path, sets: &PairSets) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, rows) in sets {
        let path = dir.join(name);
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record(["schema", "name1", "name2", "is_match"])?;
        for r in rows {
            w.write_record(r)?;
        }
        w.flush()?;
        println!("  wrote {} pairs to {}", rows.len(), path.display());
    }
    Ok(())
}

fn dprk_variants(lists: &Lists, algo: &dyn Algorithm, pairs_out: Option<&Path>) -> Result<()> {
    let mut sets: PairSets = BTreeMap::new();
    println!(
        "\n2. DPRK listings: each listing's own aliases, and different listings with similar names"
    );
    let mut listings = Vec::new();
    if let Some(entities) = &lists.un {
        let programs = sanctioned_programs(entities);
        listings.extend(listings_of(entities, |e| {
            programs
                .get(&e.id)
                .is_some_and(|p| p.iter().any(|x| x == "DPRK"))
        }));
    }
    if let Some(entities) = &lists.ofac {
        let programs = sanctioned_programs(entities);
        listings.extend(listings_of(entities, |e| {
            programs
                .get(&e.id)
                .is_some_and(|p| p.iter().any(|x| x.starts_with("DPRK")))
        }));
    }
    if let Some(entities) = &lists.eu {
        listings.extend(listings_of(entities, |_| true));
    }
    if listings.is_empty() {
        return Ok(());
    }
    let threshold = algo.threshold();
    let schema_of = |k: Kind| match k {
        Kind::Person => "Person",
        Kind::Vessel => "Vessel",
        _ => "Organization",
    };
    // Positives: primary name against each alias. An alias is a spelling variant when its
    // letters are mostly the listed name's (a plain edit-distance test, independent of the
    // matcher); other aliases (cover names, Chinese readings) are counted apart.
    let mut hangul_persons = Confusion::default();
    let (mut latin, mut hangul, mut other) = (
        Confusion::default(),
        Confusion::default(),
        Confusion::default(),
    );
    let mut misses: Vec<String> = Vec::new();
    // The name words only: legal forms and organisation types (Trading, Corporation) would
    // make any two company names look alike.
    let name_words = |n: &str, kind: Kind| -> Vec<String> {
        let nk = if kind == Kind::Person {
            ce2_names::NameKind::Person
        } else {
            ce2_names::NameKind::Organization
        };
        ce2_names::tokenize(n, nk)
            .into_iter()
            .filter(|t| t.is_name_word() && t.symbol.is_none())
            .map(|t| t.latin)
            .collect()
    };
    let letters = |words: &[String]| -> String {
        let mut words = words.to_vec();
        words.sort();
        words.concat()
    };
    // The string-level test of earlier figures, kept for comparison: it also counts an alias
    // with a word replaced (Bureau for Department) when the rest is long enough.
    let mut string_level = Confusion::default();
    for l in &listings {
        for a in &l.aliases {
            let s = pair_score(algo, schema_of(l.kind), &l.name, a);
            let hit = s >= threshold;
            let row = [
                schema_of(l.kind).to_string(),
                l.name.clone(),
                a.clone(),
                "true".to_string(),
            ];
            if is_hangul(a) || is_hangul(&l.name) {
                hangul.add(true, hit);
                if l.kind == Kind::Person {
                    hangul_persons.add(true, hit);
                }
                sets.entry("dprk_hangul.csv").or_default().push(row);
            } else {
                let (wx, wy) = (name_words(&l.name, l.kind), name_words(a, l.kind));
                let (x, y) = (letters(&wx), letters(&wy));
                let d = ce2_names::similarity::levenshtein(&x, &y) as f64;
                if 1.0 - d / x.chars().count().max(y.chars().count()).max(1) as f64 >= 0.6 {
                    string_level.add(true, hit);
                }
                if words_spelled_alike(&wx, &wy) {
                    latin.add(true, hit);
                    sets.entry("dprk_variants.csv").or_default().push(row);
                    if !hit && misses.len() < 15 {
                        misses.push(format!("{} ~ {} ({s:.2})", l.name, a));
                    }
                } else {
                    other.add(true, hit);
                    sets.entry("dprk_other_aliases.csv").or_default().push(row);
                }
            }
        }
    }
    println!(
        "  romanisation and spelling variants: recall {:.3} ({} of {})",
        latin.recall(),
        latin.tp,
        latin.tp + latin.fn_
    );
    println!(
        "    (the earlier string-level test, which also counts aliases with a word replaced: recall {:.3}, {} of {})",
        string_level.recall(),
        string_level.tp,
        string_level.tp + string_level.fn_
    );
    println!(
        "  Hangul originals against Latin forms: recall {:.3} ({} of {})",
        hangul.recall(),
        hangul.tp,
        hangul.tp + hangul.fn_
    );
    let (bodies_found, bodies) = (
        hangul.tp - hangul_persons.tp,
        hangul.tp + hangul.fn_ - hangul_persons.tp - hangul_persons.fn_,
    );
    println!(
        "    persons: recall {:.3} ({} of {}); bodies, whose Hangul names are translations (조선인민군 for Korean People's Army): {} of {}",
        hangul_persons.recall(),
        hangul_persons.tp,
        hangul_persons.tp + hangul_persons.fn_,
        bodies_found,
        bodies
    );
    println!(
        "  other aliases (cover names, other readings; no target): recall {:.3} ({} of {})",
        other.recall(),
        other.tp,
        other.tp + other.fn_
    );
    if !misses.is_empty() {
        println!("    some misses: {}", misses.join("; "));
    }
    // Negatives: different listings of one list with the same family name (persons), or
    // sharing a word (organisations). Different ids on one list are different parties.
    let mut persons = Confusion::default();
    let mut orgs = Confusion::default();
    let mut false_alerts: Vec<String> = Vec::new();
    let first_word = |n: &str| n.split([' ', ',']).next().unwrap_or("").to_lowercase();
    for (i, a) in listings.iter().enumerate() {
        for b in &listings[i + 1..] {
            if a.kind != b.kind
                || a.id.split('-').next() != b.id.split('-').next()
                || is_hangul(&a.name)
                || is_hangul(&b.name)
            {
                continue;
            }
            // The same name under two ids is one party listed twice, not a hard negative.
            if a.name.to_lowercase() == b.name.to_lowercase() {
                continue;
            }
            let related = match a.kind {
                Kind::Person => first_word(&a.name) == first_word(&b.name),
                Kind::Organization => {
                    let words = |n: &str| -> Vec<String> {
                        n.to_lowercase()
                            .split_whitespace()
                            .filter(|w| w.len() >= 4)
                            .map(str::to_string)
                            .collect()
                    };
                    let wb = words(&b.name);
                    words(&a.name).iter().any(|w| wb.contains(w))
                }
                _ => false,
            };
            if !related {
                continue;
            }
            let s = pair_score(algo, schema_of(a.kind), &a.name, &b.name);
            let hit = s >= threshold;
            let file = if a.kind == Kind::Person {
                "dprk_distinct_persons.csv"
            } else {
                "dprk_distinct_bodies.csv"
            };
            sets.entry(file).or_default().push([
                schema_of(a.kind).to_string(),
                a.name.clone(),
                b.name.clone(),
                "false".to_string(),
            ]);
            if a.kind == Kind::Person {
                persons.add(false, hit)
            } else {
                orgs.add(false, hit)
            }
            if hit && false_alerts.len() < 12 {
                false_alerts.push(format!("{} ~ {} ({s:.2})", a.name, b.name));
            }
        }
    }
    println!(
        "  distinct persons, same family name: false-positive rate {:.3} ({} of {})",
        ratio(persons.fp, persons.fp + persons.tn),
        persons.fp,
        persons.fp + persons.tn
    );
    println!(
        "  distinct organisations sharing a word: false-positive rate {:.3} ({} of {})",
        ratio(orgs.fp, orgs.fp + orgs.tn),
        orgs.fp,
        orgs.fp + orgs.tn
    );
    if !false_alerts.is_empty() {
        println!("    some false alerts: {}", false_alerts.join("; "));
    }
    if let Some(dir) = pairs_out {
        write_pairs(dir, &sets)?;
    }
    Ok(())
}

fn cross_script(data: &Path, algo: &dyn Algorithm) -> Result<()> {
    println!("\n3. Watchman cross-script pairs (each against its stated minimum)");
    let Some(path) = shared(data, "sanctions/matching/watchman/cross_script_pairs.csv") else {
        return Ok(());
    };
    let text = std::fs::read_to_string(&path)?;
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let (mut pass, mut total) = (0, 0);
    let mut fails = Vec::new();
    for row in reader.records() {
        let row = row?;
        if row.len() < 3 || row[2].parse::<f64>().is_err() {
            continue;
        }
        let min: f64 = row[2].parse().unwrap_or(1.0);
        let s = pair_score(algo, "Person", &row[0], &row[1]);
        total += 1;
        if s >= min {
            pass += 1;
        } else {
            fails.push(format!("{} ~ {} {s:.2} < {min}", &row[0], &row[1]));
        }
    }
    println!("  {pass} of {total} at or above their minimum");
    for f in fails {
        println!("    {f}");
    }
    Ok(())
}

fn un_index(lists: &Lists) -> Option<Index> {
    let entities = lists.un.as_ref()?;
    Some(Index::new(entities.iter().filter_map(Record::from_entity)))
}

fn candgen(data: &Path, lists: &Lists, algo: &dyn Algorithm) -> Result<()> {
    println!("\n4. yente candidate-generation sets, screened against the whole UN list");
    let Some(index) = un_index(lists) else {
        return Ok(());
    };
    let query = |row: &csv::StringRecord| -> Record {
        let mut r = record("Person", &[&row[0]]);
        if let Some(d) = row
            .get(5)
            .filter(|d| !d.is_empty())
            .and_then(|d| ce2_model::types::clean_date(d).ok())
        {
            r.birth_dates.push(d);
        }
        if let Some(c) = row
            .get(7)
            .filter(|c| !c.is_empty())
            .and_then(ce2_model::countries::country_code)
        {
            r.countries.push(c.to_string());
        }
        r
    };
    // The positives were drawn from an earlier UN list; a party delisted since (Abu Mohammed
    // al-Jawlani, Anas Hasan Khattab: November 2025) cannot be found and is counted apart. A
    // row counts as listed when the list has a name with the same words as its plain form.
    let listed_names: std::collections::HashSet<Vec<String>> = lists
        .un
        .iter()
        .flatten()
        .filter(|e| e.schema().is_a("Person"))
        .flat_map(|e| {
            ["name", "alias"]
                .into_iter()
                .flat_map(move |p| e.values(p).map(|(v, _)| v.to_string()))
        })
        .map(|n| word_set(&n))
        .collect();
    let mut delisted = std::collections::HashSet::new();
    if let Some(path) = shared(
        data,
        "sanctions/matching/yente/candgen_positives_un_untreated.csv",
    ) {
        let mut reader = csv::Reader::from_path(&path)?;
        for (i, row) in reader.records().enumerate() {
            let row = row?;
            if !listed_names.contains(&word_set(&row[0])) {
                delisted.insert(i);
            }
        }
    }
    if !delisted.is_empty() {
        println!(
            "  {} positives name parties not on this UN list (delisted since the set was drawn); counted apart",
            delisted.len()
        );
    }
    for (label, rel, positive) in [
        (
            "UN persons, plain",
            "sanctions/matching/yente/candgen_positives_un_untreated.csv",
            true,
        ),
        (
            "UN persons, treated (typos, reorderings)",
            "sanctions/matching/yente/candgen_positives_un_treated.csv",
            true,
        ),
        (
            "global negatives",
            "sanctions/matching/yente/candgen_negatives_global.csv",
            false,
        ),
    ] {
        let Some(path) = shared(data, rel) else {
            continue;
        };
        let mut reader = csv::Reader::from_path(&path)?;
        let (mut n, mut alerts) = (0u64, 0u64);
        let mut misses = Vec::new();
        let started = Instant::now();
        for (i, row) in reader.records().enumerate() {
            let row = row?;
            if positive && delisted.contains(&i) {
                continue;
            }
            let q = query(&row);
            let hits = index.screen(&q, algo, algo.threshold(), 1);
            n += 1;
            if !hits.is_empty() {
                alerts += 1;
            } else if positive && misses.len() < 8 {
                misses.push(row[0].to_string());
            }
        }
        let secs = started.elapsed().as_secs_f64();
        if positive {
            println!(
                "  {label}: recall {:.3} ({alerts} of {n})   [{:.0} queries/s]",
                ratio(alerts, n),
                n as f64 / secs
            );
            if !misses.is_empty() {
                println!("    some misses: {}", misses.join("; "));
            }
        } else {
            println!(
                "  {label}: alerts for {:.4} of them ({alerts} of {n})   [{:.0} queries/s]",
                ratio(alerts, n),
                n as f64 / secs
            );
        }
    }
    Ok(())
}

/// Whether an alias spells the name's words another way, word for word: every word of the
/// shorter pairs with its own word of the longer (or with two adjacent words run together)
/// within a few letters, and the longer has at most one word more (a qualifier dropped:
/// Hunjin Trading for Korea Heungjin Trading). An alias with a word replaced (Military
/// Security Bureau for Military Security Command) is another name, not another spelling.
/// The test is the benchmark's own, independent of any matcher.
fn words_spelled_alike(x: &[String], y: &[String]) -> bool {
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if short.is_empty() || long.len() > short.len() + 1 {
        return false;
    }
    let close = |a: &str, b: &str| {
        let d = ce2_names::similarity::levenshtein(a, b);
        let n = a.chars().count().max(b.chars().count());
        if n <= 3 {
            d <= 1
        } else {
            d as f64 <= 0.4 * n as f64
        }
    };
    let mut used = vec![false; long.len()];
    'words: for w in short {
        for (j, v) in long.iter().enumerate() {
            if !used[j] && close(w, v) {
                used[j] = true;
                continue 'words;
            }
        }
        for j in 0..long.len().saturating_sub(1) {
            if !used[j] && !used[j + 1] && close(w, &format!("{}{}", long[j], long[j + 1])) {
                used[j] = true;
                used[j + 1] = true;
                continue 'words;
            }
        }
        return false;
    }
    used.iter().filter(|u| !**u).count() <= 1
}

/// The words of a name, upper case, sorted: the same name in any order and punctuation.
fn word_set(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect();
    words.sort();
    words
}

fn speed(data: &Path, lists: &Lists, algo: &dyn Algorithm) -> Result<()> {
    println!("\n5. speed: one query against the consolidated lists (UN, OFAC, EU)");
    let records: Vec<Record> = [&lists.un, &lists.ofac, &lists.eu]
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(Record::from_entity)
        .collect();
    if records.is_empty() {
        return Ok(());
    }
    let started = Instant::now();
    let index = Index::new(records);
    println!(
        "  index of {} records built in {:.2} s",
        index.len(),
        started.elapsed().as_secs_f64()
    );
    let Some(path) = shared(
        data,
        "sanctions/matching/yente/candgen_negatives_global.csv",
    ) else {
        return Ok(());
    };
    let mut reader = csv::Reader::from_path(&path)?;
    let queries: Vec<Record> = reader
        .records()
        .take(5000)
        .filter_map(|r| r.ok())
        .map(|r| record("Person", &[&r[0]]))
        .collect();
    let mut latencies = Vec::with_capacity(queries.len());
    let started = Instant::now();
    for q in &queries {
        let t = Instant::now();
        let _ = index.screen(q, algo, algo.threshold(), 5);
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let total = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "  {} queries on one thread: median {:.3} ms, p99 {:.3} ms, {:.0} queries/s",
        queries.len(),
        pct(0.5),
        pct(0.99),
        queries.len() as f64 / total
    );
    // Batch screening on every core.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = Instant::now();
    std::thread::scope(|s| {
        for chunk in queries.chunks(queries.len().div_ceil(threads)) {
            let index = &index;
            s.spawn(move || {
                for q in chunk {
                    let _ = index.screen(q, algo, algo.threshold(), 5);
                }
            });
        }
    });
    let secs = started.elapsed().as_secs_f64();
    println!(
        "  batch on {threads} threads: {:.0} names/s",
        queries.len() as f64 / secs
    );
    // Pairs per second, as score-pairs runs them.
    let listed: Vec<&Record> = index.records().step_by(7).take(2000).collect();
    let pairs: Vec<(Prepared, Prepared)> = queries
        .iter()
        .zip(listed)
        .map(|(q, r)| (Prepared::new(q.clone()), Prepared::new(r.clone())))
        .collect();
    let started = Instant::now();
    for (a, b) in &pairs {
        let _ = algo.score(a, b);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "  scoring prepared pairs: {:.0} pairs/s on one core",
        pairs.len() as f64 / secs
    );
    Ok(())
}
