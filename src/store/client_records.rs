//! A client's record as the core system knows it (tier, tags, products held,
//! opening, last large deposit, card activation): read by mobile, and added
//! or updated from an imported row.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::Row;
use super::{ts, Db, Result};
use crate::args;
use crate::domain::import::ClientRow;

/// A client's full record, as an import compares and the tests read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRecord {
    pub id: i64,
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub tier: String,
    pub tags: String,
    pub consent: bool,
    /// Whether the client has ever answered (a consent recorded).
    pub consent_known: bool,
    pub products_held: Option<u32>,
    pub opened: Option<NaiveDate>,
    pub last_large_deposit: Option<NaiveDate>,
    pub card_activated: Option<NaiveDate>,
    /// Yuan.
    pub large_deposit_amount: Option<i64>,
}

/// The SQL of [`Db::client_record_by_mobile`], on the `mobile` unique index.
pub const RECORD_BY_MOBILE: &str = "SELECT id, name, mobile, tier, tags, consent, consent_at,
 products_held, opened, last_large_deposit, card_activated, large_deposit_amount FROM clients WHERE mobile = ?1";

/// The SQL of [`Db::client_record`], by id.
pub const RECORD_BY_ID: &str = "SELECT id, name, mobile, tier, tags, consent, consent_at,
 products_held, opened, last_large_deposit, card_activated, large_deposit_amount FROM clients WHERE id = ?1";

/// A client's record fields a manager edits (not name, mobile or consent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFields {
    pub tier: String,
    pub tags: String,
    pub products_held: Option<u32>,
    pub opened: Option<NaiveDate>,
    pub last_large_deposit: Option<NaiveDate>,
    pub card_activated: Option<NaiveDate>,
    /// Yuan.
    pub large_deposit_amount: Option<i64>,
}

fn day(v: Option<String>) -> Option<NaiveDate> {
    v.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn record(r: &Row) -> Result<ClientRecord> {
    Ok(ClientRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        mobile: r.get(2)?,
        tier: r.get(3)?,
        tags: r.get(4)?,
        consent: r.get::<i64>(5)? != 0,
        consent_known: r.get::<Option<i64>>(6)?.is_some(),
        products_held: r.get::<Option<i64>>(7)?.map(|n| n as u32),
        opened: day(r.get(8)?),
        last_large_deposit: day(r.get(9)?),
        card_activated: day(r.get(10)?),
        large_deposit_amount: r.get(11)?,
    })
}

impl Db<'_> {
    /// The record of the client with this mobile, if any.
    pub fn client_record_by_mobile(&self, mobile: &str) -> Result<Option<ClientRecord>> {
        self.opt(RECORD_BY_MOBILE, args![mobile], record)
    }

    /// The record of the client with this id, if any.
    pub fn client_record(&self, id: i64) -> Result<Option<ClientRecord>> {
        self.opt(RECORD_BY_ID, args![id], record)
    }

    /// Replace a client's edited fields.
    pub fn set_client_record(&self, id: i64, f: &RecordFields) -> Result<()> {
        self.run(
            "UPDATE clients SET tier = ?2, tags = ?3, products_held = ?4, opened = ?5,
             last_large_deposit = ?6, card_activated = ?7, large_deposit_amount = ?8
             WHERE id = ?1",
            args![
                id,
                f.tier,
                f.tags,
                f.products_held.map(i64::from),
                text(f.opened),
                text(f.last_large_deposit),
                text(f.card_activated),
                f.large_deposit_amount
            ],
        )?;
        Ok(())
    }

    /// A new client from an imported row (consent is not set here). Its id.
    pub fn add_imported_client(&self, row: &ClientRow, now: DateTime<Utc>) -> Result<i64> {
        self.insert(
            "INSERT INTO clients (name, mobile, tier, tags, products_held, opened,
             last_large_deposit, card_activated, created_at, large_deposit_amount)
             VALUES (?1, ?2, coalesce(?3, 'normal'), coalesce(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10)",
            args![
                row.name,
                row.mobile,
                row.tier,
                row.tags,
                row.products_held.map(i64::from),
                text(row.opened),
                text(row.last_large_deposit),
                text(row.card_activated),
                ts(now),
                row.large_deposit_amount
            ],
        )
    }

    /// A stored client updated from an imported row: each field the row
    /// gives replaces the stored one, an empty cell leaves it (consent is
    /// not set here).
    pub fn update_imported_client(&self, id: i64, row: &ClientRow) -> Result<()> {
        self.run(
            "UPDATE clients SET name = coalesce(?2, name), tier = coalesce(?3, tier),
             tags = coalesce(?4, tags), products_held = coalesce(?5, products_held),
             opened = coalesce(?6, opened),
             last_large_deposit = coalesce(?7, last_large_deposit),
             card_activated = coalesce(?8, card_activated),
             large_deposit_amount = coalesce(?9, large_deposit_amount) WHERE id = ?1",
            args![
                id,
                row.name,
                row.tier,
                row.tags,
                row.products_held.map(i64::from),
                text(row.opened),
                text(row.last_large_deposit),
                text(row.card_activated),
                row.large_deposit_amount
            ],
        )?;
        Ok(())
    }
}

impl ClientRecord {
    /// The fields a manager edits, as stored.
    pub fn fields(&self) -> RecordFields {
        RecordFields {
            tier: self.tier.clone(),
            tags: self.tags.clone(),
            products_held: self.products_held,
            opened: self.opened,
            last_large_deposit: self.last_large_deposit,
            card_activated: self.card_activated,
            large_deposit_amount: self.large_deposit_amount,
        }
    }

    /// Whether the row would change anything stored but consent.
    pub fn changed_by(&self, row: &ClientRow) -> bool {
        fn differs<T: PartialEq>(given: &Option<T>, stored: &T) -> bool {
            given.as_ref().is_some_and(|g| g != stored)
        }
        differs(&row.name, &self.name.clone().unwrap_or_default())
            || differs(&row.tier, &self.tier)
            || differs(&row.tags, &self.tags)
            || row.products_held.is_some() && row.products_held != self.products_held
            || row.opened.is_some() && row.opened != self.opened
            || row.last_large_deposit.is_some() && row.last_large_deposit != self.last_large_deposit
            || row.card_activated.is_some() && row.card_activated != self.card_activated
            || row.large_deposit_amount.is_some()
                && row.large_deposit_amount != self.large_deposit_amount
    }
}
