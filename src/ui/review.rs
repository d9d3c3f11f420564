//! The end-of-day review: the day's figures as text tables, a chart of
//! arrivals per hour, and the closing sweep drawn over them.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};
use ratatui::Frame;

use super::{centered, clear, theme};
use crate::app::review::SweepItem;
use crate::app::sweep::SweepList;
use crate::app::{App, Tab};
use crate::config::Catalog;
use crate::i18n::{self, Msg};
use crate::keymap::Keymap;
use crate::report::{Report, WaitFigures};

pub fn draw(f: &mut Frame, app: &App, keys: &Keymap, area: Rect) {
    let Some(report) = &app.review.report else {
        return;
    };
    let chart_h = if area.height >= 30 { 9 } else { 0 };
    let [text, chart] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(chart_h)]).areas(area);
    let day = app.review.day.map(|d| d.to_string()).unwrap_or_default();
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", Msg::RvTitle.fill(app.lang, &[("d", &day)])),
        theme::title(),
    ));
    let mut lines = figure_lines(app, report);
    if let Some(t) = &app.review.targets {
        // The month's targets first; at a small height only their totals.
        let section = super::targets::lines(app, t, area.height < 30);
        lines.splice(0..0, section);
    }
    if let Some(c) = &report.closed {
        lines.insert(
            0,
            Line::from(Span::styled(closed_line(app, c), theme::ok())),
        );
    }
    let room = text.height.saturating_sub(2);
    let scroll = app
        .review
        .scroll
        .min((lines.len() as u16).saturating_sub(room));
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), text);
    if chart_h > 0 {
        draw_chart(f, app, report, chart);
    }
    if let Some((items, k)) = &app.review.sweep {
        draw_sweep(f, app, keys, items, *k, area);
    }
}

/// "Closed 17:45 by 陈静": when and by whom the day shown was closed.
fn closed_line(app: &App, c: &crate::report::Closed) -> String {
    let at = c.at.get(..16).unwrap_or(&c.at).replace('T', " ");
    let by = app.staff_name(&c.by);
    let m = if c.automatic {
        Msg::RptDayClosedAuto
    } else {
        Msg::RptDayClosed
    };
    m.fill(app.lang, &[("at", &at), ("by", &by)])
}

/// The sweep's keys this person may use on the item shown, then skip and end.
fn sweep_keys(app: &App, keys: &Keymap) -> String {
    let mut v: Vec<String> = keys
        .active(Tab::Review)
        .filter(|b| b.id.starts_with("sweep.") && app.offers(&b.action))
        .map(|b| {
            let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
            format!("{key} {}", app.t(b.label))
        })
        .collect();
    v.push(app.t(Msg::SweepEnd).to_string());
    v.join("  ")
}

/// A row of cells padded to display widths (Chinese takes two cells).
pub(super) fn row(cells: &[(String, usize)]) -> String {
    cells
        .iter()
        .map(|(text, w)| {
            let t = i18n::truncate(text, *w);
            format!("{t}{} ", " ".repeat(w.saturating_sub(i18n::width(&t))))
        })
        .collect()
}

pub(super) fn heading(text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme::header()))
}

pub(super) fn pairs(app: &App, items: &[(Msg, String)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (m, v) in items {
        spans.push(Span::raw(format!(" {} ", app.t(*m))));
        spans.push(Span::styled(v.clone(), theme::title()));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// The width of the first column of the waits and service tables: a service
/// type's or a counter's name.
const LABEL: usize = 20;

fn wait_row(label: &str, w: &WaitFigures) -> String {
    row(&[
        (label.to_string(), LABEL),
        (w.count.to_string(), 6),
        (format!("{:.1}", w.avg_minutes), 6),
        (format!("{:.1}", w.p90_minutes), 6),
        (format!("{:.1}", w.max_minutes), 6),
        (w.over_warning.to_string(), 6),
        (w.over_alert.to_string(), 6),
    ])
}

fn figure_lines(app: &App, r: &Report) -> Vec<Line<'static>> {
    let lang = app.lang;
    let th = &app.catalog.thresholds;
    let t = |m: Msg| m.get(lang).to_string();
    let mut lines = vec![heading(&t(Msg::RvVisits))];
    let v = &r.visits;
    lines.push(pairs(
        app,
        &[
            (Msg::RvArrived, v.arrived.to_string()),
            (Msg::RvServed, v.served.to_string()),
            (Msg::RvNoShow, v.no_show.to_string()),
            (Msg::RvDiverted, v.diverted.to_string()),
            (Msg::RvWaiting, v.waiting.to_string()),
            (Msg::RvOpen, v.open.to_string()),
        ],
    ));
    if r.closed.is_some() || v.unserved + v.unfinished > 0 {
        // What the day's close ended unserved or unfinished.
        lines.push(pairs(
            app,
            &[
                (Msg::StUnserved, v.unserved.to_string()),
                (Msg::StUnfinished, v.unfinished.to_string()),
            ],
        ));
    }
    lines.push(Line::default());

    lines.push(heading(&t(Msg::RvWaits)));
    lines.push(Line::from(Span::styled(
        row(&[
            (String::new(), LABEL),
            (t(Msg::RvCount), 6),
            (t(Msg::RvAvg), 6),
            (t(Msg::RvP90), 6),
            (t(Msg::RvMax), 6),
            (
                Msg::RvOverW.fill(lang, &[("w", &th.wait_warning_minutes)]),
                6,
            ),
            (Msg::RvOverA.fill(lang, &[("a", &th.wait_alert_minutes)]), 6),
        ]),
        theme::dim(),
    )));
    lines.push(Line::from(wait_row(&t(Msg::RvAll), &r.waits.all)));
    for s in &r.waits.by_service {
        let label = format!("{} {}", s.service, s.label.get(lang));
        lines.push(Line::from(wait_row(&label, &s.figures)));
    }
    lines.push(Line::default());
    lines.extend(super::review_level::level_lines(app, r));

    lines.push(heading(&t(Msg::RvService)));
    let service = |label: String, c: i64, avg: f64, max: f64| {
        Line::from(row(&[
            (label, LABEL),
            (c.to_string(), 6),
            (format!("{avg:.1}"), 6),
            (format!("{max:.1}"), 6),
        ]))
    };
    lines.push(Line::from(Span::styled(
        row(&[
            (String::new(), LABEL),
            (t(Msg::RvCount), 6),
            (t(Msg::RvAvg), 6),
            (t(Msg::RvMax), 6),
        ]),
        theme::dim(),
    )));
    for c in &r.service.by_counter {
        let label = Msg::CounterN.fill(lang, &[("n", &c.counter)]);
        let x = &c.figures;
        lines.push(service(label, x.count, x.avg_minutes, x.max_minutes));
    }
    for c in &r.service.by_teller {
        let x = &c.figures;
        lines.push(service(
            c.name.clone(),
            x.count,
            x.avg_minutes,
            x.max_minutes,
        ));
    }
    lines.push(Line::default());

    let rf = &r.referrals;
    lines.push(heading(&t(Msg::RvReferrals)));
    // The funnel follows the chains begun this day; the totals count every
    // card made, re-referrals too: each says which it is.
    lines.push(Line::from(Span::styled(
        format!(" {}", t(Msg::RvFunnelOf)),
        theme::dim(),
    )));
    lines.push(Line::from(vec![
        Span::styled(format!(" {} ", t(Msg::RvFunnel)), theme::dim()),
        Span::styled(
            format!(
                "{} → {} → {}  {}",
                rf.funnel.created,
                rf.funnel.accepted,
                rf.funnel.contracted,
                i18n::money(rf.funnel.contracted_cents)
            ),
            theme::title(),
        ),
    ]));
    lines.push(Line::from(Span::styled(
        format!(" {}", t(Msg::RvTotalsOf)),
        theme::dim(),
    )));
    lines.push(pairs(
        app,
        &[
            (Msg::RvCreated, rf.created.to_string()),
            (Msg::RvAcceptedN, rf.accepted.to_string()),
            (Msg::RvContractedN, rf.contracted.to_string()),
            (Msg::RvAmount, i18n::money(rf.contracted_cents)),
            (Msg::RvIntent, rf.intent.to_string()),
            (Msg::RvDeclined, rf.declined.to_string()),
        ],
    ));
    let objections: Vec<String> = rf
        .declined_by_objection
        .iter()
        .map(|(code, n)| {
            format!(
                "{} {n}",
                Catalog::label(&app.catalog.objections, code, lang)
            )
        })
        .collect();
    lines.push(Line::from(format!(
        " {}: {}",
        t(Msg::RvDeclined),
        objections.join(" · ")
    )));
    for l in &rf.by_line {
        lines.push(Line::from(row(&[
            (format!(" {}", l.label.get(lang)), 14),
            (format!("{} {}", t(Msg::RvCreated), l.created), 10),
            (format!("{} {}", t(Msg::RvAcceptedN), l.accepted), 12),
            (format!("{} {}", t(Msg::RvContractedN), l.contracted), 14),
            (i18n::money(l.contracted_cents), 16),
        ])));
    }
    for p in &rf.by_referrer {
        lines.push(Line::from(row(&[
            (format!(" {}", p.name), 14),
            (format!("{} {}", t(Msg::RvCreated), p.created), 10),
            (format!("{} {}", t(Msg::RvContractedN), p.contracted), 14),
        ])));
    }
    lines.push(Line::default());

    let fu = &r.followups;
    lines.push(heading(&t(Msg::RvFollowups)));
    lines.push(pairs(
        app,
        &[
            (Msg::RvContacted, fu.contacted.to_string()),
            (Msg::RvWon, fu.won.to_string()),
            (Msg::RvLost, fu.lost.to_string()),
            (Msg::RvHandedBack, fu.handed_back.to_string()),
            (Msg::RvOpenProspects, fu.open.to_string()),
            (Msg::RvDueTomorrow, fu.due_tomorrow.to_string()),
            (Msg::RvOverdue, fu.overdue.to_string()),
        ],
    ));
    lines.push(Line::default());
    lines.extend(super::review_level::appointment_lines(app, r));

    lines.push(heading(&t(Msg::RvPoints)));
    if r.staff.is_empty() {
        lines.push(Line::from(Span::styled(t(Msg::RvNobody), theme::dim())));
    } else {
        lines.push(Line::from(Span::styled(
            row(&[
                (String::new(), 10),
                (t(Msg::RvCreated), 8),
                (t(Msg::RvConverted), 8),
                (t(Msg::RvClosed), 8),
                (t(Msg::RvContacts), 8),
                (t(Msg::RvServed), 8),
                (t(Msg::RvPts), 8),
            ]),
            theme::dim(),
        )));
    }
    for s in &r.staff {
        lines.push(Line::from(row(&[
            (s.name.clone(), 10),
            (s.referrals.to_string(), 8),
            (s.converted.to_string(), 8),
            (s.closed.to_string(), 8),
            (s.contacts.to_string(), 8),
            (s.served.to_string(), 8),
            (s.points.to_string(), 8),
        ])));
    }
    lines.extend(super::pairs::review_lines(app, r));
    lines.extend(super::review_sections::cross_sell_lines(app, r));
    lines.extend(super::campaigns::review_lines(app));
    lines.extend(super::review_sections::complaint_lines(app, r));
    lines
}

fn draw_chart(f: &mut Frame, app: &App, r: &Report, area: Rect) {
    // Business hours, and any other hour that saw arrivals.
    let hours: Vec<_> = r
        .hours
        .iter()
        .filter(|h| (8..18).contains(&h.hour) || h.arrivals > 0)
        .collect();
    let chart = |title: Msg, value: &dyn Fn(&crate::report::HourFigures) -> u64| {
        let bars: Vec<Bar> = hours
            .iter()
            .map(|h| {
                Bar::default()
                    .value(value(h))
                    .label(Line::from(format!("{:02}", h.hour)))
            })
            .collect();
        BarChart::default()
            .block(
                Block::bordered()
                    .title(Span::styled(format!(" {} ", app.t(title)), theme::title())),
            )
            .data(BarGroup::default().bars(&bars))
            .bar_width(2)
            .bar_gap(1)
            .bar_style(Style::default().fg(ratatui::style::Color::Cyan))
    };
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    f.render_widget(chart(Msg::RvChart, &|h| h.arrivals.max(0) as u64), left);
    f.render_widget(
        chart(Msg::RvChartWait, &|h| {
            h.avg_wait_minutes.round().max(0.0) as u64
        }),
        right,
    );
}

fn draw_sweep(f: &mut Frame, app: &App, keys: &Keymap, items: &SweepList, k: usize, area: Rect) {
    let lang = app.lang;
    let rect = centered(area, 70, 9);
    clear(f, rect);
    let title = Msg::SweepTitle.fill(
        lang,
        &[("k", &(k + items.len().min(1))), ("n", &items.len())],
    );
    let mut lines = Vec::new();
    match items.get(k) {
        None => lines.push(Line::from(Span::styled(app.t(Msg::SweepDone), theme::ok()))),
        Some(SweepItem::Card(v)) => {
            let c = &v.card;
            lines.push(Line::from(Span::styled(
                {
                    let (n, m) = super::client_shown(
                        app,
                        Some(v.card.client_id),
                        v.client_name.as_deref(),
                        v.client_mobile.as_deref(),
                    );
                    format!("{n} {m}")
                },
                theme::title(),
            )));
            lines.push(Line::from(Msg::SweepCard.fill(
                lang,
                &[
                    ("id", &c.id),
                    ("line", &app.line_label(&c.line)),
                    ("need", &Catalog::label(&app.catalog.needs, &c.need, lang)),
                    ("st", &i18n::card_status(c.status).get(lang)),
                ],
            )));
            lines.push(Line::from(c.note.clone()));
        }
        Some(SweepItem::Prospect(p)) => {
            lines.push(Line::from(Span::styled(
                {
                    let (n, m) = super::client_shown(
                        app,
                        Some(p.client_id),
                        p.client_name.as_deref(),
                        p.client_mobile.as_deref(),
                    );
                    format!("{n} {m}")
                },
                theme::title(),
            )));
            lines.push(Line::from(
                Msg::SweepProspect.fill(
                    lang,
                    &[
                        (
                            "line",
                            &p.line
                                .as_deref()
                                .map(|l| app.line_label(l))
                                .unwrap_or_default(),
                        ),
                        (
                            "o",
                            &p.owner_name.clone().unwrap_or_else(|| p.owner.clone()),
                        ),
                        (
                            "due",
                            &p.next_due.map(|d| d.to_string()).unwrap_or_default(),
                        ),
                    ],
                ),
            ));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        sweep_keys(app, keys),
        theme::key(),
    )));
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme::title()))
        .border_style(theme::key());
    f.render_widget(super::wrap::paragraph(lines, block, rect), rect);
}
