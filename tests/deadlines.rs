//! Runs the deadline finder over the gold texts of seeds 001 and 002
//! (`../shared/dev`), the held-out texts (`tests/heldout`) and their OCR, and
//! compares with their gold deadlines.
//!
//! A found deadline matches a gold one when both have the same kind and
//! normalised value (relative: amount and unit; absolute: date or month-day;
//! recurring: frequency, day and time — the scorer's key) and the found
//! phrase overlaps the gold phrase or starts on a line the gold phrase
//! covers. `loc` is not compared (another stage provides it). Matching is
//! one to one, greedy in text order. Skips, saying so, when the data is absent.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rrule::RRuleSet;
use serde_json::Value;
use vanban::extract::calendar::WorkingCalendar;
use vanban::extract::deadlines::{Deadline, find_deadlines};
use vanban::pipeline::repair_document;
use vanban::repair::Repairer;
use vanban::text::Text;

mod common;

use common::score::{Prf, prf};
use common::shared;

/// The F1 each dev seed must reach.
const MIN_F1: f64 = 0.9;

/// The F1 the OCR of the held-out documents must reach (kind and value only).
const MIN_OCR_F1: f64 = 0.98;

/// The scorer's comparison key of a deadline in the gold JSON shape.
fn value_key(kind: &str, value: &Value) -> String {
    let field = |name: &str| match value.get(name) {
        Some(Value::String(s)) => s.to_lowercase(),
        Some(Value::Null) | None => "null".to_string(),
        Some(other) => other.to_string(),
    };
    match kind {
        "relative" => format!("relative {} {}", field("amount"), field("unit")),
        "absolute" => format!("absolute {} {}", field("date"), field("month_day")),
        "recurring" => format!("recurring {} {} {}", field("freq"), field("day"), field("time")),
        other => other.to_string(),
    }
}

fn found_key(deadline: &Deadline) -> String {
    let json = serde_json::to_value(deadline).expect("serialisable");
    value_key(json["kind"].as_str().unwrap_or(""), &json["value"])
}

/// Byte ranges of every occurrence of the gold phrase in the flat text (lines joined by spaces).
fn occurrences(flat: &str, phrase: &str) -> Vec<(usize, usize)> {
    flat.match_indices(phrase).map(|(at, p)| (at, at + p.len())).collect()
}

/// Scores the finder on one text against its gold deadlines, printing what
/// was missed and what was extra.
fn score_text(name: &str, content: &str, gold: &Value) -> Prf {
    let gold = gold["deadlines"].as_array().cloned().unwrap_or_default();
    let text = Text::from_plain(content);
    let flat = text.joined().replace('\n', " ");
    let starts = text.line_starts();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let found = find_deadlines(&text);
    let mut used = vec![false; found.len()];
    let mut matched = 0;
    for g in &gold {
        let key = value_key(g["kind"].as_str().unwrap_or(""), &g["value"]);
        let places = occurrences(&flat, g["text"].as_str().unwrap_or(""));
        let hit = found.iter().enumerate().position(|(i, f)| {
            !used[i]
                && found_key(f) == key
                && places.iter().any(|&(s, e)| {
                    let overlaps = f.span.start < e && s < f.span.end;
                    let same_line = (line_of(s)..=line_of(e.saturating_sub(1))).contains(&f.span.line);
                    overlaps || same_line
                })
        });
        match hit {
            Some(i) => {
                used[i] = true;
                matched += 1;
            }
            None => println!("  {name} missed: {key} | {}", g["text"]),
        }
    }
    for (f, _) in found.iter().zip(&used).filter(|(_, u)| !**u) {
        println!(
            "  {name} extra: {} | {:?} (line {})",
            found_key(f),
            f.text,
            f.span.line + 1
        );
    }
    let score = prf(matched, found.len(), gold.len());
    println!(
        "deadlines {name}: found {} gold {} matched {}: P {:.3} R {:.3} F1 {:.3}",
        score.hyp, score.gold, score.tp, score.p, score.r, score.f1
    );
    score
}

/// Reads a text and its gold file, or says why not.
fn read_pair(text_path: &Path, gold_path: &Path) -> Option<(String, Value)> {
    match (std::fs::read_to_string(text_path), std::fs::read_to_string(gold_path)) {
        (Ok(content), Ok(gold)) => Some((content, serde_json::from_str(&gold).expect("gold JSON"))),
        _ => {
            println!("SKIPPED: {} or {} is absent", text_path.display(), gold_path.display());
            None
        }
    }
}

#[test]
fn deadlines_match_the_gold_of_seeds_001_and_002() {
    let Some(shared) = shared() else {
        return;
    };
    let dir = shared.join("dev");
    for seed in ["001", "002"] {
        let Some((content, gold)) = read_pair(&dir.join(format!("{seed}.txt")), &dir.join(format!("{seed}.json")))
        else {
            continue;
        };
        let score = score_text(seed, &content, &gold);
        assert!(score.f1 >= MIN_F1, "seed {seed}: F1 {:.3} below {MIN_F1}", score.f1);
    }
}

/// The F1 each held-out document reaches (`tests/heldout`, clean texts;
/// written without seeing the code). Floors, not targets: they catch a
/// regression.
const HELDOUT_FLOORS: [(&str, f64); 8] = [
    ("01", 1.0),
    ("02", 1.0),
    ("03", 1.0),
    ("04", 1.0),
    ("05", 1.0),
    ("06", 1.0),
    ("07", 1.0),
    ("08", 1.0),
];

#[test]
fn deadlines_match_the_gold_of_the_heldout_texts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/heldout");
    let (mut matched, mut found, mut gold_count) = (0, 0, 0);
    let mut below = Vec::new();
    for (doc, floor) in HELDOUT_FLOORS {
        let Some((content, gold)) = read_pair(&dir.join(format!("{doc}.txt")), &dir.join(format!("{doc}.json"))) else {
            continue;
        };
        let score = score_text(doc, &content, &gold);
        if score.f1 < floor {
            below.push(format!("{doc}: F1 {:.3} below {floor}", score.f1));
        }
        (matched, found, gold_count) = (matched + score.tp, found + score.hyp, gold_count + score.gold);
    }
    let total = prf(matched, found, gold_count);
    println!("heldout: P {:.3} R {:.3} F1 {:.3}", total.p, total.r, total.f1);
    assert!(below.is_empty(), "{below:?}");
}

/// Expands an RRULE from its DTSTART (the resolved due date) with the `rrule` crate.
fn expand(due: NaiveDate, rrule: &str, count: u16) -> Vec<NaiveDate> {
    let set: RRuleSet = format!("DTSTART:{}T000000Z\nRRULE:{rrule}", due.format("%Y%m%d"))
        .parse()
        .expect("valid RRULE");
    set.all(count).dates.iter().map(|d| d.date_naive()).collect()
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[test]
fn rrules_expand_to_the_schedules() {
    let anchor = ymd(2025, 11, 4);
    let calendar = WorkingCalendar::vietnam();
    let cases: [(&str, [NaiveDate; 3]); 7] = [
        (
            "Định kỳ ngày cuối cùng hằng tháng",
            [ymd(2025, 11, 30), ymd(2025, 12, 31), ymd(2026, 1, 31)],
        ),
        (
            "Định kỳ 07 giờ 00 phút ngày 01 hằng tháng",
            [ymd(2025, 12, 1), ymd(2026, 1, 1), ymd(2026, 2, 1)],
        ),
        (
            "Định kỳ ngày cuối cùng mỗi Quý",
            [ymd(2025, 12, 31), ymd(2026, 3, 31), ymd(2026, 6, 30)],
        ),
        (
            "ngày đầu tiên của mỗi Quý",
            [ymd(2026, 1, 1), ymd(2026, 4, 1), ymd(2026, 7, 1)],
        ),
        (
            "họp vào chiều thứ 5 hằng tuần",
            [ymd(2025, 11, 6), ymd(2025, 11, 13), ymd(2025, 11, 20)],
        ),
        (
            "chậm nhất là ngày 30 tháng 11 hằng năm",
            [ymd(2025, 11, 30), ymd(2026, 11, 30), ymd(2027, 11, 30)],
        ),
        (
            "báo cáo trước ngày 20 tháng cuối quý",
            [ymd(2025, 12, 20), ymd(2026, 3, 20), ymd(2026, 6, 20)],
        ),
    ];
    for (phrase, expected) in cases {
        let found = find_deadlines(&Text::from_plain(phrase));
        let resolved = found[0].resolve(anchor, &calendar).expect("resolvable");
        let rrule = resolved.rrule.expect("a schedule has an RRULE");
        assert_eq!(expand(resolved.due, &rrule, 3), expected, "{phrase}: {rrule}");
    }
}

/// Every deadline found in the Party corpus (and the first 100 legal texts)
/// points at its own phrase, resolves without error, and any RRULE it gives
/// parses and starts on its due date.
#[test]
fn corpus_deadlines_are_well_formed() {
    let Some(root) = shared() else {
        return;
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for (folder, limit) in [("corpus-party/docs", usize::MAX), ("corpus-ext/docs", 100)] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            println!("SKIPPED {folder}: absent");
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        paths.extend(files.into_iter().take(limit));
    }
    let calendar = WorkingCalendar::vietnam();
    let anchor = ymd(2025, 11, 4);
    let (mut total, mut with_rrule) = (0, 0);
    for path in &paths {
        let Ok(content) = std::fs::read_to_string(path) else {
            continue;
        };
        let text = Text::from_plain(&content);
        let flat = text.joined().replace('\n', " ");
        for deadline in find_deadlines(&text) {
            total += 1;
            assert_eq!(
                flat[deadline.span.start..deadline.span.end],
                deadline.text,
                "{}",
                path.display()
            );
            assert!(deadline.span.line <= deadline.span.end_line);
            let Some(resolved) = deadline.resolve(anchor, &calendar) else {
                continue;
            };
            if let Some(rrule) = resolved.rrule {
                with_rrule += 1;
                assert_eq!(expand(resolved.due, &rrule, 2).first(), Some(&resolved.due), "{rrule}");
            }
        }
    }
    println!(
        "{} documents: {total} deadlines, {with_rrule} with an RRULE",
        paths.len()
    );
}

/// The deadlines of the held-out documents' OCR (`tests/heldout/ocr`, through
/// the embedded repair) against their gold, by kind and value alone (a
/// phrase's words differ after OCR, so the gold phrase is not looked up).
#[test]
fn deadlines_survive_the_ocr_of_the_heldout_texts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/heldout");
    let repairer = Repairer::embedded();
    let (mut matched, mut found_count, mut gold_count) = (0, 0, 0);
    for doc in HELDOUT_FLOORS.map(|(doc, _)| doc) {
        let Some((_, gold)) = read_pair(&dir.join(format!("ocr/{doc}.txt")), &dir.join(format!("{doc}.json"))) else {
            continue;
        };
        let (_, repaired) = repair_document(&dir.join(format!("ocr/{doc}.txt")), Some(&repairer)).expect("readable");
        let mut found: Vec<String> = find_deadlines(&repaired.text).iter().map(found_key).collect();
        let gold = gold["deadlines"].as_array().cloned().unwrap_or_default();
        found_count += found.len();
        gold_count += gold.len();
        for g in &gold {
            let key = value_key(g["kind"].as_str().unwrap_or(""), &g["value"]);
            match found.iter().position(|f| *f == key) {
                Some(i) => {
                    found.swap_remove(i);
                    matched += 1;
                }
                None => println!("  ocr/{doc} missed: {key} | {}", g["text"]),
            }
        }
        found.iter().for_each(|f| println!("  ocr/{doc} extra: {f}"));
    }
    let total = prf(matched, found_count, gold_count);
    let f1 = total.f1;
    println!(
        "heldout OCR: P {:.3} R {:.3} F1 {f1:.3} ({} gold)",
        total.p, total.r, total.gold
    );
    assert!(
        total.gold == 0 || f1 >= MIN_OCR_F1,
        "heldout OCR deadlines: F1 {f1:.3} below {MIN_OCR_F1}"
    );
}
