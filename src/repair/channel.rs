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
    /// (packed β, −ln P(β | α)) of every β learned for a packed α.
    substitutions: Substitutions,
    /// (packed β, −ln P(β | any tone of a vowel)) by toneless vowel: for
    /// tones the pairs did not show with that β.
    toneless: Substitutions,
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

/// Learned substitutions: the (packed β, cost) list of each packed α.
type Substitutions = FxHashMap<u64, Vec<(u64, f32)>>;

/// Marks a piece whose row is not built yet in [`TokenScorer`]'s rows.
const UNBUILT: u32 = u32::MAX;
/// Marks a piece that no learned substitution reads (two characters).
const NO_ROW: u32 = u32::MAX - 1;
/// Marks the missing piece of two characters at a word's last position.
const NO_PIECE: u32 = u32::MAX;

/// A clean word ready to be scored against many tokens: its characters,
/// their folded forms, and the ids of its pieces in a [`PieceTable`].
#[derive(Clone, Debug, Default)]
pub struct CleanWord {
    chars: Vec<char>,
    folded: Vec<char>,
    /// For each position, the ids of the pieces of one and two characters
    /// starting there ([`NO_PIECE`] past the end).
    pieces: Vec<[u32; MAX_CLEAN]>,
}

impl CleanWord {
    /// The word's folded characters.
    pub fn folded(&self) -> &[char] {
        &self.folded
    }
}

/// Numbers the pieces (one or two characters) of the clean words, so that
/// a [`TokenScorer`] finds the costs of a piece by index.
#[derive(Debug, Default)]
pub struct PieceTable {
    ids: FxHashMap<u64, u32>,
}

impl PieceTable {
    /// Prepares `word` (lower case), numbering its new pieces.
    pub fn word(&mut self, word: &str) -> CleanWord {
        let chars: Vec<char> = word.chars().collect();
        let folded = chars.iter().map(|&c| fold_char(c)).collect();
        let pieces = (0..chars.len())
            .map(|i| {
                std::array::from_fn(|k| match chars.get(i..=i + k) {
                    Some(piece) => {
                        let next = self.ids.len() as u32;
                        *self.ids.entry(pack(piece)).or_insert(next)
                    }
                    None => NO_PIECE,
                })
            })
            .collect();
        CleanWord { chars, folded, pieces }
    }

    /// Number of pieces numbered.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no piece is numbered.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Scores many clean words against one OCR token, reusing its preparation.
///
/// The costs of reading a clean piece (one or two characters) as each OCR
/// substring `token[j..j + b]` are looked up once per piece and token (a
/// row of `row_costs`), so that scoring a word is a small dynamic
/// programme over plain arrays.
pub struct TokenScorer<'a> {
    channel: &'a Channel,
    ocr: Vec<char>,
    ocr_folded: Vec<char>,
    /// For each OCR position j, the packed keys of ocr[j..j+b], b = 0..=MAX_OCR.
    beta_keys: Vec<[u64; MAX_OCR + 1]>,
    /// Whole-word confusions of clean words into this token: word → −ln P.
    word_costs: FxHashMap<&'a str, f32>,
    /// The row of each piece (by id): its index, [`UNBUILT`] or [`NO_ROW`].
    rows: Vec<u32>,
    /// Rows of `(m + 1) × (MAX_OCR + 1)` costs: piece read as `ocr[j..j + b]`.
    row_costs: Vec<f32>,
    scratch: Vec<f32>,
}

impl<'a> TokenScorer<'a> {
    /// Prepares the lower-case OCR token `token`, for words of a piece
    /// table of `pieces` pieces.
    pub fn new(channel: &'a Channel, token: &str, pieces: usize) -> Self {
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
        let word_costs = channel
            .seen_sources(token)
            .iter()
            .filter_map(|clean| {
                let key = (clean.clone(), token.to_string());
                Some((clean.as_str(), *channel.words.get(&key)?))
            })
            .collect();
        TokenScorer {
            channel,
            ocr,
            ocr_folded,
            beta_keys,
            word_costs,
            rows: vec![UNBUILT; pieces],
            row_costs: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// −ln P(token | `clean`), `word` being `clean` prepared. Infinite, or
    /// at least `bound`, when the character model's cost exceeds `bound`
    /// (the search stops early).
    pub fn cost(&mut self, clean: &str, word: &CleanWord, bound: f32) -> f32 {
        let word_weight = self.channel.word_weight.get(clean).copied();
        let bound = if word_weight.is_some() { f32::INFINITY } else { bound };
        let by_chars = self.char_cost(word, bound);
        match word_weight {
            Some(weight) => {
                let word = self.word_costs.get(clean).map_or(0.0, |c| (-c).exp());
                let mixed = weight * word + (1.0 - weight) * (-by_chars).exp();
                -mixed.max(f32::MIN_POSITIVE).ln()
            }
            None => by_chars,
        }
    }

    /// Width of a row: a cost per OCR position and substring length.
    fn row_width(&self) -> usize {
        (self.ocr.len() + 1) * (MAX_OCR + 1)
    }

    /// The start in `row_costs` of the row of piece `id` of characters
    /// `piece` (`folded`: the first one folded), built on first use; `None`
    /// for a piece of two characters that no learned substitution reads.
    fn row(&mut self, id: u32, piece: &[char], folded: char) -> Option<usize> {
        let width = self.row_width();
        match self.rows.get(id as usize).copied() {
            Some(NO_ROW) => return None,
            Some(UNBUILT) | None => {}
            Some(row) => return Some(row as usize * width),
        }
        let learned = self.channel.substitutions.get(&pack(piece));
        let toneless = (piece.len() == 1)
            .then(|| self.channel.toneless.get(&pack(&[strip_tone(piece[0])])))
            .flatten();
        if piece.len() > 1 && learned.is_none() {
            if let Some(row) = self.rows.get_mut(id as usize) {
                *row = NO_ROW;
            }
            return None;
        }
        let start = self.row_costs.len();
        let m = self.ocr.len();
        let floors = self.channel.floors;
        for j in 0..=m {
            for b in 0..=MAX_OCR {
                let cost = match (piece.len(), b) {
                    _ if j + b > m => f32::INFINITY,
                    (1, 0) => floors.deletion,
                    (1, 1) if piece[0] == self.ocr[j] => 0.0,
                    (1, 1) if folded == self.ocr_folded[j] => floors.same_letter,
                    (1, 1) => floors.other,
                    _ => f32::INFINITY,
                };
                self.row_costs.push(cost);
            }
        }
        // Learned costs replace the floors, those of the letter itself
        // replace those pooled over its tones.
        let pooled = toneless
            .into_iter()
            .flatten()
            .map(|&(beta, cost)| (beta, cost + floors.other_tone));
        for (beta, cost) in pooled.chain(learned.into_iter().flatten().copied()) {
            let b = beta_length(beta);
            for j in (0..=m).filter(|&j| j + b <= m && self.beta_keys[j][b] == beta) {
                self.row_costs[start + j * (MAX_OCR + 1) + b] = cost;
            }
        }
        if let Some(row) = self.rows.get_mut(id as usize) {
            *row = (start / width) as u32;
        }
        Some(start)
    }

    /// The cheapest segmentation of the clean word into substitutions
    /// giving the token; cells costing more than `bound` are not extended.
    fn char_cost(&mut self, word: &CleanWord, bound: f32) -> f32 {
        let (n, m) = (word.chars.len(), self.ocr.len());
        let width = m + 1;
        let insertion = self.channel.floors.insertion;
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.resize((n + 1) * width, f32::INFINITY);
        scratch[0] = 0.0;
        for i in 0..=n {
            if scratch[i * width..(i + 1) * width].iter().all(|&c| c > bound) {
                self.scratch = scratch;
                return f32::INFINITY;
            }
            let rows: [Option<usize>; MAX_CLEAN] = std::array::from_fn(|k| {
                let id = *word.pieces.get(i)?.get(k)?;
                (id != NO_PIECE)
                    .then(|| self.row(id, &word.chars[i..=i + k], word.folded[i]))
                    .flatten()
            });
            for j in 0..=m {
                let here = scratch[i * width + j];
                if here.is_infinite() || here > bound {
                    continue;
                }
                if j < m {
                    let next = &mut scratch[i * width + j + 1];
                    *next = next.min(here + insertion);
                }
                for (k, row) in rows.iter().enumerate() {
                    let Some(start) = *row else { continue };
                    let costs = &self.row_costs[start + j * (MAX_OCR + 1)..][..=MAX_OCR.min(m - j)];
                    for (b, &cost) in costs.iter().enumerate() {
                        let next = &mut scratch[(i + k + 1) * width + j + b];
                        *next = next.min(here + cost);
                    }
                }
            }
        }
        let cost = scratch[n * width + m];
        self.scratch = scratch;
        cost
    }
}

impl Channel {
    /// −ln P(`ocr` | `clean`): both lower case; `clean` a vocabulary word.
    pub fn cost(&self, clean: &str, ocr: &str) -> f32 {
        let mut pieces = PieceTable::default();
        let word = pieces.word(clean);
        TokenScorer::new(self, ocr, pieces.len()).cost(clean, &word, f32::INFINITY)
    }

    /// Records a substitution pooled over the tones of a vowel.
    fn learn_toneless(&mut self, (alpha, beta): (u64, u64), cost: f32) {
        self.toneless.entry(alpha).or_default().push((beta, cost));
    }

    /// Records a learned substitution.
    fn learn(&mut self, (alpha, beta): (u64, u64), cost: f32) {
        self.substitutions.entry(alpha).or_default().push((beta, cost));
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
            let mut substitutions: Vec<(u64, u64, f32)> = table
                .iter()
                .flat_map(|(&alpha, betas)| betas.iter().map(move |&(beta, cost)| (alpha, beta, cost)))
                .collect();
            substitutions.sort_by_key(|&(alpha, beta, _)| (alpha, beta));
            out.varint(substitutions.len() as u64);
            for (alpha, beta, cost) in substitutions {
                out.varint(alpha);
                out.varint(beta);
                out.f32(cost);
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
