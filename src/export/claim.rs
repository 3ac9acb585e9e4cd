//! The CRO's own result, as it signs it, and how it compares with a recomputation.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::assessment::{Evaluation, Outcome, OutcomeReason, Path, Score, Tier};
use crate::pack::{CsfFunction, DomainId, QuestionId};

/// The result the CRO computed and signed: what a sponsor's recomputation must reproduce.
///
/// Scores are decimal strings with one decimal, rounded half up from the exact fraction
/// ("72.5"), or `null` when nothing was scored. No floating-point number appears anywhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The date the evaluation was made for: certificates are checked and due dates counted
    /// from it.
    pub as_of: Date,
    /// The tier, 1 (critical) to 4 (low).
    pub tier: Tier,
    /// The questionnaire path: "reduced" or "full".
    pub path: Path,
    /// The overall score in percent, or `null` when no domain was scored.
    pub overall: Option<String>,
    /// Each domain of the pack, in pack order.
    pub domains: Vec<ClaimedDomain>,
    /// Each CSF function, in the framework's order (GV, ID, PR, DE, RS, RC).
    pub functions: Vec<ClaimedFunction>,
    /// The outcome.
    pub outcome: Outcome,
    /// Every rule of the outcome that applied, in the order croqual applies them.
    pub reasons: Vec<OutcomeReason>,
    /// Active critical questions answered no or partially, or not answered.
    pub critical_failures: Vec<QuestionId>,
    /// Active critical questions answered not applicable, for the sponsor to confirm.
    pub critical_not_applicable: Vec<QuestionId>,
    /// Scored questions without an answer, counted as 0.
    pub incomplete: Vec<QuestionId>,
    /// When the next assessment is due: `as_of` plus the tier's interval.
    pub reassess_by: Date,
}

/// A domain's claimed score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimedDomain {
    /// The domain.
    pub domain: DomainId,
    /// Its weight in the overall score, an integer.
    pub weight: u32,
    /// Its score in percent, or `null` when none of its questions was scored.
    pub score: Option<String>,
}

/// A CSF function's claimed score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimedFunction {
    /// The function.
    pub function: CsfFunction,
    /// Its score in percent, or `null` when no scored question maps to it.
    pub score: Option<String>,
}

impl Claim {
    /// The claim an evaluation makes.
    pub fn from_evaluation(evaluation: &Evaluation) -> Claim {
        Claim {
            as_of: evaluation.as_of,
            tier: evaluation.tier.tier,
            path: evaluation.path.path,
            overall: evaluation.score.overall.as_ref().map(Score::percent),
            domains: evaluation
                .score
                .domains
                .iter()
                .map(|domain| ClaimedDomain {
                    domain: domain.domain.clone(),
                    weight: domain.weight,
                    score: domain.score.as_ref().map(Score::percent),
                })
                .collect(),
            functions: evaluation
                .score
                .functions
                .iter()
                .map(|function| ClaimedFunction {
                    function: function.function,
                    score: function.score.as_ref().map(Score::percent),
                })
                .collect(),
            outcome: evaluation.outcome,
            reasons: evaluation.reasons.clone(),
            critical_failures: evaluation.critical_failures.clone(),
            critical_not_applicable: evaluation.critical_not_applicable.clone(),
            incomplete: evaluation.score.incomplete.clone(),
            reassess_by: evaluation.reassess_by,
        }
    }

    /// Every way this claim differs from `recomputed`, field by field; empty when they agree.
    pub fn mismatches(&self, recomputed: &Claim) -> Vec<Mismatch> {
        let mut found = Vec::new();
        let mut compare = |field: String, claimed: String, recomputed: String| {
            if claimed != recomputed {
                found.push(Mismatch {
                    field,
                    claimed,
                    recomputed,
                });
            }
        };
        compare(
            "claim.as_of".into(),
            self.as_of.to_string(),
            recomputed.as_of.to_string(),
        );
        compare(
            "claim.tier".into(),
            self.tier.number().to_string(),
            recomputed.tier.number().to_string(),
        );
        compare(
            "claim.path".into(),
            path_name(self.path).into(),
            path_name(recomputed.path).into(),
        );
        compare(
            "claim.overall".into(),
            percent(self.overall.as_deref()),
            percent(recomputed.overall.as_deref()),
        );
        compare_keyed(
            "claim.domains",
            &self.domains,
            &recomputed.domains,
            |domain| domain.domain.to_string(),
            |domain| {
                format!(
                    "{} (weight {})",
                    percent(domain.score.as_deref()),
                    domain.weight
                )
            },
            &mut compare,
        );
        compare_keyed(
            "claim.functions",
            &self.functions,
            &recomputed.functions,
            |function| function.function.to_string(),
            |function| percent(function.score.as_deref()),
            &mut compare,
        );
        compare(
            "claim.outcome".into(),
            outcome_name(self.outcome).into(),
            outcome_name(recomputed.outcome).into(),
        );
        compare(
            "claim.reasons".into(),
            reasons(&self.reasons),
            reasons(&recomputed.reasons),
        );
        compare(
            "claim.critical_failures".into(),
            ids(&self.critical_failures),
            ids(&recomputed.critical_failures),
        );
        compare(
            "claim.critical_not_applicable".into(),
            ids(&self.critical_not_applicable),
            ids(&recomputed.critical_not_applicable),
        );
        compare(
            "claim.incomplete".into(),
            ids(&self.incomplete),
            ids(&recomputed.incomplete),
        );
        compare(
            "claim.reassess_by".into(),
            self.reassess_by.to_string(),
            recomputed.reassess_by.to_string(),
        );
        found
    }

    /// The overall score as people read it: "72.5 %", or "no score".
    pub fn overall_display(&self) -> String {
        match &self.overall {
            Some(score) => format!("{score} %"),
            None => "no score".to_owned(),
        }
    }
}

/// One difference between what a document says and what croqual recomputes or knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// What differs, as a path into the payload: "claim.overall", "claim.domains.IAM",
    /// "answers.GOV-10.state", "pack.version"…
    pub field: String,
    /// What the document says.
    pub claimed: String,
    /// What the recomputation gives.
    pub recomputed: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the submission says {}, the recomputation gives {}",
            self.field, self.claimed, self.recomputed
        )
    }
}

/// The payload's name of an outcome.
pub(crate) fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Accepted => "accepted",
        Outcome::AcceptedWithCorrectiveActions => "accepted_with_corrective_actions",
        Outcome::Rejected => "rejected",
    }
}

/// The payload's name of a path.
pub(crate) fn path_name(path: Path) -> &'static str {
    match path {
        Path::Reduced => "reduced",
        Path::Full => "full",
    }
}

/// Compares two lists keyed by `key`: entries on one side only, and entries whose `shown`
/// text differs.
fn compare_keyed<T>(
    field: &str,
    claimed: &[T],
    recomputed: &[T],
    key: impl Fn(&T) -> String,
    shown: impl Fn(&T) -> String,
    compare: &mut impl FnMut(String, String, String),
) {
    for item in claimed {
        let name = key(item);
        let other = recomputed.iter().find(|other| key(other) == name);
        compare(
            format!("{field}.{name}"),
            shown(item),
            other.map_or_else(|| "no such entry".to_owned(), &shown),
        );
    }
    for item in recomputed {
        let name = key(item);
        if !claimed.iter().any(|other| key(other) == name) {
            compare(
                format!("{field}.{name}"),
                "no such entry".to_owned(),
                shown(item),
            );
        }
    }
}

fn percent(score: Option<&str>) -> String {
    match score {
        Some(score) => format!("{score} %"),
        None => "no score".to_owned(),
    }
}

fn ids(ids: &[QuestionId]) -> String {
    if ids.is_empty() {
        return "none".to_owned();
    }
    ids.iter()
        .map(QuestionId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn reasons(reasons: &[OutcomeReason]) -> String {
    if reasons.is_empty() {
        return "none".to_owned();
    }
    reasons
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn claim() -> Claim {
        Claim {
            as_of: date(2025, 4, 1),
            tier: Tier::Tier2,
            path: Path::Full,
            overall: Some("72.5".into()),
            domains: vec![ClaimedDomain {
                domain: "IAM".parse().expect("an id"),
                weight: 5,
                score: Some("72.5".into()),
            }],
            functions: vec![],
            outcome: Outcome::AcceptedWithCorrectiveActions,
            reasons: vec![],
            critical_failures: vec![],
            critical_not_applicable: vec![],
            incomplete: vec![],
            reassess_by: date(2027, 4, 1),
        }
    }

    #[test]
    fn equal_claims_have_no_mismatch() {
        assert_eq!(claim().mismatches(&claim()), vec![]);
    }

    #[test]
    fn each_differing_field_is_named_with_both_values() {
        let mut lying = claim();
        lying.overall = Some("90.0".into());
        lying.domains[0].score = Some("90.0".into());
        lying.outcome = Outcome::Accepted;
        let shown: Vec<String> = lying
            .mismatches(&claim())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "claim.overall: the submission says 90.0 %, the recomputation gives 72.5 %",
                "claim.domains.IAM: the submission says 90.0 % (weight 5), the recomputation gives 72.5 % (weight 5)",
                "claim.outcome: the submission says accepted, the recomputation gives accepted_with_corrective_actions",
            ]
        );
    }
}
