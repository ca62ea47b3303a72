//! The assembly of the extract stage: deadlines placed and resolved, tracker
//! records, secret documents, confidences.

use super::tracker::{Status, Term};
use super::*;
use crate::structure::parse;

const PLAN: &str = "TỈNH ỦY NGHỆ AN\nSố 12-KH/TU                     Nghệ An, ngày 02 tháng 3 năm 2026\nKẾ HOẠCH\n\
                    thực hiện Chỉ thị số 05-CT/TU\n\
                    1. Văn phòng Tỉnh ủy tổng hợp kết quả, báo cáo trước ngày 31/3/2026.\n\
                    2. Ban Tổ chức Tỉnh ủy báo cáo định kỳ hằng quý.\n\
                    3. Ban Tuyên giáo Tỉnh ủy trả lời trong thời hạn 05 ngày làm việc kể từ ngày nhận được đề nghị.\n\
                    4. Ủy ban Kiểm tra Tỉnh ủy giám sát việc thực hiện.\n\
                    5. Ban Dân vận Tỉnh ủy hoàn thành trong thời hạn 10 ngày kể từ ngày ký Kế hoạch này.";

fn run(text: &str, as_of: &str, line_confidence: Option<Vec<f32>>) -> Extraction {
    let text = Text::from_plain(text);
    let parsed = parse(&text);
    let options = ExtractOptions {
        as_of: as_of.parse().ok(),
        file: Some("plan.pdf".into()),
        line_confidence,
    };
    extract_with(&text, &parsed, &options)
}

fn date(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

#[test]
fn deadlines_are_placed_and_resolved_from_the_document_date() {
    let extraction = run(PLAN, "2026-03-10", None);
    let d = &extraction.deadlines;
    assert_eq!(d.len(), 4, "{d:#?}");
    assert_eq!((d[0].loc.clause, d[0].due), (Some(1), date("2026-03-31")));
    assert_eq!((d[1].loc.clause, d[1].due), (Some(2), date("2026-03-31")));
    assert!(
        d[1].rrule.as_deref().is_some_and(|r| r.starts_with("FREQ=")),
        "{:?}",
        d[1].rrule
    );
    assert_eq!(d[2].due, None, "a period from another event has no date");
    assert_eq!(d[3].due, date("2026-03-12"), "a period from the document's own signing");
    assert_eq!(extraction.directive_numbers, ["12-KH/TU", "05-CT/TU"]);
}

#[test]
fn tracker_records_follow_quy_che_06() {
    let extraction = run(PLAN, "2026-03-27", None);
    let tasks = &extraction.tasks;
    assert_eq!(tasks.len(), 5);
    let first = &tasks[0];
    assert_eq!(first.assigned_by.level.as_deref(), Some("Tỉnh ủy Nghệ An"));
    assert_eq!(first.assigning_document.symbol.as_deref(), Some("12-KH/TU"));
    assert_eq!(first.assigning_document.file.as_deref(), Some("plan.pdf"));
    assert_eq!((first.assigned_on, first.due), (date("2026-03-02"), date("2026-03-31")));
    assert_eq!((first.term, first.status), (Term::Limited, Status::DueSoon));
    assert_eq!(
        first.action.as_deref(),
        Some("Tổng hợp kết quả, báo cáo trước ngày 31/3/2026")
    );
    assert_eq!(
        (tasks[3].term, tasks[3].status, tasks[3].due),
        (Term::Open, Status::InProgress, None)
    );
    assert_eq!(tasks[4].status, Status::Late);
    let later = run(PLAN, "2026-05-04", None);
    assert_eq!(later.tasks[0].status, Status::Late);
    assert_ne!(later.tasks[1].status, Status::Late, "a schedule is never late");
}

#[test]
fn secret_documents_keep_only_the_restricted_fields() {
    let secret = PLAN.replacen("TỈNH ỦY NGHỆ AN\n", "TỈNH ỦY NGHỆ AN\nMẬT\n", 1);
    let extraction = run(&secret, "2026-03-10", None);
    assert_eq!(extraction.confidentiality, Some(Confidentiality::Secret));
    let task = &extraction.tasks[0];
    assert_eq!(task.name, "12-KH/TU (Mật)");
    assert!(task.action.is_none() && task.support.is_none() && task.group.is_none());
    assert!(task.assigning_document.file.is_none());
    let json = serde_json::to_value(task).expect("serialises");
    assert!(json.get("action").is_none() && json.get("support").is_none());
    assert_eq!(json["lead"][0], "Văn phòng Tỉnh ủy");
}

#[test]
fn the_repair_confidence_scales_every_item() {
    let plain = run(PLAN, "2026-03-10", None);
    let lines = PLAN.lines().count();
    let doubtful = run(PLAN, "2026-03-10", Some(vec![0.5; lines]));
    assert!((plain.tasks[0].confidence - 0.9).abs() < 1e-6);
    assert!((doubtful.tasks[0].confidence - 0.45).abs() < 1e-6);
    assert!((doubtful.deadlines[0].confidence - DEADLINE_PRIOR * 0.5).abs() < 1e-6);
    assert!(doubtful.body_mentions.iter().all(|m| m.confidence <= 0.45 + 1e-6));
}
