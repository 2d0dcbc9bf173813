//! Embeds the shipped course (course.toml, chapters/, quizzes/) into the binary, so
//! `mlsys-learn` runs from any folder with nothing beside it.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

/// A failure here fails the build with its message.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env::var("CARGO_MANIFEST_DIR")?;
    let root = Path::new(&root);
    let mut files = Vec::new();
    println!("cargo:rerun-if-changed=course.toml");
    if root.join("course.toml").is_file() {
        files.push("course.toml".to_string());
    }
    for dir in ["chapters", "quizzes"] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        names.sort();
        for name in names {
            println!("cargo:rerun-if-changed={dir}/{name}");
            files.push(format!("{dir}/{name}"));
        }
    }
    let mut code = String::from(
        "/// The shipped course, as (path, text) pairs.\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let absolute = root.join(file);
        writeln!(
            code,
            "    ({file:?}, include_str!({:?})),",
            absolute.display().to_string()
        )?;
    }
    code.push_str("];\n");
    let out = env::var("OUT_DIR")?;
    fs::write(Path::new(&out).join("embedded.rs"), code)?;
    Ok(())
}
