//! Participation processes and the life of a proposal, as pure rules.
//!
//! A group opens a process ("Statuts 2027") that says up front how far members take part
//! (the participation level) and when each phase happens. Members submit proposals in it;
//! a proposal moves through states by the transitions below, each allowed to a role. The
//! service layer asks these functions before it writes anything.

use serde::{Deserialize, Serialize};

/// How far participation goes, in the words of the participation ladder cooperatives use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationLevel {
    /// Members are informed; moderators publish, nobody votes.
    Information,
    /// Members give their opinion; votes are advisory.
    Consultation,
    /// Members propose and amend; the result is worked out together, votes are advisory.
    Concertation,
    /// Members decide: the vote is binding.
    CoDecision,
}

impl ParticipationLevel {
    pub const ALL: [ParticipationLevel; 4] = [
        ParticipationLevel::Information,
        ParticipationLevel::Consultation,
        ParticipationLevel::Concertation,
        ParticipationLevel::CoDecision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipationLevel::Information => "information",
            ParticipationLevel::Consultation => "consultation",
            ParticipationLevel::Concertation => "concertation",
            ParticipationLevel::CoDecision => "co_decision",
        }
    }

    pub fn parse(raw: &str) -> Option<ParticipationLevel> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw)
    }

    /// Whether members (not only moderators) may submit proposals.
    pub fn members_propose(self) -> bool {
        self != ParticipationLevel::Information
    }

    /// Whether proposals of this process can be put to a vote.
    pub fn has_votes(self) -> bool {
        self != ParticipationLevel::Information
    }

    /// Whether the vote decides (co-decision) or only advises the body that decides.
    pub fn vote_is_binding(self) -> bool {
        self == ParticipationLevel::CoDecision
    }
}

/// The dates of a process's phases, Unix milliseconds; each optional, in this order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phases {
    pub proposals_from: Option<i64>,
    pub deliberation_from: Option<i64>,
    pub vote_from: Option<i64>,
    pub result_at: Option<i64>,
}

impl Phases {
    /// The phases must follow one another.
    pub fn validate(&self) -> Result<(), &'static str> {
        let dates: Vec<i64> = [
            self.proposals_from,
            self.deliberation_from,
            self.vote_from,
            self.result_at,
        ]
        .into_iter()
        .flatten()
        .collect();
        if dates.windows(2).all(|w| w[0] <= w[1]) {
            Ok(())
        } else {
            Err("the phases must be in order: proposals, deliberation, vote, result")
        }
    }

    /// The phase the process is in at `now`, by its dates.
    pub fn current(&self, now: i64) -> Phase {
        let reached = |at: Option<i64>| at.is_some_and(|at| now >= at);
        if reached(self.result_at) {
            Phase::Result
        } else if reached(self.vote_from) {
            Phase::Vote
        } else if reached(self.deliberation_from) {
            Phase::Deliberation
        } else if self.proposals_from.is_none_or(|at| now >= at) {
            Phase::Proposals
        } else {
            Phase::NotStarted
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    NotStarted,
    Proposals,
    Deliberation,
    Vote,
    Result,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::NotStarted => "not_started",
            Phase::Proposals => "proposals",
            Phase::Deliberation => "deliberation",
            Phase::Vote => "vote",
            Phase::Result => "result",
        }
    }
}

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    Draft,
    Published,
    Deliberation,
    Vote,
    Accepted,
    Rejected,
    Withdrawn,
    /// Accepted and carried out (the follow-up notes say how).
    Implemented,
}

impl ProposalState {
    pub const ALL: [ProposalState; 8] = [
        ProposalState::Draft,
        ProposalState::Published,
        ProposalState::Deliberation,
        ProposalState::Vote,
        ProposalState::Accepted,
        ProposalState::Rejected,
        ProposalState::Withdrawn,
        ProposalState::Implemented,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Draft => "draft",
            ProposalState::Published => "published",
            ProposalState::Deliberation => "deliberation",
            ProposalState::Vote => "vote",
            ProposalState::Accepted => "accepted",
            ProposalState::Rejected => "rejected",
            ProposalState::Withdrawn => "withdrawn",
            ProposalState::Implemented => "implemented",
        }
    }

    pub fn parse(raw: &str) -> Option<ProposalState> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Members can still comment, support and amend.
    pub fn is_open_for_discussion(self) -> bool {
        matches!(
            self,
            ProposalState::Published | ProposalState::Deliberation | ProposalState::Vote
        )
    }

    /// Settled: the result is known or the author gave up.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ProposalState::Accepted
                | ProposalState::Rejected
                | ProposalState::Withdrawn
                | ProposalState::Implemented
        )
    }
}

/// Who asks for a change of state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Author,
    Moderator,
    /// The node itself, when a vote closes.
    Tally,
}

/// Whether `role` may move a proposal from `from` to `to`; the error says why not.
///
/// Draft -> published (author). Published -> deliberation (moderator). Published or
/// deliberation -> vote (moderator, when a vote opens). Vote -> accepted or rejected (the
/// tally, or a moderator for a process without votes). Before the vote, the author may
/// withdraw. Accepted -> implemented (moderator, with follow-up notes).
pub fn check_transition(
    from: ProposalState,
    to: ProposalState,
    role: Role,
) -> Result<(), &'static str> {
    use ProposalState::*;
    let allowed = match (from, to) {
        (Draft, Published) => role == Role::Author,
        (Published, Deliberation) => role == Role::Moderator,
        (Published | Deliberation, Vote) => role == Role::Moderator,
        (Vote, Accepted | Rejected) => role == Role::Tally,
        (Published | Deliberation, Accepted | Rejected) => role == Role::Moderator,
        (Draft | Published | Deliberation, Withdrawn) => role == Role::Author,
        (Accepted, Implemented) => role == Role::Moderator,
        _ => return Err("this proposal cannot move to that state from where it stands"),
    };
    if allowed {
        Ok(())
    } else {
        Err(match to {
            Published | Withdrawn => "only the author may do this",
            _ => "only a moderator of the group may do this",
        })
    }
}

/// Whether supports are enough to put a proposal to the vote.
pub fn supports_reach(threshold: Option<u32>, supports: u32) -> bool {
    threshold.is_none_or(|needed| supports >= needed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProposalState::*;

    #[test]
    fn phases_follow_their_dates() {
        let phases = Phases {
            proposals_from: Some(100),
            deliberation_from: Some(200),
            vote_from: Some(300),
            result_at: Some(400),
        };
        phases.validate().unwrap();
        assert_eq!(phases.current(50), Phase::NotStarted);
        assert_eq!(phases.current(150), Phase::Proposals);
        assert_eq!(phases.current(250), Phase::Deliberation);
        assert_eq!(phases.current(300), Phase::Vote);
        assert_eq!(phases.current(401), Phase::Result);
        let backwards = Phases {
            vote_from: Some(100),
            deliberation_from: Some(200),
            ..Phases::default()
        };
        assert!(backwards.validate().is_err());
        assert_eq!(Phases::default().current(0), Phase::Proposals);
    }

    #[test]
    fn each_transition_belongs_to_one_role() {
        check_transition(Draft, Published, Role::Author).unwrap();
        assert!(check_transition(Draft, Published, Role::Moderator).is_err());
        check_transition(Published, Vote, Role::Moderator).unwrap();
        assert!(check_transition(Published, Vote, Role::Author).is_err());
        check_transition(Vote, Accepted, Role::Tally).unwrap();
        assert!(check_transition(Vote, Accepted, Role::Moderator).is_err());
        assert!(check_transition(Vote, Withdrawn, Role::Author).is_err());
        check_transition(Deliberation, Withdrawn, Role::Author).unwrap();
        check_transition(Accepted, Implemented, Role::Moderator).unwrap();
        assert!(check_transition(Rejected, Implemented, Role::Moderator).is_err());
        assert!(check_transition(Withdrawn, Published, Role::Author).is_err());
    }

    #[test]
    fn levels_say_what_members_may_do() {
        assert!(!ParticipationLevel::Information.members_propose());
        assert!(!ParticipationLevel::Information.has_votes());
        assert!(ParticipationLevel::Consultation.has_votes());
        assert!(!ParticipationLevel::Consultation.vote_is_binding());
        assert!(ParticipationLevel::CoDecision.vote_is_binding());
        for level in ParticipationLevel::ALL {
            assert_eq!(ParticipationLevel::parse(level.as_str()), Some(level));
        }
        assert!(supports_reach(None, 0));
        assert!(!supports_reach(Some(3), 2));
        assert!(supports_reach(Some(3), 3));
    }
}
