//! Stage 4, structure: header, legal bases and outline of a document.
//!
//! Reads: a [`Text`] (raw OCR, repaired or clean). Writes: [`Parsed`]. Never
//! fails: a line it does not recognise is body text.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// What the parser found in a document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Parsed {}

/// Parses the header, legal bases and outline of `text`.
pub fn parse(_text: &Text) -> Parsed {
    Parsed {}
}
