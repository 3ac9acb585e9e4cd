//! Certificates and reports a CRO holds, and whether they count on a given date.

use std::collections::BTreeSet;
use std::fmt;

use jiff::ToSpan;
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

/// The last day an ISO/IEC 27001:2013 certificate was valid: the transition to the 2022
/// edition ended on 31 October 2025.
pub const ISO_27001_2013_LAST_VALID_DAY: Date = date(2025, 10, 31);

/// How many months after the end of its period a SOC 2 Type II report stays fresh.
pub const SOC2_FRESH_MONTHS: i32 = 12;

/// How much a certificate's validity may exceed its scheme's cycle: a recertification
/// finished a few months before the old certificate expires gives a new certificate dated
/// from then but running to the end of the new cycle.
pub const CYCLE_SLACK_MONTHS: i32 = 6;

/// A certificate or attestation report, as the CRO declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// What it certifies.
    pub scheme: CertificateScheme,
    /// The certificate or report number.
    pub number: String,
    /// The certification body or audit firm.
    pub issuer: String,
    /// The body that accredited the issuer ("" when unknown).
    pub accreditation_body: String,
    /// The scope as the certificate states it.
    pub scope: String,
    /// Whether the reviewer found that the scope covers the contracted service.
    pub covers_service: bool,
    /// The issue date (for a SOC 2 report: the report date).
    pub issued_on: Date,
    /// The last day of validity. Required for every scheme except SOC 2, whose freshness
    /// runs from the end of its period.
    pub expires_on: Option<Date>,
}

/// The schemes croqual knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CertificateScheme {
    /// ISO/IEC 27001:2022.
    #[serde(rename = "iso27001_2022")]
    Iso27001v2022,
    /// ISO/IEC 27001:2013, invalid after the transition ended.
    #[serde(rename = "iso27001_2013")]
    Iso27001v2013,
    /// France's health-data hosting certificate, with the activities it covers.
    Hds {
        /// The activities the certificate lists.
        activities: BTreeSet<HdsActivity>,
    },
    /// An AICPA SOC 2 Type II report, with the period it tested.
    #[serde(rename = "soc2_type2")]
    Soc2Type2 {
        /// The first day of the period.
        period_start: Date,
        /// The last day of the period.
        period_end: Date,
    },
    /// ISO/IEC 27701 (privacy).
    Iso27701,
    /// ISO/IEC 27017 (cloud security).
    Iso27017,
    /// ISO/IEC 27018 (personal data in public clouds).
    Iso27018,
    /// HITRUST CSF.
    Hitrust,
    /// Cyber Essentials (UK).
    CyberEssentials,
    /// Anything else.
    Other {
        /// The scheme's name.
        name: String,
    },
}

impl CertificateScheme {
    /// The longest a certificate of this scheme runs, in years, where the scheme fixes it:
    /// three for ISO/IEC management-system certificates (ISO/IEC 17021-1) and for HDS, two
    /// for HITRUST r2, one for Cyber Essentials.
    pub fn cycle_years(&self) -> Option<i16> {
        match self {
            CertificateScheme::Iso27001v2022
            | CertificateScheme::Iso27001v2013
            | CertificateScheme::Iso27701
            | CertificateScheme::Iso27017
            | CertificateScheme::Iso27018
            | CertificateScheme::Hds { .. } => Some(3),
            CertificateScheme::Hitrust => Some(2),
            CertificateScheme::CyberEssentials => Some(1),
            CertificateScheme::Soc2Type2 { .. } | CertificateScheme::Other { .. } => None,
        }
    }

    /// The scheme's name for people, such as "ISO/IEC 27001:2022".
    pub fn name(&self) -> String {
        match self {
            CertificateScheme::Iso27001v2022 => "ISO/IEC 27001:2022".to_owned(),
            CertificateScheme::Iso27001v2013 => "ISO/IEC 27001:2013".to_owned(),
            CertificateScheme::Hds { .. } => "HDS".to_owned(),
            CertificateScheme::Soc2Type2 { .. } => "SOC 2 Type II".to_owned(),
            CertificateScheme::Iso27701 => "ISO/IEC 27701".to_owned(),
            CertificateScheme::Iso27017 => "ISO/IEC 27017".to_owned(),
            CertificateScheme::Iso27018 => "ISO/IEC 27018".to_owned(),
            CertificateScheme::Hitrust => "HITRUST CSF".to_owned(),
            CertificateScheme::CyberEssentials => "Cyber Essentials".to_owned(),
            CertificateScheme::Other { name } => name.clone(),
        }
    }

    /// Whether a valid certificate of this scheme attests a whole information security
    /// management system, so that it earns the reduced path: ISO/IEC 27001 (2022, or 2013
    /// while the transition lasted), SOC 2 Type II and HITRUST.
    pub fn is_recognised_isms(&self) -> bool {
        matches!(
            self,
            CertificateScheme::Iso27001v2022
                | CertificateScheme::Iso27001v2013
                | CertificateScheme::Soc2Type2 { .. }
                | CertificateScheme::Hitrust
        )
    }
}

/// The six activities of health-data hosting in France (decree 2018-137).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HdsActivity {
    /// 1. Provision and maintenance of physical sites.
    PhysicalSites,
    /// 2. Provision and maintenance of hardware infrastructure.
    HardwareInfrastructure,
    /// 3. Provision and maintenance of virtual infrastructure.
    VirtualInfrastructure,
    /// 4. Provision and maintenance of the application hosting platform.
    ApplicationHostingPlatform,
    /// 5. Administration and operation of the information system.
    AdministrationAndOperation,
    /// 6. Backup of health data.
    Backup,
}

impl HdsActivity {
    /// The six activities in the decree's order.
    pub const ALL: [HdsActivity; 6] = [
        HdsActivity::PhysicalSites,
        HdsActivity::HardwareInfrastructure,
        HdsActivity::VirtualInfrastructure,
        HdsActivity::ApplicationHostingPlatform,
        HdsActivity::AdministrationAndOperation,
        HdsActivity::Backup,
    ];

    /// What a "physical infrastructure host" certificate covers: activities 1 and 2.
    pub const PHYSICAL_INFRASTRUCTURE: [HdsActivity; 2] = [
        HdsActivity::PhysicalSites,
        HdsActivity::HardwareInfrastructure,
    ];

    /// What a "managed services host" certificate covers: activities 3 to 6.
    pub const MANAGED_SERVICES: [HdsActivity; 4] = [
        HdsActivity::VirtualInfrastructure,
        HdsActivity::ApplicationHostingPlatform,
        HdsActivity::AdministrationAndOperation,
        HdsActivity::Backup,
    ];

    /// The activity's number in the decree, 1 to 6.
    pub fn number(self) -> u8 {
        match self {
            HdsActivity::PhysicalSites => 1,
            HdsActivity::HardwareInfrastructure => 2,
            HdsActivity::VirtualInfrastructure => 3,
            HdsActivity::ApplicationHostingPlatform => 4,
            HdsActivity::AdministrationAndOperation => 5,
            HdsActivity::Backup => 6,
        }
    }
}

impl fmt::Display for HdsActivity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            HdsActivity::PhysicalSites => "physical sites",
            HdsActivity::HardwareInfrastructure => "hardware infrastructure",
            HdsActivity::VirtualInfrastructure => "virtual infrastructure",
            HdsActivity::ApplicationHostingPlatform => "application hosting platform",
            HdsActivity::AdministrationAndOperation => "administration and operation",
            HdsActivity::Backup => "backup of health data",
        };
        write!(f, "HDS activity {} ({name})", self.number())
    }
}

/// Something that stops a certificate from counting on the check date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum CertificateFinding {
    /// The record lacks what a reviewer needs to look the certificate up: its number, its
    /// issuer or its scope.
    Incomplete {
        /// The missing fields, by name.
        missing: Vec<String>,
    },
    /// Issued after the check date.
    NotYetValid {
        /// The issue date.
        issued_on: Date,
    },
    /// Expired before the check date.
    Expired {
        /// The last day of validity.
        expires_on: Date,
    },
    /// No expiry date was recorded for a scheme that has one.
    NoExpiryDate,
    /// An ISO/IEC 27001:2013 certificate after the transition ended.
    TransitionEnded {
        /// The last day such certificates were valid.
        last_valid_day: Date,
    },
    /// A SOC 2 Type II report whose period ended more than 12 months before the check date.
    Stale {
        /// The last day of the period.
        period_end: Date,
        /// The last day the report was fresh.
        fresh_until: Date,
    },
    /// A SOC 2 Type II period that has not ended by the check date, or ends before it
    /// starts.
    InvalidPeriod {
        /// The first day of the period.
        period_start: Date,
        /// The last day of the period.
        period_end: Date,
    },
    /// A validity longer than the scheme's certification cycle allows: a date typed wrong, or
    /// not a certificate of that scheme.
    ValidityTooLong {
        /// The issue date.
        issued_on: Date,
        /// The expiry date recorded.
        expires_on: Date,
        /// The scheme's cycle, in years.
        cycle_years: i16,
    },
    /// The scope does not cover the contracted service.
    ScopeExcludesService,
}

impl fmt::Display for CertificateFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertificateFinding::Incomplete { missing } => {
                write!(f, "incomplete: no {} recorded", missing.join(", no "))
            }
            CertificateFinding::NotYetValid { issued_on } => {
                write!(f, "not valid yet: issued on {issued_on}")
            }
            CertificateFinding::Expired { expires_on } => write!(f, "expired on {expires_on}"),
            CertificateFinding::NoExpiryDate => f.write_str("no expiry date recorded"),
            CertificateFinding::TransitionEnded { last_valid_day } => write!(
                f,
                "ISO/IEC 27001:2013 certificates ceased to be valid after {last_valid_day}"
            ),
            CertificateFinding::Stale {
                period_end,
                fresh_until,
            } => write!(
                f,
                "stale: the period ended on {period_end}, the report counted until {fresh_until}"
            ),
            CertificateFinding::InvalidPeriod {
                period_start,
                period_end,
            } => write!(
                f,
                "the period {period_start} to {period_end} is not a finished period"
            ),
            CertificateFinding::ValidityTooLong {
                issued_on,
                expires_on,
                cycle_years,
            } => write!(
                f,
                "valid from {issued_on} to {expires_on}, longer than the {cycle_years}-year certification cycle allows: check the dates on the certificate"
            ),
            CertificateFinding::ScopeExcludesService => {
                f.write_str("the scope does not cover the contracted service")
            }
        }
    }
}

/// The result of checking one certificate on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateCheck {
    /// The certificate's position in the list checked.
    pub index: u32,
    /// The scheme's name.
    pub scheme: String,
    /// The certificate number.
    pub number: String,
    /// The date it was checked for.
    pub as_of: Date,
    /// What stops it from counting; empty when it counts.
    pub findings: Vec<CertificateFinding>,
    /// Whether it is valid on `as_of` (whatever its scope).
    pub is_valid: bool,
    /// Whether it is valid and its scope covers the service.
    pub counts: bool,
}

impl Certificate {
    /// Checks the certificate on `as_of`, every rule at once.
    pub fn check(&self, index: u32, as_of: Date) -> CertificateCheck {
        let mut findings = Vec::new();
        let missing: Vec<String> = [
            ("number", &self.number),
            ("issuer", &self.issuer),
            ("scope", &self.scope),
        ]
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(name, _)| name.to_owned())
        .collect();
        if !missing.is_empty() {
            findings.push(CertificateFinding::Incomplete { missing });
        }
        if as_of < self.issued_on {
            findings.push(CertificateFinding::NotYetValid {
                issued_on: self.issued_on,
            });
        }
        match self.expires_on {
            Some(expires_on) if as_of > expires_on => {
                findings.push(CertificateFinding::Expired { expires_on });
            }
            Some(_) => {}
            None if matches!(self.scheme, CertificateScheme::Soc2Type2 { .. }) => {}
            None => findings.push(CertificateFinding::NoExpiryDate),
        }
        if let (Some(expires_on), Some(cycle_years)) = (self.expires_on, self.scheme.cycle_years())
        {
            let longest = self
                .issued_on
                .checked_add(cycle_years.years())
                .and_then(|end| end.checked_add(CYCLE_SLACK_MONTHS.months()))
                .unwrap_or(Date::MAX);
            if expires_on > longest {
                findings.push(CertificateFinding::ValidityTooLong {
                    issued_on: self.issued_on,
                    expires_on,
                    cycle_years,
                });
            }
        }
        match &self.scheme {
            CertificateScheme::Iso27001v2013 if as_of > ISO_27001_2013_LAST_VALID_DAY => {
                findings.push(CertificateFinding::TransitionEnded {
                    last_valid_day: ISO_27001_2013_LAST_VALID_DAY,
                });
            }
            CertificateScheme::Soc2Type2 {
                period_start,
                period_end,
            } => {
                if period_end < period_start || *period_end > as_of {
                    findings.push(CertificateFinding::InvalidPeriod {
                        period_start: *period_start,
                        period_end: *period_end,
                    });
                }
                // Month arithmetic clamps: a period ending 29 February stays fresh until
                // 28 February of the next year.
                let fresh_until = period_end
                    .checked_add(SOC2_FRESH_MONTHS.months())
                    .unwrap_or(Date::MAX);
                if as_of > fresh_until {
                    findings.push(CertificateFinding::Stale {
                        period_end: *period_end,
                        fresh_until,
                    });
                }
            }
            _ => {}
        }
        let is_valid = findings.is_empty();
        if !self.covers_service {
            findings.push(CertificateFinding::ScopeExcludesService);
        }
        CertificateCheck {
            index,
            scheme: self.scheme.name(),
            number: self.number.clone(),
            as_of,
            is_valid,
            counts: is_valid && self.covers_service,
            findings,
        }
    }

    /// The HDS activities the certificate covers; empty for other schemes.
    pub fn hds_activities(&self) -> BTreeSet<HdsActivity> {
        match &self.scheme {
            CertificateScheme::Hds { activities } => activities.clone(),
            _ => BTreeSet::new(),
        }
    }
}

/// Checks every certificate on `as_of`, in order.
pub fn check_certificates(certificates: &[Certificate], as_of: Date) -> Vec<CertificateCheck> {
    certificates
        .iter()
        .enumerate()
        .map(|(index, certificate)| {
            certificate.check(u32::try_from(index).unwrap_or(u32::MAX), as_of)
        })
        .collect()
}

/// Whether the HDS activities a service involves are covered by certificates that count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HdsCheck {
    /// The activities a certificate must cover (empty: HDS is not required).
    pub required: BTreeSet<HdsActivity>,
    /// The activities covered by HDS certificates that count.
    pub covered: BTreeSet<HdsActivity>,
    /// Required activities that no certificate covers.
    pub missing: BTreeSet<HdsActivity>,
}

impl HdsCheck {
    /// Compares what is required with what counting HDS certificates cover.
    pub fn new(
        required: BTreeSet<HdsActivity>,
        certificates: &[Certificate],
        checks: &[CertificateCheck],
    ) -> HdsCheck {
        let covered: BTreeSet<HdsActivity> = crate::btree::set(
            (certificates.iter().zip(checks))
                .filter(|(_, check)| check.counts)
                .flat_map(|(certificate, _)| certificate.hds_activities()),
        );
        let missing = crate::btree::set(required.difference(&covered).copied());
        HdsCheck {
            required,
            covered,
            missing,
        }
    }

    /// Whether HDS is required and every required activity is covered, or not required.
    pub fn is_satisfied(&self) -> bool {
        self.missing.is_empty()
    }
}
