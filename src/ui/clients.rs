//! The Clients tab: search results and the selected client's history.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row};
use ratatui::Frame;

use super::theme;
use crate::app::App;
use crate::config::Catalog;
use crate::i18n::Msg;

/// A search as the screen may show it: masked as the client it looks for
/// would be (a full mobile as 138****5678, a name as 王*明); up to four
/// digits and one character of a name, which a masked mobile and a masked
/// name show anyway, as typed.
pub(super) fn query_shown(q: &str) -> String {
    use crate::domain::privacy::{mask_mobile, mask_name};
    let digits = q.chars().all(|c| c.is_ascii_digit());
    match q.chars().count() {
        n if digits && n <= 4 => q.to_string(),
        _ if digits => mask_mobile(q),
        1 => q.to_string(),
        _ => mask_name(q),
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let [list, history] = Layout::vertical([Constraint::Min(5), Constraint::Length(9)]).areas(area);
    let c = &app.clients;
    let title = if c.dormant {
        format!(" {} ", app.t(Msg::DormantTitle))
    } else if c.query.is_empty() || app.shield {
        format!(" {} ", app.t(Msg::ClientsTitle))
    } else {
        // A search that found as many as it lists says they are the latest.
        let n = crate::app::clients::LIMIT;
        let latest = match c.found.len() >= n {
            true => format!("· {} ", Msg::ClientsLatest.fill(app.lang, &[("n", &n)])),
            false => String::new(),
        };
        format!(
            " {} · \"{}\" {latest}",
            app.t(Msg::ClientsTitle),
            query_shown(&c.query)
        )
    };
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    if c.found.is_empty() {
        let text = if c.dormant {
            app.t(Msg::DormantNone).to_string()
        } else if c.query.is_empty() || app.shield {
            app.t(Msg::ClientsPrompt).to_string()
        } else {
            Msg::ClientsNone.fill(app.lang, &[("q", &query_shown(&c.query))])
        };
        super::table::empty(f, list, block, text);
    } else {
        let header = Row::new(
            [
                Msg::ColClient,
                Msg::ColMobile,
                Msg::ColTier,
                Msg::ColConsent,
                if c.dormant {
                    Msg::ColSilentDays
                } else {
                    Msg::ColVisits
                },
                if c.dormant {
                    Msg::ColLastSeen
                } else {
                    Msg::ColLastVisit
                },
            ]
            .map(|m| Cell::from(m.get(app.lang))),
        )
        .style(theme::header());
        let off = app.clock.offset();
        let shown = super::table::visible(c.found.len(), c.cursor.at(), list);
        let selected = c.cursor.at() - shown.start;
        let rows = c.found[shown].iter().map(|x| {
            let k = &x.client;
            let (name, mobile) =
                super::client_shown(app, Some(k.id), k.name.as_deref(), k.mobile.as_deref());
            let consent = if k.consent {
                Span::styled("✓", theme::ok())
            } else {
                Span::styled(app.t(Msg::ConsentMissing), theme::alert())
            };
            Row::new(vec![
                Cell::from(name),
                Cell::from(mobile),
                Cell::from(Catalog::label(&app.catalog.tiers, &k.tier, app.lang).to_string()),
                Cell::from(consent),
                Cell::from(x.visits.to_string()),
                Cell::from(
                    x.last_visit
                        .map(|t| t.with_timezone(&off).format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                ),
            ])
        });
        let widths = [
            Constraint::Fill(1),
            Constraint::Length(12),
            Constraint::Length(9),
            Constraint::Length(7),
            Constraint::Length(6),
            Constraint::Length(11),
        ];
        super::table::draw(f, list, rows, &widths, header, block, selected);
    }
    let name = c.selected_client().map(|x| {
        let name = super::client_shown(app, Some(x.client.id), x.client.name.as_deref(), None).0;
        match &c.manager {
            Some((_, m)) => {
                let m = Msg::ClientManagerShown.fill(app.lang, &[("m", m)]);
                format!("{name} · {m}")
            }
            None => name,
        }
    });
    super::followups::draw_client_history(f, app, name, &c.history, history);
}

#[cfg(test)]
mod tests {
    use super::query_shown;

    #[test]
    fn a_search_shows_what_a_masked_client_shows() {
        assert_eq!(query_shown("王"), "王");
        assert_eq!(query_shown("王芳"), "王*");
        assert_eq!(query_shown("王小明"), "王*明");
        assert_eq!(query_shown("1391"), "1391");
        assert_eq!(query_shown("13812345678"), "138****5678");
    }
}
