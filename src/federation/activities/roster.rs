//! `Add` and `Remove` of a person to a group's followers: a member group's node attests to a
//! network (on this node) who its members are, so the network's votes count them. The checks
//! (the actor is a group, the target is its own followers, the object a person) are here; the
//! effect is in `service::networks`.

use serde_json::Value;

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{objects::post::id_of, resolve, FedData},
    service::networks,
    storage,
};

/// Whether an `Add`/`Remove` is about the actor's own followers (a roster change), by its
/// shape alone: `target` is `{actor}/followers`. The handler checks it against the actor.
pub fn is_roster_change(activity: &Envelope) -> bool {
    let followers = format!("{}/followers", activity.actor.inner());
    activity
        .rest
        .get("target")
        .and_then(id_of)
        .is_some_and(|t| t.as_str() == followers)
        && matches!(activity.object, Value::String(_))
}

/// A member group's node says a person joined (`added`) or left the group.
pub async fn receive(activity: Envelope, added: bool, data: &FedData) -> AppResult<()> {
    let group = resolve::actor_by_url(data, activity.actor.inner()).await?;
    let target = activity.rest.get("target").and_then(id_of);
    if !group.is_group() || target.as_ref().map(|t| t.as_str()) != group.followers.as_deref() {
        return Err(AppError::forbidden(
            "only a group attests its own members, with its followers as the target",
        ));
    }
    let person_id = id_of(&activity.object)
        .ok_or_else(|| AppError::bad_request("the roster change names no person"))?;
    let person = if added {
        Some(resolve::actor_by_url(data, &person_id).await?)
    } else {
        // Someone who left need not be fetched: if we never knew them, nothing changes.
        let mut tx = data.db.read().await?;
        storage::actors::by_ap_id(&mut tx, person_id.as_str()).await?
    };
    let Some(person) = person else {
        return Ok(());
    };
    if person.kind != "person" {
        return Err(AppError::Unprocessable(
            "not_a_person",
            "a group's roster lists people".into(),
        ));
    }
    networks::receive_roster_change(data, &group, &person, added, activity.origin()).await
}
