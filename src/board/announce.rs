//! Saying a call aloud: the branch's announcement command (`board.announce`)
//! run with the sentence as its last argument, one sentence at a time,
//! never waited for by the screen and never writing to it.

use std::collections::VecDeque;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A sentence not said within this long is cut short: the next call waits.
const TOO_LONG: Duration = Duration::from_secs(30);

/// At most this many sentences wait to be said; older ones are dropped.
const BACKLOG: usize = 10;

/// The announcement command and the sentences waiting for it.
#[derive(Debug, Default)]
pub struct Announcer {
    /// The program and its first arguments (the command split by whitespace).
    command: Vec<String>,
    waiting: VecDeque<String>,
    running: Option<(Child, Instant)>,
}

impl Announcer {
    /// An announcer running `command` (none, or blank: nothing is said).
    pub fn new(command: Option<&str>) -> Announcer {
        let mut a = Announcer::default();
        a.set_command(command);
        a
    }

    /// Use `command` from now on (the branch settings changed).
    pub fn set_command(&mut self, command: Option<&str>) {
        self.command = command
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_string)
            .collect();
    }

    /// Say `sentence` when the sentences before it are said.
    pub fn say(&mut self, sentence: String) {
        if self.command.is_empty() {
            return;
        }
        if self.waiting.len() >= BACKLOG {
            self.waiting.pop_front();
        }
        self.waiting.push_back(sentence);
        self.pump();
    }

    /// Reap the sentence being said if it is over (or cut it short), and
    /// start the next. Call it on every tick: no child is left a zombie.
    pub fn pump(&mut self) {
        if let Some((child, since)) = &mut self.running {
            match child.try_wait() {
                Ok(None) if since.elapsed() < TOO_LONG => return,
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                }
                _ => {}
            }
            self.running = None;
        }
        while let Some(sentence) = self.waiting.pop_front() {
            if let Some(child) = self.spawn(&sentence) {
                self.running = Some((child, Instant::now()));
                return;
            }
        }
    }

    /// Whether a sentence is being said or waits to be.
    pub fn busy(&self) -> bool {
        self.running.is_some() || !self.waiting.is_empty()
    }

    /// The command with `sentence` as its last argument, detached from the
    /// terminal; a command that cannot start is passed over in silence.
    fn spawn(&self, sentence: &str) -> Option<Child> {
        let (program, args) = self.command.split_first()?;
        let mut cmd = Command::new(program);
        cmd.args(args)
            .arg(sentence)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            // Its own process group: a signal to the board's terminal is
            // not the announcement's.
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        cmd.spawn().ok()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn settle(a: &mut Announcer) {
        let start = Instant::now();
        while a.busy() && start.elapsed() < Duration::from_secs(10) {
            a.pump();
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(!a.busy(), "the announcements finished");
    }

    #[test]
    fn each_sentence_is_said_once_in_order_as_the_last_argument() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("said.txt");
        let script = format!("printf '%s|%s\\n' \"$1\" \"$2\" >> '{}'", out.display());
        let file = dir.path().join("say.sh");
        std::fs::write(&file, format!("#!/bin/sh\n{script}\n")).unwrap();
        let mut a = Announcer::new(Some(&format!("sh {} first", file.display())));
        a.say("请A001号到1号窗口".into());
        a.say("请A002号到2号窗口".into());
        settle(&mut a);
        let said = std::fs::read_to_string(&out).unwrap();
        assert_eq!(said, "first|请A001号到1号窗口\nfirst|请A002号到2号窗口\n");
    }

    #[test]
    fn no_command_or_a_missing_one_says_nothing_and_never_fails() {
        let mut a = Announcer::new(None);
        a.say("x".into());
        assert!(!a.busy());
        let mut a = Announcer::new(Some("   "));
        a.say("x".into());
        assert!(!a.busy());
        let mut a = Announcer::new(Some("/no/such/program -v zh"));
        a.say("x".into());
        a.say("y".into());
        assert!(!a.busy(), "nothing runs, nothing waits");
        // A command that fails is reaped like any other.
        let mut a = Announcer::new(Some("false"));
        a.say("x".into());
        settle(&mut a);
    }
}
