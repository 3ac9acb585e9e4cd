//! Where a value sits inside a JSON document, written the way JSONPath does (`$.answers[3].comment`).

use std::fmt;

/// The location of a value in a JSON document, from the root (`$`) down.
///
/// Error messages name it so that a person can find the offending value in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonPath {
    segments: Vec<Segment>,
}

/// One step of a [`JsonPath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object member, by key.
    Key(String),
    /// An array element, by position from 0.
    Index(usize),
}

impl JsonPath {
    /// The root of the document (`$`).
    pub fn root() -> JsonPath {
        JsonPath::default()
    }

    /// The steps from the root, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// This path with `segment` appended.
    pub fn child(mut self, segment: Segment) -> JsonPath {
        self.segments.push(segment);
        self
    }

    /// Builds a path from steps collected innermost first, as an error unwinds out of nested
    /// values: collecting them this way costs nothing on the success path.
    pub(crate) fn from_innermost_first(mut segments: Vec<Segment>) -> JsonPath {
        segments.reverse();
        JsonPath { segments }
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.segments {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) if is_plain_name(key) => write!(f, ".{key}")?,
                Segment::Key(key) => {
                    // A quoted key is written as a JSON string, so any character reads back.
                    let quoted = serde_json::to_string(key).map_err(|_| fmt::Error)?;
                    write!(f, "[{quoted}]")?;
                }
            }
        }
        Ok(())
    }
}

/// Whether `key` can follow a dot without quoting: ASCII letters, digits, `_` and `-`, not
/// starting with a digit or `-`.
fn is_plain_name(key: &str) -> bool {
    let mut bytes = key.bytes();
    let Some(first) = bytes.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_follow_a_dot_and_others_are_quoted() {
        let path = JsonPath::root()
            .child(Segment::Key("answers".into()))
            .child(Segment::Index(3))
            .child(Segment::Key("question_id".into()))
            .child(Segment::Key("a b".into()))
            .child(Segment::Key("".into()))
            .child(Segment::Key("é\"".into()));
        assert_eq!(
            path.to_string(),
            r#"$.answers[3].question_id["a b"][""]["é\""]"#
        );
    }

    #[test]
    fn the_root_is_a_dollar_sign() {
        assert_eq!(JsonPath::root().to_string(), "$");
    }
}
