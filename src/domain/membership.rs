//! Group membership: following a group makes you a member, on the group's terms.

use serde::{Deserialize, Serialize};

/// How a group admits new members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MembershipPolicy {
    /// Every follow is accepted at once.
    Open,
    /// A moderator accepts or rejects each request.
    Approval,
    /// Only invited people may join; other follows are refused.
    Invite,
}

impl MembershipPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            MembershipPolicy::Open => "open",
            MembershipPolicy::Approval => "approval",
            MembershipPolicy::Invite => "invite",
        }
    }

    pub fn parse(raw: &str) -> Option<MembershipPolicy> {
        match raw {
            "open" => Some(MembershipPolicy::Open),
            "approval" => Some(MembershipPolicy::Approval),
            "invite" => Some(MembershipPolicy::Invite),
            _ => None,
        }
    }

    /// Whether followers are approved by hand (ActivityPub `manuallyApprovesFollowers`).
    pub fn manually_approves(self) -> bool {
        !matches!(self, MembershipPolicy::Open)
    }
}

/// Where a follow (membership request) stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FollowState {
    Pending,
    Accepted,
    Rejected,
}

impl FollowState {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowState::Pending => "pending",
            FollowState::Accepted => "accepted",
            FollowState::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<FollowState> {
        match raw {
            "pending" => Some(FollowState::Pending),
            "accepted" => Some(FollowState::Accepted),
            "rejected" => Some(FollowState::Rejected),
            _ => None,
        }
    }
}

/// What the group answers to a new follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowDecision {
    Accept,
    /// Kept pending until a moderator decides.
    Hold,
    Reject,
}

/// The group's answer to a follow, given its policy and whether the follower was invited.
/// A follower who is already an accepted member is accepted again (a repeated Follow must not
/// demote anyone to pending).
pub fn decide_follow(
    policy: MembershipPolicy,
    invited: bool,
    already: Option<FollowState>,
) -> FollowDecision {
    if already == Some(FollowState::Accepted) {
        return FollowDecision::Accept;
    }
    match policy {
        MembershipPolicy::Open => FollowDecision::Accept,
        MembershipPolicy::Approval if invited => FollowDecision::Accept,
        MembershipPolicy::Approval => FollowDecision::Hold,
        MembershipPolicy::Invite if invited => FollowDecision::Accept,
        MembershipPolicy::Invite => FollowDecision::Reject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FollowDecision::*;
    use MembershipPolicy::*;

    #[test]
    fn open_groups_accept_at_once() {
        assert_eq!(decide_follow(Open, false, None), Accept);
    }

    #[test]
    fn approval_groups_hold_until_a_moderator_decides() {
        assert_eq!(decide_follow(Approval, false, None), Hold);
        assert_eq!(
            decide_follow(Approval, false, Some(FollowState::Pending)),
            Hold
        );
        assert_eq!(decide_follow(Approval, true, None), Accept);
    }

    #[test]
    fn invite_groups_refuse_the_uninvited() {
        assert_eq!(decide_follow(Invite, false, None), Reject);
        assert_eq!(decide_follow(Invite, true, None), Accept);
    }

    #[test]
    fn a_repeated_follow_keeps_an_accepted_member_accepted() {
        for policy in [Open, Approval, Invite] {
            assert_eq!(
                decide_follow(policy, false, Some(FollowState::Accepted)),
                Accept
            );
        }
    }

    #[test]
    fn manual_approval_flag() {
        assert!(!Open.manually_approves());
        assert!(Approval.manually_approves());
        assert!(Invite.manually_approves());
    }
}
