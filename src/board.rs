//! The calling board (叫号屏) on the lobby's television: the current call,
//! the last calls, the waiting and the expected wait per service, read again
//! whenever another process writes, each new call (and each recall) rung and
//! said once. It reads only: never a client's name or mobile, never a write.

pub mod announce;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};

use crate::clock::Clock;
use crate::config::Catalog;
use crate::domain::wait::shown_minutes;
use crate::i18n::{Lang, Msg};
use crate::ops::queue;
use crate::store::board::BoardCall;
use crate::store::{Store, StoreError};
use announce::Announcer;

/// How many calls before the current one the board lists.
pub const RECENT: usize = 5;

/// At most this many calls are rung and said from one look at the trail
/// (more at once is a bulk load, not a lobby).
const CALLS_PER_LOOK: usize = 20;

/// One service's line on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceRow {
    pub letter: String,
    pub label: String,
    pub waiting: u32,
    /// Minutes a newcomer may expect to wait (0: none), as a kiosk would
    /// print it for a ticket taken now.
    pub expected_minutes: i64,
}

/// Everything the board shows, as `ui::board` draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardView {
    pub lang: Lang,
    pub branch: String,
    pub now: DateTime<FixedOffset>,
    /// The newest call (or recall); none yet today.
    pub current: Option<BoardCall>,
    /// The calls before it, newest first, at most [`RECENT`].
    pub recent: Vec<BoardCall>,
    pub services: Vec<ServiceRow>,
    /// The key that quits, as the footer names it.
    pub quit_key: String,
    /// Why the board could not read the queue just now (it keeps trying).
    pub trouble: Option<String>,
}

/// The board's state: the store it reads, where in the trail it has read
/// up to, and the calls still to ring and say.
pub struct Board {
    store: Store,
    clock: Clock,
    catalog: Catalog,
    settings_version: i64,
    pub view: BoardView,
    /// The newest event looked at: calls after it are news.
    seen_event: i64,
    data_version: i64,
    day: NaiveDate,
    /// The newest call seen while the board runs (a recall included).
    last_call: Option<BoardCall>,
    bells: u32,
    pub announcer: Announcer,
    /// Each service's usual minutes at a counter, read once a day.
    usual: Option<(NaiveDate, BTreeMap<String, f64>)>,
}

impl Board {
    /// The board on `store`, as it is now: calls made before it started are
    /// shown but never rung or said.
    pub fn new(
        store: Store,
        clock: Clock,
        catalog: Catalog,
        lang: Lang,
        quit_key: &str,
    ) -> Result<Board, StoreError> {
        let data_version = store.data_version()?;
        let seen_event = store.db().last_event_id()?;
        let settings_version = store.db().settings()?.version;
        let announcer = Announcer::new(catalog.board.announce.as_deref());
        let view = BoardView {
            lang,
            branch: catalog.branch.name(lang).to_string(),
            now: minute(&clock),
            current: None,
            recent: Vec::new(),
            services: Vec::new(),
            quit_key: quit_key.to_string(),
            trouble: None,
        };
        let mut board = Board {
            day: clock.today(),
            store,
            clock,
            catalog,
            settings_version,
            view,
            seen_event,
            data_version,
            last_call: None,
            bells: 0,
            announcer,
            usual: None,
        };
        board.read()?;
        Ok(board)
    }

    /// Look for what other processes wrote and for a new minute: new calls
    /// are rung and said, the view read again. Returns whether it changed.
    /// The database file the board reads (watched for changes).
    pub fn path(&self) -> &std::path::Path {
        self.store.path()
    }

    /// A failed read is shown and tried again on the next tick.
    pub fn tick(&mut self) -> bool {
        let before = self.view.clone();
        let result = self.look();
        self.view.trouble = result.err().map(|e| e.message(self.view.lang));
        self.announcer.pump();
        self.view != before
    }

    /// How many times to ring the bell: once for each call since last asked.
    pub fn take_bells(&mut self) -> u32 {
        std::mem::take(&mut self.bells)
    }

    fn look(&mut self) -> Result<(), StoreError> {
        self.view.now = minute(&self.clock);
        let day = self.clock.today();
        // Read before the records: whatever is saved meanwhile is read again.
        let version = self.store.data_version()?;
        if version == self.data_version && day == self.day {
            return Ok(());
        }
        if day != self.day {
            self.last_call = None;
            self.day = day;
        }
        let db = self.store.db();
        let upto = db.last_event_id()?;
        if upto > self.seen_event {
            let since = self.clock.start_of_today();
            let calls = db.calls_since(self.seen_event, upto, since, CALLS_PER_LOOK)?;
            self.seen_event = upto;
            for call in calls {
                self.bells += 1;
                self.announcer.say(sentence(self.view.lang, &call));
                self.last_call = Some(call);
            }
            self.read_settings()?;
        }
        self.read()?;
        self.data_version = version;
        Ok(())
    }

    /// The branch settings again if the head changed them (the announcement
    /// command, the services' names, the counters).
    fn read_settings(&mut self) -> Result<(), StoreError> {
        let stored = self.store.db().settings()?;
        if stored.version == self.settings_version {
            return Ok(());
        }
        self.settings_version = stored.version;
        if let Ok(catalog) = Catalog::from_settings(&stored.text) {
            self.announcer
                .set_command(catalog.board.announce.as_deref());
            self.view.branch = catalog.branch.name(self.view.lang).to_string();
            self.catalog = catalog;
        }
        Ok(())
    }

    /// The day's calls and queue into the view.
    fn read(&mut self) -> Result<(), StoreError> {
        let db = self.store.db();
        let calls = db.board_calls(self.day, RECENT + 1)?;
        let board_queue = db.board_queue(self.day)?;
        let current = self.last_call.clone().or_else(|| calls.first().cloned());
        let shown = current.as_ref().map(|c| c.ticket_id);
        self.view.recent = calls
            .into_iter()
            .filter(|c| Some(c.ticket_id) != shown)
            .take(RECENT)
            .collect();
        self.view.current = current;
        let open = db.open_tickets(self.day)?;
        if self.usual.as_ref().is_none_or(|u| u.0 != self.day) {
            self.usual = Some((self.day, queue::usual_minutes(&db, self.day)?));
        }
        let usual = self.usual.as_ref().map(|u| &u.1).expect("just read");
        let waits =
            queue::newcomer_waits(&db, &self.catalog, &open, self.day, self.clock.now(), usual)?;
        self.view.services = self
            .catalog
            .services
            .iter()
            .map(|s| {
                let waiting = board_queue
                    .iter()
                    .find(|q| q.service == s.letter)
                    .map_or(0, |q| q.waiting);
                let expected = waits.iter().find(|w| w.0 == s.letter).map_or(0.0, |w| w.1);
                ServiceRow {
                    letter: s.letter.clone(),
                    label: s.label.get(self.view.lang).to_string(),
                    waiting,
                    expected_minutes: shown_minutes(expected),
                }
            })
            .collect();
        Ok(())
    }
}

/// The local time to the minute, as the board shows it (a new second is no
/// reason to draw again).
fn minute(clock: &Clock) -> DateTime<FixedOffset> {
    let now = clock.local_now();
    now.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now)
}

/// What is said for a call: "请A012号到3号窗口" / "Ticket A012, please go to
/// counter 3".
pub fn sentence(lang: Lang, call: &BoardCall) -> String {
    Msg::BoardSentence.fill(lang, &[("n", &call.number), ("c", &call.counter)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_is_in_the_board_s_language() {
        let call = BoardCall {
            ticket_id: 1,
            number: "A012".into(),
            counter: 3,
            at: chrono::Utc::now(),
            calls: 1,
        };
        assert_eq!(sentence(Lang::Zh, &call), "请A012号到3号窗口");
        assert_eq!(
            sentence(Lang::En, &call),
            "Ticket A012, please go to counter 3"
        );
    }
}
