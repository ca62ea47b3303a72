//! The body grammar: one body written at a token position.
//!
//! ```text
//! body       = central | generic [qualifier] | class [["của"] level | qualifier] | team
//!            | (organ | own-organ) [complement] | topic-organ topic complement | level [place]
//!            | committee [complement] | state [qualifier] | named-state [qualifier]
//!            | state-head Name [qualifier]
//!            | ORGAN-ACRONYM+LEVEL-ACRONYM
//! complement = level [place] | committee [complement] | "Đảng bộ" qualifier | "các" level ("," level)*
//!            | state [qualifier] | qualifier | organ complement
//!            | ["của"] class ["của"] level | ["của"] class qualifier
//! qualifier  = place-kind ("," place-kind)*  |  place-kind [Name]  |  Place
//! ```
//! Names are built from the lexicon's canonical words, so `BTV Tỉnh ủy`,
//! `ban thường vụ tỉnh uỷ` and `Ban Thường vụ Tỉnh ủy` give one name.

use super::BodyKind;
use super::lexicon::{Kind, LEXICON};
use super::tokens::Token;

/// What a parsed body still lacks, to be filled from the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Complete.
    None,
    /// A state body without its place (`Mặt trận Tổ quốc`).
    Place,
    /// A bare `Đảng ủy` (alone or under an organ).
    Committee,
    /// An organ without its level (`Ban Thường vụ`), a class of bodies
    /// without one (`các đảng ủy trực thuộc`).
    Level,
}

/// A body written at `tokens[start..end]`.
#[derive(Clone, Debug)]
pub(crate) struct Parse {
    /// First token.
    pub start: usize,
    /// Token after the last.
    pub end: usize,
    /// Canonical name.
    pub name: String,
    /// Named, collective or generic.
    pub kind: BodyKind,
    /// The place name in the body's name, if any (`Hải Phòng`).
    pub place: Option<String>,
    /// What is missing.
    pub gap: Gap,
    /// Written with the acronym `TU`, which is both Tỉnh ủy and Thành ủy.
    pub tu: bool,
    /// The place words that end the name (`thành phố`), which a coordinated
    /// body without a place shares (`Mặt trận Tổ quốc và ... thành phố`).
    pub qualifier: Option<String>,
}

impl Parse {
    fn new(start: usize, end: usize, name: String, kind: BodyKind) -> Parse {
        Parse {
            start,
            end,
            name,
            kind,
            place: None,
            gap: Gap::None,
            tu: false,
            qualifier: None,
        }
    }

    /// `self`'s head followed by `tail` (a complement or qualifier).
    fn joined(head: &str, start: usize, tail: Parse) -> Parse {
        Parse {
            start,
            name: format!("{head} {}", tail.name),
            ..tail
        }
    }
}

/// The longest body written at `tokens[at]`, if any.
pub(crate) fn parse_at(source: &str, tokens: &[Token], at: usize) -> Option<Parse> {
    let g = Grammar { source, tokens };
    let candidates = [
        g.central(at),
        g.generic(at),
        g.class(at),
        g.team(at),
        g.organ(at),
        g.level(at),
        g.committee(at),
        g.state(at),
        g.named_state(at),
        g.acronym(at),
    ];
    candidates.into_iter().flatten().fold(None, longer)
}

/// The longer of two parses; the earlier one on a tie.
fn longer(best: Option<Parse>, next: Parse) -> Option<Parse> {
    match best {
        Some(b) if b.end >= next.end => Some(b),
        _ => Some(next),
    }
}

/// A complement under a named head: collective if it lists units, else named.
fn named(tail: Parse) -> Parse {
    let kind = if tail.kind == BodyKind::Collective {
        BodyKind::Collective
    } else {
        BodyKind::Named
    };
    Parse { kind, ..tail }
}

/// Whether `tokens[at]` is a person's title (Thủ trưởng, bí thư ...), and where it ends.
pub(crate) fn person_at(tokens: &[Token], at: usize) -> Option<usize> {
    LEXICON.longest(tokens, at, &[Kind::Person]).map(|hit| hit.end)
}

/// Whether `tokens[at]` is an administrative unit word (tỉnh, thành phố ...).
pub(crate) fn qualifier_at(source: &str, tokens: &[Token], at: usize) -> Option<Parse> {
    Grammar { source, tokens }.qualifier(at)
}

/// Longest name of a place after a place-kind word: a province, or up to
/// four capitalised words that start no other body.
const MAX_NAME_WORDS: usize = 4;

/// Longest topic of a topic organ (Ban Chỉ đạo phòng, chống ... tỉnh).
const MAX_TOPIC_TOKENS: usize = 24;

/// Words that end a clause, never a topic organ's topic (`Ban Chỉ đạo
/// trong dự toán ngân sách tỉnh` is no body).
const NOT_IN_TOPIC: [&str; 8] = ["trong", "của", "theo", "tại", "được", "để", "do", "là"];

/// Words after a place-kind word that make it a common noun (`xã hội`)
/// or a level (`tỉnh ủy`).
const NOT_A_PLACE_AFTER: [&str; 3] = ["hội", "viên", "ủy"];

/// Lexicon kinds that start a new body, so end a place name.
const BODY_STARTS: [Kind; 11] = [
    Kind::Central,
    Kind::Organ,
    Kind::OwnOrgan,
    Kind::TopicOrgan,
    Kind::Level,
    Kind::Committee,
    Kind::State,
    Kind::NamedState,
    Kind::StateHead,
    Kind::PlaceKind,
    Kind::Person,
];

struct Grammar<'t, 'a> {
    source: &'t str,
    tokens: &'t [Token<'a>],
}

impl Grammar<'_, '_> {
    fn text(&self, start: usize, end: usize) -> &str {
        match (
            self.tokens.get(start),
            end.checked_sub(1).and_then(|e| self.tokens.get(e)),
        ) {
            (Some(a), Some(b)) if start < end => &self.source[a.start..b.end],
            _ => "",
        }
    }

    fn token(&self, at: usize) -> Option<&Token<'_>> {
        self.tokens.get(at)
    }

    fn central(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::Central])?;
        Some(Parse::new(at, hit.end, hit.entry.canonical.clone(), BodyKind::Named))
    }

    fn generic(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::Generic])?;
        if self.token(hit.end).is_some_and(|t| t.is_word("viên")) {
            return None; // chi ủy viên: a member, not the body
        }
        let head = &hit.entry.canonical;
        Some(match self.qualifier(hit.end) {
            Some(q) => Parse {
                kind: BodyKind::Generic,
                ..Parse::joined(head, at, q)
            },
            None => Parse::new(at, hit.end, head.clone(), BodyKind::Generic),
        })
    }

    /// A class of bodies; with its level (`của Tỉnh ủy`) or place (`cấp
    /// tỉnh`) a collective body, else a generic one.
    fn class(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::Class])?;
        let head = &hit.entry.canonical;
        let of = self.token(hit.end).is_some_and(|t| t.is_word("của"));
        let from = hit.end + usize::from(of);
        let level = self.level(from).filter(|l| l.kind == BodyKind::Named);
        let qualifier = self.qualifier(from).filter(|_| !of);
        Some(match [level, qualifier].into_iter().flatten().fold(None, longer) {
            Some(tail) => {
                let head = if of { format!("{head} của") } else { head.clone() };
                Parse {
                    kind: BodyKind::Collective,
                    ..Parse::joined(&head, at, tail)
                }
            }
            None => Parse {
                gap: Gap::Level,
                ..Parse::new(at, hit.end, head.clone(), BodyKind::Generic)
            },
        })
    }

    fn team(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::Team])?;
        Some(Parse::new(at, hit.end, hit.entry.canonical.clone(), BodyKind::Team))
    }

    fn organ(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::Organ, Kind::OwnOrgan, Kind::TopicOrgan])?;
        let head = &hit.entry.canonical;
        let gap = if hit.entry.kind == Kind::OwnOrgan {
            Gap::None
        } else {
            Gap::Level
        };
        let bare = Parse {
            gap,
            ..Parse::new(at, hit.end, head.clone(), BodyKind::Named)
        };
        if hit.entry.kind == Kind::TopicOrgan {
            let team = Parse {
                gap: Gap::None,
                kind: BodyKind::Team,
                ..bare
            };
            return Some(self.topic(at, head, hit.end).unwrap_or(team));
        }
        Some(match self.complement(hit.end) {
            Some(tail) => Parse::joined(head, at, named(tail)),
            None => bare,
        })
    }

    /// `head` + a lower-case topic + a complement that ends it.
    fn topic(&self, at: usize, head: &str, from: usize) -> Option<Parse> {
        for j in from..(from + MAX_TOPIC_TOKENS).min(self.tokens.len()) {
            let ends_topic = [self.level(j), self.units(j), self.qualifier(j)]
                .into_iter()
                .flatten()
                .fold(None, longer);
            if let Some(tail) = ends_topic {
                let topic = self.text(from, j);
                let head = if topic.is_empty() {
                    head.to_string()
                } else {
                    format!("{head} {topic}")
                };
                return Some(Parse::joined(&head, at, named(tail)));
            }
            let t = self.token(j)?;
            let topic_like = (t.word && !t.capitalised() && !t.is_any(&NOT_IN_TOPIC)) || t.is(',') || t.is('-');
            if !topic_like || t.paragraph_start {
                return None;
            }
        }
        None
    }

    fn complement(&self, at: usize) -> Option<Parse> {
        let options = [
            self.level(at),
            self.committee(at),
            self.party_bloc(at),
            self.state(at),
            self.units(at),
            self.level_units(at),
            self.qualifier(at),
            self.nested_organ(at),
            self.collective_class(at),
        ];
        options.into_iter().flatten().fold(None, longer)
    }

    /// An organ with its own complement, under another organ: `Văn phòng`
    /// + `Ủy ban Kiểm tra Tỉnh ủy`; a bare topic organ under `Thường trực`
    /// (`Thường trực Ban Chỉ đạo`, the standing members of the document's
    /// own Ban Chỉ đạo).
    fn nested_organ(&self, at: usize) -> Option<Parse> {
        let standing = at
            .checked_sub(1)
            .and_then(|b| self.token(b))
            .is_some_and(|t| t.is_word("trực"));
        self.organ(at)
            .filter(|p| matches!(p.gap, Gap::None | Gap::Committee) && (p.kind != BodyKind::Team || standing))
    }

    /// A collective class body, after `của` or not: `Ủy ban Kiểm tra` +
    /// `của các đảng ủy trực thuộc Tỉnh ủy`.
    fn collective_class(&self, at: usize) -> Option<Parse> {
        let of = self.token(at).is_some_and(|t| t.is_word("của"));
        let class = self
            .class(at + usize::from(of))
            .filter(|c| c.kind == BodyKind::Collective)?;
        Some(if of { Parse::joined("của", at, class) } else { class })
    }

    fn level(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::Level])?;
        if self.token(hit.end).is_some_and(|t| t.is_word("viên")) {
            return None; // Tỉnh ủy viên: a member, not the body
        }
        let written = self.token(at)?;
        let tu = written.text == "TU";
        let central = hit.entry.canonical == "Trung ương";
        // lower-case `tỉnh ủy` is the class; bare `Trung ương` is the level, not a body
        let kind = if written.capitalised() && !central {
            BodyKind::Named
        } else {
            BodyKind::Generic
        };
        let head = &hit.entry.canonical;
        // Tỉnh ủy and Thành ủy are followed by a province's name, never other words
        let province_level = matches!(head.as_str(), "Tỉnh ủy" | "Thành ủy");
        let place = match (central, province_level) {
            (true, _) => None,
            (false, true) => self.province(hit.end),
            (false, false) => self.place_name(hit.end),
        };
        Some(match place {
            Some((name, end)) => Parse {
                place: Some(name.clone()),
                tu,
                ..Parse::new(at, end, format!("{head} {name}"), BodyKind::Named)
            },
            None => Parse {
                tu,
                ..Parse::new(at, hit.end, head.clone(), kind)
            },
        })
    }

    fn committee(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::Committee])?;
        let head = &hit.entry.canonical;
        let capital = self.token(at).is_some_and(Token::capitalised);
        let kind = if capital { BodyKind::Named } else { BodyKind::Generic };
        let bare = Parse {
            gap: Gap::Committee,
            ..Parse::new(at, hit.end, head.clone(), kind)
        };
        if self.token(hit.end).is_some_and(|t| t.is_word("viên")) {
            return Some(Parse {
                end: hit.end + 1,
                ..bare
            }); // Đảng ủy viên: a member, who acts for it
        }
        let j = hit.end;
        let tails = [
            self.units(j),
            self.state(j),
            self.level(j),
            self.qualifier(j),
            self.named_unit(j),
        ];
        let tail = tails.into_iter().flatten().fold(None, longer);
        Some(tail.map_or(bare, |tail| Parse::joined(head, at, named(tail))))
    }

    /// `các xã, phường, đặc khu` or `xã, phường`: every unit of those kinds,
    /// named with `các`.
    fn units(&self, at: usize) -> Option<Parse> {
        let each = self.token(at).is_some_and(|t| t.is_word("các"));
        let list = self
            .qualifier(at + usize::from(each))
            .filter(|q| q.kind == BodyKind::Collective || each && q.place.is_none() && !q.name.starts_with("cấp"))?;
        let name = format!("các {}", list.name);
        Some(Parse {
            start: at,
            kind: BodyKind::Collective,
            qualifier: Some(name.clone()),
            name,
            ..list
        })
    }

    /// `các quận ủy, huyện ủy`: every level committee of those kinds, under
    /// an organ (`Ban Thường vụ các quận ủy, huyện ủy`).
    fn level_units(&self, at: usize) -> Option<Parse> {
        if !self.token(at).is_some_and(|t| t.is_word("các")) {
            return None;
        }
        let mut end = at + 1;
        let mut kinds = Vec::new();
        loop {
            let level = LEXICON
                .longest(self.tokens, end, &[Kind::Level])
                .filter(|h| h.entry.canonical != "Trung ương")?;
            kinds.push(self.text(end, level.end).to_lowercase());
            end = level.end;
            let listed = self.token(end).is_some_and(|t| t.is(',') || t.is_word("và"));
            if !(listed && LEXICON.longest(self.tokens, end + 1, &[Kind::Level]).is_some()) {
                break;
            }
            end += 1;
        }
        let name = format!("các {}", kinds.join(", "));
        Some(Parse {
            qualifier: Some(name.clone()),
            ..Parse::new(at, end, name, BodyKind::Collective)
        })
    }

    /// Capitalised words (or `các cơ quan`) + a qualifier, after Đảng ủy:
    /// `Quân sự tỉnh`, `các cơ quan Đảng tỉnh`, `Khối Doanh nghiệp tỉnh`.
    fn named_unit(&self, from: usize) -> Option<Parse> {
        let mut j = from;
        let unit_word = |t: &Token| t.word && (t.capitalised() || t.is_any(&["các", "cơ", "quan"]));
        while self.token(j).is_some_and(unit_word) {
            if j > from && self.qualifier(j).is_some() {
                break;
            }
            j += 1;
        }
        let q = self.qualifier(j).filter(|_| j > from)?;
        Some(Parse::joined(&title_case(self.text(from, j)), from, q))
    }

    fn party_bloc(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::PartyBloc])?;
        let q = self.qualifier(hit.end)?;
        Some(Parse::joined(&hit.entry.canonical, at, q))
    }

    fn state(&self, at: usize) -> Option<Parse> {
        let hit = LEXICON.longest(self.tokens, at, &[Kind::State])?;
        let head = &hit.entry.canonical;
        let after = self.skip_acronym_gloss(hit.end);
        let qualifier = [self.units(after), self.qualifier(after)]
            .into_iter()
            .flatten()
            .fold(None, longer);
        Some(match qualifier {
            Some(q) => Parse::joined(head, at, named(q)),
            None => Parse {
                gap: Gap::Place,
                ..Parse::new(at, hit.end, head.clone(), BodyKind::Named)
            },
        })
    }

    /// `Hội đồng nhân dân (HĐND) tỉnh`: skips the glossed acronym.
    fn skip_acronym_gloss(&self, at: usize) -> usize {
        let opens = self.token(at).is_some_and(|t| t.is('('));
        let acronym = self.token(at + 1).is_some_and(|t| t.word && t.all_caps());
        let closes = self.token(at + 2).is_some_and(|t| t.is(')'));
        if opens && acronym && closes { at + 3 } else { at }
    }

    /// A state body complete by its name (`Sở Nội vụ`, from the ministries'
    /// names; `Phòng Kinh tế`), or a head (`Sở`, `Phòng`, `Trung tâm`) +
    /// its own name; + an optional qualifier.
    fn named_state(&self, at: usize) -> Option<Parse> {
        if at
            .checked_sub(1)
            .and_then(|b| self.token(b))
            .is_some_and(|t| t.is_word("cơ"))
        {
            return None; // cơ sở: a base, not a department
        }
        let complete = LEXICON
            .longest(self.tokens, at, &[Kind::NamedState])
            .map(|hit| (hit.entry.canonical.clone(), hit.end));
        let headed = || {
            LEXICON.longest(self.tokens, at, &[Kind::StateHead]).and_then(|hit| {
                let name_end = self.own_name(hit.end)?;
                Some((
                    format!("{} {}", hit.entry.canonical, self.text(hit.end, name_end)),
                    name_end,
                ))
            })
        };
        let (head, name_end) = complete.or_else(headed)?;
        Some(match self.qualifier(name_end) {
            Some(q) => Parse::joined(&head, at, named(q)),
            None => Parse::new(at, name_end, head, BodyKind::Named),
        })
    }

    /// A body's own name, as the genre capitalises it (the first syllable
    /// of each word group): capitalised words, each group's first one
    /// followed by at most one lower-case syllable, groups joined by `và`,
    /// `-` or a `,` that a `và` closes (`Lao động - Thương binh và Xã hội`,
    /// `Văn hóa, Thông tin và Thể thao`): where the name ends.
    fn own_name(&self, from: usize) -> Option<usize> {
        let mut last_word = None;
        let mut opens_group = true;
        let mut syllable_ok = false;
        for j in from.. {
            let Some(t) = self.token(j).filter(|t| !t.line_start) else {
                break;
            };
            let place = LEXICON.longest(self.tokens, j, &[Kind::PlaceKind]).is_some();
            let starts_body =
                LEXICON.longest(self.tokens, j, &BODY_STARTS).is_some() && (!place || self.qualifier(j).is_some());
            let name_word = t.word && !starts_body; // `Xã hội` is a word of a name
            if last_word.is_some() && (t.is_word("và") || t.is('-') || t.is(',') && self.list_closes(j + 1)) {
                (opens_group, syllable_ok) = (true, false);
            } else if name_word && t.capitalised() {
                (opens_group, syllable_ok) = (false, opens_group);
                last_word = Some(j + 1);
            } else if name_word && syllable_ok {
                syllable_ok = false;
                last_word = Some(j + 1);
            } else {
                break;
            }
        }
        last_word
    }

    /// Whether a name's word group at `tokens[at]` (a capitalised word and
    /// at most one syllable) is followed by `và`: a comma before it lists
    /// the words of one name (`Văn hóa, Thông tin và Thể thao`), not the
    /// next body (`Sở Tư pháp, Ban Dân tộc`).
    fn list_closes(&self, at: usize) -> bool {
        let group = if self.token(at + 1).is_some_and(|t| t.word && !t.capitalised()) {
            2
        } else {
            1
        };
        self.token(at).is_some_and(Token::capitalised) && self.token(at + group).is_some_and(|t| t.is_word("và"))
    }

    /// A place-kind list (`xã, phường, đặc khu`: collective), a place-kind
    /// with an optional name (`tỉnh Hưng Yên`), or a province (`Hưng Yên`).
    fn qualifier(&self, at: usize) -> Option<Parse> {
        if let Some(hit) = LEXICON.longest(self.tokens, at, &[Kind::Place]) {
            let name = hit.entry.canonical.clone();
            return Some(Parse {
                place: Some(name.clone()),
                ..Parse::new(at, hit.end, name, BodyKind::Named)
            });
        }
        let first = LEXICON.longest(self.tokens, at, &[Kind::PlaceKind])?;
        if self.token(first.end).is_some_and(|t| t.is_any(&NOT_A_PLACE_AFTER)) {
            return None; // xã hội, xã viên
        }
        let mut kinds = vec![first.entry.canonical.clone()];
        let mut end = first.end;
        while let Some(next) = self.listed_place_kind(end) {
            kinds.push(next.entry.canonical.clone());
            end = next.end;
        }
        let parse = if kinds.len() > 1 {
            Parse::new(at, end, kinds.join(", "), BodyKind::Collective)
        } else {
            let unit = &kinds[0];
            match self.place_name(end) {
                Some((name, name_end)) => Parse {
                    place: Some(name.clone()),
                    ..Parse::new(at, name_end, format!("{unit} {name}"), BodyKind::Named)
                },
                None => Parse::new(at, end, unit.clone(), BodyKind::Named),
            }
        };
        Some(Parse {
            qualifier: Some(parse.name.clone()),
            ..parse
        })
    }

    /// `, phường` or `và đặc khu` after a place-kind word.
    fn listed_place_kind(&self, at: usize) -> Option<super::lexicon::Hit<'static>> {
        let joiner = self.token(at)?;
        if !(joiner.is(',') || joiner.is_word("và")) {
            return None;
        }
        let hit = LEXICON.longest(self.tokens, at + 1, &[Kind::PlaceKind])?;
        let named_after = self.place_name(hit.end).is_some();
        (!named_after).then_some(hit)
    }

    /// A province's or centrally-run city's name.
    fn province(&self, at: usize) -> Option<(String, usize)> {
        LEXICON
            .longest(self.tokens, at, &[Kind::Place])
            .map(|hit| (hit.entry.canonical.clone(), hit.end))
    }

    /// A province's name, or capitalised words on the same line (or one
    /// number: phường 1).
    fn place_name(&self, at: usize) -> Option<(String, usize)> {
        if let Some(province) = self.province(at) {
            return Some(province);
        }
        let first = self.token(at).filter(|t| !t.line_start)?;
        if first.word && first.text.chars().all(|c| c.is_ascii_digit()) {
            return Some((first.text.to_string(), at + 1));
        }
        let mut end = at;
        while end < at + MAX_NAME_WORDS {
            let Some(t) = self.token(end) else { break };
            let starts_body = LEXICON.longest(self.tokens, end, &BODY_STARTS).is_some() || t.is_word("đảng");
            if !t.word
                || !t.capitalised()
                || t.line_start
                || starts_body
                || t.all_caps() && t.text.chars().count() > 1 && !self.caps_line(at)
            {
                break;
            }
            end += 1;
        }
        (end > at).then(|| (title_case(self.text(at, end)), end))
    }

    /// Whether the words around `at` are an all-caps heading (so a capital
    /// word there is not an acronym).
    fn caps_line(&self, at: usize) -> bool {
        let before = at.checked_sub(1).and_then(|b| self.token(b));
        before.is_some_and(|t| t.word && t.all_caps() && t.text.chars().count() > 1)
    }
}

/// `HẢI PHÒNG` → `Hải Phòng`; already mixed-case names stay as written.
fn title_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The level acronyms that end an organ acronym (`VP` + `TU`).
const LEVEL_ACRONYMS: [&str; 6] = ["TU", "TW", "HU", "QU", "TXU", "ĐU"];

impl Grammar<'_, '_> {
    /// `VPTU`, `UBKTTU`, `BTGDVTU`: an organ acronym glued to a level acronym.
    fn acronym(&self, at: usize) -> Option<Parse> {
        let t = self.token(at)?;
        if !(t.word && t.all_caps()) {
            return None;
        }
        let level = LEVEL_ACRONYMS
            .iter()
            .find(|l| t.text.len() > l.len() && t.text.ends_with(*l))?;
        let organ = &t.text[..t.text.len() - level.len()];
        let organ_tokens = super::tokens::tokenise(organ);
        let level_tokens = super::tokens::tokenise(level);
        let organ_hit = LEXICON.longest(&organ_tokens, 0, &[Kind::Organ, Kind::OwnOrgan, Kind::TopicOrgan])?;
        let level_hit = LEXICON.longest(&level_tokens, 0, &[Kind::Level, Kind::Committee])?;
        let name = format!("{} {}", organ_hit.entry.canonical, level_hit.entry.canonical);
        Some(Parse {
            tu: *level == "TU",
            ..Parse::new(at, at + 1, name, BodyKind::Named)
        })
    }
}
