//! Converting question banks between our course format and the formats teachers and
//! students already use. Every input format is read into one neutral [`Bank`] (chapters
//! of questions typed as our own `QuestionKind`s, plus what could not be converted and
//! why), and every output format is written from it, so N formats need N readers and N
//! writers rather than N² converters. Nothing here touches the file system: readers take
//! text, writers return text, and `commands::convert` does the reading and writing.

use std::collections::HashSet;
use std::fmt;

use crate::content::quiz::{QuestionKind, stable_hash};
use crate::content::source::is_valid_id;

pub mod anki;
pub mod course;
pub mod gift;
pub mod mdbook_quiz;
pub mod textbook;
mod textbook_prose;

/// Questions from one or more sources, grouped into chapters, ready to be written out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bank {
    pub chapters: Vec<ChapterDraft>,
    /// What could not be converted, in input order.
    pub skipped: Vec<Skipped>,
}

impl Bank {
    /// A bank of one chapter read from one source, or of none when the chapter holds
    /// nothing (no question, no glossary term), with what was skipped on the way.
    pub fn of(chapter: ChapterDraft, skipped: Vec<Skipped>) -> Self {
        let empty = chapter.questions.is_empty() && chapter.glossary.is_empty();
        Self {
            chapters: if empty { Vec::new() } else { vec![chapter] },
            skipped,
        }
    }

    /// Questions and glossary terms converted.
    pub fn counts(&self) -> (usize, usize) {
        self.chapters.iter().fold((0, 0), |(q, t), c| {
            (q + c.questions.len(), t + c.glossary.len())
        })
    }

    /// Moves the terms of each glossary-only chapter into the chapter of the same slug
    /// that has questions (the textbook gives a chapter's quiz and glossary as two
    /// files); a glossary with no such chapter stays a chapter of its own.
    pub fn join_glossaries(&mut self) {
        let mut i = 0;
        while i < self.chapters.len() {
            let lone = &self.chapters[i];
            let home = lone
                .questions
                .is_empty()
                .then_some(lone.slug.as_ref())
                .flatten()
                .and_then(|slug| {
                    self.chapters
                        .iter()
                        .position(|c| !c.questions.is_empty() && c.slug.as_ref() == Some(slug))
                });
            match home {
                Some(home) => {
                    let terms = std::mem::take(&mut self.chapters[i].glossary);
                    self.chapters[home].glossary.extend(terms);
                    self.chapters.remove(i);
                }
                None => i += 1,
            }
        }
    }
}

/// A chapter to be: a title, its sections and their questions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChapterDraft {
    /// The slug to keep, when the source has one (our own courses).
    pub slug: Option<String>,
    pub title: String,
    /// Where the questions came from, as shown to the reader ("quizzes/net.gift").
    pub source: String,
    /// Where the text the questions test lives, when the source says.
    pub text_lives: Option<String>,
    pub sections: Vec<SectionDraft>,
    pub questions: Vec<Draft>,
    /// Glossary entries (term, definition) the source gives.
    pub glossary: Vec<(String, String)>,
}

/// A section of a chapter to be, with the learning objectives the source gives for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionDraft {
    pub id: Option<String>,
    pub title: String,
    pub objectives: Vec<ObjectiveDraft>,
}

/// A learning objective: its text, and its id when the source has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectiveDraft {
    pub id: Option<String>,
    pub text: String,
}

/// One converted question.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The source's own id, when it has one (made valid by [`to_id`] when written).
    pub id: Option<String>,
    pub prompt: String,
    pub kind: QuestionKind,
    /// Empty when the source has none; writers then say where the answer is taught.
    pub hint: String,
    /// Empty when the source has none; writers then state the answer.
    pub explanation: String,
    /// Index into the chapter's `sections`.
    pub section: usize,
    /// The objective the question tests, when the source names one.
    pub objective: Option<ObjectiveDraft>,
}

/// Something in the input that was not converted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// `path:line`, or `path#/json/pointer` for JSON input.
    pub at: String,
    pub why: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped: {}", self.at, self.why)
    }
}

/// Input that cannot be read as its format at all: one error at its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct Malformed {
    /// `path:line:col`, or `path#/json/pointer`.
    pub at: String,
    pub message: String,
}

impl Malformed {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            at: at.into(),
            message: message.into(),
        }
    }
}

/// The formats `convert` reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Our own course folder.
    Course,
    Gift,
    MdbookQuiz,
    /// The open ML Systems textbook's `*_quizzes.json`.
    TextbookQuiz,
    /// The open ML Systems textbook's glossary JSON.
    TextbookGlossary,
    Anki,
}

/// Guesses the format of a file from its name and its first bytes.
pub fn detect(name: &str, text: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if lower.ends_with(".gift") {
        return Some(Format::Gift);
    }
    if lower.ends_with(".json") || head.starts_with('{') {
        if text.contains("\"terms\"") && !text.contains("\"quiz_data\"") {
            return Some(Format::TextbookGlossary);
        }
        if text.contains("\"sections\"") {
            return Some(Format::TextbookQuiz);
        }
        return None;
    }
    if lower.ends_with(".toml") {
        return text.contains("[[questions]]").then_some(Format::MdbookQuiz);
    }
    let gift_like = text.contains('{') && text.contains('}');
    (lower.ends_with(".txt") && gift_like).then_some(Format::Gift)
}

/// Makes `text` a valid id: lowercase ASCII letters and digits, runs of anything else
/// as one '-', at most 64 characters; `None` when nothing is left.
pub fn to_id(text: &str) -> Option<String> {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let mut id: String = id.chars().take(64).collect();
    while id.ends_with('-') {
        id.pop();
    }
    is_valid_id(&id).then_some(id)
}

/// A stable id for a question without one, from its chapter and its prompt: the same
/// text gives the same id on every run, so converting again updates, never duplicates.
pub fn derived_id(chapter: &str, prompt: &str) -> String {
    let stem: String = to_id(chapter).unwrap_or_else(|| "q".into());
    let stem: String = stem.chars().take(40).collect();
    format!(
        "{}-{:08x}",
        stem.trim_end_matches('-'),
        stable_hash(prompt) & 0xffff_ffff
    )
}

/// Hands out ids unique within one output, numbering repeats `-2`, `-3`, ...
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    pub fn unique(&mut self, wanted: &str) -> String {
        let mut id = wanted.to_string();
        let mut n = 2;
        while !self.taken.insert(id.clone()) {
            let room = 64 - format!("-{n}").len();
            let stem: String = wanted.chars().take(room).collect();
            id = format!("{}-{n}", stem.trim_end_matches('-'));
            n += 1;
        }
        id
    }
}

/// The id a draft is written with: its own when it has a usable one, else one derived
/// from its text.
pub fn draft_id(draft: &Draft, chapter: &str, ids: &mut Ids) -> String {
    let wanted = draft
        .id
        .as_deref()
        .and_then(to_id)
        .unwrap_or_else(|| derived_id(chapter, &draft.prompt));
    ids.unique(&wanted)
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let pos = crate::content::source::LineIndex::new(text).pos(offset);
    (pos.line, pos.col)
}

/// The right answer of a draft, for writers that state it.
pub fn stated_answer(draft: &Draft) -> String {
    let question = crate::content::quiz::Question {
        id: String::new(),
        prompt: draft.prompt.clone(),
        section: String::new(),
        objective: String::new(),
        hint: String::new(),
        explanation: String::new(),
        kind: draft.kind.clone(),
        pos: Default::default(),
        section_pos: Default::default(),
        objective_pos: Default::default(),
    };
    crate::content::answer::correct_answer(&question)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_valid_and_kept_unique() {
        assert_eq!(to_id("Q1: Colours!").as_deref(), Some("q1-colours"));
        assert_eq!(to_id("  ---  "), None);
        assert_eq!(to_id("Ünïcode"), Some("n-code".into()));
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("a"), "a-3");
    }

    #[test]
    fn derived_ids_are_stable_and_depend_on_the_text() {
        let a = derived_id("Networks", "What is a packet?");
        assert_eq!(a, derived_id("Networks", "What is a packet?"));
        assert_ne!(a, derived_id("Networks", "What is a frame?"));
        assert!(a.starts_with("networks-"), "{a}");
        assert!(is_valid_id(&a), "{a}");
    }

    #[test]
    fn formats_are_detected_from_name_and_content() {
        assert_eq!(detect("a.gift", ""), Some(Format::Gift));
        assert_eq!(detect("a.txt", "Q {=a}"), Some(Format::Gift));
        assert_eq!(detect("a.txt", "plain"), None);
        assert_eq!(
            detect("q.toml", "[[questions]]\ntype = \"ShortAnswer\""),
            Some(Format::MdbookQuiz)
        );
        assert_eq!(
            detect("x_quizzes.json", "{\"sections\": []}"),
            Some(Format::TextbookQuiz)
        );
        assert_eq!(
            detect("g.json", "{\"terms\": []}"),
            Some(Format::TextbookGlossary)
        );
    }

    fn chapter(slug: &str, questions: usize, terms: &[&str]) -> ChapterDraft {
        ChapterDraft {
            slug: Some(slug.into()),
            title: slug.into(),
            questions: (0..questions)
                .map(|n| Draft {
                    id: None,
                    prompt: format!("q{n}"),
                    kind: QuestionKind::TrueFalse { answer: true },
                    hint: String::new(),
                    explanation: String::new(),
                    section: 0,
                    objective: None,
                })
                .collect(),
            glossary: terms.iter().map(|t| (t.to_string(), "d".into())).collect(),
            ..ChapterDraft::default()
        }
    }

    #[test]
    fn a_glossary_joins_the_chapter_of_its_name_or_stays_alone() {
        let mut bank = Bank {
            chapters: vec![
                chapter("intro", 0, &["a", "b"]),
                chapter("intro", 2, &[]),
                chapter("other", 0, &["c"]),
            ],
            skipped: Vec::new(),
        };
        bank.join_glossaries();
        let shape: Vec<(usize, usize)> = bank
            .chapters
            .iter()
            .map(|c| (c.questions.len(), c.glossary.len()))
            .collect();
        assert_eq!(shape, [(2, 2), (0, 1)]);
        assert_eq!(bank.counts(), (2, 3));
    }
}
