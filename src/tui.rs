//! The one terminal loop every interactive screen runs in. `run` enters raw mode and the
//! alternate screen, and leaves them on every way out (return, error, panic via ratatui's
//! hook, and SIGINT, SIGTERM, SIGHUP, which end the loop and exit with 128 + the signal).
//! Each turn it fits the screen to the window, draws it, waits for a key, the mouse wheel,
//! a resize or a signal, and hands the screen's effects to the command that runs it.
//! While the window is smaller than the screen needs, keys do nothing but Ctrl+C. Only
//! key presses count (not repeats or releases).

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEvent, KeyEventKind, MouseEventKind};
use ratatui::layout::{Rect, Size};
use ratatui::{DefaultTerminal, Frame};

use crate::app::keys::is_ctrl_c;
use crate::cli::Failure;

/// An interactive screen as the loop sees it: pure state and its drawing; whatever it
/// asks of the world comes out of `update` as effects for the command to carry out.
pub trait Screen {
    /// What the screen asks the command to do (save an answer, open the reader, quit).
    type Effect;

    /// The smallest window (width, height) the screen can be used in.
    fn min_size(&self) -> (u16, u16);

    /// Whether the loop should capture the mouse wheel for this screen.
    fn mouse(&self) -> bool {
        false
    }

    /// Fits the state to a window of `area` before each frame: the screen asks its view
    /// for the layout and hands what the state must know to the state itself.
    fn fit(&mut self, area: Rect);

    /// A key or the mouse wheel, at `now` (milliseconds since the epoch).
    fn update(&mut self, input: Input, now: i64) -> Vec<Self::Effect>;

    fn draw(&self, frame: &mut Frame<'_>);

    /// Whether something the screen shows changed without any input (a background task
    /// reported): asked whenever the loop wakes up with nothing to read; true redraws.
    fn refresh(&mut self) -> bool {
        false
    }

    /// What to carry out when a signal ends the program (e.g. remember the place).
    fn closing(&mut self) -> Vec<Self::Effect> {
        Vec::new()
    }
}

/// What the command says after carrying out a screen's effects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<T> {
    Continue,
    /// Leave the loop (the terminal is restored) with this value.
    Exit(T),
}

/// Runs `screen` until `apply` says to stop. `apply` is called after every key, wheel
/// turn and resize (with no effects when there were none) so a command can keep side
/// state in step with the screen; on a signal it gets the screen's closing effects, then
/// the terminal is restored and the program ends with 128 + the signal.
pub fn run<S: Screen, T>(
    screen: &mut S,
    mut apply: impl FnMut(&mut S, Vec<S::Effect>) -> Result<Step<T>, Failure>,
) -> Result<T, Failure> {
    let mut tui = Tui::start(screen.mouse())?;
    loop {
        let size = tui.size()?;
        screen.fit(Rect::from((ratatui::layout::Position::ORIGIN, size)));
        tui.draw(|frame| screen.draw(frame))?;
        let effects = match wait(&tui, screen)? {
            Next::Input(Input::Key(key))
                if too_small(size, screen.min_size()) && !is_ctrl_c(&key) =>
            {
                Vec::new()
            }
            Next::Input(input) => screen.update(input, crate::store::now_ms()),
            Next::Signal(sig) => {
                let closing = screen.closing();
                apply(screen, closing)?;
                tui.restore();
                return Err(Failure::Signal(signal_exit_code(sig)));
            }
            Next::Resize | Next::Nothing | Next::Refresh => Vec::new(),
        };
        if let Step::Exit(value) = apply(screen, effects)? {
            tui.restore();
            return Ok(value);
        }
    }
}

/// The next thing to handle: input, a resize, a signal, or a change the screen asks to
/// redraw for (quiet wake-ups are passed over without drawing).
fn wait<S: Screen>(tui: &Tui, screen: &mut S) -> Result<Next, TerminalError> {
    loop {
        match tui.next()? {
            Next::Refresh if !screen.refresh() => {}
            next => return Ok(next),
        }
    }
}

/// The window's size now, as an area at the origin (80x24 when it cannot be read).
pub fn window() -> Rect {
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
    Rect::new(0, 0, width, height)
}

/// Whether a window of `size` is below a screen's minimum (keys then do nothing but
/// Ctrl+C, since the student cannot see what they would do).
pub fn too_small(size: Size, (width, height): (u16, u16)) -> bool {
    size.width < width || size.height < height
}

/// A failure of the terminal itself: it could not be set up, read or drawn on.
#[derive(Debug, thiserror::Error)]
#[error("terminal error: {0}")]
pub struct TerminalError(#[from] io::Error);

/// How often the loop wakes up to notice a signal when no key arrives.
const TICK: Duration = Duration::from_millis(100);

/// What a screen is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// The mouse wheel turned (down if true), when mouse capture is on.
    Scroll(bool),
}

/// What the terminal reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Input(Input),
    /// The window changed size: redraw.
    Resize,
    /// A signal asked the program to end: restore and exit with this code.
    Signal(i32),
    Nothing,
    /// Nothing arrived for a tick: the screen may have news of its own to draw.
    Refresh,
}

/// An interactive terminal session; dropping it restores the terminal.
struct Tui {
    terminal: DefaultTerminal,
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
    /// Enters raw mode and the alternate screen, with signal handlers that end the loop,
    /// capturing the mouse wheel when `mouse` is on (text selection then needs Shift in
    /// most terminals, which is why it is off by default).
    fn start(mouse: bool) -> Result<Self, TerminalError> {
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

    fn size(&self) -> Result<Size, TerminalError> {
        Ok(self.terminal.size()?)
    }

    fn draw(&mut self, draw: impl FnOnce(&mut Frame<'_>)) -> Result<(), TerminalError> {
        self.terminal.draw(draw)?;
        Ok(())
    }

    /// Waits for the next key, resize or signal, for a tick at most.
    fn next(&self) -> Result<Next, TerminalError> {
        let sig = self.signal.load(Ordering::SeqCst);
        if sig != 0 {
            return Ok(Next::Signal(i32::try_from(sig).unwrap_or(15)));
        }
        if !event::poll(TICK)? {
            return Ok(Next::Refresh);
        }
        Ok(match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                injected_fault(&key)?;
                Next::Input(Input::Key(key))
            }
            Event::Resize(..) => Next::Resize,
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollDown => Next::Input(Input::Scroll(true)),
                MouseEventKind::ScrollUp => Next::Input(Input::Scroll(false)),
                _ => Next::Nothing,
            },
            _ => Next::Nothing,
        })
    }

    /// Leaves raw mode and the alternate screen, and shows the cursor.
    fn restore(&mut self) {
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
