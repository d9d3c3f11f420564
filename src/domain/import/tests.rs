use super::*;

fn tier(v: &str) -> Option<String> {
    match v {
        "普通" | "normal" => Some("normal".into()),
        "金卡" | "gold" | "Gold" => Some("gold".into()),
        _ => None,
    }
}

fn read(text: &str) -> Parsed {
    parse(text, tier, &[]).unwrap()
}

#[test]
fn chinese_and_english_headers_read_the_same_rows() {
    let zh = read(
        "姓名,手机号,客户等级,开户日期,持有产品数,标签\n张三,13800000001,金卡,2020/3/5,2,代发\n",
    );
    let en =
        read("Name,Mobile,Tier,Opened,Products,Tags\n张三,138-0000-0001,gold,2020-03-05,2,代发\n");
    assert_eq!(zh, en);
    let r = &zh.rows[0];
    assert_eq!(r.row, 2);
    assert_eq!(r.mobile, "13800000001");
    assert_eq!(r.tier.as_deref(), Some("gold"));
    assert_eq!(r.opened, NaiveDate::from_ymd_opt(2020, 3, 5));
    assert_eq!(r.products_held, Some(2));
    assert!(!zh.has_consent);
    assert_eq!(r.consent, None);
}

#[test]
fn a_bom_and_unknown_columns_are_ignored() {
    let p = read("\u{feff}姓名,证件号,手机号\n李四,110,13900000002\n");
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].name.as_deref(), Some("李四"));
}

#[test]
fn bad_rows_are_refused_by_their_row_number() {
    let p = read(
        "姓名,手机号,客户等级,开户日期,持有产品数\n\
         甲,12345,,,\n\
         乙,13800000001,钻石,,\n\
         丙,13800000002,,2020-13-01,\n\
         丁,13800000003,,,两个\n\
         戊,13800000003,,,\n\
         己,13800000003,,,\n",
    );
    let why: Vec<_> = p.refused.iter().map(|r| (r.row, r.why.clone())).collect();
    assert_eq!(
        why,
        vec![
            (2, RowRefusal::BadMobile),
            (3, RowRefusal::UnknownTier("钻石".into())),
            (4, RowRefusal::BadDate(Field::Opened)),
            (5, RowRefusal::BadNumber),
        ]
        .into_iter()
        .chain([(7, RowRefusal::DuplicateMobile(6))])
        .collect::<Vec<_>>()
    );
    assert_eq!(p.rows.len(), 1);
}

#[test]
fn consent_only_from_its_column() {
    let p =
        read("手机号,同意联系\n13800000001,是\n13800000002,否\n13800000003,\n13800000004,也许\n");
    assert!(p.has_consent);
    let c: Vec<_> = p.rows.iter().map(|r| r.consent).collect();
    assert_eq!(c, vec![Some(true), Some(false), None]);
    assert_eq!(p.refused[0].why, RowRefusal::BadConsent);
}

#[test]
fn a_file_without_a_mobile_column_or_header_is_refused() {
    assert_eq!(parse("姓名\n张三\n", tier, &[]), Err(FileRefusal::NoMobile));
    assert_eq!(parse("", tier, &[]), Err(FileRefusal::Empty));
    assert_eq!(
        parse("手机号,mobile\n", tier, &[]),
        Err(FileRefusal::TwiceMapped(Field::Mobile))
    );
}

#[test]
fn extra_names_map_other_columns() {
    let extra = vec![("联系电话".to_string(), Field::Mobile)];
    let p = parse("联系电话\n13800000001\n", tier, &extra).unwrap();
    assert_eq!(p.rows[0].mobile, "13800000001");
}

#[test]
fn empty_lines_are_skipped() {
    let p = read("手机号,姓名\n13800000001,甲\n,\n13800000002,乙\n");
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[1].row, 4);
    assert!(p.refused.is_empty());
}

#[test]
fn utf8_bom_and_gbk_decode_to_the_same_text() {
    let text = "姓名,手机号\n张三,13800000001\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(decode(text.as_bytes(), None).as_deref(), Some(text));
    assert_eq!(decode(&bom, None).as_deref(), Some(text));
    assert_eq!(decode(&gbk, None).as_deref(), Some(text));
    assert_eq!(decode(&gbk, Some(Encoding::Gbk)).as_deref(), Some(text));
    assert_eq!(decode(&gbk, Some(Encoding::Utf8)), None);
}
