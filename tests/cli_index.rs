//! `vanban ingest`, `search` and `tasks` as processes: the bundled corpus,
//! a bad file in a batch, runs killed with SIGKILL, two ingests at once.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{record, scratch, write_files};
use vanban::index::VanbanIndex;
use vanban::index::records::file_id;

const BIN: &str = env!("CARGO_BIN_EXE_vanban");

fn vanban(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args).stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    vanban(args).output().expect("vanban runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 test paths")
}

/// `count` different documents made from the corpus files, each with its own last line.
fn variants(dir: &Path, count: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let sources: Vec<String> = corpus_files()
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    (0..count)
        .map(|i| {
            let path = dir.join(format!("variant-{i:03}.txt"));
            std::fs::write(&path, format!("{}\nBản sao số {i}\n", sources[i % sources.len()])).unwrap();
            path
        })
        .collect()
}

/// Asserts the index opens and holds each of `files` at most once (exactly once when `complete`).
fn assert_sound(index_dir: &Path, files: &[PathBuf], complete: bool) -> usize {
    let index = match VanbanIndex::open(index_dir) {
        Ok(index) => index,
        Err(error) if !complete => {
            assert!(error.to_string().contains("no index here"), "{error}");
            return 0;
        }
        Err(error) => panic!("{error}"),
    };
    let mut held = 0;
    for file in files {
        let rows = index.document_rows(&file_id(file).unwrap()).unwrap();
        assert!(rows <= 1, "{} indexed {rows} times", file.display());
        assert!(rows == 1 || !complete, "{} is missing", file.display());
        held += rows;
    }
    assert_eq!(
        index.stats().unwrap().documents,
        held,
        "no document that is not one of the inputs"
    );
    held
}

#[test]
fn the_bundled_corpus_is_ingested_once_and_searchable() {
    let dir = scratch("cli-corpus");
    let index_dir = dir.join("index");
    let first = run(&["ingest", arg(&corpus()), "--index", arg(&index_dir), "--no-repair"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("5 files in"), "{}", text(&first.stdout));
    assert!(
        text(&first.stdout).contains("5 added, 0 already indexed"),
        "{}",
        text(&first.stdout)
    );
    let again = run(&["ingest", arg(&corpus()), "--index", arg(&index_dir), "--no-repair"]);
    assert!(
        text(&again.stdout).contains("0 added, 5 already indexed"),
        "{}",
        text(&again.stdout)
    );
    assert_sound(&index_dir, &corpus_files(), true);

    let search = run(&[
        "search",
        "thanh uy giao",
        "--index",
        arg(&index_dir),
        "--format",
        "json",
    ]);
    assert!(search.status.success(), "{}", text(&search.stderr));
    let results: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let hits = results["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(hit["path"].as_str().unwrap().starts_with(arg(&corpus())), "{hit}");
        assert!(!hit["highlights"].as_array().unwrap().is_empty(), "{hit}");
    }

    let tasks = run(&["tasks", "--index", arg(&index_dir), "--format", "csv"]);
    assert!(tasks.status.success(), "{}", text(&tasks.stderr));
    assert!(
        text(&tasks.stdout).starts_with("Mã,Cấp giao nhiệm vụ"),
        "{}",
        text(&tasks.stdout)
    );
}

#[test]
fn the_task_feed_filters_and_formats() {
    let dir = scratch("cli-tasks");
    let index_dir = dir.join("index");
    let options = vanban::index::IngestOptions::default();
    vanban::index::ingest(&write_files(&dir), &index_dir, &options, record, &()).unwrap();
    let tasks = |args: &[&str]| {
        let mut all = vec!["tasks", "--index", arg(&index_dir)];
        all.extend_from_slice(args);
        let output = run(&all);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let csv = tasks(&["--format", "csv", "--today", "2025-11-19", "--overdue"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows[0].starts_with("Mã,Cấp giao nhiệm vụ,Người giao nhiệm vụ,Văn bản giao nhiệm vụ"),
        "{csv}"
    );
    assert!(
        rows[1].contains(",15-KH/TU (Mật),") && rows[1].contains(",chậm tiến độ,"),
        "{csv}"
    );
    assert!(
        rows[2].contains(",06-QC/TU,") && rows[2].contains(",không có thời hạn,"),
        "{csv}"
    );
    let lead = tasks(&["--lead", "ban to chuc", "--format", "jsonl", "--today", "2025-11-19"]);
    let lead: Vec<serde_json::Value> = lead.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lead.len(), 1);
    assert_eq!(lead[0]["lead"][0], "Ban Tổ chức Thành ủy");
    assert_eq!(lead[0]["status"], "đang thực hiện");
    let ics = tasks(&["--due-after", "2025-11-30", "--format", "ics"]);
    assert_eq!(ics.matches("BEGIN:VTODO").count(), 2, "{ics}");
    let table = tasks(&["--due-before", "2026-01-01", "--today", "2025-12-28"]);
    assert!(
        table.starts_with("Hạn") && table.contains("2025-12-31  sắp đến hạn") && table.ends_with("2 nhiệm vụ\n"),
        "{table}"
    );
}

#[test]
fn a_missing_index_is_a_clear_fatal_error() {
    let dir = scratch("cli-missing");
    let output = run(&["search", "thanh uy", "--index", arg(&dir.join("none"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no index here"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_bad_file_fails_alone_and_sets_the_exit_code() {
    let dir = scratch("cli-bad");
    let docs = dir.join("docs");
    let good = variants(&docs, 3);
    std::fs::write(docs.join("empty.txt"), "").unwrap();
    let index_dir = dir.join("index");
    let missing = dir.join("missing.txt");
    let output = run(&[
        "ingest",
        arg(&docs),
        arg(&missing),
        "--index",
        arg(&index_dir),
        "--no-repair",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    assert!(stderr.contains("missing.txt: cannot read"), "{stderr}");
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("5 files in") && stdout.contains("3 added, 0 already indexed, 0 duplicate, 2 failed"),
        "{stdout}"
    );
    assert_eq!(assert_sound(&index_dir, &good, true), 3);
}

/// A small pseudo-random sequence (xorshift), seeded and printed for reproduction.
struct Moments(u64);

impl Moments {
    fn seeded() -> Self {
        let seed = std::env::var("VANBAN_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        println!("kill moments seed: {seed} (set VANBAN_KILL_SEED to replay)");
        Moments(seed)
    }

    /// A duration in `0..span`.
    fn within(&mut self, span: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        span.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

#[test]
fn runs_killed_at_random_moments_lose_nothing_and_duplicate_nothing() {
    let dir = scratch("cli-sigkill");
    let docs = dir.join("docs");
    let files = variants(&docs, 150);
    let ingest = |index: &Path| {
        vanban(&[
            "ingest",
            arg(&docs),
            "--index",
            arg(index),
            "--no-repair",
            "--commit-every",
            "4",
        ])
    };

    let started = Instant::now();
    let probe = ingest(&dir.join("probe")).output().unwrap();
    assert!(probe.status.success(), "{}", text(&probe.stderr));
    let full_run = started.elapsed();

    let index_dir = dir.join("index");
    let mut moments = Moments::seeded();
    let mut held = Vec::new();
    for _ in 0..6 {
        let mut child = ingest(&index_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Within the first half of a full run's time: most kills land mid-batch.
        std::thread::sleep(moments.within(full_run / 2));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        held.push(assert_sound(&index_dir, &files, false));
    }
    println!("documents held after each kill: {held:?} of {}", files.len());
    let last = ingest(&index_dir).output().unwrap();
    assert!(last.status.success(), "{}", text(&last.stderr));
    assert_eq!(assert_sound(&index_dir, &files, true), files.len());
}

#[test]
fn two_ingests_at_once_add_each_document_once() {
    let dir = scratch("cli-concurrent");
    let docs = dir.join("docs");
    let files = variants(&docs, 60);
    let index_dir = dir.join("index");
    let spawn = || {
        vanban(&[
            "ingest",
            arg(&docs),
            "--index",
            arg(&index_dir),
            "--no-repair",
            "--commit-every",
            "8",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let outputs = [first.wait_with_output().unwrap(), second.wait_with_output().unwrap()];
    let mut added = Vec::new();
    for output in &outputs {
        assert!(output.status.success(), "{}", text(&output.stderr));
        let stdout = text(&output.stdout);
        let count = stdout
            .split(" added")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse::<usize>().ok());
        added.push(count.unwrap_or_else(|| panic!("no count in {stdout}")));
    }
    added.sort();
    assert_eq!(
        added,
        [0, files.len()],
        "one ingest adds everything, the other waits and finds it all there"
    );
    assert_sound(&index_dir, &files, true);
}
