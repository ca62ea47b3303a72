//! Directive numbers: the symbols (`số, ký hiệu`) of the documents a text cites.
//!
//! Two shapes exist. Party documents write `NUMBER-TYPE/ISSUER`
//! (`03-QC/TU`, `294-QĐ/TW`, `01-KH/UBKTTU`); state documents write
//! `NUMBER/YEAR/TYPE-ISSUER` (`30/2020/NĐ-CP`), `NUMBER/YEAR/QH13` for laws,
//! `NUMBER/TYPE-ISSUER` (`113/NQ-CP`) and, for official letters,
//! `NUMBER/ISSUER-UNIT` (`2364/VPCP-KGVX`). A candidate is accepted only when
//! its type code and issuer codes are known: the codes come from
//! `dictionaries/symbol_types.tsv` (a documented hand table) and
//! `dictionaries/symbol_codes.tsv` (counted on the corpora by
//! [`derive_code_table`]). OCR damage is undone code by code (`QD`, `Qb`,
//! `QP`, `OD` → `QĐ`; `PU` → `ĐU`), spaces around `-` and `/` are dropped,
//! and a `Số` glued to the number (`S603` = `Số 03`) is cut off.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

use super::dictionary_lines as data_lines;
use crate::text::{Span, SpanLocator, Text};
use crate::vietnamese::fold;

/// One document symbol and every place it is cited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    /// Normalised form: upper case, no spaces, `Đ` restored (`294-QĐ/TW`).
    pub normalised: String,
    /// Where it is written, in text order.
    pub mentions: Vec<Span>,
}

/// Every document symbol of `text`, each once, in order of first mention.
pub fn find_symbols(text: &Text) -> Vec<Symbol> {
    let joined = text.joined();
    let locator = SpanLocator::new(text);
    let mut order: Vec<Symbol> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (normalised, range) in scan(&joined) {
        let span = locator.span(range.start, range.end);
        match index.get(&normalised) {
            Some(&i) => order[i].mentions.push(span),
            None => {
                index.insert(normalised.clone(), order.len());
                order.push(Symbol {
                    normalised,
                    mentions: vec![span],
                });
            }
        }
    }
    order
}

/// The normalised form of one written symbol (`"294-QD/ TW"` → `"294-QĐ/TW"`),
/// or `None` when the string is not a document symbol.
pub fn normalise_symbol(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let caps = SYMBOL.captures(raw)?;
    let (normalised, range) = parse(raw, &caps)?;
    let starts_at_beginning = caps.get(0).is_some_and(|m| m.start() == 0);
    (starts_at_beginning && range.end == raw.len()).then_some(normalised)
}

/// Every accepted symbol of `haystack` with its byte range (the number and
/// codes, without a glued `Số`).
fn scan(haystack: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(caps) = SYMBOL.captures_at(haystack, at) {
        let whole = caps.get(0).map_or(at..at + 1, |m| m.range());
        match parse(haystack, &caps) {
            Some((normalised, range)) => {
                at = range.end;
                found.push((normalised, range));
            }
            None => at = next_char(haystack, whole.start),
        }
    }
    found
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(text.len(), |c| at + c.len_utf8())
}

/// A number, then either `-TYPE/ISSUER` (Party) or `[/YEAR]/CODE[-CODE...]` (state).
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<so>[Ss][6ốôo])?(?P<num>\d{1,5})[\ \t]*
        (?:
            [-–‑][\ \t]*(?P<ptype>\p{L}{1,5})[\ \t]*(?P<slash>/)?[\ \t]*(?P<piss>[\p{L}&]{1,12})
          | (?:/(?P<year>(?:19|20)\d\d))?/[\ \t]*
            (?P<codes>[\p{L}\d&]{1,16}(?:[\ \t]*[-–‑][\ \t]*[\p{L}\d&]{1,16}){0,6})
        )",
    )
    .expect("symbol pattern is valid")
});

/// Validates and normalises one regex match; returns the symbol and its range.
fn parse(haystack: &str, caps: &Captures) -> Option<(String, Range<usize>)> {
    let num = caps.name("num")?;
    let start = caps.name("so").map_or(num.start(), |m| m.start());
    if !free_before(haystack, start) || preceded_by_form_label(haystack, start) {
        return None;
    }
    let introduced = introduced_by_number_word(haystack, start);
    let (codes, end) = match (caps.name("ptype"), caps.name("piss"), caps.name("codes")) {
        (Some(kind), Some(issuer), _) => {
            // `số 01-QC TU`: OCR lost the slash; only after `số`, with a space
            let spaced = haystack[kind.end()..issuer.start()].contains([' ', '\t']);
            if caps.name("slash").is_none() && !(introduced && spaced) {
                return None;
            }
            (party_codes(kind.as_str(), issuer.as_str())?, issuer.end())
        }
        (_, _, Some(codes)) => state_codes(codes.as_str(), caps.name("year").is_some(), introduced, codes.start())?,
        _ => return None,
    };
    if !free_after(haystack, end) {
        return None;
    }
    let normalised = match caps.name("year") {
        Some(year) if caps.name("codes").is_some() => format!("{}/{}/{codes}", num.as_str(), year.as_str()),
        _ if caps.name("codes").is_some() => format!("{}/{codes}", num.as_str()),
        _ => format!("{}-{codes}", num.as_str()),
    };
    Some((normalised, num.start()..end))
}

/// Whether the word right before `at` is `số` (`Tờ trình số 412/TTr-VP`):
/// what follows is a document's number.
fn introduced_by_number_word(haystack: &str, at: usize) -> bool {
    let tail_start = haystack[..at].char_indices().rev().nth(8).map_or(0, |(i, _)| i);
    let folded = fold(&haystack[tail_start..at]);
    folded
        .split_whitespace()
        .last()
        .is_some_and(|w| w == "so" || w == "so:")
}

/// Hyphen, en dash or non-breaking hyphen: OCR and editors mix them in symbols.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '‑')
}

/// No letter, digit or joining mark right before the symbol.
fn free_before(haystack: &str, at: usize) -> bool {
    haystack[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || is_dash(c) || "/._".contains(c)))
}

/// No letter or digit right after the symbol.
fn free_after(haystack: &str, at: usize) -> bool {
    haystack[at..]
        .chars()
        .next()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '&'))
}

/// Form numbers (`Mẫu số 01/TB-ĐKT`) and annex numbers are not documents.
fn preceded_by_form_label(haystack: &str, at: usize) -> bool {
    let before = &haystack[..at];
    let tail_start = before.char_indices().rev().nth(14).map_or(0, |(i, _)| i);
    let tail = fold(&before[tail_start..])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    ["mau so", "mau ", "phu luc", "bieu so"]
        .iter()
        .any(|label| tail.contains(label))
}

/// `TYPE/ISSUER` of a Party symbol, normalised, when both codes are valid.
fn party_codes(kind: &str, issuer: &str) -> Option<String> {
    let kind = canonical_code(kind, |up| CODES.types.get(up).cloned())?;
    let issuer = canonical_code(issuer, party_issuer)?;
    Some(format!("{kind}/{issuer}"))
}

/// A Party issuer code: a known one, or an organ code ending in a level
/// (`BNCTU` = Ban Nội chính Tỉnh ủy, `UBKTHU` = Ủy ban Kiểm tra Huyện ủy).
fn party_issuer(up: &str) -> Option<String> {
    if let Some(known) = CODES.party_issuers.get(up) {
        return Some(known.clone());
    }
    let organ = PARTY_LEVELS.iter().find_map(|level| up.strip_suffix(level))?;
    let organ_ok = organ.chars().count() <= 9 && organ.chars().all(is_code_letter);
    organ_ok.then(|| up.to_string())
}

/// Level codes that end a Party issuer code: Trung ương, tỉnh/thành ủy,
/// huyện ủy, quận ủy, thị xã ủy, đảng ủy, đảng ủy khối.
const PARTY_LEVELS: [&str; 7] = ["TW", "TU", "HU", "QU", "TXU", "ĐU", "ĐUK"];

/// Accepts an upper-cased code and gives its canonical spelling.
type CodeCheck = fn(&str) -> Option<String>;

/// `TYPE-ISSUER[-ISSUER...]` (or `QH13`, or `ISSUER-UNIT`) of a state
/// symbol, normalised, and the byte offset where the kept codes end. The
/// issuer codes must be known, unless a year precedes them or `số` the
/// number (`Tờ trình số 412/TTr-VP`): any code of two or more capitals then.
fn state_codes(codes: &str, has_year: bool, introduced: bool, offset: usize) -> Option<(String, usize)> {
    let segments: Vec<Range<usize>> = SEGMENT.find_iter(codes).map(|m| m.range()).collect();
    let first = segments.first()?;
    let head = &codes[first.clone()];
    let lookup = |up: &str| CODES.types.get(up).cloned();
    let capitals_only = introduced && !has_year;
    let (mut kept, rest_check): (Vec<String>, CodeCheck) = match canonical_code(head, lookup) {
        Some(kind) => (
            vec![kind],
            if has_year || introduced {
                code_like
            } else {
                known_state_issuer
            },
        ),
        None => {
            let single = canonical_code(head, legislature).filter(|_| has_year && segments.len() == 1);
            if let Some(code) = single {
                return Some((code, offset + first.end));
            }
            (vec![canonical_code(head, known_state_issuer)?], code_like)
        }
    };
    let mut end = first.end;
    for segment in &segments[1..] {
        let written = &codes[segment.clone()];
        let unknown_shape =
            written.chars().any(|c| c.is_lowercase() || c.is_ascii_digit()) || written.chars().count() < 2;
        if capitals_only && unknown_shape && known_state_issuer(&written.to_uppercase()).is_none() {
            break; // prose (`- Ban hành`), a footnote mark (`CP2`), a cut code (`U`)
        }
        let Some(code) = canonical_code(written, rest_check) else {
            break;
        };
        kept.push(code);
        end = segment.end;
    }
    (kept.len() >= 2).then(|| (kept.join("-"), offset + end))
}

static SEGMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\d&]+").expect("segment pattern is valid"));

/// `QH13`, `UBTVQH15`: the legislature's own code, as a law's symbol ends.
fn legislature(up: &str) -> Option<String> {
    let digits = up.trim_start_matches("UBTV").strip_prefix("QH")?;
    digits.chars().all(|c| c.is_ascii_digit()).then(|| up.to_string())
}

fn known_state_issuer(up: &str) -> Option<String> {
    CODES.state_issuers.get(up).cloned().or_else(|| legislature(up))
}

/// Any upper-case code (letters, `&`, trailing digits), as after a year.
fn code_like(up: &str) -> Option<String> {
    if let Some(known) = known_state_issuer(up) {
        return Some(known);
    }
    let letters = up.trim_end_matches(|c: char| c.is_ascii_digit());
    let ok = !letters.is_empty() && letters.chars().count() <= 14 && letters.chars().all(is_code_letter);
    ok.then(|| up.to_string())
}

/// Codes are written with A–Z, Đ and `&` only.
fn is_code_letter(c: char) -> bool {
    c.is_ascii_uppercase() || c == 'Đ' || c == '&'
}

/// Cyrillic capitals that look like Latin ones (pasted or OCR'd text).
const HOMOGLYPHS: [(char, char); 11] = [
    ('А', 'A'),
    ('В', 'B'),
    ('С', 'C'),
    ('Е', 'E'),
    ('Н', 'H'),
    ('К', 'K'),
    ('М', 'M'),
    ('О', 'O'),
    ('Р', 'P'),
    ('Т', 'T'),
    ('Х', 'X'),
];

/// The canonical spelling of a written code: as accepted by `accept` once
/// upper-cased, or after undoing up to two OCR letter confusions. A code
/// written in lower case is accepted only if the table knows it.
fn canonical_code(written: &str, accept: impl Fn(&str) -> Option<String>) -> Option<String> {
    let up: String = written
        .to_uppercase()
        .chars()
        .map(|c| {
            HOMOGLYPHS
                .iter()
                .find(|(cyrillic, _)| *cyrillic == c)
                .map_or(c, |(_, latin)| *latin)
        })
        .collect();
    if let Some(code) = accept(&up) {
        return Some(code);
    }
    ocr_variants(&up).into_iter().find_map(|variant| accept(&variant))
}

/// Letters that OCR writes for another in codes: Đ read as D/P/B, Q as O/0, L as 1/I.
const CONFUSIONS: [(char, char); 7] = [
    ('D', 'Đ'),
    ('P', 'Đ'),
    ('B', 'Đ'),
    ('O', 'Q'),
    ('0', 'Q'),
    ('1', 'L'),
    ('I', 'L'),
];

/// Spellings reached by undoing one, then two, OCR confusions.
fn ocr_variants(up: &str) -> Vec<String> {
    let chars: Vec<char> = up.chars().collect();
    let fixes = |c: char| CONFUSIONS.iter().filter(move |(from, _)| *from == c).map(|(_, to)| *to);
    let mut one = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        for to in fixes(c) {
            let mut v = chars.clone();
            v[i] = to;
            one.push((i, v));
        }
    }
    let mut two = Vec::new();
    for (i, v) in &one {
        for (j, &c) in v.iter().enumerate().skip(i + 1) {
            for to in fixes(c) {
                let mut w = v.clone();
                w[j] = to;
                two.push(w.into_iter().collect::<String>());
            }
        }
    }
    one.into_iter()
        .map(|(_, v)| v.into_iter().collect())
        .chain(two)
        .collect()
}

/// The code tables: upper-case key → canonical spelling.
struct Codes {
    types: HashMap<String, String>,
    state_issuers: HashMap<String, String>,
    party_issuers: HashMap<String, String>,
}

static CODES: LazyLock<Codes> = LazyLock::new(|| {
    let mut codes = Codes {
        types: HashMap::new(),
        state_issuers: HashMap::new(),
        party_issuers: HashMap::new(),
    };
    let mut best: HashMap<(&str, String), usize> = HashMap::new();
    for line in data_lines(include_str!("../../dictionaries/symbol_types.tsv")) {
        if let Some(code) = line.split('\t').next() {
            codes.types.insert(code.to_uppercase(), code.to_string());
        }
    }
    for line in data_lines(include_str!("../../dictionaries/symbol_codes.tsv")) {
        let mut cols = line.split('\t');
        let (Some(kind), Some(code)) = (cols.next(), cols.next()) else {
            continue;
        };
        let seen: usize = cols.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let table = match kind {
            "type" => &mut codes.types,
            "issuer" => &mut codes.state_issuers,
            "party-issuer" => &mut codes.party_issuers,
            _ => continue,
        };
        // two spellings of one code (TTg, TTG): the more frequent wins
        let key = code.to_uppercase();
        if best.get(&(kind, key.clone())).is_none_or(|&n| seen > n) {
            best.insert((kind, key.clone()), seen);
            table.insert(key, code.to_string());
        }
    }
    codes
});

/// Least number of times a code must be seen in the corpora to be listed:
/// type codes need more evidence (typos such as `N-CP` occur), and the
/// rare real ones are in the hand table anyway.
fn min_count(kind: &str) -> usize {
    if kind == "type" { 10 } else { 2 }
}

/// Counts the codes of well-formed symbols in clean corpora and writes the
/// table `dictionaries/symbol_codes.tsv` holds (kind, code, count).
///
/// `texts` are clean documents; `own_symbols` are symbols known to be real
/// (the `so_hieu` column of the corpus index). Only unambiguous shapes are
/// counted: state symbols with a year (`N/YYYY/TYPE-ISSUER`) and Party
/// symbols whose issuer ends in a level code. Codes seen fewer than
/// `min_count` times are left out.
pub fn derive_code_table<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    own_symbols: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut counts: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    let mut count = |kind: &'static str, code: &str| *counts.entry((kind, code.to_string())).or_default() += 1;
    let strict = Regex::new(
        r"(?:^|[^\w/.])\d{1,5}(?:/(?:19|20)\d\d/(?P<state>[A-ZĐ][A-Za-zĐ\d&]*(?:[-–‑][A-ZĐ][A-Za-zĐ\d&]*)*)|[-–‑](?P<ptype>[A-ZĐ][A-Za-zĐ]{0,4})/(?P<piss>[A-ZĐ][A-ZĐ&]{0,11}))(?:\W|$)",
    )
    .expect("strict symbol pattern is valid");
    for text in texts {
        for caps in strict.captures_iter(text) {
            if let Some(state) = caps.name("state") {
                count_state(state.as_str(), &mut count);
            }
            if let (Some(kind), Some(issuer)) = (caps.name("ptype"), caps.name("piss"))
                && PARTY_LEVELS.iter().any(|level| issuer.as_str().ends_with(level))
            {
                count("type", kind.as_str());
                count("party-issuer", issuer.as_str());
            }
        }
    }
    for symbol in own_symbols {
        if let Some(caps) = strict.captures(symbol).and_then(|c| c.name("state")) {
            count_state(caps.as_str(), &mut count);
        }
    }
    let mut out = String::from(
        "# Codes of document symbols counted on the clean corpora (corpus-ext, corpus-party)\n\
         # by vanban::extract::symbols::derive_code_table; regenerate with\n\
         #   VANBAN_BLESS=1 cargo test --test symbols\n\
         # kind\tcode\tcount\n",
    );
    for ((kind, code), n) in counts.into_iter().filter(|((kind, _), n)| *n >= min_count(kind)) {
        out.push_str(&format!("{kind}\t{code}\t{n}\n"));
    }
    out
}

/// Counts `TYPE-ISSUER[-ISSUER...]` (or a lone `QH13`) of a state symbol.
fn count_state(codes: &str, count: &mut impl FnMut(&'static str, &str)) {
    let segments: Vec<&str> = codes.split(is_dash).filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [single] if legislature(single).is_some() => count("issuer", single),
        [kind, issuers @ ..] => {
            count("type", kind);
            issuers.iter().for_each(|issuer| count("issuer", issuer));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        find_symbols(&Text::from_plain(text))
            .into_iter()
            .map(|s| s.normalised)
            .collect()
    }

    #[test]
    fn party_symbols_and_their_ocr_forms() {
        let cases = [
            ("294-QĐ/TW", "294-QĐ/TW"),
            ("294-QD/ TW", "294-QĐ/TW"),
            ("294-Qb/TW", "294-QĐ/TW"),
            ("84-QP/TU", "84-QĐ/TU"),
            ("446-OD/TU", "446-QĐ/TU"),
            ("446- QB/TU", "446-QĐ/TU"),
            ("S603 -QC/TU", "03-QC/TU"),
            ("03-QC/PU", "03-QC/ĐU"),
            ("05-NQ/DU", "05-NQ/ĐU"),
            ("20-QC/BNCTU", "20-QC/BNCTU"),
            ("01-KH/UBKTTU", "01-KH/UBKTTU"),
            ("12-CTr/TU", "12-CTr/TU"),
        ];
        assert_normalises(&cases);
    }

    fn assert_normalises(cases: &[(&str, &str)]) {
        for (raw, want) in cases {
            assert_eq!(normalise_symbol(raw).as_deref(), Some(*want), "{raw}");
        }
    }

    #[test]
    fn state_symbols() {
        let cases = [
            ("15/2024/QĐ-UBND", "15/2024/QĐ-UBND"),
            ("30/2020/ND-CP", "30/2020/NĐ-CP"),
            ("80/2015/QH13", "80/2015/QH13"),
            ("113/NQ-CP", "113/NQ-CP"),
            ("169/QĐ-BLĐTBXH", "169/QĐ-BLĐTBXH"),
            ("01/2025/TT-BLĐTBXH", "01/2025/TT-BLĐTBXH"),
            ("14/CT-TTg", "14/CT-TTg"),
            ("30/2020/NĐ-СР", "30/2020/NĐ-CP"),
        ];
        assert_normalises(&cases);
    }

    #[test]
    fn dates_numbers_and_prose_are_not_symbols() {
        let text = "ngày 26/5/2025, tỷ lệ 3/4, mục 1.2-a, điện thoại 0225.3842/123, \
                    T/M BAN THƯỜNG VỤ, đ/c Lê, 24/7, Mẫu số 01/TB-ĐKT, khoản 2/ Ban hành";
        assert!(all(text).is_empty(), "{:?}", all(text));
        assert_eq!(normalise_symbol("26/5/2025"), None);
        assert_eq!(normalise_symbol("294-QĐ/TW là"), None);
    }

    #[test]
    fn each_symbol_once_with_every_mention() {
        let text = "Số 06-QC/TU\nCăn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025;\nQuy định số 294-QD/TW và Nghị định 30/2020/NĐ-CP.";
        let found = find_symbols(&Text::from_plain(text));
        let names: Vec<_> = found.iter().map(|s| s.normalised.as_str()).collect();
        assert_eq!(names, ["06-QC/TU", "294-QĐ/TW", "30/2020/NĐ-CP"]);
        let lines: Vec<_> = found[1].mentions.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 2]);
    }

    #[test]
    fn after_so_any_issuer_in_capitals_and_a_lost_slash_are_read() {
        assert_eq!(all("theo đề nghị tại Tờ trình số 412/TTr-VP ngày 20"), ["412/TTr-VP"]);
        assert_eq!(all("Quy chế làm việc số 01-QC TU, ngày 24/7/2025"), ["01-QC/TU"]);
        assert!(all("tại Tờ trình 412/TTr-VP và Điều 5- Trách nhiệm, 01-QC TU").is_empty());
    }

    #[test]
    fn trailing_prose_after_a_state_symbol_is_cut_off() {
        let found = all("theo Quyết định số 15/QĐ-UBND - Ban hành kèm theo");
        assert_eq!(found, ["15/QĐ-UBND"]);
    }
}
