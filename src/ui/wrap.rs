//! Paragraphs broken to their width by display cells: a line breaks at its
//! last space that fits (English) or else at any character (Chinese), and a
//! wide character never straddles the right edge (the drawing library's own
//! word wrapping puts one across the border when it lands on the last cell).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthChar;

/// A paragraph of `lines` in `block`, each line broken to fit inside it.
pub fn paragraph<'a>(lines: Vec<Line<'a>>, block: Block<'a>, area: Rect) -> Paragraph<'a> {
    let width = block.inner(area).width as usize;
    Paragraph::new(wrap(lines, width)).block(block)
}

/// `lines` broken to at most `width` cells each; the spaces a line breaks
/// at are dropped, as are those starting a continued line.
pub fn wrap(lines: Vec<Line<'_>>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        let chars: Vec<(char, Style)> = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
            .collect();
        let mut row: Vec<(char, Style)> = Vec::new();
        let mut used = 0;
        // Whether the row continues a line broken before it.
        let mut continued = false;
        for (c, style) in chars {
            let w = c.width().unwrap_or(0);
            if used + w > width && width > 0 && !row.is_empty() {
                // Break here at a space, else at the row's last space, if
                // any, else here.
                let rest = match row.iter().rposition(|(c, _)| *c == ' ') {
                    Some(i) if i > 0 && c != ' ' => row.split_off(i + 1),
                    _ => Vec::new(),
                };
                while row.last().is_some_and(|(c, _)| *c == ' ') {
                    row.pop();
                }
                out.push(line_of(&row, &line));
                row = rest;
                used = row.iter().map(|(c, _)| c.width().unwrap_or(0)).sum();
                continued = true;
            }
            if continued && row.is_empty() && c == ' ' {
                continue;
            }
            row.push((c, style));
            used += w;
        }
        out.push(line_of(&row, &line));
    }
    out
}

/// One row's characters as spans of their styles, with `line`'s own style
/// and alignment.
fn line_of(row: &[(char, Style)], line: &Line) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (c, style) in row {
        match spans.last_mut() {
            Some(s) if s.style == *style => s.content.to_mut().push(*c),
            _ => spans.push(Span::styled(c.to_string(), *style)),
        }
    }
    let mut l = Line::from(spans).style(line.style);
    l.alignment = line.alignment;
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Stylize;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn chinese_breaks_anywhere_and_never_past_the_width() {
        let l = Line::from("发送新产品资料 · 有兴趣，要再考虑");
        let rows = wrap(vec![l], 9);
        for r in &rows {
            assert!(r.width() <= 9, "{r}");
        }
        assert_eq!(
            text(&rows).concat().replace(' ', ""),
            "发送新产品资料·有兴趣，要再考虑"
        );
    }

    #[test]
    fn english_breaks_at_a_space_and_keeps_styles() {
        let l = Line::from(vec![
            Span::styled("Phone by ", Style::new().bold()),
            Span::raw("Wang: called about the fund"),
        ]);
        let rows = wrap(vec![l], 16);
        assert_eq!(text(&rows), ["Phone by Wang:", "called about the", "fund"]);
        assert_eq!(rows[0].spans[0].content, "Phone by ");
        assert_eq!(rows[0].spans[0].style, Style::new().bold());
    }

    #[test]
    fn a_line_that_fits_is_kept_whole_with_its_indent() {
        let rows = wrap(
            vec![Line::from("短"), Line::default(), Line::from(" 到店 29")],
            10,
        );
        assert_eq!(text(&rows), ["短", "", " 到店 29"]);
    }
}
