//! Responsible bodies: a gazetteer of Party and state bodies, the bodies a
//! document names, and who leads and who supports in a provision.
//!
//! The gazetteer is a small grammar over a lexicon (`dictionaries/bodies.tsv`,
//! `dictionaries/places.tsv`): an organ (`Ban Thường vụ`, `Văn phòng`), the
//! level body it belongs to (`Tỉnh ủy`, `Đảng ủy xã X`, `Trung ương`) or a
//! place (`tỉnh`, `xã, phường, đặc khu`), a state body with its place
//! (`Ủy ban nhân dân tỉnh`), central bodies by name, acronyms (`BTV`,
//! `VPTU`, `UBND`) and collective actors (`các địa phương, đơn vị`).
//! Matching ignores case (where the genre writes lower case) and tone-mark
//! placement (`ủy`/`uỷ`).
//!
//! A document adds what the grammar alone cannot know ([`BodyFinder`]):
//! abbreviations it defines (`(sau đây gọi tắt là VPTU)`), the place a
//! coordinated list shares (`Mặt trận Tổ quốc và các tổ chức chính trị - xã
//! hội thành phố`), which `Đảng ủy` a bare `Đảng ủy` means, and which
//! mentions are not actors (titles of cited documents, the recipients list).

mod aliases;
mod context;
mod document;
mod grammar;
mod lexicon;
mod naming;
mod roles;
mod tokens;

use serde::{Deserialize, Serialize};

use crate::text::{Span, Text};

pub use document::BodyFinder;
pub use roles::{Roles, opens_with_adverbial};

/// How specific a body mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// One organisation (`Văn phòng Thành ủy`).
    Named,
    /// Every body of one kind at some units (`Đảng ủy các xã, phường`).
    Collective,
    /// A class of actors without a name (`các địa phương, đơn vị`,
    /// lower-case `tỉnh ủy`): an actor in a provision, not a listed body.
    Generic,
    /// A working group or a body's unit named by its task (`Đoàn giải
    /// quyết tố cáo`, `các phòng nghiệp vụ`): listed, like a collective
    /// body, only where it acts.
    Team,
}

/// Where in the document a mention stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionContext {
    /// The text proper.
    Text,
    /// The document's header: issuer, mottos, number and date, type and title.
    Header,
    /// The subject of a cited document (`Căn cứ Quy định ... về <subject>`).
    CitedTitle,
    /// The recipients list and signature block (`Nơi nhận:` onwards).
    Recipients,
    /// Inside an abbreviation's definition (`(sau đây gọi tắt là ...)`).
    Definition,
}

/// One place where a body is named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyMention {
    /// Canonical full name (`Ban Thường vụ Tỉnh ủy`).
    pub name: String,
    /// As written (`BTV Tỉnh ủy`).
    pub surface: String,
    /// Where it is written.
    pub span: Span,
    /// Named, collective or generic.
    pub kind: BodyKind,
    /// Text, cited title, recipients or definition.
    pub context: MentionContext,
    /// The place name inside the name (`Hải Phòng`), if any.
    pub place: Option<String>,
}

/// Every body mention of `text`, in text order.
pub fn find_bodies(text: &Text) -> Vec<BodyMention> {
    BodyFinder::new(text).mentions().to_vec()
}

/// The document's bodies list: named, collective and team bodies
/// mentioned in the text proper (not its header, cited titles or
/// recipients), each once, in order of first mention, under the name the
/// document uses most for each (see [`BodyFinder`]).
pub fn canonical_bodies(mentions: &[BodyMention]) -> Vec<String> {
    naming::canonical_names(mentions, None)
}

/// [`canonical_bodies`] with collective and team bodies listed only when
/// they act: when they are among `actors` (the leads and supporting
/// bodies of the document's tasks). A class of bodies named only in a
/// scope (`các đảng ủy trực thuộc Tỉnh ủy`) is no body of the document.
pub fn acting_bodies(mentions: &[BodyMention], actors: &[String]) -> Vec<String> {
    naming::canonical_names(mentions, Some(actors))
}

/// Who leads and who supports in one provision, without a document's
/// abbreviations (see [`BodyFinder::roles`]).
pub fn roles(provision: &str) -> Roles {
    BodyFinder::default().roles(provision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(text: &str) -> Vec<String> {
        canonical_bodies(&find_bodies(&Text::from_plain(text)))
    }

    /// The names of the mentions in running text (not header or recipients).
    fn text_names(mentions: &[BodyMention]) -> Vec<&str> {
        mentions
            .iter()
            .filter(|m| m.context == MentionContext::Text)
            .map(|m| m.name.as_str())
            .collect()
    }

    #[test]
    fn acronyms_lower_case_and_tone_placement_give_one_name() {
        let text = "BTV Tỉnh ủy giao nhiệm vụ. Ban Thường vụ Tỉnh uỷ kiểm tra; ban thường vụ tỉnh ủy kết luận.";
        assert_eq!(listed(text), ["Ban Thường vụ Tỉnh ủy"]);
    }

    #[test]
    fn defined_abbreviations_resolve_to_their_body() {
        let text = "Văn phòng Thành ủy (sau đây gọi tắt là VPTU) chủ trì. Định kỳ, VPTU báo cáo Thường trực Thành ủy.";
        let mentions = find_bodies(&Text::from_plain(text));
        let names = text_names(&mentions);
        assert_eq!(
            names,
            ["Văn phòng Thành ủy", "Văn phòng Thành ủy", "Thường trực Thành ủy"]
        );
        assert_eq!(mentions[1].surface, "VPTU");
    }

    #[test]
    fn a_list_shares_its_place_and_cited_titles_do_not_count() {
        let text = "- Căn cứ Quyết định số 12-QĐ/TU của Ban Thường vụ Huyện ủy về phối hợp với Ban Dân vận Tỉnh ủy;\n\n\
                    Các sở, ngành, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh thực hiện.";
        assert_eq!(
            listed(text),
            [
                "Ban Thường vụ Huyện ủy",
                "Mặt trận Tổ quốc Việt Nam tỉnh",
                "các tổ chức chính trị - xã hội tỉnh"
            ]
        );
        let mentions = find_bodies(&Text::from_plain(text));
        assert_eq!(
            acting_bodies(&mentions, &[]),
            ["Ban Thường vụ Huyện ủy", "Mặt trận Tổ quốc Việt Nam tỉnh"]
        );
    }

    #[test]
    fn collective_bodies_and_places() {
        let text = "Đảng ủy các xã, phường, đặc khu; Ủy ban nhân dân tỉnh Nghệ An; Sở Giáo dục và Đào tạo; đảng ủy xã Kim Liên; Tỉnh ủy viên.";
        assert_eq!(
            listed(text),
            [
                "Đảng ủy các xã, phường, đặc khu",
                "Ủy ban nhân dân tỉnh Nghệ An",
                "Sở Giáo dục và Đào tạo",
                "Đảng ủy xã Kim Liên"
            ]
        );
    }

    #[test]
    fn recipients_and_symbols_are_not_bodies() {
        let text = "Ban Tổ chức Huyện ủy thực hiện Quyết định 05-NQ/ĐU.\nNơi nhận:\n- Ủy ban Kiểm tra Huyện ủy,";
        assert_eq!(listed(text), ["Ban Tổ chức Huyện ủy"]);
    }

    #[test]
    fn state_heads_take_their_own_names() {
        let text = "1. Phòng Lao động - Thương binh và Xã hội chủ trì. 2. Phòng Văn hóa và Thông tin, Trung tâm Văn hóa, Thông tin và Thể thao huyện thực hiện. 3. Sở Tư pháp, Phòng Nội vụ phối hợp; Huyện đoàn vận động.";
        assert_eq!(
            listed(text),
            [
                "Phòng Lao động - Thương binh và Xã hội",
                "Phòng Văn hóa và Thông tin",
                "Trung tâm Văn hóa, Thông tin và Thể thao huyện",
                "Sở Tư pháp",
                "Phòng Nội vụ",
                "Huyện đoàn"
            ]
        );
    }

    #[test]
    fn a_role_given_with_la_names_the_subject_and_members_stand_for_their_board() {
        let text = "Ban Chỉ đạo chuyển đổi số tỉnh (sau đây gọi tắt là Ban Chỉ đạo) ban hành Quy chế. \
                    Sở Nội vụ là Cơ quan thường trực của Ban Chỉ đạo (sau đây gọi là Cơ quan thường trực). \
                    Cơ quan thường trực tổng hợp. Trưởng ban chủ trì; Thường trực Ban Chỉ đạo họp; Trưởng Ban Tổ chức Tỉnh ủy dự.";
        let finder = BodyFinder::new(&Text::from_plain(text));
        let names = text_names(finder.mentions());
        assert_eq!(
            names,
            [
                "Ban Chỉ đạo chuyển đổi số tỉnh",
                "Sở Nội vụ",
                "Sở Nội vụ",
                "Ban Chỉ đạo chuyển đổi số tỉnh",
                "Sở Nội vụ",
                "Ban Chỉ đạo chuyển đổi số tỉnh",
                "Thường trực Ban Chỉ đạo",
                "Ban Tổ chức Tỉnh ủy"
            ]
        );
    }
}
