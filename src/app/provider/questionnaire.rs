//! Step 4: the questionnaire, by domain, with progress, and the choice of questionnaire.

use croqual::pack::Pack;
use croqual::provider::{PackSource, Section};
use leptos::prelude::*;

use super::editor::Editing;
use super::question_card::QuestionCard;
use crate::app::files;

/// The questionnaire: choice of pack, domains with progress, and the questions of one domain.
#[component]
pub fn QuestionnaireStep() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let first_domain = editing.pack.with_untracked(|pack| {
        pack.domains()
            .first()
            .map(|d| d.id.to_string())
            .unwrap_or_default()
    });
    let (domain, set_domain) = signal(first_domain);
    let (problem, set_problem) = signal(None::<String>);
    let (loading, set_loading) = signal(false);

    // Answers stay with the assessment whichever pack it answers: switching back restores them.
    let switch_to = move |pack: std::sync::Arc<Pack>, source: PackSource| {
        set_domain.set(
            pack.domains()
                .first()
                .map(|d| d.id.to_string())
                .unwrap_or_default(),
        );
        editing.pack.set(pack);
        editing.pack_problem.set(None);
        editing.edit(Some(Section::Pack), |r| r.pack = source);
    };
    let load_pack = move |event: leptos::ev::Event| {
        let picked = files::picked(&event);
        let Some(file) = picked.into_iter().next() else {
            return;
        };
        set_loading.set(true);
        leptos::task::spawn_local(async move {
            let loaded = match files::read(&file).await {
                Ok(bytes) => files::pack_from_file(&file.name(), &bytes),
                Err(error) => Err(error),
            };
            set_loading.set(false);
            match loaded {
                Ok(pack) => {
                    let source = PackSource::Custom {
                        digest: pack.digest(),
                        id: pack.id().to_owned(),
                        version: pack.version().to_owned(),
                        title: pack.title().to_owned(),
                    };
                    switch_to(editing.workspace.keep_pack(pack), source);
                    set_problem.set(None);
                }
                Err(error) => {
                    set_problem.set(Some(format!("{error}. The questionnaire was not changed.")))
                }
            }
        });
    };
    let use_default = move |_| switch_to(editing.workspace.default_pack(), PackSource::Default);

    let domains = Memo::new(move |_| {
        editing.pack.with(|pack| {
            pack.domains()
                .iter()
                .map(|d| (d.id.to_string(), d.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let questions = Memo::new(move |_| {
        let current = domain.get();
        editing.pack.with(|pack| {
            pack.questions()
                .iter()
                .enumerate()
                .filter(|(_, q)| q.domain.as_str() == current)
                .map(|(position, q)| (position, q.id.to_string()))
                .collect::<Vec<_>>()
        })
    });

    let list = NodeRef::<leptos::html::Div>::new();
    let spacer = NodeRef::<leptos::html::Div>::new();
    let hold = Hold {
        list,
        spacer,
        armed: StoredValue::new(false),
    };
    let scroll = window_event_listener(leptos::ev::scroll, move |_| trim_hold(spacer));
    on_cleanup(move || scroll.remove());

    view! {
        <section class="step questionnaire" data-testid="questionnaire-step">
            <div class="pack-choice">
                <p>
                    "Questionnaire: "
                    <strong data-testid="pack-title">{move || editing.pack.with(|p| format!("{} {}", p.title(), p.version()))}</strong>
                    " · "
                    <span data-testid="pack-size">{move || editing.pack.with(|p| format!("{} questions in {} domains", p.questions().len(), p.domains().len()))}</span>
                </p>
                <label class="file-button">
                    "Use a pack or OSCAL catalog file…"
                    <input type="file" accept=".json,application/json" data-testid="load-pack" on:change=load_pack/>
                </label>
                <Show when=move || editing.record.with(|r| r.pack != PackSource::Default)>
                    <button class="link" data-testid="use-default-pack" on:click=use_default>"Use croqual's default questionnaire"</button>
                </Show>
                <Show when=move || loading.get()>
                    <span class="hint" role="status">"Reading the file…"</span>
                </Show>
                <Show when=move || problem.get().is_some()>
                    <p class="notice error" role="alert" data-testid="pack-problem">{move || problem.get()}</p>
                </Show>
            </div>
            <div class="questionnaire-body">
                <nav class="domains" aria-label="Domains">
                    <For
                        each=move || domains.get()
                        key=|(id, _)| id.clone()
                        children=move |(id, title)| {
                            let id_for_progress = id.clone();
                            let progress = Memo::new(move |_| editing.evaluation.with(|e| {
                                e.score.domain(&id_for_progress).map(|d| (d.answered_questions, d.scored_questions)).unwrap_or((0, 0))
                            }));
                            let is_current = { let id = id.clone(); move || domain.get() == id };
                            view! {
                                <button class="domain-tab" class:current=is_current.clone()
                                    aria-current=move || is_current().then_some("true")
                                    data-testid=format!("domain-{id}")
                                    on:click={ let id = id.clone(); move |_| set_domain.set(id.clone()) }>
                                    <span class="domain-title">{title}</span>
                                    <span class="domain-progress" class:done=move || progress.with(|p| p.1 > 0 && p.0 == p.1)>
                                        {move || progress.with(|p| format!("{}/{}", p.0, p.1))}
                                    </span>
                                </button>
                            }
                        }
                    />
                </nav>
                <div class="questions" data-testid="questions" node_ref=list
                    on:click:capture=move |_| hold.arm()
                    on:change:capture=move |_| hold.arm()
                    on:input:capture=move |_| hold.arm()>
                    <For
                        each=move || questions.get()
                        key=|(position, id)| (*position, id.clone())
                        children=move |(position, id)| view! { <QuestionCard position=position id=id/> }
                    />
                </div>
            </div>
            <div class="page-hold" aria-hidden="true" node_ref=spacer></div>
        </section>
    }
}

// An answer can hide the questions that follow it, which makes the page shorter. Scrolled
// near its end, the browser would then pull the view up and move the question under the
// pointer; scroll anchoring cannot help, the page has simply run out. So before the list
// handles an input, a spacer after it grows as tall as the list; once the change is drawn it
// shrinks to what keeps the view where it is, and scrolling up shrinks it away.

#[derive(Clone, Copy)]
struct Hold {
    list: NodeRef<leptos::html::Div>,
    spacer: NodeRef<leptos::html::Div>,
    /// Grown and waiting for the next frame: one click gives click, input and change events,
    /// and measuring the list again after the spacer grew would lay the page out at once.
    armed: StoredValue<bool>,
}

impl Hold {
    fn arm(self) {
        if self.armed.get_value() {
            return;
        }
        let (Some(list), Some(held)) = (self.list.get_untracked(), self.spacer.get_untracked())
        else {
            return;
        };
        self.armed.set_value(true);
        let height = format!("{}px", list.offset_height());
        let _ = web_sys::HtmlElement::style(&held).set_property("height", &height);
        let (spacer, armed) = (self.spacer, self.armed);
        request_animation_frame(move || {
            let _ = armed.try_update_value(|armed| *armed = false);
            trim_hold(spacer);
        });
    }
}

/// Shrinks the spacer to what the view needs below the content, never more than it has.
fn trim_hold(spacer: NodeRef<leptos::html::Div>) {
    // A frame can come after the step was left: the spacer is gone then, and so is the need.
    let held = spacer.try_get_untracked().flatten();
    let (Some(held), Some(window)) = (held, web_sys::window()) else {
        return;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let height = held.offset_height();
    if height == 0 {
        return;
    }
    let content = root.scroll_height() - height;
    let viewport = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let scrolled = window.scroll_y().unwrap_or(0.0);
    // What keeps the page reaching the bottom of the view; at the top of the page there is
    // no scroll position to keep, even when the page is shorter than the view.
    let needed = if scrolled <= 0.0 {
        0
    } else {
        ((scrolled + viewport).ceil() as i32 - content).clamp(0, height)
    };
    let _ = web_sys::HtmlElement::style(&held).set_property("height", &format!("{needed}px"));
}
