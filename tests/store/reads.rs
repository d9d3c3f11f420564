//! Day figures, changes since an event, filters and checkpoints.

use super::*;

// ---------------------------------------------------------------- figures

#[test]
fn day_figures_on_a_known_small_day() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let at = |m: i64| t0() + mins(m);
    let d = day();

    // A001: arrives 0, called 4, served 5–9: done, waited 4.
    let a1 = add(&mut store, d, "A", at(0));
    let a1 = step(&mut store, &a1, call(1), at(4));
    let a1 = step(&mut store, &a1, Step::Start, at(5));
    step(&mut store, &a1, Step::Finish, at(9));
    // A002: arrives 1, called 11, served: done, waited 10.
    let a2 = add(&mut store, d, "A", at(1));
    let a2 = step(&mut store, &a2, call(1), at(11));
    let a2 = step(&mut store, &a2, Step::Start, at(12));
    step(&mut store, &a2, Step::Finish, at(14));
    // A003: arrives 2, called 12, never comes: waited 10, not served.
    let a3 = add(&mut store, d, "A", at(2));
    let a3 = step(&mut store, &a3, call(2), at(12));
    step(&mut store, &a3, Step::NoShow, at(13));
    // B001: arrives 3, diverted to self-service without a call: no wait counted.
    let b1 = add(&mut store, d, "B", at(3));
    let divert = Step::Divert {
        target: "self".into(),
    };
    step(&mut store, &b1, divert, at(3));
    // B002: arrives 6, called 20, being served now: waited 14, not yet served.
    let b2 = add(&mut store, d, "B", at(6));
    let b2 = step(&mut store, &b2, call(2), at(20));
    step(&mut store, &b2, Step::Start, at(21));
    // A004: arrives 5, still waiting at 30: waited 25 so far.
    add(&mut store, d, "A", at(5));
    // A005: arrives 20, still waiting at 30: waited 10 so far.
    add(&mut store, d, "A", at(20));
    // Yesterday's ticket does not count.
    let yesterday = d.pred_opt().unwrap();
    add(&mut store, yesterday, "A", at(-24 * 60));

    let figures = store.db().day_figures(d, at(30)).unwrap();
    // Waits counted: 4, 10, 10, 14, 25, 10 → sum 73 over 6 = 12.17 → 12; longest 25.
    assert_eq!(
        figures,
        DayFigures {
            waiting: 2,
            served: 2,
            avg_wait_minutes: 12,
            max_wait_minutes: 25,
        }
    );
    // Ten minutes later the two still waiting have waited 35 and 20:
    // 4 + 10 + 10 + 14 + 35 + 20 = 93 over 6 = 15.5 → 16; longest 35.
    let later = store.db().day_figures(d, at(40)).unwrap();
    assert_eq!((later.avg_wait_minutes, later.max_wait_minutes), (16, 35));

    let empty = store
        .db()
        .day_figures(d.succ_opt().unwrap(), at(30))
        .unwrap();
    assert_eq!(empty, DayFigures::default());
}

// ---------------------------------------------------------------- reading again what changed

#[test]
fn changed_since_names_each_record_once_and_stops_at_its_limit() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let start = store.db().last_event_id().unwrap();
    let a = add(&mut store, day(), "A", t0());
    let b = add(&mut store, day(), "A", t0());
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for (id, kind) in [
                (a.id, EventKind::TicketAdd),
                (b.id, EventKind::TicketAdd),
                (a.id, EventKind::TicketCall),
            ] {
                db.add_event(t0(), "LOBBY", kind, Some(id), serde_json::json!({}))?;
            }
            db.add_event(
                t0(),
                "LOBBY",
                EventKind::StaffAdd,
                None,
                serde_json::json!({}),
            )
        })
        .unwrap();
    let end = store.db().last_event_id().unwrap();
    assert_eq!(end, start + 4);

    let all = store.db().changed_since(start, 10).unwrap();
    let ticket = |id: i64| ("ticket".to_string(), Some(id));
    assert_eq!(
        all.records,
        [ticket(a.id), ticket(b.id), ("staff".to_string(), None)]
    );
    assert_eq!((all.last, all.more), (end, false));

    let first = store.db().changed_since(start, 2).unwrap();
    assert_eq!(first.records, [ticket(a.id), ticket(b.id)]);
    assert_eq!((first.last, first.more), (start + 2, true));

    let none = store.db().changed_since(end, 10).unwrap();
    assert!(none.records.is_empty());
    assert_eq!((none.last, none.more), (end, false));
}

/// The Follow-ups list filtered in memory (`Filter::matches`) holds exactly
/// what the SQL reads with the same filter.
#[test]
fn a_filter_in_memory_keeps_what_the_sql_keeps() {
    use lobbydesk::domain::followup::Stage;
    use lobbydesk::store::prospects::{Filter, NewProspect};
    use lobbydesk::store::staff::Staff;

    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let now = t0();
    let clients: [(Option<&str>, Option<&str>, &str, bool); 7] = [
        (Some("王小明"), Some("13912345678"), "normal", true),
        (Some("Wang Fang"), Some("13800001391"), "gold", false),
        (Some("WANG_li"), None, "wealth", true),
        (None, Some("13700000000"), "normal", true),
        (Some("李%芳"), Some("13600000000"), "gold", false),
        (Some("欧阳小明"), Some("13500005678"), "private", true),
        (Some("Zhao"), Some("13400000001"), "normal", false),
    ];
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for code in ["W01", "C01"] {
                db.put_staff(&Staff {
                    code: code.into(),
                    name: code.into(),
                    roles: vec!["wealth".into()],
                    counter: None,
                    active: true,
                })?;
            }
            for (k, (name, mobile, _, consent)) in clients.iter().enumerate() {
                let (id, _) = db.find_or_add_client(*name, *mobile, now)?;
                db.set_consent(id, *consent, "LOBBY", now)?;
                for (j, (owner, line)) in [
                    ("W01", Some("wealth")),
                    ("C01", None),
                    ("LOBBY", Some("credit")),
                ]
                .into_iter()
                .enumerate()
                {
                    let p = db.add_prospect(
                        &NewProspect {
                            client_id: id,
                            owner: owner.into(),
                            source_card: None,
                            line: line.map(String::from),
                            next_due: day(),
                        },
                        now,
                    )?;
                    // Some ended long ago, some lately, some open.
                    let ended = match (k + j) % 3 {
                        0 => None,
                        1 => Some(now - chrono::Duration::days(40)),
                        _ => Some(now - chrono::Duration::days(3)),
                    };
                    if let Some(at) = ended {
                        db.end_prospect(p, Stage::Lost, None, None, None, "", at)?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    let mut check = check(&dir);
    let set_tier = if on_server() {
        "UPDATE clients SET tier = ?1
         WHERE name IS NOT DISTINCT FROM ?2 AND mobile IS NOT DISTINCT FROM ?3"
    } else {
        "UPDATE clients SET tier = ?1 WHERE name IS ?2 AND mobile IS ?3"
    };
    for (name, mobile, tier, _) in clients {
        check.run(set_tier, args![tier, name, mobile]);
    }

    let since = Some(now - chrono::Duration::days(30));
    let base = Filter {
        ended_since: since,
        ..Filter::default()
    };
    let everything = store.db().prospects(&base).unwrap();
    let searches = [
        None,
        Some(""),
        Some("王"),
        Some("wang"),
        Some("WANG"),
        Some("1391"),
        Some("_"),
        Some("%"),
        Some("li"),
        Some("小明"),
        Some("5678"),
        Some("nobody"),
    ];
    let mut checked = 0;
    for search in searches {
        for owner in [None, Some("W01"), Some("LOBBY")] {
            for line in [None, Some("wealth"), Some("credit")] {
                for tier in [None, Some("normal"), Some("gold")] {
                    for consenting_only in [false, true] {
                        for ended_since in [None, since] {
                            let f = Filter {
                                owner: owner.map(String::from),
                                line: line.map(String::from),
                                tier: tier.map(String::from),
                                search: search.map(String::from),
                                ended_since,
                                consenting_only,
                            };
                            let sql: Vec<i64> = store
                                .db()
                                .prospects(&f)
                                .unwrap()
                                .iter()
                                .map(|p| p.id)
                                .collect();
                            let memory: Vec<i64> = everything
                                .iter()
                                .filter(|p| f.matches(p))
                                .map(|p| p.id)
                                .collect();
                            assert_eq!(memory, sql, "{f:?}");
                            checked += usize::from(!sql.is_empty());
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 100, "enough filters keep something: {checked}");
}

#[test]
fn a_clients_prospects_are_read_whatever_their_stage() {
    use lobbydesk::domain::followup::Stage;
    use lobbydesk::store::prospects::NewProspect;

    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let now = t0();
    let (client, ids) = store
        .write(|db| -> Result<_, lobbydesk::store::StoreError> {
            let (client, _) = db.find_or_add_client(Some("王芳"), Some("13800138000"), now)?;
            let (other, _) = db.find_or_add_client(Some("李雷"), Some("13800138001"), now)?;
            let mut ids = Vec::new();
            for c in [client, other, client] {
                ids.push(db.add_prospect(
                    &NewProspect {
                        client_id: c,
                        owner: "LOBBY".into(),
                        source_card: None,
                        line: None,
                        next_due: day(),
                    },
                    now,
                )?);
            }
            db.end_prospect(ids[0], Stage::Won, None, None, None, "", now)?;
            Ok((client, ids))
        })
        .unwrap();
    let read = store.db().client_prospects(client).unwrap();
    assert_eq!(
        read.iter().map(|p| p.id).collect::<Vec<_>>(),
        [ids[0], ids[2]]
    );
    assert_eq!(read[0], store.db().prospect(ids[0]).unwrap().unwrap());
}

/// The closing sweep's prospects: the open ones due by the day, as the
/// whole list has them.
#[test]
fn due_prospects_are_the_open_ones_due_by_the_day() {
    use lobbydesk::domain::followup::Stage;
    use lobbydesk::store::prospects::{Filter, NewProspect};

    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let now = t0();
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for k in 0..12i64 {
                let mobile = format!("1380000{k:04}");
                let (client, _) = db.find_or_add_client(Some("王芳"), Some(&mobile), now)?;
                let p = db.add_prospect(
                    &NewProspect {
                        client_id: client,
                        owner: "LOBBY".into(),
                        source_card: None,
                        line: None,
                        next_due: day() + chrono::Duration::days(k % 5 - 2),
                    },
                    now,
                )?;
                if k % 4 == 0 {
                    db.end_prospect(p, Stage::Won, None, None, None, "", now)?;
                }
            }
            Ok(())
        })
        .unwrap();
    let expected: Vec<_> = store
        .db()
        .prospects(&Filter::default())
        .unwrap()
        .into_iter()
        .filter(|p| p.stage == Stage::Open && p.next_due.is_some_and(|d| d <= day()))
        .collect();
    assert!(expected.len() >= 4, "{}", expected.len());
    assert_eq!(store.db().due_prospects(day()).unwrap(), expected);
}

// ---------------------------------------------------------------- checkpoints

/// The database file's size: it grows when the WAL is copied into it.
fn file_len(dir: &TempDir) -> u64 {
    std::fs::metadata(db_path(dir)).unwrap().len()
}

/// Walk-ins enough to fill the WAL past SQLite's automatic checkpoint
/// (1,000 pages) several times over.
fn many_walkins(store: &mut Store) {
    for i in 0..3000 {
        add(store, day(), ["A", "B", "V", "C"][i % 4], t0());
    }
}

/// An interactive session defers checkpoints: a save never waits for the
/// WAL to be copied into the file; the copy happens at the next pause.
#[test]
fn deferred_checkpoints_run_at_a_pause_not_inside_a_save() {
    // Without deferring, the saves themselves copy the WAL into the file.
    let plain = TempDir::new().unwrap();
    let mut store = open_store(&plain);
    let before = file_len(&plain);
    many_walkins(&mut store);
    assert!(
        file_len(&plain) > before,
        "automatic checkpoints in the saves"
    );

    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    store.defer_checkpoints().unwrap();
    add(&mut store, day(), "A", t0());
    store.checkpoint_if_written().unwrap();
    let before = file_len(&dir);
    many_walkins(&mut store);
    assert_eq!(file_len(&dir), before, "no checkpoint inside a save");
    store.checkpoint_if_written().unwrap();
    assert!(file_len(&dir) > before, "the pause's checkpoint");
    let other = rusqlite::Connection::open(db_path(&dir)).unwrap();
    let tickets: i64 = other
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tickets, 3001, "every save there for another connection");
}
