//! The built-in course in its ready form: the model build.rs got from the course files after
//! checking them, stored in the binary so that `read 1` and the reader start from decoded
//! data instead of parsing Markdown and TOML at every start.
//!
//! One blob per course file, so a command still decodes only the files its scope wants:
//! `course.toml` is the course without its chapters, a chapter file is its chapter without
//! the quiz, a quiz file is its quiz. `content::load` puts them back together as a text load
//! would (tests/ready_form.rs holds the two to the same model for every scope). Only the
//! built-in course has one: a `--content` folder changes under us and is parsed as written.

use super::model::{Chapter, Course};
use super::quiz::Quiz;

/// What one course file holds once loaded and checked.
#[derive(Debug)]
pub enum ReadyFile {
    /// `course.toml`: the course without chapters.
    Course(Course),
    Chapter(Chapter),
    Quiz(Quiz),
}

/// Why a ready form could not be made or read.
#[derive(Debug, thiserror::Error)]
#[error("ready form of '{path}': {reason}")]
pub struct ReadyError {
    pub path: String,
    pub reason: String,
}

/// The ready form of `course`, loaded from its files without a problem: (file path, bytes)
/// for course.toml, each chapter and each quiz.
pub fn encode(course: &Course) -> Result<Vec<(String, Vec<u8>)>, ReadyError> {
    let header = Course {
        chapters: Vec::new(),
        ..course.clone()
    };
    let mut out = vec![("course.toml".to_string(), to_bytes("course.toml", &header)?)];
    for chapter in &course.chapters {
        let mut bare = chapter.clone();
        let quiz = bare.quiz.take();
        out.push((chapter.path.clone(), to_bytes(&chapter.path, &bare)?));
        if let Some(quiz) = quiz {
            out.push((quiz.path.clone(), to_bytes(&quiz.path, &quiz)?));
        }
    }
    Ok(out)
}

/// The model stored for the file at `path` (named as in the course folder).
pub fn decode(path: &str, bytes: &[u8]) -> Result<ReadyFile, ReadyError> {
    let error = |e: postcard::Error| ReadyError {
        path: path.to_string(),
        reason: e.to_string(),
    };
    Ok(if path == "course.toml" {
        ReadyFile::Course(postcard::from_bytes(bytes).map_err(error)?)
    } else if path.starts_with("chapters/") {
        ReadyFile::Chapter(postcard::from_bytes(bytes).map_err(error)?)
    } else if path.starts_with("quizzes/") {
        ReadyFile::Quiz(postcard::from_bytes(bytes).map_err(error)?)
    } else {
        return Err(ReadyError {
            path: path.to_string(),
            reason: "not a course file".to_string(),
        });
    })
}

fn to_bytes(path: &str, value: &impl serde::Serialize) -> Result<Vec<u8>, ReadyError> {
    postcard::to_allocvec(value).map_err(|e| ReadyError {
        path: path.to_string(),
        reason: e.to_string(),
    })
}
