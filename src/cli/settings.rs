//! `settings export|import`: the branch's settings as a TOML file. Anyone
//! signed in may print them; only the branch head imports a changed file,
//! through the operations, checked as a whole.

use std::path::Path;
use std::process::ExitCode;

use super::{
    act, fail, identity, open, refused, refused_head, signed_in, Cli, Context, SettingsCommand,
};
use super::{BAD_INPUT, FAILED};
use crate::config::Catalog;
use crate::domain::authority::{Act, Target};
use crate::i18n::{Lang, Msg};
use crate::ops::settings as branch;
use crate::ops::OpError;
use crate::store::Store;

/// `settings export` prints the settings; `settings import FILE` replaces them.
pub fn settings(cli: &Cli, ctx: &Context, command: &SettingsCommand) -> ExitCode {
    let lang = ctx.lang;
    // Read the file first: a file that cannot be read opens nothing.
    let text = match command {
        SettingsCommand::Export => None,
        SettingsCommand::Import { path } => match std::fs::read_to_string(path) {
            Ok(t) => Some((path, t)),
            Err(e) => {
                let args: [(&str, &dyn std::fmt::Display); 2] = [("p", &path.display()), ("e", &e)];
                return fail(BAD_INPUT, &Msg::SetReadFile.fill(lang, &args));
            }
        },
    };
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Reading the settings is anyone's (on a server, anyone with a login);
    // changing them is the head's, signed in (a PIN on a file, the login on
    // a server), never a code claimed.
    let me = match &text {
        None if !store.db().on_server() => identity(&store, cli.as_code.as_deref(), lang),
        None => super::signin::server_login(&mut store, ctx, cli.as_code.as_deref()),
        Some(_) => signed_in(&mut store, ctx, cli, Act::EditSettings, Target::Branch),
    };
    let me = match me {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some((path, text)) = text else {
        return match act(&mut store, ctx, &me, branch::export) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => refused(&store, ctx, &e),
        };
    };
    match act(&mut store, ctx, &me, |db, op| branch::import(db, op, &text)) {
        Ok(done) if done.changed.is_empty() => {
            println!("{}", Msg::SetUnchanged.get(lang));
            ExitCode::SUCCESS
        }
        Ok(done) => {
            let changed = done.changed.join(", ");
            let args: [(&str, &dyn std::fmt::Display); 2] = [("v", &done.version), ("c", &changed)];
            println!("{}", Msg::SetImported.fill(lang, &args));
            ExitCode::SUCCESS
        }
        Err(OpError::Settings(e)) => {
            let args: [(&str, &dyn std::fmt::Display); 2] =
                [("p", &path.display()), ("e", &e.message(lang))];
            fail(BAD_INPUT, &Msg::SetFileWrong.fill(lang, &args))
        }
        Err(e) => refused_head(&store, ctx, &e, Msg::SetNeedsHead),
    }
}

/// The branch's settings from the database at `path` (or the default one).
pub(super) fn branch_settings(path: Option<&Path>, lang: Lang) -> Result<Catalog, ExitCode> {
    let store = open(path, lang)?;
    stored_settings(&store, lang)
}

pub(super) fn stored_settings(store: &Store, lang: Lang) -> Result<Catalog, ExitCode> {
    branch::catalog(&store.db()).map_err(|e| match e {
        OpError::Store(e) => fail(FAILED, &e.message(lang)),
        OpError::Settings(e) => fail(
            FAILED,
            &Msg::SetStored.fill(lang, &[("e", &e.message(lang))]),
        ),
        _ => fail(FAILED, &format!("{e}")),
    })
}
