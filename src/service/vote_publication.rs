//! Where votes meet federation: the document of a vote as other servers see it, and the
//! `Create` / `Update` the group sends its followers when a vote opens and closes, queued in
//! the same transaction as the change.

use serde_json::Value;

use super::votes::{outcome_of, spec_of};
use crate::{
    domain::vote::spec::Choice,
    error::AppResult,
    federation::{
        objects::question::{self, QuestionParts},
        outbox, FedData,
    },
    storage::{self, actors::ActorRow, votes::VoteRow, Tx},
};

/// The `Question` (or `Page`) of a local vote, with its group.
pub async fn document(tx: &mut Tx, data: &FedData, vote: &VoteRow) -> AppResult<(Value, ActorRow)> {
    let ctx = super::processes::load_proposal(tx, vote.proposal_id).await?;
    let spec = spec_of(vote)?;
    let outcome = outcome_of(vote)?;
    let counts = if ctx.process.results_hidden && vote.closed_at.is_none() {
        None
    } else {
        let rows = storage::votes::ballots(tx, vote.id).await?;
        let choices: Vec<Choice> = rows
            .iter()
            .filter_map(|r| serde_json::from_str(&r.choice).ok())
            .collect();
        Some((spec.poll_counts(&choices), rows.len() as i64))
    };
    let doc = question::document(
        &data.urls,
        &QuestionParts {
            vote,
            spec: &spec,
            proposal: &ctx.proposal,
            process: &ctx.process,
            group: &ctx.group,
            counts,
            outcome: outcome.as_ref(),
        },
    );
    Ok((doc, ctx.group))
}

/// Queues `kind` (`Create` or `Update`) of the vote to the servers of the group's remote
/// followers; `vote` must be read in this transaction, after the change. Returns the number of deliveries queued.
pub async fn announce_vote(
    tx: &mut Tx,
    data: &FedData,
    vote: &VoteRow,
    kind: &str,
) -> AppResult<usize> {
    let (doc, group) = document(tx, data, vote).await?;
    let inboxes = storage::follows::remote_follower_inboxes(tx, group.id).await?;
    let activity = question::activity(&data.urls, kind, &group, doc);
    outbox::publish(tx, data, &group, activity, inboxes).await
}
