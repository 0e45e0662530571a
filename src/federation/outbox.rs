//! Outgoing activities: their JSON, and [`publish`], which stores one and queues its
//! deliveries inside the caller's transaction (so the change and its announcement commit or
//! vanish together). The delivery workers send them later.

use serde_json::{json, Value};
use url::Url;

use super::{
    context::{is_public, with_context, PUBLIC},
    objects::post::PostJson,
    urls::Urls,
};
use crate::{
    app::AppState,
    error::AppResult,
    storage::{self, actors::ActorRow, deliveries::inbox_domain, Tx},
};

/// Stores `activity` as published by `actor` and queues it for each remote inbox (deduplicated,
/// without our own inboxes and blocked domains). Returns the number of deliveries queued.
pub async fn publish(
    tx: &mut Tx,
    state: &AppState,
    actor: &ActorRow,
    activity: Value,
    inboxes: Vec<String>,
) -> AppResult<usize> {
    let ap_id = activity["id"].as_str().unwrap_or_default().to_string();
    let kind = activity["type"].as_str().unwrap_or_default().to_string();
    let public = ["to", "cc"].iter().any(|field| {
        activity[field]
            .as_array()
            .is_some_and(|list| list.iter().any(|a| a.as_str().is_some_and(is_public)))
    });
    let body = with_context(activity).to_string();
    let row = storage::activities::insert(tx, &ap_id, actor.id, &kind, &body, public).await?;

    let mut targets: Vec<String> = Vec::new();
    for inbox in inboxes {
        if state.urls.is_local_str(&inbox) || targets.contains(&inbox) {
            continue;
        }
        let Some(domain) = inbox_domain(&inbox) else {
            continue;
        };
        if storage::servers::is_blocked(tx, &domain).await? {
            continue;
        }
        targets.push(inbox);
    }
    Ok(storage::deliveries::enqueue(tx, row.id, &targets).await?)
}

pub fn follow(urls: &Urls, follower: &ActorRow, followed: &ActorRow) -> Value {
    json!({
        "id": urls.new_activity("Follow"),
        "type": "Follow",
        "actor": follower.ap_id,
        "object": followed.ap_id,
        "to": [followed.ap_id],
    })
}

/// The Follow as embedded in an Accept, Reject or Undo.
fn embedded_follow(follow_id: &str, follower_ap_id: &str, followed_ap_id: &str) -> Value {
    json!({
        "id": follow_id,
        "type": "Follow",
        "actor": follower_ap_id,
        "object": followed_ap_id,
    })
}

/// `Accept` or `Reject` of a follow, sent by the followed actor (the group).
pub fn answer_follow(
    urls: &Urls,
    kind: &str,
    followed: &ActorRow,
    follower_ap_id: &str,
    follow_id: &str,
) -> Value {
    json!({
        "id": urls.new_activity(kind),
        "type": kind,
        "actor": followed.ap_id,
        "object": embedded_follow(follow_id, follower_ap_id, &followed.ap_id),
        "to": [follower_ap_id],
    })
}

pub fn undo_follow(
    urls: &Urls,
    follower: &ActorRow,
    followed: &ActorRow,
    follow_id: &str,
) -> Value {
    json!({
        "id": urls.new_activity("Undo"),
        "type": "Undo",
        "actor": follower.ap_id,
        "object": embedded_follow(follow_id, &follower.ap_id, &followed.ap_id),
        "to": [followed.ap_id],
    })
}

/// `Create` or `Update` of a post, by its author, with the post's own addressing.
pub fn create_or_update(urls: &Urls, kind: &str, author: &ActorRow, post: &PostJson) -> Value {
    let mut activity = json!({
        "id": urls.new_activity(kind),
        "type": kind,
        "actor": author.ap_id,
        "to": post.to,
        "cc": post.cc,
        "object": post,
    });
    if let Some(audience) = &post.audience {
        activity["audience"] = json!(audience);
    }
    activity
}

/// `Delete` of a post by its author; the object is the post's id, as Lemmy and Mastodon accept.
pub fn delete_post(
    urls: &Urls,
    author: &ActorRow,
    post_ap_id: &str,
    group: Option<&ActorRow>,
) -> Value {
    let mut activity = json!({
        "id": urls.new_activity("Delete"),
        "type": "Delete",
        "actor": author.ap_id,
        "object": post_ap_id,
        "to": [PUBLIC],
        "cc": group.map(|g| vec![g.ap_id.clone()]).unwrap_or_default(),
    });
    if let Some(group) = group {
        activity["audience"] = json!(group.ap_id);
    }
    activity
}

/// `Update` of a member's own actor document (new name or bio).
pub fn update_actor(urls: &Urls, actor: &ActorRow, document: Value) -> Value {
    json!({
        "id": urls.new_activity("Update"),
        "type": "Update",
        "actor": actor.ap_id,
        "object": document,
        "to": [PUBLIC],
    })
}

/// `Delete` of a member's own actor (the account was deleted).
pub fn delete_actor(urls: &Urls, actor: &ActorRow) -> Value {
    json!({
        "id": urls.new_activity("Delete"),
        "type": "Delete",
        "actor": actor.ap_id,
        "object": actor.ap_id,
        "to": [PUBLIC],
    })
}

/// The group relays a member's activity to its followers (FEP-1b12).
pub fn announce(urls: &Urls, group: &ActorRow, inner: Value) -> Value {
    let mut inner = inner;
    if let Value::Object(fields) = &mut inner {
        // The embedded activity is data, not a document: no context, no signature.
        fields.remove("@context");
        fields.remove("signature");
    }
    let followers = group.followers.clone().unwrap_or_else(|| {
        urls.followers_of(&Url::parse(&group.ap_id).expect("id"))
            .to_string()
    });
    json!({
        "id": urls.new_activity("Announce"),
        "type": "Announce",
        "actor": group.ap_id,
        "object": inner,
        "to": [PUBLIC],
        "cc": [followers],
        "audience": group.ap_id,
    })
}

/// `Add` or `Remove` of a person to a member group's followers, sent to a network the group
/// belongs to: the group's node attests who its members are, so the network counts them.
pub fn roster_change(
    urls: &Urls,
    kind: &str,
    group: &ActorRow,
    person_ap_id: &str,
    network: &ActorRow,
) -> Value {
    let followers = group.followers.clone().unwrap_or_else(|| {
        urls.followers_of(&Url::parse(&group.ap_id).expect("id"))
            .to_string()
    });
    json!({
        "id": urls.new_activity(kind),
        "type": kind,
        "actor": group.ap_id,
        "object": person_ap_id,
        "target": followers,
        "to": [network.ap_id],
    })
}
