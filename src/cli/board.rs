//! `lobbydesk board`: the calling display (叫号屏) for the lobby's
//! television, signed in as a display account (`--as`, the PIN in
//! `LOBBYDESK_PIN` as for a kiosk), or as the lobby manager or the head to
//! look at it. It only reads the queue.

use std::process::ExitCode;

use super::{fail, identity, open, signed_in, Cli, Context, FAILED, NOT_ALLOWED};
use crate::app::{Action, Tab};
use crate::board::Board;
use crate::domain::authority::{allowed, Act, Target};
use crate::i18n::Msg;
use crate::ops::{self, Names};

pub(super) fn board(cli: &Cli, ctx: Context) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Who may show it is said before the PIN is asked, and before the
    // terminal is looked at.
    if let Some(code) = cli.as_code.as_deref() {
        let staff = match identity(&store, Some(code), lang) {
            Ok(s) => s,
            Err(code) => return code,
        };
        let person = ops::person(&staff, &ctx.catalog);
        if let Err(d) = allowed(&person, Act::ShowBoard, Target::Branch) {
            let roster = store.db().roster().unwrap_or_default();
            let names = Names {
                lang,
                roster: &roster,
                catalog: &ctx.catalog,
            };
            return fail(NOT_ALLOWED, &d.message(&names));
        }
    }
    if !crate::terminal::usable() {
        return fail(FAILED, Msg::ErrNotTerminal.get(lang));
    }
    if let Err(code) = signed_in(&mut store, &ctx, cli, Act::ShowBoard, Target::Branch) {
        return code;
    }
    let label = ctx
        .keymap
        .bindings
        .iter()
        .find(|b| b.action == Action::Quit)
        .and_then(|b| b.keys.first())
        .map(|k| k.label())
        .unwrap_or_default();
    let keymap = ctx.keymap.clone();
    let mut board = match Board::new(store, ctx.clock, ctx.catalog, lang, &label) {
        Ok(b) => b,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let quits =
        |k: &crossterm::event::KeyEvent| keymap.action(k, Tab::Lobby, false) == Some(Action::Quit);
    match crate::terminal::run_board(&mut board, &quits) {
        Ok(ended) => ExitCode::from(ended.exit_code()),
        Err(e) => fail(FAILED, &Msg::ErrTerminal.fill(lang, &[("e", &e)])),
    }
}
