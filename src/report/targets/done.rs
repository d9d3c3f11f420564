//! What was done against targets over a range of days: the closed days'
//! kept rows added up and the days still open read from their records (as a
//! range report does), and the rows kept at a day's close.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Zone;
use crate::domain::target::{Measure, Scope, Target, Whom};
use crate::report::compute::days::open_runs;
use crate::store::report::Bounds;
use crate::store::targets::TargetRow;
use crate::store::{Db, Result};

/// The rows of `from..=to`, one per person or line, need and product: the
/// same as [`Db::target_rows`] over the whole range.
pub fn rows(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    zone: &dyn Zone,
    now: DateTime<Utc>,
) -> Result<Vec<TargetRow>> {
    type Key = (String, String, Option<String>, Option<String>);
    let mut sum: BTreeMap<Key, TargetRow> = BTreeMap::new();
    let mut add = |r: TargetRow| {
        let k = (
            r.kind.clone(),
            r.code.clone(),
            r.need.clone(),
            r.product.clone(),
        );
        let e = sum.entry(k).or_insert_with(|| TargetRow {
            referrals: 0,
            contracts: 0,
            amount_cents: 0,
            contacts: 0,
            ..r.clone()
        });
        e.referrals += r.referrals;
        e.contracts += r.contracts;
        e.amount_cents += r.amount_cents;
        e.contacts += r.contacts;
    };
    let mut closed = BTreeSet::new();
    for (day, json) in db.day_targets_between(from, to)? {
        // A day whose rows do not read back is read from its records.
        let (Ok(day), Some(rows)) = (NaiveDate::parse_from_str(&day, "%Y-%m-%d"), read(&json))
        else {
            continue;
        };
        closed.insert(day);
        rows.into_iter().for_each(&mut add);
    }
    for (start, last) in open_runs(from, to, &closed) {
        let b = Bounds::new(start, last, |d| zone.offset_on(d), now);
        // Days the branch did not open add nothing: not read.
        if db.any_report_records(&b)? {
            db.target_rows(&b)?.into_iter().for_each(&mut add);
        }
    }
    Ok(sum.into_values().collect())
}

/// A kept row: kind, code, need, product, referrals, contracts, cents,
/// contacts (a JSON array, the text borrowed when it has no escapes).
type Kept<S> = (S, S, Option<S>, Option<S>, i64, i64, i64, i64);

/// The rows of `day` from its records, as kept (JSON).
pub fn kept(db: &Db, day: NaiveDate, zone: impl Zone, now: DateTime<Utc>) -> Result<String> {
    let b = Bounds::new(day, day, |d| zone.offset_on(d), now);
    let rows: Vec<Kept<String>> = db
        .target_rows(&b)?
        .into_iter()
        .map(|r| {
            let n = (r.referrals, r.contracts, r.amount_cents, r.contacts);
            (r.kind, r.code, r.need, r.product, n.0, n.1, n.2, n.3)
        })
        .collect();
    Ok(serde_json::to_string(&rows).expect("rows are always serializable"))
}

/// The rows kept as `json`; `None` when they do not read back.
fn read(json: &str) -> Option<Vec<TargetRow>> {
    fn owned<S: AsRef<str>>(rows: Vec<Kept<S>>) -> Vec<TargetRow> {
        let s = |x: S| x.as_ref().to_string();
        rows.into_iter()
            .map(
                |(kind, code, need, product, referrals, contracts, amount_cents, contacts)| {
                    TargetRow {
                        kind: s(kind),
                        code: s(code),
                        need: need.map(s),
                        product: product.map(s),
                        referrals,
                        contracts,
                        amount_cents,
                        contacts,
                    }
                },
            )
            .collect()
    }
    match serde_json::from_str::<Vec<Kept<&str>>>(json) {
        Ok(rows) => Some(owned(rows)),
        Err(_) => serde_json::from_str::<Vec<Kept<String>>>(json)
            .ok()
            .map(owned),
    }
}

/// Whether `t` counts cards by the product they have now, whatever day they
/// were made or their prospect's contact was logged: a card's product is
/// known only once contracted, after the day it was made may have closed,
/// so such a target is counted from the records over its whole range (a
/// closed day's rows keep the product a card had at the close).
pub fn by_product_now(t: &Target) -> bool {
    matches!(t.scope, Scope::Product(_))
        && matches!(t.measure, Measure::Referrals | Measure::Contacts)
}

/// What `whom` did of `measure` within `scope`, from `rows`.
pub fn done(rows: &[TargetRow], whom: &Whom, measure: Measure, scope: &Scope) -> i64 {
    rows.iter()
        .filter(|r| r.kind == whom.kind() && r.code == whom.code())
        .filter(|r| match scope {
            Scope::All => true,
            Scope::Need(c) => r.need.as_ref() == Some(c),
            Scope::Product(c) => r.product.as_ref() == Some(c),
        })
        .map(|r| match measure {
            Measure::Referrals => r.referrals,
            Measure::Contracts => r.contracts,
            Measure::Amount => r.amount_cents,
            Measure::Contacts => r.contacts,
        })
        .sum()
}
