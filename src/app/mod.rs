//! Pure state machines for the interactive screens. Each takes keys and the time and
//! returns effects; none touches the terminal or the store.

pub mod dashboard;
pub mod home;
pub mod input;
pub mod keys;
pub mod panes;
pub mod quiz;
pub mod reader;
pub mod search;
pub mod seen;
pub mod shuffle;
pub mod stats;
pub mod versions;
pub mod words;
