//! The Mine tab's complaints to resolve (投诉): mine (the head: every open
//! one), the earliest promised first, those past their day marked.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::theme;
use crate::app::complaints::complaint_line;
use crate::app::App;
use crate::i18n::Msg;

/// Rows the section takes: none without a complaint, else one a complaint
/// and the border, at most a quarter of the tab.
pub fn height(app: &App, area: Rect) -> u16 {
    match app.mine.complaints.len() {
        0 => 0,
        n => (n as u16 + 2).min(area.height / 4).max(3),
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let list = &app.mine.complaints;
    let title = format!(" {} ({}) ", app.t(Msg::CpMine), list.len());
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    let today = app.clock.today();
    let room = area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = list
        .iter()
        .take(room)
        .map(|c| {
            let style = match c.overdue(today) {
                true => theme::alert(),
                false => theme::warning(),
            };
            Line::from(Span::styled(complaint_line(&app.cx, c, today), style))
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}
