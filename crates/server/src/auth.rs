//! Who is calling: an API key sent as `Authorization: ApiKey <key>` (as to the hosted
//! OpenSanctions API), its role, and the rate it may call at.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use ce2_store::Role;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// The caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// How the audit log names the caller: `key:<id>:<label>` or `anonymous`.
    pub actor: String,
    /// What the caller may do.
    pub role: Role,
}

impl Caller {
    /// Refuse unless the caller has at least `role`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.role >= role {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "this needs the {} role; the caller is {}",
                role.as_str(),
                self.role.as_str()
            )))
        }
    }
}

/// The SHA-256 of a key, in hex: how keys are stored.
pub fn hash_key(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.trim().as_bytes()))
}

/// A new key: `ce2_` and 32 random bytes in hex. Returns the key and its prefix.
pub fn new_key() -> Result<(String, String), getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let key = format!("ce2_{}", hex::encode(bytes));
    let prefix = key[..12].to_string();
    Ok((key, prefix))
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Caller, ApiError> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap_or(""));
        let caller = match header {
            None if state.anonymous_allowed() => Caller {
                actor: "anonymous".into(),
                role: Role::Viewer,
            },
            None => {
                return Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "send an API key: Authorization: ApiKey <key>",
                ))
            }
            Some(value) => {
                let secret = value
                    .strip_prefix("ApiKey ")
                    .or_else(|| value.strip_prefix("Bearer "))
                    .ok_or_else(|| {
                        ApiError::new(
                            StatusCode::UNAUTHORIZED,
                            "unauthorized",
                            "the Authorization header must read: ApiKey <key>",
                        )
                    })?;
                let key = state.key(secret)?.ok_or_else(|| {
                    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "unknown API key")
                })?;
                if key.revoked_at.is_some() {
                    return Err(ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "key_revoked",
                        format!("key {} was revoked", key.prefix),
                    ));
                }
                Caller {
                    actor: format!("key:{}:{}", key.id, key.label),
                    role: key.role,
                }
            }
        };
        if let Err(wait) = state.limiter.take(&caller.actor, state.config.rate_limit) {
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "more than {} requests per second; try again in {wait} s",
                    state.config.rate_limit
                ),
            );
            e.retry_after = Some(wait);
            return Err(e);
        }
        Ok(caller)
    }
}
