//! The `mlsys-learn` binary: parse the command line, run the command, turn failures into
//! one-line messages and exit codes. Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    mlsys_learn::cli::main()
}
