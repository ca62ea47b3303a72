//! The index's input: plain serde records of a document, its articles and its tasks.
//!
//! These records are the contract between the pipeline and the index (and
//! the tracker exports): [`from_processed`] maps a processed document onto
//! them, tests build them directly. A task is the extract stage's
//! [`TaskItem`] (the tracker's fields of Quy chế 06-QC/TU Điều 4) wrapped
//! in a [`TaskRecord`] with what only the index and the tracker add. Field
//! names are English in Rust and in JSON; the tracker's Vietnamese column
//! headers live in the CSV export.
//!
//! Lines are 1-based source lines, which are the lines of the document's
//! `text` (no stage merges or splits lines).

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::extract::Extraction;
use crate::extract::calendar::WorkingCalendar;
use crate::extract::tracker::{Confidentiality, Status, TaskItem, Term};
use crate::pipeline::ProcessedDocument;
use crate::source::SourceFormat;
use crate::structure::{ArticleNumber, Header, Node, NodeKind, Parsed};

/// A document: its header, repaired text, articles and tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Hex SHA-256 of the file's bytes: the document's identity in the index.
    pub id: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Text or PDF.
    pub format: SourceFormat,
    /// Issuer, number and symbol, type, date, place, title, signer (as `structure` read them).
    pub header: Header,
    /// Secrecy level; `None` for an ordinary document.
    pub confidentiality: Option<Confidentiality>,
    /// Number of pages (1 for a text file).
    pub pages: u32,
    /// The 1-based line at which each page starts, in page order (empty: all on page 1).
    pub page_lines: Vec<u32>,
    /// The repaired full text, NFC, lines joined with `\n`.
    pub text: String,
    /// The articles (Điều), in order.
    pub articles: Vec<ArticleRecord>,
    /// The tasks the document assigns, in order.
    pub tasks: Vec<TaskRecord>,
}

/// An article (Điều) of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// The part it belongs to (documents with parts only).
    pub part: Option<u32>,
    /// The Chương it belongs to, as a Roman numeral (`II`).
    pub chapter: Option<String>,
    /// Its number (`4` for `Điều 4`, `48a`).
    pub number: Option<ArticleNumber>,
    /// Its title (`Những nội dung phải cập nhật`).
    pub title: Option<String>,
    /// Its full text, heading included, lines joined with `\n`.
    pub text: String,
    /// 1-based source line of its first line.
    pub line: u32,
    /// Page of its first line.
    pub page: u32,
}

/// A task as the index stores it: the extraction's tracker record, its
/// identity in the index, and what the tracker sets later.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// The document's id (hash of its file).
    pub document_id: String,
    /// Its position among the document's tasks (0-based): with the document id, its identity.
    pub index: u32,
    /// The task with the tracker's fields (Quy chế 06-QC/TU Điều 4), as extracted.
    #[serde(flatten)]
    pub task: TaskItem,
    /// The time limit as written (`Trong thời hạn 07 ngày làm việc ...`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deadline_text: Option<String>,
    /// Date of the last progress report (set by the tracker; never found in a document).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_report: Option<NaiveDate>,
    /// Thông tin cần thiết khác (lộ trình, ghi chú), set by the tracker.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub notes: Option<String>,
}

/// Working days past its due date after which a task with a deadline is
/// overdue (Quy chế 06-QC/TU Điều 8 khoản 1 điểm d: "quá hạn 07 ngày làm việc").
pub const OVERDUE_WORKING_DAYS: i64 = 7;

/// Days without a progress report after which a task without a deadline is
/// overdue (Điều 8 khoản 1 điểm d: "14 ngày ... không có báo cáo tiến độ").
pub const SILENT_DAYS: i64 = 14;

impl TaskRecord {
    /// Whether the Văn phòng must send a reminder on `today` (Điều 8 khoản 1 điểm d).
    ///
    /// A task with a due date is overdue once [`OVERDUE_WORKING_DAYS`]
    /// working days have passed since it (counted on `calendar`); a task
    /// without a deadline is overdue after [`SILENT_DAYS`] days without a
    /// progress report, counted from the last report or else from the day
    /// it was assigned. A task with a deadline that is not resolved to a
    /// date, or done, is never overdue.
    pub fn is_overdue(&self, today: NaiveDate, calendar: &WorkingCalendar) -> bool {
        let task = &self.task;
        if task.status == Status::Done {
            return false;
        }
        match task.due {
            Some(due) => calendar
                .add_working_days(due, OVERDUE_WORKING_DAYS)
                .is_some_and(|limit| today >= limit),
            None if task.term == Term::Open => self
                .last_report
                .or(task.assigned_on)
                .is_some_and(|since| (today - since).num_days() >= SILENT_DAYS),
            None => false,
        }
    }

    /// The record as Điều 4 khoản 2 lets it be written: for a classified
    /// document, the task's restricted view ([`TaskItem::restricted`])
    /// without the deadline's wording and the notes; an ordinary one as it is.
    pub fn restricted(self) -> TaskRecord {
        if !self.task.is_restricted() {
            return self;
        }
        TaskRecord {
            task: self.task.restricted(),
            deadline_text: None,
            notes: None,
            ..self
        }
    }

    /// [`TaskRecord::restricted`] without giving up the record: what of it may be written.
    pub fn view(&self) -> Cow<'_, TaskRecord> {
        if self.task.is_restricted() {
            Cow::Owned(self.clone().restricted())
        } else {
            Cow::Borrowed(self)
        }
    }

    /// The stable identity of the task across exports: document id and position.
    pub fn uid(&self) -> String {
        format!("{}-{}", self.document_id, self.index)
    }
}

/// Hex SHA-256 of some bytes: the id of a document whose file holds them.
pub fn content_id(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The id of the document stored in `path` (hash of the file's bytes).
pub fn file_id(path: &Path) -> io::Result<String> {
    Ok(content_id(&std::fs::read(path)?))
}

/// The record of a processed document: its id (the hash of its file),
/// header, security class, pages and repaired text, its articles (from the
/// outline) and its tasks (from the extraction).
///
/// Fails only when the file cannot be read again to hash it.
pub fn from_processed(document: &ProcessedDocument) -> io::Result<DocumentRecord> {
    let text = &document.repaired.text;
    let id = file_id(&document.read.path)?;
    let joined = text.joined();
    let mut record = DocumentRecord::new(id, &document.read.path, document.read.format);
    record.header = document.parsed.document.clone();
    record.confidentiality = document.extraction.confidentiality;
    record.pages = text.lines.iter().map(|l| l.page).max().unwrap_or(1).max(1);
    let mut last_page = 0;
    for (i, line) in text.lines.iter().enumerate() {
        if line.page != last_page {
            record.page_lines.push(i as u32 + 1);
            last_page = line.page;
        }
    }
    record.articles = article_records(&document.parsed, &joined);
    record.tasks = task_records(&record.id, &document.extraction);
    record.text = joined;
    Ok(record)
}

/// The articles of an outline, with their part and chapter; `joined` is
/// the parsed text's [`crate::text::Text::joined`].
fn article_records(parsed: &Parsed, joined: &str) -> Vec<ArticleRecord> {
    let mut articles = Vec::new();
    collect_articles(parsed, &parsed.outline, None, joined, &mut articles);
    articles
}

fn collect_articles(
    parsed: &Parsed,
    nodes: &[Node],
    chapter: Option<&str>,
    joined: &str,
    out: &mut Vec<ArticleRecord>,
) {
    for node in nodes {
        match node.kind {
            NodeKind::Article => {
                let loc = parsed.locate(node.heading.start);
                let text = joined.get(node.extent.start..node.extent.end).unwrap_or_default();
                out.push(ArticleRecord {
                    part: loc.part,
                    chapter: chapter.map(str::to_string),
                    number: loc.article,
                    title: node.title.clone(),
                    text: text.trim_end().to_string(),
                    line: node.extent.source_line,
                    page: node.extent.page,
                });
            }
            NodeKind::Chapter => collect_articles(parsed, &node.children, Some(&node.label), joined, out),
            NodeKind::Part | NodeKind::Section | NodeKind::Heading => {
                collect_articles(parsed, &node.children, chapter, joined, out);
            }
            NodeKind::Clause | NodeKind::Point => {}
        }
    }
}

/// The extraction's tasks as index records of document `document_id`,
/// each with the wording of its deadline.
pub fn task_records(document_id: &str, extraction: &Extraction) -> Vec<TaskRecord> {
    let record = |(index, task): (usize, &TaskItem)| TaskRecord {
        document_id: document_id.to_string(),
        index: index as u32,
        deadline_text: task
            .deadline
            .and_then(|d| extraction.deadlines.get(d))
            .map(|d| d.deadline.text.clone()),
        task: task.clone(),
        last_report: None,
        notes: None,
    };
    extraction
        .tasks
        .iter()
        .enumerate()
        .map(|task| record(task).restricted())
        .collect()
}

impl DocumentRecord {
    /// A one-page document with no text, header, articles or tasks.
    pub fn new(id: String, path: &Path, format: SourceFormat) -> Self {
        DocumentRecord {
            id,
            path: path.to_path_buf(),
            format,
            header: Header::default(),
            confidentiality: None,
            pages: 1,
            page_lines: Vec::new(),
            text: String::new(),
            articles: Vec::new(),
            tasks: Vec::new(),
        }
    }

    /// The page that holds 1-based `line`.
    pub fn page_of_line(&self, line: u32) -> u32 {
        pages_started_by(&self.page_lines, line).max(1)
    }
}

/// How many of the page starts `page_lines` lie at or before 1-based `line`.
pub(crate) fn pages_started_by(page_lines: &[u32], line: u32) -> u32 {
    page_lines.iter().filter(|&&start| start <= line).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_is_hex_sha256() {
        assert_eq!(
            content_id(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A task of an ordinary document, due on `due` (with a deadline) or
    /// assigned on `assigned` (without one).
    fn task(due: Option<&str>, assigned: Option<&str>) -> TaskRecord {
        let term = if due.is_some() { Term::Limited } else { Term::Open };
        let task = TaskItem {
            due: due.map(date),
            assigned_on: assigned.map(date),
            term,
            ..TaskItem::default()
        };
        TaskRecord {
            task,
            ..TaskRecord::default()
        }
    }

    #[test]
    fn overdue_counts_working_days_past_public_holidays() {
        // Friday 29/8/2025 + 7 working days skips the weekend and 1–2/9 (Quốc khánh).
        let task = task(Some("2025-08-29"), None);
        assert!(!task.is_overdue(date("2025-09-10"), &WorkingCalendar::vietnam()));
        assert!(task.is_overdue(date("2025-09-11"), &WorkingCalendar::vietnam()));
    }

    #[test]
    fn a_task_with_a_deadline_is_overdue_seven_working_days_after_it() {
        let mut task = task(Some("2025-11-03"), None);
        assert!(!task.is_overdue(date("2025-11-11"), &WorkingCalendar::vietnam()));
        assert!(task.is_overdue(date("2025-11-12"), &WorkingCalendar::vietnam()));
        task.task.status = Status::Done;
        assert!(!task.is_overdue(date("2026-01-01"), &WorkingCalendar::vietnam()));
    }

    #[test]
    fn a_task_without_a_deadline_is_overdue_after_fourteen_silent_days() {
        let task = task(None, Some("2025-11-04"));
        assert!(!task.is_overdue(date("2025-11-17"), &WorkingCalendar::vietnam()));
        assert!(task.is_overdue(date("2025-11-18"), &WorkingCalendar::vietnam()));
        let reported = TaskRecord {
            last_report: Some(date("2025-11-15")),
            ..task.clone()
        };
        assert!(!reported.is_overdue(date("2025-11-18"), &WorkingCalendar::vietnam()));
        let mut unresolved = task;
        unresolved.task.term = Term::Limited;
        assert!(!unresolved.is_overdue(date("2026-06-01"), &WorkingCalendar::vietnam()));
    }

    #[test]
    fn a_classified_record_loses_the_deadline_wording_and_the_notes() {
        let mut record = task(Some("2025-11-03"), None);
        record.deadline_text = Some("trước ngày 03/11/2025 theo phương án bí mật".into());
        record.notes = Some("ghi chú".into());
        assert_eq!(
            record.view().into_owned(),
            record,
            "an ordinary record is written whole"
        );
        record.task.assigning_document.confidentiality = Some(Confidentiality::Secret);
        record.task.action = Some("Triển khai phương án bí mật".into());
        let view = record.view();
        assert!(
            view.deadline_text.is_none() && view.notes.is_none() && view.task.action.is_none(),
            "{view:?}"
        );
        assert_eq!(view.task.name, "(không số) (Mật)");
        assert_eq!(view.task.due, record.task.due);
    }

    #[test]
    fn pages_of_lines() {
        let record = |page_lines: Vec<u32>| DocumentRecord {
            page_lines,
            ..DocumentRecord::new(String::new(), Path::new("x.txt"), SourceFormat::Text)
        };
        let three_pages = record(vec![1, 40, 80]);
        assert_eq!(three_pages.page_of_line(39), 1);
        assert_eq!(three_pages.page_of_line(40), 2);
        assert_eq!(three_pages.page_of_line(200), 3);
        assert_eq!(record(Vec::new()).page_of_line(7), 1);
    }
}
