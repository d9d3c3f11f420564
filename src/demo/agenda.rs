//! The demo's clock: things to do, each at its moment, taken in time order
//! (those of the same moment in the order they were planned), so the
//! operations write the trail as things happened.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};

/// Things to do, by the moment they happen.
pub(super) struct Agenda<A> {
    heap: BinaryHeap<Reverse<Entry<A>>>,
    planned: u64,
}

struct Entry<A> {
    at: DateTime<Utc>,
    order: u64,
    what: A,
}

impl<A> PartialEq for Entry<A> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.order) == (other.at, other.order)
    }
}

impl<A> Eq for Entry<A> {}

impl<A> PartialOrd for Entry<A> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<A> Ord for Entry<A> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.order).cmp(&(other.at, other.order))
    }
}

impl<A> Default for Agenda<A> {
    fn default() -> Self {
        Agenda {
            heap: BinaryHeap::new(),
            planned: 0,
        }
    }
}

impl<A> Agenda<A> {
    pub(super) fn push(&mut self, at: DateTime<Utc>, what: A) {
        self.planned += 1;
        self.heap.push(Reverse(Entry {
            at,
            order: self.planned,
            what,
        }));
    }

    /// The earliest thing left to do.
    pub(super) fn pop(&mut self) -> Option<(DateTime<Utc>, A)> {
        self.heap.pop().map(|Reverse(e)| (e.at, e.what))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn things_come_in_time_order_then_as_planned() {
        let t = DateTime::<Utc>::default();
        let mut a = Agenda::default();
        a.push(t + Duration::seconds(5), "late");
        a.push(t, "first");
        a.push(t, "second");
        let order: Vec<&str> = std::iter::from_fn(|| a.pop().map(|e| e.1)).collect();
        assert_eq!(order, ["first", "second", "late"]);
    }
}
