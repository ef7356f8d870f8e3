//! What can go wrong with the ledger, each with a stable code for scripts and logs.

use std::path::Path;

/// The result of every ledger operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a ledger operation failed. A failed write leaves the ledger as it was: every write is
/// one SQLite transaction, and a file is renamed into place only once it is whole.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The input being added could not be read to its end.
    #[error("cannot read the input: {0}")]
    Read(String),
    /// The caller asked for something malformed or inconsistent.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The file's bytes do not give the hash recorded when it was captured.
    #[error("the file does not match the hash taken at capture: recorded {recorded}, the bytes give {found}")]
    CaptureHashMismatch {
        /// The hash recorded at capture.
        recorded: String,
        /// The hash of the bytes received.
        found: String,
    },
    /// An item, event or person that does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// A stored file is missing.
    #[error("the stored file {0} is missing")]
    BlobMissing(String),
    /// A stored file's bytes no longer give its hash: it was altered or substituted.
    #[error("the stored file {digest} is corrupted: its bytes now give {found}")]
    BlobCorrupted {
        /// The hash it is stored under.
        digest: String,
        /// The hash its bytes give now.
        found: String,
    },
    /// The folder is not a ledger, or the database is another application's.
    #[error("{path} is not a ce2 evidence ledger: {why}")]
    NotALedger {
        /// The path.
        path: String,
        /// Why not.
        why: String,
    },
    /// The ledger was written by a newer ce2.
    #[error("the ledger has schema version {found}; this ce2 knows up to {supported}")]
    TooNew {
        /// The version in the file.
        found: u32,
        /// The newest this build knows.
        supported: u32,
    },
    /// The log's own records contradict each other (found when opening or appending).
    #[error("the ledger is damaged: {0}")]
    Damaged(String),
    /// Revealing a protected identity needs the identity key, which this node does not hold.
    #[error("no clearance: {0}")]
    NoClearance(String),
    /// A sealed identity could not be opened: a wrong key, or its row was altered.
    #[error(
        "the sealed identity of {0} cannot be opened (wrong identity key, or the row was altered)"
    )]
    Unsealable(String),
    /// An export would include an item whose marking forbids it.
    #[error("{0}")]
    Marking(String),
    /// A proof, signed note or checkpoint did not verify.
    #[error("{0}")]
    Proof(String),
    /// Another process held the write lock for longer than the busy timeout.
    #[error("the ledger is busy (another process is writing)")]
    Busy,
    /// Any other SQLite failure.
    #[error("sqlite: {0}")]
    Sqlite(rusqlite::Error),
}

impl Error {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Read(_) => "read_failed",
            Error::Invalid(_) => "invalid_input",
            Error::CaptureHashMismatch { .. } => "capture_hash_mismatch",
            Error::NotFound(_) => "not_found",
            Error::BlobMissing(_) => "blob_missing",
            Error::BlobCorrupted { .. } => "blob_corrupted",
            Error::NotALedger { .. } => "not_a_ledger",
            Error::TooNew { .. } => "too_new",
            Error::Damaged(_) => "damaged",
            Error::NoClearance(_) => "no_clearance",
            Error::Unsealable(_) => "unsealable",
            Error::Marking(_) => "marking_forbids",
            Error::Proof(_) => "proof_failed",
            Error::Busy => "busy",
            Error::Sqlite(_) => "sqlite",
        }
    }

    pub(crate) fn io(path: &Path, e: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Busy
            }
            Some(rusqlite::ErrorCode::NotADatabase) => Error::Damaged(e.to_string()),
            _ => Error::Sqlite(e),
        }
    }
}
