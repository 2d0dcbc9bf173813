//! The progress store's costs a student can feel: committing one answer (a durable
//! SQLite transaction, WAL with `synchronous=FULL`, in a temporary folder on the real
//! disk), and building the `progress` report and the `stats` summary (history read in one
//! snapshot, then summed into days, streaks and accuracies) over a store holding 10,000
//! attempts, and the statistics screen's first frame (history read, each period summed,
//! fitted and drawn at 80x24). The stats figures are compared with the reader's
//! first-frame target in docs/performance.md.

// A bench that cannot set itself up should stop at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mlsys_learn::app::stats::LocalZone;
use mlsys_learn::commands::progress::report;
use mlsys_learn::commands::study::Study;
use mlsys_learn::content::load::{embedded_files, load};
use mlsys_learn::store::{Answer, AttemptMode, Store, database_path};

#[path = "support/history.rs"]
mod history;

const USER: &str = "bench";
/// An hour after the history's last attempt: every answer falls inside every period, the
/// worst case for summing them.
const NOW: i64 = 1_704_670_800_000;

fn bench_record_answer(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&database_path(dir.path()))
        .expect("the store opens")
        .store;
    let attempt = store
        .start_attempt(USER, "introduction", "bench", AttemptMode::Full, 1)
        .expect("an attempt starts");
    let mut group = c.benchmark_group("store");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    let mut n = 0u64;
    group.bench_function("record_answer", |b| {
        b.iter(|| {
            n += 1;
            let answer = Answer {
                question: format!("q-{n}"),
                response: "\"an answer\"".to_string(),
                correct: !n.is_multiple_of(3),
                hint_used: false,
                elapsed_ms: 1_000,
                answered_at: n as i64,
            };
            store.record_answer(attempt.id, &answer).expect("recorded");
        })
    });
    group.finish();
}

fn bench_progress(c: &mut Criterion) {
    let course = load(&embedded_files()).course;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&database_path(dir.path()))
        .expect("the store opens")
        .store;
    history::fill(&mut store, USER, &course.chapters[0], 10_000);
    let study = Study {
        user: USER.to_string(),
        store,
    };
    let check = report(&course, &study).expect("the report builds");
    assert_eq!(check.chapters[0].attempts, 10_000);
    let mut group = c.benchmark_group("progress");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("report_10000_attempts", |b| {
        b.iter(|| black_box(report(&course, &study).expect("the report builds")))
    });
    group.bench_function("stats_10000_attempts", |b| {
        b.iter(|| {
            let history = study
                .store
                .study_history(USER, &[])
                .expect("the history reads");
            black_box(mlsys_learn::app::stats::compute(
                USER, &course, &history, NOW, &LocalZone,
            ))
        })
    });
    let theme = mlsys_learn::ui::theme::Theme::new(mlsys_learn::ui::theme::ThemeName::Dark);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
        .expect("a test terminal");
    group.bench_function("stats_screen_first_frame_10000_attempts", |b| {
        b.iter(|| {
            use mlsys_learn::tui::Screen;
            let starts = mlsys_learn::app::dashboard::period_starts(NOW, &LocalZone);
            let history = study
                .store
                .study_history(USER, &starts)
                .expect("the history reads");
            let board = mlsys_learn::app::dashboard::Dashboard::new(
                USER, &course, &history, NOW, &LocalZone,
            );
            let mut screen =
                mlsys_learn::screens::stats::StatsScreen::new(board, &theme, false, false);
            screen.fit(ratatui::layout::Rect::new(0, 0, 80, 24));
            terminal
                .draw(|frame| screen.draw(frame))
                .expect("the screen draws");
        })
    });
    group.finish();
}

criterion_group!(benches, bench_record_answer, bench_progress);
criterion_main!(benches);
