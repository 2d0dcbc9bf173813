//! What a hostile argument, course folder or environment cannot do.
//!
//! - No SQL is built from strings: every `execute`, `execute_batch`, `prepare`,
//!   `prepare_cached` and `query_row` in src/ (tests aside) takes a string literal, a
//!   macro that only concatenates literals, or a migration step's static text, and no
//!   `format!` (nor any other string building) appears in its arguments. Values always
//!   travel as bound parameters.
//! - User names and CHAPTER arguments are validated: `--user '../x'`, `read
//!   '../../etc/passwd'` and their like are usage errors (exit 2) that quote the bad value
//!   on one line, and touch nothing.
//! - A `--content` folder cannot make the program read outside it: a linked chapter file
//!   and a linked `chapters/` folder are refused, and links, images, diagrams and
//!   comments naming `../../etc/passwd` (or an absolute path) are never opened: a
//!   sentinel file at those paths never shows in any output, and, where strace is
//!   installed, no system call names it.
//! - The data folder is created 0700 and the database (with its `-wal` and `-shm`)
//!   0600, even under `umask 000`.
//! - The program opens no network connection: under `strace -f -e trace=network` (when
//!   installed; else the test says it skipped), every socket any command creates,
//!   the interactive reader and quiz included, is a local AF_UNIX one.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expectrl::process::unix::WaitStatus;
use support::{Pty, RIGHT, START_SCREEN, WRONG};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("mlsys-learn")
}

fn app(data_dir: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_remove("NO_COLOR")
        .env_remove("MLSYS_LEARN_USER")
        .env_remove("MLSYS_LEARN_DATA_DIR")
        .arg("--data-dir")
        .arg(data_dir);
    cmd
}

// ----- no SQL from strings -----

/// The source files of the program, without test modules.
fn program_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if name != "tests" {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") && !name.ends_with("_tests.rs") {
                let text = fs::read_to_string(&path).expect("readable source");
                let code = match text.find("#[cfg(test)]") {
                    Some(at) => text[..at].to_string(),
                    None => text,
                };
                files.push((path, code));
            }
        }
    }
    files
}

/// The text between the parenthesis at `open` and its match, skipping string literals.
fn arguments(code: &str, open: usize) -> &str {
    let bytes = code.as_bytes();
    let mut depth = 0;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return &code[open + 1..i];
                }
            }
            b'"' => {
                // A raw string r#"..."# or a plain one with escapes.
                let hashes = code[..i].chars().rev().take_while(|c| *c == '#').count();
                let raw = code[..i - hashes].ends_with('r');
                i += 1;
                while i < bytes.len() {
                    if raw {
                        if bytes[i] == b'"' && code[i + 1..].starts_with(&"#".repeat(hashes)) {
                            i += hashes;
                            break;
                        }
                    } else if bytes[i] == b'\\' {
                        i += 1;
                    } else if bytes[i] == b'"' {
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    &code[open + 1..]
}

/// Macros defined in src that expand to `concat!` of literals (e.g. `select_attempts!`).
fn literal_macros(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut names = Vec::new();
    for (_, code) in files {
        for (at, _) in code.match_indices("macro_rules! ") {
            let rest = &code[at + "macro_rules! ".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let open = at + code[at..].find('{').unwrap_or(0);
            let close = open + code[open..].find("\n}").unwrap_or(0);
            let body = &code[open..close];
            // Only literals can be passed in, and only `concat!` puts them together.
            let only_literals = body.contains(":literal")
                && !body.contains(":expr")
                && !body.contains(":tt")
                && !body.contains(":ident");
            if body.contains("concat!(") && only_literals && !body.contains("format!") {
                names.push(format!("{name}!("));
            }
        }
    }
    names
}

/// How many SQL calls `files` make, and those whose text is not a literal or is built.
fn sql_problems(files: &[(PathBuf, String)]) -> (usize, Vec<String>) {
    let macros = literal_macros(files);
    let calls = [
        ".execute(",
        ".execute_batch(",
        ".prepare(",
        ".prepare_cached(",
        ".query_row(",
    ];
    let building = [
        "format!",
        "concat(",
        ".join(",
        "push_str",
        "+ &",
        ".to_string()",
    ];
    let mut checked = 0;
    let mut problems = Vec::new();
    for (path, code) in files {
        for call in calls {
            for (at, _) in code.match_indices(call) {
                let open = at + call.len() - 1;
                let args = arguments(code, open);
                let first = args.trim_start();
                if call == ".execute(" && first.starts_with("params!") {
                    // A prepared statement run with its parameters: no SQL here.
                    continue;
                }
                let literal = first.starts_with('"')
                    || first.starts_with("r\"")
                    || first.starts_with("r#\"")
                    || macros.iter().any(|m| first.starts_with(m.as_str()))
                    || first.starts_with("step.sql");
                let line = code[..at].lines().count();
                let place = format!("{}:{line}", path.display());
                if !literal {
                    problems.push(format!(
                        "{place}: SQL that is not a literal: {call}{first:.60}"
                    ));
                }
                if let Some(bad) = building.iter().find(|b| args.contains(**b)) {
                    problems.push(format!("{place}: '{bad}' in the arguments of {call}"));
                }
                checked += 1;
            }
        }
    }
    (checked, problems)
}

#[test]
fn sql_is_never_built_from_strings() {
    let files = program_sources();
    assert!(files.len() > 20, "found only {} source files", files.len());
    let (checked, problems) = sql_problems(&files);
    assert!(
        checked >= 40,
        "only {checked} SQL calls found: is the scan broken?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The scan itself: it accepts literals and literal-only macros, and catches the rest.
#[test]
fn the_sql_scan_catches_built_statements() {
    let fake = |code: &str| vec![(PathBuf::from("fake.rs"), code.to_string())];
    let good = [
        "conn.execute(\"DELETE FROM t WHERE id = ?1\", [id])",
        "conn.prepare(r#\"SELECT \"x\" FROM t\"#)",
        "macro_rules! sel {\n    ($t:literal) => { concat!(\"SELECT \", $t) };\n}\nconn.query_row(sel!(\"x\"), [], f)",
    ];
    for code in good {
        let (checked, problems) = sql_problems(&fake(code));
        assert!(checked >= 1 && problems.is_empty(), "{code}: {problems:?}");
    }
    let bad = [
        "conn.execute(&format!(\"DELETE FROM {table}\"), [])",
        "conn.execute(sql, [])",
        "conn.prepare(&(\"SELECT \".to_string() + &column))",
        "macro_rules! sel {\n    ($t:expr) => { concat!(\"SELECT \", $t) };\n}\nconn.execute(sel!(x), [])",
    ];
    for code in bad {
        let (_, problems) = sql_problems(&fake(code));
        assert!(!problems.is_empty(), "{code} was not caught");
    }
}

// ----- arguments -----

/// Exit 2, one line on stderr, the bad value quoted in it, and nothing on stdout.
fn assert_usage_error(output: &Output, quoted: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains(&format!("'{quoted}'")),
        "{stderr:?} should quote {quoted:?}"
    );
    assert!(output.stdout.is_empty(), "{output:?}");
}

#[test]
fn bad_user_names_are_usage_errors_that_quote_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    for (name, shown) in [
        ("../x", "../x"),
        ("../../etc/passwd", "../../etc/passwd"),
        ("/root", "/root"),
        ("a b", "a b"),
        ("", ""),
        ("x\ny", "x\\ny"),
        ("名前", "名前"),
    ] {
        let output = app(&data)
            .args(["--user", name, "progress"])
            .output()
            .expect("runs");
        assert_usage_error(&output, shown);
        assert!(String::from_utf8_lossy(&output.stderr).contains("invalid user name"));
    }
    let long = "a".repeat(65);
    let output = app(&data)
        .args(["--user", &long, "progress"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    // The environment variable is checked the same way.
    let output = app(&data)
        .env("MLSYS_LEARN_USER", "../x")
        .arg("progress")
        .output()
        .expect("runs");
    assert_usage_error(&output, "../x");
    assert!(!data.exists(), "nothing was created for a refused user");
}

#[test]
fn bad_chapter_arguments_are_usage_errors_that_quote_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    for chapter in [
        "../../etc/passwd",
        "/etc/passwd",
        "1/../1",
        "0",
        "-1",
        "99999999999999999999",
    ] {
        for command in [
            &["read", chapter][..],
            &["quiz", chapter],
            &["review", chapter],
        ] {
            let output = app(&data).args(command).output().expect("runs");
            assert_usage_error(&output, chapter);
            // (clap itself refuses "-1" as an unknown flag, quoting it the same way.)
            assert!(
                chapter.starts_with('-')
                    || String::from_utf8_lossy(&output.stderr).contains("no chapter"),
                "{output:?}"
            );
        }
    }
    assert!(!data.exists(), "nothing was created for a refused chapter");
}

// ----- content folders -----

const SENTINEL: &str = "SENTINEL-7f3a-do-not-read";

/// A course folder at `<root>/course/` whose chapter names `<root>/secret/passwd` in
/// every way Markdown and the course format allow, and that file with the sentinel.
fn course_naming_a_secret(root: &Path) -> PathBuf {
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let course = root.join("course");
    fs::create_dir_all(course.join("chapters")).expect("mkdir");
    fs::create_dir_all(course.join("quizzes")).expect("mkdir");
    fs::create_dir_all(root.join("secret")).expect("mkdir");
    fs::write(root.join("secret/passwd"), format!("{SENTINEL}\n")).expect("write");
    fs::copy(valid.join("course.toml"), course.join("course.toml")).expect("copy");
    fs::copy(
        valid.join("quizzes/01-basics.toml"),
        course.join("quizzes/01-basics.toml"),
    )
    .expect("copy");
    let absolute = root.join("secret/passwd").display().to_string();
    let chapter = fs::read_to_string(valid.join("chapters/01-basics.md")).expect("read");
    let naming = format!(
        "\n\nSee [the file](../secret/passwd), [this one](../../etc/passwd), \
         [absolute]({absolute}), <file://{absolute}> and ![a picture](../secret/passwd).\n\n\
         [ref]: ../secret/passwd\n\n<!-- include ../secret/passwd -->\n\n\
         <img src=\"../secret/passwd\">\n\n```include\n../secret/passwd\n```\n\n\
         ```diagram\nkind = \"proportion\"\ncaption = \"From a file\"\n\
         [[parts]]\nlabel = \"../secret/passwd\"\npercent = 50\n\
         [[parts]]\nlabel = \"{absolute}\"\npercent = 50\n```\n"
    );
    fs::write(course.join("chapters/01-basics.md"), chapter + &naming).expect("write");
    course
}

/// `strace` when it is installed and allowed to trace here.
fn strace_works() -> bool {
    Command::new("strace")
        .args(["-f", "-e", "trace=network", "-o", "/dev/null", "true"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn content_never_makes_the_program_read_files_it_names() {
    let root = tempfile::tempdir().expect("tempdir");
    let course = course_naming_a_secret(root.path());
    let data = root.path().join("data");
    let content = course.to_str().expect("UTF-8 path");
    let commands: [&[&str]; 5] = [
        &["check", content],
        &[
            "--content",
            content,
            "read",
            "1",
            "--plain",
            "--width",
            "80",
        ],
        &[
            "--content",
            content,
            "--color",
            "always",
            "read",
            "1",
            "--plain",
        ],
        &["--content", content, "glossary"],
        &["--content", content, "list"],
    ];
    let traced = strace_works();
    for args in commands {
        let output = if traced {
            let log = root.path().join("trace.log");
            let output = Command::new("strace")
                .args(["-f", "-qq", "-e", "trace=file", "-o"])
                .arg(&log)
                .arg(bin())
                .arg("--data-dir")
                .arg(&data)
                .args(args)
                .output()
                .expect("strace runs");
            let trace = fs::read_to_string(&log).expect("the trace");
            assert!(
                trace.contains("openat") || trace.contains("open("),
                "{trace}"
            );
            for line in trace.lines() {
                assert!(
                    !line.contains("secret/passwd") && !line.contains("/etc/passwd\""),
                    "{args:?} touched a file named in the content: {line}"
                );
            }
            output
        } else {
            app(&data).args(args).output().expect("runs")
        };
        let all = String::from_utf8_lossy(&[output.stdout, output.stderr].concat()).into_owned();
        assert!(
            !all.contains(SENTINEL),
            "{args:?} showed the named file: {all}"
        );
        assert!(!all.contains("panicked"), "{all}");
    }
    if !traced {
        eprintln!("strace is not available: checked the outputs only");
    }
    // The rendering does show the link text and targets, as text.
    let output = app(&data)
        .args([
            "--content",
            content,
            "read",
            "1",
            "--plain",
            "--width",
            "200",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(text.contains("the file"), "{text}");
}

#[test]
fn linked_course_folders_are_refused() {
    let root = tempfile::tempdir().expect("tempdir");
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let elsewhere = root.path().join("elsewhere");
    fs::create_dir_all(elsewhere.join("chapters")).expect("mkdir");
    fs::copy(
        valid.join("chapters/01-basics.md"),
        elsewhere.join("chapters/01-basics.md"),
    )
    .expect("copy");
    let course = root.path().join("course");
    fs::create_dir_all(course.join("quizzes")).expect("mkdir");
    fs::copy(valid.join("course.toml"), course.join("course.toml")).expect("copy");
    std::os::unix::fs::symlink(elsewhere.join("chapters"), course.join("chapters"))
        .expect("symlink");
    let output = app(&root.path().join("data"))
        .arg("check")
        .arg(&course)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("chapters:1:1: is a symbolic link"),
        "a linked chapters/ folder is refused: {stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("checked 0 chapter(s)"), "{stdout}");
}

// ----- permissions -----

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

#[test]
fn data_folder_and_database_are_private_even_under_umask_000() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("a/b/data");
    let output = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$@\"")
        .arg("sh")
        .arg(bin())
        .arg("--data-dir")
        .arg(&data)
        .args(["--user", "ada", "progress"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&data.join("progress.sqlite3")), 0o600, "the database");

    // While the quiz runs, its log and shared memory exist: private too.
    let data = root.path().join("quiz-data");
    let mut command = support::app_command(&data, &["quiz", "1", "--no-shuffle"]);
    let line = format!(
        "umask 000 && exec {}",
        std::iter::once(command.get_program())
            .chain(command.get_args())
            .map(|w| format!("'{}'", w.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    command = Command::new("sh");
    command
        .args(["-c", &line])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    let mut pty = Pty::from_command(command);
    pty.wait_for(START_SCREEN);
    pty.send("\r");
    pty.wait_for("Question 1 of");
    pty.send("5\r");
    pty.wait_until("feedback", |s| s.contains(RIGHT) || s.contains(WRONG));
    for name in [
        "progress.sqlite3",
        "progress.sqlite3-wal",
        "progress.sqlite3-shm",
    ] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name} while the quiz runs");
    }
    assert_eq!(mode(&data), 0o700);
    pty.send("q");
    assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));
}

// ----- network -----

/// Every socket-related system call in an strace log, with those that are not local.
fn foreign_sockets(trace: &str) -> Vec<String> {
    trace
        .lines()
        .filter(|l| {
            ["socket(", "connect(", "sendto(", "sendmsg(", "bind("]
                .iter()
                .any(|call| l.contains(call))
        })
        .filter(|l| !l.contains("AF_UNIX") && !l.contains("AF_LOCAL"))
        .filter(|l| !(l.contains("sendto(") || l.contains("sendmsg(")) || l.contains("sa_family"))
        .map(String::from)
        .collect()
}

#[test]
fn no_command_opens_a_network_connection() {
    if !strace_works() {
        eprintln!("skipped: strace is not installed here (see docs/reliability.md)");
        return;
    }
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("data");
    let history = root.path().join("history.json");
    let history_arg = history.to_str().expect("UTF-8").to_string();
    let runs: [&[&str]; 8] = [
        &["list"],
        &["read", "1", "--plain"],
        &["progress", "--json"],
        &["glossary", "tinyml"],
        &["check"],
        &["users"],
        &["export", "-o", &history_arg],
        &["import", &history_arg],
    ];
    let log = root.path().join("net.log");
    for args in runs {
        let output = Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=network", "-o"])
            .arg(&log)
            .arg(bin())
            .arg("--data-dir")
            .arg(&data)
            .args(["--user", "ada"])
            .args(args)
            .env_remove("MLSYS_LEARN_USER")
            .output()
            .expect("strace runs");
        let trace = fs::read_to_string(&log).unwrap_or_default();
        let foreign = foreign_sockets(&trace);
        assert!(
            foreign.is_empty(),
            "{args:?} used the network: {foreign:#?}"
        );
        assert_ne!(output.status.code(), Some(101), "{output:?}");
    }
    // The interactive screens, in a pty: the reader, then the quiz.
    for (args, ready) in [
        (["read", "1", ""], "Chapter 1 · Introduction"),
        (["quiz", "1", "--no-shuffle"], START_SCREEN),
    ] {
        let app = support::app_command(
            &data,
            &args[..args.iter().filter(|a| !a.is_empty()).count()],
        );
        let mut command = Command::new("strace");
        command
            .args(["-f", "-qq", "-e", "trace=network", "-o"])
            .arg(&log)
            .arg(app.get_program())
            .args(app.get_args())
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        let mut pty = Pty::from_command(command);
        pty.wait_for(ready);
        pty.send("q");
        assert!(matches!(pty.wait_exit(), WaitStatus::Exited(_, 0)));
        let trace = fs::read_to_string(&log).expect("the trace");
        let foreign = foreign_sockets(&trace);
        assert!(
            foreign.is_empty(),
            "{args:?} used the network: {foreign:#?}"
        );
    }
}

// ----- content is data, never terminal commands -----

/// Terminal controls a hostile course might hold: OSC (retitle the window), CSI (clear the
/// screen) in its 7-bit and its C1 form, BEL.
const SALT: &[&str] = &[
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J",
    "\u{9b}2J",
    "\u{9d}0;x\u{9c}",
];

/// Whether `bytes` hold anything a terminal would act on: ESC, BEL, or the C1 controls CSI,
/// OSC and ST (UTF-8 C2 9B / C2 9D / C2 9C).
fn drives_the_terminal(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
        || bytes.contains(&0x07)
        || bytes
            .windows(2)
            .any(|w| w[0] == 0xc2 && matches!(w[1], 0x9b..=0x9d))
}

/// A copy of the valid fixture course with controls in the chapter text, a heading, a
/// definition and the course title.
fn salted_course(root: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let course = root.join("salted");
    for sub in ["chapters", "quizzes"] {
        fs::create_dir_all(course.join(sub)).expect("folders");
        for entry in fs::read_dir(source.join(sub)).expect("fixture") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("a name");
            let mut text = fs::read_to_string(&path).expect("text");
            if sub == "chapters" {
                text = text.replacen("## First", &format!("## First {}", SALT[1]), 1);
                text.push_str(&format!(
                    "\nA line with {} and {} in it.\n\nEvil{}\n: A definition {}.\n",
                    SALT[0], SALT[2], SALT[3], SALT[1]
                ));
            }
            fs::write(course.join(sub).join(name), text).expect("write");
        }
    }
    let toml = fs::read_to_string(source.join("course.toml")).expect("course.toml");
    fs::write(
        course.join("course.toml"),
        toml.replacen("title = \"", &format!("title = \"{}", SALT[0]), 1),
    )
    .expect("write");
    course
}

#[test]
fn a_course_salted_with_terminal_controls_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let course = salted_course(dir.path());
    let data = dir.path().join("data");
    let content = course.to_str().expect("utf-8 path");
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", content],
        vec!["check", "--strict", content],
        vec!["--content", content, "list"],
        vec!["--content", content, "list", "--json"],
        vec!["--content", content, "glossary"],
        vec!["--content", content, "glossary", "evil"],
        vec!["--content", content, "read", "1", "--plain"],
        vec!["--content", content, "progress"],
        vec!["--content", content, "progress", "--json"],
        vec!["--content", content, "read", "\u{1b}]0;x\u{7}"],
        vec!["--user", "\u{1b}[2J", "progress"],
    ];
    for args in runs {
        let output = app(&data)
            .args(["--color", "never"])
            .args(&args)
            .output()
            .expect("runs");
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            assert!(
                !drives_the_terminal(bytes),
                "{args:?} wrote a terminal control to {stream}: {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    // `check` names every control at its place, escaped.
    let output = app(&data).args(["check", content]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "chapters/01-basics.md:13:10: control character U+001B in the text (shown as '\\u{1b}')"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("control character U+009B"), "{stderr}");
    assert!(
        stderr.contains("course.toml:1:10: control character U+001B"),
        "{stderr}"
    );
}
