//! PDF files: the text layer (OCR or born-digital) as lines with page numbers.
//!
//! lopdf loads the file; each page's content streams are interpreted
//! ([`content`]) into positioned runs of text, decoded through the fonts'
//! ToUnicode CMaps ([`font`], [`cmap`]), and cut into lines in stream order
//! ([`lines`]). lopdf's own `extract_text` is not used: it drops the line
//! breaks inside a text block, and the pipeline is line-based.
//!
//! Failures: a file lopdf cannot load is [`SourceError::CorruptPdf`] (with a
//! hint when it lacks its end marker), one that needs a password is
//! [`SourceError::EncryptedPdf`], pages without any text give
//! [`SourceError::NoTextLayer`], a layer drawn in fonts that have no
//! Unicode map gives [`SourceError::UndecodablePdfText`]. A page whose content is damaged loses the
//! text after the damage and adds a warning; the other pages are kept.
//! A panic inside lopdf on hostile input is caught and reported as corrupt.

pub mod cmap;
pub mod content;
pub mod font;
pub mod lines;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use lopdf::{Document, Object, ObjectId};

use super::SourceError;
use crate::text::{Line, Text};
use content::{Interpreter, MAX_CONTENT_BYTES, Resources};
use font::Font;

/// Above this share of undecodable characters the layer is refused.
const MAX_UNDECODABLE_SHARE: f64 = 0.3;

/// How far into a file the `%PDF-` header may start (as readers allow).
const HEADER_WINDOW: usize = 1024;

/// Whether the bytes are a PDF file (by its `%PDF-n.n` header, whatever the file's name).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    window
        .windows(8)
        .any(|w| w.starts_with(b"%PDF-") && w[5].is_ascii_digit() && w[6] == b'.' && w[7].is_ascii_digit())
}

/// The text layer of a PDF and what could not be read of it.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    /// One line per text line of the layer, numbered 1.. across the document.
    pub text: Text,
    /// Pages (or parts) whose content could not be read.
    pub warnings: Vec<String>,
}

/// Extracts the text layer of a PDF held in memory.
pub fn extract(bytes: &[u8]) -> Result<Extracted, SourceError> {
    catch_unwind(AssertUnwindSafe(|| extract_unguarded(bytes))).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(SourceError::CorruptPdf(format!(
            "the PDF reader failed on this file ({message})"
        )))
    })
}

fn extract_unguarded(bytes: &[u8]) -> Result<Extracted, SourceError> {
    let doc = load(bytes)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(SourceError::NoPages);
    }
    let mut fonts = HashMap::new();
    let mut extracted = Extracted::default();
    let mut failed_pages = 0;
    for (&number, &page_id) in &pages {
        let (lines, problem) = page_lines(&doc, page_id, &mut fonts);
        if let Some(problem) = problem {
            failed_pages += usize::from(lines.is_empty());
            extracted.warnings.push(format!("page {number}: {problem}"));
        }
        let first = extracted.text.lines.len() as u32 + 1;
        let placed = lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| Line::verbatim(text, number, first + i as u32));
        extracted.text.lines.extend(placed);
    }
    if extracted.text.lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(match extracted.warnings.first() {
            Some(first) if failed_pages == pages.len() => SourceError::CorruptPdf(first.clone()),
            _ => SourceError::NoTextLayer { pages: pages.len() },
        });
    }
    let share = undecodable_share(&extracted.text);
    if share > MAX_UNDECODABLE_SHARE {
        return Err(SourceError::UndecodablePdfText { share });
    }
    Ok(extracted)
}

/// Share of the visible characters that fonts could not map to Unicode (U+FFFD).
fn undecodable_share(text: &Text) -> f64 {
    let visible = text
        .lines
        .iter()
        .flat_map(|l| l.text.chars())
        .filter(|c| !c.is_whitespace());
    let (total, bad) = visible.fold((0usize, 0usize), |(t, b), c| (t + 1, b + usize::from(c == '\u{FFFD}')));
    if total == 0 { 0.0 } else { bad as f64 / total as f64 }
}

/// Loads a PDF, telling encrypted and damaged files apart.
fn load(bytes: &[u8]) -> Result<Document, SourceError> {
    match Document::load_mem(bytes) {
        Ok(doc) if doc.is_encrypted() => Err(SourceError::EncryptedPdf),
        Ok(doc) => Ok(doc),
        Err(lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)) => Err(SourceError::EncryptedPdf),
        Err(error) => Err(SourceError::CorruptPdf(describe_load_error(&error, bytes))),
    }
}

/// lopdf's reason, with a hint when the file lacks its `%%EOF` end marker.
fn describe_load_error(error: &lopdf::Error, bytes: &[u8]) -> String {
    let tail = &bytes[bytes.len().saturating_sub(HEADER_WINDOW)..];
    if tail.windows(5).any(|w| w == b"%%EOF") {
        format!("cannot load it ({error})")
    } else {
        format!("the file ends before the PDF's end marker, it was probably cut short ({error})")
    }
}

/// The lines of one page and, if some content could not be read, why.
fn page_lines(
    doc: &Document,
    page_id: ObjectId,
    fonts: &mut HashMap<ObjectId, Rc<Font>>,
) -> (Vec<String>, Option<String>) {
    let resources = page_resources(doc, page_id);
    let mut interpreter = Interpreter::new(doc, fonts);
    let mut problem = None;
    for stream_id in doc.get_page_contents(page_id) {
        let outcome = content_stream(doc, stream_id).and_then(|content| interpreter.run(&content, &resources));
        if let Err(reason) = outcome {
            problem.get_or_insert(reason);
        }
    }
    (interpreter.finish(), problem)
}

/// The decoded bytes of a content stream, or why there are none.
///
/// lopdf's Flate decoder gives up quietly (empty output) on damaged data;
/// a filtered stream that decodes to nothing counts as undecodable.
fn content_stream(doc: &Document, id: ObjectId) -> Result<Vec<u8>, String> {
    let name = format!("content stream {} {} R", id.0, id.1);
    let stream = doc
        .get_object(id)
        .and_then(Object::as_stream)
        .map_err(|e| format!("{name} is missing ({e})"))?;
    let content = stream
        .get_plain_content_with_limit(MAX_CONTENT_BYTES)
        .map_err(|e| format!("{name} cannot be decoded ({e})"))?;
    let filtered = stream.dict.has(b"Filter");
    if content.is_empty() && filtered && !stream.content.is_empty() {
        return Err(format!("{name} cannot be decoded (damaged compressed data)"));
    }
    Ok(content)
}

/// A page's resource dictionaries, its own first, then inherited ones.
fn page_resources(doc: &Document, page_id: ObjectId) -> Resources<'_> {
    let Ok((direct, referenced)) = doc.get_page_resources(page_id) else {
        return Resources::default();
    };
    let referenced = referenced.into_iter().filter_map(|id| doc.get_dictionary(id).ok());
    Resources(direct.into_iter().chain(referenced).collect())
}
