//! The source and normalize stages on real files and on every kind of bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream, dictionary};
use vanban::normalize::normalize;
use vanban::source::{self, SourceError, SourceFormat, SourceText};

fn project(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A file under `../shared`, or `None` (with a note) when the data is absent.
fn shared(path: &str) -> Option<PathBuf> {
    let full = project("../shared").join(path);
    if full.exists() {
        Some(full)
    } else {
        println!("skipped: {} is absent", full.display());
        None
    }
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(project("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    files
}

fn read_as(name: &str, bytes: &[u8]) -> Result<SourceText, SourceError> {
    source::read_bytes(Path::new(name), bytes)
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Length of the longest common subsequence of two token sequences.
fn common_tokens(a: &[&str], b: &[&str]) -> usize {
    let mut previous = vec![0usize; b.len() + 1];
    for x in a {
        let mut current = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = if x == y {
                previous[j] + 1
            } else {
                previous[j + 1].max(current[j])
            };
        }
        previous = current;
    }
    previous[b.len()]
}

#[test]
fn every_corpus_file_reads_and_normalises() {
    for path in corpus_files() {
        let raw = std::fs::read_to_string(&path).unwrap();
        let read = source::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(read.format, SourceFormat::Text);
        assert_eq!(read.text.lines.len(), raw.lines().count(), "{}", path.display());
        let normal = normalize(&read.text);
        assert_eq!(normal.lines.len(), read.text.lines.len());
        assert!(
            normal
                .lines
                .iter()
                .all(|l| !l.text.contains("**") && !l.text.contains("  "))
        );
    }
}

/// Every word of the normalised corpus points at a source column where that
/// word's first character is (words that start with a rewritten character
/// — a dash — excepted).
#[test]
fn normalised_words_point_at_their_source_columns() {
    let mut checked = 0;
    for path in corpus_files() {
        let read = source::read(&path).unwrap();
        let normal = normalize(&read.text);
        for (raw, line) in read.text.lines.iter().zip(&normal.lines) {
            let starts = line
                .text
                .char_indices()
                .filter(|&(i, c)| c.is_alphanumeric() && (i == 0 || line.text.as_bytes()[i - 1] == b' '));
            for (at, first) in starts {
                let column = line.columns.source_column(at);
                assert!(
                    raw.text[column..].starts_with(first),
                    "{}:{} {:?} at {at}",
                    path.display(),
                    raw.source_line,
                    line.text
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}

#[test]
fn empty_and_blank_files_are_empty() {
    for content in ["", "   \n\t\r\n  \n"] {
        assert!(
            matches!(read_as("x.txt", content.as_bytes()), Err(SourceError::Empty)),
            "{content:?}"
        );
    }
    let error = read_as("x.txt", b"").unwrap_err();
    assert_eq!(error.to_string(), "empty file");
}

#[test]
fn binary_junk_and_renamed_images_are_refused() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let junk: Vec<u8> = (0..20_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    assert!(matches!(
        read_as("junk.txt", &junk),
        Err(SourceError::Binary { kind: None })
    ));
    let png = [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".as_slice(), &junk[..200]].concat();
    let error = read_as("scan.txt", &png).unwrap_err();
    assert_eq!(error.to_string(), "binary file (PNG image), not text");
}

#[test]
fn legacy_encodings_name_the_bad_byte() {
    let latin1 = b"Quy \xE9\xE9 ch\xEA".to_vec();
    let error = read_as("old.txt", &latin1).unwrap_err();
    assert_eq!(
        error.to_string(),
        "not UTF-8 or UTF-16 text (invalid byte 0xE9 at offset 4)"
    );
}

#[test]
fn unicode_encodings_with_bom() {
    let path = &corpus_files()[2];
    let text = std::fs::read_to_string(path).unwrap();
    let expected = source::read(path).unwrap().text;
    let utf16 = |big_endian: bool| -> Vec<u8> {
        std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    for (name, bytes) in [
        ("utf16le", utf16(false)),
        ("utf16be", utf16(true)),
        ("utf8bom", utf8_bom),
    ] {
        let read = read_as("x.txt", &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read.text, expected, "{name}");
    }
}

#[test]
fn english_text_is_not_vietnamese() {
    let english = "The provincial office receives hundreds of scanned documents every week. \
        Each of them must be read, checked and filed before the end of the month, and the staff \
        who do this work need a tool that tells them which tasks were assigned to which body.\n";
    let error = read_as("report.txt", english.repeat(3).as_bytes()).unwrap_err();
    assert!(matches!(error, SourceError::NotVietnamese { .. }), "{error}");
    assert!(error.to_string().starts_with("not Vietnamese text: only "), "{error}");
}

#[test]
fn a_50_mb_text_file_reads_whole() {
    let unit = std::fs::read_to_string(&corpus_files()[0]).unwrap();
    let copies = (50 << 20) / unit.len() + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let content = unit.repeat(copies);
    std::fs::write(&path, &content).unwrap();
    let read = source::read(&path).unwrap();
    assert!(content.len() >= 50 << 20);
    assert_eq!(read.text.lines.len(), content.lines().count());
    let last = read.text.lines.last().unwrap();
    assert_eq!(
        (last.source_line as usize, last.text.as_str()),
        (read.text.lines.len(), unit.lines().last().unwrap())
    );
}

#[test]
fn form_feeds_become_pages() {
    let text = "Điều 1. Phạm vi điều chỉnh của quy chế này\n\x0cĐiều 2. Đối tượng áp dụng của quy chế\n";
    let read = read_as("pages.txt", text.repeat(3).as_bytes()).unwrap();
    let pages: Vec<u32> = read.text.lines.iter().map(|l| l.page).collect();
    assert_eq!(pages, [1, 2, 2, 3, 3, 4]);
    assert!(read.text.lines.iter().all(|l| !l.text.contains('\x0c')));
}

/// A PDF whose pages draw `contents`, with `resources` inherited from the page tree.
fn pdf_with_pages(contents: Vec<Stream>, resources: Dictionary) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let kids: Vec<Object> = contents
        .into_iter()
        .map(|content| {
            let content_id = doc.add_object(content);
            let page = dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content_id };
            doc.add_object(page).into()
        })
        .collect();
    let count = kids.len() as i64;
    let media_box: Vec<Object> = vec![0.into(), 0.into(), 595.into(), 842.into()];
    let pages = dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources, "MediaBox" => media_box };
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

fn one_page_pdf(content: &[u8], resources: Dictionary) -> Document {
    pdf_with_pages(vec![Stream::new(Dictionary::new(), content.to_vec())], resources)
}

fn saved(doc: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// Two lines of (unaccented) Vietnamese in Helvetica.
const TWO_LINES: &[u8] =
    b"BT /F1 12 Tf 72 700 Td (Can cu Quy dinh so 294 cua Ban Chap hanh Trung uong ve thi hanh Dieu le Dang) Tj \
    0 -16 Td (Can cu Quy che lam viec cua Ban Chap hanh Dang bo tinh nhiem ky 2025 2030 va cac quy dinh) Tj ET";

fn helvetica() -> Dictionary {
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" };
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

fn helvetica_page() -> Document {
    one_page_pdf(TWO_LINES, helvetica())
}

#[test]
fn a_simple_pdf_reads_with_its_lines() {
    let read = read_as("plain.pdf", &saved(&mut helvetica_page())).unwrap();
    assert_eq!(read.format, SourceFormat::Pdf);
    let lines: Vec<(&str, u32, u32)> = read
        .text
        .lines
        .iter()
        .map(|l| (&l.text[..10], l.page, l.source_line))
        .collect();
    assert_eq!(lines, [("Can cu Quy", 1, 1), ("Can cu Quy", 1, 2)]);
}

#[test]
fn a_damaged_page_costs_only_its_own_text() {
    let plain = || Stream::new(Dictionary::new(), TWO_LINES.to_vec());
    let broken = Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        b"not zlib data at all".to_vec(),
    );
    let mut doc = pdf_with_pages(vec![plain(), broken, plain()], helvetica());
    let read = read_as("partly.pdf", &saved(&mut doc)).unwrap();
    let pages: Vec<u32> = read.text.lines.iter().map(|l| l.page).collect();
    assert_eq!(pages, [1, 1, 3, 3]);
    assert_eq!(read.warnings.len(), 1);
    assert!(
        read.warnings[0].starts_with("page 2: content stream"),
        "{:?}",
        read.warnings
    );
}

/// A one-page PDF that draws `xobject` (scaled by `matrix`) and nothing else.
fn page_drawing(xobject: Stream, matrix: &str) -> Vec<u8> {
    let mut doc = one_page_pdf(format!("q {matrix} cm /X1 Do Q").as_bytes(), Dictionary::new());
    let xobject_id = doc.add_object(xobject);
    let page_id = doc.get_pages()[&1];
    let resources = dictionary! { "XObject" => dictionary! { "X1" => xobject_id } };
    doc.get_dictionary_mut(page_id).unwrap().set("Resources", resources);
    saved(&mut doc)
}

#[test]
fn text_inside_form_xobjects_is_read() {
    let bounds: Vec<Object> = vec![0.into(), 0.into(), 595.into(), 842.into()];
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => bounds, "Resources" => helvetica() },
        TWO_LINES.to_vec(),
    );
    let read = read_as("form.pdf", &page_drawing(form, "1 0 0 1 0 -300")).unwrap();
    assert_eq!(read.text.lines.len(), 2);
    assert!(read.text.lines[1].text.starts_with("Can cu Quy che lam viec"));
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut doc = helvetica_page();
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(b"0123456789abcdef".to_vec()),
            Object::string_literal(b"0123456789abcdef".to_vec()),
        ],
    );
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    saved(&mut doc)
}

#[test]
fn encrypted_pdfs_need_their_password() {
    let error = read_as("secret.pdf", &encrypted("user")).unwrap_err();
    assert!(matches!(error, SourceError::EncryptedPdf), "{error}");
    assert_eq!(error.to_string(), "encrypted PDF (cannot read without a password)");
    let open = read_as("open.pdf", &encrypted("")).unwrap();
    assert_eq!(
        open.text.lines.len(),
        2,
        "an empty user password opens like any viewer does"
    );
}

#[test]
fn image_only_pdf_has_no_text_layer() {
    let image = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0, 255, 255, 0],
    );
    let error = read_as("scan.pdf", &page_drawing(image, "500 0 0 700 40 60")).unwrap_err();
    assert!(matches!(error, SourceError::NoTextLayer { pages: 1 }), "{error}");
    assert!(error.to_string().starts_with("no text layer"), "{error}");
}

#[test]
fn truncated_pdfs_are_corrupt() {
    let mut whole = vec![std::fs::read(project("tests/fixtures/born-digital.pdf")).unwrap()];
    whole.extend(shared("tools/sample/ocr.pdf").map(|p| std::fs::read(p).unwrap()));
    for bytes in whole {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.pdf");
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let error = source::read(&path).unwrap_err();
        assert!(matches!(error, SourceError::CorruptPdf(_)), "{error}");
        assert!(error.to_string().contains("cut short"), "{error}");
        let tail = &bytes[bytes.len() / 2..];
        assert!(matches!(read_as("tail.pdf", tail), Err(SourceError::CorruptPdf(_))));
    }
}

#[test]
fn damaged_pdf_bytes_never_panic() {
    let original = std::fs::read(project("tests/fixtures/born-digital.pdf")).unwrap();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    for _ in 0..120 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 8 {
            let at = next() % bytes.len();
            match next() % 3 {
                0 => bytes[at] = next() as u8,
                1 => drop(bytes.remove(at)),
                _ => drop(bytes.drain(at..(at + next() % 64).min(bytes.len()))),
            }
        }
        let _ = read_as("damaged.pdf", &bytes);
    }
}

/// A born-digital PDF (LibreOffice, TrueType subsets with ToUnicode maps,
/// justified text, a bold font, three pages): every line as written.
#[test]
fn born_digital_pdf_gives_its_lines_and_pages() {
    let read = source::read(&project("tests/fixtures/born-digital.pdf")).unwrap();
    let lines: Vec<(u32, &str)> = read
        .text
        .lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| (l.page, l.text.as_str()))
        .collect();
    let expected = std::fs::read_to_string(project("tests/fixtures/born-digital.lines")).unwrap();
    let expected: Vec<(u32, &str)> = expected
        .lines()
        .map(|l| {
            let (page, text) = l.split_once('\t').unwrap();
            (page.parse().unwrap(), text)
        })
        .collect();
    assert_eq!(lines, expected);
    let numbers: Vec<u32> = read.text.lines.iter().map(|l| l.source_line).collect();
    assert_eq!(numbers, (1..=read.text.lines.len() as u32).collect::<Vec<_>>());
}

/// Tesseract's `pdf` renderer output: the text layer gives the words of
/// Tesseract's own text output, in the same order, on pages 1 to 7.
#[test]
fn tesseract_pdf_matches_its_text_output() {
    let (Some(pdf), Some(txt)) = (shared("tools/sample/ocr.pdf"), shared("tools/sample/ocr.txt")) else {
        return;
    };
    let read = source::read(&pdf).unwrap();
    let reference = std::fs::read_to_string(txt).unwrap();
    let ours = read.text.joined();
    let (ours, reference) = (words(&ours), words(&reference));
    let common = common_tokens(&ours, &reference);
    println!(
        "sample PDF: {common} of {} reference words in order ({} extracted)",
        reference.len(),
        ours.len()
    );
    assert!(common as f64 >= 0.995 * reference.len() as f64 && ours.len() <= reference.len() + 10);
    let pages: Vec<u32> = read.text.lines.iter().map(|l| l.page).collect();
    assert!(pages.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!((pages[0], pages[pages.len() - 1]), (1, 7));
    for page in 1..=7 {
        assert!(pages.contains(&page), "page {page} has no line");
    }
}

#[test]
fn cli_reports_bad_files_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&corpus_files()[1], dir.path().join("a-good.txt")).unwrap();
    std::fs::write(dir.path().join("b-bad.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::copy(
        project("tests/fixtures/born-digital.pdf"),
        dir.path().join("c-good.pdf"),
    )
    .unwrap();
    std::fs::write(dir.path().join("d-empty.txt"), b"  \n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["parse", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout.lines().filter(|l| !l.trim().is_empty()).count(), 2, "{stdout}");
    assert!(
        stderr.contains("b-bad.txt: binary file (PNG image), not text"),
        "{stderr}"
    );
    assert!(stderr.contains("d-empty.txt: empty file"), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
}
