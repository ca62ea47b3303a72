//! The index's input: plain serde records of a document, its articles and its tasks.
//!
//! These records are the contract between the pipeline and the index (and
//! the tracker exports): [`from_processed`] maps a processed document onto
//! them, tests build them directly. Field names are English in Rust and in
//! JSON; the tracker's Vietnamese column headers live in the CSV export.
//!
//! Lines are 1-based lines of the document's `text`, which are the lines of
//! the source file (no stage merges or splits lines).

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::extract::calendar::WorkingCalendar;
use crate::pipeline::ProcessedDocument;
use crate::source::SourceFormat;

/// A document: its header, repaired text, articles and tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Hex SHA-256 of the file's bytes: the document's identity in the index.
    pub id: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Text or PDF.
    pub format: SourceFormat,
    /// Number and symbol, e.g. `06-QC/TU`.
    pub symbol: Option<String>,
    /// Document type, e.g. `Quy chế`.
    pub doc_type: Option<String>,
    /// Issuing body, e.g. `Ban Thường vụ Thành ủy Hải Phòng`.
    pub issuer: Option<String>,
    /// Date of issue.
    pub date: Option<NaiveDate>,
    /// Place of issue.
    pub place: Option<String>,
    /// Title (the line(s) under the document type).
    pub title: Option<String>,
    /// Name of the signer.
    pub signer: Option<String>,
    /// Title of the signer, e.g. `Bí thư`.
    pub signer_title: Option<String>,
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

/// Secrecy level of a document (Luật Bảo vệ bí mật nhà nước).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidentiality {
    /// Mật.
    #[serde(rename = "Mật")]
    Secret,
    /// Tối mật.
    #[serde(rename = "Tối mật")]
    TopSecret,
    /// Tuyệt mật.
    #[serde(rename = "Tuyệt mật")]
    UltraSecret,
}

impl Confidentiality {
    /// The level as written on a document.
    pub fn label(self) -> &'static str {
        match self {
            Confidentiality::Secret => "Mật",
            Confidentiality::TopSecret => "Tối mật",
            Confidentiality::UltraSecret => "Tuyệt mật",
        }
    }
}

/// An article (Điều) of a document; a document without Điều has one record
/// with `number: None` holding its numbered khoản.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// The Phần it belongs to, as written (`I`, `1`).
    pub part: Option<String>,
    /// The Chương it belongs to, as written (`I`, `II`).
    pub chapter: Option<String>,
    /// Its number (`4` for `Điều 4`).
    pub number: Option<u32>,
    /// Its title (`Những nội dung phải cập nhật`).
    pub title: Option<String>,
    /// Its full text, heading included, lines joined with `\n`.
    pub text: String,
    /// 1-based line of its first line.
    pub line: u32,
    /// Page of its first line.
    pub page: u32,
}

/// Where a provision sits: Phần / Điều / khoản / điểm.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loc {
    /// Phần, as written.
    pub part: Option<String>,
    /// Điều number.
    pub article: Option<u32>,
    /// khoản number.
    pub clause: Option<u32>,
    /// điểm letter (`a`, `đ`).
    pub point: Option<String>,
}

impl Loc {
    /// `Điều 4 khoản 1 điểm a` (empty when nothing is known).
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(part) = &self.part {
            parts.push(format!("Phần {part}"));
        }
        if let Some(article) = self.article {
            parts.push(format!("Điều {article}"));
        }
        if let Some(clause) = self.clause {
            parts.push(format!("khoản {clause}"));
        }
        if let Some(point) = &self.point {
            parts.push(format!("điểm {point}"));
        }
        parts.join(" ")
    }
}

/// The assigning document of a task (Quy chế 06-QC/TU Điều 4 khoản 1 điểm b).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigningDocument {
    /// The document's id (hash of its file).
    pub id: String,
    /// Its number and symbol.
    pub symbol: Option<String>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Its file (the tracker's "file đính kèm").
    pub file: PathBuf,
    /// Its secrecy level.
    pub confidentiality: Option<Confidentiality>,
}

/// Progress of a task (Điều 4 khoản 1 điểm g).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    /// Sắp đến hạn: due within the coming days.
    #[serde(rename = "sắp đến hạn")]
    DueSoon,
    /// Đang thực hiện.
    #[serde(rename = "đang thực hiện")]
    InProgress,
    /// Chậm tiến độ: past its due date.
    #[serde(rename = "chậm tiến độ")]
    Late,
    /// Đã hoàn thành.
    #[serde(rename = "đã hoàn thành")]
    Done,
}

impl TaskStatus {
    /// The status as the tracker writes it.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::DueSoon => "sắp đến hạn",
            TaskStatus::InProgress => "đang thực hiện",
            TaskStatus::Late => "chậm tiến độ",
            TaskStatus::Done => "đã hoàn thành",
        }
    }
}

/// A task: the fields of Quy chế 06-QC/TU Điều 4 khoản 1 plus where it was found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// Its position among the document's tasks (0-based): with the document id, its identity.
    pub index: u32,
    /// Cấp giao nhiệm vụ: the assigning level (the issuing body).
    pub assigning_level: Option<String>,
    /// Người giao nhiệm vụ: the assigning person (the signer).
    pub assigner: Option<String>,
    /// Văn bản giao nhiệm vụ: the assigning document.
    pub document: AssigningDocument,
    /// Tên nhiệm vụ.
    pub name: String,
    /// Nhóm nhiệm vụ.
    pub group: Option<String>,
    /// Ngày giao.
    pub assigned: Option<NaiveDate>,
    /// Ngày hoàn thành: the due date, when known.
    pub due: Option<NaiveDate>,
    /// Có thời hạn (true) or không có thời hạn (false), Điều 3.
    pub has_deadline: bool,
    /// Địa phương, đơn vị, cá nhân chủ trì.
    pub lead: Vec<String>,
    /// Địa phương, đơn vị, cá nhân phối hợp.
    pub support: Vec<String>,
    /// Tình hình thực hiện; `None` until computed for a day or set by the tracker.
    pub status: Option<TaskStatus>,
    /// Date of the last progress report (set by the tracker; never found in a document).
    pub last_report: Option<NaiveDate>,
    /// Thông tin cần thiết khác (lộ trình, ghi chú).
    pub notes: Option<String>,
    /// Where it sits in the document.
    pub loc: Loc,
    /// What must be done, as written.
    pub action: String,
    /// The time limit as written (`Trong thời hạn 07 ngày làm việc ...`).
    pub deadline_text: Option<String>,
    /// iCalendar RRULE of a recurring task (`FREQ=MONTHLY;BYMONTHDAY=1`).
    pub rrule: Option<String>,
    /// 1-based line where it is stated.
    pub line: u32,
    /// Page where it is stated.
    pub page: u32,
}

/// The fields that Điều 4 khoản 2 allows for a task of a document marked
/// Mật, Tối mật or Tuyệt mật.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictedTask {
    /// Its position among the document's tasks.
    pub index: u32,
    /// The assigning document's id (for a stable identity, not shown).
    pub document_id: String,
    /// Cấp giao nhiệm vụ.
    pub assigning_level: Option<String>,
    /// Người giao nhiệm vụ.
    pub assigner: Option<String>,
    /// Tên nhiệm vụ: the document's symbol and secrecy level, nothing of its content.
    pub name: String,
    /// Ngày giao.
    pub assigned: Option<NaiveDate>,
    /// Ngày hoàn thành.
    pub due: Option<NaiveDate>,
    /// Chủ trì.
    pub lead: Vec<String>,
    /// Tình hình thực hiện.
    pub status: Option<TaskStatus>,
}

/// Days before its due date from which a task is "sắp đến hạn".
pub const DUE_SOON_DAYS: i64 = 7;

/// Working days past its due date after which a task with a deadline is
/// overdue (Quy chế 06-QC/TU Điều 8 khoản 1 điểm d: "quá hạn 07 ngày làm việc").
pub const OVERDUE_WORKING_DAYS: i64 = 7;

/// Days without a progress report after which a task without a deadline is
/// overdue (Điều 8 khoản 1 điểm d: "14 ngày ... không có báo cáo tiến độ").
pub const SILENT_DAYS: i64 = 14;

impl TaskRecord {
    /// The status on `today`: done stays done; otherwise late past the due
    /// date, due soon within [`DUE_SOON_DAYS`], in progress else.
    pub fn status_on(&self, today: NaiveDate) -> TaskStatus {
        if self.status == Some(TaskStatus::Done) {
            return TaskStatus::Done;
        }
        match self.due {
            Some(due) if today > due => TaskStatus::Late,
            Some(due) if (due - today).num_days() <= DUE_SOON_DAYS => TaskStatus::DueSoon,
            _ => TaskStatus::InProgress,
        }
    }

    /// Whether the Văn phòng must send a reminder on `today` (Điều 8 khoản 1 điểm d).
    ///
    /// A task with a due date is overdue once [`OVERDUE_WORKING_DAYS`]
    /// working days have passed since it (counted on `calendar`); a task without a deadline is overdue
    /// after [`SILENT_DAYS`] days without a progress report, counted from
    /// the last report or else from the day it was assigned. A task with a
    /// deadline that is not resolved to a date, or done, is never overdue.
    pub fn is_overdue(&self, today: NaiveDate, calendar: &WorkingCalendar) -> bool {
        if self.status == Some(TaskStatus::Done) {
            return false;
        }
        match self.due {
            Some(due) => calendar.add_working_days(due, OVERDUE_WORKING_DAYS).is_some_and(|limit| today >= limit),
            None if !self.has_deadline => {
                self.last_report.or(self.assigned).is_some_and(|since| (today - since).num_days() >= SILENT_DAYS)
            }
            None => false,
        }
    }

    /// Whether Điều 4 khoản 2 applies: the assigning document is classified.
    pub fn is_restricted(&self) -> bool {
        self.document.confidentiality.is_some()
    }

    /// The restricted field set of Điều 4 khoản 2 (name = symbol and secrecy level).
    pub fn restricted(&self) -> RestrictedTask {
        let symbol = self.document.symbol.as_deref().unwrap_or("(không số)");
        let name = match self.document.confidentiality {
            Some(level) => format!("{symbol} ({})", level.label()),
            None => symbol.to_string(),
        };
        RestrictedTask {
            index: self.index,
            document_id: self.document.id.clone(),
            assigning_level: self.assigning_level.clone(),
            assigner: self.assigner.clone(),
            name,
            assigned: self.assigned,
            due: self.due,
            lead: self.lead.clone(),
            status: self.status,
        }
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

/// The record of a processed document, with what the pipeline gives today:
/// id, path, format, pages and the repaired text.
///
/// Header fields, articles and tasks stay empty until the structure and
/// extraction stages fill [`ProcessedDocument`]. Fails only when the file
/// cannot be read again to hash it.
pub fn from_processed(document: &ProcessedDocument) -> io::Result<DocumentRecord> {
    let text = &document.repaired.text;
    let mut page_lines = Vec::new();
    let mut last_page = 0;
    for (i, line) in text.lines.iter().enumerate() {
        if line.page != last_page {
            page_lines.push(i as u32 + 1);
            last_page = line.page;
        }
    }
    let mut record = DocumentRecord::new(file_id(&document.read.path)?, &document.read.path, document.read.format);
    record.pages = text.lines.iter().map(|l| l.page).max().unwrap_or(1).max(1);
    record.page_lines = page_lines;
    record.text = text.joined();
    Ok(record)
}

impl DocumentRecord {
    /// A one-page document with no text, header, articles or tasks.
    pub fn new(id: String, path: &Path, format: SourceFormat) -> Self {
        DocumentRecord {
            id,
            path: path.to_path_buf(),
            format,
            symbol: None,
            doc_type: None,
            issuer: None,
            date: None,
            place: None,
            title: None,
            signer: None,
            signer_title: None,
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
        assert_eq!(content_id(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn restricted_view_keeps_only_the_allowed_fields() {
        let task = TaskRecord {
            name: "Xây dựng đề án".into(),
            action: "Xây dựng đề án về ...".into(),
            support: vec!["Sở Tài chính".into()],
            lead: vec!["Ban Tổ chức Thành ủy".into()],
            document: AssigningDocument {
                symbol: Some("12-KH/TU".into()),
                confidentiality: Some(Confidentiality::TopSecret),
                ..AssigningDocument::default()
            },
            ..TaskRecord::default()
        };
        assert!(task.is_restricted());
        let view = task.restricted();
        assert_eq!(view.name, "12-KH/TU (Tối mật)");
        assert_eq!(view.lead, ["Ban Tổ chức Thành ủy"]);
        let json = serde_json::to_string(&view).unwrap();
        assert!(!json.contains("Sở Tài chính") && !json.contains("đề án"), "{json}");
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn overdue_counts_working_days_past_public_holidays() {
        // Friday 29/8/2025 + 7 working days skips the weekend and 1–2/9 (Quốc khánh).
        let task = TaskRecord { due: Some(date("2025-08-29")), has_deadline: true, ..TaskRecord::default() };
        assert!(!task.is_overdue(date("2025-09-10"), &WorkingCalendar::vietnam()));
        assert!(task.is_overdue(date("2025-09-11"), &WorkingCalendar::vietnam()));
    }

    #[test]
    fn a_task_with_a_deadline_is_overdue_seven_working_days_after_it() {
        let task = TaskRecord { due: Some(date("2025-11-03")), has_deadline: true, ..TaskRecord::default() };
        assert!(!task.is_overdue(date("2025-11-11"), &WorkingCalendar::vietnam()));
        assert!(task.is_overdue(date("2025-11-12"), &WorkingCalendar::vietnam()));
        let done = TaskRecord { status: Some(TaskStatus::Done), ..task };
        assert!(!done.is_overdue(date("2026-01-01"), &WorkingCalendar::vietnam()));
    }

    #[test]
    fn a_task_without_a_deadline_is_overdue_after_fourteen_silent_days() {
        let task = TaskRecord { assigned: Some(date("2025-11-04")), has_deadline: false, ..TaskRecord::default() };
        assert!(!task.is_overdue(date("2025-11-17"), &WorkingCalendar::vietnam()));
        assert!(task.is_overdue(date("2025-11-18"), &WorkingCalendar::vietnam()));
        let reported = TaskRecord { last_report: Some(date("2025-11-15")), ..task.clone() };
        assert!(!reported.is_overdue(date("2025-11-18"), &WorkingCalendar::vietnam()));
        let unresolved = TaskRecord { has_deadline: true, ..task };
        assert!(!unresolved.is_overdue(date("2026-06-01"), &WorkingCalendar::vietnam()));
    }

    #[test]
    fn status_follows_the_due_date() {
        let task = TaskRecord { due: Some(date("2025-12-31")), ..TaskRecord::default() };
        assert_eq!(task.status_on(date("2025-12-01")), TaskStatus::InProgress);
        assert_eq!(task.status_on(date("2025-12-24")), TaskStatus::DueSoon);
        assert_eq!(task.status_on(date("2026-01-01")), TaskStatus::Late);
        let done = TaskRecord { status: Some(TaskStatus::Done), ..task };
        assert_eq!(done.status_on(date("2026-01-01")), TaskStatus::Done);
    }

    #[test]
    fn loc_labels_read_like_the_documents() {
        let loc = Loc { article: Some(4), clause: Some(1), point: Some("đ".into()), part: None };
        assert_eq!(loc.label(), "Điều 4 khoản 1 điểm đ");
        assert_eq!(Loc::default().label(), "");
    }

    #[test]
    fn pages_of_lines() {
        let record = |page_lines: Vec<u32>| DocumentRecord { page_lines, ..DocumentRecord::new(String::new(), Path::new("x.txt"), SourceFormat::Text) };
        let three_pages = record(vec![1, 40, 80]);
        assert_eq!(three_pages.page_of_line(39), 1);
        assert_eq!(three_pages.page_of_line(40), 2);
        assert_eq!(three_pages.page_of_line(200), 3);
        assert_eq!(record(Vec::new()).page_of_line(7), 1);
    }
}
