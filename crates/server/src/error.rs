//! Errors the service answers with: an HTTP status and a stable, machine-readable code.
//!
//! | code | status | when |
//! |---|---|---|
//! | `bad_request` | 400 | malformed JSON, a parameter of the wrong type, an unknown `config` key |
//! | `too_many_queries` | 400 | more queries in one `/match` request than allowed (100) |
//! | `unknown_algorithm` | 400 | an `algorithm` ce2 does not have |
//! | `invalid_query` | 422 | an unknown or missing schema, an unknown property, a value that cannot be cleaned |
//! | `unauthorized` | 401 | no key where one is required, or a key ce2 does not know |
//! | `key_revoked` | 401 | a key that was revoked |
//! | `forbidden` | 403 | a key whose role may not do this |
//! | `not_found` | 404 | an unknown entity, dataset version or route |
//! | `unknown_dataset` | 404 | a `/match/{dataset}` or `/search/{dataset}` scope ce2 does not hold |
//! | `payload_too_large` | 413 | a body over the limit |
//! | `unsupported_media_type` | 415 | a body that is not JSON where JSON is expected |
//! | `rate_limited` | 429 | more requests than the key's rate allows; `retry-after` says when to try again |
//! | `timeout` | 408 | a request that took longer than the limit, or a client too slow to send it |
//! | `not_ready` | 503 | the lists are still loading |
//! | `store_error` | 500 | the store failed; nothing was written |
//! | `audit_failed` | 500 | the audit log could not be written; no answer is given that is not logged |

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

/// An error answered to a client.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code.
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// Seconds to wait, for `rate_limited`.
    pub retry_after: Option<u64>,
}

/// The body of every error: `{"error": {"code", "message"}}` (and yente's `detail`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The code and message.
    pub error: ErrorDetail,
    /// The message again, where yente's clients look for it.
    pub detail: String,
}

/// An error's code and message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// The stable code (see the table in the crate docs).
    pub code: String,
    /// What went wrong.
    pub message: String,
}

impl ApiError {
    /// An error with a status, a code and a message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 422 `invalid_query`.
    pub fn invalid_query(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_query", message)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 500 `store_error`.
    pub fn store(e: ce2_store::Error) -> ApiError {
        match e {
            ce2_store::Error::NotFound(what) => ApiError::not_found(format!("{what} not found")),
            ce2_store::Error::Invalid(why) => ApiError::invalid_query(why),
            e => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "store_error",
                e.to_string(),
            ),
        }
    }
}

impl From<ce2_store::Error> for ApiError {
    fn from(e: ce2_store::Error) -> ApiError {
        ApiError::store(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": {"code": self.code, "message": self.message},
            "detail": self.message,
        });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(s) = self.retry_after {
            if let Ok(v) = s.to_string().parse() {
                response.headers_mut().insert("retry-after", v);
            }
        }
        response
    }
}

/// Every error code with its status, for the documentation and the tests.
pub const CODES: &[(&str, u16)] = &[
    ("bad_request", 400),
    ("too_many_queries", 400),
    ("unknown_algorithm", 400),
    ("invalid_query", 422),
    ("unauthorized", 401),
    ("key_revoked", 401),
    ("forbidden", 403),
    ("not_found", 404),
    ("unknown_dataset", 404),
    ("payload_too_large", 413),
    ("unsupported_media_type", 415),
    ("rate_limited", 429),
    ("timeout", 408),
    ("not_ready", 503),
    ("store_error", 500),
    ("audit_failed", 500),
];
