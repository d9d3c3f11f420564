//! Who puts a dormant client (休眠客户) on a manager's follow-ups: the branch
//! head, the lobby manager and the lines' managers.

use super::{Denial, Person, LOBBY};

pub(super) fn follow(who: &Person) -> Result<(), Denial> {
    match who.is_head() || who.has(LOBBY) || !who.lines.is_empty() {
        true => Ok(()),
        false => Err(Denial::NotDormant),
    }
}
