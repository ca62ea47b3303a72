//! Writes the chosen path back into the line: words in the case of their
//! source tokens, everything between tokens copied, a column map to the
//! source, and a record (confidence, runner-up) for every word.

use super::decode::{self, Edge, Path, Render};
use super::lattice::{Lattice, Slot};
use super::layout;
use super::lm::{CaseHabit, END, WordId};
use super::tokenize::{Kind, Token};
use super::{Repairer, TokenRepair};
use crate::text::ColumnMap;

/// A repaired line.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The repaired text.
    pub text: String,
    /// Output byte → column of the line that was repaired.
    pub columns: ColumnMap,
    /// One record per word.
    pub records: Vec<TokenRepair>,
}

/// The letter case of a source token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Lower,
    Title,
    Upper,
}

fn case_of(token: &str, line_in_capitals: bool) -> Case {
    let mut letters = token.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Case::Lower;
    };
    let (mut count, mut upper) = (1, usize::from(first.is_uppercase()));
    for letter in letters {
        count += 1;
        upper += usize::from(letter.is_uppercase());
    }
    // A token mostly in capitals (`CHIi`: a capital's mark read as a small
    // letter) is in capitals, and so is any in a line in capitals.
    let mostly_upper = first.is_uppercase() && upper * 2 > count && (upper >= 2 || line_in_capitals);
    if upper == count && (count > 1 || line_in_capitals) || mostly_upper {
        Case::Upper
    } else if first.is_uppercase() || token.starts_with(|c: char| c.is_uppercase()) {
        Case::Title
    } else {
        Case::Lower
    }
}

fn apply_case(word: &str, case: Case, habit: CaseHabit) -> String {
    match (case, habit) {
        (_, CaseHabit::Upper) | (Case::Upper, _) => word.to_uppercase(),
        (Case::Title, _) => {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        (Case::Lower, _) => word.to_string(),
    }
}

/// Whether the line is a heading in capitals: most of its words of two
/// letters or more are, leaving out abbreviations (`QC`, `TU`), which are
/// capitals everywhere.
fn in_capitals(words: impl Iterator<Item = impl AsRef<str>>, abbreviation: impl Fn(&str) -> bool) -> bool {
    let (mut upper, mut total) = (0usize, 0usize);
    for word in words {
        let word = word.as_ref();
        if word.chars().filter(|c| c.is_alphabetic()).count() < 2 || abbreviation(word) {
            continue;
        }
        total += 1;
        upper += usize::from(!word.chars().any(char::is_lowercase));
    }
    total > 0 && upper * 10 >= total * 7
}

/// Whether a line is a heading in capitals (see `in_capitals`).
pub fn is_heading(repairer: &Repairer, line: &str, tokens: &[Token]) -> bool {
    let vocab = repairer.lm.vocab();
    let words = tokens
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| &line[t.span.clone()]);
    in_capitals(words, |w| vocab.habit(vocab.id_in_any_case(w)) == CaseHabit::Upper)
}

/// The text between two tokens, with the space of an OCR'd document symbol
/// closed up (`06 -QC/TU` → `06-QC/TU`): a space then `-` or `/` between a
/// digit and a capital.
fn gap_text(gap: &str, before: Option<char>, after: Option<char>) -> &str {
    let symbol = before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(char::is_uppercase);
    match gap {
        " -" | " /" if symbol => &gap[1..],
        _ => gap,
    }
}

struct Writer<'a> {
    repairer: &'a Repairer,
    source: &'a str,
    capitals: bool,
}

impl Writer<'_> {
    fn word(&self, word: WordId, source: &str) -> String {
        let vocab = self.repairer.lm.vocab();
        apply_case(vocab.word(word), case_of(source, self.capitals), vocab.habit(word))
    }

    /// The text an edge writes in place of the source bytes `range`.
    fn edge_text(&self, edge: &Edge, range: std::ops::Range<usize>) -> String {
        let source = &self.source[range];
        match edge.render {
            Render::Source => source.to_string(),
            Render::Roman => layout::roman(source),
            Render::Word(word) => self.word(word, source),
            Render::WordThenDigits(word, at) => {
                format!("{} {}", self.word(word, &source[..at]), &source[at..])
            }
            Render::DigitsThenWord(at, word) => {
                format!("{} {}", &source[..at], self.word(word, &source[at..]))
            }
        }
    }
}

/// Renders `path` over the line `source` (line number `index`).
pub fn render(
    repairer: &Repairer,
    index: usize,
    source: &str,
    tokens: &[Token],
    lattice: &Lattice,
    path: &Path,
) -> Rendered {
    let writer = Writer {
        repairer,
        source,
        capitals: lattice.heading,
    };
    let mut out = Rendered::default();
    let mut copied_to = 0;
    for (k, &(slot, e, state)) in path.steps.iter().enumerate() {
        let Slot::Token(first) = lattice.slots[slot] else {
            continue;
        };
        let edge = &lattice.edges[slot][e];
        let last = match lattice.slots.get(slot + edge.span - 1) {
            Some(&Slot::Token(j)) => j,
            _ => first,
        };
        let range = tokens[first].span.start..tokens[last].span.end;
        let gap = &source[copied_to..range.start];
        let kept = gap_text(gap, out.text.chars().last(), source[range.start..].chars().next());
        out.columns.anchor(out.text.len(), copied_to + gap.len() - kept.len());
        out.text.push_str(kept);
        out.columns.anchor(out.text.len(), range.start);
        let chosen = writer.edge_text(edge, range.clone());
        let start = out.text.len();
        out.text.push_str(&chosen);
        // The second part of a split token maps back to its own source bytes.
        match edge.render {
            Render::WordThenDigits(_, at) => out
                .columns
                .anchor(out.text.len() - (range.len() - at), range.start + at),
            Render::DigitsThenWord(at, _) => out.columns.anchor(start + at + 1, range.start + at),
            Render::Word(_) | Render::Source | Render::Roman => {}
        }
        copied_to = range.end;
        if tokens[first].kind == Kind::Word || chosen != source[range.clone()] {
            let after = following_words(lattice, path, k + 1);
            let (confidence, runner_up) =
                confidence(&writer, lattice, slot, edge, state, &after, range.clone(), &chosen);
            out.records.push(TokenRepair {
                line: index,
                start: range.start,
                end: range.end,
                original: source[range].to_string(),
                chosen,
                confidence,
                runner_up,
            });
        }
    }
    out.columns.anchor(out.text.len(), copied_to);
    out.text.push_str(&source[copied_to..]);
    out
}

/// The next (up to two) language-model words of the path from step `from`.
fn following_words(lattice: &Lattice, path: &Path, from: usize) -> Vec<WordId> {
    let mut words = Vec::with_capacity(2);
    for &(slot, e, _) in &path.steps[from..] {
        for &word in lattice.edges[slot][e].emitted() {
            if words.len() < 2 {
                words.push(word);
            }
        }
        if words.len() >= 2 || words.last() == Some(&END) {
            break;
        }
    }
    words
}

/// Posterior-like confidence of the chosen edge against the other readings
/// of the same tokens, in the chosen context; and the best other reading.
#[allow(clippy::too_many_arguments)]
fn confidence(
    writer: &Writer,
    lattice: &Lattice,
    slot: usize,
    chosen_edge: &Edge,
    state: decode::State,
    after: &[WordId],
    range: std::ops::Range<usize>,
    chosen: &str,
) -> (f32, Option<String>) {
    let lm = &writer.repairer.lm;
    let settings = &writer.repairer.settings.search;
    let context = lm.context(state);
    let entry = decode::entry_cost(&context, chosen_edge, settings);
    let mut others: Vec<(f32, &Edge)> = lattice.edges[slot]
        .iter()
        .filter(|e| e.span == chosen_edge.span && e.emitted() != chosen_edge.emitted())
        .filter(|e| decode::least_entry_cost(lm, e, settings) - entry < NEGLIGIBLE)
        .map(|e| (decode::entry_cost(&context, e, settings), e))
        .filter(|&(cost, _)| cost - entry < NEGLIGIBLE)
        .collect();
    others.sort_by(|a, b| a.0.total_cmp(&b.0));
    let own = decode::local_cost(&context, chosen_edge, state, after, settings);
    let mut total = 1.0f32;
    let mut runner_up: Option<(f32, &Edge)> = None;
    for &(_, edge) in others.iter().take(ALTERNATIVES) {
        let delta = decode::local_cost(&context, edge, state, after, settings) - own;
        total += (-delta.max(-NEGLIGIBLE)).exp();
        if runner_up.is_none_or(|(best, _)| delta < best) {
            runner_up = Some((delta, edge));
        }
    }
    let runner_up = runner_up
        .map(|(_, edge)| writer.edge_text(edge, range))
        .filter(|text| text != chosen);
    (1.0 / total, runner_up)
}

/// How many other readings (the likeliest at their first word) the
/// confidence weighs against the chosen one.
const ALTERNATIVES: usize = 4;

/// A reading costing this much more (in nats) than the chosen one has no
/// say in the confidence.
const NEGLIGIBLE: f32 = 12.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_follows_the_source_token() {
        assert_eq!(apply_case("điều", case_of("Piéu", false), CaseHabit::Free), "Điều");
        assert_eq!(apply_case("quy", case_of("QUY", false), CaseHabit::Free), "QUY");
        assert_eq!(apply_case("chế", case_of("CHE", true), CaseHabit::Free), "CHẾ");
        assert_eq!(apply_case("đ", case_of("D", true), CaseHabit::Free), "Đ");
        assert_eq!(apply_case("chỉ", case_of("CHIi", true), CaseHabit::Free), "CHỈ");
        assert_eq!(apply_case("chỉ", case_of("CHIi", false), CaseHabit::Free), "CHỈ");
        assert_eq!(apply_case("chỉ", case_of("Chi", true), CaseHabit::Free), "Chỉ");
        assert_eq!(apply_case("số", case_of("Số", true), CaseHabit::Free), "Số");
        assert_eq!(apply_case("qđ", case_of("Qb", false), CaseHabit::Upper), "QĐ");
        assert_eq!(apply_case("làm", case_of("1am", false), CaseHabit::Free), "làm");
    }

    #[test]
    fn headings_are_in_capitals() {
        let words = |line: &'static str| line.split(' ');
        let abbreviation = |w: &str| ["QC", "TU"].contains(&w);
        assert!(in_capitals(words("ĐẢNG CỘNG SẢN VIỆT NAM"), abbreviation));
        assert!(!in_capitals(words("Điều 4. Trách nhiệm"), abbreviation));
        assert!(!in_capitals(["S606", "QC", "TU"].into_iter(), abbreviation));
    }

    #[test]
    fn symbols_close_up() {
        assert_eq!(gap_text(" -", Some('6'), Some('Q')), "-");
        assert_eq!(gap_text(" -", Some('a'), Some('Q')), " -");
        assert_eq!(gap_text(" - ", Some('6'), Some('Q')), " - ");
    }
}
