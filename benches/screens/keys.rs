//! The keys a person presses on each screen, each press timed and drawn.

use super::*;

// ---------------------------------------------------------------- the screens

pub(super) fn lobby(b: &mut Bench, n: usize, round: &mut u64) {
    b.screen = "keys: lobby";
    b.go(Tab::Lobby);
    while b.presses() < n {
        *round += 1;
        b.moves();
        b.press(Action::ToggleHelp);
        b.press(Action::Down); // any key closes help
                               // A walk-in: service and priority as offered, a name and a mobile.
        b.press(Action::NewWalkin);
        b.input(Input::Next);
        b.input(Input::Next);
        b.type_text("王小明");
        b.input(Input::Next);
        b.type_text(&format!("139{:08}", *round));
        b.write(Action::Form(Input::Submit));
        // The first counter: start whoever was called there, finish them.
        b.press(Action::Top);
        if let Some(t) = b.app.lobby.selected_ticket() {
            if t.status == Status::Called {
                b.write(Action::Start);
            }
        }
        if let Some(t) = b.app.lobby.selected_ticket() {
            if t.status == Status::Serving {
                b.write(Action::Finish);
            }
        }
        // Call the next in line to the free counter, then start serving them.
        b.press(Action::Call);
        if b.app.form.is_some() {
            b.write(Action::Form(Input::Submit));
        }
        let called = b
            .app
            .lobby
            .rows
            .iter()
            .position(|r| r.ticket.status == Status::Called);
        if let Some(i) = called {
            b.press(Action::Top);
            for _ in 0..i {
                b.press(Action::Down);
            }
            b.write(Action::Start);
        }
        b.open_and_cancel(Action::Referral);
        b.press(Action::Bottom);
        b.open_and_cancel(Action::Divert);
        b.press(Action::History);
        b.press(Action::Down); // closes the history
        b.away_and_back();
    }
}

pub(super) fn line_pane(b: &mut Bench, pane: usize, n: usize) {
    b.screen = if pane == 0 {
        "keys: line pane 1"
    } else {
        "keys: line pane 2"
    };
    b.go(Tab::Line(pane));
    while b.presses() < n {
        b.moves();
        // Accept the newest card waiting (new cards are listed first).
        b.press(Action::Top);
        let new = b.app.lines[pane]
            .selected_card()
            .is_some_and(|c| c.status == CardStatus::New);
        if new {
            b.write(Action::Accept);
        }
        b.open_and_cancel(Action::Outcome);
        b.open_and_cancel(Action::ReferOn);
        b.press(Action::History);
        b.press(Action::Down);
        b.away_and_back();
    }
}

pub(super) fn followups(b: &mut Bench, n: usize) {
    b.screen = "keys: follow-ups";
    b.go(Tab::Followups);
    while b.presses() < n {
        b.moves();
        // Search by part of a name, look, and clear the search.
        b.press(Action::Filter);
        b.type_text("王");
        b.input(Input::Submit);
        b.press(Action::Down);
        b.press(Action::Down);
        b.press(Action::Filter);
        b.input(Input::Backspace);
        b.input(Input::Submit);
        // Log a contact with the first prospect who agreed to be contacted.
        b.press(Action::Top);
        b.press(Action::LogContact);
        match b.app.form.as_ref().map(|f| f.purpose.clone()) {
            Some(Purpose::LogContact { .. }) => {
                // A channel (none is offered), a summary.
                b.input(Input::Right);
                b.input(Input::Next);
                b.type_text("电话回访");
                b.write(Action::Form(Input::Submit));
                // Refused: Esc asks before dropping what was typed.
                for _ in 0..2 {
                    if b.app.form.is_some() {
                        b.input(Input::Cancel);
                    }
                }
            }
            Some(_) => b.input(Input::Cancel),
            None => {}
        }
        b.press(Action::Down);
        b.open_and_cancel(Action::Reschedule);
        b.open_and_cancel(Action::Won);
        b.away_and_back();
    }
}

pub(super) fn clients(b: &mut Bench, n: usize) {
    b.screen = "keys: clients";
    b.go(Tab::Clients);
    while b.presses() < n {
        // By one character, two (a whole two-character name) and the last
        // four digits of a mobile.
        for q in ["王", "王芳", "1391"] {
            b.press(Action::Filter);
            while b
                .app
                .form
                .as_ref()
                .is_some_and(|f| !f.fields[0].get().is_empty())
            {
                b.input(Input::Backspace);
            }
            b.type_text(q);
            let d = b.press(Action::Form(Input::Submit));
            b.searches.push(d);
            b.moves();
        }
        b.open_and_cancel(Action::AddProspect);
        b.away_and_back();
    }
}

pub(super) fn review(b: &mut Bench, n: usize) {
    b.screen = "keys: review";
    b.go(Tab::Review);
    while b.presses() < n {
        b.moves();
        b.press(Action::PrevDay);
        b.press(Action::PrevDay);
        b.press(Action::NextDay);
        b.press(Action::NextDay);
        b.press(Action::Sweep);
        for _ in 0..3 {
            b.press(Action::Skip);
        }
        b.input(Input::Cancel);
        b.away_and_back();
    }
}

pub(super) fn mine(b: &mut Bench, n: usize, screen: &'static str) {
    b.screen = screen;
    b.go(Tab::Mine);
    while b.presses() < n {
        b.moves();
        // Today, this week, this month, and round again.
        for _ in 0..3 {
            b.press(Action::Period);
        }
        b.press(Action::History);
        b.press(Action::History);
        b.away_and_back();
    }
}
