//! The one place the app talks to browser storage.
//!
//! Every key croqual writes starts with [`PREFIX`]; keys of other applications on the same
//! origin are never listed, read, changed or cleared (static hosts such as `user.github.io`
//! serve many apps from one origin). Writes go through the small [`Store`] trait so tests
//! can swap in a store that fails on purpose.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_storage::Storage as _;

/// The namespace of every key croqual stores.
pub const PREFIX: &str = "croqual:";

/// `name` in croqual's namespace.
pub fn key(name: &str) -> String {
    format!("{PREFIX}{name}")
}

/// Why a read or a write did not reach storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refuses storage altogether (private mode, a policy, cookies blocked).
    Blocked,
    /// Storage is full: the browser's quota is used up.
    Full,
    /// Any other refusal, with the browser's words.
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Blocked => f.write_str("this browser does not allow croqual to store data"),
            StoreError::Full => f.write_str("this browser's storage for this site is full"),
            StoreError::Other(why) => write!(f, "the browser refused to store data: {why}"),
        }
    }
}

/// Key-value storage under croqual's namespace.
pub trait Store {
    /// The raw value stored under `key`, if any.
    fn read(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Stores `value` under `key`, replacing what was there.
    fn write(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Removes `key`; removing a missing key is not an error.
    fn remove(&self, key: &str) -> Result<(), StoreError>;
    /// Whether the browser lets croqual store anything at all.
    fn is_available(&self) -> bool {
        true
    }
    /// The names of the stored keys that start with `prefix`, which must itself start with
    /// [`PREFIX`]: other applications' keys are skipped by name, never read.
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StoreError>;
}

/// A shared handle on whichever store the app runs with.
pub type SharedStore = Rc<dyn Store>;

/// The browser's `localStorage`.
///
/// Availability is probed through web-sys before any gloo-storage call: gloo-storage's
/// `raw()` throws a JavaScript exception instead of returning an error when storage is
/// blocked, and an exception thrown across wasm leaves the app in an undefined state.
pub struct LocalStore {
    available: bool,
}

impl LocalStore {
    /// Probes `localStorage` once.
    pub fn open() -> Self {
        let available = web_sys::window()
            .map(|window| matches!(window.local_storage(), Ok(Some(_))))
            .unwrap_or(false);
        LocalStore { available }
    }
}

impl Store for LocalStore {
    fn is_available(&self) -> bool {
        self.available
    }

    fn read(&self, key: &str) -> Result<Option<String>, StoreError> {
        if !self.available {
            return Err(StoreError::Blocked);
        }
        gloo_storage::LocalStorage::raw()
            .get_item(key)
            .map_err(|error| StoreError::Other(describe(&error)))
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if !self.available {
            return Err(StoreError::Blocked);
        }
        gloo_storage::LocalStorage::raw()
            .set_item(key, value)
            .map_err(|error| classify(&error))
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        if !self.available {
            return Err(StoreError::Blocked);
        }
        gloo_storage::LocalStorage::raw()
            .remove_item(key)
            .map_err(|error| classify(&error))
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        if !self.available {
            return Err(StoreError::Blocked);
        }
        debug_assert!(prefix.starts_with(PREFIX));
        let storage = gloo_storage::LocalStorage::raw();
        let count = storage.length().map_err(|error| classify(&error))?;
        // Listing names is the only way to find our records without an index that could
        // itself be lost; no other application's value is ever read.
        Ok((0..count)
            .filter_map(|index| storage.key(index).ok().flatten())
            .filter(|key| key.starts_with(prefix))
            .collect())
    }
}

/// An in-memory store for tests; it can be told to fail every write, as a full or blocked
/// browser does.
#[cfg(test)]
#[derive(Default)]
pub struct MemoryStore {
    values: RefCell<std::collections::BTreeMap<String, String>>,
    failure: RefCell<Option<StoreError>>,
}

#[cfg(test)]
impl MemoryStore {
    /// Makes every later write fail with `failure`, or succeed again with `None`.
    pub fn fail_writes(&self, failure: Option<StoreError>) {
        *self.failure.borrow_mut() = failure;
    }
}

#[cfg(test)]
impl Store for MemoryStore {
    fn read(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.values.borrow().get(key).cloned())
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(failure) = self.failure.borrow().clone() {
            return Err(failure);
        }
        self.values
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        if let Some(failure) = self.failure.borrow().clone() {
            return Err(failure);
        }
        self.values.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        Ok(self
            .values
            .borrow()
            .keys()
            .filter(|key| key.starts_with(prefix))
            .cloned()
            .collect())
    }
}

fn classify(error: &wasm_bindgen::JsValue) -> StoreError {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default();
    match name.as_str() {
        // Chromium and Firefox name it differently; Safari in private mode used a zero quota.
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StoreError::Full,
        "SecurityError" => StoreError::Blocked,
        _ => StoreError::Other(describe(error)),
    }
}

fn describe(error: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|message| message.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

thread_local! {
    static ACTIVE: RefCell<SharedStore> = RefCell::new(Rc::new(LocalStore::open()));
}

/// Replaces the active store, for tests that inject faults.
#[cfg(test)]
pub fn install(store: SharedStore) {
    ACTIVE.with(|active| *active.borrow_mut() = store);
}

/// The store the app runs with: `localStorage` unless a test installed another.
pub fn active() -> SharedStore {
    ACTIVE.with(|active| active.borrow().clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn local_storage_keeps_what_it_was_given() {
        let store = LocalStore::open();
        store.write("croqual:test:keep", "é ✓ 東京").expect("write");
        assert_eq!(
            store.read("croqual:test:keep").expect("read").as_deref(),
            Some("é ✓ 東京")
        );
        store.remove("croqual:test:keep").expect("remove");
        assert_eq!(store.read("croqual:test:keep").expect("read"), None);
    }

    #[wasm_bindgen_test]
    fn a_full_local_storage_is_reported_as_full() {
        let store = LocalStore::open();
        let chunk = "x".repeat(1024 * 1024);
        let mut filled = Vec::new();
        let outcome = loop {
            let key = format!("croqual:test:filler:{}", filled.len());
            match store.write(&key, &chunk) {
                Ok(()) => filled.push(key),
                Err(error) => break error,
            }
            assert!(filled.len() < 200, "localStorage never filled up");
        };
        for key in &filled {
            store.remove(key).expect("remove filler");
        }
        assert_eq!(outcome, StoreError::Full);
    }

    #[wasm_bindgen_test]
    fn a_failing_memory_store_refuses_writes_and_keeps_old_values() {
        let store = MemoryStore::default();
        store.write("croqual:a", "1").expect("write");
        store.fail_writes(Some(StoreError::Full));
        assert_eq!(store.write("croqual:a", "2"), Err(StoreError::Full));
        assert_eq!(store.read("croqual:a").expect("read").as_deref(), Some("1"));
    }
}
