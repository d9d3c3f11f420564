//! The follow-up list's part counts moved along with a save: a prospect
//! shown in the list whose contact, date or owner changed moves from the
//! part it was in to the one it is in now, instead of the whole list being
//! counted again off the indexes.

use crate::domain::followup::{Bucket, Stage};
use crate::store::prospects::{Prospect, Window, PARTS};
use crate::store::{Db, StoreError};

/// The part of `window`'s list an open prospect is in (the store's own test).
fn part_of(window: &Window, p: &Prospect) -> usize {
    window.part(p.stage, p.next_due, p.ended_at).unwrap_or(0)
}

/// `counts` with each of the `changed` prospects moved from the part it
/// was shown in (`shown`, the rows read) to its part now: `None` when the
/// list must be counted again — a changed prospect not among the rows read
/// (its part unknown: perhaps new), or one that is or was ended (the ended
/// part's window moves with their times).
pub(super) fn moved(
    db: &Db,
    counts: [usize; PARTS],
    shown: &[(Bucket, Prospect)],
    changed: &[i64],
    window: &Window,
) -> Result<Option<[usize; PARTS]>, StoreError> {
    let mut counts = counts;
    let mut before = Vec::with_capacity(changed.len());
    for id in changed {
        match shown.iter().map(|(_, p)| p).find(|p| p.id == *id) {
            Some(p) if p.stage == Stage::Open => before.push(p),
            _ => return Ok(None),
        }
    }
    let now = db.prospects_by_id(changed)?;
    for old in before {
        let k = part_of(window, old);
        let Some(n) = counts[k].checked_sub(1) else {
            return Ok(None);
        };
        counts[k] = n;
        match now.iter().find(|p| p.id == old.id) {
            Some(p) if p.stage != Stage::Open => return Ok(None),
            Some(p) if window.filter.matches(p) => counts[part_of(window, p)] += 1,
            // Out of the list now (another owner's, another line's…).
            _ => {}
        }
    }
    Ok(Some(counts))
}
