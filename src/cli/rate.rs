//! `rate TICKET SCORE [--on DAY]`: a finished visit's satisfaction rating
//! (满意度) from a rating keypad or a script, as the person signed in.

use std::process::ExitCode;

use chrono::NaiveDate;

use super::output::print_saved;
use super::{act, fail, open, refused, signed_in, Cli, Context, BAD_INPUT};
use crate::domain::authority::{Act, Target};
use crate::domain::complaint;
use crate::i18n::Msg;
use crate::ops::complaints;
use crate::report::complaints::said;

pub(super) fn rate(
    cli: &Cli,
    ctx: &Context,
    ticket: &str,
    score: &str,
    on: &Option<String>,
) -> ExitCode {
    let lang = ctx.lang;
    let Some(score) = complaint::parse_score(score) else {
        return fail(BAD_INPUT, Msg::RateBadScore.get(lang));
    };
    let day = match on {
        None => ctx.clock.today(),
        Some(d) => match NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d") {
            Ok(day) => day,
            Err(_) => return fail(BAD_INPUT, &Msg::BadDate.fill(lang, &[("d", &d)])),
        },
    };
    let number = ticket.trim().to_ascii_uppercase();
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let id = match store.db().ticket_numbered(day, &number) {
        Ok(Some(id)) => id,
        Ok(None) => {
            let text = Msg::RateNoTicket.fill(lang, &[("n", &number), ("d", &day)]);
            return fail(BAD_INPUT, &text);
        }
        Err(e) => return fail(super::FAILED, &e.message(lang)),
    };
    let me = match signed_in(&mut store, ctx, cli, Act::RateVisit, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match act(&mut store, ctx, &me, |db, op| {
        complaints::rate(db, op, id, score)
    }) {
        Ok(r) => {
            let text = Msg::Rated.fill(lang, &[("n", &r.ticket.number), ("s", &said(lang, score))]);
            print_saved(lang, &format!("{text}\n"))
        }
        Err(e) => refused(&store, ctx, &e),
    }
}
