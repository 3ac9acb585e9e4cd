//! The CRO workspace, clicked through in headless Chromium: the steps, answering a whole
//! questionnaire with a reload half-way, the signed export, and the CLI agreeing with it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::{Session, StaticServer, dist};

/// Opens the app as a provider, on a fresh profile.
pub async fn provider_session(server: &StaticServer) -> Session {
    let session = Session::start().await;
    session.open(&server.url()).await;
    session.click("[data-testid=choose-provider]").await;
    session.wait_for("[data-testid=provider-workspace]").await;
    session
}

/// Starts an assessment and opens `domain` of its questionnaire.
async fn new_assessment_at_domain(session: &Session, domain: &str) {
    session.click("[data-testid=new-assessment]").await;
    session.click("[data-testid=step-questionnaire]").await;
    session
        .click(&format!("[data-testid=domain-{domain}]"))
        .await;
}

/// Types `text` into the input with test id `testid`.
pub async fn type_into(session: &Session, testid: &str, text: &str) {
    let input = session.wait_for(&format!("[data-testid={testid}]")).await;
    input
        .send_keys(text)
        .await
        .unwrap_or_else(|error| panic!("typing into {testid}: {error}"));
}

/// Fills identity and tiering of the open assessment.
pub async fn describe(session: &Session, legal_name: &str) {
    session.click("[data-testid=step-identity]").await;
    for (testid, text) in [
        ("legal-name", legal_name),
        ("registration-id", "HRB 987654"),
        ("country", "DE"),
        ("contact-name", "Ada Muster"),
        ("contact-role", "Information Security Officer"),
        ("contact-email", "isms@example-cro.test"),
        ("service-name", "EDC hosting and data management"),
        ("sponsor", "Example Pharma AG"),
    ] {
        type_into(session, testid, text).await;
    }
    session.wait_for("[data-testid=identity-complete]").await;
    session.click("[data-testid=step-tiering]").await;
    session
        .click("[data-testid=tiering-function] input[value=Critical]")
        .await;
    session
        .click("[data-testid=tiering-data] input[value=HealthOrTrialSubject]")
        .await;
    session
        .click("[data-testid=tiering-access] input[value=ReadOnly]")
        .await;
    assert!(
        session
            .text("[data-testid=tier]")
            .await
            .starts_with("Tier 1")
    );
}

/// Answers every visible unanswered question of the open domain, in a rotating mix, until
/// none is left (answers reveal follow-ups). Returns how many it answered.
async fn answer_domain(session: &Session, seed: usize) -> usize {
    // Returns a promise, which WebDriver awaits: follow-ups and the justification box appear
    // after the app has rendered, a task later.
    let script = r#"
        const seed = arguments[0];
        const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
        let answered = 0;
        for (let round = 0; round < 10; round++) {
            const open = [...document.querySelectorAll('[data-testid=questions] article.question:not([hidden]):not(.answered)')];
            if (open.length === 0) break;
            for (const card of open) {
                const k = (seed + answered) % 7;
                const scale = card.querySelector('[data-testid=scale]');
                if (scale) {
                    const value = ['yes', 'yes', 'partial', 'no', 'yes', 'na', 'yes'][k];
                    card.querySelector('[data-testid=answer-' + value + ']').click();
                    if (value === 'na') {
                        await settle();
                        const box = card.querySelector('[data-testid=na-justification]');
                        box.value = 'Not used for this service: no on-premise systems.';
                        box.dispatchEvent(new Event('input', { bubbles: true }));
                    }
                } else if (card.querySelector('[data-testid=single]')) {
                    const options = card.querySelectorAll('[data-testid=single] input');
                    options[k % options.length].click();
                } else if (card.querySelector('[data-testid=multiple]')) {
                    card.querySelector('[data-testid=multiple] input').click();
                } else if (card.querySelector('[data-testid=answer-text]')) {
                    const box = card.querySelector('[data-testid=answer-text]');
                    box.value = 'Described in our ISMS manual, section 4.';
                    box.dispatchEvent(new Event('input', { bubbles: true }));
                } else if (card.querySelector('[data-testid=answer-date]')) {
                    const box = card.querySelector('[data-testid=answer-date]');
                    box.value = '2026-09-30';
                    box.dispatchEvent(new Event('change', { bubbles: true }));
                } else if (card.querySelector('[data-testid=answer-number]')) {
                    const box = card.querySelector('[data-testid=answer-number]');
                    box.value = '24';
                    box.dispatchEvent(new Event('change', { bubbles: true }));
                }
                answered++;
            }
            await settle();
        }
        return answered;
    "#;
    let answered = session
        .client
        .execute(
            &format!("return (async function() {{ {script} }}).apply(null, arguments);"),
            vec![seed.into()],
        )
        .await
        .expect("answering a domain");
    answered.as_u64().unwrap_or(0) as usize
}

async fn domain_ids(session: &Session) -> Vec<String> {
    let ids = session
        .eval("return [...document.querySelectorAll('[data-testid^=domain-]')].map(e => e.dataset.testid.slice(7));")
        .await;
    ids.as_array()
        .expect("domain ids")
        .iter()
        .filter_map(|id| id.as_str().map(str::to_owned))
        .collect()
}

async fn answered_count(session: &Session) -> String {
    session.text("[data-testid=answered-count]").await
}

/// The newest file in `folder` whose name ends with `suffix`, once Chromium has finished it.
pub async fn downloaded(folder: &Path, suffix: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = std::fs::read_dir(folder)
            .expect("download folder")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.to_string_lossy().ends_with(suffix))
            .max_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
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
        assert!(
            Instant::now() < deadline,
            "no download ending in {suffix} within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs `croqual verify FILE --trust KEY [--pack PACK] --json` and returns its exit status
/// and report.
pub fn cli_verify(file: &Path, key: &Path, pack: Option<&Path>) -> (i32, serde_json::Value) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_croqual"));
    command
        .arg("verify")
        .arg(file)
        .arg("--trust")
        .arg(key)
        .arg("--json");
    if let Some(pack) = pack {
        command.arg("--pack").arg(pack);
    }
    let output = command.output().expect("run croqual verify");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "croqual verify printed no JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// What a sponsor would send back for `export`: a signed decision with a two-item plan, and
/// the sponsor's public key file, both written to `folder`.
fn sponsor_decides(export: &Path, provider_key: &Path, folder: &Path) -> (PathBuf, PathBuf) {
    use croqual::attest::envelope::{TrustStore, Vendor};
    use croqual::attest::keys::{PrivateKeyBackup, PublicKeyFile, SigningKey};
    use croqual::export::{
        DecidedSubmission, Decision, DecisionParts, PackLibrary, PlannedAction, Sponsor,
        sign_decision, verify_submission,
    };

    let provider =
        PublicKeyFile::from_bytes(&std::fs::read(provider_key).expect("key")).expect("a key file");
    let mut trust = TrustStore::new();
    trust
        .pin(
            provider.fingerprint(),
            Vendor {
                id: "VND-1".into(),
                name: provider.name().to_owned(),
            },
        )
        .expect("pin");
    let report = verify_submission(
        &std::fs::read(export).expect("export"),
        &trust,
        &PackLibrary::new(),
    );
    let verified = report.submission.expect("a verified submission");
    let due = jiff::civil::date(2027, 6, 30);
    let plan = ["PRIV-10", "PEOPLE-02"]
        .into_iter()
        .map(|question| PlannedAction {
            question: Some(question.parse().expect("id")),
            action: format!("Close the gap on {question}"),
            owner: "CRO security officer".into(),
            due_on: due,
            status: croqual::assessment::ActionStatus::Open,
        })
        .collect();
    let decision = Decision::new(DecisionParts {
        submission: DecidedSubmission::of(&verified),
        sponsor: Sponsor {
            organisation: "Example Pharma AG".into(),
            decided_by: "Quinn Lead".into(),
            role: "Qualification lead".into(),
        },
        outcome: croqual::assessment::Outcome::AcceptedWithCorrectiveActions,
        reasons: vec!["Two gaps to close before the first patient.".into()],
        plan,
        risk_acceptance: None,
        decided_at: jiff::Timestamp::now(),
    })
    .expect("a decision");
    let key = SigningKey::from_seed([9; 32]);
    let signed = sign_decision(&decision, &key).expect("signed");
    let backup = PrivateKeyBackup::new("Example Pharma AG", key).expect("a name");
    let decision_file = folder.join("decision.json");
    let key_file = folder.join("sponsor.pub");
    std::fs::write(&decision_file, signed.to_json()).expect("written");
    std::fs::write(&key_file, backup.public_file().to_text()).expect("written");
    (decision_file, key_file)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_assessment_walks_through_every_step() {
    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;

    session.screenshot("provider-0-list-empty").await;
    session.click("[data-testid=new-assessment]").await;
    session.wait_for("[data-testid=identity-step]").await;
    session.screenshot("provider-1-identity").await;
    session.click("[data-testid=step-tiering]").await;
    session.wait_for("[data-testid=tiering-step]").await;
    session.screenshot("provider-2-tiering").await;
    session.click("[data-testid=step-certificates]").await;
    session.click("[data-testid=add-certificate]").await;
    // A new record counts only once it says what it is and that it covers the service.
    session
        .wait_for("[data-testid=certificate-check].bad")
        .await;
    assert_eq!(
        session.text("[data-testid=path-name]").await,
        "Full questionnaire"
    );
    for (field, text) in [
        ("certificate-number", "DE-ISMS-2025-0101"),
        ("certificate-issuer", "Example Certification GmbH"),
        ("certificate-scope", "Clinical data management services"),
    ] {
        session
            .wait_for(&format!("[data-testid={field}]"))
            .await
            .send_keys(text)
            .await
            .expect("typing into the certificate");
    }
    session.click("[data-testid=certificate-covers]").await;
    session
        .wait_for("[data-testid=certificate-check].good")
        .await;
    assert_eq!(
        session.text("[data-testid=path-name]").await,
        "Reduced questionnaire"
    );
    session.screenshot("provider-3-certificates").await;
    session.click("[data-testid=remove-certificate]").await;
    assert_eq!(
        session.text("[data-testid=path-name]").await,
        "Full questionnaire"
    );
    session.click("[data-testid=step-questionnaire]").await;
    session.wait_for("[data-testid=question-GOV-01]").await;
    session
        .click("[data-testid=question-GOV-01] [data-testid=answer-yes]")
        .await;
    session.screenshot("provider-4-questionnaire").await;
    session.click("[data-testid=step-review]").await;
    session.wait_for("[data-testid=outcome]").await;
    session.screenshot("provider-5-review").await;
    session.click("[data-testid=step-export]").await;
    session.wait_for("[data-testid=export-step]").await;
    let warning = session.text("[data-testid=export-unanswered]").await;
    assert!(
        warning.contains("required questions are still unanswered, ")
            && warning.contains("critical"),
        "{warning}"
    );
    session.screenshot("provider-6-export").await;
    // Refused (the tiering is not given yet), the export makes no key either.
    session.click("[data-testid=export]").await;
    wait_for_text(
        &session,
        "[data-testid=export-problem]",
        "before you export",
    )
    .await;
    assert!(session.exists("[data-testid=create-key]").await);
    assert!(!session.exists("[data-testid=fingerprint]").await);

    // The browser's Back goes through the steps to the list and stays in the app; Forward
    // returns to the assessment. A marker set on the page tells that it never reloaded.
    session
        .eval("window.croqualStayed = true; document.querySelector('[data-testid=editor]').dataset.kept = 'yes';")
        .await;
    session.eval("history.back();").await;
    session
        .wait_for("[data-testid=step-review][aria-current=step]")
        .await;
    // Between steps only the step changes: the editor is not built again.
    assert!(session.exists("[data-testid=editor][data-kept=yes]").await);
    for _ in 0..4 {
        session.eval("history.back();").await;
    }
    session
        .wait_for("[data-testid=step-identity][aria-current=step]")
        .await;
    session.eval("history.back();").await;
    session.wait_for("[data-testid=assessment-row]").await;
    assert!(!session.exists("[data-testid=editor]").await);
    session.eval("history.forward();").await;
    session.wait_for("[data-testid=identity-step]").await;
    assert_eq!(
        session.eval("return window.croqualStayed === true;").await,
        serde_json::Value::Bool(true),
        "Back or Forward reloaded the page"
    );
    // A typed fragment naming nothing is corrected in place: one entry, the browser's own.
    // (A step first, so that no Forward entries are left to be dropped.)
    session.click("[data-testid=step-tiering]").await;
    session
        .wait_until("location.hash.endsWith('step=tiering')")
        .await;
    let entries = session.eval("return history.length;").await;
    session
        .eval("location.hash = '#assessment=nonsense&step=zzz';")
        .await;
    session.wait_until("location.hash === ''").await;
    session.wait_for("[data-testid=assessment-row]").await;
    assert_eq!(
        session.eval("return history.length - 1;").await,
        entries,
        "the correction added an entry"
    );
    // After "Change role" this side is gone: Back and Forward must not reach into it.
    session.click("[data-testid=change-role]").await;
    session.wait_for("[data-testid=choose-provider]").await;
    session.eval("history.back();").await;
    session.eval("history.forward();").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !session.exists("#crash").await,
        "Back after \"Change role\" stopped the app"
    );
    session.click("[data-testid=choose-provider]").await;
    session.wait_for("[data-testid=assessment-row]").await;

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_questionnaire_survives_a_reload_and_its_export_verifies_with_the_cli() {
    // Served from a sub-path for the whole flow, as on a static host (case B11).
    let server = StaticServer::start(&dist(), "/tools/croqual/");
    let session = provider_session(&server).await;
    session.click("[data-testid=new-assessment]").await;
    describe(&session, "Société Générale – Zürich: \"Clinical\" <Lab>").await;

    session.click("[data-testid=step-questionnaire]").await;
    let domains = domain_ids(&session).await;
    assert_eq!(domains.len(), 18, "{domains:?}");
    let (first_half, second_half) = domains.split_at(domains.len() / 2);
    let mut answered = 0;
    for (index, domain) in first_half.iter().enumerate() {
        session
            .click(&format!("[data-testid=domain-{domain}]"))
            .await;
        answered += answer_domain(&session, index).await;
    }
    let before = answered_count(&session).await;
    session.client.refresh().await.expect("reload");
    // The list counts answers as the questionnaire does.
    assert_eq!(
        format!(
            "{} questions answered",
            session.text("[data-testid=row-progress]").await
        ),
        before
    );
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-questionnaire]").await;
    assert_eq!(
        answered_count(&session).await,
        before,
        "answers lost in the reload"
    );
    for (index, domain) in second_half.iter().enumerate() {
        session
            .click(&format!("[data-testid=domain-{domain}]"))
            .await;
        answered += answer_domain(&session, index + 3).await;
    }
    assert!(answered > 150, "only {answered} answers given");
    let progress = answered_count(&session).await;
    let (done, required) = progress.split_once(" of ").expect("N of M");
    assert_eq!(
        done,
        required.split(' ').next().unwrap_or_default(),
        "{progress}"
    );

    session.click("[data-testid=step-review]").await;
    let score = session.text("[data-testid=review-score]").await;
    let outcome = session.text("[data-testid=outcome-label]").await;
    session.screenshot("provider-flow-review").await;

    session.click("[data-testid=step-export]").await;
    session.click("[data-testid=export]").await;
    session.wait_for("[data-testid=export-done]").await;
    session.click("[data-testid=download-public-key]").await;
    session.screenshot("provider-flow-exported").await;
    let export = downloaded(session.downloads.path(), "_submission-r1.json").await;
    let key = downloaded(session.downloads.path(), ".pub").await;
    let name = export
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("Société-Générale-Zürich-Clinical-Lab_"),
        "{name}"
    );

    // The key's backup restores it; a bad file says so and leaves the key as it was.
    let fingerprint = session.text("[data-testid=fingerprint]").await;
    session.click("[data-testid=download-private-key]").await;
    let backup = downloaded(session.downloads.path(), "_PRIVATE-key-backup.key").await;
    let empty =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shared/cases/B01_empty.json");
    session
        .wait_for("[data-testid=restore-key]")
        .await
        .send_keys(&empty.display().to_string())
        .await
        .expect("pick");
    wait_for_text(
        &session,
        "[data-testid=key-problem]",
        "The key was not changed.",
    )
    .await;
    assert_eq!(session.text("[data-testid=fingerprint]").await, fingerprint);
    session
        .wait_for("[data-testid=restore-key]")
        .await
        .send_keys(&backup.display().to_string())
        .await
        .expect("pick");
    wait_for_text(
        &session,
        "[data-testid=key-done]",
        "This backup holds the key already in this browser: nothing changed.",
    )
    .await;
    assert_eq!(session.text("[data-testid=fingerprint]").await, fingerprint);
    // Another key's backup never replaces this one unasked.
    let elsewhere = tempfile::tempdir().expect("a folder");
    let other = elsewhere.path().join("other_PRIVATE-key-backup.key");
    let other_key = croqual::attest::keys::PrivateKeyBackup::new(
        "Another CRO",
        croqual::attest::keys::SigningKey::from_seed([14; 32]),
    )
    .expect("a name");
    std::fs::write(&other, other_key.to_text().as_bytes()).expect("written");
    session
        .wait_for("[data-testid=restore-key]")
        .await
        .send_keys(&other.display().to_string())
        .await
        .expect("pick");
    let asked = session.text("[data-testid=key-replace]").await;
    assert!(asked.contains("This backup holds another key"), "{asked}");
    session.click("[data-testid=key-replace-keep]").await;
    wait_for_text(&session, "[data-testid=key-problem]", "You kept your key").await;
    assert_eq!(session.text("[data-testid=fingerprint]").await, fingerprint);

    let (status, report) = cli_verify(&export, &key, None);
    assert_eq!(status, 0, "croqual verify: {report:#}");
    let report = &report[0];
    assert_eq!(
        format!(
            "{} %",
            report["recomputed"]["overall"].as_str().unwrap_or("?")
        ),
        score,
        "{report:#}"
    );
    assert_eq!(
        report["claimed"]["overall"],
        report["recomputed"]["overall"]
    );
    let outcome_json = report["recomputed"]["outcome"]
        .as_str()
        .unwrap_or("?")
        .replace('_', " ");
    assert_eq!(outcome_json, outcome.to_lowercase(), "{report:#}");

    // The sponsor's signed decision comes back: the provider imports it with the sponsor's
    // key and sees the plan.
    let folder = tempfile::tempdir().expect("a folder");
    let (decision, sponsor_key) = sponsor_decides(&export, &key, folder.path());
    session.click("[data-testid=step-export]").await;
    // One's own public key is not the sponsor's.
    session
        .wait_for("[data-testid=import-decision]")
        .await
        .send_keys(&key.display().to_string())
        .await
        .expect("pick");
    wait_for_text(
        &session,
        "[data-testid=decision-problem]",
        "is your own public key",
    )
    .await;
    let picker = session.wait_for("[data-testid=import-decision]").await;
    picker
        .send_keys(&format!(
            "{}\n{}",
            sponsor_key.display(),
            decision.display()
        ))
        .await
        .expect("pick files");
    session.wait_for("[data-testid=decision]").await;
    let shown_key = session.text("[data-testid=sponsor-key]").await;
    assert!(
        shown_key.starts_with("The sponsor's key (Example Pharma AG): "),
        "{shown_key}"
    );
    assert_eq!(
        session.text("[data-testid=decision-outcome]").await,
        "Accepted with corrective actions"
    );
    let signature = session.text("[data-testid=decision-signature]").await;
    assert!(
        signature.starts_with("verified: signed with the pinned key of Example Pharma AG"),
        "{signature}"
    );
    assert_eq!(
        session
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=plan-item]"))
            .await
            .expect("plan")
            .len(),
        2
    );
    session
        .eval("document.querySelector('[data-testid=decision]').scrollIntoView(); return true;")
        .await;
    session.screenshot("provider-flow-decision").await;

    // Another key file under the sponsor's name is not a silent switch, nor is a private
    // key backup ever taken.
    let impostor = folder.path().join("impostor.pub");
    let impostor_key = croqual::attest::keys::PrivateKeyBackup::new(
        "Example Pharma AG",
        croqual::attest::keys::SigningKey::from_seed([13; 32]),
    )
    .expect("a name");
    std::fs::write(&impostor, impostor_key.public_file().to_text()).expect("written");
    let secret = folder.path().join("secret.key");
    std::fs::write(&secret, impostor_key.to_text()).expect("written");
    session
        .wait_for("[data-testid=import-decision]")
        .await
        .send_keys(&impostor.display().to_string())
        .await
        .expect("pick");
    let warning = session.text("[data-testid=sponsor-key-change]").await;
    assert!(
        warning.contains("This is not the sponsor's key pinned here"),
        "{warning}"
    );
    session.click("[data-testid=keep-sponsor-key]").await;
    assert!(!session.exists("[data-testid=sponsor-key-change]").await);
    let signature = session.text("[data-testid=decision-signature]").await;
    assert!(
        signature.starts_with("verified: signed with the pinned key of Example Pharma AG"),
        "the pinned key stayed: {signature}"
    );
    session
        .wait_for("[data-testid=import-decision]")
        .await
        .send_keys(&secret.display().to_string())
        .await
        .expect("pick");
    wait_for_text(
        &session,
        "[data-testid=decision-problem]",
        "is a PRIVATE key backup, a secret",
    )
    .await;

    session.assert_clean(&server.origin()).await;
    let outside: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|path| !path.starts_with("/tools/croqual/"))
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside the sub-path: {outside:?}"
    );
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_oscal_catalog_converted_in_the_browser_exports_a_file_the_cli_verifies_with_the_catalog()
 {
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/shared/catalogs/mvsp_v3.0-20231109-catalog.json");
    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;
    session.click("[data-testid=new-assessment]").await;
    describe(&session, "Example CRO GmbH").await;

    session.click("[data-testid=step-questionnaire]").await;
    let picker = session.wait_for("[data-testid=load-pack]").await;
    picker
        .send_keys(&catalog.display().to_string())
        .await
        .expect("pick the catalog");
    session
        .wait_for("[data-testid=question-ctl_1\\.1-mvsp]")
        .await;
    let title = session.text("[data-testid=pack-title]").await;
    assert!(title.starts_with("MVSP"), "{title}");
    assert_eq!(
        session.text("[data-testid=pack-size]").await,
        "25 questions in 4 domains"
    );
    for (index, domain) in domain_ids(&session).await.iter().enumerate() {
        session
            .click(&format!(
                "[data-testid=domain-{}]",
                domain.replace('.', "\\.")
            ))
            .await;
        answer_domain(&session, index).await;
    }
    session.screenshot("provider-oscal-questionnaire").await;
    session.click("[data-testid=step-review]").await;
    let score = session.text("[data-testid=review-score]").await;

    // The catalog survives a reload: it is stored under its digest.
    session.client.refresh().await.expect("reload");
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-review]").await;
    assert_eq!(session.text("[data-testid=review-score]").await, score);

    session.click("[data-testid=step-export]").await;
    session.click("[data-testid=export]").await;
    session.wait_for("[data-testid=export-done]").await;
    session.click("[data-testid=download-public-key]").await;
    let export = downloaded(session.downloads.path(), "_submission-r1.json").await;
    let key = downloaded(session.downloads.path(), ".pub").await;

    // Without the catalog the CLI cannot recompute, and says so; with it, it agrees.
    let (status, report) = cli_verify(&export, &key, None);
    assert_eq!(status, 2, "{report:#}");
    let (status, report) = cli_verify(&export, &key, Some(&catalog));
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(
        format!(
            "{} %",
            report[0]["recomputed"]["overall"].as_str().unwrap_or("?")
        ),
        score
    );

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_questionnaire_works_from_the_keyboard_and_answers_never_move_the_page() {
    use fantoccini::key::Key;

    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;
    new_assessment_at_domain(&session, "TPM").await;
    session.wait_for("[data-testid=question-TPM-06]").await;

    // Focus the gate's first option, then answer with the arrow keys and space only.
    session
        .eval("document.querySelector('[data-testid=question-TPM-06] [data-testid=single] input').focus(); return true;")
        .await;
    let focused = session
        .client
        .active_element()
        .await
        .expect("a focused element");
    let top_before = session
        .eval("return document.querySelector('[data-testid=question-TPM-06]').getBoundingClientRect().top;")
        .await;
    focused.send_keys(" ").await.expect("space");
    // The follow-ups appear below the gate; the gate stays where it was.
    session
        .wait_for("[data-testid=question-TPM-07]:not([hidden])")
        .await;
    let top_after = session
        .eval("return document.querySelector('[data-testid=question-TPM-06]').getBoundingClientRect().top;")
        .await;
    assert_eq!(top_before, top_after, "answering moved the page");

    let next = session.client.active_element().await.expect("focus");
    next.send_keys(&Key::Down.to_string())
        .await
        .expect("arrow down");
    let chosen = session
        .eval("const e = document.querySelector('[data-testid=question-TPM-06] input:checked'); return e && e.value;")
        .await;
    assert_eq!(
        chosen,
        serde_json::json!("no"),
        "the arrow key did not move the choice"
    );
    // With "no", the follow-ups go again.
    assert!(
        session
            .exists("[data-testid=question-TPM-07][hidden]")
            .await
    );

    // Tab reaches the next question's options.
    let focus = session.client.active_element().await.expect("focus");
    for _ in 0..12 {
        focus.send_keys(&Key::Tab.to_string()).await.expect("tab");
    }
    let tag = session
        .eval("return document.activeElement && document.activeElement.tagName;")
        .await;
    assert!(tag.as_str().is_some(), "focus was lost");

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_files_get_their_own_message_and_change_nothing() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shared/cases");
    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;
    session.click("[data-testid=new-assessment]").await;
    // Markup-looking text is shown as text, never run.
    type_into(
        &session,
        "legal-name",
        "<img src=x onerror=alert(1)> & Söhne \u{202e}RTL",
    )
    .await;
    session.click("[data-testid=step-questionnaire]").await;
    session
        .click("[data-testid=question-GOV-01] [data-testid=answer-yes]")
        .await;
    let before = session.text("[data-testid=pack-title]").await;

    let expected = [
        ("B01_empty.json", "empty"),
        ("B01_invalid_utf8.json", "UTF-8"),
        ("B01_png_named_json.json", "PNG"),
        ("B01_truncated_signed.json", "incomplete JSON"),
    ];
    for (name, words) in expected {
        let picker = session.wait_for("[data-testid=load-pack]").await;
        picker
            .send_keys(&cases.join(name).display().to_string())
            .await
            .expect("pick");
        session.wait_for("[data-testid=pack-problem]").await;
        let message = session.text("[data-testid=pack-problem]").await;
        assert!(message.starts_with(name), "{name}: {message}");
        assert!(message.contains(words), "{name}: {message}");
        assert!(
            message.ends_with("The questionnaire was not changed."),
            "{message}"
        );
        assert_eq!(session.text("[data-testid=pack-title]").await, before);
    }
    // A JSON file that is some other OSCAL model says what it is.
    let folder = tempfile::tempdir().expect("a folder");
    let profile = folder.path().join("profile.json");
    std::fs::write(
        &profile,
        r#"{"profile": {"uuid": "x", "metadata": {"title": "p"}, "imports": []}}"#,
    )
    .expect("written");
    session
        .wait_for("[data-testid=load-pack]")
        .await
        .send_keys(&profile.display().to_string())
        .await
        .expect("pick");
    session.wait_for("[data-testid=pack-problem]").await;
    let message = session.text("[data-testid=pack-problem]").await;
    assert!(message.contains("profile"), "{message}");
    // OSCAL's XML form is named as such.
    let xml = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/shared/catalogs/NIST_CSF_v2.0_catalog.xml");
    session
        .wait_for("[data-testid=load-pack]")
        .await
        .send_keys(&xml.display().to_string())
        .await
        .expect("pick");
    wait_for_text(&session, "[data-testid=pack-problem]", "this is XML").await;
    assert_eq!(session.text("[data-testid=pack-title]").await, before);
    session.screenshot("provider-bad-file").await;

    // Not applicable says at once that it needs its reason before it counts.
    session
        .click("[data-testid=question-GOV-02] [data-testid=answer-na]")
        .await;
    wait_for_text(
        &session,
        "[data-testid=question-GOV-02] [data-testid=answer-problem]",
        "until you do, the question stays unanswered",
    )
    .await;

    // An empty evidence file is refused; a real one is referenced by its SHA-256.
    let empty = folder.path().join("scan.pdf");
    std::fs::write(&empty, b"").expect("written");
    let policy = folder.path().join("policy.pdf");
    std::fs::write(&policy, b"the information security policy").expect("written");
    session
        .wait_for("[data-testid=question-GOV-01] [data-testid=add-evidence]")
        .await
        .send_keys(&empty.display().to_string())
        .await
        .expect("pick");
    wait_for_text(
        &session,
        "[data-testid=question-GOV-01] [data-testid=answer-problem]",
        "scan.pdf is empty (0 bytes)",
    )
    .await;
    session
        .wait_for("[data-testid=question-GOV-01] [data-testid=add-evidence]")
        .await
        .send_keys(&policy.display().to_string())
        .await
        .expect("pick");
    wait_for_text(
        &session,
        "[data-testid=question-GOV-01] [data-testid=evidence-ref]",
        "policy.pdf",
    )
    .await;
    let references = session
        .eval("return document.querySelectorAll('[data-testid=question-GOV-01] [data-testid=evidence-ref]').length;")
        .await;
    assert_eq!(
        references,
        serde_json::json!(1),
        "the empty file left no reference"
    );

    session.click("[data-testid=back-to-list]").await;
    for (name, words) in expected {
        restore_backup(&session, &cases.join(name)).await;
        session.wait_for("[data-testid=list-problem]").await;
        let message = session.text("[data-testid=list-problem]").await;
        assert!(
            message.contains(words) && message.ends_with("Nothing was restored."),
            "{name}: {message}"
        );
    }
    let rows = session
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=assessment-row]"))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1, "a bad backup changed the list");
    let shown = session
        .text("[data-testid=assessment-row] td:nth-child(2)")
        .await;
    assert!(
        shown.starts_with("<img src=x onerror=alert(1)> & Söhne"),
        "{shown}"
    );
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

/// Waits until the element matching `css` exists and its text contains `words`.
/// Gives `file` to the list's "Restore a backup" picker.
async fn restore_backup(session: &Session, file: &Path) {
    session
        .wait_for("[data-testid=restore-backup]")
        .await
        .send_keys(&file.display().to_string())
        .await
        .expect("pick");
}

async fn wait_for_text(session: &Session, css: &str, words: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if session.exists(css).await && session.text(css).await.contains(words) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css} did not say {words:?} within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The open assessment as stored.
async fn stored_record(session: &Session) -> serde_json::Value {
    session
        .eval(
            "const key = Object.keys(localStorage).find(k => k.startsWith('croqual:assessment:'));
             return key ? JSON.parse(localStorage.getItem(key)) : null;",
        )
        .await
}

/// Types the digits of a date (month, day, year, as Chrome's en-US date field takes them)
/// into the date input matching `css` from its first part, then leaves it with Tab.
async fn type_date(session: &Session, css: &str, digits: &str) {
    // The order of a date field's parts follows the locale.
    session
        .cdp(
            "Emulation.setLocaleOverride",
            serde_json::json!({ "locale": "en-US" }),
        )
        .await;
    session
        .eval(&format!(
            "document.querySelector({css:?}).focus(); return true;"
        ))
        .await;
    let field = session.wait_for(css).await;
    field.send_keys(digits).await.expect("typing the date");
    field
        .send_keys(&fantoccini::key::Key::Tab.to_string())
        .await
        .expect("leaving the date");
}

/// Waits until the stored record holds `expected` at the JSON `pointer`.
async fn wait_stored(session: &Session, pointer: &str, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let record = stored_record(session).await;
        if record.pointer(pointer).and_then(serde_json::Value::as_str) == Some(expected) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{pointer} was not stored as {expected:?} within 20 s: {:?}",
            record.pointer(pointer)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sets the value of the input matching `css` at once, then leaves the field.
async fn set_field(session: &Session, css: &str, value: &str) {
    let script = format!(
        "const input = document.querySelector({css:?}); input.value = {value:?};
         input.dispatchEvent(new Event('input', {{ bubbles: true }}));
         input.dispatchEvent(new Event('change', {{ bubbles: true }}));
         input.dispatchEvent(new FocusEvent('blur')); return input.value;"
    );
    session.eval(&script).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_emptied_date_or_number_shows_what_is_kept_and_says_so() {
    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;
    session.click("[data-testid=new-assessment]").await;
    // The checklist names everything the export will ask for, the service too.
    wait_for_text(
        &session,
        "[data-testid=identity-problems]",
        "service name is empty",
    )
    .await;

    // A certificate's date of issue cannot be emptied: the field shows the date kept.
    session.click("[data-testid=step-certificates]").await;
    session.click("[data-testid=add-certificate]").await;
    let issued = "[data-testid=certificate-issued]";
    // Typed part by part over the date shown: Chrome empties the value while a part is
    // incomplete, and the typing must still give the date typed.
    type_date(&session, issued, "02022025").await;
    wait_stored(&session, "/certificates/0/issued_on", "2025-02-02").await;
    set_field(&session, issued, "").await;
    wait_for_text(
        &session,
        "[data-testid=certificate-date-problem]",
        "it stays 2025-02-02",
    )
    .await;
    assert_eq!(
        session
            .eval(&format!("return document.querySelector({issued:?}).value;"))
            .await,
        "2025-02-02"
    );
    assert_eq!(
        stored_record(&session).await["certificates"][0]["issued_on"],
        "2025-02-02"
    );

    // A date question and a number question: emptied, each shows its answer again.
    session.click("[data-testid=step-questionnaire]").await;
    session.click("[data-testid=domain-VULN]").await;
    session
        .click("[data-testid=question-VULN-04] [data-testid=answer-yes]")
        .await;
    let date = "[data-testid=question-VULN-05] [data-testid=answer-date]";
    session.wait_for(date).await;
    set_field(&session, date, "2025-10-01").await;
    wait_stored(&session, "/answers/VULN-05/value/date", "2025-10-01").await;
    type_date(&session, date, "01152025").await;
    wait_stored(&session, "/answers/VULN-05/value/date", "2025-01-15").await;
    set_field(&session, date, "").await;
    wait_for_text(
        &session,
        "[data-testid=question-VULN-05] [data-testid=answer-problem]",
        "the answer stays 2025-01-15",
    )
    .await;
    assert_eq!(
        session
            .eval(&format!("return document.querySelector({date:?}).value;"))
            .await,
        "2025-01-15"
    );
    assert_eq!(
        stored_record(&session).await["answers"]["VULN-05"]["value"]["date"],
        "2025-01-15"
    );

    session.click("[data-testid=domain-LOG]").await;
    let number = "[data-testid=question-LOG-02] [data-testid=answer-number]";
    session.wait_for(number).await;
    set_field(&session, number, "12").await;
    wait_stored(&session, "/answers/LOG-02/value/number", "12").await;
    // A number that does not read says what stands; so does an emptied field.
    set_field(&session, number, "1e400").await;
    wait_for_text(
        &session,
        "[data-testid=question-LOG-02] [data-testid=answer-problem]",
        "the answer stays 12",
    )
    .await;
    set_field(&session, number, "").await;
    wait_for_text(
        &session,
        "[data-testid=question-LOG-02] [data-testid=answer-problem]",
        "enter a number: the answer stays 12",
    )
    .await;
    assert_eq!(
        session
            .eval(&format!("return document.querySelector({number:?}).value;"))
            .await,
        "12"
    );
    assert_eq!(
        stored_record(&session).await["answers"]["LOG-02"]["value"]["number"],
        "12"
    );
    // Emptied by hand, then "Clear answer" at once: the message the field leaves behind must
    // not move the button from under the pointer, and the answer goes.
    session
        .eval(&format!(
            "document.querySelector({number:?}).select(); return true;"
        ))
        .await;
    session
        .wait_for(number)
        .await
        .send_keys(&fantoccini::key::Key::Backspace.to_string())
        .await
        .expect("emptying the number");
    session
        .click("[data-testid=question-LOG-02] [data-testid=clear-answer]")
        .await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while stored_record(&session)
        .await
        .pointer("/answers/LOG-02")
        .is_some()
    {
        assert!(Instant::now() < deadline, "the answer was not cleared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_double_click_signs_one_revision_and_a_lost_key_is_warned_of() {
    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;
    session.click("[data-testid=new-assessment]").await;
    describe(&session, "Double Klick GmbH").await;
    session.click("[data-testid=step-export]").await;
    // Two clicks in one go, as a double click gives them.
    session
        .eval("const b = document.querySelector('[data-testid=export]'); b.click(); b.click(); return true;")
        .await;
    wait_for_text(
        &session,
        "[data-testid=export-done]",
        "Nothing changed since revision 1",
    )
    .await;
    let exports = stored_record(&session).await["exports"].clone();
    assert_eq!(exports.as_array().map(Vec::len), Some(1), "{exports}");
    assert!(
        session
            .text("[data-testid=next-revision]")
            .await
            .starts_with("Nothing changed since revision 1")
    );
    // Still nothing new after a look at another step.
    session.click("[data-testid=step-review]").await;
    session.click("[data-testid=step-export]").await;
    session.click("[data-testid=export]").await;
    wait_for_text(
        &session,
        "[data-testid=export-done]",
        "Nothing changed since revision 1",
    )
    .await;
    let exports = stored_record(&session).await["exports"].clone();
    assert_eq!(exports.as_array().map(Vec::len), Some(1), "{exports}");

    // After a change, the next export is the next revision.
    session.click("[data-testid=step-identity]").await;
    type_into(&session, "service-description", " Hosting.").await;
    session.click("[data-testid=step-export]").await;
    session.click("[data-testid=export]").await;
    wait_for_text(&session, "[data-testid=export-done]", "Revision 2 signed").await;
    let exports = stored_record(&session).await["exports"].clone();
    assert_eq!(exports.as_array().map(Vec::len), Some(2), "{exports}");
    assert!(!session.exists("[data-testid=export-key-change]").await);

    // After a reload this tab no longer holds the file: the step says that nothing changed,
    // and signs the same answers again only when asked to.
    session.client.refresh().await.expect("reload");
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-export]").await;
    wait_for_text(
        &session,
        "[data-testid=next-revision]",
        "Nothing changed since revision 2 (",
    )
    .await;
    session.click("[data-testid=export]").await;
    session.wait_for("[data-testid=export-same]").await;
    let exports = stored_record(&session).await["exports"].clone();
    assert_eq!(exports.as_array().map(Vec::len), Some(2), "{exports}");
    session.click("[data-testid=export-anyway]").await;
    wait_for_text(&session, "[data-testid=export-done]", "Revision 3 signed").await;
    assert!(!session.exists("[data-testid=export-same]").await);

    // Without the key that signed them (a backup restored in another browser, say), the
    // export step warns before a new key would sign the next revision.
    let fingerprint = session.text("[data-testid=fingerprint]").await;
    session
        .eval("localStorage.removeItem('croqual:provider-key'); return true;")
        .await;
    session.client.refresh().await.expect("reload");
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-export]").await;
    let short: String = fingerprint
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    wait_for_text(
        &session,
        "[data-testid=export-key-change]",
        &format!("Revision 3 was signed with the key {short}, which this browser does not hold"),
    )
    .await;

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hiding_follow_ups_at_the_end_of_the_page_leaves_the_answer_in_place() {
    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;
    new_assessment_at_domain(&session, "TPM").await;
    session
        .click("[data-testid=question-TPM-06] [data-testid=option-yes]")
        .await;
    session
        .wait_for("[data-testid=question-TPM-07]:not([hidden])")
        .await;
    // A viewport taller than the rest of the domain, scrolled to the very end of the page with
    // the gate in view: hiding the five follow-ups would leave the view below the end of a
    // shorter page.
    session
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": 1280, "height": 3200, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
    let gate = "[data-testid=question-TPM-06] [data-testid=option-no]";
    let top = format!("return document.querySelector({gate:?}).getBoundingClientRect().top;");
    session
        .eval("window.scrollTo(0, document.documentElement.scrollHeight); return true;")
        .await;
    let before = session.eval(&top).await;
    session
        .eval(&format!(
            "document.querySelector({gate:?}).click(); return true;"
        ))
        .await;
    session
        .wait_for("[data-testid=question-TPM-07][hidden]")
        .await;
    // Measured after the next frame, when the page has been laid out again.
    let after = session
        .client
        .execute_async(
            &format!("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(document.querySelector({gate:?}).getBoundingClientRect().top)));"),
            vec![],
        )
        .await
        .expect("the position after a frame");
    assert_eq!(before, after, "hiding the follow-ups moved the answer");

    // Scrolled back up, the space held below the questions goes.
    session.eval("window.scrollTo(0, 0); return true;").await;
    let held = session
        .client
        .execute_async(
            "const done = arguments[0]; setTimeout(() => done(document.querySelector('.page-hold').offsetHeight), 200);",
            vec![],
        )
        .await
        .expect("the held space");
    assert_eq!(held, serde_json::json!(0));

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workspace_backup_restores_in_another_browser_and_merges_when_restored_again() {
    let server = StaticServer::start(&dist(), "/");
    let session = provider_session(&server).await;
    session.click("[data-testid=new-assessment]").await;
    describe(&session, "Backup Trials GmbH").await;
    session.click("[data-testid=step-questionnaire]").await;
    session
        .click("[data-testid=question-GOV-01] [data-testid=answer-yes]")
        .await;
    let progress = answered_count(&session).await;
    session.click("[data-testid=back-to-list]").await;
    // Renamed from the list: the field takes the focus, Enter keeps the name.
    session.click("[data-testid=rename]").await;
    session
        .wait_until("document.activeElement?.dataset.testid === 'rename-input'")
        .await;
    session.eval("document.activeElement.select();").await;
    type_into(&session, "rename-input", "Trials backup \u{E007}").await;
    wait_for_text(&session, "[data-testid=open-assessment]", "Trials backup").await;
    // Escape leaves the name as it was; Enter on an unchanged name closes the field too.
    for keys in [" zzz\u{E00C}", "\u{E007}"] {
        session.click("[data-testid=rename]").await;
        type_into(&session, "rename-input", keys).await;
        session
            .wait_until("!document.querySelector('[data-testid=rename-input]')")
            .await;
        assert_eq!(
            session.text("[data-testid=open-assessment]").await,
            "Trials backup"
        );
    }
    session.click("[data-testid=download-backup]").await;
    let downloaded_backup = downloaded(session.downloads.path(), "_backup.json").await;
    // The session's download folder goes with it.
    let kept = tempfile::tempdir().expect("a folder");
    let backup = kept.path().join("workspace-backup.json");
    std::fs::copy(&downloaded_backup, &backup).expect("copied");
    session.close().await;

    // Another browser profile: the backup brings the assessment, with its answer.
    let session = provider_session(&server).await;
    restore_backup(&session, &backup).await;
    wait_for_text(
        &session,
        "[data-testid=workspace-notice]",
        "Backup restored: 1 assessment added.",
    )
    .await;
    assert_eq!(
        session
            .text("[data-testid=assessment-row] td:nth-child(2)")
            .await,
        "Backup Trials GmbH"
    );
    assert_eq!(
        session.text("[data-testid=open-assessment]").await,
        "Trials backup"
    );
    assert_eq!(
        format!(
            "{} questions answered",
            session.text("[data-testid=row-progress]").await
        ),
        progress
    );
    // Restored again, it is merged with itself: still one assessment.
    restore_backup(&session, &backup).await;
    wait_for_text(
        &session,
        "[data-testid=workspace-notice]",
        "1 assessment already in this browser, merged",
    )
    .await;
    let rows = session
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=assessment-row]"))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    // A refused file after that: its message stands alone, without the earlier summary.
    let empty =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shared/cases/B01_empty.json");
    restore_backup(&session, &empty).await;
    wait_for_text(
        &session,
        "[data-testid=list-problem]",
        "Nothing was restored.",
    )
    .await;
    assert!(!session.exists("[data-testid=workspace-notice]").await);
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-questionnaire]").await;
    assert_eq!(answered_count(&session).await, progress);

    session.assert_clean(&server.origin()).await;
    session.close().await;
}
