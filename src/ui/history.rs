//! A record's event history (the audit trail), drawn over the screen.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, clear, theme};
use crate::app::App;
use crate::i18n::Msg;
use crate::store::events::Event;

/// How an event's kind reads; a kind without a label shows its code.
fn kind_label(app: &App, kind: &str) -> String {
    let m = match kind {
        "ticket.add" => Msg::KeyNew,
        "ticket.call" => Msg::StepCall,
        "ticket.start" => Msg::StepStart,
        "ticket.finish" => Msg::StepFinish,
        "ticket.hold" => Msg::StepHold,
        "ticket.resume" => Msg::StepResume,
        "ticket.no_show" => Msg::StepNoShow,
        "ticket.divert" => Msg::StepDivert,
        "card.add" => Msg::KeyReferral,
        "card.accept" => Msg::StepAccept,
        "card.outcome" => Msg::StepOutcome,
        "card.refer" => Msg::StepRefer,
        "card.contracted" => Msg::OutContracted,
        "prospect.add" => Msg::KeyAddProspect,
        "prospect.contact" => Msg::KeyLog,
        "prospect.reschedule" => Msg::KeyReschedule,
        "prospect.won" => Msg::KeyWon,
        "prospect.lost" => Msg::KeyLost,
        "prospect.hand_back" => Msg::KeyHandBack,
        "prospect.reassign" => Msg::KeyReassign,
        "client.reveal" => Msg::KeyReveal,
        "client.consent" => Msg::FieldConsent,
        other => return other.to_string(),
    };
    app.t(m).to_string()
}

pub fn draw(f: &mut Frame, app: &App, title: &str, events: &[Event], area: Rect) {
    let off = app.clock.offset();
    let mut lines: Vec<Line> = events
        .iter()
        .map(|e| {
            let when = e.at.with_timezone(&off).format("%m-%d %H:%M:%S");
            let details = match &e.details {
                serde_json::Value::Object(m) if !m.is_empty() => m
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| format!("{k}={}", v.as_str().map_or(v.to_string(), String::from)))
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            Line::from(vec![
                Span::styled(format!("{when} "), theme::dim()),
                Span::styled(format!("{} ", app.staff_name(&e.actor)), theme::title()),
                Span::raw(format!("{} ", kind_label(app, &e.kind))),
                Span::styled(details, theme::dim()),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(app.t(Msg::HistoryEmpty)));
    }
    lines.push(Line::from(Span::styled(
        app.t(Msg::HelpClose),
        theme::dim(),
    )));
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, area.width.saturating_sub(4), height);
    clear(f, rect);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme::title()))
        .border_style(theme::key());
    // Newest at the bottom, in view.
    let inner_h = height.saturating_sub(2);
    let scroll = (lines.len() as u16).saturating_sub(inner_h);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .scroll((scroll, 0))
            .block(block),
        rect,
    );
}
