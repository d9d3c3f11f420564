//! Plain types and rules. No I/O, no terminal, no SQL.

pub mod appointment;
pub mod authority;
pub mod campaign;
pub mod card;
pub mod client;
pub mod complaint;
pub mod cross_sell;
pub mod event;
pub mod followup;
pub mod import;
pub mod notice;
pub mod privacy;
pub mod queue;
pub mod search;
pub mod sweep;
pub mod target;
pub mod ticket;
pub mod time;
pub mod transfer;
pub mod validate;
pub mod wait;
