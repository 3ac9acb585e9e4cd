//! The decision on the current submission: accepted, accepted with corrective actions, or
//! rejected, with reasons and a corrective-action plan; or a business risk acceptance. A
//! decision goes through the workflow and is signed with the sponsor's own key and
//! downloaded as its own file.

use croqual::assessment::{ActionStatus, Outcome, RiskAcceptance};
use croqual::export::{
    self, DecidedSubmission, DecisionParts, PlannedAction, Sponsor, sign_decision,
};
use croqual::pack::QuestionId;
use croqual::sponsor::KeptDocument;
use croqual::workflow::{Command, Decision, PlanItemDraft};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::evaluation::Review;
use super::follow_up::status_label;
use super::keys::ensure_key;
use super::register::capitalised;
use super::sentence;
use super::steps::{ActionResult, WhyField, date_from};
use super::workspace::{Draft as DraftKind, Vendor, Workspace};
use crate::app::widgets::typed;
use crate::app::{browser, download};

/// One row of the plan being written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct PlanRow {
    question: Option<QuestionId>,
    item: String,
    owner: String,
    due_on: String,
}

/// A decision being written, kept in the browser until it is signed so that a reload or a
/// closed tab loses nothing typed. It belongs to one submission: a draft for an older one is
/// not offered for a newer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    submission: String,
    outcome: Outcome,
    reasons: String,
    why: String,
    rows: Vec<PlanRow>,
}

/// The decision recorded on the current submission, or the form to record it; and the risk
/// acceptance.
#[component]
pub fn DecisionPanel(
    /// The vendor.
    vendor: RwSignal<Vendor>,
    /// The current submission, verified again.
    review: Review,
) -> impl IntoView {
    let digest = review.verified.digest;
    let decided = Memo::new(move |_| {
        vendor.with(|v| {
            v.record()
                .decisions()
                .iter()
                .rev()
                .find(|decision| decision.submission == digest)
                .cloned()
        })
    });
    // Kept here, not in the form: the form gives way to the decision once it is recorded,
    // and what was done must still be said.
    let (result, set_result) = signal(None::<Result<String, String>>);
    let for_form = review.clone();
    view! {
        {move || match decided.get() {
            Some(decision) => view! { <Decided vendor=vendor decision=decision/> }.into_any(),
            None => view! { <DecisionForm vendor=vendor review=for_form.clone() set_result=set_result/> }.into_any(),
        }}
        <ActionResult result=result/>
        <RiskAcceptanceForm vendor=vendor review=review/>
    }
}

/// A decision already recorded: what it says, its plan, and its signed file.
#[component]
fn Decided(
    /// The vendor.
    vendor: RwSignal<Vendor>,
    /// The decision.
    decision: croqual::workflow::RecordedDecision,
) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let submission = decision.submission;
    let signed = move || {
        vendor.with(|v| {
            v.file
                .decisions()
                .iter()
                .rev()
                .find(|kept| {
                    kept.signed()
                        .pointer("/payload/submission/digest")
                        .and_then(serde_json::Value::as_str)
                        == Some(submission.to_string().as_str())
                })
                .cloned()
        })
    };
    let download_again = move |_| {
        let Some(kept) = signed() else {
            return;
        };
        let file = decision_file_name(vendor, &submission);
        let text = serde_json::to_string_pretty(&kept.signed()).unwrap_or_default();
        set_problem.set(download::offer(&file, "application/json", text.as_bytes()).err());
    };
    let plan = decision.plan_items.clone();
    view! {
        <div class="panel decided" data-testid="decided">
            <h3>"Decision"</h3>
            <p class="outcome" data-testid="decided-outcome">{capitalised(&decision.outcome.to_string())}</p>
            <p>{format!("Decided on {}; re-assessment due by {} (tier {}).", decision.decided_on, decision.reassess_by, decision.tier.number())}</p>
            <ul class="reasons">{decision.reasons.iter().map(|reason| view! { <li>{reason.clone()}</li> }).collect_view()}</ul>
            <Show when=move || !plan.is_empty()>
                <p>{format!("{} corrective action(s) planned: follow them up in the follow-up tab.", decision.plan_items.len())}</p>
            </Show>
            <Show when=move || signed().is_some()>
                <button data-testid="download-decision" on:click=download_again>"Download the signed decision again"</button>
            </Show>
            <Show when=move || problem.get().is_some()>
                <p class="inline-error" role="alert">{move || problem.get()}</p>
            </Show>
        </div>
    }
}

/// The decision form.
#[component]
fn DecisionForm(
    /// The vendor.
    vendor: RwSignal<Vendor>,
    /// The current submission, verified again.
    review: Review,
    /// Receives what came of recording the decision.
    set_result: WriteSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let recomputed = review.evaluation().outcome;
    let id = vendor.with_untracked(|v| v.record().id().clone());
    let fresh = Draft {
        submission: review.verified.digest.to_string(),
        outcome: recomputed,
        reasons: String::new(),
        why: String::new(),
        rows: review
            .verified
            .submission
            .corrective_actions
            .iter()
            .map(|action| {
                let draft = PlanItemDraft::from(action);
                PlanRow {
                    question: draft.question,
                    item: draft.item,
                    owner: draft.owner,
                    due_on: draft.due_on.to_string(),
                }
            })
            .collect(),
    };
    let kept = workspace
        .draft(DraftKind::Decision, &id)
        .and_then(|raw| serde_json::from_str::<Draft>(&raw).ok())
        .filter(|draft| draft.submission == fresh.submission);
    let restored = RwSignal::new(kept.is_some());
    let start = kept.unwrap_or_else(|| fresh.clone());
    let outcome = RwSignal::new(start.outcome);
    let reasons = RwSignal::new(start.reasons);
    let why = RwSignal::new(start.why);
    let rows = RwSignal::new(start.rows);
    // Every edit is kept at once; the form as first shown is not a draft worth keeping.
    {
        let (id, fresh) = (id.clone(), fresh.clone());
        Effect::new(move |_| {
            let draft = Draft {
                submission: fresh.submission.clone(),
                outcome: outcome.get(),
                reasons: reasons.get(),
                why: why.get(),
                rows: rows.get(),
            };
            if draft == fresh && !restored.get_untracked() {
                return;
            }
            workspace.keep_draft(DraftKind::Decision, &id, serde_json::to_string(&draft).ok());
        });
    }
    let start_again = {
        let (id, fresh) = (id.clone(), fresh.clone());
        move |_| {
            restored.set(false);
            outcome.set(fresh.outcome);
            reasons.set(fresh.reasons.clone());
            why.set(fresh.why.clone());
            rows.set(fresh.rows.clone());
            workspace.keep_draft(DraftKind::Decision, &id, None);
        }
    };
    // The rows redraw when one is added or removed, not on every edit: a redraw would take
    // the focus away from the field being typed in.
    let count = Memo::new(move |_| rows.with(Vec::len));
    let verified = review.verified.clone();
    // A submission past its valid-until date is the CRO's word no longer: deciding on it
    // takes an explicit tick, and the audit trail says it was ticked.
    let valid_until = verified.submission.valid_until;
    let expired = !verified.is_valid_on(browser::today());
    let despite_expiry = RwSignal::new(false);

    let decide = move |_| {
        let outcome = outcome.get_untracked();
        if expired && !despite_expiry.get_untracked() {
            set_result.set(Some(Err(format!(
                "The CRO stood by this submission only until {valid_until}. Ask it for a new revision, or tick that you decide on it all the same."
            ))));
            return;
        }
        let why = match (expired, why.get_untracked()) {
            (false, why) => why,
            (true, why) if why.is_empty() => {
                format!("decided although the submission was valid only until {valid_until}")
            }
            (true, why) => {
                format!("decided although the submission was valid only until {valid_until}: {why}")
            }
        };
        let result = record(
            workspace,
            vendor,
            &verified,
            outcome,
            &reasons.get_untracked(),
            // A rejection sets no plan: the vendor stops until a new assessment.
            &if outcome == Outcome::Rejected {
                Vec::new()
            } else {
                rows.get_untracked()
            },
            &why,
        );
        if result.is_ok() {
            workspace.keep_draft(DraftKind::Decision, &id, None);
        }
        set_result.set(Some(result));
    };
    let outcomes = [
        (Outcome::Accepted, "accepted"),
        (
            Outcome::AcceptedWithCorrectiveActions,
            "accepted-with-corrective-actions",
        ),
        (Outcome::Rejected, "rejected"),
    ];

    view! {
        <div class="panel decision" data-testid="decision-form">
            <h3>"Decide"</h3>
            <p class="hint">{format!(
                "The recomputed outcome is {}. You may be stricter; going beyond it needs a business risk acceptance (below).",
                recomputed
            )}</p>
            <p class="hint">"What you write here is kept in this browser until you sign it."</p>
            <Show when=move || restored.get()>
                <p class="notice info" role="status" data-testid="draft-restored">
                    "Your unsigned draft of this decision was restored. "
                    <button class="link" data-testid="draft-discard" on:click=start_again.clone()>"Start again from the submission"</button>
                </p>
            </Show>
            <fieldset class="choices">
                <legend>"Decision"</legend>
                {outcomes.into_iter().map(|(value, name)| view! {
                    <label class="choice">
                        <input type="radio" name="decision-outcome" value=name data-testid=format!("outcome-{name}")
                            prop:checked=move || outcome.get() == value
                            on:change=move |_| outcome.set(value)/>
                        <span>{capitalised(&value.to_string())}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span class="field-label">"Reasons, one a line (required)"</span>
                <textarea data-testid="decision-reasons" rows="3"
                    prop:value=move || reasons.get()
                    on:input=move |event| reasons.set(typed(&event_target_value(&event)))></textarea>
            </label>
            <Show when=move || outcome.get() == Outcome::Rejected>
                <p class="hint" data-testid="plan-not-for-rejection">"A rejection sets no corrective-action plan: the vendor stops until a new assessment. The plan below is kept in your draft in case you change the decision."</p>
            </Show>
            <div class:muted=move || outcome.get() == Outcome::Rejected>
            <h4>"Corrective-action plan"</h4>
            <p class="hint">"Required when accepting with corrective actions. Prefilled from the CRO's own plan; every item starts open and is followed up after the decision."</p>
            <table class="answers-table plan" data-testid="plan-editor">
                <thead><tr><th>"Question"</th><th>"Action"</th><th>"Owner"</th><th>"Due"</th><th>"Status"</th><th></th></tr></thead>
                <tbody>
                    {move || (0..count.get()).map(|index| {
                        let field = move |read: fn(&PlanRow) -> String| move || rows.with(|rows| rows.get(index).map(read).unwrap_or_default());
                        view! {
                            <tr data-testid="plan-row">
                                <td class="qid">{field(|row| row.question.as_ref().map(ToString::to_string).unwrap_or_default())}</td>
                                <td><textarea rows="2" aria-label="Action" data-testid="plan-item"
                                    prop:value=field(|row| row.item.clone())
                                    on:change=move |event| rows.update(|rows| if let Some(row) = rows.get_mut(index) { row.item = typed(&event_target_value(&event)) })></textarea></td>
                                <td><input type="text" aria-label="Owner" data-testid="plan-owner"
                                    prop:value=field(|row| row.owner.clone())
                                    on:change=move |event| rows.update(|rows| if let Some(row) = rows.get_mut(index) { row.owner = typed(&event_target_value(&event)) })/></td>
                                <td><input type="date" aria-label="Due" data-testid="plan-due"
                                    prop:value=field(|row| row.due_on.clone())
                                    on:change=move |event| rows.update(|rows| if let Some(row) = rows.get_mut(index) { row.due_on = event_target_value(&event) })/>
                                    // ISO dates compare as text; a past date is said, not changed.
                                    <Show when=move || rows.with(|rows| rows.get(index).is_some_and(|row| !row.due_on.is_empty() && row.due_on < browser::today().to_string()))>
                                        <span class="inline-error" data-testid="plan-due-past">"already past: overdue once signed"</span>
                                    </Show></td>
                                <td>{status_label(ActionStatus::Open)}</td>
                                <td><button class="link danger" data-testid="plan-remove" on:click=move |_| rows.update(|rows| { if index < rows.len() { rows.remove(index); } })>"Remove"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button data-testid="plan-add" on:click=move |_| rows.update(|rows| rows.push(PlanRow { due_on: browser::today().to_string(), ..PlanRow::default() }))>"Add a corrective action"</button>
            </div>
            <WhyField why=why/>
            {expired.then(|| view! {
                <label class="choice notice warning" data-testid="expired-submission">
                    <input type="checkbox" data-testid="decide-despite-expiry"
                        prop:checked=move || despite_expiry.get()
                        on:change=move |event| despite_expiry.set(event_target_checked(&event))/>
                    <span>{format!("The CRO stood by this submission only until {valid_until}. I decide on it all the same; the audit trail will say so.")}</span>
                </label>
            })}
            <div class="actions">
                <button class="primary" data-testid="record-decision" on:click=decide>"Record and sign the decision"</button>
            </div>
        </div>
    }
}

/// Records a decision: checked by the workflow, signed with the sponsor's key, recorded,
/// kept and downloaded. Returns what to tell the person.
fn record(
    workspace: Workspace,
    vendor: RwSignal<Vendor>,
    verified: &export::VerifiedSubmission,
    outcome: Outcome,
    reasons: &str,
    rows: &[PlanRow],
    why: &str,
) -> Result<String, String> {
    let reasons: Vec<String> = reasons
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    let mut drafts = Vec::new();
    for (position, row) in rows.iter().enumerate() {
        let due_on = date_from(&row.due_on, &format!("corrective action {}", position + 1))?;
        drafts.push(PlanItemDraft {
            item: row.item.clone(),
            question: row.question.clone(),
            owner: row.owner.clone(),
            due_on,
        });
    }
    let command = Command::Decide(Decision {
        submission: verified.digest,
        outcome,
        decided_on: browser::today(),
        reasons: reasons.clone(),
        plan: drafts.clone(),
    });
    // The workflow's refusal comes first, before a key is made or anything is signed.
    let by = workspace.attribution(why);
    vendor
        .with_untracked(|v| v.record().clone().apply(command.clone(), by).map(|_| ()))
        .map_err(sentence)?;

    let person = workspace.person.get_untracked();
    let risk_acceptance = vendor.with_untracked(|v| {
        v.record()
            .risk_acceptances()
            .iter()
            .rev()
            .find(|risk| risk.submission == verified.digest)
            .map(|risk| risk.acceptance.clone())
    });
    let decision = export::Decision::new(DecisionParts {
        submission: DecidedSubmission::of(verified),
        sponsor: Sponsor {
            organisation: person.organisation,
            decided_by: person.name,
            role: person.role,
        },
        outcome,
        reasons,
        plan: drafts
            .iter()
            .map(|draft| PlannedAction {
                question: draft.question.clone(),
                action: draft.item.clone(),
                owner: draft.owner.clone(),
                due_on: draft.due_on,
                status: ActionStatus::Open,
            })
            .collect(),
        risk_acceptance,
        decided_at: browser::now(),
    })
    .map_err(|error| {
        format!(
            "{} Type your name, role and the sponsor's organisation at the top: the signed decision names them.",
            sentence(error)
        )
    })?;
    let key = ensure_key(workspace)?;
    let signed = sign_decision(&decision, key.key()).map_err(sentence)?;
    let kept = KeptDocument::of(&signed);
    workspace.apply_then(vendor, command, why, |file| file.keep_decision(kept))?;

    let name = vendor.with_untracked(|v| v.record().organisation().legal_name.clone());
    let file = decision_file_name(vendor, &verified.digest);
    download::offer(&file, "application/json", signed.to_json().as_bytes()).map_err(|error| {
        format!("The decision is recorded, but {error}; download it again from here.")
    })?;
    Ok(format!(
        "Decision recorded and signed with your key ({}), downloaded as {file}. Send it to {name}.",
        key.key().fingerprint().short()
    ))
}

/// A business risk acceptance for the current submission.
#[component]
fn RiskAcceptanceForm(
    /// The vendor.
    vendor: RwSignal<Vendor>,
    /// The current submission, verified again.
    review: Review,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let justification = RwSignal::new(String::new());
    let approver = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let accepted_on = RwSignal::new(browser::today().to_string());
    let expires_on = RwSignal::new(String::new());
    let (result, set_result) = signal(None::<Result<String, String>>);
    let digest = review.verified.digest;
    let recomputed = review.evaluation().outcome;
    let recorded = Memo::new(move |_| {
        vendor.with(|v| {
            v.record()
                .risk_acceptances()
                .iter()
                .filter(|risk| risk.submission == digest)
                .map(|risk| {
                    format!(
                        "Accepted by {} ({}) from {} to {}: {}",
                        risk.acceptance.approver(),
                        risk.acceptance.role(),
                        risk.acceptance.accepted_on(),
                        risk.acceptance.expires_on(),
                        risk.acceptance.justification()
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let accept = move |_| {
        let outcome = (|| {
            let accepted = date_from(&accepted_on.get_untracked(), "the approval")?;
            let expires = date_from(&expires_on.get_untracked(), "the expiry")?;
            let acceptance = RiskAcceptance::new(
                review.evaluation(),
                &justification.get_untracked(),
                &approver.get_untracked(),
                &role.get_untracked(),
                accepted,
                expires,
            )
            .map_err(sentence)?;
            workspace.apply(
                vendor,
                Command::AcceptRisk {
                    submission: digest,
                    acceptance,
                },
                "",
            )?;
            Ok(format!(
                "Business risk acceptance recorded, in force until {expires}."
            ))
        })();
        set_result.set(Some(outcome));
    };

    if recomputed == Outcome::Accepted {
        return ().into_any();
    }
    view! {
        <details class="panel risk" data-testid="risk-acceptance">
            <summary><strong>"Business risk acceptance"</strong>" — when the business goes ahead despite the outcome"</summary>
            <ul>{move || recorded.get().into_iter().map(|line| view! { <li data-testid="risk-recorded">{line}</li> }).collect_view()}</ul>
            <div class="form-grid compact">
                <label class="field wide">
                    <span class="field-label">"Justification"</span>
                    <textarea data-testid="risk-justification" rows="2"
                        prop:value=move || justification.get()
                        on:input=move |event| justification.set(typed(&event_target_value(&event)))></textarea>
                </label>
                <label class="field">
                    <span class="field-label">"Approver"</span>
                    <input type="text" data-testid="risk-approver" prop:value=move || approver.get()
                        on:input=move |event| approver.set(typed(&event_target_value(&event)))/>
                </label>
                <label class="field">
                    <span class="field-label">"Approver's role"</span>
                    <input type="text" data-testid="risk-role" prop:value=move || role.get()
                        on:input=move |event| role.set(typed(&event_target_value(&event)))/>
                </label>
                <label class="field">
                    <span class="field-label">"Approved on"</span>
                    <input type="date" data-testid="risk-accepted-on" prop:value=move || accepted_on.get()
                        on:input=move |event| accepted_on.set(event_target_value(&event))/>
                </label>
                <label class="field">
                    <span class="field-label">"Expires on"</span>
                    <input type="date" data-testid="risk-expires-on" prop:value=move || expires_on.get()
                        on:input=move |event| expires_on.set(event_target_value(&event))/>
                </label>
            </div>
            <button data-testid="record-risk" on:click=accept>"Record the business risk acceptance"</button>
            <ActionResult result=result/>
        </details>
    }
    .into_any()
}

/// The decision file's name: the vendor, the day, and the revision it decides, so that the
/// decisions of successive re-assessments do not share one name.
fn decision_file_name(vendor: RwSignal<Vendor>, submission: &croqual::attest::Digest) -> String {
    let (name, revision) = vendor.with_untracked(|v| {
        (
            v.record().organisation().legal_name.clone(),
            v.record()
                .submissions()
                .iter()
                .find(|received| received.submission.digest == *submission)
                .map(|received| received.submission.revision),
        )
    });
    let kind = revision.map_or_else(|| "decision".to_owned(), |r| format!("decision-r{r}"));
    croqual::filename::download_name(&name, browser::today(), &kind, "json")
}
