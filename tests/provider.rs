//! The provider workspace as saved: reading every stored shape, migrating, merging two tabs,
//! and backups.

#[path = "support/shared.rs"]
mod shared;

use croqual::assessment::Answer;
use croqual::provider::{
    AssessmentRecord, Backup, BackupError, Section, SnapshotError, is_early_draft, merge,
    read_record,
};
use jiff::Timestamp;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_764_000_000 + seconds).expect("a valid time")
}

fn record() -> AssessmentRecord {
    let mut record = AssessmentRecord::new("a1", "Acme Pharma · EDC", at(0));
    record.answer("GOV-01".parse().expect("id"), Answer::yes(at(1)));
    record.answer(
        "GOV-02".parse().expect("id"),
        Answer::no(at(2)).with_comment("planned for Q3"),
    );
    record
}

#[test]
fn a_record_reads_back_what_it_saved() {
    let saved = record();
    assert_eq!(read_record("a1", &saved.to_json(), at(9)), Ok(saved));
}

/// The values of case B06, stored under an assessment key.
#[test]
fn every_corrupt_stored_value_is_refused_with_its_reason_and_never_guessed() {
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/shared/cases/B06_corrupt_storage_values.json"
        ))
        .expect("case B06"),
    )
    .expect("case B06 is JSON");
    let mut results = Vec::new();
    for entry in case["values"].as_array().expect("values") {
        let raw = entry["raw_value"].as_str().expect("raw value");
        let result = read_record("seeded", raw, at(0));
        results.push((entry["name"].as_str().expect("name").to_owned(), result));
    }
    let message = |index: usize| match &results[index].1 {
        Err(error) => error.to_string(),
        Ok(record) => format!("read: {} answers", record.answers.len()),
    };
    assert!(
        message(0).starts_with("the stored value is not readable JSON"),
        "{}",
        message(0)
    );
    assert_eq!(results[1].1, Err(SnapshotError::Empty));
    assert!(
        message(2).starts_with("the stored value is not readable JSON"),
        "{}",
        message(2)
    );
    assert_eq!(
        message(3),
        "the stored value is not an assessment croqual can read: expected an object, found null"
    );
    // The flat early-draft shape migrates; its ids are kept although the bank lacks them.
    let migrated = results[4].1.as_ref().expect("the flat draft migrates");
    assert_eq!(migrated.answers.len(), 2);
    assert_eq!(
        message(5),
        "the stored value is not an assessment croqual can read: answers holds a list, not an answer"
    );
    assert_eq!(results[6].1, Err(SnapshotError::Newer { schema: 3 }));

    // Only objects without a schema have an early draft's shape (the "wrong type" one too,
    // which `read_record` refuses above); today's records do not.
    let converted: Vec<bool> = case["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|entry| is_early_draft(entry["raw_value"].as_str().expect("raw value")))
        .collect();
    assert_eq!(converted, [false, false, false, false, true, true, false]);
    assert!(!is_early_draft(&record().to_json()));
}

#[test]
fn two_tabs_answering_different_questions_keep_both_answers() {
    let base = record();
    let mut left = base.clone();
    let mut right = base.clone();
    left.answer("IAM-01".parse().expect("id"), Answer::yes(at(10)));
    right.answer("IAM-02".parse().expect("id"), Answer::partial(at(11)));
    let merged = merge(&left, &right);
    assert!(merged.answers.contains_key("IAM-01"));
    assert!(merged.answers.contains_key("IAM-02"));
    assert_eq!(merge(&right, &left).answers, merged.answers);
}

#[test]
fn the_later_answer_to_the_same_question_wins_whichever_tab_gave_it() {
    let base = record();
    let mut left = base.clone();
    let mut right = base.clone();
    let id: croqual::pack::QuestionId = "GOV-02".parse().expect("id");
    left.answer(id.clone(), Answer::partial(at(20)));
    right.answer(id.clone(), Answer::yes(at(21)));
    assert_eq!(merge(&left, &right).answers[&id], Answer::yes(at(21)));
    assert_eq!(merge(&right, &left).answers[&id], Answer::yes(at(21)));
}

#[test]
fn a_later_clearing_beats_an_older_answer_and_a_later_answer_beats_a_clearing() {
    let id: croqual::pack::QuestionId = "GOV-01".parse().expect("id");
    let base = record();
    let mut cleared = base.clone();
    cleared.clear(&id, at(30));
    assert!(!merge(&base, &cleared).answers.contains_key(&id));
    let mut answered_later = base.clone();
    answered_later.answer(id.clone(), Answer::no(at(31)));
    assert_eq!(
        merge(&cleared, &answered_later).answers[&id],
        Answer::no(at(31))
    );
}

#[test]
fn the_later_edit_of_a_section_wins() {
    let base = record();
    let mut left = base.clone();
    let mut right = base.clone();
    left.organisation.legal_name = "Old name".into();
    left.touch(Section::Organisation, at(40));
    right.organisation.legal_name = "New name".into();
    right.touch(Section::Organisation, at(41));
    assert_eq!(merge(&left, &right).organisation.legal_name, "New name");
    assert_eq!(merge(&right, &left).organisation.legal_name, "New name");
}

#[test]
fn a_backup_restores_every_assessment() {
    let backup = Backup {
        created_at: at(50),
        assessments: vec![record(), AssessmentRecord::new("a2", "Second", at(3))],
        packs: vec![],
        notices: vec![],
    };
    let restored = Backup::read(backup.to_json().as_bytes(), at(60)).expect("a backup");
    assert_eq!(restored.assessments, backup.assessments);
}

#[test]
fn a_backup_holding_one_assessment_twice_is_refused() {
    let mut other = record();
    other.label = "Edited by hand".into();
    let backup = Backup {
        created_at: at(50),
        assessments: vec![
            record(),
            AssessmentRecord::new("a2", "Second", at(3)),
            other,
        ],
        packs: vec![],
        notices: vec![],
    };
    let error = Backup::read(backup.to_json().as_bytes(), at(60)).expect_err("refused");
    assert_eq!(
        error.to_string(),
        format!(
            "this backup is damaged: assessments 1 and 3 have the same id {:?}, so only one of them could be kept; restore a backup croqual made",
            record().id
        )
    );
}

/// Case B01: every bad file gets a message of its own, and nothing is restored.
#[test]
fn bad_backup_files_are_refused_each_with_its_own_message() {
    let case = |name: &str| {
        std::fs::read(format!(
            "{}/tests/data/shared/cases/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("case file")
    };
    let message = |bytes: &[u8]| Backup::read(bytes, at(0)).expect_err("refused").to_string();
    assert!(
        message(&case("B01_empty.json")).contains("empty"),
        "{}",
        message(&case("B01_empty.json"))
    );
    assert!(message(&case("B01_invalid_utf8.json")).contains("UTF-8"));
    assert!(message(&case("B01_png_named_json.json")).contains("PNG"));
    let truncated = message(&case("B01_truncated_signed.json"));
    assert!(
        truncated.contains("end") || truncated.contains("incomplete"),
        "{truncated}"
    );
    assert_eq!(
        message(br#"{"format": "croqual-pack"}"#),
        "this is not a croqual backup: a questionnaire pack (load it in the questionnaire step)"
    );
    // croqual's other files are named for what they are.
    let data = |name: &str| shared::read(&shared::data(name));
    assert_eq!(
        message(&data("example-export.json")),
        "this is not a croqual backup: a signed submission (import it as a sponsor)"
    );
    assert!(message(&data("example-key.TEST-ONLY.key")).contains("a private key backup"));
    assert!(message(&data("example-key.pub")).contains("a public key file"));
    assert!(matches!(
        Backup::read(
            br#"{"format": "croqual-backup", "format_version": 2}"#,
            at(0)
        ),
        Err(BackupError::Newer { version: 2 })
    ));
}

#[test]
fn what_still_reads_in_a_damaged_record_can_be_restored() {
    let mut damaged: serde_json::Value = serde_json::from_str(&record().to_json()).expect("json");
    // One answer of the wrong shape and an unknown field break the whole record…
    damaged["answers"]["GOV-03"] = serde_json::json!("yes");
    damaged["colour"] = serde_json::json!("blue");
    let raw = damaged.to_string();
    assert!(read_record("a1", &raw, at(9)).is_err());
    // …but the answers that read on their own come back.
    let restored = croqual::provider::salvage("a9", &raw, at(9)).expect("something to restore");
    assert_eq!(restored.label, "Acme Pharma · EDC (restored)");
    assert_eq!(restored.answers.len(), 2);
    assert!(restored.answers.contains_key("GOV-01"));
}

#[test]
fn nothing_is_restored_from_a_newer_version_or_from_garbage() {
    let newer = r#"{"schema":3,"questionnaire_version":"9.0.0","answers":{},"new_field":true}"#;
    assert_eq!(croqual::provider::salvage("x", newer, at(0)), None);
    assert_eq!(
        croqual::provider::salvage("x", "{\"answers\":{\"AC-01\":{\"value\":\"ye", at(0)),
        None
    );
    assert_eq!(
        croqual::provider::salvage("x", r#"{"answers":["yes","no"]}"#, at(0)),
        None
    );
}
