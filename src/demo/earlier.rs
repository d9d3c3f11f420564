//! The demo morning's follow-up list: prospects of earlier days, as they
//! stand this morning.

use std::collections::HashMap;

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, Weekday};

use super::desk::{amount_cents, at_work, card_note, later, Desk};
use super::rng::{made_up_client, Rng};
use super::script::{Deed, Details, Script};
use crate::domain::card::Outcome;
use crate::domain::followup::Stage;
use crate::domain::ticket::Step;
use crate::ops::prospects::ByHand;

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

/// Plan [`EARLIER`]: each prospect's visit on an earlier day (a `walkin`
/// of its service and priority class; the lobby
/// manager registers it, a teller serves it and flags the card, taking the
/// client down), the line's manager accepting the card and recording its
/// outcome (which puts the client on their list, moved to the planned date
/// when the cadence would give another), the contacts on the days they were
/// due, and its end; or a client put on the lobby manager's list by hand.
/// Each prospect's place in the script, its line (an index) and its client,
/// in [`EARLIER`]'s order.
pub(super) fn earlier_prospects(
    script: &mut Script,
    desk: &Desk,
    tellers: &[(u32, String)],
    walkin: &(String, String),
    rng: &mut Rng,
    today: NaiveDate,
    offset: FixedOffset,
) -> Vec<(usize, usize, Details)> {
    let mut planned = Vec::new();
    if desk.lines.is_empty() {
        return planned;
    }
    // Visits planned on each earlier day: each at its own counter.
    let mut visits_on: HashMap<NaiveDate, usize> = HashMap::new();
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
        let manager = desk.managers[line].clone();
        let prospect = script.prospect();
        let mut card_need = None;
        let owner = if e.came == Came::ByHand {
            let (name, mobile) = made_up_client(rng);
            planned.push((prospect, line, (name.clone(), mobile.clone())));
            let need = desk.need(rng, line);
            let by_hand = ByHand {
                client: None,
                name: Some(name),
                mobile: Some(mobile),
                line: code.clone(),
                consent: e.consent,
                note: card_note(rng, &need),
                next_due: dues[0],
            };
            let deed = Deed::AddProspect { prospect, by_hand };
            script.at(start, &desk.lobby, created, deed);
            desk.lobby.clone()
        } else {
            let n = visits_on.entry(created).or_default();
            let (counter, teller) = match tellers.is_empty() {
                true => (1, desk.lobby.clone()),
                false => tellers[*n % tellers.len()].clone(),
            };
            *n += 1;
            let visit = script.visit();
            let at = |min: f64| start + Duration::seconds((min * 60.0) as i64);
            let arrive = Deed::Arrive {
                visit,
                service: walkin.0.clone(),
                priority: walkin.1.clone(),
                client: None,
            };
            script.at(at(-rng.between(8.0, 12.0)), &desk.lobby, created, arrive);
            let call = Step::Call {
                counter,
                teller: Some(teller.clone()),
            };
            for (min, step) in [(-3.0, call), (-2.0, Step::Start)] {
                script.at(at(min), &teller, created, Deed::Step { visit, step });
            }
            let card = script.card();
            let need = desk.need(rng, line);
            card_need = Some(need.clone());
            let note = card_note(rng, &need);
            let client = made_up_client(rng);
            planned.push((prospect, line, client.clone()));
            let flag = Deed::Flag {
                card,
                visit,
                line: code.clone(),
                note,
                need,
                consent: e.consent,
                taken_down: Some(client),
            };
            script.at(start, &teller, created, flag);
            let finish = Deed::Step {
                visit,
                step: Step::Finish,
            };
            script.at(at(rng.between(4.0, 10.0)), &teller, created, finish);
            let at = later(rng, start, 4.0, 12.0, None);
            script.at(at, &manager, created, Deed::Accept { card });
            let outcome = match e.came {
                Came::Intent => Outcome::Intent,
                Came::ClientLeft => Outcome::ClientLeft,
                _ => Outcome::NotNow,
            };
            let at = later(rng, at, 10.0, 30.0, None);
            let deed = Deed::Outcome {
                card,
                outcome,
                prospect,
            };
            script.at(at, &manager, created, deed);
            if desk.first_due(created) != dues[0] {
                let due = dues[0];
                let deed = Deed::Reschedule { prospect, due };
                script.at(at + Duration::minutes(1), &manager, created, deed);
            }
            manager
        };
        for (k, day) in dues[..e.contacts].iter().enumerate() {
            let day = open_day(*day);
            let contact = desk.contact(rng, dues[k + 1]);
            let at = at_work(rng, day, offset);
            script.at(at, &owner, day, Deed::Contact { prospect, contact });
        }
        let day = open_day(target);
        let at = at_work(rng, day, offset);
        let deed = match e.ended {
            Some(Stage::Won) => {
                let need = card_need.unwrap_or_else(|| desk.need(rng, line));
                let product = desk.product(rng, line, &need);
                let amount_cents = amount_cents(rng, &product);
                Deed::Win {
                    prospect,
                    product,
                    amount_cents,
                }
            }
            Some(Stage::Lost) => Deed::Lose {
                prospect,
                reason: desk.objection(rng),
                note: desk.lost_note(rng),
            },
            Some(Stage::HandedBack) => Deed::HandBack { prospect },
            _ => continue,
        };
        script.at(at, &owner, day, deed);
    }
    planned
}

/// The day itself, or the Saturday before a Sunday (the branch is closed).
fn open_day(day: NaiveDate) -> NaiveDate {
    if day.weekday() == Weekday::Sun {
        day - Duration::days(1)
    } else {
        day
    }
}
