//! Placing a deadline on the calendar: due dates and RRULEs.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{Absolute, DaySpec, Deadline, DeadlineRule, Frequency, Recurring};
use crate::extract::calendar::WorkingCalendar;

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
                let signed = if r.before {
                    -i64::from(r.amount)
                } else {
                    i64::from(r.amount)
                };
                let due = calendar.period_end(anchor, signed, r.unit)?;
                Some(Resolved { due, rrule: None })
            }
            DeadlineRule::Absolute(Absolute::Date { date }) => Some(Resolved {
                due: *date,
                rrule: None,
            }),
            DeadlineRule::Absolute(Absolute::MonthDay { month_day }) => {
                let due = (anchor.year()..anchor.year() + 8)
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, month_day.month, month_day.day))
                    .find(|d| *d >= anchor)?;
                let rrule = format!("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", month_day.month, month_day.day);
                Some(Resolved {
                    due,
                    rrule: Some(rrule),
                })
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
            format!(
                "{rule};BYHOUR={};BYMINUTE={}",
                hour.parse::<u32>().ok()?,
                minute.parse::<u32>().ok()?
            )
        }
        None => rule,
    };
    Some(Resolved {
        due,
        rrule: Some(rrule),
    })
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
