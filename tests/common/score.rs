//! A port of `../shared/tools/score.py`: the same normalisation, the same
//! one-to-one greedy matching (pairs sorted by score, then gold index, then
//! hypothesis index, all descending, as Python sorts the tuples), the same
//! keys and thresholds, over the JSON values of a gold file and an output.
//!
//! One difference: `difflib.SequenceMatcher` drops "popular" characters
//! from sequences of 200 characters or more (its `autojunk`); [`ratio`] does
//! not. Every string the scorer compares with it here (body names, leads,
//! titles) is shorter than that.

use serde_json::Value;
use vanban::vietnamese::tone_key;

/// `norm` of score.py: white space collapsed, ` .;,:` trimmed, lower case,
/// each word's tone mark moved to its end.
pub fn norm(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    tone_key(collapsed.trim_matches(|c: char| " .;,:".contains(c)))
}

/// `norm` of a JSON value: strings as they are, numbers as written, `None` for null.
fn norm_value(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(norm(s)),
        other => Some(norm(&other.to_string())),
    }
}

/// `norm_symbol` of score.py.
pub fn norm_symbol(s: &str) -> String {
    let s: String = s.to_uppercase().chars().filter(|c| *c != ' ').collect();
    s.replace("QD/", "QĐ/").replace("/DU", "/ĐU").replace("-DU", "-ĐU")
}

/// difflib's `SequenceMatcher(None, a, b).ratio()` (Ratcliff–Obershelp).
pub fn ratio(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let total = a.len() + b.len();
    if total == 0 {
        1.0
    } else {
        2.0 * matched(&a, &b) as f64 / total as f64
    }
}

/// Characters matched by difflib's recursive longest-common-block split:
/// the longest block, earliest in `a`, then earliest in `b`.
fn matched(a: &[char], b: &[char]) -> usize {
    let (mut best, mut at_a, mut at_b) = (0, 0, 0);
    let mut lengths = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let mut next = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == cb {
                next[j + 1] = lengths[j] + 1;
                if next[j + 1] > best {
                    (best, at_a, at_b) = (next[j + 1], i + 1 - next[j + 1], j + 1 - next[j + 1]);
                }
            }
        }
        lengths = next;
    }
    if best == 0 {
        return 0;
    }
    best + matched(&a[..at_a], &b[..at_b]) + matched(&a[at_a + best..], &b[at_b + best..])
}

/// `sim` of score.py: the ratio of the normalised strings.
pub fn sim(a: &str, b: &str) -> f64 {
    ratio(&norm(a), &norm(b))
}

/// Precision, recall, F1 (rounded to 4 places, as score.py prints them) and counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    pub tp: usize,
    pub hyp: usize,
    pub gold: usize,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `prf` of score.py.
pub fn prf(tp: usize, hyp: usize, gold: usize) -> Prf {
    let p = if hyp > 0 {
        tp as f64 / hyp as f64
    } else if gold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if gold > 0 { tp as f64 / gold as f64 } else { 1.0 };
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    Prf {
        p: round4(p),
        r: round4(r),
        f1: round4(f1),
        tp,
        hyp,
        gold,
    }
}

/// `greedy` of score.py: one-to-one pairs `(gold, hyp)` by descending score.
pub fn greedy<G, H>(gold: &[G], hyp: &[H], score: impl Fn(&G, &H) -> f64) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, h) in hyp.iter().enumerate() {
            let s = score(g, h);
            if s > 0.0 {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)).then(y.2.cmp(&x.2)));
    let (mut used_g, mut used_h) = (vec![false; gold.len()], vec![false; hyp.len()]);
    let mut out = Vec::new();
    for (_, i, j) in pairs {
        if !used_g[i] && !used_h[j] {
            (used_g[i], used_h[j]) = (true, true);
            out.push((i, j));
        }
    }
    out
}

/// The strings of a JSON array (non-strings skipped).
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(String::from))
        .collect()
}

fn items(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

/// `loc_key` of score.py.
fn loc_key(loc: &Value) -> (Value, Value, Value, Option<String>) {
    let field = |name: &str| loc.get(name).cloned().unwrap_or(Value::Null);
    let point = loc
        .get("point")
        .filter(|p| !p.is_null() && p.as_str() != Some(""))
        .and_then(norm_value);
    (field("part"), field("article"), field("clause"), point)
}

/// `deadline_value_key` of score.py.
fn deadline_key(d: &Value) -> Vec<Value> {
    let value = d.get("value").cloned().unwrap_or(Value::Null);
    let field = |name: &str| value.get(name).cloned().unwrap_or(Value::Null);
    let kind = d.get("kind").cloned().unwrap_or(Value::Null);
    match kind.as_str() {
        Some("relative") => vec![kind, field("amount"), field("unit")],
        Some("absolute") => vec![kind, field("date"), field("month_day")],
        Some("recurring") => {
            let day = match field("day") {
                Value::Null => Value::Null,
                Value::String(s) => Value::String(s.to_lowercase()),
                other => Value::String(other.to_string().to_lowercase()),
            };
            vec![kind, field("freq"), day, field("time")]
        }
        _ => vec![kind],
    }
}

/// `lead_match` of score.py.
pub fn lead_match(gold: &Value, hyp: &Value) -> bool {
    let gold: Vec<String> = strings(gold).iter().map(|s| norm(s)).collect();
    let hyp: Vec<String> = strings(hyp).iter().map(|s| norm(s)).collect();
    if gold.is_empty() && hyp.is_empty() {
        return true;
    }
    let hits = gold.iter().filter(|g| hyp.iter().any(|h| ratio(g, h) >= 0.85)).count();
    hits >= 1.max(gold.len().div_ceil(2))
}

/// Every component score.py reports.
#[derive(Clone, Debug)]
pub struct Scores {
    pub header_matched: usize,
    pub header_of: usize,
    pub bases: Prf,
    pub structure: Prf,
    pub symbols: Prf,
    pub bodies: Prf,
    pub deadlines: Prf,
    pub tasks: Prf,
    pub tasks_lead: Prf,
}

impl Scores {
    /// The summary line score.py prints.
    pub fn summary(&self) -> String {
        format!(
            "header {}/{} | bases F1 {:.2} | structure F1 {:.3} | symbols F1 {:.2} | bodies F1 {:.2} | deadlines F1 {:.2} | tasks F1 {:.2} | tasks+lead F1 {:.2}",
            self.header_matched,
            self.header_of,
            self.bases.f1,
            self.structure.f1,
            self.symbols.f1,
            self.bodies.f1,
            self.deadlines.f1,
            self.tasks.f1,
            self.tasks_lead.f1
        )
    }
}

/// The header fields of `hyp` that do not match the gold (as `score.py`
/// compares them: symbols normalised, the title by similarity ≥ 0.9).
pub fn header_fields_wrong(gold: &Value, hyp: &Value) -> Vec<&'static str> {
    let fields = [
        "issuer",
        "number",
        "type",
        "date",
        "place",
        "title",
        "signer",
        "signer_title",
    ];
    let text = |v: &Value, f: &str| {
        v.get(f)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    fields
        .into_iter()
        .filter(|&f| match (text(gold, f), text(hyp, f)) {
            (None, None) => false,
            (Some(g), Some(h)) if f == "number" => norm_symbol(&g) != norm_symbol(&h),
            (Some(g), Some(h)) if f == "title" => sim(&g, &h) < 0.9,
            (Some(g), Some(h)) => norm(&g) != norm(&h),
            _ => true,
        })
        .collect()
}

fn header_matches(gold: &Value, hyp: &Value) -> usize {
    8 - header_fields_wrong(gold, hyp).len()
}

fn structure_units(structure: &Value) -> std::collections::BTreeSet<String> {
    let mut units = std::collections::BTreeSet::new();
    for a in items(structure) {
        let (part, art) = (
            a.get("part").cloned().unwrap_or(Value::Null),
            a.get("article").cloned().unwrap_or(Value::Null),
        );
        units.insert(format!("article {part} {art}"));
        for c in items(a.get("clauses").unwrap_or(&Value::Null)) {
            let clause = c.get("clause").cloned().unwrap_or(Value::Null);
            units.insert(format!("clause {part} {art} {clause}"));
            for p in strings(c.get("points").unwrap_or(&Value::Null)) {
                units.insert(format!("point {part} {art} {clause} {}", norm(&p)));
            }
        }
    }
    units
}

/// Scores `hyp` against `gold` as score.py does.
pub fn score(gold: &Value, hyp: &Value) -> Scores {
    let get = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let (gb, hb) = (items(&get(gold, "legal_bases")), items(&get(hyp, "legal_bases")));
    let base_match = |g: &Value, h: &Value| -> f64 {
        match g.get("number").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            Some(number) => {
                let same = h
                    .get("number")
                    .and_then(Value::as_str)
                    .is_some_and(|n| norm_symbol(n) == norm_symbol(number));
                if same { 2.0 } else { 0.0 }
            }
            None => {
                let unnumbered = h.get("number").and_then(Value::as_str).is_none_or(str::is_empty);
                let same_type = norm_value(&get(g, "type")) == norm_value(&get(h, "type"));
                if unnumbered && same_type { 1.0 } else { 0.0 }
            }
        }
    };
    let (gu, hu) = (
        structure_units(&get(gold, "structure")),
        structure_units(&get(hyp, "structure")),
    );
    let symbol_set = |v: &Value| {
        strings(v)
            .iter()
            .map(|s| norm_symbol(s))
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (gs, hs) = (
        symbol_set(&get(gold, "directive_numbers")),
        symbol_set(&get(hyp, "directive_numbers")),
    );
    let (gbod, hbod) = (strings(&get(gold, "bodies")), strings(&get(hyp, "bodies")));
    let body_pairs = greedy(&gbod, &hbod, |g, h| (sim(g, h) - 0.85 + 1e-9).max(0.0));
    let (gd, hd) = (items(&get(gold, "deadlines")), items(&get(hyp, "deadlines")));
    let same_loc = |g: &Value, h: &Value| loc_key(&get(g, "loc")) == loc_key(&get(h, "loc"));
    let deadline_pairs = greedy(&gd, &hd, |g, h| {
        if same_loc(g, h) && deadline_key(g) == deadline_key(h) {
            1.0
        } else {
            0.0
        }
    });
    let (gt, ht) = (items(&get(gold, "tasks")), items(&get(hyp, "tasks")));
    let task_score = |g: &Value, h: &Value| match (same_loc(g, h), lead_match(&get(g, "lead"), &get(h, "lead"))) {
        (false, _) => 0.0,
        (true, true) => 2.0,
        (true, false) => 1.0,
    };
    let task_pairs = greedy(&gt, &ht, task_score);
    let lead_ok = task_pairs
        .iter()
        .filter(|&&(i, j)| lead_match(&get(&gt[i], "lead"), &get(&ht[j], "lead")))
        .count();
    Scores {
        header_matched: header_matches(&get(gold, "document"), &get(hyp, "document")),
        header_of: 8,
        bases: prf(greedy(&gb, &hb, base_match).len(), hb.len(), gb.len()),
        structure: prf(gu.intersection(&hu).count(), hu.len(), gu.len()),
        symbols: prf(gs.intersection(&hs).count(), hs.len(), gs.len()),
        bodies: prf(body_pairs.len(), hbod.len(), gbod.len()),
        deadlines: prf(deadline_pairs.len(), hd.len(), gd.len()),
        tasks: prf(task_pairs.len(), ht.len(), gt.len()),
        tasks_lead: prf(lead_ok, ht.len(), gt.len()),
    }
}
