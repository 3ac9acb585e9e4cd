//! Why a submission or a decision cannot be built or signed.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::attest::envelope::SignError;
use crate::pack::QuestionId;

/// Why croqual refuses to build or sign a submission or a decision.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The organisation's identity or the service's name is incomplete or malformed.
    #[error("the organisation and its service are not fully described: {problems}")]
    Identity {
        /// Every problem, joined by "; ".
        problems: String,
    },
    /// A required text is blank.
    #[error("{field} is empty")]
    Blank {
        /// The field, as people call it.
        field: &'static str,
    },
    /// A revision number of 0.
    #[error("the revision number must be 1 or more, not {revision}")]
    InvalidRevision {
        /// The number given.
        revision: u32,
    },
    /// An answer the pack would leave out of the evaluation.
    #[error("the answer to {question} cannot be exported: {reason}")]
    UnusableAnswer {
        /// The question id.
        question: QuestionId,
        /// Why the pack leaves it out.
        reason: String,
    },
    /// A question answered twice in one submission.
    #[error("{question} is answered twice; each question is answered once")]
    AnsweredTwice {
        /// The question id.
        question: QuestionId,
    },
    /// The export predates the assessment.
    #[error("the submission is exported at {exported_at}, before it was created at {created_at}")]
    ExportedBeforeCreated {
        /// The creation instant.
        created_at: Timestamp,
        /// The export instant.
        exported_at: Timestamp,
    },
    /// The evaluation date is more than a day away from the export instant.
    #[error(
        "the evaluation date {as_of} is not the date of the export ({exported_at}) in any time zone"
    )]
    AsOfNotExportDate {
        /// The evaluation date.
        as_of: Date,
        /// The export instant.
        exported_at: Timestamp,
    },
    /// The submission would expire before or on its evaluation date.
    #[error(
        "the submission must stay valid after its evaluation date {as_of}, not until {valid_until}"
    )]
    ValidUntilNotAfterExport {
        /// The evaluation date.
        as_of: Date,
        /// The last day of validity.
        valid_until: Date,
    },
    /// A decision to accept with corrective actions that plans none.
    #[error("a decision to accept with corrective actions needs at least one planned action")]
    EmptyPlan,
    /// A rejection without a reason.
    #[error("a rejection needs at least one reason")]
    NoReason,
    /// The payload could not be signed.
    #[error(transparent)]
    Sign(#[from] SignError),
}
