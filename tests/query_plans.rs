//! The hot queries' plans: every statement the screens run on a reload, a key
//! press or a write (`lobbydesk::store::plans::hot_queries`, the very strings
//! the store runs) reads its rows through an index and scans no table of
//! records, so that no key and no frame slows down as the branch's history
//! grows. The app never runs ANALYZE, so the plans on this small database are
//! the plans on five years of history.

use chrono::{NaiveDate, TimeZone, Utc};
use lobbydesk::domain::event::EventKind;
use lobbydesk::store::plans::{hot_queries, HotQuery};
use lobbydesk::store::prospects::{Contact, NewProspect};
use lobbydesk::store::tickets::NewTicket;
use lobbydesk::store::{Store, StoreError};
use serde_json::json;
use tempfile::TempDir;

/// The tables that grow with history.
const RECORDS: [&str; 5] = ["tickets", "cards", "prospects", "contacts", "events"];

/// A fresh database with a few rows: a client, a ticket, a prospect with a
/// contact, and their events. (The plans would be the same without them.)
fn store(dir: &TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("plans.db")).expect("open");
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 2, 30, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    store
        .write(|db| -> Result<(), StoreError> {
            let (client, _) = db.find_or_add_client(Some("王芳"), Some("13800138000"), now)?;
            let ticket = NewTicket {
                service: "A".into(),
                priority: "normal".into(),
                client_id: Some(client),
                ..NewTicket::default()
            };
            let t = db.add_ticket(day, &ticket, now)?;
            db.add_event(now, "LOBBY", EventKind::TicketAdd, Some(t.id), json!({}))?;
            let p = NewProspect {
                client_id: client,
                owner: "LOBBY".into(),
                source_card: None,
                line: None,
                next_due: day,
            };
            let id = db.add_prospect(&p, now)?;
            db.add_contact(&Contact {
                prospect_id: id,
                at: now,
                by: "LOBBY".into(),
                channel: "phone".into(),
                summary: "called".into(),
                result: String::new(),
                next_step: String::new(),
                next_due: None,
            })?;
            db.add_event(now, "LOBBY", EventKind::ProspectAdd, Some(id), json!({}))
        })
        .expect("a few rows");
    store
}

/// The aliases `sql` gives the tables of records (`FROM tickets t` → `t`).
fn aliases(sql: &str) -> Vec<String> {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let keywords = [
        "as", "where", "join", "left", "cross", "inner", "on", "group", "order", "union", "set",
        "limit", "values",
    ];
    let mut out = Vec::new();
    for pair in words.windows(3) {
        if RECORDS.contains(&pair[0].as_str()) {
            let alias = if pair[1] == "as" { &pair[2] } else { &pair[1] };
            if !keywords.contains(&alias.as_str()) {
                out.push(alias.clone());
            }
        }
    }
    out
}

/// The plan's steps that scan a table of records (by name or alias), in full
/// or through a whole index.
fn scans(q: &HotQuery, plan: &[String]) -> Vec<String> {
    let mut names: Vec<String> = RECORDS.iter().map(|s| s.to_string()).collect();
    names.extend(aliases(q.sql));
    plan.iter()
        .filter(|step| {
            let step = step.trim_start();
            step.strip_prefix("SCAN ").is_some_and(|rest| {
                let object = rest.split_whitespace().next().unwrap_or("");
                names.iter().any(|n| n == object)
            })
        })
        .cloned()
        .collect()
}

/// Every hot statement reads its rows of records through an index.
#[test]
fn hot_queries_scan_no_table_of_records() {
    let dir = TempDir::new().unwrap();
    let store = store(&dir);
    let mut bad = Vec::new();
    for q in hot_queries() {
        let plan = store
            .db()
            .query_plan(q.sql)
            .unwrap_or_else(|e| panic!("{}: {e}", q.name));
        let scans = scans(&q, &plan);
        if !scans.is_empty() {
            bad.push(format!("{}:\n  {}", q.name, plan.join("\n  ")));
        }
    }
    assert!(
        bad.is_empty(),
        "plans that scan a table of records:\n{}",
        bad.join("\n")
    );
}

/// The queries that must use one index in particular, for their ORDER BY or
/// their range (a plan that merely avoids a scan could still read far more).
#[test]
fn hot_queries_use_their_indexes() {
    let dir = TempDir::new().unwrap();
    let store = store(&dir);
    let expect = [
        // The open tickets of any day: few, in their partial index.
        ("tickets::OPEN_TICKETS", "tickets_open (day<?)"),
        // The ticket at a counter: in the same partial index.
        ("tickets::AT_COUNTER", "tickets_open (day<?)"),
        (
            "tickets::OPEN_TICKETS_OF",
            "tickets_day_status (day=? AND status=?)",
        ),
        ("tickets::RECENT_CALLS", "(day=? AND call_seq>?)"),
        ("clients::HISTORY_VISITS", "tickets_client (client_id=?)"),
        (
            "clients::HISTORY_CARDS",
            "cards_client_created (client_id=?)",
        ),
        // A client's contacts: their prospects, then each one's contacts.
        (
            "clients::HISTORY_CONTACTS",
            "prospects_client (client_id=?)",
        ),
        (
            "clients::HISTORY_CONTACTS",
            "contacts_prospect (prospect_id=?)",
        ),
        // Clients found through the name index, by a character or a pair.
        ("search::SEARCH_BY_NAME", "client_grams_gram (gram=?)"),
        ("search::GRAM_COUNT", "client_grams_gram (gram=?)"),
        (
            "search::SEARCH_BY_LAST_FOUR",
            "clients_mobile_last4 (<expr>=?)",
        ),
        ("search::SEARCH_BY_MOBILE", "(mobile=?)"),
        ("cards::CHAIN", "cards_root (root_id=?)"),
        (
            "cards::LINE_PLACES",
            "COVERING INDEX cards_line_status (line=? AND status=?)",
        ),
        (
            "cards::LINE_PLACES",
            "cards_line_outcome (line=? AND outcome_at>?)",
        ),
        (
            "cards::LINE_CARDS_BY_ID",
            "SEARCH k USING INTEGER PRIMARY KEY (rowid=?)",
        ),
        ("prospects::PROSPECTS", "prospects_stage_due (stage=?)"),
        (
            "prospects::PROSPECTS",
            "prospects_ended_at_due (ended_at>?)",
        ),
        (
            "prospects::OWNER_PROSPECTS",
            "prospects_owner (owner=? AND stage=?)",
        ),
        (
            "report::REPORT_LINES",
            "cards_outcome (outcome_at>? AND outcome_at<?)",
        ),
        (
            "report::REPORT_OBJECTIONS",
            "cards_status_outcome (status=? AND outcome_at>? AND outcome_at<?)",
        ),
        ("report::REPORT_FOLLOWUPS", "contacts_at (at>? AND at<?)"),
        (
            "pairs::PAIR_CARDS",
            "COVERING INDEX cards_pair (created_at>? AND created_at<?)",
        ),
        (
            "lost_reasons::LOST_BY_REASON",
            "COVERING INDEX prospects_lost (ended_at>? AND ended_at<?)",
        ),
        (
            "report::REPORT_OPEN_FOLLOWUPS",
            "COVERING INDEX prospects_stage_due (stage=?)",
        ),
        (
            "mine::MY_REFERRALS",
            "cards_referrer_created (referrer=? AND created_at>? AND created_at<?)",
        ),
        (
            "mine::MY_REFERRALS",
            "cards_referrer_accepted (referrer=? AND accepted_at>? AND accepted_at<?)",
        ),
        (
            "mine::MY_REFERRALS",
            "cards_referrer_outcome (referrer=? AND outcome_at>? AND outcome_at<?)",
        ),
        (
            "mine::MY_CREDITS",
            "cards_referred_by_created (referred_by=? AND created_at>? AND created_at<?)",
        ),
        ("mine::CHAIN_LINKS", "cards_root (root_id=?)"),
        (
            "mine::MY_REFERRALS_BY_CHAIN",
            "COVERING INDEX cards_referrer_root (referrer=?)",
        ),
        (
            "mine::MY_MADE",
            "COVERING INDEX cards_referrer_created (referrer=? AND created_at>? AND created_at<?)",
        ),
        (
            "mine::MY_CREDITS",
            "cards_referrer_outcome (referrer=? AND outcome_at>? AND outcome_at<?)",
        ),
        (
            "mine::MY_CREDITS",
            "cards_closer_outcome (<expr>=? AND outcome_at>? AND outcome_at<?)",
        ),
        (
            "mine::MY_CREDITS",
            "contacts_by_at (by=? AND at>? AND at<?)",
        ),
        ("events::CHANGED_SINCE", "INTEGER PRIMARY KEY (rowid>?)"),
        (
            "board::BOARD_CALLS",
            "tickets_day_call (day=? AND call_seq>?)",
        ),
        ("board::BOARD_QUEUE", "(day=?)"),
        (
            "board::CALLS_SINCE",
            "INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
        (
            "events::EVENTS_OF",
            "events_record (record=? AND record_id=?)",
        ),
        // Every desk looks for cards left waiting: only the new ones.
        ("notices::CARDS_WAITING", "(status=?)"),
        (
            "notices::CARDS_WAITING",
            "notices_once (kind=? AND record=? AND record_id=?)",
        ),
        // The Follow-ups list a window at a time: each part counted and
        // paged off the due-date index, the ended ones off their own.
        (
            "prospects::PART_SQL overdue count",
            "prospects_stage_due (stage=? AND next_due<?)",
        ),
        (
            "prospects::PART_SQL overdue page",
            "prospects_stage_due (stage=? AND next_due<?)",
        ),
        (
            "prospects::PART_SQL today count",
            "prospects_stage_due (stage=? AND next_due=?)",
        ),
        (
            "prospects::PART_SQL today page",
            "prospects_stage_due (stage=? AND next_due=?)",
        ),
        (
            "prospects::PART_SQL no due page",
            "prospects_stage_due (stage=? AND next_due=?)",
        ),
        (
            "prospects::PART_SQL later count",
            "prospects_stage_due (stage=? AND next_due>?)",
        ),
        (
            "prospects::PART_SQL later page",
            "prospects_stage_due (stage=? AND next_due>?)",
        ),
        (
            "prospects::PART_SQL ended count",
            "prospects_ended_at_due (ended_at>?)",
        ),
        (
            "prospects::PART_SQL ended count filtered",
            "prospects_ended_at_due (ended_at>?)",
        ),
        (
            "prospects::PART_SQL ended page",
            "prospects_ended_due (next_due>?)",
        ),
        (
            "prospects::PART_SQL ended page from the end",
            "prospects_ended_due (next_due>?)",
        ),
        (
            "prospects::PART_SQL ended no due count",
            "prospects_ended_due (next_due=? AND ended_at>?)",
        ),
        (
            "prospects::PART_SQL ended no due page",
            "prospects_ended_due (next_due=? AND ended_at>?)",
        ),
        (
            "prospects::PART_SQL ended no due page from the end",
            "prospects_ended_due (next_due=? AND ended_at>?)",
        ),
        (
            "prospects::ENDED_FIRST_DUE",
            "prospects_ended_at_due (ended_at>?)",
        ),
        // Each part's end read backwards off the same index as its start.
        (
            "prospects::PART_SQL overdue page from the end",
            "prospects_stage_due (stage=? AND next_due<?)",
        ),
        (
            "prospects::PART_SQL today page from the end",
            "prospects_stage_due (stage=? AND next_due=?)",
        ),
        (
            "prospects::PART_SQL no due page from the end",
            "prospects_stage_due (stage=? AND next_due=?)",
        ),
        (
            "prospects::PART_SQL later page from the end",
            "prospects_stage_due (stage=? AND next_due>?)",
        ),
        (
            "prospects::OLDEST_ENDED",
            "prospects_ended_at_due (ended_at>?)",
        ),
        // The closing sweep's keys: today's open cards of a line, and the
        // due prospects (everyone's or one owner's) off their indexes alone.
        (
            "sweep::SWEEP_CARDS",
            "cards_line_status (line=? AND status=? AND created_at>?)",
        ),
        (
            "sweep::SWEEP_PROSPECTS",
            "COVERING INDEX prospects_stage_due (stage=? AND next_due<?)",
        ),
        (
            "sweep::SWEEP_OWNER_PROSPECTS",
            "COVERING INDEX prospects_owner_due (owner=? AND next_due<?)",
        ),
    ];
    for (name, wanted) in expect {
        let q = hot_queries()
            .into_iter()
            .find(|q| q.name == name)
            .unwrap_or_else(|| panic!("no hot query {name}"));
        let plan = store.db().query_plan(q.sql).unwrap();
        assert!(
            plan.iter().any(|step| step.contains(wanted)),
            "{name} should use {wanted}:\n  {}",
            plan.join("\n  ")
        );
    }
    // Newest first straight off the index: no sort of a client's history,
    // and the searches list the most recent visitors without sorting the
    // clients they find.
    for name in [
        "clients::HISTORY_VISITS",
        "clients::HISTORY_CARDS",
        "search::SEARCH_BY_NAME",
        "search::SEARCH_BY_LAST_FOUR",
        "prospects::PART_SQL overdue page",
        "prospects::PART_SQL today page",
        "prospects::PART_SQL no due page",
        "prospects::PART_SQL later page",
        "prospects::PART_SQL ended no due page",
        "prospects::PART_SQL ended page",
        "prospects::PART_SQL overdue page from the end",
        "prospects::PART_SQL today page from the end",
        "prospects::PART_SQL no due page from the end",
        "prospects::PART_SQL later page from the end",
        "prospects::PART_SQL ended no due page from the end",
        "prospects::PART_SQL ended page from the end",
        "prospects::OLDEST_ENDED",
        "sweep::SWEEP_PROSPECTS",
        "sweep::SWEEP_OWNER_PROSPECTS",
        "sweep::SWEEP_CARDS",
    ] {
        let q = hot_queries()
            .into_iter()
            .find(|q| q.name == name)
            .unwrap_or_else(|| panic!("no hot query {name}"));
        let plan = store.db().query_plan(q.sql).unwrap();
        assert!(
            !plan.iter().any(|s| s.contains("TEMP B-TREE")),
            "{name}:\n{}",
            plan.join("\n")
        );
    }
}

/// The checker itself: it sees a scan by table name, by alias and through a
/// whole index, and lets a search or a scan of a small table pass.
#[test]
fn the_checker_sees_scans() {
    let q = HotQuery {
        name: "example",
        sql: "SELECT * FROM tickets t JOIN staff s ON s.code = t.teller",
    };
    let plan = |steps: &[&str]| steps.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(scans(&q, &plan(&["SCAN t"])).len(), 1);
    assert_eq!(scans(&q, &plan(&["  SCAN tickets USING INDEX x"])).len(), 1);
    assert_eq!(
        scans(&q, &plan(&["SCAN t USING COVERING INDEX y"])).len(),
        1
    );
    assert!(scans(&q, &plan(&["SEARCH t USING INDEX z (day=?)", "SCAN s"])).is_empty());
    assert_eq!(
        aliases("FROM cards k JOIN prospects AS p WHERE"),
        ["k", "p"]
    );
    assert!(aliases("FROM contacts WHERE at > 0").is_empty());
    // And the statement under test really is the one the store runs: it explains.
    let dir = TempDir::new().unwrap();
    let store = store(&dir);
    assert!(!store.db().query_plan(q.sql).unwrap().is_empty());
}

/// The Follow-ups list searched: read from the clients with a prospect the
/// search finds by index (a name's entry among the prospects' clients, a
/// mobile's last four, the whole mobile) to their prospects, never from the
/// list's prospects nor from every client of that name.
#[test]
fn searched_follow_ups_start_from_the_clients_found() {
    let dir = TempDir::new().unwrap();
    let store = store(&dir);
    for name in ["prospects::SEARCHED", "prospects::SEARCHED_PLACES"] {
        let q = hot_queries()
            .into_iter()
            .find(|q| q.name == name)
            .expect("the searched list is a hot query");
        let plan = store.db().query_plan(q.sql).unwrap();
        searched_from_the_clients_found(&q, &plan);
        // Where each goes is read off the index: not a row of years of
        // ended prospects.
        let covering = plan
            .iter()
            .any(|s| s.contains("COVERING INDEX prospects_listed (client_id=?)"));
        assert!(
            covering || name != "prospects::SEARCHED_PLACES",
            "{name} off the index alone:\n  {}",
            plan.join("\n  ")
        );
    }
    // Its rows, a window at a time, by their ids.
    let q = hot_queries()
        .into_iter()
        .find(|q| q.name == "prospects::PROSPECTS_BY_ID")
        .expect("the searched list's rows are a hot query");
    let plan = store.db().query_plan(q.sql).unwrap();
    assert!(
        plan.iter()
            .any(|s| s.contains("SEARCH p USING INTEGER PRIMARY KEY (rowid=?)")),
        "{}:\n  {}",
        q.name,
        plan.join("\n  ")
    );
}

fn searched_from_the_clients_found(q: &HotQuery, plan: &[String]) {
    for wanted in [
        "prospect_grams USING PRIMARY KEY (gram=?)",
        "clients_mobile_last4 (<expr>=?)",
        "(mobile=?)",
        "prospects_listed (client_id=?)",
    ] {
        assert!(
            plan.iter().any(|step| step.contains(wanted)),
            "{} should use {wanted}:\n  {}",
            q.name,
            plan.join("\n  ")
        );
    }
    assert!(
        !plan.iter().any(|s| s.contains("client_grams")),
        "not every client of that name:\n  {}",
        plan.join("\n  ")
    );
}
