//! Stopping from outside: SIGTERM, SIGHUP and SIGINT end the event loop so
//! that the terminal is restored, and a terminal that went away (its other
//! end closed) is noticed without ever reading from it in a loop.

use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};

/// How long the event loop has to finish after a stop signal or a hang-up
/// before the process is ended without it.
const GRACE: Duration = Duration::from_secs(3);

/// What woke the event loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Woke {
    /// Bytes to read from the keyboard.
    Input,
    /// A signal: a stop (see [`Signals::stop`]) or a resize.
    Signal,
    /// The terminal hung up or cannot be read any more.
    Gone,
    /// Nothing before the timeout.
    Timeout,
    /// The database changed (the watch's pipe is readable).
    Changed,
}

/// The signals the application listens to, with the pipe that wakes the
/// event loop when one arrives.
pub struct Signals {
    /// The number of the signal that asked to stop; 0 for none yet.
    stop: Arc<AtomicUsize>,
    wake: UnixStream,
    /// The watchdog's own ring of the stop signals (it blocks on it).
    alarm: UnixStream,
    /// Set when the event loop has finished: the watchdog stands down.
    done: Arc<AtomicBool>,
    /// Written when the event loop has finished: wakes the watchdog.
    done_ring: UnixStream,
    done_wake: UnixStream,
}

impl Signals {
    /// Listen to SIGTERM, SIGHUP and SIGINT (a stop) and SIGWINCH (a resize).
    /// A SIGHUP the parent chose to ignore is listened to as well: without a
    /// terminal there is nothing left to do.
    pub fn listen() -> io::Result<Signals> {
        let stop = Arc::new(AtomicUsize::new(0));
        let (wake, ring) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        ring.set_nonblocking(true)?;
        // The flag first, then the pipe: woken, the loop sees the flag.
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)?;
        }
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGWINCH] {
            signal_hook::low_level::pipe::register(sig, ring.try_clone()?)?;
        }
        let (alarm, alarm_ring) = UnixStream::pair()?;
        alarm_ring.set_nonblocking(true)?;
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::low_level::pipe::register(sig, alarm_ring.try_clone()?)?;
        }
        let (done_wake, done_ring) = UnixStream::pair()?;
        done_ring.set_nonblocking(true)?;
        Ok(Signals {
            stop,
            wake,
            alarm,
            done: Arc::new(AtomicBool::new(false)),
            done_ring,
            done_wake,
        })
    }

    /// The signal that asked to stop, if one did.
    pub fn stop(&self) -> Option<i32> {
        match self.stop.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n as i32),
        }
    }

    /// Wait up to `timeout` for a key on `tty`, a signal, a hang-up, or
    /// (when given) the database's watch to become readable.
    pub fn wait(&self, tty: RawFd, changed: Option<RawFd>, timeout: Duration) -> io::Result<Woke> {
        let mut fds = [
            libc::pollfd {
                fd: changed.unwrap_or(-1),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: tty,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
        // SAFETY: `fds` is a valid array of three pollfd for the whole call
        // (a negative fd is ignored by poll).
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
        let [changed, fds @ ..] = &fds;
        if n < 0 {
            let e = io::Error::last_os_error();
            return match e.kind() {
                io::ErrorKind::Interrupted => Ok(Woke::Signal),
                _ => Err(e),
            };
        }
        if fds[1].revents & libc::POLLIN != 0 {
            // Empty the pipe before the flag is read (in `stop`).
            let mut buf = [0u8; 64];
            while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
            return Ok(Woke::Signal);
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Ok(Woke::Gone);
        }
        if fds[0].revents & libc::POLLIN != 0 {
            return Ok(Woke::Input);
        }
        if changed.revents & libc::POLLIN != 0 {
            return Ok(Woke::Changed);
        }
        Ok(Woke::Timeout)
    }

    /// A thread that ends the process if the event loop has not finished
    /// [`GRACE`] after a stop signal or a hang-up of `tty`: the last resort
    /// should the loop be stuck where it cannot see either. `restore` is
    /// tried first; `code` gives the exit code for the signal (or hang-up).
    /// The thread blocks in `poll` on its own ring of the stop signals, the
    /// terminal's hang-up and the loop's end: it never wakes otherwise.
    pub fn watchdog(&self, tty: RawFd, restore: fn(), code: fn(i32) -> i32) {
        let stop = Arc::clone(&self.stop);
        let done = Arc::clone(&self.done);
        let (Ok(alarm), Ok(end)) = (self.alarm.try_clone(), self.done_wake.try_clone()) else {
            return;
        };
        std::thread::spawn(move || {
            // Until a stop signal or a hang-up: blocked, no timeout.
            let signal = loop {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                match stop.load(Ordering::SeqCst) {
                    0 if hung_up(tty) => break SIGHUP,
                    0 => {}
                    n => break n as i32,
                }
                let woke = block(
                    &[
                        (tty, 0),
                        (alarm.as_raw_fd(), libc::POLLIN),
                        (end.as_raw_fd(), libc::POLLIN),
                    ],
                    -1,
                );
                if woke[1] & libc::POLLIN != 0 {
                    let mut buf = [0u8; 64];
                    let _ = (&alarm).read(&mut buf);
                }
            };
            // The grace: the loop's end wakes the thread before it is up.
            let deadline = Instant::now() + GRACE;
            while !done.load(Ordering::SeqCst) {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    restore();
                    std::process::exit(code(signal));
                }
                let ms = left.as_millis().clamp(1, i32::MAX as u128) as libc::c_int;
                block(&[(end.as_raw_fd(), libc::POLLIN)], ms);
            }
        });
    }

    /// The event loop has finished: the watchdog stands down.
    pub fn finished(&self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = (&self.done_ring).write(&[1]);
    }
}

/// Wait up to `ms` (-1: without end) for one of `fds` (each with the events
/// waited for); the events seen, in the same order.
fn block(fds: &[(RawFd, libc::c_short)], ms: libc::c_int) -> Vec<libc::c_short> {
    let mut polls: Vec<libc::pollfd> = fds
        .iter()
        .map(|&(fd, events)| libc::pollfd {
            fd,
            events,
            revents: 0,
        })
        .collect();
    // SAFETY: `polls` is a valid array of pollfd for the whole call.
    let n = unsafe { libc::poll(polls.as_mut_ptr(), polls.len() as libc::nfds_t, ms) };
    if n <= 0 {
        return vec![0; fds.len()];
    }
    polls.iter().map(|p| p.revents).collect()
}

/// Whether the terminal behind `fd` hung up (its other end closed) or is
/// no longer a file at all; never reads from it.
pub fn hung_up(fd: RawFd) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no wait.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// The exit code of a process stopped by signal `n`: 128 + n, as shells say it.
pub fn exit_code(n: i32) -> i32 {
    128 + n
}

/// The signal number of a hang-up.
pub const HANGUP: i32 = SIGHUP;
