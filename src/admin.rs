//! The roster and the care of the file, from the command line: `staff`,
//! `backup`, `doctor`, `purge`.

use std::path::Path;
use std::process::ExitCode;

use chrono::{NaiveDate, TimeZone};
use serde_json::json;

use crate::cli::{Context, BAD_INPUT, FAILED};
use crate::domain::roles;
use crate::domain::validate;
use crate::i18n::{Lang, Msg};
use crate::store::staff::Staff;
use crate::store::Store;

fn fail(code: u8, text: &str) -> ExitCode {
    eprintln!("lobbydesk: {text}");
    ExitCode::from(code)
}

/// Roster changes need a branch head, once the roster has one.
fn check_head(store: &Store, as_code: Option<&str>, lang: Lang) -> Result<String, ExitCode> {
    let roster = store
        .db()
        .roster()
        .map_err(|e| fail(FAILED, &e.message(lang)))?;
    let heads: Vec<&Staff> = roster
        .iter()
        .filter(|s| s.active && s.has_role(roles::HEAD))
        .collect();
    if heads.is_empty() {
        return Ok(as_code.unwrap_or("LOBBY").to_string());
    }
    match as_code {
        Some(c) if heads.iter().any(|h| h.code == c) => Ok(c.to_string()),
        _ => Err(fail(BAD_INPUT, Msg::StaffNeedsHead.get(lang))),
    }
}

pub fn staff_list(store: &Store, lang: Lang) -> ExitCode {
    match store.db().roster() {
        Ok(roster) => {
            println!("{}", Msg::StaffHeader.get(lang).replace("  ", "\t"));
            for s in roster {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    s.code,
                    s.name,
                    s.roles.join(","),
                    s.counter.map(|c| c.to_string()).unwrap_or_default(),
                    if s.active {
                        Msg::Yes.get(lang)
                    } else {
                        Msg::No.get(lang)
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn staff_add(
    ctx: &Context,
    store: &mut Store,
    as_code: Option<&str>,
    code: &str,
    name: &str,
    role: &[String],
    counter: Option<u32>,
) -> ExitCode {
    let lang = ctx.lang;
    let actor = match check_head(store, as_code, lang) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let code_ok = !code.is_empty()
        && code.len() <= 12
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !code_ok {
        return fail(
            BAD_INPUT,
            &Msg::ErrField.fill(
                lang,
                &[("f", &"code"), ("e", &Msg::InvalidRequired.get(lang))],
            ),
        );
    }
    let name = match validate::name(name, true) {
        Ok(n) => n.unwrap_or_default(),
        Err(e) => {
            let field = Msg::FieldName.get(lang);
            return fail(
                BAD_INPUT,
                &Msg::ErrField.fill(
                    lang,
                    &[("f", &field), ("e", &crate::i18n::invalid(lang, e))],
                ),
            );
        }
    };
    let known = |r: &str| {
        [roles::LOBBY, roles::TELLER, roles::HEAD].contains(&r)
            || ctx
                .catalog
                .lines
                .iter()
                .any(|l| l.role.as_deref() == Some(r))
    };
    if let Some(bad) = role.iter().find(|r| !known(r)) {
        return fail(BAD_INPUT, &Msg::StaffBadRole.fill(lang, &[("r", bad)]));
    }
    let now = ctx.clock.now();
    let staff = Staff {
        code: code.to_string(),
        name: name.clone(),
        roles: role.to_vec(),
        counter,
        active: true,
    };
    let result = store.write(|db| -> Result<bool, crate::store::StoreError> {
        if db.staff(code)?.is_some() {
            return Ok(false);
        }
        db.put_staff(&staff)?;
        db.add_event(
            now,
            &actor,
            crate::domain::event::EventKind::StaffAdd,
            None,
            json!({"code": code, "roles": role, "counter": counter}),
        )?;
        Ok(true)
    });
    match result {
        Ok(true) => {
            println!(
                "{}",
                Msg::StaffAdded.fill(lang, &[("c", &code), ("n", &name)])
            );
            ExitCode::SUCCESS
        }
        Ok(false) => fail(BAD_INPUT, &Msg::StaffExists.fill(lang, &[("c", &code)])),
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

pub fn staff_deactivate(
    ctx: &Context,
    store: &mut Store,
    as_code: Option<&str>,
    code: &str,
) -> ExitCode {
    let lang = ctx.lang;
    let actor = match check_head(store, as_code, lang) {
        Ok(a) => a,
        Err(c) => return c,
    };
    let now = ctx.clock.now();
    let result = store.write(|db| -> Result<bool, crate::store::StoreError> {
        let Some(mut s) = db.staff(code)? else {
            return Ok(false);
        };
        s.active = false;
        db.put_staff(&s)?;
        db.add_event(
            now,
            &actor,
            crate::domain::event::EventKind::StaffDeactivate,
            None,
            json!({"code": code}),
        )?;
        Ok(true)
    });
    match result {
        Ok(true) => {
            println!("{}", Msg::StaffDeactivated.fill(lang, &[("c", &code)]));
            ExitCode::SUCCESS
        }
        Ok(false) => fail(BAD_INPUT, &Msg::ErrUnknownStaff.fill(lang, &[("c", &code)])),
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

pub fn backup(store: &Store, to: &Path, lang: Lang) -> ExitCode {
    match store.backup(to) {
        Ok(()) => {
            println!("{}", Msg::BackupDone.fill(lang, &[("p", &to.display())]));
            ExitCode::SUCCESS
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

/// Check integrity, schema version and foreign keys; exit 1 when anything is wrong.
pub fn doctor(path: &Path, lang: Lang) -> ExitCode {
    if !path.is_file() {
        eprintln!(
            "lobbydesk: {}",
            Msg::DoctorMissing.fill(lang, &[("p", &path.display())])
        );
        return ExitCode::from(FAILED);
    }
    let store = match Store::open(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lobbydesk: {}", e.message(lang));
            eprintln!("{}", Msg::DoctorBad.get(lang));
            return ExitCode::from(FAILED);
        }
    };
    let health = match store.health() {
        Ok(h) => h,
        Err(e) => {
            eprintln!("lobbydesk: {}", e.message(lang));
            eprintln!("{}", Msg::DoctorBad.get(lang));
            return ExitCode::from(FAILED);
        }
    };
    let integrity = if health.integrity == ["ok"] {
        Msg::DoctorOk.get(lang).to_string()
    } else {
        health.integrity.join("; ")
    };
    println!("{}", Msg::DoctorIntegrity.fill(lang, &[("r", &integrity)]));
    println!(
        "{}",
        Msg::DoctorSchema.fill(
            lang,
            &[
                ("v", &health.schema_version),
                ("s", &crate::store::SCHEMA_VERSION)
            ]
        )
    );
    if health.application_id != crate::store::APPLICATION_ID {
        println!("{}", Msg::DoctorNotOurs.get(lang));
    }
    for (t, id, p) in &health.foreign_keys {
        println!(
            "{}",
            Msg::DoctorForeign.fill(lang, &[("t", t), ("id", id), ("p", p)])
        );
    }
    if health.is_ok() {
        println!("{}", Msg::DoctorGood.get(lang));
        ExitCode::SUCCESS
    } else {
        println!("{}", Msg::DoctorBad.get(lang));
        ExitCode::from(FAILED)
    }
}

/// Anonymise the clients whose records all ended before local midnight of `before`.
pub fn purge(ctx: &Context, store: &mut Store, before: &str, actor: &str) -> ExitCode {
    let lang = ctx.lang;
    let Ok(day) = NaiveDate::parse_from_str(before, "%Y-%m-%d") else {
        return fail(BAD_INPUT, &Msg::BadDate.fill(lang, &[("d", &before)]));
    };
    let offset = ctx.clock.offset();
    let Some(start) = offset
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
    else {
        return fail(BAD_INPUT, &Msg::BadDate.fill(lang, &[("d", &before)]));
    };
    match store.purge(start.with_timezone(&chrono::Utc), actor, ctx.clock.now()) {
        Ok(n) => {
            println!("{}", Msg::PurgeDone.fill(lang, &[("n", &n), ("d", &day)]));
            ExitCode::SUCCESS
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}
