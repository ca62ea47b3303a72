//! The whole pipeline through the real binary: `ingest` the bundled corpus
//! (and, when `../shared` is there, the clean gold text of seed 001) into a
//! fresh index, `search` it, and read the task feed back with `tasks`;
//! `extract --format csv` of seed 002 gives the same tasks as the feed.
//!
//! The repair stage is not exercised (`--no-repair`): the raw OCR seeds
//! carry no diacritics, so the highlight on `Thành ủy` comes from the gold
//! text.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{scratch, shared};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_vanban");

/// The tracker's columns, in the order of the CSV feed.
const HEADER: [&str; 22] = [
    "Mã",
    "Cấp giao nhiệm vụ",
    "Người giao nhiệm vụ",
    "Văn bản giao nhiệm vụ",
    "Ngày văn bản",
    "File đính kèm",
    "Độ mật",
    "Tên nhiệm vụ",
    "Nhóm nhiệm vụ",
    "Ngày giao",
    "Ngày hoàn thành",
    "Phân loại",
    "Chủ trì",
    "Phối hợp",
    "Tình hình thực hiện",
    "Thông tin khác",
    "Vị trí",
    "Nội dung",
    "Thời hạn",
    "Lặp lại",
    "Trang",
    "Dòng",
];

/// Runs vanban with `args`; its standard output, after asserting success.
fn vanban(args: &[&str]) -> String {
    let output = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("vanban runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "vanban {args:?}: {stderr}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 test paths")
}

/// The clean seed of the bundled corpus (`corpus/002_*.txt`).
fn clean_seed(corpus: &Path) -> PathBuf {
    let entries = std::fs::read_dir(corpus).expect("the corpus folder");
    let mut seeds: Vec<PathBuf> = entries.map(|e| e.expect("a corpus entry").path()).collect();
    seeds.sort();
    let is_seed = |p: &PathBuf| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("002_"));
    seeds.into_iter().find(is_seed).expect("corpus/002_*")
}

/// The numbers of `what` in the ingest summary line `added N documents, N articles, N tasks, ...`.
fn added(summary: &str, what: &str) -> usize {
    let line = summary
        .lines()
        .find(|l| l.starts_with("added "))
        .unwrap_or_else(|| panic!("no summary: {summary}"));
    let before = line.split(&format!(" {what}")).next().unwrap_or_default();
    before
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no {what} in {line}"))
}

/// The rows of a CSV feed, header first.
fn csv_rows(feed: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(feed.as_bytes());
    reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

/// The words a hit highlights.
fn highlighted(hit: &Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().unwrap_or_default();
    let ranges = hit["highlights"].as_array().cloned().unwrap_or_default();
    let bound = |range: &Value, i: usize| range[i].as_u64().unwrap_or_default() as usize;
    ranges
        .iter()
        .filter_map(|r| snippet.get(bound(r, 0)..bound(r, 1)).map(str::to_string))
        .collect()
}

#[test]
fn corpus_to_index_to_search_and_task_feed() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let gold = shared().map(|root| root.join("dev/001.txt"));
    let index = scratch("end-to-end").join("index");
    let mut ingest = vec!["ingest", arg(&corpus), "--index", arg(&index), "--no-repair"];
    ingest.extend(gold.as_deref().map(arg));

    let summary = vanban(&ingest);
    println!("{summary}");
    assert_eq!(
        added(&summary, "documents"),
        5 + usize::from(gold.is_some()),
        "{summary}"
    );
    assert!(
        added(&summary, "articles") >= 60 && added(&summary, "tasks") >= 38,
        "{summary}"
    );

    let results: Value = serde_json::from_str(&vanban(&[
        "search",
        "thanh uy giao",
        "--index",
        arg(&index),
        "--format",
        "json",
        "--limit",
        "30",
    ]))
    .expect("search JSON");
    let hits = results["hits"].as_array().cloned().unwrap_or_default();
    let placed =
        |hit: &&Value| hit["symbol"].is_string() && hit["loc"]["article"].is_u64() && hit["page"].as_u64() >= Some(1);
    assert!(
        hits.iter().filter(placed).count() >= 3,
        "hits carry symbol, Điều and page: {hits:#?}"
    );
    let word = if gold.is_some() { "Thành ủy" } else { "Thanh uy" };
    let hit = hits
        .iter()
        .filter(placed)
        .find(|hit| highlighted(hit).iter().any(|w| w.starts_with(word)));
    let hit = hit.unwrap_or_else(|| panic!("no hit with a symbol and a Điều highlights {word}: {hits:#?}"));
    println!("{}", serde_json::to_string_pretty(hit).unwrap_or_default());
    assert!(hit["path"].as_str().is_some_and(|p| p.ends_with(".txt")), "{hit}");

    let seed = clean_seed(&corpus);
    let extraction = vanban(&["extract", "--no-repair", "--format", "json", arg(&seed)]);
    let extraction: Value = serde_json::from_str(&extraction).expect("extract JSON");
    let extracted = extraction["tasks"].as_array().map_or(0, Vec::len);
    assert!(extracted >= 30, "seed 002 has its tasks: {extracted}");

    let feed = csv_rows(&vanban(&["tasks", "--index", arg(&index), "--format", "csv"]));
    assert_eq!(feed[0], HEADER);
    let file_column = HEADER.iter().position(|h| *h == "File đính kèm").unwrap_or_default();
    let of_seed: Vec<&Vec<String>> = feed[1..].iter().filter(|row| row[file_column] == arg(&seed)).collect();
    assert_eq!(of_seed.len(), extracted, "one row per extracted task of seed 002");
    assert!(
        of_seed.iter().all(|row| !row[12].is_empty() && !row[16].is_empty()),
        "lead and Điều on every row"
    );

    let direct = csv_rows(&vanban(&["extract", "--no-repair", "--format", "csv", arg(&seed)]));
    assert_eq!(direct[0], HEADER);
    let uids = |rows: &[&Vec<String>]| rows.iter().map(|row| row[0].clone()).collect::<BTreeSet<_>>();
    let direct_rows: Vec<&Vec<String>> = direct[1..].iter().collect();
    assert_eq!(
        uids(&direct_rows),
        uids(&of_seed),
        "extract --format csv and the index's feed hold the same tasks"
    );
    assert_eq!(uids(&of_seed).len(), extracted, "UIDs are distinct");
}
