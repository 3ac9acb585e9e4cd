//! One entry point: everything an assessment yields, from its inputs alone.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::applicability::{states, usable_answers};
use super::gap::DueDates;
use super::outcome::{OutcomeInputs, decide_outcome};
use super::score::compute;
use super::{
    Answers, Applicability, Certificate, CertificateCheck, CorrectiveAction, Finding, HdsCheck,
    Outcome, OutcomeReason, PathDecision, QuestionState, ScoreReport, TierDecision, TieringInputs,
    check_certificates, decide_path, decide_tier,
};
use crate::attest::Digest;
use crate::pack::{Pack, Points, QuestionId};

/// Everything an assessment yields: plain data, computed by [`evaluate`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The pack's id.
    pub pack_id: String,
    /// The pack's version.
    pub pack_version: String,
    /// The pack's digest.
    pub pack_digest: Digest,
    /// The date every check was made for.
    pub as_of: Date,
    /// The tier and why.
    pub tier: TierDecision,
    /// Each certificate's check, in the order given.
    pub certificates: Vec<CertificateCheck>,
    /// Whether HDS is required and covered.
    pub hds: HdsCheck,
    /// The path and why.
    pub path: PathDecision,
    /// Each question's state, in pack order.
    pub questions: Vec<QuestionStatus>,
    /// The scores.
    pub score: ScoreReport,
    /// Active critical questions answered no or partially, or not answered.
    pub critical_failures: Vec<QuestionId>,
    /// Active critical questions answered not applicable, for a reviewer to confirm.
    pub critical_not_applicable: Vec<QuestionId>,
    /// The computed outcome.
    pub outcome: Outcome,
    /// The reasons, each with the outcome it allows at most.
    pub reasons: Vec<OutcomeReason>,
    /// A proposed corrective action for every scored question answered no or partially, or
    /// not answered.
    pub corrective_actions: Vec<CorrectiveAction>,
    /// Answers that were left out: for questions the pack lacks, or of the wrong type.
    pub ignored_answers: Vec<IgnoredAnswer>,
    /// The date of the next assessment: `as_of` plus the tier's interval.
    pub reassess_by: Date,
}

impl Evaluation {
    /// How many scored questions have an answer, and how many there are: the progress a
    /// person sees. Answers kept for questions that are not active do not count.
    pub fn progress(&self) -> (usize, usize) {
        let scored = self.questions.iter().filter(|q| q.scored);
        let answered = scored.clone().filter(|q| q.answered).count();
        (answered, scored.count())
    }

    /// Whether every scored question has an answer.
    pub fn is_complete(&self) -> bool {
        self.score.incomplete.is_empty()
    }

    /// The status of a question.
    pub fn question(&self, id: &str) -> Option<&QuestionStatus> {
        self.questions
            .iter()
            .find(|status| status.question.as_str() == id)
    }
}

/// Where one question stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionStatus {
    /// The question.
    pub question: QuestionId,
    /// Active, inapplicable, off the path or optional. An inapplicable question's answer is
    /// kept but inactive.
    pub state: QuestionState,
    /// Whether it counts in the score.
    pub scored: bool,
    /// Whether it has an answer (kept even when inactive).
    pub answered: bool,
    /// What the answer earns, when it earns anything.
    pub points: Option<Points>,
}

/// An answer left out of the evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredAnswer {
    /// The question id it was given for.
    pub question: QuestionId,
    /// Why it was left out.
    pub reason: String,
}

/// Evaluates an assessment: tier, certificates, path, applicability, scores, critical
/// questions, outcome and corrective actions, all as of `as_of`.
pub fn evaluate(
    pack: &Pack,
    inputs: &TieringInputs,
    certificates: &[Certificate],
    answers: &Answers,
    as_of: Date,
) -> Evaluation {
    let tier = decide_tier(inputs);
    let checks = check_certificates(certificates, as_of);
    let hds = HdsCheck::new(inputs.required_hds_activities(), certificates, &checks);
    let path = decide_path(certificates, &checks, &hds);

    let usable = usable_answers(pack, answers);
    let applicability = Applicability::from_answers(pack, &usable);
    let question_states = states(pack, tier.tier, path.path, &applicability);
    let score = compute(pack, &question_states, &usable);

    let mut questions = Vec::with_capacity(pack.questions().len());
    let mut critical_failures = Vec::new();
    let mut critical_not_applicable = Vec::new();
    let mut corrective_actions = Vec::new();
    let due = DueDates::after(as_of);
    for (position, question) in pack.questions().iter().enumerate() {
        let state = question_states[position];
        let answer = usable[position].filter(|answer| answer.is_given());
        let points = answer.and_then(|answer| answer.points(question));
        let is_active = state == QuestionState::Active;
        let is_na = answer.is_some_and(|answer| answer.is_not_applicable());
        questions.push(QuestionStatus {
            question: question.id.clone(),
            state,
            scored: is_active && question.is_scored_type(),
            answered: answer.is_some(),
            points,
        });
        if !is_active || is_na {
            if is_active && is_na && question.critical {
                critical_not_applicable.push(question.id.clone());
            }
            continue;
        }
        let finding = if question.is_scored_type() {
            Finding::from_points(points)
        } else {
            answer.is_none().then_some(Finding::Unanswered)
        };
        let Some(finding) = finding else {
            continue;
        };
        if question.critical {
            critical_failures.push(question.id.clone());
        }
        if question.is_scored_type() {
            corrective_actions.push(CorrectiveAction::propose_due(question, finding, due));
        }
    }

    let (outcome, reasons) = decide_outcome(&OutcomeInputs {
        tier: &tier,
        path: path.path,
        score: &score,
        critical_failures: &critical_failures,
        critical_not_applicable: &critical_not_applicable,
        hds: &hds,
    });

    let reassess_by = as_of
        .checked_add(i64::from(tier.reassessment_months).months())
        .unwrap_or(Date::MAX);
    Evaluation {
        pack_id: pack.id().to_owned(),
        pack_version: pack.version().to_owned(),
        pack_digest: pack.digest(),
        as_of,
        tier,
        certificates: checks,
        hds,
        path,
        questions,
        score,
        critical_failures,
        critical_not_applicable,
        outcome,
        reasons,
        corrective_actions,
        ignored_answers: ignored_answers(pack, answers),
        reassess_by,
    }
}

fn ignored_answers(pack: &Pack, answers: &Answers) -> Vec<IgnoredAnswer> {
    answers
        .iter()
        .filter_map(|(id, answer)| {
            let reason = match pack.question(id.as_str()) {
                None => "the pack has no such question".to_owned(),
                Some(question) => answer.check_for(question).err()?.to_string(),
            };
            Some(IgnoredAnswer {
                question: id.clone(),
                reason,
            })
        })
        .collect()
}
