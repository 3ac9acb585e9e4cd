//! Saving as the person works, and saying so when the browser refuses.
//!
//! Every change is written at once. A write the browser refuses (storage full or blocked) is
//! kept in memory and retried with the next write; while any is pending the app shows a
//! lasting notice, and the work goes on in memory and can still be exported or backed up.
//! Screens read through [`read`] and [`keys`], which count what is held, so one opened again
//! (after "Change role", say) shows that work too.

use std::cell::RefCell;
use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::storage::{self, StoreError};

/// Whether what the person did is safely in the browser's storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    /// Everything is saved.
    Saved,
    /// Some changes live only in this tab; `error` says why.
    NotSaved {
        /// Why the last write failed.
        error: StoreError,
        /// How many records wait to be written.
        pending: usize,
    },
}

/// The app-wide save state, provided as context by the shell.
#[derive(Clone, Copy)]
pub struct Persistence {
    /// Whether everything is saved.
    pub health: RwSignal<Health>,
    /// Whether the browser agreed to keep croqual's data under storage pressure; `None`
    /// until it answers, or when it cannot say.
    pub persisted: RwSignal<Option<bool>>,
}

thread_local! {
    // Values the browser refused, by key; written again before any newer write.
    static PENDING: RefCell<BTreeMap<String, Option<String>>> = const { RefCell::new(BTreeMap::new()) };
}

impl Persistence {
    /// Creates the save state and asks the browser to keep the data.
    pub fn start() -> Persistence {
        // Blocked storage is known before the first change: say so at once.
        let health = if storage::active().is_available() {
            Health::Saved
        } else {
            Health::NotSaved {
                error: StoreError::Blocked,
                pending: 0,
            }
        };
        let persistence = Persistence {
            health: RwSignal::new(health),
            persisted: RwSignal::new(None),
        };
        let persisted = persistence.persisted;
        leptos::task::spawn_local(async move {
            persisted.set(request_persistence().await);
        });
        persistence
    }

    /// Writes `value` under `key` now, and anything still pending.
    pub fn save(self, key: &str, value: String) {
        PENDING.with(|pending| pending.borrow_mut().insert(key.to_owned(), Some(value)));
        self.flush();
    }

    /// Removes `key` now (and flushes anything pending).
    pub fn remove(self, key: &str) {
        PENDING.with(|pending| pending.borrow_mut().insert(key.to_owned(), None));
        self.flush();
    }

    /// Retries every pending write; the health says how it went.
    pub fn flush(self) {
        let store = storage::active();
        let result = PENDING.with(|pending| {
            let mut pending = pending.borrow_mut();
            let mut failure = None;
            pending.retain(|key, value| {
                if failure.is_some() {
                    return true;
                }
                let written = match value {
                    Some(value) => store.write(key, value),
                    None => store.remove(key),
                };
                match written {
                    Ok(()) => false,
                    Err(error) => {
                        failure = Some(error);
                        true
                    }
                }
            });
            failure.map(|error| (error, pending.len()))
        });
        let health = match result {
            None if !store.is_available() => Health::NotSaved {
                error: StoreError::Blocked,
                pending: 0,
            },
            None => Health::Saved,
            Some((error, pending)) => Health::NotSaved { error, pending },
        };
        let was_saved = self
            .health
            .with_untracked(|health| *health == Health::Saved);
        if was_saved && let Health::NotSaved { error, .. } = &health {
            log::warn!("changes not saved: {error}");
        }
        if self.health.get_untracked() != health {
            self.health.set(health);
        }
    }
}

/// What is stored under `key` as the app last wrote it: a write the browser refused, still
/// held in this tab, counts, so a screen opened again shows the work it holds.
pub fn read(key: &str) -> Option<String> {
    match PENDING.with(|pending| pending.borrow().get(key).cloned()) {
        Some(held) => held,
        None => storage::active().read(key).ok().flatten(),
    }
}

/// The stored keys that start with `prefix`, sorted, counting the writes held in this tab.
pub fn keys(prefix: &str) -> Vec<String> {
    // A blocked storage lists nothing: what this tab holds is then all there is.
    // Extended rather than collected: `collect()` would compile a sort for this type too.
    let mut keys = std::collections::BTreeSet::new();
    keys.extend(storage::active().keys(prefix).unwrap_or_default());
    PENDING.with(|pending| {
        for (key, held) in pending
            .borrow()
            .iter()
            .filter(|(key, _)| key.starts_with(prefix))
        {
            if held.is_some() {
                keys.insert(key.clone());
            } else {
                keys.remove(key);
            }
        }
    });
    keys.into_iter().collect()
}

/// Asks the browser not to evict croqual's storage, and returns its answer.
async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let answer = JsFuture::from(storage.persist().ok()?).await.ok()?;
    answer.as_bool()
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::app::storage::{MemoryStore, Store};

    #[wasm_bindgen_test]
    fn a_refused_write_is_kept_and_written_with_the_next_one() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let store = Rc::new(MemoryStore::default());
        storage::install(store.clone());
        Owner::new().with(|| {
            let persistence = Persistence::start();
            store.fail_writes(Some(StoreError::Full));
            persistence.save("croqual:test:a", "1".into());
            assert_eq!(
                persistence.health.get_untracked(),
                Health::NotSaved {
                    error: StoreError::Full,
                    pending: 1
                }
            );
            assert_eq!(store.read("croqual:test:a").expect("read"), None);

            // Room again: the next save writes both, and the notice goes.
            store.fail_writes(None);
            persistence.save("croqual:test:b", "2".into());
            assert_eq!(persistence.health.get_untracked(), Health::Saved);
            assert_eq!(
                store.read("croqual:test:a").expect("read").as_deref(),
                Some("1")
            );
            assert_eq!(
                store.read("croqual:test:b").expect("read").as_deref(),
                Some("2")
            );
        });
    }

    #[wasm_bindgen_test]
    fn a_newer_value_replaces_the_pending_one_for_the_same_key() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let store = Rc::new(MemoryStore::default());
        storage::install(store.clone());
        Owner::new().with(|| {
            let persistence = Persistence::start();
            store.fail_writes(Some(StoreError::Blocked));
            persistence.save("croqual:test:c", "old".into());
            persistence.save("croqual:test:c", "new".into());
            assert_eq!(
                persistence.health.get_untracked(),
                Health::NotSaved {
                    error: StoreError::Blocked,
                    pending: 1
                }
            );
            store.fail_writes(None);
            persistence.flush();
            assert_eq!(
                store.read("croqual:test:c").expect("read").as_deref(),
                Some("new")
            );
        });
    }
}
