//! The OCR channel: how likely an OCR engine read a Vietnamese word as a token.
//!
//! Learned from aligned (clean, OCR) word pairs ([`ChannelCounts`]):
//! - substring substitutions `α → β` (1–2 clean characters to 0–3 OCR
//!   characters: `ố → 6`, `ủ → t`, `ư → tr`, `ủ → ti`, `đ → p`), each with
//!   −ln P(β | α); a word's cost is the cheapest segmentation into such
//!   substitutions (a small dynamic programme);
//! - whole-word confusions of frequent words (`của → ctia`), blended with the
//!   character model by how often the word was seen;
//! - for OCR symbols that stand for letters (`6`, `1`, `¢`), the letter they
//!   most often stand for, used to find candidates.
//!
//! Unseen substitutions get a floor cost (lower between letters that differ
//! only by diacritics), so OCR noisier than the training pairs still finds
//! its words.

use rustc_hash::FxHashMap;

use super::store::{ModelError, Reader, Writer};
use crate::vietnamese::{fold_char, strip_tone};

const TAG: &str = "vanban-channel-2";

/// Longest clean side of a substitution, in characters.
const MAX_CLEAN: usize = 2;
/// Longest OCR side of a substitution, in characters.
const MAX_OCR: usize = 3;

/// Packs up to three characters into a key (0 = no character).
fn pack(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |key, &c| (key << 21) | (u64::from(c) + 1))
}

/// Costs of the channel's unseen events, in nats.
#[derive(Clone, Copy, Debug)]
pub struct Floors {
    /// A letter read as the same letter with other diacritics.
    pub same_letter: f32,
    /// A character read as another character.
    pub other: f32,
    /// Added to a substitution learned only for the letter with another tone.
    pub other_tone: f32,
    /// A character dropped.
    pub deletion: f32,
    /// A character inserted.
    pub insertion: f32,
}

impl Default for Floors {
    fn default() -> Self {
        Floors {
            same_letter: 5.0,
            other: 9.0,
            other_tone: 1.5,
            deletion: 8.0,
            insertion: 8.0,
        }
    }
}

/// The learned channel model.
#[derive(Debug, Default)]
pub struct Channel {
    /// −ln P(β | α) per packed (α, β).
    substitutions: FxHashMap<(u64, u64), f32>,
    /// Longest β learned for each α.
    longest_beta: FxHashMap<u64, usize>,
    /// −ln P(β | any tone of a vowel), by (toneless vowel, β): for tones
    /// the pairs did not show with that β.
    toneless: FxHashMap<(u64, u64), f32>,
    /// Longest β pooled for each toneless vowel.
    longest_toneless_beta: FxHashMap<u64, usize>,
    /// Whole-word confusions: (clean word, OCR token) → −ln P, and the
    /// weight of the word model for each clean word.
    words: FxHashMap<(String, String), f32>,
    word_weight: FxHashMap<String, f32>,
    /// OCR tokens seen for a clean word, by OCR token (for candidates).
    by_ocr: FxHashMap<String, Vec<String>>,
    /// The folded letters an OCR symbol stands for, most frequent first.
    letters_of_symbol: FxHashMap<char, Vec<char>>,
    floors: Floors,
}

/// Scores many clean words against one OCR token, reusing its preparation.
pub struct TokenScorer<'a> {
    channel: &'a Channel,
    token: &'a str,
    ocr: Vec<char>,
    ocr_folded: Vec<char>,
    /// For each OCR position j, the packed keys of ocr[j..j+b], b = 0..=MAX_OCR.
    beta_keys: Vec<[u64; MAX_OCR + 1]>,
    scratch: Vec<f32>,
}

impl<'a> TokenScorer<'a> {
    /// Prepares the lower-case OCR token `token`.
    pub fn new(channel: &'a Channel, token: &'a str) -> Self {
        let ocr: Vec<char> = token.chars().collect();
        let ocr_folded = ocr.iter().map(|&c| fold_char(c)).collect();
        let beta_keys = (0..=ocr.len())
            .map(|j| {
                std::array::from_fn(|b| {
                    if j + b <= ocr.len() {
                        pack(&ocr[j..j + b])
                    } else {
                        u64::MAX
                    }
                })
            })
            .collect();
        TokenScorer {
            channel,
            token,
            ocr,
            ocr_folded,
            beta_keys,
            scratch: Vec::new(),
        }
    }

    /// −ln P(token | `clean`); `chars` and `folded` are the clean word's
    /// characters and their folded forms. Infinite when the character
    /// model's cost exceeds `bound` (the search stops early).
    pub fn cost(&mut self, clean: &str, chars: &[char], folded: &[char], bound: f32) -> f32 {
        let word_weight = self.channel.word_weight.get(clean).copied();
        let bound = if word_weight.is_some() { f32::INFINITY } else { bound };
        let by_chars = self.char_cost(chars, folded, bound);
        match word_weight {
            Some(weight) => {
                let key = (clean.to_string(), self.token.to_string());
                let word = self.channel.words.get(&key).map_or(0.0, |c| (-c).exp());
                let mixed = weight * word + (1.0 - weight) * (-by_chars).exp();
                -mixed.max(f32::MIN_POSITIVE).ln()
            }
            None => by_chars,
        }
    }

    /// The cheapest segmentation of the clean word into substitutions giving the token.
    fn char_cost(&mut self, clean: &[char], folded: &[char], bound: f32) -> f32 {
        let (n, m) = (clean.len(), self.ocr.len());
        let width = m + 1;
        let floors = self.channel.floors;
        self.scratch.clear();
        self.scratch.resize((n + 1) * width, f32::INFINITY);
        self.scratch[0] = 0.0;
        for i in 0..=n {
            if self.scratch[i * width..(i + 1) * width].iter().all(|&c| c > bound) {
                return f32::INFINITY;
            }
            let alphas: [(u64, usize); MAX_CLEAN] = std::array::from_fn(|k| {
                let a = k + 1;
                if i + a > n {
                    return (0, 0);
                }
                let key = pack(&clean[i..i + a]);
                (key, self.channel.longest_beta.get(&key).copied().unwrap_or(0))
            });
            // The same letter without its tone, for substitutions learned
            // only for other tones of it (`ự → tr` from `ư → tr`).
            let toneless = (i < n).then(|| pack(&[strip_tone(clean[i])]));
            let toneless_reach = toneless
                .and_then(|t| self.channel.longest_toneless_beta.get(&t).copied())
                .unwrap_or(0);
            for j in 0..=m {
                let here = self.scratch[i * width + j];
                if here.is_infinite() {
                    continue;
                }
                if j < m {
                    let next = &mut self.scratch[i * width + j + 1];
                    *next = next.min(here + floors.insertion);
                }
                if i == n {
                    continue;
                }
                for (k, &(alpha, longest)) in alphas.iter().enumerate() {
                    let a = k + 1;
                    if i + a > n {
                        break;
                    }
                    let reach = if a == 1 {
                        longest.max(1).max(toneless_reach)
                    } else {
                        longest
                    };
                    for b in 0..=reach.min(m - j) {
                        let beta = self.beta_keys[j][b];
                        let learned = self.channel.substitutions.get(&(alpha, beta)).copied().or_else(|| {
                            let toneless = toneless.filter(|_| a == 1)?;
                            Some(self.channel.toneless.get(&(toneless, beta))? + floors.other_tone)
                        });
                        let cost = match (learned, a, b) {
                            (Some(cost), _, _) => cost,
                            (None, 1, 0) => floors.deletion,
                            (None, 1, 1) if clean[i] == self.ocr[j] => 0.0,
                            (None, 1, 1) if folded[i] == self.ocr_folded[j] => floors.same_letter,
                            (None, 1, 1) => floors.other,
                            _ => continue,
                        };
                        let next = &mut self.scratch[(i + a) * width + j + b];
                        *next = next.min(here + cost);
                    }
                }
            }
        }
        self.scratch[n * width + m]
    }
}

impl Channel {
    /// −ln P(`ocr` | `clean`): both lower case; `clean` a vocabulary word.
    pub fn cost(&self, clean: &str, ocr: &str) -> f32 {
        let chars: Vec<char> = clean.chars().collect();
        let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
        TokenScorer::new(self, ocr).cost(clean, &chars, &folded, f32::INFINITY)
    }

    /// Records a substitution pooled over the tones of a vowel.
    fn learn_toneless(&mut self, key: (u64, u64), cost: f32) {
        let longest = self.longest_toneless_beta.entry(key.0).or_default();
        *longest = (*longest).max(beta_length(key.1));
        self.toneless.insert(key, cost);
    }

    /// Records a learned substitution.
    fn learn(&mut self, key: (u64, u64), cost: f32) {
        let longest = self.longest_beta.entry(key.0).or_default();
        *longest = (*longest).max(beta_length(key.1));
        self.substitutions.insert(key, cost);
    }

    /// Clean words the training pairs saw read as `ocr` (lower case).
    pub fn seen_sources(&self, ocr: &str) -> &[String] {
        self.by_ocr.get(ocr).map_or(&[], Vec::as_slice)
    }

    /// The folded letter that an OCR character most likely stands for
    /// (`6` → `o`, `1` → `l`); letters fold as usual.
    pub fn letter_of(&self, c: char) -> char {
        if c.is_alphabetic() {
            return fold_char(c);
        }
        self.letters_of_symbol
            .get(&c)
            .and_then(|l| l.first())
            .copied()
            .unwrap_or(c)
    }

    /// The folded readings of a lower-case OCR token: each symbol replaced
    /// by each letter it may stand for (at most `limit` readings, the most
    /// likely first).
    pub fn readings(&self, token: &str, limit: usize) -> Vec<String> {
        let mut readings = vec![String::with_capacity(token.len())];
        for c in token.chars() {
            match self.letters_of_symbol.get(&c) {
                Some(letters) if !c.is_alphabetic() => {
                    let mut next = Vec::with_capacity(readings.len() * letters.len());
                    for letter in letters {
                        for reading in &readings {
                            if next.len() < limit {
                                let mut longer = reading.clone();
                                longer.push(*letter);
                                next.push(longer);
                            }
                        }
                    }
                    readings = next;
                }
                _ => readings.iter_mut().for_each(|r| r.push(self.letter_of(c))),
            }
        }
        readings
    }

    /// Writes the model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(TAG);
        for table in [&self.substitutions, &self.toneless] {
            let mut substitutions: Vec<_> = table.iter().collect();
            substitutions.sort_by_key(|(k, _)| **k);
            out.varint(substitutions.len() as u64);
            for ((alpha, beta), cost) in substitutions {
                out.varint(*alpha);
                out.varint(*beta);
                out.f32(*cost);
            }
        }
        let mut weights: Vec<_> = self.word_weight.iter().collect();
        weights.sort_by(|a, b| a.0.cmp(b.0));
        out.varint(weights.len() as u64);
        for (word, weight) in weights {
            out.str(word);
            out.f32(*weight);
        }
        let mut words: Vec<_> = self.words.iter().collect();
        words.sort_by(|a, b| a.0.cmp(b.0));
        out.varint(words.len() as u64);
        for ((clean, ocr), cost) in words {
            out.str(clean);
            out.str(ocr);
            out.f32(*cost);
        }
        let mut symbols: Vec<_> = self.letters_of_symbol.iter().collect();
        symbols.sort();
        out.varint(symbols.len() as u64);
        for (symbol, letters) in symbols {
            out.varint(u64::from(*symbol));
            out.varint(letters.len() as u64);
            for letter in letters {
                out.varint(u64::from(*letter));
            }
        }
        out.into_bytes()
    }

    /// Reads a model file written by [`Channel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut input = Reader::new(bytes, TAG)?;
        let mut channel = Channel::default();
        for _ in 0..input.size()? {
            let key = (input.varint()?, input.varint()?);
            channel.learn(key, input.f32()?);
        }
        for _ in 0..input.size()? {
            let key = (input.varint()?, input.varint()?);
            channel.learn_toneless(key, input.f32()?);
        }
        for _ in 0..input.size()? {
            let word = input.str()?.to_string();
            channel.word_weight.insert(word, input.f32()?);
        }
        for _ in 0..input.size()? {
            let (clean, ocr) = (input.str()?.to_string(), input.str()?.to_string());
            channel.by_ocr.entry(ocr.clone()).or_default().push(clean.clone());
            channel.words.insert((clean, ocr), input.f32()?);
        }
        for _ in 0..input.size()? {
            let symbol = char_from(input.varint()?)?;
            let letters = (0..input.size()?)
                .map(|_| char_from(input.varint()?))
                .collect::<Result<_, _>>()?;
            channel.letters_of_symbol.insert(symbol, letters);
        }
        Ok(channel)
    }
}

/// Number of characters packed in a β key.
fn beta_length(key: u64) -> usize {
    (0..MAX_OCR).take_while(|k| key >> (21 * k) != 0).count()
}

/// Lower-case vowels without tone, with their shapes.
const VOWELS: &str = "aăâeêioôơuưy";

fn char_from(value: u64) -> Result<char, ModelError> {
    u32::try_from(value)
        .ok()
        .and_then(char::from_u32)
        .ok_or(ModelError::BadText)
}

/// Counts gathered from aligned (clean word, OCR token) pairs.
#[derive(Debug, Default)]
pub struct ChannelCounts {
    /// Occurrences of each clean substring of 1–2 characters.
    contexts: FxHashMap<Vec<char>, u64>,
    /// Substitutions seen: (α, β) → count (identities included).
    substitutions: FxHashMap<(Vec<char>, Vec<char>), u64>,
    /// Whole-word pairs.
    words: FxHashMap<(String, String), u64>,
    word_totals: FxHashMap<String, u64>,
}

/// One step of a character alignment.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    Keep(char),
    Change(Option<char>, Option<char>),
}

impl ChannelCounts {
    /// Learns from one aligned pair (both lower case).
    pub fn add_pair(&mut self, clean: &str, ocr: &str) {
        let clean_chars: Vec<char> = clean.chars().collect();
        let ocr_chars: Vec<char> = ocr.chars().collect();
        for i in 0..clean_chars.len() {
            for a in 1..=MAX_CLEAN.min(clean_chars.len() - i) {
                *self.contexts.entry(clean_chars[i..i + a].to_vec()).or_default() += 1;
            }
        }
        for (alpha, beta) in segments(&align_chars(&clean_chars, &ocr_chars)) {
            *self.substitutions.entry((alpha, beta)).or_default() += 1;
        }
        *self.words.entry((clean.to_string(), ocr.to_string())).or_default() += 1;
        *self.word_totals.entry(clean.to_string()).or_default() += 1;
    }

    /// The channel model: substitutions seen at least `min_count` times,
    /// word confusions of words seen at least `min_word` times.
    pub fn estimate(&self, min_count: u64, min_word: u64) -> Channel {
        let mut channel = Channel::default();
        for ((alpha, beta), &count) in &self.substitutions {
            if count < min_count || alpha.len() > MAX_CLEAN || beta.len() > MAX_OCR {
                continue;
            }
            let total = self.contexts.get(alpha).copied().unwrap_or(count).max(count);
            let p = count as f64 / (total as f64 + 1.0);
            channel.learn((pack(alpha), pack(beta)), -(p.ln()) as f32);
        }
        for ((vowel, beta), (count, total)) in self.pooled_by_tone() {
            if count >= min_count && beta.len() <= MAX_OCR {
                let p = count as f64 / (total as f64 + 1.0);
                channel.learn_toneless((pack(&[vowel]), pack(&beta)), -(p.ln()) as f32);
            }
        }
        for ((clean, ocr), &count) in &self.words {
            let total = self.word_totals[clean];
            if total < min_word || count < 2 {
                continue;
            }
            let p = count as f64 / total as f64;
            channel.words.insert((clean.clone(), ocr.clone()), -(p.ln()) as f32);
            channel
                .word_weight
                .insert(clean.clone(), (total as f64 / (total as f64 + 5.0)) as f32);
            channel.by_ocr.entry(ocr.clone()).or_default().push(clean.clone());
        }
        channel.letters_of_symbol = self.symbol_letters();
        channel
    }

    /// Substitutions of single vowels pooled over their tones: (toneless
    /// vowel, β) → (count, occurrences of the vowel in any tone).
    fn pooled_by_tone(&self) -> FxHashMap<(char, Vec<char>), (u64, u64)> {
        let mut occurrences: FxHashMap<char, u64> = FxHashMap::default();
        for (alpha, &count) in &self.contexts {
            if let [c] = alpha.as_slice() {
                *occurrences.entry(strip_tone(*c)).or_default() += count;
            }
        }
        let mut pooled: FxHashMap<(char, Vec<char>), (u64, u64)> = FxHashMap::default();
        for ((alpha, beta), &count) in &self.substitutions {
            if let [c] = alpha.as_slice()
                && VOWELS.contains(strip_tone(*c))
            {
                let vowel = strip_tone(*c);
                let entry = pooled.entry((vowel, beta.clone())).or_default();
                entry.0 += count;
                entry.1 = occurrences.get(&vowel).copied().unwrap_or(0);
            }
        }
        pooled
    }

    /// For each non-letter OCR character, the folded letters it replaced
    /// (each at least a tenth of the time, at most three), most frequent first.
    fn symbol_letters(&self) -> FxHashMap<char, Vec<char>> {
        let mut votes: FxHashMap<char, FxHashMap<char, u64>> = FxHashMap::default();
        for ((alpha, beta), &count) in &self.substitutions {
            if let ([a], [b]) = (alpha.as_slice(), beta.as_slice())
                && !b.is_alphabetic()
                && a.is_alphabetic()
            {
                *votes.entry(*b).or_default().entry(fold_char(*a)).or_default() += count;
            }
        }
        let mut letters = FxHashMap::default();
        for (symbol, by_letter) in votes {
            let total: u64 = by_letter.values().sum();
            let mut ranked: Vec<(char, u64)> = by_letter
                .into_iter()
                .filter(|&(_, c)| c >= 3 && c * 10 >= total)
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.truncate(3);
            if !ranked.is_empty() {
                letters.insert(symbol, ranked.into_iter().map(|(l, _)| l).collect());
            }
        }
        letters
    }
}

/// Levenshtein alignment of characters, preferring to pair letters that
/// differ only by diacritics.
fn align_chars(clean: &[char], ocr: &[char]) -> Vec<Step> {
    let (n, m) = (clean.len(), ocr.len());
    let width = m + 1;
    let mut cost = vec![0f32; (n + 1) * width];
    for i in 0..=n {
        for j in 0..=m {
            cost[i * width + j] = match (i, j) {
                (0, _) => j as f32,
                (_, 0) => i as f32,
                _ => {
                    let pair = pair_cost(clean[i - 1], ocr[j - 1]);
                    (cost[(i - 1) * width + j - 1] + pair)
                        .min(cost[(i - 1) * width + j] + 1.0)
                        .min(cost[i * width + j - 1] + 1.0)
                }
            };
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = cost[i * width + j];
        if i > 0 && j > 0 && here == cost[(i - 1) * width + j - 1] + pair_cost(clean[i - 1], ocr[j - 1]) {
            let step = if clean[i - 1] == ocr[j - 1] {
                Step::Keep(clean[i - 1])
            } else {
                Step::Change(Some(clean[i - 1]), Some(ocr[j - 1]))
            };
            steps.push(step);
            i -= 1;
            j -= 1;
        } else if i > 0 && here == cost[(i - 1) * width + j] + 1.0 {
            steps.push(Step::Change(Some(clean[i - 1]), None));
            i -= 1;
        } else {
            steps.push(Step::Change(None, Some(ocr[j - 1])));
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

fn pair_cost(clean: char, ocr: char) -> f32 {
    if clean == ocr {
        0.0
    } else if fold_char(clean) == fold_char(ocr) {
        0.4
    } else {
        1.0
    }
}

/// Groups an alignment into substitutions: every kept character alone, and
/// each run of changes as one (α, β); a pure insertion joins the
/// substitution before it (or the kept character after it, at the start).
fn segments(steps: &[Step]) -> Vec<(Vec<char>, Vec<char>)> {
    let mut out: Vec<(Vec<char>, Vec<char>)> = Vec::new();
    let mut pending: (Vec<char>, Vec<char>) = Default::default();
    for step in steps {
        match *step {
            Step::Change(a, b) => {
                pending.0.extend(a);
                pending.1.extend(b);
            }
            Step::Keep(c) => {
                let (alpha, mut beta) = std::mem::take(&mut pending);
                if !alpha.is_empty() {
                    out.push((alpha, beta));
                } else if let Some(last) = out.last_mut() {
                    last.1.append(&mut beta);
                } else if !beta.is_empty() {
                    beta.push(c);
                    out.push((vec![c], beta));
                    continue;
                }
                out.push((vec![c], vec![c]));
            }
        }
    }
    let (alpha, mut beta) = pending;
    if !alpha.is_empty() {
        out.push((alpha, beta));
    } else if let Some(last) = out.last_mut() {
        last.1.append(&mut beta);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(clean: &str, ocr: &str) -> Vec<(String, String)> {
        let clean: Vec<char> = clean.chars().collect();
        let ocr: Vec<char> = ocr.chars().collect();
        segments(&align_chars(&clean, &ocr))
            .into_iter()
            .map(|(a, b)| (a.into_iter().collect(), b.into_iter().collect()))
            .collect()
    }

    #[test]
    fn alignments_group_changes() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(segs("số", "s6"), [s("s", "s"), s("ố", "6")]);
        assert_eq!(segs("của", "ctia"), [s("c", "c"), s("ủ", "ti"), s("a", "a")]);
        assert_eq!(segs("cứ", "ctr"), [s("c", "c"), s("ứ", "tr")]);
        assert_eq!(segs("ủy", "y"), [s("ủ", ""), s("y", "y")]);
        assert_eq!(segs("ba", "xba"), [s("b", "xb"), s("a", "a")]);
    }

    fn trained() -> Channel {
        let mut counts = ChannelCounts::default();
        for _ in 0..20 {
            counts.add_pair("của", "ctia");
            counts.add_pair("số", "s6");
            counts.add_pair("điều", "piéu");
            counts.add_pair("thành", "thanh");
            counts.add_pair("ủy", "ty");
            counts.add_pair("ủy", "uy");
        }
        counts.estimate(2, 3)
    }

    #[test]
    fn learned_confusions_are_cheap() {
        let channel = trained();
        assert!(channel.cost("của", "ctia") < channel.cost("cua", "ctia"));
        assert!(channel.cost("số", "s6") < 2.0);
        assert!(channel.cost("ủy", "ty") < channel.cost("tỷ", "ty") + 3.0);
        assert!(channel.cost("điều", "piéu") < channel.cost("pieu", "piéu"));
        assert_eq!(channel.letter_of('6'), 'o');
        assert_eq!(channel.seen_sources("ctia"), ["của"]);
    }

    #[test]
    fn channel_round_trips_through_bytes() {
        let channel = trained();
        let back = Channel::from_bytes(&channel.to_bytes()).unwrap();
        for (clean, ocr) in [("của", "ctia"), ("điều", "piéu"), ("xyz", "abc")] {
            assert_eq!(back.cost(clean, ocr), channel.cost(clean, ocr));
        }
    }
}
