//! Who is being qualified: the service provider's identity, its contact, and the service it
//! offers the sponsor.
//!
//! Plain data that people type. Every text is stored NFC-normalised ([`Organisation::normalised`])
//! so that the same name typed on two systems compares and signs the same.
//!
//! # Limitations
//!
//! - The country is checked for shape (two letters, ISO 3166-1 alpha-2, written in capitals
//!   once normalised), not against the list of assigned codes.

use serde::{Deserialize, Serialize};

/// A service provider's identity as it signs its submissions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The registered legal name ("Example CRO GmbH").
    pub legal_name: String,
    /// The company registration number (for example "HRB 123456", a SIREN, a DUNS number).
    pub registration_id: String,
    /// Where it is registered: an ISO 3166-1 alpha-2 code such as "DE" or "FR".
    pub country: String,
    /// The person the sponsor deals with about this qualification.
    pub contact: Contact,
}

/// A person to contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Role, for example "Information Security Officer".
    pub role: String,
    /// E-mail address.
    pub email: String,
    /// Telephone number, in any format ("" when not given).
    #[serde(default)]
    pub phone: String,
}

/// The service the provider offers this sponsor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// A short name ("EDC hosting and data management for phase II–III studies").
    pub name: String,
    /// What the service does with the sponsor's data and systems.
    #[serde(default)]
    pub description: String,
}

/// What is missing or malformed in an identity, for people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentityProblem {
    /// A required field is blank.
    #[error("{field} is empty")]
    Missing {
        /// The field, as people call it.
        field: &'static str,
    },
    /// A name holds no letter or digit: only punctuation, symbols or invisible characters.
    #[error("{field} {text:?} has no letter or digit")]
    NoLetters {
        /// The field, as people call it.
        field: &'static str,
        /// What was typed.
        text: String,
    },
    /// The country is not a two-letter code.
    #[error("country {country:?} is not a two-letter ISO 3166 code such as DE or FR")]
    Country {
        /// What was typed.
        country: String,
    },
    /// The e-mail address has no `@` between two non-empty parts.
    #[error("e-mail address {email:?} does not look like name@example.com")]
    Email {
        /// What was typed.
        email: String,
    },
}

/// A required `field` left blank.
fn missing(field: &'static str, value: &str) -> Option<IdentityProblem> {
    value
        .trim()
        .is_empty()
        .then_some(IdentityProblem::Missing { field })
}

/// Why `value` cannot stand for a required name or id: blank, or without a single letter or
/// digit (a zero-width space, "...", a lone quote), which no organisation or person is called.
fn name_problem(field: &'static str, value: &str) -> Option<IdentityProblem> {
    let value = value.trim();
    if value.is_empty() {
        missing(field, value)
    } else if !value.chars().any(char::is_alphanumeric) {
        Some(IdentityProblem::NoLetters {
            field,
            text: value.to_owned(),
        })
    } else {
        None
    }
}

impl Service {
    /// What a sponsor would find missing in the service; empty when complete.
    pub fn problems(&self) -> Vec<IdentityProblem> {
        name_problem("service name", &self.name)
            .into_iter()
            .collect()
    }
}

impl Organisation {
    /// The same identity with every text NFC-normalised and trimmed, and the country in
    /// capitals.
    pub fn normalised(&self) -> Organisation {
        Organisation {
            legal_name: clean(&self.legal_name),
            registration_id: clean(&self.registration_id),
            country: clean(&self.country).to_ascii_uppercase(),
            contact: Contact {
                name: clean(&self.contact.name),
                role: clean(&self.contact.role),
                email: clean(&self.contact.email),
                phone: clean(&self.contact.phone),
            },
        }
    }

    /// Everything a sponsor would find missing or malformed; empty when complete.
    pub fn problems(&self) -> Vec<IdentityProblem> {
        // In the order of the form; the country and the e-mail address have checks of their
        // own below.
        let mut problems: Vec<IdentityProblem> = [
            name_problem("legal name", &self.legal_name),
            name_problem("registration id", &self.registration_id),
            missing("country", &self.country),
            name_problem("contact name", &self.contact.name),
            missing("contact e-mail", &self.contact.email),
        ]
        .into_iter()
        .flatten()
        .collect();
        let country = self.country.trim();
        // Either case: the normalised identity writes it in capitals.
        let two_letters = country.len() == 2 && country.bytes().all(|b| b.is_ascii_alphabetic());
        if !country.is_empty() && !two_letters {
            problems.push(IdentityProblem::Country {
                country: country.to_owned(),
            });
        }
        let email = self.contact.email.trim();
        if !email.is_empty() && !looks_like_email(email) {
            problems.push(IdentityProblem::Email {
                email: email.to_owned(),
            });
        }
        problems
    }
}

impl Service {
    /// The same service with its texts NFC-normalised and trimmed.
    pub fn normalised(&self) -> Service {
        Service {
            name: clean(&self.name),
            description: clean(&self.description),
        }
    }
}

/// NFC-normalises and trims what a person typed, without bidirectional controls.
pub fn clean(text: &str) -> String {
    let kept: String = text
        .trim()
        .chars()
        .filter(|&c| !is_bidi_control(c))
        .collect();
    crate::text::nfc(&kept)
}

/// `text` with each bidirectional control written out as a visible mark such as
/// "[U+202E]", for showing text that someone else signed: croqual cannot clean it without
/// breaking the signature, and must not let it reorder what the sponsor reads.
pub fn reveal_bidi(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_bidi_control(c) {
            shown.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Whether `c` is a bidirectional embedding, override or isolate control (U+202A–U+202E,
/// U+2066–U+2069). They are invisible and reorder the text around them, so a name typed as
/// "Pharma" U+202E "Corp" would show as "Pharma proC" in the audit trail and in signed
/// decisions; right-to-left scripts display correctly without them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !email.contains(' ')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidirectional_controls_in_signed_text_are_shown_as_marks() {
        assert_eq!(
            reveal_bidi("Pharma\u{202E}proC\u{2069} GmbH"),
            "Pharma[U+202E]proC[U+2069] GmbH"
        );
        assert_eq!(reveal_bidi("شركة Pharma"), "شركة Pharma");
    }

    #[test]
    fn cleaning_drops_bidirectional_controls_and_keeps_right_to_left_text() {
        assert_eq!(clean(" Pharma \u{202E}Corp\u{2066} "), "Pharma Corp");
        assert_eq!(clean("شركة الأدوية"), "شركة الأدوية");
    }

    fn complete() -> Organisation {
        Organisation {
            legal_name: "Example CRO GmbH".into(),
            registration_id: "HRB 123456".into(),
            country: "DE".into(),
            contact: Contact {
                name: "Ada Muster".into(),
                role: "Information Security Officer".into(),
                email: "isms@example-cro.de".into(),
                phone: String::new(),
            },
        }
    }

    fn messages(organisation: &Organisation) -> Vec<String> {
        organisation
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_complete_identity_has_no_problems() {
        assert_eq!(complete().problems(), vec![]);
    }

    #[test]
    fn blank_fields_a_long_country_and_a_bad_email_are_each_named() {
        let mut organisation = complete();
        organisation.legal_name = "  ".into();
        organisation.country = "Germany".into();
        organisation.contact.email = "isms.example.de".into();
        assert_eq!(
            messages(&organisation),
            [
                "legal name is empty",
                "country \"Germany\" is not a two-letter ISO 3166 code such as DE or FR",
                "e-mail address \"isms.example.de\" does not look like name@example.com",
            ]
        );
    }

    #[test]
    fn a_name_without_a_letter_or_digit_is_refused_by_name() {
        let mut organisation = complete();
        organisation.legal_name = "\u{200B}".into();
        organisation.contact.name = "...".into();
        assert_eq!(
            messages(&organisation),
            [
                "legal name \"\\u{200b}\" has no letter or digit",
                "contact name \"...\" has no letter or digit",
            ]
        );
        organisation.legal_name = "3M Deutschland GmbH".into();
        organisation.contact.name = "Zoë O'Brien".into();
        assert_eq!(organisation.problems(), vec![]);

        let service = |name: &str| Service {
            name: name.into(),
            description: String::new(),
        };
        assert_eq!(service("EDC hosting").problems(), vec![]);
        assert_eq!(
            service(" ").problems(),
            [IdentityProblem::Missing {
                field: "service name"
            }]
        );
        assert_eq!(service("\"").problems().len(), 1);
    }

    #[test]
    fn a_country_in_lowercase_is_accepted_and_written_in_capitals() {
        let mut organisation = complete();
        organisation.country = "de".into();
        assert!(
            organisation.problems().is_empty(),
            "{:?}",
            organisation.problems()
        );
        assert_eq!(organisation.normalised().country, "DE");
    }

    #[test]
    fn normalising_composes_accents_trims_and_capitalises_the_country() {
        let mut organisation = complete();
        organisation.legal_name = " Socie\u{301}te\u{301} ".into();
        organisation.country = "fr".into();
        let normalised = organisation.normalised();
        assert_eq!(normalised.legal_name, "Société");
        assert_eq!(normalised.country, "FR");
    }
}
