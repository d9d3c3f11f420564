//! The server's own commands: `init` (the schema), `copy` (a branch's
//! SQLite history moved in) and `doctor` (each branch's event trail walked
//! on the server); and which commands are for a file only.

use std::path::Path;
use std::process::ExitCode;

use super::output::print;
use super::{fail, Cli, Command, BAD_INPUT, FAILED, NOT_ALLOWED};
use crate::i18n::{Lang, Msg};
use crate::store::server::copy::{self, CopyError};
use crate::store::server::{self, shown};
use crate::store::Store;

/// What a server address decides before anything else: the server's own
/// commands (`init`, `doctor`, `copy`) run here; one for a file only is
/// refused in a sentence. `None`: go on as for a file.
pub(super) fn first(cli: &Cli, lang: Lang) -> Option<ExitCode> {
    if let Some(Command::Copy {
        from,
        to,
        branch,
        name,
    }) = &cli.command
    {
        return Some(copy(from, to, branch, name.as_deref(), lang));
    }
    let url = cli
        .db
        .as_deref()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| server::is_server(p))?;
    match &cli.command {
        Some(Command::Init { .. }) => Some(init(&url, lang)),
        Some(Command::Doctor { .. }) => Some(doctor(&url, lang)),
        Some(c) if !runs_on_server(c) => Some(fail(
            FAILED,
            &Msg::ErrServer.fill(lang, &[("p", &shown(&url))]),
        )),
        _ => None,
    }
}

/// Whether the command works on a server: all but the file's own care
/// (a backup of the file, a purge that wipes the file, a demo file).
fn runs_on_server(c: &Command) -> bool {
    !matches!(
        c,
        Command::Backup { .. } | Command::Purge { .. } | Command::Demo { .. }
    )
}

/// `init --db postgresql://…`: create or bring up to date the server's schema.
pub fn init(url: &str, lang: Lang) -> ExitCode {
    match server::init(url) {
        Ok(found) => print(
            lang,
            &format!(
                "{}\n",
                Msg::ServerReady.fill(
                    lang,
                    &[
                        ("p", &shown(url)),
                        ("from", &found),
                        ("to", &server::SCHEMA_VERSION)
                    ]
                )
            ),
        ),
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}

/// `copy --from FILE --to postgresql://… --branch CODE [--name NAME]`.
pub fn copy(from: &Path, to: &str, branch: &str, name: Option<&str>, lang: Lang) -> ExitCode {
    if !server::is_server(to) {
        return fail(BAD_INPUT, &Msg::CopyNotServer.fill(lang, &[("p", &to)]));
    }
    if !from.is_file() {
        return fail(
            FAILED,
            &Msg::DoctorMissing.fill(lang, &[("p", &from.display())]),
        );
    }
    let copied = Store::open(from)
        .map_err(CopyError::from)
        .and_then(|store| {
            let mut client = server::connect(to)?;
            copy::copy(&store, &mut client, to, branch, name.unwrap_or(branch))
        });
    match copied {
        Ok(c) => {
            let rows: i64 = c.tables.iter().map(|(_, n)| n).sum();
            let head = &c.chain.head[..16];
            print(
                lang,
                &format!(
                    "{}\n",
                    Msg::CopyDone.fill(
                        lang,
                        &[
                            ("b", &branch),
                            ("r", &rows),
                            ("t", &c.tables.len()),
                            ("e", &c.chain.events),
                            ("new", &c.new_events),
                            ("h", &head)
                        ]
                    )
                ),
            )
        }
        Err(e) => {
            let (code, text) = match &e {
                CopyError::Store(e) => (FAILED, e.message(lang)),
                CopyError::SourceBroken(id) => (
                    FAILED,
                    Msg::CopySourceBroken.fill(lang, &[("id", id), ("p", &from.display())]),
                ),
                CopyError::Diverged => (FAILED, Msg::CopyDiverged.fill(lang, &[("b", &branch)])),
                CopyError::Mismatch(what) => (FAILED, Msg::CopyMismatch.fill(lang, &[("w", what)])),
                CopyError::NotAdministrator => (NOT_ALLOWED, Msg::CopyNotAdmin.get(lang).into()),
                CopyError::BadBranch(b) => (BAD_INPUT, Msg::CopyBadBranch.fill(lang, &[("b", b)])),
            };
            fail(code, &format!("{text} {}", Msg::CopyNothing.get(lang)))
        }
    }
}

/// `doctor --db postgresql://…`: the schema version, and each branch's
/// event trail walked on the server (the branches this login may read).
pub fn doctor(url: &str, lang: Lang) -> ExitCode {
    let walked = server::connect(url).and_then(|mut client| {
        let version = server::version_of(&mut client, url)?;
        let missing = server::missing_trail_triggers(&mut client)?;
        let mut tx = client.transaction()?;
        let branches: Vec<String> = tx
            .query("SELECT code FROM branches ORDER BY code", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let chains = branches
            .into_iter()
            .map(|b| Ok((copy::server_chain(&mut tx, &b)?, b)))
            .collect::<crate::store::Result<Vec<_>>>()?;
        Ok((version, missing, chains))
    });
    let (version, missing, chains) = match walked {
        Ok(w) => w,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let mut text = format!(
        "{}\n",
        Msg::DoctorSchema.fill(lang, &[("v", &version), ("s", &server::SCHEMA_VERSION)])
    );
    let mut good = version == server::SCHEMA_VERSION && missing.is_empty();
    if !missing.is_empty() {
        let t = missing.join(", ");
        text += &format!("{}\n", Msg::DoctorTriggers.fill(lang, &[("t", &t)]));
    }
    for (chain, branch) in &chains {
        let head = &chain.head[..16];
        text += &format!(
            "{branch}: {}\n",
            Msg::DoctorChain.fill(lang, &[("n", &chain.events), ("h", &head)])
        );
        if let Some(id) = chain.first_bad {
            good = false;
            text += &format!(
                "{branch}: {}\n",
                Msg::DoctorChainBroken.fill(lang, &[("id", &id)])
            );
        }
    }
    if good {
        print(lang, &format!("{text}{}\n", Msg::DoctorGood.get(lang)))
    } else {
        let _ = print(lang, &format!("{text}{}\n", Msg::DoctorBad.get(lang)));
        ExitCode::from(FAILED)
    }
}
