//! `targets set|list|remove` (目标任务): the branch head sets what a person
//! or a line is asked to do in a month or a quarter; anyone may list them.
//! `report --targets` prints them against what was done (`report`).

use std::process::ExitCode;

use chrono::NaiveDate;

use super::output::{print, print_saved};
use super::{act, fail, open, refused_head, signed_in, Cli, Context, BAD_INPUT, FAILED};
use crate::domain::authority::{Act, Target as On};
use crate::domain::target::{Measure, Period, Scope, Target, TargetRefusal, Whom};
use crate::i18n::{Lang, Msg};
use crate::ops::targets as ops;
use crate::report::targets::{render, TargetReport};
use crate::report::Format;
use crate::store::Store;

#[derive(clap::Subcommand, Debug)]
pub enum TargetsCommand {
    /// Set a target (again: replace its value), as the branch head.
    Set {
        #[command(flatten)]
        key: TargetKey,
        /// A whole count; for an amount, yuan (at most two decimals).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        value: String,
    },
    /// The targets of a period (default: every period).
    List {
        /// A month (2026-11) or a quarter (2026-Q4).
        #[arg(long, value_name = "P")]
        period: Option<String>,
    },
    /// Remove a target, as the branch head.
    Remove {
        #[command(flatten)]
        key: TargetKey,
    },
}

/// Which target: for whom, what it counts, of which cards, when.
#[derive(clap::Args, Debug, Clone)]
pub struct TargetKey {
    /// A person, by staff code.
    #[arg(long, value_name = "CODE")]
    pub person: Option<String>,
    /// A line (wealth, credit), by code.
    #[arg(long, value_name = "CODE")]
    pub line: Option<String>,
    /// referrals, contracts, amount or contacts.
    #[arg(long, value_name = "MEASURE")]
    pub measure: String,
    /// Only cards of this need category.
    #[arg(long, value_name = "CODE")]
    pub need: Option<String>,
    /// Only cards contracted for this product.
    #[arg(long, value_name = "CODE")]
    pub product: Option<String>,
    /// A month (2026-11) or a quarter (2026-Q4).
    #[arg(long, value_name = "P")]
    pub period: String,
}

/// The key, checked: its words when it is wrong.
fn parse(k: &TargetKey, lang: Lang) -> Result<(Whom, Measure, Scope, Period), String> {
    let said = |r: TargetRefusal| r.message(lang);
    let whom = match (&k.person, &k.line) {
        (Some(p), None) => Whom::Person(p.trim().to_string()),
        (None, Some(l)) => Whom::Line(l.trim().to_string()),
        _ => return Err(Msg::TgWhomNeeded.get(lang).to_string()),
    };
    let scope = match (&k.need, &k.product) {
        (None, None) => Scope::All,
        (Some(n), None) => Scope::Need(n.trim().to_string()),
        (None, Some(p)) => Scope::Product(p.trim().to_string()),
        _ => return Err(Msg::TgScopeOne.get(lang).to_string()),
    };
    let measure = Measure::parse(&k.measure).map_err(said)?;
    let period = Period::parse(&k.period).map_err(said)?;
    Ok((whom, measure, scope, period))
}

/// "王芳 (T01)" or "财富 (wealth)".
fn whom_text(store: &Store, ctx: &Context, whom: &Whom) -> String {
    let name = match whom {
        Whom::Person(c) => store.db().staff(c).ok().flatten().map(|s| s.name),
        Whom::Line(c) => ctx
            .catalog
            .lines
            .iter()
            .find(|l| &l.code == c)
            .map(|l| l.label.get(ctx.lang).to_string()),
    };
    format!("{} ({})", name.unwrap_or_default(), whom.code())
}

pub(super) fn targets(cli: &Cli, ctx: &Context, command: &TargetsCommand) -> ExitCode {
    let lang = ctx.lang;
    let (key, value) = match command {
        TargetsCommand::List { period } => return list(cli, ctx, period.as_deref()),
        TargetsCommand::Set { key, value } => (key, Some(value)),
        TargetsCommand::Remove { key } => (key, None),
    };
    // Bad input is said before anything is opened.
    let (whom, measure, scope, period) = match parse(key, lang) {
        Ok(k) => k,
        Err(text) => return fail(BAD_INPUT, &text),
    };
    let value = match value.map(|v| measure.value(v)) {
        Some(Err(r)) => return fail(BAD_INPUT, &r.message(lang)),
        Some(Ok(v)) => Some(v),
        None => None,
    };
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let act_kind = if value.is_some() {
        Act::SetTarget
    } else {
        Act::RemoveTarget
    };
    let me = match signed_in(&mut store, ctx, cli, act_kind, On::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let scope_text = crate::report::targets::scope_label(&scope, &ctx.catalog, lang);
    let m = crate::report::targets::measure_label(measure).get(lang);
    let result = match value {
        Some(value) => {
            let t = Target {
                whom: whom.clone(),
                measure,
                scope: scope.clone(),
                period,
                value,
            };
            act(&mut store, ctx, &me, |db, op| ops::set_target(db, op, &t)).map(|saved| {
                let v = crate::report::targets::value_text(measure, value);
                let mut text = Msg::TgSaved.fill(
                    lang,
                    &[
                        ("w", &whom_text(&store, ctx, &whom)),
                        ("m", &m),
                        ("s", &scope_text),
                        ("p", &period),
                        ("v", &v),
                    ],
                );
                if let Some(old) = saved.replaced {
                    let old = crate::report::targets::value_text(measure, old);
                    text += &Msg::TgReplaced.fill(lang, &[("old", &old)]);
                }
                text
            })
        }
        None => act(&mut store, ctx, &me, |db, op| {
            ops::remove_target(db, op, &whom, measure, &scope, period)
        })
        .map(|gone| {
            let v = crate::report::targets::value_text(measure, gone.target.value);
            Msg::TgRemoved.fill(
                lang,
                &[
                    ("w", &whom_text(&store, ctx, &whom)),
                    ("m", &m),
                    ("s", &scope_text),
                    ("p", &period),
                    ("v", &v),
                ],
            )
        }),
    };
    match result {
        Ok(text) => print_saved(lang, &format!("{text}\n")),
        Err(e) => refused_head(&store, ctx, &e, Msg::TgNeedsHead),
    }
}

/// `targets list [--period P]`: one line per target.
fn list(cli: &Cli, ctx: &Context, period: Option<&str>) -> ExitCode {
    let lang = ctx.lang;
    let period = match period.map(Period::parse) {
        Some(Err(r)) => return fail(BAD_INPUT, &r.message(lang)),
        Some(Ok(p)) => Some(p),
        None => None,
    };
    let store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let db = store.db();
    let (targets, roster) = match db.targets(period).and_then(|t| Ok((t, db.roster()?))) {
        Ok(x) => x,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    if targets.is_empty() {
        return print(lang, &format!("{}\n", Msg::TgNoneSet.get(lang)));
    }
    let mut text = String::new();
    for s in &targets {
        let t = &s.target;
        let name = match &t.whom {
            Whom::Person(c) => roster
                .iter()
                .find(|p| &p.code == c)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            Whom::Line(c) => crate::config::Catalog::label(&ctx.catalog.lines, c, lang).into(),
        };
        text += &format!(
            "{}  {} {} {}  {}  {}  {}\n",
            t.period,
            t.whom.kind(),
            t.whom.code(),
            name,
            t.measure.as_str(),
            t.scope.key(),
            crate::report::targets::value_text(t.measure, t.value),
        );
    }
    print(lang, &text)
}

/// `report --targets [--period P] [--on D]`: the targets of a period (the
/// current month by default) against what was done up to a day (today).
pub(super) fn report(
    ctx: &Context,
    store: &Store,
    period: Option<&str>,
    on: Option<&str>,
    format: Format,
) -> Result<String, ExitCode> {
    let lang = ctx.lang;
    let today = ctx.clock.today();
    let period = match period.map(Period::parse) {
        Some(Err(r)) => return Err(fail(BAD_INPUT, &r.message(lang))),
        Some(Ok(p)) => p,
        None => Period::month_of(today),
    };
    let on = match on {
        None => today,
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| fail(BAD_INPUT, &Msg::ErrReportDate.fill(lang, &[("d", &d)])))?,
    };
    let r = TargetReport::compute(
        &store.db(),
        &ctx.catalog,
        period,
        on,
        ctx.clock.clone(),
        ctx.clock.now(),
    )
    .map_err(|e| fail(FAILED, &e.message(lang)))?;
    Ok(render(&r, &ctx.catalog, lang, format))
}
