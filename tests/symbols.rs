//! Directive numbers against the gold of the development seeds, and the
//! corpus-derived code table kept in step with the corpora.
//!
//! Needs `../shared` (the corpora and gold); each test skips with a message
//! when it is absent. `VANBAN_BLESS=1 cargo test --test symbols` rewrites
//! `dictionaries/symbol_codes.tsv` from the corpora.

mod common;

use std::collections::BTreeSet;

use common::{gold, shared, shared_text};
use vanban::extract::symbols::{derive_code_table, find_symbols};
use vanban::text::Text;

/// Symbols F1 on one seed, with the score tool's normalisation.
fn symbols_f1(seed: &str) -> Option<(f64, BTreeSet<String>, BTreeSet<String>)> {
    let text = Text::from_plain(&shared_text(&format!("dev/{seed}.txt"))?);
    let gold = gold(seed)?;
    let want: BTreeSet<String> = gold["directive_numbers"]
        .as_array()?
        .iter()
        .filter_map(|v| v.as_str().map(score_norm))
        .collect();
    let got: BTreeSet<String> = find_symbols(&text).iter().map(|s| score_norm(&s.normalised)).collect();
    let hits = want.intersection(&got).count() as f64;
    let f1 = if want.is_empty() && got.is_empty() {
        1.0
    } else {
        2.0 * hits / (want.len() + got.len()) as f64
    };
    Some((f1, want, got))
}

/// `norm_symbol` of ../shared/tools/score.py.
fn score_norm(symbol: &str) -> String {
    symbol
        .to_uppercase()
        .replace(' ', "")
        .replace("QD/", "QĐ/")
        .replace("/DU", "/ĐU")
        .replace("-DU", "-ĐU")
}

#[test]
fn gold_directive_numbers_are_found_exactly() {
    for seed in ["001", "002"] {
        let Some((f1, want, got)) = symbols_f1(seed) else {
            return;
        };
        println!("symbols {seed}: F1 {f1:.2}");
        assert_eq!(got, want, "seed {seed}");
    }
}

#[test]
fn ocr_seed_symbols_are_read_through_the_damage() {
    let Some(raw) = shared_text("corpus/001_40e5d0e45c314551.txt") else {
        return;
    };
    let found: Vec<String> = find_symbols(&Text::from_plain(&raw))
        .into_iter()
        .map(|s| s.normalised)
        .collect();
    assert_eq!(found, ["06-QC/TU", "294-QĐ/TW", "10-QĐ/TU"]);
}

#[test]
fn code_table_matches_the_corpora() {
    let Some(root) = shared() else { return };
    let mut texts = Vec::new();
    for dir in ["corpus-ext/docs", "corpus-party/docs"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        texts.extend(
            paths
                .iter()
                .filter_map(|p| std::fs::read(p).ok())
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
        );
    }
    let index = std::fs::read_to_string(root.join("corpus-ext/index.tsv")).unwrap_or_default();
    let own: Vec<&str> = index
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(4))
        .filter(|s| !s.is_empty())
        .collect();
    let table = derive_code_table(texts.iter().map(String::as_str), own);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries/symbol_codes.tsv");
    if std::env::var_os("VANBAN_BLESS").is_some() {
        std::fs::write(&path, &table).expect("write dictionaries/symbol_codes.tsv");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == table,
        "dictionaries/symbol_codes.tsv is stale: rerun with VANBAN_BLESS=1"
    );
}
