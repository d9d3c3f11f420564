//! What proves a person at the keyboard: their PIN's hash, the wrong tries,
//! the lock, the operating-system account bound to their code.

use super::{Db, Result};
use crate::args;

/// A roster entry's sign-in state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    /// The argon2id hash (PHC string) of the PIN; `None` until one is chosen.
    pub pin_hash: Option<String>,
    /// Wrong PINs since the last good one.
    pub failed_tries: u32,
    pub locked: bool,
    /// The operating-system user who signs in as this code without a PIN.
    pub os_user: Option<String>,
}

impl Db<'_> {
    /// On a server: the roster code the session's login is mapped to (none
    /// for a head-office login or one the branch does not know).
    pub fn login_code(&self) -> Result<Option<String>> {
        if !self.on_server() {
            return Ok(None);
        }
        self.one("SELECT lobbydesk_code()", args![], |r| r.get(0))
    }

    /// Whether every record of the branch is visible to this session, as a
    /// day's figures need: always on a file; on a server, to the branch
    /// head's login and the administrator (others see only what they may).
    pub fn sees_every_record(&self) -> Result<bool> {
        if !self.on_server() {
            return Ok(true);
        }
        self.one(
            "SELECT CASE WHEN lobbydesk_code() IS NULL OR lobbydesk_is_head() THEN 1 ELSE 0 END",
            args![],
            |r| r.get::<bool>(0),
        )
    }

    /// On a server: the branches this login may read, (code, name) by code.
    pub fn branches(&self) -> Result<Vec<(String, String)>> {
        self.all(
            "SELECT code, name FROM branches ORDER BY code",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    pub fn credentials(&self, code: &str) -> Result<Option<Credentials>> {
        self.opt(
            "SELECT pin_hash, failed_tries, locked, os_user FROM staff WHERE code = ?1",
            args![code],
            |r| {
                Ok(Credentials {
                    pin_hash: r.get(0)?,
                    failed_tries: r.get::<i64>(1)? as u32,
                    locked: r.get::<i64>(2)? != 0,
                    os_user: r.get(3)?,
                })
            },
        )
    }

    /// A new PIN hash: the wrong tries and the lock are cleared.
    pub fn set_pin_hash(&self, code: &str, hash: &str) -> Result<()> {
        self.run(
            "UPDATE staff SET pin_hash = ?2, failed_tries = 0, locked = 0 WHERE code = ?1",
            args![code, hash],
        )?;
        Ok(())
    }

    /// One more wrong PIN; locked once `lock_at` are reached. Returns the
    /// wrong tries now counted and whether the code is locked.
    pub fn count_failed_try(&self, code: &str, lock_at: u32) -> Result<(u32, bool)> {
        self.one(
            "UPDATE staff SET failed_tries = failed_tries + 1,
             locked = CASE WHEN locked = 1 OR failed_tries + 1 >= ?2 THEN 1 ELSE 0 END
             WHERE code = ?1
             RETURNING failed_tries, locked",
            args![code, i64::from(lock_at)],
            |r| Ok((r.get::<i64>(0)? as u32, r.get::<i64>(1)? != 0)),
        )
    }

    /// A good sign-in: the wrong tries start again from nought.
    pub fn clear_failed_tries(&self, code: &str) -> Result<()> {
        self.run(
            "UPDATE staff SET failed_tries = 0 WHERE code = ?1",
            args![code],
        )?;
        Ok(())
    }

    pub fn set_os_user(&self, code: &str, os_user: Option<&str>) -> Result<()> {
        self.run(
            "UPDATE staff SET os_user = ?2 WHERE code = ?1",
            args![code, os_user],
        )?;
        Ok(())
    }
}
