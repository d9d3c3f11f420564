//! `?` help: every key, generated from the same table as the hint line; the
//! keys the authority table does not allow on the selected row are greyed.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::{centered, clear, theme};
use crate::app::App;
use crate::i18n::{self, Msg};
use crate::keymap::{Keymap, Scope, FORM_KEYS};

/// A help row: its keys, what they do, and whether they work here now.
type Row<'a> = (String, &'a str, bool);

fn section<'a>(title: &str, rows: Vec<Row<'a>>, lines: &mut Vec<Line<'a>>) {
    lines.push(Line::from(Span::styled(title.to_string(), theme::header())));
    for (keys, label, works) in rows {
        let pad = " ".repeat(16usize.saturating_sub(i18n::width(&keys)).max(1));
        let (key_style, label_style) = match works {
            true => (theme::key(), ratatui::style::Style::default()),
            false => (theme::dim(), theme::dim()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys}{pad}"), key_style),
            Span::styled(label, label_style),
        ]));
    }
    lines.push(Line::default());
}

pub fn draw(f: &mut Frame, app: &App, keys: &Keymap, area: Rect) {
    let rows_for = |pred: &dyn Fn(Scope) -> bool| -> Vec<Row> {
        let mut rows: Vec<Row> = Vec::new();
        for b in keys.active(app.tab).filter(|b| pred(b.scope)) {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ");
            match rows.iter_mut().find(|(_, l, _)| *l == app.t(b.label)) {
                Some(row) => row.0 = format!("{} {keys}", row.0),
                None => rows.push((keys, app.t(b.label), app.offers(&b.action))),
            }
        }
        rows
    };
    let mut left = Vec::new();
    section(
        &app.tab_title(app.tab),
        rows_for(&|s| matches!(s, Scope::Screen(_))),
        &mut left,
    );
    let forms = FORM_KEYS
        .iter()
        .map(|(k, m)| (k.to_string(), app.t(*m), true))
        .collect();
    section(app.t(Msg::HelpForms), forms, &mut left);

    let mut everywhere = rows_for(&|s| matches!(s, Scope::Everywhere | Scope::Lists));
    everywhere.insert(0, ("1–9".to_string(), app.t(Msg::KeyTabs), true));
    everywhere.push(("Esc".to_string(), app.t(Msg::KeyCancel), true));
    let mut right = Vec::new();
    section(app.t(Msg::HelpEverywhere), everywhere, &mut right);
    right.push(Line::from(Span::styled(
        app.t(Msg::HelpGreyed),
        theme::dim(),
    )));
    right.push(Line::from(Span::styled(
        app.t(Msg::HelpClose),
        theme::dim(),
    )));

    let height = left.len().max(right.len()) as u16 + 2;
    let rect = centered(area, 76, height);
    clear(f, rect);
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", app.t(Msg::HelpTitle)),
            theme::title(),
        ))
        .border_style(theme::key());
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let [l, r] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    f.render_widget(Paragraph::new(left), l);
    f.render_widget(Paragraph::new(right), r);
}
