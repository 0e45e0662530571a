//! Amendments across nodes: `Create` of a `Note` with `maillon:amends` from a member of one of
//! our groups who lives on another node, and the `Accept` or `Reject` by which the author of a
//! proposal decided on another node answers our member's amendment.

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{
        objects::{participation::AmendmentJson, post::id_of},
        resolve, FedData,
    },
    service,
};

/// `Create` of an amendment (an `Update` of one changes nothing: a new text is a new
/// amendment).
pub async fn receive(activity: Envelope, is_update: bool, data: &FedData) -> AppResult<()> {
    if is_update {
        return Ok(());
    }
    let json: AmendmentJson = serde_json::from_value(activity.object.clone()).map_err(|e| {
        AppError::BadRequest("malformed_object", format!("malformed amendment: {e}"))
    })?;
    let amendment = json.into_received(activity.actor.inner())?;
    if data.urls.is_local(&amendment.ap_id) {
        return Err(AppError::forbidden(
            "a peer may not create or update our objects",
        ));
    }
    let author = resolve::actor_by_url(data, activity.actor.inner()).await?;
    service::amendments::receive_amendment(data, &author, amendment, activity.origin()).await
}

/// `Accept` or `Reject` of one of our members' amendments.
pub async fn receive_answer(activity: Envelope, accepted: bool, data: &FedData) -> AppResult<()> {
    let amendment = id_of(&activity.object)
        .ok_or_else(|| AppError::bad_request("the answer names no amendment"))?;
    if !data.urls.is_local(&amendment) {
        // Not one of ours: nothing to answer here.
        return Ok(());
    }
    let actor = resolve::actor_by_url(data, activity.actor.inner()).await?;
    service::amendments::receive_answer(
        data,
        &actor,
        amendment.as_str(),
        accepted,
        activity.origin(),
    )
    .await
}
