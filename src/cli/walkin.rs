//! `walkin add`: how a ticket kiosk (or another system) feeds the queue.

use std::process::ExitCode;

use super::output::{output_error, say, write_out};
use super::{
    act, day, fail, open, refused, signed_in, Cli, Context, WalkinCommand, WalkinFormat, BAD_INPUT,
    SAVED_NOT_PRINTED,
};
use crate::domain::authority::{Act, Target};
use crate::domain::ticket::Ticket;
use crate::domain::wait::shown_minutes;
use crate::i18n::{Lang, Msg};
use crate::ops::queue;

/// `walkin …`: its one subcommand.
pub(super) fn walkin(cli: &Cli, ctx: &Context, command: &WalkinCommand) -> ExitCode {
    let WalkinCommand::Add {
        service,
        priority,
        name,
        mobile,
        request_id,
        format,
    } = command;
    let fields = [service, priority, name, mobile].map(String::as_str);
    walkin_add(cli, ctx, fields, request_id.as_deref(), *format)
}

/// `walkin add`: the ticket's number, the people ahead of it and its
/// expected wait, on one line (`A012 · 4 ahead · about 12 min`; the number
/// first, before ` · `), or as JSON for a kiosk program (`number`, `service`,
/// `priority`, `ahead`, `expected_wait_minutes`). With a request id, a retry
/// of the same request prints the same ticket. A ticket saved but not
/// printed is said on stderr and exits 4.
fn walkin_add(
    cli: &Cli,
    ctx: &Context,
    [service, priority, name, mobile]: [&str; 4],
    request_id: Option<&str>,
    format: WalkinFormat,
) -> ExitCode {
    use crate::ops::tickets;
    let lang = ctx.lang;
    let checked = tickets::check_walkin(&ctx.catalog, lang, service, priority, name, mobile);
    let request = request_id.map(|id| tickets::check_request(lang, id));
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    if let Some(Err(e)) = &request {
        errors.push((Msg::FieldRequest, e.clone()));
    }
    let (Ok(walkin), []) = (checked, errors.as_slice()) else {
        for (field, e) in errors {
            say(&Msg::ErrField.fill(lang, &[("f", &field.get(lang)), ("e", &e)]));
        }
        return ExitCode::from(BAD_INPUT);
    };
    let request = request.and_then(Result::ok);
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match signed_in(&mut store, ctx, cli, Act::RegisterWalkin, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // The first walk-in of a day closes the days before it nobody closed.
    match day::close_past(&mut store, ctx, &me) {
        Ok(said) => said.lines().for_each(say),
        Err(e) => return refused(&store, ctx, &e),
    }
    let registered = act(&mut store, ctx, &me, |db, op| {
        let t = match &request {
            Some(r) => tickets::register_walkin_once(db, op, &walkin, r).map(|r| r.ticket)?,
            None => tickets::register_walkin(db, op, &walkin)?,
        };
        // Its place as the lobby sees it, read in the same transaction.
        let usual = queue::usual_minutes(db, op.day)?;
        let open = db.open_tickets(op.day)?;
        let inputs = queue::Inputs::read(db, op.catalog, op.day)?;
        let view = queue::view(op.catalog, &open, &inputs, op.now, &usual);
        let place = view
            .of(t.id)
            .map_or((0, 0.0), |p| (p.ahead, p.expected_minutes));
        Ok((t, place))
    });
    match registered {
        Ok((t, (ahead, minutes))) => match write_out(&issued(lang, format, &t, ahead, minutes)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                say(&output_error(lang, &e));
                let saved = Msg::TicketSavedNotPrinted.fill(lang, &[("n", &t.number)]);
                fail(SAVED_NOT_PRINTED, &saved)
            }
        },
        Err(e) => refused(&store, ctx, &e),
    }
}

/// What `walkin add` prints for a ticket with `ahead` people before it and
/// `minutes` of expected wait.
fn issued(lang: Lang, format: WalkinFormat, t: &Ticket, ahead: usize, minutes: f64) -> String {
    let m = shown_minutes(minutes);
    match format {
        WalkinFormat::Text => {
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("n", &t.number), ("a", &ahead), ("m", &m)];
            format!("{}\n", Msg::WalkinIssued.fill(lang, &args))
        }
        WalkinFormat::Json => {
            let json = serde_json::json!({
                "number": t.number,
                "service": t.service,
                "priority": t.priority,
                "ahead": ahead,
                "expected_wait_minutes": m,
            });
            format!("{json}\n")
        }
    }
}
