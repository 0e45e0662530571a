//! How new accounts may be created on a node.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationMode {
    /// Anyone may register.
    Open,
    /// Anyone may ask; an admin approves.
    Approval,
    /// Only people holding an invite link.
    Invite,
    /// Only admins create accounts (`maillon admin account create`).
    Closed,
}

impl RegistrationMode {
    pub const ALL: [RegistrationMode; 4] = [
        RegistrationMode::Open,
        RegistrationMode::Approval,
        RegistrationMode::Invite,
        RegistrationMode::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationMode::Open => "open",
            RegistrationMode::Approval => "approval",
            RegistrationMode::Invite => "invite",
            RegistrationMode::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<RegistrationMode> {
        RegistrationMode::ALL
            .into_iter()
            .find(|m| m.as_str() == raw)
    }

    /// Whether anyone may at least ask for an account (NodeInfo's `openRegistrations`).
    pub fn allows_self_registration(self) -> bool {
        matches!(self, RegistrationMode::Open | RegistrationMode::Approval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for mode in RegistrationMode::ALL {
            assert_eq!(RegistrationMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(RegistrationMode::parse("ouvert"), None);
    }
}
