//! The sentence layer: lines → sentences (tag blocks, checksums, USCG trailers) → fragments put
//! back together → messages, with every rejection counted.

use crate::bits::{BitBuf, Text};
use crate::decode::decode_bits;
use crate::message::Message;
use crate::stats::{RejectKind, Stats};

/// Where and how a message was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Meta {
    /// Line number (1-based) of the message's first sentence.
    pub line: u64,
    /// Talker id of the first sentence (`AI`, `AB`, `SA`, …).
    pub talker: [u8; 2],
    /// Whether it came as `VDO` (own ship) rather than `VDM`.
    pub own_ship: bool,
    /// Radio channel as sent (`A`, `B`, `1`, `2`, …), `None` when the field was empty.
    pub channel: Option<u8>,
    /// Number of sentences the message came in.
    pub fragments: u8,
    /// Receive time in milliseconds since the Unix epoch, from the tag block's `c:` or the
    /// USCG trailer's last field.
    pub received_ms: Option<i64>,
    /// Receiving station, from the tag block's `s:` or the USCG trailer (`r…`/`b…`), cut at 32
    /// characters.
    pub station: Option<Text<32>>,
    /// The tag block's `g:` group (sentence number, group size, group id), when present.
    pub group: Option<(u16, u16, u32)>,
}

impl Meta {
    /// The talker id as text.
    pub fn talker_str(&self) -> &str {
        std::str::from_utf8(&self.talker).unwrap_or("??")
    }

    /// The receive time in seconds since the Unix epoch.
    pub fn received_secs(&self) -> Option<f64> {
        self.received_ms.map(|ms| ms as f64 / 1000.0)
    }
}

/// A message with where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoded {
    /// The message.
    pub message: Message,
    /// Receive metadata.
    pub meta: Meta,
}

/// Limits of a [`Decoder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Problems kept with their line numbers in [`Stats::problems`].
    pub max_problems: usize,
    /// Partial fragment groups kept at once; the oldest is dropped beyond this.
    pub max_pending: usize,
    /// A partial group whose first fragment is more than this many lines old is dropped.
    pub max_age_lines: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_problems: 100,
            max_pending: 64,
            max_age_lines: 5_000,
        }
    }
}

/// What identifies the fragments of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    talker: [u8; 2],
    own_ship: bool,
    seq: u8,     // 255 when the field is empty
    channel: u8, // 0 when the field is empty
    count: u8,
}

#[derive(Debug, Default)]
struct Group {
    active: bool,
    key: Option<Key>,
    next: u8,
    payload: Vec<u8>,
    meta: Meta,
}

/// Metadata of one tag block.
#[derive(Debug, Default, Clone, Copy)]
struct Tag {
    time_ms: Option<i64>,
    station: Option<Text<32>>,
    group: Option<(u16, u16, u32)>,
}

/// A streaming decoder. Feed it lines (or whole buffers); it calls back with each message as it
/// completes and counts everything in its [`Stats`]. It allocates nothing per message: the
/// message is built on the stack and lent to the callback, and the buffers of partial groups are
/// reused.
///
/// ```
/// use ce2_ais::Decoder;
/// let mut d = Decoder::new();
/// let mut names = Vec::new();
/// let text = "!AIVDM,2,1,3,B,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0*3E\n\
///             !AIVDM,2,2,3,B,1@0000000000000,2*55\n";
/// d.feed(text.as_bytes(), |m| {
///     if let ce2_ais::Message::StaticVoyage(v) = &m.message {
///         names.push(v.shipname.to_string());
///     }
/// });
/// d.finish();
/// assert_eq!(names, ["MT.MITCHELL"]);
/// assert_eq!(d.stats().multipart, 1);
/// ```
#[derive(Debug)]
pub struct Decoder {
    config: Config,
    stats: Stats,
    line: u64,
    groups: Vec<Group>,
    bits: Box<BitBuf>,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

/// Parsed fields of one `!xxVDx` sentence.
struct Sentence<'a> {
    talker: [u8; 2],
    own_ship: bool,
    count: u8,
    number: u8,
    seq: u8,
    channel: u8,
    payload: &'a [u8],
    fill: u8,
}

#[inline]
fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    let mut v = 0u64;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(c - b'0');
    }
    Some(v)
}

/// A Unix time in seconds or milliseconds (more than 10^11 means milliseconds), with an optional
/// fraction, as milliseconds.
fn parse_time_ms(s: &[u8]) -> Option<i64> {
    let (int, frac) = match s.iter().position(|&c| c == b'.') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, &[][..]),
    };
    let v = parse_u64(int)?;
    if !frac.is_empty() && !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if v > 100_000_000_000 {
        return i64::try_from(v).ok();
    }
    let mut ms = 0u64;
    for k in 0..3 {
        ms = ms * 10 + frac.get(k).map_or(0, |c| u64::from(c - b'0'));
    }
    i64::try_from(v * 1000 + ms).ok()
}

impl Decoder {
    /// A decoder with the default [`Config`].
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    /// A decoder with the given limits.
    pub fn with_config(config: Config) -> Self {
        Self {
            config,
            stats: Stats::new(config.max_problems),
            line: 0,
            groups: Vec::new(),
            bits: Box::new(BitBuf::new()),
        }
    }

    /// The counts so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Takes the counts so far and starts new ones (pending fragments are kept).
    pub fn take_stats(&mut self) -> Stats {
        std::mem::replace(&mut self.stats, Stats::new(self.config.max_problems))
    }

    /// The number of lines read so far.
    pub fn line_number(&self) -> u64 {
        self.line
    }

    /// Feeds a buffer of lines separated by `\n` (a `\r` before it is dropped). A last line
    /// without `\n` is read too.
    pub fn feed<F: FnMut(&Decoded)>(&mut self, bytes: &[u8], mut f: F) {
        let mut rest = bytes;
        while !rest.is_empty() {
            let (line, next) = match memchr::memchr(b'\n', rest) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &[][..]),
            };
            self.feed_line(line, &mut f);
            rest = next;
        }
    }

    /// Feeds one line (without its `\n`).
    pub fn feed_line<F: FnMut(&Decoded)>(&mut self, line: &[u8], mut f: F) {
        self.line += 1;
        self.stats.lines += 1;
        let mut end = line.len();
        while end > 0 && matches!(line[end - 1], b'\r' | b' ' | b'\t') {
            end -= 1;
        }
        let line = &line[..end];
        if line.is_empty() {
            return;
        }
        match line[0] {
            b'\\' | b'!' => {}
            // A comment, even one that quotes a sentence.
            b'#' => {
                self.stats
                    .reject(RejectKind::NotAis, self.line, String::new);
                return;
            }
            _ => {
                // Tolerate a prefix before the sentence (a timestamp, a source): look for one.
                match find_sentence_start(line) {
                    Some(i) => return self.read_units(&line[i..], &mut f),
                    None => {
                        let n = self.line;
                        self.stats.reject(RejectKind::NotAis, n, || preview(line));
                        return;
                    }
                }
            }
        }
        self.read_units(line, &mut f);
    }

    /// Counts partial groups still open as stale and forgets them. Call at the end of input.
    pub fn finish(&mut self) {
        for k in 0..self.groups.len() {
            if self.groups[k].active {
                let line = self.groups[k].meta.line;
                self.groups[k].active = false;
                self.stats.reject(RejectKind::StaleFragment, line, || {
                    "fragment group still incomplete at the end of the input".into()
                });
            }
        }
    }

    /// Reads the tag-block + sentence units of one line.
    fn read_units<F: FnMut(&Decoded)>(&mut self, line: &[u8], f: &mut F) {
        let mut pos = 0usize;
        let n = self.line;
        while pos < line.len() {
            let mut tag = None;
            if line[pos] == b'\\' {
                // Tolerate a doubled backslash.
                while pos < line.len() && line[pos] == b'\\' {
                    pos += 1;
                }
                let Some(close) = find(&line[pos..], b'\\') else {
                    self.stats.reject(RejectKind::BadTagBlock, n, || {
                        "tag block without its closing backslash".into()
                    });
                    return;
                };
                let inner = &line[pos..pos + close];
                pos += close + 1;
                if pos >= line.len() {
                    self.stats.reject(RejectKind::NotAis, n, || {
                        "tag block without a sentence".into()
                    });
                    return;
                }
                // Only the tag block of an AIS sentence is read.
                if line[pos] == b'!' {
                    match parse_tag(inner) {
                        Ok(t) => tag = Some(t),
                        Err(why) => self.stats.reject(RejectKind::BadTagBlock, n, || why.into()),
                    }
                }
            }
            if line[pos] != b'!' {
                // `$xxVSI`, `$GP…` and other sentences, or junk.
                self.stats
                    .reject(RejectKind::NotAis, n, || preview(&line[pos..]));
                return;
            }
            // The sentence runs to `*hh` (or, when cut short, to the next tag block).
            let body_start = pos + 1;
            let rest = &line[body_start..];
            let body_len = find2(rest, b'*', b'\\').unwrap_or(rest.len());
            let body = &rest[..body_len];
            let i = body_start + body_len;
            let is_vdx = body.len() >= 5
                && body[2] == b'V'
                && body[3] == b'D'
                && matches!(body[4], b'M' | b'O');
            if is_vdx {
                self.stats.sentences += 1;
            }
            if i >= line.len() || line[i] != b'*' {
                // No `*hh`: the sentence is cut off, or a tag block follows directly.
                let kind = if is_vdx {
                    RejectKind::BadSentence
                } else {
                    RejectKind::NotAis
                };
                self.stats.reject(kind, n, || {
                    format!("no checksum: {}", preview(&line[pos..i]))
                });
                if i >= line.len() {
                    return;
                }
                pos = i;
                continue;
            }
            let (Some(h1), Some(h2)) = (
                line.get(i + 1).copied().and_then(hex),
                line.get(i + 2).copied().and_then(hex),
            ) else {
                let kind = if is_vdx {
                    RejectKind::BadSentence
                } else {
                    RejectKind::NotAis
                };
                self.stats.reject(kind, n, || {
                    format!("unreadable checksum: {}", preview(&line[pos..]))
                });
                return;
            };
            let mut after = i + 3;
            // What follows the checksum: a trailer (`,field,…`), another tag block or sentence,
            // or junk (a stray quote, say), which is ignored.
            let mut trailer: &[u8] = &[];
            if after < line.len() && line[after] != b'\\' && line[after] != b'!' {
                let stop =
                    memchr::memchr2(b'\\', b'!', &line[after..]).map_or(line.len(), |k| after + k);
                if line[after] == b',' {
                    trailer = &line[after + 1..stop];
                }
                after = stop;
            }
            let next = after;
            if !is_vdx {
                self.stats
                    .reject(RejectKind::NotAis, n, || preview(&line[pos..i]));
                pos = next;
                continue;
            }
            let sum = xor(body);
            if (h1 << 4 | h2) != sum {
                self.stats.reject(RejectKind::BadChecksum, n, || {
                    format!("checksum {:02X}, computed {:02X}", h1 << 4 | h2, sum)
                });
                pos = next;
                continue;
            }
            // Fields: the five short ones scanned directly, the payload's end found by memchr.
            let mut commas = [0usize; 7];
            let mut ncommas = 0usize;
            let mut k = 0usize;
            while k < body.len() && ncommas < 5 {
                if body[k] == b',' {
                    commas[ncommas] = k;
                    ncommas += 1;
                }
                k += 1;
            }
            if ncommas == 5 {
                if let Some(e) = find(&body[k..], b',') {
                    commas[5] = k + e;
                    ncommas = 6;
                    if find(&body[k + e + 1..], b',').is_some() {
                        ncommas = 7;
                    }
                }
            }
            if ncommas != 6 {
                self.stats.reject(RejectKind::BadSentence, n, || {
                    format!(
                        "{} fields instead of 7",
                        memchr::memchr_iter(b',', body).count() + 1
                    )
                });
                pos = next;
                continue;
            }
            commas[6] = body.len();
            let field = |k: usize| -> &[u8] { &body[commas[k] + 1..commas[k + 1]] };
            let s = match parse_sentence(
                &body[..5],
                field(0),
                field(1),
                field(2),
                field(3),
                field(4),
                field(5),
            ) {
                Ok(s) => s,
                Err(why) => {
                    self.stats.reject(RejectKind::BadSentence, n, || why.into());
                    pos = next;
                    continue;
                }
            };
            let mut meta_tag = tag.unwrap_or_default();
            if !trailer.is_empty() {
                apply_trailer(trailer, &mut meta_tag);
            }
            self.sentence(&s, &meta_tag, f);
            pos = next;
        }
    }

    fn sentence<F: FnMut(&Decoded)>(&mut self, s: &Sentence<'_>, tag: &Tag, f: &mut F) {
        let n = self.line;
        let meta = Meta {
            line: n,
            talker: s.talker,
            own_ship: s.own_ship,
            channel: (s.channel != 0).then_some(s.channel),
            fragments: s.count,
            received_ms: tag.time_ms,
            station: tag.station,
            group: tag.group,
        };
        if s.count == 1 {
            if let Err(e) = self.bits.load(&[s.payload], s.fill) {
                self.stats
                    .reject(RejectKind::BadSentence, n, || format!("{:?}", e));
                return;
            }
            self.emit(meta, f);
            return;
        }
        let key = Key {
            talker: s.talker,
            own_ship: s.own_ship,
            seq: s.seq,
            channel: s.channel,
            count: s.count,
        };
        let found = self
            .groups
            .iter()
            .position(|g| g.active && g.key == Some(key));
        if s.number == 1 {
            if let Some(k) = found {
                let line = self.groups[k].meta.line;
                self.groups[k].active = false;
                self.stats.reject(RejectKind::StaleFragment, line, || {
                    format!("group replaced by a new first fragment on line {n}")
                });
            }
            self.expire();
            let slot = match self.groups.iter().position(|g| !g.active) {
                Some(k) => k,
                None if self.groups.len() < self.config.max_pending => {
                    self.groups.push(Group::default());
                    self.groups.len() - 1
                }
                None => {
                    // Drop the oldest group.
                    let k = (0..self.groups.len())
                        .min_by_key(|&k| self.groups[k].meta.line)
                        .unwrap_or(0);
                    let line = self.groups[k].meta.line;
                    self.stats.reject(RejectKind::StaleFragment, line, || {
                        "too many groups pending".into()
                    });
                    k
                }
            };
            let g = &mut self.groups[slot];
            g.active = true;
            g.key = Some(key);
            g.next = 2;
            g.payload.clear();
            g.payload.extend_from_slice(s.payload);
            g.meta = meta;
            return;
        }
        let Some(k) = found else {
            self.stats.reject(RejectKind::OrphanFragment, n, || {
                format!("fragment {} of {} without its first", s.number, s.count)
            });
            return;
        };
        if self.groups[k].next != s.number {
            let line = self.groups[k].meta.line;
            let expected = self.groups[k].next;
            self.groups[k].active = false;
            self.stats.reject(RejectKind::StaleFragment, line, || {
                format!("fragment {expected} missing (got {} on line {n})", s.number)
            });
            self.stats.reject(RejectKind::OrphanFragment, n, || {
                format!(
                    "fragment {} of {} after a missing fragment",
                    s.number, s.count
                )
            });
            return;
        }
        let g = &mut self.groups[k];
        g.payload.extend_from_slice(s.payload);
        g.next += 1;
        if g.meta.received_ms.is_none() {
            g.meta.received_ms = tag.time_ms;
        }
        if g.meta.station.is_none() {
            g.meta.station = tag.station;
        }
        if s.number < s.count {
            return;
        }
        g.active = false;
        let meta = g.meta;
        let r = self.bits.load(&[&g.payload], s.fill);
        if let Err(e) = r {
            let line = meta.line;
            self.stats
                .reject(RejectKind::BadSentence, line, || format!("{:?}", e));
            return;
        }
        self.emit(meta, f);
    }

    fn expire(&mut self) {
        let now = self.line;
        let max_age = self.config.max_age_lines;
        for k in 0..self.groups.len() {
            let g = &self.groups[k];
            if g.active && now.saturating_sub(g.meta.line) > max_age {
                let line = g.meta.line;
                self.groups[k].active = false;
                self.stats.reject(RejectKind::StaleFragment, line, || {
                    format!("group older than {max_age} lines")
                });
            }
        }
    }

    fn emit<F: FnMut(&Decoded)>(&mut self, meta: Meta, f: &mut F) {
        match decode_bits(&self.bits) {
            Ok(message) => {
                self.stats.messages += 1;
                if meta.fragments > 1 {
                    self.stats.multipart += 1;
                }
                self.stats.by_type[usize::from(message.msg_type())] += 1;
                f(&Decoded { message, meta });
            }
            Err(e) => {
                let line = meta.line;
                self.stats.reject(e.kind(), line, || e.to_string());
            }
        }
    }
}

/// Where a sentence starts in a line that does not begin with one: the first `\` or `!xxVD`.
fn find_sentence_start(line: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'\\' => return Some(i),
            b'!' if line.len() > i + 5 && &line[i + 3..i + 5] == b"VD" => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn preview(s: &[u8]) -> String {
    let cut = s.len().min(60);
    let mut out = String::from_utf8_lossy(&s[..cut]).into_owned();
    if s.len() > cut {
        out.push('…');
    }
    out
}

fn parse_sentence<'a>(
    head: &[u8],
    count: &[u8],
    number: &[u8],
    seq: &[u8],
    channel: &[u8],
    payload: &'a [u8],
    fill: &[u8],
) -> Result<Sentence<'a>, &'static str> {
    let digit = |s: &[u8]| -> Option<u8> {
        match s {
            [c] if c.is_ascii_digit() => Some(c - b'0'),
            _ => None,
        }
    };
    let count = digit(count)
        .filter(|&c| c >= 1)
        .ok_or("fragment count not 1-9")?;
    let number = digit(number)
        .filter(|&c| c >= 1 && c <= count)
        .ok_or("fragment number out of range")?;
    let seq = match seq {
        [] => 255,
        s => parse_u64(s)
            .filter(|&v| v < 255)
            .ok_or("unreadable sequence id")? as u8,
    };
    let channel = match channel {
        [] => 0,
        [c] => *c,
        _ => return Err("unreadable channel"),
    };
    let fill = match fill {
        [] if number < count => 0,
        s => digit(s).filter(|&v| v <= 5).ok_or("fill bits not 0-5")?,
    };
    if number == count && payload.is_empty() && count == 1 {
        return Err("empty payload");
    }
    Ok(Sentence {
        talker: [head[0], head[1]],
        own_ship: head[4] == b'O',
        count,
        number,
        seq,
        channel,
        payload,
        fill,
    })
}

/// XOR of all bytes, eight at a time.
#[inline]
fn xor(b: &[u8]) -> u8 {
    let mut chunks = b.chunks_exact(8);
    let mut acc = 0u64;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        acc ^= u64::from_le_bytes(w);
    }
    let mut x = chunks.remainder().iter().fold(0u8, |a, &c| a ^ c);
    for k in 0..8 {
        x ^= (acc >> (8 * k)) as u8;
    }
    x
}

/// The first `b` in `hay`, eight bytes at a time: cheaper than a call to memchr for the short
/// fields of a sentence.
#[inline]
fn find(hay: &[u8], b: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pat = LO * u64::from(b);
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0usize;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w) ^ pat;
        let m = x.wrapping_sub(LO) & !x & HI;
        if m != 0 {
            return Some(base + (m.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == b)
        .map(|k| base + k)
}

/// The first `a` or `b` in `hay`, eight bytes at a time.
#[inline]
fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let (pa, pb) = (LO * u64::from(a), LO * u64::from(b));
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0usize;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let v = u64::from_le_bytes(w);
        let (xa, xb) = (v ^ pa, v ^ pb);
        let m = (xa.wrapping_sub(LO) & !xa & HI) | (xb.wrapping_sub(LO) & !xb & HI);
        if m != 0 {
            return Some(base + (m.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == a || c == b)
        .map(|k| base + k)
}

/// Parses the inside of a tag block (between the backslashes): one pass that checks the
/// checksum and reads `c:`, `s:` and `g:`.
fn parse_tag(t: &[u8]) -> Result<Tag, &'static str> {
    let star = match t.len().checked_sub(3) {
        Some(k) if t[k] == b'*' => Some(k),
        _ => memchr::memrchr(b'*', t),
    };
    let Some(star) = star else {
        return Err("tag block without checksum");
    };
    let body = &t[..star];
    match (
        t.get(star + 1).copied().and_then(hex),
        t.get(star + 2).copied().and_then(hex),
    ) {
        (Some(a), Some(b)) if t.len() == star + 3 => {
            if a << 4 | b != xor(body) {
                return Err("tag block checksum mismatch");
            }
        }
        _ => return Err("tag block checksum unreadable"),
    }
    let mut tag = Tag::default();
    let mut i = 0usize;
    while i < body.len() {
        let start = i;
        i = find(&body[i..], b',').map_or(body.len(), |k| i + k);
        let field = &body[start..i];
        i += 1;
        if field.len() < 2 || field[1] != b':' {
            return Err("tag block field without key");
        }
        let v = &field[2..];
        match field[0] {
            b'c' => tag.time_ms = Some(parse_time_ms(v).ok_or("tag block c: not a time")?),
            b's' => tag.station = Some(Text::from_bytes(v)),
            b'g' => tag.group = Some(parse_group(v).ok_or("tag block g: not n-m-id")?),
            _ => {}
        }
    }
    Ok(tag)
}

/// A tag block group `n-m-id`.
fn parse_group(v: &[u8]) -> Option<(u16, u16, u32)> {
    let d1 = memchr::memchr(b'-', v)?;
    let d2 = d1 + 1 + memchr::memchr(b'-', &v[d1 + 1..])?;
    let (a, b, c) = (
        parse_u64(&v[..d1])?,
        parse_u64(&v[d1 + 1..d2])?,
        parse_u64(&v[d2 + 1..])?,
    );
    if a == 0 || b == 0 || a > b || b > 99 || c > u64::from(u32::MAX) {
        return None;
    }
    Some((a as u16, b as u16, c as u32))
}

/// Reads the USCG fields after the checksum: the last one is the receive time, a field starting
/// with `r` or `b` names the station. The tag block, when present, wins.
fn apply_trailer(trailer: &[u8], tag: &mut Tag) {
    let mut fields = trailer.split(|&c| c == b',');
    let last = trailer.rsplit(|&c| c == b',').next().unwrap_or(&[]);
    if tag.time_ms.is_none() {
        tag.time_ms = parse_time_ms(last);
    }
    if tag.station.is_none() {
        if let Some(st) = fields.find(|f| {
            f.len() > 1 && matches!(f[0], b'r' | b'b') && f[1..].iter().all(u8::is_ascii_graphic)
        }) {
            tag.station = Some(Text::from_bytes(st));
        }
    }
}

/// Decodes all of `bytes` (lines separated by `\n`): the messages and the counts.
pub fn decode_all(bytes: &[u8]) -> (Vec<Decoded>, Stats) {
    let mut d = Decoder::new();
    let mut out = Vec::new();
    d.feed(bytes, |m| out.push(*m));
    d.finish();
    (out, d.take_stats())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time_ms(b"1469663999"), Some(1_469_663_999_000));
        assert_eq!(parse_time_ms(b"1599239526500"), Some(1_599_239_526_500));
        assert_eq!(parse_time_ms(b"1272412827.25"), Some(1_272_412_827_250));
        assert_eq!(parse_time_ms(b"x1"), None);
    }

    #[test]
    fn tag_blocks() {
        let t = parse_tag(b"g:1-2-0738,n:1218,s:D08MN-NO-BSABS1,c:1469663999*0E").unwrap();
        assert_eq!(t.time_ms, Some(1_469_663_999_000));
        assert_eq!(t.station.unwrap().as_str(), "D08MN-NO-BSABS1");
        assert_eq!(t.group, Some((1, 2, 738)));
        assert!(parse_tag(b"c:1662052384,s:FM112*00").is_err());
    }
}

#[cfg(test)]
mod find_tests {
    use super::{find, find2, xor};

    #[test]
    fn swar_search_agrees_with_a_plain_scan() {
        let hay: Vec<u8> = (0..40u32).map(|i| b'a' + (i * 7 % 26) as u8).collect();
        for len in 0..hay.len() {
            let h = &hay[..len];
            for b in b'a'..=b'z' {
                assert_eq!(find(h, b), h.iter().position(|&c| c == b), "{len} {b}");
                assert_eq!(
                    find2(h, b, b'q'),
                    h.iter().position(|&c| c == b || c == b'q')
                );
            }
            assert_eq!(xor(h), h.iter().fold(0, |a, c| a ^ c));
        }
        // High bytes next to the target must not confuse the search.
        assert_eq!(
            find(&[0x80, 0x81, b',', 0xff, 0, 0, 0, 0, 0], b','),
            Some(2)
        );
        assert_eq!(find(&[0x2c ^ 0x80; 9], b','), None);
    }
}
