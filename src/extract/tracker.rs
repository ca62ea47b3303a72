//! The task tracker's record of a task, as Quy chế 06-QC/TU Điều 4 lists
//! it, and the document's security class: the one model of a task that
//! the index stores (`index::records::TaskRecord` wraps it) and the
//! exports write.
//!
//! Điều 4 khoản 1 (ordinary documents): the assigning level and person, the
//! assigning document (with its file), the task's name and group, the dates
//! assigned and due, the lead and supporting bodies, the status, and notes.
//! Điều 4 khoản 2 (documents sent under the secrecy regime — Mật, Tối mật,
//! Tuyệt mật): only the assigning level and person, a name made of the
//! document's symbol and its class, the dates, the lead, and the status
//! ([`TaskItem::restricted`]).
//!
//! Choices:
//! - date assigned: the document's date; date due: the resolved deadline
//!   (for a schedule, its first occurrence after the document's date);
//! - status on a day ([`TaskItem::status_on`]): `chậm tiến độ` once a
//!   one-off due date has passed, `sắp đến hạn` within [`SOON_DAYS`] of a
//!   due date (for a schedule: of its next occurrence), `đang thực hiện`
//!   otherwise and for tasks without a date; `đã hoàn thành` is for the
//!   tracker's users to set, never inferred from the text, and stays;
//! - `có thời hạn` when a deadline is attached to the task (Điều 3).

use std::sync::LazyLock;

use chrono::{Days, NaiveDate, NaiveTime};
use regex::Regex;
use rrule::RRuleSet;
use serde::{Deserialize, Serialize};

use super::DeadlineItem;
use super::tasks::{LeadSource, Task};
use crate::structure::{Header, Loc, Parsed};
use crate::text::{Span, Text};
use crate::vietnamese::fold;

/// Days before a due date from which a task is `sắp đến hạn`.
pub const SOON_DAYS: u64 = 7;

/// What stands for the symbol of a document that has none.
pub const NO_SYMBOL: &str = "(không số)";

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
    Regex::new(r"(?:^\s*|\s{2,})(?:ĐỘ\s+MẬT:?\s*)?(TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)(?:\s{2,}|\s*$)")
        .expect("stamp pattern is valid")
});

/// Lines read for a stamp when the type line was not found.
const HEADER_LINES: usize = 15;

/// The security class stamped in the header (above the type line): a line
/// `MẬT`, `TỐI MẬT`, `TUYỆT MẬT` (`Độ mật: ...`), alone in any case or in
/// capitals among other header words.
pub fn confidentiality(text: &Text, header: &Header) -> Option<Confidentiality> {
    let end = header
        .spans
        .doc_type
        .map_or(HEADER_LINES, |s| s.line)
        .min(text.lines.len());
    text.lines[..end].iter().find_map(|line| {
        let words: String = fold(&line.text)
            .chars()
            .filter(|c| c.is_alphabetic() || *c == ' ')
            .collect();
        let alone = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let alone = alone.strip_prefix("do mat ").unwrap_or(&alone);
        let class = match alone {
            "mat" => Some(Confidentiality::Secret),
            "toi mat" => Some(Confidentiality::TopSecret),
            "tuyet mat" => Some(Confidentiality::UltraSecret),
            _ => None,
        };
        class.or_else(|| {
            let stamp = STAMP
                .captures(&line.text)?
                .get(1)?
                .as_str()
                .split_whitespace()
                .next()?
                .to_string();
            Some(match stamp.as_str() {
                "TUYỆT" => Confidentiality::UltraSecret,
                "TỐI" => Confidentiality::TopSecret,
                _ => Confidentiality::Secret,
            })
        })
    })
}

/// Where a task stands (Điều 4 khoản 1 điểm g).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Due within [`SOON_DAYS`].
    #[serde(rename = "sắp đến hạn")]
    DueSoon,
    /// Under way.
    #[default]
    #[serde(rename = "đang thực hiện")]
    InProgress,
    /// Past its due date.
    #[serde(rename = "chậm tiến độ")]
    Late,
    /// Done (set by the tracker's users).
    #[serde(rename = "đã hoàn thành")]
    Done,
}

impl Status {
    /// The status as the tracker writes it.
    pub fn label(self) -> &'static str {
        match self {
            Status::DueSoon => "sắp đến hạn",
            Status::InProgress => "đang thực hiện",
            Status::Late => "chậm tiến độ",
            Status::Done => "đã hoàn thành",
        }
    }
}

/// Whether a task has a time limit (Điều 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Term {
    /// Có thời hạn.
    #[serde(rename = "có thời hạn")]
    Limited,
    /// Không có thời hạn.
    #[default]
    #[serde(rename = "không có thời hạn")]
    Open,
}

impl Term {
    /// The class as the tracker writes it.
    pub fn label(self) -> &'static str {
        match self {
            Term::Limited => "có thời hạn",
            Term::Open => "không có thời hạn",
        }
    }
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

/// The assigning document (Điều 4 khoản 1 điểm b).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigningDocument {
    /// Its symbol (`06-QC/TU`).
    pub symbol: Option<String>,
    /// Its type (`Quy chế`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// The file it was read from (the tracker's attached file; left out
    /// for secret documents).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file: Option<String>,
    /// Its security class; `None` for an ordinary document.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub confidentiality: Option<Confidentiality>,
}

/// One task as the tracker stores it: the finder's fields and Điều 4's.
/// `support`, `action`, `group` and the file are absent for secret documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    pub lead_source: LeadSource,
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

impl TaskItem {
    /// A task with only what the document with `header` (read from `file`,
    /// of security class `class`) gives every task it assigns: the assigning
    /// level and person, the assigning document, the date assigned.
    pub fn of_document(header: &Header, file: Option<String>, class: Option<Confidentiality>) -> TaskItem {
        TaskItem {
            assigned_by: AssignedBy {
                level: header.issuer.clone(),
                person: header.signer.clone(),
                title: header.signer_title.clone(),
            },
            assigning_document: AssigningDocument {
                symbol: header.number.clone(),
                doc_type: header.doc_type.clone(),
                date: header.issued_on(),
                file,
                confidentiality: class,
            },
            assigned_on: header.issued_on(),
            ..TaskItem::default()
        }
    }

    /// Whether Điều 4 khoản 2 applies: the assigning document is classified.
    pub fn is_restricted(&self) -> bool {
        self.assigning_document.confidentiality.is_some()
    }

    /// The task as Điều 4 khoản 2 lets it be recorded: for a classified
    /// document, the name becomes the symbol and the class, and the
    /// supporting bodies, the action, the group and the file are dropped;
    /// an ordinary task is returned as it is. Where the task is written
    /// (loc, span) stays, so that it can be traced to its line.
    pub fn restricted(self) -> TaskItem {
        let Some(class) = self.assigning_document.confidentiality else {
            return self;
        };
        let symbol = self.assigning_document.symbol.as_deref().unwrap_or(NO_SYMBOL);
        TaskItem {
            name: format!("{symbol} ({})", class.label()),
            support: None,
            action: None,
            group: None,
            assigning_document: AssigningDocument {
                file: None,
                ..self.assigning_document
            },
            ..self
        }
    }

    /// Where the task stands on `day`: done stays done; late past a
    /// one-off due date; due soon within [`SOON_DAYS`] of the due date that
    /// matters on `day` ([`TaskItem::next_due`]); in progress otherwise.
    pub fn status_on(&self, day: NaiveDate) -> Status {
        if self.status == Status::Done {
            return Status::Done;
        }
        let soon = day.checked_add_days(Days::new(SOON_DAYS));
        match self.next_due(day) {
            Some(due) if due < day => Status::Late,
            Some(due) if soon.is_some_and(|soon| due <= soon) => Status::DueSoon,
            _ => Status::InProgress,
        }
    }

    /// The due date that matters on `day`: a one-off task's due date; for
    /// a schedule, its first occurrence on or after `day` (the RRULE counted
    /// from the first due date), `None` when the RRULE cannot be read.
    pub fn next_due(&self, day: NaiveDate) -> Option<NaiveDate> {
        let due = self.due?;
        let Some(rrule) = self.rrule.as_deref().filter(|_| due < day) else {
            return Some(due);
        };
        let schedule: RRuleSet = format!("DTSTART:{}T000000Z\nRRULE:{rrule}", due.format("%Y%m%d"))
            .parse()
            .ok()?;
        let from = day.and_time(NaiveTime::MIN).and_utc().with_timezone(&rrule::Tz::UTC);
        schedule.after(from).all(1).dates.first().map(|next| next.date_naive())
    }
}

/// What the tracker records take from the document.
pub(crate) struct DocumentFacts<'a> {
    pub parsed: &'a Parsed,
    pub file: Option<&'a str>,
    pub confidentiality: Option<Confidentiality>,
    pub as_of: NaiveDate,
}

impl DocumentFacts<'_> {
    /// The tracker record of `task`, whose confidence is `confidence`,
    /// restricted when the document is classified.
    pub(crate) fn record(&self, task: Task, confidence: f32, deadlines: &[DeadlineItem]) -> TaskItem {
        let deadline = task.deadline.and_then(|i| deadlines.get(i));
        let mut item = TaskItem {
            name: cut_name(&task.action),
            loc: task.loc,
            lead: task.lead,
            support: Some(task.support),
            action: Some(task.action),
            deadline: task.deadline,
            span: task.span,
            confidence,
            lead_source: task.lead_source,
            group: task.group,
            due: deadline.and_then(|d| d.due),
            rrule: deadline.and_then(|d| d.rrule.clone()),
            term: if deadline.is_some() { Term::Limited } else { Term::Open },
            ..TaskItem::of_document(
                &self.parsed.document,
                self.file.map(str::to_string),
                self.confidentiality,
            )
        };
        item.status = item.status_on(self.as_of);
        item.restricted()
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
        assert_eq!(
            class_of("TỈNH ỦY NGHỆ AN\nMẬT\nSố 12-KH/TU\nKẾ HOẠCH\nvề x"),
            Some(Confidentiality::Secret)
        );
        assert_eq!(
            class_of("TỐI MẬT\nTỈNH ỦY NGHỆ AN\nKẾ HOẠCH\nvề x"),
            Some(Confidentiality::TopSecret)
        );
        assert_eq!(
            class_of("Độ mật: Tuyệt mật\nTHÀNH ỦY HÀ NỘI\nQUY CHẾ\nvề x"),
            Some(Confidentiality::UltraSecret)
        );
        assert_eq!(
            class_of("TỈNH ỦY NGHỆ AN   MẬT\nSố 1-KH/TU\nKẾ HOẠCH\nvề x"),
            Some(Confidentiality::Secret)
        );
    }

    #[test]
    fn secrecy_words_in_the_text_are_no_stamp() {
        assert_eq!(
            class_of("TỈNH ỦY NGHỆ AN\nQUY CHẾ\nbảo vệ bí mật nhà nước\nĐiều 1. Mật\nTài liệu mật"),
            None
        );
        assert_eq!(class_of("TỈNH ỦY\nHƯỚNG DẪN\ncông tác BẢO MẬT"), None);
        assert_eq!(class_of("CÔNG TÁC BẢO MẬT\nTỈNH ỦY"), None);
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a valid test date")
    }

    #[test]
    fn status_follows_the_due_date() {
        let task = TaskItem {
            due: Some(date("2025-12-31")),
            term: Term::Limited,
            ..TaskItem::default()
        };
        assert_eq!(task.status_on(date("2025-12-01")), Status::InProgress);
        assert_eq!(task.status_on(date("2025-12-24")), Status::DueSoon);
        assert_eq!(task.status_on(date("2026-01-01")), Status::Late);
        let done = TaskItem {
            status: Status::Done,
            ..task
        };
        assert_eq!(done.status_on(date("2026-01-01")), Status::Done);
    }

    #[test]
    fn a_schedule_is_due_on_its_next_occurrence() {
        let monthly = TaskItem {
            due: Some(date("2025-11-30")),
            rrule: Some("FREQ=MONTHLY;BYMONTHDAY=-1".into()),
            ..TaskItem::default()
        };
        assert_eq!(monthly.next_due(date("2025-11-10")), Some(date("2025-11-30")));
        assert_eq!(monthly.next_due(date("2026-02-03")), Some(date("2026-02-28")));
        assert_eq!(monthly.status_on(date("2026-02-03")), Status::InProgress);
        assert_eq!(monthly.status_on(date("2026-02-23")), Status::DueSoon);
        let unreadable = TaskItem {
            rrule: Some("FREQ=NEVER".into()),
            ..monthly
        };
        assert_eq!(unreadable.status_on(date("2026-02-23")), Status::InProgress);
    }

    #[test]
    fn the_restricted_view_keeps_only_the_fields_of_khoan_2() {
        let task = TaskItem {
            name: "Xây dựng đề án".into(),
            action: Some("Xây dựng đề án về ...".into()),
            support: Some(vec!["Sở Tài chính".into()]),
            lead: vec!["Ban Tổ chức Thành ủy".into()],
            group: Some("Nhiệm vụ trọng tâm".into()),
            assigning_document: AssigningDocument {
                symbol: Some("12-KH/TU".into()),
                file: Some("mat.pdf".into()),
                confidentiality: Some(Confidentiality::TopSecret),
                ..AssigningDocument::default()
            },
            ..TaskItem::default()
        };
        assert!(task.is_restricted());
        let view = task.restricted();
        assert_eq!(view.name, "12-KH/TU (Tối mật)");
        assert_eq!(view.lead, ["Ban Tổ chức Thành ủy"]);
        let json = serde_json::to_string(&view).unwrap();
        for withheld in ["Sở Tài chính", "đề án", "trọng tâm", "mat.pdf"] {
            assert!(!json.contains(withheld), "{withheld}: {json}");
        }
        let ordinary = TaskItem {
            name: "Rà soát".into(),
            ..TaskItem::default()
        };
        assert_eq!(ordinary.clone().restricted(), ordinary);
    }

    #[test]
    fn names_are_the_first_clause() {
        assert_eq!(cut_name("Rà soát hồ sơ; báo cáo kết quả"), "Rà soát hồ sơ");
        assert!(cut_name(&"báo cáo ".repeat(40)).ends_with('…'));
    }
}
