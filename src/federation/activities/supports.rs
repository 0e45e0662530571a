//! `Like` of a proposal, and `Undo` of that `Like`: a support given from another server. A
//! member of the group on another Maillon node sends it to the group; a Mastodon favourite
//! or a Lemmy upvote of the proposal has the same shape, and counts when its author is a
//! member. Each goes through the one support rule of `service::supports`. A `Like` of
//! anything that is not a proposal (a comment, a vote, another server's post) is accepted
//! and ignored.

use serde_json::Value;
use url::Url;

use super::Envelope;
use crate::{
    error::{AppError, AppResult},
    federation::{objects::post::id_of, resolve, FedData},
    service, storage,
};

/// The proposal a `Like` is about, if it names one kept here. An id of ours that looks like a
/// proposal and names none is refused as an unknown proposal is on every other path.
async fn liked_proposal(data: &FedData, object: &Url) -> AppResult<Option<i64>> {
    let mut tx = data.db.read().await?;
    if let Some(proposal) = storage::processes::proposal_by_ap_id(&mut tx, object.as_str()).await? {
        return Ok(Some(proposal.id));
    }
    let proposals = data.urls.base().join("/proposals/").expect("static path");
    if object.as_str().starts_with(proposals.as_str()) && data.urls.is_local(object) {
        return Err(AppError::not_found("no such proposal"));
    }
    Ok(None)
}

pub async fn receive_like(activity: Envelope, data: &FedData) -> AppResult<()> {
    let object =
        id_of(&activity.object).ok_or_else(|| AppError::bad_request("the Like has no object"))?;
    let Some(proposal) = liked_proposal(data, &object).await? else {
        return Ok(());
    };
    let actor = resolve::actor_by_url(data, activity.actor.inner()).await?;
    service::supports::receive_support(
        data,
        &actor,
        proposal,
        true,
        Some(activity.id.as_str()),
        activity.origin(),
    )
    .await
}

/// Whether an `Undo` withdraws a `Like`: an embedded `Like`, or the id of a `Like` that gave
/// a support here.
pub async fn undoes_like(activity: &Envelope, data: &FedData) -> AppResult<bool> {
    match &activity.object {
        Value::Object(inner) => Ok(inner.get("type").and_then(Value::as_str) == Some("Like")),
        Value::String(id) => {
            let mut tx = data.db.read().await?;
            Ok(storage::processes::support_by_activity(&mut tx, id)
                .await?
                .is_some())
        }
        _ => Ok(false),
    }
}

pub async fn receive_undo(activity: Envelope, data: &FedData) -> AppResult<()> {
    let actor_url = activity.actor.inner();
    let (proposal, supporter) = match &activity.object {
        Value::Object(like) => {
            if like.get("actor").and_then(id_of).as_ref() != Some(actor_url) {
                return Err(AppError::forbidden("an actor may only undo its own Like"));
            }
            let object = like
                .get("object")
                .and_then(id_of)
                .ok_or_else(|| AppError::bad_request("the undone Like has no object"))?;
            (liked_proposal(data, &object).await?, None)
        }
        Value::String(id) => {
            let mut tx = data.db.read().await?;
            match storage::processes::support_by_activity(&mut tx, id).await? {
                Some((proposal, supporter)) => (Some(proposal), Some(supporter)),
                None => (None, None),
            }
        }
        _ => (None, None),
    };
    let Some(proposal) = proposal else {
        return Ok(());
    };
    let actor = resolve::actor_by_url(data, actor_url).await?;
    if supporter.is_some_and(|s| s != actor.id) {
        return Err(AppError::forbidden("an actor may only undo its own Like"));
    }
    service::supports::receive_support(data, &actor, proposal, false, None, activity.origin()).await
}

#[cfg(test)]
mod tests {
    use super::super::InboxActivity;
    use serde_json::json;

    #[test]
    fn mastodon_favourite_and_its_undo() {
        // As Mastodon's LikeSerializer and UndoLikeSerializer write them.
        let like: InboxActivity = serde_json::from_value(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://mastodon.example/users/mia#likes/4212",
            "type": "Like",
            "actor": "https://mastodon.example/users/mia",
            "object": "https://maillon.example/proposals/8b1f0c2e-5a61-4c38-9d6e-2f4b7a9c0d11"
        }))
        .expect("parses");
        let InboxActivity::Like(envelope) = like else {
            panic!("a Like")
        };
        assert_eq!(
            super::id_of(&envelope.object).unwrap().path(),
            "/proposals/8b1f0c2e-5a61-4c38-9d6e-2f4b7a9c0d11"
        );
        let undo: InboxActivity = serde_json::from_value(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://mastodon.example/users/mia#likes/4212/undo",
            "type": "Undo",
            "actor": "https://mastodon.example/users/mia",
            "object": {
                "id": "https://mastodon.example/users/mia#likes/4212",
                "type": "Like",
                "actor": "https://mastodon.example/users/mia",
                "object": "https://maillon.example/proposals/8b1f0c2e-5a61-4c38-9d6e-2f4b7a9c0d11"
            }
        }))
        .expect("parses");
        let InboxActivity::Undo(envelope) = undo else {
            panic!("an Undo")
        };
        assert_eq!(envelope.object["type"], "Like");
    }

    #[test]
    fn lemmy_upvote_to_a_community() {
        // Lemmy sends a vote to the community with its audience; a downvote is a Dislike,
        // which is not a support and is ignored before parsing.
        let like: InboxActivity = serde_json::from_value(json!({
            "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
            "actor": "https://lemmy.example/u/alice",
            "object": "https://maillon.example/proposals/8b1f0c2e-5a61-4c38-9d6e-2f4b7a9c0d11",
            "type": "Like",
            "id": "https://lemmy.example/activities/like/2c0b7e1a-3f4d-4a55-8d0e-1a2b3c4d5e6f",
            "audience": "https://maillon.example/groups/coop"
        }))
        .expect("parses");
        let InboxActivity::Like(envelope) = like else {
            panic!("a Like")
        };
        assert_eq!(
            envelope.actor.inner().as_str(),
            "https://lemmy.example/u/alice"
        );
        assert!(!super::super::ACCEPTED_TYPES.contains(&"Dislike"));
    }
}
