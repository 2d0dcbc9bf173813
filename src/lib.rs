//! mlsys-learn: a terminal course reader and quiz app for ML systems engineering.
//!
//! The data flows one way:
//!
//! ```text
//! chapters/*.md, quizzes/*.toml ──▶ content (typed model, validator)
//!                                        │
//!                                        ▼
//!                               render (styled lines at a width) ──▶ plain text / TUI
//! ```
//!
//! - [`content`]: the course model and its loader and validator; no terminal, no database.
//! - [`render`]: content to styled lines at a width: wrapping, tables, math, diagrams.
//! - [`math`]: LaTeX to Unicode, used by both content (to check) and render (to draw).
//! - [`app`]: pure state machines (keys in, effects out); [`ui`]: drawing them.
//! - [`screens`]: each interactive screen as the one loop in [`tui`] runs it.
//! - [`store`]: the SQLite progress store.
//! - [`cli`]: the command-line interface (clap) and the failure type; [`commands`]: what
//!   each command does, carrying out screens' effects against the store.
//! - [`convert`]: question banks in and out (GIFT, mdbook-quiz, the textbook's JSON, Anki).
//! - [`sync`]: progress to a learning record store over xAPI, and the class report.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod convert;
pub mod math;
pub mod render;
pub mod schedule;
pub mod screens;
pub mod store;
pub mod sync;
pub mod tui;
pub mod ui;
