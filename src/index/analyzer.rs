//! The two text analyzers of the index: exact (diacritics kept) and folded.
//!
//! Both split on non-alphanumeric characters and then rewrite each token's
//! text without touching its offsets, so every token points at the original
//! word: one stored original text serves the snippets of both fields, and
//! highlights land on the words as written. Texts and queries are NFC
//! before they reach an analyzer (see [`nfc`]).

use tantivy::Index;
use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

use unicode_normalization::UnicodeNormalization;

/// Name of the analyzer that keeps diacritics (lower case).
pub const EXACT: &str = "vi_exact";
/// Name of the analyzer that folds (no diacritics, đ→d, lower case).
pub const FOLDED: &str = "vi_folded";

/// Tokens longer than this (in bytes) are dropped: scanner junk, not words.
const MAX_TOKEN_BYTES: usize = 60;

/// Registers both analyzers on an index (they are not stored with it).
pub fn register(index: &Index) {
    index.tokenizers().register(EXACT, analyzer(exact_form));
    index.tokenizers().register(FOLDED, analyzer(folded_form));
}

/// Writes the exact form of a word into `out`: lower case, diacritics kept (the text is NFC already).
fn exact_form(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Writes the folded form of a word into `out`, as [`crate::vietnamese::fold`] does,
/// one character at a time (a word's NFD is the NFD of each of its characters).
fn folded_form(word: &str, out: &mut String) {
    for c in word.chars() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => unicode_normalization::char::decompose_canonical(c, |part| {
                if !unicode_normalization::char::is_combining_mark(part) {
                    out.extend(part.to_lowercase());
                }
            }),
        }
    }
}

/// `text` in NFC (borrowed when it already is), so words are not split at combining marks.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

fn analyzer(rewrite: fn(&str, &mut String)) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Rewrite(rewrite))
        .build()
}

/// A token filter that rewrites each token's text with a function, keeping offsets.
#[derive(Clone, Copy)]
struct Rewrite(fn(&str, &mut String));

impl TokenFilter for Rewrite {
    type Tokenizer<T: Tokenizer> = RewriteTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> RewriteTokenizer<T> {
        RewriteTokenizer {
            inner,
            rewrite: self.0,
            buffer: String::new(),
        }
    }
}

/// [`Rewrite`] wrapped around a tokenizer.
#[derive(Clone)]
struct RewriteTokenizer<T> {
    inner: T,
    rewrite: fn(&str, &mut String),
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for RewriteTokenizer<T> {
    type TokenStream<'a> = RewriteStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RewriteStream {
            inner: self.inner.token_stream(text),
            rewrite: self.rewrite,
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream of a [`RewriteTokenizer`]: rewrites into a reused buffer, then swaps it in.
struct RewriteStream<'a, S> {
    inner: S,
    rewrite: fn(&str, &mut String),
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for RewriteStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        self.buffer.clear();
        (self.rewrite)(&token.text, self.buffer);
        std::mem::swap(&mut token.text, self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vietnamese;

    fn tokens(rewrite: fn(&str, &mut String), text: &str) -> Vec<(String, String)> {
        let mut analyzer = analyzer(rewrite);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((token.text.clone(), text[token.offset_from..token.offset_to].to_string()));
        }
        out
    }

    #[test]
    fn folded_tokens_point_at_the_original_words() {
        let text = "Điều 4. Ban Thường vụ THÀNH ỦY giao";
        let folded = tokens(folded_form, text);
        let pairs: Vec<(&str, &str)> = folded.iter().map(|(t, o)| (t.as_str(), o.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("dieu", "Điều"),
                ("4", "4"),
                ("ban", "Ban"),
                ("thuong", "Thường"),
                ("vu", "vụ"),
                ("thanh", "THÀNH"),
                ("uy", "ỦY"),
                ("giao", "giao")
            ]
        );
    }

    #[test]
    fn folding_word_by_word_is_folding() {
        let text = "ĐẢNG CỘNG SẢN VIỆT NAM Quyết định số 294-QĐ/TW của Ban Chấp hành Trung ương; Ủy ban Kiểm tra, Thường trực, những, giữa, Huỳnh, ŨNG ỮA ỲNH ǅ";
        for word in text.split_whitespace() {
            let mut folded = String::new();
            folded_form(word, &mut folded);
            assert_eq!(folded, vietnamese::fold(word), "{word}");
        }
    }

    #[test]
    fn exact_tokens_keep_diacritics() {
        let exact: Vec<String> = tokens(exact_form, "THÀNH Ủy").into_iter().map(|(t, _)| t).collect();
        assert_eq!(exact, ["thành", "ủy"]);
    }

    #[test]
    fn decomposed_text_is_composed_before_analysis() {
        let exact: Vec<String> = tokens(exact_form, &nfc("Tha\u{300}nh u\u{309}y"))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(exact, ["thành", "ủy"]);
    }

    #[test]
    fn scanner_junk_longer_than_a_word_is_dropped() {
        let junk = "x".repeat(MAX_TOKEN_BYTES + 1);
        let folded = tokens(folded_form, &format!("văn {junk} bản"));
        assert_eq!(folded.len(), 2);
    }
}
