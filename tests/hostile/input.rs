//! Random keys, pastes and resizes.

use super::*;

/// Events per case, and cases: 10 × 10,000 = 100,000 events at least.
const EVENTS: usize = 10_000;

#[test]
fn random_keys_pastes_and_resizes_break_nothing() {
    let started = Instant::now();
    let mut config = Config {
        cases: cases(),
        // A failing run of 10,000 events is shrunk for at most a minute.
        max_shrink_time: 60_000,
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x4C42_444B);
    }
    let keymap = Keymap::default();
    let total = std::cell::Cell::new(0usize);
    let written = std::cell::Cell::new(0usize);
    // What the random keys reached: the kinds of change saved, the screens shown.
    let kinds = std::cell::RefCell::new(std::collections::BTreeSet::<String>::new());
    let screens = std::cell::RefCell::new(std::collections::BTreeSet::<String>::new());
    let tabs = std::cell::RefCell::new(Vec::new());
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(op(), EVENTS..=EVENTS), |ops| {
        let mut branch = Branch::new();
        let (events_before, last_before) = (branch.events.0, branch.events.1);
        *tabs.borrow_mut() = branch.apps[0]
            .tabs()
            .iter()
            .map(|t| format!("{t:?}"))
            .collect();
        for (i, op) in ops.iter().enumerate() {
            branch.apply(op, &keymap)?;
            if let Op::Key { who, .. } = op {
                let app = &branch.apps[*who];
                let form = app.form.as_ref().map(|f| format!(" {:?}", f.title));
                screens
                    .borrow_mut()
                    .insert(format!("{:?}{}", app.tab, form.unwrap_or_default()));
            }
            if i % 100 == 99 {
                branch.check()?;
                // Now and then everyone's screen, at their own size.
                if i % 2500 == 2499 {
                    for (app, (w, h)) in branch.apps.iter().zip(&branch.sizes) {
                        draw_fits(app, *w, *h)?;
                    }
                }
            }
        }
        branch.check()?;
        total.set(total.get() + ops.len());
        written.set(written.get() + (branch.events.0 - events_before) as usize);
        let mut stmt = branch
            .raw
            .prepare("SELECT DISTINCT kind FROM events WHERE id > ?1")
            .unwrap();
        let new: Vec<String> = stmt
            .query_map([last_before], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        kinds.borrow_mut().extend(new);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let elapsed = started.elapsed();
    let (kinds, screens) = (kinds.into_inner(), screens.into_inner());
    eprintln!(
        "hostile: {} events ({} saved changes) in {:.1} s ({:.0} per second)\n\
         changes saved: {kinds:?}\nscreens and forms reached: {screens:?}",
        total.get(),
        written.get(),
        elapsed.as_secs_f64(),
        total.get() as f64 / elapsed.as_secs_f64()
    );
    assert!(total.get() >= (cases() as usize) * EVENTS);
    assert!(
        written.get() >= cases() as usize * 20,
        "the random keys save things: {} changes",
        written.get()
    );
    // Every screen was reached, and the keys saved work on each of them.
    for tab in tabs.into_inner() {
        assert!(screens.contains(&tab), "{tab} never shown: {screens:?}");
    }
    for kind in [
        "ticket.add",
        "ticket.call",
        "ticket.start",
        "ticket.finish",
        "card.accept",
        "card.outcome",
        "prospect.hand_back",
    ] {
        assert!(kinds.contains(kind), "no {kind} saved: {kinds:?}");
    }
}

// ---------------------------------------------------------------- pasted text, one by one

/// The walk-in form's name and the referral card's note, given each hostile
/// text: stored exactly (trimmed), or refused beside the field with nothing
/// saved; either way every screen fits.
#[test]
fn pasted_text_is_stored_exactly_or_refused_beside_its_field() {
    let mut branch = Branch::new();
    let lobby = 0;
    let mut stored = 0;
    let mut refused = 0;
    for (i, text) in hostile_texts().into_iter().enumerate() {
        let mobile = format!("1590000{i:04}");
        let app = &mut branch.apps[lobby];
        app.update(Action::GoTab(0));

        // A walk-in named with it.
        let tickets_before: i64 = count(&branch.raw, "tickets");
        app.update(Action::NewWalkin);
        for input in [
            Input::Next,
            Input::Next,
            Input::Paste(text.clone()),
            Input::Next,
            Input::Paste(mobile.clone()),
        ] {
            app.update(Action::Form(input));
        }
        fits_everywhere(app);
        app.update(Action::Form(Input::Submit));
        fits_everywhere(app);
        let trimmed = text.trim();
        if app.form.is_none() {
            stored += 1;
            let t = app.lobby.selected_ticket().expect("the new ticket").clone();
            let name: Option<String> = branch
                .raw
                .query_row(
                    "SELECT c.name FROM tickets t JOIN clients c ON c.id = t.client_id
                     WHERE t.id = ?1",
                    [t.id],
                    |r| r.get(0),
                )
                .unwrap();
            let expected = (!trimmed.is_empty()).then_some(trimmed);
            assert_eq!(name.as_deref(), expected, "name {i} round-trips");
            assert_eq!(t.client_name.as_deref(), expected);
        } else {
            refused += 1;
            let form = app.form.as_ref().unwrap();
            let field = form.field(Msg::FieldName);
            assert!(field.error.is_some(), "text {i} refused beside the name");
            assert!(app.flash.as_ref().is_some_and(|f| f.error));
            assert_eq!(
                count(&branch.raw, "tickets"),
                tickets_before,
                "nothing saved"
            );
            // Typed text: Esc asks, Esc again discards it.
            app.update(Action::Form(Input::Cancel));
            app.update(Action::Form(Input::Cancel));
            assert!(app.form.is_none());
            // The ticket under a plain name, for the card below.
            app.update(Action::NewWalkin);
            for input in [
                Input::Next,
                Input::Next,
                Input::Paste("王芳".into()),
                Input::Next,
                Input::Paste(mobile.clone()),
                Input::Submit,
            ] {
                app.update(Action::Form(input));
            }
            assert!(app.form.is_none(), "{:?}", app.flash);
        }

        // A referral card whose note is the text.
        let cards_before = count(&branch.raw, "cards");
        app.update(Action::Referral);
        let form = app.form.as_ref().expect("the card form");
        let at = |m: Msg| form.fields.iter().position(|f| f.label == m).unwrap();
        let (need, consent, note) = (
            at(Msg::FieldNeed),
            at(Msg::FieldConsent),
            at(Msg::FieldNote),
        );
        focus(app, need);
        app.update(Action::Form(Input::Char('1')));
        focus(app, consent);
        app.update(Action::Form(Input::Char('y')));
        focus(app, note);
        app.update(Action::Form(Input::Paste(text.clone())));
        // A refused name was replaced by the plain one above; a stored one
        // comes with the ticket.
        fits_everywhere(app);
        app.update(Action::Form(Input::Submit));
        fits_everywhere(app);
        if app.form.is_none() {
            stored += 1;
            let note: String = branch
                .raw
                .query_row("SELECT note FROM cards ORDER BY id DESC LIMIT 1", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(note, trimmed, "note {i} round-trips");
            assert_eq!(count(&branch.raw, "cards"), cards_before + 1);
            // The card as its line's manager sees it.
            let wealth = &mut branch.apps[3];
            wealth.update(Action::Tick);
            for tab in 0..wealth.tabs().len() {
                wealth.update(Action::GoTab(tab));
                fits_everywhere(wealth);
            }
        } else {
            refused += 1;
            let form = app.form.as_ref().unwrap();
            let errors: Vec<(Msg, &String)> = form
                .fields
                .iter()
                .filter_map(|f| f.error.as_ref().map(|e| (f.label, e)))
                .collect();
            assert!(
                errors.iter().any(|(m, _)| *m == Msg::FieldNote),
                "text {i} refused beside the note: {errors:?}"
            );
            assert_eq!(count(&branch.raw, "cards"), cards_before, "nothing saved");
            // Typed text: Esc asks, Esc again discards it.
            app.update(Action::Form(Input::Cancel));
            app.update(Action::Form(Input::Cancel));
            assert!(app.form.is_none());
        }
        branch.check().unwrap();
    }
    assert!(
        stored > 0 && refused > 0,
        "stored {stored}, refused {refused}"
    );
    // The 10,000-character note in particular is refused, not cut.
    let app = &mut branch.apps[lobby];
    app.update(Action::Referral);
    let form = app.form.as_ref().unwrap();
    let note = form
        .fields
        .iter()
        .position(|f| f.label == Msg::FieldNote)
        .unwrap();
    focus(app, note);
    app.update(Action::Form(Input::Paste("备".repeat(10_000))));
    let Value::Text(held) = &app.form.as_ref().unwrap().fields[note].value else {
        panic!("the note is text")
    };
    assert_eq!(held.chars().count(), 10_000, "held whole while typing");
    app.update(Action::Form(Input::Submit));
    let form = app.form.as_ref().expect("refused");
    assert!(form.fields[note].error.is_some());
    fits_everywhere(app);
}

/// Every terminal size below 80×24 shows the "too small" screen, in both
/// languages: it never panics and never draws a row wider than the terminal.
#[test]
fn the_too_small_screen_fits_every_small_size() {
    let branch = Branch::new();
    let mut failures = Vec::new();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    // Chinese (L01) and English (T02).
    for app in [&branch.apps[0], &branch.apps[2]] {
        let mut sizes: Vec<(u16, u16)> = Vec::new();
        for w in 1..lobbydesk::ui::MIN_WIDTH {
            sizes.extend([1, 2, 5, 12, 23, 24, 60].map(|h| (w, h)));
        }
        for w in (lobbydesk::ui::MIN_WIDTH..=200).step_by(3) {
            sizes.extend([1, 2, 7, 12, 23].map(|h| (w, h)));
        }
        for (w, h) in sizes {
            let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                support::draw_checked(app, w, h).1
            }));
            match drawn {
                Ok(p) if p.is_empty() => {}
                Ok(p) => failures.push(format!("{:?} {w}×{h}: {}", app.lang, p[0])),
                Err(_) => failures.push(format!("{:?} {w}×{h}: panicked", app.lang)),
            }
        }
    }
    std::panic::set_hook(default_hook);
    assert!(
        failures.is_empty(),
        "{} sizes fail, e.g.:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

fn fits_everywhere(app: &App) {
    for (w, h) in [(1, 1), (20, 5), (79, 24), (80, 24), (120, 40), (200, 60)] {
        draw_fits(app, w, h).unwrap_or_else(|e| panic!("{e}"));
    }
}
