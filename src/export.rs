//! Lists that leave the application, as CSV with a UTF-8 byte-order mark so
//! Excel opens the Chinese, every cell shown by a spreadsheet as the text it
//! is. Formatting only: which rows a list holds, who may write it and its
//! trail are the operations' (`ops::export`).

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::config::Catalog;
use crate::domain::followup;
use crate::i18n::{Lang, Msg};
use crate::store::prospects::Prospect;

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// A cell as a spreadsheet must show it: text that starts like a formula
/// (`=`, `+`, `-`, `@`, or a tab or carriage return) gets a leading `'`, so
/// it is shown as text and never calculated. A plain number (`-12.50`) is
/// left as it is.
pub fn cell(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `-` then digits, with at most one `.` between digits.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && parts.next().is_none_or(all_digits)
}

/// A contact list as CSV: name, mobile, tier, line, owner, next contact,
/// days overdue on `today`, contacts so far.
pub fn to_csv(catalog: &Catalog, lang: Lang, today: NaiveDate, rows: &[Prospect]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        Msg::FieldName,
        Msg::FieldMobile,
        Msg::FieldTier,
        Msg::FieldLine,
        Msg::FieldOwner,
        Msg::FieldDue,
        Msg::ColDue,
        Msg::ColContacts,
    ]
    .map(|m| m.get(lang));
    let _ = w.write_record(header);
    for p in rows {
        let overdue = followup::days_overdue(p.next_due, today);
        let record = [
            p.client_name.clone().unwrap_or_default(),
            p.client_mobile.clone().unwrap_or_default(),
            Catalog::label(&catalog.tiers, &p.client_tier, lang).to_string(),
            p.line
                .as_deref()
                .map(|l| Catalog::label(&catalog.lines, l, lang).to_string())
                .unwrap_or_default(),
            p.owner_name.clone().unwrap_or_else(|| p.owner.clone()),
            p.next_due.map(|d| d.to_string()).unwrap_or_default(),
            if overdue > 0 {
                Msg::DaysOverdue.fill(lang, &[("d", &overdue)])
            } else {
                String::new()
            },
            p.contacts.to_string(),
        ];
        let _ = w.write_record(record.iter().map(|c| cell(c).into_owned()));
    }
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_text_and_numbers_stay_numbers() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+8613812345678"), "'+8613812345678");
        assert_eq!(cell("-1+1"), "'-1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("-12.50"), "-12.50");
        assert_eq!(cell("-3"), "-3");
        assert_eq!(cell("-"), "'-");
        assert_eq!(cell("王芳"), "王芳");
        assert_eq!(cell("a=b"), "a=b");
    }
}
