//! Properties of signed submissions, on the checked-in example: changing any one value of the
//! payload makes verification fail; re-formatting whitespace, line endings, key order or
//! string escapes never does.

use std::sync::OnceLock;

use croqual::attest::envelope::{TrustStore, Vendor, Verification};
use croqual::attest::keys::PublicKeyFile;
use croqual::export::{PackLibrary, Verdict, verify_submission};
use proptest::prelude::*;
use serde_json::Value;

struct Fixture {
    file: Value,
    leaves: Vec<Vec<Step>>,
    trust: TrustStore,
    packs: PackLibrary,
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let bytes = std::fs::read(dir.join("example-export.json")).expect("the example");
        let file: Value = serde_json::from_slice(&bytes).expect("JSON");
        let mut leaves = Vec::new();
        collect_leaves(&file["payload"], &mut Vec::new(), &mut leaves);
        let public = PublicKeyFile::from_bytes(
            &std::fs::read(dir.join("example-key.pub")).expect("the key"),
        )
        .expect("a key file");
        let mut trust = TrustStore::new();
        trust
            .pin(
                public.fingerprint(),
                Vendor {
                    id: "VND-0001".into(),
                    name: public.name().into(),
                },
            )
            .expect("a pin");
        Fixture {
            file,
            leaves,
            trust,
            packs: PackLibrary::new(),
        }
    })
}

fn collect_leaves(value: &Value, path: &mut Vec<Step>, leaves: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Step::Key(key.clone()));
                collect_leaves(item, path, leaves);
                path.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                collect_leaves(item, path, leaves);
                path.pop();
            }
        }
        _ => leaves.push(path.clone()),
    }
}

fn leaf_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// Another value of the same kind where possible: every change is a change of content.
fn changed(value: &Value, salt: u64) -> Value {
    match value {
        Value::Null => Value::String("x".into()),
        Value::Bool(flag) => Value::Bool(!flag),
        Value::Number(number) => Value::from(number.as_u64().unwrap_or(0) + 1 + salt % 7),
        Value::String(text) if text.is_empty() => Value::String("x".into()),
        Value::String(text) => {
            let mut characters: Vec<char> = text.chars().collect();
            let at = (salt as usize) % characters.len();
            characters[at] = if characters[at] == 'a' { 'b' } else { 'a' };
            Value::String(characters.into_iter().collect())
        }
        Value::Array(_) => Value::Array(vec![Value::Null]),
        Value::Object(_) => Value::Null,
    }
}

/// Writes `value` as JSON with the whitespace and escapes chosen by `choices`, keys in an
/// order chosen by `choices` too.
fn write_reformatted(value: &Value, choices: &mut impl Iterator<Item = u8>, out: &mut String) {
    const SPACES: [&str; 6] = ["", " ", "\n", "\r\n", "\t", "\r\n\t  "];
    let space = |out: &mut String, choices: &mut dyn Iterator<Item = u8>| {
        out.push_str(SPACES[usize::from(choices.next().unwrap_or(0)) % SPACES.len()]);
    };
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            let rotate = usize::from(choices.next().unwrap_or(0)) % members.len().max(1);
            members.rotate_left(rotate);
            if choices.next().unwrap_or(0) % 2 == 1 {
                members.reverse();
            }
            out.push('{');
            for (index, (key, item)) in members.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                space(out, choices);
                write_string(key, choices, out);
                space(out, choices);
                out.push(':');
                space(out, choices);
                write_reformatted(item, choices, out);
                space(out, choices);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                space(out, choices);
                write_reformatted(item, choices, out);
            }
            space(out, choices);
            out.push(']');
        }
        Value::String(text) => write_string(text, choices, out),
        other => out.push_str(&other.to_string()),
    }
}

/// A JSON string, with some characters written as `\u` escapes.
fn write_string(text: &str, choices: &mut impl Iterator<Item = u8>, out: &mut String) {
    out.push('"');
    for character in text.chars() {
        let escape = choices.next().unwrap_or(0).is_multiple_of(5);
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || escape => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn changing_any_single_value_of_the_payload_makes_verification_fail(
        pick in any::<prop::sample::Index>(),
        salt in any::<u64>(),
    ) {
        let fixture = fixture();
        let path = &fixture.leaves[pick.index(fixture.leaves.len())];
        let mut file = fixture.file.clone();
        let leaf = leaf_mut(&mut file["payload"], path);
        *leaf = changed(leaf, salt);
        let bytes = serde_json::to_vec_pretty(&file).expect("serialises");
        let report = verify_submission(&bytes, &fixture.trust, &fixture.packs);
        prop_assert!(
            matches!(
                report.verification,
                Verification::SignatureInvalid { .. } | Verification::Malformed(_)
            ),
            "{path:?}: {}",
            report.verification
        );
        prop_assert!(report.submission.is_none());
        prop_assert!(matches!(report.verdict(), Verdict::Failed | Verdict::Unusable));
    }

    #[test]
    fn reformatting_whitespace_line_endings_key_order_or_escapes_never_matters(
        choices in prop::collection::vec(any::<u8>(), 4096),
    ) {
        let fixture = fixture();
        let mut text = String::new();
        write_reformatted(&fixture.file, &mut choices.iter().copied().cycle(), &mut text);
        let report = verify_submission(text.as_bytes(), &fixture.trust, &fixture.packs);
        prop_assert_eq!(report.verdict(), Verdict::Trusted, "{}", report.verification);
    }
}
