//! Notices (提醒): who is told what about which record. A notice is written
//! by the operation that causes it, once, and read by the desks of the
//! people it is for; a person who was away sees what they missed once, when
//! they next sign in.

use super::event::Record;

/// What a notice tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// A card landed for its receiver (a person, or a line's managers).
    CardLanded,
    /// The referrer's card was accepted.
    CardAccepted,
    /// The referrer's card was settled: contracted, intent, declined or to
    /// follow-up (the detail says which).
    CardSettled,
    /// A card waits unaccepted past the threshold while its client is still
    /// in the lobby: somebody should go and meet them.
    CardWaiting,
    /// A client with a dedicated manager has a ticket: their manager is
    /// told at once (the detail is the client's tier).
    ClientArrived,
    /// A client with an appointment was checked in: their ticket is routed
    /// to the manager told.
    AppointmentArrived,
    /// A complaint was recorded with this person owning its resolution.
    ComplaintOwned,
    /// An open complaint passed the day promised: the lobby manager and the
    /// head are told once.
    ComplaintOverdue,
}

impl NoticeKind {
    pub const ALL: &'static [NoticeKind] = &[
        NoticeKind::CardLanded,
        NoticeKind::CardAccepted,
        NoticeKind::CardSettled,
        NoticeKind::CardWaiting,
        NoticeKind::ClientArrived,
        NoticeKind::AppointmentArrived,
        NoticeKind::ComplaintOwned,
        NoticeKind::ComplaintOverdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::CardLanded => "card.landed",
            NoticeKind::CardAccepted => "card.accepted",
            NoticeKind::CardSettled => "card.settled",
            NoticeKind::CardWaiting => "card.waiting",
            NoticeKind::ClientArrived => "client.arrived",
            NoticeKind::AppointmentArrived => "appointment.arrived",
            NoticeKind::ComplaintOwned => "complaint.owned",
            NoticeKind::ComplaintOverdue => "complaint.overdue",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// Who is told: one person, or everyone holding a role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum To {
    Person(String),
    Role(String),
}

/// One notice as the inbox holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub kind: NoticeKind,
    pub to: To,
    /// The record it is about, and its id.
    pub record: Record,
    pub record_id: i64,
    /// A code saying more (an outcome's status), never a client's detail.
    pub detail: String,
    /// Who caused it.
    pub by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back() {
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(k.as_str()), Some(*k));
        }
    }
}
