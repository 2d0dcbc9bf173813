//! The course model and everything that reads it from files: chapters (Markdown with TOML
//! front matter), quizzes (TOML), the course roadmap, and the validator. Nothing here
//! knows about terminals or databases.

pub mod answer;
pub mod cache;
pub mod callout;
pub mod chapter;
pub mod controls;
pub mod diagram;
mod embedded;
pub mod explore;
pub mod fences;
pub mod formula;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod model;
pub mod on_demand;
pub mod quiz;
pub mod ready;
pub mod source;
pub mod validate;

pub use load::{LoadError, Loaded, Scope, load_course, load_scoped};
pub use model::*;
pub use on_demand::{CourseOnDemand, RestBroken};
pub use source::Diagnostic;
