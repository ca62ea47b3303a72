//! The header fields: issuer, number, type, date, place, title, signer.
//!
//! Read from the labelled lines: the header lines above the type line
//! (issuer, number, place and date), the type and title lines, the
//! promulgation formula of the preamble (`Ban Thường vụ Thành ủy ban hành
//! ...`) and the first closing block (`T/M BAN THƯỜNG VỤ`, the signer's
//! title, the name). The issuer is the body that signs: the collective the
//! signature speaks for (`T/M BAN THƯỜNG VỤ`) joined to the organisation of
//! the header (`THÀNH ỦY HẢI PHÒNG`).

use crate::text::{Span, SpanLocator, Text};
use crate::vietnamese::strip_marks;

use super::key::{Key, clean_value, is_upper_line, key_of, words};
use super::labels::{Label, Labelled, header_type_line, type_line};
use super::lexicon::{
    BODIES, LEVEL_WORDS, PLACES, PROVINCES, TITLES, canonical_place, capitalise, is_family_name, word_like,
};
use super::refs::{find_date_in_line, find_symbol};
use super::{Header, HeaderSpans, LineKind};

/// How many lines of a closing block can hold the signature.
const CLOSING_LINES: usize = 40;

/// The most words a signer's title has (`Phó Trưởng ban Thường trực`).
const TITLE_WORDS: usize = 6;

/// Reads the header of a labelled text.
pub(crate) fn read(text: &Text, labelled: &Labelled) -> Header {
    let reader = Reader {
        text,
        labelled,
        locator: SpanLocator::new(text),
    };
    let mut header = Header::default();
    let mut spans = HeaderSpans::default();
    reader.number_date_place(&mut header, &mut spans);
    reader.type_and_title(&mut header, &mut spans);
    reader.signature(&mut header, &mut spans);
    reader.issuer(&mut header, &mut spans);
    agree_place_spelling(&mut header);
    header.spans = spans;
    header
}

/// Spells the place of the date line and the same name in the issuer
/// alike (`HUYỆN ỦY HẢI HẬU` / `Hai Hậu, ngày ...`): the spelling with more
/// diacritics, since an OCR drops marks far more often than it adds them.
fn agree_place_spelling(header: &mut Header) {
    let (Some(place), Some(issuer)) = (header.place.clone(), header.issuer.clone()) else {
        return;
    };
    let place_key = key_of(&place);
    let count = place.split_whitespace().count();
    let words: Vec<&str> = issuer.split_whitespace().collect();
    if count == 0 || count > words.len() {
        return;
    }
    let Some(at) = (0..=words.len() - count)
        .rev()
        .find(|&at| key_of(&words[at..at + count].join(" ")) == place_key)
    else {
        return;
    };
    let in_issuer = words[at..at + count].join(" ");
    let marks = |text: &str| {
        text.chars()
            .filter(|&c| strip_marks(c.encode_utf8(&mut [0; 4])) != c.to_string())
            .count()
    };
    if marks(&in_issuer) > marks(&place) {
        header.place = Some(in_issuer);
    } else if marks(&place) > marks(&in_issuer) {
        let (before, after) = (words[..at].join(" "), words[at + count..].join(" "));
        header.issuer = Some(
            [before.as_str(), place.as_str(), after.as_str()]
                .join(" ")
                .trim()
                .to_string(),
        );
    }
}

struct Reader<'a> {
    text: &'a Text,
    labelled: &'a Labelled,
    locator: SpanLocator<'a>,
}

/// Words of a key without surrounding punctuation.
fn clean_words(key: &str) -> Vec<&str> {
    words(key)
        .map(|(_, w)| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

impl Reader<'_> {
    fn line(&self, i: usize) -> &str {
        &self.text.lines[i].text
    }

    fn key(&self, i: usize) -> &Key {
        &self.labelled.keys[i]
    }

    /// The span of bytes `start..end` of line `i`.
    fn span_in(&self, i: usize, start: usize, end: usize) -> Span {
        let at = self.locator.line_start(i);
        self.locator.span(at + start, at + end)
    }

    fn line_span(&self, first: usize, last: usize) -> Span {
        let end = self.locator.line_start(last) + self.line(last).trim_end().len();
        self.locator.span(self.locator.line_start(first), end)
    }

    /// Lines of the document's own header (before its first type line).
    fn header_lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.labelled
            .labels
            .iter()
            .take_while(|l| {
                !matches!(
                    l,
                    Label::Plain(LineKind::DocType) | Label::Plain(LineKind::Preamble) | Label::Heading(_)
                )
            })
            .enumerate()
            .filter(|(_, l)| **l == Label::Plain(LineKind::Header))
            .map(|(i, _)| i)
    }

    fn number_date_place(&self, header: &mut Header, spans: &mut HeaderSpans) {
        let lines: Vec<usize> = self.header_lines().collect();
        for &i in &lines {
            if header.number.is_some() {
                break;
            }
            if let Some(found) = self.document_number(i) {
                header.number = Some(found.value);
                spans.number = Some(self.span_in(i, found.start, found.end));
            }
        }
        for &i in &lines {
            let Some((date_at, date_end, date)) = self.date_of(i) else {
                continue;
            };
            header.date = date.map(|d| d.format("%Y-%m-%d").to_string());
            if header.date.is_some() {
                spans.date = Some(self.span_in(i, date_at, date_end));
            }
            let line = self.line(i);
            let from = find_symbol(line).map_or(0, |f| f.end);
            let place = clean_value(line.get(from..date_at).unwrap_or(""));
            let place = place.trim_start_matches(|c: char| !c.is_alphabetic());
            if !place.is_empty() && place.chars().any(char::is_alphabetic) {
                header.place = Some(canonical_place(place));
                let start = from
                    + line[from..]
                        .find(place.split_whitespace().next().unwrap_or(""))
                        .unwrap_or(0);
                spans.place = Some(self.span_in(i, start, date_at));
            }
            break;
        }
    }

    /// The document's own number on a header line: a symbol after `Số`
    /// (which the OCR writes `S6`, `s6`, `Sé`), or alone on the line.
    fn document_number(&self, i: usize) -> Option<super::refs::Found<String>> {
        let found = find_symbol(self.line(i))?;
        let before = key_of(&self.line(i)[..found.start]);
        let last_word = before
            .trim_end_matches([' ', ':', '.'])
            .split_whitespace()
            .last()
            .unwrap_or("");
        let last_word = last_word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let after_so = last_word.is_empty() || last_word.starts_with('s') && last_word.chars().count() <= 3;
        after_so.then_some(found)
    }

    /// The date on a header line, or at least where the `ngày` of a date
    /// stands (when its figures are unreadable): line offsets and the date.
    fn date_of(&self, i: usize) -> Option<(usize, usize, Option<chrono::NaiveDate>)> {
        let key = self.key(i);
        if let Some(found) = find_date_in_line(key) {
            return Some((found.start, found.end, Some(found.value)));
        }
        let (at, _) = key.words().find(|(_, w)| word_like(w, "ngay") && w.len() == 4)?;
        let after = &key.text[at + 4..];
        after
            .contains("th")
            .then(|| (key.line_offset(at), self.line(i).len(), None))
    }

    fn type_and_title(&self, header: &mut Header, spans: &mut HeaderSpans) {
        let labels = &self.labelled.labels;
        let Some(type_at) = labels.iter().position(|l| *l == Label::Plain(LineKind::DocType)) else {
            self.official_letter(header, spans);
            return;
        };
        let line = self.line(type_at);
        let key = self.key(type_at);
        header.doc_type = header_type_line(line, key).map(str::to_string);
        spans.doc_type = Some(self.line_span(type_at, type_at));
        let extra = type_rest(line, key);
        let mut title_lines: Vec<usize> = Vec::new();
        for (i, label) in labels.iter().enumerate().skip(type_at + 1) {
            match label {
                Label::Plain(LineKind::Title) => title_lines.push(i),
                Label::Plain(LineKind::Blank) | Label::Plain(LineKind::Noise) => {}
                _ => break,
            }
        }
        let mut parts: Vec<String> = extra.into_iter().collect();
        parts.extend(title_lines.iter().map(|&i| self.line(i).to_string()));
        let title = clean_value(&parts.join(" "));
        if !title.is_empty() {
            header.title = Some(title);
            let first = title_lines.first().copied().unwrap_or(type_at);
            spans.title = Some(self.line_span(first, title_lines.last().copied().unwrap_or(type_at)));
        }
    }

    /// A letter (Công văn) has no type line: its `V/v ...` line is its title.
    fn official_letter(&self, header: &mut Header, spans: &mut HeaderSpans) {
        let found = self.labelled.keys.iter().take(40).enumerate().find_map(|(i, k)| {
            let at = k.words().find(|(_, w)| w.starts_with("v/v"))?.0;
            Some((i, at))
        });
        if let Some((i, at)) = found {
            let line = self.line(i);
            let at = self.key(i).line_offset(at + 3);
            header.doc_type = Some("Công văn".into());
            header.title = Some(clean_value(&line[at..])).filter(|t| !t.is_empty());
            spans.title = Some(self.line_span(i, i));
        }
    }

    /// The first closing block: from the first closing line to the next
    /// line of another kind.
    fn closing_block(&self) -> Vec<usize> {
        let labels = &self.labelled.labels;
        let Some(start) = labels.iter().position(|l| *l == Label::Plain(LineKind::Closing)) else {
            return Vec::new();
        };
        (start..labels.len())
            .take_while(|&i| {
                matches!(
                    labels[i],
                    Label::Plain(LineKind::Closing) | Label::Plain(LineKind::Blank) | Label::Plain(LineKind::Noise)
                )
            })
            .filter(|&i| labels[i] == Label::Plain(LineKind::Closing))
            .take(CLOSING_LINES)
            .collect()
    }

    fn signature(&self, header: &mut Header, spans: &mut HeaderSpans) {
        let block = self.closing_block();
        let mut title_line = None;
        for &i in &block {
            if let Some((title, at)) = signer_title(self.line(i), self.key(i)) {
                header.signer_title = Some(title.to_string());
                spans.signer_title = Some(self.span_in(i, at, self.line(i).trim_end().len()));
                title_line = Some(i);
            }
        }
        let after = title_line.unwrap_or(0);
        let names = block
            .iter()
            .filter(|&&i| i >= after)
            .filter_map(|&i| person_name(self.line(i), title_line.is_some_and(|t| i > t)).map(|n| (i, n)));
        let chosen = if title_line.is_some() {
            names.into_iter().next()
        } else {
            names.into_iter().next_back()
        };
        if let Some((i, (start, name))) = chosen {
            spans.signer = Some(self.span_in(i, start, start + name.len()));
            header.signer = Some(name);
        }
    }

    fn issuer(&self, header: &mut Header, spans: &mut HeaderSpans) {
        let organisation = self.organisation();
        let collective = self
            .signature_collective()
            .or_else(|| self.promulgation_subject().and_then(|s| s.1));
        let organisation = organisation.map(|(text, span)| (text, Some(span))).or_else(|| {
            self.promulgation_subject()
                .map(|(org, _)| (self.with_place(&org), None))
        });
        let Some((organisation, span)) = organisation else {
            return;
        };
        let collective = collective.or_else(|| title_collective(header.title.as_deref()?, &organisation));
        header.issuer = Some(match collective {
            Some(collective) => join_collective(&collective, &organisation),
            None => organisation,
        });
        spans.issuer = span;
    }

    /// The organisation named in the header's left column (`THÀNH ỦY HẢI
    /// PHÒNG`; `TỈNH ỦY LÀO CAI` / `BAN TỔ CHỨC` → `Ban Tổ chức Tỉnh ủy Lào Cai`).
    fn organisation(&self) -> Option<(String, Span)> {
        let mut names: Vec<(usize, String)> = Vec::new();
        let mut column_end = 0;
        for i in self.header_lines() {
            let line = self.line(i);
            let end = motto_start(line, self.key(i));
            let left = clean_value(&line[..end]);
            let key = key_of(&left);
            let is_name = is_upper_line(&left)
                && find_symbol(&left).is_none()
                && !key.starts_with("van ban quy pham")
                && !key.starts_with("doc lap")
                && BODIES.match_prefix(&clean_words(&key)).is_some();
            let repeated = names.last().is_some_and(|(_, n)| key_of(n) == key);
            if is_name && !repeated {
                names.push((i, left));
                column_end = end;
            } else if let Some((at, name)) = names.last_mut().filter(|(at, _)| *at + 1 == i)
                && is_level_and_place(&left, &key)
            {
                *name = format!("{name} {left}");
                *at = i;
                column_end = end;
            }
        }
        let (last_line, last) = names.pop()?;
        let department = ["ban ", "van phong", "uy ban kiem tra", "phong "]
            .iter()
            .any(|p| key_of(&last).starts_with(p));
        let (first_line, text) = match names.pop() {
            Some((i, parent)) if department && !is_committee_member(&last) => {
                (i, format!("{last} {}", committee_of(&parent)))
            }
            _ => (last_line, last),
        };
        let (first, last) = (first_line.min(last_line), last_line.max(first_line));
        let end = self.locator.line_start(last) + self.line(last)[..column_end].trim_end().len();
        Some((
            canonical_body(&text),
            self.locator.span(self.locator.line_start(first), end),
        ))
    }

    /// The collective a signature speaks for: `T/M BAN THƯỜNG VỤ` → `Ban Thường vụ`.
    fn signature_collective(&self) -> Option<String> {
        self.closing_block().into_iter().find_map(|i| {
            let key = &self.key(i).text;
            let (at, mark) = words(key).find_map(|(at, w)| {
                let glued = w
                    .strip_prefix("t/m")
                    .is_some_and(|rest| rest.starts_with(char::is_alphabetic));
                let mark = if glued { "t/m" } else { w };
                ["t/m", "tm.", "taw", "t/m.", "tm"]
                    .contains(&mark)
                    .then_some((at, mark))
            })?;
            let rest = key.get(at + mark.len()..)?;
            let folded = clean_words(rest);
            BODIES.match_prefix(&folded).map(|(name, _)| name.to_string())
        })
    }

    /// The subject of the promulgation formula: `Ban Thường vụ Tỉnh ủy ban
    /// hành ...` or `BAN THƯỜNG VỤ THÀNH ỦY QUYẾT ĐỊNH:` → the organisation
    /// (`Tỉnh ủy`) and the collective (`Ban Thường vụ`).
    fn promulgation_subject(&self) -> Option<(String, Option<String>)> {
        let labels = &self.labelled.labels;
        (0..labels.len())
            .filter(|&i| labels[i] == Label::Plain(LineKind::Preamble))
            .find_map(|i| {
                let key = &self.key(i).text;
                let formula = ["ban hanh", "quyet dinh", "quyet pinh"].iter().any(|f| key.contains(f));
                let folded = clean_words(key);
                let (collective, used) = BODIES.match_prefix(&folded).filter(|_| formula)?;
                let (organisation, _) = BODIES.match_prefix(&folded[used..])?;
                Some((organisation.to_string(), Some(collective.to_string())))
            })
    }

    /// `organisation` (`Tỉnh ủy`) with the province the text names most
    /// often appended (`Tỉnh ủy Hưng Yên`).
    fn with_place(&self, organisation: &str) -> String {
        let keys = &self.labelled.keys;
        let best = PROVINCES
            .iter()
            .map(|p| {
                let needle = key_of(p);
                (keys.iter().map(|k| count_words(&k.text, &needle)).sum::<usize>(), *p)
            })
            .filter(|(count, _)| *count > 0)
            .max_by_key(|(count, _)| *count);
        match best {
            Some((_, place)) => format!("{organisation} {place}"),
            None => organisation.to_string(),
        }
    }
}

/// How often `needle` stands in `text` as whole words.
fn count_words(text: &str, needle: &str) -> usize {
    let bytes = text.as_bytes();
    text.match_indices(needle)
        .filter(|&(at, _)| {
            let before = at.checked_sub(1).map(|b| bytes[b]);
            let after = bytes.get(at + needle.len()).copied();
            !before.is_some_and(|b| b.is_ascii_alphanumeric()) && !after.is_some_and(|b| b.is_ascii_alphanumeric())
        })
        .count()
}

/// The words after a type at the start of a type line (`LUẬT BẢO HIỂM XÃ
/// HỘI` → `BẢO HIỂM XÃ HỘI`).
fn type_rest(line: &str, key: &Key) -> Option<String> {
    let name = type_line(key, true)?;
    let n = words(&key_of(name)).count();
    let (at, _) = key
        .words()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .nth(n)?;
    Some(clean_value(key.rest_of(line, at))).filter(|t| !t.is_empty())
}

/// Where the motto column starts on a two-column header line (`... ĐẢNG
/// CỘNG SẢN VIỆT NAM`, `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`), or the line's end.
fn motto_start(line: &str, key: &Key) -> usize {
    let folded: Vec<(usize, &str)> = key.words().collect();
    for (k, &(at, word)) in folded.iter().enumerate() {
        let next = |n: usize| folded.get(k + n).map_or("", |w| w.1);
        if word_like(word, "cong") && word_like(next(1), "san") {
            let start = if k > 0 && word_like(folded[k - 1].1, "dang") {
                folded[k - 1].0
            } else {
                at
            };
            return key.line_offset(start);
        }
        if word_like(word, "cong") && word_like(next(1), "hoa") {
            return key.line_offset(at);
        }
        if word_like(word, "doc") && word_like(next(1), "lap") {
            return key.line_offset(at);
        }
    }
    line.len()
}

/// Whether a header line in capitals names a level and a place (`TỈNH
/// NGHỆ AN` under `ỦY BAN NHÂN DÂN`): the rest of the name above it.
fn is_level_and_place(left: &str, key: &str) -> bool {
    let folded = clean_words(key);
    is_upper_line(left) && LEVEL_WORDS.match_prefix(&folded).is_some_and(|(_, n)| n < folded.len())
}

/// The committee of a party organisation named in capitals, which its
/// departments belong to: `ĐẢNG BỘ TỈNH LẠNG SƠN` → `TỈNH ỦY LẠNG SƠN`
/// (`ĐẢNG BỘ XÃ X` → `ĐẢNG ỦY XÃ X`); any other name as it is.
fn committee_of(parent: &str) -> String {
    const COMMITTEES: [(&str, &str); 5] = [
        ("tinh", "TỈNH ỦY"),
        ("thanh pho", "THÀNH ỦY"),
        ("huyen", "HUYỆN ỦY"),
        ("quan", "QUẬN ỦY"),
        ("thi xa", "THỊ ỦY"),
    ];
    let words: Vec<&str> = parent.split_whitespace().collect();
    let key = key_of(parent);
    let folded: Vec<&str> = key.split_whitespace().collect();
    if folded.len() != words.len() || folded.len() < 4 || folded[..2] != ["dang", "bo"] {
        return parent.to_string();
    }
    let level = &folded[2..];
    let committee = COMMITTEES.iter().find(|(name, _)| {
        let name: Vec<&str> = name.split(' ').collect();
        level.len() > name.len() && level.starts_with(&name)
    });
    match committee {
        Some((name, capitals)) => format!("{capitals} {}", words[2 + name.split(' ').count()..].join(" ")),
        None => format!("ĐẢNG ỦY {}", words[2..].join(" ")),
    }
}

/// The collective a title names as its author, of the organisation in the
/// header: `của Ban Thường vụ Thành ủy về ...` under `THÀNH ỦY ĐÀ NẴNG` →
/// `Ban Thường vụ` (a conclusion or notice whose signature the OCR lost).
fn title_collective(title: &str, organisation: &str) -> Option<String> {
    let key = key_of(title);
    let folded = clean_words(key.strip_prefix("cua ")?);
    let (collective, used) = BODIES
        .match_prefix(&folded)
        .filter(|(name, _)| is_committee_member(name))?;
    let (body, _) = BODIES.match_prefix(&folded[used..])?;
    key_of(organisation)
        .starts_with(&key_of(body))
        .then(|| collective.to_string())
}

/// Whether a department name is in fact a collective of the committee above it.
fn is_committee_member(name: &str) -> bool {
    let key = key_of(name);
    key.starts_with("ban thuong vu") || key.starts_with("ban chap hanh")
}

/// The issuer that a collective (`Ban Thường vụ`, `Ban Chấp hành`) of an
/// organisation (`Thành ủy Hải Phòng`) makes: `Ban Thường vụ Thành ủy Hải
/// Phòng`, `Ban Chấp hành Đảng bộ thành phố Hải Phòng`.
fn join_collective(collective: &str, organisation: &str) -> String {
    let org_key = key_of(organisation);
    if org_key.starts_with(&key_of(collective)) {
        return organisation.to_string();
    }
    let committee = ["tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy"]
        .iter()
        .position(|c| org_key.starts_with(c));
    match (collective, committee) {
        ("Ban Chấp hành", Some(level)) => {
            let levels = ["tỉnh", "thành phố", "huyện", "quận", "thị xã", ""];
            let place = organisation.split_whitespace().skip(2).collect::<Vec<_>>().join(" ");
            let level = levels[level];
            let party = if level.is_empty() {
                "Đảng bộ".to_string()
            } else {
                format!("Đảng bộ {level}")
            };
            format!("Ban Chấp hành {party} {place}").trim_end().to_string()
        }
        ("Ban Thường vụ" | "Thường trực", Some(_)) => {
            format!("{collective} {organisation}")
        }
        _ => organisation.to_string(),
    }
}

/// A body's name in canonical spelling: known bodies, levels and
/// provinces written canonically (`THANH UY HAI PHONG` → `Thành ủy Hải
/// Phòng`), other words of a capitalised name title-cased.
pub(crate) fn canonical_body(text: &str) -> String {
    let original: Vec<&str> = text.split_whitespace().collect();
    let key = key_of(text);
    let folded: Vec<&str> = key.split_whitespace().collect();
    if folded.len() != original.len() {
        return clean_value(text);
    }
    let upper = is_upper_line(text);
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < folded.len() {
        let rest = &folded[k..];
        let known = longest_known(rest);
        if let Some((name, used)) = known {
            out.push(name.to_string());
            k += used;
            continue;
        }
        let word = original[k];
        out.push(match folded[k] {
            "khoa" => "khóa".to_string(),
            _ if upper && super::markers::roman_value(word).is_some() => word.to_string(),
            _ if upper => capitalise(word),
            _ => word.to_string(),
        });
        k += 1;
    }
    let joined = out.join(" ");
    let central = "Ban Chấp hành Trung ương";
    if joined.starts_with(central) && !joined[central.len()..].trim_start().starts_with("Đảng") {
        return joined.replacen(central, "Ban Chấp hành Trung ương Đảng", 1);
    }
    joined
}

/// The longest body, level or province that folded words start with (a
/// province's two words before a level's one: `QUẢNG NGÃI` is no `quận`).
fn longest_known(folded: &[&str]) -> Option<(&'static str, usize)> {
    [&*BODIES, &*LEVEL_WORDS, &*PLACES]
        .iter()
        .filter_map(|list| list.match_prefix(folded))
        .fold(None, |best: Option<(&'static str, usize)>, found| match best {
            Some(b) if b.1 >= found.1 => Some(b),
            _ => Some(found),
        })
}

/// The signer's title at the end of a closing line (`Noi nhéan: e~ BI
/// THU` → `Bí thư`), in capitals: the canonical title and its line offset.
fn signer_title(line: &str, key: &Key) -> Option<(&'static str, usize)> {
    let folded: Vec<(usize, &str)> = key
        .words()
        .map(|(at, w)| (at, w.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    let first = folded.len().saturating_sub(TITLE_WORDS);
    (first..folded.len()).find_map(|start| {
        let rest: Vec<&str> = folded[start..].iter().map(|w| w.1).collect();
        let name = TITLES.match_exact(&rest)?;
        let at = key.line_offset(folded[start].0);
        is_upper_line(&line[at..]).then_some((name, at))
    })
}

/// A person's name at the end of a line (after its last comma, colon or
/// full stop): two to five capitalised words, the first a family name.
/// A line that is nothing but the name, under the signer's title
/// (`under_title`), needs no known family name (`Y Khuê Niê`), and its
/// first letter may be the OCR's lower-case `b` or `p` for `Đ`. Returns
/// its line offset and the name as written.
fn person_name(line: &str, under_title: bool) -> Option<(usize, String)> {
    let cleaned = line.trim_end_matches(|c: char| c.is_whitespace() || "*.,;|‘’'_".contains(c));
    let start = cleaned.rfind([',', ':', '.']).map_or(0, |at| at + 1);
    let segment = cleaned[start..].trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '*');
    let names: Vec<&str> = segment.split_whitespace().collect();
    let alone = under_title && start == 0 && !line.trim_start().starts_with('-');
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let first_ok = names.first().is_some_and(|first| {
        is_family_name(first) || alone && (capitalised(first) || first.starts_with(['b', 'p', 'đ']))
    });
    let shaped = (2..=5).contains(&names.len())
        && first_ok
        && names[1..].iter().all(capitalised)
        && names.iter().all(|w| w.chars().all(char::is_alphabetic))
        && !is_upper_line(segment);
    let place = PLACES.match_exact(&clean_words(&key_of(segment))).is_some();
    (shaped && !place).then(|| {
        (
            line.len() - line[start..].trim_start_matches(|c: char| !c.is_alphabetic()).len(),
            names.join(" "),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_written_canonically() {
        assert_eq!(canonical_body("THANH UY HAI PHONG"), "Thành ủy Hải Phòng");
        assert_eq!(canonical_body("HUYỆN ỦY YÊN THẾ"), "Huyện ủy Yên Thế");
        assert_eq!(
            canonical_body("Ban Chap hanh Trung wong khoa XIII"),
            "Ban Chấp hành Trung ương Đảng khóa XIII"
        );
        assert_eq!(
            canonical_body("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"),
            "Ủy ban nhân dân tỉnh Nghệ An"
        );
        assert_eq!(canonical_body("BỘ TÀI CHÍNH"), "Bộ Tài Chính");
    }

    #[test]
    fn collectives_join_their_organisation() {
        assert_eq!(
            join_collective("Ban Thường vụ", "Thành ủy Hải Phòng"),
            "Ban Thường vụ Thành ủy Hải Phòng"
        );
        assert_eq!(
            join_collective("Ban Chấp hành", "Tỉnh ủy Nghệ An"),
            "Ban Chấp hành Đảng bộ tỉnh Nghệ An"
        );
        assert_eq!(
            join_collective("Ủy ban Kiểm tra", "Ủy ban Kiểm tra Tỉnh ủy Thanh Hóa"),
            "Ủy ban Kiểm tra Tỉnh ủy Thanh Hóa"
        );
    }

    #[test]
    fn place_and_issuer_agree_on_the_spelling_with_more_marks() {
        let mut header = Header {
            place: Some("Hai Hậu".into()),
            issuer: Some("Huyện ủy Hải Hậu".into()),
            ..Header::default()
        };
        agree_place_spelling(&mut header);
        assert_eq!(header.place.as_deref(), Some("Hải Hậu"));
        header.issuer = Some("Đảng ủy phường Ninh Kieu".into());
        header.place = Some("Ninh Kiều".into());
        agree_place_spelling(&mut header);
        assert_eq!(header.issuer.as_deref(), Some("Đảng ủy phường Ninh Kiều"));
    }

    #[test]
    fn a_title_names_its_collective() {
        let title = "của Ban Thường vụ Thành ủy về phát triển nhà ở xã hội";
        assert_eq!(
            title_collective(title, "Thành ủy Đà Nẵng").as_deref(),
            Some("Ban Thường vụ")
        );
        assert_eq!(title_collective(title, "Tỉnh ủy Nghệ An"), None);
        assert_eq!(title_collective("về phát triển nhà ở", "Thành ủy Đà Nẵng"), None);
    }

    #[test]
    fn departments_belong_to_the_committee() {
        assert_eq!(committee_of("ĐẢNG BỘ TỈNH LẠNG SƠN"), "TỈNH ỦY LẠNG SƠN");
        assert_eq!(committee_of("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG"), "THÀNH ỦY HẢI PHÒNG");
        assert_eq!(committee_of("ĐẢNG BỘ XÃ MƯỜNG HOA"), "ĐẢNG ỦY XÃ MƯỜNG HOA");
        assert_eq!(committee_of("TỈNH ỦY NGHỆ AN"), "TỈNH ỦY NGHỆ AN");
    }

    #[test]
    fn signature_lines() {
        let line = "Noi nhéan: e~ BI THU";
        assert_eq!(signer_title(line, &Key::new(line)).map(|t| t.0), Some("Bí thư"));
        let line = "PHÓ BÍ THƯ THƯỜNG TRỰC**";
        assert_eq!(
            signer_title(line, &Key::new(line)).map(|t| t.0),
            Some("Phó Bí thư Thường trực")
        );
        assert_eq!(
            person_name("- Céc d/c Uy vién Thanh 1y, Lé Tién Chau", false)
                .map(|n| n.1)
                .as_deref(),
            Some("Lé Tién Chau")
        );
        assert_eq!(
            person_name("Trần Quốc Toản", false).map(|n| n.1).as_deref(),
            Some("Trần Quốc Toản")
        );
        assert_eq!(person_name("- Luu Van phong Thanh uy.", true), None);
        assert_eq!(person_name("- UBND thành phố, Hà Nội", false), None);
        assert_eq!(
            person_name("- Lưu Văn phòng Tỉnh ủy. Lê Quang Vinh", false)
                .map(|n| n.1)
                .as_deref(),
            Some("Lê Quang Vinh")
        );
        assert_eq!(
            person_name("Y Khuê Niê", true).map(|n| n.1).as_deref(),
            Some("Y Khuê Niê")
        );
        assert_eq!(person_name("Y Khuê Niê", false), None);
    }

    #[test]
    fn mottos_are_cut_from_issuer_lines() {
        let line = "THANH UY HAI PHONG PANG CONG SAN VIET NAM";
        assert_eq!(&line[..motto_start(line, &Key::new(line))], "THANH UY HAI PHONG ");
        let line = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        assert_eq!(&line[..motto_start(line, &Key::new(line))], "ỦY BAN NHÂN DÂN ");
    }
}
