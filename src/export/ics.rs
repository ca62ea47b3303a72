//! The task feed as iCalendar: one VTODO per task.
//!
//! UID is stable (document id and position), so re-importing a feed updates
//! tasks instead of duplicating them. DUE is the due date; a recurring task
//! carries its RRULE with DTSTART on the day it was assigned. DESCRIPTION
//! says where the task comes from: document, Điều/khoản/điểm, file, page,
//! line. A task of a classified document has only the fields of Điều 4
//! khoản 2 and CLASS:CONFIDENTIAL.

use std::io::Write;

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Class, Component, EventLike, Todo, TodoStatus};

use super::ExportError;
use crate::extract::tracker::{NO_SYMBOL, Status};
use crate::index::records::TaskRecord;

/// Writes `tasks` as one VCALENDAR; `stamp` is every VTODO's DTSTAMP.
pub(super) fn write(tasks: &[TaskRecord], stamp: DateTime<Utc>, mut out: impl Write) -> Result<(), ExportError> {
    let mut calendar = Calendar::new();
    calendar.name("vanban: nhiệm vụ");
    for task in tasks {
        calendar.push(todo(task, stamp));
    }
    write!(out, "{}", calendar.done())?;
    Ok(())
}

/// The VTODO of one task's [`TaskRecord::view`].
fn todo(record: &TaskRecord, stamp: DateTime<Utc>) -> Todo {
    let record = record.view();
    let task = &record.task;
    let mut todo = Todo::new();
    todo.uid(&format!("{}@vanban", record.uid())).timestamp(stamp);
    let status = if task.status == Status::Done {
        TodoStatus::Completed
    } else {
        TodoStatus::NeedsAction
    };
    todo.status(status).summary(&task.name);
    if task.is_restricted() {
        todo.class(Class::Confidential);
        if !task.lead.is_empty() {
            todo.description(&format!("Chủ trì: {}", task.lead.join("; ")));
        }
    } else {
        todo.description(&description(&record));
        if let Some(group) = &task.group {
            todo.categories([group]);
        }
        if let Some(rrule) = &task.rrule {
            todo.add_property("RRULE", rrule.as_str());
            if let Some(start) = task.assigned_on.or(task.assigning_document.date) {
                todo.starts(start);
            }
        }
    }
    if let Some(due) = task.due {
        todo.due(due);
    }
    todo.done()
}

/// Where the task comes from and who does it, one item a line.
fn description(record: &TaskRecord) -> String {
    let task = &record.task;
    let document = &task.assigning_document;
    let mut lines = Vec::new();
    let symbol = document.symbol.as_deref().unwrap_or(NO_SYMBOL);
    let dated = document
        .date
        .map(|d| format!(" ngày {}", d.format("%d/%m/%Y")))
        .unwrap_or_default();
    let loc = task.loc.label();
    let at = if loc.is_empty() {
        String::new()
    } else {
        format!(", {loc}")
    };
    lines.push(format!("Văn bản: {symbol}{dated}{at}"));
    let file = document.file.as_deref().unwrap_or("-");
    lines.push(format!(
        "Tệp: {file}, trang {}, dòng {}",
        task.span.page, task.span.source_line
    ));
    if !task.lead.is_empty() {
        lines.push(format!("Chủ trì: {}", task.lead.join("; ")));
    }
    if let Some(support) = task.support.as_deref().filter(|s| !s.is_empty()) {
        lines.push(format!("Phối hợp: {}", support.join("; ")));
    }
    if let Some(deadline) = &record.deadline_text {
        lines.push(format!("Thời hạn: {deadline}"));
    }
    if let Some(action) = &task.action {
        lines.push(format!("Nội dung: {action}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_tasks;

    fn calendar() -> String {
        let mut out = Vec::new();
        write(&sample_tasks(), DateTime::UNIX_EPOCH, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn todos_carry_due_rrule_and_a_stable_uid() {
        let ics = calendar();
        assert!(ics.contains("BEGIN:VTODO"));
        assert!(ics.contains("UID:abc-0@vanban"));
        assert!(ics.contains("DUE;VALUE=DATE:20251231"), "{ics}");
        assert!(ics.contains("RRULE:FREQ=MONTHLY;BYMONTHDAY=1"), "{ics}");
        assert!(ics.contains("DTSTART;VALUE=DATE:20251104"), "{ics}");
        assert!(ics.contains("DTSTAMP:19700101T000000Z"));
        assert_eq!(
            calendar().replace("\r\n ", ""),
            ics.replace("\r\n ", ""),
            "the same tasks give the same file"
        );
    }

    #[test]
    fn the_description_names_the_source() {
        let text = description(&sample_tasks()[0]);
        assert!(
            text.starts_with(
                "Văn bản: 06-QC/TU ngày 04/11/2025, Điều 5 khoản 1\nTệp: corpus/001.txt, trang 3, dòng 120"
            ),
            "{text}"
        );
    }
}
