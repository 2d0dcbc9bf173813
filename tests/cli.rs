//! The command line as a student meets it: the real binary, its output, its exit codes.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use predicates::prelude::*;

fn app() -> Command {
    let mut cmd = Command::cargo_bin("mlsys-learn").expect("the binary is built");
    cmd.env_remove("NO_COLOR")
        .env_remove("MLSYS_LEARN_USER")
        .env_remove("MLSYS_LEARN_DATA_DIR");
    cmd
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn list_shows_every_chapter_with_counts() {
    app()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("slug"))
        .stdout(
            predicate::str::is_match(
                r"(?m)^\s*1\s+introduction\s+Introduction\s+Foundations\s+6\s+\d+$",
            )
            .expect("regex"),
        );
}

#[test]
fn read_piped_is_plain_text_without_escape_codes() {
    app()
        .args(["read", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Chapter 1 · Introduction"))
        .stdout(predicate::str::contains("\x1b[").not())
        .stderr(predicate::str::is_empty());
}

#[test]
fn a_broken_quiz_does_not_keep_a_student_from_reading() {
    let course = fixture("broken/quiz-bad-toml");
    app()
        .args(["--content", &course, "read", "1", "--plain"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    app()
        .args(["--content", &course, "quiz", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("quizzes/01-basics.toml:"));
}

#[test]
fn read_by_slug_equals_read_by_number() {
    let by_number = app()
        .args(["read", "1", "--width", "70"])
        .output()
        .expect("runs");
    let by_slug = app()
        .args(["read", "introduction", "--width", "70"])
        .output()
        .expect("runs");
    assert_eq!(by_number.stdout, by_slug.stdout);
}

#[test]
fn colour_always_adds_escape_codes_and_never_removes_them() {
    app()
        .args(["--color", "always", "read", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
    app()
        .args(["--color", "never", "read", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn read_respects_width() {
    let output = app()
        .args(["read", "1", "--plain", "--width", "60"])
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let widest = text
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    assert!(widest <= 60, "a line is {widest} columns wide");
    assert!(widest >= 55, "the text does not use the width: {widest}");
}

#[test]
fn ascii_mode_draws_with_ascii_frames() {
    let output = app()
        .args(["read", "1", "--ascii", "--width", "80"])
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        !text.contains('┌') && !text.contains('│'),
        "box drawing in ascii mode"
    );
    assert!(text.contains("+-"));
}

#[test]
fn unknown_chapter_is_a_usage_error_naming_it() {
    app()
        .args(["read", "99"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::is_match(
                r"^error: no chapter '99' \(chapters 1 to \d+; list them with: mlsys-learn list\)\n$",
            )
            .expect("regex"),
        );
}

/// A copy of the shipped course in a folder whose name needs quoting in a shell.
fn course_copy(temp: &std::path::Path) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = temp.join("my course");
    for folder in ["chapters", "quizzes"] {
        std::fs::create_dir_all(course.join(folder)).unwrap();
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, course.join(folder).join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(root.join("course.toml"), course.join("course.toml")).unwrap();
    course
}

#[test]
fn advice_names_the_other_course_folder_so_the_command_works_as_printed() {
    let temp = tempfile::tempdir().unwrap();
    let course = course_copy(temp.path());
    let with = |args: &[&str]| {
        let mut cmd = app();
        cmd.current_dir(temp.path())
            .args(["--content", "my course"]);
        cmd.args(args);
        cmd
    };
    with(&["read", "99"]).assert().code(2).stderr(predicate::str::is_match(
        r"^error: no chapter '99' \(chapters 1 to \d+; list them with: mlsys-learn --content 'my course' list\)\n$",
    ).unwrap());
    with(&["glossary", "quantum chromodynamics"])
        .assert()
        .code(1)
        .stderr(
            "error: no glossary term 'quantum chromodynamics'; list them all with: \
             mlsys-learn --content 'my course' glossary\n",
        );
    let plain = with(&["read", "1", "--plain", "--width", "120"])
        .output()
        .unwrap();
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(
        text.contains("Answer it in the quiz: mlsys-learn --content 'my course' quiz 1"),
        "{text}"
    );
    // The advice's arguments, run from the same folder, work.
    assert!(course.is_dir());
    with(&["list"]).assert().success();
}

#[test]
fn bad_flags_get_one_line_and_exit_2() {
    let output = app().arg("--frobnicate").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: unexpected argument '--frobnicate'"),
        "{stderr}"
    );
    let output = app()
        .args(["read", "1", "--width", "5"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("'5'"), "{stderr}");
}

#[test]
fn glossary_lists_terms_and_finds_one_case_insensitively() {
    app()
        .arg("glossary")
        .assert()
        .success()
        .stdout(predicate::str::contains("TinyML"))
        .stdout(predicate::str::contains("Systems Thinking"));
    app()
        .args(["glossary", "tinyml"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("◆ TinyML"))
        .stdout(predicate::str::contains("256 KB").or(predicate::str::contains("1 MB")))
        .stdout(predicate::str::contains("Chapter 1, section 1.3"));
}

#[test]
fn glossary_miss_suggests_near_terms() {
    app()
        .args(["glossary", "tinyl"])
        .assert()
        .code(1)
        .stderr("error: no glossary term 'tinyl' (did you mean 'TinyML'?)\n");
    app()
        .args(["glossary", "quantum chromodynamics"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no glossary term 'quantum chromodynamics'",
        ));
}

#[test]
fn check_is_clean_on_the_shipped_course() {
    app().arg("check").assert().success().stdout(
        predicate::str::is_match(
            r"^checked \d+ chapter\(s\), \d+ section\(s\), \d+ question\(s\): no problems(, \d+ warning\(s\))?\n$",
        )
        .expect("regex"),
    );
}

#[test]
fn check_reports_every_problem_and_exits_1() {
    app()
        .args(["check", &fixture("broken/quiz-duplicate-id-across-files")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("3 problem(s)"))
        .stderr(predicate::str::contains(
            "quizzes/02-more.toml:4:6: duplicate question id 'q-one'",
        ))
        .stderr(predicate::str::contains(
            "chapters/02-more.md:17:1: glossary term 'Term' is defined twice",
        ));
}

/// An editor opens `path:line:col` from where `check` ran: paths start from the current
/// folder, not from the course folder.
#[test]
fn check_names_files_from_the_current_folder() {
    let error = "chapters/01-basics.md:30:1: table row has 3 cell(s) but the header has 2\n";
    let root = env!("CARGO_MANIFEST_DIR");
    for (dir, folder, prefix) in [
        (
            root,
            "tests/fixtures/broken/table-ragged-row",
            "tests/fixtures/broken/table-ragged-row/",
        ),
        (
            root,
            "./tests/fixtures/broken/table-ragged-row/",
            "tests/fixtures/broken/table-ragged-row/",
        ),
        (&*fixture("broken/table-ragged-row"), ".", ""),
        (&*fixture("broken"), "table-ragged-row", "table-ragged-row/"),
    ] {
        let output = app()
            .current_dir(dir)
            .args(["check", folder])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with(&format!("{prefix}{error}")),
            "check {folder} from {dir}: {stderr}"
        );
    }
    // A folder outside the current one keeps its absolute path; `read` says the same. (A
    // fresh folder of its own: the temporary folder itself may hold this checkout.)
    let absolute = fixture("broken/table-ragged-row");
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    app()
        .current_dir(elsewhere.path())
        .args(["--content", &absolute, "read", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(format!("{absolute}/{error}")));
}

#[test]
fn check_of_a_missing_folder_is_a_usage_error() {
    app()
        .args(["check", "/no/such/course"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot read course folder '/no/such/course'",
        ));
}

#[test]
fn content_flag_reads_another_course() {
    // `list` keeps a cache in the data folder: not in the home of whoever runs the tests.
    let data = tempfile::tempdir().expect("temp dir");
    app()
        .arg("--data-dir")
        .arg(data.path())
        .args(["--content", &fixture("valid"), "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("basics"));
    app()
        .args([
            "--content",
            &fixture("broken/table-ragged-row"),
            "read",
            "1",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "chapters/01-basics.md:30:1: table row has 3 cell(s)",
        ));
}

#[test]
fn completions_are_printed_for_bash() {
    app()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("complete -F _mlsys__learn"));
}

#[test]
fn closed_pipe_is_not_an_error() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mlsys-learn"))
        .args(["read", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("waits");
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn help_lists_the_commands() {
    app()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("glossary").and(predicate::str::contains("completions")));
}

#[test]
fn check_warns_and_strict_fails_on_warnings() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lint/quiz-tells"
    );
    app()
        .args(["check", dir])
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems, 8 warning(s)"))
        .stderr(predicate::str::contains(
            "quizzes/01-basics.toml:99:6: warning: the hint of 'hint-short' contains the answer 'quantisation'",
        ));
    app()
        .args(["check", "--strict", dir])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no problems, 8 warning(s)"));
}

#[test]
fn list_json_describes_every_chapter() {
    let output = app().args(["list", "--json"]).output().expect("runs");
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let chapters = json["chapters"].as_array().expect("a list of chapters");
    assert!(chapters.len() >= 7);
    for (i, chapter) in chapters.iter().enumerate() {
        for key in [
            "number",
            "slug",
            "title",
            "part",
            "sections",
            "questions",
            "types",
            "figures",
            "explorables",
            "terms",
        ] {
            assert!(!chapter[key].is_null(), "chapter {i} lacks {key}");
        }
        assert_eq!(chapter["number"], i + 1);
        assert!(chapter["explorables"].as_u64() >= Some(1), "{chapter}");
    }
    let first = &chapters[0];
    assert_eq!(first["slug"], "introduction");
    assert_eq!(first["explorables"], 2);
    assert_eq!(first["types"].as_array().map(Vec::len), Some(7));
}

#[test]
fn man_prints_a_roff_page_naming_every_command() {
    let output = app().arg("man").output().expect("runs");
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).expect("utf-8");
    assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
    for command in ["list", "read", "quiz", "review", "check", "man"] {
        assert!(page.contains(command), "{command}");
    }
}

#[test]
fn the_shipped_course_passes_check_strict() {
    app()
        .args(["check", "--strict"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with("no problems\n"));
}

/// `--version` is answered before clap builds its command model: the line must stay the
/// one clap itself prints, for `--version` and `-V`.
#[test]
fn version_alone_prints_what_clap_prints() {
    let clap_line = mlsys_learn::cli::command().render_version();
    assert_eq!(mlsys_learn::cli::version_line(), clap_line);
    for flag in ["--version", "-V"] {
        let output = Command::cargo_bin("mlsys-learn")
            .unwrap()
            .arg(flag)
            .output()
            .unwrap();
        assert!(output.status.success());
        assert_eq!(String::from_utf8(output.stdout).unwrap(), clap_line);
    }
}
