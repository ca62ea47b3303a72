//! Measuring the repair: syllable error rate against gold texts, on the
//! development seed and the held-out OCR evaluation set of `../shared`.
//!
//! [`syllable_errors`] counts like `shared/tools/ser.py --fold-tone-placement`:
//! syllables are runs of word characters, lower-cased, compared as (letters
//! without tone, tone) so `hóa`/`hoá` are equal; Levenshtein alignment line
//! by line when both texts have the same number of lines, over the whole
//! text otherwise; errors = substitutions + deletions + insertions.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::Repairer;
use crate::text::Text;
use crate::vietnamese::strip_marks;

/// The five tone marks (combining), in ser.py's order.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// A syllable as compared: letters without tone, then `#` and the tone.
fn syllable_key(word: &str) -> String {
    let decomposed: Vec<char> = word.nfd().collect();
    let tones: String = decomposed
        .iter()
        .filter_map(|c| TONES.iter().position(|t| t == c))
        .map(|i| char::from(b'1' + i as u8))
        .collect();
    let base: String = decomposed
        .iter()
        .filter(|c| !TONES.contains(c))
        .collect::<String>()
        .nfc()
        .collect();
    if tones.is_empty() {
        base
    } else {
        format!("{base}#{tones}")
    }
}

fn syllables(text: &str) -> Vec<String> {
    let lower: String = text.nfc().collect::<String>().to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(syllable_key)
        .collect()
}

/// Levenshtein distance between two syllable lists.
fn distance(a: &[String], b: &[String]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Errors (S + D + I) and gold syllables of `hypothesis` against `gold`.
pub fn syllable_errors(gold: &str, hypothesis: &str) -> (usize, usize) {
    let gold_lines: Vec<&str> = gold.lines().collect();
    let hyp_lines: Vec<&str> = hypothesis.lines().collect();
    if gold_lines.len() == hyp_lines.len() {
        gold_lines.iter().zip(&hyp_lines).fold((0, 0), |(e, n), (g, h)| {
            let (g, h) = (syllables(g), syllables(h));
            (e + distance(&g, &h), n + g.len())
        })
    } else {
        let (g, h) = (syllables(gold), syllables(hypothesis));
        (distance(&g, &h), g.len())
    }
}

/// The syllable error rate, 0..1.
pub fn syllable_error_rate(gold: &str, hypothesis: &str) -> f64 {
    let (errors, total) = syllable_errors(gold, hypothesis);
    if total == 0 { 0.0 } else { errors as f64 / total as f64 }
}

/// One evaluated document.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentScore {
    /// Its name (seed file or `ocr-eval` case).
    pub name: String,
    /// Syllable error rate of the repair, 0..1.
    pub ser: f64,
    /// The repaired text.
    #[serde(skip)]
    pub repaired: String,
}

/// The repair's figures on the shared evaluation data.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    /// Seed 001's raw OCR against its gold.
    pub seed: DocumentScore,
    /// Every `ocr-eval` document's OCR against its clean text.
    pub ocr: Vec<DocumentScore>,
    /// Every `ocr-eval` document's clean text stripped of marks, against itself.
    pub stripped: Vec<DocumentScore>,
}

/// Mean SER of a set of documents.
pub fn mean_ser(scores: &[DocumentScore]) -> f64 {
    if scores.is_empty() {
        0.0
    } else {
        scores.iter().map(|s| s.ser).sum::<f64>() / scores.len() as f64
    }
}

fn read(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

fn score(repairer: &Repairer, name: String, input: &str, gold: &str) -> DocumentScore {
    let repaired = repairer.repair(&Text::from_plain(input)).text.joined();
    DocumentScore {
        name,
        ser: syllable_error_rate(gold, &repaired),
        repaired,
    }
}

/// The seed-001 OCR file of `shared/corpus`.
fn seed_file(shared: &Path) -> std::io::Result<PathBuf> {
    let corpus = shared.join("corpus");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&corpus)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("001_")))
        .collect();
    found.sort();
    found
        .into_iter()
        .next()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no corpus/001_*.txt"))
}

/// The `ocr-eval` cases of `shared`, by name: (name, OCR text, clean text).
pub fn ocr_eval_cases(shared: &Path) -> std::io::Result<Vec<(String, String, String)>> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(shared.join("ocr-eval"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("ocr.txt").is_file() && p.join("clean.txt").is_file())
        .collect();
    cases.sort();
    cases
        .iter()
        .map(|case| {
            let name = case
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((name, read(&case.join("ocr.txt"))?, read(&case.join("clean.txt"))?))
        })
        .collect()
}

/// Repairs and scores the seed and the `ocr-eval` set (in parallel).
pub fn evaluate(repairer: &Repairer, shared: &Path) -> std::io::Result<Evaluation> {
    let seed_path = seed_file(shared)?;
    let seed = score(
        repairer,
        "001".into(),
        &read(&seed_path)?,
        &read(&shared.join("dev/001.txt"))?,
    );
    let pairs = ocr_eval_cases(shared)?;
    let ocr = pairs
        .par_iter()
        .map(|(name, ocr, clean)| score(repairer, name.clone(), ocr, clean))
        .collect();
    let stripped = pairs
        .par_iter()
        .map(|(name, _, clean)| score(repairer, name.clone(), &strip_marks(clean), clean))
        .collect();
    Ok(Evaluation { seed, ocr, stripped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_is_folded() {
        assert_eq!(syllable_key("hoá"), syllable_key("hóa"));
        assert_eq!(syllable_key("thuỷ"), syllable_key("thủy"));
        assert_ne!(syllable_key("hóa"), syllable_key("hòa"));
    }

    #[test]
    fn errors_count_like_ser_py() {
        assert_eq!(syllable_errors("Điều 4. Trách nhiệm", "điều 4 trach nhiệm"), (1, 4));
        assert_eq!(syllable_errors("a b\nc", "a\nb c"), (2, 3));
        assert_eq!(syllable_errors("a b c", "a b\nc d"), (1, 3));
        assert_eq!(syllable_error_rate("", ""), 0.0);
    }
}
