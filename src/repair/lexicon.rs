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
use super::channel::{CleanWord, PieceTable, TokenScorer};
use super::lm::{LanguageModel, Vocab, WordId};
use crate::vietnamese::{fold, is_folded_syllable};

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
#[derive(Clone, Copy, Debug, PartialEq)]
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
    /// The search stops widening once a candidate costs no more than this.
    pub good_enough: f32,
    /// Channel cost of a token that is garbage whatever the word it came
    /// from: `garbage_base + garbage_per_char × length`. A word that the
    /// learned channel finds even less likely costs this instead (a looser
    /// channel for OCR noisier than the training pairs: `¢` for `có`).
    pub garbage_base: f32,
    /// See `garbage_base`.
    pub garbage_per_char: f32,
    /// How many of the most frequent words within reach get the garbage cost.
    pub garbage_candidates: usize,
}

impl Default for CandidateSettings {
    fn default() -> Self {
        CandidateSettings {
            max_candidates: 12,
            margin: 10.0,
            foreign_penalty: 8.0,
            prior_weight: 0.3,
            good_enough: 2.0,
            garbage_base: 7.0,
            garbage_per_char: 1.5,
            garbage_candidates: 3,
        }
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
    /// Each word (by id) prepared for the channel.
    clean: Vec<CleanWord>,
    /// Number of pieces of the words' [`PieceTable`].
    pieces: usize,
    /// The folded key id of each word.
    key_of_word: Vec<u32>,
    /// Characters of each folded key (by key id).
    key_chars: Vec<Vec<char>>,
}

/// Largest edit distance indexed for a key of `len` characters.
fn max_distance(len: usize) -> usize {
    match len {
        0..=2 => 1,
        _ => 2,
    }
}

/// Deletions searched from a token of `len` characters, and the largest
/// edit distance of a candidate's key: one more than indexed for long
/// tokens, which the OCR garbles more (`chitic` → `chức`).
fn query_depth(len: usize) -> usize {
    match len {
        0..=2 => 1,
        3..=4 => 2,
        _ => 3,
    }
}

/// Longer tokens get no candidate (the longest syllable has 7 letters; the
/// OCR adds a few): they are kept as they are.
const MAX_TOKEN_CHARS: usize = 10;

/// Most folded readings tried per token.
const MAX_READINGS: usize = 6;

/// Every string obtained by deleting up to `depth` characters of `key`, `key` included.
fn deletions(key: &str, depth: usize, out: &mut FxHashSet<String>) {
    let mut frontier = vec![key.to_string()];
    out.insert(key.to_string());
    for _ in 0..depth {
        frontier = shorter_by_one(&frontier, out);
    }
}

impl Lexicon {
    /// Indexes every word of `vocab` that holds a letter.
    pub fn new(vocab: &Vocab) -> Self {
        let mut lexicon = Lexicon {
            syllable: vec![false; vocab.len()],
            folded: vec![String::new(); vocab.len()],
            clean: vec![CleanWord::default(); vocab.len()],
            key_of_word: vec![u32::MAX; vocab.len()],
            ..Lexicon::default()
        };
        let mut key_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut pieces = PieceTable::default();
        for (id, word) in vocab.entries() {
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            let key = fold(word);
            lexicon.syllable[usize::from(id)] = is_folded_syllable(&key);
            lexicon.folded[usize::from(id)] = key.clone();
            lexicon.clean[usize::from(id)] = pieces.word(word);
            let next = key_ids.len() as u32;
            let key_id = *key_ids.entry(key).or_insert(next);
            if key_id as usize == lexicon.words_of_key.len() {
                lexicon.words_of_key.push(Vec::new());
                lexicon
                    .key_chars
                    .push(lexicon.folded[usize::from(id)].chars().collect());
            }
            lexicon.words_of_key[key_id as usize].push(id);
            lexicon.key_of_word[usize::from(id)] = key_id;
        }
        let mut variants = FxHashSet::default();
        for (key, &key_id) in &key_ids {
            variants.clear();
            deletions(key, max_distance(key.chars().count()), &mut variants);
            for variant in variants.drain() {
                lexicon.index.entry(variant).or_default().push(key_id);
            }
        }
        lexicon.pieces = pieces.len();
        lexicon
    }

    /// Whether the word is a Vietnamese syllable.
    pub fn is_syllable(&self, word: WordId) -> bool {
        self.syllable.get(usize::from(word)).copied().unwrap_or(false)
    }

    /// The words whose folded spelling is the lower-case `token`, all at
    /// cost 0, the most frequent first (the channel of stripped text).
    pub fn stripped_candidates(&self, token: &str, lm: &LanguageModel, settings: &CandidateSettings) -> Vec<Candidate> {
        let Some(keys) = self.index.get(token) else {
            return Vec::new();
        };
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
    ///
    /// The search widens by one deletion at a time from the token's folded
    /// readings and stops, after the first widening, once a candidate costs
    /// no more than `settings.good_enough`.
    pub fn candidates(
        &self,
        token: &str,
        channel: &Channel,
        lm: &LanguageModel,
        settings: &CandidateSettings,
    ) -> Vec<Candidate> {
        if token.chars().count() > MAX_TOKEN_CHARS {
            return Vec::new();
        }
        let vocab = lm.vocab();
        let readings = channel.readings(token, MAX_READINGS);
        let reading_chars: Vec<Vec<char>> = readings.iter().map(|r| r.chars().collect()).collect();
        let reading_keys: FxHashSet<u32> = readings.iter().filter_map(|r| self.key_id(r)).collect();
        let looks_vietnamese = readings.iter().any(|r| is_folded_syllable(r));
        let garbage = settings.garbage_base + settings.garbage_per_char * token.chars().count() as f32;
        let mut search = Search {
            lexicon: self,
            scorer: TokenScorer::new(channel, token, self.pieces),
            found: Vec::new(),
            best: f32::INFINITY,
            garbage,
            unlikely: Vec::new(),
        };
        let mut seen_keys: FxHashSet<u32> = FxHashSet::default();
        let sources: Vec<WordId> = channel
            .seen_sources(token)
            .iter()
            .map(|w| vocab.id(w))
            .filter(|&id| id != 0)
            .collect();
        let mut variants: FxHashSet<String> = readings.iter().cloned().collect();
        let mut frontier: Vec<String> = variants.iter().cloned().collect();
        let depth = readings
            .iter()
            .map(|r| query_depth(r.chars().count()))
            .max()
            .unwrap_or(0);
        for level in 0..=depth {
            let good = search.best <= settings.good_enough;
            if level >= 2 && good {
                break;
            }
            // With a good reading at hand, only one edit away is worth a look.
            let reach = good.then_some(1);
            let mut keys: Vec<u32> = frontier
                .iter()
                .flat_map(|v| self.index.get(v).into_iter().flatten().copied())
                .filter(|k| seen_keys.insert(*k) && self.within_reach(*k, &reading_chars, reach))
                .collect();
            // Closest spellings first, so that the early bound is tight.
            keys.sort_unstable_by_key(|k| (!reading_keys.contains(k), *k));
            let mut words: Vec<WordId> = keys
                .iter()
                .flat_map(|&k| self.words_of_key[k as usize].iter().copied())
                .collect();
            if level == 0 {
                words.extend(&sources);
            }
            for word in words {
                let foreign = !self.is_syllable(word) && !reading_keys.contains(&self.key_of_word[usize::from(word)]);
                let penalty = match (foreign, looks_vietnamese) {
                    (false, _) => 0.0,
                    (true, true) => settings.foreign_penalty,
                    (true, false) => settings.foreign_penalty / 4.0,
                };
                search.score(word, vocab, penalty, settings);
            }
            frontier = shorter_by_one(&frontier, &mut variants);
        }
        let Search {
            mut found,
            best,
            garbage,
            unlikely,
            ..
        } = search;
        // The OCR may have turned any word into garbage: the most frequent
        // words of the neighbourhood stay in reach at the garbage cost.
        let mut unlikely: Vec<(f32, WordId)> = unlikely.into_iter().map(|w| (lm.unigram_cost(w), w)).collect();
        unlikely.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        unlikely.dedup_by_key(|u| u.1);
        found.extend(
            unlikely
                .iter()
                .take(settings.garbage_candidates)
                .map(|&(_, word)| Candidate { word, cost: garbage }),
        );
        let mut ranked: Vec<(f32, Candidate)> = found
            .into_iter()
            .map(|c| (c.cost + settings.prior_weight * lm.unigram_cost(c.word), c))
            .collect();
        ranked.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.word.cmp(&b.1.word)));
        let mut found: Vec<Candidate> = ranked.into_iter().map(|(_, c)| c).collect();
        let mut seen = FxHashSet::default();
        found.retain(|c| seen.insert(c.word));
        found.retain(|c| c.cost <= best + settings.margin);
        found.truncate(settings.max_candidates);
        found
    }

    /// Whether key `k` is within `reach` edits of a reading (by default the
    /// searched distance of the reading's length).
    fn within_reach(&self, k: u32, readings: &[Vec<char>], reach: Option<usize>) -> bool {
        let Some(key) = self.key_chars.get(k as usize) else {
            return false;
        };
        readings
            .iter()
            .any(|r| within_edits(r, key, reach.unwrap_or_else(|| query_depth(r.len()))))
    }

    /// The id of a folded key, if some word has it.
    fn key_id(&self, key: &str) -> Option<u32> {
        let ids = self.index.get(key)?;
        ids.iter().copied().find(|&k| {
            self.words_of_key[k as usize]
                .first()
                .is_some_and(|&w| self.folded[usize::from(w)] == key)
        })
    }
}

/// Candidates scored so far for one token.
struct Search<'a> {
    lexicon: &'a Lexicon,
    scorer: TokenScorer<'a>,
    found: Vec<Candidate>,
    best: f32,
    /// Cost of a token that is garbage whatever the word (see `garbage_base`).
    garbage: f32,
    /// Words of the neighbourhood that the channel finds unlikely.
    unlikely: Vec<WordId>,
}

impl Search<'_> {
    fn score(&mut self, word: WordId, vocab: &Vocab, penalty: f32, settings: &CandidateSettings) {
        let clean = &self.lexicon.clean[usize::from(word)];
        let bound = (self.best + settings.margin).min(self.garbage);
        let cost = self.scorer.cost(vocab.word(word), clean, bound) + penalty;
        if cost < self.garbage {
            self.best = self.best.min(cost);
            self.found.push(Candidate { word, cost });
        } else if penalty == 0.0 {
            self.unlikely.push(word);
        }
    }
}

/// Whether the Levenshtein distance of `a` and `b` is at most `limit`.
fn within_edits(a: &[char], b: &[char], limit: usize) -> bool {
    /// Longest `b` the distance is computed for on the stack.
    const MAX: usize = 32;
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    if b.len() >= MAX {
        return strsim::generic_levenshtein(&a.to_vec(), &b.to_vec()) <= limit;
    }
    let mut rows = [[0u8; MAX]; 2];
    for (j, cell) in rows[0].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as u8;
    }
    for (i, x) in a.iter().enumerate() {
        let [previous, current] = if i % 2 == 0 {
            let [p, c] = &mut rows;
            [p, c]
        } else {
            let [c, p] = &mut rows;
            [p, c]
        };
        current[0] = (i + 1).min(MAX) as u8;
        for (j, y) in b.iter().enumerate() {
            let substitution = previous[j] + u8::from(x != y);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current[..=b.len()].iter().all(|&d| usize::from(d) > limit) {
            return false;
        }
    }
    usize::from(rows[a.len() % 2][b.len()]) <= limit
}

/// The strings one deletion shorter than those of `frontier`, not yet in `seen`.
fn shorter_by_one(frontier: &[String], seen: &mut FxHashSet<String>) -> Vec<String> {
    let mut next = Vec::new();
    for variant in frontier {
        for (at, c) in variant.char_indices() {
            let mut shorter = String::with_capacity(variant.len());
            shorter.push_str(&variant[..at]);
            shorter.push_str(&variant[at + c.len_utf8()..]);
            if !seen.contains(&shorter) {
                seen.insert(shorter.clone());
                next.push(shorter);
            }
        }
    }
    next
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
