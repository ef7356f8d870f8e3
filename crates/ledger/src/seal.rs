//! Protection of people: witnesses' and sources' identities kept apart from what they said,
//! sealed at rest, and replaced by stable pseudonyms everywhere else.
//!
//! An identity is sealed with XChaCha20-Poly1305 under the node's identity key, with its
//! pseudonym as associated data, so that a sealed row moved to another pseudonym no longer
//! opens. The log itself records only the pseudonym and a commitment, SHA-256(salt ‖ identity),
//! whose salt is sealed with the identity: the ledger can later prove to a court who a
//! pseudonym stood for, and nobody reading the log or an export can learn it.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::blob::{random_bytes, Digest256};
use crate::error::{Error, Result};

/// Who a protected person is. Never written to the log or an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Their name.
    pub name: String,
    /// How to reach them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Anything else the documenter must keep (safety notes, consent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The key that seals identities. Holding it is what clearance means on this node.
pub struct IdentityKey([u8; 32]);

impl std::fmt::Debug for IdentityKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityKey(…)")
    }
}

impl IdentityKey {
    /// A new random key.
    pub fn generate() -> Result<IdentityKey> {
        Ok(IdentityKey(random_bytes()?))
    }

    /// The key as 64 hex digits, for its key file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Read a key file's text.
    pub fn from_hex(text: &str) -> Result<IdentityKey> {
        let mut key = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut key).map_err(|_| {
            Error::Invalid("an identity key is 64 hex digits; this one is not".into())
        })?;
        Ok(IdentityKey(key))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }
}

#[derive(Serialize, Deserialize)]
struct Plain {
    salt: String,
    identity: Identity,
}

/// The commitment the log records: SHA-256 over the salt and the identity's JSON.
pub fn commitment(salt: &[u8; 32], identity: &Identity) -> Digest256 {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(serde_json::to_vec(identity).expect("an identity serialises"));
    Digest256(h.finalize().into())
}

/// Seal an identity for `pseudonym`: the sealed bytes (nonce ‖ ciphertext) and the commitment.
pub fn seal(
    key: &IdentityKey,
    pseudonym: &str,
    identity: &Identity,
) -> Result<(Vec<u8>, Digest256)> {
    let salt: [u8; 32] = random_bytes()?;
    let nonce: [u8; 24] = random_bytes()?;
    let plain = serde_json::to_vec(&Plain {
        salt: hex::encode(salt),
        identity: identity.clone(),
    })
    .expect("an identity serialises");
    let ct = key
        .cipher()
        .encrypt(
            &nonce.into(),
            Payload {
                msg: &plain,
                aad: pseudonym.as_bytes(),
            },
        )
        .map_err(|_| Error::Invalid("sealing failed".into()))?;
    let mut out = Vec::with_capacity(24 + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok((out, commitment(&salt, identity)))
}

/// Open a sealed identity and check it against the commitment in the log.
pub fn open(
    key: &IdentityKey,
    pseudonym: &str,
    sealed: &[u8],
    committed: &Digest256,
) -> Result<(Identity, [u8; 32])> {
    let bad = || Error::Unsealable(pseudonym.to_string());
    if sealed.len() < 24 {
        return Err(bad());
    }
    let (nonce, ct) = sealed.split_at(24);
    let nonce: [u8; 24] = nonce.try_into().expect("24 bytes");
    let plain = key
        .cipher()
        .decrypt(
            &nonce.into(),
            Payload {
                msg: ct,
                aad: pseudonym.as_bytes(),
            },
        )
        .map_err(|_| bad())?;
    let plain: Plain = serde_json::from_slice(&plain).map_err(|_| bad())?;
    let mut salt = [0u8; 32];
    hex::decode_to_slice(&plain.salt, &mut salt).map_err(|_| bad())?;
    if commitment(&salt, &plain.identity) != *committed {
        return Err(Error::Damaged(format!(
            "the sealed identity of {pseudonym} does not match the commitment the log recorded"
        )));
    }
    Ok((plain.identity, salt))
}

/// A new pseudonym: `W-` for a witness, `S-` for a source, then 8 characters of Crockford
/// base32 (40 random bits), easy to read aloud and never mistaken (no I, L, O, U).
pub fn pseudonym(role: &str) -> Result<String> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let prefix = match role {
        "witness" => "W",
        "source" => "S",
        other => {
            return Err(Error::Invalid(format!(
                "a protected person is a witness or a source, not {other:?}"
            )))
        }
    };
    let bytes: [u8; 5] = random_bytes()?;
    let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | *b as u64);
    let mut chars = [0u8; 8];
    for c in chars.iter_mut().rev() {
        *c = ALPHABET[(bits & 31) as usize];
        bits >>= 5;
    }
    Ok(format!(
        "{prefix}-{}",
        std::str::from_utf8(&chars).expect("ASCII")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> Identity {
        Identity {
            name: "Kim Mi-ran".into(),
            contact: Some("+82 10 0000 0000".into()),
            notes: None,
        }
    }

    #[test]
    fn a_sealed_identity_opens_only_with_its_key_and_pseudonym() {
        let key = IdentityKey::generate().unwrap();
        let (sealed, commit) = seal(&key, "W-ABCDEFGH", &person()).unwrap();
        let text = String::from_utf8_lossy(&sealed);
        assert!(!text.contains("Kim"), "sealed bytes must not show the name");
        let (who, salt) = open(&key, "W-ABCDEFGH", &sealed, &commit).unwrap();
        assert_eq!(who, person());
        assert_eq!(commitment(&salt, &who), commit);

        let other = IdentityKey::generate().unwrap();
        assert!(matches!(
            open(&other, "W-ABCDEFGH", &sealed, &commit),
            Err(Error::Unsealable(_))
        ));
        // Moved to another pseudonym: does not open.
        assert!(open(&key, "W-ZZZZZZZZ", &sealed, &commit).is_err());
        // A flipped bit: does not open.
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(open(&key, "W-ABCDEFGH", &flipped, &commit).is_err());
        // A substituted identity sealed under the same key: opens, but contradicts the log.
        let (forged, _) = seal(
            &key,
            "W-ABCDEFGH",
            &Identity {
                name: "Someone else".into(),
                contact: None,
                notes: None,
            },
        )
        .unwrap();
        assert!(matches!(
            open(&key, "W-ABCDEFGH", &forged, &commit),
            Err(Error::Damaged(_))
        ));
        // Two seals of one identity give different commitments (salted).
        let (_, again) = seal(&key, "W-ABCDEFGH", &person()).unwrap();
        assert_ne!(again, commit);
    }

    #[test]
    fn pseudonyms_are_readable_and_typed() {
        let w = pseudonym("witness").unwrap();
        assert!(w.starts_with("W-") && w.len() == 10, "{w}");
        assert!(w[2..]
            .chars()
            .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c))));
        assert!(pseudonym("source").unwrap().starts_with("S-"));
        assert!(pseudonym("suspect").is_err());
        assert_ne!(pseudonym("witness").unwrap(), w);
        let key = IdentityKey::generate().unwrap();
        assert_eq!(IdentityKey::from_hex(&key.to_hex()).unwrap().0, key.0);
        assert!(IdentityKey::from_hex("abc").is_err());
    }
}
