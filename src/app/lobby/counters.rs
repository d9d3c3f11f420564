//! The lobby's counters: each counter and desk the settings name, who is
//! there, what they serve and whether they are paused; and `p`, pausing a
//! counter with a reason or reopening it.

use super::{Counter, LobbyState};
use crate::app::form::{unanswered, Choice, Field, Form, Purpose};
use crate::app::Cx;
use crate::config::Catalog;
use crate::domain::authority::{self, Act, CounterState};
use crate::domain::ticket::Ticket;
use crate::i18n::Msg;
use crate::ops;
use crate::store::counters::Pause;
use crate::store::staff::Staff;

/// The counters, then the lines' desks, as they are now.
pub(super) fn read(
    catalog: &Catalog,
    roster: &[Staff],
    pauses: &[Pause],
    at_counters: &[&Ticket],
) -> (Vec<Counter>, Vec<Counter>) {
    let name = |code: &str| {
        roster
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.name.clone())
    };
    let (mut counters, mut desks) = (Vec::new(), Vec::new());
    for c in &catalog.counters {
        let ticket = at_counters
            .iter()
            .find(|t| t.counter == Some(c.number))
            .map(|t| (*t).clone());
        // Who is there: the one serving, else the roster's teller at it,
        // else the first of its staff on the roster, else (a desk) the first
        // of its line's managers.
        let role = c
            .line
            .as_deref()
            .and_then(|l| catalog.line(l))
            .and_then(|l| l.role.clone());
        let teller = ticket
            .as_ref()
            .and_then(|t| t.teller.as_deref())
            .and_then(name)
            .or_else(|| {
                roster
                    .iter()
                    .find(|s| s.active && s.counter == Some(c.number))
                    .map(|s| s.name.clone())
            })
            .or_else(|| {
                c.staff
                    .iter()
                    .find(|code| roster.iter().any(|s| s.active && s.code == **code))
                    .and_then(|code| name(code))
            })
            .or_else(|| {
                let role = role.as_deref()?;
                roster
                    .iter()
                    .find(|s| s.active && s.counter.is_none() && s.has_role(role))
                    .map(|s| s.name.clone())
            });
        let counter = Counter {
            number: c.number,
            label: c.label.clone(),
            services: c.services.clone(),
            teller,
            ticket,
            pause: pauses.iter().find(|p| p.counter == c.number).cloned(),
        };
        match c.line {
            Some(_) => desks.push(counter),
            None => counters.push(counter),
        }
    }
    (counters, desks)
}

impl LobbyState {
    /// A counter or desk by its number.
    pub fn counter(&self, number: u32) -> Option<&Counter> {
        self.counters
            .iter()
            .chain(&self.desks)
            .find(|c| c.number == number)
    }

    /// The counter (or desk) the signed-in person calls to themselves; the
    /// lobby manager and the head pick one each time.
    pub(super) fn own_counter(&self, cx: &Cx) -> Option<u32> {
        cx.person.counter.filter(|_| !cx.person.runs_queue())
    }

    fn state_of(&self, number: u32) -> CounterState {
        let c = self.counter(number);
        CounterState {
            number,
            paused: c.is_some_and(|c| c.pause.is_some()),
            busy: c.is_some_and(|c| c.ticket.is_some()),
        }
    }

    /// What `c` is asked of: the person's own counter, or (the lobby
    /// manager) the branch.
    pub(super) fn call_target(&self) -> authority::Target<'static> {
        match self.mine {
            Some(n) => authority::Target::Counter(self.state_of(n)),
            None => authority::Target::Branch,
        }
    }

    /// The act `p` asks for and its counter: the person's own (pause it, or
    /// reopen it if paused); for the lobby manager, an open counter to pause
    /// while there is one, else a paused one to reopen.
    pub(super) fn pause_act(&self) -> (Act, authority::Target<'static>) {
        let all = || self.counters.iter().chain(&self.desks);
        let pick = self.mine.or_else(|| {
            all()
                .find(|c| c.pause.is_none() && c.ticket.is_none())
                .or_else(|| all().find(|c| c.pause.is_some()))
                .or_else(|| all().next())
                .map(|c| c.number)
        });
        match pick {
            Some(n) => {
                let state = self.state_of(n);
                let act = match state.paused {
                    true => Act::ReopenCounter,
                    false => Act::PauseCounter,
                };
                (act, authority::Target::Counter(state))
            }
            None => (Act::PauseCounter, authority::Target::Branch),
        }
    }

    /// The counters and desks to choose from, each with what it is doing;
    /// the key is its number (1–9).
    pub(super) fn counter_choices(&self, cx: &Cx) -> Vec<Choice> {
        let lang = cx.lang;
        let mut taken = Vec::new();
        self.counters
            .iter()
            .chain(&self.desks)
            .map(|c| {
                let state = match (&c.pause, &c.ticket) {
                    (Some(p), _) => Msg::PausedFor.fill(
                        lang,
                        &[(
                            "r",
                            &Catalog::label(&cx.catalog.pause_reasons, &p.reason, lang),
                        )],
                    ),
                    (None, Some(t)) => t.number.clone(),
                    (None, None) => Msg::Idle.get(lang).to_string(),
                };
                // Its number (1–9); a desk numbered higher, its line's initial.
                let initial = cx
                    .catalog
                    .counter(c.number)
                    .and_then(|k| k.line.as_deref())
                    .and_then(|l| l.chars().next())
                    .map(|ch| ch.to_ascii_lowercase().to_string());
                let key = match (c.number, initial) {
                    (1..=9, _) => c.number.to_string(),
                    (_, Some(i)) if !taken.contains(&i) => i,
                    _ => String::new(),
                };
                taken.push(key.clone());
                Choice {
                    label: format!("{key:>2} {} {state}", c.label.get(lang)),
                    key,
                    code: c.number.to_string(),
                }
            })
            .collect()
    }

    /// `p`: a teller pauses their counter (a reason asked) or reopens it; the
    /// lobby manager picks a counter: a paused one is reopened, an open one
    /// paused with the reason chosen.
    pub(super) fn pause_or_reopen(&mut self, cx: &mut Cx) {
        let (act, target) = self.pause_act();
        if !cx.permitted(act, target) {
            return;
        }
        let lang = cx.lang;
        let reasons: Vec<Choice> = cx
            .catalog
            .pause_reasons
            .iter()
            .enumerate()
            .map(|(i, r)| Choice {
                key: (i + 1).to_string(),
                code: r.code.clone(),
                label: format!("{} {}", i + 1, r.label.get(lang)),
            })
            .collect();
        let reason = Field::choice(Msg::FieldPauseReason, unanswered(reasons), 0);
        match self.mine {
            Some(n) if act == Act::ReopenCounter => self.reopen(cx, n),
            Some(n) => {
                let label = self.counter(n).map(|c| c.label.get(lang).to_string());
                let form = Form::new(Purpose::PauseCounter, Msg::FormPause, vec![reason]);
                cx.form = Some(form.about(label.unwrap_or_default()));
            }
            None => {
                let counters = unanswered(self.counter_choices(cx));
                cx.form = Some(Form::new(
                    Purpose::PauseCounter,
                    Msg::FormPauseAny,
                    vec![Field::choice(Msg::FieldCounter, counters, 0), reason],
                ));
            }
        }
    }

    /// Save the pause form.
    pub(super) fn submit_pause(&mut self, cx: &mut Cx, form: Form) {
        let chosen = form
            .fields
            .iter()
            .find(|f| f.label == Msg::FieldCounter)
            .map(|f| f.get().parse::<u32>().ok());
        let counter = match chosen {
            None => self.mine,
            Some(c) => c,
        };
        let Some(counter) = counter else {
            let why = cx.t(Msg::ChooseCounter).to_string();
            return cx.refuse_form(form, vec![(Msg::FieldCounter, why)]);
        };
        if self.state_of(counter).paused {
            cx.form = None;
            return self.reopen(cx, counter);
        }
        let reason = form.field(Msg::FieldPauseReason).get().to_string();
        if reason.is_empty() {
            let why = cx.t(Msg::ChooseReason).to_string();
            return cx.refuse_form(form, vec![(Msg::FieldPauseReason, why)]);
        }
        match cx.act(|db, op| ops::counters::pause_counter(db, op, counter, &reason)) {
            Ok(p) => {
                cx.form = None;
                cx.after_write();
                let lang = cx.lang;
                let r = Catalog::label(&cx.catalog.pause_reasons, &p.reason, lang).to_string();
                cx.say(Msg::CounterPausedDone.fill(lang, &[("c", &counter), ("r", &r)]));
            }
            Err(e) => cx.form_failed(form, e),
        }
    }

    fn reopen(&mut self, cx: &mut Cx, counter: u32) {
        let result = cx.act(|db, op| ops::counters::reopen_counter(db, op, counter));
        cx.after_write();
        match result {
            Ok(p) => {
                let mins = crate::i18n::minutes(cx.lang, p.seconds(cx.clock.now()) / 60);
                let text = Msg::CounterReopened.fill(cx.lang, &[("c", &counter), ("m", &mins)]);
                cx.say(text);
            }
            Err(e) => cx.complain(e.message(&cx.names())),
        }
    }
}
