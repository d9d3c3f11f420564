//! The roster and the care of the file from the command line: `staff`,
//! `backup`, `doctor`, `purge`. Roster changes and the purge go through the
//! operations as the person `--as` names.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::NOT_ALLOWED;
use super::{act, fail, identity, open, refused, Cli, Context, StaffCommand, BAD_INPUT, FAILED};
use crate::domain::authority::Denial;
use crate::i18n::{Lang, Msg};
use crate::ops::admin::{self as roster, NewStaff};
use crate::ops::OpError;
use crate::store::Store;

/// `staff list|add|deactivate`.
pub fn staff(cli: &Cli, ctx: &Context, command: &StaffCommand) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let StaffCommand::List = command {
        return staff_list(&store, lang);
    }
    let me = match identity(&store, cli.as_code.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let done = match command {
        StaffCommand::List => unreachable!("listed above"),
        StaffCommand::Add {
            code,
            name,
            role,
            counter,
        } => {
            let new = NewStaff {
                code: code.clone(),
                name: name.clone(),
                roles: role.clone(),
                counter: *counter,
            };
            act(&mut store, ctx, &me, |db, op| {
                roster::add_staff(db, op, &new)
            })
            .map(|s| Msg::StaffAdded.fill(lang, &[("c", &s.code), ("n", &s.name)]))
        }
        StaffCommand::Deactivate { code } => act(&mut store, ctx, &me, |db, op| {
            roster::deactivate_staff(db, op, code)
        })
        .map(|()| Msg::StaffDeactivated.fill(lang, &[("c", code)])),
    };
    match done {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        // On the command line, say how to act as the head.
        Err(OpError::Denied(Denial::NotHead)) => fail(NOT_ALLOWED, Msg::StaffNeedsHead.get(lang)),
        Err(e) => refused(&store, ctx, &e),
    }
}

fn staff_list(store: &Store, lang: Lang) -> ExitCode {
    match store.db().roster() {
        Ok(roster) => {
            println!("{}", Msg::StaffHeader.get(lang).replace("  ", "\t"));
            for s in roster {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    s.code,
                    s.name,
                    s.roles.join(","),
                    s.counter.map(|c| c.to_string()).unwrap_or_default(),
                    if s.active {
                        Msg::Yes.get(lang)
                    } else {
                        Msg::No.get(lang)
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

pub fn backup(store: &Store, to: &Path, lang: Lang) -> ExitCode {
    match store.backup(to) {
        Ok(()) => {
            println!("{}", Msg::BackupDone.fill(lang, &[("p", &to.display())]));
            ExitCode::SUCCESS
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

/// Check integrity, schema version and foreign keys; exit 1 when anything is wrong.
pub fn doctor(path: &Path, anchor: Option<&str>, lang: Lang) -> ExitCode {
    if !path.is_file() {
        return fail(
            FAILED,
            &Msg::DoctorMissing.fill(lang, &[("p", &path.display())]),
        );
    }
    let health = Store::open(path).and_then(|store| {
        let anchored = anchor.map(|h| store.db().has_hash(h.trim())).transpose()?;
        Ok((store.health()?, anchored))
    });
    let (health, anchored) = match health {
        Ok(h) => h,
        Err(e) => {
            eprintln!("lobbydesk: {}", e.message(lang));
            eprintln!("{}", Msg::DoctorBad.get(lang));
            return ExitCode::from(FAILED);
        }
    };
    let integrity = if health.integrity == ["ok"] {
        Msg::DoctorOk.get(lang).to_string()
    } else {
        health.integrity.join("; ")
    };
    println!("{}", Msg::DoctorIntegrity.fill(lang, &[("r", &integrity)]));
    println!(
        "{}",
        Msg::DoctorSchema.fill(
            lang,
            &[
                ("v", &health.schema_version),
                ("s", &crate::store::SCHEMA_VERSION)
            ]
        )
    );
    if health.application_id != crate::store::APPLICATION_ID {
        println!("{}", Msg::DoctorNotOurs.get(lang));
    }
    for (t, id, p) in &health.foreign_keys {
        println!(
            "{}",
            Msg::DoctorForeign.fill(lang, &[("t", t), ("id", id), ("p", p)])
        );
    }
    let chain = &health.chain;
    let head = &chain.head[..16.min(chain.head.len())];
    println!(
        "{}",
        Msg::DoctorChain.fill(lang, &[("n", &chain.events), ("h", &head)])
    );
    if let Some(id) = chain.first_bad {
        println!("{}", Msg::DoctorChainBroken.fill(lang, &[("id", &id)]));
    }
    if !chain.missing_triggers.is_empty() {
        let t = chain.missing_triggers.join(", ");
        println!("{}", Msg::DoctorTriggers.fill(lang, &[("t", &t)]));
    }
    if let (Some(h), Some(found)) = (anchor, anchored) {
        let m = if found {
            Msg::DoctorAnchorOk
        } else {
            Msg::DoctorAnchorMissing
        };
        println!("{}", m.fill(lang, &[("h", &h.trim())]));
    }
    if health.is_ok() && anchored != Some(false) {
        println!("{}", Msg::DoctorGood.get(lang));
        ExitCode::SUCCESS
    } else {
        println!("{}", Msg::DoctorBad.get(lang));
        ExitCode::from(FAILED)
    }
}

/// `purge --before DATE [--yes]`: anonymise, as the branch head, the clients
/// whose records all ended before local midnight of the date (not after
/// today, nor within the retention period); says how many first and asks
/// for `yes` (or takes `--yes`); then wipes the old copies from the file.
pub fn purge(cli: &Cli, ctx: &Context, before: &str, yes: bool) -> ExitCode {
    let lang = ctx.lang;
    let Ok(day) = NaiveDate::parse_from_str(before.trim(), "%Y-%m-%d") else {
        return fail(BAD_INPUT, &Msg::BadDate.fill(lang, &[("d", &before)]));
    };
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match identity(&store, cli.as_code.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let offset = ctx.clock.offset();
    let n = match act(&mut store, ctx, &me, |db, op| {
        roster::purgeable(db, op, day, offset)
    }) {
        Ok(ids) => ids.len(),
        Err(e) => return refused(&store, ctx, &e),
    };
    if n > 0 && !yes {
        if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            return fail(NOT_ALLOWED, Msg::PurgeNeedsYes.get(lang));
        }
        if !confirmed(&Msg::PurgeAsk.fill(lang, &[("n", &n), ("d", &day)])) {
            return fail(NOT_ALLOWED, Msg::PurgeCancelled.get(lang));
        }
    }
    let n = match act(&mut store, ctx, &me, |db, op| {
        roster::purge(db, op, day, offset)
    }) {
        Ok(n) => n,
        Err(e) => return refused(&store, ctx, &e),
    };
    println!("{}", Msg::PurgeDone.fill(lang, &[("n", &n), ("d", &day)]));
    if n > 0 {
        if let Err(e) = store.scrub() {
            return fail(FAILED, &e.message(lang));
        }
        println!("{}", Msg::PurgeScrubbed.get(lang));
    }
    ExitCode::SUCCESS
}

/// Ask on the terminal; `yes` (or `是`) confirms.
fn confirmed(question: &str) -> bool {
    use std::io::{BufRead, Write};
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim().to_lowercase().as_str(), "yes" | "是")
}
