//! The figures computed from the report's statements: visits, waits,
//! service times, referrals, follow-ups, staff and hours.

use super::*;
use crate::clock::Zone;

mod day_rows;
pub mod days;
pub mod staff_days;
mod waits;

impl Report {
    /// The figures of `period`: a closed day's as they were frozen at its
    /// close; otherwise computed from the stored records ([`Report::live`]).
    /// `zone` gives each day's offset (a clock follows summer time); `now`
    /// is when tickets still waiting stop counting.
    pub fn compute(
        db: &Db,
        catalog: &Catalog,
        period: Period,
        zone: impl Zone,
        now: DateTime<Utc>,
    ) -> Result<Report> {
        if let Some(r) = Report::frozen(db, period, &zone)? {
            return Ok(r);
        }
        Report::build(db, catalog, period, zone, now, true)
    }

    /// The figures of `day` that add up over a range, from the records as
    /// they stand, in the form kept for a closed day (`report::days`).
    pub fn day_figures(
        db: &Db,
        catalog: &Catalog,
        day: NaiveDate,
        zone: impl Zone,
        now: DateTime<Utc>,
    ) -> Result<crate::store::day_figures::DayFigureRow> {
        let b = Bounds::new(day, day, |d| zone.offset_on(d), now);
        let p = db.report_snapshot(|db| days::Passes::of_records(db, catalog, &b))?;
        Ok(p.to_row(day, catalog))
    }

    /// The figures frozen at a closed day's close, when `period` is that one
    /// day (figures that do not read back are `None`: computed afresh
    /// rather than lost).
    pub(super) fn frozen(db: &Db, period: Period, zone: impl Zone) -> Result<Option<Report>> {
        if period.from != period.to {
            return Ok(None);
        }
        let Some(c) = db.day_close(period.from)? else {
            return Ok(None);
        };
        let Ok(mut r) = serde_json::from_str::<Report>(&c.figures) else {
            return Ok(None);
        };
        let off = zone.offset_on(period.from);
        r.closed = Some(Closed {
            at: c.closed_at.with_timezone(&off).to_rfc3339(),
            by: c.closed_by,
            automatic: c.automatic,
        });
        Ok(Some(r))
    }

    /// The figures of `period` from the stored records as they are now.
    ///
    /// Six statements, each one pass (tickets three times: by hour and
    /// status, the waits' histogram, done tickets by counter and teller), on
    /// one read snapshot; percentiles are read off the waits' histogram.
    /// (`lobbydesk report` and the review use [`Report::compute`], which adds
    /// up closed days; this is the computation from the records alone.)
    pub fn live(
        db: &Db,
        catalog: &Catalog,
        period: Period,
        zone: impl Zone,
        now: DateTime<Utc>,
    ) -> Result<Report> {
        Report::build(db, catalog, period, zone, now, false)
    }

    /// The figures of `period`; with `closed_days`, the ticket, card and
    /// follow-up passes add up the closed days' stored figures and read the
    /// records only for the other days (`report::days`).
    fn build(
        db: &Db,
        catalog: &Catalog,
        period: Period,
        zone: impl Zone,
        now: DateTime<Utc>,
        closed_days: bool,
    ) -> Result<Report> {
        let b = Bounds::new(period.from, period.to, |d| zone.offset_on(d), now);
        let raw = db.report_snapshot(|db| {
            let mut p = if closed_days {
                days::passes(db, catalog, period.from, period.to, &zone, now)?
            } else {
                days::Passes::of_records(db, catalog, &b)?
            };
            // The open prospects as they stand now (no time range).
            db.report_open_followups(&b, &mut p.followups)?;
            Ok(Raw {
                hours: p.hours,
                waits: p.waits,
                done: p.done,
                lines: p.lines,
                objections: p.objections,
                funnel: db.report_funnel(&b)?,
                followups: p.followups,
                staff: p.staff,
                chain_head: db.chain_head_at(b.end.min(b.now + 1))?,
                pairs: super::pairs::figures(db, catalog, &b)?,
                level: p.level,
                counters: p.counters,
                appointments: db.appointment_counts(&b.day_from, &b.day_to)?,
                cross_sell: super::cross_sell::figures(db, catalog, &b)?,
            })
        })?;
        let referrals = referrals(catalog, &raw);
        let satisfaction = super::complaints::figures(db, catalog, &b)?;
        let staff = super::points::net(
            staff(catalog, &raw.staff, &raw.done),
            &satisfaction.complaints.deducted,
        );
        let f = &raw.followups;
        Ok(Report {
            date_from: b.day_from.clone(),
            date_to: b.day_to.clone(),
            visits: visits(&raw.hours),
            waits: waits(catalog, &raw.waits),
            service: service(&raw.done),
            referrals: Referrals {
                by_referrer: staff
                    .iter()
                    .filter(|s| s.referrals > 0 || s.converted > 0)
                    .map(|s| ReferrerFigures {
                        code: s.code.clone(),
                        name: s.name.clone(),
                        created: s.referrals,
                        contracted: s.converted,
                    })
                    .collect(),
                ..referrals
            },
            followups: Followups {
                contacted: f.contacted,
                won: f.won,
                lost: f.lost,
                handed_back: f.handed_back,
                open: f.open,
                due_tomorrow: f.due_after,
                overdue: f.overdue,
            },
            staff,
            hours: hours(&raw.hours),
            counters: raw.counters.times(catalog),
            service_level: level::service_level(catalog, &raw.level),
            appointments: level::appointments(&raw.appointments),
            chain_head: raw.chain_head,
            pairs: raw.pairs,
            closed: None,
            cross_sell: raw.cross_sell,
            campaigns: super::campaigns::figures(db, &b)?,
            satisfaction,
            lost_by_reason: super::lost::figures(db, catalog, &b)?,
        })
    }
}

/// The rows of the report's statements.
struct Raw {
    pairs: Vec<super::pairs::PairFigures>,
    cross_sell: Vec<super::cross_sell::TriggerFigures>,
    hours: Vec<HourRow>,
    waits: Vec<WaitBin>,
    done: Vec<DoneRow>,
    lines: Vec<crate::store::report::LineRow>,
    objections: Vec<(String, i64)>,
    funnel: crate::store::report::FunnelRow,
    followups: crate::store::report::FollowupRow,
    staff: Vec<StaffRow>,
    chain_head: String,
    counters: super::counters::CounterSeconds,
    level: Vec<crate::store::service_level::LevelRow>,
    appointments: Vec<(String, i64)>,
}

fn visits(hours: &[HourRow]) -> Visits {
    let of = |statuses: &[&str]| -> i64 {
        hours
            .iter()
            .filter(|h| statuses.contains(&h.status.as_str()))
            .map(|h| h.arrivals)
            .sum()
    };
    Visits {
        arrived: hours.iter().map(|h| h.arrivals).sum(),
        served: of(&["done"]),
        no_show: of(&["no_show"]),
        diverted: of(&["diverted"]),
        waiting: of(&["waiting"]),
        open: of(&["called", "serving", "on_hold"]),
        unserved: of(&["unserved"]),
        unfinished: of(&["unfinished"]),
    }
}

fn hours(rows: &[HourRow]) -> Vec<HourFigures> {
    (0..24)
        .map(|hour| {
            let of_hour = rows.iter().filter(|h| h.hour == hour);
            let (arrivals, waits, sum) = of_hour.fold((0, 0, 0), |(a, w, s), h| {
                (a + h.arrivals, w + h.waits, s + h.wait_sum_secs)
            });
            HourFigures {
                hour,
                arrivals,
                avg_wait_minutes: avg_minutes(sum, waits),
            }
        })
        .collect()
}

/// Wait figures of a histogram: `(seconds, tickets)` sorted by seconds.
fn wait_figures(bins: &[(i64, i64)], warning_secs: i64, alert_secs: i64) -> WaitFigures {
    let count: i64 = bins.iter().map(|(_, n)| n).sum();
    if count == 0 {
        return WaitFigures::default();
    }
    let sum: i64 = bins.iter().map(|(s, n)| s * n).sum();
    // Nearest rank: the ⌈0.9·n⌉-th smallest wait.
    let rank = (9 * count + 9) / 10;
    let mut seen = 0;
    let p90 = bins
        .iter()
        .find(|(_, n)| {
            seen += n;
            seen >= rank
        })
        .map_or(0, |(s, _)| *s);
    let over = |limit: i64| {
        bins.iter()
            .filter(|(s, _)| *s > limit)
            .map(|(_, n)| n)
            .sum()
    };
    WaitFigures {
        count,
        avg_minutes: avg_minutes(sum, count),
        p90_minutes: minutes(p90 as f64),
        max_minutes: minutes(bins.iter().map(|(s, _)| *s).max().unwrap_or(0) as f64),
        over_warning: over(warning_secs),
        over_alert: over(alert_secs),
    }
}

/// The catalog's codes with their labels, in its order, then any code the
/// rows hold that the catalog no longer has (labelled with itself).
fn labelled<'a>(
    catalog: impl Iterator<Item = (&'a String, &'a crate::config::Label)>,
    seen: impl Iterator<Item = &'a String>,
) -> Vec<(String, Names)> {
    let mut codes: Vec<(String, Names)> = catalog
        .map(|(code, label)| (code.clone(), Names::from(label)))
        .collect();
    for code in seen {
        if !codes.iter().any(|(c, _)| c == code) {
            codes.push((code.clone(), Names::same(code)));
        }
    }
    codes
}

fn waits(catalog: &Catalog, bins: &[WaitBin]) -> Waits {
    let warn = catalog.thresholds.wait_warning_minutes * 60;
    let alert = catalog.thresholds.wait_alert_minutes * 60;
    let mut all: Vec<(i64, i64)> = bins.iter().map(|b| (b.secs, b.count)).collect();
    all.sort_unstable();
    let letters = labelled(
        catalog.services.iter().map(|s| (&s.letter, &s.label)),
        bins.iter().map(|b| &b.service),
    );
    let by_service = letters
        .into_iter()
        .map(|(service, label)| {
            let mine: Vec<(i64, i64)> = bins
                .iter()
                .filter(|b| b.service == service)
                .map(|b| (b.secs, b.count))
                .collect();
            ServiceWaits {
                figures: wait_figures(&mine, warn, alert),
                service,
                label,
            }
        })
        .collect();
    Waits {
        all: wait_figures(&all, warn, alert),
        by_service,
    }
}

fn service(done: &[DoneRow]) -> ServiceTimes {
    let figures = |rows: &[&DoneRow]| {
        ServiceFigures::of(
            rows.iter().map(|r| r.timed).sum(),
            rows.iter().map(|r| r.sum_secs).sum(),
            rows.iter().map(|r| r.max_secs).max().unwrap_or(0),
        )
    };
    let mut counters: Vec<u32> = done.iter().filter_map(|r| r.counter).collect();
    counters.sort_unstable();
    counters.dedup();
    let mut tellers: Vec<(&str, &str)> = done
        .iter()
        .filter_map(|r| {
            let code = r.teller.as_deref()?;
            Some((code, r.teller_name.as_deref().unwrap_or(code)))
        })
        .collect();
    tellers.sort_unstable();
    tellers.dedup();
    ServiceTimes {
        all: figures(&done.iter().collect::<Vec<_>>()),
        by_counter: counters
            .into_iter()
            .map(|c| CounterService {
                counter: c,
                figures: figures(
                    &done
                        .iter()
                        .filter(|r| r.counter == Some(c))
                        .collect::<Vec<_>>(),
                ),
            })
            .collect(),
        by_teller: tellers
            .into_iter()
            .map(|(code, name)| TellerService {
                code: code.to_string(),
                name: name.to_string(),
                figures: figures(
                    &done
                        .iter()
                        .filter(|r| r.teller.as_deref() == Some(code))
                        .collect::<Vec<_>>(),
                ),
            })
            .collect(),
    }
}

/// The referral figures, but for `by_referrer` (from the staff rows).
fn referrals(catalog: &Catalog, raw: &Raw) -> Referrals {
    let lines = &raw.lines;
    let codes = labelled(
        catalog.lines.iter().map(|l| (&l.code, &l.label)),
        lines.iter().map(|l| &l.line),
    );
    let by_line = codes
        .into_iter()
        .map(|(line, label)| {
            let r = lines.iter().find(|r| r.line == line).cloned();
            let r = r.unwrap_or_default();
            LineReferrals {
                line,
                label,
                created: r.created,
                accepted: r.accepted,
                contracted: r.contracted,
                contracted_cents: r.amount_cents,
            }
        })
        .collect();
    let mut declined_by_objection: BTreeMap<String, i64> = catalog
        .objections
        .iter()
        .map(|o| (o.code.clone(), 0))
        .collect();
    for (code, n) in &raw.objections {
        *declined_by_objection.entry(code.clone()).or_default() += n;
    }
    let f = &raw.funnel;
    Referrals {
        created: lines.iter().map(|l| l.created).sum(),
        accepted: lines.iter().map(|l| l.accepted).sum(),
        contracted: lines.iter().map(|l| l.contracted).sum(),
        contracted_cents: lines.iter().map(|l| l.amount_cents).sum(),
        declined: lines.iter().map(|l| l.declined).sum(),
        declined_by_objection,
        intent: lines.iter().map(|l| l.intent).sum(),
        by_line,
        by_referrer: Vec::new(),
        funnel: Funnel {
            created: f.created,
            accepted: f.accepted,
            contracted: f.contracted,
            contracted_cents: f.amount_cents,
        },
    }
}

/// The staff rows (cards and contacts) merged with the tickets each served,
/// by code, with their points.
fn staff(catalog: &Catalog, rows: &[StaffRow], done: &[DoneRow]) -> Vec<StaffFigures> {
    let mut people: BTreeMap<String, StaffFigures> = rows
        .iter()
        .map(|s| {
            let figures = StaffFigures {
                code: s.code.clone(),
                name: s.name.clone(),
                referrals: s.referrals,
                converted: s.converted,
                closed: s.closed,
                contacts: s.contacts,
                served: 0,
                points: 0,
            };
            (s.code.clone(), figures)
        })
        .collect();
    for r in done {
        let Some(code) = r.teller.as_deref() else {
            continue;
        };
        let person = people
            .entry(code.to_string())
            .or_insert_with(|| StaffFigures {
                code: code.to_string(),
                name: r.teller_name.clone().unwrap_or_else(|| code.to_string()),
                referrals: 0,
                converted: 0,
                closed: 0,
                contacts: 0,
                served: 0,
                points: 0,
            });
        person.served += r.done;
    }
    people
        .into_values()
        .map(|s| StaffFigures {
            points: super::points::points(
                &catalog.points,
                [s.referrals, s.converted, s.closed, s.contacts],
            ),
            ..s
        })
        .collect()
}
