//! The full-screen application: the database, then who signs in, then the
//! terminal, until the person quits.

use std::process::ExitCode;

use super::{day, fail, identity, open, refused, signin, Cli, Context, FAILED, NOT_ALLOWED};
use crate::app::App;
use crate::domain::authority::{DISPLAY, KIOSK};
use crate::i18n::Msg;
use crate::ops;
use crate::store::Store;

pub(super) fn interactive(cli: &Cli, ctx: Context) -> ExitCode {
    let store = match open(cli.db.as_deref(), ctx.lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    run_app(cli, store, ctx, false)
}

/// The application on `store` for the person who signs in (on the demo's
/// throwaway branch, whoever `--as` names), until they quit.
pub(super) fn run_app(cli: &Cli, mut store: Store, ctx: Context, demo: bool) -> ExitCode {
    let lang = ctx.lang;
    // A bad database is said first, then a code not on the roster or a
    // kiosk (which never opens the desk), then nobody to ask who is there;
    // then, without a terminal, a sentence instead of escape codes or a PIN
    // prompt written into a pipe or a file.
    if cli.as_code.is_some() {
        match identity(&store, cli.as_code.as_deref(), lang) {
            Err(code) => return code,
            Ok(s) if s.has_role(KIOSK) => return fail(NOT_ALLOWED, Msg::KioskNoDesk.get(lang)),
            Ok(s) if s.has_role(DISPLAY) => return fail(NOT_ALLOWED, Msg::DisplayNoDesk.get(lang)),
            Ok(_) => {}
        }
    }
    let usable = crate::terminal::usable();
    let on_server = store.db().on_server();
    if !usable
        && !demo
        && !on_server
        && cli.as_code.is_none()
        && matches!(ops::signin::is_new(&store.db()), Ok(false))
    {
        if let Err(code) = signin::ask_who(&mut store, &ctx) {
            return code;
        }
    }
    if !usable {
        return fail(FAILED, Msg::ErrNotTerminal.get(lang));
    }
    let me = if demo {
        identity(&store, cli.as_code.as_deref(), lang)
    } else if on_server {
        signin::server_login(&mut store, &ctx, cli.as_code.as_deref())
    } else {
        match cli.as_code.as_deref() {
            Some(code) => signin::sign_in(&mut store, &ctx, code),
            None => match ops::signin::is_new(&store.db()) {
                Ok(true) => signin::first_run(&mut store, &ctx),
                Ok(false) => signin::ask_who(&mut store, &ctx),
                Err(e) => Err(refused(&store, &ctx, &e)),
            },
        }
    };
    let me = match me {
        Ok(s) => s,
        Err(code) => return code,
    };
    if me.has_role(KIOSK) {
        return fail(NOT_ALLOWED, Msg::KioskNoDesk.get(lang));
    }
    if me.has_role(DISPLAY) {
        return fail(NOT_ALLOWED, Msg::DisplayNoDesk.get(lang));
    }
    // The first process of a day closes the days before it nobody closed.
    let closed = match day::close_past(&mut store, &ctx, &me) {
        Ok(said) => said,
        Err(e) => return refused(&store, &ctx, &e),
    };
    let mut app = match App::new(store, ctx.clock, ctx.catalog, lang, me) {
        Ok(a) => a,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    if !closed.is_empty() {
        app.flash = Some(crate::app::Flash {
            text: closed.trim_end().replace('\n', " "),
            error: false,
        });
    }
    match crate::terminal::run(&mut app, &ctx.keymap) {
        Ok(ended) => ExitCode::from(ended.exit_code()),
        Err(e) => fail(FAILED, &Msg::ErrTerminal.fill(lang, &[("e", &e)])),
    }
}
