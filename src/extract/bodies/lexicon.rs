//! The gazetteer's vocabulary: `dictionaries/bodies.tsv` (organs, levels,
//! state bodies, collective phrases) and `dictionaries/places.tsv`
//! (provinces and cities), matched on token keys.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::tokens::{Token, tokenise};
use crate::extract::dictionary_lines as data_lines;

/// What a lexicon phrase is, in the body grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // PlaceKind: the dictionary's own term
pub(crate) enum Kind {
    /// A complete body name (Bộ Chính trị, Chính phủ).
    Central,
    /// A Party organ of a level body (Ban Thường vụ).
    Organ,
    /// An organ only a Đảng ủy has (Ban Xây dựng Đảng): complete without
    /// its Đảng ủy, never of another level.
    OwnOrgan,
    /// An organ named by a topic before its level (Ban Chỉ đạo ... tỉnh).
    TopicOrgan,
    /// A Party committee of a level (Tỉnh ủy).
    Level,
    /// A Party committee that needs a complement (Đảng ủy, Đảng đoàn).
    Committee,
    /// A state or mass body that takes a place (Ủy ban nhân dân).
    State,
    /// A state body complete by its own name (Phòng Kinh tế, Sở Nội vụ).
    NamedState,
    /// A head word a state body's own name follows (Sở, Phòng, Trung tâm).
    StateHead,
    /// "Đảng bộ", in Ban Chấp hành Đảng bộ tỉnh X.
    PartyBloc,
    /// An administrative unit word (tỉnh, xã).
    PlaceKind,
    /// A collective actor without a name.
    Generic,
    /// A class of bodies that a level or place makes a collective body
    /// (`các sở, ban, ngành` + `cấp tỉnh`); generic without one.
    Class,
    /// A working group or a body's unit named by its task (`Đoàn kiểm tra`,
    /// `các phòng nghiệp vụ`).
    Team,
    /// A person's title that can precede a body.
    Person,
    /// A member of the document's own board (`Trưởng ban`), standing for it.
    Member,
    /// A province or centrally-run city.
    Place,
}

impl Kind {
    fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "central" | "ministry" => Kind::Central,
            "organ" => Kind::Organ,
            "own-organ" => Kind::OwnOrgan,
            "topic-organ" => Kind::TopicOrgan,
            "level" => Kind::Level,
            "committee" => Kind::Committee,
            "state" => Kind::State,
            "named-state" => Kind::NamedState,
            "state-head" => Kind::StateHead,
            "party-bloc" => Kind::PartyBloc,
            "place-kind" => Kind::PlaceKind,
            "generic" => Kind::Generic,
            "class" => Kind::Class,
            "team" => Kind::Team,
            "person" => Kind::Person,
            "member" => Kind::Member,
            _ => return None,
        })
    }
}

/// One written form of a lexicon item.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// Its role in the grammar.
    pub kind: Kind,
    /// The canonical name it stands for.
    pub canonical: String,
    /// Token keys of the written form.
    keys: Vec<String>,
    /// Written in capitals: matched only in capitals.
    acronym: bool,
    /// May be written in lower case.
    lower_ok: bool,
}

/// A lexicon match: the entry and the index of the token after it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit<'l> {
    /// The matched entry.
    pub entry: &'l Entry,
    /// Index of the first token after the match.
    pub end: usize,
}

/// Every written form, indexed by the key of its first token.
pub(crate) struct Lexicon {
    by_first: HashMap<String, Vec<Entry>>,
}

impl Lexicon {
    fn add(&mut self, kind: Kind, canonical: &str, form: &str, lower_ok: bool) {
        let tokens = tokenise(form);
        let Some(first) = tokens.first() else { return };
        let acronym = tokens.iter().filter(|t| t.word).all(Token::all_caps) && !form.contains(' ');
        let entry = Entry {
            kind,
            canonical: canonical.to_string(),
            keys: tokens.iter().map(|t| t.key.clone()).collect(),
            acronym,
            lower_ok,
        };
        let list = self.by_first.entry(first.key.clone()).or_default();
        list.push(entry);
        list.sort_by_key(|e| std::cmp::Reverse(e.keys.len()));
    }

    /// The longest entry of one of `kinds` written at `tokens[at..]`.
    pub fn longest(&self, tokens: &[Token], at: usize, kinds: &[Kind]) -> Option<Hit<'_>> {
        let first = tokens.get(at)?;
        let candidates = self.by_first.get(&first.key)?;
        candidates.iter().filter(|e| kinds.contains(&e.kind)).find_map(|entry| {
            let end = at + entry.keys.len();
            let written = tokens.get(at..end)?;
            let same = written.iter().zip(&entry.keys).all(|(t, k)| &t.key == k);
            (same && entry.case_fits(written)).then_some(Hit { entry, end })
        })
    }
}

impl Entry {
    fn case_fits(&self, written: &[Token]) -> bool {
        if self.acronym {
            written.iter().filter(|t| t.word).all(Token::all_caps)
        } else {
            self.lower_ok || written.first().is_some_and(Token::capitalised)
        }
    }
}

/// The gazetteer, loaded once from the dictionaries compiled into the crate.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon {
        by_first: HashMap::new(),
    };
    for line in data_lines(include_str!("../../../dictionaries/bodies.tsv")) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [kind, canonical, forms] = cols[..] else { continue };
        let (kind, lower_ok) = match kind.strip_suffix("+lower") {
            Some(base) => (base, true),
            None => (kind, false),
        };
        let ministry = kind == "ministry";
        let Some(kind) = Kind::parse(kind) else { continue };
        for form in forms.split('|') {
            lexicon.add(kind, canonical, form, lower_ok);
        }
        // a province's department mirrors its ministry: Bộ Nội vụ → Sở Nội vụ
        let department = |name: &str| name.strip_prefix("Bộ ").map(|rest| format!("Sở {rest}"));
        if let (true, Some(canonical)) = (ministry, department(canonical)) {
            for form in forms.split('|').filter_map(department) {
                lexicon.add(Kind::NamedState, &canonical, &form, false);
            }
        }
    }
    for line in data_lines(include_str!("../../../dictionaries/places.tsv")) {
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(&name) = cols.first() else { continue };
        lexicon.add(Kind::Place, name, name, false);
        for form in cols.get(2).map(|f| f.split('|')).into_iter().flatten() {
            lexicon.add(Kind::Place, name, form, false);
        }
    }
    lexicon
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_form_wins_and_case_rules_hold() {
        let tokens = tokenise("Thủ tướng Chính phủ, ubnd tỉnh, UBND tỉnh, thành ủy, ban tổ chức");
        let hit = LEXICON.longest(&tokens, 0, &[Kind::Central]).unwrap();
        assert_eq!((hit.entry.canonical.as_str(), hit.end), ("Thủ tướng Chính phủ", 4));
        assert!(
            LEXICON.longest(&tokens, 5, &[Kind::State]).is_none(),
            "acronyms only in capitals"
        );
        assert_eq!(
            LEXICON.longest(&tokens, 8, &[Kind::State]).unwrap().entry.canonical,
            "Ủy ban nhân dân"
        );
        assert_eq!(
            LEXICON.longest(&tokens, 11, &[Kind::Level]).unwrap().entry.canonical,
            "Thành ủy"
        );
        assert!(
            LEXICON.longest(&tokens, 14, &[Kind::Organ]).is_none(),
            "common words need a capital"
        );
    }

    #[test]
    fn every_dictionary_line_is_understood() {
        for line in data_lines(include_str!("../../../dictionaries/bodies.tsv")) {
            let kind = line.split('\t').next().unwrap_or_default();
            assert!(Kind::parse(kind.trim_end_matches("+lower")).is_some(), "{line}");
            assert_eq!(line.split('\t').count(), 3, "{line}");
        }
    }
}
