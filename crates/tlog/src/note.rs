//! C2SP signed notes (`c2sp.org/signed-note`) with Ed25519 keys.
//!
//! A note is a UTF-8 text ending in a newline, a blank line, then one or more signature lines
//! `"— " + name + " " + base64(4-byte key hash || signature) + "\n"` (the dash is U+2014). The
//! signature covers the text including its final newline. Keys are written as
//!
//! * verifier keys (public): `name+hhhhhhhh+base64(0x01 || 32-byte public key)`;
//! * signer keys (secret): `PRIVATE+KEY+name+hhhhhhhh+base64(0x01 || 32-byte seed)`;
//!
//! where `hhhhhhhh` is the key hash, the first 4 bytes of `SHA-256(name || "\n" || 0x01 || public
//! key)`, big-endian. Only Ed25519 (type 0x01) is supported; other key types, such as the ECDSA
//! keys (type 0x02) of some transparency logs, are refused with
//! [`NoteError::UnsupportedKeyType`].
//!
//! [`open`] follows Go's `golang.org/x/mod/sumdb/note.Open`: the note is rejected when it is
//! malformed, when a known key's signature fails, when a signature's key is ambiguous among the
//! known keys, or when no known key signed; signatures by unknown keys are listed as unverified;
//! repeated lines are dropped.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// The key type byte of Ed25519 keys.
pub const ALG_ED25519: u8 = 0x01;
/// The key type byte of ECDSA keys (not supported here).
pub const ALG_ECDSA: u8 = 0x02;
/// The most signatures a note may carry (Go's limit; C2SP requires accepting at least 16).
pub const MAX_SIGNATURES: usize = 100;

/// Standard base64 decoding as Go's `base64.StdEncoding` does it: padding required, non-zero
/// trailing bits accepted. Encoding always uses the canonical [`STANDARD`] engine.
pub(crate) const GO_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// Why a key, a note or a signing request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// The note does not have the signed-note syntax.
    #[error("malformed note: {0}")]
    Malformed(String),
    /// A known key's signature does not verify: the whole note is rejected.
    #[error("signature by key {name}+{key_hash:08x} does not verify")]
    InvalidSignature {
        /// The key name.
        name: String,
        /// The key hash.
        key_hash: u32,
    },
    /// No known key signed the note.
    #[error("no signature by a known key (the note is signed by {})", list_or_none(.signed_by))]
    NoVerifiableSignature {
        /// `name+hash` of every key that did sign.
        signed_by: Vec<String>,
    },
    /// Two known keys have the name and key hash of a signature, so it cannot be attributed.
    #[error("ambiguous key {name}+{key_hash:08x}: the known keys hold it more than once")]
    AmbiguousKey {
        /// The key name.
        name: String,
        /// The key hash.
        key_hash: u32,
    },
    /// A key string is not valid.
    #[error("bad key: {0}")]
    BadKey(String),
    /// A key of a type other than Ed25519.
    #[error("key {name}: type 0x{type_byte:02x} ({}) is not supported, only Ed25519 keys (type 0x01) are", type_name(*.type_byte))]
    UnsupportedKeyType {
        /// The key name.
        name: String,
        /// The key type byte.
        type_byte: u8,
    },
    /// The text to sign is not a valid note text.
    #[error("cannot sign: {0}")]
    InvalidText(String),
    /// `sign` or `cosign` was given no signer.
    #[error("cannot sign: no signer given")]
    NoSigners,
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "no key".to_string()
    } else {
        items.join(", ")
    }
}

fn type_name(type_byte: u8) -> &'static str {
    match type_byte {
        ALG_ED25519 => "Ed25519",
        ALG_ECDSA => "ECDSA",
        _ => "unknown",
    }
}

/// Whether `name` can name a key: non-empty, no white space, no `+`.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || c == '+')
}

/// The key hash: the first 4 bytes, big-endian, of `SHA-256(name || "\n" || key)`, where `key` is
/// the type byte followed by the public key.
pub fn key_hash(name: &str, key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update(key);
    let digest = h.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

fn ed25519_key_hash(name: &str, public: &[u8; 32]) -> u32 {
    let mut key = [0u8; 33];
    key[0] = ALG_ED25519;
    key[1..].copy_from_slice(public);
    key_hash(name, &key)
}

fn check_name(name: &str) -> Result<(), NoteError> {
    if is_valid_name(name) {
        Ok(())
    } else {
        Err(NoteError::BadKey(format!(
            "key name {name:?} is empty or holds white space or '+'"
        )))
    }
}

fn parse_hash(hash16: &str) -> Result<u32, NoteError> {
    if hash16.len() != 8 || !hash16.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NoteError::BadKey(format!(
            "key hash {hash16:?} is not 8 hex digits"
        )));
    }
    u32::from_str_radix(hash16, 16).map_err(|e| NoteError::BadKey(e.to_string()))
}

/// Decodes the base64 key part and splits off the type byte; refuses every type but Ed25519.
fn parse_key_material(name: &str, key64: &str, what: &str) -> Result<[u8; 32], NoteError> {
    let key = GO_BASE64
        .decode(key64)
        .map_err(|e| NoteError::BadKey(format!("{what} of {name} is not base64: {e}")))?;
    let (&type_byte, material) = key
        .split_first()
        .ok_or_else(|| NoteError::BadKey(format!("{what} of {name} is empty")))?;
    match type_byte {
        ALG_ED25519 => {}
        ALG_ECDSA => {
            return Err(NoteError::UnsupportedKeyType {
                name: name.to_string(),
                type_byte,
            })
        }
        _ => {
            return Err(NoteError::BadKey(format!(
                "{what} of {name} has the unknown key type 0x{type_byte:02x}"
            )))
        }
    }
    material.try_into().map_err(|_| {
        NoteError::BadKey(format!(
            "{what} of {name} is {} bytes, an Ed25519 key is 32",
            material.len()
        ))
    })
}

/// A public key that verifies signatures: name, key hash and Ed25519 key.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    key_hash: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// Parses a verifier key `name+hhhhhhhh+base64(0x01 || public key)`. Checks the name, that
    /// the key is Ed25519 (ECDSA keys give [`NoteError::UnsupportedKeyType`]), its length, and
    /// that the key hash matches the name and key.
    pub fn new(vkey: &str) -> Result<Self, NoteError> {
        let parts: Vec<&str> = vkey.splitn(3, '+').collect();
        let [name, hash16, key64] = parts[..] else {
            return Err(NoteError::BadKey(format!(
                "a verifier key is name+hash+key, {vkey:?} has {} part(s)",
                parts.len()
            )));
        };
        check_name(name)?;
        let hash = parse_hash(hash16)?;
        let public = parse_key_material(name, key64, "the public key")?;
        let computed = ed25519_key_hash(name, &public);
        if computed != hash {
            return Err(NoteError::BadKey(format!(
                "key hash {hash:08x} of {name} does not match its name and key, which hash to {computed:08x}"
            )));
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| {
            NoteError::BadKey(format!("the public key of {name} is not an Ed25519 point"))
        })?;
        Ok(Self {
            name: name.to_string(),
            key_hash: hash,
            key,
        })
    }

    /// A verifier for the Ed25519 public key `public` named `name`.
    pub fn from_public_key(name: &str, public: [u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = VerifyingKey::from_bytes(&public).map_err(|_| {
            NoteError::BadKey(format!("the public key of {name} is not an Ed25519 point"))
        })?;
        Ok(Self {
            name: name.to_string(),
            key_hash: ed25519_key_hash(name, &public),
            key,
        })
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key hash.
    pub fn key_hash(&self) -> u32 {
        self.key_hash
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The verifier key string `name+hhhhhhhh+base64(0x01 || public key)`.
    pub fn vkey(&self) -> String {
        let mut key = vec![ALG_ED25519];
        key.extend_from_slice(self.key.as_bytes());
        format!(
            "{}+{:08x}+{}",
            self.name,
            self.key_hash,
            STANDARD.encode(key)
        )
    }

    /// Whether `signature` is this key's Ed25519 signature of `msg`.
    pub fn verify(&self, msg: &[u8], signature: &[u8]) -> bool {
        match Signature::from_slice(signature) {
            Ok(sig) => self.key.verify_strict(msg, &sig).is_ok(),
            Err(_) => false,
        }
    }
}

impl FromStr for Verifier {
    type Err = NoteError;

    fn from_str(vkey: &str) -> Result<Self, NoteError> {
        Self::new(vkey)
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Verifier").field(&self.vkey()).finish()
    }
}

impl fmt::Display for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.vkey())
    }
}

/// A secret key that signs notes: name, key hash and Ed25519 key. Its `Debug` shows no secret.
#[derive(Clone)]
pub struct Signer {
    name: String,
    key_hash: u32,
    key: SigningKey,
}

impl Signer {
    /// Parses a signer key `PRIVATE+KEY+name+hhhhhhhh+base64(0x01 || 32-byte seed)` and checks
    /// that the key hash matches the name and the public key derived from the seed.
    pub fn new(skey: &str) -> Result<Self, NoteError> {
        let parts: Vec<&str> = skey.splitn(5, '+').collect();
        let ["PRIVATE", "KEY", name, hash16, key64] = parts[..] else {
            return Err(NoteError::BadKey(
                "a signer key is PRIVATE+KEY+name+hash+key".to_string(),
            ));
        };
        check_name(name)?;
        let hash = parse_hash(hash16)?;
        let seed = parse_key_material(name, key64, "the private key")?;
        let signer = Self::from_seed(name, seed)?;
        if signer.key_hash != hash {
            return Err(NoteError::BadKey(format!(
                "key hash {hash:08x} of {name} does not match its name and key, which hash to {:08x}",
                signer.key_hash
            )));
        }
        Ok(signer)
    }

    /// The signer named `name` whose Ed25519 key is made from the 32-byte `seed`. The seed is
    /// the whole secret: draw it from a good random source.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = SigningKey::from_bytes(&seed);
        Ok(Self {
            name: name.to_string(),
            key_hash: ed25519_key_hash(name, key.verifying_key().as_bytes()),
            key,
        })
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key hash.
    pub fn key_hash(&self) -> u32 {
        self.key_hash
    }

    /// The signer key string `PRIVATE+KEY+name+hhhhhhhh+base64(0x01 || seed)`. It is the secret.
    pub fn skey(&self) -> String {
        let mut key = vec![ALG_ED25519];
        key.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.key_hash,
            STANDARD.encode(key)
        )
    }

    /// The matching verifier.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            key_hash: self.key_hash,
            key: self.key.verifying_key(),
        }
    }

    /// The matching verifier key string.
    pub fn vkey(&self) -> String {
        self.verifier().vkey()
    }

    /// The signature line for `text`: `"— name base64(hash || signature)\n"`.
    fn signature(&self, text: &[u8]) -> Sig {
        let mut raw = Vec::with_capacity(4 + 64);
        raw.extend_from_slice(&self.key_hash.to_be_bytes());
        raw.extend_from_slice(&self.key.sign(text).to_bytes());
        Sig {
            name: self.name.clone(),
            key_hash: self.key_hash,
            base64: STANDARD.encode(raw),
        }
    }
}

impl FromStr for Signer {
    type Err = NoteError;

    fn from_str(skey: &str) -> Result<Self, NoteError> {
        Self::new(skey)
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("name", &self.name)
            .field("key_hash", &format_args!("{:08x}", self.key_hash))
            .finish_non_exhaustive()
    }
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sig {
    /// The key name.
    pub name: String,
    /// The key hash (the first 4 bytes of the decoded base64).
    pub key_hash: u32,
    /// The base64 of key hash and signature, as written in the note.
    pub base64: String,
}

impl Sig {
    /// The signature line, `"— name base64\n"`.
    pub fn line(&self) -> String {
        format!("— {} {}\n", self.name, self.base64)
    }
}

/// A note whose signatures were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// The signed text, ending in a newline.
    pub text: String,
    /// The signatures by known keys, all valid, in note order (one per key).
    pub verified: Vec<Sig>,
    /// The signatures by unknown keys, unchecked, in note order (repeated lines dropped).
    pub unverified: Vec<Sig>,
}

impl Opened {
    /// Whether `key` is among the keys whose signatures verified.
    pub fn is_signed_by(&self, key: &Verifier) -> bool {
        self.verified
            .iter()
            .any(|s| s.name == key.name() && s.key_hash == key.key_hash())
    }
}

/// A signature line as parsed, with its decoded signature.
struct RawSig<'a> {
    line: &'a str,
    sig: Sig,
    signature: Vec<u8>,
}

/// Splits a note into its text and signature lines, checking the syntax only.
fn split_note(msg: &[u8]) -> Result<(&str, Vec<RawSig<'_>>), NoteError> {
    let note = std::str::from_utf8(msg)
        .map_err(|e| NoteError::Malformed(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    if let Some((at, c)) = note.char_indices().find(|&(_, c)| c < ' ' && c != '\n') {
        return Err(NoteError::Malformed(format!(
            "control character U+{:04X} at byte {at}",
            u32::from(c)
        )));
    }
    let split = note.rfind("\n\n").ok_or_else(|| {
        NoteError::Malformed("no blank line between the text and the signatures".to_string())
    })?;
    let (text, block) = (&note[..split + 1], &note[split + 2..]);
    if block.is_empty() {
        return Err(NoteError::Malformed(
            "no signature line after the blank line".to_string(),
        ));
    }
    let Some(block) = block.strip_suffix('\n') else {
        return Err(NoteError::Malformed(
            "the last signature line does not end in a newline".to_string(),
        ));
    };
    let mut sigs = Vec::new();
    for (i, line) in block.split('\n').enumerate() {
        let n = i + 1;
        let rest = line.strip_prefix("— ").ok_or_else(|| {
            NoteError::Malformed(format!(
                "signature line {n} does not start with \"— \": {line:?}"
            ))
        })?;
        let (name, b64) = rest.split_once(' ').unwrap_or((rest, ""));
        if !is_valid_name(name) {
            return Err(NoteError::Malformed(format!(
                "signature line {n} has an invalid key name {name:?}"
            )));
        }
        let raw = GO_BASE64.decode(b64).map_err(|e| {
            NoteError::Malformed(format!("signature line {n} ({name}) is not base64: {e}"))
        })?;
        if raw.len() < 5 {
            return Err(NoteError::Malformed(format!(
                "signature line {n} ({name}) is too short: {} bytes",
                raw.len()
            )));
        }
        if n > MAX_SIGNATURES {
            return Err(NoteError::Malformed(format!(
                "more than {MAX_SIGNATURES} signatures"
            )));
        }
        let key_hash = u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]);
        sigs.push(RawSig {
            line,
            sig: Sig {
                name: name.to_string(),
                key_hash,
                base64: b64.to_string(),
            },
            signature: raw[4..].to_vec(),
        });
    }
    Ok((text, sigs))
}

/// Splits a note into its text and signatures **without checking any signature**: for looking
/// at a note before knowing which keys to trust. Use [`open`] to verify.
pub fn parse(note: &[u8]) -> Result<(String, Vec<Sig>), NoteError> {
    let (text, sigs) = split_note(note)?;
    Ok((text.to_string(), sigs.into_iter().map(|s| s.sig).collect()))
}

/// Opens a note with the given known keys (Go `note.Open` semantics): every signature by a known
/// key must verify ([`NoteError::InvalidSignature`] otherwise), at least one must exist
/// ([`NoteError::NoVerifiableSignature`]), and a signature whose name and key hash match two
/// known keys is [`NoteError::AmbiguousKey`]. Signatures by unknown keys are returned unchecked;
/// repeated signatures by one known key and repeated unknown lines are dropped.
pub fn open(note: &[u8], known: &[Verifier]) -> Result<Opened, NoteError> {
    let (text, sigs) = split_note(note)?;
    let mut verified = Vec::new();
    let mut unverified = Vec::new();
    let mut seen_keys = HashSet::new();
    let mut seen_lines = HashSet::new();
    for raw in sigs {
        let mut matches = known
            .iter()
            .filter(|v| v.name == raw.sig.name && v.key_hash == raw.sig.key_hash);
        let Some(verifier) = matches.next() else {
            if seen_lines.insert(raw.line) {
                unverified.push(raw.sig);
            }
            continue;
        };
        if matches.next().is_some() {
            return Err(NoteError::AmbiguousKey {
                name: raw.sig.name,
                key_hash: raw.sig.key_hash,
            });
        }
        if !seen_keys.insert((raw.sig.name.clone(), raw.sig.key_hash)) {
            continue;
        }
        if !verifier.verify(text.as_bytes(), &raw.signature) {
            return Err(NoteError::InvalidSignature {
                name: raw.sig.name,
                key_hash: raw.sig.key_hash,
            });
        }
        verified.push(raw.sig);
    }
    if verified.is_empty() {
        return Err(NoteError::NoVerifiableSignature {
            signed_by: unverified
                .iter()
                .map(|s| format!("{}+{:08x}", s.name, s.key_hash))
                .collect(),
        });
    }
    Ok(Opened {
        text: text.to_string(),
        verified,
        unverified,
    })
}

/// Checks that `text` can be the text of a note: non-empty, ending in a newline, no control
/// character but the newline.
fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::InvalidText(
            "the text does not end in a newline".to_string(),
        ));
    }
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| c < ' ' && c != '\n') {
        return Err(NoteError::InvalidText(format!(
            "the text holds the control character U+{:04X} at byte {at}",
            u32::from(c)
        )));
    }
    Ok(())
}

/// Writes the note: text, blank line, the kept old signature lines, then the new signatures by
/// `signers` (one per key).
fn assemble(text: &str, old: &[RawSig<'_>], signers: &[&Signer]) -> Result<String, NoteError> {
    if signers.is_empty() {
        return Err(NoteError::NoSigners);
    }
    let mut new_keys = HashSet::new();
    let new: Vec<Sig> = signers
        .iter()
        .filter(|s| new_keys.insert((s.name.as_str(), s.key_hash)))
        .map(|s| s.signature(text.as_bytes()))
        .collect();
    let mut seen_lines = HashSet::new();
    let kept: Vec<&str> = old
        .iter()
        .filter(|raw| !new_keys.contains(&(raw.sig.name.as_str(), raw.sig.key_hash)))
        .filter(|raw| seen_lines.insert(raw.line))
        .map(|raw| raw.line)
        .collect();
    if kept.len() + new.len() > MAX_SIGNATURES {
        return Err(NoteError::InvalidText(format!(
            "the note would carry {} signatures, more than {MAX_SIGNATURES}",
            kept.len() + new.len()
        )));
    }
    let mut out = String::with_capacity(text.len() + 1 + 100 * (kept.len() + new.len()));
    out.push_str(text);
    out.push('\n');
    for line in kept {
        out.push_str(line);
        out.push('\n');
    }
    for sig in &new {
        out.push_str(&sig.line());
    }
    Ok(out)
}

/// Signs `text` (non-empty, ending in a newline, no control characters) with each signer, in
/// order; a key given twice signs once.
pub fn sign(text: &str, signers: &[&Signer]) -> Result<String, NoteError> {
    check_text(text)?;
    assemble(text, &[], signers)
}

/// Merge the signatures of `note` with new ones (cosigning by partners): the note's signature
/// lines are kept in order (repeated lines once), except those by the new signers' keys, which
/// are replaced; the new signatures follow. The existing signatures are **not** checked: open the
/// note with the keys you trust before cosigning it.
pub fn cosign(note: &str, signers: &[&Signer]) -> Result<String, NoteError> {
    let (text, old) = split_note(note.as_bytes())?;
    assemble(text, &old, signers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(name: &str, seed: u8) -> Signer {
        Signer::from_seed(name, [seed; 32]).unwrap()
    }

    #[test]
    fn keys_round_trip() {
        let s = signer("example.org/log", 3);
        let again = Signer::new(&s.skey()).unwrap();
        assert_eq!(again.skey(), s.skey());
        let v = Verifier::new(&s.vkey()).unwrap();
        assert_eq!(v, s.verifier());
        assert_eq!(v.name(), "example.org/log");
        assert_eq!(v.key_hash(), s.key_hash());
        assert_eq!(
            Verifier::from_public_key("example.org/log", v.public_key()).unwrap(),
            v
        );
        assert!(!format!("{s:?}").contains(&s.skey()[20..]));
        assert!(Signer::from_seed("bad name", [0; 32]).is_err());
        assert!(Signer::from_seed("bad+name", [0; 32]).is_err());
    }

    #[test]
    fn sign_and_open() {
        let a = signer("a", 1);
        let b = signer("b", 2);
        let note = sign("hello\n", &[&a, &b, &a]).unwrap();
        assert_eq!(note.matches('—').count(), 2);
        let opened = open(note.as_bytes(), &[b.verifier()]).unwrap();
        assert_eq!(opened.text, "hello\n");
        assert_eq!(opened.verified.len(), 1);
        assert_eq!(opened.verified[0].name, "b");
        assert_eq!(opened.unverified.len(), 1);
        assert_eq!(opened.unverified[0].name, "a");
        assert!(opened.is_signed_by(&b.verifier()));
        assert!(!opened.is_signed_by(&a.verifier()));
        assert_eq!(
            "x\n".parse::<Signer>().unwrap_err().to_string(),
            "bad key: a signer key is PRIVATE+KEY+name+hash+key"
        );
        assert_eq!(
            sign("hello", &[&a]).unwrap_err().to_string(),
            "cannot sign: the text does not end in a newline"
        );
        assert!(matches!(
            sign("a\tb\n", &[&a]),
            Err(NoteError::InvalidText(_))
        ));
        assert_eq!(sign("hello\n", &[]), Err(NoteError::NoSigners));
        let err = open(note.as_bytes(), &[signer("c", 3).verifier()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no signature by a known key (the note is signed by a+{:08x}, b+{:08x})",
                a.key_hash(),
                b.key_hash()
            )
        );
    }

    #[test]
    fn tampered_text_is_rejected() {
        let a = signer("a", 1);
        let note = sign("size 5\n", &[&a]).unwrap().replace("5", "6");
        assert_eq!(
            open(note.as_bytes(), &[a.verifier()]).unwrap_err(),
            NoteError::InvalidSignature {
                name: "a".to_string(),
                key_hash: a.key_hash()
            }
        );
        assert_eq!(
            open(note.as_bytes(), &[a.verifier()])
                .unwrap_err()
                .to_string(),
            format!("signature by key a+{:08x} does not verify", a.key_hash())
        );
    }

    #[test]
    fn cosign_merges_and_deduplicates() {
        let log = signer("log", 1);
        let w1 = signer("witness1", 2);
        let w2 = signer("witness2", 3);
        let signed = sign("checkpoint\n", &[&log]).unwrap();
        let log_line = signed.lines().last().unwrap().to_string();

        // A partner adds a signature after the log's.
        let one = cosign(&signed, &[&w1]).unwrap();
        let lines: Vec<&str> = one.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[2], log_line);
        assert!(lines[3].starts_with("— witness1 "));

        // Cosigning again with the same key replaces its line rather than adding another.
        let again = cosign(&one, &[&w1]).unwrap();
        assert_eq!(again, one);

        // A second partner, and a duplicated key in the list, give one line each.
        let two = cosign(&again, &[&w2, &w2]).unwrap();
        let opened = open(
            two.as_bytes(),
            &[log.verifier(), w1.verifier(), w2.verifier()],
        )
        .unwrap();
        let names: Vec<&str> = opened.verified.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["log", "witness1", "witness2"]);

        // Repeated old lines are kept once; the text is untouched.
        let doubled = format!("{two}{log_line}\n");
        let merged = cosign(&doubled, &[&w2]).unwrap();
        assert_eq!(merged, two);

        // Cosigning a note with another's signature merged gives the same as signing together.
        assert_eq!(
            cosign(&signed, &[&w1, &w2]).unwrap(),
            sign("checkpoint\n", &[&log, &w1, &w2]).unwrap()
        );

        assert!(matches!(
            cosign("no signatures\n", &[&w1]),
            Err(NoteError::Malformed(_))
        ));
        assert_eq!(cosign(&signed, &[]), Err(NoteError::NoSigners));
    }

    #[test]
    fn malformed_notes_say_why() {
        let a = signer("a", 1);
        let known = [a.verifier()];
        let err = |note: &str| open(note.as_bytes(), &known).unwrap_err().to_string();
        assert_eq!(
            err("text\n"),
            "malformed note: no blank line between the text and the signatures"
        );
        assert_eq!(
            err("text\n\n"),
            "malformed note: no signature line after the blank line"
        );
        assert_eq!(
            err("text\n\nnot a signature\n"),
            "malformed note: signature line 1 does not start with \"— \": \"not a signature\""
        );
        assert_eq!(
            err("te\u{7}xt\n\n— a AAAA\n"),
            "malformed note: control character U+0007 at byte 2"
        );
    }
}
