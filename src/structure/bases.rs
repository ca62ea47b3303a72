//! Legal bases: the `Căn cứ ...` items of the preamble.
//!
//! An item runs from its `Căn cứ` line over the continuation lines that
//! follow it (up to a line ending in `;` or `.`, or the next item). One
//! item can cite several documents separated by `;` (`Căn cứ Điều lệ
//! Đảng ...; Quy định số 294-QĐ/TW ...`): each `;`-part that starts with a
//! document type is a basis of its own.

use crate::text::{SpanLocator, Text};

use super::header::canonical_body;
use super::key::{Key, clean_value};
use super::labels::{Label, Labelled, is_basis_start, starts_with_preamble_word};
use super::lexicon::{TYPES, word_like};
use super::markers::is_article_word;
use super::refs::{find_date, find_symbol};
use super::{LegalBasis, LineKind};

/// How many words into a basis its document type may stand (`Căn cứ điểm
/// 13 của Nghị quyết ...`).
const TYPE_WITHIN_WORDS: usize = 8;

/// Reads the legal bases of a labelled text.
pub(crate) fn read(text: &Text, labelled: &Labelled) -> Vec<LegalBasis> {
    let locator = SpanLocator::new(text);
    items(text, labelled)
        .iter()
        .flat_map(|item| item.bases(&locator))
        .collect()
}

/// One `Căn cứ` item: its lines joined by spaces, with where each piece
/// comes from in the joined text of the document.
struct Item {
    text: String,
    pieces: Vec<(usize, usize)>,
}

fn items(text: &Text, labelled: &Labelled) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut open = false;
    let starts = text.line_starts();
    for (i, label) in labelled.labels.iter().enumerate() {
        let line = &text.lines[i].text;
        let key = &labelled.keys[i];
        match label {
            Label::Plain(LineKind::Blank) | Label::Plain(LineKind::Noise) => continue,
            Label::Plain(LineKind::Preamble) => {}
            _ => {
                open = false;
                continue;
            }
        }
        if is_basis_start(key) {
            out.push(Item {
                text: String::new(),
                pieces: Vec::new(),
            });
            open = true;
        } else if begins_item(line, key) {
            open = false;
        }
        if let (true, Some(item)) = (open, out.last_mut()) {
            item.push(line, starts[i]);
            open = !line.trim_end().ends_with([';', '.']);
        }
    }
    out
}

/// Whether a preamble line begins an item of its own (a dash, `Xét`, `Theo đề nghị`).
fn begins_item(line: &str, key: &Key) -> bool {
    line.trim_start().starts_with(['-', '+', '•']) || starts_with_preamble_word(key)
}

impl Item {
    fn push(&mut self, line: &str, line_start: usize) {
        let trimmed = line.trim();
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        let lead = line.len() - line.trim_start().len();
        self.pieces.push((self.text.len(), line_start + lead));
        self.text.push_str(trimmed);
    }

    /// The document offset of byte `at` of the item's text.
    fn offset(&self, at: usize) -> usize {
        let k = self
            .pieces
            .partition_point(|&(item_at, _)| item_at <= at)
            .saturating_sub(1);
        let (item_at, text_at) = self.pieces[k];
        text_at + at.saturating_sub(item_at)
    }

    fn bases(&self, locator: &SpanLocator) -> Vec<LegalBasis> {
        let mut out = Vec::new();
        let mut at = 0;
        for (k, segment) in self.text.split(';').enumerate() {
            let start = at;
            at += segment.len() + 1;
            let body = if k == 0 { strip_basis_words(segment) } else { segment };
            let Some(mut basis) = parse_basis(body) else {
                continue;
            };
            let lead = segment.len()
                - segment
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '-')
                    .len();
            let end = start + segment.trim_end().len();
            basis.span = locator.span(self.offset(start + lead), self.offset(end.max(start + lead)));
            basis.text = clean_value(&segment[lead..]);
            out.push(basis);
        }
        out
    }
}

/// `segment` without its leading dash and `Căn cứ`.
fn strip_basis_words(segment: &str) -> &str {
    let key = Key::new(segment);
    match key.words().nth(2) {
        Some((at, _)) if is_basis_start(&key) => {
            let first_is_dash = key
                .words()
                .next()
                .is_some_and(|(_, w)| w.chars().all(|c| "-+•".contains(c)));
            let at = if first_is_dash {
                key.words().nth(3).map_or(key.text.len(), |(a, _)| a)
            } else {
                at
            };
            key.rest_of(segment, at)
        }
        _ => segment,
    }
}

/// Reads one cited document: type, number, date, issuer. `None` when the
/// text names no document type.
fn parse_basis(text: &str) -> Option<LegalBasis> {
    let key = Key::new(text);
    let words: Vec<(usize, &str)> = key
        .words()
        .map(|(at, w)| (at, w.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    let letters: Vec<String> = words
        .iter()
        .map(|w| w.1.chars().filter(|c| c.is_alphanumeric()).collect())
        .collect();
    let plain: Vec<&str> = letters.iter().map(String::as_str).collect();
    let doc_type = (0..plain.len().min(TYPE_WITHIN_WORDS)).find_map(|k| type_at(&plain[k..]))?;
    let number = find_symbol(text).map(|f| f.value);
    let date = find_date(&key.text).map(|f| f.value.format("%Y-%m-%d").to_string());
    Some(LegalBasis {
        doc_type: Some(doc_type.to_string()),
        number,
        date,
        issuer: issuer(text, &key, &words),
        ..LegalBasis::default()
    })
}

/// The document type that folded words start with; `Điều lệ` also in the
/// OCR's `Piéu 1& bang`, `Piéu 186 Pang`.
fn type_at(words: &[&str]) -> Option<&'static str> {
    let charter = words.len() >= 2
        && is_article_word(words[0])
        && (words[1] == "le"
            || words[1].len() <= 3
                && words[1].starts_with(['l', '1'])
                && words.get(2).is_some_and(|w| word_like(w, "dang")));
    if charter {
        return Some("Điều lệ");
    }
    TYPES.match_prefix(words).map(|(name, _)| name)
}

/// The issuer after `của` (`cta`, `ctia`, `cia`): its words up to `về`,
/// `tại`, `ngày`, a comma or a bracket, canonically spelled.
fn issuer(text: &str, key: &Key, words: &[(usize, &str)]) -> Option<String> {
    const STOPS: [&str; 6] = ["ve", "v'e", "tai", "ngay", "nhiem", "thi"];
    let of = words.iter().position(|&(_, w)| is_cua(w))?;
    let start = key.line_offset(words.get(of + 1)?.0);
    let mut end = start;
    for (k, &(at, word)) in words.iter().enumerate().skip(of + 1) {
        let original = key.rest_of(text, at);
        let raw = original.split_whitespace().next().unwrap_or("");
        let lower = raw.starts_with(|c: char| c.is_lowercase());
        let next = words.get(k + 1).map_or("", |w| w.1);
        let stop =
            lower && (STOPS.contains(&word) || word == "ban" && next == "hanh" || word == "quy" && next == "dinh");
        if stop || raw.starts_with('(') {
            break;
        }
        end = key.line_offset(at) + raw.len();
        if raw.ends_with([',', ';', ':']) {
            break;
        }
    }
    let issuer = clean_value(text.get(start..end).unwrap_or(""));
    (!issuer.is_empty()).then(|| canonical_body(&issuer))
}

/// Whether a folded word is `của` as the OCR writes it (`cua`, `cta`, `ctia`, `cia`, `ciia`).
fn is_cua(word: &str) -> bool {
    (2..=5).contains(&word.len())
        && word.starts_with('c')
        && word.ends_with('a')
        && !["ca", "cha", "chua"].contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type, number, date and issuer of a basis.
    type Fields = (Option<String>, Option<String>, Option<String>, Option<String>);

    fn bases_of(text: &str) -> Vec<Fields> {
        let text = Text::from_plain(text);
        let labelled = super::super::labels::label(&text);
        read(&text, &labelled)
            .into_iter()
            .map(|b| (b.doc_type, b.number, b.date, b.issuer))
            .collect()
    }

    #[test]
    fn ocr_bases_split_at_semicolons() {
        let text = "QUY CHE\ntheo doi\n\n- Can ctt Piéu 1& bang Cong san Viét Nam; Quy dinh ) 294-Qb/TW, ngay\n26/5/2025 cta Ban Chap hanh Trung wong khoa XIII vé thi hanh Diéu 1¢ Pang;\n\n- Xét dé nghi cua Vian phong;\n\nChuong I\nNHUNG QUY DINH CHUNG\n";
        let bases = bases_of(text);
        assert_eq!(bases.len(), 2, "{bases:?}");
        assert_eq!(bases[0].0.as_deref(), Some("Điều lệ"));
        assert_eq!(bases[0].1, None);
        assert_eq!(bases[1].0.as_deref(), Some("Quy định"));
        assert_eq!(bases[1].1.as_deref(), Some("294-QĐ/TW"));
        assert_eq!(bases[1].2.as_deref(), Some("2025-05-26"));
        assert_eq!(bases[1].3.as_deref(), Some("Ban Chấp hành Trung ương Đảng khóa XIII"));
    }

    #[test]
    fn clean_bases_with_issuers() {
        let text = "QUY CHẾ\nphối hợp\n- Căn cứ Quyết định số 1795-QĐ/TU, ngày 26/6/2025 của Ban Thường vụ Tỉnh ủy Hưng Yên về chức năng;\n- Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nĐiều 1. Phạm vi";
        let bases = bases_of(text);
        assert_eq!(bases[0].3.as_deref(), Some("Ban Thường vụ Tỉnh ủy Hưng Yên"));
        assert_eq!(bases[1].0.as_deref(), Some("Luật"));
        assert_eq!(bases[1].2.as_deref(), Some("2025-02-18"));
    }
}
