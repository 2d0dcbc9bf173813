//! Pure state machines for the interactive screens. Each takes keys and the time and
//! returns effects; none touches the terminal or the store.

pub mod input;
pub mod quiz;
pub mod shuffle;
