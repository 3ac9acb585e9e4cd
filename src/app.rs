//! The browser app: Leptos components by feature, the storage behind them, and the crash
//! notice. It calls the domain library and renders what comes back.

mod browser;
pub mod crash;
mod download;
mod files;
mod persist;
mod provider;
mod shell;
mod signing_key;
mod sponsor;
pub mod storage;
mod verifier;
mod widgets;

pub use shell::App;
