//! Sending progress to a learning record store (LRS) over xAPI, and reading a class's
//! statements back for a teacher. The store queues every event in its outbox in the same
//! transaction that records it; this module turns outbox rows into xAPI statements
//! (`statement`), and nothing here writes progress.

pub mod auto;
pub mod client;
pub mod fetch;
pub mod report;
pub mod send;
pub mod settings;
pub mod statement;
