//! Drawing only: the frame, one module per screen, shared widgets, the theme.
//! Nothing here reads the store; everything comes from `App`'s state.

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::app::{App, Tab};
use crate::i18n::{self, Msg};
use crate::keymap::Keymap;

mod arrivals;
pub mod board;
mod campaigns;
mod clients;
mod complaints;
mod followups;
mod form;
mod help;
mod history;
mod line;
mod lobby;
mod mine;
mod pairs;
mod review;
mod review_level;
mod review_sections;
mod table;
mod targets;
pub mod theme;
mod wrap;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Whether a terminal of `width`×`height` cells is big enough for the
/// screens; smaller, only the "terminal too small" sentence is drawn (and the
/// event loop lets only resize, help and quit through).
pub fn fits(width: u16, height: u16) -> bool {
    width >= MIN_WIDTH && height >= MIN_HEIGHT
}

/// Draw the whole screen; `keys` is the key table the hint line and help show.
pub fn draw(f: &mut Frame, app: &App, keys: &Keymap) {
    let area = f.area();
    if !fits(area.width, area.height) {
        return too_small(f, app, area);
    }
    let [tabs, body, message, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(f, app, tabs);
    match app.tab {
        Tab::Lobby => lobby::draw(f, app, body),
        Tab::Line(i) => line::draw(f, app, &app.lines[i], body),
        Tab::Followups => followups::draw(f, app, body),
        Tab::Clients => clients::draw(f, app, body),
        Tab::Mine => mine::draw(f, app, body),
        Tab::Review => review::draw(f, app, keys, body),
    }
    draw_message(f, app, message);
    draw_status(f, app, status);
    draw_hints(f, app, keys, hints);
    if let Some(form) = &app.form {
        form::draw(f, app, form, body);
    }
    if app.help {
        help::draw(f, app, keys, body);
    }
    if let Some((title, events)) = &app.history {
        history::draw(f, app, title, events, body);
    }
}

fn too_small(f: &mut Frame, app: &App, area: Rect) {
    let text = Msg::TooSmall.fill(
        app.lang,
        &[
            ("w", &MIN_WIDTH),
            ("h", &MIN_HEIGHT),
            ("cw", &area.width),
            ("ch", &area.height),
        ],
    );
    let y = area.height / 2;
    let line = Rect::new(
        area.x,
        area.y + y.saturating_sub(1),
        area.width,
        area.height - y.saturating_sub(1),
    );
    // Wrapped by hand, by display width: ratatui's wrapping can put a wide
    // character past the right edge of a very narrow terminal.
    let lines: Vec<Line> = wrap_cells(&text, area.width as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    f.render_widget(Paragraph::new(lines).alignment(Alignment::Center), line);
}

/// Break `text` at spaces into lines of at most `width` terminal cells; a
/// word wider than that is broken between characters, and a character wider
/// than the terminal is left out.
fn wrap_cells(text: &str, width: usize) -> Vec<String> {
    let cells = |s: &str| i18n::width(s);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let gap = usize::from(!line.is_empty());
        if cells(&line) + gap + cells(word) <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w > width {
                continue;
            }
            if cells(&line) + w > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    lines.push(line);
    lines
}

/// The tab bar: the application's name and every tab. On a narrow terminal
/// the name goes first, then the gaps, so every tab keeps its number.
fn draw_tabs(f: &mut Frame, app: &App, area: Rect) {
    let name = format!(" {} ", app.t(Msg::AppName));
    let tabs: Vec<(String, ratatui::style::Style)> = app
        .tabs()
        .into_iter()
        .enumerate()
        .map(|(i, tab)| {
            let style = if tab == app.tab {
                theme::tab_active()
            } else if app.inbox.marks.contains(&tab)
                || matches!(tab, Tab::Line(p) if app.lines[p].new_count() > 0)
            {
                theme::warning()
            } else {
                theme::dim()
            };
            let mark = if app.inbox.marks.contains(&tab) {
                "•"
            } else {
                ""
            };
            (format!(" {} {}{mark} ", i + 1, app.tab_title(tab)), style)
        })
        .collect();
    let labels: usize = tabs.iter().map(|(l, _)| i18n::width(l)).sum();
    // The last label's trailing space may fall off the edge.
    let width = area.width as usize + 1;
    let spaced = labels + tabs.len() <= width;
    let show_name = i18n::width(&name) + labels + tabs.len() <= width;
    let gap = if spaced { " " } else { "" };
    let mut spans = Vec::new();
    if show_name {
        spans.push(Span::styled(name, theme::title()));
    }
    for (label, style) in tabs {
        spans.push(Span::raw(gap));
        spans.push(Span::styled(label, style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Who you are, the branch, the date and time; and the last message.
fn draw_status(f: &mut Frame, app: &App, area: Rect) {
    let local = app.now.with_timezone(&app.clock.offset());
    let role = app.t(crate::app::lobby::role_label(&app.me));
    // The built-in lobby user has no name of its own: show the role alone.
    let name = if app.me.code == "LOBBY" {
        String::new()
    } else {
        format!("{} ", app.me.name)
    };
    let branch = app.catalog.branch.name(app.lang);
    let time = local.format("%Y-%m-%d %H:%M");
    let prompt = lobby::prompt_status(app)
        .filter(|_| !app.shield)
        .map(|p| format!(" {p} "));
    let mut who = format!(" {name}{role} · {branch} · {time} ");
    // A cross-sell prompt matters more at the counter than the branch's name.
    use unicode_width::UnicodeWidthStr;
    let wanted = |who: &str| who.width() + prompt.as_deref().map_or(0, UnicodeWidthStr::width);
    if wanted(&who) > area.width as usize {
        who = format!(" {name}{role} · {time} ");
    }
    let mut spans = vec![Span::styled(who, theme::status_bar())];
    if let Some(p) = prompt {
        spans.push(Span::styled(p, theme::tab_active()));
    }
    if app.shield {
        spans.push(Span::styled(
            format!(" {} ", app.t(Msg::ShieldBadge)),
            theme::tab_active(),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The result of the last action, or why it was refused.
fn draw_message(f: &mut Frame, app: &App, area: Rect) {
    if let Some(flash) = &app.flash {
        let style = if flash.error {
            theme::error()
        } else {
            theme::ok()
        };
        let text = i18n::truncate(&flash.text, area.width.saturating_sub(1) as usize);
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {text}"), style)),
            area,
        );
    }
}

/// The keys that work here, from the key table, help and quit first. On a
/// narrow line the keys least used go first (the highest `priority`, later
/// in the table before earlier): help always stays.
fn draw_hints(f: &mut Frame, app: &App, keys: &Keymap, area: Rect) {
    // (key, label, priority)
    let pairs: Vec<(String, &str, u8)> = if app.form.is_some() {
        crate::keymap::FORM_KEYS
            .iter()
            .zip(0..)
            .map(|((k, m), i)| (k.to_string(), app.t(*m), i))
            .collect()
    } else {
        let mut v: Vec<(String, &str, u8)> = keys
            .active(app.tab)
            .filter(|b| b.hint && app.offers(&b.action))
            .map(|b| {
                let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
                (key, app.t(b.label), b.priority)
            })
            .collect();
        v.rotate_right(2);
        v
    };
    let width = |(k, label, _): &(String, &str, u8)| i18n::width(k) + i18n::width(label) + 3;
    let mut by_need: Vec<usize> = (0..pairs.len()).collect();
    by_need.sort_by_key(|&i| pairs[i].2);
    let (mut kept, mut used) = (vec![false; pairs.len()], 0);
    for i in by_need {
        used += width(&pairs[i]);
        if used > area.width as usize {
            break;
        }
        kept[i] = true;
    }
    let mut spans = Vec::new();
    for ((k, label, _), _) in pairs.iter().zip(kept).filter(|(_, keep)| *keep) {
        spans.push(Span::styled(format!(" {k}"), theme::key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How a client's name and mobile may be shown: masked by default, blank
/// under the privacy shield, plain for the one record revealed.
pub fn client_shown(
    app: &App,
    client_id: Option<i64>,
    name: Option<&str>,
    mobile: Option<&str>,
) -> (String, String) {
    use crate::domain::privacy::{mask_mobile, mask_name};
    let (name, mobile) = (name.unwrap_or(""), mobile.unwrap_or(""));
    if app.shield {
        let blank = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                "···".into()
            }
        };
        return (blank(name), blank(mobile));
    }
    if client_id.is_some() && app.revealed_client() == client_id {
        return (name.to_string(), mobile.to_string());
    }
    (mask_name(name), mask_mobile(mobile))
}

/// A client as one label: the name, or the mobile when there is no name.
pub fn client_label(
    app: &App,
    client_id: Option<i64>,
    name: Option<&str>,
    mobile: Option<&str>,
) -> String {
    let (n, m) = client_shown(app, client_id, name, mobile);
    if n.is_empty() {
        m
    } else {
        n
    }
}

/// A rectangle of `w`×`h` centred in `area`, clipped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clear an overlay's area before drawing on it, including a wide (Chinese)
/// character just left of it that would otherwise cover the overlay's border.
pub fn clear(f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buf = f.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y)) {
            if i18n::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}
