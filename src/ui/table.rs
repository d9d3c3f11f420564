//! Long tables: only the rows that fit on screen are built.
//!
//! Every frame starts a table from a fresh `TableState` (offset 0), so ratatui
//! shows the first screenful of rows, or, once the selected row is past it, the
//! screenful that ends at the selected row. [`visible`] is that same window:
//! building only its rows draws exactly what the whole list would, whatever the
//! length of the list.

use std::ops::Range;

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table, TableState};
use ratatui::Frame;

use super::theme;
use crate::i18n::{Lang, Msg};

/// A table's header row: its columns' names, in the header style.
pub fn header(lang: Lang, columns: &[Msg]) -> Row<'static> {
    Row::new(columns.iter().map(|m| Cell::from(m.get(lang)))).style(theme::header())
}

/// A list's visible rows (see [`visible`]) under its header, in its block,
/// row `selected` of them highlighted.
pub fn draw<'a>(
    f: &mut Frame,
    area: Rect,
    rows: impl IntoIterator<Item = Row<'a>>,
    widths: &[Constraint],
    header: Row<'a>,
    block: Block<'a>,
    selected: usize,
) {
    let table = Table::new(rows, widths.iter().copied())
        .header(header)
        .block(block)
        .row_highlight_style(theme::selected());
    let mut state = TableState::default().with_selected(Some(selected));
    f.render_stateful_widget(table, area, &mut state);
}

/// A list with nothing to show: its sentence, dim, in the list's block.
pub fn empty(f: &mut Frame, area: Rect, block: Block, text: String) {
    let text = ratatui::text::Line::from(Span::styled(text, theme::dim()));
    f.render_widget(super::wrap::paragraph(vec![text], block, area), area);
}

/// The rows a bordered table with a one-line header shows in `area`, of `len`
/// rows with row `selected` selected (every row one line high).
pub fn visible(len: usize, selected: usize, area: Rect) -> Range<usize> {
    // Two borders and the header.
    let fit = (area.height.saturating_sub(3) as usize).max(1);
    let selected = selected.min(len.saturating_sub(1));
    let start = (selected + 1).saturating_sub(fit);
    start..(start + fit).min(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Constraint;
    use ratatui::widgets::{Block, Row, StatefulWidget, Table, TableState};

    fn table<'a>(rows: impl Iterator<Item = Row<'a>>) -> Table<'a> {
        Table::new(rows, [Constraint::Length(6), Constraint::Fill(1)])
            .header(Row::new(["no", "text"]))
            .block(Block::bordered().title("list"))
            .row_highlight_style(
                ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
            )
    }

    fn row(i: usize) -> Row<'static> {
        Row::new([i.to_string(), format!("row {i}")])
    }

    /// The window draws what the whole list draws, for every selection and height.
    #[test]
    fn the_window_draws_what_the_whole_list_draws() {
        for len in [1, 2, 5, 17, 60] {
            for height in [3, 4, 5, 8, 20, 40] {
                let area = Rect::new(0, 0, 30, height);
                for selected in 0..len + 2 {
                    let mut whole = Buffer::empty(area);
                    let mut state = TableState::default().with_selected(Some(selected));
                    table((0..len).map(row)).render(area, &mut whole, &mut state);

                    let shown = visible(len, selected, area);
                    let mut window = Buffer::empty(area);
                    let mut state =
                        TableState::default().with_selected(Some(selected - shown.start));
                    table(shown.map(row)).render(area, &mut window, &mut state);
                    assert_eq!(
                        whole, window,
                        "{len} rows, {height} high, {selected} selected"
                    );
                }
            }
        }
    }
}
