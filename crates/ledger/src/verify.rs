//! Full verification of a ledger: every event, the tree, every checkpoint, the state of every
//! item, every sealed identity and every stored file. Each finding names the event, the item
//! or the file it is about.

use std::collections::BTreeMap;

use ce2_tlog::checkpoint;
use ce2_tlog::merkle::{self, MemoryTree, NodeSource};
use ce2_tlog::Hash;
use serde::Serialize;

use crate::blob::BlobState;
use crate::error::{Error, Result};
use crate::event::{Event, Item, State, NO_PREV};
use crate::ledger::Ledger;
use crate::seal;

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable code: `event_changed`, `chain_broken`, `truncated`, `file_corrupted`…
    pub code: &'static str,
    /// The event it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<u64>,
    /// The item it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// What is wrong, for a person.
    pub message: String,
}

/// What a verification checked and found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Events read.
    pub events: u64,
    /// The ledger's own checkpoints checked.
    pub checkpoints: u64,
    /// Checkpoints given from outside (a partner's copy, an earlier export) checked.
    pub external_checkpoints: u64,
    /// Items whose state was rebuilt and compared.
    pub items: u64,
    /// Stored files hashed again.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Everything found wrong; empty when the ledger is sound.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether nothing was found wrong.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }

    fn find(
        &mut self,
        code: &'static str,
        event: Option<u64>,
        item: Option<&str>,
        message: String,
    ) {
        self.findings.push(Finding {
            code,
            event,
            item: item.map(str::to_string),
            message,
        });
    }
}

/// What to verify besides the log itself.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Hash every stored file again (the slow part on a large ledger).
    pub files: bool,
    /// Signed checkpoints kept outside the ledger (by partners, in earlier exports): the log
    /// must still be consistent with each of them, which catches a truncation or rewrite even
    /// when the ledger's own checkpoints were removed with it.
    pub external: Vec<String>,
}

impl Ledger {
    /// Verify the whole ledger. Never stops at the first finding: the report lists them all.
    pub fn verify(&self, options: &VerifyOptions) -> Result<Report> {
        let mut report = Report::default();
        let conn = self.conn();

        // 1. The events: in order, each readable, each at its place, each chained to the last.
        let mut leaves: Vec<Hash> = Vec::new();
        let mut state = State::default();
        let mut gap = false;
        {
            let mut stmt = conn.prepare("SELECT seq, leaf FROM events ORDER BY seq")?;
            let mut rows = stmt.query([])?;
            let mut prev_hash: Option<Hash> = None;
            while let Some(row) = rows.next()? {
                let row_seq = row.get::<_, i64>(0)? as u64;
                let leaf: Vec<u8> = row.get(1)?;
                let expected = leaves.len() as u64;
                if row_seq != expected && !gap {
                    gap = true;
                    report.find(
                        "event_missing",
                        Some(expected),
                        None,
                        format!(
                            "events {expected} to {} are missing from the log",
                            row_seq - 1
                        ),
                    );
                }
                let leaf_hash = merkle::leaf_hash(&leaf);
                report.events += 1;
                match Event::from_bytes(&leaf) {
                    Err(e) => report.find(
                        "event_unreadable",
                        Some(row_seq),
                        None,
                        format!("event {row_seq}'s record is unreadable: {e}"),
                    ),
                    Ok(event) => {
                        if event.seq != row_seq {
                            report.find(
                                "event_moved",
                                Some(row_seq),
                                None,
                                format!(
                                    "row {row_seq} holds the record of event {}: events were moved or reordered",
                                    event.seq
                                ),
                            );
                        }
                        let want_prev = prev_hash.map_or(NO_PREV.to_string(), hex::encode);
                        if event.prev != want_prev && !gap {
                            let before = row_seq.saturating_sub(1);
                            report.find(
                                "chain_broken",
                                Some(before),
                                None,
                                format!(
                                    "event {row_seq} records a hash of event {before} that event {before}'s record no longer gives: event {before} was changed after it was logged"
                                ),
                            );
                        }
                        if let Err(e) = state.apply(&event) {
                            report.find(
                                "event_invalid",
                                Some(row_seq),
                                event.body.items().first().copied(),
                                format!("event {row_seq} does not fit the ledger: {e}"),
                            );
                        }
                    }
                }
                prev_hash = Some(leaf_hash);
                leaves.push(leaf_hash);
            }
        }
        let size = leaves.len() as u64;
        let tree = MemoryTree::from_leaves(leaves);
        // Perfect nodes at each level: size >> level.
        let depth = (64 - size.leading_zeros()) as usize;

        // 2. The stored tree against the one rebuilt from the events.
        {
            let mut seen: Vec<u64> = vec![0; depth.max(1)];
            let mut stmt = conn.prepare("SELECT id, hash FROM nodes ORDER BY id")?;
            let mut rows = stmt.query([])?;
            let mut reported = 0usize;
            while let Some(row) = rows.next()? {
                let id = row.get::<_, i64>(0)?;
                let hash: Vec<u8> = row.get(1)?;
                let level = (id >> 56) as u8;
                let index = (id & ((1i64 << 56) - 1)) as u64;
                match tree.node(level, index).ok() {
                    None => {
                        if reported < 20 {
                            report.find(
                                "node_extra",
                                (level == 0).then_some(index),
                                None,
                                format!("the stored tree has a node (level {level}, index {index}) that the events do not make: events after {size} were removed"),
                            );
                        }
                        reported += 1;
                    }
                    Some(want) => {
                        seen[level as usize] += 1;
                        if hash.as_slice() != want.as_slice() {
                            if level == 0 {
                                report.find(
                                    "event_changed",
                                    Some(index),
                                    None,
                                    format!("event {index}'s record was changed after it was logged: its bytes no longer give the leaf hash stored for it"),
                                );
                            } else if reported < 20 {
                                report.find(
                                    "node_mismatch",
                                    None,
                                    None,
                                    format!("the stored tree node at level {level}, index {index} differs from the one the events give"),
                                );
                                reported += 1;
                            }
                        }
                    }
                }
            }
            for (level, have) in seen.iter().copied().enumerate().take(depth) {
                let nodes = size >> level;
                if have < nodes {
                    report.find(
                        "node_missing",
                        None,
                        None,
                        format!(
                            "the stored tree lacks {} of its {} nodes at level {level}",
                            nodes - have,
                            nodes
                        ),
                    );
                }
            }
        }

        // 3. Checkpoints, the ledger's own and any kept outside it.
        let verifier = self.verifier();
        let own: Vec<(String, String)> = self
            .checkpoints()?
            .into_iter()
            .map(|c| (format!("the checkpoint at size {}", c.size), c.note))
            .collect();
        let external: Vec<(String, String)> = options
            .external
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("external checkpoint {}", i + 1), n.clone()))
            .collect();
        for (is_external, (label, note)) in own
            .into_iter()
            .map(|c| (false, c))
            .chain(external.into_iter().map(|c| (true, c)))
        {
            if is_external {
                report.external_checkpoints += 1;
            } else {
                report.checkpoints += 1;
            }
            let cp = match checkpoint::open(note.as_bytes(), self.origin(), &verifier, &[]) {
                Ok((cp, _)) => cp,
                Err(e) => {
                    report.find(
                        "checkpoint_signature",
                        None,
                        None,
                        format!("{label} does not verify with the log's key: {e}"),
                    );
                    continue;
                }
            };
            if cp.size > size {
                report.find(
                    "truncated",
                    Some(size),
                    None,
                    format!(
                        "{label} was signed over {} events, but the log holds {size}: events {size} to {} were removed",
                        cp.size,
                        cp.size - 1
                    ),
                );
                continue;
            }
            if gap {
                continue;
            }
            let root =
                merkle::root_at(&tree, cp.size).map_err(|e| Error::Damaged(e.to_string()))?;
            if cp.root.as_slice() != root.as_slice() {
                report.find(
                    "checkpoint_mismatch",
                    None,
                    None,
                    format!(
                        "the first {} events do not give the root signed in {label}: an event before {} was changed, removed or reordered",
                        cp.size, cp.size
                    ),
                );
            }
        }

        // 4. The state of items and the persons table against what the log adds up to.
        {
            let mut stored: BTreeMap<String, String> = BTreeMap::new();
            let mut stmt = conn.prepare("SELECT id, state FROM items")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                stored.insert(row.get(0)?, row.get(1)?);
            }
            for (id, item) in &state.items {
                report.items += 1;
                match stored.remove(id) {
                    None => report.find(
                        "state_missing",
                        item.events.first().copied(),
                        Some(id),
                        format!("item {id} is in the log but its stored state was removed"),
                    ),
                    Some(text) => {
                        let same = serde_json::from_str::<Item>(&text)
                            .map(|s| s == *item)
                            .unwrap_or(false);
                        if !same {
                            report.find(
                                "state_changed",
                                None,
                                Some(id),
                                format!("item {id}'s stored state differs from what its events say (the stored row was changed)"),
                            );
                        }
                    }
                }
            }
            for id in stored.keys() {
                report.find(
                    "state_extra",
                    None,
                    Some(id),
                    format!("item {id} has a stored state but no event in the log added it"),
                );
            }
            let mut stmt = conn.prepare("SELECT pseudonym, seq, sealed FROM persons")?;
            let mut rows = stmt.query([])?;
            let mut sealed_rows: BTreeMap<String, (i64, Vec<u8>)> = BTreeMap::new();
            while let Some(row) = rows.next()? {
                sealed_rows.insert(row.get(0)?, (row.get(1)?, row.get(2)?));
            }
            for (pseudonym, (_, seq, commitment)) in &state.persons {
                match sealed_rows.remove(pseudonym) {
                    None => report.find(
                        "person_missing",
                        Some(*seq),
                        None,
                        format!("{pseudonym}'s sealed identity is missing"),
                    ),
                    Some((row_seq, sealed)) => {
                        if row_seq as u64 != *seq {
                            report.find(
                                "person_moved",
                                Some(*seq),
                                None,
                                format!("{pseudonym}'s row names event {row_seq}, but event {seq} registered it"),
                            );
                        }
                        if let Some(key) = self.identity_key() {
                            if let Err(e) = seal::open(key, pseudonym, &sealed, commitment) {
                                report.find("person_unsealable", Some(*seq), None, e.to_string());
                            }
                        }
                    }
                }
            }
            for pseudonym in sealed_rows.keys() {
                report.find(
                    "person_extra",
                    None,
                    None,
                    format!(
                        "{pseudonym} has a sealed identity but no event in the log registered it"
                    ),
                );
            }
        }

        // 5. The stored files.
        if options.files {
            for (id, item) in &state.items {
                let mut files = vec![(&item.file, item.events[0], "evidentiary copy")];
                files.extend(
                    item.redactions
                        .iter()
                        .map(|r| (&r.file, r.seq, "redacted copy")),
                );
                for (file, seq, what) in files {
                    report.files += 1;
                    match self.blobs().check(&file.hash)? {
                        BlobState::Sound => report.bytes += file.size,
                        BlobState::Missing => report.find(
                            "file_missing",
                            Some(seq),
                            Some(id),
                            format!("item {id}'s {what} {:?} (added by event {seq}) is missing: {}", file.name, file.hash),
                        ),
                        BlobState::Corrupted { found } => report.find(
                            "file_corrupted",
                            Some(seq),
                            Some(id),
                            format!("item {id}'s {what} {:?} (added by event {seq}) was changed: recorded {}, its bytes now give {found}", file.name, file.hash),
                        ),
                    }
                }
            }
        }
        Ok(report)
    }
}
