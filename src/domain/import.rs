//! A client list as the core system exports it (already decoded text, a
//! header row): its columns found by their Chinese or English names, and each
//! row read into a typed client row or refused with its reason.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::validate;

/// A field of a client row, and the column names that mean it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Mobile,
    Tier,
    Tags,
    ProductsHeld,
    Opened,
    LastLargeDeposit,
    CardActivated,
    Consent,
    /// The last large deposit's amount, yuan.
    LargeDepositAmount,
    /// The client's assets (AUM), yuan: the tier follows from them when the
    /// file has no tier column.
    Assets,
}

impl Field {
    /// Each field's name in settings (`[import.columns]`), in order.
    pub const NAMES: &'static [&'static str] = &[
        "name",
        "mobile",
        "tier",
        "tags",
        "products_held",
        "opened",
        "last_large_deposit",
        "card_activated",
        "consent",
        "large_deposit_amount",
        "assets",
    ];

    const ALL: [Field; 11] = [
        Field::Name,
        Field::Mobile,
        Field::Tier,
        Field::Tags,
        Field::ProductsHeld,
        Field::Opened,
        Field::LastLargeDeposit,
        Field::CardActivated,
        Field::Consent,
        Field::LargeDepositAmount,
        Field::Assets,
    ];

    /// The field a settings name means.
    pub fn named(name: &str) -> Option<Field> {
        let at = Field::NAMES.iter().position(|n| *n == name.trim())?;
        Some(Field::ALL[at])
    }
}

/// The default mapping: the names banks' exports use for each field
/// (English compared without case, spaces, dashes and underscores).
const NAMES: &[(Field, &[&str])] = &[
    (Field::Name, &["姓名", "客户姓名", "客户名称", "name"]),
    (
        Field::Mobile,
        &["手机号", "手机号码", "手机", "mobile", "phone"],
    ),
    (Field::Tier, &["客户等级", "等级", "客户级别", "tier"]),
    (Field::Tags, &["标签", "客户标签", "tags"]),
    (
        Field::ProductsHeld,
        &[
            "持有产品数",
            "产品数",
            "持有产品",
            "products",
            "productsheld",
        ],
    ),
    (Field::Opened, &["开户日期", "opened", "openedon"]),
    (
        Field::LastLargeDeposit,
        &["最近大额存入日期", "大额存入日期", "lastlargedeposit"],
    ),
    (
        Field::CardActivated,
        &["卡激活日期", "激活日期", "cardactivated"],
    ),
    (Field::Consent, &["同意联系", "consent"]),
    (
        Field::LargeDepositAmount,
        &[
            "最近大额存入金额",
            "大额存入金额",
            "lastlargedepositamount",
            "largedepositamount",
        ],
    ),
    (
        Field::Assets,
        &["资产", "资产总额", "金融资产", "assets", "aum"],
    ),
];

/// Tags are free words the core system gives; at most this many characters.
pub const TAGS_MAX: usize = 200;

fn key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a column name means, by the default mapping or `extra`
/// (names the branch settings add).
pub fn field_of(name: &str, extra: &[(String, Field)]) -> Option<Field> {
    let k = key(name);
    extra
        .iter()
        .find(|(n, _)| key(n) == k)
        .map(|(_, f)| *f)
        .or_else(|| {
            NAMES
                .iter()
                .find(|(_, names)| names.iter().any(|n| key(n) == k))
                .map(|(f, _)| *f)
        })
}

/// One client row of the file, read and checked. `None`: the cell is empty
/// (or the column absent), so a stored value stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientRow {
    /// The row's number in the file as a spreadsheet shows it (the header is 1).
    pub row: usize,
    pub mobile: String,
    pub name: Option<String>,
    /// A tier code of the settings.
    pub tier: Option<String>,
    pub tags: Option<String>,
    pub products_held: Option<u32>,
    pub opened: Option<NaiveDate>,
    pub last_large_deposit: Option<NaiveDate>,
    pub card_activated: Option<NaiveDate>,
    /// Only when the file has a consent column and the cell says so.
    pub consent: Option<bool>,
    /// Yuan.
    pub large_deposit_amount: Option<i64>,
    /// Yuan; only read to find the tier.
    pub assets: Option<i64>,
}

/// Why a row is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowRefusal {
    BadMobile,
    BadName,
    BadTags,
    /// A tier the settings do not list (the value as written).
    UnknownTier(String),
    BadDate(Field),
    BadNumber,
    BadConsent,
    /// The same mobile as the row named, earlier in the file.
    DuplicateMobile(usize),
    /// The row could not be read as CSV (wrong quoting).
    Unreadable,
}

/// A refused row: its number in the file (the header is 1) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub row: usize,
    pub why: RowRefusal,
}

/// Why the file as a whole cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRefusal {
    /// No header row.
    Empty,
    /// No column the mapping reads as the mobile.
    NoMobile,
    /// Two columns mean the same field (the field).
    TwiceMapped(Field),
}

/// The rows of a file: those read and those refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub rows: Vec<ClientRow>,
    pub refused: Vec<Refused>,
    /// The file has a consent column (else consent is never touched).
    pub has_consent: bool,
    /// The file has a tier column (which wins over the assets).
    pub has_tier: bool,
    /// The file has an assets column.
    pub has_assets: bool,
}

/// Read a client list: `tier` maps a cell's value (a code or a label) to a
/// tier code of the settings, `extra` adds column names to the default
/// mapping. Columns nobody maps are left out; rows all empty are skipped.
pub fn parse(
    text: &str,
    tier: impl Fn(&str) -> Option<String>,
    extra: &[(String, Field)],
) -> Result<Parsed, FileRefusal> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => return Err(FileRefusal::Empty),
    };
    let mut columns: HashMap<Field, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if let Some(f) = field_of(name, extra) {
            if columns.insert(f, i).is_some() {
                return Err(FileRefusal::TwiceMapped(f));
            }
        }
    }
    if !columns.contains_key(&Field::Mobile) {
        return Err(FileRefusal::NoMobile);
    }
    let mut parsed = Parsed {
        has_consent: columns.contains_key(&Field::Consent),
        has_tier: columns.contains_key(&Field::Tier),
        has_assets: columns.contains_key(&Field::Assets),
        ..Parsed::default()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, record) in records.enumerate() {
        let row = match &record {
            Ok(r) => r.position().map_or(i + 2, |p| p.line() as usize),
            Err(e) => e.position().map_or(i + 2, |p| p.line() as usize),
        };
        let Ok(record) = record else {
            parsed.refused.push(Refused {
                row,
                why: RowRefusal::Unreadable,
            });
            continue;
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |f: Field| {
            columns
                .get(&f)
                .and_then(|i| record.get(*i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        match read_row(row, &cell, &tier) {
            Ok(r) => match seen.get(&r.mobile) {
                Some(first) => parsed.refused.push(Refused {
                    row,
                    why: RowRefusal::DuplicateMobile(*first),
                }),
                None => {
                    seen.insert(r.mobile.clone(), row);
                    parsed.rows.push(r);
                }
            },
            Err(why) => parsed.refused.push(Refused { row, why }),
        }
    }
    Ok(parsed)
}

fn read_row<'a>(
    row: usize,
    cell: &impl Fn(Field) -> Option<&'a str>,
    tier: &impl Fn(&str) -> Option<String>,
) -> Result<ClientRow, RowRefusal> {
    let mobile = validate::mobile(cell(Field::Mobile).unwrap_or(""), true)
        .map_err(|_| RowRefusal::BadMobile)?
        .unwrap_or_default();
    let name =
        validate::name(cell(Field::Name).unwrap_or(""), false).map_err(|_| RowRefusal::BadName)?;
    let tags = validate::text(cell(Field::Tags).unwrap_or(""), TAGS_MAX, false)
        .map_err(|_| RowRefusal::BadTags)?;
    let tier = cell(Field::Tier)
        .map(|v| tier(v).ok_or_else(|| RowRefusal::UnknownTier(v.to_string())))
        .transpose()?;
    let products_held = cell(Field::ProductsHeld)
        .map(|v| v.parse::<u32>().map_err(|_| RowRefusal::BadNumber))
        .transpose()?;
    let day = |f: Field| {
        cell(f)
            .map(|v| date(v).ok_or(RowRefusal::BadDate(f)))
            .transpose()
    };
    Ok(ClientRow {
        row,
        mobile,
        name,
        tier,
        tags,
        products_held,
        opened: day(Field::Opened)?,
        last_large_deposit: day(Field::LastLargeDeposit)?,
        card_activated: day(Field::CardActivated)?,
        consent: cell(Field::Consent)
            .map(|v| consent(v).ok_or(RowRefusal::BadConsent))
            .transpose()?,
        large_deposit_amount: cell(Field::LargeDepositAmount)
            .map(|v| yuan(v).ok_or(RowRefusal::BadNumber))
            .transpose()?,
        assets: cell(Field::Assets)
            .map(|v| yuan(v).ok_or(RowRefusal::BadNumber))
            .transpose()?,
    })
}

/// The encoding of a client list's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK (Chinese Excel's default for CSV).
    Gbk,
}

/// The file's text: UTF-8 (with or without a byte-order mark) or GBK, as
/// `forced`, or else UTF-8 when the bytes are valid UTF-8 and GBK otherwise.
/// `None`: the bytes are not text in that encoding.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Option<String> {
    let utf8 = || {
        let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        std::str::from_utf8(b).ok().map(str::to_string)
    };
    let gbk = || {
        let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
        (!had_errors).then(|| text.into_owned())
    };
    match forced {
        Some(Encoding::Utf8) => utf8(),
        Some(Encoding::Gbk) => gbk(),
        None => utf8().or_else(gbk),
    }
}

/// A date as exports write it: 2024-03-05, 2024/3/5, 2024.03.05 or 20240305.
pub fn date(v: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v.trim(), f).ok())
}

/// An amount in yuan as exports write it: `50000`, `50,000` or `50000.00`
/// (the fen dropped); at most a thousand million.
pub fn yuan(v: &str) -> Option<i64> {
    let v = v.trim().replace(',', "");
    let (whole, fen) = v.split_once('.').unwrap_or((&v, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || whole.len() > 10 || !digits(whole) || fen.len() > 2 || !digits(fen) {
        return None;
    }
    whole.parse::<i64>().ok().filter(|n| *n <= 1_000_000_000)
}

/// A consent cell: 是/否, 同意/不同意, yes/no, y/n, 1/0, true/false.
pub fn consent(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "是" | "同意" | "yes" | "y" | "1" | "true" => Some(true),
        "否" | "不同意" | "no" | "n" | "0" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
