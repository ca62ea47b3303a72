//! Where in a document each token stands: the header (issuer, mottos,
//! number and date, type and title), the text proper, the subject of a
//! cited document, the recipients list and signature, an abbreviation's
//! definition.
//!
//! - **Header**: from the top of the document, or from a motto line after
//!   a recipients list (an attached document's own header), the lines in
//!   capitals, mark lines (`*`) and the number-and-date line; after the
//!   document type's line (`QUY CHẾ`), the title: its first line, the lines
//!   that continue it in lower case or in brackets (`(Ban hành kèm theo
//!   ...)`) and the authority line in capitals (`ỦY BAN NHÂN DÂN TỈNH X`).
//! - **Recipients**: from `Nơi nhận` to the next header, and the signature
//!   (`T/M BAN THƯỜNG VỤ`, `KT. CHỦ TỊCH` and the title lines in capitals
//!   under them: `PHÓ BÍ THƯ THƯỜNG TRỰC`).
//! - **Cited titles**: in every `Căn cứ ...` paragraph, the subject of each
//!   cited document, from `về` (or a law's name, `Luật Tổ chức Chính phủ`)
//!   to the next `;`. The paragraph ends at a
//!   blank line, or at a line that opens a new sentence after a line that
//!   closed one (a clean text keeps one paragraph a line), unless that line
//!   cites the next document (`Hướng dẫn số ...`).

use std::ops::Range;
use std::sync::LazyLock;

use super::MentionContext;
use super::tokens::{Token, words_at};
use crate::extract::dictionary_lines as data_lines;
use crate::text::Text;
use crate::vietnamese::fold;

/// The context of every token of `text` (tokenised from its joined form).
pub(crate) fn contexts(text: &Text, tokens: &[Token], definitions: &[Range<usize>]) -> Vec<MentionContext> {
    let mut context = vec![MentionContext::Text; tokens.len()];
    for range in cited_titles(tokens) {
        context[range].fill(MentionContext::CitedTitle);
    }
    for range in definitions {
        context[range.clone()].fill(MentionContext::Definition);
    }
    let starts = text.line_starts();
    let line_of = |token: &Token| starts.partition_point(|&s| s <= token.start).saturating_sub(1);
    let layout = Layout::read(text);
    let recipients = (0..tokens.len()).filter(|&i| {
        let starts = words_at(tokens, i, &["nơi", "nhận"]);
        starts && (tokens[i].line_start || tokens.get(i + 2).is_some_and(|t| t.is(':')))
    });
    let mut recipient_lines = Vec::new();
    for start in recipients {
        let line = line_of(&tokens[start]);
        if recipient_lines.last().is_some_and(|r: &Range<usize>| r.contains(&line)) {
            continue;
        }
        let end = layout
            .headers
            .iter()
            .find(|h| h.start > line)
            .map_or(text.lines.len(), |h| h.start);
        recipient_lines.push(line..end);
    }
    for (token, slot) in tokens.iter().zip(context.iter_mut()) {
        let line = line_of(token);
        if layout.headers.iter().any(|h| h.contains(&line)) {
            *slot = MentionContext::Header;
        } else if recipient_lines.iter().any(|r| r.contains(&line)) || layout.signatures.contains(&line) {
            *slot = MentionContext::Recipients;
        }
    }
    context
}

/// The header blocks and signature lines of a document, as line indices.
struct Layout {
    headers: Vec<Range<usize>>,
    signatures: Vec<usize>,
}

impl Layout {
    fn read(text: &Text) -> Layout {
        let lines: Vec<&str> = text.lines.iter().map(|l| l.text.trim()).collect();
        let mut headers = Vec::new();
        if let Some(block) = header_from(&lines, 0) {
            headers.push(block);
        }
        let mut after_recipients = false;
        for (i, line) in lines.iter().enumerate() {
            let folded = fold(line);
            after_recipients |= folded.starts_with("noi nhan");
            let inside = headers.iter().any(|h: &Range<usize>| h.contains(&i));
            if after_recipients && !inside && MOTTOS.iter().any(|m| folded.contains(m)) {
                headers.extend(header_from(&lines, i));
                after_recipients = false;
            }
        }
        let mut signatures = Vec::new();
        for (i, _) in lines.iter().enumerate().filter(|(_, l)| is_signature(l)) {
            let titles = lines[i + 1..].iter().take_while(|l| l.is_empty() || is_caps(l)).count();
            signatures.extend(i..=i + titles);
        }
        Layout { headers, signatures }
    }
}

/// The national and Party mottos that open a header (folded).
const MOTTOS: [&str; 3] = [
    "dang cong san viet nam",
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
];

/// Where a header read from line `start` ends (see the module doc), or
/// `None` when the lines there are no header.
fn header_from(lines: &[&str], start: usize) -> Option<Range<usize>> {
    let mut typed = false; // the last line read was the type line
    let mut title = false;
    let mut end = start;
    for (i, line) in lines.iter().enumerate().skip(start) {
        if line.is_empty() {
            continue;
        }
        let caps = is_caps(line);
        let fits = if title {
            caps || line.starts_with(['(', '[']) || line.starts_with(char::is_lowercase)
        } else if caps || is_mark(line) || is_number_and_date(line) {
            typed = caps && is_type_line(line) || typed && is_mark(line);
            true
        } else {
            title = typed && !opens_body(line);
            title
        };
        if !fits {
            break;
        }
        end = i + 1;
    }
    (end > start).then_some(start..end)
}

/// Least share of capitals among a line's letters (the motto left out)
/// for it to be written in capitals: OCR lowers a few (`Tỉnh ỦY QUẢNG NGÃI`).
const CAPS_SHARE: f64 = 0.8;

/// A line in capitals once the motto is taken out.
fn is_caps(line: &str) -> bool {
    let folded = fold(line);
    let motto = MOTTOS.iter().find_map(|m| folded.find(m).map(|at| at..at + m.len()));
    let letters = line
        .char_indices()
        .filter(|(at, c)| c.is_alphabetic() && !motto.as_ref().is_some_and(|m| m.contains(at)));
    let (mut upper, mut all) = (0, 0);
    for (_, c) in letters {
        all += 1;
        upper += usize::from(c.is_uppercase());
    }
    if all == 0 {
        return motto.is_some();
    }
    upper as f64 >= CAPS_SHARE * all as f64
}

/// A short line of marks or scanner noise (`*`, `---`, `%k`).
fn is_mark(line: &str) -> bool {
    line.chars().filter(|c| c.is_alphanumeric()).count() <= 2 && line.chars().count() <= 4
}

/// `Số 03-QC/TU Hải Phòng, ngày 04 tháng 11 năm 2025` or a part of it.
fn is_number_and_date(line: &str) -> bool {
    let folded = fold(line);
    let numbered = folded.starts_with("so ") || folded.starts_with("so:");
    numbered || folded.contains("ngay ") && folded.contains(" thang ") && folded.contains(" nam ")
}

/// The type line of a header: a document type's name in capitals (`QUY CHẾ`).
fn is_type_line(line: &str) -> bool {
    let folded = fold(
        line.trim_start_matches(|c: char| !c.is_alphabetic())
            .trim_end_matches(':'),
    );
    DOCUMENT_TYPES.iter().any(|t| folded.starts_with(t.as_str()))
}

/// A line that starts the body, not a title: a legal basis, an outline
/// label, a list item.
fn opens_body(line: &str) -> bool {
    let folded = fold(line);
    let first = folded.split_whitespace().next().unwrap_or_default();
    let labelled = first.ends_with(['.', ')']) && first.chars().count() <= 5;
    labelled
        || line.starts_with(['-', '+', '•'])
        || ["can cu", "dieu ", "chuong ", "xet ", "theo "]
            .iter()
            .any(|w| folded.starts_with(w))
}

/// `T/M BAN THƯỜNG VỤ`, `TM. ỦY BAN NHÂN DÂN`, `K/T BÍ THƯ`, `KT. CHỦ TỊCH`.
fn is_signature(line: &str) -> bool {
    ["T/M ", "TM. ", "TM ", "K/T ", "KT. ", "KT ", "Q. ", "TL. ", "T/L "]
        .iter()
        .any(|p| line.starts_with(p))
        && is_caps(line)
}

/// Names of document types, folded (`quy che`, `quyet dinh`), from the
/// second column of `dictionaries/symbol_types.tsv`.
static DOCUMENT_TYPES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names = Vec::new();
    for line in data_lines(include_str!("../../../dictionaries/symbol_types.tsv")) {
        let Some(column) = line.split('\t').nth(1) else {
            continue;
        };
        let without_notes = column.split('(').next().unwrap_or_default();
        names.extend(
            without_notes
                .split('/')
                .map(|n| fold(n.trim()))
                .filter(|n| !n.is_empty()),
        );
    }
    names
});

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
        let end = (at + 2..tokens.len())
            .find(|&i| ends_basis(tokens, i))
            .unwrap_or(tokens.len());
        let mut subject: Option<usize> = None;
        for (i, token) in tokens.iter().enumerate().take(end).skip(at) {
            let names_subject = token.is_word("về") || token.text == "Luật"; // a law is named by its subject
            match (&subject, names_subject, token.is(';')) {
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

/// Whether `tokens[i]` starts the next paragraph after a legal basis.
fn ends_basis(tokens: &[Token], i: usize) -> bool {
    let token = &tokens[i];
    if token.paragraph_start || token.line_start && (token.is('-') || token.is_any(&["căn", "xét", "theo"])) {
        return true;
    }
    let after_close = tokens[i - 1].is(';') || tokens[i - 1].is('.') || tokens[i - 1].is(',') || tokens[i - 1].is(':');
    let opens = token.capitalised() || token.text.starts_with(|c: char| c.is_ascii_digit());
    token.line_start && after_close && opens && !cites_a_document(tokens, i)
}

/// A document type's name at `tokens[i]` (`Hướng dẫn số ...`).
fn cites_a_document(tokens: &[Token], i: usize) -> bool {
    let words: String = tokens[i..]
        .iter()
        .take(3)
        .take_while(|t| t.word)
        .map(|t| fold(t.text))
        .collect::<Vec<_>>()
        .join(" ");
    DOCUMENT_TYPES.iter().any(|t| words.starts_with(t.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::bodies::tokens::tokenise;

    fn context_of(text: &str, word: &str) -> MentionContext {
        let text = Text::from_plain(text);
        let joined = text.joined();
        let tokens = tokenise(&joined);
        let at = tokens
            .iter()
            .position(|t| t.text == word)
            .expect("the word is in the text");
        contexts(&text, &tokens, &[])[at]
    }

    #[test]
    fn the_header_ends_with_the_title_and_an_attached_document_has_its_own() {
        let text = "TỈNH ỦY PHÚ THỌ ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 318-QĐ/TU Phú Thọ, ngày 09 tháng 02 năm 2026\n\
                    QUYẾT ĐỊNH\nban hành Quy định về hồ sơ của Ban Tổ chức Tỉnh ủy\n- Căn cứ Điều lệ Đảng;\n\
                    Điều 1. Giao Văn phòng Tỉnh ủy thực hiện.\nNơi nhận:\n- Thường trực Tỉnh ủy,\nT/M BAN THƯỜNG VỤ\n\
                    TỈNH ỦY PHÚ THỌ ĐẢNG CỘNG SẢN VIỆT NAM\nQUY ĐỊNH\nvề hồ sơ\n(Ban hành kèm theo Quyết định của Huyện ủy)\n\
                    Chương I\nĐiều 1. Thị ủy thực hiện.";
        assert_eq!(context_of(text, "PHÚ"), MentionContext::Header);
        assert_eq!(context_of(text, "Tổ"), MentionContext::Header);
        assert_eq!(context_of(text, "Văn"), MentionContext::Text);
        assert_eq!(context_of(text, "Thường"), MentionContext::Recipients);
        assert_eq!(context_of(text, "THƯỜNG"), MentionContext::Recipients);
        assert_eq!(context_of(text, "Huyện"), MentionContext::Header);
        assert_eq!(context_of(text, "Thị"), MentionContext::Text);
    }

    #[test]
    fn a_basis_line_ends_its_cited_titles_in_a_clean_text() {
        let text = "Căn cứ Quy định số 05-QĐ/TU của Tỉnh ủy về công tác của Ban Tổ chức;\n\
                    Hướng dẫn số 06-HD/TU về việc của Văn phòng Tỉnh ủy;\n\
                    Ban Thường vụ Tỉnh ủy quyết định về việc của Ủy ban Kiểm tra.";
        assert_eq!(context_of(text, "Tổ"), MentionContext::CitedTitle);
        assert_eq!(context_of(text, "Văn"), MentionContext::CitedTitle);
        assert_eq!(context_of(text, "Ủy"), MentionContext::Text);
    }
}
