//! `lobbydesk export`: the call list and the campaign list as CSV, written
//! through the operations as the person `--as` names (the head: anyone's;
//! a line manager: their own).

use std::process::ExitCode;

use super::{act, identity, open, refused, Cli, Context, ExportCommand};
use crate::ops::export::{self as lists, Due};

pub fn export(cli: &Cli, ctx: &Context, command: &ExportCommand) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match identity(&store, cli.as_code.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let owner = match command {
        ExportCommand::Prospects { owner, .. } | ExportCommand::Campaign { owner } => {
            owner.as_deref()
        }
    };
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
            print!(
                "{}",
                crate::export::to_csv(&ctx.catalog, lang, today, &rows)
            );
            ExitCode::SUCCESS
        }
        Err(e) => refused(&store, ctx, &e),
    }
}
