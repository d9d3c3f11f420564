//! Points (积分): what earns them, what each is worth (the catalog's
//! `[points]`), and each person's points for a period as the report counts
//! them, with their place among the branch's referrers. The report's staff
//! figures and the Mine tab both take their points from here.

use chrono::{DateTime, Utc};

use super::{Period, Report};
use crate::clock::Zone;
use crate::config::{Catalog, Points};
use crate::store::report::Bounds;
use crate::store::{Db, Result};

/// What earns a person points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Credit {
    /// A referral card they made (`referred_by`).
    Referral,
    /// A contract crediting them as the original referrer (`referrer`).
    Converted,
    /// A contract they closed.
    Closed,
    /// A follow-up contact they logged.
    Contact,
}

impl Credit {
    /// In the order of the report's staff figures.
    pub const ALL: [Credit; 4] = [
        Credit::Referral,
        Credit::Converted,
        Credit::Closed,
        Credit::Contact,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Credit::Referral => "referral",
            Credit::Converted => "converted",
            Credit::Closed => "closed",
            Credit::Contact => "contact",
        }
    }

    pub fn parse(s: &str) -> Option<Credit> {
        Credit::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// What one is worth (branch settings, `[points]`).
    pub fn worth(self, p: &Points) -> i64 {
        match self {
            Credit::Referral => p.referral,
            Credit::Converted => p.converted,
            Credit::Closed => p.closed,
            Credit::Contact => p.contact,
        }
    }
}

/// The points of so many of each credit, counted in the order of
/// [`Credit::ALL`] (referrals, converted, closed, contacts).
pub fn points(p: &Points, counts: [i64; 4]) -> i64 {
    Credit::ALL
        .into_iter()
        .zip(counts)
        .map(|(c, n)| n * c.worth(p))
        .sum()
}

/// Net off the points valid complaints deducted (see
/// [`super::complaints::deductions`]) from each person's staff figures; a
/// person with a deduction and nothing else gets a row of their own. By code.
pub fn net(
    staff: Vec<super::StaffFigures>,
    deducted: &[super::complaints::Deduction],
) -> Vec<super::StaffFigures> {
    let mut staff = staff;
    for d in deducted {
        match staff.iter_mut().find(|s| s.code == d.code) {
            Some(s) => s.points -= d.points,
            None => staff.push(super::StaffFigures {
                code: d.code.clone(),
                name: d.name.clone(),
                referrals: 0,
                converted: 0,
                closed: 0,
                contacts: 0,
                served: 0,
                points: -d.points,
            }),
        }
    }
    staff.sort_by(|a, b| a.code.cmp(&b.code));
    staff
}

/// One person's points for a period, and what they are made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub code: String,
    pub name: String,
    /// How many of each credit, in the order of [`Credit::ALL`].
    pub counts: [i64; 4],
    /// Points deducted for valid complaints (投诉), already off `points`.
    pub deducted: i64,
    pub points: i64,
}

impl Standing {
    /// A referrer, as the report's `by_referrer` lists them: they made a
    /// card or were credited with a contract.
    pub fn is_referrer(&self) -> bool {
        self.counts[0] > 0 || self.counts[1] > 0
    }

    pub fn count(&self, c: Credit) -> i64 {
        let i = Credit::ALL.iter().position(|x| *x == c).unwrap_or(0);
        self.counts[i]
    }
}

impl Report {
    /// Everyone's points for `period`, as [`Report::compute`] has them in its
    /// staff figures (a closed day's as frozen at its close), without
    /// computing the rest of the report. By code.
    pub fn standings(
        db: &Db,
        catalog: &Catalog,
        period: Period,
        zone: impl Zone,
        now: DateTime<Utc>,
    ) -> Result<Vec<Standing>> {
        let deducted_of = |d: &[super::complaints::Deduction], code: &str| {
            d.iter().find(|x| x.code == code).map_or(0, |x| x.points)
        };
        if let Some(r) = Report::frozen(db, period, &zone)? {
            let d = &r.satisfaction.complaints.deducted;
            return Ok(r
                .staff
                .iter()
                .filter(|s| {
                    s.referrals + s.converted + s.closed + s.contacts > 0
                        || deducted_of(d, &s.code) > 0
                })
                .map(|s| Standing {
                    counts: [s.referrals, s.converted, s.closed, s.contacts],
                    code: s.code.clone(),
                    name: s.name.clone(),
                    deducted: deducted_of(d, &s.code),
                    points: s.points,
                })
                .collect());
        }
        let b = Bounds::new(period.from, period.to, |d| zone.offset_on(d), now);
        let d = super::complaints::deductions(db, catalog, &b)?;
        // The closed days' kept rows, the open days from the records.
        let staff =
            super::compute::staff_days::staff(db, catalog, period.from, period.to, &zone, now)?;
        let mut out: Vec<Standing> = staff
            .into_iter()
            .map(|s| {
                let counts = [s.referrals, s.converted, s.closed, s.contacts];
                let deducted = deducted_of(&d, &s.code);
                Standing {
                    code: s.code,
                    name: s.name,
                    counts,
                    deducted,
                    points: points(&catalog.points, counts) - deducted,
                }
            })
            .collect();
        let missing: Vec<&super::complaints::Deduction> = d
            .iter()
            .filter(|x| out.iter().all(|s| s.code != x.code))
            .collect();
        for x in missing {
            out.push(Standing {
                code: x.code.clone(),
                name: x.name.clone(),
                counts: [0; 4],
                deducted: x.points,
                points: -x.points,
            });
        }
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }
}

/// `code`'s place among the referrers of `standings` by points (equal
/// points share a place: 1, 2, 2, 4) and how many referrers there are;
/// `None` when `code` referred nothing in the period.
pub fn place(standings: &[Standing], code: &str) -> Option<(usize, usize)> {
    let referrers: Vec<&Standing> = standings.iter().filter(|s| s.is_referrer()).collect();
    let me = referrers.iter().find(|s| s.code == code)?;
    let ahead = referrers.iter().filter(|s| s.points > me.points).count();
    Some((ahead + 1, referrers.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(code: &str, counts: [i64; 4], points: i64) -> Standing {
        Standing {
            code: code.into(),
            name: code.into(),
            counts,
            deducted: 0,
            points,
        }
    }

    #[test]
    fn points_weigh_each_credit_by_the_settings() {
        let p = Points {
            referral: 1,
            converted: 5,
            closed: 3,
            contact: 2,
        };
        assert_eq!(points(&p, [2, 1, 1, 3]), 2 + 5 + 3 + 6);
        for c in Credit::ALL {
            assert_eq!(Credit::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn equal_points_share_a_place_and_non_referrers_have_none() {
        let s = [
            standing("A", [1, 2, 0, 0], 11),
            standing("B", [1, 0, 1, 0], 4),
            standing("C", [1, 0, 1, 0], 4),
            standing("D", [1, 0, 0, 0], 1),
            standing("W", [0, 0, 5, 0], 15),
        ];
        assert_eq!(place(&s, "A"), Some((1, 4)));
        assert_eq!(place(&s, "C"), Some((2, 4)));
        assert_eq!(place(&s, "D"), Some((4, 4)));
        assert_eq!(place(&s, "W"), None);
        assert_eq!(place(&s, "Z"), None);
    }
}
