//! Step 4: the current submission as a reviewer reads it, verified again from its kept
//! file: the result claimed and recomputed, what changed since the last revision, the
//! certificates as of the export and as of today, the evidence files, and every answer by
//! domain with the gaps first. The decision follows.

use std::sync::Arc;

use croqual::assessment::{AnswerValue, CertificateCheck, QuestionState};
use croqual::attest::Digest;
use croqual::attest::envelope::Verification;
use croqual::export::{
    AnswerChange, Recomputation, Submission, VerifiedSubmission, verify_submission,
};
use croqual::organisation::reveal_bidi;
use croqual::pack::{AnswerType, Pack, Question};
use leptos::prelude::*;

use super::decision::DecisionPanel;
use super::register::capitalised;
use super::workspace::{Vendor, Workspace};
use crate::app::widgets::score_chart::{Bar, ScoreChart};
use crate::app::{browser, files};

/// A submission verified again for review, with what it needs around it.
#[derive(Clone, Debug)]
pub struct Review {
    /// The verified submission and its recomputation.
    pub verified: Arc<VerifiedSubmission>,
    /// The pack it answers.
    pub pack: Arc<Pack>,
    /// The revision it replaces, when that file is still kept.
    pub older: Option<Arc<Submission>>,
}

impl PartialEq for Review {
    fn eq(&self, other: &Review) -> bool {
        self.verified.digest == other.verified.digest
            && self.older.as_ref().map(|s| s.assessment.revision)
                == other.older.as_ref().map(|s| s.assessment.revision)
    }
}

impl Review {
    /// The recomputed evaluation; a review exists only when there is one.
    pub fn evaluation(&self) -> &croqual::assessment::Evaluation {
        self.verified
            .recomputation
            .evaluation()
            .expect("invariant: a review is made only from a recomputed submission")
    }
}

/// The review of `vendor`'s current submission: `Ok(None)` before any, `Err` when its kept
/// file no longer verifies or cannot be recomputed.
pub fn review_of(workspace: Workspace, vendor: RwSignal<Vendor>) -> Result<Option<Review>, String> {
    let (current, kept, older) = vendor.with_untracked(|v| {
        let record = v.record();
        let Some(current) = record.current_submission() else {
            return (None, None, None);
        };
        let older = current
            .supersedes
            .or_else(|| {
                let received = record.submissions();
                received
                    .len()
                    .checked_sub(2)
                    .map(|i| &received[i].submission)
                    .filter(|previous| previous.assessment_id == current.assessment_id)
                    .map(|previous| previous.digest)
            })
            .and_then(|digest| v.file.submission(&digest).cloned());
        (
            Some(current.digest),
            v.file.submission(&current.digest).cloned(),
            older,
        )
    });
    let Some(current) = current else {
        return Ok(None);
    };
    let Some(kept) = kept else {
        return Err(format!(
            "The signed file of the current submission ({}) is no longer kept in this browser: import it again to review it; it is recognised and nothing is added.",
            current.short()
        ));
    };
    let bytes = kept.bytes();
    let verify =
        || workspace.with_packs(|packs| verify_submission(&bytes, &workspace.trust(), packs));
    let mut report = verify();
    if let Some(Recomputation::PackUnavailable { digest, .. }) =
        report.submission.as_ref().map(|s| &s.recomputation)
        && workspace.find_stored_pack(digest)
    {
        report = verify();
    }
    match &report.verification {
        Verification::Malformed(error) => {
            return Err(format!(
                "The kept file of the current submission no longer reads ({error}): it was changed in this browser's storage. Import the vendor's file again."
            ));
        }
        Verification::SignatureInvalid { .. } => {
            return Err("The kept file of the current submission no longer verifies: it was changed in this browser's storage. Import the vendor's file again.".into());
        }
        _ => {}
    }
    let Some(verified) = report.submission else {
        return Err("The kept file of the current submission holds no readable submission.".into());
    };
    if let Recomputation::PackUnavailable {
        id,
        version,
        digest,
    } = &verified.recomputation
    {
        return Err(format!(
            "The questionnaire of the current submission ({id} {version}, {digest}) is no longer known in this browser: import the submission again and give its pack file."
        ));
    }
    let pack = workspace
        .with_packs(|packs| packs.get(&verified.submission.pack.digest).cloned())
        .map(Arc::new)
        .ok_or("The questionnaire of the current submission is not known here.")?;
    let older = older.and_then(|kept| {
        serde_json::from_value::<Submission>(kept.payload()?)
            .ok()
            .map(Arc::new)
    });
    Ok(Some(Review {
        verified: Arc::new(verified),
        pack,
        older,
    }))
}

/// Step 4: the review and the decision.
#[component]
pub fn EvaluationStep(
    /// The vendor.
    vendor: RwSignal<Vendor>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    // Verifying again only when the current submission or the packs change, not on every
    // change to the vendor.
    let current = Memo::new(move |_| {
        vendor.with(|v| {
            (
                v.record().current_submission().map(|s| s.digest),
                v.file.submissions().len(),
            )
        })
    });
    let review = Memo::new(move |_| {
        current.track();
        workspace.packs_added.track();
        review_of(workspace, vendor)
    });

    view! {
        <section class="step" data-testid="evaluation-step">
            <h2>"4 · Evaluation"</h2>
            {move || match review.get() {
                Ok(None) => view! {
                    <p class="notice info" data-testid="no-submission">
                        "No submission received yet: the evaluation starts once the cybersecurity assessment step received the vendor's signed submission."
                    </p>
                }.into_any(),
                Err(problem) => view! { <p class="notice error" role="alert" data-testid="review-problem">{problem}</p> }.into_any(),
                Ok(Some(review)) => view! {
                    <Summary review=review.clone()/>
                    <DecisionPanel vendor=vendor review=review.clone()/>
                    <Changes review=review.clone()/>
                    <Certificates review=review.clone()/>
                    <EvidenceCheck review=review.clone()/>
                    <AnswersByDomain review=review/>
                }.into_any(),
            }}
        </section>
    }
}

/// The claim against the recomputation, the tier, the path and the outcome's reasons.
#[component]
fn Summary(
    /// The review.
    review: Review,
) -> impl IntoView {
    let today = browser::today();
    let verified = review.verified.clone();
    let submission = &verified.submission;
    let evaluation = review.evaluation();
    let recomputed = croqual::export::Claim::from_evaluation(evaluation);
    let thresholds = evaluation.tier.tier.thresholds();
    let bars: Vec<Bar> = evaluation
        .score
        .domains
        .iter()
        .map(|domain| Bar {
            label: review
                .pack
                .domain(domain.domain.as_str())
                .map_or_else(|| domain.domain.to_string(), |d| d.title.clone()),
            tenths: domain.score.as_ref().map(|s| s.tenths()),
            detail: match &domain.score {
                Some(score) => format!(
                    "{} % · {}/{} answered",
                    score.percent(),
                    domain.answered_questions,
                    domain.scored_questions
                ),
                None => "nothing scored".into(),
            },
        })
        .collect();
    let expired = !verified.is_valid_on(today);

    view! {
        <div class="panel review-summary" data-testid="review-summary">
            <h3>{format!("Revision {} of assessment {}", submission.assessment.revision, submission.assessment.id)}</h3>
            <dl class="facts">
                <dt>"From"</dt>
                <dd>{reveal_bidi(&format!("{} ({}, {}) · contact {}, {}, {}", submission.organisation.legal_name, submission.organisation.registration_id, submission.organisation.country, submission.organisation.contact.name, submission.organisation.contact.role, submission.organisation.contact.email))}</dd>
                <dt>"Service"</dt>
                <dd>{reveal_bidi(&submission.service.name)}</dd>
                <dt>"Signed"</dt>
                <dd>{format!("{} with the key ", crate::app::when::minute(submission.exported_at))}<code>{verified.fingerprint.to_string()}</code></dd>
                <dt>"Valid until"</dt>
                <dd class:bad=expired>{if expired {
                    format!("{} — past: ask the CRO for a new revision", submission.valid_until)
                } else {
                    submission.valid_until.to_string()
                }}</dd>
                <dt>"Questionnaire"</dt>
                <dd>{format!("{} {} ({})", review.pack.title(), review.pack.version(), submission.pack.digest.short())}</dd>
                <dt>"Tier and path"</dt>
                <dd>{format!("{} · {} path", capitalised(&evaluation.tier.tier.to_string()), match evaluation.path.path { croqual::assessment::Path::Reduced => "reduced", croqual::assessment::Path::Full => "full" })}</dd>
            </dl>
            <table class="answers-table claim" data-testid="claim-table">
                <thead><tr><th></th><th>"The CRO claims"</th><th>"croqual recomputes"</th></tr></thead>
                <tbody>
                    <tr>
                        <th>"Overall score"</th>
                        <td>{submission.claim.overall_display()}</td>
                        <td data-testid="recomputed-score">{recomputed.overall_display()}</td>
                    </tr>
                    <tr>
                        <th>"Outcome"</th>
                        <td>{capitalised(&submission.claim.outcome.to_string())}</td>
                        <td data-testid="recomputed-outcome">{capitalised(&recomputed.outcome.to_string())}</td>
                    </tr>
                </tbody>
            </table>
            <ul class="reasons" data-testid="outcome-reasons">
                {evaluation.reasons.iter().map(|reason| view! { <li>{reason.to_string()}</li> }).collect_view()}
            </ul>
            <figure class="chart">
                <figcaption>"Recomputed scores by domain"</figcaption>
                <ScoreChart
                    title="Recomputed scores by domain".into()
                    bars=bars
                    accept_tenths=thresholds.accept * 10
                    conditional_tenths=thresholds.accept_with_corrective_actions * 10
                />
            </figure>
        </div>
    }
}

/// What changed since the revision this one replaces, answer by answer.
#[component]
fn Changes(
    /// The review.
    review: Review,
) -> impl IntoView {
    let Some(older) = review.older.clone() else {
        return ().into_any();
    };
    let changes: Vec<AnswerChange> = review.verified.submission.answer_changes(&older);
    let pack = review.pack.clone();
    view! {
        <div class="panel" data-testid="changes">
            <h3>{format!("What changed since revision {}", older.assessment.revision)}</h3>
            {if changes.is_empty() {
                view! { <p class="hint">"No answer changed."</p> }.into_any()
            } else {
                view! {
                    <table class="answers-table">
                        <thead><tr><th>"Question"</th><th>"Before"</th><th>"Now"</th><th>"Also changed"</th></tr></thead>
                        <tbody>
                            {changes.into_iter().map(|change| {
                                let question = pack.question(change.question.as_str());
                                let text = question.map_or_else(String::new, |q| q.text.clone());
                                let before = value_or_none(question, change.before.as_ref());
                                let after = value_or_none(question, change.after.as_ref());
                                let mut also = Vec::new();
                                if let Some((was, now)) = &change.comments {
                                    also.push(reveal_bidi(&format!("comment: \u{201c}{was}\u{201d} → \u{201c}{now}\u{201d}")));
                                }
                                if change.evidence_changed {
                                    also.push("evidence files".to_owned());
                                }
                                if let Some((was, now)) = change.state {
                                    also.push(format!("{} → {}", state_label(was), state_label(now)));
                                }
                                view! {
                                    <tr data-testid="change" data-question=change.question.to_string()>
                                        <td><span class="qid">{change.question.to_string()}</span>" "{text}</td>
                                        <td>{before}</td>
                                        <td><strong>{after}</strong></td>
                                        <td>{also.join("; ")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
    .into_any()
}

/// The certificates, checked as of the export and as of today.
#[component]
fn Certificates(
    /// The review.
    review: Review,
) -> impl IntoView {
    let submission = &review.verified.submission;
    let at_export = review.evaluation().certificates.clone();
    let today = review.verified.certificates_on(browser::today());
    let check = |check: Option<&CertificateCheck>| match check {
        Some(check) if check.counts => view! { <span class="good">"counts"</span> }.into_any(),
        Some(check) => {
            let findings: Vec<String> = check.findings.iter().map(ToString::to_string).collect();
            view! { <span class="bad">{if findings.is_empty() { "does not count".to_owned() } else { findings.join("; ") }}</span> }.into_any()
        }
        None => "—".into_any(),
    };
    view! {
        <div class="panel" data-testid="certificates">
            <h3>"Certificates"</h3>
            {if submission.certificates.is_empty() {
                view! { <p class="hint">"No certificate declared: the full questionnaire applies."</p> }.into_any()
            } else {
                view! {
                    <table class="answers-table">
                        <thead><tr>
                            <th>"Certificate"</th><th>"Scope"</th><th>"Valid"</th>
                            <th>{format!("As of the export ({})", review.evaluation().as_of)}</th>
                            <th>{format!("As of today ({})", browser::today())}</th>
                        </tr></thead>
                        <tbody>
                            {submission.certificates.iter().enumerate().map(|(index, certificate)| view! {
                                <tr data-testid="certificate">
                                    <td><strong>{certificate.scheme.name()}</strong><br/>{format!("{} · {} ({})", certificate.number, certificate.issuer, certificate.accreditation_body)}</td>
                                    <td>{certificate.scope.clone()}{(!certificate.covers_service).then(|| view! { <br/><span class="bad">"does not cover the service"</span> })}</td>
                                    <td>{format!("{} to {}", certificate.issued_on, certificate.expires_on.map_or_else(|| "no expiry".to_owned(), |d| d.to_string()))}</td>
                                    <td>{check(at_export.get(index))}</td>
                                    <td>{check(today.get(index))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
}

/// What an evidence file given to the sponsor turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
struct EvidenceResult {
    file: String,
    kind: &'static str,
    text: String,
}

/// Checks evidence files the CRO sent separately against the SHA-256 the submission signed.
#[component]
fn EvidenceCheck(
    /// The review.
    review: Review,
) -> impl IntoView {
    let results = RwSignal::new(Vec::<EvidenceResult>::new());
    let (busy, set_busy) = signal(false);
    let references: Arc<Vec<(String, String, u64, Digest)>> = Arc::new(
        review
            .verified
            .submission
            .answers
            .iter()
            .flat_map(|answer| {
                answer.evidence.iter().map(|evidence| {
                    (
                        answer.question.to_string(),
                        evidence.name().to_owned(),
                        evidence.size(),
                        evidence.sha256(),
                    )
                })
            })
            .collect(),
    );
    let count = references.len();
    let check = move |chosen: Vec<web_sys::File>| {
        let references = references.clone();
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            for file in chosen {
                let name = file.name();
                let result = match files::sha256(&file, |_| {}).await {
                    Err(error) => EvidenceResult {
                        file: name,
                        kind: "error",
                        text: error,
                    },
                    Ok(digest) => evidence_verdict(&name, digest, &references),
                };
                results.update(|results| results.insert(0, result));
            }
            set_busy.set(false);
        });
    };
    let check_picked = {
        let check = check.clone();
        move |event: leptos::ev::Event| {
            let chosen = files::picked(&event);
            check(chosen);
        }
    };
    let check_dropped = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        check(files::list(event.data_transfer().and_then(|t| t.files())));
    };

    view! {
        <div class="panel" data-testid="evidence">
            <h3>"Evidence files"</h3>
            <p class="hint">{format!(
                "The submission references {count} evidence file(s) by their SHA-256; the files themselves travel separately. Drop a file the CRO sent to check it is the one that was signed. It is hashed here and never stored."
            )}</p>
            <div class="drop-zone small" data-testid="evidence-drop"
                on:dragover=|event: leptos::ev::DragEvent| event.prevent_default()
                on:drop=check_dropped>
                <label class="file-button small">
                    "Check evidence files…"
                    <input type="file" multiple data-testid="evidence-files" on:change=check_picked/>
                </label>
                <Show when=move || busy.get()><span class="hint">" hashing…"</span></Show>
            </div>
            <ul class="evidence-results">
                {move || results.get().into_iter().map(|result| view! {
                    <li class=format!("evidence-result {}", result.kind) data-testid="evidence-result" data-result=result.kind>
                        <strong>{result.file}</strong>": "{result.text}
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

fn evidence_verdict(
    name: &str,
    digest: Digest,
    references: &[(String, String, u64, Digest)],
) -> EvidenceResult {
    let matching: Vec<String> = references
        .iter()
        .filter(|(_, _, _, sha256)| *sha256 == digest)
        .map(|(question, referenced, size, _)| {
            format!("\u{201c}{referenced}\u{201d} of {question} ({size} bytes)")
        })
        .collect();
    if !matching.is_empty() {
        return EvidenceResult {
            file: name.to_owned(),
            kind: "match",
            text: format!("matches the signed reference: {}.", matching.join(", ")),
        };
    }
    let same_name: Vec<String> = references
        .iter()
        .filter(|(_, referenced, _, _)| referenced == name)
        .map(|(question, _, _, sha256)| {
            format!("{question} references a file of this name with SHA-256 {sha256}")
        })
        .collect();
    if !same_name.is_empty() {
        return EvidenceResult {
            file: name.to_owned(),
            kind: "no-match",
            text: format!(
                "no match: {}; this file's is {digest}. It is not the file that was signed: ask the CRO which one is right.",
                same_name.join("; ")
            ),
        };
    }
    EvidenceResult {
        file: name.to_owned(),
        kind: "not-referenced",
        text: format!("not referenced by this submission (SHA-256 {digest})."),
    }
}

/// Every answer, by domain, the gaps first.
#[component]
fn AnswersByDomain(
    /// The review.
    review: Review,
) -> impl IntoView {
    let evaluation = review.evaluation();
    let submission = &review.verified.submission;
    let pack = review.pack.clone();
    let gaps: Vec<&str> = evaluation
        .corrective_actions
        .iter()
        .map(|action| action.question.as_str())
        .collect();
    let domains = pack.domains().iter().map(|domain| {
        let score = evaluation
            .score
            .domain(domain.id.as_str())
            .and_then(|d| d.score.as_ref())
            .map_or_else(|| "no score".to_owned(), |s| format!("{} %", s.percent()));
        let mut rows: Vec<(bool, bool, &Question)> = pack
            .questions_in(domain.id.as_str())
            .map(|question| (gaps.contains(&question.id.as_str()), question.critical, question))
            .collect();
        // Gaps first, critical gaps first among them; then the pack's order.
        rows.sort_by_key(|(gap, critical, _)| (!*gap, !(*gap && *critical)));
        let gap_count = rows.iter().filter(|(gap, _, _)| *gap).count();
        let rows = rows
            .into_iter()
            .map(|(gap, critical, question)| {
                let answer = submission.answer(question.id.as_str());
                let state = evaluation
                    .question(question.id.as_str())
                    .map_or(QuestionState::Active, |status| status.state);
                let inactive = state != QuestionState::Active;
                view! {
                    <tr class:gap=gap class:inactive=inactive data-testid="answer-row" data-question=question.id.to_string() data-gap=gap.to_string()>
                        <td>
                            <span class="qid">{question.id.to_string()}</span>
                            {critical.then(|| view! { " " <span class="badge critical">"critical"</span> })}
                            {gap.then(|| view! { " " <span class="badge critical" data-testid="gap">"gap"</span> })}
                            {inactive.then(|| view! { " " <span class="badge">{format!("{}: not counted", state_label(state))}</span> })}
                            <br/>{question.text.clone()}
                        </td>
                        <td>{value_or_none(Some(question), answer.map(|a| &a.value))}</td>
                        <td>{answer.map(|a| reveal_bidi(&a.comment)).unwrap_or_default()}</td>
                        <td>
                            {answer.map(|a| a.evidence.iter().map(|e| view! {
                                <span class="evidence-name">{reveal_bidi(e.name())}</span>
                                {format!(" ({} bytes) ", e.size())}
                                <code>{e.sha256().short()}</code><br/>
                            }).collect_view())}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <details class="domain-answers" open={gap_count > 0} data-testid="domain-answers" data-domain=domain.id.to_string()>
                <summary>
                    <strong>{domain.title.clone()}</strong>
                    {format!(" · {score} · ")}
                    <span class:bad={gap_count > 0}>{format!("{gap_count} gap(s)")}</span>
                </summary>
                <table class="answers-table">
                    <thead><tr><th>"Question"</th><th>"Answer"</th><th>"Comment"</th><th>"Evidence"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        }
    }).collect_view();
    view! {
        <div class="panel" data-testid="answers">
            <h3>"Answers by domain, gaps first"</h3>
            {domains}
        </div>
    }
}

/// An answer as a reviewer reads it, with option labels from the pack.
pub fn value_label(question: Option<&Question>, value: &AnswerValue) -> String {
    let option = |id: &str| {
        question
            .and_then(|q| q.answer_type.options().iter().find(|o| o.id == id))
            .map_or_else(|| id.to_owned(), |o| o.label.clone())
    };
    match value {
        AnswerValue::Yes => "Yes".into(),
        AnswerValue::Partial => "Partially".into(),
        AnswerValue::No => "No".into(),
        AnswerValue::NotApplicable { justification } => format!("Not applicable: {justification}"),
        AnswerValue::Choice { option: id } => option(id),
        AnswerValue::Choices { options } => options
            .iter()
            .map(|id| option(id))
            .collect::<Vec<_>>()
            .join(", "),
        AnswerValue::Text { text } => text.clone(),
        AnswerValue::Date { date } => date.to_string(),
        AnswerValue::Number { number } => match question.map(|q| &q.answer_type) {
            Some(AnswerType::Number { unit: Some(unit) }) => format!("{number} {unit}"),
            _ => number.clone(),
        },
    }
}

fn value_or_none(question: Option<&Question>, value: Option<&AnswerValue>) -> String {
    value.map_or_else(
        || "no answer".to_owned(),
        |value| value_label(question, value),
    )
}

fn state_label(state: QuestionState) -> &'static str {
    match state {
        QuestionState::Active => "asked",
        QuestionState::Inapplicable => "inapplicable",
        QuestionState::OffPath => "off the path",
        QuestionState::Optional => "optional for the tier",
    }
}
