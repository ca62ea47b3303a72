//! Speed and output of the deadline finder over whole corpora.
//!
//! `cargo bench --bench deadlines -- [--rounds N] [--dump FILE] [--compare FILE] [FOLDER ...]`
//!
//! Runs `find_deadlines` on every `.txt` file of each folder (default
//! `../shared/corpus-ext/docs` and `../shared/corpus-party/docs`) on one
//! thread, `N` times (default 3) after one warm-up pass, and prints per folder
//! the best total time, the mean per document and per MB, and the slowest
//! documents. `--dump` writes every deadline found as one JSON line (file,
//! byte range, phrase, kind, value); `--compare` reads such a dump (made by
//! another version of the finder) and prints what was lost and what was
//! gained, per folder, with each changed phrase.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use vanban::extract::deadlines::find_deadlines;
use vanban::text::Text;

struct Options {
    rounds: usize,
    dump: Option<PathBuf>,
    compare: Option<PathBuf>,
    folders: Vec<PathBuf>,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut options = Options {
        rounds: 3,
        dump: None,
        compare: None,
        folders: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => options.rounds = args.next().and_then(|r| r.parse().ok()).unwrap_or(3),
            "--dump" => options.dump = args.next().map(PathBuf::from),
            "--compare" => options.compare = args.next().map(PathBuf::from),
            folder => options.folders.push(PathBuf::from(folder)),
        }
    }
    if options.folders.is_empty() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        options.folders = vec![shared.join("corpus-ext/docs"), shared.join("corpus-party/docs")];
    }
    options
}

/// The documents of a folder: (file name, text), sorted by name.
fn documents(folder: &Path) -> Vec<(String, Text, usize)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        eprintln!("skipped {}: absent", folder.display());
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let content = std::fs::read_to_string(&p).ok()?;
            let name = format!("{}/{}", folder_label(folder), p.file_name()?.to_string_lossy());
            Some((name, Text::from_plain(&content), content.len()))
        })
        .collect()
}

/// `corpus-ext` for `../shared/corpus-ext/docs`.
fn folder_label(folder: &Path) -> String {
    let last = folder
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match folder.parent().and_then(Path::file_name) {
        Some(parent) if last == "docs" => parent.to_string_lossy().to_string(),
        _ => last,
    }
}

/// One line of the dump for every deadline of a document.
fn dump_lines(name: &str, text: &Text) -> Vec<String> {
    find_deadlines(text)
        .iter()
        .map(|d| {
            let json = serde_json::to_value(d).unwrap_or_default();
            serde_json::json!({
                "file": name, "start": d.span.start, "end": d.span.end, "text": d.text,
                "kind": json["kind"], "value": json["value"],
            })
            .to_string()
        })
        .collect()
}

fn time_folder(folder: &Path, rounds: usize, dump: &mut Vec<String>) {
    let docs = documents(folder);
    if docs.is_empty() {
        return;
    }
    let bytes: usize = docs.iter().map(|d| d.2).sum();
    let mut per_doc = vec![f64::INFINITY; docs.len()];
    for round in 0..=rounds {
        for (i, (_, text, _)) in docs.iter().enumerate() {
            let started = Instant::now();
            std::hint::black_box(find_deadlines(text));
            if round > 0 {
                per_doc[i] = per_doc[i].min(started.elapsed().as_secs_f64());
            }
        }
    }
    let total: f64 = per_doc.iter().sum();
    println!(
        "{}: {} documents, {:.1} MB: {:.3} s (best of {rounds} per document), {:.2} ms per document, {:.1} ms per MB",
        folder_label(folder),
        docs.len(),
        bytes as f64 / 1e6,
        total,
        total * 1e3 / docs.len() as f64,
        total * 1e3 / (bytes as f64 / 1e6)
    );
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|a, b| per_doc[*b].total_cmp(&per_doc[*a]));
    for &i in order.iter().take(3) {
        println!(
            "  slowest: {} ({} KB): {:.1} ms",
            docs[i].0,
            docs[i].2 / 1000,
            per_doc[i] * 1e3
        );
    }
    for (name, text, _) in &docs {
        dump.extend(dump_lines(name, text));
    }
}

/// Prints the deadlines only in `old` and only in `new`, counted per folder.
fn compare(old: &BTreeSet<String>, new: &BTreeSet<String>) {
    let folder_of = |line: &str| {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        value["file"]
            .as_str()
            .and_then(|f| f.split('/').next())
            .unwrap_or("")
            .to_string()
    };
    let folders: BTreeSet<String> = old.iter().chain(new).map(|l| folder_of(l)).collect();
    for folder in folders {
        let lost: Vec<&String> = old.difference(new).filter(|l| folder_of(l) == folder).collect();
        let gained: Vec<&String> = new.difference(old).filter(|l| folder_of(l) == folder).collect();
        let kept = old.intersection(new).filter(|l| folder_of(l) == folder).count();
        println!(
            "{folder}: {kept} unchanged, {} lost, {} gained",
            lost.len(),
            gained.len()
        );
        for line in lost {
            println!("  - {line}");
        }
        for line in gained {
            println!("  + {line}");
        }
    }
}

fn main() {
    let options = options();
    let mut dump = Vec::new();
    for folder in &options.folders {
        time_folder(folder, options.rounds, &mut dump);
    }
    if let Some(path) = &options.dump {
        let written = std::fs::File::create(path).and_then(|mut f| f.write_all((dump.join("\n") + "\n").as_bytes()));
        if let Err(error) = written {
            eprintln!("{}: {error}", path.display());
        }
    }
    if let Some(path) = &options.compare {
        match std::fs::read_to_string(path) {
            Ok(old) => compare(&old.lines().map(String::from).collect(), &dump.into_iter().collect()),
            Err(error) => eprintln!("{}: {error}", path.display()),
        }
    }
}
