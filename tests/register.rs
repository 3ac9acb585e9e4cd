//! The register's views: summaries, portfolio counts, sorting and filtering.

#[path = "support/vendors.rs"]
mod vendors;

use croqual::assessment::{Outcome, Tier};
use croqual::workflow::{
    Command, Filter, Portfolio, SortKey, Stage, VendorRecord, VendorSummary, sort,
};
use jiff::civil::date;
use vendors::*;

fn named(mut record: VendorRecord, name: &str) -> VendorRecord {
    let mut identity = record.organisation().clone();
    identity.legal_name = name.into();
    let service = record.service().clone();
    ok(
        &mut record,
        Command::UpdateIdentity {
            organisation: identity,
            service,
        },
    );
    record
}

/// Five vendors: in service (tier 2, accepted), awaiting a contract with corrective actions
/// one of which is overdue on the 1st of November, stopped, new, and evaluating tier 1.
fn portfolio_vendors() -> Vec<VendorRecord> {
    let in_service = named(vendor_at(Stage::InService), "Beta Trials SA");

    let mut with_plan = vendor_at(Stage::CybersecurityAssessment);
    let first = submission(1, Outcome::AcceptedWithCorrectiveActions);
    ok(&mut with_plan, Command::ReceiveSubmission(first.clone()));
    let mut decided = decision(&first, Outcome::AcceptedWithCorrectiveActions, decided_on());
    decided.plan = vec![
        plan_item("Enforce MFA", date(2025, 10, 31)),
        plan_item("Test restores", date(2025, 12, 31)),
    ];
    ok(&mut with_plan, Command::Decide(decided));
    let with_plan = named(with_plan, "alpha data GmbH");

    let stopped = named(vendor_at(Stage::Stopped), "Gamma Pharma Services");
    let new = named(vendor_at(Stage::Identification), "Delta eCOA Ltd");

    let mut tier1 = vendor_at(Stage::CybersecurityAssessment);
    let mut critical = submission(1, Outcome::Accepted);
    critical.tier = Tier::Tier1;
    ok(&mut tier1, Command::ReceiveSubmission(critical));
    let tier1 = named(tier1, "Epsilon IRT");
    vec![in_service, with_plan, stopped, new, tier1]
}

fn summaries(today: jiff::civil::Date) -> Vec<VendorSummary> {
    portfolio_vendors()
        .iter()
        .map(|record| record.summary(today))
        .collect()
}

#[test]
fn a_summary_shows_tier_stage_outcome_due_date_and_action_counts() {
    let summary = &summaries(date(2025, 11, 1))[1];
    assert_eq!(summary.name, "alpha data GmbH");
    assert_eq!(summary.tier, Some(Tier::Tier2));
    assert_eq!(summary.stage, Stage::ContractSignature);
    assert_eq!(
        summary.outcome,
        Some(Outcome::AcceptedWithCorrectiveActions)
    );
    assert_eq!(summary.next_reassessment, Some(date(2027, 4, 2)));
    assert!(!summary.is_reassessment_overdue);
    assert_eq!(summary.open_actions, 2);
    assert_eq!(summary.overdue_actions, 1);
    assert!(summary.is_overdue());
    assert!(!summary.has_broken_trail);
}

#[test]
fn the_portfolio_counts_vendors_by_tier_outcome_stage_and_overdue() {
    let portfolio = Portfolio::of(&summaries(date(2025, 11, 1)));
    assert_eq!(portfolio.vendors, 5);
    assert_eq!(
        portfolio.by_tier.into_iter().collect::<Vec<_>>(),
        [(Tier::Tier1, 1), (Tier::Tier2, 3)]
    );
    assert_eq!(portfolio.untiered, 1);
    assert_eq!(
        portfolio.by_outcome.into_iter().collect::<Vec<_>>(),
        [
            (Outcome::Rejected, 1),
            (Outcome::AcceptedWithCorrectiveActions, 1),
            (Outcome::Accepted, 1)
        ]
    );
    assert_eq!(portfolio.undecided, 2);
    assert_eq!(
        portfolio.by_stage.into_iter().collect::<Vec<_>>(),
        [
            (Stage::Identification, 1),
            (Stage::Evaluation, 1),
            (Stage::ContractSignature, 1),
            (Stage::InService, 1),
            (Stage::Stopped, 1)
        ]
    );
    assert_eq!(portfolio.with_overdue_actions, 1);
    assert_eq!(portfolio.overdue_actions, 1);
    assert_eq!(portfolio.reassessment_overdue, 0);
    assert_eq!(portfolio.overdue, 1);
}

#[test]
fn overdue_re_assessments_count_in_the_portfolio() {
    // Three years on, every decided vendor is past its 24-month re-assessment, except the
    // rejected one, which waits for a new assessment rather than a date; both actions are
    // overdue.
    let portfolio = Portfolio::of(&summaries(date(2028, 1, 1)));
    assert_eq!(portfolio.reassessment_overdue, 2);
    assert_eq!(portfolio.overdue_actions, 2);
    assert_eq!(portfolio.overdue, 2);
    assert_eq!(Portfolio::of(&[]), Portfolio::default());
}

#[test]
fn sorting_orders_by_each_key_and_breaks_ties_by_name() {
    let mut rows = summaries(date(2025, 11, 1));
    let names = |rows: &[VendorSummary]| -> Vec<String> {
        rows.iter().map(|row| row.name.clone()).collect()
    };
    sort(&mut rows, SortKey::Name);
    assert_eq!(
        names(&rows),
        [
            "alpha data GmbH",
            "Beta Trials SA",
            "Delta eCOA Ltd",
            "Epsilon IRT",
            "Gamma Pharma Services"
        ]
    );
    sort(&mut rows, SortKey::Tier);
    assert_eq!(names(&rows)[0], "Epsilon IRT");
    assert_eq!(names(&rows)[4], "Delta eCOA Ltd");
    sort(&mut rows, SortKey::Stage);
    assert_eq!(names(&rows)[0], "Delta eCOA Ltd");
    assert_eq!(names(&rows)[4], "Gamma Pharma Services");
    sort(&mut rows, SortKey::Outcome);
    assert_eq!(
        names(&rows),
        [
            "Gamma Pharma Services",
            "alpha data GmbH",
            "Beta Trials SA",
            "Delta eCOA Ltd",
            "Epsilon IRT"
        ]
    );
    sort(&mut rows, SortKey::OverdueActions);
    assert_eq!(names(&rows)[0], "alpha data GmbH");
    sort(&mut rows, SortKey::NextReassessment);
    assert_eq!(
        names(&rows)[2..],
        ["Delta eCOA Ltd", "Epsilon IRT", "Gamma Pharma Services"],
        "undecided and stopped vendors have no date and come last"
    );
}

#[test]
fn the_filter_combines_text_tier_stage_outcome_and_overdue() {
    let rows = summaries(date(2025, 11, 1));
    let shown = |filter: &Filter| -> Vec<String> {
        rows.iter()
            .filter(|row| filter.matches(row))
            .map(|row| row.name.clone())
            .collect()
    };
    assert_eq!(shown(&Filter::default()).len(), 5);
    let text = |words: &str| Filter {
        text: words.into(),
        ..Filter::default()
    };
    assert_eq!(shown(&text("ALPHA")), ["alpha data GmbH"]);
    assert_eq!(shown(&text("edc vnd-0001")).len(), 5);
    assert_eq!(shown(&text("beta gamma")), Vec::<String>::new());
    assert_eq!(
        shown(&Filter {
            tier: Some(Tier::Tier1),
            ..Filter::default()
        }),
        ["Epsilon IRT"]
    );
    assert_eq!(
        shown(&Filter {
            stage: Some(Stage::Stopped),
            ..Filter::default()
        }),
        ["Gamma Pharma Services"]
    );
    assert_eq!(
        shown(&Filter {
            outcome: Some(Outcome::Accepted),
            ..Filter::default()
        }),
        ["Beta Trials SA"]
    );
    assert_eq!(
        shown(&Filter {
            overdue_only: true,
            ..Filter::default()
        }),
        ["alpha data GmbH"]
    );
    assert_eq!(
        shown(&Filter {
            overdue_only: true,
            tier: Some(Tier::Tier1),
            ..Filter::default()
        }),
        Vec::<String>::new()
    );
}
