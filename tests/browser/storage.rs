//! The provider workspace when browser storage misbehaves: full, blocked, holding values
//! croqual cannot read, or shared by two tabs. After each, every answer is still there.

use serde_json::json;

use crate::harness::{Session, StaticServer, dist};

const FOREIGN: [(&str, &str); 3] = [
    ("ai_session", "plain-string-not-json"),
    ("theme", "dark"),
    ("other_app_state", "{\"v\":2}"),
];

/// Opens the provider workspace and starts a new assessment, on the questionnaire step.
async fn start_assessment(session: &Session, server: &StaticServer) {
    session.open(&server.url()).await;
    if session.exists("[data-testid=choose-provider]").await {
        session.click("[data-testid=choose-provider]").await;
    }
    session.click("[data-testid=new-assessment]").await;
    session.click("[data-testid=step-questionnaire]").await;
    session.wait_for("[data-testid=question-GOV-01]").await;
}

async fn answer(session: &Session, question: &str, value: &str) {
    session
        .click(&format!(
            "[data-testid=question-{question}] [data-testid=answer-{value}]"
        ))
        .await;
}

/// Opens the first assessment on the questionnaire and checks that GOV-01 is "yes" and GOV-02
/// "partial", as the tests below answer them.
async fn assert_first_answers_kept(session: &Session) {
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-questionnaire]").await;
    session.wait_for("[data-testid=question-GOV-01]").await;
    assert_eq!(checked(session, "GOV-01").await.as_deref(), Some("yes"));
    assert_eq!(checked(session, "GOV-02").await.as_deref(), Some("partial"));
}

async fn checked(session: &Session, question: &str) -> Option<String> {
    let script = format!(
        "const e = document.querySelector('[data-testid=question-{question}] input:checked'); return e ? e.value : null;"
    );
    session.eval(&script).await.as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_storage_shows_a_lasting_notice_and_keeps_the_answers_in_memory() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    start_assessment(&session, &server).await;
    answer(&session, "GOV-01", "yes").await;

    // Case B05: fill localStorage to its quota under another prefix.
    let filled = session
        .eval(
            include_str!("../data/shared/cases/B05_fill_localstorage.js")
                .replace("(() => {", "return (() => {")
                .as_str(),
        )
        .await;
    let _ = filled;
    // The case fills in 256 KiB chunks; top up in small ones so the quota is truly reached.
    session
        .eval("let i = 0; for (const size of [4096, 512, 64, 8, 1]) { try { for (;;) { localStorage.setItem('__b05_filler_small_' + i, 'x'.repeat(size)); i++; } } catch (e) {} } return i;")
        .await;
    let count = session
        .eval("return Object.keys(localStorage).filter(k => k.startsWith('__b05_filler_')).length;")
        .await;
    assert!(count.as_u64().unwrap_or(0) > 0, "the filler stored nothing");

    answer(&session, "GOV-02", "partial").await;
    session.wait_for("[data-testid=not-saved]").await;
    let notice = session.text("[data-testid=not-saved]").await;
    assert!(
        notice.starts_with("Not saved in this browser — download a backup."),
        "{notice}"
    );
    assert_eq!(
        checked(&session, "GOV-02").await.as_deref(),
        Some("partial")
    );
    session.screenshot("storage-full").await;
    // Scrolled down, the notice stays at the top and the domain list stays below it.
    session
        .eval("window.scrollTo(0, document.body.scrollHeight / 2); return true;")
        .await;
    session
        .wait_until(
            "(() => { const notice = document.querySelector('[data-testid=not-saved]').getBoundingClientRect(); const domains = document.querySelector('.domains').getBoundingClientRect(); return window.scrollY > 0 && notice.top <= 1 && domains.top >= notice.bottom; })()",
        )
        .await;
    session.screenshot("storage-full-scrolled").await;
    session.eval("window.scrollTo(0, 0); return true;").await;
    // Leaving the tab now would lose the change: the page asks the browser to confirm.
    let asks = "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;";
    assert_eq!(session.eval(asks).await, serde_json::json!(true));

    // Room again: the next change saves everything pending, and the notice goes.
    session
        .eval("Object.keys(localStorage).filter(k => k.startsWith('__b05_filler_')).forEach(k => localStorage.removeItem(k)); return true;")
        .await;
    answer(&session, "GOV-03", "no").await;
    // The write is a task after the change.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while session.exists("[data-testid=not-saved]").await {
        assert!(
            std::time::Instant::now() < deadline,
            "the notice stays once there is room"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        session.eval(asks).await,
        serde_json::json!(false),
        "nothing to lose: no question"
    );
    session.client.refresh().await.expect("reload");
    assert_first_answers_kept(&session).await;
    assert_eq!(checked(&session, "GOV-03").await.as_deref(), Some("no"));

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn blocked_storage_is_said_at_once_and_the_work_goes_on_in_memory() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.block_storage().await;
    start_assessment(&session, &server).await;
    let notice = session.text("[data-testid=not-saved]").await;
    assert!(
        notice.starts_with("Not saved in this browser — download a backup."),
        "{notice}"
    );
    answer(&session, "GOV-01", "yes").await;
    answer(&session, "GOV-02", "no").await;
    assert_eq!(checked(&session, "GOV-01").await.as_deref(), Some("yes"));
    assert_eq!(checked(&session, "GOV-02").await.as_deref(), Some("no"));
    session.screenshot("storage-blocked").await;
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn work_held_in_the_tab_is_still_there_after_a_change_of_role() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.block_storage().await;
    start_assessment(&session, &server).await;
    answer(&session, "GOV-01", "yes").await;
    answer(&session, "GOV-02", "partial").await;

    // The workspace opens again from what the tab holds, not from the empty storage.
    session.click("[data-testid=change-role]").await;
    session.click("[data-testid=choose-provider]").await;
    assert_first_answers_kept(&session).await;
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_stored_values_are_kept_aside_and_other_apps_keys_survive() {
    let case: serde_json::Value = serde_json::from_str(include_str!(
        "../data/shared/cases/B06_corrupt_storage_values.json"
    ))
    .expect("case B06");
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.open(&server.url()).await;
    session.click("[data-testid=choose-provider]").await;

    for entry in case["values"].as_array().expect("values") {
        let name = entry["name"].as_str().expect("name");
        let raw = entry["raw_value"].as_str().expect("raw value");
        let mut seed = format!(
            "localStorage.clear(); localStorage.setItem('croqual:role', 'provider'); localStorage.setItem('croqual:assessment:seeded', {raw:?});"
        );
        for (key, value) in FOREIGN {
            seed.push_str(&format!("localStorage.setItem({key:?}, {value:?});"));
        }
        seed.push_str("return true;");
        session.eval(&seed).await;
        session.client.refresh().await.expect("reload");
        session.wait_for("[data-testid=provider-workspace]").await;

        let migrated = name == "old schema v0 (flat map)";
        if migrated {
            // The list is drawn a moment after the workspace.
            session.wait_for("[data-testid=assessment-row]").await;
            assert!(
                !session.exists("[data-testid=unreadable]").await,
                "{name}: the flat draft migrates"
            );
            assert_eq!(
                session
                    .client
                    .find_all(fantoccini::Locator::Css("[data-testid=assessment-row]"))
                    .await
                    .expect("rows")
                    .len(),
                1,
                "{name}"
            );
            // And the person is told why a "Recovered draft" appeared.
            let notice = session.text("[data-testid=workspace-notice]").await;
            assert!(
                notice.contains("1 draft saved by an earlier version of croqual was converted"),
                "{name}: {notice}"
            );
        } else {
            session.wait_for("[data-testid=unreadable]").await;
            assert!(
                !session.exists("[data-testid=workspace-notice]").await,
                "{name}: an unreadable value is not a converted draft"
            );
        }
        // Work on: a new assessment and an answer are saved, and the unreadable value stays.
        session.click("[data-testid=new-assessment]").await;
        session.click("[data-testid=step-questionnaire]").await;
        answer(&session, "GOV-01", "yes").await;
        let stored = session
            .eval("return localStorage.getItem('croqual:assessment:seeded');")
            .await;
        if !migrated {
            assert_eq!(stored, json!(raw), "{name}: the raw value was changed");
        }
        for (key, value) in FOREIGN {
            let kept = session
                .eval(&format!("return localStorage.getItem({key:?});"))
                .await;
            assert_eq!(
                kept,
                json!(value),
                "{name}: another app's key {key} changed"
            );
        }
        if name == "truncated JSON" {
            session.click("[data-testid=back-to-list]").await;
            session.screenshot("storage-unreadable").await;
            // Discarding asks once; "Keep" keeps it, and only the confirmation removes it.
            let seeded = "return localStorage.getItem('croqual:assessment:seeded');";
            session.click("[data-testid=discard-unreadable]").await;
            session.click("[data-testid=keep-unreadable]").await;
            assert_eq!(session.eval(seeded).await, json!(raw), "{name}: kept");
            session.click("[data-testid=discard-unreadable]").await;
            session.click("[data-testid=confirm-discard]").await;
            assert_eq!(session.eval(seeded).await, json!(null), "{name}: discarded");
        }
    }
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_editing_one_assessment_keep_each_others_answers() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    start_assessment(&session, &server).await;
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
    session.click("[data-testid=open-assessment]").await;
    session.click("[data-testid=step-questionnaire]").await;
    answer(&session, "GOV-02", "partial").await;

    session
        .client
        .switch_to_window(first.clone())
        .await
        .expect("switch");
    answer(&session, "GOV-01", "yes").await;
    // The first tab learnt of the second tab's answer without reloading.
    assert_eq!(
        checked(&session, "GOV-02").await.as_deref(),
        Some("partial")
    );

    // The first tab last: its page carries the CSP listener the harness installed.
    for tab in [second, first] {
        session.client.switch_to_window(tab).await.expect("switch");
        session.client.refresh().await.expect("reload");
        assert_first_answers_kept(&session).await;
    }
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn what_still_reads_in_a_damaged_assessment_is_restored_and_the_original_is_kept() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    start_assessment(&session, &server).await;
    answer(&session, "GOV-01", "yes").await;
    answer(&session, "GOV-02", "partial").await;
    // Damage the saved record: one answer of the wrong shape breaks it as a whole. The app
    // writes a task after the change, so the damage waits for the last answer to be stored.
    let damaged = session
        .eval(
            "return (async () => {
               const key = Object.keys(localStorage).find(k => k.startsWith('croqual:assessment:'));
               for (let i = 0; i < 200 && !(localStorage.getItem(key) || '').includes('\"GOV-02\"'); i++) {
                 await new Promise((resolve) => setTimeout(resolve, 50));
               }
               const value = JSON.parse(localStorage.getItem(key));
               value.answers['GOV-03'] = 'yes';
               localStorage.setItem(key, JSON.stringify(value));
               return [key, localStorage.getItem(key)];
             })();",
        )
        .await;
    let (key, raw) = (
        damaged[0].as_str().expect("key").to_owned(),
        damaged[1].clone(),
    );
    session.client.refresh().await.expect("reload");
    session.wait_for("[data-testid=unreadable]").await;
    session.click("[data-testid=restore-unreadable]").await;
    session.click("[data-testid=step-questionnaire]").await;
    session.wait_for("[data-testid=question-GOV-01]").await;
    assert_eq!(checked(&session, "GOV-01").await.as_deref(), Some("yes"));
    assert_eq!(
        checked(&session, "GOV-02").await.as_deref(),
        Some("partial")
    );
    let kept = session
        .eval(&format!("return localStorage.getItem({key:?});"))
        .await;
    assert_eq!(kept, raw, "the damaged original was changed");
    session.assert_clean(&server.origin()).await;
    session.close().await;
}
