//! Addresses: validation and normalisation per chain.
//!
//! * Ethereum and EVM chains: `0x` + 40 hex digits. A mixed-case address carries an EIP-55
//!   checksum, which must be right; an all-lower (or all-upper) address is valid but unchecked.
//!   The EIP-55 computation is `ce2_screen::identifiers::eip55`, shared with screening.
//! * Bitcoin-family Base58Check (P2PKH `1…`, P2SH `3…`, testnet, Litecoin, Dogecoin, Dash,
//!   Bitcoin Gold, Zcash transparent), TRON (`T…`, version byte 0x41) and XRP (`r…`, Ripple's
//!   alphabet): the four-byte double-SHA-256 checksum must be right and the version byte known.
//! * Segwit: bech32 for witness version 0, bech32m for versions 1 and above (BIP-173, BIP-350),
//!   for the `bc`, `tb`, `bcrt` and `ltc` prefixes.
//!
//! [`parse`] tells which, checks the checksum and gives the normalised form used as the key of
//! the transfer graph and of the label index ([`key`]): EVM addresses in lower case, bech32 in
//! lower case, Base58 exactly as written (it is case-sensitive).

use serde::Serialize;
use thiserror::Error;

/// What kind of address a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    /// Ethereum or another EVM chain.
    Evm,
    /// Pay-to-public-key-hash (Base58Check).
    P2pkh,
    /// Pay-to-script-hash (Base58Check).
    P2sh,
    /// Segwit, with its witness version (0: bech32; 1 and above: bech32m).
    Segwit(u8),
    /// TRON (Base58Check, version byte 0x41).
    Tron,
}

/// Whether the address carried a checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Checksum {
    /// It carried one and it is right.
    Valid,
    /// It carries none (an all-lower-case or all-upper-case EVM address): only the form could
    /// be checked.
    Unchecked,
}

/// A valid address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    /// The key form: lower case for EVM and bech32, as written for Base58.
    pub normalized: String,
    /// The form to show: EIP-55 for EVM, otherwise the normalised form.
    pub display: String,
    /// What kind of address.
    pub kind: AddressKind,
    /// The network the version byte or prefix names (`bitcoin`, `bitcoin-testnet`, `litecoin`,
    /// `dogecoin`, `dash`, `zcash`, `tron`, `evm`).
    pub network: &'static str,
    /// Whether a checksum was checked.
    pub checksum: Checksum,
}

/// Why a text is not a valid address.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AddressError {
    /// Nothing there.
    #[error("empty address")]
    Empty,
    /// The form is right but the checksum is wrong: a typo, or a look-alike.
    #[error("bad checksum in {0:?}")]
    BadChecksum(String),
    /// A known form with something wrong (length, characters, witness program).
    #[error("malformed address {0:?}: {1}")]
    Malformed(String, String),
    /// A Base58Check payload with a version byte this crate does not know.
    #[error("unknown Base58Check version {1:#04x} in {0:?}")]
    UnknownVersion(String, u16),
    /// No known address form.
    #[error("not an address of a known form: {0:?}")]
    UnknownFormat(String),
}

/// Check and normalise an address of any supported chain.
pub fn parse(raw: &str) -> Result<Address, AddressError> {
    let a = raw.trim();
    if a.is_empty() {
        return Err(AddressError::Empty);
    }
    if a.len() >= 2 && (a.starts_with("0x") || a.starts_with("0X")) {
        return parse_evm(a);
    }
    let lower = a.to_ascii_lowercase();
    if ["bc1", "tb1", "bcrt1", "ltc1"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return parse_segwit(a);
    }
    parse_base58(a)
}

/// The key an address is indexed by: its normalised form when valid, otherwise the screening
/// normalisation of `ce2_screen::identifiers::crypto` (lower-case EVM and bech32), so that an
/// address with a bad checksum still meets the same address written correctly.
pub fn key(raw: &str) -> String {
    match parse(raw) {
        Ok(a) => a.normalized,
        Err(_) => ce2_screen::identifiers::crypto(raw).unwrap_or_else(|| raw.trim().to_string()),
    }
}

fn parse_evm(a: &str) -> Result<Address, AddressError> {
    let body = &a[2..];
    if body.len() != 40 {
        return Err(AddressError::Malformed(
            a.to_string(),
            format!("{} hex digits, not 40", body.len()),
        ));
    }
    if !body.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AddressError::Malformed(
            a.to_string(),
            "not hexadecimal".to_string(),
        ));
    }
    let normalized = format!("0x{}", body.to_ascii_lowercase());
    let display = ce2_screen::identifiers::eip55(&normalized).unwrap_or_else(|| normalized.clone());
    let single_case = body == body.to_ascii_lowercase() || body == body.to_ascii_uppercase();
    let checksum = if single_case {
        Checksum::Unchecked
    } else if display[2..] == *body {
        Checksum::Valid
    } else {
        return Err(AddressError::BadChecksum(a.to_string()));
    };
    Ok(Address {
        normalized,
        display,
        kind: AddressKind::Evm,
        network: "evm",
        checksum,
    })
}

fn parse_segwit(a: &str) -> Result<Address, AddressError> {
    use bech32::primitives::decode::{ChecksumError, SegwitHrpstring, SegwitHrpstringError};
    match SegwitHrpstring::new(a) {
        Ok(parsed) => {
            let normalized = a.to_ascii_lowercase();
            let network = match parsed.hrp().to_lowercase().as_str() {
                "bc" => "bitcoin",
                "tb" | "bcrt" => "bitcoin-testnet",
                "ltc" => "litecoin",
                _ => "unknown",
            };
            Ok(Address {
                display: normalized.clone(),
                normalized,
                kind: AddressKind::Segwit(parsed.witness_version().to_u8()),
                network,
                checksum: Checksum::Valid,
            })
        }
        Err(SegwitHrpstringError::Checksum(ChecksumError::InvalidResidue)) => {
            Err(AddressError::BadChecksum(a.to_string()))
        }
        Err(e) => Err(AddressError::Malformed(a.to_string(), e.to_string())),
    }
}

fn parse_base58(a: &str) -> Result<Address, AddressError> {
    // XRP: Base58Check in Ripple's alphabet, version 0 ("r…").
    if a.starts_with('r') {
        if let Ok(b) = bs58::decode(a)
            .with_alphabet(bs58::Alphabet::RIPPLE)
            .with_check(None)
            .into_vec()
        {
            if b.len() == 21 && b[0] == 0 {
                return Ok(Address {
                    normalized: a.to_string(),
                    display: a.to_string(),
                    kind: AddressKind::P2pkh,
                    network: "xrp",
                    checksum: Checksum::Valid,
                });
            }
        }
    }
    // Base58Check addresses carry a 21- or 22-byte payload and 4 bytes of checksum; other
    // Base58 forms (Monero's block-wise Base58, Solana keys) are not Base58Check.
    match bs58::decode(a).into_vec() {
        Ok(raw) if matches!(raw.len(), 25 | 26) => {}
        _ => return Err(AddressError::UnknownFormat(a.to_string())),
    }
    let bytes = match bs58::decode(a).with_check(None).into_vec() {
        Ok(b) => b,
        Err(bs58::decode::Error::InvalidChecksum { .. }) => {
            return Err(AddressError::BadChecksum(a.to_string()))
        }
        Err(_) => return Err(AddressError::UnknownFormat(a.to_string())),
    };
    let (kind, network) = match (bytes.len(), bytes.first().copied()) {
        (21, Some(0x00)) => (AddressKind::P2pkh, "bitcoin"),
        (21, Some(0x05)) => (AddressKind::P2sh, "bitcoin"),
        (21, Some(0x6f)) => (AddressKind::P2pkh, "bitcoin-testnet"),
        (21, Some(0xc4)) => (AddressKind::P2sh, "bitcoin-testnet"),
        (21, Some(0x30)) => (AddressKind::P2pkh, "litecoin"),
        (21, Some(0x32)) => (AddressKind::P2sh, "litecoin"),
        (21, Some(0x1e)) => (AddressKind::P2pkh, "dogecoin"),
        (21, Some(0x16)) => (AddressKind::P2sh, "dogecoin"),
        (21, Some(0x4c)) => (AddressKind::P2pkh, "dash"),
        (21, Some(0x10)) => (AddressKind::P2sh, "dash"),
        (21, Some(0x41)) => (AddressKind::Tron, "tron"),
        (21, Some(0x26)) => (AddressKind::P2pkh, "bitcoin-gold"),
        (21, Some(0x17)) => (AddressKind::P2sh, "bitcoin-gold"),
        (22, Some(0x1c)) if matches!(bytes[1], 0xb8 | 0xbd) => (
            if bytes[1] == 0xb8 {
                AddressKind::P2pkh
            } else {
                AddressKind::P2sh
            },
            "zcash",
        ),
        (21, Some(v)) => return Err(AddressError::UnknownVersion(a.to_string(), u16::from(v))),
        (22, Some(v)) => {
            return Err(AddressError::UnknownVersion(
                a.to_string(),
                u16::from(v) << 8 | u16::from(bytes[1]),
            ))
        }
        _ => return Err(AddressError::UnknownFormat(a.to_string())),
    };
    Ok(Address {
        normalized: a.to_string(),
        display: a.to_string(),
        kind,
        network,
        checksum: Checksum::Valid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_checksums() {
        let ok: &[(&str, AddressKind, &str, Checksum)] = &[
            (
                "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
                AddressKind::Evm,
                "evm",
                Checksum::Valid,
            ),
            (
                "0x098b716b8aaf21512996dc57eb0615e2383e2f96",
                AddressKind::Evm,
                "evm",
                Checksum::Unchecked,
            ),
            (
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                AddressKind::P2pkh,
                "bitcoin",
                Checksum::Valid,
            ),
            (
                "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                AddressKind::P2sh,
                "bitcoin",
                Checksum::Valid,
            ),
            (
                "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                AddressKind::Segwit(0),
                "bitcoin",
                Checksum::Valid,
            ),
            (
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
                AddressKind::Segwit(1),
                "bitcoin",
                Checksum::Valid,
            ),
            (
                "TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz",
                AddressKind::Tron,
                "tron",
                Checksum::Valid,
            ),
        ];
        for (raw, kind, network, checksum) in ok {
            let a = parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(
                (a.kind, a.network, a.checksum),
                (*kind, *network, *checksum),
                "{raw}"
            );
        }
        let a = parse("0x098b716b8aaf21512996dc57eb0615e2383e2f96").unwrap();
        assert_eq!(a.display, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96");
        assert_eq!(a.normalized, "0x098b716b8aaf21512996dc57eb0615e2383e2f96");
        assert_eq!(
            parse("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
                .unwrap()
                .normalized,
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
        );

        // One character changed in each form.
        for bad in [
            "0x098B716B8Aaf21512996dC57EB0615e2383E2f97",
            "0x098B716B8Aaf21512996dC57EB0615e2383E2F96",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
            "TA3941uFAvmVibSkQ6fMJXxmaSNovX86mZ",
        ] {
            assert!(
                matches!(parse(bad), Err(AddressError::BadChecksum(_))),
                "{bad}: {:?}",
                parse(bad)
            );
        }
        // A version-0 program under a bech32m checksum (BIP-350 test vector) is refused.
        assert!(parse("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh").is_err());
        assert!(matches!(parse("0x1234"), Err(AddressError::Malformed(..))));
        assert!(matches!(parse(""), Err(AddressError::Empty)));
        assert!(parse("not an address").is_err());
        assert_eq!(
            key("0x098B716B8Aaf21512996dC57EB0615e2383E2f97"),
            "0x098b716b8aaf21512996dc57eb0615e2383e2f97"
        );
    }
}
