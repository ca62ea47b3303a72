//! Unit tests of the deadline finder and of the calendar placement.

use super::*;
use crate::extract::calendar::WorkingCalendar;

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
    Absolute::Date {
        date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
    }
}

fn month_day(m: u32, d: u32) -> Absolute {
    Absolute::MonthDay {
        month_day: MonthDay::new(m, d).unwrap(),
    }
}

#[test]
fn every_pattern_compiles() {
    let _ = find("trong thời hạn 05 ngày; hằng tháng; định kỳ; ngày 01 hằng tháng; thứ Hai hằng tuần");
}

#[test]
fn period_with_event() {
    let found = find("Trong thời hạn 07 ngày làm việc kể từ khi nhận được văn bản và tài liệu, Ban trả lời.");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].text,
        "Trong thời hạn 07 ngày làm việc kể từ khi nhận được văn bản và tài liệu"
    );
    let DeadlineRule::Relative(r) = &found[0].rule else {
        panic!("{:?}", found[0])
    };
    assert_eq!(
        (r.amount, r.unit, r.from.as_deref()),
        (7, PeriodUnit::WorkingDay, Some("nhận được văn bản và tài liệu"))
    );
    // The OCR's double spaces and vertical rules are no part of the event.
    let found = find(
        "Chậm nhất là 30 ngày làm việc sau khi kết thúc |  phần thi cuối cùng của Hội thi đợt  một năm 2026 tại tỉnh, Ban",
    );
    let DeadlineRule::Relative(r) = &found[0].rule else {
        panic!("{:?}", found[0])
    };
    assert_eq!(
        r.from.as_deref(),
        Some("kết thúc phần thi cuối cùng của Hội thi đợt một năm")
    );
    assert!(found[0].text.ends_with("đợt  một năm"), "{}", found[0].text);
    // The event may come first: `trước <event> ít nhất 07 ngày`.
    let found = find("báo cáo Thường trực Đảng ủy trước các kỳ họp Hội đồng nhân dân phường ít nhất 07 ngày.");
    assert_eq!(
        found[0].text,
        "trước các kỳ họp Hội đồng nhân dân phường ít nhất 07 ngày"
    );
    let DeadlineRule::Relative(r) = &found[0].rule else {
        panic!("{:?}", found[0])
    };
    assert_eq!(
        (r.amount, r.before, r.from.as_deref()),
        (7, true, Some("kỳ họp Hội đồng nhân dân phường"))
    );
    // `trước` as an adverb names no event.
    let found = find("phải thông báo trước cho đảng viên ít nhất 03 ngày.");
    assert_eq!(found[0].text, "ít nhất 03 ngày");
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
        vec![
            relative(7, PeriodUnit::WorkingDay, false),
            relative(14, PeriodUnit::Day, false)
        ]
    );
    assert_eq!(
        found[1].text,
        "14 ngày đối với nhiệm vụ không có hạn nhưng không có báo cáo"
    );
    assert_eq!(found[1].span.line, 1);
}

#[test]
fn numbers_in_words_and_hours() {
    assert_eq!(
        relatives("trong thời hạn mười lăm ngày kể từ ngày nhận"),
        vec![relative(15, PeriodUnit::Day, false)]
    );
    assert_eq!(
        relatives("trong thời hạn hai mươi lăm ngày"),
        vec![relative(25, PeriodUnit::Day, false)]
    );
    assert_eq!(
        relatives("báo cáo bằng văn bản trong thời hạn 24 giờ."),
        vec![relative(24, PeriodUnit::Hour, false)]
    );
    assert_eq!(
        relatives("trong vòng 03 tháng kể từ ngày ký"),
        vec![relative(3, PeriodUnit::Month, false)]
    );
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
        "Quy định chế độ báo cáo định kỳ và thời gian chốt số liệu",
        "trừ duy tu, bảo dưỡng định kỳ các tuyến đường thủy",
        "a) Báo cáo hằng tháng: tính từ ngày 15 của tháng trước",
        "Giai đoạn 1 từ năm 2023 đến hết năm 2025 (giai đoạn xây dựng)",
        "nhiệm vụ trọng tâm 6 tháng cuối năm 2026",
        "quỹ mà thời gian hoạt động chưa quá 06 tháng kể từ ngày được cấp",
    ] {
        assert_eq!(find(text), vec![], "{text}");
    }
}

#[test]
fn dates_after_a_limit_word() {
    assert_eq!(absolutes("hoàn thành trước ngày 31/3/2027."), vec![date(2027, 3, 31)]);
    assert_eq!(
        absolutes("gửi về Ban chậm nhất ngày 30/6/2026."),
        vec![date(2026, 6, 30)]
    );
    assert_eq!(
        absolutes("chậm nhất là ngày 30 tháng 11 hằng năm"),
        vec![month_day(11, 30)]
    );
    assert_eq!(
        absolutes("trình Thường trực phê duyệt trước ngày 15/01."),
        vec![month_day(1, 15)]
    );
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
    assert_eq!(
        schedules("định kỳ hằng tuần báo cáo"),
        vec![(Frequency::Weekly, None, None)]
    );
}

#[test]
fn frequency_lists_give_one_item_each() {
    let freqs = |t: &str| schedules(t).into_iter().map(|s| s.0).collect::<Vec<_>>();
    use Frequency::*;
    assert_eq!(
        freqs("Định kỳ hằng tháng, quý, 6 tháng, năm hoặc đột xuất"),
        vec![Monthly, Quarterly, HalfYearly, Yearly]
    );
    assert_eq!(
        freqs("báo cáo định kỳ hằng tháng, hằng quý hoặc đột xuất."),
        vec![Monthly, Quarterly]
    );
    assert_eq!(freqs("định kỳ 6 tháng báo cáo Tỉnh ủy"), vec![HalfYearly]);
    assert_eq!(freqs("định kỳ 6 tháng và cuối năm"), vec![HalfYearly, Yearly]);
    assert_eq!(freqs("Hằng năm hoặc khi cần thiết, Ban tổ chức"), vec![Yearly]);
    assert_eq!(freqs("báo cáo tại Hội nghị Thành ủy hằng Quý."), vec![Quarterly]);
    assert_eq!(freqs("báo cáo Thành ủy tại Hội nghị Thành ủy cuối năm."), vec![Yearly]);
    assert_eq!(freqs("Định kỳ ít nhất một tháng một lần, chuyên viên"), vec![Monthly]);
    assert_eq!(
        freqs("tiếp công dân định kỳ ít nhất 01 ngày trong tháng"),
        vec![Monthly]
    );
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
    assert_eq!(
        schedules("theo định kỳ hoặc đột xuất"),
        vec![(Frequency::Periodic, None, None)]
    );
}

#[test]
fn serialises_as_the_gold_schema() {
    let found = find(
        "Định kỳ 07 giờ 00 phút ngày 01 hằng tháng; Trong thời hạn 10 ngày làm việc kể từ ngày nhận được phản hồi",
    );
    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json[0]["kind"], "recurring");
    assert_eq!(
        json[0]["value"],
        serde_json::json!({"freq": "monthly", "day": 1, "time": "07:00"})
    );
    assert_eq!(json[1]["kind"], "relative");
    assert_eq!(
        json[1]["value"],
        serde_json::json!({"amount": 10, "unit": "working_day", "from": "nhận được phản hồi"})
    );
    let last = serde_json::to_value(DeadlineRule::Recurring(Recurring {
        freq: Frequency::Quarterly,
        day: Some(DaySpec::Named(NamedDay::Last)),
        time: None,
    }))
    .unwrap();
    assert_eq!(last["value"]["day"], "last");
    let yearly = serde_json::to_value(DeadlineRule::Absolute(month_day(11, 30))).unwrap();
    assert_eq!(
        yearly,
        serde_json::json!({"kind": "absolute", "value": {"month_day": "11-30"}})
    );
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
    assert_eq!(
        resolve("Trong thời hạn 07 ngày làm việc kể từ ngày nhận", anchor).due,
        ymd(2025, 11, 13)
    );
    // Five working days before Monday 3/2/2025, across the Tết break: Monday 20/1.
    assert_eq!(resolve("trước 05 ngày làm việc", ymd(2025, 2, 3)).due, ymd(2025, 1, 20));
    assert_eq!(resolve("hoàn thành trước ngày 31/3/2027", anchor).due, ymd(2027, 3, 31));
    let yearly = resolve("chậm nhất là ngày 30 tháng 11 hằng năm", anchor);
    assert_eq!(
        (yearly.due, yearly.rrule.as_deref()),
        (ymd(2025, 11, 30), Some("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30"))
    );
    let last = resolve("ngày cuối cùng hằng tháng", anchor);
    assert_eq!(
        (last.due, last.rrule.as_deref()),
        (ymd(2025, 11, 30), Some("FREQ=MONTHLY;BYMONTHDAY=-1"))
    );
    let quarter_start = resolve("07 giờ 00 phút ngày đầu tiên của mỗi Quý", anchor);
    assert_eq!(quarter_start.due, ymd(2026, 1, 1));
    assert_eq!(
        quarter_start.rrule.as_deref(),
        Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1;BYHOUR=7;BYMINUTE=0")
    );
    let thursday = resolve("chiều thứ 5 hằng tuần", anchor);
    assert_eq!(
        (thursday.due, thursday.rrule.as_deref()),
        (ymd(2025, 11, 6), Some("FREQ=WEEKLY;BYDAY=TH"))
    );
    assert_eq!(resolve("trước ngày 20 tháng cuối quý", anchor).due, ymd(2025, 12, 20));
    assert_eq!(resolve("định kỳ 6 tháng", anchor).due, ymd(2025, 12, 31));
    let periodic = &find("báo cáo định kỳ hoặc đột xuất")[0];
    assert_eq!(periodic.resolve(anchor, &WorkingCalendar::vietnam()), None);
}

#[test]
fn periods_named_as_limits() {
    assert_eq!(
        absolutes("đưa vào vận hành trong quý III/2027."),
        vec![date(2027, 9, 30)]
    );
    assert_eq!(
        absolutes("Trong quý II năm 2026, nghiên cứu, ban hành"),
        vec![date(2026, 6, 30)]
    );
    assert_eq!(
        absolutes("1. Đến hết năm 2027, 100% văn bản đi, đến"),
        vec![date(2027, 12, 31)]
    );
    assert_eq!(
        absolutes("tỷ lệ hồ sơ trực tuyến đạt trên 60% vào cuối năm 2026."),
        vec![date(2026, 12, 31)]
    );
    assert_eq!(
        absolutes("trung tâm dữ liệu hoàn thành trước năm 2025."),
        vec![date(2024, 12, 31)]
    );
    assert_eq!(absolutes("tổ chức hội nghị vào quý IV/2026."), vec![date(2026, 12, 31)]);
    assert_eq!(absolutes("Ông E bị tai nạn giao thông vào tháng 8 năm 2020."), vec![]);
    assert_eq!(
        absolutes("tại ít nhất 05 xã trong quý II và quý III/2024."),
        vec![date(2024, 9, 30)]
    );
    let found = find("a) Giám sát Ban Thường vụ. Thời gian hoàn thành: quý III/2026.");
    assert_eq!(
        (found[0].text.as_str(), absolutes("Thời gian: Quý II/2026.")),
        ("quý III/2026", vec![date(2026, 6, 30)])
    );
    let found = find("báo cáo Ban Thường vụ, hoàn thành trong quý II/2026.");
    assert_eq!(found[0].text, "trong quý II/2026");
    assert_eq!(
        find("nộp hồ sơ, hoàn thành trước ngày 30/4/2026.")[0].text,
        "trước ngày 30/4/2026"
    );
}

#[test]
fn dates_of_the_next_year() {
    let found = find("nộp về đảng ủy cơ sở trước ngày 15 tháng 01 của năm sau.");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].text, "trước ngày 15 tháng 01 của năm sau");
    assert_eq!(absolutes("trước ngày 15 tháng 01 của năm sau"), vec![month_day(1, 15)]);
}

#[test]
fn overdue_and_extended_periods() {
    assert_eq!(
        relatives("Đơn gửi quá thời hạn 01 tháng kể từ ngày nhận được quyết định thì không xem xét."),
        vec![relative(1, PeriodUnit::Month, false)]
    );
    let found = find("2. Quá 15 ngày kể từ ngày hết thời hạn mà ủy ban kiểm tra cấp dưới chưa báo cáo");
    assert_eq!(found[0].text, "Quá 15 ngày kể từ ngày hết thời hạn");
    assert_eq!(
        relatives("2. Quá 15 ngày kể từ ngày hết thời hạn mà chưa báo cáo"),
        vec![relative(15, PeriodUnit::Day, false)]
    );
    let found = find("gửi phiếu nhắc việc trước 05 ngày làm việc tính đến ngày hết thời hạn giải quyết.");
    assert_eq!(
        found[0].text,
        "trước 05 ngày làm việc tính đến ngày hết thời hạn giải quyết"
    );
    let DeadlineRule::Relative(r) = &found[0].rule else {
        panic!("{:?}", found[0])
    };
    assert_eq!(
        (r.amount, r.before, r.from.as_deref()),
        (5, true, Some("hết thời hạn giải quyết"))
    );
    assert_eq!(
        relatives("không quá 60 ngày kể từ ngày công bố; vụ việc phức tạp thì có thể kéo dài nhưng không quá 90 ngày."),
        vec![
            relative(60, PeriodUnit::Day, false),
            relative(90, PeriodUnit::Day, false)
        ]
    );
}

#[test]
fn weekly_meetings_at_a_time() {
    let monday = (
        Frequency::Weekly,
        Some(DaySpec::Named(NamedDay::Monday)),
        Some("07:30".to_string()),
    );
    assert_eq!(
        schedules("giao ban vào 07 giờ 30 phút thứ Hai hằng tuần."),
        vec![monday]
    );
    let friday = (
        Frequency::Weekly,
        Some(DaySpec::Named(NamedDay::Friday)),
        Some("14:00".to_string()),
    );
    assert_eq!(
        schedules("họp giao ban vào 14 giờ 00 phút thứ Sáu hằng tuần."),
        vec![friday]
    );
    assert_eq!(
        find("vào 07 giờ 30 phút thứ Hai hằng tuần")[0].text,
        "vào 07 giờ 30 phút thứ Hai hằng tuần"
    );
}

#[test]
fn review_meetings_are_yearly() {
    assert_eq!(
        schedules("báo cáo Ban Thường vụ vào dịp tổng kết công tác năm."),
        vec![(Frequency::Yearly, None, None)]
    );
}

#[test]
fn periodic_as_an_adverb_only() {
    let periodic = vec![(Frequency::Periodic, None, None)];
    assert_eq!(schedules("xây dựng báo cáo định kỳ và đột xuất theo yêu cầu"), periodic);
    assert_eq!(
        schedules("thực hiện chế độ báo cáo định kỳ, báo cáo đột xuất"),
        periodic
    );
    assert_eq!(schedules("Trường cao đẳng phải định kỳ rà soát chương trình"), periodic);
    assert_eq!(schedules("2. Định kỳ, Văn phòng tổng hợp tình hình"), periodic);
    assert_eq!(
        schedules("a) Hằng năm: tổ chức hội nghị"),
        vec![(Frequency::Yearly, None, None)]
    );
}

#[test]
fn counts_per_period() {
    let freqs = |t: &str| schedules(t).into_iter().map(|s| s.0).collect::<Vec<_>>();
    assert_eq!(
        freqs("Hội đồng họp định kỳ ít nhất 03 (ba) tháng một lần"),
        vec![Frequency::Quarterly]
    );
    assert_eq!(
        freqs("kiểm tra sức khỏe định kỳ ít nhất 01 lần trong 06 tháng"),
        vec![Frequency::HalfYearly]
    );
    assert_eq!(
        freqs("khám sức khỏe định kỳ ít nhất 01 năm/lần"),
        vec![Frequency::Yearly]
    );
    // The count before the period: 12 months are a year; years have no name.
    assert_eq!(freqs("rà soát ít nhất 12 tháng một lần"), vec![Frequency::Yearly]);
    assert_eq!(freqs("giao ban ít nhất một tháng một lần"), vec![Frequency::Monthly]);
    assert_eq!(
        freqs("Hội thi cấp tỉnh tổ chức định kỳ ba năm một lần;"),
        vec![Frequency::Periodic]
    );
    assert_eq!(freqs("đánh giá lại 05 năm một lần."), vec![Frequency::Periodic]);
}

#[test]
fn repair_residue_in_unambiguous_phrases() {
    // Roman numerals read as digits, a wrong tone, a mangled `giờ`, `làm` with the wrong mark.
    assert_eq!(
        absolutes("báo cáo Ban Thường vụ trong quý 11/2026."),
        vec![date(2026, 6, 30)]
    );
    assert_eq!(absolutes("hoàn thành trong quý I11/2027."), vec![date(2027, 9, 30)]);
    assert_eq!(absolutes("tổng kết trong quy 1V/2027."), vec![date(2027, 12, 31)]);
    assert_eq!(absolutes("gửi báo cáo trước ngay 15/3/2027."), vec![date(2027, 3, 15)]);
    assert_eq!(
        schedules("Định kỳ 07 giờ 00 phút ngày đầu tiên của mỗi Quỹ, Văn phòng"),
        vec![(Frequency::Quarterly, Some(DaySpec::Nth(1)), Some("07:00".to_string()))]
    );
    assert_eq!(
        schedules("họp vào 14 git 00 phút thứ Sáu hàng tuần."),
        vec![(
            Frequency::Weekly,
            Some(DaySpec::Named(NamedDay::Friday)),
            Some("14:00".to_string())
        )]
    );
    assert_eq!(
        relatives("trong thời hạn 10 ngày lâm việc kể từ ngày nhận đủ hồ sơ"),
        vec![relative(10, PeriodUnit::WorkingDay, false)]
    );
    // A stray OCR mark inside `làm`; a serif read as a fourth stroke of III.
    assert_eq!(
        relatives("trong thời hạn 10 ngày l[âm việc kể từ ngày nhận đủ hồ sơ"),
        vec![relative(10, PeriodUnit::WorkingDay, false)]
    );
    assert_eq!(
        absolutes("đưa vào vận hành trong quy I111/2027."),
        vec![date(2027, 9, 30)]
    );
    assert_eq!(
        absolutes("đưa vào vận hành trong quý I 111/2027."),
        vec![date(2027, 9, 30)]
    );
    // `mỗi quỹ` without a day is a fund, not a quarter.
    assert_eq!(schedules("phân bổ cho mỗi quỹ đầu tư"), vec![]);
}

#[test]
fn word_edges_hold_without_unicode_boundaries() {
    // A trigger inside a longer word is not one; a match right after punctuation is.
    assert_eq!(relatives("nhatrong 05 ngày"), vec![]);
    assert_eq!(relatives("(trong 05 ngày)"), vec![relative(5, PeriodUnit::Day, false)]);
    assert_eq!(
        schedules("định kỳ hằng thángx"),
        vec![(Frequency::Periodic, None, None)]
    );
}
