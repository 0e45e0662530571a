//! Where proposals meet federation. A published proposal is also the first post of its own
//! discussion thread, under the same id: comments are then ordinary replies that Mastodon,
//! Lemmy and other Maillon nodes thread without knowing about proposals. The group announces
//! the proposal's `Create`, and an `Update` at every later change of text or state, to its
//! followers, in the same transaction as the change (FEP-1b12, as for any post in a group).

use super::{posts::distribute, processes::ProposalContext};
use crate::{
    error::AppResult,
    federation::{
        objects::{post::PostJson, process::ProcessJson},
        outbox, FedData,
    },
    storage::{
        self,
        posts::{NewPost, PostRow},
        Tx,
    },
};

/// The wire form of a local proposal: its thread's first post, with the process it belongs
/// to and its state.
pub fn proposal_json(ctx: &ProposalContext, post: &PostRow) -> PostJson {
    let mut json = PostJson::from_local(post, &ctx.author, Some(&ctx.group), None);
    json.process = Some(ProcessJson::from_local(&ctx.process, &ctx.group));
    json.proposal_state = Some(ctx.proposal.state.clone());
    json
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
    let activity = outbox::create_or_update(
        &data.urls,
        "Create",
        &ctx.author,
        &proposal_json(ctx, &post),
    );
    distribute(tx, data, &ctx.author, &ctx.group, activity, vec![]).await
}

/// A published proposal changed (its text or its state): the thread's first post follows
/// and an `Update` is queued. Nothing happens for a draft, which was never sent.
pub async fn refresh(tx: &mut Tx, data: &FedData, ctx: &ProposalContext) -> AppResult<usize> {
    if !ctx.proposal.local {
        return Ok(0);
    }
    let Some(post) = storage::posts::by_ap_id(tx, &ctx.proposal.ap_id).await? else {
        return Ok(0);
    };
    storage::posts::update_content(
        tx,
        post.id,
        Some(&ctx.proposal.title),
        &ctx.proposal.content,
        ctx.proposal.source.as_deref(),
    )
    .await?;
    let post = storage::posts::by_id(tx, post.id).await?.unwrap_or(post);
    let activity = outbox::create_or_update(
        &data.urls,
        "Update",
        &ctx.author,
        &proposal_json(ctx, &post),
    );
    distribute(tx, data, &ctx.author, &ctx.group, activity, vec![]).await
}
