//! The text type that flows between the stages: lines tied to their source.
//!
//! Every stage after `source` reads and writes a [`Text`]: a list of lines,
//! each remembering the page and source line it came from and, through a
//! [`ColumnMap`], the source column of every byte. Stages never merge or
//! split lines (line *i* of the repaired text is the repair of line *i* of
//! the source), so a line index is a stable address across the pipeline.
//! Extracted items point into a `Text` with a [`Span`].

use serde::{Deserialize, Serialize};

/// One line of a document at some stage of the pipeline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The line's text, without its line break.
    pub text: String,
    /// 1-based page number (1 for plain text files, which have no pages).
    pub page: u32,
    /// 1-based line number in the source (in the PDF: in the extracted text layer).
    pub source_line: u32,
    /// Source column (byte offset in the source line) of every byte of `text`.
    #[serde(skip)]
    pub columns: ColumnMap,
}

impl Line {
    /// A line whose bytes map one to one onto the source line.
    pub fn verbatim(text: impl Into<String>, page: u32, source_line: u32) -> Self {
        let text = text.into();
        let columns = ColumnMap::identity();
        Line {
            text,
            page,
            source_line,
            columns,
        }
    }
}

/// A document's text: lines in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// The lines, in reading order.
    pub lines: Vec<Line>,
}

impl Text {
    /// Builds a text from plain lines, numbering them from 1 on page 1.
    pub fn from_plain(content: &str) -> Self {
        let lines = content
            .lines()
            .enumerate()
            .map(|(i, l)| Line::verbatim(l, 1, i as u32 + 1))
            .collect();
        Text { lines }
    }

    /// The whole text, lines joined with `\n` (no trailing newline).
    pub fn joined(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&line.text);
        }
        out
    }

    /// Byte offset in [`Text::joined`] at which each line starts.
    pub fn line_starts(&self) -> Vec<usize> {
        let mut starts = Vec::with_capacity(self.lines.len());
        let mut at = 0;
        for line in &self.lines {
            starts.push(at);
            at += line.text.len() + 1;
        }
        starts
    }

    /// The span of the byte range `start..end` of [`Text::joined`].
    pub fn span(&self, start: usize, end: usize) -> Span {
        SpanLocator::new(self).span(start, end)
    }
}

/// Turns byte ranges of a joined text into [`Span`]s; build once, use often.
#[derive(Clone, Debug)]
pub struct SpanLocator<'a> {
    text: &'a Text,
    starts: Vec<usize>,
}

impl<'a> SpanLocator<'a> {
    /// Prepares the line table of `text`.
    pub fn new(text: &'a Text) -> Self {
        SpanLocator {
            text,
            starts: text.line_starts(),
        }
    }

    /// Index of the line that holds byte `offset` of the joined text.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// Byte offset in the joined text where line `index` starts.
    pub fn line_start(&self, index: usize) -> usize {
        self.starts.get(index).copied().unwrap_or(0)
    }

    /// The span of the byte range `start..end` of the joined text.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let line = self.line_of(start);
        let end_line = self.line_of(end.saturating_sub(1).max(start));
        let (page, source_line, column) = match self.text.lines.get(line) {
            Some(l) => (
                l.page,
                l.source_line,
                l.columns.source_column(start - self.starts[line]),
            ),
            None => (0, 0, 0),
        };
        let end_source_line = self.text.lines.get(end_line).map_or(source_line, |l| l.source_line);
        Span {
            start,
            end,
            line,
            end_line,
            page,
            source_line,
            end_source_line,
            column,
        }
    }
}

/// Where an item sits: a byte range of the joined text and the source place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset where the item starts in [`Text::joined`].
    pub start: usize,
    /// Byte offset just past the item's end in [`Text::joined`].
    pub end: usize,
    /// 0-based index of the first line of the item.
    pub line: usize,
    /// 0-based index of the last line of the item.
    pub end_line: usize,
    /// 1-based page of the first line.
    pub page: u32,
    /// 1-based source line number of the first line.
    pub source_line: u32,
    /// 1-based source line number of the last line.
    pub end_source_line: u32,
    /// Byte column in the source line where the item starts.
    pub column: usize,
}

/// Maps each byte of a transformed line back to a byte column of its source line.
///
/// Stored as anchors `(output_byte, source_column)`: output bytes from one
/// anchor up to the next advance one source column per byte. An empty map
/// is the identity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    anchors: Vec<(u32, u32)>,
}

impl ColumnMap {
    /// The identity map: output byte *n* is source column *n*.
    pub fn identity() -> Self {
        ColumnMap::default()
    }

    /// Records that output byte `output` comes from source column `source`;
    /// anchors must be added in increasing output order.
    pub fn anchor(&mut self, output: usize, source: usize) {
        let anchor = (output as u32, source as u32);
        match self.anchors.last_mut() {
            Some(last) if last.0 == anchor.0 => *last = anchor,
            Some(last) if last.1 + (anchor.0 - last.0) == anchor.1 => {}
            _ => self.anchors.push(anchor),
        }
    }

    /// The source column of output byte `output`.
    pub fn source_column(&self, output: usize) -> usize {
        let output = output as u32;
        let i = self.anchors.partition_point(|&(o, _)| o <= output);
        match i.checked_sub(1).map(|k| self.anchors[k]) {
            Some((o, s)) => (s + (output - o)) as usize,
            None => output as usize,
        }
    }

    /// The map of `self` applied after `inner`: output → `self`'s input → `inner`'s source.
    pub fn then(&self, inner: &ColumnMap) -> ColumnMap {
        let mut breaks: Vec<u32> = vec![0];
        breaks.extend(self.anchors.iter().map(|&(o, _)| o));
        breaks.extend(inner.anchors.iter().filter_map(|&(mid, _)| self.first_output_from(mid)));
        breaks.sort_unstable();
        breaks.dedup();
        let mut composed = ColumnMap::identity();
        for o in breaks {
            let mid = self.source_column(o as usize);
            composed.anchor(o as usize, inner.source_column(mid));
        }
        composed
    }

    /// The output byte that maps onto source column `source` inside one of
    /// the map's linear segments, if any.
    fn first_output_from(&self, source: u32) -> Option<u32> {
        let mut segments = self.anchors.clone();
        if segments.first().is_none_or(|&(o, _)| o != 0) {
            segments.insert(0, (0, 0));
        }
        segments.iter().enumerate().find_map(|(k, &(o, s))| {
            let offset = source.checked_sub(s)?;
            let next = segments.get(k + 1).map(|&(n, _)| n);
            next.is_none_or(|n| o + offset < n).then_some(o + offset)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_locate_lines_pages_and_columns() {
        let mut text = Text::from_plain("Điều 1. Phạm vi\nnội dung\n\nĐiều 2.");
        text.lines[3].page = 2;
        let joined = text.joined();
        let at = joined.find("Điều 2").unwrap();
        let span = text.span(at, at + "Điều 2".len());
        assert_eq!((span.line, span.end_line, span.page, span.source_line), (3, 3, 2, 4));
        let across = text.span(joined.find("Phạm").unwrap(), joined.find("dung").unwrap() + 4);
        assert_eq!((across.line, across.end_line, across.end_source_line), (0, 1, 2));
        assert_eq!(across.column, "Điều 1. ".len());
    }

    #[test]
    fn column_map_follows_anchors() {
        // source "a  b" normalised to "a b": output byte 2 comes from column 3
        let mut map = ColumnMap::identity();
        map.anchor(0, 0);
        map.anchor(2, 3);
        assert_eq!(map.source_column(0), 0);
        assert_eq!(map.source_column(1), 1);
        assert_eq!(map.source_column(2), 3);
        assert_eq!(map.source_column(3), 4);
    }

    #[test]
    fn column_maps_compose() {
        // inner: "x  yz" -> "x yz" (output 2 <- source 3)
        let mut inner = ColumnMap::identity();
        inner.anchor(2, 3);
        // outer: "x yz" -> "xx yz" (output 3 <- input 2)
        let mut outer = ColumnMap::identity();
        outer.anchor(0, 0);
        outer.anchor(1, 0);
        outer.anchor(3, 2);
        let both = outer.then(&inner);
        assert_eq!(both.source_column(0), 0);
        assert_eq!(both.source_column(3), 3);
        assert_eq!(both.source_column(4), 4);
    }
}
