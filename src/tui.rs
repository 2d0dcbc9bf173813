//! The terminal for interactive screens: enter raw mode and the alternate screen, and
//! leave them on every way out (return, error, panic via ratatui's hook, and SIGINT,
//! SIGTERM, SIGHUP, which end the loop and exit with 128 + the signal). Keys arrive
//! here and go to whoever runs the loop; only key presses count (not repeats or releases).

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEvent, KeyEventKind, MouseEventKind};
use ratatui::DefaultTerminal;

/// How often the loop wakes up to notice a signal when no key arrives.
const TICK: Duration = Duration::from_millis(100);

/// What the loop should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// The mouse wheel turned (down if true), when mouse capture is on.
    Scroll(bool),
    /// The window changed size: redraw.
    Resize,
    /// A signal asked the program to end: restore and exit with this code.
    Signal(i32),
    Nothing,
}

/// An interactive terminal session; dropping it restores the terminal.
pub struct Tui {
    pub terminal: DefaultTerminal,
    signal: Arc<AtomicUsize>,
    restored: bool,
    mouse: bool,
    /// Tells the hang-up watch (see `watch_hangup`) that this session is over.
    watching: Arc<AtomicBool>,
}

/// Whether both ends are terminals (an interactive screen makes no sense otherwise).
pub fn is_interactive() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

impl Tui {
    /// Enters raw mode and the alternate screen, with signal handlers that end the loop.
    pub fn start() -> io::Result<Self> {
        Self::start_with_mouse(false)
    }

    /// Like `start`, capturing the mouse wheel when `mouse` is on (text selection then
    /// needs Shift in most terminals, which is why it is off by default).
    pub fn start_with_mouse(mouse: bool) -> io::Result<Self> {
        let signal = Arc::new(AtomicUsize::new(0));
        for sig in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            signal_hook::flag::register_usize(
                sig,
                Arc::clone(&signal),
                usize::try_from(sig).unwrap_or(0),
            )?;
        }
        let terminal = ratatui::try_init()?;
        if mouse {
            crossterm::execute!(io::stdout(), crossterm::event::EnableMouseCapture)?;
        }
        let watching = Arc::new(AtomicBool::new(true));
        watch_hangup(Arc::clone(&watching), Arc::clone(&signal));
        Ok(Self {
            terminal,
            signal,
            restored: false,
            mouse,
            watching,
        })
    }

    /// Waits for the next key, resize or signal.
    pub fn next(&self) -> io::Result<Input> {
        loop {
            let sig = self.signal.load(Ordering::SeqCst);
            if sig != 0 {
                return Ok(Input::Signal(i32::try_from(sig).unwrap_or(15)));
            }
            if !event::poll(TICK)? {
                continue;
            }
            return Ok(match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    injected_fault(&key)?;
                    Input::Key(key)
                }
                Event::Resize(..) => Input::Resize,
                Event::Mouse(mouse) => match mouse.kind {
                    MouseEventKind::ScrollDown => Input::Scroll(true),
                    MouseEventKind::ScrollUp => Input::Scroll(false),
                    _ => Input::Nothing,
                },
                _ => Input::Nothing,
            });
        }
    }

    /// Leaves raw mode and the alternate screen, and shows the cursor.
    pub fn restore(&mut self) {
        if !self.restored {
            if self.mouse {
                let _ = crossterm::execute!(io::stdout(), crossterm::event::DisableMouseCapture);
            }
            ratatui::restore();
            self.restored = true;
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        self.watching.store(false, Ordering::SeqCst);
        self.restore();
    }
}

/// How often the hang-up watch looks at the terminal, and how long it then gives the
/// loop to end by itself.
const WATCH: Duration = Duration::from_millis(250);
const GRACE: Duration = Duration::from_secs(1);

/// Ends the program when its terminal goes away (the window is closed) while no SIGHUP
/// reaches us (we are not the session leader). A hung-up terminal reads as end-of-file
/// forever, and crossterm's `poll` then loops inside itself without returning, so the
/// event loop never sees a signal again and would spin at full speed for good. The watch
/// raises SIGHUP's flag, so a loop that does get control ends normally (saving its place);
/// if it is still stuck after `GRACE`, the program exits with 128 + SIGHUP. Every answer
/// is already committed, and an interrupted write is rolled back like any crash.
fn watch_hangup(watching: Arc<AtomicBool>, signal: Arc<AtomicUsize>) {
    let sighup = signal_hook::consts::SIGHUP;
    let spawned = std::thread::Builder::new()
        .name("hang-up watch".into())
        .spawn(move || {
            while watching.load(Ordering::SeqCst) {
                std::thread::sleep(WATCH);
                if !watching.load(Ordering::SeqCst) || io::stdin().is_terminal() {
                    continue;
                }
                signal.store(usize::try_from(sighup).unwrap_or(1), Ordering::SeqCst);
                std::thread::sleep(GRACE);
                if watching.load(Ordering::SeqCst) {
                    std::process::exit(i32::from(signal_exit_code(sighup)));
                }
            }
        });
    // Without the watch the program still works; it only loses this protection.
    drop(spawned);
}

/// Debug builds only: with MLSYS_LEARN_FAULT=panic or =error, F12 panics or fails, so
/// tests can prove the terminal is restored on those ways out too.
#[cfg(debug_assertions)]
fn injected_fault(key: &KeyEvent) -> io::Result<()> {
    if key.code != crossterm::event::KeyCode::F(12) {
        return Ok(());
    }
    match std::env::var("MLSYS_LEARN_FAULT").as_deref() {
        Ok("panic") => panic!("injected panic (MLSYS_LEARN_FAULT=panic)"),
        Ok("error") => Err(io::Error::other("injected fault (MLSYS_LEARN_FAULT=error)")),
        _ => Ok(()),
    }
}

#[cfg(not(debug_assertions))]
fn injected_fault(_key: &KeyEvent) -> io::Result<()> {
    Ok(())
}

/// The exit status for a signal, by convention 128 + its number.
pub fn signal_exit_code(sig: i32) -> u8 {
    u8::try_from(128 + sig).unwrap_or(255)
}
