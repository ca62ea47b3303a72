//! PDF CMaps: code space ranges and ToUnicode mappings (`bfchar`, `bfrange`).
//!
//! A CMap is a small PostScript program; only its data sections matter
//! here: `begincodespacerange` (how many bytes make one character code),
//! `beginbfchar` (code → UTF-16 text) and `beginbfrange` (a run of codes →
//! consecutive text, or → an array of texts). Anything else is skipped, and
//! a damaged CMap yields whatever sections could be read.

use std::collections::HashMap;

/// A range of character codes of one byte length, bounds checked byte by byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeSpace {
    /// Lowest code.
    pub low: u32,
    /// Highest code.
    pub high: u32,
    /// Bytes per code (1 to 4).
    pub bytes: u8,
}

impl CodeSpace {
    /// The code at the start of `input` if its first `self.bytes` bytes are in this space.
    pub fn matches(&self, input: &[u8]) -> Option<u32> {
        let bytes = input.get(..usize::from(self.bytes))?;
        let inside = bytes.iter().enumerate().all(|(i, &b)| {
            let shift = 8 * (usize::from(self.bytes) - 1 - i);
            (self.low >> shift) as u8 <= b && b <= (self.high >> shift) as u8
        });
        inside.then(|| code_value(bytes))
    }
}

/// What a `bfrange` maps its codes to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RangeTarget {
    /// The first code's text; each next code increments its last UTF-16 unit.
    Incrementing(Vec<u16>),
    /// One text per code.
    Listed(Vec<Vec<u16>>),
}

/// A `bfrange` line.
#[derive(Clone, Debug, PartialEq, Eq)]
struct BfRange {
    bytes: u8,
    low: u32,
    high: u32,
    target: RangeTarget,
}

/// A parsed CMap: code space and code → Unicode mappings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CMap {
    /// The code space ranges, in file order.
    pub code_spaces: Vec<CodeSpace>,
    chars: HashMap<(u8, u32), Vec<u16>>,
    ranges: Vec<BfRange>,
}

impl CMap {
    /// Parses the (decompressed) content of a CMap stream.
    pub fn parse(content: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut tokens = Tokens { input: content, at: 0 };
        while let Some(token) = tokens.next() {
            match token {
                Token::Word(b"begincodespacerange") => cmap.read_code_spaces(&mut tokens),
                Token::Word(b"beginbfchar") => cmap.read_chars(&mut tokens),
                Token::Word(b"beginbfrange") => cmap.read_ranges(&mut tokens),
                _ => {}
            }
        }
        cmap.ranges.sort_by_key(|r| (r.bytes, r.low));
        cmap
    }

    /// Whether the CMap maps no code at all.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    /// Splits the next code off `input` by the code space: its value and length.
    pub fn next_code(&self, input: &[u8]) -> Option<(u32, u8)> {
        next_code(&self.code_spaces, input)
    }

    /// The UTF-16 text of code `code` of `bytes` bytes, if mapped.
    pub fn lookup(&self, code: u32, bytes: u8) -> Option<Vec<u16>> {
        if let Some(text) = self.chars.get(&(bytes, code)) {
            return Some(text.clone());
        }
        let end = self.ranges.partition_point(|r| (r.bytes, r.low) <= (bytes, code));
        let range = self.ranges[..end]
            .iter()
            .rev()
            .take_while(|r| r.bytes == bytes)
            .find(|r| code <= r.high)?;
        let index = code - range.low;
        match &range.target {
            RangeTarget::Incrementing(first) => {
                let mut text = first.clone();
                let last = text.last_mut()?;
                *last = last.wrapping_add(index as u16);
                Some(text)
            }
            RangeTarget::Listed(texts) => texts.get(index as usize).cloned(),
        }
    }

    fn read_code_spaces(&mut self, tokens: &mut Tokens) {
        while let (Some(Token::Hex(low)), Some(Token::Hex(high))) = (tokens.next(), tokens.next()) {
            if let Some(bytes) = code_length(&low).filter(|_| low.len() == high.len()) {
                self.code_spaces.push(CodeSpace {
                    low: code_value(&low),
                    high: code_value(&high),
                    bytes,
                });
            }
        }
    }

    fn read_chars(&mut self, tokens: &mut Tokens) {
        while let (Some(Token::Hex(code)), Some(Token::Hex(text))) = (tokens.next(), tokens.next()) {
            if let Some(bytes) = code_length(&code) {
                self.chars.insert((bytes, code_value(&code)), utf16_units(&text));
            }
        }
    }

    fn read_ranges(&mut self, tokens: &mut Tokens) {
        while let (Some(Token::Hex(low)), Some(Token::Hex(high))) = (tokens.next(), tokens.next()) {
            let target = match tokens.next() {
                Some(Token::Hex(text)) => RangeTarget::Incrementing(utf16_units(&text)),
                Some(Token::ArrayStart) => RangeTarget::Listed(read_hex_array(tokens)),
                _ => return,
            };
            let (low_value, high_value) = (code_value(&low), code_value(&high));
            if let Some(bytes) = code_length(&low).filter(|_| low_value <= high_value) {
                self.ranges.push(BfRange {
                    bytes,
                    low: low_value,
                    high: high_value,
                    target,
                });
            }
        }
    }
}

/// Splits the next code off `input` by `spaces`: its value and length.
pub fn next_code(spaces: &[CodeSpace], input: &[u8]) -> Option<(u32, u8)> {
    spaces
        .iter()
        .find_map(|space| space.matches(input).map(|code| (code, space.bytes)))
}

/// The hex strings of an array whose `[` was read, up to its `]`.
fn read_hex_array(tokens: &mut Tokens) -> Vec<Vec<u16>> {
    let mut texts = Vec::new();
    while let Some(Token::Hex(text)) = tokens.next() {
        texts.push(utf16_units(&text));
    }
    texts
}

/// Code length of a hex code string, when it is 1 to 4 bytes.
fn code_length(code: &[u8]) -> Option<u8> {
    (1..=4).contains(&code.len()).then_some(code.len() as u8)
}

/// Big-endian value of up to four code bytes.
fn code_value(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |value, &b| value << 8 | u32::from(b))
}

/// UTF-16BE code units of a destination string (an odd last byte is dropped).
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect()
}

/// A CMap token that matters to the sections read here.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// A `<...>` hex string, decoded.
    Hex(Vec<u8>),
    /// `[`.
    ArrayStart,
    /// `]`.
    ArrayEnd,
    /// A keyword, number or name (names keep their `/`).
    Word(&'a [u8]),
    /// A `(...)` literal string or a `<<`/`>>` delimiter: content ignored.
    Other,
}

/// Splits CMap content into tokens, skipping white space and comments.
struct Tokens<'a> {
    input: &'a [u8],
    at: usize,
}

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        self.skip_blank();
        let rest = &self.input[self.at..];
        let first = *rest.first()?;
        let token = match first {
            b'<' if rest.get(1) == Some(&b'<') => self.take(2, Token::Other),
            b'>' if rest.get(1) == Some(&b'>') => self.take(2, Token::Other),
            b'<' => self.hex_string(),
            b'[' => self.take(1, Token::ArrayStart),
            b']' => self.take(1, Token::ArrayEnd),
            b'(' => self.literal_string(),
            b'{' | b'}' | b'>' | b')' => self.take(1, Token::Other),
            _ => self.word(),
        };
        Some(token)
    }

    fn take(&mut self, len: usize, token: Token<'a>) -> Token<'a> {
        self.at += len;
        token
    }

    fn skip_blank(&mut self) {
        while let Some(&b) = self.input.get(self.at) {
            if b == b'%' {
                while self.input.get(self.at).is_some_and(|&b| b != b'\n' && b != b'\r') {
                    self.at += 1;
                }
            } else if b.is_ascii_whitespace() || b == 0 {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    fn hex_string(&mut self) -> Token<'a> {
        let rest = &self.input[self.at + 1..];
        let len = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let digits: Vec<u8> = rest[..len]
            .iter()
            .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
            .collect();
        self.at = (self.at + len + 2).min(self.input.len());
        let bytes = digits
            .chunks(2)
            .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
            .collect();
        Token::Hex(bytes)
    }

    fn literal_string(&mut self) -> Token<'a> {
        let mut depth = 0usize;
        while let Some(&b) = self.input.get(self.at) {
            self.at += 1;
            match b {
                b'\\' => self.at = (self.at + 1).min(self.input.len()),
                b'(' => depth += 1,
                b')' if depth <= 1 => break,
                b')' => depth -= 1,
                _ => {}
            }
        }
        Token::Other
    }

    fn word(&mut self) -> Token<'a> {
        let start = self.at;
        self.at += 1;
        while self
            .input
            .get(self.at)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !b"<>[](){}/%".contains(&b))
        {
            self.at += 1;
        }
        Token::Word(&self.input[start..self.at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cmap: &CMap, code: u32, bytes: u8) -> Option<String> {
        cmap.lookup(code, bytes).map(|units| String::from_utf16_lossy(&units))
    }

    #[test]
    fn tesseract_identity_range() {
        let cmap = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
              1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
              1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap",
        );
        assert_eq!(
            cmap.code_spaces,
            [CodeSpace {
                low: 0,
                high: 0xFFFF,
                bytes: 2
            }]
        );
        assert_eq!(text(&cmap, 0x1EC7, 2).as_deref(), Some("ệ"));
        assert_eq!(text(&cmap, 0x41, 1), None);
        assert_eq!(cmap.next_code(&[0x00, 0x44, 0x00]), Some((0x44, 2)));
    }

    #[test]
    fn bfchar_bfrange_and_arrays() {
        let cmap = CMap::parse(
            b"% a comment <01> <02>\n2 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange\n\
              3 beginbfchar <01> <0110> <02> <00660069> <8141> <D835DC9C> endbfchar\n\
              2 beginbfrange <10> <12> <0061> <20> <22> [<1EA1> <1EA3> <00E3>] endbfrange",
        );
        assert_eq!(text(&cmap, 1, 1).as_deref(), Some("Đ"));
        assert_eq!(text(&cmap, 2, 1).as_deref(), Some("fi"));
        assert_eq!(text(&cmap, 0x8141, 2).as_deref(), Some("𝒜"));
        assert_eq!(text(&cmap, 0x12, 1).as_deref(), Some("c"));
        assert_eq!(text(&cmap, 0x21, 1).as_deref(), Some("ả"));
        assert_eq!(text(&cmap, 0x13, 1), None);
        assert_eq!(text(&cmap, 0x23, 1), None);
        assert_eq!(cmap.next_code(&[0x41, 0x81]), Some((0x41, 1)));
        assert_eq!(cmap.next_code(&[0x81, 0x41]), Some((0x8141, 2)));
        assert_eq!(cmap.next_code(&[0x81]), None);
    }

    #[test]
    fn damaged_cmaps_keep_what_they_have() {
        let cmap = CMap::parse(b"1 beginbfchar <03> <0041> <04> endbfchar 1 beginbfrange <05> <zz");
        assert_eq!(text(&cmap, 3, 1).as_deref(), Some("A"));
        assert!(!CMap::parse(b"1 beginbfchar <03> <0041>").is_empty());
        assert!(CMap::parse(b"\xFF\x00((( <<").is_empty());
    }
}
