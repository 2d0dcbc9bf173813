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
//! - [`convert`]: question banks in and out (GIFT, mdbook-quiz, the textbook's JSON, Anki).
//! - [`cli`]: the command-line interface (clap) and the commands it runs.
//! - [`sync`]: progress to a learning record store over xAPI, and the class report.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod convert;
pub mod render;
pub mod schedule;
pub mod store;
pub mod sync;
pub mod tui;
pub mod ui;
