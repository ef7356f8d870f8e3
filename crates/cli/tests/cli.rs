//! The `ce2` binary end to end: the demo, ingest of good and bad files, exit codes, and a store
//! that stays exactly as it was when an ingest is refused or killed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn ce2(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ce2"))
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("ce2 runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn sample(dir: &Path) -> PathBuf {
    let s = dir.join("sample");
    let o = Command::new(env!("CARGO_BIN_EXE_ce2"))
        .args(["sample"])
        .arg(&s)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    s
}

/// Ingest a file (or folder) and assert that it worked, showing why when it did not.
fn ingest_ok(store: &Path, path: &Path, extra: &[&str]) -> Output {
    let path = path.display().to_string();
    let mut args = vec!["ingest", path.as_str()];
    args.extend(extra);
    let o = ce2(store, &args);
    assert!(o.status.success(), "ingest {path}: {}", stderr(&o));
    o
}

/// The store's datasets and versions as JSON: what must not change when an ingest fails.
fn state(store: &Path) -> String {
    let o = ce2(store, &["--json", "datasets"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn demo_runs_offline_and_tells_the_story() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo.sqlite");
    let o = ce2(&store, &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("subject subj-unsc-kpi-901: named by 4 lists"),
        "{out}"
    );
    assert!(out.contains("us_ofac_sdn: version"), "{out}");
    assert!(out.contains("4 added, 3 removed, 2 changed"), "{out}");
}

#[test]
fn one_person_on_four_lists_with_each_lists_record() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(dir.path());
    let store = dir.path().join("s.sqlite");
    for file in [
        "un_consolidated.xml",
        "ofac-2026-10-01",
        "eu_fsf.xml",
        "uk_sanctions_list.csv",
    ] {
        ingest_ok(&store, &s.join(file), &[]);
    }
    let o = ce2(&store, &["--json", "show", "un-kpi-901"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["subject"], "subj-unsc-kpi-901");
    let mut datasets: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["properties"]["name"][0]["dataset"].as_str().unwrap())
        .collect();
    datasets.sort();
    assert_eq!(datasets, ["eu_fsf", "gb_fcdo", "un_sc", "us_ofac_sdn"]);
    // The two KIMs stay apart: KIM Yong Su (OFAC, UK) is not KIM Song Il (UN, EU).
    let o = ce2(&store, &["--json", "show", "un-kpi-902"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!ids.iter().any(|id| id.starts_with("ofac-")), "{ids:?}");
}

#[test]
fn the_same_file_twice_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(dir.path());
    let store = dir.path().join("s.sqlite");
    let file = s.join("un_consolidated.xml");
    ingest_ok(&store, &file, &[]);
    let o = ingest_ok(&store, &file, &[]);
    assert!(stdout(&o).contains("unchanged"), "{}", stdout(&o));
    let o = ce2(&store, &["--json", "versions", "un_sc"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn refused_files_leave_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(dir.path());
    let store = dir.path().join("s.sqlite");
    let un = s.join("un_consolidated.xml");
    ingest_ok(&store, &un, &[]);
    let before = state(&store);

    let un_bytes = std::fs::read(&un).unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let mut cases: Vec<(PathBuf, Vec<&str>, &str)> = Vec::new();
    // A truncated XML.
    let p = bad.join("truncated.xml");
    std::fs::write(&p, &un_bytes[..un_bytes.len() / 2]).unwrap();
    cases.push((p, vec![], "truncated.xml"));
    // Bytes that are not UTF-8 in a UTF-8 file.
    let p = bad.join("latin1.xml");
    let mut b = un_bytes.clone();
    let at = b.windows(3).position(|w| w == b"PAK").unwrap();
    b[at + 1] = 0xC1;
    std::fs::write(&p, &b).unwrap();
    cases.push((p, vec![], "not valid UTF-8"));
    // An empty file.
    let p = bad.join("empty.xml");
    std::fs::write(&p, b"").unwrap();
    cases.push((p, vec!["--format", "un-xml"], "empty"));
    // A file of another list type than the one named.
    cases.push((s.join("eu_fsf.xml"), vec!["--format", "un-xml"], "not a UN"));
    // A CSV with a wrong column count.
    let p = bad.join("sdn.csv");
    let sdn = std::fs::read(s.join("ofac-2026-10-01/sdn.csv")).unwrap();
    // A row with too few columns after a good first row.
    let first_end = sdn.iter().position(|b| *b == b'\n').unwrap() + 1;
    let mut broken = sdn[..first_end].to_vec();
    broken.extend_from_slice(b"90099,\"EXTRA, Column\",\"individual\",\"DPRK\",-0- \r\n");
    broken.extend_from_slice(&sdn[first_end..]);
    std::fs::write(&p, &broken).unwrap();
    cases.push((p, vec!["--format", "ofac-csv"], "sdn.csv:2"));
    // A 2 GB file (sparse: it costs no disk).
    let p = bad.join("huge.xml");
    std::fs::File::create(&p).unwrap().set_len(2 << 30).unwrap();
    cases.push((p, vec![], "limit"));

    for (path, extra, needle) in cases {
        let path_s = path.display().to_string();
        let mut args = vec!["ingest", path_s.as_str()];
        args.extend(extra);
        let o = ce2(&store, &args);
        assert_eq!(o.status.code(), Some(3), "{path_s}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(needle),
            "{path_s}: {err:?} should mention {needle:?}"
        );
        assert!(
            err.contains(path.file_name().unwrap().to_str().unwrap()),
            "{err} names the file"
        );
        assert_eq!(state(&store), before, "{path_s} changed the store");
    }
}

#[test]
fn exit_codes_for_not_found_and_usage() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite");
    assert_eq!(ce2(&store, &["show", "no-such-id"]).status.code(), Some(6));
    assert_eq!(
        ce2(&store, &["diff", "no_such_dataset"]).status.code(),
        Some(6)
    );
    assert_eq!(ce2(&store, &["frobnicate"]).status.code(), Some(2));
}

#[test]
fn export_keeps_provenance_and_ftm_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(dir.path());
    let store = dir.path().join("s.sqlite");
    ingest_ok(
        &store,
        &s.join("ofac-2026-10-01"),
        &["--published", "2026-10-01"],
    );
    let o = ce2(&store, &["export", "--format", "csv"]);
    let csv = stdout(&o);
    assert!(csv.starts_with("id,schema,property,value,dataset,record,published"));
    assert!(
        csv.contains("ofac-90005,Vessel,imoNumber,9354521,us_ofac_sdn,90005,2026-10-01"),
        "{csv}"
    );
    // FtM out, FtM in as another dataset: same entities.
    let ftm = dir.path().join("out.ftm.json");
    assert!(
        ce2(&store, &["export", "--output", &ftm.display().to_string()])
            .status
            .success()
    );
    ingest_ok(&store, &ftm, &["--dataset", "copy"]);
    let again = dir.path().join("again.ftm.json");
    assert!(ce2(
        &store,
        &[
            "export",
            "--dataset",
            "copy",
            "--output",
            &again.display().to_string()
        ]
    )
    .status
    .success());
    assert_eq!(std::fs::read(&ftm).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn kill_during_ingest_leaves_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite");
    // A first, small version.
    let small = dir.path().join("small.ftm.json");
    std::fs::write(&small, "{\"id\": \"p0\", \"schema\": \"Person\", \"properties\": {\"name\": [\"First Version\"]}}\n").unwrap();
    ingest_ok(&store, &small, &["--dataset", "big"]);
    let before = state(&store);
    // A large second version: long enough to kill mid-way.
    let big = dir.path().join("big.ftm.json");
    let mut text = String::new();
    for i in 0..200_000 {
        text.push_str(&format!(
            "{{\"id\": \"p{i}\", \"schema\": \"Person\", \"properties\": {{\"name\": [\"Person Number {i}\"], \"passportNumber\": [\"{:09}\"]}}}}\n",
            i * 7
        ));
    }
    std::fs::write(&big, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ce2"))
        .arg("--store")
        .arg(&store)
        .args(["ingest", &big.display().to_string(), "--dataset", "big"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the write transaction is under way (the WAL grows), then SIGKILL it.
    let wal = PathBuf::from(format!("{}-wal", store.display()));
    let start = Instant::now();
    let mut killed_while_writing = false;
    while start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 4 << 20 {
            child.kill().unwrap();
            killed_while_writing = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().ok();
    child.wait().unwrap();
    assert!(
        killed_while_writing,
        "the ingest ended before it could be killed mid-write"
    );
    assert_eq!(state(&store), before, "the killed ingest left a trace");
    // And the next ingest works.
    let o = ingest_ok(&store, &big, &["--dataset", "big"]);
    assert!(stdout(&o).contains("200000 entities"), "{}", stdout(&o));
}

/// A publisher on loopback: serves one file with an ETag and answers 304 to a request that
/// presents it, as the UN's server does.
fn serve_once(body: Vec<u8>, requests: usize) -> (u16, std::thread::JoinHandle<Vec<String>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
                head.push(line.trim_end().to_string());
            }
            let conditional = head
                .iter()
                .any(|h| h.to_lowercase() == "if-none-match: \"v1\"");
            seen.push(head.first().cloned().unwrap_or_default());
            if conditional {
                write!(
                    stream,
                    "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
            } else {
                write!(stream, "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nLast-Modified: Thu, 01 Oct 2026 00:00:00 GMT\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).unwrap();
                stream.write_all(&body).unwrap();
            }
        }
        seen
    });
    (port, handle)
}

fn update(store: &Path, origin: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ce2"))
        .arg("--store")
        .arg(store)
        .args(["update", "un_sc"])
        .env("CE2_PUBLISHER_ORIGIN", origin)
        .output()
        .unwrap()
}

#[test]
fn update_fetches_conditionally_and_changes_nothing_when_offline() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(dir.path());
    let store = dir.path().join("s.sqlite");
    let (port, server) = serve_once(std::fs::read(s.join("un_consolidated.xml")).unwrap(), 2);
    let origin = format!("http://127.0.0.1:{port}");
    let o = update(&store, &origin);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("un_sc: version 1"), "{}", stdout(&o));
    let o = update(&store, &origin);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("not modified"), "{}", stdout(&o));
    let requests = server.join().unwrap();
    assert_eq!(
        requests,
        ["GET /resources/xml/en/consolidated.xml HTTP/1.1"; 2]
    );
    let before = state(&store);
    // Nobody listens on port 1: the publisher cannot be reached.
    let o = update(&store, "http://127.0.0.1:1");
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot reach"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing changed"), "{}", stderr(&o));
    assert_eq!(state(&store), before);
}

#[test]
fn decisions_are_recorded_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(dir.path());
    let store = dir.path().join("s.sqlite");
    ingest_ok(&store, &s.join("ofac-2026-10-01"), &[]);
    let decide = |entity: &str, reason: &str| {
        ce2(
            &store,
            &[
                "--json",
                "decide",
                "--subject",
                "CUST-7",
                "--entity",
                entity,
                "--verdict",
                "false-positive",
                "--reason",
                reason,
                "--actor",
                "analyst.lee",
            ],
        )
    };
    let o = decide("ofac-90002", "Customer born 1990; listed KIM born 1975.");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["verdict"], "false_positive");
    assert_eq!(v["in_force"], true);
    assert_eq!(decide("ofac-404", "x").status.code(), Some(6));
    assert_eq!(decide("ofac-90002", " ").status.code(), Some(1));
    // The next OFAC version changes nothing about KIM Yong Su: the decision stays in force.
    ingest_ok(&store, &s.join("ofac-2026-11-02"), &[]);
    let o = ce2(&store, &["--json", "decisions", "--subject", "CUST-7"]);
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["in_force"], true);
    assert_eq!(lines[0]["actor"], "analyst.lee");
    // Screening the same party again shows the hit dismissed, with the decision.
    let o = ce2(
        &store,
        &[
            "--json",
            "screen",
            "Kim Yong Su",
            "--schema",
            "Person",
            "--subject",
            "CUST-7",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let hit = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ofac-90002")
        .unwrap()
        .clone();
    assert_eq!(hit["dismissed"], true);
    assert_eq!(hit["decisions"][0]["verdict"], "false_positive");
    // Another party screened under another key is not dismissed.
    let o = ce2(
        &store,
        &[
            "--json",
            "screen",
            "Kim Yong Su",
            "--schema",
            "Person",
            "--subject",
            "CUST-8",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["dismissed"] == false));
}

#[test]
fn screen_finds_the_listed_party_behind_another_spelling_and_explains() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite");
    assert!(ce2(&store, &["demo"]).status.success());
    let o = ce2(
        &store,
        &[
            "--json",
            "screen",
            "Park Cheol-su",
            "--schema",
            "Person",
            "--birth-date",
            "1968",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let results = v["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .filter(|r| r["match"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["eu-fsf-990901", "ofac-90001", "uk-dpr0901", "un-kpi-901"]
    );
    assert_eq!(results[0]["explanations"][0]["name"], "name_match");
    // An identifier alone, exact.
    let o = ce2(&store, &["--json", "screen", "--id", "IMO 9354521"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["explanations"][0]["name"] == "identifier_match"));
    assert_eq!(v["results"].as_array().unwrap().len(), 3);
    // An unknown algorithm is refused.
    assert_eq!(
        ce2(&store, &["screen", "x", "--algorithm", "nope"])
            .status
            .code(),
        Some(6)
    );
}

#[test]
fn score_pairs_keeps_the_columns_and_reports_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pairs.csv");
    std::fs::write(&input, "id,schema,name1,name2,label\n1,Person,KIM Yong Chol,Kim Young-Cheol,true\n2,Person,KIM Yong Chol,KIM Song Chol,false\n3,Spaceship,A,B,false\n4,Vessel,SAM HAE 7,SAM HAE 7,true\n").unwrap();
    let out = dir.path().join("scored.csv");
    let o = ce2(
        &dir.path().join("s.sqlite"),
        &[
            "score-pairs",
            "--input",
            &input.display().to_string(),
            "--output",
            &out.display().to_string(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("pairs.csv:4"), "{}", stderr(&o));
    assert!(stderr(&o).contains("scored 3 pairs"), "{}", stderr(&o));
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(got, [("1", "true"), ("2", "false"), ("4", "true")]);
    assert_eq!(rows[0][4], "true", "the input's own columns are kept");
}

#[test]
fn score_pairs_without_explanations_gives_the_same_scores() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pairs.csv");
    std::fs::write(&input, "schema,name1,name2\nPerson,KIM Yong Chol,Kim Young-Cheol\nPerson,KIM Yong Chol,KIM Song Chol\nOrganization,Korea Daesong Trading Co Ltd,Korea Daesong Bank\nPerson,حسین موسوی,Hossein Mousavi\n").unwrap();
    let run = |extra: &[&str], name: &str| {
        let out = dir.path().join(name);
        let input = input.display().to_string();
        let output = out.display().to_string();
        let mut args = vec![
            "score-pairs",
            "--input",
            input.as_str(),
            "--output",
            output.as_str(),
        ];
        args.extend(extra);
        let o = ce2(&dir.path().join("s.sqlite"), &args);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut reader = csv::Reader::from_path(&out).unwrap();
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        (header, rows)
    };
    let (full_header, full) = run(&[], "full.csv");
    let (short_header, short) = run(&["--no-explanation"], "short.csv");
    assert_eq!(full_header.last().map(String::as_str), Some("explanation"));
    assert_eq!(short_header, full_header[..full_header.len() - 1]);
    assert_eq!(full.len(), 4);
    for (f, s) in full.iter().zip(&short) {
        assert_eq!(s[..], f[..f.len() - 1]);
    }
}

#[test]
fn a_csv_is_screened_row_by_row_with_decisions_and_bad_rows_reported() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(dir.path());
    let store = dir.path().join("s.sqlite");
    ingest_ok(&store, &s.join("ofac-2026-10-01"), &[]);
    assert!(ce2(
        &store,
        &[
            "decide",
            "--subject",
            "CUST-1",
            "--entity",
            "ofac-90002",
            "--verdict",
            "false-positive",
            "--reason",
            "born 1990",
            "--actor",
            "a"
        ]
    )
    .status
    .success());
    let input = dir.path().join("customers.csv");
    std::fs::write(&input, "id,name,schema\nCUST-1,Kim Yong Su,Person\nCUST-2,Kim Yong-su,Person\nCUST-3,\"Broken\nCUST-4,Nobody Listed,Person\n").unwrap();
    let out = dir.path().join("hits.csv");
    let o = ce2(
        &store,
        &[
            "screen",
            "--input",
            &input.display().to_string(),
            "--output",
            &out.display().to_string(),
            "--subject-column",
            "id",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("customers.csv:4"), "{}", stderr(&o));
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[3].to_string(), r[10].to_string())
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "CUST-1".to_string(),
                "ofac-90002".to_string(),
                "true".to_string()
            ),
            (
                "CUST-2".to_string(),
                "ofac-90002".to_string(),
                "false".to_string()
            ),
        ]
    );
    // A file without the name column is refused, saying which columns it has.
    let bad = dir.path().join("no-name.csv");
    std::fs::write(&bad, "id,full_name\n1,Kim\n").unwrap();
    let o = ce2(&store, &["screen", "--input", &bad.display().to_string()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("no column \"name\" (columns: id, full_name)"),
        "{}",
        stderr(&o)
    );
}
