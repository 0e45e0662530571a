//! Where meetings and agenda items meet federation, on the sending side. The group publishes
//! its meeting (the agenda collection with every item and where it stands) to its followers,
//! `Create` once and `Update` at every change; a member here proposing an item for another
//! node's meeting sends its `Create` to the group there (FEP-400e: the `Note` targets the
//! agenda); the group answers a remote author with `Add` (accepted) or `Reject` (declined,
//! with the reason). Everything runs in the caller's transaction: sent if and only if written.

use serde_json::{json, Value};
use url::Url;

use crate::{
    error::AppResult,
    federation::{
        context::PUBLIC,
        objects::meeting::{item_document, meeting_document, target_of},
        outbox, FedData,
    },
    storage::{
        self,
        actors::ActorRow,
        meetings::{ItemRow, MeetingRow},
        Tx,
    },
};

fn followers_of(data: &FedData, group: &ActorRow) -> String {
    group.followers.clone().unwrap_or_else(|| {
        data.urls
            .followers_of(&Url::parse(&group.ap_id).expect("a stored actor id"))
            .to_string()
    })
}

/// Our meeting as the wire shows it (also what `GET /meetings/{uuid}` serves).
pub async fn document(
    tx: &mut Tx,
    data: &FedData,
    meeting: &MeetingRow,
    group: &ActorRow,
) -> AppResult<Value> {
    let mut items = Vec::new();
    for item in storage::meetings::items_of(tx, meeting.id).await? {
        if let Some(author) = storage::actors::by_id(tx, item.author_id).await? {
            items.push((item, author.ap_id));
        }
    }
    let page = data
        .urls
        .base()
        .join(&format!("/meeting/{}", meeting.id))
        .map_err(anyhow::Error::from)?;
    Ok(meeting_document(
        meeting,
        &group.ap_id,
        &followers_of(data, group),
        &page,
        &items,
    ))
}

/// The group publishes its meeting as it now stands (`"Create"` or `"Update"`) to its
/// followers on other servers. Returns the number of deliveries queued.
pub async fn publish(
    tx: &mut Tx,
    data: &FedData,
    meeting: &MeetingRow,
    group: &ActorRow,
    kind: &str,
) -> AppResult<usize> {
    if !meeting.local {
        return Ok(0);
    }
    let inboxes = storage::follows::remote_follower_inboxes(tx, group.id).await?;
    if inboxes.is_empty() {
        return Ok(0);
    }
    let object = document(tx, data, meeting, group).await?;
    let activity = json!({
        "id": data.urls.new_activity(kind),
        "type": kind,
        "actor": group.ap_id,
        "to": [PUBLIC],
        "cc": [followers_of(data, group)],
        "audience": group.ap_id,
        "object": object,
    });
    outbox::publish(tx, data, group, activity, inboxes).await
}

fn inbox_of(actor: &ActorRow) -> String {
    actor
        .shared_inbox
        .clone()
        .unwrap_or_else(|| actor.inbox.clone())
}

/// A member here proposes `item` for the meeting of a group on another node: its `Create`
/// goes to the group, which answers later.
pub async fn send_item(
    tx: &mut Tx,
    data: &FedData,
    item: &ItemRow,
    meeting: &MeetingRow,
    group: &ActorRow,
    member: &ActorRow,
) -> AppResult<usize> {
    let object = item_document(item, &member.ap_id, meeting, &group.ap_id);
    let activity = json!({
        "id": data.urls.new_activity("Create"),
        "type": "Create",
        "actor": member.ap_id,
        "to": [group.ap_id, PUBLIC],
        "audience": group.ap_id,
        "object": object,
    });
    outbox::publish(tx, data, member, activity, vec![inbox_of(group)]).await
}

/// The group tells the author of an item, on another node, the body's answer: `Add` to the
/// agenda (FEP-400e) or `Reject` with the reason.
pub async fn send_answer(
    tx: &mut Tx,
    data: &FedData,
    item: &ItemRow,
    meeting: &MeetingRow,
    group: &ActorRow,
) -> AppResult<usize> {
    let Some(author) = storage::actors::by_id(tx, item.author_id).await? else {
        return Ok(0);
    };
    if author.local {
        return Ok(0);
    }
    let target = target_of(&meeting.ap_id, &group.ap_id);
    let activity = if item.state == "accepted" {
        json!({
            "id": data.urls.new_activity("Add"),
            "type": "Add",
            "actor": group.ap_id,
            "to": [author.ap_id],
            "object": item.ap_id,
            "target": target,
        })
    } else {
        json!({
            "id": data.urls.new_activity("Reject"),
            "type": "Reject",
            "actor": group.ap_id,
            "to": [author.ap_id],
            "object": {"type": "Note", "id": item.ap_id, "target": target},
            "content": item.reason.clone().unwrap_or_default(),
        })
    };
    outbox::publish(tx, data, group, activity, vec![inbox_of(&author)]).await
}
