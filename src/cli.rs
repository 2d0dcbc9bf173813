//! The command line: clap definitions, and the one place that turns failures into a single
//! lowercase line on stderr and an exit code (2 for usage errors, 1 for failures).

use std::ffi::OsString;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::commands;

#[derive(Debug, Parser)]
#[command(
    name = "mlsys-learn",
    version,
    about = "Read the ML systems engineering course and take its quizzes, in your terminal",
    long_about = "Read the ML systems engineering course and take its quizzes, in your terminal.\n\n\
                  Chapters and quizzes are built in; --content DIR reads another course folder."
)]
pub struct Cli {
    /// Whose progress to use [default: your login name]
    #[arg(long, global = true, env = "MLSYS_LEARN_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// Where progress is stored [default: the platform's data folder]
    #[arg(long, global = true, env = "MLSYS_LEARN_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Read the course from DIR (holding chapters/ and quizzes/) instead of the built-in one
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Colour theme of the interactive screens [default: the config file's, else dark]
    #[arg(long, global = true, value_enum, value_name = "THEME")]
    pub theme: Option<ThemeChoice>,
    /// Scroll with the mouse wheel in the reader (text selection then needs Shift)
    #[arg(long, global = true)]
    pub mouse: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the chapters: number, slug, title, part, sections, questions
    List {
        /// Print {"chapters": [...]} as JSON for scripts and graders
        #[arg(long)]
        json: bool,
    },
    /// Read a chapter (plain text when piped or with --plain)
    Read {
        /// Chapter number or slug [default: the first chapter]
        chapter: Option<String>,
        /// Print the chapter as text instead of opening the reader
        #[arg(long)]
        plain: bool,
        /// Width of the text [default: the terminal's, 80 when piped]
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
        width: Option<u16>,
        /// Draw frames, tables and diagrams with ASCII characters only
        #[arg(long)]
        ascii: bool,
    },
    /// Take a chapter's quiz
    Quiz {
        /// Chapter number or slug
        chapter: String,
        /// Keep questions and choices in a fixed order
        #[arg(long)]
        no_shuffle: bool,
        /// Shuffle with this seed, to get the same order again
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Ask only the questions missed in the last attempt
        #[arg(long)]
        retry_wrong: bool,
    },
    /// Review the questions that are due, by spaced repetition
    Review {
        /// Only this chapter's questions (number or slug)
        chapter: Option<String>,
    },
    /// Show progress per chapter, due reviews and the weakest objectives
    Progress {
        /// Print a stable JSON document instead
        #[arg(long)]
        json: bool,
    },
    /// Study statistics: activity calendar, streak, reviews due, scores over time, weakest
    /// objectives and question types
    Stats {
        /// Print a stable JSON document instead
        #[arg(long)]
        json: bool,
        /// Print text instead of opening the screen (the default when not on a terminal)
        #[arg(long)]
        plain: bool,
        /// ASCII shades and bars instead of block characters
        #[arg(long)]
        ascii: bool,
    },
    /// Write your whole history (attempts, answers, reading, notes) to a file
    Export {
        /// The format
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to FILE instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge a history written by 'export' into your progress (safe to repeat)
    Import {
        /// The JSON file written by 'mlsys-learn export'
        file: PathBuf,
    },
    /// List the users on this machine, or remove one
    Users {
        #[command(subcommand)]
        action: Option<UsersAction>,
    },
    /// Show the course glossary, or one term
    Glossary {
        /// The term to look up (case-insensitive)
        term: Option<String>,
    },
    /// Check a course folder and report every problem as path:line:col: message
    Check {
        /// The course folder [default: the built-in course]
        dir: Option<PathBuf>,
        /// Fail (exit 1) on warnings too: quiz-quality lints, untested objectives, uncited sections
        #[arg(long)]
        strict: bool,
    },
    /// Print the manual page (roff); e.g. `mlsys-learn man > mlsys-learn.1`
    Man,
    /// Convert question banks: GIFT, mdbook-quiz or the textbook's JSON in; a course, GIFT or Anki out
    #[command(after_help = crate::commands::convert::EXAMPLES)]
    Convert(crate::commands::convert::ConvertArgs),
    /// Send your answers and reading to the class's learning record store (xAPI)
    ///
    /// An event whose statements the LRS rejects (a 4xx other than 401/403/409) is set aside
    /// and the rest are sent; the run then exits 1. --status lists the set-aside events with
    /// the LRS's reason, --retry-rejected sends them again.
    Sync {
        /// Print the statements that would be sent, as JSON lines, and send nothing
        #[arg(long)]
        dry_run: bool,
        /// Print how many events are queued, sent and set aside (each set-aside one with the
        /// LRS's reason), and the last error
        #[arg(long, conflicts_with = "dry_run")]
        status: bool,
        /// Queue again every event the LRS rejected and that was set aside, then send as usual
        /// (once whatever made the LRS refuse them is fixed)
        #[arg(long, conflicts_with_all = ["dry_run", "status"])]
        retry_rejected: bool,
        /// Give up on an LRS that does not answer after waiting this long in all
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        max_wait: u64,
    },
    /// For teachers: the class's results, read from the learning record store (xAPI)
    Class {
        #[command(subcommand)]
        action: ClassAction,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeChoice {
    Dark,
    Light,
    HighContrast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// Delete every record of one user
    Remove {
        /// The user's name
        name: String,
        /// Confirm the deletion (required)
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClassAction {
    /// Per chapter each question's class accuracy (weakest first); per student the
    /// chapters attempted and best scores. Reads the LRS, never writes.
    Report {
        /// Print a stable JSON document instead
        #[arg(long)]
        json: bool,
        /// Count only what students did from this day on (00:00 UTC)
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        since: Option<chrono::NaiveDate>,
    },
}

/// A `YYYY-MM-DD` day, or a message naming what was given.
fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date of the form YYYY-MM-DD"))
}

/// How a command failed: the message and the exit code that goes with it.
#[derive(Debug)]
pub enum Failure {
    /// A bad argument or value: exit 2.
    Usage(String),
    /// The command could not do its job: exit 1.
    Failed(String),
    /// Already reported in full (e.g. a list of diagnostics): exit 1.
    Reported,
    /// Ended by a signal: exit with 128 + its number, quietly.
    Signal(u8),
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    pub fn failed(message: impl Into<String>) -> Self {
        Self::Failed(message.into())
    }
}

// The conversions `?` uses on the way to the command edge. Each error type already words
// its own one-line message (lowercase, naming the value); only the exit code is decided
// here. There is no blanket `From<io::Error>`: a bare I/O error does not say what it was
// doing, so file I/O names its file where it happens and terminal I/O arrives as a
// `TerminalError`.

/// The progress store could not do what was asked: exit 1.
impl From<crate::store::StoreError> for Failure {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Failed(error.to_string())
    }
}

/// The terminal could not be set up, read or drawn on: exit 1.
impl From<crate::tui::TerminalError> for Failure {
    fn from(error: crate::tui::TerminalError) -> Self {
        Self::Failed(error.to_string())
    }
}

/// The course folder named on the command line cannot be read: a usage error, exit 2.
impl From<crate::content::LoadError> for Failure {
    fn from(error: crate::content::LoadError) -> Self {
        Self::Usage(error.to_string())
    }
}

/// The config file is unreadable or invalid: a usage error, exit 2.
impl From<crate::config::ConfigError> for Failure {
    fn from(error: crate::config::ConfigError) -> Self {
        Self::Usage(error.to_string())
    }
}

/// Output settings decided once from flags, environment and whether stdout is a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub colour: bool,
    pub tty: bool,
}

impl Output {
    pub fn detect(choice: ColorChoice) -> Self {
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let colour = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !dumb,
        };
        Self { colour, tty }
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) reached while writing the database would kill the
    // program with SIGXFSZ; with a handler the write fails with EFBIG instead, SQLite
    // rolls the transaction back, and the student gets a one-line error.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    run(std::env::args_os())
}

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    if asks_only_for_version(&args) {
        return print_version();
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => return clap_failure(&error),
    };
    match commands::dispatch(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {}", crate::content::controls::visible(&message));
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("error: {}", crate::content::controls::visible(&message));
            ExitCode::from(1)
        }
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Signal(code)) => ExitCode::from(code),
    }
}

/// `mlsys-learn --version` (or `-V`) and nothing else. It is answered before clap builds
/// its model of every subcommand and flag, which is most of what the process would
/// otherwise cost (docs/performance.md); the line printed is the one clap prints.
fn asks_only_for_version(args: &[OsString]) -> bool {
    matches!(args, [_, flag] if flag == "--version" || flag == "-V")
}

/// The version line, as clap's `version` writes it: "mlsys-learn X.Y.Z".
pub fn version_line() -> String {
    format!("mlsys-learn {}\n", env!("CARGO_PKG_VERSION"))
}

fn print_version() -> ExitCode {
    use std::io::Write;
    // A closed pipe (`| head -0`) is not an error, as for every other output.
    let _ = std::io::stdout()
        .lock()
        .write_all(version_line().as_bytes());
    ExitCode::SUCCESS
}

/// Help and version print as clap writes them; any other parse error becomes one line.
fn clap_failure(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let rendered = error.render().to_string();
    let first = rendered
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or("error: invalid arguments")
        .trim_end();
    eprintln!("{first} (see 'mlsys-learn --help')");
    ExitCode::from(2)
}

/// The clap command, for completions and documentation.
pub fn command() -> clap::Command {
    Cli::command()
}
