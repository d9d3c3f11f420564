//! The command line: arguments, and what each command does. Commands that
//! write or show clients' details run the operations (`ops`) as the person
//! `--as` names, signed in with their PIN (or a bound OS account); a refusal
//! is said in words and exits 3. What a command prints goes through `output`:
//! a closed pipe or a full disk is a sentence and an exit code, never a panic.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::clock::Clock;
use crate::config::{self, Catalog};
use crate::demo::HistoryOptions;
use crate::domain::authority::{Act, Denial, Target};
use crate::i18n::{Lang, Msg};
use crate::keymap::Keymap;
use crate::ops::{self, Names, Op, OpError};
use crate::store::staff::Staff;
use crate::store::{Db, Store};

mod admin;
mod board;
mod campaign;
mod day;
mod demo_days;
mod desk;
mod export;
mod import;
mod lists;
mod output;
mod pairs;
mod rate;
mod report;
mod server;
mod settings;
mod targets;
mod walkin;
pub use lists::{ExportCommand, StaffCommand};

use output::say;
mod signin;

pub use signin::{os_user, NEW_PIN_ENV, PIN_ENV};

pub use report::ReportArgs;
pub use targets::TargetsCommand;

#[derive(Parser, Debug)]
#[command(
    name = "lobbydesk",
    version,
    about = "The lobby desk of a bank branch: queue, referrals, follow-ups"
)]
pub struct Cli {
    /// Who you are: a staff code from the roster; the PIN is asked at the
    /// terminal or read from LOBBYDESK_PIN.
    #[arg(long = "as", global = true, value_name = "CODE")]
    pub as_code: Option<String>,
    /// The database file (default: lobbydesk.db in the platform's data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language: zh or en (default: the config file's lang, else LANG).
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
    /// Your own config file: key bindings and language.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Open a populated demo branch on a throwaway database (no PIN).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// A new database's branch head, from a script (the PIN in LOBBYDESK_PIN).
    /// On a PostgreSQL server (--db postgresql://…): create or bring up to
    /// date its schema; a branch comes onto it with `copy`.
    Init {
        /// The head's staff code, e.g. H01.
        #[arg(long, value_name = "CODE")]
        head: Option<String>,
        /// The head's name as shown on screen.
        #[arg(long)]
        name: Option<String>,
    },
    /// Move a branch onto a PostgreSQL server: its whole SQLite history
    /// copied in one transaction, counted and its event chain verified on
    /// the server; run again, it duplicates nothing. The server's
    /// administrator's job.
    Copy {
        /// The branch's SQLite file.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// The server: postgresql://[user@]host[:port]/database.
        #[arg(long, value_name = "URL")]
        to: String,
        /// The branch's code on the server, e.g. BJ01.
        #[arg(long, value_name = "CODE")]
        branch: String,
        /// The branch's name, when the server does not know it yet.
        #[arg(long)]
        name: Option<String>,
    },
    /// A finished visit's rating (满意度), 1–5 (TICKET SCORE), once; --on its day.
    Rate {
        ticket: String,
        score: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Walk-ins from a script or a ticket kiosk.
    Walkin {
        #[command(subcommand)]
        command: WalkinCommand,
    },
    /// The calling display (叫号屏) for the lobby's television, full screen:
    /// the current call in large digits, the last calls, the waiting and the
    /// expected wait per service. Run it as a display account (--as, role
    /// display); the branch setting board.announce names a command that
    /// says each call aloud.
    Board,
    /// The roster (名册).
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Pairs (接对子): a teller and their manager on each line (set and
    /// removed by the branch head, --as).
    Pairs {
        #[command(subcommand)]
        command: pairs::PairsCommand,
    },
    /// A client's dedicated manager (专属客户经理): the head's or a line
    /// manager's (--as).
    Client {
        #[command(subcommand)]
        command: pairs::ClientCommand,
    },
    /// A consistent copy of the database while others keep working.
    Backup { path: PathBuf },
    /// Check the database's integrity, schema version, foreign keys and the
    /// event trail's hash chain.
    Doctor {
        /// A chain head printed earlier (by a day's report): is it still part
        /// of the history?
        #[arg(long, value_name = "HASH")]
        anchor: Option<String>,
    },
    /// Anonymise clients whose records all ended before a date (YYYY-MM-DD,
    /// not after today); the branch head's job (--as).
    Purge {
        #[arg(long, value_name = "DATE")]
        before: String,
        /// Confirmed beforehand: do not ask.
        #[arg(long)]
        yes: bool,
    },
    /// Lists that leave the application (CSV with a byte-order mark for
    /// Excel): the branch head's, or a line manager's own prospects (--as).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// The end-of-day figures (日终) of a day or a range of days.
    Report(ReportArgs),
    /// Close a business day (日终), today unless --date says which: every
    /// ticket still open is closed with its reason and the day's figures are
    /// frozen. The lobby manager's or the head's (--as).
    CloseDay {
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// The branch's settings (lists, thresholds, points, lines): anyone may
    /// export them; only the branch head imports a changed file (--as).
    Settings {
        #[command(subcommand)]
        command: SettingsCommand,
    },
    /// Imports from the core system: `import clients FILE.csv` (the branch
    /// head's, --as).
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// Campaigns (营销活动): the branch head defines them (--as); anyone
    /// lists them; `export campaign --campaign ID` sends one.
    Campaign {
        #[command(subcommand)]
        command: campaign::CampaignCommand,
    },
    /// Targets (目标任务) of a person or a line for a month or a quarter:
    /// the branch head sets and removes them (--as); anyone lists them.
    Targets {
        #[command(subcommand)]
        command: TargetsCommand,
    },
    /// Write made-up finished business days (Monday to Saturday) ending
    /// yesterday, for reports and benchmarks; adds the demo roster if missing.
    Demo {
        /// How many business days.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        days: u32,
        /// Seed of the made-up visits: the same seed writes the same days.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Visits on an average business day.
        #[arg(long, default_value_t = crate::demo::VISITS_PER_DAY,
              value_parser = clap::value_parser!(u32).range(1..=20_000))]
        visits_per_day: u32,
        /// The branch's clients: imported first (as from the core system),
        /// and the visits drawn from them (default: 50 × the visits of a day).
        #[arg(long, value_parser = clap::value_parser!(u64).range(100..=5_000_000))]
        clients: Option<u64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SettingsCommand {
    /// Print the branch's settings as TOML (`settings export > branch.toml`).
    Export,
    /// Replace the branch's settings with a checked file, as the branch head.
    Import { path: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum WalkinCommand {
    /// Register a walk-in and print its ticket number.
    Add {
        /// Service letter from the catalog (A, B, V, C, L).
        #[arg(long)]
        service: String,
        /// Priority class: normal, vip, elderly, disabled, pregnant.
        #[arg(long, default_value = "normal")]
        priority: String,
        /// Client's name.
        #[arg(long, default_value = "")]
        name: String,
        /// Client's mainland mobile (11 digits).
        #[arg(long, default_value = "")]
        mobile: String,
        /// The kiosk's id for this request (e.g. a UUID): a retry with the
        /// same id on the same business day prints the same ticket.
        #[arg(long, value_name = "ID")]
        request_id: Option<String>,
        /// `text`: the number, the people ahead and the expected wait on one
        /// line; `json`: the same for a kiosk program.
        #[arg(long, value_enum, default_value_t = WalkinFormat::Text)]
        format: WalkinFormat,
    },
}

/// How `walkin add` prints the ticket.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkinFormat {
    Text,
    Json,
}

/// Exit codes: 0 done, 1 the database, the terminal or the output failed
/// (a closed pipe, a full disk), 2 bad input, 3 not allowed to the person
/// acting, 4 saved but what it prints could not be written (the ticket or
/// the change is in the database: do not do it again). The full-screen
/// application stopped by a signal exits 128 + its number, the terminal
/// restored (129 also when the terminal went away).
pub const FAILED: u8 = 1;
pub const BAD_INPUT: u8 = 2;
pub const NOT_ALLOWED: u8 = 3;
pub const SAVED_NOT_PRINTED: u8 = 4;

/// Settings shared by every command.
pub struct Context {
    pub lang: Lang,
    pub catalog: Catalog,
    pub keymap: Keymap,
    pub clock: Clock,
}

/// Say why on stderr and exit with `code`.
fn fail(code: u8, text: &str) -> ExitCode {
    say(text);
    ExitCode::from(code)
}

/// Run one operation as `me`, in one transaction.
fn act<T>(
    store: &mut Store,
    ctx: &Context,
    me: &Staff,
    f: impl FnOnce(&Db, &Op) -> Result<T, OpError>,
) -> Result<T, OpError> {
    let person = ops::person(me, &ctx.catalog);
    let op = Op {
        who: &person,
        now: ctx.clock.now(),
        day: ctx.clock.today(),
        catalog: &ctx.catalog,
    };
    store.write(|db| f(db, &op))
}

/// An operation that did not happen, in words, with its exit code: 1 the
/// database failed, 2 bad input, 3 not allowed.
fn refused(store: &Store, ctx: &Context, e: &OpError) -> ExitCode {
    let code = match e {
        OpError::Store(_) => FAILED,
        OpError::Invalid(..)
        | OpError::Field(..)
        | OpError::PurgeAfterToday { .. }
        | OpError::PurgeWithinRetention { .. } => BAD_INPUT,
        OpError::Settings(_) | OpError::Pair(_) => BAD_INPUT,
        OpError::Roster(r) if r.is_bad_input() => BAD_INPUT,
        OpError::SignIn(r) if r.is_bad_input() => BAD_INPUT,
        OpError::Target(r) if r.is_bad_input() => BAD_INPUT,
        _ => NOT_ALLOWED,
    };
    let roster = store.db().roster().unwrap_or_default();
    let names = Names {
        lang: ctx.lang,
        roster: &roster,
        catalog: &ctx.catalog,
    };
    fail(code, &e.message(&names))
}

/// A refusal of one of the head's commands: on a file with `advice`, how to
/// act as the head (`--as`); on a server, where the login is who acts, as
/// any refusal, saying only who may.
fn refused_head(store: &Store, ctx: &Context, e: &OpError, advice: Msg) -> ExitCode {
    match e {
        OpError::Denied(Denial::NotHead) if !store.db().on_server() => {
            fail(NOT_ALLOWED, advice.get(ctx.lang))
        }
        e => refused(store, ctx, e),
    }
}

/// The default database: `lobbydesk.db` in the platform's data folder, created if needed.
pub fn default_db() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "lobbydesk")?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir).ok()?;
    Some(dir.join("lobbydesk.db"))
}

/// What the person's own config decides: their language and keys.
struct Personal {
    lang: Lang,
    keymap: Keymap,
}

fn personal(cli: &Cli) -> Result<Personal, ExitCode> {
    let flag = cli.lang.as_deref().and_then(Lang::parse);
    let read = config::load(cli.config.as_deref());
    let lang = flag
        .or(read.as_ref().ok().and_then(|p| p.lang))
        .unwrap_or_else(Lang::from_env);
    let bad = |e: String| fail(BAD_INPUT, &Msg::ErrConfig.fill(lang, &[("e", &e)]));
    let user = read.map_err(|e| bad(e.message(lang)))?;
    let keymap = Keymap::default()
        .with_overrides(&user.keys)
        .map_err(|e| match &user.path {
            Some(p) => bad(format!("{}: {}", p.display(), e.message(lang))),
            None => bad(e.message(lang)),
        })?;
    Ok(Personal { lang, keymap })
}

fn open(path: Option<&Path>, lang: Lang) -> Result<Store, ExitCode> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => default_db().ok_or_else(|| fail(FAILED, Msg::ErrNoDataDir.get(lang)))?,
    };
    Store::open(&path).map_err(|e| fail(FAILED, &e.message(lang)))
}

/// Who `--as` names on the roster (on duty), or with `None` the branch's
/// lobby manager: for the demo's throwaway database, and to check an
/// owner's code. Proves nothing: [`signed_in`] does.
fn identity(store: &Store, code: Option<&str>, lang: Lang) -> Result<Staff, ExitCode> {
    let db = store.db();
    let found = match code {
        Some(c) => db.staff(c),
        None => db.roster().map(|r| {
            let lobby: Vec<Staff> = r
                .into_iter()
                .filter(|s| s.active && s.has_role("lobby"))
                .collect();
            lobby
                .iter()
                .find(|s| s.code != "LOBBY")
                .or(lobby.first())
                .cloned()
        }),
    }
    .map_err(|e| fail(FAILED, &e.message(lang)))?;
    found.filter(|s| s.active).ok_or_else(|| {
        fail(
            BAD_INPUT,
            &Msg::ErrUnknownStaff.fill(lang, &[("c", &code.unwrap_or("LOBBY"))]),
        )
    })
}

/// The person signed in with `--as` for `act` on `target`; without `--as`,
/// the refusal saying who may do it (exit 3).
fn signed_in(
    store: &mut Store,
    ctx: &Context,
    cli: &Cli,
    act: Act,
    target: Target,
) -> Result<Staff, ExitCode> {
    match cli.as_code.as_deref() {
        _ if store.db().on_server() => signin::server_login(store, ctx, cli.as_code.as_deref()),
        Some(code) => signin::sign_in(store, ctx, code),
        None => Err(signin::nobody(store, ctx, act, target)),
    }
}

pub fn main(cli: Cli) -> ExitCode {
    let Personal { lang, keymap } = match personal(&cli) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(done) = server::first(&cli, lang) {
        return done;
    }
    // The care of the file needs no settings; the demo makes its own file.
    match &cli.command {
        Some(Command::Doctor { anchor }) => {
            return match cli.db.clone().or_else(default_db) {
                Some(path) => admin::doctor(&path, anchor.as_deref(), lang),
                None => fail(FAILED, Msg::ErrNoDataDir.get(lang)),
            }
        }
        Some(Command::Backup { path }) => {
            return match open(cli.db.as_deref(), lang) {
                Ok(store) => admin::backup(&store, path, lang),
                Err(code) => code,
            }
        }
        None if cli.demo => return demo_days::demo_interactive(&cli, lang, keymap),
        _ => {}
    }
    let catalog = match settings::branch_settings(cli.db.as_deref(), lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let ctx = Context {
        lang,
        catalog,
        keymap,
        clock: Clock::System,
    };
    match &cli.command {
        None => desk::interactive(&cli, ctx),
        Some(Command::Board) => board::board(&cli, ctx),
        Some(Command::Init {
            head: Some(head),
            name: Some(name),
        }) => match open(cli.db.as_deref(), ctx.lang) {
            Ok(mut store) => signin::init(&mut store, &ctx, head, name),
            Err(code) => code,
        },
        Some(Command::Init { .. }) => fail(BAD_INPUT, Msg::InitNeedsHead.get(ctx.lang)),
        Some(Command::Export { command }) => export::export(&cli, &ctx, command),
        Some(Command::Doctor { .. } | Command::Backup { .. } | Command::Copy { .. }) => {
            unreachable!("done above")
        }
        Some(Command::Settings { command }) => settings::settings(&cli, &ctx, command),
        Some(Command::Staff { command }) => admin::staff(&cli, &ctx, command),
        Some(Command::Pairs { command }) => pairs::pairs(&cli, &ctx, command),
        Some(Command::Client { command }) => pairs::client(&cli, &ctx, command),
        Some(Command::Purge { before, yes }) => admin::purge(&cli, &ctx, before, *yes),
        Some(Command::Report(args)) => report::run(&ctx, cli.db.as_deref(), args),
        Some(Command::Campaign { command }) => campaign::campaign(&cli, &ctx, command),
        Some(Command::Targets { command }) => targets::targets(&cli, &ctx, command),
        Some(Command::Import { command }) => import::import(&cli, &ctx, command),
        Some(Command::CloseDay { date }) => day::close_day(&cli, &ctx, date.as_deref()),
        Some(Command::Walkin { command }) => walkin::walkin(&cli, &ctx, command),
        Some(Command::Rate { ticket, score, on }) => rate::rate(&cli, &ctx, ticket, score, on),
        Some(Command::Demo {
            days,
            seed,
            visits_per_day,
            clients,
        }) => {
            let options = HistoryOptions {
                days: *days,
                seed: *seed,
                visits_per_day: *visits_per_day,
                clients: *clients,
            };
            demo_days::demo_history(&cli, &ctx, &options)
        }
    }
}
