//! Scores and their explanations: which feature gave the score, which qualifiers moved it and
//! by how much.

use serde::Serialize;

/// One thing that made or moved a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// A stable name (`name_match`, `identifier_match`, `birth_date_mismatch`,
    /// `country_mismatch`, `gender_mismatch`, `weak_alias_match`, `org_type_mismatch`…).
    pub name: &'static str,
    /// For the main feature, the score it gave; for a qualifier, how much it moved the score
    /// (negative lowers it).
    pub value: f64,
    /// What was compared with what, for a person.
    pub detail: String,
}

/// A candidate's score and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// The score, 0..1.
    pub score: f64,
    /// The main feature first, then the qualifiers in the order applied.
    pub features: Vec<Feature>,
}

impl Scored {
    /// A score of zero with one reason.
    pub fn zero(name: &'static str, detail: impl Into<String>) -> Scored {
        Scored {
            score: 0.0,
            features: vec![Feature {
                name,
                value: 0.0,
                detail: detail.into(),
            }],
        }
    }

    /// The explanation as one line.
    pub fn summary(&self) -> String {
        self.features
            .iter()
            .map(|f| format!("{} {:+.2}: {}", f.name, f.value, f.detail))
            .collect::<Vec<_>>()
            .join("; ")
    }
}
