//! Vietnam's working-day calendar and the Civil Code's rules for counting periods.
//!
//! A day is a working day unless it is a Saturday or Sunday (the public
//! sector's weekly rest since 1999), a public holiday, a compensatory day off
//! (nghỉ bù) or a day off decided by the government (hoán đổi); a Saturday the
//! government made a working day (làm bù) is one.
//!
//! Public holidays by law, as this calendar computes them:
//!
//! | from | law | holidays |
//! |---|---|---|
//! | 1995 | Bộ luật Lao động 1994, Điều 73 (amended 2002) | 1/1; Tết Âm lịch 4 days (the last day of the lunar year and mùng 1–3); 30/4; 1/5; 2/9 |
//! | 2007 | Luật 84/2007/QH11 amending Điều 73 | + Giỗ Tổ Hùng Vương (10/3 âm lịch) |
//! | 2014 | Bộ luật Lao động 2012, Điều 115 (in force 1/5/2013, so from Tết 2014) | Tết Âm lịch 5 days (the last day of the year and mùng 1–4) |
//! | 2021 | Bộ luật Lao động 2019, Điều 112 | 2/9 and one adjacent day (1/9 or 3/9) |
//!
//! Nghỉ bù (Bộ luật Lao động 2019, Điều 111 khoản 3; 1994 Điều 73 khoản 2;
//! 2012 Điều 110 khoản 3): a holiday on a weekend gives a day off on the next
//! working day. For Tết from 2014 on, the government has placed the
//! compensation for a Saturday on the working day *before* the break and for
//! a Sunday on the one after, which this calendar follows. The law leaves the
//! choice of the Tết days and of the day next to 2/9 to the Prime Minister
//! (Điều 112 khoản 3); the calendar takes the adjacent day the decisions of
//! 2021–2026 took: 3/9 when 2/9 is a Monday, Thursday or Sunday, else 1/9.
//!
//! The government's decisions that depart from these rules (swapped days,
//! compensation placed elsewhere) come from `dictionaries/vn_official_days_off.tsv`
//! (2010–2026, each row with its source and whether it was verified).
//!
//! Range: the rules are claimed for 2000–2100 (the Saturday rest began in
//! October 1999); other years are computed with the nearest rules. Not
//! modelled: the Ngày Văn hóa Việt Nam (24/11), chosen by the Politburo in 2025
//! as a future paid holiday but not in Điều 112 when this was written.

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;
use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::lunar::{self, LunarDate};

/// The government's changes to the calendar, one row per day (see the file's header).
const OFFICIAL_DAYS: &str = include_str!("../../dictionaries/vn_official_days_off.tsv");

/// Years whose days off are computed once when a calendar is built.
const CACHED_YEARS: RangeInclusive<i32> = 1990..=2100;

/// Why a day is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A public holiday named by the Labour Code (may fall on a weekend).
    Legal,
    /// Nghỉ bù: a weekday off because a holiday fell on a weekend.
    Compensatory,
    /// A weekday off by a government decision (hoán đổi, or nghỉ bù placed by decision).
    Official,
}

/// A day off other than an ordinary weekend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// The day.
    pub date: NaiveDate,
    /// What it is called (Vietnamese).
    pub name: String,
    /// Why it is off.
    pub kind: HolidayKind,
}

/// The unit of a period (thời hạn).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// Giờ: counted as whole days (24 hours = 1 day), rounded up.
    Hour,
    /// Ngày: calendar days.
    Day,
    /// Ngày làm việc: working days.
    WorkingDay,
    /// Tuần: weeks.
    Week,
    /// Tháng: months.
    Month,
    /// Năm: years.
    Year,
}

/// One row of the official table.
#[derive(Clone, Debug, PartialEq, Eq)]
struct OfficialDay {
    date: NaiveDate,
    off: bool,
    occasion: String,
}

/// Vietnam's working days: weekends, public holidays, nghỉ bù and official swaps.
#[derive(Clone, Debug)]
pub struct WorkingCalendar {
    official_off: BTreeMap<NaiveDate, String>,
    official_work: HashSet<NaiveDate>,
    days_off: BTreeMap<NaiveDate, Holiday>,
}

impl Default for WorkingCalendar {
    fn default() -> Self {
        WorkingCalendar::vietnam()
    }
}

impl WorkingCalendar {
    /// The calendar of the law's rules plus the government's recorded decisions.
    ///
    /// Building it computes every holiday of 1990–2100 (lunar dates
    /// included, about 2 ms): code that places many deadlines should use
    /// [`WorkingCalendar::shared`].
    pub fn vietnam() -> Self {
        WorkingCalendar::with_official_days(parse_official_days(OFFICIAL_DAYS))
    }

    /// [`WorkingCalendar::vietnam`], built once per process.
    pub fn shared() -> &'static WorkingCalendar {
        static SHARED: LazyLock<WorkingCalendar> = LazyLock::new(WorkingCalendar::vietnam);
        &SHARED
    }

    /// The calendar of the law's rules alone, without the recorded decisions.
    pub fn statutory() -> Self {
        WorkingCalendar::with_official_days(Vec::new())
    }

    fn with_official_days(rows: Vec<OfficialDay>) -> Self {
        let mut calendar = WorkingCalendar {
            official_off: BTreeMap::new(),
            official_work: HashSet::new(),
            days_off: BTreeMap::new(),
        };
        for row in rows {
            if row.off {
                calendar.official_off.insert(row.date, row.occasion);
            } else {
                calendar.official_work.insert(row.date);
            }
        }
        for year in CACHED_YEARS {
            for holiday in calendar.compute_holidays(year) {
                calendar.days_off.insert(holiday.date, holiday);
            }
        }
        calendar
    }

    /// Every holiday, nghỉ bù and official day off of `year`, in date order
    /// (legal holidays are listed even when they fall on a weekend).
    pub fn holidays(&self, year: i32) -> Vec<Holiday> {
        if CACHED_YEARS.contains(&year) {
            let range = year_range(year);
            return self.days_off.range(range).map(|(_, h)| h.clone()).collect();
        }
        self.compute_holidays(year)
    }

    /// Weekend days of `year` that the government made working days (làm bù).
    pub fn official_working_days(&self, year: i32) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .official_work
            .iter()
            .copied()
            .filter(|d| d.year() == year)
            .collect();
        days.sort_unstable();
        days
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.official_work.contains(&date) {
            return true;
        }
        if is_weekend(date) {
            return false;
        }
        if CACHED_YEARS.contains(&date.year()) {
            return !self.days_off.contains_key(&date);
        }
        !self.compute_holidays(date.year()).iter().any(|h| h.date == date)
    }

    /// The first working day on or after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.walk_to_working_day(date, 1)
    }

    /// The last working day on or before `date`.
    pub fn previous_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.walk_to_working_day(date, -1)
    }

    fn walk_to_working_day(&self, mut date: NaiveDate, step: i64) -> Option<NaiveDate> {
        while !self.is_working_day(date) {
            date = shift(date, step)?;
        }
        Some(date)
    }

    /// The day `n` working days after `date` (before it when `n` is negative),
    /// not counting `date` itself; `date` when `n` is 0.
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Option<NaiveDate> {
        let step = n.signum();
        let mut left = n.abs();
        let mut day = date;
        while left > 0 {
            day = shift(day, step)?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// The last day of a period of `n` days starting the day after `date`
    /// (Bộ luật Dân sự 2015, Điều 147–148): `date + n`, moved to the next
    /// working day when it is a weekend or holiday. A negative `n` counts back
    /// and moves to the previous working day (a time limit "n days before").
    pub fn add_days(&self, date: NaiveDate, n: i64) -> Option<NaiveDate> {
        self.period_end(date, n, PeriodUnit::Day)
    }

    /// The last day of a period of `amount` `unit`s from the event on `event`
    /// (Bộ luật Dân sự 2015, Điều 147–148): the count starts the day after
    /// the event; a period in months or years ends on the corresponding day
    /// of the last month (the month's last day when it has none); a last day
    /// that is not a working day moves to the next working day. A negative
    /// amount is a time limit before the event: counted back, and moved to
    /// the previous working day.
    pub fn period_end(&self, event: NaiveDate, amount: i64, unit: PeriodUnit) -> Option<NaiveDate> {
        let end = match unit {
            PeriodUnit::WorkingDay => return self.add_working_days(event, amount),
            PeriodUnit::Hour => shift(event, amount.signum() * (amount.abs() + 23) / 24)?,
            PeriodUnit::Day => shift(event, amount)?,
            PeriodUnit::Week => shift(event, amount.checked_mul(7)?)?,
            PeriodUnit::Month => add_months(event, amount)?,
            PeriodUnit::Year => add_months(event, amount.checked_mul(12)?)?,
        };
        if amount < 0 {
            self.previous_working_day(end)
        } else {
            self.next_working_day(end)
        }
    }

    /// Holidays of `year` by the rules, then the official table's days off.
    fn compute_holidays(&self, year: i32) -> Vec<Holiday> {
        let legal = legal_holidays(year);
        let mut days: BTreeMap<NaiveDate, Holiday> = legal.iter().map(|h| (h.date, h.clone())).collect();
        for holiday in legal.iter().filter(|h| is_weekend(h.date)) {
            let backwards = year >= 2014 && holiday.name.starts_with(TET) && holiday.date.weekday() == Weekday::Sat;
            if let Some(date) = self.free_weekday(holiday.date, if backwards { -1 } else { 1 }, &days) {
                let name = format!("Nghỉ bù {}", holiday.name);
                days.insert(
                    date,
                    Holiday {
                        date,
                        name,
                        kind: HolidayKind::Compensatory,
                    },
                );
            }
        }
        for (date, occasion) in self.official_off.range(year_range(year)) {
            let name = format!("Nghỉ theo quyết định ({occasion})");
            days.entry(*date).or_insert(Holiday {
                date: *date,
                name,
                kind: HolidayKind::Official,
            });
        }
        days.into_values().collect()
    }

    /// The nearest weekday from `date` in direction `step` that is not yet off.
    fn free_weekday(&self, date: NaiveDate, step: i64, taken: &BTreeMap<NaiveDate, Holiday>) -> Option<NaiveDate> {
        let mut day = shift(date, step)?;
        while is_weekend(day) || taken.contains_key(&day) || self.official_work.contains(&day) {
            day = shift(day, step)?;
        }
        Some(day)
    }
}

/// Name prefix of the Tết Nguyên đán holidays.
const TET: &str = "Tết Nguyên đán";

/// The public holidays the Labour Code in force names for `year`.
fn legal_holidays(year: i32) -> Vec<Holiday> {
    let legal = |date: NaiveDate, name: &str| Holiday {
        date,
        name: name.to_string(),
        kind: HolidayKind::Legal,
    };
    let fixed = |month: u32, day: u32, name: &str| NaiveDate::from_ymd_opt(year, month, day).map(|d| legal(d, name));
    let mut days: Vec<Holiday> = Vec::new();
    days.extend(fixed(1, 1, "Tết Dương lịch"));
    if let Some(new_year) = lunar::lunar_new_year(year) {
        let tet_days: u64 = if year >= 2014 { 4 } else { 3 };
        days.extend(new_year.pred_opt().map(|d| legal(d, &format!("{TET} (ngày cuối năm)"))));
        for k in 0..tet_days {
            days.extend(
                new_year
                    .checked_add_days(Days::new(k))
                    .map(|d| legal(d, &format!("{TET} (mùng {})", k + 1))),
            );
        }
    }
    if year >= 2007 {
        let hung_kings = lunar::to_solar(LunarDate::new(10, 3, year));
        days.extend(hung_kings.map(|d| legal(d, "Giỗ Tổ Hùng Vương")));
    }
    days.extend(fixed(4, 30, "Ngày Chiến thắng"));
    days.extend(fixed(5, 1, "Ngày Quốc tế Lao động"));
    days.extend(fixed(9, 2, "Quốc khánh"));
    if year >= 2021 {
        days.extend(national_day_companion(year).map(|d| legal(d, "Quốc khánh (ngày liền kề)")));
    }
    days.sort_by_key(|h| h.date);
    days
}

/// The day next to 2/9 that is off from 2021 on (the choice of the 2021–2026 decisions).
fn national_day_companion(year: i32) -> Option<NaiveDate> {
    let national_day = NaiveDate::from_ymd_opt(year, 9, 2)?;
    match national_day.weekday() {
        Weekday::Mon | Weekday::Thu | Weekday::Sun => national_day.succ_opt(),
        _ => national_day.pred_opt(),
    }
}

/// Every date of `year`, as a range for a `BTreeMap`.
fn year_range(year: i32) -> RangeInclusive<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    first..=last
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `date` moved by `days` days (either direction).
fn shift(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let magnitude = Days::new(days.unsigned_abs());
    if days < 0 {
        date.checked_sub_days(magnitude)
    } else {
        date.checked_add_days(magnitude)
    }
}

/// `date` moved by `months` months, clamped to the last day of a shorter month.
fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    let magnitude = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    if months < 0 {
        date.checked_sub_months(magnitude)
    } else {
        date.checked_add_months(magnitude)
    }
}

/// Parses the official table; malformed rows are skipped (a test checks there are none).
fn parse_official_days(table: &str) -> Vec<OfficialDay> {
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("date\t") && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let date = NaiveDate::parse_from_str(fields.next()?, "%Y-%m-%d").ok()?;
            let off = match fields.next()? {
                "off" => true,
                "work" => false,
                _ => return None,
            };
            let occasion = fields.next()?.to_string();
            let verified = fields.next()?;
            let source = fields.next()?;
            (matches!(verified, "yes" | "no") && !source.is_empty()).then_some(OfficialDay { date, off, occasion })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Every day from `first` to `last` that is not a working day.
    fn days_off(calendar: &WorkingCalendar, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| !calendar.is_working_day(*d))
            .collect()
    }

    fn span(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        first.iter_days().take_while(|d| *d <= last).collect()
    }

    #[test]
    fn every_official_row_parses() {
        let rows = OFFICIAL_DAYS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("date\t"))
            .count();
        assert_eq!(parse_official_days(OFFICIAL_DAYS).len(), rows);
        assert!(rows >= 30);
    }

    #[test]
    fn tet_2025_break_is_25_january_to_2_february() {
        let calendar = WorkingCalendar::vietnam();
        let around = days_off(&calendar, ymd(2025, 1, 20), ymd(2025, 2, 7));
        assert_eq!(around, span(ymd(2025, 1, 25), ymd(2025, 2, 2)));
    }

    #[test]
    fn tet_2026_break_and_new_year_swap() {
        let calendar = WorkingCalendar::vietnam();
        assert_eq!(
            days_off(&calendar, ymd(2026, 2, 9), ymd(2026, 2, 27)),
            span(ymd(2026, 2, 14), ymd(2026, 2, 22))
        );
        assert!(!calendar.is_working_day(ymd(2026, 1, 2)));
        assert!(calendar.is_working_day(ymd(2026, 1, 10)));
        assert!(WorkingCalendar::statutory().is_working_day(ymd(2026, 1, 2)));
    }

    #[test]
    fn tet_compensation_goes_before_a_saturday_and_after_a_sunday() {
        // 2024: mùng 1 on Saturday 10/2: off Thursday 8/2 to Wednesday 14/2.
        let calendar = WorkingCalendar::statutory();
        assert_eq!(
            days_off(&calendar, ymd(2024, 2, 5), ymd(2024, 2, 16)),
            span(ymd(2024, 2, 8), ymd(2024, 2, 14))
        );
    }

    #[test]
    fn hung_kings_2025_and_swapped_reunification_days() {
        let calendar = WorkingCalendar::vietnam();
        let holidays = calendar.holidays(2025);
        assert!(
            holidays
                .iter()
                .any(|h| h.date == ymd(2025, 4, 7) && h.name == "Giỗ Tổ Hùng Vương")
        );
        // Saturday 26/4 worked for Friday 2/5: off Wednesday 30/4 to Sunday 4/5.
        let mut expected = vec![ymd(2025, 4, 27)];
        expected.extend(span(ymd(2025, 4, 30), ymd(2025, 5, 4)));
        assert_eq!(days_off(&calendar, ymd(2025, 4, 26), ymd(2025, 5, 5)), expected);
        assert_eq!(calendar.official_working_days(2025), vec![ymd(2025, 4, 26)]);
    }

    #[test]
    fn national_day_gets_an_adjacent_day_from_2021() {
        let calendar = WorkingCalendar::statutory();
        // 2023: 2/9 on Saturday: 1/9 and nghỉ bù on Monday 4/9.
        assert_eq!(
            days_off(&calendar, ymd(2023, 8, 31), ymd(2023, 9, 5)),
            span(ymd(2023, 9, 1), ymd(2023, 9, 4))
        );
        // 2024: Monday 2/9 and Tuesday 3/9.
        assert_eq!(
            days_off(&calendar, ymd(2024, 8, 30), ymd(2024, 9, 4)),
            span(ymd(2024, 8, 31), ymd(2024, 9, 3))
        );
        // 2019: one day only.
        assert_eq!(
            days_off(&calendar, ymd(2019, 8, 30), ymd(2019, 9, 4)),
            vec![ymd(2019, 8, 31), ymd(2019, 9, 1), ymd(2019, 9, 2)]
        );
    }

    #[test]
    fn tet_had_four_days_before_2014() {
        let tet = |year| {
            WorkingCalendar::statutory()
                .holidays(year)
                .iter()
                .filter(|h| h.name.starts_with(TET) && h.kind == HolidayKind::Legal)
                .count()
        };
        assert_eq!(tet(2012), 4);
        assert_eq!(tet(2013), 4);
        assert_eq!(tet(2014), 5);
        let hung_kings = |year| {
            WorkingCalendar::statutory()
                .holidays(year)
                .iter()
                .any(|h| h.name == "Giỗ Tổ Hùng Vương")
        };
        assert!(!hung_kings(2006));
        assert!(hung_kings(2007));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let calendar = WorkingCalendar::vietnam();
        // Friday 24/1/2025 + 1 working day: the Tết break runs to Sunday 2/2.
        assert_eq!(calendar.add_working_days(ymd(2025, 1, 24), 1), Some(ymd(2025, 2, 3)));
        assert_eq!(calendar.add_working_days(ymd(2025, 11, 4), 7), Some(ymd(2025, 11, 13)));
        assert_eq!(calendar.add_working_days(ymd(2025, 2, 3), -1), Some(ymd(2025, 1, 24)));
        assert_eq!(calendar.add_working_days(ymd(2025, 2, 3), 0), Some(ymd(2025, 2, 3)));
    }

    #[test]
    fn civil_code_periods() {
        let calendar = WorkingCalendar::vietnam();
        // 10 days from Monday 20/1/2025 end on 30/1, inside Tết: moved to Monday 3/2.
        assert_eq!(calendar.add_days(ymd(2025, 1, 20), 10), Some(ymd(2025, 2, 3)));
        // One month from 31/1 ends on the last day of February (Friday 28/2/2025).
        assert_eq!(
            calendar.period_end(ymd(2025, 1, 31), 1, PeriodUnit::Month),
            Some(ymd(2025, 2, 28))
        );
        // One month from 31/3/2025 would end on 30/4 (holiday), then 1/5, weekend, swapped 2/5: Monday 5/5.
        assert_eq!(
            calendar.period_end(ymd(2025, 3, 31), 1, PeriodUnit::Month),
            Some(ymd(2025, 5, 5))
        );
        // One year from 29/2/2024 ends on 28/2/2025.
        assert_eq!(
            calendar.period_end(ymd(2024, 2, 29), 1, PeriodUnit::Year),
            Some(ymd(2025, 2, 28))
        );
        // Two weeks from Tuesday 4/11/2025: Tuesday 18/11.
        assert_eq!(
            calendar.period_end(ymd(2025, 11, 4), 2, PeriodUnit::Week),
            Some(ymd(2025, 11, 18))
        );
        // 24 hours: the next day.
        assert_eq!(
            calendar.period_end(ymd(2025, 11, 4), 24, PeriodUnit::Hour),
            Some(ymd(2025, 11, 5))
        );
        // 3 days before Monday 3/2/2025 lands in Tết: moved back to Friday 24/1.
        assert_eq!(calendar.add_days(ymd(2025, 2, 3), -3), Some(ymd(2025, 1, 24)));
    }

    #[test]
    fn years_outside_the_cache_are_computed() {
        let calendar = WorkingCalendar::vietnam();
        let holidays = calendar.holidays(2150);
        assert_eq!(
            holidays
                .iter()
                .filter(|h| h.name.starts_with(TET) && h.kind == HolidayKind::Legal)
                .count(),
            5
        );
        // 2/9/2150 is a Wednesday: off with Tuesday 1/9; Thursday 3/9 is a working day.
        assert_eq!(ymd(2150, 9, 2).weekday(), Weekday::Wed);
        assert_eq!(
            days_off(&calendar, ymd(2150, 8, 31), ymd(2150, 9, 3)),
            vec![ymd(2150, 9, 1), ymd(2150, 9, 2)]
        );
    }
}
