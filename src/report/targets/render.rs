//! The targets' figures as Markdown (labels in `--lang`), CSV (UTF-8 with a
//! byte-order mark, one row per target then per branch total) and JSON: the
//! same numbers in each — counts as integers, amounts in yuan with two
//! decimals, percents with one.

use serde_json::{json, Value};

use super::{BranchFigures, TargetFigures, TargetReport};
use crate::config::Catalog;
use crate::domain::target::{Measure, Pace, Scope};
use crate::i18n::{self, Lang, Msg};
use crate::report::md::{cell, table, Align};
use crate::report::Format;

/// How a measure reads.
pub fn measure_label(m: Measure) -> Msg {
    match m {
        Measure::Referrals => Msg::TgReferrals,
        Measure::Contracts => Msg::TgContracts,
        Measure::Amount => Msg::TgAmount,
        Measure::Contacts => Msg::TgContacts,
    }
}

/// How a pace reads.
pub fn pace_label(p: Pace) -> Msg {
    match p {
        Pace::Ahead => Msg::TgAhead,
        Pace::OnTrack => Msg::TgOnTrack,
        Pace::Behind => Msg::TgBehind,
    }
}

/// How a scope reads: all, or the need's or product's label.
pub fn scope_label(s: &Scope, catalog: &Catalog, lang: Lang) -> String {
    match s {
        Scope::All => Msg::TgScopeAll.get(lang).to_string(),
        Scope::Need(c) => Catalog::label(&catalog.needs, c, lang).to_string(),
        Scope::Product(c) => Catalog::label(&catalog.products, c, lang).to_string(),
    }
}

/// A value for people: a count, or an amount as money.
pub fn value_text(m: Measure, v: i64) -> String {
    match m {
        Measure::Amount => i18n::money(v),
        _ => v.to_string(),
    }
}

/// A value for a file: a count, or yuan with two decimals.
fn plain(m: Measure, v: i64) -> String {
    match m {
        Measure::Amount => format!("{}.{:02}", v / 100, v % 100),
        _ => v.to_string(),
    }
}

/// A value for JSON: a count, or yuan.
fn number(m: Measure, v: i64) -> Value {
    match m {
        Measure::Amount => json!(v as f64 / 100.0),
        _ => json!(v),
    }
}

fn kind_label(kind: &str) -> Msg {
    match kind {
        "person" => Msg::TgPerson,
        _ => Msg::TgLine,
    }
}

/// The report in a format: the bytes `lobbydesk report --targets` prints.
pub fn render(r: &TargetReport, catalog: &Catalog, lang: Lang, format: Format) -> String {
    match format {
        Format::Md => md(r, catalog, lang),
        Format::Csv => csv(r, lang),
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&render_json(r, catalog)).expect("JSON of values");
            s.push('\n');
            s
        }
    }
}

/// "2026-11 (2026-11-01 – 2026-11-30) · as of 2026-11-15 · 15/30 days (50.0%)".
pub fn period_line(r: &TargetReport, lang: Lang) -> String {
    Msg::TgPeriodLine.fill(
        lang,
        &[
            ("p", &r.period),
            ("from", &r.period.first()),
            ("to", &r.period.last()),
            ("on", &r.as_of),
            ("d", &r.days_elapsed),
            ("n", &r.days),
            ("e", &format!("{:.1}", r.elapsed_percent)),
        ],
    )
}

/// Who a target is for, as people read it: "王芳 (T01)", "(left)" after a
/// person taken off duty.
pub fn whom_text(t: &TargetFigures, lang: Lang) -> String {
    let left = if t.left { Msg::TgLeft.get(lang) } else { "" };
    format!("{} ({}){left}", t.name.get(lang), t.whom.code())
}

fn md(r: &TargetReport, catalog: &Catalog, lang: Lang) -> String {
    use Align::{Left, Right};
    let t = |m: Msg| m.get(lang).to_string();
    let mut out = format!(
        "# {}\n\n{}\n\n",
        Msg::TgTitle.fill(lang, &[("branch", &catalog.branch.name(lang))]),
        period_line(r, lang)
    );
    out.push_str(&format!("## {}\n\n", t(Msg::TgTargets)));
    if r.targets.is_empty() {
        out.push_str(&format!("{}\n", t(Msg::TgNoneSet)));
        return out;
    }
    let header: Vec<String> = [
        Msg::TgWhom,
        Msg::TgWho,
        Msg::TgMeasure,
        Msg::TgScope,
        Msg::TgTarget,
        Msg::TgDone,
        Msg::TgPercent,
        Msg::TgPace,
    ]
    .map(t)
    .to_vec();
    let align = [Left, Left, Left, Left, Right, Right, Right, Left];
    let rows: Vec<Vec<String>> = r
        .targets
        .iter()
        .map(|x| {
            vec![
                t(kind_label(x.whom.kind())),
                cell(&whom_text(x, lang)),
                t(measure_label(x.measure)),
                cell(&scope_label(&x.scope, catalog, lang)),
                value_text(x.measure, x.target),
                value_text(x.measure, x.done),
                format!("{:.1}%", x.percent),
                t(pace_label(x.pace)),
            ]
        })
        .collect();
    table(&mut out, &header, &align, &rows);
    out.push_str(&format!("## {}\n\n", t(Msg::TgBranch)));
    let header: Vec<String> = [
        Msg::TgWhom,
        Msg::TgMeasure,
        Msg::TgCount,
        Msg::TgTarget,
        Msg::TgDone,
        Msg::TgPercent,
        Msg::TgPace,
    ]
    .map(t)
    .to_vec();
    let align = [Left, Left, Right, Right, Right, Right, Left];
    let rows: Vec<Vec<String>> = r
        .branch
        .iter()
        .map(|b| {
            vec![
                t(kind_label(b.kind)),
                t(measure_label(b.measure)),
                b.targets.to_string(),
                value_text(b.measure, b.target),
                value_text(b.measure, b.done),
                format!("{:.1}%", b.percent),
                t(pace_label(b.pace)),
            ]
        })
        .collect();
    table(&mut out, &header, &align, &rows);
    out.push_str(&format!("{}\n", t(Msg::TgPaceRule)));
    out
}

fn csv(r: &TargetReport, lang: Lang) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "period",
        "as_of",
        "elapsed_percent",
        "section",
        "whom",
        "code",
        "name",
        "measure",
        "scope",
        "target",
        "done",
        "percent",
        "pace",
    ];
    w.write_record(header).expect("write to memory");
    let head = [
        r.period.to_string(),
        r.as_of.to_string(),
        format!("{:.1}", r.elapsed_percent),
    ];
    let mut put = |rest: [String; 10]| {
        let row = head.iter().chain(rest.iter());
        let row = row.map(|c| crate::export::cell(c).into_owned());
        w.write_record(row).expect("write to memory");
    };
    for x in &r.targets {
        put([
            "target".into(),
            x.whom.kind().into(),
            x.whom.code().into(),
            x.name.get(lang).to_string(),
            x.measure.as_str().into(),
            x.scope.key(),
            plain(x.measure, x.target),
            plain(x.measure, x.done),
            format!("{:.1}", x.percent),
            x.pace.as_str().into(),
        ]);
    }
    for b in &r.branch {
        put([
            "branch".into(),
            b.kind.into(),
            String::new(),
            Msg::TgBranch.get(lang).to_string(),
            b.measure.as_str().into(),
            "all".into(),
            plain(b.measure, b.target),
            plain(b.measure, b.done),
            format!("{:.1}", b.percent),
            b.pace.as_str().into(),
        ]);
    }
    let bytes = w.into_inner().expect("flush to memory");
    format!(
        "{}{}",
        crate::report::csv::BOM,
        String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8")
    )
}

fn target_json(x: &TargetFigures, catalog: &Catalog) -> Value {
    let scope_label = |lang| scope_label(&x.scope, catalog, lang);
    json!({
        "whom": x.whom.kind(),
        "code": x.whom.code(),
        "name": { "zh": x.name.zh, "en": x.name.en },
        "left": x.left,
        "measure": x.measure.as_str(),
        "scope": x.scope.key(),
        "scope_label": { "zh": scope_label(Lang::Zh), "en": scope_label(Lang::En) },
        "target": number(x.measure, x.target),
        "done": number(x.measure, x.done),
        "percent": x.percent,
        "pace": x.pace.as_str(),
    })
}

fn branch_json(b: &BranchFigures) -> Value {
    json!({
        "whom": b.kind,
        "measure": b.measure.as_str(),
        "targets": b.targets,
        "target": number(b.measure, b.target),
        "done": number(b.measure, b.done),
        "percent": b.percent,
        "pace": b.pace.as_str(),
    })
}

/// The JSON contract: period, days, the targets and the branch's totals.
pub fn render_json(r: &TargetReport, catalog: &Catalog) -> Value {
    json!({
        "period": r.period.to_string(),
        "date_from": r.period.first().to_string(),
        "date_to": r.period.last().to_string(),
        "as_of": r.as_of.to_string(),
        "days": r.days,
        "days_elapsed": r.days_elapsed,
        "elapsed_percent": r.elapsed_percent,
        "targets": r.targets.iter().map(|x| target_json(x, catalog)).collect::<Vec<_>>(),
        "branch": r.branch.iter().map(branch_json).collect::<Vec<_>>(),
    })
}
