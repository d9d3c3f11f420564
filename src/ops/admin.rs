//! The roster and the purge of old clients' details: the branch head's
//! work, from the command line.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde_json::json;

use super::{Op, OpError};
use crate::domain::authority::{Act, Target, DISPLAY, HEAD, KIOSK, LOBBY, TELLER};
use crate::domain::event::EventKind;
use crate::domain::validate::{self, Invalid};
use crate::i18n::{self, Lang, Msg};
use crate::store::staff::Staff;
use crate::store::Db;

/// Someone to put on the roster.
#[derive(Clone, Debug)]
pub struct NewStaff {
    pub code: String,
    pub name: String,
    pub roles: Vec<String>,
    pub counter: Option<u32>,
}

/// Why the roster refused a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RosterRefusal {
    /// A code is 1 to 12 ASCII letters, digits or underscores.
    BadCode(String),
    BadName(Invalid),
    /// Not lobby, teller, head, kiosk, display, nor a line's role.
    BadRole(String),
    Exists(String),
    Unknown(String),
    /// The branch always keeps one active head.
    LastHead,
}

impl RosterRefusal {
    /// Bad input (exit 2 on the command line) rather than a refusal.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, RosterRefusal::LastHead)
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            RosterRefusal::BadCode(c) => Msg::StaffBadCode.fill(lang, &[("c", c)]),
            RosterRefusal::BadName(e) => Msg::ErrField.fill(
                lang,
                &[
                    ("f", &Msg::FieldName.get(lang)),
                    ("e", &i18n::invalid(lang, *e)),
                ],
            ),
            RosterRefusal::BadRole(r) => Msg::StaffBadRole.fill(lang, &[("r", r)]),
            RosterRefusal::Exists(c) => Msg::StaffExists.fill(lang, &[("c", c)]),
            RosterRefusal::Unknown(c) => Msg::ErrUnknownStaff.fill(lang, &[("c", c)]),
            RosterRefusal::LastHead => Msg::StaffLastHead.get(lang).to_string(),
        }
    }
}

impl From<RosterRefusal> for OpError {
    fn from(r: RosterRefusal) -> Self {
        OpError::Roster(r)
    }
}

/// The roster, once the acting person may edit it: the branch head only,
/// except while the roster has no active head (anyone may then add the
/// first one).
fn roster_for_edit(db: &Db, op: &Op) -> Result<Vec<Staff>, OpError> {
    let roster = db.roster()?;
    if roster.iter().any(|s| s.active && s.has_role(HEAD)) {
        op.require(Act::EditRoster, Target::Branch)?;
    }
    Ok(roster)
}

/// Put someone on the roster, written as `staff.add`.
pub fn add_staff(db: &Db, op: &Op, new: &NewStaff) -> Result<Staff, OpError> {
    let roster = roster_for_edit(db, op)?;
    let code = new.code.as_str();
    let code_ok = !code.is_empty()
        && code.len() <= 12
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !code_ok {
        return Err(RosterRefusal::BadCode(code.to_string()).into());
    }
    let name = validate::name(&new.name, true)
        .map_err(RosterRefusal::BadName)?
        .unwrap_or_default();
    let known = |r: &str| {
        [LOBBY, TELLER, HEAD, KIOSK, DISPLAY].contains(&r)
            || op
                .catalog
                .lines
                .iter()
                .any(|l| l.role.as_deref() == Some(r))
    };
    if let Some(bad) = new.roles.iter().find(|r| !known(r)) {
        return Err(RosterRefusal::BadRole(bad.clone()).into());
    }
    if roster.iter().any(|s| s.code == code) {
        return Err(RosterRefusal::Exists(code.to_string()).into());
    }
    let staff = Staff {
        code: code.to_string(),
        name,
        roles: new.roles.clone(),
        counter: new.counter,
        active: true,
    };
    db.put_staff(&staff)?;
    op.event(
        db,
        EventKind::StaffAdd,
        None,
        json!({"code": code, "roles": new.roles, "counter": new.counter}),
    )?;
    Ok(staff)
}

/// Take someone off duty (their history stays), written as
/// `staff.deactivate`. The last active head stays.
pub fn deactivate_staff(db: &Db, op: &Op, code: &str) -> Result<(), OpError> {
    let roster = roster_for_edit(db, op)?;
    let Some(mut s) = roster.iter().find(|s| s.code == code).cloned() else {
        return Err(RosterRefusal::Unknown(code.to_string()).into());
    };
    let other_head = roster
        .iter()
        .any(|h| h.code != code && h.active && h.has_role(HEAD));
    if s.active && s.has_role(HEAD) && !other_head {
        return Err(RosterRefusal::LastHead.into());
    }
    s.active = false;
    db.put_staff(&s)?;
    op.event(db, EventKind::StaffDeactivate, None, json!({"code": code}))?;
    Ok(())
}

/// Put someone back on duty, written as `staff.reactivate`.
pub fn reactivate_staff(db: &Db, op: &Op, code: &str) -> Result<(), OpError> {
    let roster = roster_for_edit(db, op)?;
    let Some(mut s) = roster.into_iter().find(|s| s.code == code) else {
        return Err(RosterRefusal::Unknown(code.to_string()).into());
    };
    s.active = true;
    db.put_staff(&s)?;
    op.event(db, EventKind::StaffReactivate, None, json!({"code": code}))?;
    Ok(())
}

/// The clients a purge before `before` would anonymise (nothing written):
/// what the head is asked to confirm. The same checks as [`purge`].
pub fn purgeable(
    db: &Db,
    op: &Op,
    before: NaiveDate,
    offset: FixedOffset,
) -> Result<Vec<i64>, OpError> {
    op.require(Act::Purge, Target::Branch)?;
    if before > op.day {
        return Err(OpError::PurgeAfterToday {
            before,
            today: op.day,
        });
    }
    // Records are kept for the branch's retention period, counted back from today.
    let years = op.catalog.retention_years;
    let latest = op
        .day
        .checked_sub_months(chrono::Months::new(12 * years))
        .unwrap_or(NaiveDate::MIN);
    if before > latest {
        return Err(OpError::PurgeWithinRetention {
            before,
            latest,
            years,
        });
    }
    let midnight = before.and_time(NaiveTime::MIN).and_utc();
    let cutoff: DateTime<Utc> = midnight - Duration::seconds(offset.local_minus_utc().into());
    Ok(db.purgeable_clients(cutoff)?)
}

/// Anonymise every client whose records all ended before local midnight
/// (at `offset`) of `before`: their name, mobile, notes and the free text
/// about them. Counts, times and amounts stay, so the figures do not change.
/// Only the branch head; a date after today, or within the retention
/// period, is refused. Each client anonymised is written as `client.purge`
/// (the trail never held their details, so it stays whole); returns how many.
/// The caller scrubs the file afterwards ([`crate::store::Store::scrub`]) so
/// that no old copy of the erased values is left in it.
pub fn purge(db: &Db, op: &Op, before: NaiveDate, offset: FixedOffset) -> Result<usize, OpError> {
    let ids = purgeable(db, op, before, offset)?;
    for id in &ids {
        db.anonymise_client(*id)?;
        op.event(
            db,
            EventKind::ClientPurge,
            Some(*id),
            json!({"date": before.to_string()}),
        )?;
    }
    Ok(ids.len())
}

/// Whether the database may take a made-up branch (`staff`) and its days:
/// nobody on its roster but `staff` and the built-in row, and nobody with a
/// PIN (a real branch's head always has one).
pub fn throwaway(db: &Db, staff: &[Staff]) -> Result<bool, OpError> {
    for s in db.roster()? {
        let pin = db.credentials(&s.code)?.and_then(|c| c.pin_hash);
        let ours = s.code == "LOBBY" || staff.iter().any(|d| d.code == s.code);
        if pin.is_some() || !ours {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Put a made-up branch's roster on a throwaway database (the demo's), as
/// the system: only where nobody on the roster is outside `staff` (but the
/// built-in row) and nobody has a PIN, so a real branch's roster is never
/// touched. Each entry added or changed is written as `staff.add` or
/// `staff.update`; returns how many.
pub fn seed_roster(db: &Db, now: DateTime<Utc>, staff: &[Staff]) -> Result<u64, OpError> {
    if !throwaway(db, staff)? {
        return Err(OpError::NotThrowaway);
    }
    let mut written = 0;
    for s in staff {
        let before = db.staff(&s.code)?;
        if before.as_ref() == Some(s) {
            continue;
        }
        db.put_staff(s)?;
        let kind = match before {
            Some(_) => EventKind::StaffUpdate,
            None => EventKind::StaffAdd,
        };
        let details = json!({"code": s.code, "roles": s.roles, "counter": s.counter});
        db.add_event(now, "system", kind, None, details)?;
        written += 1;
    }
    Ok(written)
}
