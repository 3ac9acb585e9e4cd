//! Verifying signed submissions in a worker, so that a bulk import uses a second core and the
//! page stays responsive while files are checked.
//!
//! The worker (`verifier.js`) runs this same WebAssembly module, posted to it once compiled.
//! It runs `verify_submission` on each file with no pins and the default bank, and hands
//! back what [`handoff`](croqual::export::handoff) writes; the page then resumes the report
//! with its own pins. A file the worker cannot hand over (malformed, a bad signature, another
//! pack, a key file) comes back as nothing, and the page verifies it itself, as it does every
//! file when there is no worker.
//!
//! # Limitations
//!
//! - One worker. A second one would compete for the same two cores as the page on small
//!   machines; more would help only where the page is not the slower side.
//! - Once the worker fails (it could not start, or a file stopped it), it is not restarted for
//!   the rest of the session: the page verifies every file itself.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static SHARED: RefCell<Option<Rc<Verifier>>> = const { RefCell::new(None) };
}

/// Each job's promise's resolve function and its flag for arrived results, by job number.
type Pending = Rc<RefCell<BTreeMap<u32, (js_sys::Function, Rc<Cell<bool>>)>>>;

/// The page's side of the worker.
pub struct Verifier {
    worker: web_sys::Worker,
    pending: Pending,
    next_job: Cell<u32>,
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Verifier {
    /// The page's worker, started on first use; `None` when the browser has none to give or
    /// it failed.
    pub fn shared() -> Option<Rc<Verifier>> {
        SHARED.with(|shared| {
            let mut shared = shared.borrow_mut();
            if shared
                .as_ref()
                .is_some_and(|verifier| verifier.failed.get())
            {
                return None;
            }
            if shared.is_none() {
                *shared = Verifier::start().map(Rc::new);
            }
            shared.clone()
        })
    }

    fn start() -> Option<Verifier> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        // Relative to the page, so the app works from any sub-path.
        let worker = web_sys::Worker::new_with_options("verifier.js", &options).ok()?;
        let pending = Pending::default();
        let failed = Rc::new(Cell::new(false));

        let on_message = {
            let pending = Rc::clone(&pending);
            let failed = Rc::clone(&failed);
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                // A file stopped the worker's WebAssembly: its state is not to be trusted again.
                if let Ok(error) = js_sys::Reflect::get(&data, &"error".into())
                    && !error.is_undefined()
                {
                    failed.set(true);
                    log::warn!(
                        "the verifying worker stopped ({}); the page verifies the files itself",
                        error.as_string().unwrap_or_default()
                    );
                }
                let job = js_sys::Reflect::get(&data, &"job".into())
                    .ok()
                    .and_then(|job| job.as_f64());
                let resolve = job.and_then(|job| pending.borrow_mut().remove(&(job as u32)));
                if let Some((resolve, arrived)) = resolve {
                    arrived.set(true);
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            })
        };
        let on_error = {
            let pending = Rc::clone(&pending);
            let failed = Rc::clone(&failed);
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                // The worker did not load, or stopped: every waiting group is verified by the
                // page instead, and so is everything after.
                event.prevent_default();
                failed.set(true);
                let waiting = std::mem::take(&mut *pending.borrow_mut());
                for (resolve, arrived) in waiting.into_values() {
                    arrived.set(true);
                    let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
                }
                log::warn!("the verifying worker stopped; the page verifies the files itself");
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        let start = js_sys::Object::new();
        js_sys::Reflect::set(&start, &"module".into(), &wasm_bindgen::module()).ok()?;
        worker.post_message(&start).ok()?;
        Some(Verifier {
            worker,
            pending,
            next_job: Cell::new(0),
            failed,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends `files` to the worker now; `None` once the worker failed.
    pub fn check(&self, files: &[Option<Arc<[u8]>>]) -> Option<Job> {
        if self.failed.get() {
            return None;
        }
        let job = self.next_job.get();
        self.next_job.set(job.wrapping_add(1));
        let list = js_sys::Array::new();
        let transfer = js_sys::Array::new();
        for file in files {
            match file {
                Some(bytes) => {
                    let copy = js_sys::Uint8Array::from(&bytes[..]);
                    transfer.push(&copy.buffer());
                    list.push(&copy);
                }
                None => {
                    list.push(&JsValue::NULL);
                }
            }
        }
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"job".into(), &job.into()).ok()?;
        js_sys::Reflect::set(&message, &"files".into(), &list).ok()?;
        let arrived = Rc::new(Cell::new(false));
        let pending = Rc::clone(&self.pending);
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            pending
                .borrow_mut()
                .insert(job, (resolve, Rc::clone(&arrived)));
        });
        if self
            .worker
            .post_message_with_transfer(&message, &transfer)
            .is_err()
        {
            self.pending.borrow_mut().remove(&job);
            return None;
        }
        Some(Job { promise, arrived })
    }
}

/// Files sent to the worker.
pub struct Job {
    promise: js_sys::Promise,
    arrived: Rc<Cell<bool>>,
}

impl Job {
    /// Whether the worker's results are in, so that waiting for them takes no time.
    pub fn has_arrived(&self) -> bool {
        self.arrived.get()
    }

    /// The worker's results, in the order the files were sent: `None` for a file the page
    /// verifies itself. The whole is `None` when the worker failed.
    pub async fn results(self) -> Option<Vec<Option<Vec<u8>>>> {
        let data = JsFuture::from(self.promise).await.ok()?;
        let results = js_sys::Reflect::get(&data, &"results".into()).ok()?;
        let results: js_sys::Array = results.dyn_into().ok()?;
        Some(
            results
                .iter()
                .map(|result| {
                    result
                        .dyn_into::<js_sys::Uint8Array>()
                        .ok()
                        .map(|bytes| bytes.to_vec())
                })
                .collect(),
        )
    }
}

impl Drop for Verifier {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
