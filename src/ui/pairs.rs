//! The pairs' figures in the day review: per teller, line and manager, the
//! cards that went by the pair, their median wait to be accepted and how
//! many were contracted.

use ratatui::text::{Line, Span};

use super::review::{heading, row};
use super::theme;
use crate::app::App;
use crate::i18n::Msg;
use crate::report::Report;

/// The pairs' heading and rows.
pub(super) fn review_lines(app: &App, r: &Report) -> Vec<Line<'static>> {
    let t = |m: Msg| app.t(m).to_string();
    let mut lines = vec![Line::default(), heading(&t(Msg::RvPairs))];
    if r.pairs.is_empty() {
        lines.push(Line::from(Span::styled(t(Msg::RvNobody), theme::dim())));
        return lines;
    }
    lines.push(Line::from(Span::styled(
        row(&[
            (t(Msg::RvTeller), 8),
            (t(Msg::FieldLine), 6),
            (t(Msg::RvManager), 8),
            (t(Msg::RvCreated), 8),
            (t(Msg::RvPairWait), 14),
            (t(Msg::RvContractedN), 10),
            (t(Msg::RvConversion), 8),
        ]),
        theme::dim(),
    )));
    for p in &r.pairs {
        lines.push(Line::from(row(&[
            (p.teller_name.clone(), 8),
            (p.label.get(app.lang).to_string(), 6),
            (p.manager_name.clone(), 8),
            (p.referrals.to_string(), 8),
            (format!("{:.1}", p.median_accept_minutes), 14),
            (p.contracted.to_string(), 10),
            (format!("{:.0}%", p.conversion * 100.0), 8),
        ])));
    }
    lines
}
