//! `lobbydesk report`: the end-of-day figures of a day or a range, printed
//! as Markdown, CSV or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::write_list;
use super::{fail, Context, BAD_INPUT, FAILED};
use crate::i18n::Msg;
use crate::report::region::{BranchReport, Region};
use crate::report::{render, Format, Period, Report};
use crate::store::Store;

/// `lobbydesk report [--date D | --from D --to D | --targets [--period P] [--on D]]
/// [--format md|csv|json]`.
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
    /// The targets (目标) against what was done, instead of the day's figures.
    #[arg(long, conflicts_with_all = ["date", "from", "to"])]
    pub targets: bool,
    /// With --targets: a month (2026-11) or a quarter (2026-Q4); default the
    /// current month.
    #[arg(long, value_name = "P", requires = "targets")]
    pub period: Option<String>,
    /// With --targets: the figures as of this day, YYYY-MM-DD (default today).
    #[arg(long, value_name = "D", requires = "targets")]
    pub on: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write to this new file (owner-only; never over an existing one)
    /// instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// On a server: one branch's figures (its code), or `all`: each branch
    /// the login may read and the region's totals.
    #[arg(long, value_name = "CODE|all", conflicts_with = "targets")]
    pub branch: Option<String>,
}

/// `lobbydesk report`: print the period's figures to stdout (or `--out`).
/// Exit 2 for a bad date, a reversed range or an `--out` file already there;
/// 1 when the database cannot be read or the output cannot be written.
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
    let mut store = match super::open(db, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(branch) = args.branch.as_deref() {
        return match region(ctx, &mut store, period, branch) {
            Ok(region) => write_list(
                lang,
                args.out.as_deref(),
                &region.render(&ctx.catalog, lang, args.format),
            ),
            Err(code) => code,
        };
    }
    if args.targets {
        return match super::targets::report(
            ctx,
            &store,
            args.period.as_deref(),
            args.on.as_deref(),
            args.format,
        ) {
            Ok(text) => write_list(lang, args.out.as_deref(), &text),
            Err(code) => code,
        };
    }
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
    write_list(lang, args.out.as_deref(), &text)
}

/// `report --branch CODE|all` on a server: one branch's report, or each
/// branch's with the region's totals.
fn region(
    ctx: &Context,
    store: &mut Store,
    period: Period,
    branch: &str,
) -> Result<Region, ExitCode> {
    let lang = ctx.lang;
    if !store.db().on_server() {
        return Err(fail(BAD_INPUT, Msg::ReportBranchOnFile.get(lang)));
    }
    let known = store
        .db()
        .branches()
        .map_err(|e| fail(FAILED, &e.message(lang)))?;
    let chosen: Vec<(String, String)> = known
        .into_iter()
        .filter(|(code, _)| branch == "all" || code == branch)
        .collect();
    if chosen.is_empty() {
        return Err(fail(
            BAD_INPUT,
            &Msg::ReportNoBranch.fill(lang, &[("b", &branch)]),
        ));
    }
    let mut reports = Vec::new();
    for (code, name) in chosen {
        let computed = store.set_branch(&code).and_then(|()| {
            Report::compute(
                &store.db(),
                &ctx.catalog,
                period,
                ctx.clock.clone(),
                ctx.clock.now(),
            )
        });
        let report = computed.map_err(|e| fail(FAILED, &e.message(lang)))?;
        reports.push(BranchReport {
            branch: code,
            name,
            report,
        });
    }
    Ok(Region::new(reports))
}
