//! Deadlines: every time limit and schedule in a document, normalised.
//!
//! Reads: a repaired [`Text`]. Writes: [`Deadline`]s, each with the exact
//! phrase and its [`Span`], in the three kinds of the gold schema:
//!
//! - **relative**: `trong thời hạn 07 ngày làm việc kể từ …`, `trước 05 ngày
//!   làm việc`, `chậm nhất là 01 ngày làm việc trước khi …`, `quá hạn 07 ngày
//!   làm việc`, `quá thời hạn 01 tháng kể từ …`, `… có thể kéo dài nhưng
//!   không quá 90 ngày`, `trước các kỳ họp … ít nhất 07 ngày` (the event
//!   first), `ngay sau khi …` (amount 0);
//! - **absolute**: `trước ngày 31/3/2027`, `trong quý II/2026` (a period
//!   means its last day), `vào cuối năm 2026`, `Đến hết năm 2027,` opening a
//!   clause, or a yearly date without a year (`chậm nhất là ngày 30 tháng 11
//!   hằng năm`, `trước ngày 15/01`, `trước ngày 15 tháng 01 của năm sau`) as
//!   a month-day; the phrase leaves out a leading `hoàn thành`;
//! - **recurring**: `hằng tháng`, `định kỳ 6 tháng`, `Định kỳ hằng tháng, quý,
//!   6 tháng, năm` (one item per frequency), `07 giờ 00 phút ngày 01 hằng
//!   tháng`, `ngày cuối cùng mỗi Quý`, `vào 07 giờ 30 phút thứ Hai hằng
//!   tuần`, `trước ngày 20 tháng cuối quý`, `một tháng một lần` (`12 tháng
//!   một lần` is yearly, `ba năm một lần` periodic), `vào dịp
//!   tổng kết công tác năm`, and `định kỳ` used as an adverb (periodic:
//!   `báo cáo định kỳ hoặc đột xuất`, `phải định kỳ rà soát`).
//!
//! Not deadlines: dates with no time-limit word before them (a document's
//! own date, the date of a cited document: `ngày 26/5/2025 của Ban Bí thư`),
//! years and periods named as such (`năm 2025`, `6 tháng đầu năm`,
//! `nhiệm kỳ 2025-2030`, `từ năm 2023 đến hết năm 2025`), ages and term
//! limits (`không quá 02 nhiệm kỳ`), conditions (`chưa quá 06 tháng kể từ
//! …`), `hằng năm` qualifying a plan or budget (`chương trình công tác hằng
//! năm`, `dự toán ngân sách hằng năm`), a frequency in a label a colon
//! closes (`Báo cáo hằng tháng: tính từ ngày 15 …`), `định kỳ` modifying a
//! noun (`chế độ báo cáo định kỳ`), daily routine (`hằng ngày`) and
//! effective dates (`có hiệu lực kể từ ngày ký`).
//!
//! Numbers may be digits, words (`mười lăm ngày`) or both (`05 (năm)`);
//! `hàng` is read as `hằng`. Where the phrase around a word leaves no doubt,
//! the word is read with any marks, so a repair's wrong tone still reads
//! (`trước ngay 15/3/2027`, `ngày đầu tiên của mỗi Quỹ`, `ngày lâm việc`), as
//! are the OCR's digits for Roman quarters (`quý 11/2026` is II) and a
//! mangled `giờ` between an hour and its minutes (`14 git 00 phút`).
//! Matching is on the text with line breaks read as spaces, so a phrase may
//! run across lines (its `text` then joins them with a space, as the gold
//! does).
//!
//! Speed: every pattern is searched with the regex crate's DFAs; word edges
//! are checked outside the patterns (`words::WordRegex`), since Unicode
//! `\b` would send every search of Vietnamese text to the slow PikeVM.
//! `cargo bench --bench deadlines` times the finder over the corpora.

mod dates;
mod periods;
mod resolve;
mod schedules;
mod words;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use chrono::{NaiveDate, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::calendar::PeriodUnit;
use crate::text::{Span, SpanLocator, Text};
pub use resolve::Resolved;

/// One time limit or schedule found in a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// The phrase as written (line breaks inside it read as single spaces).
    pub text: String,
    /// Its kind and normalised value.
    #[serde(flatten)]
    pub rule: DeadlineRule,
    /// Where the phrase is.
    pub span: Span,
}

/// The normalised meaning of a deadline: `{"kind": ..., "value": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DeadlineRule {
    /// A period counted from (or back from) an event.
    Relative(Relative),
    /// A fixed date, or a day of the year.
    Absolute(Absolute),
    /// A schedule that repeats.
    Recurring(Recurring),
}

/// A period counted from an event: `07 ngày làm việc kể từ khi nhận được văn bản`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relative {
    /// How many units (0 for `ngay sau khi`).
    pub amount: u32,
    /// The unit.
    pub unit: PeriodUnit,
    /// The event the period runs from, as written, when the phrase names it.
    pub from: Option<String>,
    /// Whether the limit lies before the event (`trước 05 ngày làm việc`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub before: bool,
}

/// A fixed date: `{"date": "2025-12-31"}`, or a yearly one: `{"month_day": "11-30"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Absolute {
    /// A calendar date.
    Date {
        /// The date.
        date: NaiveDate,
    },
    /// A day that comes back every year.
    MonthDay {
        /// `MM-DD`.
        month_day: MonthDay,
    },
}

/// A day of the year without a year, written `MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MonthDay {
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

impl From<MonthDay> for String {
    fn from(md: MonthDay) -> String {
        format!("{:02}-{:02}", md.month, md.day)
    }
}

impl TryFrom<String> for MonthDay {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let parsed = value
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)));
        parsed
            .and_then(|(month, day)| MonthDay::new(month, day))
            .ok_or_else(|| format!("not a MM-DD day: {value}"))
    }
}

impl MonthDay {
    /// A month-day that exists in some year (29/2 included).
    pub fn new(month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(2000, month, day).map(|_| MonthDay { month, day })
    }
}

/// A repeating schedule: `{"freq": "monthly", "day": 1, "time": "07:00"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurring {
    /// How often.
    pub freq: Frequency,
    /// Which day of the period, when the phrase says.
    pub day: Option<DaySpec>,
    /// Time of day `HH:MM`, when the phrase says.
    pub time: Option<String>,
}

/// How often a schedule repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Hằng tuần.
    Weekly,
    /// Hằng tháng.
    Monthly,
    /// Hằng quý.
    Quarterly,
    /// 6 tháng (nửa năm).
    HalfYearly,
    /// Hằng năm.
    Yearly,
    /// Định kỳ, with no period named.
    Periodic,
}

/// The day of a period a schedule falls on: `1`, `"last"`, `"thursday"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DaySpec {
    /// The n-th day of the month (for quarters and half-years: see [`Deadline::resolve`]).
    Nth(u32),
    /// A named day.
    Named(NamedDay),
}

/// Named days of a schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NamedDay {
    /// The last day of the period.
    Last,
    /// Thứ Hai.
    Monday,
    /// Thứ Ba.
    Tuesday,
    /// Thứ Tư.
    Wednesday,
    /// Thứ Năm.
    Thursday,
    /// Thứ Sáu.
    Friday,
    /// Thứ Bảy.
    Saturday,
    /// Chủ nhật.
    Sunday,
}

impl NamedDay {
    fn from_weekday(weekday: Weekday) -> Self {
        match weekday {
            Weekday::Mon => NamedDay::Monday,
            Weekday::Tue => NamedDay::Tuesday,
            Weekday::Wed => NamedDay::Wednesday,
            Weekday::Thu => NamedDay::Thursday,
            Weekday::Fri => NamedDay::Friday,
            Weekday::Sat => NamedDay::Saturday,
            Weekday::Sun => NamedDay::Sunday,
        }
    }

    fn weekday(self) -> Option<Weekday> {
        Some(match self {
            NamedDay::Last => return None,
            NamedDay::Monday => Weekday::Mon,
            NamedDay::Tuesday => Weekday::Tue,
            NamedDay::Wednesday => Weekday::Wed,
            NamedDay::Thursday => Weekday::Thu,
            NamedDay::Friday => Weekday::Fri,
            NamedDay::Saturday => Weekday::Sat,
            NamedDay::Sunday => Weekday::Sun,
        })
    }
}

/// Finds every deadline in `text`, in text order.
pub fn find_deadlines(text: &Text) -> Vec<Deadline> {
    let joined = text.joined();
    let flat = joined.replace('\n', " ");
    let locator = SpanLocator::new(text);
    let mut found: Vec<Found> = Vec::new();
    for recognizer in RECOGNIZERS {
        for candidate in recognizer(&flat) {
            let overlapping = found
                .iter()
                .filter(|f| f.start < candidate.end && candidate.start < f.end);
            // A phrase may hold earlier ones (a list with its dates in brackets), not cut into them.
            let fits = overlapping
                .into_iter()
                .all(|f| candidate.start < f.start && f.end < candidate.end);
            if fits && !in_heading(&joined, candidate.start) {
                found.push(candidate);
            }
        }
    }
    schedules::drop_less_specific_schedules(&flat, &mut found);
    found.sort_by_key(|f| f.start);
    found
        .into_iter()
        .flat_map(|f| {
            let span = locator.span(f.start, f.end);
            let text = flat[f.start..f.end].to_string();
            f.rules.into_iter().map(move |rule| Deadline {
                text: text.clone(),
                rule,
                span,
            })
        })
        .collect()
}

/// Whether byte `at` of the joined text lies on a line written all in
/// capitals (a heading: `VI. RÀ SOÁT, BỔ SUNG QUY HOẠCH HẰNG NĂM` names a
/// topic, not a schedule).
fn in_heading(joined: &str, at: usize) -> bool {
    let start = joined[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = joined[at..].find('\n').map_or(joined.len(), |i| at + i);
    let line = &joined[start..end];
    line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

/// A phrase found by one recognizer: its byte range in the flat text and
/// the deadlines it states (a list like `hằng tháng, quý` states several).
#[derive(Clone, Debug)]
struct Found {
    start: usize,
    end: usize,
    rules: Vec<DeadlineRule>,
}

type Recognizer = fn(&str) -> Vec<Found>;

/// The recognizers, most specific first: a later one's phrase that overlaps
/// an earlier one's is dropped.
const RECOGNIZERS: &[Recognizer] = &[
    periods::next_working_day,
    periods::relative_periods,
    dates::absolute_dates,
    dates::absolute_months,
    dates::year_ends,
    schedules::schedules_with_day,
    schedules::weekly_on_weekday,
    schedules::day_of_month_in_monthly_sentence,
    schedules::times_per_period,
    schedules::frequency_lists,
    schedules::year_end_meetings,
    schedules::periodic,
    periods::immediately_after,
];

/// Where the clause holding byte `at` starts (after `.`, `;`, `:`, or the text start).
fn clause_start(flat: &str, at: usize) -> usize {
    flat[..at].rfind(['.', ';', ':', '!', '?']).map_or(0, |i| i + 1)
}

/// Where the clause holding byte `at` ends.
fn clause_end(flat: &str, at: usize) -> usize {
    flat[at..].find(['.', ';', '!', '?']).map_or(flat.len(), |i| at + i)
}

/// Whether the phrase at `at` opens its clause: only a list marker (`1.`,
/// `a)`, `-`), a comma or `phấn đấu` stands between it and the clause start.
fn begins_clause(flat: &str, at: usize) -> bool {
    static OPENING: LazyLock<Regex> =
        LazyLock::new(|| words::regex(r"(?i)^\s*(?:[-+•*]|\(?(?:\d+|[a-zđ])\))?\s*(?:phấn\s+đấu\s*)?$"));
    let start = flat[..at].rfind(['.', ';', ':', '!', '?', ',']).map_or(0, |i| i + 1);
    OPENING.is_match(&flat[start..at])
}

/// Whether `rest`, after spaces, starts with `word` (any case).
fn starts_with_word(rest: &str, word: &str) -> bool {
    let rest = rest.trim_start();
    let prefix_end = rest
        .char_indices()
        .nth(word.chars().count())
        .map_or(rest.len(), |(i, _)| i);
    rest[..prefix_end].to_lowercase() == word
}
