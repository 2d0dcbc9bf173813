//! Fuzzes the validator over a small course: the input is split at lines holding only
//! `=====` into course.toml, one chapter and one quiz (missing parts are empty), loaded
//! together so that every cross-file check runs (quiz to chapter, citations, in-text
//! checks, glossary, figures); the chapter is then rendered. A panic is a finding.

use mlsys_learn::content::load::load;
use mlsys_learn::content::source::SourceFile;
use mlsys_learn::render::RenderOptions;
use mlsys_learn::render::chapter::render_chapter;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let mut parts = text.split("\n=====\n");
        let mut next = || parts.next().unwrap_or("").to_string();
        let files = [
            SourceFile {
                path: "course.toml".into(),
                text: next(),
            },
            SourceFile {
                path: "chapters/01-basics.md".into(),
                text: next(),
            },
            SourceFile {
                path: "quizzes/01-basics.toml".into(),
                text: next(),
            },
        ];
        let loaded = load(&files);
        for chapter in &loaded.course.chapters {
            let opts = RenderOptions {
                width: 60,
                ascii: false,
            };
            let _ = render_chapter(&loaded.course, chapter, &opts);
        }
    });
}
