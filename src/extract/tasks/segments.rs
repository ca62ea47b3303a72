//! A unit's text cut into paragraphs, and paragraphs into pieces
//! (sentences, and the `;`-separated clauses of a sentence), as byte ranges
//! of the document's joined text.
//!
//! Paragraphs: a line starts a new paragraph when the line before it ends
//! a sentence (`.`, `:`, `;`, `!`, `?`) and it starts with a capital letter,
//! a digit or a bullet (`-`, `+`, `•`). Wrapped lines (OCR text keeps the
//! page's line breaks) continue their paragraph: they follow a line that
//! ends mid-sentence or start in lower case.
//!
//! Pieces: a sentence ends at `.`, `!`, `?` or `:` followed by a capital
//! letter or a bullet; a `;` outside brackets ends a clause; a bulleted line
//! starts a piece. A `.` after a one- or two-letter capital abbreviation
//! (`TP.`, `ông T.`) ends nothing, nor does the `:` of a short label
//! (`- Đối tượng: ...`).

use std::ops::Range;

/// Characters that end a sentence (or an introduction) at a line end.
const LINE_ENDS: [char; 5] = ['.', ':', ';', '!', '?'];

/// A `:` after at most this many words ends a label (`- Đối tượng:`), not a sentence.
const MAX_LABEL_WORDS: usize = 4;

/// Bullets that open a list item.
const BULLETS: [char; 4] = ['-', '+', '•', '*'];

/// Whether `text` (a line or what follows a boundary) opens a new sentence.
fn opens_sentence(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || BULLETS.contains(&c))
}

/// Groups the non-blank lines `lines` (byte ranges of `joined`, trimmed)
/// into paragraphs, each the range from its first line's start to its last
/// line's end.
pub(crate) fn paragraphs(joined: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for line in lines {
        let text = &joined[line.clone()];
        let continues = match out.last() {
            Some(previous) => {
                let ends_sentence = joined[previous.clone()].trim_end().ends_with(LINE_ENDS);
                !(ends_sentence && opens_sentence(text))
            }
            None => false,
        };
        match out.last_mut() {
            Some(previous) if continues => previous.end = line.end,
            _ => out.push(line.clone()),
        }
    }
    out
}

/// Cuts `range` of `joined` into sentences and `;`-clauses, trimmed, each
/// holding at least one letter.
pub(crate) fn pieces(joined: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let text = &joined[range.clone()];
    let mut cuts = vec![0];
    let mut depth = 0i32;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let after = at + c.len_utf8();
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            ';' if depth == 0 => cuts.push(after),
            ':' if text[cuts.last().copied().unwrap_or(0)..at].split_whitespace().count() <= MAX_LABEL_WORDS => {}
            '.' | '!' | '?' | ':' if ends_sentence(text, &chars, k) => cuts.push(after),
            '\n' if text[after..].trim_start_matches([' ', '\t']).starts_with(BULLETS) => cuts.push(after),
            _ => {}
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let piece = &text[w[0]..w[1]];
            let start = w[0] + (piece.len() - piece.trim_start().len());
            let end = w[0] + piece.trim_end().len();
            piece
                .chars()
                .any(char::is_alphabetic)
                .then(|| range.start + start..range.start + end)
        })
        .collect()
}

/// Whether the mark at `chars[k]` ends a sentence: white space, then a
/// capital or a bullet, and (for `.`) not an abbreviation's dot.
fn ends_sentence(text: &str, chars: &[(usize, char)], k: usize) -> bool {
    let (at, c) = chars[k];
    let rest = &text[at + c.len_utf8()..];
    let next_is_space = rest.starts_with(char::is_whitespace);
    if !next_is_space || !opens_sentence(rest.trim_start()) {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word: String = chars[..k]
        .iter()
        .rev()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let abbreviation = (1..=2).contains(&word.chars().count()) && word.chars().all(char::is_uppercase);
    !abbreviation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_ranges(text: &str) -> Vec<Range<usize>> {
        let mut at = 0;
        let mut out = Vec::new();
        for line in text.split('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let start = at + (line.len() - line.trim_start().len());
                out.push(start..start + trimmed.len());
            }
            at += line.len() + 1;
        }
        out
    }

    fn texts<'a>(joined: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &joined[r.clone()]).collect()
    }

    #[test]
    fn wrapped_lines_continue_and_sentence_ends_open_paragraphs() {
        let joined = "Cung cấp thông tin cho các địa phương, đơn vị trong việc theo\n\
                      dõi, đôn đốc.\n\nTổng hợp tình hình thực hiện nhiệm vụ giao các địa\n\
                      phương, đơn vị theo Điều 6. Định kỳ, Văn phòng báo cáo.\n\
                      - Gửi báo cáo;\n- Lưu hồ sơ.";
        let paragraphs = paragraphs(joined, &line_ranges(joined));
        assert_eq!(paragraphs.len(), 4);
        assert!(texts(joined, &paragraphs)[1].ends_with("Văn phòng báo cáo."));
    }

    #[test]
    fn pieces_are_sentences_and_clauses() {
        let joined = "Văn phòng chịu trách nhiệm về tính đầy đủ (nếu có; khi cần); các địa phương chịu trách nhiệm. \
                      Ông T. trú tại TP. Hồ Chí Minh báo cáo. Nhiệm vụ của các đơn vị:\nChủ động thực hiện\n- Đối tượng: Ban Thường vụ";
        let pieces = pieces(joined, 0..joined.len());
        assert_eq!(
            texts(joined, &pieces),
            [
                "Văn phòng chịu trách nhiệm về tính đầy đủ (nếu có; khi cần);",
                "các địa phương chịu trách nhiệm.",
                "Ông T. trú tại TP. Hồ Chí Minh báo cáo.",
                "Nhiệm vụ của các đơn vị:",
                "Chủ động thực hiện",
                "- Đối tượng: Ban Thường vụ",
            ]
        );
    }
}
