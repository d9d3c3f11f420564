//! Time comes from a clock that tests can set.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, TimeZone, Utc};

#[derive(Clone)]
pub enum Clock {
    /// The system clock, shown in the machine's local time zone.
    System,
    /// A clock that stands still until moved; shared between clones.
    Fixed(Arc<Mutex<DateTime<Utc>>>, FixedOffset),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>, offset: FixedOffset) -> Clock {
        Clock::Fixed(Arc::new(Mutex::new(at)), offset)
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t, _) => *t.lock().unwrap(),
        }
    }

    /// The local offset at `now`.
    pub fn offset(&self) -> FixedOffset {
        match self {
            Clock::System => Local::now().offset().fix(),
            Clock::Fixed(_, off) => *off,
        }
    }

    /// The local offset on `day` (at its local noon): a day's bounds and
    /// hours use that day's offset, not today's (summer time).
    pub fn offset_on(&self, day: NaiveDate) -> FixedOffset {
        match self {
            Clock::System => offset_on(&Local, day),
            Clock::Fixed(_, off) => *off,
        }
    }

    pub fn local_now(&self) -> DateTime<FixedOffset> {
        self.now().with_timezone(&self.offset())
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.local_now().date_naive()
    }

    /// The UTC instant of today's local midnight.
    pub fn start_of_today(&self) -> DateTime<Utc> {
        let off = self.offset();
        self.today()
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(off).single())
            .map_or_else(|| self.now(), |t| t.with_timezone(&Utc))
    }

    /// Move a fixed clock forward (tests and demos). No effect on the system clock.
    pub fn advance(&self, by: chrono::Duration) {
        if let Clock::Fixed(t, _) = self {
            let mut t = t.lock().unwrap();
            *t += by;
        }
    }
}

/// The offset a time zone has on `day`, at its local noon.
pub fn offset_on<Z: TimeZone>(zone: &Z, day: NaiveDate) -> FixedOffset {
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    zone.offset_from_local_datetime(&noon)
        .earliest()
        .map(|o| o.fix())
        .unwrap_or_else(|| zone.offset_from_utc_datetime(&noon).fix())
}

/// Where a day's offset comes from: a clock (the machine's time zone, summer
/// time included) or one fixed offset.
pub trait Zone {
    fn offset_on(&self, day: NaiveDate) -> FixedOffset;
}

impl Zone for Clock {
    fn offset_on(&self, day: NaiveDate) -> FixedOffset {
        Clock::offset_on(self, day)
    }
}

impl Zone for FixedOffset {
    fn offset_on(&self, _day: NaiveDate) -> FixedOffset {
        *self
    }
}
