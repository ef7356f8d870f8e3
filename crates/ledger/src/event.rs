//! Ledger events: the records the log is made of, and the state of items they add up to.
//!
//! An event is stored as the exact JSON bytes that were hashed into the log (its leaf); the
//! bytes, not a re-serialisation, are what every check hashes. Each event names its position
//! (`seq`) and the leaf hash of the event before it (`prev`), so that a changed, removed or
//! moved row breaks the chain at the row itself.
//!
//! Events never hold the identity of a protected person: a witness or source is named by a
//! pseudonym, and the log holds only a salted commitment to who they are.

use std::collections::BTreeMap;

use ce2_model::{Admiralty, Tlp};
use serde::{Deserialize, Serialize};

use crate::blob::Digest256;
use crate::error::{Error, Result};

/// The version of the event format this build writes.
pub const FORMAT: u32 = 1;

/// One ledger event, as hashed into the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The format version.
    pub v: u32,
    /// The position in the log, from 0.
    pub seq: u64,
    /// The leaf hash of event `seq - 1` (hex), or 64 zeros for the first.
    pub prev: String,
    /// When the ledger recorded it (UTC, RFC 3339).
    pub at: String,
    /// Who recorded it.
    pub actor: String,
    /// What happened.
    #[serde(flatten)]
    pub body: Body,
}

/// A file as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    /// The digest, with its algorithm.
    pub hash: Digest256,
    /// The size in bytes.
    pub size: u64,
    /// The file's name as received.
    pub name: String,
    /// Its media type, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

/// How an item was collected, as the Berkeley Protocol asks it be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Capture {
    /// Who collected it (an investigator, or a protected person's pseudonym).
    pub collector: String,
    /// When it was collected (UTC, RFC 3339).
    pub collected_at: String,
    /// Where from: a URL, a device, a place.
    pub origin: String,
    /// How: `web capture`, `download`, `interview`, `AIS export`…
    pub method: String,
    /// With what tool and version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// The hash taken at the moment of capture, when one was taken; the ledger refuses a file
    /// that does not give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash_at_capture: Option<Digest256>,
}

/// What an event records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Body {
    /// An item entered the ledger.
    Added {
        /// The item's id.
        item: String,
        /// The evidentiary copy.
        file: FileRef,
        /// How it was collected.
        capture: Capture,
        /// The protected person it came from, by pseudonym.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        /// What it is.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// Its marking.
        tlp: Tlp,
    },
    /// An item was linked to an entity, with the claim it supports.
    Linked {
        /// The item.
        item: String,
        /// The entity: a ce2 entity id, or a typed identifier such as `imo:9353979`.
        entity: String,
        /// The claim, in words.
        claim: String,
    },
    /// An item was graded on the Admiralty code.
    Graded {
        /// The item.
        item: String,
        /// The grade.
        grade: Admiralty,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// An item's marking changed.
    Marked {
        /// The item.
        item: String,
        /// The new marking.
        tlp: Tlp,
        /// Why.
        reason: String,
    },
    /// A redacted working copy of an item was made; the evidentiary copy is unchanged.
    Redacted {
        /// The item.
        item: String,
        /// The redacted copy.
        file: FileRef,
        /// What was redacted and why.
        reason: String,
    },
    /// Custody of an item passed from one holder to another.
    Custody {
        /// The item.
        item: String,
        /// The holder before.
        from: String,
        /// The holder after.
        to: String,
        /// Why, and how it was handed over.
        reason: String,
    },
    /// A protected person (witness or source) was registered under a pseudonym.
    PersonRegistered {
        /// The pseudonym shown everywhere.
        pseudonym: String,
        /// `witness` or `source`.
        role: String,
        /// SHA-256 of a random salt and the identity record, both kept sealed: proves later
        /// who the pseudonym stood for without telling anyone now.
        commitment: Digest256,
    },
    /// A dossier was exported.
    Exported {
        /// The dossier's id.
        dossier: String,
        /// The items in it.
        items: Vec<String>,
        /// Who it is for.
        recipient: String,
    },
}

impl Body {
    /// The event's name, as written in the log.
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Added { .. } => "added",
            Body::Linked { .. } => "linked",
            Body::Graded { .. } => "graded",
            Body::Marked { .. } => "marked",
            Body::Redacted { .. } => "redacted",
            Body::Custody { .. } => "custody",
            Body::PersonRegistered { .. } => "person_registered",
            Body::Exported { .. } => "exported",
        }
    }

    /// The items the event concerns.
    pub fn items(&self) -> Vec<&str> {
        match self {
            Body::Added { item, .. }
            | Body::Linked { item, .. }
            | Body::Graded { item, .. }
            | Body::Marked { item, .. }
            | Body::Redacted { item, .. }
            | Body::Custody { item, .. } => vec![item.as_str()],
            Body::Exported { items, .. } => items.iter().map(String::as_str).collect(),
            Body::PersonRegistered { .. } => Vec::new(),
        }
    }
}

impl Event {
    /// Read an event from its leaf bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Event> {
        serde_json::from_slice(bytes)
            .map_err(|e| Error::Damaged(format!("an event record is not readable: {e}")))
    }

    /// The leaf bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an event always serialises")
    }
}

/// The `prev` of the first event.
pub const NO_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A link from an item to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The entity.
    pub entity: String,
    /// The claim.
    pub claim: String,
    /// The event that made it.
    pub seq: u64,
}

/// A redacted working copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// The copy.
    pub file: FileRef,
    /// What and why.
    pub reason: String,
    /// The event that made it.
    pub seq: u64,
}

/// An item as its events leave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The id (`EV-0001`).
    pub id: String,
    /// The evidentiary copy.
    pub file: FileRef,
    /// How it was collected.
    pub capture: Capture,
    /// The protected person it came from, by pseudonym.
    pub source: Option<String>,
    /// What it is.
    pub description: Option<String>,
    /// The current marking.
    pub tlp: Tlp,
    /// The current grade.
    pub grade: Option<Admiralty>,
    /// Why it was graded so.
    pub grade_note: Option<String>,
    /// The entities it concerns and the claims it supports.
    pub links: Vec<Link>,
    /// Redacted working copies, oldest first.
    pub redactions: Vec<Redaction>,
    /// Who holds it now (its collector until custody passes).
    pub custodian: String,
    /// When it was added (UTC).
    pub added_at: String,
    /// Every event that concerns it, in order.
    pub events: Vec<u64>,
}

/// The state the log adds up to: items and registered pseudonyms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// Items by id.
    pub items: BTreeMap<String, Item>,
    /// Registered protected persons: pseudonym → (role, registering event, commitment).
    pub persons: BTreeMap<String, (String, u64, Digest256)>,
}

impl State {
    /// Apply one event. An event that does not fit the state (an unknown item, a second
    /// `added` for one id) is refused with the reason; the state is then unchanged.
    pub fn apply(&mut self, event: &Event) -> Result<()> {
        let seq = event.seq;
        let unknown = |item: &str| Error::NotFound(format!("item {item}"));
        match &event.body {
            Body::Added {
                item,
                file,
                capture,
                source,
                description,
                tlp,
            } => {
                if self.items.contains_key(item) {
                    return Err(Error::Invalid(format!("item {item} already exists")));
                }
                if let Some(p) = source {
                    if !self.persons.contains_key(p) {
                        return Err(Error::NotFound(format!("protected person {p}")));
                    }
                }
                self.items.insert(
                    item.clone(),
                    Item {
                        id: item.clone(),
                        file: file.clone(),
                        capture: capture.clone(),
                        source: source.clone(),
                        description: description.clone(),
                        tlp: *tlp,
                        grade: None,
                        grade_note: None,
                        links: Vec::new(),
                        redactions: Vec::new(),
                        custodian: capture.collector.clone(),
                        added_at: event.at.clone(),
                        events: vec![seq],
                    },
                );
            }
            Body::Linked {
                item,
                entity,
                claim,
            } => {
                let it = self.items.get_mut(item).ok_or_else(|| unknown(item))?;
                it.links.push(Link {
                    entity: entity.clone(),
                    claim: claim.clone(),
                    seq,
                });
                it.events.push(seq);
            }
            Body::Graded { item, grade, note } => {
                let it = self.items.get_mut(item).ok_or_else(|| unknown(item))?;
                it.grade = Some(*grade);
                it.grade_note = note.clone();
                it.events.push(seq);
            }
            Body::Marked { item, tlp, .. } => {
                let it = self.items.get_mut(item).ok_or_else(|| unknown(item))?;
                it.tlp = *tlp;
                it.events.push(seq);
            }
            Body::Redacted { item, file, reason } => {
                let it = self.items.get_mut(item).ok_or_else(|| unknown(item))?;
                it.redactions.push(Redaction {
                    file: file.clone(),
                    reason: reason.clone(),
                    seq,
                });
                it.events.push(seq);
            }
            Body::Custody { item, from, to, .. } => {
                let it = self.items.get_mut(item).ok_or_else(|| unknown(item))?;
                if it.custodian != *from {
                    return Err(Error::Invalid(format!(
                        "item {item} is held by {:?}, not {from:?}",
                        it.custodian
                    )));
                }
                it.custodian = to.clone();
                it.events.push(seq);
            }
            Body::PersonRegistered {
                pseudonym,
                role,
                commitment,
            } => {
                if self.persons.contains_key(pseudonym) {
                    return Err(Error::Invalid(format!(
                        "pseudonym {pseudonym} is already registered"
                    )));
                }
                self.persons
                    .insert(pseudonym.clone(), (role.clone(), seq, commitment.clone()));
            }
            Body::Exported { items, .. } => {
                for item in items {
                    if !self.items.contains_key(item) {
                        return Err(unknown(item));
                    }
                }
                for item in items {
                    self.items
                        .get_mut(item)
                        .expect("checked above")
                        .events
                        .push(seq);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_round_trips_through_its_bytes() {
        let e = Event {
            v: FORMAT,
            seq: 3,
            prev: NO_PREV.into(),
            at: "2026-11-23T10:00:00Z".into(),
            actor: "analyst".into(),
            body: Body::Graded {
                item: "EV-0001".into(),
                grade: "B2".parse().unwrap(),
                note: None,
            },
        };
        let bytes = e.to_bytes();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"v":1,"seq":3,"prev":"0000000000000000000000000000000000000000000000000000000000000000","at":"2026-11-23T10:00:00Z","actor":"analyst","event":"graded","item":"EV-0001","grade":{"reliability":"B","credibility":2}}"#
        );
        assert_eq!(Event::from_bytes(&bytes).unwrap(), e);
        assert!(Event::from_bytes(b"{\"v\":1}").is_err());
    }
}
