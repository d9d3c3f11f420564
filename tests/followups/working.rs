//! Listing, escalating, logging contacts, rescheduling and winning.

use super::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(fx: &Fixture, name: &str, w: u16, h: u16) {
    let screen = fx.screen(w, h);
    assert_snapshot!(format!("{name}_{}_{w}x{h}", fx.lang()), screen);
}

#[test]
fn a_card_not_now_is_listed_in_the_followups_tab_by_section() {
    for lang in LANGS {
        let (mut fx, [today, over1, over8, upcoming, ended]) = sections(lang);
        let rows: Vec<(Bucket, i64)> = fx
            .app
            .followups
            .rows
            .iter()
            .map(|(b, p)| (*b, p.id))
            .collect();
        assert_eq!(
            rows,
            [
                (Bucket::Overdue, over8),
                (Bucket::Overdue, over1),
                (Bucket::DueToday, today),
                (Bucket::Upcoming, upcoming),
                (Bucket::Ended, ended),
            ]
        );
        // The tab counts what is due today or overdue.
        assert_eq!(
            fx.app.tab_title(Tab::Followups),
            format!("{}(3)", by_lang(&fx, "跟进", "Follow-ups"))
        );
        let p = fx.app.followups.selected_prospect().unwrap();
        assert_eq!(
            (p.owner.as_str(), p.line.as_deref()),
            ("W01", Some("wealth"))
        );
        assert!(p.source_card.is_some());
        for (w, h) in SIZES {
            snap(&fx, "followups", w, h);
        }

        // Two days on, without a key: the upcoming one is due, the others later still.
        fx.clock.advance(Duration::days(2));
        fx.act(Action::Tick);
        let rows: Vec<(Bucket, i64)> = fx
            .app
            .followups
            .rows
            .iter()
            .map(|(b, p)| (*b, p.id))
            .collect();
        assert_eq!(
            rows,
            [
                (Bucket::Overdue, over8),
                (Bucket::Overdue, over1),
                (Bucket::Overdue, today),
                (Bucket::DueToday, upcoming),
                (Bucket::Ended, ended),
            ]
        );
    }
}

#[test]
fn the_branch_head_sees_the_escalated_prospect_alone() {
    for lang in LANGS {
        let (mut fx, [_, over1, over8, ..]) = sections(lang);
        // Each manager sees their own; the branch head sees everyone's.
        fx.switch_to("W02");
        fx.act(Action::GoTab(FOLLOWUPS));
        assert!(fx.app.followups.rows.is_empty(), "W02 owns none");
        fx.switch_to("H01");
        assert_eq!(fx.app.tab, Tab::Followups, "the head starts on follow-ups");
        assert_eq!(fx.app.followups.rows.len(), 5);

        fx.act(Action::Filter);
        assert_eq!(fx.app.form.as_ref().unwrap().purpose, Purpose::Filter);
        fx.pick(Msg::FieldEscalated, "yes");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none());
        assert!(fx.app.followups.escalated_only);
        assert_eq!(shown_ids(&fx), [over8], "8 days overdue; 1 day is not");
        let screen = fx.screen(120, 40);
        let flagged: Vec<&str> = screen
            .lines()
            .filter(|l| l.contains(by_lang(&fx, "逾期8天", "8d overdue")))
            .collect();
        assert_eq!(flagged.len(), 1, "{screen}");
        assert!(
            flagged[0].contains(by_lang(&fx, "升级", "HEAD")),
            "{}",
            flagged[0]
        );
        snap(&fx, "followups_escalated", 80, 24);

        fx.act(Action::Filter);
        fx.pick(Msg::FieldEscalated, "no");
        fx.input(Input::Submit);
        assert_eq!(fx.app.followups.rows.len(), 5);
        assert!(shown_ids(&fx).contains(&over1));
    }
}

// ---------------------------------------------------------------- contacts and consent

#[test]
fn logging_a_contact_sets_the_next_due_date() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, id) = via_card(
            &mut fx,
            ("王小明", "13812345678"),
            '2',
            'y',
            "W01",
            "not_now",
        );
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        fx.advance(60);
        let events = fx.event_count();

        fx.act(Action::LogContact);
        let form = fx.app.form.as_ref().expect("l opens the log form");
        assert_eq!(form.purpose, Purpose::LogContact { prospect: id });
        assert_eq!(
            form.field(Msg::FieldDue).get(),
            date(7).to_string(),
            "the cadence's second step"
        );
        fx.pick(Msg::FieldChannel, "wechat");
        fx.retype(Msg::FieldSummary, "微信沟通理财需求");
        fx.retype(Msg::FieldOutcome, "有兴趣");
        fx.retype(Msg::FieldNextStep, "周五带资料来");
        fx.retype(Msg::FieldDue, "11-27");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "已记录联系，下次 2026-11-27",
                "Contact logged; next on 2026-11-27",
            ),
        );
        let contact: (String, String, String, String, String, String, i64) = check(&fx.dir).one(
            "SELECT by, channel, summary, result, next_step, next_due, at FROM contacts
             WHERE prospect_id = ?1",
            args![id],
        );
        assert_eq!(
            contact,
            (
                "W01".into(),
                "wechat".into(),
                "微信沟通理财需求".into(),
                "有兴趣".into(),
                "周五带资料来".into(),
                "2026-11-27".into(),
                (t0() + mins(60)).timestamp()
            )
        );
        assert_eq!(
            prospect_row(&fx, id),
            ("W01".into(), "open".into(), Some("2026-11-27".into()), 1)
        );
        let evs = events_of(&fx, "prospect", id);
        assert_eq!(kinds(&evs), ["prospect.add", "prospect.contact"]);
        assert_eq!(evs[1].2["channel"], "wechat");
        assert_eq!(fx.event_count(), events + 1);
        // The contact shows in the client's history under the list.
        assert!(fx
            .app
            .followups
            .history
            .iter()
            .any(|h| matches!(h, lobbydesk::store::clients::HistoryItem::Contact { summary, .. } if summary == "微信沟通理财需求")));

        // A date in the past, or not a date: refused beside the field, nothing saved.
        for (typed, error) in [
            (
                "2026-11-20",
                by_lang(&fx, "日期不能早于今天", "the date cannot be before today"),
            ),
            (
                "soon",
                by_lang(
                    &fx,
                    "日期格式不对：如 2026-12-01、12-01 或 +3",
                    "not a date: e.g. 2026-12-01, 12-01 or +3",
                ),
            ),
        ] {
            fx.act(Action::LogContact);
            fx.retype(Msg::FieldSummary, "电话未接");
            fx.retype(Msg::FieldDue, typed);
            fx.input(Input::Submit);
            let form = fx.app.form.as_ref().expect("the form stays open");
            assert_eq!(form.field(Msg::FieldDue).error.as_deref(), Some(error));
            assert!(fx.flash().1);
            fx.discard();
        }
        // A summary is required.
        fx.act(Action::LogContact);
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        assert!(form.field(Msg::FieldSummary).error.is_some());
        fx.discard();
        assert_eq!(
            fx.sql_i64("SELECT count(*) FROM contacts", args![]),
            1,
            "nothing more logged"
        );
        assert_eq!(prospect_row(&fx, id).3, 1);
        assert_eq!(prospect_row(&fx, id).2.as_deref(), Some("2026-11-27"));
        assert_eq!(fx.event_count(), events + 1);
    }
}

/// Run an operation as the branch head (H01).
fn as_head<T>(fx: &mut Fixture, f: impl FnOnce(&Db, &Op) -> Result<T, OpError>) -> T {
    let head = ops::person(&manager("H01", "周建", "head"), &fx.app.catalog);
    let op = Op {
        who: &head,
        now: fx.clock.now(),
        day: fx.clock.today(),
        catalog: &fx.app.cx.catalog,
    };
    fx.app
        .cx
        .store
        .write(|db| f(db, &op))
        .expect("allowed to the head")
}

/// The call list of every open prospect, exported by the head.
fn call_list_all(fx: &mut Fixture) -> String {
    let rows = as_head(fx, |db, op| lists::call_list(db, op, Due::All, None));
    export::to_csv(&Catalog::shipped(), Lang::En, fx.clock.today(), &rows)
}

#[test]
fn contacting_a_client_without_consent_starts_with_recording_it() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, id) = via_card(&mut fx, ("孙建国", "13633334444"), '1', 'n', "W01", "left");
        let client = fx.sql_i64("SELECT client_id FROM prospects WHERE id = ?1", args![id]);
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        assert!(!fx.app.followups.selected_prospect().unwrap().consent);
        let row = fx
            .screen(120, 40)
            .lines()
            .find(|l| l.contains("136****4444"))
            .expect("listed, masked")
            .to_string();
        assert!(row.contains(by_lang(&fx, "未同意", "no")), "flagged: {row}");
        assert!(!call_list_all(&mut fx).contains("13633334444"));
        let campaign = as_head(&mut fx, |db, op| lists::campaign(db, op, None));
        let campaign = export::to_csv(&Catalog::shipped(), Lang::En, day(), &campaign);
        assert!(!campaign.contains("13633334444"));
        fx.advance(30);

        // l: first the consent; "no" logs nothing and keeps them off every list.
        fx.act(Action::LogContact);
        let form = fx.app.form.as_ref().expect("a form");
        assert!(
            matches!(form.purpose, Purpose::Consent { prospect, .. } if prospect == id),
            "{:?}",
            form.purpose
        );
        fx.pick(Msg::FieldConsent, "no");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "no log form after a no");
        assert_eq!(
            fx.flash().0,
            by_lang(
                &fx,
                "客户不同意联系，不进入任何联系名单。",
                "The client does not agree to contact: kept off every contact list.",
            ),
        );
        assert_eq!(fx.sql_i64("SELECT count(*) FROM contacts", args![]), 0);
        assert_eq!(
            fx.sql_i64("SELECT consent FROM clients WHERE id = ?1", args![client]),
            0
        );
        assert_eq!(prospect_row(&fx, id).3, 0);
        assert!(!call_list_all(&mut fx).contains("13633334444"));

        // "yes": recorded (when, by whom), then the log form.
        fx.act(Action::LogContact);
        fx.pick(Msg::FieldConsent, "yes");
        fx.input(Input::Submit);
        let (consent, by, at): (i64, String, i64) = check(&fx.dir).one(
            "SELECT consent, consent_by, consent_at FROM clients WHERE id = ?1",
            args![client],
        );
        assert_eq!(
            (consent, by.as_str(), at),
            (1, "W01", (t0() + mins(30)).timestamp())
        );
        let evs = events_of(&fx, "client", client);
        assert_eq!(evs.last().unwrap().0, "client.consent");
        assert_eq!(evs.last().unwrap().1, "W01");
        let form = fx.app.form.as_ref().expect("then the log form");
        assert_eq!(form.purpose, Purpose::LogContact { prospect: id });
        assert!(call_list_all(&mut fx).contains("13633334444"));
        fx.pick(Msg::FieldChannel, "phone");
        fx.retype(Msg::FieldSummary, "到店面谈");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_eq!(prospect_row(&fx, id).3, 1);
    }
}

// ---------------------------------------------------------------- the ways a prospect ends

#[test]
fn reschedule_moves_the_due_date_but_not_into_the_past() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let (_, id) = via_card(
        &mut fx,
        ("王小明", "13812345678"),
        '2',
        'y',
        "W01",
        "not_now",
    );
    fx.act(Action::GoTab(FOLLOWUPS));
    fx.act(Action::Reschedule);
    let form = fx.app.form.as_ref().expect("z opens the form");
    assert_eq!(form.purpose, Purpose::Reschedule { prospect: id });
    assert_eq!(form.field(Msg::FieldDue).get(), date(2).to_string());
    fx.retype(Msg::FieldDue, "2026-11-22");
    fx.input(Input::Submit);
    assert_eq!(
        fx.app
            .form
            .as_ref()
            .expect("refused")
            .field(Msg::FieldDue)
            .error
            .as_deref(),
        Some("the date cannot be before today")
    );
    assert_eq!(prospect_row(&fx, id).2, Some(date(2).to_string()));
    fx.retype(Msg::FieldDue, "+5");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_ok(&fx, "Rescheduled to 2026-11-28");
    assert_eq!(prospect_row(&fx, id).2, Some(date(5).to_string()));
    let evs = events_of(&fx, "prospect", id);
    assert_eq!(kinds(&evs), ["prospect.add", "prospect.reschedule"]);
    assert_eq!(evs[1].2["from"], date(2).to_string());
    assert_eq!(evs[1].2["to"], date(5).to_string());
}

#[test]
fn won_through_a_re_referred_chain_credits_the_original_referrer() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        // T01 refers to wealth; W01 accepts and refers on to credit.
        let number = fx.walkin('A', '1', "王小明", "13812345678");
        fx.select(&number);
        fx.act(Action::Referral);
        fx.input(Input::Char('2'));
        fx.input(Input::Char('y'));
        fx.type_text("想买理财");
        fx.input(Input::Submit);
        let root = fx.sql_i64("SELECT max(id) FROM cards", args![]);
        fx.switch_to("W01");
        fx.act(Action::Accept);
        fx.act(Action::ReferOn);
        fx.pick(Msg::FieldNeed, "mortgage");
        fx.focus_field(1);
        fx.type_text("要买房");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let child = fx.sql_i64("SELECT id FROM cards WHERE parent_id = ?1", args![root]);
        // C01 accepts and records "not now": C01's prospect.
        fx.switch_to("C01");
        select_card(&mut fx, child);
        fx.act(Action::Accept);
        fx.act(Action::Outcome);
        fx.pick(Msg::FieldResult, "not_now");
        fx.input(Input::Submit);
        let id = fx.sql_i64(
            "SELECT id FROM prospects WHERE source_card = ?1",
            args![child],
        );
        assert_eq!(prospect_row(&fx, id).0, "C01");

        // Three days later C01 wins it: mortgage, 800,000 yuan.
        fx.clock.advance(Duration::days(3));
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        fx.act(Action::Won);
        let form = fx.app.form.as_ref().expect("w opens the won form");
        assert_eq!(form.purpose, Purpose::Won { prospect: id });
        fx.pick(Msg::FieldProduct, "mortgage");
        fx.focus_field(1);
        fx.type_text("800,000");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "已成交，张敏 获转介积分",
                "Won; 张敏 credited for the referral",
            ),
        );
        let (stage, product, amount, ended): (String, String, i64, i64) = check(&fx.dir).one(
            "SELECT stage, product, amount_cents, ended_at FROM prospects WHERE id = ?1",
            args![id],
        );
        let now = t0() + Duration::days(3);
        assert_eq!(
            (stage.as_str(), product.as_str(), amount, ended),
            ("won", "mortgage", 80_000_000, now.timestamp())
        );
        let card = fx.app.store.db().card(child).unwrap().unwrap();
        assert_eq!(card.status, CardStatus::Contracted);
        assert_eq!(
            (card.product.as_deref(), card.amount_cents),
            (Some("mortgage"), Some(80_000_000))
        );
        assert_eq!(
            fx.app.store.db().card(root).unwrap().unwrap().status,
            CardStatus::Referred,
            "the first card stays referred on"
        );
        let evs = events_of(&fx, "card", child);
        let (kind, actor, details) = evs.last().unwrap();
        assert_eq!((kind.as_str(), actor.as_str()), ("card.contracted", "C01"));
        assert_eq!(details["credited"], "T01", "the original referrer");
        assert_eq!(details["prospect"], id);
        assert_eq!(details["amount_cents"], 80_000_000);
        assert_eq!(
            kinds(&events_of(&fx, "prospect", id)),
            ["prospect.add", "prospect.won"]
        );
        // Ended: no more steps.
        fx.act(Action::LogContact);
        assert!(fx.app.form.is_none());
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "该跟进已结束（已成交）。",
                "This prospect has ended (won).",
            ),
        );
    }
}
