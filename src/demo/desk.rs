//! Who works the referrals and what they choose: the lines' managers, needs,
//! products, amounts, channels and objections, and when things happen.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use super::mix::local_time;
use super::rng::Rng;
use super::{data, lobby_manager, roster, OPENS_AT_HOUR};
use crate::config::Catalog;
use crate::domain::followup::{self, Rules};
use crate::ops::prospects::NewContact;

/// Who works the referrals and what they choose from: the catalog's lines
/// (by index), needs, products, objections and channels, and the roster.
pub(super) struct Desk {
    pub(super) lines: Vec<String>,
    /// The manager who accepts each line's cards (the lobby manager if the
    /// roster has nobody in the line's role).
    pub(super) managers: Vec<String>,
    needs: Vec<Vec<String>>,
    products: Vec<Vec<String>>,
    pub(super) objections: Vec<String>,
    channels: Vec<String>,
    channel_weights: Vec<f64>,
    pub(super) rules: Rules,
    pub(super) lobby: String,
    pub(super) head: String,
}

impl Desk {
    pub(super) fn new(catalog: &Catalog) -> Desk {
        let roster = roster();
        let lobby = lobby_manager();
        let with_role = |role: &str| {
            roster
                .iter()
                .find(|s| s.has_role(role))
                .map(|s| s.code.clone())
        };
        let lines: Vec<String> = catalog.lines.iter().map(|l| l.code.clone()).collect();
        let of_line = |entries: &[crate::config::Entry], line: &str| -> Vec<String> {
            let own: Vec<String> = entries
                .iter()
                .filter(|e| e.line.as_deref() == Some(line))
                .map(|e| e.code.clone())
                .collect();
            if own.is_empty() {
                vec![line.to_string()]
            } else {
                own
            }
        };
        Desk {
            managers: catalog
                .lines
                .iter()
                .map(|l| {
                    l.role
                        .as_deref()
                        .and_then(with_role)
                        .unwrap_or_else(|| lobby.clone())
                })
                .collect(),
            needs: lines.iter().map(|l| of_line(&catalog.needs, l)).collect(),
            products: lines
                .iter()
                .map(|l| of_line(&catalog.products, l))
                .collect(),
            lines,
            objections: catalog.objections.iter().map(|o| o.code.clone()).collect(),
            channels: catalog.channels.iter().map(|c| c.code.clone()).collect(),
            channel_weights: catalog
                .channels
                .iter()
                .map(|c| match c.code.as_str() {
                    "phone" => 45.0,
                    "wechat" => 25.0,
                    "branch" => 12.0,
                    "sms" => 10.0,
                    "visit" => 5.0,
                    _ => 8.0,
                })
                .collect(),
            rules: Rules {
                cadence_days: catalog.followup.cadence_days.clone(),
                alert_days: catalog.followup.overdue_alert_days,
                escalate_days: catalog.followup.escalate_days,
            },
            head: with_role("head").unwrap_or_else(|| lobby.clone()),
            lobby,
        }
    }

    /// Days from a contact (or the prospect's start, `k = 0`) to the next one.
    pub(super) fn cadence(&self, k: usize) -> i64 {
        let epoch = NaiveDate::default();
        (followup::next_due(&self.rules, k, epoch) - epoch).num_days()
    }

    /// The first contact of a prospect made today, as the application proposes it.
    pub(super) fn first_due(&self, today: NaiveDate) -> NaiveDate {
        followup::next_due(&self.rules, 0, today)
    }

    pub(super) fn need(&self, rng: &mut Rng, line: usize) -> String {
        rng.pick(&self.needs[line]).clone()
    }

    /// The product a contract for `need` on `line` is in.
    pub(super) fn product(&self, rng: &mut Rng, line: usize, need: &str) -> String {
        let products = &self.products[line];
        let usual = data().need_products.get(need).map_or(need, String::as_str);
        match products.iter().find(|p| *p == usual) {
            Some(p) => p.clone(),
            None => rng.pick(products).clone(),
        }
    }

    pub(super) fn channel(&self, rng: &mut Rng) -> String {
        if self.channels.is_empty() {
            return "phone".to_string();
        }
        self.channels[rng.weighted(&self.channel_weights)].clone()
    }

    pub(super) fn objection(&self, rng: &mut Rng) -> String {
        if self.objections.is_empty() {
            return "other".to_string();
        }
        rng.pick(&self.objections).clone()
    }

    /// Another line than `line`, if the catalog has one.
    pub(super) fn other_line(&self, rng: &mut Rng, line: usize) -> Option<usize> {
        let n = self.lines.len();
        (n > 1).then(|| (line + 1 + rng.below(n as u64 - 1) as usize) % n)
    }
}

impl Desk {
    /// A manager's note when referring a card on.
    pub(super) fn refer_note(&self, rng: &mut Rng) -> String {
        rng.pick(&data().notes.refer_notes).clone()
    }

    /// A manager's note on a declined card.
    pub(super) fn declined_note(&self, rng: &mut Rng) -> String {
        rng.pick(&data().notes.declined_notes).clone()
    }

    /// An owner's note on a prospect lost.
    pub(super) fn lost_note(&self, rng: &mut Rng) -> String {
        rng.pick(&data().notes.lost_notes).clone()
    }

    /// A contact as an owner logs it: a channel and its texts; the next
    /// contact due on `next_due`.
    pub(super) fn contact(&self, rng: &mut Rng, next_due: NaiveDate) -> NewContact {
        let texts = &data().contact;
        let channel = self.channel(rng);
        let summaries = texts
            .summary
            .get(&channel)
            .or(texts.summary.get("any"))
            .filter(|l| !l.is_empty())
            .expect("data/demo.toml has contact summaries for any channel");
        NewContact {
            summary: rng.pick(summaries).clone(),
            result: rng.pick(&texts.result).clone(),
            next_step: rng.pick(&texts.next_step).clone(),
            channel,
            next_due,
        }
    }
}

/// A teller's note on a card for `need`.
pub(super) fn card_note(rng: &mut Rng, need: &str) -> String {
    let notes = &data().notes;
    let list = notes
        .by_need
        .get(need)
        .filter(|l| !l.is_empty())
        .unwrap_or(&notes.any);
    rng.pick(list).clone()
}

/// The amount of a contract in `product`, in cents: between the demo's low
/// and high for the product, evenly on a log scale, in whole thousands of yuan.
pub(super) fn amount_cents(rng: &mut Rng, product: &str) -> i64 {
    let amounts = &data().amounts;
    let (lo, hi) = amounts
        .get(product)
        .or(amounts.get("any"))
        .copied()
        .unwrap_or((10_000, 2_000_000));
    let yuan = rng
        .between((lo.max(1) as f64).ln(), (hi.max(lo).max(1) as f64).ln())
        .exp();
    let thousands = ((yuan / 1000.0).round() as i64).max(1);
    thousands * 1000 * 100
}

/// A moment of `day`'s working hours (09:15 to 17:15 local).
pub(super) fn at_work(rng: &mut Rng, day: NaiveDate, offset: FixedOffset) -> DateTime<Utc> {
    local_time(day, OPENS_AT_HOUR, offset) + Duration::seconds(900 + rng.below(8 * 3600) as i64)
}

/// `from` plus `lo` to `hi` minutes, but never past `limit`: at most half of
/// the time left until then.
pub(super) fn later(
    rng: &mut Rng,
    from: DateTime<Utc>,
    lo: f64,
    hi: f64,
    limit: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let mut secs = (rng.between(lo, hi) * 60.0) as i64;
    if let Some(limit) = limit {
        secs = secs.min((limit - from).num_seconds().max(0) / 2);
    }
    from + Duration::seconds(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_texts_cover_the_shipped_catalog() {
        let catalog = Catalog::shipped();
        let d = data();
        for n in &catalog.needs {
            assert!(
                d.notes.by_need.contains_key(&n.code),
                "notes for {}",
                n.code
            );
        }
        for p in &catalog.products {
            let (lo, hi) = d.amounts[&p.code];
            assert!(10_000 <= lo && lo < hi && hi <= 2_000_000, "{}", p.code);
        }
        for c in &catalog.channels {
            assert!(d.contact.summary.contains_key(&c.code), "{}", c.code);
        }
        let desk = Desk::new(&catalog);
        assert_eq!(desk.managers, ["W01", "C01"]);
        assert_eq!(desk.head, "H01");
        assert_eq!(
            (0..5).map(|k| desk.cadence(k)).collect::<Vec<_>>(),
            [2, 7, 30, 30, 30]
        );
        let mut rng = Rng::new(3);
        assert_eq!(desk.product(&mut rng, 0, "deposit"), "cd");
        assert_eq!(desk.product(&mut rng, 1, "mortgage"), "mortgage");
    }

    #[test]
    fn amounts_stay_between_the_bounds_in_thousands() {
        let mut rng = Rng::new(9);
        for (product, (lo, hi)) in &data().amounts {
            for _ in 0..200 {
                let cents = amount_cents(&mut rng, product);
                assert_eq!(cents % 100_000, 0);
                let yuan = (cents / 100) as u64;
                assert!(*lo <= yuan && yuan <= *hi, "{product}: {yuan}");
            }
        }
    }
}
