//! The roster and the care of the file from the command line: `staff`,
//! `backup`, `doctor`, `purge`. Roster changes and the purge go through the
//! operations as the person signed in with `--as`; `staff list`, `backup`
//! and `doctor` show no client's details and need nobody signed in.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::output::{print, print_saved, say};
use super::NOT_ALLOWED;
use super::{
    act, fail, open, refused, refused_head, signed_in, Cli, Context, StaffCommand, BAD_INPUT,
    FAILED,
};
use super::{signin, NEW_PIN_ENV};
use crate::domain::authority::{Act, Target};
use crate::i18n::{Lang, Msg};
use crate::ops::admin::{self as roster, NewStaff};
use crate::ops::signin as pins;
use crate::store::Store;

/// `staff list|add|deactivate|reactivate|pin|bind`.
pub fn staff(cli: &Cli, ctx: &Context, command: &StaffCommand) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let StaffCommand::List = command {
        return staff_list(&store, lang);
    }
    let me = match signed_in(&mut store, ctx, cli, Act::EditRoster, Target::Branch) {
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
        StaffCommand::Reactivate { code } => act(&mut store, ctx, &me, |db, op| {
            roster::reactivate_staff(db, op, code)
        })
        .map(|()| Msg::StaffReactivated.fill(lang, &[("c", code)])),
        StaffCommand::Pin { code } => {
            // Only the head is asked for the new PIN.
            if !me.has_role(crate::domain::authority::HEAD) {
                return fail(NOT_ALLOWED, Msg::StaffNeedsHead.get(lang));
            }
            let pin = match signin::new_pin(ctx, code, NEW_PIN_ENV) {
                Ok(p) => p,
                Err(code) => return code,
            };
            act(&mut store, ctx, &me, |db, op| {
                pins::set_pin(db, op, code, &pin)
            })
            .map(|()| Msg::StaffPinSet.fill(lang, &[("c", code)]))
        }
        StaffCommand::Bind { code, os_user } => {
            let os_user = os_user.as_deref();
            act(&mut store, ctx, &me, |db, op| {
                pins::bind_os_user(db, op, code, os_user)
            })
            .map(|()| match os_user {
                Some(u) => Msg::StaffBound.fill(lang, &[("c", code), ("u", &u)]),
                None => Msg::StaffUnbound.fill(lang, &[("c", code)]),
            })
        }
    };
    match done {
        Ok(text) => print_saved(lang, &format!("{text}\n")),
        Err(e) => refused_head(&store, ctx, &e, Msg::StaffNeedsHead),
    }
}

fn staff_list(store: &Store, lang: Lang) -> ExitCode {
    match store.db().roster() {
        Ok(roster) => {
            let mut text = format!("{}\n", Msg::StaffHeader.get(lang).replace("  ", "\t"));
            for s in roster {
                text += &format!(
                    "{}\t{}\t{}\t{}\t{}\n",
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
            print(lang, &text)
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

pub fn backup(store: &Store, to: &Path, lang: Lang) -> ExitCode {
    match store.backup(to) {
        Ok(()) => print_saved(
            lang,
            &format!("{}\n", Msg::BackupDone.fill(lang, &[("p", &to.display())])),
        ),
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
            say(&e.message(lang));
            let _ = writeln!(std::io::stderr(), "{}", Msg::DoctorBad.get(lang));
            return ExitCode::from(FAILED);
        }
    };
    let integrity = if health.integrity == ["ok"] {
        Msg::DoctorOk.get(lang).to_string()
    } else {
        health.integrity.join("; ")
    };
    let mut text = format!(
        "{}\n",
        Msg::DoctorIntegrity.fill(lang, &[("r", &integrity)])
    );
    text += &format!(
        "{}\n",
        Msg::DoctorSchema.fill(
            lang,
            &[
                ("v", &health.schema_version),
                ("s", &crate::store::SCHEMA_VERSION)
            ]
        )
    );
    if health.application_id != crate::store::APPLICATION_ID {
        text += &format!("{}\n", Msg::DoctorNotOurs.get(lang));
    }
    for (t, id, p) in &health.foreign_keys {
        text += &format!(
            "{}\n",
            Msg::DoctorForeign.fill(lang, &[("t", t), ("id", id), ("p", p)])
        );
    }
    let chain = &health.chain;
    let head = &chain.head[..16.min(chain.head.len())];
    text += &format!(
        "{}\n",
        Msg::DoctorChain.fill(lang, &[("n", &chain.events), ("h", &head)])
    );
    if let Some(id) = chain.first_bad {
        text += &format!("{}\n", Msg::DoctorChainBroken.fill(lang, &[("id", &id)]));
    }
    if !chain.missing_triggers.is_empty() {
        let t = chain.missing_triggers.join(", ");
        text += &format!("{}\n", Msg::DoctorTriggers.fill(lang, &[("t", &t)]));
    }
    if let (Some(h), Some(found)) = (anchor, anchored) {
        let m = if found {
            Msg::DoctorAnchorOk
        } else {
            Msg::DoctorAnchorMissing
        };
        text += &format!("{}\n", m.fill(lang, &[("h", &h.trim())]));
    }
    if health.is_ok() && anchored != Some(false) {
        print(lang, &format!("{text}{}\n", Msg::DoctorGood.get(lang)))
    } else {
        let _ = print(lang, &format!("{text}{}\n", Msg::DoctorBad.get(lang)));
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
    let me = match signed_in(&mut store, ctx, cli, Act::Purge, Target::Branch) {
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
    let mut text = format!("{}\n", Msg::PurgeDone.fill(lang, &[("n", &n), ("d", &day)]));
    if n > 0 {
        if let Err(e) = store.scrub() {
            return fail(FAILED, &e.message(lang));
        }
        text += &format!("{}\n", Msg::PurgeScrubbed.get(lang));
    }
    print_saved(lang, &text)
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
