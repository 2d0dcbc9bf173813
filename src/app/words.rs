//! Whole-word, case-insensitive matching of glossary terms in a line: the one rule behind
//! the terms underlined in the text and the `t` lookup of the terms on a line, so the two
//! always find the same words. Text is lowered one character for one (the first
//! character of its lowercase), so positions stay those of the text.

/// A line lowered once, to look several terms up in it.
pub struct Lowered {
    chars: Vec<char>,
    /// The same characters as a string, for a quick substring test that skips most terms.
    text: String,
}

impl Lowered {
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().map(lower).collect();
        let text = chars.iter().collect();
        Self { chars, text }
    }

    /// Where `term` occurs as a whole word, as character ranges (start, end).
    pub fn word_ranges(&self, term: &str) -> Vec<(usize, usize)> {
        let needle: Vec<char> = term.chars().map(lower).collect();
        let hay = &self.chars;
        if needle.is_empty() || needle.len() > hay.len() {
            return Vec::new();
        }
        // Most lines hold no term: a substring search over the same characters skips them
        // before the per-position scan (which was half of a frame's cost).
        if !self.text.contains(&needle.iter().collect::<String>()) {
            return Vec::new();
        }
        (0..=hay.len() - needle.len())
            .filter(|&start| {
                let end = start + needle.len();
                let boundary_before = start == 0 || !hay[start - 1].is_alphanumeric();
                let boundary_after = end == hay.len() || !hay[end].is_alphanumeric();
                boundary_before && boundary_after && hay[start..end] == needle[..]
            })
            .map(|start| (start, start + needle.len()))
            .collect()
    }

    /// Whether `term` occurs as a whole word.
    pub fn contains_word(&self, term: &str) -> bool {
        !self.word_ranges(term).is_empty()
    }
}

/// A character lowered one for one.
fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_match_whole_words_in_any_case() {
        let line = Lowered::new("TinyML runs on tinyml-class chips, not on tinymlx.");
        assert_eq!(line.word_ranges("tinyml"), vec![(0, 6), (15, 21)]);
        assert!(line.contains_word("Chips"));
        assert!(!line.contains_word("chip"));
        assert!(!line.contains_word(""));
    }

    #[test]
    fn positions_are_characters_of_the_text() {
        let line = Lowered::new("Ünïcode · Über");
        assert_eq!(line.word_ranges("über"), vec![(10, 14)]);
    }
}
