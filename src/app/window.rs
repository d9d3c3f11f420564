//! A long list read a window at a time around the cursor (the Follow-ups
//! list, a line's pane): where the window starts, when the cursor has come
//! near enough to its ends for it to be read again, and which of the rows
//! read a screen shows.

use std::ops::Range;

/// How many rows are read at a time, around the cursor.
pub(super) const WINDOW: usize = 160;
/// How near an end of the rows read the cursor comes before they are read
/// again around it (more than a screen's rows).
const MARGIN: usize = 60;

/// Where the window around row `at` of a list of `len` rows starts.
pub(super) fn start(at: usize, len: usize) -> usize {
    at.saturating_sub(WINDOW / 2)
        .min(len.saturating_sub(WINDOW))
}

/// Whether the `read` rows from row `first` on must be read again around
/// row `at` of a list of `len`: the cursor came near an end of them, and the
/// list goes on past it.
pub(super) fn stale(first: usize, read: usize, at: usize, len: usize) -> bool {
    let end = first + read;
    (first > 0 && at < first + MARGIN) || (end < len && at + MARGIN >= end)
}

/// The rows `range` of the list, of the `rows` read from row `first` on.
pub(super) fn shown<T>(rows: &[T], first: usize, range: Range<usize>) -> &[T] {
    let end = range.end.saturating_sub(first).min(rows.len());
    let start = range.start.saturating_sub(first).min(end);
    &rows[start..end]
}
