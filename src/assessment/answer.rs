//! Answers: what the CRO said, with its comment, evidence and time.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::attest::Digest;
use crate::pack::{AnswerType, Points, Question, QuestionId};

/// The answers of one assessment, by question id.
pub type Answers = BTreeMap<QuestionId, Answer>;

/// The largest file size an evidence reference may state: 2^53 − 1, the largest integer
/// every JSON reader keeps exactly.
pub const MAX_EVIDENCE_SIZE: u64 = (1 << 53) - 1;

/// One answer. Typed text (comment, free text, justification, file names) is stored
/// NFC-normalised, so the same words give the same bytes whatever the keyboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AnswerRecord")]
pub struct Answer {
    value: AnswerValue,
    comment: String,
    evidence: Vec<EvidenceRef>,
    answered_at: Timestamp,
}

impl Answer {
    /// An answer with no comment and no evidence.
    ///
    /// # Errors
    ///
    /// When not applicable has an empty justification, a number is not a plain decimal, a
    /// choice is empty or an option is chosen twice.
    pub fn new(value: AnswerValue, answered_at: Timestamp) -> Result<Answer, AnswerError> {
        Ok(Answer {
            value: value.normalised()?,
            comment: String::new(),
            evidence: Vec::new(),
            answered_at,
        })
    }

    /// Yes.
    pub fn yes(answered_at: Timestamp) -> Answer {
        Answer::from_checked(AnswerValue::Yes, answered_at)
    }

    /// Partially.
    pub fn partial(answered_at: Timestamp) -> Answer {
        Answer::from_checked(AnswerValue::Partial, answered_at)
    }

    /// No.
    pub fn no(answered_at: Timestamp) -> Answer {
        Answer::from_checked(AnswerValue::No, answered_at)
    }

    /// Not applicable, with the reason.
    ///
    /// # Errors
    ///
    /// [`AnswerError::EmptyJustification`] when the justification is empty or blank.
    pub fn not_applicable(
        justification: &str,
        answered_at: Timestamp,
    ) -> Result<Answer, AnswerError> {
        Answer::new(
            AnswerValue::NotApplicable {
                justification: justification.to_owned(),
            },
            answered_at,
        )
    }

    /// The same answer with this comment (NFC-normalised).
    pub fn with_comment(mut self, comment: &str) -> Answer {
        self.comment = crate::text::nfc(comment);
        self
    }

    /// The same answer with one more evidence reference.
    pub fn with_evidence(mut self, evidence: EvidenceRef) -> Answer {
        self.evidence.push(evidence);
        self
    }

    /// The value.
    pub fn value(&self) -> &AnswerValue {
        &self.value
    }

    /// The comment ("" when none).
    pub fn comment(&self) -> &str {
        &self.comment
    }

    /// The evidence references.
    pub fn evidence(&self) -> &[EvidenceRef] {
        &self.evidence
    }

    /// When it was given.
    pub fn answered_at(&self) -> Timestamp {
        self.answered_at
    }

    /// Whether it is not applicable.
    pub fn is_not_applicable(&self) -> bool {
        matches!(self.value, AnswerValue::NotApplicable { .. })
    }

    /// Whether it says something: every value except blank text.
    pub fn is_given(&self) -> bool {
        match &self.value {
            AnswerValue::Text { text } => !text.trim().is_empty(),
            _ => true,
        }
    }

    /// What it earns for `question`: `None` when not applicable or when the question is not
    /// scored.
    pub fn points(&self, question: &Question) -> Option<Points> {
        match (&question.answer_type, &self.value) {
            (AnswerType::Scale, AnswerValue::Yes) => Some(Points::Yes),
            (AnswerType::Scale, AnswerValue::Partial) => Some(Points::Partial),
            (AnswerType::Scale, AnswerValue::No) => Some(Points::No),
            (AnswerType::Single(options), AnswerValue::Choice { option }) => options
                .iter()
                .find(|candidate| &candidate.id == option)
                .and_then(|candidate| candidate.points),
            _ => None,
        }
    }

    /// Whether the value is one `question` can take.
    ///
    /// # Errors
    ///
    /// [`AnswerError::WrongType`] or [`AnswerError::UnknownOption`], naming the question.
    pub fn check_for(&self, question: &Question) -> Result<(), AnswerError> {
        let wrong = || AnswerError::WrongType {
            question: question.id.to_string(),
            expected: question.answer_type.name(),
            found: self.value.kind(),
        };
        let known = |option: &String| {
            if question
                .answer_type
                .options()
                .iter()
                .any(|known| &known.id == option)
            {
                Ok(())
            } else {
                Err(AnswerError::UnknownOption {
                    question: question.id.to_string(),
                    option: option.clone(),
                })
            }
        };
        match (&question.answer_type, &self.value) {
            (_, AnswerValue::NotApplicable { .. })
            | (AnswerType::Scale, AnswerValue::Yes | AnswerValue::Partial | AnswerValue::No)
            | (AnswerType::Text, AnswerValue::Text { .. })
            | (AnswerType::Date, AnswerValue::Date { .. })
            | (AnswerType::Number { .. }, AnswerValue::Number { .. }) => Ok(()),
            (AnswerType::Single(_), AnswerValue::Choice { option }) => known(option),
            (AnswerType::Multiple(_), AnswerValue::Choices { options }) => {
                options.iter().try_for_each(known)
            }
            _ => Err(wrong()),
        }
    }

    /// Whether the answer reads as `value` in a condition: a scale value (`yes`, `partial`,
    /// `no`, `na`), an option id (chosen among several for multiple choice), a date, a
    /// number or a text, compared as written.
    pub(crate) fn reads_as(&self, value: &str) -> bool {
        match &self.value {
            AnswerValue::Yes => value == "yes",
            AnswerValue::Partial => value == "partial",
            AnswerValue::No => value == "no",
            AnswerValue::NotApplicable { .. } => value == "na",
            AnswerValue::Choice { option } => option == value,
            AnswerValue::Choices { options } => options.iter().any(|option| option == value),
            AnswerValue::Text { text } => text == value,
            AnswerValue::Date { date } => value.parse::<Date>().is_ok_and(|parsed| parsed == *date),
            AnswerValue::Number { number } => number == value,
        }
    }

    fn from_checked(value: AnswerValue, answered_at: Timestamp) -> Answer {
        Answer {
            value,
            comment: String::new(),
            evidence: Vec::new(),
            answered_at,
        }
    }
}

/// What an answer says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerValue {
    /// Yes: in place.
    Yes,
    /// Partially in place.
    Partial,
    /// No: not in place.
    No,
    /// Not applicable, with the reason (required).
    #[serde(rename = "na")]
    NotApplicable {
        /// Why the question does not apply.
        justification: String,
    },
    /// The option chosen in a single choice question.
    Choice {
        /// The option id.
        option: String,
    },
    /// The options chosen in a multiple choice question.
    Choices {
        /// The option ids.
        options: Vec<String>,
    },
    /// Free text.
    Text {
        /// The text.
        text: String,
    },
    /// A calendar date, never shifted by time zone.
    Date {
        /// The date.
        date: Date,
    },
    /// A decimal number, written as text so no float is involved.
    Number {
        /// The number, such as "72" or "-3.5".
        number: String,
    },
}

impl AnswerValue {
    /// The kind's serde name, such as "yes" or "na".
    pub fn kind(&self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::Partial => "partial",
            AnswerValue::No => "no",
            AnswerValue::NotApplicable { .. } => "na",
            AnswerValue::Choice { .. } => "choice",
            AnswerValue::Choices { .. } => "choices",
            AnswerValue::Text { .. } => "text",
            AnswerValue::Date { .. } => "date",
            AnswerValue::Number { .. } => "number",
        }
    }

    fn normalised(self) -> Result<AnswerValue, AnswerError> {
        match self {
            AnswerValue::NotApplicable { justification } => {
                let justification = crate::text::nfc(&justification);
                if justification.trim().is_empty() {
                    return Err(AnswerError::EmptyJustification);
                }
                Ok(AnswerValue::NotApplicable { justification })
            }
            AnswerValue::Text { text } => Ok(AnswerValue::Text {
                text: crate::text::nfc(&text),
            }),
            AnswerValue::Number { number } => {
                if crate::pack::is_decimal(&number) {
                    Ok(AnswerValue::Number { number })
                } else {
                    Err(AnswerError::NotADecimal { text: number })
                }
            }
            AnswerValue::Choice { option } if option.is_empty() => Err(AnswerError::EmptyChoice),
            AnswerValue::Choices { options } => {
                let mut seen = BTreeSet::new();
                if let Some(twice) = options.iter().find(|option| !seen.insert(*option)) {
                    return Err(AnswerError::OptionTwice {
                        option: twice.clone(),
                    });
                }
                Ok(AnswerValue::Choices { options })
            }
            other => Ok(other),
        }
    }
}

/// A reference to a file shown as evidence: its name, size and SHA-256, never the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EvidenceRecord")]
pub struct EvidenceRef {
    name: String,
    size: u64,
    sha256: Digest,
}

impl EvidenceRef {
    /// A reference; the name is NFC-normalised (macOS writes file names decomposed).
    ///
    /// # Errors
    ///
    /// When the name is blank, the file is empty (an empty file proves nothing, and is
    /// usually a download or a copy that went wrong) or the size exceeds
    /// [`MAX_EVIDENCE_SIZE`].
    pub fn new(name: &str, size: u64, sha256: Digest) -> Result<EvidenceRef, AnswerError> {
        let reference = EvidenceRef::read(name, size, sha256)?;
        if size == 0 {
            return Err(AnswerError::EmptyEvidence {
                name: reference.name,
            });
        }
        Ok(reference)
    }

    /// A reference as a file states it. Files signed before empty evidence was refused
    /// still read: their reference is shown, and an empty file never matches real evidence.
    fn read(name: &str, size: u64, sha256: Digest) -> Result<EvidenceRef, AnswerError> {
        let name = crate::text::nfc(name);
        if name.trim().is_empty() {
            return Err(AnswerError::EmptyEvidenceName);
        }
        if size > MAX_EVIDENCE_SIZE {
            return Err(AnswerError::EvidenceTooLarge { size });
        }
        Ok(EvidenceRef { name, size, sha256 })
    }

    /// The file name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The file's SHA-256.
    pub fn sha256(&self) -> Digest {
        self.sha256
    }
}

/// Why an answer is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Not applicable without a reason.
    #[error("a not-applicable answer needs a justification")]
    EmptyJustification,
    /// A number that is not a plain decimal.
    #[error("{text:?} is not a decimal number such as \"12\" or \"-3.5\"")]
    NotADecimal {
        /// The text given.
        text: String,
    },
    /// A single choice without an option.
    #[error("a choice needs an option")]
    EmptyChoice,
    /// The same option chosen twice.
    #[error("option {option} is chosen twice")]
    OptionTwice {
        /// The option id.
        option: String,
    },
    /// An evidence reference without a name.
    #[error("an evidence file needs a name")]
    EmptyEvidenceName,
    /// An evidence file of zero bytes.
    #[error("{name} is empty (0 bytes): attach the document itself, not an empty copy of it")]
    EmptyEvidence {
        /// The file's name.
        name: String,
    },
    /// An evidence size JSON cannot carry exactly.
    #[error("an evidence size of {size} bytes is larger than croqual records (2^53 - 1)")]
    EvidenceTooLarge {
        /// The size given.
        size: u64,
    },
    /// A value of another type than the question's.
    #[error("question {question} takes a {expected} answer, not {found}")]
    WrongType {
        /// The question id.
        question: String,
        /// The question's type.
        expected: &'static str,
        /// The answer's kind.
        found: &'static str,
    },
    /// An option the question does not have.
    #[error("question {question} has no option {option:?}")]
    UnknownOption {
        /// The question id.
        question: String,
        /// The option given.
        option: String,
    },
}

/// The serde form of an answer, checked by [`Answer::new`]'s rules on the way in.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerRecord {
    value: AnswerValue,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    evidence: Vec<EvidenceRef>,
    answered_at: Timestamp,
}

impl TryFrom<AnswerRecord> for Answer {
    type Error = AnswerError;

    fn try_from(record: AnswerRecord) -> Result<Answer, AnswerError> {
        let mut answer =
            Answer::new(record.value, record.answered_at)?.with_comment(&record.comment);
        answer.evidence = record.evidence;
        Ok(answer)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceRecord {
    name: String,
    size: u64,
    sha256: Digest,
}

impl TryFrom<EvidenceRecord> for EvidenceRef {
    type Error = AnswerError;

    fn try_from(record: EvidenceRecord) -> Result<EvidenceRef, AnswerError> {
        EvidenceRef::read(&record.name, record.size, record.sha256)
    }
}
