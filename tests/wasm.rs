//! The domain library inside a real browser: wasm-bindgen-test in headless Chromium.
//!
//! The native suites test every rule; these check that the same code behaves the same when
//! compiled to WebAssembly (no clock, no threads, no file system there).

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn digests_match_the_native_ones_in_the_browser() {
    let digest = croqual::attest::Digest::of(b"abc");
    assert_eq!(
        digest.to_string(),
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
