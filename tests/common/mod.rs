//! Shared by the integration tests: access to `../shared` (texts and gold
//! files, with a printed message and `None` when the folder is absent), and
//! the small fixture documents of the index tests (written to files, since
//! the index keys documents on their file's bytes).

#![allow(dead_code)] // each test crate uses a different part

pub mod score;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use vanban::extract::tracker::{Confidentiality, TaskItem, Term};
use vanban::index::records::{ArticleRecord, DocumentRecord, TaskRecord, file_id};
use vanban::source::SourceFormat;
use vanban::structure::Loc;
use vanban::text::Span;

/// The shared data folder, or `None` (with a message) when it is absent.
pub fn shared() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if root.is_dir() {
        Some(root)
    } else {
        println!("skipped: ../shared is absent");
        None
    }
}

/// A text file under `../shared`.
pub fn shared_text(relative: &str) -> Option<String> {
    let path = shared()?.join(relative);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => {
            println!("skipped: {}: {error}", path.display());
            None
        }
    }
}

/// The gold extraction of a development seed (`dev/NNN.json`).
pub fn gold(seed: &str) -> Option<serde_json::Value> {
    let text = shared_text(&format!("dev/{seed}.json"))?;
    serde_json::from_str(&text).ok()
}

/// A day.
pub fn day(text: &str) -> NaiveDate {
    text.parse().expect("a valid test date")
}

/// A fresh, empty directory under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

const QUY_CHE: &str = "\
QUY CHẾ
theo dõi, đôn đốc việc thực hiện nhiệm vụ do Thành ủy giao
Điều 4. Những nội dung phải cập nhật
1. Đối với văn bản giao nhiệm vụ:
a) Cấp giao nhiệm vụ, người giao nhiệm vụ.
b) Văn bản giao nhiệm vụ Thành ủy giao (có file đính kèm).
Điều 5. Trách nhiệm cập nhật thông tin
1. Văn phòng Thành ủy có trách nhiệm cập nhật nhiệm vụ lên Hệ thống.
2. Ban Tổ chức Thành ủy báo cáo kết quả.";

const KE_HOACH: &str = "\
KE HOACH thanh uy giao thanh uy giao
thanh uy giao cac don vi thanh uy giao nhiem vu
thanh uy giao thanh uy giao thanh uy giao";

const MAT: &str = "\
KẾ HOẠCH bảo đảm an ninh
Công an thành phố triển khai phương án.";

/// The file names of the fixture documents, in order.
pub const FILES: [&str; 3] = ["quy-che.txt", "ke-hoach.txt", "mat.txt"];

/// Writes the fixture files into `dir` and returns their paths.
pub fn write_files(dir: &Path) -> Vec<PathBuf> {
    FILES
        .iter()
        .zip([QUY_CHE, KE_HOACH, MAT])
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("fixture file");
            path
        })
        .collect()
}

/// The record of a fixture file, as the pipeline would make it.
pub fn record(path: &Path) -> Result<DocumentRecord, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read file: {e}"))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let id = file_id(path).map_err(|e| format!("cannot read file: {e}"))?;
    let mut record = DocumentRecord::new(id, path, SourceFormat::Text);
    record.text = text.clone();
    match name {
        "quy-che.txt" => quy_che(&mut record),
        "ke-hoach.txt" => {
            record.header.number = Some("01-KH/TU".into());
            record.header.doc_type = Some("Kế hoạch".into());
            record.header.date = Some("2024-03-01".into());
        }
        "mat.txt" => mat(&mut record),
        _ if text.trim().is_empty() => return Err("empty file".into()),
        _ => {}
    }
    Ok(record)
}

fn quy_che(record: &mut DocumentRecord) {
    let header = &mut record.header;
    header.number = Some("06-QC/TU".into());
    header.doc_type = Some("Quy chế".into());
    header.issuer = Some("Ban Thường vụ Thành ủy Hải Phòng".into());
    header.date = Some("2025-11-04".into());
    header.title = Some("theo dõi, đôn đốc việc thực hiện nhiệm vụ do Thành ủy giao".into());
    header.signer = Some("Lê Tiến Châu".into());
    record.pages = 2;
    record.page_lines = vec![1, 7];
    let lines: Vec<&str> = record.text.lines().collect();
    let article = |number: u32, title: &str, from: usize, to: usize| ArticleRecord {
        chapter: Some("II".into()),
        number: Some(number.into()),
        title: Some(title.into()),
        text: lines[from - 1..to].join("\n"),
        line: from as u32,
        page: if from >= 7 { 2 } else { 1 },
        ..ArticleRecord::default()
    };
    record.articles = vec![
        article(4, "Những nội dung phải cập nhật", 3, 6),
        article(5, "Trách nhiệm cập nhật thông tin", 7, 9),
    ];
    let task = |index: u32, lead: &str, due: Option<&str>, clause: u32, line: u32| {
        let item = TaskItem {
            name: format!("Nhiệm vụ {index}"),
            lead: vec![lead.into()],
            loc: Loc {
                article: Some(5.into()),
                clause: Some(clause),
                ..Loc::default()
            },
            action: Some(lines[line as usize - 1].to_string()),
            due: due.map(day),
            term: if due.is_some() { Term::Limited } else { Term::Open },
            span: line_span(line, 2),
            ..tracker_fields(record)
        };
        TaskRecord {
            document_id: record.id.clone(),
            index,
            task: item,
            ..TaskRecord::default()
        }
    };
    record.tasks = vec![
        task(0, "Văn phòng Thành ủy", Some("2025-12-31"), 1, 8),
        task(1, "Ban Tổ chức Thành ủy", Some("2026-03-31"), 2, 9),
        task(2, "Văn phòng Thành ủy", None, 1, 8),
    ];
}

fn mat(record: &mut DocumentRecord) {
    record.header.number = Some("15-KH/TU".into());
    record.header.doc_type = Some("Kế hoạch".into());
    record.header.date = Some("2025-11-03".into());
    record.confidentiality = Some(Confidentiality::Secret);
    let task = TaskItem {
        name: "Triển khai phương án".into(),
        due: Some(day("2025-11-10")),
        term: Term::Limited,
        lead: vec!["Công an thành phố".into()],
        action: Some("Công an thành phố triển khai phương án.".into()),
        span: line_span(2, 1),
        ..tracker_fields(record)
    };
    record.tasks = vec![TaskRecord {
        document_id: record.id.clone(),
        task,
        ..TaskRecord::default()
    }];
}

/// The span of the whole 1-based `line` on `page` (offsets left at 0).
fn line_span(line: u32, page: u32) -> Span {
    let index = line as usize - 1;
    Span {
        line: index,
        end_line: index,
        page,
        source_line: line,
        end_source_line: line,
        ..Span::default()
    }
}

/// A task with the tracker fields a document gives every task of it.
fn tracker_fields(record: &DocumentRecord) -> TaskItem {
    TaskItem::of_document(
        &record.header,
        Some(record.path.display().to_string()),
        record.confidentiality,
    )
}
