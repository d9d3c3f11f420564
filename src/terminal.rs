//! The real terminal: set up, run the event loop, restore on every exit.

use std::io::{self, Stdout};
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

/// How often to look for other processes' writes and for a ticking minute.
const TICK: Duration = Duration::from_millis(250);

/// No key for this long: a pause, when housekeeping (the WAL checkpoint) runs.
const PAUSE: Duration = Duration::from_secs(1);

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Run the application until the person quits, with `keys` mapping key
/// presses to actions. The terminal is restored on return and on panic.
pub fn run(app: &mut App, keys: &Keymap) -> io::Result<()> {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        default_hook(info);
    }));
    enable_raw_mode()?;
    let setup = execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    );
    let result = setup.and_then(|_| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        event_loop(&mut terminal, app, keys)
    });
    restore();
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    keys: &Keymap,
) -> io::Result<()> {
    let mut dirty = true;
    let mut last_tick = Instant::now();
    let mut last_input = Instant::now();
    loop {
        if dirty {
            terminal.draw(|f| crate::ui::draw(f, app, keys))?;
            dirty = false;
        }
        if app.quit {
            return Ok(());
        }
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if event::poll(timeout)? {
            last_input = Instant::now();
            match event::read()? {
                Event::Key(key) => {
                    if let Some(action) = keys.action(&key, app.tab, app.form.is_some()) {
                        dirty |= app.update(action);
                    }
                }
                Event::Paste(text) if app.form.is_some() => {
                    dirty |= app.update(Action::Form(Input::Paste(text)));
                }
                Event::Resize(_, _) => dirty = true,
                _ => {}
            }
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            dirty |= app.update(Action::Tick);
            if last_input.elapsed() >= PAUSE {
                app.idle();
            }
        }
    }
}
