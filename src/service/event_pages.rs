//! What the members' event pages ask beyond the events service: past events of a group,
//! the organizers by handle and the reader's place on the waitlist, and replacing the list of
//! an event's organizers. Reads reuse `events::details_in` (one transaction for a list);
//! changes check the organizer with `events::organized`, as every change to an event does.

use super::{
    commit,
    events::{details_in, organized, EventDetails},
};
use crate::{
    error::{AppError, AppResult},
    federation::FedData,
    storage::{self, actors::ActorRow},
};

fn rule_broken(code: &'static str, message: &str) -> AppError {
    AppError::Unprocessable(code, message.into())
}

/// A group's events that ended before `before`, most recent first, with their details.
pub async fn past_event_details(
    data: &FedData,
    group: &ActorRow,
    before: i64,
    viewer: Option<&ActorRow>,
) -> AppResult<Vec<EventDetails>> {
    let mut tx = data.db.read().await?;
    let mut out = Vec::new();
    for event in storage::events::past_events_of_group(&mut tx, group.id, before, 100).await? {
        out.push(details_in(&mut tx, event, viewer).await?);
    }
    Ok(out)
}

/// The organizers' handles (`name@domain`), and where `viewer` stands on the waitlist.
pub async fn page_extras(
    data: &FedData,
    event_id: i64,
    viewer: Option<&ActorRow>,
) -> AppResult<(Vec<String>, Option<i64>)> {
    let mut tx = data.db.read().await?;
    let handles = storage::events::organizer_handles(&mut tx, event_id)
        .await?
        .into_iter()
        .map(|(name, domain)| format!("{name}@{domain}"))
        .collect();
    let position = match viewer {
        Some(v) => storage::events::waitlist_position(&mut tx, event_id, v.id).await?,
        None => None,
    };
    Ok((handles, position))
}

/// An organizer names the event's organizers (the list replaces the previous one). The
/// group's moderators keep their say whoever is on it.
pub async fn set_organizers(
    data: &FedData,
    organizer: &ActorRow,
    event_id: i64,
    organizers: &[ActorRow],
) -> AppResult<()> {
    if organizers.is_empty() {
        return Err(rule_broken(
            "no_organizers",
            "an event has at least one organizer",
        ));
    }
    if organizers.iter().any(|a| a.kind != "person") {
        return Err(rule_broken(
            "organizer_not_a_person",
            "organizers are people, not groups",
        ));
    }
    let mut tx = data.db.begin().await?;
    organized(&mut tx, event_id, organizer).await?;
    storage::events::clear_organizers(&mut tx, event_id).await?;
    for person in organizers {
        storage::events::add_organizer(&mut tx, event_id, person.id).await?;
    }
    commit(data, tx, 0).await
}
