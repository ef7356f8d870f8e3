//! Throughput of normalisation and tokenisation on realistic names, in names per second.
//!
//! Run with `cargo bench -p ce2-names`. Two sets are timed:
//!
//! * a built-in set of DPRK-style names: persons in the romanisations the lists use, bodies
//!   with legal forms and organisation types, Hangul, Han and Cyrillic names (generated here,
//!   so the bench runs anywhere);
//! * when `../shared/data/` is present, the 50,000 synthetic multicultural persons of yente's
//!   candidate-generation negatives (`matching/yente/candgen_negatives_global.csv`).
//!
//! For each set it prints names/s for `normalize`, `latinize`, `tokenize` and
//! `tokenize` + `korean_name`, single-threaded, best of five runs.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ce2_names::korean::korean_name;
use ce2_names::{latinize, normalize, tokenize, NameKind};

fn builtin_names() -> Vec<(String, NameKind)> {
    let families = [
        "KIM", "Ri", "PAK", "Choe", "JANG", "Kang", "HAN", "O", "Ryom", "Jon",
    ];
    let given = [
        "Jong Un",
        "Yong-Chol",
        "Young-Cheol",
        "Ch'ol-su",
        "Kwang Il",
        "Hyok",
        "Myo'ng-kuk",
        "Song Ho",
        "Chun-sik",
        "Un Jong",
        "Tong Myong",
        "Su Gwang",
    ];
    let bodies = [
        "Korea Daesong Trading Co., Ltd.",
        "Choson Taesong Unhaeng",
        "KOREA RYONBONG GENERAL CORPORATION",
        "Green Pine Associated Corporation",
        "Korea Ryonha Machinery J/V Corporation",
        "Chosun International Chemicals Joint Operation Company",
        "Ocean Maritime Management Company, Limited (OMM)",
        "Eastern Stevedoring Company LLC",
        "조선백호무역회사",
        "朝鲜联合机械贸易会社",
        "OOO 'Восточная Стивидорная Компания'",
        "Second Academy of Natural Sciences",
    ];
    let scripts = [
        "김정은",
        "리용주",
        "최룡해",
        "金正恩",
        "习近平",
        "Олег Николаевич КОЖЕМЯКО",
        "Νικόλαος",
    ];
    let mut out = Vec::new();
    for f in families {
        for g in given {
            out.push((format!("{f} {g}"), NameKind::Person));
            out.push((format!("{f}, {g}"), NameKind::Person));
        }
    }
    for b in bodies {
        out.push((b.to_string(), NameKind::Organization));
    }
    for s in scripts {
        out.push((s.to_string(), NameKind::Person));
    }
    out
}

fn shared_names() -> Option<Vec<(String, NameKind)>> {
    let base = match std::env::var_os("CE2_SHARED_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    let text =
        std::fs::read_to_string(base.join("sanctions/matching/yente/candgen_negatives_global.csv"))
            .ok()?;
    let names: Vec<(String, NameKind)> = text
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .filter(|n| !n.is_empty())
        .map(|n| (n.to_string(), NameKind::Person))
        .collect();
    (!names.is_empty()).then_some(names)
}

/// Runs `f` over every name, five times; prints the best rate.
fn measure(
    set: &str,
    label: &str,
    names: &[(String, NameKind)],
    min_names: usize,
    f: impl Fn(&str, NameKind) -> usize,
) {
    let rounds = min_names.div_ceil(names.len()).max(1);
    let mut best = Duration::MAX;
    let mut sink = 0usize;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..rounds {
            for (name, kind) in names {
                sink = sink.wrapping_add(f(black_box(name), *kind));
            }
        }
        best = best.min(start.elapsed());
    }
    black_box(sink);
    let count = rounds * names.len();
    let rate = count as f64 / best.as_secs_f64();
    println!(
        "{set:<22} {label:<26} {:>12.0} names/s   ({:.2} µs/name, {count} names)",
        rate,
        best.as_secs_f64() * 1e6 / count as f64
    );
}

fn run(set: &str, names: &[(String, NameKind)]) {
    let min = 50_000;
    measure(set, "normalize", names, min, |n, _| normalize(n).len());
    measure(set, "latinize", names, min, |n, _| latinize(n).len());
    measure(set, "tokenize", names, min, |n, k| tokenize(n, k).len());
    measure(set, "tokenize + korean_name", names, min, |n, k| {
        let t = tokenize(n, k);
        t.len() + korean_name(&t).map_or(0, |k| k.given.len())
    });
}

fn main() {
    // The Korean spelling table is built on first use; time it apart from the rates.
    let start = Instant::now();
    let _ = ce2_names::korean::korean_key("kim");
    println!(
        "Korean spelling table derived in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    run("DPRK-style (built-in)", &builtin_names());
    match shared_names() {
        Some(names) => run("yente negatives (50k)", &names),
        None => println!("notice: the shared data is absent; the 50,000-name set is skipped"),
    }
}
