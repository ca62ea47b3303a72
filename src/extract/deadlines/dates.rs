//! Absolute deadlines: dates, and months, quarters or years that end a period.
//!
//! The phrase leaves out a leading `hoàn thành` / `xong` (`hoàn thành trước
//! ngày 30/4/2026` → `trước ngày 30/4/2026`): the shortest phrase that
//! carries the limit.

use std::sync::LazyLock;

use chrono::{Months, NaiveDate};
use regex::Regex;

use super::words::{QUARTER, WordRegex, any_marks, quarter_number, regex};
use super::{Absolute, DeadlineRule, Found, MonthDay, begins_clause, starts_with_word};

/// Dates after a time-limit word: `trước ngày 31/3/2027`, `chậm nhất là
/// ngày 30 tháng 11 hằng năm`, `hoàn thành trước ngày 15/01`, `trước ngày
/// 15 tháng 01 của năm sau`.
pub(super) fn absolute_dates(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::starting(&format!(
            r"(?:(?P<trigger>trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:trước|vào|trong))?|không\s+muộn\s+hơn|hạn\s+chót(?:\s+là)?|hoàn\s+thành(?:\s+(?:trước|vào|trong))?|xong\s+trước|thời\s+hạn(?:\s+là)?|vào)\s+)?{}\s+(?P<day>\d{{1,2}})(?:\s*[/.-]\s*(?P<month>\d{{1,2}})(?:\s*[/.-]\s*(?P<year>\d{{4}}))?|\s+{}\s+(?P<month2>\d{{1,2}})(?:\s+{}\s+(?P<year2>\d{{4}}))?)(?P<yearly>\s+(?:hằng|hàng|mỗi)\s+năm)?",
            any_marks("ngày"),
            any_marks("tháng"),
            any_marks("năm")
        ))
    });
    let mut out = Vec::new();
    for caps in RE.matches(flat) {
        let whole = caps.whole();
        let trigger = caps.name("trigger").map(|t| t.as_str().to_lowercase());
        let yearly = caps.name("yearly").is_some();
        // `vào ngày …` is a time limit only for a yearly date.
        let is_limit = match trigger.as_deref() {
            Some("vào") | None => yearly,
            Some(_) => true,
        };
        let month = caps
            .name("month")
            .or(caps.name("month2"))
            .and_then(|m| m.as_str().parse().ok());
        let (Some(month), Some(day), true) = (month, caps.name("day").and_then(|d| d.as_str().parse().ok()), is_limit)
        else {
            continue;
        };
        let year: Option<i32> = caps
            .name("year")
            .or(caps.name("year2"))
            .and_then(|y| y.as_str().parse().ok());
        let next_year = (year.is_none() && !yearly)
            .then(|| of_the_next_year(flat, whole.end()))
            .flatten();
        if next_year.is_none() && followed_by_issuer(flat, whole.end()) {
            continue;
        }
        let absolute = match year {
            Some(year) => NaiveDate::from_ymd_opt(year, month, day).map(|date| Absolute::Date { date }),
            None => MonthDay::new(month, day).map(|month_day| Absolute::MonthDay { month_day }),
        };
        if let Some(absolute) = absolute {
            let start = match trigger.as_deref() {
                Some("vào") => whole.start() + "vào ".len(),
                _ => without_completion(flat, whole.start()),
            };
            let end = next_year.unwrap_or(whole.end());
            out.push(Found {
                start,
                end,
                rules: vec![DeadlineRule::Absolute(absolute)],
            });
        }
    }
    out
}

/// Where `của năm sau` (of the year after) ends, when it follows `at`: the
/// date is a day of the year, not the date of a cited document.
fn of_the_next_year(flat: &str, at: usize) -> Option<usize> {
    static NEXT_YEAR: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)^\s+của\s+năm\s+(?:sau|tiếp\s+theo|kế\s+tiếp|liền\s+sau)(?:\W|$)"));
    let found = NEXT_YEAR.find(&flat[at..])?;
    let phrase = found.as_str().trim_end_matches(|c: char| !c.is_alphanumeric());
    Some(at + phrase.len())
}

/// Whether a date is followed by `của` + an issuer: the date of a cited document.
fn followed_by_issuer(flat: &str, at: usize) -> bool {
    starts_with_word(&flat[at..], "của")
}

/// `start` moved past a leading `hoàn thành` / `xong` followed by a
/// preposition (`hoàn thành trong quý II/2026` → `trong quý II/2026`).
fn without_completion(flat: &str, start: usize) -> usize {
    static COMPLETION: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^(?:hoàn\s+thành|xong)\s+(?:trong|trước|vào)\s"));
    match COMPLETION.find(&flat[start..]) {
        Some(found) => {
            let preposition = found
                .as_str()
                .trim_end()
                .rfind(char::is_whitespace)
                .map_or(0, |i| i + 1);
            start + preposition
        }
        None => start,
    }
}

/// Months and quarters as limits: `hoàn thành trong quý II/2026`,
/// `trước tháng 6/2026`, `xong trong tháng 10 năm 2026`, `trong quý
/// III/2027`, `vào quý IV/2026` (a quarter only: `vào tháng` mostly dates an
/// event), and the time line of a plan's item: `Thời gian hoàn thành: quý
/// III/2026` (the phrase is then the period alone). A period means its last
/// day; of two coordinated quarters, `trong quý II và quý III/2024`, the later.
pub(super) fn absolute_months(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        let [quarter_word, month_word, year_word] = ["quý", "tháng", "năm"].map(any_marks);
        WordRegex::new(&format!(
            r"(?:(?P<trigger>hoàn\s+thành(?:\s+(?:trong|trước|vào))?|xong\s+(?:trong|trước)|trước|chậm\s+nhất(?:\s+(?:là|trong|vào))?|trong|vào)\s+|(?P<label>thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành|trình|báo\s+cáo|tổ\s+chức))?\s*:\s*))(?P<period>(?:{quarter_word}\s+{QUARTER}\s*(?:,|và|đến|-)\s*)?{quarter_word}\s+(?P<quarter>{QUARTER})|{month_word}\s+(?P<month>\d{{1,2}}))\s*(?:/|{year_word})\s*(?P<year>\d{{4}})"
        ))
    });
    let mut out = Vec::new();
    for caps in RE.matches(flat) {
        let whole = caps.whole();
        let trigger = caps.lower("trigger");
        let Some(year) = caps.name("year").and_then(|y| y.as_str().parse::<i32>().ok()) else {
            continue;
        };
        let (first_month, months) = match (caps.name("quarter"), caps.name("month")) {
            (Some(q), _) => (quarter_number(q.as_str()).map(|q| q * 3 - 2), 3),
            // `vào tháng 8 năm 2020` mostly dates an event (`bị tai nạn vào tháng 8`).
            (None, Some(_)) if trigger == "vào" => continue,
            (None, Some(m)) => (m.as_str().parse::<u32>().ok(), 1),
            _ => continue,
        };
        let Some(start) = first_month.and_then(|m| NaiveDate::from_ymd_opt(year, m, 1)) else {
            continue;
        };
        // `trước tháng 6` ends before the month starts; otherwise at its end.
        let due = if trigger == "trước" || trigger.ends_with("trước") {
            start.pred_opt()
        } else {
            start.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt())
        };
        let phrase_start = match (caps.name("label"), caps.name("period")) {
            (Some(_), Some(period)) => period.start(),
            _ => without_completion(flat, whole.start()),
        };
        if let Some(date) = due {
            out.push(Found {
                start: phrase_start,
                end: whole.end(),
                rules: vec![DeadlineRule::Absolute(Absolute::Date { date })],
            });
        }
    }
    out
}

/// The end of a year as a limit: `vào cuối năm 2026`, `hoàn thành trong năm
/// 2026`, `chậm nhất đến cuối năm 2016`, and `Đến hết năm 2027` opening a
/// clause (a target; inside a clause `đến hết năm` closes a span of time:
/// `từ năm 2023 đến hết năm 2025`, `được hưởng đến hết năm 2026`).
pub(super) fn year_ends(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(
            r"(?P<trigger>đến\s+(?:hết|cuối)|(?:vào|trước)\s+cuối|chậm\s+nhất(?:\s+(?:là|đến|vào))?\s+(?:hết|cuối)|hoàn\s+thành\s+(?:trong|trước|vào\s+cuối|trước\s+cuối))\s+năm\s+(?P<year>\d{4})",
        )
    });
    let mut out = Vec::new();
    for caps in RE.matches(flat) {
        let whole = caps.whole();
        let trigger = caps.lower("trigger");
        if trigger.starts_with("đến") && !begins_clause(flat, whole.start()) {
            continue;
        }
        let Some(year) = caps.name("year").and_then(|y| y.as_str().parse::<i32>().ok()) else {
            continue;
        };
        // `trước năm 2027` ends with 2026; the others with the year named.
        let last_year = if trigger.split_whitespace().last() == Some("trước") {
            year - 1
        } else {
            year
        };
        if let Some(date) = NaiveDate::from_ymd_opt(last_year, 12, 31) {
            out.push(Found {
                start: without_completion(flat, whole.start()),
                end: whole.end(),
                rules: vec![DeadlineRule::Absolute(Absolute::Date { date })],
            });
        }
    }
    out
}
