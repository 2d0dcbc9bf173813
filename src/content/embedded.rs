//! The shipped course (course.toml, chapters/, quizzes/) as build.rs embeds it in the
//! binary, so `mlsys-learn` runs from any folder with nothing beside it. Apart from the
//! loader so build.rs can compile the loader itself (to check the course before embedding
//! it) without the file it is in the middle of writing.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
