//! The decision record of a closed local vote: gathered from the rows the tally counted (the
//! frozen electorate and the ballots table, which no ballot changes once the vote is closed),
//! served at the vote's id + `/decision`, and sent as `Create` to the group's followers in the
//! transaction that closes the vote.

use serde_json::Value;

use super::votes::{outcome_of, spec_of, tally_inputs};
use crate::{
    domain::vote::{
        record::{CountedBallot, DecisionRecord},
        spec::Choice,
    },
    error::{AppError, AppResult},
    federation::{
        objects::{decision, question},
        outbox, FedData,
    },
    storage::{self, actors::ActorRow, votes::VoteRow, Tx},
};

fn rfc3339(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

/// The decision `Note` of a closed local vote, with its group and its record; `None` while
/// the vote is open (or for a vote counted elsewhere).
pub async fn document(
    tx: &mut Tx,
    data: &FedData,
    vote: &VoteRow,
) -> AppResult<Option<(Value, ActorRow, DecisionRecord)>> {
    if !vote.local || vote.closed_at.is_none() {
        return Ok(None);
    }
    let Some(outcome) = outcome_of(vote)? else {
        return Ok(None);
    };
    let spec = spec_of(vote)?;
    let ctx = super::processes::load_proposal(tx, vote.proposal_id).await?;
    let (electorate, _, rows) = tally_inputs(tx, vote).await?;
    let mut ballots = Vec::with_capacity(rows.len());
    for row in rows {
        let choice: Choice = serde_json::from_str(&row.choice)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored ballot unreadable: {e}")))?;
        ballots.push(CountedBallot {
            voter: row.voter_ap_id,
            ballot_id: row.ap_id,
            choice,
            cast_at: rfc3339(row.cast_at),
        });
    }
    let record = DecisionRecord::new(
        &vote.ap_id,
        &spec,
        &electorate,
        ballots,
        ctx.process.public_choices,
        &outcome,
    );
    let doc = decision::document(
        &data.urls,
        vote,
        &ctx.group,
        &ctx.proposal.title,
        &spec,
        &outcome,
        &record,
    );
    Ok(Some((doc, ctx.group, record)))
}

/// Queues `Create` of the decision to the servers of the group's remote followers; `vote` is
/// the closed vote read in this transaction. Returns the number of deliveries queued.
pub async fn publish(tx: &mut Tx, data: &FedData, vote: &VoteRow) -> AppResult<usize> {
    let Some((doc, group, record)) = document(tx, data, vote).await? else {
        return Ok(0);
    };
    let recount = record.recount();
    if !recount.matches() {
        // The record is what was counted; a recount that differs is a bug to look at.
        tracing::error!(vote = %vote.ap_id, problems = ?recount.problems,
            differences = ?recount.differences, "the decision record does not recount");
    }
    let inboxes = storage::follows::remote_follower_inboxes(tx, group.id).await?;
    let activity = question::activity(&data.urls, "Create", &group, doc);
    outbox::publish(tx, data, &group, activity, inboxes).await
}
