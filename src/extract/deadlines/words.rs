//! The words of deadlines (numbers, units, frequencies, weekdays) as regex
//! fragments and parsers, and [`WordRegex`], the search the recognizers share.

use std::sync::LazyLock;

use chrono::Weekday;
use regex::{Captures, Match, Regex};

use super::{Frequency, PeriodUnit};
use crate::vietnamese::{fold, fold_family};

/// Compiles one of this module's constant patterns.
pub(super) fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this module; a test compiles every one.
    Regex::new(pattern).unwrap_or_else(|e| panic!("deadline pattern: {e}"))
}

/// A case-insensitive pattern that starts at a word edge (and, for
/// [`WordRegex::new`], ends at one), as `\b…\b` would say.
///
/// Unicode `\b` makes the regex crate leave its DFAs for the much slower
/// PikeVM on any non-ASCII text, which Vietnamese always is. So the end edge
/// is matched as a non-word character (or the text's end) after the group
/// `m`, and the start edge is checked on the character before `m`: a match
/// that starts inside a word is searched again from the next character.
/// The pattern keeps its leading words, which the regex crate's prefilter
/// skips to.
pub(super) struct WordRegex(Regex);

impl WordRegex {
    /// `body` between word edges.
    pub(super) fn new(body: &str) -> Self {
        WordRegex(regex(&format!(r"(?i)(?P<m>{body})(?:\W|$)")))
    }

    /// `body` from a word edge, its end free (it ends in spaces, or its
    /// last atom is a number that may run on).
    pub(super) fn starting(body: &str) -> Self {
        WordRegex(regex(&format!(r"(?i)(?P<m>{body})")))
    }

    /// Every match in `haystack`, in order, none overlapping.
    pub(super) fn matches<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = WordMatch<'h>> + 'h {
        let mut at = 0;
        std::iter::from_fn(move || {
            loop {
                let caps = self.0.captures_at(haystack, at)?;
                let m = caps.name("m")?;
                let first_len = haystack[m.start()..].chars().next().map_or(1, char::len_utf8);
                if haystack[..m.start()].chars().next_back().is_some_and(is_word_char) {
                    at = m.start() + first_len;
                    continue;
                }
                at = if m.is_empty() { m.end() + first_len } else { m.end() };
                return Some(WordMatch(caps));
            }
        })
    }

    /// Whether the pattern occurs in `haystack`.
    pub(super) fn is_match(&self, haystack: &str) -> bool {
        self.matches(haystack).next().is_some()
    }
}

/// Whether `c` is a word character for `\b` (the regex crate's Unicode `\w`).
fn is_word_char(c: char) -> bool {
    static WORD: LazyLock<Regex> = LazyLock::new(|| regex(r"\w"));
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && WORD.is_match(c.encode_utf8(&mut [0; 4])))
}

/// A match of a [`WordRegex`].
pub(super) struct WordMatch<'h>(Captures<'h>);

impl<'h> WordMatch<'h> {
    /// The matched phrase (without its edges).
    pub(super) fn whole(&self) -> Match<'h> {
        self.0
            .name("m")
            .unwrap_or_else(|| self.0.get(0).expect("group 0 always matches"))
    }

    /// A named group of the pattern.
    pub(super) fn name(&self, name: &str) -> Option<Match<'h>> {
        self.0.name(name)
    }

    /// A named group in lower case; empty when the group did not match.
    pub(super) fn lower(&self, name: &str) -> String {
        self.name(name).map_or(String::new(), |m| m.as_str().to_lowercase())
    }
}

/// Number words (and digits), as a regex fragment.
pub(super) const NUMBER: &str = r"(?:\d{1,3}|(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|lăm|tư)(?:\s+(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|lăm|tư))*)";

/// Units of a period, longest first; `làm việc` with any marks and a stray
/// OCR mark inside (`ngày l[âm việc`: `ngày X việc` can only be working days).
pub(super) const UNIT: &str = r"(?:ngày\s+l[^\s\w]?[aàáảãạăằắẳẵặâầấẩẫậ]m\s+vi[eèéẻẽẹêềếểễệ]c|ngày|tháng|năm|tuần|giờ)";

/// The regex fragment of an amount: a number, optionally followed by the
/// same number in the other notation in brackets: `05 (năm)`, `mười lăm (15)`.
pub(super) fn amount_pattern() -> String {
    format!(r"(?P<amount>{NUMBER})(?:\s*\(\s*{NUMBER}\s*\))?")
}

/// The number of an `amount` group.
pub(super) fn amount_of(amount: Option<Match>) -> Option<u32> {
    parse_number(&amount?.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Parses digits or Vietnamese number words (up to 999).
pub(super) fn parse_number(words: &str) -> Option<u32> {
    if let Ok(n) = words.parse() {
        return Some(n);
    }
    let mut total = 0u32;
    let mut current = 0u32;
    for word in words.split_whitespace() {
        let digit = match word.to_lowercase().as_str() {
            "một" | "mốt" => 1,
            "hai" => 2,
            "ba" => 3,
            "bốn" | "tư" => 4,
            "năm" | "lăm" => 5,
            "sáu" => 6,
            "bảy" => 7,
            "tám" => 8,
            "chín" => 9,
            "mười" => {
                current += 10;
                continue;
            }
            "mươi" => {
                current = current.max(1) * 10;
                continue;
            }
            "trăm" => {
                total += current.max(1) * 100;
                current = 0;
                continue;
            }
            _ => return None,
        };
        current += digit;
    }
    Some(total + current).filter(|n| *n > 0)
}

/// The unit a match of [`UNIT`] names.
pub(super) fn parse_unit(unit: &str) -> Option<PeriodUnit> {
    let unit: String = fold(unit)
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    let words: Vec<&str> = unit.split_whitespace().collect();
    Some(match words.as_slice() {
        ["ngay", "lam", "viec"] => PeriodUnit::WorkingDay,
        ["ngay"] => PeriodUnit::Day,
        ["thang"] => PeriodUnit::Month,
        ["nam"] => PeriodUnit::Year,
        ["tuan"] => PeriodUnit::Week,
        ["gio"] => PeriodUnit::Hour,
        _ => return None,
    })
}

/// A frequency word (`tháng`, `quý`, `6 tháng`, …) as a regex fragment.
/// Six and three months may carry their number in words too: `03 (ba) tháng`.
pub(super) const FREQUENCY: &str = r"(?:(?:06|6|sáu)(?:\s*\(\s*sáu\s*\))?\s+tháng|(?:03|3|ba)(?:\s*\(\s*ba\s*\))?\s+tháng|nửa\s+năm|tuần|tháng|quý|năm(?:\s+học)?)";

/// An optional bracketed remark after a list item: `hằng tháng (trước ngày 15), quý`.
pub(super) const BRACKETED: &str = r"(?:\s*\([^()]{0,40}\))?";

/// `hằng`, `hàng`, `mỗi` (and `của mỗi`) before a frequency.
pub(super) const EVERY: &str = r"(?:(?:của\s+)?(?:hằng|hàng|mỗi))";

/// [`FREQUENCY`] with any marks on its words ([`any_marks`]), for the
/// places where a day names the period (`ngày đầu tiên của mỗi Quỹ`, a
/// repair's wrong tone on `Quý`).
pub(super) fn loose_frequency() -> String {
    let [six, three, half, year, week, month, quarter, study] =
        ["sáu", "ba", "nửa", "năm", "tuần", "tháng", "quý", "học"].map(any_marks);
    format!(
        r"(?:(?:06|6|{six})(?:\s*\(\s*{six}\s*\))?\s+{month}|(?:03|3|{three})(?:\s*\(\s*{three}\s*\))?\s+{month}|{half}\s+{year}|{week}|{month}|{quarter}|{year}(?:\s+{study})?)"
    )
}

/// The frequency a match of [`FREQUENCY`] or [`loose_frequency`] names.
pub(super) fn parse_frequency(word: &str) -> Option<Frequency> {
    let mut word = fold(word);
    if let (Some(open), Some(close)) = (word.find('('), word.rfind(')')) {
        word.replace_range(open..=close, " ");
    }
    let words: Vec<&str> = word.split_whitespace().collect();
    Some(match words.as_slice() {
        [number, "thang"] if matches!(*number, "06" | "6" | "sau") => Frequency::HalfYearly,
        [_, "thang"] => Frequency::Quarterly,
        ["nua", "nam"] => Frequency::HalfYearly,
        ["tuan"] => Frequency::Weekly,
        ["thang"] => Frequency::Monthly,
        ["quy"] => Frequency::Quarterly,
        ["nam", ..] => Frequency::Yearly,
        _ => return None,
    })
}

/// A day of the week: `thứ Hai`, `thứ 5`, `chủ nhật`.
pub(super) const WEEKDAY: &str = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)";

/// The weekday a match of [`WEEKDAY`] names.
pub(super) fn parse_weekday(words: &str) -> Option<Weekday> {
    let lower = words.to_lowercase();
    if lower.starts_with("chủ") {
        return Some(Weekday::Sun);
    }
    let name = lower.split_whitespace().nth(1)?;
    Some(match name {
        "hai" | "2" => Weekday::Mon,
        "ba" | "3" => Weekday::Tue,
        "tư" | "4" => Weekday::Wed,
        "năm" | "5" => Weekday::Thu,
        "sáu" | "6" => Weekday::Fri,
        "bảy" | "7" => Weekday::Sat,
        _ => return None,
    })
}

/// `word` as a regex fragment that matches it with any marks on its vowels
/// and `d`/`đ` (`ngày` → `ng[aàá…ậ]y`): for words the phrase around them
/// makes unambiguous (`ngày` before `15/3/2027`, `quý` before `II/2026`), so
/// a repair that left the wrong tone or shape still reads.
pub(super) fn any_marks(word: &str) -> String {
    word.chars()
        .map(|c| match fold_family(c) {
            Some(family) => format!("[{family}]"),
            None => regex::escape(&c.to_string()),
        })
        .collect()
}

/// A quarter's number: Roman numerals, digits, and the OCR's readings of
/// Roman numerals (`11` for `II`, `I11` for `III`, `1V` for `IV`, `I111`
/// with a serif read as one more stroke, `I 111` split by the repair).
pub(super) const QUARTER: &str = r"(?:[IiLl1](?:\s?[IiLl1]){0,3}[Vv]?|[2-4])";

/// The number of a quarter written as [`QUARTER`] matches: each `I` (or
/// `1`, `l`) is a stroke; one stroke before `V` is IV; four strokes, no
/// numeral, are read as the nearest one, III.
pub(super) fn quarter_number(written: &str) -> Option<u32> {
    if let Ok(digit @ 2..=4) = written.parse::<u32>() {
        return Some(digit);
    }
    let strokes = written
        .chars()
        .filter(|c| matches!(c, 'I' | 'i' | 'L' | 'l' | '1'))
        .count();
    let five = written.ends_with(['V', 'v']);
    match (strokes, five) {
        (1, true) => Some(4),
        (1..=3, false) => u32::try_from(strokes).ok(),
        (4, false) => Some(3),
        _ => None,
    }
}

/// A time of day before a schedule's day: `07 giờ 30 phút`, `14h`, and
/// `14 git 00 phút` (a mangled `giờ` between the hour and the minutes).
pub(super) const TIME: &str = r"(?P<hour>\d{1,2})\s*(?:(?:giờ|h)\s*(?:(?P<minute>\d{1,2})\s*(?:phút)?\s*)?|\w{1,4}\s*(?P<minute_after>\d{1,2})\s*phút\s*)(?:,\s*)?";

/// The `HH:MM` of a [`TIME`] match, when the hour and minutes exist.
pub(super) fn time_of(found: &WordMatch) -> Option<String> {
    let hour: u32 = found.name("hour")?.as_str().parse().ok().filter(|h| *h < 24)?;
    let minute = found.name("minute").or(found.name("minute_after"));
    let minute: u32 = minute.map_or(Some(0), |m| m.as_str().parse().ok().filter(|m| *m < 60))?;
    Some(format!("{hour:02}:{minute:02}"))
}
