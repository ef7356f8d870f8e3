//! What can go wrong with the store, each with a stable code for scripts and logs.

use rusqlite::ErrorCode;

/// The result of every store operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a store operation failed. Nothing was written when a write fails: every write is one
/// transaction.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A dataset, version or entity that does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The file could not be opened or created (missing folder, no permission).
    #[error("cannot open {path}: {message}")]
    Open {
        /// The path given.
        path: String,
        /// Why, as SQLite says it.
        message: String,
    },
    /// The file is not a SQLite database, or its pages or a stored body are damaged.
    #[error("the store is damaged or not a database: {0}")]
    Corrupt(String),
    /// A sound SQLite database, but another application's, not a ce2 store.
    #[error("{path} is a SQLite database of another application, not a ce2 store")]
    NotAStore {
        /// The path given.
        path: String,
    },
    /// The file was written by a newer ce2 whose schema this one does not know.
    #[error("{path} has store schema version {found}; this ce2 knows up to version {supported}")]
    TooNew {
        /// The path given.
        path: String,
        /// The schema version in the file.
        found: u32,
        /// The newest schema version this build knows.
        supported: u32,
    },
    /// Another process held the write lock for longer than the busy timeout.
    #[error("the store is busy (another process is writing): {0}")]
    Busy(String),
    /// The caller asked for something inconsistent (a malformed SHA-256, a subject naming an
    /// entity no list holds, an unknown property).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// Any other SQLite failure.
    #[error("sqlite: {0}")]
    Sqlite(rusqlite::Error),
}

impl Error {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::Open { .. } => "cannot_open",
            Error::Corrupt(_) => "corrupt",
            Error::NotAStore { .. } => "not_a_store",
            Error::TooNew { .. } => "too_new",
            Error::Busy(_) => "busy",
            Error::Invalid(_) => "invalid_input",
            Error::Sqlite(_) => "sqlite",
        }
    }
}

impl From<rusqlite::Error> for Error {
    /// SQLite's own codes for a damaged file and a held lock become their own variants, so
    /// that a caller can tell "restore from backup" and "try again later" from a bug.
    fn from(e: rusqlite::Error) -> Error {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Error::Corrupt(e.to_string())
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy(e.to_string()),
            _ => Error::Sqlite(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_codes_map_to_their_variants() {
        let failure = |code: i32| {
            Error::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ))
        };
        assert_eq!(failure(rusqlite::ffi::SQLITE_NOTADB).code(), "corrupt");
        assert_eq!(failure(rusqlite::ffi::SQLITE_CORRUPT).code(), "corrupt");
        assert_eq!(failure(rusqlite::ffi::SQLITE_BUSY).code(), "busy");
        assert_eq!(failure(rusqlite::ffi::SQLITE_LOCKED).code(), "busy");
        assert_eq!(failure(rusqlite::ffi::SQLITE_FULL).code(), "sqlite");
        assert_eq!(
            Error::from(rusqlite::Error::QueryReturnedNoRows).code(),
            "sqlite"
        );
    }
}
