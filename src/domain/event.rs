//! The kinds of event the audit trail holds: every change and every
//! disclosure writes one, named by a variant here rather than a string.

/// What an event is about: the table its record lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Record {
    Ticket,
    Card,
    Client,
    Prospect,
    Staff,
    /// A list written out of the application (a call list, a campaign).
    Export,
    /// A business day (its id is the date as YYYYMMDD).
    Day,
    /// The branch's settings.
    Settings,
    /// A notice to a person or a role.
    Notice,
    /// A target set by the branch head.
    Target,
    /// A pair (接对子): a teller and their manager on a line.
    Pair,
    /// A counter (or a line's desk), by its number: paused and reopened.
    Counter,
    /// An appointment (预约).
    Appointment,
    /// A campaign (营销活动).
    Campaign,
    /// A complaint (投诉).
    Complaint,
    /// A satisfaction rating of a visit (满意度).
    Rating,
}

impl Record {
    pub fn as_str(self) -> &'static str {
        match self {
            Record::Ticket => "ticket",
            Record::Card => "card",
            Record::Client => "client",
            Record::Prospect => "prospect",
            Record::Staff => "staff",
            Record::Export => "export",
            Record::Day => "day",
            Record::Settings => "settings",
            Record::Notice => "notice",
            Record::Target => "target",
            Record::Pair => "pair",
            Record::Counter => "counter",
            Record::Appointment => "appointment",
            Record::Campaign => "campaign",
            Record::Complaint => "complaint",
            Record::Rating => "rating",
        }
    }
}

macro_rules! kinds {
    ($($v:ident = $s:literal in $r:ident),* $(,)?) => {
        /// One kind of event. Stored as its code (`ticket.call`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum EventKind { $($v),* }

        impl EventKind {
            pub const ALL: &'static [EventKind] = &[$(EventKind::$v),*];

            pub fn as_str(self) -> &'static str {
                match self { $(EventKind::$v => $s),* }
            }

            /// The record an event of this kind is about.
            pub fn record(self) -> Record {
                match self { $(EventKind::$v => Record::$r),* }
            }
        }
    };
}

kinds! {
    TicketAdd = "ticket.add" in Ticket,
    TicketCall = "ticket.call" in Ticket,
    TicketStart = "ticket.start" in Ticket,
    TicketFinish = "ticket.finish" in Ticket,
    TicketHold = "ticket.hold" in Ticket,
    TicketResume = "ticket.resume" in Ticket,
    TicketNoShow = "ticket.no_show" in Ticket,
    TicketDivert = "ticket.divert" in Ticket,
    TicketReinstate = "ticket.reinstate" in Ticket,
    TicketClose = "ticket.close" in Ticket,
    CardAdd = "card.add" in Card,
    CardAccept = "card.accept" in Card,
    CardOutcome = "card.outcome" in Card,
    CardRefer = "card.refer" in Card,
    CardContracted = "card.contracted" in Card,
    ClientAdd = "client.add" in Client,
    ClientConsent = "client.consent" in Client,
    ClientUpdate = "client.update" in Client,
    ClientReveal = "client.reveal" in Client,
    ClientPurge = "client.purge" in Client,
    ProspectAdd = "prospect.add" in Prospect,
    ProspectContact = "prospect.contact" in Prospect,
    ProspectReschedule = "prospect.reschedule" in Prospect,
    ProspectWon = "prospect.won" in Prospect,
    ProspectLost = "prospect.lost" in Prospect,
    ProspectHandBack = "prospect.hand_back" in Prospect,
    ProspectReassign = "prospect.reassign" in Prospect,
    StaffAdd = "staff.add" in Staff,
    StaffUpdate = "staff.update" in Staff,
    StaffDeactivate = "staff.deactivate" in Staff,
    StaffReactivate = "staff.reactivate" in Staff,
    // Signing in: the actor is the code signing in (for a wrong PIN and a
    // lock, the code that was claimed).
    StaffSignIn = "staff.sign_in" in Staff,
    StaffSignInFailed = "staff.sign_in_failed" in Staff,
    StaffLocked = "staff.locked" in Staff,
    StaffPin = "staff.pin" in Staff,
    StaffBind = "staff.bind" in Staff,
    ListExport = "export.list" in Export,
    DayClose = "day.close" in Day,
    SettingsImport = "settings.import" in Settings,
    NoticeSend = "notice.send" in Notice,
    TargetSet = "target.set" in Target,
    TargetRemove = "target.remove" in Target,
    PairSet = "pair.set" in Pair,
    PairRemove = "pair.remove" in Pair,
    ClientManager = "client.manager" in Client,
    CounterPause = "counter.pause" in Counter,
    CounterReopen = "counter.reopen" in Counter,
    TicketTransfer = "ticket.transfer" in Ticket,
    AppointmentBook = "appointment.book" in Appointment,
    AppointmentCheckIn = "appointment.checkin" in Appointment,
    AppointmentMissed = "appointment.missed" in Appointment,
    AppointmentCancel = "appointment.cancel" in Appointment,
    ClientImport = "client.import" in Client,
    // complaints and satisfaction
    ComplaintOpen = "complaint.open" in Complaint,
    ComplaintResolve = "complaint.resolve" in Complaint,
    RatingAdd = "rating.add" in Rating,
    // dormancy and campaigns
    CampaignAdd = "campaign.add" in Campaign,
    CampaignSend = "campaign.send" in Campaign,
    // cross-sell prompts
    CrossSellShown = "ticket.cross_sell" in Ticket,
    CrossSellCard = "card.cross_sell" in Card,
    // closed-day figures and waking
    DayFigures = "day.figures" in Day,
}

impl Record {
    pub fn parse(s: &str) -> Option<Record> {
        [
            Record::Ticket,
            Record::Card,
            Record::Client,
            Record::Prospect,
            Record::Staff,
            Record::Export,
            Record::Day,
            Record::Settings,
            Record::Notice,
            Record::Target,
            Record::Pair,
            Record::Counter,
            Record::Appointment,
            Record::Campaign,
            Record::Complaint,
            Record::Rating,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

impl EventKind {
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_and_names_its_record() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(*k));
            let prefix = k.as_str().split('.').next().unwrap();
            assert_eq!(prefix, k.record().as_str(), "{k:?}");
        }
    }
}
