//! The report's complaints (投诉) and satisfaction (满意度): complaints
//! opened, resolved, valid, overdue and by kind, the points valid ones
//! deducted and from whom; ratings recorded, their average and spread, per
//! counter, teller and service. Computed, then written as Markdown and CSV
//! lines (JSON is the same figures by serde).

use serde::{Deserialize, Serialize};

use crate::config::Catalog;
use crate::domain::complaint::Kind;
use crate::i18n::{Lang, Msg};
use crate::store::complaints::{RatingBy, RatingRow};
use crate::store::report::Bounds;
use crate::store::{Db, Result};

/// The section's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Satisfaction {
    pub complaints: ComplaintFigures,
    pub ratings: RatingFigures,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintFigures {
    /// Recorded in the range.
    pub opened: i64,
    /// Resolved in the range, and of those found valid.
    pub resolved: i64,
    pub valid: i64,
    /// Unresolved at the range's end (or now), and of those past their
    /// promised day.
    pub open: i64,
    pub overdue: i64,
    /// Recorded in the range, per kind (every kind, in the kinds' order).
    pub by_kind: Vec<KindCount>,
    /// Points deducted in the range for valid complaints, per person responsible.
    pub deducted: Vec<Deduction>,
    pub points_deducted: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: String,
    pub opened: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deduction {
    pub code: String,
    pub name: String,
    pub valid: i64,
    pub points: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RatingFigures {
    pub count: i64,
    /// The mean score (1–5), 0 with no rating.
    pub average: f64,
    /// How many of each score, 1 to 5.
    pub scores: [i64; 5],
    pub by_counter: Vec<RatingLine>,
    pub by_teller: Vec<RatingLine>,
    pub by_service: Vec<RatingLine>,
}

/// The ratings of one counter, teller or service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingLine {
    pub code: String,
    pub name: String,
    pub count: i64,
    pub average: f64,
    pub scores: [i64; 5],
}

fn average(scores: &[i64; 5]) -> (i64, f64) {
    let count: i64 = scores.iter().sum();
    let sum: i64 = scores.iter().zip(1..).map(|(n, s)| n * s).sum();
    let avg = match count {
        0 => 0.0,
        _ => ((sum as f64 / count as f64) * 100.0).round() / 100.0,
    };
    (count, avg)
}

/// A kind's label.
pub fn kind_label(k: Kind) -> Msg {
    match k {
        Kind::Wait => Msg::CpKindWait,
        Kind::Attitude => Msg::CpKindAttitude,
        Kind::Error => Msg::CpKindError,
        Kind::Product => Msg::CpKindProduct,
        Kind::Environment => Msg::CpKindEnvironment,
        Kind::Other => Msg::CpKindOther,
    }
}

/// How a score reads (5 very satisfied … 1 very dissatisfied).
pub fn score_label(score: u8) -> Msg {
    match score {
        5 => Msg::Sat5,
        4 => Msg::Sat4,
        3 => Msg::Sat3,
        2 => Msg::Sat2,
        _ => Msg::Sat1,
    }
}

/// A rating as said: `5 非常满意`.
pub fn said(lang: Lang, score: u8) -> String {
    format!("{score} {}", score_label(score).get(lang))
}

/// A staff member's name, or the code.
fn staff_name(db: &Db, code: &str) -> Result<String> {
    Ok(db.staff(code)?.map_or(code.to_string(), |s| s.name))
}

/// Points deducted over the range for valid complaints resolved in it: per
/// person responsible, (code, name, how many, points). The report's staff
/// points and the Mine tab both net these off.
pub fn deductions(db: &Db, catalog: &Catalog, b: &Bounds) -> Result<Vec<Deduction>> {
    let per = catalog.complaints.points;
    db.report_complaints(b)?
        .valid_by_person
        .into_iter()
        .map(|(code, valid)| {
            Ok(Deduction {
                name: staff_name(db, &code)?,
                code,
                valid,
                points: valid * per,
            })
        })
        .collect()
}

/// The section's figures over the range.
pub fn figures(db: &Db, catalog: &Catalog, b: &Bounds) -> Result<Satisfaction> {
    let c = db.report_complaints(b)?;
    let by_kind: Vec<KindCount> = Kind::ALL
        .into_iter()
        .map(|k| KindCount {
            kind: k.as_str().to_string(),
            opened: c
                .opened_by_kind
                .iter()
                .find(|(code, _)| code == k.as_str())
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    let deducted = deductions(db, catalog, b)?;
    let complaints = ComplaintFigures {
        opened: c.opened_by_kind.iter().map(|(_, n)| n).sum(),
        resolved: c.resolved,
        valid: c.valid,
        open: c.open,
        overdue: c.overdue,
        by_kind,
        points_deducted: deducted.iter().map(|d| d.points).sum(),
        deducted,
    };
    let lines = |by: RatingBy, name: &dyn Fn(&str) -> Result<String>| -> Result<Vec<RatingLine>> {
        db.report_ratings(b, by)?
            .into_iter()
            .map(|RatingRow { key, scores }| {
                let (count, average) = average(&scores);
                Ok(RatingLine {
                    name: name(&key)?,
                    code: key,
                    count,
                    average,
                    scores,
                })
            })
            .collect()
    };
    let by_counter = lines(RatingBy::Counter, &|k| {
        let n = k.parse::<u32>().ok().and_then(|n| catalog.counter(n));
        Ok(n.map_or(k.to_string(), |c| c.label.zh.clone()))
    })?;
    let by_teller = lines(RatingBy::Teller, &|k| staff_name(db, k))?;
    let by_service = lines(RatingBy::Service, &|k| {
        Ok(catalog
            .service(k)
            .map_or(k.to_string(), |s| s.label.zh.clone()))
    })?;
    let mut scores = [0; 5];
    for l in &by_service {
        for (i, n) in l.scores.iter().enumerate() {
            scores[i] += n;
        }
    }
    let (count, average) = average(&scores);
    Ok(Satisfaction {
        complaints,
        ratings: RatingFigures {
            count,
            average,
            scores,
            by_counter,
            by_teller,
            by_service,
        },
    })
}

/// The section in Markdown; nothing when nothing was recorded or open.
pub(super) fn md(out: &mut String, r: &super::Report, catalog: &Catalog, lang: Lang) {
    use super::md::{cell, heading, table, who, Align};
    let s = &r.satisfaction;
    let c = &s.complaints;
    if c.opened + c.resolved + c.open > 0 {
        heading(out, Msg::RptComplaints, lang);
        let h: Vec<String> = [
            Msg::RptCpOpened,
            Msg::RptCpResolved,
            Msg::RptCpValid,
            Msg::RptCpOpen,
            Msg::RptCpOverdue,
            Msg::RptCpDeducted,
        ]
        .iter()
        .map(|m| m.get(lang).to_string())
        .collect();
        let row = [
            c.opened,
            c.resolved,
            c.valid,
            c.open,
            c.overdue,
            c.points_deducted,
        ]
        .iter()
        .map(i64::to_string)
        .collect();
        table(out, &h, &[Align::Right; 6], &[row]);
        let rows: Vec<Vec<String>> = c
            .by_kind
            .iter()
            .filter(|k| k.opened > 0)
            .map(|k| {
                let label = Kind::parse(&k.kind)
                    .map_or(k.kind.clone(), |x| kind_label(x).get(lang).to_string());
                vec![cell(&label), k.opened.to_string()]
            })
            .collect();
        if !rows.is_empty() {
            let h = vec![
                Msg::RptCpKind.get(lang).into(),
                Msg::RptCpOpened.get(lang).into(),
            ];
            table(out, &h, &[Align::Left, Align::Right], &rows);
        }
        if !c.deducted.is_empty() {
            let h = vec![
                Msg::RptCpPerson.get(lang).to_string(),
                Msg::RptCpValid.get(lang).to_string(),
                Msg::RptCpDeducted.get(lang).to_string(),
            ];
            let rows: Vec<Vec<String>> = c
                .deducted
                .iter()
                .map(|d| {
                    vec![
                        who(&d.name, &d.code),
                        d.valid.to_string(),
                        d.points.to_string(),
                    ]
                })
                .collect();
            table(out, &h, &[Align::Left, Align::Right, Align::Right], &rows);
        }
    }
    let g = &s.ratings;
    if g.count == 0 {
        return;
    }
    heading(out, Msg::RptRatings, lang);
    let scale = [Msg::Sat5, Msg::Sat4, Msg::Sat3, Msg::Sat2, Msg::Sat1];
    let header = |first: Msg| {
        let by = Msg::RptRatingBy.fill(lang, &[("b", &first.get(lang))]);
        let mut h = vec![
            by,
            Msg::RptRatingCount.get(lang).to_string(),
            Msg::RptRatingAvg.get(lang).to_string(),
        ];
        h.extend(scale.iter().map(|m| m.get(lang).to_string()));
        h
    };
    let mut align = vec![Align::Left];
    align.extend([Align::Right; 7]);
    let row = |name: String, count: i64, avg: f64, scores: &[i64; 5]| {
        let mut row = vec![name, count.to_string(), format!("{avg:.2}")];
        row.extend(scores.iter().rev().map(i64::to_string));
        row
    };
    let label = |code: &str, name: &str, by: RatingBy| match by {
        RatingBy::Teller => who(name, code),
        RatingBy::Counter => cell(
            &code
                .parse::<u32>()
                .ok()
                .and_then(|n| catalog.counter(n))
                .map_or(code.to_string(), |c| c.label.get(lang).to_string()),
        ),
        RatingBy::Service => cell(
            &catalog
                .service(code)
                .map_or(code.to_string(), |s| s.label.get(lang).to_string()),
        ),
    };
    let all = row(
        Msg::RptRatingAll.get(lang).to_string(),
        g.count,
        g.average,
        &g.scores,
    );
    for (lines, by, m) in [
        (&g.by_counter, RatingBy::Counter, Msg::RptRatingCounter),
        (&g.by_teller, RatingBy::Teller, Msg::RptRatingTeller),
        (&g.by_service, RatingBy::Service, Msg::RptRatingService),
    ] {
        let mut rows: Vec<Vec<String>> = lines
            .iter()
            .map(|l| row(label(&l.code, &l.name, by), l.count, l.average, &l.scores))
            .collect();
        if by == RatingBy::Service {
            rows.push(all.clone());
        }
        table(out, &header(m), &align, &rows);
    }
}

/// The section in CSV: `complaints` totals, `complaints.by_kind`,
/// `complaints.deducted`, `ratings` totals and `ratings.by_counter`,
/// `ratings.by_teller`, `ratings.by_service` rows.
pub(super) fn csv(out: &mut super::csv::Rows, r: &super::Report) {
    let s = &r.satisfaction;
    let c = &s.complaints;
    let fields = [
        ("opened", c.opened),
        ("resolved", c.resolved),
        ("valid", c.valid),
        ("open", c.open),
        ("overdue", c.overdue),
        ("points_deducted", c.points_deducted),
    ];
    let fields: Vec<(&str, String)> = fields.iter().map(|(f, v)| (*f, v.to_string())).collect();
    out.item("complaints", "", "", &fields);
    for k in &c.by_kind {
        out.item(
            "complaints.by_kind",
            &k.kind,
            "",
            &[("opened", k.opened.to_string())],
        );
    }
    for d in &c.deducted {
        let f = [
            ("valid", d.valid.to_string()),
            ("points", d.points.to_string()),
        ];
        out.item("complaints.deducted", &d.code, &d.name, &f);
    }
    let g = &s.ratings;
    let rated = |count: i64, avg: f64, scores: &[i64; 5]| {
        let mut f = vec![
            ("count".to_string(), count.to_string()),
            ("average".to_string(), format!("{avg:.2}")),
        ];
        f.extend((1..=5).map(|i| (format!("score_{i}"), scores[i - 1].to_string())));
        f
    };
    let owned = |f: Vec<(String, String)>| f;
    let f = owned(rated(g.count, g.average, &g.scores));
    let f: Vec<(&str, String)> = f.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
    out.item("ratings", "", "", &f);
    for (section, lines) in [
        ("ratings.by_counter", &g.by_counter),
        ("ratings.by_teller", &g.by_teller),
        ("ratings.by_service", &g.by_service),
    ] {
        for l in lines {
            let f = rated(l.count, l.average, &l.scores);
            let f: Vec<(&str, String)> = f.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
            out.item(section, &l.code, &l.name, &f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_average_weighs_each_score() {
        assert_eq!(average(&[0; 5]), (0, 0.0));
        assert_eq!(average(&[1, 0, 0, 0, 2]), (3, 3.67));
        assert_eq!(average(&[0, 0, 0, 0, 4]), (4, 5.0));
    }
}
