//! Problems: what a reader found wrong with its input, located precisely enough for a person
//! to find the record in the file.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A value was cleaned, guessed or set aside; the record was read.
    Warning,
    /// A record could not be read at all.
    Error,
}

/// One problem found while reading a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// How bad.
    pub severity: Severity,
    /// A stable machine-readable code (`invalid_value`, `bad_record`, `unknown_property`…).
    pub code: String,
    /// What is wrong, for a person.
    pub message: String,
    /// The record id in the publisher's file, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The 1-based line, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The byte offset, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl Problem {
    /// A warning.
    pub fn warning(code: &str, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            code: code.to_string(),
            message: message.into(),
            record: None,
            line: None,
            offset: None,
        }
    }

    /// An error: a record that could not be read.
    pub fn error(code: &str, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            ..Problem::warning(code, message)
        }
    }

    /// Attach the record id.
    pub fn with_record(mut self, record: Option<String>) -> Problem {
        self.record = record;
        self
    }

    /// Attach the line.
    pub fn at_line(mut self, line: u64) -> Problem {
        self.line = Some(line);
        self
    }

    /// Attach the byte offset.
    pub fn at_offset(mut self, offset: u64) -> Problem {
        self.offset = Some(offset);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev}[{}]", self.code)?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        if let Some(offset) = self.offset {
            write!(f, " byte {offset}")?;
        }
        if let Some(record) = &self.record {
            write!(f, " record {record}")?;
        }
        write!(f, ": {}", self.message)
    }
}
