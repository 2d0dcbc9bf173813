//! `mlsys-learn class report`: for a teacher, the class's results read from the learning
//! record store `sync` sends to (same `[lrs]` settings and environment). It reads the
//! course's statements, sums them up with `sync::report`, and prints text or `--json`.
//! It never writes, to the LRS or the store. Names and ids come from the LRS, so they are
//! escaped before they reach the terminal.

use std::fmt::Write as _;
use std::io::IsTerminal;

use chrono::{NaiveDate, NaiveTime};

use super::sync::lrs_file;
use super::{emit, emit_json};
use crate::cli::{Cli, Failure};
use crate::content::controls::visible;
use crate::sync::client::Client;
use crate::sync::fetch::{PAGE_LIMIT, course_statements};
use crate::sync::report::{ChapterReport, ClassReport, Scope, StudentReport, class_report};
use crate::sync::settings::{self, process_env};

pub fn report(cli: &Cli, json: bool, since: Option<NaiveDate>) -> Result<(), Failure> {
    let file = lrs_file()?;
    let lrs = settings::lrs(&file, &process_env).map_err(Failure::usage)?;
    let course = super::course(cli)?;
    let naming = settings::naming(&file, &process_env);
    let since = since.map(|day| day.and_time(NaiveTime::MIN).and_utc());
    let client = Client::new(lrs);
    let show = std::io::stderr().is_terminal();
    let mut progress = |fetched: usize| {
        if show {
            eprint!("\rread {fetched} statement(s)");
        }
    };
    let fetched = course_statements(
        &client,
        &naming.activity_base,
        since,
        PAGE_LIMIT,
        &mut progress,
    );
    if show {
        eprint!("\r\x1b[K");
    }
    let statements = fetched.map_err(Failure::failed)?;
    let scope = Scope {
        course: &course,
        activity_base: &naming.activity_base,
        since,
    };
    let report = class_report(&statements, &scope);
    if json {
        emit_json(&report)
    } else {
        let text = report_text(&report, &client.lrs().endpoint);
        emit(|out| out.write_all(text.as_bytes()))
    }
}

/// The report as text: a summary line, the chapters' questions, then the students.
pub fn report_text(report: &ClassReport, endpoint: &str) -> String {
    let since = report
        .since
        .as_deref()
        .map_or_else(String::new, |day| format!(" since {day}"));
    if report.students.is_empty() {
        return format!(
            "no answers or finished quizzes of this course{since} at '{}'\n",
            visible(endpoint)
        );
    }
    let answers: u64 = report.students.iter().map(|s| s.answered).sum();
    let finished: u64 = report
        .students
        .iter()
        .flat_map(|s| &s.chapters)
        .map(|c| c.finished)
        .sum();
    let mut out = format!(
        "class report{since}: {} student(s), {answers} answer(s), {finished} finished quiz(zes)\n",
        report.students.len()
    );
    for chapter in &report.chapters {
        chapter_text(&mut out, chapter);
    }
    out.push_str("\nstudents\n");
    for student in &report.students {
        student_text(&mut out, student);
    }
    out
}

fn chapter_text(out: &mut String, chapter: &ChapterReport) {
    let _ = writeln!(out, "\n{}", chapter_name(chapter.number, &chapter.title));
    let _ = writeln!(
        out,
        "  accuracy  answers  students  question (weakest first)"
    );
    for q in &chapter.questions {
        let _ = writeln!(
            out,
            "  {:>8}  {:>7}  {:>8}  {}",
            percent(q.accuracy),
            q.answered,
            q.students,
            visible(&q.id)
        );
    }
}

fn student_text(out: &mut String, student: &StudentReport) {
    let _ = writeln!(
        out,
        "  {}: {} answer(s), {} correct",
        visible(&student.name),
        student.answered,
        student.correct
    );
    for c in &student.chapters {
        let best = c.best.map_or_else(|| "no full quiz".to_string(), percent);
        let _ = writeln!(
            out,
            "    {}: best {best}, {} finished, {} answer(s), {} correct",
            chapter_name(c.number, &c.title),
            c.finished,
            c.answered,
            c.correct
        );
    }
}

/// "1 Introduction", or the slug of a chapter the course no longer has.
fn chapter_name(number: Option<u32>, title: &str) -> String {
    match number {
        Some(n) => format!("{n} {}", visible(title)),
        None => format!("{} (not in this course)", visible(title)),
    }
}

fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}
