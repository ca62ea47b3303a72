//! `vanban dict build`: the repair models, rebuilt from `../shared`.
//!
//! Reads:
//! - the language-model corpora: `corpus-ext/docs/*.txt` (state legal
//!   texts), `corpus-party/docs/*.txt` and `dev/002.txt` (the Party genre,
//!   counted [`PARTY_WEIGHT`] times), never `dev/001.txt` (the repair's
//!   development check) nor the corpus-ext documents of `ocr-eval/`;
//! - the channel pairs: `ocr-train/*/{clean,ocr}.txt` and the English-model
//!   pages of `ocr-real/tesseract-congbao/`, leaving out every document of
//!   `ocr-eval/`.
//!
//! Writes `lm.bin`, `channel.bin`, `candidates.bin` (the candidate lists of
//! the OCR tokens of the training pairs, so that frequent tokens cost no
//! search) and `phrases.txt` (the domain phrases added to the language
//! model) into the output directory. The same inputs
//! give the same bytes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use similar::{Algorithm, DiffTag, capture_diff_slices};
use thiserror::Error;

use super::channel::ChannelCounts;
use super::lattice::SharedCandidates;
use super::lm::NgramCounts;
use super::tokenize::{Kind, Unit, tokenize, units};
use super::{CANDIDATES_FILE, CHANNEL_FILE, LM_FILE, Repairer};
use crate::vietnamese::fold;

/// How many times a Party-genre text counts against a state legal text.
pub const PARTY_WEIGHT: u64 = 45;
/// How many times a domain phrase is added to the language model.
pub const PHRASE_WEIGHT: u64 = 20;
/// File name of the domain phrase list.
pub const PHRASES_FILE: &str = "phrases.txt";

/// Why the models could not be built.
#[derive(Debug, Error)]
pub enum BuildError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The shared folder lacks the corpora.
    #[error("{0}: no corpus found (is this the shared folder?)")]
    NoCorpus(PathBuf),
}

/// What a build read and wrote.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Documents counted for the language model.
    pub lm_documents: usize,
    /// Vocabulary size.
    pub vocabulary: usize,
    /// Domain phrases found.
    pub phrases: usize,
    /// Clean/OCR document pairs aligned for the channel.
    pub channel_pairs: usize,
    /// Word pairs the channel learned from.
    pub channel_words: usize,
    /// OCR token spellings whose candidate lists were precomputed.
    pub precomputed: usize,
    /// Corpus documents left out because they are evaluation documents.
    pub excluded: Vec<String>,
}

fn read(path: &Path) -> Result<String, BuildError> {
    std::fs::read_to_string(path).map_err(|source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let entries = std::fs::read_dir(dir).map_err(|source| BuildError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// Builds every repair model from `shared` into `out`; `extra_pairs` is a
/// folder of more `*/{clean,ocr}.txt` pairs (`scripts/make-ocr-pairs.sh`).
pub fn build(shared: &Path, out: &Path, extra_pairs: Option<&Path>) -> Result<BuildReport, BuildError> {
    let excluded = evaluation_documents(shared)?;
    let mut report = BuildReport {
        excluded: excluded.iter().cloned().collect(),
        ..BuildReport::default()
    };
    let documents = lm_documents(shared, &excluded)?;
    if documents.is_empty() {
        return Err(BuildError::NoCorpus(shared.to_path_buf()));
    }
    report.lm_documents = documents.len();
    let mut counts = NgramCounts::default();
    let mut phrases = PhraseCounts::default();
    for (path, weight) in &documents {
        let text = read(path)?;
        for sentence in sentences(&text) {
            let words: Vec<&str> = sentence.iter().map(|w| w.text).collect();
            let mixed: Vec<bool> = sentence.iter().map(|w| w.mixed_line).collect();
            counts.add_sentence(&words, &mixed, *weight);
            phrases.add(&sentence, *weight);
        }
    }
    phrases.keep_frequent();
    for (path, weight) in &documents {
        for sentence in sentences(&read(path)?) {
            phrases.add_totals(&sentence, *weight);
        }
    }
    let phrase_list = phrases.dominant();
    for phrase in &phrase_list {
        let words: Vec<&str> = phrase.split(' ').collect();
        counts.add_sentence(&words, &vec![true; words.len()], PHRASE_WEIGHT);
    }
    report.phrases = phrase_list.len();
    let lm = counts.estimate(2, 1);
    report.vocabulary = lm.vocab().len();

    let mut channel = ChannelCounts::default();
    let mut pairs = channel_pairs(shared, &excluded)?;
    if let Some(dir) = extra_pairs {
        pairs.extend(pair_folders(dir, &excluded)?);
    }
    let mut ocr_tokens = BTreeSet::new();
    for (clean, ocr) in pairs {
        report.channel_pairs += 1;
        let ocr = read(&ocr)?;
        for (c, o) in align_words(&read(&clean)?, &ocr) {
            channel.add_pair(&c, &o);
            report.channel_words += 1;
        }
        ocr_tokens.extend(
            words_of(&ocr)
                .into_iter()
                .filter(|w| !w.bytes().all(|b| b.is_ascii_digit())),
        );
    }
    let channel = channel.estimate(2, 5);
    let lm_bytes = lm.to_bytes();
    let channel_bytes = channel.to_bytes();
    let engine = Repairer::from_models(lm, channel);
    SharedCandidates::precompute(&engine, ocr_tokens.iter().map(String::as_str));
    report.precomputed = ocr_tokens.len();

    std::fs::create_dir_all(out).map_err(|source| BuildError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|source| BuildError::Io { path, source })
    };
    write(LM_FILE, &lm_bytes)?;
    write(CHANNEL_FILE, &channel_bytes)?;
    write(CANDIDATES_FILE, &engine.shared.to_bytes())?;
    write(PHRASES_FILE, phrase_list.join("\n").as_bytes())?;
    Ok(report)
}

/// File names (`00016.txt`) of the corpus-ext documents used by `ocr-eval/`.
fn evaluation_documents(shared: &Path) -> Result<BTreeSet<String>, BuildError> {
    let mut names = BTreeSet::new();
    let dir = shared.join("ocr-eval");
    if !dir.is_dir() {
        return Ok(names);
    }
    for case in list(&dir)? {
        let meta = case.join("meta.json");
        if !meta.is_file() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&read(&meta)?).unwrap_or_default();
        if let Some(name) = value["input"].as_str().and_then(|p| Path::new(p).file_name()) {
            names.insert(name.to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

/// The language-model documents with their weights.
fn lm_documents(shared: &Path, excluded: &BTreeSet<String>) -> Result<Vec<(PathBuf, u64)>, BuildError> {
    let mut documents = Vec::new();
    let texts = |dir: PathBuf| -> Result<Vec<PathBuf>, BuildError> {
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        Ok(list(&dir)?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect())
    };
    for path in texts(shared.join("corpus-ext/docs"))? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !excluded.contains(&name) {
            documents.push((path, 1));
        }
    }
    for path in texts(shared.join("corpus-party/docs"))? {
        documents.push((path, PARTY_WEIGHT));
    }
    let party_gold = shared.join("dev/002.txt");
    if party_gold.is_file() {
        documents.push((party_gold, PARTY_WEIGHT));
    }
    Ok(documents)
}

/// A word of a clean sentence.
#[derive(Clone, Copy, Debug)]
struct SentenceWord<'a> {
    text: &'a str,
    /// Whether its line is in mixed case (not a capitals heading).
    mixed_line: bool,
}

/// The sentences of a clean text: broken at sentence punctuation (not at
/// blank lines, which page breaks put in mid-sentence, as OCR does); numbers
/// become `<num>`.
fn sentences(text: &str) -> Vec<Vec<SentenceWord<'_>>> {
    let mut all = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        let mixed_line = line.chars().any(char::is_lowercase);
        for unit in units(line) {
            match unit {
                Unit::Word(text) => current.push(SentenceWord { text, mixed_line }),
                Unit::Number => current.push(SentenceWord {
                    text: "<num>",
                    mixed_line,
                }),
                Unit::Break => all.push(std::mem::take(&mut current)),
            }
        }
    }
    all.push(current);
    all.retain(|s| !s.is_empty());
    all
}

/// Capitalised word sequences of running text (names of bodies, document
/// types, fixed phrases) with their weighted counts, and the counts of the
/// same words in any case (a phrase is kept when it is mostly capitalised:
/// `Ban Thường vụ`, not the `Kiểm tra` of `Ủy ban Kiểm tra`).
#[derive(Debug, Default)]
struct PhraseCounts {
    counts: FxHashMap<String, u64>,
    totals: FxHashMap<String, u64>,
}

/// Longest domain phrase, in words.
const PHRASE_MAX_WORDS: usize = 5;
/// Weighted count a phrase needs.
const PHRASE_MIN_COUNT: u64 = 30;
/// At most this many phrases are kept.
const PHRASE_LIMIT: usize = 4000;

impl PhraseCounts {
    fn add(&mut self, sentence: &[SentenceWord], weight: u64) {
        let capital = |w: &SentenceWord| w.mixed_line && w.text.chars().next().is_some_and(char::is_uppercase);
        for start in 1..sentence.len() {
            if !capital(&sentence[start]) {
                continue;
            }
            let mut capitals = 1;
            for len in 2..=PHRASE_MAX_WORDS.min(sentence.len() - start) {
                let last = &sentence[start + len - 1];
                if last.text == "<num>" || !last.mixed_line {
                    break;
                }
                capitals += usize::from(capital(last));
                if capitals * 2 >= len {
                    let phrase: Vec<&str> = sentence[start..start + len].iter().map(|w| w.text).collect();
                    *self.counts.entry(phrase.join(" ")).or_default() += weight;
                }
            }
        }
    }

    /// Keeps the frequent capitalised phrases and prepares their totals.
    fn keep_frequent(&mut self) {
        self.counts.retain(|_, c| *c >= PHRASE_MIN_COUNT);
        self.totals = self.counts.keys().map(|p| (p.to_lowercase(), 0)).collect();
    }

    /// Counts, in a second pass, the occurrences of the kept phrases in any case.
    fn add_totals(&mut self, sentence: &[SentenceWord], weight: u64) {
        for start in 1..sentence.len() {
            for len in 2..=PHRASE_MAX_WORDS.min(sentence.len() - start) {
                let words: Vec<&str> = sentence[start..start + len].iter().map(|w| w.text).collect();
                if let Some(total) = self.totals.get_mut(&words.join(" ").to_lowercase()) {
                    *total += weight;
                }
            }
        }
    }

    /// The kept phrases written capitalised at least half the time, most
    /// frequent first (ties in text order).
    fn dominant(&self) -> Vec<String> {
        let mostly_capitalised = |phrase: &String, count: u64| {
            let total = self.totals.get(&phrase.to_lowercase()).copied().unwrap_or(count);
            count * 2 >= total
        };
        let mut kept: Vec<(&String, &u64)> = self.counts.iter().filter(|(p, c)| mostly_capitalised(p, **c)).collect();
        kept.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        kept.truncate(PHRASE_LIMIT);
        kept.into_iter().map(|(p, _)| p.clone()).collect()
    }
}

/// The (clean, OCR) file pairs for the channel.
fn channel_pairs(shared: &Path, excluded: &BTreeSet<String>) -> Result<Vec<(PathBuf, PathBuf)>, BuildError> {
    let mut pairs = pair_folders(&shared.join("ocr-train"), excluded)?;
    let real = shared.join("ocr-real/tesseract-congbao");
    if real.is_dir() {
        let evaluation_pages = real_pages_of(shared, &real, excluded)?;
        for path in list(&real)? {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(id) = name.strip_suffix(".gt.txt") {
                let ocr = real.join(format!("{id}.tess-eng.txt"));
                if ocr.is_file() && !evaluation_pages.contains(id) {
                    pairs.push((path.clone(), ocr));
                }
            }
        }
    }
    Ok(pairs)
}

/// The `clean.txt`/`ocr.txt` pairs of the sub-folders of `dir`, except
/// those whose `meta.json` names an evaluation document as its input.
fn pair_folders(dir: &Path, excluded: &BTreeSet<String>) -> Result<Vec<(PathBuf, PathBuf)>, BuildError> {
    let mut pairs = Vec::new();
    if !dir.is_dir() {
        return Ok(pairs);
    }
    for case in list(dir)? {
        let meta: serde_json::Value = read(&case.join("meta.json"))
            .ok()
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or_default();
        let input = meta["input"]
            .as_str()
            .and_then(|p| Path::new(p).file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let evaluation = input.is_some_and(|name| excluded.contains(&name));
        if !evaluation && case.join("clean.txt").is_file() && case.join("ocr.txt").is_file() {
            pairs.push((case.join("clean.txt"), case.join("ocr.txt")));
        }
    }
    Ok(pairs)
}

/// Ids of the `ocr-real` pages that come from evaluation documents.
fn real_pages_of(shared: &Path, real: &Path, excluded: &BTreeSet<String>) -> Result<BTreeSet<String>, BuildError> {
    let stem = |source: &str| source.rsplit_once('.').map_or(source, |(s, _)| s).to_string();
    let mut evaluation_sources = BTreeSet::new();
    let index = shared.join("corpus-ext/index.tsv");
    if index.is_file() {
        for row in read(&index)?.lines().skip(1) {
            let mut fields = row.split('\t');
            let (Some(file), Some(source)) = (fields.next(), fields.next()) else {
                continue;
            };
            let name = Path::new(file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if excluded.contains(&name) {
                evaluation_sources.insert(stem(source));
            }
        }
    }
    let mut pages = BTreeSet::new();
    let manifest = real.join("manifest.tsv");
    if manifest.is_file() {
        for row in read(&manifest)?.lines().skip(1) {
            let mut fields = row.split('\t');
            if let (Some(id), Some(source)) = (fields.next(), fields.next())
                && evaluation_sources.contains(&stem(source))
            {
                pages.insert(id.to_string());
            }
        }
    }
    Ok(pages)
}

/// The lower-case word and number tokens of a text.
fn words_of(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in text.lines() {
        for token in tokenize(line) {
            if matches!(token.kind, Kind::Word | Kind::Number) {
                words.push(line[token.span].to_lowercase());
            }
        }
    }
    words
}

/// Largest gap (in tokens, each side) aligned word by word.
const MAX_GAP: usize = 60;

/// Pairs of (clean word, OCR token) of two versions of one document:
/// anchored on tokens equal once folded, then aligned inside each gap by a
/// dynamic programme over folded-string similarity.
pub fn align_words(clean: &str, ocr: &str) -> Vec<(String, String)> {
    let clean = words_of(clean);
    let ocr = words_of(ocr);
    let clean_keys: Vec<String> = clean.iter().map(|w| fold(w)).collect();
    let ocr_keys: Vec<String> = ocr.iter().map(|w| alignment_key(w)).collect();
    let mut pairs = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &clean_keys, &ocr_keys) {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => pairs.extend(old.zip(new).map(|(i, j)| (clean[i].clone(), ocr[j].clone()))),
            DiffTag::Replace if old.len() <= MAX_GAP && new.len() <= MAX_GAP => {
                for (i, j) in align_gap(&clean_keys[old.clone()], &ocr_keys[new.clone()]) {
                    pairs.push((clean[old.start + i].clone(), ocr[new.start + j].clone()));
                }
            }
            _ => {}
        }
    }
    pairs.retain(|(c, o)| c.chars().any(char::is_alphabetic) && o.chars().count() <= 3 * c.chars().count());
    pairs
}

/// The folded form of an OCR token for alignment, its digits and symbols
/// read as the letters they most often replace (`1€` → `le`, `s6` → `so`),
/// so that the pairs to learn from line up; numbers stay numbers.
fn alignment_key(token: &str) -> String {
    let folded = fold(token);
    if folded.chars().all(|c| c.is_ascii_digit()) {
        return folded;
    }
    folded
        .chars()
        .map(|c| match c {
            '1' => 'l',
            '0' | '6' => 'o',
            '3' | '4' | '@' => 'a',
            '¢' | '€' | '&' => 'e',
            other => other,
        })
        .collect()
}

/// Least-cost alignment of two short token lists; pairs similar enough to
/// be the same word.
fn align_gap(clean: &[String], ocr: &[String]) -> Vec<(usize, usize)> {
    const GAP: f64 = 0.6;
    let (n, m) = (clean.len(), ocr.len());
    let width = m + 1;
    let mut cost = vec![0f64; (n + 1) * width];
    let distance = |i: usize, j: usize| 1.0 - strsim::normalized_levenshtein(&clean[i], &ocr[j]);
    for i in 0..=n {
        for j in 0..=m {
            cost[i * width + j] = match (i, j) {
                (0, _) => j as f64 * GAP,
                (_, 0) => i as f64 * GAP,
                _ => (cost[(i - 1) * width + j - 1] + distance(i - 1, j - 1))
                    .min(cost[(i - 1) * width + j] + GAP)
                    .min(cost[i * width + j - 1] + GAP),
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = cost[i * width + j];
        let d = distance(i - 1, j - 1);
        if (here - (cost[(i - 1) * width + j - 1] + d)).abs() < 1e-9 {
            if d <= 0.67 {
                pairs.push((i - 1, j - 1));
            }
            i -= 1;
            j -= 1;
        } else if (here - (cost[(i - 1) * width + j] + GAP)).abs() < 1e-9 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_align_across_ocr_damage() {
        let pairs = align_words(
            "Căn cứ Điều lệ Đảng của Ban\nThường vụ",
            "Can ctt Piéu 1& bang\ncta Ban Thwong vu",
        );
        let has = |c: &str, o: &str| pairs.iter().any(|(a, b)| a == c && b == o);
        assert!(has("căn", "can"), "{pairs:?}");
        assert!(has("cứ", "ctt"), "{pairs:?}");
        assert!(has("điều", "piéu"), "{pairs:?}");
        assert!(has("của", "cta"), "{pairs:?}");
        assert!(has("thường", "thwong"), "{pairs:?}");
        assert!(has("lệ", "1&"), "{pairs:?}");
    }

    #[test]
    fn sentences_break_at_punctuation_not_blank_lines() {
        let found = sentences("Điều 1. Phạm vi\nđiều\n\nchỉnh; Quy chế này");
        let words: Vec<Vec<&str>> = found.iter().map(|s| s.iter().map(|w| w.text).collect()).collect();
        assert_eq!(
            words,
            [
                vec!["Điều", "<num>"],
                vec!["Phạm", "vi", "điều", "chỉnh"],
                vec!["Quy", "chế", "này"]
            ]
        );
    }

    #[test]
    fn phrases_are_capitalised_runs_inside_sentences() {
        let mut phrases = PhraseCounts::default();
        let text = "giao cho Ban Thường vụ Thành ủy xem xét. Giao Ủy ban Kiểm tra làm việc. Lại kiểm tra và kiểm tra";
        for sentence in sentences(text) {
            phrases.add(&sentence, PHRASE_MIN_COUNT);
        }
        phrases.keep_frequent();
        for sentence in sentences(text) {
            phrases.add_totals(&sentence, PHRASE_MIN_COUNT);
        }
        let found = phrases.dominant();
        assert!(found.contains(&"Ủy ban Kiểm tra".to_string()), "{found:?}");
        assert!(!found.contains(&"Kiểm tra".to_string()), "{found:?}");
        assert!(found.contains(&"Ban Thường vụ Thành ủy".to_string()), "{found:?}");
        assert!(!found.iter().any(|p| p.starts_with("giao")), "{found:?}");
    }
}
