//! A group's events as members find them: the events part of the group page (the next few,
//! the calendar feed, the "new event" link for moderators) and `/groups/{name}/events`
//! (upcoming and past). Both read `service::events` and show each event as an [`EventItem`],
//! which the "My events" page shares.

use askama::Template;
use axum::{extract::Path, response::Response};

use super::{
    event_words::{category_key, recurrence_words, state_key, status_key, when},
    group_decisions::group_path,
};
use crate::{
    domain::event::{Recurrence, Status},
    error::AppError,
    federation::resolve,
    page_try, service,
    service::events::EventDetails,
    storage::{actors::ActorRow, now_millis},
    web::{render, Ctx},
};

/// How many upcoming events the group page shows before "all events".
const ON_GROUP_PAGE: usize = 5;

/// One event in a list.
pub struct EventItem {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub zone: String,
    /// The recurrence in words, for a series.
    pub repeats: Option<String>,
    /// Place name and address, when it has a place.
    pub place: Option<String>,
    pub online: bool,
    pub category: String,
    /// The status in words, unless the event is simply confirmed.
    pub status: Option<String>,
    /// Cancelled or postponed: shown before anything else.
    pub alert: bool,
    pub seats_left: Option<i64>,
    /// The reader's registration, in words.
    pub state: Option<String>,
    /// The node the event lives on, when not this one.
    pub origin: Option<String>,
    pub group_name: String,
    pub group_path: String,
}

impl EventItem {
    pub fn new(ctx: &Ctx, d: &EventDetails) -> EventItem {
        let e = &d.event;
        let place = [e.place_name.as_deref(), e.place_address.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        EventItem {
            id: e.id,
            title: e.title.clone(),
            when: when(ctx.lang, e.starts_at, e.ends_at, &e.timezone),
            zone: e.timezone.clone(),
            repeats: e
                .recurrence
                .as_deref()
                .and_then(|r| serde_json::from_str::<Recurrence>(r).ok())
                .map(|r| recurrence_words(ctx.lang, &r, e.starts_at, &e.timezone)),
            place: (!place.is_empty()).then_some(place),
            online: e.online_url.is_some(),
            category: ctx.t(&category_key(&e.category)),
            status: (Status::parse(&e.status) != Some(Status::Confirmed))
                .then(|| ctx.t(&status_key(&e.status))),
            alert: matches!(
                Status::parse(&e.status),
                Some(Status::Cancelled | Status::Postponed)
            ),
            seats_left: d.seats_left(),
            state: d
                .your_registration
                .as_ref()
                .map(|r| ctx.t1("event-your-state", "name", &ctx.t(&state_key(&r.state)))),
            origin: origin(e.local, &e.ap_id),
            group_name: group_name(&d.group),
            group_path: group_path(&d.group),
        }
    }
}

/// The server of an event that is not ours ("organisé sur ..."), from its id.
pub fn origin(local: bool, ap_id: &str) -> Option<String> {
    if local {
        return None;
    }
    url::Url::parse(ap_id)
        .ok()
        .map(|u| match (u.host_str(), u.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            _ => ap_id.to_string(),
        })
}

pub fn group_name(group: &ActorRow) -> String {
    group
        .display_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| group.username.clone())
}

/// What the group page shows about events.
pub struct EventsSection {
    pub upcoming: Vec<EventItem>,
    /// More upcoming events than the page shows.
    pub more: bool,
    /// Moderators of a group of this node publish events.
    pub can_create: bool,
}

pub async fn section(
    ctx: &Ctx,
    group: &ActorRow,
    can_create: bool,
) -> Result<EventsSection, AppError> {
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let details =
        service::events::group_event_details(&ctx.data, group, now_millis(), viewer).await?;
    Ok(EventsSection {
        more: details.len() > ON_GROUP_PAGE,
        upcoming: details
            .iter()
            .take(ON_GROUP_PAGE)
            .map(|d| EventItem::new(ctx, d))
            .collect(),
        can_create,
    })
}

#[derive(Template)]
#[template(path = "group_events_page.html")]
struct GroupEventsPage<'a> {
    ctx: &'a Ctx,
    group_name: String,
    path_name: String,
    upcoming: Vec<EventItem>,
    past: Vec<EventItem>,
    can_create: bool,
}

/// `GET /groups/{name}/events`: upcoming events, then past ones.
pub async fn events_page(ctx: Ctx, Path(name): Path<String>) -> Response {
    let group = page_try!(ctx, resolve::known_group(&ctx.data, &name).await);
    let viewer = ctx.user.as_ref().map(|u| &u.actor);
    let now = now_millis();
    let upcoming = page_try!(
        ctx,
        service::events::group_event_details(&ctx.data, &group, now, viewer).await
    );
    let past = page_try!(
        ctx,
        service::event_pages::past_event_details(&ctx.data, &group, now, viewer).await
    );
    let can_create = match viewer {
        Some(v) if group.local => {
            let mut tx = page_try!(ctx, ctx.data.db.read().await);
            page_try!(
                ctx,
                crate::storage::actors::is_moderator(&mut tx, group.id, v.id).await
            )
        }
        _ => false,
    };
    render(&GroupEventsPage {
        group_name: group_name(&group),
        path_name: group_path(&group),
        upcoming: upcoming.iter().map(|d| EventItem::new(&ctx, d)).collect(),
        past: past.iter().map(|d| EventItem::new(&ctx, d)).collect(),
        can_create,
        ctx: &ctx,
    })
}

#[cfg(test)]
mod tests {
    use super::origin;

    #[test]
    fn events_of_other_nodes_say_where_they_live() {
        assert_eq!(origin(true, "https://a.example/events/1"), None);
        assert_eq!(
            origin(false, "https://b.example/events/9").as_deref(),
            Some("b.example")
        );
        assert_eq!(
            origin(false, "http://localhost:8002/events/9").as_deref(),
            Some("localhost:8002")
        );
    }
}
