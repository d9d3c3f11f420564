//! A branch's records about its clients on a branch server: visits rated,
//! complaints recorded, resolved and told of when overdue, appointments
//! booked and cancelled, campaigns defined and sent, and the notices these
//! wrote marked seen, all read back (the report's counts of them included)
//! as on a file.

mod support;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::domain::complaint::Kind;
use lobbydesk::domain::event::Record;
use lobbydesk::domain::notice::{NoticeKind, To};
use lobbydesk::domain::ticket::Step;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::appointments::Booking;
use lobbydesk::ops::complaints::Recording;
use lobbydesk::ops::tickets::{self, TicketTarget};
use lobbydesk::ops::{self};
use lobbydesk::store::campaigns::NewCampaign;
use lobbydesk::store::complaints::{RatingBy, Resolution};
use lobbydesk::store::report::Bounds;
use lobbydesk::store::Store;
use support::pg::same_on_both;
use support::{as_staff, beijing, beijing_day, manager, open_store, t0, teller};

const LIST: &str = "姓名,手机号,客户等级,标签,同意联系\n\
张三,13800000001,普通,代发,是\n\
李四,13900000002,金卡,,是\n\
王五,13700000003,,,否\n\
Zhang Wei,13600005678,,代发;房贷,是\n";

const STAFF: [&str; 5] = ["H01", "L01", "T01", "T02", "W01"];

/// The branch, its clients, and two visits served (张三's at counter 1,
/// Zhang Wei's at counter 2): the clients' ids and the tickets'.
fn a_branch(store: &mut Store) -> (Vec<i64>, Vec<i64>) {
    let mut lobby = manager("L01", "陈静", "lobby");
    lobby.roles = vec!["lobby".into()];
    store
        .write(|db| {
            db.put_staff(&manager("H01", "周建", "head"))?;
            db.put_staff(&lobby)?;
            db.put_staff(&teller("T01", "王芳", 1))?;
            db.put_staff(&teller("T02", "张敏", 2))?;
            db.put_staff(&manager("W01", "周理财", "wealth"))
        })
        .unwrap();
    let parsed = ops::import::parse(&Catalog::shipped(), LIST).expect("a good list");
    as_staff(store, "H01", t0(), |db, op| {
        ops::import::import_clients(db, op, &parsed, false)
    });
    let clients: Vec<i64> = ["13800000001", "13900000002", "13700000003", "13600005678"]
        .iter()
        .map(|m| store.db().client_by_mobile(m).unwrap().unwrap().id)
        .collect();
    let mut visits = Vec::new();
    for (i, (client, teller, counter)) in [(clients[0], "T01", 1), (clients[3], "T02", 2)]
        .into_iter()
        .enumerate()
    {
        let w = tickets::check_walkin(&Catalog::shipped(), Lang::Zh, "A", "normal", "", "")
            .expect("a good walk-in");
        let at = t0() + Duration::minutes(i as i64);
        let t = as_staff(store, "L01", at, |db, op| {
            tickets::register_walkin(db, op, &w)
        });
        store
            .write(|db| db.set_ticket_client(t.id, client))
            .unwrap();
        let call = Step::Call {
            counter,
            teller: Some(teller.into()),
        };
        for (m, step) in [(5, call), (6, Step::Start), (20, Step::Finish)] {
            as_staff(store, teller, at + Duration::minutes(m), |db, op| {
                tickets::step(db, op, TicketTarget::Ticket(t.id), &step)
            });
        }
        visits.push(t.id);
    }
    (clients, visits)
}

/// Ratings, complaints, appointments, campaigns and notices over three
/// days, as one string of everything read back.
fn records_of_three_days(store: &mut Store) -> String {
    let (clients, visits) = a_branch(store);
    let mut said = Vec::new();
    let now = t0() + Duration::minutes(30);
    let d = beijing_day(now);
    for counter in [1, 3] {
        let unrated = store.db().last_unrated_at(counter, d).unwrap();
        said.push(format!("{unrated:?}"));
    }
    for (ticket, score) in visits.iter().zip([5, 2]) {
        let rated = as_staff(store, "L01", now, |db, op| {
            ops::complaints::rate(db, op, *ticket, score)
        });
        said.push(format!("{:?} {}", rated.low, rated.score));
    }

    let recordings = [
        (
            "L01",
            Kind::Wait,
            Some(visits[1]),
            None,
            Some("T02"),
            "L01",
            1,
        ),
        (
            "L01",
            Kind::Attitude,
            None,
            Some(clients[1]),
            None,
            "H01",
            0,
        ),
        ("T01", Kind::Other, None, None, None, "L01", 1),
    ];
    for (by, kind, ticket, client, responsible, owner, days) in recordings {
        let r = Recording {
            kind,
            said: "等了四十分钟没人管".into(),
            ticket,
            client,
            responsible: responsible.map(String::from),
            owner: owner.into(),
            due: d + Duration::days(days),
        };
        let c = as_staff(store, by, now, |db, op| ops::complaints::record(db, op, &r));
        said.push(format!("{c:?}"));
    }
    let resolved = as_staff(store, "L01", now + Duration::hours(1), |db, op| {
        let r = Resolution {
            resolution: "致歉并说明高峰期安排".into(),
            feedback: "phone".into(),
            feedback_note: "客户表示理解".into(),
            valid: true,
        };
        ops::complaints::resolve(db, op, 1, &r)
    });
    said.push(format!("{resolved:?}"));

    let bookings = [
        (clients[0], 0, (15, 0), "W01"),
        (clients[3], 0, (16, 30), "wealth"),
        (clients[1], 1, (10, 0), "W01"),
    ];
    for (client, days, (h, m), with) in bookings {
        let b = Booking {
            client,
            prospect: None,
            day: d + Duration::days(days),
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            with: with.into(),
            note: "想了解养老理财".into(),
        };
        let a = as_staff(store, "W01", now, |db, op| {
            ops::appointments::book(db, op, beijing(), &b)
        });
        said.push(format!("{a:?}"));
    }
    as_staff(store, "W01", now, |db, op| {
        ops::appointments::cancel(db, op, 2)
    });

    let campaigns = [(None, None), (Some("normal"), Some("代发"))];
    for (i, (tier, tag)) in campaigns.into_iter().enumerate() {
        let def = NewCampaign {
            occasion: "holiday".into(),
            name: format!("春节问候{i}"),
            template: "{name}您好，{manager}祝您新春快乐".into(),
            starts: d,
            ends: d + Duration::days(10),
            tier: tier.map(String::from),
            line: None,
            status: None,
            tag: tag.map(String::from),
            window_days: 30,
        };
        let id = as_staff(store, "H01", now, |db, op| {
            ops::campaigns::add(db, op, &def)
        });
        said.push(format!("{id}"));
    }
    for (id, later) in [(1, 0), (2, 1), (1, 2)] {
        let sent = as_staff(store, "H01", now + Duration::hours(later), |db, op| {
            ops::campaigns::send(db, op, id)
        });
        said.push(format!("{sent:?}"));
    }

    let later = now + Duration::days(2);
    let overdue = store.db().overdue_complaints(beijing_day(later)).unwrap();
    said.push(format!("{overdue:?}"));
    for _ in 0..2 {
        let told = as_staff(store, "L01", later, ops::complaints::tell_overdue);
        said.push(format!("{told}"));
    }
    let first = as_staff(store, "H01", later, |db, op| {
        let unseen = ops::notices::unseen(db, op.who)?;
        ops::notices::mark_seen(db, op, unseen[0].id)?;
        ops::notices::mark_seen(db, op, 0)?;
        Ok(unseen[0].id)
    });
    said.push(format!("{first}"));
    let again = as_staff(store, "L01", later, |db, op| {
        let to = To::Role("lobby".into());
        let kind = NoticeKind::ComplaintOverdue;
        ops::notices::tell(db, op, to, kind, Record::Complaint, 2, "")
    });
    said.push(format!("{again:?}"));

    said.push(read_back(store, &clients, d, later));
    said.join("\n")
}

fn read_back(store: &Store, clients: &[i64], d: NaiveDate, now: DateTime<Utc>) -> String {
    let db = store.db();
    let catalog = Catalog::shipped();
    let mut said = Vec::new();
    for id in 1..=4 {
        said.push(format!("{:?}", db.complaint(id).unwrap()));
        said.push(format!("{:?}", db.appointment(id).unwrap()));
        said.push(format!("{:?}", db.rating_of(id).unwrap()));
    }
    for owner in [None, Some("L01"), Some("H01"), Some("T01")] {
        said.push(format!("{:?}", db.open_complaints(owner).unwrap()));
    }
    said.push(format!(
        "{:?}",
        db.overdue_complaints(beijing_day(now)).unwrap()
    ));
    said.push(format!("{:?}", db.ticket_numbered(d, "A002").unwrap()));
    said.push(format!("{:?}", db.ticket_numbered(d, "A009").unwrap()));
    said.push(format!("{:?}", db.last_unrated_at(1, d).unwrap()));
    let b = Bounds::new(d, beijing_day(now), |_| beijing(), now);
    for by in [RatingBy::Counter, RatingBy::Teller, RatingBy::Service] {
        said.push(format!("{:?}", db.report_ratings(&b, by).unwrap()));
    }
    said.push(format!("{:?}", db.report_complaints(&b).unwrap()));
    let early = Bounds::new(d, d, |_| beijing(), t0() + Duration::hours(1));
    said.push(format!("{:?}", db.report_complaints(&early).unwrap()));

    for k in 0..2 {
        let on = d + Duration::days(k);
        said.push(format!("{:?}", db.appointments_of(on).unwrap()));
    }
    said.push(format!("{:?}", db.booked_before(now).unwrap()));
    said.push(format!("{:?}", db.booked_before(t0()).unwrap()));
    let (from, to) = (d.to_string(), (d + Duration::days(1)).to_string());
    said.push(format!("{:?}", db.appointment_counts(&from, &to).unwrap()));

    said.push(format!("{:?}", db.campaigns().unwrap()));
    said.push(format!("{:?}", db.campaign(9).unwrap()));
    for id in [1, 2, 9] {
        said.push(format!("{:?}", db.campaign_reach(id, None).unwrap()));
        said.push(format!(
            "{:?}",
            db.campaign_reach(id, Some("gold")).unwrap()
        ));
        said.push(format!("{:?}", db.campaign_kept_audience(id).unwrap()));
        said.push(format!("{:?}", db.campaign_sent(id).unwrap()));
        said.push(format!("{:?}", db.campaign_contracts(id, 30).unwrap()));
    }
    for c in db.campaigns().unwrap() {
        let f = ops::campaigns::figures(&db, &catalog, now, &c).unwrap();
        said.push(format!("{f:?}"));
    }
    for client in clients {
        said.push(format!("{:?}", db.client_appointments(*client).unwrap()));
        said.push(format!("{:?}", db.client_campaigns(*client, 1).unwrap()));
        said.push(format!("{:?}", db.client_campaigns(*client, 10).unwrap()));
    }
    said.push(format!("{:?}", db.campaign_report(b.start, b.end).unwrap()));
    said.push(format!("{:?}", db.campaign_report(0, 1).unwrap()));

    for code in STAFF {
        let who = support::person_of(store, code);
        said.push(format!("{code} {:?}", db.notice_seen(code).unwrap()));
        said.push(format!("{:?}", ops::notices::unseen(&db, &who).unwrap()));
        said.push(format!("{:?}", ops::notices::recent(&db, &who, 2).unwrap()));
    }
    for (kind, id) in [
        (NoticeKind::ComplaintOverdue, 2),
        (NoticeKind::ComplaintOverdue, 1),
    ] {
        let told = db.notice_told(kind, Record::Complaint, id).unwrap();
        said.push(format!("{told}"));
    }
    said.push(format!("{:?}", db.cards_waiting(now).unwrap()));
    said.join("\n")
}

#[test]
fn records_of_three_days_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let said = records_of_three_days(&mut open_store(&dir));
    for seen in [
        "ComplaintOverdue",
        "春节问候1",
        "Cancelled",
        "RatingRow",
        "张三您好",
    ] {
        assert!(said.contains(seen), "{seen}: {said}");
    }
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_records_of_three_days_read_the_same_on_the_server() {
    same_on_both("records", records_of_three_days);
}
