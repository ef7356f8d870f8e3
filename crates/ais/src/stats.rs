//! What a decoding run saw: lines, sentences, messages by type, what was rejected and why, and
//! the first problems with their line numbers.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// Why a line, sentence, fragment or message was not turned into a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectKind {
    /// The sentence's checksum does not match its content.
    BadChecksum,
    /// An `!xxVDM`/`!xxVDO` sentence that cannot be read: missing fields or checksum, a fragment
    /// count or number out of range, fill bits outside 0–5, a character outside the payload
    /// alphabet, a payload longer than any AIS message.
    BadSentence,
    /// A fragment other than the first whose group was never started (or was already dropped),
    /// or that arrives out of order.
    OrphanFragment,
    /// A partial group abandoned: a new first fragment with the same key, a missing fragment, too
    /// old or too many pending groups, or still open at the end of the input.
    StaleFragment,
    /// The message has too few bits for its type (or more than the type allows).
    BadPayloadLength,
    /// Message type 0 or 28–63.
    InvalidType,
    /// A type 24 with part number 2 or 3, or a type 25/26 too short for its addressing mode.
    InvalidContent,
    /// A tag block with a bad checksum, no closing backslash or an unreadable field. The sentence
    /// after it is still read, without the tag block's metadata.
    BadTagBlock,
    /// A line or sentence that is not AIS: `$GP…`, `$PGHP`, `$xxVSI`, other `!` sentences,
    /// comments, garbage.
    NotAis,
    /// A position outside ±180° / ±90° that is not the "not available" value.
    ImpossiblePosition,
}

impl RejectKind {
    /// Every kind, in the order used by [`Stats`].
    pub const ALL: [RejectKind; 10] = [
        RejectKind::BadChecksum,
        RejectKind::BadSentence,
        RejectKind::OrphanFragment,
        RejectKind::StaleFragment,
        RejectKind::BadPayloadLength,
        RejectKind::InvalidType,
        RejectKind::InvalidContent,
        RejectKind::BadTagBlock,
        RejectKind::NotAis,
        RejectKind::ImpossiblePosition,
    ];

    /// The snake_case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectKind::BadChecksum => "bad_checksum",
            RejectKind::BadSentence => "bad_sentence",
            RejectKind::OrphanFragment => "orphan_fragment",
            RejectKind::StaleFragment => "stale_fragment",
            RejectKind::BadPayloadLength => "bad_payload_length",
            RejectKind::InvalidType => "invalid_type",
            RejectKind::InvalidContent => "invalid_content",
            RejectKind::BadTagBlock => "bad_tag_block",
            RejectKind::NotAis => "not_ais",
            RejectKind::ImpossiblePosition => "impossible_position",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for RejectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RejectKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem, kept among the first few of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The line number (1-based) where it was seen.
    pub line: u64,
    /// Its kind.
    pub kind: RejectKind,
    /// What exactly, in a few words.
    pub detail: String,
}

/// Counts of a decoding run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Lines read (blank ones included).
    pub lines: u64,
    /// `!xxVDM`/`!xxVDO` sentences seen (whatever became of them).
    pub sentences: u64,
    /// Messages decoded.
    pub messages: u64,
    /// Of those, messages put together from more than one sentence.
    pub multipart: u64,
    /// Messages decoded by type: `by_type[t]` for type `t` (index 0 unused).
    pub by_type: [u64; 28],
    rejected: [u64; RejectKind::ALL.len()],
    /// The first problems, with their line numbers (at most [`Stats::max_problems`]; `not_ais`
    /// lines are counted but not kept here).
    pub problems: Vec<Problem>,
    /// How many problems are kept in [`Stats::problems`].
    pub max_problems: usize,
}

impl Default for Stats {
    fn default() -> Self {
        Self::new(100)
    }
}

impl Stats {
    /// Empty counts that keep the first `max_problems` problems.
    pub fn new(max_problems: usize) -> Self {
        Self {
            lines: 0,
            sentences: 0,
            messages: 0,
            multipart: 0,
            by_type: [0; 28],
            rejected: [0; RejectKind::ALL.len()],
            problems: Vec::new(),
            max_problems,
        }
    }

    /// How many were rejected for `kind`.
    pub fn rejected(&self, kind: RejectKind) -> u64 {
        self.rejected[kind.index()]
    }

    /// All rejections, summed over the kinds.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.iter().sum()
    }

    /// The non-zero rejection counts, by kind.
    pub fn rejections(&self) -> impl Iterator<Item = (RejectKind, u64)> + '_ {
        RejectKind::ALL
            .iter()
            .map(|&k| (k, self.rejected(k)))
            .filter(|&(_, n)| n > 0)
    }

    /// Counts one rejection; `detail` is only called while problems are still being kept.
    pub(crate) fn reject(&mut self, kind: RejectKind, line: u64, detail: impl FnOnce() -> String) {
        self.rejected[kind.index()] += 1;
        // Lines that are not AIS are normal in logs (comments, GNSS and signal sentences): they
        // are counted, not kept as problems.
        if kind != RejectKind::NotAis && self.problems.len() < self.max_problems {
            self.problems.push(Problem {
                line,
                kind,
                detail: detail(),
            });
        }
    }

    /// Adds another run's counts to these (problems are appended up to the limit).
    pub fn merge(&mut self, other: &Stats) {
        self.lines += other.lines;
        self.sentences += other.sentences;
        self.messages += other.messages;
        self.multipart += other.multipart;
        for (a, b) in self.by_type.iter_mut().zip(other.by_type.iter()) {
            *a += b;
        }
        for (a, b) in self.rejected.iter_mut().zip(other.rejected.iter()) {
            *a += b;
        }
        for p in &other.problems {
            if self.problems.len() >= self.max_problems {
                break;
            }
            self.problems.push(p.clone());
        }
    }
}

struct ByType<'a>(&'a [u64; 28]);

impl Serialize for ByType<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0.iter().filter(|&&c| c > 0).count();
        let mut m = s.serialize_map(Some(n))?;
        for (t, &c) in self.0.iter().enumerate() {
            if c > 0 {
                m.serialize_entry(&t.to_string(), &c)?;
            }
        }
        m.end()
    }
}

struct Rejected<'a>(&'a Stats);

impl Serialize for Rejected<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, n) in self.0.rejections() {
            m.serialize_entry(k.as_str(), &n)?;
        }
        m.end()
    }
}

impl Serialize for Stats {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Stats", 7)?;
        st.serialize_field("lines", &self.lines)?;
        st.serialize_field("sentences", &self.sentences)?;
        st.serialize_field("messages", &self.messages)?;
        st.serialize_field("multipart", &self.multipart)?;
        st.serialize_field("by_type", &ByType(&self.by_type))?;
        st.serialize_field("rejected", &Rejected(self))?;
        st.serialize_field("problems", &self.problems)?;
        st.end()
    }
}
