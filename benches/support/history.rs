//! A study history of a given size for the store benches and for
//! `examples/bench_fixture.rs`: `attempts` quiz attempts at one chapter (every tenth a
//! full quiz answering every question, the rest one-question reviews, as in-text checks
//! and spaced review record them), merged in with `Store::import`, the store's own API,
//! in one transaction. Recording them one durable commit at a time (`record_answer`
//! with `synchronous=FULL`) would take minutes for 10,000 attempts; import writes the
//! same rows the same way in seconds.

use mlsys_learn::content::Chapter;
use mlsys_learn::store::{
    Answer, AttemptMode, AttemptRecord, HISTORY_FORMAT, HISTORY_VERSION, Store, UserHistory,
};

/// The first attempt's start time (2024-01-01, Unix milliseconds); one attempt a minute.
const START: i64 = 1_704_067_200_000;

/// Fills `store` with `attempts` attempts of `user` at `chapter`'s quiz; returns how many
/// answers that made.
pub fn fill(store: &mut Store, user: &str, chapter: &Chapter, attempts: usize) -> usize {
    let questions: Vec<&str> = chapter
        .quiz
        .as_ref()
        .map(|q| q.questions.iter().map(|q| q.id.as_str()).collect())
        .unwrap_or_default();
    assert!(!questions.is_empty(), "the chapter needs a quiz");
    let records: Vec<AttemptRecord> = (0..attempts)
        .map(|i| {
            let started_at = START + i as i64 * 60_000;
            let full = i % 10 == 0;
            let asked: Vec<&str> = if full {
                questions.clone()
            } else {
                vec![questions[i % questions.len()]]
            };
            let answers: Vec<Answer> = asked
                .iter()
                .enumerate()
                .map(|(n, question)| Answer {
                    question: (*question).to_string(),
                    response: "\"an answer\"".to_string(),
                    correct: (i + n) % 3 != 0,
                    hint_used: (i + n) % 5 == 0,
                    elapsed_ms: 4_000,
                    answered_at: started_at + n as i64 * 1_000,
                })
                .collect();
            let score = answers.iter().filter(|a| a.correct).count() as u32;
            AttemptRecord {
                uid: format!("{i:032x}"),
                chapter: chapter.slug.clone(),
                quiz_hash: "bench".to_string(),
                mode: if full {
                    AttemptMode::Full
                } else {
                    AttemptMode::Review
                },
                started_at,
                finished_at: Some(started_at + 50_000),
                score,
                max: answers.len() as u32,
                answers,
                questions: Vec::new(),
            }
        })
        .collect();
    let answers = records.iter().map(|r| r.answers.len()).sum();
    let history = UserHistory {
        format: HISTORY_FORMAT.to_string(),
        version: HISTORY_VERSION,
        user: user.to_string(),
        created_at: START,
        last_active_at: START + attempts as i64 * 60_000,
        sections_read: Vec::new(),
        positions: Vec::new(),
        attempts: records,
        reviews: Vec::new(),
        notes: Vec::new(),
        bookmarks: Vec::new(),
    };
    let report = store.import(user, &history).expect("the history imports");
    assert_eq!(report.attempts, attempts);
    answers
}
