//! Networks of groups (FEP-1b12 group-to-group follows): an antenna's moderators make their
//! group follow a network group; the network follows each accepted member group back, so it
//! receives what the antenna publishes; the antenna's node attests its members to the network
//! (`Add`/`Remove` of a person to the antenna's followers), so a network vote counts the people
//! of every member group, each once.
//!
//! `join`/`leave`/`networks`/`member_groups` serve the API and pages; the `pub(super)` hooks are
//! called by `service::membership` inside the transaction of the membership change they follow.

use super::{begin, commit, membership, Origin};
use crate::{
    domain::membership::FollowState,
    error::{AppError, AppResult},
    federation::{outbox, resolve, FedData},
    storage::{self, actors::ActorRow, follows::FollowRow, Tx},
};

/// A network a group follows, with where its request stands.
pub struct NetworkMembership {
    pub network: ActorRow,
    /// `pending` or `accepted`.
    pub state: String,
}

/// A member group of a network, with how many members it counts here: its local members when
/// it lives on this node, the members its node attested otherwise.
pub struct MemberGroup {
    pub group: ActorRow,
    pub members: i64,
}

async fn require_group_moderator(tx: &mut Tx, group: &ActorRow, actor: &ActorRow) -> AppResult<()> {
    if !group.local || !group.is_group() {
        return Err(AppError::forbidden("this group is managed on its own node"));
    }
    if !storage::actors::is_moderator(tx, group.id, actor.id).await? {
        return Err(AppError::forbidden(
            "only the group's moderators may decide which networks it joins",
        ));
    }
    Ok(())
}

/// A moderator makes `group` (an antenna) ask to join the network `network_handle`.
pub async fn join(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    network_handle: &str,
) -> AppResult<(FollowRow, ActorRow)> {
    {
        let mut tx = data.db.read().await?;
        require_group_moderator(&mut tx, group, moderator).await?;
    }
    let network = resolve::actor(data, network_handle).await?;
    if !network.is_group() || !network.network {
        return Err(AppError::Unprocessable(
            "not_a_network",
            "this group is not a network of groups: only a network takes groups as members".into(),
        ));
    }
    if network.id == group.id {
        return Err(AppError::Unprocessable(
            "self_follow",
            "a network cannot join itself".into(),
        ));
    }
    membership::follow(data, group, &network.ap_id).await
}

/// A moderator makes `group` leave the network `network_handle`.
pub async fn leave(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    network_handle: &str,
) -> AppResult<()> {
    {
        let mut tx = data.db.read().await?;
        require_group_moderator(&mut tx, group, moderator).await?;
    }
    let network = resolve::actor(data, network_handle).await?;
    membership::unfollow(data, group, &network).await
}

/// The networks `group` belongs to or asked to join.
pub async fn networks(data: &FedData, group: &ActorRow) -> AppResult<Vec<NetworkMembership>> {
    let mut tx = data.db.read().await?;
    let mut out = Vec::new();
    for follow in storage::follows::following(&mut tx, group.id).await? {
        if follow.kind != "group" || follow.state == FollowState::Rejected.as_str() {
            continue;
        }
        if let Some(network) = storage::actors::by_id(&mut tx, follow.actor_id).await? {
            if network.network && network.deleted_at.is_none() {
                out.push(NetworkMembership {
                    network,
                    state: follow.state,
                });
            }
        }
    }
    Ok(out)
}

/// The accepted member groups of a network, with their member counts.
pub async fn member_groups(data: &FedData, network: &ActorRow) -> AppResult<Vec<MemberGroup>> {
    let mut tx = data.db.read().await?;
    let mut out = Vec::new();
    for group in storage::networks::member_groups(&mut tx, network.id).await? {
        let members = if group.local {
            storage::follows::count_followers(&mut tx, group.id, FollowState::Accepted.as_str())
                .await?
        } else {
            storage::networks::attested_count(&mut tx, group.id).await?
        };
        out.push(MemberGroup { group, members });
    }
    Ok(out)
}

/// Whether `actor` belongs to `network` through one of its member groups.
pub async fn is_member_through_group(
    tx: &mut Tx,
    network: &ActorRow,
    actor: &ActorRow,
) -> AppResult<bool> {
    if !network.network || !actor.kind.eq("person") {
        return Ok(false);
    }
    Ok(storage::networks::is_member_through_group(tx, network.id, actor.id).await?)
}

/// Whether a local group accepts `follower`'s follow whatever its policy: a network the group
/// itself follows, following it back (so the network receives what the group publishes).
pub(super) async fn is_own_network(
    tx: &mut Tx,
    group: &ActorRow,
    follower_ap_id: &str,
) -> AppResult<bool> {
    let Some(follower) = storage::actors::by_ap_id(tx, follower_ap_id).await? else {
        return Ok(false);
    };
    if !follower.is_group() || !follower.network {
        return Ok(false);
    }
    Ok(storage::follows::get(tx, group.id, follower.id)
        .await?
        .is_some_and(|f| f.state != FollowState::Rejected.as_str()))
}

/// A local network accepted a remote group as a member: the network follows it back.
pub(super) async fn follow_back(
    tx: &mut Tx,
    data: &FedData,
    network: &ActorRow,
    member: &ActorRow,
) -> AppResult<usize> {
    if !network.local || !network.network || !member.is_group() || member.local {
        return Ok(0);
    }
    if let Some(existing) = storage::follows::get(tx, network.id, member.id).await? {
        if existing.state != FollowState::Rejected.as_str() {
            return Ok(0);
        }
    }
    let follow = outbox::follow(&data.urls, network, member);
    let follow_id = follow["id"].as_str().unwrap_or_default().to_string();
    storage::follows::upsert(
        tx,
        network.id,
        member.id,
        FollowState::Pending.as_str(),
        &follow_id,
    )
    .await?;
    outbox::publish(tx, data, network, follow, vec![member.inbox.clone()]).await
}

/// A remote group left a local network: the network stops following it and forgets the
/// members its node attested.
pub(super) async fn member_group_left(
    tx: &mut Tx,
    data: &FedData,
    network: &ActorRow,
    member: &ActorRow,
) -> AppResult<usize> {
    if !network.local || !network.network || !member.is_group() {
        return Ok(0);
    }
    let still_member_here = storage::networks::networks_of(tx, member.id)
        .await?
        .iter()
        .any(|n| n.local);
    if !still_member_here {
        storage::networks::forget_roster(tx, member.id).await?;
    }
    let Some(back) = storage::follows::get(tx, network.id, member.id).await? else {
        return Ok(0);
    };
    storage::follows::delete(tx, network.id, member.id).await?;
    if member.local {
        return Ok(0);
    }
    let undo = outbox::undo_follow(&data.urls, network, member, &back.activity_ap_id);
    outbox::publish(tx, data, network, undo, vec![member.inbox.clone()]).await
}

/// A network accepted one of our groups: the group's node tells it who its members are (all
/// of them, those who joined from other servers too: this node keeps the group's roll).
pub(super) async fn send_roster(
    tx: &mut Tx,
    data: &FedData,
    group: &ActorRow,
    network: &ActorRow,
) -> AppResult<usize> {
    if !group.local || !group.is_group() || network.local || !network.network {
        return Ok(0);
    }
    let mut queued = 0;
    for person in storage::networks::people_members(tx, group.id).await? {
        let add = outbox::roster_change(&data.urls, "Add", group, &person.ap_id, network);
        queued += outbox::publish(tx, data, group, add, vec![network.inbox.clone()]).await?;
    }
    Ok(queued)
}

/// A person joined (`joined`) or left one of our groups: the networks it belongs to on other
/// nodes are told, so their electorate follows.
pub(super) async fn member_changed(
    tx: &mut Tx,
    data: &FedData,
    group: &ActorRow,
    person: &ActorRow,
    joined: bool,
) -> AppResult<usize> {
    if !group.local || !group.is_group() || person.kind != "person" {
        return Ok(0);
    }
    let kind = if joined { "Add" } else { "Remove" };
    let mut queued = 0;
    for network in storage::networks::networks_of(tx, group.id).await? {
        if network.local {
            continue;
        }
        let change = outbox::roster_change(&data.urls, kind, group, &person.ap_id, &network);
        queued += outbox::publish(tx, data, group, change, vec![network.inbox.clone()]).await?;
    }
    Ok(queued)
}

/// A member group's node attests that `person` joined (`added`) or left the group. Kept only
/// when the group is an accepted member of a network of this node.
pub async fn receive_roster_change(
    data: &FedData,
    group: &ActorRow,
    person: &ActorRow,
    added: bool,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let member_of_ours = storage::networks::networks_of(&mut tx, group.id)
        .await?
        .iter()
        .any(|n| n.local);
    if !member_of_ours {
        return Err(AppError::forbidden(
            "this group is not a member of a network of this node",
        ));
    }
    if added {
        storage::networks::attest(&mut tx, group.id, person.id).await?;
    } else {
        storage::networks::unattest(&mut tx, group.id, person.id).await?;
    }
    commit(data, tx, 0).await
}

/// A member group announced something to a network of this node: each such network relays
/// the group's `Announce`, whole, to its own followers (not back to the group's server), so
/// whoever follows the network hears its antennas. Written before the announced change is
/// applied, in a transaction of its own, deduplicated under its own key: a retried delivery
/// relays once, and a relay is never lost to a crash between the two.
pub async fn relay_member_announce(
    data: &FedData,
    member: &ActorRow,
    announce_id: &str,
    announce: serde_json::Value,
) -> AppResult<()> {
    {
        // Most groups belong to no network here: no write for them.
        let mut tx = data.db.read().await?;
        let networks = storage::networks::networks_of(&mut tx, member.id).await?;
        if !networks.iter().any(|n| n.local) {
            return Ok(());
        }
    }
    let relay_key = format!("{announce_id}#relayed-by-networks");
    let Some(mut tx) = begin(
        data,
        Origin::Inbound {
            activity_id: &relay_key,
            actor: &member.ap_id,
        },
    )
    .await?
    else {
        return Ok(());
    };
    let mut queued = 0;
    for network in storage::networks::networks_of(&mut tx, member.id).await? {
        if !network.local {
            continue;
        }
        // The network hears the group only through its own follow: a group that stopped
        // being followed back is not relayed.
        let follows_back = storage::follows::get(&mut tx, network.id, member.id)
            .await?
            .is_some_and(|f| f.state == FollowState::Accepted.as_str());
        if !follows_back {
            continue;
        }
        let inboxes: Vec<String> = storage::follows::remote_follower_inboxes(&mut tx, network.id)
            .await?
            .into_iter()
            .filter(|inbox| inbox != member.delivery_inbox() && inbox != &member.inbox)
            .collect();
        if inboxes.is_empty() {
            continue;
        }
        let relay = outbox::announce(&data.urls, &network, announce.clone());
        queued += outbox::publish(&mut tx, data, &network, relay, inboxes).await?;
    }
    commit(data, tx, queued).await
}
