use super::*;
use crate::config::SHIPPED;

/// The shipped file with one piece of text replaced.
fn edited(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "{from}");
    SHIPPED.replacen(from, to, 1)
}

/// The shipped file as settings were stored before counters were records:
/// `branch.counters = N` and neither the counters nor the pause reasons.
pub(crate) fn legacy(counters: &str) -> String {
    let cut = SHIPPED
        .find("\n# Counters (窗口)")
        .expect("the counters section");
    SHIPPED[..cut].replacen(
        "name_en = \"East City Branch\"",
        &format!("name_en = \"East City Branch\"\ncounters = {counters}"),
        1,
    )
}

fn refused(text: &str) -> SettingsError {
    match Catalog::from_settings(text) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

fn line_containing(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_shipped_settings_pass() {
    assert!(Catalog::from_settings(SHIPPED).is_ok());
}

#[test]
fn an_unknown_key_names_itself_and_its_line() {
    let text = edited("max_calls = 3", "max_calls = 3\nwait_warnig_minutes = 5");
    let e = refused(&text);
    let line = line_containing(&text, "wait_warnig_minutes");
    assert_eq!(
        e,
        SettingsError::Unknown {
            key: "wait_warnig_minutes".into(),
            line
        }
    );
    assert_eq!(
        e.message(Lang::En),
        format!("Line {line}: there is no setting \"wait_warnig_minutes\".")
    );
    let text = edited("[points]", "[pionts]");
    assert!(matches!(refused(&text), SettingsError::Unknown { key, .. } if key == "pionts"));
    let text = edited("line = \"credit\"", "line = \"credit\"\nrole = \"teller\"");
    assert!(matches!(refused(&text), SettingsError::Unknown { key, .. } if key == "role"));
}

#[test]
fn numbers_out_of_bounds_are_refused() {
    for (from, to, key) in [
        (
            "wait_warning_minutes = 6",
            "wait_warning_minutes = -6",
            "thresholds.wait_warning_minutes",
        ),
        (
            "wait_alert_minutes = 15",
            "wait_alert_minutes = 0",
            "thresholds.wait_alert_minutes",
        ),
        (
            "priority_streak_cap = 3",
            "priority_streak_cap = -1",
            "thresholds.priority_streak_cap",
        ),
        ("number = 1", "number = 0", "counters.number"),
        ("desk = 11", "desk = 100", "lines.desk"),
        (
            "normal_max_wait_minutes = 6",
            "normal_max_wait_minutes = 0",
            "thresholds.normal_max_wait_minutes",
        ),
        (
            "referral = 1 ",
            "referral = 9223372036854775807 ",
            "points.referral",
        ),
        ("closed = 3", "closed = -3", "points.closed"),
        (
            "cadence_days = [2, 7, 30]",
            "cadence_days = [2, -7]",
            "followup.cadence_days",
        ),
        (
            "retention_years = 3",
            "retention_years = 0",
            "retention_years",
        ),
    ] {
        match refused(&edited(from, to)) {
            SettingsError::Range { key: k, .. } => assert_eq!(k, key, "{to}"),
            other => panic!("{to}: {other:?}"),
        }
    }
    let e = refused(&legacy("0"));
    assert_eq!(e.message(Lang::Zh), "branch.counters 必须在 1 到 99 之间。");
    let e = refused(&legacy("100"));
    assert!(matches!(e, SettingsError::Range { .. }), "{e:?}");
    let e = refused(&edited("referral = 1 ", "referral = 5000 "));
    assert_eq!(
        e.message(Lang::En),
        "points.referral must be between 0 and 1000."
    );
    let e = refused(&edited("referral = 1 ", "referral = 99999999999999999999 "));
    assert!(matches!(e, SettingsError::Toml { .. }), "{e:?}");
    let e = refused(&edited("wait_alert_minutes = 15", "wait_alert_minutes = 6"));
    assert_eq!(
        e.message(Lang::En),
        "thresholds.wait_alert_minutes must be more than thresholds.wait_warning_minutes."
    );
}

#[test]
fn lists_are_checked_whole() {
    let dup = edited("letter = \"B\"", "letter = \"A\"");
    assert_eq!(
        refused(&dup),
        SettingsError::Duplicate {
            list: "services",
            code: "A".into()
        }
    );
    let dup = edited("code = \"sms\"", "code = \"phone\"");
    assert_eq!(
        refused(&dup).message(Lang::En),
        "channels: the code phone appears twice."
    );
    let no_role = edited("role = \"credit\"\n", "");
    assert_eq!(refused(&no_role), SettingsError::NoRole("credit".into()));
    assert_eq!(
        refused(&no_role).message(Lang::En),
        "lines: the line credit has no role: give it the roster role of its managers."
    );
    let teller = edited("role = \"credit\"", "role = \"teller\"");
    assert_eq!(
        refused(&teller),
        SettingsError::FixedRole {
            line: "credit".into(),
            role: "teller".into()
        }
    );
    let shared = edited("role = \"credit\"", "role = \"wealth\"");
    assert!(matches!(refused(&shared), SettingsError::FixedRole { .. }));
    let orphan = edited("line = \"credit\"", "line = \"nope\"");
    assert_eq!(
        refused(&orphan),
        SettingsError::NoLine {
            list: "needs",
            code: "mortgage".into(),
            line: "nope".into()
        }
    );
    let bad_letter = edited("letter = \"B\"", "letter = \"BB\"");
    assert_eq!(refused(&bad_letter), SettingsError::BadLetter("BB".into()));
    let all_priority = edited("\npriority = false", "\npriority = true");
    assert_eq!(refused(&all_priority), SettingsError::NoNormal);
    let wrong = legacy("\"three\"");
    assert!(matches!(refused(&wrong), SettingsError::Shape { .. }));
    assert!(matches!(
        refused("[branch\n"),
        SettingsError::Toml { line: 1, .. }
    ));
}

#[test]
fn changes_name_settings_and_codes() {
    assert!(changes(SHIPPED, SHIPPED).is_empty());
    let comment_only = format!("# a comment\n{SHIPPED}");
    assert!(changes(SHIPPED, &comment_only).is_empty());
    let text = edited("wait_warning_minutes = 6", "wait_warning_minutes = 5");
    assert_eq!(changes(SHIPPED, &text), ["thresholds.wait_warning_minutes"]);
    let text = edited("en = \"Wealth advice\"", "en = \"Advice\"");
    assert_eq!(changes(SHIPPED, &text), ["services.C"]);
    let text = edited("retention_years = 3", "retention_years = 5");
    assert_eq!(changes(SHIPPED, &text), ["retention_years"]);
}

#[test]
fn the_board_s_announcement_is_one_command_line_or_none() {
    assert_eq!(Catalog::shipped().board.announce, None);
    let on = edited(
        "# announce = \"espeak-ng -v zh\"",
        "announce = \"espeak-ng -v zh\"",
    );
    let c = Catalog::from_settings(&on).expect("a command is accepted");
    assert_eq!(c.board.announce.as_deref(), Some("espeak-ng -v zh"));
    // An older file without the section reads as no announcement.
    let start = SHIPPED.find("[board]").unwrap();
    let end = SHIPPED[start..].find("\n\n").unwrap() + start;
    let old = format!("{}{}", &SHIPPED[..start], &SHIPPED[end..]);
    assert_eq!(Catalog::from_settings(&old).unwrap().board.announce, None);
    for bad in [
        "\"  \"",
        "\"say\\nrm -rf /\"",
        &format!("\"{}\"", "x".repeat(201)),
    ] {
        let text = edited(
            "# announce = \"espeak-ng -v zh\"",
            &format!("announce = {bad}"),
        );
        assert_eq!(refused(&text), SettingsError::Announce, "{bad}");
    }
    let text = edited(
        "# announce = \"espeak-ng -v zh\"",
        "announce = \"say\"\nvolume = 3",
    );
    assert!(matches!(refused(&text), SettingsError::Unknown { key, .. } if key == "volume"));
    assert!(SettingsError::Announce
        .message(Lang::Zh)
        .contains("board.announce"));
}

#[test]
fn old_settings_with_a_number_of_counters_still_read() {
    let c = Catalog::from_settings(&legacy("3")).expect("old settings read");
    let counters: Vec<u32> = c
        .counters
        .iter()
        .filter(|c| c.line.is_none())
        .map(|c| c.number)
        .collect();
    assert_eq!(counters, [1, 2, 3]);
    let all: Vec<String> = c.services.iter().map(|s| s.letter.clone()).collect();
    assert!(c
        .counters
        .iter()
        .filter(|c| c.line.is_none())
        .all(|k| k.services == all));
    assert_eq!(c.counter(2).unwrap().label.en, "Counter 2");
    assert_eq!(c.pause_reasons.len(), 4, "the shipped pause reasons");
    // Both ways at once is refused, and so is neither.
    let both = SHIPPED.replacen(
        "name_en = \"East City Branch\"",
        "name_en = \"East City Branch\"\ncounters = 3",
        1,
    );
    assert_eq!(refused(&both), SettingsError::CountersBoth);
    let cut = SHIPPED.find("\n# Counters (窗口)").unwrap();
    assert_eq!(refused(&SHIPPED[..cut]), SettingsError::Empty("counters"));
}

#[test]
fn counters_and_desks_are_checked() {
    let c = Catalog::shipped();
    let numbers: Vec<(u32, Option<&str>)> = c
        .counters
        .iter()
        .map(|c| (c.number, c.line.as_deref()))
        .collect();
    assert_eq!(
        numbers,
        [
            (1, None),
            (2, None),
            (3, None),
            (11, Some("wealth")),
            (12, Some("credit"))
        ]
    );
    assert!(c.counter(11).unwrap().takes("C"));
    assert_eq!(c.counter(1).unwrap().staff, ["T01"]);
    let unknown = edited("services = [\"L\"]", "services = [\"Q\"]");
    assert_eq!(
        refused(&unknown),
        SettingsError::NoService {
            list: "lines",
            code: "credit".into(),
            letter: "Q".into()
        }
    );
    assert_eq!(
        refused(&edited("desk = 12", "desk = 2")),
        SettingsError::CounterTwice(2)
    );
    assert_eq!(
        refused(&edited("desk = 12\n", "")),
        SettingsError::DeskHalf("credit".into())
    );
    assert_eq!(
        refused(&edited("services = [\"A\", \"B\", \"V\"]", "services = []")),
        SettingsError::CounterIdle(1)
    );
    let e = refused(&edited("number = 3", "number = 2"));
    assert_eq!(
        e.message(Lang::Zh),
        "counters：编号 2 用了两次（窗口与条线的 desk 编号不能重复）。"
    );
    let dup = edited("code = \"training\"", "code = \"lunch\"");
    assert_eq!(
        refused(&dup),
        SettingsError::Duplicate {
            list: "pause_reasons",
            code: "lunch".into()
        }
    );
    let text = edited("staff = [\"T02\"]", "staff = [\"T04\"]");
    assert_eq!(changes(SHIPPED, &text), ["counters.2"]);
}

#[test]
fn the_normal_ticket_s_longest_wait_is_a_setting_defaulting_to_the_warning() {
    let c = Catalog::from_settings(&edited(
        "normal_max_wait_minutes = 6",
        "normal_max_wait_minutes = 9",
    ))
    .unwrap();
    assert_eq!(c.thresholds.normal_max_wait(), 9);
    assert_eq!(c.fairness().warning, chrono::Duration::minutes(9));
    // Settings written before it existed: owed at the warning threshold.
    let older = edited("normal_max_wait_minutes = 6\n", "");
    let older = older.replace("wait_warning_minutes = 6", "wait_warning_minutes = 8");
    let c = Catalog::from_settings(&older).unwrap();
    assert_eq!(c.thresholds.normal_max_wait(), 8);
}
