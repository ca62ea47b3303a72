//! Turns a line's tokens into the slots and edges the search walks.
//!
//! Each word token gets its candidate words (and, when nothing Vietnamese
//! fits, its own text kept as an unknown word); tokens the OCR glued to a
//! number (`thang9`, `S606`) get split readings; two short neighbouring
//! tokens the OCR split apart (`nhi ém`) get merged readings; a lone digit
//! may be a letter (`6` for `ở`); sentence-ending punctuation is a break.
//! List markers and lines of noise keep their text ([`super::layout`]).

use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use super::Repairer;
use super::decode::{Edge, Render};
use super::layout::{is_noise, kept_edge, marker_edge, roman_number_edge};
use super::lexicon::{Candidate, Damage};
use super::lm::WordId;
use super::lm::{CaseHabit, END, NUMBER, UNKNOWN};
use super::render::is_heading;
use super::store::{ModelError, Reader, Writer};
use super::tokenize::{Kind, LETTER_LIKE, Token};
use crate::vietnamese::is_folded_syllable;

/// Penalties of the lattice's less likely readings, in nats.
#[derive(Clone, Copy, Debug)]
pub struct LatticeSettings {
    /// Keeping a token that is no known word as it is.
    pub keep_unknown: f32,
    /// Keeping a token that looks garbled (letters mixed with digits or
    /// OCR symbols: `c6`, `¢6`, `ho1`) as it is.
    pub keep_garbled: f32,
    /// Splitting a token into a word and a number.
    pub split: f32,
    /// Merging two tokens into one word.
    pub merge: f32,
    /// Reading a lone digit as a word.
    pub digit_as_word: f32,
    /// Reading a token in capitals without its one lower-case letter, a
    /// fragment of a mark (`CHIi` → `CHI`).
    pub stray_lower: f32,
}

impl Default for LatticeSettings {
    fn default() -> Self {
        LatticeSettings {
            keep_unknown: 10.0,
            keep_garbled: 14.0,
            split: 3.0,
            merge: 4.0,
            digit_as_word: 2.0,
            stray_lower: 3.0,
        }
    }
}

/// What a slot of the lattice stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A word or number token (index into the line's tokens).
    Token(usize),
    /// A sentence break after punctuation.
    Break,
}

/// A line ready for the search: slots and the edges leaving each.
#[derive(Debug, Default)]
pub struct Lattice {
    /// Whether the line is a heading in capitals.
    pub heading: bool,
    /// The slots, in order.
    pub slots: Vec<Slot>,
    /// Edges by first slot.
    pub edges: Vec<Vec<Edge>>,
}

/// Candidate lists of one document: its damage and the lists already
/// computed, by lower-case token.
#[derive(Debug)]
pub struct CandidateCache {
    damage: Damage,
    lists: FxHashMap<String, Arc<[Candidate]>>,
}

impl CandidateCache {
    /// An empty cache for a document with this damage.
    pub fn new(damage: Damage) -> Self {
        CandidateCache {
            damage,
            lists: FxHashMap::default(),
        }
    }
}

/// Most token spellings the engine remembers across documents.
const SHARED_CACHE_LIMIT: usize = 500_000;

/// Candidate lists remembered across documents and threads (OCR damage only:
/// stripped text's lists are a cheap look-up), starting with those of the
/// OCR tokens of the training pairs, computed by `vanban dict build`.
#[derive(Debug, Default)]
pub struct SharedCandidates {
    lists: RwLock<FxHashMap<String, Arc<[Candidate]>>>,
}

const CANDIDATES_TAG: &str = "vanban-candidates-1";

impl SharedCandidates {
    /// Computes and remembers the lists of `tokens` (lower case).
    pub fn precompute<'t>(repairer: &Repairer, tokens: impl IntoIterator<Item = &'t str>) {
        let settings = &repairer.settings.candidates;
        for token in tokens {
            let list = repairer
                .lexicon
                .candidates(token, &repairer.channel, &repairer.lm, settings);
            repairer.shared.put(token.to_string(), list.into());
        }
    }

    /// Writes the remembered lists, sorted by token.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(CANDIDATES_TAG);
        let lists = self.lists.read().map(|l| l.clone()).unwrap_or_default();
        let mut tokens: Vec<(&String, &Arc<[Candidate]>)> = lists.iter().collect();
        tokens.sort_by(|a, b| a.0.cmp(b.0));
        out.varint(tokens.len() as u64);
        for (token, list) in tokens {
            out.str(token);
            out.varint(list.len() as u64);
            for candidate in list.iter() {
                out.varint(u64::from(candidate.word));
                out.f32(candidate.cost);
            }
        }
        out.into_bytes()
    }

    /// Reads lists written by [`SharedCandidates::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut input = Reader::new(bytes, CANDIDATES_TAG)?;
        let n = input.size()?;
        let mut lists = FxHashMap::default();
        lists.reserve(n);
        for _ in 0..n {
            let token = input.str()?.to_string();
            let list = (0..input.size()?)
                .map(|_| {
                    let word = WordId::try_from(input.varint()?).map_err(|_| ModelError::Truncated)?;
                    Ok(Candidate {
                        word,
                        cost: input.f32()?,
                    })
                })
                .collect::<Result<Vec<_>, ModelError>>()?;
            lists.insert(token, list.into());
        }
        Ok(SharedCandidates {
            lists: RwLock::new(lists),
        })
    }

    fn get(&self, token: &str) -> Option<Arc<[Candidate]>> {
        self.lists.read().ok()?.get(token).cloned()
    }

    fn put(&self, token: String, list: Arc<[Candidate]>) {
        if let Ok(mut lists) = self.lists.write()
            && lists.len() < SHARED_CACHE_LIMIT
        {
            lists.insert(token, list);
        }
    }
}

impl Lattice {
    /// Builds the lattice of `line` with its `tokens`.
    pub fn build(repairer: &Repairer, line: &str, tokens: &[Token], cache: &mut CandidateCache) -> Self {
        let heading = is_heading(repairer, line, tokens);
        let mut lattice = Lattice {
            heading,
            ..Lattice::default()
        };
        for (i, token) in tokens.iter().enumerate() {
            match token.kind {
                Kind::Word | Kind::Number => lattice.slots.push(Slot::Token(i)),
                Kind::Punct(true) => lattice.slots.push(Slot::Break),
                Kind::Punct(false) | Kind::Protected => {}
            }
        }
        let noise = cache.damage == Damage::Ocr && is_noise(repairer, line, tokens);
        for s in 0..lattice.slots.len() {
            let edges = match lattice.slots[s] {
                Slot::Break => vec![Edge::single(END, 0.0, Render::Source, 1)],
                Slot::Token(i) if noise => vec![kept_edge(repairer, tokens[i].kind, &line[tokens[i].span.clone()])],
                Slot::Token(i) => {
                    let next = lattice.slots.get(s + 1).and_then(|slot| match *slot {
                        Slot::Token(j) => Some(j),
                        Slot::Break => None,
                    });
                    token_edges(repairer, (line, heading), tokens, i, next, cache)
                }
            };
            lattice.edges.push(edges);
        }
        lattice
    }
}

/// The candidates of a token: from this document's cache, the engine's
/// shared one, or computed (and remembered in both).
fn candidates(repairer: &Repairer, token: &str, cache: &mut CandidateCache) -> Arc<[Candidate]> {
    let lowered;
    let lower = if token.chars().any(char::is_uppercase) {
        lowered = token.to_lowercase();
        lowered.as_str()
    } else {
        token
    };
    if let Some(list) = cache.lists.get(lower) {
        return list.clone();
    }
    let settings = &repairer.settings.candidates;
    let list = match cache.damage {
        Damage::Stripped => repairer
            .lexicon
            .stripped_candidates(lower, &repairer.lm, settings)
            .into(),
        Damage::Ocr => repairer.shared.get(lower).unwrap_or_else(|| {
            let list: Arc<[Candidate]> = repairer
                .lexicon
                .candidates(lower, &repairer.channel, &repairer.lm, settings)
                .into();
            repairer.shared.put(lower.to_string(), list.clone());
            list
        }),
    };
    cache.lists.insert(lower.to_string(), list.clone());
    list
}

/// The edges leaving token `i` of `line` (`heading`: a line in capitals);
/// `next` is the following token's index when it is the next slot.
fn token_edges(
    repairer: &Repairer,
    (line, heading): (&str, bool),
    tokens: &[Token],
    i: usize,
    next: Option<usize>,
    cache: &mut CandidateCache,
) -> Vec<Edge> {
    let settings = &repairer.settings.lattice;
    let token = &tokens[i];
    let text = &line[token.span.clone()];
    let mut edges = Vec::new();
    if token.kind == Kind::Number {
        if let Some(edge) = roman_number_edge(repairer, line, tokens, i) {
            return vec![edge];
        }
        edges.push(Edge::single(NUMBER, 0.0, Render::Source, 1));
        if text.len() == 1 {
            for c in candidates(repairer, text, cache).iter() {
                edges.push(Edge::single(
                    c.word,
                    c.cost + settings.digit_as_word,
                    Render::Word(c.word),
                    1,
                ));
            }
        }
        return edges;
    }
    if is_abbreviation(repairer, text, heading) {
        return vec![kept_edge(repairer, token.kind, text)];
    }
    if let Some(edge) = marker_edge(repairer, line, tokens, i) {
        return vec![edge];
    }
    for c in candidates(repairer, text, cache).iter() {
        edges.push(Edge::single(c.word, c.cost, Render::Word(c.word), 1));
    }
    split_edges(repairer, text, cache, &mut edges);
    stray_lower_edges(repairer, text, cache, &mut edges);
    if let Some(j) = next {
        merge_edges(repairer, line, &tokens[i], &tokens[j], cache, &mut edges);
    }
    let known = repairer.lm.vocab().id_in_any_case(text) != UNKNOWN;
    if !known {
        let keep = if looks_garbled(text) {
            settings.keep_garbled
        } else {
            settings.keep_unknown
        };
        edges.push(Edge::single(UNKNOWN, keep, Render::Source, 1));
    }
    edges
}

/// Whether a word token mixes letters with OCR symbols, or lower-case
/// letters with digits, or has a capital right after a lower-case letter
/// (`truSc`, `sG`): what an OCR engine makes of Vietnamese letters,
/// rarely a real word or code (codes are in capitals: `QH15`).
fn looks_garbled(text: &str) -> bool {
    let symbol = text.chars().any(|c| LETTER_LIKE.contains(&c));
    let digit = text.chars().any(|c| c.is_ascii_digit());
    let lower = text.chars().any(char::is_lowercase);
    let chars: Vec<char> = text.chars().collect();
    let inner_capital = chars.windows(2).any(|w| w[0].is_lowercase() && w[1].is_uppercase());
    symbol || (digit && lower) || inner_capital
}

/// An abbreviation written in capitals in running text (`UBND`, `TW`), as
/// the vocabulary knows it: kept as it is.
fn is_abbreviation(repairer: &Repairer, text: &str, heading: bool) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = letters >= 2 && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if !capitals || heading {
        return false;
    }
    let vocab = repairer.lm.vocab();
    let id = vocab.id_in_any_case(text);
    id != UNKNOWN && vocab.habit(id) == CaseHabit::Upper
}

/// Readings of a token that glues a word to a number (`thang9`, `4thang`).
fn split_edges(repairer: &Repairer, text: &str, cache: &mut CandidateCache, edges: &mut Vec<Edge>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let penalty = repairer.settings.lattice.split;
    for (at, _) in text.char_indices().skip(1) {
        let (head, tail) = text.split_at(at);
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let has_letter = |s: &str| s.chars().any(char::is_alphabetic);
        if all_digits(tail) && has_letter(head) {
            for c in candidates(repairer, head, cache).iter().take(3) {
                edges.push(Edge::double(
                    [c.word, NUMBER],
                    c.cost + penalty,
                    Render::WordThenDigits(c.word, at),
                ));
            }
        } else if all_digits(head) && has_letter(tail) {
            for c in candidates(repairer, tail, cache).iter().take(3) {
                edges.push(Edge::double(
                    [NUMBER, c.word],
                    c.cost + penalty,
                    Render::DigitsThenWord(at, c.word),
                ));
            }
        }
    }
}

/// Readings of a token in capitals with one lower-case letter (`CHIi`)
/// without it: the OCR often writes a capital's mark as a small letter.
fn stray_lower_edges(repairer: &Repairer, text: &str, cache: &mut CandidateCache, edges: &mut Vec<Edge>) {
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let lower: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| c.is_lowercase()).collect();
    let [(at, letter)] = lower[..] else {
        return;
    };
    if upper < 2 || !text.chars().all(char::is_alphabetic) {
        return;
    }
    let without = format!("{}{}", &text[..at], &text[at + letter.len_utf8()..]);
    let penalty = repairer.settings.lattice.stray_lower;
    for c in candidates(repairer, &without, cache).iter().take(3) {
        edges.push(Edge::single(c.word, c.cost + penalty, Render::Word(c.word), 1));
    }
}

/// Readings of two neighbouring tokens as one word (`nhi ém` → `nhiệm`).
fn merge_edges(
    repairer: &Repairer,
    line: &str,
    first: &Token,
    second: &Token,
    cache: &mut CandidateCache,
    edges: &mut Vec<Edge>,
) {
    if second.kind != Kind::Word || &line[first.span.end..second.span.start] != " " {
        return;
    }
    let (a, b) = (&line[first.span.clone()], &line[second.span.clone()]);
    let joined = &line[first.span.start..second.span.end];
    if joined.chars().count() > 9 {
        return;
    }
    let reading = |s: &str| {
        s.chars()
            .filter(|&c| c != ' ')
            .map(|c| repairer.channel.letter_of(c))
            .collect::<String>()
    };
    if !is_folded_syllable(&reading(joined)) {
        return;
    }
    let short = a.chars().count() <= 2 || b.chars().count() <= 2;
    if !short && is_folded_syllable(&reading(a)) && is_folded_syllable(&reading(b)) {
        return;
    }
    let joined = format!("{a}{b}");
    let penalty = repairer.settings.lattice.merge;
    for c in candidates(repairer, &joined, cache).iter().take(3) {
        edges.push(Edge::single(c.word, c.cost + penalty, Render::Word(c.word), 2));
    }
}
