//! lobbydesk: the walk-in queue, referrals and follow-ups of a bank branch's lobby.

pub mod app;
pub mod board;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod keymap;
pub mod ops;
pub mod report;
pub mod store;
pub mod terminal;
pub mod ui;
