//! The pack file as written: the serde model of the JSON format, before any check.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Number;

/// The value of `format` in every pack.
pub const FORMAT: &str = "croqual-pack";

/// The newest pack format version this croqual reads and the one it writes.
pub const FORMAT_VERSION: u64 = 1;

/// A pack file as written, unchecked. [`Pack::from_document`](super::Pack::from_document)
/// checks it; [`Pack::document`](super::Pack::document) gives it back with every default
/// spelled out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackDocument {
    /// Always "croqual-pack".
    pub format: String,
    /// The format version, 1.
    pub format_version: u64,
    /// The pack id: lowercase ascii letters, digits, `-`, `.`.
    pub id: String,
    /// The semantic version of the pack's content.
    pub version: String,
    /// The title a person reads.
    pub title: String,
    /// A BCP 47 language tag such as "en".
    pub language: String,
    /// Optional free text.
    #[serde(default)]
    pub description: String,
    /// The sections, in display order.
    pub domains: Vec<DomainDocument>,
    /// The questions, in display order.
    pub questions: Vec<QuestionDocument>,
}

/// A domain as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainDocument {
    /// The domain id.
    pub id: String,
    /// The title a person reads.
    pub title: String,
    /// An integer 1 to 100; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Number>,
    /// "GV", "ID", "PR", "DE", "RS" or "RC", when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// Optional free text.
    #[serde(default)]
    pub description: String,
}

/// A question as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionDocument {
    /// The question id.
    pub id: String,
    /// The id of its domain.
    pub domain: String,
    /// The question a person reads.
    pub text: String,
    /// What the reviewer is looking for.
    #[serde(default)]
    pub help: String,
    /// "scale" (when absent), "single", "multiple", "text", "date" or "number".
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub answer_type: Option<String>,
    /// The options of a choice question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<OptionDocument>>,
    /// The unit of a number question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// An integer 1 to 100; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Number>,
    /// False when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<bool>,
    /// 1 to 4; 4 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowest_tier: Option<Number>,
    /// "core" or "full" (when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The applicability condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<ConditionDocument>,
    /// What a reviewer expects to see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<String>>,
    /// Ids in other frameworks, by scheme.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "mappings_without_duplicates"
    )]
    pub mappings: Option<BTreeMap<String, Vec<String>>>,
}

/// An option of a choice question as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDocument {
    /// The option id.
    pub id: String,
    /// The label a person reads.
    pub label: String,
    /// "yes", "partial" or "no", for single choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<String>,
}

/// A condition as written: exactly one of the shapes `question` + `equals` | `in` |
/// `answered`, or `all`, `any`, `not`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDocument {
    /// The question whose answer is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The value the answer must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    /// The values the answer may have.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    /// Whether the question must be answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
    /// Conditions that must all hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<ConditionDocument>>,
    /// Conditions of which one must hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<ConditionDocument>>,
    /// A condition that must not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ConditionDocument>>,
}

/// Reads `mappings`, refusing a scheme written twice: a map would silently keep the last.
fn mappings_without_duplicates<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, Vec<String>>>, D::Error> {
    struct UniqueKeys;

    impl<'de> Visitor<'de> for UniqueKeys {
        type Value = BTreeMap<String, Vec<String>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of schemes to lists of ids")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut map = BTreeMap::new();
            while let Some((scheme, ids)) = access.next_entry::<String, Vec<String>>()? {
                if map.contains_key(&scheme) {
                    return Err(serde::de::Error::custom(format!(
                        "mapping scheme {scheme:?} appears twice"
                    )));
                }
                map.insert(scheme, ids);
            }
            Ok(map)
        }
    }

    deserializer.deserialize_map(UniqueKeys).map(Some)
}
