//! Events of other servers, on the participants' side. A group our members follow (on another
//! Maillon node, on Mobilizon...) publishes events; we keep a copy so members find them in
//! their group's pages and calendars. A member registers from here: we write their
//! registration as pending and send a `Join` to the event's server, which alone counts the
//! seats; its answer (`Accept`, `TentativeAccept` for the waitlist, `Reject`) sets the state
//! here. Leaving sends `Leave`.

use serde_json::json;

use super::{begin, commit, events::RegistrationOutcome, Origin};
use crate::{
    domain::{
        content::clean_line,
        event::{JoinMode, RegistrationState, Seats, Status},
    },
    error::{AppError, AppResult},
    federation::{
        objects::event::{OnlineLink, ReceivedEvent},
        outbox, FedData,
    },
    storage::{self, actors::ActorRow, events::EventRow, now_millis, Tx},
};

/// Keeps (or refreshes) the copy of a peer's event. A new copy is kept only when someone here
/// follows its organizer or the group that relayed it (`relay`).
pub async fn keep(
    data: &FedData,
    owner: &ActorRow,
    relay: Option<&ActorRow>,
    event: ReceivedEvent,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let known = storage::events::event_by_ap_id(&mut tx, event.ap_id.as_str()).await?;
    if let Some(known) = &known {
        if known.local || known.group_id != owner.id {
            return Err(AppError::forbidden("this event belongs to another actor"));
        }
    } else {
        let mut followed = storage::follows::has_local_follower(&mut tx, owner.id).await?;
        if let Some(relay) = relay.filter(|_| !followed) {
            followed = storage::follows::has_local_follower(&mut tx, relay.id).await?;
        }
        if !followed {
            // Nobody here follows its organizer: nothing to show anyone.
            return commit(data, tx, 0).await;
        }
    }
    let online = match &event.online {
        OnlineLink::Given(link) => Some(Some(link.as_str())),
        OnlineLink::None => Some(None),
        OnlineLink::Withheld => None,
    };
    let stored = storage::event_federation::upsert_remote_event(
        &mut tx,
        event.ap_id.as_str(),
        owner.id,
        &event.fields,
        online,
        event.participants,
        event.waitlisted,
    )
    .await?;
    // Members here hear of a new event of a group they follow, and of changes to one they
    // registered for (each update its own news: the activity says it).
    if owner.is_group() {
        match (&known, origin) {
            (None, _) => super::news::event_announced(&mut tx, owner, &stored).await?,
            (Some(_), Origin::Inbound { activity_id, .. }) => {
                super::news::event_changed(&mut tx, owner, &stored, activity_id).await?
            }
            (Some(_), Origin::Local) => {}
        }
    }
    commit(data, tx, 0).await
}

/// The event's server deleted it: the copy goes, with our members' registrations.
pub async fn forget(
    data: &FedData,
    deleter: &ActorRow,
    ap_id: &str,
    origin: Origin<'_>,
) -> AppResult<bool> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(false);
    };
    let Some(event) = storage::events::event_by_ap_id(&mut tx, ap_id).await? else {
        commit(data, tx, 0).await?;
        return Ok(false);
    };
    if event.local {
        return Err(AppError::forbidden("a peer may not delete our events"));
    }
    let gone = storage::event_federation::delete_remote_event(&mut tx, ap_id).await?;
    tracing::info!(event = ap_id, by = %deleter.ap_id, "copy of a remote event deleted");
    commit(data, tx, 0).await?;
    Ok(gone)
}

/// A member of ours registers for a peer's event, inside `register`'s transaction (which holds
/// the event's lock). What we can check here is checked (cancelled, over, closed); the rest
/// (membership, invitations, seats) is the event's server's to decide. Returns the outcome
/// and the number of deliveries queued.
pub(super) async fn send_join(
    tx: &mut Tx,
    data: &FedData,
    event: &EventRow,
    member: &ActorRow,
    note: Option<&str>,
) -> AppResult<(RegistrationOutcome, usize)> {
    if !member.local {
        return Err(AppError::not_found("no such event here"));
    }
    if let Some(existing) = storage::events::registration_of(tx, event.id, member.id).await? {
        let outcome = RegistrationOutcome {
            event_id: event.id,
            state: existing.state,
            new: false,
        };
        return Ok((outcome, 0));
    }
    let seats = Seats {
        mode: JoinMode::Open,
        status: Status::parse(&event.status).unwrap_or(Status::Confirmed),
        capacity: None,
        accepted: 0,
        ends_at: event.ends_at,
        registration_deadline: event.registration_deadline,
        invited: true,
    };
    seats
        .place(now_millis())
        .map_err(|refusal| AppError::Unprocessable(refusal.code(), refusal.message().into()))?;
    let owner = storage::actors::by_id(tx, event.group_id)
        .await?
        .ok_or_else(|| AppError::not_found("the event's organizer is gone"))?;
    let note = note.map(|n| clean_line(n, 500)).filter(|n| !n.is_empty());
    let join_id = data.urls.new_activity("Join");
    storage::events::insert_registration(
        tx,
        event.id,
        member.id,
        RegistrationState::Pending.as_str(),
        Some(join_id.as_str()),
        note.as_deref(),
    )
    .await?;
    let mut join = json!({
        "id": join_id,
        "type": "Join",
        "actor": member.ap_id,
        "object": event.ap_id,
        "to": [owner.ap_id],
    });
    if let Some(note) = &note {
        // Mobilizon's name for the message a participant leaves the organizers.
        join["participationMessage"] = json!(note);
    }
    let queued = outbox::publish(tx, data, member, join, vec![owner.inbox.clone()]).await?;
    let outcome = RegistrationOutcome {
        event_id: event.id,
        state: RegistrationState::Pending.as_str().into(),
        new: true,
    };
    Ok((outcome, queued))
}

/// A member of ours leaves a peer's event: the registration goes here and `Leave` goes to the
/// event's server. Returns the number of deliveries queued.
pub(super) async fn send_leave(
    tx: &mut Tx,
    data: &FedData,
    event: &EventRow,
    member: &ActorRow,
) -> AppResult<usize> {
    if storage::events::registration_of(tx, event.id, member.id)
        .await?
        .is_none()
    {
        return Ok(0);
    }
    storage::events::delete_registration(tx, event.id, member.id).await?;
    let Some(owner) = storage::actors::by_id(tx, event.group_id).await? else {
        return Ok(0);
    };
    let leave = json!({
        "id": data.urls.new_activity("Leave"),
        "type": "Leave",
        "actor": member.ap_id,
        "object": event.ap_id,
        "to": [owner.ap_id],
    });
    outbox::publish(tx, data, member, leave, vec![owner.inbox.clone()]).await
}

/// The event's server answered one of our members' `Join`. Answers from anyone but the
/// event's own server, or to a `Join` we did not send, change nothing.
pub async fn receive_answer(
    data: &FedData,
    answerer: &ActorRow,
    join_id: &str,
    state: RegistrationState,
    origin: Origin<'_>,
) -> AppResult<()> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(());
    };
    let Some((event_id, member_id)) =
        storage::event_federation::registration_by_join(&mut tx, join_id).await?
    else {
        return commit(data, tx, 0).await;
    };
    storage::events::lock_event(&mut tx, event_id).await?;
    let event = storage::events::event_by_id(&mut tx, event_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such event"))?;
    let same_server = url::Url::parse(&event.ap_id)
        .ok()
        .zip(url::Url::parse(&answerer.ap_id).ok())
        .is_some_and(|(e, a)| crate::federation::urls::same_origin(&e, &a));
    if event.local || !same_server {
        return Err(AppError::forbidden(
            "only the event's server answers its registrations",
        ));
    }
    storage::events::set_state(&mut tx, event_id, member_id, state.as_str()).await?;
    commit(data, tx, 0).await
}
