//! Stage 5, extract: directive numbers, bodies, deadlines and tasks.
//!
//! Reads: a repaired [`Text`] and its [`Parsed`] structure. Writes:
//! [`Extraction`].

pub mod bodies;
pub mod calendar;
pub mod deadlines;
pub mod lunar;
pub mod symbols;

use serde::{Deserialize, Serialize};

use crate::structure::Parsed;
use crate::text::Text;

/// Lines of a TSV file of `dictionaries/`, without comments and blank lines.
pub(crate) fn dictionary_lines(tsv: &str) -> impl Iterator<Item = &str> {
    tsv.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Extraction {}

/// Extracts directive numbers, bodies, deadlines and tasks.
pub fn extract(_text: &Text, _parsed: &Parsed) -> Extraction {
    Extraction {}
}
