//! Exact scores: domain, overall and per CSF function.

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Answer, Answers, Applicability, Path, QuestionState, Tier, applicability};
use crate::pack::{CsfFunction, DomainId, Pack, QuestionId};

/// A score between 0 and 1, kept as an exact fraction. Shown as a percentage with one
/// decimal, rounded half up from the exact value ("72.5"); thresholds compare the fraction.
///
/// Serialised as `{"percent": "72.5", "exact": "29/40"}`: the percentage for people, the
/// fraction so a recomputation can compare exactly.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(BigRational);

impl Score {
    /// The score `numerator / denominator`, when that lies between 0 and 1.
    pub fn new(numerator: u64, denominator: u64) -> Option<Score> {
        if denominator == 0 || numerator > denominator {
            return None;
        }
        Some(Score(BigRational::new(
            BigInt::from(numerator),
            BigInt::from(denominator),
        )))
    }

    /// The exact fraction.
    pub fn ratio(&self) -> &BigRational {
        &self.0
    }

    /// The percentage in tenths, rounded half up: 725 for 72.5 %, 0 to 1000.
    pub fn tenths(&self) -> u32 {
        // floor(1000·n/d + 1/2) = floor((2000·n + d) / 2d), in integers: no reduction needed.
        let (numerator, denominator) = (self.0.numer(), self.0.denom());
        let tenths =
            (numerator * BigInt::from(2000) + denominator) / (denominator * BigInt::from(2));
        // A score lies in 0..=1, so its tenths of a percent fit easily.
        u32::try_from(tenths).unwrap_or(1000)
    }

    /// The percentage to one decimal, rounded half up, such as "72.5" or "100.0".
    pub fn percent(&self) -> String {
        let tenths = self.tenths();
        format!("{}.{}", tenths / 10, tenths % 10)
    }

    /// Whether the exact score is at least `percent` %.
    pub fn is_at_least_percent(&self, percent: u32) -> bool {
        // n/d ≥ p/100 ⇔ 100·n ≥ p·d, for d > 0 (a ratio keeps its denominator positive).
        self.0.numer() * BigInt::from(100) >= self.0.denom() * BigInt::from(percent)
    }

    fn from_ratio(ratio: BigRational) -> Score {
        Score(ratio)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.percent())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreRecord {
    percent: String,
    exact: String,
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ScoreRecord {
            percent: self.percent(),
            exact: format!("{}/{}", self.0.numer(), self.0.denom()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Score, D::Error> {
        let record = ScoreRecord::deserialize(deserializer)?;
        let invalid =
            || serde::de::Error::custom(format!("{:?} is not a score from 0 to 1", record.exact));
        let (numerator, denominator) = record.exact.split_once('/').ok_or_else(invalid)?;
        let numerator: BigInt = numerator.parse().map_err(|_| invalid())?;
        let denominator: BigInt = denominator.parse().map_err(|_| invalid())?;
        if !denominator.is_positive() {
            return Err(invalid());
        }
        let ratio = BigRational::new(numerator, denominator);
        if ratio.is_negative() || ratio > BigRational::one() {
            return Err(invalid());
        }
        let score = Score(ratio);
        if score.percent() != record.percent {
            return Err(serde::de::Error::custom(format!(
                "percent {:?} does not match the exact score {} ({})",
                record.percent,
                record.exact,
                score.percent()
            )));
        }
        Ok(score)
    }
}

/// The scores of an assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// The weighted mean of the domain scores; `None` when no domain has a score.
    pub overall: Option<Score>,
    /// Each domain, in pack order.
    pub domains: Vec<DomainScore>,
    /// Each CSF function, in the framework's order.
    pub functions: Vec<FunctionScore>,
    /// Scored questions without an answer, counted as 0, in pack order.
    pub incomplete: Vec<QuestionId>,
}

impl ScoreReport {
    /// The score of a domain.
    pub fn domain(&self, id: &str) -> Option<&DomainScore> {
        self.domains
            .iter()
            .find(|domain| domain.domain.as_str() == id)
    }

    /// The score of a CSF function.
    pub fn function(&self, function: CsfFunction) -> Option<&FunctionScore> {
        self.functions
            .iter()
            .find(|score| score.function == function)
    }
}

/// A domain's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainScore {
    /// The domain.
    pub domain: DomainId,
    /// Its weight in the overall score.
    pub weight: u32,
    /// Σ weight·points / Σ weight over scored questions not answered "not applicable";
    /// `None` when there is none.
    pub score: Option<Score>,
    /// How many of its questions are scored (including not applicable ones).
    pub scored_questions: u32,
    /// How many of those have an answer.
    pub answered_questions: u32,
}

/// A CSF function's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionScore {
    /// The function.
    pub function: CsfFunction,
    /// Σ weight·points / Σ weight over the scored questions that map to it; `None` when
    /// there is none.
    pub score: Option<Score>,
    /// How many scored questions map to it.
    pub scored_questions: u32,
}

/// The scores for `answers` at `tier` on `path`.
pub fn score(pack: &Pack, tier: Tier, path: Path, answers: &Answers) -> ScoreReport {
    let usable = applicability::usable_answers(pack, answers);
    let applicability = Applicability::from_answers(pack, &usable);
    let states = applicability::states(pack, tier, path, &applicability);
    compute(pack, &states, &usable)
}

#[derive(Clone, Copy, Default)]
struct Sum {
    earned_halves: u64,
    possible_halves: u64,
    scored: u32,
    answered: u32,
}

impl Sum {
    fn add(&mut self, weight: u32, halves: Option<u32>, is_answered: bool) {
        self.scored += 1;
        if is_answered {
            self.answered += 1;
        }
        if let Some(halves) = halves {
            self.earned_halves += u64::from(weight) * u64::from(halves);
            self.possible_halves += 2 * u64::from(weight);
        }
    }

    fn score(&self) -> Option<Score> {
        Score::new(self.earned_halves, self.possible_halves)
    }
}

/// The report for questions in `states`, with `answers` by position (usable ones only).
pub(crate) fn compute(
    pack: &Pack,
    states: &[QuestionState],
    answers: &[Option<&Answer>],
) -> ScoreReport {
    let mut domains = vec![Sum::default(); pack.domains().len()];
    let mut functions = [Sum::default(); 6];
    let mut incomplete = Vec::new();

    for (position, question) in pack.questions().iter().enumerate() {
        if states[position] != QuestionState::Active || !question.is_scored_type() {
            continue;
        }
        let answer = answers[position].filter(|answer| answer.is_given());
        // Not applicable leaves numerator and denominator; no answer counts as 0.
        let halves = match answer {
            Some(answer) if answer.is_not_applicable() => None,
            Some(answer) => Some(answer.points(question).map_or(0, |points| points.halves())),
            None => {
                incomplete.push(question.id.clone());
                Some(0)
            }
        };
        let domain = pack.question_domains()[position];
        domains[domain].add(question.weight, halves, answer.is_some());

        let mut mapped = question.mappings.csf_functions();
        if mapped.is_empty() {
            mapped.extend(pack.domains()[domain].function);
        }
        for function in mapped {
            functions[function_slot(function)].add(question.weight, halves, answer.is_some());
        }
    }

    let domain_scores: Vec<DomainScore> = pack
        .domains()
        .iter()
        .zip(&domains)
        .map(|(domain, sum)| DomainScore {
            domain: domain.id.clone(),
            weight: domain.weight,
            score: sum.score(),
            scored_questions: sum.scored,
            answered_questions: sum.answered,
        })
        .collect();

    ScoreReport {
        overall: overall(&domain_scores),
        domains: domain_scores,
        functions: CsfFunction::ALL
            .into_iter()
            .map(|function| {
                let sum = functions[function_slot(function)];
                FunctionScore {
                    function,
                    score: sum.score(),
                    scored_questions: sum.scored,
                }
            })
            .collect(),
        incomplete,
    }
}

/// Σ_d W_d·score_d / Σ_d W_d over the domains that have a score.
fn overall(domains: &[DomainScore]) -> Option<Score> {
    let mut weighted = BigRational::zero();
    let mut weights = BigInt::zero();
    for domain in domains {
        if let Some(score) = &domain.score {
            weighted += score.ratio() * BigInt::from(domain.weight);
            weights += BigInt::from(domain.weight);
        }
    }
    if weights.is_zero() {
        return None;
    }
    Some(Score::from_ratio(weighted / weights))
}

fn function_slot(function: CsfFunction) -> usize {
    match function {
        CsfFunction::Govern => 0,
        CsfFunction::Identify => 1,
        CsfFunction::Protect => 2,
        CsfFunction::Detect => 3,
        CsfFunction::Respond => 4,
        CsfFunction::Recover => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent(numerator: u64, denominator: u64) -> String {
        Score::new(numerator, denominator)
            .expect("a score from 0 to 1")
            .percent()
    }

    #[test]
    fn percentages_round_half_up_to_one_decimal() {
        assert_eq!(percent(1, 2), "50.0");
        assert_eq!(percent(2, 3), "66.7");
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(1, 1), "100.0");
        assert_eq!(percent(0, 7), "0.0");
        // 0.0725 of a percent past 72: 72.5 exactly stays, 72.45 rounds up to 72.5.
        assert_eq!(percent(29, 40), "72.5");
        assert_eq!(percent(1449, 2000), "72.5");
        assert_eq!(percent(14489, 20000), "72.4");
    }

    #[test]
    fn thresholds_compare_the_exact_fraction_not_the_rounded_one() {
        let just_below = Score::new(6999, 10000).expect("a score");
        assert_eq!(just_below.percent(), "70.0");
        assert!(!just_below.is_at_least_percent(70));
        assert!(Score::new(7, 10).expect("a score").is_at_least_percent(70));
    }

    #[test]
    fn a_score_reads_back_what_it_writes() {
        let score = Score::new(29, 40).expect("a score");
        let json = serde_json::to_string(&score).expect("serialises");
        assert_eq!(json, r#"{"percent":"72.5","exact":"29/40"}"#);
        assert_eq!(serde_json::from_str::<Score>(&json).expect("parses"), score);
        assert!(serde_json::from_str::<Score>(r#"{"percent":"80.0","exact":"29/40"}"#).is_err());
        assert!(serde_json::from_str::<Score>(r#"{"percent":"150.0","exact":"3/2"}"#).is_err());
    }
}
