//! What the decoder must not read as words: list markers at the start of
//! a line and lines of OCR noise.
//!
//! A point marker (`a)`, `c)`, `¢)`) or a Roman numeral (`II.`, `IV.`) opening a
//! line is structure, not a word: the language model, which sees a lone
//! letter as a rare word, would turn an OCR'd `c¢)` into `có)` or `V.` into
//! `Và.`. A line with no syllable in it (specks, runs of symbols, stray
//! letters) is noise the scanner picked up: each of its tokens is kept.

use super::Repairer;
use super::decode::{Edge, Render};
use super::lm::{NUMBER, UNKNOWN};
use super::tokenize::{Kind, LETTER_LIKE, Token};
use crate::roman::roman_value;
use crate::vietnamese::{fold, is_folded_syllable};

/// How a marker token opening a line is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// Already a marker: kept as it is.
    Kept,
    /// A point marker the OCR wrote as a letter and a symbol (`c¢)`): the letter.
    Letter(char),
    /// A Roman numeral with OCR digits for `I` (`I11.`): written in capitals.
    Roman,
    /// A point marker the OCR wrote as a symbol alone (`¢)`): the letter it stands for.
    Symbol(char),
}

/// The only reading of token `i` of `line` when it is a list marker: one
/// letter (or OCR symbol) right before `)` anywhere, or, opening the line, a point marker
/// garbled with a symbol, a capital or a Roman numeral before `.` or `)`.
pub fn marker_edge(repairer: &Repairer, line: &str, tokens: &[Token], i: usize) -> Option<Edge> {
    let token = &tokens[i];
    let text = &line[token.span.clone()];
    match marker(line, token)? {
        Marker::Kept => Some(kept_edge(repairer, token.kind, text)),
        Marker::Letter(letter) => Some(letter_edge(repairer, letter)),
        Marker::Symbol(symbol) => Some(match symbol_letter(symbol) {
            Some(letter) => letter_edge(repairer, letter),
            None => kept_edge(repairer, token.kind, text),
        }),
        Marker::Roman => Some(roman_edge(repairer, text)),
    }
}

/// The letter an OCR symbol is drawn like, as a point marker (`¢)` → `c)`).
fn symbol_letter(symbol: char) -> Option<char> {
    match symbol {
        '¢' | '©' => Some('c'),
        '€' => Some('e'),
        '@' => Some('a'),
        _ => None,
    }
}

/// The edge writing a point marker's letter.
fn letter_edge(repairer: &Repairer, letter: char) -> Edge {
    let id = repairer.lm.vocab().id(letter.encode_utf8(&mut [0; 4]));
    let render = if id == UNKNOWN {
        Render::Source
    } else {
        Render::Word(id)
    };
    Edge::single(id, 0.0, render, 1)
}

/// The edge writing `text` as a Roman numeral (its OCR `1` and `l` as `I`).
fn roman_edge(repairer: &Repairer, text: &str) -> Edge {
    let numeral = text.split('/').next().unwrap_or(text);
    let id = repairer.lm.vocab().id(&roman(numeral).to_lowercase());
    Edge::single(id, 0.0, Render::Roman, 1)
}

/// Words numbered with Roman numerals in the genre: chapters (`Chương II`)
/// and quarters (`quý III/2026`), as folded words.
const ROMAN_NUMBERED: [&str; 2] = ["chuong", "quy"];

/// The only reading of number token `i` of `line` when it is a Roman
/// numeral the OCR wrote in ones (`Chuong 11` → `Chương II`, `quý 111/2026`
/// → `quý III/2026`): ones, maybe before `/` and a year, right after a word
/// numbered in Roman numerals.
pub fn roman_number_edge(repairer: &Repairer, line: &str, tokens: &[Token], i: usize) -> Option<Edge> {
    let text = &line[tokens[i].span.clone()];
    let (ones, year) = text.split_once('/').unwrap_or((text, ""));
    let ones = (1..=3).contains(&ones.len()) && ones.bytes().all(|b| b == b'1');
    let year = year.is_empty() || (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()));
    let previous = tokens[..i].last().filter(|t| t.kind == Kind::Word)?;
    let after_space = line[previous.span.end..tokens[i].span.start] == *" ";
    let word = fold(&line[previous.span.clone()]);
    (ones && year && after_space && ROMAN_NUMBERED.contains(&word.as_str())).then(|| roman_edge(repairer, text))
}

/// The edge keeping a token as it is.
pub fn kept_edge(repairer: &Repairer, kind: Kind, text: &str) -> Edge {
    let id = match kind {
        Kind::Number => NUMBER,
        _ => repairer.lm.vocab().id_in_any_case(text),
    };
    Edge::single(id, 0.0, Render::Source, 1)
}

/// What marker `token` of `line` is, if it is one.
fn marker(line: &str, token: &Token) -> Option<Marker> {
    let text = &line[token.span.clone()];
    let next = line[token.span.end..].chars().next();
    let chars: Vec<char> = text.chars().collect();
    let opens_line = line[..token.span.start].chars().all(|c| c.is_whitespace() || c == '(');
    if token.kind != Kind::Word {
        return None;
    }
    if next == Some(')') && chars.len() == 1 {
        let symbol = opens_line && LETTER_LIKE.contains(&chars[0]);
        return Some(if symbol { Marker::Symbol(chars[0]) } else { Marker::Kept });
    }
    if !opens_line || !matches!(next, Some(')' | '.')) {
        return None;
    }
    if is_roman(text) || (chars.len() == 1 && chars[0].is_uppercase() && next == Some('.')) {
        return Some(Marker::Kept);
    }
    if is_roman(&roman(text)) && text.chars().any(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) {
        return Some(Marker::Roman);
    }
    let symbols = chars.iter().filter(|c| LETTER_LIKE.contains(c)).count();
    if next != Some(')') || chars.len() != 2 || symbols != 1 {
        return None;
    }
    let letter = chars.iter().find(|c| c.is_alphabetic())?.to_lowercase().next()?;
    (letter.is_ascii_lowercase() || letter == 'đ').then_some(Marker::Letter(letter))
}

/// A token with the OCR's digits and `l` for `I` read as `I`, up to a `/`
/// (`111/2026` → `III/2026`); when that is no numeral, a capital `L` read as
/// `I` too (`11L` → `III`).
pub fn roman(text: &str) -> String {
    let (numeral, rest) = text.split_at(text.find('/').unwrap_or(text.len()));
    let read = |as_i: &[char]| -> String {
        numeral
            .chars()
            .map(|c| if as_i.contains(&c) { 'I' } else { c })
            .chain(rest.chars())
            .collect()
    };
    let reading = read(&['1', 'l']);
    if is_roman(&reading[..numeral.len()]) {
        reading
    } else {
        read(&['1', 'l', 'L'])
    }
}

/// Whether `text` is a Roman numeral in capitals, 1 to 399.
fn is_roman(text: &str) -> bool {
    roman_value(text).is_some_and(|value| value < 400)
}

/// How many readings of a token's OCR symbols [`is_noise`] tries.
const READINGS: usize = 6;

/// Whether a line of OCR is noise: none of its word tokens holds two
/// letters in a row or, of two characters or more, is a known word or reads
/// as a Vietnamese syllable (its OCR symbols read as letters: `S6` → `so`).
pub fn is_noise(repairer: &Repairer, line: &str, tokens: &[Token]) -> bool {
    let vocab = repairer.lm.vocab();
    !tokens.iter().filter(|t| t.kind == Kind::Word).any(|t| {
        let text = &line[t.span.clone()];
        let chars: Vec<char> = text.chars().collect();
        let letter_pair = chars.windows(2).any(|w| w.iter().all(|c| c.is_alphabetic()));
        let syllable = || {
            let readings = repairer.channel.readings(&text.to_lowercase(), READINGS);
            readings.iter().any(|r| is_folded_syllable(r))
        };
        letter_pair || chars.len() >= 2 && (vocab.id_in_any_case(text) != UNKNOWN || syllable())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::tokenize::tokenize;
    use crate::text::Text;

    /// The marker the first word token of `line` is.
    fn first_marker(line: &str) -> Option<Marker> {
        let tokens = tokenize(line);
        let first = tokens.iter().find(|t| t.kind == Kind::Word)?;
        marker(line, first)
    }

    #[test]
    fn point_markers_opening_a_line() {
        assert_eq!(first_marker("c) Tên nhiệm vụ."), Some(Marker::Kept));
        assert_eq!(first_marker("d) Ngày giao"), Some(Marker::Kept));
        assert_eq!(first_marker("đ) Ngày giao"), Some(Marker::Kept));
        assert_eq!(first_marker("c¢) Tén nhiém vu."), Some(Marker::Letter('c')));
        assert_eq!(first_marker("Đ¢) Ngày giao"), Some(Marker::Letter('đ')));
        assert_eq!(first_marker("¢) Pinh ky"), Some(Marker::Symbol('¢')));
        assert_eq!(first_marker("  (c¢) Tén"), Some(Marker::Letter('c')));
        assert_eq!(first_marker("Tên nhiệm vụ"), None);
        assert_eq!(first_marker("c¢ nhiém vu)"), None);
        assert_eq!(first_marker("Các) nhiệm vụ"), None);
        assert_eq!(first_marker("kg) nhiệm vụ"), None);
        assert_eq!(first_marker("c6) nhiệm vụ"), None);
    }

    #[test]
    fn roman_numerals_opening_a_line() {
        for kept in [
            "II. NHIỆM VỤ",
            "IV. GIẢI PHÁP",
            "V. TỔ CHỨC",
            "XIV) nội dung",
            "A. PHẦN MỞ ĐẦU",
        ] {
            assert_eq!(first_marker(kept), Some(Marker::Kept), "{kept}");
        }
        assert_eq!(first_marker("I11. NHIỆM VỤ"), Some(Marker::Roman));
        assert_eq!(first_marker("Il. NHIỆM VỤ"), Some(Marker::Roman));
        assert_eq!(first_marker("11L. TỔ CHỨC THỰC HIỆN"), Some(Marker::Roman));
        assert_eq!(first_marker("11. Sở Tài chính"), None);
        assert_eq!(roman("I11"), "III");
        assert_eq!(roman("11L"), "III");
        assert_eq!(roman("XL"), "XL");
        assert_eq!(roman("11/2021"), "II/2021");
        assert_eq!(first_marker("V tổ chức"), None);
        assert_eq!(first_marker("Và. tổ chức"), None);
        assert!(!is_roman("IIII") && !is_roman("VV") && !is_roman("IC") && !is_roman(""));
        assert!(is_roman("XXXIX") && is_roman("CCXLIV"));
    }

    fn repaired(lines: &[&str]) -> Vec<String> {
        let engine = Repairer::try_embedded().expect("dictionaries/ holds readable models");
        let text = Text::from_plain(&lines.join("\n"));
        engine.repair(&text).text.lines.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn markers_are_not_repaired_into_words() {
        let out = repaired(&[
            "c¢) Tén nhiém vu.",
            "d) Ngay giao, ngay hoan thanh.",
            "C¢) Pinh ky 07 gid 00 phat ngay 01 hang thang",
            "V. TO CHUC THUC HIEN",
            "I11. NHIEM VU VA GIAI PHAP",
            "11. Nhiém vu giao",
            "¢) Pua vao st dung",
            "Chuong 11",
            "hoan thanh trong quy 111/2027 va quy 1/2028; theo muc 11",
            "11L. TO CHUC THUC HIEN",
        ]);
        assert!(out[0].starts_with("c) Tên nhiệm vụ"), "{}", out[0]);
        assert!(out[1].starts_with("d) Ngày giao"), "{}", out[1]);
        assert!(out[2].starts_with("C) Định kỳ"), "{}", out[2]);
        assert!(out[3].starts_with("V. "), "{}", out[3]);
        assert!(out[4].starts_with("III. "), "{}", out[4]);
        assert!(out[5].starts_with("11. "), "{}", out[5]);
        assert!(out[6].starts_with("c) "), "{}", out[6]);
        assert_eq!(out[7], "Chương II");
        assert!(out[8].contains("quý III/2027 và quý I/2028"), "{}", out[8]);
        assert!(out[8].ends_with("mục 11"), "{}", out[8]);
        assert!(out[9].starts_with("III. TỔ CHỨC"), "{}", out[9]);
    }

    #[test]
    fn noise_lines_are_kept_as_they_are() {
        let noise = [
            "o",
            "Y",
            "I",
            "¢",
            "§ .",
            "© 0O N Y U1l A W N",
            "355 0 T O U",
            "= O",
            "' . ‘ ,. ~",
            "I11",
        ];
        let mut lines = vec!["Viéc thong tin, bao cao theo Quy ché nay"];
        for line in noise {
            lines.extend([line, "khong thay thé viéc thong tin"]);
        }
        let out = repaired(&lines);
        assert_eq!(out.len(), lines.len());
        for (k, line) in noise.iter().enumerate() {
            assert_eq!(out[2 * k + 1], *line);
        }
        assert_eq!(out[0], "Việc thông tin, báo cáo theo Quy chế này");
        assert_eq!(repaired(&["S6", "16n", "Thành tiy"]), ["Số", "lớn", "Thành ủy"]);
    }
}
