//! Closed lists of the genre and OCR-tolerant word matching.
//!
//! Document types, signers' titles, party and state bodies, Vietnamese
//! provinces and family names are closed classes of the genre: a value that
//! matches one of them (on folded words, allowing the letter confusions of
//! an OCR run with the wrong language model) is written in its canonical
//! spelling, with diacritics, whatever the input looked like.

use std::sync::LazyLock;

use strsim::levenshtein;

use super::key::{key_of, words};

/// Types of documents, canonical spelling; longer names before their prefixes.
pub(crate) const DOCUMENT_TYPES: &[&str] = &[
    "Văn bản hợp nhất",
    "Nghị quyết liên tịch",
    "Thông tư liên tịch",
    "Bộ luật",
    "Hiến pháp",
    "Pháp lệnh",
    "Nghị quyết",
    "Nghị định",
    "Thông tư",
    "Quyết định",
    "Chỉ thị",
    "Quy chế",
    "Quy định",
    "Quy trình",
    "Kết luận",
    "Kế hoạch",
    "Thông báo",
    "Thông tri",
    "Hướng dẫn",
    "Công văn",
    "Công điện",
    "Báo cáo",
    "Tờ trình",
    "Đề án",
    "Chương trình",
    "Phương án",
    "Điều lệ",
    "Luật",
    "Lệnh",
];

/// Titles of the person who signs, canonical spelling; longer first.
pub(crate) const SIGNER_TITLES: &[&str] = &[
    "Phó Trưởng ban Thường trực",
    "Phó Bí thư Thường trực",
    "Phó Chủ tịch Thường trực",
    "Phó Chánh Văn phòng",
    "Chánh Văn phòng",
    "Phó Tổng Giám đốc",
    "Tổng Giám đốc",
    "Phó Thủ tướng",
    "Thủ tướng",
    "Tổng Bí thư",
    "Phó Bí thư",
    "Bí thư",
    "Phó Chủ tịch",
    "Chủ tịch",
    "Phó Chủ nhiệm",
    "Chủ nhiệm",
    "Phó Giám đốc",
    "Giám đốc",
    "Phó Trưởng ban",
    "Trưởng ban",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Phó Cục trưởng",
    "Cục trưởng",
    "Phó Vụ trưởng",
    "Vụ trưởng",
    "Phó Tổng cục trưởng",
    "Tổng cục trưởng",
    "Chánh án",
    "Phó Chánh án",
    "Viện trưởng",
    "Phó Viện trưởng",
    "Thống đốc",
    "Phó Thống đốc",
    "Tổng Kiểm toán nhà nước",
    "Chánh Thanh tra",
    "Tổng Thanh tra",
];

/// Provinces and centrally-run cities, before (63) and after (34) the 2025 merger.
pub(crate) const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hồ Chí Minh",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// Vietnamese family names, for telling a signer's name from other words.
const FAMILY_NAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Tôn", "Đinh", "Trịnh", "Đoàn", "Lương", "Mai", "Cao", "Vương", "Hà", "Lâm", "Tạ", "Triệu", "Chu", "Quách",
    "Thái", "Phùng", "Kiều", "Tăng", "Đào", "Lưu", "Trương", "Tô", "Nông", "Vàng", "Lò", "Hứa", "Đàm", "Lại", "Khổng",
    "Giang", "Thân", "Âu", "Mạc", "Lục", "Châu", "Doãn", "Nghiêm", "Văn", "Đồng", "Quan", "Diệp", "Ông", "Bế", "Hầu",
    "Sầm", "Giàng", "Thào", "Mè",
];

/// Party and state bodies and their parts, as they are named in issuers.
pub(crate) const BODY_NAMES: &[&str] = &[
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Thường trực",
    "Ủy ban Kiểm tra",
    "Ban Tổ chức",
    "Ban Tuyên giáo và Dân vận",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Nội chính",
    "Ban Kinh tế",
    "Văn phòng",
    "Đảng ủy",
    "Đảng bộ",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Thường vụ Quốc hội",
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Mặt trận Tổ quốc Việt Nam",
    "Ngân hàng Nhà nước Việt Nam",
    "Kiểm toán Nhà nước",
    "Bảo hiểm xã hội Việt Nam",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Bộ",
];

/// Administrative levels that precede a place name in a body's name.
pub(crate) const LEVELS: &[&str] = &[
    "thành phố",
    "tỉnh",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "đặc khu",
    "thị trấn",
];

/// Folded words of every entry of a list, computed once.
pub(crate) struct FoldedList {
    entries: Vec<(&'static str, Vec<String>)>,
}

impl FoldedList {
    fn new(list: &'static [&'static str]) -> Self {
        let entries = list
            .iter()
            .map(|&name| (name, words(&key_of(name)).map(|(_, w)| w.to_string()).collect()))
            .collect();
        FoldedList { entries }
    }

    /// The first entry whose words match `got` (folded words) from its start,
    /// with how many words it took.
    pub fn match_prefix(&self, got: &[&str]) -> Option<(&'static str, usize)> {
        self.entries
            .iter()
            .filter(|(_, want)| want.len() <= got.len() && phrase_like(&got[..want.len()], want))
            .max_by_key(|(_, want)| want.len())
            .map(|(name, want)| (*name, want.len()))
    }

    /// The one entry whose letters (folded, without spaces) are at most one
    /// edit from `letters`, for entries of five letters or more.
    pub fn closest_letters(&self, letters: &str) -> Option<&'static str> {
        let mut close = self.entries.iter().filter_map(|(name, want)| {
            let joined = want.concat();
            (joined.len() >= 5 && levenshtein(&joined, letters) <= 1).then_some(*name)
        });
        let first = close.next()?;
        close.next().is_none().then_some(first)
    }

    /// The entry that `got` (folded words) is, in full.
    pub fn match_exact(&self, got: &[&str]) -> Option<&'static str> {
        self.match_prefix(got)
            .filter(|&(_, n)| n == got.len())
            .map(|(name, _)| name)
    }
}

/// Document types, folded.
pub(crate) static TYPES: LazyLock<FoldedList> = LazyLock::new(|| FoldedList::new(DOCUMENT_TYPES));
/// Signers' titles, folded.
pub(crate) static TITLES: LazyLock<FoldedList> = LazyLock::new(|| FoldedList::new(SIGNER_TITLES));
/// Provinces, folded.
pub(crate) static PLACES: LazyLock<FoldedList> = LazyLock::new(|| FoldedList::new(PROVINCES));
/// Bodies, folded.
pub(crate) static BODIES: LazyLock<FoldedList> = LazyLock::new(|| FoldedList::new(BODY_NAMES));
/// Administrative levels, folded.
pub(crate) static LEVEL_WORDS: LazyLock<FoldedList> = LazyLock::new(|| FoldedList::new(LEVELS));

/// Whether folded words `got` match `want` word by word.
pub(crate) fn phrase_like(got: &[&str], want: &[String]) -> bool {
    got.len() == want.len() && got.iter().zip(want).all(|(g, w)| word_like(g, w))
}

/// Whether an OCR'd folded word `got` can be the folded word `want`.
///
/// Allows what an OCR with the wrong model does: Đ read as P/B/D, digits
/// for letters (`t6` for `tổ`, `1am` for `làm`), one wrong letter in a word
/// of four letters or more, two in a word of seven or more, and the many
/// spellings of `ủy` (`ty`, `iy`, `ay`, `Gy`, `1y`).
pub(crate) fn word_like(got: &str, want: &str) -> bool {
    let got = got.trim_matches(|c: char| !c.is_alphanumeric());
    if got == want {
        return true;
    }
    if want == "uy" {
        return got.len() <= 3 && got.ends_with('y') || got == "u";
    }
    let had_digit = got.chars().any(|c| c.is_ascii_digit());
    let got = letters_for_digits(got);
    if got == want {
        return true;
    }
    let got = match (got.strip_prefix(['p', 'b']), want.strip_prefix('d')) {
        (Some(rest), Some(want_rest)) if rest == want_rest => return true,
        _ => got,
    };
    let allowed = match want.chars().count() {
        0..=1 => 0,
        2..=3 => usize::from(had_digit),
        4..=6 => 1,
        _ => 2,
    };
    allowed > 0 && got.chars().next() == want.chars().next() && levenshtein(&got, want) <= allowed
        || allowed > 0 && first_letter_confused(&got, want) && levenshtein(&got[1..], &want[1..]) < allowed
}

/// Whether `got` starts with a letter the OCR reads for the first letter of `want` (Đ → P, B).
fn first_letter_confused(got: &str, want: &str) -> bool {
    want.starts_with('d') && (got.starts_with('p') || got.starts_with('b'))
}

/// `word` with the digits an OCR puts for letters read back as letters,
/// when the word also has letters (`t6` → `to`, `1am` → `lam`), and `w`
/// (no Vietnamese letter: the OCR's ư) read as `u`.
fn letters_for_digits(word: &str) -> String {
    if !word.chars().any(|c| c.is_ascii_alphabetic()) {
        return word.to_string();
    }
    word.chars()
        .map(|c| match c {
            'w' => 'u',
            '6' | '0' => 'o',
            '1' => 'l',
            '4' | '3' | '8' => 'a',
            c => c,
        })
        .collect()
}

/// Whether a word written as in the input (not folded) is a family name.
pub(crate) fn is_family_name(word: &str) -> bool {
    let folded = key_of(word);
    word.chars().next().is_some_and(char::is_uppercase) && FAMILY_NAMES.iter().any(|name| key_of(name) == folded)
}

/// The canonical spelling of a place written `text`: a province when it is
/// one (`hai phong` → `Hải Phòng`), else the text as written.
pub(crate) fn canonical_place(text: &str) -> String {
    let key = key_of(text);
    let folded: Vec<&str> = words(&key).map(|(_, w)| w).collect();
    let folded = strip_level(&folded);
    let joined = folded.join(" ");
    let close = |name: &&&str| {
        let want = key_of(name);
        let allowed = if want.len() <= 8 { 1 } else { 2 };
        want.chars().next() == joined.chars().next() && levenshtein(&want, &joined) <= allowed
    };
    match PLACES
        .match_exact(folded)
        .or_else(|| PROVINCES.iter().find(close).copied())
    {
        Some(name) => name.to_string(),
        None => title_case(text),
    }
}

/// Drops a leading level word (`tỉnh`, `thành phố`, `TP.`) from folded words.
fn strip_level<'a, 'b>(folded: &'b [&'a str]) -> &'b [&'a str] {
    match folded.first() {
        Some(&"tp." | &"tp") => &folded[1..],
        _ => match LEVEL_WORDS.match_prefix(folded) {
            Some((_, n)) if n < folded.len() => &folded[n..],
            _ => folded,
        },
    }
}

/// Each word with its first letter upper case and the rest lower case.
pub(crate) fn title_case(text: &str) -> String {
    text.split_whitespace().map(capitalise).collect::<Vec<_>>().join(" ")
}

/// `word` with its first letter upper case and the rest lower case.
pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_words_match_their_folded_forms() {
        for (got, want) in [
            ("pang", "dang"),
            ("ty", "uy"),
            ("iy", "uy"),
            ("t6", "to"),
            ("chwong", "chuong"),
            ("thuong", "thuong"),
            ("quyet", "quyet"),
            ("pinh", "dinh"),
            ("wong", "uong"),
            ("ch6", "che"),
        ] {
            assert!(word_like(got, want), "{got} ~ {want}");
        }
        for (got, want) in [("cua", "chuong"), ("ban", "bo"), ("tinh", "thanh"), ("uy", "ty")] {
            assert!(!word_like(got, want), "{got} !~ {want}");
        }
    }

    #[test]
    fn closed_lists_canonicalise() {
        assert_eq!(TYPES.match_exact(&["quy", "che"]), Some("Quy chế"));
        assert_eq!(TYPES.match_exact(&["quyet", "pinh"]), Some("Quyết định"));
        assert_eq!(
            TITLES.match_exact(&["pho", "bi", "thu", "thuong", "truc"]),
            Some("Phó Bí thư Thường trực")
        );
        assert_eq!(canonical_place("Hai Phong"), "Hải Phòng");
        assert_eq!(canonical_place("Ha Ngi"), "Hà Nội");
        assert_eq!(canonical_place("Ha N@i"), "Hà Nội");
        assert_eq!(canonical_place("Ha Nam"), "Hà Nam");
        assert_eq!(canonical_place("TP. Hồ Chí Minh"), "Hồ Chí Minh");
        assert_eq!(canonical_place("YÊN THẾ"), "Yên Thế");
        assert!(is_family_name("Lê"));
        assert!(is_family_name("Tran"));
        assert!(!is_family_name("Quy"));
    }
}
