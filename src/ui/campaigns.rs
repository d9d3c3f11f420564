//! The Review tab's campaigns section (营销活动, the head only): a read-only
//! table scrolled with the rest of the review.

use ratatui::text::{Line, Span};

use super::review::{heading, row};
use super::theme;
use crate::app::App;
use crate::i18n::Msg;

/// The section's lines: nothing for a person who may not define campaigns.
pub(super) fn review_lines(app: &App) -> Vec<Line<'static>> {
    if !app.review.campaigns_shown {
        return Vec::new();
    }
    let t = |m: Msg| app.t(m).to_string();
    let mut lines = vec![Line::default(), heading(&t(Msg::CvTitle))];
    if app.review.campaigns.is_empty() {
        lines.push(Line::from(Span::styled(t(Msg::CvNone), theme::dim())));
        return lines;
    }
    lines.push(Line::from(Span::styled(
        row(&[
            ("#".into(), 3),
            (t(Msg::RptCampaign), 12),
            (t(Msg::ColOccasion), 16),
            (t(Msg::ColDates), 11),
            (t(Msg::ColAudience), 16),
            (t(Msg::ColReach), 5),
            (t(Msg::ColSent), 5),
        ]),
        theme::dim(),
    )));
    for c in &app.review.campaigns {
        lines.push(Line::from(row(&[
            (c.id.to_string(), 3),
            (c.name.clone(), 12),
            (c.occasion.clone(), 16),
            (
                format!("{}–{}", c.starts.format("%m-%d"), c.ends.format("%m-%d")),
                11,
            ),
            (c.filters.clone(), 16),
            (c.audience.map_or("—".into(), |n| n.to_string()), 5),
            (c.sent.to_string(), 5),
        ])));
    }
    lines
}
