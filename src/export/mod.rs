//! Exports for the task tracker: CSV, JSON lines, an aligned table and iCalendar.
//!
//! Reads: [`TaskRecord`]s (from the index, or straight from an extraction
//! through [`crate::index::records::task_records`]). Writes: the task feed
//! that seeds the tracker, with the fields of Quy chế 06-QC/TU Điều 4. Every
//! format writes a record's [`TaskRecord::view`]: a task of a document
//! marked Mật, Tối mật or Tuyệt mật keeps only what its khoản 2 allows. CSV
//! headers are the tracker's Vietnamese field names; JSON keeps the
//! records' English names.

mod ics;
mod table;

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use thiserror::Error;

use crate::index::records::TaskRecord;

/// The formats of the task feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskFormat {
    /// An aligned text table for people.
    Table,
    /// CSV with the tracker's Vietnamese headers.
    Csv,
    /// One JSON object per task.
    Jsonl,
    /// An iCalendar file with one VTODO per task.
    Ics,
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("cannot write the tasks: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("cannot write the tasks as CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The JSON writer failed.
    #[error("cannot write the tasks as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `tasks` in `format`; `stamp` is the iCalendar DTSTAMP (when the feed was made).
pub fn write_tasks(
    format: TaskFormat,
    tasks: &[TaskRecord],
    stamp: DateTime<Utc>,
    mut out: impl Write,
) -> Result<(), ExportError> {
    match format {
        TaskFormat::Table => table::write(tasks, &mut out)?,
        TaskFormat::Csv => write_csv(tasks, &mut out)?,
        TaskFormat::Jsonl => write_jsonl(tasks, &mut out)?,
        TaskFormat::Ics => ics::write(tasks, stamp, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// Writes `tasks` as CSV, one [`TrackerRow`] per task, after the header
/// line (written even when there is no task).
pub fn write_csv(tasks: &[TaskRecord], mut out: impl Write) -> Result<(), ExportError> {
    let rows: Vec<TrackerRow> = match tasks {
        [] => vec![TrackerRow::default()], // serialised for its header line only
        _ => tasks.iter().map(TrackerRow::of).collect(),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    let mut bytes = writer.into_inner().map_err(|e| e.into_error())?;
    if tasks.is_empty() {
        bytes.truncate(bytes.iter().position(|&b| b == b'\n').map_or(0, |end| end + 1));
    }
    out.write_all(&bytes)?;
    Ok(())
}

/// Writes `tasks` as JSON lines: each record's [`TaskRecord::view`].
pub fn write_jsonl(tasks: &[TaskRecord], mut out: impl Write) -> Result<(), ExportError> {
    for task in tasks {
        serde_json::to_writer(&mut out, &*task.view())?;
        writeln!(out)?;
    }
    Ok(())
}

/// One task as a row of the tracker (Quy chế 06-QC/TU Điều 4 khoản 1),
/// with the tracker's Vietnamese field names as headers. The fields that
/// khoản 2 withholds are empty for a classified document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrackerRow {
    /// Stable identity (document id and position).
    #[serde(rename = "Mã")]
    pub uid: String,
    /// Điểm a.
    #[serde(rename = "Cấp giao nhiệm vụ")]
    pub assigning_level: String,
    /// Điểm a.
    #[serde(rename = "Người giao nhiệm vụ")]
    pub assigner: String,
    /// Điểm b: the document's symbol.
    #[serde(rename = "Văn bản giao nhiệm vụ")]
    pub document: String,
    /// Điểm b: the document's date.
    #[serde(rename = "Ngày văn bản")]
    pub document_date: String,
    /// Điểm b: the attached file.
    #[serde(rename = "File đính kèm")]
    pub file: String,
    /// The document's secrecy level.
    #[serde(rename = "Độ mật")]
    pub confidentiality: String,
    /// Điểm c.
    #[serde(rename = "Tên nhiệm vụ")]
    pub name: String,
    /// Điểm d.
    #[serde(rename = "Nhóm nhiệm vụ")]
    pub group: String,
    /// Điểm đ.
    #[serde(rename = "Ngày giao")]
    pub assigned: String,
    /// Điểm đ.
    #[serde(rename = "Ngày hoàn thành")]
    pub due: String,
    /// Điều 3: có thời hạn / không có thời hạn.
    #[serde(rename = "Phân loại")]
    pub term: String,
    /// Điểm e: lead bodies, `; `-separated.
    #[serde(rename = "Chủ trì")]
    pub lead: String,
    /// Điểm e: supporting bodies, `; `-separated.
    #[serde(rename = "Phối hợp")]
    pub support: String,
    /// Điểm g.
    #[serde(rename = "Tình hình thực hiện")]
    pub status: String,
    /// Điểm h.
    #[serde(rename = "Thông tin khác")]
    pub notes: String,
    /// Điều / khoản / điểm in the document.
    #[serde(rename = "Vị trí")]
    pub loc: String,
    /// What must be done, as written.
    #[serde(rename = "Nội dung")]
    pub action: String,
    /// The time limit as written.
    #[serde(rename = "Thời hạn")]
    pub deadline: String,
    /// iCalendar RRULE of a recurring task.
    #[serde(rename = "Lặp lại")]
    pub rrule: String,
    /// Page where it is stated.
    #[serde(rename = "Trang")]
    pub page: String,
    /// Source line where it is stated.
    #[serde(rename = "Dòng")]
    pub line: String,
}

impl TrackerRow {
    /// The row of `record`'s [`TaskRecord::view`]: the fields that Điều 4
    /// khoản 2 withholds are empty for a classified document.
    pub fn of(record: &TaskRecord) -> Self {
        let record = record.view();
        let task = &record.task;
        let document = &task.assigning_document;
        TrackerRow {
            uid: record.uid(),
            assigning_level: text(&task.assigned_by.level),
            assigner: text(&task.assigned_by.person),
            document: text(&document.symbol),
            document_date: date(document.date),
            file: text(&document.file),
            confidentiality: document
                .confidentiality
                .map(|c| c.label().to_string())
                .unwrap_or_default(),
            name: task.name.clone(),
            group: text(&task.group),
            assigned: date(task.assigned_on),
            due: date(task.due),
            term: task.term.label().to_string(),
            lead: task.lead.join("; "),
            support: task.support.as_deref().unwrap_or_default().join("; "),
            status: task.status.label().to_string(),
            notes: text(&record.notes),
            loc: task.loc.label(),
            action: text(&task.action),
            deadline: text(&record.deadline_text),
            rrule: text(&task.rrule),
            page: task.span.page.to_string(),
            line: task.span.source_line.to_string(),
        }
    }
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// A date as the tracker imports it: ISO 8601 (`2025-12-31`), empty when unknown.
fn date(value: Option<NaiveDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::extract::tracker::{AssignedBy, AssigningDocument, Confidentiality, Status, TaskItem, Term};
    use crate::structure::Loc;
    use crate::text::Span;

    /// Two tasks: an ordinary one and one of a Tối mật document.
    pub(crate) fn sample_tasks() -> Vec<TaskRecord> {
        let ordinary = TaskItem {
            assigned_by: AssignedBy {
                level: Some("Ban Thường vụ Thành ủy".into()),
                person: Some("Lê Tiến Châu".into()),
                title: Some("Bí thư".into()),
            },
            assigning_document: AssigningDocument {
                symbol: Some("06-QC/TU".into()),
                doc_type: Some("Quy chế".into()),
                date: Some(NaiveDate::from_ymd_opt(2025, 11, 4).unwrap()),
                file: Some("corpus/001.txt".into()),
                confidentiality: None,
            },
            name: "Cập nhật nhiệm vụ lên Hệ thống".into(),
            due: Some(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()),
            term: Term::Limited,
            lead: vec!["Văn phòng Thành ủy".into()],
            support: Some(vec!["Ban Tổ chức Thành ủy".into(), "Sở Nội vụ".into()]),
            status: Status::InProgress,
            loc: Loc {
                article: Some(5.into()),
                clause: Some(1),
                ..Loc::default()
            },
            action: Some("cập nhật nhiệm vụ cần theo dõi lên Hệ thống, \"ngay\" sau khi ban hành".into()),
            rrule: Some("FREQ=MONTHLY;BYMONTHDAY=1".into()),
            span: Span {
                line: 119,
                end_line: 119,
                source_line: 120,
                end_source_line: 120,
                page: 3,
                ..Span::default()
            },
            ..TaskItem::default()
        };
        let secret = TaskItem {
            assigning_document: AssigningDocument {
                symbol: Some("15-KH/TU".into()),
                file: Some("mat.txt".into()),
                confidentiality: Some(Confidentiality::TopSecret),
                ..AssigningDocument::default()
            },
            name: "Nội dung mật".into(),
            action: Some("Triển khai phương án bí mật".into()),
            lead: vec!["Công an thành phố".into()],
            support: Some(vec!["Bộ Chỉ huy Quân sự".into()]),
            ..TaskItem::default()
        };
        vec![
            TaskRecord {
                document_id: "abc".into(),
                index: 0,
                task: ordinary,
                ..TaskRecord::default()
            },
            TaskRecord {
                document_id: "def".into(),
                index: 1,
                task: secret,
                deadline_text: Some("theo phương án bí mật".into()),
                ..TaskRecord::default()
            },
        ]
    }

    fn written(format: TaskFormat) -> String {
        let mut out = Vec::new();
        write_tasks(format, &sample_tasks(), DateTime::UNIX_EPOCH, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_has_the_tracker_headers_and_quotes_commas() {
        let csv = written(TaskFormat::Csv);
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        assert!(
            header.starts_with("Mã,Cấp giao nhiệm vụ,Người giao nhiệm vụ,Văn bản giao nhiệm vụ"),
            "{header}"
        );
        let first = lines.next().unwrap();
        assert!(
            first.contains("abc-0,Ban Thường vụ Thành ủy,Lê Tiến Châu,06-QC/TU,2025-11-04"),
            "{first}"
        );
        assert!(
            first.contains("\"cập nhật nhiệm vụ cần theo dõi lên Hệ thống, \"\"ngay\"\" sau khi ban hành\""),
            "{first}"
        );
        assert!(
            first.contains("Ban Tổ chức Thành ủy; Sở Nội vụ") && first.contains("Điều 5 khoản 1"),
            "{first}"
        );
    }

    #[test]
    fn an_empty_feed_is_a_header_line() {
        let mut out = Vec::new();
        write_csv(&[], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let with_rows = written(TaskFormat::Csv);
        assert_eq!(text.lines().collect::<Vec<_>>(), [with_rows.lines().next().unwrap()]);
    }

    #[test]
    fn classified_tasks_keep_only_the_fields_of_khoan_2_in_every_format() {
        for format in [TaskFormat::Csv, TaskFormat::Jsonl, TaskFormat::Table, TaskFormat::Ics] {
            let out = written(format);
            assert!(out.contains("15-KH/TU (Tối mật)"), "{format:?}: {out}");
            assert!(out.contains("Công an thành phố"), "{format:?}");
            for withheld in ["Nội dung mật", "phương án bí mật", "Bộ Chỉ huy Quân sự", "mat.txt"] {
                assert!(!out.contains(withheld), "{format:?} shows {withheld}: {out}");
            }
        }
    }

    #[test]
    fn jsonl_is_one_record_per_line() {
        let out = written(TaskFormat::Jsonl);
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["assigning_document"]["symbol"], "06-QC/TU");
        assert_eq!(lines[0]["status"], "đang thực hiện");
        assert_eq!(lines[1]["name"], "15-KH/TU (Tối mật)");
    }
}
