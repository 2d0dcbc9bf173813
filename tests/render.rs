//! Snapshots of Chapter 1 as `read --plain` prints it at 60, 80 and 120 columns: the
//! whole page a student reads through `less`. Review changes with `cargo insta review`.

use assert_cmd::Command;

fn plain(width: u16) -> String {
    let output = Command::cargo_bin("mlsys-learn")
        .expect("the binary is built")
        .env_remove("NO_COLOR")
        .args(["read", "1", "--plain", "--width", &width.to_string()])
        .output()
        .expect("runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn chapter_one_at_60() {
    insta::assert_snapshot!(plain(60));
}

#[test]
fn chapter_one_at_80() {
    insta::assert_snapshot!(plain(80));
}

#[test]
fn chapter_one_at_120() {
    insta::assert_snapshot!(plain(120));
}
