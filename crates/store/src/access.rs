//! Who may use the service, and what was asked of it: API keys with roles, and the append-only
//! audit log of every screening request and every decision.
//!
//! Keys are stored as the SHA-256 of the key: a key is 32 random bytes, so a hash suffices to
//! make a stolen store useless for calling the service. A key is shown once, when created.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Read: screen, search, look at entities, versions and diffs.
    Viewer,
    /// A viewer who also records decisions and runs batch screening.
    Analyst,
    /// An analyst who also reads and exports the audit log.
    Admin,
}

impl Role {
    /// The stored name (`viewer`, `analyst`, `admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    /// A role by its stored name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "analyst" => Some(Role::Analyst),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A stored key, without its secret.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    /// The key's id.
    pub id: i64,
    /// The first characters of the key, to tell keys apart in lists and logs.
    pub prefix: String,
    /// What it may do.
    pub role: Role,
    /// Whose key it is, in the admin's words.
    pub label: String,
    /// When it was created, UTC.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Increasing id.
    pub id: i64,
    /// When, UTC.
    pub at: String,
    /// Who: `key:<id>:<prefix>` or `anonymous`.
    pub actor: String,
    /// What kind of request (`match`, `search`, `batch`, `decide`, `keys`…).
    pub action: String,
    /// What was asked (JSON).
    pub request: String,
    /// What was answered (JSON).
    pub response: String,
    /// The versions of the lists the answer was made against (JSON: dataset → version id).
    pub versions: String,
}

/// An audit entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// Who.
    pub actor: String,
    /// What kind of request.
    pub action: String,
    /// What was asked (JSON).
    pub request: String,
    /// What was answered (JSON).
    pub response: String,
    /// The list versions (JSON).
    pub versions: String,
}

pub(crate) fn create_key(
    conn: &Connection,
    hash: &str,
    prefix: &str,
    role: Role,
    label: &str,
) -> Result<ApiKey> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Invalid(
            "a key is stored as its SHA-256 in hex".into(),
        ));
    }
    conn.execute(
        "INSERT INTO api_keys (hash, prefix, role, label, created_at) \
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        params![hash, prefix, role.as_str(), label],
    )?;
    let id = conn.last_insert_rowid();
    keys_where(conn, "WHERE id = ?1", params![id])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("key {id}")))
}

fn keys_where(conn: &Connection, filter: &str, args: impl rusqlite::Params) -> Result<Vec<ApiKey>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, prefix, role, label, created_at, revoked_at FROM api_keys {filter} ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, prefix, role, label, created_at, revoked_at)| {
            Ok(ApiKey {
                id,
                prefix,
                role: Role::parse(&role)
                    .ok_or_else(|| Error::Corrupt(format!("key {id} has role {role:?}")))?,
                label,
                created_at,
                revoked_at,
            })
        })
        .collect()
}

pub(crate) fn keys(conn: &Connection) -> Result<Vec<ApiKey>> {
    keys_where(conn, "", [])
}

pub(crate) fn key_by_hash(conn: &Connection, hash: &str) -> Result<Option<ApiKey>> {
    Ok(keys_where(conn, "WHERE hash = ?1", params![hash])?.pop())
}

pub(crate) fn revoke_key(conn: &Connection, id: i64) -> Result<ApiKey> {
    let changed = conn.execute(
        "UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND revoked_at IS NULL",
        params![id],
    )?;
    let key = keys_where(conn, "WHERE id = ?1", params![id])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("key {id}")))?;
    if changed == 0 && key.revoked_at.is_none() {
        return Err(Error::Invalid(format!("key {id} could not be revoked")));
    }
    Ok(key)
}

pub(crate) fn has_keys(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM api_keys LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

pub(crate) fn append_audit(conn: &Connection, entries: &[NewAuditEntry]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit (at, actor, action, request, response, versions) \
         VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in entries {
        stmt.execute(params![
            e.actor, e.action, e.request, e.response, e.versions
        ])?;
    }
    Ok(())
}

pub(crate) fn audit(conn: &Connection, after: i64, limit: usize) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, request, response, versions FROM audit \
         WHERE id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after, limit as i64], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                request: r.get(4)?,
                response: r.get(5)?,
                versions: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
