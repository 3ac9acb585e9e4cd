//! The app shell: loading from any path, the role choice, the About panel, and the page's
//! promises (no console error, no CSP violation, no request beyond its own files).

use serde_json::json;

use crate::harness::{Session, StaticServer, dist};

async fn loads_cleanly_from(prefix: &str) {
    let server = StaticServer::start(&dist(), prefix);
    let session = Session::start().await;
    session.open(&server.url()).await;

    session.wait_for("[data-testid=role-choice]").await;
    let heading = session.text("h1").await;
    assert_eq!(heading, "Who are you?");
    assert!(session.exists("[data-testid=choose-provider]").await);
    assert!(session.exists("[data-testid=choose-sponsor]").await);

    session.assert_clean(&server.origin()).await;
    let outside: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|path| !path.starts_with(prefix))
        .collect();
    assert!(outside.is_empty(), "requests outside {prefix}: {outside:?}");
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shell_loads_from_the_root() {
    loads_cleanly_from("/").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shell_loads_from_a_sub_path() {
    loads_cleanly_from("/tools/croqual/").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chosen_role_survives_a_reload() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.open(&server.url()).await;

    session.click("[data-testid=choose-sponsor]").await;
    session.wait_for("[data-testid=sponsor-workspace]").await;
    session.client.refresh().await.expect("reload");
    session.wait_for("[data-testid=sponsor-workspace]").await;
    assert_eq!(session.text("[data-testid=role-badge]").await, "Sponsor");

    session.click("[data-testid=change-role]").await;
    session.click("[data-testid=choose-provider]").await;
    session.wait_for("[data-testid=provider-workspace]").await;
    session.client.refresh().await.expect("reload");
    session.wait_for("[data-testid=provider-workspace]").await;

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

/// How many times the page fetched each side's WebAssembly so far.
fn bundles_fetched(server: &StaticServer) -> (usize, usize) {
    let requests = server.requests();
    let count = |name: &str| requests.iter().filter(|path| path.ends_with(name)).count();
    (
        count("/croqual-app_bg.wasm"),
        count("/croqual-sponsor_bg.wasm"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn each_side_loads_only_its_own_bundle() {
    let server = StaticServer::start(&dist(), "/tools/croqual/");
    let session = Session::start().await;
    session.open(&server.url()).await;
    session.wait_for("[data-testid=role-choice]").await;
    assert_eq!(bundles_fetched(&server), (1, 0), "the first screen");

    // A service provider never downloads the sponsor's code. The shown side goes into the
    // address, so this tab reloads into it whatever another tab chooses later.
    session.click("[data-testid=choose-provider]").await;
    session.wait_for("[data-testid=provider-workspace]").await;
    assert_eq!(bundles_fetched(&server), (1, 0), "the provider's side");
    let address = session
        .eval("return location.pathname + location.search;")
        .await;
    assert_eq!(address, json!("/tools/croqual/?side=provider"));

    // Choosing the other side opens the page again with that side's bundle, in place of the
    // current one: Back leads to where the person was before the app.
    session.click("[data-testid=change-role]").await;
    let history = session.eval("return history.length;").await;
    session.click("[data-testid=choose-sponsor]").await;
    session.wait_for("[data-testid=sponsor-workspace]").await;
    assert_eq!(bundles_fetched(&server), (1, 1), "the sponsor's side");
    let address = session
        .eval("return location.pathname + location.search;")
        .await;
    assert_eq!(address, json!("/tools/croqual/?side=sponsor"));
    assert_eq!(session.eval("return history.length;").await, history);

    // The stored choice picks the bundle when the address names no side.
    session.open(&server.url()).await;
    session.wait_for("[data-testid=sponsor-workspace]").await;
    assert_eq!(bundles_fetched(&server), (1, 2), "a sponsor coming back");

    // "Change role" forgets the side in the address, so a reload shows the choice again.
    session.click("[data-testid=change-role]").await;
    session.wait_for("[data-testid=role-choice]").await;
    let address = session
        .eval("return location.pathname + location.search;")
        .await;
    assert_eq!(address, json!("/tools/croqual/"));
    session.client.refresh().await.expect("reload");
    session.wait_for("[data-testid=role-choice]").await;
    assert_eq!(bundles_fetched(&server), (2, 2), "the choice again");

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_storage_blocked_the_address_carries_the_chosen_side() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.block_storage().await;
    // Encoded as a browser may write it, and beside other parameters, which are kept.
    session
        .open(&format!(
            "{}?from=intranet&side=%73ponsor#top",
            server.url()
        ))
        .await;
    session.wait_for("[data-testid=sponsor-workspace]").await;
    assert_eq!(bundles_fetched(&server), (0, 1));
    assert_eq!(session.text("[data-testid=role-badge]").await, "Sponsor");

    // With nothing typed yet there is nothing to lose: the other side opens without a prompt.
    session.click("[data-testid=change-role]").await;
    session.click("[data-testid=choose-provider]").await;
    session.wait_for("[data-testid=provider-workspace]").await;
    assert_eq!(bundles_fetched(&server), (1, 1));
    let address = session
        .eval("return location.search + location.hash;")
        .await;
    assert_eq!(address, json!("?from=intranet&side=provider#top"));
    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_about_panel_shows_the_version_and_the_limitations() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.open(&server.url()).await;

    session.click("[data-testid=about-toggle]").await;
    assert_eq!(
        session.text("[data-testid=version]").await,
        env!("CARGO_PKG_VERSION")
    );
    let about = session.text("[data-testid=about]").await;
    assert!(about.contains("Limitations"), "{about}");
    session.screenshot("shell-about").await;
    session.click("[data-testid=about-close]").await;
    assert!(!session.exists("[data-testid=about]").await);

    session.assert_clean(&server.origin()).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_replaces_the_page_with_a_notice_that_saved_work_is_safe() {
    let server = StaticServer::start(&dist(), "/");
    let session = Session::start().await;
    session.open(&server.url()).await;
    session.click("[data-testid=choose-provider]").await;
    session
        .client
        .execute_async(
            "const done = arguments[0]; import('./croqual-app.js').then((m) => { try { m.croqualCrashDrill(); } catch (e) {} done(true); });",
            vec![],
        )
        .await
        .expect("the crash drill ran");
    let notice = session.text("#crash").await;
    assert!(notice.contains("Your saved work is safe"), "{notice}");
    assert!(notice.contains("Reload the page"), "{notice}");
    session.screenshot("shell-crash").await;
    session.click("#crash-reload").await;
    session.wait_for("[data-testid=provider-workspace]").await;
    session.close().await;
}
