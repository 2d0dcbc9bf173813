//! The events the LRS tests record through the library's store, as the quiz and the reader
//! record them: one student's answers to three questions of the built-in course, a finished
//! attempt and a section read. Shared by tests/lrs_sync.rs and tests/lrs_rejected.rs.

#![allow(dead_code)]

use std::path::Path;

use mlsys_learn::store::{Answer, AttemptMode, Store, database_path};

pub const T0: i64 = 1_790_000_000_000;
pub const CHAPTER: &str = "introduction";
pub const QUESTIONS: &[&str] = &[
    "intro-hidden-debt-share",
    "intro-system-qualities",
    "intro-throughput-definition",
];

/// A data folder with `user`'s answers to three questions, a finished attempt and a
/// section read: 6 statements (3 answered, completed, passed or failed, experienced).
pub fn history(dir: &Path, user: &str) -> String {
    history_of(dir, user, [true, false, false], T0)
}

/// `history` with the answers right or wrong as `correct` says, from time `t0` on.
pub fn history_of(dir: &Path, user: &str, correct: [bool; 3], t0: i64) -> String {
    let mut store = Store::open(&database_path(dir)).expect("open").store;
    let attempt = store
        .start_attempt(user, CHAPTER, "hash", AttemptMode::Full, t0)
        .expect("start");
    for (i, question) in QUESTIONS.iter().enumerate() {
        let answer = Answer {
            question: question.to_string(),
            response: r#"{"type":"numeric","value":"26 %"}"#.to_string(),
            correct: correct[i],
            hint_used: false,
            elapsed_ms: 2500,
            answered_at: t0 + 1000 * i as i64,
        };
        store.record_answer(attempt.id, &answer).expect("answer");
    }
    let score = correct.iter().filter(|c| **c).count() as u32;
    store
        .finish_attempt(attempt.id, score, 3, t0 + 9000)
        .expect("finish");
    store
        .mark_section_read(user, CHAPTER, "why-ml-systems-matter", t0)
        .expect("read");
    attempt.uid
}
