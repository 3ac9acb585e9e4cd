//! One question: its text and help, the answer, the comment and the evidence.
//!
//! A card never changes height above the control a person is using: follow-up questions
//! appear after their gate, and the browser's scroll anchoring keeps the page still.

use croqual::assessment::{Answer, AnswerValue, EvidenceRef, QuestionState};
use croqual::pack::{AnswerType, Question, QuestionId};
use leptos::prelude::*;

use super::editor::Editing;
use crate::app::widgets::typed;
use crate::app::{browser, files};

/// Replaces an answer's value, keeping its comment and evidence, dated now.
fn with_value(previous: Option<&Answer>, value: AnswerValue) -> Result<Answer, String> {
    let mut answer = Answer::new(value, browser::now()).map_err(|error| error.to_string())?;
    if let Some(previous) = previous {
        answer = answer.with_comment(previous.comment());
        for evidence in previous.evidence() {
            answer = answer.with_evidence(evidence.clone());
        }
    }
    Ok(answer)
}

/// What stands after an answer was refused, for the message that says so.
fn stands(previous: Option<&Answer>) -> String {
    match previous.map(Answer::value) {
        None => "the question stays unanswered".to_owned(),
        Some(AnswerValue::Date { date }) => {
            format!("the answer stays {date} (\"Clear answer\" removes it)")
        }
        Some(AnswerValue::Number { number }) => {
            format!("the answer stays {number} (\"Clear answer\" removes it)")
        }
        Some(_) => "the previous answer stays".to_owned(),
    }
}

/// The same answer with another comment or evidence list, dated now so that a merge with
/// another tab keeps the newer edit.
fn rebuilt(previous: &Answer, comment: &str, evidence: &[EvidenceRef]) -> Answer {
    let mut answer = Answer::new(previous.value().clone(), browser::now())
        .expect("a value that was valid stays valid")
        .with_comment(comment);
    for item in evidence {
        answer = answer.with_evidence(item.clone());
    }
    answer
}

/// One question of the pack.
#[component]
pub fn QuestionCard(
    /// Its position in the pack.
    position: usize,
    /// Its id.
    id: String,
) -> impl IntoView {
    let editing = expect_context::<Editing>();
    let Some(question) = editing
        .pack
        .with_untracked(|pack| pack.questions().get(position).cloned())
    else {
        return ().into_any();
    };
    let question_id: QuestionId = question.id.clone();
    let status = Memo::new(move |_| {
        editing.evaluation.with(|e| {
            e.questions
                .get(position)
                .map(|q| (q.state, q.scored, q.answered))
        })
    });
    let answer = {
        let id = question_id.clone();
        Memo::new(move |_| editing.record.with(|r| r.answers.get(&id).cloned()))
    };
    let (problem, set_problem) = signal(None::<String>);
    let (na_open, set_na_open) = signal(false);
    let (hashing, set_hashing) = signal(None::<String>);

    let set_answer = {
        let id = question_id.clone();
        move |value: AnswerValue| {
            let previous = answer.get_untracked();
            match with_value(previous.as_ref(), value) {
                Ok(new) => {
                    set_problem.set(None);
                    let id = id.clone();
                    editing.edit(None, move |r| r.answer(id, new));
                }
                Err(error) => {
                    set_problem.set(Some(format!("{error}: {}", stands(previous.as_ref()))))
                }
            }
        }
    };
    let clear = {
        let id = question_id.clone();
        move |_| {
            set_na_open.set(false);
            let id = id.clone();
            editing.edit(None, move |r| r.clear(&id, browser::now()));
        }
    };
    let set_comment = {
        let id = question_id.clone();
        move |event: leptos::ev::Event| {
            let comment = typed(&event_target_value(&event));
            let Some(previous) = answer.get_untracked() else {
                return;
            };
            let new = rebuilt(&previous, &comment, previous.evidence());
            let id = id.clone();
            editing.edit(None, move |r| r.answer(id, new));
        }
    };
    let add_evidence = {
        let id = question_id.clone();
        move |event: leptos::ev::Event| {
            let picked = files::picked(&event);
            let id = id.clone();
            // What an earlier pick said no longer stands; this pick's files speak for themselves.
            set_problem.set(None);
            leptos::task::spawn_local(async move {
                for file in picked {
                    let name = file.name();
                    set_hashing.set(Some(format!("Hashing {name}…")));
                    let digest = files::sha256(&file, |done| {
                        set_hashing.set(Some(format!("Hashing {name}… {:.0} %", done * 100.0)))
                    })
                    .await;
                    set_hashing.set(None);
                    let reference = digest.and_then(|digest| {
                        EvidenceRef::new(&name, file.size() as u64, digest)
                            .map_err(|e| e.to_string())
                    });
                    match (reference, answer.get_untracked()) {
                        (Ok(reference), Some(previous)) => {
                            let mut evidence = previous.evidence().to_vec();
                            if !evidence.iter().any(|e| e.sha256() == reference.sha256()) {
                                evidence.push(reference);
                            }
                            let new = rebuilt(&previous, previous.comment(), &evidence);
                            let id = id.clone();
                            editing.edit(None, move |r| r.answer(id, new));
                        }
                        (Ok(_), None) => set_problem
                            .set(Some("answer the question before adding evidence".into())),
                        (Err(error), _) => set_problem.set(Some(error)),
                    }
                }
            });
        }
    };
    let remove_evidence = {
        let id = question_id.clone();
        move |digest: croqual::attest::Digest| {
            let Some(previous) = answer.get_untracked() else {
                return;
            };
            let evidence: Vec<EvidenceRef> = previous
                .evidence()
                .iter()
                .filter(|e| e.sha256() != digest)
                .cloned()
                .collect();
            let new = rebuilt(&previous, previous.comment(), &evidence);
            let id = id.clone();
            editing.edit(None, move |r| r.answer(id, new));
        }
    };

    let visible = move || {
        status.with(|s| {
            matches!(
                s,
                Some((QuestionState::Active | QuestionState::Optional, _, _))
            )
        })
    };
    let state_name = move || {
        status.with(|s| match s.map(|s| s.0) {
            Some(QuestionState::Active) => "active",
            Some(QuestionState::Optional) => "optional",
            Some(QuestionState::Inapplicable) => "inapplicable",
            Some(QuestionState::OffPath) => "off-path",
            None => "unknown",
        })
    };
    let is_na = move || answer.with(|a| a.as_ref().is_some_and(Answer::is_not_applicable));
    let has_answer = move || answer.with(Option::is_some);
    let control = answer_control(
        &question,
        answer,
        set_answer.clone(),
        set_na_open,
        na_open,
        set_problem,
    );
    let text = question.text.clone();
    let help = question.help.clone();
    let evidence_expected = question.evidence.clone();
    let refs = question
        .mappings
        .csf()
        .iter()
        .chain(question.mappings.scheme("iso27001"))
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    let critical = question.critical;
    let dom_id = format!("question-{id}");

    view! {
            <article class="question" id=dom_id.clone() data-testid=dom_id.clone() data-state=state_name
                hidden=move || !visible() class:critical=critical class:answered=has_answer>
                <header class="question-header">
                    <span class="qid">{id.clone()}</span>
                    {critical.then(|| view! { <span class="badge critical" title="A failure here caps the outcome">"critical"</span> })}
                    {move || match state_name() {
                        "optional" => view! { <span class="badge optional">"optional for your tier · not scored"</span> }.into_any(),
                        _ if status.with(|s| s.is_some_and(|s| !s.1)) => view! { <span class="badge">"not scored"</span> }.into_any(),
                        _ => view! { <span class="badge required">"required"</span> }.into_any(),
                    }}
                </header>
                <p class="question-text">{text.clone()}</p>
                <details class="question-help">
                    <summary>"What the reviewer looks for"</summary>
                    <p>{help.clone()}</p>
                    {(!evidence_expected.is_empty()).then(|| view! {
                        <p class="hint">"Evidence: " {evidence_expected.join("; ")}</p>
                    })}
                    <p class="hint refs">{refs.clone()}</p>
                </details>
                {control}
                <Show when=move || na_open.get() || is_na()>
                    <label class="field">
                        <span class="field-label">"Why does this not apply? (required)"</span>
                        <textarea data-testid="na-justification" rows="2"
                            prop:value=move || answer.with(|a| match a.as_ref().map(Answer::value) { Some(AnswerValue::NotApplicable { justification }) => justification.clone(), _ => String::new() })
                            on:input={
                                let set_answer = set_answer.clone();
                                move |event| {
                                    let justification = typed(&event_target_value(&event));
                                    if justification.trim().is_empty() {
                                        set_problem.set(Some("a not-applicable answer needs a justification: until you give one, the previous answer stays".into()));
                                    } else {
                                        set_answer(AnswerValue::NotApplicable { justification });
                                    }
                                }
                            }></textarea>
                    </label>
                </Show>
                <div class="answer-extras">
                    <label class="field">
                        <span class="field-label">"Comment"</span>
                        <textarea data-testid="comment" rows="2" disabled=move || !has_answer()
                            placeholder=move || if has_answer() { "" } else { "Answer first, then comment" }
                            prop:value=move || answer.with(|a| a.as_ref().map(|a| a.comment().to_owned()).unwrap_or_default())
                            on:input=set_comment.clone()></textarea>
                    </label>
                    <div class="evidence">
                        <ul class="evidence-list">
                            {move || answer.with(|a| a.as_ref().map(|a| a.evidence().to_vec()).unwrap_or_default()).into_iter().map(|e| {
                                let remove_evidence = remove_evidence.clone();
                                let digest = e.sha256();
                                view! {
                                    <li data-testid="evidence-ref">
                                        <span class="evidence-name">{e.name().to_owned()}</span>
                                        " · " {format!("{} bytes", e.size())} " · "
                                        <code title=digest.to_string()>{format!("sha256 {}", digest.short())}</code>
                                        <button class="link danger" on:click=move |_| remove_evidence(digest)>"Remove"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <label class="file-button small" class:disabled=move || !has_answer()>
                            "Add evidence…"
                            <input type="file" multiple data-testid="add-evidence" disabled=move || !has_answer() on:change=add_evidence.clone()/>
                        </label>
                        <span class="hint">"Hashed here; the file itself stays on your computer."</span>
                        <Show when=move || hashing.get().is_some()>
                            <span class="hint" role="status">{move || hashing.get()}</span>
                        </Show>
                    </div>
                    <Show when=has_answer>
                        <button class="link" data-testid="clear-answer" on:click=clear.clone()>"Clear answer"</button>
                    </Show>
                </div>
                // Last in the card: a message that appears as a field is left must not push
                // down the button the pointer is already on.
                <Show when=move || problem.get().is_some()>
                    <p class="inline-error" role="alert" data-testid="answer-problem">{move || problem.get()}</p>
                </Show>
            </article>
    }
    .into_any()
}

/// The control that matches the question's answer type.
fn answer_control(
    question: &Question,
    answer: Memo<Option<Answer>>,
    set_answer: impl Fn(AnswerValue) + Clone + 'static,
    set_na_open: WriteSignal<bool>,
    na_open: ReadSignal<bool>,
    set_problem: WriteSignal<Option<String>>,
) -> AnyView {
    let name = format!("answer-{}", question.id);
    let kind = move || answer.with(|a| a.as_ref().map(|a| a.value().kind()));
    match &question.answer_type {
        AnswerType::Scale => {
            let options: [(&str, &str); 4] = [("yes", "Yes"), ("partial", "Partial"), ("no", "No"), ("na", "Not applicable")];
            view! {
                <fieldset class="scale" data-testid="scale">
                    <legend class="visually-hidden">"Answer"</legend>
                    {options.into_iter().map(|(value, label)| {
                        let set_answer = set_answer.clone();
                        view! {
                            <label class=format!("scale-option {value}")>
                                <input type="radio" name=name.clone() value=value data-testid=format!("answer-{value}")
                                    prop:checked=move || kind() == Some(value) || (value == "na" && na_open.get())
                                    on:change=move |_| match value {
                                        "yes" => { set_na_open.set(false); set_answer(AnswerValue::Yes) }
                                        "partial" => { set_na_open.set(false); set_answer(AnswerValue::Partial) }
                                        "no" => { set_na_open.set(false); set_answer(AnswerValue::No) }
                                        _ => {
                                            set_na_open.set(true);
                                            // Not applicable is stored once it says why; until then say what stands.
                                            let stands = match kind() {
                                                Some("na") => None,
                                                Some(_) => Some("the previous answer stays"),
                                                None => Some("the question stays unanswered"),
                                            };
                                            if let Some(stands) = stands {
                                                set_problem.set(Some(format!("say why this does not apply: until you do, {stands}")));
                                            }
                                        }
                                    }/>
                                <span>{label}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        AnswerType::Single(options) => {
            let chosen = move || answer.with(|a| match a.as_ref().map(Answer::value) {
                Some(AnswerValue::Choice { option }) => Some(option.clone()),
                _ => None,
            });
            view! {
                <fieldset class="single" data-testid="single">
                    <legend class="visually-hidden">"Answer"</legend>
                    {options.iter().map(|option| {
                        let set_answer = set_answer.clone();
                        let id = option.id.clone();
                        let id_checked = id.clone();
                        view! {
                            <label class="choice">
                                <input type="radio" name=name.clone() value=id.clone() data-testid=format!("option-{id}")
                                    prop:checked=move || chosen().as_deref() == Some(id_checked.as_str())
                                    on:change=move |_| set_answer(AnswerValue::Choice { option: id.clone() })/>
                                <span>{option.label.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        AnswerType::Multiple(options) => {
            let chosen = move || answer.with(|a| match a.as_ref().map(Answer::value) {
                Some(AnswerValue::Choices { options }) => options.clone(),
                _ => Vec::new(),
            });
            view! {
                <fieldset class="multiple" data-testid="multiple">
                    <legend class="visually-hidden">"Answer: tick all that apply"</legend>
                    {options.iter().map(|option| {
                        let set_answer = set_answer.clone();
                        let id = option.id.clone();
                        let id_checked = id.clone();
                        view! {
                            <label class="choice">
                                <input type="checkbox" value=id.clone() data-testid=format!("option-{id}")
                                    prop:checked=move || chosen().contains(&id_checked)
                                    on:change=move |event| {
                                        let mut now = chosen();
                                        now.retain(|o| o != &id);
                                        if event_target_checked(&event) { now.push(id.clone()); }
                                        if now.is_empty() {
                                            set_problem.set(Some("tick at least one option, or clear the answer".into()));
                                        } else {
                                            set_answer(AnswerValue::Choices { options: now });
                                        }
                                    }/>
                                <span>{option.label.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        AnswerType::Text => view! {
            <textarea class="answer-text" data-testid="answer-text" rows="3" aria-label="Answer"
                prop:value=move || answer.with(|a| match a.as_ref().map(Answer::value) { Some(AnswerValue::Text { text }) => text.clone(), _ => String::new() })
                on:input=move |event| set_answer(AnswerValue::Text { text: typed(&event_target_value(&event)) })></textarea>
        }
        .into_any(),
        AnswerType::Date => {
            let stored = move || answer.with_untracked(|a| match a.as_ref().map(Answer::value) {
                Some(AnswerValue::Date { date }) => date.to_string(),
                _ => String::new(),
            });
            view! {
                <input type="date" class="answer-date" data-testid="answer-date" aria-label="Answer"
                    prop:value=move || answer.with(|a| match a.as_ref().map(Answer::value) { Some(AnswerValue::Date { date }) => date.to_string(), _ => String::new() })
                    on:change=move |event| match event_target_value(&event).parse() {
                        Ok(date) => set_answer(AnswerValue::Date { date }),
                        // Chrome empties the value while a part is being typed: say what stands,
                        // and leave the typing alone.
                        Err(_) => set_problem.set(Some(format!("enter a full date: {}", stands(answer.get_untracked().as_ref())))),
                    }
                    // Left empty or partial, the field shows what is kept again.
                    on:blur=move |event| {
                        let input = event_target::<web_sys::HtmlInputElement>(&event);
                        if input.value().parse::<jiff::civil::Date>().is_err() {
                            input.set_value(&stored());
                        }
                    }/>
            }
            .into_any()
        }
        AnswerType::Number { unit } => {
            let unit = unit.clone().unwrap_or_default();
            view! {
                <span class="answer-number">
                    <input type="text" inputmode="decimal" data-testid="answer-number" aria-label="Answer"
                        prop:value=move || answer.with(|a| match a.as_ref().map(Answer::value) { Some(AnswerValue::Number { number }) => number.clone(), _ => String::new() })
                        on:change=move |event| {
                            let number = event_target_value(&event).trim().to_owned();
                            if !number.is_empty() {
                                set_answer(AnswerValue::Number { number });
                                return;
                            }
                            // An emptied field is not an answer: it shows the number kept again.
                            let kept = answer.with_untracked(|a| match a.as_ref().map(Answer::value) {
                                Some(AnswerValue::Number { number }) => number.clone(),
                                _ => String::new(),
                            });
                            event_target::<web_sys::HtmlInputElement>(&event).set_value(&kept);
                            set_problem.set((!kept.is_empty()).then(|| {
                                format!("enter a number: {}", stands(answer.get_untracked().as_ref()))
                            }));
                        }/>
                    " " {unit}
                </span>
            }
            .into_any()
        }
    }
}
