//! The demo morning's complaints (投诉) and ratings (满意度): most visits
//! finished this morning rated at their counter, a low rating followed by
//! a complaint its owner already resolved (valid: points deducted), and a
//! complaint about the wait still open for the lobby manager.

use chrono::{Duration, NaiveDate};

use super::cast::{done, Cast};
use crate::clock::Clock;
use crate::config::Catalog;
use crate::domain::complaint::Kind;
use crate::domain::ticket::Status;
use crate::ops::complaints::{self, Recording};
use crate::store::complaints::Resolution;
use crate::store::{Store, StoreError};

/// The score of the `i`th visit rated: mostly satisfied, the fourth
/// dissatisfied.
const SCORES: [u8; 7] = [5, 4, 5, 2, 5, 3, 4];

/// Rate this morning's finished visits and record the complaints, each by
/// the person who would have, at the demo's moment, in one transaction.
pub fn morning(store: &mut Store, clock: &Clock, catalog: &Catalog) -> Result<(), StoreError> {
    let now = clock.now();
    let today: NaiveDate = clock.today();
    let cast = Cast::new(catalog);
    let lobby = super::lobby_manager();
    store.write(|db| {
        let finished: Vec<_> = db
            .tickets_of(today)?
            .into_iter()
            .filter(|t| t.status == Status::Done && t.teller.is_some())
            .collect();
        let mut low = None;
        for (i, t) in finished.iter().enumerate() {
            let score = SCORES[i % SCORES.len()];
            let teller = t.teller.as_deref().unwrap_or("");
            // At the demo's moment, so that the trail reads in time order.
            let op = cast.op(teller, now, today);
            if done(complaints::rate(db, &op, t.id, score))?.is_some() && score <= 2 {
                low = low.or(Some(t.clone()));
            }
        }
        if let Some(t) = low {
            let teller = t.teller.clone().unwrap_or_default();
            let recording = Recording {
                kind: Kind::Error,
                said: "办理时把金额输错，重新办了一遍".into(),
                ticket: Some(t.id),
                client: None,
                responsible: Some(teller.clone()),
                owner: lobby.clone(),
                due: today,
            };
            let op = cast.op(&lobby, now, today);
            if let Some(c) = done(complaints::record(db, &op, &recording))? {
                let resolution = Resolution {
                    resolution: "当面致歉，核对后已更正".into(),
                    feedback: "phone".into(),
                    feedback_note: "客户表示满意".into(),
                    valid: true,
                };
                let op = cast.op(&lobby, now, today);
                done(complaints::resolve(db, &op, c.id, &resolution))?;
            }
        }
        let wait = Recording {
            kind: Kind::Wait,
            said: "中午只开了一个窗口，排了很久".into(),
            ticket: None,
            client: None,
            responsible: None,
            owner: lobby.clone(),
            due: today + Duration::days(catalog.complaints.promise_days),
        };
        done(complaints::record(db, &cast.op(&lobby, now, today), &wait))?;
        Ok(())
    })
}
