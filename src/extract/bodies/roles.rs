//! Who leads (chủ trì) and who supports (phối hợp) in one provision.
//!
//! Lead: the grammatical subject of an obligation — a body at the start of
//! a clause (`Văn phòng Thành ủy có trách nhiệm ...`, after a leading
//! adverbial `Định kỳ ..., X thực hiện ...`, after a person's title
//! `Thủ trưởng các cơ quan, đơn vị ...`), the object of `Giao (cho)`, or a
//! body followed by `chủ trì`. Bodies coordinated with a lead (`X, Y và Z
//! chịu trách nhiệm`) lead too.
//! Support: the bodies after `phối hợp (chặt chẽ) với`, `cùng với`,
//! `với sự phối hợp của`, `có sự tham gia của`, and a subject whose verb is
//! `phối hợp` / `tham gia` when another body leads.

use serde::{Deserialize, Serialize};

use super::BodyFinder;
use super::aliases::Found;
use super::grammar;
use super::tokens::{Token, tokenise, words_at};

/// The bodies of one provision by role, each once, in text order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles {
    /// Who must act (chủ trì, the subject).
    pub lead: Vec<String>,
    /// Who takes part (phối hợp, tham gia).
    pub support: Vec<String>,
}

impl BodyFinder {
    /// Lead and supporting bodies of one provision (a sentence, clause or
    /// point), with this document's abbreviations resolved.
    pub fn roles(&self, provision: &str) -> Roles {
        let tokens = tokenise(provision);
        let found = self.resolve(provision, &tokens);
        let reader = Reader {
            tokens: &tokens,
            found: &found,
        };
        let role = |n: usize| match (reader.is_supporter(n), reader.is_subject(n), reader.verb_after(n)) {
            (true, _, _) => Some(Role::Support),
            (false, true, Some(SUPPORT)) => Some(Role::TakesPart),
            (false, true, _) => Some(Role::Lead),
            _ => None,
        };
        let assigned: Vec<Option<Role>> = (0..found.len()).map(role).collect();
        let has_lead = assigned.contains(&Some(Role::Lead));
        let mut roles = Roles::default();
        for (body, role) in found.iter().zip(assigned) {
            match role {
                Some(Role::Lead) => push(&mut roles.lead, &body.name),
                Some(Role::TakesPart) if !has_lead => push(&mut roles.lead, &body.name),
                Some(Role::Support | Role::TakesPart) => push(&mut roles.support, &body.name),
                None => {}
            }
        }
        roles.support.retain(|s| !roles.lead.contains(s));
        roles
    }
}

/// Whether `text` opens with a leading adverbial (`Khi ...`, `Trường hợp
/// ...`, `Định kỳ ...`, `Theo ...`), after a list marker if any.
pub fn opens_with_adverbial(text: &str) -> bool {
    let tokens = tokenise(text);
    let found = Vec::new();
    let reader = Reader {
        tokens: &tokens,
        found: &found,
    };
    reader.opens_adverbial_at(reader.provision_text_start(tokens.len()))
}

/// What a body does in a provision.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Support,
    /// The subject of `phối hợp` / `tham gia`: supports when another leads.
    TakesPart,
}

fn push(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}

/// Words joining coordinated bodies.
const JOINERS: [&str; 3] = ["và", "các", "cùng"];

/// Verbs after a subject that make it a supporter.
const SUPPORT: &str = "support";

/// Phrases that introduce supporters (token keys).
const SUPPORT_CUES: [&[&str]; 6] = [
    &["phối", "hợp", "với"],
    &["phối", "hợp", "cùng"],
    &["cùng", "với"],
    &["sự", "phối", "hợp", "của"],
    &["sự", "tham", "gia", "của"],
    &["tham", "gia", "cùng"],
];

/// Verbs whose object is the body that must act.
const ASSIGNMENT_CUES: [&[&str]; 4] = [&["giao", "cho"], &["giao"], &["yêu", "cầu"], &["đề", "nghị"]];

/// Words that open a leading adverbial (time, condition, basis) before a subject.
const ADVERBIAL_OPENERS: [&[&str]; 24] = [
    &["đồng", "thời"],
    &["ngoài", "ra"],
    &["sau", "đó"],
    &["tại"],
    &["từ"],
    &["khi"],
    &["trường", "hợp"],
    &["trong"],
    &["sau", "khi"],
    &["trước"],
    &["chậm", "nhất"],
    &["vào"],
    &["định", "kỳ"],
    &["hằng"],
    &["hàng"],
    &["căn", "cứ"],
    &["trên", "cơ", "sở"],
    &["theo"],
    &["đối", "với"],
    &["nếu"],
    &["để"],
    &["ngay", "sau"],
    &["qua"],
    &["quá"],
];

/// Words allowed between `phối hợp` and `với` (`phối hợp chặt chẽ với`).
const MAX_ADVERB_TOKENS: usize = 3;

struct Reader<'r, 'a> {
    tokens: &'r [Token<'a>],
    found: &'r [Found],
}

impl Reader<'_, '_> {
    fn is(&self, at: usize, words: &[&str]) -> bool {
        self.tokens.get(at).is_some_and(|t| t.is_any(words))
    }

    fn keys_at(&self, at: usize, words: &[&str]) -> bool {
        words_at(self.tokens, at, words)
    }

    /// Whether body `n` stands first in a group introduced by a support cue,
    /// or is coordinated with such a body.
    fn is_supporter(&self, n: usize) -> bool {
        let start = self.found[n].start;
        if self.coordinated_with_previous(n, start) {
            return n > 0 && self.is_supporter(n - 1);
        }
        let before = start.saturating_sub(MAX_ADVERB_TOKENS + 4);
        (before..start).any(|cue| {
            SUPPORT_CUES
                .iter()
                .any(|words| self.keys_at(cue, words) && cue + words.len() == start)
                || self.keys_at(cue, &["phối", "hợp"]) && self.adverbs_then_with(cue + 2, start)
        })
    }

    /// `chặt chẽ với`, `, trao đổi với` up to the body at `start`.
    fn adverbs_then_with(&self, from: usize, start: usize) -> bool {
        start > from
            && start - from <= MAX_ADVERB_TOKENS + 1
            && self.is(start - 1, &["với", "cùng"])
            && (from..start - 1).all(|i| self.tokens[i].word || self.tokens[i].is(','))
    }

    /// Body `n`, written from token `start` (its head's title included),
    /// follows body `n - 1` with only `,`, `và`, `các` between.
    fn coordinated_with_previous(&self, n: usize, start: usize) -> bool {
        let Some(previous) = n.checked_sub(1).map(|p| &self.found[p]) else {
            return false;
        };
        let between = previous.end..start;
        if previous.start == self.found[n].start && previous.end == self.found[n].end {
            return true; // one abbreviation standing for several bodies
        }
        !between.is_empty() && between.clone().all(|i| self.tokens[i].is(',') || self.is(i, &JOINERS))
    }

    /// Whether body `n` is a subject: first in its clause (after a person's
    /// title or `Giao`), followed by `chủ trì`, or coordinated with a subject.
    fn is_subject(&self, n: usize) -> bool {
        let body = &self.found[n];
        if self.keys_at(body.end, &["chủ", "trì"]) {
            return true;
        }
        let at = self.start_with_titles(body.start);
        if self.coordinated_with_previous(n, at) {
            return n > 0 && self.is_subject(n - 1) || self.closes_adverbial(n, at);
        }
        let Some(prev) = at.checked_sub(1) else { return true };
        let after_list_marker = self.is_list_marker_end(prev);
        let clause_start = self.tokens[prev].is(';') || self.tokens[prev].is(':') || self.tokens[prev].is('.');
        let after_comma =
            self.tokens[prev].is(',') && !self.previous_body_ends_at(prev) && self.clause_opens_adverbial(prev);
        after_list_marker || clause_start || after_comma || self.is_assigned(n, prev)
    }

    /// Whether the clause that holds token `at` opens with a leading
    /// adverbial (`Định kỳ hằng quý, X ...`), not with a noun phrase whose
    /// list goes on (`Nghị quyết của chi bộ, đảng ủy cơ sở`).
    fn clause_opens_adverbial(&self, at: usize) -> bool {
        let after_boundary = (0..at)
            .rev()
            .find(|&i| [';', ':', '.'].iter().any(|&c| self.tokens[i].is(c)))
            .map_or(0, |i| i + 1);
        let start = if after_boundary == 0 {
            self.provision_text_start(at)
        } else {
            after_boundary
        };
        self.opens_adverbial_at(start)
    }

    /// The first token of the provision's text before token `at`, past its
    /// list marker (`a)`, `1.`, `-`).
    fn provision_text_start(&self, at: usize) -> usize {
        let marker = |end: usize| end < at && self.is_list_marker_end(end);
        if marker(1) { 2 } else { usize::from(marker(0)) }
    }

    /// Whether body `n`, written right after token `prev`, is the object of
    /// an assignment: `Giao (cho) X` opening a clause, or `giao`, `yêu cầu`,
    /// `đề nghị` after a subject (`Ban Thường vụ Tỉnh ủy yêu cầu X`); not
    /// a relative clause (`nhiệm vụ Thành ủy giao các địa phương`). A
    /// clause opening with `Yêu cầu X` is left to the caller: in a list of
    /// someone's duties it is that someone who asks.
    fn is_assigned(&self, n: usize, prev: usize) -> bool {
        let cue = ASSIGNMENT_CUES.iter().find_map(|words| {
            prev.checked_sub(words.len() - 1)
                .filter(|&at| self.keys_at(at, words))
                .map(|at| (at, words))
        });
        let Some((at, words)) = cue else { return false };
        let after_subject = (0..n)
            .rev()
            .find(|&m| self.found[m].end == at)
            .is_some_and(|m| self.is_subject(m));
        let Some(before) = at.checked_sub(1) else {
            return words[0] == "giao";
        };
        let opens_clause = [',', ';', ':', '.', '('].iter().any(|&c| self.tokens[before].is(c))
            || self.is_list_marker_end(before)
            || self.is(before, &["thời", "và"]);
        opens_clause && words[0] == "giao" || after_subject
    }

    /// Where a body's subject phrase starts once the persons' titles before
    /// it are counted in (`lãnh đạo, chuyên viên Ban X`, `Thủ trưởng X`).
    fn start_with_titles(&self, start: usize) -> usize {
        let mut at = start;
        while let Some(title_start) = self.person_title_ending_at(at) {
            at = title_start;
            let listed = at
                .checked_sub(1)
                .filter(|&j| self.tokens[j].is(',') || self.is(j, &["và"]));
            if let Some(title) = listed.and_then(|j| self.person_title_ending_at(j)) {
                at = title;
            }
        }
        at
    }

    /// Whether body `n`, written from token `at` after a comma, is the
    /// subject that follows a leading adverbial ending on another body
    /// (`Khi có văn bản của Thành ủy, Văn phòng Thành ủy có trách nhiệm ...`,
    /// `Theo yêu cầu của Ban Thường vụ, Thường trực, Văn phòng chuẩn bị ...`):
    /// the provision opens with an adverbial word, no clause ends before the
    /// body, and the body ends the comma list.
    fn closes_adverbial(&self, n: usize, at: usize) -> bool {
        let first = self.provision_text_start(at);
        let opens = self.opens_adverbial_at(first);
        let mut chain = n;
        while chain > 0 && self.coordinated_with_previous(chain, self.start_with_titles(self.found[chain].start)) {
            chain -= 1;
        }
        let chain_start = self.found[chain].start;
        let clause_ends =
            (first..chain_start.max(first)).any(|i| [';', '.', ':', ','].iter().any(|&c| self.tokens[i].is(c)));
        let start = self.found[n].start;
        let group_end = (n..self.found.len())
            .take_while(|&m| self.found[m].start == start)
            .last()
            .unwrap_or(n);
        let list_goes_on = self.found.get(group_end + 1).is_some_and(|next| {
            let next_at = self.start_with_titles(next.start);
            self.coordinated_with_previous(group_end + 1, next_at)
        });
        let subject_before = (0..n).any(|m| self.is_subject(m));
        at > 0 && self.tokens[at - 1].is(',') && opens && !clause_ends && !list_goes_on && !subject_before
    }

    /// An adverbial opener (`Khi`, `Định kỳ`, `Theo`, not `Theo dõi`) at token `at`.
    fn opens_adverbial_at(&self, at: usize) -> bool {
        ADVERBIAL_OPENERS.iter().any(|words| self.keys_at(at, words)) && !self.keys_at(at, &["theo", "dõi"])
    }

    fn previous_body_ends_at(&self, at: usize) -> bool {
        self.found.iter().any(|f| f.end == at)
    }

    /// The start of a person's title (`Thủ trưởng`, `bí thư`) ending right before `at`.
    fn person_title_ending_at(&self, at: usize) -> Option<usize> {
        (at.saturating_sub(3)..at).find(|&s| grammar::person_at(self.tokens, s) == Some(at))
    }

    /// `a)`, `1.`, `-` at the start of the provision; a label OCR turned
    /// into a sign (`¢)`) still counts before `)`.
    fn is_list_marker_end(&self, at: usize) -> bool {
        let marker = &self.tokens[..=at];
        match marker {
            [t] => t.is('-') || t.is('+'),
            [label, close] => {
                let short = label.text.chars().count() <= 3 && !label.is(',');
                short && (label.word && close.is('.') || close.is(')'))
            }
            _ => false,
        }
    }

    /// What follows body `n`: a support verb (`phối hợp`, `tham gia`) or not.
    fn verb_after(&self, n: usize) -> Option<&'static str> {
        let end = self.found[n].end;
        let at = if self.is(end, &["cùng"]) { end + 1 } else { end };
        (self.keys_at(at, &["phối", "hợp"]) || self.keys_at(at, &["tham", "gia"])).then_some(SUPPORT)
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::bodies::roles;

    #[test]
    fn lead_chairs_and_partners_support() {
        let r = roles(
            "Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy và Ủy ban Kiểm tra Tỉnh ủy tham mưu xây dựng kế hoạch.",
        );
        assert_eq!(r.lead, ["Ban Tổ chức Tỉnh ủy"]);
        assert_eq!(r.support, ["Văn phòng Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"]);
    }

    #[test]
    fn subject_after_a_leading_adverbial_and_objects_are_not_leads() {
        let r = roles(
            "b) Hằng quý, Văn phòng Huyện ủy tổng hợp kết quả, báo cáo Ban Thường vụ Huyện ủy, Thường trực Huyện ủy.",
        );
        assert_eq!(r.lead, ["Văn phòng Huyện ủy"]);
        assert!(r.support.is_empty());
        let r = roles("Nhận xét công tác phối hợp của lãnh đạo, chuyên viên Ban Tổ chức Tỉnh ủy theo đề nghị.");
        assert!(r.lead.is_empty(), "{r:?}");
    }

    #[test]
    fn assignment_and_coordinated_subjects() {
        let r = roles("Giao Ban Dân vận Tỉnh ủy theo dõi, đôn đốc việc thực hiện.");
        assert_eq!(r.lead, ["Ban Dân vận Tỉnh ủy"]);
        let r = roles(
            "Ủy ban nhân dân tỉnh, các sở, ban, ngành chịu trách nhiệm triển khai với sự phối hợp của Mặt trận Tổ quốc Việt Nam tỉnh.",
        );
        assert_eq!(r.lead, ["Ủy ban nhân dân tỉnh", "các sở, ban, ngành"]);
        assert_eq!(r.support, ["Mặt trận Tổ quốc Việt Nam tỉnh"]);
    }

    #[test]
    fn heads_of_bodies_make_their_bodies_subjects() {
        let r = roles(
            "Thủ trưởng các cơ quan, đơn vị và bí thư đảng ủy các xã, phường chịu trách nhiệm trước Ban Thường vụ Tỉnh ủy.",
        );
        assert_eq!(r.lead, ["các cơ quan, đơn vị", "Đảng ủy các xã, phường"]);
        assert!(r.support.is_empty());
    }

    #[test]
    fn a_subject_after_an_adverbial_that_ends_on_a_body() {
        let r = roles("1. Khi có văn bản giao nhiệm vụ của Thành ủy, Văn phòng Thành ủy có trách nhiệm cập nhật.");
        assert_eq!(r.lead, ["Văn phòng Thành ủy"]);
        let r = roles(
            "Định kỳ theo yêu cầu của Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy, Văn phòng Tỉnh ủy xây dựng báo cáo.",
        );
        assert_eq!(r.lead, ["Văn phòng Tỉnh ủy"]);
        let r = roles("Tham mưu cho Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy chỉ đạo.");
        assert!(r.lead.is_empty(), "{r:?}");
        let r = roles(
            "Đối với vụ việc phức tạp, chủ động báo cáo để tham mưu Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy chỉ đạo.",
        );
        assert!(r.lead.is_empty(), "{r:?}");
        let r = roles("Theo dõi việc xử lý đơn do Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy giao.");
        assert!(r.lead.is_empty(), "{r:?}");
    }

    #[test]
    fn assignments_open_a_clause_or_follow_a_subject() {
        let r = roles("a) Theo dõi, đôn đốc việc thực hiện nhiệm vụ Thành ủy giao các địa phương, đơn vị; báo cáo.");
        assert!(r.lead.is_empty(), "{r:?}");
        let r = roles("Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng quán triệt.");
        assert_eq!(r.lead, ["Ban Thường vụ Tỉnh ủy", "các cấp ủy, tổ chức đảng"]);
        let r = roles("Đồng thời, đề nghị Ban Tuyên giáo Tỉnh ủy hướng dẫn; giao cho Văn phòng Tỉnh ủy theo dõi.");
        assert_eq!(r.lead, ["Văn phòng Tỉnh ủy"]);
    }

    #[test]
    fn a_subject_that_only_takes_part_supports() {
        let r = roles(
            "Sở Nội vụ chủ trì; Công an tỉnh phối hợp thực hiện; đảng ủy các phường phối hợp chặt chẽ với Ban Nội chính Tỉnh ủy.",
        );
        assert_eq!(r.lead, ["Sở Nội vụ"]);
        assert_eq!(
            r.support,
            ["Công an tỉnh", "Đảng ủy các phường", "Ban Nội chính Tỉnh ủy"]
        );
    }
}
