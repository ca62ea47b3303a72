//! The index through the library: ingest, idempotency, the writer lock,
//! search with and without diacritics, and the task feed's filters.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{day, record, scratch, write_files};
use vanban::extract::calendar::WorkingCalendar;
use vanban::index::ingest::{IngestOptions, Outcome, Progress};
use vanban::index::records::DocumentRecord;
use vanban::index::{self, IndexError, IndexStats, Kind, SearchRequest, TaskFilter, VanbanIndex};

fn options() -> IngestOptions {
    IngestOptions {
        today: day("2025-11-20"),
        ..IngestOptions::default()
    }
}

/// An index of the three fixture documents.
fn fixture_index(name: &str) -> (PathBuf, Vec<PathBuf>, VanbanIndex) {
    let dir = scratch(name);
    let files = write_files(&dir);
    let index_dir = dir.join("index");
    let summary = index::ingest(&files, &index_dir, &options(), record, &()).unwrap();
    assert_eq!(summary.added, 3, "{summary:?}");
    let index = VanbanIndex::open(&index_dir).unwrap();
    (dir, files, index)
}

const FIXTURE_ROWS: IndexStats = IndexStats {
    documents: 3,
    articles: 2,
    tasks: 4,
};

fn no_restore(query: &str) -> String {
    query.to_string()
}

#[test]
fn ingest_adds_every_row_and_a_second_ingest_adds_nothing() {
    let (dir, files, index) = fixture_index("idempotent");
    assert_eq!(index.stats().unwrap(), FIXTURE_ROWS);
    let again = index::ingest(&files, index.dir(), &options(), record, &()).unwrap();
    assert_eq!((again.added, again.already_indexed), (0, 3));
    let copy = dir.join("copy-of-quy-che.txt");
    std::fs::copy(&files[0], &copy).unwrap();
    let with_copy = index::ingest(&[copy], index.dir(), &options(), record, &()).unwrap();
    assert_eq!((with_copy.added, with_copy.already_indexed), (0, 1));
    index.reload().unwrap();
    assert_eq!(index.stats().unwrap(), FIXTURE_ROWS);
}

#[test]
fn identical_files_in_one_batch_are_indexed_once() {
    let dir = scratch("same-batch");
    let files = write_files(&dir);
    let copy = dir.join("again.txt");
    std::fs::copy(&files[1], &copy).unwrap();
    let batch = [files[1].clone(), copy];
    let summary = index::ingest(&batch, &dir.join("index"), &options(), record, &()).unwrap();
    assert_eq!((summary.added, summary.duplicates), (1, 1), "{summary:?}");
    assert_eq!(summary.index.documents, 1);
}

#[test]
fn reindexing_replaces_a_documents_rows_in_one_commit() {
    let (_dir, files, index) = fixture_index("reindex");
    let fewer_tasks = |path: &Path| {
        record(path).map(|mut r| {
            r.tasks.truncate(1);
            r
        })
    };
    let reindex = IngestOptions {
        reindex: true,
        ..options()
    };
    let summary = index::ingest(&files[..1], index.dir(), &reindex, fewer_tasks, &()).unwrap();
    assert_eq!(summary.added, 1);
    assert_eq!(
        summary.index,
        IndexStats {
            tasks: 2,
            ..FIXTURE_ROWS
        }
    );
    let id = vanban::index::records::file_id(&files[0]).unwrap();
    index.reload().unwrap();
    assert_eq!(index.document_rows(&id).unwrap(), 1);
    let tasks = index.tasks(&TaskFilter::default()).unwrap();
    assert_eq!(tasks.iter().filter(|t| t.document_id == id).count(), 1);
}

/// Records what an ingest reports.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<(PathBuf, Outcome)>>);

impl Progress for Recorder {
    fn file_done(&self, path: &Path, outcome: &Outcome) {
        self.0.lock().unwrap().push((path.to_path_buf(), outcome.clone()));
    }
}

#[test]
fn a_bad_file_is_reported_and_the_others_are_indexed() {
    let dir = scratch("bad-file");
    let mut files = write_files(&dir);
    let empty = dir.join("blank.txt");
    std::fs::write(&empty, "  \n").unwrap();
    files.insert(1, empty.clone());
    files.push(dir.join("missing.txt"));
    let recorder = Recorder::default();
    let summary = index::ingest(&files, &dir.join("index"), &options(), record, &recorder).unwrap();
    assert_eq!(summary.added, 3);
    let failed: Vec<(&Path, &str)> = summary
        .failures
        .iter()
        .map(|f| (f.path.as_path(), f.reason.as_str()))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(failed[0], (empty.as_path(), "empty file"));
    assert!(
        failed[1].0.ends_with("missing.txt") && failed[1].1.starts_with("cannot read file"),
        "{failed:?}"
    );
    assert_eq!(
        recorder.0.lock().unwrap().len(),
        files.len(),
        "every file is reported once"
    );
}

#[test]
fn a_second_writer_waits_for_the_lock_or_fails_clearly() {
    let (_dir, files, index) = fixture_index("lock");
    let holder = tantivy::Index::open_in_dir(index.dir()).unwrap();
    let writer: tantivy::IndexWriter = holder.writer(15_000_000).unwrap();
    let impatient = IngestOptions {
        lock_wait: Duration::ZERO,
        ..options()
    };
    let error = index::ingest(&files, index.dir(), &impatient, record, &()).unwrap_err();
    assert!(matches!(error, IndexError::Locked(_)), "{error}");
    assert!(error.to_string().contains("writer lock is held"), "{error}");

    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(writer);
    });
    let patient = IngestOptions {
        lock_wait: Duration::from_secs(20),
        ..options()
    };
    let summary = index::ingest(&files, index.dir(), &patient, record, &()).unwrap();
    release.join().unwrap();
    assert_eq!((summary.added, summary.already_indexed), (0, 3));
    assert_eq!(summary.index, FIXTURE_ROWS);
}

#[test]
fn a_missing_index_is_reported_as_such() {
    let dir = scratch("missing-index");
    let error = VanbanIndex::open(&dir.join("nothing")).err().unwrap();
    assert!(matches!(error, IndexError::NotFound(_)), "{error}");
}

#[test]
fn an_index_of_another_schema_is_refused_clearly() {
    let dir = scratch("other-schema");
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("something", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&dir, builder.build()).unwrap();
    for error in [
        VanbanIndex::open(&dir).err().unwrap(),
        VanbanIndex::open_or_create(&dir).err().unwrap(),
    ] {
        assert!(matches!(error, IndexError::Schema { .. }), "{error}");
        assert!(error.to_string().contains("remove it and ingest again"), "{error}");
    }
}

fn search(
    index: &VanbanIndex,
    query: &str,
    kind: Option<Kind>,
    restore: &dyn Fn(&str) -> String,
) -> index::SearchResults {
    index
        .search(&SearchRequest { query, kind, limit: 10 }, restore)
        .unwrap()
}

fn symbols(results: &index::SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.symbol.as_deref().unwrap_or("")).collect()
}

#[test]
fn a_query_without_diacritics_finds_the_words_with_them() {
    let (_dir, _files, index) = fixture_index("folded");
    let results = search(&index, "thanh uy", Some(Kind::Document), &no_restore);
    assert_eq!(symbols(&results).len(), 2, "{:?}", symbols(&results));
    assert!(symbols(&results).contains(&"06-QC/TU"));
    let hit = results
        .hits
        .iter()
        .find(|h| h.symbol.as_deref() == Some("06-QC/TU"))
        .unwrap();
    let marked: Vec<&str> = hit.highlights.iter().map(|&(a, b)| &hit.snippet[a..b]).collect();
    assert!(
        marked.contains(&"Thành ủy"),
        "highlights land on the original words: {marked:?}"
    );
}

#[test]
fn an_exact_match_ranks_first() {
    let (_dir, _files, index) = fixture_index("exact-first");
    // The Kế hoạch says "thanh uy giao" (no diacritics) eight times, the Quy chế
    // "Thành ủy giao" twice: with diacritics typed, the Quy chế comes first.
    let typed = search(&index, "Thành ủy giao", Some(Kind::Document), &no_restore);
    assert_eq!(symbols(&typed), ["06-QC/TU", "01-KH/TU"]);
    // Typed without them, the raw words favour the Kế hoạch; the restored
    // reading puts the Quy chế first.
    let raw = search(&index, "thanh uy giao", Some(Kind::Document), &no_restore);
    assert_eq!(symbols(&raw), ["01-KH/TU", "06-QC/TU"]);
    let restore = |q: &str| q.replace("thanh uy", "Thành ủy");
    let restored = search(&index, "thanh uy giao", Some(Kind::Document), &restore);
    assert_eq!(restored.readings, ["thanh uy giao", "Thành ủy giao"]);
    assert_eq!(symbols(&restored), ["06-QC/TU", "01-KH/TU"]);
}

#[test]
fn hits_say_where_they_are() {
    let (_dir, files, index) = fixture_index("where");
    let results = search(&index, "ban to chuc bao cao", Some(Kind::Article), &no_restore);
    let hit = &results.hits[0];
    assert_eq!(hit.loc.label(), "Điều 5 khoản 2");
    assert_eq!((hit.line, hit.page), (9, 2));
    assert_eq!(hit.path, files[0]);
    let in_document = search(&index, "file dinh kem", Some(Kind::Document), &no_restore);
    let hit = &in_document.hits[0];
    assert_eq!(hit.loc.label(), "Điều 4 khoản 1 điểm b");
    assert_eq!((hit.line, hit.page), (6, 1));
    let facet = |facet: &str, value: &str| {
        in_document
            .facets
            .iter()
            .find(|f| f.facet == facet && f.value == value)
            .map(|f| f.count)
    };
    assert_eq!(facet("kind", "document"), Some(1));
    assert_eq!(facet("year", "2025"), Some(1));
}

#[test]
fn the_kind_filter_and_the_limit_hold() {
    let (_dir, _files, index) = fixture_index("kinds");
    let tasks = search(&index, "van phong", Some(Kind::Task), &no_restore);
    assert!(!tasks.hits.is_empty() && tasks.hits.iter().all(|h| h.kind == Kind::Task));
    let all = index
        .search(
            &SearchRequest {
                query: "thanh uy",
                kind: None,
                limit: 2,
            },
            &no_restore,
        )
        .unwrap();
    assert_eq!(all.hits.len(), 2);
    assert!(all.total > 2);
}

fn task_names(tasks: &[vanban::index::TaskRecord]) -> Vec<String> {
    tasks
        .iter()
        .map(|t| {
            format!(
                "{}#{}",
                t.task.assigning_document.symbol.as_deref().unwrap_or(""),
                t.index
            )
        })
        .collect()
}

#[test]
fn the_task_feed_filters_by_lead_and_due_date() {
    let (_dir, _files, index) = fixture_index("task-filters");
    let all = index.tasks(&TaskFilter::default()).unwrap();
    assert_eq!(
        task_names(&all),
        ["15-KH/TU#0", "06-QC/TU#0", "06-QC/TU#1", "06-QC/TU#2"],
        "by due date, undated last"
    );
    let lead = TaskFilter {
        lead: Some("van phong thanh uy".into()),
        ..TaskFilter::default()
    };
    assert_eq!(task_names(&index.tasks(&lead).unwrap()), ["06-QC/TU#0", "06-QC/TU#2"]);
    let before = TaskFilter {
        due_before: Some(day("2025-12-31")),
        ..TaskFilter::default()
    };
    assert_eq!(task_names(&index.tasks(&before).unwrap()), ["15-KH/TU#0"]);
    let after = TaskFilter {
        due_after: Some(day("2025-12-31")),
        ..TaskFilter::default()
    };
    assert_eq!(task_names(&index.tasks(&after).unwrap()), ["06-QC/TU#1"]);
    let ids: Vec<&str> = all.iter().map(|t| t.document_id.as_str()).collect();
    assert!(
        ids.iter().all(|id| id.len() == 64),
        "task document ids are the file hashes: {ids:?}"
    );
}

#[test]
fn overdue_tasks_follow_dieu_8() {
    let (_dir, _files, index) = fixture_index("overdue");
    let all = index.tasks(&TaskFilter::default()).unwrap();
    let calendar = WorkingCalendar::vietnam();
    let overdue_on = |today: &str| -> Vec<String> {
        let overdue: Vec<_> = all
            .iter()
            .filter(|t| t.is_overdue(day(today), &calendar))
            .cloned()
            .collect();
        task_names(&overdue)
    };
    // 15-KH/TU#0 is due Mon 2025-11-10: overdue from Wed 2025-11-19 (7 working days).
    // 06-QC/TU#2 has no deadline, assigned 2025-11-04: overdue from 2025-11-18 (14 days).
    assert_eq!(overdue_on("2025-11-17"), Vec::<String>::new());
    assert_eq!(overdue_on("2025-11-18"), ["06-QC/TU#2"]);
    assert_eq!(overdue_on("2025-11-19"), ["15-KH/TU#0", "06-QC/TU#2"]);
}

#[test]
fn records_survive_the_index_unchanged() {
    let (_dir, files, index) = fixture_index("roundtrip");
    let expected: DocumentRecord = record(&files[0]).unwrap();
    let stored: Vec<_> = index
        .tasks(&TaskFilter::default())
        .unwrap()
        .into_iter()
        .filter(|t| t.document_id == expected.id)
        .collect();
    assert_eq!(stored, expected.tasks);
}
