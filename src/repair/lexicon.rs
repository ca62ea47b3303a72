//! Candidate words for an OCR token, found through an index of folded keys.
//!
//! Every vocabulary word is indexed under its folded key (`thành` →
//! `thanh`) and under the keys one or two deletions away (SymSpell), so the
//! words within a small edit distance of an OCR token's folded reading
//! (`ctia` → `cua`, `Piéu` → `pieu` → `dieu`) come from a few hash
//! look-ups, never from a scan of the vocabulary. The channel model then
//! scores each word against the token.

use rustc_hash::{FxHashMap, FxHashSet};

use super::channel::Channel;
use super::lm::{LanguageModel, Vocab, WordId};
use super::channel::TokenScorer;
use crate::vietnamese::{fold, fold_char, is_folded_syllable};

/// A word that may have produced an OCR token, with the channel's cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// The vocabulary word.
    pub word: WordId,
    /// −ln P(token | word) under the channel, plus penalties.
    pub cost: f32,
}

/// How the text to repair was damaged, which decides the channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    /// Read by an OCR engine with a wrong language model: the learned channel.
    Ocr,
    /// Only stripped of its diacritics (no marked letter anywhere): every
    /// word with the same folded spelling is equally likely.
    Stripped,
}

/// Tuning of candidate generation.
#[derive(Clone, Copy, Debug)]
pub struct CandidateSettings {
    /// At most this many candidates per token.
    pub max_candidates: usize,
    /// Candidates costing more than the best plus this are dropped.
    pub margin: f32,
    /// Extra cost of a word that is not a Vietnamese syllable (an
    /// abbreviation, a foreign word) when the token does not spell it.
    pub foreign_penalty: f32,
    /// Weight of the word's unigram cost when ranking candidates.
    pub prior_weight: f32,
}

impl Default for CandidateSettings {
    fn default() -> Self {
        CandidateSettings { max_candidates: 8, margin: 12.0, foreign_penalty: 8.0, prior_weight: 0.3 }
    }
}

/// The folded-key index of the vocabulary.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Words of each folded key.
    words_of_key: Vec<Vec<WordId>>,
    /// Folded key → key id, for keys and their deletions.
    index: FxHashMap<String, Vec<u32>>,
    /// Whether each word (by id) is a Vietnamese syllable.
    syllable: Vec<bool>,
    /// Folded form of each word (by id).
    folded: Vec<String>,
    /// Characters of each word, and their folded forms (by id).
    chars: Vec<(Vec<char>, Vec<char>)>,
}

/// Largest edit distance indexed for a key of `len` characters.
fn max_distance(len: usize) -> usize {
    match len {
        0..=2 => 1,
        _ => 2,
    }
}

/// Deletions searched from a token of `len` characters: one more than
/// indexed for long tokens, which the OCR garbles more (`chitic` → `chức`).
fn query_depth(len: usize) -> usize {
    match len {
        0..=2 => 1,
        3..=4 => 2,
        _ => 3,
    }
}

/// Most folded readings tried per token.
const MAX_READINGS: usize = 6;

/// Every string obtained by deleting up to `depth` characters of `key`, `key` included.
fn deletions(key: &str, depth: usize, out: &mut FxHashSet<String>) {
    if !out.insert(key.to_string()) || depth == 0 {
        return;
    }
    let chars: Vec<char> = key.chars().collect();
    for skip in 0..chars.len() {
        let shorter: String = chars.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, c)| c).collect();
        deletions(&shorter, depth - 1, out);
    }
}

impl Lexicon {
    /// Indexes every word of `vocab` that holds a letter.
    pub fn new(vocab: &Vocab) -> Self {
        let mut lexicon = Lexicon {
            syllable: vec![false; vocab.len()],
            folded: vec![String::new(); vocab.len()],
            chars: vec![Default::default(); vocab.len()],
            ..Lexicon::default()
        };
        let mut key_ids: FxHashMap<String, u32> = FxHashMap::default();
        for (id, word) in vocab.entries() {
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            let key = fold(word);
            lexicon.syllable[usize::from(id)] = is_folded_syllable(&key);
            lexicon.folded[usize::from(id)] = key.clone();
            let chars: Vec<char> = word.chars().collect();
            lexicon.chars[usize::from(id)] = (chars.iter().map(|&c| fold_char(c)).collect(), chars);
            let next = key_ids.len() as u32;
            let key_id = *key_ids.entry(key).or_insert(next);
            if key_id as usize == lexicon.words_of_key.len() {
                lexicon.words_of_key.push(Vec::new());
            }
            lexicon.words_of_key[key_id as usize].push(id);
        }
        let mut variants = FxHashSet::default();
        for (key, &key_id) in &key_ids {
            variants.clear();
            deletions(key, max_distance(key.chars().count()), &mut variants);
            for variant in variants.drain() {
                lexicon.index.entry(variant).or_default().push(key_id);
            }
        }
        lexicon
    }

    /// Whether the word is a Vietnamese syllable.
    pub fn is_syllable(&self, word: WordId) -> bool {
        self.syllable.get(usize::from(word)).copied().unwrap_or(false)
    }

    /// The words whose folded spelling is the lower-case `token`, all at
    /// cost 0, the most frequent first (the channel of stripped text).
    pub fn stripped_candidates(&self, token: &str, lm: &LanguageModel, settings: &CandidateSettings) -> Vec<Candidate> {
        let Some(keys) = self.index.get(token) else { return Vec::new() };
        let mut words: Vec<WordId> = keys
            .iter()
            .flat_map(|&k| self.words_of_key[k as usize].iter().copied())
            .filter(|&w| self.folded[usize::from(w)] == token)
            .collect();
        words.sort_by(|&a, &b| lm.unigram_cost(a).total_cmp(&lm.unigram_cost(b)).then(a.cmp(&b)));
        words.dedup();
        words.truncate(settings.max_candidates);
        words.into_iter().map(|word| Candidate { word, cost: 0.0 }).collect()
    }

    /// The best candidates for the lower-case OCR token `token`, cheapest first.
    pub fn candidates(
        &self,
        token: &str,
        channel: &Channel,
        lm: &LanguageModel,
        settings: &CandidateSettings,
    ) -> Vec<Candidate> {
        let readings = channel.readings(token, MAX_READINGS);
        let mut keys = FxHashSet::default();
        let mut variants = FxHashSet::default();
        for reading in &readings {
            deletions(reading, query_depth(reading.chars().count()), &mut variants);
        }
        for variant in &variants {
            keys.extend(self.index.get(variant).into_iter().flatten().copied());
        }
        let vocab = lm.vocab();
        let mut words: Vec<WordId> = keys.iter().flat_map(|&k| self.words_of_key[k as usize].iter().copied()).collect();
        words.extend(channel.seen_sources(token).iter().map(|w| vocab.id(w)).filter(|&id| id != 0));
        // Closest spellings first, so that the early bound is tight.
        words.sort_unstable_by_key(|&w| (!readings.contains(&self.folded[usize::from(w)]), w));
        words.dedup();
        let looks_vietnamese = readings.iter().any(|r| is_folded_syllable(r));
        let mut scorer = TokenScorer::new(channel, token);
        let mut best = f32::INFINITY;
        let mut found: Vec<(Candidate, f32)> = Vec::new();
        for word in words {
            let (folded, chars) = &self.chars[usize::from(word)];
            let mut cost = scorer.cost(vocab.word(word), chars, folded, best + settings.margin);
            if !self.is_syllable(word) && !readings.contains(&self.folded[usize::from(word)]) {
                cost += if looks_vietnamese { settings.foreign_penalty } else { settings.foreign_penalty / 4.0 };
            }
            if cost.is_finite() {
                best = best.min(cost);
                found.push((Candidate { word, cost }, cost + settings.prior_weight * lm.unigram_cost(word)));
            }
        }
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.word.cmp(&b.0.word)));
        found.retain(|(c, _)| c.cost <= best + settings.margin);
        found.truncate(settings.max_candidates);
        found.into_iter().map(|(c, _)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_reach_two_edits() {
        let mut out = FxHashSet::default();
        deletions("cua", 2, &mut out);
        for expected in ["cua", "ua", "ca", "cu", "a", "u", "c"] {
            assert!(out.contains(expected), "{expected}");
        }
        assert_eq!(max_distance(2), 1);
    }
}
