//! Fuzzes the quiz loader: any bytes, as the one quiz file of a course, go through
//! `content::load::load` (the TOML quiz parser, then the validator). A panic is a finding.

use mlsys_learn::content::load::load;
use mlsys_learn::content::source::SourceFile;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let files = [SourceFile {
            path: "quizzes/01-fuzz.toml".into(),
            text: text.into(),
        }];
        let _ = load(&files);
    });
}
