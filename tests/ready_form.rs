//! The built-in course starts from its ready form (`content::ready`: the model build.rs
//! loaded, stored in the binary) instead of parsing its text at every start. These tests
//! hold the two to the same course, field for field, for every scope a command loads: the
//! whole course, its chapters alone, and each chapter by number and by slug with and
//! without its quiz, so no student can see a difference.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mlsys_learn::content::load::{load_embedded_text, load_ready};
use mlsys_learn::content::{Loaded, Scope};

fn same(scope: Scope<'_>) {
    let text = load_embedded_text(scope);
    let ready = load_ready(scope).expect("the ready form decodes");
    assert!(
        text.diagnostics.is_empty(),
        "{scope:?}: {:?}",
        text.diagnostics
    );
    assert!(ready.diagnostics.is_empty());
    assert_eq!(shown(&ready), shown(&text), "{scope:?}");
}

fn shown(loaded: &Loaded) -> String {
    format!("{:#?}", loaded.course)
}

#[test]
fn the_whole_course_and_its_chapters_are_the_same_from_either_form() {
    same(Scope::Whole);
    same(Scope::Chapters);
}

#[test]
fn every_chapter_alone_is_the_same_from_either_form() {
    let course = load_embedded_text(Scope::Whole).course;
    assert!(
        course.chapters.len() > 1,
        "the built-in course has its chapters"
    );
    for chapter in &course.chapters {
        let number = chapter.number.to_string();
        let padded = format!("{:02}", chapter.number);
        for key in [number.as_str(), padded.as_str(), chapter.slug.as_str()] {
            same(Scope::Chapter(key));
            same(Scope::Study(key));
        }
        let alone = load_ready(Scope::Study(&number)).expect("decodes").course;
        assert_eq!(alone.chapters.len(), 1, "chapter {number} alone");
        assert_eq!(alone.chapters[0].quiz.is_some(), chapter.quiz.is_some());
    }
}

#[test]
fn a_key_that_names_no_chapter_loads_none_from_either_form() {
    for key in ["99", "no-such-chapter", ""] {
        same(Scope::Chapter(key));
        same(Scope::Study(key));
        assert!(
            load_ready(Scope::Study(key))
                .expect("decodes")
                .course
                .chapters
                .is_empty()
        );
    }
}

#[test]
fn the_whole_course_has_every_quiz_attached() {
    let whole = load_ready(Scope::Whole).expect("decodes").course;
    let text = load_embedded_text(Scope::Whole).course;
    let quizzes =
        |c: &mlsys_learn::content::Course| c.chapters.iter().filter(|ch| ch.quiz.is_some()).count();
    assert_eq!(quizzes(&whole), quizzes(&text));
    assert!(
        quizzes(&whole) >= 10,
        "every chapter of the built-in course has a quiz"
    );
}
