//! The report as Markdown: a title and one table per section, labels in the
//! chosen language, columns padded by display width so the plain text lines
//! up too (Chinese characters take two cells).

use crate::config::Catalog;
use crate::i18n::{self, Lang, Msg};

use super::{Report, ServiceFigures, WaitFigures};

/// A column's alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

use Align::{Left, Right};

/// A Markdown table: header, alignment row and rows, padded to line up.
pub(super) fn table(out: &mut String, header: &[String], align: &[Align], rows: &[Vec<String>]) {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| i18n::width(h).max(3)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(i18n::width(cell));
        }
    }
    let pad = |cell: &str, i: usize| {
        let fill = " ".repeat(widths[i].saturating_sub(i18n::width(cell)));
        match align[i] {
            Left => format!("{cell}{fill}"),
            Right => format!("{fill}{cell}"),
        }
    };
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(
        header.iter().enumerate().map(|(i, h)| pad(h, i)).collect(),
    ));
    out.push_str(&line(
        (0..cols)
            .map(|i| match align[i] {
                Left => format!(":{}", "-".repeat(widths[i] - 1)),
                Right => format!("{}:", "-".repeat(widths[i] - 1)),
            })
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(
            (0..cols)
                .map(|i| pad(row.get(i).map_or("", String::as_str), i))
                .collect(),
        ));
    }
    out.push('\n');
}

/// Text safe inside a table cell.
pub(super) fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub(super) fn heading(out: &mut String, m: Msg, lang: Lang) {
    out.push_str(&format!("## {}\n\n", m.get(lang)));
}

fn labels(ms: &[Msg], lang: Lang) -> Vec<String> {
    ms.iter().map(|m| m.get(lang).to_string()).collect()
}

fn n(v: i64) -> String {
    v.to_string()
}

pub(super) fn m1(v: f64) -> String {
    format!("{v:.1}")
}

/// `count (rate%)` of a funnel step.
fn share(part: i64, whole: i64) -> String {
    if whole == 0 {
        n(part)
    } else {
        format!("{part} ({:.0}%)", part as f64 * 100.0 / whole as f64)
    }
}

pub(super) fn who(name: &str, code: &str) -> String {
    cell(&format!("{name} ({code})"))
}

/// The report as Markdown in `lang`.
pub fn render(r: &Report, catalog: &Catalog, lang: Lang) -> String {
    let mut out = String::new();
    let branch = catalog.branch.name(lang);
    out.push_str(&format!(
        "# {}\n\n",
        Msg::RptTitle.fill(lang, &[("branch", &branch)])
    ));
    let when = if r.date_from == r.date_to {
        Msg::RptDate.fill(lang, &[("d", &r.date_from)])
    } else {
        Msg::RptDates.fill(lang, &[("from", &r.date_from), ("to", &r.date_to)])
    };
    out.push_str(&format!("{when}\n\n"));
    if let Some(c) = &r.closed {
        let at = c.at.get(..16).unwrap_or(&c.at).replace('T', " ");
        let m = if c.automatic {
            Msg::RptDayClosedAuto
        } else {
            Msg::RptDayClosed
        };
        out.push_str(&format!(
            "{}\n\n",
            m.fill(lang, &[("at", &at), ("by", &c.by)])
        ));
    }

    visits(&mut out, r, lang);
    waits(&mut out, r, catalog, lang);
    super::level::md::level(&mut out, r, lang);
    service(&mut out, r, lang);
    super::counters::md(&mut out, r, catalog, lang);
    referrals(&mut out, r, catalog, lang);
    followups(&mut out, r, lang);
    super::lost::markdown(&mut out, r, catalog, lang);
    super::level::md::appointments(&mut out, r, lang);
    staff(&mut out, r, catalog, lang);
    super::pairs::markdown(&mut out, r, lang);
    super::cross_sell::markdown(&mut out, r, catalog, lang);
    super::campaigns::markdown(&mut out, r, lang);
    super::complaints::md(&mut out, r, catalog, lang);
    hours(&mut out, r, lang);
    out.push_str(&format!(
        "{}\n",
        Msg::RptChainHead.fill(lang, &[("h", &r.chain_head)])
    ));
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn visits(out: &mut String, r: &Report, lang: Lang) {
    heading(out, Msg::RptVisits, lang);
    let v = &r.visits;
    table(
        out,
        &labels(
            &[
                Msg::RptArrived,
                Msg::RptServed,
                Msg::RptNoShow,
                Msg::RptDiverted,
                Msg::RptStillWaiting,
                Msg::RptOpen,
                Msg::StUnserved,
                Msg::StUnfinished,
            ],
            lang,
        ),
        &[Right; 8],
        &[vec![
            n(v.arrived),
            n(v.served),
            n(v.no_show),
            n(v.diverted),
            n(v.waiting),
            n(v.open),
            n(v.unserved),
            n(v.unfinished),
        ]],
    );
}

fn waits(out: &mut String, r: &Report, catalog: &Catalog, lang: Lang) {
    heading(out, Msg::RptWaits, lang);
    let th = &catalog.thresholds;
    let header = vec![
        Msg::RptService.get(lang).to_string(),
        Msg::RptCount.get(lang).to_string(),
        Msg::RptAvgMin.get(lang).to_string(),
        Msg::RptP90Min.get(lang).to_string(),
        Msg::RptMaxMin.get(lang).to_string(),
        Msg::RptOver.fill(lang, &[("m", &th.wait_warning_minutes)]),
        Msg::RptOver.fill(lang, &[("m", &th.wait_alert_minutes)]),
    ];
    let row = |name: String, f: &WaitFigures| {
        vec![
            name,
            n(f.count),
            m1(f.avg_minutes),
            m1(f.p90_minutes),
            m1(f.max_minutes),
            n(f.over_warning),
            n(f.over_alert),
        ]
    };
    let mut rows = vec![row(Msg::RptAll.get(lang).to_string(), &r.waits.all)];
    for s in r.waits.by_service.iter().filter(|s| s.figures.count > 0) {
        let name = cell(&format!("{} {}", s.service, s.label.get(lang)));
        rows.push(row(name, &s.figures));
    }
    let mut align = vec![Right; 7];
    align[0] = Left;
    table(out, &header, &align, &rows);
    out.push_str(&format!("{}\n\n", Msg::RptWaitRule.get(lang)));
}

fn service_rows(out: &mut String, first: Msg, rows: Vec<(String, &ServiceFigures)>, lang: Lang) {
    let header = vec![
        first.get(lang).to_string(),
        Msg::RptCount.get(lang).to_string(),
        Msg::RptAvgMin.get(lang).to_string(),
        Msg::RptMaxMin.get(lang).to_string(),
    ];
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(name, f)| vec![name, n(f.count), m1(f.avg_minutes), m1(f.max_minutes)])
        .collect();
    table(out, &header, &[Left, Right, Right, Right], &rows);
}

fn service(out: &mut String, r: &Report, lang: Lang) {
    heading(out, Msg::RptServiceTimes, lang);
    let s = &r.service;
    let mut rows = vec![(Msg::RptAll.get(lang).to_string(), &s.all)];
    for c in &s.by_counter {
        rows.push((Msg::CounterN.fill(lang, &[("n", &c.counter)]), &c.figures));
    }
    service_rows(out, Msg::RptCounter, rows, lang);
    if !s.by_teller.is_empty() {
        let rows = s
            .by_teller
            .iter()
            .map(|t| (who(&t.name, &t.code), &t.figures))
            .collect();
        service_rows(out, Msg::RptTeller, rows, lang);
    }
}

fn referrals(out: &mut String, r: &Report, catalog: &Catalog, lang: Lang) {
    heading(out, Msg::RptReferrals, lang);
    let k = &r.referrals;
    table(
        out,
        &labels(
            &[
                Msg::RptCreated,
                Msg::RptAccepted,
                Msg::RptContracted,
                Msg::RptAmount,
                Msg::RptDeclined,
                Msg::RptIntent,
            ],
            lang,
        ),
        &[Right; 6],
        &[vec![
            n(k.created),
            n(k.accepted),
            n(k.contracted),
            i18n::money(k.contracted_cents),
            n(k.declined),
            n(k.intent),
        ]],
    );

    let header = labels(
        &[
            Msg::RptLine,
            Msg::RptCreated,
            Msg::RptAccepted,
            Msg::RptContracted,
            Msg::RptAmount,
        ],
        lang,
    );
    let rows: Vec<Vec<String>> = k
        .by_line
        .iter()
        .map(|l| {
            vec![
                cell(l.label.get(lang)),
                n(l.created),
                n(l.accepted),
                n(l.contracted),
                i18n::money(l.contracted_cents),
            ]
        })
        .collect();
    table(out, &header, &[Left, Right, Right, Right, Right], &rows);

    if k.declined > 0 {
        let rows: Vec<Vec<String>> = k
            .declined_by_objection
            .iter()
            .map(|(code, count)| {
                vec![
                    cell(Catalog::label(&catalog.objections, code, lang)),
                    n(*count),
                ]
            })
            .collect();
        table(
            out,
            &labels(&[Msg::RptObjection, Msg::RptDeclined], lang),
            &[Left, Right],
            &rows,
        );
    }

    if !k.by_referrer.is_empty() {
        let rows: Vec<Vec<String>> = k
            .by_referrer
            .iter()
            .map(|p| vec![who(&p.name, &p.code), n(p.created), n(p.contracted)])
            .collect();
        table(
            out,
            &labels(
                &[Msg::RptReferrer, Msg::RptCreated, Msg::RptContracted],
                lang,
            ),
            &[Left, Right, Right],
            &rows,
        );
    }

    let f = &k.funnel;
    out.push_str(&format!("{}\n\n", Msg::RptFunnel.get(lang)));
    table(
        out,
        &labels(
            &[
                Msg::RptCreated,
                Msg::RptAccepted,
                Msg::RptContracted,
                Msg::RptAmount,
            ],
            lang,
        ),
        &[Right; 4],
        &[vec![
            n(f.created),
            share(f.accepted, f.created),
            share(f.contracted, f.created),
            i18n::money(f.contracted_cents),
        ]],
    );
}

fn followups(out: &mut String, r: &Report, lang: Lang) {
    heading(out, Msg::RptFollowups, lang);
    let f = &r.followups;
    table(
        out,
        &labels(
            &[
                Msg::RptContacted,
                Msg::RptWon,
                Msg::RptLost,
                Msg::RptHandedBack,
                Msg::RptOpenProspects,
                Msg::RptDueTomorrow,
                Msg::RptOverdue,
            ],
            lang,
        ),
        &[Right; 7],
        &[vec![
            n(f.contacted),
            n(f.won),
            n(f.lost),
            n(f.handed_back),
            n(f.open),
            n(f.due_tomorrow),
            n(f.overdue),
        ]],
    );
}

fn staff(out: &mut String, r: &Report, catalog: &Catalog, lang: Lang) {
    heading(out, Msg::RptStaff, lang);
    if r.staff.is_empty() {
        out.push_str(&format!("{}\n\n", Msg::RptNone.get(lang)));
        return;
    }
    let mut people: Vec<_> = r.staff.iter().collect();
    people.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.code.cmp(&b.code)));
    let rows: Vec<Vec<String>> = people
        .iter()
        .map(|s| {
            vec![
                cell(&s.code),
                cell(&s.name),
                n(s.referrals),
                n(s.converted),
                n(s.closed),
                n(s.contacts),
                n(s.served),
                n(s.points),
            ]
        })
        .collect();
    let header = labels(
        &[
            Msg::RptCode,
            Msg::RptName,
            Msg::RptCreated,
            Msg::RptConverted,
            Msg::RptClosed,
            Msg::RptContacts,
            Msg::RptServed,
            Msg::RptPoints,
        ],
        lang,
    );
    let mut align = vec![Right; 8];
    align[0] = Left;
    align[1] = Left;
    table(out, &header, &align, &rows);
    let p = &catalog.points;
    out.push_str(&format!(
        "{}\n\n",
        Msg::RptPointsRule.fill(
            lang,
            &[
                ("r", &p.referral),
                ("v", &p.converted),
                ("c", &p.closed),
                ("k", &p.contact)
            ]
        )
    ));
}

fn hours(out: &mut String, r: &Report, lang: Lang) {
    heading(out, Msg::RptHours, lang);
    let rows: Vec<Vec<String>> = r
        .hours
        .iter()
        .filter(|h| h.arrivals > 0)
        .map(|h| {
            vec![
                format!("{:02}:00–{:02}:00", h.hour, h.hour + 1),
                n(h.arrivals),
                m1(h.avg_wait_minutes),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push_str(&format!("{}\n\n", Msg::RptNone.get(lang)));
        return;
    }
    table(
        out,
        &labels(&[Msg::RptHour, Msg::RptArrived, Msg::RptAvgWaitMin], lang),
        &[Left, Right, Right],
        &rows,
    );
}
