//! The cross-sell prompts (交叉销售时机) the lobby shows: on a called or
//! served ticket's row, in its teller's status line, and as the need `r`
//! proposes. Read once per reload (the day's prompts, one indexed query).

use super::LobbyState;
use crate::config::Catalog;
use crate::domain::ticket::{Status, Ticket};
use crate::i18n::Lang;
use crate::store::cross_sell::Shown;

impl LobbyState {
    /// The prompts shown on a ticket while it is called or served.
    pub fn prompts_of<'a>(&'a self, t: &Ticket) -> impl Iterator<Item = &'a Shown> + 'a {
        let live = matches!(t.status, Status::Called | Status::Serving);
        let id = t.id;
        self.prompts.iter().filter(move |s| live && s.ticket == id)
    }

    /// The ticket this person is calling or serving, if any.
    pub fn serving_by(&self, code: &str) -> Option<&Ticket> {
        self.rows.iter().map(|r| &r.ticket).find(|t| {
            matches!(t.status, Status::Called | Status::Serving)
                && t.teller.as_deref() == Some(code)
        })
    }
}

/// A prompt in words: the trigger's label and the need it suggests.
pub fn words(catalog: &Catalog, s: &Shown, lang: Lang) -> String {
    let trigger = catalog
        .cross_sell(&s.trigger)
        .map_or(s.trigger.as_str(), |c| c.label.get(lang));
    let need = Catalog::label(&catalog.needs, &s.need, lang);
    format!("{trigger}→{need}")
}

/// A trigger's label (its code when the settings no longer have it).
pub fn trigger_label<'a>(catalog: &'a Catalog, s: &'a Shown, lang: Lang) -> &'a str {
    catalog
        .cross_sell(&s.trigger)
        .map_or(s.trigger.as_str(), |c| c.label.get(lang))
}
