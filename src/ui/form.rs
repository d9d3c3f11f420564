//! A form drawn over the screen: one line per field, its error beside it.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::{centered, clear, theme};
use crate::app::form::{Form, Value};
use crate::app::App;
use crate::i18n::{self, Msg};

pub fn draw(f: &mut Frame, app: &App, form: &Form, area: Rect) {
    let label_w = form
        .fields
        .iter()
        .map(|fl| i18n::width(fl.label.get(app.lang)))
        .max()
        .unwrap_or(0)
        + 2;
    // Over the whole body on a narrow screen: no stray letters beside it.
    let width = if area.width < 90 { area.width } else { 76 };
    let inner_w = width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        if field.hidden {
            continue;
        }
        let focused = i == form.focus;
        let label = field.label.get(app.lang);
        let pad = " ".repeat(label_w - i18n::width(label));
        let mut spans = vec![Span::styled(
            format!("{label}{pad}"),
            if focused {
                theme::key()
            } else {
                theme::title()
            },
        )];
        match &field.value {
            Value::Choice { options, selected } => {
                // Options flow onto more lines, indented under the first.
                let mut used = label_w;
                for (j, o) in options.iter().enumerate() {
                    let style = if j == *selected {
                        if focused {
                            theme::focused_field()
                        } else {
                            theme::selected()
                        }
                    } else {
                        theme::dim()
                    };
                    let text = format!(" {} ", o.label);
                    let w = i18n::width(&text);
                    if used + w > inner_w && used > label_w {
                        lines.push(Line::from(std::mem::take(&mut spans)));
                        spans.push(Span::raw(" ".repeat(label_w)));
                        used = label_w;
                    }
                    used += w;
                    spans.push(Span::styled(text, style));
                }
            }
            Value::Text(s) => {
                let hint = if field.optional && s.is_empty() && !focused {
                    app.t(Msg::Optional)
                } else {
                    ""
                };
                let room = inner_w
                    .saturating_sub(label_w + 2 + i18n::width(hint))
                    .min(40);
                // Show the end of a long value, where the typing is.
                let shown: String = if i18n::width(s) > room {
                    let rev: String = s.chars().rev().collect();
                    let cut = i18n::truncate(&rev, room);
                    cut.chars().rev().collect()
                } else {
                    s.clone()
                };
                let shown = shown.replace(|c: char| c.is_control(), "�");
                // Under the privacy shield nothing typed about a client shows.
                let shown = if app.shield && !shown.is_empty() {
                    "···".to_string()
                } else {
                    shown
                };
                let style = if focused {
                    theme::focused_field()
                } else {
                    theme::selected()
                };
                let fill = room.saturating_sub(i18n::width(&shown));
                spans.push(Span::raw(" "));
                spans.push(Span::styled(format!("{shown}{}", " ".repeat(fill)), style));
                spans.push(Span::styled(hint, theme::dim()));
            }
        }
        lines.push(Line::from(spans));
        if let Some(e) = &field.error {
            let text = format!("{}⚠ {e}", " ".repeat(label_w));
            lines.push(Line::from(Span::styled(text, theme::error())));
        }
    }
    lines.push(Line::from(Span::styled(app.t(Msg::FormHint), theme::dim())));
    let height = lines.len() as u16 + 2;
    let rect = centered(area, width, height);
    clear(f, rect);
    let block = Block::bordered()
        .title(Span::styled(
            match &form.subject {
                Some(s) if !app.shield => format!(" {} · {s} ", app.t(form.title)),
                _ => format!(" {} ", app.t(form.title)),
            },
            theme::title(),
        ))
        .border_style(theme::key());
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
