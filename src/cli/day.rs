//! `close-day`: closing the business day (日终) from the command line, and
//! the automatic close of earlier days nobody closed, which the first
//! process of a later day runs for whoever signed in.

use std::process::ExitCode;

use chrono::NaiveDate;

use super::output::print_saved;
use super::{act, fail, open, refused, signed_in, Cli, Context, BAD_INPUT};
use crate::domain::authority::{Act, Target};
use crate::i18n::Msg;
use crate::ops::day;
use crate::ops::OpError;
use crate::store::staff::Staff;
use crate::store::Store;

/// `close-day [--date D]`: today unless the date says otherwise.
pub(super) fn close_day(cli: &Cli, ctx: &Context, date: Option<&str>) -> ExitCode {
    let lang = ctx.lang;
    let day = match date {
        None => ctx.clock.today(),
        Some(d) => match NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d") {
            Ok(day) => day,
            Err(_) => return fail(BAD_INPUT, &Msg::BadDate.fill(lang, &[("d", &d)])),
        },
    };
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match signed_in(&mut store, ctx, cli, Act::CloseDay, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut text = match close_past(&mut store, ctx, &me) {
        Ok(said) => said,
        Err(e) => return refused(&store, ctx, &e),
    };
    let clock = ctx.clock.clone();
    match act(&mut store, ctx, &me, |db, op| {
        day::close_day(db, op, day, clock)
    }) {
        Ok(c) => {
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("d", &c.day), ("u", &c.unserved), ("f", &c.unfinished)];
            text += &format!("{}\n", Msg::DayClosedNow.fill(lang, &args));
            print_saved(lang, &text)
        }
        Err(e) => refused(&store, ctx, &e),
    }
}

/// Close the earlier days nobody closed, as `me`; what it did, in one
/// line, for the person to read.
pub(super) fn close_past(store: &mut Store, ctx: &Context, me: &Staff) -> Result<String, OpError> {
    let clock = ctx.clock.clone();
    let closed = act(store, ctx, me, |db, op| {
        day::close_past_days(db, op, &clock)
    })?;
    let lang = ctx.lang;
    Ok(match closed.as_slice() {
        [] => String::new(),
        [one] => format!("{}\n", Msg::DayClosedAuto.fill(lang, &[("d", &one.day)])),
        [first, .., last] => {
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("n", &closed.len()),
                ("from", &first.day),
                ("to", &last.day),
            ];
            format!("{}\n", Msg::DaysClosedAuto.fill(lang, &args))
        }
    })
}
