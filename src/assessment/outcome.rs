//! The assessment path and the outcome, with their reasons.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Certificate, CertificateCheck, HdsActivity, HdsCheck, ScoreReport, TierDecision};
use crate::pack::{DomainId, QuestionId};

/// The result of an assessment. Orders from worst to best.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The CRO does not qualify.
    Rejected,
    /// The CRO qualifies once the corrective actions are carried out.
    AcceptedWithCorrectiveActions,
    /// The CRO qualifies.
    Accepted,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Rejected => "rejected",
            Outcome::AcceptedWithCorrectiveActions => "accepted with corrective actions",
            Outcome::Accepted => "accepted",
        })
    }
}

/// Which questionnaire the CRO answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Path {
    /// Valid, recognised certificates cover the service: only the core questions.
    Reduced,
    /// Certificates are lacking or invalid: every question.
    Full,
}

/// The path with the reasons for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathDecision {
    /// The path.
    pub path: Path,
    /// Why.
    pub reasons: Vec<PathReason>,
}

/// Why a path was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum PathReason {
    /// A valid, recognised ISMS certificate covers the service.
    CoveredBy {
        /// The scheme's name.
        scheme: String,
        /// The certificate number.
        number: String,
    },
    /// No valid, recognised ISMS certificate covers the service.
    NoRecognisedCertificate,
    /// The service needs HDS for activities no counting certificate covers.
    HdsMissing {
        /// The activities without a certificate.
        activities: Vec<HdsActivity>,
    },
}

impl fmt::Display for PathReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathReason::CoveredBy { scheme, number } => {
                write!(
                    f,
                    "{scheme} certificate {number} is valid and covers the service"
                )
            }
            PathReason::NoRecognisedCertificate => f.write_str(
                "no valid ISO/IEC 27001, SOC 2 Type II or HITRUST certificate covers the service",
            ),
            PathReason::HdsMissing { activities } => {
                write!(f, "no valid HDS certificate covers {}", list(activities))
            }
        }
    }
}

/// The path rule: reduced when a valid, recognised ISMS certificate (ISO/IEC 27001:2022, or
/// :2013 until the end of its transition, a fresh SOC 2 Type II report, HITRUST) covers the
/// service and, where the service hosts French health data, HDS certificates cover every
/// activity involved; full otherwise.
pub fn decide_path(
    certificates: &[Certificate],
    checks: &[CertificateCheck],
    hds: &HdsCheck,
) -> PathDecision {
    let mut reasons: Vec<PathReason> = certificates
        .iter()
        .zip(checks)
        .filter(|(certificate, check)| check.counts && certificate.scheme.is_recognised_isms())
        .map(|(_, check)| PathReason::CoveredBy {
            scheme: check.scheme.clone(),
            number: check.number.clone(),
        })
        .collect();
    let is_covered = !reasons.is_empty();
    if !is_covered {
        reasons.push(PathReason::NoRecognisedCertificate);
    }
    if !hds.is_satisfied() {
        reasons.push(PathReason::HdsMissing {
            activities: hds.missing.iter().copied().collect(),
        });
    }
    let path = if is_covered && hds.is_satisfied() {
        Path::Reduced
    } else {
        Path::Full
    };
    PathDecision { path, reasons }
}

/// One step of the outcome rule, with the outcome it allows at most.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum OutcomeReason {
    /// The overall score reaches the tier's acceptance threshold.
    MeetsAcceptThreshold {
        /// The overall score, in percent.
        score: String,
        /// The threshold, in percent.
        threshold: u32,
    },
    /// The overall score is below the acceptance threshold: at most accepted with
    /// corrective actions.
    BelowAcceptThreshold {
        /// The overall score, in percent.
        score: String,
        /// The threshold, in percent.
        threshold: u32,
    },
    /// The overall score is below the corrective-action threshold: rejected.
    BelowCorrectiveActionThreshold {
        /// The overall score, in percent.
        score: String,
        /// The threshold, in percent.
        threshold: u32,
    },
    /// A domain scores below the tier's corrective-action threshold: at most accepted with
    /// corrective actions.
    DomainBelowCorrectiveActionThreshold {
        /// The domain.
        domain: DomainId,
        /// Its score, in percent.
        score: String,
        /// The threshold, in percent.
        threshold: u32,
    },
    /// Critical questions answered no or partially, or not answered: at most accepted with
    /// corrective actions.
    CriticalQuestionsFailed {
        /// The questions, in pack order.
        questions: Vec<QuestionId>,
    },
    /// Critical questions answered not applicable: excluded from the score and not a
    /// failure, but a reviewer must confirm each justification. No cap.
    CriticalQuestionsNotApplicable {
        /// The questions, in pack order.
        questions: Vec<QuestionId>,
    },
    /// Scored questions without an answer, counted as 0. No cap of its own.
    Incomplete {
        /// The questions, in pack order.
        questions: Vec<QuestionId>,
    },
    /// Certificates cover the service and the reduced questionnaire has nothing to score.
    NothingToScoreOnTheReducedPath,
    /// The full questionnaire has nothing to score and no certificate covers the service:
    /// rejected.
    NothingScored,
    /// The service hosts French health data without HDS for every activity involved: hosting
    /// without the certificate is unlawful, so rejected whatever the score.
    HdsCertificateMissing {
        /// The activities without a certificate.
        activities: Vec<HdsActivity>,
    },
}

impl OutcomeReason {
    /// The best outcome this reason allows.
    pub fn cap(&self) -> Outcome {
        match self {
            OutcomeReason::BelowCorrectiveActionThreshold { .. }
            | OutcomeReason::NothingScored
            | OutcomeReason::HdsCertificateMissing { .. } => Outcome::Rejected,
            OutcomeReason::BelowAcceptThreshold { .. }
            | OutcomeReason::DomainBelowCorrectiveActionThreshold { .. }
            | OutcomeReason::CriticalQuestionsFailed { .. } => {
                Outcome::AcceptedWithCorrectiveActions
            }
            OutcomeReason::MeetsAcceptThreshold { .. }
            | OutcomeReason::CriticalQuestionsNotApplicable { .. }
            | OutcomeReason::Incomplete { .. }
            | OutcomeReason::NothingToScoreOnTheReducedPath => Outcome::Accepted,
        }
    }
}

impl fmt::Display for OutcomeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutcomeReason::MeetsAcceptThreshold { score, threshold } => {
                write!(
                    f,
                    "the overall score {score} % reaches the acceptance threshold of {threshold} %"
                )
            }
            OutcomeReason::BelowAcceptThreshold { score, threshold } => write!(
                f,
                "the overall score {score} % is below the acceptance threshold of {threshold} %"
            ),
            OutcomeReason::BelowCorrectiveActionThreshold { score, threshold } => write!(
                f,
                "the overall score {score} % is below the corrective-action threshold of {threshold} %"
            ),
            OutcomeReason::DomainBelowCorrectiveActionThreshold {
                domain,
                score,
                threshold,
            } => write!(
                f,
                "domain {domain} scores {score} %, below the corrective-action threshold of {threshold} %"
            ),
            OutcomeReason::CriticalQuestionsFailed { questions } => {
                write!(
                    f,
                    "critical questions failed or unanswered: {}",
                    list(questions)
                )
            }
            OutcomeReason::CriticalQuestionsNotApplicable { questions } => write!(
                f,
                "critical questions answered not applicable, for a reviewer to confirm: {}",
                list(questions)
            ),
            OutcomeReason::Incomplete { questions } => {
                write!(
                    f,
                    "questions without an answer, counted as 0: {}",
                    list(questions)
                )
            }
            OutcomeReason::NothingToScoreOnTheReducedPath => f.write_str(
                "certificates cover the service and the reduced questionnaire has nothing to score",
            ),
            OutcomeReason::NothingScored => {
                f.write_str("nothing was scored and no certificate covers the service")
            }
            OutcomeReason::HdsCertificateMissing { activities } => write!(
                f,
                "the service hosts health data of people in France without an HDS certificate for {}",
                list(activities)
            ),
        }
    }
}

/// What the outcome rule reads.
pub(crate) struct OutcomeInputs<'a> {
    pub(crate) tier: &'a TierDecision,
    pub(crate) path: Path,
    pub(crate) score: &'a ScoreReport,
    pub(crate) critical_failures: &'a [QuestionId],
    pub(crate) critical_not_applicable: &'a [QuestionId],
    pub(crate) hds: &'a HdsCheck,
}

/// The outcome rule (see the module docs of [`crate::assessment`]).
pub(crate) fn decide_outcome(inputs: &OutcomeInputs<'_>) -> (Outcome, Vec<OutcomeReason>) {
    let thresholds = inputs.tier.thresholds;
    let mut reasons = Vec::new();

    match &inputs.score.overall {
        None if inputs.path == Path::Reduced => {
            reasons.push(OutcomeReason::NothingToScoreOnTheReducedPath);
        }
        None => reasons.push(OutcomeReason::NothingScored),
        Some(score) if !score.is_at_least_percent(thresholds.accept_with_corrective_actions) => {
            reasons.push(OutcomeReason::BelowCorrectiveActionThreshold {
                score: score.percent(),
                threshold: thresholds.accept_with_corrective_actions,
            });
        }
        Some(score) if !score.is_at_least_percent(thresholds.accept) => {
            reasons.push(OutcomeReason::BelowAcceptThreshold {
                score: score.percent(),
                threshold: thresholds.accept,
            });
        }
        Some(score) => reasons.push(OutcomeReason::MeetsAcceptThreshold {
            score: score.percent(),
            threshold: thresholds.accept,
        }),
    }

    for domain in &inputs.score.domains {
        let Some(score) = &domain.score else {
            continue;
        };
        if !score.is_at_least_percent(thresholds.accept_with_corrective_actions) {
            reasons.push(OutcomeReason::DomainBelowCorrectiveActionThreshold {
                domain: domain.domain.clone(),
                score: score.percent(),
                threshold: thresholds.accept_with_corrective_actions,
            });
        }
    }
    if !inputs.critical_failures.is_empty() {
        reasons.push(OutcomeReason::CriticalQuestionsFailed {
            questions: inputs.critical_failures.to_vec(),
        });
    }
    if !inputs.critical_not_applicable.is_empty() {
        reasons.push(OutcomeReason::CriticalQuestionsNotApplicable {
            questions: inputs.critical_not_applicable.to_vec(),
        });
    }
    if !inputs.score.incomplete.is_empty() {
        reasons.push(OutcomeReason::Incomplete {
            questions: inputs.score.incomplete.clone(),
        });
    }
    if !inputs.hds.is_satisfied() {
        reasons.push(OutcomeReason::HdsCertificateMissing {
            activities: inputs.hds.missing.iter().copied().collect(),
        });
    }

    let outcome = reasons
        .iter()
        .map(OutcomeReason::cap)
        .min()
        .unwrap_or(Outcome::Accepted);
    (outcome, reasons)
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
