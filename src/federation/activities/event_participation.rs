//! Registration to events across servers. On the organizers' side: `Join` (register, as
//! Mobilizon sends it), `Leave` and `Undo(Join)` (withdraw). On the participants' side: the
//! answers to a `Join` we sent, `Accept`, `TentativeAccept` (waitlist) and `Reject`.

use serde_json::Value;

use super::Envelope;
use crate::{
    domain::event::RegistrationState,
    error::{AppError, AppResult},
    federation::{objects::post::id_of, resolve, FedData},
    service::{self, event_federation, events, remote_events},
    storage::{self, events::EventRow},
};

/// Our event with this id (peers may only register for events we organize).
async fn local_event(data: &FedData, object: &Value) -> AppResult<EventRow> {
    let id = id_of(object).ok_or_else(|| AppError::bad_request("the activity has no object"))?;
    if !data.urls.is_local(&id) {
        return Err(AppError::not_found("that event is not organized here"));
    }
    let mut tx = data.db.read().await?;
    storage::events::event_by_ap_id(&mut tx, id.as_str())
        .await?
        .filter(|e| e.local)
        .ok_or_else(|| AppError::not_found("no such event"))
}

/// A refusal by the rules (members only, closed, on invitation...), not a failure.
fn is_refusal(err: &AppError) -> bool {
    matches!(err, AppError::Unprocessable(..) | AppError::Forbidden(..))
}

/// `Join`: someone on another server registers for one of our events. A refusal by the
/// rules stores nothing but our `Reject`, so their server can tell them.
pub async fn receive_join(activity: Envelope, data: &FedData) -> AppResult<()> {
    let event = local_event(data, &activity.object).await?;
    let person = resolve::actor_by_url(data, activity.actor.inner()).await?;
    let note = activity
        .rest
        .get("participationMessage")
        .and_then(Value::as_str);
    let join_id = activity.id.as_str();
    match events::register(
        data,
        &person,
        event.id,
        note,
        activity.origin(),
        Some(join_id),
    )
    .await
    {
        Err(err) if is_refusal(&err) => {
            tracing::info!(event = %event.ap_id, actor = %person.ap_id, error = %err, "Join refused");
            let Some(mut tx) = service::begin(data, activity.origin()).await? else {
                return Ok(());
            };
            // The refusal stores nothing but the answer: a `Reject` of the `Join`.
            let queued = event_federation::answer_join(
                &mut tx,
                data,
                &event,
                &person,
                Some(join_id),
                RegistrationState::Rejected,
            )
            .await?;
            service::commit(data, tx, queued).await
        }
        other => other.map(|_| ()),
    }
}

/// `Leave` of one of our events (the object is the event, as Mobilizon sends it).
pub async fn receive_leave(activity: Envelope, data: &FedData) -> AppResult<()> {
    let event = local_event(data, &activity.object).await?;
    let person = resolve::actor_by_url(data, activity.actor.inner()).await?;
    events::leave(data, &person, event.id, activity.origin()).await?;
    Ok(())
}

/// `Undo(Join)`: the same as `Leave`. Returns false when the undone activity is no `Join`
/// we know, for the caller to try other meanings.
pub async fn receive_undo_join(activity: &Envelope, data: &FedData) -> AppResult<bool> {
    let inner = &activity.object;
    let event_object = match inner.get("type").and_then(Value::as_str) {
        Some("Join") => {
            if inner.get("actor").and_then(id_of).as_ref() != Some(activity.actor.inner()) {
                return Err(AppError::forbidden("an actor may only undo its own Join"));
            }
            inner.get("object").cloned().unwrap_or(Value::Null)
        }
        Some(_) => return Ok(false),
        None => {
            // Only the Join's id: find the registration it made.
            let Some(join_id) = inner.as_str() else {
                return Ok(false);
            };
            let mut tx = data.db.read().await?;
            let Some((event_id, actor_id)) =
                storage::event_federation::registration_by_join(&mut tx, join_id).await?
            else {
                return Ok(false);
            };
            let actor = storage::actors::by_id(&mut tx, actor_id).await?;
            if actor.map(|a| a.ap_id).as_deref() != Some(activity.actor.inner().as_str()) {
                return Err(AppError::forbidden("an actor may only undo its own Join"));
            }
            let event = storage::events::event_by_id(&mut tx, event_id).await?;
            Value::String(event.map(|e| e.ap_id).unwrap_or_default())
        }
    };
    let event = local_event(data, &event_object).await?;
    let person = resolve::actor_by_url(data, activity.actor.inner()).await?;
    events::leave(data, &person, event.id, activity.origin()).await?;
    Ok(true)
}

/// The id of the `Join` an `Accept`, `TentativeAccept` or `Reject` answers, if it answers one
/// of ours (embedded as a `Join`, or only its id).
pub async fn answered_join(activity: &Envelope, data: &FedData) -> AppResult<Option<String>> {
    let object = &activity.object;
    if object.get("type").and_then(Value::as_str) == Some("Join") {
        return Ok(id_of(object).map(|u| u.to_string()));
    }
    let Some(id) = object.as_str() else {
        return Ok(None);
    };
    let mut tx = data.db.read().await?;
    Ok(storage::event_federation::registration_by_join(&mut tx, id)
        .await?
        .map(|_| id.to_string()))
}

/// An event's server answered one of our members' `Join`.
pub async fn receive_answer(
    activity: Envelope,
    join_id: String,
    kind: &str,
    data: &FedData,
) -> AppResult<()> {
    let state = match kind {
        "Accept" => RegistrationState::Accepted,
        "Reject" => RegistrationState::Rejected,
        _ => match activity
            .rest
            .get("maillon:registrationState")
            .and_then(Value::as_str)
            .and_then(RegistrationState::parse)
        {
            Some(RegistrationState::Pending) => RegistrationState::Pending,
            _ => RegistrationState::Waitlisted,
        },
    };
    let answerer = resolve::actor_by_url(data, activity.actor.inner()).await?;
    remote_events::receive_answer(data, &answerer, &join_id, state, activity.origin()).await
}
