//! Disclosure: showing a client's full name or mobile is an act like any
//! other, decided by the authority table and written to the trail (who saw
//! which client, through which record, for what).

use serde_json::json;

use super::{Op, OpError};
use crate::domain::authority::{Act, Target};
use crate::domain::event::{EventKind, Record};
use crate::domain::privacy::{mask_mobile, mask_name};
use crate::store::Db;

/// Why a client is shown in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `v`: the selected record's client for a moment.
    Reveal,
    /// A form opened with the client's details filled in.
    Prefill,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Reveal => "reveal",
            Purpose::Prefill => "prefill",
        }
    }
}

/// The record a client was reached through, and the staff it belongs to
/// (who may see the client in full besides the branch head).
#[derive(Clone, Debug)]
pub struct Via {
    pub record: Record,
    pub id: i64,
    pub owners: Vec<String>,
}

/// Show `client` in full: allowed to the record's owners and the head, and
/// written as `client.reveal`.
pub fn reveal(db: &Db, op: &Op, client: i64, via: &Via, purpose: Purpose) -> Result<(), OpError> {
    op.require(
        Act::RevealClient,
        Target::Client {
            owners: &via.owners,
        },
    )?;
    op.event(
        db,
        EventKind::ClientReveal,
        Some(client),
        json!({"record": via.record.as_str(), "id": via.id, "for": purpose.as_str()}),
    )?;
    Ok(())
}

/// A client's name and mobile for a form, as far as the person may see them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prefill {
    pub name: String,
    pub mobile: String,
    /// Shown masked: a field left as shown keeps what is stored.
    pub masked: bool,
}

impl Prefill {
    /// What a form's field means on saving: `None` where the person left a
    /// masked value as it was shown (keep the stored one).
    pub fn kept(&self, shown: &str, typed: &str) -> Option<String> {
        (!(self.masked && shown == typed)).then(|| typed.to_string())
    }
}

/// Fill a form with `client`'s details: in full where the person may see
/// them (the disclosure written as `client.reveal … for prefill`), masked
/// otherwise. Needs a write transaction.
pub fn prefill(db: &Db, op: &Op, client: i64, via: &Via) -> Result<Prefill, OpError> {
    let Some(c) = db.client(client)? else {
        return Ok(Prefill::default());
    };
    let (name, mobile) = (c.name.unwrap_or_default(), c.mobile.unwrap_or_default());
    if name.is_empty() && mobile.is_empty() {
        return Ok(Prefill::default());
    }
    match reveal(db, op, client, via, Purpose::Prefill) {
        Ok(()) => Ok(Prefill {
            name,
            mobile,
            masked: false,
        }),
        Err(OpError::Denied(_)) => Ok(Prefill {
            name: mask_name(&name),
            mobile: if mobile.is_empty() {
                mobile
            } else {
                mask_mobile(&mobile)
            },
            masked: true,
        }),
        Err(e) => Err(e),
    }
}
