//! Where proposals meet federation. A published proposal is also the first post of its own
//! discussion thread, under the same id: comments are then ordinary replies that Mastodon,
//! Lemmy and other Maillon nodes thread without knowing about proposals. The group announces
//! the proposal's `Create`, and an `Update` at every later change of text, state or supports,
//! to its followers, in the same transaction as the change (FEP-1b12, as for any post in a
//! group). A proposal written here for a group of another node goes to that group instead.
//! A proposal written on another node and decided here changes under its author's word for
//! the text, and the group's own `Update` for its state and supports.

use serde_json::json;

use super::{posts::distribute, processes::ProposalContext};
use crate::{
    domain::involvement::News,
    error::AppResult,
    federation::{
        objects::{participation, post::PostJson, process::ProcessJson},
        outbox, FedData,
    },
    storage::{
        self,
        posts::{NewPost, PostRow},
        Tx,
    },
};

/// The wire form of a proposal: its thread's first post, with the process it belongs to (also
/// as a FEP-400e `target`), its state and its supports as the group's node knows them.
pub async fn proposal_json(
    tx: &mut Tx,
    ctx: &ProposalContext,
    post: &PostRow,
) -> AppResult<PostJson> {
    let mut json = PostJson::from_local(post, &ctx.author, Some(&ctx.group), None);
    json.process = Some(ProcessJson::from_local(&ctx.process, &ctx.group));
    json.proposal_state = Some(ctx.proposal.state.clone());
    json.supports = if ctx.process.local {
        Some(storage::processes::count_supports(tx, ctx.proposal.id).await?)
    } else {
        ctx.proposal.supports_count
    };
    json.escalated_from = super::escalation::wire_origin(tx, ctx.proposal.id).await?;
    json.target = Some(json!({
        "type": "OrderedCollection",
        "id": ctx.process.ap_id,
        "attributedTo": ctx.group.ap_id,
    }));
    Ok(json)
}

/// The proposal was just published: its thread's first post is written and its `Create`
/// queued. Returns the number of deliveries queued.
pub async fn publish(tx: &mut Tx, data: &FedData, ctx: &ProposalContext) -> AppResult<usize> {
    if !ctx.proposal.local {
        return Ok(0);
    }
    let post = match storage::posts::by_ap_id(tx, &ctx.proposal.ap_id).await? {
        Some(post) => post,
        None => {
            let post = storage::posts::insert(
                tx,
                &NewPost {
                    ap_id: ctx.proposal.ap_id.clone(),
                    author_id: ctx.author.id,
                    group_id: Some(ctx.group.id),
                    in_reply_to_id: None,
                    kind: "page".into(),
                    title: Some(ctx.proposal.title.clone()),
                    content: ctx.proposal.content.clone(),
                    source: ctx.proposal.source.clone(),
                    local: true,
                    published_at: storage::now_millis(),
                    updated_at: None,
                },
            )
            .await?;
            storage::posts::link_proposal(tx, post.id, ctx.proposal.id).await?;
            post
        }
    };
    let json = proposal_json(tx, ctx, &post).await?;
    let activity = outbox::create_or_update(&data.urls, "Create", &ctx.author, &json);
    if ctx.group.local {
        // Members of a followed group hear of it when its group announces it here.
        super::news::group_news(
            tx,
            &ctx.group,
            News::Proposal,
            &ctx.proposal.ap_id,
            &ctx.proposal.title,
        )
        .await?;
    }
    distribute(tx, data, &ctx.author, &ctx.group, activity, vec![]).await
}

/// A published proposal changed (its text, its state or its supports): followers hear of it.
/// Nothing happens for a draft, which was never sent, nor for a copy of a proposal decided
/// and written elsewhere.
pub async fn refresh(tx: &mut Tx, data: &FedData, ctx: &ProposalContext) -> AppResult<usize> {
    let Some(post) = storage::posts::by_ap_id(tx, &ctx.proposal.ap_id).await? else {
        return Ok(0);
    };
    if ctx.proposal.local {
        // Written here: the thread's first post follows, and its author's `Update` goes out.
        storage::posts::update_content(
            tx,
            post.id,
            Some(&ctx.proposal.title),
            &ctx.proposal.content,
            ctx.proposal.source.as_deref(),
        )
        .await?;
        let post = storage::posts::by_id(tx, post.id).await?.unwrap_or(post);
        let json = proposal_json(tx, ctx, &post).await?;
        let activity = outbox::create_or_update(&data.urls, "Update", &ctx.author, &json);
        distribute(tx, data, &ctx.author, &ctx.group, activity, vec![]).await
    } else if ctx.process.local {
        // Written on another node, decided here: the group speaks for what it decides.
        let json = proposal_json(tx, ctx, &post).await?;
        let activity = participation::group_update(&data.urls, &ctx.group, &json);
        let inboxes = storage::follows::remote_follower_inboxes(tx, ctx.group.id).await?;
        outbox::publish(tx, data, &ctx.group, activity, inboxes).await
    } else {
        Ok(0)
    }
}
