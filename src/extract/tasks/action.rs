//! A task's action: its provision's wording with the subject and the
//! connective stripped, capitalised, cut at a word boundary.
//!
//! Nothing is paraphrased: the action is the text itself, minus the lead
//! (`Văn phòng Thành ủy có trách nhiệm cập nhật ...` → `Cập nhật ...`,
//! `Giao Ban Tuyên giáo chủ trì ...` → `Chủ trì ...`). A person's title
//! before the body stays (`Thủ trưởng chịu trách nhiệm ...`), and so does a
//! leading adverbial (`Định kỳ hằng tháng, trích xuất ...`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::bodies::{BodyMention, opens_with_adverbial};

/// Longest action, in characters.
pub const MAX_ACTION_CHARS: usize = 300;

/// A connective between a subject and its verb, dropped with the subject.
static CONNECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:có\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|phải|cần)\s+)").expect("connective pattern is valid")
});

/// What may stand before the subject of a clause besides a leading
/// adverbial: nothing, `Giao (cho)`, `Đề nghị`, `Yêu cầu`, or a person's title.
static SUBJECT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?is:(?:[a-zđ0-9]{1,2}[.)]\s*|[-+•]\s*)?(?:(?:đồng\s+thời,?\s*)?(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu)|(?:các\s+)?(?:đồng chí\s+)?(?:phó\s+)?(?:thủ trưởng|lãnh đạo|chuyên viên|người đứng đầu|bí thư|trưởng(?:\s+ban)?|cán bộ|chủ tịch|giám đốc|chủ nhiệm|chánh|ủy viên|thành viên|đồng chí|đại diện)(?:\s+các)?)?)\s*$")
        .expect("subject prefix pattern is valid")
});

/// `Giao` / `Giao cho` / `Đề nghị` / `Yêu cầu` before an assigned body: dropped with it.
static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu)\s*)$").expect("assignment pattern is valid")
});

/// What joins the bodies of one subject (`X, Y và các Z`, `X của Y`,
/// `X, người đứng đầu Y`).
static JOINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:\s|,|và|các|của|người\s+đứng\s+đầu|thủ\s+trưởng|bí\s+thư|lãnh\s+đạo|chủ\s+tịch)*$")
        .expect("joiner pattern is valid")
});

/// The action of a task whose pieces are `pieces` (byte ranges of `joined`)
/// and whose lead bodies are `lead`; `mentions` are the document's body
/// mentions in text order.
pub(crate) fn summarise(joined: &str, pieces: &[Range<usize>], lead: &[String], mentions: &[BodyMention]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let text = if i == 0 {
            strip_subject(joined, piece, lead, mentions)
        } else {
            joined[piece.clone()].to_string()
        };
        let text = collapse_spaces(&text);
        let text = text
            .trim_start_matches(['-', '+', '•', '*', ' '])
            .trim_end_matches(['.', ';', ':', ',', ' ']);
        if !text.is_empty() {
            parts.push(text.to_string());
        }
    }
    cut(&capitalise(&parts.join("; ")), MAX_ACTION_CHARS)
}

/// Where a subject naming one of `lead` stands in `piece`: the byte range
/// from the first such body to the end of the bodies coordinated with it
/// (`mentions` are in text order).
/// Only where a subject stands (the first such body counts): at the
/// start, after `Giao (cho)` or a person's title, or after a leading
/// adverbial (`Khi ...,`, `Định kỳ ...,`) closed by a comma.
pub(crate) fn find_subject(
    joined: &str,
    piece: &Range<usize>,
    lead: &[String],
    mentions: &[BodyMention],
) -> Option<Range<usize>> {
    let from = mentions.partition_point(|m| m.span.start < piece.start);
    let in_piece: Vec<&BodyMention> = mentions[from..]
        .iter()
        .take_while(|m| m.span.start < piece.end)
        .filter(|m| m.span.end <= piece.end)
        .collect();
    let stands_as_subject = |first: usize| {
        let prefix = &joined[piece.start..in_piece[first].span.start];
        let after_adverbial = prefix.trim_end().ends_with(',') && opens_with_adverbial(prefix);
        let others_before = in_piece[..first]
            .iter()
            .any(|m| m.span.start < in_piece[first].span.start);
        after_adverbial || SUBJECT_PREFIX.is_match(prefix) && !others_before
    };
    let first = (0..in_piece.len()).find(|&i| lead.contains(&in_piece[i].name) && stands_as_subject(i))?;
    let mut end = in_piece[first].span.end;
    for next in &in_piece[first + 1..] {
        if next.span.start >= end && JOINER.is_match(&joined[end..next.span.start]) {
            end = next.span.end;
        }
    }
    Some(in_piece[first].span.start..end)
}

/// The piece without its list marker, subject and connective, when the
/// subject is where a subject stands.
fn strip_subject(joined: &str, piece: &Range<usize>, lead: &[String], mentions: &[BodyMention]) -> String {
    let text = &joined[piece.clone()];
    let Some(subject) = find_subject(joined, piece, lead, mentions) else {
        return strip_marker(text).to_string();
    };
    let prefix = &joined[piece.start..subject.start];
    let kept_prefix = strip_marker(ASSIGN.replace(prefix, "").as_ref()).to_string();
    let rest = joined[subject.end..piece.end].trim_start_matches([',', ';', ' ', '\n']);
    format!("{kept_prefix}{}", CONNECTIVE.replace(rest, ""))
}

/// `text` without a leading `1.`, `a)` or bullet.
fn strip_marker(text: &str) -> &str {
    static MARKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:[0-9]{1,2}[.)]|[a-zđ][.)]|[-+•*])\s*").expect("marker pattern is valid"));
    MARKER.find(text).map_or(text, |m| &text[m.end()..])
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` cut to at most `max` characters at a word boundary, with `…`.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let byte_max = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let end = text[..byte_max].rfind(' ').unwrap_or(byte_max);
    format!("{}…", text[..end].trim_end_matches([',', ';', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::bodies::find_bodies;
    use crate::text::Text;

    fn action(text: &str, lead: &[&str]) -> String {
        let mentions = find_bodies(&Text::from_plain(text));
        let lead: Vec<String> = lead.iter().map(|s| s.to_string()).collect();
        let pieces = super::super::segments::pieces(text, 0..text.len());
        summarise(text, &pieces, &lead, &mentions)
    }

    #[test]
    fn subject_and_connective_are_stripped() {
        assert_eq!(
            action(
                "2. Văn phòng Tỉnh ủy có trách nhiệm tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy.",
                &["Văn phòng Tỉnh ủy"]
            ),
            "Tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy"
        );
        assert_eq!(
            action(
                "b) Giao Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền; tổng hợp kết quả.",
                &["Ban Tuyên giáo Tỉnh ủy"]
            ),
            "Chủ trì tuyên truyền; tổng hợp kết quả"
        );
        assert_eq!(
            action(
                "Hằng quý, Văn phòng Huyện ủy và Ban Tổ chức Huyện ủy tổng hợp.",
                &["Văn phòng Huyện ủy", "Ban Tổ chức Huyện ủy"]
            ),
            "Hằng quý, tổng hợp"
        );
    }

    #[test]
    fn titles_stay_and_objects_are_not_subjects() {
        assert_eq!(
            action(
                "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm thi hành.",
                &["các cơ quan, đơn vị"]
            ),
            "Thủ trưởng chịu trách nhiệm thi hành"
        );
        assert_eq!(
            action("Báo cáo Ban Thường vụ Tỉnh ủy kết quả.", &["Ban Thường vụ Tỉnh ủy"]),
            "Báo cáo Ban Thường vụ Tỉnh ủy kết quả"
        );
    }

    #[test]
    fn long_actions_are_cut_at_a_word() {
        let long = "rà soát ".repeat(60);
        let cut = cut(&long, 50);
        assert!(cut.ends_with('…') && cut.chars().count() <= 51, "{cut}");
    }
}
