//! A line's pane: the referral inbox and the selected card with its chain.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row};
use ratatui::Frame;

use super::theme;
use crate::app::{App, LinePane};
use crate::config::Catalog;
use crate::domain::card::CardStatus;
use crate::domain::ticket::Status;
use crate::i18n::{self, Msg};
use crate::store::cards::CardView;

pub fn draw(f: &mut Frame, app: &App, pane: &LinePane, area: Rect) {
    // A card referred on has a line more: who made it, and who first referred.
    let rows = 7 + u16::from(pane.selected_card().is_some_and(referred_on));
    let [list, detail] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(rows)]).areas(area);
    draw_list(f, app, pane, list);
    draw_detail(f, app, pane, detail);
}

/// Whether the client is still in the branch: the ticket's state and wait.
fn in_lobby(app: &App, v: &CardView) -> (String, Style) {
    let lang = app.lang;
    match (&v.ticket_number, v.ticket_status) {
        (Some(n), Some(st)) if !st.is_final() => {
            // A waiting client: the wait says it all; otherwise the status.
            let text = match (st, v.ticket_arrived) {
                (Status::Waiting, Some(arrived)) => {
                    let m = (app.now - arrived).num_minutes();
                    format!("{n} {}", i18n::minutes(lang, m))
                }
                _ => format!("{n} {}", i18n::status(st).get(lang)),
            };
            (text, theme::ok())
        }
        // Diverted to this line's room (the divert target of the line's code).
        (Some(n), Some(Status::Diverted)) if v.ticket_divert.as_ref() == Some(&v.card.line) => {
            (Msg::ComingToRoom.fill(lang, &[("n", n)]), theme::warning())
        }
        (Some(_), Some(_)) => (app.t(Msg::LeftBranch).to_string(), theme::dim()),
        _ => (String::new(), theme::dim()),
    }
}

fn client(app: &App, v: &CardView) -> String {
    super::client_label(
        app,
        Some(v.card.client_id),
        v.client_name.as_deref(),
        v.client_mobile.as_deref(),
    )
}

/// The receiver; before anyone accepts, the manager the card is meant for.
fn receiver_cell(app: &App, v: &CardView) -> Cell<'static> {
    match (&v.receiver_name, &v.assigned_name) {
        (Some(r), _) => Cell::from(r.clone()),
        (None, Some(a)) if v.card.status == CardStatus::New => Cell::from(Span::styled(
            Msg::CardMeantFor.fill(app.lang, &[("n", a)]),
            theme::warning(),
        )),
        _ => Cell::from(""),
    }
}

fn draw_list(f: &mut Frame, app: &App, pane: &LinePane, area: Rect) {
    let lang = app.lang;
    let title = format!(
        " {} · {} ",
        app.line_label(&pane.line),
        app.t(Msg::CardsTitle)
    );
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    if pane.is_empty() {
        super::table::empty(f, area, block, app.t(Msg::CardsEmpty).to_string());
        return;
    }
    let header = super::table::header(
        lang,
        &[
            Msg::ColAge,
            Msg::ColClient,
            Msg::ColTier,
            Msg::ColNeed,
            Msg::ColReferrer,
            Msg::ColReceiver,
            Msg::ColStatus,
            Msg::ColInLobby,
        ],
    );
    // Long English need names get room when the screen has some.
    let need_w: u16 = if area.width >= 100 { 16 } else { 10 };
    let shown = super::table::visible(pane.len(), pane.cursor.at(), area);
    let selected = pane.cursor.at() - shown.start;
    let rows = pane.shown(shown).iter().map(|v| {
        let c = &v.card;
        let age = i18n::minutes(lang, (app.now - c.created_at).num_minutes());
        let fresh = pane.fresh.contains(&c.id);
        let status_style = match c.status {
            CardStatus::New => theme::warning(),
            CardStatus::Accepted | CardStatus::Intent => theme::ok(),
            _ => theme::dim(),
        };
        let (lobby, lobby_style) = in_lobby(app, v);
        let row = Row::new(vec![
            Cell::from(format!("{}{age}", if fresh { "+" } else { "" })),
            Cell::from(client(app, v)),
            Cell::from(Catalog::label(&app.catalog.tiers, &v.client_tier, lang).to_string()),
            Cell::from(i18n::truncate(
                Catalog::label(&app.catalog.needs, &c.need, lang),
                need_w as usize,
            )),
            Cell::from(
                v.referrer_name
                    .clone()
                    .unwrap_or_else(|| c.referrer.clone()),
            ),
            receiver_cell(app, v),
            Cell::from(Span::styled(
                i18n::truncate(i18n::card_status(c.status).get(lang), 10),
                status_style,
            )),
            Cell::from(Span::styled(lobby, lobby_style)),
        ]);
        if fresh {
            row.style(theme::warning())
        } else {
            row
        }
    });
    let widths = [
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(need_w),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(10),
        Constraint::Length(14),
    ];
    super::table::draw(f, area, rows, &widths, header, block, selected);
}

/// A card made by someone other than its original referrer: passed on from
/// another line.
fn referred_on(c: &crate::domain::card::Card) -> bool {
    c.parent_id.is_some() || c.referred_by != c.referrer
}

fn draw_detail(f: &mut Frame, app: &App, pane: &LinePane, area: Rect) {
    let lang = app.lang;
    let Some(v) = pane.selected_view() else {
        f.render_widget(Block::bordered(), area);
        return;
    };
    let c = &v.card;
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", Msg::DetailTitle.fill(lang, &[("id", &c.id)])),
        theme::title(),
    ));
    let consent = if c.consent {
        Span::styled(app.t(Msg::HasConsent), theme::ok())
    } else {
        Span::styled(app.t(Msg::NoConsent), theme::alert())
    };
    // Who made this card and when; a card referred on names its original
    // referrer apart, on a line of its own.
    let local = c.created_at.with_timezone(&app.clock.offset());
    let at = local.format("%H:%M");
    let referrer = app.staff_name(&c.referrer);
    let made = if referred_on(c) {
        Msg::DetailReferredOn.fill(
            lang,
            &[
                ("by", &app.staff_name(&c.referred_by)),
                ("t", &at),
                ("r", &referrer),
            ],
        )
    } else {
        Msg::DetailReferred.fill(lang, &[("r", &referrer), ("t", &at)])
    };
    let mut people = Vec::new();
    if let Some(r) = &c.receiver {
        people.push(Msg::DetailReceiver.fill(lang, &[("r", &app.staff_name(r))]));
    }
    if let Some(a) = &c.assistant {
        people.push(Msg::DetailAssistant.fill(lang, &[("a", &app.staff_name(a))]));
    }
    let people = match referred_on(c) {
        true if !people.is_empty() => vec![made, people.join(" · ")],
        _ => vec![std::iter::once(made)
            .chain(people)
            .collect::<Vec<_>>()
            .join(" · ")],
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(client(app, v), theme::title()),
            Span::raw(format!(
                " {} · {} · ",
                super::client_shown(app, Some(c.client_id), None, v.client_mobile.as_deref()).1,
                Catalog::label(&app.catalog.tiers, &v.client_tier, lang)
            )),
            consent,
        ]),
        Line::from(format!(
            "{} {} · {} {}",
            app.t(Msg::FieldNeed),
            Catalog::label(&app.catalog.needs, &c.need, lang),
            app.t(Msg::FieldNote),
            c.note
        )),
    ];
    lines.extend(people.into_iter().map(Line::from));
    let outcome = match c.status {
        CardStatus::Contracted => Some(format!(
            "{} {}",
            Catalog::label(
                &app.catalog.products,
                c.product.as_deref().unwrap_or(""),
                lang
            ),
            i18n::money(c.amount_cents.unwrap_or(0))
        )),
        CardStatus::Declined => Some(
            Catalog::label(
                &app.catalog.objections,
                c.objection.as_deref().unwrap_or(""),
                lang,
            )
            .to_string(),
        ),
        _ => None,
    };
    let mut status_line = vec![Span::styled(
        i18n::card_status(c.status).get(lang),
        theme::title(),
    )];
    if let Some(o) = outcome {
        status_line.push(Span::raw(format!(" {o}")));
    }
    if let Some(n) = &c.outcome_note {
        status_line.push(Span::raw(format!(" — {n}")));
    }
    lines.push(Line::from(status_line));
    if pane.chain.len() > 1 {
        let steps: Vec<String> = pane
            .chain
            .iter()
            .map(|k| {
                format!(
                    "#{} {}·{} {}",
                    k.id,
                    app.line_label(&k.line),
                    Catalog::label(&app.catalog.needs, &k.need, lang),
                    i18n::card_status(k.status).get(lang)
                )
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", app.t(Msg::DetailChain)), theme::key()),
            Span::raw(steps.join(" → ")),
        ]));
    }
    f.render_widget(super::wrap::paragraph(lines, block, area), area);
}
