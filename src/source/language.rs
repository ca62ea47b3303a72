//! Is this text Vietnamese? A check on the share of Vietnamese-shaped words.
//!
//! Every Vietnamese word is one syllable of a closed shape (onset + rime,
//! see [`vietnamese::is_syllable`]); even OCR that lost every diacritic and
//! garbled a fifth of the words keeps most of them in that shape, while
//! English, French or Chinese words rarely have it.
//!
//! Calibration of [`MIN_SYLLABLE_SHARE`] (shares from
//! [`vietnamese::syllable_share`] on whole files): lowest Vietnamese file
//! 0.658 (an `ocr-train` Tesseract-eng output; the five seeds 0.81–0.99,
//! seed 003 0.83, corpus-ext ≥ 0.78, ocr-real Tesseract-eng pages ≥ 0.70);
//! highest non-Vietnamese text 0.32 (Spanish; English 0.19–0.29, French
//! 0.21–0.28, German 0.08, Chinese/Russian ≤ 0.07). The threshold sits in
//! the middle of that gap.

use super::SourceError;
use crate::text::Text;
use crate::vietnamese;

/// Lowest share of Vietnamese-shaped words a document may have.
pub const MIN_SYLLABLE_SHARE: f64 = 0.5;

/// Below this many words the share says too little: the text is accepted.
pub const MIN_WORDS_TO_JUDGE: usize = 20;

/// Bytes of text sampled (whole lines spread over the document) for the check.
const SAMPLE_BYTES: usize = 1 << 20;

/// Refuses a text that is not Vietnamese or has no words at all.
pub fn check_vietnamese(text: &Text) -> Result<(), SourceError> {
    let (share, words) = vietnamese::syllable_share(&sample(text));
    if words == 0 {
        return Err(SourceError::NoWords);
    }
    if words >= MIN_WORDS_TO_JUDGE && share < MIN_SYLLABLE_SHARE {
        return Err(SourceError::NotVietnamese { share, words });
    }
    Ok(())
}

/// About [`SAMPLE_BYTES`] of the text: every line of a short text, every
/// k-th line of a long one (and never more than twice that, even when the
/// file is one huge line), so the cost stays flat on 50 MB files.
fn sample(text: &Text) -> String {
    let total: usize = text.lines.iter().map(|l| l.text.len() + 1).sum();
    let stride = total.div_ceil(SAMPLE_BYTES).max(1);
    let limit = 2 * SAMPLE_BYTES;
    let mut sampled = String::with_capacity(total.min(limit) + 1);
    for line in text.lines.iter().step_by(stride) {
        let room = limit.saturating_sub(sampled.len());
        if room == 0 {
            break;
        }
        sampled.push_str(&line.text[..line.text.floor_char_boundary(room)]);
        sampled.push('\n');
    }
    sampled
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "The committee shall report to the provincial council every month on the progress \
        of the tasks assigned to it, and the secretary shall keep the records of every meeting in good order.";
    const FRENCH: &str = "Le comité rend compte chaque mois au conseil provincial de l'avancement des tâches \
        qui lui sont confiées, et le secrétaire tient les registres de toutes les réunions.";
    const CHINESE: &str = "委员会每月向省议会报告交办任务的进展情况 秘书负责保管每次会议的记录 \
        各部门应当按照规定的期限完成工作 并及时报告 执行 情况 和 存在 的 问题 以及 下一步 的 工作 安排 意见 建议 措施 目标 要求 时间";
    const DAMAGED_VIETNAMESE: &str = "Can ctr Quy dinh s6 298-QD/TW, ngay 09/6/2025 cta Ban Bi thu vé chirc \
        nang, nhiém vy, t6 chirc bd may ctia dang ty cip trén tryc tiép cua to chirc co sé dang ¢ xa, phuong";

    #[test]
    fn damaged_vietnamese_passes() {
        assert!(check_vietnamese(&Text::from_plain(DAMAGED_VIETNAMESE)).is_ok());
    }

    #[test]
    fn other_languages_fail_with_their_share() {
        for text in [ENGLISH, FRENCH, CHINESE] {
            match check_vietnamese(&Text::from_plain(text)) {
                Err(SourceError::NotVietnamese { share, words }) => {
                    assert!(share < MIN_SYLLABLE_SHARE && words >= MIN_WORDS_TO_JUDGE, "{text}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn digits_only_have_no_words_and_short_texts_pass() {
        assert!(matches!(
            check_vietnamese(&Text::from_plain("12/5/2025 - 03 ---")),
            Err(SourceError::NoWords)
        ));
        assert!(check_vietnamese(&Text::from_plain("Hello world")).is_ok());
    }

    #[test]
    fn long_texts_are_sampled_evenly() {
        let long = format!("{ENGLISH}\n").repeat(30_000);
        assert!(sample(&Text::from_plain(&long)).len() <= SAMPLE_BYTES + 1024);
        assert!(matches!(
            check_vietnamese(&Text::from_plain(&long)),
            Err(SourceError::NotVietnamese { .. })
        ));
        let one_line = format!("{DAMAGED_VIETNAMESE} ").repeat(30_000);
        assert!(sample(&Text::from_plain(&one_line)).len() <= 2 * SAMPLE_BYTES + 1);
    }
}
