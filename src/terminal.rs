//! The real terminal: set up, run the event loop, restore on every exit (a
//! quit, a panic, SIGTERM, SIGHUP, SIGINT, or a terminal that went away).

use std::io::{self, IsTerminal, Stdout};
use std::mem::ManuallyDrop;
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::app::{Action, App, Input};
use crate::keymap::Keymap;

#[cfg(unix)]
mod signals;
#[cfg(unix)]
mod watch;

mod board;
pub use board::run_board;

use signals::{Signals, Woke};

/// How often to look for other processes' writes where the file system
/// cannot tell of a change (no watch).
const TICK: Duration = Duration::from_millis(250);

/// How often to look anyway while watching: the safety tick, should a
/// change go untold; once a minute, with the look at a minute's turn (every
/// 5 s woke an idle process 0.2 times a second). `LOBBYDESK_SAFETY_TICK_MS`
/// sets it (tests set it far apart to show that a change wakes the process
/// by itself).
fn safety_tick() -> Duration {
    std::env::var("LOBBYDESK_SAFETY_TICK_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_millis)
}

/// Looks again after a wake by the watch: the file system tells of a write
/// to the `-wal` file before the commit is visible to readers (the
/// shared-memory index is written last, and on a busy machine the writer
/// may wait for a core in between), so the look on the wake itself may find
/// nothing new yet (it mostly does not). Looking again only 20 ms and 100 ms
/// later could miss a save until the safety tick when the writer waited
/// longer for a core (the cause of `tests/waking.rs`'s one timeout); the
/// looks now start 2 ms after the wake and reach 3 s. Each is one
/// `PRAGMA data_version`.
#[derive(Default)]
struct Again {
    /// When the watch woke the loop.
    woke: Option<Instant>,
    /// How many of [`Again::AFTER`] are done.
    done: usize,
}

impl Again {
    /// The looks after a wake, in ms from it.
    const AFTER: [u64; 7] = [2, 10, 30, 100, 300, 1000, 3000];

    /// After a wake: look again on each of [`Again::AFTER`].
    fn start(&mut self) {
        self.woke = Some(Instant::now());
        self.done = 0;
    }

    fn next(&self) -> Option<Instant> {
        let woke = self.woke?;
        let after = Self::AFTER.get(self.done)?;
        Some(woke + Duration::from_millis(*after))
    }

    fn timeout(&self) -> Duration {
        self.next().map_or(Duration::MAX, |at| {
            at.saturating_duration_since(Instant::now())
        })
    }

    /// Whether a look is due now (and the next one set).
    fn due(&mut self) -> bool {
        match self.next() {
            Some(at) if Instant::now() >= at => {
                let now = Instant::now();
                while self.next().is_some_and(|at| at <= now) {
                    self.done += 1;
                }
                true
            }
            _ => false,
        }
    }
}

/// The time until the wall clock's next minute (a shown minute turns).
fn until_next_minute() -> Duration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let into = Duration::from_millis((now.as_millis() % 60_000) as u64);
    Duration::from_secs(60).saturating_sub(into) + Duration::from_millis(5)
}

/// How long crossterm may look for more of a batch of keys already there
/// (it does not look at all with a zero timeout).
const DRAIN: Duration = Duration::from_millis(1);

/// This many wakes in a row for a keyboard that reads nothing: its end of
/// file, the terminal gone without saying so.
const AT_END: u32 = 100;

/// No key for this long: a pause, when housekeeping (the WAL checkpoint) runs.
const PAUSE: Duration = Duration::from_secs(1);

/// How the application ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The person quit.
    Quit,
    /// SIGTERM, SIGHUP or SIGINT (its number) asked it to stop.
    Signal(i32),
    /// The terminal went away: its other end closed, or it cannot be read.
    Gone,
}

impl Ended {
    /// The process's exit code: 0 for a quit; 128 + the signal's number for
    /// a signal, as shells say it (a terminal gone counts as a hang-up).
    pub fn exit_code(self) -> u8 {
        let code = match self {
            Ended::Quit => 0,
            Ended::Signal(n) => signals::exit_code(n),
            Ended::Gone => signals::exit_code(signals::HANGUP),
        };
        u8::try_from(code).unwrap_or(1)
    }
}

/// Whether both standard input and standard output are a terminal: the
/// full-screen application needs both.
pub fn usable() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// The keyboard's file: standard input (a terminal, see [`usable`]).
#[cfg(unix)]
fn keyboard() -> i32 {
    use std::os::fd::AsRawFd;
    io::stdin().as_raw_fd()
}

#[cfg(not(unix))]
fn keyboard() -> i32 {
    0
}

/// Run the application until the person quits or a signal stops it, with
/// `keys` mapping key presses to actions. The terminal is restored on return
/// and on panic.
pub fn run(app: &mut App, keys: &Keymap) -> io::Result<Ended> {
    full_screen(|terminal, signals| event_loop(terminal, app, keys, signals))
}

/// The terminal's screen for `body`: the panic hook and the signals set up,
/// raw mode and the alternate screen entered; restored on return and on
/// panic, whatever `body` returns.
fn full_screen(
    body: impl FnOnce(&mut Terminal<CrosstermBackend<Stdout>>, &Signals) -> io::Result<Ended>,
) -> io::Result<Ended> {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        default_hook(info);
    }));
    let signals = Signals::listen()?;
    signals.watchdog(keyboard(), restore, signals::exit_code);
    let setup = enable_raw_mode().and_then(|()| {
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )
    });
    let result = setup.and_then(|_| {
        // Not dropped: ratatui's drop shows the cursor and, when that fails
        // (the terminal gone), prints with `eprintln!`, which panics on a
        // dead stderr. `restore` shows the cursor.
        let mut terminal = ManuallyDrop::new(Terminal::new(CrosstermBackend::new(io::stdout()))?);
        body(&mut terminal, &signals)
    });
    restore();
    signals.finished();
    match result {
        // Drawing or reading failed because the terminal went away.
        Err(_) if signals::hung_up(keyboard()) => Ok(Ended::Gone),
        other => other,
    }
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    keys: &Keymap,
    signals: &Signals,
) -> io::Result<Ended> {
    let tty = keyboard();
    let watch = watch::Watch::new(app.cx.store.path());
    let tick = if watch.is_some() { safety_tick() } else { TICK };
    let mut dirty = true;
    let mut last_tick = Instant::now();
    let mut last_input = Instant::now();
    let mut next_minute = Instant::now() + until_next_minute();
    let mut again = Again::default();
    // Housekeeping due after a pause in typing, once.
    let mut pause_due = true;
    // Wakes in a row with the keyboard readable but no key read: at its end.
    let mut empty_reads = 0;
    loop {
        if let Some(n) = signals.stop() {
            return Ok(Ended::Signal(n));
        }
        if dirty {
            terminal.draw(|f| crate::ui::draw(f, app, keys))?;
            dirty = false;
        }
        if app.take_bell() {
            execute!(io::stdout(), crossterm::style::Print('\x07'))?;
        }
        if app.quit {
            return Ok(Ended::Quit);
        }
        let mut timeout = tick
            .saturating_sub(last_tick.elapsed())
            .min(next_minute.saturating_duration_since(Instant::now()))
            .min(again.timeout());
        if pause_due {
            timeout = timeout.min(PAUSE.saturating_sub(last_input.elapsed()));
        }
        // The keyboard is read only when it has bytes and has not hung up:
        // crossterm reads a hung-up terminal in a loop until its timeout.
        let mut look = false;
        match signals.wait(tty, watch.as_ref().map(|w| w.fd()), timeout)? {
            Woke::Gone => return Ok(Ended::Gone),
            // Another process (or this one) wrote: look what changed.
            Woke::Changed => {
                if let Some(w) = &watch {
                    w.drain();
                }
                again.start();
                look = true;
            }
            // A resize, or a stop seen at the top of the loop.
            Woke::Signal => dirty = true,
            // Keys crossterm already read off the terminal but did not hand
            // over (its look for more ran out of time before it looked at
            // what it holds, as happens on a busy machine) leave nothing
            // readable behind: take them on the tick, never leave them.
            Woke::Timeout => {
                let size = terminal.size()?;
                let fits = crate::ui::fits(size.width, size.height);
                while !app.quit && event::poll(DRAIN)? {
                    last_input = Instant::now();
                    dirty |= handle(app, keys, event::read()?, fits);
                }
            }
            Woke::Input => {
                last_input = Instant::now();
                pause_due = true;
                let size = terminal.size()?;
                let fits = crate::ui::fits(size.width, size.height);
                let mut read = false;
                while !app.quit && event::poll(DRAIN)? {
                    dirty |= handle(app, keys, event::read()?, fits);
                    read = true;
                }
                empty_reads = if read { 0 } else { empty_reads + 1 };
                if empty_reads >= AT_END {
                    return Ok(Ended::Gone);
                }
            }
        }
        look |= again.due();
        if Instant::now() >= next_minute {
            next_minute = Instant::now() + until_next_minute();
            look = true;
        }
        if look || last_tick.elapsed() >= tick {
            last_tick = Instant::now();
            dirty |= app.update(Action::Tick);
            if last_input.elapsed() >= PAUSE {
                app.idle();
            }
        }
        if pause_due && last_input.elapsed() >= PAUSE {
            pause_due = false;
            app.idle();
        }
    }
}

/// One event from the terminal; returns whether the screen must be redrawn.
/// While the terminal is too small to show the screens (`fits` false), only
/// help and quit act: a key typed blind must not change or show anything.
fn handle(app: &mut App, keys: &Keymap, event: Event, fits: bool) -> bool {
    match event {
        Event::Key(key) if !fits => match keys.action(&key, app.tab, false) {
            Some(action @ (Action::Quit | Action::ToggleHelp)) => app.update(action),
            _ => false,
        },
        Event::Key(key) => match keys.action_for(&key, app) {
            Some(action) => app.update(action),
            None => false,
        },
        Event::Paste(text) if fits && app.form.is_some() => {
            app.update(Action::Form(Input::Paste(text)))
        }
        Event::Resize(_, _) => true,
        _ => false,
    }
}

/// Away from Unix: no signals to listen to and no hang-up to see; the
/// keyboard is waited for through crossterm.
#[cfg(not(unix))]
mod signals {
    use std::io;
    use std::time::Duration;

    pub const HANGUP: i32 = 1;

    pub enum Woke {
        Input,
        Signal,
        Gone,
        Timeout,
        Changed,
    }

    pub struct Signals;

    impl Signals {
        pub fn listen() -> io::Result<Signals> {
            Ok(Signals)
        }
        pub fn stop(&self) -> Option<i32> {
            None
        }
        pub fn wait(
            &self,
            _tty: i32,
            _changed: Option<i32>,
            timeout: Duration,
        ) -> io::Result<Woke> {
            Ok(if crossterm::event::poll(timeout)? {
                Woke::Input
            } else {
                Woke::Timeout
            })
        }
        pub fn watchdog(&self, _tty: i32, _restore: fn(), _code: fn(i32) -> i32) {}
        pub fn finished(&self) {}
    }

    pub fn hung_up(_fd: i32) -> bool {
        false
    }

    pub fn exit_code(n: i32) -> i32 {
        128 + n
    }
}
