//! One assessment of the default bank evaluated natively and in the browser: exact
//! arithmetic must give the same figures in both.

use croqual::assessment::{
    Answer, Answers, BusinessFunction, DataSensitivity, Evaluation, SystemAccess, TieringInputs,
    evaluate,
};
use croqual::pack::{AnswerType, default_bank};

/// The overall score, outcome and number of corrective actions both must find.
pub const EXPECTED: (&str, croqual::assessment::Outcome, usize) = (
    "79.5",
    croqual::assessment::Outcome::AcceptedWithCorrectiveActions,
    46,
);

/// Every scale question of the bank answered, one in three partially, for a tier 1 service.
pub fn evaluation() -> Evaluation {
    let bank = default_bank();
    let at: jiff::Timestamp = "2026-01-05T10:00:00Z".parse().expect("a time");
    let mut answers = Answers::new();
    for (index, question) in bank
        .questions()
        .iter()
        .filter(|q| q.is_scored_type())
        .enumerate()
    {
        if matches!(question.answer_type, AnswerType::Scale) {
            let answer = if index % 3 == 0 {
                Answer::partial(at)
            } else {
                Answer::yes(at)
            };
            answers.insert(question.id.clone(), answer);
        }
    }
    let inputs = TieringInputs {
        business_function: BusinessFunction::Critical,
        data: DataSensitivity::HealthOrTrialSubject,
        access: SystemAccess::Interactive,
        hosts_french_health_data: false,
        hds_activities: Default::default(),
    };
    evaluate(bank, &inputs, &[], &answers, jiff::civil::date(2026, 1, 5))
}
