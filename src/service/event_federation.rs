//! Where our events meet federation, on the organizers' side. The group publishes its event
//! (`Create`, then `Update` at every change) to its followers and to every remote participant
//! (directly: the group is the author, there is no member's activity to relay),
//! and answers each `Join` from another server: `Accept` (a seat), `TentativeAccept` (the
//! waitlist), `Reject` (refused), nothing while an organizer has not decided (as Mobilizon
//! does). Someone moved up from the waitlist gets their `Accept` then. Accepted participants'
//! servers also get a copy of the event with its online link, which public copies withhold.
//!
//! Everything here runs inside the caller's transaction, so an answer is queued if and only if
//! the registration it announces is written.

use serde_json::{json, Value};

use crate::{
    domain::event::RegistrationState,
    error::AppResult,
    federation::{
        objects::event::{Attendance, EventJson},
        outbox, FedData,
    },
    storage::{self, actors::ActorRow, events::EventRow, Tx},
};

/// Our event as the wire shows it; `with_link` only for accepted participants.
pub async fn event_document(
    tx: &mut Tx,
    data: &FedData,
    event: &EventRow,
    group: &ActorRow,
    with_link: bool,
) -> AppResult<EventJson> {
    let (accepted, _, waitlisted) = storage::events::counts(tx, event.id).await?;
    let page = data
        .urls
        .base()
        .join(&format!("/event/{}", event.id))
        .map_err(anyhow::Error::from)?;
    let followers = group.followers.clone().unwrap_or_else(|| {
        data.urls
            .followers_of(&url::Url::parse(&group.ap_id).expect("a stored actor id"))
            .to_string()
    });
    Ok(EventJson::from_local(
        event,
        &group.ap_id,
        &followers,
        &page,
        Attendance {
            accepted,
            waitlisted,
        },
        with_link.then_some(event.online_url.as_deref()).flatten(),
    ))
}

fn event_activity(data: &FedData, kind: &str, group: &ActorRow, object: Value) -> Value {
    json!({
        "id": data.urls.new_activity(kind),
        "type": kind,
        "actor": group.ap_id,
        "to": object["to"].clone(),
        "cc": object["cc"].clone(),
        "audience": group.ap_id,
        "object": object,
    })
}

/// The event was created (`"Create"`) or changed (`"Update"`): its group announces it to the
/// followers and sends it to every remote participant; seated participants' servers get the
/// copy with the online link. Returns the number of deliveries queued.
pub async fn publish(
    tx: &mut Tx,
    data: &FedData,
    event: &EventRow,
    kind: &str,
) -> AppResult<usize> {
    if !event.local {
        return Ok(0);
    }
    let Some(group) = storage::actors::by_id(tx, event.group_id).await? else {
        return Ok(0);
    };
    let public = serde_json::to_value(event_document(tx, data, event, &group, false).await?)
        .map_err(anyhow::Error::from)?;
    // The group is the event's author: it sends the activity itself (no Announce of its own
    // activity), which Mastodon turns into a post and Mobilizon into an event.
    let mut inboxes = storage::follows::remote_follower_inboxes(tx, group.id).await?;
    inboxes.extend(storage::event_federation::participant_inboxes(tx, event.id, false).await?);
    let activity = event_activity(data, kind, &group, public);
    let mut queued = outbox::publish(tx, data, &group, activity, inboxes).await?;
    if event.online_url.is_some() {
        queued += send_private_copy(tx, data, event, &group, None).await?;
    }
    Ok(queued)
}

/// The copy with the online link, to the seated remote participants (or only to `inbox`).
async fn send_private_copy(
    tx: &mut Tx,
    data: &FedData,
    event: &EventRow,
    group: &ActorRow,
    inbox: Option<String>,
) -> AppResult<usize> {
    let inboxes = match inbox {
        Some(inbox) => vec![inbox],
        None => storage::event_federation::participant_inboxes(tx, event.id, true).await?,
    };
    if inboxes.is_empty() {
        return Ok(0);
    }
    let mut private = serde_json::to_value(event_document(tx, data, event, group, true).await?)
        .map_err(anyhow::Error::from)?;
    // Addressed to nobody in particular and not public: servers keep it for their seated
    // members, and it never shows in a public timeline.
    private["to"] = json!([]);
    private["cc"] = json!([]);
    let activity = event_activity(data, "Update", group, private);
    outbox::publish(tx, data, group, activity, inboxes).await
}

/// The `Join` that `participant` (on another server) sent, as embedded in our answer.
fn embedded_join(join_id: &str, participant: &ActorRow, event: &EventRow) -> Value {
    json!({
        "id": join_id,
        "type": "Join",
        "actor": participant.ap_id,
        "object": event.ap_id,
    })
}

/// Tells a remote participant where their registration stands. Nothing is sent for a local
/// participant, nor while the registration waits for an organizer.
pub async fn answer_join(
    tx: &mut Tx,
    data: &FedData,
    event: &EventRow,
    participant: &ActorRow,
    join_id: Option<&str>,
    state: RegistrationState,
) -> AppResult<usize> {
    let Some(join_id) = join_id else {
        return Ok(0);
    };
    if participant.local || !event.local {
        return Ok(0);
    }
    let kind = match state {
        RegistrationState::Accepted => "Accept",
        RegistrationState::Waitlisted => "TentativeAccept",
        RegistrationState::Rejected => "Reject",
        RegistrationState::Pending => return Ok(0),
    };
    let Some(group) = storage::actors::by_id(tx, event.group_id).await? else {
        return Ok(0);
    };
    let activity = json!({
        "id": data.urls.new_activity(kind),
        "type": kind,
        "actor": group.ap_id,
        "object": embedded_join(join_id, participant, event),
        "to": [participant.ap_id],
        "maillon:registrationState": state.as_str(),
    });
    let inbox = participant
        .shared_inbox
        .clone()
        .unwrap_or_else(|| participant.inbox.clone());
    let mut queued = outbox::publish(tx, data, &group, activity, vec![inbox.clone()]).await?;
    if state == RegistrationState::Accepted && event.online_url.is_some() {
        queued += send_private_copy(tx, data, event, &group, Some(inbox)).await?;
    }
    Ok(queued)
}

/// People just moved up from the waitlist: those on other servers get their `Accept`.
pub async fn announce_promotions(
    tx: &mut Tx,
    data: &FedData,
    event: &EventRow,
    promoted: &[i64],
) -> AppResult<usize> {
    let mut queued = 0;
    for actor_id in promoted {
        let Some(person) = storage::actors::by_id(tx, *actor_id).await? else {
            continue;
        };
        if person.local {
            continue;
        }
        let registration = storage::events::registration_of(tx, event.id, *actor_id).await?;
        let join = registration.and_then(|r| r.join_ap_id);
        queued += answer_join(
            tx,
            data,
            event,
            &person,
            join.as_deref(),
            RegistrationState::Accepted,
        )
        .await?;
    }
    Ok(queued)
}
