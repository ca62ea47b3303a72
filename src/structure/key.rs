//! Lines prepared for loose matching: a folded key mapped back to the line.
//!
//! The key of a line is its text folded (no diacritics, đ→d, lower case)
//! with the glyphs an OCR puts in place of letters (`¢`, `€`, `©`, `Ð`)
//! turned back into letters and markdown stars dropped. Every recogniser
//! of the parser matches on keys and maps what it found back to the line's
//! own bytes, so extracted values keep the line's spelling.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A line's matching key and, for every key byte, the line byte it comes from.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    /// The folded text.
    pub text: String,
    origin: Vec<u32>,
    line_len: usize,
    upper: bool,
}

impl Key {
    /// Builds the key of `line`.
    pub fn new(line: &str) -> Key {
        let mut text = String::with_capacity(line.len());
        let mut origin = Vec::with_capacity(line.len());
        let mut case = CaseCount::default();
        for (at, c) in line.char_indices() {
            let before = text.len();
            push_folded(c, &mut text);
            origin.extend(std::iter::repeat_n(at as u32, text.len() - before));
            case.add(c);
        }
        Key {
            text,
            origin,
            line_len: line.len(),
            upper: case.is_upper(),
        }
    }

    /// Whether the line is in capitals (see [`is_upper_line`]).
    pub fn is_upper(&self) -> bool {
        self.upper
    }

    /// The line byte offset of key byte `at` (the line's length past the end).
    pub fn line_offset(&self, at: usize) -> usize {
        self.origin.get(at).map_or(self.line_len, |&o| o as usize)
    }

    /// The line's bytes from key byte `at` to the end of the line.
    pub fn rest_of<'a>(&self, line: &'a str, at: usize) -> &'a str {
        line.get(self.line_offset(at)..).unwrap_or("")
    }

    /// The words of the key (runs of non-space), with their key byte ranges.
    pub fn words(&self) -> impl Iterator<Item = (usize, &str)> {
        words(&self.text)
    }
}

/// The runs of non-white-space of `text` with their byte offsets.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Appends the folded form of `c` to `out`, OCR look-alikes mapped to
/// letters: the first character of its canonical decomposition (the base
/// letter of a precomposed Vietnamese letter), lower case, as
/// [`crate::vietnamese::fold`] gives it, without allocating.
fn push_folded(c: char, out: &mut String) {
    match c {
        '*' => {}
        '¢' | '©' => out.push('c'),
        '€' => out.push('e'),
        'Ð' | 'ð' | 'Đ' | 'đ' => out.push('d'),
        '\u{a0}' | '\t' => out.push(' '),
        '“' | '”' | '„' => out.push('"'),
        '‘' | '’' => out.push('\''),
        '–' | '—' => out.push('-'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c if is_combining_mark(c) => {}
        c => {
            let mut base = None;
            decompose_canonical(c, |part| {
                base.get_or_insert(part);
            });
            match base.unwrap_or(c) {
                'Đ' | 'đ' => out.push('d'),
                letter => out.extend(letter.to_lowercase()),
            }
        }
    }
}

/// The key of a whole text fragment (no offset map), for comparisons.
pub(crate) fn key_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Whether the letters of `text` are (almost) all upper case: a heading or
/// signature line. Needs at least three letters, three in four of them
/// capitals (an OCR or a repair writes some letters of a line in capitals
/// in lower case: `Tỉnh ỦY HÀ TĨNH`, `PHÓ Bí THƯ`).
pub(crate) fn is_upper_line(text: &str) -> bool {
    let mut case = CaseCount::default();
    text.chars().for_each(|c| case.add(c));
    case.is_upper()
}

/// Counts of letters and upper-case letters.
#[derive(Default)]
struct CaseCount {
    letters: usize,
    upper: usize,
}

impl CaseCount {
    fn add(&mut self, c: char) {
        let (lower, upper) = if c.is_ascii() {
            (c.is_ascii_lowercase(), c.is_ascii_uppercase())
        } else {
            (c.is_lowercase(), c.is_uppercase())
        };
        self.letters += usize::from(lower || upper);
        self.upper += usize::from(upper);
    }

    fn is_upper(&self) -> bool {
        self.letters >= 3 && self.upper * 4 >= self.letters * 3
    }
}

/// Upper-case share of the letters of `text` (0 when there are none).
pub(crate) fn upper_share(text: &str) -> f64 {
    let (mut upper, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    if letters == 0 {
        0.0
    } else {
        upper as f64 / letters as f64
    }
}

/// `text` without markdown marks (`*`, `^{...}`) and surrounding space and punctuation.
pub(crate) fn clean_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("^{") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find('}').map_or("", |end| &rest[at + end + 1..]);
    }
    out.push_str(rest);
    let out: String = out.chars().filter(|&c| c != '*').collect();
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| c.is_whitespace() || ",;:.-–".contains(c))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_and_map_back() {
        let line = "**Piéu 1¢. Điều";
        let key = Key::new(line);
        assert_eq!(key.text, "pieu 1c. dieu");
        let at = key.text.find("dieu").unwrap();
        assert_eq!(&line[key.line_offset(at)..], "Điều");
        assert_eq!(key.rest_of(line, key.text.len()), "");
    }

    #[test]
    fn keys_fold_like_the_shared_fold() {
        let text = "Đảng ỦY Thành phố Hồ Chí Minh nghiêng ngả Ðiều";
        assert_eq!(key_of(text), crate::vietnamese::fold(text).replace(['Ð', 'ð'], "d"));
    }

    #[test]
    fn upper_lines_and_values() {
        assert!(is_upper_line("T/M BAN THƯỜNG VỤ"));
        assert!(!is_upper_line("Ban Thường vụ"));
        assert_eq!(clean_value(" **PHÓ BÍ THƯ**, "), "PHÓ BÍ THƯ");
        assert_eq!(clean_value("VPTU: CVP, PCVP^{Việt};"), "VPTU: CVP, PCVP");
    }
}
