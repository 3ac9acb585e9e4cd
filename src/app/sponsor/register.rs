//! The vendor register: every vendor with its tier, step, outcome, re-assessment date and
//! corrective actions; sorting, filtering, the portfolio's counts, and new vendors.

use croqual::assessment::{Outcome, Tier};
use croqual::organisation::{Organisation, Service};
use croqual::workflow::{Filter, Portfolio, SortKey, Stage, VendorSummary};
use leptos::prelude::*;

use super::identity::IdentityForm;
use super::import_zone::ImportZone;
use super::keys::SponsorKeyPanel;
use super::workspace::Workspace;
use crate::app::browser;
use crate::app::widgets::typed;

/// The register, the import and the new-vendor form.
#[component]
pub fn RegisterView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let today = browser::today();
    let summaries = Memo::new(move |_| {
        workspace.vendors.with(|vendors| {
            vendors
                .iter()
                .map(|vendor| vendor.with(|v| v.record().summary(today)))
                .collect::<Vec<_>>()
        })
    });
    let (adding, set_adding) = signal(false);
    let title = NodeRef::<leptos::html::H1>::new();
    crate::app::widgets::focus_when_shown(title);

    let add = move |organisation: Organisation, service: Service| {
        let vendor = workspace.create(&organisation, &service)?;
        set_adding.set(false);
        workspace
            .open
            .set(Some(vendor.with_untracked(|v| v.record().id().clone())));
        Ok(())
    };

    view! {
        <div class="list-header">
            <h1 tabindex="-1" node_ref=title>"Service providers under review"</h1>
            <button class="primary" data-testid="new-vendor" on:click=move |_| set_adding.update(|open| *open = !*open)>
                "New vendor"
            </button>
        </div>
        <p class="lead">
            "Import the signed files CROs send you, check who signed them, and follow each vendor through the six qualification steps. "
            "Everything stays in this browser."
        </p>
        <Show when=move || adding.get()>
            <section class="panel" data-testid="new-vendor-panel">
                <h2>"New vendor, at identification"</h2>
                <p class="hint">"Enter what you know now; you can complete it in step 1 before any file arrives."</p>
                <IdentityForm
                    organisation=Organisation::default()
                    service=Service::default()
                    submit="Add to the register"
                    testid="new-vendor-form"
                    on_submit=add
                />
            </section>
        </Show>
        <PortfolioCounts summaries=summaries/>
        <ImportZone/>
        <VendorTable summaries=summaries/>
        <SponsorKeyPanel/>
    }
}

/// The portfolio at a glance: vendors by tier, by outcome, and what is overdue.
#[component]
fn PortfolioCounts(
    /// Every vendor's register line.
    summaries: Memo<Vec<VendorSummary>>,
) -> impl IntoView {
    let portfolio = Memo::new(move |_| summaries.with(|all| Portfolio::of(all.iter())));
    view! {
        <section class="portfolio" data-testid="portfolio" aria-label="Portfolio">
            <div class="stat">
                <span class="stat-value" data-testid="count-vendors">{move || portfolio.with(|p| p.vendors)}</span>
                <span class="stat-label">"vendors"</span>
            </div>
            <div class="stat">
                <span class="stat-label">"By tier"</span>
                <ul class="stat-list" data-testid="count-by-tier">
                    {move || portfolio.with(|p| {
                        let mut items: Vec<String> = Tier::ALL
                            .iter()
                            .map(|tier| format!("Tier {}: {}", tier.number(), p.by_tier.get(tier).copied().unwrap_or(0)))
                            .collect();
                        items.push(format!("Not tiered yet: {}", p.untiered));
                        items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()
                    })}
                </ul>
            </div>
            <div class="stat">
                <span class="stat-label">"By outcome"</span>
                <ul class="stat-list" data-testid="count-by-outcome">
                    {move || portfolio.with(|p| {
                        let mut items: Vec<String> = [Outcome::Accepted, Outcome::AcceptedWithCorrectiveActions, Outcome::Rejected]
                            .iter()
                            .map(|outcome| format!("{}: {}", capitalised(&outcome.to_string()), p.by_outcome.get(outcome).copied().unwrap_or(0)))
                            .collect();
                        items.push(format!("Not decided yet: {}", p.undecided));
                        items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()
                    })}
                </ul>
            </div>
            <div class="stat" class:alert=move || portfolio.with(|p| p.overdue > 0)>
                <span class="stat-value" data-testid="count-overdue">{move || portfolio.with(|p| p.overdue)}</span>
                <span class="stat-label">
                    {move || portfolio.with(|p| format!(
                        "with something overdue ({} corrective action(s), {} re-assessment(s))",
                        p.overdue_actions, p.reassessment_overdue
                    ))}
                </span>
            </div>
        </section>
    }
}

/// The register's table, with its filters and sortable columns.
#[component]
fn VendorTable(
    /// Every vendor's register line.
    summaries: Memo<Vec<VendorSummary>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let filter = RwSignal::new(Filter::default());
    let sort_by = RwSignal::new((SortKey::Name, false));
    let shown = Memo::new(move |_| {
        let (key, reversed) = sort_by.get();
        let mut shown: Vec<VendorSummary> = filter.with(|filter| {
            summaries.with(|all| all.iter().filter(|s| filter.matches(s)).cloned().collect())
        });
        croqual::workflow::sort(&mut shown, key);
        if reversed {
            shown.reverse();
        }
        shown
    });

    let header = move |label: &'static str, key: SortKey| {
        let aria = move || {
            let (current, reversed) = sort_by.get();
            match (current == key, reversed) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            }
        };
        view! {
            <th aria-sort=aria>
                <button class="sort" data-testid=format!("sort-{}", sort_name(key)) on:click=move |_| {
                    sort_by.update(|(current, reversed)| {
                        if *current == key {
                            *reversed = !*reversed;
                        } else {
                            *current = key;
                            *reversed = false;
                        }
                    })
                }>
                    {label}
                    <span class="sort-mark" aria-hidden="true">{move || match aria() {
                        "ascending" => " ▲",
                        "descending" => " ▼",
                        _ => "",
                    }}</span>
                </button>
            </th>
        }
    };

    view! {
        <section class="register-panel" data-testid="register">
            <h2>"Register"</h2>
            <div class="filters" data-testid="filters">
                <label class="field inline">
                    <span class="field-label">"Find"</span>
                    <input type="search" data-testid="filter-text" placeholder="name, id or service"
                        prop:value=move || filter.with(|f| f.text.clone())
                        on:input=move |event| filter.update(|f| f.text = typed(&event_target_value(&event)))/>
                </label>
                <label class="field inline">
                    <span class="field-label">"Tier"</span>
                    <select data-testid="filter-tier" on:change=move |event| {
                        let value = event_target_value(&event);
                        filter.update(|f| f.tier = value.parse::<u8>().ok().and_then(Tier::from_number));
                    }>
                        <option value="">"All"</option>
                        {Tier::ALL.into_iter().map(|tier| view! { <option value=tier.number().to_string()>{format!("Tier {}", tier.number())}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field inline">
                    <span class="field-label">"Step"</span>
                    <select data-testid="filter-stage" on:change=move |event| {
                        let value = event_target_value(&event);
                        filter.update(|f| f.stage = Stage::ALL.into_iter().find(|stage| stage_name(*stage) == value));
                    }>
                        <option value="">"All"</option>
                        {Stage::ALL.into_iter().map(|stage| view! { <option value=stage_name(stage)>{stage_label(stage)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field inline">
                    <span class="field-label">"Outcome"</span>
                    <select data-testid="filter-outcome" on:change=move |event| {
                        let value = event_target_value(&event);
                        filter.update(|f| f.outcome = match value.as_str() {
                            "accepted" => Some(Outcome::Accepted),
                            "corrective" => Some(Outcome::AcceptedWithCorrectiveActions),
                            "rejected" => Some(Outcome::Rejected),
                            _ => None,
                        });
                    }>
                        <option value="">"All"</option>
                        <option value="accepted">"Accepted"</option>
                        <option value="corrective">"Accepted with corrective actions"</option>
                        <option value="rejected">"Rejected"</option>
                    </select>
                </label>
                <label class="choice">
                    <input type="checkbox" data-testid="filter-overdue"
                        prop:checked=move || filter.with(|f| f.overdue_only)
                        on:change=move |event| filter.update(|f| f.overdue_only = event_target_checked(&event))/>
                    <span>"Overdue only"</span>
                </label>
            </div>
            <Show
                when=move || !summaries.with(Vec::is_empty)
                fallback=|| view! { <p class="empty" data-testid="no-vendors">"No vendor yet: import a CRO's submission, or add a vendor with \u{201c}New vendor\u{201d}."</p> }
            >
                <p class="hint" data-testid="register-count">{move || format!("{} of {} vendors shown", shown.with(Vec::len), summaries.with(Vec::len))}</p>
                <table class="register" data-testid="register-table">
                    <thead>
                        <tr>
                            {header("Vendor", SortKey::Name)}
                            <th>"Service"</th>
                            {header("Tier", SortKey::Tier)}
                            {header("Step", SortKey::Stage)}
                            {header("Outcome", SortKey::Outcome)}
                            {header("Re-assess by", SortKey::NextReassessment)}
                            <th>"Open actions"</th>
                            {header("Overdue", SortKey::OverdueActions)}
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || shown.get()
                            key=|summary| format!("{summary:?}")
                            children=move |summary| {
                                let id = summary.id.clone();
                                view! {
                                    <tr data-testid="vendor-row" data-vendor=summary.id.to_string() class:overdue=summary.is_overdue()>
                                        <td class="typed">
                                            <button class="link strong" data-testid="open-vendor" on:click=move |_| workspace.show(id.clone())>
                                                {summary.name.clone()}
                                            </button>
                                            <span class="vendor-id">{summary.id.to_string()}</span>
                                            {summary.has_broken_trail.then(|| view! { <span class="badge critical" data-testid="badge-broken-trail">"audit trail broken"</span> })}
                                            {summary.has_claim_difference.then(|| view! { <span class="badge critical">"claim differs"</span> })}
                                        </td>
                                        <td class="typed">{summary.service.clone()}</td>
                                        <td data-testid="cell-tier">{summary.tier.map_or_else(|| "—".to_owned(), |tier| tier.number().to_string())}</td>
                                        <td data-testid="cell-stage">{stage_label(summary.stage)}</td>
                                        <td data-testid="cell-outcome">
                                            {summary.outcome.map_or_else(|| "not decided".to_owned(), |o| capitalised(&o.to_string()))}
                                            {summary.risk_accepted.then(|| view! { <span class="badge">"risk accepted"</span> })}
                                        </td>
                                        <td data-testid="cell-reassess">
                                            {summary.next_reassessment.map_or_else(|| "—".to_owned(), |date| date.to_string())}
                                            {summary.is_reassessment_overdue.then(|| view! { <span class="badge critical">"overdue"</span> })}
                                        </td>
                                        <td data-testid="cell-open">{summary.open_actions}</td>
                                        <td data-testid="cell-overdue">
                                            {if summary.overdue_actions > 0 {
                                                view! { <span class="badge critical">{summary.overdue_actions}</span> }.into_any()
                                            } else {
                                                view! { <span>"0"</span> }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

/// A stage as the register shows it: "2/6 · service qualification".
pub fn stage_label(stage: Stage) -> String {
    match stage.step() {
        Some(step) => format!("{step}/6 · {}", stage.label()),
        None => capitalised(stage.label()),
    }
}

/// The first letter in capitals.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Identification => "identification",
        Stage::ServiceQualification => "service-qualification",
        Stage::CybersecurityAssessment => "cybersecurity-assessment",
        Stage::Evaluation => "evaluation",
        Stage::ContractSignature => "contract-signature",
        Stage::StartOfServices => "start-of-services",
        Stage::InService => "in-service",
        Stage::Reassessment => "reassessment",
        Stage::Stopped => "stopped",
    }
}

fn sort_name(key: SortKey) -> &'static str {
    match key {
        SortKey::Name => "name",
        SortKey::Tier => "tier",
        SortKey::Stage => "stage",
        SortKey::Outcome => "outcome",
        SortKey::NextReassessment => "reassess",
        SortKey::OverdueActions => "overdue",
    }
}
