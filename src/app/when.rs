//! How instants are written on screen: in UTC, so that everyone reading a trail or a file
//! list sees the same time, and only as precisely as the screen needs.
//!
//! Written by hand rather than with `strftime`: jiff's format-string printer would be most of
//! its code in the bundle, for four fixed layouts.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;

fn utc(at: Timestamp) -> DateTime {
    Offset::UTC.to_datetime(at)
}

/// `2026-03-01`.
pub fn day(at: Timestamp) -> String {
    let at = utc(at);
    format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day())
}

/// `2026-03-01 14:05 UTC`.
pub fn minute(at: Timestamp) -> String {
    let time = utc(at);
    format!("{} {:02}:{:02} UTC", day(at), time.hour(), time.minute())
}

/// `2026-03-01 14:05:09 UTC`.
pub fn second(at: Timestamp) -> String {
    format!("{} {}", day(at), clock(at))
}

/// `14:05:09 UTC`.
pub fn clock(at: Timestamp) -> String {
    let time = utc(at);
    format!(
        "{:02}:{:02}:{:02} UTC",
        time.hour(),
        time.minute(),
        time.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn instants_are_written_as_strftime_would() {
        for text in [
            "2026-03-01T14:05:09.75Z",
            "1999-12-31T23:59:59Z",
            "2026-01-02T00:00:00+09:00",
        ] {
            let at: Timestamp = text.parse().expect("an instant");
            assert_eq!(day(at), at.strftime("%Y-%m-%d").to_string(), "{text}");
            assert_eq!(
                minute(at),
                at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                "{text}"
            );
            assert_eq!(
                second(at),
                at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
                "{text}"
            );
            assert_eq!(clock(at), at.strftime("%H:%M:%S UTC").to_string(), "{text}");
        }
    }
}
