//! Inherent-risk tiering: how critical a CRO's service is to the sponsor.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::HdsActivity;

/// How critical a service is: tier 1 is critical, tier 4 low. Written as the integers 1 to 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Critical.
    Tier1,
    /// High.
    Tier2,
    /// Medium.
    Tier3,
    /// Low.
    Tier4,
}

impl Tier {
    /// The four tiers, most critical first.
    pub const ALL: [Tier; 4] = [Tier::Tier1, Tier::Tier2, Tier::Tier3, Tier::Tier4];

    /// The tier's number, 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            Tier::Tier1 => 1,
            Tier::Tier2 => 2,
            Tier::Tier3 => 3,
            Tier::Tier4 => 4,
        }
    }

    /// The tier with this number.
    pub fn from_number(number: u8) -> Option<Tier> {
        match number {
            1 => Some(Tier::Tier1),
            2 => Some(Tier::Tier2),
            3 => Some(Tier::Tier3),
            4 => Some(Tier::Tier4),
            _ => None,
        }
    }

    /// The minimum scores of the tier's outcomes (see [`Thresholds`]).
    pub fn thresholds(self) -> Thresholds {
        let (accept, accept_with_corrective_actions) = match self {
            Tier::Tier1 => (85, 70),
            Tier::Tier2 => (80, 60),
            Tier::Tier3 => (70, 50),
            Tier::Tier4 => (60, 40),
        };
        Thresholds {
            accept,
            accept_with_corrective_actions,
        }
    }

    /// Months until the CRO is assessed again: 12, 24, 36 or 48 from tier 1 to tier 4.
    pub fn reassessment_months(self) -> u32 {
        match self {
            Tier::Tier1 => 12,
            Tier::Tier2 => 24,
            Tier::Tier3 => 36,
            Tier::Tier4 => 48,
        }
    }

    /// "critical", "high", "medium" or "low".
    pub fn label(self) -> &'static str {
        match self {
            Tier::Tier1 => "critical",
            Tier::Tier2 => "high",
            Tier::Tier3 => "medium",
            Tier::Tier4 => "low",
        }
    }

    fn from_points(total: u8) -> Tier {
        match total {
            6.. => Tier::Tier1,
            4..=5 => Tier::Tier2,
            2..=3 => Tier::Tier3,
            _ => Tier::Tier4,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tier {} ({})", self.number(), self.label())
    }
}

impl Serialize for Tier {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.number())
    }
}

impl<'de> Deserialize<'de> for Tier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tier, D::Error> {
        let number = u8::deserialize(deserializer)?;
        Tier::from_number(number)
            .ok_or_else(|| serde::de::Error::custom(format!("tier {number} is not 1, 2, 3 or 4")))
    }
}

/// The minimum overall scores, in whole percent, for a tier's outcomes. A score at or above
/// `accept` is accepted; at or above `accept_with_corrective_actions`, accepted with
/// corrective actions; below it, rejected. Scores compare exactly, not rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// The minimum for "accepted".
    pub accept: u32,
    /// The minimum for "accepted with corrective actions".
    pub accept_with_corrective_actions: u32,
}

/// The seed's three criteria, plus French health-data hosting, as structured answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieringInputs {
    /// How the service relates to the sponsor's critical business functions.
    pub business_function: BusinessFunction,
    /// The most sensitive data the service handles.
    pub data: DataSensitivity,
    /// The service's access to the sponsor's systems.
    pub access: SystemAccess,
    /// Whether the service hosts personal health data of people in France on the sponsor's
    /// behalf, which French law (HDS) ties to a certificate.
    pub hosts_french_health_data: bool,
    /// The HDS activities the hosting involves. Empty while unknown: then all six are
    /// required.
    pub hds_activities: BTreeSet<HdsActivity>,
}

impl TieringInputs {
    /// The HDS activities a certificate must cover: none unless the service hosts personal
    /// health data of people in France; the stated activities; all six when none is stated.
    pub fn required_hds_activities(&self) -> BTreeSet<HdsActivity> {
        if !self.hosts_french_health_data {
            BTreeSet::new()
        } else if self.hds_activities.is_empty() {
            crate::btree::set(HdsActivity::ALL)
        } else {
            self.hds_activities.clone()
        }
    }
}

/// How a service relates to the sponsor's critical business functions (clinical operations,
/// research and development, pharmacovigilance, regulatory submissions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessFunction {
    /// No relation to a critical business function.
    None,
    /// Supports a critical function, which can carry on for a while without it.
    Supporting,
    /// Performs a critical function or is indispensable to one.
    Critical,
}

impl BusinessFunction {
    /// The tiering points: 0, 1, 2.
    pub fn points(self) -> u8 {
        match self {
            BusinessFunction::None => 0,
            BusinessFunction::Supporting => 1,
            BusinessFunction::Critical => 2,
        }
    }
}

/// The most sensitive data a service stores or manages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSensitivity {
    /// No sponsor data.
    None,
    /// Confidential business data, such as protocols or product information.
    ConfidentialBusiness,
    /// Personal data, such as staff or investigator contacts.
    Personal,
    /// Health or clinical-trial-subject data, pseudonymised or not.
    HealthOrTrialSubject,
}

impl DataSensitivity {
    /// The tiering points: 0, 1, 2, 3.
    pub fn points(self) -> u8 {
        match self {
            DataSensitivity::None => 0,
            DataSensitivity::ConfidentialBusiness => 1,
            DataSensitivity::Personal => 2,
            DataSensitivity::HealthOrTrialSubject => 3,
        }
    }
}

/// How far a service reaches into the sponsor's systems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemAccess {
    /// No access.
    None,
    /// Reads from sponsor systems.
    ReadOnly,
    /// Works in sponsor systems with user accounts.
    Interactive,
    /// Administers sponsor systems or connects to the sponsor's network.
    PrivilegedOrNetworkConnected,
}

impl SystemAccess {
    /// The tiering points: 0, 1, 2, 3.
    pub fn points(self) -> u8 {
        match self {
            SystemAccess::None => 0,
            SystemAccess::ReadOnly => 1,
            SystemAccess::Interactive => 2,
            SystemAccess::PrivilegedOrNetworkConnected => 3,
        }
    }
}

/// A tier with the reasons that set it and what it implies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierDecision {
    /// The tier.
    pub tier: Tier,
    /// Why, in the order the rule applies.
    pub reasons: Vec<TierReason>,
    /// The tier's minimum scores.
    pub thresholds: Thresholds,
    /// Months until the next assessment.
    pub reassessment_months: u32,
}

/// One step of the tiering rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum TierReason {
    /// Hosting French personal health data counts as handling health data.
    HdsHostingCountsAsHealthData,
    /// The points of each criterion and their total, which give the tier before floors.
    Points {
        /// Relation to critical business functions, 0 to 2.
        business_function: u8,
        /// Data sensitivity, 0 to 3.
        data: u8,
        /// Access to sponsor systems, 0 to 3.
        access: u8,
        /// The sum, 0 to 8.
        total: u8,
        /// The tier the total gives.
        tier: Tier,
    },
    /// Health or trial-subject data puts the service in tier 2 at least.
    HealthDataFloor,
    /// Privileged or network-connected access puts the service in tier 2 at least.
    PrivilegedAccessFloor,
}

impl fmt::Display for TierReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TierReason::HdsHostingCountsAsHealthData => f.write_str(
                "the service hosts personal health data of people in France, which counts as health data",
            ),
            TierReason::Points {
                business_function,
                data,
                access,
                total,
                tier,
            } => write!(
                f,
                "business function {business_function} + data {data} + access {access} = {total} points, which gives {tier}"
            ),
            TierReason::HealthDataFloor => {
                f.write_str("health or trial-subject data puts the service in tier 2 at least")
            }
            TierReason::PrivilegedAccessFloor => f.write_str(
                "privileged or network-connected access puts the service in tier 2 at least",
            ),
        }
    }
}

/// The tiering rule.
///
/// Each criterion earns points: business function none 0, supporting 1, critical 2; data
/// none 0, confidential business 1, personal 2, health or trial-subject 3; access none 0,
/// read-only 1, interactive 2, privileged or network-connected 3. Hosting personal health
/// data of people in France counts as health data. The total gives the tier: 6–8 tier 1,
/// 4–5 tier 2, 2–3 tier 3, 0–1 tier 4. Two floors then apply: health or trial-subject data,
/// and privileged or network-connected access, each put the service in tier 2 at least.
pub fn decide_tier(inputs: &TieringInputs) -> TierDecision {
    let mut reasons = Vec::new();
    let mut data = inputs.data;
    if inputs.hosts_french_health_data && data != DataSensitivity::HealthOrTrialSubject {
        data = DataSensitivity::HealthOrTrialSubject;
        reasons.push(TierReason::HdsHostingCountsAsHealthData);
    }

    let total = inputs.business_function.points() + data.points() + inputs.access.points();
    let mut tier = Tier::from_points(total);
    reasons.push(TierReason::Points {
        business_function: inputs.business_function.points(),
        data: data.points(),
        access: inputs.access.points(),
        total,
        tier,
    });
    if data == DataSensitivity::HealthOrTrialSubject && tier > Tier::Tier2 {
        tier = Tier::Tier2;
        reasons.push(TierReason::HealthDataFloor);
    }
    if inputs.access == SystemAccess::PrivilegedOrNetworkConnected && tier > Tier::Tier2 {
        tier = Tier::Tier2;
        reasons.push(TierReason::PrivilegedAccessFloor);
    }

    TierDecision {
        tier,
        reasons,
        thresholds: tier.thresholds(),
        reassessment_months: tier.reassessment_months(),
    }
}
