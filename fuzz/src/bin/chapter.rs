//! Fuzzes the chapter parser: any bytes, as the one chapter file of a course, go
//! through `content::load::load` (front matter, Markdown builder, validator) and every
//! chapter that loads is rendered at 80 and 20 columns. A panic is a finding.

use mlsys_learn::content::load::load;
use mlsys_learn::content::source::SourceFile;
use mlsys_learn::render::RenderOptions;
use mlsys_learn::render::chapter::render_chapter;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let files = [SourceFile {
            path: "chapters/01-fuzz.md".into(),
            text: text.into(),
        }];
        let loaded = load(&files);
        for chapter in &loaded.course.chapters {
            for width in [80, 20] {
                let opts = RenderOptions {
                    width,
                    ascii: false,
                };
                let _ = render_chapter(&loaded.course, chapter, &opts);
            }
        }
    });
}
