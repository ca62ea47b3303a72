//! One name per body in a document: the forms that stand for one body
//! (`Ban Thường vụ Tỉnh ủy Hưng Yên` and `Ban Thường vụ Tỉnh ủy`;
//! `Thường trực Đảng ủy` and `Thường trực Đảng ủy xã`; a body and the
//! other name a definition gives it) are grouped by identity, and each
//! group is named by the form the document's text uses most.
//!
//! A place inside an identity is left out of the grouping when the
//! document attaches only that place to the rest of the name.

use std::collections::{HashMap, HashSet};

use super::aliases::Found;
use super::{BodyKind, BodyMention, MentionContext};
use crate::vietnamese::tone_key;

/// The document's names of its bodies.
#[derive(Clone, Debug, Default)]
pub(crate) struct Naming {
    /// For an identity without its place, the places the document attaches to it.
    places: HashMap<String, HashSet<String>>,
    /// Group keys that another key stands for (a body's other name).
    synonyms: HashMap<String, String>,
    /// The name of each group.
    names: HashMap<String, String>,
}

impl Naming {
    /// Groups `found` (with their contexts) and names each group; `synonyms`
    /// pair an identity with the other name the document gives it.
    pub fn new(found: &[(Found, MentionContext)], synonyms: &[(String, String)]) -> Naming {
        let mut naming = Naming::default();
        for (f, context) in found {
            if let (Some(head), Some(place), MentionContext::Text) = (unplaced(f), &f.place, context) {
                naming.places.entry(head).or_default().insert(tone_key(place));
            }
        }
        let mut preferred: HashMap<String, String> = HashMap::new();
        for (identity, name) in synonyms {
            let (from, to) = (naming.base_key(identity, None), naming.base_key(name, None));
            preferred.insert(to.clone(), name.clone());
            naming.synonyms.insert(from, to);
        }
        let mut counts: HashMap<String, Vec<(String, usize, usize)>> = HashMap::new();
        for (order, (f, context)) in found.iter().enumerate() {
            let weight = if *context == MentionContext::Text { 1000 } else { 1 };
            let forms = counts.entry(naming.key(f)).or_default();
            match forms.iter_mut().find(|(n, _, _)| tone_key(n) == tone_key(&f.name)) {
                Some((_, count, _)) => *count += weight,
                None => forms.push((f.name.clone(), weight, order)),
            }
        }
        for (key, mut forms) in counts {
            forms.sort_by_key(|&(_, count, order)| (std::cmp::Reverse(count), order));
            let name = preferred
                .get(&key)
                .cloned()
                .or_else(|| forms.first().map(|(n, _, _)| n.clone()));
            naming.names.extend(name.map(|n| (key, n)));
        }
        naming
    }

    /// The group key of a found body.
    fn key(&self, f: &Found) -> String {
        self.base_key(&f.identity, f.place.as_deref())
    }

    fn base_key(&self, identity: &str, place: Option<&str>) -> String {
        let head = place
            .and_then(|p| identity.strip_suffix(p))
            .map(|h| tone_key(h.trim_end()));
        let key = match head {
            Some(head) if self.places.get(&head).is_some_and(|p| p.len() == 1) => head,
            _ => tone_key(identity),
        };
        self.synonyms.get(&key).cloned().unwrap_or(key)
    }

    /// The document's name of a found body.
    pub fn name(&self, f: &Found) -> String {
        self.names.get(&self.key(f)).cloned().unwrap_or_else(|| f.name.clone())
    }
}

/// The identity of `f` without its place name, if it ends with one.
fn unplaced(f: &Found) -> Option<String> {
    let place = f.place.as_ref()?;
    f.identity
        .strip_suffix(place.as_str())
        .map(|head| tone_key(head.trim_end()))
}

/// The item with the highest count; the first one on a tie.
pub(crate) fn most_frequent<T>(counted: impl IntoIterator<Item = (T, usize)>) -> Option<T> {
    counted
        .into_iter()
        .fold(None, |best: Option<(T, usize)>, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(item, _)| item)
}

/// The bodies list of a document's mentions (see [`super::canonical_bodies`]).
pub(crate) fn canonical_names(mentions: &[BodyMention], acting: Option<&[String]>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for m in mentions.iter().filter(|m| m.context == MentionContext::Text) {
        let listed = match m.kind {
            BodyKind::Named => true,
            BodyKind::Generic => false,
            BodyKind::Collective | BodyKind::Team => acting.is_none_or(|a| a.contains(&m.name)),
        };
        if listed && seen.insert(tone_key(&m.name)) {
            names.push(m.name.clone());
        }
    }
    names
}
