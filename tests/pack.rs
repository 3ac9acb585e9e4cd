//! Loading, checking, writing and looking up packs; the default bank against the CSF 2.0
//! catalog.

#[path = "support/builders.rs"]
mod builders;

use std::collections::BTreeSet;

use builders::{document, pack};
use croqual::assessment::Tier;
use croqual::pack::{
    AnswerType, Condition, CsfFunction, Pack, PackError, Points, QuestionPath, default_bank,
};
use serde_json::{Value, json};

fn domains() -> Value {
    json!([
        { "id": "GOV", "title": "Governance", "weight": 3, "function": "GV" },
        { "id": "IAM", "title": "Identity and access", "function": "PR" }
    ])
}

fn refusal(mut edit: impl FnMut(&mut Value)) -> PackError {
    let mut doc = document(
        domains(),
        json!([
            { "id": "GOV-01", "domain": "GOV", "text": "Is there a policy?" },
            { "id": "IAM-01", "domain": "IAM", "text": "Is MFA enforced?" }
        ]),
    );
    edit(&mut doc);
    Pack::from_json(&doc.to_string()).expect_err("the edited pack is refused")
}

fn message(mut edit: impl FnMut(&mut Value)) -> String {
    refusal(&mut edit).to_string()
}

#[test]
fn a_minimal_pack_loads_with_the_documented_defaults() {
    let pack = pack(&document(
        domains(),
        json!([{ "id": "GOV-01", "domain": "GOV", "text": "Is there a policy?" }]),
    ));
    let question = pack.question("GOV-01").expect("the question");
    assert_eq!(question.answer_type, AnswerType::Scale);
    assert_eq!(question.weight, 1);
    assert!(!question.critical);
    assert_eq!(question.lowest_tier, Tier::Tier4);
    assert_eq!(question.path, QuestionPath::Full);
    assert_eq!(question.help, "");
    assert!(question.evidence.is_empty());
    assert!(question.mappings.is_empty());
    assert_eq!(pack.domain("IAM").map(|d| d.weight), Some(1));
}

#[test]
fn questions_keep_document_order_and_lookups_find_them() {
    let pack = pack(&document(
        domains(),
        json!([
            { "id": "Z-1", "domain": "IAM", "text": "Last id first?" },
            { "id": "A-1", "domain": "GOV", "text": "First id last?" },
            { "id": "M-1", "domain": "IAM", "text": "Middle?" }
        ]),
    ));
    let ids: Vec<&str> = pack.questions().iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["Z-1", "A-1", "M-1"]);
    let in_iam: Vec<&str> = pack.questions_in("IAM").map(|q| q.id.as_str()).collect();
    assert_eq!(in_iam, ["Z-1", "M-1"]);
    assert_eq!(pack.position("M-1"), Some(2));
    assert!(pack.question("nope").is_none());
    let question = pack.question("A-1").expect("the question");
    assert_eq!(
        pack.domain_of(question).map(|d| d.title.as_str()),
        Some("Governance")
    );
}

#[test]
fn the_evaluation_order_puts_every_question_after_those_it_reads() {
    let pack = pack(&document(
        domains(),
        json!([
            { "id": "C", "domain": "GOV", "text": "C?", "when": { "question": "B", "equals": "yes" } },
            { "id": "B", "domain": "GOV", "text": "B?", "when": { "question": "A", "equals": "yes" } },
            { "id": "A", "domain": "GOV", "text": "A?" },
            { "id": "D", "domain": "GOV", "text": "D?",
              "when": { "all": [ { "question": "A", "answered": true }, { "not": { "question": "C", "equals": "no" } } ] } }
        ]),
    ));
    let order: Vec<&str> = pack.evaluation_order().map(|q| q.id.as_str()).collect();
    let at = |id: &str| order.iter().position(|o| *o == id).expect("in the order");
    assert!(at("A") < at("B") && at("B") < at("C") && at("C") < at("D"));
    let dependents: Vec<&str> = pack.dependents("A").iter().map(|q| q.id.as_str()).collect();
    assert_eq!(dependents, ["B", "D"]);
}

#[test]
fn the_same_pack_has_the_same_digest_whatever_its_whitespace_or_key_order() {
    let compact = r#"{"format":"croqual-pack","format_version":1,"id":"p","version":"1.0.0","title":"T","language":"en","domains":[{"id":"D","title":"D"}],"questions":[{"id":"Q","domain":"D","text":"Q?"}]}"#;
    let spaced = r#"{
        "questions": [ { "text": "Q?", "domain": "D", "id": "Q" } ],
        "domains": [ { "title": "D", "id": "D" } ],
        "language": "en", "title": "T", "version": "1.0.0", "id": "p",
        "format_version": 1, "format": "croqual-pack"
    }"#;
    let a = Pack::from_json(compact).expect("valid");
    let b = Pack::from_json(spaced).expect("valid");
    assert_eq!(a.digest(), b.digest());
}

#[test]
fn spelling_out_a_default_does_not_change_the_digest() {
    let implicit = pack(&document(
        domains(),
        json!([{ "id": "Q", "domain": "GOV", "text": "Q?" }]),
    ));
    let explicit = pack(&document(
        domains(),
        json!([{ "id": "Q", "domain": "GOV", "text": "Q?", "type": "scale", "weight": 1,
                 "critical": false, "lowest_tier": 4, "path": "full", "help": "",
                 "evidence": [], "mappings": {} }]),
    ));
    assert_eq!(implicit.digest(), explicit.digest());
}

#[test]
fn any_change_of_content_changes_the_digest() {
    let base = pack(&document(
        domains(),
        json!([{ "id": "Q", "domain": "GOV", "text": "Q?" }]),
    ));
    let reworded = pack(&document(
        domains(),
        json!([{ "id": "Q", "domain": "GOV", "text": "Q ?" }]),
    ));
    let reweighted = pack(&document(
        domains(),
        json!([{ "id": "Q", "domain": "GOV", "text": "Q?", "weight": 2 }]),
    ));
    assert_ne!(base.digest(), reworded.digest());
    assert_ne!(base.digest(), reweighted.digest());
}

#[test]
fn the_digest_is_the_sha256_of_the_canonical_document() {
    let pack = default_bank();
    let bytes = croqual::attest::canonical::canonical_bytes(&pack.document()).expect("canonical");
    assert_eq!(pack.digest(), croqual::attest::Digest::of(&bytes));
}

#[test]
fn a_written_pack_reads_back_to_the_same_pack() {
    let original = pack(&document(
        domains(),
        json!([
            { "id": "A", "domain": "GOV", "text": "A?", "critical": true, "weight": 5,
              "lowest_tier": 2, "path": "core", "evidence": ["e"],
              "mappings": { "csf": ["GV.PO-01"], "iso27001": ["A.5.1"], "x-internal": ["7"] } },
            { "id": "B", "domain": "IAM", "text": "B?", "type": "single",
              "options": [ { "id": "a", "label": "A", "points": "yes" }, { "id": "b", "label": "B", "points": "no" } ],
              "when": { "any": [ { "question": "A", "in": ["yes", "partial"] }, { "not": { "question": "A", "answered": true } } ] } },
            { "id": "C", "domain": "IAM", "text": "C?", "type": "number", "unit": "hours" }
        ]),
    ));
    let again = Pack::from_json(&original.to_json_pretty()).expect("reads back");
    assert_eq!(again, original);
    assert_eq!(again.digest(), original.digest());
    let through_serde: Pack =
        serde_json::from_value(serde_json::to_value(&original).expect("serialises"))
            .expect("deserialises");
    assert_eq!(through_serde, original);
}

#[test]
fn answer_types_options_and_points_are_read() {
    let pack = pack(&document(
        domains(),
        json!([
            { "id": "S", "domain": "GOV", "text": "Cloud?", "type": "single",
              "options": [ { "id": "aws", "label": "AWS", "points": "yes" },
                           { "id": "own", "label": "Own data centre", "points": "partial" } ] },
            { "id": "U", "domain": "GOV", "text": "Which?", "type": "single",
              "options": [ { "id": "a", "label": "A", "points": "yes" }, { "id": "b", "label": "B" } ] },
            { "id": "M", "domain": "GOV", "text": "Tools?", "type": "multiple",
              "options": [ { "id": "edc", "label": "EDC" }, { "id": "ctms", "label": "CTMS" } ] },
            { "id": "T", "domain": "GOV", "text": "Describe", "type": "text" },
            { "id": "W", "domain": "GOV", "text": "When?", "type": "date" }
        ]),
    ));
    let single = pack.question("S").expect("S");
    assert!(single.is_scored_type());
    assert_eq!(
        single.answer_type.options()[1].points,
        Some(Points::Partial)
    );
    assert!(
        !pack.question("U").expect("U").is_scored_type(),
        "an option without points"
    );
    assert!(!pack.question("M").expect("M").is_scored_type());
    assert!(!pack.question("T").expect("T").is_scored_type());
    assert_eq!(pack.question("W").expect("W").answer_type, AnswerType::Date);
}

#[test]
fn conditions_are_read_into_their_shapes() {
    let pack = pack(&document(
        domains(),
        json!([
            { "id": "A", "domain": "GOV", "text": "A?" },
            { "id": "B", "domain": "GOV", "text": "B?", "when": { "question": "A", "equals": "yes" } }
        ]),
    ));
    assert_eq!(
        pack.question("B").and_then(|q| q.when.clone()),
        Some(Condition::Equals {
            question: "A".parse().expect("an id"),
            value: "yes".to_owned()
        })
    );
}

#[test]
fn duplicate_question_ids_are_refused_naming_the_id() {
    let error = refusal(|doc| doc["questions"][1]["id"] = json!("GOV-01"));
    assert_eq!(
        error,
        PackError::DuplicateQuestion {
            id: "GOV-01".to_owned()
        }
    );
    assert_eq!(
        error.to_string(),
        "question GOV-01 is defined more than once"
    );
}

#[test]
fn duplicate_domain_ids_are_refused_naming_the_id() {
    assert_eq!(
        message(|doc| doc["domains"][1]["id"] = json!("GOV")),
        "domain GOV is defined more than once"
    );
}

#[test]
fn a_condition_naming_an_unknown_question_is_refused_naming_both() {
    assert_eq!(
        message(
            |doc| doc["questions"][1]["when"] = json!({ "question": "GHOST-9", "equals": "yes" })
        ),
        "question IAM-01: its condition names question \"GHOST-9\", which the pack does not define"
    );
}

#[test]
fn a_condition_cycle_is_refused_naming_the_chain() {
    assert_eq!(
        message(|doc| {
            doc["questions"][0]["when"] = json!({ "question": "IAM-01", "equals": "yes" });
            doc["questions"][1]["when"] = json!({ "question": "GOV-01", "answered": true });
        }),
        "conditions form a cycle: GOV-01 → IAM-01 → GOV-01"
    );
}

#[test]
fn a_question_depending_on_itself_is_a_cycle() {
    assert_eq!(
        message(|doc| doc["questions"][0]["when"] =
            json!({ "not": { "question": "GOV-01", "equals": "no" } })),
        "conditions form a cycle: GOV-01 → GOV-01"
    );
}

#[test]
fn a_condition_value_the_question_cannot_have_is_refused() {
    assert_eq!(
        message(
            |doc| doc["questions"][1]["when"] = json!({ "question": "GOV-01", "equals": "maybe" })
        ),
        "question IAM-01: condition compares question GOV-01 with \"maybe\", which it cannot have: expected yes, partial, no or na"
    );
}

#[test]
fn a_malformed_condition_is_refused() {
    for when in [
        json!({ "question": "GOV-01" }),
        json!({ "question": "GOV-01", "equals": "yes", "answered": true }),
        json!({ "all": [] }),
        json!({ "question": "GOV-01", "in": [] }),
        json!({ "all": [ { "question": "GOV-01", "equals": "yes" } ], "any": [] }),
    ] {
        let error = refusal(|doc| doc["questions"][1]["when"] = when.clone());
        assert!(
            matches!(error, PackError::Condition { ref id, .. } if id == "IAM-01"),
            "{when}: {error}"
        );
    }
}

#[test]
fn non_positive_and_out_of_range_weights_are_refused_naming_the_question() {
    for weight in [json!(0), json!(-2), json!(101), json!(1.5)] {
        let error = refusal(|doc| doc["questions"][0]["weight"] = weight.clone());
        assert_eq!(
            error.to_string(),
            format!("question GOV-01: weight {weight} is not an integer from 1 to 100")
        );
    }
    assert_eq!(
        message(|doc| doc["domains"][0]["weight"] = json!(0)),
        "domain GOV: weight 0 is not an integer from 1 to 100"
    );
}

#[test]
fn an_out_of_range_lowest_tier_is_refused() {
    assert_eq!(
        message(|doc| doc["questions"][0]["lowest_tier"] = json!(5)),
        "question GOV-01: lowest_tier 5 is not an integer from 1 to 4"
    );
}

#[test]
fn unknown_answer_types_are_refused_naming_the_question() {
    assert_eq!(
        message(|doc| doc["questions"][0]["type"] = json!("slider")),
        "question GOV-01: answer type \"slider\" is unknown: use scale, single, multiple, text, date or number"
    );
}

#[test]
fn unknown_mapping_schemes_are_refused_but_custom_ones_are_accepted() {
    let error = refusal(|doc| doc["questions"][0]["mappings"] = json!({ "pci": ["1.1"] }));
    assert_eq!(
        error,
        PackError::UnknownMappingScheme {
            id: "GOV-01".to_owned(),
            scheme: "pci".to_owned()
        }
    );
    let mut doc = document(
        domains(),
        json!([{ "id": "Q", "domain": "GOV", "text": "Q?", "mappings": { "x-sponsor": ["SEC-7"] } }]),
    );
    assert!(Pack::from_json(&doc.to_string()).is_ok());
    doc["questions"][0]["mappings"] = json!({ "x-": ["SEC-7"] });
    assert!(Pack::from_json(&doc.to_string()).is_err());
}

#[test]
fn malformed_csf_and_iso_ids_are_refused() {
    assert!(
        message(|doc| doc["questions"][0]["mappings"] = json!({ "csf": ["XX.AA-01"] }))
            .starts_with(
                "question GOV-01: csf mapping \"XX.AA-01\" is not a CSF 2.0 subcategory id"
            )
    );
    assert!(message(|doc| doc["questions"][0]["mappings"] = json!({ "iso27001": ["A.8.35"] }))
        .starts_with("question GOV-01: iso27001 mapping \"A.8.35\" is not an ISO/IEC 27001:2022 Annex A id"));
}

#[test]
fn unknown_fields_are_refused_naming_the_field_and_the_question() {
    let text = message(|doc| doc["questions"][1]["colour"] = json!("red"));
    assert!(
        text.starts_with("question IAM-01: unknown field `colour`"),
        "{text}"
    );
    let text = message(|doc| doc["domains"][0]["colour"] = json!("red"));
    assert!(
        text.starts_with("domain GOV: unknown field `colour`"),
        "{text}"
    );
    let text = message(|doc| doc["colour"] = json!("red"));
    assert!(text.contains("unknown field `colour`"), "{text}");
    let text = message(|doc| {
        doc["questions"][0]["when"] = json!({ "question": "IAM-01", "equal": "yes" })
    });
    assert!(text.contains("unknown field `equal`"), "{text}");
}

#[test]
fn a_newer_format_version_is_refused_naming_it() {
    let error = refusal(|doc| {
        doc["format_version"] = json!(2);
        doc["a_field_of_version_2"] = json!(true);
    });
    assert_eq!(
        error.to_string(),
        "pack format version 2 is newer than this croqual reads (version 1): update croqual"
    );
    assert!(matches!(
        refusal(|doc| doc["format_version"] = json!(0)),
        PackError::UnsupportedFormatVersion { .. }
    ));
}

#[test]
fn a_document_that_is_not_a_pack_says_what_it_is() {
    assert_eq!(
        message(|doc| doc["format"] = json!("something-else")),
        "not a croqual pack: \"format\" is \"something-else\", expected \"croqual-pack\""
    );
    let catalog = Pack::from_json(r#"{"catalog": {"metadata": {}}}"#).expect_err("refused");
    assert_eq!(
        catalog.to_string(),
        "not a croqual pack: it is an OSCAL catalog, convert it to a pack first"
    );
    assert!(matches!(
        Pack::from_json("[1, 2]"),
        Err(PackError::NotAPack { .. })
    ));
    assert!(matches!(
        Pack::from_json("{\"format\": "),
        Err(PackError::Json { .. })
    ));
    assert!(matches!(Pack::from_json(""), Err(PackError::Json { .. })));
}

#[test]
fn bad_ids_are_refused() {
    assert!(matches!(
        refusal(|doc| doc["id"] = json!("Has Capitals")),
        PackError::InvalidPackId { .. }
    ));
    assert!(matches!(
        refusal(|doc| doc["questions"][0]["id"] = json!("GOV 01")),
        PackError::InvalidQuestionId { .. }
    ));
    assert!(matches!(
        refusal(|doc| doc["domains"][0]["id"] = json!("GOV/IT")),
        PackError::InvalidDomainId { .. }
    ));
    assert!(matches!(
        refusal(|doc| doc["version"] = json!("1.0")),
        PackError::InvalidVersion { .. }
    ));
    assert!(matches!(
        refusal(|doc| doc["language"] = json!("english!")),
        PackError::InvalidLanguage { .. }
    ));
}

#[test]
fn a_question_must_name_a_domain_of_the_pack() {
    assert_eq!(
        message(|doc| doc["questions"][0]["domain"] = json!("HR")),
        "question GOV-01 names domain \"HR\", which the pack does not define"
    );
}

#[test]
fn empty_texts_titles_and_packs_are_refused() {
    assert!(matches!(
        refusal(|doc| doc["questions"][0]["text"] = json!("  ")),
        PackError::EmptyText { .. }
    ));
    assert!(matches!(
        refusal(|doc| doc["title"] = json!("")),
        PackError::EmptyTitle
    ));
    assert!(matches!(
        refusal(|doc| doc["questions"] = json!([])),
        PackError::NoQuestions
    ));
    assert!(matches!(
        refusal(|doc| doc["questions"][0]["evidence"] = json!(["ok", ""])),
        PackError::EmptyEvidence { index: 2, .. }
    ));
}

#[test]
fn option_rules_are_enforced() {
    let options = |question: Value| refusal(move |doc| doc["questions"][0] = question.clone());
    for question in [
        json!({ "id": "Q", "domain": "GOV", "text": "Q?", "type": "single", "options": [ { "id": "a", "label": "A" } ] }),
        json!({ "id": "Q", "domain": "GOV", "text": "Q?", "type": "single",
                "options": [ { "id": "a", "label": "A" }, { "id": "a", "label": "B" } ] }),
        json!({ "id": "Q", "domain": "GOV", "text": "Q?", "type": "multiple",
                "options": [ { "id": "a", "label": "A", "points": "yes" }, { "id": "b", "label": "B" } ] }),
        json!({ "id": "Q", "domain": "GOV", "text": "Q?", "type": "single",
                "options": [ { "id": "a", "label": "A", "points": "lots" }, { "id": "b", "label": "B" } ] }),
        json!({ "id": "Q", "domain": "GOV", "text": "Q?", "type": "single",
                "options": [ { "id": "na", "label": "A" }, { "id": "b", "label": "B" } ] }),
        json!({ "id": "Q", "domain": "GOV", "text": "Q?", "options": [ { "id": "a", "label": "A" }, { "id": "b", "label": "B" } ] }),
        json!({ "id": "Q", "domain": "GOV", "text": "Q?", "type": "text", "unit": "hours" }),
    ] {
        let error = options(question.clone());
        assert!(
            matches!(error, PackError::Options { ref id, .. } if id == "Q"),
            "{question}: {error}"
        );
    }
}

#[test]
fn an_unknown_path_or_function_is_refused() {
    assert!(matches!(
        refusal(|doc| doc["questions"][0]["path"] = json!("short")),
        PackError::UnknownPath { .. }
    ));
    assert_eq!(
        message(|doc| doc["domains"][0]["function"] = json!("XX")),
        "domain GOV: function \"XX\" is not one of GV, ID, PR, DE, RS, RC"
    );
}

#[test]
fn a_pack_summary_names_title_version_and_counts() {
    let pack = pack(&document(
        domains(),
        json!([{ "id": "Q", "domain": "GOV", "text": "Q?" }]),
    ));
    assert_eq!(pack.summary(), "Test pack 1.0.0: 1 questions in 2 domains");
}

// The default bank.

#[test]
fn the_default_bank_loads() {
    let bank = default_bank();
    assert_eq!(bank.id(), "croqual-cro-baseline");
    assert!(!bank.questions().is_empty());
}

#[test]
fn the_default_bank_has_at_least_120_questions() {
    let count = default_bank().questions().len();
    assert!(count >= 120, "the bank has {count} questions");
}

/// The current (not withdrawn) CSF 2.0 subcategory ids in the OSCAL catalog. The file also
/// carries CSF 1.1 subcategories that 2.0 withdrew, without implementation examples: a
/// current subcategory is one with at least one `example` part. The count check below keeps
/// that reading honest.
fn current_csf_subcategories() -> BTreeSet<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/shared/catalogs/NIST_CSF_v2.0_catalog.xml"
    );
    let xml = std::fs::read_to_string(path).expect("the CSF 2.0 catalog is readable");
    let mut current = BTreeSet::new();
    let marker = "<control id=\"";
    let mut rest = xml.as_str();
    while let Some(start) = rest.find(marker) {
        rest = &rest[start + marker.len()..];
        let Some(end) = rest.find('"') else { break };
        let id = &rest[..end];
        let head_end = rest.find('>').unwrap_or(rest.len());
        let is_subcategory = rest[..head_end].contains("class=\"subcategory\"");
        // A subcategory holds no nested control: its body runs to the next closing tag.
        let body_end = rest.find("</control>").unwrap_or(rest.len());
        let has_example = rest[..body_end].contains("name=\"example\"");
        if is_subcategory && has_example {
            current.insert(id.to_owned());
        }
    }
    current
}

#[test]
fn the_csf_catalog_reading_finds_the_106_current_subcategories() {
    let current = current_csf_subcategories();
    assert_eq!(current.len(), 106);
    assert!(current.contains("GV.SC-07"));
    assert!(!current.contains("ID.AM-06"), "withdrawn in CSF 2.0");
    assert!(!current.contains("PR.AC-01"), "a CSF 1.1 category");
}

#[test]
fn every_bank_question_maps_to_a_current_csf_subcategory() {
    let current = current_csf_subcategories();
    for question in default_bank().questions() {
        let csf = question.mappings.csf();
        assert!(!csf.is_empty(), "{} has no CSF mapping", question.id);
        for id in csf {
            assert!(
                current.contains(id),
                "{} maps to {id}, not a current CSF 2.0 subcategory",
                question.id
            );
        }
    }
}

#[test]
fn every_csf_function_has_bank_questions() {
    let bank = default_bank();
    let mapped: BTreeSet<CsfFunction> = bank
        .questions()
        .iter()
        .flat_map(|question| question.mappings.csf_functions())
        .collect();
    for function in CsfFunction::ALL {
        assert!(mapped.contains(&function), "no question maps to {function}");
    }
}

#[test]
fn bank_iso27001_ids_are_annex_a_controls() {
    let annex_a: BTreeSet<String> = [(5, 37), (6, 8), (7, 14), (8, 34)]
        .into_iter()
        .flat_map(|(theme, last)| (1..=last).map(move |n| format!("A.{theme}.{n}")))
        .collect();
    assert_eq!(annex_a.len(), 93);
    for question in default_bank().questions() {
        for id in question.mappings.iso27001() {
            assert!(annex_a.contains(id), "{} maps to {id}", question.id);
        }
    }
}

#[test]
fn the_bank_writes_and_reads_back_unchanged() {
    let bank = default_bank();
    let again = Pack::from_json(&bank.to_json_pretty()).expect("reads back");
    assert_eq!(&again, bank);
}

/// Case B01: a file given as a questionnaire says what is wrong with it, and the CLI and the
/// app read files through the same function.
#[test]
fn a_bad_questionnaire_file_is_refused_with_what_it_is_instead() {
    let case = |name: &str| {
        std::fs::read(format!(
            "{}/tests/data/shared/cases/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("case file")
    };
    let message = |bytes: &[u8]| {
        croqual::pack::read_file(bytes)
            .expect_err("refused")
            .to_string()
    };
    assert_eq!(message(&case("B01_empty.json")), "empty file");
    assert!(message(&case("B01_invalid_utf8.json")).starts_with("not UTF-8 at byte 41"));
    assert_eq!(
        message(&case("B01_png_named_json.json")),
        "not a JSON file (looks like a PNG image)"
    );
    assert!(message(&case("B01_truncated_signed.json")).starts_with("incomplete JSON"));
    assert!(message(br#"{"profile": {"uuid": "x"}}"#).contains("profile"));
    assert!(croqual::pack::read_file(croqual::pack::DEFAULT_BANK_JSON.as_bytes()).is_ok());
}
