//! The checks that turn a [`PackDocument`] into the parts of a [`Pack`](super::Pack).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Number;

use super::document::{ConditionDocument, FORMAT, FORMAT_VERSION, OptionDocument, PackDocument};
use super::mappings::{is_known_scheme, mapping_problem};
use super::{
    AnswerType, ChoiceOption, Condition, CsfFunction, Domain, DomainId, Mappings, PackError,
    Points, Question, QuestionId, QuestionPath,
};
use crate::assessment::Tier;
use crate::pack::id::{MAX_QUESTION_ID_LEN, is_valid_id};

/// The checked content of a pack document.
pub(crate) struct Checked {
    pub(crate) domains: Vec<Domain>,
    pub(crate) questions: Vec<Question>,
}

/// Checks every rule of the format except condition cycles, which the graph finds.
pub(crate) fn check(document: &PackDocument) -> Result<Checked, PackError> {
    check_header(document)?;
    let domains = check_domains(document)?;
    let domain_ids: BTreeSet<&str> =
        crate::btree::set(domains.iter().map(|domain| domain.id.as_str()));

    let mut questions = Vec::with_capacity(document.questions.len());
    let mut seen = BTreeSet::new();
    for raw in &document.questions {
        let question = check_question(raw, &domain_ids)?;
        if !seen.insert(question.id.clone()) {
            return Err(PackError::DuplicateQuestion {
                id: question.id.to_string(),
            });
        }
        questions.push(question);
    }
    if questions.is_empty() {
        return Err(PackError::NoQuestions);
    }

    // Conditions are checked once every question is known: they may point forwards.
    let by_id: BTreeMap<&str, &Question> = crate::btree::map(
        questions
            .iter()
            .map(|question| (question.id.as_str(), question)),
    );
    for question in &questions {
        if let Some(condition) = &question.when {
            check_condition_targets(&question.id, condition, &by_id)?;
        }
    }

    Ok(Checked { domains, questions })
}

fn check_header(document: &PackDocument) -> Result<(), PackError> {
    if document.format != FORMAT {
        return Err(PackError::NotAPack {
            found: format!("\"format\" is {:?}, expected \"{FORMAT}\"", document.format),
        });
    }
    if document.format_version != FORMAT_VERSION {
        return Err(format_version_error(&document.format_version.to_string()));
    }
    if !is_pack_id(&document.id) {
        return Err(PackError::InvalidPackId {
            id: shorten(&document.id),
        });
    }
    if !is_semver(&document.version) {
        return Err(PackError::InvalidVersion {
            version: shorten(&document.version),
        });
    }
    if !is_language_tag(&document.language) {
        return Err(PackError::InvalidLanguage {
            language: shorten(&document.language),
        });
    }
    if document.title.trim().is_empty() {
        return Err(PackError::EmptyTitle);
    }
    Ok(())
}

/// The error for a format version other than the one this croqual reads.
pub(crate) fn format_version_error(found: &str) -> PackError {
    let is_newer = found
        .parse::<u64>()
        .is_ok_and(|version| version > FORMAT_VERSION);
    if is_newer {
        PackError::NewerFormatVersion {
            found: found.to_owned(),
            supported: FORMAT_VERSION,
        }
    } else {
        PackError::UnsupportedFormatVersion {
            found: found.to_owned(),
            supported: FORMAT_VERSION,
        }
    }
}

fn check_domains(document: &PackDocument) -> Result<Vec<Domain>, PackError> {
    let mut domains = Vec::with_capacity(document.domains.len());
    let mut seen = BTreeSet::new();
    for raw in &document.domains {
        let id = DomainId::new(raw.id.clone()).map_err(|_| PackError::InvalidDomainId {
            id: shorten(&raw.id),
        })?;
        if !seen.insert(raw.id.clone()) {
            return Err(PackError::DuplicateDomain { id: raw.id.clone() });
        }
        if raw.title.trim().is_empty() {
            return Err(PackError::EmptyDomainTitle { id: raw.id.clone() });
        }
        let weight = match &raw.weight {
            None => 1,
            Some(number) => weight(number).ok_or_else(|| PackError::DomainWeight {
                id: raw.id.clone(),
                weight: number.to_string(),
            })?,
        };
        let function =
            match &raw.function {
                None => None,
                Some(code) => Some(CsfFunction::from_code(code).ok_or_else(|| {
                    PackError::UnknownFunction {
                        id: raw.id.clone(),
                        function: shorten(code),
                    }
                })?),
            };
        domains.push(Domain {
            id,
            title: raw.title.clone(),
            weight,
            function,
            description: raw.description.clone(),
        });
    }
    Ok(domains)
}

fn check_question(
    raw: &super::document::QuestionDocument,
    domain_ids: &BTreeSet<&str>,
) -> Result<Question, PackError> {
    let id = QuestionId::new(raw.id.clone()).map_err(|_| PackError::InvalidQuestionId {
        id: shorten(&raw.id),
    })?;
    let name = raw.id.clone();
    if !domain_ids.contains(raw.domain.as_str()) {
        return Err(PackError::UnknownDomain {
            id: name,
            domain: shorten(&raw.domain),
        });
    }
    let domain = DomainId::new(raw.domain.clone()).map_err(|_| PackError::UnknownDomain {
        id: name.clone(),
        domain: shorten(&raw.domain),
    })?;
    if raw.text.trim().is_empty() {
        return Err(PackError::EmptyText { id: name });
    }

    let answer_type = check_answer_type(raw, &name)?;
    let weight = match &raw.weight {
        None => 1,
        Some(number) => weight(number).ok_or_else(|| PackError::Weight {
            id: name.clone(),
            weight: number.to_string(),
        })?,
    };
    let lowest_tier = match &raw.lowest_tier {
        None => Tier::Tier4,
        Some(number) => number
            .as_u64()
            .and_then(|tier| u8::try_from(tier).ok())
            .and_then(Tier::from_number)
            .ok_or_else(|| PackError::LowestTier {
                id: name.clone(),
                tier: number.to_string(),
            })?,
    };
    let path = match raw.path.as_deref() {
        None | Some("full") => QuestionPath::Full,
        Some("core") => QuestionPath::Core,
        Some(other) => {
            return Err(PackError::UnknownPath {
                id: name,
                path: shorten(other),
            });
        }
    };
    let when = match &raw.when {
        None => None,
        Some(condition) => Some(check_condition(&name, condition)?),
    };
    let evidence = raw.evidence.clone().unwrap_or_default();
    if let Some(index) = evidence.iter().position(|entry| entry.trim().is_empty()) {
        return Err(PackError::EmptyEvidence {
            id: name,
            index: index + 1,
        });
    }
    let mappings = check_mappings(&name, raw.mappings.as_ref())?;

    Ok(Question {
        id,
        domain,
        text: raw.text.clone(),
        help: raw.help.clone(),
        answer_type,
        weight,
        critical: raw.critical.unwrap_or(false),
        lowest_tier,
        path,
        when,
        evidence,
        mappings,
    })
}

fn check_answer_type(
    raw: &super::document::QuestionDocument,
    name: &str,
) -> Result<AnswerType, PackError> {
    let type_name = raw.answer_type.as_deref().unwrap_or("scale");
    let options_problem = |problem: &str| PackError::Options {
        id: name.to_owned(),
        problem: problem.to_owned(),
    };
    let is_choice = matches!(type_name, "single" | "multiple");
    if raw.options.is_some() && !is_choice {
        return Err(options_problem(&format!(
            "a {type_name} question has no options (only single and multiple do)"
        )));
    }
    if raw.unit.is_some() && type_name != "number" {
        return Err(options_problem(&format!(
            "a {type_name} question has no unit (only number does)"
        )));
    }
    let answer_type = match type_name {
        "scale" => AnswerType::Scale,
        "text" => AnswerType::Text,
        "date" => AnswerType::Date,
        "number" => {
            if raw
                .unit
                .as_deref()
                .is_some_and(|unit| unit.trim().is_empty())
            {
                return Err(options_problem("the unit is empty"));
            }
            AnswerType::Number {
                unit: raw.unit.clone(),
            }
        }
        "single" => AnswerType::Single(check_options(raw.options.as_deref(), name, true)?),
        "multiple" => AnswerType::Multiple(check_options(raw.options.as_deref(), name, false)?),
        other => {
            return Err(PackError::UnknownAnswerType {
                id: name.to_owned(),
                answer_type: shorten(other),
            });
        }
    };
    Ok(answer_type)
}

fn check_options(
    raw: Option<&[OptionDocument]>,
    name: &str,
    allows_points: bool,
) -> Result<Vec<ChoiceOption>, PackError> {
    let problem = |problem: String| PackError::Options {
        id: name.to_owned(),
        problem,
    };
    let raw = raw.unwrap_or_default();
    if raw.len() < 2 {
        return Err(problem(format!(
            "a choice question needs at least 2 options, it has {}",
            raw.len()
        )));
    }
    let mut seen = BTreeSet::new();
    let mut options = Vec::with_capacity(raw.len());
    for option in raw {
        if !is_valid_id(&option.id, MAX_QUESTION_ID_LEN) {
            return Err(problem(format!(
                "option id {:?} is invalid: use 1 to 64 ascii letters, digits, '-', '_' or '.'",
                shorten(&option.id)
            )));
        }
        // "na" is how conditions name a not-applicable answer.
        if option.id == "na" {
            return Err(problem(
                "option id \"na\" is reserved for not applicable".to_owned(),
            ));
        }
        if !seen.insert(option.id.as_str()) {
            return Err(problem(format!(
                "option {} appears more than once",
                option.id
            )));
        }
        if option.label.trim().is_empty() {
            return Err(problem(format!("option {} has an empty label", option.id)));
        }
        let points = match option.points.as_deref() {
            None => None,
            Some(_) if !allows_points => {
                return Err(problem(format!(
                    "option {} has points, but multiple choice questions are not scored",
                    option.id
                )));
            }
            Some("yes") => Some(Points::Yes),
            Some("partial") => Some(Points::Partial),
            Some("no") => Some(Points::No),
            Some(other) => {
                return Err(problem(format!(
                    "option {} has points {:?}: use \"yes\", \"partial\" or \"no\"",
                    option.id,
                    shorten(other)
                )));
            }
        };
        options.push(ChoiceOption {
            id: option.id.clone(),
            label: option.label.clone(),
            points,
        });
    }
    Ok(options)
}

fn check_condition(name: &str, raw: &ConditionDocument) -> Result<Condition, PackError> {
    let problem = |problem: &str| PackError::Condition {
        id: name.to_owned(),
        problem: problem.to_owned(),
    };
    let reads_answer = raw.question.is_some()
        || raw.equals.is_some()
        || raw.one_of.is_some()
        || raw.answered.is_some();
    let shapes = [
        reads_answer,
        raw.all.is_some(),
        raw.any.is_some(),
        raw.not.is_some(),
    ];
    if shapes.iter().filter(|shape| **shape).count() != 1 {
        return Err(problem(
            "must have exactly one of: question with equals, in or answered; all; any; not",
        ));
    }
    if let Some(all) = &raw.all {
        return Ok(Condition::All(check_conditions(name, all, "all")?));
    }
    if let Some(any) = &raw.any {
        return Ok(Condition::Any(check_conditions(name, any, "any")?));
    }
    if let Some(not) = &raw.not {
        return Ok(Condition::Not(Box::new(check_condition(name, not)?)));
    }

    let Some(target) = &raw.question else {
        return Err(problem("has equals, in or answered but no question"));
    };
    let question =
        QuestionId::new(target.clone()).map_err(|_| PackError::UnknownConditionQuestion {
            id: name.to_owned(),
            question: shorten(target),
        })?;
    let tests = [
        raw.equals.is_some(),
        raw.one_of.is_some(),
        raw.answered.is_some(),
    ];
    if tests.iter().filter(|test| **test).count() != 1 {
        return Err(problem(&format!(
            "on question {target} must have exactly one of equals, in, answered"
        )));
    }
    if let Some(value) = &raw.equals {
        return Ok(Condition::Equals {
            question,
            value: value.clone(),
        });
    }
    if let Some(values) = &raw.one_of {
        if values.is_empty() {
            return Err(problem(&format!(
                "on question {target} has an empty in list"
            )));
        }
        return Ok(Condition::In {
            question,
            values: values.clone(),
        });
    }
    Ok(Condition::Answered {
        question,
        answered: raw.answered.unwrap_or(true),
    })
}

fn check_conditions(
    name: &str,
    raw: &[ConditionDocument],
    key: &str,
) -> Result<Vec<Condition>, PackError> {
    if raw.is_empty() {
        return Err(PackError::Condition {
            id: name.to_owned(),
            problem: format!("has an empty {key} list"),
        });
    }
    raw.iter()
        .map(|condition| check_condition(name, condition))
        .collect()
}

/// Checks that every question a condition reads exists and that the values it compares with
/// are values that question can have.
fn check_condition_targets(
    id: &QuestionId,
    condition: &Condition,
    by_id: &BTreeMap<&str, &Question>,
) -> Result<(), PackError> {
    let target = |question: &QuestionId| {
        by_id
            .get(question.as_str())
            .copied()
            .ok_or_else(|| PackError::UnknownConditionQuestion {
                id: id.to_string(),
                question: question.to_string(),
            })
    };
    match condition {
        Condition::Equals { question, value } => {
            check_condition_value(id, target(question)?, value)
        }
        Condition::In { question, values } => {
            let target = target(question)?;
            values
                .iter()
                .try_for_each(|value| check_condition_value(id, target, value))
        }
        Condition::Answered { question, .. } => target(question).map(|_| ()),
        Condition::All(conditions) | Condition::Any(conditions) => conditions
            .iter()
            .try_for_each(|condition| check_condition_targets(id, condition, by_id)),
        Condition::Not(condition) => check_condition_targets(id, condition, by_id),
    }
}

fn check_condition_value(id: &QuestionId, target: &Question, value: &str) -> Result<(), PackError> {
    if value == "na" {
        return Ok(());
    }
    let expected = match &target.answer_type {
        AnswerType::Scale if matches!(value, "yes" | "partial" | "no") => return Ok(()),
        AnswerType::Scale => "yes, partial, no or na".to_owned(),
        AnswerType::Single(options) | AnswerType::Multiple(options) => {
            if options.iter().any(|option| option.id == value) {
                return Ok(());
            }
            let ids: Vec<&str> = options.iter().map(|option| option.id.as_str()).collect();
            format!("one of its options ({}) or na", ids.join(", "))
        }
        AnswerType::Text => return Ok(()),
        AnswerType::Date if value.parse::<jiff::civil::Date>().is_ok() => return Ok(()),
        AnswerType::Date => "a date YYYY-MM-DD or na".to_owned(),
        AnswerType::Number { .. } if is_decimal(value) => return Ok(()),
        AnswerType::Number { .. } => "a decimal number or na".to_owned(),
    };
    Err(PackError::Condition {
        id: id.to_string(),
        problem: format!(
            "compares question {} with {:?}, which it cannot have: expected {expected}",
            target.id,
            shorten(value)
        ),
    })
}

fn check_mappings(
    name: &str,
    raw: Option<&BTreeMap<String, Vec<String>>>,
) -> Result<Mappings, PackError> {
    let Some(raw) = raw else {
        return Ok(Mappings::default());
    };
    for (scheme, ids) in raw {
        if !is_known_scheme(scheme) {
            return Err(PackError::UnknownMappingScheme {
                id: name.to_owned(),
                scheme: shorten(scheme),
            });
        }
        let mut seen = BTreeSet::new();
        for value in ids {
            let problem = mapping_problem(scheme, value)
                .map(str::to_owned)
                .or_else(|| {
                    (!seen.insert(value.as_str())).then(|| "appears more than once".to_owned())
                });
            if let Some(problem) = problem {
                return Err(PackError::MappingId {
                    id: name.to_owned(),
                    scheme: scheme.clone(),
                    value: shorten(value),
                    problem,
                });
            }
        }
    }
    Ok(Mappings::from_map(raw.clone()))
}

fn weight(number: &Number) -> Option<u32> {
    number
        .as_u64()
        .filter(|weight| (1..=100).contains(weight))
        .and_then(|weight| u32::try_from(weight).ok())
}

/// Whether `id` is a valid pack id: 1 to 64 lowercase ascii letters, digits, `-` or `.`.
pub(crate) fn is_pack_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|byte| matches!(byte, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.'))
}

/// Whether `version` is a semantic version: MAJOR.MINOR.PATCH, an optional pre-release
/// after `-` and optional build metadata after `+`.
pub(crate) fn is_semver(version: &str) -> bool {
    if version.len() > 64 {
        return false;
    }
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let core_ok = numbers.len() == 3 && numbers.iter().all(|number| is_numeric_identifier(number));
    let pre_ok = pre.is_none_or(|pre| {
        pre.split('.').all(|part| {
            is_identifier(part)
                && (!part.bytes().all(|b| b.is_ascii_digit()) || is_numeric_identifier(part))
        })
    });
    let build_ok = build.is_none_or(|build| build.split('.').all(is_identifier));
    core_ok && pre_ok && build_ok
}

fn is_numeric_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|byte| byte.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
}

/// Whether `tag` has the shape of a BCP 47 language tag: a 2–3 letter (or 4–8 letter)
/// primary subtag, then subtags of 1–8 letters or digits.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(primary) = parts.next() else {
        return false;
    };
    let primary_ok = (2..=8).contains(&primary.len())
        && primary.len() != 4
        && primary.bytes().all(|byte| byte.is_ascii_alphabetic());
    primary_ok
        && tag.len() <= 35
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_alphanumeric())
        })
}

/// Whether `text` is a plain decimal number such as "-12.5".
pub(crate) fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    !whole.is_empty()
        && whole.bytes().all(|byte| byte.is_ascii_digit())
        && fraction.is_none_or(|fraction| {
            !fraction.is_empty() && fraction.bytes().all(|byte| byte.is_ascii_digit())
        })
}

fn shorten(text: &str) -> String {
    text.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semantic_versions_allow_pre_release_and_build_metadata() {
        for version in [
            "1.0.0",
            "0.1.10",
            "3.0.0-20231109",
            "1.0.0-rc.1",
            "5.1.1+u4",
        ] {
            assert!(is_semver(version), "{version}");
        }
        for version in [
            "1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0 ",
        ] {
            assert!(!is_semver(version), "{version}");
        }
    }

    #[test]
    fn language_tags_have_a_primary_subtag_and_short_subtags() {
        for tag in ["en", "fr", "fr-FR", "zh-Hant-TW", "gsw"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in ["", "e", "english-", "en_GB", "1en", "abcd"] {
            assert!(!is_language_tag(tag), "{tag}");
        }
    }

    #[test]
    fn pack_ids_are_lowercase() {
        assert!(is_pack_id("croqual-cro-baseline"));
        assert!(is_pack_id("mvsp.v3"));
        assert!(!is_pack_id("Croqual"));
        assert!(!is_pack_id("a_b"));
        assert!(!is_pack_id(""));
    }

    #[test]
    fn decimals_are_plain_digits_with_an_optional_sign_and_fraction() {
        for text in ["0", "12", "-3.25", "100.0"] {
            assert!(is_decimal(text), "{text}");
        }
        for text in ["", "-", "1.", ".5", "1e3", "+1", "1,5"] {
            assert!(!is_decimal(text), "{text}");
        }
    }
}
