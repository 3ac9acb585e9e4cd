//! The croqual browser app, sponsor's side: importing, deciding and following vendors. It is
//! its own bundle so that a CRO's page never downloads it; `public/boot.js` picks one.
//!
//! The verifying worker (`public/verifier.js`) runs this same module and calls
//! [`check_submission`].

#[cfg(target_arch = "wasm32")]
mod app;

#[cfg(target_arch = "wasm32")]
fn main() {
    // The worker has no page to mount on.
    if web_sys::window().is_some() {
        app::start_sponsor();
    }
}

/// Run by the worker on one file: the report handed over, or nothing when the page must
/// verify the file itself.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn check_submission(bytes: &[u8]) -> Option<Vec<u8>> {
    use croqual::attest::envelope::TrustStore;
    use croqual::export::{PackLibrary, handoff, verify_submission};

    thread_local! {
        static PACKS: PackLibrary = PackLibrary::new();
    }
    let report = PACKS.with(|packs| verify_submission(bytes, &TrustStore::new(), packs));
    handoff::handoff(&report)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "croqual-sponsor is the sponsor's side of the browser app: `make serve` builds it and \
         serves it at http://127.0.0.1:8080/. The native tool is `croqual`."
    );
    std::process::exit(2);
}
