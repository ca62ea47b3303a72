//! The domain phrases (`phrases.txt`: bodies, document types, fixed
//! phrases, as written in running text), used to give a restored query the
//! capitals its phrases carry (`thành ủy giao` → `Thành ủy giao`).

use rustc_hash::FxHashMap;

/// The capitalised spelling of each domain phrase, by its lower-case form.
#[derive(Debug, Default)]
pub struct PhraseCase {
    spelling: FxHashMap<String, String>,
    longest: usize,
}

impl PhraseCase {
    /// Reads a phrase list: one phrase per line.
    pub fn new(list: &str) -> Self {
        let mut phrases = PhraseCase::default();
        for phrase in list.lines().map(str::trim).filter(|p| p.contains(' ')) {
            phrases.longest = phrases.longest.max(phrase.split(' ').count());
            phrases
                .spelling
                .entry(phrase.to_lowercase())
                .or_insert_with(|| phrase.to_string());
        }
        phrases
    }

    /// `words` with every domain phrase in it (longest first, left to
    /// right) written as the phrase list writes it.
    pub fn apply(&self, words: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        let mut at = 0;
        while at < words.len() {
            let found = (2..=self.longest.min(words.len() - at)).rev().find_map(|len| {
                let key = words[at..at + len].join(" ").to_lowercase();
                self.spelling.get(&key).map(|spelling| (len, spelling))
            });
            match found {
                Some((len, spelling)) => {
                    out.extend(spelling.split(' ').map(str::to_string));
                    at += len;
                }
                None => {
                    out.push(words[at].to_string());
                    at += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_bring_their_capitals() {
        let phrases = PhraseCase::new("Thành ủy\nBan Thường vụ Thành ủy\nViệt Nam");
        assert_eq!(phrases.apply(&["thành", "ủy", "giao"]), ["Thành", "ủy", "giao"]);
        assert_eq!(
            phrases.apply(&["ban", "thường", "vụ", "thành", "ủy"]),
            ["Ban", "Thường", "vụ", "Thành", "ủy"]
        );
        assert_eq!(phrases.apply(&["giao", "việc"]), ["giao", "việc"]);
    }
}
