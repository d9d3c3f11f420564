//! Fairness in one second, the help overlay and a too-small terminal.

use super::*;

#[test]
fn fairness_holds_when_calls_fall_in_the_same_second() {
    let mut fx = Fixture::lobby(Lang::En);
    fx.walkin('A', '1', "", ""); // 10:30
    fx.walkin('A', '1', "", ""); // 10:30
    fx.advance(2);
    for _ in 0..5 {
        fx.walkin('V', '2', "", ""); // 10:32
    }
    fx.advance(8); // 10:40: both normal tickets are owed a call.
    let mut called = Vec::new();
    // Three counters calling, serving and finishing within one second.
    for k in 0..7u32 {
        let counter = k % 3 + 1;
        fx.app.run(
            Target::Next,
            Step::Call {
                counter,
                teller: None,
            },
        );
        let n = fx.selected().unwrap();
        called.push(n.clone());
        fx.app.run(Target::Ticket(fx.ticket(&n).id), Step::Start);
        fx.app.run(Target::Ticket(fx.ticket(&n).id), Step::Finish);
    }
    assert_eq!(
        called,
        ["V001", "V002", "V003", "A001", "V004", "V005", "A002"]
    );
}

// ---------------------------------------------------------------- help and small terminals

#[test]
fn help_overlay() {
    for lang in LANGS {
        let mut fx = morning_queue(lang);
        fx.act(Action::ToggleHelp);
        assert!(fx.app.help);
        snap_sizes(&fx, "help");
        // Any key closes help and does nothing else.
        let before = fx.event_count();
        fx.act(Action::Call);
        assert!(!fx.app.help);
        assert!(fx.app.form.is_none());
        assert_eq!(fx.event_count(), before);
    }
}

#[test]
fn a_terminal_smaller_than_80x24_shows_the_too_small_sentence() {
    for lang in LANGS {
        let fx = morning_queue(lang);
        for (w, h) in [(79, 24), (80, 23), (40, 10)] {
            let screen = fx.screen(w, h);
            let expected = by_lang(
                &fx,
                &format!("至少需要 80×24，当前 {w}×{h}"),
                &format!("needs at least 80×24, now {w}×{h}"),
            )
            .to_string();
            // The sentence may wrap: compare without the spaces.
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            assert!(
                squeeze(&screen).contains(&squeeze(&expected)),
                "{w}×{h}:\n{screen}"
            );
            assert!(
                !screen.contains("A001"),
                "no client data on a broken layout"
            );
            snap(&fx, "too_small", w, h);
        }
        assert!(!fx
            .screen(80, 24)
            .contains(by_lang(&fx, "终端太小", "too small")));
    }
}
