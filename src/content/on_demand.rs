//! A course loaded only as far as a screen needs it. The reader and the quiz open on one
//! chapter (`Scope::Study`: the course index, the chapter, its quiz), so their first
//! screen costs the same on an eleven-chapter course as on a two-hundred-chapter one; the
//! rest of the course (the next chapter, a term defined elsewhere, the review of every
//! chapter) is loaded, and validated whole, the first time a key asks for it. A rest that
//! has problems is refused with a message, and the chapter already open stays readable.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use super::cache;
use super::model::Course;

/// The course a screen works on: what is loaded now, and how to load the rest.
#[derive(Debug)]
pub struct CourseOnDemand<'a> {
    loaded: &'a Course,
    /// `None`: `loaded` is already the whole course.
    rest: Option<Rest>,
}

#[derive(Debug)]
struct Rest {
    /// The `--content` folder, or `None` for the embedded course.
    dir: Option<PathBuf>,
    /// The data folder, whose course cache a `--content` course is loaded from when fresh.
    data_dir: Option<PathBuf>,
    whole: OnceCell<Result<Course, RestBroken>>,
}

/// Why the rest of the course could not be loaded cleanly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestBroken {
    #[error("the rest of the course has {0} problem(s); 'mlsys-learn check' lists them")]
    Problems(usize),
    /// The folder was readable a moment ago; whatever happened to it, the part stays.
    #[error("cannot load the rest of the course: {0}")]
    Unreadable(String),
}

impl<'a> CourseOnDemand<'a> {
    /// A course already loaded whole (the home screen, `review`).
    pub fn whole(course: &'a Course) -> Self {
        Self {
            loaded: course,
            rest: None,
        }
    }

    /// Part of the course (a `Scope::Study` load) from `dir` (`None`: the embedded
    /// course); the rest is loaded on the first call to `load_whole`, through the course
    /// cache in `data_dir` when there is one (`content::cache::load_whole`).
    pub fn part(course: &'a Course, dir: Option<&Path>, data_dir: Option<&Path>) -> Self {
        Self {
            loaded: course,
            rest: Some(Rest {
                dir: dir.map(Path::to_path_buf),
                data_dir: data_dir.map(Path::to_path_buf),
                whole: OnceCell::new(),
            }),
        }
    }

    /// The most that is loaded: the whole course once it has loaded cleanly, else the part.
    pub fn current(&self) -> &Course {
        match &self.rest {
            Some(rest) => match rest.whole.get() {
                Some(Ok(whole)) => whole,
                _ => self.loaded,
            },
            None => self.loaded,
        }
    }

    /// Whether `current` is the whole course.
    pub fn is_whole(&self) -> bool {
        self.rest
            .as_ref()
            .is_none_or(|rest| matches!(rest.whole.get(), Some(Ok(_))))
    }

    /// The whole course, loaded and validated the first time it is asked for (a second
    /// call after a failure reports the same failure without reading the files again).
    pub fn load_whole(&self) -> Result<&Course, RestBroken> {
        let Some(rest) = &self.rest else {
            return Ok(self.loaded);
        };
        rest.whole
            .get_or_init(|| load_clean(rest.dir.as_deref(), rest.data_dir.as_deref()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The whole course when it loads with no problem at all.
fn load_clean(dir: Option<&Path>, data_dir: Option<&Path>) -> Result<Course, RestBroken> {
    match cache::load_whole(dir, data_dir) {
        Ok(loaded) if loaded.diagnostics.is_empty() => Ok(loaded.course),
        Ok(loaded) => Err(RestBroken::Problems(loaded.diagnostics.len())),
        Err(error) => Err(RestBroken::Unreadable(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::{Scope, load_scoped};

    #[test]
    fn a_part_of_the_embedded_course_loads_the_rest_once_asked() {
        let part = load_scoped(None, Scope::Study("2")).expect("loads").course;
        assert_eq!(part.chapters.len(), 1);
        let course = CourseOnDemand::part(&part, None, None);
        assert!(!course.is_whole());
        assert_eq!(course.current().chapters.len(), 1);
        let whole = course.load_whole().expect("the shipped course is clean");
        assert!(whole.chapters.len() > 1);
        assert!(course.is_whole());
        assert_eq!(course.current().chapters.len(), whole.chapters.len());
    }

    #[test]
    fn a_whole_course_is_whole_from_the_start() {
        let whole = load_scoped(None, Scope::Whole).expect("loads").course;
        let course = CourseOnDemand::whole(&whole);
        assert!(course.is_whole());
        assert!(std::ptr::eq(course.load_whole().expect("whole"), &whole));
    }
}
