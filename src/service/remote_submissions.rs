//! Proposals written on another node for a process of one of our groups. A member of the
//! group whose account lives elsewhere submits from their own node, which sends the
//! proposal's `Create` to the group (and its author's `Update` after an edit). The proposal
//! keeps its id and its text on its author's server; here it follows the same rules as one
//! submitted here, this node alone decides it, and the group announces it to its followers
//! like any post in it (FEP-1b12).

use serde_json::Value;

use super::{
    begin, commit,
    posts::{announce, remote_row, Change},
    processes::{check_may_submit, require_member},
    Origin,
};
use crate::{
    domain::process::ProposalState,
    error::{AppError, AppResult},
    federation::{objects::post::ReceivedPost, FedData},
    storage::{self, actors::ActorRow, processes::NewProposal},
};

/// A remote member's `Create` or `Update` of a proposal (a post carrying `maillon:process`)
/// addressed to `group`, one of ours. What the page claims about its state is not read: a
/// new proposal is published, and only this node moves it on.
pub async fn receive(
    data: &FedData,
    author: &ActorRow,
    group: &ActorRow,
    change: Change,
    post: ReceivedPost,
    activity: Value,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(claimed) = &post.proposal else {
        return Err(AppError::bad_request("not a proposal"));
    };
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    require_member(&mut tx, group, author).await?;
    let process = storage::processes::process_by_ap_id(&mut tx, claimed.process.ap_id.as_str())
        .await?
        .filter(|p| p.local && p.group_id == group.id)
        .ok_or_else(|| AppError::not_found("no such process"))?;
    let title = post.title.clone().unwrap_or_default();
    match storage::processes::proposal_by_ap_id(&mut tx, post.ap_id.as_str()).await? {
        None => {
            check_may_submit(&mut tx, &process, group, author).await?;
            let row = storage::posts::upsert_remote(
                &mut tx,
                &remote_row(&post, author.id, group.id, None),
            )
            .await?
            .ok_or_else(|| AppError::forbidden("this post belongs to someone else"))?;
            let proposal = storage::processes::insert_proposal(
                &mut tx,
                &NewProposal {
                    ap_id: post.ap_id.to_string(),
                    process_id: process.id,
                    author_id: author.id,
                    title,
                    content: post.html.clone(),
                    source: post.markdown.clone(),
                    state: ProposalState::Published.as_str().into(),
                    local: false,
                },
            )
            .await?;
            storage::posts::link_proposal(&mut tx, row.id, proposal.id).await?;
            // An antenna group escalating one of its proposals to this network group.
            let escalated = claimed.escalated_from.as_ref();
            super::escalation::keep_origin(&mut tx, &proposal, group, author, escalated).await?;
        }
        Some(existing) => {
            if existing.author_id != author.id || existing.process_id != process.id {
                return Err(AppError::Forbidden(
                    "not_the_author",
                    "this proposal belongs to someone else".into(),
                ));
            }
            if change == Change::Create {
                // The same proposal again (a repeated delivery under another id): kept once.
                return commit(data, tx, 0).await;
            }
            // The author's edit: the same rule as an edit made here.
            if !matches!(
                ProposalState::parse(&existing.state),
                Some(ProposalState::Published | ProposalState::Deliberation)
            ) {
                return Err(AppError::Unprocessable(
                    "not_open_for_amendments",
                    "the text cannot change once the vote is open".into(),
                ));
            }
            storage::processes::update_proposal_title_and_text(
                &mut tx,
                existing.id,
                &title,
                &post.html,
                post.markdown.as_deref(),
            )
            .await?;
            storage::posts::upsert_remote(&mut tx, &remote_row(&post, author.id, group.id, None))
                .await?;
        }
    }
    // As for posts: a silenced domain's proposals are kept, but the group does not relay them.
    let queued = if super::moderation::is_silenced_actor(&mut tx, author).await? {
        0
    } else {
        announce(&mut tx, data, group, activity).await?
    };
    commit(data, tx, queued).await
}
