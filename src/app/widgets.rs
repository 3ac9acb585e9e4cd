//! Small pieces several screens share.

mod discard;
mod key_restore;
pub mod score_chart;
mod text_field;

pub use discard::DiscardButton;
pub use key_restore::{KeyRestore, UnreadableKey};
pub use text_field::{TextField, typed};
