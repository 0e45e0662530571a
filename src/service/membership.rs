//! Following and membership. Following a group makes you a member on the group's terms
//! (open, approval, invite); moderators answer pending requests; anyone may leave.
//!
//! Each function serves local members (API, pages) and, where the action federates, the inbox.

use super::{begin, commit, Origin};
use crate::{
    domain::membership::{decide_follow, FollowDecision, FollowState, MembershipPolicy},
    error::{AppError, AppResult},
    federation::{outbox, resolve, FedData},
    storage::{self, actors::ActorRow, follows::FollowRow, Tx},
};

/// A local member follows an actor (usually a group) given by handle or URL.
pub async fn follow(
    data: &FedData,
    follower: &ActorRow,
    target: &str,
) -> AppResult<(FollowRow, ActorRow)> {
    let target = resolve::actor(data, target).await?;
    if target.id == follower.id {
        return Err(AppError::Unprocessable(
            "self_follow",
            "you cannot follow yourself".into(),
        ));
    }
    if target.kind == "application" {
        return Err(AppError::Unprocessable(
            "not_followable",
            "this actor cannot be followed".into(),
        ));
    }
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let existing = storage::follows::get(&mut tx, follower.id, target.id).await?;
    if let Some(existing) = existing.filter(|f| f.state != FollowState::Rejected.as_str()) {
        // Following twice changes nothing.
        return Ok((existing, target));
    }
    let follow_activity = outbox::follow(&data.urls, follower, &target);
    let follow_id = follow_activity["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (row, queued) = if target.local {
        let (state, _) = local_decision(&mut tx, &target, &follower.ap_id, None).await?;
        let row =
            storage::follows::upsert(&mut tx, follower.id, target.id, state.as_str(), &follow_id)
                .await?;
        let queued = if state == FollowState::Accepted {
            super::networks::member_changed(&mut tx, data, &target, follower, true).await?
        } else {
            0
        };
        (row, queued)
    } else {
        let row = storage::follows::upsert(&mut tx, follower.id, target.id, "pending", &follow_id)
            .await?;
        let queued = outbox::publish(
            &mut tx,
            data,
            follower,
            follow_activity,
            vec![target.inbox.clone()],
        )
        .await?;
        (row, queued)
    };
    commit(data, tx, queued).await?;
    Ok((row, target))
}

/// The state a follow of a local actor gets, and the decision behind it.
async fn local_decision(
    tx: &mut Tx,
    target: &ActorRow,
    follower_ap_id: &str,
    already: Option<FollowState>,
) -> AppResult<(FollowState, FollowDecision)> {
    // Actors of a silenced domain wait for a moderator, whatever the group's policy.
    let silenced = match storage::deliveries::inbox_domain(follower_ap_id) {
        Some(domain) => storage::moderation::is_silenced(tx, &domain).await?,
        None => false,
    };
    let decision = if target.is_group() {
        let mut policy = target
            .membership
            .as_deref()
            .and_then(MembershipPolicy::parse)
            .unwrap_or(MembershipPolicy::Open);
        if silenced && policy == MembershipPolicy::Open {
            policy = MembershipPolicy::Approval;
        }
        let invited = storage::actors::is_invited(tx, target.id, follower_ap_id).await?;
        if super::networks::is_own_network(tx, target, follower_ap_id).await? {
            // A network this group joined follows it back: that is how it hears the group.
            FollowDecision::Accept
        } else {
            decide_follow(policy, invited, already)
        }
    } else if silenced && already != Some(FollowState::Accepted) {
        FollowDecision::Hold
    } else {
        // Members' own profiles accept followers.
        FollowDecision::Accept
    };
    let state = match decision {
        FollowDecision::Accept => FollowState::Accepted,
        FollowDecision::Hold => FollowState::Pending,
        FollowDecision::Reject => FollowState::Rejected,
    };
    Ok((state, decision))
}

/// A peer's `Follow` of one of our actors: accepted, held for a moderator, or rejected.
pub async fn receive_follow(
    data: &FedData,
    follower: &ActorRow,
    target: &ActorRow,
    follow_id: &str,
    origin: Origin<'_>,
) -> AppResult<()> {
    if target.kind == "application" {
        return Err(AppError::Unprocessable(
            "not_followable",
            "the instance actor cannot be followed".into(),
        ));
    }
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let already = storage::follows::get(&mut tx, follower.id, target.id)
        .await?
        .and_then(|f| FollowState::parse(&f.state));
    let (state, decision) = local_decision(&mut tx, target, &follower.ap_id, already).await?;
    let mut queued = 0;
    match decision {
        FollowDecision::Reject => {
            storage::follows::delete(&mut tx, follower.id, target.id).await?;
            let reject =
                outbox::answer_follow(&data.urls, "Reject", target, &follower.ap_id, follow_id);
            queued += outbox::publish(&mut tx, data, target, reject, vec![follower.inbox.clone()])
                .await?;
        }
        FollowDecision::Hold => {
            storage::follows::upsert(&mut tx, follower.id, target.id, state.as_str(), follow_id)
                .await?;
        }
        FollowDecision::Accept => {
            storage::follows::upsert(&mut tx, follower.id, target.id, state.as_str(), follow_id)
                .await?;
            let accept =
                outbox::answer_follow(&data.urls, "Accept", target, &follower.ap_id, follow_id);
            queued += outbox::publish(&mut tx, data, target, accept, vec![follower.inbox.clone()])
                .await?;
            queued += member_accepted(&mut tx, data, target, follower).await?;
        }
    }
    commit(data, tx, queued).await
}

/// What follows a new accepted member of a local group: a person is attested to the group's
/// networks; a group accepted by a network is followed back.
async fn member_accepted(
    tx: &mut Tx,
    data: &FedData,
    group: &ActorRow,
    member: &ActorRow,
) -> AppResult<usize> {
    if member.is_group() {
        super::networks::follow_back(tx, data, group, member).await
    } else {
        super::networks::member_changed(tx, data, group, member, true).await
    }
}

/// What follows a member leaving a local group (the mirror of [`member_accepted`]).
async fn member_gone(
    tx: &mut Tx,
    data: &FedData,
    group: &ActorRow,
    member: &ActorRow,
) -> AppResult<usize> {
    if member.is_group() {
        super::networks::member_group_left(tx, data, group, member).await
    } else {
        super::networks::member_changed(tx, data, group, member, false).await
    }
}

/// A peer's `Accept` or `Reject` of a follow one of our members sent.
/// `follow_id` is the id of our Follow when the peer gave it.
pub async fn receive_answer(
    data: &FedData,
    answerer: &ActorRow,
    follow_id: Option<&str>,
    follower_ap_id: Option<&str>,
    accepted: bool,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let mut follow = match follow_id {
        Some(id) => storage::follows::by_activity(&mut tx, id).await?,
        None => None,
    };
    if follow.is_none() {
        if let Some(follower_ap_id) = follower_ap_id {
            if let Some(follower) = storage::actors::by_ap_id(&mut tx, follower_ap_id).await? {
                follow = storage::follows::get(&mut tx, follower.id, answerer.id).await?;
            }
        }
    }
    let Some(follow) = follow else {
        return Err(AppError::Unprocessable(
            "unknown_follow",
            "no follow of ours matches this answer".into(),
        ));
    };
    if follow.followed_id != answerer.id {
        return Err(AppError::forbidden(
            "only the followed actor may answer a follow",
        ));
    }
    let mut queued = 0;
    let mut read_past = false;
    if accepted {
        storage::follows::set_state(&mut tx, follow.id, FollowState::Accepted.as_str()).await?;
        if follow.state != FollowState::Accepted.as_str() {
            if let Some(follower) = storage::actors::by_id(&mut tx, follow.follower_id).await? {
                // A network accepted one of our groups: tell it who the group's members are.
                queued += super::networks::send_roster(&mut tx, data, &follower, answerer).await?;
                // An aggregator (the instance actor) or a network following an antenna back
                // starts with the group's recent past; a person joining does not, or each old
                // post would be news to them.
                read_past = answerer.is_group() && follower.kind != "person";
            }
        }
    } else {
        storage::follows::set_state(&mut tx, follow.id, FollowState::Rejected.as_str()).await?;
    }
    commit(data, tx, queued).await?;
    if read_past {
        crate::federation::backfill::spawn(data, answerer.clone());
    }
    Ok(())
}

/// A local member stops following (leaves a group).
pub async fn unfollow(data: &FedData, follower: &ActorRow, target: &ActorRow) -> AppResult<()> {
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let Some(existing) = storage::follows::get(&mut tx, follower.id, target.id).await? else {
        return Err(AppError::not_found("you do not follow this actor"));
    };
    storage::follows::delete(&mut tx, follower.id, target.id).await?;
    let mut queued = 0;
    if !target.local {
        let undo = outbox::undo_follow(&data.urls, follower, target, &existing.activity_ap_id);
        queued = outbox::publish(&mut tx, data, follower, undo, vec![target.inbox.clone()]).await?;
    } else if existing.state == FollowState::Accepted.as_str() {
        queued += member_gone(&mut tx, data, target, follower).await?;
    }
    commit(data, tx, queued).await
}

/// A peer's `Undo(Follow)`: the follower leaves.
pub async fn receive_unfollow(
    data: &FedData,
    follower: &ActorRow,
    target: &ActorRow,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let was_member = storage::follows::get(&mut tx, follower.id, target.id)
        .await?
        .is_some_and(|f| f.state == FollowState::Accepted.as_str());
    storage::follows::delete(&mut tx, follower.id, target.id).await?;
    let queued = if was_member {
        member_gone(&mut tx, data, target, follower).await?
    } else {
        0
    };
    commit(data, tx, queued).await
}

/// A moderator accepts or rejects a pending membership request.
pub async fn answer_request(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    member: &str,
    accept: bool,
) -> AppResult<FollowRow> {
    if !group.local {
        return Err(AppError::forbidden("this group is managed on its own node"));
    }
    let member = resolve::actor(data, member).await?;
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    if !storage::actors::is_moderator(&mut tx, group.id, moderator.id).await? {
        return Err(AppError::forbidden(
            "only the group's moderators may answer requests",
        ));
    }
    let Some(follow) = storage::follows::get(&mut tx, member.id, group.id).await? else {
        return Err(AppError::not_found("this person has not asked to join"));
    };
    let state = if accept {
        FollowState::Accepted
    } else {
        FollowState::Rejected
    };
    if follow.state == state.as_str() {
        return Ok(follow);
    }
    let mut queued = 0;
    if accept {
        storage::follows::set_state(&mut tx, follow.id, state.as_str()).await?;
        queued += member_accepted(&mut tx, data, group, &member).await?;
    } else {
        storage::follows::delete(&mut tx, member.id, group.id).await?;
        if follow.state == FollowState::Accepted.as_str() {
            queued += member_gone(&mut tx, data, group, &member).await?;
        }
    }
    if !member.local {
        let kind = if accept { "Accept" } else { "Reject" };
        let answer = outbox::answer_follow(
            &data.urls,
            kind,
            group,
            &member.ap_id,
            &follow.activity_ap_id,
        );
        queued += outbox::publish(&mut tx, data, group, answer, vec![member.inbox.clone()]).await?;
    }
    commit(data, tx, queued).await?;
    Ok(FollowRow {
        state: state.as_str().to_string(),
        ..follow
    })
}

/// A moderator invites someone (by handle or URL) into a group; the invitee's follow is then
/// accepted whatever the group's policy.
pub async fn invite(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    invitee: &str,
) -> AppResult<ActorRow> {
    let invitee = resolve::actor(data, invitee).await?;
    let mut tx = data.db.begin().await?;
    if !storage::actors::is_moderator(&mut tx, group.id, moderator.id).await? {
        return Err(AppError::forbidden(
            "only the group's moderators may invite",
        ));
    }
    storage::actors::invite(&mut tx, group.id, &invitee.ap_id, moderator.id).await?;
    tx.commit().await?;
    Ok(invitee)
}

/// Whether `actor` is an accepted member of `group`, or, for a network, of one of its member
/// groups.
pub async fn is_member(tx: &mut Tx, group: &ActorRow, actor: &ActorRow) -> AppResult<bool> {
    let direct = storage::follows::get(tx, actor.id, group.id)
        .await?
        .is_some_and(|f| f.state == FollowState::Accepted.as_str());
    Ok(direct || super::networks::is_member_through_group(tx, group, actor).await?)
}

/// Refuses anyone who is neither an accepted member nor a moderator of `group`.
pub async fn require_member(tx: &mut Tx, group: &ActorRow, actor: &ActorRow) -> AppResult<()> {
    if is_member(tx, group, actor).await?
        || storage::actors::is_moderator(tx, group.id, actor.id).await?
    {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "not_a_member",
            "only members of the group may take part in it".into(),
        ))
    }
}

/// A remote account was deleted: it leaves every group and is marked gone.
pub async fn receive_actor_deleted(
    data: &FedData,
    actor: &ActorRow,
    origin: Origin<'_>,
) -> AppResult<()> {
    if actor.local {
        return Err(AppError::forbidden("a peer may not delete our actors"));
    }
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    storage::follows::delete_all_of(&mut tx, actor.id).await?;
    storage::actors::mark_deleted(&mut tx, actor.id).await?;
    commit(data, tx, 0).await
}
