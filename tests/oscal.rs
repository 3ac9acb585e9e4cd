//! OSCAL catalogs to packs: the real files, small hand-written catalogs and refusals.

#[path = "support/shared.rs"]
mod shared;

use croqual::pack::oscal::{OscalError, UNGROUPED_TITLE, catalog_to_pack};
use croqual::pack::{AnswerType, Pack, QuestionPath};
use serde_json::{Value, json};

fn catalog_file(name: &str) -> String {
    let path = format!(
        "{}/tests/data/shared/catalogs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

fn convert(catalog: &Value) -> Pack {
    catalog_to_pack(&catalog.to_string()).expect("the catalog converts")
}

fn catalog(body: Value) -> Value {
    let mut catalog = json!({
        "uuid": "00000000-0000-4000-8000-000000000000",
        "metadata": { "title": "Small Catalog", "version": "2.1", "oscal-version": "1.1.2" }
    });
    if let (Some(catalog), Some(body)) = (catalog.as_object_mut(), body.as_object()) {
        catalog.extend(body.clone());
    }
    json!({ "catalog": catalog })
}

#[test]
fn mvsp_becomes_4_domains_and_25_questions() {
    let pack = catalog_to_pack(&catalog_file("mvsp_v3.0-20231109-catalog.json")).expect("converts");
    assert_eq!(pack.domains().len(), 4);
    assert_eq!(pack.questions().len(), 25);
    assert_eq!(
        pack.id(),
        "mvsp-minimum-viable-secure-product-v3.0-20231109"
    );
    assert_eq!(pack.version(), "3.0.0-20231109");
    assert_eq!(pack.language(), "en");
    assert_eq!(pack.domains()[0].title, "Business controls");
    let first = &pack.questions()[0];
    assert_eq!(first.id.as_str(), "ctl_1.1-mvsp");
    assert!(first.text.starts_with(
        "1.1 External vulnerability reports\n- Publish a vulnerability disclosure policy"
    ));
    assert!(
        first
            .help
            .starts_with("What this control measures\nAppropriate processes")
    );
    assert!(first.help.contains("\n\nWhy this control matters\n"));
    assert_eq!(first.mappings.scheme("oscal"), ["ctl_1.1-mvsp"]);
}

#[test]
fn sp_800_53_low_becomes_18_domains_and_149_questions_with_enhancements() {
    let pack = catalog_to_pack(&catalog_file(
        "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json",
    ))
    .expect("converts");
    assert_eq!(pack.domains().len(), 18);
    assert_eq!(pack.questions().len(), 149);
    assert_eq!(pack.version(), "5.1.1+u4");
    assert_eq!(pack.domains()[0].title, "Access Control");
    assert!(
        pack.question("at-2.2").is_some(),
        "an enhancement is a question"
    );
    for question in pack.questions() {
        assert_eq!(question.weight, 1);
        assert_eq!(question.answer_type, AnswerType::Scale);
        assert_eq!(
            question.path,
            QuestionPath::Core,
            "a catalog marks no reduced set: every control is asked on both paths"
        );
        assert!(!question.critical);
        assert!(
            !question.text.contains("{{"),
            "{} keeps a placeholder",
            question.id
        );
        assert_eq!(question.mappings.scheme("oscal"), [question.id.to_string()]);
    }
    let ac2 = pack.question("ac-2").expect("AC-2");
    assert!(
        ac2.text
            .starts_with("AC-2 Account Management\na. Define and document")
    );
    assert!(
        ac2.text
            .contains("\nd. Specify:\n  1. Authorized users of the system;")
    );
    assert!(
        ac2.text
            .contains("e. Require approvals by [personnel or roles] for requests")
    );
    let ac1 = pack.question("ac-1").expect("AC-1");
    assert!(ac1.text.contains(
        "[one or more of: organization-level; mission/business process-level; system-level] access control policy"
    ));
    let ac7 = pack.question("ac-7").expect("AC-7");
    assert!(
        ac7.text
            .contains("[one or more of: lock the account or node for [time period];"),
        "{}",
        ac7.text
    );
}

#[test]
fn nested_groups_become_domains_titled_with_their_path() {
    let pack = convert(&catalog(json!({
        "groups": [ {
            "id": "fam", "title": "Family",
            "controls": [ { "id": "f-1", "title": "Top", "parts": [ { "name": "statement", "prose": "Do the top thing." } ] } ],
            "groups": [ { "id": "sub", "title": "Sub  family",
                "controls": [ { "id": "s-1", "title": "Deep", "parts": [ { "name": "statement", "prose": "Do the deep thing." } ] } ] } ]
        } ]
    })));
    let titles: Vec<&str> = pack.domains().iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["Family", "Family › Sub family"]);
    assert_eq!(pack.question("s-1").map(|q| q.domain.as_str()), Some("sub"));
    assert_eq!(
        pack.question("f-1").map(|q| q.text.as_str()),
        Some("f-1 Top\nDo the top thing.")
    );
}

#[test]
fn ungrouped_controls_go_to_a_domain_of_their_own() {
    let pack = convert(&catalog(json!({
        "controls": [ { "id": "c-1", "title": "Loose", "props": [ { "name": "label", "value": "C1" } ] } ]
    })));
    assert_eq!(pack.domains().len(), 1);
    assert_eq!(pack.domains()[0].title, UNGROUPED_TITLE);
    assert_eq!(pack.questions()[0].text, "C1 Loose");
}

#[test]
fn parameters_read_as_values_then_choices_then_labels() {
    let pack = convert(&catalog(json!({
        "params": [ { "id": "p-global", "label": "global thing" } ],
        "controls": [ {
            "id": "c-1", "title": "Params",
            "params": [
                { "id": "p-label", "label": "frequency" },
                { "id": "p-one", "select": { "choice": ["daily", "weekly"] } },
                { "id": "p-many", "select": { "how-many": "one-or-more", "choice": ["a {{ insert: param, p-label }}", "b"] } },
                { "id": "p-value", "label": "ignored", "values": ["at least annually"] },
                { "id": "p-loop", "select": { "choice": ["{{ insert: param, p-loop }}"] } }
            ],
            "parts": [ { "name": "statement", "prose":
                "Review {{ insert: param, p-label }}, {{insert:param,p-one}}, {{ insert: param, p-many }}, {{ insert: param, p-value }}, {{ insert: param, p-global }}, {{ insert: param, p-missing }}, {{ insert: param, p-loop }}." } ]
        } ]
    })));
    let text = &pack.questions()[0].text;
    assert!(text.contains(
        "Review [frequency], [one of: daily; weekly], [one or more of: a [frequency]; b], at least annually, [global thing], [p-missing], [one of: [one of: [one of: [one of: [p-loop]]]]]."
    ), "{text}");
}

#[test]
fn nested_statement_parts_are_flattened_with_their_labels() {
    let pack = convert(&catalog(json!({
        "controls": [ { "id": "c-1", "title": "Items", "parts": [ {
            "name": "statement", "prose": "The organisation:",
            "parts": [
                { "name": "item", "props": [ { "name": "label", "value": "a." } ], "prose": "does one;",
                  "parts": [ { "name": "item", "props": [ { "name": "label", "value": "1." } ], "prose": "in detail;" } ] },
                { "name": "item", "props": [ { "name": "label", "value": "b." } ], "prose": "does two." }
            ] },
            { "name": "guidance", "prose": "Why it matters." },
            { "name": "assessment-objective", "prose": "Not part of the question." }
        ] } ]
    })));
    let question = &pack.questions()[0];
    assert_eq!(
        question.text,
        "c-1 Items\nThe organisation:\na. does one;\n  1. in detail;\nb. does two."
    );
    assert_eq!(question.help, "Why it matters.");
}

#[test]
fn ids_that_break_the_pack_rules_are_sanitised_and_kept_unique() {
    let pack = convert(&catalog(json!({
        "groups": [ { "id": "a-group-id-that-is-much-longer-than-thirty-two", "title": "G",
            "controls": [
                { "id": "c 1", "title": "Spaces" },
                { "id": "c/1", "title": "Slash" }
            ] } ]
    })));
    assert_eq!(
        pack.domains()[0].id.as_str(),
        "a-group-id-that-is-much-longer-t"
    );
    let ids: Vec<&str> = pack.questions().iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["c-1", "c-1-2"]);
    assert_eq!(pack.questions()[1].mappings.scheme("oscal"), ["c/1"]);
}

#[test]
fn withdrawn_controls_are_left_out_but_their_enhancements_are_read() {
    let pack = convert(&catalog(json!({
        "controls": [ { "id": "old", "title": "Old", "props": [ { "name": "status", "value": "withdrawn" } ],
                        "controls": [ { "id": "old.1", "title": "Still here" } ] } ]
    })));
    let ids: Vec<&str> = pack.questions().iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["old.1"]);
}

#[test]
fn pack_metadata_comes_from_the_catalog_metadata() {
    let mut small = catalog(json!({ "controls": [ { "id": "c", "title": "C" } ] }));
    small["catalog"]["metadata"]["props"] = json!([ { "name": "language", "value": "fr-FR" } ]);
    let pack = convert(&small);
    assert_eq!(pack.id(), "small-catalog");
    assert_eq!(pack.title(), "Small Catalog");
    assert_eq!(pack.version(), "2.1.0");
    assert_eq!(pack.language(), "fr-FR");
    assert!(pack.description().contains("version 2.1"));
}

#[test]
fn a_converted_pack_is_a_valid_pack_that_reads_back() {
    let pack = catalog_to_pack(&catalog_file("mvsp_v3.0-20231109-catalog.json")).expect("converts");
    let again = Pack::from_json(&pack.to_json_pretty()).expect("a valid pack");
    assert_eq!(again.digest(), pack.digest());
}

#[test]
fn other_oscal_models_are_refused_by_name() {
    for (key, name) in [
        ("profile", "profile"),
        ("component-definition", "component definition"),
        ("system-security-plan", "system security plan"),
        ("assessment-plan", "assessment plan"),
        ("assessment-results", "assessment results"),
        (
            "plan-of-action-and-milestones",
            "plan of action and milestones",
        ),
        ("mapping-collection", "mapping collection"),
    ] {
        let document = json!({ "$schema": "x", key: { "uuid": "u", "metadata": {} } });
        let error = catalog_to_pack(&document.to_string()).expect_err("refused");
        assert_eq!(
            error.to_string(),
            format!("not an OSCAL catalog: it is an OSCAL {name}")
        );
    }
}

#[test]
fn json_that_is_not_oscal_is_refused_saying_so() {
    let error = catalog_to_pack(r#"{"name": "x", "items": []}"#).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "not an OSCAL document: it has none of the OSCAL top-level keys (its keys are name, items)"
    );
    assert!(matches!(
        catalog_to_pack("[1]"),
        Err(OscalError::NotOscal { .. })
    ));
    assert!(matches!(
        catalog_to_pack("42"),
        Err(OscalError::NotOscal { .. })
    ));
    assert!(matches!(
        catalog_to_pack("{}"),
        Err(OscalError::NotOscal { .. })
    ));
    assert!(matches!(
        catalog_to_pack(""),
        Err(OscalError::NotOscal { .. })
    ));
}

#[test]
fn xml_and_broken_json_are_refused_saying_so() {
    assert_eq!(
        catalog_to_pack("<?xml version=\"1.0\"?><catalog/>").expect_err("refused"),
        OscalError::Xml
    );
    assert!(matches!(
        catalog_to_pack("{\"catalog\": "),
        Err(OscalError::NotJson { .. })
    ));
}

#[test]
fn the_shared_xml_catalog_given_as_a_file_is_called_xml_not_bad_json() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/shared/catalogs/NIST_CSF_v2.0_catalog.xml"
    );
    let bytes = std::fs::read(path).expect("the CSF 2.0 catalog is readable");
    let error = croqual::pack::read_file(&bytes).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "this is XML: croqual reads OSCAL catalogs in JSON, convert it to JSON first"
    );
    let with_mark = [b"\xEF\xBB\xBF  \n".as_slice(), b"<catalog/>"].concat();
    assert!(croqual::pack::read_file(&with_mark).is_err_and(|e| e.to_string().contains("XML")));
}

#[test]
fn a_croqual_pack_is_recognised_as_one() {
    let bank = croqual::pack::default_bank().to_json_pretty();
    assert_eq!(
        catalog_to_pack(&bank).expect_err("refused"),
        OscalError::AlreadyAPack
    );
}

#[test]
fn an_empty_or_malformed_catalog_is_refused() {
    assert_eq!(
        catalog_to_pack(&catalog(json!({ "groups": [ { "id": "g", "title": "G" } ] })).to_string())
            .expect_err("refused"),
        OscalError::EmptyCatalog
    );
    let error = catalog_to_pack(r#"{"catalog": {"uuid": "u"}}"#).expect_err("refused");
    assert!(
        error
            .to_string()
            .starts_with("the OSCAL catalog is malformed: missing field `metadata`"),
        "{error}"
    );
}

#[test]
fn croquals_other_files_are_named_when_given_as_a_questionnaire() {
    let data = |name: &str| shared::read(&shared::data(name));
    let message = |bytes: &[u8]| {
        croqual::pack::read_file(bytes)
            .expect_err("refused")
            .to_string()
    };
    assert_eq!(
        message(&data("example-export.json")),
        "this is a signed submission, not a questionnaire: give a croqual pack or an OSCAL catalog"
    );
    assert!(message(&data("example-key.pub")).starts_with("this is a public key file"));
    assert!(
        message(&data("example-key.TEST-ONLY.key")).starts_with("this is a private key backup")
    );
    assert!(
        message(br#"{"format": "croqual-backup", "format_version": 1}"#)
            .starts_with("this is a workspace backup")
    );
}
