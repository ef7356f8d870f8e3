//! Parity of the `ofac` algorithm with OFAC's Sanctions List Search, on the 170 scores captured from the live tool.

mod common;

use ce2_screen::ofac::name_score;

const PARITY: &str = "sanctions/matching/nomenklatura/ofac_sls_parity_scores.csv";

/// How far from OFAC's score a row may be and still count as reproduced.
const BAND: f64 = 0.02;
/// SLS's slider when the rows that list nothing (`-1`) were captured.
const SLIDER: f64 = 0.80;

/// The rows known to fall outside the band, and why. A miss not listed here fails the test's
/// message with "unexplained", so that a change which loses a row is noticed even while the
/// share still passes.
const KNOWN_MISSES: &[(&str, &str, &str)] = &[
    (
        "VLADIMIR PUTIN",
        "POLIN, Vladimir Anatolevich",
        "VLADIMIR pairs exactly and PUTIN~POLIN is 0.76 (same first letter, 60% similar by \
         edit distance), so the mean is 0.88; OFAC's 81 implies the pair counted about 0.62. \
         Pairs of the same shape (PUTIN~PUNTI, JINPING~JINGPING, also with different Soundex \
         codes) count at their Jaro-Winkler value, so no rule found explains this one",
    ),
    (
        "PABLO ESCOBAR",
        "ESCOBAR GAVIRIA, Roberto De Jesus",
        "PABLO has no partner, so neither technique can exceed 0.56 on this name; OFAC's 90 must \
         come from another alias of the entry",
    ),
    (
        "PABLO ESCOBAR",
        "ESCOBAR HENAO, Pablo",
        "both query parts are present, so the per-part mean is 1.0; OFAC shows 97, presumably \
         scored on another alias",
    ),
    (
        "PABLO ESCOBAR",
        "PABLO LANUSSE GERMAN GUSTAVO MARIANO",
        "ESCOBAR has no partner and the whole string gives 0.82; OFAC's 90 is not reachable \
         from this name",
    ),
    (
        "PUTINPUTIN",
        "PUTIN, Vladimir",
        "PUTINPUTIN~PUTIN is exactly 50% similar by edit distance, so it pairs (JW 0.90); OFAC's \
         84 is the whole-string figure, as if the pair were refused - but refusing 50% loses \
         O'BRIEN~OBORON and BASHAR~BUSHRA, which OFAC pairs",
    ),
    (
        "HUSSEIN",
        "HUSSAINI",
        "Jaro-Winkler gives 0.921 (HUSS prefix, E/A unmatched); OFAC shows 95, as if E and A \
         counted as similar characters - but Winkler's similar-character credit breaks more \
         rows than it mends",
    ),
];

#[test]
fn ofac_parity_share() {
    let Some(path) = common::shared_file(PARITY) else {
        return;
    };
    let rows = common::read_csv(&path);
    assert_eq!(
        rows[0],
        ["query_name", "result_name", "ofac_score"],
        "unexpected header"
    );
    let rows = &rows[1..];
    assert_eq!(rows.len(), 170, "the parity file should have 170 rows");

    let mut within = 0usize;
    let mut exact = 0usize;
    let mut misses = Vec::new();
    let mut near = Vec::new();
    for row in rows {
        let (query, candidate) = (row[0].as_str(), row[1].as_str());
        let ofac: i32 = row[2].trim().parse().expect("integer score");
        let ours = name_score(query, candidate);
        let (ok, is_exact) = if ofac < 0 {
            // SLS listed nothing at its slider: we must stay below it.
            let below = ours.score < SLIDER;
            (below, below)
        } else {
            let target = f64::from(ofac) / 100.0;
            (
                (ours.score - target).abs() <= BAND + 1e-9,
                i32::from(ours.percent()) == ofac,
            )
        };
        within += usize::from(ok);
        exact += usize::from(is_exact);
        if ok && !is_exact {
            near.push(format!(
                "  {query} | {candidate}: OFAC {ofac}, ours {}",
                ours.percent()
            ));
        }
        if !ok {
            let why = KNOWN_MISSES
                .iter()
                .find(|(q, c, _)| *q == query && *c == candidate)
                .map_or("unexplained", |(_, _, why)| why);
            misses.push(format!(
                "  {query} | {candidate}: OFAC {ofac}, ours {} ({:?})\n      {}\n      why: {why}",
                ours.percent(),
                ours.method,
                ours.detail
            ));
        }
    }
    let share = within as f64 / rows.len() as f64;
    println!(
        "OFAC parity: {within}/{} rows within {BAND} ({:.1}%), {exact} exact; misses:",
        rows.len(),
        share * 100.0
    );
    for m in &misses {
        println!("{m}");
    }
    println!("within the band but not exact:");
    for n in &near {
        println!("{n}");
    }
    assert!(
        share >= 0.95,
        "only {within}/{} rows within {BAND} of OFAC; misses:\n{}",
        rows.len(),
        misses.join("\n")
    );
    assert!(
        !misses.iter().any(|m| m.ends_with("why: unexplained")),
        "a row fell out of the band that did not before:\n{}",
        misses.join("\n")
    );
}
