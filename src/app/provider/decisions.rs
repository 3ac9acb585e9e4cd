//! The sponsor's decisions on this assessment's exports: imported from their signed files,
//! checked against the sponsor's pinned key, and the corrective-action plan they set.

use croqual::attest::envelope::{TrustStore, Vendor};
use croqual::attest::keys::{PrivateKeyBackup, PublicKeyFile};
use croqual::export::{Verdict, VerifiedDecision, verify_decision};
use croqual::organisation::reveal_bidi;
use croqual::provider::{AssessmentRecord, ReceivedDecision};
use leptos::prelude::*;

use super::editor::Editing;
use super::review::outcome_label;
use crate::app::{browser, files};

/// The trust a provider gives: the sponsor's key, when pinned.
fn trust(record: &AssessmentRecord) -> TrustStore {
    let mut trust = TrustStore::new();
    if let Some(file) = record
        .sponsor_key
        .as_deref()
        .and_then(|text| PublicKeyFile::parse(text).ok())
    {
        // A provider pins one sponsor per assessment; the key file's name is the sponsor's.
        let _ = trust.pin(
            file.fingerprint(),
            Vendor {
                id: "sponsor".into(),
                name: file.name().to_owned(),
            },
        );
    }
    trust
}

/// Reads a decision file for this assessment.
///
/// # Errors
///
/// A sentence naming the file and what is wrong: malformed, tampered, or about a
/// submission this assessment never exported.
fn take_decision(
    record: &AssessmentRecord,
    name: &str,
    bytes: &[u8],
) -> Result<ReceivedDecision, String> {
    let report = verify_decision(bytes, &trust(record));
    let Some(verified) = report.decision.as_ref() else {
        return Err(format!("{name}: {}", report.verification));
    };
    if report.verdict() == Verdict::Failed {
        return Err(format!("{name}: {}", report.verification));
    }
    let about = verified.decision.submission.digest;
    if !record.exports.iter().any(|export| export.digest == about) {
        return Err(format!(
            "{name} decides on submission {} (revision {}), which was not exported from this assessment",
            about.short(),
            verified.decision.submission.revision
        ));
    }
    let signed = String::from_utf8(bytes.to_vec()).map_err(|_| format!("{name}: not UTF-8"))?;
    Ok(ReceivedDecision {
        digest: verified.digest,
        signed,
        imported_at: browser::now(),
    })
}

/// Imports and shows the sponsor's decisions.
#[component]
pub fn Decisions() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let (problem, set_problem) = signal(None::<String>);
    // A key file other than the pinned sponsor key waits here for an explicit decision: a
    // silent switch would let anyone's key file vouch for a forged decision.
    let offered = RwSignal::new(None::<PublicKeyFile>);

    let import = move |event: leptos::ev::Event| {
        let picked = files::picked(&event);
        leptos::task::spawn_local(async move {
            for file in picked {
                let read = files::read(&file).await;
                let outcome = read.and_then(|bytes| {
                    if PrivateKeyBackup::from_bytes(&bytes).is_ok() {
                        return Err(format!(
                            "{} is a PRIVATE key backup, a secret: it is never imported here, and never sent to anyone",
                            file.name()
                        ));
                    }
                    if file.name().ends_with(".pub") || PublicKeyFile::from_bytes(&bytes).is_ok() {
                        let key = PublicKeyFile::from_bytes(&bytes)
                            .map_err(|e| format!("{}: {e}", file.name()))?;
                        let own = editing.workspace.key().map(|own| own.key().fingerprint());
                        if own == Some(key.fingerprint()) {
                            return Err(format!(
                                "{} is your own public key, the one you send to your sponsor: the sponsor's key file comes from the sponsor",
                                file.name()
                            ));
                        }
                        let pinned = editing.record.with_untracked(|r| {
                            r.sponsor_key
                                .as_deref()
                                .and_then(|text| PublicKeyFile::parse(text).ok())
                                .map(|pinned| pinned.fingerprint())
                        });
                        match pinned {
                            Some(pinned) if pinned == key.fingerprint() => {}
                            Some(_) => offered.set(Some(key)),
                            None => editing.edit(None, |r| r.sponsor_key = Some(key.to_text())),
                        }
                        return Ok(());
                    }
                    let decision = editing
                        .record
                        .with_untracked(|r| take_decision(r, &file.name(), &bytes))?;
                    editing.edit(None, |r| {
                        if !r.decisions.iter().any(|d| d.digest == decision.digest) {
                            r.decisions.push(decision);
                        }
                    });
                    Ok(())
                });
                match outcome {
                    Ok(()) => set_problem.set(None),
                    Err(error) => set_problem.set(Some(format!("{error}. Nothing was changed."))),
                }
            }
        });
    };
    let sponsor_key = move || {
        editing.record.with(|record| {
            record
                .sponsor_key
                .as_deref()
                .and_then(|text| PublicKeyFile::parse(text).ok())
        })
    };
    // Verified again from the stored file on every change: a stored decision is never trusted
    // for what it was when imported.
    let decisions = move || {
        editing.record.with(|record| {
            let trust = trust(record);
            record
                .decisions
                .iter()
                .filter_map(|received| {
                    let report = verify_decision(received.signed.as_bytes(), &trust);
                    let verdict = report.verdict();
                    let line = report.verification.to_string();
                    report.decision.map(|verified| (verified, verdict, line))
                })
                .collect::<Vec<_>>()
        })
    };

    view! {
        <div class="panel" data-testid="decisions">
            <h3>"The sponsor's decision"</h3>
            <p class="hint">"When your sponsor sends its signed decision, import it here to see the corrective-action plan. Import the sponsor's public key file too, to check who signed it."</p>
            <label class="file-button small">
                "Import a decision or the sponsor's key…"
                <input type="file" multiple accept=".json,.pub,application/json,text/plain" data-testid="import-decision" on:change=import/>
            </label>
            {move || sponsor_key().map(|key| view! {
                <p class="hint" data-testid="sponsor-key">
                    "The sponsor's key (" {key.name().to_owned()} "): "
                    <code>{key.fingerprint().to_string()}</code>
                    ". Compare it with the fingerprint the sponsor gave you."
                </p>
            })}
            {move || offered.get().map(|key| {
                let pinned = sponsor_key().map(|pinned| pinned.fingerprint().to_string()).unwrap_or_default();
                let replacement = key.clone();
                view! {
                    <div class="notice error loud" role="alert" data-testid="sponsor-key-change">
                        <p><strong>"This is not the sponsor's key pinned here. "</strong>{format!(
                            "The file names {} with key {}; the key pinned for this assessment is {}. Decisions signed with the new key are not trusted unless you replace the key, and you should replace it only after the sponsor confirmed the new fingerprint to you, by a channel you already know.",
                            reveal_bidi(key.name()),
                            key.fingerprint(),
                            pinned
                        )}</p>
                        <button class="danger" data-testid="replace-sponsor-key" on:click=move |_| {
                            let text = replacement.to_text();
                            editing.edit(None, |r| r.sponsor_key = Some(text));
                            offered.set(None);
                        }>"The sponsor confirmed it: replace the key"</button>
                        " "
                        <button data-testid="keep-sponsor-key" on:click=move |_| offered.set(None)>"Keep the pinned key"</button>
                    </div>
                }
            })}
            <Show when=move || problem.get().is_some()>
                <p class="notice error" role="alert" data-testid="decision-problem">{move || problem.get()}</p>
            </Show>
            {move || decisions().into_iter().map(|(verified, verdict, line)| view! { <DecisionView verified=verified verdict=verdict line=line/> }).collect_view()}
        </div>
    }
}

/// One decision and its plan.
#[component]
fn DecisionView(
    /// The decision, its signature verified.
    verified: VerifiedDecision,
    /// Whether the signer is the pinned sponsor.
    verdict: Verdict,
    /// The verification, in words.
    line: String,
) -> impl IntoView {
    let today = browser::today();
    let decision = verified.decision;
    let (label, class) = outcome_label(decision.outcome);
    let trusted = verdict == Verdict::Trusted;
    view! {
        <article class="decision" data-testid="decision">
            <p class=format!("outcome {class}")><span data-testid="decision-outcome">{label}</span></p>
            <p class="hint">{reveal_bidi(&format!(
                "Decided by {} ({}, {}) on {} for revision {}",
                decision.sponsor.decided_by, decision.sponsor.role, decision.sponsor.organisation,
                crate::app::when::day(decision.decided_at), decision.submission.revision
            ))}</p>
            <p class:good=trusted class:bad=!trusted data-testid="decision-signature">{line}</p>
            <ul class="reasons">{decision.reasons.iter().map(|r| view! { <li>{reveal_bidi(r)}</li> }).collect_view()}</ul>
            {decision.risk_acceptance.as_ref().map(|risk| view! {
                <p class="notice warning">{reveal_bidi(&format!(
                    "Business risk accepted by {} ({}) until {}: {}",
                    risk.approver(), risk.role(), risk.expires_on(), risk.justification()
                ))}</p>
            })}
            {(!decision.plan.is_empty()).then(|| view! {
                <table class="gaps" data-testid="decision-plan">
                    <thead><tr><th>"Question"</th><th>"Action"</th><th>"Owner"</th><th>"Due"</th><th>"Status"</th></tr></thead>
                    <tbody>
                        {decision.plan.iter().map(|item| {
                            let overdue = !item.status.is_closed() && today > item.due_on;
                            view! {
                                <tr data-testid="plan-item" class:overdue=overdue>
                                    <td><code>{item.question.as_ref().map(ToString::to_string).unwrap_or_default()}</code></td>
                                    <td>{reveal_bidi(&item.action)}</td>
                                    <td>{reveal_bidi(&item.owner)}</td>
                                    <td>{item.due_on.to_string()}{overdue.then(|| view! { <span class="badge critical">"overdue"</span> })}</td>
                                    <td>{item.status.label()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </article>
    }
}
