//! One assessment, step by step: identity, tiering, certificates, questionnaire, review,
//! sign and export.

use std::sync::Arc;

use croqual::assessment::{Evaluation, evaluate};
use croqual::pack::Pack;
use croqual::provider::{AssessmentRecord, Section};
use leptos::prelude::*;

use super::workspace::Workspace;
use super::{certificates, export, identity, questionnaire, review, tiering};
use crate::app::browser;

/// The steps of a self-assessment, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Organisation and service.
    Identity,
    /// The three tiering criteria.
    Tiering,
    /// Certificates held.
    Certificates,
    /// The questions.
    Questionnaire,
    /// Scores, outcome and gaps.
    Review,
    /// Keys, signature and export.
    Export,
}

impl Step {
    const ALL: [Step; 6] = [
        Step::Identity,
        Step::Tiering,
        Step::Certificates,
        Step::Questionnaire,
        Step::Review,
        Step::Export,
    ];

    fn title(self) -> &'static str {
        match self {
            Step::Identity => "1 · Organisation",
            Step::Tiering => "2 · Tiering",
            Step::Certificates => "3 · Certificates",
            Step::Questionnaire => "4 · Questionnaire",
            Step::Review => "5 · Review",
            Step::Export => "6 · Sign and export",
        }
    }

    /// The step named `slug`, as [`Step::slug`] writes it.
    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.slug() == slug)
    }

    /// The step's name in the address and in test ids.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Identity => "identity",
            Step::Tiering => "tiering",
            Step::Certificates => "certificates",
            Step::Questionnaire => "questionnaire",
            Step::Review => "review",
            Step::Export => "export",
        }
    }
}

/// What every step of the open assessment shares, provided as context.
#[derive(Clone, Copy)]
pub struct Editing {
    /// The assessment.
    pub record: RwSignal<AssessmentRecord>,
    /// The pack it answers.
    pub pack: RwSignal<Arc<Pack>>,
    /// Why the pack could not be loaded, if it could not (the default bank stands in).
    pub pack_problem: RwSignal<Option<String>>,
    /// Everything computed from it, as of today.
    pub evaluation: Memo<Evaluation>,
    /// The workspace.
    pub workspace: Workspace,
    /// The last export made in this tab and the key that signed it: while neither the
    /// assessment nor the key changes, exporting again offers that same file.
    pub last_export: RwSignal<Option<super::export_file::Exported>>,
}

impl Editing {
    /// Changes the assessment and saves it; `section`, when given, is marked as edited now
    /// so that another tab's older edit of it does not win a merge.
    pub fn edit(self, section: Option<Section>, change: impl FnOnce(&mut AssessmentRecord)) {
        self.workspace.edit(self.record, |record| {
            change(record);
            if let Some(section) = section {
                record.touch(section, browser::now());
            }
        });
    }
}

/// The editor of one assessment.
#[component]
pub fn Editor(
    /// The assessment to edit.
    record: RwSignal<AssessmentRecord>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let step = workspace.step;

    let (initial_pack, initial_problem) =
        match workspace.pack(&record.with_untracked(|r| r.pack.clone())) {
            Ok(pack) => (pack, None),
            Err(problem) => (workspace.default_pack(), Some(problem)),
        };
    let pack = RwSignal::new(initial_pack);
    let pack_problem = RwSignal::new(initial_problem);
    let today = browser::today();
    let evaluation = Memo::new(move |_| {
        pack.with(|pack| {
            record.with(|r| {
                evaluate(
                    pack,
                    &r.tiering_or_strictest(),
                    &r.certificates,
                    &r.answers,
                    today,
                )
            })
        })
    });
    let editing = Editing {
        record,
        pack,
        pack_problem,
        evaluation,
        workspace,
        last_export: RwSignal::new(None),
    };
    provide_context(editing);
    let title = NodeRef::<leptos::html::H1>::new();
    crate::app::widgets::focus_when_shown(title);

    view! {
        <div class="editor" data-testid="editor">
            <div class="editor-header">
                <button class="link" data-testid="back-to-list" on:click=move |_| workspace.open.set(None)>
                    "← All assessments"
                </button>
                <h1 data-testid="assessment-title" tabindex="-1" node_ref=title>{move || record.with(|r| r.label.clone())}</h1>
                <ProgressSummary/>
            </div>
            <nav class="steps" aria-label="Steps">
                {Step::ALL
                    .into_iter()
                    .map(|each| {
                        view! {
                            <button
                                class="step-tab"
                                class:current=move || step.get() == each
                                aria-current=move || (step.get() == each).then_some("step")
                                data-testid=format!("step-{}", each.slug())
                                on:click=move |_| step.set(each)
                            >
                                {each.title()}
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
            <Show when=move || pack_problem.get().is_some()>
                <p class="notice error" role="alert">{move || pack_problem.get()}</p>
            </Show>
            {move || match step.get() {
                Step::Identity => view! { <identity::IdentityStep/> }.into_any(),
                Step::Tiering => view! { <tiering::TieringStep/> }.into_any(),
                Step::Certificates => view! { <certificates::CertificatesStep/> }.into_any(),
                Step::Questionnaire => view! { <questionnaire::QuestionnaireStep/> }.into_any(),
                Step::Review => view! { <review::ReviewStep/> }.into_any(),
                Step::Export => view! { <export::ExportStep/> }.into_any(),
            }}
        </div>
    }
}

/// Answered versus required, overall, and the score so far.
#[component]
fn ProgressSummary() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let counts = Memo::new(move |_| {
        editing.evaluation.with(|evaluation| {
            let (answered, required) = evaluation.progress();
            let score = evaluation
                .score
                .overall
                .as_ref()
                .map(|score| format!("{} %", score.percent()))
                .unwrap_or_else(|| "no score yet".into());
            (answered, required, score)
        })
    });
    view! {
        <p class="progress-summary" data-testid="progress-summary">
            <span data-testid="answered-count">{move || counts.with(|c| format!("{} of {} required questions answered", c.0, c.1))}</span>
            " · score "
            <strong data-testid="overall-score">{move || counts.with(|c| c.2.clone())}</strong>
        </p>
    }
}
