//! `?` help: every key, generated from the same table as the hint line.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::{centered, clear, theme};
use crate::app::App;
use crate::i18n::{self, Msg};
use crate::keymap::{Keymap, Scope, FORM_KEYS};

fn section<'a>(title: &str, rows: Vec<(String, &'a str)>, lines: &mut Vec<Line<'a>>) {
    lines.push(Line::from(Span::styled(title.to_string(), theme::header())));
    for (keys, label) in rows {
        let pad = " ".repeat(16usize.saturating_sub(i18n::width(&keys)).max(1));
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys}{pad}"), theme::key()),
            Span::raw(label),
        ]));
    }
    lines.push(Line::default());
}

pub fn draw(f: &mut Frame, app: &App, keys: &Keymap, area: Rect) {
    let rows_for = |pred: &dyn Fn(Scope) -> bool| -> Vec<(String, &str)> {
        let mut rows: Vec<(String, &str)> = Vec::new();
        for b in keys.active(app.tab).filter(|b| pred(b.scope)) {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ");
            match rows.iter_mut().find(|(_, l)| *l == app.t(b.label)) {
                Some(row) => row.0 = format!("{} {keys}", row.0),
                None => rows.push((keys, app.t(b.label))),
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
        .map(|(k, m)| (k.to_string(), app.t(*m)))
        .collect();
    section(app.t(Msg::HelpForms), forms, &mut left);

    let mut everywhere = rows_for(&|s| matches!(s, Scope::Everywhere | Scope::Lists));
    everywhere.insert(0, ("1–9".to_string(), app.t(Msg::KeyTabs)));
    everywhere.push(("Esc".to_string(), app.t(Msg::KeyCancel)));
    let mut right = Vec::new();
    section(app.t(Msg::HelpEverywhere), everywhere, &mut right);
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
