//! `Create`, `Update` and `Delete` of discussion posts sent by a member to one of our groups.

use activitypub_federation::fetch::object_id::ObjectId;
use serde_json::Value;

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{
        objects::{
            actor::ApActor,
            participation,
            post::{id_of, PostJson, ReceivedPost},
            question,
        },
        resolve,
        urls::same_origin,
        FedData,
    },
    service::{
        posts::{self, Change},
        remote_competences, remote_profiles,
    },
    storage::{self, actors::ActorRow},
};

/// The local group a received post is for: its `audience`, a local group it is addressed to,
/// or the group of the post it answers.
async fn target_group(data: &FedData, post: &ReceivedPost) -> AppResult<Option<ActorRow>> {
    let mut tx = data.db.read().await?;
    let candidates = post
        .audience
        .iter()
        .map(|u| u.to_string())
        .chain(post.addressed.iter().cloned());
    for candidate in candidates {
        if !data.urls.is_local_str(&candidate) {
            continue;
        }
        if let Some(actor) = storage::actors::by_ap_id(&mut tx, &candidate).await? {
            if actor.is_group() && actor.deleted_at.is_none() {
                return Ok(Some(actor));
            }
        }
    }
    if let Some(parent) = &post.in_reply_to {
        if let Some(parent) = storage::posts::by_ap_id(&mut tx, parent.as_str()).await? {
            if let Some(group_id) = parent.group_id {
                return Ok(storage::actors::by_id(&mut tx, group_id)
                    .await?
                    .filter(|g| g.local));
            }
        }
    }
    Ok(None)
}

pub async fn receive_create_or_update(
    activity: Envelope,
    is_update: bool,
    data: &FedData,
) -> AppResult<()> {
    let kind = activity
        .object
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if is_update && id_of(&activity.object).as_ref() == Some(activity.actor.inner()) {
        // An actor updated its own profile: fetch it again from its origin rather than trust
        // the embedded copy.
        ObjectId::<ApActor>::from(activity.actor.inner().clone())
            .dereference_forced(data)
            .await?;
        return Ok(());
    }
    if remote_profiles::is_profile(&activity.object) {
        let actor = resolve::actor_by_url(data, activity.actor.inner()).await?;
        return remote_profiles::receive_update(data, &actor, &activity.object, activity.origin())
            .await;
    }
    if is_update && super::proposal_status::is_group_update(&activity) {
        return super::proposal_status::receive(activity, data).await;
    }
    if participation::is_amendment(&activity.object) {
        return super::amendments::receive(activity, is_update, data).await;
    }
    if question::is_vote_document(&activity.object) {
        return super::vote_documents::receive(activity, data).await;
    }
    if !is_update {
        if let Some(vote) = super::ballots::answered_vote(data, &activity.object).await? {
            return super::ballots::receive_ballot(activity, vote, data).await;
        }
    }
    if super::event_documents::is_event(&activity.object) {
        return super::event_documents::receive(activity, data).await;
    }
    if crate::federation::objects::meeting::is_meeting(&activity.object) {
        return super::agenda::receive_meeting(activity, data).await;
    }
    if !is_update && super::agenda::is_item_for_us(data, &activity.object) {
        return super::agenda::receive_item(activity, data).await;
    }
    if !PostJson::is_supported_type(kind) {
        // Polls, videos... are not discussion posts (yet): accepted and ignored.
        return Ok(());
    }
    let json: PostJson = serde_json::from_value(activity.object.clone())
        .map_err(|e| AppError::BadRequest("malformed_object", format!("malformed post: {e}")))?;
    let post = json.into_received()?;
    if post.author != *activity.actor.inner() {
        return Err(AppError::forbidden(
            "attributedTo must be the activity's actor",
        ));
    }
    if data.urls.is_local(&post.ap_id) {
        return Err(AppError::forbidden(
            "a peer may not create or update our objects",
        ));
    }
    if !same_origin(&post.ap_id, activity.actor.inner()) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "the post's id is not on its author's server".into(),
        ));
    }
    let Some(group) = target_group(data, &post).await? else {
        if post.competence.is_some() {
            if let Some(group) = &post.audience {
                // A need sent to members here whose offers match it.
                let author = resolve::actor_by_url(data, activity.actor.inner()).await?;
                let group = resolve::actor_by_url(data, group).await?;
                return remote_competences::receive_addressed(
                    data,
                    &author,
                    &group,
                    post,
                    activity.origin(),
                )
                .await;
            }
        }
        // Not for one of our groups (a reply to a member, say): nothing to do here.
        return Ok(());
    };
    let author = resolve::actor_by_url(data, activity.actor.inner()).await?;
    let change = if is_update {
        Change::Update
    } else {
        Change::Create
    };
    let kind = if is_update { "Update" } else { "Create" };
    let json = activity.to_json(kind);
    posts::receive_group_post(data, &author, &group, change, post, json, activity.origin()).await
}

pub async fn receive_delete(activity: Envelope, data: &FedData) -> AppResult<()> {
    let object_id =
        id_of(&activity.object).ok_or_else(|| AppError::bad_request("the Delete has no object"))?;
    if object_id == *activity.actor.inner() {
        // An account deleted itself.
        let actor = resolve::actor_by_url(data, activity.actor.inner()).await;
        if let Ok(actor) = actor {
            crate::service::membership::receive_actor_deleted(data, &actor, activity.origin())
                .await?;
        }
        return Ok(());
    }
    if data.urls.is_local(&object_id) {
        return Err(AppError::forbidden("a peer may not delete our objects"));
    }
    if !same_origin(&object_id, activity.actor.inner()) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "an actor may only delete objects of its own server".into(),
        ));
    }
    if object_id.as_str() == remote_profiles::profile_id(activity.actor.inner().as_str()) {
        let actor = resolve::actor_by_url(data, activity.actor.inner()).await?;
        return remote_profiles::receive_delete(data, &actor, activity.origin()).await;
    }
    if super::event_documents::is_known_event(data, &object_id).await? {
        return super::event_documents::receive_delete(activity, &object_id, data).await;
    }
    let actor = resolve::actor_by_url(data, activity.actor.inner()).await?;
    let json = activity.to_json("Delete");
    posts::receive_delete(data, &actor, object_id.as_str(), json, activity.origin()).await
}
