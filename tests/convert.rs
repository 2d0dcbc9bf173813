//! `mlsys-learn convert` as a teacher runs it: the real binary on the fixtures in
//! tests/fixtures/convert/ (a GIFT bank and an mdbook-quiz file with every construct, and
//! malformed files with the exact message each must give), what it writes (a course that
//! `check` passes and whose questions are the ones in the source), what it refuses, and
//! the round trips ours -> GIFT -> ours and ours -> Anki.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use mlsys_learn::content::quiz::{Question, QuestionKind};
use mlsys_learn::content::{Course, load_course};

mod support;

use support::app;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/convert")
}

/// Runs `convert` in the fixtures folder; returns (exit code, stdout, stderr).
fn convert(args: &[&str]) -> (i32, String, String) {
    let output = app()
        .current_dir(fixtures())
        .arg("convert")
        .args(args)
        .output()
        .expect("convert runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn course_at(dir: &Path) -> Course {
    let loaded = load_course(Some(dir)).expect("the converted course loads");
    assert_eq!(
        loaded.diagnostics,
        vec![],
        "the converted course has problems"
    );
    loaded.course
}

fn questions(course: &Course) -> Vec<&Question> {
    course
        .chapters
        .iter()
        .flat_map(|c| c.quiz.iter().flat_map(|q| &q.questions))
        .collect()
}

fn out_dir(temp: &tempfile::TempDir, name: &str) -> (PathBuf, String) {
    let path = temp.path().join(name);
    let text = path.to_str().expect("a UTF-8 path").to_string();
    (path, text)
}

#[test]
fn gift_bank_converts_every_construct_and_lists_what_it_skips() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let (out, out_text) = out_dir(&temp, "networks");
    let (code, stdout, stderr) = convert(&["networks.gift", "--out", &out_text]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "networks.gift:38: skipped: a matching question: there is no matching type to convert it to\n\
         networks.gift:44: skipped: a description (text without an answer block), not a question\n"
    );
    assert!(
        stdout.contains("converted 12 question(s) in 2 chapter(s)"),
        "{stdout}"
    );
    app().args(["check"]).arg(&out).assert().success();

    let course = course_at(&out);
    let titles: Vec<&str> = course.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Basics", "Wireless"], "one chapter per $CATEGORY");
    let all = questions(&course);
    let kinds: Vec<&str> = all.iter().map(|q| q.kind.type_name()).collect();
    assert_eq!(
        kinds,
        [
            "single",
            "multiple",
            "truefalse",
            "truefalse",
            "short",
            "numeric",
            "numeric",
            "gaps",
            "single",
            "short",
            "open",
            "truefalse"
        ]
    );
    let by_id = |id: &str| {
        *all.iter()
            .find(|q| q.id == id)
            .unwrap_or_else(|| panic!("no question '{id}'"))
    };
    // Titles become ids; feedback on the right answer becomes the explanation.
    let layer = by_id("net-layer-ip");
    assert_eq!(layer.explanation, "IP routes packets between networks.");
    // Positive weights are the right set; [markdown] is dropped.
    let ports = by_id("ports");
    assert_eq!(
        ports.prompt,
        "Which of these are **well-known** port numbers?"
    );
    assert_eq!(
        ports.kind,
        QuestionKind::Multiple {
            answers: vec!["22".into(), "443".into()],
            distractors: vec!["70000".into()],
            shuffle: true,
        }
    );
    let rest = &all[2..11];
    // {F#wrong#right}: the right answer's feedback explains; `// hint:` is the hint.
    assert_eq!(rest[0].kind, QuestionKind::TrueFalse { answer: false });
    assert_eq!(
        rest[0].explanation,
        "Right: UDP promises nothing about order."
    );
    assert_eq!(rest[0].hint, "TCP is the one that keeps order.");
    assert_eq!(rest[1].kind, QuestionKind::TrueFalse { answer: true });
    assert_eq!(
        rest[2].kind,
        QuestionKind::Short {
            answer: "Domain Name System".into(),
            alternatives: vec!["domain name service".into()],
        }
    );
    assert_eq!(
        rest[3].kind,
        QuestionKind::Numeric {
            answer: 20.0,
            tolerance: 1.0,
            unit: Some("ms".into()),
        }
    );
    assert_eq!(
        rest[4].kind,
        QuestionKind::Numeric {
            answer: 3.0,
            tolerance: 0.01,
            unit: None,
        }
    );
    // Missing word: a gap in the prompt.
    assert_eq!(
        rest[5].prompt,
        "The protocol that resolves IP addresses to MAC addresses is ___ on IPv4 networks."
    );
    assert_eq!(
        rest[5].kind,
        QuestionKind::Gaps {
            gaps: vec![vec!["ARP".into()]]
        }
    );
    assert_eq!(rest[6].prompt, "The default HTTPS port is ___.");
    // Escapes stand for their characters; general feedback wins over answer feedback.
    assert_eq!(rest[7].prompt, "Escapes: what does 1:1 = {} ~ # mean here?");
    assert_eq!(rest[7].explanation, "General feedback wins.");
    // An essay with a model answer in its general feedback is an open question.
    assert_eq!(
        rest[8].kind,
        QuestionKind::Open {
            answer: "It probes the capacity of an unknown path instead of flooding it at once."
                .into()
        }
    );
    // The chapter says where its text lives.
    let chapter = fs::read_to_string(out.join("chapters/01-basics.md")).expect("chapter");
    assert!(
        chapter.contains("The text these questions test is not part of this course."),
        "{chapter}"
    );
}

#[test]
fn mdbook_quiz_converts_choices_and_short_answers_and_skips_tracing() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let (out, out_text) = out_dir(&temp, "rust");
    let (code, _, stderr) = convert(&["ownership.toml", "--out", &out_text]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "ownership.toml:26: skipped: a Tracing question (predict a program's output): there is no tracing type to convert it to\n\
         ownership.toml:33: skipped: unknown question type 'Essay'\n\
         ownership.toml:38: skipped: question has no 'answer.answer'\n"
    );
    let course = course_at(&out);
    let all = questions(&course);
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[0].id, "7c1f0a52-0d3e-4b7e-9a55-1b2c3d4e5f60",
        "the source id is kept"
    );
    assert_eq!(
        all[0].kind,
        QuestionKind::Single {
            answer: "move".into(),
            distractors: vec!["ref".into(), "static".into()],
            shuffle: true,
        }
    );
    assert_eq!(
        all[1].kind,
        QuestionKind::Multiple {
            answers: vec!["u32".into(), "bool".into()],
            distractors: vec!["String".into(), "Vec<u8>".into()],
            shuffle: false,
        }
    );
    assert_eq!(
        all[2].kind,
        QuestionKind::Short {
            answer: "borrow checker".into(),
            alternatives: vec!["the borrow checker".into(), "borrowck".into()],
        }
    );
    assert_eq!(
        all[2].explanation,
        "The borrow checker runs at compile time."
    );
}

#[test]
fn textbook_quizzes_and_glossary_become_one_chapter_graded_where_the_prose_allows() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let (out, out_text) = out_dir(&temp, "memory");
    let (code, stdout, stderr) = convert(&["textbook/memory_hierarchy", "--out", &out_text]);
    assert_eq!(code, 0, "{stderr}");
    let quizzes =
        "textbook/memory_hierarchy/memory_hierarchy_quizzes.json#/sections/2/quiz_data/questions";
    assert_eq!(
        stderr,
        format!(
            "textbook/memory_hierarchy/memory_hierarchy_glossary.json#/terms/2: skipped: the term 'write-back' has no 'definition'\n\
             {quizzes}/0: skipped: the answer names choice C but there are only 2 choices\n\
             {quizzes}/1: skipped: the answer names choice A but quotes the text of choice B\n\
             {quizzes}/6: skipped: hidden in the source (\"hidden\": true)\n\
             {quizzes}/7: skipped: unknown question_type 'MATCH' (expected MCQ, TF, SHORT, FILL, ORDER or CALC)\n\
             {quizzes}/8: skipped: question has no 'answer'\n"
        )
    );
    assert!(
        stdout.contains("converted 9 question(s) and 2 glossary term(s) in 1 chapter(s)"),
        "{stdout}"
    );
    app().args(["check"]).arg(&out).assert().success();

    let course = course_at(&out);
    assert_eq!(
        course.chapters.len(),
        1,
        "the glossary joins its quiz's chapter"
    );
    let chapter = &course.chapters[0];
    assert_eq!(chapter.title, "Memory hierarchy");
    let sections: Vec<&str> = chapter.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        sections,
        ["Why Memory Matters", "A Short History", "Caches"],
        "every section the source gives, quiz or not"
    );
    assert_eq!(
        chapter.sections[0].id,
        "sec-memory-hierarchy-why-memory-matters-1a2b"
    );
    let objectives: Vec<&str> = chapter.objectives.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(
        objectives,
        [
            "Rank the levels of the memory hierarchy by latency.",
            "Explain how locality makes caches effective.",
            "Describe what happens on a cache miss."
        ]
    );
    let glossary: Vec<&str> = chapter.glossary().iter().map(|e| e.term).collect();
    assert_eq!(glossary, ["cache line", "spatial locality"]);

    let all = questions(&course);
    let kinds: Vec<&str> = all.iter().map(|q| q.kind.type_name()).collect();
    assert_eq!(
        kinds,
        [
            "single",
            "truefalse",
            "open",
            "gaps",
            "order",
            "open",
            "open",
            "open",
            "open"
        ],
        "SHORT is open; prose with no trustworthy key is open, never a guessed key"
    );
    // MCQ: the letter indexes the choices; the restated choice leaves the explanation.
    assert_eq!(
        all[0].kind,
        QuestionKind::Single {
            answer: "Registers".into(),
            distractors: vec![
                "Main memory".into(),
                "Solid-state disk".into(),
                "Network storage".into()
            ],
            shuffle: true,
        }
    );
    assert_eq!(
        all[0].explanation,
        "They sit inside the core, so no bus is crossed."
    );
    // TF: the answer's first word, the prompt without "True or False:".
    assert_eq!(all[1].kind, QuestionKind::TrueFalse { answer: true });
    assert_eq!(
        all[1].prompt,
        "A loop that walks an array in order benefits from spatial locality."
    );
    // FILL: the blank becomes a gap, the answer's first words fill it.
    assert_eq!(
        all[3].prompt,
        "The unit in which data moves between main memory and a cache is the cache ___."
    );
    assert_eq!(
        all[3].kind,
        QuestionKind::Gaps {
            gaps: vec![vec!["line".into()]]
        }
    );
    // ORDER: the numbered items in the order the prose states.
    assert_eq!(
        all[4].prompt,
        "Order these levels from the smallest to the largest capacity:"
    );
    assert_eq!(
        all[4].kind,
        QuestionKind::Order {
            items: vec!["registers".into(), "L1 cache".into(), "main memory".into()]
        }
    );
    // An MCQ whose prose names no letter keeps its choices in the prompt.
    assert!(
        all[5]
            .prompt
            .ends_with("A. Random\nB. Least recently used\nC. First in, first out")
    );
    assert_eq!(
        all[5].kind,
        QuestionKind::Open {
            answer: "Least recently used, because it tracks the order of use.".into()
        }
    );

    let text = fs::read_to_string(out.join("chapters/01-memory-hierarchy.md")).expect("chapter");
    assert!(
        text.contains("mlsysbook.ai")
            && text.contains("file contents/vol1/memory\\_hierarchy/memory\\_hierarchy.qmd"),
        "the chapter says where the text lives: {text}"
    );
    assert!(
        text.contains("Also called: cache block. See also: spatial locality."),
        "{text}"
    );
}

#[test]
fn a_schema_2_textbook_file_reads_the_same_way_and_again_gives_the_same_course() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let (out, out_text) = out_dir(&temp, "scheduling");
    let (code, stdout, stderr) = convert(&["textbook/scheduling_quizzes.json", "--out", &out_text]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "textbook/scheduling_quizzes.json#/sections/1/quiz_data: skipped: 1 question(s) in a section marked \"quiz_needed\": false\n"
    );
    assert!(
        stdout.contains("converted 3 question(s) in 1 chapter(s)"),
        "{stdout}"
    );
    let first = fs::read_to_string(out.join("quizzes/01-scheduling.toml")).expect("quiz");
    let course = course_at(&out);
    let all = questions(&course);
    let kinds: Vec<&str> = all.iter().map(|q| q.kind.type_name()).collect();
    assert_eq!(kinds, ["single", "truefalse", "open"], "CALC is open");
    assert_eq!(
        all[0].kind,
        QuestionKind::Single {
            answer: "To use the accelerator's parallelism".into(),
            distractors: vec![
                "To make each request faster".into(),
                "To save disk space".into()
            ],
            shuffle: true,
        },
        "choices lose the letters they were written with"
    );
    assert_eq!(all[1].kind, QuestionKind::TrueFalse { answer: false });
    assert!(
        matches!(&all[2].kind, QuestionKind::Open { answer } if answer.starts_with("Batched: 8 / 0.040 s")),
        "{:?}",
        all[2].kind
    );
    assert_eq!(
        convert(&["textbook/scheduling_quizzes.json", "--out", &out_text]).0,
        0
    );
    let second = fs::read_to_string(out.join("quizzes/01-scheduling.toml")).expect("quiz");
    assert_eq!(first, second, "the same ids on every run");
}

#[test]
fn a_textbook_glossary_alone_becomes_a_chapter_of_terms() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let (out, out_text) = out_dir(&temp, "terms");
    let glossary = "textbook/memory_hierarchy/memory_hierarchy_glossary.json";
    let (code, stdout, _) = convert(&[glossary, "--out", &out_text]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("converted 0 question(s) and 2 glossary term(s) in 1 chapter(s)"),
        "{stdout}"
    );
    let course = course_at(&out);
    let terms: Vec<&str> = course.chapters[0]
        .glossary()
        .iter()
        .map(|e| e.term)
        .collect();
    assert_eq!(terms, ["cache line", "spatial locality"]);
    assert!(
        course.chapters[0].quiz.is_none(),
        "no empty quiz is written"
    );
    // Terms alone are no questions for GIFT or Anki.
    let gift = temp.path().join("terms.gift");
    let (code, _, stderr) = convert(&[glossary, "-o", gift.to_str().expect("a UTF-8 path")]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!gift.exists());
}

#[test]
fn malformed_input_gives_its_one_message_and_writes_nothing() {
    let dir = fixtures().join("malformed");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the malformed corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e != "expected"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 16, "{cases:?}");
    for case in cases {
        let name = case.file_name().and_then(|n| n.to_str()).expect("a name");
        let expected = fs::read_to_string(case.with_extension("expected")).expect("expected");
        let temp = tempfile::tempdir().expect("a temporary folder");
        let out = temp.path().join("out");
        let from = if name.ends_with(".toml") {
            "mdbook-quiz"
        } else if name.ends_with(".json") {
            "textbook"
        } else {
            "gift"
        };
        let output = app()
            .current_dir(&dir)
            .args(["convert", name, "--from", from, "--out"])
            .arg(&out)
            .output()
            .expect("convert runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(
            stderr,
            format!("{expected}error: the input is malformed (see above); nothing was written\n"),
            "{name}"
        );
        let left: Vec<_> = fs::read_dir(temp.path()).expect("temp").collect();
        assert!(left.is_empty(), "{name}: something was written: {left:?}");
    }
}

#[test]
fn nothing_convertible_exits_1_and_writes_nothing() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let bank = temp.path().join("matching.gift");
    fs::write(&bank, "Match. {=a -> 1 =b -> 2}\n").expect("bank");
    let out = temp.path().join("out");
    app()
        .arg("convert")
        .arg(&bank)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "matching.gift:1: skipped: a matching question",
        ))
        .stderr(predicates::str::contains(
            "error: nothing to convert: no question in the input could be converted; nothing was written",
        ));
    assert!(!out.exists());
}

#[test]
fn converting_again_updates_the_course_and_a_foreign_folder_is_refused() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let (out, out_text) = out_dir(&temp, "again");
    assert_eq!(convert(&["networks.gift", "--out", &out_text]).0, 0);
    let first = fs::read_to_string(out.join("quizzes/01-basics.toml")).expect("quiz");
    assert_eq!(convert(&["networks.gift", "--out", &out_text]).0, 0);
    let second = fs::read_to_string(out.join("quizzes/01-basics.toml")).expect("quiz");
    assert_eq!(first, second, "the same ids and text on every run");
    let leftovers: Vec<_> = fs::read_dir(temp.path())
        .expect("temp")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, ["again"], "no temporary folder is left behind");

    let (foreign, foreign_text) = out_dir(&temp, "notes");
    fs::create_dir(&foreign).expect("folder");
    fs::write(foreign.join("todo.txt"), "mine").expect("file");
    let (code, _, stderr) = convert(&["networks.gift", "--out", &foreign_text]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "error: '{foreign_text}' exists and is not a course folder: choose another --out\n"
        )
    );
    assert_eq!(
        fs::read_to_string(foreign.join("todo.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn usage_errors_name_the_value() {
    let (code, _, stderr) = convert(&["networks.gift"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: convert needs '--out DIR' (a course folder) or '-o FILE' (GIFT or Anki)\n"
    );
    let (code, _, stderr) = convert(&["networks.gift", "-o", "x.doc"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: cannot tell what to write to 'x.doc' from its name: add '--to gift' or '--to anki'\n"
    );
}

/// What a question is, apart from where it sits: compared across a round trip.
fn essence(q: &Question) -> (String, String, QuestionKind, String, String) {
    (
        q.id.clone(),
        q.prompt.clone(),
        q.kind.clone(),
        q.explanation.clone(),
        q.hint.clone(),
    )
}

#[test]
fn ours_to_gift_and_back_keeps_every_question_gift_can_carry() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let gift = temp.path().join("course.gift");
    let output = app()
        .args(["convert", "--to", "gift", "-o"])
        .arg(&gift)
        .output()
        .expect("convert runs");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shipped = load_course(None).expect("the built-in course").course;
    let carried: Vec<&Question> = questions(&shipped)
        .into_iter()
        .filter(|q| match &q.kind {
            QuestionKind::Order { .. } => false,
            QuestionKind::Gaps { gaps } => gaps.len() == 1,
            _ => true,
        })
        .collect();
    let dropped = questions(&shipped).len() - carried.len();
    assert!(dropped > 0, "the course has ordering questions to skip");
    assert_eq!(stderr.lines().count(), dropped, "{stderr}");
    assert!(
        stderr.contains("skipped: GIFT has no ordering questions"),
        "{stderr}"
    );

    let back = temp.path().join("back");
    app()
        .arg("convert")
        .arg(&gift)
        .arg("--out")
        .arg(&back)
        .assert()
        .success();
    app().arg("check").arg(&back).assert().success();
    let returned = course_at(&back);
    let expected: Vec<_> = carried.iter().map(|q| essence(q)).collect();
    let got: Vec<_> = questions(&returned).iter().map(|q| essence(q)).collect();
    assert_eq!(got.len(), expected.len());
    for (got, expected) in got.iter().zip(&expected) {
        assert_eq!(got, expected);
    }
    let titles: Vec<&str> = returned.chapters.iter().map(|c| c.title.as_str()).collect();
    let shipped_titles: Vec<&str> = shipped.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, shipped_titles, "one $CATEGORY per chapter");
}

#[test]
fn ours_to_anki_has_the_import_headers_and_stable_guids() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let run = |name: &str| {
        let file = temp.path().join(name);
        app().args(["convert", "-o"]).arg(&file).assert().success();
        fs::read_to_string(file).expect("the Anki file")
    };
    let first = run("a.txt");
    assert_eq!(first, run("b.txt"), "the same GUIDs and notes on every run");
    let mut lines = first.lines();
    let header: Vec<&str> = lines.by_ref().take(6).collect();
    assert_eq!(
        header,
        [
            "#separator:tab",
            "#html:true",
            "#guid column:1",
            "#notetype column:2",
            "#deck column:3",
            "#tags column:4"
        ]
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    let shipped = load_course(None).expect("the built-in course").course;
    assert_eq!(
        rows.len(),
        questions(&shipped).len(),
        "one note per question"
    );
    let mut guids: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    guids.sort_unstable();
    guids.dedup();
    assert_eq!(guids.len(), rows.len(), "GUIDs are unique");
    for row in &rows {
        assert_eq!(row.len(), 6, "{row:?}");
        assert!(row[2].starts_with("Machine Learning Systems::"), "{row:?}");
        assert!(row[3].starts_with("chapter::"), "{row:?}");
        assert!(
            row[3].contains(" section::") && row[3].contains(" objective::"),
            "{row:?}"
        );
    }
    let cloze: Vec<&Vec<&str>> = rows.iter().filter(|r| r[1] == "Cloze").collect();
    assert!(!cloze.is_empty(), "gaps are cloze notes");
    assert!(cloze.iter().all(|r| r[4].contains("{{c1::")), "{cloze:?}");
    let basic = rows.iter().find(|r| r[1] == "Basic").expect("basic notes");
    assert!(
        basic[5].contains("<br><br>"),
        "answer, then explanation: {basic:?}"
    );
}

#[test]
fn help_gives_an_example_per_format() {
    let output = app().args(["convert", "--help"]).output().expect("help");
    let help = String::from_utf8_lossy(&output.stdout);
    for example in [
        "convert bank.gift --out my-course",
        "--from mdbook-quiz",
        "convert textbook/contents/vol1/",
        "--to gift -o",
        "--to anki -o",
    ] {
        assert!(help.contains(example), "{example}: {help}");
    }
}
