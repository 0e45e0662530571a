//! The aggregator: an admin lists the groups of other nodes this node indexes, and the node's
//! instance actor follows each of them. Called by `maillon admin aggregate`, the admin API
//! (`/api/v1/admin/aggregated-groups`) and the admin page (`/admin/aggregation`); the follow
//! itself is the ordinary one of `service::membership`, so what the groups announce arrives
//! and is kept as for any followed group (`storage::follows::has_local_follower`).
//!
//! Why the instance actor rather than a group or a member: it is no person, so no origin
//! counts it as a member or a voter (`storage::follows` leaves it out of members, votes count
//! persons only), and no group, so no network group takes it for a member antenna. It already
//! signs this node's fetches, so peers know it.

use super::accounts::ensure_instance_actor;
use crate::{
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    storage::{self, actors::ActorRow, aggregation::AggregatedGroup},
};

/// Most handles in one `add`.
pub const MAX_HANDLES: usize = 100;

/// What adding one handle did.
#[derive(Debug, Clone)]
pub struct Added {
    pub group: ActorRow,
    /// `pending` (waiting for the group's answer or its moderators) or `accepted`.
    pub state: String,
    /// It was in the list already: nothing was sent again.
    pub already: bool,
}

/// Adds the admin's handles: every one is checked (a group of another node, found) before
/// any follow is sent, so a bad handle changes nothing. A handle listed already is harmless.
pub async fn add(data: &FedData, handles: &[String]) -> AppResult<Vec<Added>> {
    if handles.is_empty() {
        return Err(AppError::BadRequest(
            "missing_handle",
            "give the handle of a group, such as @rennes@coop.example".into(),
        ));
    }
    if handles.len() > MAX_HANDLES {
        return Err(AppError::BadRequest(
            "too_many_handles",
            format!("at most {MAX_HANDLES} groups at once"),
        ));
    }
    let mut groups: Vec<ActorRow> = Vec::new();
    for raw in handles {
        let group = checked_group(data, raw).await?;
        if !groups.iter().any(|g| g.id == group.id) {
            groups.push(group);
        }
    }
    let instance = ensure_instance_actor(data).await?;
    let mut added = Vec::new();
    for group in groups {
        let before = {
            let mut tx = data.db.read().await?;
            storage::follows::get(&mut tx, instance.id, group.id).await?
        };
        let (row, group) = super::membership::follow(data, &instance, &group.ap_id).await?;
        added.push(Added {
            group,
            state: row.state,
            already: before.is_some_and(|b| b.state != "rejected"),
        });
    }
    Ok(added)
}

/// A handle that names a group of another node (fetched when not known yet).
async fn checked_group(data: &FedData, raw: &str) -> AppResult<ActorRow> {
    let handle = raw.trim().trim_start_matches('@');
    if handle.is_empty() {
        return Err(AppError::BadRequest(
            "missing_handle",
            "give the handle of a group, such as @rennes@coop.example".into(),
        ));
    }
    // A bare name is a local one, so that `add rennes` says it is this node's group.
    let group = match resolve::person(data, handle).await {
        // A node answers an unknown name with a 404 that the WebFinger client reads as a bad
        // answer: for the admin, either way the group is not to be found.
        Err(AppError::BadGateway(_) | AppError::NotFound(_)) => {
            return Err(AppError::NotFound(format!(
                "{handle} was not found: its node does not know it, or did not answer"
            )))
        }
        other => other?,
    };
    if !group.is_group() {
        return Err(AppError::Unprocessable(
            "not_a_group",
            format!(
                "{} is not a group: only groups are aggregated",
                group.acct()
            ),
        ));
    }
    if group.local {
        return Err(AppError::Unprocessable(
            "local_group",
            format!(
                "{} is a group of this node: its content is indexed already",
                group.acct()
            ),
        ));
    }
    Ok(group)
}

/// The aggregated groups, with their state and last activity.
pub async fn list(data: &FedData) -> AppResult<Vec<AggregatedGroup>> {
    let instance = ensure_instance_actor(data).await?;
    let mut tx = data.db.read().await?;
    Ok(storage::aggregation::followed_by(&mut tx, instance.id).await?)
}

/// Stops aggregating a group (an `Undo(Follow)` goes to it). What was kept stays searchable.
pub async fn remove(data: &FedData, handle: &str) -> AppResult<ActorRow> {
    let handle = handle.trim().trim_start_matches('@');
    let not_listed = || {
        AppError::NotFound(format!(
            "{handle} is not among the aggregated groups of this node"
        ))
    };
    let group = match resolve::known_group(data, handle).await {
        Err(AppError::NotFound(_)) => return Err(not_listed()),
        other => other?,
    };
    let instance = ensure_instance_actor(data).await?;
    let listed = {
        let mut tx = data.db.read().await?;
        storage::follows::get(&mut tx, instance.id, group.id).await?
    };
    if listed.is_none() {
        return Err(not_listed());
    }
    super::membership::unfollow(data, &instance, &group).await?;
    Ok(group)
}
