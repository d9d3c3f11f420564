//! The calling board's loop: draw the board, look for other processes'
//! calls on every tick, ring the bell for each, until quit or a signal.
//! The terminal is set up and restored as for the desk.

use std::io::{self, Stdout};
use std::time::Instant;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::execute;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use super::signals::{Signals, Woke};
use super::{
    full_screen, keyboard, safety_tick, until_next_minute, watch, Again, Ended, AT_END, DRAIN, TICK,
};
use crate::board::Board;

/// Run the board until `quits` says a key quits, or a signal or a lost
/// terminal stops it. The terminal is restored on return and on panic.
pub fn run_board(board: &mut Board, quits: &dyn Fn(&KeyEvent) -> bool) -> io::Result<Ended> {
    full_screen(|terminal, signals| board_loop(terminal, board, quits, signals))
}

fn board_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    board: &mut Board,
    quits: &dyn Fn(&KeyEvent) -> bool,
    signals: &Signals,
) -> io::Result<Ended> {
    let tty = keyboard();
    let watch = watch::Watch::new(board.path());
    let tick = if watch.is_some() { safety_tick() } else { TICK };
    let mut dirty = true;
    let mut last_tick = Instant::now();
    let mut next_minute = Instant::now() + until_next_minute();
    let mut again = Again::default();
    let mut empty_reads = 0;
    loop {
        if let Some(n) = signals.stop() {
            return Ok(Ended::Signal(n));
        }
        if dirty {
            terminal.draw(|f| crate::ui::board::draw(f, &board.view))?;
            dirty = false;
        }
        for _ in 0..board.take_bells() {
            execute!(io::stdout(), crossterm::style::Print('\x07'))?;
        }
        let timeout = tick
            .saturating_sub(last_tick.elapsed())
            .min(next_minute.saturating_duration_since(Instant::now()))
            .min(again.timeout());
        let mut look = false;
        match signals.wait(tty, watch.as_ref().map(|w| w.fd()), timeout)? {
            Woke::Gone => return Ok(Ended::Gone),
            Woke::Signal => dirty = true,
            Woke::Changed => {
                if let Some(w) = &watch {
                    w.drain();
                }
                again.start();
                look = true;
            }
            woke => {
                let mut read = false;
                while event::poll(DRAIN)? {
                    read = true;
                    match event::read()? {
                        Event::Key(k) if k.kind != KeyEventKind::Release && stops(&k, quits) => {
                            return Ok(Ended::Quit)
                        }
                        Event::Resize(..) => dirty = true,
                        _ => {}
                    }
                }
                if matches!(woke, Woke::Input) {
                    empty_reads = if read { 0 } else { empty_reads + 1 };
                    if empty_reads >= AT_END {
                        return Ok(Ended::Gone);
                    }
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
            dirty |= board.tick();
        }
    }
}

/// The quit key, or Ctrl-C (raw mode turns it into a key).
fn stops(key: &KeyEvent, quits: &dyn Fn(&KeyEvent) -> bool) -> bool {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    ctrl_c || quits(key)
}
