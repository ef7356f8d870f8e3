//! The payload layer: six-bit armouring, a fixed-size bit buffer read and written at any bit
//! offset, and the six-bit text alphabet.

use std::fmt;

/// Largest payload kept, in bits. The largest AIS message is 1,008 bits (five slots); a little
/// room is left for feeds that send a few bits too many.
pub const MAX_BITS: usize = 1_176;
/// Largest payload kept, in armoured characters (`MAX_BITS / 6`).
pub const MAX_CHARS: usize = MAX_BITS / 6;
/// Bytes of the buffer: the payload plus eight bytes of zeros, so that a 64-bit read at any
/// offset inside the payload stays in bounds.
const BUF_BYTES: usize = MAX_BITS / 8 + 8;

/// The armoured value of a payload character, or `None` when the character is not one of the 64
/// that AIVDM uses (`0`–`W` and `` ` ``–`w`).
#[inline]
pub fn dearmor(c: u8) -> Option<u8> {
    ARMOR_TABLE[usize::from(c)].checked_sub(1)
}

/// `ARMOR_TABLE[c]` is the six-bit value of `c` plus one, or 0 for a character outside the set.
const ARMOR_TABLE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 48usize;
    while c < 120 {
        if c <= 87 || c >= 96 {
            let mut v = c - 48;
            if v > 40 {
                v -= 8;
            }
            t[c] = v as u8 + 1;
        }
        c += 1;
    }
    t
};

/// The payload character of a six-bit value (`0..64`).
#[inline]
pub fn armor(v: u8) -> u8 {
    let v = v & 0x3f;
    if v < 40 {
        v + 48
    } else {
        v + 56
    }
}

/// The text alphabet of AIS: 0–31 are `@`–`_`, 32–63 are space–`?`.
const SIXBIT_TEXT: &[u8; 64] =
    b"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/// The six-bit code of a text character: lower case is folded to upper case, and a character
/// outside the alphabet becomes `?`.
#[inline]
pub fn text_code(c: u8) -> u8 {
    let c = c.to_ascii_uppercase();
    match c {
        64..=95 => c - 64,
        32..=63 => c,
        _ => b'?',
    }
}

/// A message's bits: up to [`MAX_BITS`], most significant bit first, zero past the end.
#[derive(Clone)]
pub struct BitBuf {
    bytes: [u8; BUF_BYTES],
    len: usize,
}

/// Why a payload could not be turned into bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArmorError {
    /// A character outside the armouring alphabet.
    BadChar,
    /// More than [`MAX_CHARS`] characters.
    TooLong,
}

impl Default for BitBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for BitBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BitBuf({} bits)", self.len)
    }
}

impl BitBuf {
    /// An empty buffer.
    pub fn new() -> Self {
        Self {
            bytes: [0; BUF_BYTES],
            len: 0,
        }
    }

    /// The number of bits held.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer holds no bits.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Fills the buffer from armoured payload characters (the payloads of a message's fragments
    /// one after the other) and drops `fill` bits at the end.
    pub fn load(&mut self, parts: &[&[u8]], fill: u8) -> Result<(), ArmorError> {
        let chars: usize = parts.iter().map(|p| p.len()).sum();
        if chars > MAX_CHARS {
            return Err(ArmorError::TooLong);
        }
        let mut acc: u32 = 0;
        let mut nacc = 0u32;
        let mut out = 0usize;
        for part in parts {
            // Four characters make three bytes.
            let mut quads = part.chunks_exact(4);
            if nacc == 0 {
                for q in &mut quads {
                    let a = ARMOR_TABLE[usize::from(q[0])];
                    let b = ARMOR_TABLE[usize::from(q[1])];
                    let c = ARMOR_TABLE[usize::from(q[2])];
                    let d = ARMOR_TABLE[usize::from(q[3])];
                    if a == 0 || b == 0 || c == 0 || d == 0 {
                        return Err(ArmorError::BadChar);
                    }
                    let v = u32::from(a - 1) << 18
                        | u32::from(b - 1) << 12
                        | u32::from(c - 1) << 6
                        | u32::from(d - 1);
                    self.bytes[out] = (v >> 16) as u8;
                    self.bytes[out + 1] = (v >> 8) as u8;
                    self.bytes[out + 2] = v as u8;
                    out += 3;
                }
            }
            let tail = if nacc == 0 { quads.remainder() } else { part };
            for &c in tail {
                let v = ARMOR_TABLE[usize::from(c)];
                if v == 0 {
                    return Err(ArmorError::BadChar);
                }
                acc = (acc << 6) | u32::from(v - 1);
                nacc += 6;
                if nacc >= 8 {
                    nacc -= 8;
                    self.bytes[out] = (acc >> nacc) as u8;
                    out += 1;
                }
            }
        }
        if nacc > 0 {
            self.bytes[out] = (acc << (8 - nacc)) as u8;
            out += 1;
        }
        let bits = chars * 6;
        let fill = usize::from(fill).min(bits);
        self.len = bits - fill;
        // Zero everything past the last bit: the partial last byte and the 8 guard bytes.
        let full = self.len / 8;
        let rem = self.len % 8;
        if rem > 0 {
            self.bytes[full] &= 0xffu8 << (8 - rem);
        }
        let clear_from = full + usize::from(rem > 0);
        let clear_to = (out + 8).min(BUF_BYTES);
        if clear_from < clear_to {
            self.bytes[clear_from..clear_to].fill(0);
        }
        Ok(())
    }

    /// `width` bits (at most 57) starting at bit `start`, unsigned; bits past the end read as 0.
    #[inline]
    pub fn u(&self, start: usize, width: usize) -> u64 {
        debug_assert!(width <= 57);
        let byte = start / 8;
        if byte + 8 > BUF_BYTES {
            return self.u_slow(start, width);
        }
        let mut w = [0u8; 8];
        w.copy_from_slice(&self.bytes[byte..byte + 8]);
        let v = u64::from_be_bytes(w);
        let shift = 64 - (start % 8) - width;
        (v >> shift) & ((1u64 << width) - 1)
    }

    fn u_slow(&self, start: usize, width: usize) -> u64 {
        let mut v = 0u64;
        for i in start..start + width {
            let bit = self.bytes.get(i / 8).map_or(0, |b| (b >> (7 - i % 8)) & 1);
            v = (v << 1) | u64::from(bit);
        }
        v
    }

    /// `width` bits as `u32` (width ≤ 32).
    #[inline]
    pub fn u32(&self, start: usize, width: usize) -> u32 {
        self.u(start, width) as u32
    }

    /// `width` bits as `u16` (width ≤ 16).
    #[inline]
    pub fn u16(&self, start: usize, width: usize) -> u16 {
        self.u(start, width) as u16
    }

    /// `width` bits as `u8` (width ≤ 8).
    #[inline]
    pub fn u8(&self, start: usize, width: usize) -> u8 {
        self.u(start, width) as u8
    }

    /// One bit as a flag.
    #[inline]
    pub fn flag(&self, start: usize) -> bool {
        self.u(start, 1) != 0
    }

    /// `width` bits, two's complement.
    #[inline]
    pub fn i(&self, start: usize, width: usize) -> i32 {
        let v = self.u(start, width);
        let shift = 64 - width;
        (((v << shift) as i64) >> shift) as i32
    }

    /// `chars` six-bit text characters starting at `start`, read as gpsd does: cut at the first
    /// `@`, then trailing spaces and `@` removed. Characters past the end of the message are not
    /// read.
    pub fn text<const N: usize>(&self, start: usize, chars: usize) -> Text<N> {
        let mut t = self.text_untrimmed::<N>(start, chars);
        t.trim_end();
        t
    }

    /// Like [`BitBuf::text`] without removing trailing spaces.
    pub fn text_untrimmed<const N: usize>(&self, start: usize, chars: usize) -> Text<N> {
        let mut t = Text::<N>::new();
        let avail = self.len.saturating_sub(start) / 6;
        let n = chars.min(avail).min(N);
        for k in 0..n {
            let c = SIXBIT_TEXT[usize::from(self.u8(start + 6 * k, 6))];
            if c == b'@' {
                break;
            }
            t.push(c);
        }
        t
    }

    /// Copies `bits` bits starting at `start` into `out` (left-aligned, zero-padded).
    pub fn copy_bits(&self, start: usize, bits: usize, out: &mut BinaryData) {
        let bits = bits.min(MAX_BITS);
        out.bits = bits as u16;
        let nbytes = bits.div_ceil(8);
        for k in 0..nbytes {
            let w = (bits - 8 * k).min(8);
            out.bytes[k] = (self.u(start + 8 * k, w) << (8 - w)) as u8;
        }
        out.bytes[nbytes..].fill(0);
    }
}

/// A short ASCII text kept inline (no heap): ship names, call signs, destinations, station ids.
/// It holds at most `N` bytes; more are cut off.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text<const N: usize> {
    len: u8,
    buf: [u8; N],
}

impl<const N: usize> Default for Text<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Text<N> {
    /// The empty text.
    pub const fn new() -> Self {
        Self {
            len: 0,
            buf: [0; N],
        }
    }

    /// A text from a string: non-ASCII bytes become `?`; more than `N` bytes are cut off.
    pub fn from_str_lossy(s: &str) -> Self {
        Self::from_bytes(s.as_bytes())
    }

    /// A text from bytes: non-ASCII bytes become `?`; more than `N` bytes are cut off.
    pub fn from_bytes(s: &[u8]) -> Self {
        let mut t = Self::new();
        let n = s.len().min(N).min(255);
        t.buf[..n].copy_from_slice(&s[..n]);
        if !s[..n].is_ascii() {
            for b in &mut t.buf[..n] {
                if !b.is_ascii() {
                    *b = b'?';
                }
            }
        }
        t.len = n as u8;
        t
    }

    #[inline]
    fn push(&mut self, c: u8) {
        let l = usize::from(self.len);
        if l < N && l < 255 {
            self.buf[l] = c;
            self.len += 1;
        }
    }

    fn trim_end(&mut self) {
        while self.len > 0 && matches!(self.buf[usize::from(self.len) - 1], b' ' | b'@') {
            self.len -= 1;
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored.
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }
}

impl<const N: usize> fmt::Debug for Text<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> fmt::Display for Text<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const N: usize> serde::Serialize for Text<N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Opaque binary content of a message (types 6, 8, 17, 25, 26), kept inline.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BinaryData {
    bits: u16,
    bytes: [u8; MAX_BITS / 8],
}

impl Default for BinaryData {
    fn default() -> Self {
        Self {
            bits: 0,
            bytes: [0; MAX_BITS / 8],
        }
    }
}

impl BinaryData {
    /// The number of bits.
    pub fn bits(&self) -> usize {
        usize::from(self.bits)
    }

    /// The bytes, the last one zero-padded on the right.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes[..self.bits().div_ceil(8)]
    }

    /// gpsd's form: `"<bits>:<lowercase hex>"`.
    pub fn gpsd_string(&self) -> String {
        use fmt::Write;
        let mut s = String::with_capacity(6 + 2 * self.bytes().len());
        let _ = write!(s, "{}:", self.bits);
        for b in self.bytes() {
            let _ = write!(s, "{b:02x}");
        }
        s
    }
}

impl fmt::Debug for BinaryData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.gpsd_string())
    }
}

/// Writes fields into a bit vector and armours it; used by the encoder.
#[derive(Debug, Default)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the low `width` bits of `v`, most significant first.
    pub fn put(&mut self, v: u64, width: usize) {
        for i in (0..width).rev() {
            self.bits.push((v >> i) & 1 == 1);
        }
    }

    /// Appends a signed value in `width` bits, two's complement.
    pub fn put_signed(&mut self, v: i64, width: usize) {
        self.put(v as u64, width);
    }

    /// Appends a flag.
    pub fn flag(&mut self, b: bool) {
        self.bits.push(b);
    }

    /// Appends `chars` six-bit text characters, padding with `@`.
    pub fn text(&mut self, s: &str, chars: usize) {
        let mut bytes = s.bytes();
        for _ in 0..chars {
            let code = bytes.next().map_or(0, text_code);
            self.put(u64::from(code), 6);
        }
    }

    /// The number of bits written.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The armoured payload and its fill-bit count.
    pub fn armored(&self) -> (String, u8) {
        let fill = (6 - self.bits.len() % 6) % 6;
        let mut out = String::with_capacity(self.bits.len().div_ceil(6));
        for chunk in self.bits.chunks(6) {
            let mut v = 0u8;
            for k in 0..6 {
                v = (v << 1) | u8::from(chunk.get(k).copied().unwrap_or(false));
            }
            out.push(armor(v) as char);
        }
        (out, fill as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armor_round_trip() {
        for v in 0..64u8 {
            assert_eq!(dearmor(armor(v)), Some(v));
        }
        assert_eq!(dearmor(b'X'), None);
        assert_eq!(dearmor(b'_'), None);
        assert_eq!(dearmor(b'x'), None);
        assert_eq!(dearmor(b'`'), Some(40));
        assert_eq!(dearmor(b'w'), Some(63));
    }

    #[test]
    fn reads_fields_at_any_offset() {
        let mut b = BitBuf::new();
        b.load(&[b"15RTgt0PAso;90TKcjM8h6g208CQ"], 0).unwrap();
        assert_eq!(b.len(), 168);
        assert_eq!(b.u(0, 6), 1);
        assert_eq!(b.u(8, 30), 371_798_000);
        assert_eq!(b.i(61, 28), -74_037_230);
        assert_eq!(b.i(89, 27), 29_028_980);
        // Past the end reads zero.
        assert_eq!(b.u(168, 20), 0);
        assert_eq!(b.u(MAX_BITS - 3, 20), 0);
    }

    #[test]
    fn fill_bits_are_cleared() {
        let mut b = BitBuf::new();
        b.load(&[b"w"], 2).unwrap();
        assert_eq!(b.len(), 4);
        assert_eq!(b.u(0, 6), 0b111100);
        assert_eq!(b.load(&[b"1X"], 0), Err(ArmorError::BadChar));
    }
}
