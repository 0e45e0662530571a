//! What a group published before we followed it: when a remote group accepts a follow from
//! this node's instance actor (an aggregator) or one of its groups (a network following an
//! antenna back), its outbox (its latest public activities) is read once and each of its own
//! activities is handled as if it had just been delivered. So an aggregator set up on an
//! existing network starts with each group's recent content, not empty. A person joining does
//! not trigger it: each old post would be news to them.
//!
//! Runs in a task of its own after the acceptance is committed: a failure (the group's server
//! slow or down) only leaves the copy without the past, which later deliveries do not need.
//! The same activity delivered later is recognised by its id and changes nothing.

use activitypub_federation::fetch::fetch_object_http;
use serde_json::Value;
use url::Url;

use super::{
    activities::{announce, posts, Envelope},
    urls::same_origin,
    FedData,
};
use crate::{
    app::AppState,
    error::{AppError, AppResult},
    storage::actors::ActorRow,
};

/// The most activities read from an outbox (it serves its latest twenty).
const MAX_ITEMS: usize = 50;

/// Reads `group`'s outbox in the background.
pub fn spawn(data: &FedData, group: ActorRow) {
    let data = data.reset_request_count();
    tokio::spawn(async move {
        match backfill(&data, &group).await {
            Ok(kept) => tracing::info!(group = %group.ap_id, activities = kept, "outbox read"),
            Err(err) => tracing::info!(group = %group.ap_id, error = %err, "outbox not read"),
        }
    });
}

/// Handles each of the group's own activities in its outbox, oldest first; returns how many
/// were handled without error.
async fn backfill(data: &FedData, group: &ActorRow) -> AppResult<usize> {
    let group_url =
        Url::parse(&group.ap_id).map_err(|_| AppError::bad_request("invalid group id"))?;
    let Some(outbox) = group.outbox.as_deref().and_then(|o| Url::parse(o).ok()) else {
        return Ok(0);
    };
    if !same_origin(&outbox, &group_url) {
        return Err(AppError::bad_request(
            "the group's outbox is on another server",
        ));
    }
    let collection = fetch_object_http::<AppState, Value>(&outbox, data)
        .await?
        .object;
    let items = collection
        .get("orderedItems")
        .or_else(|| collection.get("items"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut kept = 0;
    // Outboxes list the newest first: replay in the order they happened.
    for item in items.into_iter().take(MAX_ITEMS).rev() {
        let kind = item
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Ok(activity) = serde_json::from_value::<Envelope>(item) else {
            continue;
        };
        // Only what the group itself did, with an id on its server: the outbox came from
        // there, as a signed delivery would.
        if activity.actor.inner() != &group_url || !same_origin(&activity.id, &group_url) {
            continue;
        }
        let handled = match kind.as_str() {
            "Announce" => announce::receive_announce(activity, data).await,
            "Create" => posts::receive_create_or_update(activity, false, data).await,
            "Update" => posts::receive_create_or_update(activity, true, data).await,
            _ => continue,
        };
        match handled {
            Ok(()) => kept += 1,
            Err(err) => tracing::info!(group = %group.ap_id, error = %err, "outbox item skipped"),
        }
    }
    Ok(kept)
}
