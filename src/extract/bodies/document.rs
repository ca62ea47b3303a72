//! A document's bodies: the grammar's parses completed with what the
//! document says elsewhere (abbreviations, shared places, which Đảng ủy,
//! the full form of a short one), each mention placed in its context and
//! named the way the document names that body.
//!
//! Completion of a short form:
//! - an organ without its level (`Ban Thường vụ`, `Văn phòng`) is the full
//!   form of that organ the document writes most (`Văn phòng Ủy ban Kiểm
//!   tra Tỉnh ủy`); without one, the organ of the document's level
//!   (`Ban Tuyên giáo Huyện ủy`), unless that level is a Đảng ủy: then it
//!   stays as written (`Ban Xây dựng Đảng`, a commune's own), and a
//!   one-word organ (`Văn phòng`) is no body; a class without its level
//!   (`các đảng ủy trực thuộc`) is the full form the document writes;
//! - a bare `Đảng ủy` is the Đảng ủy the document speaks of most when that
//!   is the document's own level (`Đảng ủy phường`) or a class of them
//!   (`Đảng ủy các xã, phường`); under an organ (`Văn phòng Đảng ủy`) it
//!   stays as written for the document's own Đảng ủy, and is completed for
//!   a class;
//! - a state body without its place takes the place a coordinated list
//!   ends with (`Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh`),
//!   else the full form the document writes most (`Ủy ban nhân dân
//!   phường`); without one it is no body (`Ủy ban nhân dân`).

use std::ops::Range;

use super::aliases::{Alias, Found, find_definitions, member_aliases, stands_alone};
use super::context::contexts;
use super::grammar::{self, Gap, Parse};
use super::naming::{Naming, most_frequent};
use super::tokens::{Token, tokenise};
use super::{BodyKind, BodyMention, MentionContext};
use crate::extract::symbols::find_symbols;
use crate::text::{SpanLocator, Text};

/// Finds bodies with a document's knowledge: its abbreviations, its main
/// level body, the Đảng ủy it speaks of, its names of its bodies. Build
/// once per document ([`BodyFinder::new`]); then [`BodyFinder::mentions`]
/// lists the document's mentions and [`BodyFinder::roles`] reads one
/// provision.
#[derive(Clone, Debug, Default)]
pub struct BodyFinder {
    aliases: Vec<Alias>,
    /// The level body the document speaks of most (`Thành ủy`, `Đảng ủy xã X`).
    level: Option<Level>,
    /// The complete `Đảng ủy ...` the document speaks of most.
    committee: Option<Level>,
    /// The complete names the document writes: the full forms of short ones.
    forms: Vec<Form>,
    naming: Naming,
    mentions: Vec<BodyMention>,
}

/// A complete name (with a bare `Đảng ủy` or none) and how often it is written.
#[derive(Clone, Debug)]
struct Form {
    name: String,
    gap: Gap,
    kind: BodyKind,
    count: usize,
}

/// A level body: its name, the place inside it, whether it is a class.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Level {
    name: String,
    place: Option<String>,
    collective: bool,
}

impl BodyFinder {
    /// Reads the bodies of `text`.
    pub fn new(text: &Text) -> BodyFinder {
        let joined = text.joined();
        let tokens = tokenise(&joined);
        let mut cache = ParseCache::new(tokens.len());
        let parses = cache.scan(&joined, &tokens);
        let mut defined = find_definitions(&joined, &tokens, &parses);
        let members = member_aliases(&tokens, &parses, &defined.aliases);
        defined.aliases.extend(members);
        let (level, committee) = dominant(&parses);
        let forms = full_forms(&parses);
        let mut finder = BodyFinder {
            aliases: defined.aliases,
            level,
            committee,
            forms,
            naming: Naming::default(),
            mentions: Vec::new(),
        };
        let contexts = contexts(text, &tokens, &defined.ranges);
        let symbols: Vec<Range<usize>> = find_symbols(text)
            .iter()
            .flat_map(|s| s.mentions.iter().map(|m| m.start..m.end))
            .collect();
        let found: Vec<(Found, MentionContext)> = finder
            .resolve_with(&joined, &tokens, &mut cache)
            .into_iter()
            .filter(|f| {
                let (Some(first), Some(last)) = (tokens.get(f.start), f.end.checked_sub(1).and_then(|e| tokens.get(e)))
                else {
                    return false;
                };
                !symbols.iter().any(|s| s.start < last.end && first.start < s.end) // the issuer code of 05-NQ/ĐU
            })
            .map(|f| {
                let context = contexts.get(f.start).copied().unwrap_or(MentionContext::Text);
                (f, context)
            })
            .collect();
        finder.naming = Naming::new(&found, &defined.synonyms);
        let locator = SpanLocator::new(text);
        finder.mentions = found
            .into_iter()
            .map(|(f, context)| {
                let (first, last) = (&tokens[f.start], &tokens[f.end - 1]);
                BodyMention {
                    surface: joined[first.start..last.end].to_string(),
                    span: locator.span(first.start, last.end),
                    context,
                    name: finder.naming.name(&f),
                    kind: f.kind,
                    place: f.place,
                }
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

    /// The bodies written in `source` (one provision), with this
    /// document's abbreviations, defaults and names applied.
    pub(crate) fn resolve(&self, source: &str, tokens: &[Token]) -> Vec<Found> {
        let mut found = self.resolve_with(source, tokens, &mut ParseCache::new(tokens.len()));
        for f in &mut found {
            f.name = self.naming.name(f);
        }
        found
    }

    fn resolve_with(&self, source: &str, tokens: &[Token], cache: &mut ParseCache) -> Vec<Found> {
        let mut items: Vec<Item> = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            if let Some(alias) = self.alias_at(tokens, at) {
                let end = at + alias.keys.len();
                items.push(Item::Alias(at..end, alias));
                at = end;
            } else if let Some(p) = cache.parse_at(source, tokens, at) {
                match self.term_inside(tokens, &p) {
                    Some((term_start, alias)) => {
                        at = term_start + alias.keys.len();
                        items.push(Item::Owned(p.start..term_start, alias));
                    }
                    None => {
                        at = p.end;
                        items.push(Item::Parse(p));
                    }
                }
            } else {
                at += 1;
            }
        }
        let mut found = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match item {
                Item::Alias(range, alias) => found.extend(alias.targets.iter().map(|t| Found {
                    start: range.start,
                    end: range.end,
                    ..t.clone()
                })),
                Item::Parse(p) => found.push(self.complete(p, &items[n + 1..], source, tokens)),
                Item::Owned(head, alias) => {
                    let owner = &source[tokens[head.start].start..tokens[head.end - 1].end];
                    let end = head.end + alias.keys.len();
                    found.extend(
                        alias
                            .targets
                            .iter()
                            .map(|t| Found::new(head.start, end, format!("{owner} {}", t.name), t.kind, None)),
                    );
                }
            }
        }
        found
    }

    /// A defined term (a generic actor) that starts inside parse `p` and
    /// runs past it: `Văn phòng` + `đảng ủy quản lý hồ sơ gốc`.
    fn term_inside(&self, tokens: &[Token], p: &Parse) -> Option<(usize, &Alias)> {
        (p.start + 1..p.end).find_map(|j| {
            let alias = self.alias_at(tokens, j)?;
            let term = alias.targets.iter().all(|t| t.kind == BodyKind::Generic) && j + alias.keys.len() > p.end;
            term.then_some((j, alias))
        })
    }

    fn alias_at(&self, tokens: &[Token], at: usize) -> Option<&Alias> {
        self.aliases
            .iter()
            .filter(|a| {
                let Some(written) = tokens.get(at..at + a.keys.len()) else {
                    return false;
                };
                let same = written.iter().zip(&a.keys).all(|(t, k)| &t.key == k);
                let end = at + a.keys.len();
                same && (!a.acronym || written.iter().all(Token::all_caps))
                    && (!a.subject_only || stands_as_subject(tokens, at, a.keys.len()))
                    && (!a.member || stands_alone(tokens, end))
            })
            .max_by_key(|a| a.keys.len())
    }

    /// Fills what a parse lacks: its level, its Đảng ủy, its shared place.
    fn complete(&self, p: &Parse, later: &[Item], source: &str, tokens: &[Token]) -> Found {
        let mut found = Found::new(p.start, p.end, p.name.clone(), p.kind, p.place.clone());
        let mut gap = p.gap;
        if gap == Gap::Level {
            // an organ's full form is a named body, a class's a collective one
            let kind = if p.kind == BodyKind::Generic {
                BodyKind::Collective
            } else {
                BodyKind::Named
            };
            let party_level = self
                .level
                .as_ref()
                .filter(|l| !l.name.starts_with("Đảng ủy") && p.kind == BodyKind::Named);
            match (self.full_form(&p.name, kind), party_level) {
                (Some((full, full_gap)), _) => {
                    found = Found::new(p.start, p.end, full.to_string(), kind, None);
                    gap = full_gap;
                }
                (None, Some(level)) => {
                    found = Found::new(
                        p.start,
                        p.end,
                        format!("{} {}", p.name, level.name),
                        kind,
                        level.place.clone(),
                    );
                }
                (None, None) if !p.name.contains(' ') => found.kind = BodyKind::Generic, // `Văn phòng` alone
                (None, None) => {}
            }
        }
        match gap {
            Gap::None | Gap::Level => {}
            Gap::Place => match shared_qualifier(p.end, later, source, tokens) {
                Some((qualifier, kind)) => {
                    found = Found::new(p.start, p.end, format!("{} {qualifier}", found.name), kind, None)
                }
                None => match self.full_form(&p.name, BodyKind::Named) {
                    Some((full, _)) => found = Found::new(p.start, p.end, full.to_string(), BodyKind::Named, None),
                    None => found.kind = BodyKind::Generic, // `Ủy ban nhân dân` of no place
                },
            },
            Gap::Committee => match shared_qualifier(p.end, later, source, tokens).filter(|_| found.name == "Đảng ủy")
            {
                // `Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân các xã, phường`
                Some((qualifier, kind)) => {
                    found = Found::new(p.start, p.end, format!("Đảng ủy {qualifier}"), kind, None)
                }
                None => self.complete_committee(&mut found),
            },
        }
        if p.tu && self.level.as_ref().is_some_and(|l| l.name.starts_with("Thành ủy")) {
            found.name = found.name.replace("Tỉnh ủy", "Thành ủy");
            found.identity = found.identity.replace("Tỉnh ủy", "Thành ủy");
        }
        found
    }

    /// A bare `Đảng ủy`, alone or under an organ (see the module doc).
    fn complete_committee(&self, found: &mut Found) {
        let Some(head) = found.name.strip_suffix("Đảng ủy").map(str::to_string) else {
            return;
        };
        let own = self
            .committee
            .as_ref()
            .filter(|c| c.collective || self.level.as_ref() == Some(*c));
        let Some(committee) = own else {
            if head.is_empty() {
                found.kind = BodyKind::Generic; // which Đảng ủy is not known
            }
            return;
        };
        let full = format!("{head}{}", committee.name);
        if committee.collective || head.is_empty() {
            found.name.clone_from(&full);
        }
        found.place.clone_from(&committee.place);
        found.identity = full;
    }

    /// The complete form of kind `kind` of organ or class `head` the document writes most.
    fn full_form(&self, head: &str, kind: BodyKind) -> Option<(&str, Gap)> {
        let prefix = format!("{head} ");
        let candidates = self
            .forms
            .iter()
            .filter(|f| f.kind == kind && f.name.starts_with(&prefix));
        most_frequent(candidates.map(|f| ((f.name.as_str(), f.gap), f.count)))
    }
}

/// Whether the tokens `at..at + len` stand where a subject stands: after a
/// clause boundary or a list label, before a word that is no demonstrative.
fn stands_as_subject(tokens: &[Token], at: usize, len: usize) -> bool {
    let boundary = match at.checked_sub(1).map(|p| &tokens[p]) {
        None => true,
        Some(prev) => [',', ';', ':', '.', '-'].iter().any(|&c| prev.is(c)),
    };
    let next_is_verb = tokens
        .get(at + len)
        .is_some_and(|t| t.word && !t.is_any(&["kia", "khác", "này", "đó"]));
    boundary && next_is_verb
}

/// The grammar's parse at each token, computed once.
struct ParseCache {
    parses: Vec<Option<Option<Parse>>>,
}

impl ParseCache {
    fn new(len: usize) -> ParseCache {
        ParseCache {
            parses: vec![None; len],
        }
    }

    fn parse_at(&mut self, source: &str, tokens: &[Token], at: usize) -> Option<Parse> {
        let slot = self.parses.get_mut(at)?;
        slot.get_or_insert_with(|| grammar::parse_at(source, tokens, at).filter(|p| p.end > at))
            .clone()
    }

    /// The bodies of a whole token stream, left to right, longest first.
    fn scan(&mut self, source: &str, tokens: &[Token]) -> Vec<Parse> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            match self.parse_at(source, tokens, at) {
                Some(p) => {
                    at = p.end;
                    found.push(p);
                }
                None => at += 1,
            }
        }
        found
    }
}

/// A grammar parse or a use of an abbreviation, in a token stream.
enum Item<'f> {
    Parse(Parse),
    Alias(Range<usize>, &'f Alias),
    /// A defined term after the words that own it (`Văn phòng` +
    /// `đảng ủy quản lý hồ sơ gốc`): the owner's tokens and the term.
    Owned(Range<usize>, &'f Alias),
}

impl Item<'_> {
    fn start(&self) -> usize {
        match self {
            Item::Parse(p) => p.start,
            Item::Alias(range, _) | Item::Owned(range, _) => range.start,
        }
    }
}

/// How far a coordinated list may run before the place it shares.
const MAX_SHARED_PLACE_DISTANCE: usize = 16;

/// The place words that end a coordinated list after `from`
/// (`Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thành phố`), and
/// whether they name one unit or several.
fn shared_qualifier(from: usize, later: &[Item], source: &str, tokens: &[Token]) -> Option<(String, BodyKind)> {
    let with_kind = |q: String| {
        let kind = if q.contains(',') || q.starts_with("các ") {
            BodyKind::Collective
        } else {
            BodyKind::Named
        };
        (q, kind)
    };
    let mut at = from;
    while at < from + MAX_SHARED_PLACE_DISTANCE {
        let token = tokens.get(at)?;
        if token.paragraph_start {
            return None;
        }
        if let Some(item) = later.iter().find(|i| i.start() == at) {
            match item {
                Item::Parse(p) if p.qualifier.is_some() => return p.qualifier.clone().map(with_kind),
                Item::Parse(p) => at = p.end,
                Item::Alias(range, _) => at = range.end,
                Item::Owned(range, alias) => at = range.end + alias.keys.len(),
            }
            continue;
        }
        if let Some(q) = grammar::qualifier_at(source, tokens, at) {
            return q.qualifier.map(with_kind);
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

/// Level bodies, by the words that start them in a name.
const LEVEL_HEADS: [&str; 6] = ["Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy"];

/// The level body and the `Đảng ủy ...` a document speaks of most.
fn dominant(parses: &[Parse]) -> (Option<Level>, Option<Level>) {
    let mut levels: Vec<(Level, usize)> = Vec::new();
    for p in parses
        .iter()
        .filter(|p| p.gap == Gap::None && p.kind != BodyKind::Generic)
    {
        let Some(at) = LEVEL_HEADS.iter().filter_map(|h| p.name.find(h)).min() else {
            continue;
        };
        let phrase = Level {
            name: p.name[at..].to_string(),
            place: p.place.clone(),
            collective: p.kind == BodyKind::Collective,
        };
        match levels.iter_mut().find(|(l, _)| *l == phrase) {
            Some((_, n)) => *n += 1,
            None => levels.push((phrase, 1)),
        }
    }
    let most = |filter: &dyn Fn(&Level) -> bool| {
        let candidates = levels.iter().filter(|(l, _)| filter(l)).map(|(l, n)| (l.clone(), *n));
        most_frequent(candidates)
    };
    let level = most(&|_| true);
    let committee = most(&|l| l.name.starts_with("Đảng ủy "));
    (level, committee)
}

/// The named and collective complete parses (or with a bare `Đảng ủy`),
/// each with how often it is written.
fn full_forms(parses: &[Parse]) -> Vec<Form> {
    let mut forms: Vec<Form> = Vec::new();
    let complete = |p: &&Parse| {
        matches!(p.gap, Gap::None | Gap::Committee) && matches!(p.kind, BodyKind::Named | BodyKind::Collective)
    };
    for p in parses.iter().filter(complete) {
        match forms.iter_mut().find(|f| f.name == p.name) {
            Some(form) => form.count += 1,
            None => forms.push(Form {
                name: p.name.clone(),
                gap: p.gap,
                kind: p.kind,
                count: 1,
            }),
        }
    }
    forms
}
