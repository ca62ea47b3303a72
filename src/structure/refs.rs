//! Document symbols (`294-QĐ/TW`, `158/2025/NĐ-CP`) and dates
//! (`ngày 08 tháng 9 năm 2025`, `26/5/2025`) as the OCR writes them.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::key::Key;

static PARTY_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,5})\s*-\s*([A-Za-zĐđ]{1,6})\s*/\s*([A-Za-zĐđ]{1,12}[0-9]{0,2}(?:-[A-Za-zĐđ0-9]{1,10})?)")
        .expect("valid regex")
});
static STATE_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{1,5})\s*/\s*(?:(\d{4})\s*/\s*)?([A-ZĐ][A-ZĐa-zđ]{0,9}[0-9]{0,2}(?:-[A-ZĐ0-9][A-ZĐa-zđ0-9]{0,11})*)",
    )
    .expect("valid regex")
});
/// A party symbol whose `/` the OCR lost (`01-QC TU`): the issuer code in
/// capitals ending in `U` or `W`, as party issuers' codes do (`TU`, `ĐU`,
/// `TW`, `VPTW`, `UBKTTU`).
static SPACED_PARTY_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,5})\s*-\s*([A-ZĐ]{2,5})\s+([A-ZĐ]{0,10}[UW])\b").expect("valid regex"));
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})").expect("valid regex"));
static WORDED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ng[a-z]{0,3}y\s*(\d{1,2})\s*th[a-z]{1,4}\s*(\d{1,2})\s*,?\s*n[a-z]{0,3}m\s*(\d{4})")
        .expect("valid regex")
});

/// A symbol found in a text: its byte range and normalised form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found<T> {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The value.
    pub value: T,
}

/// The first document symbol in `text`, normalised (`294-Qb/TW` → `294-QĐ/TW`).
pub(crate) fn find_symbol(text: &str) -> Option<Found<String>> {
    let party = PARTY_SYMBOL.captures(text).map(|c| {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let number = strip_so_digit(text, whole.start, &c[1]);
        (whole, format!("{number}-{}/{}", code(&c[2]), codes(&c[3])))
    });
    let state = STATE_SYMBOL.captures(text).and_then(|c| {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let number = strip_so_digit(text, whole.start, &c[1]);
        match c.get(2) {
            Some(year) => Some((whole, format!("{number}/{}/{}", year.as_str(), codes(&c[3])))),
            None if c[3].contains('-') => Some((whole, format!("{number}/{}", codes(&c[3])))),
            None => None,
        }
    });
    let spaced = || {
        SPACED_PARTY_SYMBOL.captures(text).map(|c| {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            let number = strip_so_digit(text, whole.start, &c[1]);
            (whole, format!("{number}-{}/{}", code(&c[2]), codes(&c[3])))
        })
    };
    let (range, value) = match (party, state) {
        (Some(p), Some(s)) => {
            if s.0.start < p.0.start {
                s
            } else {
                p
            }
        }
        (None, None) => spaced()?,
        (p, s) => p.or(s)?,
    };
    Some(Found {
        start: range.start,
        end: range.end,
        value,
    })
}

/// The number of a symbol without the `6` of a glued `s6` (`Số`):
/// `S606` is `Số 06`.
fn strip_so_digit<'a>(text: &str, start: usize, number: &'a str) -> &'a str {
    let glued_so = text[..start].ends_with(['s', 'S']);
    match number.strip_prefix('6') {
        Some(rest) if glued_so && !rest.is_empty() => rest,
        _ => number,
    }
}

/// Normalises the codes of a symbol joined by `-`.
fn codes(text: &str) -> String {
    text.split('-').map(code).collect::<Vec<_>>().join("-")
}

/// Codes of symbols that have a Đ (document types and issuing bodies, a
/// steering committee's `BCĐ`), and
/// whether the OCR's P and B for Đ may stand for it (not in `ĐA`: `PA` is a
/// code of its own).
const CODES_WITH_D: [(&str, bool); 13] = [
    ("QĐ", true),
    ("BCĐ", true),
    ("NĐ", true),
    ("ĐU", true),
    ("HĐND", true),
    ("ĐA", false),
    ("BLĐTBXH", true),
    ("LĐTBXH", true),
    ("BKHĐT", true),
    ("KHĐT", true),
    ("BGDĐT", true),
    ("GDĐT", true),
    ("TLĐ", true),
];

/// Normalises one code of a symbol: upper case (unless written in mixed
/// case, as `TTg`), with the Đ that the OCR lost or read as P/B restored
/// in the codes that have one, and `OD` read as `QĐ`.
fn code(segment: &str) -> String {
    let upper = segment.to_uppercase();
    if upper == "OD" || upper == "OĐ" {
        return "QĐ".into();
    }
    let lost_d = |canonical: &str, pb: bool| {
        canonical.chars().count() == upper.chars().count()
            && canonical.chars().zip(upper.chars()).all(|(want, got)| {
                want == got || want == 'Đ' && (got == 'D' || got == 'Ð' || pb && (got == 'P' || got == 'B'))
            })
    };
    if let Some((canonical, _)) = CODES_WITH_D.iter().find(|(c, pb)| lost_d(c, *pb)) {
        return canonical.to_string();
    }
    if segment.starts_with(|c: char| c.is_uppercase()) {
        segment.to_string()
    } else {
        upper
    }
}

/// The first date in `key_text` (a folded key): `ngày 08 tháng 9 năm 2025`
/// or `26/5/2025`. Offsets are key offsets.
pub(crate) fn find_date(key_text: &str) -> Option<Found<NaiveDate>> {
    let worded = WORDED_DATE.captures(key_text);
    let numeric = NUMERIC_DATE.captures(key_text);
    let first = match (worded, numeric) {
        (Some(w), Some(n)) => {
            if n.get(0)?.start() < w.get(0)?.start() {
                n
            } else {
                w
            }
        }
        (w, n) => w.or(n)?,
    };
    let whole = first.get(0)?;
    let day = first[1].parse().ok()?;
    let month = first[2].parse().ok()?;
    let year = first[3].parse().ok()?;
    let value = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(Found {
        start: whole.start(),
        end: whole.end(),
        value,
    })
}

/// The first date in a line, with line byte offsets.
pub(crate) fn find_date_in_line(key: &Key) -> Option<Found<NaiveDate>> {
    let found = find_date(&key.text)?;
    Some(Found {
        start: key.line_offset(found.start),
        end: key.line_offset(found.end),
        value: found.value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol(text: &str) -> Option<String> {
        find_symbol(text).map(|f| f.value)
    }

    #[test]
    fn symbols_are_normalised() {
        assert_eq!(symbol("S606 -QC/TU Hai Phong").as_deref(), Some("06-QC/TU"));
        assert_eq!(symbol("S6 446- QB/TU Hai").as_deref(), Some("446-QĐ/TU"));
        assert_eq!(symbol("Quy dinh ) 294-Qb/TW, ngay").as_deref(), Some("294-QĐ/TW"));
        assert_eq!(symbol("s6 03-QC/PU, ngay").as_deref(), Some("03-QC/ĐU"));
        assert_eq!(symbol("Quyét dinh s6 446-OD/TU,").as_deref(), Some("446-QĐ/TU"));
        assert_eq!(symbol("Số: 158/2025/NĐ-CP").as_deref(), Some("158/2025/NĐ-CP"));
        assert_eq!(symbol("Luật số 41/2024/QH15 ngày").as_deref(), Some("41/2024/QH15"));
        assert_eq!(symbol("Số: 2345/QĐ-UBND").as_deref(), Some("2345/QĐ-UBND"));
        assert_eq!(symbol("Số: 844/QĐ-TTg").as_deref(), Some("844/QĐ-TTg"));
        assert_eq!(symbol("S6: 844/Qb-TTg").as_deref(), Some("844/QĐ-TTg"));
        assert_eq!(symbol("So: 225/Qb-BLDTBXH |").as_deref(), Some("225/QĐ-BLĐTBXH"));
        assert_eq!(symbol("06/2023/TT-BLPTBXH").as_deref(), Some("06/2023/TT-BLĐTBXH"));
        assert_eq!(symbol("Số 03-QC/BCP Thái").as_deref(), Some("03-QC/BCĐ"));
        assert_eq!(symbol("Số 12/PA-UBND").as_deref(), Some("12/PA-UBND"));
        assert_eq!(symbol("Số 12-KH/UBKTTU Thanh Hóa").as_deref(), Some("12-KH/UBKTTU"));
        assert_eq!(symbol("ngày 26/5/2025"), None);
        assert_eq!(
            symbol("Quy chế làm việc số 01-QC TU, ngày").as_deref(),
            Some("01-QC/TU")
        );
        assert_eq!(symbol("nhiệm kỳ 2025 - 2030 Của"), None);
        assert_eq!(symbol("số 12-CT Hà Nội"), None);
    }

    #[test]
    fn dates_in_words_and_numbers() {
        let date = |t: &str| find_date(&crate::structure::key::key_of(t)).map(|f| f.value.to_string());
        assert_eq!(
            date("Hai Phong, ngay 04 thang 11  ndm 2025").as_deref(),
            Some("2025-11-04")
        );
        assert_eq!(
            date("Hai Phong, ngay 08 thang9 nam 2025").as_deref(),
            Some("2025-09-08")
        );
        assert_eq!(date("Hà Nội, ngày 25 tháng 6 năm 2025").as_deref(), Some("2025-06-25"));
        assert_eq!(date("294-QĐ/TW, ngày 26/5/2025 của").as_deref(), Some("2025-05-26"));
        assert_eq!(date("ngay 31/02/2025"), None);
    }
}
