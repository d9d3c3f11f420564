//! CSV, Markdown and the report command.

use super::*;

#[test]
fn csv_has_a_bom_and_parses_back() {
    let b = branch();
    let r = day_report(&b);
    let text = report::render(&r, &Catalog::shipped(), Lang::Zh, Format::Csv);
    assert!(text.starts_with('\u{feff}'), "byte-order mark first");
    let body = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["section", "item", "name", "field", "value"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.iter().all(|r| r.len() == 5));
    let value = |section: &str, item: &str, field: &str| -> String {
        let hits: Vec<_> = rows
            .iter()
            .filter(|r| &r[0] == section && &r[1] == item && &r[3] == field)
            .collect();
        assert_eq!(hits.len(), 1, "{section},{item},{field}");
        hits[0][4].to_string()
    };
    assert_eq!(value("report", "", "date_from"), "2026-11-23");
    assert_eq!(value("visits", "", "arrived"), "8");
    assert_eq!(value("waits", "", "p90_minutes"), "30.0");
    assert_eq!(value("waits.by_service", "A", "avg_minutes"), "9.8");
    assert_eq!(value("service.by_counter", "2", "max_minutes"), "15.0");
    assert_eq!(value("service.by_teller", "T01", "count"), "2");
    assert_eq!(value("referrals", "", "contracted_amount"), "173456.78");
    assert_eq!(
        value("referrals.declined_by_objection", "no_need", "count"),
        "1"
    );
    assert_eq!(
        value("referrals.by_line", "credit", "contracted_amount"),
        "123456.78"
    );
    assert_eq!(value("referrals.by_referrer", "T01", "contracted"), "2");
    assert_eq!(value("referrals.funnel", "", "accepted"), "3");
    assert_eq!(value("followups", "", "due_tomorrow"), "1");
    assert_eq!(value("staff", "W01", "points"), "6");
    assert_eq!(value("hours", "10", "avg_wait_minutes"), "13.5");
    let named = rows
        .iter()
        .find(|r| &r[0] == "staff" && &r[1] == "T01")
        .unwrap();
    assert_eq!(&named[2], "王芳");
    let a = rows
        .iter()
        .find(|r| &r[0] == "waits.by_service" && &r[1] == "A")
        .unwrap();
    assert_eq!(&a[2], "个人业务");
    let en = report::csv::render(&r, &Catalog::shipped(), Lang::En);
    assert!(en.contains("waits.by_service,A,Personal banking,count,5"));
}

/// The tables of a Markdown text: their lines' display widths are equal.
fn assert_tables_line_up(md: &str) {
    let mut widths: Vec<usize> = Vec::new();
    for line in md.lines().chain(std::iter::once("")) {
        if line.starts_with('|') {
            widths.push(i18n::width(line));
        } else if !widths.is_empty() {
            assert!(widths.iter().all(|w| *w == widths[0]), "{md}");
            widths.clear();
        }
    }
}

#[test]
fn markdown_in_both_languages() {
    let b = branch();
    let r = day_report(&b);
    let zh = report::render(&r, &Catalog::shipped(), Lang::Zh, Format::Md);
    assert!(zh.starts_with("# 日终报表 · 城东支行\n\n营业日：2026-11-23\n"));
    for part in [
        "## 客流",
        "## 等候时间",
        "## 办理时长",
        "## 转介",
        "## 跟进",
        "## 人员与积分",
        "## 分时段",
        "¥173,456.78",
        "超6分",
        "超15分",
        "王芳 (T01)",
        "| 1号窗口 |",
        "不需要",
        "积分＝转介×1＋转介成交×5＋签约×3＋联系×1",
        "09:00–10:00",
    ] {
        assert!(zh.contains(part), "{part} in\n{zh}");
    }
    assert_tables_line_up(&zh);

    let en = report::md::render(&r, &Catalog::shipped(), Lang::En);
    assert!(en.starts_with("# End-of-day report · East City Branch\n\nBusiness day: 2026-11-23\n"));
    for part in [
        "## Visits",
        "## Waiting times",
        "Over 6m",
        "Counter 1",
        "| Wealth",
        "¥50,000.00",
    ] {
        assert!(en.contains(part), "{part} in\n{en}");
    }
    assert_tables_line_up(&en);
    // Staff by points, highest first.
    let t01 = en.find("| T01").unwrap();
    let w01 = en.find("| W01").unwrap();
    assert!(t01 < w01);

    let range = compute(&b, Period::new(d(), day(1)).unwrap(), at(day(1), 16, 0));
    let en = report::md::render(&range, &Catalog::shipped(), Lang::En);
    assert!(en.contains("Business days: 2026-11-23 to 2026-11-24"));
}

#[test]
fn markdown_of_an_empty_day() {
    let b = empty_branch();
    let r = compute(&b, Period::day(d()), at(d(), 12, 0));
    let en = report::md::render(&r, &Catalog::shipped(), Lang::En);
    assert!(en.contains("## Staff and points\n\n(none)"));
    assert!(en.contains("## By hour\n\n(none)\n"));
    // Last, the event chain's head, which anchors the printed report.
    let head = format!(
        "Event chain head at the end of the period: `{}`\n",
        r.chain_head
    );
    assert!(en.ends_with(&head), "{en}");
    assert_tables_line_up(&en);
}

#[test]
fn the_report_command() {
    let b = branch();
    let out = lobbydesk(&b, &["report", "--date", "2026-11-23", "--format", "json"]);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["date_from"], "2026-11-23");
    assert_eq!(v["visits"]["arrived"], 8);
    assert_eq!(
        v["referrals"]["contracted_amount"],
        serde_json::json!(173456.78)
    );

    let out = lobbydesk(
        &b,
        &[
            "report",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-24",
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success());
    assert!(out
        .stdout
        .starts_with("\u{feff}section,item,name,field,value".as_bytes()));

    let out = lobbydesk(&b, &["--lang", "zh", "report", "--date", "2026-11-23"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("# 日终报表"));

    let out = lobbydesk(&b, &["report"]);
    assert!(out.status.success(), "today by default");

    for bad in [
        &["report", "--date", "2026-11-31"][..],
        &["report", "--from", "2026-11-24", "--to", "2026-11-23"],
        &[
            "report",
            "--date",
            "2026-11-23",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-24",
        ],
        &["report", "--from", "2026-11-23"],
        &["report", "--format", "pdf"],
    ] {
        let out = lobbydesk(&b, bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
    let out = lobbydesk(&b, &["report", "--date", "2026-11-31"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, "lobbydesk: A date must be YYYY-MM-DD: 2026-11-31\n");
    let out = lobbydesk(
        &b,
        &["report", "--from", "2026-11-24", "--to", "2026-11-23"],
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("2026-11-24 is after the last day 2026-11-23"),
        "{err}"
    );
}
