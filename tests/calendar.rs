//! Compares vanban's Vietnamese calendar with the `holidays` package from PyPI
//! (country VN), year by year for 2000–2040.
//!
//! The test installs the package into a virtual environment under
//! `target/py` (once) and skips, saying why, only when that fails (no
//! python3, or pip cannot reach PyPI).
//!
//! What "agree" means, per year:
//! 1. Tết (mùng 1 tháng Giêng): the same date, every year, no exception.
//! 2. Legal holidays (the days the Labour Code names, weekends included): the
//!    same set of dates, except for [`legal_differences`].
//!    The package's Tết eve, mùng 1–3 (and mùng 4 from 2013) and fixed days
//!    count as legal; its "(nghỉ bù)" days, its swapped days and the Tết days
//!    it adds as nghỉ bù ("29 Tết", "Mùng năm/sáu", and "Mùng bốn" before
//!    2013) do not.
//! 3. Weekdays off (holidays, nghỉ bù and swaps on Monday–Friday): the same
//!    set, except for [`days_off_differences`].
//!
//! Every difference is listed with its reason; the test fails when a
//! difference appears or disappears, so the lists stay exact.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Datelike, NaiveDate, Weekday};
use vanban::extract::calendar::{HolidayKind, WorkingCalendar};
use vanban::extract::lunar;

const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2040;

/// A documented disagreement: dates only we have, dates only the package has.
struct Difference {
    year: i32,
    ours_only: Vec<String>,
    theirs_only: Vec<String>,
    reason: &'static str,
}

impl Difference {
    fn new(year: i32, ours_only: &[&str], theirs_only: &[&str], reason: &'static str) -> Self {
        let owned = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
        Difference {
            year,
            ours_only: owned(ours_only),
            theirs_only: owned(theirs_only),
            reason,
        }
    }
}

const CULTURE_DAY: &str = "the package adds Ngày Văn hóa Việt Nam (24/11) from 2026 after Resolution 80-NQ/TW \
     (with nghỉ bù on the Monday when it falls on a weekend); it is not in Bộ luật Lao động 2019 Điều 112 \
     (an amendment was only proposed in 2026), so not here";

const TET_2013: &str = "the package gives 5 Tết days from 2013; Bộ luật Lao động 2012 came into force on 1/5/2013, \
     so Tết 2013 (10/2) still had the 4 days of the 1994 code (one nghỉ bù day fewer too)";

/// The package's Ngày Văn hóa day off of `year`: 24/11, or the Monday after when on a weekend.
fn culture_day_off(year: i32) -> String {
    let day = NaiveDate::from_ymd_opt(year, 11, 24).expect("valid date");
    let off = match day.weekday() {
        Weekday::Sat => day + chrono::Days::new(2),
        Weekday::Sun => day + chrono::Days::new(1),
        _ => day,
    };
    off.to_string()
}

/// Years whose legal holidays differ.
fn legal_differences() -> Vec<Difference> {
    let mut list = vec![Difference::new(2013, &[], &["2013-02-13"], TET_2013)];
    for year in 2026..=LAST_YEAR {
        list.push(Difference::new(year, &[], &[&format!("{year}-11-24")], CULTURE_DAY));
    }
    list
}

/// Years whose weekdays off differ.
fn days_off_differences() -> Vec<Difference> {
    let mut list = vec![
        Difference::new(2013, &[], &["2013-02-15"], TET_2013),
        Difference::new(
            2014,
            &["2014-01-28", "2014-02-05"],
            &[],
            "the government's Tết 2014 decision (off 28/1–5/2, làm bù 25/1 and 8/2) is in our official table, \
             not in the package, which applies its rule (29/1–4/2)",
        ),
        Difference::new(
            2026,
            &["2026-01-02"],
            &["2026-11-24"],
            "Công văn 12729/VPCP-KGVX (25/12/2025) swapped 2/1/2026 with Saturday 10/1: in our table, not in the \
             package; and the package's 24/11 (see CULTURE_DAY)",
        ),
    ];
    for year in 2027..=LAST_YEAR {
        list.push(Difference::new(year, &[], &[&culture_day_off(year)], CULTURE_DAY));
    }
    list
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The venv's python with `holidays` installed, or why there is none.
fn python_with_holidays() -> Result<PathBuf, String> {
    let venv = manifest_dir().join("target/py");
    let python = venv.join("bin/python");
    if check_import(&python) {
        return Ok(python);
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "holidays"]))?;
    if check_import(&python) {
        Ok(python)
    } else {
        Err("holidays installed but cannot be imported".into())
    }
}

fn check_import(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import holidays"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The package's holidays: date → names, for every year compared.
fn package_holidays(python: &Path) -> BTreeMap<NaiveDate, Vec<String>> {
    let script = format!(
        "import holidays\nfor d, n in sorted(holidays.VN(years=range({FIRST_YEAR}, {}), language='vi').items()):\n    print(d.isoformat() + '\\t' + n)",
        LAST_YEAR + 1
    );
    let output = Command::new(python).args(["-c", &script]).output().expect("run python");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut days: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let (date, names) = line.split_once('\t').expect("date<TAB>name");
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("ISO date");
        days.entry(date)
            .or_default()
            .extend(names.split("; ").map(str::to_string));
    }
    days
}

/// Whether one of the package's names on `date` is a legal holiday (not nghỉ bù, not a swap).
fn is_legal_name(date: NaiveDate, name: &str) -> bool {
    let compensation = name.contains("(nghỉ bù") || name.starts_with("Ngày nghỉ (thay cho") || name == "29 Tết";
    let fourth_day_as_compensation = name.starts_with("Mùng bốn") && date.year() < 2013;
    let late_tet_day = name.starts_with("Mùng năm") || name.starts_with("Mùng sáu");
    !(compensation || fourth_day_as_compensation || late_tet_day)
}

fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn year_of(set: &BTreeSet<NaiveDate>, year: i32) -> BTreeSet<NaiveDate> {
    set.iter().copied().filter(|d| d.year() == year).collect()
}

/// Dates in `ours` and not `theirs`, and the other way round, as ISO strings.
fn difference(ours: &BTreeSet<NaiveDate>, theirs: &BTreeSet<NaiveDate>) -> (Vec<String>, Vec<String>) {
    let iso = |s: &mut dyn Iterator<Item = &NaiveDate>| s.map(|d| d.to_string()).collect::<Vec<_>>();
    (iso(&mut ours.difference(theirs)), iso(&mut theirs.difference(ours)))
}

/// Compares one category for every year; returns the mismatches against the documented list.
fn compare(
    label: &str,
    ours: &BTreeSet<NaiveDate>,
    theirs: &BTreeSet<NaiveDate>,
    documented: &[Difference],
) -> (usize, Vec<String>) {
    let mut agreeing = 0;
    let mut problems = Vec::new();
    for year in FIRST_YEAR..=LAST_YEAR {
        let (ours_only, theirs_only) = difference(&year_of(ours, year), &year_of(theirs, year));
        let expected = documented.iter().find(|d| d.year == year);
        let expected_pair = expected.map_or((vec![], vec![]), |d| (d.ours_only.clone(), d.theirs_only.clone()));
        if ours_only.is_empty() && theirs_only.is_empty() {
            agreeing += 1;
        }
        if (ours_only.clone(), theirs_only.clone()) != expected_pair {
            problems.push(format!(
                "{label} {year}: ours only {ours_only:?}, package only {theirs_only:?}"
            ));
        } else if let Some(d) = expected {
            println!(
                "{label} {year}: documented difference: ours only {ours_only:?}, package only {theirs_only:?}: {}",
                d.reason
            );
        }
    }
    (agreeing, problems)
}

#[test]
fn calendar_agrees_with_python_holidays() {
    let python = match python_with_holidays() {
        Ok(python) => python,
        Err(why) => {
            println!("SKIPPED calendar_agrees_with_python_holidays: cannot install the PyPI package `holidays`: {why}");
            return;
        }
    };
    let package = package_holidays(&python);
    let calendar = WorkingCalendar::vietnam();
    let years = FIRST_YEAR..=LAST_YEAR;

    // 1. Tết must match exactly every year.
    let their_tet: BTreeMap<i32, NaiveDate> = package
        .iter()
        .filter(|(_, names)| names.iter().any(|n| n == "Tết Nguyên Đán"))
        .map(|(d, _)| (d.year(), *d))
        .collect();
    for year in years.clone() {
        assert_eq!(lunar::lunar_new_year(year), their_tet.get(&year).copied(), "Tết {year}");
    }
    println!(
        "Tết: {} of {} years identical",
        years.clone().count(),
        years.clone().count()
    );

    // 2. Legal holidays.
    let their_legal: BTreeSet<NaiveDate> = package
        .iter()
        .filter(|(d, names)| names.iter().any(|n| is_legal_name(**d, n)))
        .map(|(d, _)| *d)
        .collect();
    let our_legal: BTreeSet<NaiveDate> = years
        .clone()
        .flat_map(|y| calendar.holidays(y))
        .filter(|h| h.kind == HolidayKind::Legal)
        .map(|h| h.date)
        .collect();
    let (legal_agree, mut problems) = compare("legal", &our_legal, &their_legal, &legal_differences());

    // 3. Weekdays off.
    let their_off: BTreeSet<NaiveDate> = package.keys().copied().filter(|d| is_weekday(*d)).collect();
    let our_off: BTreeSet<NaiveDate> = years
        .clone()
        .flat_map(|y| calendar.holidays(y))
        .map(|h| h.date)
        .filter(|d| is_weekday(*d))
        .collect();
    for date in &our_off {
        assert!(
            !calendar.is_working_day(*date),
            "{date} listed as a holiday but a working day"
        );
    }
    let (off_agree, off_problems) = compare("days off", &our_off, &their_off, &days_off_differences());
    problems.extend(off_problems);

    let total = years.count();
    println!(
        "legal holidays: {legal_agree} of {total} years identical; weekdays off: {off_agree} of {total} years identical"
    );
    assert!(
        problems.is_empty(),
        "undocumented differences:\n{}",
        problems.join("\n")
    );
}
