//! Where `-o` writes: a regular file appears whole or not at all, and a destination that is not
//! a regular file — `/dev/null`, a FIFO — is written into, never replaced by a file of the
//! same name.
#![cfg(unix)]

use std::fs;
use std::io::Read as _;
use std::os::unix::fs::FileTypeExt as _;
use std::path::Path;
use std::process::{Command, Output};

fn ce2(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ce2"))
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("ce2 runs")
}

/// Two good AIS sentences: a position report and the same again.
const NMEA: &str = "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n\
                    !AIVDM,1,1,,B,13u?etPv2;0n:dDPwUM1U1Cb069D,0*27\n";

const PAIRS: &str = "schema,name1,name2\nPerson,KIM Yong Chol,Kim Yong-chol\n";

/// Each command that writes to `-o`, with the text its output must contain (`None`: the output
/// must be empty, as the audit log of a store that served no request is). `{dir}` is the
/// test's folder, `{item}` the ledger item.
fn commands() -> Vec<(Vec<&'static str>, Option<&'static str>)> {
    vec![
        (
            vec!["ais", "decode", "{dir}/a.nmea", "-o"],
            Some("\"mmsi\""),
        ),
        (
            vec!["score-pairs", "--input", "{dir}/pairs.csv", "-o"],
            Some("score,match"),
        ),
        (
            vec!["export", "--format", "csv", "-o"],
            Some("id,schema,property"),
        ),
        (vec!["audit", "-o"], None),
        (vec!["ais", "areas", "-o"], Some("FeatureCollection")),
        (
            vec!["ais", "events", "{dir}/a.nmea", "--format", "json", "-o"],
            Some("["),
        ),
        (
            vec![
                "evidence",
                "--ledger",
                "{dir}/ledger",
                "get",
                "{item}",
                "-o",
            ],
            Some("!AIVDM"),
        ),
    ]
}

fn check(args: &[&str], got: &str, expect: Option<&str>) {
    match expect {
        Some(text) => assert!(got.contains(text), "ce2 {args:?} wrote {got:?}"),
        None => assert_eq!(got, "", "ce2 {args:?}"),
    }
}

fn args(template: &[&str], dir: &Path, item: &str, out: &Path) -> Vec<String> {
    let d = dir.display().to_string();
    template
        .iter()
        .map(|a| a.replace("{dir}", &d).replace("{item}", item))
        .chain([out.display().to_string()])
        .collect()
}

/// The input files, and a ledger holding the NMEA file as an item, whose id is returned.
fn setup(dir: &Path) -> String {
    fs::write(dir.join("a.nmea"), NMEA).unwrap();
    fs::write(dir.join("pairs.csv"), PAIRS).unwrap();
    let ledger = dir.join("ledger").display().to_string();
    let nmea = dir.join("a.nmea").display().to_string();
    let evidence = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_ce2"))
            .args(["evidence", "--ledger", &ledger, "--actor", "analyst-1"])
            .args(args)
            .output()
            .expect("ce2 runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    evidence(&["init", "--origin", "example.org/evidence"]);
    let added = evidence(&[
        "--json",
        "add",
        &nmea,
        "--collector",
        "analyst-1",
        "--collected-at",
        "2023-10-13T08:00:00Z",
        "--origin",
        "https://example.org/capture",
        "--method",
        "download",
    ]);
    let v: serde_json::Value = serde_json::from_str(added.trim()).unwrap();
    v["item"].as_str().unwrap().to_string()
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("partial"))
        .collect()
}

#[test]
fn dev_null_stays_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let item = setup(dir.path());
    let store = dir.path().join("s.sqlite");
    for (template, _) in commands() {
        let a = args(&template, dir.path(), &item, Path::new("/dev/null"));
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = ce2(&store, &a);
        assert!(
            o.status.success(),
            "ce2 {a:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let kind = fs::metadata("/dev/null").unwrap().file_type();
        assert!(
            kind.is_char_device(),
            "ce2 {a:?} replaced /dev/null with a file"
        );
    }
}

#[test]
fn a_fifo_receives_the_output_and_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let item = setup(dir.path());
    let store = dir.path().join("s.sqlite");
    for (template, expect) in commands() {
        let fifo = dir.path().join("out.fifo");
        let _ = fs::remove_file(&fifo);
        let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
        // The reader waits for a writer; were the FIFO replaced, none would come, so the wait
        // is bounded and the test fails instead of hanging.
        let (tx, rx) = std::sync::mpsc::channel();
        {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut s = String::new();
                fs::File::open(fifo)
                    .unwrap()
                    .read_to_string(&mut s)
                    .unwrap();
                let _ = tx.send(s);
            });
        }
        let a = args(&template, dir.path(), &item, &fifo);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = ce2(&store, &a);
        assert!(
            o.status.success(),
            "ce2 {a:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("ce2 {a:?} never wrote into the FIFO"));
        check(&a, &got, expect);
        assert!(
            fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
            "ce2 {a:?} replaced the FIFO"
        );
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}

#[test]
fn a_file_appears_whole_or_the_old_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let item = setup(dir.path());
    let store = dir.path().join("s.sqlite");
    for (template, expect) in commands() {
        let out = dir.path().join("out.txt");
        let a = args(&template, dir.path(), &item, &out);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = ce2(&store, &a);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        check(&a, &fs::read_to_string(&out).unwrap(), expect);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    // Decoding fails on the second, missing file after the first was written: the earlier
    // output is left exactly as it was, and no partial file remains.
    let out = dir.path().join("decoded.json");
    fs::write(&out, "earlier\n").unwrap();
    let o = ce2(
        &store,
        &[
            "ais",
            "decode",
            &dir.path().join("a.nmea").display().to_string(),
            &dir.path().join("missing.nmea").display().to_string(),
            "-o",
            &out.display().to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.nmea"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "earlier\n");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}
