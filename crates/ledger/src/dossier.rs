//! Dossiers: a self-contained folder (and a zip of it) for a designation proposal or a
//! prosecutor — the items' files, every event that concerns them with an inclusion proof
//! against a signed checkpoint, the log's public key and a human-readable index — which the
//! recipient verifies without this ledger or any network access.
//!
//! ```text
//! <dossier>/manifest.json      what is in it: items, their files, their events
//! <dossier>/events.jsonl       the events' exact leaf bytes, one per line
//! <dossier>/proofs.json        an inclusion proof per event against the checkpoint
//! <dossier>/checkpoint.txt     the signed checkpoint (C2SP signed note)
//! <dossier>/log.vkey           the log's public key
//! <dossier>/files/<item>/<name> the files
//! <dossier>/index.html         the same, for people
//! ```
//!
//! The manifest and the index are views: a verifier trusts only what the proven events say,
//! and checks the manifest and every file against them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use ce2_model::Tlp;
use ce2_tlog::checkpoint;
use ce2_tlog::merkle;
use ce2_tlog::note::Verifier;
use serde::{Deserialize, Serialize};

use crate::blob::{hash_reader, random_bytes, Digest256};
use crate::error::{Error, Result};
use crate::event::{Body, Event, FileRef, Item, State};
use crate::ledger::{now, Ledger};

/// The manifest's format name.
pub const FORMAT: &str = "ce2-dossier/1";

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Which copy of an item's file a dossier carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Copy {
    /// The evidentiary copy, as collected.
    Evidentiary,
    /// The newest redacted working copy.
    Redacted,
}

/// One item in a manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestItem {
    /// The item.
    pub id: String,
    /// The file's path inside the dossier.
    pub path: String,
    /// Which copy.
    pub copy: Copy,
    /// The file's digest.
    pub hash: Digest256,
    /// Its size.
    pub size: u64,
    /// The events that concern it.
    pub events: Vec<u64>,
}

/// The manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// `ce2-dossier/1`.
    pub format: String,
    /// The dossier's id.
    pub dossier: String,
    /// Who it is for.
    pub recipient: String,
    /// When it was made.
    pub created: String,
    /// The log it comes from.
    pub origin: String,
    /// The size of the checkpoint its proofs are against.
    pub checkpoint_size: u64,
    /// The items.
    pub items: Vec<ManifestItem>,
    /// Every event included.
    pub events: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Proof {
    seq: u64,
    leaf_hash: String,
    proof: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Proofs {
    checkpoint_size: u64,
    root: String,
    proofs: Vec<Proof>,
}

/// What an export made.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    /// The dossier's id.
    pub dossier: String,
    /// The folder.
    pub folder: PathBuf,
    /// The zip of the folder.
    pub zip: PathBuf,
    /// The items.
    pub items: Vec<String>,
    /// The events included.
    pub events: usize,
    /// The checkpoint size the proofs are against.
    pub checkpoint_size: u64,
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The items.
    pub items: Vec<String>,
    /// Who it is for.
    pub recipient: String,
    /// Carry each item's newest redacted copy instead of the evidentiary one, where there is one.
    pub redacted: bool,
    /// The folder the dossier folder and zip are written into.
    pub out: PathBuf,
}

fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned.chars().take(120).collect()
    }
}

impl Ledger {
    /// Export a dossier. Refused whole if any item is TLP:RED or any file fails its hash; the
    /// folder and zip appear only once complete, and the export is logged.
    pub fn export(&mut self, actor: &str, req: &ExportRequest) -> Result<Exported> {
        if req.items.is_empty() {
            return Err(Error::Invalid("a dossier needs at least one item".into()));
        }
        if req.recipient.trim().is_empty() {
            return Err(Error::Invalid("a dossier needs a recipient".into()));
        }
        let mut ids: Vec<String> = Vec::new();
        for id in &req.items {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        let items: Vec<Item> = ids.iter().map(|id| self.item(id)).collect::<Result<_>>()?;
        let red: Vec<&str> = items
            .iter()
            .filter(|i| i.tlp == Tlp::Red)
            .map(|i| i.id.as_str())
            .collect();
        if !red.is_empty() {
            return Err(Error::Marking(format!(
                "{} marked TLP:RED and cannot leave this node; nothing was exported",
                if red.len() == 1 {
                    format!("{} is", red[0])
                } else {
                    format!("{} are", red.join(", "))
                }
            )));
        }
        let dossier = format!(
            "D-{}-{}",
            now()[..10].replace('-', ""),
            hex::encode(random_bytes::<3>()?)
        );
        fs::create_dir_all(&req.out).map_err(|e| Error::io(&req.out, e))?;
        let folder = req.out.join(&dossier);
        let partial = req.out.join(format!(".{dossier}.partial"));
        let result = self.write_dossier(actor, req, &dossier, &items, &partial);
        let (manifest, events) = match result {
            Ok(x) => x,
            Err(e) => {
                let _ = fs::remove_dir_all(&partial);
                return Err(e);
            }
        };
        fs::rename(&partial, &folder).map_err(|e| Error::io(&folder, e))?;
        let zip = req.out.join(format!("{dossier}.zip"));
        write_zip(&folder, &zip)?;
        Ok(Exported {
            dossier,
            folder,
            zip,
            items: ids,
            events,
            checkpoint_size: manifest.checkpoint_size,
        })
    }

    fn write_dossier(
        &mut self,
        actor: &str,
        req: &ExportRequest,
        dossier: &str,
        items: &[Item],
        dir: &Path,
    ) -> Result<(Manifest, usize)> {
        fs::create_dir_all(dir.join("files")).map_err(|e| Error::io(dir, e))?;
        // Files first: a damaged file stops the export before anything is logged.
        let mut entries = Vec::new();
        for item in items {
            let (file, copy): (&FileRef, Copy) = match item.redactions.last() {
                Some(r) if req.redacted => (&r.file, Copy::Redacted),
                _ => (&item.file, Copy::Evidentiary),
            };
            let rel = format!("files/{}/{}", item.id, safe_name(&file.name));
            let path = dir.join(&rel);
            fs::create_dir_all(path.parent().expect("has a parent"))
                .map_err(|e| Error::io(dir, e))?;
            self.blobs()
                .copy_verified(&file.hash, &path)
                .map_err(|e| match e {
                    Error::BlobCorrupted { .. } | Error::BlobMissing(_) => {
                        Error::Damaged(format!("item {}'s file cannot be exported: {e}", item.id))
                    }
                    e => e,
                })?;
            entries.push((item.id.clone(), rel, copy, file.hash.clone(), file.size));
        }
        // The export is logged, then signed over, so that the dossier proves its own export.
        let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        self.append(
            actor,
            vec![Body::Exported {
                dossier: dossier.into(),
                items: ids.clone(),
                recipient: req.recipient.trim().into(),
            }],
        )?;
        let signed = self.checkpoint()?;
        let items: Vec<Item> = ids.iter().map(|id| self.item(id)).collect::<Result<_>>()?;
        let mut seqs: BTreeSet<u64> = BTreeSet::new();
        for item in &items {
            seqs.extend(item.events.iter().copied());
            if let Some(p) = &item.source {
                seqs.insert(self.person(p, false)?.registered);
            }
        }
        let mut events_out = Vec::new();
        let mut proofs = Vec::new();
        for &seq in &seqs {
            let leaf = self.event_bytes(seq)?;
            proofs.push(Proof {
                seq,
                leaf_hash: hex::encode(merkle::leaf_hash(&leaf)),
                proof: self
                    .inclusion_proof(seq, signed.size)?
                    .iter()
                    .map(|h| B64.encode(h))
                    .collect(),
            });
            events_out.extend_from_slice(&leaf);
            events_out.push(b'\n');
        }
        let manifest = Manifest {
            format: FORMAT.into(),
            dossier: dossier.into(),
            recipient: req.recipient.trim().into(),
            created: now(),
            origin: self.origin().into(),
            checkpoint_size: signed.size,
            items: entries
                .into_iter()
                .zip(&items)
                .map(|((id, path, copy, hash, size), item)| ManifestItem {
                    id,
                    path,
                    copy,
                    hash,
                    size,
                    events: item.events.clone(),
                })
                .collect(),
            events: seqs.iter().copied().collect(),
        };
        let write = |name: &str, bytes: &[u8]| -> Result<()> {
            let p = dir.join(name);
            fs::write(&p, bytes).map_err(|e| Error::io(&p, e))
        };
        write("events.jsonl", &events_out)?;
        write(
            "proofs.json",
            &serde_json::to_vec_pretty(&Proofs {
                checkpoint_size: signed.size,
                root: B64.encode(self.root_at(signed.size)?),
                proofs,
            })
            .expect("serialises"),
        )?;
        write("checkpoint.txt", signed.note.as_bytes())?;
        write("log.vkey", format!("{}\n", self.vkey()).as_bytes())?;
        write(
            "manifest.json",
            &serde_json::to_vec_pretty(&manifest).expect("serialises"),
        )?;
        let persons: Vec<String> = items.iter().filter_map(|i| i.source.clone()).collect();
        write(
            "index.html",
            crate::html::index(&manifest, &items, &signed.note, &persons).as_bytes(),
        )?;
        Ok((manifest, seqs.len()))
    }
}

fn write_zip(folder: &Path, zip_path: &Path) -> Result<()> {
    let tmp = zip_path.with_extension("zip.partial");
    let result = (|| -> Result<()> {
        let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("dossier")
            .to_string();
        let mut files = Vec::new();
        walk(folder, folder, &mut files)?;
        files.sort();
        for rel in files {
            let stored = rel.starts_with("files/");
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(if stored {
                    zip::CompressionMethod::Stored
                } else {
                    zip::CompressionMethod::Deflated
                })
                .large_file(true);
            zip.start_file(format!("{name}/{rel}"), opts)
                .map_err(|e| Error::io(&tmp, io::Error::other(e)))?;
            let path = folder.join(&rel);
            let mut f = File::open(&path).map_err(|e| Error::io(&path, e))?;
            io::copy(&mut f, &mut zip).map_err(|e| Error::io(&tmp, e))?;
        }
        let mut w = zip
            .finish()
            .map_err(|e| Error::io(&tmp, io::Error::other(e)))?;
        w.flush().map_err(|e| Error::io(&tmp, e))?;
        w.get_ref().sync_all().map_err(|e| Error::io(&tmp, e))?;
        Ok(())
    })();
    match result {
        Ok(()) => fs::rename(&tmp, zip_path).map_err(|e| Error::io(zip_path, e)),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push(rel);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- verification

/// What a bundle verification found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BundleReport {
    /// The dossier's id.
    pub dossier: String,
    /// The log it comes from.
    pub origin: String,
    /// The checkpoint's size.
    pub checkpoint_size: u64,
    /// The key that signed the checkpoint.
    pub signed_by: String,
    /// Whether that key was the one the verifier pinned (`--key`); if not pinned, the bundle's
    /// own key was used, which proves integrity but not who signed.
    pub key_pinned: bool,
    /// Events proven.
    pub events: usize,
    /// Items checked.
    pub items: usize,
    /// Files hashed.
    pub files: usize,
    /// Everything found wrong; empty when the bundle is sound.
    pub problems: Vec<String>,
}

impl BundleReport {
    /// Whether nothing was found wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

enum Source {
    Dir(PathBuf),
    Zip(Box<zip::ZipArchive<File>>, String),
}

impl Source {
    fn open(path: &Path) -> Result<Source> {
        if path.is_dir() {
            return Ok(Source::Dir(path.to_path_buf()));
        }
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let zip = zip::ZipArchive::new(file).map_err(|e| {
            Error::Invalid(format!(
                "{} is neither a dossier folder nor a readable zip: {e}",
                path.display()
            ))
        })?;
        let prefix = zip
            .file_names()
            .filter_map(|n| n.ok())
            .find_map(|n| n.strip_suffix("manifest.json").map(str::to_string))
            .ok_or_else(|| Error::Invalid(format!("{} holds no manifest.json", path.display())))?;
        Ok(Source::Zip(Box::new(zip), prefix))
    }

    fn list(&self) -> Result<Vec<String>> {
        match self {
            Source::Dir(d) => {
                let mut out = Vec::new();
                walk(d, d, &mut out)?;
                Ok(out)
            }
            Source::Zip(z, prefix) => Ok(z
                .file_names()
                .filter_map(|n| n.ok())
                .filter(|n| !n.ends_with('/'))
                .map(|n| n.strip_prefix(prefix.as_str()).unwrap_or(&n).to_string())
                .collect()),
        }
    }

    fn with_reader<T>(
        &mut self,
        rel: &str,
        f: impl FnOnce(&mut dyn Read) -> io::Result<T>,
    ) -> Result<Option<T>> {
        match self {
            Source::Dir(d) => {
                let path = d.join(rel);
                match File::open(&path) {
                    Ok(mut file) => f(&mut file).map(Some).map_err(|e| Error::io(&path, e)),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(Error::io(&path, e)),
                }
            }
            Source::Zip(z, prefix) => {
                let name = format!("{prefix}{rel}");
                match z.by_name(&name) {
                    Ok(mut entry) => f(&mut entry)
                        .map(Some)
                        .map_err(|e| Error::io(Path::new(&name), e)),
                    Err(zip::result::ZipError::FileNotFound) => Ok(None),
                    Err(e) => Err(Error::Invalid(format!("{name}: {e}"))),
                }
            }
        }
    }

    fn read(&mut self, rel: &str) -> Result<Option<Vec<u8>>> {
        self.with_reader(rel, |r| {
            let mut buf = Vec::new();
            r.take(512 << 20).read_to_end(&mut buf)?;
            Ok(buf)
        })
    }
}

/// Verify a dossier folder or zip with nothing but what it holds (and, if given, the log's key
/// as the recipient knows it). Every problem is listed; none stops the others being checked.
pub fn verify_bundle(path: &Path, pinned: Option<&str>) -> Result<BundleReport> {
    let mut src = Source::open(path)?;
    let mut report = BundleReport::default();
    let need = |src: &mut Source, name: &str| -> Result<Vec<u8>> {
        src.read(name)?
            .ok_or_else(|| Error::Proof(format!("the bundle has no {name}: it is incomplete")))
    };
    let manifest: Manifest = serde_json::from_slice(&need(&mut src, "manifest.json")?)
        .map_err(|e| Error::Proof(format!("manifest.json is unreadable: {e}")))?;
    if manifest.format != FORMAT {
        return Err(Error::Proof(format!(
            "manifest.json is of format {:?}; this ce2 reads {FORMAT}",
            manifest.format
        )));
    }
    report.dossier = manifest.dossier.clone();
    report.origin = manifest.origin.clone();
    let bundled_key = String::from_utf8_lossy(&need(&mut src, "log.vkey")?)
        .trim()
        .to_string();
    let key_text = match pinned {
        Some(k) => {
            report.key_pinned = true;
            k.trim().to_string()
        }
        None => bundled_key.clone(),
    };
    let verifier = Verifier::new(&key_text)
        .map_err(|e| Error::Proof(format!("the log key {key_text:?} is not a note key: {e}")))?;
    report.signed_by = verifier.vkey();
    let note = need(&mut src, "checkpoint.txt")?;
    let cp = match checkpoint::open(&note, &manifest.origin, &verifier, &[]) {
        Ok((cp, _)) => cp,
        Err(e) if key_text != bundled_key => {
            return Err(Error::Proof(format!(
                "the dossier's checkpoint is not signed by the key you gave ({key_text}): {e}; \
                 the bundle's log.vkey is not the key you gave ({bundled_key})"
            )))
        }
        Err(e) => {
            return Err(Error::Proof(format!(
                "checkpoint.txt does not verify as a checkpoint of {} signed by {}: {e}",
                manifest.origin,
                verifier.name()
            )))
        }
    };
    if key_text != bundled_key {
        report.problems.push(format!(
            "the bundle's log.vkey ({bundled_key}) is not the key you gave ({key_text})"
        ));
    }
    report.checkpoint_size = cp.size;
    if cp.size != manifest.checkpoint_size {
        report.problems.push(format!(
            "the manifest says the proofs are against size {}, the signed checkpoint is of size {}",
            manifest.checkpoint_size, cp.size
        ));
    }
    let proofs: Proofs = serde_json::from_slice(&need(&mut src, "proofs.json")?)
        .map_err(|e| Error::Proof(format!("proofs.json is unreadable: {e}")))?;
    let proofs: BTreeMap<u64, Proof> = proofs.proofs.into_iter().map(|p| (p.seq, p)).collect();

    // Every event: its proof against the signed root.
    let events_bytes = need(&mut src, "events.jsonl")?;
    let mut events: BTreeMap<u64, Event> = BTreeMap::new();
    // Events present in the file, proven or not.
    let mut present: BTreeSet<u64> = BTreeSet::new();
    for (n, line) in BufReader::new(&events_bytes[..]).split(b'\n').enumerate() {
        let line = line.map_err(|e| Error::Proof(e.to_string()))?;
        if line.is_empty() {
            continue;
        }
        let where_ = format!("events.jsonl line {}", n + 1);
        let event = match Event::from_bytes(&line) {
            Ok(e) => e,
            Err(e) => {
                report.problems.push(format!("{where_}: {e}"));
                continue;
            }
        };
        let seq = event.seq;
        present.insert(seq);
        let leaf_hash = merkle::leaf_hash(&line);
        // Only a proven event counts; an unproven one is reported and set aside.
        let Some(p) = proofs.get(&seq) else {
            report
                .problems
                .push(format!("{where_}: event {seq} has no inclusion proof"));
            continue;
        };
        let Ok(path) = p
            .proof
            .iter()
            .map(|h| B64.decode(h))
            .collect::<std::result::Result<Vec<Vec<u8>>, _>>()
        else {
            report
                .problems
                .push(format!("event {seq}'s proof is not base64"));
            continue;
        };
        if let Err(e) = merkle::verify_inclusion(seq, cp.size, &leaf_hash, &path, &cp.root) {
            report.problems.push(format!(
                "event {seq} is not proven in the signed log (it was changed, or its proof is wrong): {e}"
            ));
            continue;
        }
        report.events += 1;
        events.insert(seq, event);
    }
    for &seq in &manifest.events {
        if !present.contains(&seq) {
            report.problems.push(format!(
                "event {seq} is listed in the manifest but missing from events.jsonl"
            ));
        }
    }

    // The items as the proven events leave them.
    let mut state = State::default();
    for event in events.values() {
        let mut event = event.clone();
        if let Body::Exported { items, .. } = &mut event.body {
            // Earlier dossiers may name items this one does not carry.
            items.retain(|i| state.items.contains_key(i));
        }
        if let Body::Added {
            source: Some(p), ..
        } = &event.body
        {
            if !state.persons.contains_key(p) {
                report.problems.push(format!(
                    "event {} names source {p}, whose registration is not in the bundle",
                    event.seq
                ));
                continue;
            }
        }
        if let Err(e) = state.apply(&event) {
            report.problems.push(format!(
                "event {} does not follow from the events before it in the bundle: {e}",
                event.seq
            ));
        }
    }
    let listed: BTreeSet<String> = manifest.items.iter().map(|i| i.path.clone()).collect();
    for entry in &manifest.items {
        report.items += 1;
        let Some(item) = state.items.get(&entry.id) else {
            report.problems.push(format!(
                "item {} is in the manifest but no proven event added it",
                entry.id
            ));
            continue;
        };
        if item.tlp == Tlp::Red {
            report.problems.push(format!(
                "item {} is marked TLP:RED and must not be in an export",
                entry.id
            ));
        }
        for seq in &item.events {
            if !events.contains_key(seq) && *seq < cp.size {
                report.problems.push(format!(
                    "item {}'s event {seq} is missing from the bundle",
                    entry.id
                ));
            }
        }
        let recorded = match entry.copy {
            Copy::Evidentiary => Some(&item.file),
            Copy::Redacted => item
                .redactions
                .iter()
                .map(|r| &r.file)
                .find(|f| f.hash == entry.hash),
        };
        match recorded {
            None => report.problems.push(format!(
                "item {}'s file {} is not a copy the log recorded for it",
                entry.id, entry.path
            )),
            Some(f) if f.hash != entry.hash => report.problems.push(format!(
                "the manifest gives item {}'s file hash as {}, the log recorded {}",
                entry.id, entry.hash, f.hash
            )),
            Some(f) => {
                report.files += 1;
                match src.with_reader(&entry.path, hash_reader)? {
                    None => report.problems.push(format!(
                        "item {}'s file {} was removed from the bundle",
                        entry.id, entry.path
                    )),
                    Some((found, size)) => {
                        if found != f.hash || size != f.size {
                            report.problems.push(format!(
                                "item {}'s file {} was changed: the log recorded {} ({} bytes), the file gives {found} ({size} bytes)",
                                entry.id, entry.path, f.hash, f.size
                            ));
                        }
                    }
                }
            }
        }
    }
    let known: BTreeSet<&str> = [
        "manifest.json",
        "events.jsonl",
        "proofs.json",
        "checkpoint.txt",
        "log.vkey",
        "index.html",
    ]
    .into_iter()
    .collect();
    for name in src.list()? {
        if !known.contains(name.as_str()) && !listed.contains(&name) {
            report
                .problems
                .push(format!("{name} is in the bundle but not in its manifest"));
        }
    }
    Ok(report)
}
