//! Decoding and locating: the helpers every reader uses to turn bytes into text and to say
//! where in a file something is.

use crate::{InputFile, Location, ReadError};

/// The 1-based line of a byte offset.
pub fn line_of(data: &[u8], offset: usize) -> u64 {
    let end = offset.min(data.len());
    data[..end].iter().filter(|b| **b == b'\n').count() as u64 + 1
}

/// Lines counted forward from the last offset asked for, so that a reader locating many records
/// in order scans its file once rather than once per record. An offset before the last one is
/// counted from the start.
#[derive(Debug, Clone)]
pub struct LineCounter<'a> {
    data: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter over some bytes.
    pub fn new(data: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            data,
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.data.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.data[self.pos..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.pos = offset;
        self.line
    }
}

/// Check the file is not empty (only whitespace, a BOM or a trailing Ctrl-Z counts as empty).
pub fn require_content(file: &InputFile) -> Result<(), ReadError> {
    let body = strip_bom(file.data);
    if body.iter().all(|b| b.is_ascii_whitespace() || *b == 0x1a) {
        return Err(ReadError::Empty {
            file: file.name.to_string(),
        });
    }
    Ok(())
}

/// The bytes without a UTF-8 byte-order mark.
pub fn strip_bom(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)
}

/// Decode UTF-8 strictly (after an optional BOM); an invalid byte is an error naming its line
/// and offset.
pub fn utf8<'a>(file: &InputFile<'a>) -> Result<&'a str, ReadError> {
    let bom = if file.data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    match std::str::from_utf8(&file.data[bom..]) {
        Ok(s) => Ok(s),
        Err(e) => {
            let offset = bom + e.valid_up_to();
            Err(ReadError::Encoding {
                file: file.name.to_string(),
                at: Location {
                    line: Some(line_of(file.data, offset)),
                    offset: Some(offset as u64),
                    record: None,
                },
                encoding: "UTF-8".to_string(),
            })
        }
    }
}

/// Decode text that is UTF-8 if it is valid UTF-8, and Windows-1252 (the superset of latin-1
/// the OFAC files use) otherwise. Windows-1252 decoding cannot fail.
pub fn utf8_or_cp1252(data: &[u8]) -> std::borrow::Cow<'_, str> {
    let data = strip_bom(data);
    match std::str::from_utf8(data) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(data);
            text
        }
    }
}

/// What a file looks like, for error messages when it is not what was asked for.
pub fn sniff(data: &[u8]) -> String {
    let body = strip_bom(data);
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_string();
    let h = head.trim_start();
    if h.contains("<CONSOLIDATED_LIST") {
        "a UN consolidated list (XML)".into()
    } else if h.contains("ADVANCED_XML") || h.contains("<Sanctions ") {
        "an OFAC SDN_ADVANCED.XML file".into()
    } else if h.contains("fsd/export") {
        "an EU Financial Sanctions Files XML export".into()
    } else if h.starts_with("<?xml") || h.starts_with('<') {
        "some other XML document".into()
    } else if h.starts_with("Report Date:") {
        "a UK Sanctions List CSV".into()
    } else if h.starts_with("fileGenerationDate") {
        "an EU Financial Sanctions Files CSV".into()
    } else if h.starts_with("celex,") {
        "an EU Official Journal transcription (CSV)".into()
    } else if h.starts_with("{\"op\"") {
        "FollowTheMoney delta lines".into()
    } else if h.starts_with('{') {
        "JSON".into()
    } else if h
        .split(',')
        .next()
        .is_some_and(|f| !f.is_empty() && f.trim().bytes().all(|b| b.is_ascii_digit()))
    {
        "an OFAC-style CSV".into()
    } else {
        format!(
            "a file starting {:?}",
            h.chars().take(40).collect::<String>()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let data = b"line one\nline two \xff here\n";
        let err = utf8(&InputFile::new("x.xml", data)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.xml:2 (byte 18): bytes that are not valid UTF-8"
        );
    }

    #[test]
    fn lines_are_counted_forward_and_again_from_the_start() {
        let mut lines = LineCounter::new(b"a\nb\nc\nd");
        for (offset, line) in [(0, 1), (4, 3), (6, 4), (2, 2), (100, 4), (7, 4)] {
            assert_eq!(lines.line_at(offset), line, "offset {offset}");
            assert_eq!(line_of(b"a\nb\nc\nd", offset), line, "offset {offset}");
        }
    }

    #[test]
    fn empty_files_are_refused() {
        for data in [&b""[..], b"  \n", b"\xEF\xBB\xBF", b"\n\x1a"] {
            assert_eq!(
                require_content(&InputFile::new("f", data))
                    .unwrap_err()
                    .code(),
                "empty_file"
            );
        }
        assert!(require_content(&InputFile::new("f", b"x")).is_ok());
    }

    #[test]
    fn short_files_with_a_bom_are_sniffed_without_panicking() {
        assert_eq!(
            sniff(b"\xEF\xBB\xBFReport Date: x"),
            "a UK Sanctions List CSV"
        );
        assert!(crate::ofac_part(b"\xEF\xBB\xBF1,2\n").is_some());
        assert_eq!(crate::detect(b"\xEF\xBB\xBF"), None);
    }

    #[test]
    fn latin1_is_decoded_when_not_utf8() {
        assert_eq!(utf8_or_cp1252(b"CAF\xc9"), "CAFÉ");
        assert_eq!(utf8_or_cp1252("CAFÉ".as_bytes()), "CAFÉ");
    }
}
