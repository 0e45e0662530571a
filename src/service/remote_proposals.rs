//! Proposals of groups on other nodes, kept as their group announces them (with the process
//! they belong to) so members here read them, comment on them, support, amend and vote on
//! them from this node. The group's own node decides everything; this copy follows what it
//! says. A proposal may have been written on a third server (its author's): its text is then
//! its author's word, but its state, its supports and its process are only the group's.

use super::{begin, commit, processes::load_proposal, Origin};
use crate::{
    domain::{involvement::News, process::ProposalState},
    error::{AppError, AppResult},
    federation::{
        objects::{
            post::{ReceivedPost, ReceivedProposal},
            process::ReceivedProcess,
        },
        FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        posts::PostRow,
        processes::{NewProcess, NewProposal, ProcessRow, ProposalRow},
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
    let process = keep_process(tx, group, process).await?;
    let (state, supports) = if proposal.from_group {
        (proposal.state, proposal.supports)
    } else {
        // Written on its author's server, which does not speak for the group: what we knew,
        // or published (the group announced it); the group's own `Update` says more.
        let known = storage::processes::proposal_by_ap_id(tx, post.ap_id.as_str()).await?;
        let state = known
            .and_then(|p| ProposalState::parse(&p.state))
            .unwrap_or(ProposalState::Published);
        (state, None)
    };
    let row = storage::processes::upsert_remote_proposal(
        tx,
        &NewProposal {
            ap_id: post.ap_id.to_string(),
            process_id: process.id,
            author_id: author.id,
            title: post.title.clone().unwrap_or_default(),
            content: post.html.clone(),
            source: post.markdown.clone(),
            state: state.as_str().into(),
            local: false,
        },
    )
    .await?
    .ok_or_else(|| AppError::forbidden("this proposal belongs to someone else"))?;
    if supports.is_some() {
        storage::processes::set_decided_elsewhere(tx, row.id, &row.state, supports).await?;
    }
    storage::posts::link_proposal(tx, post_row.id, row.id).await?;
    // A network proposal an antenna escalated: where it comes from, for its page here.
    let escalated = proposal.escalated_from.as_ref();
    super::escalation::keep_origin(tx, &row, group, author, escalated).await?;
    // Members here hear of it as its group's members do (once: the news is kept per proposal).
    super::news::group_news(tx, group, News::Proposal, &row.ap_id, &row.title).await?;
    Ok(row)
}

/// Keeps (or refreshes) the copy of a process of the remote `group`, as its server says it.
pub(super) async fn keep_process(
    tx: &mut Tx,
    group: &ActorRow,
    process: &ReceivedProcess,
) -> AppResult<ProcessRow> {
    storage::processes::upsert_remote_process(
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
    .ok_or_else(|| AppError::forbidden("this process belongs to another group"))
}

/// A remote `group` said what became of a proposal of one of its processes that was written
/// on another server (perhaps here): its state and supports count. Only the group that
/// decides the proposal may; a proposal unknown here is left for its announce to bring.
pub async fn receive_status(
    data: &FedData,
    group: &ActorRow,
    proposal_ap_id: &str,
    state: ProposalState,
    supports: Option<i64>,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let Some(proposal) = storage::processes::proposal_by_ap_id(&mut tx, proposal_ap_id).await?
    else {
        tracing::info!(
            proposal = proposal_ap_id,
            "news of a proposal unknown here, not kept"
        );
        return commit(data, tx, 0).await;
    };
    let ctx = load_proposal(&mut tx, proposal.id).await?;
    if ctx.group.id != group.id || ctx.process.local {
        return Err(AppError::forbidden(
            "a group speaks for the proposals of its own processes",
        ));
    }
    storage::processes::set_decided_elsewhere(&mut tx, proposal.id, state.as_str(), supports)
        .await?;
    if proposal.state != state.as_str() {
        super::news::proposal_moved(&mut tx, &ctx, state).await?;
    }
    commit(data, tx, 0).await
}
