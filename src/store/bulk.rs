//! Writing much at once (the demo's years of history). Three settings of the
//! connection, for as long as the writing lasts:
//!
//! - a bigger page cache, so a big transaction's pages stay in memory;
//! - temporary storage in memory, so statement journals are not written to a
//!   temporary file page by page;
//! - the query planner's stability guarantee, so a cached statement is not
//!   prepared again whenever a new value bound to it might change its plan;
//! - room for every statement the operations use in the statement cache, so
//!   none is prepared again after another pushed it out (kept afterwards: a
//!   few more prepared statements cost little).

use rusqlite::config::DbConfig;

use super::{Result, Store};

/// Statements kept prepared while writing in bulk.
const BULK_STATEMENTS: usize = 128;

/// A connection's settings before [`Store::begin_bulk`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BulkSettings {
    cache_size: i64,
    temp_store: i64,
    stable_plans: bool,
}

impl Store {
    /// Set the connection up for big transactions, with a page cache of
    /// `cache_kib` KiB. Returns what it replaced, for [`Store::end_bulk`].
    pub fn begin_bulk(&self, cache_kib: i64) -> Result<BulkSettings> {
        let get = |pragma: &str| -> Result<i64> {
            Ok(self
                .conn()?
                .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?)
        };
        let before = BulkSettings {
            cache_size: get("cache_size")?,
            temp_store: get("temp_store")?,
            stable_plans: self
                .conn()?
                .db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)?,
        };
        self.conn()?
            .pragma_update(None, "cache_size", -cache_kib.max(1))?;
        self.conn()?.pragma_update(None, "temp_store", 2)?;
        self.conn()?
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        self.conn()?
            .set_prepared_statement_cache_capacity(BULK_STATEMENTS);
        Ok(before)
    }

    /// Put back the settings [`Store::begin_bulk`] replaced.
    pub fn end_bulk(&self, before: BulkSettings) -> Result<()> {
        self.conn()?
            .pragma_update(None, "cache_size", before.cache_size)?;
        self.conn()?
            .pragma_update(None, "temp_store", before.temp_store)?;
        self.conn()?
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, before.stable_plans)?;
        Ok(())
    }
}
