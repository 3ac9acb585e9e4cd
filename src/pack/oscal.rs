//! OSCAL catalogs (JSON) become packs.
//!
//! Groups become domains (nested groups flattened, titled with their path such as
//! "Access Control › Remote Access"), controls and their enhancements become questions, in
//! document order. A question's text is the control's label and title on a first line, then
//! its statement with nested items flattened under their labels; its help is the control's
//! guidance. Parameters (`{{ insert: param, ID }}`) read as their values when a profile set
//! them, else their choices ("[one of: a; b]", "[one or more of: a; b]"), else their label
//! ("[personnel or roles]"). Each question keeps the control id as an `oscal` mapping.
//! Defaults: weight 1, scale answers, not critical, lowest tier 4, core path (a catalog
//! marks no reduced set, so every control is asked also when certificates count); no CSF
//! function is known. Controls outside any group go to a domain of their own, "Controls
//! outside any group".
//!
//! Ids are kept when they fit the pack format, else sanitised: a character outside ascii
//! letters, digits, `-`, `_` and `.` becomes `-`, the id is cut to the length limit, and a
//! repeated id gets `-2`, `-3`… The pack id is the catalog title in lowercase with runs of
//! other characters turned into `-` ("NIST SP 800-53" → "nist-sp-800-53"). The pack version
//! is `metadata.version` when it is a semantic version, else coerced: a leading `v` is
//! dropped, up to three leading numbers become MAJOR.MINOR.PATCH (missing ones 0) and the
//! rest becomes the pre-release ("v3.0-20231109" → "3.0.0-20231109"; "Rev 5" →
//! "0.0.0-Rev-5"). The language is a `language`, `lang` or `locale` prop of the metadata
//! when it is a BCP 47 tag, else "en".
//!
//! # Limitations
//!
//! - JSON only: OSCAL XML and YAML are refused with a message saying so. Convert them with
//!   NIST's tools first.
//! - Prose is kept as written: OSCAL's Markdown stays Markdown in the question text.
//! - Withdrawn controls (prop `status` = `withdrawn`) are left out; their enhancements are
//!   still read.
//! - A profile must be resolved to a catalog first; croqual does not resolve profiles.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};

use super::document::{DomainDocument, FORMAT, FORMAT_VERSION, PackDocument, QuestionDocument};
use super::id::{MAX_DOMAIN_ID_LEN, MAX_QUESTION_ID_LEN, is_id_byte};
use super::validate::{is_language_tag, is_semver};
use super::{Pack, PackError};

/// The title of the domain that holds controls outside any group.
pub const UNGROUPED_TITLE: &str = "Controls outside any group";

/// Converts an OSCAL catalog in JSON to a pack.
///
/// # Errors
///
/// [`OscalError`] when the text is not JSON, is another OSCAL model, is not OSCAL at all,
/// is a malformed or empty catalog.
pub fn catalog_to_pack(json: &str) -> Result<Pack, OscalError> {
    let text = json.strip_prefix('\u{feff}').unwrap_or(json);
    match text.trim_start().chars().next() {
        None => {
            return Err(OscalError::NotOscal {
                found: "the file is empty".to_owned(),
            });
        }
        Some('<') => return Err(OscalError::Xml),
        Some('{') => {}
        Some('[') => {
            return Err(OscalError::NotOscal {
                found: "it is a JSON array".to_owned(),
            });
        }
        Some(_) => {
            return Err(OscalError::NotOscal {
                found: "it is not a JSON object".to_owned(),
            });
        }
    }

    let root: Root = serde_json::from_str(text).map_err(|error| {
        if error.is_data() {
            OscalError::Malformed {
                reason: error.to_string(),
            }
        } else {
            OscalError::NotJson {
                reason: error.to_string(),
            }
        }
    })?;
    let catalog = match root {
        Root::Catalog(catalog) => catalog,
        Root::OtherModel(model) => return Err(OscalError::OtherModel { model }),
        Root::CroqualPack => return Err(OscalError::AlreadyAPack),
        Root::Unknown(keys) if keys.is_empty() => {
            return Err(OscalError::NotOscal {
                found: "the object is empty".to_owned(),
            });
        }
        Root::Unknown(keys) => {
            return Err(OscalError::NotOscal {
                found: format!(
                    "it has none of the OSCAL top-level keys (its keys are {})",
                    keys.join(", ")
                ),
            });
        }
    };
    convert(&catalog)
}

/// Why a file does not become a pack.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OscalError {
    /// The text is not JSON.
    #[error("not JSON: {reason}")]
    NotJson {
        /// What the JSON reader reported.
        reason: String,
    },
    /// The text looks like XML.
    #[error("this is XML: croqual reads OSCAL catalogs in JSON, convert it to JSON first")]
    Xml,
    /// The document is another OSCAL model.
    #[error("not an OSCAL catalog: it is an OSCAL {model}")]
    OtherModel {
        /// The model's name, such as "profile".
        model: &'static str,
    },
    /// The document is not OSCAL.
    #[error("not an OSCAL document: {found}")]
    NotOscal {
        /// What it is instead.
        found: String,
    },
    /// The document is a croqual pack already: read it with [`Pack::from_json`].
    #[error("not an OSCAL document: it is already a croqual pack")]
    AlreadyAPack,
    /// The catalog breaks the OSCAL schema in a way croqual cannot read past.
    #[error("the OSCAL catalog is malformed: {reason}")]
    Malformed {
        /// What the reader reported.
        reason: String,
    },
    /// The catalog holds no control.
    #[error("the OSCAL catalog has no controls")]
    EmptyCatalog,
    /// The converted pack breaks a pack rule (a bug: conversion sanitises what it can).
    #[error("the converted pack is invalid: {0}")]
    Pack(#[from] PackError),
}

/// The OSCAL model a top-level key names, such as "profile" for `profile`.
pub(crate) fn model_name(key: &str) -> Option<&'static str> {
    Some(match key {
        "catalog" => "catalog",
        "profile" => "profile",
        "component-definition" => "component definition",
        "system-security-plan" => "system security plan",
        "assessment-plan" => "assessment plan",
        "assessment-results" => "assessment results",
        "plan-of-action-and-milestones" => "plan of action and milestones",
        "mapping-collection" => "mapping collection",
        _ => return None,
    })
}

enum Root {
    Catalog(Catalog),
    OtherModel(&'static str),
    CroqualPack,
    Unknown(Vec<String>),
}

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Root, D::Error> {
        struct RootVisitor;

        impl<'de> Visitor<'de> for RootVisitor {
            type Value = Root;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an OSCAL document")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Root, A::Error> {
                let mut catalog = None;
                let mut other = None;
                let mut format = None;
                let mut keys = Vec::new();
                while let Some(key) = access.next_key::<String>()? {
                    match key.as_str() {
                        "catalog" => catalog = Some(access.next_value::<Catalog>()?),
                        "format" => format = access.next_value::<serde_json::Value>().ok(),
                        _ => {
                            other = other.or_else(|| model_name(&key));
                            access.next_value::<IgnoredAny>()?;
                        }
                    }
                    if keys.len() < 12 && key != "$schema" {
                        keys.push(key);
                    }
                }
                Ok(match (catalog, other) {
                    (Some(catalog), _) => Root::Catalog(catalog),
                    (None, Some(model)) => Root::OtherModel(model),
                    _ if format == Some(serde_json::Value::from(FORMAT)) => Root::CroqualPack,
                    _ => Root::Unknown(keys),
                })
            }
        }

        deserializer.deserialize_map(RootVisitor)
    }
}

#[derive(Deserialize)]
struct Catalog {
    metadata: Metadata,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    controls: Vec<Control>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default, rename = "last-modified")]
    last_modified: Option<String>,
    #[serde(default)]
    props: Vec<Prop>,
}

#[derive(Deserialize)]
struct Group {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Control {
    id: String,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Part {
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    prose: Option<String>,
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
struct Param {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    select: Option<Select>,
}

#[derive(Deserialize)]
struct Select {
    #[serde(default, rename = "how-many")]
    how_many: Option<String>,
    #[serde(default)]
    choice: Vec<String>,
}

#[derive(Deserialize)]
struct Prop {
    name: String,
    value: String,
    #[serde(default)]
    class: Option<String>,
}

/// The state of one conversion: the parameters by id and the ids already given out.
struct Converter<'a> {
    params: BTreeMap<&'a str, &'a Param>,
    domain_ids: BTreeSet<String>,
    question_ids: BTreeSet<String>,
    domains: Vec<DomainDocument>,
    questions: Vec<QuestionDocument>,
}

fn convert(catalog: &Catalog) -> Result<Pack, OscalError> {
    let mut converter = Converter {
        params: BTreeMap::new(),
        domain_ids: BTreeSet::new(),
        question_ids: BTreeSet::new(),
        domains: Vec::new(),
        questions: Vec::new(),
    };
    // OSCAL parameter ids are unique in a document, so one map serves every scope.
    converter.collect_params(&catalog.params);
    for group in &catalog.groups {
        converter.collect_group_params(group);
    }
    for control in &catalog.controls {
        converter.collect_control_params(control);
    }

    for (position, group) in catalog.groups.iter().enumerate() {
        converter.add_group(group, &[], position);
    }
    if !catalog.controls.is_empty() {
        let domain = converter.add_domain("ungrouped", UNGROUPED_TITLE);
        for control in &catalog.controls {
            converter.add_control(control, &domain);
        }
    }
    if converter.questions.is_empty() {
        return Err(OscalError::EmptyCatalog);
    }
    // A group holding only subgroups, or only withdrawn controls, gives an empty domain.
    let used: BTreeSet<&str> = crate::btree::set(
        converter
            .questions
            .iter()
            .map(|question| question.domain.as_str()),
    );
    let domains = converter
        .domains
        .iter()
        .filter(|domain| used.contains(domain.id.as_str()))
        .cloned()
        .collect();

    let metadata = &catalog.metadata;
    let title = clean_line(&metadata.title);
    let mut description = format!("Converted from the OSCAL catalog \"{title}\"");
    if let Some(version) = &metadata.version {
        description.push_str(&format!(", version {version}"));
    }
    if let Some(modified) = &metadata.last_modified {
        description.push_str(&format!(", last modified {modified}"));
    }
    description.push('.');

    let document = PackDocument {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        id: slug(&title),
        version: coerce_version(metadata.version.as_deref()),
        title: if title.is_empty() {
            "OSCAL catalog".to_owned()
        } else {
            title
        },
        language: language(&metadata.props),
        description,
        domains,
        questions: std::mem::take(&mut converter.questions),
    };
    Ok(Pack::from_document(&document)?)
}

impl<'a> Converter<'a> {
    fn collect_params(&mut self, params: &'a [Param]) {
        for param in params {
            self.params.entry(param.id.as_str()).or_insert(param);
        }
    }

    fn collect_group_params(&mut self, group: &'a Group) {
        self.collect_params(&group.params);
        for subgroup in &group.groups {
            self.collect_group_params(subgroup);
        }
        for control in &group.controls {
            self.collect_control_params(control);
        }
    }

    fn collect_control_params(&mut self, control: &'a Control) {
        self.collect_params(&control.params);
        for enhancement in &control.controls {
            self.collect_control_params(enhancement);
        }
    }

    fn add_group(&mut self, group: &Group, parents: &[String], position: usize) {
        let mut path = parents.to_vec();
        path.push(clean_line(&group.title));
        let fallback = format!("group-{}", position + 1);
        let raw_id = group.id.as_deref().unwrap_or(&fallback);
        let domain = self.add_domain(raw_id, &path.join(" › "));
        for control in &group.controls {
            self.add_control(control, &domain);
        }
        for (position, subgroup) in group.groups.iter().enumerate() {
            self.add_group(subgroup, &path, position);
        }
    }

    fn add_domain(&mut self, raw_id: &str, title: &str) -> String {
        let id = unique_id(raw_id, MAX_DOMAIN_ID_LEN, &mut self.domain_ids);
        self.domains.push(DomainDocument {
            id: id.clone(),
            title: if title.trim().is_empty() {
                id.clone()
            } else {
                title.to_owned()
            },
            weight: Some(1.into()),
            function: None,
            description: String::new(),
        });
        id
    }

    fn add_control(&mut self, control: &Control, domain: &str) {
        if !is_withdrawn(control) {
            let question = self.question(control, domain);
            self.questions.push(question);
        }
        for enhancement in &control.controls {
            self.add_control(enhancement, domain);
        }
    }

    fn question(&mut self, control: &Control, domain: &str) -> QuestionDocument {
        let id = unique_id(&control.id, MAX_QUESTION_ID_LEN, &mut self.question_ids);
        let control_label = label(&control.props).unwrap_or(&control.id);
        let title = clean_line(&control.title);
        let mut text = format!("{control_label} {title}").trim().to_owned();

        let mut statement = Vec::new();
        for part in control.parts.iter().filter(|part| part.name == "statement") {
            self.flatten(part, 0, &mut statement, true);
        }
        if !statement.is_empty() {
            text.push('\n');
            text.push_str(&statement.join("\n"));
        }

        let guidance: Vec<String> = control
            .parts
            .iter()
            .filter(|part| part.name == "guidance")
            .map(|part| {
                let mut lines = Vec::new();
                let heading = part
                    .title
                    .as_deref()
                    .map(clean_line)
                    .filter(|title| !title.is_empty())
                    .or_else(|| label(&part.props).map(clean_line));
                lines.extend(heading);
                self.flatten(part, 0, &mut lines, false);
                lines.join("\n")
            })
            .filter(|block| !block.is_empty())
            .collect();

        let mut mappings = BTreeMap::new();
        mappings.insert("oscal".to_owned(), vec![control.id.trim().to_owned()]);
        QuestionDocument {
            id,
            domain: domain.to_owned(),
            text,
            help: guidance.join("\n\n"),
            answer_type: Some("scale".to_owned()),
            options: None,
            unit: None,
            weight: Some(1.into()),
            critical: Some(false),
            lowest_tier: Some(4.into()),
            path: Some("core".to_owned()),
            when: None,
            evidence: Some(Vec::new()),
            mappings: Some(mappings),
        }
    }

    /// Writes a part's prose and its subparts as lines, each under its label (when
    /// `with_label`), a labelled part's subparts indented two spaces further.
    fn flatten(&self, part: &Part, depth: usize, lines: &mut Vec<String>, with_label: bool) {
        let indent = "  ".repeat(depth);
        let label = if with_label { label(&part.props) } else { None };
        let prose = part
            .prose
            .as_deref()
            .map(|prose| self.render(prose, 0))
            .unwrap_or_default();
        let mut prose_lines: Vec<&str> = prose
            .lines()
            .map(str::trim_end)
            .skip_while(|line| line.trim().is_empty())
            .collect();
        while prose_lines
            .last()
            .is_some_and(|line| line.trim().is_empty())
        {
            prose_lines.pop();
        }
        match (label, prose_lines.split_first()) {
            (Some(label), Some((first, rest))) => {
                lines.push(format!("{indent}{label} {}", first.trim_start()));
                lines.extend(rest.iter().map(|line| format!("{indent}{line}")));
            }
            (Some(label), None) => lines.push(format!("{indent}{label}")),
            (None, _) => lines.extend(prose_lines.iter().map(|line| format!("{indent}{line}"))),
        }
        let child_depth = if label.is_some() { depth + 1 } else { depth };
        for child in &part.parts {
            self.flatten(child, child_depth, lines, true);
        }
    }

    /// Replaces `{{ insert: param, ID }}` placeholders with a readable form of the parameter.
    fn render(&self, prose: &str, depth: usize) -> String {
        let mut out = String::with_capacity(prose.len());
        let mut rest = prose;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                out.push_str(&rest[start..]);
                return out;
            };
            let inner = &after[..end];
            match param_reference(inner) {
                Some(id) => out.push_str(&self.param_text(id, depth)),
                None => out.push_str(&rest[start..start + 2 + end + 2]),
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    fn param_text(&self, id: &str, depth: usize) -> String {
        // Choices may insert other parameters; a bound keeps a cycle from looping.
        let Some(param) = self.params.get(id).filter(|_| depth < 4) else {
            return format!("[{id}]");
        };
        if !param.values.is_empty() {
            let values: Vec<String> = param
                .values
                .iter()
                .map(|value| self.render(value, depth + 1).trim().to_owned())
                .collect();
            return values.join("; ");
        }
        if let Some(select) = param
            .select
            .as_ref()
            .filter(|select| !select.choice.is_empty())
        {
            let choices: Vec<String> = select
                .choice
                .iter()
                .map(|choice| self.render(choice, depth + 1).trim().to_owned())
                .collect();
            let how = if select.how_many.as_deref() == Some("one-or-more") {
                "one or more of"
            } else {
                "one of"
            };
            return format!("[{how}: {}]", choices.join("; "));
        }
        match param
            .label
            .as_deref()
            .map(clean_line)
            .filter(|label| !label.is_empty())
        {
            Some(label) => format!("[{label}]"),
            None => format!("[{id}]"),
        }
    }
}

/// The parameter id of `insert: param, ID`, whitespace allowed around each token.
fn param_reference(inner: &str) -> Option<&str> {
    let rest = inner
        .trim()
        .strip_prefix("insert")?
        .trim_start()
        .strip_prefix(':')?;
    let (kind, id) = rest.split_once(',')?;
    (kind.trim() == "param" && !id.trim().is_empty()).then(|| id.trim())
}

fn is_withdrawn(control: &Control) -> bool {
    control
        .props
        .iter()
        .any(|prop| prop.name == "status" && prop.value.eq_ignore_ascii_case("withdrawn"))
}

/// The `label` prop without a class, else the first `label` prop.
fn label(props: &[Prop]) -> Option<&str> {
    let labels = || props.iter().filter(|prop| prop.name == "label");
    labels()
        .find(|prop| prop.class.is_none())
        .or_else(|| labels().next())
        .map(|prop| prop.value.trim())
        .filter(|value| !value.is_empty())
}

fn language(props: &[Prop]) -> String {
    props
        .iter()
        .filter(|prop| matches!(prop.name.as_str(), "language" | "lang" | "locale"))
        .map(|prop| prop.value.trim().replace('_', "-"))
        .find(|tag| is_language_tag(tag))
        .unwrap_or_else(|| "en".to_owned())
}

/// A title on one line, inner runs of whitespace collapsed.
fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `raw` as an id of at most `max` bytes, unique among `taken`.
fn unique_id(raw: &str, max: usize, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii() && is_id_byte(c as u8) {
                c
            } else {
                '-'
            }
        })
        .take(max)
        .collect();
    if base.is_empty() {
        base = "item".to_owned();
    }
    let mut candidate = base.clone();
    let mut counter = 2;
    while taken.contains(&candidate) {
        let suffix = format!("-{counter}");
        let keep = max.saturating_sub(suffix.len()).min(base.len());
        candidate = format!("{}{suffix}", &base[..keep]);
        counter += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// The pack id for a title: lowercase ascii letters, digits and `.`, other runs as `-`.
fn slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_matches(['-', '.']).to_owned();
    if slug.len() > 64 {
        // Cut at a word boundary when there is one in reach, so the id stays readable.
        let cut = slug[..=64].rfind('-').filter(|&at| at >= 16).unwrap_or(64);
        slug.truncate(cut);
    }
    let slug = slug.trim_end_matches(['-', '.']).to_owned();
    if slug.is_empty() {
        "oscal-catalog".to_owned()
    } else {
        slug
    }
}

/// `version` when it is a semantic version, else coerced (see the module docs).
fn coerce_version(version: Option<&str>) -> String {
    let Some(version) = version.map(str::trim).filter(|version| !version.is_empty()) else {
        return "0.0.0".to_owned();
    };
    if is_semver(version) {
        return version.to_owned();
    }
    let text = version
        .strip_prefix(['v', 'V'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(version);

    let numeric_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (numbers, rest) = text.split_at(numeric_end);
    let mut parts: Vec<String> = numbers
        .split('.')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let trimmed = part.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
        })
        .collect();
    let extra: Vec<String> = parts.split_off(parts.len().min(3));
    parts.resize(3, "0".to_owned());

    let mut pre: Vec<String> = extra;
    let cleaned: String = rest
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    for identifier in cleaned.trim_matches(['-', '.']).split('.') {
        if identifier.is_empty() {
            continue;
        }
        let is_numeric = identifier.bytes().all(|byte| byte.is_ascii_digit());
        let identifier = if is_numeric {
            let trimmed = identifier.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }
        } else {
            identifier
        };
        pre.push(identifier.to_owned());
    }

    let mut coerced = parts.join(".");
    if !pre.is_empty() {
        coerced.push('-');
        coerced.push_str(&pre.join("."));
    }
    if is_semver(&coerced) {
        coerced
    } else {
        "0.0.0".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_kept_when_semantic_and_coerced_otherwise() {
        assert_eq!(coerce_version(Some("5.1.1+u4")), "5.1.1+u4");
        assert_eq!(coerce_version(Some("1.0.0")), "1.0.0");
        assert_eq!(coerce_version(Some("v3.0-20231109")), "3.0.0-20231109");
        assert_eq!(coerce_version(Some("2")), "2.0.0");
        assert_eq!(coerce_version(Some("1.2.3.4")), "1.2.3-4");
        assert_eq!(coerce_version(Some("01.02")), "1.2.0");
        assert_eq!(coerce_version(Some("Rev 5")), "0.0.0-Rev-5");
        assert_eq!(coerce_version(Some("2024-02-13")), "2024.0.0-02-13");
        assert_eq!(coerce_version(Some("  ")), "0.0.0");
        assert_eq!(coerce_version(None), "0.0.0");
        assert_eq!(coerce_version(Some("v")), "0.0.0-v");
    }

    #[test]
    fn slugs_keep_letters_digits_and_dots() {
        assert_eq!(
            slug("MVSP - Minimum Viable Secure Product  - v3.0-20231109"),
            "mvsp-minimum-viable-secure-product-v3.0-20231109"
        );
        assert_eq!(slug("Référentiel HDS"), "r-f-rentiel-hds");
        assert_eq!(slug("  ***  "), "oscal-catalog");
        assert!(slug(&"word ".repeat(40)).len() <= 64);
        assert!(!slug(&"word ".repeat(40)).ends_with('-'));
    }

    #[test]
    fn ids_are_sanitised_cut_and_made_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_id("ac-2.1", 64, &mut taken), "ac-2.1");
        assert_eq!(unique_id("ac 2/1", 64, &mut taken), "ac-2-1");
        assert_eq!(unique_id("ac-2.1", 64, &mut taken), "ac-2.1-2");
        assert_eq!(unique_id("контроль", 64, &mut taken), "--------");
        let long = unique_id(&"x".repeat(40), 32, &mut taken);
        assert_eq!(long.len(), 32);
        let again = unique_id(&"x".repeat(40), 32, &mut taken);
        assert_eq!(again, format!("{}-2", "x".repeat(30)));
    }

    #[test]
    fn parameter_references_allow_spaces() {
        assert_eq!(
            param_reference(" insert: param, ac-1_prm_1 "),
            Some("ac-1_prm_1")
        );
        assert_eq!(param_reference("insert:param,x"), Some("x"));
        assert_eq!(param_reference(" insert: other, x "), None);
        assert_eq!(param_reference("something"), None);
    }
}
