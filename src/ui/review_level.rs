//! The review's service level ("6分钟内叫号 82.4%", per service and per hour
//! of arrival) and the day's appointments (booked, arrived, missed), drawn
//! as lines for the review's figures.

use ratatui::text::{Line, Span};

use super::theme;
use crate::app::App;
use crate::i18n::Msg;
use crate::report::level::LevelFigures;
use crate::report::Report;

fn pct(f: &LevelFigures) -> String {
    format!("{:.1}%", f.share_percent)
}

/// The service level beside the waits: the day's share, then each service
/// and each hour with tickets, as `label share (within/count)`.
pub fn level_lines(app: &App, r: &Report) -> Vec<Line<'static>> {
    let lang = app.lang;
    let l = &r.service_level;
    let mut lines = vec![Line::from(Span::styled(
        app.t(Msg::RvLevel).to_string(),
        theme::header(),
    ))];
    let p = pct(&l.all);
    let args: [(&str, &dyn std::fmt::Display); 2] = [("m", &l.within_minutes), ("p", &p)];
    lines.push(Line::from(vec![
        Span::raw(" "),
        Span::styled(Msg::RvWithin.fill(lang, &args), theme::title()),
        Span::styled(
            format!("  ({}/{})", l.all.within, l.all.count),
            theme::dim(),
        ),
    ]));
    let item =
        |label: String, f: &LevelFigures| format!("{label} {} ({}/{})", pct(f), f.within, f.count);
    let services: Vec<String> = l
        .by_service
        .iter()
        .filter(|s| s.figures.count > 0)
        .map(|s| item(s.service.clone(), &s.figures))
        .collect();
    if !services.is_empty() {
        lines.push(Line::from(format!(" {}", services.join(" · "))));
    }
    let hours: Vec<String> = l
        .by_hour
        .iter()
        .filter(|h| h.figures.count > 0)
        .map(|h| item(Msg::RvHourN.fill(lang, &[("h", &h.hour)]), &h.figures))
        .collect();
    if !hours.is_empty() {
        lines.push(Line::from(format!(
            " {}: {}",
            app.t(Msg::RvByHour),
            hours.join(" · ")
        )));
    }
    lines.push(Line::default());
    lines
}

/// The day's appointments: booked, arrived, missed, cancelled.
pub fn appointment_lines(app: &App, r: &Report) -> Vec<Line<'static>> {
    let a = &r.appointments;
    let mut spans = Vec::new();
    for (m, v) in [
        (Msg::RvApptBooked, a.booked),
        (Msg::RvApptArrived, a.arrived),
        (Msg::RvApptMissed, a.missed),
        (Msg::RvApptCancelled, a.cancelled),
    ] {
        spans.push(Span::raw(format!(" {} ", app.t(m))));
        spans.push(Span::styled(v.to_string(), theme::title()));
        spans.push(Span::raw(" "));
    }
    vec![
        Line::from(Span::styled(
            app.t(Msg::RvAppointments).to_string(),
            theme::header(),
        )),
        Line::from(spans),
        Line::default(),
    ]
}
