//! Votes counted on another node, seen from here: the group's `Question` (with our rules) is
//! kept so members here read the rules and vote from this node's pages and API; their ballot
//! goes to the group as a poll answer carrying the full choice, and the group's node counts
//! it by the one ballot rule. The result shown here is the one the group's node publishes.

use super::{
    begin, commit,
    processes::{load_proposal, require_member},
    votes::{is_open, spec_of, tally_error, verdict_code, BallotReceipt},
    Origin,
};
use crate::{
    domain::{involvement::News, process::ProposalState, vote::spec::BallotInput},
    error::{AppError, AppResult},
    federation::{
        objects::question::{self, ReceivedVote},
        outbox, FedData,
    },
    storage::{self, actors::ActorRow, now_millis, votes::RemoteVote},
};

fn to_json<T: serde::Serialize>(value: &T) -> AppResult<String> {
    Ok(serde_json::to_string(value).map_err(anyhow::Error::from)?)
}

fn rule_broken(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Unprocessable(code, message.into())
}

/// A remote group published or updated one of its votes. Kept when members here follow the
/// group and its proposal is known here; its proposal's state follows the vote.
pub async fn receive_vote(
    data: &FedData,
    group: &ActorRow,
    vote: ReceivedVote,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    if !storage::follows::has_local_follower(&mut tx, group.id).await? {
        return commit(data, tx, 0).await;
    }
    let Some(proposal) =
        storage::processes::proposal_by_ap_id(&mut tx, vote.proposal.as_str()).await?
    else {
        tracing::info!(vote = %vote.ap_id, "vote on a proposal unknown here, not kept");
        return commit(data, tx, 0).await;
    };
    let ctx = load_proposal(&mut tx, proposal.id).await?;
    if ctx.group.id != group.id || ctx.process.local {
        return Err(AppError::forbidden(
            "a group publishes votes on its own proposals",
        ));
    }
    let stored = storage::votes::upsert_remote_vote(
        &mut tx,
        &RemoteVote {
            ap_id: vote.ap_id.to_string(),
            proposal_id: proposal.id,
            spec_json: to_json(&vote.spec)?,
            opens_at: vote.opens_at,
            closes_at: vote.closes_at,
            closed_at: vote.closed_at,
            outcome_json: vote.outcome.as_ref().map(to_json).transpose()?,
            verdict: vote
                .outcome
                .as_ref()
                .map(|o| verdict_code(o.verdict()).to_owned()),
            electorate_size: vote.electorate_size,
            voters: vote.voters,
        },
    )
    .await?;
    if stored.is_some() {
        let state = match &vote.outcome {
            None => ProposalState::Vote,
            Some(outcome) if outcome.adopts_proposal() => ProposalState::Accepted,
            Some(_) => ProposalState::Rejected,
        };
        storage::processes::set_remote_proposal_state(&mut tx, proposal.id, state.as_str()).await?;
        // Members here hear of the vote opening and of its decision, as its group's do.
        let news = if vote.outcome.is_some() {
            News::Decision
        } else {
            News::VoteOpened
        };
        super::news::group_news(
            &mut tx,
            group,
            news,
            vote.ap_id.as_str(),
            &ctx.proposal.title,
        )
        .await?;
    }
    commit(data, tx, 0).await
}

/// A member here votes on a vote counted on its group's node: the ballot is checked here as
/// far as this node can (open, a member of the group, a ballot of the vote's method), kept
/// as theirs, and sent to the group, whose node applies the full rule (the electorate).
pub async fn send_ballot(
    data: &FedData,
    voter: &ActorRow,
    vote_id: i64,
    input: BallotInput,
) -> AppResult<BallotReceipt> {
    let mut tx = data.db.begin().await?;
    let vote = storage::votes::vote_by_id(&mut tx, vote_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such vote"))?;
    let spec = spec_of(&vote)?;
    let choice = spec
        .choice_from(input)
        .map_err(|why| rule_broken("invalid_ballot", why))?;
    // The same rule, and the same error codes, as a ballot counted here.
    spec.check_choice(&voter.ap_id, &choice)
        .map_err(tally_error)?;
    if !is_open(&vote, now_millis()) {
        return Err(rule_broken("vote_closed", "this vote is closed"));
    }
    let ctx = load_proposal(&mut tx, vote.proposal_id).await?;
    require_member(&mut tx, &ctx.group, voter).await?;
    let ballot_id = data.urls.new_object("ballots").to_string();
    let choice_json = serde_json::to_string(&choice).map_err(anyhow::Error::from)?;
    let first =
        storage::votes::write_ballot_row(&mut tx, vote.id, voter.id, &ballot_id, &choice_json)
            .await?;
    let answer = spec
        .poll_answer(&choice)
        .unwrap_or_else(|| ctx.proposal.title.clone());
    let activity = question::ballot_activity(
        &data.urls,
        &ballot_id,
        voter,
        &vote.ap_id,
        &ctx.group,
        &answer,
        &choice,
    );
    let queued = outbox::publish(
        &mut tx,
        data,
        voter,
        activity,
        vec![ctx.group.inbox.clone()],
    )
    .await?;
    commit(data, tx, queued).await?;
    Ok(BallotReceipt {
        vote_id: vote.id,
        ballot_id,
        replaced_earlier_ballot: !first,
    })
}
