//! Campaigns (营销活动) and dormancy (休眠客户) as rules: a campaign's occasion,
//! audience, message template and dates checked, a message written for one
//! client, and whether a client has been silent longer than their tier allows.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// What a campaign is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occasion {
    /// A holiday greeting (节日问候).
    Holiday,
    /// A product campaign (产品营销).
    Product,
}

impl Occasion {
    pub fn parse(s: &str) -> Result<Occasion, CampaignRefusal> {
        match s.trim() {
            "holiday" => Ok(Occasion::Holiday),
            "product" => Ok(Occasion::Product),
            other => Err(CampaignRefusal::Occasion(other.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Occasion::Holiday => "holiday",
            Occasion::Product => "product",
        }
    }
}

/// Where a client stands, for a campaign's audience.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// On the follow-up list (an open prospect).
    Prospect,
    /// Silent longer than their tier allows.
    Dormant,
    /// Neither.
    Active,
}

impl Standing {
    pub fn parse(s: &str) -> Result<Standing, CampaignRefusal> {
        match s.trim() {
            "prospect" => Ok(Standing::Prospect),
            "dormant" => Ok(Standing::Dormant),
            "active" => Ok(Standing::Active),
            other => Err(CampaignRefusal::Status(other.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Prospect => "prospect",
            Standing::Dormant => "dormant",
            Standing::Active => "active",
        }
    }
}

/// The placeholders a template may hold.
pub const PLACEHOLDERS: [&str; 2] = ["{name}", "{manager}"];

/// The longest window for counting contracts after a send, in days.
pub const MAX_WINDOW_DAYS: i64 = 365;

/// Why a campaign (or sending it) is refused. Nothing was saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CampaignRefusal {
    Occasion(String),
    Status(String),
    /// The campaign has no name.
    NoName,
    /// The template does not address the client by `{name}`.
    NoNamePlaceholder,
    /// A `{…}` the template may not hold.
    Placeholder(String),
    TooLong,
    /// The last day is before the first.
    Dates,
    Window,
    /// A tier, line or tag the settings (or the records) do not know.
    Unknown(String),
    NoCampaign(i64),
    /// A dormant client's owner must be a line's manager on the roster.
    NotManager(String),
    /// Sent only between its first and last day.
    NotRunning {
        starts: NaiveDate,
        ends: NaiveDate,
    },
}

/// A template that addresses the client by name and holds no other
/// placeholder than `{name}` and `{manager}`, at most 300 characters.
pub fn check_template(t: &str) -> Result<(), CampaignRefusal> {
    if t.chars().count() > 300 {
        return Err(CampaignRefusal::TooLong);
    }
    if !t.contains("{name}") {
        return Err(CampaignRefusal::NoNamePlaceholder);
    }
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let close = after.find('}').map_or(after.len(), |c| c + 1);
        let p = &after[..close];
        if !PLACEHOLDERS.contains(&p) {
            return Err(CampaignRefusal::Placeholder(p.to_string()));
        }
        rest = &after[close..];
    }
    Ok(())
}

/// The dates and the window of a campaign.
pub fn check_dates(starts: NaiveDate, ends: NaiveDate, window: i64) -> Result<(), CampaignRefusal> {
    if ends < starts {
        return Err(CampaignRefusal::Dates);
    }
    if !(1..=MAX_WINDOW_DAYS).contains(&window) {
        return Err(CampaignRefusal::Window);
    }
    Ok(())
}

/// A campaign is sent on one of its days only.
pub fn check_running(
    starts: NaiveDate,
    ends: NaiveDate,
    day: NaiveDate,
) -> Result<(), CampaignRefusal> {
    match (starts..=ends).contains(&day) {
        true => Ok(()),
        false => Err(CampaignRefusal::NotRunning { starts, ends }),
    }
}

/// The message for one client: the template with their name and their
/// manager's.
pub fn render(template: &str, name: &str, manager: &str) -> String {
    template
        .replace("{name}", name)
        .replace("{manager}", manager)
}

/// Whether a client's tags (as the core system writes them: separated by
/// commas, 、, semicolons or spaces) hold `tag`.
pub fn has_tag(tags: &str, tag: &str) -> bool {
    tags.split([',', '，', '、', ';', '；', ' '])
        .any(|t| !t.is_empty() && t.trim() == tag.trim())
}

/// Whether a client may be messaged at all: only with their consent,
/// whatever a campaign's audience says.
pub fn may_message(consent: bool) -> bool {
    consent
}

/// The instant before which a client of a tier with `days` is dormant: a
/// client last seen before it has been silent longer than `days` days.
pub fn dormant_before(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now - Duration::days(i64::from(days))
}

/// Whether a client last seen at `last` is dormant at `now` for a tier with
/// `days` (`None`: that tier is never dormant).
pub fn is_dormant(last: DateTime<Utc>, now: DateTime<Utc>, days: Option<u32>) -> bool {
    days.is_some_and(|d| last < dormant_before(now, d))
}

/// Whole days between `last` and `now`.
pub fn silent_days(last: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - last).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_addresses_the_client_by_name_and_knows_its_placeholders() {
        assert_eq!(check_template("{name}您好，{manager}祝您节日快乐"), Ok(()));
        assert_eq!(
            check_template("您好"),
            Err(CampaignRefusal::NoNamePlaceholder)
        );
        assert_eq!(
            check_template("{name}{mobile}"),
            Err(CampaignRefusal::Placeholder("{mobile}".into()))
        );
        assert_eq!(
            check_template("{name} {oops"),
            Err(CampaignRefusal::Placeholder("{oops".into()))
        );
        assert_eq!(
            render("{name}您好，{manager}", "张三", "李经理"),
            "张三您好，李经理"
        );
    }

    #[test]
    fn dates_and_window_are_checked() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            check_dates(d("2026-02-01"), d("2026-01-01"), 30),
            Err(CampaignRefusal::Dates)
        );
        assert_eq!(
            check_dates(d("2026-01-01"), d("2026-01-01"), 0),
            Err(CampaignRefusal::Window)
        );
        assert_eq!(check_dates(d("2026-01-01"), d("2026-01-31"), 30), Ok(()));
        assert!(check_running(d("2026-01-01"), d("2026-01-31"), d("2026-02-01")).is_err());
        assert!(check_running(d("2026-01-01"), d("2026-01-31"), d("2026-01-31")).is_ok());
    }

    #[test]
    fn tags_split_as_the_core_system_writes_them() {
        assert!(has_tag("代发,高净值", "高净值"));
        assert!(has_tag("代发、社保", "社保"));
        assert!(!has_tag("代发工资", "代发"));
        assert!(!has_tag("", "代发"));
    }

    #[test]
    fn dormant_means_silent_longer_than_the_tier_allows() {
        let now: DateTime<Utc> = "2026-06-30T02:00:00Z".parse().unwrap();
        let at = |days: i64| now - Duration::days(days);
        assert!(!is_dormant(at(90), now, Some(90)), "exactly the threshold");
        assert!(is_dormant(at(91), now, Some(90)));
        assert!(
            !is_dormant(at(400), now, None),
            "a tier without a threshold"
        );
        assert_eq!(silent_days(at(91), now), 91);
    }
}
