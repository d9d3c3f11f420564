//! The demo's random numbers: a small splitmix64 generator, independent
//! streams mixed from one seed, and made-up clients.

use super::data;

/// splitmix64: tiny, fast and plenty for made-up visits.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    pub(super) fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box–Muller).
    pub(super) fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An index drawn in proportion to `weights`.
    pub(super) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Mix a seed with a number into an independent stream's seed.
pub(super) fn mix_seed(seed: u64, n: u64) -> u64 {
    Rng::new(seed ^ n.wrapping_mul(0xD134_2543_DE82_EF95)).next_u64()
}

/// A made-up client: a name from the pools and a valid mainland mobile (1[3-9] + 9 digits).
pub(super) fn made_up_client(rng: &mut Rng) -> (String, String) {
    let names = &data().names;
    let name = format!("{}{}", rng.pick(&names.surnames), rng.pick(&names.given));
    let mobile = format!("1{}{:09}", 3 + rng.below(7), rng.below(1_000_000_000));
    (name, mobile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_repeatable_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            let x = a.unit();
            assert_eq!(x, b.unit());
            assert!((0.0..1.0).contains(&x));
            assert!(a.below(7) < 7);
            b.below(7);
        }
    }

    #[test]
    fn made_up_mobiles_are_valid() {
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            let (name, mobile) = made_up_client(&mut rng);
            assert!(!name.is_empty());
            assert_eq!(
                crate::domain::validate::mobile(&mobile, true),
                Ok(Some(mobile.clone()))
            );
        }
    }
}
