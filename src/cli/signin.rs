//! Who is at the keyboard, proven before anything is done in their name:
//! the PIN asked at the terminal (without echo) or given in `LOBBYDESK_PIN`,
//! the operating-system account bound to a code, the first-run question of
//! a new database, and the refusal when nobody is signed in.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;

use super::{fail, refused, Context, BAD_INPUT, FAILED, NOT_ALLOWED};
use crate::domain::authority::{self, Act, Person, Target};
use crate::i18n::{self, Msg};
use crate::ops::signin::{self, Attempt, Door};
use crate::store::staff::Staff;
use crate::store::Store;

/// The PIN of the person signing in, for a script or a ticket kiosk.
pub const PIN_ENV: &str = "LOBBYDESK_PIN";
/// The PIN the head sets with `staff pin`, for a script.
pub const NEW_PIN_ENV: &str = "LOBBYDESK_NEW_PIN";

/// The operating-system account this process runs as (its real user id's
/// name, not `$USER`, which anyone can set).
#[cfg(unix)]
pub fn os_user() -> Option<String> {
    // SAFETY: getuid cannot fail; getpwuid_r writes only into `pwd` and
    // `buf`, which outlive the call, and `result` points into them or is null.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 16 * 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(pwd.pw_name);
        name.to_str().ok().map(str::to_string)
    }
}

/// The operating-system account this process runs as.
#[cfg(not(unix))]
pub fn os_user() -> Option<String> {
    std::env::var("USERNAME").ok().filter(|u| !u.is_empty())
}

/// Whether there is a person at a terminal to ask.
fn at_terminal() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Ask at the terminal; the answer typed is shown only if `echo`. `None`:
/// the person pressed Esc or Ctrl-C.
fn ask(prompt: &str, echo: bool) -> io::Result<Option<String>> {
    let mut err = io::stderr();
    // Raw first, then the prompt: keys typed as soon as it shows are not
    // echoed by the terminal (a PIN on screen), nor taken as a line.
    terminal::enable_raw_mode()?;
    let got = write!(err, "{prompt}")
        .and_then(|()| err.flush())
        .and_then(|()| read_keys(&mut err, echo));
    let _ = terminal::disable_raw_mode();
    writeln!(err)?;
    got
}

fn read_keys(err: &mut io::Stderr, echo: bool) -> io::Result<Option<String>> {
    let mut text = String::new();
    loop {
        match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => return Ok(Some(text.trim().to_string())),
                KeyCode::Esc => return Ok(None),
                KeyCode::Char('c' | 'd') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Ok(None)
                }
                KeyCode::Backspace => {
                    if let Some(c) = text.pop() {
                        if echo {
                            let w = i18n::width(c.encode_utf8(&mut [0; 4])).max(1);
                            write!(err, "{}", "\u{8} \u{8}".repeat(w))?;
                        }
                    }
                }
                KeyCode::Char(c) => {
                    text.push(c);
                    if echo {
                        write!(err, "{c}")?;
                    }
                }
                _ => {}
            },
            Event::Paste(p) => {
                text.push_str(p.trim_end_matches(['\r', '\n']));
                if echo {
                    write!(err, "{p}")?;
                }
            }
            _ => {}
        }
        err.flush()?;
    }
}

/// An answer typed at the terminal, or the exit code when it cannot be.
fn answer(ctx: &Context, prompt: &str, echo: bool) -> Result<String, ExitCode> {
    match ask(prompt, echo) {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(fail(NOT_ALLOWED, Msg::SignInCancelled.get(ctx.lang))),
        Err(e) => Err(fail(FAILED, &Msg::ErrTerminal.fill(ctx.lang, &[("e", &e)]))),
    }
}

/// A new PIN for `code`: from the variable `env`, or typed twice at the
/// terminal (asked again until both agree and it is 4 to 12 digits).
pub(super) fn new_pin(ctx: &Context, code: &str, env: &str) -> Result<String, ExitCode> {
    let lang = ctx.lang;
    if let Ok(pin) = std::env::var(env) {
        return match signin::check_pin(&pin) {
            Ok(()) => Ok(pin),
            Err(r) => Err(fail(BAD_INPUT, &r.message(lang))),
        };
    }
    if !at_terminal() {
        return Err(fail(NOT_ALLOWED, Msg::SignInNoTerminal.get(lang)));
    }
    loop {
        let pin = answer(ctx, &Msg::PromptNewPin.fill(lang, &[("c", &code)]), false)?;
        if let Err(r) = signin::check_pin(&pin) {
            eprintln!("{}", r.message(lang));
            continue;
        }
        let again = answer(ctx, Msg::PromptPinAgain.get(lang), false)?;
        if again == pin {
            return Ok(pin);
        }
        eprintln!("{}", Msg::PinsDiffer.get(lang));
    }
}

/// Sign in as `code`: by the bound operating-system account, else by PIN
/// (`LOBBYDESK_PIN`, or asked at the terminal, again after a wrong one
/// until the lock). A person without a PIN chooses one now.
pub(super) fn sign_in(store: &mut Store, ctx: &Context, code: &str) -> Result<Staff, ExitCode> {
    let lang = ctx.lang;
    let os = os_user();
    let door = signin::door(&store.db(), code, os.as_deref());
    let (_, door) = door.map_err(|e| refused(store, ctx, &e))?;
    let now = ctx.clock.now();
    let done = match door {
        Door::OsUser => {
            let os = os.unwrap_or_default();
            store.write(|db| signin::sign_in_os_user(db, now, code, &os))
        }
        Door::FirstPin => {
            let pin = new_pin(ctx, code, PIN_ENV)?;
            match store.write(|db| signin::first_pin(db, now, code, &pin)) {
                // Another process signing in as them chose it first: sign
                // in with it.
                Err(crate::ops::OpError::Changed(_)) => return sign_in(store, ctx, code),
                done => done,
            }
        }
        Door::Pin => loop {
            let typed = std::env::var(PIN_ENV).is_err();
            let pin = match std::env::var(PIN_ENV) {
                Ok(pin) => pin,
                Err(_) if at_terminal() => {
                    answer(ctx, &Msg::PromptPin.fill(lang, &[("c", &code)]), false)?
                }
                Err(_) => return Err(fail(NOT_ALLOWED, Msg::SignInNoTerminal.get(lang))),
            };
            match store.write(|db| signin::sign_in_pin(db, ctx.clock.now(), code, &pin)) {
                Ok(Attempt::In(s)) => break Ok(s),
                Ok(Attempt::Wrong { locked: true, .. }) => {
                    let text = Msg::SignInLocked.fill(lang, &[("c", &code)]);
                    return Err(fail(NOT_ALLOWED, &text));
                }
                Ok(Attempt::Wrong { tries, .. }) => {
                    let text = Msg::SignInWrong.fill(lang, &[("n", &Attempt::left(tries))]);
                    if !typed {
                        return Err(fail(NOT_ALLOWED, &text));
                    }
                    eprintln!("{text}");
                }
                Err(e) => break Err(e),
            }
        },
    };
    done.map_err(|e| refused(store, ctx, &e))
}

/// The code typed at the terminal, then the sign-in; or the refusal when
/// there is no terminal.
pub(super) fn ask_who(store: &mut Store, ctx: &Context) -> Result<Staff, ExitCode> {
    if !at_terminal() {
        return Err(fail(NOT_ALLOWED, Msg::SignInHow.get(ctx.lang)));
    }
    let code = answer(ctx, Msg::PromptCode.get(ctx.lang), true)?;
    sign_in(store, ctx, &code)
}

/// The first run of a new database: the branch head's code, name and PIN,
/// asked once at the terminal; then the head is signed in.
pub(super) fn first_run(store: &mut Store, ctx: &Context) -> Result<Staff, ExitCode> {
    let lang = ctx.lang;
    if !at_terminal() {
        return Err(fail(NOT_ALLOWED, Msg::FirstRunNoTerminal.get(lang)));
    }
    eprintln!("{}", Msg::FirstRunWelcome.get(lang));
    loop {
        let code = answer(ctx, Msg::PromptHeadCode.get(lang), true)?;
        let name = answer(ctx, Msg::PromptHeadName.get(lang), true)?;
        let pin = new_pin(ctx, &code, PIN_ENV)?;
        let now = ctx.clock.now();
        match store.write(|db| signin::first_head(db, now, &ctx.catalog, &code, &name, &pin)) {
            Ok(s) => return Ok(s),
            // A bad code or name: said, and asked again.
            Err(crate::ops::OpError::Roster(r)) if r.is_bad_input() => {
                eprintln!("{}", r.message(lang));
            }
            Err(e) => return Err(refused(store, ctx, &e)),
        }
    }
}

/// On a server the login proves who is at the keyboard (the server checked
/// its password): no PIN is asked. `--as`, if given, must be the login's
/// own code; a login the branch's roster does not know is refused.
pub(super) fn server_login(
    store: &mut Store,
    ctx: &Context,
    claimed: Option<&str>,
) -> Result<Staff, ExitCode> {
    let lang = ctx.lang;
    let db = store.db();
    let code = match db.login_code() {
        Ok(Some(code)) => code,
        Ok(None) => return Err(fail(NOT_ALLOWED, Msg::SignInNoLogin.get(lang))),
        Err(e) => return Err(fail(FAILED, &e.message(lang))),
    };
    if let Some(claimed) = claimed.filter(|c| c.trim() != code) {
        let text = Msg::SignInOtherLogin.fill(lang, &[("c", &claimed), ("l", &code)]);
        return Err(fail(NOT_ALLOWED, &text));
    }
    let staff = match db.staff(&code) {
        Ok(Some(s)) if s.active => s,
        Ok(_) => {
            return Err(fail(
                NOT_ALLOWED,
                &Msg::ErrUnknownStaff.fill(lang, &[("c", &code)]),
            ))
        }
        Err(e) => return Err(fail(FAILED, &e.message(lang))),
    };
    let now = ctx.clock.now();
    match store.write(|db| signin::sign_in_login(db, now, &staff)) {
        Ok(()) => Ok(staff),
        Err(e) => Err(refused(store, ctx, &e)),
    }
}

/// `init --head CODE --name NAME`: the first run from a script (the PIN in
/// `LOBBYDESK_PIN`, or asked twice at the terminal).
pub(super) fn init(store: &mut Store, ctx: &Context, code: &str, name: &str) -> ExitCode {
    let lang = ctx.lang;
    match signin::is_new(&store.db()) {
        Ok(true) => {}
        Ok(false) => return fail(NOT_ALLOWED, Msg::SignInNotNew.get(lang)),
        Err(e) => return refused(store, ctx, &e),
    }
    let pin = match new_pin(ctx, code, PIN_ENV) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let now = ctx.clock.now();
    match store.write(|db| signin::first_head(db, now, &ctx.catalog, code, name, &pin)) {
        Ok(s) => {
            println!(
                "{}",
                Msg::HeadReady.fill(lang, &[("c", &s.code), ("n", &s.name)])
            );
            ExitCode::SUCCESS
        }
        Err(e) => refused(store, ctx, &e),
    }
}

/// Nobody is signed in: who may do `act`, and how to sign in (exit 3).
pub(super) fn nobody(store: &Store, ctx: &Context, act: Act, target: Target) -> ExitCode {
    let none = Person {
        code: String::new(),
        roles: Vec::new(),
        counter: None,
        lines: Vec::new(),
    };
    let how = Msg::SignInHow.get(ctx.lang);
    match authority::allowed(&none, act, target) {
        Err(d) => {
            let roster = store.db().roster().unwrap_or_default();
            let names = crate::ops::Names {
                lang: ctx.lang,
                roster: &roster,
                catalog: &ctx.catalog,
            };
            let sep = if ctx.lang == crate::i18n::Lang::Zh {
                ""
            } else {
                " "
            };
            fail(NOT_ALLOWED, &format!("{}{sep}{how}", d.message(&names)))
        }
        Ok(()) => fail(NOT_ALLOWED, how),
    }
}
