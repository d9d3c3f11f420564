//! The demo's cross-sell prompts (交叉销售时机): the clients being called or
//! served this morning get a record from the core system (a new account, a
//! large deposit, a single product), edited by the branch head, and the
//! prompts show on their tickets as their tellers would see them.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::cast::{done, Cast};
use crate::domain::ticket::Status;
use crate::store::client_records::RecordFields;
use crate::store::{Db, StoreError};

/// The clients of the tickets at the counters, in turn: opened 20 days ago,
/// a deposit of 80,000 yuan a week ago, one product held.
pub(super) fn prompts(
    db: &Db,
    cast: &Cast,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let head = super::roster()
        .into_iter()
        .find(|s| s.has_role(crate::domain::authority::HEAD))
        .map(|s| s.code);
    let Some(head) = head else {
        return Ok(());
    };
    let at_counters = db
        .open_tickets(today)?
        .into_iter()
        .filter(|t| matches!(t.status, Status::Called | Status::Serving))
        .filter(|t| t.client_id.is_some() && t.teller.is_some());
    for (i, t) in at_counters.enumerate() {
        let Some(record) = db.client_record(t.client_id.expect("filtered"))? else {
            continue;
        };
        let mut fields = record.fields();
        match i % 3 {
            0 => fields.opened = Some(today - Duration::days(20)),
            1 => {
                fields.last_large_deposit = Some(today - Duration::days(7));
                fields.large_deposit_amount = Some(80_000);
            }
            _ => fields.products_held = Some(1),
        }
        let edit = |f: &RecordFields| {
            let op = cast.op(&head, now, today);
            crate::ops::clients::edit_record(db, &op, record.id, f)
        };
        done(edit(&fields))?;
        let teller = t.teller.clone().unwrap_or_default();
        done(crate::ops::cross_sell::show(
            db,
            &cast.op(&teller, now, today),
            &t,
        ))?;
    }
    Ok(())
}
