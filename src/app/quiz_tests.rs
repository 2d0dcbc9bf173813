//! Transitions of the quiz session: every question type, hints, quitting, resuming,
//! retrying the missed questions, self-grading in review.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::shuffle::Rng;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn chapter() -> ChapterRef {
    ChapterRef {
        number: 1,
        slug: "intro".into(),
        title: "Intro".into(),
    }
}

fn question(id: &str, kind: QuestionKind) -> Question {
    Question::sample(id, "A ___ question?", kind)
}

fn all_types() -> Vec<Question> {
    vec![
        question(
            "single",
            QuestionKind::Single {
                answer: "right".into(),
                distractors: vec!["wrong".into()],
                shuffle: false,
            },
        ),
        question(
            "multiple",
            QuestionKind::Multiple {
                answers: vec!["a".into(), "b".into()],
                distractors: vec!["c".into()],
                shuffle: false,
            },
        ),
        question("truefalse", QuestionKind::TrueFalse { answer: false }),
        question(
            "short",
            QuestionKind::Short {
                answer: "drift".into(),
                alternatives: vec![],
            },
        ),
        question(
            "gaps",
            QuestionKind::Gaps {
                gaps: vec![vec!["big".into()]],
            },
        ),
        question(
            "order",
            QuestionKind::Order {
                items: vec!["x".into(), "y".into()],
            },
        ),
        question(
            "numeric",
            QuestionKind::Numeric {
                answer: 5.0,
                tolerance: 1.0,
                unit: Some("%".into()),
            },
        ),
    ]
}

fn session(questions: &[Question], mode: Mode, history: History) -> Session {
    let pairs: Vec<(&Question, ChapterRef)> = questions.iter().map(|q| (q, chapter())).collect();
    let items = items_for(
        &pairs,
        Shuffle {
            enabled: false,
            seed: 1,
        },
    );
    Session::new("Quiz".into(), mode, items, history, 0)
}

fn type_text(s: &mut Session, text: &str) {
    for c in text.chars() {
        s.update(key(KeyCode::Char(c)), 0);
    }
}

/// Answers the current question correctly with the keys a student would press.
fn answer_right(s: &mut Session) -> Vec<Effect> {
    let item = s.current().expect("a question").clone();
    match &item.question.kind {
        QuestionKind::Single { answer, .. } => {
            let at = item
                .options
                .iter()
                .position(|o| o == answer)
                .expect("shown");
            s.update(key(KeyCode::Char(char::from(b'1' + at as u8))), 0);
        }
        QuestionKind::Multiple { answers, .. } => {
            for (i, option) in item.options.iter().enumerate() {
                if answers.contains(option) {
                    s.update(key(KeyCode::Char(char::from(b'1' + i as u8))), 0);
                }
            }
        }
        QuestionKind::TrueFalse { answer } => {
            s.update(key(KeyCode::Char(if *answer { 't' } else { 'f' })), 0);
        }
        QuestionKind::Short { answer, .. } => type_text(s, answer),
        QuestionKind::Gaps { gaps } => type_text(s, &gaps[0][0]),
        QuestionKind::Numeric { .. } => type_text(s, "5.5 %"),
        QuestionKind::Open { .. } => type_text(s, "in my own words"),
        QuestionKind::Order { items } => {
            // Shown order is a rotation of two: move the first item down.
            if item.options != *items {
                s.update(key(KeyCode::Char('J')), 0);
            }
        }
    }
    s.update(key(KeyCode::Enter), 1_000)
}

#[test]
fn every_type_can_be_answered_right_and_is_recorded_before_feedback() {
    let questions = all_types();
    let mut s = session(&questions, Mode::Full, History::default());
    assert_eq!(s.update(key(KeyCode::Enter), 0), vec![Effect::StartAttempt]);
    for n in 0..questions.len() {
        assert_eq!(s.phase, Phase::Asking);
        let effects = answer_right(&mut s);
        let [Effect::RecordAnswer(outcome)] = effects.as_slice() else {
            panic!("question {n}: {effects:?}");
        };
        assert!(outcome.correct, "{outcome:?}");
        assert_eq!(s.phase, Phase::Feedback);
        let effects = s.update(key(KeyCode::Enter), 2_000);
        if n + 1 < questions.len() {
            assert!(effects.is_empty());
        } else {
            assert_eq!(
                effects,
                vec![Effect::FinishAttempt(Score { score: 7, max: 7 })]
            );
        }
    }
    assert_eq!(s.phase, Phase::Done);
    assert!(s.missed().is_empty());
}

#[test]
fn wrong_answers_are_missed_and_can_be_retried() {
    let questions = all_types();
    let mut s = session(&questions[..1], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    let wrong = s
        .current()
        .expect("q")
        .options
        .iter()
        .position(|o| o == "wrong")
        .expect("shown");
    s.update(key(KeyCode::Char(char::from(b'1' + wrong as u8))), 0);
    let effects = s.update(key(KeyCode::Enter), 0);
    assert!(matches!(&effects[..], [Effect::RecordAnswer(o)] if !o.correct));
    s.update(key(KeyCode::Enter), 0);
    assert_eq!(s.missed(), vec!["single".to_string()]);
    assert_eq!(
        s.update(key(KeyCode::Char('w')), 0),
        vec![Effect::Restart(Mode::Retry)]
    );
}

#[test]
fn hint_is_recorded_with_the_answer() {
    let questions = all_types();
    let mut s = session(&questions[2..3], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    s.update(key(KeyCode::Char('h')), 0);
    assert!(s.hint_shown());
    let effects = answer_right(&mut s);
    assert!(matches!(&effects[..], [Effect::RecordAnswer(o)] if o.hint_used));
}

#[test]
fn typed_h_and_q_are_text_not_commands() {
    let questions = all_types();
    let mut s = session(&questions[3..4], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    type_text(&mut s, "hq");
    assert!(!s.hint_shown());
    assert_eq!(s.phase, Phase::Asking);
    s.update(KeyEvent::new(KeyCode::Char('h'), KeyModifiers::ALT), 0);
    assert!(s.hint_shown());
}

#[test]
fn quitting_with_half_typed_text_asks_first() {
    let questions = all_types();
    let mut s = session(&questions[3..4], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    type_text(&mut s, "dri");
    assert!(s.update(key(KeyCode::Esc), 0).is_empty());
    assert!(s.confirm_quit);
    assert!(s.update(key(KeyCode::Char('n')), 0).is_empty());
    assert!(!s.confirm_quit);
    s.update(key(KeyCode::Esc), 0);
    assert_eq!(s.update(key(KeyCode::Char('y')), 0), vec![Effect::Quit]);
}

#[test]
fn quitting_without_typed_text_is_immediate_and_ctrl_c_always_is() {
    let questions = all_types();
    let mut s = session(&questions, Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    assert_eq!(s.update(key(KeyCode::Char('q')), 0), vec![Effect::Quit]);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(s.update(ctrl_c, 0), vec![Effect::Quit]);
}

#[test]
fn resume_keeps_earlier_answers_and_asks_the_rest() {
    let questions = all_types();
    let earlier = Outcome {
        question_id: "single".into(),
        chapter: "intro".into(),
        section: "sec-single".into(),
        objective: "obj".into(),
        response: Response::Single("right".into()),
        correct: true,
        hint_used: false,
        elapsed_ms: 5,
    };
    let history = History {
        resumable: Some(Resumable {
            id: 42,
            answered: vec![earlier],
            changes: None,
        }),
        ..History::default()
    };
    let mut s = session(&questions, Mode::Full, history);
    assert_eq!(
        s.update(key(KeyCode::Char('r')), 0),
        vec![Effect::ResumeAttempt(42)]
    );
    assert_eq!(s.attempt, Some(42));
    assert_eq!(s.progress(), (1, 7));
    assert!(s.items.iter().all(|i| i.question.id != "single"));
    assert_eq!(s.score(), Score { score: 1, max: 7 });
}

#[test]
fn review_lets_a_missed_typed_answer_be_self_graded_once() {
    let questions = all_types();
    let mut s = session(&questions[3..4], Mode::Review, History::default());
    s.update(key(KeyCode::Enter), 0);
    type_text(&mut s, "concept drift");
    s.update(key(KeyCode::Enter), 0);
    assert!(s.can_self_grade());
    let effects = s.update(key(KeyCode::Char('3')), 0);
    assert_eq!(
        effects,
        vec![Effect::SelfGraded {
            question_id: "short".into(),
            grade: Grade::Good
        }]
    );
    assert!(!s.can_self_grade());
}

#[test]
fn feedback_and_end_screens_scroll_and_start_at_the_top() {
    let questions = all_types();
    let mut s = session(&questions[..2], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    answer_right(&mut s);
    assert_eq!(s.phase, Phase::Feedback);
    for (code, expected) in [
        (KeyCode::Char('j'), 1),
        (KeyCode::Down, 2),
        (KeyCode::PageDown, 12),
        (KeyCode::Char('k'), 11),
        (KeyCode::PageUp, 1),
        (KeyCode::Up, 0),
        (KeyCode::Up, 0),
    ] {
        assert!(s.update(key(code), 0).is_empty());
        assert_eq!(s.scroll, expected, "{code:?}");
    }
    s.update(key(KeyCode::PageDown), 0);
    s.clamp_scroll(3);
    assert_eq!(s.scroll, 3, "the view's limit holds");
    s.update(key(KeyCode::Enter), 0);
    assert_eq!((s.phase, s.scroll), (Phase::Asking, 0));
    answer_right(&mut s);
    s.update(key(KeyCode::Char('j')), 0);
    s.update(key(KeyCode::Enter), 0);
    assert_eq!(
        (s.phase, s.scroll),
        (Phase::Done, 0),
        "the end starts at the top"
    );
    s.update(key(KeyCode::Char('j')), 0);
    assert_eq!(s.scroll, 1);
    s.update(key(KeyCode::Home), 0);
    assert_eq!(s.scroll, 0);
}

#[test]
fn reading_the_section_opens_and_closes_an_overlay() {
    let questions = all_types();
    let mut s = session(&questions[2..3], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    answer_right(&mut s);
    s.update(key(KeyCode::Char('r')), 0);
    assert_eq!(s.reading, Some(0));
    s.update(key(KeyCode::Char('j')), 0);
    assert_eq!(s.reading, Some(1));
    s.update(key(KeyCode::Esc), 0);
    assert_eq!(s.reading, None);
    assert_eq!(s.phase, Phase::Feedback);
}

#[test]
fn pinned_choices_do_not_always_put_the_answer_first_and_order_is_never_solved() {
    let questions = all_types();
    let firsts: Vec<bool> = (0..30)
        .map(|n| {
            let mut q = questions[0].clone();
            q.id = format!("q{n}");
            let item = present(
                &q,
                &chapter(),
                Shuffle {
                    enabled: false,
                    seed: 0,
                },
                &mut Rng::new(0),
            );
            item.options[0] == "right"
        })
        .collect();
    assert!(firsts.contains(&true) && firsts.contains(&false));
    for seed in 0..20 {
        let item = present(
            &questions[5],
            &chapter(),
            Shuffle {
                enabled: true,
                seed,
            },
            &mut Rng::new(seed),
        );
        assert_ne!(item.options, vec!["x".to_string(), "y".to_string()]);
    }
}

#[test]
fn breakdown_counts_per_objective() {
    let questions = all_types();
    let mut s = session(&questions[..2], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    answer_right(&mut s);
    s.update(key(KeyCode::Enter), 0);
    s.update(key(KeyCode::Char(' ')), 0);
    s.update(key(KeyCode::Enter), 0);
    let course = crate::content::load_course(None).expect("built-in").course;
    let rows = s.breakdown(Facet::Objective, &course);
    let counts: Vec<(&str, u32, u32)> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.right, r.total))
        .collect();
    assert_eq!(counts, vec![("obj", 1, 2)]);
}

/// An outcome of chapter `slug` citing `section` and `objective`.
fn outcome_in(slug: &str, section: &str, objective: &str, correct: bool) -> Outcome {
    Outcome {
        question_id: format!("{slug}-{section}-{objective}"),
        chapter: slug.into(),
        section: section.into(),
        objective: objective.into(),
        response: Response::TrueFalse(true),
        correct,
        hint_used: false,
        elapsed_ms: 0,
    }
}

#[test]
fn breakdown_lists_sections_and_objectives_in_chapter_order_not_as_asked() {
    let course = crate::content::load_course(None).expect("built-in").course;
    let first = &course.chapters[0];
    let second = &course.chapters[1];
    let mut s = session(&[], Mode::Review, History::default());
    // Asked backwards: the second chapter first, then each chapter's last section and
    // objective before its first, and an id the chapter does not know.
    for chapter in [second, first] {
        let (last_section, first_section) = (
            chapter.sections.last().expect("sections"),
            &chapter.sections[0],
        );
        let (last_objective, first_objective) = (
            chapter.objectives.last().expect("objectives"),
            &chapter.objectives[0],
        );
        s.outcomes
            .push(outcome_in(&chapter.slug, "gone", "gone", false));
        s.outcomes.push(outcome_in(
            &chapter.slug,
            &last_section.id,
            &last_objective.id,
            true,
        ));
        s.outcomes.push(outcome_in(
            &chapter.slug,
            &first_section.id,
            &first_objective.id,
            false,
        ));
    }
    let order = |facet| -> Vec<(String, String)> {
        s.breakdown(facet, &course)
            .into_iter()
            .map(|r| (r.chapter, r.id))
            .collect()
    };
    // Ids a chapter does not know come last within that chapter.
    let expected = |ids: [&str; 4]| -> Vec<(String, String)> {
        let (one, two) = (first.slug.clone(), second.slug.clone());
        vec![
            (one.clone(), ids[0].to_string()),
            (one.clone(), ids[1].to_string()),
            (one, "gone".into()),
            (two.clone(), ids[2].to_string()),
            (two.clone(), ids[3].to_string()),
            (two, "gone".into()),
        ]
    };
    assert_eq!(
        order(Facet::Section),
        expected([
            &first.sections[0].id,
            &first.sections.last().expect("sections").id,
            &second.sections[0].id,
            &second.sections.last().expect("sections").id,
        ])
    );
    assert_eq!(
        order(Facet::Objective),
        expected([
            &first.objectives[0].id,
            &first.objectives.last().expect("objectives").id,
            &second.objectives[0].id,
            &second.objectives.last().expect("objectives").id,
        ])
    );
}

#[test]
fn capital_r_opens_the_section_in_the_reader() {
    let questions = all_types();
    let mut s = session(&questions[2..3], Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    answer_right(&mut s);
    assert_eq!(
        s.update(key(KeyCode::Char('R')), 0),
        vec![Effect::OpenReader("sec-truefalse".into())]
    );
    assert_eq!(s.phase, Phase::Feedback);
}

#[test]
fn an_unreadable_number_is_said_and_does_not_count() {
    let questions: Vec<Question> = all_types()
        .into_iter()
        .filter(|q| q.id == "numeric")
        .collect();
    let mut s = session(&questions, Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    type_text(&mut s, "five");
    let effects = s.update(key(KeyCode::Enter), 1_000);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(s.unreadable_number());
    assert_eq!(s.phase, Phase::Asking);
    assert!(s.outcomes.is_empty());
    for _ in 0.."five".len() {
        s.update(key(KeyCode::Backspace), 0);
    }
    type_text(&mut s, "about 5%");
    let effects = s.update(key(KeyCode::Enter), 2_000);
    assert!(
        matches!(effects.as_slice(), [Effect::RecordAnswer(o)] if o.correct),
        "{effects:?}"
    );
}

fn open_question() -> Question {
    question(
        "open",
        QuestionKind::Open {
            answer: "Because the data moves.".into(),
        },
    )
}

#[test]
fn an_open_answer_waits_for_the_students_grade_then_is_recorded_with_it() {
    let questions = [open_question(), all_types().remove(2)];
    let mut s = session(&questions, Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    type_text(&mut s, "data drifts");
    assert!(
        s.update(key(KeyCode::Enter), 1_000).is_empty(),
        "not recorded before the grade"
    );
    assert_eq!(s.phase, Phase::Feedback);
    assert!(s.awaits_own_grade());
    // Moving on needs a grade first; quitting and reading still work.
    assert!(s.update(key(KeyCode::Enter), 1_100).is_empty());
    assert_eq!(s.phase, Phase::Feedback);
    s.update(key(KeyCode::Char('r')), 1_100);
    assert_eq!(s.reading, Some(0));
    s.update(key(KeyCode::Esc), 1_100);
    assert_eq!(s.reading, None);
    let effects = s.update(key(KeyCode::Char('2')), 1_200);
    let [Effect::RecordAnswer(outcome)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(outcome.correct, "hard counts as right");
    assert_eq!(outcome.response.self_grade(), Some(Grade::Hard));
    assert_eq!(outcome.response.describe(), "data drifts");
    assert!(!s.awaits_own_grade());
    assert!(
        s.update(key(KeyCode::Char('3')), 1_300).is_empty(),
        "graded once"
    );
    s.update(key(KeyCode::Enter), 1_400);
    assert_eq!(s.phase, Phase::Asking);
    assert_eq!(s.self_graded(), 1);
    assert_eq!(s.score(), Score { score: 1, max: 2 });
}

#[test]
fn an_open_answer_graded_again_is_missed_and_an_empty_one_can_be_submitted() {
    let questions = [open_question()];
    let mut s = session(&questions, Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    assert!(s.update(key(KeyCode::Enter), 500).is_empty());
    assert!(s.awaits_own_grade());
    let effects = s.update(key(KeyCode::Char('1')), 600);
    let [Effect::RecordAnswer(outcome)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(!outcome.correct);
    assert_eq!(outcome.response.self_grade(), Some(Grade::Again));
    assert_eq!(
        s.update(key(KeyCode::Enter), 700),
        vec![Effect::FinishAttempt(Score { score: 0, max: 1 })]
    );
    assert_eq!(s.missed(), ["open"]);
}

#[test]
fn quitting_before_grading_an_open_answer_records_nothing() {
    let questions = [open_question()];
    let mut s = session(&questions, Mode::Full, History::default());
    s.update(key(KeyCode::Enter), 0);
    type_text(&mut s, "words");
    s.update(key(KeyCode::Enter), 500);
    assert_eq!(s.update(key(KeyCode::Char('q')), 600), vec![Effect::Quit]);
}

fn score(score: u32, max: u32) -> Score {
    Score { score, max }
}

#[test]
fn best_score_is_the_highest_fraction_then_the_highest_score() {
    assert_eq!(best_score([]), None);
    assert_eq!(best_score([score(0, 0)]), None, "an empty quiz is no score");
    assert_eq!(
        best_score([score(3, 4), score(6, 7), score(5, 7)]),
        Some(score(6, 7))
    );
    assert_eq!(
        best_score([score(3, 4), score(6, 8)]),
        Some(score(6, 8)),
        "a tie on the fraction goes to the higher score"
    );
}

/// Issue 11: after a retry the end screen said "Best so far 3/6 (50%)" while `progress`
/// said 75%: a retry's score never replaces the best full score.
#[test]
fn best_so_far_counts_only_full_attempts() {
    let earlier = Some(score(6, 8));
    assert_eq!(
        best_so_far(earlier, score(3, 6), Mode::Retry),
        Some(score(6, 8))
    );
    assert_eq!(
        best_so_far(earlier, score(6, 6), Mode::Retry),
        Some(score(6, 8)),
        "even a perfect retry is not a best score"
    );
    assert_eq!(best_so_far(None, score(2, 2), Mode::Review), None);
    assert_eq!(
        best_so_far(earlier, score(7, 8), Mode::Full),
        Some(score(7, 8))
    );
    assert_eq!(
        best_so_far(earlier, score(2, 8), Mode::Full),
        Some(score(6, 8))
    );
}

#[test]
fn missed_questions_come_due_when_the_scheduler_says_and_a_regrade_replaces_it() {
    let at = |minute: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 6)
            .and_then(|d| d.and_hms_opt(14, minute, 0))
            .expect("a time")
    };
    let mut s = session(&[], Mode::Review, History::default());
    s.outcomes.push(outcome_in("intro", "s", "o", false));
    s.outcomes.push(outcome_in("other", "s", "o", true));
    s.outcomes.push(outcome_in("intro", "t", "o", false));
    assert_eq!(s.missed_come_due(), None, "nothing reported yet");
    s.scheduled("intro", "intro-s-o", at(10));
    assert_eq!(
        s.missed_come_due(),
        None,
        "one missed question not reported"
    );
    s.scheduled("intro", "intro-t-o", at(40));
    s.scheduled("other", "other-s-o", at(1));
    assert_eq!(
        s.missed_come_due(),
        Some((at(10), at(40))),
        "right answers do not count"
    );
    s.scheduled("intro", "intro-t-o", at(12));
    assert_eq!(s.missed_come_due(), Some((at(10), at(12))));
}
