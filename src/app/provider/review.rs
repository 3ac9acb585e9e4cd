//! Step 5: the scores at a glance, the outcome the sponsor's rules would give and why, and
//! the gaps with the provider's plan for each.

use croqual::assessment::{ActionStatus, Outcome};
use croqual::pack::QuestionId;
use croqual::provider::Plan;
use leptos::prelude::*;

use super::editor::Editing;
use crate::app::browser;
use crate::app::widgets::score_chart::{Bar, ScoreChart};
use crate::app::widgets::typed;

/// How an outcome reads, and its CSS class.
pub fn outcome_label(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::Accepted => ("Accepted", "good"),
        Outcome::AcceptedWithCorrectiveActions => ("Accepted with corrective actions", "fair"),
        Outcome::Rejected => ("Rejected", "poor"),
    }
}

/// Scores by domain and by CSF function, the outcome, and the gaps.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let evaluation = editing.evaluation;

    let charts = move || {
        let thresholds = evaluation.with(|e| e.tier.tier.thresholds());
        let (accept, conditional) = (
            thresholds.accept * 10,
            thresholds.accept_with_corrective_actions * 10,
        );
        let domains = editing.pack.with(|pack| {
            evaluation.with(|e| {
                e.score
                    .domains
                    .iter()
                    .map(|d| Bar {
                        label: pack
                            .domain(d.domain.as_str())
                            .map(|x| x.title.clone())
                            .unwrap_or_else(|| d.domain.to_string()),
                        tenths: d.score.as_ref().map(|s| s.tenths()),
                        detail: match &d.score {
                            Some(s) => format!(
                                "{} % · {}/{} answered",
                                s.percent(),
                                d.answered_questions,
                                d.scored_questions
                            ),
                            None => "nothing scored".into(),
                        },
                    })
                    .collect::<Vec<_>>()
            })
        });
        let functions = evaluation.with(|e| {
            e.score
                .functions
                .iter()
                .map(|f| Bar {
                    label: format!("{} · {}", f.function.code(), f.function.name()),
                    tenths: f.score.as_ref().map(|s| s.tenths()),
                    detail: match &f.score {
                        Some(s) => format!("{} % · {} questions", s.percent(), f.scored_questions),
                        None => "nothing scored".into(),
                    },
                })
                .collect::<Vec<_>>()
        });
        view! {
            <div class="charts">
                <figure>
                    <figcaption>"By domain"</figcaption>
                    <ScoreChart title="Scores by domain".into() bars=domains accept_tenths=accept conditional_tenths=conditional/>
                </figure>
                <figure>
                    <figcaption>"By NIST CSF 2.0 function"</figcaption>
                    <ScoreChart title="Scores by CSF function".into() bars=functions accept_tenths=accept conditional_tenths=conditional/>
                </figure>
            </div>
        }
    };

    view! {
        <section class="step" data-testid="review-step">
            <h2>"Review"</h2>
            <div class="outcome-box" data-testid="outcome">
                {move || evaluation.with(|e| {
                    let (label, class) = outcome_label(e.outcome);
                    view! {
                        <p class=format!("outcome {class}")>
                            <span class="outcome-label" data-testid="outcome-label">{label}</span>
                            <span class="outcome-score" data-testid="review-score">{e.score.overall.as_ref().map(|s| format!("{} %", s.percent())).unwrap_or_else(|| "no score".into())}</span>
                        </p>
                        <p class="hint">{format!("{} · {} questionnaire · as of {}", e.tier.tier, match e.path.path { croqual::assessment::Path::Reduced => "reduced", croqual::assessment::Path::Full => "full" }, e.as_of)}</p>
                        <ul class="reasons" data-testid="outcome-reasons">
                            {e.reasons.iter().map(|r| view! { <li>{r.to_string()}</li> }).collect_view()}
                        </ul>
                    }
                })}
            </div>
            {charts}
            <Gaps/>
        </section>
    }
}

/// Every gap with the provider's plan: what, who, by when, where it stands.
#[component]
fn Gaps() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let gaps = Memo::new(move |_| editing.evaluation.with(|e| e.corrective_actions.clone()));
    view! {
        <h3>"Gaps and corrective actions"</h3>
        <Show when=move || !gaps.with(Vec::is_empty) fallback=|| view! { <p data-testid="no-gaps">"No gap: every scored question is answered yes or not applicable."</p> }>
            <p class="hint">"Say what you will do about each gap; the plan goes to the sponsor with your export."</p>
            <table class="gaps" data-testid="gaps">
                <thead><tr><th>"Question"</th><th>"Gap"</th><th>"What you will do"</th><th>"Owner"</th><th>"Due"</th><th>"Status"</th></tr></thead>
                <tbody>
                    <For
                        each=move || gaps.get()
                        key=|gap| gap.question.to_string()
                        children=move |gap| {
                            let question = gap.question.clone();
                            let plan = { let q = question.clone(); Memo::new(move |_| editing.record.with(|r| r.plans.get(&q).cloned())) };
                            let proposed_due = gap.due_on;
                            let change = { let q = question.clone(); move |apply: Box<dyn FnOnce(&mut Plan)>| {
                                let q: QuestionId = q.clone();
                                editing.edit(None, move |r| {
                                    let plan = r.plans.entry(q).or_insert_with(|| Plan { action: String::new(), owner: String::new(), due_on: None, status: ActionStatus::Open, updated_at: browser::now() });
                                    apply(plan);
                                    plan.updated_at = browser::now();
                                });
                            }};
                            let (c1, c2, c3, c4) = (change.clone(), change.clone(), change.clone(), change);
                            view! {
                                <tr data-testid="gap" class:critical=gap.critical>
                                    <td><code>{question.to_string()}</code>{gap.critical.then(|| view! { <span class="badge critical">"critical"</span> })}</td>
                                    <td>{gap.gap.clone()}</td>
                                    <td><textarea rows="2" data-testid="gap-action" aria-label="What you will do"
                                        prop:value=move || plan.with(|p| p.as_ref().map(|p| p.action.clone()).unwrap_or_default())
                                        on:input=move |event| { let v = typed(&event_target_value(&event)); c1(Box::new(move |p| p.action = v)); }></textarea></td>
                                    <td><input data-testid="gap-owner" aria-label="Owner"
                                        prop:value=move || plan.with(|p| p.as_ref().map(|p| p.owner.clone()).unwrap_or_default())
                                        on:input=move |event| { let v = typed(&event_target_value(&event)); c2(Box::new(move |p| p.owner = v)); }/></td>
                                    <td><input type="date" data-testid="gap-due" aria-label="Due date"
                                        prop:value=move || plan.with(|p| p.as_ref().and_then(|p| p.due_on).unwrap_or(proposed_due).to_string())
                                        on:change=move |event| { let d = event_target_value(&event).parse().ok(); c3(Box::new(move |p| p.due_on = d)); }/></td>
                                    <td><select data-testid="gap-status" aria-label="Status" on:change=move |event| {
                                        let status = match event_target_value(&event).as_str() { "in_progress" => ActionStatus::InProgress, "done" => ActionStatus::Done, _ => ActionStatus::Open };
                                        c4(Box::new(move |p| p.status = status));
                                    }>
                                        {[("open", "Open", ActionStatus::Open), ("in_progress", "In progress", ActionStatus::InProgress), ("done", "Done", ActionStatus::Done)].into_iter().map(|(value, label, status)| view! {
                                            <option value=value selected=move || plan.with(|p| p.as_ref().map_or(ActionStatus::Open, |p| p.status)) == status>{label}</option>
                                        }).collect_view()}
                                    </select></td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </Show>
    }
}
