//! The CRO workspace, clicked through in headless Chromium.

use crate::harness::{Session, StaticServer, dist};

/// Opens the app as a provider, on a fresh profile.
async fn provider_session(server: &StaticServer) -> Session {
    let session = Session::start().await;
    session.open(&server.url()).await;
    session.click("[data-testid=choose-provider]").await;
    session.wait_for("[data-testid=provider-workspace]").await;
    session
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
    session.screenshot("provider-6-export").await;

    session.assert_clean(&server.origin()).await;
    session.close().await;
}
