//! Stage 2, normalize: NFC, one kind of white space and dash, no markdown marks.
//!
//! Reads: raw [`Text`]. Writes: a [`Text`] with the same lines, each with a
//! column map back to its source line.
//!
//! Per line, in one pass:
//! - Unicode NFC (decomposed Vietnamese `a` + U+0301 becomes `á`);
//! - white space (tab, NBSP, the U+2000 spaces, ...) becomes `' '`, runs of
//!   it collapse to one space, and the line is trimmed;
//! - invisible characters are dropped: zero-width spaces and joiners, soft
//!   hyphens, BOMs, bidi marks, control characters;
//! - dashes `‐ ‑ ‒ – — ― − ﹣ －` become the ASCII hyphen-minus `-`;
//! - markdown marks of clean sources are dropped: `**bold**` and `*italic*`
//!   delimiters (paired, possibly across up to [`MAX_MARKUP_LINES`] lines of
//!   one paragraph) and whole `^{...}` footnote references. A `*` that has
//!   no partner (the star under "ĐẢNG CỘNG SẢN VIỆT NAM", OCR junk) stays.
//!
//! Quotes are left as they are: curly and straight quotes both occur in the
//! sources and no later stage depends on either.
//!
//! Every output byte keeps its source column ([`Line::columns`]), composed
//! with the raw line's own map, so a span found in normalised text points
//! at the right column of the file.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::text::{ColumnMap, Line, Text};

/// A `*`/`**` opener pairs with a closer at most this many lines further down.
pub const MAX_MARKUP_LINES: usize = 4;

/// Normalises every line of `raw`; line *i* of the result is line *i* of `raw`.
pub fn normalize(raw: &Text) -> Text {
    let markup = markup_ranges(&raw.lines);
    let lines = raw
        .lines
        .iter()
        .zip(markup)
        .map(|(line, dropped)| normalize_line(line, &dropped))
        .collect();
    Text { lines }
}

/// One line normalised, `dropped` byte ranges (sorted, disjoint) left out.
fn normalize_line(line: &Line, dropped: &[Range<usize>]) -> Line {
    if dropped.is_empty() && is_plain_ascii(&line.text) {
        return line.clone();
    }
    let composed = is_nfc_quick(line.text.chars()) == IsNormalized::Yes;
    let mut builder = LineBuilder::new(line.text.len(), composed);
    let mut skip = dropped.iter().peekable();
    for (column, c) in line.text.char_indices() {
        while skip.peek().is_some_and(|r| r.end <= column) {
            skip.next();
        }
        if skip.peek().is_some_and(|r| r.contains(&column)) {
            continue;
        }
        match classify(c) {
            Class::Space => builder.space(column),
            Class::Invisible => {}
            Class::Keep(kept) => builder.push(kept, column),
        }
    }
    let (text, mut columns) = builder.finish();
    if line.columns != ColumnMap::identity() {
        columns = columns.then(&line.columns);
    }
    Line {
        text,
        page: line.page,
        source_line: line.source_line,
        columns,
    }
}

/// Printable ASCII that normalisation leaves unchanged (the common OCR line).
fn is_plain_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .all(|&b| (b' '..=b'~').contains(&b) && b != b'*' && b != b'^')
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
}

/// What a character becomes.
enum Class {
    Space,
    Invisible,
    Keep(char),
}

fn classify(c: char) -> Class {
    match c {
        c if c.is_whitespace() => Class::Space,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' => {
            Class::Invisible
        }
        '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' => Class::Invisible,
        c if c.is_control() => Class::Invisible,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Class::Keep('-'),
        c => Class::Keep(c),
    }
}

/// Builds a normalised line and its column map.
struct LineBuilder {
    out: String,
    columns: ColumnMap,
    /// Source column of the white space waiting to be written, if any.
    space: Option<usize>,
    /// Whether the source line is NFC already (then nothing is composed:
    /// dropping characters cannot bring a base and a composing mark together,
    /// since composing marks are never NFC "Yes").
    composed: bool,
    /// A base character and the combining marks after it, not yet composed.
    cluster: String,
    cluster_column: usize,
}

impl LineBuilder {
    fn new(capacity: usize, composed: bool) -> Self {
        LineBuilder {
            out: String::with_capacity(capacity),
            columns: ColumnMap::identity(),
            space: None,
            composed,
            cluster: String::new(),
            cluster_column: 0,
        }
    }

    fn push(&mut self, c: char, column: usize) {
        if self.composed {
            self.write_space();
            self.columns.anchor(self.out.len(), column);
            self.out.push(c);
            return;
        }
        if is_combining_mark(c) && !self.cluster.is_empty() {
            self.cluster.push(c);
            return;
        }
        self.flush();
        self.cluster.push(c);
        self.cluster_column = column;
    }

    fn space(&mut self, column: usize) {
        self.flush();
        self.space.get_or_insert(column);
    }

    /// Writes the pending space, unless at the line's start.
    fn write_space(&mut self) {
        if let Some(column) = self.space.take().filter(|_| !self.out.is_empty()) {
            self.columns.anchor(self.out.len(), column);
            self.out.push(' ');
        }
    }

    /// Writes the pending space and cluster.
    fn flush(&mut self) {
        if self.cluster.is_empty() {
            return;
        }
        self.write_space();
        self.columns.anchor(self.out.len(), self.cluster_column);
        if self.cluster.is_ascii() {
            self.out.push_str(&self.cluster);
        } else {
            self.out.extend(self.cluster.nfc());
        }
        self.cluster.clear();
    }

    /// The line (a trailing space is never written) and its map.
    fn finish(mut self) -> (String, ColumnMap) {
        self.flush();
        (self.out, self.columns)
    }
}

/// Byte ranges of markdown marks to drop, per line.
fn markup_ranges(lines: &[Line]) -> Vec<Vec<Range<usize>>> {
    let mut dropped: Vec<Vec<Range<usize>>> = lines.iter().map(|l| footnote_references(&l.text)).collect();
    let mut open: Vec<Delimiter> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.text.trim().is_empty() {
            open.clear();
            continue;
        }
        open.retain(|d| index - d.line <= MAX_MARKUP_LINES);
        for delimiter in delimiters(&line.text, index, &dropped[index]) {
            let partner = delimiter
                .closes
                .then(|| open.iter().rposition(|o| o.len == delimiter.len))
                .flatten();
            if let Some(at) = partner {
                let opener = open[at];
                open.truncate(at);
                dropped[opener.line].push(opener.start..opener.start + opener.len);
                dropped[index].push(delimiter.start..delimiter.start + delimiter.len);
            } else if delimiter.opens {
                open.push(delimiter);
            }
        }
    }
    for ranges in &mut dropped {
        ranges.sort_by_key(|r| r.start);
    }
    dropped
}

/// `^{...}` footnote references of a line (no nested braces).
fn footnote_references(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("^{").map(|i| from + i) {
        let body = &text[start + 2..];
        match body.find(['{', '}']) {
            Some(end) if body.as_bytes()[end] == b'}' => {
                found.push(start..start + 2 + end + 1);
                from = start + 2 + end + 1;
            }
            _ => from = start + 2,
        }
    }
    found
}

/// A run of `*` that may open or close emphasis.
#[derive(Clone, Copy, Debug)]
struct Delimiter {
    line: usize,
    start: usize,
    len: usize,
    opens: bool,
    closes: bool,
}

/// The `*` and `**` runs of a line outside `skipped` ranges, flanking as in
/// CommonMark: a run followed by non-space may open, one preceded by
/// non-space may close. Longer runs (`***...`) are decoration, not markup.
fn delimiters(text: &str, line: usize, skipped: &[Range<usize>]) -> Vec<Delimiter> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(start) = text[at..].find('*').map(|i| at + i) {
        let len = bytes[start..].iter().take_while(|&&b| b == b'*').count();
        at = start + len;
        if len > 2 || skipped.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let before = text[..start].chars().next_back().is_some_and(|c| !c.is_whitespace());
        let after = text[at..].chars().next().is_some_and(|c| !c.is_whitespace());
        if before || after {
            found.push(Delimiter {
                line,
                start,
                len,
                opens: after,
                closes: before,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(lines: &str) -> Vec<String> {
        normalize(&Text::from_plain(lines))
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    /// The source column of the first byte of `word` in normalised line `index`.
    fn column_of(text: &Text, index: usize, word: &str) -> usize {
        let line = &text.lines[index];
        line.columns.source_column(line.text.find(word).unwrap())
    }

    #[test]
    fn spaces_dashes_and_invisibles() {
        let raw = "\u{FEFF}  Điều\t1.\u{00A0}\u{00A0}Phạm\u{2003}vi \u{2013} đối tư\u{00AD}ợng\u{200B}\x07  ";
        assert_eq!(normalized(raw), ["Điều 1. Phạm vi - đối tượng"]);
        assert_eq!(
            normalized("a\u{2014}b\u{2212}c\u{2011}d\u{2010}e\u{2012}f"),
            ["a-b-c-d-e-f"]
        );
    }

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Đie\u{0302}\u{0300}u le\u{0323}\u{0302}";
        assert_eq!(normalized(decomposed), ["Điều lệ"]);
        assert_eq!(
            normalized("\u{0301}a"),
            ["\u{0301}a"],
            "a leading mark has nothing to compose with"
        );
    }

    #[test]
    fn markdown_marks_are_dropped() {
        let raw = "**Điều 1.** Phạm vi (*sau đây gọi tắt là Ban*).\n- Lưu VPTU, CVTH^{Mai}.\n**T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ**";
        assert_eq!(
            normalized(raw),
            [
                "Điều 1. Phạm vi (sau đây gọi tắt là Ban).",
                "- Lưu VPTU, CVTH.",
                "T/M BAN THƯỜNG VỤ",
                "PHÓ BÍ THƯ"
            ]
        );
    }

    #[test]
    fn lone_stars_stay() {
        let raw = "ĐẢNG CỘNG SẢN VIỆT NAM\n*\nbu6si lam v* cUa\n5 * 3\n***\nx^{open";
        assert_eq!(
            normalized(raw),
            [
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "*",
                "bu6si lam v* cUa",
                "5 * 3",
                "***",
                "x^{open"
            ]
        );
        assert_eq!(
            normalized("*a\n\nb*"),
            ["*a", "", "b*"],
            "a blank line ends the paragraph"
        );
        assert_eq!(
            normalized("*a\n1\n2\n3\n4\nb*"),
            ["*a", "1", "2", "3", "4", "b*"],
            "too far apart"
        );
    }

    /// Normalises the one-line `raw` (read from `source`) to `expected`, and
    /// checks that each of `words` maps back to its column in `source`.
    fn check_columns(raw: Text, source: &str, expected: &str, words: &[&str]) {
        let text = normalize(&raw);
        assert_eq!(text.lines[0].text, expected);
        for word in words {
            assert_eq!(column_of(&text, 0, word), source.find(word).unwrap(), "{word}");
        }
    }

    #[test]
    fn columns_point_back_to_the_source() {
        let raw = "  **Điều   4.**\tTrách  nhiệm";
        check_columns(
            Text::from_plain(raw),
            raw,
            "Điều 4. Trách nhiệm",
            &["Điều", "4.", "Trách", "nhiệm"],
        );
        let text = normalize(&Text::from_plain(raw));
        let at = text.joined().find("nhiệm").unwrap();
        assert_eq!(text.span(at, at + "nhiệm".len()).column, raw.find("nhiệm").unwrap());
    }

    #[test]
    fn columns_compose_with_the_raw_lines_map() {
        let raw = "\x0c\x0cQuy  chế";
        check_columns(crate::source::text_lines(raw), raw, "Quy chế", &["Quy", "chế"]);
    }

    #[test]
    fn columns_survive_composition() {
        let raw = "Trách nhie\u{0323}\u{0302}m  phối";
        check_columns(Text::from_plain(raw), raw, "Trách nhiệm phối", &["Trách", "phối"]);
    }

    #[test]
    fn line_count_page_and_numbers_are_kept() {
        let mut raw = Text::from_plain("a\n\n  \n**b**");
        raw.lines[3].page = 2;
        let text = normalize(&raw);
        assert_eq!(text.lines.len(), 4);
        assert_eq!(
            (
                text.lines[3].page,
                text.lines[3].source_line,
                text.lines[3].text.as_str()
            ),
            (2, 4, "b")
        );
    }
}
