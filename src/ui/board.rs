//! Drawing the calling board (叫号屏): the current call in large digits
//! (plain text where they do not fit), the last calls, the waiting and the
//! expected wait per service, the branch and the clock. Draws only what
//! `BoardView` holds: no client's name or mobile is ever in it.

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table};
use ratatui::Frame;

use super::theme;
use crate::board::BoardView;
use crate::i18n::{self, Lang, Msg};
use crate::store::board::BoardCall;

mod font;

/// The largest dot of the big digits, in rows.
const MAX_DOT_ROWS: usize = 8;

fn big() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

/// "A012 → 3号窗口" / "A012 → Counter 3".
fn call_text(lang: Lang, call: &BoardCall) -> String {
    let counter = Msg::BoardCounter.fill(lang, &[("c", &call.counter)]);
    format!("{} → {counter}", call.number)
}

/// Draw the whole board on the frame.
pub fn draw(f: &mut Frame, view: &BoardView) {
    let area = f.area();
    let lines = view.services.len().max(crate::board::RECENT) as u16 + 3;
    // The lists take what they need while the call keeps at least 5 rows.
    let lists = lines.min(area.height.saturating_sub(7));
    let [header, call, bottom, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(lists),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, view, header);
    draw_call(f, view, call);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(bottom);
    draw_recent(f, view, left);
    draw_queue(f, view, right);
    draw_footer(f, view, footer);
}

fn draw_header(f: &mut Frame, view: &BoardView, area: Rect) {
    let lang = view.lang;
    let title = format!(" {} · {}", view.branch, Msg::RoleDisplay.get(lang));
    let clock = format!("{} ", view.now.format("%Y-%m-%d %H:%M"));
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(i18n::width(&clock) as u16),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(title).style(theme::title()), left);
    f.render_widget(
        Paragraph::new(clock)
            .style(theme::title())
            .alignment(Alignment::Right),
        right,
    );
}

/// The current call: large digits centred with the call in words below;
/// in words alone where the digits do not fit.
fn draw_call(f: &mut Frame, view: &BoardView, area: Rect) {
    let lang = view.lang;
    let block = Block::bordered().title(format!(" {} ", Msg::BoardTitle.get(lang)));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(call) = &view.current else {
        let text = Paragraph::new(Msg::BoardNoCall.get(lang))
            .style(theme::title())
            .alignment(Alignment::Center);
        f.render_widget(text, middle(inner, 1));
        return;
    };
    let mut words = call_text(lang, call);
    if call.calls > 1 {
        words.push_str(&Msg::BoardRecall.fill(lang, &[("n", &call.calls)]));
    }
    let rows = big_digits(call, inner.width as usize, inner.height as usize);
    let mut lines: Vec<Line> = match rows {
        Some(rows) => rows
            .into_iter()
            .map(|r| Line::styled(r, big()))
            .chain([Line::raw("")])
            .collect(),
        None => Vec::new(),
    };
    lines.push(Line::styled(words, big()));
    let height = lines.len() as u16;
    f.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center),
        middle(inner, height),
    );
}

/// The call's number, the arrow and the counter in the largest digits that
/// fit `w`×`h` cells with two rows left for the words: spaced around the
/// arrow where that fits as large; none where even the smallest does not.
fn big_digits(call: &BoardCall, w: usize, h: usize) -> Option<Vec<String>> {
    let spaced = format!("{} → {}", call.number, call.counter);
    let tight = format!("{}→{}", call.number, call.counter);
    let room = h.saturating_sub(2);
    for sy in (1..=MAX_DOT_ROWS).rev() {
        for sx in (sy..=2 * sy).rev() {
            for text in [&spaced, &tight] {
                let fits = font::width(text.chars().count(), sx) <= w && font::ROWS * sy <= room;
                if fits {
                    return font::render(text, sx, sy);
                }
            }
        }
    }
    None
}

/// `height` rows in the vertical middle of `area`.
fn middle(area: Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    Rect {
        y: area.y + (area.height - height) / 2,
        height,
        ..area
    }
}

fn draw_recent(f: &mut Frame, view: &BoardView, area: Rect) {
    let lang = view.lang;
    let block = Block::bordered().title(format!(" {} ", Msg::BoardRecent.get(lang)));
    if view.recent.is_empty() {
        let none = Paragraph::new(Msg::BoardNoneYet.get(lang))
            .style(theme::dim())
            .block(block);
        return f.render_widget(none, area);
    }
    let rows = view.recent.iter().map(|c| {
        let at = c.at.with_timezone(view.now.offset()).format("%H:%M");
        Row::new([call_text(lang, c), at.to_string()])
    });
    let table = Table::new(rows, [Constraint::Fill(1), Constraint::Length(5)]).block(block);
    f.render_widget(table, area);
}

fn draw_queue(f: &mut Frame, view: &BoardView, area: Rect) {
    let lang = view.lang;
    let block = Block::bordered().title(format!(" {} ", Msg::BoardQueue.get(lang)));
    let header = Row::new([
        Msg::BoardService.get(lang),
        Msg::BoardWaiting.get(lang),
        Msg::BoardExpected.get(lang),
    ])
    .style(theme::header());
    let rows = view.services.iter().map(|s| {
        let expected = match s.expected_minutes {
            0 => Msg::BoardNoWait.get(lang).to_string(),
            m => Msg::BoardAbout.fill(lang, &[("t", &i18n::minutes(lang, m))]),
        };
        Row::new([
            format!("{} {}", s.letter, s.label),
            Msg::BoardPeople.fill(lang, &[("n", &s.waiting)]),
            expected,
        ])
    });
    let label = view
        .services
        .iter()
        .map(|s| i18n::width(&s.label) + 2)
        .chain([i18n::width(Msg::BoardService.get(lang))])
        .max()
        .unwrap_or(0);
    let widths = [
        Constraint::Length(label as u16 + 2),
        Constraint::Length(10),
        Constraint::Fill(1),
    ];
    let table = Table::new(rows, widths).header(header).block(block);
    f.render_widget(table, area);
}

fn draw_footer(f: &mut Frame, view: &BoardView, area: Rect) {
    let quit = format!(
        "{} ",
        Msg::BoardQuit.fill(view.lang, &[("k", &view.quit_key)])
    );
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(i18n::width(&quit) as u16),
    ])
    .areas(area);
    if let Some(trouble) = &view.trouble {
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {trouble}"), theme::error())),
            left,
        );
    }
    f.render_widget(
        Paragraph::new(quit)
            .style(theme::dim())
            .alignment(Alignment::Right),
        right,
    );
}
