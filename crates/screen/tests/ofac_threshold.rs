//! What `DEFAULT_THRESHOLD` means on labelled data: precision and recall of the `ofac` name score on nomenklatura's 826 name pairs.

mod common;

use ce2_screen::ofac::{name_score, DEFAULT_THRESHOLD};

const CASES: &str = "sanctions/matching/nomenklatura/name_bench_cases.csv";

#[test]
fn threshold_report() {
    let Some(path) = common::shared_file(CASES) else {
        return;
    };
    let rows = common::read_csv(&path);
    let header = &rows[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (n1, n2, label) = (col("name1"), col("name2"), col("is_match"));
    let scored: Vec<(f64, bool)> = rows[1..]
        .iter()
        .filter(|r| r.len() > label)
        .map(|r| (name_score(&r[n1], &r[n2]).score, r[label] == "true"))
        .collect();
    assert!(scored.len() > 800, "only {} pairs read", scored.len());

    println!("ofac name score on {} labelled pairs:", scored.len());
    let mut at_default = None;
    for threshold in [0.70, 0.75, 0.80, DEFAULT_THRESHOLD, 0.90, 0.95] {
        let tp = scored.iter().filter(|(s, m)| *m && *s >= threshold).count();
        let fp = scored
            .iter()
            .filter(|(s, m)| !*m && *s >= threshold)
            .count();
        let fn_ = scored.iter().filter(|(s, m)| *m && *s < threshold).count();
        let precision = tp as f64 / (tp + fp).max(1) as f64;
        let recall = tp as f64 / (tp + fn_).max(1) as f64;
        let f1 = 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE);
        let mark = if threshold == DEFAULT_THRESHOLD {
            "  <- DEFAULT_THRESHOLD"
        } else {
            ""
        };
        println!(
            "  at {threshold:.2}: TP {tp:>3} FP {fp:>3} FN {fn_:>3}  precision {precision:.3} recall {recall:.3} F1 {f1:.3}{mark}"
        );
        if threshold == DEFAULT_THRESHOLD {
            at_default = Some(recall);
        }
    }
    // OFAC's method is built for recall; the default threshold must keep it.
    let recall = at_default.expect("the default threshold is in the list");
    assert!(
        recall >= 0.85,
        "recall {recall:.3} at the default threshold"
    );
}
