//! The syllable language model: interpolated modified Kneser-Ney n-grams.
//!
//! Words are lower-cased syllables (and the few abbreviations and foreign
//! words of the corpora) with 16-bit ids; an n-gram of up to four ids packs
//! into one `u64`. The model file stores, per order, the sorted packed keys
//! (delta varints) with a quantized cost and back-off weight; loading
//! rebuilds open-addressing tables, so a query is one or two probes per order.

use rustc_hash::FxHashMap;

use super::store::{ModelError, Reader, Writer};
use crate::vietnamese::fold;

/// The n-gram order of the model (trigrams).
pub const ORDER: usize = 3;

/// A word id.
pub type WordId = u16;

/// Id of words outside the vocabulary.
pub const UNKNOWN: WordId = 0;
/// Id of the sentence start.
pub const START: WordId = 1;
/// Id of the sentence end.
pub const END: WordId = 2;
/// Id of every number.
pub const NUMBER: WordId = 3;

const SPECIAL: [&str; 4] = ["<unk>", "<s>", "</s>", "<num>"];
const TAG: &str = "vanban-lm-1";
/// An unmarked word is left out of the vocabulary when a marked spelling of
/// it is this many times more frequent.
const STRIPPED_COPY_RATIO: u64 = 100;
/// Costs are stored as hundredths of a nat.
const COST_SCALE: f32 = 100.0;

/// Letter case a word keeps whatever its input looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseHabit {
    /// Follows the case of the input token.
    Free,
    /// Written in capitals in running text (`QĐ`, `UBND`, `XIII`).
    Upper,
}

/// Word ids for strings, with per-word counts and case habits.
#[derive(Debug, Default)]
pub struct Vocab {
    words: Vec<String>,
    ids: FxHashMap<String, WordId>,
    counts: Vec<u64>,
    habits: Vec<CaseHabit>,
}

impl Vocab {
    /// A vocabulary holding only the special tokens.
    fn with_specials() -> Self {
        let mut vocab = Vocab::default();
        for word in SPECIAL {
            vocab.push(word.to_string(), 0, CaseHabit::Free);
        }
        vocab
    }

    fn push(&mut self, word: String, count: u64, habit: CaseHabit) {
        self.ids.insert(word.clone(), self.words.len() as WordId);
        self.words.push(word);
        self.counts.push(count);
        self.habits.push(habit);
    }

    /// The id of a lower-case word, [`UNKNOWN`] when absent.
    pub fn id(&self, word: &str) -> WordId {
        self.ids.get(word).copied().unwrap_or(UNKNOWN)
    }

    /// The id of a word written in any case, [`UNKNOWN`] when absent.
    pub fn id_in_any_case(&self, word: &str) -> WordId {
        if word.chars().any(char::is_uppercase) {
            self.id(&word.to_lowercase())
        } else {
            self.id(word)
        }
    }

    /// The word of an id.
    pub fn word(&self, id: WordId) -> &str {
        self.words.get(usize::from(id)).map_or("", String::as_str)
    }

    /// The word's case habit.
    pub fn habit(&self, id: WordId) -> CaseHabit {
        self.habits.get(usize::from(id)).copied().unwrap_or(CaseHabit::Free)
    }

    /// Number of ids, special tokens included.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether only the special tokens are there.
    pub fn is_empty(&self) -> bool {
        self.words.len() <= SPECIAL.len()
    }

    /// The ordinary words (special tokens left out) with their ids.
    pub fn entries(&self) -> impl Iterator<Item = (WordId, &str)> {
        self.words
            .iter()
            .enumerate()
            .skip(SPECIAL.len())
            .map(|(i, w)| (i as WordId, w.as_str()))
    }
}

/// Packs up to four word ids into one key (earliest word in the high bits).
fn pack(words: &[WordId]) -> u64 {
    words.iter().fold(0u64, |key, &w| (key << 16) | u64::from(w))
}

/// An open-addressing table from packed n-grams (keys of at most 48 bits)
/// to 16-bit values, each slot one `u64` (`key << 16 | value`): a query
/// reads one place of memory, where a binary search in a frequent
/// history's block reads many. A [`SeenFilter`] in front of it answers most
/// misses without touching the big table.
#[derive(Debug, Default)]
struct NgramTable {
    slots: Vec<u64>,
    /// 64 − log2 of the number of slots: the hash's top bits pick the slot.
    shift: u32,
    seen: SeenFilter,
}

/// An empty slot (no n-gram packs to it: word ids stay below `u16::MAX`).
const VACANT: u64 = u64::MAX;

impl NgramTable {
    /// A table for `n` n-grams, at most 70% full.
    fn with_capacity(n: usize) -> Self {
        let size = (n * 10 / 7 + 1).next_power_of_two().max(16);
        NgramTable {
            slots: vec![VACANT; size],
            shift: 64 - size.trailing_zeros(),
            seen: SeenFilter::with_capacity(n),
        }
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot holding `key`, or the vacant slot where it belongs.
    fn find(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        while self.slots[i] != VACANT && self.slots[i] >> 16 != key {
            i = (i + 1) & mask;
        }
        i
    }

    /// Sets the value of `key` to `value(old value)`.
    fn upsert(&mut self, key: u64, value: impl FnOnce(Option<u16>) -> u16) {
        self.seen.insert(key);
        let i = self.find(key);
        let old = (self.slots[i] != VACANT).then_some(self.slots[i] as u16);
        self.slots[i] = (key << 16) | u64::from(value(old));
    }

    fn insert(&mut self, key: u64, value: u16) {
        self.upsert(key, |_| value);
    }

    fn get(&self, key: u64) -> Option<u16> {
        if !self.seen.may_contain(key) {
            return None;
        }
        let found = self.slots[self.find(key)];
        (found != VACANT).then_some(found as u16)
    }

    /// Every (key, value), in no particular order.
    fn entries(&self) -> impl Iterator<Item = (u64, u16)> + '_ {
        self.slots
            .iter()
            .filter(|&&s| s != VACANT)
            .map(|&s| (s >> 16, s as u16))
    }
}

/// A one-hash Bloom filter of packed n-grams, 8 bits per n-gram: small
/// enough to stay in cache, it rules out most n-grams that were never seen.
#[derive(Debug, Default)]
struct SeenFilter {
    bits: Vec<u64>,
    mask: u64,
}

impl SeenFilter {
    fn with_capacity(n: usize) -> Self {
        let bits = (n * 8).next_power_of_two().max(64);
        SeenFilter {
            bits: vec![0; bits / 64],
            mask: bits as u64 - 1,
        }
    }

    fn bit(&self, key: u64) -> u64 {
        (key.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> 17) & self.mask
    }

    fn insert(&mut self, key: u64) {
        let bit = self.bit(key);
        self.bits[(bit / 64) as usize] |= 1 << (bit % 64);
    }

    fn may_contain(&self, key: u64) -> bool {
        let bit = self.bit(key);
        self.bits
            .get((bit / 64) as usize)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }
}

/// Stored n-grams of one order: packed key and (cost, back-off), sorted by key.
type Entries = Vec<(u64, (u16, u16))>;

/// In a history's value: the history has trigrams.
const HAS_TRIGRAMS: u16 = 1 << 15;

/// The n-gram model with its vocabulary.
///
/// Bigrams, two-word histories and trigrams sit in hashed tables
/// ([`NgramTable`]); a query finds its history once
/// ([`LanguageModel::context`]) and then costs a probe or two per word.
#[derive(Debug, Default)]
pub struct LanguageModel {
    vocab: Vocab,
    /// Cost and back-off of every word (index = id).
    unigrams: Vec<(u16, u16)>,
    /// The least cost of every word in any context (index = id).
    least_costs: Vec<f32>,
    /// Bigram costs by packed bigram.
    bigrams: NgramTable,
    /// Two-word histories: back-off cost, with [`HAS_TRIGRAMS`] set when
    /// some trigram continues them.
    histories: NgramTable,
    /// Trigram costs by packed trigram.
    trigrams: NgramTable,
}

/// A language-model state ready to score many next words.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    lm: &'a LanguageModel,
    /// The previous word, shifted for the next word.
    word: u64,
    /// The packed two-word history, shifted for the next word (`None`
    /// when the history has no trigram).
    history: Option<u64>,
    history_backoff: f32,
    word_backoff: f32,
}

impl<'a> Context<'a> {
    /// The model this context queries.
    pub fn model(&self) -> &'a LanguageModel {
        self.lm
    }

    /// −ln P(`word` | this context).
    pub fn cost(&self, word: WordId) -> f32 {
        if let Some(cost) = self.history.and_then(|h| self.lm.trigrams.get(h | u64::from(word))) {
            return to_cost(cost);
        }
        let mut backoff = self.history_backoff;
        if let Some(cost) = self.lm.bigrams.get(self.word | u64::from(word)) {
            return backoff + to_cost(cost);
        }
        backoff += self.word_backoff;
        backoff + self.lm.unigram_cost(word)
    }
}

fn to_cost(q: u16) -> f32 {
    f32::from(q) / COST_SCALE
}

fn quantize(cost: f64) -> u16 {
    (cost * f64::from(COST_SCALE)).round().clamp(0.0, f64::from(u16::MAX)) as u16
}

impl LanguageModel {
    /// The vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// −ln P(`word`) without context.
    pub fn unigram_cost(&self, word: WordId) -> f32 {
        self.unigrams
            .get(usize::from(word))
            .map_or(f32::MAX, |&(c, _)| to_cost(c))
    }

    /// A lower bound of −ln P(`word` | any context): for pruning readings
    /// before looking their context up.
    pub fn least_cost(&self, word: WordId) -> f32 {
        self.least_costs.get(usize::from(word)).copied().unwrap_or(0.0)
    }

    /// The context of the two previous words (oldest first).
    pub fn context(&self, state: [WordId; 2]) -> Context<'_> {
        let (history, history_backoff) = match self.histories.get(pack(&state)) {
            Some(value) => (
                (value & HAS_TRIGRAMS != 0).then_some(pack(&state) << 16),
                to_cost(value & !HAS_TRIGRAMS),
            ),
            None => (None, 0.0),
        };
        let mut context = self.word_context(state[1]);
        context.history = history;
        context.history_backoff = history_backoff;
        context
    }

    /// The context of one previous word.
    fn word_context(&self, word: WordId) -> Context<'_> {
        let word_backoff = self.unigrams.get(usize::from(word)).map_or(0.0, |&(_, b)| to_cost(b));
        Context {
            lm: self,
            history: None,
            history_backoff: 0.0,
            word: u64::from(word) << 16,
            word_backoff,
        }
    }

    /// −ln P(`word` | `context`), `context` being up to two previous words
    /// (oldest first; pad with [`START`]).
    pub fn cost(&self, context: &[WordId], word: WordId) -> f32 {
        match *context {
            [.., a, b] => self.context([a, b]).cost(word),
            [b] => self.word_context(b).cost(word),
            [] => self.unigram_cost(word),
        }
    }

    /// Builds the runtime tables from sorted bigram and trigram entries.
    fn from_entries(
        vocab: Vocab,
        unigrams: Vec<(u16, u16)>,
        bigram_entries: &Entries,
        trigram_entries: &Entries,
    ) -> Self {
        let mut least_costs: Vec<f32> = unigrams.iter().map(|&(cost, _)| to_cost(cost)).collect();
        let mut lower = |key: u64, cost: u16| {
            if let Some(least) = least_costs.get_mut((key & 0xFFFF) as usize) {
                *least = least.min(to_cost(cost));
            }
        };
        let real_bigrams = bigram_entries.iter().filter(|(_, (c, _))| *c != HISTORY_ONLY);
        let mut bigrams = NgramTable::with_capacity(real_bigrams.clone().count());
        for &(key, (cost, _)) in real_bigrams {
            bigrams.insert(key, cost);
            lower(key, cost);
        }
        let with_backoff = bigram_entries.iter().filter(|(_, (_, b))| *b != 0);
        let trigram_histories = trigram_entries.chunk_by(|a, b| a.0 >> 16 == b.0 >> 16).count();
        let mut histories = NgramTable::with_capacity(with_backoff.clone().count() + trigram_histories);
        for &(key, (_, backoff)) in with_backoff {
            histories.insert(key, backoff.min(HAS_TRIGRAMS - 1));
        }
        let mut trigrams = NgramTable::with_capacity(trigram_entries.len());
        for &(key, (cost, _)) in trigram_entries {
            trigrams.insert(key, cost);
            histories.upsert(key >> 16, |old| old.unwrap_or(0) | HAS_TRIGRAMS);
            lower(key, cost);
        }
        LanguageModel {
            vocab,
            unigrams,
            least_costs,
            bigrams,
            histories,
            trigrams,
        }
    }

    /// The stored bigram and trigram entries, sorted (inverse of `from_entries`).
    fn entries(&self) -> (Entries, Entries) {
        let mut bigram: FxHashMap<u64, (u16, u16)> =
            self.bigrams.entries().map(|(key, cost)| (key, (cost, 0))).collect();
        for (key, value) in self.histories.entries() {
            let backoff = value & !HAS_TRIGRAMS;
            if backoff != 0 {
                bigram.entry(key).or_insert((HISTORY_ONLY, 0)).1 = backoff;
            }
        }
        let mut bigram: Entries = bigram.into_iter().collect();
        let mut trigram: Entries = self.trigrams.entries().map(|(key, cost)| (key, (cost, 0))).collect();
        bigram.sort_unstable_by_key(|e| e.0);
        trigram.sort_unstable_by_key(|e| e.0);
        (bigram, trigram)
    }

    /// Writes the model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(TAG);
        out.varint(self.vocab.len() as u64);
        for (i, word) in self.vocab.words.iter().enumerate() {
            out.str(word);
            out.varint(self.vocab.counts[i]);
            out.varint(u64::from(self.vocab.habits[i] == CaseHabit::Upper));
            out.u16(self.unigrams[i].0);
            out.u16(self.unigrams[i].1);
        }
        let (bigrams, trigrams) = self.entries();
        for entries in [bigrams, trigrams] {
            out.varint(entries.len() as u64);
            let mut previous = 0;
            for (key, (cost, backoff)) in entries {
                out.varint(key - previous);
                previous = key;
                out.u16(cost);
                out.u16(backoff);
            }
        }
        out.into_bytes()
    }

    /// Reads a model file written by [`LanguageModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut input = Reader::new(bytes, TAG)?;
        let size = input.size()?;
        let mut vocab = Vocab::default();
        let mut unigrams = Vec::with_capacity(size);
        for _ in 0..size {
            let word = input.str()?.to_string();
            let count = input.varint()?;
            let habit = if input.varint()? == 1 {
                CaseHabit::Upper
            } else {
                CaseHabit::Free
            };
            vocab.push(word, count, habit);
            unigrams.push((input.u16()?, input.u16()?));
        }
        let mut read_entries = || -> Result<Entries, ModelError> {
            let n = input.size()?;
            let mut entries = Vec::with_capacity(n);
            let mut key = 0u64;
            for _ in 0..n {
                key = key.wrapping_add(input.varint()?);
                entries.push((key, (input.u16()?, input.u16()?)));
            }
            Ok(entries)
        };
        let bigrams = read_entries()?;
        let trigrams = read_entries()?;
        Ok(LanguageModel::from_entries(vocab, unigrams, &bigrams, &trigrams))
    }
}

/// Weighted n-gram counts gathered from the corpora, turned into a
/// [`LanguageModel`] by [`NgramCounts::estimate`].
#[derive(Debug, Default)]
pub struct NgramCounts {
    /// Counts of every word (lower case), for the vocabulary.
    words: FxHashMap<String, u64>,
    /// Upper-case occurrences of every word in mixed-case lines.
    upper: FxHashMap<String, u64>,
    /// Occurrences in mixed-case lines.
    mixed: FxHashMap<String, u64>,
    /// Sentences, as word lists, with their weight (counted at estimation).
    sentences: Vec<(Vec<String>, u64)>,
}

impl NgramCounts {
    /// Adds a sentence of words (as written) with a weight.
    pub fn add_sentence(&mut self, words: &[&str], in_mixed_line: &[bool], weight: u64) {
        if words.is_empty() {
            return;
        }
        let mut lowered = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let lower = word.to_lowercase();
            *self.words.entry(lower.clone()).or_default() += weight;
            if in_mixed_line.get(i).copied().unwrap_or(false) && word.chars().any(char::is_alphabetic) {
                *self.mixed.entry(lower.clone()).or_default() += weight;
                if word.chars().count() > 1 && !word.chars().any(char::is_lowercase) {
                    *self.upper.entry(lower.clone()).or_default() += weight;
                }
            }
            lowered.push(lower);
        }
        self.sentences.push((lowered, weight));
    }

    /// Builds the vocabulary (words seen at least `min_count` times, at most
    /// 65 000 of the most frequent) and the Kneser-Ney model; n-grams of the
    /// top order seen fewer than `min_top_count` times are pruned.
    pub fn estimate(&self, min_count: u64, min_top_count: u64) -> LanguageModel {
        let vocab = self.vocabulary(min_count);
        let mut top: FxHashMap<u64, Count> = FxHashMap::default();
        for (sentence, weight) in &self.sentences {
            let mut ids = vec![START; ORDER - 1];
            ids.extend(sentence.iter().map(|w| if w == "<num>" { NUMBER } else { vocab.id(w) }));
            ids.push(END);
            for end in ORDER - 1..ids.len() {
                let entry = top.entry(pack(&ids[end + 1 - ORDER..=end])).or_default();
                entry.count += weight;
                entry.weight = entry.weight.max(*weight);
            }
        }
        kneser_ney(vocab, top, min_top_count)
    }

    fn vocabulary(&self, min_count: u64) -> Vocab {
        let mut most_frequent_spelling: FxHashMap<String, u64> = FxHashMap::default();
        for (word, &count) in &self.words {
            let best = most_frequent_spelling.entry(fold(word)).or_default();
            *best = (*best).max(count);
        }
        // A word written without its marks in a few places of the corpora
        // (`hoi` beside `hội`) is a stripped copy, not a word of its own.
        let stripped_copy =
            |word: &str, count: u64| fold(word) == word && most_frequent_spelling[word] > count * STRIPPED_COPY_RATIO;
        let mut entries: Vec<(&String, &u64)> = self
            .words
            .iter()
            .filter(|(w, c)| **c >= min_count && !SPECIAL.contains(&w.as_str()) && !stripped_copy(w, **c))
            .collect();
        entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        entries.truncate(usize::from(u16::MAX) - SPECIAL.len());
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut vocab = Vocab::with_specials();
        for (word, &count) in entries {
            let mixed = self.mixed.get(word).copied().unwrap_or(0);
            let upper = self.upper.get(word).copied().unwrap_or(0);
            let habit = if mixed > 0 && upper * 10 >= mixed * 9 {
                CaseHabit::Upper
            } else {
                CaseHabit::Free
            };
            vocab.push(word.clone(), count, habit);
        }
        vocab
    }
}

/// A count of an n-gram and the largest corpus weight among its occurrences.
#[derive(Clone, Copy, Debug, Default)]
struct Count {
    count: u64,
    weight: u64,
}

/// Count-of-count discounts D1, D2, D3+ of one order.
fn discounts(counts: &FxHashMap<u64, Count>) -> [f64; 3] {
    let mut n = [0f64; 5];
    for c in counts.values() {
        if (1..=4).contains(&c.count) {
            n[c.count as usize] += 1.0;
        }
    }
    if n[1] == 0.0 || n[2] == 0.0 || n[3] == 0.0 || n[4] == 0.0 {
        return [0.5, 1.0, 1.5];
    }
    let y = n[1] / (n[1] + 2.0 * n[2]);
    let d = |k: usize| (k as f64 - (k as f64 + 1.0) * y * n[k + 1] / n[k]).clamp(0.05, k as f64);
    [d(1), d(2), d(3)]
}

fn discount_of(d: &[f64; 3], count: u64) -> f64 {
    match count {
        0 => 0.0,
        1 => d[0],
        2 => d[1],
        _ => d[2],
    }
}

/// The last `order` words of a packed key.
fn suffix(key: u64, order: usize) -> u64 {
    key & ((1u64 << (16 * order)) - 1)
}

/// Kneser-Ney's lower-order counts: for each n-gram, the number of distinct
/// words seen before it, each counted with the weight of its corpus (so a
/// weighted-up genre keeps its weight at every order); n-grams that start a
/// sentence keep their plain counts, since nothing can precede them.
fn continuation_counts(higher: &FxHashMap<u64, Count>, order: usize) -> FxHashMap<u64, Count> {
    let mut lower: FxHashMap<u64, Count> = FxHashMap::default();
    for (&key, c) in higher {
        let tail = suffix(key, order);
        let starts_sentence = (tail >> (16 * (order - 1))) as WordId == START;
        let entry = lower.entry(tail).or_default();
        entry.count += if starts_sentence { c.count } else { c.weight };
        entry.weight = entry.weight.max(c.weight);
    }
    lower
}

/// Per history: total count and discounted mass.
fn history_masses(counts: &FxHashMap<u64, Count>, discount: &[f64; 3]) -> FxHashMap<u64, (f64, f64)> {
    let mut stats: FxHashMap<u64, (f64, f64)> = FxHashMap::default();
    for (&key, c) in counts {
        let entry = stats.entry(key >> 16).or_default();
        entry.0 += c.count as f64;
        entry.1 += discount_of(discount, c.count);
    }
    stats
}

/// Interpolated modified Kneser-Ney from top-order counts.
fn kneser_ney(vocab: Vocab, top: FxHashMap<u64, Count>, min_top_count: u64) -> LanguageModel {
    let mut counts = vec![top];
    for order in (1..ORDER).rev() {
        let lower = continuation_counts(&counts[0], order);
        counts.insert(0, lower);
    }
    let vocab_size = vocab.len() as f64;
    let mut probability: Vec<FxHashMap<u64, f64>> = Vec::with_capacity(ORDER);
    let mut masses = Vec::with_capacity(ORDER);
    for order in 1..=ORDER {
        let discount = discounts(&counts[order - 1]);
        let stats = history_masses(&counts[order - 1], &discount);
        let mut level = FxHashMap::default();
        for (&key, c) in &counts[order - 1] {
            let (total, mass) = stats[&(key >> 16)];
            let lower = match order {
                1 => 1.0 / vocab_size,
                _ => probability[order - 2]
                    .get(&suffix(key, order - 1))
                    .copied()
                    .unwrap_or(1.0 / vocab_size),
            };
            let discounted = (c.count as f64 - discount_of(&discount, c.count)).max(0.0) / total;
            level.insert(key, discounted + mass / total * lower);
        }
        probability.push(level);
        masses.push(stats);
    }
    assemble(vocab, &counts, &masses, &probability, min_top_count)
}

/// Marks a table entry that is only a history (its n-gram was never seen).
const HISTORY_ONLY: u16 = u16::MAX;

/// Turns probabilities and history masses into the stored back-off form.
fn assemble(
    vocab: Vocab,
    counts: &[FxHashMap<u64, Count>],
    masses: &[FxHashMap<u64, (f64, f64)>],
    probability: &[FxHashMap<u64, f64>],
    min_top_count: u64,
) -> LanguageModel {
    let gamma = |order: usize, history: u64| -> u16 {
        masses
            .get(order)
            .and_then(|m| m.get(&history))
            .map_or(0, |&(total, mass)| quantize(-(mass / total).max(1e-12).ln()))
    };
    let floor = quantize(-(1e-9f64).ln());
    let mut unigrams = vec![(floor, 0u16); vocab.len()];
    for (&key, &p) in &probability[0] {
        unigrams[key as usize] = (quantize(-p.ln()), gamma(1, key));
    }
    for &history in masses.get(1).map(|m| m.keys()).into_iter().flatten() {
        unigrams[history as usize].1 = gamma(1, history);
    }
    let mut tables: Vec<Entries> = Vec::new();
    for order in 2..=ORDER {
        let mut entries: FxHashMap<u64, (u16, u16)> = FxHashMap::default();
        for &history in masses.get(order).map(|m| m.keys()).into_iter().flatten() {
            entries.insert(history, (HISTORY_ONLY, gamma(order, history)));
        }
        for (&key, &p) in &probability[order - 1] {
            if order < ORDER || counts[order - 1][&key].count >= min_top_count {
                entries.insert(key, (quantize(-p.ln()), gamma(order, key)));
            }
        }
        let mut sorted: Entries = entries.into_iter().collect();
        sorted.sort_unstable_by_key(|e| e.0);
        tables.push(sorted);
    }
    LanguageModel::from_entries(vocab, unigrams, &tables[0], &tables[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> LanguageModel {
        let mut counts = NgramCounts::default();
        let corpus = [
            "Ban Thường vụ Thành ủy",
            "Thường trực Thành ủy giao",
            "Ban Thường vụ Tỉnh ủy",
            "thành phố Hải Phòng",
        ];
        for line in corpus {
            let words: Vec<&str> = line.split(' ').collect();
            counts.add_sentence(&words, &vec![true; words.len()], 3);
        }
        counts.add_sentence(&["QĐ", "TW"], &[true, true], 1);
        counts.estimate(1, 1)
    }

    #[test]
    fn seen_continuations_cost_less() {
        let lm = model();
        let v = lm.vocab();
        let (thanh, uy, pho) = (v.id("thành"), v.id("ủy"), v.id("phố"));
        assert!(lm.cost(&[v.id("vụ"), thanh], uy) < lm.cost(&[v.id("vụ"), thanh], pho));
        assert!(lm.cost(&[START, START], v.id("ban")) < lm.cost(&[START, START], uy));
        assert!(lm.cost(&[v.id("ban"), v.id("thường")], v.id("vụ")) < 1.0);
    }

    #[test]
    fn probabilities_sum_to_about_one() {
        let lm = model();
        let v = lm.vocab();
        for context in [[START, START], [v.id("thường"), v.id("vụ")], [UNKNOWN, v.id("thành")]] {
            let total: f64 = (0..v.len() as WordId)
                .map(|w| f64::from(-lm.cost(&context, w)).exp())
                .sum();
            assert!((total - 1.0).abs() < 0.05, "{context:?}: {total}");
        }
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let lm = model();
        let back = LanguageModel::from_bytes(&lm.to_bytes()).unwrap();
        let v = lm.vocab();
        let context = [v.id("ban"), v.id("thường")];
        assert_eq!(back.cost(&context, v.id("vụ")), lm.cost(&context, v.id("vụ")));
        assert_eq!(back.vocab().habit(v.id("qđ")), CaseHabit::Upper);
        assert_eq!(back.vocab().habit(v.id("ban")), CaseHabit::Free);
    }
}
