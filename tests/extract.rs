//! The `extract` stage end to end, the way `vanban extract --no-repair`
//! runs it: the gold texts of seeds 001 and 002 and the clean seed 002
//! (with its markdown) scored against their gold with the port of
//! `score.py` in `common::score`, and the Party corpus checked for
//! well-formed tasks.
//!
//! Needs `../shared`; each test skips with a message when it is absent.
//! `cargo test --release --test extract -- --nocapture` prints the summary
//! lines and a sample of tasks.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::score::{Prf, greedy, lead_match, score};
use common::{gold, shared};
use serde_json::{Value, json};
use vanban::extract::output::ExtractOutput;
use vanban::pipeline;

/// The extraction of one file as `vanban extract --no-repair --format json` prints it.
fn extract_json(path: &Path) -> Value {
    let processed = pipeline::process(path, None).expect("the file reads");
    serde_json::to_value(processed.into_output()).expect("the output serialises")
}

/// The targets of the issue, for every seed.
fn assert_targets(what: &str, gold: &Value, output: &Value) {
    let scores = score(gold, output);
    println!("{what}: {}", scores.summary());
    let at_least = |name: &str, prf: Prf, min: f64| {
        assert!(prf.f1 >= min, "{what}: {name} F1 {:.2} < {min} ({prf:?})", prf.f1);
    };
    at_least("symbols", scores.symbols, 1.0);
    at_least("deadlines", scores.deadlines, 0.9);
    at_least("tasks", scores.tasks, 0.9);
    at_least("tasks+lead", scores.tasks_lead, 0.85);
    at_least("bodies", scores.bodies, 0.85);
}

#[test]
fn gold_texts_reach_the_targets() {
    for seed in ["001", "002"] {
        let (Some(root), Some(gold)) = (shared(), gold(seed)) else {
            return;
        };
        let output = extract_json(&root.join(format!("dev/{seed}.txt")));
        assert_targets(&format!("dev/{seed}.txt"), &gold, &output);
    }
}

/// The seed file of `../shared/corpus` whose name starts with `prefix`.
fn seed_file(root: &Path, prefix: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(root.join("corpus")).ok()?;
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    names
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
}

#[test]
fn the_clean_seed_with_markdown_reaches_the_targets() {
    let (Some(root), Some(gold)) = (shared(), gold("002")) else {
        return;
    };
    let Some(path) = seed_file(&root, "002_") else {
        println!("skipped: no corpus/002_* seed");
        return;
    };
    assert_targets("corpus/002", &gold, &extract_json(&path));
}

#[test]
fn the_output_holds_every_key_of_the_gold() {
    let (Some(root), Some(gold)) = (shared(), gold("001")) else {
        return;
    };
    let output = extract_json(&root.join("dev/001.txt"));
    let keys = |v: &Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<BTreeSet<_>>())
            .unwrap_or_default()
    };
    assert!(
        keys(&gold).is_subset(&keys(&output)),
        "missing: {:?}",
        keys(&gold).difference(&keys(&output))
    );
    for (list, sample) in [("tasks", &gold["tasks"][0]), ("deadlines", &gold["deadlines"][0])] {
        let item = &output[list][0];
        assert!(
            keys(sample).is_subset(&keys(item)),
            "{list}: {:?} lacks {:?}",
            keys(item),
            keys(sample)
        );
        assert!(
            item["span"]["start"].is_u64() && item["confidence"].is_f64(),
            "{list}: {item}"
        );
    }
    assert_eq!(output["tasks"][0]["assigning_document"]["symbol"], "06-QC/TU");
    assert_eq!(output["tasks"][0]["assigned_on"], "2025-11-04");
    assert!(output["directive_spans"][0]["mentions"][0]["source_line"].is_u64());
    assert!(output["body_mentions"][0]["span"]["line"].is_u64());
    let read_back: ExtractOutput = serde_json::from_value(output.clone()).expect("the output reads back");
    assert_eq!(serde_json::to_value(read_back).expect("serialises"), output);
}

#[test]
fn the_port_matches_score_py_on_ties_and_leads() {
    // score.py sorts (score, gold, hyp) tuples in reverse: on equal scores
    // the later gold item picks first, and takes the later hypothesis.
    let pairs = greedy(&["a", "a"], &["a", "a"], |_, _| 1.0);
    assert_eq!(pairs, [(1, 1), (0, 0)]);
    // half the gold leads (rounded up) must be found, at least one
    assert!(lead_match(
        &json!(["Ban Nội chính Tỉnh ủy", "Đảng ủy các xã, phường"]),
        &json!(["Ban Nội chính Tỉnh uỷ"])
    ));
    assert!(!lead_match(&json!(["A", "B", "C"]), &json!(["A"])));
    assert!(!lead_match(&json!([]), &json!(["Văn phòng Tỉnh ủy"])));
    assert!(lead_match(&json!([]), &json!([])));
}

/// The key of a unit: part, article, clause and point as JSON.
fn unit_key(part: &Value, article: &Value, clause: &Value, point: &Value) -> String {
    format!("{part} {article} {clause} {point}")
}

/// The keys of every unit of a `structure` list.
fn units(structure: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let field = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    for entry in structure.as_array().into_iter().flatten() {
        let (part, article) = (field(entry, "part"), field(entry, "article"));
        out.insert(unit_key(&part, &article, &Value::Null, &Value::Null));
        for clause in entry["clauses"].as_array().into_iter().flatten() {
            let number = field(clause, "clause");
            out.insert(unit_key(&part, &article, &number, &Value::Null));
            for point in clause["points"].as_array().into_iter().flatten() {
                out.insert(unit_key(&part, &article, &number, point));
            }
        }
    }
    out
}

#[test]
fn party_corpus_tasks_are_well_formed() {
    let Some(root) = shared() else { return };
    let dir = root.join("corpus-party/docs");
    let (files, errors) = pipeline::collect_inputs(&[dir]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut total = 0;
    for path in &files {
        let output = extract_json(path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let known = units(&output["structure"]);
        let tasks = output["tasks"].as_array().cloned().unwrap_or_default();
        let deadlines = output["deadlines"].as_array().map_or(0, Vec::len);
        println!("{name}: {} tasks, {deadlines} deadlines", tasks.len());
        for task in &tasks {
            let loc = &task["loc"];
            let field = |k: &str| loc.get(k).cloned().unwrap_or(Value::Null);
            let outside = field("article").is_null() && field("clause").is_null();
            let unit = unit_key(&field("part"), &field("article"), &field("clause"), &field("point"));
            assert!(
                outside || known.contains(&unit),
                "{name}: task at {loc} outside the outline"
            );
            assert!(
                !task["lead"].as_array().is_none_or(Vec::is_empty),
                "{name}: no lead: {task}"
            );
            assert!(
                task["action"].as_str().is_some_and(|a| a.chars().count() >= 3),
                "{name}: no action: {task}"
            );
            assert!(
                task["deadline"].as_u64().is_none_or(|d| (d as usize) < deadlines),
                "{name}: {task}"
            );
            assert!(
                task["span"]["start"].as_u64() < task["span"]["end"].as_u64(),
                "{name}: {task}"
            );
        }
        if let Some(first) = tasks.first() {
            println!("  {} · {} · {}", first["loc"], first["lead"], first["action"]);
        }
        total += tasks.len();
    }
    assert!(
        total >= 6 * files.len(),
        "only {total} tasks in {} documents",
        files.len()
    );
}
