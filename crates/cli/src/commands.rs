//! The commands: each reads its arguments, calls the libraries and prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use ce2_graph::subjects;
use ce2_lists::fetch::{self, Fetched, Validators};
use ce2_lists::{Format, ReadOutput};
use ce2_model::{Entity, Problem, Severity};
use ce2_store::{Decision, Ingested, NewDecision, NewVersion, Store, Verdict, VersionInfo};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value as Json};

use crate::input::{self, Input, InputError, Parsed};
use crate::output;
use crate::{Cli, Command, ExportFormat, VerdictArg};

/// A failed command: the error for the person and the exit code.
pub struct Failure {
    pub error: anyhow::Error,
    pub exit: u8,
    pub quiet: bool,
}

/// Exit codes, as documented in `main.rs` and the README.
pub mod exit {
    pub const OTHER: u8 = 1;
    pub const INPUT: u8 = 3;
    pub const NETWORK: u8 = 4;
    pub const STORE: u8 = 5;
    pub const NOT_FOUND: u8 = 6;
    pub const STRICT: u8 = 7;
}

pub(crate) fn fail(exit: u8, error: impl Into<anyhow::Error>) -> Failure {
    Failure {
        error: error.into(),
        exit,
        quiet: false,
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        // A closed pipe (`ce2 export | head`) is not a failure worth a message.
        let quiet = error
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
        Failure {
            error,
            exit: exit::OTHER,
            quiet,
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::from(anyhow::Error::from(e))
    }
}

impl From<ce2_store::Error> for Failure {
    fn from(e: ce2_store::Error) -> Failure {
        fail(exit::STORE, e)
    }
}

type Result<T, E = Failure> = std::result::Result<T, E>;

/// The default store path: `ce2/store.sqlite` in the user's data folder.
fn default_store() -> Result<PathBuf> {
    let base = dirs::data_dir().ok_or_else(|| {
        fail(
            exit::STORE,
            anyhow!("no user data folder; name a store with --store or CE2_STORE"),
        )
    })?;
    Ok(base.join("ce2").join("store.sqlite"))
}

/// Open the store named on the command line (or the default one).
pub(crate) fn open_store_pub(path: &Option<PathBuf>) -> Result<Store> {
    open_store(path)
}

fn open_store(path: &Option<PathBuf>) -> Result<Store> {
    let path = match path {
        Some(p) => p.clone(),
        None => default_store()?,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))
            .map_err(|e| fail(exit::STORE, e))?;
    }
    Store::open(&path).map_err(|e| fail(exit::STORE, anyhow!("{}: {e}", path.display())))
}

fn spinner(message: &str) -> ProgressBar {
    // Drawn on standard error only when it is a terminal; silent in pipes and CI.
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let json = cli.json;
    match cli.command {
        Command::Sample { dir } => {
            let written = crate::sample::write(&dir)?;
            if json {
                output::json(&json!({"written": written}))?;
            } else {
                println!("wrote {} sample files to {}", written.len(), dir.display());
            }
            Ok(())
        }
        Command::Demo => demo(&cli.store, json),
        Command::Evidence(args) => crate::evidence::run(args, json),
        Command::Chain(args) => crate::chain::run(args, json),
        Command::Ais { action } => crate::maritime::run(&cli.store, action, json),
        Command::Vessels { limit } => crate::maritime::vessels(&cli.store, limit, json),
        Command::Vessel { id } => crate::maritime::vessel(&cli.store, &id, json),
        Command::Serve {
            listen,
            sample,
            rate_limit,
            timeout,
        } => serve(&cli.store, listen, sample, rate_limit, timeout),
        Command::Keys { action } => keys(&cli.store, action, json),
        Command::Audit { after, output } => audit(&cli.store, after, output.as_deref()),
        Command::Ingest {
            files,
            format,
            dataset,
            published,
            report,
            strict,
        } => {
            let mut store = open_store(&cli.store)?;
            let opts = IngestOptions {
                format,
                dataset,
                published,
                strict,
            };
            let result = ingest(&mut store, &files, &opts)?;
            print_ingest(&result, report, json)
        }
        Command::Update { datasets } => {
            let mut store = open_store(&cli.store)?;
            update(&mut store, &datasets, json)
        }
        Command::Datasets => {
            let store = open_store(&cli.store)?;
            datasets(&store, json)
        }
        Command::Versions { dataset } => {
            let store = open_store(&cli.store)?;
            versions(&store, &dataset, json)
        }
        Command::Show { id, records } => {
            let store = open_store(&cli.store)?;
            show(&store, &id, records, json)
        }
        Command::Diff { dataset, from, to } => {
            let store = open_store(&cli.store)?;
            diff(&store, &dataset, from, to, json)
        }
        Command::Problems { version } => {
            let store = open_store(&cli.store)?;
            let problems = store.problems(version)?;
            for p in &problems {
                if json {
                    output::json(&serde_json::to_value(p).map_err(anyhow::Error::from)?)?;
                } else {
                    println!("{p}");
                }
            }
            Ok(())
        }
        Command::Decide {
            subject,
            entity,
            verdict,
            reason,
            actor,
        } => {
            let mut store = open_store(&cli.store)?;
            let actor = actor
                .or_else(|| std::env::var("USER").ok())
                .or_else(|| std::env::var("USERNAME").ok())
                .ok_or_else(|| {
                    fail(
                        exit::OTHER,
                        anyhow!("say who decides with --actor or CE2_ACTOR"),
                    )
                })?;
            let verdict = match verdict {
                VerdictArg::Match => Verdict::Match,
                VerdictArg::FalsePositive => Verdict::FalsePositive,
                VerdictArg::Unsure => Verdict::Unsure,
            };
            let d = store
                .decide(&NewDecision {
                    subject_key: subject,
                    entity_id: entity,
                    verdict,
                    reason,
                    actor,
                    query: "{}".into(),
                    score: None,
                    algorithm: None,
                })
                .map_err(|e| match e.code() {
                    "not_found" => fail(exit::NOT_FOUND, e),
                    "invalid_input" => fail(exit::OTHER, e),
                    _ => fail(exit::STORE, e),
                })?;
            print_decisions(&[d], json)
        }
        Command::Decisions { subject, entity } => {
            let store = open_store(&cli.store)?;
            let all = store
                .all_decisions()?
                .into_iter()
                .filter(|d| subject.as_ref().is_none_or(|s| *s == d.subject_key))
                .filter(|d| entity.as_ref().is_none_or(|e| *e == d.entity_id))
                .collect::<Vec<_>>();
            print_decisions(&all, json)
        }
        Command::Screen {
            name,
            schema,
            birth_date,
            country,
            id,
            algorithm,
            threshold,
            limit,
            subject,
            input,
            output: out,
            name_column,
            schema_column,
            subject_column,
        } => {
            let algo = ce2_screen::algorithm(&algorithm).ok_or_else(|| {
                let names: Vec<&str> = ce2_screen::algorithms().iter().map(|a| a.name()).collect();
                fail(
                    exit::NOT_FOUND,
                    anyhow!("no algorithm {algorithm:?}; ce2 has {}", names.join(", ")),
                )
            })?;
            let threshold = threshold.unwrap_or(algo.threshold());
            let store = open_store(&cli.store)?;
            let bar = spinner("indexing the lists");
            let index = crate::screening::load_index(&store)?;
            bar.finish_and_clear();
            if index.is_empty() {
                return Err(fail(
                    exit::NOT_FOUND,
                    anyhow!("no lists loaded; `ce2 update` or `ce2 ingest FILE` first"),
                ));
            }
            let settings = crate::screening::Settings {
                algorithm: algo,
                threshold,
                limit,
            };
            match (input, name) {
                (Some(input), _) => crate::screening::screen_csv(
                    &store,
                    &index,
                    &input,
                    out.as_deref(),
                    crate::screening::Columns {
                        name: &name_column,
                        schema: schema_column.as_deref(),
                        subject: subject_column.as_deref(),
                    },
                    &schema,
                    settings,
                ),
                (None, name) => {
                    let wallets: Vec<String> = id
                        .iter()
                        .filter(|v| {
                            matches!(
                                ce2_screen::identifiers::classify(v),
                                Some((ce2_screen::identifiers::IdKind::Crypto, _))
                            )
                        })
                        .cloned()
                        .collect();
                    let ask = ce2_screen::Query {
                        schema,
                        names: name.into_iter().collect(),
                        birth_dates: birth_date,
                        countries: country,
                        ids: id,
                    };
                    crate::screening::screen_one(
                        &store,
                        &index,
                        &ask,
                        settings,
                        subject.as_deref(),
                        json,
                    )?;
                    crate::chain::screen_exposure(&wallets, json)
                }
            }
        }
        Command::ScorePairs {
            input,
            output: out,
            algorithm,
            no_explanation,
        } => {
            let algo = ce2_screen::algorithm(&algorithm)
                .ok_or_else(|| fail(exit::NOT_FOUND, anyhow!("no algorithm {algorithm:?}")))?;
            crate::screening::score_pairs(&input, out.as_deref(), algo, !no_explanation)
        }
        Command::Bench {
            what,
            data,
            algorithm,
            pairs_out,
            events,
            positions,
            file_mb,
            dir,
        } => {
            if what == "ledger" {
                return crate::bench_ledger::run(dir.as_deref(), events, file_mb);
            }
            if what == "maritime" {
                let report = ce2_maritime::bench::bench(positions);
                let peak_mb =
                    crate::bench_ledger::proc_status("VmHWM:").map(|kb| kb as f64 / 1024.0);
                if json {
                    let mut v = serde_json::to_value(&report).map_err(anyhow::Error::from)?;
                    v["peak_rss_mb"] = json!(peak_mb);
                    output::json(&v)?;
                } else {
                    println!(
                        "{} positions, {} vessels over {} days: tracks {:.2} s + events {:.2} s = {:.0} positions/s on {} threads (target: 10 M under 20 s); peak memory {:.0} MB (target < 4 GB); {} of {} scripted encounters found; events {:?}",
                        report.positions,
                        report.vessels,
                        report.days,
                        report.tracks_s,
                        report.events_s,
                        report.positions_per_s,
                        report.threads,
                        peak_mb.unwrap_or(f64::NAN),
                        report.scripted_encounters_found,
                        report.scripted_encounters,
                        report.events
                    );
                }
                return Ok(());
            }
            if what != "screening" {
                return Err(fail(
                    exit::NOT_FOUND,
                    anyhow!("no benchmark {what:?}; ce2 bench screening, ce2 bench ledger, ce2 bench maritime"),
                ));
            }
            let algo = ce2_screen::algorithm(&algorithm)
                .ok_or_else(|| fail(exit::NOT_FOUND, anyhow!("no algorithm {algorithm:?}")))?;
            let data = data
                .or_else(|| std::env::var_os("CE2_SHARED_DATA").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("../shared/data"));
            crate::bench::screening(&data, algo, pairs_out.as_deref()).map_err(Failure::from)
        }
        Command::Algorithms => {
            for a in ce2_screen::algorithms() {
                if json {
                    output::json(
                        &json!({"name": a.name(), "description": a.description(), "threshold": a.threshold()}),
                    )?;
                } else {
                    println!(
                        "{:<8} match at {:.2}  {}",
                        a.name(),
                        a.threshold(),
                        a.description()
                    );
                }
            }
            Ok(())
        }
        Command::Export {
            format,
            dataset,
            output: out,
        } => {
            let store = open_store(&cli.store)?;
            export(&store, format, dataset.as_deref(), out.as_deref())
        }
    }
}

/// Options of one ingest.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub format: Option<Format>,
    pub dataset: Option<String>,
    pub published: Option<String>,
    pub strict: bool,
}

/// What one ingest did.
pub struct IngestResult {
    pub ingested: Ingested,
    pub format: Format,
    pub records: usize,
    pub problems: Vec<Problem>,
    pub subjects: usize,
}

fn input_failure(e: InputError) -> Failure {
    fail(exit::INPUT, anyhow!("{e}"))
}

/// Read files and write them as a new version, recomputing subjects across lists in the same
/// transaction. On any error the store is left exactly as it was.
pub fn ingest(store: &mut Store, files: &[PathBuf], opts: &IngestOptions) -> Result<IngestResult> {
    let bar = spinner("reading");
    let input = input::load(files, opts.format).map_err(input_failure)?;
    let parsed = input
        .parse(opts.dataset.as_deref())
        .map_err(input_failure)?;
    bar.set_message("storing");
    let result = match parsed {
        Parsed::Full(out) => store_full(store, &input, out, opts)?,
        Parsed::Delta(delta) => {
            let dataset = delta.meta.dataset.clone();
            if opts.strict && delta.problems.iter().any(|p| p.severity == Severity::Error) {
                return Err(strict_failure(&delta.problems));
            }
            let mut new = new_version(
                &input,
                &dataset,
                &delta.meta.title,
                &delta.meta.publisher,
                opts.published.clone().or(delta.meta.published.clone()),
                Format::FtmDelta,
            );
            new.title = dataset.clone();
            let ops = &delta.ops;
            let problems = delta.problems.clone();
            let (ingested, subjects) = store.write(|w| {
                let ingested = w.apply_delta(&new, ops, &problems)?;
                let subjects = if ingested.created {
                    recompute_subjects(w)?
                } else {
                    0
                };
                Ok((ingested, subjects))
            })?;
            IngestResult {
                ingested,
                format: Format::FtmDelta,
                records: delta.ops.len(),
                problems: delta.problems,
                subjects,
            }
        }
    };
    bar.finish_and_clear();
    Ok(result)
}

fn strict_failure(problems: &[Problem]) -> Failure {
    let errors: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    let mut msg = format!(
        "{} records could not be read; nothing was stored (--strict):",
        errors.len()
    );
    for p in errors.iter().take(10) {
        msg.push_str(&format!("\n  {p}"));
    }
    fail(exit::STRICT, anyhow!(msg))
}

fn new_version(
    input: &Input,
    dataset: &str,
    title: &str,
    publisher: &str,
    published: Option<String>,
    format: Format,
) -> NewVersion {
    NewVersion {
        dataset: dataset.to_string(),
        title: title.to_string(),
        publisher: publisher.to_string(),
        published,
        source: input.source(),
        sha256: input.sha256(),
        size: input.size(),
        format: format.name().to_string(),
        etag: None,
        last_modified: None,
    }
}

fn store_full(
    store: &mut Store,
    input: &Input,
    out: ReadOutput,
    opts: &IngestOptions,
) -> Result<IngestResult> {
    if opts.strict && out.problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(strict_failure(&out.problems));
    }
    let published = opts.published.clone().or(out.meta.published.clone());
    let new = new_version(
        input,
        &out.meta.dataset,
        &out.meta.title,
        &out.meta.publisher,
        published,
        out.meta.format,
    );
    store_read_output(store, new, out)
}

/// Store what a reader made of a file as a new version and recompute subjects, in one
/// transaction.
pub fn store_read_output(
    store: &mut Store,
    new: NewVersion,
    mut out: ReadOutput,
) -> Result<IngestResult> {
    if let Some(published) = &new.published {
        // The reader may not know the date (OFAC CSV); the provenance of every value does.
        for e in &mut out.entities {
            for s in &mut e.sources {
                if s.published.is_none() {
                    s.published = Some(published.clone());
                }
            }
        }
    }
    let (ingested, subjects) = store.write(|w| {
        let ingested = w.ingest(&new, &out.entities, &out.problems)?;
        let subjects = if ingested.created {
            recompute_subjects(w)?
        } else {
            0
        };
        Ok((ingested, subjects))
    })?;
    Ok(IngestResult {
        ingested,
        format: out.meta.format,
        records: out.records,
        problems: out.problems,
        subjects,
    })
}

/// Join the current records of every list into subjects and replace the stored mapping.
fn recompute_subjects(w: &mut ce2_store::Writer<'_>) -> ce2_store::Result<usize> {
    let mut entities = Vec::new();
    let schemata = subjects::key_schemata();
    for dataset in w.datasets()? {
        if let Some(current) = dataset.current {
            for entity in w.entities_of(current.id, &schemata)? {
                entities.push(entity?);
            }
        }
    }
    let (found, _refused) = subjects::resolve(&entities);
    let pairs: Vec<(String, String)> = found
        .iter()
        .flat_map(|s| {
            s.members
                .iter()
                .map(move |(_, id)| (s.id.clone(), id.clone()))
        })
        .collect();
    w.set_subjects(&pairs)?;
    Ok(found.len())
}

fn print_ingest(r: &IngestResult, report: bool, json: bool) -> Result<()> {
    let v = &r.ingested.version;
    let errors = r
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = r.problems.len() - errors;
    if json {
        output::json(&json!({
            "created": r.ingested.created,
            "version": version_json(v),
            "records": r.records,
            "errors": errors,
            "warnings": warnings,
            "subjects": r.subjects,
            "problems": if report { serde_json::to_value(&r.problems).unwrap_or(Json::Null) } else { Json::Null },
        }))?;
        return Ok(());
    }
    if !r.ingested.created {
        println!(
            "{}: unchanged (same SHA-256 as version {}); nothing stored",
            v.dataset, v.id
        );
        return Ok(());
    }
    println!(
        "{}: version {} from {} ({}), published {}",
        v.dataset,
        v.id,
        v.source,
        r.format.description(),
        v.published.as_deref().unwrap_or("unknown")
    );
    println!(
        "  {} records → {} entities ({}); {} unreadable records, {} warnings{}",
        r.records,
        v.entity_count,
        counts_text(&v.counts.schema),
        errors,
        warnings,
        if r.problems.is_empty() || report {
            String::new()
        } else {
            format!(" (ce2 problems {} or --report lists them)", v.id)
        }
    );
    if !v.counts.program.is_empty() {
        println!("  sanctions by program: {}", counts_text(&v.counts.program));
    }
    println!("  {} subjects named by more than one list", r.subjects);
    if report {
        for p in &r.problems {
            println!("  {p}");
        }
    }
    Ok(())
}

fn counts_text(counts: &std::collections::BTreeMap<String, u64>) -> String {
    counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn version_json(v: &VersionInfo) -> Json {
    json!({
        "id": v.id,
        "dataset": v.dataset,
        "kind": format!("{:?}", v.kind).to_lowercase(),
        "parent": v.parent,
        "published": v.published,
        "ingested_at": v.ingested_at,
        "source": v.source,
        "sha256": v.sha256,
        "size": v.size,
        "format": v.format,
        "etag": v.etag,
        "last_modified": v.last_modified,
        "entity_count": v.entity_count,
        "problem_count": v.problem_count,
        "counts": v.counts.to_json(),
    })
}

fn update(store: &mut Store, names: &[String], json: bool) -> Result<()> {
    let publishers: Vec<&fetch::Publisher> = if names.is_empty() {
        fetch::PUBLISHERS.iter().collect()
    } else {
        names
            .iter()
            .map(|n| {
                fetch::publisher(n).ok_or_else(|| {
                    let known: Vec<&str> = fetch::PUBLISHERS.iter().map(|p| p.dataset).collect();
                    fail(
                        exit::NOT_FOUND,
                        anyhow!(
                            "no publisher for dataset {n:?}; ce2 updates {}",
                            known.join(", ")
                        ),
                    )
                })
            })
            .collect::<Result<_>>()?
    };
    let mut failures = Vec::new();
    for publisher in publishers {
        let current = store
            .datasets()?
            .into_iter()
            .find(|d| d.name == publisher.dataset)
            .and_then(|d| d.current);
        let validators = current.as_ref().map(|c| Validators {
            etag: c.etag.clone(),
            last_modified: c.last_modified.clone(),
        });
        let bar = spinner(&format!("fetching {}", publisher.dataset));
        let fetched = fetch::fetch(publisher, validators.as_ref());
        bar.finish_and_clear();
        match fetched {
            Err(e) => {
                let msg = format!("{}: {e}; nothing changed", publisher.dataset);
                if json {
                    output::json(
                        &json!({"dataset": publisher.dataset, "status": "failed", "code": e.code(), "error": msg}),
                    )?;
                } else {
                    eprintln!("ce2: {msg}");
                }
                failures.push((exit::NETWORK, msg));
            }
            Ok(Fetched::NotModified) => {
                if json {
                    output::json(&json!({"dataset": publisher.dataset, "status": "not_modified"}))?;
                } else {
                    println!(
                        "{}: not modified since the current version",
                        publisher.dataset
                    );
                }
            }
            Ok(Fetched::New(download)) => {
                let result = (|| -> Result<IngestResult> {
                    // The download is read exactly as a file given to `ce2 ingest` would be;
                    // each file is named by its URL.
                    let input = Input {
                        format: publisher.format,
                        files: download
                            .files
                            .into_iter()
                            .map(|(_, url, data)| input::LoadedFile {
                                path: PathBuf::from(url),
                                data,
                            })
                            .collect(),
                    };
                    let out = match input
                        .parse(Some(publisher.dataset))
                        .map_err(input_failure)?
                    {
                        Parsed::Full(out) => out,
                        Parsed::Delta(_) => {
                            return Err(fail(exit::INPUT, anyhow!("a publisher served a delta")))
                        }
                    };
                    let published = out.meta.published.clone().or_else(|| {
                        download
                            .validators
                            .last_modified
                            .as_deref()
                            .and_then(fetch::http_date)
                    });
                    let mut new = new_version(
                        &input,
                        publisher.dataset,
                        publisher.title,
                        &out.meta.publisher,
                        published,
                        publisher.format,
                    );
                    new.etag = download.validators.etag.clone();
                    new.last_modified = download.validators.last_modified.clone();
                    store_read_output(store, new, out)
                })();
                match result {
                    Ok(r) => print_ingest(&r, false, json)?,
                    Err(f) => {
                        eprintln!("ce2: {}: {:#}", publisher.dataset, f.error);
                        failures.push((f.exit, format!("{:#}", f.error)));
                    }
                }
            }
        }
    }
    match failures.into_iter().next() {
        None => Ok(()),
        Some((code, _)) => Err(Failure {
            error: anyhow!("some lists were not updated"),
            exit: code,
            quiet: true,
        }),
    }
}

fn datasets(store: &Store, json: bool) -> Result<()> {
    let all = store.datasets()?;
    if json {
        let list: Vec<Json> = all
            .iter()
            .map(|d| json!({"name": d.name, "title": d.title, "publisher": d.publisher, "current": d.current.as_ref().map(version_json)}))
            .collect();
        output::json(&Json::Array(list))?;
        return Ok(());
    }
    if all.is_empty() {
        println!("no lists loaded; `ce2 update` fetches them, `ce2 ingest FILE` loads one, `ce2 demo` loads the samples");
    }
    for d in &all {
        match &d.current {
            None => println!("{}  {}  (no version)", d.name, d.title),
            Some(v) => {
                println!(
                    "{}  {}\n  version {} published {} ingested {}  {} entities, {} problems",
                    d.name,
                    d.title,
                    v.id,
                    v.published.as_deref().unwrap_or("unknown"),
                    v.ingested_at,
                    v.entity_count,
                    v.problem_count
                );
                println!("  by schema: {}", counts_text(&v.counts.schema));
                if !v.counts.program.is_empty() {
                    println!("  by program: {}", counts_text(&v.counts.program));
                }
            }
        }
    }
    Ok(())
}

fn versions(store: &Store, dataset: &str, json: bool) -> Result<()> {
    let all = store.versions(dataset)?;
    if all.is_empty() {
        return Err(fail(
            exit::NOT_FOUND,
            anyhow!("no versions of dataset {dataset:?}"),
        ));
    }
    if json {
        output::json(&Json::Array(all.iter().map(version_json).collect()))?;
        return Ok(());
    }
    for v in &all {
        println!(
            "{:>5}  {:<6} published {:<12} ingested {}  {:>7} entities  {:>5} problems  sha256 {}…  {}",
            v.id,
            format!("{:?}", v.kind).to_lowercase(),
            v.published.as_deref().unwrap_or("unknown"),
            v.ingested_at,
            v.entity_count,
            v.problem_count,
            &v.sha256[..12.min(v.sha256.len())],
            v.source
        );
    }
    Ok(())
}

fn show(store: &Store, id: &str, show_records: bool, json: bool) -> Result<()> {
    // An entity id, or a subject id naming several list records.
    let subject = match store.subject_of(id)? {
        Some(s) => Some(s),
        None if !store.members(id)?.is_empty() => Some(id.to_string()),
        None => None,
    };
    let mut member_ids: Vec<String> = match &subject {
        Some(s) => store.members(s)?.into_iter().map(|m| m.entity_id).collect(),
        None => vec![id.to_string()],
    };
    // Two lists may use the same id (one publisher's list loaded under two names); the store
    // gives that id's records merged, once.
    member_ids.dedup();
    let mut records = Vec::new();
    for m in &member_ids {
        if let Some(e) = store.entity(m)? {
            records.push(e);
        }
    }
    if records.is_empty() {
        return Err(fail(
            exit::NOT_FOUND,
            anyhow!("no entity or subject {id:?} in the current lists"),
        ));
    }
    let mut merged = records[0].clone();
    for r in &records[1..] {
        if merged.merge(r).is_err() {
            continue;
        }
    }
    if let Some(s) = &subject {
        merged.id = s.clone();
    }
    // Listings, documents, wallets, addresses and relations of every record.
    let mut related: Vec<(String, Entity)> = Vec::new();
    for r in &records {
        for (prop, target) in r.references() {
            if let Some(t) = store.entity(target)? {
                related.push((format!("{prop} →"), t));
            }
        }
        for e in store.referencing(&r.id)? {
            let via = e
                .references()
                .into_iter()
                .find(|(_, t)| *t == r.id)
                .map(|(p, _)| p.to_string())
                .unwrap_or_default();
            related.push((format!("← {via}"), e));
        }
    }
    let mut seen = std::collections::HashSet::new();
    related.retain(|(via, e)| seen.insert((via.clone(), e.id.clone())));
    if json {
        output::json(&json!({
            "subject": subject,
            "entity": output::entity_json(&merged),
            "records": records.iter().map(output::entity_json).collect::<Vec<_>>(),
            "related": related.iter().map(|(via, e)| json!({"via": via, "entity": output::entity_json(e)})).collect::<Vec<_>>(),
        }))?;
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    if let Some(s) = &subject {
        let lists: Vec<String> = store
            .members(s)?
            .iter()
            .map(|m| format!("{} ({})", m.dataset, m.entity_id))
            .collect();
        writeln!(
            out,
            "subject {s}: named by {} lists: {}",
            lists.len(),
            lists.join(", ")
        )?;
    }
    write!(out, "{}", output::entity_text(&merged, ""))?;
    let sanctions: Vec<&Entity> = related
        .iter()
        .map(|(_, e)| e)
        .filter(|e| e.schema().is_a("Sanction"))
        .collect();
    if !sanctions.is_empty() {
        writeln!(out, "\nlistings:")?;
        for s in sanctions {
            let mut parts = vec![
                s.sources
                    .first()
                    .map_or("", |p| p.dataset.as_str())
                    .to_string(),
                s.get("authority").join("; "),
                format!("program {}", s.get("program").join(", ")),
            ];
            if s.has("listingDate") {
                parts.push(format!("listed {}", s.get("listingDate").join(", ")));
            }
            if let Some(u) = s.first("unscId") {
                parts.push(format!("UN ref {u}"));
            }
            if s.has("provisions") {
                parts.push(s.get("provisions").join("; "));
            }
            writeln!(out, "  {}", parts.join(" — "))?;
        }
    }
    let others: Vec<&(String, Entity)> = related
        .iter()
        .filter(|(_, e)| !e.schema().is_a("Sanction"))
        .collect();
    if !others.is_empty() {
        writeln!(out, "\nrelated:")?;
        for (via, e) in others {
            writeln!(
                out,
                "  {via} {} [{}] {} ({})",
                e.caption(),
                e.schema().name,
                e.id,
                e.sources.first().map_or("", |p| p.dataset.as_str())
            )?;
        }
    }
    if records.len() > 1 {
        if show_records {
            writeln!(out, "\neach list's own record:")?;
            for r in &records {
                write!(out, "{}", output::entity_text(r, "  "))?;
            }
        } else {
            writeln!(out, "\neach list's own record: ce2 show {id} --records")?;
        }
    }
    Ok(())
}

fn diff(
    store: &Store,
    dataset: &str,
    from: Option<i64>,
    to: Option<i64>,
    json: bool,
) -> Result<()> {
    let all = store.versions(dataset)?;
    if all.is_empty() {
        return Err(fail(
            exit::NOT_FOUND,
            anyhow!("no versions of dataset {dataset:?}"),
        ));
    }
    // Versions are listed oldest first.
    let to = match to {
        Some(t) => t,
        None => store
            .datasets()?
            .into_iter()
            .find(|d| d.name == dataset)
            .and_then(|d| d.current)
            .map(|c| c.id)
            .ok_or_else(|| {
                fail(
                    exit::NOT_FOUND,
                    anyhow!("dataset {dataset:?} has no current version"),
                )
            })?,
    };
    let from = match from {
        Some(f) => f,
        None => all
            .iter()
            .filter(|v| v.id < to)
            .map(|v| v.id)
            .max()
            .ok_or_else(|| {
                fail(
                    exit::NOT_FOUND,
                    anyhow!("version {to} of {dataset} has no earlier version to compare with"),
                )
            })?,
    };
    let d = store.diff(from, to)?;
    if json {
        let refj = |r: &ce2_store::EntityRef| json!({"id": r.id, "schema": r.schema, "caption": r.caption});
        output::json(&json!({
            "dataset": dataset,
            "old": d.old,
            "new": d.new,
            "added": d.added.iter().map(refj).collect::<Vec<_>>(),
            "removed": d.removed.iter().map(refj).collect::<Vec<_>>(),
            "changed": d.changed.iter().map(|c| json!({
                "entity": refj(&c.entity),
                "old_schema": c.old_schema,
                "properties": c.properties.iter().map(|p| json!({"property": p.property, "added": p.added, "removed": p.removed})).collect::<Vec<_>>(),
                "fields": c.fields,
            })).collect::<Vec<_>>(),
        }))?;
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{dataset}: version {} → {}: {} added, {} removed, {} changed",
        d.old,
        d.new,
        d.added.len(),
        d.removed.len(),
        d.changed.len()
    )?;
    for a in &d.added {
        writeln!(out, "+ {} [{}] {}", a.caption, a.schema, a.id)?;
    }
    for r in &d.removed {
        writeln!(out, "- {} [{}] {}", r.caption, r.schema, r.id)?;
    }
    for c in &d.changed {
        writeln!(
            out,
            "~ {} [{}] {}",
            c.entity.caption, c.entity.schema, c.entity.id
        )?;
        if let Some(old) = &c.old_schema {
            writeln!(out, "    schema: {old} → {}", c.entity.schema)?;
        }
        for p in &c.properties {
            for v in &p.removed {
                writeln!(out, "    - {}: {v}", p.property)?;
            }
            for v in &p.added {
                writeln!(out, "    + {}: {v}", p.property)?;
            }
        }
    }
    Ok(())
}

fn export(
    store: &Store,
    format: ExportFormat,
    dataset: Option<&str>,
    out: Option<&Path>,
) -> Result<()> {
    let all = store.datasets()?;
    if let Some(d) = dataset {
        if !all.iter().any(|x| x.name == d) {
            return Err(fail(exit::NOT_FOUND, anyhow!("no dataset {d:?}")));
        }
    }
    let datasets: Vec<_> = all
        .iter()
        .filter(|d| dataset.is_none_or(|x| x == d.name))
        .filter_map(|d| d.current.as_ref().map(|c| c.id))
        .collect();
    let mut sink = crate::output::Sink::create(out)?;
    match format {
        ExportFormat::Ftm => {
            for version in datasets {
                for entity in store.entities(version)? {
                    serde_json::to_writer(&mut sink, &entity?.to_ftm())
                        .map_err(anyhow::Error::from)?;
                    sink.write_all(b"\n")?;
                }
            }
            sink.finish()?;
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(sink);
            w.write_record([
                "id",
                "schema",
                "property",
                "value",
                "dataset",
                "record",
                "published",
            ])
            .map_err(anyhow::Error::from)?;
            for version in datasets {
                for entity in store.entities(version)? {
                    let entity = entity?;
                    for (prop, _) in entity.properties() {
                        for (v, p) in entity.values(prop) {
                            w.write_record([
                                entity.id.as_str(),
                                entity.schema().name.as_str(),
                                prop,
                                v,
                                p.dataset.as_str(),
                                p.record.as_str(),
                                p.published.as_deref().unwrap_or(""),
                            ])
                            .map_err(anyhow::Error::from)?;
                        }
                    }
                }
            }
            w.into_inner()
                .map_err(|e| anyhow::Error::from(e.into_error()))?
                .finish()?;
        }
    }
    Ok(())
}

fn print_decisions(decisions: &[Decision], json: bool) -> Result<()> {
    for d in decisions {
        if json {
            output::json(&json!({
                "id": d.id,
                "subject": d.subject_key,
                "entity": d.entity_id,
                "dataset": d.dataset,
                "version": d.version_id,
                "verdict": d.verdict.as_str(),
                "reason": d.reason,
                "actor": d.actor,
                "decided_at": d.decided_at,
                "score": d.score,
                "algorithm": d.algorithm,
                "in_force": d.listing_unchanged,
            }))?;
        } else {
            println!(
                "#{} {} {} on {} ({} version {}) by {} at {}: {}{}",
                d.id,
                d.subject_key,
                d.verdict.as_str(),
                d.entity_id,
                d.dataset,
                d.version_id,
                d.actor,
                d.decided_at,
                d.reason,
                if d.listing_unchanged {
                    ""
                } else {
                    "  [the listing changed since: look again]"
                }
            );
        }
    }
    Ok(())
}

fn demo(store_path: &Option<PathBuf>, json: bool) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("ce2-sample-{}", std::process::id()));
    crate::sample::write(&dir)?;
    // The fictitious sample goes to a store of its own, made anew, unless one is named.
    let path = match store_path {
        Some(p) => p.clone(),
        None => {
            let p = default_store()?.with_file_name("demo.sqlite");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
            p
        }
    };
    let mut store = open_store(&Some(path.clone()))?;
    let say = |s: &str| {
        if !json {
            println!("{s}");
        }
    };
    say(&format!(
        "ce2 demo: sample lists written to {} (fictitious parties)\n",
        dir.display()
    ));
    // The samples are clean: any unreadable record is an error of ce2's.
    let strict = IngestOptions {
        strict: true,
        ..IngestOptions::default()
    };
    // The first publication of each list; the next OFAC one follows after `show`.
    let [first @ .., next_ofac] = &SAMPLE_STEPS;
    for (file, published, title) in first {
        let files = [dir.join(file)];
        say(&format!("$ ce2 ingest {}   # {title}", files[0].display()));
        let opts = IngestOptions {
            published: published.map(str::to_string),
            ..strict.clone()
        };
        let r = ingest(&mut store, &files, &opts)?;
        print_ingest(&r, false, json)?;
        say("");
    }
    say("$ ce2 show un-kpi-901   # one person, every list that names him");
    show(&store, "un-kpi-901", false, json)?;
    say("");
    say("$ ce2 ingest ofac-2026-11-02/   # the next OFAC publication");
    let opts = IngestOptions {
        published: Some("2026-11-02".into()),
        ..strict
    };
    let r = ingest(&mut store, &[dir.join(next_ofac.0)], &opts)?;
    print_ingest(&r, false, json)?;
    say("\n$ ce2 diff us_ofac_sdn   # what changed for a compliance team");
    diff(&store, "us_ofac_sdn", None, None, json)?;
    say("\n$ ce2 screen \"Park Cheol-su\" --schema Person --birth-date 1968   # another spelling");
    let index = crate::screening::load_index(&store)?;
    let ask = ce2_screen::Query {
        schema: "Person".into(),
        names: vec!["Park Cheol-su".into()],
        birth_dates: vec!["1968".into()],
        ..Default::default()
    };
    let algo = ce2_screen::algorithm("ce2-v1")
        .ok_or_else(|| anyhow!("the default algorithm is missing"))?;
    let settings = crate::screening::Settings {
        algorithm: algo,
        threshold: algo.threshold(),
        limit: 5,
    };
    crate::screening::screen_one(&store, &index, &ask, settings, None, json)?;
    say("\n$ ce2 datasets");
    datasets(&store, json)?;
    say(&format!(
        "\nThe sample store is {path}; explore it with `ce2 --store {path} show subj-imo-vessel-9354521`,\n`ce2 --store {path} export --format csv`, or load the real lists with `ce2 update`.",
        path = path.display()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The path of the store: the one named, or the default.
fn store_path(path: &Option<PathBuf>) -> Result<PathBuf> {
    match path {
        Some(p) => Ok(p.clone()),
        None => default_store(),
    }
}

fn serve(
    store: &Option<PathBuf>,
    listen: std::net::SocketAddr,
    sample: bool,
    rate_limit: u32,
    timeout: u64,
) -> Result<()> {
    let path = if sample {
        // The sample lists, loaded afresh into the demo store, quietly.
        let path = match store {
            Some(p) => p.clone(),
            None => default_store()?.with_file_name("demo.sqlite"),
        };
        load_sample(&path)?;
        // The demo store gets an admin key, so that decisions and batch screening can be
        // tried in the page; with a key in the store, every request needs one.
        let mut store = open_store(&Some(path.clone()))?;
        let (secret, prefix) = ce2_server::auth::new_key()
            .map_err(|e| fail(exit::OTHER, anyhow!("no randomness for a key: {e}")))?;
        store.create_key(
            &ce2_server::auth::hash_key(&secret),
            &prefix,
            ce2_store::Role::Admin,
            "sample",
        )?;
        println!("ce2 serve: the sample lists are loaded; the sample store's admin key is\n           {secret}\n           (paste it into the page's API key box)");
        path
    } else {
        let path = store_path(store)?;
        // Open once so that a missing folder or a file that is no store fails here, clearly.
        drop(open_store(&Some(path.clone()))?);
        path
    };
    let mut config = ce2_server::Config::new(path.clone());
    config.rate_limit = rate_limit;
    config.timeout = std::time::Duration::from_secs(timeout.max(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(exit::OTHER, anyhow!("cannot start the runtime: {e}")))?;
    let shutdown = async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(t) => t,
                    Err(_) => {
                        let _ = ctrl_c.await;
                        return;
                    }
                };
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = ctrl_c.await;
        }
        eprintln!("ce2 serve: stopping; finishing requests in flight");
    };
    let store_shown = path.display().to_string();
    runtime
        .block_on(ce2_server::serve(config, listen, shutdown, move |bound| {
            println!("ce2 serve: open http://{bound}/ (store {store_shown})");
            println!("           API: http://{bound}/openapi.json; stop with Ctrl-C");
        }))
        .map_err(|e| fail(exit::STORE, anyhow!(e)))
}

fn keys(store: &Option<PathBuf>, action: crate::KeysAction, json: bool) -> Result<()> {
    use ce2_store::Role;
    let mut store = open_store(store)?;
    let show = |k: &ce2_store::ApiKey| {
        json!({"id": k.id, "prefix": k.prefix, "role": k.role.as_str(), "label": k.label,
               "created_at": k.created_at, "revoked_at": k.revoked_at})
    };
    match action {
        crate::KeysAction::Create { role, label } => {
            let role = match role {
                crate::RoleArg::Viewer => Role::Viewer,
                crate::RoleArg::Analyst => Role::Analyst,
                crate::RoleArg::Admin => Role::Admin,
            };
            let (secret, prefix) = ce2_server::auth::new_key()
                .map_err(|e| fail(exit::OTHER, anyhow!("no randomness for a key: {e}")))?;
            let key =
                store.create_key(&ce2_server::auth::hash_key(&secret), &prefix, role, &label)?;
            if json {
                let mut j = show(&key);
                j["key"] = json!(secret);
                output::json(&j)?;
            } else {
                println!("{secret}");
                eprintln!(
                    "key {} ({}, {}) created; it is shown only this once. Send it as: Authorization: ApiKey <key>",
                    key.id,
                    key.role.as_str(),
                    if key.label.is_empty() { "no label" } else { &key.label }
                );
            }
        }
        crate::KeysAction::List => {
            for k in store.keys()? {
                if json {
                    output::json(&show(&k))?;
                } else {
                    println!(
                        "{:>4} {} {:<8} {:<24} created {}{}",
                        k.id,
                        k.prefix,
                        k.role.as_str(),
                        k.label,
                        k.created_at,
                        k.revoked_at
                            .as_deref()
                            .map(|r| format!(", revoked {r}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        crate::KeysAction::Revoke { id } => {
            let k = store.revoke_key(id)?;
            if json {
                output::json(&show(&k))?;
            } else {
                println!(
                    "key {} ({}) revoked at {}",
                    k.id,
                    k.prefix,
                    k.revoked_at.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

fn audit(store: &Option<PathBuf>, after: i64, output: Option<&std::path::Path>) -> Result<()> {
    use std::io::Write;
    let store = open_store(store)?;
    let mut out = crate::output::Sink::create(output)?;
    let mut last = after;
    loop {
        let batch = store.audit(last, 10_000)?;
        let Some(end) = batch.last().map(|e| e.id) else {
            break;
        };
        for e in &batch {
            let parse =
                |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_else(|_| json!(s));
            writeln!(out, "{}", json!({"id": e.id, "at": e.at, "actor": e.actor, "action": e.action,
                "request": parse(&e.request), "response": parse(&e.response), "versions": parse(&e.versions)}))
                .map_err(anyhow::Error::from)?;
        }
        last = end;
    }
    out.finish()?;
    Ok(())
}

/// The sample lists in the order they are loaded: file or folder, publication date where the
/// files state none, and what it is. The last is the next OFAC publication, loaded after the
/// others so that there is a diff to look at.
const SAMPLE_STEPS: [(&str, Option<&str>, &str); 5] = [
    ("un_consolidated.xml", None, "UN consolidated list"),
    (
        "ofac-2026-10-01",
        Some("2026-10-01"),
        "OFAC SDN list (1 October)",
    ),
    ("eu_fsf.xml", None, "EU Financial Sanctions Files"),
    ("uk_sanctions_list.csv", None, "UK Sanctions List"),
    (
        "ofac-2026-11-02",
        Some("2026-11-02"),
        "the next OFAC publication",
    ),
];

/// Load the sample lists into a fresh store at `path`, quietly: the four lists, then the next
/// OFAC publication, so that there is a diff to look at.
fn load_sample(path: &std::path::Path) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("ce2-sample-{}", std::process::id()));
    crate::sample::write(&dir)?;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = open_store(&Some(path.to_path_buf()))?;
    for (file, published, _) in SAMPLE_STEPS {
        let opts = IngestOptions {
            published: published.map(str::to_string),
            strict: true,
            ..IngestOptions::default()
        };
        ingest(&mut store, &[dir.join(file)], &opts)?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
