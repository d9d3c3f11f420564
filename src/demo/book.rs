//! The demo's client book: the branch's clients as the core system lists
//! them (`demo --clients N`), imported before the history through the import
//! operation, so that searches run on a branch of N clients, most of whom
//! have not come in yet.

use chrono::{DateTime, Utc};

use super::rng::{made_up_client, mix_seed, Rng};
use crate::config::Catalog;
use crate::domain::import::{ClientRow, Parsed};
use crate::ops::Op;
use crate::store::{Store, StoreError};

/// Clients imported per transaction.
const BATCH: u64 = 20_000;

/// Import the pool's first `n` clients (the same names and mobiles the
/// history's visits give) as the branch head, in batches. How many rows
/// were imported.
pub fn client_book(
    store: &mut Store,
    catalog: &Catalog,
    now: DateTime<Utc>,
    seed: u64,
    n: u64,
) -> Result<u64, StoreError> {
    let head = super::roster()
        .into_iter()
        .find(|s| s.has_role("head"))
        .expect("the demo roster has a head");
    let who = crate::ops::person(&head, catalog);
    let op = Op {
        who: &who,
        now,
        day: now.date_naive(),
        catalog,
    };
    let settings = store.begin_bulk(64 * 1024)?;
    let mut k = 0;
    let mut written = Ok(());
    while k < n && written.is_ok() {
        let rows: Vec<ClientRow> = (k..(k + BATCH).min(n))
            .map(|i| {
                let (name, mobile) = made_up_client(&mut Rng::new(mix_seed(seed, i)));
                ClientRow {
                    row: i as usize + 2,
                    mobile,
                    name: Some(name),
                    tier: None,
                    tags: None,
                    products_held: None,
                    opened: None,
                    last_large_deposit: None,
                    card_activated: None,
                    consent: None,
                    large_deposit_amount: None,
                    assets: None,
                }
            })
            .collect();
        let parsed = Parsed {
            rows,
            refused: Vec::new(),
            has_consent: false,
            has_tier: false,
            has_assets: false,
        };
        written =
            store.write(
                |db| match crate::ops::import::import_clients(db, &op, &parsed, false) {
                    Ok(_) => Ok(()),
                    Err(crate::ops::OpError::Store(e)) => Err(e),
                    Err(e) => panic!("the demo's import was refused: {e:?}"),
                },
            );
        k += BATCH;
    }
    store.end_bulk(settings)?;
    written.map(|()| n)
}
