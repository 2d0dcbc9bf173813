//! Snapshots of every chapter as `read --plain` prints it at 60, 80 and 120 columns: the
//! whole page a student reads through `less`. Review changes with `cargo insta review`.

// A test that cannot set itself up fails at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;

fn plain(width: u16) -> String {
    plain_chapter(1, width)
}

fn plain_chapter(chapter: usize, width: u16) -> String {
    let output = Command::cargo_bin("mlsys-learn")
        .expect("the binary is built")
        .env_remove("NO_COLOR")
        .args([
            "read",
            &chapter.to_string(),
            "--plain",
            "--width",
            &width.to_string(),
        ])
        .output()
        .expect("runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn chapter_one_at_60() {
    insta::assert_snapshot!(plain(60));
}

#[test]
fn chapter_one_at_80() {
    insta::assert_snapshot!(plain(80));
}

#[test]
fn chapter_one_at_120() {
    insta::assert_snapshot!(plain(120));
}

/// Chapters 2 onwards, one snapshot per chapter and width; no line is wider than asked.
#[test]
fn every_later_chapter_at_60_80_and_120() {
    let chapters = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/chapters"))
        .expect("the chapters folder")
        .count();
    for chapter in 2..=chapters {
        for width in [60u16, 80, 120] {
            let text = plain_chapter(chapter, width);
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= usize::from(width),
                    "chapter {chapter} at {width}: {line:?}"
                );
            }
            insta::assert_snapshot!(format!("chapter_{chapter:02}_at_{width}"), text);
        }
    }
}

/// `read N --plain` loads only course.toml and chapter N's file; what it prints must be
/// byte for byte what the whole course would render, for every chapter, by number or slug.
#[test]
fn one_chapter_loaded_alone_renders_exactly_as_in_the_whole_course() {
    use mlsys_learn::content::{Scope, load_scoped};
    use mlsys_learn::render::RenderOptions;
    use mlsys_learn::render::chapter::render_chapter;
    let whole = load_scoped(None, Scope::Chapters).expect("loads");
    assert!(whole.diagnostics.is_empty(), "{:?}", whole.diagnostics);
    let options = RenderOptions {
        width: 80,
        ascii: false,
    };
    for chapter in &whole.course.chapters {
        let expected = render_chapter(&whole.course, chapter, &options);
        for key in [chapter.number.to_string(), chapter.slug.clone()] {
            let alone = load_scoped(None, Scope::Chapter(&key)).expect("loads");
            assert!(
                alone.diagnostics.is_empty(),
                "{key}: {:?}",
                alone.diagnostics
            );
            assert_eq!(alone.course.chapters.len(), 1, "{key}");
            let got = render_chapter(&alone.course, &alone.course.chapters[0], &options);
            assert_eq!(got.lines, expected.lines, "chapter {key}");
        }
    }
    let none = load_scoped(None, Scope::Chapter("99")).expect("loads");
    assert!(none.course.chapters.is_empty());
}
