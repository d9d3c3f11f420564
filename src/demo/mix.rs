//! What kind of visits come in, and local times: what the morning and the
//! history share.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use super::rng::Rng;
use crate::config::Catalog;

/// What kind of visits come in: the catalog's services and priority classes,
/// weighted as a branch sees them.
pub(super) struct Mix {
    /// Service letter, weight, mean minutes at the counter.
    pub(super) services: Vec<(String, f64, f64)>,
    /// The normal queue's class.
    pub(super) normal: String,
    vip: Option<String>,
    /// The other priority classes and their weights.
    pub(super) special: Vec<(String, f64)>,
}

impl Mix {
    pub(super) fn new(catalog: &Catalog) -> Mix {
        let services = catalog
            .services
            .iter()
            .map(|s| {
                let (weight, minutes) = match s.letter.as_str() {
                    "A" => (50.0, 5.5),
                    "C" => (18.0, 9.0),
                    "V" => (12.0, 7.0),
                    "B" => (12.0, 11.0),
                    "L" => (8.0, 12.0),
                    _ => (5.0, 7.0),
                };
                (s.letter.clone(), weight, minutes)
            })
            .collect();
        let normal = catalog
            .priorities
            .iter()
            .find(|p| !p.priority)
            .or(catalog.priorities.first())
            .map_or_else(|| "normal".to_string(), |p| p.code.clone());
        let vip = catalog
            .priority("vip")
            .filter(|p| p.priority)
            .map(|p| p.code.clone());
        let special = catalog
            .priorities
            .iter()
            .filter(|p| p.priority && p.code != "vip")
            .map(|p| {
                let w = match p.code.as_str() {
                    "elderly" => 70.0,
                    "pregnant" | "disabled" => 15.0,
                    _ => 10.0,
                };
                (p.code.clone(), w)
            })
            .collect();
        Mix {
            services,
            normal,
            vip,
            special,
        }
    }

    pub(super) fn service(&self, rng: &mut Rng) -> usize {
        let weights: Vec<f64> = self.services.iter().map(|s| s.1).collect();
        rng.weighted(&weights)
    }

    /// A priority class for a visit to `service`: about one in ten is priority,
    /// half of the VIP service's visits and a few elderly, pregnant or disabled.
    pub(super) fn priority(&self, rng: &mut Rng, service: usize) -> (String, bool) {
        if self.services[service].0 == "V" {
            if let Some(vip) = self.vip.as_ref().filter(|_| rng.chance(0.5)) {
                return (vip.clone(), true);
            }
        }
        if !self.special.is_empty() && rng.chance(0.05) {
            return (self.special_class(rng), true);
        }
        (self.normal.clone(), false)
    }

    fn special_class(&self, rng: &mut Rng) -> String {
        let weights: Vec<f64> = self.special.iter().map(|s| s.1).collect();
        self.special[rng.weighted(&weights)].0.clone()
    }

    /// Minutes at the counter: around the service's mean, sometimes much longer.
    pub(super) fn minutes(&self, rng: &mut Rng, service: usize) -> f64 {
        let mean = self.services[service].2;
        (mean * (0.35 * rng.normal() - 0.06).exp()).clamp(0.3 * mean, 3.0 * mean)
    }
}

pub(super) fn catalog_service_index(mix: &Mix, letter: &str) -> usize {
    mix.services.iter().position(|s| s.0 == letter).unwrap_or(0)
}

/// Local `hour`:00 of `day` as a UTC instant.
pub(super) fn local_time(day: NaiveDate, hour: u32, offset: FixedOffset) -> DateTime<Utc> {
    let naive = day.and_hms_opt(hour, 0, 0).expect("a valid hour");
    offset
        .from_local_datetime(&naive)
        .single()
        .expect("a fixed offset has one local time")
        .with_timezone(&Utc)
}
