//! Splits a line into words, numbers, punctuation and protected spans.
//!
//! The same tokenizer reads the clean corpora (for the language model), the
//! OCR of the training pairs (for the channel model) and the lines to
//! repair, so the three agree on what a word is. A word may hold the
//! symbols an OCR engine writes for Vietnamese letters (`nhi¢ém`, `1&`);
//! numbers keep their inner separators (`08/9/2025`, `1.000`); URLs and
//! e-mail addresses are protected whole.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Symbols that an English-model OCR writes in place of Vietnamese letters.
pub const LETTER_LIKE: [char; 8] = ['¢', '€', '@', '&', '§', '£', '©', '®'];

/// Punctuation that ends a sentence for the language model.
const SENTENCE_ENDS: [char; 5] = ['.', ';', ':', '!', '?'];

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters (possibly with digits or letter-like symbols): a word to repair.
    Word,
    /// Digits, possibly with inner `.`, `,` or `/` between digits.
    Number,
    /// A run of punctuation; `true` when it ends a sentence.
    Punct(bool),
    /// A URL or e-mail address, kept verbatim.
    Protected,
}

/// One token: its kind and byte range in the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: Kind,
    /// Byte range in the line.
    pub span: Range<usize>,
}

/// Whether `c` can be part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || LETTER_LIKE.contains(&c)
}

static PROTECTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+").expect("valid regex"));

/// The tokens of `line`, in order; white space separates tokens and is not one.
pub fn tokenize(line: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut at = 0;
    for found in PROTECTED.find_iter(line) {
        scan(line, at..found.start(), &mut tokens);
        tokens.push(Token {
            kind: Kind::Protected,
            span: found.range(),
        });
        at = found.end();
    }
    scan(line, at..line.len(), &mut tokens);
    tokens
}

/// Tokenizes `line[range]` (no protected span inside) into `tokens`.
fn scan(line: &str, range: Range<usize>, tokens: &mut Vec<Token>) {
    let text = &line[range.clone()];
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let word = is_word_char(c);
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            let continues = if word {
                is_word_char(next) || is_inner_number_separator(text, i, end - start, start)
            } else {
                !next.is_whitespace() && !is_word_char(next)
            };
            if !continues {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        let piece = &text[start..end];
        let kind = if !word {
            Kind::Punct(piece.chars().any(|c| SENTENCE_ENDS.contains(&c)))
        } else if piece.chars().all(|c| c.is_ascii_digit() || ".,/".contains(c)) {
            Kind::Number
        } else {
            Kind::Word
        };
        tokens.push(Token {
            kind,
            span: range.start + start..range.start + end,
        });
    }
}

/// Whether the character at byte `i` of `text` is a `.`, `,` or `/` between
/// the digits of a number that started at `start` (so far `len` bytes long).
fn is_inner_number_separator(text: &str, i: usize, len: usize, start: usize) -> bool {
    let bytes = text.as_bytes();
    let so_far = &text[start..start + len];
    matches!(bytes[i], b'.' | b',' | b'/')
        && so_far
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'/'))
        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// A unit of the language model's stream: a word, a number or a sentence break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit<'a> {
    /// A word as written (the model lower-cases it).
    Word(&'a str),
    /// Any number or word with a digit.
    Number,
    /// The end of a sentence.
    Break,
}

/// The language-model units of one clean line.
pub fn units(line: &str) -> impl Iterator<Item = Unit<'_>> {
    tokenize(line).into_iter().filter_map(move |token| match token.kind {
        Kind::Word if line[token.span.clone()].chars().any(|c| c.is_ascii_digit()) => Some(Unit::Number),
        Kind::Word => Some(Unit::Word(&line[token.span])),
        Kind::Number => Some(Unit::Number),
        Kind::Punct(true) => Some(Unit::Break),
        Kind::Punct(false) | Kind::Protected => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(line: &str) -> Vec<(Kind, &str)> {
        tokenize(line).into_iter().map(|t| (t.kind, &line[t.span])).collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        use Kind::*;
        assert_eq!(
            pieces("Quy dinh s6 294-Qb/TW, ngay 08/9/2025 cta nhi¢ém."),
            [
                (Word, "Quy"),
                (Word, "dinh"),
                (Word, "s6"),
                (Number, "294"),
                (Punct(false), "-"),
                (Word, "Qb"),
                (Punct(false), "/"),
                (Word, "TW"),
                (Punct(false), ","),
                (Word, "ngay"),
                (Number, "08/9/2025"),
                (Word, "cta"),
                (Word, "nhi¢ém"),
                (Punct(true), "."),
            ]
        );
    }

    #[test]
    fn numbers_end_at_a_trailing_separator() {
        use Kind::*;
        assert_eq!(
            pieces("1.000, 2/"),
            [
                (Number, "1.000"),
                (Punct(false), ","),
                (Number, "2"),
                (Punct(false), "/")
            ]
        );
    }

    #[test]
    fn urls_and_mail_are_protected() {
        let p = pieces("xem https://congbao.chinhphu.vn/van-ban, vp@haiphong.gov.vn");
        assert_eq!(p[1], (Kind::Protected, "https://congbao.chinhphu.vn/van-ban,"));
        assert_eq!(p[2], (Kind::Protected, "vp@haiphong.gov.vn"));
    }

    #[test]
    fn language_model_units() {
        let got: Vec<_> = units("Điều 4. Số 03-QC/TU").collect();
        assert_eq!(
            got,
            [
                Unit::Word("Điều"),
                Unit::Number,
                Unit::Break,
                Unit::Word("Số"),
                Unit::Number,
                Unit::Word("QC"),
                Unit::Word("TU")
            ]
        );
    }
}
