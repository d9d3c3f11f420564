//! The Review tab's cross-sell prompts (交叉销售时机: the report's own
//! figures per trigger) and complaints (投诉: the day's figures and the
//! ratings, then the complaints open now, for the lobby manager and the
//! head), drawn as lines scrolled with the rest of the review.

use ratatui::text::{Line, Span};

use super::review::{heading, pairs, row};
use super::theme;
use crate::app::review_complaints::ComplaintLine;
use crate::app::App;
use crate::config::Catalog;
use crate::i18n::Msg;
use crate::report::complaints::kind_label;
use crate::report::Report;

/// Per trigger, the day's prompts shown, the cards referred from them and
/// of those contracted; nothing when the settings have no trigger and
/// nothing was counted.
pub(super) fn cross_sell_lines(app: &App, r: &Report) -> Vec<Line<'static>> {
    if r.cross_sell.is_empty() {
        return Vec::new();
    }
    let lang = app.lang;
    let t = |m: Msg| app.t(m).to_string();
    let mut lines = vec![Line::default(), heading(&t(Msg::RptCrossSell))];
    lines.push(Line::from(Span::styled(
        row(&[
            (t(Msg::RvTrigger), 22),
            (t(Msg::FieldNeed), 12),
            (t(Msg::RvShown), 9),
            (t(Msg::RvReferred), 9),
            (t(Msg::RvContractedN), 10),
        ]),
        theme::dim(),
    )));
    for f in &r.cross_sell {
        lines.push(Line::from(row(&[
            (f.label.get(lang).to_string(), 22),
            (
                Catalog::label(&app.catalog.needs, &f.need, lang).to_string(),
                12,
            ),
            (f.shown.to_string(), 9),
            (f.referred.to_string(), 9),
            (f.contracted.to_string(), 10),
        ])));
    }
    lines
}

/// The day's complaints and ratings, then the open complaints: nothing for
/// a person who may not see every complaint.
pub(super) fn complaint_lines(app: &App, r: &Report) -> Vec<Line<'static>> {
    let open = &app.review.complaints;
    if !open.shown {
        return Vec::new();
    }
    let t = |m: Msg| app.t(m).to_string();
    let today = app.clock.today();
    let title = Msg::RvComplaints.fill(app.lang, &[("o", &open.open), ("d", &open.overdue)]);
    let (c, s) = (&r.satisfaction.complaints, &r.satisfaction.ratings);
    let mut lines = vec![Line::default(), heading(&title)];
    let mut day = pairs(
        app,
        &[
            (Msg::RptCpOpened, c.opened.to_string()),
            (Msg::RptCpResolved, c.resolved.to_string()),
            (Msg::RptCpValid, c.valid.to_string()),
            (Msg::RptCpOverdue, c.overdue.to_string()),
            (Msg::RptRatingCount, s.count.to_string()),
            (Msg::RptRatingAvg, format!("{:.2}", s.average)),
        ],
    );
    day.spans.insert(
        0,
        Span::styled(format!(" {}", t(Msg::RvCpDay)), theme::dim()),
    );
    lines.push(day);
    if open.lines.is_empty() {
        lines.push(Line::from(Span::styled(t(Msg::RvCpNone), theme::dim())));
        return lines;
    }
    lines.push(Line::from(Span::styled(
        row(&[
            ("#".into(), 4),
            (t(Msg::RptCpKind), 11),
            (t(Msg::RvCpAbout), 14),
            (t(Msg::RptCpPerson), 11),
            (t(Msg::RvCpOwner), 8),
            (t(Msg::RvCpDue), 6),
        ]),
        theme::dim(),
    )));
    for l in &open.lines {
        lines.push(complaint_row(app, l, today));
    }
    let more = open.open.saturating_sub(open.lines.len());
    if more > 0 {
        let text = Msg::RvCpMore.fill(app.lang, &[("n", &more)]);
        lines.push(Line::from(Span::styled(text, theme::dim())));
    }
    lines
}

/// One open complaint: number, kind, the visit and the client (masked),
/// the person responsible, its owner, the promised day, overdue marked.
fn complaint_row(app: &App, l: &ComplaintLine, today: chrono::NaiveDate) -> Line<'static> {
    let c = &l.complaint;
    // Masked (or the shield's dots); a client whose details were erased
    // by their number.
    let client = c.client_id.map(|id| {
        let name = l.client_name.as_deref();
        match super::client_label(app, Some(id), name, l.client_mobile.as_deref()) {
            label if label.is_empty() => Msg::CpClient.fill(app.lang, &[("id", &id)]),
            label => label,
        }
    });
    let about = match (&c.ticket_number, client) {
        (Some(n), Some(who)) => format!("{n} {who}"),
        (Some(n), None) => n.clone(),
        (None, Some(who)) => who,
        (None, None) => app.t(Msg::CpBranch).to_string(),
    };
    let responsible = c
        .responsible
        .as_deref()
        .map_or("—".to_string(), |r| app.staff_name(r));
    let text = row(&[
        (c.id.to_string(), 4),
        (kind_label(c.kind).get(app.lang).to_string(), 11),
        (about, 14),
        (responsible, 11),
        (app.staff_name(&c.owner), 8),
        (c.due.format("%m-%d").to_string(), 6),
    ]);
    match c.overdue(today) {
        true => Line::from(vec![
            Span::styled(text, theme::alert()),
            Span::styled(app.t(Msg::CpOverdueMark).to_string(), theme::alert()),
        ]),
        false => Line::from(text),
    }
}
