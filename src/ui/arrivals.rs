//! The lobby's expected arrivals: today's appointments (time, the client
//! masked, with whom, where each stands), the ones still to come numbered
//! as the check-in form lists them. Compact on a small terminal.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;

use super::theme;
use crate::app::appointments::with_label;
use crate::app::App;
use crate::domain::appointment::{Appointment, Status};
use crate::i18n::{self, Msg};

/// The appointments shown: today's not cancelled, those still to come first
/// (by time), then the others.
fn shown(app: &App) -> Vec<(Option<usize>, &Appointment)> {
    let all = &app.lobby.arrivals;
    let booked = all.iter().filter(|a| a.status == Status::Booked);
    let others = all
        .iter()
        .filter(|a| !matches!(a.status, Status::Booked | Status::Cancelled));
    booked
        .enumerate()
        .map(|(i, a)| (Some(i + 1), a))
        .chain(others.map(|a| (None, a)))
        .collect()
}

/// The rows the panel takes in a body `body_height` tall: none without
/// appointments; at most 3 listed on a small terminal, 6 on a larger one.
pub fn height(app: &App, body_height: u16) -> u16 {
    let n = shown(app).len() as u16;
    // On a short screen the queue keeps the room: the figures line counts
    // the arrivals instead ([`summary`]), and `i` lists them.
    if n == 0 || body_height < SHORT {
        return 0;
    }
    n.min(6) + 2
}

/// A body shorter than this shows the arrivals as a count on the figures line.
const SHORT: u16 = 26;

/// The appointments still to come and all of today's (the cancelled left
/// out), for the figures line of a short screen.
pub fn summary(app: &App) -> Option<(usize, usize)> {
    let list = shown(app);
    let to_come = list.iter().filter(|(n, _)| n.is_some()).count();
    (!list.is_empty()).then_some((to_come, list.len()))
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang;
    let list = shown(app);
    let waiting = list.iter().filter(|(n, _)| n.is_some()).count();
    let args: [(&str, &dyn std::fmt::Display); 2] = [("n", &waiting), ("all", &list.len())];
    let title = format!(" {} ", Msg::ApptExpected.fill(lang, &args));
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    let rows = list.iter().map(|(n, a)| {
        let client = super::client_label(
            app,
            Some(a.client_id),
            a.client_name.as_deref(),
            a.client_mobile.as_deref(),
        );
        let style = match a.status {
            Status::Booked if app.now > a.at => theme::warning(),
            Status::Booked => Style::default(),
            Status::Arrived => theme::ok(),
            _ => theme::dim(),
        };
        Row::new(vec![
            Cell::from(n.map(|n| n.to_string()).unwrap_or_default()),
            Cell::from(Span::styled(
                a.time.format("%H:%M").to_string(),
                theme::title(),
            )),
            Cell::from(client),
            Cell::from(with_label(app, a)),
            Cell::from(Span::styled(
                i18n::appointment_status(a.status).get(lang),
                style,
            )),
        ])
    });
    let widths = [
        Constraint::Length(2),
        Constraint::Length(6),
        Constraint::Fill(1),
        Constraint::Fill(2),
        Constraint::Length(10),
    ];
    f.render_widget(Table::new(rows, widths).block(block), area);
}
