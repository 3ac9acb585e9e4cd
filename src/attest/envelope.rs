//! Signed documents: a JSON payload and an Ed25519 signature over its canonical bytes.
//!
//! Every document croqual signs (a CRO's submission, a sponsor's decision) uses this envelope;
//! what differs is the payload and its `format` id. This module knows nothing of questionnaires:
//! it signs any payload that names its format, and verifies any document against the format id
//! and version the caller expects and the keys the caller pinned.
//!
//! # The file
//!
//! ```json
//! {
//!   "payload": {
//!     "format": "croqual-submission",
//!     "format_version": 1,
//!     "…": "the fields of that format"
//!   },
//!   "signature": {
//!     "algorithm": "Ed25519",
//!     "canonicalization": "RFC8785",
//!     "fingerprint": "8F1C 36A2 0B9E 4D7F 5C21 E8A0 93B4 6D1E 2A7C F058 C3E9 1B46 70D2 9A8F 4E13 B5C6",
//!     "public_key": "<standard base64 of the 32-byte Ed25519 public key>",
//!     "value": "<standard base64 of the 64-byte Ed25519 signature>"
//!   }
//! }
//! ```
//!
//! - The top level holds exactly `payload` and `signature`; `signature` holds exactly the five
//!   fields shown. Unknown fields are refused, naming them.
//! - `payload` is an object with `format` (a string naming the format) and `format_version`
//!   (a positive integer); the rest is the format's business.
//! - **What is signed:** the RFC 8785 canonical bytes of the `payload` object as parsed, with
//!   Ed25519 (RFC 8032, pure, no context), nothing before or after them. Whitespace, line
//!   endings, indentation, key order and `\u` escapes in the file therefore never matter, and
//!   any changed value always does.
//! - `public_key` is the key that made the signature, and `fingerprint` its SHA-256 written as
//!   16 groups of 4 uppercase hex digits (see [`Fingerprint`]); they must agree. The embedded
//!   key only says which key to check; trust comes from the verifier's own pins.
//! - **Identity:** a document's [`Digest`] is SHA-256 over the canonical payload bytes, written
//!   `sha256:<64 hex digits>`. It is what a later submission names in "supersedes" and what a
//!   sponsor's decision names as the submission it decides on. It covers the payload only, not
//!   the signature block, so it does not change when the same payload is re-formatted, and it
//!   is already fixed before signing.
//!
//! # Reading and verifying
//!
//! The bytes go through [`json::read`] (strict UTF-8, no duplicate
//! keys, exact integers, bounded size and depth), then the envelope's shape, the format id and
//! version, the algorithm names, the key and the fingerprint are checked, and only then the
//! signature, with `verify_strict`. The result is exactly one of the four [`Verification`]s,
//! which a sponsor acts on differently.
//!
//! # Examples
//!
//! ```
//! use croqual::attest::envelope::{self, Format, TrustStore, Vendor, Verification};
//! use croqual::attest::keys::SigningKey;
//! use serde_json::json;
//!
//! const DECISION: Format = Format::new("example-decision", 1);
//! let key = SigningKey::from_seed([42; 32]);
//! let payload = json!({"format": "example-decision", "format_version": 1, "outcome": "accepted"});
//! let file = envelope::sign(&payload, &key).expect("signable").to_json();
//!
//! let mut trust = TrustStore::new();
//! let unpinned = envelope::verify(file.as_bytes(), &DECISION, &trust);
//! assert!(matches!(unpinned, Verification::ValidUnpinnedKey { .. }));
//!
//! let vendor = Vendor { id: "VND-0001".into(), name: "Example CRO GmbH".into() };
//! trust.pin(key.fingerprint(), vendor).expect("new pin");
//! let pinned = envelope::verify(file.as_bytes(), &DECISION, &trust);
//! assert!(matches!(pinned, Verification::VerifiedPinned { .. }));
//! ```
//!
//! # Limitations
//!
//! - The envelope does not know which vendor a payload claims to come from. A format whose
//!   payload names its author must compare that claim with the pinned vendor of
//!   [`Verification::VerifiedPinned`] and show the pinned vendor, not the claim.
//! - One signature per document. A document countersigned by two parties would need a new
//!   envelope version.
//! - [`SignedDocument::payload_as`] reads the payload with serde; formats should deny unknown
//!   fields, or a signed field that the reader ignores would go unseen.

mod trust;

pub use trust::{TrustError, TrustStore, Vendor};

use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::attest::Digest;
use crate::attest::canonical::{self, CanonicalError, canonical_value};
use crate::attest::json::{self, JsonError, Notice};
use crate::attest::keys::{
    Fingerprint, FingerprintParseError, KeyError, Signature, SigningKey, VerifyingKey,
};
use crate::attest::path::{JsonPath, Segment};

/// The signature algorithm this envelope version uses, as written in the file.
pub const ALGORITHM: &str = "Ed25519";
/// The canonicalisation this envelope version uses, as written in the file.
pub const CANONICALIZATION: &str = "RFC8785";

/// The format id and versions a reader expects in a payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// The `format` string, such as "croqual-submission".
    pub id: &'static str,
    /// The newest `format_version` the reader understands; every version from 1 up to it is
    /// accepted.
    pub max_version: u32,
}

impl Format {
    /// A format with id `id`, read up to version `max_version`.
    pub const fn new(id: &'static str, max_version: u32) -> Format {
        Format { id, max_version }
    }
}

/// A payload with a signature that verifies under the key it names.
///
/// Made by [`sign`], or found inside a [`Verification`] whose signature verified. Whether the
/// key is trusted is the [`Verification`]'s business, not this type's.
#[derive(Clone, Debug)]
pub struct SignedDocument {
    /// Parsed when read; a document resumed from its canonical bytes parses them when first
    /// asked.
    payload: OnceLock<Value>,
    canonical: Vec<u8>,
    digest: Digest,
    format_version: u32,
    public_key: VerifyingKey,
    signature: Signature,
    notices: Vec<Notice>,
}

/// The payload is the canonical bytes parsed, so they stand for it.
impl PartialEq for SignedDocument {
    fn eq(&self, other: &SignedDocument) -> bool {
        self.canonical == other.canonical
            && self.digest == other.digest
            && self.format_version == other.format_version
            && self.public_key == other.public_key
            && self.signature == other.signature
            && self.notices == other.notices
    }
}

impl SignedDocument {
    /// A document verified earlier in this program, rebuilt from its parts without checking
    /// them again (see [`export::handoff`](crate::export::handoff)).
    pub(crate) fn resumed(
        canonical: Vec<u8>,
        digest: Digest,
        format_version: u32,
        public_key: VerifyingKey,
        signature: Signature,
        notices: Vec<Notice>,
    ) -> SignedDocument {
        SignedDocument {
            payload: OnceLock::new(),
            canonical,
            digest,
            format_version,
            public_key,
            signature,
            notices,
        }
    }

    /// The payload as parsed.
    pub fn payload(&self) -> &Value {
        // Canonical bytes are always JSON: the canonicaliser wrote them from a value.
        self.payload
            .get_or_init(|| serde_json::from_slice(&self.canonical).unwrap_or(Value::Null))
    }

    /// The payload, giving up the document.
    pub fn into_payload(self) -> Value {
        self.payload();
        self.payload.into_inner().unwrap_or(Value::Null)
    }

    /// The payload read as `T`.
    ///
    /// # Errors
    ///
    /// [`EnvelopeError::Payload`] when the payload does not fit `T`.
    pub fn payload_as<T: DeserializeOwned>(&self) -> Result<T, EnvelopeError> {
        T::deserialize(self.payload()).map_err(|error| EnvelopeError::Payload {
            reason: error.to_string(),
        })
    }

    /// The RFC 8785 bytes of the payload: exactly what the signature covers.
    pub fn canonical_payload(&self) -> &[u8] {
        &self.canonical
    }

    /// The document's identity: SHA-256 of [`SignedDocument::canonical_payload`].
    pub fn digest(&self) -> Digest {
        self.digest
    }

    /// The payload's `format_version`.
    pub fn format_version(&self) -> u32 {
        self.format_version
    }

    /// The key that signed it.
    pub fn public_key(&self) -> VerifyingKey {
        self.public_key
    }

    /// The fingerprint of the key that signed it.
    pub fn fingerprint(&self) -> Fingerprint {
        self.public_key.fingerprint()
    }

    /// The signature.
    pub fn signature(&self) -> Signature {
        self.signature
    }

    /// What the reader noticed about the file, such as a removed byte-order mark.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The file's text: the envelope pretty-printed with two-space indents and sorted keys,
    /// ending with a newline.
    pub fn to_json(&self) -> String {
        let signature = SignatureBlock {
            algorithm: ALGORITHM,
            canonicalization: CANONICALIZATION,
            fingerprint: self.fingerprint(),
            public_key: self.public_key.to_base64(),
            value: self.signature.to_base64(),
        };
        let envelope = Envelope {
            payload: self.payload(),
            signature,
        };
        let mut text = serde_json::to_string_pretty(&envelope)
            .expect("invariant: a JSON value and strings always serialise");
        text.push('\n');
        text
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    payload: &'a Value,
    signature: SignatureBlock,
}

#[derive(Serialize)]
struct SignatureBlock {
    algorithm: &'static str,
    canonicalization: &'static str,
    fingerprint: Fingerprint,
    public_key: String,
    value: String,
}

/// The outcome of checking a signed document: exactly one of four things a sponsor acts on
/// differently.
#[derive(Clone, Debug, PartialEq)]
pub enum Verification {
    /// The file is not a well-formed signed document of the expected format. Nothing in it
    /// can be relied on, and nothing is shown of it.
    Malformed(EnvelopeError),
    /// The signature does not verify under the key the file names: the payload was changed
    /// after signing, or was never signed with that key.
    SignatureInvalid {
        /// The fingerprint of the key the file names.
        fingerprint: Fingerprint,
    },
    /// The signature verifies, under a key the sponsor has not pinned. The content is intact
    /// but its author is unconfirmed: compare the fingerprint with the vendor before pinning.
    ValidUnpinnedKey {
        /// The fingerprint to confirm.
        fingerprint: Fingerprint,
        /// The document.
        document: Box<SignedDocument>,
    },
    /// The signature verifies under a key the sponsor pinned for this vendor.
    VerifiedPinned {
        /// The vendor the key is pinned for.
        vendor: Vendor,
        /// The document.
        document: Box<SignedDocument>,
    },
}

impl Verification {
    /// The result for `document`, whose signature verified, with its key looked up in `trust`.
    pub(crate) fn of_signed(document: SignedDocument, trust: &TrustStore) -> Verification {
        let fingerprint = document.fingerprint();
        match trust.vendor(&fingerprint) {
            Some(vendor) => Verification::VerifiedPinned {
                vendor: vendor.clone(),
                document: Box::new(document),
            },
            None => Verification::ValidUnpinnedKey {
                fingerprint,
                document: Box::new(document),
            },
        }
    }

    /// Whether the document verified under a pinned key, the only result to act on as trusted.
    pub fn is_verified_pinned(&self) -> bool {
        matches!(self, Verification::VerifiedPinned { .. })
    }

    /// The document, when its signature verified (pinned or not).
    pub fn document(&self) -> Option<&SignedDocument> {
        match self {
            Verification::ValidUnpinnedKey { document, .. }
            | Verification::VerifiedPinned { document, .. } => Some(document),
            Verification::Malformed(_) | Verification::SignatureInvalid { .. } => None,
        }
    }

    /// The fingerprint of the key the file names, when the file was well-formed.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        match self {
            Verification::Malformed(_) => None,
            Verification::SignatureInvalid { fingerprint }
            | Verification::ValidUnpinnedKey { fingerprint, .. } => Some(*fingerprint),
            Verification::VerifiedPinned { document, .. } => Some(document.fingerprint()),
        }
    }

    /// The vendor, when verified under a pinned key.
    pub fn vendor(&self) -> Option<&Vendor> {
        match self {
            Verification::VerifiedPinned { vendor, .. } => Some(vendor),
            _ => None,
        }
    }
}

impl fmt::Display for Verification {
    /// One line for a person, saying no more than is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verification::Malformed(error) => write!(f, "malformed: {error}"),
            Verification::SignatureInvalid { fingerprint } => write!(
                f,
                "signature does not verify: the content was changed after signing, or not signed by the key {}",
                fingerprint.short()
            ),
            Verification::ValidUnpinnedKey { fingerprint, .. } => write!(
                f,
                "valid signature under a key nobody pinned: {fingerprint}; confirm this fingerprint with its owner, by a channel you already know, before trusting it"
            ),
            Verification::VerifiedPinned { vendor, .. } => write!(
                f,
                "verified: signed with the pinned key of {} ({})",
                vendor.name, vendor.id
            ),
        }
    }
}

/// Why a file is not a well-formed signed document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// The bytes are not strict JSON.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// The JSON is not an object.
    #[error(
        "the file holds {found}, not a signed croqual document (an object with \"payload\" and \"signature\")"
    )]
    NotAnObject {
        /// The kind of value found.
        found: &'static str,
    },
    /// A required field is absent.
    #[error("missing field \"{field}\" at {path}")]
    MissingField {
        /// The field.
        field: &'static str,
        /// The object it belongs in.
        path: JsonPath,
    },
    /// A field the envelope does not have.
    #[error("unknown field \"{field}\" at {path}")]
    UnknownField {
        /// The field.
        field: String,
        /// The object holding it.
        path: JsonPath,
    },
    /// A field of the wrong JSON type.
    #[error("{path} must be {expected}, found {found}")]
    WrongType {
        /// The field.
        path: JsonPath,
        /// What it must be.
        expected: &'static str,
        /// What it is.
        found: &'static str,
    },
    /// A payload of another format.
    #[error("the payload's format is \"{found}\", but \"{expected}\" was expected here")]
    UnknownFormat {
        /// The format named in the file.
        found: String,
        /// The format expected.
        expected: &'static str,
    },
    /// A newer version of the expected format.
    #[error(
        "this {format} file is version {found}, and this croqual reads up to version {supported}: update croqual to read it"
    )]
    NewerVersion {
        /// The format id.
        format: &'static str,
        /// The version in the file.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A `format_version` that is no version.
    #[error("$.payload.format_version must be a positive integer, found {found}")]
    InvalidVersion {
        /// The value found.
        found: String,
    },
    /// A signature algorithm other than Ed25519.
    #[error("signature algorithm \"{found}\" is not supported; croqual uses \"{ALGORITHM}\"")]
    UnsupportedAlgorithm {
        /// The algorithm named.
        found: String,
    },
    /// A canonicalisation other than RFC 8785.
    #[error("canonicalization \"{found}\" is not supported; croqual uses \"{CANONICALIZATION}\"")]
    UnsupportedCanonicalization {
        /// The canonicalisation named.
        found: String,
    },
    /// An unusable public key.
    #[error("$.signature.public_key: {source}")]
    InvalidPublicKey {
        /// Why.
        source: KeyError,
    },
    /// A signature value that is not 64 bytes of base64.
    #[error("$.signature.value: {source}")]
    InvalidSignatureValue {
        /// Why.
        source: KeyError,
    },
    /// A fingerprint that does not parse.
    #[error("$.signature.fingerprint: {source}")]
    InvalidFingerprint {
        /// Why.
        source: FingerprintParseError,
    },
    /// A fingerprint of another key than the one embedded.
    #[error(
        "$.signature.fingerprint ({stated}) is not the fingerprint of $.signature.public_key ({computed})"
    )]
    FingerprintMismatch {
        /// The fingerprint written.
        stated: Fingerprint,
        /// The fingerprint of the embedded key.
        computed: Fingerprint,
    },
    /// A payload without canonical form.
    #[error("the payload has no canonical form: {0}")]
    Canonical(#[from] CanonicalError),
    /// A payload that does not fit the type asked for.
    #[error("the payload does not have the expected shape: {reason}")]
    Payload {
        /// serde's description.
        reason: String,
    },
}

/// Why a payload could not be signed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The payload has no canonical form (NaN, an unsafe integer, a float32…).
    #[error("the payload cannot be signed: {0}")]
    Canonical(#[from] CanonicalError),
    /// The signed file would not be read back by croqual's own reader.
    #[error("the payload cannot be signed, because the signed file would not read back: {0}")]
    Unreadable(EnvelopeError),
    /// The signed file reads back as another payload.
    #[error("the payload cannot be signed, because the signed file reads back differently")]
    ReadsBackDifferently,
    /// The payload is not an object with `format` and `format_version`.
    #[error("the payload cannot be signed: {0}")]
    Shape(EnvelopeError),
}

/// Signs `payload` with `key`.
///
/// The payload must serialise to an object with a `format` string and a positive integer
/// `format_version`. Before returning, the document's own file text is read back the way a
/// verifier reads it, so that nothing is signed that croqual could not verify (a payload
/// nested too deeply, say).
///
/// # Errors
///
/// See [`SignError`].
pub fn sign<T: Serialize + ?Sized>(
    payload: &T,
    key: &SigningKey,
) -> Result<SignedDocument, SignError> {
    // The guard runs on the serde stream first: `to_value` would turn a NaN into null.
    canonical::check(payload)?;
    let value = serde_json::to_value(payload)
        .map_err(|error| CanonicalError::Serialize(error.to_string()))?;
    let payload_path = JsonPath::root().child(Segment::Key("payload".into()));
    let object = as_object(&value, &payload_path).map_err(SignError::Shape)?;
    let (_, format_version) = format_fields(object).map_err(SignError::Shape)?;
    let format_version = u32::try_from(format_version).map_err(|_| {
        SignError::Shape(EnvelopeError::InvalidVersion {
            found: format_version.to_string(),
        })
    })?;
    let canonical = canonical_value(&value)?;

    let signature = key.sign(&canonical);
    let document = SignedDocument {
        digest: Digest::of(&canonical),
        payload: OnceLock::from(value),
        canonical,
        format_version,
        public_key: key.verifying_key(),
        signature,
        notices: Vec::new(),
    };
    let read_back =
        read_envelope(document.to_json().as_bytes(), None).map_err(SignError::Unreadable)?;
    if read_back.canonical != document.canonical {
        return Err(SignError::ReadsBackDifferently);
    }
    Ok(document)
}

/// Reads `bytes` as a signed document of `format` and checks its signature against `trust`.
///
/// # Examples
///
/// See the [module documentation](self).
pub fn verify(bytes: &[u8], format: &Format, trust: &TrustStore) -> Verification {
    match read(bytes, format) {
        Ok(document) => document.verify(trust),
        Err(error) => Verification::Malformed(error),
    }
}

/// A well-formed signed document whose signature has not been checked yet.
///
/// Its payload is deliberately out of reach until [`UnverifiedDocument::verify`] succeeds.
#[derive(Clone, Debug)]
pub struct UnverifiedDocument {
    document: SignedDocument,
}

impl UnverifiedDocument {
    /// The fingerprint of the key the file names.
    pub fn fingerprint(&self) -> Fingerprint {
        self.document.fingerprint()
    }

    /// What the reader noticed about the file.
    pub fn notices(&self) -> &[Notice] {
        &self.document.notices
    }

    /// Checks the signature with `verify_strict`, then looks the key up in `trust`.
    pub fn verify(self, trust: &TrustStore) -> Verification {
        let document = self.document;
        let fingerprint = document.fingerprint();
        if document
            .public_key
            .verify_strict(&document.canonical, &document.signature)
            .is_err()
        {
            return Verification::SignatureInvalid { fingerprint };
        }
        Verification::of_signed(document, trust)
    }
}

/// Reads `bytes` as a well-formed signed document of `format`, without checking the signature.
///
/// # Errors
///
/// See [`EnvelopeError`].
pub fn read(bytes: &[u8], format: &Format) -> Result<UnverifiedDocument, EnvelopeError> {
    read_envelope(bytes, Some(format)).map(|document| UnverifiedDocument { document })
}

/// Reads the envelope, checking the payload's format against `format` when one is given.
fn read_envelope(bytes: &[u8], format: Option<&Format>) -> Result<SignedDocument, EnvelopeError> {
    let json::JsonDocument { value, notices } = json::read(bytes)?;
    let Value::Object(mut top) = value else {
        return Err(EnvelopeError::NotAnObject {
            found: type_name(&value),
        });
    };
    let root = JsonPath::root();
    let payload = take_field(&mut top, "payload", &root)?;
    let signature = take_field(&mut top, "signature", &root)?;
    refuse_unknown(&top, &root)?;

    let payload_path = root.clone().child(Segment::Key("payload".into()));
    let payload_object = as_object(&payload, &payload_path)?;
    let (found_format, found_version) = format_fields(payload_object)?;
    let format_version = match format {
        Some(format) => {
            if found_format != format.id {
                return Err(EnvelopeError::UnknownFormat {
                    found: found_format.to_owned(),
                    expected: format.id,
                });
            }
            u32::try_from(found_version)
                .ok()
                .filter(|version| *version <= format.max_version)
                .ok_or(EnvelopeError::NewerVersion {
                    format: format.id,
                    found: found_version,
                    supported: format.max_version,
                })?
        }
        None => u32::try_from(found_version).map_err(|_| EnvelopeError::InvalidVersion {
            found: found_version.to_string(),
        })?,
    };

    let (public_key, signature) = signature_block(signature, &root)?;
    let canonical = canonical_value(&payload)?;
    Ok(SignedDocument {
        digest: Digest::of(&canonical),
        payload: OnceLock::from(payload),
        canonical,
        format_version,
        public_key,
        signature,
        notices,
    })
}

fn signature_block(
    value: Value,
    root: &JsonPath,
) -> Result<(VerifyingKey, Signature), EnvelopeError> {
    let path = root.clone().child(Segment::Key("signature".into()));
    let Value::Object(mut block) = value else {
        return Err(EnvelopeError::WrongType {
            path,
            expected: "an object",
            found: type_name(&value),
        });
    };
    let mut text = |field: &'static str| -> Result<String, EnvelopeError> {
        match take_field(&mut block, field, &path)? {
            Value::String(text) => Ok(text),
            other => Err(EnvelopeError::WrongType {
                path: path.clone().child(Segment::Key(field.into())),
                expected: "a string",
                found: type_name(&other),
            }),
        }
    };
    let algorithm = text("algorithm")?;
    let canonicalization = text("canonicalization")?;
    let fingerprint = text("fingerprint")?;
    let public_key = text("public_key")?;
    let value = text("value")?;
    refuse_unknown(&block, &path)?;

    if algorithm != ALGORITHM {
        return Err(EnvelopeError::UnsupportedAlgorithm { found: algorithm });
    }
    if canonicalization != CANONICALIZATION {
        return Err(EnvelopeError::UnsupportedCanonicalization {
            found: canonicalization,
        });
    }
    let public_key = VerifyingKey::from_base64(&public_key)
        .map_err(|source| EnvelopeError::InvalidPublicKey { source })?;
    let stated: Fingerprint = fingerprint
        .parse()
        .map_err(|source| EnvelopeError::InvalidFingerprint { source })?;
    let computed = public_key.fingerprint();
    if stated != computed {
        return Err(EnvelopeError::FingerprintMismatch { stated, computed });
    }
    let signature = Signature::from_base64(&value)
        .map_err(|source| EnvelopeError::InvalidSignatureValue { source })?;
    Ok((public_key, signature))
}

/// The payload's `format` and `format_version`.
fn format_fields(payload: &Map<String, Value>) -> Result<(&str, u64), EnvelopeError> {
    let path = JsonPath::root().child(Segment::Key("payload".into()));
    let format = match payload.get("format") {
        Some(Value::String(format)) => format.as_str(),
        Some(other) => {
            return Err(EnvelopeError::WrongType {
                path: path.child(Segment::Key("format".into())),
                expected: "a string",
                found: type_name(other),
            });
        }
        None => {
            return Err(EnvelopeError::MissingField {
                field: "format",
                path,
            });
        }
    };
    let version = match payload.get("format_version") {
        Some(Value::Number(number)) => match number.as_u64() {
            Some(0) | None => {
                return Err(EnvelopeError::InvalidVersion {
                    found: number.to_string(),
                });
            }
            Some(version) => version,
        },
        Some(other) => {
            return Err(EnvelopeError::InvalidVersion {
                found: type_name(other).to_owned(),
            });
        }
        None => {
            return Err(EnvelopeError::MissingField {
                field: "format_version",
                path,
            });
        }
    };
    Ok((format, version))
}

fn as_object<'a>(
    value: &'a Value,
    path: &JsonPath,
) -> Result<&'a Map<String, Value>, EnvelopeError> {
    value.as_object().ok_or_else(|| EnvelopeError::WrongType {
        path: path.clone(),
        expected: "an object",
        found: type_name(value),
    })
}

fn take_field(
    object: &mut Map<String, Value>,
    field: &'static str,
    path: &JsonPath,
) -> Result<Value, EnvelopeError> {
    object
        .remove(field)
        .ok_or_else(|| EnvelopeError::MissingField {
            field,
            path: path.clone(),
        })
}

fn refuse_unknown(rest: &Map<String, Value>, path: &JsonPath) -> Result<(), EnvelopeError> {
    match rest.keys().next() {
        Some(field) => Err(EnvelopeError::UnknownField {
            field: field.clone(),
            path: path.clone(),
        }),
        None => Ok(()),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
