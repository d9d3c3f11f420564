//! A record's event history (the audit trail), drawn over the screen.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::{centered, clear, theme};
use crate::app::App;
use crate::i18n::{self, Msg};
use crate::store::events::Event;

/// How an event's kind reads; a code this version does not know shows as stored.
fn kind_label(app: &App, kind: &str) -> String {
    match crate::domain::event::EventKind::parse(kind) {
        Some(k) => app.t(i18n::event_kind(k)).to_string(),
        None => kind.to_string(),
    }
}

/// How a state of the record reads (a ticket's status, a card's, a
/// prospect's stage), if `code` is one.
fn state_label(app: &App, record: &str, code: &str) -> Option<String> {
    use crate::domain::{card::CardStatus, followup::Stage, ticket::Status};
    let m = match record {
        "ticket" => i18n::status(Status::parse(code)?),
        "card" => i18n::card_status(CardStatus::parse(code)?),
        "prospect" => i18n::stage(Stage::parse(code)?),
        _ => return None,
    };
    Some(app.t(m).to_string())
}

/// The catalog list a detail's codes come from, if they come from one.
fn catalog_list<'a>(app: &'a App, key: &str) -> Option<&'a [crate::config::Entry]> {
    let c = &app.catalog;
    Some(match key {
        "line" => &c.lines,
        "need" => &c.needs,
        "product" => &c.products,
        "channel" => &c.channels,
        "reason" => &c.objections,
        _ => return None,
    })
}

/// How a detail's key reads; a key without a label shows its code.
fn key_label(app: &App, key: &str) -> String {
    let m = match key {
        "consent" => Msg::FieldConsent,
        "line" => Msg::FieldLine,
        "need" => Msg::FieldNeed,
        "note" => Msg::FieldNote,
        "product" => Msg::FieldProduct,
        "amount_cents" => Msg::FieldAmount,
        "channel" => Msg::FieldChannel,
        "service" => Msg::FieldService,
        "priority" => Msg::FieldPriority,
        "counter" => Msg::FieldCounter,
        "reason" => Msg::FieldReason,
        "owner" => Msg::FieldOwner,
        "next_due" => Msg::FieldDue,
        "receiver" => Msg::ColReceiver,
        "credited" => Msg::ColReferrer,
        "status" | "stage" => Msg::ColStatus,
        "calls" => Msg::EvCalls,
        "ticket" => Msg::RecTicket,
        "card" => Msg::RecCard,
        "prospect" => Msg::RecProspect,
        other => return other.to_string(),
    };
    app.t(m).to_string()
}

/// How a detail's value reads: a state, yes or no, an amount, a record's
/// number, a catalog label; anything else as stored.
fn value_text(app: &App, record: &str, key: &str, v: &serde_json::Value) -> String {
    use serde_json::Value;
    match (key, v) {
        ("amount_cents", Value::Number(n)) if n.is_i64() => i18n::money(n.as_i64().unwrap_or(0)),
        ("ticket" | "card" | "prospect" | "parent" | "child", Value::Number(id)) => {
            format!("#{id}")
        }
        ("receiver" | "owner" | "credited", Value::String(code)) => app.staff_name(code),
        ("priority", Value::String(code)) => app
            .catalog
            .priorities
            .iter()
            .find(|p| p.code == *code)
            .map_or(code.clone(), |p| p.label.get(app.lang).to_string()),
        (_, Value::String(code)) => match catalog_list(app, key) {
            Some(list) => crate::config::Catalog::label(list, code, app.lang).to_string(),
            None => state_label(app, record, code).unwrap_or_else(|| code.clone()),
        },
        (_, Value::Bool(b)) => app.t(if *b { Msg::Yes } else { Msg::No }).to_string(),
        (_, other) => other.to_string(),
    }
}

/// An event's details as `key=value`, a change of state first as `from→to`.
fn details_text(app: &App, record: &str, details: &serde_json::Value) -> String {
    let serde_json::Value::Object(m) = details else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let (Some(from), Some(to)) = (m.get("from"), m.get("to")) {
        let (from, to) = (
            value_text(app, record, "from", from),
            value_text(app, record, "to", to),
        );
        parts.push(format!("{from}→{to}"));
    }
    parts.extend(
        m.iter()
            .filter(|(k, v)| !v.is_null() && !["from", "to", "number"].contains(&k.as_str()))
            .map(|(k, v)| format!("{}={}", key_label(app, k), value_text(app, record, k, v))),
    );
    parts.join(" ")
}

pub fn draw(f: &mut Frame, app: &App, title: &str, events: &[Event], area: Rect) {
    let off = app.clock.offset();
    let mut lines: Vec<Line> = events
        .iter()
        .map(|e| {
            let when = e.at.with_timezone(&off).format("%m-%d %H:%M:%S");
            let details = details_text(app, &e.record, &e.details);
            // One event a line, cut to the width: the newest stays in view.
            let head = format!(
                "{when} {} {} ",
                app.staff_name(&e.actor),
                kind_label(app, &e.kind)
            );
            let room = (area.width as usize).saturating_sub(6 + i18n::width(&head));
            Line::from(vec![
                Span::styled(head, theme::title()),
                Span::styled(i18n::truncate(&details, room), theme::dim()),
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
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}
