//! Step 5 and 6: the contract and the periods of service.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A signed contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// The date of signature.
    pub signed_on: Date,
    /// The contract's reference, as the sponsor files it ("MSA-2025-014").
    pub reference: String,
}

/// A period during which services ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServicePeriod {
    /// When services started.
    pub started_on: Date,
    /// When a rejecting re-assessment stopped them; `None` while they run.
    pub stopped_on: Option<Date>,
}
