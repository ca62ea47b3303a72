//! Bodies against the gold of the development seeds, scored the way
//! `../shared/tools/score.py` scores them (difflib ratio ≥ 0.85 after its
//! `norm`, one-to-one greedy matching), and a look at the Party corpus.
//!
//! Needs `../shared`; each test skips with a message when it is absent.
//! `cargo test --test bodies -- --nocapture` prints the figures and samples.

mod common;

use common::score::{greedy, norm, prf, ratio, sim};
use common::{gold, shared, shared_text};
use vanban::extract::bodies::{BodyKind, MentionContext, canonical_bodies, find_bodies};
use vanban::text::Text;

/// Precision, recall and F1 of `hyp` against `gold` with score.py's matching.
fn fuzzy_prf(gold: &[String], hyp: &[String]) -> (f64, f64, f64) {
    let pairs = greedy(gold, hyp, |g, h| (sim(g, h) - 0.85 + 1e-9).max(0.0));
    let scores = prf(pairs.len(), hyp.len(), gold.len());
    (scores.p, scores.r, scores.f1)
}

#[test]
fn gold_bodies_are_found() {
    for seed in ["001", "002"] {
        let (Some(raw), Some(gold)) = (shared_text(&format!("dev/{seed}.txt")), gold(seed)) else {
            return;
        };
        let want: Vec<String> = gold["bodies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        let got = canonical_bodies(&find_bodies(&Text::from_plain(&raw)));
        let (p, r, f1) = fuzzy_prf(&want, &got);
        println!("bodies {seed}: P {p:.2} R {r:.2} F1 {f1:.2}\n  found: {got:?}");
        assert!(f1 >= 0.85, "seed {seed}: F1 {f1:.2}; found {got:?}; gold {want:?}");
    }
}

#[test]
fn scorer_matches_difflib() {
    // values printed by Python's difflib for the same pairs
    let r = ratio(
        &norm("Văn phòng Đảng ủy xã, phường"),
        &norm("Văn phòng Đảng ủy các xã, phường"),
    );
    assert!((r - 0.9295774647887324).abs() < 1e-9, "{r}");
    let r = ratio(&norm("Ban Thường vụ Tỉnh ủy Hưng Yên"), &norm("Ban Thường vụ Tỉnh ủy"));
    assert!((r - 0.847457627118644).abs() < 1e-9, "{r}");
    assert_eq!(ratio(&norm("Thành Uỷ"), &norm("thành ủy.")), 1.0);
}

#[test]
fn party_corpus_bodies_look_like_bodies() {
    let Some(root) = shared() else { return };
    let Ok(entries) = std::fs::read_dir(root.join("corpus-party/docs")) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut total = 0;
    for path in &paths {
        let Ok(raw) = std::fs::read_to_string(path) else {
            continue;
        };
        let mentions = find_bodies(&Text::from_plain(&raw));
        let bodies = canonical_bodies(&mentions);
        total += bodies.len();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name}: {} bodies: {}", bodies.len(), bodies.join(" | "));
        for m in mentions
            .iter()
            .filter(|m| m.context == MentionContext::Text && m.kind != BodyKind::Generic)
        {
            assert!(
                m.name.split(' ').count() >= 2 || m.name.ends_with("ủy"),
                "{name}: odd body {m:?}"
            );
        }
    }
    assert!(
        total >= 5 * paths.len(),
        "only {total} bodies in {} documents",
        paths.len()
    );
}
