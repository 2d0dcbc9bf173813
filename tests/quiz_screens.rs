//! What a student sees in the quiz, as text snapshots of the real `QuizView` drawn on a
//! ratatui `TestBackend`: the start screen with earlier scores and a resumable attempt,
//! one question screen per question type, the hint, the feedback for a right and a wrong
//! answer, the "read the section" overlay, the quit confirmation and the end screen with
//! its per-objective and per-section breakdown, all at 80x24; plus a question at 120x40
//! and the "terminal too small" notice at 30x8. The session is driven with keys, as a
//! student would, on the shipped course's chapter 1 quiz, unshuffled and with fixed
//! timestamps so every snapshot is stable.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlsys_learn::app::quiz::{
    Answered, ChapterRef, Effect, History, Item, Mode, Outcome, Phase, Resumable, Score, Session,
    Shuffle, items_for,
};
use mlsys_learn::content::answer::Response;
use mlsys_learn::content::quiz::{Question, QuestionKind};
use mlsys_learn::content::{Chapter, Course, load_course};
use mlsys_learn::render::RenderOptions;
use mlsys_learn::render::chapter::render_chapter;
use mlsys_learn::ui::quiz::QuizView;
use mlsys_learn::ui::theme::{Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// 2023-11-14T22:13:20Z: every timestamp is an offset from here.
const T0: i64 = 1_700_000_000_000;

/// The order the question types are asked in.
const KINDS: [&str; 7] = [
    "single",
    "multiple",
    "truefalse",
    "short",
    "gaps",
    "order",
    "numeric",
];

fn course() -> Course {
    let loaded = load_course(None).expect("the built-in course loads");
    assert!(
        loaded.diagnostics.is_empty(),
        "the built-in course has problems: {:?}",
        loaded.diagnostics
    );
    loaded.course
}

fn chapter_one(course: &Course) -> &Chapter {
    course.chapter("1").expect("chapter 1 exists")
}

/// The first question of each type in chapter 1's quiz, in `KINDS` order.
fn one_of_each_type(chapter: &Chapter) -> Vec<&Question> {
    let quiz = chapter.quiz.as_ref().expect("chapter 1 has a quiz");
    KINDS
        .iter()
        .map(|kind| {
            quiz.questions
                .iter()
                .find(|q| q.kind.type_name() == *kind)
                .unwrap_or_else(|| panic!("chapter 1 has no '{kind}' question"))
        })
        .collect()
}

fn items(chapter: &Chapter) -> Vec<Item> {
    let reference = ChapterRef::of(chapter);
    let chosen: Vec<_> = one_of_each_type(chapter)
        .into_iter()
        .map(|q| (q, reference.clone()))
        .collect();
    items_for(
        &chosen,
        Shuffle {
            enabled: false,
            seed: 1,
        },
    )
}

fn title(chapter: &Chapter) -> String {
    format!("Quiz · Chapter {} · {}", chapter.number, chapter.title)
}

/// A stored answer, as the runner rebuilds it for a resumable attempt.
fn saved_outcome(question: &Question, correct: bool) -> Outcome {
    let how = Answered {
        hint_used: false,
        elapsed_ms: 4_000,
    };
    Outcome::new(
        question,
        "introduction",
        Response::TrueFalse(false),
        correct,
        how,
    )
}

fn history(chapter: &Chapter) -> History {
    let quiz = chapter.quiz.as_ref().expect("chapter 1 has a quiz");
    History {
        best: Some(Score { score: 6, max: 7 }),
        last: Some(Score { score: 4, max: 7 }),
        resumable: Some(Resumable {
            id: 42,
            answered: vec![
                saved_outcome(&quiz.questions[0], true),
                saved_outcome(&quiz.questions[1], false),
            ],
            changes: None,
        }),
        missed_last: 3,
        attempts: 4,
        ..History::default()
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

/// Types `text` into the current answer, one key per character, at `now`.
fn type_text(session: &mut Session, text: &str, now: i64) {
    for c in text.chars() {
        assert_eq!(session.update(ch(c), now), vec![], "typing {c:?}");
    }
}

/// Draws the session as the quiz runner would, on a `width` x `height` test terminal.
/// The "read the section" overlay gets the chapter rendered at the runner's width.
fn draw(session: &Session, course: &Course, width: u16, height: u16) -> TestBackend {
    let theme = Theme::new(ThemeName::Mono);
    let rendered = session
        .current()
        .filter(|_| session.reading.is_some())
        .map(|item| {
            let chapter = course
                .chapter(&item.chapter.slug)
                .expect("the item's chapter");
            let options = RenderOptions {
                width: usize::from(width.saturating_sub(8)).max(1),
                ascii: false,
            };
            (
                render_chapter(course, chapter, &options),
                item.question.section.clone(),
            )
        });
    let section = rendered.as_ref().map(|(rendered, id)| rendered.section(id));
    let view = QuizView {
        session,
        course,
        theme: &theme,
        section,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| view.draw(frame)).expect("draws");
    terminal.backend().clone()
}

fn screen(session: &Session, course: &Course) -> TestBackend {
    draw(session, course, 80, 24)
}

/// The kind of the question being asked now.
fn current_kind(session: &Session) -> &'static str {
    session
        .current()
        .expect("a question is being asked")
        .question
        .kind
        .type_name()
}

/// The key that picks the right choice of a single-choice question.
fn right_choice(session: &Session) -> KeyEvent {
    let item = session.current().expect("a question");
    let QuestionKind::Single { answer, .. } = &item.question.kind else {
        panic!("not a single-choice question");
    };
    let index = item
        .options
        .iter()
        .position(|o| o == answer)
        .expect("the answer is among the options");
    ch(char::from_digit(index as u32 + 1, 10).expect("a digit"))
}

/// Walks through the whole quiz, snapshotting each screen on the way.
#[test]
fn every_quiz_screen_at_80x24() {
    let course = course();
    let chapter = chapter_one(&course);
    let mut s = Session::new(
        title(chapter),
        Mode::Full,
        items(chapter),
        history(chapter),
        T0,
    );
    assert_eq!(s.items.len(), 7);
    insta::assert_snapshot!("start_screen", screen(&s, &course));

    // 1. Single choice: the question, then its hint, then the right answer.
    let mut now = T0 + 5_000;
    assert_eq!(
        s.update(key(KeyCode::Enter), now),
        vec![Effect::StartAttempt]
    );
    assert_eq!(current_kind(&s), "single");
    insta::assert_snapshot!("question_single", screen(&s, &course));
    s.update(ch('h'), now + 1_000);
    assert!(s.hint_shown());
    insta::assert_snapshot!("question_single_hint", screen(&s, &course));
    let pick = right_choice(&s);
    s.update(pick, now + 2_000);
    now += 20_000;
    let effects = s.update(key(KeyCode::Enter), now);
    assert_eq!(effects.len(), 1, "{effects:?}");
    assert_eq!(s.phase, Phase::Feedback);
    assert!(s.last_outcome().expect("answered").correct);
    insta::assert_snapshot!("feedback_right", screen(&s, &course));

    // The section to read again, over the feedback; any other key closes it.
    s.update(ch('r'), now + 1_000);
    assert_eq!(s.reading, Some(0));
    insta::assert_snapshot!("read_the_section", screen(&s, &course));
    s.update(key(KeyCode::Esc), now + 2_000);
    assert_eq!(s.reading, None);
    assert_eq!(s.phase, Phase::Feedback);

    // 2. Multiple choice with one box ticked, answered wrong.
    now += 10_000;
    s.update(key(KeyCode::Enter), now);
    assert_eq!(current_kind(&s), "multiple");
    s.update(ch('1'), now + 3_000);
    insta::assert_snapshot!("question_multiple_one_ticked", screen(&s, &course));
    now += 30_000;
    s.update(key(KeyCode::Enter), now);
    assert!(!s.last_outcome().expect("answered").correct);
    insta::assert_snapshot!("feedback_wrong", screen(&s, &course));

    // 3. True or false.
    now += 10_000;
    s.update(key(KeyCode::Enter), now);
    assert_eq!(current_kind(&s), "truefalse");
    insta::assert_snapshot!("question_truefalse", screen(&s, &course));
    s.update(ch('f'), now + 1_000);
    now += 15_000;
    s.update(key(KeyCode::Enter), now);
    assert!(s.last_outcome().expect("answered").correct);

    // 4. A short typed answer; Esc with text typed asks before leaving.
    now += 10_000;
    s.update(key(KeyCode::Enter), now);
    assert_eq!(current_kind(&s), "short");
    type_text(&mut s, "hidden technical debt", now + 5_000);
    insta::assert_snapshot!("question_short_typed", screen(&s, &course));
    assert_eq!(s.update(key(KeyCode::Esc), now + 6_000), vec![]);
    assert!(s.confirm_quit);
    insta::assert_snapshot!("quit_confirmation", screen(&s, &course));
    assert_eq!(s.update(ch('n'), now + 7_000), vec![]);
    assert!(!s.confirm_quit);
    now += 40_000;
    s.update(key(KeyCode::Enter), now);
    assert!(s.last_outcome().expect("answered").correct);

    // 5. Fill in the gaps, with the first gap typed.
    now += 10_000;
    s.update(key(KeyCode::Enter), now);
    assert_eq!(current_kind(&s), "gaps");
    type_text(&mut s, "prediction", now + 4_000);
    insta::assert_snapshot!("question_gaps", screen(&s, &course));
    now += 20_000;
    s.update(key(KeyCode::Enter), now);
    assert_eq!(s.phase, Phase::Feedback);
    assert!(s.last_outcome().expect("answered").correct);

    // 6. Put in order, submitted as shown (wrong).
    now += 10_000;
    s.update(key(KeyCode::Enter), now);
    assert_eq!(current_kind(&s), "order");
    insta::assert_snapshot!("question_order", screen(&s, &course));
    now += 25_000;
    s.update(key(KeyCode::Enter), now);
    assert!(!s.last_outcome().expect("answered").correct);

    // 7. A number.
    now += 10_000;
    s.update(key(KeyCode::Enter), now);
    assert_eq!(current_kind(&s), "numeric");
    type_text(&mut s, "5", now + 2_000);
    insta::assert_snapshot!("question_numeric", screen(&s, &course));
    now += 12_000;
    s.update(key(KeyCode::Enter), now);
    assert!(s.last_outcome().expect("answered").correct);

    // The end: 12m 34s after the session was created.
    let effects = s.update(key(KeyCode::Enter), T0 + 754_000);
    assert_eq!(
        effects,
        vec![Effect::FinishAttempt(Score { score: 5, max: 7 })]
    );
    assert_eq!(s.phase, Phase::Done);
    // Before the runner reports due times (answers resumed from an earlier run), the
    // screen states the scheduler's rule instead.
    let before = format!("{:?}", screen(&s, &course));
    assert!(before.contains("10 minutes after each was"), "{before}");
    // As the runner reports the scheduler's due times: the missed questions come back ten
    // minutes after each was answered, in local time.
    let missed: Vec<Outcome> = s.outcomes.iter().filter(|o| !o.correct).cloned().collect();
    for (i, outcome) in missed.iter().enumerate() {
        let due = chrono::NaiveDate::from_ymd_opt(2023, 11, 14)
            .and_then(|d| d.and_hms_opt(22, 20 + 3 * u32::try_from(i).unwrap(), 0))
            .unwrap();
        s.scheduled(&outcome.chapter, &outcome.question_id, due);
    }
    insta::assert_snapshot!("end_screen", screen(&s, &course));

    // The breakdown runs past 80x24: j scrolls it, no further than its last line.
    let theme = Theme::new(ThemeName::Mono);
    let view = QuizView {
        session: &s,
        course: &course,
        theme: &theme,
        section: None,
    };
    let max = view.max_scroll(Rect::new(0, 0, 80, 24));
    assert!(max > 0, "the end screen fits: nothing to scroll");
    for _ in 0..max + 5 {
        s.update(key(KeyCode::Char('j')), T0 + 760_000);
    }
    s.clamp_scroll(max);
    assert_eq!(s.scroll(), max);
    insta::assert_snapshot!("end_screen_scrolled", screen(&s, &course));
}

/// Chapter 1's full quiz, started: the first question is asked.
fn started(chapter: &Chapter) -> Session {
    let mut s = Session::new(
        title(chapter),
        Mode::Full,
        items(chapter),
        History::default(),
        T0,
    );
    s.update(key(KeyCode::Enter), T0 + 1_000);
    s
}

#[test]
fn question_at_120x40() {
    let course = course();
    let mut s = started(chapter_one(&course));
    s.update(ch('2'), T0 + 2_000);
    insta::assert_snapshot!("question_single_120x40", draw(&s, &course, 120, 40));
}

/// Issue 11: the footer is the quiz's only list of keys, so on a narrow screen it wraps
/// whole hints onto a second line instead of cutting the last ones off.
#[test]
fn every_key_of_an_order_question_is_listed_at_the_smallest_width() {
    let course = course();
    let mut s = started(chapter_one(&course));
    let mut now = T0 + 2_000;
    while current_kind(&s) != "order" {
        let answer = if current_kind(&s) == "single" {
            right_choice(&s)
        } else {
            ch('1')
        };
        s.update(answer, now);
        s.update(key(KeyCode::Enter), now + 1);
        s.update(key(KeyCode::Enter), now + 2);
        now += 1_000;
        if s.phase != Phase::Asking {
            s.update(key(KeyCode::Enter), now);
        }
    }
    let backend = draw(&s, &course, 40, 16);
    let text: String = backend
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    for hint in [
        "↑↓ select",
        "Shift+↑↓/K/J move item",
        "Enter submit",
        "h hint",
        "q quit",
    ] {
        assert!(
            text.contains(hint),
            "'{hint}' is missing at 40x16:\n{backend}"
        );
    }
}

#[test]
fn terminal_too_small_at_30x8() {
    let course = course();
    let chapter = chapter_one(&course);
    let s = Session::new(
        title(chapter),
        Mode::Full,
        items(chapter),
        History::default(),
        T0,
    );
    insta::assert_snapshot!("terminal_too_small_30x8", draw(&s, &course, 30, 8));
}

/// A gaps question with one gap right and one wrong: the feedback marks each gap.
#[test]
fn feedback_marks_which_gap_was_right() {
    let course = course();
    let chapter = chapter_one(&course);
    let question = chapter
        .quiz
        .as_ref()
        .and_then(|q| {
            q.questions
                .iter()
                .find(|q| matches!(&q.kind, QuestionKind::Gaps { gaps } if gaps.len() == 2))
        })
        .expect("chapter 1 has a two-gap question")
        .clone();
    let QuestionKind::Gaps { gaps } = &question.kind else {
        unreachable!("matched above");
    };
    let first = gaps[0][0].clone();
    let items = items_for(
        &[(&question, ChapterRef::of(chapter))],
        Shuffle {
            enabled: false,
            seed: 1,
        },
    );
    let mut s = Session::new("Quiz".into(), Mode::Full, items, History::default(), T0);
    s.update(key(KeyCode::Enter), T0);
    type_text(&mut s, &first.to_uppercase(), T0 + 1_000);
    s.update(key(KeyCode::Tab), T0 + 1_500);
    type_text(&mut s, "distillation", T0 + 2_000);
    s.update(key(KeyCode::Enter), T0 + 3_000);
    assert!(!s.last_outcome().expect("answered").correct);
    let backend = screen(&s, &course);
    let text = format!("{backend:?}");
    assert!(
        text.contains(&format!("Gap 1:       {} ✔", first.to_uppercase())),
        "{text}"
    );
    assert!(
        text.contains("Gap 2:       distillation ✘ (expected"),
        "{text}"
    );
    insta::assert_snapshot!("feedback_gaps_marked", backend);
}

/// An `open` question (the built-in course has none yet), citing a real section and
/// objective of chapter 1 so the feedback names them as for any other question.
fn open_question(chapter: &Chapter) -> Question {
    let quiz = chapter.quiz.as_ref().expect("chapter 1 has a quiz");
    let cited = &quiz.questions[0];
    Question {
        id: "intro-explain-hidden-debt".into(),
        prompt: "Why is the model only a small part of a production ML system?".into(),
        kind: QuestionKind::Open {
            answer: "Around the model sit data collection, checks, serving, monitoring and the glue between them, and each of these is code to build and keep working.".into(),
        },
        ..cited.clone()
    }
}

/// The open question asked, waiting for the student's grade, graded, and the end screen
/// that says the score holds a self-graded answer.
#[test]
fn open_question_screens_at_80x24() {
    let course = course();
    let chapter = chapter_one(&course);
    let question = open_question(chapter);
    let items = items_for(
        &[(&question, ChapterRef::of(chapter))],
        Shuffle {
            enabled: false,
            seed: 1,
        },
    );
    let mut s = Session::new(title(chapter), Mode::Full, items, History::default(), T0);
    s.update(key(KeyCode::Enter), T0 + 1_000);
    type_text(&mut s, "the pipeline around it", T0 + 2_000);
    insta::assert_snapshot!("question_open_typed", screen(&s, &course));
    assert_eq!(s.update(key(KeyCode::Enter), T0 + 30_000), vec![]);
    assert!(s.awaits_own_grade());
    insta::assert_snapshot!("feedback_open_awaiting_grade", screen(&s, &course));
    let effects = s.update(ch('3'), T0 + 35_000);
    assert!(matches!(effects.as_slice(), [Effect::RecordAnswer(o)] if o.correct));
    insta::assert_snapshot!("feedback_open_graded", screen(&s, &course));
    s.update(key(KeyCode::Enter), T0 + 40_000);
    assert_eq!(s.phase, Phase::Done);
    insta::assert_snapshot!("end_screen_self_graded", screen(&s, &course));
}
