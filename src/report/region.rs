//! A region's figures: each branch's report, computed by the same code as
//! a branch's own, and the region's totals, each the sum of the branches'.

use serde::Serialize;

use super::{render, Followups, Format, Referrals, Report, Visits};
use crate::config::Catalog;
use crate::i18n::{Lang, Msg};

/// One branch's report within a region's.
#[derive(Clone, Debug, Serialize)]
pub struct BranchReport {
    pub branch: String,
    pub name: String,
    pub report: Report,
}

/// The region's totals: what adds up across branches.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    pub visits: Visits,
    pub referrals_created: i64,
    pub referrals_accepted: i64,
    pub referrals_contracted: i64,
    /// In cents.
    pub contracted_cents: i64,
    pub referrals_declined: i64,
    pub followups: Followups,
}

/// Every branch's report and their totals.
#[derive(Clone, Debug, Serialize)]
pub struct Region {
    pub branches: Vec<BranchReport>,
    pub total: Totals,
}

impl Totals {
    /// One branch's headline figures.
    pub fn of(report: &Report) -> Totals {
        let Referrals {
            created,
            accepted,
            contracted,
            contracted_cents,
            declined,
            ..
        } = report.referrals;
        Totals {
            visits: report.visits.clone(),
            referrals_created: created,
            referrals_accepted: accepted,
            referrals_contracted: contracted,
            contracted_cents,
            referrals_declined: declined,
            followups: report.followups.clone(),
        }
    }

    fn add(&mut self, o: &Totals) {
        let (v, w) = (&mut self.visits, &o.visits);
        v.arrived += w.arrived;
        v.served += w.served;
        v.no_show += w.no_show;
        v.diverted += w.diverted;
        v.waiting += w.waiting;
        v.open += w.open;
        v.unserved += w.unserved;
        v.unfinished += w.unfinished;
        self.referrals_created += o.referrals_created;
        self.referrals_accepted += o.referrals_accepted;
        self.referrals_contracted += o.referrals_contracted;
        self.contracted_cents += o.contracted_cents;
        self.referrals_declined += o.referrals_declined;
        let (f, g) = (&mut self.followups, &o.followups);
        f.contacted += g.contacted;
        f.won += g.won;
        f.lost += g.lost;
        f.handed_back += g.handed_back;
        f.open += g.open;
        f.due_tomorrow += g.due_tomorrow;
        f.overdue += g.overdue;
    }
}

impl Region {
    pub fn new(branches: Vec<BranchReport>) -> Region {
        let mut total = Totals::default();
        for b in &branches {
            total.add(&Totals::of(&b.report));
        }
        Region { branches, total }
    }

    /// The region as `lobbydesk report --branch all` prints it: the totals
    /// table (a row per branch, then the region), then each branch's own
    /// report; as CSV, the totals table alone (one table, as a spreadsheet
    /// opens it); or one JSON document.
    pub fn render(&self, catalog: &Catalog, lang: Lang, format: Format) -> String {
        match format {
            Format::Json => serde_json::to_string_pretty(self).unwrap_or_default() + "\n",
            Format::Csv => self.csv(lang),
            Format::Md => self.markdown(catalog, lang),
        }
    }

    /// Each row of the totals table: its name, then its figures.
    fn rows(&self, lang: Lang) -> Vec<(String, [i64; 10])> {
        let cells = |t: &Totals| {
            [
                t.visits.arrived,
                t.visits.served,
                t.visits.no_show,
                t.referrals_created,
                t.referrals_accepted,
                t.referrals_contracted,
                t.contracted_cents / 100,
                t.followups.contacted,
                t.followups.won,
                t.followups.open,
            ]
        };
        self.branches
            .iter()
            .map(|b| {
                (
                    format!("{} {}", b.branch, b.name),
                    cells(&Totals::of(&b.report)),
                )
            })
            .chain([(Msg::RegionTotal.get(lang).to_string(), cells(&self.total))])
            .collect()
    }

    fn markdown(&self, catalog: &Catalog, lang: Lang) -> String {
        let mut out = format!("# {}\n\n", Msg::RegionTitle.get(lang));
        out += &format!("| {} |\n", Msg::RegionColumns.get(lang));
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
        for (name, cells) in self.rows(lang) {
            let cells = cells.map(|n| n.to_string());
            out += &format!("| {name} | {} |\n", cells.join(" | "));
        }
        for b in &self.branches {
            out += &format!("\n## {} {}\n\n", b.branch, b.name);
            out += &render(&b.report, catalog, lang, Format::Md);
        }
        out
    }

    /// The totals table, written as the branch's CSV report is.
    fn csv(&self, lang: Lang) -> String {
        let rows = self
            .rows(lang)
            .into_iter()
            .map(|(name, cells)| [name].into_iter().chain(cells.map(|n| n.to_string())));
        super::csv::table(Msg::RegionColumns.get(lang).split(" | "), rows)
    }
}
