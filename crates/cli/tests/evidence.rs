//! `ce2 evidence` end to end: a case built and exported, dossiers verified offline and every
//! kind of tampering with them refused with its reason, exports of TLP:RED refused, and a
//! ledger killed mid-append or mid-file that verifies and goes on.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn ce2(ledger: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ce2"))
        .arg("evidence")
        .arg("--ledger")
        .arg(ledger)
        .args(["--actor", "analyst-1"])
        .args(args)
        .output()
        .expect("ce2 runs")
}

fn ok(ledger: &Path, args: &[&str]) -> String {
    let o = ce2(ledger, args);
    assert!(
        o.status.success(),
        "ce2 evidence {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn add(ledger: &Path, file: &Path, extra: &[&str]) -> String {
    let f = file.display().to_string();
    let mut args = vec![
        "--json",
        "add",
        f.as_str(),
        "--collector",
        "analyst-1",
        "--collected-at",
        "2023-10-13T08:00:00Z",
        "--origin",
        "https://example.org/capture",
        "--method",
        "download",
    ];
    args.extend(extra);
    let out = ok(ledger, &args);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    v["item"].as_str().unwrap().to_string()
}

/// A case with two exportable items (one from a witness, with a redacted copy) and one TLP:RED.
fn case(dir: &Path) -> (PathBuf, String) {
    let ledger = dir.join("ledger");
    ok(&ledger, &["init", "--origin", "example.org/evidence"]);
    let w = ok(
        &ledger,
        &["person", "add", "--role", "witness", "--name", "Ri Chol Ho"],
    )
    .trim()
    .to_string();
    fs::write(dir.join("rajin.jpg"), b"satellite image of the Rajin quay").unwrap();
    fs::write(
        dir.join("testimony.txt"),
        b"testimony of Ri Chol Ho's neighbour",
    )
    .unwrap();
    fs::write(
        dir.join("redacted.txt"),
        b"testimony of [withheld]'s neighbour",
    )
    .unwrap();
    fs::write(dir.join("informant.pdf"), b"%PDF informant").unwrap();
    let a = add(&ledger, &dir.join("rajin.jpg"), &["--grade", "B2"]);
    let b = add(
        &ledger,
        &dir.join("testimony.txt"),
        &["--source", &w, "--tlp", "amber+strict"],
    );
    let c = add(&ledger, &dir.join("informant.pdf"), &["--tlp", "red"]);
    assert_eq!(
        (a.as_str(), b.as_str(), c.as_str()),
        ("EV-0001", "EV-0002", "EV-0003")
    );
    ok(
        &ledger,
        &[
            "link",
            "EV-0001",
            "imo:9353979",
            "--claim",
            "loaded containers at Rajin on 2023-10-12",
        ],
    );
    let r = dir.join("redacted.txt").display().to_string();
    ok(
        &ledger,
        &["redact", "EV-0002", &r, "--reason", "a name removed"],
    );
    ok(
        &ledger,
        &[
            "custody",
            "EV-0001",
            "--to",
            "prosecutor",
            "--reason",
            "sealed drive",
        ],
    );
    (ledger, w)
}

fn export(ledger: &Path, out: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let o = out.display().to_string();
    let mut args = vec![
        "--json",
        "export",
        "EV-0001",
        "EV-0002",
        "--recipient",
        "EU Council RELEX working party",
        "--out",
        o.as_str(),
    ];
    args.extend(extra);
    let v: serde_json::Value = serde_json::from_str(ok(ledger, &args).trim()).unwrap();
    (
        PathBuf::from(v["folder"].as_str().unwrap()),
        PathBuf::from(v["zip"].as_str().unwrap()),
    )
}

fn verify_bundle(path: &Path, key: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ce2"));
    c.args(["evidence", "verify-bundle"]).arg(path);
    if let Some(k) = key {
        c.args(["--key", k]);
    }
    c.output().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_dossier_verifies_offline_and_keeps_witnesses_and_red_items_out() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, w) = case(dir.path());
    let key = ok(&ledger, &["key"]).trim().to_string();
    let (folder, zip) = export(&ledger, &dir.path().join("out"), &["--redacted"]);

    // Verified by a recipient with nothing but the bundle (the ledger moved away).
    let moved = dir.path().join("elsewhere");
    fs::rename(&ledger, &moved).unwrap();
    for path in [&folder, &zip] {
        let o = verify_bundle(path, Some(&key));
        assert!(o.status.success(), "{}", all_output(&o));
        assert!(all_output(&o).contains("the dossier verifies"));
    }
    fs::rename(&moved, &ledger).unwrap();

    // The redacted copy travels, the witness only by pseudonym, the RED item not at all.
    let mut all = String::new();
    for name in ["manifest.json", "events.jsonl", "index.html", "proofs.json"] {
        all.push_str(&fs::read_to_string(folder.join(name)).unwrap());
    }
    assert!(
        !all.contains("Ri Chol Ho"),
        "a witness's name left the node"
    );
    assert!(all.contains(&w));
    assert!(!all.contains("EV-0003"));
    assert_eq!(
        fs::read(folder.join("files/EV-0002/redacted.txt")).unwrap(),
        b"testimony of [withheld]'s neighbour"
    );
    assert!(!folder.join("files/EV-0002/testimony.txt").exists());
    let html = fs::read_to_string(folder.join("index.html")).unwrap();
    for want in [
        "EV-0001",
        "loaded containers at Rajin",
        "B2 (source usually reliable",
        "TLP:AMBER+STRICT",
        "prosecutor",
    ] {
        assert!(html.contains(want), "index.html lacks {want:?}");
    }

    // TLP:RED never leaves: the export is refused whole and nothing is written.
    let out2 = dir.path().join("out2");
    let o = ce2(
        &ledger,
        &[
            "export",
            "EV-0001",
            "EV-0003",
            "--recipient",
            "x",
            "--out",
            &out2.display().to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", all_output(&o));
    assert!(all_output(&o).contains("EV-0003 is marked TLP:RED"));
    assert!(!out2.exists() || fs::read_dir(&out2).unwrap().next().is_none());

    // Typed identifiers are checked and normalised; an IMO number with a wrong check digit is
    // refused.
    let o = ce2(&ledger, &["link", "EV-0001", "imo:9353978", "--claim", "x"]);
    assert_eq!(o.status.code(), Some(3), "{}", all_output(&o));
    assert!(all_output(&o).contains("not a valid imo identifier"));
    ok(
        &ledger,
        &[
            "link",
            "EV-0001",
            "IMO:IMO 9353979",
            "--claim",
            "the same ship",
        ],
    );
    let shown = ok(&ledger, &["show", "--entity", "imo:9353979"]);
    assert!(shown.contains("EV-0001"), "{shown}");

    // The export itself is in the log.
    let log = ok(&ledger, &["--json", "log"]);
    assert!(log.contains("\"event\":\"exported\""));
    let o = ce2(&ledger, &["verify"]);
    assert!(o.status.success(), "{}", all_output(&o));
}

/// A way to tamper with a dossier, and what the refusal must say.
struct Tamper {
    what: &'static str,
    says: &'static str,
    act: fn(&Path, &Path),
}

fn tampers() -> Vec<Tamper> {
    vec![
        Tamper {
            what: "a file removed",
            says: "item EV-0001's file files/EV-0001/rajin.jpg was removed",
            act: |b, _| fs::remove_file(b.join("files/EV-0001/rajin.jpg")).unwrap(),
        },
        Tamper {
            what: "a file changed",
            says: "item EV-0001's file files/EV-0001/rajin.jpg was changed",
            act: |b, _| fs::write(b.join("files/EV-0001/rajin.jpg"), b"doctored").unwrap(),
        },
        Tamper {
            what: "a file added",
            says: "files/EV-0001/extra.jpg is in the bundle but not in its manifest",
            act: |b, _| fs::write(b.join("files/EV-0001/extra.jpg"), b"x").unwrap(),
        },
        Tamper {
            what: "an event rewritten",
            says: "is not proven in the signed log",
            act: |b, _| {
                let p = b.join("events.jsonl");
                let t = fs::read_to_string(&p).unwrap();
                fs::write(&p, t.replace("Rajin on 2023-10-12", "Nampo on 2023-10-12")).unwrap();
            },
        },
        Tamper {
            what: "an event removed",
            says: "missing from events.jsonl",
            act: |b, _| {
                let p = b.join("events.jsonl");
                let t = fs::read_to_string(&p).unwrap();
                let kept: Vec<&str> = t.lines().filter(|l| !l.contains("\"linked\"")).collect();
                fs::write(&p, kept.join("\n") + "\n").unwrap();
            },
        },
        Tamper {
            what: "the checkpoint's signature forged",
            says: "checkpoint.txt does not verify",
            act: |b, _| {
                let p = b.join("checkpoint.txt");
                let t = fs::read_to_string(&p).unwrap();
                let (body, sig) = t.split_at(t.rfind(' ').unwrap() + 1);
                let mut sig: Vec<char> = sig.chars().collect();
                sig[12] = if sig[12] == 'A' { 'B' } else { 'A' };
                fs::write(&p, format!("{body}{}", sig.into_iter().collect::<String>())).unwrap();
            },
        },
        Tamper {
            what: "the manifest's file hash changed to match a substituted file",
            says: "the manifest gives item EV-0001's file hash as",
            act: |b, _| {
                fs::write(b.join("files/EV-0001/rajin.jpg"), b"doctored").unwrap();
                let p = b.join("manifest.json");
                let mut v: serde_json::Value =
                    serde_json::from_str(&fs::read_to_string(&p).unwrap()).unwrap();
                v["items"][0]["hash"] = serde_json::json!(
                    "sha256:a1f7d8e0c4d33c4a5f64e7ff1b3b4fa9a0ef1c3e5b8e2d2b2c2a8f6f1c6c5e41"
                );
                fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
            },
        },
        Tamper {
            what: "an event's proof removed",
            says: "has no inclusion proof",
            act: |b, _| {
                let p = b.join("proofs.json");
                let mut v: serde_json::Value =
                    serde_json::from_str(&fs::read_to_string(&p).unwrap()).unwrap();
                v["proofs"].as_array_mut().unwrap().remove(0);
                fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
            },
        },
        Tamper {
            what: "proofs for another tree size",
            says: "is not proven in the signed log",
            act: |b, older| {
                fs::copy(older.join("proofs.json"), b.join("proofs.json"))
                    .map(|_| ())
                    .unwrap()
            },
        },
    ]
}

#[test]
fn a_tampered_dossier_is_refused_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, _) = case(dir.path());
    let key = ok(&ledger, &["key"]).trim().to_string();
    let (older, _) = export(&ledger, &dir.path().join("first"), &[]);
    ok(
        &ledger,
        &[
            "link",
            "EV-0002",
            "person:kim",
            "--claim",
            "named in testimony",
        ],
    );
    let (folder, _) = export(&ledger, &dir.path().join("out"), &[]);
    for (i, t) in tampers().into_iter().enumerate() {
        let copy = dir.path().join(format!("tampered-{i}"));
        copy_dir(&folder, &copy);
        (t.act)(&copy, &older);
        let o = verify_bundle(&copy, Some(&key));
        assert_eq!(o.status.code(), Some(8), "{}: {}", t.what, all_output(&o));
        assert!(
            all_output(&o).contains(t.says),
            "{}: expected {:?} in\n{}",
            t.what,
            t.says,
            all_output(&o)
        );
    }
    // A key other than the log's: refused.
    let other = dir.path().join("other");
    ok(&other, &["init", "--origin", "example.org/evidence"]);
    let other_key = ok(&other, &["key"]).trim().to_string();
    let o = verify_bundle(&folder, Some(&other_key));
    assert_eq!(o.status.code(), Some(8), "{}", all_output(&o));
    assert!(
        all_output(&o).contains("is not the key you gave"),
        "{}",
        all_output(&o)
    );
    // Not a dossier at all.
    fs::write(dir.path().join("junk.zip"), b"not a zip").unwrap();
    let o = verify_bundle(&dir.path().join("junk.zip"), None);
    assert!(!o.status.success());
    assert!(all_output(&o).contains("neither a dossier folder nor a readable zip"));
}

#[test]
fn a_partner_cosigns_a_checkpoint_and_verify_checks_the_log_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, _) = case(dir.path());
    let note = dir.path().join("checkpoint.txt");
    fs::write(&note, ok(&ledger, &["checkpoint"])).unwrap();
    // The partner's own key: another ledger's.
    let partner = dir.path().join("partner");
    ok(&partner, &["init", "--origin", "partner.example/witness"]);
    let key = partner.join("keys/log.key").display().to_string();
    let n = note.display().to_string();
    let cosigned = ok(&ledger, &["checkpoint", "--cosign", &n, "--key", &key]);
    assert_eq!(cosigned.matches("\u{2014} ").count(), 2, "{cosigned}");
    let c = dir.path().join("cosigned.txt");
    fs::write(&c, &cosigned).unwrap();
    let cp = c.display().to_string();
    let out = ok(&ledger, &["verify", "--checkpoint", &cp]);
    assert!(out.contains("1 from outside"), "{out}");
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn killed_mid_append_the_ledger_verifies_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // The ledger benchmark appends 1,000 events per transaction without pause.
    let mut child = Command::new(env!("CARGO_BIN_EXE_ce2"))
        .args([
            "bench",
            "ledger",
            "--events",
            "50000000",
            "--file-mb",
            "0",
            "--dir",
        ])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ledger_dir = || -> Option<PathBuf> {
        fs::read_dir(dir.path())
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("ledger"))
            .find(|p| p.join("ledger.sqlite-wal").exists())
    };
    wait_for("the benchmark to start appending", || {
        ledger_dir().is_some_and(|d| {
            fs::metadata(d.join("ledger.sqlite-wal"))
                .map(|m| m.len())
                .unwrap_or(0)
                > 2 << 20
        })
    });
    std::thread::sleep(Duration::from_millis(150));
    child.kill().unwrap();
    child.wait().unwrap();
    let ledger = ledger_dir().unwrap();
    let out = ok(&ledger, &["verify", "--no-files"]);
    assert!(out.contains("the ledger verifies"), "{out}");
    let events: u64 = out.split_whitespace().next().unwrap().parse().unwrap();
    assert!(
        events >= 1000 && events.is_multiple_of(1000),
        "whole transactions only: {events} events"
    );
    // The next append continues from the last complete event.
    let v: serde_json::Value = serde_json::from_str(
        ok(
            &ledger,
            &[
                "--json",
                "link",
                "EV-0000001",
                "imo:9353979",
                "--claim",
                "after the crash",
            ],
        )
        .trim(),
    )
    .unwrap();
    assert_eq!(v["event"].as_u64(), Some(events));
    let out = ok(&ledger, &["verify", "--no-files"]);
    assert!(out.contains("the ledger verifies"), "{out}");
}

#[cfg(unix)]
#[test]
fn killed_mid_file_nothing_is_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, _) = case(dir.path());
    let before = ok(&ledger, &["--json", "log"]);
    let fifo = dir.path().join("incoming");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_ce2"))
        .args(["evidence", "--actor", "a", "--ledger"])
        .arg(&ledger)
        .args(["add"])
        .arg(&fifo)
        .args([
            "--collector",
            "a",
            "--collected-at",
            "2024-01-01",
            "--origin",
            "o",
            "--method",
            "m",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut w = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    use std::io::Write;
    w.write_all(&vec![7u8; 4 << 20]).unwrap();
    wait_for("the file to be streamed in", || {
        fs::read_dir(ledger.join("blobs/tmp"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .any(|e| e.metadata().map(|m| m.len()).unwrap_or(0) > 0)
            })
            .unwrap_or(false)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    drop(w);
    assert_eq!(
        ok(&ledger, &["--json", "log"]),
        before,
        "nothing was logged"
    );
    let out = ok(&ledger, &["verify"]);
    assert!(out.contains("the ledger verifies"), "{out}");
    assert_eq!(
        fs::read_dir(ledger.join("blobs/tmp")).unwrap().count(),
        0,
        "the partial file was removed"
    );
}
