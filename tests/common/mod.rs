//! Access to `../shared` for the integration tests: texts and gold files,
//! with a printed message (and `None`) when the folder is absent.

#![allow(dead_code)] // each test crate uses a different part

pub mod score;

use std::path::PathBuf;

/// The shared data folder, or `None` (with a message) when it is absent.
pub fn shared() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if root.is_dir() {
        Some(root)
    } else {
        println!("skipped: ../shared is absent");
        None
    }
}

/// A text file under `../shared`.
pub fn shared_text(relative: &str) -> Option<String> {
    let path = shared()?.join(relative);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => {
            println!("skipped: {}: {error}", path.display());
            None
        }
    }
}

/// The gold extraction of a development seed (`dev/NNN.json`).
pub fn gold(seed: &str) -> Option<serde_json::Value> {
    let text = shared_text(&format!("dev/{seed}.json"))?;
    serde_json::from_str(&text).ok()
}
