//! The lobby's counters panel: every counter and desk the settings name,
//! who is there, what it takes, whom it serves and for how long, or that it
//! is paused, why and since when.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;

use super::{client_label, theme};
use crate::app::lobby::Counter;
use crate::app::App;
use crate::config::Catalog;
use crate::domain::ticket::Status;
use crate::i18n::{self, Msg};

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang;
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", app.t(Msg::CountersTitle)),
        theme::title(),
    ));
    let header = super::super::table::header(
        lang,
        &[
            Msg::ColCounter,
            Msg::ColTeller,
            Msg::ColServices,
            Msg::ColTicket,
            Msg::ColStatus,
            Msg::ColFor,
        ],
    );
    // Narrow screens: the names and the services' letters take less room.
    let wide = area.width >= 100;
    let (name_w, teller_w, takes_w) = if wide { (14, 12, 11) } else { (12, 8, 7) };
    let lobby = &app.lobby;
    let rows = lobby
        .counters
        .iter()
        .chain(&lobby.desks)
        .map(|c| row(app, c, name_w as usize));
    let widths = [
        Constraint::Length(name_w),
        Constraint::Length(teller_w),
        Constraint::Length(takes_w),
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(7),
    ];
    f.render_widget(Table::new(rows, widths).header(header).block(block), area);
}

fn row<'a>(app: &'a App, c: &'a Counter, name_w: usize) -> Row<'a> {
    let lang = app.lang;
    let teller = c
        .teller
        .clone()
        .unwrap_or_else(|| app.t(Msg::NoTeller).to_string());
    let takes = c.services.join(" ");
    let (ticket, status, since) = match (&c.pause, &c.ticket) {
        (Some(p), _) => {
            let reason = Catalog::label(&app.catalog.pause_reasons, &p.reason, lang);
            let at = p
                .paused_at
                .with_timezone(&app.clock.offset())
                .format("%H:%M");
            let mins = (app.now - p.paused_at).num_minutes().max(0);
            (
                format!(
                    "{} {}",
                    Msg::PausedFor.fill(lang, &[("r", &reason)]),
                    Msg::PausedSince.fill(lang, &[("t", &at)])
                ),
                Span::styled(app.t(Msg::Paused), theme::alert()),
                i18n::minutes(lang, mins),
            )
        }
        (None, Some(t)) => {
            let since = t.started_at.or(t.called_at).unwrap_or(t.arrived_at);
            let mins = (app.now - since).num_minutes().max(0);
            let style = match t.status {
                Status::Called => theme::warning(),
                _ => theme::ok(),
            };
            (
                format!("{} {}", t.number, client_label(app, t)),
                Span::styled(i18n::status(t.status).get(lang), style),
                i18n::minutes(lang, mins),
            )
        }
        (None, None) => (
            String::new(),
            Span::styled(app.t(Msg::Idle), theme::dim()),
            String::new(),
        ),
    };
    Row::new(vec![
        Cell::from(i18n::truncate(c.label.get(lang), name_w)),
        Cell::from(teller),
        Cell::from(takes),
        Cell::from(ticket),
        Cell::from(status),
        Cell::from(since),
    ])
}
