//! `Follow`, `Accept`, `Reject` and `Undo(Follow)`: membership across nodes.

use serde_json::Value;

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{objects::post::id_of, resolve, FedData},
    service::membership,
    storage,
};

/// A peer's actor follows one of ours (joins one of our groups).
pub async fn receive_follow(activity: Envelope, data: &FedData) -> AppResult<()> {
    let target_id =
        id_of(&activity.object).ok_or_else(|| AppError::bad_request("the Follow has no object"))?;
    if !data.urls.is_local(&target_id) {
        return Err(AppError::bad_request(
            "the Follow is for an actor of another server",
        ));
    }
    let target = {
        let mut tx = data.db.read().await?;
        storage::actors::by_ap_id(&mut tx, target_id.as_str())
            .await?
            .filter(|a| a.deleted_at.is_none())
            .ok_or_else(|| AppError::not_found("no such actor here"))?
    };
    let follower = resolve::actor_by_url(data, activity.actor.inner()).await?;
    membership::receive_follow(
        data,
        &follower,
        &target,
        activity.id.as_str(),
        activity.origin(),
    )
    .await
}

/// A remote group answers a follow one of our members sent.
pub async fn receive_answer(activity: Envelope, accepted: bool, data: &FedData) -> AppResult<()> {
    let answerer = resolve::actor_by_url(data, activity.actor.inner()).await?;
    let follow_id = id_of(&activity.object).map(|u| u.to_string());
    let follower = activity
        .object
        .get("actor")
        .and_then(id_of)
        .map(|u| u.to_string());
    if let Some(followed) = activity.object.get("object").and_then(id_of) {
        if followed.as_str() != answerer.ap_id {
            return Err(AppError::forbidden(
                "an actor may only answer follows of itself",
            ));
        }
    }
    membership::receive_answer(
        data,
        &answerer,
        follow_id.as_deref(),
        follower.as_deref(),
        accepted,
        activity.origin(),
    )
    .await
}

/// `Undo`: of a `Follow`, or of a `Join` (leaving an event); undoing anything else is ignored.
pub async fn receive_undo(activity: Envelope, data: &FedData) -> AppResult<()> {
    if super::event_participation::receive_undo_join(&activity, data).await? {
        return Ok(());
    }
    let inner = &activity.object;
    let inner_type = inner.get("type").and_then(Value::as_str);
    let follow = match (inner, inner_type) {
        (Value::Object(_), Some("Follow")) => {
            let inner_actor = inner.get("actor").and_then(id_of);
            if inner_actor.as_ref() != Some(activity.actor.inner()) {
                return Err(AppError::forbidden("an actor may only undo its own follow"));
            }
            let target = inner
                .get("object")
                .and_then(id_of)
                .ok_or_else(|| AppError::bad_request("the undone Follow has no object"))?;
            Some(target)
        }
        (Value::String(id), _) => {
            // Only the Follow's id: find which follow it was.
            let mut tx = data.db.read().await?;
            match storage::follows::by_activity(&mut tx, id).await? {
                Some(f) => storage::actors::by_id(&mut tx, f.followed_id)
                    .await?
                    .and_then(|a| url::Url::parse(&a.ap_id).ok()),
                None => None,
            }
        }
        _ => None,
    };
    let Some(target_id) = follow.filter(|t| data.urls.is_local(t)) else {
        return Ok(());
    };
    let target = {
        let mut tx = data.db.read().await?;
        storage::actors::by_ap_id(&mut tx, target_id.as_str()).await?
    };
    let Some(target) = target else {
        return Ok(());
    };
    let follower = resolve::actor_by_url(data, activity.actor.inner()).await?;
    membership::receive_unfollow(data, &follower, &target, activity.origin()).await
}
