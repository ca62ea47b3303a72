//! The task tracker's record of a task, as Quy chế 06-QC/TU Điều 4 lists
//! it, and the document's security class.
//!
//! Điều 4 khoản 1 (ordinary documents): the assigning level and person, the
//! assigning document (with its file), the task's name and group, the dates
//! assigned and due, the lead and supporting bodies, the status, and notes.
//! Điều 4 khoản 2 (documents sent under the secrecy regime — Mật, Tối mật,
//! Tuyệt mật): only the assigning level and person, a name made of the
//! document's symbol and its class, the dates, the lead, and the status.
//!
//! Choices:
//! - date assigned: the document's date; date due: the resolved deadline
//!   (for a schedule, its first occurrence after the document's date);
//! - status, against a given day (`as_of`): `chậm tiến độ` once a one-off
//!   due date has passed, `sắp đến hạn` within [`SOON_DAYS`] of a due date
//!   (for a schedule: of its next occurrence), `đang thực hiện` otherwise
//!   and for tasks without a date; `đã hoàn thành` is for the tracker's
//!   users to set, never inferred from the text;
//! - `có thời hạn` when a deadline is attached to the task (Điều 3).

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::DeadlineItem;
use super::calendar::WorkingCalendar;
use super::tasks::Task;
use crate::structure::{Header, Loc, Parsed};
use crate::text::{Span, Text};
use crate::vietnamese::fold;

/// Days before a due date from which a task is `sắp đến hạn`.
pub const SOON_DAYS: u64 = 7;

/// Longest task name, in characters.
const MAX_NAME_CHARS: usize = 120;

/// A document's security class (độ mật), from its stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The class as the stamp names it.
    pub fn label(self) -> &'static str {
        match self {
            Confidentiality::Secret => "Mật",
            Confidentiality::TopSecret => "Tối mật",
            Confidentiality::UltraSecret => "Tuyệt mật",
        }
    }
}

/// A stamp in capitals set apart (by two spaces or the line's ends) among
/// a header line's columns.
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^\s*|\s{2,})(?:ĐỘ\s+MẬT:?\s*)?(TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)(?:\s{2,}|\s*$)").expect("stamp pattern is valid")
});

/// Lines read for a stamp when the type line was not found.
const HEADER_LINES: usize = 15;

/// The security class stamped in the header (above the type line): a line
/// `MẬT`, `TỐI MẬT`, `TUYỆT MẬT` (`Độ mật: ...`), alone in any case or in
/// capitals among other header words.
pub fn confidentiality(text: &Text, header: &Header) -> Option<Confidentiality> {
    let end = header.spans.doc_type.map_or(HEADER_LINES, |s| s.line).min(text.lines.len());
    text.lines[..end].iter().find_map(|line| {
        let words: String = fold(&line.text).chars().filter(|c| c.is_alphabetic() || *c == ' ').collect();
        let alone = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let alone = alone.strip_prefix("do mat ").unwrap_or(&alone);
        let class = match alone {
            "mat" => Some(Confidentiality::Secret),
            "toi mat" => Some(Confidentiality::TopSecret),
            "tuyet mat" => Some(Confidentiality::UltraSecret),
            _ => None,
        };
        class.or_else(|| {
            let stamp = STAMP.captures(&line.text)?.get(1)?.as_str().split_whitespace().next()?.to_string();
            Some(match stamp.as_str() {
                "TUYỆT" => Confidentiality::UltraSecret,
                "TỐI" => Confidentiality::TopSecret,
                _ => Confidentiality::Secret,
            })
        })
    })
}

/// Where a task stands (Điều 4 điểm g).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Due within [`SOON_DAYS`].
    #[serde(rename = "sắp đến hạn")]
    DueSoon,
    /// Under way.
    #[serde(rename = "đang thực hiện")]
    InProgress,
    /// Past its due date.
    #[serde(rename = "chậm tiến độ")]
    Late,
    /// Done (set by the tracker's users).
    #[serde(rename = "đã hoàn thành")]
    Done,
}

/// Whether a task has a time limit (Điều 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Term {
    /// Có thời hạn.
    #[serde(rename = "có thời hạn")]
    Limited,
    /// Không có thời hạn.
    #[serde(rename = "không có thời hạn")]
    Open,
}

/// Who assigns (Điều 4 điểm a): the issuing level and the signer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedBy {
    /// The issuing body (`Ban Thường vụ Thành ủy Hải Phòng`).
    pub level: Option<String>,
    /// The signer.
    pub person: Option<String>,
    /// The signer's title.
    pub title: Option<String>,
}

/// The assigning document (Điều 4 điểm b).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigningDocument {
    /// Its symbol (`06-QC/TU`).
    pub symbol: Option<String>,
    /// Its type (`Quy chế`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// The file it was read from (left out for secret documents).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file: Option<String>,
}

/// One task as the tracker stores it: the finder's fields and Điều 4's.
/// `support`, `action`, `group` and the file are absent for secret documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskItem {
    /// The finest Điều / khoản / điểm that holds it.
    pub loc: Loc,
    /// Who must act (chủ trì).
    pub lead: Vec<String>,
    /// Who takes part (phối hợp).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub support: Option<Vec<String>>,
    /// What must be done, in the document's words.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub action: Option<String>,
    /// Index into the document's deadlines.
    pub deadline: Option<usize>,
    /// Where it is written.
    pub span: Span,
    /// Trust in the lead, 0 to 1 (see [`super::tasks::LeadSource::weight`]).
    pub confidence: f32,
    /// How the lead was found.
    pub lead_source: super::tasks::LeadSource,
    /// The task's name (for secret documents: the symbol and the class).
    pub name: String,
    /// The task's group: the title of the unit above it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<String>,
    /// The assigning level and person.
    pub assigned_by: AssignedBy,
    /// The assigning document.
    pub assigning_document: AssigningDocument,
    /// Date assigned: the document's date.
    pub assigned_on: Option<NaiveDate>,
    /// Date due: the resolved deadline.
    pub due: Option<NaiveDate>,
    /// The schedule of a recurring deadline, as an iCalendar RRULE.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rrule: Option<String>,
    /// Có thời hạn / không có thời hạn.
    pub term: Term,
    /// Where the task stands on the day of extraction.
    pub status: Status,
}

/// What the tracker records take from the document.
pub(crate) struct DocumentFacts<'a> {
    pub parsed: &'a Parsed,
    pub file: Option<&'a str>,
    pub confidentiality: Option<Confidentiality>,
    pub as_of: NaiveDate,
}

impl DocumentFacts<'_> {
    fn date(&self) -> Option<NaiveDate> {
        self.parsed.document.date.as_deref().and_then(|d| d.parse().ok())
    }

    /// The tracker record of `task`, whose confidence is `confidence`.
    pub(crate) fn record(&self, task: Task, confidence: f32, deadlines: &[DeadlineItem]) -> TaskItem {
        let header = &self.parsed.document;
        let deadline = task.deadline.and_then(|i| deadlines.get(i));
        let restricted = self.confidentiality.is_some();
        let name = match (self.confidentiality, restricted) {
            (Some(class), true) => format!("{} ({})", header.number.as_deref().unwrap_or("-"), class.label()),
            _ => cut_name(&task.action),
        };
        TaskItem {
            loc: task.loc,
            lead: task.lead,
            support: (!restricted).then_some(task.support),
            action: (!restricted).then_some(task.action),
            deadline: task.deadline,
            span: task.span,
            confidence,
            lead_source: task.lead_source,
            name,
            group: task.group.filter(|_| !restricted),
            assigned_by: AssignedBy {
                level: header.issuer.clone(),
                person: header.signer.clone(),
                title: header.signer_title.clone(),
            },
            assigning_document: AssigningDocument {
                symbol: header.number.clone(),
                doc_type: header.doc_type.clone(),
                date: self.date(),
                file: self.file.filter(|_| !restricted).map(str::to_string),
            },
            assigned_on: self.date(),
            due: deadline.and_then(|d| d.due),
            rrule: deadline.and_then(|d| d.rrule.clone()),
            term: if deadline.is_some() { Term::Limited } else { Term::Open },
            status: self.status(deadline),
        }
    }

    /// The status of a task with `deadline` on [`DocumentFacts::as_of`].
    fn status(&self, deadline: Option<&DeadlineItem>) -> Status {
        let Some(deadline) = deadline else { return Status::InProgress };
        let next = match (&deadline.rrule, deadline.due) {
            (Some(_), Some(first)) => {
                let from = first.max(self.as_of);
                deadline.deadline.resolve(from, &WorkingCalendar::vietnam()).map(|r| r.due)
            }
            (None, due) => due,
            (Some(_), None) => None,
        };
        match next {
            Some(due) if due < self.as_of => Status::Late,
            Some(due) if self.as_of.checked_add_days(Days::new(SOON_DAYS)).is_some_and(|soon| due <= soon) => {
                Status::DueSoon
            }
            _ => Status::InProgress,
        }
    }
}

/// The action's first clause, cut to [`MAX_NAME_CHARS`] at a word.
fn cut_name(action: &str) -> String {
    let first = action.split("; ").next().unwrap_or(action);
    if first.chars().count() <= MAX_NAME_CHARS {
        return first.to_string();
    }
    let byte_max = first.char_indices().nth(MAX_NAME_CHARS).map_or(first.len(), |(i, _)| i);
    let end = first[..byte_max].rfind(' ').unwrap_or(byte_max);
    format!("{}…", first[..end].trim_end_matches([',', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::parse;

    fn class_of(text: &str) -> Option<Confidentiality> {
        let text = Text::from_plain(text);
        confidentiality(&text, &parse(&text).document)
    }

    #[test]
    fn stamps_in_the_header_set_the_class() {
        assert_eq!(class_of("TỈNH ỦY NGHỆ AN\nMẬT\nSố 12-KH/TU\nKẾ HOẠCH\nvề x"), Some(Confidentiality::Secret));
        assert_eq!(class_of("TỐI MẬT\nTỈNH ỦY NGHỆ AN\nKẾ HOẠCH\nvề x"), Some(Confidentiality::TopSecret));
        assert_eq!(class_of("Độ mật: Tuyệt mật\nTHÀNH ỦY HÀ NỘI\nQUY CHẾ\nvề x"), Some(Confidentiality::UltraSecret));
        assert_eq!(class_of("TỈNH ỦY NGHỆ AN   MẬT\nSố 1-KH/TU\nKẾ HOẠCH\nvề x"), Some(Confidentiality::Secret));
    }

    #[test]
    fn secrecy_words_in_the_text_are_no_stamp() {
        assert_eq!(class_of("TỈNH ỦY NGHỆ AN\nQUY CHẾ\nbảo vệ bí mật nhà nước\nĐiều 1. Mật\nTài liệu mật"), None);
        assert_eq!(class_of("TỈNH ỦY\nHƯỚNG DẪN\ncông tác BẢO MẬT"), None);
        assert_eq!(class_of("CÔNG TÁC BẢO MẬT\nTỈNH ỦY"), None);
    }

    #[test]
    fn names_are_the_first_clause() {
        assert_eq!(cut_name("Rà soát hồ sơ; báo cáo kết quả"), "Rà soát hồ sơ");
        assert!(cut_name(&"báo cáo ".repeat(40)).ends_with('…'));
    }
}
