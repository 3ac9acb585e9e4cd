//! Small pieces several screens share.

mod key_restore;
pub mod score_chart;
mod text_field;

pub use key_restore::{KeyRestore, UnreadableKey};
pub use text_field::{TextField, typed};
