//! Meetings and agenda items from other servers: a followed group's `Create`/`Update` of its
//! meeting (the agenda collection), a member's `Create` of an item targeting one of our
//! agendas (FEP-400e), and the group's answer to one of our members' items (`Add`, or
//! `Reject` with the reason). The checks on who may say what are here; the effects are in
//! `service::remote_meetings`.

use serde_json::Value;
use url::Url;

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{
        objects::{
            meeting::{is_meeting, parse_item, parse_meeting, target_id},
            post::id_of,
        },
        resolve,
        urls::same_origin,
        FedData,
    },
    service::remote_meetings,
};

/// Whether `object` is an item proposed for one of our meetings: a `Note` whose `target` is a
/// meeting's agenda on this node.
pub fn is_item_for_us(data: &FedData, object: &Value) -> bool {
    object.get("type").and_then(Value::as_str) == Some("Note")
        && target_id(object)
            .is_some_and(|t| data.urls.is_local(&t) && t.path().starts_with("/meetings/"))
}

/// A group's `Create` or `Update` of its own meeting.
pub async fn receive_meeting(activity: Envelope, data: &FedData) -> AppResult<()> {
    debug_assert!(is_meeting(&activity.object));
    let meeting = parse_meeting(activity.object.clone())?;
    if data.urls.is_local(&meeting.ap_id) {
        return Err(AppError::forbidden(
            "a peer may not create or update our objects",
        ));
    }
    if meeting.group != *activity.actor.inner() || !same_origin(&meeting.ap_id, &meeting.group) {
        return Err(AppError::forbidden(
            "a meeting is published by its group, on the group's server",
        ));
    }
    let group = resolve::actor_by_url(data, activity.actor.inner()).await?;
    if !group.is_group() {
        return Err(AppError::forbidden("only a group publishes meetings"));
    }
    remote_meetings::keep(data, &group, meeting, activity.origin()).await
}

/// A member of another node proposes an item for one of our meetings.
pub async fn receive_item(activity: Envelope, data: &FedData) -> AppResult<()> {
    let item = parse_item(activity.object.clone())?;
    if item.author != *activity.actor.inner() {
        return Err(AppError::forbidden(
            "attributedTo must be the activity's actor",
        ));
    }
    if data.urls.is_local(&item.ap_id) {
        return Err(AppError::forbidden(
            "a peer may not create or update our objects",
        ));
    }
    if !same_origin(&item.ap_id, activity.actor.inner()) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "the item's id is not on its author's server".into(),
        ));
    }
    let target = item
        .target
        .clone()
        .ok_or_else(|| AppError::bad_request("the item has no target"))?;
    let author = resolve::actor_by_url(data, activity.actor.inner()).await?;
    remote_meetings::receive_item(data, &author, target.as_str(), item, activity.origin()).await
}

/// The item an `Add` or a `Reject` answers, when it is one of our members' agenda items.
fn answered_item(data: &FedData, activity: &Envelope) -> Option<Url> {
    let item = id_of(&activity.object)?;
    let target = activity
        .rest
        .get("target")
        .and_then(id_of)
        .or_else(|| target_id(&activity.object))?;
    (data.urls.is_local(&item)
        && item.path().starts_with("/agenda-items/")
        && !data.urls.is_local(&target))
    .then_some(item)
}

/// Whether a `Reject` (or an `Add`) answers one of our members' agenda items.
pub fn answers_item(data: &FedData, activity: &Envelope) -> bool {
    answered_item(data, activity).is_some()
}

/// The group's `Add` (accepted) or `Reject` (declined) of one of our members' items.
pub async fn receive_answer(activity: Envelope, accepted: bool, data: &FedData) -> AppResult<()> {
    let Some(item) = answered_item(data, &activity) else {
        // An Add of something else (a featured post...): nothing to do here.
        return Ok(());
    };
    let group = resolve::actor_by_url(data, activity.actor.inner()).await?;
    let reason = if accepted {
        None
    } else {
        remote_meetings::reason_of(&activity.rest)
    };
    remote_meetings::receive_answer(
        data,
        &group,
        item.as_str(),
        accepted,
        reason,
        activity.origin(),
    )
    .await
}
