//! The demo from the command line: `--demo`'s throwaway branch, and made-up
//! business days written with `demo --days` (never into a real branch's file).

use std::process::ExitCode;

use tempfile::TempDir;

use super::desk::run_app;
use super::output::print_saved;
use super::{fail, open, settings, Cli, Context, FAILED, NOT_ALLOWED};
use crate::clock::Clock;
use crate::demo::{self, HistoryOptions};
use crate::i18n::{Lang, Msg};
use crate::keymap::Keymap;

/// `--demo`: the application on a throwaway database in a temporary folder
/// with the demo branch (its roster and a morning's queue in progress),
/// under the settings that database starts with. The folder is removed
/// when the application has ended.
pub(super) fn demo_interactive(cli: &Cli, lang: Lang, keymap: Keymap) -> ExitCode {
    let clock = Clock::System;
    let dir = match TempDir::new() {
        Ok(d) => d,
        Err(e) => return fail(FAILED, &Msg::ErrDemo.fill(lang, &[("e", &e)])),
    };
    let made = open(Some(&dir.path().join("demo.db")), lang).and_then(|mut store| {
        let catalog = settings::stored_settings(&store, lang)?;
        demo::seed_roster(&mut store, clock.now())
            .and_then(|()| demo::morning(&mut store, &clock, &catalog))
            .map_err(|e| fail(FAILED, &e.message(lang)))?;
        Ok((store, catalog))
    });
    let (store, catalog) = match made {
        Ok(m) => m,
        Err(code) => return code,
    };
    let ctx = Context {
        lang,
        catalog,
        keymap,
        clock,
    };
    let done = run_app(cli, store, ctx, true);
    drop(dir);
    done
}

/// `demo --days N`: the demo roster (if missing) and N finished business days
/// ending yesterday, in `--db` or the default database.
pub(super) fn demo_history(cli: &Cli, ctx: &Context, options: &HistoryOptions) -> ExitCode {
    let lang = ctx.lang;
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match crate::ops::admin::throwaway(&store.db(), &demo::roster()) {
        Ok(true) => {}
        Ok(false) => return fail(NOT_ALLOWED, Msg::DemoNotHere.get(lang)),
        Err(e) => return super::refused(&store, ctx, &e),
    }
    let today = ctx.clock.today();
    let yesterday = today.pred_opt().unwrap_or(today);
    let written = demo::seed_roster(&mut store, ctx.clock.now()).and_then(|()| {
        let offset = ctx.clock.offset();
        if let Some(n) = options.clients {
            // The client book first, the day before the history starts.
            let first = demo::business_days(yesterday, options.days)[0];
            let at = first
                .pred_opt()
                .unwrap_or(first)
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default();
            demo::client_book(&mut store, &ctx.catalog, at.and_utc(), options.seed, n)?;
        }
        demo::history_with(&mut store, &ctx.catalog, offset, yesterday, options)
    });
    match written {
        Ok(summary) => {
            let path = store.path().display().to_string();
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("d", &summary.days), ("t", &summary.tickets), ("p", &path)];
            let counts: [(&str, &dyn std::fmt::Display); 3] = [
                ("c", &summary.cards),
                ("k", &summary.prospects),
                ("n", &summary.contacts),
            ];
            let text = format!(
                "{}\n{}\n",
                Msg::DemoWritten.fill(lang, &args),
                Msg::DemoReferrals.fill(lang, &counts)
            );
            print_saved(lang, &text)
        }
        Err(e) => fail(FAILED, &e.message(lang)),
    }
}
