//! The sponsor workspace, clicked through in headless Chromium: import, pinning, the six
//! steps, the decision, key changes, re-imports, bad files, and the audit trail.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use croqual::attest::envelope::{self, TrustStore, Verification};
use croqual::attest::keys::SigningKey;
use croqual::export::verify_decision;
use croqual::organisation::{Organisation, Service};
use croqual::sponsor::VendorFile;
use croqual::workflow::{Attribution, Command, KeySource, VendorId, VendorRecord};
use serde_json::{Value, json};

use crate::harness::{Session, StaticServer, dist};

/// The checked-in example's key, as its public key file says.
const EXAMPLE_FINGERPRINT: &str =
    "EFE7 C216 9141 AE9B 6BD6 C577 6F07 49B7 2A48 CEBD 69F6 6BD0 F289 8566 9A11 2F52";

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn case(name: &str) -> PathBuf {
    data("shared/cases").join(name)
}

/// Opens the app as a sponsor named Quinn Lead, on a fresh profile.
async fn sponsor_session(server: &StaticServer) -> Session {
    let session = Session::start().await;
    session.open(&server.url()).await;
    session.click("[data-testid=choose-sponsor]").await;
    introduce(&session).await;
    session
}

async fn introduce(session: &Session) {
    session.wait_for("[data-testid=sponsor-workspace]").await;
    type_into(session, "[data-testid=person-name]", "Quinn Lead").await;
    type_into(session, "[data-testid=person-role]", "Qualification lead").await;
    type_into(
        session,
        "[data-testid=person-organisation]",
        "Example Pharma AG",
    )
    .await;
}

/// Replaces the text of the field matching `css`.
async fn type_into(session: &Session, css: &str, text: &str) {
    let field = session.wait_for(css).await;
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clear {css}: {e}"));
    field
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Gives files to the import's file picker, all at once.
async fn import(session: &Session, files: &[&Path]) {
    let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    session
        .wait_for("[data-testid=import-files]")
        .await
        .send_keys(&paths.join("\n"))
        .await
        .expect("files given to the picker");
}

/// The newest verdict line for `file`, once its result is `kind`; returns its text.
async fn verdict(session: &Session, file: &str, kind: &str) -> String {
    let selector = format!("[data-testid=verdict][data-file={file:?}]");
    session
        .wait_until(&format!(
            "(document.querySelector({selector:?}) || {{}}).dataset?.result === {kind:?}"
        ))
        .await;
    let text = session
        .eval(&format!(
            "return document.querySelector({selector:?}).innerText;"
        ))
        .await;
    text.as_str().unwrap_or_default().to_owned()
}

/// Clicks `css` inside the newest verdict line for `file`.
async fn click_in_verdict(session: &Session, file: &str, css: &str) {
    session
        .click(&format!("[data-testid=verdict][data-file={file:?}] {css}"))
        .await;
}

/// The text of the workflow's refusal shown after the last action.
async fn refusal(session: &Session) -> String {
    session.text("[data-testid=refusal]").await
}

/// What the last action said it did; fails the test with the refusal if it was refused.
async fn done(session: &Session, within: &str) -> String {
    let css = format!("{within} [data-testid=done], {within} [data-testid=refusal]");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !session.exists(&css).await {
        if Instant::now() > deadline {
            let page = session
                .eval("return document.body.innerText.slice(0, 2000);")
                .await;
            panic!(
                "no outcome shown within 20 s\nconsole: {:#?}\npage: {page}",
                session.console().await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let element = session.wait_for(&css).await;
    let text = element.text().await.expect("text");
    let testid = element.attr("data-testid").await.expect("attribute");
    assert_eq!(testid.as_deref(), Some("done"), "refused: {text}");
    text
}

/// A file downloaded into the session's folder whose name ends with `suffix`.
async fn downloaded(session: &Session, suffix: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = std::fs::read_dir(session.downloads.path())
            .expect("download folder")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.to_string_lossy().ends_with(suffix));
        // Written in full: not empty, and the same size a moment later.
        if let Some(path) = found
            && let Some(size) = std::fs::metadata(&path).ok().map(|m| m.len())
            && size > 0
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if std::fs::metadata(&path).ok().map(|m| m.len()) == Some(size) {
                return path;
            }
        }
        assert!(Instant::now() < deadline, "no download ending in {suffix}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The example's payload, changed by `change`, signed with `key`, written to `folder`.
fn variant(
    folder: &Path,
    name: &str,
    key: &SigningKey,
    change: impl FnOnce(&mut Value),
) -> PathBuf {
    let text = std::fs::read_to_string(data("example-export.json")).expect("the example");
    let mut file: Value = serde_json::from_str(&text).expect("json");
    let mut payload = file["payload"].take();
    change(&mut payload);
    let signed = envelope::sign(&payload, key).expect("signable");
    let path = folder.join(name);
    std::fs::write(&path, signed.to_json()).expect("write the variant");
    path
}

/// The example with one answer's value changed and its signature kept.
fn tampered(folder: &Path) -> PathBuf {
    let text = std::fs::read_to_string(data("example-export.json")).expect("the example");
    let mut file: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(file["payload"]["answers"][0]["question"], "GOV-01");
    file["payload"]["answers"][0]["value"]["kind"] = json!("no");
    let path = folder.join("example-export-tampered.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).expect("json")).expect("write");
    path
}

/// Scrolls `css` to the top of the window, then takes a screenshot.
async fn shot(session: &Session, name: &str, css: &str) {
    session
        .eval(&format!(
            "const e = document.querySelector({css:?}); if (e) e.scrollIntoView({{block: 'start'}}); return true;"
        ))
        .await;
    session.screenshot(name).await;
}

async fn stage(session: &Session) -> String {
    session.text("[data-testid=vendor-stage]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sponsor_imports_pins_decides_and_walks_a_vendor_to_the_start_of_services() {
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    let folder = tempfile::tempdir().expect("a folder");
    session.wait_for("[data-testid=no-vendors]").await;
    session.screenshot("sponsor-0-register-empty").await;

    // An unknown organisation, under a key nobody pinned: its full fingerprint is shown.
    let example = data("example-export.json");
    import(&session, &[&example]).await;
    let text = verdict(&session, "example-export.json", "unpinned").await;
    assert!(text.contains(EXAMPLE_FINGERPRINT), "{text}");
    assert!(text.contains("not in the register"), "{text}");
    click_in_verdict(
        &session,
        "example-export.json",
        "[data-testid=create-vendor-from-file]",
    )
    .await;
    let text = verdict(&session, "example-export.json", "unpinned").await;
    assert!(
        text.contains("in the register without a pinned key"),
        "{text}"
    );
    shot(
        &session,
        "sponsor-1-import-unpinned",
        "[data-testid=verdicts]",
    )
    .await;

    // A wrong fingerprint is refused; the right one pins.
    let wrong = EXAMPLE_FINGERPRINT.replace("EFE7", "EFE8");
    let in_line = "[data-testid=verdict][data-file=\"example-export.json\"]";
    type_into(
        &session,
        &format!("{in_line} [data-testid=confirm-fingerprint]"),
        &wrong,
    )
    .await;
    click_in_verdict(
        &session,
        "example-export.json",
        "[data-testid=pin-confirmed]",
    )
    .await;
    let problem = session
        .text(&format!("{in_line} [data-testid=pin-problem]"))
        .await;
    assert!(problem.contains("do not pin it"), "{problem}");
    type_into(
        &session,
        &format!("{in_line} [data-testid=confirm-fingerprint]"),
        &EXAMPLE_FINGERPRINT.to_lowercase(),
    )
    .await;
    click_in_verdict(
        &session,
        "example-export.json",
        "[data-testid=pin-confirmed]",
    )
    .await;
    let text = verdict(&session, "example-export.json", "held").await;
    assert!(
        text.contains("Verified under the pinned key of Example CRO GmbH"),
        "{text}"
    );
    // The import's summary follows its lines as they change.
    let summary = session.text("[data-testid=batch-summary]").await;
    assert!(summary.ends_with(": 1 file: held 1"), "{summary}");
    shot(&session, "sponsor-2-import-held", "[data-testid=verdicts]").await;

    click_in_verdict(
        &session,
        "example-export.json",
        "[data-testid=open-vendor-from-verdict]",
    )
    .await;
    session.wait_for("[data-testid=identification-step]").await;
    session.screenshot("sponsor-3-step-1-identification").await;

    // Steps out of order are refused with the workflow's reason.
    session.click("[data-testid=step-5]").await;
    session.click("[data-testid=sign-contract]").await;
    let text = refusal(&session).await;
    assert!(
        text.starts_with(
            "The contract cannot be signed before an evaluation that accepted the vendor"
        ),
        "{text}"
    );
    session.screenshot("sponsor-4-out-of-order").await;
    session.click("[data-testid=step-6]").await;
    session.click("[data-testid=start-services]").await;
    let text = refusal(&session).await;
    assert!(
        text.starts_with("Services cannot start before the contract is signed"),
        "{text}"
    );
    session.click("[data-testid=step-3]").await;
    session.click("[data-testid=receive-held]").await;
    let text = refusal(&session).await;
    assert!(
        text.contains("cannot be received before the service qualification is concluded"),
        "{text}"
    );

    // 1: the identity the file gave is complete.
    session.click("[data-testid=step-1]").await;
    session.click("[data-testid=complete-identification]").await;
    done(&session, "").await;
    assert!(
        stage(&session)
            .await
            .contains("2/6 · service qualification")
    );

    // 2: the service qualification, data privacy included.
    // The data the CRO declared in the held submission is the starting point.
    session.click("[data-testid=step-2]").await;
    let hint = session.text("[data-testid=qualification-prefilled]").await;
    assert!(hint.contains("health or trial-subject data"), "{hint}");
    let ticked = session
        .eval("return ['personal-data', 'health-data'].map(t => document.querySelector(`[data-testid=${t}]`).checked);")
        .await;
    assert_eq!(ticked, json!([true, true]));
    session.click("[data-testid=conclusion-qualified]").await;
    session.click("[data-testid=conclude-qualification]").await;
    let text = refusal(&session).await;
    assert!(
        text.contains("data-processing agreement is not started"),
        "{text}"
    );
    // What was chosen and not concluded survives a reload.
    session.client.refresh().await.expect("reload");
    session.click("[data-testid=open-vendor]").await;
    session.click("[data-testid=step-2]").await;
    session
        .wait_for("[data-testid=qualification-restored]")
        .await;
    let kept = session
        .eval("return document.querySelector('[data-testid=conclusion-qualified]').checked;")
        .await;
    assert_eq!(kept, json!(true), "the conclusion chosen before the reload");
    session.click("[data-testid=dpa-signed]").await;
    session.click("[data-testid=data-flows]").await;
    type_into(
        &session,
        "[data-testid=hosting-locations]",
        "DE (Frankfurt)",
    )
    .await;
    shot(
        &session,
        "sponsor-5-step-2-qualification",
        "[data-testid=qualification-step]",
    )
    .await;
    session.click("[data-testid=conclude-qualification]").await;
    done(&session, "").await;
    assert!(
        stage(&session)
            .await
            .contains("3/6 · cybersecurity assessment")
    );

    // 3: the submission held since the import is received now.
    session.click("[data-testid=step-3]").await;
    assert_eq!(
        session.text("[data-testid=pinned-fingerprint]").await,
        EXAMPLE_FINGERPRINT
    );
    session.click("[data-testid=receive-held]").await;
    done(&session, "").await;
    assert!(stage(&session).await.contains("4/6 · evaluation"));
    shot(
        &session,
        "sponsor-6-step-3-assessment",
        "[data-testid=assessment-step]",
    )
    .await;

    // 4: the evaluation, as the reviewer reads it.
    session.click("[data-testid=step-4]").await;
    assert_eq!(
        session.text("[data-testid=recomputed-score]").await,
        "84.9 %"
    );
    assert!(
        session
            .exists("[data-testid=answer-row][data-gap=true]")
            .await
    );
    let first_row = session
        .eval("return document.querySelector('[data-domain=GOV] [data-testid=answer-row]').dataset.gap;")
        .await;
    assert_eq!(first_row, json!("true"), "gaps come first");
    session.screenshot("sponsor-7-step-4-evaluation").await;

    // Evidence the CRO sent separately, checked against the signed SHA-256.
    let evidence = folder.path().join("ISMS-Policy_v3.2_signed.pdf");
    std::fs::write(
        &evidence,
        b"example evidence: information security policy v3.2",
    )
    .expect("write");
    // The same name, other content: not the file that was signed.
    std::fs::create_dir(folder.path().join("other")).expect("a folder");
    let swapped = folder.path().join("other/ISMS-Policy_v3.2_signed.pdf");
    std::fs::write(&swapped, b"another policy").expect("write");
    let stray = folder.path().join("notes.txt");
    std::fs::write(&stray, b"unrelated").expect("write");
    let paths = [&evidence, &swapped, &stray]
        .map(|p| p.display().to_string())
        .join("\n");
    session
        .wait_for("[data-testid=evidence-files]")
        .await
        .send_keys(&paths)
        .await
        .expect("evidence given");
    session
        .wait_until("document.querySelectorAll('[data-testid=evidence-result]').length === 3")
        .await;
    for (kind, count) in [("match", 1), ("no-match", 1), ("not-referenced", 1)] {
        let found = session
            .eval(&format!("return document.querySelectorAll('[data-testid=evidence-result][data-result={kind}]').length;"))
            .await;
        assert_eq!(found, json!(count), "{kind}");
    }
    shot(&session, "sponsor-8-evidence", "[data-testid=evidence]").await;

    // A decision better than the recomputed outcome is refused; the one allowed is signed.
    // The example was valid until 2025-09-30: deciding on it takes a tick.
    session.click("[data-testid=outcome-accepted]").await;
    type_into(
        &session,
        "[data-testid=decision-reasons]",
        "84.9 % overall\nGaps have a corrective-action plan",
    )
    .await;
    session.click("[data-testid=record-decision]").await;
    let text = refusal(&session).await;
    assert!(
        text.contains("The CRO stood by this submission only until 2025-09-30"),
        "{text}"
    );
    session.click("[data-testid=decide-despite-expiry]").await;
    session.click("[data-testid=record-decision]").await;
    let text = refusal(&session).await;
    assert!(
        text.contains("cannot be better than the recomputed outcome"),
        "{text}"
    );
    session
        .click("[data-testid=outcome-accepted-with-corrective-actions]")
        .await;
    let rows = session
        .eval("return document.querySelectorAll('[data-testid=plan-row]').length;")
        .await;
    assert!(
        rows.as_u64().unwrap_or(0) > 0,
        "the plan is prefilled from the CRO's"
    );
    // The example's plan was due in 2025: each row says so before anything is signed.
    let past = session
        .eval("return document.querySelectorAll('[data-testid=plan-due-past]').length;")
        .await;
    assert_eq!(past, rows, "every past due date is pointed out");
    // An unsigned draft survives a reload: the choice, the reasons and an edited plan row.
    type_into(
        &session,
        "[data-testid=plan-row] [data-testid=plan-owner]",
        "Dana Draft",
    )
    .await;
    session.click("[data-testid=decision-reasons]").await;
    session.client.refresh().await.expect("reload");
    session.click("[data-testid=open-vendor]").await;
    session.click("[data-testid=step-4]").await;
    session.wait_for("[data-testid=draft-restored]").await;
    let restored = session
        .eval("return [document.querySelector('[data-testid=outcome-accepted-with-corrective-actions]').checked, document.querySelector('[data-testid=decision-reasons]').value, document.querySelector('[data-testid=plan-row] [data-testid=plan-owner]').value, document.querySelectorAll('[data-testid=plan-row]').length];")
        .await;
    assert_eq!(
        restored,
        json!([
            true,
            "84.9 % overall\nGaps have a corrective-action plan",
            "Dana Draft",
            rows
        ]),
        "the draft as it was left"
    );
    shot(
        &session,
        "sponsor-9-decision-form",
        "[data-testid=decision-form]",
    )
    .await;
    session.click("[data-testid=decide-despite-expiry]").await;
    session.click("[data-testid=record-decision]").await;
    let recorded = done(&session, "").await;
    assert!(
        recorded.starts_with("Decision recorded and signed with your key"),
        "{recorded}"
    );
    assert!(stage(&session).await.contains("5/6 · contract signature"));
    shot(&session, "sponsor-10-decided", "[data-testid=decided]").await;
    let draft = session
        .eval("return localStorage.getItem('croqual:sponsor:draft:decision:VND-0001');")
        .await;
    assert_eq!(
        draft,
        Value::Null,
        "a signed decision leaves no draft behind"
    );

    // The signed decision verifies, names the submission and carries the plan.
    let decision_file = downloaded(&session, "_decision-r1.json").await;
    let report = verify_decision(
        &std::fs::read(&decision_file).expect("decision"),
        &TrustStore::new(),
    );
    assert!(matches!(
        report.verification,
        Verification::ValidUnpinnedKey { .. }
    ));
    let decision = report.decision.expect("a decision").decision;
    assert_eq!(
        decision.submission.digest.to_string(),
        "sha256:1905e173a3bbd8a5c4c27d8831709292e97f7c718e6e4a043c34306a779f471e"
    );
    assert_eq!(decision.sponsor.decided_by, "Quinn Lead");
    assert!(!decision.plan.is_empty());
    // Given back to the sponsor's import by mistake, it is named for what it is.
    session.click("[data-testid=step-3]").await;
    import(&session, &[&decision_file]).await;
    let name = decision_file
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let text = verdict(&session, &name, "malformed").await;
    assert!(text.contains("This is a signed decision"), "{text}");

    // 5 and 6.
    session.click("[data-testid=step-5]").await;
    type_into(&session, "[data-testid=contract-reference]", "MSA-2026-014").await;
    session.click("[data-testid=sign-contract]").await;
    done(&session, "").await;
    session.screenshot("sponsor-11-step-5-contract").await;
    session.click("[data-testid=step-6]").await;
    session.click("[data-testid=start-services]").await;
    done(&session, "").await;
    assert!(stage(&session).await.contains("In service"));
    session.screenshot("sponsor-12-step-6-start").await;
    // A reference typed wrong is corrected with a reason, not signed again.
    session.click("[data-testid=step-5]").await;
    assert!(!session.exists("[data-testid=sign-contract]").await);
    session
        .click("[data-testid=correct-contract] summary")
        .await;
    type_into(
        &session,
        "[data-testid=corrected-contract-reference]",
        "MSA-2026-041",
    )
    .await;
    session
        .click("[data-testid=record-contract-correction]")
        .await;
    assert!(refusal(&session).await.contains("needs a reason"));
    type_into(
        &session,
        "[data-testid=correct-contract] [data-testid=why]",
        "Digits swapped when typed",
    )
    .await;
    session
        .click("[data-testid=record-contract-correction]")
        .await;
    done(&session, "[data-testid=correct-contract]").await;
    let contract = session.text("[data-testid=contract]").await;
    assert!(
        contract.starts_with("Contract MSA-2026-041 signed on"),
        "{contract}"
    );

    // Follow-up: a plan item's status, an audit.
    session.click("[data-testid=tab-follow-up]").await;
    session
        .eval("const s = document.querySelector('[data-testid=plan-item][data-item=\"1\"] [data-testid=item-status]'); s.value = 'done'; s.dispatchEvent(new Event('change', {bubbles: true})); return true;")
        .await;
    session
        .click("[data-testid=plan-item][data-item=\"1\"] [data-testid=item-save]")
        .await;
    done(&session, "[data-testid=plan-item][data-item=\"1\"]").await;
    type_into(
        &session,
        "[data-testid=audit-notes]",
        "Remote audit of the EDC platform; no finding.",
    )
    .await;
    session.click("[data-testid=record-audit]").await;
    done(&session, "[data-testid=audits]").await;
    shot(&session, "sponsor-13-follow-up", "[data-testid=plan]").await;

    // The audit trail verifies.
    session.click("[data-testid=tab-audit]").await;
    let chain = session
        .eval("return document.querySelector('[data-testid=chain-status]').dataset.chain;")
        .await;
    assert_eq!(chain, json!("intact"));
    session.screenshot("sponsor-14-audit-trail").await;

    // The browser's Back returns to the register without leaving the app, Forward to the
    // vendor; the register line below is read after the vendor's own "Register" link.
    session.eval("history.back();").await;
    session.wait_for("[data-testid=vendor-row]").await;
    session.eval("history.forward();").await;
    session.wait_for("[data-testid=vendor-view]").await;
    session.click("[data-testid=back-to-register]").await;
    let row = "[data-testid=vendor-row][data-vendor=\"VND-0001\"]";
    assert_eq!(
        session
            .text(&format!("{row} [data-testid=cell-tier]"))
            .await,
        "2"
    );
    assert_eq!(
        session
            .text(&format!("{row} [data-testid=cell-stage]"))
            .await,
        "In service"
    );
    assert!(
        session
            .text(&format!("{row} [data-testid=cell-outcome]"))
            .await
            .starts_with("Accepted with corrective actions")
    );
    assert_eq!(session.text("[data-testid=count-vendors]").await, "1");
    session.click("[data-testid=sort-tier]").await;
    type_into(&session, "[data-testid=filter-text]", "nobody").await;
    session.wait_for("[data-testid=register-count]").await;
    assert!(!session.exists(row).await, "the filter hides the vendor");
    type_into(&session, "[data-testid=filter-text]", "example").await;
    session.wait_for(row).await;
    shot(&session, "sponsor-15-register", "[data-testid=register]").await;

    // The same file again is recognised; a tampered one does not verify.
    import(&session, &[&example]).await;
    let text = verdict(&session, "example-export.json", "known").await;
    assert!(text.contains("Already received"), "{text}");
    let tampered = tampered(folder.path());
    import(&session, &[&tampered]).await;
    let text = verdict(
        &session,
        "example-export-tampered.json",
        "signature-invalid",
    )
    .await;
    assert!(text.contains("The signature does not verify"), "{text}");
    // The pinned vendor's name under another key and another registration number is a
    // key change too, not a new vendor of the same name.
    let impostor = variant(
        folder.path(),
        "example-export-impostor.json",
        &SigningKey::from_seed([77; 32]),
        |payload| payload["organisation"]["registration_id"] = json!("HRB 999 X"),
    );
    import(&session, &[&impostor]).await;
    let text = verdict(&session, "example-export-impostor.json", "key-change").await;
    assert!(text.contains("Key change for Example CRO GmbH"), "{text}");
    // The very submission received, signed again with another key, has the same digest:
    // it is a key change as well, never "already received".
    let resigned = variant(
        folder.path(),
        "example-export-resigned.json",
        &SigningKey::from_seed([78; 32]),
        |_| {},
    );
    import(&session, &[&resigned]).await;
    let text = verdict(&session, "example-export-resigned.json", "key-change").await;
    assert!(text.contains("Key change for Example CRO GmbH"), "{text}");
    // A public key file under the pinned vendor's name but another key says so loudly.
    let impostor_pub = folder.path().join("example-cro-impostor.pub");
    let impostor_file = croqual::attest::keys::PrivateKeyBackup::new(
        "Example CRO GmbH",
        SigningKey::from_seed([77; 32]),
    )
    .expect("a name")
    .public_file();
    std::fs::write(&impostor_pub, impostor_file.to_text()).expect("written");
    import(&session, &[&impostor_pub]).await;
    let text = verdict(&session, "example-cro-impostor.pub", "key-file").await;
    assert!(
        text.contains("is in the register with another key pinned"),
        "{text}"
    );
    let class = session
        .eval("return document.querySelector('[data-testid=verdict][data-file=\"example-cro-impostor.pub\"]').className;")
        .await;
    assert_eq!(class, json!("verdict loud"));

    // A new revision under another key: a loud warning, rejected, then accepted as a key
    // replacement with a reason.
    let other_key = SigningKey::from_seed([9; 32]);
    let revision = variant(
        folder.path(),
        "example-export-revision-2.json",
        &other_key,
        |payload| {
            payload["assessment"]["revision"] = json!(2);
            payload["supersedes"] =
                json!("sha256:1905e173a3bbd8a5c4c27d8831709292e97f7c718e6e4a043c34306a779f471e");
            payload["answers"][1]["comment"] = json!("Reviewed again after the audit.");
        },
    );
    import(&session, &[&revision]).await;
    let text = verdict(&session, "example-export-revision-2.json", "key-change").await;
    assert!(text.contains("Key change for Example CRO GmbH"), "{text}");
    assert!(
        text.contains(&other_key.fingerprint().to_string()),
        "{text}"
    );
    shot(&session, "sponsor-16-key-change", "[data-testid=verdicts]").await;
    click_in_verdict(
        &session,
        "example-export-revision-2.json",
        "[data-testid=reject-file]",
    )
    .await;
    verdict(&session, "example-export-revision-2.json", "rejected").await;
    import(&session, &[&revision]).await;
    verdict(&session, "example-export-revision-2.json", "key-change").await;
    let line = "[data-testid=verdict][data-file=\"example-export-revision-2.json\"]";
    session
        .click(&format!("{line} [data-testid=replace-key-toggle]"))
        .await;
    type_into(
        &session,
        &format!("{line} [data-testid=confirm-fingerprint]"),
        &other_key.fingerprint().to_string(),
    )
    .await;
    click_in_verdict(
        &session,
        "example-export-revision-2.json",
        "[data-testid=pin-confirmed]",
    )
    .await;
    let problem = session
        .text(&format!("{line} [data-testid=pin-problem]"))
        .await;
    assert!(problem.contains("needs a reason"), "{problem}");
    type_into(
        &session,
        &format!("{line} [data-testid=replace-reason]"),
        "New laptop; confirmed by phone with Dr. Muster",
    )
    .await;
    click_in_verdict(
        &session,
        "example-export-revision-2.json",
        "[data-testid=pin-confirmed]",
    )
    .await;
    let text = verdict(&session, "example-export-revision-2.json", "received").await;
    assert!(text.contains("revision 2"), "{text}");
    assert!(text.contains("1 answer(s) changed"), "{text}");

    // The new revision is current; what changed shows answer by answer.
    click_in_verdict(
        &session,
        "example-export-revision-2.json",
        "[data-testid=open-vendor-from-verdict]",
    )
    .await;
    session.click("[data-testid=step-4]").await;
    let change = session
        .text("[data-testid=changes] [data-testid=change]")
        .await;
    assert!(
        change.contains("Reviewed again after the audit."),
        "{change}"
    );
    shot(&session, "sponsor-17-changes", "[data-testid=changes]").await;
    session.click("[data-testid=tab-audit]").await;
    let trail = session.text("[data-testid=trail]").await;
    assert!(
        trail.contains("New laptop; confirmed by phone with Dr. Muster"),
        "{trail}"
    );
    assert!(
        trail.contains("decided although the submission was valid only until 2025-09-30"),
        "{trail}"
    );

    // A trail edited in storage is flagged at its entry after a reload.
    session
        .eval("const key = 'croqual:vendor:VND-0001'; const v = JSON.parse(localStorage.getItem(key)); v.record.trail[2].why = 'edited by hand'; localStorage.setItem(key, JSON.stringify(v)); return true;")
        .await;
    session.client.refresh().await.expect("reload");
    session.wait_for("[data-testid=badge-broken-trail]").await;
    shot(
        &session,
        "sponsor-18-register-broken-trail",
        "[data-testid=register]",
    )
    .await;
    session.click("[data-testid=open-vendor]").await;
    let notice = session.text("[data-testid=trail-broken]").await;
    assert!(notice.contains("broken at entry 2"), "{notice}");
    session.click("[data-testid=go-to-audit]").await;
    session
        .wait_for("[data-testid=chain-break][data-index=\"2\"]")
        .await;
    shot(
        &session,
        "sponsor-19-audit-trail-broken",
        "[data-testid=audit-trail]",
    )
    .await;
    // Nothing is recorded until the break is acknowledged, with a reason.
    session.click("[data-testid=acknowledge-break]").await;
    assert!(refusal(&session).await.contains("needs a reason"));
    type_into(
        &session,
        "[data-testid=acknowledge-reason]",
        "Edited during a test of the trail",
    )
    .await;
    session.click("[data-testid=acknowledge-break]").await;
    done(&session, "[data-testid=audit-trail]").await;
    let chain = session
        .eval("return document.querySelector('[data-testid=chain-status]').dataset.chain;")
        .await;
    assert_eq!(chain, json!("broken"), "the break stays reported");

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_submission_exported_by_the_cro_workspace_is_imported_with_its_public_key() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.open(&server.url()).await;

    // The CRO: identity, tiering, a few answers, export and public key file.
    session.click("[data-testid=choose-provider]").await;
    session.click("[data-testid=new-assessment]").await;
    for (field, text) in [
        ("legal-name", "Beispiel Labs SARL"),
        ("registration-id", "RCS Paris 123 456 789"),
        ("country", "FR"),
        ("contact-name", "Camille Exemple"),
        ("contact-role", "RSSI"),
        ("contact-email", "rssi@beispiel-labs.example"),
        ("service-name", "Pharmacovigilance case processing"),
    ] {
        type_into(&session, &format!("[data-testid={field}]"), text).await;
    }
    session.click("[data-testid=step-tiering]").await;
    for (name, value) in [
        ("tiering-function", "Supporting"),
        ("tiering-data", "Personal"),
        ("tiering-access", "ReadOnly"),
    ] {
        session
            .click(&format!("input[name={name}][value={value}]"))
            .await;
    }
    session.click("[data-testid=step-questionnaire]").await;
    for (question, value) in [("GOV-01", "yes"), ("GOV-02", "partial"), ("GOV-03", "no")] {
        session
            .click(&format!(
                "[data-testid=question-{question}] [data-testid=answer-{value}]"
            ))
            .await;
    }
    session.click("[data-testid=step-export]").await;
    session.click("[data-testid=export]").await;
    session.wait_for("[data-testid=export-done]").await;
    session.click("[data-testid=download-public-key]").await;
    let submission = downloaded(&session, "_submission-r1.json").await;
    let public_key = downloaded(&session, "_public-key.pub").await;
    let cro_fingerprint = session.text("[data-testid=fingerprint]").await;

    // The sponsor: both files at once.
    session.click("[data-testid=change-role]").await;
    session.click("[data-testid=choose-sponsor]").await;
    introduce(&session).await;
    import(&session, &[&submission, &public_key]).await;
    let submission_name = submission
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let key_name = public_key
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let text = verdict(&session, &key_name, "key-file").await;
    assert!(text.contains(&cro_fingerprint), "{text}");
    let text = verdict(&session, &submission_name, "unpinned").await;
    assert!(text.contains("Beispiel Labs SARL"), "{text}");
    click_in_verdict(
        &session,
        &submission_name,
        "[data-testid=create-vendor-from-file]",
    )
    .await;
    session
        .wait_for(&format!(
            "[data-testid=verdict][data-file={submission_name:?}] [data-testid=pin-from-file]"
        ))
        .await;
    shot(
        &session,
        "sponsor-20-cro-export-with-key",
        "[data-testid=verdicts]",
    )
    .await;
    click_in_verdict(&session, &submission_name, "[data-testid=pin-from-file]").await;
    let text = verdict(&session, &submission_name, "held").await;
    assert!(
        text.contains("Verified under the pinned key of Beispiel Labs SARL"),
        "{text}"
    );
    let text = verdict(&session, &key_name, "key-file").await;
    assert!(
        text.contains("It is the key pinned for Beispiel Labs SARL"),
        "{text}"
    );
    let row = "[data-testid=vendor-row][data-vendor=\"VND-0001\"]";
    assert_eq!(
        session
            .text(&format!("{row} [data-testid=cell-stage]"))
            .await,
        "1/6 · CRO identification"
    );
    shot(
        &session,
        "sponsor-21-cro-export-held",
        "[data-testid=register]",
    )
    .await;

    // Three answers of a whole bank are far from enough: the sponsor rejects, and a plan
    // row left half written does not stand in the way of a rejection.
    session.click("[data-testid=open-vendor]").await;
    session.click("[data-testid=step-1]").await;
    session.click("[data-testid=complete-identification]").await;
    done(&session, "").await;
    session.click("[data-testid=step-2]").await;
    session.click("[data-testid=dpa-signed]").await;
    session.click("[data-testid=data-flows]").await;
    type_into(&session, "[data-testid=hosting-locations]", "FR (Paris)").await;
    session.click("[data-testid=conclusion-qualified]").await;
    session.click("[data-testid=conclude-qualification]").await;
    done(&session, "").await;
    session.click("[data-testid=step-3]").await;
    session.click("[data-testid=receive-held]").await;
    done(&session, "").await;
    // Its import line, which said it was held, says now that it was received.
    let text = verdict(&session, &submission_name, "received").await;
    assert!(text.contains("received, recomputed at"), "{text}");
    session.click("[data-testid=step-4]").await;
    session.click("[data-testid=plan-add]").await;
    session.click("[data-testid=outcome-rejected]").await;
    session
        .wait_for("[data-testid=plan-not-for-rejection]")
        .await;
    type_into(
        &session,
        "[data-testid=decision-reasons]",
        "Most of the questionnaire is unanswered",
    )
    .await;
    session.click("[data-testid=record-decision]").await;
    let recorded = done(&session, "").await;
    assert!(
        recorded.starts_with("Decision recorded and signed with your key"),
        "{recorded}"
    );
    assert_eq!(
        session.text("[data-testid=decided-outcome]").await,
        "Rejected"
    );

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_files_each_get_their_own_message_by_picker_and_by_drop() {
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    let cases = [
        ("B01_empty.json", "Empty file"),
        ("B01_invalid_utf8.json", "Not UTF-8 at byte"),
        (
            "B01_png_named_json.json",
            "Not a JSON file (looks like a PNG image)",
        ),
        ("B01_truncated_signed.json", "Incomplete JSON"),
    ];
    let paths: Vec<PathBuf> = cases.iter().map(|(name, _)| case(name)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    import(&session, &refs).await;
    for (name, message) in cases {
        let text = verdict(&session, name, "malformed").await;
        assert!(text.contains(message), "{name}: {text}");
        assert!(text.contains("Nothing was imported"), "{name}: {text}");
    }
    // A private key backup is not a key to pin.
    import(&session, &[&data("example-key.TEST-ONLY.key")]).await;
    let text = verdict(&session, "example-key.TEST-ONLY.key", "malformed").await;
    assert!(text.contains("private key backup"), "{text}");
    // A questionnaire given to the import is named as one.
    let catalog = data("shared/catalogs/mvsp_v3.0-20231109-catalog.json");
    import(&session, &[&catalog]).await;
    let text = verdict(&session, "mvsp_v3.0-20231109-catalog.json", "malformed").await;
    assert!(
        text.contains("This is an OSCAL catalog, not a signed submission"),
        "{text}"
    );

    // The same cases dropped on the zone.
    session.click("[data-testid=clear-verdicts]").await;
    let mut script = String::from("const dt = new DataTransfer();");
    for (name, _) in cases {
        let bytes = std::fs::read(case(name)).expect("case");
        script.push_str(&format!(
            "dt.items.add(new File([new Uint8Array({bytes:?})], {name:?}, {{type: 'application/json'}}));"
        ));
    }
    script.push_str(
        "const zone = document.querySelector('[data-testid=drop-zone]');\
         zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));\
         zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));\
         return true;",
    );
    session.eval(&script).await;
    for (name, message) in cases {
        let text = verdict(&session, name, "malformed").await;
        assert!(text.contains(message), "dropped {name}: {text}");
    }
    shot(&session, "sponsor-22-bad-files", "[data-testid=verdicts]").await;

    // The next valid file works, and the register is still empty: nothing was imported.
    import(&session, &[&data("example-key.pub")]).await;
    verdict(&session, "example-key.pub", "key-file").await;
    assert!(session.exists("[data-testid=no-vendors]").await);
    // A key file waiting for its vendor offers the vendors as they are entered, and chooses
    // only one of the same name beforehand.
    assert!(!session.exists("[data-testid=key-file-vendor]").await);
    session.click("[data-testid=new-vendor]").await;
    type_into(
        &session,
        "[data-testid=new-vendor-form] [data-testid=vendor-legal-name]",
        "Example CRO GmbH",
    )
    .await;
    session.click("[data-testid=new-vendor-form-submit]").await;
    session.wait_for("[data-testid=vendor-view]").await;
    session.click("[data-testid=back-to-register]").await;
    let chosen = session
        .eval("return document.querySelector('[data-testid=key-file-vendor]').value;")
        .await;
    assert_eq!(chosen, json!("VND-0001"));
    click_in_verdict(
        &session,
        "example-key.pub",
        "[data-testid=pin-key-file-for]",
    )
    .await;
    let text = verdict(&session, "example-key.pub", "key-file").await;
    assert!(
        text.contains("It is the key pinned for Example CRO GmbH"),
        "{text}"
    );
    let console = session.console().await;
    assert!(
        !console.iter().any(|line| line.contains("closure invoked")),
        "{console:#?}"
    );
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_stored_vendors_are_kept_aside_and_other_apps_keys_survive() {
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(case("B06_corrupt_storage_values.json")).expect("case B06"),
    )
    .expect("json");
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    let foreign = [("theme", "dark"), ("other_app_state", "{\"v\":2}")];
    for entry in case["values"].as_array().expect("values") {
        let name = entry["name"].as_str().expect("name");
        let raw = entry["raw_value"].as_str().expect("raw");
        let mut seed = format!(
            "Object.keys(localStorage).filter(k => k.startsWith('croqual:vendor:')).forEach(k => localStorage.removeItem(k)); localStorage.removeItem('croqual:sponsor:last-vendor-id'); localStorage.setItem('croqual:vendor:VND-0007', {raw:?});"
        );
        for (key, value) in foreign {
            seed.push_str(&format!("localStorage.setItem({key:?}, {value:?});"));
        }
        seed.push_str("return true;");
        session.eval(&seed).await;
        session.client.refresh().await.expect("reload");
        session.wait_for("[data-testid=unreadable]").await;

        // Work goes on: a new vendor gets a fresh id, and the raw value stays untouched.
        session.click("[data-testid=new-vendor]").await;
        type_into(
            &session,
            "[data-testid=new-vendor-form] [data-testid=vendor-legal-name]",
            "Gamma CRO Ltd",
        )
        .await;
        session.click("[data-testid=new-vendor-form-submit]").await;
        session.wait_for("[data-testid=vendor-view]").await;
        let id = session.text("[data-testid=vendor-name] .vendor-id").await;
        assert_eq!(id, "VND-0008", "{name}");
        let stored = session
            .eval("return localStorage.getItem('croqual:vendor:VND-0007');")
            .await;
        assert_eq!(stored, json!(raw), "{name}: the raw value was changed");
        for (key, value) in foreign {
            let kept = session
                .eval(&format!("return localStorage.getItem({key:?});"))
                .await;
            assert_eq!(kept, json!(value), "{name}: another app's key {key}");
        }
        if name == "truncated JSON" {
            session.click("[data-testid=back-to-register]").await;
            session.screenshot("sponsor-23-unreadable").await;
        }
    }
    // Discarding asks once, then removes only that value.
    session.click("[data-testid=back-to-register]").await;
    session.click("[data-testid=discard-unreadable]").await;
    assert!(
        session
            .eval("return localStorage.getItem('croqual:vendor:VND-0007');")
            .await
            .is_string(),
        "discarded before the person confirmed"
    );
    session.click("[data-testid=confirm-discard]").await;
    let stored = session
        .eval("return localStorage.getItem('croqual:vendor:VND-0007');")
        .await;
    assert_eq!(stored, Value::Null);
    assert_eq!(
        session.eval("return localStorage.getItem('theme');").await,
        json!("dark")
    );
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signing_key_that_does_not_read_is_kept_and_never_silently_replaced() {
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    let damaged = "croqual private key backup v1\nname: Example Pharma AG\nseed: AAAA";
    session
        .eval(&format!(
            "localStorage.setItem('croqual:sponsor:key', {damaged:?}); return true;"
        ))
        .await;
    session.client.refresh().await.expect("reload");
    let notice = session.text("[data-testid=unreadable-key]").await;
    assert!(notice.contains("does not read"), "{notice}");
    // No new key is made over it.
    session.click("[data-testid=create-sponsor-key]").await;
    let problem = session.text("[data-testid=sponsor-key-problem]").await;
    assert!(problem.contains("no other key is made"), "{problem}");
    let stored = session
        .eval("return localStorage.getItem('croqual:sponsor:key');")
        .await;
    assert_eq!(stored, json!(damaged));
    session.screenshot("sponsor-24-unreadable-key").await;

    // A vendor's key backup is refused: it cannot sign the sponsor's decisions.
    let folder = tempfile::tempdir().expect("a folder");
    let vendor_key = croqual::attest::keys::PrivateKeyBackup::new(
        "Example CRO GmbH",
        SigningKey::from_seed([7; 32]),
    )
    .expect("a name");
    let seed = format!(
        "localStorage.setItem('croqual:vendor:VND-0001', {:?}); return true;",
        pinned_vendor_file(&vendor_key.public_file().fingerprint())
    );
    session.eval(&seed).await;
    session.client.refresh().await.expect("reload");
    let backup = folder.path().join("vendor_PRIVATE-key-backup.key");
    std::fs::write(&backup, vendor_key.to_text().as_bytes()).expect("written");
    session
        .wait_for("[data-testid=restore-sponsor-key]")
        .await
        .send_keys(&backup.display().to_string())
        .await
        .expect("pick");
    session.wait_until("(document.querySelector('[data-testid=sponsor-key-problem]') || {}).innerText?.includes('This is the key pinned for Example CRO GmbH')",
    )
    .await;

    // Set aside, the damaged value is kept under its own key and a new key can be made.
    session
        .click("[data-testid=set-unreadable-key-aside]")
        .await;
    let aside = session
        .eval("return localStorage.getItem('croqual:sponsor:key:unreadable');")
        .await;
    assert_eq!(aside, json!(damaged));
    session.click("[data-testid=create-sponsor-key]").await;
    session.wait_for("[data-testid=sponsor-fingerprint]").await;
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

/// A stored vendor at identification whose key `fingerprint` is pinned.
fn pinned_vendor_file(fingerprint: &croqual::attest::keys::Fingerprint) -> String {
    let organisation: Organisation = serde_json::from_value(json!({
        "legal_name": "Example CRO GmbH", "registration_id": "HRB 123456 B", "country": "DE",
        "contact": { "name": "Dr. Ada Muster", "role": "ISO", "email": "isms@example-cro.example", "phone": "" }
    }))
    .expect("an organisation");
    let service: Service =
        serde_json::from_value(json!({ "name": "EDC hosting", "description": "" }))
            .expect("a service");
    stored_vendor(
        &organisation,
        &service,
        [Command::PinKey {
            fingerprint: *fingerprint,
            source: KeySource::ConfirmedFingerprint,
        }],
    )
}

/// Vendor VND-0001 as the app stores it, entered by Quinn Lead, after `commands`.
fn stored_vendor(
    organisation: &Organisation,
    service: &Service,
    commands: impl IntoIterator<Item = Command>,
) -> String {
    let by = || {
        Attribution::new(
            "Quinn Lead",
            "2026-11-02T09:00:00Z".parse().expect("a time"),
            "",
        )
    };
    let mut record = VendorRecord::new(
        VendorId::new("VND-0001").expect("an id"),
        organisation,
        service,
        by(),
    )
    .expect("a record");
    for command in commands {
        record.apply(command, by()).expect("allowed");
    }
    VendorFile::new(record).to_json()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_storage_keeps_the_import_in_memory_and_says_so() {
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    session
        .eval(
            std::fs::read_to_string(case("B05_fill_localstorage.js"))
                .expect("case B05")
                .replace("(() => {", "return (() => {")
                .as_str(),
        )
        .await;
    // The case leaves up to 256 KiB free; smaller chunks take the rest, so that even a
    // small vendor does not fit.
    session
        .eval("for (const size of [16384, 1024, 64, 1]) { const chunk = 'x'.repeat(size); try { for (let i = 0; ; i++) localStorage.setItem('__b05_filler_' + size + '_' + i, chunk); } catch (e) {} } return true;")
        .await;
    import(&session, &[&data("example-export.json")]).await;
    verdict(&session, "example-export.json", "unpinned").await;
    click_in_verdict(
        &session,
        "example-export.json",
        "[data-testid=create-vendor-from-file]",
    )
    .await;
    session.wait_for("[data-testid=not-saved]").await;
    // The vendor exists in memory and can be worked on.
    verdict(&session, "example-export.json", "unpinned").await;
    session.wait_for("[data-testid=vendor-row]").await;
    session.screenshot("sponsor-24-storage-full").await;
    // Room again: the next change saves what waited.
    session
        .eval("Object.keys(localStorage).filter(k => k.startsWith('__b05_filler_')).forEach(k => localStorage.removeItem(k)); return true;")
        .await;
    type_into(
        &session,
        "[data-testid=person-role]",
        "Qualification lead, QA",
    )
    .await;
    session
        .wait_until("!document.querySelector('[data-testid=not-saved]')")
        .await;
    let stored = session
        .eval("return localStorage.getItem('croqual:vendor:VND-0001') !== null;")
        .await;
    assert_eq!(stored, json!(true));
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_see_each_others_changes_to_a_vendor() {
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    session.click("[data-testid=new-vendor]").await;
    type_into(
        &session,
        "[data-testid=new-vendor-form] [data-testid=vendor-legal-name]",
        "Delta CRO SpA",
    )
    .await;
    session.click("[data-testid=new-vendor-form-submit]").await;
    session.wait_for("[data-testid=vendor-view]").await;
    session.click("[data-testid=back-to-register]").await;

    let first = session.client.window().await.expect("first tab");
    let second = session
        .client
        .new_window(true)
        .await
        .expect("second tab")
        .handle;
    session
        .client
        .switch_to_window(second.clone())
        .await
        .expect("switch");
    session.open(&server.url()).await;
    session.click("[data-testid=open-vendor]").await;
    session.click("[data-testid=tab-audit]").await;
    // The second tab records something: completing the identification is refused (the
    // identity is incomplete), so it saves the identity instead.
    session.click("[data-testid=step-1]").await;
    type_into(
        &session,
        "[data-testid=identity-form] [data-testid=vendor-registration-id]",
        "REA 123456",
    )
    .await;
    session.click("[data-testid=identity-form-submit]").await;
    done(&session, "").await;

    session
        .client
        .switch_to_window(first.clone())
        .await
        .expect("switch");
    let notice = session.text("[data-testid=workspace-notice]").await;
    assert!(
        notice.contains("Delta CRO SpA was changed in another tab"),
        "{notice}"
    );
    session.click("[data-testid=open-vendor]").await;
    session.click("[data-testid=tab-audit]").await;
    let trail = session.text("[data-testid=trail]").await;
    assert!(trail.contains("identity updated"), "{trail}");

    // Removing the vendor asks first, offers its record, and reaches the other tab; another
    // application's key on the same origin stays.
    session
        .eval("localStorage.setItem('other-app:settings', '{\"theme\":\"dark\"}'); return true;")
        .await;
    session.click("[data-testid=remove-vendor]").await;
    session.click("[data-testid=keep-vendor]").await;
    assert!(session.exists("[data-testid=vendor-view]").await);
    session.click("[data-testid=remove-vendor]").await;
    let asked = session.text("[data-testid=remove-vendor-confirm]").await;
    assert!(
        asked.contains("Remove Delta CRO SpA (VND-0001) from this browser"),
        "{asked}"
    );
    let disabled = session
        .eval("return document.querySelector('[data-testid=confirm-remove-vendor]').disabled;")
        .await;
    assert_eq!(
        disabled,
        json!(true),
        "not removed before its record is kept"
    );
    session.click("[data-testid=download-record]").await;
    let record = downloaded(&session, "_record.json").await;
    let record = std::fs::read_to_string(record).expect("the record");
    assert!(record.contains("REA 123456"), "the record as kept");
    session.click("[data-testid=confirm-remove-vendor]").await;
    session.wait_for("[data-testid=no-vendors]").await;
    let notice = session.text("[data-testid=workspace-notice]").await;
    assert!(
        notice.contains("Delta CRO SpA (VND-0001) was removed from the register"),
        "{notice}"
    );
    let stored = session
        .eval("return [localStorage.getItem('croqual:vendor:VND-0001'), localStorage.getItem('other-app:settings')];")
        .await;
    assert_eq!(stored, json!([null, "{\"theme\":\"dark\"}"]));
    session
        .client
        .switch_to_window(second)
        .await
        .expect("switch");
    session.wait_for("[data-testid=no-vendors]").await;
    let notice = session.text("[data-testid=workspace-notice]").await;
    assert!(
        notice.contains("was removed from the register in another tab"),
        "{notice}"
    );
    session.open(&server.url()).await;
    session.wait_for("[data-testid=no-vendors]").await;
    // The page checks are installed in the first tab.
    session
        .client
        .switch_to_window(first)
        .await
        .expect("switch");
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

/// Every verdict line's file, result and text, in order.
async fn verdict_lines(session: &Session) -> Value {
    session
        .eval("return [...document.querySelectorAll('[data-testid=verdict]')].map(v => [v.dataset.file, v.dataset.result, v.innerText]);")
        .await
}

/// Imports `files` into a fresh sponsor workspace served from `root`; returns the verdict
/// lines and how many groups of files the verifying worker verified.
async fn import_all(root: &Path, files: &[&Path]) -> (Value, Value) {
    let server = StaticServer::start(root, "/");
    let session = sponsor_session(&server).await;
    session.wait_for("[data-testid=no-vendors]").await;
    import(&session, files).await;
    session.wait_until(&format!(
            "document.querySelectorAll('[data-testid=verdict]').length === {} && !document.querySelector('[data-testid=import-progress]')",
            files.len()
        ),
    )
    .await;
    session
        .wait_until("performance.getEntriesByName('croqual-import').length === 1")
        .await;
    let lines = verdict_lines(&session).await;
    let from_worker = session
        .eval("return performance.getEntriesByName('croqual-import-worker').length;")
        .await;
    assert!(!session.exists("#crash").await, "the page crashed");
    session.close().await;
    (lines, from_worker)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_verifying_worker_and_the_page_give_every_file_the_same_verdict() {
    let folder = tempfile::tempdir().expect("a folder");
    let key = SigningKey::from_seed([41; 32]);
    // More files than one group the worker takes, so that the worker and the page share
    // them; among them a bad signature, a file that is no JSON and a key file.
    let mut files: Vec<PathBuf> = (0..45)
        .map(|n| {
            variant(
                folder.path(),
                &format!("variant-{n:02}.json"),
                &key,
                |payload| payload["assessment"]["id"] = json!(format!("ASM-2025-{:04}", n + 100)),
            )
        })
        .collect();
    files.insert(7, tampered(folder.path()));
    let garbage = folder.path().join("notes.json");
    std::fs::write(&garbage, b"\xff\xfe not a submission").expect("written");
    files.insert(30, garbage);
    files.push(data("example-export.json"));
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();

    let (with_worker, from_worker) = import_all(&dist(), &files).await;
    assert!(
        from_worker.as_u64().is_some_and(|groups| groups > 0),
        "the worker verified none of the files: {from_worker}"
    );

    // The same app without its worker file: the page verifies every file itself.
    let without = tempfile::tempdir().expect("a folder");
    for entry in std::fs::read_dir(dist()).expect("dist") {
        let path = entry.expect("an entry").path();
        if path.file_name().is_some_and(|name| name != "verifier.js") {
            std::fs::copy(
                &path,
                without.path().join(path.file_name().expect("a name")),
            )
            .expect("copied");
        }
    }
    let (by_page, from_worker) = import_all(without.path(), &files).await;
    assert_eq!(from_worker, json!(0));
    assert_eq!(with_worker, by_page);

    let results: Vec<&str> = with_worker
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|line| line[1].as_str())
        .collect();
    assert_eq!(results.len(), files.len());
    assert_eq!(results[7], "signature-invalid");
    assert_eq!(results[30], "malformed");
    assert_eq!(
        results
            .iter()
            .filter(|result| **result == "unpinned")
            .count(),
        files.len() - 2
    );
}

/// `n` signed variants of the example named `{tag}-NNNN.json`, each its own assessment.
fn many(folder: &Path, tag: &str, n: usize) -> Vec<PathBuf> {
    let key = SigningKey::from_seed([43; 32]);
    (0..n)
        .map(|i| {
            variant(folder, &format!("{tag}-{i:04}.json"), &key, |payload| {
                payload["assessment"]["id"] = json!(format!("ASM-2026-{i:04}"));
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn files_given_while_an_import_runs_are_read_in_it_and_leaving_midway_is_safe() {
    const FIRST: usize = 1000;
    let folder = tempfile::tempdir().expect("a folder");
    // Enough files that their import (about 2 s on two cores) far outlasts giving the next
    // five (about 0.4 s, the page being busy).
    let first = many(folder.path(), "first", FIRST);
    let second = many(folder.path(), "second", 5);
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    session.wait_for("[data-testid=no-vendors]").await;

    // Five more files while the first ones are still being examined: they join this import.
    let first_paths: Vec<&Path> = first.iter().map(PathBuf::as_path).collect();
    let second_paths: Vec<&Path> = second.iter().map(PathBuf::as_path).collect();
    import(&session, &first_paths).await;
    import(&session, &second_paths).await;
    session
        .wait_until("performance.getEntriesByName('croqual-import').length === 1")
        .await;
    let summary = session.text("[data-testid=batch-summary]").await;
    let all = FIRST + 5;
    assert!(
        summary.ends_with(&format!(": {all} files: unpinned {all}")),
        "{summary}"
    );
    let second_lines = session
        .eval(
            "return document.querySelectorAll('[data-testid=verdict][data-file^=second-]').length;",
        )
        .await;
    assert_eq!(second_lines, json!(5));

    // Leaving the sponsor side while an import runs stops it; nothing breaks.
    import(&session, &first_paths).await;
    session
        .wait_until(&format!(
            "document.querySelectorAll('[data-testid=verdict]').length > {all}"
        ))
        .await;
    session.click("[data-testid=change-role]").await;
    session.wait_for("[data-testid=choose-sponsor]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!session.exists("#crash").await, "the page crashed");
    session.click("[data-testid=choose-sponsor]").await;
    session.wait_for("[data-testid=sponsor-workspace]").await;
    import(&session, &second_paths[..1]).await;
    verdict(&session, "second-0000.json", "unpinned").await;
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

/// The example's organisation as a stored vendor at the cybersecurity assessment step, with
/// no key pinned yet.
fn vendor_awaiting_its_assessment() -> String {
    let text = std::fs::read_to_string(data("example-export.json")).expect("the example");
    let file: Value = serde_json::from_str(&text).expect("json");
    let organisation: Organisation =
        serde_json::from_value(file["payload"]["organisation"].clone()).expect("organisation");
    let service: Service =
        serde_json::from_value(file["payload"]["service"].clone()).expect("service");
    stored_vendor(
        &organisation,
        &service,
        [
            Command::CompleteIdentification,
            Command::ConcludeServiceQualification(crate::vendors::qualification()),
        ],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fingerprint_confirmed_while_an_import_runs_counts_for_every_file_of_that_key() {
    let folder = tempfile::tempdir().expect("a folder");
    let files = many(folder.path(), "pin", 400);
    let server = StaticServer::start(&dist(), "/");
    let session = sponsor_session(&server).await;
    session
        .eval(&format!(
            "localStorage.setItem('croqual:vendor:VND-0001', {}); return true;",
            Value::String(vendor_awaiting_its_assessment())
        ))
        .await;
    session.client.refresh().await.expect("reload");
    session.wait_for("[data-testid=register-table]").await;

    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    import(&session, &paths).await;
    // The first line asks for the key: it is confirmed at once, while the rest are examined.
    let confirm = "[data-testid=verdict] [data-testid=confirm-fingerprint]";
    session
        .wait_until(&format!("document.querySelector({confirm:?})"))
        .await;
    let fingerprint = SigningKey::from_seed([43; 32]).fingerprint().to_string();
    session
        .eval(&format!(
            "const line = document.querySelector({confirm:?}).closest('[data-testid=verdict]');\
             const input = line.querySelector('[data-testid=confirm-fingerprint]');\
             input.value = {fingerprint:?}; input.dispatchEvent(new Event('input', {{bubbles: true}}));\
             line.querySelector('[data-testid=pin-confirmed]').click(); return true;"
        ))
        .await;
    session
        .wait_until("performance.getEntriesByName('croqual-import').length === 1")
        .await;
    let summary = session.text("[data-testid=batch-summary]").await;
    assert!(summary.ends_with(": 400 files: received 400"), "{summary}");
    assert!(!session.exists("#crash").await, "the page crashed");
    session.close().await;
}
