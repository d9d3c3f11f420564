//! Crash safety: real lobbydesk processes writing a stream of actions are
//! killed with SIGKILL at random moments, well over 50 times. After every
//! kill the database passes `PRAGMA integrity_check`, every walk-in a process
//! reported as saved (the number `walkin add` printed, "Registered A007" seen
//! on the application's screen) is there, and nothing is half-written: every
//! ticket has its `ticket.add` event and every event its record, every client
//! belongs to a ticket, ticket numbers run from 001 without a gap, and every
//! ticket's state fits its times.
//!
//! The moments are drawn from a fixed seed; set `CRASH_SEED` to try others.

#[path = "../support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lobbydesk::args;
use lobbydesk::store::staff::Staff;
use support::pg::Place;
use support::pty::{sandbox_cmd, Spawn, BIN};
use support::{on_server, Check};
use tempfile::TempDir;

extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
}
const SIGKILL: i32 = 9;

// ---------------------------------------------------------------- walkin add, killed

struct Outcome {
    killed: bool,
    number: Option<String>,
}

// ---------------------------------------------------------------- the application, killed

/// Numbers the screen said were registered, seen after each chunk of output.
fn registered_on(screen: &str, into: &mut BTreeSet<String>) {
    for (i, _) in screen.match_indices("Registered ") {
        let n: String = screen[i + "Registered ".len()..].chars().take(4).collect();
        if n.len() == 4 && n[1..].bytes().all(|b| b.is_ascii_digit()) {
            into.insert(n);
        }
    }
}

mod kills;
