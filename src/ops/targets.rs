//! Targets (目标任务到人到岗): the branch head sets, replaces and removes
//! what a person or a line is asked to do in a month or a quarter; each
//! change is a `target.set` or `target.remove` event of codes and figures.

use serde_json::json;

use super::{Op, OpError};
use crate::domain::authority::{Act, Target as On};
use crate::domain::event::EventKind;
use crate::domain::target::{self, Known, Measure, Period, Scope, Target, TargetRefusal, Whom};
use crate::i18n::{Lang, Msg};
use crate::store::targets::StoredTarget;
use crate::store::Db;

/// A target saved: its id, and the value it replaced if it was set before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub id: i64,
    pub replaced: Option<i64>,
}

/// Check that a target names the roster's and the settings' codes.
fn check(db: &Db, op: &Op, t: &Target) -> Result<(), OpError> {
    let c = op.catalog;
    let staff: Vec<String> = db.roster()?.into_iter().map(|s| s.code).collect();
    let codes = |list: &[crate::config::Entry]| -> Vec<String> {
        list.iter().map(|e| e.code.clone()).collect()
    };
    let (lines, needs, products) = (codes(&c.lines), codes(&c.needs), codes(&c.products));
    let known = Known {
        staff: &staff,
        lines: &lines,
        needs: &needs,
        products: &products,
    };
    target::check(&t.whom, &t.scope, &known).map_err(OpError::Target)
}

/// Set a target, or replace the value of the same whom, measure, scope and
/// period: the branch head only. A person who has left may still be given
/// one (a past month's, corrected).
pub fn set_target(db: &Db, op: &Op, t: &Target) -> Result<Saved, OpError> {
    op.require(Act::SetTarget, On::Branch)?;
    if !(1..=target::MAX_VALUE).contains(&t.value) {
        return Err(OpError::Target(TargetRefusal::BadValue(
            t.value.to_string(),
        )));
    }
    check(db, op, t)?;
    let (id, replaced) = db.put_target(t, &op.who.code, op.now)?;
    op.event(
        db,
        EventKind::TargetSet,
        Some(id),
        json!({
            "whom": t.whom.kind(), "code": t.whom.code(), "measure": t.measure.as_str(),
            "scope": t.scope.key(), "period": t.period.to_string(), "value": t.value,
            "was": replaced,
        }),
    )?;
    Ok(Saved { id, replaced })
}

/// Remove a target: the branch head only. The target removed.
pub fn remove_target(
    db: &Db,
    op: &Op,
    whom: &Whom,
    measure: Measure,
    scope: &Scope,
    period: Period,
) -> Result<StoredTarget, OpError> {
    op.require(Act::RemoveTarget, On::Branch)?;
    let Some(gone) = db.delete_target(whom, measure, scope, period)? else {
        return Err(OpError::Target(TargetRefusal::NotSet));
    };
    op.event(
        db,
        EventKind::TargetRemove,
        Some(gone.id),
        json!({
            "whom": whom.kind(), "code": whom.code(), "measure": measure.as_str(),
            "scope": scope.key(), "period": period.to_string(), "was": gone.target.value,
        }),
    )?;
    Ok(gone)
}

impl TargetRefusal {
    /// The refusal in one sentence.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TargetRefusal::BadPeriod(p) => Msg::TgBadPeriod.fill(lang, &[("p", p)]),
            TargetRefusal::BadMeasure(m) => Msg::TgBadMeasure.fill(lang, &[("m", m)]),
            TargetRefusal::BadValue(v) => Msg::TgBadValue.fill(lang, &[("v", v)]),
            TargetRefusal::UnknownPerson(c) => Msg::TgUnknownPerson.fill(lang, &[("c", c)]),
            TargetRefusal::UnknownLine(c) => Msg::TgUnknownLine.fill(lang, &[("c", c)]),
            TargetRefusal::UnknownNeed(c) => Msg::TgUnknownNeed.fill(lang, &[("c", c)]),
            TargetRefusal::UnknownProduct(c) => Msg::TgUnknownProduct.fill(lang, &[("c", c)]),
            TargetRefusal::NotSet => Msg::TgNotSet.get(lang).to_string(),
        }
    }

    /// Wrong input (exit 2), rather than a state (nothing to remove).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, TargetRefusal::NotSet)
    }
}
