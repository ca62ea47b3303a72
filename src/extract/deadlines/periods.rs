//! Relative deadlines: periods counted from an event.

use std::sync::LazyLock;

use regex::Regex;

use super::words::{NUMBER, UNIT, WordRegex, amount_of, amount_pattern, parse_unit, regex};
use super::{DeadlineRule, Found, PeriodUnit, Relative, clause_start};

/// The event a period runs from: the words after the link, up to the first
/// punctuation, a following coordinated period, a new clause (`thì`, `nếu`,
/// `mà`), or twelve words; the words are joined by single spaces, without
/// the OCR's vertical rules (`kết thúc | phần thi`).
fn event_phrase(flat: &str, start: usize) -> (String, usize) {
    static STOP: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)[,.;:()\n]|\s(?:và|hoặc)\s+{NUMBER}\s+{UNIT}(?:\W|$)|\s(?:thì|nếu|mà)\s"
        ))
    });
    static WORD: LazyLock<Regex> = LazyLock::new(|| regex(r"\S+"));
    let rest = &flat[start..];
    let stop = STOP.find(rest).map_or(rest.len(), |m| m.start());
    let words: Vec<_> = WORD
        .find_iter(&rest[..stop])
        .filter(|w| !w.as_str().chars().all(|c| c == '|'))
        .take(12)
        .collect();
    let end = words.last().map_or(0, |w| w.end());
    let phrase = words.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" ");
    (phrase, start + end)
}

/// `chậm nhất là ngày làm việc tiếp theo`: one working day.
pub(super) fn next_working_day(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> =
        LazyLock::new(|| WordRegex::new(r"chậm\s+nhất(?:\s+là)?\s+(?:vào\s+)?ngày\s+làm\s+việc\s+tiếp\s+theo"));
    RE.matches(flat)
        .map(|m| Found {
            start: m.whole().start(),
            end: m.whole().end(),
            rules: vec![DeadlineRule::Relative(Relative {
                amount: 1,
                unit: PeriodUnit::WorkingDay,
                from: None,
                before: false,
            })],
        })
        .collect()
}

/// The words that link a period to its event: `kể từ ngày`, `tính đến ngày`,
/// `trước khi`, `đối với`.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*,?\s*(?P<link>kể\s+từ(?:\s+(?:ngày|khi|thời\s+điểm))?|tính\s+(?:từ|đến)(?:\s+(?:ngày|khi|thời\s+điểm))?|sau\s+khi|sau\s+ngày|trước\s+khi|trước\s+ngày|trước|đối\s+với|để(?:\s+phục\s+vụ)?)\s+",
    )
});

/// Periods: `trong thời hạn 07 ngày làm việc kể từ …`, `trước 05 ngày làm
/// việc`, `chậm nhất 03 ngày làm việc trước ngày họp`, `quá hạn 07 ngày làm
/// việc … và 14 ngày …`, `quá thời hạn 01 tháng kể từ …`, `Quá 15 ngày kể từ …`.
pub(super) fn relative_periods(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| {
        WordRegex::new(&format!(
            r"(?P<trigger>trong\s+thời\s+hạn(?:\s+(?:tối\s+đa|không\s+quá|chậm\s+nhất(?:\s+là)?))?|trong\s+vòng|trong|chậm\s+nhất(?:\s+là)?(?:\s+(?:sau|trong))?|không\s+quá|tối\s+đa|quá\s+(?:thời\s+)?hạn|quá|sau|trước(?:\s+(?:ít\s+nhất|tối\s+thiểu))?|ít\s+nhất|tối\s+thiểu)\s+{}\s+(?P<unit>{UNIT})(?:\s+trở\s+lên)?",
            amount_pattern()
        ))
    });
    let mut out = Vec::new();
    for caps in RE.matches(flat) {
        let whole = caps.whole();
        let (Some(amount), Some(unit)) = (
            amount_of(caps.name("amount")),
            caps.name("unit").and_then(|u| parse_unit(u.as_str())),
        ) else {
            continue;
        };
        let trigger = caps.lower("trigger");
        let link = LINK.captures(&flat[whole.end()..]);
        let link_word = link
            .as_ref()
            .and_then(|l| l.name("link"))
            .map_or(String::new(), |l| l.as_str().to_lowercase());
        if !accepts_trigger(flat, whole.start(), &trigger, &link_word, unit) {
            continue;
        }
        let before = trigger.starts_with("trước")
            || link_word.starts_with("trước")
            || (trigger.starts_with("ít nhất") || trigger.starts_with("tối thiểu"));
        let minimum = trigger.starts_with("ít") || trigger.starts_with("tối thiểu");
        let mut start = whole.start();
        let (from, end) = match &link {
            Some(l) => {
                let (phrase, end) = event_phrase(flat, whole.end() + l.get(0).map_or(0, |m| m.end()));
                (Some(phrase).filter(|p| !p.is_empty()), end)
            }
            None if minimum => match event_before(flat, whole.start()) {
                Some((at, event)) => {
                    start = at;
                    (Some(event), whole.end())
                }
                None => (None, whole.end()),
            },
            None => (None, whole.end()),
        };
        let relative = Relative {
            amount,
            unit,
            from: from.clone(),
            before,
        };
        out.push(Found {
            start,
            end,
            rules: vec![DeadlineRule::Relative(relative)],
        });
        if let Some(second) = coordinated_period(flat, end, before) {
            out.push(second);
        }
    }
    out
}

/// The event named before a minimum lead time, `trước các kỳ họp Hội đồng
/// nhân dân phường ít nhất 07 ngày`: where its `trước` starts and the event
/// (without `ngày`, `khi`, `các`), when at most twelve words of the same
/// clause, with no comma or bracket, lie between them.
fn event_before(flat: &str, at: usize) -> Option<(usize, String)> {
    static BEFORE: LazyLock<WordRegex> =
        LazyLock::new(|| WordRegex::starting(r"trước\s+(?:(?:ngày|khi|thời\s+điểm)\s+)?(?:các\s+|mỗi\s+)?"));
    let clause = clause_start(flat, at);
    let last = BEFORE.matches(&flat[clause..at]).last()?;
    let words: Vec<&str> = flat[clause + last.whole().end()..at].split_whitespace().collect();
    // `thông báo trước cho đảng viên`: `trước` as an adverb, before a preposition.
    let adverb = words
        .first()
        .is_some_and(|w| ["cho", "với", "đến", "tới", "về"].contains(&w.to_lowercase().as_str()));
    let plain = words.iter().all(|w| !w.contains([',', '[', '(']));
    (!words.is_empty() && words.len() <= 12 && plain && !adverb)
        .then(|| (clause + last.whole().start(), words.join(" ")))
}

/// `… và 14 ngày đối với …` right after a period: a second period.
fn coordinated_period(flat: &str, at: usize, before: bool) -> Option<Found> {
    static COORDINATED: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r"(?i)^\s+(?:và|hoặc)\s+{}\s+(?P<unit>{UNIT})(?:\W|$)",
            amount_pattern()
        ))
    });
    let caps = COORDINATED.captures(&flat[at..])?;
    let amount_start = at + caps.name("amount")?.start();
    let amount = amount_of(caps.name("amount"))?;
    let unit_match = caps.name("unit")?;
    let unit = parse_unit(unit_match.as_str())?;
    let unit_end = at + unit_match.end();
    let (from, end) = match LINK.captures(&flat[unit_end..]) {
        Some(l) => {
            let (phrase, end) = event_phrase(flat, unit_end + l.get(0)?.end());
            (Some(phrase), end)
        }
        None => (None, unit_end),
    };
    let relative = Relative {
        amount,
        unit,
        from,
        before,
    };
    Some(Found {
        start: amount_start,
        end,
        rules: vec![DeadlineRule::Relative(relative)],
    })
}

/// Whether a trigger word makes `amount unit` a time limit here.
fn accepts_trigger(flat: &str, start: usize, trigger: &str, link: &str, unit: PeriodUnit) -> bool {
    let short_unit = matches!(unit, PeriodUnit::Day | PeriodUnit::WorkingDay | PeriodUnit::Hour);
    let clause_before = &flat[clause_start(flat, start)..start].to_lowercase();
    let first = trigger.split_whitespace().next().unwrap_or("");
    match first {
        // `trong thời hạn`, `trong vòng` always; bare `trong` for short units only.
        "trong" => trigger != "trong" || short_unit,
        // `quá hạn`, `quá thời hạn`; bare `quá` with the event it counts from.
        // (`chưa quá 06 tháng kể từ …` is a condition, not a limit).
        "quá" => {
            trigger != "quá"
                || (["kể", "tính từ", "sau"].iter().any(|w| link.starts_with(w)) && !clause_before.ends_with("chưa "))
        }
        "chậm" => true,
        "không" | "tối" if trigger.starts_with("tối thiểu") => {
            clause_before.contains("trước") || link.starts_with("trước")
        }
        // `không quá`, `tối đa`: a limit when the clause speaks of a time
        // limit or its extension, or counts from an event (`không quá 03
        // tháng tính đến ngày nộp hồ sơ` is the age of a paper, not a limit).
        "không" | "tối" => {
            ["thời hạn", "thời gian", "kéo dài", "gia hạn"]
                .iter()
                .any(|w| clause_before.contains(w))
                || link.starts_with("kể")
                || link.starts_with("tính từ")
        }
        "sau" => !link.is_empty() && !link.starts_with("đối") && !link.starts_with("để"),
        // `trước 12 giờ` is a time of day unless an event follows.
        "trước" => short_unit && (unit != PeriodUnit::Hour || !link.is_empty()),
        "ít" => short_unit && (clause_before.contains("trước") || link.starts_with("trước")),
        _ => false,
    }
}

/// `ngay sau khi ban hành văn bản`: at once after an event.
pub(super) fn immediately_after(flat: &str) -> Vec<Found> {
    static RE: LazyLock<WordRegex> = LazyLock::new(|| WordRegex::starting(r"ngay\s+(?:sau\s+)?khi\s+"));
    RE.matches(flat)
        .filter_map(|m| {
            let m = m.whole();
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
