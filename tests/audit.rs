//! The audit trail: the chain, every kind of tampering, and recording after a break.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::attest::Digest;
use croqual::attest::canonical::canonical_bytes;
use croqual::workflow::{
    Attribution, AuditTrail, BreakProblem, ChainBreak, Command, LoadedRecord, Stage, VendorRecord,
    WorkflowError,
};
use serde_json::{Value, json};
use vendors::*;

/// Eight entries: created, identified, key pinned, qualified, submission, decision, contract,
/// services started.
fn record() -> VendorRecord {
    vendor_at(Stage::InService)
}

/// The record's stored JSON with its trail edited by `edit`, read back.
fn tampered(record: &VendorRecord, edit: impl FnOnce(&mut Vec<Value>)) -> LoadedRecord {
    let mut value: Value = serde_json::from_str(&record.to_json()).expect("json");
    let trail = value["trail"].as_array_mut().expect("an array");
    edit(trail);
    VendorRecord::from_json(&value.to_string()).expect("still a vendor record")
}

/// An entry's digest computed independently: SHA-256 over the canonical JSON of the entry
/// without its `digest` field.
fn digest_of(entry: &Value) -> String {
    let mut body = entry.clone();
    body.as_object_mut().expect("an object").remove("digest");
    Digest::of(&canonical_bytes(&body).expect("canonical")).to_string()
}

fn first_break(loaded: &LoadedRecord) -> &ChainBreak {
    loaded.integrity.chain.as_ref().expect_err("a break")
}

#[test]
fn every_change_appends_one_entry_chained_to_the_one_before() {
    let record = record();
    let entries = record.trail().entries();
    assert_eq!(entries.len(), 8);
    assert_eq!(entries[0].previous, None);
    for (index, pair) in entries.windows(2).enumerate() {
        assert_eq!(pair[1].sequence, index as u64 + 1);
        assert_eq!(pair[1].previous, Some(pair[0].digest));
    }
    assert_eq!(record.trail().verify(), Ok(()));
    assert_eq!(record.trail().head(), Some(entries[7].digest));
}

#[test]
fn an_entry_digest_is_sha256_over_its_canonical_form_without_the_digest() {
    let value: Value = serde_json::from_str(&record().to_json()).expect("json");
    for entry in value["trail"].as_array().expect("an array") {
        assert_eq!(entry["digest"], digest_of(entry));
    }
}

#[test]
fn an_intact_record_loads_intact() {
    let record = record();
    let loaded = VendorRecord::from_json(&record.to_json()).expect("reads");
    assert!(loaded.integrity.is_intact());
    assert_eq!(loaded.record, record);
}

#[test]
fn an_entry_edited_in_place_is_detected_at_its_own_index() {
    let record = record();
    for index in 0..record.trail().len() {
        let loaded = tampered(&record, |trail| {
            trail[index]["who"] = json!("Mallory");
        });
        let found = first_break(&loaded);
        assert_eq!(found.index, index);
        assert!(matches!(found.problem, BreakProblem::Altered { .. }));
    }
}

#[test]
fn an_edited_decision_is_detected_and_its_facts_are_flagged() {
    let record = vendor_at(Stage::Stopped);
    let position = record
        .trail()
        .entries()
        .iter()
        .position(|entry| entry.event.to_string() == "decision recorded: rejected")
        .expect("a decision entry");
    let loaded = tampered(&record, |trail| {
        trail[position]["event"]["decision"]["outcome"] = json!("accepted");
        trail[position]["step"]["to"] = json!("contract_signature");
    });
    assert_eq!(first_break(&loaded).index, position);
    assert_eq!(loaded.integrity.differing_fields, ["stage", "decisions"]);
}

#[test]
fn an_edit_with_a_recomputed_digest_is_detected_at_the_next_entry() {
    let record = record();
    for index in 0..record.trail().len() - 1 {
        let loaded = tampered(&record, |trail| {
            trail[index]["why"] = json!("nothing to see");
            trail[index]["digest"] = json!(digest_of(&trail[index]));
        });
        let found = first_break(&loaded);
        assert_eq!(found.index, index + 1);
        assert!(matches!(found.problem, BreakProblem::Unlinked { .. }));
    }
}

#[test]
fn a_deleted_entry_is_detected_where_it_was() {
    let record = record();
    for index in 0..record.trail().len() - 1 {
        let loaded = tampered(&record, |trail| {
            trail.remove(index);
        });
        let found = first_break(&loaded);
        assert_eq!(found.index, index);
        assert_eq!(
            found.problem,
            BreakProblem::OutOfSequence {
                expected: index as u64,
                found: index as u64 + 1
            }
        );
        assert_eq!(
            loaded.record.trail().breaks().len(),
            1,
            "one break, no cascade"
        );
    }
}

#[test]
fn reordered_entries_are_detected_at_the_first_moved_one() {
    let record = record();
    for index in 0..record.trail().len() - 1 {
        let loaded = tampered(&record, |trail| trail.swap(index, index + 1));
        assert_eq!(first_break(&loaded).index, index);
    }
}

#[test]
fn an_inserted_copy_of_an_entry_is_detected_at_its_position() {
    let record = record();
    for index in 1..record.trail().len() {
        let loaded = tampered(&record, |trail| {
            let copy = trail[index - 1].clone();
            trail.insert(index, copy);
        });
        assert_eq!(first_break(&loaded).index, index);
    }
}

#[test]
fn a_crafted_insertion_is_detected_at_the_entry_after_it() {
    let record = record();
    let index = 5;
    let loaded = tampered(&record, |trail| {
        let mut forged = trail[index].clone();
        forged["why"] = json!("forged");
        forged["digest"] = json!(digest_of(&forged));
        trail.insert(index, forged);
    });
    let found = first_break(&loaded);
    assert_eq!(found.index, index + 1);
    assert_eq!(
        found.problem,
        BreakProblem::OutOfSequence {
            expected: index as u64 + 1,
            found: index as u64
        }
    );
}

#[test]
fn cutting_off_the_last_entry_leaves_the_chain_whole_but_shows_in_the_facts() {
    let record = record();
    let loaded = tampered(&record, |trail| {
        trail.pop();
    });
    assert_eq!(loaded.integrity.chain, Ok(()));
    assert_eq!(
        loaded.integrity.differing_fields,
        ["stage", "service_periods"]
    );
    assert!(!loaded.integrity.is_intact());
    // The head digest, noted elsewhere, shows the cut as well.
    assert_ne!(loaded.record.trail().head(), record.trail().head());
}

#[test]
fn facts_edited_outside_the_trail_are_reported_and_the_trail_prevails() {
    let record = vendor_at(Stage::ContractSignature);
    let mut value: Value = serde_json::from_str(&record.to_json()).expect("json");
    value["vendor"]["stage"] = json!("in_service");
    value["id"] = json!("VND-9999");
    let loaded = VendorRecord::from_json(&value.to_string()).expect("reads");
    assert_eq!(loaded.integrity.chain, Ok(()));
    assert_eq!(loaded.integrity.differing_fields, ["id", "stage"]);
    assert_eq!(loaded.record.stage(), Stage::ContractSignature);
}

#[test]
fn a_broken_trail_refuses_new_entries_until_the_break_is_acknowledged() {
    let record = record();
    let mut loaded = tampered(&record, |trail| {
        trail[3]["who"] = json!("Mallory");
    });
    let chain_break = first_break(&loaded).clone();
    let vendor = &mut loaded.record;
    let before = vendor.trail().len();

    let refused = vendor
        .apply(Command::RecordAudit(audit()), by())
        .map(|_| ())
        .expect_err("broken");
    assert_eq!(
        refused,
        WorkflowError::TrailBroken {
            at: chain_break.clone()
        }
    );
    assert!(
        refused.to_string().starts_with(
            "the audit trail is broken at entry 3: it was changed after it was written"
        )
    );
    assert_eq!(
        vendor
            .apply(Command::AcknowledgeChainBreak { index: 4 }, because("seen"))
            .map(|_| ()),
        Err(WorkflowError::NoSuchBreak { index: 4 })
    );
    assert_eq!(
        vendor
            .apply(Command::AcknowledgeChainBreak { index: 3 }, by())
            .map(|_| ()),
        Err(WorkflowError::ReasonRequired {
            action: "acknowledging a break in the audit trail"
        })
    );
    vendor
        .apply(
            Command::AcknowledgeChainBreak { index: 3 },
            because("Entry 3 was edited in storage; the original is in the backup of 1 May"),
        )
        .expect("acknowledged");
    vendor
        .apply(Command::RecordAudit(audit()), by())
        .expect("recording goes on");

    // The break stays reported, and the new entries chain on after it.
    assert_eq!(vendor.trail().verify(), Err(chain_break));
    assert_eq!(vendor.trail().breaks().len(), 1);
    assert!(vendor.trail().unacknowledged_breaks().is_empty());
    assert_eq!(vendor.trail().len(), before + 2);
    let reloaded = VendorRecord::from_json(&vendor.to_json()).expect("reads");
    assert_eq!(first_break(&reloaded).index, 3);
    assert_eq!(reloaded.integrity.differing_fields, Vec::<&str>::new());
}

#[test]
fn acknowledging_is_refused_on_an_intact_trail() {
    let mut vendor = record();
    assert_eq!(
        vendor
            .apply(
                Command::AcknowledgeChainBreak { index: 0 },
                because("why not")
            )
            .map(|_| ()),
        Err(WorkflowError::NoSuchBreak { index: 0 })
    );
}

#[test]
fn the_head_digest_changes_with_every_entry() {
    let mut vendor = record();
    let mut heads = vec![vendor.trail().head()];
    for _ in 0..3 {
        vendor
            .apply(Command::RecordAudit(audit()), by())
            .expect("recorded");
        heads.push(vendor.trail().head());
    }
    heads.dedup();
    assert_eq!(heads.len(), 4);
}

#[test]
fn who_and_why_are_stored_nfc_normalised_and_trimmed() {
    let mut vendor = record();
    let entry = vendor
        .apply(
            Command::RecordAudit(audit()),
            Attribution::new(" Ame\u{301}lie Dupont ", at(), " Visite annuelle\u{301} "),
        )
        .expect("recorded");
    assert_eq!(entry.who, "Amélie Dupont");
    assert_eq!(entry.why, "Visite annuellé");
}

#[test]
fn a_trail_read_on_its_own_verifies_and_an_empty_one_has_nothing_to_break() {
    let value: Value = serde_json::from_str(&record().to_json()).expect("json");
    let trail: AuditTrail = serde_json::from_value(value["trail"].clone()).expect("a trail");
    assert_eq!(trail.verify(), Ok(()));
    assert_eq!(AuditTrail::default().verify(), Ok(()));
}

#[test]
fn break_messages_say_which_entry_and_what_happened() {
    let record = record();
    let deleted = tampered(&record, |trail| {
        trail.remove(2);
    });
    assert_eq!(
        first_break(&deleted).to_string(),
        "the audit trail is broken at entry 2: it is numbered 3 where 2 was expected: entries were removed, inserted or reordered"
    );
    let relinked = tampered(&record, |trail| {
        trail[4]["previous"] = json!(null);
    });
    let message = first_break(&relinked).to_string();
    assert!(
        message.starts_with("the audit trail is broken at entry 4: it follows no entry but the entry before it is sha256:"),
        "{message}"
    );
}

fn audit() -> croqual::workflow::VendorAudit {
    croqual::workflow::VendorAudit {
        on: jiff::civil::date(2025, 11, 20),
        result: croqual::workflow::AuditResult::Satisfactory,
        notes: String::new(),
    }
}
