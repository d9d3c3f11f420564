//! Command line: parse, open the store, dispatch; nothing else.

use clap::Parser;

fn main() -> std::process::ExitCode {
    lobbydesk::cli::main(lobbydesk::cli::Cli::parse())
}
