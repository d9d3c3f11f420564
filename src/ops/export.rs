//! Contact lists written out of the application: the call list and the
//! campaign list. Only consenting clients of open prospects; each export is
//! allowed by the authority table and written as `export.list`.

use serde_json::json;

use super::{Op, OpError};
use crate::domain::authority::{Act, Target};
use crate::domain::event::EventKind;
use crate::domain::followup::{self, Bucket};
use crate::store::prospects::{Filter, Prospect};
use crate::store::Db;

/// Which open prospects the call list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Due today (not those already overdue).
    Today,
    Overdue,
    /// Every open prospect.
    All,
}

impl Due {
    pub fn parse(s: &str) -> Option<Due> {
        match s {
            "today" => Some(Due::Today),
            "overdue" => Some(Due::Overdue),
            "all" => Some(Due::All),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Due::Today => "today",
            Due::Overdue => "overdue",
            Due::All => "all",
        }
    }

    fn keeps(self, b: Bucket) -> bool {
        match self {
            Due::Today => b == Bucket::DueToday,
            Due::Overdue => b == Bucket::Overdue,
            Due::All => b != Bucket::Ended,
        }
    }
}

/// Whose prospects an export holds: the owner asked for; without one,
/// everyone's for the head and the person's own for anyone else.
fn scope<'a>(op: &'a Op, owner: Option<&'a str>) -> Option<&'a str> {
    owner.or_else(|| (!op.who.is_head()).then_some(op.who.code.as_str()))
}

/// The consenting open prospects of `owner` (everyone's for `None`), once
/// the authority table allows the export.
fn consenting_open(db: &Db, op: &Op, owner: Option<&str>) -> Result<Vec<Prospect>, OpError> {
    op.require(Act::ExportList, Target::Owner(owner))?;
    Ok(db.prospects(&Filter {
        owner: owner.map(String::from),
        consenting_only: true,
        ..Filter::default()
    })?)
}

fn record(
    db: &Db,
    op: &Op,
    list: &str,
    due: Option<Due>,
    owner: Option<&str>,
    rows: usize,
) -> Result<(), OpError> {
    op.event(
        db,
        EventKind::ListExport,
        None,
        json!({"list": list, "due": due.map(Due::as_str), "owner": owner, "rows": rows}),
    )?;
    Ok(())
}

/// The call list: consenting open prospects by due date on the business day.
pub fn call_list(
    db: &Db,
    op: &Op,
    due: Due,
    owner: Option<&str>,
) -> Result<Vec<Prospect>, OpError> {
    let owner = scope(op, owner);
    let rows: Vec<Prospect> = consenting_open(db, op, owner)?
        .into_iter()
        .filter(|p| due.keeps(followup::bucket(p.stage, p.next_due, op.day)))
        .collect();
    record(db, op, "call_list", Some(due), owner, rows.len())?;
    Ok(rows)
}

/// The campaign list (holiday greetings, promotions): every consenting open
/// prospect of `owner`.
pub fn campaign(db: &Db, op: &Op, owner: Option<&str>) -> Result<Vec<Prospect>, OpError> {
    let owner = scope(op, owner);
    let rows = consenting_open(db, op, owner)?;
    record(db, op, "campaign", None, owner, rows.len())?;
    Ok(rows)
}
