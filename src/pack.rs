//! Questionnaire packs: the questions a CRO answers, their weights, conditions and mappings.
//!
//! A pack is a versioned JSON document. croqual embeds its own ([`default_bank`]); a sponsor
//! may write another one, or convert an OSCAL catalog ([`oscal::catalog_to_pack`]).
//! [`Pack::from_json`] checks a document once and returns a [`Pack`] that cannot be invalid.
//!
//! # The pack format (version 1)
//!
//! A pack is one JSON object. Every field not marked optional is required; a field croqual
//! does not know is refused, so a typo never passes silently.
//!
//! | field | meaning |
//! |---|---|
//! | `format` | always `"croqual-pack"` |
//! | `format_version` | always `1`; a newer version is refused with a message naming it |
//! | `id` | the pack's id: 1 to 64 lowercase ascii letters, digits, `-` or `.` |
//! | `version` | the version of the content, semantic: `MAJOR.MINOR.PATCH`, optionally `-pre.release` and `+build` |
//! | `title` | the title people read |
//! | `language` | a BCP 47 language tag such as `"en"` or `"fr-FR"` |
//! | `description` | optional free text |
//! | `domains` | the sections, in display order (below) |
//! | `questions` | the questions, in display order (below); at least one |
//!
//! A **domain** has an `id` (1 to 32 ascii letters, digits, `-`, `_`, `.`; unique), a
//! `title`, a `weight` (integer 1 to 100, default 1: its share of the overall score), an
//! optional `function` (the NIST CSF 2.0 function it mainly serves: `"GV"`, `"ID"`, `"PR"`,
//! `"DE"`, `"RS"` or `"RC"`) and an optional `description`.
//!
//! A **question** has:
//!
//! | field | meaning |
//! |---|---|
//! | `id` | unique in the pack: 1 to 64 ascii letters, digits, `-`, `_`, `.`; keep it stable across versions, answers are keyed by it |
//! | `domain` | the id of a domain of the pack |
//! | `text` | the question, not empty |
//! | `help` | optional: what the reviewer is looking for |
//! | `type` | optional, default `"scale"`: how it is answered (below) |
//! | `options` | for `single` and `multiple` only: at least 2 `{"id", "label", "points"}`; ids unique in the question, `"na"` is reserved |
//! | `unit` | for `number` only, optional: such as `"hours"` |
//! | `weight` | optional, default 1: integer 1 to 100, its share of its domain's score |
//! | `critical` | optional, default `false`: a failed critical question caps the outcome |
//! | `lowest_tier` | optional, default 4: the least critical tier that must answer it; tiers 1 to N must, tiers above N may (not scored for them) |
//! | `path` | optional, default `"full"`: `"core"` questions are asked on both assessment paths, `"full"` ones only when no valid certificate covers the service |
//! | `when` | optional: the condition that makes it applicable (below) |
//! | `evidence` | optional: what a reviewer expects to see, as a list of texts |
//! | `mappings` | optional: ids in other frameworks, by scheme (below) |
//!
//! Answer **types**: `"scale"` (yes / partial / no / not applicable; scored), `"single"`
//! (one option; scored when every option has `points`: `"yes"`, `"partial"` or `"no"`),
//! `"multiple"` (any options; not scored, no points), `"text"`, `"date"` and `"number"`
//! (not scored).
//!
//! A **condition** (`when`) is one of:
//!
//! - `{"question": "Q", "equals": "yes"}`: the answer to Q is this scale value (`yes`,
//!   `partial`, `no`, `na`), option id (for multiple choice: among those chosen), date,
//!   number or text;
//! - `{"question": "Q", "in": ["a", "b"]}`: the answer is one of these;
//! - `{"question": "Q", "answered": true}`: Q has an answer (`false`: it has none);
//! - `{"all": [c, …]}`, `{"any": [c, …]}`, `{"not": c}`.
//!
//! Conditions must name questions of the pack, with values those questions can have, and
//! must not form a cycle. A question whose condition is false is inapplicable; a condition
//! reading an inapplicable question reads it as not answered, so a whole chain of
//! follow-ups switches off together. Its answer is kept, but neither scored nor counted.
//!
//! **Mappings** are an object from scheme to a list of ids: `csf` (NIST CSF 2.0
//! subcategories such as `"PR.AA-05"`), `iso27001` (ISO/IEC 27001:2022 Annex A, `"A.5.1"`
//! to `"A.8.34"`, range-checked), `gdpr` (`"Art. 28"`), `hds` (`"activity-6"`), `part11`
//! (`"11.10(e)"`), `annex11` (`"9"`), `ich-e6` (`"R3 4.2"`), `nis2` (`"Art. 21"`), `ai-act`
//! (`"Art. 10"`), `oscal` (a control id from a converted catalog) and any custom scheme
//! starting with `x-`. Other schemes are refused. Ids of the schemes other than `csf` and
//! `iso27001` are free text: not blank, no surrounding spaces, each once per question.
//!
//! # Example
//!
//! ```
//! use croqual::pack::Pack;
//!
//! let pack = Pack::from_json(r#"{
//!   "format": "croqual-pack",
//!   "format_version": 1,
//!   "id": "acme-cro-light",
//!   "version": "1.0.0",
//!   "title": "ACME light CRO questionnaire",
//!   "language": "en",
//!   "domains": [
//!     { "id": "SUP", "title": "Suppliers", "weight": 2, "function": "GV" }
//!   ],
//!   "questions": [
//!     { "id": "SUP-01", "domain": "SUP",
//!       "text": "Do you use subcontractors that process sponsor data?",
//!       "path": "core", "mappings": { "csf": ["GV.SC-07"] } },
//!     { "id": "SUP-02", "domain": "SUP", "critical": true, "weight": 3,
//!       "text": "Do your subcontractors sign security clauses equivalent to yours?",
//!       "help": "Show one signed subcontract with its security annex.",
//!       "when": { "question": "SUP-01", "equals": "yes" },
//!       "evidence": ["A signed subcontract"],
//!       "mappings": { "csf": ["GV.SC-05"], "iso27001": ["A.5.20"], "gdpr": ["Art. 28"] } }
//!   ]
//! }"#)?;
//! assert_eq!(pack.summary(), "ACME light CRO questionnaire 1.0.0: 2 questions in 1 domains");
//! # Ok::<(), croqual::pack::PackError>(())
//! ```
//!
//! # Digest
//!
//! [`Pack::digest`] is the SHA-256 of the RFC 8785 canonical JSON of the pack as croqual
//! writes it ([`Pack::document`]): every default spelled out (`help`, `type`, `weight`,
//! `critical`, `lowest_tier`, `path`, `evidence`, `mappings`, `description`), so a pack that
//! omits defaults and one that writes them have the same digest. Whitespace and key order
//! never matter.
//!
//! # Limitations
//!
//! - The digest covers the defaults as this version writes them. A later format that adds a
//!   field must leave it out of the document while it holds its default, or every digest
//!   changes. Format version 1 is frozen for that reason.
//! - Text is kept as written, not NFC-normalised: the pack is the author's document, and
//!   normalising would change its digest. Condition values are compared NFC-normalised, like
//!   answers.
//! - Language tags are checked for their shape only, not against the IANA registry.

mod condition;
mod document;
mod domain;
mod error;
mod file;
mod graph;
mod id;
mod mappings;
pub mod oscal;
mod question;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use condition::Condition;
pub use document::{
    ConditionDocument, DomainDocument, FORMAT, FORMAT_VERSION, OptionDocument, PackDocument,
    QuestionDocument,
};
pub use domain::{CsfFunction, Domain, UnknownFunction};
pub use error::PackError;
pub use file::{PackFileError, read_file};
pub use id::{DomainId, InvalidId, MAX_DOMAIN_ID_LEN, MAX_QUESTION_ID_LEN, QuestionId};
pub use mappings::{KNOWN_SCHEMES, Mappings};
pub use question::{AnswerType, ChoiceOption, Points, Question, QuestionPath};

pub(crate) use graph::Compiled;
pub(crate) use validate::is_decimal;

use crate::attest::Digest;
use crate::attest::canonical::canonical_bytes;
use graph::Graph;

/// The default question bank's JSON, embedded in the binary.
pub const DEFAULT_BANK_JSON: &str = include_str!("pack/default_bank.json");

/// croqual's own question bank, loaded once.
pub fn default_bank() -> &'static Pack {
    static BANK: OnceLock<Pack> = OnceLock::new();
    BANK.get_or_init(|| {
        Pack::from_json(DEFAULT_BANK_JSON)
            .expect("invariant: the embedded bank is a valid pack (a test loads it)")
    })
}

/// A checked questionnaire pack. It cannot be invalid: every way to make one checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pack {
    id: String,
    version: String,
    title: String,
    language: String,
    description: String,
    domains: Vec<Domain>,
    questions: Vec<Question>,
    digest: Digest,
    question_index: BTreeMap<QuestionId, usize>,
    domain_index: BTreeMap<DomainId, usize>,
    question_domain: Vec<usize>,
    graph: Graph,
}

impl Pack {
    /// Reads and checks a pack.
    ///
    /// # Errors
    ///
    /// A [`PackError`] naming the first rule the document breaks and the id or field at
    /// fault.
    pub fn from_json(text: &str) -> Result<Pack, PackError> {
        let probe: Probe = serde_json::from_str(text).map_err(|error| {
            if error.is_data() {
                PackError::NotAPack {
                    found: "the document is not a JSON object".to_owned(),
                }
            } else {
                PackError::Json {
                    reason: error.to_string(),
                }
            }
        })?;
        probe.check()?;
        let document: PackDocument =
            serde_json::from_str(text).map_err(|error| locate_error(text, error))?;
        Pack::from_document(&document)
    }

    /// Checks a pack document built in code or read by other means.
    ///
    /// # Errors
    ///
    /// A [`PackError`] naming the first rule the document breaks.
    pub fn from_document(document: &PackDocument) -> Result<Pack, PackError> {
        let checked = validate::check(document)?;
        let graph = Graph::build(&checked.questions)?;

        let question_index = crate::btree::map(
            (checked.questions.iter().enumerate())
                .map(|(position, question)| (question.id.clone(), position)),
        );
        let domain_index: BTreeMap<DomainId, usize> = crate::btree::map(
            (checked.domains.iter().enumerate())
                .map(|(position, domain)| (domain.id.clone(), position)),
        );
        let question_domain = checked
            .questions
            .iter()
            .map(|question| {
                *domain_index
                    .get(&question.domain)
                    .expect("invariant: questions were checked to name a domain of the pack")
            })
            .collect();

        let mut pack = Pack {
            id: document.id.clone(),
            version: document.version.clone(),
            title: document.title.clone(),
            language: document.language.clone(),
            description: document.description.clone(),
            domains: checked.domains,
            questions: checked.questions,
            digest: Digest::of(&[]),
            question_index,
            domain_index,
            question_domain,
            graph,
        };
        pack.digest = Digest::of(&canonical_bytes(&pack.document())?);
        Ok(pack)
    }

    /// The pack's id, such as "croqual-cro-baseline".
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The semantic version of its content.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Its title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Its BCP 47 language tag.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Its description ("" when it has none).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The SHA-256 of its canonical JSON (see the module docs).
    pub fn digest(&self) -> Digest {
        self.digest
    }

    /// The domains, in document order.
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }

    /// The questions, in document order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.position(id).map(|position| &self.questions[position])
    }

    /// The domain with this id.
    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domain_index
            .get(id)
            .map(|&position| &self.domains[position])
    }

    /// The questions of a domain, in document order.
    pub fn questions_in<'a>(&'a self, domain: &'a str) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions
            .iter()
            .filter(move |question| question.domain.as_str() == domain)
    }

    /// The domain a question belongs to.
    pub fn domain_of(&self, question: &Question) -> Option<&Domain> {
        self.domain(question.domain.as_str())
    }

    /// The position of a question in [`Pack::questions`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.question_index.get(id).copied()
    }

    /// The questions whose condition reads the question `id` directly.
    pub fn dependents(&self, id: &str) -> Vec<&Question> {
        self.position(id)
            .map(|position| {
                self.graph.dependents[position]
                    .iter()
                    .map(|&dependent| &self.questions[dependent])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The questions in an order where each comes after every question its condition reads.
    pub fn evaluation_order(&self) -> impl Iterator<Item = &Question> {
        self.graph
            .order
            .iter()
            .map(|&position| &self.questions[position])
    }

    /// The pack as a document, with every default spelled out.
    pub fn document(&self) -> PackDocument {
        PackDocument {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            id: self.id.clone(),
            version: self.version.clone(),
            title: self.title.clone(),
            language: self.language.clone(),
            description: self.description.clone(),
            domains: self.domains.iter().map(domain_document).collect(),
            questions: self.questions.iter().map(question_document).collect(),
        }
    }

    /// The pack as indented JSON, every default spelled out; [`Pack::from_json`] reads it
    /// back to the same pack.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.document())
            .expect("invariant: a pack document has string keys and no floats")
    }

    /// `TITLE VERSION: N questions in M domains`.
    pub fn summary(&self) -> String {
        format!(
            "{} {}: {} questions in {} domains",
            self.title,
            self.version,
            self.questions.len(),
            self.domains.len()
        )
    }

    /// The position of each question's domain in [`Pack::domains`].
    pub(crate) fn question_domains(&self) -> &[usize] {
        &self.question_domain
    }

    /// The question positions in evaluation order.
    pub(crate) fn order(&self) -> &[usize] {
        &self.graph.order
    }

    /// The compiled condition of the question at `position`.
    pub(crate) fn compiled(&self, position: usize) -> Option<&Compiled> {
        self.graph.compiled[position].as_ref()
    }
}

impl fmt::Display for Pack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

impl Serialize for Pack {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.document().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Pack {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pack, D::Error> {
        let document = PackDocument::deserialize(deserializer)?;
        Pack::from_document(&document).map_err(serde::de::Error::custom)
    }
}

// A question or domain alone serialises as it is written in a pack. Only a whole pack reads
// back (`Pack: Deserialize`): a question alone cannot be checked against its pack.
impl Serialize for Question {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        question_document(self).serialize(serializer)
    }
}

impl Serialize for Domain {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        domain_document(self).serialize(serializer)
    }
}

fn domain_document(domain: &Domain) -> DomainDocument {
    DomainDocument {
        id: domain.id.to_string(),
        title: domain.title.clone(),
        weight: Some(domain.weight.into()),
        function: domain.function.map(|function| function.code().to_owned()),
        description: domain.description.clone(),
    }
}

fn question_document(question: &Question) -> QuestionDocument {
    let options = match &question.answer_type {
        AnswerType::Single(options) | AnswerType::Multiple(options) => {
            Some(options.iter().map(option_document).collect())
        }
        _ => None,
    };
    let unit = match &question.answer_type {
        AnswerType::Number { unit } => unit.clone(),
        _ => None,
    };
    QuestionDocument {
        id: question.id.to_string(),
        domain: question.domain.to_string(),
        text: question.text.clone(),
        help: question.help.clone(),
        answer_type: Some(question.answer_type.name().to_owned()),
        options,
        unit,
        weight: Some(question.weight.into()),
        critical: Some(question.critical),
        lowest_tier: Some(question.lowest_tier.number().into()),
        path: Some(question.path.name().to_owned()),
        when: question.when.as_ref().map(condition_document),
        evidence: Some(question.evidence.clone()),
        mappings: Some(question.mappings.as_map().clone()),
    }
}

fn option_document(option: &ChoiceOption) -> OptionDocument {
    OptionDocument {
        id: option.id.clone(),
        label: option.label.clone(),
        points: option.points.map(|points| points.name().to_owned()),
    }
}

fn condition_document(condition: &Condition) -> ConditionDocument {
    match condition {
        Condition::Equals { question, value } => ConditionDocument {
            question: Some(question.to_string()),
            equals: Some(value.clone()),
            ..ConditionDocument::default()
        },
        Condition::In { question, values } => ConditionDocument {
            question: Some(question.to_string()),
            one_of: Some(values.clone()),
            ..ConditionDocument::default()
        },
        Condition::Answered { question, answered } => ConditionDocument {
            question: Some(question.to_string()),
            answered: Some(*answered),
            ..ConditionDocument::default()
        },
        Condition::All(conditions) => ConditionDocument {
            all: Some(conditions.iter().map(condition_document).collect()),
            ..ConditionDocument::default()
        },
        Condition::Any(conditions) => ConditionDocument {
            any: Some(conditions.iter().map(condition_document).collect()),
            ..ConditionDocument::default()
        },
        Condition::Not(condition) => ConditionDocument {
            not: Some(Box::new(condition_document(condition))),
            ..ConditionDocument::default()
        },
    }
}

/// The first look at a document: its `format` and `format_version`, and its top-level keys
/// to say what it is when it is not a pack. Read before the full model so a newer pack is
/// refused for its version, not for the fields that version added.
struct Probe {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
    keys: Vec<String>,
}

impl Probe {
    fn check(&self) -> Result<(), PackError> {
        match &self.format {
            Some(serde_json::Value::String(format)) if format == FORMAT => {}
            Some(other) => {
                return Err(PackError::NotAPack {
                    found: format!("\"format\" is {other}, expected \"{FORMAT}\""),
                });
            }
            None => {
                let found = match self.keys.iter().find_map(|key| oscal::model_name(key)) {
                    Some(model) => format!("it is an OSCAL {model}, convert it to a pack first"),
                    None if self.keys.is_empty() => "the object is empty".to_owned(),
                    None => format!(
                        "it has no \"format\" field (its fields are {})",
                        self.keys.join(", ")
                    ),
                };
                return Err(PackError::NotAPack { found });
            }
        }
        match &self.format_version {
            Some(serde_json::Value::Number(number)) if number.as_u64() == Some(FORMAT_VERSION) => {
                Ok(())
            }
            Some(other) => Err(validate::format_version_error(&other.to_string())),
            None => Err(PackError::Json {
                reason: "missing field `format_version`".to_owned(),
            }),
        }
    }
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Probe, D::Error> {
        struct ProbeVisitor;

        impl<'de> Visitor<'de> for ProbeVisitor {
            type Value = Probe;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Probe, A::Error> {
                let mut probe = Probe {
                    format: None,
                    format_version: None,
                    keys: Vec::new(),
                };
                while let Some(key) = access.next_key::<String>()? {
                    match key.as_str() {
                        "format" => probe.format = Some(access.next_value()?),
                        "format_version" => probe.format_version = Some(access.next_value()?),
                        _ => {
                            access.next_value::<IgnoredAny>()?;
                        }
                    }
                    if probe.keys.len() < 12 {
                        probe.keys.push(key);
                    }
                }
                Ok(probe)
            }
        }

        deserializer.deserialize_map(ProbeVisitor)
    }
}

/// Turns a serde error into one that names the domain or question at fault: the error path
/// reads the document again, item by item, to find the first item that fails.
fn locate_error(text: &str, error: serde_json::Error) -> PackError {
    #[derive(Deserialize)]
    struct Items {
        #[serde(default)]
        domains: Vec<serde_json::Value>,
        #[serde(default)]
        questions: Vec<serde_json::Value>,
    }

    let whole = || PackError::Json {
        reason: error.to_string(),
    };
    let Ok(items) = serde_json::from_str::<Items>(text) else {
        return whole();
    };
    let name = |value: &serde_json::Value, position: usize| match value.get("id") {
        Some(serde_json::Value::String(id)) => id.chars().take(80).collect(),
        _ => format!("#{}", position + 1),
    };
    for (position, value) in items.domains.iter().enumerate() {
        if let Err(reason) = DomainDocument::deserialize(value) {
            return PackError::DomainField {
                domain: name(value, position),
                reason: reason.to_string(),
            };
        }
    }
    for (position, value) in items.questions.iter().enumerate() {
        if let Err(reason) = QuestionDocument::deserialize(value) {
            return PackError::QuestionField {
                question: name(value, position),
                reason: reason.to_string(),
            };
        }
    }
    whole()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_or_real_bank_parses_as_a_document() {
        let document: PackDocument =
            serde_json::from_str(DEFAULT_BANK_JSON).expect("the embedded bank parses");
        assert_eq!(document.format, FORMAT);
    }

    #[test]
    fn a_probe_collects_the_format_and_the_first_keys() {
        let probe: Probe =
            serde_json::from_str(r#"{"a": [1, {"b": 2}], "format": "x", "format_version": 7}"#)
                .expect("an object");
        assert_eq!(probe.keys, ["a", "format", "format_version"]);
        assert_eq!(probe.format, Some(serde_json::json!("x")));
    }
}
