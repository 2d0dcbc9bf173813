//! Each interactive screen as the one loop in `tui` runs it: app state (keys in, effects
//! out) joined to its view (drawing, layout). A screen does no I/O: the command that runs
//! it builds its starting state from the store and carries out its effects. Tests and
//! benches fit and draw through these same values, so they see what the student sees.

pub mod home;
pub mod quiz;
pub mod reader;
pub mod stats;
