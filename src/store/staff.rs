//! The roster.

use super::sql::Row;
use super::{Db, Result};
use crate::args;

#[derive(Clone, Debug, PartialEq)]
pub struct Staff {
    pub code: String,
    pub name: String,
    pub roles: Vec<String>,
    pub counter: Option<u32>,
    pub active: bool,
}

impl Staff {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

fn from_row(r: &Row) -> Result<Staff> {
    let roles: String = r.get(2)?;
    Ok(Staff {
        code: r.get(0)?,
        name: r.get(1)?,
        roles: roles
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        counter: r.get::<Option<i64>>(3)?.map(|c| c as u32),
        active: r.get::<i64>(4)? != 0,
    })
}

const COLUMNS: &str = "code, name, roles, counter, active";

impl Db<'_> {
    pub fn staff(&self, code: &str) -> Result<Option<Staff>> {
        self.opt(
            &format!("SELECT {COLUMNS} FROM staff WHERE code = ?1"),
            args![code],
            from_row,
        )
    }

    /// Everyone on the roster, active first, by code.
    pub fn roster(&self) -> Result<Vec<Staff>> {
        self.all(
            &format!("SELECT {COLUMNS} FROM staff ORDER BY active DESC, code"),
            args![],
            from_row,
        )
    }

    /// Insert or replace a roster entry.
    pub fn put_staff(&self, s: &Staff) -> Result<()> {
        self.run(
            &format!(
                "INSERT INTO staff ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(code) DO UPDATE SET name = excluded.name, roles = excluded.roles,
                 counter = excluded.counter, active = excluded.active"
            ),
            args![
                s.code,
                s.name,
                s.roles.join(","),
                s.counter.map(i64::from),
                s.active as i64
            ],
        )?;
        Ok(())
    }
}
