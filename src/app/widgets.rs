//! Small pieces several screens share.

pub mod score_chart;
mod text_field;

pub use text_field::{TextField, typed};
