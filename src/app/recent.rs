//! The few figures a screen computed lately, by what they were computed
//! from (the day, the newest event, the time): paging back and forth through
//! days computes each once while nothing is written.

/// At most `N` values, the oldest dropped first.
#[derive(Clone, Debug)]
pub struct Recent<K, V, const N: usize> {
    kept: Vec<(K, V)>,
}

impl<K, V, const N: usize> Default for Recent<K, V, N> {
    fn default() -> Self {
        Recent { kept: Vec::new() }
    }
}

impl<K: PartialEq, V: Clone, const N: usize> Recent<K, V, N> {
    /// The value kept for `key`, or `compute`'s (then kept).
    pub fn get_or<E>(&mut self, key: K, compute: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some((_, v)) = self.kept.iter().find(|(k, _)| *k == key) {
            return Ok(v.clone());
        }
        let v = compute()?;
        if self.kept.len() == N {
            self.kept.remove(0);
        }
        self.kept.push((key, v.clone()));
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_each_key_once_and_drops_the_oldest() {
        let mut r: Recent<u32, u32, 2> = Recent::default();
        let runs = std::cell::Cell::new(0);
        let mut get = |k| {
            r.get_or(k, || -> Result<u32, ()> {
                runs.set(runs.get() + 1);
                Ok(k * 10)
            })
            .unwrap()
        };
        assert_eq!(get(1), 10);
        assert_eq!(get(1), 10);
        assert_eq!(get(2), 20);
        assert_eq!(get(3), 30);
        assert_eq!(get(1), 10);
        assert_eq!(runs.get(), 4, "1 computed again once dropped");
    }
}
