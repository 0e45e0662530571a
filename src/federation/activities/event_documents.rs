//! `Event` objects from other servers: sent directly (`Create`/`Update` by the organizer, or
//! the private copy for participants), relayed by a group we follow (`Announce`), or deleted.
//! We keep copies of the events of actors someone here follows, so members find them and
//! register from here.

use activitypub_federation::fetch::fetch_object_http;
use serde_json::Value;
use url::Url;

use super::{origin_of, Envelope};
use crate::{
    app::AppState,
    error::{AppError, AppResult},
    federation::{
        objects::{
            event::{EventJson, ReceivedEvent},
            post::id_of,
        },
        resolve,
        urls::same_origin,
        FedData,
    },
    service::{remote_events, Origin},
    storage::{self, actors::ActorRow},
};

pub fn is_event(object: &Value) -> bool {
    object.get("type").and_then(Value::as_str) == Some("Event")
}

fn parse(object: Value) -> AppResult<ReceivedEvent> {
    serde_json::from_value::<EventJson>(object)
        .map_err(|e| AppError::BadRequest("malformed_object", format!("malformed event: {e}")))?
        .into_received()
}

/// The event's organizer, who must live on the event's server.
async fn owner_of(data: &FedData, event: &ReceivedEvent) -> AppResult<ActorRow> {
    if data.urls.is_local(&event.ap_id) {
        return Err(AppError::forbidden(
            "a peer may not create or update our objects",
        ));
    }
    if !same_origin(&event.owner, &event.ap_id) {
        return Err(AppError::forbidden(
            "an event's organizer must live on the event's server",
        ));
    }
    resolve::actor_by_url(data, &event.owner).await
}

/// `Create` or `Update` of an event, sent by an actor of the event's server.
pub async fn receive(activity: Envelope, data: &FedData) -> AppResult<()> {
    let event = parse(activity.object.clone())?;
    if !same_origin(&event.ap_id, activity.actor.inner()) {
        return Err(AppError::BadRequest(
            "wrong_origin",
            "the event's id is not on the sender's server".into(),
        ));
    }
    let owner = owner_of(data, &event).await?;
    remote_events::keep(data, &owner, None, event, activity.origin()).await
}

/// A group we follow relays an event (its own, or one of a member). An embedded copy is
/// trusted only when the group's server is the event's; otherwise it is fetched from there.
pub async fn receive_announced(
    data: &FedData,
    group: &ActorRow,
    url: &Url,
    embedded: Option<Value>,
    origin: Origin<'_>,
) -> AppResult<()> {
    if data.urls.is_local(url) {
        return Ok(());
    }
    let group_origin = Url::parse(&group.ap_id).ok().as_ref().and_then(origin_of);
    let object = match embedded {
        Some(object) if origin_of(url) == group_origin => object,
        _ => {
            let fetched = fetch_object_http::<AppState, Value>(url, data).await?;
            fetched.object
        }
    };
    if id_of(&object).as_ref() != Some(url) {
        return Err(AppError::forbidden(
            "the fetched event is not the one announced",
        ));
    }
    let event = parse(object)?;
    let owner = owner_of(data, &event).await?;
    remote_events::keep(data, &owner, Some(group), event, origin).await
}

/// Whether `object_id` is the copy of a peer's event (for `Delete`).
pub async fn is_known_event(data: &FedData, object_id: &Url) -> AppResult<bool> {
    let mut tx = data.db.read().await?;
    Ok(storage::events::event_by_ap_id(&mut tx, object_id.as_str())
        .await?
        .is_some_and(|e| !e.local))
}

/// `Delete` of an event by an actor of its server.
pub async fn receive_delete(activity: Envelope, object_id: &Url, data: &FedData) -> AppResult<()> {
    let deleter = resolve::actor_by_url(data, activity.actor.inner()).await?;
    remote_events::forget(data, &deleter, object_id.as_str(), activity.origin()).await?;
    Ok(())
}
