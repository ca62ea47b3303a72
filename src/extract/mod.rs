//! Stage 5, extract: directive numbers, bodies, deadlines and tasks.
//!
//! Reads: a repaired [`Text`] and its [`Parsed`] structure. Writes:
//! [`Extraction`], the gold's `directive_numbers`, `bodies`, `deadlines` and
//! `tasks` (each item with its [`Span`] and a confidence), the spans behind
//! the plain lists, and the document's security class.
//!
//! Confidence (0 to 1) is a prior for how an item was found, times the
//! quality of the text it was read from ([`ExtractOptions::line_confidence`],
//! the repair stage's per-line confidence; 1 when it gives none):
//! - a task: [`tasks::LeadSource::weight`] (a subject in the sentence 0.9,
//!   a heading 0.85, an article title 0.8, a coordination's parties 0.6);
//! - a deadline [`DEADLINE_PRIOR`], a symbol [`SYMBOL_PRIOR`] (both are read
//!   by closed patterns and checked tables);
//! - a body mention: by kind, [`BodyKind::Named`] 0.9, collective or team 0.8, generic 0.7.

pub mod bodies;
pub mod calendar;
pub mod deadlines;
pub mod lunar;
pub mod output;
pub mod symbols;
pub mod tasks;
pub mod tracker;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::structure::{Loc, Parsed};
use crate::text::{Span, Text};
use bodies::{BodyFinder, BodyKind, BodyMention, acting_bodies};
use calendar::WorkingCalendar;
use deadlines::{Deadline, DeadlineRule, find_deadlines};
use symbols::{Symbol, find_symbols};
use tracker::{Confidentiality, DocumentFacts, TaskItem, confidentiality};

/// Lines of a TSV file of `dictionaries/`, without comments and blank lines.
pub(crate) fn dictionary_lines(tsv: &str) -> impl Iterator<Item = &str> {
    tsv.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Prior confidence of a deadline phrase.
pub const DEADLINE_PRIOR: f32 = 0.9;

/// Prior confidence of a document symbol.
pub const SYMBOL_PRIOR: f32 = 0.95;

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Extraction {
    /// The security class stamped in the header, if any; tasks then hold
    /// only the restricted fields (Quy chế 06-QC/TU Điều 4 khoản 2).
    pub confidentiality: Option<Confidentiality>,
    /// Every document symbol cited, the document's own included, each once,
    /// normalised (`294-QĐ/TW`).
    pub directive_numbers: Vec<String>,
    /// The same symbols with where each is written.
    pub directive_spans: Vec<SymbolItem>,
    /// The bodies named as actors in the text, canonical, each once.
    pub bodies: Vec<String>,
    /// Every body mention (recipients and cited titles included, marked).
    pub body_mentions: Vec<BodyMentionItem>,
    /// Every time limit and schedule, in text order.
    pub deadlines: Vec<DeadlineItem>,
    /// Every obligation, in text order.
    pub tasks: Vec<TaskItem>,
}

/// A document symbol and its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SymbolItem {
    /// The symbol and its spans.
    #[serde(flatten)]
    pub symbol: Symbol,
    /// Trust in the reading, 0 to 1.
    pub confidence: f32,
}

/// A body mention with its confidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BodyMentionItem {
    /// The mention.
    #[serde(flatten)]
    pub mention: BodyMention,
    /// Trust in the reading, 0 to 1.
    pub confidence: f32,
}

/// A deadline placed in the outline and on the calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadlineItem {
    /// The Điều / khoản / điểm that holds it.
    pub loc: Loc,
    /// Text, kind, value and span.
    #[serde(flatten)]
    pub deadline: Deadline,
    /// The due date counted from the document's date: `null` without a
    /// document date, for a period that runs from another event (`kể từ
    /// ngày nhận được phản hồi`), and for `định kỳ` without a period.
    pub due: Option<NaiveDate>,
    /// For schedules and yearly dates: the RRULE whose DTSTART is `due`.
    pub rrule: Option<String>,
    /// Trust in the reading, 0 to 1.
    pub confidence: f32,
}

/// What [`extract_with`] needs besides the text and its structure.
#[derive(Clone, Debug, Default)]
pub struct ExtractOptions {
    /// The day task statuses are computed for (today when `None`).
    pub as_of: Option<NaiveDate>,
    /// The file the document was read from (the tracker's attached file).
    pub file: Option<String>,
    /// The repair stage's confidence of each line (index = line), when it
    /// gives one: it scales every item's confidence.
    pub line_confidence: Option<Vec<f32>>,
}

impl ExtractOptions {
    /// The mean confidence of the lines `span` covers (1 without a table).
    fn quality(&self, span: &Span) -> f32 {
        let Some(table) = &self.line_confidence else { return 1.0 };
        let lines = table.get(span.line..=span.end_line.max(span.line)).unwrap_or(&[]);
        if lines.is_empty() {
            1.0
        } else {
            lines.iter().sum::<f32>() / lines.len() as f32
        }
    }
}

/// Extracts directive numbers, bodies, deadlines and tasks, with task
/// statuses as of today.
pub fn extract(text: &Text, parsed: &Parsed) -> Extraction {
    extract_with(text, parsed, &ExtractOptions::default())
}

/// [`extract`] with a file name, a status day and the repair's confidences.
pub fn extract_with(text: &Text, parsed: &Parsed, options: &ExtractOptions) -> Extraction {
    let symbols = find_symbols(text);
    let finder = BodyFinder::new(text);
    let found_deadlines = find_deadlines(text);
    let found_tasks = tasks::find_tasks(text, parsed, &finder, &found_deadlines);
    let actors: Vec<String> = found_tasks
        .iter()
        .flat_map(|t| t.lead.iter().chain(&t.support).cloned())
        .collect();
    let anchor = parsed.document.issued_on();
    let deadlines: Vec<DeadlineItem> = found_deadlines
        .into_iter()
        .map(|d| deadline_item(d, parsed, anchor, options))
        .collect();
    let class = confidentiality(text, &parsed.document);
    let facts = DocumentFacts {
        parsed,
        file: options.file.as_deref(),
        confidentiality: class,
        as_of: options.as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let tasks = found_tasks
        .into_iter()
        .map(|task| {
            let confidence = task.lead_source.weight() * options.quality(&task.span);
            facts.record(task, confidence, &deadlines)
        })
        .collect();
    Extraction {
        confidentiality: class,
        directive_numbers: symbols.iter().map(|s| s.normalised.clone()).collect(),
        directive_spans: symbols
            .into_iter()
            .map(|symbol| {
                let quality = symbol.mentions.first().map_or(1.0, |s| options.quality(s));
                SymbolItem {
                    symbol,
                    confidence: SYMBOL_PRIOR * quality,
                }
            })
            .collect(),
        bodies: acting_bodies(finder.mentions(), &actors),
        body_mentions: finder
            .mentions()
            .iter()
            .map(|m| BodyMentionItem {
                confidence: body_prior(m.kind) * options.quality(&m.span),
                mention: m.clone(),
            })
            .collect(),
        deadlines,
        tasks,
    }
}

fn body_prior(kind: BodyKind) -> f32 {
    match kind {
        BodyKind::Named => 0.9,
        BodyKind::Collective | BodyKind::Team => 0.8,
        BodyKind::Generic => 0.7,
    }
}

/// A deadline with its loc, resolved from `anchor` (the document's date)
/// unless it runs from another event.
fn deadline_item(
    deadline: Deadline,
    parsed: &Parsed,
    anchor: Option<NaiveDate>,
    options: &ExtractOptions,
) -> DeadlineItem {
    let resolved = anchor
        .filter(|_| runs_from_document(&deadline.rule))
        .and_then(|anchor| deadline.resolve(anchor, WorkingCalendar::shared()));
    DeadlineItem {
        loc: parsed.locate(deadline.span.start),
        confidence: DEADLINE_PRIOR * options.quality(&deadline.span),
        due: resolved.as_ref().map(|r| r.due),
        rrule: resolved.and_then(|r| r.rrule),
        deadline,
    }
}

/// Whether a deadline counts from the document itself: any absolute or
/// recurring one, and a period forward with no event or with the
/// document's own signing or issuing (`kể từ ngày ký`, `kể từ ngày ban
/// hành Thông báo này`); not a period counted back from an event.
fn runs_from_document(rule: &DeadlineRule) -> bool {
    let DeadlineRule::Relative(relative) = rule else {
        return true;
    };
    if relative.before {
        return false; // `trước ... ít nhất 30 ngày`: counted back from an event
    }
    let Some(event) = relative.from.as_deref() else {
        return true;
    };
    let event = crate::vietnamese::fold(event);
    let words: Vec<&str> = event.split_whitespace().collect();
    words.last() == Some(&"nay")
        || matches!(
            words.as_slice(),
            ["ky"] | ["ngay", "ky"] | ["ban", "hanh"] | ["ngay", "ban", "hanh"]
        )
}

#[cfg(test)]
mod tests;
