//! End-to-end tests: the built `dist/` served on 127.0.0.1 and driven in headless Chromium
//! over WebDriver, the way a person uses it. `make test` builds `dist/` first.

#![cfg(not(target_arch = "wasm32"))]

#[path = "browser/harness.rs"]
mod harness;
#[path = "browser/provider.rs"]
mod provider;
#[path = "browser/shell.rs"]
mod shell;
#[path = "browser/sponsor.rs"]
mod sponsor;
#[path = "browser/storage.rs"]
mod storage;
#[path = "support/vendors.rs"]
mod vendors;
