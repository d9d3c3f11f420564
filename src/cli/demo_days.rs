//! The demo from the command line: `--demo`'s throwaway branch, and made-up
//! business days written with `demo --days` (never into a real branch's file).

use std::process::ExitCode;

use tempfile::TempDir;

use super::{fail, open, Cli, Context, FAILED, NOT_ALLOWED};
use crate::demo::{self, HistoryOptions};
use crate::i18n::Msg;
use crate::store::{Store, StoreError};

/// Whether the database may take made-up days (and the demo roster, whose
/// codes have no PIN): nobody on its roster but the demo's and the built-in
/// row, and nobody with a PIN (a real branch's head always has one).
fn is_throwaway(store: &Store) -> Result<bool, StoreError> {
    let demo_codes: Vec<String> = demo::roster().into_iter().map(|s| s.code).collect();
    let db = store.db();
    for s in db.roster()? {
        let pin = db.credentials(&s.code)?.and_then(|c| c.pin_hash);
        if pin.is_some() || !(s.code == "LOBBY" || demo_codes.contains(&s.code)) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A throwaway database in a temporary folder with the demo branch: its
/// roster and a morning's queue in progress.
pub(super) fn open_demo(ctx: &Context) -> Result<(Store, TempDir), ExitCode> {
    let lang = ctx.lang;
    let dir = TempDir::new().map_err(|e| fail(FAILED, &Msg::ErrDemo.fill(lang, &[("e", &e)])))?;
    let mut store = open(Some(&dir.path().join("demo.db")), lang)?;
    demo::seed_roster(&mut store, ctx.clock.now())
        .and_then(|()| demo::morning(&mut store, &ctx.clock, &ctx.catalog))
        .map_err(|e| fail(FAILED, &e.message(lang)))?;
    Ok((store, dir))
}

/// `demo --days N`: the demo roster (if missing) and N finished business days
/// ending yesterday, in `--db` or the default database.
pub(super) fn demo_history(cli: &Cli, ctx: &Context, options: &HistoryOptions) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match is_throwaway(&store) {
        Ok(true) => {}
        Ok(false) => return fail(NOT_ALLOWED, Msg::DemoNotHere.get(lang)),
        Err(e) => return fail(FAILED, &e.message(lang)),
    }
    let today = ctx.clock.today();
    let yesterday = today.pred_opt().unwrap_or(today);
    let written = demo::seed_roster(&mut store, ctx.clock.now()).and_then(|()| {
        let offset = ctx.clock.offset();
        demo::history_with(&mut store, &ctx.catalog, offset, yesterday, options)
    });
    match written {
        Ok(summary) => {
            let path = store.path().display().to_string();
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("d", &summary.days), ("t", &summary.tickets), ("p", &path)];
            println!("{}", Msg::DemoWritten.fill(lang, &args));
            let counts: [(&str, &dyn std::fmt::Display); 3] = [
                ("c", &summary.cards),
                ("k", &summary.prospects),
                ("n", &summary.contacts),
            ];
            println!("{}", Msg::DemoReferrals.fill(lang, &counts));
            ExitCode::SUCCESS
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}
