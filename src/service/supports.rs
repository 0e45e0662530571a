//! Supports (endorsements) of proposals, by every path: a member here supports a proposal
//! decided here; a member here supports a proposal decided on its group's node (kept here as
//! theirs, and sent there as a `Like`); a `Like` arrives from another server (a member of
//! another Maillon node, a Mastodon favourite, a Lemmy upvote). One rule for all of them:
//! members of the group only, while the proposal is published or in deliberation, once per
//! person. The group's node tells its followers the new count in the same transaction.

use serde::Serialize;

use super::{
    begin, commit,
    membership::require_member,
    processes::{load_proposal, state_of, ProposalContext},
    proposal_publication, Origin,
};
use crate::{
    domain::process::{supports_reach, ProposalState},
    error::{AppError, AppResult},
    federation::{objects::participation, outbox, FedData},
    storage::{self, actors::ActorRow, Tx},
};

/// Supports of a proposal and whether they are enough to reach the vote.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupportState {
    /// Counted here for a proposal decided here; otherwise the count its group's node last
    /// published (a support sent from here shows once that node has counted it).
    pub supports: i64,
    pub threshold: Option<i64>,
    pub reached: bool,
    pub supported_by_you: bool,
}

/// The rule every support and withdrawal follows, whatever its path.
async fn check_may_support(tx: &mut Tx, ctx: &ProposalContext, member: &ActorRow) -> AppResult<()> {
    require_member(tx, &ctx.group, member).await?;
    if !matches!(
        state_of(&ctx.proposal),
        ProposalState::Published | ProposalState::Deliberation
    ) {
        return Err(AppError::Unprocessable(
            "not_open_for_support",
            "supports are given while a proposal is published or in deliberation".into(),
        ));
    }
    Ok(())
}

/// A member here supports (or stops supporting) a proposal. Supporting twice changes nothing.
pub async fn set_support(
    data: &FedData,
    member: &ActorRow,
    proposal_id: i64,
    support: bool,
) -> AppResult<SupportState> {
    let Some(mut tx) = begin(data, Origin::Local).await? else {
        unreachable!("local actions are never duplicates")
    };
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    check_may_support(&mut tx, &ctx, member).await?;
    let queued = if ctx.process.local {
        count_here(&mut tx, data, &ctx, member, support, None).await?
    } else {
        send_to_group(&mut tx, data, &ctx, member, support).await?
    };
    let state = support_state(&mut tx, &ctx, Some(member)).await?;
    commit(data, tx, queued).await?;
    Ok(state)
}

/// A `Like` of a proposal (or its `Undo`) from another server, by `actor`. Counted with the
/// rule of a support given here when the proposal is decided here; otherwise not ours to
/// count, and nothing is recorded.
pub async fn receive_support(
    data: &FedData,
    actor: &ActorRow,
    proposal_id: i64,
    support: bool,
    like_id: Option<&str>,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let ctx = load_proposal(&mut tx, proposal_id).await?;
    if !ctx.process.local {
        return Ok(());
    }
    check_may_support(&mut tx, &ctx, actor).await?;
    let queued = count_here(&mut tx, data, &ctx, actor, support, like_id).await?;
    commit(data, tx, queued).await
}

/// Counts (or withdraws) a support of a proposal decided here; when that changed the count,
/// the group's followers get the proposal again with it.
async fn count_here(
    tx: &mut Tx,
    data: &FedData,
    ctx: &ProposalContext,
    member: &ActorRow,
    support: bool,
    like_id: Option<&str>,
) -> AppResult<usize> {
    let changed = if support {
        storage::processes::add_support(tx, ctx.proposal.id, member.id, like_id).await?
    } else {
        storage::processes::remove_support(tx, ctx.proposal.id, member.id)
            .await?
            .is_some()
    };
    if !changed {
        return Ok(0);
    }
    proposal_publication::refresh(tx, data, ctx).await
}

/// A member here supports a proposal decided on its group's node: the support is kept here as
/// theirs (their page shows it) and a `Like` goes to the group, whose node counts it. Its
/// withdrawal sends `Undo` of that same `Like`.
async fn send_to_group(
    tx: &mut Tx,
    data: &FedData,
    ctx: &ProposalContext,
    member: &ActorRow,
    support: bool,
) -> AppResult<usize> {
    let proposal = &ctx.proposal.ap_id;
    let activity = if support {
        let like = participation::like(&data.urls, member, proposal, &ctx.group);
        let like_id = like["id"].as_str().unwrap_or_default();
        if !storage::processes::add_support(tx, ctx.proposal.id, member.id, Some(like_id)).await? {
            return Ok(0);
        }
        like
    } else {
        let Some(Some(like_id)) =
            storage::processes::remove_support(tx, ctx.proposal.id, member.id).await?
        else {
            return Ok(0);
        };
        participation::undo_like(&data.urls, member, &like_id, proposal, &ctx.group)
    };
    outbox::publish(tx, data, member, activity, vec![ctx.group.inbox.clone()]).await
}

pub async fn support_state(
    tx: &mut Tx,
    ctx: &ProposalContext,
    viewer: Option<&ActorRow>,
) -> AppResult<SupportState> {
    let supports = if ctx.process.local {
        storage::processes::count_supports(tx, ctx.proposal.id).await?
    } else {
        ctx.proposal.supports_count.unwrap_or(0)
    };
    let threshold = ctx.process.support_threshold;
    let supported_by_you = match viewer {
        Some(v) => storage::processes::supports(tx, ctx.proposal.id, v.id).await?,
        None => false,
    };
    Ok(SupportState {
        supports,
        threshold,
        reached: supports_reach(
            threshold.map(|t| u32::try_from(t).unwrap_or(u32::MAX)),
            u32::try_from(supports).unwrap_or(u32::MAX),
        ),
        supported_by_you,
    })
}
