//! Entity ids: stable, readable, derived from the publisher's own record ids.

/// Make an id from a dataset prefix and parts: lowercase ASCII letters and digits, other runs
/// of characters become one `-`. `make_id("ofac", &["12345", "addr", "1"])` gives
/// `ofac-12345-addr-1`; the UN's `KPi.033` gives `un-kpi-033`.
pub fn make_id(prefix: &str, parts: &[&str]) -> String {
    let mut out =
        String::with_capacity(prefix.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>());
    out.push_str(prefix);
    for part in parts {
        out.push('-');
        let mut dash = true;
        for c in part.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
                dash = false;
            } else if !dash {
                out.push('-');
                dash = true;
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// A short stable hex digest of text, for ids of derived entities whose source has no id of
/// its own (an address line, an alias). FNV-1a 64: not cryptographic, only stable.
pub fn short_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_readable_and_stable() {
        assert_eq!(make_id("un", &["KPi.033"]), "un-kpi-033");
        assert_eq!(
            make_id("ofac", &["12345", "addr", "1"]),
            "ofac-12345-addr-1"
        );
        assert_eq!(make_id("eu", &["EU.123.45 "]), "eu-eu-123-45");
        assert_eq!(short_hash("Pyongyang"), short_hash("Pyongyang"));
        assert_ne!(short_hash("Pyongyang"), short_hash("Nampo"));
    }
}
