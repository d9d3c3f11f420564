//! What the demo branch has set up by this morning: the head's pairs and
//! targets, dedicated managers for two clients, and today's appointments,
//! one already checked in; each through the operations, as its person.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};

use super::desk::{card_note, Desk};
use super::rng::Rng;
use super::roster;
use super::script::{Deed, Details, Script};
use crate::domain::target::{Measure, Period, Scope, Target, Whom};

/// Which of the earlier prospects (their place in [`super::earlier`]'s list)
/// are the clients of today's set-up: the dedicated client who comes this
/// morning (first line), the dedicated client checked in for an appointment
/// (second line), and two booked for later today (one per line).
const DEDICATED_COMES: usize = 0;
const CHECKED_IN: usize = 7;
const LATER: [usize; 2] = [3, 8];

/// The client of the earlier prospect who comes in this morning, with a
/// dedicated manager: their details, for one of the waiting visits.
pub(super) fn dedicated_visitor(earlier: &[(usize, usize, Details)]) -> Option<Details> {
    earlier.get(DEDICATED_COMES).map(|e| e.2.clone())
}

/// Plan the set-up: from `setup` (before the morning's first arrival) the
/// head pairs the first two tellers with each line's managers (the third
/// teller's cards go to the whole line) and sets this month's and quarter's
/// targets; each client's line manager makes themself the dedicated manager
/// of two clients; and the managers book today's appointments: one a
/// quarter of an hour ago (the lobby manager has checked the client in),
/// two later today. A time that would not fall today, after the set-up, is
/// left out.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_setup(
    script: &mut Script,
    desk: &Desk,
    tellers: &[(u32, String)],
    earlier: &[(usize, usize, Details)],
    setup: DateTime<Utc>,
    now: DateTime<Utc>,
    today: NaiveDate,
    offset: FixedOffset,
) {
    let roster = roster();
    let minute = |n: i64| setup + Duration::minutes(n);
    // Each line's managers, by the line's role.
    let managers: Vec<Vec<String>> = desk
        .lines
        .iter()
        .zip(&desk.managers)
        .map(|(_, first)| {
            let role = roster
                .iter()
                .find(|s| &s.code == first)
                .and_then(|s| s.roles.first().cloned());
            let all: Vec<String> = roster
                .iter()
                .filter(|s| role.as_deref().is_some_and(|r| s.has_role(r)))
                .map(|s| s.code.clone())
                .collect();
            all
        })
        .collect();

    for (i, (_, teller)) in tellers.iter().take(2).enumerate() {
        for (line, of_line) in desk.lines.iter().zip(&managers) {
            if of_line.is_empty() {
                continue;
            }
            let deed = Deed::Pair {
                teller: teller.clone(),
                line: line.clone(),
                manager: of_line[i % of_line.len()].clone(),
            };
            script.at(minute(0), &desk.head, today, deed);
        }
    }

    let month = Period::month_of(today);
    let quarter = Period::Quarter {
        year: today.year(),
        quarter: today.month0() / 3 + 1,
    };
    let target = |whom: Whom, measure: Measure, period: Period, value: i64| {
        let scope = Scope::All;
        Deed::SetTarget(Target {
            whom,
            measure,
            scope,
            period,
            value,
        })
    };
    let mut targets = Vec::new();
    for (_, teller) in tellers {
        let who = || Whom::Person(teller.clone());
        targets.push(target(who(), Measure::Referrals, month, 30));
        targets.push(target(who(), Measure::Referrals, quarter, 90));
    }
    let yuan = |y: i64| y * 100;
    for (k, code) in managers.iter().flatten().enumerate() {
        let who = || Whom::Person(code.clone());
        let (contracts, amount) = [(12, 2_000_000), (8, 3_000_000)][k % 2];
        targets.push(target(who(), Measure::Contracts, month, contracts));
        targets.push(target(who(), Measure::Amount, month, yuan(amount)));
        targets.push(target(who(), Measure::Contracts, quarter, contracts * 3));
        targets.push(target(who(), Measure::Contacts, month, 60));
    }
    for (k, line) in desk.lines.iter().enumerate() {
        let contracts = [40, 25][k % 2];
        targets.push(target(
            Whom::Line(line.clone()),
            Measure::Contracts,
            quarter,
            contracts,
        ));
    }
    for deed in targets {
        script.at(minute(1), &desk.head, today, deed);
    }

    let manager = |line: usize| desk.managers[line].clone();
    for e in [DEDICATED_COMES, CHECKED_IN] {
        if let Some((prospect, line, _)) = earlier.get(e) {
            let manager = manager(*line);
            let deed = Deed::Dedicate {
                prospect: *prospect,
                manager: manager.clone(),
            };
            script.at(minute(2), &manager, today, deed);
        }
    }

    let mut rng = Rng::new(0x4150_5054 ^ today.num_days_from_ce() as u64);
    let slot = |at: DateTime<Utc>| -> Option<(NaiveTime, DateTime<Utc>)> {
        let local = at.with_timezone(&offset);
        let time = NaiveTime::from_hms_opt(local.hour(), local.minute() / 5 * 5, 0)?;
        let moment = today
            .and_time(time)
            .and_local_timezone(offset)
            .single()?
            .with_timezone(&Utc);
        (local.date_naive() == today && moment > minute(3)).then_some((time, moment))
    };
    // Later today: in an hour or two, or before midnight late in the evening.
    let last = today
        .and_hms_opt(23, 50, 0)
        .and_then(|t| t.and_local_timezone(offset).single())
        .map_or(now, |t| t.with_timezone(&Utc));
    let later = |minutes: i64, before: i64| {
        (now + Duration::minutes(minutes)).min(last - Duration::minutes(before))
    };
    let booked = [
        (CHECKED_IN, now - Duration::minutes(15)),
        (LATER[0], later(50, 10)),
        (LATER[1], later(110, 0)),
    ];
    for (k, (e, at)) in booked.into_iter().enumerate() {
        let (Some((prospect, line, _)), Some((time, moment))) = (earlier.get(e), slot(at)) else {
            continue;
        };
        // The first one's time has come; the others' is still to come.
        if (k == 0) != (moment <= now) {
            continue;
        }
        let appointment = script.appointment();
        let need = desk.need(&mut rng, *line);
        let deed = Deed::Book {
            appointment,
            prospect: *prospect,
            day: today,
            time,
            offset,
            note: card_note(&mut rng, &need),
        };
        script.at(minute(3), &manager(*line), today, deed);
        if k == 0 {
            let arrived = (moment - Duration::minutes(2)).max(minute(4)).min(now);
            script.at(arrived, &desk.lobby, today, Deed::CheckIn { appointment });
        }
    }
}
