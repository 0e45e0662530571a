//! Proposals of groups on other nodes, kept as their group announces them (with the process
//! they belong to) so members here read them, comment on them and vote on them from this node.
//! The group's own node decides everything; this copy follows what it says.

use crate::{
    error::{AppError, AppResult},
    federation::objects::post::{ReceivedPost, ReceivedProposal},
    storage::{
        self,
        actors::ActorRow,
        posts::PostRow,
        processes::{NewProcess, NewProposal, ProposalRow},
        Tx,
    },
};

/// Keeps (or refreshes) the proposal a remote `group` announced, whose thread's first post is
/// `post_row`. Refuses a proposal that claims another group's process, or that would overwrite
/// a proposal of another author or process.
pub async fn keep(
    tx: &mut Tx,
    group: &ActorRow,
    author: &ActorRow,
    post_row: &PostRow,
    post: &ReceivedPost,
    proposal: &ReceivedProposal,
) -> AppResult<ProposalRow> {
    let process = &proposal.process;
    if process.group.as_str() != group.ap_id || group.local {
        return Err(AppError::forbidden(
            "a group announces the proposals of its own processes",
        ));
    }
    let process = storage::processes::upsert_remote_process(
        tx,
        &NewProcess {
            ap_id: process.ap_id.to_string(),
            group_id: group.id,
            title: process.title.clone(),
            description: process.description.clone(),
            description_source: None,
            participation: process.participation.as_str().into(),
            decision_rule: process.decision_rule.clone(),
            support_threshold: process.support_threshold,
            results_hidden: process.results_hidden,
            public_choices: process.public_choices,
            proposals_from: process.phases.proposals_from,
            deliberation_from: process.phases.deliberation_from,
            vote_from: process.phases.vote_from,
            result_at: process.phases.result_at,
            created_by: None,
            local: false,
        },
    )
    .await?
    .ok_or_else(|| AppError::forbidden("this process belongs to another group"))?;
    let row = storage::processes::upsert_remote_proposal(
        tx,
        &NewProposal {
            ap_id: post.ap_id.to_string(),
            process_id: process.id,
            author_id: author.id,
            title: post.title.clone().unwrap_or_default(),
            content: post.html.clone(),
            source: None,
            state: proposal.state.as_str().into(),
            local: false,
        },
    )
    .await?
    .ok_or_else(|| AppError::forbidden("this proposal belongs to someone else"))?;
    storage::posts::link_proposal(tx, post_row.id, row.id).await?;
    Ok(row)
}
