//! How involved a member wants to be in a group, as pure rules: the four levels (each one
//! receives what the one before does, and more), the ways news reaches them, and which news
//! each level receives. News that concerns the member personally (their registration, their
//! need, a proposal they took part in) reaches them whatever their level.

words!(Level { StayInformed => "stay_informed", TakePart => "take_part", CoDecide => "co_decide",
    Lead => "lead" });
words!(Channel { InApp => "in_app", EmailDaily => "email_daily", EmailWeekly => "email_weekly",
    Nothing => "none" });

impl Channel {
    /// Whether news can go this way on this node: email digests only when it sends email
    /// (SMTP configured, `service::digests`).
    pub fn available(self, sends_email: bool) -> bool {
        sends_email || !self.is_email()
    }

    pub fn is_email(self) -> bool {
        matches!(self, Channel::EmailDaily | Channel::EmailWeekly)
    }
}

/// What a group's news is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum News {
    /// A vote closed: its decision.
    Decision,
    /// A general assembly (an event of the `assembly` category) was announced.
    Assembly,
    /// A proposal was published.
    Proposal,
    /// An event (not an assembly) was announced.
    Event,
    /// A meeting of a body other than the general assembly was planned, with its agenda.
    Meeting,
    /// A proposal entered deliberation.
    Deliberation,
    /// A vote opened.
    VoteOpened,
    /// A discussion post in the group.
    Post,
}

impl News {
    /// The notification kind it is stored as.
    pub fn kind(self) -> &'static str {
        match self {
            News::Decision => "decision",
            News::Assembly => "assembly",
            News::Proposal => "proposal_published",
            News::Event => "event_announced",
            News::Meeting => "meeting_announced",
            News::Deliberation => "deliberation_opened",
            News::VoteOpened => "vote_opened",
            News::Post => "group_post",
        }
    }

    /// The least involved level that receives it.
    fn least_level(self) -> Level {
        match self {
            News::Decision | News::Assembly => Level::StayInformed,
            News::Proposal | News::Event | News::Meeting => Level::TakePart,
            News::Deliberation | News::VoteOpened => Level::CoDecide,
            News::Post => Level::Lead,
        }
    }

    /// The levels that receive it.
    pub fn levels(self) -> Vec<Level> {
        let from = Level::ALL
            .iter()
            .position(|l| *l == self.least_level())
            .unwrap_or(0);
        Level::ALL[from..].to_vec()
    }
}

/// What a member gets in a group where they chose nothing.
pub const DEFAULT_LEVEL: Level = Level::TakePart;
pub const DEFAULT_CHANNEL: Channel = Channel::InApp;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_receives_what_the_one_before_does_and_more() {
        assert_eq!(News::Decision.levels(), Level::ALL.to_vec());
        assert_eq!(
            News::Proposal.levels(),
            vec![Level::TakePart, Level::CoDecide, Level::Lead]
        );
        assert_eq!(
            News::VoteOpened.levels(),
            vec![Level::CoDecide, Level::Lead]
        );
        assert_eq!(News::Post.levels(), vec![Level::Lead]);
        assert!(!News::Proposal.levels().contains(&Level::StayInformed));
        assert_eq!(Level::parse("co_decide"), Some(Level::CoDecide));
        assert_eq!(Channel::parse("none"), Some(Channel::Nothing));
        assert_eq!(Channel::parse("sms"), None);
    }
}
