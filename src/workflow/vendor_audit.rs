//! Audits of the vendor (on site or remote), as the ongoing phase records them.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An audit of the vendor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorAudit {
    /// When it took place (its last day).
    pub on: Date,
    /// What it found.
    pub result: AuditResult,
    /// Findings, references, follow-up, as the auditor writes them.
    #[serde(default)]
    pub notes: String,
}

/// What an audit found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditResult {
    /// No findings.
    Satisfactory,
    /// Findings to follow up, none blocking.
    SatisfactoryWithFindings,
    /// Findings that put the qualification in question.
    Unsatisfactory,
}

impl fmt::Display for AuditResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuditResult::Satisfactory => "satisfactory",
            AuditResult::SatisfactoryWithFindings => "satisfactory with findings",
            AuditResult::Unsatisfactory => "unsatisfactory",
        })
    }
}
