//! Property tests of the attest core: canonical JSON, the reader, signatures and key files.

#[path = "support/shared.rs"]
mod shared;

use croqual::attest::MAX_SAFE_INTEGER;
use croqual::attest::canonical::{canonical_bytes, canonical_value};
use croqual::attest::envelope::{self, Format, TrustStore, Vendor, Verification};
use croqual::attest::json;
use croqual::attest::keys::{PrivateKeyBackup, PublicKeyFile, Signature, SigningKey};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Map, Number, Value, json};

const FORMAT: Format = Format::new("croqual-property", 1);

/// Strings mixing ASCII, controls, quotes, backslashes and characters from every plane.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{0,8}",
        "[ -~]{0,12}",
        proptest::collection::vec(any::<char>(), 0..8)
            .prop_map(|chars| chars.into_iter().collect()),
        proptest::collection::vec(
            prop_oneof![
                Just('"'),
                Just('\\'),
                Just('/'),
                Just('\n'),
                Just('\r'),
                Just('\u{7f}'),
                Just('\u{2028}'),
                Just('\u{feff}'),
                Just('😀'),
                Just('\u{ff20}'),
                Just('é'),
            ],
            0..6
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

/// Doubles whose canonical text reads back: RFC 8785 writes doubles from 2^53 up to 10^21
/// as long integers, which the reader refuses as unsafe (see `attest::json`'s limitations).
fn float() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite and readable back", |value| {
        value.is_finite() && !(9007199254740992.0..1e21).contains(&value.abs())
    })
}

fn leaf() -> impl Strategy<Value = Value> {
    let safe = MAX_SAFE_INTEGER as i64;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-safe..=safe).prop_map(|integer| json!(integer)),
        (-1000_i64..1000).prop_map(|integer| json!(integer)),
        float().prop_map(|value| Number::from_f64(value).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(text(), inner, 0..5)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A payload of the property format, holding `content`.
fn payload() -> impl Strategy<Value = Value> {
    proptest::collection::btree_map("[a-z]{1,6}", value(), 0..5).prop_map(|members| {
        let mut object: Map<String, Value> = members.into_iter().collect();
        object.insert("format".into(), json!(FORMAT.id));
        object.insert("format_version".into(), json!(1));
        Value::Object(object)
    })
}

fn key() -> SigningKey {
    SigningKey::from_seed([0x11; 32])
}

fn trust() -> TrustStore {
    let mut trust = TrustStore::new();
    trust
        .pin(
            key().fingerprint(),
            Vendor {
                id: "VND-0001".into(),
                name: "Example CRO GmbH".into(),
            },
        )
        .expect("a new pin");
    trust
}

fn is_valid(verification: &Verification) -> bool {
    verification.document().is_some()
}

/// The paths to every leaf of `value`, as sequences of keys and indices.
fn leaf_paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                prefix.push(Step::Index(index));
                leaf_paths(item, prefix, out);
                prefix.pop();
            }
        }
        Value::Object(members) => {
            for (key, item) in members {
                prefix.push(Step::Key(key.clone()));
                leaf_paths(item, prefix, out);
                prefix.pop();
            }
        }
        _ => out.push(prefix.clone()),
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// A different value of the same place: never equal to the original in canonical form.
fn changed(leaf: &Value) -> Value {
    match leaf {
        Value::Null => Value::Bool(false),
        Value::Bool(flag) => Value::Bool(!flag),
        // A number becomes text: -0 and 0, or 1e300 and 1e300 + 1, would read alike.
        Value::Number(number) => Value::String(number.to_string()),
        Value::String(text) => Value::String(format!("{text}x")),
        Value::Array(_) | Value::Object(_) => Value::Null,
    }
}

/// Writes `value` as JSON with the layout chosen by `choices`: whitespace and line endings
/// between tokens, member order, and `\u` or `\/` escapes in strings.
struct Reformatter<'a> {
    choices: &'a [u8],
    next: usize,
    out: String,
}

impl Reformatter<'_> {
    fn choice(&mut self) -> u8 {
        let choice = self.choices.get(self.next % self.choices.len().max(1));
        self.next += 1;
        choice.copied().unwrap_or(0)
    }

    fn space(&mut self) {
        const SPACES: [&str; 6] = ["", " ", "\t", "\n", "\r\n", "  \r\n\t"];
        let index = usize::from(self.choice()) % SPACES.len();
        self.out.push_str(SPACES[index]);
    }

    fn value(&mut self, value: &Value) {
        self.space();
        match value {
            Value::Null | Value::Bool(_) | Value::Number(_) => {
                self.out.push_str(&value.to_string());
            }
            Value::String(text) => self.string(text),
            Value::Array(items) => {
                self.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.value(item);
                }
                self.space();
                self.out.push(']');
            }
            Value::Object(members) => {
                let mut members: Vec<(&String, &Value)> = members.iter().collect();
                if self.choice() % 2 == 1 {
                    members.reverse();
                }
                let rotation = usize::from(self.choice()) % members.len().max(1);
                members.rotate_left(rotation);
                self.out.push('{');
                for (index, (key, item)) in members.into_iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.space();
                    self.string(key);
                    self.space();
                    self.out.push(':');
                    self.value(item);
                }
                self.space();
                self.out.push('}');
            }
        }
        self.space();
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        for character in text.chars() {
            let escape = self.choice().is_multiple_of(3);
            match character {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '/' if escape => self.out.push_str("\\/"),
                character if escape || u32::from(character) < 0x20 => {
                    let mut units = [0u16; 2];
                    for unit in character.encode_utf16(&mut units) {
                        self.out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
                character => self.out.push(character),
            }
        }
        self.out.push('"');
    }
}

fn reformatted(value: &Value, choices: &[u8]) -> String {
    let mut writer = Reformatter {
        choices,
        next: 0,
        out: String::new(),
    };
    writer.value(value);
    writer.out
}

proptest! {
    #![proptest_config(Config::with_cases(256))]

    #[test]
    fn canonicalising_twice_gives_the_same_bytes_as_once(value in value()) {
        let once = canonical_value(&value).expect("canonical");
        let read_back = json::read(&once).expect("canonical text reads back").value;
        prop_assert_eq!(canonical_value(&read_back).expect("canonical"), once);
    }

    #[test]
    fn the_direct_writer_and_serde_json_canonicalizer_write_the_same_bytes(value in value()) {
        prop_assert_eq!(
            canonical_value(&value).expect("canonical"),
            serde_json_canonicalizer::to_vec(&value).expect("canonical")
        );
        prop_assert_eq!(
            canonical_value(&value).expect("canonical"),
            canonical_bytes(&value).expect("canonical")
        );
    }

    #[test]
    fn parsing_printed_json_returns_the_original_value(value in value()) {
        let printed = serde_json::to_string_pretty(&value).expect("printable");
        prop_assert_eq!(json::read(printed.as_bytes()).expect("reads back").value, value);
    }

    #[test]
    fn a_signature_fails_once_any_bit_of_it_or_of_the_message_is_flipped(
        message in proptest::collection::vec(any::<u8>(), 1..200),
        signature_bit in 0usize..512,
        message_bit in any::<prop::sample::Index>(),
    ) {
        let key = key();
        let public = key.verifying_key();
        let signature = key.sign(&message);
        prop_assert!(public.verify_strict(&message, &signature).is_ok());

        let mut flipped = signature.to_bytes();
        flipped[signature_bit / 8] ^= 1 << (signature_bit % 8);
        prop_assert!(public.verify_strict(&message, &Signature::from_bytes(flipped)).is_err());

        let bit = message_bit.index(message.len() * 8);
        let mut changed = message.clone();
        changed[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(public.verify_strict(&changed, &signature).is_err());
    }

    #[test]
    fn a_public_key_file_reads_back_what_it_writes(
        seed in any::<[u8; 32]>(),
        name in "[A-Za-z0-9 .,&éü-]{1,40}",
    ) {
        prop_assume!(!name.trim().is_empty());
        let key = SigningKey::from_seed(seed);
        let file = PublicKeyFile::new(&name, key.verifying_key()).expect("valid name");
        prop_assert_eq!(PublicKeyFile::parse(&file.to_text()), Ok(file.clone()));
        prop_assert_eq!(PublicKeyFile::from_bytes(file.to_text().as_bytes()), Ok(file));
    }

    #[test]
    fn a_private_key_backup_restores_the_same_key(
        seed in any::<[u8; 32]>(),
        name in "[A-Za-z0-9 .,&éü-]{1,40}",
    ) {
        prop_assume!(!name.trim().is_empty());
        let key = SigningKey::from_seed(seed);
        let backup = PrivateKeyBackup::new(&name, key.clone()).expect("valid name");
        let restored = PrivateKeyBackup::parse(&backup.to_text()).expect("restores");
        prop_assert_eq!(restored.name(), backup.name());
        prop_assert_eq!(restored.key().fingerprint(), key.fingerprint());
        prop_assert_eq!(restored.key().sign(b"probe"), key.sign(b"probe"));
    }
}

// Each case signs, reads back and verifies a document: fewer cases keep the debug build quick.
proptest! {
    #![proptest_config(Config::with_cases(96))]

    #[test]
    fn reformatting_whitespace_line_endings_key_order_and_escapes_never_breaks_a_signature(
        payload in payload(),
        choices in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let document = envelope::sign(&payload, &key()).expect("signable");
        let file: Value = json::read(document.to_json().as_bytes()).expect("valid").value;
        let text = reformatted(&file, &choices);

        let verification = envelope::verify(text.as_bytes(), &FORMAT, &trust());
        prop_assert!(verification.is_verified_pinned(), "{}\n{}", verification, text);
        let verified = verification.document().expect("verified");
        prop_assert_eq!(verified.digest(), document.digest());
    }

    #[test]
    fn changing_any_single_value_in_the_payload_makes_verification_fail(
        payload in payload(),
        pick in any::<prop::sample::Index>(),
    ) {
        let document = envelope::sign(&payload, &key()).expect("signable");
        let mut file: Value = json::read(document.to_json().as_bytes()).expect("valid").value;
        let mut paths = Vec::new();
        leaf_paths(&file["payload"], &mut Vec::new(), &mut paths);
        let path = pick.get(&paths).clone();
        let in_payload = at_mut(&mut file["payload"], &path);
        *in_payload = changed(in_payload);

        let tampered = serde_json::to_string_pretty(&file).expect("printable");
        let verification = envelope::verify(tampered.as_bytes(), &FORMAT, &trust());
        let names_the_format = matches!(
            path.as_slice(),
            [Step::Key(key)] if key == "format" || key == "format_version"
        );
        if names_the_format {
            prop_assert!(matches!(verification, Verification::Malformed(_)), "{}", verification);
        } else {
            prop_assert_eq!(
                verification,
                Verification::SignatureInvalid { fingerprint: key().fingerprint() }
            );
        }
    }

    #[test]
    fn adding_or_removing_a_member_makes_verification_fail(
        payload in payload(),
        extra in "[a-z]{7}",
    ) {
        let document = envelope::sign(&payload, &key()).expect("signable");
        let file: Value = json::read(document.to_json().as_bytes()).expect("valid").value;

        let mut tampered_files = Vec::new();
        let mut added = file.clone();
        added["payload"][extra.as_str()] = json!("unsigned");
        tampered_files.push(added);
        let removable = file["payload"]
            .as_object()
            .expect("object")
            .keys()
            .find(|key| *key != "format" && *key != "format_version")
            .cloned();
        if let Some(key) = removable {
            let mut removed = file;
            removed["payload"].as_object_mut().expect("object").remove(&key);
            tampered_files.push(removed);
        }

        for tampered in tampered_files {
            let text = tampered.to_string();
            let verification = envelope::verify(text.as_bytes(), &FORMAT, &trust());
            prop_assert!(
                matches!(verification, Verification::SignatureInvalid { .. }),
                "{}",
                verification
            );
        }
    }

    #[test]
    fn flipping_any_bit_of_a_signed_file_never_verifies_different_content(
        payload in payload(),
        bit in any::<prop::sample::Index>(),
    ) {
        let document = envelope::sign(&payload, &key()).expect("signable");
        let mut bytes = serde_json::to_vec(
            &json::read(document.to_json().as_bytes()).expect("valid").value,
        ).expect("printable");
        let bit = bit.index(bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);

        // A flip may land where it changes nothing that is signed (the case of an exponent's
        // `e`, say): then the same content verifies, which is right. Anything else must fail.
        let verification = envelope::verify(&bytes, &FORMAT, &trust());
        if let Some(verified) = verification.document() {
            prop_assert_eq!(verified.canonical_payload(), document.canonical_payload());
        }
        prop_assert!(!is_valid(&verification) || verification.is_verified_pinned());
    }
}

#[test]
fn the_shared_test_key_matches_its_published_public_key() {
    assert_eq!(
        shared::test_only_case_key().verifying_key(),
        shared::test_only_case_public_key()
    );
}
