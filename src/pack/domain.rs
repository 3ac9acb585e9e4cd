//! Domains: the weighted sections of a pack.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::DomainId;

/// A section of a pack, such as "Identity and access".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    /// The domain's id, unique in its pack.
    pub id: DomainId,
    /// The title a person reads.
    pub title: String,
    /// Its weight in the overall score, 1 to 100.
    pub weight: u32,
    /// The NIST CSF 2.0 function the domain mainly serves, when known.
    pub function: Option<CsfFunction>,
    /// Optional free text ("" when absent).
    pub description: String,
}

/// One of the six functions of NIST CSF 2.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CsfFunction {
    /// Govern (GV).
    #[serde(rename = "GV")]
    Govern,
    /// Identify (ID).
    #[serde(rename = "ID")]
    Identify,
    /// Protect (PR).
    #[serde(rename = "PR")]
    Protect,
    /// Detect (DE).
    #[serde(rename = "DE")]
    Detect,
    /// Respond (RS).
    #[serde(rename = "RS")]
    Respond,
    /// Recover (RC).
    #[serde(rename = "RC")]
    Recover,
}

impl CsfFunction {
    /// The six functions in the framework's order.
    pub const ALL: [CsfFunction; 6] = [
        CsfFunction::Govern,
        CsfFunction::Identify,
        CsfFunction::Protect,
        CsfFunction::Detect,
        CsfFunction::Respond,
        CsfFunction::Recover,
    ];

    /// The two-letter code, such as "GV".
    pub fn code(self) -> &'static str {
        match self {
            CsfFunction::Govern => "GV",
            CsfFunction::Identify => "ID",
            CsfFunction::Protect => "PR",
            CsfFunction::Detect => "DE",
            CsfFunction::Respond => "RS",
            CsfFunction::Recover => "RC",
        }
    }

    /// The function's name, such as "Govern".
    pub fn name(self) -> &'static str {
        match self {
            CsfFunction::Govern => "Govern",
            CsfFunction::Identify => "Identify",
            CsfFunction::Protect => "Protect",
            CsfFunction::Detect => "Detect",
            CsfFunction::Respond => "Respond",
            CsfFunction::Recover => "Recover",
        }
    }

    /// The function a two-letter code names, if any.
    pub fn from_code(code: &str) -> Option<CsfFunction> {
        CsfFunction::ALL
            .into_iter()
            .find(|function| function.code() == code)
    }
}

impl fmt::Display for CsfFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a text is not a CSF function code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a CSF function: use GV, ID, PR, DE, RS or RC")]
pub struct UnknownFunction {
    text: String,
}

impl FromStr for CsfFunction {
    type Err = UnknownFunction;

    fn from_str(text: &str) -> Result<CsfFunction, UnknownFunction> {
        CsfFunction::from_code(text).ok_or_else(|| UnknownFunction {
            text: text.chars().take(40).collect(),
        })
    }
}
