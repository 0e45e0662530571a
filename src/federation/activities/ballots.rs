//! Ballots from other servers: a poll answer `Create(Note{name, inReplyTo: question})` as
//! Mastodon sends it, or the same note carrying a full Maillon ballot in `maillon:choice`
//! (grades, rankings, objections with their reason). Both go through the one ballot rule of
//! `service::votes::cast_ballot`; only the vote's own node counts.

use serde_json::Value;
use url::Url;

use super::Envelope;
use crate::{
    domain::vote::spec::Choice,
    error::{AppError, AppResult},
    federation::{resolve, urls::same_origin, FedData},
    service,
    storage::{self, votes::VoteRow},
};

/// The local vote a created object answers, if it is a poll answer to one of ours.
pub async fn answered_vote(data: &FedData, object: &Value) -> AppResult<Option<VoteRow>> {
    if object.get("type").and_then(Value::as_str) != Some("Note") || object.get("name").is_none() {
        return Ok(None);
    }
    let Some(target) = object.get("inReplyTo").and_then(Value::as_str) else {
        return Ok(None);
    };
    if !data.urls.is_local_str(target) {
        return Ok(None);
    }
    let mut tx = data.db.read().await?;
    Ok(storage::votes::vote_by_ap_id(&mut tx, target).await?)
}

pub async fn receive_ballot(activity: Envelope, vote: VoteRow, data: &FedData) -> AppResult<()> {
    let note = &activity.object;
    let actor = activity.actor.inner();
    let author = note
        .get("attributedTo")
        .and_then(Value::as_str)
        .and_then(|a| Url::parse(a).ok());
    if author.as_ref() != Some(actor) {
        return Err(AppError::forbidden(
            "a ballot's attributedTo must be the activity's actor",
        ));
    }
    let ballot_id = note
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| Url::parse(id).ok())
        .ok_or_else(|| AppError::bad_request("the ballot has no id"))?;
    if !same_origin(&ballot_id, actor) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "the ballot's id is not on its voter's server".into(),
        ));
    }
    let voter = resolve::actor_by_url(data, actor).await?;
    let spec = service::votes::spec_of(&vote)?;
    let choice = match note.get("maillon:choice") {
        Some(full) => serde_json::from_value::<Choice>(full.clone()).map_err(|e| {
            AppError::BadRequest(
                "invalid_ballot",
                format!("maillon:choice is malformed: {e}"),
            )
        })?,
        None => {
            let name = note.get("name").and_then(Value::as_str).unwrap_or_default();
            let current = {
                let mut tx = data.db.read().await?;
                storage::votes::ballot_of(&mut tx, vote.id, voter.id).await?
            };
            let current: Option<Choice> =
                current.and_then(|b| serde_json::from_str(&b.choice).ok());
            spec.choice_from_poll_answer(name, current.as_ref())
                .ok_or_else(|| {
                    AppError::Unprocessable(
                        "unknown_option",
                        format!("{name:?} is not an answer of this vote"),
                    )
                })?
        }
    };
    service::votes::cast_ballot(
        data,
        &voter,
        vote.id,
        choice,
        activity.origin(),
        Some(ballot_id.as_str()),
    )
    .await?;
    Ok(())
}
