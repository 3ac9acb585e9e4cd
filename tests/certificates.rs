//! Certificate checks on an explicit date, HDS coverage and the assessment path.

#[path = "support/builders.rs"]
mod builders;

use builders::{certificate, hds_certificate};
use croqual::assessment::{
    CertificateFinding, CertificateScheme, HdsActivity, HdsCheck, Path, PathReason,
    check_certificates, decide_path,
};
use jiff::civil::date;

#[test]
fn a_valid_certificate_covering_the_service_counts() {
    let check = certificate(CertificateScheme::Iso27001v2022).check(0, date(2025, 6, 1));
    assert!(check.is_valid && check.counts);
    assert!(check.findings.is_empty());
}

#[test]
fn a_certificate_without_number_issuer_or_scope_does_not_count() {
    let mut cert = certificate(CertificateScheme::Iso27001v2022);
    cert.number = " ".into();
    cert.scope = String::new();
    let check = cert.check(0, date(2025, 6, 1));
    assert!(!check.is_valid && !check.counts);
    assert_eq!(
        check.findings,
        vec![CertificateFinding::Incomplete {
            missing: vec!["number".into(), "scope".into()]
        }]
    );
    assert_eq!(
        check.findings[0].to_string(),
        "incomplete: no number, no scope recorded"
    );
    cert.number = "CERT-002".into();
    cert.scope = "Clinical data management".into();
    assert!(cert.check(0, date(2025, 6, 1)).counts);
}

#[test]
fn an_expired_certificate_does_not_count() {
    let cert = certificate(CertificateScheme::Iso27001v2022);
    assert!(
        cert.check(0, date(2027, 1, 14)).counts,
        "valid on its last day"
    );
    let check = cert.check(0, date(2027, 1, 15));
    assert!(!check.is_valid && !check.counts);
    assert_eq!(
        check.findings,
        [CertificateFinding::Expired {
            expires_on: date(2027, 1, 14)
        }]
    );
}

#[test]
fn a_validity_longer_than_the_schemes_cycle_does_not_count() {
    let mut cert = certificate(CertificateScheme::Iso27001v2022);
    cert.issued_on = date(2024, 1, 1);
    cert.expires_on = Some(date(2045, 1, 1));
    let check = cert.check(0, date(2025, 6, 1));
    assert!(!check.is_valid && !check.counts);
    assert_eq!(
        check.findings[0].to_string(),
        "valid from 2024-01-01 to 2045-01-01, longer than the 3-year certification cycle allows: check the dates on the certificate"
    );
    // A recertification finished months before the old certificate expired is normal.
    cert.expires_on = Some(date(2027, 6, 30));
    assert!(cert.check(0, date(2025, 6, 1)).counts);
    cert.expires_on = Some(date(2027, 7, 2));
    assert!(!cert.check(0, date(2025, 6, 1)).counts);
    // Cyber Essentials runs a year; SOC 2 and other schemes fix no cycle here.
    let mut essentials = certificate(CertificateScheme::CyberEssentials);
    essentials.expires_on = Some(date(2026, 1, 15));
    assert!(
        essentials
            .check(0, date(2025, 6, 1))
            .findings
            .iter()
            .any(|f| matches!(
                f,
                CertificateFinding::ValidityTooLong { cycle_years: 1, .. }
            ))
    );
    let mut other = certificate(CertificateScheme::Other {
        name: "ISO 9001".into(),
    });
    other.expires_on = Some(date(2040, 1, 1));
    assert!(other.check(0, date(2025, 6, 1)).is_valid);
}

#[test]
fn a_certificate_not_yet_valid_does_not_count() {
    let check = certificate(CertificateScheme::Iso27018).check(0, date(2024, 1, 14));
    assert_eq!(
        check.findings,
        [CertificateFinding::NotYetValid {
            issued_on: date(2024, 1, 15)
        }]
    );
    assert!(!check.counts);
}

#[test]
fn a_certificate_without_an_expiry_date_does_not_count() {
    let mut cert = certificate(CertificateScheme::Iso27001v2022);
    cert.expires_on = None;
    assert_eq!(
        cert.check(0, date(2025, 6, 1)).findings,
        [CertificateFinding::NoExpiryDate]
    );
}

#[test]
fn iso_27001_2013_certificates_are_invalid_after_the_transition() {
    let cert = certificate(CertificateScheme::Iso27001v2013);
    assert!(
        cert.check(0, date(2025, 10, 31)).counts,
        "valid on the last day of the transition"
    );
    let check = cert.check(0, date(2025, 11, 1));
    assert!(!check.counts);
    assert_eq!(
        check.findings,
        [CertificateFinding::TransitionEnded {
            last_valid_day: date(2025, 10, 31)
        }]
    );
}

#[test]
fn a_soc2_report_whose_period_ended_more_than_12_months_ago_is_stale() {
    let mut report = certificate(CertificateScheme::Soc2Type2 {
        period_start: date(2024, 1, 1),
        period_end: date(2024, 12, 31),
    });
    report.issued_on = date(2025, 2, 15);
    report.expires_on = None;
    assert!(
        report.check(0, date(2025, 12, 31)).counts,
        "fresh for 12 months"
    );
    let check = report.check(0, date(2026, 1, 1));
    assert_eq!(
        check.findings,
        [CertificateFinding::Stale {
            period_end: date(2024, 12, 31),
            fresh_until: date(2025, 12, 31)
        }]
    );
}

#[test]
fn a_soc2_period_ending_on_a_leap_day_stays_fresh_until_28_february() {
    let mut report = certificate(CertificateScheme::Soc2Type2 {
        period_start: date(2023, 3, 1),
        period_end: date(2024, 2, 29),
    });
    report.issued_on = date(2024, 3, 20);
    report.expires_on = None;
    assert!(report.check(0, date(2025, 2, 28)).counts);
    assert!(!report.check(0, date(2025, 3, 1)).counts);
}

#[test]
fn a_soc2_period_that_has_not_ended_does_not_count() {
    let mut report = certificate(CertificateScheme::Soc2Type2 {
        period_start: date(2025, 1, 1),
        period_end: date(2025, 12, 31),
    });
    report.issued_on = date(2025, 1, 1);
    report.expires_on = None;
    assert!(matches!(
        report.check(0, date(2025, 6, 1)).findings.as_slice(),
        [CertificateFinding::InvalidPeriod { .. }]
    ));
}

#[test]
fn a_scope_that_does_not_cover_the_service_does_not_count() {
    let mut cert = certificate(CertificateScheme::Iso27001v2022);
    cert.covers_service = false;
    let check = cert.check(0, date(2025, 6, 1));
    assert!(check.is_valid, "the certificate itself is valid");
    assert!(!check.counts);
    assert_eq!(check.findings, [CertificateFinding::ScopeExcludesService]);
}

#[test]
fn every_finding_is_listed_at_once() {
    let mut cert = certificate(CertificateScheme::Iso27001v2013);
    cert.covers_service = false;
    let check = cert.check(3, date(2027, 2, 1));
    assert_eq!(check.index, 3);
    assert_eq!(check.findings.len(), 3, "{:?}", check.findings);
}

#[test]
fn hosting_french_health_data_needs_hds_for_the_activities_involved() {
    let required = [HdsActivity::VirtualInfrastructure, HdsActivity::Backup]
        .into_iter()
        .collect();
    let certificates = [hds_certificate(&HdsActivity::PHYSICAL_INFRASTRUCTURE)];
    let checks = check_certificates(&certificates, date(2025, 6, 1));
    let hds = HdsCheck::new(required, &certificates, &checks);
    assert!(!hds.is_satisfied());
    assert_eq!(
        hds.missing,
        [HdsActivity::VirtualInfrastructure, HdsActivity::Backup]
            .into_iter()
            .collect()
    );
}

#[test]
fn a_managed_services_hds_certificate_covers_activities_3_to_6() {
    let required = HdsActivity::MANAGED_SERVICES.into_iter().collect();
    let certificates = [hds_certificate(&HdsActivity::MANAGED_SERVICES)];
    let checks = check_certificates(&certificates, date(2025, 6, 1));
    assert!(HdsCheck::new(required, &certificates, &checks).is_satisfied());
    let numbers: Vec<u8> = HdsActivity::MANAGED_SERVICES
        .iter()
        .map(|a| a.number())
        .collect();
    assert_eq!(numbers, [3, 4, 5, 6]);
    let numbers: Vec<u8> = HdsActivity::PHYSICAL_INFRASTRUCTURE
        .iter()
        .map(|a| a.number())
        .collect();
    assert_eq!(numbers, [1, 2]);
}

#[test]
fn an_expired_hds_certificate_covers_nothing() {
    let required = [HdsActivity::Backup].into_iter().collect();
    let certificates = [hds_certificate(&HdsActivity::MANAGED_SERVICES)];
    let checks = check_certificates(&certificates, date(2027, 6, 1));
    assert!(!HdsCheck::new(required, &certificates, &checks).is_satisfied());
}

#[test]
fn two_hds_certificates_together_cover_all_six_activities() {
    let required = HdsActivity::ALL.into_iter().collect();
    let certificates = [
        hds_certificate(&HdsActivity::PHYSICAL_INFRASTRUCTURE),
        hds_certificate(&HdsActivity::MANAGED_SERVICES),
    ];
    let checks = check_certificates(&certificates, date(2025, 6, 1));
    assert!(HdsCheck::new(required, &certificates, &checks).is_satisfied());
}

fn path_for(
    certificates: &[croqual::assessment::Certificate],
    required: &[HdsActivity],
) -> (Path, Vec<PathReason>) {
    let checks = check_certificates(certificates, date(2025, 6, 1));
    let hds = HdsCheck::new(required.iter().copied().collect(), certificates, &checks);
    let decision = decide_path(certificates, &checks, &hds);
    (decision.path, decision.reasons)
}

#[test]
fn a_valid_recognised_certificate_covering_the_service_earns_the_reduced_path() {
    for scheme in [
        CertificateScheme::Iso27001v2022,
        CertificateScheme::Hitrust,
        CertificateScheme::Iso27001v2013,
    ] {
        let mut held = certificate(scheme.clone());
        // HITRUST r2 certificates run two years.
        held.expires_on = Some(date(2026, 1, 14));
        let (path, reasons) = path_for(&[held], &[]);
        assert_eq!(path, Path::Reduced, "{scheme:?}");
        assert!(matches!(reasons.as_slice(), [PathReason::CoveredBy { .. }]));
    }
    let mut report = certificate(CertificateScheme::Soc2Type2 {
        period_start: date(2024, 4, 1),
        period_end: date(2025, 3, 31),
    });
    report.expires_on = None;
    assert_eq!(path_for(&[report], &[]).0, Path::Reduced);
}

#[test]
fn lacking_or_invalid_certificates_lead_to_the_full_path() {
    assert_eq!(
        path_for(&[], &[]),
        (Path::Full, vec![PathReason::NoRecognisedCertificate])
    );
    let mut expired = certificate(CertificateScheme::Iso27001v2022);
    expired.expires_on = Some(date(2025, 1, 1));
    assert_eq!(path_for(&[expired], &[]).0, Path::Full);
    let mut out_of_scope = certificate(CertificateScheme::Iso27001v2022);
    out_of_scope.covers_service = false;
    assert_eq!(path_for(&[out_of_scope], &[]).0, Path::Full);
}

#[test]
fn certificates_that_do_not_attest_an_isms_do_not_earn_the_reduced_path() {
    for scheme in [
        CertificateScheme::Iso27701,
        CertificateScheme::Iso27017,
        CertificateScheme::Iso27018,
        CertificateScheme::CyberEssentials,
        CertificateScheme::Other {
            name: "TISAX".to_owned(),
        },
    ] {
        assert_eq!(
            path_for(&[certificate(scheme.clone())], &[]).0,
            Path::Full,
            "{scheme:?}"
        );
    }
}

#[test]
fn missing_hds_keeps_the_full_path_despite_an_isms_certificate() {
    let (path, reasons) = path_for(
        &[certificate(CertificateScheme::Iso27001v2022)],
        &[HdsActivity::Backup],
    );
    assert_eq!(path, Path::Full);
    assert_eq!(
        reasons[1],
        PathReason::HdsMissing {
            activities: vec![HdsActivity::Backup]
        }
    );
}

#[test]
fn certificates_use_stable_serde_names() {
    let json = serde_json::to_value(certificate(CertificateScheme::Soc2Type2 {
        period_start: date(2024, 1, 1),
        period_end: date(2024, 12, 31),
    }))
    .expect("serialises");
    assert_eq!(json["scheme"]["kind"], "soc2_type2");
    assert_eq!(json["scheme"]["period_end"], "2024-12-31");
    assert_eq!(json["issued_on"], "2024-01-15");
    let hds = serde_json::to_value(hds_certificate(&[HdsActivity::Backup])).expect("serialises");
    assert_eq!(
        hds["scheme"],
        serde_json::json!({ "kind": "hds", "activities": ["backup"] })
    );
    let back: croqual::assessment::Certificate = serde_json::from_value(json).expect("parses");
    assert_eq!(back.scheme.name(), "SOC 2 Type II");
}
