//! `ce2 evidence …`: the evidence ledger from the command line.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use base64::Engine as _;
use ce2_ledger::dossier::{verify_bundle, ExportRequest};
use ce2_ledger::event::{Capture, Event};
use ce2_ledger::seal::Identity;
use ce2_ledger::verify::VerifyOptions;
use ce2_ledger::{Digest256, Ledger, NewItem};
use ce2_model::{Admiralty, Tlp};
use clap::Subcommand;
use serde_json::json;

use crate::commands::{exit, fail, Failure};
use crate::output;

type Result<T, E = Failure> = std::result::Result<T, E>;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Where the ledger is and who acts on it.
#[derive(Debug, clap::Args)]
pub struct EvidenceArgs {
    /// The ledger folder (default: ce2/ledger in the user's data folder).
    #[arg(long, global = true, env = "CE2_LEDGER", value_name = "DIR")]
    ledger: Option<PathBuf>,
    /// The identity key that seals witnesses' and sources' identities (default:
    /// keys/identity.key in the ledger). Without it, identities cannot be revealed.
    #[arg(
        long = "identity-key",
        global = true,
        env = "CE2_IDENTITY_KEY",
        value_name = "PATH"
    )]
    identity_key: Option<PathBuf>,
    /// Who acts (default: the login name).
    #[arg(long, global = true, env = "CE2_ACTOR")]
    actor: Option<String>,
    #[command(subcommand)]
    command: EvidenceCmd,
}

/// The evidence commands.
// One command is parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum EvidenceCmd {
    /// Create a ledger: its folder, its log signing key and its identity key.
    Init {
        /// The log's name in its checkpoints (default: ce2/ledger/<random>).
        #[arg(long)]
        origin: Option<String>,
    },
    /// Add a file (or `-` for standard input) with how it was collected; it is stored by
    /// SHA-256 and logged.
    Add {
        /// The file.
        file: PathBuf,
        /// Who collected it (an investigator, or a protected person's pseudonym).
        #[arg(long)]
        collector: String,
        /// When, in UTC or with an offset (2023-10-12T06:30:00Z), or a date.
        #[arg(long = "collected-at")]
        collected_at: String,
        /// Where from: a URL, a device, a place.
        #[arg(long)]
        origin: String,
        /// How: web capture, download, interview, AIS export…
        #[arg(long)]
        method: String,
        /// With what tool (and version).
        #[arg(long)]
        tool: Option<String>,
        /// The hash taken at capture (`sha256:…`); a file that does not give it is refused.
        #[arg(long = "capture-hash")]
        capture_hash: Option<String>,
        /// The protected person it came from, by pseudonym.
        #[arg(long)]
        source: Option<String>,
        /// What it is.
        #[arg(long)]
        description: Option<String>,
        /// Its TLP marking (CLEAR, GREEN, AMBER, AMBER+STRICT, RED).
        #[arg(long, default_value = "AMBER")]
        tlp: String,
        /// An Admiralty grade at once (`B2`).
        #[arg(long)]
        grade: Option<String>,
        /// The file's name as recorded (default: the file's own).
        #[arg(long)]
        name: Option<String>,
        /// Its media type.
        #[arg(long = "media-type")]
        media_type: Option<String>,
    },
    /// Link an item to an entity, with the claim it supports.
    Link {
        /// The item.
        item: String,
        /// The entity: a ce2 entity id, or a typed identifier, checked and normalised: `imo:…`
        /// (with its check digit), `mmsi:…`, `wallet:…`, `passport:…`, `email:…`, `phone:…`,
        /// `domain:…`.
        entity: String,
        /// The claim ("vessel X loaded containers at Rajin on 2023-10-12").
        #[arg(long)]
        claim: String,
    },
    /// Grade an item on the Admiralty code: source reliability A-F, information credibility 1-6.
    Grade {
        /// The item.
        item: String,
        /// The grade (`B2`).
        grade: String,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
    /// Change an item's TLP marking.
    Mark {
        /// The item.
        item: String,
        /// The marking.
        tlp: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Attach a redacted working copy of an item (the evidentiary copy is never altered).
    Redact {
        /// The item.
        item: String,
        /// The redacted file.
        file: PathBuf,
        /// What was redacted and why.
        #[arg(long)]
        reason: String,
    },
    /// Hand an item over to a new holder.
    Custody {
        /// The item.
        item: String,
        /// The new holder.
        #[arg(long)]
        to: String,
        /// Why, and how it was handed over.
        #[arg(long)]
        reason: String,
    },
    /// Protected persons: register a witness or source (a pseudonym is returned), or show one.
    Person {
        #[command(subcommand)]
        action: PersonCmd,
    },
    /// One item, or the items linked to an entity, or every item.
    Show {
        /// The item (omit to list every item).
        item: Option<String>,
        /// The items linked to this entity.
        #[arg(long)]
        entity: Option<String>,
    },
    /// The events, oldest first.
    Log {
        /// Only the events of this item.
        #[arg(long)]
        item: Option<String>,
        /// From this event.
        #[arg(long, default_value_t = 0)]
        from: u64,
        /// At most this many.
        #[arg(long, default_value_t = 1000)]
        limit: u64,
    },
    /// Sign a checkpoint of the log now (printed as a signed note); or add a partner's
    /// signature to a checkpoint (`--cosign NOTE --key SKEY`, needs no ledger).
    Checkpoint {
        /// A signed checkpoint to cosign.
        #[arg(long, requires = "key")]
        cosign: Option<PathBuf>,
        /// The cosigner's private note key file.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// The log's public key, for partners.
    Key,
    /// An inclusion proof of an event, or (`--from`, `--to`) a consistency proof.
    Prove {
        /// The event.
        event: Option<u64>,
        /// Against the tree of this many events (default: the newest checkpoint's size).
        #[arg(long)]
        size: Option<u64>,
        /// A consistency proof from this size…
        #[arg(long, requires = "to")]
        from: Option<u64>,
        /// …to this size.
        #[arg(long)]
        to: Option<u64>,
    },
    /// Verify the whole ledger: every stored file, every event, the tree, the checkpoints, the
    /// items, the sealed identities. Exits 8 when anything was altered.
    Verify {
        /// Do not hash the stored files again.
        #[arg(long = "no-files")]
        no_files: bool,
        /// Checkpoints kept outside the ledger (a partner's, an earlier export's) to check the
        /// log against.
        #[arg(long)]
        checkpoint: Vec<PathBuf>,
    },
    /// Export a dossier (a folder and its zip) of items for a recipient.
    Export {
        /// The items.
        #[arg(required = true)]
        items: Vec<String>,
        /// Who it is for.
        #[arg(long)]
        recipient: String,
        /// The folder to write into.
        #[arg(long, short)]
        out: PathBuf,
        /// Carry redacted working copies where items have them.
        #[arg(long)]
        redacted: bool,
    },
    /// Verify a dossier folder or zip, offline, with nothing but what it holds. Exits 8 when
    /// anything is wrong.
    VerifyBundle {
        /// The dossier folder or zip.
        path: PathBuf,
        /// The log's public key as you received it from its keeper (pins the signer).
        #[arg(long)]
        key: Option<String>,
    },
    /// Copy an item's file out, checked against its hash first.
    Get {
        /// The item.
        item: String,
        /// Where to write it.
        #[arg(long, short)]
        output: PathBuf,
        /// The newest redacted copy instead of the evidentiary one.
        #[arg(long)]
        redacted: bool,
    },
}

/// Protected persons.
#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Register a witness or source; prints the pseudonym to use everywhere else.
    Add {
        /// `witness` or `source`.
        #[arg(long)]
        role: String,
        /// Their name (sealed; never logged or exported).
        #[arg(long)]
        name: String,
        /// How to reach them (sealed).
        #[arg(long)]
        contact: Option<String>,
        /// Notes (sealed).
        #[arg(long)]
        notes: Option<String>,
    },
    /// Show a protected person: the pseudonym, and with `--reveal` (and the identity key) who
    /// they are.
    Show {
        /// The pseudonym.
        pseudonym: String,
        /// Open the sealed identity.
        #[arg(long)]
        reveal: bool,
    },
}

/// A record ce2 made itself (an AIS event, a trace report) to keep as an evidence item.
pub(crate) struct Generated {
    /// The file's name.
    pub name: String,
    /// Its media type.
    pub media_type: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// What it shows, in words.
    pub description: String,
    /// What it was made from (input files, a graph).
    pub origin: String,
    /// How it was made (`AIS event detection`, `crypto trace`).
    pub method: &'static str,
    /// The entities it concerns, with the claim it supports for each (typed identifiers are
    /// normalised as `ce2 evidence link` does).
    pub links: Vec<(String, String)>,
}

/// Add generated records to the ledger (`ledger`, else the default), each as an item marked
/// TLP:AMBER with its links, then sign a checkpoint. Returns the items' ids.
pub(crate) fn add_generated(
    ledger: Option<&Path>,
    actor: Option<&str>,
    records: Vec<Generated>,
) -> Result<Vec<String>> {
    let dir = match ledger {
        Some(d) => d.to_path_buf(),
        None => default_ledger()?,
    };
    let actor = actor
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .ok_or_else(|| {
            fail(
                exit::OTHER,
                anyhow!("say who acts with --actor or CE2_ACTOR"),
            )
        })?;
    let mut l = Ledger::open(&dir, None).map_err(ledger_error)?;
    let collected_at = ce2_ledger::ledger::now();
    let mut ids = Vec::with_capacity(records.len());
    for r in records {
        let (item, _) = l
            .add(
                &actor,
                &mut r.bytes.as_slice(),
                NewItem {
                    name: r.name,
                    media_type: Some(r.media_type.to_string()),
                    capture: Capture {
                        collector: actor.clone(),
                        collected_at: collected_at.clone(),
                        origin: r.origin,
                        method: r.method.to_string(),
                        tool: Some(format!("ce2 {}", env!("CARGO_PKG_VERSION"))),
                        hash_at_capture: None,
                    },
                    source: None,
                    description: Some(r.description),
                    tlp: Tlp::Amber,
                    grade: None,
                },
            )
            .map_err(ledger_error)?;
        for (entity, claim) in &r.links {
            let entity = entity_ref(entity).unwrap_or_else(|_| entity.clone());
            l.link(&actor, &item.id, &entity, claim)
                .map_err(ledger_error)?;
        }
        ids.push(item.id);
    }
    l.checkpoint().map_err(ledger_error)?;
    Ok(ids)
}

/// Exit code of a verification that found the evidence altered.
pub const ALTERED: u8 = 8;

fn ledger_error(e: ce2_ledger::Error) -> Failure {
    use ce2_ledger::Error as E;
    let code = match &e {
        E::NotFound(_) => exit::NOT_FOUND,
        E::Invalid(_) | E::CaptureHashMismatch { .. } | E::Read(_) | E::Marking(_) => exit::INPUT,
        E::BlobCorrupted { .. } | E::BlobMissing(_) | E::Damaged(_) | E::Proof(_) => ALTERED,
        _ => exit::STORE,
    };
    fail(code, anyhow!("{e} [{}]", e.code()))
}

fn default_ledger() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("ce2").join("ledger"))
        .ok_or_else(|| {
            fail(
                exit::STORE,
                anyhow!("no user data folder; name a ledger with --ledger or CE2_LEDGER"),
            )
        })
}

fn parse_tlp(text: &str) -> Result<Tlp> {
    text.parse().map_err(|e| fail(exit::INPUT, anyhow!("{e}")))
}

fn parse_grade(text: &str) -> Result<Admiralty> {
    text.parse().map_err(|e| fail(exit::INPUT, anyhow!("{e}")))
}

/// An entity reference as the ledger records it: a typed identifier is checked and written in
/// its normal form (`imo:` with its check digit, `mmsi:`, `wallet:` in its chain's case,
/// `email:`, `phone:`, `domain:`, `passport:`); anything else (a ce2 entity id) is kept as given.
pub(crate) fn entity_ref(raw: &str) -> Result<String> {
    use ce2_screen::identifiers as ids;
    let raw = raw.trim();
    let Some((scheme, value)) = raw.split_once(':') else {
        return Ok(raw.to_string());
    };
    let scheme_l = scheme.to_ascii_lowercase();
    let normal = match scheme_l.as_str() {
        "imo" => ids::imo(value, true),
        "mmsi" => ids::mmsi(value),
        "wallet" => ids::crypto(value),
        "email" => ids::email(value),
        "phone" => ids::phone(value),
        "domain" => ids::domain(value),
        "passport" => ids::document(value),
        _ => return Ok(raw.to_string()),
    };
    normal.map(|v| format!("{scheme_l}:{v}")).ok_or_else(|| {
        fail(
            exit::INPUT,
            anyhow!("{raw:?} is not a valid {scheme_l} identifier"),
        )
    })
}

fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(crate::input::read_bytes(path)?)
        .map_err(|_| fail(exit::INPUT, anyhow!("{} is not UTF-8 text", path.display())))
}

/// Run `ce2 evidence …`.
pub fn run(args: EvidenceArgs, json: bool) -> Result<()> {
    let dir = match &args.ledger {
        Some(d) => d.clone(),
        None => default_ledger()?,
    };
    let ikey = args.identity_key.as_deref();
    let actor = || -> Result<String> {
        args.actor
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .ok_or_else(|| {
                fail(
                    exit::OTHER,
                    anyhow!("say who acts with --actor or CE2_ACTOR"),
                )
            })
    };
    let open = || Ledger::open(&dir, ikey).map_err(ledger_error);
    let print = |value: serde_json::Value, text: String| -> Result<()> {
        if json {
            output::json(&value).map_err(anyhow::Error::from)?;
        } else {
            print!("{text}");
        }
        Ok(())
    };
    match args.command {
        EvidenceCmd::Init { origin } => {
            let ledger = Ledger::init(&dir, origin.as_deref(), ikey).map_err(ledger_error)?;
            print(
                json!({"ledger": dir, "origin": ledger.origin(), "vkey": ledger.vkey()}),
                format!(
                    "created the ledger {}\n  origin: {}\n  log key: {}\n  keep keys/log.key and the identity key safe; give the log key to partners\n",
                    dir.display(),
                    ledger.origin(),
                    ledger.vkey()
                ),
            )
        }
        EvidenceCmd::Add {
            file,
            collector,
            collected_at,
            origin,
            method,
            tool,
            capture_hash,
            source,
            description,
            tlp,
            grade,
            name,
            media_type,
        } => {
            let mut ledger = open()?;
            let hash_at_capture = capture_hash
                .as_deref()
                .map(Digest256::parse)
                .transpose()
                .map_err(ledger_error)?;
            let new = NewItem {
                name: name.unwrap_or_else(|| {
                    file.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "stdin".into())
                }),
                media_type,
                capture: Capture {
                    collector,
                    collected_at,
                    origin,
                    method,
                    tool,
                    hash_at_capture,
                },
                source,
                description,
                tlp: parse_tlp(&tlp)?,
                grade: grade.as_deref().map(parse_grade).transpose()?,
            };
            let mut reader: Box<dyn Read> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(BufReader::with_capacity(
                    1 << 20,
                    File::open(&file).map_err(|e| {
                        fail(exit::INPUT, anyhow!("cannot read {}: {e}", file.display()))
                    })?,
                ))
            };
            let (item, seq) = ledger
                .add(&actor()?, &mut reader, new)
                .map_err(ledger_error)?;
            ledger.checkpoint().map_err(ledger_error)?;
            print(
                json!({"item": item.id, "event": seq, "hash": item.file.hash, "size": item.file.size}),
                format!(
                    "{} added (event {seq}): {} bytes, {}\n",
                    item.id, item.file.size, item.file.hash
                ),
            )
        }
        EvidenceCmd::Link {
            item,
            entity,
            claim,
        } => {
            let mut ledger = open()?;
            let entity = entity_ref(&entity)?;
            let seq = ledger
                .link(&actor()?, &item, &entity, &claim)
                .map_err(ledger_error)?;
            ledger.checkpoint().map_err(ledger_error)?;
            print(
                json!({"item": item, "event": seq}),
                format!("{item} linked to {entity} (event {seq})\n"),
            )
        }
        EvidenceCmd::Grade { item, grade, note } => {
            let mut ledger = open()?;
            let g = parse_grade(&grade)?;
            let seq = ledger
                .grade(&actor()?, &item, g, note.as_deref())
                .map_err(ledger_error)?;
            ledger.checkpoint().map_err(ledger_error)?;
            print(
                json!({"item": item, "event": seq, "grade": g.to_string()}),
                format!("{item} graded {} (event {seq})\n", g.describe()),
            )
        }
        EvidenceCmd::Mark { item, tlp, reason } => {
            let mut ledger = open()?;
            let t = parse_tlp(&tlp)?;
            let seq = ledger
                .mark(&actor()?, &item, t, &reason)
                .map_err(ledger_error)?;
            ledger.checkpoint().map_err(ledger_error)?;
            print(
                json!({"item": item, "event": seq, "tlp": t}),
                format!("{item} marked {t} (event {seq})\n"),
            )
        }
        EvidenceCmd::Redact { item, file, reason } => {
            let mut ledger = open()?;
            let mut f = File::open(&file)
                .map_err(|e| fail(exit::INPUT, anyhow!("cannot read {}: {e}", file.display())))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "redacted".into());
            let seq = ledger
                .redact(&actor()?, &item, &mut f, &name, &reason)
                .map_err(ledger_error)?;
            ledger.checkpoint().map_err(ledger_error)?;
            print(
                json!({"item": item, "event": seq}),
                format!("{item}: redacted copy {name} attached (event {seq})\n"),
            )
        }
        EvidenceCmd::Custody { item, to, reason } => {
            let mut ledger = open()?;
            let seq = ledger
                .custody(&actor()?, &item, &to, &reason)
                .map_err(ledger_error)?;
            ledger.checkpoint().map_err(ledger_error)?;
            print(
                json!({"item": item, "event": seq, "to": to}),
                format!("{item} handed over to {to} (event {seq})\n"),
            )
        }
        EvidenceCmd::Person { action } => match action {
            PersonCmd::Add {
                role,
                name,
                contact,
                notes,
            } => {
                let mut ledger = open()?;
                let p = ledger
                    .register_person(
                        &actor()?,
                        &role,
                        &Identity {
                            name,
                            contact,
                            notes,
                        },
                    )
                    .map_err(ledger_error)?;
                ledger.checkpoint().map_err(ledger_error)?;
                print(json!({"pseudonym": p, "role": role}), format!("{p}\n"))
            }
            PersonCmd::Show { pseudonym, reveal } => {
                let ledger = open()?;
                let person = ledger.person(&pseudonym, reveal).map_err(ledger_error)?;
                let mut text = format!(
                    "{} ({}), registered by event {}\n",
                    person.pseudonym, person.role, person.registered
                );
                if let Some(i) = &person.identity {
                    text.push_str(&format!("  name: {}\n", i.name));
                    if let Some(c) = &i.contact {
                        text.push_str(&format!("  contact: {c}\n"));
                    }
                    if let Some(n) = &i.notes {
                        text.push_str(&format!("  notes: {n}\n"));
                    }
                }
                print(
                    serde_json::to_value(&person).map_err(anyhow::Error::from)?,
                    text,
                )
            }
        },
        EvidenceCmd::Show { item, entity } => {
            let ledger = open()?;
            let entity = entity.as_deref().map(entity_ref).transpose()?;
            let items = match (&item, &entity) {
                (Some(id), _) => vec![ledger.item(id).map_err(ledger_error)?],
                (None, Some(e)) => ledger
                    .items_for_entity(e)
                    .map_err(ledger_error)?
                    .iter()
                    .map(|id| ledger.item(id))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(ledger_error)?,
                (None, None) => ledger.items().map_err(ledger_error)?,
            };
            if json {
                for it in &items {
                    output::json(&serde_json::to_value(it).map_err(anyhow::Error::from)?)
                        .map_err(anyhow::Error::from)?;
                }
                return Ok(());
            }
            if items.is_empty() {
                println!("no items");
            }
            for it in &items {
                if item.is_none() {
                    println!(
                        "{}  {}  {}  {}  {}",
                        it.id,
                        it.tlp,
                        it.grade
                            .map(|g| g.to_string())
                            .unwrap_or_else(|| "--".into()),
                        it.file.name,
                        it.description.as_deref().unwrap_or("")
                    );
                    continue;
                }
                println!("{} {}", it.id, it.tlp);
                if let Some(d) = &it.description {
                    println!("  description:  {d}");
                }
                println!("  file:         {} ({} bytes)", it.file.name, it.file.size);
                println!("  hash:         {}", it.file.hash);
                let c = &it.capture;
                println!("  collected by: {}", c.collector);
                println!("  collected at: {}", c.collected_at);
                println!("  origin:       {}", c.origin);
                println!(
                    "  method:       {}{}",
                    c.method,
                    c.tool
                        .as_deref()
                        .map(|t| format!(" ({t})"))
                        .unwrap_or_default()
                );
                if let Some(h) = &c.hash_at_capture {
                    println!("  capture hash: {h}");
                }
                if let Some(s) = &it.source {
                    println!("  source:       {s}");
                }
                println!(
                    "  grade:        {}",
                    it.grade
                        .map(|g| g.describe())
                        .unwrap_or_else(|| "not graded".into())
                );
                println!("  held by:      {}", it.custodian);
                for l in &it.links {
                    println!(
                        "  claim:        {}: {} (event {})",
                        l.entity, l.claim, l.seq
                    );
                }
                for r in &it.redactions {
                    println!(
                        "  redacted:     {} {} ({}; event {})",
                        r.file.name, r.file.hash, r.reason, r.seq
                    );
                }
                println!(
                    "  events:       {}",
                    it.events
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            Ok(())
        }
        EvidenceCmd::Log { item, from, limit } => {
            let ledger = open()?;
            let rows: Vec<(u64, Vec<u8>)> = match &item {
                Some(id) => {
                    let it = ledger.item(id).map_err(ledger_error)?;
                    it.events
                        .iter()
                        .filter(|s| **s >= from)
                        .take(limit as usize)
                        .map(|s| Ok((*s, ledger.event_bytes(*s)?)))
                        .collect::<std::result::Result<_, ce2_ledger::Error>>()
                        .map_err(ledger_error)?
                }
                None => ledger
                    .events(from, from.saturating_add(limit))
                    .map_err(ledger_error)?,
            };
            for (_, leaf) in rows {
                if json {
                    println!("{}", String::from_utf8_lossy(&leaf));
                } else {
                    let e = Event::from_bytes(&leaf).map_err(ledger_error)?;
                    let detail = serde_json::to_value(&e.body)
                        .map(|v| {
                            let mut v = v;
                            if let Some(o) = v.as_object_mut() {
                                o.remove("event");
                            }
                            v.to_string()
                        })
                        .unwrap_or_default();
                    println!(
                        "{:>6}  {}  {:<10} {:<17} {detail}",
                        e.seq,
                        e.at,
                        e.actor,
                        e.body.kind()
                    );
                }
            }
            Ok(())
        }
        EvidenceCmd::Checkpoint { cosign, key } => {
            if let (Some(note), Some(key)) = (cosign, key) {
                let note_text = read_text(&note)?;
                let skey = read_text(&key)?;
                let signer = ce2_tlog::note::Signer::new(skey.trim())
                    .map_err(|e| fail(exit::INPUT, anyhow!("{}: {e}", key.display())))?;
                let merged = ce2_tlog::note::cosign(&note_text, &[&signer])
                    .map_err(|e| fail(exit::INPUT, anyhow!("{}: {e}", note.display())))?;
                print!("{merged}");
                return Ok(());
            }
            let mut ledger = open()?;
            let signed = ledger.checkpoint().map_err(ledger_error)?;
            if json {
                output::json(&json!({"size": signed.size, "note": signed.note}))
                    .map_err(anyhow::Error::from)?;
            } else {
                print!("{}", signed.note);
            }
            Ok(())
        }
        EvidenceCmd::Key => {
            let ledger = open()?;
            print(
                json!({"vkey": ledger.vkey()}),
                format!("{}\n", ledger.vkey()),
            )
        }
        EvidenceCmd::Prove {
            event,
            size,
            from,
            to,
        } => {
            let ledger = open()?;
            if let (Some(s1), Some(s2)) = (from, to) {
                let proof = ledger.consistency_proof(s1, s2).map_err(ledger_error)?;
                let hashes: Vec<String> = proof.iter().map(|h| B64.encode(h)).collect();
                return print(
                    json!({"size1": s1, "size2": s2,
                           "root1": B64.encode(ledger.root_at(s1).map_err(ledger_error)?),
                           "root2": B64.encode(ledger.root_at(s2).map_err(ledger_error)?),
                           "proof": hashes}),
                    format!("consistency {s1} -> {s2}\n{}\n", hashes.join("\n")),
                );
            }
            let seq = event.ok_or_else(|| {
                fail(
                    2,
                    anyhow!("give an event, or --from and --to for a consistency proof"),
                )
            })?;
            let size = match size {
                Some(s) => s,
                None => ledger
                    .latest_checkpoint()
                    .map_err(ledger_error)?
                    .map(|c| c.size)
                    .filter(|s| *s > seq)
                    .unwrap_or(ledger.size()),
            };
            let proof = ledger.inclusion_proof(seq, size).map_err(ledger_error)?;
            let leaf = ledger.leaf_hash(seq).map_err(ledger_error)?;
            let hashes: Vec<String> = proof.iter().map(|h| B64.encode(h)).collect();
            print(
                json!({"event": seq, "size": size, "leaf_hash": B64.encode(leaf),
                       "root": B64.encode(ledger.root_at(size).map_err(ledger_error)?),
                       "checkpoint": ledger.checkpoint_at(size).map_err(ledger_error)?,
                       "proof": hashes}),
                format!(
                    "event {seq} in the tree of {size}\nleaf {}\n{}\n",
                    B64.encode(leaf),
                    hashes.join("\n")
                ),
            )
        }
        EvidenceCmd::Verify {
            no_files,
            checkpoint,
        } => {
            let ledger = open()?;
            let external = checkpoint
                .iter()
                .map(|p| read_text(p))
                .collect::<Result<Vec<_>>>()?;
            let started = std::time::Instant::now();
            let report = ledger
                .verify(&VerifyOptions {
                    files: !no_files,
                    external,
                })
                .map_err(ledger_error)?;
            if json {
                output::json(&serde_json::to_value(&report).map_err(anyhow::Error::from)?)
                    .map_err(anyhow::Error::from)?;
            } else {
                println!(
                    "{} events, {} checkpoints ({} from outside), {} items, {} files ({} bytes) checked in {:.2} s",
                    report.events,
                    report.checkpoints,
                    report.external_checkpoints,
                    report.items,
                    report.files,
                    report.bytes,
                    started.elapsed().as_secs_f64()
                );
                for f in &report.findings {
                    println!("ALTERED [{}] {}", f.code, f.message);
                }
                if report.ok() {
                    println!("the ledger verifies");
                }
            }
            if report.ok() {
                Ok(())
            } else {
                Err(Failure {
                    error: anyhow!("{} problem(s) found", report.findings.len()),
                    exit: ALTERED,
                    quiet: false,
                })
            }
        }
        EvidenceCmd::Export {
            items,
            recipient,
            out,
            redacted,
        } => {
            let mut ledger = open()?;
            let done = ledger
                .export(
                    &actor()?,
                    &ExportRequest {
                        items,
                        recipient,
                        redacted,
                        out,
                    },
                )
                .map_err(ledger_error)?;
            print(
                serde_json::to_value(&done).map_err(anyhow::Error::from)?,
                format!(
                    "dossier {} ({} items, {} events, proven against the checkpoint of {} events)\n  {}\n  {}\n",
                    done.dossier,
                    done.items.len(),
                    done.events,
                    done.checkpoint_size,
                    done.folder.display(),
                    done.zip.display()
                ),
            )
        }
        EvidenceCmd::VerifyBundle { path, key } => {
            let report = verify_bundle(&path, key.as_deref()).map_err(ledger_error)?;
            if json {
                output::json(&serde_json::to_value(&report).map_err(anyhow::Error::from)?)
                    .map_err(anyhow::Error::from)?;
            } else {
                println!(
                    "dossier {} from {}: {} events proven against the checkpoint of {} events signed by {}{}; {} items, {} files checked",
                    report.dossier,
                    report.origin,
                    report.events,
                    report.checkpoint_size,
                    report.signed_by,
                    if report.key_pinned { "" } else { " (the bundle's own key: pin it with --key)" },
                    report.items,
                    report.files
                );
                for p in &report.problems {
                    println!("PROBLEM {p}");
                }
                if report.ok() {
                    println!("the dossier verifies");
                }
            }
            if report.ok() {
                Ok(())
            } else {
                Err(Failure {
                    error: anyhow!(
                        "{} problem(s) found in {}",
                        report.problems.len(),
                        path.display()
                    ),
                    exit: ALTERED,
                    quiet: false,
                })
            }
        }
        EvidenceCmd::Get {
            item,
            output: out,
            redacted,
        } => {
            let ledger = open()?;
            let it = ledger.item(&item).map_err(ledger_error)?;
            let file = if redacted {
                &it.redactions
                    .last()
                    .ok_or_else(|| fail(exit::NOT_FOUND, anyhow!("{item} has no redacted copy")))?
                    .file
            } else {
                &it.file
            };
            let size = ledger
                .blobs()
                .copy_verified(&file.hash, &out)
                .map_err(ledger_error)?;
            print(
                json!({"item": item, "output": out, "size": size, "hash": file.hash}),
                format!(
                    "{item}: {size} bytes written to {}, {} checked\n",
                    out.display(),
                    file.hash
                ),
            )
        }
    }
}
