//! Vietnamese letters and syllables: folding, mark stripping, syllable shape.
//!
//! Shared by every stage that compares words loosely: the repair engine's
//! candidate index, the parser's marker matching, the search index's folded
//! fields and the source stage's language check.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Removes every diacritic (tones, ^, ˘, horn) and turns đ/Đ into d/D, keeping case.
pub fn strip_marks(text: &str) -> String {
    text.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

/// The search and lookup key of a text: no diacritics, đ→d, lower case.
pub fn fold(text: &str) -> String {
    strip_marks(text).to_lowercase()
}

/// Vietnamese vowel letters (lower case) grouped by their bare letter: each
/// string lists the bare letter, then every toned and shaped variant.
const VOWEL_FAMILIES: [&str; 6] = [
    "aàáảãạăằắẳẵặâầấẩẫậ",
    "eèéẻẽẹêềếểễệ",
    "iìíỉĩị",
    "oòóỏõọôồốổỗộơờớởỡợ",
    "uùúủũụưừứửữự",
    "yỳýỷỹỵ",
];

/// One character folded like [`fold`]: lower case, no diacritic, đ → d.
///
/// Characters that are not letters come back unchanged (lower-cased).
pub fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii() {
        return lower;
    }
    if lower == 'đ' {
        return 'd';
    }
    if let Some(family) = VOWEL_FAMILIES.iter().find(|f| f.contains(lower)) {
        return family.chars().next().unwrap_or(lower);
    }
    lower.nfd().find(|&d| !is_combining_mark(d)).unwrap_or(lower)
}

/// Every lower-case letter that folds like `c` ([`fold_char`]): `a` or `ấ` →
/// `aàáảãạăằắẳẵặâầấẩẫậ`, `đ` → `dđ`; `None` for a letter without marked
/// variants and for other characters.
pub fn fold_family(c: char) -> Option<&'static str> {
    match fold_char(c) {
        'd' => Some("dđ"),
        folded => VOWEL_FAMILIES.iter().copied().find(|family| family.starts_with(folded)),
    }
}

/// A vowel without its tone mark, keeping its shape (`ự` → `ư`, `ố` → `ô`,
/// `Ặ` → `Ă`); other characters come back unchanged.
pub fn strip_tone(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let toneless = VOWEL_FAMILIES.iter().find_map(|family| {
        let position = family.chars().position(|v| v == lower)?;
        family.chars().nth(position / 6 * 6)
    });
    match toneless {
        Some(t) if c.is_uppercase() => t.to_uppercase().next().unwrap_or(t),
        Some(t) => t,
        None => c,
    }
}

/// Initial consonants of Vietnamese syllables, folded (đ → d), longest first.
const ONSETS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n",
    "p", "r", "s", "t", "v", "x", "",
];

/// Rimes (vowel nucleus and final) of Vietnamese syllables, folded.
const RIMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "e", "ec", "ech", "em", "en",
    "eng", "enh", "eo", "ep", "et", "eu", "i", "ia", "ich", "iec", "iem", "ien", "ieng", "iep", "iet", "ieu", "im",
    "in", "inh", "ip", "it", "iu", "o", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat",
    "oay", "oc", "oe", "oen", "oeo", "oet", "oi", "om", "on", "ong", "ooc", "oong", "op", "ot", "u", "ua", "uan",
    "uang", "uat", "uay", "uc", "ue", "uech", "uen", "uenh", "uet", "ui", "um", "un", "ung", "uoc", "uoi", "uom",
    "uon", "uong", "uop", "uot", "uou", "up", "ut", "uu", "uy", "uya", "uych", "uyen", "uyet", "uynh", "uyt", "uyu",
    "y", "ych", "yen", "yet", "yeu", "ynh", "yt",
];

/// Whether a folded word (lower case, no marks) has the shape of a Vietnamese syllable.
pub fn is_folded_syllable(word: &str) -> bool {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    ONSETS.iter().any(|onset| {
        word.strip_prefix(onset).is_some_and(|rime| {
            let bare_gi = *onset == "gi" && rime.is_empty();
            bare_gi || RIMES.binary_search(&rime).is_ok()
        })
    })
}

/// Whether a word, once folded, has the shape of a Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    is_folded_syllable(&fold(word))
}

/// Share of the alphabetic words of `text` that have the shape of a
/// Vietnamese syllable, and how many alphabetic words there were.
pub fn syllable_share(text: &str) -> (f64, usize) {
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(char::is_alphabetic));
    let (mut total, mut syllables) = (0usize, 0usize);
    for word in words {
        total += 1;
        syllables += usize::from(is_syllable(word));
    }
    let share = if total == 0 {
        0.0
    } else {
        syllables as f64 / total as f64
    };
    (share, total)
}

/// Tone marks (huyền, sắc, hỏi, ngã, nặng) as combining characters.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// A comparison key that keeps every letter and mark but ignores case and
/// where the tone mark sits: `Thành Uỷ`, `thành ủy` → the same key;
/// `hóa` and `hoá` too. Each word's tone mark is moved to its end.
pub fn tone_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() + 4);
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        let lower = word.to_lowercase();
        let tones: String = lower.nfd().filter(|c| TONE_MARKS.contains(c)).collect();
        key.extend(lower.nfd().filter(|c| !TONE_MARKS.contains(c)).nfc());
        key.push_str(&tones);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rimes_are_sorted_for_binary_search() {
        assert!(RIMES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn folding_drops_every_mark() {
        assert_eq!(
            fold("Điều 4. Trách nhiệm PHỐI HỢP của Thành ủy"),
            "dieu 4. trach nhiem phoi hop cua thanh uy"
        );
        assert_eq!(strip_marks("Đảng ỦY"), "Dang UY");
    }

    #[test]
    fn single_characters_fold_like_text() {
        for c in "aàẶâĐđƯởỳÉçñ6¢".chars() {
            assert_eq!(fold_char(c).to_string(), fold(&c.to_string()), "{c}");
        }
    }

    #[test]
    fn fold_families_hold_every_letter_that_folds_alike() {
        assert_eq!(fold_family('Ấ'), Some("aàáảãạăằắẳẵặâầấẩẫậ"));
        assert_eq!(fold_family('Đ'), Some("dđ"));
        assert_eq!(fold_family('ỵ'), Some("yỳýỷỹỵ"));
        assert_eq!(fold_family('n'), None);
        assert_eq!(fold_family('6'), None);
    }

    #[test]
    fn tones_go_shapes_stay() {
        let stripped: String = "ựốẶàýđe".chars().map(strip_tone).collect();
        assert_eq!(stripped, "ưôĂayđe");
    }

    #[test]
    fn syllable_shapes() {
        for word in [
            "Điều",
            "nghiêng",
            "quyết",
            "gì",
            "khuya",
            "Thường",
            "ủy",
            "xoong",
            "huỳnh",
            "giữa",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in ["ctia", "s6", "government", "shall", "Qb", "xyz", "nhiing"] {
            assert!(!is_syllable(word), "{word}");
        }
    }

    #[test]
    fn tone_keys_ignore_case_and_tone_placement() {
        assert_eq!(tone_key("Thành Uỷ  Hải Phòng"), tone_key("thành ủy hải phòng"));
        assert_eq!(tone_key("hoá"), tone_key("hóa"));
        assert_ne!(tone_key("Bộ"), tone_key("bỏ"));
    }

    #[test]
    fn vietnamese_text_scores_high_and_english_low() {
        let (vi, _) = syllable_share("Can ctr Quy dinh s6 294-QD/TW cua Ban Chap hanh Trung wong Pang");
        let (en, _) = syllable_share("The government shall provide the committee with a report every month");
        assert!(vi > 0.6, "{vi}");
        assert!(en < 0.4, "{en}");
    }
}
