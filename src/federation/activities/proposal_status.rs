//! A group's own `Update` of a proposal that was written on another server: the group's node
//! decides it, and this is its word on the proposal's state and supports count. Nothing else
//! in it is read: the text is its author's, and reaches us with the author's activities.

use serde_json::Value;

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{
        objects::post::{id_of, PostJson},
        resolve, FedData,
    },
    service,
};

/// Whether an `Update` is a group speaking of someone else's proposal (rather than an author
/// updating their own post).
pub fn is_group_update(activity: &Envelope) -> bool {
    let object = &activity.object;
    object.get("maillon:process").is_some()
        && object.get("type").and_then(Value::as_str) == Some("Page")
        && object
            .get("attributedTo")
            .and_then(id_of)
            .is_some_and(|author| author != *activity.actor.inner())
}

pub async fn receive(activity: Envelope, data: &FedData) -> AppResult<()> {
    let group = resolve::actor_by_url(data, activity.actor.inner()).await?;
    if !group.is_group() || group.local {
        return Err(AppError::forbidden(
            "only a group speaks for the proposals of its processes",
        ));
    }
    let json: PostJson = serde_json::from_value(activity.object.clone())
        .map_err(|e| AppError::BadRequest("malformed_object", format!("malformed page: {e}")))?;
    let post = json.into_received()?;
    let proposal = post
        .proposal
        .ok_or_else(|| AppError::bad_request("the page is not a proposal"))?;
    if proposal.process.group.as_str() != group.ap_id {
        return Err(AppError::forbidden(
            "a group speaks for the proposals of its own processes",
        ));
    }
    service::remote_proposals::receive_status(
        data,
        &group,
        post.ap_id.as_str(),
        proposal.state,
        proposal.supports,
        activity.origin(),
    )
    .await
}
