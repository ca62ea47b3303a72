//! Recurring deadlines: schedules, with or without a day and a time.

use std::sync::LazyLock;

use regex::Regex;

use super::words::{
    BRACKETED, EVERY, FREQUENCY, NUMBER, TIME, WEEKDAY, WordRegex, amount_of, loose_frequency, parse_frequency,
    parse_weekday, regex, time_of,
};
use super::{
    DaySpec, DeadlineRule, Found, Frequency, NamedDay, Recurring, begins_clause, clause_end, clause_start,
    starts_with_word,
};

fn recurring(freq: Frequency, day: Option<DaySpec>, time: Option<String>) -> DeadlineRule {
    DeadlineRule::Recurring(Recurring { freq, day, time })
}

/// `start` moved back over a directly preceding `định kỳ` / `theo định kỳ`.
fn with_periodic_lead(flat: &str, start: usize) -> usize {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)(?:theo\s+)?định\s+kỳ\s+$"));
    let window_start = flat.floor_char_boundary(start.saturating_sub(24));
    LEAD.find(&flat[window_start..start])
        .map_or(start, |m| window_start + m.start())
}

/// Schedules with a day (and time): `07 giờ 00 phút ngày 01 hằng tháng`,
/// `ngày cuối cùng mỗi Quý`, `ngày đầu tiên của mỗi Quý`, `trước ngày 20
/// tháng cuối quý`, `trước ngày 05 của tháng kế tiếp`.
pub(super) fn schedules_with_day(flat: &str) -> Vec<Found> {
    static DAY_OF_PERIOD: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(&format!(
            r"(?:{TIME})?(?:(?:vào|trước)\s+)?ngày\s+(?P<day>\d{{1,2}}|đầu\s+tiên|cuối\s+cùng|cuối)\s+{EVERY}\s+(?P<freq>{})",
            loose_frequency()
        ))
    });
    static DAY_OF_LAST_MONTH: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(
            r"(?:trước|chậm\s+nhất(?:\s+là)?|vào)\s+(?:ngày\s+)?(?P<day>\d{1,2})\s+(?:của\s+)?tháng\s+(?:(?P<quarter>cuối(?:\s+cùng\s+của)?\s+(?:mỗi\s+|hằng\s+|hàng\s+)?quý)|(?P<next>kế\s+tiếp|tiếp\s+theo|sau))",
        )
    });
    let mut out = Vec::new();
    for caps in DAY_OF_PERIOD.matches(flat) {
        let whole = caps.whole();
        let Some(freq) = caps.name("freq").and_then(|f| parse_frequency(f.as_str())) else {
            continue;
        };
        let day = caps
            .name("day")
            .map(|d| d.as_str().to_lowercase())
            .and_then(|d| match d.as_str() {
                "đầu tiên" => Some(DaySpec::Nth(1)),
                "cuối cùng" | "cuối" => Some(DaySpec::Named(NamedDay::Last)),
                n => n.parse().ok().filter(|n| (1..=31).contains(n)).map(DaySpec::Nth),
            });
        let start = with_periodic_lead(flat, whole.start());
        out.push(Found {
            start,
            end: whole.end(),
            rules: vec![recurring(freq, day, time_of(&caps))],
        });
    }
    for caps in DAY_OF_LAST_MONTH.matches(flat) {
        let whole = caps.whole();
        let Some(day) = caps
            .name("day")
            .and_then(|d| d.as_str().parse().ok())
            .filter(|d| (1..=31).contains(d))
        else {
            continue;
        };
        let freq = if caps.name("quarter").is_some() {
            Frequency::Quarterly
        } else {
            Frequency::Monthly
        };
        let start = with_periodic_lead(flat, whole.start());
        out.push(Found {
            start,
            end: whole.end(),
            rules: vec![recurring(freq, Some(DaySpec::Nth(day)), None)],
        });
    }
    out
}

/// Weekly schedules on a weekday: `chiều thứ 5 hằng tuần`, `hằng tuần vào
/// sáng thứ Hai`, `vào 07 giờ 30 phút thứ Hai hằng tuần`.
pub(super) fn weekly_on_weekday(flat: &str) -> Vec<Found> {
    static DAY_FIRST: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(&format!(
            r"(?:(?:vào\s+)?{TIME})?(?:(?:vào\s+)?(?:buổi\s+)?(?:sáng|chiều|tối)\s+)?(?P<weekday>{WEEKDAY})\s+(?:hằng|hàng|mỗi)\s+tuần"
        ))
    });
    static WEEK_FIRST: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(&format!(
            r"(?:hằng|hàng|mỗi)\s+tuần\s+(?:vào\s+)?(?:(?:buổi\s+)?(?:sáng|chiều|tối)\s+)?(?P<weekday>{WEEKDAY})"
        ))
    });
    let mut out = Vec::new();
    for re in [&*DAY_FIRST, &*WEEK_FIRST] {
        for caps in re.matches(flat) {
            let whole = caps.whole();
            let Some(weekday) = caps.name("weekday").and_then(|w| parse_weekday(w.as_str())) else {
                continue;
            };
            let day = Some(DaySpec::Named(NamedDay::from_weekday(weekday)));
            let start = with_periodic_lead(flat, whole.start());
            let time = time_of(&caps);
            out.push(Found {
                start,
                end: whole.end(),
                rules: vec![recurring(Frequency::Weekly, day, time)],
            });
        }
    }
    out
}

/// `trước ngày 20` (a day without a month) in a sentence about a monthly
/// report: the report's day of the month.
pub(super) fn day_of_month_in_monthly_sentence(flat: &str) -> Vec<Found> {
    static BARE_DAY: LazyLock<WordRegex> = LazyLock::new(|| WordRegex::new(r"trước\s+ngày\s+(?P<day>\d{1,2})"));
    static MONTHLY: LazyLock<WordRegex> = LazyLock::new(|| WordRegex::new(r"(?:hằng|hàng|mỗi)\s+tháng"));
    let mut out = Vec::new();
    for caps in BARE_DAY.matches(flat) {
        let whole = caps.whole();
        let next = flat[whole.end()..].trim_start();
        if next.starts_with(['/', '.', '-']) && next[1..].starts_with(|c: char| c.is_ascii_digit())
            || starts_with_word(next, "tháng")
            || starts_with_word(next, "của")
        {
            continue;
        }
        let clause = &flat[clause_start(flat, whole.start())..clause_end(flat, whole.end())];
        let Some(day) = caps
            .name("day")
            .and_then(|d| d.as_str().parse().ok())
            .filter(|d| (1..=31).contains(d))
        else {
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
/// `ít nhất 03 (ba) tháng một lần`, `12 tháng một lần` (yearly), `ba năm một
/// lần` (periodic: no frequency of the schema spans years), `ít nhất 01 ngày
/// trong tháng`, `ít nhất 01 lần trong 06 tháng`, `02 lần/năm`, `ít nhất 01
/// năm/lần`.
pub(super) fn times_per_period(flat: &str) -> Vec<Found> {
    static ONCE_PER: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(&format!(
            r"(?:ít\s+nhất\s+)?(?:(?:mỗi|hằng|hàng)\s+)?(?:(?P<count>{NUMBER})(?:\s*\(\s*{NUMBER}\s*\))?\s+)?(?P<freq>{FREQUENCY})\s+(?:{NUMBER})\s+lần|(?:ít\s+nhất|tối\s+thiểu)\s+(?:{NUMBER})\s+(?:ngày|lần|buổi)\s*(?:trong|/|một|mỗi)\s*(?:(?:01|1|một)\s+)?(?P<freq2>{FREQUENCY})|(?:{NUMBER})\s+(?:lần|buổi)\s*/\s*(?P<freq3>tuần|tháng|quý|năm)|(?:ít\s+nhất|tối\s+thiểu)\s+(?:01|1|một)\s+(?P<freq4>tuần|tháng|quý|năm)\s*/\s*lần"
        ))
    });
    let mut out = Vec::new();
    for caps in ONCE_PER.matches(flat) {
        let whole = caps.whole();
        let freq = ["freq", "freq2", "freq3", "freq4"]
            .into_iter()
            .find_map(|group| caps.name(group));
        let Some(mut freq) = freq.and_then(|f| parse_frequency(f.as_str())) else {
            continue;
        };
        if let Some(count) = amount_of(caps.name("count")) {
            freq = every_nth(count, freq);
        }
        let start = with_periodic_lead(flat, whole.start());
        out.push(Found {
            start,
            end: whole.end(),
            rules: vec![recurring(freq, None, None)],
        });
    }
    out
}

/// The frequency of once every `count` periods of `unit` (`12 tháng` is
/// yearly); periodic when the schema has no name for it (`ba năm`).
fn every_nth(count: u32, unit: Frequency) -> Frequency {
    let months = match unit {
        Frequency::Monthly => count,
        Frequency::Quarterly => count * 3,
        Frequency::HalfYearly => count * 6,
        Frequency::Yearly => count * 12,
        Frequency::Weekly if count == 1 => return Frequency::Weekly,
        _ => return Frequency::Periodic,
    };
    match months {
        1 => Frequency::Monthly,
        3 => Frequency::Quarterly,
        6 => Frequency::HalfYearly,
        12 => Frequency::Yearly,
        _ => Frequency::Periodic,
    }
}

/// Frequencies: `hằng tháng`, `hằng Quý`, `định kỳ 6 tháng`, and lists: `Định
/// kỳ hằng tháng, quý, 6 tháng, năm`, `định kỳ 6 tháng và cuối năm`.
pub(super) fn frequency_lists(flat: &str) -> Vec<Found> {
    static LIST: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(&format!(
            r"(?:(?P<lead>(?:theo\s+)?định\s+kỳ)\s+(?:{EVERY}\s+)?|{EVERY}\s+)(?P<first>{FREQUENCY})(?P<rest>(?:{BRACKETED}\s*(?:,|và|hoặc)\s*(?:{EVERY}\s+)?(?:{FREQUENCY}|cuối\s+năm))*{BRACKETED})"
        ))
    });
    static ITEM: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"(?i)(?P<freq>{FREQUENCY}|cuối\s+năm)(?:\W|$)")));
    let mut out = Vec::new();
    for caps in LIST.matches(flat) {
        let whole = caps.whole();
        let lead = caps.name("lead").is_some();
        let names_one_period = caps.name("first").is_some_and(|f| starts_with_number(&flat[f.end()..]));
        if names_one_period || (!lead && qualifies_a_plan(flat, whole.start())) {
            continue;
        }
        let mut end = caps.name("first").map_or(whole.end(), |f| f.end());
        let mut freqs: Vec<Frequency> = caps
            .name("first")
            .and_then(|f| parse_frequency(f.as_str()))
            .into_iter()
            .collect();
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
        if freqs.is_empty() || names_a_kind(flat, whole.start(), end) {
            continue;
        }
        let rules = freqs.into_iter().map(|f| recurring(f, None, None)).collect();
        out.push(Found {
            start: with_periodic_lead(flat, whole.start()),
            end,
            rules,
        });
    }
    out
}

/// Whether the frequency phrase `start..end` is part of a label that a
/// colon closes (`a) Báo cáo hằng tháng: tính từ ngày 15 …`): it names a
/// kind of report being defined, not a schedule. `Hằng năm: …` opening its
/// clause stays a schedule.
fn names_a_kind(flat: &str, start: usize, end: usize) -> bool {
    flat[end..].trim_start().starts_with(':') && !begins_clause(flat, start)
}

/// Whether `rest` starts with a number (`tháng 3`, `năm 2026`, `quý I`): a named period.
fn starts_with_number(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit())
        || rest
            .split([' ', '/', ',', '.'])
            .next()
            .is_some_and(|w| matches!(w, "I" | "II" | "III" | "IV"))
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
    let before = &flat[flat.floor_char_boundary(at.saturating_sub(80))..at].to_lowercase();
    let words: Vec<&str> = before
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let tail = words[words.len().saturating_sub(7)..].join(" ");
    PLAN_NOUNS.iter().any(|noun| tail.contains(noun))
}

/// `tại Hội nghị Thành ủy cuối năm`, `vào dịp tổng kết công tác năm`: a
/// yearly meeting.
pub(super) fn year_end_meetings(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(
            r"(?:tại\s+)?(?:hội\s+nghị|kỳ\s+họp|phiên\s+họp|cuộc\s+họp|giao\s+ban)[^,.;:\n]{0,39}?[^\w,.;:\n]cuối\s+(?P<period>năm|quý|tháng)|(?:vào\s+)?dịp\s+tổng\s+kết(?:\s+công\s+tác)?\s+(?P<review>năm)",
        )
    });
    let mut out = Vec::new();
    for caps in RE.matches(flat) {
        let whole = caps.whole();
        if starts_with_number(&flat[whole.end()..]) {
            continue;
        }
        let period = caps.name("period").or(caps.name("review"));
        let Some(freq) = period.and_then(|p| parse_frequency(p.as_str())) else {
            continue;
        };
        out.push(Found {
            start: whole.start(),
            end: whole.end(),
            rules: vec![recurring(freq, None, None)],
        });
    }
    out
}

/// `định kỳ` with no period, as a schedule of its own: coordinated with
/// `đột xuất` / `bất thường` (`báo cáo định kỳ hoặc đột xuất`, `định kỳ,
/// báo cáo đột xuất`, `đột xuất, định kỳ`), `theo định kỳ`, or used as an
/// adverb: opening a clause or a coordinated predicate (`Định kỳ, …`, `và
/// định kỳ …`), after a modal (`phải định kỳ`, `được định kỳ`), before an
/// action (`định kỳ rà soát`) or a count (`định kỳ ít nhất 05 năm một
/// lần`). Not a noun's modifier (`chế độ báo cáo định kỳ`, `bảo dưỡng định
/// kỳ`: a kind of report or of upkeep), nor `định kỳ tháng 3 năm 2026`,
/// which names one occasion.
pub(super) fn periodic(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(
            r"(?P<theo>theo\s+)?định\s+kỳ(?P<unplanned>\s*(?:,|hoặc|và)\s*(?:\w+\s+){0,2}?(?:đột\s+xuất|bất\s+thường))?",
        )
    });
    static NAMED_PERIOD: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^\s+(?:tháng|quý|năm)\s+(?:\d|I)"));
    static ADVERB_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)(?:(?:đột\s+xuất|bất\s+thường)\s*(?:,|hoặc|và)|\s(?:và|hoặc|phải|được|cần|sẽ|không|đồng\s+thời))\s*$",
        )
    });
    static ADVERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^\s+(?:ít\s+nhất|tối\s+thiểu|\d+|báo\s+cáo|kiểm\s+tra|rà\s+soát|đánh\s+giá|tổng\s+hợp|công\s+bố|tổ\s+chức|họp|gửi|cập\s+nhật|thông\s+báo|sơ\s+kết|tổng\s+kết|giao\s+ban|kiểm\s+điểm|theo\s+dõi|đối\s+chiếu)(?:\W|$)",
        )
    });
    RE.matches(flat)
        .filter(|m| {
            let (start, end) = (m.whole().start(), m.whole().end());
            let before = &flat[flat.floor_char_boundary(start.saturating_sub(24))..start];
            m.name("theo").is_some()
                || m.name("unplanned").is_some()
                || ADVERB_BEFORE.is_match(before)
                || ADVERB_AFTER.is_match(&flat[end..])
                || begins_clause(flat, start)
        })
        .map(|m| m.whole())
        .filter(|m| !NAMED_PERIOD.is_match(&flat[m.end()..]))
        .map(|m| Found {
            start: m.start(),
            end: m.end(),
            rules: vec![recurring(Frequency::Periodic, None, None)],
        })
        .collect()
}

/// In a clause that gives a schedule's day (`hằng quý … trước ngày 25 của
/// tháng cuối quý`), the same schedule without a day is the same deadline.
pub(super) fn drop_less_specific_schedules(flat: &str, found: &mut Vec<Found>) {
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
