//! Prints the repair's candidate words for OCR tokens, with their channel
//! costs: `cargo run --release --example candidates -- Piéu ctia Gy s6`.

use vanban::repair::Repairer;

fn main() {
    let repairer = Repairer::embedded();
    for token in std::env::args().skip(1) {
        let found: Vec<String> = repairer
            .candidates(&token)
            .iter()
            .map(|(w, c)| format!("{w} {c:.2}"))
            .collect();
        println!("{token}: {}", found.join(", "));
    }
}
