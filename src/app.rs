//! The browser app: Leptos components by feature, the storage behind them, and the crash
//! notice. It calls the domain library and renders what comes back.

pub mod crash;
mod shell;
pub mod storage;

pub use shell::App;
