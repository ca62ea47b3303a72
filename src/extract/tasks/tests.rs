//! The task rules on sentences of the genre, written for these tests.

use super::*;
use crate::extract::deadlines::find_deadlines;
use crate::structure::parse;

fn tasks_of(text: &str) -> Vec<Task> {
    let text = Text::from_plain(text);
    let parsed = parse(&text);
    let bodies = BodyFinder::new(&text);
    find_tasks(&text, &parsed, &bodies, &find_deadlines(&text))
}

/// `article.clause.point lead1 + lead2` of each task.
fn summary(tasks: &[Task]) -> Vec<String> {
    tasks
        .iter()
        .map(|t| {
            let loc = [
                t.loc.article.as_ref().map(|a| a.to_string()),
                t.loc.clause.map(|c| c.to_string()),
                t.loc.point.clone(),
            ];
            let loc: Vec<String> = loc.into_iter().flatten().collect();
            format!("{} {}", loc.join("."), t.lead.join(" + "))
        })
        .collect()
}

const HEADER: &str = "TỈNH ỦY NGHỆ AN\nSố 12-QC/TU\nQUY CHẾ\nlàm việc\n";

#[test]
fn duties_under_a_body_heading_are_one_task_per_point() {
    let text = format!(
        "{HEADER}Điều 3. Trách nhiệm thực hiện\n1. Ban Tuyên giáo Tỉnh ủy\na) Chủ trì tuyên truyền Quy chế.\n\
         b) Phối hợp với Văn phòng Tỉnh ủy tổng hợp kết quả.\n2. Ủy ban Kiểm tra Tỉnh ủy\nGiám sát việc thực hiện."
    );
    let tasks = tasks_of(&text);
    assert_eq!(
        summary(&tasks),
        [
            "3.1.a Ban Tuyên giáo Tỉnh ủy",
            "3.1.b Ban Tuyên giáo Tỉnh ủy",
            "3.2 Ủy ban Kiểm tra Tỉnh ủy"
        ]
    );
    assert_eq!(tasks[1].support, ["Văn phòng Tỉnh ủy"]);
    assert_eq!(tasks[0].lead_source, LeadSource::Heading);
    assert_eq!(tasks[2].action, "Giám sát việc thực hiện");
}

#[test]
fn an_article_owned_by_a_body_gives_it_every_unit() {
    let text = format!(
        "{HEADER}Điều 5. Nhiệm vụ, quyền hạn của Văn phòng Tỉnh ủy\n1. Tham mưu tổ chức hội nghị.\n\
         2. Quản lý tài chính, tài sản.\nĐiều 6. Trách nhiệm của địa phương, đơn vị\nBáo cáo định kỳ hằng tháng.\n\
         Điều 7. Thời hạn\n1. Đối với nhiệm vụ Tỉnh ủy giao có thời hạn:\na) Cập nhật ngay sau khi hoàn thành."
    );
    let tasks = tasks_of(&text);
    assert_eq!(
        summary(&tasks),
        [
            "5.1 Văn phòng Tỉnh ủy",
            "5.2 Văn phòng Tỉnh ủy",
            "6 các địa phương, đơn vị"
        ]
    );
    assert_eq!(tasks[0].lead_source, LeadSource::Title);
    assert_eq!(
        tasks[0].group.as_deref(),
        Some("Nhiệm vụ, quyền hạn của Văn phòng Tỉnh ủy")
    );
    assert_eq!(tasks[2].deadline, Some(0));
}

#[test]
fn different_subjects_in_one_unit_are_different_tasks() {
    let text = format!(
        "{HEADER}Điều 4. Tổ chức thực hiện\n1. Sở Nội vụ chịu trách nhiệm hướng dẫn; Công an tỉnh chịu trách nhiệm bảo đảm an ninh.\n\
         2. Văn phòng Tỉnh ủy tổng hợp kết quả. Văn phòng Tỉnh ủy báo cáo Ban Thường vụ Tỉnh ủy."
    );
    let tasks = tasks_of(&text);
    assert_eq!(
        summary(&tasks),
        ["4.1 Sở Nội vụ", "4.1 Công an tỉnh", "4.2 Văn phòng Tỉnh ủy"]
    );
    assert_eq!(tasks[1].action, "Chịu trách nhiệm bảo đảm an ninh");
    assert_eq!(
        tasks[2].action,
        "Tổng hợp kết quả; Văn phòng Tỉnh ủy báo cáo Ban Thường vụ Tỉnh ủy"
    );
}

#[test]
fn paragraphs_split_an_article_but_not_a_point() {
    let text = format!(
        "{HEADER}Điều 7. Trách nhiệm của Văn phòng Tỉnh ủy\nTheo dõi việc thực hiện.\nTổng hợp, báo cáo kết quả.\n\
         Điều 8. Trách nhiệm phối hợp\n1. Đảng ủy các xã, phường\na) Cung cấp thông tin.\nMời cán bộ dự hội nghị."
    );
    assert_eq!(
        summary(&tasks_of(&text)),
        [
            "7 Văn phòng Tỉnh ủy",
            "7 Văn phòng Tỉnh ủy",
            "8.1.a Đảng ủy các xã, phường"
        ]
    );
}

#[test]
fn scope_principles_without_actors_and_assessments_are_no_tasks() {
    let text = format!(
        "{HEADER}Điều 1. Phạm vi điều chỉnh, đối tượng áp dụng\nQuy chế này áp dụng đối với Ban Tổ chức Tỉnh ủy.\n\
         Ban Tổ chức Tỉnh ủy thực hiện theo Quy chế này.\nĐiều 2. Nguyên tắc\n1. Bảo đảm sự lãnh đạo của Tỉnh ủy.\n\
         2. Văn phòng Tỉnh ủy chịu trách nhiệm bảo mật.\nĐiều 3. Kết quả\n1. Đánh giá chung\nBan Thường vụ Tỉnh ủy đã chỉ đạo quyết liệt.\n\
         2. Ban Dân vận Tỉnh ủy đã phối hợp tốt.\nQuy chế này có hiệu lực kể từ ngày ký."
    );
    assert_eq!(summary(&tasks_of(&text)), ["2.2 Văn phòng Tỉnh ủy"]);
}

#[test]
fn a_coordination_article_falls_to_the_parties_of_the_title() {
    let text = "TỈNH ỦY HƯNG YÊN\nQUY CHẾ\nphối hợp giữa Ban Nội chính Tỉnh ủy với Ban Dân vận Tỉnh ủy\n\
                Điều 2. Nguyên tắc phối hợp\n1. Tuân thủ quy định của Đảng.\nĐiều 3. Nội dung phối hợp\n\
                1. Trao đổi thông tin về tình hình nội chính.\n2. Ban Dân vận Tỉnh ủy chủ trì nắm tình hình nhân dân.";
    let tasks = tasks_of(text);
    assert_eq!(
        summary(&tasks),
        [
            "3.1 Ban Nội chính Tỉnh ủy + Ban Dân vận Tỉnh ủy",
            "3.2 Ban Dân vận Tỉnh ủy"
        ]
    );
    assert_eq!(tasks[0].lead_source, LeadSource::Parties);
    assert_eq!(tasks[1].lead_source, LeadSource::Subject);
}

#[test]
fn requests_assignments_and_adverbials() {
    let text = "THÀNH ỦY HẢI PHÒNG\nTHÔNG BÁO\nkết luận\n1. Vụ việc thứ nhất\n\
                Đề nghị Ủy ban nhân dân thành phố chỉ đạo giải quyết dứt điểm.\n\
                2. Giao Ban Nội chính Thành ủy chủ trì, phối hợp với Văn phòng Thành ủy theo dõi.\n\
                3. Hằng quý, Văn phòng Thành ủy tổng hợp, báo cáo Thường trực Thành ủy.\n\
                4. Đối tượng: Ban Thường vụ đảng ủy các xã, phường.";
    let tasks = tasks_of(text);
    assert_eq!(
        summary(&tasks),
        [
            "1 Ủy ban nhân dân thành phố",
            "2 Ban Nội chính Thành ủy",
            "3 Văn phòng Thành ủy"
        ]
    );
    assert_eq!(tasks[1].action, "Chủ trì, phối hợp với Văn phòng Thành ủy theo dõi");
    assert_eq!(tasks[1].support, ["Văn phòng Thành ủy"]);
    assert_eq!(tasks[2].action, "Hằng quý, tổng hợp, báo cáo Thường trực Thành ủy");
}

#[test]
fn a_request_in_a_list_of_duties_belongs_to_the_duty_holder() {
    let text = format!("{HEADER}Điều 9. Trách nhiệm của Văn phòng Tỉnh ủy\nYêu cầu các địa phương, đơn vị báo cáo.");
    assert_eq!(summary(&tasks_of(&text)), ["9 Văn phòng Tỉnh ủy"]);
}

#[test]
fn wrapped_lines_are_not_headings() {
    let text = format!(
        "{HEADER}Điều 7. Trách nhiệm của địa phương, đơn vị\n\na) Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Thường trực\n\
         Tỉnh ủy về thời hạn cập nhật thông tin theo quy định của Quy chế này, bảo đảm\nchính xác, đầy đủ.\n\n\
         b) Theo dõi, kiểm tra thông tin cập nhật về tình hình thực hiện nhiệm vụ được\ngiao.\n"
    );
    assert_eq!(
        summary(&tasks_of(&text)),
        ["7.a các cơ quan, đơn vị", "7.b các địa phương, đơn vị"]
    );
}
