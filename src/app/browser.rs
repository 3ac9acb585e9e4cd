//! What the domain needs from the browser and never reads itself: the local date, the time,
//! and secure randomness.

/// Today in the person's own time zone: overdue dates flip at local midnight.
pub fn today() -> jiff::civil::Date {
    let now = js_sys::Date::new_0();
    let year = now.get_full_year() as i16;
    let month = (now.get_month() + 1) as i8;
    let day = now.get_date() as i8;
    jiff::civil::Date::new(year, month, day).unwrap_or(jiff::civil::Date::MIN)
}

/// The current instant.
pub fn now() -> jiff::Timestamp {
    let millis = js_sys::Date::now() as i64;
    jiff::Timestamp::from_millisecond(millis).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// `N` bytes from the browser's cryptographically secure generator.
///
/// # Errors
///
/// When the browser offers no `crypto.getRandomValues` (never in a browser that runs
/// WebAssembly, but a key must never come from anything weaker).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let crypto = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .ok_or("this browser offers no secure random numbers")?;
    let mut bytes = [0u8; N];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| "the browser refused to give secure random numbers".to_owned())?;
    Ok(bytes)
}

/// A random id of 32 hex digits.
pub fn random_id() -> Result<String, String> {
    let bytes = random_bytes::<16>()?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}
