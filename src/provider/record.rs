//! One saved assessment, its versions and its merge.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assessment::{
    ActionStatus, Answer, AnswerValue, Answers, BusinessFunction, Certificate, DataSensitivity,
    SystemAccess, TieringInputs,
};
use crate::attest::Digest;
use crate::attest::keys::Fingerprint;
use crate::organisation::{Organisation, Service};
use crate::pack::QuestionId;

/// The schema croqual writes.
pub const SCHEMA: u32 = 1;

/// One self-assessment, as saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecord {
    /// Always [`SCHEMA`] when written.
    pub schema: u32,
    /// A random id, stable for the life of the assessment and across its revisions.
    pub id: String,
    /// The name in the list of assessments ("Acme Pharma · EDC hosting").
    pub label: String,
    /// Who the assessment is for ("" until known).
    #[serde(default)]
    pub sponsor: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// The provider's identity.
    #[serde(default)]
    pub organisation: Organisation,
    /// The service offered to the sponsor.
    #[serde(default)]
    pub service: Service,
    /// The three tiering criteria, once described.
    #[serde(default)]
    pub tiering: Option<TieringInputs>,
    /// The certificates held.
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    /// The questionnaire answered.
    pub pack: PackSource,
    /// The answers, kept even when their question no longer applies.
    #[serde(default)]
    pub answers: Answers,
    /// Answers cleared on purpose, and when: a merge must not bring them back.
    #[serde(default)]
    pub cleared: BTreeMap<QuestionId, Timestamp>,
    /// The provider's plans for the gaps, by question.
    #[serde(default)]
    pub plans: BTreeMap<QuestionId, Plan>,
    /// The signed exports made so far, oldest first.
    #[serde(default)]
    pub exports: Vec<ExportedRevision>,
    /// The sponsor decisions imported, as their signed files.
    #[serde(default)]
    pub decisions: Vec<ReceivedDecision>,
    /// The sponsor's public key file, once the provider has pinned it to check decisions.
    #[serde(default)]
    pub sponsor_key: Option<String>,
    /// When each part other than answers and plans was last edited.
    #[serde(default)]
    pub edited_at: BTreeMap<Section, Timestamp>,
}

/// The parts of a record merged as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// The label and the sponsor.
    Label,
    /// The provider's identity.
    Organisation,
    /// The service.
    Service,
    /// The tiering criteria.
    Tiering,
    /// The certificates.
    Certificates,
    /// The questionnaire.
    Pack,
}

/// Which questionnaire an assessment answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PackSource {
    /// croqual's default bank, the one built into this version.
    Default,
    /// A pack loaded from a file (a croqual pack, or an OSCAL catalog converted), stored
    /// once under its digest.
    Custom {
        /// The pack's digest.
        digest: Digest,
        /// Its id, for people.
        id: String,
        /// Its version, for people.
        version: String,
        /// Its title, for people.
        title: String,
    },
}

/// The provider's plan for one gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// What will be done.
    #[serde(default)]
    pub action: String,
    /// Who does it ("" until named).
    #[serde(default)]
    pub owner: String,
    /// The date it will be done by, when chosen (otherwise the proposed date holds).
    #[serde(default)]
    pub due_on: Option<Date>,
    /// Where it stands.
    pub status: ActionStatus,
    /// When the plan was last edited.
    pub updated_at: Timestamp,
}

/// A signed export made from this assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedRevision {
    /// The revision number signed in the file.
    pub revision: u32,
    /// The submission's digest, which the next revision names as the one it supersedes.
    pub digest: Digest,
    /// When it was exported.
    pub exported_at: Timestamp,
    /// The file name it was downloaded under.
    pub file_name: String,
    /// The fingerprint of the key that signed it; absent in exports recorded before croqual
    /// kept it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<Fingerprint>,
    /// The submission's [content digest](crate::export::Submission::content_digest): an
    /// export with the same one states nothing new. Absent in exports recorded before
    /// croqual kept it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Digest>,
}

/// A sponsor's signed decision, imported from its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedDecision {
    /// The decision document's digest.
    pub digest: Digest,
    /// The signed file, as received.
    pub signed: String,
    /// When it was imported.
    pub imported_at: Timestamp,
}

/// Why a stored value could not be read as an assessment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Nothing usable was stored.
    #[error("the stored value is empty")]
    Empty,
    /// The value is not JSON.
    #[error("the stored value is not readable JSON: {reason}")]
    NotJson {
        /// The reader's words.
        reason: String,
    },
    /// A newer croqual wrote it.
    #[error(
        "the stored value was written by a newer croqual (schema {schema}; this version reads up to {SCHEMA})"
    )]
    Newer {
        /// The schema found.
        schema: u64,
    },
    /// It is JSON, but not an assessment croqual knows.
    #[error("the stored value is not an assessment croqual can read: {reason}")]
    Shape {
        /// What does not fit.
        reason: String,
    },
}

impl AssessmentRecord {
    /// A new, empty assessment of the default bank.
    pub fn new(id: &str, label: &str, now: Timestamp) -> AssessmentRecord {
        AssessmentRecord {
            schema: SCHEMA,
            id: id.to_owned(),
            label: crate::organisation::clean(label),
            sponsor: String::new(),
            created_at: now,
            organisation: Organisation::default(),
            service: Service::default(),
            tiering: None,
            certificates: Vec::new(),
            pack: PackSource::Default,
            answers: Answers::new(),
            cleared: BTreeMap::new(),
            plans: BTreeMap::new(),
            exports: Vec::new(),
            decisions: Vec::new(),
            sponsor_key: None,
            edited_at: BTreeMap::new(),
        }
    }

    /// The saved form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .expect("an assessment record has only string keys and no floats")
    }

    /// The tiering criteria to evaluate with: the described ones, or, until then, the most
    /// demanding (so every question shows as required rather than silently optional).
    pub fn tiering_or_strictest(&self) -> TieringInputs {
        self.tiering.clone().unwrap_or(TieringInputs {
            business_function: BusinessFunction::Critical,
            data: DataSensitivity::HealthOrTrialSubject,
            access: SystemAccess::PrivilegedOrNetworkConnected,
            hosts_french_health_data: false,
            hds_activities: Default::default(),
        })
    }

    /// Sets or replaces the answer to `question`.
    pub fn answer(&mut self, question: QuestionId, answer: Answer) {
        self.cleared.remove(&question);
        self.answers.insert(question, answer);
    }

    /// Clears the answer to `question`, remembering when.
    pub fn clear(&mut self, question: &QuestionId, now: Timestamp) {
        if self.answers.remove(question).is_some() {
            self.cleared.insert(question.clone(), now);
        }
    }

    /// Marks `section` as edited now.
    pub fn touch(&mut self, section: Section, now: Timestamp) {
        self.edited_at.insert(section, now);
    }

    /// The revision number the next export carries.
    pub fn next_revision(&self) -> u32 {
        self.exports.last().map_or(1, |last| last.revision + 1)
    }

    /// The digest the next export supersedes.
    pub fn supersedes(&self) -> Option<Digest> {
        self.exports.last().map(|last| last.digest)
    }

    /// A copy under a new id and label, with its history (exports, decisions) left behind.
    pub fn duplicate(&self, id: &str, label: &str, now: Timestamp) -> AssessmentRecord {
        AssessmentRecord {
            id: id.to_owned(),
            label: crate::organisation::clean(label),
            created_at: now,
            exports: Vec::new(),
            decisions: Vec::new(),
            ..self.clone()
        }
    }
}

/// Reads a stored value as an assessment, migrating older versions. `id` is the id of the
/// key it was stored under and `now` dates migrated answers.
///
/// # Errors
///
/// [`SnapshotError`] saying what the value is instead; the caller keeps the value as it was.
pub fn read_record(id: &str, raw: &str, now: Timestamp) -> Result<AssessmentRecord, SnapshotError> {
    if raw.trim().is_empty() {
        return Err(SnapshotError::Empty);
    }
    let document =
        crate::attest::json::read(raw.as_bytes()).map_err(|error| SnapshotError::NotJson {
            reason: error.to_string(),
        })?;
    let Value::Object(object) = &document.value else {
        return Err(SnapshotError::Shape {
            reason: format!("expected an object, found {}", kind_of(&document.value)),
        });
    };
    match object.get("schema") {
        None => migrate_flat_answers(id, object, now),
        Some(Value::Number(number)) => match number.as_u64() {
            Some(1) => document.into_typed().map_err(|error| SnapshotError::Shape {
                reason: error.to_string(),
            }),
            Some(schema) if schema > u64::from(SCHEMA) => Err(SnapshotError::Newer { schema }),
            _ => Err(SnapshotError::Shape {
                reason: format!("unknown schema {number}"),
            }),
        },
        Some(other) => Err(SnapshotError::Shape {
            reason: format!("schema is {}, not a number", kind_of(other)),
        }),
    }
}

/// Whether `raw` has the shape of a draft saved by an early croqual: an object without a
/// schema. [`read_record`] converts such a draft when every entry is an answer; the person is
/// then told, since the list shows it under another name.
pub fn is_early_draft(raw: &str) -> bool {
    !raw.contains("\"schema\"")
        && crate::attest::json::read(raw.as_bytes()).is_ok_and(|document| {
            document
                .value
                .as_object()
                .is_some_and(|object| !object.contains_key("schema"))
        })
}

/// What can still be read from a stored value [`read_record`] refused for its shape: the
/// label, the identity and every answer that reads on its own, in a new record under `id`.
/// `None` when nothing can be read, or when the value is from a newer croqual (it is kept
/// for that version instead) or not JSON at all.
pub fn salvage(id: &str, raw: &str, now: Timestamp) -> Option<AssessmentRecord> {
    if let Err(SnapshotError::Newer { .. } | SnapshotError::NotJson { .. } | SnapshotError::Empty) =
        read_record(id, raw, now)
    {
        return None;
    }
    let document = crate::attest::json::read(raw.as_bytes()).ok()?;
    let object = document.value.as_object()?;
    let label = object.get("label").and_then(Value::as_str).map_or_else(
        || "Restored assessment".to_owned(),
        |label| format!("{label} (restored)"),
    );
    let mut record = AssessmentRecord::new(id, &label, now);
    let mut found = false;
    if let Some(answers) = object.get("answers").and_then(Value::as_object) {
        for (question, value) in answers {
            let (Ok(question), Ok(answer)) = (
                question.parse::<QuestionId>(),
                serde_json::from_value::<Answer>(value.clone()),
            ) else {
                continue;
            };
            record.answers.insert(question, answer);
            found = true;
        }
    }
    if let Some(organisation) = object
        .get("organisation")
        .and_then(|value| serde_json::from_value(value.clone()).ok())
    {
        record.organisation = organisation;
        found = true;
    }
    found.then_some(record)
}

/// Early drafts saved a flat object of question id → scale answer for the default bank.
fn migrate_flat_answers(
    id: &str,
    object: &serde_json::Map<String, Value>,
    now: Timestamp,
) -> Result<AssessmentRecord, SnapshotError> {
    let mut record = AssessmentRecord::new(id, "Recovered draft", now);
    for (question, value) in object {
        let Some(text) = value.as_str() else {
            return Err(SnapshotError::Shape {
                reason: format!("{question} holds {}, not an answer", kind_of(value)),
            });
        };
        let value = match text {
            "yes" => AnswerValue::Yes,
            "partial" => AnswerValue::Partial,
            "no" => AnswerValue::No,
            "na" => AnswerValue::NotApplicable {
                justification: "recovered from an earlier version without a justification".into(),
            },
            other => {
                return Err(SnapshotError::Shape {
                    reason: format!("{question} holds {other:?}, not yes, partial, no or na"),
                });
            }
        };
        // Ids the bank lacks are kept: the evaluation lists them as ignored, and nothing the
        // person once typed is dropped.
        let question: QuestionId = question.parse().map_err(|_| SnapshotError::Shape {
            reason: format!("{question:?} is not a question id"),
        })?;
        let answer = Answer::new(value, now).map_err(|error| SnapshotError::Shape {
            reason: error.to_string(),
        })?;
        record.answers.insert(question, answer);
    }
    Ok(record)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Combines two copies of the same assessment (this tab's and another tab's) so that
/// neither loses work: the newer of each answer, each plan and each section wins, exports
/// and decisions are united.
pub fn merge(mine: &AssessmentRecord, theirs: &AssessmentRecord) -> AssessmentRecord {
    let mut merged = mine.clone();

    // Answers: the newest event per question, where clearing is an event too.
    let questions: std::collections::BTreeSet<&QuestionId> = crate::btree::set(
        (mine.answers.keys().chain(mine.cleared.keys()))
            .chain(theirs.answers.keys().chain(theirs.cleared.keys())),
    );
    merged.answers.clear();
    merged.cleared.clear();
    for question in questions {
        let events = [
            mine.answers
                .get(question)
                .map(|a| (a.answered_at(), Some(a))),
            mine.cleared.get(question).map(|at| (*at, None)),
            theirs
                .answers
                .get(question)
                .map(|a| (a.answered_at(), Some(a))),
            theirs.cleared.get(question).map(|at| (*at, None)),
        ];
        // Ties keep the first of the list: mine, and an answer over a clearing.
        let newest = events
            .into_iter()
            .flatten()
            .reduce(|best, next| if next.0 > best.0 { next } else { best });
        match newest {
            Some((_, Some(answer))) => {
                merged.answers.insert(question.clone(), answer.clone());
            }
            Some((at, None)) => {
                merged.cleared.insert(question.clone(), at);
            }
            None => {}
        }
    }

    for (question, plan) in &theirs.plans {
        let newer = mine
            .plans
            .get(question)
            .is_none_or(|own| plan.updated_at > own.updated_at);
        if newer {
            merged.plans.insert(question.clone(), plan.clone());
        }
    }

    for (section, at) in &theirs.edited_at {
        let newer = mine.edited_at.get(section).is_none_or(|own| at > own);
        if !newer {
            continue;
        }
        merged.edited_at.insert(*section, *at);
        match section {
            Section::Label => {
                merged.label = theirs.label.clone();
                merged.sponsor = theirs.sponsor.clone();
            }
            Section::Organisation => merged.organisation = theirs.organisation.clone(),
            Section::Service => merged.service = theirs.service.clone(),
            Section::Tiering => merged.tiering = theirs.tiering.clone(),
            Section::Certificates => merged.certificates = theirs.certificates.clone(),
            Section::Pack => merged.pack = theirs.pack.clone(),
        }
    }

    for export in &theirs.exports {
        if !merged.exports.iter().any(|own| own.digest == export.digest) {
            merged.exports.push(export.clone());
        }
    }
    merged
        .exports
        .sort_by_key(|export| (export.revision, export.exported_at));
    if merged.sponsor_key.is_none() {
        merged.sponsor_key = theirs.sponsor_key.clone();
    }
    for decision in &theirs.decisions {
        if !merged
            .decisions
            .iter()
            .any(|own| own.digest == decision.digest)
        {
            merged.decisions.push(decision.clone());
        }
    }
    merged
}
