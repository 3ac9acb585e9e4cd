//! The tiering rule, the thresholds and the re-assessment intervals.

use std::collections::BTreeSet;

use croqual::assessment::{
    BusinessFunction, DataSensitivity, HdsActivity, SystemAccess, Thresholds, Tier, TierReason,
    TieringInputs, decide_tier,
};

fn inputs(
    function: BusinessFunction,
    data: DataSensitivity,
    access: SystemAccess,
) -> TieringInputs {
    TieringInputs {
        business_function: function,
        data,
        access,
        hosts_french_health_data: false,
        hds_activities: BTreeSet::new(),
    }
}

fn tier(function: BusinessFunction, data: DataSensitivity, access: SystemAccess) -> u8 {
    decide_tier(&inputs(function, data, access)).tier.number()
}

#[test]
fn a_full_service_cro_on_trial_data_is_tier_1() {
    assert_eq!(
        tier(
            BusinessFunction::Critical,
            DataSensitivity::HealthOrTrialSubject,
            SystemAccess::Interactive
        ),
        1
    );
}

#[test]
fn the_total_of_points_gives_the_tier() {
    use BusinessFunction as F;
    use DataSensitivity as D;
    use SystemAccess as A;
    // 0–1 → 4, 2–3 → 3, 4–5 → 2, 6–8 → 1 (no floor applies in these rows).
    assert_eq!(tier(F::None, D::None, A::None), 4);
    assert_eq!(tier(F::Supporting, D::None, A::None), 4);
    assert_eq!(tier(F::Supporting, D::ConfidentialBusiness, A::None), 3);
    assert_eq!(tier(F::Supporting, D::ConfidentialBusiness, A::ReadOnly), 3);
    assert_eq!(tier(F::Critical, D::ConfidentialBusiness, A::ReadOnly), 2);
    assert_eq!(tier(F::Critical, D::Personal, A::ReadOnly), 2);
    assert_eq!(tier(F::Critical, D::Personal, A::Interactive), 1);
    assert_eq!(
        tier(
            F::Critical,
            D::HealthOrTrialSubject,
            A::PrivilegedOrNetworkConnected
        ),
        1
    );
}

#[test]
fn health_or_trial_subject_data_is_tier_2_at_least() {
    let decision = decide_tier(&inputs(
        BusinessFunction::None,
        DataSensitivity::HealthOrTrialSubject,
        SystemAccess::None,
    ));
    assert_eq!(decision.tier, Tier::Tier2);
    assert!(decision.reasons.contains(&TierReason::HealthDataFloor));
}

#[test]
fn privileged_or_network_connected_access_is_tier_2_at_least() {
    let decision = decide_tier(&inputs(
        BusinessFunction::None,
        DataSensitivity::None,
        SystemAccess::PrivilegedOrNetworkConnected,
    ));
    assert_eq!(decision.tier, Tier::Tier2);
    assert!(
        decision
            .reasons
            .contains(&TierReason::PrivilegedAccessFloor)
    );
}

#[test]
fn hosting_french_health_data_counts_as_health_data() {
    let mut hosting = inputs(
        BusinessFunction::None,
        DataSensitivity::None,
        SystemAccess::None,
    );
    hosting.hosts_french_health_data = true;
    let decision = decide_tier(&hosting);
    assert_eq!(decision.tier, Tier::Tier2);
    assert_eq!(
        decision.reasons[0],
        TierReason::HdsHostingCountsAsHealthData
    );
}

#[test]
fn the_tier_decision_lists_the_points_of_each_criterion() {
    let decision = decide_tier(&inputs(
        BusinessFunction::Supporting,
        DataSensitivity::Personal,
        SystemAccess::ReadOnly,
    ));
    assert_eq!(
        decision.reasons,
        [TierReason::Points {
            business_function: 1,
            data: 2,
            access: 1,
            total: 4,
            tier: Tier::Tier2
        }]
    );
    assert_eq!(
        decision.reasons[0].to_string(),
        "business function 1 + data 2 + access 1 = 4 points, which gives tier 2 (high)"
    );
}

#[test]
fn each_tier_has_its_thresholds_and_reassessment_interval() {
    let table: Vec<(u8, u32, u32, u32)> = Tier::ALL
        .into_iter()
        .map(|tier| {
            let Thresholds {
                accept,
                accept_with_corrective_actions,
            } = tier.thresholds();
            (
                tier.number(),
                accept,
                accept_with_corrective_actions,
                tier.reassessment_months(),
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            (1, 85, 70, 12),
            (2, 80, 60, 24),
            (3, 70, 50, 36),
            (4, 60, 40, 48)
        ]
    );
}

#[test]
fn a_decision_carries_its_tiers_thresholds_and_interval() {
    let decision = decide_tier(&inputs(
        BusinessFunction::None,
        DataSensitivity::None,
        SystemAccess::None,
    ));
    assert_eq!(decision.thresholds, Tier::Tier4.thresholds());
    assert_eq!(decision.reassessment_months, 48);
}

#[test]
fn tiers_serialise_as_integers() {
    assert_eq!(
        serde_json::to_string(&Tier::Tier2).expect("serialises"),
        "2"
    );
    assert_eq!(
        serde_json::from_str::<Tier>("3").expect("parses"),
        Tier::Tier3
    );
    assert!(serde_json::from_str::<Tier>("5").is_err());
    assert!(serde_json::from_str::<Tier>("\"1\"").is_err());
}

#[test]
fn hds_activities_are_required_only_when_hosting_french_health_data() {
    let mut tiering = inputs(
        BusinessFunction::Critical,
        DataSensitivity::HealthOrTrialSubject,
        SystemAccess::None,
    );
    tiering.hds_activities = [HdsActivity::Backup].into_iter().collect();
    assert!(tiering.required_hds_activities().is_empty());
    tiering.hosts_french_health_data = true;
    assert_eq!(
        tiering.required_hds_activities(),
        [HdsActivity::Backup].into_iter().collect()
    );
}

#[test]
fn unstated_hds_activities_require_all_six() {
    let mut tiering = inputs(
        BusinessFunction::Critical,
        DataSensitivity::HealthOrTrialSubject,
        SystemAccess::None,
    );
    tiering.hosts_french_health_data = true;
    assert_eq!(tiering.required_hds_activities().len(), 6);
}

#[test]
fn tiering_inputs_use_stable_snake_case_names() {
    let json = serde_json::to_value(inputs(
        BusinessFunction::Critical,
        DataSensitivity::HealthOrTrialSubject,
        SystemAccess::PrivilegedOrNetworkConnected,
    ))
    .expect("serialises");
    assert_eq!(json["business_function"], "critical");
    assert_eq!(json["data"], "health_or_trial_subject");
    assert_eq!(json["access"], "privileged_or_network_connected");
}
