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

use super::{ExportError, TaskView, task_uid};
use crate::index::records::{TaskRecord, TaskStatus};

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

/// The VTODO of one task.
fn todo(task: &TaskRecord, stamp: DateTime<Utc>) -> Todo {
    let mut todo = Todo::new();
    todo.uid(&format!("{}@vanban", task_uid(task))).timestamp(stamp);
    let status = if task.status == Some(TaskStatus::Done) { TodoStatus::Completed } else { TodoStatus::NeedsAction };
    todo.status(status);
    match TaskView::of(task) {
        TaskView::Restricted(view) => {
            todo.summary(&view.name).class(Class::Confidential);
            if !view.lead.is_empty() {
                todo.description(&format!("Chủ trì: {}", view.lead.join("; ")));
            }
        }
        TaskView::Full(task) => {
            todo.summary(&task.name).description(&description(task));
            if let Some(group) = &task.group {
                todo.categories([group]);
            }
            if let Some(rrule) = &task.rrule {
                todo.add_property("RRULE", rrule.as_str());
                if let Some(start) = task.assigned.or(task.document.date) {
                    todo.starts(start);
                }
            }
        }
    }
    if let Some(due) = task.due {
        todo.due(due);
    }
    todo.done()
}

/// Where the task comes from and who does it, one item a line.
fn description(task: &TaskRecord) -> String {
    let mut lines = Vec::new();
    let symbol = task.document.symbol.as_deref().unwrap_or("(không số)");
    let dated = task.document.date.map(|d| format!(" ngày {}", d.format("%d/%m/%Y"))).unwrap_or_default();
    let loc = task.loc.label();
    let at = if loc.is_empty() { String::new() } else { format!(", {loc}") };
    lines.push(format!("Văn bản: {symbol}{dated}{at}"));
    lines.push(format!("Tệp: {}, trang {}, dòng {}", task.document.file.display(), task.page, task.line));
    if !task.lead.is_empty() {
        lines.push(format!("Chủ trì: {}", task.lead.join("; ")));
    }
    if !task.support.is_empty() {
        lines.push(format!("Phối hợp: {}", task.support.join("; ")));
    }
    if let Some(deadline) = &task.deadline_text {
        lines.push(format!("Thời hạn: {deadline}"));
    }
    lines.push(format!("Nội dung: {}", task.action));
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
        assert_eq!(calendar().replace("\r\n ", ""), ics.replace("\r\n ", ""), "the same tasks give the same file");
    }

    #[test]
    fn the_description_names_the_source() {
        let text = description(&sample_tasks()[0]);
        assert!(text.starts_with("Văn bản: 06-QC/TU ngày 04/11/2025, Điều 5 khoản 1\nTệp: corpus/001.txt, trang 3, dòng 120"), "{text}");
    }
}
