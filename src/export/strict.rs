//! Reading a signed payload into its type so that nothing signed goes unseen.
//!
//! serde alone is not strict enough for signed data: a type without `deny_unknown_fields`
//! (several domain types are shared with the app's storage, which must stay lenient) ignores
//! a field it does not know, and a default fills a field that is absent. Either way the
//! sponsor would be shown something other than what was signed. So a payload is read into
//! its type and then written back, and the two must be the same JSON value: every signed
//! field has a place in the type, and every field of the type was signed.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::attest::{JsonPath, Segment};

/// Reads `payload` as `T`, refusing anything `T` would not write back exactly.
///
/// The error is a sentence naming the JSON path of the first value at fault.
pub(crate) fn read_typed<T: DeserializeOwned + Serialize>(payload: &Value) -> Result<T, String> {
    // The fast path reads without tracking the path; only a failure is read again to name it.
    let typed = match T::deserialize(payload) {
        Ok(typed) => typed,
        Err(_) => return Err(located_error::<T>(payload)),
    };
    let written = serde_json::to_value(&typed)
        .map_err(|error| format!("the payload cannot be written back: {error}"))?;
    match first_difference(payload, &written, &mut Vec::new()) {
        Some(difference) => Err(difference),
        None => Ok(typed),
    }
}

/// serde's error for `payload`, prefixed with the JSON path it occurred at.
fn located_error<T: DeserializeOwned>(payload: &Value) -> String {
    match serde_path_to_error::deserialize::<_, T>(payload) {
        Ok(_) => "the payload does not read the same way twice".to_owned(),
        Err(error) => {
            let path = error.path().to_string();
            let path = if path == "." {
                "$".to_owned()
            } else if path.starts_with('[') {
                format!("${path}")
            } else {
                format!("$.{path}")
            };
            format!("{path}: {}", error.inner())
        }
    }
}

/// The first place where `signed` and `written` differ, as a sentence.
fn first_difference(signed: &Value, written: &Value, path: &mut Vec<Segment>) -> Option<String> {
    let here = |path: &[Segment]| {
        path.iter()
            .cloned()
            .fold(JsonPath::root(), |at, segment| at.child(segment))
    };
    match (signed, written) {
        (Value::Object(signed), Value::Object(written)) => {
            if let Some(field) = signed.keys().find(|key| !written.contains_key(*key)) {
                return Some(format!(
                    "unknown field \"{field}\" at {}: the format has no such field",
                    here(path)
                ));
            }
            if let Some(field) = written.keys().find(|key| !signed.contains_key(*key)) {
                return Some(format!(
                    "missing field \"{field}\" at {}: croqual writes it even when empty",
                    here(path)
                ));
            }
            for (key, value) in signed {
                path.push(Segment::Key(key.clone()));
                let difference = first_difference(value, &written[key], path);
                path.pop();
                if difference.is_some() {
                    return difference;
                }
            }
            None
        }
        (Value::Array(signed), Value::Array(written)) if signed.len() == written.len() => {
            for (index, (signed, written)) in signed.iter().zip(written).enumerate() {
                path.push(Segment::Index(index));
                let difference = first_difference(signed, written, path);
                path.pop();
                if difference.is_some() {
                    return difference;
                }
            }
            None
        }
        (signed, written) if signed == written => None,
        (signed, written) => Some(format!(
            "the value at {} is not written the way croqual writes it: found {}, expected {}",
            here(path),
            shortened(signed),
            shortened(written)
        )),
    }
}

fn shortened(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        return text;
    }
    let mut short: String = text.chars().take(77).collect();
    short.push_str("...");
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize)]
    struct Lenient {
        name: String,
        #[serde(default)]
        note: String,
        items: Vec<Item>,
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct Item {
        size: u32,
    }

    #[test]
    fn a_field_the_type_ignores_is_refused_with_its_path() {
        let error = read_typed::<Lenient>(
            &json!({"name": "a", "note": "", "items": [{"size": 1}, {"size": 2, "extra": true}]}),
        )
        .expect_err("refused");
        assert_eq!(
            error,
            "unknown field \"extra\" at $.items[1]: the format has no such field"
        );
    }

    #[test]
    fn a_field_left_to_its_default_is_refused() {
        let error = read_typed::<Lenient>(&json!({"name": "a", "items": []})).expect_err("refused");
        assert_eq!(
            error,
            "missing field \"note\" at $: croqual writes it even when empty"
        );
    }

    #[test]
    fn a_wrong_type_is_named_with_its_path() {
        let error =
            read_typed::<Lenient>(&json!({"name": "a", "note": "", "items": [{"size": "big"}]}))
                .expect_err("refused");
        assert_eq!(
            error,
            "$.items[0].size: invalid type: string \"big\", expected u32"
        );
    }

    #[test]
    fn an_exact_payload_reads() {
        let typed =
            read_typed::<Lenient>(&json!({"name": "a", "note": "n", "items": [{"size": 3}]}))
                .expect("reads");
        assert_eq!(typed.items[0].size, 3);
    }
}
