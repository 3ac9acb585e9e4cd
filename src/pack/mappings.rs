//! Mappings from questions to other frameworks, and the checks on their ids.

use std::collections::BTreeMap;

use super::CsfFunction;

/// The mapping schemes a pack may use, besides custom ones starting with `x-`.
pub const KNOWN_SCHEMES: [&str; 10] = [
    "csf", "iso27001", "gdpr", "hds", "part11", "annex11", "ich-e6", "nis2", "ai-act", "oscal",
];

/// A question's ids in other frameworks, by scheme (`csf`, `iso27001`, `gdpr`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mappings(BTreeMap<String, Vec<String>>);

impl Mappings {
    /// The ids under `scheme`; empty when the question has none.
    pub fn scheme(&self, scheme: &str) -> &[String] {
        self.0.get(scheme).map_or(&[], Vec::as_slice)
    }

    /// The NIST CSF 2.0 subcategory ids, such as "PR.AA-05".
    pub fn csf(&self) -> &[String] {
        self.scheme("csf")
    }

    /// The ISO/IEC 27001:2022 Annex A ids, such as "A.8.24".
    pub fn iso27001(&self) -> &[String] {
        self.scheme("iso27001")
    }

    /// The distinct CSF functions the `csf` ids name, in the framework's order.
    pub fn csf_functions(&self) -> Vec<CsfFunction> {
        let mut functions: Vec<CsfFunction> = self
            .csf()
            .iter()
            .filter_map(|id| id.get(..2).and_then(CsfFunction::from_code))
            .collect();
        functions.sort();
        functions.dedup();
        functions
    }

    /// Every scheme with its ids, schemes in code-point order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0
            .iter()
            .map(|(scheme, ids)| (scheme.as_str(), ids.as_slice()))
    }

    /// Whether there is no mapping at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn from_map(map: BTreeMap<String, Vec<String>>) -> Mappings {
        Mappings(map)
    }

    pub(crate) fn as_map(&self) -> &BTreeMap<String, Vec<String>> {
        &self.0
    }
}

/// Whether a pack may use `scheme`.
pub(crate) fn is_known_scheme(scheme: &str) -> bool {
    KNOWN_SCHEMES.contains(&scheme) || (scheme.len() > 2 && scheme.starts_with("x-"))
}

/// Why `id` is not a valid id of `scheme`, if it is not.
pub(crate) fn mapping_problem(scheme: &str, id: &str) -> Option<&'static str> {
    if id.trim().is_empty() {
        return Some("is empty");
    }
    if id.trim() != id {
        return Some("has leading or trailing spaces");
    }
    match scheme {
        "csf" if !is_csf_subcategory(id) => {
            Some("is not a CSF 2.0 subcategory id such as \"PR.AA-05\" (GV, ID, PR, DE, RS or RC)")
        }
        "iso27001" if !is_iso27001_annex_a(id) => Some(
            "is not an ISO/IEC 27001:2022 Annex A id: A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14 or A.8.1–A.8.34",
        ),
        _ => None,
    }
}

/// Whether `id` has the form of a CSF 2.0 subcategory: `XX.YY-NN` with one of the six
/// functions.
pub(crate) fn is_csf_subcategory(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 8
        && CsfFunction::from_code(&id[..2]).is_some()
        && bytes[2] == b'.'
        && bytes[3].is_ascii_uppercase()
        && bytes[4].is_ascii_uppercase()
        && bytes[5] == b'-'
        && bytes[6].is_ascii_digit()
        && bytes[7].is_ascii_digit()
}

/// Whether `id` is one of the 93 controls of ISO/IEC 27001:2022 Annex A.
pub(crate) fn is_iso27001_annex_a(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("A.") else {
        return false;
    };
    let Some((theme, control)) = rest.split_once('.') else {
        return false;
    };
    let last = match theme {
        "5" => 37,
        "6" => 8,
        "7" => 14,
        "8" => 34,
        _ => return false,
    };
    let is_plain_number = !control.is_empty()
        && control.bytes().all(|byte| byte.is_ascii_digit())
        && !control.starts_with('0');
    is_plain_number
        && control
            .parse::<u32>()
            .is_ok_and(|number| (1..=last).contains(&number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csf_ids_need_a_known_function_and_two_digits() {
        assert!(is_csf_subcategory("PR.AA-05"));
        assert!(is_csf_subcategory("GV.SC-10"));
        assert!(!is_csf_subcategory("XX.AA-05"));
        assert!(!is_csf_subcategory("PR.AA-5"));
        assert!(!is_csf_subcategory("pr.aa-05"));
        assert!(!is_csf_subcategory("PR.AA"));
    }

    #[test]
    fn iso27001_ids_are_range_checked_per_theme() {
        for id in ["A.5.1", "A.5.37", "A.6.8", "A.7.14", "A.8.1", "A.8.34"] {
            assert!(is_iso27001_annex_a(id), "{id}");
        }
        for id in [
            "A.5.0", "A.5.38", "A.6.9", "A.7.15", "A.8.35", "A.9.1", "A.5.01", "5.1", "A.5",
        ] {
            assert!(!is_iso27001_annex_a(id), "{id}");
        }
    }

    #[test]
    fn custom_schemes_start_with_x_dash() {
        assert!(is_known_scheme("x-internal"));
        assert!(is_known_scheme("gdpr"));
        assert!(!is_known_scheme("x-"));
        assert!(!is_known_scheme("pci"));
    }

    #[test]
    fn functions_are_read_from_csf_ids_once_each() {
        let mut map = BTreeMap::new();
        map.insert(
            "csf".to_owned(),
            vec![
                "PR.AA-05".to_owned(),
                "GV.PO-01".to_owned(),
                "PR.DS-01".to_owned(),
            ],
        );
        let mappings = Mappings::from_map(map);
        assert_eq!(
            mappings.csf_functions(),
            vec![CsfFunction::Govern, CsfFunction::Protect]
        );
    }
}
