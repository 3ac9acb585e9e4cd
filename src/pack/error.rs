//! Why a pack is refused.

use crate::attest::canonical::CanonicalError;

/// Why a pack is refused. Every message names the offending id or field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    /// The text is not JSON, or not the shape of a pack.
    #[error("cannot read the pack: {reason}")]
    Json {
        /// What the JSON reader reported.
        reason: String,
    },
    /// The document is JSON but not a croqual pack.
    #[error("not a croqual pack: {found}")]
    NotAPack {
        /// What the document is instead.
        found: String,
    },
    /// The pack uses a format version newer than this croqual reads.
    #[error(
        "pack format version {found} is newer than this croqual reads (version {supported}): update croqual"
    )]
    NewerFormatVersion {
        /// The version in the file.
        found: String,
        /// The newest version this croqual reads.
        supported: u64,
    },
    /// The pack's format version is not a version croqual ever wrote.
    #[error("pack format version {found} is not supported: expected {supported}")]
    UnsupportedFormatVersion {
        /// The version in the file.
        found: String,
        /// The version this croqual reads.
        supported: u64,
    },
    /// The pack id is malformed.
    #[error("pack id {id:?} is invalid: use 1 to 64 lowercase ascii letters, digits, '-' or '.'")]
    InvalidPackId {
        /// The id in the file.
        id: String,
    },
    /// The pack version is not semver.
    #[error("pack version {version:?} is not a semantic version such as \"1.0.0\"")]
    InvalidVersion {
        /// The version in the file.
        version: String,
    },
    /// The language is not a BCP 47 tag.
    #[error("pack language {language:?} is not a BCP 47 tag such as \"en\" or \"fr-FR\"")]
    InvalidLanguage {
        /// The language in the file.
        language: String,
    },
    /// The title is empty.
    #[error("the pack title is empty")]
    EmptyTitle,
    /// The pack has no question.
    #[error("the pack has no questions")]
    NoQuestions,
    /// A domain could not be read (unknown field, wrong type).
    #[error("domain {domain}: {reason}")]
    DomainField {
        /// The domain id, or its position when it has none.
        domain: String,
        /// What is wrong.
        reason: String,
    },
    /// A domain id is malformed.
    #[error("domain id {id:?} is invalid: use 1 to 32 ascii letters, digits, '-', '_' or '.'")]
    InvalidDomainId {
        /// The id in the file.
        id: String,
    },
    /// Two domains share an id.
    #[error("domain {id} is defined more than once")]
    DuplicateDomain {
        /// The repeated id.
        id: String,
    },
    /// A domain title is empty.
    #[error("domain {id} has an empty title")]
    EmptyDomainTitle {
        /// The domain id.
        id: String,
    },
    /// A domain weight is out of range.
    #[error("domain {id}: weight {weight} is not an integer from 1 to 100")]
    DomainWeight {
        /// The domain id.
        id: String,
        /// The weight as written.
        weight: String,
    },
    /// A domain names an unknown CSF function.
    #[error("domain {id}: function {function:?} is not one of GV, ID, PR, DE, RS, RC")]
    UnknownFunction {
        /// The domain id.
        id: String,
        /// The function as written.
        function: String,
    },
    /// A question could not be read (unknown field, wrong type).
    #[error("question {question}: {reason}")]
    QuestionField {
        /// The question id, or its position when it has none.
        question: String,
        /// What is wrong.
        reason: String,
    },
    /// A question id is malformed.
    #[error("question id {id:?} is invalid: use 1 to 64 ascii letters, digits, '-', '_' or '.'")]
    InvalidQuestionId {
        /// The id in the file.
        id: String,
    },
    /// Two questions share an id.
    #[error("question {id} is defined more than once")]
    DuplicateQuestion {
        /// The repeated id.
        id: String,
    },
    /// A question names a domain the pack does not define.
    #[error("question {id} names domain {domain:?}, which the pack does not define")]
    UnknownDomain {
        /// The question id.
        id: String,
        /// The domain as written.
        domain: String,
    },
    /// A question text is empty.
    #[error("question {id} has an empty text")]
    EmptyText {
        /// The question id.
        id: String,
    },
    /// A question weight is out of range.
    #[error("question {id}: weight {weight} is not an integer from 1 to 100")]
    Weight {
        /// The question id.
        id: String,
        /// The weight as written.
        weight: String,
    },
    /// A question's lowest tier is out of range.
    #[error("question {id}: lowest_tier {tier} is not an integer from 1 to 4")]
    LowestTier {
        /// The question id.
        id: String,
        /// The tier as written.
        tier: String,
    },
    /// A question's path is neither core nor full.
    #[error("question {id}: path {path:?} is unknown: use \"core\" or \"full\"")]
    UnknownPath {
        /// The question id.
        id: String,
        /// The path as written.
        path: String,
    },
    /// A question's answer type is unknown.
    #[error(
        "question {id}: answer type {answer_type:?} is unknown: use scale, single, multiple, text, date or number"
    )]
    UnknownAnswerType {
        /// The question id.
        id: String,
        /// The type as written.
        answer_type: String,
    },
    /// A question's options break a rule.
    #[error("question {id}: {problem}")]
    Options {
        /// The question id.
        id: String,
        /// The rule broken.
        problem: String,
    },
    /// A question's condition is malformed.
    #[error("question {id}: condition {problem}")]
    Condition {
        /// The question id.
        id: String,
        /// What is wrong.
        problem: String,
    },
    /// A question's condition names a question the pack does not define.
    #[error(
        "question {id}: its condition names question {question:?}, which the pack does not define"
    )]
    UnknownConditionQuestion {
        /// The question whose condition is wrong.
        id: String,
        /// The question as written in the condition.
        question: String,
    },
    /// Conditions depend on each other in a circle.
    #[error("conditions form a cycle: {cycle}")]
    ConditionCycle {
        /// The questions of the cycle, such as "A → B → A".
        cycle: String,
    },
    /// A question maps to a scheme croqual does not know.
    #[error(
        "question {id}: mapping scheme {scheme:?} is unknown: use csf, iso27001, gdpr, hds, part11, annex11, ich-e6, nis2, ai-act, oscal or a custom x-… scheme"
    )]
    UnknownMappingScheme {
        /// The question id.
        id: String,
        /// The scheme as written.
        scheme: String,
    },
    /// A mapping id is malformed.
    #[error("question {id}: {scheme} mapping {value:?} {problem}")]
    MappingId {
        /// The question id.
        id: String,
        /// The scheme.
        scheme: String,
        /// The id as written.
        value: String,
        /// What is wrong.
        problem: String,
    },
    /// An evidence entry is empty.
    #[error("question {id}: evidence entry {index} is empty")]
    EmptyEvidence {
        /// The question id.
        id: String,
        /// The position of the entry, from 1.
        index: usize,
    },
    /// The pack has no canonical JSON form (cannot happen for a checked pack).
    #[error("the pack has no canonical form: {0}")]
    Canonical(#[from] CanonicalError),
}
