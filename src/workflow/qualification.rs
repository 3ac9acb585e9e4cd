//! Step 2: the service qualification, including data privacy.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::organisation::clean;

/// What the sponsor established about the service, data privacy included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceQualification {
    /// Whether the service processes personal data on the sponsor's behalf.
    pub processes_personal_data: bool,
    /// Whether that includes health or clinical-trial-subject data (which is personal data
    /// too, pseudonymised or not).
    pub processes_health_data: bool,
    /// Where the data-processing agreement stands.
    pub data_processing_agreement: AgreementStatus,
    /// Whether the data flows (what goes where, to which sub-processors) are described.
    pub data_flows_described: bool,
    /// Where the data is hosted, as the sponsor writes it ("DE (Frankfurt)", "EU", "US").
    pub hosting_locations: Vec<String>,
    /// The qualification's conclusion.
    pub conclusion: ServiceConclusion,
    /// Anything else the qualification lead wants on record.
    #[serde(default)]
    pub notes: String,
}

impl ServiceQualification {
    /// Whether personal data is processed: stated directly, or through health data.
    pub fn is_personal_data_processed(&self) -> bool {
        self.processes_personal_data || self.processes_health_data
    }

    /// The same qualification with its texts NFC-normalised and trimmed, blank hosting
    /// locations dropped.
    pub fn normalised(&self) -> ServiceQualification {
        ServiceQualification {
            hosting_locations: self
                .hosting_locations
                .iter()
                .map(|location| clean(location))
                .filter(|location| !location.is_empty())
                .collect(),
            notes: clean(&self.notes),
            ..self.clone()
        }
    }
}

/// Where a data-processing agreement (GDPR Art. 28) stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// Drafted or under negotiation.
    InNegotiation,
    /// Signed by both parties.
    Signed,
}

impl AgreementStatus {
    /// Whether it is signed.
    pub fn is_signed(self) -> bool {
        self == AgreementStatus::Signed
    }
}

impl fmt::Display for AgreementStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AgreementStatus::NotStarted => "not started",
            AgreementStatus::InNegotiation => "still under negotiation",
            AgreementStatus::Signed => "signed",
        })
    }
}

/// The conclusion of a service qualification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceConclusion {
    /// Not concluded yet.
    #[default]
    Pending,
    /// The service qualifies; the cybersecurity assessment can start.
    Qualified,
    /// The service does not qualify.
    NotQualified,
}
