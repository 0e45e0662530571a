//! Events of a group and registration to them: organizers (the group's moderators and the
//! event's organizers) publish and change events; anyone allowed registers, leaves, and moves
//! up the waitlist when a seat frees.
//!
//! Every change to the registrations of an event runs in one transaction that first takes the
//! event's lock (`storage::events::lock_event`), then counts seats, then writes: however many
//! registrations arrive at once, through the web, the API or the inbox, the capacity holds.

use serde::Serialize;

use super::{
    begin, commit, event_federation, membership::is_member, processes::require_moderator,
    remote_events, Origin,
};
use crate::{
    domain::{
        content::{clean_line, PostText},
        event::{
            is_time_zone, Category, EventTimes, JoinMode, Recurrence, RegistrationState, Seats,
            Status,
        },
    },
    error::{AppError, AppResult},
    federation::FedData,
    storage::{
        self,
        actors::ActorRow,
        events::{AttendeeRow, EventFields, EventRow, RegistrationRow},
        now_millis, Tx,
    },
};

fn rule_broken(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Unprocessable(code, message.into())
}

/// What an organizer writes.
#[derive(Debug, Clone)]
pub struct EventInput {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub category: Category,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<u32>,
    pub join_mode: JoinMode,
    pub members_only: bool,
    pub registration_deadline: Option<i64>,
    pub status: Status,
    pub recurrence: Option<Recurrence>,
    pub contact: Option<String>,
}

fn optional_line(text: Option<&str>, max: usize) -> Option<String> {
    text.map(|t| clean_line(t, max)).filter(|t| !t.is_empty())
}

/// Checks an organizer's input and shapes it for storage.
fn checked(input: &EventInput) -> AppResult<EventFields> {
    let text = PostText::from_markdown(Some(&input.title), &input.description)
        .map_err(|e| rule_broken("invalid_event", e.to_string()))?;
    EventTimes {
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        registration_deadline: input.registration_deadline,
        capacity: input.capacity,
        recurrence: input.recurrence,
    }
    .validate()
    .map_err(|e| rule_broken("invalid_event_times", e))?;
    if !is_time_zone(&input.timezone) {
        return Err(rule_broken(
            "invalid_time_zone",
            format!("{:?} is not a time zone like Europe/Paris", input.timezone),
        ));
    }
    let online_url = optional_line(input.online_url.as_deref(), 500);
    if let Some(url) = &online_url {
        let parsed = url::Url::parse(url).map_err(|_| {
            rule_broken(
                "invalid_online_url",
                "the online link is a full https:// address",
            )
        })?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(rule_broken(
                "invalid_online_url",
                "the online link is a full https:// address",
            ));
        }
    }
    let place_name = optional_line(input.place_name.as_deref(), 200);
    let place_address = optional_line(input.place_address.as_deref(), 500);
    Ok(EventFields {
        title: text.title.unwrap_or_default(),
        description: text.html,
        description_source: Some(text.source),
        category: input.category.as_str().into(),
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        timezone: input.timezone.clone(),
        place_name,
        place_address,
        online_url,
        capacity: input.capacity.map(i64::from),
        join_mode: input.join_mode.as_str().into(),
        members_only: input.members_only,
        registration_deadline: input.registration_deadline,
        status: input.status.as_str().into(),
        recurrence: input
            .recurrence
            .map(|r| serde_json::to_string(&r).map_err(anyhow::Error::from))
            .transpose()?,
        contact: optional_line(input.contact.as_deref(), 300),
    })
}

/// A moderator of a local group publishes an event; they become its first organizer.
pub async fn create_event(
    data: &FedData,
    moderator: &ActorRow,
    group: &ActorRow,
    input: EventInput,
) -> AppResult<EventRow> {
    if !group.is_group() || !group.local {
        return Err(rule_broken(
            "not_a_local_group",
            "events are published in a group of this node",
        ));
    }
    let fields = checked(&input)?;
    let mut tx = data.db.begin().await?;
    require_moderator(&mut tx, group, moderator).await?;
    let event = storage::events::insert_event(
        &mut tx,
        data.urls.new_object("events").as_str(),
        group.id,
        Some(moderator.id),
        true,
        &fields,
    )
    .await?;
    storage::events::add_organizer(&mut tx, event.id, moderator.id).await?;
    let queued = event_federation::publish(&mut tx, data, &event, "Create").await?;
    super::news::event_announced(&mut tx, group, &event).await?;
    commit(data, tx, queued).await?;
    Ok(event)
}

/// The event and its group, for a change by an organizer.
pub(super) async fn organized(
    tx: &mut Tx,
    event_id: i64,
    actor: &ActorRow,
) -> AppResult<(EventRow, ActorRow)> {
    let event = storage::events::event_by_id(tx, event_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such event"))?;
    let group = group_of(tx, &event).await?;
    if !event.local {
        return Err(rule_broken(
            "remote_event",
            "this event is organized on its group's node",
        ));
    }
    if !storage::events::is_organizer(tx, event.id, actor.id).await? {
        require_moderator(tx, &group, actor).await.map_err(|_| {
            AppError::Forbidden(
                "not_an_organizer",
                "only the event's organizers and the group's moderators may do this".into(),
            )
        })?;
    }
    Ok((event, group))
}

async fn group_of(tx: &mut Tx, event: &EventRow) -> AppResult<ActorRow> {
    storage::actors::by_id(tx, event.group_id)
        .await?
        .ok_or_else(|| AppError::not_found("the event's group is gone"))
}

/// An organizer changes the event (time, place, capacity, status...). More seats move people
/// up the waitlist at once.
pub async fn update_event(
    data: &FedData,
    organizer: &ActorRow,
    event_id: i64,
    input: EventInput,
) -> AppResult<EventRow> {
    let fields = checked(&input)?;
    let mut tx = data.db.begin().await?;
    storage::events::lock_event(&mut tx, event_id).await?;
    let (_, group) = organized(&mut tx, event_id, organizer).await?;
    let event = storage::events::update_event(&mut tx, event_id, &fields).await?;
    let promoted = promote_waitlist(&mut tx, &event).await?;
    let mut queued =
        event_federation::announce_promotions(&mut tx, data, &event, &promoted).await?;
    queued += event_federation::publish(&mut tx, data, &event, "Update").await?;
    let change = format!("{}#changed-{}", event.ap_id, storage::now_millis());
    super::news::event_changed(&mut tx, &group, &event, &change).await?;
    commit(data, tx, queued).await?;
    Ok(event)
}

fn seats(event: &EventRow, accepted: i64, invited: bool) -> Seats {
    Seats {
        mode: JoinMode::parse(&event.join_mode).unwrap_or(JoinMode::Approval),
        status: Status::parse(&event.status).unwrap_or(Status::Confirmed),
        capacity: event.capacity.and_then(|c| u32::try_from(c).ok()),
        accepted: u32::try_from(accepted).unwrap_or(u32::MAX),
        ends_at: event.ends_at,
        registration_deadline: event.registration_deadline,
        invited,
    }
}

/// Moves the first people of the waitlist into the seats that are free. Runs under the
/// event's lock. Returns who moved up.
async fn promote_waitlist(tx: &mut Tx, event: &EventRow) -> AppResult<Vec<i64>> {
    if Status::parse(&event.status) == Some(Status::Cancelled) {
        return Ok(vec![]);
    }
    let (accepted, _, waiting) = storage::events::counts(tx, event.id).await?;
    let moving = seats(event, accepted, false).promotions(u32::try_from(waiting).unwrap_or(0));
    let promoted = storage::events::first_waiting(tx, event.id, i64::from(moving)).await?;
    for actor_id in &promoted {
        storage::events::set_state(
            tx,
            event.id,
            *actor_id,
            RegistrationState::Accepted.as_str(),
        )
        .await?;
    }
    Ok(promoted)
}

/// Where someone's registration stands after they asked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationOutcome {
    pub event_id: i64,
    /// `accepted`, `pending`, `waitlisted` or `rejected`.
    pub state: String,
    /// False when they had registered already: nothing changed.
    pub new: bool,
}

/// `actor` registers (from the web, the API, or a `Join` from their server). Registering
/// again changes nothing; a refused registration stays refused.
pub async fn register(
    data: &FedData,
    actor: &ActorRow,
    event_id: i64,
    note: Option<&str>,
    origin: Origin<'_>,
    join_ap_id: Option<&str>,
) -> AppResult<Option<RegistrationOutcome>> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(None);
    };
    if !storage::events::lock_event(&mut tx, event_id).await? {
        return Err(AppError::not_found("no such event"));
    }
    let event = storage::events::event_by_id(&mut tx, event_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such event"))?;
    if !event.local {
        // A peer's event: its server counts the seats; we ask it.
        let (outcome, queued) =
            remote_events::send_join(&mut tx, data, &event, actor, note).await?;
        commit(data, tx, queued).await?;
        return Ok(Some(outcome));
    }
    if let Some(existing) = storage::events::registration_of(&mut tx, event.id, actor.id).await? {
        // Asked again (a second Join may mean our answer was lost): answer again.
        let mut queued = 0;
        if let Some(join) = join_ap_id {
            storage::event_federation::set_join(&mut tx, event.id, actor.id, join).await?;
            let state =
                RegistrationState::parse(&existing.state).unwrap_or(RegistrationState::Pending);
            queued = event_federation::answer_join(&mut tx, data, &event, actor, Some(join), state)
                .await?;
        }
        commit(data, tx, queued).await?;
        return Ok(Some(RegistrationOutcome {
            event_id,
            state: existing.state,
            new: false,
        }));
    }
    let group = group_of(&mut tx, &event).await?;
    if event.members_only && !is_member(&mut tx, &group, actor).await? {
        return Err(AppError::Forbidden(
            "members_only",
            "this event is for the group's members".into(),
        ));
    }
    let invited = storage::events::is_invited(&mut tx, event.id, &actor.ap_id).await?;
    let (accepted, _, _) = storage::events::counts(&mut tx, event.id).await?;
    let state = seats(&event, accepted, invited)
        .place(now_millis())
        .map_err(|refusal| rule_broken(refusal.code(), refusal.message()))?;
    let note = note.map(|n| clean_line(n, 500)).filter(|n| !n.is_empty());
    storage::events::insert_registration(
        &mut tx,
        event.id,
        actor.id,
        state.as_str(),
        join_ap_id,
        note.as_deref(),
    )
    .await?;
    let mut queued =
        event_federation::answer_join(&mut tx, data, &event, actor, join_ap_id, state).await?;
    if state == RegistrationState::Accepted {
        // The seat count changed: followers' copies follow.
        queued += event_federation::publish(&mut tx, data, &event, "Update").await?;
    }
    commit(data, tx, queued).await?;
    Ok(Some(RegistrationOutcome {
        event_id,
        state: state.as_str().into(),
        new: true,
    }))
}

/// `actor` leaves the event (or withdraws from the waitlist); a freed seat goes to the first
/// person waiting. Leaving an event one never joined changes nothing. Returns who moved up.
pub async fn leave(
    data: &FedData,
    actor: &ActorRow,
    event_id: i64,
    origin: Origin<'_>,
) -> AppResult<Vec<i64>> {
    let Some(mut tx) = begin(data, origin).await? else {
        return Ok(vec![]);
    };
    if !storage::events::lock_event(&mut tx, event_id).await? {
        return Err(AppError::not_found("no such event"));
    }
    let event = storage::events::event_by_id(&mut tx, event_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such event"))?;
    let existing = storage::events::registration_of(&mut tx, event_id, actor.id).await?;
    if existing
        .as_ref()
        .is_some_and(|r| r.state == RegistrationState::Rejected.as_str())
    {
        // A refusal is the organizers' decision: leaving does not erase it.
        return commit(data, tx, 0).await.map(|_| vec![]);
    }
    if !event.local {
        if !matches!(origin, Origin::Local) {
            return Err(AppError::not_found("no such event here"));
        }
        let queued = remote_events::send_leave(&mut tx, data, &event, actor).await?;
        commit(data, tx, queued).await?;
        return Ok(vec![]);
    }
    let mut promoted = vec![];
    let mut queued = 0;
    if let Some(existing) = existing {
        storage::events::delete_registration(&mut tx, event_id, actor.id).await?;
        promoted = promote_waitlist(&mut tx, &event).await?;
        queued += event_federation::announce_promotions(&mut tx, data, &event, &promoted).await?;
        if existing.state == RegistrationState::Accepted.as_str() {
            queued += event_federation::publish(&mut tx, data, &event, "Update").await?;
        }
    }
    commit(data, tx, queued).await?;
    Ok(promoted)
}

/// An organizer accepts a pending (or refused) registration, which takes a seat if one is
/// free and joins the waitlist otherwise, or refuses a registration (freeing its seat).
pub async fn decide(
    data: &FedData,
    organizer: &ActorRow,
    event_id: i64,
    participant: &ActorRow,
    accept: bool,
) -> AppResult<RegistrationRow> {
    let mut tx = data.db.begin().await?;
    storage::events::lock_event(&mut tx, event_id).await?;
    let (event, _) = organized(&mut tx, event_id, organizer).await?;
    let current = storage::events::registration_of(&mut tx, event_id, participant.id)
        .await?
        .ok_or_else(|| AppError::not_found("this person has not registered"))?;
    let state = if accept {
        if current.state == RegistrationState::Accepted.as_str()
            || current.state == RegistrationState::Waitlisted.as_str()
        {
            RegistrationState::parse(&current.state).unwrap_or(RegistrationState::Accepted)
        } else {
            let (accepted, _, _) = storage::events::counts(&mut tx, event_id).await?;
            seats(&event, accepted, true).seat_or_waitlist()
        }
    } else {
        RegistrationState::Rejected
    };
    storage::events::set_state(&mut tx, event_id, participant.id, state.as_str()).await?;
    let mut queued = 0;
    if current.state != state.as_str() {
        queued += event_federation::answer_join(
            &mut tx,
            data,
            &event,
            participant,
            current.join_ap_id.as_deref(),
            state,
        )
        .await?;
    }
    if !accept {
        let promoted = promote_waitlist(&mut tx, &event).await?;
        queued += event_federation::announce_promotions(&mut tx, data, &event, &promoted).await?;
    }
    let row = storage::events::registration_of(&mut tx, event_id, participant.id)
        .await?
        .ok_or_else(|| AppError::not_found("the registration is gone"))?;
    commit(data, tx, queued).await?;
    Ok(row)
}

/// An organizer invites someone (by their actor id) to an event on invitation.
pub async fn invite(
    data: &FedData,
    organizer: &ActorRow,
    event_id: i64,
    invitee: &ActorRow,
) -> AppResult<()> {
    let mut tx = data.db.begin().await?;
    organized(&mut tx, event_id, organizer).await?;
    storage::events::invite(&mut tx, event_id, &invitee.ap_id, organizer.id).await?;
    commit(data, tx, 0).await
}

/// An event as pages and the API show it to `viewer`.
pub struct EventDetails {
    pub event: EventRow,
    pub group: ActorRow,
    pub organizers: Vec<String>,
    pub accepted: i64,
    pub pending: i64,
    pub waitlisted: i64,
    pub your_registration: Option<RegistrationRow>,
    pub is_organizer: bool,
}

impl EventDetails {
    /// The online link is for accepted participants and organizers only.
    pub fn online_url_for_viewer(&self) -> Option<&str> {
        let seated = self
            .your_registration
            .as_ref()
            .is_some_and(|r| r.state == RegistrationState::Accepted.as_str());
        (seated || self.is_organizer)
            .then_some(self.event.online_url.as_deref())
            .flatten()
    }

    /// Seats left, if the event has a capacity.
    pub fn seats_left(&self) -> Option<i64> {
        self.event.capacity.map(|c| (c - self.accepted).max(0))
    }
}

pub async fn event_details(
    data: &FedData,
    event_id: i64,
    viewer: Option<&ActorRow>,
) -> AppResult<EventDetails> {
    let mut tx = data.db.read().await?;
    let event = storage::events::event_by_id(&mut tx, event_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such event"))?;
    details_in(&mut tx, event, viewer).await
}

/// The details of `event`, read in the caller's transaction (one for a whole list).
pub(super) async fn details_in(
    tx: &mut Tx,
    event: EventRow,
    viewer: Option<&ActorRow>,
) -> AppResult<EventDetails> {
    let group = group_of(tx, &event).await?;
    let organizers = storage::events::organizers(tx, event.id).await?;
    let (mut accepted, pending, mut waitlisted) = storage::events::counts(tx, event.id).await?;
    if !event.local {
        // A copy: the event's own server counts everyone, not only our members.
        accepted = event.participant_count.unwrap_or(accepted).max(accepted);
        waitlisted = event.waitlist_count.unwrap_or(waitlisted).max(waitlisted);
    }
    let (your_registration, is_organizer) = match viewer {
        Some(v) => (
            storage::events::registration_of(tx, event.id, v.id).await?,
            storage::events::is_organizer(tx, event.id, v.id).await?
                || storage::actors::is_moderator(tx, group.id, v.id).await?,
        ),
        None => (None, false),
    };
    Ok(EventDetails {
        event,
        group,
        organizers,
        accepted,
        pending,
        waitlisted,
        your_registration,
        is_organizer,
    })
}

/// One event, as calendars show it (no per-viewer details).
pub async fn event(data: &FedData, event_id: i64) -> AppResult<EventRow> {
    let mut tx = data.db.read().await?;
    storage::events::event_by_id(&mut tx, event_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such event"))
}

/// The attendee list, for organizers.
pub async fn attendees(
    data: &FedData,
    organizer: &ActorRow,
    event_id: i64,
) -> AppResult<Vec<AttendeeRow>> {
    let mut tx = data.db.read().await?;
    organized(&mut tx, event_id, organizer).await?;
    Ok(storage::events::attendees(&mut tx, event_id).await?)
}

/// A group's events that have not ended yet (or ended after `from`), soonest first.
pub async fn group_events(data: &FedData, group: &ActorRow, from: i64) -> AppResult<Vec<EventRow>> {
    let mut tx = data.db.read().await?;
    Ok(storage::events::events_of_group(&mut tx, group.id, from, 500).await?)
}

/// The same, with each event's details for `viewer`, read in one transaction.
pub async fn group_event_details(
    data: &FedData,
    group: &ActorRow,
    from: i64,
    viewer: Option<&ActorRow>,
) -> AppResult<Vec<EventDetails>> {
    let mut tx = data.db.read().await?;
    let mut out = Vec::new();
    for event in storage::events::events_of_group(&mut tx, group.id, from, 500).await? {
        out.push(details_in(&mut tx, event, viewer).await?);
    }
    Ok(out)
}

/// The events a member registered for, from `from` on, with their details for them.
pub async fn my_events(
    data: &FedData,
    member: &ActorRow,
    from: i64,
) -> AppResult<Vec<EventDetails>> {
    let mut tx = data.db.read().await?;
    let mut out = Vec::new();
    for event in storage::events::events_of_participant(&mut tx, member.id, from).await? {
        out.push(details_in(&mut tx, event, Some(member)).await?);
    }
    Ok(out)
}
