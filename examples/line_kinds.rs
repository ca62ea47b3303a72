//! Prints every line of a document with the kind the structure parser's
//! first pass gives it (no repair: pass a repaired text, or raw OCR):
//! `cargo run --release --example line_kinds -- FILE...`.

use vanban::pipeline::read_document;
use vanban::structure::line_kinds;

fn main() {
    for path in std::env::args().skip(1) {
        let text = match read_document(path.as_ref()) {
            Ok(read) => read.text,
            Err(error) => {
                eprintln!("{error}");
                continue;
            }
        };
        println!("== {path}");
        for (i, (line, kind)) in text.lines.iter().zip(line_kinds(&text)).enumerate() {
            println!("{:>4} {:<14} {}", i + 1, format!("{kind:?}"), line.text);
        }
    }
}
