//! The lobby: headline figures, the queue and the counters.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row};
use ratatui::Frame;

mod counters;

use super::theme;
use crate::app::App;
use crate::domain::queue::WhyNext;
use crate::domain::ticket::{Status, Ticket};
use crate::domain::wait::shown_minutes;
use crate::i18n::{self, Lang, Msg};

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let counters = (app.lobby.counters.len() + app.lobby.desks.len()) as u16;
    let arrivals = super::arrivals::height(app, area.height);
    let [figures, queue, arrivals_area, counters_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(arrivals),
        Constraint::Length(counters + 3),
    ])
    .areas(area);
    draw_figures(f, app, figures, arrivals == 0);
    draw_queue(f, app, queue);
    if arrivals > 0 {
        super::arrivals::draw(f, app, arrivals_area);
    }
    counters::draw(f, app, counters_area);
}

/// The day's headline figures; `arrivals`: with today's appointments
/// counted (when their list is not shown).
fn draw_figures(f: &mut Frame, app: &App, area: Rect, arrivals: bool) {
    let lang = app.lang;
    let fig = &app.lobby.figures;
    let item = |label: Msg, value: String| {
        vec![
            Span::raw(format!(" {} ", label.get(lang))),
            Span::styled(value, theme::title()),
            Span::raw("  "),
        ]
    };
    let mut spans = Vec::new();
    spans.extend(item(Msg::Waiting, fig.waiting.to_string()));
    spans.extend(item(Msg::ServedToday, fig.served.to_string()));
    spans.extend(item(
        Msg::AvgWait,
        i18n::minutes(lang, fig.avg_wait_minutes),
    ));
    spans.extend(item(
        Msg::LongestWait,
        i18n::minutes(lang, fig.max_wait_minutes),
    ));
    if let Some((to_come, all)) = super::arrivals::summary(app).filter(|_| arrivals) {
        spans.extend(item(Msg::ApptToCome, format!("{to_come}/{all}")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The wait mark: a symbol as well as a colour, past each threshold.
fn wait_mark(app: &App, t: &Ticket) -> (&'static str, Style) {
    if t.status != Status::Waiting {
        return ("", theme::dim());
    }
    let wait = t.wait(app.now);
    let th = &app.catalog.thresholds;
    if wait > chrono::Duration::minutes(th.wait_alert_minutes) {
        ("!!", theme::alert())
    } else if wait > chrono::Duration::minutes(th.wait_warning_minutes) {
        ("!", theme::warning())
    } else {
        ("", Style::default())
    }
}

pub(super) fn client_label(app: &App, t: &Ticket) -> String {
    super::client_label(
        app,
        t.client_id,
        t.client_name.as_deref(),
        t.client_mobile.as_deref(),
    )
}

fn draw_queue(f: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang;
    let th = &app.catalog.thresholds;
    let legend = Msg::Legend.fill(
        lang,
        &[
            ("w", &th.wait_warning_minutes),
            ("a", &th.wait_alert_minutes),
        ],
    );
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", app.t(Msg::QueueTitle)),
            theme::title(),
        ))
        .title_bottom(
            Line::from(Span::styled(format!(" {legend} "), theme::dim())).right_aligned(),
        );
    let block = match &app.lobby.why_next {
        Some((number, why)) => {
            let line =
                Msg::WhyNextLine.fill(lang, &[("n", number), ("why", &why_text(lang, *why))]);
            block.title(
                Line::from(Span::styled(format!(" {line} "), theme::title())).right_aligned(),
            )
        }
        None => block,
    };
    if app.lobby.rows.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(app.t(Msg::QueueEmpty), theme::dim())).block(block),
            area,
        );
        return;
    }
    let header = super::table::header(
        lang,
        &[
            Msg::ColPos,
            Msg::ColNumber,
            Msg::ColService,
            Msg::ColPriority,
            Msg::ColClient,
            Msg::ColStatus,
            Msg::ColWait,
            Msg::ColExpected,
            Msg::ColCounter,
        ],
    );
    // English service names are long: give them room when there is some.
    let service_w: u16 = if area.width >= 100 { 18 } else { 12 };
    let lobby = &app.lobby;
    let shown = super::table::visible(lobby.rows.len(), lobby.cursor.at(), area);
    let selected = lobby.cursor.at() - shown.start;
    let rows = lobby.rows[shown].iter().map(|r| {
        let t = &r.ticket;
        let service = app
            .catalog
            .service(&t.service)
            .map_or(t.service.clone(), |s| {
                i18n::truncate(s.label.get(lang), service_w as usize)
            });
        let (class, class_style) = match app.catalog.priority(&t.priority) {
            Some(p) if p.priority => (format!("*{}", p.label.get(lang)), theme::priority()),
            Some(p) => (p.label.get(lang).to_string(), Style::default()),
            None => (t.priority.clone(), Style::default()),
        };
        let (mark, mark_style) = wait_mark(app, t);
        let wait = format!(
            "{mark:<2}{}",
            i18n::minutes(lang, t.wait(app.now).num_minutes())
        );
        let status_style = match t.status {
            Status::Called => theme::warning(),
            Status::Serving => theme::ok(),
            Status::OnHold | Status::NoShow => theme::dim(),
            _ => Style::default(),
        };
        Row::new(vec![
            Cell::from(r.position.map(|p| p.to_string()).unwrap_or_default()),
            Cell::from(Span::styled(t.number.clone(), theme::title())),
            Cell::from(service),
            Cell::from(Span::styled(class, class_style)),
            Cell::from({
                let mut spans = vec![Span::raw(client_label(app, t))];
                if let Some(tier) = &r.tier {
                    let tier = crate::config::Catalog::label(&app.catalog.tiers, tier, lang);
                    spans.push(Span::styled(format!(" {tier}"), theme::priority()));
                }
                // A client with an appointment: whom they came to see.
                if let Some(p) = &t.routed_to {
                    spans.push(Span::raw(format!(" →{}", app.staff_name(p))));
                }
                spans.extend(prompt_marks(app, t).filter(|_| !app.shield));
                Line::from(spans)
            }),
            Cell::from(Span::styled(i18n::status(t.status).get(lang), status_style)),
            Cell::from(Span::styled(wait, mark_style)),
            Cell::from(
                r.expected
                    .map(|m| i18n::minutes(lang, shown_minutes(m)))
                    .unwrap_or_default(),
            ),
            Cell::from(t.counter.map(|c| c.to_string()).unwrap_or_default()),
        ])
    });
    let widths = [
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Length(service_w),
        Constraint::Length(9),
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(6),
        Constraint::Length(4),
    ];
    super::table::draw(f, area, rows, &widths, header, block, selected);
}

/// A called or served ticket's cross-sell prompts: `◆` and the first
/// trigger's label, `+N` for the others.
fn prompt_marks(app: &App, t: &crate::domain::ticket::Ticket) -> Option<Span<'static>> {
    let prompts: Vec<_> = app.lobby.prompts_of(t).collect();
    let first = prompts.first()?;
    let label = crate::app::lobby::prompt::trigger_label(&app.catalog, first, app.lang);
    let more = match prompts.len() {
        1 => String::new(),
        n => format!(" +{}", n - 1),
    };
    Some(Span::styled(format!(" ◆{label}{more}"), theme::ok()))
}

/// The teller's own called or served ticket's cross-sell prompts, for the
/// status line.
pub fn prompt_status(app: &App) -> Option<String> {
    let t = app.lobby.serving_by(&app.me.code)?;
    let words: Vec<String> = app
        .lobby
        .prompts_of(t)
        .map(|s| crate::app::lobby::prompt::words(&app.catalog, s, app.lang))
        .collect();
    if words.is_empty() {
        return None;
    }
    let text = format!("{} {}", t.number, words.join("，"));
    Some(Msg::CrossSellStatus.fill(app.lang, &[("t", &text)]))
}

/// Why the next ticket is next, as the rule chose it.
pub fn why_text(lang: Lang, why: WhyNext) -> String {
    match why {
        WhyNext::FirstCome => Msg::WhyFirstCome.get(lang).to_string(),
        WhyNext::Priority { streak: 0 } => Msg::WhyPriority.get(lang).to_string(),
        WhyNext::Priority { streak } => Msg::WhyPriorityStreak.fill(lang, &[("k", &streak)]),
        WhyNext::Owed { waited, limit } => {
            Msg::WhyOwed.fill(lang, &[("w", &waited), ("m", &limit)])
        }
    }
}
