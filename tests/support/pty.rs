//! The real binary in a pseudo-terminal: spawned with a sandboxed home, its
//! output read by a thread into a terminal emulator (vt100), keys typed as
//! bytes. Shared by the tests that run lobbydesk as a person at the desk does.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

pub const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");

/// How long `wait_for` waits for a text to show.
pub const WAIT: Duration = Duration::from_secs(10);

/// Environment for every process of a test: its own home, so the machine's
/// config and data folder are never read; and the test roster's PIN
/// ([`super::PIN`]), so that `--as CODE` signs in (a person without a PIN
/// yet chooses it on their first sign-in).
pub fn sandbox_env(home: &Path) -> Vec<(String, OsString)> {
    vec![
        ("HOME".into(), home.into()),
        ("XDG_CONFIG_HOME".into(), home.join("config").into()),
        ("XDG_DATA_HOME".into(), home.join("data").into()),
        ("LOBBYDESK_PIN".into(), super::PIN.into()),
    ]
}

/// A plain (non-terminal) process, such as a kiosk's `walkin add`, in its own
/// home, with no locale or backtrace setting inherited from the machine.
pub fn sandbox_cmd(cmd: &mut Command, home: &Path) {
    cmd.envs(sandbox_env(home))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RUST_BACKTRACE");
}

/// The screen framed for a panic message.
pub fn frame(screen: &str) -> String {
    let lines: Vec<String> = screen.lines().map(|l| format!("|{l}")).collect();
    format!("--- screen ---\n{}\n--------------", lines.join("\n"))
}

/// Called by the reader thread with the screen after each chunk of output.
type Watch = Box<dyn FnMut(&vt100::Screen) + Send>;

/// How to start lobbydesk in a pseudo-terminal.
pub struct Spawn {
    cols: u16,
    rows: u16,
    home: PathBuf,
    args: Vec<OsString>,
    unset: Vec<&'static str>,
    keep_raw: bool,
    watch: Option<Watch>,
    label: String,
}

impl Spawn {
    /// lobbydesk in a `cols`×`rows` terminal, working in `home` and with
    /// HOME and the XDG folders inside it.
    pub fn new(cols: u16, rows: u16, home: &Path) -> Spawn {
        Spawn {
            cols,
            rows,
            home: home.to_path_buf(),
            args: Vec::new(),
            unset: Vec::new(),
            keep_raw: false,
            watch: None,
            label: String::new(),
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Spawn {
        self.args.push(arg.into());
        self
    }

    pub fn args<A: Into<OsString>>(mut self, args: impl IntoIterator<Item = A>) -> Spawn {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Remove a variable from the inherited environment.
    pub fn unset(mut self, name: &'static str) -> Spawn {
        self.unset.push(name);
        self
    }

    /// Keep every raw byte of output, for `Pty::raw`.
    pub fn keep_raw(mut self) -> Spawn {
        self.keep_raw = true;
        self
    }

    /// Look at the screen after each chunk of output, from the reader thread.
    pub fn watch(mut self, f: impl FnMut(&vt100::Screen) + Send + 'static) -> Spawn {
        self.watch = Some(Box::new(f));
        self
    }

    /// A name for panic messages, when a test runs several.
    pub fn label(mut self, label: &str) -> Spawn {
        self.label = label.to_string();
        self
    }

    pub fn start(self) -> Pty {
        let Spawn {
            cols,
            rows,
            home,
            args,
            unset,
            keep_raw,
            mut watch,
            label,
        } = self;
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(&args);
        cmd.cwd(&home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        for (k, v) in sandbox_env(&home) {
            if !unset.contains(&k.as_str()) {
                cmd.env(k, v);
            }
        }
        for name in unset {
            cmd.env_remove(name);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn lobbydesk");
        // Only the child holds the terminal's other end, so the reader sees
        // the end of output when it exits.
        drop(pair.slave);

        let seen = Arc::new(Mutex::new(Seen {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            eof: false,
        }));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let master_fd = pair.master.as_raw_fd().expect("the pty's file");
        // SAFETY: dup(2) of an open file; the copy is owned by the thread.
        let poll_fd = unsafe { OwnedFd::from_raw_fd(libc::dup(master_fd)) };
        let shared = Arc::clone(&seen);
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                // Read only what is there, so that `hang_up` can stop the
                // thread (and let go of its handle on the terminal).
                let mut p = libc::pollfd {
                    fd: poll_fd.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, on the thread's own copy.
                let ready = unsafe { libc::poll(&mut p, 1, 50) };
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if ready <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    // A signal to this test process (a child ended) is no
                    // end of the terminal: read on.
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock
                        ) =>
                    {
                        continue
                    }
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = shared.lock().unwrap();
                        s.parser.process(&buf[..n]);
                        if keep_raw {
                            s.raw.extend_from_slice(&buf[..n]);
                        }
                        if let Some(watch) = watch.as_mut() {
                            watch(s.parser.screen());
                        }
                    }
                }
            }
            shared.lock().unwrap().eof = true;
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Pty {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            seen,
            reader: Some(reader),
            stop,
            label,
        }
    }
}

/// Output seen so far: the parsed screen and (if kept) every raw byte.
struct Seen {
    parser: vt100::Parser,
    raw: Vec<u8>,
    eof: bool,
}

/// lobbydesk running in a pseudo-terminal. Dropping it kills the process.
pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    /// None once hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    seen: Arc<Mutex<Seen>>,
    reader: Option<JoinHandle<()>>,
    /// Tells the reader thread to stop.
    stop: Arc<AtomicBool>,
    label: String,
}

impl Pty {
    pub fn screen(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    /// A look at the emulator's screen state (modes, cursor).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.seen.lock().unwrap().parser.screen())
    }

    /// Every byte of output so far (with `Spawn::keep_raw`).
    pub fn raw(&self) -> Vec<u8> {
        self.seen.lock().unwrap().raw.clone()
    }

    /// Type bytes as the keyboard would send them.
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer();
        writer.write_all(keys.as_bytes()).expect("type");
        writer.flush().expect("flush");
    }

    /// The keyboard's end of the terminal, for tests that type on after
    /// the process may be gone.
    pub fn writer(&mut self) -> &mut (dyn Write + Send) {
        &mut **self.writer.as_mut().expect("the terminal was hung up")
    }

    fn master(&self) -> &(dyn MasterPty + Send) {
        &**self.master.as_ref().expect("the terminal was hung up")
    }

    /// The process's id.
    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("a process id") as i32
    }

    /// Send the process a signal (`libc::SIGTERM`, …).
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) on our own child's id.
        let r = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(r, 0, "send signal {signal}");
    }

    /// The terminal's local modes (`c_lflag`: `ICANON`, `ECHO`, …) as the
    /// process left them: raw mode clears `ICANON` and `ECHO`.
    pub fn local_flags(&self) -> libc::tcflag_t {
        self.master()
            .get_termios()
            .expect("the terminal's settings")
            .local_flags
            .bits()
    }

    /// Close the terminal as a window being closed does: every handle on
    /// its master side is let go (the keyboard side types a last Enter and
    /// Ctrl-D as it goes). The output read so far stays readable.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.writer = None;
        self.master = None;
    }

    fn prefix(&self) -> String {
        if self.label.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.label)
        }
    }

    /// Poll the parsed screen until `ok` holds; on timeout, or if the process
    /// exits first, panic showing it.
    pub fn wait_until(&mut self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // One last look: the final frame may have arrived with the exit.
                std::thread::sleep(Duration::from_millis(100));
                let screen = self.screen();
                if ok(&screen) {
                    return;
                }
                panic!(
                    "{}lobbydesk exited ({status:?}) while waiting for {what}\n{}",
                    self.prefix(),
                    frame(&screen)
                );
            }
            if Instant::now() >= deadline {
                panic!(
                    "{}timed out after {timeout:?} waiting for {what}\n{}",
                    self.prefix(),
                    frame(&screen)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait up to `WAIT` for `text` on the screen.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_for_within(text, WAIT);
    }

    pub fn wait_for_within(&mut self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?}"), timeout, |s| s.contains(text));
    }

    /// Resize the terminal, as a person dragging the window does.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first, so the redraw that follows is read at the new size.
        self.seen.lock().unwrap().parser.set_size(rows, cols);
        self.master()
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Wait for the process to exit; then for the last of its output.
    pub fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "{}lobbydesk did not exit within {timeout:?}\n{}",
                    self.prefix(),
                    frame(&self.screen())
                );
            }
            std::thread::sleep(Duration::from_millis(30));
        };
        let deadline = Instant::now() + Duration::from_secs(3);
        while !self.seen.lock().unwrap().eof && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Some(r) = self.reader.take() {
            if r.is_finished() {
                r.join().expect("reader thread");
            }
        }
        status
    }

    /// After the process is gone: wait until every byte of its output was read.
    pub fn join_reader(&mut self) {
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}
