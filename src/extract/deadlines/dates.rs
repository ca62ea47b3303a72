//! Absolute deadlines: dates, and months or quarters that end a period.

use std::sync::LazyLock;

use chrono::{Months, NaiveDate};

use super::words::{WordRegex, quarter_number};
use super::{Absolute, DeadlineRule, Found, MonthDay, starts_with_word};

/// Dates after a time-limit word: `trước ngày 31/3/2027`, `chậm nhất là
/// ngày 30 tháng 11 hằng năm`, `hoàn thành trước ngày 15/01`.
pub(super) fn absolute_dates(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::starting(
            r"(?:(?P<trigger>trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:trước|vào|trong))?|không\s+muộn\s+hơn|hạn\s+chót(?:\s+là)?|hoàn\s+thành(?:\s+(?:trước|vào|trong))?|xong\s+trước|thời\s+hạn(?:\s+là)?|vào)\s+)?ngày\s+(?P<day>\d{1,2})(?:\s*[/.-]\s*(?P<month>\d{1,2})(?:\s*[/.-]\s*(?P<year>\d{4}))?|\s+tháng\s+(?P<month2>\d{1,2})(?:\s+năm\s+(?P<year2>\d{4}))?)(?P<yearly>\s+(?:hằng|hàng|mỗi)\s+năm)?",
        )
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
        let month = caps.name("month").or(caps.name("month2")).and_then(|m| m.as_str().parse().ok());
        let (Some(month), Some(day), true) = (month, caps.name("day").and_then(|d| d.as_str().parse().ok()), is_limit)
        else {
            continue;
        };
        if followed_by_issuer(flat, whole.end()) {
            continue;
        }
        let year: Option<i32> = caps.name("year").or(caps.name("year2")).and_then(|y| y.as_str().parse().ok());
        let absolute = match year {
            Some(year) => NaiveDate::from_ymd_opt(year, month, day).map(|date| Absolute::Date { date }),
            None => MonthDay::new(month, day).map(|month_day| Absolute::MonthDay { month_day }),
        };
        if let Some(absolute) = absolute {
            let start = if trigger.as_deref() == Some("vào") { whole.start() + "vào ".len() } else { whole.start() };
            out.push(Found { start, end: whole.end(), rules: vec![DeadlineRule::Absolute(absolute)] });
        }
    }
    out
}

/// Whether a date is followed by `của` + an issuer: the date of a cited document.
fn followed_by_issuer(flat: &str, at: usize) -> bool {
    starts_with_word(&flat[at..], "của")
}

/// Months and quarters as limits: `hoàn thành trong quý II/2026`,
/// `trước tháng 6/2026`, `xong trong tháng 10 năm 2026`.
pub(super) fn absolute_months(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(
            r"(?P<trigger>hoàn\s+thành(?:\s+(?:trong|trước|vào))?|xong\s+(?:trong|trước)|trước|chậm\s+nhất(?:\s+(?:là|trong|vào))?)\s+(?:(?P<quarter_word>quý)\s+(?P<quarter>IV|III|II|I|[1-4])|tháng\s+(?P<month>\d{1,2}))\s*(?:/|năm)\s*(?P<year>\d{4})",
        )
    });
    let mut out = Vec::new();
    for caps in RE.matches(flat) {
        let whole = caps.whole();
        let trigger = caps.name("trigger").map_or(String::new(), |t| t.as_str().to_lowercase());
        let Some(year) = caps.name("year").and_then(|y| y.as_str().parse::<i32>().ok()) else { continue };
        let (first_month, months) = match (caps.name("quarter"), caps.name("month")) {
            (Some(q), _) => (quarter_number(q.as_str()).map(|q| q * 3 - 2), 3),
            (None, Some(m)) => (m.as_str().parse::<u32>().ok(), 1),
            _ => continue,
        };
        let Some(start) = first_month.and_then(|m| NaiveDate::from_ymd_opt(year, m, 1)) else { continue };
        // `trước tháng 6` ends before the month starts; otherwise at its end.
        let due = if trigger == "trước" || trigger.ends_with("trước") {
            start.pred_opt()
        } else {
            start.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt())
        };
        if let Some(date) = due {
            out.push(Found {
                start: whole.start(),
                end: whole.end(),
                rules: vec![DeadlineRule::Absolute(Absolute::Date { date })],
            });
        }
    }
    out
}
