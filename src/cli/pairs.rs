//! Pairs and dedicated managers from the command line: `pairs list|set|remove`
//! (the branch head's, `--as`) and `client manager` (the head's or a line
//! manager's). Clients are named by mobile or id and shown by id only.

use std::process::ExitCode;

use clap::Subcommand;

use super::output::{print, print_saved};
use super::{act, fail, open, refused, signed_in, Cli, Context, BAD_INPUT, FAILED};
use crate::domain::authority::{Act, Target};
use crate::domain::validate;
use crate::i18n::Msg;
use crate::ops::pairs as op;

#[derive(Subcommand, Debug)]
pub enum PairsCommand {
    /// Every pair: teller, line, manager.
    List,
    /// Pair a teller with a manager on a line (replacing their pair there).
    Set {
        teller: String,
        line: String,
        manager: String,
    },
    /// End a teller's pair on a line.
    Remove { teller: String, line: String },
}

#[derive(Subcommand, Debug)]
pub enum ClientCommand {
    /// Set a client's dedicated manager (专属客户经理), or clear it.
    Manager {
        /// The client's mobile, or their id.
        client: String,
        /// The manager's staff code.
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        code: Option<String>,
        /// Clear the client's dedicated manager.
        #[arg(long)]
        clear: bool,
    },
}

/// `pairs list|set|remove`.
pub fn pairs(cli: &Cli, ctx: &Context, command: &PairsCommand) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let PairsCommand::List = command {
        return match store.db().pairs() {
            Ok(pairs) if pairs.is_empty() => {
                print(lang, &format!("{}\n", Msg::PairsNone.get(lang)))
            }
            Ok(pairs) => {
                let text: String = pairs
                    .iter()
                    .map(|p| format!("{}\t{}\t{}\n", p.teller, p.line, p.manager))
                    .collect();
                print(lang, &text)
            }
            Err(e) => fail(FAILED, &e.message(lang)),
        };
    }
    let me = match signed_in(&mut store, ctx, cli, Act::SetPair, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let line = |l: &str| crate::config::Catalog::label(&ctx.catalog.lines, l, lang).to_string();
    let done = match command {
        PairsCommand::List => unreachable!("listed above"),
        PairsCommand::Set {
            teller,
            line: l,
            manager,
        } => act(&mut store, ctx, &me, |db, o| {
            op::set_pair(db, o, teller, l, manager)
        })
        .map(|p| {
            Msg::PairSaved.fill(
                lang,
                &[
                    ("t", &p.teller),
                    ("line", &line(&p.line)),
                    ("m", &p.manager),
                ],
            )
        }),
        PairsCommand::Remove { teller, line: l } => act(&mut store, ctx, &me, |db, o| {
            op::remove_pair(db, o, teller, l)
        })
        .map(|()| Msg::PairRemoved.fill(lang, &[("t", teller), ("line", &line(l))])),
    };
    match done {
        Ok(text) => print_saved(lang, &format!("{text}\n")),
        Err(e) => refused(&store, ctx, &e),
    }
}

/// `client manager MOBILE|ID CODE|--clear`.
pub fn client(cli: &Cli, ctx: &Context, command: &ClientCommand) -> ExitCode {
    let lang = ctx.lang;
    let ClientCommand::Manager {
        client,
        code,
        clear: _,
    } = command;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match signed_in(&mut store, ctx, cli, Act::SetClientManager, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let found = match validate::mobile(client, true) {
        Ok(Some(m)) => store.db().client_by_mobile(&m).map(|c| c.map(|c| c.id)),
        _ => match client.trim().parse::<i64>() {
            Ok(id) => store.db().client(id).map(|c| c.map(|c| c.id)),
            Err(_) => Ok(None),
        },
    };
    let id = match found {
        Ok(Some(id)) => id,
        Ok(None) => return fail(BAD_INPUT, &Msg::ErrNoClient.fill(lang, &[("c", client)])),
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let done = act(&mut store, ctx, &me, |db, o| {
        op::set_client_manager(db, o, id, code.as_deref())
    });
    let text = match (done, code) {
        (Err(e), _) => return refused(&store, ctx, &e),
        (Ok(false), _) => Msg::ManagerUnchanged.fill(lang, &[("id", &id)]),
        (Ok(true), Some(m)) => Msg::ManagerSaved.fill(lang, &[("id", &id), ("m", m)]),
        (Ok(true), None) => Msg::ManagerCleared.fill(lang, &[("id", &id)]),
    };
    print_saved(lang, &format!("{text}\n"))
}
