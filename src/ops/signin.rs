//! Signing in: a person proves who they are, with their PIN or their bound
//! operating-system account, before anything is done in their name; the
//! branch head sets PINs (which also unlocks) and binds accounts. PINs are
//! kept only as salted argon2id hashes.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::admin::{self, NewStaff, RosterRefusal};
use super::{Op, OpError};
use crate::config::Catalog;
use crate::domain::authority::{Act, Target, HEAD};
use crate::domain::event::EventKind;
use crate::i18n::{Lang, Msg};
use crate::store::staff::Staff;
use crate::store::Db;

/// Wrong PINs in a row that lock a person out until the head resets them.
pub const MAX_TRIES: u32 = 5;

/// The lobby row every database starts with: the actor of records written
/// before sign-in existed. Nobody signs in as it.
pub const BUILT_IN: &str = "LOBBY";

/// Why a sign-in, or a change to how someone signs in, did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInRefusal {
    /// Not on the roster, or off duty.
    Unknown(String),
    BuiltIn,
    /// Locked after [`MAX_TRIES`] wrong PINs.
    Locked(String),
    /// A PIN is 4 to 12 digits.
    BadPin,
    /// The two entries of a new PIN differ.
    PinsDiffer,
    /// The first-run question, on a database whose roster has people.
    NotNew,
    /// An operating-system account name is not empty and has no spaces.
    BadOsUser(String),
    /// The account is bound to another code: (account, code).
    OsUserTaken(String, String),
}

impl SignInRefusal {
    /// Bad input (exit 2 on the command line) rather than a refusal.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            SignInRefusal::Unknown(_)
                | SignInRefusal::BadPin
                | SignInRefusal::PinsDiffer
                | SignInRefusal::BadOsUser(_)
        )
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            SignInRefusal::Unknown(c) => Msg::ErrUnknownStaff.fill(lang, &[("c", c)]),
            SignInRefusal::BuiltIn => Msg::SignInBuiltIn.get(lang).to_string(),
            SignInRefusal::Locked(c) => Msg::SignInLocked.fill(lang, &[("c", c)]),
            SignInRefusal::BadPin => Msg::PinBad.get(lang).to_string(),
            SignInRefusal::PinsDiffer => Msg::PinsDiffer.get(lang).to_string(),
            SignInRefusal::NotNew => Msg::SignInNotNew.get(lang).to_string(),
            SignInRefusal::BadOsUser(u) => Msg::OsUserBad.fill(lang, &[("u", u)]),
            SignInRefusal::OsUserTaken(u, c) => Msg::OsUserTaken.fill(lang, &[("u", u), ("c", c)]),
        }
    }
}

impl From<SignInRefusal> for OpError {
    fn from(r: SignInRefusal) -> Self {
        OpError::SignIn(r)
    }
}

/// How a person proves who they are now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    /// Their PIN.
    Pin,
    /// They have no PIN yet: they choose one now.
    FirstPin,
    /// The operating-system user at the keyboard is bound to their code.
    OsUser,
}

/// The outcome of a PIN given: signed in, or a wrong PIN counted (and
/// written, so the caller commits it).
#[derive(Clone, Debug, PartialEq)]
pub enum Attempt {
    In(Staff),
    Wrong { tries: u32, locked: bool },
}

impl Attempt {
    /// Tries left before the lock.
    pub fn left(tries: u32) -> u32 {
        MAX_TRIES.saturating_sub(tries)
    }
}

/// 4 to 12 ASCII digits.
pub fn check_pin(pin: &str) -> Result<(), SignInRefusal> {
    match (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        true => Ok(()),
        false => Err(SignInRefusal::BadPin),
    }
}

/// The salted argon2id hash of a checked PIN, as a PHC string.
pub fn hash_pin(pin: &str) -> Result<String, SignInRefusal> {
    check_pin(pin)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| SignInRefusal::BadPin)
}

fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Whether the roster holds nobody but the built-in row: a new database,
/// which starts by asking for its branch head.
pub fn is_new(db: &Db) -> Result<bool, OpError> {
    Ok(db.roster()?.iter().all(|s| s.code == BUILT_IN))
}

/// Who `code` is and how they sign in now (`os_user`: the account at the
/// keyboard). Refuses the unknown, the off duty, the built-in row, the locked.
pub fn door(db: &Db, code: &str, os_user: Option<&str>) -> Result<(Staff, Door), OpError> {
    if code == BUILT_IN {
        return Err(SignInRefusal::BuiltIn.into());
    }
    let unknown = || SignInRefusal::Unknown(code.to_string());
    let staff = db.staff(code)?.filter(|s| s.active).ok_or_else(unknown)?;
    let cred = db.credentials(code)?.ok_or_else(unknown)?;
    if cred.locked {
        return Err(SignInRefusal::Locked(code.to_string()).into());
    }
    let door = match (&cred.os_user, os_user) {
        (Some(bound), Some(me)) if bound == me => Door::OsUser,
        _ if cred.pin_hash.is_none() => Door::FirstPin,
        _ => Door::Pin,
    };
    Ok((staff, door))
}

fn event(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    kind: EventKind,
    details: serde_json::Value,
) -> Result<(), OpError> {
    db.add_event(now, actor, kind, None, details)?;
    Ok(())
}

/// `code` signed in, and how (`pin`, `first_pin`, `os_user`): `staff.sign_in`.
fn signed_in(db: &Db, now: DateTime<Utc>, code: &str, via: &str) -> Result<(), OpError> {
    event(
        db,
        now,
        code,
        EventKind::StaffSignIn,
        json!({"code": code, "via": via}),
    )
}

/// Sign in with a PIN, written as `staff.sign_in`. A wrong PIN is counted
/// and written as `staff.sign_in_failed`; the fifth in a row locks the code
/// (`staff.locked`) until the head sets a new PIN.
pub fn sign_in_pin(db: &Db, now: DateTime<Utc>, code: &str, pin: &str) -> Result<Attempt, OpError> {
    let (staff, _) = door(db, code, None)?;
    let hash = db.credentials(code)?.and_then(|c| c.pin_hash);
    let Some(hash) = hash else {
        // No PIN to compare with: they choose one (first_pin).
        return Err(OpError::Changed(crate::domain::event::Record::Staff));
    };
    if pin_matches(pin, &hash) {
        db.clear_failed_tries(code)?;
        signed_in(db, now, code, "pin")?;
        return Ok(Attempt::In(staff));
    }
    let (tries, locked) = db.count_failed_try(code, MAX_TRIES)?;
    event(
        db,
        now,
        code,
        EventKind::StaffSignInFailed,
        json!({"code": code, "tries": tries}),
    )?;
    if locked {
        event(
            db,
            now,
            code,
            EventKind::StaffLocked,
            json!({"code": code, "tries": tries}),
        )?;
    }
    Ok(Attempt::Wrong { tries, locked })
}

/// A person's first sign-in: they choose their PIN (`staff.pin`) and are
/// signed in (`staff.sign_in`). Refused once they have one.
pub fn first_pin(db: &Db, now: DateTime<Utc>, code: &str, pin: &str) -> Result<Staff, OpError> {
    let (staff, door) = door(db, code, None)?;
    if door != Door::FirstPin {
        return Err(OpError::Changed(crate::domain::event::Record::Staff));
    }
    let hash = hash_pin(pin)?;
    db.set_pin_hash(code, &hash)?;
    event(
        db,
        now,
        code,
        EventKind::StaffPin,
        json!({"code": code, "first": true}),
    )?;
    signed_in(db, now, code, "first_pin")?;
    Ok(staff)
}

/// Sign in as the code bound to the operating-system account `os_user`,
/// without a PIN, written as `staff.sign_in`.
pub fn sign_in_os_user(
    db: &Db,
    now: DateTime<Utc>,
    code: &str,
    os_user: &str,
) -> Result<Staff, OpError> {
    let (staff, door) = door(db, code, Some(os_user))?;
    if door != Door::OsUser {
        return Err(OpError::Changed(crate::domain::event::Record::Staff));
    }
    db.clear_failed_tries(code)?;
    signed_in(db, now, code, "os_user")?;
    Ok(staff)
}

/// Signed in on a branch server with one's own login (the server checked
/// its password), written as `staff.sign_in`. A display writes nothing on a
/// server, its sign-in neither (the server's own log has its connection).
pub fn sign_in_login(db: &Db, now: DateTime<Utc>, staff: &Staff) -> Result<(), OpError> {
    use crate::domain::authority::{DISPLAY, KIOSK};
    if staff.has_role(DISPLAY) && !staff.has_role(KIOSK) {
        return Ok(());
    }
    signed_in(db, now, &staff.code, "login")
}

/// The roster entry the head changes how someone signs in for.
fn entry(db: &Db, op: &Op, code: &str) -> Result<Staff, OpError> {
    op.require(Act::EditRoster, Target::Branch)?;
    if code == BUILT_IN {
        return Err(SignInRefusal::BuiltIn.into());
    }
    db.staff(code)?
        .ok_or_else(|| RosterRefusal::Unknown(code.to_string()).into())
}

/// The head sets someone's PIN, which also lifts a lock, written as
/// `staff.pin`.
pub fn set_pin(db: &Db, op: &Op, code: &str, pin: &str) -> Result<(), OpError> {
    entry(db, op, code)?;
    let was_locked = db.credentials(code)?.is_some_and(|c| c.locked);
    let hash = hash_pin(pin)?;
    db.set_pin_hash(code, &hash)?;
    Ok(op.event(
        db,
        EventKind::StaffPin,
        None,
        json!({"code": code, "first": false, "unlocked": was_locked}),
    )?)
}

/// The head binds a code to an operating-system account (`None`: unbinds),
/// written as `staff.bind`. One account is bound to one code at most.
pub fn bind_os_user(db: &Db, op: &Op, code: &str, os_user: Option<&str>) -> Result<(), OpError> {
    entry(db, op, code)?;
    if let Some(u) = os_user {
        if u.is_empty() || u.chars().any(char::is_whitespace) {
            return Err(SignInRefusal::BadOsUser(u.to_string()).into());
        }
        for s in db.roster()? {
            let bound = db.credentials(&s.code)?.and_then(|c| c.os_user);
            if s.code != code && bound.as_deref() == Some(u) {
                return Err(SignInRefusal::OsUserTaken(u.to_string(), s.code).into());
            }
        }
    }
    db.set_os_user(code, os_user)?;
    Ok(op.event(
        db,
        EventKind::StaffBind,
        None,
        json!({"code": code, "os_user": os_user}),
    )?)
}

/// The first run of a new database: its branch head, with their PIN,
/// written as `staff.add`, `staff.pin` and `staff.sign_in` by the head.
pub fn first_head(
    db: &Db,
    now: DateTime<Utc>,
    catalog: &Catalog,
    code: &str,
    name: &str,
    pin: &str,
) -> Result<Staff, OpError> {
    if !is_new(db)? {
        return Err(SignInRefusal::NotNew.into());
    }
    let hash = hash_pin(pin)?;
    let new = NewStaff {
        code: code.trim().to_string(),
        name: name.to_string(),
        roles: vec![HEAD.to_string()],
        counter: None,
    };
    let who = crate::domain::authority::Person {
        code: new.code.clone(),
        roles: new.roles.clone(),
        counter: None,
        lines: Vec::new(),
    };
    let op = Op {
        who: &who,
        now,
        day: now.date_naive(),
        catalog,
    };
    let staff = admin::add_staff(db, &op, &new)?;
    db.set_pin_hash(&staff.code, &hash)?;
    op.event(
        db,
        EventKind::StaffPin,
        None,
        json!({"code": staff.code, "first": true}),
    )?;
    signed_in(db, op.now, &staff.code, "first_pin")?;
    Ok(staff)
}
