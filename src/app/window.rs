//! A long list read a window at a time around the cursor (the Follow-ups
//! list, a line's pane): which rows to hold around the cursor, which of
//! them to read, and which of the rows held a screen shows.
//!
//! A jump (Home, End, a search) reads only the rows a screen around the
//! cursor can show; moving on from rows held reads a step of rows further at
//! a time, so most keys read nothing.

use std::ops::Range;

/// How many rows either side of the cursor are held (more than a screen's
/// rows).
const MARGIN: usize = 60;
/// How many rows beyond the margin a read adds in the direction moved.
const STEP: usize = 40;
/// At most this many rows are held; those farthest behind the cursor go.
const KEEP: usize = 200;

/// The rows of a list of `len` to hold around row `at`, the rows `held`
/// being held: `None` when they already cover the margin either side of it
/// (or the list's ends).
pub(super) fn hold(held: Range<usize>, at: usize, len: usize) -> Option<Range<usize>> {
    let need = at.saturating_sub(MARGIN)..(at + MARGIN + 1).min(len);
    if held.start <= need.start && need.end <= held.end {
        return None;
    }
    if held.is_empty() || held.end < need.start || need.end < held.start {
        return Some(need);
    }
    let start = match need.start < held.start {
        true => need.start.saturating_sub(STEP),
        false => held.start,
    };
    let end = match need.end > held.end {
        true => (need.end + STEP).min(len),
        false => held.end.min(len),
    };
    Some(match (end - start > KEEP, at - start < end - at) {
        (false, _) => start..end,
        // Moving up: the rows farthest below go.
        (true, true) => start..start + KEEP,
        (true, false) => end - KEEP..end,
    })
}

/// Bring `rows`, held from row `*first` on, to the rows `want` of the list:
/// those held and wanted are kept, the others read with `read` (at most one
/// range before those kept and one after).
pub(super) fn refill<T, E>(
    rows: &mut Vec<T>,
    first: &mut usize,
    want: Range<usize>,
    mut read: impl FnMut(Range<usize>) -> Result<Vec<T>, E>,
) -> Result<(), E> {
    let held = *first..*first + rows.len();
    let kept = held.start.max(want.start)..held.end.min(want.end);
    if kept.is_empty() {
        *rows = read(want.clone())?;
        *first = want.start;
        return Ok(());
    }
    let mut before = match want.start < kept.start {
        true => read(want.start..kept.start)?,
        false => Vec::new(),
    };
    let after = match kept.end < want.end {
        true => read(kept.end..want.end)?,
        false => Vec::new(),
    };
    rows.truncate(kept.end - held.start);
    rows.drain(..kept.start - held.start);
    before.append(rows);
    before.extend(after);
    *rows = before;
    *first = want.start;
    Ok(())
}

/// The rows `range` of the list, of the `rows` read from row `first` on.
pub(super) fn shown<T>(rows: &[T], first: usize, range: Range<usize>) -> &[T] {
    let end = range.end.saturating_sub(first).min(rows.len());
    let start = range.start.saturating_sub(first).min(end);
    &rows[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jump_reads_a_screen_around_the_cursor() {
        assert_eq!(hold(0..0, 0, 1000), Some(0..61));
        assert_eq!(hold(0..61, 999, 1000), Some(939..1000));
        assert_eq!(hold(0..0, 500, 1000), Some(440..561));
        assert_eq!(hold(0..0, 3, 10), Some(0..10));
        assert_eq!(hold(0..10, 3, 10), None);
    }

    #[test]
    fn moving_on_reads_a_step_at_a_time() {
        // Down from the top: nothing until the margin runs out, then a step.
        assert_eq!(hold(0..61, 0, 1000), None);
        assert_eq!(hold(0..61, 1, 1000), Some(0..102));
        assert_eq!(hold(0..102, 41, 1000), None);
        // Up from the bottom.
        assert_eq!(hold(939..1000, 998, 1000), Some(898..1000));
        // Never more than KEEP rows: those behind go.
        assert_eq!(hold(100..300, 250, 1000), Some(151..351));
        assert_eq!(hold(600..800, 659, 1000), Some(559..759));
    }

    #[test]
    fn refill_keeps_what_is_held_and_reads_the_rest() {
        let list: Vec<usize> = (0..1000).collect();
        let reads = std::cell::RefCell::new(Vec::new());
        let read = |r: Range<usize>| {
            reads.borrow_mut().push(r.clone());
            Ok::<_, ()>(list[r].to_vec())
        };
        let (mut rows, mut first) = (Vec::new(), 0);
        for (at, read_now) in [(0, 1), (1, 1), (30, 0), (999, 1), (500, 1), (520, 1)] {
            let before = reads.borrow().len();
            let held = first..first + rows.len();
            if let Some(want) = hold(held, at, list.len()) {
                refill(&mut rows, &mut first, want, read).unwrap();
            }
            assert_eq!(reads.borrow().len() - before, read_now, "reads at {at}");
            assert_eq!(rows, list[first..first + rows.len()], "rows at {at}");
            let need = at.saturating_sub(MARGIN)..(at + MARGIN + 1).min(list.len());
            assert!(first <= need.start && need.end <= first + rows.len());
        }
        assert_eq!(
            reads.borrow()[1],
            61..102,
            "only the rows not held are read"
        );
    }
}
