//! Key fingerprints: SHA-256 of the 32-byte public key, written for people to compare.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// The SHA-256 of an Ed25519 public key's 32 bytes.
///
/// Written as 16 groups of 4 uppercase hex digits separated by spaces (all 256 bits), so two
/// people can read it to each other over the phone group by group and compare it with what
/// croqual shows:
///
/// ```text
/// 8F1C 36A2 0B9E 4D7F 5C21 E8A0 93B4 6D1E 2A7C F058 C3E9 1B46 70D2 9A8F 4E13 B5C6
/// ```
///
/// Hex rather than base32 because people already compare PGP and SSH fingerprints in hex and
/// because it has no letters that read alike (no O/0, I/1). [`Fingerprint::short`] gives the
/// first 4 groups (64 bits) for lists and headings; it identifies a key among a sponsor's
/// handful but is not enough to pin one, so pinning always takes the full fingerprint.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a public key given by its 32 bytes.
    pub fn of_public_key(bytes: &[u8; 32]) -> Fingerprint {
        Fingerprint(Sha256::digest(bytes).into())
    }

    /// The 32 bytes of the digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The first 4 groups, such as `8F1C 36A2 0B9E 4D7F`: for display, never for pinning.
    pub fn short(&self) -> String {
        self.groups().take(4).collect::<Vec<_>>().join(" ")
    }

    fn groups(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .chunks(2)
            .map(|pair| format!("{:02X}{:02X}", pair[0], pair[1]))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.groups().collect::<Vec<_>>().join(" "))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Why a text is not a fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a key fingerprint: expected 64 hex digits in 16 groups of 4, such as \"8F1C 36A2 …\""
)]
pub struct FingerprintParseError {
    text: String,
}

impl FromStr for Fingerprint {
    type Err = FingerprintParseError;

    /// Reads the 64 hex digits in either case, ignoring spaces, so that a fingerprint typed
    /// by a person or copied with different spacing still reads.
    fn from_str(text: &str) -> Result<Fingerprint, FingerprintParseError> {
        let error = || FingerprintParseError {
            text: text.chars().take(100).collect(),
        };
        let digits: Vec<u8> = text.bytes().filter(|&byte| byte != b' ').collect();
        if digits.len() != 64 {
            return Err(error());
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
            let high = hex_value(pair[0]).ok_or_else(error)?;
            let low = hex_value(pair[1]).ok_or_else(error)?;
            *byte = high << 4 | low;
        }
        Ok(Fingerprint(bytes))
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fingerprint, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_sixteen_groups_of_four_uppercase_hex_digits() {
        let fingerprint = Fingerprint::of_public_key(&[0; 32]);
        let text = fingerprint.to_string();
        assert_eq!(text.len(), 16 * 4 + 15);
        assert!(text.split(' ').all(|group| {
            group.len() == 4
                && group
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        }));
        assert_eq!(fingerprint.short(), text[..19]);
    }

    #[test]
    fn a_fingerprint_reads_back_whatever_its_spacing_and_case() {
        let fingerprint = Fingerprint::of_public_key(&[7; 32]);
        let text = fingerprint.to_string();
        assert_eq!(text.parse(), Ok(fingerprint));
        assert_eq!(
            text.replace(' ', "").to_ascii_lowercase().parse(),
            Ok(fingerprint)
        );
        assert!(text[..70].parse::<Fingerprint>().is_err());
        assert!(format!("G{}", &text[1..]).parse::<Fingerprint>().is_err());
    }
}
