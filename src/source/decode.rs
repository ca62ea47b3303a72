//! Bytes of a text file → text: BOM and encoding detection, binary refusal.
//!
//! Accepted: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and UTF-16
//! without BOM when its NUL bytes leave no doubt (plain ASCII-range text
//! has a NUL in every other byte). Everything else is refused with the
//! reason: a known binary format by its signature, a file full of NUL or
//! control bytes, or the first byte that is not UTF-8.

use super::SourceError;

/// How a text file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 little endian.
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
}

/// Share of control characters (NUL included; tab, line feed, carriage
/// return and form feed excepted) above which "text" is taken for a binary
/// file. Real documents exported from word processors do carry a few stray
/// NULs (corpus-ext has files with 10 in 140 000 characters); random bytes
/// have about 11 % control bytes.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Bytes looked at when telling binary junk from a text in a legacy encoding.
const SNIFF_LEN: usize = 64 * 1024;

/// Signatures of binary formats that end up renamed `.txt`, with their names.
const SIGNATURES: [(&[u8], &str); 11] = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\0", "TIFF image"),
    (b"MM\0*", "TIFF image"),
    (b"PK\x03\x04", "ZIP archive or Office document (DOCX, XLSX, ODT)"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old Office document (DOC, XLS)"),
    (b"\x1F\x8B", "gzip archive"),
    (b"Rar!\x1A\x07", "RAR archive"),
    (b"\x7FELF", "executable program"),
];

/// Name of the binary format whose signature starts `bytes`, if any.
pub fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, name)| name)
}

/// Decodes the bytes of a text file, refusing binary files and unknown encodings.
pub fn decode_text(bytes: &[u8]) -> Result<(String, TextEncoding), SourceError> {
    if let Some(kind) = binary_signature(bytes) {
        return Err(SourceError::Binary { kind: Some(kind) });
    }
    let (text, encoding) = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => (utf8(rest, 3)?, TextEncoding::Utf8),
        [0xFF, 0xFE, rest @ ..] => (utf16(rest, TextEncoding::Utf16Le, 2)?, TextEncoding::Utf16Le),
        [0xFE, 0xFF, rest @ ..] => (utf16(rest, TextEncoding::Utf16Be, 2)?, TextEncoding::Utf16Be),
        _ => without_bom(bytes)?,
    };
    if looks_binary(&text) {
        return Err(SourceError::Binary { kind: None });
    }
    Ok((text, encoding))
}

/// Decodes a text that has no byte order mark: UTF-8, else BOM-less UTF-16.
fn without_bom(bytes: &[u8]) -> Result<(String, TextEncoding), SourceError> {
    let invalid = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_owned(), TextEncoding::Utf8)),
        Err(error) => error.valid_up_to(),
    };
    if let Some(encoding) = bomless_utf16(bytes) {
        return Ok((utf16(bytes, encoding, 0)?, encoding));
    }
    if binary_bytes(&bytes[..bytes.len().min(SNIFF_LEN)]) {
        return Err(SourceError::Binary { kind: None });
    }
    Err(SourceError::NotUnicode {
        byte: bytes[invalid],
        offset: invalid,
    })
}

/// Valid UTF-8 or the offset (in the file) of its first invalid byte.
fn utf8(bytes: &[u8], skipped: usize) -> Result<String, SourceError> {
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|error| {
        let at = error.valid_up_to();
        SourceError::NotUnicode {
            byte: bytes[at],
            offset: at + skipped,
        }
    })
}

/// Decodes UTF-16 code units; `skipped` is the length of the BOM before `bytes`.
fn utf16(bytes: &[u8], encoding: TextEncoding, skipped: usize) -> Result<String, SourceError> {
    let unit = |pair: &[u8]| match encoding {
        TextEncoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
        _ => u16::from_le_bytes([pair[0], pair[1]]),
    };
    let mut text = String::with_capacity(bytes.len() / 2);
    let units = bytes.chunks_exact(2).map(unit);
    let mut unit_index = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(SourceError::InvalidUtf16 {
                    offset: skipped + 2 * unit_index,
                });
            }
        }
        unit_index += decoded.map_or(1, char::len_utf16);
    }
    if bytes.len() % 2 == 1 {
        return Err(SourceError::InvalidUtf16 {
            offset: skipped + bytes.len() - 1,
        });
    }
    Ok(text)
}

/// The byte order of a BOM-less UTF-16 text: NUL bytes in one parity only.
///
/// Latin-script UTF-16 (Vietnamese included: spaces, digits and most
/// letters are below U+0100) has a NUL as the high byte of most units and
/// almost never as the low byte; binary junk has NULs in both parities.
fn bomless_utf16(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let pairs = sample.len() / 2;
    if pairs < 8 {
        return None;
    }
    let zeros = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let lopsided = |many: usize, few: usize| many * 10 >= pairs * 3 && few * 100 <= pairs;
    if lopsided(odd, even) {
        Some(TextEncoding::Utf16Le)
    } else if lopsided(even, odd) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Whether raw bytes hold many control bytes (not a text in any 8-bit encoding).
fn binary_bytes(bytes: &[u8]) -> bool {
    let controls = bytes.iter().filter(|&&b| is_binary_control(char::from(b))).count();
    controls as f64 > bytes.len() as f64 * MAX_CONTROL_SHARE
}

/// Whether decoded text holds many control characters.
fn looks_binary(text: &str) -> bool {
    let (chars, controls) = text.chars().fold((0usize, 0usize), |(chars, controls), c| {
        (chars + 1, controls + usize::from(is_binary_control(c)))
    });
    controls as f64 > chars as f64 * MAX_CONTROL_SHARE
}

/// A control character that text files do not use (all but `\t \n \r \x0c`).
fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for unit in units {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_text("Điều 1".as_bytes()).unwrap(),
            ("Điều 1".into(), TextEncoding::Utf8)
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "Điều 1".as_bytes()].concat();
        assert_eq!(decode_text(&with_bom).unwrap(), ("Điều 1".into(), TextEncoding::Utf8));
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        let text = "Quy chế phối hợp\nĐiều 1. 𝄞 z";
        let le = decode_text(&utf16_bytes(text, false, true)).unwrap();
        let be = decode_text(&utf16_bytes(text, true, true)).unwrap();
        assert_eq!(le, (text.into(), TextEncoding::Utf16Le));
        assert_eq!(be, (text.into(), TextEncoding::Utf16Be));
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_nuls() {
        let text = "Căn cứ Quy định số 294-QĐ/TW của Ban Chấp hành Trung ương";
        assert_eq!(decode_text(&utf16_bytes(text, false, false)).unwrap().0, text);
        assert_eq!(decode_text(&utf16_bytes(text, true, false)).unwrap().0, text);
    }

    #[test]
    fn broken_utf16_reports_the_offset() {
        let mut bytes = utf16_bytes("a𝄞", false, true);
        bytes.extend([0x00, 0xD8, b'c', 0]); // lone high surrogate
        assert!(matches!(
            decode_text(&bytes),
            Err(SourceError::InvalidUtf16 { offset: 8 })
        ));
    }

    #[test]
    fn legacy_8_bit_text_names_the_first_bad_byte() {
        let bytes = b"Quy ch\xEA ph\xF4i h\xF4p".to_vec(); // Latin-1, not UTF-8
        match decode_text(&bytes) {
            Err(SourceError::NotUnicode { byte, offset }) => assert_eq!((byte, offset), (0xEA, 6)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_files_are_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert!(matches!(
            decode_text(&png),
            Err(SourceError::Binary {
                kind: Some("PNG image")
            })
        ));
        let junk: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(matches!(decode_text(&junk), Err(SourceError::Binary { kind: None })));
        let controls = "text\x01\x02\x03\x04 with controls".repeat(3);
        assert!(matches!(
            decode_text(controls.as_bytes()),
            Err(SourceError::Binary { kind: None })
        ));
        let nuls = "valid utf-8 \0\0\0 with NULs".repeat(3);
        assert!(matches!(
            decode_text(nuls.as_bytes()),
            Err(SourceError::Binary { kind: None })
        ));
        let stray = format!("{}\0{}", "Điều 1. ".repeat(20), "Điều 2. ".repeat(20));
        assert!(
            decode_text(stray.as_bytes()).is_ok(),
            "a stray NUL in a long text is tolerated"
        );
    }
}
