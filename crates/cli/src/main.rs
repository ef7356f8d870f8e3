//! `ce2`: the command line.
//!
//! The binary owns no logic of its own: it parses arguments, reads files, calls the library
//! crates and prints what they return, for a person or (`--json`) for a program.
//!
//! Exit codes (stable; see `ce2 --help`):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | any other failure |
//! | 2 | the command line is wrong |
//! | 3 | an input file was refused (unreadable, of another kind, malformed); nothing changed |
//! | 4 | a publisher could not be reached or answered an error; nothing changed |
//! | 5 | the store could not be opened or written |
//! | 6 | what was asked for does not exist (an entity id, a dataset, a version) |
//! | 7 | `--strict` and the input had record-level errors; nothing changed |
//! | 8 | a verification found evidence altered, missing or unproven |

mod bench;
mod bench_ledger;
mod chain;
mod commands;
mod evidence;
mod input;
mod maritime;
mod output;
mod sample;
mod screening;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// ce2 reads the UN, EU, US (OFAC) and UK sanctions lists, keeps every version of each in one
/// local store, recognises one party across lists, and shows what changed.
#[derive(Parser, Debug)]
#[command(name = "ce2", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    /// The store file (default: ce2/store.sqlite in the user's data folder).
    #[arg(long, global = true, env = "CE2_STORE", value_name = "PATH")]
    store: Option<PathBuf>,
    /// Print JSON for programs instead of text for people.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str = "Exit codes: 0 success; 1 other failure; 2 bad command line; \
3 input file refused (nothing changed); 4 publisher unreachable (nothing changed); \
5 store error; 6 not found; 7 --strict and records had errors (nothing changed); \
8 a verification found evidence altered.";

/// Parse `--format` by the formats' own names (`un-xml`, `ofac-csv`, …).
fn parse_format(name: &str) -> Result<ce2_lists::Format, String> {
    ce2_lists::Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = ce2_lists::Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {name:?}; ce2 reads {}", names.join(", "))
    })
}

/// A verdict on a hit.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum VerdictArg {
    /// The screened party is the listed party.
    Match,
    /// The screened party is not the listed party.
    FalsePositive,
    /// Not decided either way.
    Unsure,
}

/// An export format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExportFormat {
    /// FollowTheMoney JSON lines.
    Ftm,
    /// One CSV row per entity and property value, with provenance.
    Csv,
}

// One command is parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// Load a list file (or an OFAC CSV set) as a new version of its dataset.
    Ingest {
        /// The file(s); a folder stands for the files in it.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The format, when it should not be detected: un-xml, ofac-csv, ofac-advanced-xml,
        /// eu-fsf-xml, eu-fsf-csv, eu-journal-csv, uk-csv, ftm, ftm-delta.
        #[arg(long, value_parser = parse_format)]
        format: Option<ce2_lists::Format>,
        /// The dataset name (needed for FtM files; overrides the reader's for others).
        #[arg(long)]
        dataset: Option<String>,
        /// The publication date, when the file does not say (OFAC CSV files carry none).
        #[arg(long, value_name = "DATE")]
        published: Option<String>,
        /// List every problem found in the file.
        #[arg(long)]
        report: bool,
        /// Refuse the file if any record could not be read.
        #[arg(long)]
        strict: bool,
    },
    /// Download the official lists from their publishers and load those that changed.
    Update {
        /// Datasets to update (default: all of un_sc, us_ofac_sdn, eu_fsf, gb_fcdo).
        datasets: Vec<String>,
    },
    /// What is loaded: datasets, their current version, counts by schema and program.
    Datasets,
    /// Every stored version of a dataset.
    Versions {
        /// The dataset.
        dataset: String,
    },
    /// One entity with its listings, relations and sources, and every list that names the
    /// same subject.
    Show {
        /// The entity id (or a subject id).
        id: String,
        /// Also print each list's own record of the subject, value by value.
        #[arg(long)]
        records: bool,
    },
    /// What a version added, removed and changed, per entity and per property.
    Diff {
        /// The dataset.
        dataset: String,
        /// The old version id (default: the one before the new one).
        #[arg(long)]
        from: Option<i64>,
        /// The new version id (default: the current one).
        #[arg(long)]
        to: Option<i64>,
    },
    /// The problems recorded for a version.
    Problems {
        /// The version id.
        version: i64,
    },
    /// Write the current entities out.
    Export {
        /// The output format.
        #[arg(long, value_enum, default_value = "ftm")]
        format: ExportFormat,
        /// Only this dataset.
        #[arg(long)]
        dataset: Option<String>,
        /// The output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Record a decision on a screening hit: a true match or a false positive, with a reason.
    /// It is kept with who made it, when, and the list version it was made against; a
    /// dismissed hit stays dismissed until the listing itself changes.
    Decide {
        /// The screened party: a customer or counterparty id of yours.
        #[arg(long)]
        subject: String,
        /// The listed entity the hit is on.
        #[arg(long)]
        entity: String,
        /// The verdict.
        #[arg(long, value_enum)]
        verdict: VerdictArg,
        /// Why (required).
        #[arg(long)]
        reason: String,
        /// Who decides (default: the login name).
        #[arg(long, env = "CE2_ACTOR")]
        actor: Option<String>,
    },
    /// The decisions recorded: all of them (the audit trail), or those on one party and entity.
    Decisions {
        /// Only decisions on this screened party.
        #[arg(long)]
        subject: Option<String>,
        /// Only decisions on this listed entity.
        #[arg(long)]
        entity: Option<String>,
    },
    /// Screen a name (and what else is known) against the current lists, or every row of a
    /// CSV file, with an explanation for every hit.
    Screen {
        /// The name to screen (or give --input).
        name: Option<String>,
        /// The schema of the party: Person, Organization, Company, Vessel, LegalEntity, or
        /// Thing (the default: anything).
        #[arg(long, default_value = "Thing")]
        schema: String,
        /// Birth date (`1968`, `1968-03-14`, `14 Mar 1968`).
        #[arg(long = "birth-date")]
        birth_date: Vec<String>,
        /// Country of nationality or registration (code or name).
        #[arg(long)]
        country: Vec<String>,
        /// An identifier: IMO, MMSI, passport or registration number, wallet address, e-mail,
        /// phone, website.
        #[arg(long = "id")]
        id: Vec<String>,
        /// The algorithm (`ce2-v1`, the default, or `ofac`).
        #[arg(long, default_value = "ce2-v1")]
        algorithm: String,
        /// Show candidates from this score up (default: the algorithm's match threshold).
        #[arg(long)]
        threshold: Option<f64>,
        /// At most this many hits per query.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Your id of the screened party, to show and keep decisions on its hits.
        #[arg(long)]
        subject: Option<String>,
        /// Screen every row of this CSV file instead.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Write the hits of a CSV screening here (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The CSV column holding the name.
        #[arg(long = "name-column", default_value = "name")]
        name_column: String,
        /// The CSV column holding the schema (default: a column named `schema`, if any).
        #[arg(long = "schema-column")]
        schema_column: Option<String>,
        /// The CSV column holding your id of each screened party: its earlier decisions are
        /// applied (a dismissed hit is marked so while its listing is unchanged).
        #[arg(long = "subject-column")]
        subject_column: Option<String>,
    },
    /// Score labelled pairs: rows with columns `schema,name1,name2` (others kept) come back with
    /// `score`, `match` and `explanation` columns.
    ScorePairs {
        /// The input CSV.
        #[arg(long)]
        input: PathBuf,
        /// The output CSV (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The algorithm.
        #[arg(long, default_value = "ce2-v1")]
        algorithm: String,
        /// Leave out the explanation column (scores only, for large evaluations).
        #[arg(long = "no-explanation")]
        no_explanation: bool,
    },
    /// The screening algorithms, with their match thresholds.
    Algorithms,
    /// Measure screening quality and speed on the labelled sets in the shared data.
    Bench {
        /// What to measure: `screening`, `ledger` or `maritime`.
        what: String,
        /// The shared data folder (default: CE2_SHARED_DATA, else ../shared/data).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The algorithm.
        #[arg(long, default_value = "ce2-v1")]
        algorithm: String,
        /// Also write the DPRK pair sets built from the lists to this folder, as
        /// `schema,name1,name2,is_match` CSV files, for scoring with other tools.
        #[arg(long = "pairs-out")]
        pairs_out: Option<PathBuf>,
        /// `ledger`: the number of events to append.
        #[arg(long, default_value_t = 1_000_000)]
        events: u64,
        /// `maritime`: the number of positions.
        #[arg(long, default_value_t = 10_000_000)]
        positions: usize,
        /// `ledger`: the size of the large file to add, in MiB (0: none).
        #[arg(long = "file-mb", default_value_t = 1024)]
        file_mb: u64,
        /// `ledger`: the folder to write the temporary ledger in (default: the system's).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Write the sample lists (fictitious DPRK-style parties in the official formats) to a
    /// folder.
    Sample {
        /// The folder.
        dir: PathBuf,
    },
    /// Start the HTTP service (yente's API, ce2's own, the web page) over the store.
    Serve {
        /// The address to listen on. Anything but loopback requires an API key on every
        /// request.
        #[arg(long, default_value = "127.0.0.1:8000")]
        listen: std::net::SocketAddr,
        /// Load the sample lists into a fresh demo store and serve that (offline).
        #[arg(long)]
        sample: bool,
        /// Requests per second per key (0: no limit).
        #[arg(long = "rate-limit", default_value_t = 100)]
        rate_limit: u32,
        /// The longest a request may take, in seconds.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
    /// API keys for the service: create (printed once), list, revoke.
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// Export the service's audit log as JSON lines: who asked what, when, what was answered,
    /// against which list versions.
    Audit {
        /// Entries after this id.
        #[arg(long, default_value_t = 0)]
        after: i64,
        /// The output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// AIS: decode NMEA, detect events in tracks (encounters, gaps, loitering, port visits,
    /// identity anomalies), write the watch areas or the scripted scenarios.
    Ais {
        #[command(subcommand)]
        action: maritime::AisCmd,
    },
    /// The watched vessels: every listed vessel, and those seen in recorded AIS events, with
    /// their latest events.
    Vessels {
        /// At most this many of each.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// One ship by IMO number or MMSI: its listings (owners, operators), the identities AIS
    /// showed, its events.
    Vessel {
        /// The IMO number or MMSI.
        id: String,
    },
    /// Crypto tracing: read transfers into a graph, label addresses (claims with their
    /// sources), trace funds forward under poison, haircut, FIFO or LIFO, score an address's
    /// exposure, find paths.
    Chain(chain::ChainArgs),
    /// The evidence ledger: files stored by hash with their capture metadata, grades and
    /// markings, an append-only signed log, protected witnesses, verifiable dossiers.
    Evidence(evidence::EvidenceArgs),
    /// Run the main job on the sample lists, offline: load the UN, OFAC, EU and UK samples,
    /// show one subject across lists, load a second OFAC version and show what changed.
    Demo,
}

/// Screening allocates many small strings per name; mimalloc serves them faster than the
/// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What to do with API keys.
#[derive(Debug, clap::Subcommand)]
pub enum KeysAction {
    /// Create a key; it is printed once and stored only as its hash.
    Create {
        /// What the key may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Whose key it is (a service, a person).
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Every key, revoked ones included (never the secret).
    List,
    /// Revoke a key by its id.
    Revoke {
        /// The key id (from `ce2 keys list`).
        id: i64,
    },
}

/// A key's role.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    /// Screen, search, read.
    Viewer,
    /// A viewer who also decides and screens batches.
    Analyst,
    /// An analyst who also reads the audit log.
    Admin,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.quiet {
                eprintln!("ce2: {:#}", failure.error);
            }
            ExitCode::from(failure.exit)
        }
    }
}
