//! Search latency over a fixed query list, measured inside one process.
//!
//! `cargo bench --bench search_latency -- INDEX_DIR QUERIES_FILE [REPS]`
//!
//! Opens the index once, runs every query once to warm the caches, then
//! `REPS` times more (default 20), timing each `VanbanIndex::search` call:
//! query parsing, search over document rows, top 10, facet counts and
//! highlighted snippets, what `vanban search --kind document` does after
//! opening the index. Prints one line per query (median, hits) and, for the
//! queries with and without diacritics, p50 and p99 over all timed runs.
//! Queries without diacritics are searched as typed (no restoration).

use std::path::PathBuf;
use std::time::Instant;

use vanban::index::{Kind, SearchRequest, VanbanIndex};
use vanban::vietnamese::strip_marks;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let (Some(index_dir), Some(queries)) = (args.first(), args.get(1)) else {
        eprintln!("usage: cargo bench --bench search_latency -- INDEX_DIR QUERIES_FILE [REPS]");
        std::process::exit(2);
    };
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let index = VanbanIndex::open(&PathBuf::from(index_dir)).unwrap_or_else(|e| fail(&e.to_string()));
    let queries = std::fs::read_to_string(queries).unwrap_or_else(|e| fail(&format!("{queries}: {e}")));
    let queries: Vec<&str> = queries
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let restore = |query: &str| query.to_string();
    let (mut with_marks, mut without_marks) = (Vec::new(), Vec::new());
    println!("query\thits\tmedian_us");
    for query in &queries {
        let request = SearchRequest {
            query,
            kind: Some(Kind::Document),
            limit: 10,
        };
        let hits = index
            .search(&request, &restore)
            .unwrap_or_else(|e| fail(&e.to_string()))
            .total;
        let mut times: Vec<f64> = (0..reps)
            .map(|_| {
                let started = Instant::now();
                let results = index.search(&request, &restore);
                let elapsed = started.elapsed().as_secs_f64() * 1e6;
                std::hint::black_box(results.map(|r| r.hits.len()).unwrap_or(0));
                elapsed
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!("{query}\t{hits}\t{:.0}", percentile(&times, 50.0));
        let group = if strip_marks(query) == *query {
            &mut without_marks
        } else {
            &mut with_marks
        };
        group.extend(times);
    }
    for (name, times) in [
        ("with diacritics", &mut with_marks),
        ("without diacritics", &mut without_marks),
    ] {
        times.sort_by(f64::total_cmp);
        println!(
            "vanban {name}: {} runs, p50 {:.2} ms, p99 {:.2} ms",
            times.len(),
            percentile(times, 50.0) / 1e3,
            percentile(times, 99.0) / 1e3
        );
    }
    let mut all: Vec<f64> = with_marks.iter().chain(&without_marks).copied().collect();
    all.sort_by(f64::total_cmp);
    println!(
        "vanban all: {} runs, p50 {:.2} ms, p99 {:.2} ms",
        all.len(),
        percentile(&all, 50.0) / 1e3,
        percentile(&all, 99.0) / 1e3
    );
}

/// The `p`-th percentile of sorted values (nearest rank).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn fail(message: &str) -> ! {
    eprintln!("search_latency: {message}");
    std::process::exit(2);
}
