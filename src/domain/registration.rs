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
    /// Whether a self-service registration without invite or approval is accepted right away.
    pub fn allows_self_registration(self) -> bool {
        matches!(self, RegistrationMode::Open)
    }
}
