//! The Review tab's complaints (投诉) for whoever sees every complaint (the
//! lobby manager and the head): the open ones now, the earliest promised
//! first, with the client they are about kept for the screen to mask.

use super::Cx;
use crate::domain::authority::{Act, Target};
use crate::domain::complaint::Complaint;
use crate::store::StoreError;

/// The most open complaints listed (the earliest promised first); the
/// heading counts them all.
pub const LIMIT: usize = 50;

/// One open complaint as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct ComplaintLine {
    pub complaint: Complaint,
    /// The client it is about, as stored: the screen masks them.
    pub client_name: Option<String>,
    pub client_mobile: Option<String>,
}

/// The section's contents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpenComplaints {
    /// Whether the signed-in person sees the section.
    pub shown: bool,
    /// The open complaints, at most [`LIMIT`].
    pub lines: Vec<ComplaintLine>,
    /// How many are open, and of those past their promised day.
    pub open: usize,
    pub overdue: usize,
}

/// The open complaints now, for a person who may see every complaint;
/// none for anyone else.
pub(super) fn load(cx: &Cx) -> Result<OpenComplaints, StoreError> {
    if !cx.allows(Act::SeeComplaints, Target::Branch) {
        return Ok(OpenComplaints::default());
    }
    let db = cx.store.db();
    let today = cx.clock.today();
    let open = db.open_complaints(None)?;
    let mut out = OpenComplaints {
        shown: true,
        lines: Vec::new(),
        open: open.len(),
        overdue: open.iter().filter(|c| c.overdue(today)).count(),
    };
    for c in open.into_iter().take(LIMIT) {
        let client = match c.client_id {
            Some(id) => db.client(id)?,
            None => None,
        };
        out.lines.push(ComplaintLine {
            client_name: client.as_ref().and_then(|c| c.name.clone()),
            client_mobile: client.and_then(|c| c.mobile),
            complaint: c,
        });
    }
    Ok(out)
}
