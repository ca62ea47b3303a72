//! Beam search over a line's lattice of candidate readings.
//!
//! A lattice has one slot per word or number token of the line (and one
//! per sentence break); an [`Edge`] covers one slot, or two when it merges
//! tokens the OCR split, and emits one or two language-model words. The
//! search keeps, at each slot, the cheapest hypothesis per language-model
//! state (the last two words), pruned to a beam; the cost of a path is the
//! language model's plus the weighted channel's.

use super::lm::{Context, END, LanguageModel, START, UNKNOWN, WordId};

/// How an edge's output is written into the repaired line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Render {
    /// The vocabulary word, in the case of the source token.
    Word(WordId),
    /// The source text, unchanged.
    Source,
    /// The word for the token's first `split` bytes, a space, then the rest (digits).
    WordThenDigits(WordId, usize),
    /// The token's first `split` bytes (digits), a space, then the word.
    DigitsThenWord(usize, WordId),
    /// The source text read as a Roman numeral ([`super::layout::roman`]: the OCR's `1`, `l`, `L` for `I`).
    Roman,
}

/// One reading of one or two slots.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    /// Number of slots covered (1 or 2).
    pub span: usize,
    /// Language-model words emitted, `words[..count]`.
    pub words: [WordId; 2],
    /// How many words are emitted.
    pub count: usize,
    /// Channel cost (before weighting).
    pub channel: f32,
    /// How to write it.
    pub render: Render,
}

impl Edge {
    /// An edge emitting one word.
    pub fn single(word: WordId, channel: f32, render: Render, span: usize) -> Self {
        Edge {
            span,
            words: [word, 0],
            count: 1,
            channel,
            render,
        }
    }

    /// An edge emitting two words.
    pub fn double(words: [WordId; 2], channel: f32, render: Render) -> Self {
        Edge {
            span: 1,
            words,
            count: 2,
            channel,
            render,
        }
    }

    /// The words this edge emits.
    pub fn emitted(&self) -> &[WordId] {
        &self.words[..self.count]
    }
}

/// The language-model state: the last two words.
pub type State = [WordId; 2];

/// The sentence-start state.
pub const SENTENCE_START: State = [START, START];

/// Search settings.
#[derive(Clone, Copy, Debug)]
pub struct SearchSettings {
    /// Weight of the channel cost against the language model's.
    pub channel_weight: f32,
    /// Hypotheses kept per slot.
    pub beam: usize,
    /// Hypotheses costing more than the slot's best plus this are dropped.
    pub beam_width: f32,
    /// Least language-model cost of an unknown word (the corpora's runs of
    /// rare words make an unknown after an unknown look cheap).
    pub unknown_floor: f32,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            channel_weight: 1.0,
            beam: 10,
            beam_width: 8.0,
            unknown_floor: 8.0,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Hypothesis {
    state: State,
    cost: f32,
    /// (slot, hypothesis index there, edge index) it came from.
    back: Option<(u32, u32, u32)>,
}

/// The best path: for each chosen edge, its first slot, its index among
/// that slot's edges and the state before it; and the state after the line.
#[derive(Clone, Debug)]
pub struct Path {
    /// (slot, edge index, state before) of every chosen edge, in order.
    pub steps: Vec<(usize, usize, State)>,
    /// The language-model state at the end of the line.
    pub end_state: State,
}

fn next_state(state: State, word: WordId) -> State {
    if word == END { SENTENCE_START } else { [state[1], word] }
}

/// The language-model cost of `word` in `context`, unknown words at least `floor`.
fn word_cost(context: &Context, word: WordId, floor: f32) -> f32 {
    let cost = context.cost(word);
    if word == UNKNOWN { cost.max(floor) } else { cost }
}

fn advance(lm: &LanguageModel, mut state: State, words: &[WordId], floor: f32) -> (State, f32) {
    let mut cost = 0.0;
    for &word in words {
        cost += word_cost(&lm.context(state), word, floor);
        state = next_state(state, word);
    }
    (state, cost)
}

/// The cheapest path through `edges` (edges by first slot) from `start`.
pub fn search(lm: &LanguageModel, edges: &[Vec<Edge>], start: State, settings: &SearchSettings) -> Path {
    let slots = edges.len();
    let mut hyps: Vec<Vec<Hypothesis>> = vec![Vec::new(); slots + 1];
    // Edges reach at most two slots ahead: three recombination maps in turn.
    let mut index: [StateIndex; 3] = Default::default();
    hyps[0].push(Hypothesis {
        state: start,
        cost: 0.0,
        back: None,
    });
    // The cheapest cost reached at each slot so far: an extension whose
    // channel cost alone puts it out of the beam there needs no LM look-up.
    let mut best_at = vec![f32::INFINITY; slots + 1];
    for slot in 0..slots {
        index[slot % 3].clear();
        prune(&mut hyps[slot], settings);
        for h in 0..hyps[slot].len() {
            let here = hyps[slot][h];
            let mut context = None;
            for (e, edge) in edges[slot].iter().enumerate() {
                let to = (slot + edge.span).min(slots);
                // The least this extension can cost: out of the beam there
                // needs no language-model look-up.
                let least = here.cost + least_cost(lm, edge, edge.emitted(), settings) - SLACK;
                if least > best_at[to] + settings.beam_width {
                    continue;
                }
                let context = *context.get_or_insert_with(|| lm.context(here.state));
                let first = edge.words[0];
                let floor = settings.unknown_floor;
                let (state, rest) = advance(lm, next_state(here.state, first), &edge.emitted()[1..], floor);
                let lm_cost = word_cost(&context, first, floor) + rest;
                let cost = here.cost + lm_cost + settings.channel_weight * edge.channel;
                best_at[to] = best_at[to].min(cost);
                let candidate = Hypothesis {
                    state,
                    cost,
                    back: Some((slot as u32, h as u32, e as u32)),
                };
                match index[to % 3].find_or_add(state, hyps[to].len()) {
                    Some(i) if hyps[to][i].cost <= cost => {}
                    Some(i) => hyps[to][i] = candidate,
                    None => hyps[to].push(candidate),
                }
            }
        }
    }
    backtrack(&hyps, slots, start)
}

/// The hypotheses of one slot by state, for recombination: an
/// open-addressing table that is emptied in constant time.
#[derive(Debug)]
struct StateIndex {
    /// (packed state, index of its hypothesis, generation) per place.
    places: Vec<(u32, u32, u32)>,
    /// The generation of the live entries; older ones are empty places.
    generation: u32,
    len: usize,
}

impl Default for StateIndex {
    fn default() -> Self {
        StateIndex {
            places: vec![(0, 0, 0); 64],
            generation: 1,
            len: 0,
        }
    }
}

impl StateIndex {
    fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.places.fill((0, 0, 0));
            self.generation = 1;
        }
        self.len = 0;
    }

    /// The index of the hypothesis of `state`, or `None` after recording
    /// `next` as its index.
    fn find_or_add(&mut self, state: State, next: usize) -> Option<usize> {
        if (self.len + 1) * 2 > self.places.len() {
            self.grow();
        }
        let key = (u32::from(state[0]) << 16) | u32::from(state[1]);
        let mask = self.places.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9) >> 16) as usize & mask;
        loop {
            let (k, value, generation) = self.places[i];
            if generation != self.generation {
                self.places[i] = (key, next as u32, self.generation);
                self.len += 1;
                return None;
            }
            if k == key {
                return Some(value as usize);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let live: Vec<(u32, u32)> = self
            .places
            .iter()
            .filter(|p| p.2 == self.generation)
            .map(|p| (p.0, p.1))
            .collect();
        self.places = vec![(0, 0, 0); self.places.len() * 2];
        self.generation = 1;
        self.len = 0;
        for (key, value) in live {
            let state = [(key >> 16) as WordId, key as WordId];
            self.find_or_add(state, value as usize);
        }
    }
}

/// Rounding room of the lower bounds used for pruning, in nats.
const SLACK: f32 = 1e-3;

/// A lower bound of the cost of `edge` emitting `words` (some of its
/// words) in any context: weighted channel plus each word's least
/// language-model cost.
fn least_cost(lm: &LanguageModel, edge: &Edge, words: &[WordId], settings: &SearchSettings) -> f32 {
    let language: f32 = words
        .iter()
        .map(|&word| {
            let least = lm.least_cost(word);
            if word == UNKNOWN {
                least.max(settings.unknown_floor)
            } else {
                least
            }
        })
        .sum();
    settings.channel_weight * edge.channel + language
}

fn prune(hyps: &mut Vec<Hypothesis>, settings: &SearchSettings) {
    if hyps.len() > 1 {
        hyps.sort_by(|a, b| a.cost.total_cmp(&b.cost));
        let limit = hyps[0].cost + settings.beam_width;
        let keep = hyps.iter().take(settings.beam).take_while(|h| h.cost <= limit).count();
        hyps.truncate(keep);
    }
}

fn backtrack(hyps: &[Vec<Hypothesis>], slots: usize, start: State) -> Path {
    let Some(best) = hyps[slots]
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.cost.total_cmp(&b.1.cost))
        .map(|(i, _)| i)
    else {
        return Path {
            steps: Vec::new(),
            end_state: start,
        };
    };
    let end_state = hyps[slots][best].state;
    let mut steps = Vec::new();
    let (mut slot, mut at) = (slots, best);
    while let Some((from, h, e)) = hyps[slot][at].back {
        let (from, h) = (from as usize, h as usize);
        steps.push((from, e as usize, hyps[from][h].state));
        slot = from;
        at = h;
    }
    steps.reverse();
    Path { steps, end_state }
}

/// Cost of an edge's channel and first word in `context` (a lower bound
/// of its cost, for ranking readings cheaply).
pub fn entry_cost(context: &Context, edge: &Edge, settings: &SearchSettings) -> f32 {
    settings.channel_weight * edge.channel + word_cost(context, edge.words[0], settings.unknown_floor)
}

/// A lower bound of [`entry_cost`] in any context (less a rounding room).
pub fn least_entry_cost(lm: &LanguageModel, edge: &Edge, settings: &SearchSettings) -> f32 {
    least_cost(lm, edge, &edge.words[..1], settings) - SLACK
}

/// Cost of taking `edge` from `state` (whose context is `context`),
/// followed by the words `after`.
pub fn local_cost(context: &Context, edge: &Edge, state: State, after: &[WordId], settings: &SearchSettings) -> f32 {
    let (lm, floor) = (context.model(), settings.unknown_floor);
    let first = edge.words[0];
    let (state, rest) = advance(lm, next_state(state, first), &edge.emitted()[1..], floor);
    let own = word_cost(context, first, floor) + rest;
    let (_, after) = advance(lm, state, after, floor);
    own + after + settings.channel_weight * edge.channel
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::lm::NgramCounts;

    #[test]
    fn search_prefers_the_language_model_reading() {
        let mut counts = NgramCounts::default();
        for line in ["ban thường vụ thành ủy", "thường trực thành ủy", "thành phố hải phòng"] {
            let words: Vec<&str> = line.split(' ').collect();
            counts.add_sentence(&words, &vec![false; words.len()], 5);
        }
        counts.add_sentence(&["tỷ", "lệ"], &[false, false], 5);
        let lm = counts.estimate(1, 1);
        let v = lm.vocab();
        let word = |w: &str| Edge::single(v.id(w), 1.0, Render::Word(v.id(w)), 1);
        let edges = vec![
            vec![word("thành")],
            vec![
                Edge {
                    channel: 0.5,
                    ..word("tỷ")
                },
                Edge {
                    channel: 2.0,
                    ..word("ủy")
                },
            ],
        ];
        let path = search(&lm, &edges, [v.id("thường"), v.id("trực")], &SearchSettings::default());
        let chosen: Vec<_> = path.steps.iter().map(|&(slot, e, _)| edges[slot][e].words[0]).collect();
        assert_eq!(chosen, [v.id("thành"), v.id("ủy")]);
        assert_eq!(path.end_state, [v.id("thành"), v.id("ủy")]);
    }
}
