//! Deadlines: every time limit and schedule in a document, normalised.
//!
//! Reads: a repaired [`Text`]. Writes: [`Deadline`]s, each with the exact
//! phrase and its [`Span`], in the three kinds of the gold schema:
//!
//! - **relative**: `trong thời hạn 07 ngày làm việc kể từ …`, `trước 05 ngày
//!   làm việc`, `chậm nhất là 01 ngày làm việc trước khi …`, `quá hạn 07 ngày
//!   làm việc`, `ngay sau khi …` (amount 0);
//! - **absolute**: `trước ngày 31/3/2027`, `hoàn thành trong quý II/2026`, or a
//!   yearly date without a year (`chậm nhất là ngày 30 tháng 11 hằng năm`,
//!   `trước ngày 15/01`) as a month-day;
//! - **recurring**: `hằng tháng`, `định kỳ 6 tháng`, `Định kỳ hằng tháng, quý,
//!   6 tháng, năm` (one item per frequency), `07 giờ 00 phút ngày 01 hằng
//!   tháng`, `ngày cuối cùng mỗi Quý`, `chiều thứ 5 hằng tuần`, `trước ngày 20
//!   tháng cuối quý`, `một tháng một lần`, and `định kỳ` alone (periodic).
//!
//! Not deadlines: dates with no time-limit word before them (a document's
//! own date, the date of a cited document: `ngày 26/5/2025 của Ban Bí thư`),
//! years and periods named as such (`năm 2025`, `6 tháng đầu năm`,
//! `nhiệm kỳ 2025-2030`), ages and term limits (`không quá 02 nhiệm kỳ`),
//! `hằng năm` qualifying a plan or budget (`chương trình công tác hằng
//! năm`, `dự toán ngân sách hằng năm`), daily routine (`hằng ngày`) and
//! effective dates (`có hiệu lực kể từ ngày ký`).
//!
//! Numbers may be digits, words (`mười lăm ngày`) or both (`05 (năm)`);
//! `hàng` is read as `hằng`. Matching is on the text with line breaks read as
//! spaces, so a phrase may run across lines (its `text` then joins them with
//! a space, as the gold does).

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

use super::calendar::{PeriodUnit, WorkingCalendar};
use crate::text::{Span, SpanLocator, Text};

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
        let parsed = value.split_once('-').and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)));
        parsed.and_then(|(month, day)| MonthDay::new(month, day)).ok_or_else(|| format!("not a MM-DD day: {value}"))
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

/// A deadline placed on the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    /// The due date: the first one after the anchor for a schedule.
    pub due: NaiveDate,
    /// For schedules and yearly dates: an iCalendar RRULE whose DTSTART is `due`.
    pub rrule: Option<String>,
}

impl Deadline {
    /// Places the deadline on the calendar, counting from `anchor` (the
    /// document's date): a relative period ends per the Civil Code (working
    /// days counted on `calendar`); a month-day is its next occurrence on or
    /// after the anchor; a schedule's first occurrence after the anchor,
    /// with its RRULE. A schedule without a day is due at the end of each
    /// period (month, quarter, half-year, year); a quarterly or half-yearly
    /// day 1 is the first day of the period, another day number falls in its
    /// last month. `None` for `định kỳ` without a period and for dates out of
    /// range.
    pub fn resolve(&self, anchor: NaiveDate, calendar: &WorkingCalendar) -> Option<Resolved> {
        match &self.rule {
            DeadlineRule::Relative(r) => {
                let signed = if r.before { -i64::from(r.amount) } else { i64::from(r.amount) };
                let due = calendar.period_end(anchor, signed, r.unit)?;
                Some(Resolved { due, rrule: None })
            }
            DeadlineRule::Absolute(Absolute::Date { date }) => Some(Resolved { due: *date, rrule: None }),
            DeadlineRule::Absolute(Absolute::MonthDay { month_day }) => {
                let due = (anchor.year()..anchor.year() + 8)
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, month_day.month, month_day.day))
                    .find(|d| *d >= anchor)?;
                let rrule = format!("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", month_day.month, month_day.day);
                Some(Resolved { due, rrule: Some(rrule) })
            }
            DeadlineRule::Recurring(r) => resolve_schedule(r, anchor),
        }
    }
}

/// The first occurrence after `anchor` of a schedule, and its RRULE.
fn resolve_schedule(schedule: &Recurring, anchor: NaiveDate) -> Option<Resolved> {
    let (rule, due) = match schedule.freq {
        Frequency::Periodic => return None,
        Frequency::Weekly => {
            let weekday = match schedule.day {
                Some(DaySpec::Named(named)) => named.weekday(),
                _ => None,
            };
            let weekday = weekday.unwrap_or(anchor.weekday());
            let ahead = (7 + weekday.num_days_from_monday() - anchor.weekday().num_days_from_monday() - 1) % 7 + 1;
            let due = anchor.checked_add_days(Days::new(u64::from(ahead)))?;
            (format!("FREQ=WEEKLY;BYDAY={}", byday(weekday)), due)
        }
        Frequency::Monthly => periodic_in_months(1, schedule.day, anchor)?,
        Frequency::Quarterly => periodic_in_months(3, schedule.day, anchor)?,
        Frequency::HalfYearly => periodic_in_months(6, schedule.day, anchor)?,
        Frequency::Yearly => periodic_in_months(12, schedule.day, anchor)?,
    };
    let rrule = match &schedule.time {
        Some(time) => {
            let (hour, minute) = time.split_once(':')?;
            format!("{rule};BYHOUR={};BYMINUTE={}", hour.parse::<u32>().ok()?, minute.parse::<u32>().ok()?)
        }
        None => rule,
    };
    Some(Resolved { due, rrule: Some(rrule) })
}

/// Schedules every `months` months (periods aligned on the year: quarters,
/// halves): the RRULE and the first occurrence after `anchor`.
fn periodic_in_months(months: u32, day: Option<DaySpec>, anchor: NaiveDate) -> Option<(String, NaiveDate)> {
    // Which month of the period, and which day of that month (-1 = last).
    let (month_in_period, month_day): (u32, i32) = match day {
        Some(DaySpec::Nth(1)) => (0, 1),
        Some(DaySpec::Nth(n)) => (months - 1, i32::try_from(n).ok()?),
        _ => (months - 1, -1),
    };
    let period_start = |year: i32, index: u32| NaiveDate::from_ymd_opt(year, index * months + 1, 1);
    let occurrence = |year: i32, index: u32| -> Option<NaiveDate> {
        let month_start = period_start(year, index)?.checked_add_months(Months::new(month_in_period))?;
        if month_day < 0 {
            month_start.checked_add_months(Months::new(1))?.pred_opt()
        } else {
            NaiveDate::from_ymd_opt(month_start.year(), month_start.month(), month_day.unsigned_abs())
        }
    };
    let periods_per_year = 12 / months;
    let due = (anchor.year()..=anchor.year() + 1)
        .flat_map(|y| (0..periods_per_year).map(move |i| (y, i)))
        .filter_map(|(y, i)| occurrence(y, i))
        .find(|d| *d > anchor)?;
    let rule = if months == 12 {
        let month = if month_in_period == 0 { 1 } else { 12 };
        format!("FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={month_day}")
    } else if months == 1 {
        format!("FREQ=MONTHLY;BYMONTHDAY={month_day}")
    } else {
        format!("FREQ=MONTHLY;INTERVAL={months};BYMONTHDAY={month_day}")
    };
    Some((rule, due))
}

fn byday(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

// ---------------------------------------------------------------------------
// Finding deadlines
// ---------------------------------------------------------------------------

/// Finds every deadline in `text`, in text order.
pub fn find_deadlines(text: &Text) -> Vec<Deadline> {
    let joined = text.joined();
    let flat = joined.replace('\n', " ");
    let locator = SpanLocator::new(text);
    let mut found: Vec<Found> = Vec::new();
    for recognizer in RECOGNIZERS {
        for candidate in recognizer(&flat) {
            let overlapping = found.iter().filter(|f| f.start < candidate.end && candidate.start < f.end);
            // A phrase may hold earlier ones (a list with its dates in brackets), not cut into them.
            let fits = overlapping.into_iter().all(|f| candidate.start < f.start && f.end < candidate.end);
            if fits && !in_heading(&joined, candidate.start) {
                found.push(candidate);
            }
        }
    }
    drop_less_specific_schedules(&flat, &mut found);
    found.sort_by_key(|f| f.start);
    found
        .into_iter()
        .flat_map(|f| {
            let span = locator.span(f.start, f.end);
            let text = flat[f.start..f.end].to_string();
            f.rules.into_iter().map(move |rule| Deadline { text: text.clone(), rule, span })
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
    next_working_day,
    relative_periods,
    absolute_dates,
    absolute_months,
    schedules_with_day,
    weekly_on_weekday,
    day_of_month_in_monthly_sentence,
    times_per_period,
    frequency_lists,
    year_end_meetings,
    periodic,
    immediately_after,
];

/// Number words (and digits), as a regex fragment.
const NUMBER: &str = r"(?:\d{1,3}|(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|lăm|tư)(?:\s+(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|lăm|tư))*)";

/// Units of a period, longest first.
const UNIT: &str = r"(?:ngày\s+làm\s+việc|ngày|tháng|năm|tuần|giờ)";

/// The regex fragment of an amount: a number, optionally followed by the
/// same number in the other notation in brackets: `05 (năm)`, `mười lăm (15)`.
fn amount_pattern() -> String {
    format!(r"(?P<amount>{NUMBER})(?:\s*\(\s*{NUMBER}\s*\))?")
}

/// Parses digits or Vietnamese number words (up to 999).
fn parse_number(words: &str) -> Option<u32> {
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

fn parse_unit(unit: &str) -> Option<PeriodUnit> {
    let unit = unit.to_lowercase();
    let words: Vec<&str> = unit.split_whitespace().collect();
    Some(match words.as_slice() {
        ["ngày", "làm", "việc"] => PeriodUnit::WorkingDay,
        ["ngày"] => PeriodUnit::Day,
        ["tháng"] => PeriodUnit::Month,
        ["năm"] => PeriodUnit::Year,
        ["tuần"] => PeriodUnit::Week,
        ["giờ"] => PeriodUnit::Hour,
        _ => return None,
    })
}

fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this module; a test compiles every one.
    Regex::new(pattern).unwrap_or_else(|e| panic!("deadline pattern: {e}"))
}

/// Where the clause holding byte `at` starts (after `.`, `;`, `:`, or the text start).
fn clause_start(flat: &str, at: usize) -> usize {
    flat[..at].rfind(['.', ';', ':', '!', '?']).map_or(0, |i| i + 1)
}

/// Where the clause holding byte `at` ends.
fn clause_end(flat: &str, at: usize) -> usize {
    flat[at..].find(['.', ';', '!', '?']).map_or(flat.len(), |i| at + i)
}

/// The event a period runs from: the words after the link, up to the first
/// punctuation, a following coordinated period, or twelve words.
fn event_phrase(flat: &str, start: usize) -> (String, usize) {
    static STOP: LazyLock<Regex> =
        LazyLock::new(|| regex(&format!(r"(?i)[,.;:()\n]|\s(?:và|hoặc)\s+{NUMBER}\s+{UNIT}\b|\s(?:thì|nếu)\s")));
    let rest = &flat[start..];
    let mut end = STOP.find(rest).map_or(rest.len(), |m| m.start());
    if let Some((i, _)) = rest[..end].match_indices(' ').nth(11) {
        end = i;
    }
    let phrase = rest[..end].trim_end();
    (phrase.to_string(), start + phrase.len())
}

/// `chậm nhất là ngày làm việc tiếp theo`: one working day.
fn next_working_day(flat: &str) -> Vec<Found> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)\bchậm\s+nhất(?:\s+là)?\s+(?:vào\s+)?ngày\s+làm\s+việc\s+tiếp\s+theo\b"));
    RE.find_iter(flat)
        .map(|m| Found {
            start: m.start(),
            end: m.end(),
            rules: vec![DeadlineRule::Relative(Relative {
                amount: 1,
                unit: PeriodUnit::WorkingDay,
                from: None,
                before: false,
            })],
        })
        .collect()
}

/// Periods: `trong thời hạn 07 ngày làm việc kể từ …`, `trước 05 ngày làm
/// việc`, `chậm nhất 03 ngày làm việc trước ngày họp`, `quá hạn 07 ngày làm
/// việc … và 14 ngày …`.
fn relative_periods(flat: &str) -> Vec<Found> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)\b(?P<trigger>trong\s+thời\s+hạn(?:\s+(?:tối\s+đa|không\s+quá|chậm\s+nhất(?:\s+là)?))?|trong\s+vòng|trong|chậm\s+nhất(?:\s+là)?(?:\s+(?:sau|trong))?|không\s+quá|tối\s+đa|quá\s+hạn|sau|trước(?:\s+(?:ít\s+nhất|tối\s+thiểu))?|ít\s+nhất|tối\s+thiểu)\s+{}\s+(?P<unit>{UNIT})\b(?:\s+trở\s+lên)?",
            amount_pattern()
        ))
    });
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^\s*,?\s*(?P<link>kể\s+từ(?:\s+(?:ngày|khi|thời\s+điểm))?|tính\s+từ(?:\s+(?:ngày|khi|thời\s+điểm))?|sau\s+khi|sau\s+ngày|trước\s+khi|trước\s+ngày|trước|đối\s+với|để(?:\s+phục\s+vụ)?)\s+",
        )
    });
    static COORDINATED: LazyLock<Regex> =
        LazyLock::new(|| regex(&format!(r"(?i)^\s+(?:và|hoặc)\s+{}\s+(?P<unit>{UNIT})\b", amount_pattern())));
    let mut out = Vec::new();
    for caps in RE.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
        let (Some(amount), Some(unit)) = (amount_of(&caps), caps.name("unit").and_then(|u| parse_unit(u.as_str())))
        else {
            continue;
        };
        let trigger = caps.name("trigger").map_or(String::new(), |t| t.as_str().to_lowercase());
        let after = &flat[whole.end()..];
        let link = LINK.captures(after);
        let link_word = link.as_ref().and_then(|l| l.name("link")).map_or(String::new(), |l| l.as_str().to_lowercase());
        if !accepts_trigger(flat, whole.start(), &trigger, &link_word, unit) {
            continue;
        }
        let before = trigger.starts_with("trước")
            || link_word.starts_with("trước")
            || (trigger.starts_with("ít nhất") || trigger.starts_with("tối thiểu"));
        let (from, end) = match &link {
            Some(l) => {
                let (phrase, end) = event_phrase(flat, whole.end() + l.get(0).map_or(0, |m| m.end()));
                (Some(phrase).filter(|p| !p.is_empty()), end)
            }
            None => (None, whole.end()),
        };
        let relative = Relative { amount, unit, from: from.clone(), before };
        out.push(Found { start: whole.start(), end, rules: vec![DeadlineRule::Relative(relative)] });
        if let Some(second) = coordinated_period(flat, end, &COORDINATED, &LINK, before) {
            out.push(second);
        }
    }
    out
}

/// `… và 14 ngày đối với …` right after a period: a second period.
fn coordinated_period(flat: &str, at: usize, coordinated: &Regex, link: &Regex, before: bool) -> Option<Found> {
    let caps = coordinated.captures(&flat[at..])?;
    let amount_start = at + caps.name("amount")?.start();
    let amount = amount_of(&caps)?;
    let unit = parse_unit(caps.name("unit")?.as_str())?;
    let unit_end = at + caps.get(0)?.end();
    let (from, end) = match link.captures(&flat[unit_end..]) {
        Some(l) => {
            let (phrase, end) = event_phrase(flat, unit_end + l.get(0)?.end());
            (Some(phrase), end)
        }
        None => (None, unit_end),
    };
    let relative = Relative { amount, unit, from, before };
    Some(Found { start: amount_start, end, rules: vec![DeadlineRule::Relative(relative)] })
}

fn amount_of(caps: &Captures) -> Option<u32> {
    parse_number(&caps.name("amount")?.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether a trigger word makes `amount unit` a time limit here.
fn accepts_trigger(flat: &str, start: usize, trigger: &str, link: &str, unit: PeriodUnit) -> bool {
    let short_unit = matches!(unit, PeriodUnit::Day | PeriodUnit::WorkingDay | PeriodUnit::Hour);
    let clause_before = &flat[clause_start(flat, start)..start].to_lowercase();
    let first = trigger.split_whitespace().next().unwrap_or("");
    match first {
        // `trong thời hạn`, `trong vòng` always; bare `trong` for short units only.
        "trong" => trigger != "trong" || short_unit,
        "chậm" | "quá" => true,
        "không" | "tối" if trigger.starts_with("tối thiểu") => {
            clause_before.contains("trước") || link.starts_with("trước")
        }
        // `không quá`, `tối đa`: a limit when the clause speaks of a time limit or an event.
        "không" | "tối" => {
            clause_before.contains("thời hạn")
                || clause_before.contains("thời gian")
                || link.starts_with("kể")
                || link.starts_with("tính")
        }
        "sau" => !link.is_empty() && !link.starts_with("đối") && !link.starts_with("để"),
        // `trước 12 giờ` is a time of day unless an event follows.
        "trước" => short_unit && (unit != PeriodUnit::Hour || !link.is_empty()),
        "ít" => short_unit && (clause_before.contains("trước") || link.starts_with("trước")),
        _ => false,
    }
}

/// Dates after a time-limit word: `trước ngày 31/3/2027`, `chậm nhất là
/// ngày 30 tháng 11 hằng năm`, `hoàn thành trước ngày 15/01`.
fn absolute_dates(flat: &str) -> Vec<Found> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)(?:\b(?P<trigger>trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:trước|vào|trong))?|không\s+muộn\s+hơn|hạn\s+chót(?:\s+là)?|hoàn\s+thành(?:\s+(?:trước|vào|trong))?|xong\s+trước|thời\s+hạn(?:\s+là)?|vào)\s+)?\bngày\s+(?P<day>\d{1,2})(?:\s*[/.-]\s*(?P<month>\d{1,2})(?:\s*[/.-]\s*(?P<year>\d{4}))?|\s+tháng\s+(?P<month2>\d{1,2})(?:\s+năm\s+(?P<year2>\d{4}))?)(?P<yearly>\s+(?:hằng|hàng|mỗi)\s+năm)?",
        )
    });
    let mut out = Vec::new();
    for caps in RE.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
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

/// Whether `rest`, after spaces, starts with `word` (any case).
fn starts_with_word(rest: &str, word: &str) -> bool {
    let rest = rest.trim_start();
    let prefix_end = rest.char_indices().nth(word.chars().count()).map_or(rest.len(), |(i, _)| i);
    rest[..prefix_end].to_lowercase() == word
}

/// Months and quarters as limits: `hoàn thành trong quý II/2026`,
/// `trước tháng 6/2026`, `xong trong tháng 10 năm 2026`.
fn absolute_months(flat: &str) -> Vec<Found> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?P<trigger>hoàn\s+thành(?:\s+(?:trong|trước|vào))?|xong\s+(?:trong|trước)|trước|chậm\s+nhất(?:\s+(?:là|trong|vào))?)\s+(?:(?P<quarter_word>quý)\s+(?P<quarter>IV|III|II|I|[1-4])|tháng\s+(?P<month>\d{1,2}))\s*(?:/|năm)\s*(?P<year>\d{4})\b",
        )
    });
    let mut out = Vec::new();
    for caps in RE.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
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

fn quarter_number(roman: &str) -> Option<u32> {
    match roman.to_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

/// A frequency word (`tháng`, `quý`, `6 tháng`, …) as a regex fragment.
const FREQUENCY: &str = r"(?:(?:06|6|sáu)\s+tháng|(?:03|3|ba)\s+tháng|nửa\s+năm|tuần|tháng|quý|năm(?:\s+học)?)";

/// An optional bracketed remark after a list item: `hằng tháng (trước ngày 15), quý`.
const BRACKETED: &str = r"(?:\s*\([^()]{0,40}\))?";

/// `hằng`, `hàng`, `mỗi` (and `của mỗi`) before a frequency.
const EVERY: &str = r"(?:(?:của\s+)?(?:hằng|hàng|mỗi))";

fn parse_frequency(word: &str) -> Option<Frequency> {
    let word = word.to_lowercase();
    let words: Vec<&str> = word.split_whitespace().collect();
    Some(match words.as_slice() {
        [_, "tháng"] if matches!(words[0], "06" | "6" | "sáu") => Frequency::HalfYearly,
        [_, "tháng"] => Frequency::Quarterly,
        ["nửa", "năm"] => Frequency::HalfYearly,
        ["tuần"] => Frequency::Weekly,
        ["tháng"] => Frequency::Monthly,
        ["quý"] => Frequency::Quarterly,
        ["năm", ..] => Frequency::Yearly,
        _ => return None,
    })
}

fn recurring(freq: Frequency, day: Option<DaySpec>, time: Option<String>) -> DeadlineRule {
    DeadlineRule::Recurring(Recurring { freq, day, time })
}

/// `start` moved back over a directly preceding `định kỳ` / `theo định kỳ`.
fn with_periodic_lead(flat: &str, start: usize) -> usize {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)(?:theo\s+)?định\s+kỳ\s+$"));
    let window_start = floor_char_boundary(flat, start.saturating_sub(24));
    LEAD.find(&flat[window_start..start]).map_or(start, |m| window_start + m.start())
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Schedules with a day (and time): `07 giờ 00 phút ngày 01 hằng tháng`,
/// `ngày cuối cùng mỗi Quý`, `ngày đầu tiên của mỗi Quý`, `trước ngày 20
/// tháng cuối quý`, `trước ngày 05 của tháng kế tiếp`.
fn schedules_with_day(flat: &str) -> Vec<Found> {
    static DAY_OF_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)(?:\b(?P<hour>\d{{1,2}})\s*(?:giờ|h)\s*(?:(?P<minute>\d{{1,2}})\s*(?:phút)?\s*)?(?:,\s*)?)?(?:\b(?:vào|trước)\s+)?\bngày\s+(?P<day>\d{{1,2}}|đầu\s+tiên|cuối\s+cùng|cuối)\s+{EVERY}\s+(?P<freq>{FREQUENCY})\b"
        ))
    });
    static DAY_OF_LAST_MONTH: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:trước|chậm\s+nhất(?:\s+là)?|vào)\s+(?:ngày\s+)?(?P<day>\d{1,2})\s+(?:của\s+)?tháng\s+(?:(?P<quarter>cuối(?:\s+cùng\s+của)?\s+(?:mỗi\s+|hằng\s+|hàng\s+)?quý)|(?P<next>kế\s+tiếp|tiếp\s+theo|sau))\b",
        )
    });
    let mut out = Vec::new();
    for caps in DAY_OF_PERIOD.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
        let Some(freq) = caps.name("freq").and_then(|f| parse_frequency(f.as_str())) else { continue };
        let day = caps.name("day").map(|d| d.as_str().to_lowercase()).and_then(|d| match d.as_str() {
            "đầu tiên" => Some(DaySpec::Nth(1)),
            "cuối cùng" | "cuối" => Some(DaySpec::Named(NamedDay::Last)),
            n => n.parse().ok().filter(|n| (1..=31).contains(n)).map(DaySpec::Nth),
        });
        let time = caps.name("hour").and_then(|h| {
            let hour: u32 = h.as_str().parse().ok().filter(|h| *h < 24)?;
            let minute: u32 = caps.name("minute").map_or(Some(0), |m| m.as_str().parse().ok().filter(|m| *m < 60))?;
            Some(format!("{hour:02}:{minute:02}"))
        });
        let start = with_periodic_lead(flat, whole.start());
        out.push(Found { start, end: whole.end(), rules: vec![recurring(freq, day, time)] });
    }
    for caps in DAY_OF_LAST_MONTH.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
        let Some(day) = caps.name("day").and_then(|d| d.as_str().parse().ok()).filter(|d| (1..=31).contains(d)) else {
            continue;
        };
        let freq = if caps.name("quarter").is_some() { Frequency::Quarterly } else { Frequency::Monthly };
        let start = with_periodic_lead(flat, whole.start());
        out.push(Found { start, end: whole.end(), rules: vec![recurring(freq, Some(DaySpec::Nth(day)), None)] });
    }
    out
}

/// Weekly schedules on a weekday: `chiều thứ 5 hằng tuần`, `hằng tuần vào sáng thứ Hai`.
fn weekly_on_weekday(flat: &str) -> Vec<Found> {
    const WEEKDAY: &str = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)";
    static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)(?:\b(?:vào\s+)?(?:buổi\s+)?(?:sáng|chiều|tối)\s+)?\b(?P<weekday>{WEEKDAY})\s+(?:hằng|hàng|mỗi)\s+tuần\b"
        ))
    });
    static WEEK_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)\b(?:hằng|hàng|mỗi)\s+tuần\s+(?:vào\s+)?(?:(?:buổi\s+)?(?:sáng|chiều|tối)\s+)?(?P<weekday>{WEEKDAY})\b"
        ))
    });
    let mut out = Vec::new();
    for re in [&*DAY_FIRST, &*WEEK_FIRST] {
        for caps in re.captures_iter(flat) {
            let (Some(whole), Some(weekday)) =
                (caps.get(0), caps.name("weekday").and_then(|w| parse_weekday(w.as_str())))
            else {
                continue;
            };
            let day = Some(DaySpec::Named(NamedDay::from_weekday(weekday)));
            let start = with_periodic_lead(flat, whole.start());
            out.push(Found { start, end: whole.end(), rules: vec![recurring(Frequency::Weekly, day, None)] });
        }
    }
    out
}

fn parse_weekday(words: &str) -> Option<Weekday> {
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

/// `trước ngày 20` (a day without a month) in a sentence about a monthly
/// report: the report's day of the month.
fn day_of_month_in_monthly_sentence(flat: &str) -> Vec<Found> {
    static BARE_DAY: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\btrước\s+ngày\s+(?P<day>\d{1,2})\b"));
    static MONTHLY: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\b(?:hằng|hàng|mỗi)\s+tháng\b"));
    let mut out = Vec::new();
    for caps in BARE_DAY.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
        let next = flat[whole.end()..].trim_start();
        if next.starts_with(['/', '.', '-']) && next[1..].starts_with(|c: char| c.is_ascii_digit())
            || starts_with_word(next, "tháng")
            || starts_with_word(next, "của")
        {
            continue;
        }
        let clause = &flat[clause_start(flat, whole.start())..clause_end(flat, whole.end())];
        let Some(day) = caps.name("day").and_then(|d| d.as_str().parse().ok()).filter(|d| (1..=31).contains(d)) else {
            continue;
        };
        if MONTHLY.is_match(clause) {
            out.push(Found {
                start: whole.start(),
                end: whole.end(),
                rules: vec![recurring(Frequency::Monthly, Some(DaySpec::Nth(day)), None)],
            });
        }
    }
    out
}

/// Counts per period: `ít nhất một tháng một lần`, `6 tháng một lần`,
/// `ít nhất 01 ngày trong tháng`, `02 lần/năm`.
fn times_per_period(flat: &str) -> Vec<Found> {
    static ONCE_PER: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)\b(?:ít\s+nhất\s+)?(?:(?:một|01|1|mỗi|hằng|hàng)\s+)?(?P<freq>{FREQUENCY})\s+(?:{NUMBER})\s+lần\b|\b(?:ít\s+nhất|tối\s+thiểu)\s+(?:{NUMBER})\s+(?:ngày|lần|buổi)\s*(?:trong|/|một|mỗi)\s*(?P<freq2>tuần|tháng|quý|năm)\b|\b(?:{NUMBER})\s+(?:lần|buổi)\s*/\s*(?P<freq3>tuần|tháng|quý|năm)\b"
        ))
    });
    let mut out = Vec::new();
    for caps in ONCE_PER.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
        let freq = caps.name("freq").or(caps.name("freq2")).or(caps.name("freq3"));
        let Some(freq) = freq.and_then(|f| parse_frequency(f.as_str())) else {
            continue;
        };
        let start = with_periodic_lead(flat, whole.start());
        out.push(Found { start, end: whole.end(), rules: vec![recurring(freq, None, None)] });
    }
    out
}

/// Frequencies: `hằng tháng`, `hằng Quý`, `định kỳ 6 tháng`, and lists: `Định
/// kỳ hằng tháng, quý, 6 tháng, năm`, `định kỳ 6 tháng và cuối năm`.
fn frequency_lists(flat: &str) -> Vec<Found> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)(?:\b(?P<lead>(?:theo\s+)?định\s+kỳ)\s+(?:{EVERY}\s+)?|\b{EVERY}\s+)(?P<first>{FREQUENCY})\b(?P<rest>(?:{BRACKETED}\s*(?:,|và|hoặc)\s*(?:{EVERY}\s+)?(?:{FREQUENCY}|cuối\s+năm)\b)*{BRACKETED})"
        ))
    });
    static ITEM: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"(?i)(?P<freq>{FREQUENCY}|cuối\s+năm)\b")));
    let mut out = Vec::new();
    for caps in LIST.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
        let lead = caps.name("lead").is_some();
        let names_one_period = caps.name("first").is_some_and(|f| starts_with_number(&flat[f.end()..]));
        if names_one_period || (!lead && qualifies_a_plan(flat, whole.start())) {
            continue;
        }
        let mut end = caps.name("first").map_or(whole.end(), |f| f.end());
        let mut freqs: Vec<Frequency> =
            caps.name("first").and_then(|f| parse_frequency(f.as_str())).into_iter().collect();
        if let Some(rest) = caps.name("rest") {
            for item in ITEM.captures_iter(rest.as_str()) {
                let Some(word) = item.name("freq") else { continue };
                let freq = if word.as_str().to_lowercase().starts_with("cuối") {
                    Some(Frequency::Yearly)
                } else {
                    parse_frequency(word.as_str())
                };
                // `năm` followed by a year number is a year, not a frequency.
                if starts_with_number(&flat[rest.start() + word.end()..]) {
                    break;
                }
                if let Some(freq) = freq {
                    freqs.push(freq);
                    end = rest.start() + word.end();
                }
            }
        }
        freqs.dedup();
        if freqs.is_empty() {
            continue;
        }
        let rules = freqs.into_iter().map(|f| recurring(f, None, None)).collect();
        out.push(Found { start: with_periodic_lead(flat, whole.start()), end, rules });
    }
    out
}

/// Whether `rest` starts with a number (`tháng 3`, `năm 2026`, `quý I`): a named period.
fn starts_with_number(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit())
        || rest.split([' ', '/', ',', '.']).next().is_some_and(|w| matches!(w, "I" | "II" | "III" | "IV"))
}

/// Whether `hằng …` at `at` qualifies a plan, budget or allowance
/// (`chương trình công tác hằng năm`, `dự toán ngân sách hằng năm`).
fn qualifies_a_plan(flat: &str, at: usize) -> bool {
    const PLAN_NOUNS: [&str; 15] = [
        "chương trình",
        "kế hoạch",
        "dự toán",
        "ngân sách",
        "chỉ tiêu",
        "kinh phí",
        "hỗ trợ",
        "phụ cấp",
        "lương",
        "thu nhập",
        "định mức",
        "công việc",
        "hoạt động thường xuyên",
        "trợ cấp",
        "toàn khóa",
    ];
    let before = &flat[floor_char_boundary(flat, at.saturating_sub(80))..at].to_lowercase();
    let words: Vec<&str> = before.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let tail = words[words.len().saturating_sub(7)..].join(" ");
    PLAN_NOUNS.iter().any(|noun| tail.contains(noun))
}

/// `tại Hội nghị Thành ủy cuối năm`: a yearly meeting.
fn year_end_meetings(flat: &str) -> Vec<Found> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:tại\s+)?(?:hội\s+nghị|kỳ\s+họp|phiên\s+họp|cuộc\s+họp|giao\s+ban)[^,.;:\n]{0,40}?\bcuối\s+(?P<period>năm|quý|tháng)\b",
        )
    });
    let mut out = Vec::new();
    for caps in RE.captures_iter(flat) {
        let Some(whole) = caps.get(0) else { continue };
        if starts_with_number(&flat[whole.end()..]) {
            continue;
        }
        let Some(freq) = caps.name("period").and_then(|p| parse_frequency(p.as_str())) else { continue };
        out.push(Found { start: whole.start(), end: whole.end(), rules: vec![recurring(freq, None, None)] });
    }
    out
}

/// `định kỳ` with no period: `báo cáo định kỳ hoặc đột xuất` (not `định kỳ
/// tháng 3 năm 2026`, which names one occasion).
fn periodic(flat: &str) -> Vec<Found> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)\b(?:theo\s+)?định\s+kỳ\b(?:\s*(?:,|hoặc|và)\s*đột\s+xuất\b)?"));
    static NAMED_PERIOD: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^\s+(?:tháng|quý|năm)\s+(?:\d|I)"));
    RE.find_iter(flat)
        .filter(|m| !NAMED_PERIOD.is_match(&flat[m.end()..]))
        .map(|m| Found { start: m.start(), end: m.end(), rules: vec![recurring(Frequency::Periodic, None, None)] })
        .collect()
}

/// `ngay sau khi ban hành văn bản`: at once after an event.
fn immediately_after(flat: &str) -> Vec<Found> {
    static RE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bngay\s+(?:sau\s+)?khi\s+"));
    RE.find_iter(flat)
        .filter_map(|m| {
            let (event, end) = event_phrase(flat, m.end());
            (!event.is_empty()).then(|| Found {
                start: m.start(),
                end,
                rules: vec![DeadlineRule::Relative(Relative {
                    amount: 0,
                    unit: PeriodUnit::Day,
                    from: Some(event),
                    before: false,
                })],
            })
        })
        .collect()
}

/// In a clause that gives a schedule's day (`hằng quý … trước ngày 25 của
/// tháng cuối quý`), the same schedule without a day is the same deadline.
fn drop_less_specific_schedules(flat: &str, found: &mut Vec<Found>) {
    let dated: Vec<(usize, Frequency)> = found
        .iter()
        .flat_map(|f| f.rules.iter().map(move |r| (f.start, r)))
        .filter_map(|(start, r)| match r {
            DeadlineRule::Recurring(Recurring { freq, day: Some(_), .. }) => Some((clause_start(flat, start), *freq)),
            _ => None,
        })
        .collect();
    for f in found.iter_mut() {
        let clause = clause_start(flat, f.start);
        f.rules.retain(|r| match r {
            DeadlineRule::Recurring(Recurring { freq, day: None, .. }) => !dated.contains(&(clause, *freq)),
            _ => true,
        });
    }
    found.retain(|f| !f.rules.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<Deadline> {
        find_deadlines(&Text::from_plain(text))
    }

    fn relative(amount: u32, unit: PeriodUnit, before: bool) -> (u32, PeriodUnit, bool) {
        (amount, unit, before)
    }

    fn relatives(text: &str) -> Vec<(u32, PeriodUnit, bool)> {
        find(text)
            .into_iter()
            .filter_map(|d| match d.rule {
                DeadlineRule::Relative(r) => Some((r.amount, r.unit, r.before)),
                _ => None,
            })
            .collect()
    }

    fn schedules(text: &str) -> Vec<(Frequency, Option<DaySpec>, Option<String>)> {
        find(text)
            .into_iter()
            .filter_map(|d| match d.rule {
                DeadlineRule::Recurring(r) => Some((r.freq, r.day, r.time)),
                _ => None,
            })
            .collect()
    }

    fn absolutes(text: &str) -> Vec<Absolute> {
        find(text)
            .into_iter()
            .filter_map(|d| match d.rule {
                DeadlineRule::Absolute(a) => Some(a),
                _ => None,
            })
            .collect()
    }

    fn date(y: i32, m: u32, d: u32) -> Absolute {
        Absolute::Date { date: NaiveDate::from_ymd_opt(y, m, d).unwrap() }
    }

    fn month_day(m: u32, d: u32) -> Absolute {
        Absolute::MonthDay { month_day: MonthDay::new(m, d).unwrap() }
    }

    #[test]
    fn every_pattern_compiles() {
        let _ = find("trong thời hạn 05 ngày; hằng tháng; định kỳ; ngày 01 hằng tháng; thứ Hai hằng tuần");
    }

    #[test]
    fn period_with_event() {
        let found = find("Trong thời hạn 07 ngày làm việc kể từ khi nhận được văn bản và tài liệu, Ban trả lời.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "Trong thời hạn 07 ngày làm việc kể từ khi nhận được văn bản và tài liệu");
        let DeadlineRule::Relative(r) = &found[0].rule else { panic!("{:?}", found[0]) };
        assert_eq!(
            (r.amount, r.unit, r.from.as_deref()),
            (7, PeriodUnit::WorkingDay, Some("nhận được văn bản và tài liệu"))
        );
    }

    #[test]
    fn periods_before_an_event() {
        assert_eq!(
            relatives("cung cấp tài liệu trước 05 (năm) ngày làm việc để phục vụ cuộc họp"),
            vec![relative(5, PeriodUnit::WorkingDay, true)]
        );
        assert_eq!(
            relatives("thông báo chậm nhất là 01 (một) ngày làm việc trước khi hết thời hạn."),
            vec![relative(1, PeriodUnit::WorkingDay, true)]
        );
        assert_eq!(
            relatives("tài liệu gửi chậm nhất 03 ngày làm việc trước ngày họp"),
            vec![relative(3, PeriodUnit::WorkingDay, true)]
        );
        assert_eq!(
            relatives("phải được gửi trước ngày tổ chức đại hội ít nhất 20 ngày."),
            vec![relative(20, PeriodUnit::Day, true)]
        );
    }

    #[test]
    fn overdue_periods_and_coordination() {
        let text = "khi nhiệm vụ quá hạn 07 ngày làm việc trở lên đối với nhiệm vụ có hạn\nvà 14 ngày đối với nhiệm vụ không có hạn nhưng không có báo cáo";
        let found = find(text);
        assert_eq!(
            relatives(text),
            vec![relative(7, PeriodUnit::WorkingDay, false), relative(14, PeriodUnit::Day, false)]
        );
        assert_eq!(found[1].text, "14 ngày đối với nhiệm vụ không có hạn nhưng không có báo cáo");
        assert_eq!(found[1].span.line, 1);
    }

    #[test]
    fn numbers_in_words_and_hours() {
        assert_eq!(
            relatives("trong thời hạn mười lăm ngày kể từ ngày nhận"),
            vec![relative(15, PeriodUnit::Day, false)]
        );
        assert_eq!(relatives("trong thời hạn hai mươi lăm ngày"), vec![relative(25, PeriodUnit::Day, false)]);
        assert_eq!(
            relatives("báo cáo bằng văn bản trong thời hạn 24 giờ."),
            vec![relative(24, PeriodUnit::Hour, false)]
        );
        assert_eq!(relatives("trong vòng 03 tháng kể từ ngày ký"), vec![relative(3, PeriodUnit::Month, false)]);
    }

    #[test]
    fn immediately_after_is_a_zero_period() {
        let found = find("cập nhật lên Hệ thống ngay sau khi ban hành văn bản, đính kèm văn bản");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "ngay sau khi ban hành văn bản");
        assert_eq!(
            relatives("Ngay sau khi hoàn thành nhiệm vụ, các đơn vị báo cáo."),
            vec![relative(0, PeriodUnit::Day, false)]
        );
    }

    #[test]
    fn next_working_day_is_one() {
        assert_eq!(
            relatives("phải được phát hành trong ngày ký, chậm nhất là ngày làm việc tiếp theo;"),
            vec![relative(1, PeriodUnit::WorkingDay, false)]
        );
    }

    #[test]
    fn not_time_limits() {
        for text in [
            "Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Bí thư về",
            "Hải Phòng, ngày 04 tháng 11 năm 2025",
            "Chương trình công tác hằng năm của Thành ủy",
            "dự toán ngân sách hằng năm trước khi trình",
            "kết quả 6 tháng đầu năm 2026, nhiệm kỳ 2025-2030",
            "không quá 02 nhiệm kỳ liên tiếp; tuổi không quá 60",
            "Quy chế này có hiệu lực kể từ ngày ký.",
            "giải quyết công việc hằng ngày của Đảng bộ",
            "đang trong thời hạn xử lý kỷ luật",
            "quyết định chương trình công tác toàn khóa, hằng năm.",
            "tại buổi tiếp công dân định kỳ tháng 3 năm 2026",
            "Đảng viên vắng mặt 3 lần trong năm không có lý do",
            "VI. RÀ SOÁT, BỔ SUNG QUY HOẠCH HẰNG NĂM",
            "Trước 12 giờ, cơ quan gửi danh sách",
            "năm tài chính từ ngày 01 tháng 01 đến hết ngày 31 tháng 12",
        ] {
            assert_eq!(find(text), vec![], "{text}");
        }
    }

    #[test]
    fn dates_after_a_limit_word() {
        assert_eq!(absolutes("hoàn thành trước ngày 31/3/2027."), vec![date(2027, 3, 31)]);
        assert_eq!(absolutes("gửi về Ban chậm nhất ngày 30/6/2026."), vec![date(2026, 6, 30)]);
        assert_eq!(absolutes("chậm nhất là ngày 30 tháng 11 hằng năm"), vec![month_day(11, 30)]);
        assert_eq!(absolutes("trình Thường trực phê duyệt trước ngày 15/01."), vec![month_day(1, 15)]);
        assert_eq!(absolutes("hoàn thành trong quý II/2026"), vec![date(2026, 6, 30)]);
        assert_eq!(absolutes("xong trước tháng 6/2026"), vec![date(2026, 5, 31)]);
        // A yearly date is absolute only, not also a yearly schedule.
        assert_eq!(schedules("chậm nhất là ngày 30 tháng 11 hằng năm"), vec![]);
    }

    #[test]
    fn monthly_and_quarterly_days() {
        assert_eq!(
            schedules("Định kỳ ngày cuối cùng hằng tháng hoặc khi có yêu cầu"),
            vec![(Frequency::Monthly, Some(DaySpec::Named(NamedDay::Last)), None)]
        );
        let found = find("c) Định kỳ 07 giờ 00 phút ngày 01 hằng tháng, Văn phòng");
        assert_eq!(found[0].text, "Định kỳ 07 giờ 00 phút ngày 01 hằng tháng");
        assert_eq!(
            schedules("Định kỳ 07 giờ 00 phút ngày 01 hằng tháng"),
            vec![(Frequency::Monthly, Some(DaySpec::Nth(1)), Some("07:00".into()))]
        );
        assert_eq!(
            schedules("Định kỳ ngày cuối cùng mỗi Quý"),
            vec![(Frequency::Quarterly, Some(DaySpec::Named(NamedDay::Last)), None)]
        );
        assert_eq!(
            schedules("Định kỳ 07 giờ 00 phút ngày đầu tiên của mỗi Quý"),
            vec![(Frequency::Quarterly, Some(DaySpec::Nth(1)), Some("07:00".into()))]
        );
        assert_eq!(
            schedules("báo cáo trước ngày 20 tháng cuối quý"),
            vec![(Frequency::Quarterly, Some(DaySpec::Nth(20)), None)]
        );
        // The day given later in the clause makes `hằng quý` the same deadline.
        assert_eq!(
            schedules("định kỳ hằng quý báo cáo kết quả với Thường trực trước ngày 25 của tháng cuối quý."),
            vec![(Frequency::Quarterly, Some(DaySpec::Nth(25)), None)]
        );
        assert_eq!(
            schedules("định kỳ hằng tháng báo cáo Ban Thường vụ trước ngày 20; báo cáo đột xuất"),
            vec![(Frequency::Monthly, Some(DaySpec::Nth(20)), None)]
        );
    }

    #[test]
    fn weekly_on_a_weekday() {
        let thursday = (Frequency::Weekly, Some(DaySpec::Named(NamedDay::Thursday)), None);
        assert_eq!(schedules("họp vào chiều thứ 5 hằng tuần"), vec![thursday.clone()]);
        let monday = (Frequency::Weekly, Some(DaySpec::Named(NamedDay::Monday)), None);
        assert_eq!(schedules("Thường trực họp hằng tuần vào sáng thứ Hai."), vec![monday]);
        assert_eq!(schedules("định kỳ hằng tuần báo cáo"), vec![(Frequency::Weekly, None, None)]);
    }

    #[test]
    fn frequency_lists_give_one_item_each() {
        let freqs = |t: &str| schedules(t).into_iter().map(|s| s.0).collect::<Vec<_>>();
        use Frequency::*;
        assert_eq!(
            freqs("Định kỳ hằng tháng, quý, 6 tháng, năm hoặc đột xuất"),
            vec![Monthly, Quarterly, HalfYearly, Yearly]
        );
        assert_eq!(freqs("báo cáo định kỳ hằng tháng, hằng quý hoặc đột xuất."), vec![Monthly, Quarterly]);
        assert_eq!(freqs("định kỳ 6 tháng báo cáo Tỉnh ủy"), vec![HalfYearly]);
        assert_eq!(freqs("định kỳ 6 tháng và cuối năm"), vec![HalfYearly, Yearly]);
        assert_eq!(freqs("Hằng năm hoặc khi cần thiết, Ban tổ chức"), vec![Yearly]);
        assert_eq!(freqs("báo cáo tại Hội nghị Thành ủy hằng Quý."), vec![Quarterly]);
        assert_eq!(freqs("báo cáo Thành ủy tại Hội nghị Thành ủy cuối năm."), vec![Yearly]);
        assert_eq!(freqs("Định kỳ ít nhất một tháng một lần, chuyên viên"), vec![Monthly]);
        assert_eq!(freqs("tiếp công dân định kỳ ít nhất 01 ngày trong tháng"), vec![Monthly]);
        assert_eq!(freqs("họp thường lệ mỗi tháng hai lần"), vec![Monthly]);
        assert_eq!(freqs("định kỳ hằng tháng, năm 2025 và"), vec![Monthly]);
        assert_eq!(freqs("báo cáo 02 lần/năm"), vec![Yearly]);
    }

    #[test]
    fn lists_keep_their_bracketed_dates() {
        let text = "thực hiện chế độ báo cáo định kỳ hằng tháng (trước ngày 15), quý, 6 tháng (trước ngày 15/6), năm (trước ngày 15/11) và báo cáo đột xuất";
        use Frequency::*;
        assert_eq!(
            schedules(text),
            // In text order: the list, then the monthly day that replaced the list's `hằng tháng`.
            vec![
                (Quarterly, None, None),
                (HalfYearly, None, None),
                (Yearly, None, None),
                (Monthly, Some(DaySpec::Nth(15)), None)
            ]
        );
        assert_eq!(absolutes(text), vec![month_day(6, 15), month_day(11, 15)]);
    }

    #[test]
    fn periodic_without_a_period() {
        let found = find("Yêu cầu báo cáo định kỳ hoặc đột xuất về tình hình");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "định kỳ hoặc đột xuất");
        assert_eq!(schedules("theo định kỳ hoặc đột xuất"), vec![(Frequency::Periodic, None, None)]);
    }

    #[test]
    fn serialises_as_the_gold_schema() {
        let found = find(
            "Định kỳ 07 giờ 00 phút ngày 01 hằng tháng; Trong thời hạn 10 ngày làm việc kể từ ngày nhận được phản hồi",
        );
        let json = serde_json::to_value(&found).unwrap();
        assert_eq!(json[0]["kind"], "recurring");
        assert_eq!(json[0]["value"], serde_json::json!({"freq": "monthly", "day": 1, "time": "07:00"}));
        assert_eq!(json[1]["kind"], "relative");
        assert_eq!(
            json[1]["value"],
            serde_json::json!({"amount": 10, "unit": "working_day", "from": "nhận được phản hồi"})
        );
        let last =
            serde_json::to_value(recurring(Frequency::Quarterly, Some(DaySpec::Named(NamedDay::Last)), None)).unwrap();
        assert_eq!(last["value"]["day"], "last");
        let yearly = serde_json::to_value(DeadlineRule::Absolute(month_day(11, 30))).unwrap();
        assert_eq!(yearly, serde_json::json!({"kind": "absolute", "value": {"month_day": "11-30"}}));
        let back: Vec<Deadline> = serde_json::from_value(json).unwrap();
        assert_eq!(back, found);
    }

    fn resolve(text: &str, anchor: NaiveDate) -> Resolved {
        let found = find(text);
        found[0].resolve(anchor, &WorkingCalendar::vietnam()).unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn resolving_on_the_calendar() {
        let anchor = ymd(2025, 11, 4);
        assert_eq!(resolve("Trong thời hạn 07 ngày làm việc kể từ ngày nhận", anchor).due, ymd(2025, 11, 13));
        // Five working days before Monday 3/2/2025, across the Tết break: Monday 20/1.
        assert_eq!(resolve("trước 05 ngày làm việc", ymd(2025, 2, 3)).due, ymd(2025, 1, 20));
        assert_eq!(resolve("hoàn thành trước ngày 31/3/2027", anchor).due, ymd(2027, 3, 31));
        let yearly = resolve("chậm nhất là ngày 30 tháng 11 hằng năm", anchor);
        assert_eq!(
            (yearly.due, yearly.rrule.as_deref()),
            (ymd(2025, 11, 30), Some("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30"))
        );
        let last = resolve("ngày cuối cùng hằng tháng", anchor);
        assert_eq!((last.due, last.rrule.as_deref()), (ymd(2025, 11, 30), Some("FREQ=MONTHLY;BYMONTHDAY=-1")));
        let quarter_start = resolve("07 giờ 00 phút ngày đầu tiên của mỗi Quý", anchor);
        assert_eq!(quarter_start.due, ymd(2026, 1, 1));
        assert_eq!(quarter_start.rrule.as_deref(), Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1;BYHOUR=7;BYMINUTE=0"));
        let thursday = resolve("chiều thứ 5 hằng tuần", anchor);
        assert_eq!((thursday.due, thursday.rrule.as_deref()), (ymd(2025, 11, 6), Some("FREQ=WEEKLY;BYDAY=TH")));
        assert_eq!(resolve("trước ngày 20 tháng cuối quý", anchor).due, ymd(2025, 12, 20));
        assert_eq!(resolve("định kỳ 6 tháng", anchor).due, ymd(2025, 12, 31));
        let periodic = &find("báo cáo định kỳ hoặc đột xuất")[0];
        assert_eq!(periodic.resolve(anchor, &WorkingCalendar::vietnam()), None);
    }
}
