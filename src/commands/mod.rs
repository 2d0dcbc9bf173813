//! What each subcommand does, once the command line is parsed: load the course, pick the
//! chapter, render, print; interactive ones build a screen's starting state, `tui::run`
//! it and carry out its effects (one file each). Output goes through `emit` (and every
//! `--json` through `emit_json`), so a closed pipe is not an error.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub mod class;
pub mod convert;
pub mod home;
pub mod progress;
pub mod quiz;
pub mod reader;
pub mod stats;
pub mod study;
pub mod sync;

use crate::app::keys::KeyMap;
use crate::cli::{ClassAction, Cli, Command, Failure, Output, ThemeChoice, UsersAction};
use crate::content::cache::{self, ChapterSummary};
use crate::content::{
    Chapter, Course, CourseOnDemand, Diagnostic, Loaded, Scope, load_course, load_scoped,
};
use crate::render::ansi::write_lines;
use crate::render::chapter::{definition_lines, render_chapter};
use crate::render::wrap::wrap;
use crate::render::{Line, RenderOptions, Role, Span, Style};
use crate::ui::theme::{Theme, ThemeName};

/// Runs the parsed command line.
pub fn dispatch(cli: &Cli) -> Result<(), Failure> {
    let output = Output::detect(cli.color);
    let content = cli.content.as_deref();
    match &cli.command {
        None if output.tty && crate::tui::is_interactive() => {
            home::run(cli, &course(cli)?, &settings(cli)?)
        }
        None => read(cli, output, None, false, None, false),
        Some(Command::List { json: false }) => list(&summaries(cli)?),
        Some(Command::List { json: true }) => list_json(&summaries(cli)?),
        Some(Command::Read {
            chapter,
            plain,
            width,
            ascii,
        }) => read(cli, output, chapter.as_deref(), *plain, *width, *ascii),
        Some(Command::Quiz {
            chapter,
            no_shuffle,
            seed,
            retry_wrong,
        }) => {
            let course = course_for_chapter(content, Scope::Study(chapter))?;
            let chapter = find_chapter(&course, chapter)?;
            let options = quiz::QuizOptions {
                no_shuffle: *no_shuffle,
                seed: *seed,
                retry_wrong: *retry_wrong,
            };
            let course = CourseOnDemand::part(&course, content, data_dir(cli).as_deref());
            quiz::quiz(cli, &course, chapter, options, &settings(cli)?)
        }
        Some(Command::Review { chapter }) => {
            let course = course(cli)?;
            let chapter = chapter
                .as_deref()
                .map(|key| find_chapter(&course, key))
                .transpose()?;
            quiz::review(cli, &course, chapter, &settings(cli)?)
        }
        Some(Command::Progress { json }) => progress::progress(cli, &course(cli)?, *json),
        Some(Command::Stats {
            json: false,
            plain: false,
            ascii,
        }) if output.tty && crate::tui::is_interactive() => {
            stats::show(cli, &course(cli)?, &settings(cli)?, *ascii)
        }
        Some(Command::Stats { json, ascii, .. }) => stats::stats(cli, &course(cli)?, *json, *ascii),
        Some(Command::Export { format, output }) => {
            progress::export(cli, *format, output.as_deref())
        }
        Some(Command::Import { file }) => progress::import(cli, file),
        Some(Command::Users { action: None }) => progress::users(cli),
        Some(Command::Users {
            action: Some(UsersAction::Remove { name, yes }),
        }) => progress::remove_user(cli, name, *yes),
        Some(Command::Glossary { term }) => glossary(&course(cli)?, term.as_deref(), output),
        Some(Command::Check { dir, strict }) => check(dir.as_deref().or(content), *strict),
        Some(Command::Man) => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(crate::cli::command())
                .render(&mut buffer)
                .map_err(|e| Failure::failed(format!("could not write the manual page: {e}")))?;
            emit(|out| out.write_all(&buffer))
        }
        Some(Command::Convert(args)) => convert::convert(args, content),
        Some(Command::Sync {
            dry_run,
            status,
            retry_rejected,
            max_wait,
        }) => {
            let mode = match (dry_run, status) {
                (true, _) => sync::Mode::DryRun,
                (_, true) => sync::Mode::Status,
                _ => sync::Mode::Send {
                    max_wait: std::time::Duration::from_secs(*max_wait),
                    retry_rejected: *retry_rejected,
                },
            };
            sync::sync(cli, mode)
        }
        Some(Command::Class {
            action: ClassAction::Report { json, since },
        }) => class::report(cli, *json, *since),
        Some(Command::Completions { shell }) => {
            let mut buffer = Vec::new();
            clap_complete::generate(
                *shell,
                &mut crate::cli::command(),
                "mlsys-learn",
                &mut buffer,
            );
            emit(|out| out.write_all(&buffer))
        }
    }
}

/// How the interactive screens look and which keys they take: the config file, then the
/// flags; monochrome whenever colour is off (NO_COLOR, TERM=dumb, --color never). The
/// `[lrs]` table rides along for the quiz's background send (`auto`).
#[derive(Debug, Clone)]
pub struct Settings {
    pub theme: Theme,
    pub keys: KeyMap,
    pub mouse: bool,
    pub lrs: crate::sync::settings::LrsFile,
}

fn settings(cli: &Cli) -> Result<Settings, Failure> {
    let config = match crate::config::config_path() {
        Some(path) => crate::config::load(&path)?,
        None => crate::config::Config::default(),
    };
    // The same rule as plain output: interactive screens run only on a terminal.
    let colour = Output::detect(cli.color).colour;
    let chosen = match cli.theme {
        Some(ThemeChoice::Dark) => ThemeName::Dark,
        Some(ThemeChoice::Light) => ThemeName::Light,
        Some(ThemeChoice::HighContrast) => ThemeName::HighContrast,
        None => config.theme,
    };
    Ok(Settings {
        theme: Theme::new(if colour { chosen } else { ThemeName::Mono }),
        keys: config.keys,
        mouse: cli.mouse || config.mouse,
        lrs: config.lrs,
    })
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn emit(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    match write(&mut lock).and_then(|()| lock.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::failed(format!("cannot write output: {error}")))
        }
        _ => Ok(()),
    }
}

/// Prints `value` as pretty JSON, the one way every `--json` is written.
fn emit_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::failed(format!("could not write JSON: {e}")))?;
    emit(|out| writeln!(out, "{text}"))
}

fn load(dir: Option<&Path>) -> Result<Loaded, Failure> {
    Ok(load_course(dir)?)
}

/// Loads the course for commands that need it whole: any problem stops them. A
/// `--content` course comes from the course cache in the data folder when no file changed
/// since it was stored (`content::cache::load_whole`).
fn course(cli: &Cli) -> Result<Course, Failure> {
    let content = cli.content.as_deref();
    clean(
        cache::load_whole(content, data_dir(cli).as_deref())?,
        content,
    )
}

/// The data folder, where the caches live (`None`: no folder could be found).
fn data_dir(cli: &Cli) -> Option<PathBuf> {
    cli.data_dir.clone().or_else(crate::store::default_data_dir)
}

/// The `--content` folder, the data folder and the folder's files as they are now, when
/// `list` can come from its cache.
fn cacheable(cli: &Cli) -> Option<(&Path, PathBuf, cache::Fingerprint)> {
    let folder = cli.content.as_deref()?;
    Some((folder, data_dir(cli)?, cache::fingerprint(folder)?))
}

/// Loads one chapter's `scope` (`Chapter` or `Study`) of the course; a key that names no
/// chapter file loads every chapter instead, so that the error lists what there is.
fn course_for_chapter(dir: Option<&Path>, scope: Scope<'_>) -> Result<Course, Failure> {
    let course = course_scoped(dir, scope)?;
    if !course.chapters.is_empty() {
        return Ok(course);
    }
    course_scoped(dir, Scope::Chapters)
}

/// Loads what `scope` asks for of the course: any problem in it stops the command.
fn course_scoped(dir: Option<&Path>, scope: Scope<'_>) -> Result<Course, Failure> {
    clean(load_scoped(dir, scope)?, dir)
}

/// The course loaded from `dir`, if it has no problem; else each problem printed as
/// `path:line:col: message` and the command stopped.
fn clean(loaded: Loaded, dir: Option<&Path>) -> Result<Course, Failure> {
    if loaded.diagnostics.is_empty() {
        return Ok(loaded.course);
    }
    for diagnostic in &loaded.diagnostics {
        eprintln!("{}", shown(diagnostic, dir));
    }
    let folder = dir.map_or_else(String::new, |d| {
        format!(
            " {}",
            crate::render::command::shell_word(&d.display().to_string())
        )
    });
    eprintln!(
        "error: the course has {} problem(s); see them with: mlsys-learn check{}",
        loaded.diagnostics.len(),
        crate::content::controls::visible(&folder)
    );
    Err(Failure::Reported)
}

/// A problem of the course in `dir` as the person who ran the command can open it: its
/// path from the current folder, so an editor jumps to it from where the command ran.
pub(crate) fn shown(diagnostic: &Diagnostic, dir: Option<&Path>) -> String {
    let Some(dir) = dir else {
        return diagnostic.to_string();
    };
    let located = Diagnostic {
        path: from_here(dir).join(&diagnostic.path).display().to_string(),
        ..diagnostic.clone()
    };
    located.to_string()
}

/// `dir` from the current folder: relative when it lies inside it, without a leading "./".
fn from_here(dir: &Path) -> PathBuf {
    let inside = std::env::current_dir()
        .ok()
        .and_then(|here| dir.strip_prefix(here).ok().map(Path::to_path_buf));
    inside.unwrap_or_else(|| {
        dir.strip_prefix(".")
            .map_or_else(|_| dir.to_path_buf(), Path::to_path_buf)
    })
}

/// Finds a chapter by number or slug, or says which exist.
pub fn find_chapter<'c>(course: &'c Course, key: &str) -> Result<&'c Chapter, Failure> {
    course.chapter(key).ok_or_else(|| {
        let which = match (course.chapters.first(), course.chapters.last()) {
            _ if course.chapters.len() <= 3 => format!("chapters: {}", course.chapter_list()),
            (Some(first), Some(last)) => format!(
                "chapters {} to {}; list them with: {}",
                first.number,
                last.number,
                crate::render::command::command(course, "list")
            ),
            _ => "the course has no chapters".to_string(),
        };
        Failure::usage(format!("no chapter '{key}' ({which})"))
    })
}

/// What `list` shows of every chapter: from the cache in the data folder when a
/// `--content` course is unchanged since it was stored, else from a full load (which
/// reports any problem as every command does) that then refreshes the cache.
fn summaries(cli: &Cli) -> Result<Vec<ChapterSummary>, Failure> {
    let cacheable = cacheable(cli);
    if let Some((folder, data, before)) = &cacheable
        && let Some(chapters) = cache::cached(data, folder, before)
    {
        return Ok(chapters);
    }
    let course = match &cacheable {
        Some((folder, data, before)) => clean(
            cache::load_whole_known(folder, Some((data, before)))?,
            Some(folder),
        )?,
        None => course(cli)?,
    };
    let chapters = ChapterSummary::all(&course);
    if let Some((folder, data, before)) = &cacheable {
        cache::store(data, folder, before, &chapters);
    }
    Ok(chapters)
}

fn list(chapters: &[ChapterSummary]) -> Result<(), Failure> {
    let rows: Vec<[String; 6]> = chapters
        .iter()
        .map(|c| {
            [
                c.number.to_string(),
                c.slug.clone(),
                c.title.clone(),
                c.part_title.clone().unwrap_or_else(|| c.part.clone()),
                c.sections.to_string(),
                c.questions.to_string(),
            ]
        })
        .collect();
    let header = ["#", "slug", "title", "part", "sections", "questions"].map(String::from);
    let table = align_columns(&header, &rows, &[true, false, false, false, true, true]);
    emit(|out| {
        for line in table {
            writeln!(out, "{line}")?;
        }
        Ok(())
    })
}

/// `list --json`: per chapter what a script or grader needs to know about it.
fn list_json(chapters: &[ChapterSummary]) -> Result<(), Failure> {
    let chapters: Vec<serde_json::Value> = chapters.iter().map(chapter_json).collect();
    emit_json(&serde_json::json!({ "chapters": chapters }))
}

fn chapter_json(chapter: &ChapterSummary) -> serde_json::Value {
    serde_json::json!({
        "number": chapter.number,
        "slug": chapter.slug,
        "title": chapter.title,
        "part": chapter.part,
        "part_title": chapter.part_title,
        "summary": chapter.summary,
        "objectives": chapter.objectives,
        "sections": chapter.sections,
        "questions": chapter.questions,
        "types": chapter.types,
        "figures": chapter.figures,
        "explorables": chapter.explorables,
        "tables": chapter.tables,
        "terms": chapter.terms,
    })
}

/// Left- or right-aligns columns of text by display width.
fn align_columns(header: &[String; 6], rows: &[[String; 6]], right: &[bool; 6]) -> Vec<String> {
    let width_of = crate::render::wrap::width_of;
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            std::iter::once(header)
                .chain(rows)
                .map(|r| width_of(&r[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    std::iter::once(header)
        .chain(rows)
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let fill = " ".repeat(widths[i] - width_of(cell));
                    if right[i] {
                        format!("{fill}{cell}")
                    } else {
                        format!("{cell}{fill}")
                    }
                })
                .collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect()
}

/// The width to render at: the flag, else the terminal's, else 80.
fn text_width(flag: Option<u16>, output: Output) -> usize {
    if let Some(width) = flag {
        return usize::from(width);
    }
    if output.tty
        && let Ok((columns, _)) = crossterm::terminal::size()
        && columns > 0
    {
        return usize::from(columns);
    }
    80
}

fn read(
    cli: &Cli,
    output: Output,
    chapter: Option<&str>,
    plain: bool,
    width: Option<u16>,
    ascii: bool,
) -> Result<(), Failure> {
    let interactive = output.tty && !plain && crate::tui::is_interactive();
    let content = cli.content.as_deref();
    // Only the chapter is loaded (and, for the reader, its quiz): the cost of the first
    // screen stays the same however large the course. Plain text needs no quiz, so a broken
    // quiz does not keep anyone from reading; the reader loads the rest when a key needs it.
    let course = match (interactive, chapter) {
        (true, Some(key)) => course_for_chapter(content, Scope::Study(key))?,
        (true, None) => course_scoped(content, Scope::Whole)?,
        (false, Some(key)) => course_for_chapter(content, Scope::Chapter(key))?,
        (false, None) => course_scoped(content, Scope::Chapters)?,
    };
    let chapter = match chapter {
        Some(key) => find_chapter(&course, key)?,
        None => course
            .chapters
            .first()
            .ok_or_else(|| Failure::failed("the course has no chapters"))?,
    };
    let opts = RenderOptions {
        width: text_width(width, output),
        ascii,
    };
    if interactive {
        let on_demand = CourseOnDemand::part(&course, content, data_dir(cli).as_deref());
        return reader::read(cli, &on_demand, chapter, settings(cli)?);
    }
    let rendered = render_chapter(&course, chapter, &opts);
    let written = emit(|out| write_lines(out, &rendered.lines, output.colour));
    // The process ends next: freeing thousands of small strings one by one would only
    // add to the time `read --plain` takes (docs/performance.md), and the OS reclaims it.
    std::mem::forget((rendered, course));
    written
}

fn glossary(course: &Course, term: Option<&str>, output: Output) -> Result<(), Failure> {
    let width = text_width(None, output);
    let opts = RenderOptions {
        width,
        ascii: false,
    };
    let entries = course.glossary();
    let chosen: Vec<_> = match term {
        None => entries.iter().collect(),
        Some(term) => {
            let wanted = term.trim().to_lowercase();
            let exact: Vec<_> = entries
                .iter()
                .filter(|e| e.term.to_lowercase() == wanted)
                .collect();
            if exact.is_empty() {
                return Err(Failure::failed(no_term_message(course, term, &entries)));
            }
            exact
        }
    };
    let mut lines = Vec::new();
    for (i, entry) in chosen.iter().enumerate() {
        if i > 0 {
            lines.push(Line::blank());
        }
        lines.extend(definition_lines(
            entry.term,
            entry.body,
            entry.chapter,
            &opts,
        ));
        let place = match entry.section {
            Some(s) => format!(
                "  Chapter {}, section {} {}",
                entry.chapter.number, s.number, s.title
            ),
            None => format!("  Chapter {} {}", entry.chapter.number, entry.chapter.title),
        };
        lines.extend(wrap(&[Span::new(place, Style::of(Role::Dim))], width));
    }
    emit(|out| write_lines(out, &lines, output.colour))
}

/// "no glossary term 'x'", with the nearest terms when some are close.
fn no_term_message(
    course: &Course,
    term: &str,
    entries: &[crate::content::GlossaryEntry<'_>],
) -> String {
    let wanted = term.trim().to_lowercase();
    let mut near: Vec<(usize, &str)> = entries
        .iter()
        .filter_map(|e| {
            let name = e.term.to_lowercase();
            let distance = edit_distance(&wanted, &name);
            let close = name.contains(&wanted)
                || wanted.contains(&name)
                || distance <= 2 + wanted.chars().count() / 4;
            close.then_some((distance, e.term))
        })
        .collect();
    near.sort();
    near.truncate(3);
    if near.is_empty() {
        let all = crate::render::command::command(course, "glossary");
        return format!("no glossary term '{term}'; list them all with: {all}");
    }
    let names: Vec<String> = near.iter().map(|(_, t)| format!("'{t}'")).collect();
    format!(
        "no glossary term '{term}' (did you mean {}?)",
        names.join(", ")
    )
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn check(dir: Option<&Path>, strict: bool) -> Result<(), Failure> {
    let loaded = load(dir)?;
    let course = &loaded.course;
    let sections: usize = course.chapters.iter().map(|c| c.sections.len()).sum();
    let questions: usize = course.chapters.iter().map(Chapter::question_count).sum();
    for diagnostic in &loaded.diagnostics {
        eprintln!("{}", shown(diagnostic, dir));
    }
    let warnings = crate::content::lint::warnings(course);
    for warning in &warnings {
        eprintln!("{}", shown(warning, dir));
    }
    let problems = loaded.diagnostics.len();
    let mut verdict = if problems == 0 {
        "no problems".to_string()
    } else {
        format!("{problems} problem(s)")
    };
    if !warnings.is_empty() {
        verdict.push_str(&format!(", {} warning(s)", warnings.len()));
    }
    let summary = format!(
        "checked {} chapter(s), {sections} section(s), {questions} question(s): {verdict}",
        course.chapters.len()
    );
    emit(|out| writeln!(out, "{summary}"))?;
    if problems == 0 && (warnings.is_empty() || !strict) {
        Ok(())
    } else {
        Err(Failure::Reported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("tinyml", "tinyml"), 0);
        assert_eq!(edit_distance("tinyl", "tinyml"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
