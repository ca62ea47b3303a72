//! The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
//!
//! Hồ Ngọc Đức's published algorithm: mean new moons and the sun's
//! longitude after Jean Meeus (*Astronomical Algorithms*), evaluated at local
//! midnight of a time zone. A lunar month starts on the local day of a new
//! moon; month 11 is the one holding the winter solstice; in a year with 13
//! months the first month without a major solar term (trung khí) is the leap
//! month. Vietnam counts in UTC+7 ([`VIETNAM_UTC_OFFSET`]); China's calendar
//! is the same computation in UTC+8, which is why Tết falls a day (or, in
//! 1985, a month) apart in some years.
//!
//! Accurate for the Gregorian years 1800–2199, the range the published
//! algorithm is checked against.

use std::f64::consts::PI;

use chrono::{Datelike, NaiveDate};

/// Vietnam's time zone, in hours east of UTC (the lunar calendar's reference).
pub const VIETNAM_UTC_OFFSET: f64 = 7.0;

/// Julian day number of 0001-01-01 (proleptic Gregorian) minus one.
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;

/// Mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;

/// Julian day of the new moon numbered 0 in [`new_moon`] (1900-01-01 13:52 UT).
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;

/// A day of the lunar calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LunarDate {
    /// Day of the month, 1–30.
    pub day: u32,
    /// Month, 1–12 (a leap month repeats the number of the month before it).
    pub month: u32,
    /// The lunar year, named by the Gregorian year in which its month 1 starts.
    pub year: i32,
    /// Whether the month is the year's leap month (tháng nhuận).
    pub leap: bool,
}

impl LunarDate {
    /// A day of an ordinary (not leap) month.
    pub fn new(day: u32, month: u32, year: i32) -> Self {
        LunarDate {
            day,
            month,
            year,
            leap: false,
        }
    }
}

/// Julian day number of a Gregorian date.
pub fn julian_day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO
}

/// The Gregorian date of a Julian day number, if chrono can represent it.
pub fn from_julian_day(jdn: i64) -> Option<NaiveDate> {
    let days = i32::try_from(jdn - JDN_OF_CE_DAY_ZERO).ok()?;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// Julian day (with fraction, UT) of new moon number `k` counted from 1900-01-01.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = (359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3) * dr;
    let mpr = (306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3) * dr;
    let f = (21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3) * dr;
    let correction = (0.1734 - 0.000_393 * t) * m.sin() + 0.0021 * (2.0 * m).sin() - 0.4068 * mpr.sin()
        + 0.0161 * (2.0 * mpr).sin()
        - 0.0004 * (3.0 * mpr).sin()
        + 0.0104 * (2.0 * f).sin()
        - 0.0051 * (m + mpr).sin()
        - 0.0074 * (m - mpr).sin()
        + 0.0004 * (2.0 * f + m).sin()
        - 0.0004 * (2.0 * f - m).sin()
        - 0.0006 * (2.0 * f + mpr).sin()
        + 0.0010 * (2.0 * f - mpr).sin()
        + 0.0005 * (2.0 * mpr + m).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd + correction - delta_t
}

/// The sun's apparent longitude, in radians within [0, 2π), at Julian day `jd` (UT).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin()
        + (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin()
        + 0.000_290 * (dr * 3.0 * m).sin();
    ((l0 + dl) * dr).rem_euclid(2.0 * PI)
}

/// Local day number of new moon `k` in a time zone `utc_offset` hours east of UTC.
fn new_moon_day(k: i64, utc_offset: f64) -> i64 {
    (new_moon(k) + 0.5 + utc_offset / 24.0).floor() as i64
}

/// Which of the 12 thirty-degree sectors the sun is in at local midnight
/// starting day `jdn` (0 = from the vernal equinox; 9 = from the winter solstice).
fn sun_sector(jdn: i64, utc_offset: f64) -> i64 {
    (sun_longitude(jdn as f64 - 0.5 - utc_offset / 24.0) / PI * 6.0).floor() as i64
}

/// Day number on which lunar month 11 (the month of the winter solstice) of `year` starts.
fn month_11_start(year: i32, utc_offset: f64) -> Option<i64> {
    let dec31 = julian_day(NaiveDate::from_ymd_opt(year, 12, 31)?);
    let k = ((dec31 - 2_415_021) as f64 / SYNODIC_MONTH).floor() as i64;
    let start = new_moon_day(k, utc_offset);
    Some(if sun_sector(start, utc_offset) >= 9 {
        new_moon_day(k - 1, utc_offset)
    } else {
        start
    })
}

/// Index of the new moon nearest to day `jdn`, counted as in [`new_moon`].
fn lunation_index(jdn: i64) -> i64 {
    ((jdn as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64
}

/// Offset, in months after month 11 starting on `month_11`, of the leap month
/// of a 13-month year: the first month in which the sun enters no new sector.
fn leap_month_offset(month_11: i64, utc_offset: f64) -> i64 {
    let k = lunation_index(month_11);
    let mut offset = 1;
    let mut arc = sun_sector(new_moon_day(k + offset, utc_offset), utc_offset);
    loop {
        let last = arc;
        offset += 1;
        arc = sun_sector(new_moon_day(k + offset, utc_offset), utc_offset);
        if arc == last || offset >= 14 {
            return offset - 1;
        }
    }
}

/// The Gregorian date of a lunar date in a time zone `utc_offset` hours east
/// of UTC; `None` if the date does not exist (a leap flag on a month that is
/// not that year's leap month) or is out of chrono's range.
pub fn to_solar_in(lunar: LunarDate, utc_offset: f64) -> Option<NaiveDate> {
    let LunarDate { day, month, year, leap } = lunar;
    let (a11, b11) = if month < 11 {
        (month_11_start(year - 1, utc_offset)?, month_11_start(year, utc_offset)?)
    } else {
        (month_11_start(year, utc_offset)?, month_11_start(year + 1, utc_offset)?)
    };
    let k = lunation_index(a11);
    let mut offset = (i64::from(month) - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11, utc_offset);
        let leap_month = (leap_offset - 2).rem_euclid(12);
        if leap && i64::from(month) != leap_month {
            return None;
        }
        if leap || offset >= leap_offset {
            offset += 1;
        }
    } else if leap {
        return None;
    }
    from_julian_day(new_moon_day(k + offset, utc_offset) + i64::from(day) - 1)
}

/// The Gregorian date of a Vietnamese lunar date (UTC+7).
pub fn to_solar(lunar: LunarDate) -> Option<NaiveDate> {
    to_solar_in(lunar, VIETNAM_UTC_OFFSET)
}

/// The lunar date of a Gregorian date in a time zone `utc_offset` hours east of UTC.
pub fn from_solar_in(date: NaiveDate, utc_offset: f64) -> Option<LunarDate> {
    let jdn = julian_day(date);
    let k = ((jdn as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    let mut month_start = new_moon_day(k + 1, utc_offset);
    if month_start > jdn {
        month_start = new_moon_day(k, utc_offset);
    }
    let gregorian_year = date.year();
    let mut a11 = month_11_start(gregorian_year, utc_offset)?;
    let mut b11 = a11;
    let mut year = gregorian_year;
    if a11 >= month_start {
        a11 = month_11_start(gregorian_year - 1, utc_offset)?;
    } else {
        year += 1;
        b11 = month_11_start(gregorian_year + 1, utc_offset)?;
    }
    let diff = (month_start - a11) / 29;
    let mut month = diff + 11;
    let mut leap = false;
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11, utc_offset);
        if diff >= leap_offset {
            month = diff + 10;
            leap = diff == leap_offset;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    let day = u32::try_from(jdn - month_start + 1).ok()?;
    Some(LunarDate {
        day,
        month: u32::try_from(month).ok()?,
        year,
        leap,
    })
}

/// The Vietnamese lunar date (UTC+7) of a Gregorian date.
pub fn from_solar(date: NaiveDate) -> Option<LunarDate> {
    from_solar_in(date, VIETNAM_UTC_OFFSET)
}

/// Tết Nguyên đán: day 1 of month 1 of the lunar year starting in `year` (UTC+7).
pub fn lunar_new_year(year: i32) -> Option<NaiveDate> {
    to_solar(LunarDate::new(1, 1, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn julian_day_numbers() {
        assert_eq!(julian_day(ymd(2000, 1, 1)), 2_451_545);
        assert_eq!(from_julian_day(2_451_545), Some(ymd(2000, 1, 1)));
    }

    #[test]
    fn tet_in_vietnam_and_china_differ_in_known_years() {
        // Vietnam (UTC+7) against China (UTC+8): the new moon falls either side of midnight.
        let china = |y| to_solar_in(LunarDate::new(1, 1, y), 8.0);
        assert_eq!(lunar_new_year(2007), Some(ymd(2007, 2, 17)));
        assert_eq!(china(2007), Some(ymd(2007, 2, 18)));
        // 1985: the months differ by a whole lunation (Vietnam's month 11 of 1984 fell a month later).
        assert_eq!(lunar_new_year(1985), Some(ymd(1985, 1, 21)));
        assert_eq!(china(1985), Some(ymd(1985, 2, 20)));
        assert_eq!(lunar_new_year(2030), Some(ymd(2030, 2, 2)));
        assert_eq!(china(2030), Some(ymd(2030, 2, 3)));
    }

    #[test]
    fn published_tet_dates() {
        for (year, month, day) in [
            (2020, 1, 25),
            (2023, 1, 22),
            (2024, 2, 10),
            (2025, 1, 29),
            (2026, 2, 17),
        ] {
            assert_eq!(lunar_new_year(year), Some(ymd(year, month, day)), "{year}");
        }
    }

    #[test]
    fn hung_kings_day_2025_is_april_7() {
        assert_eq!(to_solar(LunarDate::new(10, 3, 2025)), Some(ymd(2025, 4, 7)));
    }

    #[test]
    fn leap_months() {
        // 2023 had a leap second month (tháng 2 nhuận) starting 2023-03-22.
        let leap = LunarDate {
            day: 1,
            month: 2,
            year: 2023,
            leap: true,
        };
        assert_eq!(to_solar(leap), Some(ymd(2023, 3, 22)));
        assert_eq!(from_solar(ymd(2023, 3, 22)), Some(leap));
        // A leap flag on an ordinary month names no day.
        assert_eq!(
            to_solar(LunarDate {
                leap: true,
                ..LunarDate::new(1, 5, 2023)
            }),
            None
        );
    }

    #[test]
    fn solar_lunar_round_trip() {
        let mut date = ymd(1990, 1, 1);
        while date < ymd(2031, 1, 1) {
            let lunar = from_solar(date).unwrap();
            assert_eq!(to_solar(lunar), Some(date), "{date} {lunar:?}");
            date = date + chrono::Days::new(13);
        }
    }
}
