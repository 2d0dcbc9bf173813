//! Commands printed as advice ("Answer it in the quiz: mlsys-learn quiz 3"), written so
//! they can be typed as shown: with `--content DIR` when the course is not the built-in
//! one, the folder quoted for a shell, and never a terminal control from the path.

use std::path::Path;

use crate::content::Course;

/// `mlsys-learn ARGS` for `course`, with `--content DIR` before ARGS when it was read
/// from a folder.
pub fn command(course: &Course, args: &str) -> String {
    command_in(course.folder.as_deref(), args)
}

/// `mlsys-learn ARGS` for the course in `folder` (`None`: the built-in one).
pub fn command_in(folder: Option<&Path>, args: &str) -> String {
    let folder = folder.map_or_else(String::new, |dir| {
        format!("--content {} ", shell_word(&dir.display().to_string()))
    });
    let line = format!("mlsys-learn {folder}{args}");
    crate::content::controls::visible(&line).into_owned()
}

/// `word` as a shell would need it typed: bare when safe, else in single quotes.
pub fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+=:,@".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course_in(folder: Option<&str>) -> Course {
        Course {
            folder: folder.map(std::path::PathBuf::from),
            ..Course::default()
        }
    }

    #[test]
    fn the_built_in_course_needs_no_folder() {
        assert_eq!(command(&course_in(None), "quiz 3"), "mlsys-learn quiz 3");
    }

    #[test]
    fn another_course_is_named_and_quoted_for_a_shell() {
        assert_eq!(
            command(&course_in(Some("my-course")), "quiz 3"),
            "mlsys-learn --content my-course quiz 3"
        );
        assert_eq!(
            command(&course_in(Some("Bob's course")), "list"),
            "mlsys-learn --content 'Bob'\\''s course' list"
        );
    }

    #[test]
    fn a_control_character_in_the_folder_is_shown_not_sent() {
        let line = command(&course_in(Some("evil\u{1b}]0;x\u{7}")), "list");
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{7}'),
            "{line}"
        );
    }
}
