//! Identifiers as screening compares them: IMO and MMSI numbers, passport and national ids,
//! crypto addresses per chain, e-mail addresses, phone numbers and web domains.
//!
//! An identifier hit is exact: two values hit when their normalised forms are equal, never
//! "nearly". Normalisation removes only what does not change the identifier (spacing, case where
//! case carries no meaning, an `IMO` prefix, `www.`); it never guesses.

use sha3::{Digest, Keccak256};

/// The kinds of identifier screening indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKind {
    /// IMO ship (or company) number: seven digits.
    Imo,
    /// Maritime Mobile Service Identity: nine digits.
    Mmsi,
    /// A passport, national id, registration or tax number.
    Document,
    /// A crypto wallet address.
    Crypto,
    /// An e-mail address.
    Email,
    /// A telephone number.
    Phone,
    /// A web domain.
    Domain,
}

impl IdKind {
    /// A short name for explanations.
    pub fn name(self) -> &'static str {
        match self {
            IdKind::Imo => "IMO number",
            IdKind::Mmsi => "MMSI",
            IdKind::Document => "document number",
            IdKind::Crypto => "wallet address",
            IdKind::Email => "e-mail",
            IdKind::Phone => "phone",
            IdKind::Domain => "web domain",
        }
    }

    /// The kind of identifier an FtM property holds, if it is one screening matches on.
    pub fn of_property(prop: &str) -> Option<IdKind> {
        Some(match prop {
            "imoNumber" => IdKind::Imo,
            "mmsi" => IdKind::Mmsi,
            "passportNumber"
            | "idNumber"
            | "registrationNumber"
            | "taxNumber"
            | "vatCode"
            | "innCode"
            | "ogrnCode"
            | "leiCode"
            | "swiftBic"
            | "socialSecurityNumber"
            | "dunsCode"
            | "okpoCode"
            | "callSign"
            | "serialNumber" => IdKind::Document,
            "publicKey" => IdKind::Crypto,
            "email" => IdKind::Email,
            "phone" => IdKind::Phone,
            "website" => IdKind::Domain,
            _ => return None,
        })
    }
}

/// The seven digits of a valid IMO number (`IMO 9354521`, `9354521`), or `None` when the text
/// holds no seven-digit number or its check digit is wrong.
///
/// Ship IMO numbers carry a check digit (the first six digits weighted 7..2, summed, mod 10);
/// IMO company and registered-owner numbers do not, so `check` is for ships only.
pub fn imo(raw: &str, check: bool) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 7 {
        return None;
    }
    if check && !imo_check_digit_ok(&digits) {
        return None;
    }
    Some(digits)
}

/// Whether a seven-digit IMO ship number's check digit is right.
pub fn imo_check_digit_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 7 {
        return false;
    }
    let sum: u32 = d[..6].iter().zip((2..=7).rev()).map(|(x, w)| x * w).sum();
    sum % 10 == d[6]
}

/// A nine-digit MMSI.
pub fn mmsi(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 9 && raw.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()))
        .then_some(digits)
}

/// A document number: letters and digits only, upper case (`PS 472-330 208` → `PS472330208`).
/// Numbers shorter than four characters identify nothing and are refused.
pub fn document(raw: &str) -> Option<String> {
    let s: String = raw
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    (s.chars().count() >= 4).then_some(s)
}

/// The chain family of an address, told by its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    /// Ethereum and EVM chains (`0x` + 40 hex digits).
    Evm,
    /// Bitcoin-family bech32 / bech32m (`bc1…`, `ltc1…`, `tb1…`): case-insensitive.
    Bech32,
    /// Base58 (Bitcoin legacy, Tron `T…`, and others): case-sensitive.
    Base58,
    /// Anything else: compared exactly.
    Other,
}

/// The chain family of an address.
pub fn chain_of(address: &str) -> Chain {
    let a = address.trim();
    if a.len() == 42
        && (a.starts_with("0x") || a.starts_with("0X"))
        && a[2..].bytes().all(|b| b.is_ascii_hexdigit())
    {
        Chain::Evm
    } else if ["bc1", "tb1", "ltc1", "bcrt1"]
        .iter()
        .any(|p| a.to_lowercase().starts_with(p))
        && (a == a.to_lowercase() || a == a.to_uppercase())
    {
        Chain::Bech32
    } else if !a.is_empty()
        && a.bytes()
            .all(|b| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l'))
    {
        Chain::Base58
    } else {
        Chain::Other
    }
}

/// A crypto address as screening compares it: EVM addresses in lower case (their EIP-55 mixed
/// case is a checksum, not part of the address), bech32 in lower case, everything else exactly
/// as written (Base58 is case-sensitive).
pub fn crypto(raw: &str) -> Option<String> {
    let a = raw.trim();
    if a.len() < 20 || a.chars().any(char::is_whitespace) {
        return None;
    }
    Some(match chain_of(a) {
        Chain::Evm => format!("0x{}", a[2..].to_lowercase()),
        Chain::Bech32 => a.to_lowercase(),
        Chain::Base58 | Chain::Other => a.to_string(),
    })
}

/// The EIP-55 checksummed form of an EVM address, for display (`None` if not one).
pub fn eip55(address: &str) -> Option<String> {
    if chain_of(address) != Chain::Evm {
        return None;
    }
    let lower = address[2..].to_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
        if c.is_ascii_alphabetic() && nibble >= 8 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Whether a mixed-case EVM address carries a valid EIP-55 checksum. All-lower and all-upper
/// addresses carry none and pass.
pub fn eip55_ok(address: &str) -> bool {
    let body = &address[address.len().min(2)..];
    if body == body.to_lowercase() || body == body.to_uppercase() {
        return chain_of(address) == Chain::Evm;
    }
    eip55(address).as_deref() == Some(address)
}

/// An e-mail address in lower case.
pub fn email(raw: &str) -> Option<String> {
    let e = raw.trim().trim_start_matches("mailto:").to_lowercase();
    let (user, host) = e.split_once('@')?;
    (!user.is_empty() && host.contains('.') && !e.contains(char::is_whitespace)).then_some(e)
}

/// A phone number as its digits, with `+` kept for international numbers; fewer than seven
/// digits identify nothing.
pub fn phone(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return None;
    }
    let international = raw.trim_start().starts_with('+') || raw.trim_start().starts_with("00");
    Some(if international {
        format!("+{}", digits.trim_start_matches("00"))
    } else {
        digits
    })
}

/// The host of a web address in lower case, without `www.` (`https://WWW.Example.kp/about` →
/// `example.kp`).
pub fn domain(raw: &str) -> Option<String> {
    let s = raw.trim().to_lowercase();
    let s = s.split_once("://").map_or(s.as_str(), |(_, rest)| rest);
    let host = s.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host
        .split(':')
        .next()?
        .trim_start_matches("www.")
        .trim_end_matches('.');
    (host.contains('.') && !host.contains(char::is_whitespace)).then(|| host.to_string())
}

/// Tell an identifier's kind by its form, most specific first (a wallet address, an IMO
/// number written as such or as seven digits, an MMSI, an e-mail address, a web domain, a phone
/// number), a document number being the last resort; and normalise it.
pub fn classify(raw: &str) -> Option<(IdKind, String)> {
    let trimmed = raw.trim();
    [
        IdKind::Crypto,
        IdKind::Imo,
        IdKind::Mmsi,
        IdKind::Email,
        IdKind::Domain,
        IdKind::Phone,
        IdKind::Document,
    ]
    .into_iter()
    .find_map(|kind| {
        let fits = match kind {
            IdKind::Imo => trimmed.to_lowercase().starts_with("imo") || trimmed.len() == 7,
            IdKind::Crypto => chain_of(trimmed) != Chain::Other && trimmed.len() >= 25,
            IdKind::Domain => !trimmed.contains('@'),
            IdKind::Phone => !trimmed.chars().any(char::is_alphabetic),
            _ => true,
        };
        if fits {
            normalize(kind, trimmed).map(|v| (kind, v))
        } else {
            None
        }
    })
}

/// Normalise a value of one kind.
pub fn normalize(kind: IdKind, raw: &str) -> Option<String> {
    match kind {
        IdKind::Imo => imo(raw, false),
        IdKind::Mmsi => mmsi(raw),
        IdKind::Document => document(raw),
        IdKind::Crypto => crypto(raw),
        IdKind::Email => email(raw),
        IdKind::Phone => phone(raw),
        IdKind::Domain => domain(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_normalise_without_guessing() {
        let cases: &[(IdKind, &str, Option<&str>)] = &[
            (IdKind::Imo, "IMO 9354521", Some("9354521")),
            (IdKind::Imo, "9354521", Some("9354521")),
            (IdKind::Imo, "IMO 935452", None),
            (IdKind::Mmsi, "445120000", Some("445120000")),
            (IdKind::Mmsi, "44512000", None),
            (IdKind::Document, "PS 472-330 208", Some("PS472330208")),
            (IdKind::Document, "12", None),
            (
                IdKind::Crypto,
                "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
                Some("0x098b716b8aaf21512996dc57eb0615e2383e2f96"),
            ),
            (
                IdKind::Crypto,
                "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                Some("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
            ),
            (
                IdKind::Crypto,
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                Some("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            ),
            (IdKind::Crypto, "short", None),
            (
                IdKind::Email,
                "Ops@Haebit.Example",
                Some("ops@haebit.example"),
            ),
            (IdKind::Email, "not an email", None),
            (IdKind::Phone, "+850 2 18111 8765", Some("+8502181118765")),
            (IdKind::Phone, "00850 2 18111 8765", Some("+8502181118765")),
            (IdKind::Phone, "123", None),
            (
                IdKind::Domain,
                "https://WWW.Haeyang-Trading.example.kp/about?x=1",
                Some("haeyang-trading.example.kp"),
            ),
            (IdKind::Domain, "www.korea-trade.kp", Some("korea-trade.kp")),
            (IdKind::Domain, "localhost", None),
        ];
        for (kind, raw, expected) in cases {
            assert_eq!(
                normalize(*kind, raw).as_deref(),
                *expected,
                "{kind:?} {raw:?}"
            );
        }
    }

    #[test]
    fn identifiers_are_told_by_their_form() {
        let cases: &[(&str, Option<(IdKind, &str)>)] = &[
            ("IMO 9354521", Some((IdKind::Imo, "9354521"))),
            ("9354521", Some((IdKind::Imo, "9354521"))),
            ("445120000", Some((IdKind::Mmsi, "445120000"))),
            (
                "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
                Some((IdKind::Crypto, "0x098b716b8aaf21512996dc57eb0615e2383e2f96")),
            ),
            (
                "ops@haebit.example",
                Some((IdKind::Email, "ops@haebit.example")),
            ),
            (
                "www.korea-trade.kp",
                Some((IdKind::Domain, "korea-trade.kp")),
            ),
            ("+850 2 18111 8765", Some((IdKind::Phone, "+8502181118765"))),
            ("PS 472330208", Some((IdKind::Document, "PS472330208"))),
            ("x", None),
        ];
        for (raw, expected) in cases {
            let got = classify(raw);
            assert_eq!(
                got.as_ref().map(|(k, v)| (*k, v.as_str())),
                *expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn imo_check_digits() {
        for (imo, ok) in [
            ("9354521", true),
            ("8915433", true),
            ("7937317", true),
            ("9354522", false),
            ("123", false),
        ] {
            assert_eq!(imo_check_digit_ok(imo), ok, "{imo}");
        }
        assert_eq!(imo("IMO 9354522", true), None);
        assert_eq!(imo("IMO 9354522", false).as_deref(), Some("9354522"));
    }

    #[test]
    fn eip55_checksums() {
        // The test vectors of EIP-55.
        for a in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            assert_eq!(eip55(&a.to_lowercase()).as_deref(), Some(a));
            assert!(eip55_ok(a));
        }
        assert!(!eip55_ok("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        assert!(eip55_ok("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        assert_eq!(eip55("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"), None);
    }
}
