//! Exact integer amounts: parsing base units, `a × b / c` without overflow, and printing with
//! decimals or as a share.
//!
//! Every amount in this crate is an integer number of base units (satoshi, wei, a token's
//! smallest unit) held in a `u128`. Nothing is ever a float.

use thiserror::Error;

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    /// Nothing there.
    #[error("empty amount")]
    Empty,
    /// A minus sign: amounts of value are never negative.
    #[error("negative amount {0:?}")]
    Negative(String),
    /// A decimal point or an exponent: base units are whole numbers.
    #[error("amount {0:?} is not a whole number of base units")]
    NotInteger(String),
    /// More than `u128` can hold.
    #[error("amount {0:?} overflows 128 bits")]
    Overflow(String),
    /// Not a number at all.
    #[error("amount {0:?} is not a number")]
    Invalid(String),
}

/// A whole number of base units, written in decimal (`"1000"`) or in hex (`"0x3e8"`), possibly
/// quoted; refuses signs, fractions, exponents and values over `u128::MAX`.
pub fn parse_units(raw: &str) -> Result<u128, AmountError> {
    let s = raw.trim().trim_matches('"').trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    if s.starts_with('-') {
        return Err(AmountError::Negative(s.to_string()));
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AmountError::Invalid(s.to_string()));
        }
        let digits = hex.trim_start_matches('0');
        if digits.len() > 32 {
            return Err(AmountError::Overflow(s.to_string()));
        }
        return u128::from_str_radix(if digits.is_empty() { "0" } else { digits }, 16)
            .map_err(|_| AmountError::Invalid(s.to_string()));
    }
    if s.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        // "1.0" and "1e18" are refused even when whole: a float went through this value.
        return Err(AmountError::NotInteger(s.to_string()));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::Invalid(s.to_string()));
    }
    s.parse::<u128>()
        .map_err(|_| AmountError::Overflow(s.to_string()))
}

/// The 256-bit product of two `u128`, as (high, low) halves.
pub fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// `floor(a × b / c)` computed exactly through a 256-bit product; `None` when `c` is zero or
/// the quotient does not fit in `u128`. With `b ≤ c` (a share of something) it always fits.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> Option<u128> {
    if c == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        return Some(p / c);
    }
    let (hi, lo) = mul_wide(a, b);
    if hi >= c {
        return None;
    }
    let mut rem = hi;
    let mut q = 0u128;
    for i in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> i) & 1);
        q <<= 1;
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            q |= 1;
        }
    }
    Some(q)
}

/// `amount` base units written with `decimals` decimals, trailing zeros removed
/// (`format_units(1_500_000, 6)` is `"1.5"`).
pub fn format_units(amount: u128, decimals: u8) -> String {
    let digits = amount.to_string();
    let d = usize::from(decimals);
    if d == 0 {
        return digits;
    }
    let (int, frac) = if digits.len() > d {
        let (i, f) = digits.split_at(digits.len() - d);
        (i.to_string(), f.to_string())
    } else {
        ("0".to_string(), format!("{digits:0>d$}"))
    };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    }
}

/// `num / den` as a decimal with `digits` digits after the point, truncated (never rounded
/// up), e.g. `format_ratio(1, 3, 6)` is `"0.333333"`. `den == 0` gives `"0"`.
pub fn format_ratio(num: u128, den: u128, digits: u32) -> String {
    if den == 0 {
        return "0".to_string();
    }
    let int = num / den;
    let mut rem = num % den;
    let mut out = int.to_string();
    if digits > 0 {
        out.push('.');
        for _ in 0..digits {
            // rem < den, so rem × 10 / den < 10; the product may need 129 bits.
            // The new remainder (rem × 10 − digit × den) is below den, so it is exact when
            // computed modulo 2^128.
            let digit = mul_div_floor(rem, 10, den).unwrap_or(0);
            rem = rem.wrapping_mul(10).wrapping_sub(digit.wrapping_mul(den));
            out.push(char::from(b'0' + digit as u8));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_is_strict() {
        assert_eq!(parse_units("0"), Ok(0));
        assert_eq!(
            parse_units(" 401346000000000000000000 "),
            Ok(401_346 * 10u128.pow(18))
        );
        assert_eq!(parse_units("\"12\""), Ok(12));
        assert_eq!(parse_units("0x3e8"), Ok(1000));
        assert!(matches!(parse_units("-1"), Err(AmountError::Negative(_))));
        assert!(matches!(
            parse_units("1.5"),
            Err(AmountError::NotInteger(_))
        ));
        assert!(matches!(
            parse_units("1e18"),
            Err(AmountError::NotInteger(_))
        ));
        assert!(matches!(parse_units("abc"), Err(AmountError::Invalid(_))));
        assert!(matches!(parse_units(""), Err(AmountError::Empty)));
        let max = u128::MAX.to_string();
        assert_eq!(parse_units(&max), Ok(u128::MAX));
        assert!(matches!(
            parse_units("340282366920938463463374607431768211456"),
            Err(AmountError::Overflow(_))
        ));
        assert!(matches!(
            parse_units(&format!("0x1{}", "0".repeat(32))),
            Err(AmountError::Overflow(_))
        ));
    }

    #[test]
    fn mul_div_is_exact_beyond_128_bits() {
        assert_eq!(mul_div_floor(10, 3, 4), Some(7));
        let big = u128::MAX / 3;
        assert_eq!(mul_div_floor(big, big, big), Some(big));
        assert_eq!(
            mul_div_floor(u128::MAX, u128::MAX - 1, u128::MAX),
            Some(u128::MAX - 1)
        );
        assert_eq!(mul_div_floor(u128::MAX, 2, 1), None);
        assert_eq!(mul_div_floor(1, 1, 0), None);
        // (2^100 + 7) × (2^90 + 3) / (2^95 + 1), checked against a hand reduction in u128
        // pieces: the result times the divisor plus the remainder gives back the product.
        let (a, b, c) = ((1u128 << 100) + 7, (1u128 << 90) + 3, (1u128 << 95) + 1);
        let q = mul_div_floor(a, b, c).unwrap();
        let (phi, plo) = mul_wide(a, b);
        let (qhi, qlo) = mul_wide(q, c);
        assert!(qhi < phi || (qhi == phi && qlo <= plo));
        let (q1hi, q1lo) = mul_wide(q + 1, c);
        assert!(q1hi > phi || (q1hi == phi && q1lo > plo));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_units(1_500_000, 6), "1.5");
        assert_eq!(format_units(5, 8), "0.00000005");
        assert_eq!(format_units(10u128.pow(18), 18), "1");
        assert_eq!(format_units(42, 0), "42");
        assert_eq!(format_ratio(1, 3, 6), "0.333333");
        assert_eq!(format_ratio(2, 2, 3), "1.000");
        assert_eq!(format_ratio(u128::MAX - 1, u128::MAX, 4), "0.9999");
        assert_eq!(format_ratio(1, 0, 4), "0");
    }
}
