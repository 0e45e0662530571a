//! Events: publishing and changing them, registering and leaving, organizers' answers and
//! attendee list (JSON or CSV).

use axum::{
    extract::{Path, Query},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    csv::field,
    extract::{ApiJson, CurrentUser},
    views::time,
};
use crate::{
    domain::event::{Category, JoinMode, Recurrence, Status},
    error::{AppError, AppResult},
    federation::{resolve, FedData},
    service::{
        self,
        events::{EventDetails, EventInput, RegistrationOutcome},
        Origin,
    },
    storage::{events::AttendeeRow, now_millis},
};

/// The time zone events use when the request names none: most of our cooperatives are in it.
const DEFAULT_TIME_ZONE: &str = "Europe/Paris";

#[derive(Deserialize, ToSchema)]
pub struct EventRequest {
    pub title: String,
    /// Markdown.
    pub description: String,
    /// `assembly`, `drop_in`, `training`, `meetup`, `coworking` or `other` (default).
    pub category: Option<String>,
    /// RFC 3339, with its offset.
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    /// IANA time zone the event is thought in (default Europe/Paris): calendars show it.
    pub timezone: Option<String>,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    /// The video call; shown to accepted participants only.
    pub online_url: Option<String>,
    /// Seats; none for no limit.
    pub capacity: Option<u32>,
    /// `open` (default), `approval` or `invitation`.
    pub join_mode: Option<String>,
    /// Only the group's members may register (default false).
    #[serde(default)]
    pub members_only: bool,
    pub registration_deadline: Option<DateTime<FixedOffset>>,
    /// `confirmed` (default), `tentative`, `cancelled` or `postponed`.
    pub status: Option<String>,
    /// `{"frequency": "weekly", "interval": 1, "until": null}`.
    #[schema(value_type = Option<Object>)]
    pub recurrence: Option<RecurrenceRequest>,
    pub contact: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct RecurrenceRequest {
    /// `daily`, `weekly` or `monthly`.
    pub frequency: String,
    pub interval: Option<u32>,
    pub until: Option<DateTime<FixedOffset>>,
}

fn word<T>(
    raw: Option<&str>,
    default: T,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> AppResult<T> {
    match raw {
        None => Ok(default),
        Some(raw) => parse(raw).ok_or_else(|| {
            AppError::BadRequest("invalid_field", format!("{raw:?} is not a valid {what}"))
        }),
    }
}

impl EventRequest {
    fn into_input(self) -> AppResult<EventInput> {
        let recurrence = match self.recurrence {
            None => None,
            Some(r) => Some(Recurrence {
                frequency: word(
                    Some(&r.frequency),
                    crate::domain::event::Frequency::Weekly,
                    crate::domain::event::Frequency::parse,
                    "frequency",
                )?,
                interval: r.interval.unwrap_or(1),
                until: r.until.map(|u| u.timestamp_millis()),
            }),
        };
        Ok(EventInput {
            category: word(
                self.category.as_deref(),
                Category::Other,
                Category::parse,
                "category",
            )?,
            join_mode: word(
                self.join_mode.as_deref(),
                JoinMode::Open,
                JoinMode::parse,
                "join mode",
            )?,
            status: word(
                self.status.as_deref(),
                Status::Confirmed,
                Status::parse,
                "status",
            )?,
            title: self.title,
            description: self.description,
            starts_at: self.starts_at.timestamp_millis(),
            ends_at: self.ends_at.timestamp_millis(),
            timezone: self.timezone.unwrap_or_else(|| DEFAULT_TIME_ZONE.into()),
            place_name: self.place_name,
            place_address: self.place_address,
            online_url: self.online_url,
            capacity: self.capacity,
            members_only: self.members_only,
            registration_deadline: self.registration_deadline.map(|d| d.timestamp_millis()),
            recurrence,
            contact: self.contact,
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    pub url: String,
    /// False for the copy of another server's event: registrations go to that server.
    pub local: bool,
    pub group: String,
    pub title: String,
    /// Sanitized HTML.
    pub description: String,
    pub category: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub timezone: String,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    /// Whether the event has an online link (given in `online_url` to accepted participants).
    pub online: bool,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub seats_left: Option<i64>,
    pub join_mode: String,
    pub members_only: bool,
    pub registration_deadline: Option<DateTime<Utc>>,
    pub status: String,
    #[schema(value_type = Option<Object>)]
    pub recurrence: Option<serde_json::Value>,
    pub contact: Option<String>,
    pub organizers: Vec<String>,
    pub participants: i64,
    pub pending: i64,
    pub waitlisted: i64,
    /// The logged-in person's registration: `accepted`, `pending`, `waitlisted`, `rejected`.
    pub your_registration: Option<String>,
    pub you_organize: bool,
    /// The event in a calendar (iCalendar).
    pub ics: String,
}

impl EventView {
    pub fn new(data: &FedData, d: &EventDetails) -> EventView {
        let e = &d.event;
        EventView {
            id: e.id,
            url: e.ap_id.clone(),
            local: e.local,
            group: d.group.acct(),
            title: e.title.clone(),
            description: e.description.clone(),
            category: e.category.clone(),
            starts_at: time(e.starts_at),
            ends_at: time(e.ends_at),
            timezone: e.timezone.clone(),
            place_name: e.place_name.clone(),
            place_address: e.place_address.clone(),
            online: e.online_url.is_some(),
            online_url: d.online_url_for_viewer().map(str::to_owned),
            capacity: e.capacity,
            seats_left: d.seats_left(),
            join_mode: e.join_mode.clone(),
            members_only: e.members_only,
            registration_deadline: e.registration_deadline.and_then(time),
            status: e.status.clone(),
            recurrence: e
                .recurrence
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok()),
            contact: e.contact.clone(),
            organizers: d.organizers.clone(),
            participants: d.accepted,
            pending: d.pending,
            waitlisted: d.waitlisted,
            your_registration: d.your_registration.as_ref().map(|r| r.state.clone()),
            you_organize: d.is_organizer,
            ics: data
                .urls
                .base()
                .join(&format!("/events/{}.ics", e.id))
                .map(|u| u.to_string())
                .unwrap_or_default(),
        }
    }
}

async fn view(data: &FedData, id: i64, viewer: Option<&CurrentUser>) -> AppResult<EventView> {
    let details = service::events::event_details(data, id, viewer.map(|u| &u.actor)).await?;
    Ok(EventView::new(data, &details))
}

#[utoipa::path(post, path = "/api/v1/groups/{group}/events", tag = "events", security(("bearer" = [])),
    params(("group" = String, Path)), request_body = EventRequest,
    responses((status = 201, body = EventView), (status = 403, description = "moderators only", body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_event(
    data: FedData,
    user: CurrentUser,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<EventRequest>,
) -> AppResult<(StatusCode, Json<EventView>)> {
    let group = resolve::known_group(&data, &group).await?;
    let event =
        service::events::create_event(&data, &user.actor, &group, body.into_input()?).await?;
    Ok((
        StatusCode::CREATED,
        Json(view(&data, event.id, Some(&user)).await?),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Include events that ended after this time (default: now, so upcoming and ongoing).
    pub from: Option<DateTime<FixedOffset>>,
}

#[utoipa::path(get, path = "/api/v1/groups/{group}/events", tag = "events",
    params(("group" = String, Path), ListQuery),
    responses((status = 200, body = [EventView])))]
pub async fn list_events(
    data: FedData,
    user: Option<CurrentUser>,
    Path(group): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Json<Vec<EventView>>> {
    let group = resolve::known_group(&data, &group).await?;
    let from = query
        .from
        .map(|f| f.timestamp_millis())
        .unwrap_or_else(now_millis);
    let viewer = user.as_ref().map(|u| &u.actor);
    let events = service::events::group_event_details(&data, &group, from, viewer).await?;
    Ok(Json(
        events.iter().map(|d| EventView::new(&data, d)).collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = EventView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_event(
    data: FedData,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> AppResult<Json<EventView>> {
    Ok(Json(view(&data, id, user.as_ref()).await?))
}

#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = EventRequest,
    responses((status = 200, body = EventView), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_event(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EventRequest>,
) -> AppResult<Json<EventView>> {
    service::events::update_event(&data, &user.actor, id, body.into_input()?).await?;
    Ok(Json(view(&data, id, Some(&user)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct RegistrationRequest {
    /// A word for the organizers (optional).
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/registrations", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = RegistrationRequest,
    responses((status = 201, description = "registered: accepted, pending or waitlisted", body = RegistrationOutcome),
        (status = 200, description = "already registered: nothing changed", body = RegistrationOutcome),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn register(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> AppResult<(StatusCode, Json<RegistrationOutcome>)> {
    // The body is optional: an empty POST registers without a note.
    let request: RegistrationRequest = if body.iter().all(u8::is_ascii_whitespace) {
        RegistrationRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            AppError::BadRequest("invalid_json", format!("the body is not valid JSON: {e}"))
        })?
    };
    let note = request.note;
    let outcome =
        service::events::register(&data, &user.actor, id, note.as_deref(), Origin::Local, None)
            .await?
            .ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("a local registration was a duplicate"))
            })?;
    let status = if outcome.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(outcome)))
}

#[utoipa::path(delete, path = "/api/v1/events/{id}/registrations/me", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "not registered any more (also when one never was)"),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn leave(data: FedData, user: CurrentUser, Path(id): Path<i64>) -> AppResult<StatusCode> {
    service::events::leave(&data, &user.actor, id, Origin::Local).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct AttendeeView {
    pub handle: String,
    pub url: String,
    pub name: String,
    /// `accepted`, `pending`, `waitlisted` or `rejected`.
    pub state: String,
    pub note: Option<String>,
    pub registered_at: Option<DateTime<Utc>>,
}

impl AttendeeView {
    pub fn new(row: &AttendeeRow) -> AttendeeView {
        AttendeeView {
            handle: format!("{}@{}", row.username, row.domain),
            url: row.ap_id.clone(),
            name: row
                .display_name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| row.username.clone()),
            state: row.state.clone(),
            note: row.note.clone(),
            registered_at: time(row.created_at),
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FormatQuery {
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/events/{id}/attendees", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path), FormatQuery),
    responses((status = 200, description = "seats first, then pending, the waitlist in order, refused; CSV with format=csv", body = [AttendeeView]),
        (status = 403, description = "organizers only", body = crate::error::ErrorBody)))]
pub async fn attendees(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<FormatQuery>,
) -> AppResult<Response> {
    let rows = service::events::attendees(&data, &user.actor, id).await?;
    let views: Vec<AttendeeView> = rows.iter().map(AttendeeView::new).collect();
    match query.format.as_deref() {
        None | Some("json") => Ok(Json(views).into_response()),
        Some("csv") => Ok(attendees_csv(&views)),
        Some(_) => Err(AppError::BadRequest(
            "invalid_format",
            "format is json or csv".into(),
        )),
    }
}

/// The attendee list as a CSV download (the API's `format=csv` and the organizers' page).
pub fn attendees_csv(views: &[AttendeeView]) -> Response {
    let mut out = String::from("handle,name,state,registered_at,note\n");
    for v in views {
        let at = v.registered_at.map(|t| t.to_rfc3339()).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            field(&v.handle),
            field(&v.name),
            field(&v.state),
            field(&at),
            field(v.note.as_deref().unwrap_or_default())
        ));
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"attendees.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionRequest {
    /// The participant's handle (`name@domain`, or `name` for a local person) or actor URL.
    pub participant: String,
    /// `accept` or `reject`.
    pub decision: String,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/attendees", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = DecisionRequest,
    responses((status = 200, description = "the registration's new state", body = AttendeeView),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn decide(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DecisionRequest>,
) -> AppResult<Json<AttendeeView>> {
    let accept = match body.decision.as_str() {
        "accept" => true,
        "reject" => false,
        _ => return Err(AppError::bad_request("decision is accept or reject")),
    };
    let participant = resolve::person(&data, &body.participant).await?;
    service::events::decide(&data, &user.actor, id, &participant, accept).await?;
    let rows = service::events::attendees(&data, &user.actor, id).await?;
    rows.iter()
        .find(|r| r.actor_id == participant.id)
        .map(|r| Json(AttendeeView::new(r)))
        .ok_or_else(|| AppError::not_found("the registration is gone"))
}

#[derive(Deserialize, ToSchema)]
pub struct InvitationRequest {
    /// The invitee's handle or actor URL.
    pub invitee: String,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/invitations", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = InvitationRequest,
    responses((status = 204, description = "invited (again: nothing changes)"),
        (status = 403, body = crate::error::ErrorBody)))]
pub async fn invite(
    data: FedData,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<InvitationRequest>,
) -> AppResult<StatusCode> {
    let invitee = resolve::person(&data, &body.invitee).await?;
    service::events::invite(&data, &user.actor, id, &invitee).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/events", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "the events you registered for that have not ended", body = [EventView])))]
pub async fn my_events(data: FedData, user: CurrentUser) -> AppResult<Json<Vec<EventView>>> {
    let events = service::events::my_events(&data, &user.actor, now_millis()).await?;
    Ok(Json(
        events.iter().map(|d| EventView::new(&data, d)).collect(),
    ))
}
