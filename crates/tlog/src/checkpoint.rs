//! C2SP tlog checkpoints (`c2sp.org/tlog-checkpoint`): the signed statement of a log's size and
//! root.
//!
//! The body is `origin\nsize\nbase64(root)\n` followed by optional extension lines, and it is
//! the text of a signed note (see [`crate::note`]), signed by the log's key and possibly
//! cosigned by witnesses or partners.
//!
//! Two parsers: [`Checkpoint::parse`] is lenient like transparency-dev/formats (any root length,
//! any fourth and later lines, leading zeros in the size), for reading other logs;
//! [`Checkpoint::parse_strict`] applies the C2SP rules for SHA-256 logs (32-byte root, canonical
//! decimal size and base64, non-empty extension lines). [`sign`] only signs checkpoints that
//! meet the strict rules.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::note::{self, NoteError, Opened, Signer, Verifier, GO_BASE64};
use crate::Hash;

/// Why a checkpoint could not be parsed, signed or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The signed note is not valid (syntax, signatures, keys).
    #[error("checkpoint note: {0}")]
    Note(#[from] NoteError),
    /// The body is not a checkpoint.
    #[error("not a checkpoint: {0}")]
    Malformed(String),
    /// The note opened, but the log's key is not among its verified signatures.
    #[error("the checkpoint is not signed by the log key {name}+{key_hash:08x}")]
    NotSignedByLog {
        /// The log key's name.
        name: String,
        /// The log key's hash.
        key_hash: u32,
    },
    /// The checkpoint is of another log.
    #[error("the checkpoint's origin is {got:?}, expected {want:?}")]
    OriginMismatch {
        /// The origin line of the checkpoint.
        got: String,
        /// The origin expected.
        want: String,
    },
}

fn malformed(msg: impl Into<String>) -> CheckpointError {
    CheckpointError::Malformed(msg.into())
}

/// A checkpoint: which log, how many leaves, which root, and extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's origin line, which names it (e.g. `example.org/evidence`).
    pub origin: String,
    /// The number of leaves.
    pub size: u64,
    /// The root hash (32 bytes for a SHA-256 log; any length after a lenient parse).
    pub root: Vec<u8>,
    /// The lines after the root, without their newlines.
    pub extensions: Vec<String>,
}

/// Whether `s` holds a control character (any below U+0020, the newline included).
fn has_control(s: &str) -> bool {
    s.chars().any(|c| c < ' ')
}

impl Checkpoint {
    /// A checkpoint of `size` leaves with root `root` and no extension lines.
    pub fn new(origin: impl Into<String>, size: u64, root: Hash) -> Self {
        Self {
            origin: origin.into(),
            size,
            root: root.to_vec(),
            extensions: Vec::new(),
        }
    }

    /// The 32-byte root, when it is that long.
    pub fn root_hash(&self) -> Option<Hash> {
        self.root.as_slice().try_into().ok()
    }

    /// Parses a checkpoint body leniently, as transparency-dev/formats `Checkpoint.Unmarshal`:
    /// at least three newline-terminated lines; a non-empty origin; a decimal size that fits in
    /// 64 bits (leading zeros allowed); a standard base64 root of any length. Whatever follows
    /// the third line becomes the extension lines (empty ones included).
    pub fn parse(body: &str) -> Result<Self, CheckpointError> {
        let parts: Vec<&str> = body.splitn(4, '\n').collect();
        let [origin, size, root, rest] = parts[..] else {
            return Err(malformed(format!(
                "a checkpoint has at least 3 lines, each ending in a newline; this has {} newline(s)",
                parts.len() - 1
            )));
        };
        if origin.is_empty() {
            return Err(malformed("the origin line is empty"));
        }
        let size = parse_size(size)?;
        let root = GO_BASE64
            .decode(root)
            .map_err(|e| malformed(format!("the root hash line {root:?} is not base64: {e}")))?;
        let extensions = if rest.is_empty() {
            Vec::new()
        } else {
            rest.strip_suffix('\n')
                .unwrap_or(rest)
                .split('\n')
                .map(str::to_string)
                .collect()
        };
        Ok(Self {
            origin: origin.to_string(),
            size,
            root,
            extensions,
        })
    }

    /// Parses a checkpoint body by the C2SP rules for a SHA-256 log: newline-terminated lines; a
    /// non-empty origin without control characters; a decimal size without leading zeros that
    /// fits in 64 bits; the canonical base64 of a 32-byte root; non-empty extension lines.
    pub fn parse_strict(body: &str) -> Result<Self, CheckpointError> {
        let Some(body) = body.strip_suffix('\n') else {
            return Err(malformed("the body does not end in a newline"));
        };
        let lines: Vec<&str> = body.split('\n').collect();
        let [origin, size, root, extensions @ ..] = &lines[..] else {
            return Err(malformed(format!(
                "a checkpoint has at least 3 lines, this has {}",
                lines.len()
            )));
        };
        if size.len() > 1 && size.starts_with('0') {
            return Err(malformed(format!("the size {size:?} has a leading zero")));
        }
        let root_bytes = STANDARD.decode(root).map_err(|e| {
            malformed(format!(
                "the root hash line {root:?} is not canonical base64: {e}"
            ))
        })?;
        let cp = Self {
            origin: origin.to_string(),
            size: parse_size(size)?,
            root: root_bytes,
            extensions: extensions.iter().map(|s| s.to_string()).collect(),
        };
        cp.validate()?;
        Ok(cp)
    }

    /// Checks the C2SP rules that [`Self::body`] needs to give a valid checkpoint: a non-empty
    /// origin and extension lines without control characters (so no newlines), and a 32-byte root.
    pub fn validate(&self) -> Result<(), CheckpointError> {
        if self.origin.is_empty() {
            return Err(malformed("the origin is empty"));
        }
        if has_control(&self.origin) {
            return Err(malformed(format!(
                "the origin {:?} holds a control character",
                self.origin
            )));
        }
        if self.root.len() != 32 {
            return Err(malformed(format!(
                "the root hash is {} bytes, a SHA-256 root is 32",
                self.root.len()
            )));
        }
        for (i, ext) in self.extensions.iter().enumerate() {
            if ext.is_empty() {
                return Err(malformed(format!("extension line {} is empty", i + 1)));
            }
            if has_control(ext) {
                return Err(malformed(format!(
                    "extension line {} ({ext:?}) holds a control character",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    /// The checkpoint body: `origin\nsize\nbase64(root)\n` then each extension line and a newline.
    pub fn body(&self) -> String {
        let mut out = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(&self.root)
        );
        for ext in &self.extensions {
            out.push_str(ext);
            out.push('\n');
        }
        out
    }
}

/// A decimal size: ASCII digits only (no sign), fitting in 64 bits.
fn parse_size(size: &str) -> Result<u64, CheckpointError> {
    if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(format!(
            "the size line {size:?} is not a decimal number"
        )));
    }
    size.parse()
        .map_err(|_| malformed(format!("the size {size} does not fit in 64 bits")))
}

/// Signs a checkpoint with the log's key, then the cosigners' keys. The checkpoint must meet the
/// C2SP rules ([`Checkpoint::validate`]).
pub fn sign(
    cp: &Checkpoint,
    log: &Signer,
    cosigners: &[&Signer],
) -> Result<String, CheckpointError> {
    cp.validate()?;
    let mut signers = Vec::with_capacity(1 + cosigners.len());
    signers.push(log);
    signers.extend_from_slice(cosigners);
    Ok(note::sign(&cp.body(), &signers)?)
}

fn open_with(
    note: &[u8],
    origin: &str,
    log: &Verifier,
    others: &[Verifier],
    parse: fn(&str) -> Result<Checkpoint, CheckpointError>,
) -> Result<(Checkpoint, Opened), CheckpointError> {
    let mut known = Vec::with_capacity(1 + others.len());
    known.push(log.clone());
    known.extend_from_slice(others);
    let opened = note::open(note, &known)?;
    if !opened.is_signed_by(log) {
        return Err(CheckpointError::NotSignedByLog {
            name: log.name().to_string(),
            key_hash: log.key_hash(),
        });
    }
    let cp = parse(&opened.text)?;
    if cp.origin != origin {
        return Err(CheckpointError::OriginMismatch {
            got: cp.origin,
            want: origin.to_string(),
        });
    }
    Ok((cp, opened))
}

/// Open a checkpoint note: the log key must have signed, the body must be a checkpoint with this
/// origin. `others` are further known keys (witnesses, partners); their signatures are checked
/// and listed in [`Opened::verified`]. The body is parsed leniently ([`Checkpoint::parse`], as
/// transparency-dev/formats `ParseCheckpoint`); see [`open_strict`].
pub fn open(
    note: &[u8],
    origin: &str,
    log: &Verifier,
    others: &[Verifier],
) -> Result<(Checkpoint, Opened), CheckpointError> {
    open_with(note, origin, log, others, Checkpoint::parse)
}

/// [`open`] with the C2SP body rules ([`Checkpoint::parse_strict`]): for checkpoints of SHA-256
/// logs such as ce2's own ledger.
pub fn open_strict(
    note: &[u8],
    origin: &str,
    log: &Verifier,
    others: &[Verifier],
) -> Result<(Checkpoint, Opened), CheckpointError> {
    open_with(note, origin, log, others, Checkpoint::parse_strict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp() -> Checkpoint {
        Checkpoint {
            origin: "example.org/log".to_string(),
            size: 42,
            root: vec![7; 32],
            extensions: vec!["ext one".to_string()],
        }
    }

    #[test]
    fn body_round_trips() {
        let cp = cp();
        assert_eq!(
            cp.body(),
            "example.org/log\n42\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\next one\n"
        );
        assert_eq!(Checkpoint::parse(&cp.body()).unwrap(), cp);
        assert_eq!(Checkpoint::parse_strict(&cp.body()).unwrap(), cp);
    }

    #[test]
    fn sign_refuses_invalid_checkpoints() {
        let log = Signer::from_seed("example.org/log", [1; 32]).unwrap();
        let mut bad = cp();
        bad.root = vec![1; 6];
        assert_eq!(
            sign(&bad, &log, &[]).unwrap_err().to_string(),
            "not a checkpoint: the root hash is 6 bytes, a SHA-256 root is 32"
        );
        let mut bad = cp();
        bad.extensions.push("two\nlines".to_string());
        assert!(sign(&bad, &log, &[]).is_err());
        let mut bad = cp();
        bad.origin.clear();
        assert!(sign(&bad, &log, &[]).is_err());
    }

    #[test]
    fn open_checks_log_and_origin() {
        let log = Signer::from_seed("example.org/log", [1; 32]).unwrap();
        let witness = Signer::from_seed("witness", [2; 32]).unwrap();
        let signed = sign(&cp(), &log, &[&witness]).unwrap();
        let (got, opened) = open_strict(
            signed.as_bytes(),
            "example.org/log",
            &log.verifier(),
            &[witness.verifier()],
        )
        .unwrap();
        assert_eq!(got, cp());
        assert_eq!(opened.verified.len(), 2);
        assert_eq!(
            open(signed.as_bytes(), "other", &log.verifier(), &[])
                .unwrap_err()
                .to_string(),
            "the checkpoint's origin is \"example.org/log\", expected \"other\""
        );
        let by_witness = note::sign(&cp().body(), &[&witness]).unwrap();
        assert_eq!(
            open(
                by_witness.as_bytes(),
                "example.org/log",
                &log.verifier(),
                &[witness.verifier()]
            )
            .unwrap_err(),
            CheckpointError::NotSignedByLog {
                name: "example.org/log".to_string(),
                key_hash: log.key_hash()
            }
        );
    }

    #[test]
    fn strict_errors_say_what_is_wrong() {
        let root = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
        let err = |body: String| Checkpoint::parse_strict(&body).unwrap_err().to_string();
        assert_eq!(
            err(format!("log\n007\n{root}\n")),
            "not a checkpoint: the size \"007\" has a leading zero"
        );
        assert_eq!(
            err(format!("log\n+7\n{root}\n")),
            "not a checkpoint: the size line \"+7\" is not a decimal number"
        );
        assert_eq!(
            err(format!("log\n7\n{root}\n\nx\n")),
            "not a checkpoint: extension line 1 is empty"
        );
        assert_eq!(
            err("log\n7\nAAAA\n".to_string()),
            "not a checkpoint: the root hash is 3 bytes, a SHA-256 root is 32"
        );
        assert_eq!(
            err(format!("log\n18446744073709551616\n{root}\n")),
            "not a checkpoint: the size 18446744073709551616 does not fit in 64 bits"
        );
        assert!(Checkpoint::parse_strict(&format!("log\n0\n{root}\n")).is_ok());
    }
}
