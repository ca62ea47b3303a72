//! Stage 1, source: read a text or PDF file into raw [`Text`] lines.
//!
//! Reads: a path. Writes: a [`SourceText`] whose lines are the file's lines
//! verbatim (for a PDF, the text layer's lines with their page numbers).
//! Every failure is a [`SourceError`] naming the reason; nothing panics.
//!
//! The format is decided by content, not by extension: a file that starts
//! with `%PDF-` is read as a PDF ([`pdf`]), anything else as text
//! ([`decode`]). Both must then hold Vietnamese ([`language`]).

pub mod decode;
pub mod language;
pub mod pdf;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::text::{ColumnMap, Line, Text};

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
    /// What was read only in part (e.g. a PDF page whose content is damaged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Why a file could not be read as a document.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The file holds no text at all (or only white space).
    #[error("empty file")]
    Empty,
    /// The file is binary (an image, an archive, random bytes ...).
    #[error("binary file{}, not text", kind.map(|k| format!(" ({k})")).unwrap_or_default())]
    Binary {
        /// The format recognised by its signature, if any.
        kind: Option<&'static str>,
    },
    /// Neither UTF-8 nor UTF-16 (a legacy 8-bit encoding, a damaged file).
    #[error("not UTF-8 or UTF-16 text (invalid byte 0x{byte:02X} at offset {offset})")]
    NotUnicode {
        /// The first byte that is not UTF-8.
        byte: u8,
        /// Its offset in the file.
        offset: usize,
    },
    /// A UTF-16 file with a broken code unit.
    #[error("invalid UTF-16 text (unpaired surrogate or odd byte at offset {offset})")]
    InvalidUtf16 {
        /// Offset in the file of the bad code unit.
        offset: usize,
    },
    /// The text has letters, but few Vietnamese words.
    #[error(
        "not Vietnamese text: only {:.0}% of {words} words are Vietnamese syllables (at least {:.0}% needed)",
        share * 100.0,
        language::MIN_SYLLABLE_SHARE * 100.0
    )]
    NotVietnamese {
        /// Share of the words that have the shape of a Vietnamese syllable.
        share: f64,
        /// Words counted.
        words: usize,
    },
    /// The text holds digits and symbols but no word.
    #[error("no words: the text holds only digits and symbols")]
    NoWords,
    /// The PDF needs a password.
    #[error("encrypted PDF (cannot read without a password)")]
    EncryptedPdf,
    /// The PDF cannot be loaded or none of its pages can be read.
    #[error("truncated or corrupt PDF: {0}")]
    CorruptPdf(String),
    /// The PDF loads but has no page.
    #[error("PDF has no pages")]
    NoPages,
    /// The PDF's fonts do not say which characters they draw.
    #[error(
        "the PDF's text layer cannot be decoded: {:.0}% of its characters are in fonts without a Unicode map",
        share * 100.0
    )]
    UndecodablePdfText {
        /// Share of the layer's characters that could not be decoded.
        share: f64,
    },
    /// The PDF has pages but no text on them (scanned images without OCR).
    #[error("no text layer: the PDF's {pages} page(s) hold no text (a scan needs OCR first)")]
    NoTextLayer {
        /// Number of pages in the PDF.
        pages: usize,
    },
}

/// Reads one text or PDF file.
pub fn read(path: &Path) -> Result<SourceText, SourceError> {
    let bytes = std::fs::read(path)?;
    read_bytes(path, &bytes)
}

/// Reads a document from the bytes of the file at `path`.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<SourceText, SourceError> {
    let (format, text, warnings) = if pdf::is_pdf(bytes) {
        let extracted = pdf::extract(bytes)?;
        (SourceFormat::Pdf, extracted.text, extracted.warnings)
    } else {
        let (content, _) = decode::decode_text(bytes).map_err(|error| headerless_pdf(path, error))?;
        (SourceFormat::Text, text_lines(&content), Vec::new())
    };
    if text.lines.iter().all(|line| is_blank(&line.text)) {
        return Err(SourceError::Empty);
    }
    language::check_vietnamese(&text)?;
    Ok(SourceText {
        path: path.to_path_buf(),
        format,
        text,
        warnings,
    })
}

/// A binary file named `.pdf` is reported as a damaged PDF, not as "binary".
fn headerless_pdf(path: &Path, error: SourceError) -> SourceError {
    let named_pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    match error {
        SourceError::Binary { kind: None } if named_pdf => {
            SourceError::CorruptPdf("the file has no %PDF- header, it is not a PDF or lost its start".into())
        }
        other => other,
    }
}

/// Whether a line has nothing but white space, BOMs and other invisible characters.
fn is_blank(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200D}'))
}

/// Splits decoded text into lines: line *i* is line *i* of the file.
///
/// Lines end at `\n` (a `\r` before it is dropped), or at `\r` in a file
/// that has no `\n` at all. Form feeds (`\x0c`, as pdftotext writes between
/// pages) start a new page and are dropped; a line's page is the one its
/// first character is on. A last line made of form feeds only is dropped.
pub fn text_lines(content: &str) -> Text {
    let separator = if content.contains('\n') { '\n' } else { '\r' };
    let mut raw: Vec<&str> = content.split(separator).collect();
    if raw.last().is_some_and(|last| last.trim_matches('\x0c').is_empty()) {
        raw.pop();
    }
    let mut page = 1;
    let lines = raw
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let source_line = index as u32 + 1;
            if !line.contains('\x0c') {
                return Line::verbatim(line, page, source_line);
            }
            let leading = line.len() - line.trim_start_matches('\x0c').len();
            let line_page = page + leading as u32;
            page += line.matches('\x0c').count() as u32;
            without_form_feeds(line, line_page, source_line)
        })
        .collect();
    Text { lines }
}

/// A line with its form feeds dropped, each byte mapped to its source column.
fn without_form_feeds(line: &str, page: u32, source_line: u32) -> Line {
    let mut text = String::with_capacity(line.len());
    let mut columns = ColumnMap::identity();
    for (column, piece) in line.split('\x0c').scan(0, |at, piece| {
        let start = *at;
        *at += piece.len() + 1;
        Some((start, piece))
    }) {
        columns.anchor(text.len(), column);
        text.push_str(piece);
    }
    Line {
        text,
        page,
        source_line,
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_the_file_with_crlf_and_cr() {
        let text = text_lines("a\r\nb\r\n\r\nc");
        let lines: Vec<_> = text.lines.iter().map(|l| (l.text.as_str(), l.source_line)).collect();
        assert_eq!(lines, [("a", 1), ("b", 2), ("", 3), ("c", 4)]);
        assert_eq!(text_lines("a\rb\r").lines.len(), 2);
    }

    #[test]
    fn form_feeds_count_pages_and_keep_columns() {
        let text = text_lines("one\n\x0ctwo\nthree\x0c\nfour\x0cfive\n\x0c");
        let pages: Vec<_> = text
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.page, l.source_line))
            .collect();
        assert_eq!(
            pages,
            [("one", 1, 1), ("two", 2, 2), ("three", 2, 3), ("fourfive", 3, 4)]
        );
        let joined = text.joined();
        let at = joined.find("two").unwrap();
        assert_eq!(text.span(at, at + 3).column, 1);
        let at = joined.find("five").unwrap();
        assert_eq!(text.span(at, at + 4).column, 5);
    }

    #[test]
    fn errors_read_clearly() {
        assert_eq!(
            SourceError::Binary {
                kind: Some("PNG image")
            }
            .to_string(),
            "binary file (PNG image), not text"
        );
        assert_eq!(SourceError::Binary { kind: None }.to_string(), "binary file, not text");
        let english = SourceError::NotVietnamese {
            share: 0.234,
            words: 812,
        };
        assert_eq!(
            english.to_string(),
            "not Vietnamese text: only 23% of 812 words are Vietnamese syllables (at least 50% needed)"
        );
    }

    #[test]
    fn blank_documents_are_empty() {
        for content in ["", "  \n\t\n", "\u{FEFF}\u{200B}\n\x0c"] {
            let error = read_bytes(Path::new("x.txt"), content.as_bytes()).unwrap_err();
            assert!(matches!(error, SourceError::Empty), "{content:?}: {error}");
        }
    }
}
