//! `campaign add|list|show` (营销活动) and `export campaign --campaign ID`:
//! the branch head defines a campaign and sends it as a CSV list; each
//! client on it is written on their history, so a second export holds only
//! the clients not yet sent.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::output::{print, print_saved, write_list};
use super::{act, fail, open, refused, signed_in, Cli, Context, BAD_INPUT, FAILED, NOT_ALLOWED};
use crate::domain::authority::{Act, Denial, Target};
use crate::domain::campaign::Occasion;
use crate::export::{cell, BOM};
use crate::i18n::{Lang, Msg};
use crate::ops::campaigns::{self as ops, Sent};
use crate::ops::OpError;
use crate::store::campaigns::{Campaign, NewCampaign};

#[derive(clap::Subcommand, Debug)]
pub enum CampaignCommand {
    /// Define a campaign, as the branch head. Only clients who consented
    /// to contact are ever in its audience, whatever the filters say.
    Add(Box<AddArgs>),
    /// Every campaign with its audience and how many were sent it.
    List,
    /// One campaign: its definition, audience, sent and still to send.
    Show { id: i64 },
}

/// What a campaign is: `campaign add`'s arguments.
#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// holiday (a holiday greeting) or product (a product campaign).
    #[arg(long)]
    occasion: String,
    #[arg(long)]
    name: String,
    /// The message, with {name} (the client) and {manager} (their
    /// dedicated manager, or the branch).
    #[arg(long)]
    template: String,
    /// The first day it may be sent (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: String,
    /// The last day it may be sent (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Only clients of this tier.
    #[arg(long, value_name = "CODE")]
    tier: Option<String>,
    /// Only clients with a card or follow-up on this line, or whose
    /// dedicated manager works it.
    #[arg(long, value_name = "CODE")]
    line: Option<String>,
    /// Only clients on the follow-up list (prospect), dormant, or
    /// neither (active).
    #[arg(long, value_name = "STATUS")]
    status: Option<String>,
    /// Only clients with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Contracts within this many days of sending count for it.
    #[arg(long, value_name = "N", default_value_t = 30)]
    window_days: i64,
}

fn date(s: &str, lang: Lang) -> Result<NaiveDate, ExitCode> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| fail(BAD_INPUT, &Msg::BadDate.fill(lang, &[("d", &s)])))
}

pub(super) fn campaign(cli: &Cli, ctx: &Context, command: &CampaignCommand) -> ExitCode {
    match command {
        CampaignCommand::Add(a) => {
            let AddArgs {
                occasion,
                name,
                template,
                from,
                to,
                tier,
                line,
                status,
                tag,
                window_days,
            } = a.as_ref();
            let (starts, ends) = match (date(from, ctx.lang), date(to, ctx.lang)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(code), _) | (_, Err(code)) => return code,
            };
            let def = NewCampaign {
                occasion: occasion.clone(),
                name: name.clone(),
                template: template.clone(),
                starts,
                ends,
                tier: tier.clone(),
                line: line.clone(),
                status: status.clone(),
                tag: tag.clone(),
                window_days: *window_days,
            };
            add(cli, ctx, &def)
        }
        CampaignCommand::List => list(cli, ctx),
        CampaignCommand::Show { id } => show(cli, ctx, *id),
    }
}

fn add(cli: &Cli, ctx: &Context, def: &NewCampaign) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match signed_in(&mut store, ctx, cli, Act::Campaign, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let now = ctx.clock.now();
    let saved = act(&mut store, ctx, &me, |db, op| {
        let id = ops::add(db, op, def)?;
        let c = ops::find(db, id)?;
        Ok((id, ops::audience(db, &ctx.catalog, now, &c)?.len()))
    });
    match saved {
        Ok((id, n)) => {
            let text = Msg::CpSaved.fill(lang, &[("id", &id), ("n", &def.name.trim()), ("a", &n)]);
            print_saved(lang, &format!("{text}\n"))
        }
        Err(e) => said(&store, ctx, &e),
    }
}

/// A refusal; the head's alone said as such.
fn said(store: &crate::store::Store, ctx: &Context, e: &OpError) -> ExitCode {
    match e {
        OpError::Denied(Denial::NotHead) => fail(NOT_ALLOWED, Msg::CpNeedsHead.get(ctx.lang)),
        OpError::Campaign(r) => fail(BAD_INPUT, &r.message(ctx.lang)),
        e => refused(store, ctx, e),
    }
}

fn occasion(c: &Campaign, lang: Lang) -> &'static str {
    Occasion::parse(&c.def.occasion).map_or("", |o| crate::i18n::occasion(o).get(lang))
}

fn list(cli: &Cli, ctx: &Context) -> ExitCode {
    let lang = ctx.lang;
    let store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let db = store.db();
    let mut out = String::new();
    let campaigns = match db.campaigns() {
        Ok(c) => c,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    for c in &campaigns {
        let f = match ops::figures(&db, &ctx.catalog, ctx.clock.now(), c) {
            Ok(f) => f,
            Err(e) => return fail(FAILED, &e.message(lang)),
        };
        out += &Msg::CpListLine.fill(
            lang,
            &[
                ("id", &c.id),
                ("o", &occasion(c, lang)),
                ("n", &c.def.name),
                ("a", &c.def.starts),
                ("b", &c.def.ends),
                ("c", &f.audience),
                ("s", &f.sent),
            ],
        );
        out.push('\n');
    }
    if campaigns.is_empty() {
        out = format!("{}\n", Msg::CpNone.get(lang));
    }
    print(lang, &out)
}

fn show(cli: &Cli, ctx: &Context, id: i64) -> ExitCode {
    let lang = ctx.lang;
    let store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let db = store.db();
    let c = match ops::find(&db, id) {
        Ok(c) => c,
        Err(e) => return said(&store, ctx, &e),
    };
    let f = match ops::figures(&db, &ctx.catalog, ctx.clock.now(), &c) {
        Ok(f) => f,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let filters: Vec<String> = [
        c.def
            .tier
            .as_deref()
            .map(|t| crate::config::Catalog::label(&ctx.catalog.tiers, t, lang).to_string()),
        c.def
            .line
            .as_deref()
            .map(|l| crate::config::Catalog::label(&ctx.catalog.lines, l, lang).to_string()),
        c.def.status.clone(),
        c.def.tag.as_ref().map(|t| format!("#{t}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let filters = match filters.is_empty() {
        true => Msg::CpAnyone.get(lang).to_string(),
        false => filters.join(" · "),
    };
    let waiting = (f.audience - f.sent).max(0);
    let text = Msg::CpShow.fill(
        lang,
        &[
            ("id", &c.id),
            ("n", &c.def.name),
            ("o", &occasion(&c, lang)),
            ("a", &c.def.starts),
            ("b", &c.def.ends),
            ("f", &filters),
            ("t", &c.def.template),
            ("c", &f.audience),
            ("s", &f.sent),
            ("w", &waiting),
            ("d", &c.def.window_days),
        ],
    );
    print(lang, &format!("{text}\n"))
}

/// The sent list as CSV (with a byte-order mark for Excel).
fn to_csv(lang: Lang, sent: &Sent) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        Msg::FieldName,
        Msg::FieldMobile,
        Msg::ColMessage,
        Msg::FieldManager,
    ];
    let _ = w.write_record(header.map(|m| m.get(lang)));
    for m in &sent.rows {
        let row = [&m.name, &m.mobile, &m.text, &m.manager];
        let _ = w.write_record(row.iter().map(|c| cell(c).into_owned()));
    }
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

/// `export campaign --campaign ID [--out FILE]`: send the campaign, as the
/// head. The clients are recorded as sent in the same transaction that
/// writes the list: a list that cannot be written sends nobody.
pub(super) fn export(cli: &Cli, ctx: &Context, id: i64, out: Option<&Path>) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match signed_in(&mut store, ctx, cli, Act::Campaign, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(path) = out.filter(|p| p.exists()) {
        return fail(
            BAD_INPUT,
            &Msg::ErrExists.fill(lang, &[("p", &path.display())]),
        );
    }
    let mut code = ExitCode::SUCCESS;
    let sent = act(&mut store, ctx, &me, |db, op| {
        let sent = ops::send(db, op, id)?;
        if !sent.rows.is_empty() {
            code = write_list(lang, out, &to_csv(lang, &sent));
            if code != ExitCode::SUCCESS {
                // Nothing written: nobody is recorded as sent.
                return Err(OpError::Changed(crate::domain::event::Record::Campaign));
            }
        }
        Ok(sent)
    });
    match sent {
        Ok(sent) => {
            let mut text = match sent.rows.is_empty() {
                true => Msg::CpNothingLeft.get(lang).to_string(),
                false => Msg::CpExported.fill(lang, &[("n", &sent.rows.len())]),
            };
            if sent.skipped > 0 && !sent.rows.is_empty() {
                text += &Msg::CpSkipped.fill(lang, &[("k", &sent.skipped)]);
            }
            super::say(&text);
            ExitCode::SUCCESS
        }
        Err(OpError::Changed(_)) if code != ExitCode::SUCCESS => code,
        Err(e) => said(&store, ctx, &e),
    }
}
