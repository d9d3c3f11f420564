//! `lobbydesk export`: the call list and the campaign list as CSV, written
//! through the operations as the person `--as` names (the head: anyone's;
//! a line manager: their own), to standard output or an owner-only file.

use std::process::ExitCode;

use super::output::write_list;
use super::{act, identity, open, refused, signed_in, Cli, Context, ExportCommand};
use crate::domain::authority::{Act, Target};
use crate::ops::export::{self as lists, Due};

pub fn export(cli: &Cli, ctx: &Context, command: &ExportCommand) -> ExitCode {
    let lang = ctx.lang;
    if let ExportCommand::Campaign {
        campaign: Some(id),
        out,
        ..
    } = command
    {
        return super::campaign::export(cli, ctx, *id, out.as_deref());
    }
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (owner, out) = match command {
        ExportCommand::Prospects { owner, out, .. }
        | ExportCommand::Campaign { owner, out, .. } => (owner.as_deref(), out.as_deref()),
    };
    let target = Target::Owner(owner);
    let me = match signed_in(&mut store, ctx, cli, Act::ExportList, target) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // A file that is there already is refused before anything is exported.
    if let Some(path) = out.filter(|p| p.exists()) {
        let exists = crate::i18n::Msg::ErrExists.fill(lang, &[("p", &path.display())]);
        return super::fail(super::BAD_INPUT, &exists);
    }
    // An owner not on the roster is bad input.
    if let Some(o) = owner {
        if let Err(code) = identity(&store, Some(o), lang) {
            return code;
        }
    }
    let rows = act(&mut store, ctx, &me, |db, op| match command {
        ExportCommand::Prospects { due, .. } => {
            let due = Due::parse(due).unwrap_or(Due::Today);
            lists::call_list(db, op, due, owner)
        }
        ExportCommand::Campaign { .. } => lists::campaign(db, op, owner),
    });
    match rows {
        Ok(rows) => {
            let today = ctx.clock.today();
            let csv = crate::export::to_csv(&ctx.catalog, lang, today, &rows);
            write_list(lang, out, &csv)
        }
        Err(e) => refused(&store, ctx, &e),
    }
}
