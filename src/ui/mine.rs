//! The Mine tab: my referrals at every depth for the period, my points with
//! what earned them and my place, my targets for the month (when I have
//! any), and my recent notices.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row};
use ratatui::Frame;

use super::theme;
use crate::app::App;
use crate::config::Catalog;
use crate::domain::card::CardStatus;
use crate::i18n::{self, Msg};
use crate::report::points::Credit;
use crate::store::mine::MyCard;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let low = (area.height / 3).max(8);
    let goals = match app.mine.targets.len() {
        0 => 0,
        n => (n as u16 + 2).min(area.height / 4).max(3),
    };
    let owed = super::complaints::height(app, area);
    let [list, targets, complaints, bottom] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(goals),
        Constraint::Length(owed),
        Constraint::Length(low),
    ])
    .areas(area);
    if goals > 0 {
        draw_targets(f, app, targets);
    }
    if owed > 0 {
        super::complaints::draw(f, app, complaints);
    }
    let [points, notices] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Fill(1)]).areas(bottom);
    draw_list(f, app, list);
    draw_points(f, app, points);
    draw_notices(f, app, notices);
}

/// How a credit reads.
fn credit_label(c: Credit) -> Msg {
    match c {
        Credit::Referral => Msg::CreditReferral,
        Credit::Converted => Msg::CreditConverted,
        Credit::Closed => Msg::CreditClosed,
        Credit::Contact => Msg::CreditContact,
    }
}

/// The card's number, indented and marked `↳` by its depth in the chain.
fn card_number(c: &MyCard) -> String {
    match c.depth {
        0 => format!("#{}", c.id),
        d => format!("{}↳#{}", " ".repeat(d - 1), c.id),
    }
}

fn status_style(s: CardStatus) -> Style {
    match s {
        CardStatus::New => theme::warning(),
        CardStatus::Accepted | CardStatus::Intent | CardStatus::Contracted => theme::ok(),
        _ => theme::dim(),
    }
}

/// A contract's amount, a decline's objection, else nothing.
fn outcome(app: &App, c: &MyCard) -> String {
    match c.status {
        CardStatus::Contracted => i18n::money(c.amount_cents.unwrap_or(0)),
        CardStatus::Declined => Catalog::label(
            &app.catalog.objections,
            c.objection.as_deref().unwrap_or(""),
            app.lang,
        )
        .to_string(),
        _ => String::new(),
    }
}

fn draw_list(f: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang;
    let m = &app.mine;
    let label = app.t(m.span.label());
    let shown = match m.period {
        Some(p) if p.from == p.to => format!("{label} {}", p.to.format("%Y-%m-%d")),
        Some(p) => Msg::MinePeriod.fill(
            lang,
            &[
                ("p", &label),
                ("from", &p.from.format("%Y-%m-%d")),
                ("to", &p.to.format("%Y-%m-%d")),
            ],
        ),
        None => label.to_string(),
    };
    let title = format!(" {} · {shown} ", app.t(Msg::MineTitle));
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    if m.cards.is_empty() {
        super::table::empty(f, area, block, app.t(Msg::MineEmpty).to_string());
        return;
    }
    let header = super::table::header(
        lang,
        &[
            Msg::ColCard,
            Msg::ColClient,
            Msg::ColLine,
            Msg::ColNeed,
            Msg::ColReceiver,
            Msg::ColStatus,
            Msg::ColOutcome,
            Msg::ColAge,
        ],
    );
    let need_w: u16 = if area.width >= 100 { 16 } else { 10 };
    let shown = super::table::visible(m.cards.len(), m.cursor.at(), area);
    let selected = m.cursor.at() - shown.start;
    let rows = m.cards[shown].iter().map(|c| {
        let client = super::client_label(
            app,
            Some(c.client_id),
            c.client_name.as_deref(),
            c.client_mobile.as_deref(),
        );
        let age = i18n::minutes(lang, (app.now - c.created_at).num_minutes());
        Row::new(vec![
            Cell::from(card_number(c)),
            Cell::from(client),
            Cell::from(app.line_label(&c.line)),
            Cell::from(i18n::truncate(
                Catalog::label(&app.catalog.needs, &c.need, lang),
                need_w as usize,
            )),
            Cell::from(c.receiver_name.clone().unwrap_or_default()),
            Cell::from(Span::styled(
                i18n::truncate(i18n::card_status(c.status).get(lang), 11),
                status_style(c.status),
            )),
            Cell::from(outcome(app, c)),
            Cell::from(age),
        ])
    });
    let widths = [
        Constraint::Length(8),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(need_w),
        Constraint::Length(8),
        Constraint::Length(11),
        Constraint::Length(13),
        Constraint::Length(7),
    ];
    super::table::draw(f, area, rows, &widths, header, block, selected);
}

/// My targets for the month: measure, scope, done/target, percent, pace.
fn draw_targets(f: &mut Frame, app: &App, area: Rect) {
    let m = &app.mine;
    let title = match m.target_month {
        Some((p, e)) => Msg::MineTargets.fill(app.lang, &[("p", &p), ("e", &format!("{e:.0}"))]),
        None => String::new(),
    };
    let block = Block::bordered().title(Span::styled(format!(" {title} "), theme::title()));
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = super::targets::own_lines(app, &m.targets)
        .into_iter()
        .map(|l| fit_line(l, width))
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// The total and place, each credit's count × worth, then each record that
/// earned points, newest first, as many as fit.
fn draw_points(f: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang;
    let m = &app.mine;
    let title = format!(" {} · {} ", app.t(Msg::MinePoints), app.t(m.span.label()));
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    let total = m.standing.as_ref().map_or(0, |s| s.points);
    let place = match m.place {
        Some((r, n)) => Msg::MinePlace.fill(lang, &[("r", &r), ("n", &n)]),
        None => app.t(Msg::MineNoPlace).to_string(),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(Msg::MineTotal.fill(lang, &[("n", &total)]), theme::key()),
        Span::raw(format!(" · {place}")),
    ])];
    let p = &app.catalog.points;
    let counts: Vec<String> = Credit::ALL
        .into_iter()
        .filter_map(|c| {
            let n = m.standing.as_ref().map_or(0, |s| s.count(c));
            (n > 0).then(|| format!("{} {n}×{}", app.t(credit_label(c)), c.worth(p)))
        })
        .collect();
    let mut counts = counts;
    if let Some(s) = m.standing.as_ref().filter(|s| s.deducted > 0) {
        let per = app.catalog.complaints.points.max(1);
        let n = s.deducted / per;
        counts.push(Msg::MineDeducted.fill(lang, &[("n", &n), ("p", &per)]));
    }
    if counts.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::MineNoCredits),
            theme::dim(),
        )));
    } else {
        lines.push(Line::from(counts.join(" · ")));
    }
    let room = area.height.saturating_sub(2) as usize;
    let fit = room.saturating_sub(lines.len());
    let off = app.clock.offset();
    let more = m.credits.len().saturating_sub(fit);
    let listed = if more > 0 { fit.saturating_sub(1) } else { fit };
    for c in m.credits.iter().take(listed) {
        let Some(kind) = Credit::parse(&c.kind) else {
            continue;
        };
        let record = match kind {
            Credit::Contact => format!("{} #{}", app.t(Msg::RecProspect), c.id),
            _ => format!("#{}", c.id),
        };
        let line = c
            .line
            .as_deref()
            .map(|l| format!(" {}", app.line_label(l)))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(
                c.at.with_timezone(&off).format("%m-%d ").to_string(),
                theme::dim(),
            ),
            Span::raw(format!("{} {record}{line} ", app.t(credit_label(kind)))),
            Span::styled(format!("+{}", kind.worth(p)), theme::ok()),
        ]));
    }
    if more > 0 && fit > 0 {
        let text = Msg::MineMore.fill(lang, &[("n", &(m.credits.len() - listed))]);
        lines.push(Line::from(Span::styled(text, theme::dim())));
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| fit_line(l, area.width.saturating_sub(2) as usize))
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// A line cut to `width` cells (a cut marked `…`), span by span.
fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    let mut left = width;
    let mut spans = Vec::new();
    for s in line.spans {
        if left == 0 {
            break;
        }
        let w = i18n::width(&s.content);
        if w <= left {
            left -= w;
            spans.push(s);
        } else {
            spans.push(Span::styled(i18n::truncate(&s.content, left), s.style));
            left = 0;
        }
    }
    Line::from(spans)
}

/// My newest notices, newest first, one sentence each.
fn draw_notices(f: &mut Frame, app: &App, area: Rect) {
    let title = format!(" {} ", app.t(Msg::MineNotices));
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    let m = &app.mine;
    if m.notices.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(app.t(Msg::MineNoNotices), theme::dim())).block(block),
            area,
        );
        return;
    }
    let off = app.clock.offset();
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = m
        .notices
        .iter()
        .zip(&m.said)
        .take(area.height.saturating_sub(2) as usize)
        .map(|(n, said)| {
            let line = Line::from(vec![
                Span::styled(
                    n.at.with_timezone(&off).format("%m-%d %H:%M ").to_string(),
                    theme::dim(),
                ),
                Span::raw(said.as_str()),
            ]);
            fit_line(line, width)
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}
