//! The demo's dormant clients (休眠客户) and a campaign (营销活动): a few
//! known clients taken on long ago from the core system's list and not seen
//! since, so the Clients tab's dormant view has a list (none has a dedicated
//! manager: `f` asks for an owner); one holiday greeting, defined, not sent.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::cast::{done, Cast};
use crate::store::campaigns::NewCampaign;
use crate::store::{Db, StoreError};

/// The clients as the core system's list gives them, each with the days
/// before today they were taken on (and not seen since).
const LIST: [(&str, &str, &str, &str, i64); 6] = [
    ("周志明", "19900000101", "private", "是", 400),
    ("孙丽华", "19900000102", "wealth", "是", 250),
    ("郑国强", "19900000103", "wealth", "否", 120),
    ("冯秀英", "19900000104", "gold", "是", 200),
    ("陈建平", "19900000105", "gold", "是", 95),
    ("褚美玲", "19900000106", "normal", "否", 190),
];

/// The roster's branch head, who imports and defines campaigns.
fn head() -> Option<String> {
    super::roster()
        .into_iter()
        .find(|s| s.has_role(crate::domain::authority::HEAD))
        .map(|s| s.code)
}

/// The dormant clients, imported 400 days before `now` (run before the
/// morning's script, so the trail reads in time order).
pub(super) fn clients(
    db: &Db,
    cast: &Cast,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let Some(head) = head() else {
        return Ok(());
    };
    let mut rows: Vec<_> = LIST.to_vec();
    rows.sort_by_key(|r| -r.4);
    for (name, mobile, tier, consent, ago) in rows {
        let op = cast.op(
            &head,
            now - Duration::days(ago),
            today - Duration::days(ago),
        );
        let text = format!("姓名,手机,等级,同意联系\n{name},{mobile},{tier},{consent}\n");
        if let Ok(parsed) = crate::ops::import::parse(cast.catalog, &text) {
            done(crate::ops::import::import_clients(db, &op, &parsed, false))?;
        }
    }
    Ok(())
}

/// A holiday greeting to every consenting client, running for two weeks
/// from today, defined now and not sent.
pub(super) fn campaign(
    db: &Db,
    cast: &Cast,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let Some(head) = head() else {
        return Ok(());
    };
    let greeting = NewCampaign {
        occasion: "holiday".into(),
        name: "元旦问候".into(),
        template: "{name}您好，新年将至，{manager}与城东支行全体员工祝您新年快乐！".into(),
        starts: today,
        ends: today + Duration::days(14),
        tier: None,
        line: None,
        status: None,
        tag: None,
        window_days: 30,
    };
    done(crate::ops::campaigns::add(
        db,
        &cast.op(&head, now, today),
        &greeting,
    ))?;
    Ok(())
}
