//! The Follow-ups tab: sections by due date, the selected client's history.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row};
use ratatui::Frame;

use super::theme;
use crate::app::followups::rules;
use crate::app::App;
use crate::config::Catalog;
use crate::domain::followup::{self, Bucket, Lateness};
use crate::i18n::{self, Msg};
use crate::store::clients::HistoryItem;
use crate::store::prospects::Prospect;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let [summary, list, history] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(8),
    ])
    .areas(area);
    draw_summary(f, app, summary);
    draw_list(f, app, list);
    draw_history(f, app, history);
}

fn draw_summary(f: &mut Frame, app: &App, area: Rect) {
    let s = &app.followups;
    let mut spans = Vec::new();
    for (m, b, style) in [
        (Msg::SectOverdue, Bucket::Overdue, theme::alert()),
        (Msg::SectToday, Bucket::DueToday, theme::warning()),
        (Msg::SectUpcoming, Bucket::Upcoming, Style::default()),
        (Msg::SectEnded, Bucket::Ended, theme::dim()),
    ] {
        spans.push(Span::raw(format!(" {} ", app.t(m))));
        spans.push(Span::styled(
            s.count(b).to_string(),
            style.add_modifier(ratatui::style::Modifier::BOLD),
        ));
        spans.push(Span::raw(" "));
    }
    let mut active = Vec::new();
    if let Some(q) = &s.filter.search {
        // Under the privacy shield nothing typed about a client shows.
        let q = match app.shield {
            true => "···".to_string(),
            false => super::clients::query_shown(q),
        };
        active.push(format!("\"{q}\""));
    }
    if let Some(o) = &s.filter.owner {
        active.push(app.staff_name(o));
    }
    if let Some(l) = &s.filter.line {
        active.push(app.line_label(l));
    }
    if let Some(t) = &s.filter.tier {
        active.push(Catalog::label(&app.catalog.tiers, t, app.lang).to_string());
    }
    if s.escalated_only {
        active.push(app.t(Msg::FieldEscalated).to_string());
    }
    if !active.is_empty() {
        let text = Msg::FilterOn.fill(app.lang, &[("f", &active.join(" · "))]);
        spans.push(Span::styled(format!("  {text}"), theme::key()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn due_cell(app: &App, b: Bucket, p: &Prospect) -> Span<'static> {
    let lang = app.lang;
    let today = app.clock.today();
    match b {
        Bucket::Overdue => {
            let d = followup::days_overdue(p.next_due, today);
            let style = match followup::lateness(&rules(&app.catalog), p.stage, p.next_due, today) {
                Lateness::Alert => theme::alert(),
                _ => theme::warning(),
            };
            Span::styled(Msg::DaysOverdue.fill(lang, &[("d", &d)]), style)
        }
        Bucket::DueToday => Span::styled(app.t(Msg::DueToday), theme::ok()),
        Bucket::Upcoming => Span::raw(
            p.next_due
                .map(|d| d.format("%m-%d").to_string())
                .unwrap_or_default(),
        ),
        Bucket::Ended => Span::styled(i18n::stage(p.stage).get(lang), theme::dim()),
    }
}

fn draw_list(f: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang;
    let s = &app.followups;
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", app.t(Msg::ProspectsTitle)),
        theme::title(),
    ));
    if s.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(app.t(Msg::ProspectsEmpty), theme::dim())).block(block),
            area,
        );
        return;
    }
    let header = super::table::header(
        lang,
        &[
            Msg::ColDue,
            Msg::ColClient,
            Msg::ColMobile,
            Msg::ColTier,
            Msg::ColLine,
            Msg::ColOwner,
            Msg::ColContacts,
            Msg::ColConsent,
            Msg::ColFlag,
        ],
    );
    let rules = rules(&app.catalog);
    let today = app.clock.today();
    let shown = super::table::visible(s.len(), s.cursor.at(), area);
    let selected = s.cursor.at() - shown.start;
    let rows = s.shown(shown).iter().map(|(b, p)| {
        let (name, mobile) = super::client_shown(
            app,
            Some(p.client_id),
            p.client_name.as_deref(),
            p.client_mobile.as_deref(),
        );
        let consent = if p.consent {
            Span::styled("✓", theme::ok())
        } else {
            Span::styled(app.t(Msg::ConsentMissing), theme::alert())
        };
        let flag = if followup::escalated(&rules, p.stage, p.next_due, today) {
            Span::styled(app.t(Msg::Escalated), theme::alert())
        } else {
            Span::raw("")
        };
        Row::new(vec![
            Cell::from(due_cell(app, *b, p)),
            Cell::from(name),
            Cell::from(mobile),
            Cell::from(Catalog::label(&app.catalog.tiers, &p.client_tier, lang).to_string()),
            Cell::from(
                p.line
                    .as_deref()
                    .map(|l| app.line_label(l))
                    .unwrap_or_default(),
            ),
            Cell::from(p.owner_name.clone().unwrap_or_else(|| p.owner.clone())),
            Cell::from(p.contacts.to_string()),
            Cell::from(consent),
            Cell::from(flag),
        ])
    });
    // The due column holds a date or an ended stage ("handed back").
    let widths = [
        Constraint::Length(11),
        Constraint::Fill(1),
        Constraint::Length(11),
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Length(4),
    ];
    super::table::draw(f, area, rows, &widths, header, block, selected);
}

fn draw_history(f: &mut Frame, app: &App, area: Rect) {
    let name = app
        .followups
        .selected_prospect()
        .map(|p| super::client_shown(app, Some(p.client_id), p.client_name.as_deref(), None).0);
    draw_client_history(f, app, name, &app.followups.history, area);
}

/// A client's visits, cards and contacts, newest first, in a box titled with
/// the (masked) name.
pub fn draw_client_history(
    f: &mut Frame,
    app: &App,
    name: Option<String>,
    items: &[HistoryItem],
    area: Rect,
) {
    let lang = app.lang;
    let off = app.clock.offset();
    let title = match name {
        Some(n) => format!(" {} · {n} ", app.t(Msg::HistoryTitle)),
        None => format!(" {} ", app.t(Msg::HistoryTitle)),
    };
    let lines: Vec<Line> = items
        .iter()
        .map(|h| {
            let when = h.at().with_timezone(&off).format("%m-%d %H:%M").to_string();
            let text = match h {
                HistoryItem::Visit {
                    number,
                    service,
                    status,
                    ..
                } => Msg::HistVisit.fill(
                    lang,
                    &[
                        ("n", number),
                        (
                            "s",
                            &app.catalog
                                .service(service)
                                .map_or(service.as_str(), |s| s.label.get(lang)),
                        ),
                        (
                            "st",
                            &crate::domain::ticket::Status::parse(status)
                                .map_or(status.as_str(), |s| i18n::status(s).get(lang)),
                        ),
                    ],
                ),
                HistoryItem::Card {
                    id,
                    line,
                    need,
                    status,
                    ..
                } => Msg::HistCard.fill(
                    lang,
                    &[
                        ("id", id),
                        ("line", &app.line_label(line)),
                        ("need", &Catalog::label(&app.catalog.needs, need, lang)),
                        (
                            "st",
                            &crate::domain::card::CardStatus::parse(status)
                                .map_or(status.as_str(), |s| i18n::card_status(s).get(lang)),
                        ),
                    ],
                ),
                HistoryItem::Contact {
                    by,
                    channel,
                    summary,
                    result,
                    next_step,
                    ..
                } => {
                    let mut t = Msg::HistContact.fill(
                        lang,
                        &[
                            ("ch", &Catalog::label(&app.catalog.channels, channel, lang)),
                            ("by", &app.staff_name(by)),
                            ("sum", summary),
                        ],
                    );
                    for extra in [result, next_step] {
                        if !extra.is_empty() {
                            t.push_str(" · ");
                            t.push_str(extra);
                        }
                    }
                    t
                }
                HistoryItem::Campaign { name, occasion, .. } => {
                    let o = crate::domain::campaign::Occasion::parse(occasion)
                        .map_or(occasion.as_str(), |o| crate::i18n::occasion(o).get(lang));
                    Msg::CpHistory.fill(lang, &[("n", name), ("o", &o)])
                }
                HistoryItem::Lost { owner, reason, .. } => Msg::LrHistory.fill(
                    lang,
                    &[
                        ("by", &app.staff_name(owner)),
                        (
                            "r",
                            &Catalog::label(&app.catalog.lost_reasons, reason, lang),
                        ),
                    ],
                ),
            };
            Line::from(vec![
                Span::styled(format!("{when} "), theme::dim()),
                Span::raw(text),
            ])
        })
        .collect();
    f.render_widget(
        super::wrap::paragraph(
            lines,
            Block::bordered().title(Span::styled(title, theme::title())),
            area,
        ),
        area,
    );
}
