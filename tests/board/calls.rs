//! The board's calls, who starts it, snapshots and sizes.

use super::*;

const MOBILES: [&str; 3] = ["13812345678", "13987654321", "13700001111"];

/// A branch on a file: the head, two tellers (counters 3 and 1), the lobby
/// manager and the lobby's television (D01, a display account).
fn branch(db: &Path) -> Store {
    let mut store = Store::open(db).expect("create the database");
    for s in [
        staff("H01", "王芳", "head"),
        staff("L01", "李静", "lobby"),
        staff("D01", "大堂电视", "display"),
        teller("T01", "张伟", 3),
        teller("T02", "李娜", 1),
    ] {
        support::put_staff(&mut store, &s);
    }
    drop(store);
    support::pins_for_all(db);
    Store::open(db).expect("open the database")
}

fn walkin(
    store: &mut Store,
    service: &str,
    who: usize,
    now: DateTime<Utc>,
    day: chrono::NaiveDate,
) {
    let w = tickets::check_walkin(
        &Catalog::shipped(),
        Lang::En,
        service,
        "normal",
        NAMES[who],
        MOBILES[who],
    )
    .expect("a good walk-in");
    as_staff(store, "L01", now, day, |db, op| {
        tickets::register_walkin(db, op, &w)
    });
}

/// The board's settings name `command` as the announcement.
fn announce(store: &mut Store, command: &str) {
    let text = SHIPPED.replacen(
        "# announce = \"espeak-ng -v zh\"",
        &format!("announce = \"{command}\""),
        1,
    );
    assert_ne!(text, SHIPPED);
    as_staff(store, "H01", Utc::now(), Clock::System.today(), |db, op| {
        ops::settings::import(db, op, &text)
    });
}

/// An announcement command that appends its last argument to `said.txt`.
fn recorder(dir: &Path) -> (PathBuf, PathBuf) {
    let said = dir.join("said.txt");
    let script = dir.join("say.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", said.display()),
    )
    .unwrap();
    (PathBuf::from(format!("sh {}", script.display())), said)
}

fn said(file: &Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Wait up to `timeout` for `file` to hold `n` lines.
fn wait_said(file: &Path, n: usize, timeout: Duration) -> Vec<String> {
    let deadline = Instant::now() + timeout;
    loop {
        let lines = said(file);
        if lines.len() >= n || Instant::now() >= deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn no_client_detail(screen: &str) {
    for name in NAMES {
        let first: String = name.chars().take(1).collect();
        assert!(!screen.contains(name), "{name}\n{}", frame(screen));
        assert!(
            !screen.contains(&format!("{first}*")),
            "masked {name}\n{}",
            frame(screen)
        );
    }
    for mobile in MOBILES {
        assert!(
            !screen.contains(&mobile[..7]),
            "{mobile}\n{}",
            frame(screen)
        );
        assert!(
            !screen.contains(&mobile[7..]),
            "{mobile}\n{}",
            frame(screen)
        );
    }
}

#[test]
fn the_board_shows_another_process_s_call_within_a_second_and_says_it_once() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("branch.db");
    let mut store = branch(&db);
    let (command, said_file) = recorder(dir.path());
    announce(&mut store, command.to_str().unwrap());
    let day = Clock::System.today();
    for who in 0..3 {
        walkin(&mut store, "A", who, Utc::now(), day);
    }
    // Called before the board starts: shown, never said.
    let early = step(
        &mut store,
        "T02",
        TicketTarget::Next,
        call(1, "T02"),
        Utc::now(),
        day,
    );
    assert_eq!(early.number, "A001");

    let mut tv = Spawn::new(80, 24, dir.path())
        .arg("--db")
        .arg(&db)
        .args(["--as", "D01", "--lang", "zh", "board"])
        .keep_raw()
        .start();
    tv.wait_for("排队情况");
    tv.wait_for("A001 → 1号窗口");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(said(&said_file), Vec::<String>::new(), "nothing said yet");

    // Another process (this one) calls the next ticket at counter 3.
    let called = step(
        &mut store,
        "T01",
        TicketTarget::Next,
        call(3, "T01"),
        Utc::now(),
        day,
    );
    assert_eq!(called.number, "A002");
    tv.wait_for_within("A002 → 3号窗口", Duration::from_secs(1));
    let screen = tv.screen();
    no_client_detail(&screen);
    assert!(screen.contains("A001 → 1号窗口"), "{}", frame(&screen));
    let lines = wait_said(&said_file, 1, Duration::from_secs(3));
    assert_eq!(lines, ["请A002号到3号窗口"]);
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(said(&said_file).len(), 1, "said once");

    // A recall is said again.
    let again = step(
        &mut store,
        "T01",
        TicketTarget::Ticket(called.id),
        call(3, "T01"),
        Utc::now(),
        day,
    );
    assert_eq!(again.calls, 2);
    tv.wait_for_within("第2次呼叫", Duration::from_secs(1));
    let lines = wait_said(&said_file, 2, Duration::from_secs(3));
    assert_eq!(lines, ["请A002号到3号窗口", "请A002号到3号窗口"]);
    no_client_detail(&tv.screen());

    // Serving it changes nothing said; the board keeps reading.
    step(
        &mut store,
        "T01",
        TicketTarget::Ticket(called.id),
        Step::Start,
        Utc::now(),
        day,
    );
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(said(&said_file).len(), 2);

    tv.send("q");
    let status = tv.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    let bells = tv.raw().iter().filter(|b| **b == 0x07).count();
    assert_eq!(bells, 2, "one bell for the call, one for the recall");
}

#[test]
fn only_a_display_or_whoever_runs_the_queue_starts_the_board() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("branch.db");
    drop(branch(&db));
    let db = db.to_str().unwrap();
    let out = support::run_lobbydesk(
        dir.path(),
        &["--db", db, "--as", "T01", "--lang", "en", "board"],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        support::describe_output(&out)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("display account"));
    // A display never opens the desk, nor acts.
    let out = support::run_lobbydesk(dir.path(), &["--db", db, "--as", "D01", "--lang", "en"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        support::describe_output(&out)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("lobbydesk board"));
    let out = support::run_lobbydesk(
        dir.path(),
        &[
            "--db",
            db,
            "--as",
            "D01",
            "--lang",
            "en",
            "walkin",
            "add",
            "--service",
            "A",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        support::describe_output(&out)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("only shows the queue"));
    // The head adds a display with `staff add`.
    let out = support::run_lobbydesk(
        dir.path(),
        &[
            "--db",
            db,
            "--as",
            "H01",
            "staff",
            "add",
            "D02",
            "二楼电视",
            "--role",
            "display",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        support::describe_output(&out)
    );
    let store = Store::open(Path::new(db)).unwrap();
    assert!(store
        .db()
        .staff("D02")
        .unwrap()
        .unwrap()
        .has_role("display"));
}

/// A morning at the branch at 10:30: served, called, recalled and waiting
/// tickets, every one with a name and a mobile.
fn morning(dir: &TempDir) -> Store {
    let db = dir.path().join("branch.db");
    let mut store = branch(&db);
    let day = support::day();
    let at = |m: i64| t0() - mins(m);
    let services = ["A", "A", "V", "A", "C", "B", "A", "A", "V", "A"];
    for (i, s) in services.iter().enumerate() {
        walkin(&mut store, s, i % 3, at(60 - i as i64 * 5), day);
    }
    // T02 at counter 1 serves two in turn; T01 at counter 3 serves one,
    // then calls the next and calls it again.
    let first = step(
        &mut store,
        "T02",
        TicketTarget::Next,
        call(1, "T02"),
        at(40),
        day,
    );
    step(
        &mut store,
        "T02",
        TicketTarget::Ticket(first.id),
        Step::Start,
        at(39),
        day,
    );
    step(
        &mut store,
        "T02",
        TicketTarget::Ticket(first.id),
        Step::Finish,
        at(31),
        day,
    );
    let second = step(
        &mut store,
        "T01",
        TicketTarget::Next,
        call(3, "T01"),
        at(30),
        day,
    );
    step(
        &mut store,
        "T01",
        TicketTarget::Ticket(second.id),
        Step::Start,
        at(29),
        day,
    );
    step(
        &mut store,
        "T01",
        TicketTarget::Ticket(second.id),
        Step::Finish,
        at(20),
        day,
    );
    let third = step(
        &mut store,
        "T02",
        TicketTarget::Next,
        call(1, "T02"),
        at(15),
        day,
    );
    step(
        &mut store,
        "T02",
        TicketTarget::Ticket(third.id),
        Step::Start,
        at(14),
        day,
    );
    let fourth = step(
        &mut store,
        "T01",
        TicketTarget::Next,
        call(3, "T01"),
        at(5),
        day,
    );
    step(
        &mut store,
        "T01",
        TicketTarget::Ticket(fourth.id),
        call(3, "T01"),
        at(2),
        day,
    );
    store
}

fn board_screen(lang: Lang, w: u16, h: u16) -> String {
    let dir = TempDir::new().unwrap();
    let store = morning(&dir);
    let clock = Clock::fixed(t0(), beijing());
    let board = Board::new(store, clock, Catalog::shipped(), lang, "q").expect("the board");
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let drawn = terminal
        .draw(|f| lobbydesk::ui::board::draw(f, &board.view))
        .expect("draw");
    let mut problems = support::hidden_cells(drawn.buffer);
    let (text, widths) = support::buffer_text(terminal.backend().buffer());
    problems.extend(widths);
    assert!(problems.is_empty(), "{}\n{}", text, problems.join("\n"));
    no_client_detail(&text);
    text
}

#[test]
fn snapshots_of_the_board() {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = board_screen(lang, w, h);
            let current = match lang {
                Lang::Zh => "A003 → 3号窗口（第2次呼叫）",
                Lang::En => "A003 → Counter 3 (call 2)",
            };
            assert!(screen.contains(current), "{}", frame(&screen));
            assert_snapshot!(format!("board_{code}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn a_small_terminal_shows_the_call_in_words() {
    let screen = board_screen(Lang::En, 60, 16);
    assert!(screen.contains("A003 → Counter 3"), "{}", frame(&screen));
    assert!(!screen.contains('█'), "{}", frame(&screen));
}

#[test]
fn a_call_is_rung_and_said_once_and_an_earlier_one_never() {
    let dir = TempDir::new().unwrap();
    let mut store = morning(&dir);
    let (command, said_file) = recorder(dir.path());
    announce(&mut store, command.to_str().unwrap());
    let clock = Clock::fixed(t0(), beijing());
    let reader = Store::open(&dir.path().join("branch.db")).unwrap();
    let settings = lobbydesk::ops::settings::catalog(&reader.db()).unwrap();
    let mut board = Board::new(reader, clock.clone(), settings, Lang::En, "q").unwrap();
    assert!(!board.tick());
    assert_eq!(board.take_bells(), 0);
    let day = support::day();
    let next = step(
        &mut store,
        "L01",
        TicketTarget::Next,
        call(2, "L01"),
        t0(),
        day,
    );
    assert!(board.tick(), "a new call changes the board");
    assert_eq!(board.take_bells(), 1);
    assert_eq!(board.take_bells(), 0);
    assert_eq!(
        board.view.current.as_ref().map(|c| c.number.as_str()),
        Some(next.number.as_str())
    );
    let start = Instant::now();
    while board.announcer.busy() && start.elapsed() < Duration::from_secs(5) {
        board.tick();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        said(&said_file),
        [format!("Ticket {}, please go to counter 2", next.number)]
    );
    assert!(!board.tick());
    assert_eq!(board.take_bells(), 0);
    assert_eq!(said(&said_file).len(), 1);
}

#[test]
fn the_board_draws_at_any_size_without_a_row_too_wide() {
    let dir = TempDir::new().unwrap();
    let store = morning(&dir);
    let clock = Clock::fixed(t0(), beijing());
    let board = Board::new(store, clock, Catalog::shipped(), Lang::Zh, "q").unwrap();
    for w in [1, 2, 9, 30, 47, 59, 80, 121, 200] {
        for h in [1, 2, 5, 8, 13, 24, 41, 60] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            let drawn = terminal
                .draw(|f| lobbydesk::ui::board::draw(f, &board.view))
                .expect("draw");
            let hidden = support::hidden_cells(drawn.buffer);
            assert!(hidden.is_empty(), "{w}x{h}: {hidden:?}");
        }
    }
}
