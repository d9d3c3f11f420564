//! The report as CSV for Excel: UTF-8 with a byte-order mark first, so that
//! Excel reads the Chinese right, and one flat shape for every section.
//!
//! Columns: `section,item,name,field,value`, with a header row. A cell that
//! starts like a formula (`=`, `+`, `-`, `@`) and is not a plain number gets a
//! leading `'`, so a spreadsheet shows it as text.
//!
//! - `section`: the JSON path of the figures (`visits`, `waits`,
//!   `waits.by_service`, `service.by_counter`, `service.by_teller`,
//!   `referrals`, `referrals.declined_by_objection`, `referrals.by_line`,
//!   `referrals.by_referrer`, `referrals.funnel`, `followups`, `staff`,
//!   `pairs` (item `TELLER/LINE/MANAGER`), `hours`) or `report` for the dates;
//! - `item`: which entry of a list (service letter, counter number, staff
//!   code, line or objection code, hour 0–23); empty for a section's totals;
//! - `name`: the item's label in `--lang` (service, line, objection, staff
//!   name), for people reading the sheet; may be empty;
//! - `field` and `value`: the JSON key and its value: minutes with one
//!   decimal, amounts in yuan with two decimals, counts as integers.
//!
//! ```text
//! section,item,name,field,value
//! report,,,date_from,2026-11-23
//! visits,,,arrived,8
//! waits.by_service,A,个人业务,avg_minutes,9.8
//! referrals,,,contracted_amount,173456.78
//! staff,T01,王芳,points,12
//! ```

use crate::config::Catalog;
use crate::i18n::Lang;

use super::{Report, ServiceFigures, WaitFigures};

/// The byte-order mark that opens the file.
pub const BOM: &str = "\u{feff}";

pub(super) struct Rows(Vec<[String; 5]>);

impl Rows {
    fn push(&mut self, section: &str, item: &str, name: &str, field: &str, value: String) {
        self.0.push([
            section.to_string(),
            item.to_string(),
            name.to_string(),
            field.to_string(),
            value,
        ]);
    }

    /// A section's totals: no item.
    fn totals(&mut self, section: &str, fields: &[(&str, String)]) {
        for (f, v) in fields {
            self.push(section, "", "", f, v.clone());
        }
    }

    pub(super) fn item(
        &mut self,
        section: &str,
        item: &str,
        name: &str,
        fields: &[(&str, String)],
    ) {
        for (f, v) in fields {
            self.push(section, item, name, f, v.clone());
        }
    }
}

fn n(v: i64) -> String {
    v.to_string()
}

pub(super) fn m1(v: f64) -> String {
    format!("{v:.1}")
}

fn yuan(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

fn wait_fields(f: &WaitFigures) -> Vec<(&'static str, String)> {
    vec![
        ("count", n(f.count)),
        ("avg_minutes", m1(f.avg_minutes)),
        ("p90_minutes", m1(f.p90_minutes)),
        ("max_minutes", m1(f.max_minutes)),
        ("over_warning", n(f.over_warning)),
        ("over_alert", n(f.over_alert)),
    ]
}

fn service_fields(f: &ServiceFigures) -> Vec<(&'static str, String)> {
    vec![
        ("count", n(f.count)),
        ("avg_minutes", m1(f.avg_minutes)),
        ("max_minutes", m1(f.max_minutes)),
    ]
}

/// The flat rows of the report, before quoting.
fn rows(r: &Report, catalog: &Catalog, lang: Lang) -> Rows {
    let mut out = Rows(Vec::new());
    out.totals(
        "report",
        &[
            ("date_from", r.date_from.clone()),
            ("date_to", r.date_to.clone()),
            ("chain_head", r.chain_head.clone()),
        ],
    );
    let v = &r.visits;
    out.totals(
        "visits",
        &[
            ("arrived", n(v.arrived)),
            ("served", n(v.served)),
            ("no_show", n(v.no_show)),
            ("diverted", n(v.diverted)),
            ("waiting", n(v.waiting)),
            ("open", n(v.open)),
            ("unserved", n(v.unserved)),
            ("unfinished", n(v.unfinished)),
        ],
    );
    out.totals("waits", &wait_fields(&r.waits.all));
    for s in &r.waits.by_service {
        out.item(
            "waits.by_service",
            &s.service,
            s.label.get(lang),
            &wait_fields(&s.figures),
        );
    }
    out.totals("service", &service_fields(&r.service.all));
    for c in &r.service.by_counter {
        out.item(
            "service.by_counter",
            &c.counter.to_string(),
            "",
            &service_fields(&c.figures),
        );
    }
    for t in &r.service.by_teller {
        out.item(
            "service.by_teller",
            &t.code,
            &t.name,
            &service_fields(&t.figures),
        );
    }
    let k = &r.referrals;
    out.totals(
        "referrals",
        &[
            ("created", n(k.created)),
            ("accepted", n(k.accepted)),
            ("contracted", n(k.contracted)),
            ("contracted_amount", yuan(k.contracted_cents)),
            ("declined", n(k.declined)),
            ("intent", n(k.intent)),
        ],
    );
    for (code, count) in &k.declined_by_objection {
        let name = Catalog::label(&catalog.objections, code, lang);
        out.push(
            "referrals.declined_by_objection",
            code,
            name,
            "count",
            n(*count),
        );
    }
    for l in &k.by_line {
        out.item(
            "referrals.by_line",
            &l.line,
            l.label.get(lang),
            &[
                ("created", n(l.created)),
                ("accepted", n(l.accepted)),
                ("contracted", n(l.contracted)),
                ("contracted_amount", yuan(l.contracted_cents)),
            ],
        );
    }
    for p in &k.by_referrer {
        out.item(
            "referrals.by_referrer",
            &p.code,
            &p.name,
            &[("created", n(p.created)), ("contracted", n(p.contracted))],
        );
    }
    let f = &k.funnel;
    out.totals(
        "referrals.funnel",
        &[
            ("created", n(f.created)),
            ("accepted", n(f.accepted)),
            ("contracted", n(f.contracted)),
            ("contracted_amount", yuan(f.contracted_cents)),
        ],
    );
    let f = &r.followups;
    out.totals(
        "followups",
        &[
            ("contacted", n(f.contacted)),
            ("won", n(f.won)),
            ("lost", n(f.lost)),
            ("handed_back", n(f.handed_back)),
            ("open", n(f.open)),
            ("due_tomorrow", n(f.due_tomorrow)),
            ("overdue", n(f.overdue)),
        ],
    );
    for s in &r.staff {
        out.item(
            "staff",
            &s.code,
            &s.name,
            &[
                ("referrals", n(s.referrals)),
                ("converted", n(s.converted)),
                ("closed", n(s.closed)),
                ("contacts", n(s.contacts)),
                ("served", n(s.served)),
                ("points", n(s.points)),
            ],
        );
    }
    for (item, name, fields) in super::pairs::csv_items(r, lang) {
        out.item("pairs", &item, &name, &fields);
    }
    for (item, name, fields) in super::cross_sell::csv_items(r, lang) {
        out.item("cross_sell", &item, &name, &fields);
    }
    for (item, name, fields) in super::campaigns::csv_items(r, lang) {
        out.item("campaigns", &item, &name, &fields);
    }
    for (item, name, fields) in super::lost::csv_items(r, catalog, lang) {
        out.item("followups.lost_by_reason", &item, &name, &fields);
    }
    super::counters::csv(&mut out, r, lang);
    super::complaints::csv(&mut out, r);
    for h in &r.hours {
        out.item(
            "hours",
            &h.hour.to_string(),
            "",
            &[
                ("arrivals", n(h.arrivals)),
                ("avg_wait_minutes", m1(h.avg_wait_minutes)),
            ],
        );
    }
    out.0.extend(super::level::csv_rows(r, lang));
    out
}

/// The report as CSV text, byte-order mark first.
pub fn render(r: &Report, catalog: &Catalog, lang: Lang) -> String {
    let header = ["section", "item", "name", "field", "value"];
    table(header, rows(r, catalog, lang).0)
}

/// A table as the reports write CSV: byte-order mark, CRLF, and a name or
/// label that starts like a formula shown as text.
pub(super) fn table<'h, R: IntoIterator<Item = String>>(
    header: impl IntoIterator<Item = &'h str>,
    rows: impl IntoIterator<Item = R>,
) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    w.write_record(header).expect("write to memory");
    for row in rows {
        let row = row
            .into_iter()
            .map(|c| crate::export::cell(&c).into_owned());
        w.write_record(row).expect("write to memory");
    }
    let bytes = w.into_inner().expect("flush to memory");
    format!(
        "{BOM}{}",
        String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8")
    )
}
