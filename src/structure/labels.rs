//! Pass 1: a label for every line, decided in reading order.
//!
//! The labeller walks the lines once, in regions: the header (issuer,
//! number, date), the document type and title, the preamble (legal bases,
//! the promulgation formula), the body (headings, khoản, điểm, text) and
//! the closing block (`Nơi nhận:`, signature). A marker found by
//! [`markers`](super::markers) becomes a heading or an item only when the
//! numbering so far expects it: a `2.` line inside a Điều whose last khoản
//! was 1 is khoản 2, the same line after khoản 5 is text; `d)` after `d)` is
//! `đ)`; numbered lines after `Nơi nhận:` are recipients. Lines inside a
//! quotation that an amending document inserts (`“Điều 5. ...”`) are text.
//! A document attached to a decision (a type line such as `QUY CHẾ` followed
//! by `(Kèm theo Quyết định ...)`), or articles numbered again from 1, start
//! a new part.

use crate::text::Text;
use crate::vietnamese::syllable_share;

use super::LineKind;
use super::key::{Key, key_of, words};
use super::lexicon::{TITLES, TYPES};
use super::markers::{self, Heading, HeadingKind, ItemMarker, POINT_LETTERS};
use super::refs::find_symbol;

/// What a line is: a [`LineKind`], with the number of a heading, khoản or điểm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    /// A line without a number of its own (never `Heading`, `Clause` or `Point`).
    Plain(LineKind),
    /// A heading: part, chapter, section, Roman heading or article.
    Heading(HeadingLabel),
    /// A khoản with its number.
    Clause(u32),
    /// A điểm with the index of its letter in [`POINT_LETTERS`].
    Point(usize),
}

impl Label {
    /// The public kind of this label.
    pub(crate) fn kind(&self) -> LineKind {
        match self {
            Label::Plain(kind) => *kind,
            Label::Heading(_) => LineKind::Heading,
            Label::Clause(_) => LineKind::Clause,
            Label::Point(_) => LineKind::Point,
        }
    }
}

/// A heading as taken: its kind, number and where its title starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HeadingLabel {
    /// Part, chapter, section, Roman heading or article.
    pub kind: HeadingKind,
    /// The number taken.
    pub value: u32,
    /// An article's letter suffix (`48a`).
    pub suffix: Option<String>,
    /// Line byte offset of the title on the heading line.
    pub rest_at: usize,
}

/// The labels of a document's lines, and where its parts start.
#[derive(Clone, Debug, Default)]
pub(crate) struct Labelled {
    /// One label per line.
    pub labels: Vec<Label>,
    /// The matching key of every line.
    pub keys: Vec<Key>,
    /// Lines where a part after the first starts (an attached document, or
    /// articles numbered from 1 again).
    pub part_starts: Vec<usize>,
}

/// Where the labeller is in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Header,
    Title,
    Preamble,
    Body,
    Closing,
}

/// The numbering seen so far in the current part.
#[derive(Clone, Debug, Default)]
struct Numbering {
    part: u32,
    chapter: u32,
    section: u32,
    roman: u32,
    article: Option<(u32, Option<String>)>,
    articles: usize,
    clause: Option<u32>,
    point: Option<usize>,
    after_part_heading: bool,
}

/// Title lines still expected under a division heading.
#[derive(Clone, Copy, Debug)]
struct PendingTitle {
    left: usize,
    first: bool,
}

/// A title line longer than this is a paragraph of the preamble.
const TITLE_LINE_CHARS: usize = 160;

/// The most characters of a line that is clearly a heading.
const HEADING_CHARS: usize = 100;

/// How many lines a `(Kèm theo ...)` note may take.
const ATTACHMENT_LINES: usize = 3;

/// Labels every line of `text`.
pub(crate) fn label(text: &Text) -> Labelled {
    let keys: Vec<Key> = text.lines.iter().map(|l| Key::new(&l.text)).collect();
    let lines: Vec<&str> = text.lines.iter().map(|l| l.text.as_str()).collect();
    let mut labeller = Labeller {
        lines: &lines,
        keys: &keys,
        phase: Phase::Header,
        numbering: Numbering::default(),
        part_starts: Vec::new(),
        pending_title: None,
        title_lines: 0,
        title_upper: false,
        attachment_open: false,
        attachment_lines: 0,
        in_quote: false,
        previous: None,
        previous_label: None,
        labels: Vec::with_capacity(lines.len()),
    };
    for i in 0..lines.len() {
        let label = labeller.label_line(i);
        labeller.labels.push(label);
    }
    Labelled {
        labels: labeller.labels,
        part_starts: labeller.part_starts,
        keys,
    }
}

struct Labeller<'a> {
    lines: &'a [&'a str],
    keys: &'a [Key],
    phase: Phase,
    numbering: Numbering,
    part_starts: Vec<usize>,
    pending_title: Option<PendingTitle>,
    title_lines: usize,
    title_upper: bool,
    attachment_open: bool,
    attachment_lines: usize,
    in_quote: bool,
    previous: Option<usize>,
    previous_label: Option<Label>,
    labels: Vec<Label>,
}

impl Labeller<'_> {
    fn label_line(&mut self, i: usize) -> Label {
        if self.lines[i].trim().is_empty() {
            return Label::Plain(LineKind::Blank);
        }
        let label = loop {
            let phase = self.phase;
            let label = match phase {
                Phase::Header => self.header_line(i),
                Phase::Title => self.title_line(i),
                Phase::Preamble => self.preamble_line(i),
                Phase::Body => self.body_line(i),
                Phase::Closing => self.closing_line(i),
            };
            if let Some(label) = label {
                break label;
            }
            debug_assert_ne!(phase, self.phase, "a phase that declines a line must hand it on");
        };
        if label != Label::Plain(LineKind::Noise) {
            self.previous = Some(i);
            self.previous_label = Some(label.clone());
        }
        label
    }

    fn header_line(&mut self, i: usize) -> Option<Label> {
        let (line, key) = (self.lines[i], &self.keys[i]);
        if header_type_line(line, key).is_some() {
            self.enter_title();
            return Some(Label::Plain(LineKind::DocType));
        }
        if i >= 30 || self.starts_preamble(i) || long_text(line, key) {
            self.phase = Phase::Preamble;
            return None;
        }
        let noise = is_noise(line) && find_symbol(line).is_none();
        Some(if noise {
            Label::Plain(LineKind::Noise)
        } else {
            Label::Plain(LineKind::Header)
        })
    }

    fn enter_title(&mut self) {
        self.phase = Phase::Title;
        self.title_lines = 0;
        self.attachment_lines = 0;
    }

    fn title_line(&mut self, i: usize) -> Option<Label> {
        let (line, key) = (self.lines[i], &self.keys[i]);
        if self.attachment_open || is_attachment_line(key) {
            self.attachment_lines += 1;
            self.attachment_open = !line.contains(')') && self.attachment_lines < ATTACHMENT_LINES;
            if !self.attachment_open {
                self.phase = Phase::Preamble;
            }
            return Some(Label::Plain(LineKind::Attachment));
        }
        let upper = key.is_upper();
        let switches_case = self.title_lines > 0 && upper && !self.title_upper;
        let paragraph = starts_with_preamble_word(key) || line.trim().chars().count() > TITLE_LINE_CHARS;
        let ends = self.title_lines >= 4 || switches_case || self.title_lines > 0 && paragraph;
        if ends || self.starts_body_block(i) || ends_with_colon(line) {
            self.phase = Phase::Preamble;
            return None;
        }
        if is_noise(line) {
            return Some(Label::Plain(LineKind::Noise));
        }
        if self.title_lines == 0 {
            self.title_upper = upper;
        }
        self.title_lines += 1;
        Some(Label::Plain(LineKind::Title))
    }

    fn preamble_line(&mut self, i: usize) -> Option<Label> {
        let line = self.lines[i];
        if self.first_heading(i) || matches!(markers::item(line), Some(ItemMarker::Clause(1))) {
            self.phase = Phase::Body;
            return None;
        }
        if self.closing_start(i) {
            self.phase = Phase::Closing;
            return None;
        }
        if is_noise(line) {
            return Some(Label::Plain(LineKind::Noise));
        }
        Some(Label::Plain(LineKind::Preamble))
    }

    fn body_line(&mut self, i: usize) -> Option<Label> {
        let line = self.lines[i];
        if let Some(label) = self.quotation(i) {
            return Some(label);
        }
        if self.attachment_start(i) {
            return Some(self.start_attachment(i));
        }
        if let Some(label) = self.heading(i) {
            return Some(label);
        }
        if let Some(label) = self.heading_title(line, &self.keys[i]) {
            return Some(label);
        }
        if self.closing_start(i) {
            self.phase = Phase::Closing;
            return None;
        }
        if let Some(marker) = markers::item(line)
            && let Some(label) = self.take_item(i, marker)
        {
            return Some(label);
        }
        Some(if is_noise(line) {
            Label::Plain(LineKind::Noise)
        } else {
            Label::Plain(LineKind::Body)
        })
    }

    fn closing_line(&mut self, i: usize) -> Option<Label> {
        if self.attachment_start(i) {
            return Some(self.start_attachment(i));
        }
        let (line, key) = (self.lines[i], &self.keys[i]);
        let resumes = markers::article(line, key).is_some_and(|h| h.punctuated && (h.exact || h.readings[0] == 1));
        if resumes {
            self.phase = Phase::Body;
            return None;
        }
        Some(Label::Plain(LineKind::Closing))
    }

    /// Starts the part of an attached document at its type line `i`.
    fn start_attachment(&mut self, i: usize) -> Label {
        self.new_part(i);
        self.enter_title();
        Label::Plain(LineKind::DocType)
    }

    fn new_part(&mut self, i: usize) {
        self.part_starts.push(i);
        self.numbering = Numbering::default();
        self.pending_title = None;
        self.in_quote = false;
    }

    /// Whether line `i` begins the preamble or the body (so the header is
    /// over); a dash there is a motto's (`- Độc lập - Tự do -`), not a list's.
    fn starts_preamble(&self, i: usize) -> bool {
        let (line, key) = (self.lines[i], &self.keys[i]);
        starts_with_preamble_word(key)
            || is_basis_start(key)
            || self.first_heading(i)
            || markers::item(line).is_some()
            || self.closing_start(i)
    }

    /// Whether line `i` is a basis, a list item, a heading or a closing
    /// line: never part of a header or title.
    fn starts_body_block(&self, i: usize) -> bool {
        let (line, key) = (self.lines[i], &self.keys[i]);
        is_basis_start(key)
            || line.trim_start().starts_with(['-', '+', '•'])
            || self.first_heading(i)
            || markers::item(line).is_some()
            || self.closing_start(i)
    }

    /// Whether line `i` is a heading that can open a body: article 1 (or
    /// any exact `Điều N.`), chapter or part I, Roman heading I.
    fn first_heading(&self, i: usize) -> bool {
        let (line, key) = (self.lines[i], &self.keys[i]);
        let opens = |h: &Heading| h.readings.contains(&1) || h.exact && h.punctuated;
        markers::article(line, key).is_some_and(|h| opens(&h) && h.punctuated)
            || markers::division(line, key).is_some_and(|h| opens(&h))
            || markers::roman_heading(line, key).is_some_and(|h| h.readings[0] == 1)
    }

    fn closing_start(&self, i: usize) -> bool {
        let (line, key) = (self.lines[i], &self.keys[i]);
        is_recipients(line, key) || is_signature_start(key) || is_signer_title_line(key)
    }

    /// Whether line `i` is an attached document's type line: an exact type
    /// in capitals with a `(Kèm theo ...)` line in the next few lines.
    fn attachment_start(&self, i: usize) -> bool {
        type_line(&self.keys[i], true).is_some() && self.keys[i + 1..].iter().take(8).any(is_attachment_line)
    }

    /// Lines inside an inserted quotation: from a line that opens a quote
    /// after a line ending in `:` to the line that closes it.
    fn quotation(&mut self, i: usize) -> Option<Label> {
        let line = self.lines[i];
        if self.in_quote {
            self.in_quote = !closes_quote(line);
            return Some(Label::Plain(LineKind::Quoted));
        }
        let after_colon = self.previous.is_some_and(|p| ends_with_colon(self.lines[p]));
        let quoted_unit = line.trim_start().get(1..).is_some_and(starts_with_marker);
        if opens_quote(line) && (after_colon || quoted_unit) {
            self.in_quote = !closes_quote(line.trim_start().get(1..).unwrap_or(""));
            return Some(Label::Plain(LineKind::Quoted));
        }
        None
    }

    /// A part, chapter, section, Roman or article heading that the numbering accepts.
    fn heading(&mut self, i: usize) -> Option<Label> {
        let (line, key) = (self.lines[i], &self.keys[i]);
        if let Some(h) = markers::article(line, key) {
            if self.after_insertion_colon() {
                return Some(Label::Plain(LineKind::Quoted));
            }
            return self.take_article(i, h);
        }
        if let Some(h) = markers::division(line, key) {
            let inline_title = !line[h.rest_at..].trim().is_empty();
            return self.take_division(h, inline_title);
        }
        if self.numbering.articles == 0
            && let Some(h) = self.roman_candidate(i)
        {
            let value = h.readings[0];
            self.numbering.roman = value;
            self.reset_items();
            return Some(heading_label(h, value));
        }
        None
    }

    /// A Roman heading at line `i` that the numbering accepts: the next
    /// numeral; one numeral further when the line is clearly a heading (a
    /// short line in capitals after a finished sentence: the heading in
    /// between was lost); or heading I read as `1.` when heading II follows.
    fn roman_candidate(&self, i: usize) -> Option<Heading> {
        let (line, key) = (self.lines[i], &self.keys[i]);
        let expected = self.numbering.roman + 1;
        if let Some(h) = markers::roman_heading(line, key) {
            let value = h.readings[0];
            let skips_one = value == expected + 1 && h.punctuated && self.clearly_heading(i) && self.after_sentence();
            return (value == expected || skips_one).then_some(h);
        }
        markers::first_roman_as_digit(line, key).filter(|_| self.numbering.roman == 0 && self.roman_two_follows(i))
    }

    /// Whether line `i` has a heading's shape: short and in capitals.
    fn clearly_heading(&self, i: usize) -> bool {
        self.lines[i].trim().chars().count() <= HEADING_CHARS && self.keys[i].is_upper()
    }

    /// Whether a Roman heading II follows line `i` before any khoản 2 in
    /// capitals (which would make line `i` a khoản 1 in capitals).
    fn roman_two_follows(&self, i: usize) -> bool {
        for (line, key) in self.lines[i + 1..].iter().zip(&self.keys[i + 1..]) {
            if markers::roman_heading(line, key).is_some_and(|h| h.readings[0] == 2) {
                return true;
            }
            if matches!(markers::item(line), Some(ItemMarker::Clause(2))) && key.is_upper() {
                return false;
            }
        }
        false
    }

    fn take_article(&mut self, i: usize, h: Heading) -> Option<Label> {
        let value = h.readings[0];
        let last = self.numbering.article.as_ref().map(|(v, _)| *v);
        if self.numbering.roman > 0 && !h.exact || self.continues_reference() {
            return None;
        }
        let next = match (h.punctuated, last) {
            (true, None) => h.exact || value <= 3 && self.at_block_start(),
            (true, Some(last)) => {
                let gap = (h.exact && value > last || value == last + 2) && self.after_sentence();
                h.suffix.is_some() && value == last || value == last + 1 || gap
            }
            (false, _) => value == last.map_or(1, |l| l + 1) && self.after_sentence(),
        };
        let restart = !next
            && h.punctuated
            && last.is_some_and(|last| h.exact && value <= last || value == 1 && self.at_block_start());
        if restart {
            self.new_part(i);
        } else if !next {
            return None;
        }
        self.numbering.article = Some((value, h.suffix.clone()));
        self.numbering.articles += 1;
        self.pending_title = None;
        self.reset_items();
        Some(heading_label(h, value))
    }

    /// Whether the previous line is running text ending in `:` (`Điều 24
    /// được sửa đổi như sau:`): a heading after it is the inserted wording.
    fn after_insertion_colon(&self) -> bool {
        self.after_running_text()
            && self
                .previous
                .is_some_and(|p| announces_wording(self.lines[p], &self.keys[p]))
    }

    /// Whether the previous line is running text ending in a word that a
    /// number on this line completes (`tại khoản` / `2. Điều này`); a
    /// heading's title (`... hồ sơ`) completes nothing.
    fn continues_reference(&self) -> bool {
        self.after_running_text() && self.previous.is_some_and(|p| ends_with_reference(self.lines[p]))
    }

    fn after_running_text(&self) -> bool {
        matches!(
            self.previous_label,
            Some(Label::Plain(LineKind::Body) | Label::Clause(_) | Label::Point(_))
        )
    }

    /// Whether the previous line ended a sentence or a block (so a heading may follow).
    fn after_sentence(&self) -> bool {
        self.at_block_start() || self.previous.is_none_or(|p| ends_sentence(self.lines[p]))
    }

    /// Whether the previous line closed a block (a heading, a title, the
    /// preamble or the closing block), so numbering may start again.
    fn at_block_start(&self) -> bool {
        !matches!(
            self.previous_label,
            Some(Label::Plain(LineKind::Body) | Label::Clause(_) | Label::Point(_) | Label::Plain(LineKind::Quoted))
        )
    }

    fn take_division(&mut self, h: Heading, inline_title: bool) -> Option<Label> {
        let n = &self.numbering;
        let last = match h.kind {
            HeadingKind::Part => n.part,
            HeadingKind::Section => n.section,
            _ => n.chapter,
        };
        let restart_allowed = h.kind == HeadingKind::Section || h.kind == HeadingKind::Chapter && n.after_part_heading;
        let value = h
            .readings
            .iter()
            .copied()
            .find(|&r| r == last + 1 || restart_allowed && r == 1)
            .or_else(|| {
                h.readings
                    .iter()
                    .copied()
                    .find(|&r| h.exact && r > last || r == last + 2)
            })?;
        let n = &mut self.numbering;
        match h.kind {
            HeadingKind::Part => {
                n.part = value;
                n.after_part_heading = true;
            }
            HeadingKind::Section => n.section = value,
            _ => {
                n.chapter = value;
                n.section = 0;
                n.after_part_heading = false;
            }
        }
        self.pending_title = (!inline_title).then_some(PendingTitle { left: 3, first: true });
        self.reset_items();
        Some(heading_label(h, value))
    }

    fn reset_items(&mut self) {
        self.numbering.clause = None;
        self.numbering.point = None;
    }

    /// A title line under a division heading: capitals (up to three lines),
    /// or one short line.
    fn heading_title(&mut self, line: &str, key: &Key) -> Option<Label> {
        let pending = self.pending_title.take()?;
        let upper = key.is_upper();
        let short = line.trim().chars().count() <= 150 && !line.trim_end().ends_with(['.', ';']);
        let taken = markers::item(line).is_none() && (upper || pending.first && short);
        if taken && upper && pending.left > 1 {
            self.pending_title = Some(PendingTitle {
                left: pending.left - 1,
                first: false,
            });
        }
        taken.then_some(Label::Plain(LineKind::HeadingTitle))
    }

    /// A khoản or điểm at line `i` that fits the numbering, or `None` for
    /// text. When it skips one number, the item in between lost its marker.
    fn take_item(&mut self, i: usize, marker: ItemMarker) -> Option<Label> {
        let clean_break = ends_sentence(self.previous.map(|p| self.lines[p]).unwrap_or(""));
        match marker {
            ItemMarker::Clause(n) => {
                let expected = self.numbering.clause.map_or(1, |c| c + 1);
                let skips = n == expected + 1 && clean_break;
                if !(n == expected && !self.continues_reference() || skips) {
                    return None;
                }
                if skips {
                    self.recover_lost_item(i, Label::Clause(expected));
                }
                self.numbering.clause = Some(n);
                self.numbering.point = None;
                Some(Label::Clause(n))
            }
            ItemMarker::Point(letter) => {
                let expected = self.numbering.point.map_or(0, |p| p + 1);
                let index = point_index(letter, expected, clean_break)?;
                if index > expected {
                    self.recover_lost_item(i, Label::Point(expected));
                }
                self.numbering.point = Some(index);
                Some(Label::Point(index))
            }
        }
    }

    /// Gives `label` to the line where an item whose marker is damaged or
    /// lost starts, the numbering having skipped it at line `i`: among the
    /// body lines since the previous unit, the first that starts with the
    /// item's number or letter (`1.2 Bảo hiểm`, a footnote glued to it),
    /// else the last that opens a sentence with a capital (not a list's
    /// dash, not a line in capitals).
    fn recover_lost_item(&mut self, i: usize, label: Label) {
        let mut marked = None;
        let mut sentence = None;
        let mut sentence_ended = true;
        for k in 0..i {
            let line = self.lines[k];
            match &self.labels[k] {
                Label::Plain(LineKind::Blank | LineKind::Noise) => continue,
                Label::Plain(LineKind::Body) => {
                    if starts_with_item_number(line, &label) {
                        marked = marked.or(Some(k));
                    } else if sentence_ended && opens_sentence(line, &self.keys[k]) {
                        sentence = Some(k);
                    }
                }
                _ => (marked, sentence) = (None, None),
            }
            let heading = matches!(self.labels[k], Label::Heading(_) | Label::Plain(LineKind::HeadingTitle));
            sentence_ended = heading || ends_sentence(line);
        }
        if let Some(k) = marked.or(sentence) {
            self.labels[k] = label;
        }
    }
}

/// The index of the điểm letter `letter` when the list expects the letter at
/// `expected`: the expected letter itself, `d` for an expected `đ` (the OCR
/// loses the bar), `c` for an expected `e`, or the letter after the expected
/// one at a clean sentence break (a lost line).
fn point_index(letter: char, expected: usize, clean_break: bool) -> Option<usize> {
    let want = POINT_LETTERS.get(expected)?;
    let mut buf = [0u8; 4];
    let got: &str = letter.encode_utf8(&mut buf);
    let confusable = matches!((*want, got), ("đ", "d") | ("e", "c"));
    if got == *want || confusable {
        return Some(expected);
    }
    (clean_break && POINT_LETTERS.get(expected + 1) == Some(&got)).then_some(expected + 1)
}

/// Whether a line starts with the number of khoản `label` or the letter
/// of điểm `label`, followed by no further digit or letter (`1.2 Bảo hiểm`,
/// `1, Nội dung`, `b. Hồ sơ`).
fn starts_with_item_number(line: &str, label: &Label) -> bool {
    let wanted = match label {
        Label::Clause(n) => n.to_string(),
        Label::Point(p) => POINT_LETTERS[*p].to_string(),
        _ => return false,
    };
    let text = line.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    text.strip_prefix(wanted.as_str())
        .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric() && !c.is_whitespace()))
}

/// Whether a line opens a sentence of running text: a capital first, no
/// list mark before it, not a line in capitals.
fn opens_sentence(line: &str, key: &Key) -> bool {
    line.trim_start().starts_with(char::is_uppercase) && !key.is_upper()
}

fn heading_label(h: Heading, value: u32) -> Label {
    Label::Heading(HeadingLabel {
        kind: h.kind,
        value,
        suffix: h.suffix,
        rest_at: h.rest_at,
    })
}

/// Whether a line ends a sentence (or is a heading line without a full stop
/// that cannot continue: nothing before it).
fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(|c: char| c.is_whitespace() || c == '*');
    trimmed.is_empty() || trimmed.ends_with(['.', ';', ':', '!', '?', '”', '"', ')'])
}

/// Whether a line ends with a word that a number on the next line would
/// complete (`tại khoản` / `2. Điều này`): then that number is no khoản.
fn ends_with_reference(line: &str) -> bool {
    const REFERENCE_WORDS: [&str; 9] = ["khoan", "diem", "dieu", "so", "muc", "chuong", "tai", "va", "hoac"];
    let key = key_of(line);
    words(&key).last().is_some_and(|(_, w)| REFERENCE_WORDS.contains(&w))
}

/// Whether a line is scanner noise: too few letters, or a few words that
/// are no Vietnamese syllables, or mostly symbols.
pub(crate) fn is_noise(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
    {
        return false;
    }
    let letters = trimmed.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return !trimmed.chars().all(|c| c.is_ascii_digit());
    }
    if trimmed.split_whitespace().count() > 12 {
        return false;
    }
    let (share, words) = syllable_share(trimmed);
    if share == 1.0 {
        return false;
    }
    let symbols = trimmed
        .chars()
        .filter(|c| !c.is_alphanumeric() && !c.is_whitespace())
        .count();
    if symbols * 5 > trimmed.chars().count() * 2 {
        return true;
    }
    words <= 3 && share <= 0.5 || words == 4 && share < 0.5
}

/// Whether a line is long running text (not a header line).
fn long_text(line: &str, key: &Key) -> bool {
    line.trim().chars().count() > 90 && !key.is_upper() && find_symbol(line).is_none()
}

/// Whether a line announces new wording: `... được sửa đổi như sau:`.
fn announces_wording(line: &str, key: &Key) -> bool {
    ends_with_colon(line) && (key.text.contains("nhu sau") || key.text.contains("sau day"))
}

/// Whether a text starts with a structural marker: a heading or an item.
fn starts_with_marker(text: &str) -> bool {
    let key = Key::new(text);
    markers::article(text, &key).is_some() || markers::division(text, &key).is_some() || markers::item(text).is_some()
}

fn ends_with_colon(line: &str) -> bool {
    line.trim_end_matches(|c: char| c.is_whitespace() || c == '*')
        .ends_with(':')
}

fn opens_quote(line: &str) -> bool {
    line.trim_start().starts_with(['“', '"'])
}

fn closes_quote(line: &str) -> bool {
    let trimmed = line.trim_end_matches(|c: char| c.is_whitespace() || ".;,:)*".contains(c));
    trimmed.ends_with(['”', '"'])
}

/// The document type a type line names (`QUY CHẾ`, `QUYET PINH`): a line
/// in capitals that is a type, or (when `prefix` is allowed) starts with one.
pub(crate) fn type_line(key: &Key, prefix: bool) -> Option<&'static str> {
    if !key.is_upper() {
        return None;
    }
    let folded: Vec<&str> = key
        .words()
        .map(|(_, w)| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    match TYPES.match_prefix(&folded) {
        Some((name, n)) if n == folded.len() || prefix && n < folded.len() => Some(name),
        _ => None,
    }
}

/// The least share of capitals on a type line the OCR damaged.
const DAMAGED_TYPE_UPPER: f64 = 0.7;

/// The document type a header's type line names, also when the OCR
/// damaged it: joined words (`QUYETPINH |`) or a letter too many (`CHIi
/// THỊ`). Such a line has at most four words, mostly capitals, and its
/// letters are one edit from those of exactly one type.
pub(crate) fn header_type_line(line: &str, key: &Key) -> Option<&'static str> {
    if let Some(name) = type_line(key, true) {
        return Some(name);
    }
    let letters: String = key.text.chars().filter(char::is_ascii_alphabetic).collect();
    let short = key
        .words()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .count()
        <= 4;
    let capitals = super::key::upper_share(line) >= DAMAGED_TYPE_UPPER;
    (short && capitals).then(|| TYPES.closest_letters(&letters)).flatten()
}

/// Whether a key is a `(Kèm theo Quyết định ...)` / `(Ban hành kèm theo ...)` line.
pub(crate) fn is_attachment_line(key: &Key) -> bool {
    let text = key.text.trim_start();
    let head: String = text.chars().take(30).collect();
    text.starts_with('(') && (head.contains("kem theo") || head.contains("kem thco"))
}

/// Whether a key starts a legal basis: `Căn cứ` as the OCR writes it
/// (`Can ctr`, `Cin ctr`, `Cian ctr`, `Can cu`), after an optional dash;
/// with a second word the OCR or a repair made something else of (`Cdn
/// et`, `Cân một`, `Cắn và`) when a document type follows it.
pub(crate) fn is_basis_start(key: &Key) -> bool {
    let text = key
        .text
        .trim_start_matches(|c: char| c.is_whitespace() || "-+•*".contains(c));
    let words: Vec<&str> = text.split_whitespace().take(5).collect();
    let [first, second, rest @ ..] = words.as_slice() else {
        return false;
    };
    let first_ok = first.len() <= 4 && first.starts_with('c') && first.ends_with('n') && first[1..].len() >= 2;
    let second_ok = second.starts_with('c')
        && (2..=4).contains(&second.len())
        && !["cac", "cho", "con", "cua", "cung", "cap", "can"].contains(second);
    let type_follows = *first != "con"
        && second.len() <= 4
        && (TYPES.match_prefix(rest).is_some() || rest.first().is_some_and(|w| markers::is_article_word(w)));
    first_ok && (second_ok || type_follows)
}

/// Whether a key starts with a word that opens a preamble paragraph (a
/// conclusion's `Tại phiên họp ngày ...`), or with a date (`Ngày 10/7/2026, Thường trực ...`).
pub(crate) fn starts_with_preamble_word(key: &Key) -> bool {
    const OPENINGS: [&str; 13] = [
        "xet ",
        "tai phien hop",
        "tai hoi nghi",
        "tai ky hop",
        "tai cuoc hop",
        "thuc hien ",
        "theo de nghi",
        "kinh gui",
        "trien khai ",
        "nham ",
        "thoi gian qua",
        "vua qua",
        "sau khi ",
    ];
    let text = key
        .text
        .trim_start_matches(|c: char| c.is_whitespace() || "-+•*".contains(c));
    let dated = text
        .strip_prefix("ngay ")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    dated || OPENINGS.iter().any(|o| text.starts_with(o))
}

/// Whether a line starts the recipients list: `Nơi nhận:` (`Noi nhén:`, `Novi nhan:`).
pub(crate) fn is_recipients(line: &str, key: &Key) -> bool {
    let text = key.text.trim_start_matches(|c: char| c.is_whitespace() || c == '_');
    let mut words = super::key::words(text);
    let (Some((_, first)), Some((at, second))) = (words.next(), words.next()) else {
        return false;
    };
    let first_ok = first.starts_with('n') && first.ends_with('i') && (3..=5).contains(&first.len());
    let second_letters = second.trim_end_matches(|c: char| !c.is_alphanumeric());
    let second_ok =
        second_letters.starts_with("nh") && second_letters.ends_with('n') && (4..=6).contains(&second_letters.len());
    if !(first_ok && second_ok) {
        return false;
    }
    let offset = text.as_ptr() as usize - key.text.as_ptr() as usize;
    let after = key.rest_of(line, offset + at + second_letters.len()).trim_start();
    after.is_empty() || !after.starts_with(|c: char| c.is_lowercase())
}

/// Whether a line starts a signature block: `T/M BAN THƯỜNG VỤ`, `K/T BÍ THƯ`,
/// `TM. ỦY BAN NHÂN DÂN`, `KT. BỘ TRƯỞNG`, `TL.`, `TUQ.`, `Q.`.
pub(crate) fn is_signature_start(key: &Key) -> bool {
    const MARKS: [&str; 14] = [
        "t/m", "t/m.", "tm", "tm.", "k/t", "k/t.", "kt", "kt.", "tl.", "tuq.", "q.", "taw", "t/ m", "tim",
    ];
    let Some((_, first)) = key.words().next() else {
        return false;
    };
    MARKS.contains(&first) && key.is_upper()
}

/// Whether a line in capitals is a signer's title alone (`BÍ THƯ`, `BỘ TRƯỞNG`).
pub(crate) fn is_signer_title_line(key: &Key) -> bool {
    if !key.is_upper() {
        return false;
    }
    let folded: Vec<&str> = key
        .words()
        .map(|(_, w)| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    folded.len() <= 6 && TITLES.match_exact(&folded).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels_of(text: &str) -> Vec<Label> {
        label(&Text::from_plain(text)).labels
    }

    fn items(labels: &[Label]) -> Vec<String> {
        labels
            .iter()
            .filter_map(|l| match l {
                Label::Heading(h) => Some(format!("H{}", h.value)),
                Label::Clause(n) => Some(format!("{n}")),
                Label::Point(p) => Some(POINT_LETTERS[*p].to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn clauses_follow_the_numbering() {
        let text = "QUY CHẾ\nvề việc\nĐiều 1. Phạm vi\n1. Một\nnội dung tại khoản\n3. Điều này\n2. Hai;\nnội dung\n2. nữa\n4. Bốn";
        assert_eq!(items(&labels_of(text)), ["H1", "1", "2"]);
    }

    #[test]
    fn ocr_points_follow_the_letters() {
        let text =
            "Piéu 1. Nhirng\n1. Bbi voi:\na) Mot.\nb) Hai.\nc¢) Ba.\nd) Bon.\nd) Nam.\ne)rBia\ng} Tinh\n h) Thong";
        assert_eq!(
            items(&labels_of(text)),
            ["H1", "1", "a", "b", "c", "d", "đ", "e", "g", "h"]
        );
    }

    #[test]
    fn lost_markers_are_recovered_at_a_numbering_gap() {
        let text = "QUY CHẾ\nvề việc\nĐiều 1. Trách nhiệm\nLãnh đạo, chỉ đạo việc thực hiện\nnghị quyết.\n2. Quyết định.\nĐiều 2. Hiệu lực\n1.2 Quy chế này có hiệu lực.\n2. Hai.";
        let labels = labels_of(text);
        assert_eq!(items(&labels), ["H1", "1", "2", "H2", "1", "2"]);
        assert_eq!(labels[3], Label::Clause(1));
        assert_eq!(labels[7], Label::Clause(1));
        let dashes = "QUY CHẾ\nvề việc\nĐiều 1. Hồ sơ\n- Bản sao.\n2. Hai.";
        assert_eq!(items(&labels_of(dashes)), ["H1", "2"]);
    }

    #[test]
    fn roman_headings_survive_a_lost_dot_or_numeral() {
        let undotted = "KẾ HOẠCH\nvề việc\nI. TÌNH HÌNH\n1. Kết quả.\nII QUAN ĐIỂM MỤC TIÊU\n1. Quan điểm.\nIII. NHIỆM VỤ\n1. Một.";
        assert_eq!(items(&labels_of(undotted)), ["H1", "1", "H2", "1", "H3", "1"]);
        let lost = "KẾ HOẠCH\nvề việc\nI. TÌNH HÌNH\n1. Kết quả.\nIl QUAN điểm, mục tiêu\n1. Quan điểm.\nIII. NHIỆM VỤ\n1. Một.";
        assert_eq!(items(&labels_of(lost)), ["H1", "1", "H3", "1"]);
        let digit = "KẾ HOẠCH\nvề việc\n1. MỤC ĐÍCH, YÊU CẦU\n1. Một.\n2. Hai.\n11. ĐỐI TƯỢNG\n1. Một.";
        assert_eq!(items(&labels_of(digit)), ["H1", "1", "2", "H2", "1"]);
        let capital_clauses = "KẾ HOẠCH\nvề việc\n1. MỤC ĐÍCH\nNội dung.\n2. YÊU CẦU\nNội dung.\nII. NHIỆM VỤ";
        assert_eq!(items(&labels_of(capital_clauses))[..2], ["1", "2"]);
    }

    #[test]
    fn damaged_type_lines() {
        for (line, name) in [
            ("QUYETPINH |", "Quyết định"),
            ("CHIi THỊ", "Chỉ thị"),
            ("| KẾ HOẠCH", "Kế hoạch"),
        ] {
            assert_eq!(header_type_line(line, &Key::new(line)), Some(name), "{line}");
        }
        for line in ["Chỉ thị này", "TỈNH ỦY GIA LAI", "NHỮNG QUY ĐỊNH CHUNG"] {
            assert_eq!(header_type_line(line, &Key::new(line)), None, "{line}");
        }
    }

    #[test]
    fn a_heading_title_completes_no_reference() {
        let text = "QUY ĐỊNH\nvề việc\nĐiều 5. Trách nhiệm lập hồ sơ\n1. Chi bộ hướng dẫn.\n2. Đảng ủy kiểm tra.";
        assert_eq!(items(&labels_of(text)), ["H5", "1", "2"]);
    }

    #[test]
    fn recipients_end_the_body() {
        let text = "Điều 1. A\n1. Một.\nNơi nhận:\n1. Bộ Chính trị;\n2. Lưu.\nT/M BAN THƯỜNG VỤ";
        let labels = labels_of(text);
        assert_eq!(items(&labels), ["H1", "1"]);
        assert_eq!(labels[3], Label::Plain(LineKind::Closing));
    }

    #[test]
    fn quoted_articles_are_text() {
        let text = "Điều 1. Sửa đổi\n1. Điều 5 được sửa đổi như sau:\n“Điều 5. Mới\n1. Nội dung;\nĐiều 6. Cũ.”.\n2. Hai.\nĐiều 2. Hiệu lực";
        assert_eq!(items(&labels_of(text)), ["H1", "1", "2", "H2"]);
    }

    #[test]
    fn unquoted_inserted_articles_are_text() {
        let text = "LUẬT\nsửa đổi\nĐiều 1.\n1. Khoản một.\n2. Điều 24 được sửa đổi như sau:\nĐiều 24. Trách nhiệm\n1. Một.\nĐiều 2.\n1. Hiệu lực.";
        assert_eq!(items(&labels_of(text)), ["H1", "1", "2", "H2", "1"]);
    }

    #[test]
    fn attached_documents_start_a_part() {
        let text = "QUYẾT ĐỊNH\nvề việc ban hành\nĐiều 1. Ban hành\nĐiều 2. Hiệu lực\nNơi nhận:\n- Lưu.\nQUY CHẾ\ncông tác\n(Kèm theo Quyết định số 1)\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi";
        let labelled = label(&Text::from_plain(text));
        assert_eq!(labelled.part_starts, [6]);
        assert_eq!(labelled.labels[6], Label::Plain(LineKind::DocType));
        assert_eq!(labelled.labels[8], Label::Plain(LineKind::Attachment));
        assert_eq!(labelled.labels[10], Label::Plain(LineKind::HeadingTitle));
        assert_eq!(items(&labelled.labels), ["H1", "H2", "H1", "H1"]);
    }

    #[test]
    fn closing_lines_are_recognised() {
        for line in [
            "Nơi nhận:",
            "Noi nhéan: e~ BI THU",
            "Novi nhan:   ",
            "Noi nhén: q T/M BAN THUONG VU",
        ] {
            assert!(is_recipients(line, &Key::new(line)), "{line}");
        }
        assert!(!is_recipients(
            "Nơi nhận trợ cấp (2):",
            &Key::new("Nơi nhận trợ cấp (2):")
        ));
        for line in [
            "T/M BAN THUONG VU",
            "**T/M BAN THƯỜNG VỤ",
            "TAW BAN TH1UONG VV ",
            "KT. BỘ TRƯỞNG",
        ] {
            assert!(is_signature_start(&Key::new(line)), "{line}");
        }
        assert!(is_signer_title_line(&Key::new("BI THU'")));
        assert!(is_signer_title_line(&Key::new("PHÓ BÍ THƯ THƯỜNG TRỰC**")));
        assert!(!is_signer_title_line(&Key::new("Bí thư")));
    }

    #[test]
    fn bases_and_noise() {
        for line in [
            "- Can ctt Piéu 1& bang",
            "- Cin ctr Quyét dinh",
            "- Cian ctr Quyét",
            "Căn cứ Luật",
            "-  Can cu Quy dinh",
        ] {
            assert!(is_basis_start(&Key::new(line)), "{line}");
        }
        assert!(!is_basis_start(&Key::new("Còn các nội dung")));
        for line in [
            "- Cdn et Quy chế làm việc",
            "- Cân một Quyết định số",
            "- Cắn và Quy chế",
            "Căn cứ Điều lệ",
        ] {
            assert!(is_basis_start(&Key::new(line)), "{line}");
        }
        assert!(!is_basis_start(&Key::new("Còn lại Quy chế")));
        for line in ["*", "%", "e~", "HAE PHON", "Vive--Re! Nel\\", "Ws"] {
            assert!(is_noise(line), "{line}");
        }
        for line in [
            "QUY CHE",
            "2",
            "theo doi, don doc viéc thuc hién nhiém vu",
            "157/2025/NĐ-CP.",
        ] {
            assert!(!is_noise(line), "{line}");
        }
    }
}
