//! The roster's and the exports' subcommands.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum StaffCommand {
    /// Everyone on the roster.
    List,
    /// Add someone (the branch head's job: give --as a head's code once the roster has one).
    Add {
        /// Staff code, e.g. T04.
        code: String,
        /// Name as shown on screen.
        name: String,
        /// Role: lobby, teller, wealth, credit, head, kiosk, display (repeat for several).
        #[arg(long, required = true)]
        role: Vec<String>,
        /// The counter a teller sits at.
        #[arg(long)]
        counter: Option<u32>,
    },
    /// Take someone off duty; their history stays.
    Deactivate { code: String },
    /// Put someone back on duty.
    Reactivate { code: String },
    /// Set someone's PIN, which also unlocks them (asked twice at the
    /// terminal, or read from LOBBYDESK_NEW_PIN).
    Pin { code: String },
    /// Let an operating-system account sign in as a code without a PIN
    /// (no account: remove the binding).
    Bind {
        code: String,
        os_user: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// The call list of prospects to contact, as CSV (consenting clients only).
    Prospects {
        /// Write to this new file (owner-only; never over an existing one)
        /// instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// today, overdue or all open prospects.
        #[arg(long, default_value = "today", value_parser = ["today", "overdue", "all"])]
        due: String,
        /// Only this owner's prospects (a staff code; a line manager's own by default).
        #[arg(long, value_name = "CODE")]
        owner: Option<String>,
    },
    /// Every consenting open prospect, for a holiday greeting or a promotion,
    /// as CSV; with --campaign, send that campaign (`campaign add`): the
    /// head's, each client recorded as sent, never twice.
    Campaign {
        /// The campaign to send (its id).
        #[arg(long, value_name = "ID", conflicts_with = "owner")]
        campaign: Option<i64>,
        /// Only this owner's prospects (a staff code; a line manager's own by default).
        #[arg(long, value_name = "CODE")]
        owner: Option<String>,
        /// Write to this new file (owner-only; never over an existing one)
        /// instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}
