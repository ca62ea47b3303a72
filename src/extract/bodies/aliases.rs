//! What a document defines: abbreviations (`(sau đây gọi tắt là VPTU)`),
//! collective names (`(sau đây gọi chung là hai cơ quan)`), other names of
//! one body (`Ban Chấp hành Đảng bộ phường (sau đây gọi là Đảng ủy
//! phường)`) and the terms of a `Giải thích từ ngữ` article that name a
//! body (`3. Đảng ủy quản lý hồ sơ gốc là ...`).
//!
//! - An abbreviation stands for the body before it (the nearest one) or,
//!   when it is plural (`các cơ quan phối hợp`, `hai cơ quan`, `gọi
//!   chung`), for every body listed before it. A plural name also lends
//!   its noun to one of them: `cơ quan` where a subject stands (`cơ quan
//!   chủ trì thông báo ...`).
//! - A definition after `X là <role>` names X (see [`copula_subject`]).
//! - A definition that is itself a complete body name is no abbreviation:
//!   a generic one (`các cơ quan, đơn vị`) stays as written; a named one
//!   given with `gọi là` (not `gọi tắt là`) is the name the document uses
//!   for the body before it (a synonym).
//! - A defined term headed by a body word stays as written, a generic actor.

use std::ops::Range;

use super::BodyKind;
use super::grammar::{self, Gap, Parse};
use super::lexicon::{Kind, LEXICON};
use super::tokens::{Token, words_at};

/// A body found at `tokens[start..end]`: its name as the document writes
/// it (completed where the short form would be another body) and the full
/// name it stands for (its identity, which groups the forms of one body).
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub identity: String,
    pub kind: BodyKind,
    pub place: Option<String>,
}

impl Found {
    /// A found body whose name is its identity.
    pub fn new(start: usize, end: usize, name: String, kind: BodyKind, place: Option<String>) -> Found {
        Found {
            start,
            end,
            identity: name.clone(),
            name,
            kind,
            place,
        }
    }
}

/// An abbreviation the document defines, and what it stands for.
#[derive(Clone, Debug)]
pub(crate) struct Alias {
    pub keys: Vec<String>,
    pub acronym: bool,
    pub targets: Vec<Found>,
    /// Stands for its targets only where a subject stands (`cơ quan`, one
    /// of `hai cơ quan`).
    pub subject_only: bool,
    /// A member's title standing for the document's own board (`Trưởng
    /// ban`): only where it stands alone (see [`stands_alone`]).
    pub member: bool,
}

/// Everything a document defines.
#[derive(Clone, Debug, Default)]
pub(crate) struct Definitions {
    pub aliases: Vec<Alias>,
    /// Token ranges of the definitions (`(sau đây gọi tắt là ...)`).
    pub ranges: Vec<Range<usize>>,
    /// Other names of one body: the identity written first, the name the
    /// document gives it.
    pub synonyms: Vec<(String, String)>,
}

/// Words of an abbreviation's definition: `(sau đây gọi tắt là X)`.
const DEFINITION_PHRASES: [&[&str]; 5] = [
    &["gọi", "tắt", "là"],
    &["gọi", "chung", "là"],
    &["viết", "tắt", "là"],
    &["gọi", "là"],
    &["viết", "tắt"],
];

/// Words that make an abbreviation stand for several bodies (`các cơ quan phối hợp`).
const PLURAL_WORDS: &[&str] = &["các", "hai", "ba", "những", "cả"];

/// Longest abbreviation, in tokens.
const MAX_ALIAS_TOKENS: usize = 12;

/// Longest noun a plural name lends to its members (`cơ quan`).
const MAX_MEMBER_TOKENS: usize = 2;

/// Longest defined term, in tokens.
const MAX_TERM_TOKENS: usize = 10;

/// The definitions of a document whose tokens are `tokens` and whose grammar parses are `parses`.
pub(crate) fn find_definitions(source: &str, tokens: &[Token], parses: &[Parse]) -> Definitions {
    let mut defined = Definitions::default();
    for (open, token) in tokens.iter().enumerate() {
        if !token.is('(') {
            continue;
        }
        let Some(definition) = definition_at(tokens, open) else {
            continue;
        };
        defined.ranges.push(open..definition.close + 1);
        defined.add(source, tokens, parses, open, &definition);
    }
    defined.aliases.extend(defined_terms(source, tokens));
    defined
}

/// `(` [sau đây] gọi tắt là ALIAS `)` or `(` ACRONYM `)`.
struct Definition {
    alias_start: usize,
    close: usize,
    /// Written with `tắt` (or as a bare acronym): an abbreviation, not another name.
    abbreviated: bool,
    /// Written with `chung`: a name for several bodies.
    shared: bool,
}

impl Definitions {
    /// Adds what the definition at `open` defines.
    fn add(&mut self, source: &str, tokens: &[Token], parses: &[Parse], open: usize, definition: &Definition) {
        let alias_tokens = &tokens[definition.alias_start..definition.close];
        if !(alias_tokens[0].capitalised() || alias_tokens[0].is_any(PLURAL_WORDS)) {
            return; // (sau đây gọi tắt là nhiệm vụ Thành ủy giao): not a body
        }
        let mut targets = copula_subject(tokens, parses, open).unwrap_or_else(|| antecedents(tokens, parses, open));
        let collective = alias_tokens[0].is_any(PLURAL_WORDS) || definition.shared;
        if !collective && targets.len() > 1 {
            targets.drain(..targets.len() - 1); // (sau đây gọi tắt là Ban Chỉ đạo tỉnh): the nearest body
        }
        let keys: Vec<String> = alias_tokens.iter().map(|t| t.key.clone()).collect();
        let acronym = alias_tokens.len() == 1 && alias_tokens[0].all_caps();
        let whole = grammar::parse_at(source, alias_tokens, 0).filter(|p| p.end == alias_tokens.len());
        if let Some(parse) = &whole {
            let level = LEXICON
                .longest(alias_tokens, 0, &[Kind::Level])
                .is_some_and(|h| h.end == alias_tokens.len());
            if acronym || level || parse.kind == BodyKind::Generic {
                return; // a complete name on its own: stays as written
            }
            if !definition.abbreviated && parse.gap == Gap::None && targets.len() == 1 {
                self.synonyms.push((targets[0].identity.clone(), parse.name.clone()));
                return;
            }
        }
        if targets.is_empty() && alias_tokens[0].is_word("các") {
            let text = &source[alias_tokens[0].start..alias_tokens[alias_tokens.len() - 1].end];
            targets.push(Found::new(0, 0, text.to_string(), BodyKind::Generic, None));
        }
        if targets.is_empty() {
            return;
        }
        if collective && targets.len() > 1 && alias_tokens.len() > 1 && alias_tokens[0].is_any(PLURAL_WORDS) {
            let member = &keys[1..keys.len().min(1 + MAX_MEMBER_TOKENS)];
            self.aliases.push(Alias {
                keys: member.to_vec(),
                acronym: false,
                targets: targets.clone(),
                subject_only: true,
                member: false,
            });
        }
        self.aliases.push(Alias {
            keys,
            acronym,
            targets,
            subject_only: false,
            member: false,
        });
    }
}

/// The definition opening at `tokens[open]` (a `(`), if it is one.
fn definition_at(tokens: &[Token], open: usize) -> Option<Definition> {
    let mut at = open + 1;
    if words_at(tokens, at, &["sau", "đây"]) {
        at += 2;
    }
    let phrase = DEFINITION_PHRASES.iter().find(|p| words_at(tokens, at, p));
    let alias_start = match phrase {
        Some(p) => at + p.len(),
        None if tokens
            .get(open + 1)
            .is_some_and(|t| t.word && t.all_caps() && t.text.chars().count() > 1) =>
        {
            open + 1
        }
        None => return None,
    };
    let close = (alias_start..(alias_start + MAX_ALIAS_TOKENS).min(tokens.len())).find(|&i| tokens[i].is(')'))?;
    let valid = close > alias_start && phrase.is_some() || close == alias_start + 1;
    let abbreviated = phrase.is_none_or(|p| p.contains(&"tắt"));
    let shared = phrase.is_some_and(|p| p.contains(&"chung"));
    valid.then_some(Definition {
        alias_start,
        close,
        abbreviated,
        shared,
    })
}

/// The bodies just before `open`, joined by `,`, `và`, `với`: what a
/// definition there names.
fn antecedents(tokens: &[Token], parses: &[Parse], open: usize) -> Vec<Found> {
    let mut chain: Vec<Found> = Vec::new();
    let mut end = open;
    while let Some(p) = parses.iter().find(|p| p.end == end && p.gap == Gap::None) {
        chain.push(Found::new(0, 0, p.name.clone(), p.kind, p.place.clone()));
        end = p.start;
        while end > 0
            && tokens
                .get(end - 1)
                .is_some_and(|t| t.is(',') || t.is_any(&["và", "với", "các", "cùng"]))
        {
            end -= 1;
        }
    }
    chain.reverse();
    chain
}

/// `X là <role> [của Y] (sau đây gọi là Z)`: a role given to a body
/// defines its name for X, not for Y (`Sở Khoa học và Công nghệ là Cơ
/// quan thường trực của Ban Chỉ đạo (sau đây gọi là Cơ quan thường trực)`).
fn copula_subject(tokens: &[Token], parses: &[Parse], open: usize) -> Option<Vec<Found>> {
    let clause_start = (0..open)
        .rev()
        .find(|&i| [';', '.', ':', '(', ')'].iter().any(|&c| tokens[i].is(c)) || tokens[i].line_start)?;
    let is = (clause_start..open).find(|&i| tokens[i].is_word("là"))?;
    let subject = parses.iter().find(|p| p.end == is && p.gap == Gap::None)?;
    Some(vec![Found::new(
        0,
        0,
        subject.name.clone(),
        subject.kind,
        subject.place.clone(),
    )])
}

/// The titles of a board's members (`Trưởng ban`, `Phó Trưởng đoàn`;
/// `member` in the lexicon) written in the document, each
/// standing for its board: the topic organ or team of that head word
/// with its topic (`Ban Chỉ đạo ... tỉnh`, `Đoàn kiểm tra`) the document
/// writes most. A
/// person maps to the body it acts for.
pub(crate) fn member_aliases(tokens: &[Token], parses: &[Parse], defined: &[Alias]) -> Vec<Alias> {
    let mut aliases: Vec<Alias> = Vec::new();
    for at in 0..tokens.len() {
        let Some(hit) = LEXICON.longest(tokens, at, &[Kind::Member]) else {
            continue;
        };
        let keys: Vec<String> = tokens[at..hit.end].iter().map(|t| t.key.clone()).collect();
        if aliases.iter().any(|a| a.keys == keys) {
            continue;
        }
        let prefix = format!("{} ", hit.entry.canonical);
        let boards = parses.iter().filter(|p| {
            let head = LEXICON.longest(tokens, p.start, &[Kind::TopicOrgan, Kind::Team]);
            // a topic organ with its topic (`Ban Chỉ đạo ... tỉnh`), not bare
            let board = head.is_some_and(|h| h.entry.kind == Kind::Team || p.end > h.end);
            board && p.gap == Gap::None && p.kind != BodyKind::Generic && p.name.starts_with(&prefix)
        });
        let mut counts: Vec<(&Parse, usize)> = Vec::new();
        for p in boards {
            match counts.iter_mut().find(|(q, _)| q.name == p.name) {
                Some((_, n)) => *n += 1,
                None => counts.push((p, 1)),
            }
        }
        let Some(board) = super::naming::most_frequent(counts) else {
            continue;
        };
        // a board written by its abbreviation stands for its full name
        let board_keys: Vec<&str> = tokens[board.start..board.end].iter().map(|t| t.key.as_str()).collect();
        let abbreviated = defined
            .iter()
            .find(|a| a.targets.len() == 1 && a.keys.iter().map(String::as_str).eq(board_keys.iter().copied()));
        let target = match abbreviated {
            Some(alias) => alias.targets[0].clone(),
            None => Found::new(0, 0, board.name.clone(), board.kind, board.place.clone()),
        };
        aliases.push(Alias {
            keys,
            acronym: false,
            targets: vec![target],
            subject_only: false,
            member: true,
        });
    }
    aliases
}

/// Whether a member's title ending before `tokens[end]` stands alone:
/// its head word is in lower case (`Trưởng ban`, `Phó Trưởng đoàn`); a
/// capitalised one is a named body's (`Trưởng Ban Tổ chức`, `một đồng chí
/// Phó Trưởng Ban` of the Ban just named).
pub(crate) fn stands_alone(tokens: &[Token], end: usize) -> bool {
    end.checked_sub(1)
        .and_then(|e| tokens.get(e))
        .is_some_and(|head| !head.capitalised())
}

/// The terms a `Giải thích từ ngữ` article defines that start with a body
/// (`3. Đảng ủy quản lý hồ sơ gốc là ...`): each a generic actor named as
/// written.
fn defined_terms(source: &str, tokens: &[Token]) -> Vec<Alias> {
    let mut aliases = Vec::new();
    let Some(heading) = (0..tokens.len()).find(|&i| words_at(tokens, i, &["giải", "thích", "từ", "ngữ"])) else {
        return aliases;
    };
    let mut at = heading + 4;
    while at + 2 < tokens.len() {
        if tokens[at].line_start && tokens[at].is_word("điều") {
            break;
        }
        let labelled =
            tokens[at].line_start && tokens[at].text.chars().all(|c| c.is_ascii_digit()) && tokens[at + 1].is('.');
        if let Some(alias) = labelled.then(|| term_at(source, tokens, at + 2)).flatten() {
            aliases.push(alias);
        }
        at += 1;
    }
    aliases
}

/// A term from `tokens[start]` to the `là` that defines it, when a body
/// word heads it and it says more than that body.
fn term_at(source: &str, tokens: &[Token], start: usize) -> Option<Alias> {
    let is_end = (start + 1..(start + MAX_TERM_TOKENS).min(tokens.len())).find(|&i| tokens[i].is_word("là"))?;
    let term = &tokens[start..is_end];
    let head = grammar::parse_at(source, tokens, start)?;
    if head.end >= is_end || term.iter().any(|t| !t.word) {
        return None;
    }
    let name = source[term[0].start..term[term.len() - 1].end].to_string();
    let keys = term.iter().map(|t| t.key.clone()).collect();
    let target = Found::new(0, 0, name, BodyKind::Generic, None);
    Some(Alias {
        keys,
        acronym: false,
        targets: vec![target],
        subject_only: false,
        member: false,
    })
}
