//! Stage 3, repair: restore OCR-damaged or diacritics-stripped Vietnamese.
//!
//! Reads: normalised [`Text`]. Writes: [`Repaired`], the same lines repaired,
//! with a record of every word's choice.
//!
//! A noisy-channel decoder: each OCR token gets candidate words from a
//! folded-key index of the vocabulary ([`lexicon`]), scored by a channel
//! model learned from aligned clean/OCR pairs ([`channel`]); a beam search
//! per line ([`decode`]) picks the reading that the syllable n-gram model
//! ([`lm`]) and the channel together like best. Numbers, dates, URLs and
//! punctuation pass through; the case of each token is kept. The models are
//! built from the corpora by [`build`] (`vanban dict build`) into
//! `dictionaries/`, which the binary embeds.

pub mod build;
pub mod channel;
pub mod decode;
pub mod eval;
pub mod lattice;
pub mod layout;
pub mod lexicon;
pub mod lm;
pub mod phrases;
pub mod render;
pub mod store;
pub mod tokenize;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::text::{ColumnMap, Line, Text};
use channel::Channel;
use decode::{Edge, SENTENCE_START, SearchSettings, State};
use lattice::{CandidateCache, Lattice, LatticeSettings, SharedCandidates};
use lexicon::{CandidateSettings, Damage, Lexicon};
use lm::LanguageModel;
use phrases::PhraseCase;
pub use store::ModelError;

/// File names of the models in a dictionary directory.
pub const LM_FILE: &str = "lm.bin";
/// The channel model's file name.
pub const CHANNEL_FILE: &str = "channel.bin";
/// The file of precomputed candidate lists of frequent OCR tokens.
pub const CANDIDATES_FILE: &str = "candidates.bin";

static EMBEDDED_LM: &[u8] = include_bytes!("../../dictionaries/lm.bin");
static EMBEDDED_CHANNEL: &[u8] = include_bytes!("../../dictionaries/channel.bin");
static EMBEDDED_CANDIDATES: &[u8] = include_bytes!("../../dictionaries/candidates.bin");
static EMBEDDED_PHRASES: &str = include_str!("../../dictionaries/phrases.txt");

/// Every tunable of the repair.
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    /// Candidate generation.
    pub candidates: CandidateSettings,
    /// Extra readings (splits, merges, unknown words).
    pub lattice: LatticeSettings,
    /// The beam search.
    pub search: SearchSettings,
}

impl Settings {
    /// Sets one tunable by name (`search.beam`, `lattice.keep_unknown`, ...)
    /// from text; for tuning from the command line.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let number: f32 = value.parse().map_err(|_| format!("{name}: not a number: {value}"))?;
        let count = number.max(0.0) as usize;
        match name {
            "candidates.max_candidates" => self.candidates.max_candidates = count,
            "candidates.margin" => self.candidates.margin = number,
            "candidates.foreign_penalty" => self.candidates.foreign_penalty = number,
            "candidates.prior_weight" => self.candidates.prior_weight = number,
            "candidates.good_enough" => self.candidates.good_enough = number,
            "candidates.garbage_base" => self.candidates.garbage_base = number,
            "candidates.garbage_per_char" => self.candidates.garbage_per_char = number,
            "candidates.garbage_candidates" => self.candidates.garbage_candidates = count,
            "lattice.keep_unknown" => self.lattice.keep_unknown = number,
            "lattice.keep_garbled" => self.lattice.keep_garbled = number,
            "lattice.split" => self.lattice.split = number,
            "lattice.merge" => self.lattice.merge = number,
            "lattice.digit_as_word" => self.lattice.digit_as_word = number,
            "lattice.stray_lower" => self.lattice.stray_lower = number,
            "search.channel_weight" => self.search.channel_weight = number,
            "search.beam" => self.search.beam = count,
            "search.beam_width" => self.search.beam_width = number,
            "search.unknown_floor" => self.search.unknown_floor = number,
            _ => return Err(format!("unknown setting {name}")),
        }
        Ok(())
    }
}

/// The repair engine: dictionaries and models, loaded once, used by many threads.
#[derive(Debug, Default)]
pub struct Repairer {
    lm: LanguageModel,
    channel: Channel,
    lexicon: Lexicon,
    settings: Settings,
    /// Candidate lists of the tokens seen so far (depend on the settings).
    shared: SharedCandidates,
    /// Capitals of the domain phrases, for queries.
    phrases: PhraseCase,
}

/// What the repair chose for one word of the source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenRepair {
    /// 0-based line index.
    pub line: usize,
    /// Byte range of the word in the source line.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// The source text of the word.
    pub original: String,
    /// What it was repaired to.
    pub chosen: String,
    /// How sure the decoder is of the choice, 0..1.
    pub confidence: f32,
    /// The best other reading, if any.
    pub runner_up: Option<String>,
}

/// A repaired document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Repaired {
    /// The repaired lines; line *i* is the repair of input line *i*.
    pub text: Text,
    /// Every word's choice, in order.
    pub tokens: Vec<TokenRepair>,
}

impl Repairer {
    /// The engine with the dictionaries embedded in the binary; an engine
    /// that leaves text as it is if they are missing or unreadable.
    pub fn embedded() -> Self {
        Self::try_embedded().unwrap_or_default()
    }

    /// The engine with the dictionaries embedded in the binary, or why
    /// they cannot be read.
    pub fn try_embedded() -> Result<Self, ModelError> {
        let mut engine = Self::from_bytes(EMBEDDED_LM, EMBEDDED_CHANNEL, EMBEDDED_CANDIDATES)?;
        engine.phrases = PhraseCase::new(EMBEDDED_PHRASES);
        Ok(engine)
    }

    /// The engine with the models of a dictionary directory (as written by
    /// `vanban dict build`).
    pub fn load(dir: &Path) -> Result<Self, ModelError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| ModelError::Io { path, source })
        };
        let mut engine = Self::from_bytes(&read(LM_FILE)?, &read(CHANNEL_FILE)?, &read(CANDIDATES_FILE)?)?;
        engine.phrases = PhraseCase::new(&String::from_utf8_lossy(&read(build::PHRASES_FILE)?));
        Ok(engine)
    }

    /// The engine from the bytes of its model files.
    pub fn from_bytes(lm: &[u8], channel: &[u8], candidates: &[u8]) -> Result<Self, ModelError> {
        let mut engine = Self::from_models(LanguageModel::from_bytes(lm)?, Channel::from_bytes(channel)?);
        engine.shared = SharedCandidates::from_bytes(candidates)?;
        Ok(engine)
    }

    /// The engine of two models, with no precomputed candidates.
    fn from_models(lm: LanguageModel, channel: Channel) -> Self {
        let lexicon = Lexicon::new(lm.vocab());
        Repairer {
            lm,
            channel,
            lexicon,
            settings: Settings::default(),
            shared: SharedCandidates::default(),
            phrases: PhraseCase::default(),
        }
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Replaces the settings (for tuning); new candidate settings forget
    /// the candidate lists computed so far, the precomputed ones included.
    pub fn set_settings(&mut self, settings: Settings) {
        if settings.candidates != self.settings.candidates {
            self.shared = SharedCandidates::default();
        }
        self.settings = settings;
    }

    /// Repairs every line of `text`. Each line is searched with the first
    /// slot of the next line as lookahead (a line break often splits a
    /// phrase: `du` at a line's end before `lịch`), though only its own
    /// words are written.
    pub fn repair(&self, text: &Text) -> Repaired {
        let mut cache = CandidateCache::new(damage_of(text));
        let mut state = SENTENCE_START;
        let mut repaired = Repaired::default();
        let mut next = text.lines.first().map(|line| self.prepare(line, &mut cache));
        for (index, line) in text.lines.iter().enumerate() {
            let here = next.take();
            next = text.lines.get(index + 1).map(|line| self.prepare(line, &mut cache));
            let lookahead = next.as_ref().and_then(|p| p.lattice.as_ref()?.edges.first());
            let (out, end_state) = match here {
                Some(prepared) => self.repair_line(index, line, prepared, state, lookahead, &mut repaired.tokens),
                None => (line.clone(), state),
            };
            state = end_state;
            repaired.text.lines.push(out);
        }
        repaired
    }

    /// A line composed, tokenized and turned into its lattice (none for a
    /// blank line or an engine without models).
    fn prepare(&self, line: &Line, cache: &mut CandidateCache) -> Prepared {
        let (text, composition) = composed(&line.text);
        let text = text.into_owned();
        let tokens = tokenize::tokenize(&text);
        let lattice =
            (!self.lm.vocab().is_empty() && !tokens.is_empty()).then(|| Lattice::build(self, &text, &tokens, cache));
        Prepared {
            text,
            composition,
            tokens,
            lattice,
        }
    }

    fn repair_line(
        &self,
        index: usize,
        line: &Line,
        prepared: Prepared,
        state: State,
        lookahead: Option<&Vec<Edge>>,
        records: &mut Vec<TokenRepair>,
    ) -> (Line, State) {
        let Prepared {
            text,
            composition,
            tokens,
            lattice,
        } = prepared;
        // A blank line keeps the state: OCR puts blank lines in mid-sentence.
        let Some(mut lattice) = lattice else {
            return (line.clone(), state);
        };
        let path = self.search_with_lookahead(&mut lattice, state, lookahead);
        let rendered = render::render(self, index, &text, &tokens, &lattice, &path);
        records.extend(rendered.records.into_iter().map(|mut record| {
            record.start = composition.source_column(record.start);
            record.end = composition.source_column(record.end);
            record
        }));
        let columns = rendered.columns.then(&composition).then(&line.columns);
        let out = Line {
            text: rendered.text,
            page: line.page,
            source_line: line.source_line,
            columns,
        };
        (out, path.end_state)
    }

    /// The best path through `lattice` from `state`, scored with the
    /// `lookahead` slot after it; the path and its end state stop at the
    /// lattice's own last slot.
    fn search_with_lookahead(
        &self,
        lattice: &mut Lattice,
        state: State,
        lookahead: Option<&Vec<Edge>>,
    ) -> decode::Path {
        let slots = lattice.edges.len();
        let Some(lookahead) = lookahead else {
            return decode::search(&self.lm, &lattice.edges, state, &self.settings.search);
        };
        lattice.edges.push(lookahead.clone());
        let mut path = decode::search(&self.lm, &lattice.edges, state, &self.settings.search);
        lattice.edges.pop();
        if let Some(first_ahead) = path.steps.iter().position(|&(slot, _, _)| slot >= slots) {
            path.end_state = path.steps[first_ahead].2;
            path.steps.truncate(first_ahead);
        }
        path
    }

    /// The candidate words of one OCR token with their channel costs
    /// (−ln P(token | word)), cheapest first: what the decoder chooses from.
    pub fn candidates(&self, token: &str) -> Vec<(String, f32)> {
        let lower = token.to_lowercase();
        let found = self
            .lexicon
            .candidates(&lower, &self.channel, &self.lm, &self.settings.candidates);
        found
            .into_iter()
            .map(|c| (self.lm.vocab().word(c.word).to_string(), c.cost))
            .collect()
    }

    /// The most likely diacritized reading of a short query typed without
    /// diacritics, its domain phrases capitalised as in running text
    /// (`thanh uy giao` → `Thành ủy giao`).
    pub fn restore_query(&self, query: &str) -> String {
        let line = query.split_whitespace().collect::<Vec<_>>().join(" ");
        let repaired = self.repair(&Text::from_plain(&line));
        let text = repaired.text.lines.first().map(|l| l.text.clone()).unwrap_or_default();
        let words: Vec<&str> = text.split(' ').collect();
        self.phrases.apply(&words).join(" ")
    }
}

/// A line ready for the search: its composed text, the map back to the
/// line as given, its tokens and its lattice.
struct Prepared {
    text: String,
    composition: ColumnMap,
    tokens: Vec<tokenize::Token>,
    lattice: Option<Lattice>,
}

/// A line in Unicode NFC (the models know only composed letters), and the
/// map of its bytes back to the line as given (the identity when it was NFC).
fn composed(line: &str) -> (std::borrow::Cow<'_, str>, ColumnMap) {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if unicode_normalization::is_nfc(line) {
        return (line.into(), ColumnMap::identity());
    }
    let mut text = String::with_capacity(line.len());
    let mut map = ColumnMap::identity();
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        while let Some(&(at, mark)) = chars.peek().filter(|(_, m)| is_combining_mark(*m)) {
            end = at + mark.len_utf8();
            chars.next();
        }
        map.anchor(text.len(), start);
        text.extend(line[start..end].nfc());
    }
    (text.into(), map)
}

/// How a text was damaged: stripped when no word holds a letter outside
/// ASCII (a Vietnamese text has marks on most words, and even an English-model
/// OCR of one writes `é`, `ó`, `¢`), OCR otherwise.
fn damage_of(text: &Text) -> Damage {
    use unicode_normalization::char::is_combining_mark;
    let marked = text.lines.iter().any(|line| {
        line.text
            .chars()
            .any(|c| !c.is_ascii() && (tokenize::is_word_char(c) || is_combining_mark(c)))
    });
    if marked { Damage::Ocr } else { Damage::Stripped }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairer_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Repairer>();
    }

    #[test]
    fn embedded_models_load_and_repair() {
        let engine = Repairer::try_embedded().expect("dictionaries/ holds readable models");
        let repaired = engine.repair(&Text::from_plain("Piéu 4. Trach nhiém phéi hop"));
        assert_eq!(repaired.text.joined(), "Điều 4. Trách nhiệm phối hợp");
        assert_eq!(engine.restore_query("thanh uy giao"), "Thành ủy giao");
        assert_eq!(engine.restore_query("ke hoach  kiem tra"), "kế hoạch kiểm tra");
    }

    #[test]
    fn columns_and_records_point_to_the_source() {
        let engine = Repairer::try_embedded().expect("dictionaries/ holds readable models");
        let repaired = engine.repair(&Text::from_plain("ngay 04 thang9 nam 2025"));
        let line = &repaired.text.lines[0];
        assert_eq!(line.text, "ngày 04 tháng 9 năm 2025");
        let nine = line.text.find('9').unwrap();
        assert_eq!(line.columns.source_column(nine), "ngay 04 thang".len());
        let year = line.text.find("2025").unwrap();
        assert_eq!(line.columns.source_column(year), "ngay 04 thang9 nam ".len());
        let split = repaired.tokens.iter().find(|t| t.original == "thang9").unwrap();
        assert_eq!((split.start, split.end, split.chosen.as_str()), (8, 14, "tháng 9"));
        assert!(split.confidence > 0.0 && split.confidence <= 1.0);
    }

    #[test]
    fn a_line_is_read_with_the_start_of_the_next() {
        let engine = Repairer::try_embedded().expect("dictionaries/ holds readable models");
        let text = Text::from_plain("phat trién du lich tai cac diem du\nlich cong dong\n\nthang9");
        let repaired = engine.repair(&text);
        assert_eq!(
            repaired.text.joined(),
            "phát triển du lịch tại các điểm du\nlịch cộng đồng\n\ntháng 9"
        );
    }

    #[test]
    fn decomposed_input_is_composed_first() {
        use unicode_normalization::UnicodeNormalization;
        let engine = Repairer::try_embedded().expect("dictionaries/ holds readable models");
        let decomposed: String = "Trách nhiệm phoi hop".nfd().collect();
        let repaired = engine.repair(&Text::from_plain(&decomposed));
        assert_eq!(repaired.text.lines[0].text, "Trách nhiệm phối hợp");
        let last = repaired.tokens.last().unwrap();
        assert_eq!(&decomposed[last.start..last.end], "hop");
    }

    #[test]
    fn an_empty_engine_leaves_text_alone() {
        let text = Text::from_plain("Piéu 4. Trach nhiém\n\nthang9");
        let repaired = Repairer::default().repair(&text);
        assert_eq!(repaired.text.joined(), text.joined());
    }
}
