//! PDF fonts as the text extractor needs them: bytes → character codes →
//! Unicode text and glyph widths.
//!
//! Text comes from the font's ToUnicode CMap when it has one (Tesseract's
//! GlyphLessFont, LibreOffice and most producers write one); codes it does
//! not map fall back to the font's own encoding (WinAnsi, MacRoman,
//! Standard, `/Differences`, through lopdf), and failing that to
//! PDFDocEncoding (Latin-1 for the printable range). Composite (Type0)
//! fonts use 2-byte codes unless their encoding CMap says otherwise.

use lopdf::{Dictionary, Document, Object};

use super::cmap::{self, CMap, CodeSpace};

/// Glyph width used when a font gives none, in thousandths of the font size.
const DEFAULT_WIDTH: f32 = 500.0;

/// Cap on decompressed CMap streams: a real one is a few kilobytes.
const MAX_CMAP_BYTES: usize = 4 << 20;

/// The glyph widths of a font, in thousandths of the font size.
#[derive(Clone, Debug, Default)]
struct Widths {
    /// `(first code, last code, width)` runs, sorted by first code.
    runs: Vec<(u32, u32, f32)>,
    /// Width of a code in no run.
    default: f32,
}

impl Widths {
    fn of(&self, code: u32) -> f32 {
        let end = self.runs.partition_point(|&(first, _, _)| first <= code);
        match end.checked_sub(1).map(|i| self.runs[i]) {
            Some((_, last, width)) if code <= last => width,
            _ => self.default,
        }
    }
}

/// A string shown with one font: its text and what moves the pen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    /// The decoded text.
    pub text: String,
    /// Sum of the glyph widths, in text space units (font size 1).
    pub width: f32,
    /// Number of glyphs (each gets the character spacing `Tc`).
    pub glyphs: usize,
    /// Number of single-byte code 32 (each gets the word spacing `Tw`).
    pub word_spaces: usize,
}

/// A font resource, ready to decode shown strings.
#[derive(Clone, Debug)]
pub struct Font {
    /// How strings are split into codes (the font's encoding, not its ToUnicode).
    code_spaces: Vec<CodeSpace>,
    to_unicode: Option<CMap>,
    /// Text of each single-byte code by the font's own encoding.
    simple_encoding: Option<Vec<Option<String>>>,
    widths: Widths,
    /// Glyph space → text space (1/1000, or a Type3 font's matrix).
    scale: f32,
}

impl Font {
    /// Reads a font dictionary; never fails (missing parts get defaults).
    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let composite = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Type0");
        let to_unicode = stream_content(doc, dict.get(b"ToUnicode").ok())
            .map(|content| CMap::parse(&content))
            .filter(|cmap| !cmap.is_empty());
        let code_spaces = if composite {
            composite_code_spaces(doc, dict)
        } else {
            one_byte_space()
        };
        let simple_encoding = (!composite).then(|| simple_encoding(doc, dict));
        let widths = if composite {
            composite_widths(doc, dict)
        } else {
            simple_widths(doc, dict)
        };
        Font {
            code_spaces,
            to_unicode,
            simple_encoding,
            widths,
            scale: glyph_scale(doc, dict),
        }
    }

    /// A font for text shown before any `Tf` or with an unknown font name.
    pub fn fallback() -> Font {
        Font {
            code_spaces: one_byte_space(),
            to_unicode: None,
            simple_encoding: None,
            widths: Widths {
                runs: Vec::new(),
                default: DEFAULT_WIDTH,
            },
            scale: 0.001,
        }
    }

    /// Decodes the bytes of a shown string.
    pub fn show(&self, bytes: &[u8]) -> Shown {
        let mut units: Vec<u16> = Vec::with_capacity(bytes.len());
        let mut shown = Shown::default();
        let mut rest = bytes;
        while !rest.is_empty() {
            let (code, len) = self.next_code(rest);
            rest = &rest[usize::from(len).min(rest.len())..];
            self.push_text(code, len, &mut units);
            shown.width += self.widths.of(code) * self.scale;
            shown.glyphs += 1;
            shown.word_spaces += usize::from(len == 1 && code == 32);
        }
        shown.text = String::from_utf16_lossy(&units);
        shown
    }

    /// The next character code of `input` and its length in bytes (a byte
    /// outside the code space is taken as a one-byte code).
    fn next_code(&self, input: &[u8]) -> (u32, u8) {
        cmap::next_code(&self.code_spaces, input).unwrap_or((u32::from(input[0]), 1))
    }

    fn push_text(&self, code: u32, len: u8, units: &mut Vec<u16>) {
        if let Some(text) = self.to_unicode.as_ref().and_then(|cmap| cmap.lookup(code, len)) {
            units.extend(text.into_iter().filter(|&u| u != 0));
            return;
        }
        let by_encoding = self
            .simple_encoding
            .as_ref()
            .and_then(|table| table.get(code as usize)?.as_deref());
        match by_encoding {
            Some(text) => units.extend(text.encode_utf16()),
            None if len == 1 => units.extend(pdf_doc_char(code as u8).encode_utf16(&mut [0; 2]).iter()),
            None => units.push(char::REPLACEMENT_CHARACTER as u16),
        }
    }
}

/// The code space of simple fonts: one byte per code.
fn one_byte_space() -> Vec<CodeSpace> {
    vec![CodeSpace {
        low: 0,
        high: 0xFF,
        bytes: 1,
    }]
}

/// PDFDocEncoding of a byte as a character (Latin-1 outside the control range).
fn pdf_doc_char(byte: u8) -> char {
    match byte {
        0x20..=0x7E | 0xA1..=0xFF => char::from(byte),
        _ => char::REPLACEMENT_CHARACTER,
    }
}

/// The decompressed content of a stream object (or reference to one), capped.
fn stream_content(doc: &Document, object: Option<&Object>) -> Option<Vec<u8>> {
    let (_, object) = doc.dereference(object?).ok()?;
    let stream = object.as_stream().ok()?;
    stream.get_plain_content_with_limit(MAX_CMAP_BYTES).ok()
}

/// How a Type0 font's encoding CMap splits strings into codes.
///
/// `Identity-H/V` and the predefined Unicode CMaps use two bytes; an
/// embedded CMap stream says so in its code space ranges.
fn composite_code_spaces(doc: &Document, dict: &Dictionary) -> Vec<CodeSpace> {
    let two_bytes = vec![CodeSpace {
        low: 0,
        high: 0xFFFF,
        bytes: 2,
    }];
    match dict.get(b"Encoding").and_then(|o| doc.dereference(o)) {
        Ok((_, Object::Stream(_))) => {
            let embedded = stream_content(doc, dict.get(b"Encoding").ok()).map(|c| CMap::parse(&c).code_spaces);
            embedded.filter(|spaces| !spaces.is_empty()).unwrap_or(two_bytes)
        }
        _ => two_bytes,
    }
}

/// Text of every single-byte code by the font's encoding (lopdf's tables).
fn simple_encoding(doc: &Document, dict: &Dictionary) -> Vec<Option<String>> {
    let Ok(encoding) = dict.get_font_encoding(doc) else {
        return Vec::new();
    };
    (0..=255u8)
        .map(|byte| encoding.bytes_to_string(&[byte]).ok().filter(|text| !text.is_empty()))
        .collect()
}

/// A number (integer or real) object, dereferenced.
fn number(doc: &Document, object: &Object) -> Option<f32> {
    doc.dereference(object).ok()?.1.as_float().ok()
}

/// An array object, dereferenced.
fn array<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Vec<Object>> {
    doc.dereference(object).ok()?.1.as_array().ok()
}

/// A dictionary entry that is (or refers to) a dictionary.
fn sub_dictionary<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    doc.dereference(dict.get(key).ok()?).ok()?.1.as_dict().ok()
}

/// `/FirstChar` + `/Widths` of a simple font; `/MissingWidth` elsewhere.
fn simple_widths(doc: &Document, dict: &Dictionary) -> Widths {
    let missing = sub_dictionary(doc, dict, b"FontDescriptor")
        .and_then(|descriptor| number(doc, descriptor.get(b"MissingWidth").ok()?))
        .filter(|&w| w > 0.0);
    let first = dict
        .get(b"FirstChar")
        .ok()
        .and_then(|o| number(doc, o))
        .unwrap_or(0.0)
        .max(0.0) as u32;
    let listed = dict.get(b"Widths").ok().and_then(|o| array(doc, o));
    let runs = listed
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, w)| number(doc, w).map(|w| (first + i as u32, first + i as u32, w)))
        .collect();
    Widths {
        runs,
        default: missing.unwrap_or(DEFAULT_WIDTH),
    }
}

/// `/W` and `/DW` of a Type0 font's descendant CID font.
fn composite_widths(doc: &Document, dict: &Dictionary) -> Widths {
    let descendant = dict
        .get(b"DescendantFonts")
        .ok()
        .and_then(|o| array(doc, o))
        .and_then(|fonts| doc.dereference(fonts.first()?).ok()?.1.as_dict().ok());
    let Some(cid_font) = descendant else {
        return Widths {
            runs: Vec::new(),
            default: 1000.0,
        };
    };
    let default = cid_font.get(b"DW").ok().and_then(|o| number(doc, o)).unwrap_or(1000.0);
    let listed = cid_font
        .get(b"W")
        .ok()
        .and_then(|o| array(doc, o))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut runs = cid_width_runs(doc, listed);
    runs.sort_by_key(|&(first, _, _)| first);
    Widths { runs, default }
}

/// Parses a `/W` array: `c [w1 w2 ...]` and `c_first c_last w` entries.
fn cid_width_runs(doc: &Document, listed: &[Object]) -> Vec<(u32, u32, f32)> {
    let mut runs = Vec::new();
    let mut at = 0;
    while at + 1 < listed.len() {
        let Some(first) = number(doc, &listed[at]).map(|n| n.max(0.0) as u32) else {
            break;
        };
        if let Some(widths) = array(doc, &listed[at + 1]) {
            let each = widths
                .iter()
                .enumerate()
                .filter_map(|(i, w)| Some((first + i as u32, number(doc, w)?)));
            runs.extend(each.map(|(code, w)| (code, code, w)));
            at += 2;
        } else {
            let last = number(doc, &listed[at + 1]).map(|n| n.max(0.0) as u32);
            let width = listed.get(at + 2).and_then(|o| number(doc, o));
            if let (Some(last), Some(width)) = (last, width) {
                runs.push((first, last, width));
            }
            at += 3;
        }
    }
    runs
}

/// Glyph space to text space: 1/1000, or a Type3 font's `/FontMatrix`.
fn glyph_scale(doc: &Document, dict: &Dictionary) -> f32 {
    let matrix = dict.get(b"FontMatrix").ok().and_then(|o| array(doc, o));
    let horizontal = matrix
        .and_then(|m| number(doc, m.first()?))
        .filter(|s| s.is_finite() && *s != 0.0);
    horizontal.map_or(0.001, |s| s.abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    fn tesseract_font(doc: &mut Document) -> Dictionary {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
                     1 beginbfrange <0000> <FFFF> <0000> endbfrange"
            .to_vec();
        let to_unicode = doc.add_object(Stream::new(Dictionary::new(), cmap));
        let descendant = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 500 });
        dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "GlyphLessFont",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
        }
    }

    #[test]
    fn composite_font_with_identity_to_unicode() {
        let mut doc = Document::with_version("1.5");
        let dict = tesseract_font(&mut doc);
        let font = Font::load(&doc, &dict);
        let shown = font.show(&[0x01, 0x10, 0x00, 0x69, 0x1E, 0xC1, 0x00, 0x75, 0x00, 0x20]);
        assert_eq!(shown.text, "Điều ");
        assert_eq!(shown.glyphs, 5);
        assert_eq!(shown.word_spaces, 0, "a 2-byte space is not a word space");
        assert!((shown.width - 2.5).abs() < 1e-6);
        assert_eq!(
            font.show(&[0xD8, 0x35, 0xDC, 0x9C, 0x00, 0x61]).text,
            "𝒜a",
            "surrogates across codes join"
        );
    }

    #[test]
    fn simple_font_uses_its_encoding_and_widths() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 32, "Widths" => vec![278.into(), 556.into()],
        };
        let font = Font::load(&doc, &dict);
        let shown = font.show(b" !\x93x\x94");
        assert_eq!(shown.text, " !\u{201C}x\u{201D}");
        assert_eq!(shown.word_spaces, 1);
        assert!((shown.width - (0.278 + 0.556 + 3.0 * 0.5)).abs() < 1e-6);
    }

    #[test]
    fn cid_width_arrays() {
        let doc = Document::with_version("1.5");
        let listed: Vec<Object> = vec![
            3.into(),
            vec![100.into(), 200.into()].into(),
            10.into(),
            20.into(),
            700.into(),
        ];
        let widths = Widths {
            runs: cid_width_runs(&doc, &listed),
            default: 1000.0,
        };
        assert_eq!(
            [widths.of(3), widths.of(4), widths.of(5), widths.of(15), widths.of(21)],
            [100.0, 200.0, 1000.0, 700.0, 1000.0]
        );
    }

    #[test]
    fn fallback_font_reads_latin1() {
        assert_eq!(Font::fallback().show(b"caf\xE9").text, "café");
    }
}
