//! The demo morning's follow-up list: prospects of earlier days, as they
//! stand this morning.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, Weekday};
use serde_json::json;

use super::desk::{amount_cents, at_work, card_note, later, Desk};
use super::events::EventLog;
use super::rng::{made_up_client, Rng};
use super::writes::{
    accept_card, card_prospect, hand_back, log_contact, lose, new_card, record_outcome, take_down,
    win,
};
use crate::domain::card::{self, Outcome};
use crate::domain::event::EventKind;
use crate::domain::followup::Stage;
use crate::store::prospects::NewProspect;
use crate::store::{Db, StoreError};

/// How a prospect of an earlier day came to the list.
#[derive(Clone, Copy, PartialEq)]
enum Came {
    /// Its card ended as intent (documents pending): the card stays open.
    Intent,
    NotNow,
    ClientLeft,
    /// Added by hand from the client's record, by the lobby manager.
    ByHand,
}

/// A prospect of an earlier day, as it stands this morning.
struct Earlier {
    /// Index into the catalog's lines (the last one if there are fewer).
    line: usize,
    came: Came,
    consent: bool,
    /// Contacts logged, each on the day it was due.
    contacts: usize,
    /// Days from today to the next contact due; for an ended prospect, to
    /// the day it ended.
    due: i64,
    ended: Option<Stage>,
}

/// Overdue by more than the escalation threshold: two days past it.
const ESCALATED: i64 = i64::MIN;

/// The follow-up list of the demo morning: each line's manager has prospects
/// due today, overdue (one for more than the escalation threshold), upcoming
/// and ended lately, one client has not agreed to be contacted, and the lobby
/// manager has one added by hand.
const EARLIER: [Earlier; 12] = [
    // line, how it came, consent, contacts, due (days from today), ended
    earlier(0, Came::NotNow, true, 1, 0, None),
    earlier(0, Came::Intent, true, 0, -2, None),
    earlier(0, Came::NotNow, true, 1, ESCALATED, None),
    earlier(0, Came::ClientLeft, true, 2, 3, None),
    earlier(0, Came::NotNow, false, 0, 1, None),
    earlier(0, Came::Intent, true, 2, -3, Some(Stage::Won)),
    earlier(1, Came::NotNow, true, 0, 0, None),
    earlier(1, Came::Intent, true, 1, -4, None),
    earlier(1, Came::ClientLeft, true, 1, 5, None),
    earlier(1, Came::NotNow, true, 1, -6, Some(Stage::Lost)),
    earlier(1, Came::NotNow, true, 0, -2, Some(Stage::HandedBack)),
    earlier(1, Came::ByHand, true, 0, -1, None),
];

const fn earlier(
    line: usize,
    came: Came,
    consent: bool,
    contacts: usize,
    due: i64,
    ended: Option<Stage>,
) -> Earlier {
    Earlier {
        line,
        came,
        consent,
        contacts,
        due,
        ended,
    }
}

/// Write [`EARLIER`]: each prospect's card of an earlier day (flagged by a
/// teller, accepted by the line's manager, its outcome recorded), the
/// prospect, its contacts on the days they were due, and its end; every step
/// with its event, on the day it happened.
pub(super) fn earlier_prospects(
    db: &Db,
    log: &mut EventLog,
    desk: &Desk,
    rng: &mut Rng,
    today: NaiveDate,
    offset: FixedOffset,
) -> Result<(), StoreError> {
    if desk.lines.is_empty() {
        return Ok(());
    }
    for e in &EARLIER {
        let line = e.line.min(desk.lines.len() - 1);
        let code = &desk.lines[line];
        let due = match e.due {
            ESCALATED => -(desk.rules.escalate_days + 2),
            d => d,
        };
        let last = today - Duration::days(1);
        let target = today + Duration::days(due);
        // Going back from the last due date: each contact on the date the one
        // before set, the first on the prospect's first due date.
        let mut dues = vec![target];
        for k in (1..=e.contacts).rev() {
            let before = *dues.last().expect("one") - Duration::days(desk.cadence(k));
            dues.push(before.min(last));
        }
        dues.reverse();
        let created = open_day(dues[0] - Duration::days(desk.cadence(0))).min(last);

        let start = at_work(rng, created, offset);
        let teller = match desk.tellers.is_empty() {
            true => desk.lobby.clone(),
            false => rng.pick(&desk.tellers).clone(),
        };
        let manager = desk.managers[line].clone();
        let (id, owner, source) = if e.came == Came::ByHand {
            // The Follow-ups tab's form, with the events it writes.
            let (name, mobile) = made_up_client(rng);
            let (client, created) = db.find_or_add_client(Some(&name), Some(&mobile), start)?;
            if db.open_prospect(client, Some(code))?.is_some() {
                continue;
            }
            let owner = desk.lobby.clone();
            if created {
                log.add(start, &owner, EventKind::ClientAdd, Some(client), json!({}));
            }
            db.complete_client(client, &name, &mobile)?;
            db.set_consent(client, e.consent, &owner, start)?;
            log.add(
                start,
                &owner,
                EventKind::ClientConsent,
                Some(client),
                json!({"consent": e.consent}),
            );
            let id = db.add_prospect(
                &NewProspect {
                    client_id: client,
                    owner: owner.clone(),
                    source_card: None,
                    line: Some(code.clone()),
                    next_due: dues[0],
                },
                start,
            )?;
            let need = desk.need(rng, line);
            let note = card_note(rng, &need);
            log.add(
                start,
                &owner,
                EventKind::ProspectAdd,
                Some(id),
                json!({"by_hand": true, "note": note, "consent": e.consent}),
            );
            (id, owner, None)
        } else {
            let client = take_down(db, log, rng, &teller, start)?;
            if card::check_duplicate(&db.client_cards_on_line(client, code)?).is_err()
                || db.open_prospect(client, Some(code))?.is_some()
            {
                continue;
            }
            let need = desk.need(rng, line);
            let c = new_card(
                db, log, None, client, &teller, code, &need, e.consent, start, rng,
            )?;
            let at = later(rng, start, 4.0, 12.0, None);
            let Some(c) = accept_card(db, log, &c, &manager, at)? else {
                continue;
            };
            let outcome = match e.came {
                Came::Intent => Outcome::Intent,
                Came::ClientLeft => Outcome::ClientLeft,
                _ => Outcome::NotNow,
            };
            let at = later(rng, at, 10.0, 30.0, None);
            let Some(c) = record_outcome(db, log, &c, &manager, &outcome, None, at)? else {
                continue;
            };
            let id = card_prospect(db, log, &c, &manager, dues[0], &manager, at)?;
            (id, manager.clone(), Some(c))
        };
        for (k, day) in dues[..e.contacts].iter().enumerate() {
            let at = at_work(rng, open_day(*day), offset);
            log_contact(db, log, rng, desk, id, &owner, dues[k + 1], at)?;
        }
        let at = at_work(rng, open_day(target), offset);
        match e.ended {
            Some(Stage::Won) => {
                let need = source
                    .as_ref()
                    .map_or_else(|| desk.need(rng, line), |c| c.need.clone());
                let product = desk.product(rng, line, &need);
                let amount = amount_cents(rng, &product);
                win(db, log, id, source.as_ref(), &product, amount, &owner, at)?;
            }
            Some(Stage::Lost) => {
                let reason = desk.objection(rng);
                lose(db, log, rng, id, &reason, &owner, at)?;
            }
            Some(Stage::HandedBack) => {
                hand_back(db, log, id, &owner, &owner, at)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The day itself, or the Saturday before a Sunday (the branch is closed).
fn open_day(day: NaiveDate) -> NaiveDate {
    if day.weekday() == Weekday::Sun {
        day - Duration::days(1)
    } else {
        day
    }
}
