//! Stage 5, extract: directive numbers, bodies, deadlines and tasks.
//!
//! Reads: a repaired [`Text`] and its [`Parsed`] structure. Writes:
//! [`Extraction`].

pub mod bodies;
pub mod symbols;

use serde::{Deserialize, Serialize};

use crate::structure::Parsed;
use crate::text::Text;

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Extraction {}

/// Extracts directive numbers, bodies, deadlines and tasks.
pub fn extract(_text: &Text, _parsed: &Parsed) -> Extraction {
    Extraction {}
}
