//! Screening decisions: who decided what about which hit, against which version of the list.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

/// An analyst's verdict on one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The screened party is the listed party.
    Match,
    /// The screened party is not the listed party.
    FalsePositive,
    /// Not decided either way; kept for the record.
    Unsure,
}

impl Verdict {
    /// The stored name (`match`, `false_positive`, `unsure`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::FalsePositive => "false_positive",
            Verdict::Unsure => "unsure",
        }
    }

    /// A verdict by its stored name.
    pub fn parse(s: &str) -> Option<Verdict> {
        match s {
            "match" => Some(Verdict::Match),
            "false_positive" => Some(Verdict::FalsePositive),
            "unsure" => Some(Verdict::Unsure),
            _ => None,
        }
    }
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDecision {
    /// The screened party: a customer or counterparty id, or the key of the query.
    pub subject_key: String,
    /// The listed entity the hit is on.
    pub entity_id: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, in the analyst's words (required).
    pub reason: String,
    /// Who decided (required).
    pub actor: String,
    /// The query as screened (JSON), for the record.
    pub query: String,
    /// The score of the hit when it was decided.
    pub score: Option<f64>,
    /// The algorithm that scored it.
    pub algorithm: Option<String>,
}

/// A stored decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The decision id, increasing.
    pub id: i64,
    /// The screened party.
    pub subject_key: String,
    /// The listed entity.
    pub entity_id: String,
    /// The dataset holding the listing when decided.
    pub dataset: String,
    /// The version of that dataset the decision was made against.
    pub version_id: i64,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// Who.
    pub actor: String,
    /// When, UTC.
    pub decided_at: String,
    /// The query as screened (JSON).
    pub query: String,
    /// The score then.
    pub score: Option<f64>,
    /// The algorithm then.
    pub algorithm: Option<String>,
    /// Whether the listing is unchanged since: same body in the dataset's current version. A
    /// decision on a listing that changed or left the list no longer applies.
    pub listing_unchanged: bool,
}

/// Record a decision against the current version of the list that holds the entity.
pub(crate) fn record(conn: &Connection, new: &NewDecision) -> Result<Decision> {
    if new.reason.trim().is_empty() || new.actor.trim().is_empty() {
        return Err(Error::Invalid(
            "a decision needs a reason and the name of who made it".into(),
        ));
    }
    let found: Option<(String, i64, Vec<u8>)> = conn
        .query_row(
            "SELECT d.name, e.version_id, e.body_hash FROM datasets d \
             JOIN entities e ON e.version_id = d.current_version AND e.entity_id = ?1 \
             ORDER BY d.name LIMIT 1",
            params![new.entity_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (dataset, version_id, hash) = found.ok_or_else(|| {
        Error::NotFound(format!("entity {:?} in the current lists", new.entity_id))
    })?;
    conn.execute(
        "INSERT INTO decisions (subject_key, entity_id, dataset, version_id, body_hash, verdict, \
         reason, actor, decided_at, query, score, algorithm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, \
         ?8, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?9, ?10, ?11)",
        params![
            new.subject_key,
            new.entity_id,
            dataset,
            version_id,
            hash,
            new.verdict.as_str(),
            new.reason.trim(),
            new.actor.trim(),
            new.query,
            new.score,
            new.algorithm
        ],
    )?;
    let id = conn.last_insert_rowid();
    list(conn, "WHERE x.id = ?1", params![id])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("decision {id}")))
}

const SELECT: &str =
    "SELECT x.id, x.subject_key, x.entity_id, x.dataset, x.version_id, x.verdict, \
     x.reason, x.actor, x.decided_at, x.query, x.score, x.algorithm, \
     EXISTS (SELECT 1 FROM datasets d JOIN entities e ON e.version_id = d.current_version \
             WHERE d.name = x.dataset AND e.entity_id = x.entity_id AND e.body_hash = x.body_hash) \
     FROM decisions x ";

fn list(conn: &Connection, filter: &str, args: impl rusqlite::Params) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT}{filter} ORDER BY x.id"))?;
    let rows = stmt
        .query_map(args, |r| {
            Ok((
                Decision {
                    id: r.get(0)?,
                    subject_key: r.get(1)?,
                    entity_id: r.get(2)?,
                    dataset: r.get(3)?,
                    version_id: r.get(4)?,
                    verdict: Verdict::Unsure,
                    reason: r.get(6)?,
                    actor: r.get(7)?,
                    decided_at: r.get(8)?,
                    query: r.get(9)?,
                    score: r.get(10)?,
                    algorithm: r.get(11)?,
                    listing_unchanged: r.get(12)?,
                },
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(mut d, v)| {
            d.verdict = Verdict::parse(&v)
                .ok_or_else(|| Error::Corrupt(format!("decision {} has verdict {v:?}", d.id)))?;
            Ok(d)
        })
        .collect()
}

/// Every decision on one screened party and one listed entity, oldest first.
pub(crate) fn history(
    conn: &Connection,
    subject_key: &str,
    entity_id: &str,
) -> Result<Vec<Decision>> {
    list(
        conn,
        "WHERE x.subject_key = ?1 AND x.entity_id = ?2",
        params![subject_key, entity_id],
    )
}

/// Every decision, oldest first (for audit export).
pub(crate) fn all(conn: &Connection) -> Result<Vec<Decision>> {
    list(conn, "", [])
}
