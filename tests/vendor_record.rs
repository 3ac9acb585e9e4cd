//! The vendor record as the app stores it: versioned JSON, read back with its checks.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::assessment::Outcome;
use croqual::workflow::{
    AuditResult, Command, KeySource, PlanChange, SCHEMA, SnapshotError, Stage, VendorAudit,
    VendorRecord,
};
use jiff::civil::date;
use serde_json::{Value, json};
use vendors::*;

/// A record that has been through most of what can happen.
fn eventful() -> VendorRecord {
    let mut record = vendor_at(Stage::InService);
    let second = submission(2, Outcome::Rejected);
    ok(&mut record, Command::ReceiveSubmission(second.clone()));
    ok(
        &mut record,
        Command::AcceptRisk {
            submission: second.digest,
            acceptance: risk_acceptance(Outcome::Rejected, date(2026, 3, 1), date(2026, 9, 30)),
        },
    );
    let mut rejected = decision(&second, Outcome::Rejected, date(2026, 3, 15));
    rejected.plan = vec![plan_item("Segment the EDC network", date(2026, 6, 30))];
    ok(&mut record, Command::Decide(rejected));
    ok(
        &mut record,
        Command::ChangePlanItem {
            id: 1,
            change: PlanChange {
                status: Some(croqual::assessment::ActionStatus::InProgress),
                ..PlanChange::default()
            },
        },
    );
    ok(
        &mut record,
        Command::ReplaceKey {
            fingerprint: other_key(),
            source: KeySource::ConfirmedFingerprint,
        },
    );
    ok(
        &mut record,
        Command::RecordAudit(VendorAudit {
            on: date(2026, 4, 2),
            result: AuditResult::Unsatisfactory,
            notes: "Network segmentation missing".into(),
        }),
    );
    record
}

#[test]
fn a_record_round_trips_through_json_at_every_stage() {
    let mut records: Vec<VendorRecord> = Stage::ALL.into_iter().map(vendor_at).collect();
    records.push(eventful());
    for record in records {
        let text = record.to_json();
        let loaded = VendorRecord::from_json(&text).expect("reads back");
        assert!(loaded.integrity.is_intact(), "{}", record.stage());
        assert_eq!(loaded.record, record);
        assert_eq!(loaded.record.to_json(), text);
    }
}

#[test]
fn the_stored_json_is_schema_1_with_the_id_the_facts_and_the_trail() {
    let value: Value = serde_json::from_str(&eventful().to_json()).expect("json");
    let top: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["id", "schema", "trail", "vendor"]);
    assert_eq!(value["schema"], json!(SCHEMA));
    assert_eq!(value["id"], "VND-0001");
    let mut facts: Vec<&str> = value["vendor"]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    facts.sort_unstable();
    assert_eq!(
        facts,
        [
            "audits",
            "confirmed_tier",
            "contract",
            "decisions",
            "keys",
            "organisation",
            "plan",
            "risk_acceptances",
            "service",
            "service_periods",
            "service_qualification",
            "stage",
            "submissions",
        ]
    );
    assert_eq!(value["vendor"]["stage"], "in_service");
    assert_eq!(
        value["vendor"]["submissions"][1]["submission"]["score"],
        "72.5"
    );
    assert_eq!(value["trail"][0]["event"]["kind"], "vendor_created");
    assert_eq!(value["trail"][0]["at"], "2025-06-02T09:30:00Z");
}

#[test]
fn a_future_schema_version_is_refused_naming_it() {
    let mut value: Value = serde_json::from_str(&eventful().to_json()).expect("json");
    value["schema"] = json!(2);
    let error = VendorRecord::from_json(&value.to_string()).expect_err("from the future");
    assert_eq!(error, SnapshotError::UnsupportedSchema { version: 2 });
    assert_eq!(
        error.to_string(),
        "vendor record schema version 2 is not supported: this croqual reads version 1 only, and the record was written by a newer croqual"
    );
    value["schema"] = json!(0);
    assert_eq!(
        VendorRecord::from_json(&value.to_string())
            .expect_err("unknown")
            .to_string(),
        "vendor record schema version 0 is not supported: this croqual reads version 1 only"
    );
}

#[test]
fn a_value_without_a_schema_number_is_not_a_vendor_record() {
    for text in [
        r#"{"id": "VND-0001"}"#,
        r#"{"schema": "1"}"#,
        "[]",
        r#"{"schema": -1}"#,
    ] {
        assert_eq!(
            VendorRecord::from_json(text),
            Err(SnapshotError::NoSchema),
            "{text}"
        );
    }
}

#[test]
fn text_that_is_not_strict_json_is_refused() {
    for text in ["", "{", r#"{"schema": 1, "schema": 1}"#] {
        assert!(
            matches!(
                VendorRecord::from_json(text),
                Err(SnapshotError::Json { .. })
            ),
            "{text:?}"
        );
    }
}

#[test]
fn an_unknown_field_in_the_trail_is_refused_naming_it() {
    let mut value: Value = serde_json::from_str(&eventful().to_json()).expect("json");
    value["trail"][4]["event"]["note"] = json!("added by hand");
    let error = VendorRecord::from_json(&value.to_string()).expect_err("unknown field");
    assert!(matches!(error, SnapshotError::Shape { .. }));
    assert!(
        error.to_string().contains("unknown field `note`"),
        "{error}"
    );
    let mut value: Value = serde_json::from_str(&eventful().to_json()).expect("json");
    value["extra"] = json!(1);
    assert!(matches!(
        VendorRecord::from_json(&value.to_string()),
        Err(SnapshotError::Shape { .. })
    ));
}

#[test]
fn stored_facts_that_no_longer_read_are_reported_and_the_trail_prevails() {
    let record = eventful();
    let mut value: Value = serde_json::from_str(&record.to_json()).expect("json");
    value["vendor"]["notes"] = json!("added by hand");
    let loaded = VendorRecord::from_json(&value.to_string()).expect("still loads");
    assert_eq!(loaded.integrity.chain, Ok(()));
    assert_eq!(loaded.integrity.differing_fields, ["vendor"]);
    assert_eq!(loaded.record, record);
}

#[test]
fn a_broken_chain_loads_with_its_status_instead_of_failing() {
    let mut value: Value = serde_json::from_str(&eventful().to_json()).expect("json");
    value["trail"][9]["why"] = json!("edited");
    let loaded = VendorRecord::from_json(&value.to_string()).expect("still loads");
    assert_eq!(
        loaded.integrity.chain.as_ref().map_err(|found| found.index),
        Err(9)
    );
    assert_eq!(loaded.record.stage(), Stage::InService);
}
