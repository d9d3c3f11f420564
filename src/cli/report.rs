//! `lobbydesk report`: the end-of-day figures of a day or a range, printed
//! as Markdown, CSV or JSON.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{default_db, fail, Context, BAD_INPUT, FAILED};
use crate::i18n::Msg;
use crate::report::{render, Format, Period, Report};
use crate::store::Store;

/// `lobbydesk report [--date D | --from D --to D] [--format md|csv|json]`.
#[derive(clap::Args, Debug, Clone)]
pub struct ReportArgs {
    /// One business day, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "D", conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    /// First business day of a range, YYYY-MM-DD (with --to).
    #[arg(long, value_name = "D", requires = "to")]
    pub from: Option<String>,
    /// Last business day of a range, YYYY-MM-DD (with --from).
    #[arg(long, value_name = "D", requires = "from")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
}

/// `lobbydesk report`: print the period's figures to stdout. Exit 2 for a bad
/// date or a reversed range, 1 when the database cannot be read.
pub fn run(ctx: &Context, db: Option<&Path>, args: &ReportArgs) -> ExitCode {
    let lang = ctx.lang;
    let period = match Period::from_args(
        args.date.as_deref(),
        args.from.as_deref(),
        args.to.as_deref(),
        ctx.clock.today(),
    ) {
        Ok(p) => p,
        Err(e) => return fail(BAD_INPUT, &e.message(lang)),
    };
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => match default_db() {
            Some(p) => p,
            None => return fail(FAILED, Msg::ErrNoDataDir.get(lang)),
        },
    };
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let report = match Report::compute(
        &store.db(),
        &ctx.catalog,
        period,
        ctx.clock.clone(),
        ctx.clock.now(),
    ) {
        Ok(r) => r,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let text = render(&report, &ctx.catalog, lang, args.format);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(FAILED, &e.to_string()),
    }
}
