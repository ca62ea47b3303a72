//! Words and punctuation of a text, each with its byte range and a
//! comparison key that ignores case and tone-mark placement.

use unicode_normalization::char::is_combining_mark;

use crate::vietnamese::tone_key;

/// One word or punctuation mark.
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    /// As written.
    pub text: &'a str,
    /// Byte range in the tokenised string.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// [`tone_key`] of the text.
    pub key: String,
    /// A word (letters, digits, `&`), not punctuation.
    pub word: bool,
    /// A blank line (paragraph break) lies between this token and the previous one.
    pub paragraph_start: bool,
    /// A line break lies between this token and the previous one (or it is the first).
    pub line_start: bool,
}

impl Token<'_> {
    /// Written in capitals only (an acronym or an all-caps heading word).
    pub fn all_caps(&self) -> bool {
        self.text.chars().any(char::is_alphabetic) && !self.text.chars().any(char::is_lowercase)
    }

    /// Starts with a capital letter.
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// The word `word`, ignoring case and tone-mark placement.
    pub fn is_word(&self, word: &str) -> bool {
        self.word && self.key == tone_key(word)
    }

    /// One of `words`.
    pub fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is_word(w))
    }

    /// The punctuation mark `c`.
    pub fn is(&self, c: char) -> bool {
        !self.word && self.text.starts_with(c)
    }
}

/// Whether `words` are written at `tokens[at..]`.
pub(crate) fn words_at(tokens: &[Token], at: usize, words: &[&str]) -> bool {
    words
        .iter()
        .enumerate()
        .all(|(i, w)| tokens.get(at + i).is_some_and(|t| t.is_word(w)))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '&' || is_combining_mark(c)
}

/// Splits `text` into words and single punctuation marks.
pub(crate) fn tokenise(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut newlines = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            newlines += usize::from(c == '\n');
            continue;
        }
        let mut end = start + c.len_utf8();
        let word = is_word_char(c);
        if word {
            while let Some(&(i, next)) = chars.peek() {
                if !is_word_char(next) {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
        }
        let piece = &text[start..end];
        tokens.push(Token {
            text: piece,
            start,
            end,
            key: tone_key(piece),
            word,
            paragraph_start: newlines >= 2 && !tokens.is_empty(),
            line_start: newlines >= 1,
        });
        newlines = 0;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_marks_with_keys() {
        let tokens = tokenise("Ban Thường vụ Thành Uỷ,\n\nBTG&DV (VPTU)");
        let texts: Vec<_> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            ["Ban", "Thường", "vụ", "Thành", "Uỷ", ",", "BTG&DV", "(", "VPTU", ")"]
        );
        assert_eq!(tokens[4].key, tone_key("ủy"));
        assert!(tokens[6].paragraph_start && !tokens[5].paragraph_start);
        assert!(tokens[8].all_caps() && tokens[0].capitalised() && tokens[7].is('('));
    }
}
