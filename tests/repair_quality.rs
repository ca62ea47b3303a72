//! The repair's quality gates, on the models in `dictionaries/` (embedded in
//! the binary): syllable error rates against the gold of `../shared`
//! (seed 001's raw OCR, the `ocr-eval` documents' OCR, and the same
//! documents stripped of their marks), counted like
//! `shared/tools/ser.py --fold-tone-placement`. A regression of the models or
//! the decoder fails here. Skipped, with a message, when `../shared` is absent.

use std::path::PathBuf;

use vanban::repair::Repairer;
use vanban::repair::eval::{evaluate, mean_ser};

/// Highest syllable error rate of seed 001's raw OCR.
const SEED_MAX: f64 = 0.03;
/// Highest mean syllable error rate over the `ocr-eval` OCR texts.
const OCR_MAX: f64 = 0.04;
/// Highest mean syllable error rate over the `ocr-eval` texts stripped of marks.
const STRIPPED_MAX: f64 = 0.015;

fn shared() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let complete = root.join("ocr-eval").is_dir() && root.join("dev/001.txt").is_file();
    if !complete {
        println!("skipped: ../shared (ocr-eval, dev/001.txt) is absent");
    }
    complete.then_some(root)
}

#[test]
fn syllable_error_rates_stay_under_the_thresholds() {
    let Some(shared) = shared() else { return };
    let engine = Repairer::try_embedded().expect("the embedded dictionaries load");
    let evaluation = evaluate(&engine, &shared).expect("the evaluation data is readable");
    let (seed, ocr, stripped) = (
        evaluation.seed.ser,
        mean_ser(&evaluation.ocr),
        mean_ser(&evaluation.stripped),
    );
    println!(
        "SER seed 001 {:.2}%, ocr-eval OCR {:.2}%, stripped {:.2}%",
        seed * 100.0,
        ocr * 100.0,
        stripped * 100.0
    );
    assert_eq!(evaluation.ocr.len(), 30, "every ocr-eval document is scored");
    assert!(
        seed <= SEED_MAX,
        "seed 001: {:.2}% > {:.2}%",
        seed * 100.0,
        SEED_MAX * 100.0
    );
    assert!(
        ocr <= OCR_MAX,
        "ocr-eval OCR: {:.2}% > {:.2}%",
        ocr * 100.0,
        OCR_MAX * 100.0
    );
    assert!(
        stripped <= STRIPPED_MAX,
        "ocr-eval stripped: {:.2}% > {:.2}%",
        stripped * 100.0,
        STRIPPED_MAX * 100.0
    );
}

#[test]
fn repaired_text_keeps_lines_numbers_and_capitals() {
    let engine = Repairer::try_embedded().expect("the embedded dictionaries load");
    let input = "QUY CHE\nPiéu 4. Trach nhiém\n\nngay 08/9/2025 thang9 nam 2025, Quy dinh s6 294-Qb/TW";
    let repaired = engine.repair(&vanban::text::Text::from_plain(input));
    let lines: Vec<&str> = repaired.text.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], "QUY CHẾ");
    assert_eq!(lines[1], "Điều 4. Trách nhiệm");
    assert_eq!(lines[2], "");
    assert_eq!(lines[3], "ngày 08/9/2025 tháng 9 năm 2025, Quy định số 294-QĐ/TW");
}
