//! Importing a client list from the core system: all or nothing (one refused
//! row refuses the file), clients added or updated by mobile, consent only
//! where a column says so, and one `client.import` event with the counts.

use serde_json::json;

use super::{Op, OpError};
use crate::config::Catalog;
use crate::domain::authority::{Act, Target};
use crate::domain::event::EventKind;
use crate::domain::import::{self, FileRefusal, Parsed, Refused};
use crate::store::Db;

/// What an import did (or, dry or refused, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    /// Rows of clients already stored exactly so.
    pub unchanged: usize,
    /// The rows refused, each with why: any refuses the whole file.
    pub refused: Vec<Refused>,
    /// Whether anything was written (a real run of a file with no refusal).
    pub written: bool,
}

/// Read a decoded client list under the branch's settings: a tier cell is a
/// tier's code or its Chinese or English name; the settings'
/// `[import.columns]` add column names; a file with an assets column and no
/// tier column has each row's tier from the settings' least assets (a tier
/// column wins).
pub fn parse(catalog: &Catalog, text: &str) -> Result<Parsed, FileRefusal> {
    let tier = |v: &str| {
        catalog
            .tiers
            .iter()
            .find(|t| {
                t.code.eq_ignore_ascii_case(v)
                    || t.label.zh == v
                    || t.label.en.eq_ignore_ascii_case(v)
            })
            .map(|t| t.code.clone())
    };
    let mut parsed = import::parse(text, tier, &catalog.import.extra())?;
    if tiers_from_assets(catalog, &parsed) {
        for row in &mut parsed.rows {
            if let Some(a) = row.assets {
                row.tier = catalog.tier_for_assets(a);
            }
        }
    }
    Ok(parsed)
}

/// Whether the rows' tiers come from their assets: the file has an assets
/// column and no tier column, and the settings' tiers give least assets.
pub fn tiers_from_assets(catalog: &Catalog, parsed: &Parsed) -> bool {
    parsed.has_assets && !parsed.has_tier && catalog.tiers_have_assets()
}

/// Import the rows read from a client list (branch head only). With a
/// refused row, or `dry_run`, nothing is written and the summary says what
/// would have happened; otherwise each row adds a client or updates the one
/// with its mobile, consent is recorded (with its `client.consent`) only
/// where the file's consent column answers and the answer is new, and one
/// `client.import` event holds the counts (no per-client event otherwise).
pub fn import_clients(
    db: &Db,
    op: &Op,
    parsed: &Parsed,
    dry_run: bool,
) -> Result<ImportSummary, OpError> {
    op.require(Act::ImportClients, Target::Branch)?;
    let mut s = ImportSummary {
        refused: parsed.refused.clone(),
        ..ImportSummary::default()
    };
    let write = !dry_run && s.refused.is_empty();
    let mut consents = 0;
    for row in &parsed.rows {
        let stored = db.client_record_by_mobile(&row.mobile)?;
        let consent_new = row.consent.filter(|c| {
            stored
                .as_ref()
                .is_none_or(|r| !r.consent_known || r.consent != *c)
        });
        let id = match &stored {
            None => {
                s.added += 1;
                match write {
                    true => Some(db.add_imported_client(row, op.now)?),
                    false => None,
                }
            }
            Some(r) if r.changed_by(row) || consent_new.is_some() => {
                s.updated += 1;
                if write {
                    db.update_imported_client(r.id, row)?;
                }
                Some(r.id)
            }
            Some(_) => {
                s.unchanged += 1;
                None
            }
        };
        if let (true, Some(id), Some(c)) = (write, id, consent_new) {
            db.record_consent(id, c, &op.who.code, op.now, None)?;
            consents += 1;
        }
    }
    if write {
        op.event(
            db,
            EventKind::ClientImport,
            None,
            json!({
                "added": s.added,
                "updated": s.updated,
                "unchanged": s.unchanged,
                "consents": consents,
            }),
        )?;
        s.written = true;
    }
    Ok(s)
}
