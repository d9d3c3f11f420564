//! Lost, handed back, reassigned, added by hand, filtered and exported.

use super::*;

#[test]
fn lost_with_a_reason() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let (card, id) = via_card(&mut fx, ("陈静", "13900001111"), '3', 'y', "W01", "intent");
    assert_eq!(
        fx.app.store.db().card(card).unwrap().unwrap().status,
        CardStatus::Intent
    );
    fx.act(Action::GoTab(FOLLOWUPS));
    fx.act(Action::Lost);
    let form = fx.app.form.as_ref().expect("L opens the lost form");
    assert_eq!(form.purpose, Purpose::Lost { prospect: id });
    let Value_::Choice { options, .. } = &form.field(Msg::FieldReason).value else {
        panic!("the reason is a choice")
    };
    let codes: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "",
            "no_reason",
            "complaint",
            "competitor",
            "moved",
            "distrust",
            "no_need",
            "poor_fit",
            "other"
        ],
        "the settings' lost reasons, nothing pre-selected"
    );
    fx.pick(Msg::FieldReason, "poor_fit");
    fx.retype(Msg::FieldNote, "风险偏好不符");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_ok(&fx, "Marked lost");
    let (stage, reason, note): (String, String, String) = check(&fx.dir).one(
        "SELECT stage, end_reason, note FROM prospects WHERE id = ?1",
        args![id],
    );
    assert_eq!(
        (stage.as_str(), reason.as_str(), note.as_str()),
        ("lost", "poor_fit", "风险偏好不符")
    );
    let evs = events_of(&fx, "prospect", id);
    assert_eq!(kinds(&evs), ["prospect.add", "prospect.lost"]);
    assert_eq!(evs[1].2["reason"], "poor_fit");
    let p = fx.app.followups.selected_prospect().unwrap();
    assert_eq!((p.id, p.stage), (id, Stage::Lost));
    assert_eq!(fx.app.followups.rows[0].0, Bucket::Ended);
    // Ended: not again.
    fx.act(Action::Lost);
    assert_refused(&fx, "This prospect has ended (lost).");
}

#[test]
fn handed_back_then_reassigned_by_the_branch_head_keeps_its_history() {
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
        fx.advance(10);
        fx.act(Action::HandBack);
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "已上交支行长重新分配",
                "Handed back to the branch head",
            ),
        );
        let (owner, stage, ..) = prospect_row(&fx, id);
        assert_eq!((owner.as_str(), stage.as_str()), ("W01", "handed_back"));
        // Only the branch head reassigns.
        fx.act(Action::Reassign);
        assert!(fx.app.form.is_none());
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "只有支行长可以改派。",
                "Only the branch head can reassign.",
            ),
        );

        fx.switch_to("H01");
        fx.select_prospect_id(id);
        assert_eq!(fx.app.followups.rows[0].0, Bucket::Ended);
        fx.advance(10);
        fx.act(Action::Reassign);
        let form = fx.app.form.as_ref().expect("R opens the reassign form");
        assert_eq!(form.purpose, Purpose::Reassign { prospect: id });
        fx.pick(Msg::FieldOwner, "W02");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_ok(&fx, by_lang(&fx, "已改派给 刘洋", "Reassigned to 刘洋"));
        assert_eq!(
            prospect_row(&fx, id),
            ("W02".into(), "open".into(), Some(date(2).to_string()), 0),
            "open again, with the new owner, due by the cadence"
        );
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM prospects WHERE id = ?1 AND ended_at IS NULL",
                args![id]
            ),
            1
        );
        let evs = events_of(&fx, "prospect", id);
        assert_eq!(
            kinds(&evs),
            ["prospect.add", "prospect.hand_back", "prospect.reassign"]
        );
        assert_eq!(evs[1].1, "W01");
        assert_eq!(evs[2].1, "H01");
        assert_eq!(evs[2].2["from"], "W01");
        assert_eq!(evs[2].2["to"], "W02");
        assert_eq!(evs[2].2["stage"], "handed_back");

        // The new owner has it; the old one no longer does.
        fx.switch_to("W02");
        fx.act(Action::GoTab(FOLLOWUPS));
        assert_eq!(shown_ids(&fx), [id]);
        fx.switch_to("W01");
        fx.act(Action::GoTab(FOLLOWUPS));
        assert!(shown_ids(&fx).is_empty());
    }
}

#[test]
fn an_ended_prospect_offers_no_step_and_opens_no_form() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, id) = via_card(&mut fx, ("陈静", "13900001111"), '2', 'y', "W01", "not_now");
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        fx.act(Action::HandBack);
        assert!(!fx.flash().1, "{:?}", fx.app.flash);
        assert_eq!(prospect_row(&fx, id).1, "handed_back");
        fx.select_prospect_id(id);
        let before = fx.db_state();
        let ended = by_lang(
            &fx,
            "该跟进已结束（已上交）。",
            "This prospect has ended (handed back).",
        );
        for action in [
            Action::LogContact,
            Action::Won,
            Action::Lost,
            Action::Reschedule,
            Action::HandBack,
        ] {
            assert!(!fx.app.offers(&action), "{action:?} is not offered");
            fx.act(action.clone());
            assert!(fx.app.form.is_none(), "{action:?} opens no form");
            assert_refused(&fx, ended);
            assert_eq!(fx.db_state(), before, "{action:?} wrote nothing");
        }
    }
}

#[test]
fn a_prospect_added_by_hand_needs_the_clients_answer_to_contact() {
    let mut fx = Fixture::new(Lang::En, "W01", &branch());
    fx.go(Tab::Followups);
    fx.act(Action::AddProspect);
    let form = fx.app.form.as_ref().expect("a opens the form");
    assert_eq!(form.field(Msg::FieldConsent).get(), "", "not pre-selected");
    fx.type_text("赵雷");
    fx.focus_field(1);
    fx.type_text("13800000001");
    fx.retype(Msg::FieldNote, "想了解养老理财");
    let before = fx.db_state();
    fx.input(Input::Submit);
    let form = fx.app.form.as_ref().expect("refused: the form stays open");
    assert_eq!(
        form.field(Msg::FieldConsent).error.as_deref(),
        Some("required")
    );
    assert_eq!(fx.db_state(), before);
    fx.pick(Msg::FieldLine, "wealth");
    fx.pick(Msg::FieldConsent, "no");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let id = fx.sql_i64("SELECT id FROM prospects", args![]);
    let note: String = check(&fx.dir).one("SELECT note FROM prospects WHERE id = ?1", args![id]);
    assert_eq!(note, "想了解养老理财", "the note on the prospect");
    let evs = events_of(&fx, "prospect", id);
    assert_eq!(kinds(&evs), ["prospect.add"]);
    assert!(evs[0].2.get("note").is_none(), "{:?}", evs[0].2);
    assert_eq!(evs[0].2["consent"], false);
    // Without consent, `l` asks for it first, nothing pre-selected.
    fx.select_prospect_id(id);
    fx.act(Action::LogContact);
    let form = fx.app.form.as_ref().expect("the consent form");
    assert!(matches!(
        form.purpose,
        Purpose::Consent { then_log: true, .. }
    ));
    assert_eq!(form.field(Msg::FieldConsent).get(), "");
}

#[test]
fn filters_by_name_mobile_owner_line_and_tier() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let (_, wang) = via_card(
        &mut fx,
        ("王小明", "13812345678"),
        '2',
        'y',
        "W01",
        "not_now",
    );
    let (_, chen) = via_card(&mut fx, ("陈静", "13900001111"), '6', 'y', "C01", "not_now");
    let (_, zhao) = via_card(&mut fx, ("赵丽华", "13755556666"), '3', 'y', "W02", "left");
    check(&fx.dir).run(
        "UPDATE clients SET tier = 'gold' WHERE mobile = '13900001111'",
        args![],
    );
    fx.switch_to("H01");
    let all = |fx: &Fixture| shown_ids(fx).into_iter().collect::<BTreeSet<_>>();
    assert_eq!(all(&fx), BTreeSet::from([wang, chen, zhao]));

    for (search, owner, line, tier, expected) in [
        ("小明", "", "", "", vec![wang]),
        ("丽", "", "", "", vec![zhao]),
        ("5678", "", "", "", vec![wang]),
        ("1111", "", "", "", vec![chen]),
        ("139 0000 1111", "", "", "", vec![chen]),
        ("", "W02", "", "", vec![zhao]),
        ("", "W01", "", "", vec![wang]),
        ("", "", "credit", "", vec![chen]),
        ("", "", "wealth", "", vec![wang, zhao]),
        ("", "", "", "gold", vec![chen]),
        ("", "W01", "credit", "", vec![]),
        ("nobody", "", "", "", vec![]),
        ("", "", "", "", vec![wang, chen, zhao]),
    ] {
        filter(&mut fx, search, owner, line, tier);
        assert_eq!(
            all(&fx),
            expected.into_iter().collect::<BTreeSet<_>>(),
            "search {search:?} owner {owner:?} line {line:?} tier {tier:?}"
        );
    }
    // As on the Clients tab, digits are a mobile's last four or all eleven:
    // part of a mobile is refused in words and the list stays as it was.
    fx.act(Action::Filter);
    fx.retype(Msg::FieldSearch, "139");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_some(), "the form stays open");
    let screen = fx.screen(120, 40);
    assert!(
        screen.contains("last four digits or all eleven"),
        "refused in words:\n{screen}"
    );
    fx.input(Input::Cancel);
    assert_eq!(all(&fx), BTreeSet::from([wang, chen, zhao]));
    // The filter in force is named above the list, its search masked as
    // the clients are.
    filter(&mut fx, "小明", "W01", "", "");
    let screen = fx.screen(120, 40);
    assert!(
        screen.contains("Filter: \"小*\" · 王芳"),
        "the filter is shown:\n{screen}"
    );
}

// ---------------------------------------------------------------- the exports, through the binary

/// A branch database for the exports, dated by the machine's clock (the
/// binary uses it): returns the folder, the database and the consenting
/// prospects' mobiles by owner and due bucket.
fn export_branch() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("branch.db");
    let mut store = Store::open(&path).unwrap();
    let clock = Clock::System;
    let (now, today) = (clock.now(), clock.today());
    for s in branch() {
        put_staff(&mut store, &s);
    }
    // (name, mobile, consent, owner, due in days, won)
    let rows = [
        ("王小明", "13812345678", true, "W01", 0, false),
        ("陈静", "13900001111", true, "W02", 0, false),
        ("赵丽华", "13755556666", true, "W01", -3, false),
        ("孙建国", "13633334444", false, "W01", 0, false),
        ("欧阳娜娜", "13522223333", true, "W02", 5, false),
        ("李雷", "13411112222", true, "W01", 0, true),
        ("钱多多", "13300009999", false, "W02", -2, false),
    ];
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for (name, mobile, consent, owner, due, won) in rows {
                let (client, _) = db.find_or_add_client(Some(name), Some(mobile), now)?;
                db.set_consent(client, consent, "T01", now)?;
                let id = db.add_prospect(
                    &NewProspect {
                        client_id: client,
                        owner: owner.into(),
                        source_card: None,
                        line: Some("wealth".into()),
                        next_due: today + Duration::days(due),
                    },
                    now,
                )?;
                if won {
                    db.end_prospect(id, Stage::Won, None, Some("cd"), Some(100), "", now)?;
                }
            }
            Ok(())
        })
        .unwrap();
    (dir, path)
}

/// The CSV on stdout: the BOM checked and stripped, then the header and the rows.
fn read_csv(o: &Output) -> (Vec<String>, Vec<Vec<String>>) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stdout.starts_with(&[0xEF, 0xBB, 0xBF]),
        "starts with the UTF-8 byte-order mark: {:?}",
        &o.stdout[..o.stdout.len().min(8)]
    );
    let mut r = csv::Reader::from_reader(&o.stdout[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn mobiles(rows: &[Vec<String>]) -> BTreeSet<String> {
    rows.iter().map(|r| r[1].clone()).collect()
}

fn set(m: &[&str]) -> BTreeSet<String> {
    m.iter().map(|s| s.to_string()).collect()
}

#[test]
fn exports_hold_exactly_the_consenting_open_prospects() {
    let (dir, _) = export_branch();
    let (wang, chen, zhao, ouyang) = ("13812345678", "13900001111", "13755556666", "13522223333");
    let never = ["13633334444", "13300009999", "13411112222"];

    let (header, rows) = read_csv(&run(&dir, "en", &["export", "prospects"]));
    assert_eq!(
        header,
        [
            "Name",
            "Mobile",
            "Tier",
            "Line",
            "Owner",
            "Next contact",
            "Due",
            "Cont."
        ]
    );
    assert_eq!(mobiles(&rows), set(&[wang, chen]), "--due today by default");
    let wang_row = rows.iter().find(|r| r[1] == wang).unwrap();
    assert_eq!(wang_row[0], "王小明");
    assert_eq!(wang_row[4], "王芳", "the owner by name");
    assert_eq!(wang_row[5], Clock::System.today().to_string());

    for (args, expected) in [
        (vec!["--due", "today"], vec![wang, chen]),
        (vec!["--due", "today", "--owner", "W01"], vec![wang]),
        (vec!["--due", "overdue"], vec![zhao]),
        (vec!["--due", "all"], vec![wang, chen, zhao, ouyang]),
        (vec!["--due", "all", "--owner", "W02"], vec![chen, ouyang]),
        (vec!["--due", "overdue", "--owner", "W02"], vec![]),
    ] {
        let mut full = vec!["export", "prospects"];
        full.extend(&args);
        let o = run(&dir, "en", &full);
        let (_, rows) = read_csv(&o);
        assert_eq!(mobiles(&rows), set(&expected), "{args:?}");
        let text = String::from_utf8_lossy(&o.stdout);
        for m in never {
            assert!(!text.contains(m), "{m} never listed: {args:?}");
        }
    }
    let overdue = read_csv(&run(
        &dir,
        "en",
        &["export", "prospects", "--due", "overdue"],
    ))
    .1;
    assert_eq!(overdue[0][6], "3d overdue");

    let o = run(&dir, "en", &["export", "campaign"]);
    let (_, rows) = read_csv(&o);
    assert_eq!(mobiles(&rows), set(&[wang, chen, zhao, ouyang]));
    for m in never {
        assert!(!String::from_utf8_lossy(&o.stdout).contains(m));
    }

    // Chinese headers survive the trip (what Excel needs the BOM for).
    let (header, rows) = read_csv(&run(&dir, "zh", &["export", "campaign"]));
    assert_eq!(header[0], "姓名");
    assert!(rows.iter().any(|r| r[0] == "欧阳娜娜"));

    // An owner not on the roster, or a due that is not one of the three: exit 2.
    for args in [
        &["export", "prospects", "--owner", "NOPE"][..],
        &["export", "prospects", "--due", "someday"][..],
    ] {
        let o = run(&dir, "en", args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}
