//! Context-free recognisers of structural markers at the start of a line.
//!
//! Each recogniser looks at one line and says what its marker could be:
//! `Phần`, `Chương`, `Mục`, a Roman-numbered heading (`II. NỘI DUNG`),
//! `Điều`, a khoản (`1.`) or a điểm (`a)`). Markers are matched by their
//! shape on the line's folded key, so the OCR's spellings (`Piéu`, `Chwong`,
//! `CHCONG`, `Chuong Il`, `Piéu 1O.`, `c¢)`, `g}`) are found without a list of
//! them. Whether a candidate is taken depends on the numbering around it,
//! which the labeller decides.

use super::key::Key;
use super::lexicon::word_like;

/// What kind of heading a line starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    /// `Phần thứ nhất`, `PHẦN I`.
    Part,
    /// `Chương II`.
    Chapter,
    /// `Mục 1`.
    Section,
    /// `II. NỘI DUNG` (documents without Điều).
    Roman,
    /// `Điều 4.`
    Article,
}

/// A heading marker found at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Heading {
    /// Part, chapter, section, Roman heading or article.
    pub kind: HeadingKind,
    /// The numbers the marker can be read as, most likely first
    /// (`Chuong Il` → 2; `Chương 11` → 2 as Roman, 11 as Arabic).
    pub readings: Vec<u32>,
    /// A letter after an article's number (`Điều 48a.`).
    pub suffix: Option<String>,
    /// The keyword is spelled exactly (`Điều`, `Chương`): not an OCR guess.
    pub exact: bool,
    /// The number is followed by `.` or `:` (or the line ends).
    pub punctuated: bool,
    /// Line byte offset where the text after the marker starts.
    pub rest_at: usize,
}

/// A khoản or điểm marker at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ItemMarker {
    /// `3.`: a khoản with its number.
    Clause(u32),
    /// `c)`: a điểm with its letter (folded: `d` may stand for `đ`).
    Point(char),
}

/// The letters of điểm, in order (the alphabet without f, j, w, z; đ after d).
pub(crate) const POINT_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
];

/// Characters that may stand before a marker: space, markdown, quotes, and
/// the specks an OCR puts at the start of a line (`- 1.`, `| 3.`, `‘4.`).
fn is_lead(c: char) -> bool {
    c.is_whitespace() || "*#_>\"'“”‘’.,`~-|=»•".contains(c)
}

/// The key position of the first word after leading space, quotes and markdown.
fn start_of(key: &Key) -> usize {
    key.text.find(|c: char| !is_lead(c)).unwrap_or(key.text.len())
}

/// The first word of `text` (up to white space, a digit or punctuation) and the rest.
fn split_word(text: &str) -> (&str, &str) {
    let end = text.find(|c: char| !c.is_alphabetic()).unwrap_or(text.len());
    (&text[..end], &text[end..])
}

/// Recognises a `Điều N.` heading.
pub(crate) fn article(line: &str, key: &Key) -> Option<Heading> {
    let at = start_of(key);
    let (word, rest) = split_word(&key.text[at..]);
    if !is_article_word(word) {
        return None;
    }
    let spaces = rest.len() - rest.trim_start().len();
    if spaces == 0 {
        return None;
    }
    let number_at = at + word.len() + spaces;
    let (value, suffix, used) = article_number(&key.text[number_at..])?;
    let after = number_at + used;
    let (punctuated, rest_at) = after_number(key, line, after, false)?;
    let original = key.rest_of(line, at);
    let exact = original.starts_with("Điều") || original.starts_with("ĐIỀU");
    Some(Heading {
        kind: HeadingKind::Article,
        readings: vec![value],
        suffix,
        exact,
        punctuated,
        rest_at,
    })
}

/// Whether a folded word has the shape of `điều` as an OCR reads it:
/// `d`, `p` or `b` (one more of them before it allowed: `pbieu`), `i`, one
/// or two letters for `ề` (`e`, `c`, `t`, `ec`), `u`.
pub(crate) fn is_article_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    let onset = |b: u8| matches!(b, b'd' | b'p' | b'b');
    let bytes = match bytes {
        [a, b, ..] if onset(*a) && onset(*b) => &bytes[1..],
        _ => bytes,
    };
    (4..=5).contains(&bytes.len())
        && onset(bytes[0])
        && bytes[1] == b'i'
        && bytes[bytes.len() - 1] == b'u'
        && bytes[2..bytes.len() - 1].iter().all(u8::is_ascii_lowercase)
}

/// Reads an article number at the start of a key: digits, with `o` for 0
/// and `l`, `i`, `|`, `!` for 1, then an optional letter suffix. Returns
/// the number, the suffix and the bytes used.
fn article_number(text: &str) -> Option<(u32, Option<String>, usize)> {
    let run = text
        .find(|c: char| !"0123456789olil|!".contains(c))
        .unwrap_or(text.len());
    let digits: String = text[..run]
        .chars()
        .map(|c| match c {
            'o' => '0',
            'l' | 'i' | '|' | '!' => '1',
            c => c,
        })
        .collect();
    if digits.is_empty() || digits.len() > 3 || !text[..run].chars().any(|c| c.is_ascii_digit()) && run > 1 {
        return None;
    }
    let value: u32 = digits.parse().ok().filter(|&v| v > 0)?;
    let next = text[run..].chars().next();
    let after_next = text[run..].chars().nth(1);
    match next {
        Some(c) if c.is_ascii_lowercase() && matches!(after_next, Some('.' | ':')) => {
            Some((value, Some(c.to_string()), run + 1))
        }
        Some(c) if c.is_alphanumeric() => None,
        _ => Some((value, None, run)),
    }
}

/// What follows a heading's number: `.` or `:` (punctuated), `,`, a space
/// and a capital letter, or the end of the line (punctuated when
/// `end_counts`: a chapter number alone on its line). Returns whether it
/// was punctuated and where the text after it starts in the line.
fn after_number(key: &Key, line: &str, after: usize, end_counts: bool) -> Option<(bool, usize)> {
    let rest = &key.text[after..];
    let trimmed = rest.trim_start_matches([' ', '*']);
    let punct = trimmed.chars().next();
    let (punctuated, skip) = match punct {
        None => (end_counts, rest.len()),
        Some('.' | ':') => (true, rest.len() - trimmed.len() + 1),
        Some(',' | '-') => (false, rest.len() - trimmed.len() + 1),
        Some(_) => {
            let original = key.rest_of(line, after + rest.len() - trimmed.len());
            if !original.chars().next().is_some_and(char::is_uppercase) {
                return None;
            }
            (false, rest.len() - trimmed.len())
        }
    };
    let text_at = after + skip;
    let blank = key.text[text_at..].len() - key.text[text_at..].trim_start().len();
    Some((punctuated, key.line_offset(text_at + blank)))
}

/// Recognises a `Chương`, `Mục` or `Phần` heading (with its number and an
/// optional title on the same line).
pub(crate) fn division(line: &str, key: &Key) -> Option<Heading> {
    let at = start_of(key);
    let (word, rest) = split_word(&key.text[at..]);
    let kind = division_kind(word)?;
    let spaces = rest.len() - rest.trim_start().len();
    if spaces == 0 {
        return None;
    }
    let number_at = at + word.len() + spaces;
    let (readings, used) = match kind {
        HeadingKind::Part => part_number(&key.text[number_at..])?,
        _ => division_number(&key.text[number_at..])?,
    };
    let after = number_at + used;
    let (punctuated, rest_at) = after_number(key, line, after, true)?;
    let title = &line[rest_at..];
    if !title.trim().is_empty() && !punctuated && super::key::upper_share(title) < 0.8 {
        return None;
    }
    let original = key.rest_of(line, at);
    let exact = ["Chương", "CHƯƠNG", "Mục", "MỤC", "Phần", "PHẦN"]
        .iter()
        .any(|w| original.starts_with(w));
    Some(Heading {
        kind,
        readings,
        suffix: None,
        exact,
        punctuated,
        rest_at,
    })
}

/// The division a folded keyword names: `chuong` (and the OCR's `chwong`,
/// `chcong`, `chiyong`, `chuang`), `muc`, `phan`.
fn division_kind(word: &str) -> Option<HeadingKind> {
    let chapter_shape = (5..=8).contains(&word.len()) && word.starts_with("ch") && word.ends_with("ng");
    match word {
        "muc" => Some(HeadingKind::Section),
        "phan" => Some(HeadingKind::Part),
        "chung" => None,
        w if chapter_shape || word_like(w, "chuong") => Some(HeadingKind::Chapter),
        _ => None,
    }
}

/// Reads a chapter or section number: Roman (with `1`, `l`, `|` for I) or
/// Arabic. Returns the readings, most likely first, and the bytes used.
fn division_number(text: &str) -> Option<(Vec<u32>, usize)> {
    let run = text
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '|' && c != '!')
        .unwrap_or(text.len());
    let token = &text[..run];
    let mut readings = Vec::new();
    if let Some(value) = roman_value(token) {
        readings.push(value);
    }
    if token.chars().all(|c| c.is_ascii_digit())
        && let Ok(value) = token.parse::<u32>()
        && !readings.contains(&value)
    {
        readings.push(value);
    }
    (!readings.is_empty() && readings[0] > 0).then_some((readings, run))
}

/// Reads a part number: `thứ nhất` ... `thứ mười`, or a Roman or Arabic number.
fn part_number(text: &str) -> Option<(Vec<u32>, usize)> {
    const ORDINALS: [&str; 10] = ["nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi"];
    let Some(rest) = text.strip_prefix("thu ") else {
        return division_number(text);
    };
    let (word, _) = split_word(rest);
    let value = ORDINALS
        .iter()
        .position(|&o| o == word)
        .or_else(|| (word == "bon").then_some(3))? as u32
        + 1;
    Some((vec![value], 4 + word.len()))
}

/// The value of a Roman numeral read by an OCR (`il` → 2, `1v` → 4), if it is one.
pub(crate) fn roman_value(token: &str) -> Option<u32> {
    let letters: String = token
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            '1' | 'l' | '|' | '!' => 'i',
            c => c,
        })
        .collect();
    if letters.is_empty() || letters.len() > 7 || !letters.chars().all(|c| "ivxc".contains(c)) {
        return None;
    }
    crate::roman::roman_value(&letters.to_uppercase())
}

/// The least share of capitals in the title of a Roman heading (an OCR
/// or a repair writes some letters of `MỤC ĐÍCH` in lower case).
const ROMAN_TITLE_UPPER: f64 = 0.6;

/// The least share of capitals in the title of a Roman heading whose dot
/// the OCR lost (`II QUAN ĐIỂM, MỤC TIÊU`): nearly all of it.
const UNDOTTED_TITLE_UPPER: f64 = 0.8;

/// Recognises a Roman-numbered heading in capitals: `II. NỘI DUNG`, also
/// as the OCR writes the numeral (`I11.`, `11.`: a reading the labeller
/// takes only where the numbering expects it) or without its dot (`II
/// QUAN ĐIỂM`: a numeral in Roman letters before a title in capitals,
/// unpunctuated).
pub(crate) fn roman_heading(line: &str, key: &Key) -> Option<Heading> {
    let at = start_of(key);
    let original = key.rest_of(line, at);
    let run = original
        .find(|c: char| !"IVXLl1|".contains(c))
        .unwrap_or(original.len());
    let token = &original[..run];
    let shaped = token.starts_with(['I', 'V', 'X']) || token.len() >= 2;
    let value = roman_value(token).filter(|_| shaped)?;
    let (rest, punctuated) = match original[run..].strip_prefix(['.', ':']) {
        Some(rest) => (rest, true),
        None => (&original[run..], false),
    };
    let title = rest.trim_start();
    let first_word_upper = title
        .split_whitespace()
        .next()
        .is_some_and(|w| super::key::upper_share(w) == 1.0);
    let least_upper = if punctuated {
        ROMAN_TITLE_UPPER
    } else {
        UNDOTTED_TITLE_UPPER
    };
    let undotted_ok = punctuated || token.chars().all(|c| "IVX".contains(c));
    if rest.len() == title.len() || !first_word_upper || super::key::upper_share(title) < least_upper || !undotted_ok {
        return None;
    }
    let rest_at = line.len() - title.len();
    Some(Heading {
        kind: HeadingKind::Roman,
        readings: vec![value],
        suffix: None,
        exact: true,
        punctuated,
        rest_at,
    })
}

/// Recognises a first Roman heading whose `I` the OCR read as a digit or
/// a lower-case letter (`1. MỤC ĐÍCH, YÊU CẦU`, `l. MỤC TIÊU`): a khoản
/// marker `1.` before a title in capitals. The labeller takes it as
/// heading I only when heading II follows.
pub(crate) fn first_roman_as_digit(line: &str, key: &Key) -> Option<Heading> {
    let at = start_of(key);
    let original = key.rest_of(line, at);
    let rest = original.strip_prefix(['1', 'l', '|'])?.strip_prefix('.')?;
    let title = rest.trim_start();
    let first_word_upper = title
        .split_whitespace()
        .next()
        .is_some_and(|w| super::key::upper_share(w) == 1.0);
    if rest.len() == title.len() || !first_word_upper || super::key::upper_share(title) < UNDOTTED_TITLE_UPPER {
        return None;
    }
    let rest_at = line.len() - title.len();
    Some(Heading {
        kind: HeadingKind::Roman,
        readings: vec![1],
        suffix: None,
        exact: false,
        punctuated: true,
        rest_at,
    })
}

/// Recognises a khoản (`2.`) or a điểm (`c)`, `c¢)`, `g}`) marker at the start of a line.
pub(crate) fn item(line: &str) -> Option<ItemMarker> {
    let text = line.trim_start_matches(is_lead);
    clause_number(text)
        .map(ItemMarker::Clause)
        .or_else(|| point_letter(text).map(ItemMarker::Point))
}

/// `N.` followed by a space, a letter or the end: N as a khoản number
/// (`l` and `|` read as 1, `O` as 0).
fn clause_number(text: &str) -> Option<u32> {
    let run = text.find(|c: char| !"0123456789lO|".contains(c)).unwrap_or(text.len());
    let token = &text[..run];
    if token.is_empty() || token.len() > 3 || !token.starts_with(|c: char| c.is_ascii_digit() || c == 'l') {
        return None;
    }
    let after = text[run..].strip_prefix('.')?;
    if after.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '/') {
        return None;
    }
    let digits: String = token
        .chars()
        .map(|c| {
            if c == 'O' {
                '0'
            } else if c.is_ascii_digit() {
                c
            } else {
                '1'
            }
        })
        .collect();
    digits.parse().ok().filter(|&n| n > 0)
}

/// `x)` (or `x}`, `x]`, with OCR junk such as `c¢)` between): x as a điểm letter.
fn point_letter(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let letter = match chars.next()? {
        '¢' => 'c',
        '€' => 'e',
        c if c == 'đ' || c.is_ascii_lowercase() => c,
        _ => return None,
    };
    let rest = chars.as_str();
    let close = rest.find([')', '}', ']'])?;
    let junk = &rest[..close];
    let junk_ok = junk.chars().count() <= 2 && junk.chars().all(|c| "¢€'`´,.".contains(c) || c == letter);
    junk_ok.then_some(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article_of(line: &str) -> Option<(u32, bool)> {
        article(line, &Key::new(line)).map(|h| (h.readings[0], h.exact))
    }

    #[test]
    fn articles_in_ocr_spellings() {
        for (line, number) in [
            ("Điều 1. Phạm vi", 1),
            ("Piéu 4. Trach nhiém", 4),
            ("Pi¢u 4. Nhirng ndi dung", 4),
            ("Picu 1. Dan vén", 1),
            ("Diéu 10. Hinh thirc", 10),
            ("biéu 3. Noi dung", 3),
            ("DIEU 2. NOI DUNG", 2),
            ("Dieu 1.  Quy the nay", 1),
            ("Piéu l. Ban hanh", 1),
            ("Piéu 1O. Ban hanh", 10),
            (" Piéu 9. Nji dung", 9),
            ("Pié¢u 5. Phwong phap", 5),
            ("**Điều 3.** Hiệu lực", 3),
            ("Piéu 8.", 8),
            ("Piéu 9, Nji dung", 9),
            ("Pbiéu 1. Swta doi", 1),
            ("- Diéu 4. Thénh phan", 4),
            ("Ditu 1. Sita déi", 1),
        ] {
            assert_eq!(article_of(line).map(|a| a.0), Some(number), "{line}");
        }
        assert_eq!(article_of("Điều 1. Phạm vi"), Some((1, true)));
        assert_eq!(article_of("Piéu 1. Phạm vi"), Some((1, false)));
        let suffixed = article("Điều 48b. Trốn đóng", &Key::new("Điều 48b. Trốn đóng")).unwrap();
        assert_eq!(suffixed.suffix.as_deref(), Some("b"));
        assert_eq!(&"Điều 48b. Trốn đóng"[suffixed.rest_at..], "Trốn đóng");
    }

    #[test]
    fn references_are_not_articles() {
        for line in [
            "Điều 12 của Luật này tối đa bằng 6%",
            "Diéu 1¢ Pang;",
            "Biểu mẫu số 1",
            "Điều lệ Đảng",
            "Điều 26 và Điều 27 của Luật này",
        ] {
            assert_eq!(article_of(line), None, "{line}");
        }
        for line in ["Piéu 186 Pang Cong san", "biéu 1", "diéu |", "biéu 2 Thong tu nay"] {
            let heading = article(line, &Key::new(line));
            assert!(
                heading.is_some_and(|h| !h.punctuated),
                "{line}: only an unpunctuated candidate"
            );
        }
    }

    fn division_of(line: &str) -> Option<(HeadingKind, Vec<u32>)> {
        division(line, &Key::new(line)).map(|h| (h.kind, h.readings))
    }

    #[test]
    fn divisions_in_ocr_spellings() {
        use HeadingKind::*;
        for (line, kind, first) in [
            ("Chương I", Chapter, 1),
            ("Chuong I1", Chapter, 2),
            ("Chuong Il", Chapter, 2),
            ("Chuong 111", Chapter, 3),
            ("Chwong II", Chapter, 2),
            ("CHCONG  I ", Chapter, 1),
            ("CHIYONG  II ", Chapter, 2),
            ("Chuwong II1", Chapter, 3),
            ("Chuang III ", Chapter, 3),
            ("CHƯƠNG IV. TỔ CHỨC THỰC HIỆN", Chapter, 4),
            ("Muc 1", Section, 1),
            ("Mục 2. QUY ĐỊNH CHUNG", Section, 2),
            ("PHẦN THỨ HAI", Part, 2),
            ("Phần I", Part, 1),
        ] {
            let (k, readings) = division_of(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((k, readings[0]), (kind, first), "{line}");
        }
        assert_eq!(division_of("Chương 11").unwrap().1, vec![2, 11]);
        for line in [
            "Chuang trinh cong tac toan",
            "Mục 1 Chương II của Luật này",
            "Phan anh kip thoi",
            "Chung I",
        ] {
            assert_eq!(division_of(line), None, "{line}");
        }
    }

    #[test]
    fn roman_headings_need_capitals() {
        let line = "II. NỘI DUNG KIỂM TRA";
        let heading = roman_heading(line, &Key::new(line)).unwrap();
        assert_eq!(heading.readings, vec![2]);
        assert_eq!(&line[heading.rest_at..], "NỘI DUNG KIỂM TRA");
        assert_eq!(roman_heading("I. Mục đích", &Key::new("I. Mục đích")), None);
        for (line, value) in [
            ("I. MỤC Đích, YÊU CẦU", 1),
            ("I11. NHIEM VU, GIAI PHAP", 3),
            ("11. CHI TIEU", 2),
        ] {
            assert_eq!(
                roman_heading(line, &Key::new(line)).map(|h| h.readings[0]),
                Some(value),
                "{line}"
            );
        }
        assert_eq!(roman_heading("1. MỤC ĐÍCH", &Key::new("1. MỤC ĐÍCH")), None);
        let undotted = "II QUAN ĐIỂM MỤC TIÊU VÀ Chủ TIÊU";
        let heading = roman_heading(undotted, &Key::new(undotted)).unwrap();
        assert_eq!((heading.readings[0], heading.punctuated), (2, false));
        let not_headings = [
            "II Quan điểm, mục tiêu",
            "11 QUAN ĐIỂM",
            "II QUAN điểm, mục tiêu và chỉ tiêu",
            "IN ẤN TÀI LIỆU",
        ];
        for line in not_headings {
            assert_eq!(roman_heading(line, &Key::new(line)), None, "{line}");
        }
    }

    #[test]
    fn first_roman_heading_read_as_a_digit() {
        for line in ["1. MỤC ĐÍCH, YÊU CẦU", "l. MỤC TIÊU"] {
            let heading = first_roman_as_digit(line, &Key::new(line)).unwrap();
            assert_eq!((heading.kind, heading.readings[0]), (HeadingKind::Roman, 1), "{line}");
        }
        for line in ["1. Mục đích, yêu cầu", "2. MỤC ĐÍCH", "1.MỤC"] {
            assert_eq!(first_roman_as_digit(line, &Key::new(line)), None, "{line}");
        }
        assert_eq!(roman_value("Il"), Some(2));
        assert_eq!(roman_value("IIII"), None);
    }

    #[test]
    fn items_in_ocr_spellings() {
        use ItemMarker::*;
        for (line, marker) in [
            ("1. Bao dam", Clause(1)),
            (" 2. P6i v6i", Clause(2)),
            ("l. Nhiem vu", Clause(1)),
            ("10. Hinh thuc", Clause(10)),
            ("a) Cap giao", Point('a')),
            ("c¢) Tén nhiém vu.", Point('c')),
            ("¢) Pinh ky 07 gio", Point('c')),
            ("e)rBia phuong", Point('e')),
            ("g} Tinh hinh", Point('g')),
            ("đ) Theo dõi", Point('đ')),
            (" h) Théng tin", Point('h')),
            ("- 1. Uy ban Kiém tra", Clause(1)),
            ("| 3. Viéc hop", Clause(3)),
            ("‘4. Về văn hóa", Clause(4)),
        ] {
            assert_eq!(item(line), Some(marker), "{line}");
        }
        for line in [
            "2.000 đồng",
            "1.1. Nội dung",
            "2025. Sau đó",
            "- Các cơ quan",
            "Quy chế này",
            "B) x",
            "1/7/2025",
        ] {
            assert_eq!(item(line), None, "{line}");
        }
    }
}
