//! A document's bodies: the grammar's parses completed with what the
//! document says elsewhere (abbreviations, shared places, which Đảng ủy),
//! each mention placed in its context.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::grammar::{self, Gap, Parse};
use super::lexicon::{Kind, LEXICON};
use super::tokens::{Token, tokenise, words_at};
use super::{BodyKind, BodyMention, MentionContext};
use crate::extract::symbols::find_symbols;
use crate::text::{SpanLocator, Text};
use crate::vietnamese::tone_key;

/// Finds bodies with a document's knowledge: its abbreviations, its main
/// level body, the Đảng ủy it speaks of. Build once per document
/// ([`BodyFinder::new`]); then [`BodyFinder::mentions`] lists the
/// document's mentions and [`BodyFinder::roles`] reads one provision.
#[derive(Clone, Debug, Default)]
pub struct BodyFinder {
    aliases: Vec<Alias>,
    /// The level body the document speaks of most (`Thành ủy`, `Đảng ủy xã X`).
    level: Option<Named>,
    /// The complete `Đảng ủy ...` the document speaks of most.
    committee: Option<Named>,
    mentions: Vec<BodyMention>,
}

/// An abbreviation the document defines, and what it stands for.
#[derive(Clone, Debug)]
struct Alias {
    keys: Vec<String>,
    acronym: bool,
    targets: Vec<Found>,
}

/// A name and the place inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Named {
    name: String,
    place: Option<String>,
}

/// A body found at `tokens[start..end]`, completed.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub kind: BodyKind,
    pub place: Option<String>,
}

impl BodyFinder {
    /// Reads the bodies of `text`.
    pub fn new(text: &Text) -> BodyFinder {
        let joined = text.joined();
        let tokens = tokenise(&joined);
        let parses = grammar::scan(&joined, &tokens);
        let (aliases, definitions) = find_aliases(&joined, &tokens, &parses);
        let (level, committee) = dominant(&parses);
        let mut finder = BodyFinder { aliases, level, committee, mentions: Vec::new() };
        let contexts = contexts(&tokens, &definitions);
        let locator = SpanLocator::new(text);
        let symbols: Vec<Range<usize>> =
            find_symbols(text).iter().flat_map(|s| s.mentions.iter().map(|m| m.start..m.end)).collect();
        finder.mentions = finder
            .resolve(&joined, &tokens)
            .into_iter()
            .filter_map(|f| {
                let (first, last) = (tokens.get(f.start)?, tokens.get(f.end.checked_sub(1)?)?);
                if symbols.iter().any(|s| s.start < last.end && first.start < s.end) {
                    return None; // the issuer code of a symbol (05-NQ/ĐU)
                }
                Some(BodyMention {
                    surface: joined[first.start..last.end].to_string(),
                    span: locator.span(first.start, last.end),
                    context: contexts.get(f.start).copied().unwrap_or(MentionContext::Text),
                    name: f.name,
                    kind: f.kind,
                    place: f.place,
                })
            })
            .collect();
        finder
    }

    /// The document's body mentions, in text order.
    pub fn mentions(&self) -> &[BodyMention] {
        &self.mentions
    }

    /// The bodies named anywhere in `phrase` (a title, a heading), whatever
    /// their role, each once, in text order, with this document's
    /// abbreviations and defaults applied.
    pub fn names_in(&self, phrase: &str) -> Vec<String> {
        let tokens = tokenise(phrase);
        let mut names: Vec<String> = Vec::new();
        for found in self.resolve(phrase, &tokens) {
            if !names.contains(&found.name) {
                names.push(found.name);
            }
        }
        names
    }

    /// The bodies written in `source` (a document or one provision), with
    /// this document's abbreviations and defaults applied.
    pub(crate) fn resolve(&self, source: &str, tokens: &[Token]) -> Vec<Found> {
        let mut items: Vec<Item> = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            if let Some(alias) = self.alias_at(tokens, at) {
                let end = at + alias.keys.len();
                items.push(Item::Alias(at..end, alias));
                at = end;
            } else if let Some(p) = grammar::parse_at(source, tokens, at).filter(|p| p.end > at) {
                at = p.end;
                items.push(Item::Parse(p));
            } else {
                at += 1;
            }
        }
        let mut found = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match item {
                Item::Alias(range, alias) => found.extend(
                    alias.targets.iter().map(|t| Found { start: range.start, end: range.end, ..t.clone() }),
                ),
                Item::Parse(p) => found.push(self.complete(p, &items[n + 1..], source, tokens)),
            }
        }
        found
    }

    fn alias_at(&self, tokens: &[Token], at: usize) -> Option<&Alias> {
        self.aliases
            .iter()
            .filter(|a| {
                let Some(written) = tokens.get(at..at + a.keys.len()) else { return false };
                let same = written.iter().zip(&a.keys).all(|(t, k)| &t.key == k);
                same && (!a.acronym || written.iter().all(Token::all_caps))
            })
            .max_by_key(|a| a.keys.len())
    }

    /// Fills what a parse lacks: its shared place, its Đảng ủy, its level.
    fn complete(&self, p: &Parse, later: &[Item], source: &str, tokens: &[Token]) -> Found {
        let mut found = Found { start: p.start, end: p.end, name: p.name.clone(), kind: p.kind, place: p.place.clone() };
        match p.gap {
            Gap::None => {}
            Gap::Place => {
                if let Some(qualifier) = shared_qualifier(p.end, later, source, tokens) {
                    found.name = format!("{} {qualifier}", p.name);
                }
            }
            Gap::Committee => {
                if let (Some(committee), Some(head)) = (&self.committee, p.name.strip_suffix("Đảng ủy")) {
                    found.name = format!("{head}{}", committee.name);
                    found.place.clone_from(&committee.place);
                }
            }
            Gap::Level => match &self.level {
                Some(level) => {
                    found.name = format!("{} {}", p.name, level.name);
                    found.place.clone_from(&level.place);
                }
                None => found.kind = BodyKind::Generic,
            },
        }
        if p.tu && self.level.as_ref().is_some_and(|l| l.name.starts_with("Thành ủy")) {
            found.name = found.name.replace("Tỉnh ủy", "Thành ủy");
        }
        found
    }
}

/// A grammar parse or a use of an abbreviation, in a token stream.
enum Item<'f> {
    Parse(Parse),
    Alias(Range<usize>, &'f Alias),
}

impl Item<'_> {
    fn start(&self) -> usize {
        match self {
            Item::Parse(p) => p.start,
            Item::Alias(range, _) => range.start,
        }
    }
}

/// How far a coordinated list may run before the place it shares.
const MAX_SHARED_PLACE_DISTANCE: usize = 16;

/// The place words that end a coordinated list after `from`
/// (`Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thành phố`).
fn shared_qualifier(from: usize, later: &[Item], source: &str, tokens: &[Token]) -> Option<String> {
    let mut at = from;
    while at < from + MAX_SHARED_PLACE_DISTANCE {
        let token = tokens.get(at)?;
        if token.paragraph_start {
            return None;
        }
        if let Some(item) = later.iter().find(|i| i.start() == at) {
            match item {
                Item::Parse(p) if p.qualifier.is_some() => return p.qualifier.clone(),
                Item::Parse(p) => at = p.end,
                Item::Alias(range, _) => at = range.end,
            }
            continue;
        }
        if let Some(q) = grammar::qualifier_at(source, tokens, at) {
            return q.qualifier;
        }
        let connector = token.is(',') || token.is('(') || token.is(')') || token.is('-') || token.all_caps();
        let joining_word = token.is_any(&["và", "các", "cùng"]);
        match grammar::person_at(tokens, at) {
            Some(end) => at = end,
            None if connector || joining_word => at += 1,
            None => return None,
        }
    }
    None
}

/// Words of an abbreviation's definition: `(sau đây gọi tắt là X)`.
const DEFINITION_PHRASES: [&[&str]; 5] =
    [&["gọi", "tắt", "là"], &["gọi", "chung", "là"], &["viết", "tắt", "là"], &["gọi", "là"], &["viết", "tắt"]];

/// Words that make an abbreviation stand for several bodies (`các cơ quan phối hợp`).
const PLURAL_WORDS: &[&str] = &["các", "hai", "ba", "những", "cả"];

/// Longest abbreviation, in tokens.
const MAX_ALIAS_TOKENS: usize = 12;

/// The abbreviations a document defines, and the token ranges of their definitions.
fn find_aliases(source: &str, tokens: &[Token], parses: &[Parse]) -> (Vec<Alias>, Vec<Range<usize>>) {
    let mut aliases = Vec::new();
    let mut definitions = Vec::new();
    for (open, token) in tokens.iter().enumerate() {
        if !token.is('(') {
            continue;
        }
        let Some((alias_start, close)) = definition_at(tokens, open) else { continue };
        definitions.push(open..close + 1);
        let alias_tokens = &tokens[alias_start..close];
        let names_a_body = alias_tokens[0].capitalised() || alias_tokens[0].is_word("các");
        if !names_a_body {
            continue; // (sau đây gọi tắt là nhiệm vụ Thành ủy giao): not a body
        }
        let mut targets = antecedents(tokens, parses, open);
        let collective = alias_tokens[0].is_any(PLURAL_WORDS) || tokens[alias_start.saturating_sub(2)].is_word("chung");
        if !collective && targets.len() > 1 {
            targets.drain(..targets.len() - 1); // (sau đây gọi tắt là Ban Chỉ đạo tỉnh): the nearest body
        }
        let keys: Vec<String> = alias_tokens.iter().map(|t| t.key.clone()).collect();
        let acronym = alias_tokens.len() == 1 && alias_tokens[0].all_caps();
        let self_standing = grammar::parse_at(source, alias_tokens, 0).is_some_and(|p| p.end == alias_tokens.len())
            && (acronym || LEXICON.longest(alias_tokens, 0, &[Kind::Level]).is_some_and(|h| h.end == alias_tokens.len()));
        if self_standing {
            continue;
        }
        let targets = if targets.is_empty() && keys.first().is_some_and(|k| k == "các") {
            let text = &source[alias_tokens[0].start..alias_tokens[alias_tokens.len() - 1].end];
            vec![Found { start: 0, end: 0, name: text.to_string(), kind: BodyKind::Generic, place: None }]
        } else {
            targets
        };
        if !targets.is_empty() {
            aliases.push(Alias { keys, acronym, targets });
        }
    }
    (aliases, definitions)
}

/// `(` [sau đây] gọi tắt là ALIAS `)` or `(` ACRONYM `)` at `open`: the
/// alias's first token and the closing parenthesis.
fn definition_at(tokens: &[Token], open: usize) -> Option<(usize, usize)> {
    let mut at = open + 1;
    if words_at(tokens, at, &["sau", "đây"]) {
        at += 2;
    }
    let phrase = DEFINITION_PHRASES.iter().find(|p| words_at(tokens, at, p));
    let alias_start = match phrase {
        Some(p) => at + p.len(),
        None if tokens.get(open + 1).is_some_and(|t| t.word && t.all_caps() && t.text.chars().count() > 1) => open + 1,
        None => return None,
    };
    let close = (alias_start..(alias_start + MAX_ALIAS_TOKENS).min(tokens.len())).find(|&i| tokens[i].is(')'))?;
    (close > alias_start && phrase.is_some() || close == alias_start + 1).then_some((alias_start, close))
}

/// The bodies just before `open`, joined by `,`, `và`, `với`: what a
/// definition there names.
fn antecedents(tokens: &[Token], parses: &[Parse], open: usize) -> Vec<Found> {
    let mut chain: Vec<Found> = Vec::new();
    let mut end = open;
    while let Some(p) = parses.iter().find(|p| p.end == end && p.gap == Gap::None) {
        chain.push(Found { start: 0, end: 0, name: p.name.clone(), kind: p.kind, place: p.place.clone() });
        end = p.start;
        while end > 0 && tokens.get(end - 1).is_some_and(|t| t.is(',') || t.is_any(&["và", "với", "các", "cùng"])) {
            end -= 1;
        }
    }
    chain.reverse();
    chain
}

/// Level bodies, by the words that start them in a name.
const LEVEL_HEADS: [&str; 6] = ["Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy"];

/// The level body and the `Đảng ủy ...` a document speaks of most.
fn dominant(parses: &[Parse]) -> (Option<Named>, Option<Named>) {
    let mut levels: Vec<(Named, usize)> = Vec::new();
    for p in parses.iter().filter(|p| p.gap == Gap::None && p.kind != BodyKind::Generic) {
        let Some(at) = LEVEL_HEADS.iter().filter_map(|h| p.name.find(h)).min() else { continue };
        let phrase = Named { name: p.name[at..].to_string(), place: p.place.clone() };
        match levels.iter_mut().find(|(l, _)| *l == phrase) {
            Some((_, n)) => *n += 1,
            None => levels.push((phrase, 1)),
        }
    }
    let most = |filter: &dyn Fn(&Named) -> bool| {
        let candidates = levels.iter().filter(|(l, _)| filter(l)).map(|(l, n)| (l.clone(), *n));
        most_frequent(candidates)
    };
    let level = most(&|_| true);
    let committee = most(&|l| l.name.starts_with("Đảng ủy "));
    (level, committee)
}

/// The item with the highest count; the first one on a tie.
fn most_frequent<T>(counted: impl IntoIterator<Item = (T, usize)>) -> Option<T> {
    counted
        .into_iter()
        .fold(None, |best: Option<(T, usize)>, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(item, _)| item)
}

/// The context of every token: cited titles, recipients, definitions.
fn contexts(tokens: &[Token], definitions: &[Range<usize>]) -> Vec<MentionContext> {
    let mut context = vec![MentionContext::Text; tokens.len()];
    for range in cited_titles(tokens) {
        context[range].fill(MentionContext::CitedTitle);
    }
    for range in definitions {
        context[range.clone()].fill(MentionContext::Definition);
    }
    let recipients = (0..tokens.len()).find(|&i| {
        let starts = words_at(tokens, i, &["nơi", "nhận"]);
        starts && (tokens[i].line_start || tokens.get(i + 2).is_some_and(|t| t.is(':')))
    });
    if let Some(start) = recipients {
        context[start..].fill(MentionContext::Recipients);
    }
    context
}

/// In every `Căn cứ ...` paragraph, each cited document's subject: from
/// `về` to the next `;`.
fn cited_titles(tokens: &[Token]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let basis = words_at(tokens, at, &["căn", "cứ"])
            && (tokens[at].line_start || at > 0 && tokens[at - 1].line_start && tokens[at - 1].is('-'));
        if !basis {
            at += 1;
            continue;
        }
        let end = (at + 2..tokens.len()).find(|&i| ends_basis(&tokens[i])).unwrap_or(tokens.len());
        let mut subject: Option<usize> = None;
        for (i, token) in tokens.iter().enumerate().take(end).skip(at) {
            match (&subject, token.is_word("về"), token.is(';')) {
                (None, true, _) => subject = Some(i),
                (Some(start), _, true) => {
                    ranges.push(*start..i);
                    subject = None;
                }
                _ => {}
            }
        }
        ranges.extend(subject.map(|start| start..end));
        at = end;
    }
    ranges
}

/// A token that starts the next paragraph after a legal basis.
fn ends_basis(token: &Token) -> bool {
    token.paragraph_start || token.line_start && (token.is('-') || token.is_any(&["căn", "xét"]))
}

/// The bodies list of a document's mentions (see [`super::canonical_bodies`]).
pub(crate) fn canonical_names(mentions: &[BodyMention]) -> Vec<String> {
    let listed: Vec<&BodyMention> =
        mentions.iter().filter(|m| m.context == MentionContext::Text && m.kind != BodyKind::Generic).collect();
    let unplaced = |m: &BodyMention| -> Option<String> {
        let place = m.place.as_ref()?;
        m.name.strip_suffix(place.as_str()).map(|head| tone_key(head.trim_end()))
    };
    let mut places: HashMap<String, HashSet<String>> = HashMap::new();
    for m in &listed {
        if let (Some(key), Some(place)) = (unplaced(m), &m.place) {
            places.entry(key).or_default().insert(tone_key(place));
        }
    }
    let group_key = |m: &BodyMention| match unplaced(m) {
        Some(key) if places.get(&key).is_some_and(|p| p.len() == 1) => key,
        _ => tone_key(&m.name),
    };
    let mut groups: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    for m in listed {
        let key = group_key(m);
        let index = match groups.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                groups.push((key, Vec::new()));
                groups.len() - 1
            }
        };
        let names = &mut groups[index].1;
        match names.iter_mut().find(|(n, _)| tone_key(n) == tone_key(&m.name)) {
            Some((_, count)) => *count += 1,
            None => names.push((m.name.clone(), 1)),
        }
    }
    groups.into_iter().filter_map(|(_, names)| most_frequent(names)).collect()
}
