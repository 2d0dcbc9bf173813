//! Ralph, a real learning record store from PyPI, for the sync tests: installed once into
//! a virtualenv under target/ (reused by later runs), started on a free loopback port in a
//! temporary folder, stopped when dropped. Where it cannot be installed the tests fail
//! saying why, unless MLSYS_LEARN_SKIP_LRS_TESTS=1 asks to skip them.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

pub const RALPH_PACKAGES: &[&str] = &["ralph-malph[cli,lrs]==5.1.0", "requests"];
pub const TEACHER: &str = "teacher";
pub const PASSWORD: &str = "correct horse battery staple";
pub const SKIP_ENV: &str = "MLSYS_LEARN_SKIP_LRS_TESTS";

/// The virtualenv with Ralph, and an auth file holding the teacher's credentials.
struct Installed {
    python: PathBuf,
    auth: PathBuf,
}

fn venv_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ralph-venv")
}

/// Ralph's python, installing it the first time; `None` when skipping is asked for.
fn installed() -> Option<&'static Installed> {
    static INSTALLED: OnceLock<Result<Installed, String>> = OnceLock::new();
    match INSTALLED.get_or_init(install) {
        Ok(found) => Some(found),
        Err(why) if std::env::var_os(SKIP_ENV).is_some_and(|v| v == "1") => {
            eprintln!("skipped: Ralph (the LRS) is not available: {why} ({SKIP_ENV}=1)");
            None
        }
        Err(why) => panic!(
            "Ralph (the LRS these tests need) could not be installed: {why}; \
             install Python 3 with venv, or set {SKIP_ENV}=1 to skip these tests"
        ),
    }
}

fn install() -> Result<Installed, String> {
    let venv = venv_dir();
    let python = venv.join("bin/python");
    let marker = venv.join(".mlsys-learn-installed-5.1.0");
    if !marker.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(RALPH_PACKAGES))?;
        std::fs::write(&marker, "").map_err(|e| e.to_string())?;
    }
    let auth = venv.join("auth.json");
    let _ = std::fs::remove_file(&auth);
    run(Command::new(venv.join("bin/ralph"))
        .args(["auth", "-u", TEACHER, "-p", PASSWORD, "-s", "all", "-w"])
        .args(["-A", TEACHER, "https://school.example"])
        .env("RALPH_AUTH_FILE", &auth)
        .env("RALPH_RUNSERVER_BACKEND", "fs"))?;
    Ok(Installed { python, auth })
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or("").to_string();
    Err(format!("{command:?} failed: {last}"))
}

/// A free port on the loopback interface.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// One running LRS with its own statements file.
pub struct Ralph {
    child: Child,
    pub port: u16,
    dir: TempDir,
}

impl Ralph {
    /// Starts Ralph on a free port, or `None` when the tests are to be skipped.
    pub fn start() -> Option<Ralph> {
        Self::start_on(free_port())
    }

    pub fn start_on(port: u16) -> Option<Ralph> {
        let installed = installed()?;
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).expect("data dir");
        let launcher = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lrs/ralph_lrs.py");
        let child = Command::new(&installed.python)
            .arg(launcher)
            .arg(port.to_string())
            .current_dir(dir.path())
            .env("RALPH_AUTH_FILE", &installed.auth)
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .env("RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH", &data)
            .env("RALPH_APP_DIR", dir.path().join("app"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ralph");
        let mut ralph = Ralph { child, port, dir };
        ralph.wait_ready();
        Some(ralph)
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut err = String::new();
                if let Some(mut pipe) = self.child.stderr.take() {
                    let _ = pipe.read_to_string(&mut err);
                }
                panic!("ralph exited ({status}) before listening: {err}");
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "ralph did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The endpoint to configure: statements go to `<endpoint>/statements`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI", self.port)
    }

    /// Every statement stored, as Ralph wrote them, in order.
    pub fn stored(&self) -> Vec<Value> {
        let file = self.dir.path().join("data/fs_lrs.jsonl");
        let text = std::fs::read_to_string(file).unwrap_or_default();
        text.lines()
            .map(|line| serde_json::from_str(line).expect("stored statement"))
            .collect()
    }

    /// The ids of the stored statements.
    pub fn stored_ids(&self) -> Vec<String> {
        self.stored()
            .iter()
            .map(|s| s["id"].as_str().expect("id").to_string())
            .collect()
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
