//! The hot queries: the SQL the screens run on every reload, key press or
//! minute, and on every write. Their query plans must not grow with history:
//! each reads its rows through an index, and none scans a whole table of
//! records (tickets, cards, prospects, contacts, events). `tests/query_plans.rs`
//! checks the plans of exactly these statements, the same strings the store runs.
//!
//! The application never runs `ANALYZE`, so SQLite plans every statement from
//! the schema alone: the plan on a small test database is the plan on five
//! years of a busy branch.

use super::{
    board, cards, clients, complaints, events, lost_reasons, mine, notices, pairs, prospects,
    queue, report, search, sweep, tickets, Db, Result,
};

/// One statement the screens depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HotQuery {
    /// Where it is run, e.g. `tickets::OPEN_TICKETS`.
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every hot statement of the store.
pub fn hot_queries() -> Vec<HotQuery> {
    macro_rules! q {
        ($($module:ident :: $name:ident),* $(,)?) => {
            vec![$(HotQuery {
                name: concat!(stringify!($module), "::", stringify!($name)),
                sql: $module::$name,
            }),*]
        };
    }
    let mut all = q![
        tickets::MAX_SEQ,
        tickets::TICKET,
        tickets::OPEN_TICKETS,
        tickets::OPEN_TICKETS_OF,
        tickets::NO_SHOWS_SINCE,
        tickets::AT_COUNTER,
        tickets::RECENT_CALLS,
        tickets::UPDATE_TICKET,
        tickets::DAY_FIGURES,
        queue::VISITS_TIMED,
        queue::USUAL_MINUTES,
        queue::SET_TRANSFER,
        cards::CARD,
        cards::CLIENT_CARDS_ON_LINE,
        cards::CLIENT_OPEN_CARDS,
        cards::CHAIN,
        cards::LINE_PLACES,
        cards::LINE_CARDS_BY_ID,
        cards::LINE_CARD,
        prospects::OPEN_PROSPECT,
        prospects::PROSPECT,
        prospects::CLIENT_PROSPECTS,
        prospects::DUE_PROSPECTS,
        sweep::SWEEP_CARDS,
        sweep::SWEEP_PROSPECTS,
        sweep::SWEEP_OWNER_PROSPECTS,
        prospects::PROSPECTS,
        prospects::OWNER_PROSPECTS,
        prospects::STAFF_NAMES,
        prospects::CONTACTS,
        clients::CLIENT_BY_MOBILE,
        clients::HISTORY_VISITS,
        clients::HISTORY_CARDS,
        clients::HISTORY_CONTACTS,
        search::SEARCH_BY_NAME,
        search::GRAM_COUNT,
        search::SEARCH_BY_LAST_FOUR,
        search::SEARCH_BY_MOBILE,
        search::FOUND_CLIENT,
        search::TICKET_CLIENT,
        search::PROSPECT_CLIENT,
        events::EVENTS_OF,
        events::LAST_EVENT_ID,
        events::CHANGED_SINCE,
        report::REPORT_HOURS,
        report::REPORT_WAITS,
        report::REPORT_DONE,
        report::REPORT_LINES,
        report::REPORT_OBJECTIONS,
        report::REPORT_FUNNEL,
        report::REPORT_FOLLOWUPS,
        report::REPORT_OPEN_FOLLOWUPS,
        lost_reasons::LOST_BY_REASON,
        pairs::PAIR_CARDS,
        report::REPORT_STAFF,
        mine::MY_REFERRALS,
        mine::MY_REFERRALS_BY_CHAIN,
        mine::MY_MADE,
        mine::CHAIN_LINKS,
        mine::MY_CREDITS,
        board::BOARD_CALLS,
        board::BOARD_QUEUE,
        board::CALLS_SINCE,
        notices::CARDS_WAITING,
        complaints::OVERDUE_UNTOLD,
        prospects::OLDEST_ENDED,
    ];
    // The Follow-ups list's window: each part counted (off the index alone,
    // and filtered) and read a page at a time, from its start or its end;
    // searched, read whole from the clients the search finds by index.
    const PARTS: [[&str; 4]; prospects::PARTS] = [
        [
            "prospects::PART_SQL overdue count",
            "prospects::PART_SQL overdue count filtered",
            "prospects::PART_SQL overdue page",
            "prospects::PART_SQL overdue page from the end",
        ],
        [
            "prospects::PART_SQL today count",
            "prospects::PART_SQL today count filtered",
            "prospects::PART_SQL today page",
            "prospects::PART_SQL today page from the end",
        ],
        [
            "prospects::PART_SQL no due count",
            "prospects::PART_SQL no due count filtered",
            "prospects::PART_SQL no due page",
            "prospects::PART_SQL no due page from the end",
        ],
        [
            "prospects::PART_SQL later count",
            "prospects::PART_SQL later count filtered",
            "prospects::PART_SQL later page",
            "prospects::PART_SQL later page from the end",
        ],
        [
            "prospects::PART_SQL ended no due count",
            "prospects::PART_SQL ended no due count filtered",
            "prospects::PART_SQL ended no due page",
            "prospects::PART_SQL ended no due page from the end",
        ],
        [
            "prospects::PART_SQL ended count",
            "prospects::PART_SQL ended count filtered",
            "prospects::PART_SQL ended page",
            "prospects::PART_SQL ended page from the end",
        ],
    ];
    for (names, sqls) in PARTS.iter().zip(prospects::PART_SQL.iter()) {
        for (&name, &sql) in names.iter().zip(sqls.iter()) {
            all.push(HotQuery { name, sql });
        }
    }
    all.extend(q![
        prospects::ENDED_FIRST_DUE,
        prospects::SEARCHED,
        prospects::SEARCHED_PLACES,
        prospects::PROSPECTS_BY_ID,
    ]);
    all
}

impl Db<'_> {
    /// SQLite's `EXPLAIN QUERY PLAN` of `sql`, one line per step, indented by
    /// depth, e.g. `SEARCH t USING INDEX tickets_day_status (day=? AND status=?)`.
    /// The statement's parameters are left unbound: the plan does not depend
    /// on them.
    pub fn query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let mut stmt = self.lite()?.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let mut rows = stmt.raw_query();
        let mut steps: Vec<(i64, i64, String)> = Vec::new();
        while let Some(r) = rows.next()? {
            steps.push((r.get(0)?, r.get(1)?, r.get(3)?));
        }
        let depth = |mut parent: i64| {
            let mut d = 0;
            while let Some((_, p, _)) = steps.iter().find(|(id, _, _)| *id == parent) {
                d += 1;
                parent = *p;
            }
            d
        };
        Ok(steps
            .iter()
            .map(|(_, parent, detail)| format!("{}{detail}", "  ".repeat(depth(*parent))))
            .collect())
    }
}
